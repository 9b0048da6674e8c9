"""French conventions on every page: no Python None, no English left, Paris time, French numbers and labels."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from guichet.core.model.models import Event
from guichet.web import formatting, labels, messages
from guichet.web.app import create_app

from web_pages import ADMIN, ANONYMOUS, CLIENT, OPERATOR, html_pages, interface_texts, login, rich_instance, visible_text

#: Raw codes that must never be a page's words: event kinds, ``None``, times in UTC.
#: A number written with a decimal point (``12.50``) in the interface's own words.
DOT_DECIMAL = re.compile(r"(?<![\w./-])\d+\.\d{1,2}(?![\w.])")
#: Standards named with their version ("EBICS 3.0", "UBL 2.1"): a name, not a decimal number.
VERSIONED_NAME = re.compile(r"\b(?:EBICS|UBL|TLS|SSL|HTTP)\s\d+\.\d+\b")
RAW = re.compile(r"\bNone\b|\b(document|user|archive|payment)\.[a-z_]+\b|\bUTC\b|\bnull\b|\bTrue\b|\bFalse\b")


@pytest.fixture
def app(settings):
    application = create_app(settings, config={"TESTING": True, "WTF_CSRF_ENABLED": False})
    with application.config["GUICHET_RUNTIME"].database.connection_context():
        yield application


@pytest.fixture
def instance(app, firm, company, other_company, corpus):
    return rich_instance(app, firm, company, other_company)




@pytest.mark.parametrize("who", [ADMIN, OPERATOR, CLIENT])
def test_every_page_is_french_and_never_shows_none(app, instance, who):
    client = app.test_client()
    login(client, who)
    seen, problems = 0, []
    for url in html_pages(app, instance):
        response = client.get(url)
        assert response.status_code < 500, f"{url}: HTTP {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        seen += 1
        problems += _problems(url, response.get_data(as_text=True))
    assert seen >= (12 if who == CLIENT else 19), seen  # the four help pages per role among them
    assert not problems, "\n".join(problems[:30])


def _problems(url: str, html: str) -> list[str]:
    """What a page shows that it must not: raw codes, None, UTC, English, numbers with a decimal point."""
    text = visible_text(html)
    found = [f"{url}: {m.group(0)!r} in …{text[max(0, m.start() - 40):m.end() + 20]}…" for m in RAW.finditer(text)]
    texts = interface_texts(html)
    found += [f"{url}: English: {s[:120]!r}" for s in texts if messages.looks_english(s)]
    found += [f"{url}: dot decimal: {s[:120]!r}" for s in texts if DOT_DECIMAL.search(VERSIONED_NAME.sub("", s))]
    return found


def test_pages_before_signing_in_are_french(app, instance):
    client = app.test_client()
    problems = []
    for url in ANONYMOUS:
        response = client.get(url)
        assert response.status_code in (200, 404) and response.mimetype == "text/html", (url, response.status_code)
        assert len(visible_text(response.get_data(as_text=True)).strip()) > 40, url  # a page in words, not a bare code
        problems += _problems(url, response.get_data(as_text=True))
    assert not problems, "\n".join(problems)


def test_document_page_speaks_french(app, instance):
    client = app.test_client()
    login(client, ADMIN)
    archived = instance.documents["EN16931_Einfach.pdf"]
    page = visible_text(client.get(f"/documents/{archived.id}").get_data(as_text=True))
    assert "Facture" in page and "Taux normal" in page  # BT-3 380 and VAT category S in words
    assert "19 %" in page.replace("\u202f", " ")  # the rate, French style
    assert "Guichet (automatique)" in page and "Document reçu" in page  # history: who and what
    assert "Pas d'horodatage qualifié" in page  # no TSA in tests: the panel says what to do
    review = instance.documents["Facture_DOM_BASIC.pdf"]
    page = visible_text(client.get(f"/documents/{review.id}").get_data(as_text=True))
    assert "currencyID ne devrait pas figurer ici" in page
    assert page.count("currencyID ne devrait pas figurer ici") == 3  # reason, findings grouped once, history
    assert "(× 13)" in page
    assert "should not be present" not in page


def test_times_are_paris_time():
    winter = dt.datetime(2026, 12, 1, 23, 12)  # stored UTC
    summer = dt.datetime(2026, 7, 1, 23, 12)
    assert formatting.datetime_fr(winter) == "02/12/2026 00:12"
    assert formatting.datetime_fr(summer) == "02/07/2026 01:12"
    assert formatting.datetime_fr(None) == "—"


def test_history_names_who_and_the_override_reason(app, instance):
    from guichet.core.model.models import User
    from guichet.core.pipeline import decisions

    rt = app.config["GUICHET_RUNTIME"]
    admin = User.get(User.email == ADMIN)
    document = instance.documents["fail3.pdf"]
    decisions.accept(rt, admin, document.id, "client étranger confirmé par téléphone")
    client = app.test_client()
    login(client, CLIENT)
    page = visible_text(client.get(f"/documents/{document.id}").get_data(as_text=True))
    assert "Accepté malgré les anomalies" in page
    assert "Raison : client étranger confirmé par téléphone" in page
    assert (admin.name or ADMIN) in page
    assert Event.select().where(Event.kind == "document.review_override").count() == 1


def test_numbers_and_labels():
    nbsp = formatting.NARROW_NBSP
    assert formatting.money(Decimal("1234.5"), "EUR") == f"1{nbsp}234,50{nbsp}€"
    assert formatting.money(None) == "—"
    assert formatting.number(Decimal("2.5000")) == "2,5"
    assert formatting.percent(Decimal("5.50")) == f"5,5{nbsp}%"
    assert formatting.input_fr("104.00", "amount") == "104,00"
    assert formatting.input_fr("2016-01-19", "date") == "19/01/2016"
    assert labels.label("380", "doctype") == "Facture"
    assert labels.label("381", "doctype", with_code=True) == "Avoir (381)"
    assert labels.label("C62", "unit") == "unité"
    assert labels.label("AE", "vat") == "Autoliquidation"
    assert labels.label("document.review_override", "event") == "Accepté malgré les anomalies"
    assert labels.label("ID-SIREN-CHECKSUM", "finding").startswith("SIREN ou SIRET invalide")
    assert labels.label(None, "unit") == "—"
    assert labels.label("XYZ", "unit") == "XYZ"


def test_library_and_schematron_messages_in_french():
    assert messages.french("Attribute @currencyID' marked as not used in the given context.") == (
        "l'attribut currencyID n'est pas prévu dans ce profil Factur-X")
    assert messages.french("IBAN invalide : FR76 (Invalid length '13')") == "IBAN invalide : FR76 (longueur invalide (13 caractères))"
    official = "[BR-CO-10]-Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131)."
    assert messages.french(official, "BR-CO-10") == (  # the rule's own French text (rules_fr_text.py)
        "La somme des montants nets des lignes (BT-106) doit être égale à la somme des montants nets de ligne (BT-131).")
    assert messages.is_translated(official, "BR-CO-10")
    assert not messages.is_translated("SIREN du vendeur absent", "LEG-SIREN-SELLER")
    assert messages.french("BT-106 (None) ≠ somme des lignes (12.00)", "BR-CO-10") == "BT-106 (absent) ≠ somme des lignes (12,00)"
    assert messages.reason_parts("[CII-DT-031] - currencyID should not be present; "
                                 "[CII-DT-031] - currencyID should not be present; SIRET faux") == [
        "CII-DT-031 : currencyID ne devrait pas figurer ici", "SIRET faux"]


def test_upload_answer_gives_the_reason_in_french(app, instance):
    """The list's drop zone (upload.js) and the phone (photos.js) show the JSON's reason as it is: French too."""
    from support import CORPUS

    client = app.test_client()
    login(client, CLIENT)
    name = "Facture_DOM_BASIC.pdf"  # held for review by the Factur-X schematron (« currencyID should not be present »)
    for url, field in ((f"/dossiers/{instance.company.id}/upload", "files"),
                       (f"/mobile/dossiers/{instance.company.id}/photos", "photos")):
        answer = client.post(url, data={field: [((CORPUS / name).open("rb"), name)]},
                             headers={"Accept": "application/json"}, content_type="multipart/form-data")
        documents = answer.get_json()["documents"]
        reason = documents[0]["reason"]
        assert documents[0]["created"] is False and reason, documents  # the same file: the stored document's reason
        assert "ne devrait pas figurer ici" in reason and "should not be present" not in reason, reason
        assert not RAW.search(reason) and not DOT_DECIMAL.search(reason), reason


def test_refused_forms_explain_themselves_in_french(settings, instance):
    """A form posted without its token (a page left open past the session, another site) or a bare bad request:
    the error page speaks French, never Flask-WTF's or Werkzeug's English."""
    from support import PASSWORD

    guarded = create_app(settings, config={"TESTING": True})  # CSRF checks on, as in production
    client = guarded.test_client()
    response = client.post("/login", data={"email": ADMIN, "password": PASSWORD})
    assert response.status_code == 400
    text = visible_text(response.get_data(as_text=True))
    assert "CSRF" not in text and not messages.looks_english(text), text
    assert "Rechargez la page" in text
    # a request Werkzeug refuses with its own (English) description
    from werkzeug.exceptions import BadRequest

    bare = create_app(settings, config={"TESTING": True})

    def refused():
        raise BadRequest

    def broken():
        raise RuntimeError("boom")

    bare.add_url_rule("/essai-400", "essai_400", refused)
    bare.add_url_rule("/essai-500", "essai_500", broken)
    bare.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page, not the exception
    for url, method, code, words in (("/essai-400", "get", 400, "Requête invalide."),
                                     ("/essai-400", "post", 405, "ne s'ouvre pas ainsi"),
                                     ("/essai-500", "get", 500, "erreur interne")):
        answer = getattr(bare.test_client(), method)(url)
        text = visible_text(answer.get_data(as_text=True))
        assert answer.status_code == code and words in text and not messages.looks_english(text), (url, text)
        assert "Server Error" not in text and "Not Allowed" not in text
