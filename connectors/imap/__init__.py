"""Mail intake over IMAP: one mailbox per company, or one catch-all routed by recipient.

Each new mail (by UID, and by Message-ID across UIDVALIDITY changes) is read once:
its PDF/XML/image attachments and inline PDFs become documents; a mail without
any attachment but with an HTML body (an invoice written as the mail) is turned
into a PDF with WeasyPrint. A delivery status notification (a bounce of an invoice
e-mail Guichet sent, RFC 3464) is handed over whole, marked ``delivery_status``: the
runner puts its delivery "en erreur" (core/sales/bounces.py) instead of taking it in. The whole mail is kept: its .eml is stored as a blob
and named in each document's ``document.received`` event (``mail_blob``). Once the
files are stored, the mail is moved to a folder or flagged (``post_action``); a
mail that the rules ignore is left untouched in the mailbox.
"""

from __future__ import annotations

import contextlib

import ssl
from typing import TYPE_CHECKING, Any

from guichet.connectors.imap.mail_parts import KINDS, Mail, decide, html_to_pdf, parse_mail, parse_rules
from guichet.core import hookimpl
from guichet.core.connectors import IncomingFile, SettingField
from guichet.core.errors import ConnectorError
from guichet.core.model.states import Channel
from guichet.core.sales import bounces

if TYPE_CHECKING:
    from collections.abc import Iterator

    from imapclient import IMAPClient

#: Message-IDs remembered in the cursor (the most recent ones).
REMEMBER_IDS = 5000
#: IMAP keyword set on processed mails when ``post_action`` is ``flag``.
KEYWORD = "GuichetRecu"


class ImapConnector:
    """Polls one IMAP folder; stateless: server, account and cursor come in as arguments."""

    id = "imap"
    label = "Courriel (IMAP)"
    version = "1.0"
    channel = Channel.EMAIL
    directions = frozenset({"inbound"})
    settings_fields = (
        SettingField("host", "Serveur IMAP", required=True),
        SettingField("port", "Port", kind="int", default=993),
        SettingField("security", "Sécurité", kind="choice", default="ssl",
                     help="SSL : port 993 ; STARTTLS : port 143 ; aucune : réseau local de confiance seulement",
                     choices=(("ssl", "SSL/TLS (port 993)"), ("starttls", "STARTTLS (port 143)"),
                              ("none", "Aucune (réseau local de confiance)"))),
        SettingField("username", "Identifiant", required=True),
        SettingField("password", "Mot de passe", kind="password", required=True, secret=True),
        SettingField("folder", "Dossier relevé", default="INBOX"),
        SettingField("post_action", "Après lecture", kind="choice", default="move",
                     choices=(("move", "Déplacer dans le dossier des courriels traités"),
                              ("flag", "Marquer lu et étiqueter"))),
        SettingField("processed_folder", "Dossier des courriels traités", default="Guichet-Traités"),
        SettingField("attachment_types", "Pièces jointes prises", default="pdf,xml,image,other",
                     help="pdf, xml, image, other (les autres types sont reçus puis refusés avec un motif)"),
        SettingField("convert_html", "Convertir en PDF le corps HTML d'un courriel sans pièce jointe",
                     kind="bool", default=True),
        SettingField("rules", "Règles (une par ligne, la première qui s'applique décide)", kind="text",
                     default="", help="ex. « ignorer de:*@newsletter.fr », « accepter objet:facture », "
                                      "« ignorer pj:image »"),
        SettingField("default_action", "Action sans règle applicable", kind="choice", default="accept",
                     choices=(("accept", "Prendre les pièces jointes"), ("ignore", "Ignorer le courriel"))),
        SettingField("ca_file", "Autorité de certification (fichier PEM, facultatif)", kind="file", default=""),
        SettingField("read_bounces", "Lire les avis de non-remise des factures envoyées par courriel",
                     kind="bool", default=True,
                     help="un avis (DSN) met l'envoi de la facture « en erreur » et le canal suivant prend le relais"),
    )

    def check(self, settings: dict[str, Any]) -> list[str]:
        """Missing fields and unreadable rules, in French."""
        problems = [f"« {f.label} » est obligatoire" for f in self.settings_fields
                    if f.required and not settings.get(f.name)]
        if settings.get("security", "ssl") not in ("ssl", "starttls", "none"):
            problems.append("« Sécurité » doit valoir ssl, starttls ou none")
        if settings.get("post_action", "move") not in ("move", "flag"):
            problems.append("« Après lecture » doit valoir move ou flag")
        unknown = _kinds(settings) - set(KINDS)
        if unknown:
            problems.append(f"types de pièces jointes inconnus : {', '.join(sorted(unknown))}")
        try:
            parse_rules(settings.get("rules"))
        except ValueError as exc:
            problems.append(str(exc))
        return problems

    def test_connection(self, settings: dict[str, Any]) -> str:
        """Log in, open the folder and log out: a French sentence, or ``ConnectorError`` with the reason."""
        problems = self.check(settings)
        if problems:
            raise ConnectorError("; ".join(problems))
        client = _connect(settings)
        try:
            folder = settings.get("folder") or "INBOX"
            info = client.select_folder(folder, readonly=True)
            count = int(info.get(b"EXISTS", 0))
        except Exception as exc:
            msg = f"connexion réussie, mais le dossier « {settings.get('folder') or 'INBOX'} » est inaccessible : {exc}"
            raise ConnectorError(msg) from exc
        finally:
            with contextlib.suppress(Exception):
                client.logout()
        return f"Connexion réussie : {count} courriel(s) dans « {folder} »."

    def fetch(self, settings: dict[str, Any], cursor: dict[str, Any]) -> Iterator[IncomingFile]:
        """Yield the files of every new mail, then move or flag the mail (see module doc)."""
        problems = self.check(settings)
        if problems:
            raise ConnectorError("; ".join(problems))
        rules = parse_rules(settings.get("rules"))
        client = _connect(settings)
        try:
            folder = settings.get("folder") or "INBOX"
            info = client.select_folder(folder)
            validity = int(info.get(b"UIDVALIDITY", 0))
            if cursor.get("uidvalidity") != validity:
                cursor["uidvalidity"], cursor["last_uid"] = validity, 0
            last = int(cursor.get("last_uid", 0))
            seen_ids: list[str] = list(cursor.get("message_ids", []))
            uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
            if settings.get("post_action") == "flag":
                flagged = set(client.search(["KEYWORD", KEYWORD])) if uids else set()
                uids = [u for u in uids if u not in flagged]
            for uid in uids:
                raw = client.fetch([uid], [b"BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]")
                if raw is None:  # expunged meanwhile
                    continue
                if settings.get("read_bounces", True) and bounces.is_report(raw):
                    yield IncomingFile(raw, "avis-de-non-remise.eml", "message/rfc822",
                                       {"delivery_status": True, "imap_uid": uid})
                    _post_action(client, settings, uid)
                    cursor["last_uid"] = uid
                    continue
                mail = parse_mail(raw)
                if decide(rules, mail, settings.get("default_action") or "accept") != "ignore":
                    yield from _mail_files(settings, mail, raw, uid, seen_before=mail.message_id in seen_ids)
                    # Reached only once every file of the mail is stored: safe to move it away.
                    _post_action(client, settings, uid)
                mail_id = mail.message_id
                if mail_id and mail_id not in seen_ids:
                    seen_ids.append(mail_id)
                cursor["last_uid"] = uid
                cursor["message_ids"] = seen_ids[-REMEMBER_IDS:]
        finally:
            try:
                client.logout()
            except Exception:  # noqa: BLE001, S110 - the connection is going away anyway
                pass


def _kinds(settings: dict[str, Any]) -> set[str]:
    return {k.strip() for k in str(settings.get("attachment_types") or "").split(",") if k.strip()}


def _mail_files(settings: dict[str, Any], mail: Mail, raw: bytes, uid: int, *,
                seen_before: bool) -> Iterator[IncomingFile]:
    """The files of an accepted mail; a mail without any keeps its place in the processed folder.

    A mail seen before (same Message-ID, delivered again) yields the same files:
    intake finds the same bytes and records a second arrival instead of a document.
    """
    context = {
        "mail_seen_before": seen_before,
        "mail_from": mail.sender, "mail_to": mail.recipients, "subject": mail.subject,
        "message_id": mail.message_id, "mail_date": mail.date, "imap_uid": uid,
        "mail_blob": raw,  # stored as a blob by the runner, replaced by its key
        "route": mail.recipients,
    }
    wanted = _kinds(settings)
    files = [f for f in mail.files if f.kind in wanted]
    for item in files:
        yield IncomingFile(item.data, item.filename, item.content_type, dict(context))
    if not files and not mail.files and mail.html and settings.get("convert_html", True):
        pdf = html_to_pdf(mail)
        yield IncomingFile(pdf, _pdf_name(mail.subject), "application/pdf",
                           {**context, "converted_from": "html_body"})


def _pdf_name(subject: str) -> str:
    base = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in subject).strip()[:80]
    return f"{base or 'courriel'}.pdf"


