"""Taking invoice files out of a mail: attachments, inline PDFs, logos left out, rules, HTML to PDF."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

import pytest

from guichet.connectors.imap.mail_parts import decide, html_to_pdf, kind_of, parse_mail, parse_rules


def _mail(**kw) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = kw.get("sender", "Compta <compta@fournisseur.test>")
    msg["To"] = kw.get("to", "factures@client.test")
    msg["Subject"] = kw.get("subject", "Facture 42")
    msg["Message-ID"] = "<42@fournisseur.test>"
    msg.set_content("Bonjour")
    if kw.get("html"):
        msg.add_alternative(kw["html"], subtype="html")
        if kw.get("logo"):
            msg.get_payload()[1].add_related(kw["logo"], maintype="image", subtype="png", cid="<logo@x>")
    for name, data, ctype in kw.get("files", []):
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def test_attachments_are_taken_and_the_body_logo_is_not():
    raw = _mail(html='<p>Voir PJ</p><img src="cid:logo@x">', logo=b"\x89PNG\r\n\x1a\nlogo",
                files=[("f.pdf", b"%PDF-1.7 x", "application/pdf"), ("f.xml", b"<?xml version='1.0'?><a/>", "text/xml"),
                       ("lot.zip", b"PK\x03\x04", "application/zip")])
    mail = parse_mail(raw)
    assert [(f.filename, f.kind) for f in mail.files] == [("f.pdf", "pdf"), ("f.xml", "xml"), ("lot.zip", "other")]
    assert mail.sender == "compta@fournisseur.test" and mail.recipients == ["factures@client.test"]
    assert mail.message_id == "<42@fournisseur.test>"


def test_kind_comes_from_the_bytes_before_the_declared_type():
    assert kind_of("application/octet-stream", "scan.bin", b"%PDF-1.4") == "pdf"
    assert kind_of("image/jpeg", "photo.jpg", b"\xff\xd8\xff") == "image"
    assert kind_of("application/pdf", "faux.pdf", b"not a pdf") == "pdf"  # refused later with a reason
    assert kind_of("application/msword", "a.doc", b"\xd0\xcf") == "other"


def test_rules_first_match_wins_in_french_or_english():
    mail = parse_mail(_mail(sender="promo@pub.test", subject="Facture promo",
                            files=[("p.png", b"\x89PNG\r\n\x1a\n", "image/png")]))
    assert decide(parse_rules("ignorer de:*@pub.test\naccepter objet:facture"), mail) == "ignore"
    assert decide(parse_rules("accept subject:facture\nignore from:*@pub.test"), mail) == "accept"
    assert decide(parse_rules("ignorer pj:image"), mail) == "ignore"
    assert decide(parse_rules("# rien\n"), mail, default="ignore") == "ignore"
    with pytest.raises(ValueError, match="règle 2 illisible"):
        parse_rules("accepter objet:facture\nsupprimer tout")


def test_html_body_renders_without_touching_the_network():
    mail = parse_mail(_mail(html='<h1>Facture 42</h1><img src="http://127.0.0.1:9/pixel.gif">'
                                 '<link rel="stylesheet" href="https://cdn.invalid/x.css">'))
    pdf = html_to_pdf(mail)
    assert pdf.startswith(b"%PDF-")
    assert html_to_pdf(mail) == pdf  # deterministic: the same mail twice is the same document
