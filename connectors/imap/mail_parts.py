"""Take the invoice files out of a mail: attachments, inline PDFs, or the HTML body as a PDF.

Pure functions over the mail's bytes (no network, no database), used by the IMAP
connector and reusable by any other mail source.
"""

from __future__ import annotations

import email
import email.policy
import fnmatch
import re
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import EmailMessage

#: Kinds of attachment a mailbox can be told to take (setting ``attachment_types``).
KINDS = ("pdf", "xml", "image", "other")
ACTIONS = {"accept": "accept", "accepter": "accept", "ignore": "ignore", "ignorer": "ignore"}
RULE_FIELDS = {"from", "de", "subject", "objet", "attachment", "pj", "to", "a"}
_RULE = re.compile(r"^\s*(\w+)\s+(\w+)\s*:\s*(.+?)\s*$")


@dataclass
class MailFile:
    """A file found in a mail."""

    filename: str
    data: bytes
    content_type: str
    kind: str  # pdf | xml | image | other


@dataclass
class Rule:
    """One line of a mailbox's ordered rules: ``accept|ignore from|subject|attachment:pattern``."""

    action: str
    field: str
    pattern: str


@dataclass
class Mail:
    """What the connector needs to know of a mail."""

    message_id: str
    sender: str
    recipients: list[str]
    subject: str
    date: str
    files: list[MailFile] = field(default_factory=list)
    html: str | None = None
    inline_parts: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # Content-ID -> (data, type)


def parse_rules(text: str | None) -> list[Rule]:
    """Parse the rules, one per line (``#`` starts a comment); raise ValueError with the bad line."""
    rules = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _RULE.match(line)
        if not match or match.group(1).lower() not in ACTIONS or match.group(2).lower() not in RULE_FIELDS:
            msg = (f"règle {number} illisible : « {raw.strip()} » (attendu : accepter|ignorer "
                   "de|objet|pj|a:motif)")
            raise ValueError(msg)
        fld = {"de": "from", "objet": "subject", "pj": "attachment", "a": "to"}.get(
            match.group(2).lower(), match.group(2).lower())
        rules.append(Rule(ACTIONS[match.group(1).lower()], fld, match.group(3).lower()))
    return rules


def decide(rules: list[Rule], mail: Mail, default: str = "accept") -> str:
    """The action of the first rule that matches ``mail`` (patterns are shell globs, case-insensitive)."""
    for rule in rules:
        if rule.field == "from":
            values = [mail.sender]
        elif rule.field == "to":
            values = mail.recipients
        elif rule.field == "subject":
            values = [mail.subject]
        else:
            values = [f.kind for f in mail.files] + [f.filename for f in mail.files]
        pattern = rule.pattern if any(ch in rule.pattern for ch in "*?[") else f"*{rule.pattern}*"
        if any(fnmatch.fnmatchcase((v or "").lower(), pattern) for v in values):
            return rule.action
    return default


def kind_of(content_type: str, filename: str, data: bytes) -> str:
    """pdf, xml, image or other, from the bytes first, then the declared type and name."""
    name = filename.lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if content_type.startswith("image/") or name.endswith((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic")):
        return "image"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and (content_type.endswith("xml") or name.endswith(".xml") or head.startswith(b"<?xml")):
        return "xml"
    if content_type == "application/pdf" or name.endswith(".pdf"):
        return "pdf"  # declared PDF that is not one: intake rejects it with a reason
    return "other"


def parse_mail(raw: bytes) -> Mail:
    """Read a mail: headers, attachments and inline PDFs, HTML body, inline images by Content-ID."""
    msg: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[assignment]
    recipients = [addr for _name, addr in getaddresses(
        [str(v) for h in ("Delivered-To", "X-Original-To", "To", "Cc") for v in msg.get_all(h, [])]) if addr]
    mail = Mail(
        message_id=str(msg.get("Message-ID", "")).strip(),
        sender=parseaddr(str(msg.get("From", "")))[1].lower(),
        recipients=list(dict.fromkeys(a.lower() for a in recipients)),
        subject=str(msg.get("Subject", "")),
        date=str(msg.get("Date", "")),
    )
    referenced: set[str] = set()
    html_part = msg.get_body(preferencelist=("html",))
    if html_part is not None:
        mail.html = html_part.get_content()
        referenced = {m.lower() for m in re.findall(r"cid:([^\"'\s)>]+)", mail.html, re.I)}
    for part in msg.walk():
        if part.is_multipart() or part is html_part:
            continue
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        filename = part.get_filename() or ""
        payload = part.get_payload(decode=True) or b""
        cid = str(part.get("Content-ID", "")).strip("<> ").lower()
        if cid:
            mail.inline_parts[cid] = (payload, ctype)
        if disposition is None and not filename and ctype in ("text/plain", "text/html"):
            continue  # a body part
        kind = kind_of(ctype, filename, payload)
        if kind == "image" and (cid in referenced or (disposition == "inline" and not filename)):
            continue  # a logo or signature picture shown in the body
        if ctype.startswith("text/") and kind == "other" and disposition != "attachment":
            continue
        if ctype == "message/rfc822":
            kind = "other"
        mail.files.append(MailFile(filename or f"piece-jointe.{ctype.split('/')[-1]}", payload, ctype, kind))
    return mail


def html_to_pdf(mail: Mail) -> bytes:
    """Render the mail's HTML body to PDF with WeasyPrint, with no network access.

    Only ``cid:`` images of the mail itself are loaded; every other URL is refused,
    so a mail cannot make the server fetch anything (tracking pixels, SSRF).
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MailOnlyFetcher(URLFetcher):
        """Serves the mail's own ``cid:`` parts; refuses everything else."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            """A ``cid:`` part of the mail, or a refusal."""
            if url.lower().startswith("cid:"):
                found = mail.inline_parts.get(url[4:].strip("<>/").lower())
                if found:
                    return URLFetcherResponse(url, body=found[0], headers={"Content-Type": found[1]})
            msg = f"ressource externe refusée : {url[:80]}"
            raise ValueError(msg)

    header = (f"<p style='font:9pt sans-serif;color:#555'>Courriel de {_esc(mail.sender)} — "
              f"{_esc(mail.subject)} — {_esc(mail.date)}</p><hr>")
    html = mail.html or ""
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + header, html, count=1, flags=re.I)
    if body == html:
        body = header + html
    return HTML(string=body, url_fetcher=MailOnlyFetcher()).write_pdf()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