def _connect(settings: dict[str, Any]) -> IMAPClient:
    from imapclient import IMAPClient

    security = settings.get("security") or "ssl"
    context = None
    if security != "none":
        context = ssl.create_default_context(cafile=settings.get("ca_file") or None)
    try:
        client = IMAPClient(settings["host"], port=int(settings.get("port") or 993),
                            ssl=security == "ssl", ssl_context=context, timeout=60)
        if security == "starttls":
            client.starttls(context)
        client.login(settings["username"], settings["password"])
    except (OSError, ssl.SSLError) as exc:
        msg = f"connexion IMAP impossible à {settings['host']}:{settings.get('port')} : {exc}"
        raise ConnectorError(msg) from exc
    except Exception as exc:
        if type(exc).__name__ == "LoginError":
            msg = f"identifiant ou mot de passe IMAP refusé pour {settings['username']}"
            raise ConnectorError(msg) from exc
        raise
    return client


def _post_action(client: IMAPClient, settings: dict[str, Any], uid: int) -> None:
    if settings.get("post_action") == "flag":
        client.add_flags([uid], [b"\\Seen", KEYWORD.encode()])
        return
    target = settings.get("processed_folder") or "Guichet-Traités"
    if not client.folder_exists(target):
        client.create_folder(target)
    if client.has_capability("MOVE"):
        client.move([uid], target)
    else:
        client.copy([uid], target)
        client.delete_messages([uid])
        client.expunge([uid]) if client.has_capability("UIDPLUS") else client.expunge()


@hookimpl
def register_connectors() -> list[type]:
    """The IMAP mail connector."""
    return [ImapConnector]
