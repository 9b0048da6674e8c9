"""The company's distribution settings page: its invoice e-mail (sender, answers, subject, text, logo) and reminder steps.

Set by a manager of the company in the company space, then used by the next invoice e-mail
(tests/smtpserver.py, a real SMTP server) and the reminders. Attackers: a reader of the
company, a manager of another company, header injection through the sender or the subject,
a placeholder that would be mailed as is, an image that is no PNG or JPEG.
"""

from __future__ import annotations

import html
import io
import re

import pytest

from guichet.core.model.models import Company, Event
from guichet.core.pipeline import followups
from guichet.core.sales import company_settings, reminders
from guichet.web.app import create_app

from sales_samples import sales_invoice
from smtpserver import smtp_server  # noqa: F401 - fixture
from support import PASSWORD


@pytest.fixture
def app(settings, smtp_server):
    settings.values["mail"] = smtp_server.settings()
    settings.values.setdefault("web", {})["public_url"] = "https://guichet.cabinet.example"
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


def _client(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code in (302, 303)
    return client


def _png(size=(900, 300)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


FORM = {"sender_name": "Boulangerie A — facturation", "reply_to": "Compta@Boulangerie-A.example",
        "email_subject": "Votre facture $numero", "reminders": "J-5, J+10, 20",
        "email_text": "Madame, Monsieur,\r\n\r\nVoici la facture $numero de $montant pour $client.\r\n\r\n$paiement\r\n\r\n"
                      "À bientôt,\r\n$entreprise (remise de 5 $$ incluse)"}


def _page(url):
    return f"/dossiers/{url}/distribution/"


def test_a_manager_sets_the_email_and_reminders_and_the_next_invoice_mail_uses_them(app, company, make_user,
                                                                                   smtp_server):
    make_user("gerant@a.example", companies={company: "manage"})
    client = _client(app, "gerant@a.example")
    page = client.get(_page(company.id))
    assert page.status_code == 200 and "Réglages de distribution" in page.get_data(as_text=True)
    assert "distribution-settings-link" in client.get(f"/dossiers/{company.id}/clients/").get_data(as_text=True)
    saved = client.post(_page(company.id), data={**FORM, "logo": (io.BytesIO(_png()), "logo.png")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert "Réglages de distribution enregistrés" in saved.get_data(as_text=True)
    company = Company.get_by_id(company.id)
    assert reminders.steps_of(company) == (-5, 10, 20)
    image = client.get(f"/dossiers/{company.id}/distribution/logo.png")
    assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert Event.select().where(Event.kind == "company.distribution_settings").count() == 1

    rt = app.config["GUICHET_RUNTIME"]
    document = sales_invoice(rt, company, number="FV-77", amount="300.00", buyer="Client Durand SARL")
    followups.run(rt, document.id, "distribute")
    [message] = smtp_server.messages
    assert message["Subject"] == "Votre facture FV-77"
    assert "Boulangerie A — facturation" in message["From"] and message["Reply-To"] == "compta@boulangerie-a.example"
    text = message.get_body(("plain",)).get_content()
    assert "Voici la facture FV-77 de 300,00\u202f€ pour Client Durand SARL." in text
    assert "https://guichet.cabinet.example/payer/" in text and "(remise de 5 $ incluse)" in text
    [cid] = re.findall(r'src="cid:([^"]+)"', message.get_body(("html",)).get_content())
    [logo] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert logo["Content-ID"] == f"<{cid}>" and logo.get_content()[:4] == b"\x89PNG"

    # Back to the defaults: emptied fields, no reminder at all, the logo removed.
    client.post(_page(company.id), data={"sender_name": "", "reply_to": "", "email_subject": "", "email_text": "",
                                         "reminders": "", "no_reminders": "1", "remove_logo": "1"})
    company = Company.get_by_id(company.id)
    assert company_settings.current(company) == {"sender_name": None, "reply_to": None, "email_subject": None,
                                                 "email_text": None, "reminders": []}
    assert reminders.steps_of(company) == () and "logo" not in company.settings["distribution"]
    assert client.get(f"/dossiers/{company.id}/distribution/logo.png").status_code == 404
    client.post(_page(company.id), data={"reminders": ""})
    assert reminders.steps_of(Company.get_by_id(company.id)) == reminders.DEFAULT_STEPS


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("sender_name", "Société A\r\nBcc: victime@example.test", "une seule ligne"),
    ("email_subject", "Facture $numero\nBcc: victime@example.test", "une seule ligne"),
    ("email_subject", "Facture ${numero_client}", "variable inconnue ${numero_client}".replace("{", "").replace("}", "")),
    ("email_text", "Payez $montant $ maintenant", "variable inconnue $"),
    ("email_text", "x" * 5000, "4000 caractères"),
    ("reply_to", "pas-une-adresse", "adresse de réponse invalide"),
    ("reminders", "J+400", "hors de -60 à +365"),
    ("reminders", "bientôt", "n'est pas un nombre de jours"),
])
def test_bad_values_are_refused_whole_with_a_french_reason(app, company, make_user, field, value, reason):
    make_user("gerant@a.example", companies={company: "manage"})
    client = _client(app, "gerant@a.example")
    client.post(_page(company.id), data=FORM)
    before = Company.get_by_id(company.id).settings
    response = client.post(_page(company.id), data={**FORM, "sender_name": "Autre nom", field: value},
                           follow_redirects=True)
    assert response.status_code == 200 and reason in html.unescape(response.get_data(as_text=True))
    assert Company.get_by_id(company.id).settings == before


def test_a_logo_that_is_no_png_or_jpeg_is_refused_and_nothing_is_saved(app, company, make_user):
    make_user("gerant@a.example", companies={company: "manage"})
    client = _client(app, "gerant@a.example")
    response = client.post(_page(company.id), data={**FORM, "logo": (io.BytesIO(b"<svg onload=alert(1)>"), "l.png")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "logo illisible" in response.get_data(as_text=True)
    assert (Company.get_by_id(company.id).settings or {}).get("distribution") is None


def test_readers_and_other_companies_neither_see_nor_change_the_settings(app, company, other_company, make_user):
    from guichet.core.sales import company_logo

    rt = app.config["GUICHET_RUNTIME"]
    company_logo.set_logo(rt, company, _png())
    make_user("lecteur@a.example", companies={company: "read"})
    make_user("gerant@b.example", companies={other_company: "manage"})
    for email in ("lecteur@a.example", "gerant@b.example"):
        client = _client(app, email)
        assert client.get(_page(company.id)).status_code in (403, 404)
        assert client.post(_page(company.id), data=FORM).status_code in (403, 404)
        assert client.get(f"/dossiers/{company.id}/distribution/logo.png").status_code in (403, 404)
    reader = _client(app, "lecteur@a.example")
    assert "distribution-settings-link" not in reader.get(f"/dossiers/{company.id}/clients/").get_data(as_text=True)
    assert company_settings.current(Company.get_by_id(company.id))["sender_name"] is None
    assert app.test_client().get(_page(company.id)).status_code in (302, 401)  # signed out: to the login page


def test_every_placeholder_the_page_offers_is_filled_by_the_email_channel(app, company, smtp_server):
    rt = app.config["GUICHET_RUNTIME"]
    text = " ".join(f"[${name}]" for name in company_settings.PLACEHOLDERS)
    company_settings.save(company, company_settings.clean({"email_text": text, "email_subject": text}))
    document = sales_invoice(rt, company, number="FV-78")
    followups.run(rt, document.id, "distribute")
    [message] = smtp_server.messages
    for written in (message["Subject"], message.get_body(("plain",)).get_content()):
        assert "$" not in written and "[]" not in written, written


def test_the_document_history_names_the_distribution_events_in_french(app, company, make_user, smtp_server):
    import datetime as dt

    from guichet.core.model.models import Event
    from guichet.web.history import EVENT_LABELS
    from guichet.web.messages import looks_english

    rt = app.config["GUICHET_RUNTIME"]
    document = sales_invoice(rt, company, number="FV-79", issue=dt.date(2026, 11, 2), due=dt.date(2026, 12, 2))
    followups.run(rt, document.id, "distribute")
    assert reminders.send_due(rt, dt.date(2026, 12, 9)) == 1  # J+7
    for kind in ("reminder.sent", "reminder.error", "delivery.chorus_completed", "delivery.as2_mdn", "print.batch",
                 "payment.card", "payment.card_checkout", "company.logo", "company.distribution_settings"):
        assert kind in EVENT_LABELS and not looks_english(EVENT_LABELS[kind]), kind
    assert Event.select().where((Event.document_id == document.id) & (Event.kind == "reminder.sent")).count() == 1
    make_user("gerant@a.example", companies={company: "manage"})
    page = _client(app, "gerant@a.example").get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Relance envoyée" in page and ">Sent<" not in page
    assert "J+7 ; reste dû 1\u202f200,00\u202f€ ; pénalités" in page and "indemnité 40,00\u202f€" in page


def test_the_reminders_page_lists_what_was_sent_and_what_failed_to_the_company_only(app, company, other_company,
                                                                                   make_user, smtp_server):
    import datetime as dt

    rt = app.config["GUICHET_RUNTIME"]
    for number, due in (("FV-80", dt.date(2026, 12, 2)), ("FV-81", dt.date(2026, 12, 3))):
        document = sales_invoice(rt, company, number=number, amount="1200.00", issue=dt.date(2026, 11, 2), due=due)
        followups.run(rt, document.id, "distribute")
    assert reminders.send_due(rt, dt.date(2026, 12, 9)) == 2  # FV-80 at J+7; FV-81 (J+6) at J-3, sent late once
    rt.settings.values["mail"]["port"] = 1  # the relay is down the next day
    assert reminders.send_due(rt, dt.date(2026, 12, 10)) == 0  # FV-81 reaches J+7: it fails
    make_user("lecteur@a.example", companies={company: "read"})
    make_user("gerant@b.example", companies={other_company: "manage"})
    reader = _client(app, "lecteur@a.example")
    assert 'id="reminders-link"' in reader.get(f"/dossiers/{company.id}/clients/").get_data(as_text=True)
    page = html.unescape(reader.get(f"/dossiers/{company.id}/relances/").get_data(as_text=True))
    table = page.split('id="reminders"')[1]
    assert "FV-80" in table and "J+7" in table and "40,00\u202f€" in table and "envoyée" in table
    assert "en erreur" in table and "envoi impossible" in table and "ChannelUnavailable" not in table
    failed = html.unescape(reader.get(f"/dossiers/{company.id}/relances/?state=error").get_data(as_text=True))
    rows = failed.split('id="reminders"')[1].split("<tbody>")[1]
    assert "FV-81" in rows and "FV-80" not in rows
    assert reader.get(f"/dossiers/{company.id}/relances/?state=pirate").status_code == 400
    assert _client(app, "gerant@b.example").get(f"/dossiers/{company.id}/relances/").status_code in (403, 404)


def test_reminders_state_their_amounts_in_the_invoices_currency(app, company, make_user, smtp_server):
    """Review finding 8: the reminders page and the document's history wrote every amount in euros, though a
    reminder keeps its invoice's currency (the e-mail said dollars)."""
    import datetime as dt

    rt = app.config["GUICHET_RUNTIME"]
    document = sales_invoice(rt, company, number="FV-USD", amount="1200.00", issue=dt.date(2026, 11, 2),
                             due=dt.date(2026, 12, 2), currency="USD")
    followups.run(rt, document.id, "distribute")
    assert reminders.send_due(rt, dt.date(2026, 12, 9)) == 1  # J+7
    assert Event.get((Event.document_id == document.id) & (Event.kind == "reminder.sent")).data["currency"] == "USD"
    make_user("gerant@a.example", companies={company: "manage"})
    client = _client(app, "gerant@a.example")
    table = html.unescape(client.get(f"/dossiers/{company.id}/relances/").get_data(as_text=True)).split(
        'id="reminders"')[1]
    # The recovery indemnity stays in euros whatever the invoice's currency (D441-5 sets it at 40 €).
    assert "FV-USD" in table and "1\u202f200,00 USD" in table and "40,00\u202f€" in table
    assert "1\u202f200,00\u202f€" not in table and "40,00 USD" not in table
    history = html.unescape(client.get(f"/documents/{document.id}").get_data(as_text=True))
    assert "J+7 ; reste dû 1\u202f200,00 USD" in history and "reste dû 1\u202f200,00\u202f€" not in history
    assert "indemnité 40,00\u202f€" in history


def test_a_reminder_in_another_currency_never_adds_the_euro_indemnity_to_its_total():
    """D441-5 sets the recovery indemnity at 40 €: a dollar invoice's total due is dollars only, the
    indemnity said apart in euros (it was added to the dollars and written « 40,00 USD »)."""
    import datetime as dt
    from decimal import Decimal

    notice = reminders.Notice(step=7, due_date=dt.date(2026, 12, 2), today=dt.date(2026, 12, 9),
                              outstanding=Decimal("1200.00"), penalties=Decimal("3.10"),
                              indemnity=Decimal("40.00"), currency="USD")
    assert notice.total == Decimal("1203.10")
    text = " ".join(reminders.wording(notice, "FV-USD", "Société A")[1])
    assert "frais de recouvrement de 40,00\u202f€" in text and "40,00 USD" not in text
    assert "Total dû à ce jour : 1\u202f203,10 USD, plus l'indemnité de 40,00\u202f€." in text
    euros = reminders.Notice(step=7, due_date=dt.date(2026, 12, 2), today=dt.date(2026, 12, 9),
                             outstanding=Decimal("1200.00"), penalties=Decimal("3.10"),
                             indemnity=Decimal("40.00"), currency="EUR")
    assert euros.total == Decimal("1243.10")
