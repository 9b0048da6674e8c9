"""The e-mail channel: a sales invoice mailed to its customer, the sealed Factur-X attached, with a payment link.

Sent through the instance's relay (core/ops/mail.py: STARTTLS required, authentication,
certificates verified). Per company (``Company.settings["distribution"]``, edited by the
firm): ``email_subject`` and ``email_text`` (``string.Template`` placeholders ``$numero``,
``$date``, ``$montant``, ``$echeance``, ``$entreprise``, ``$client``, ``$paiement``),
``sender_name`` (the name shown before the relay's address), ``reply_to`` and ``logo``
(core/sales/company_logo.py: with a logo, the message also has an HTML part showing it at the
top, inline as ``cid:``, the text unchanged below it).
``string.Template`` rather than ``str.format``: a company's text cannot reach attributes.

The message's Message-ID is derived from the delivery, so that a receiving system sees a
resend (after a crash between the relay's acceptance and the commit) as the same message.
A relay that cannot be reached → :class:`ChannelUnavailable` (retried with back-off); a
recipient refused → :class:`DeliveryRefused` (the next channel is tried). After sending, the
``distribute`` run waits ``[distribution] bounce_window`` seconds for a bounce (a DSN read by
core/sales/bounces.py makes the next channel take over), then ends.
"""

from __future__ import annotations

import html
import re
import string
from email.utils import formataddr, make_msgid, parseaddr
from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.model.models import db
from guichet.core.model.payment_models import OpenItem
from guichet.core.model.sales_models import DeliveryState
from guichet.core.formatting import date_fr, money
from guichet.core.ops import mail
from guichet.core.sales import company_logo, payment_links, reminders
from guichet.core.sales.channels import ChannelUnavailable, DeliveryChannel, DeliveryJob, DeliveryRefused, Handed

if TYPE_CHECKING:
    from email.message import EmailMessage

    from guichet.core.model.models import Company
    from guichet.core.model.sales_models import Customer
    from guichet.core.ops.runtime import Runtime
    from guichet.core.sales.reminders import Notice

SUBJECT = "Facture $numero — $entreprise"
#: Seconds the run waits after sending for a bounce (core/sales/bounces.py) before it ends.
BOUNCE_WINDOW = 2 * 86400
TEXT = """Bonjour,

Veuillez trouver ci-joint la facture $numero du $date d'un montant de $montant, à régler au plus tard le $echeance.

$paiement

Cordialement,
$entreprise
"""


class EmailChannel(DeliveryChannel):
    """Courriel avec la facture jointe et un lien de paiement."""

    id = "email"
    label = "Courriel"
    order = 30

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """An e-mail address, and a relay configured on the instance."""
        lacks = [] if customer.emails else ["adresse e-mail"]
        if not mail.configured(rt.settings):
            lacks.append("serveur d'envoi des courriels (section [mail] de l'instance)")
        return lacks

    def message(self, rt: Runtime, job: DeliveryJob) -> tuple[object, str | None]:
        """The message of ``job`` and the payment link it carries (None without ``[web] public_url``)."""
        settings = rt.settings
        company = job.company
        conf = (company.settings or {}).get("distribution") or {}
        item = OpenItem.get_or_none(OpenItem.document == job.document.id)
        with db.atomic():
            token = payment_links.create(settings, job.document)
        link = payment_links.url(settings, token)
        invoice = job.invoice
        currency = invoice.currency or "EUR"
        due = item.outstanding if item else (invoice.totals.amount_due or invoice.totals.tax_inclusive)
        if link:
            paying = f"Pour la régler par virement ou par carte bancaire, rendez-vous sur :\n{link}"
        elif item and item.reference:
            paying = f"Merci d'indiquer la référence {item.reference} dans le libellé de votre virement."
        else:
            paying = ""
        values = {"numero": invoice.number or "", "date": date_fr(invoice.issue_date), "montant": money(due, currency),
                  "echeance": date_fr(item.due_date if item else invoice.due_date), "entreprise": company.name,
                  "client": job.customer.name, "paiement": paying}
        subject = string.Template(conf.get("email_subject") or SUBJECT).safe_substitute(values)
        text = string.Template(conf.get("email_text") or TEXT).safe_substitute(values)
        relay_sender = settings.get("mail.sender") or ""
        sender = formataddr((conf.get("sender_name") or company.name, parseaddr(relay_sender)[1]))
        message = mail.new_message(settings, to=", ".join(job.customer.emails), subject=" ".join(subject.split()),
                                   text=text, reply_to=conf.get("reply_to") or None, sender=sender)
        domain = parseaddr(relay_sender)[1].rpartition("@")[2] or "guichet.invalid"
        _add_logo(rt, message, text, company, domain)
        del message["Message-ID"]
        message["Message-ID"] = f"<facture.{job.delivery.id}.{job.document.sha256[:16]}@{domain}>"
        message.add_attachment(job.sealed_pdf(rt), maintype="application", subtype="pdf",
                               filename=f"{job.filename}.pdf")
        return message, link

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """Hand the message to the relay."""
        message, link = self.message(rt, job)
        _relay(rt, message)
        window = int(rt.settings.get("distribution.bounce_window", BOUNCE_WINDOW) or 0)
        return Handed(DeliveryState.SENT, external_id=message["Message-ID"],
                      data={"to": list(job.customer.emails), "link": bool(link)}, recheck_after=window or None)

    def poll(self, rt: Runtime, job: DeliveryJob) -> Handed | None:
        """The bounce window is over without a bounce: the delivery stays as it is, the run ends."""
        return Handed(job.delivery.state, reason=job.delivery.reason)

    def can_remind(self, rt: Runtime, customer: Customer | None) -> bool:
        """A customer with an e-mail address, on an instance with a relay."""
        return customer is not None and bool(customer.emails) and mail.configured(rt.settings)

    def remind(self, rt: Runtime, job: DeliveryJob, notice: Notice) -> None:
        """Mail a reminder: what is due, the penalties and the indemnity after the due date, a new payment link."""
        settings = rt.settings
        company = job.company
        conf = (company.settings or {}).get("distribution") or {}
        with db.atomic():
            link = payment_links.url(settings, payment_links.create(settings, job.document))
        item = OpenItem.get_or_none(OpenItem.document == job.document.id)
        number = job.invoice.number or str(job.document.id)
        subject, lines = reminders.wording(notice, number, company.name, link=link,
                                           reference=item.reference if item else None)
        text = "Bonjour,\n\n" + "\n\n".join(lines) + f"\n\nCordialement,\n{company.name}\n"
        relay_sender = settings.get("mail.sender") or ""
        sender = formataddr((conf.get("sender_name") or company.name, parseaddr(relay_sender)[1]))
        message = mail.new_message(settings, to=", ".join(job.customer.emails), subject=subject, text=text,
                                   reply_to=conf.get("reply_to") or None, sender=sender)
        message.add_attachment(job.sealed_pdf(rt), maintype="application", subtype="pdf",
                               filename=f"{job.filename}.pdf")
        _relay(rt, message)


def _html(text: str) -> str:
    """The plain text as HTML paragraphs, its links clickable (everything else escaped)."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        escaped = html.escape(block)
        escaped = re.sub(r"(https?://[^\s<>&]+)", r'<a href="\1">\1</a>', escaped)
        paragraphs.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    return "\n".join(paragraphs)


def _add_logo(rt: Runtime, message: EmailMessage, text: str, company: Company, domain: str) -> None:
    """With a company logo: an HTML alternative showing it inline (``cid:``) above the text."""
    found = company_logo.logo(rt, company)
    if found is None:
        return
    data, width, height = found
    cid = make_msgid("logo", domain=domain)
    size = f' width="{width}" height="{height}"' if width and height else ""
    body = (f'<!doctype html><html lang="fr"><body><p><img src="cid:{cid[1:-1]}" alt="{html.escape(company.name)}"'
            f"{size}></p>\n{_html(text)}</body></html>")
    message.add_alternative(body, subtype="html")
    message.get_payload()[1].add_related(data, maintype="image", subtype="png", cid=cid, filename="logo.png",
                                         disposition="inline")


def _relay(rt: Runtime, message: object) -> None:
    try:
        mail.send(rt.settings, message)
    except mail.MailError as exc:
        if str(exc).startswith("destinataire refusé"):
            raise DeliveryRefused(str(exc)) from None
        raise ChannelUnavailable(str(exc)) from None


@hookimpl
def register_delivery_channels() -> list[DeliveryChannel]:
    """The e-mail channel."""
    return [EmailChannel()]
