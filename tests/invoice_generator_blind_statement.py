"""Operators' statements of the blind family (issue 13, branch utility-14): water boards, energy suppliers, telecom
operators and internet providers' bills, blind seeds 114000–114999.

How such bills are printed in general (the « comprendre ma facture » guides of French suppliers and water boards, the
water bill's content set by the arrêté of 10 July 1996, the electricity bill's by the arrêté of 18 April 2012; the
same kinds of bill abroad), not from another generator:

- a first page that sums the bill up: the title line (« Votre facture du … », the number in it or not), a summary box
  (the amount to pay, its last day or its direct-debit day), a reference panel of the supply's identifiers (customer
  number, account number, contract, delivery point PDL/PCE, meter, phone line, the direct-debit mandate's reference
  (RUM) and the creditor's identifier (ICS)), the consumption period;
- the invoice's number in the title line, in the summary box, in the panel among the rivals, stacked under its label,
  or only on the payment slip at the foot (a TIP SEPA, a coupon to return with a cheque, a direct-debit notice) where
  the account's number is printed too, with the bank's optical reading line;
- a detail that runs onto a second page at times (its running head repeating the number or the account), consumption
  tables (old and new index, m³ or kWh; calls and data of a phone line), the VAT totals;
- the number itself long digits as the account's (a rank after the customer's digits), grouped by spaces, or coded.

French most (water boards, régies), then English, German, Spanish and Italian utilities. Drawn for seeds from
STATEMENT_FROM to STATEMENT_TO by ``invoice_generator_blind.make_invoice`` (a lazy import); this module's own draws
(``random.Random("blind-statement-…")``) pick the layout, the language and what the page prints. Seeds 114000–114749
tune; 114750–114999 are the never-tuned quarter (measured, misses never read).
"""

from __future__ import annotations

import datetime as dt
import random

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _e, _logo, _m, _mentions, _recap, _seller_block, date_text
from invoice_generator_blind_trades import _digits as _d

STATEMENT_FROM = 114_000
STATEMENT_TO = 115_000
#: Seeds from here on are the never-tuned quarter: measured, never read.
HOLDOUT_FROM = 114_750
STATEMENT_LAYOUTS = ("st_synthese", "st_operateur", "st_regie")
STATEMENT_WEIGHTS = (0.5, 0.12, 0.13, 0.12, 0.13)

# Keys start with « st_ » (none of the family's keys does). Rival kinds: customer, account, contract, point, meter,
# line, mandate, creditor; « st_no_… » the invoice number's labels by where they stand.
STATEMENT_LABELS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "st_title_water": ["Votre facture d'eau", "Facture eau potable et assainissement", "Avis de facture - service de l'eau"],
        "st_title_energy": ["Votre facture d'électricité et de gaz", "Facture de fourniture d'électricité"],
        "st_title_tel": ["Votre facture Box + Mobile", "Votre facture fibre et mobile"],
        "st_line": ["Votre facture n° {} du {}", "Facture n° {} établie le {}", "Facture du {1} - n° {0}"],
        "st_line_bare": ["Votre facture du {}", "Facture émise le {}"],
        "st_no_box": ["N° de facture", "Numéro de facture"], "st_no_panel": ["N° de facture", "Facture n°", "Numéro de facture"],
        "st_no_slip": ["N° de facture", "Réf. de la facture", "Facture n°"],
        "st_date": ["Date de facture", "Date d'émission"],
        "st_customer": ["N° client", "Identifiant client", "Référence abonné", "Code client"],
        "st_account": ["N° de compte", "Numéro de compte de facturation", "Compte de facturation"],
        "st_contract": ["N° de contrat", "Référence contrat"], "st_point": ["N° PDL", "N° PCE", "Point de livraison"],
        "st_meter": ["N° du compteur", "Réf. compteur"], "st_line_no": ["N° d'appel", "Ligne principale"],
        "st_mandate": ["RUM", "Réf. unique de mandat"], "st_creditor": ["ICS", "Identifiant créancier SEPA"],
        "st_panel": ["Vos identifiants", "Références de votre contrat", "Informations abonné"],
        "st_summary": ["Synthèse de votre facture", "Votre facture en bref", "En résumé"],
        "st_to_pay": ["Montant à payer", "Montant TTC à régler", "Somme à payer"],
        "st_before": ["À payer avant le {}", "Date limite de paiement : {}", "Sera prélevé le {}"],
        "st_period": ["Période de consommation du {} au {}", "Consommation relevée du {} au {}", "Abonnement du {} au {}"],
        "st_old": ["Index précédent", "Ancien relevé"], "st_new": ["Index actuel", "Nouveau relevé"],
        "st_used_water": ["Volume consommé (m³)"], "st_used_energy": ["Consommation (kWh)"], "st_read": ["Date du relevé"],
        "st_calls": ["Appels vers mobiles", "SMS/MMS", "Internet mobile", "Appels vers fixes"],
        "st_detail": ["Détail de votre facture", "Le détail de vos consommations"],
        "st_items_water": ["Abonnement eau potable", "Consommation eau potable", "Collecte et traitement des eaux usées",
                           "Redevance modernisation des réseaux"],
        "st_items_energy": ["Abonnement électricité", "Acheminement", "Consommation gaz naturel"],
        "st_items_tel": ["Forfait mobile 100 Go", "Offre fibre", "Location décodeur"],
        "st_slip": ["TIP SEPA", "Coupon à joindre à votre règlement par chèque", "Talon de paiement - à détacher"],
        "st_slip_amount": ["Montant", "Montant à régler"], "st_slip_customer": ["Référence client", "N° client"],
        "st_debit": ["Avis de prélèvement SEPA"], "st_debit_on": ["Date de prélèvement"],
        "st_head": ["Facture n° {} - suite", "Compte n° {} - page 2"],
    },
    "en": {
        "st_title_water": ["Your water bill"], "st_title_energy": ["Your gas and electricity bill"],
        "st_title_tel": ["Your broadband statement", "Mobile phone bill"],
        "st_line": ["Your bill no. {} dated {}", "Invoice {} issued {}"], "st_line_bare": ["Your bill of {}", "Statement of {}"],
        "st_no_box": ["Invoice no.", "Bill no."], "st_no_panel": ["Invoice no.", "Bill number"],
        "st_no_slip": ["Invoice no.", "Bill no."], "st_date": ["Bill date", "Date of invoice"],
        "st_customer": ["Customer no.", "Customer reference"], "st_account": ["Account no.", "Billing account"],
        "st_contract": ["Contract no."], "st_point": ["MPRN", "Supply point"], "st_meter": ["Meter no."],
        "st_line_no": ["Phone number", "Mobile number"], "st_mandate": ["Mandate ref."], "st_creditor": ["Creditor ID"],
        "st_panel": ["Your account details", "Account information"], "st_summary": ["Bill summary", "Summary of charges"],
        "st_to_pay": ["Please pay", "Total due"], "st_before": ["Please pay by {}", "Direct debit on {}"],
        "st_period": ["Billing period {} to {}", "Charges from {} to {}"],
        "st_old": ["Previous read"], "st_new": ["Latest read"], "st_used_energy": ["Units (kWh)"], "st_used_water": ["Water used (m³)"],
        "st_read": ["Read on"], "st_calls": ["Calls to mobiles", "Texts", "Mobile data", "Calls to landlines"],
        "st_detail": ["Your charges in detail", "Itemised charges"],
        "st_items_water": ["Water supply", "Wastewater"], "st_items_energy": ["Standing charge", "Electricity used"],
        "st_items_tel": ["Broadband", "Mobile plan"],
        "st_slip": ["Bank giro credit", "Payment counterfoil"], "st_slip_amount": ["Amount"],
        "st_slip_customer": ["Customer no."], "st_debit": ["Direct debit notice"], "st_debit_on": ["Collection date"],
        "st_head": ["Invoice no. {} continued", "Account {} page 2"],
    },
    "de": {
        "st_title_water": ["Ihre Wasserrechnung"], "st_title_energy": ["Ihre Strom- und Gasrechnung"],
        "st_title_tel": ["Ihre Rechnung Festnetz und Internet", "Mobilfunk-Rechnung"],
        "st_line": ["Ihre Rechnung Nr. {} vom {}", "Rechnung {} vom {}"], "st_line_bare": ["Ihre Rechnung vom {}"],
        "st_no_box": ["Rechnungsnummer", "Rechnungs-Nr."], "st_no_panel": ["Rechnungsnummer", "Rechnungs-Nr."],
        "st_no_slip": ["Rechnungsnummer", "Rechnungs-Nr."], "st_date": ["Rechnungsdatum"],
        "st_customer": ["Kundennummer", "Kunden-Nr."], "st_account": ["Kontonummer", "Buchungskonto"],
        "st_contract": ["Vertragsnummer"], "st_point": ["Zählpunktbezeichnung", "Marktlokations-ID"],
        "st_meter": ["Zähler-Nr."], "st_line_no": ["Ihre Anschlussnummer"], "st_mandate": ["Mandatsreferenz"],
        "st_creditor": ["Gläubiger-ID"], "st_panel": ["Ihre Vertragsdaten", "Ihre Daten"],
        "st_summary": ["Ihre Rechnung im Überblick", "Zusammenfassung"], "st_to_pay": ["Rechnungsbetrag", "Zu zahlen"],
        "st_before": ["Zahlbar bis {}", "Abbuchung am {}"], "st_period": ["Verbrauchszeitraum vom {} bis {}"],
        "st_old": ["Alter Zählerstand"], "st_new": ["Neuer Zählerstand"], "st_used_energy": ["Verbrauch (kWh)"], "st_used_water": ["Verbrauch (m³)"],
        "st_read": ["Ablesedatum"], "st_calls": ["Verbindungen Mobilfunk", "SMS", "Datenvolumen", "Festnetz"],
        "st_detail": ["Ihre Rechnung im Einzelnen", "Einzelaufstellung"],
        "st_items_water": ["Schmutzwasser", "Niederschlagswasser", "Trinkwasser"], "st_items_energy": ["Grundpreis", "Arbeitspreis"],
        "st_items_tel": ["Internet-Flatrate", "Mobilfunktarif"],
        "st_slip": ["Überweisungsträger", "Zahlschein"], "st_slip_amount": ["Betrag"], "st_slip_customer": ["Kunden-Nr."],
        "st_debit": ["Lastschriftankündigung"], "st_debit_on": ["Abbuchungstag"],
        "st_head": ["Rechnung {} - Fortsetzung", "Konto {} Seite 2"],
    },
    "es": {
        "st_title_water": ["Su factura de agua"], "st_title_energy": ["Factura de electricidad", "Factura de gas natural"],
        "st_title_tel": ["Su factura de fibra y móvil"],
        "st_line": ["Factura nº {} emitida el {}", "Su factura {} del {}"], "st_line_bare": ["Su factura del {}"],
        "st_no_box": ["Nº de factura", "Número de factura"], "st_no_panel": ["Nº de factura", "Número de factura"],
        "st_no_slip": ["Nº de factura"], "st_date": ["Fecha de emisión", "Fecha factura"],
        "st_customer": ["Cliente nº", "Referencia de cliente"], "st_account": ["Nº de cuenta"],
        "st_contract": ["Contrato de suministro", "Póliza nº"], "st_point": ["CUPS"], "st_meter": ["Nº contador"],
        "st_line_no": ["Teléfono del servicio", "Teléfono asociado"], "st_mandate": ["Referencia del mandato"],
        "st_creditor": ["Identificador del acreedor"], "st_panel": ["Datos del contrato", "Sus datos"],
        "st_summary": ["Resumen de su factura", "Resumen"], "st_to_pay": ["Importe a pagar", "Total a pagar"],
        "st_before": ["Domiciliado: cargo el {}", "Pagar antes del {}"], "st_period": ["Lecturas entre el {} y el {}"],
        "st_old": ["Lectura anterior"], "st_new": ["Lectura actual"], "st_used_energy": ["Consumo (kWh)"], "st_used_water": ["Consumo (m³)"],
        "st_read": ["Fecha de lectura"], "st_calls": ["Llamadas a móviles", "SMS", "Datos móviles", "Llamadas a fijos"],
        "st_detail": ["Detalle de la factura", "Detalle de consumos"],
        "st_items_water": ["Alcantarillado", "Depuración", "Abastecimiento"], "st_items_energy": ["Término fijo", "Término variable"],
        "st_items_tel": ["Fibra 600 Mb", "Tarifa móvil"],
        "st_slip": ["Documento de ingreso", "Carta de pago"], "st_slip_amount": ["Importe"], "st_slip_customer": ["Cliente nº"],
        "st_debit": ["Aviso de adeudo SEPA"], "st_debit_on": ["Fecha de adeudo"],
        "st_head": ["Factura {} - continuación", "Cuenta {} hoja 2"],
    },
    "it": {
        "st_title_water": ["Bolletta servizio idrico"], "st_title_energy": ["Bolletta luce e gas"],
        "st_title_tel": ["La sua fattura fibra", "Fattura telefonia mobile"],
        "st_line": ["Fattura n. {} emessa il {}", "Bolletta n. {} del {}"], "st_line_bare": ["Bolletta emessa il {}"],
        "st_no_box": ["Numero fattura", "Bolletta n."], "st_no_panel": ["Numero fattura", "Bolletta n."],
        "st_no_slip": ["Bolletta n.", "Numero bolletta"], "st_date": ["Data di emissione"],
        "st_customer": ["Codice cliente", "Cod. utente"], "st_account": ["Conto contrattuale"],
        "st_contract": ["Numero contratto"], "st_point": ["POD", "PDR"], "st_meter": ["Matricola misuratore"],
        "st_line_no": ["Numero di telefono", "Utenza telefonica"], "st_mandate": ["Riferimento mandato"],
        "st_creditor": ["Codice creditore"], "st_panel": ["Dati della fornitura", "I suoi dati"],
        "st_summary": ["Sintesi della bolletta", "Riepilogo"], "st_to_pay": ["Importo da pagare", "Totale da pagare"],
        "st_before": ["Da pagare entro il {}", "Addebito il {}"], "st_period": ["Periodo di riferimento dal {} al {}"],
        "st_old": ["Lettura precedente"], "st_new": ["Lettura attuale"], "st_used_energy": ["Consumo (kWh)"], "st_used_water": ["Consumo (m³)"],
        "st_read": ["Data lettura"], "st_calls": ["Chiamate verso mobili", "SMS", "Traffico dati", "Chiamate verso fissi"],
        "st_detail": ["Dettaglio della bolletta", "Dettaglio dei consumi"],
        "st_items_water": ["Fognatura", "Depurazione", "Quota fissa acqua"], "st_items_energy": ["Quota fissa", "Quota energia"],
        "st_items_tel": ["Canone fibra", "Offerta mobile"],
        "st_slip": ["Avviso di pagamento", "Bollettino"], "st_slip_amount": ["Importo"], "st_slip_customer": ["Codice cliente"],
        "st_debit": ["Preavviso di addebito SEPA"], "st_debit_on": ["Data addebito"],
        "st_head": ["Fattura {} - segue", "Conto {} pagina 2"],
    },
}
blind.add_labels(STATEMENT_LABELS)


def label_strings() -> set[str]:
    """Every label wording of this module (for the test that none is shared with the never-seen generator)."""
    return blind.wordings(STATEMENT_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws."""
    return blind.module_draw("statement", seed, STATEMENT_LAYOUTS, STATEMENT_WEIGHTS)


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [STATEMENT_FROM, STATEMENT_TO)): the family's draws, rendered by this module's
    layout, which prints its own number (the truth follows) and the last day to pay."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    truth.due_date = ctx["st_due_day"].isoformat()
    return invoice


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _r(ctx: dict) -> random.Random:
    """This module's draws for the invoice (apart, so the family's draws stay what they were)."""
    if "st_rng" not in ctx:
        ctx["st_rng"] = random.Random(f"blind-statement-render-{ctx['number']}-{ctx['issue']}")
    return ctx["st_rng"]


def _w(ctx: dict, key: str) -> str:
    return _r(ctx).choice(ctx["labels"][key])


def _day(ctx: dict, day: dt.date) -> str:
    style = ctx.setdefault("st_date_style", _r(ctx).choice(["num", "num", "words", "short"]))
    return date_text(day, ctx["language"], style, ctx.setdefault("st_variant", _r(ctx).randint(0, 5)))


def _numbers(ctx: dict) -> dict[str, str]:
    """The invoice's number and its rivals: long digits alike, the invoice's a rank after the customer's at times."""
    rng, lang, year = _r(ctx), ctx["language"], ctx["issue_day"].year
    customer = rng.choice([_d(rng, 8), _d(rng, 10), f"{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)}"])
    account = rng.choice([_d(rng, 10), _d(rng, 12), f"{_d(rng, 4)} {_d(rng, 4)} {_d(rng, 2)}"])
    shape = rng.choice(["rank", "long", "long", "grouped", "coded", "coded"])
    if shape == "rank":
        number = customer.replace(" ", "") + _d(rng, rng.choice([3, 4]))
    elif shape == "long":
        number = rng.choice([_d(rng, 10), _d(rng, 12), f"{year}{_d(rng, 8)}"])
    elif shape == "grouped":
        number = rng.choice([f"{_d(rng, 2)} {_d(rng, 4)} {_d(rng, 4)}", f"{_d(rng, 4)} {_d(rng, 4)} {_d(rng, 4)}"])
    else:
        number = rng.choice([f"F{year % 100:02d}{_d(rng, 8)}", f"FM{_d(rng, 9)}", f"{year}-{_d(rng, 7)}",
                             f"E{_d(rng, 3)}/{year}/{_d(rng, 5)}", f"M{_d(rng, 11)}"])
    point = {"es": f"ES00{_d(rng, 14)}{rng.choice('ABCDEF')}{rng.choice('GHJKLM')}", "it": f"IT001E{_d(rng, 8)}"}.get(lang, _d(rng, 14))
    phone = {"fr": "06 {} {} {} {}", "en": "07{}{} {}{}", "de": "0171 {}{} {}{}", "es": "6{}{} {}{}", "it": "3{}{} {}{}"}[lang]
    line = phone.format(*(f"{rng.randint(10, 99)}" for _ in range(4)))
    return {"number": number, "customer": customer, "account": account, "contract": _d(rng, rng.choice([9, 11])),
            "point": point, "meter": f"{rng.choice('ABKZ')}{_d(rng, 9)}", "line": line,
            "mandate": f"{rng.choice(['++', 'RUM', ''])}{_d(rng, 6)}{customer.replace(' ', '')}{_d(rng, 4)}",
            "creditor": {"fr": "FR", "en": "IE", "de": "DE", "es": "ES", "it": "IT"}[lang] + f"{_d(rng, 2)}ZZZ{_d(rng, 6)}"}


def _rivals(ctx: dict, codes: dict[str, str], telecom: bool) -> list[tuple[str, str]]:
    rng = _r(ctx)
    kinds = ["customer", "account", "contract"] + (["line_no"] if telecom else ["point", "meter"])
    kinds = [kinds[0]] + rng.sample(kinds[1:], rng.randint(1, len(kinds) - 1))
    if rng.random() < 0.3:
        kinds += ["mandate", "creditor"]
    rng.shuffle(kinds)
    value = {"line_no": "line"}
    return [(_w(ctx, f"st_{kind}"), codes[value.get(kind, kind)]) for kind in kinds]


# A German letter's information block (DIN 5008 « Informationsblock »): beside the address window, the references of
# the correspondence (yours, ours, your letter's date), the clerk, the letter's date, the page; a public body's
# « Kassenzeichen », a utility's contract account (SAP IS-U « Vertragskonto »), the tax number. Its own draws.
DIN_BLOCK = {
    "theirs": ["Ihr Schreiben vom", "Ihre Anfrage vom"], "their_ref": ["Ihre Zeichen", "Ihr Auftrag"],
    "ours": ["Unser Aktenzeichen", "Unser Az."], "clerk": ["Ansprechpartner", "Sachbearbeitung"],
    "phone": ["Durchwahl", "Telefon"], "date": ["Datum", "Rechnungsdatum"], "page": ["Seite 1 von 2", "Blatt 1/2"],
    "cash": ["Kassenzeichen"], "contract_account": ["Vertragskontonummer", "VK-Nummer"],
    "partner": ["Geschäftspartner", "Geschäftspartner-Nr."], "tax": ["Steuernummer", "St.-Nr."],
}


def _din_block(ctx: dict, codes: dict[str, str], regie: bool, own: list[tuple[str, str]]) -> str:
    """The information block of a German bill (DIN 5008), some of its lines drawn, ``own`` (the invoice's number and
    date when the block holds them) among them; its own draws."""
    rng = random.Random(f"blind-statement-din-{ctx['number']}-{ctx['issue']}")
    year = ctx["issue_day"].year
    before = ctx["issue_day"] - dt.timedelta(days=rng.randint(5, 60))
    lines = [(rng.choice(DIN_BLOCK["ours"]), rng.choice([f"{rng.choice(['RE', 'VK', 'ab'])}/{_d(rng, 4)}", f"{_d(rng, 3)}-{_d(rng, 5)}"])),
             (rng.choice(DIN_BLOCK["clerk"]), rng.choice(["Frau Krämer", "Herr Lindner", "Kundenservice"])),
             (rng.choice(DIN_BLOCK["phone"]), f"0{_d(rng, 3)} {_d(rng, 4)}-{_d(rng, 3)}")]
    if rng.random() < 0.5:
        lines.insert(0, (rng.choice(DIN_BLOCK["their_ref"]), rng.choice([_d(rng, 6), f"{year}-{_d(rng, 4)}"])))
    if rng.random() < 0.4:
        lines.insert(1, (rng.choice(DIN_BLOCK["theirs"]), date_text(before, "de", rng.choice(["num", "words"]), rng.randint(0, 5))))
    extra = {"cash": f"{_d(rng, 1)}.{_d(rng, 4)}.{_d(rng, 6)}.{_d(rng, 1)}" if regie else _d(rng, 12),
             "contract_account": codes["account"].replace(" ", ""), "partner": codes["customer"].replace(" ", ""),
             "tax": f"{_d(rng, 3)}/{_d(rng, 3)}/{_d(rng, 5)}"}
    for kind in rng.sample(sorted(extra), rng.randint(1, 3)):
        lines.insert(rng.randint(0, len(lines)), (rng.choice(DIN_BLOCK[kind]), extra[kind]))
    for pair in own:
        lines.insert(rng.randint(0, len(lines)), pair)
    if not own and rng.random() < 0.7:
        lines.append((rng.choice(DIN_BLOCK["date"]), ctx["issue"]))
    rows = "".join(f'<tr><td class="muted" style="padding-right:4mm">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in lines)
    page = f'<div class="muted">{_e(rng.choice(DIN_BLOCK["page"]))}</div>' if rng.random() < 0.4 else ""
    return f'<table style="font-size:8pt">{rows}</table>{page}'


def _panel(ctx: dict, heading: str, pairs: list[tuple[str, str]], stacked: bool) -> str:
    if stacked:  # label over value, one pair a cell
        cells = "".join(f'<div style="margin-bottom:2mm"><span class="muted">{_e(k)}</span><br><span class="strong">{_e(v)}</span></div>'
                        for k, v in pairs)
    else:
        cells = "<table>" + "".join(f'<tr><td class="muted" style="padding-right:8pt">{_e(k)}</td><td>{_e(v)}</td></tr>'
                                    for k, v in pairs) + "</table>"
    return (f'<div style="background:#f2f2f2;padding:2.5mm;margin-top:3mm"><div class="strong accent">{_e(heading)}</div>'
            f'{cells}</div>')


def _slip(ctx: dict, codes: dict[str, str], amount: str, due: dt.date, numbered: bool) -> str:
    """The payment slip at the foot: a TIP, a coupon or a direct-debit notice; the number on it or not; a reading line."""
    rng = _r(ctx)
    debit = rng.random() < 0.3
    pairs = [(_w(ctx, "st_slip_customer"), codes["customer"])]
    if numbered:
        pairs.append((_w(ctx, "st_no_slip"), ctx["number"]))
    if debit:
        pairs += [(_w(ctx, "st_mandate"), codes["mandate"]), (_w(ctx, "st_debit_on"), _day(ctx, due))]
    rng.shuffle(pairs)
    cells = "".join(f'<td style="padding-right:7mm"><span class="muted">{_e(k)}</span><br>{_e(v)}</td>' for k, v in pairs)
    code = ""
    if not debit and rng.random() < 0.7:  # the bank's optical reading line: the account's digits, a key, the amount
        cents = "".join(ch for ch in amount if ch.isdigit())
        code = (f'<div style="font-family:monospace;margin-top:3mm;letter-spacing:1pt">{_d(rng, 8)} {codes["account"].replace(" ", "")}'
                f'{_d(rng, 2)} {cents.zfill(10)}</div>')
    heading = _w(ctx, "st_debit" if debit else "st_slip")
    return (f'<div style="border-top:1pt dashed #555;margin-top:10mm;padding-top:3mm"><div class="strong">{_e(heading)}</div>'
            f'<table style="margin-top:2mm"><tr>{cells}<td><span class="muted">{_e(_w(ctx, "st_slip_amount"))}</span><br>'
            f'<span class="strong">{amount}</span></td></tr></table>{code}</div>')


def _consumption(ctx: dict, kind: str, start: dt.date, end: dt.date) -> str:
    rng = _r(ctx)
    if kind == "tel":
        rows = "".join(f"<tr><td>{_e(kind)}</td><td class='n'>{rng.randint(1, 400)}</td><td class='n'>{_m(ctx, 0, False)}</td></tr>"
                       for kind in rng.sample(ctx["labels"]["st_calls"], 3))
        return f'<table class="lines" style="width:70%">{rows}</table>'
    old, used = rng.randint(100, 90000), rng.randint(10, 4000)
    return (f'<table class="lines" style="width:75%"><tr><th>{_e(_w(ctx, "st_read"))}</th><th>{_e(_w(ctx, "st_old"))}</th>'
            f'<th>{_e(_w(ctx, "st_new"))}</th><th>{_e(_w(ctx, f"st_used_{kind}"))}</th></tr><tr><td>{_day(ctx, start)}</td><td>{old}</td>'
            f'<td></td><td></td></tr><tr><td>{_day(ctx, end)}</td><td></td><td>{old + used}</td><td>{used}</td></tr></table>')


def _lines_table(ctx: dict, kind: str) -> str:
    labels, rng = ctx["labels"], _r(ctx)
    items = labels[f"st_items_{kind}"]
    head = [rng.choice(labels["desc"]), rng.choice(labels["qty"]), rng.choice(labels["unit"]), rng.choice(labels["amount_col"])]
    several = len(ctx["breakdown"]) > 1
    if several:
        head.insert(-1, rng.choice(labels["rate_col"]))
    rows = []
    for index, line in enumerate(ctx["lines"]):
        cells = [_e(items[index % len(items)]), blind._qty(ctx, line["qty"]), _m(ctx, line["unit"], False)]
        if several:
            cells.append(_e(blind.rate_text(line["rate"], ctx["language"])))
        cells.append(_m(ctx, line["amount"], False))
        rows.append("<tr>" + "".join(f"<td{' class=n' if i else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<table class="lines"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _totals(ctx: dict) -> str:
    body = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(label)}</td><td class="n">{value}</td></tr>'
                   for label, value, strong in blind._total_rows(ctx, per_rate=None))
    return f'<table class="tot">{body}</table>'


# ---------------------------------------------------------------------------
# The layouts: one page builder, three kinds of issuer
# ---------------------------------------------------------------------------


def _statement(ctx: dict, kind: str) -> str:
    rng, telecom, regie = _r(ctx), kind == "tel", kind == "water"
    codes = _numbers(ctx)
    ctx["number"] = codes["number"]
    issue = ctx["issue_day"]
    due = ctx["due_day"] or issue + dt.timedelta(days=rng.choice([10, 14, 15, 20, 30]))
    ctx["st_due_day"] = due
    start = issue - dt.timedelta(days=rng.choice([30, 31, 61, 92, 183]))
    end = issue - dt.timedelta(days=rng.randint(1, 10))
    amount = _m(ctx, ctx["ttc"] - (ctx["deposit"] or 0))
    # Where the number stands: the title line, the summary box, the panel (among rivals), the slip alone.
    where = rng.choice(["line", "box", "panel", "panel", "slip"])
    credit = ctx["credit"]
    if credit:  # a credit note: its own number's label, in the box or the panel (nothing to pay on a slip)
        where = rng.choice(["box", "panel"])
    title = ctx["title"] if credit else _w(ctx, f"st_title_{kind}")
    if where == "line":
        line = _e(_w(ctx, "st_line").format(ctx["number"], ctx["issue"]))
    else:
        line = _e(_w(ctx, "st_line_bare").format(ctx["issue"]))
    pairs = _rivals(ctx, codes, telecom)
    in_block = []
    if where == "panel":
        own = [(_w(ctx, "credit_no" if credit else "st_no_panel"), ctx["number"])]
        if "{" not in line or rng.random() < 0.5:
            own.append((_w(ctx, "st_date"), ctx["issue"]))
        at = rng.randint(0, len(pairs))
        pairs = pairs[:at] + own + pairs[at:]
        # a German letter holds them in its information block at times, beside the window (drawn apart)
        if ctx["language"] == "de" and random.Random(f"blind-statement-din-place-{ctx['number']}").random() < 0.5:
            in_block, pairs = own, [pair for pair in pairs if pair not in own]
    panel = _panel(ctx, _w(ctx, "st_panel"), pairs, stacked=rng.random() < 0.4)
    box_rows = []
    if where == "box":
        box_rows.append((_w(ctx, "credit_no" if credit else "st_no_box"), _e(ctx["number"])))
    box_rows.append((_w(ctx, "st_to_pay"), amount))  # (values as HTML)
    rng.shuffle(box_rows)
    box_cells = "".join(f'<tr><td style="padding-right:6mm">{_e(k)}</td><td class="strong">{v}</td></tr>' for k, v in box_rows)
    box = (f'<div style="border:1.5pt solid {ctx["colour"]};padding:3mm;margin-top:4mm"><div class="strong accent">'
           f'{_e(_w(ctx, "st_summary"))}</div><table>{box_cells}</table><div>{_e(_w(ctx, "st_before").format(_day(ctx, due)))}</div></div>')
    period = f'<p>{_e(_w(ctx, "st_period").format(_day(ctx, start), _day(ctx, end)))}</p>'
    buyer = blind._buyer_block(ctx, label=rng.random() < 0.3)
    din = ""
    if ctx["language"] == "de":  # beside the address window (DIN 5008), drawn apart: other pages keep their draws
        din = f'<td style="vertical-align:top;padding-left:4mm">{_din_block(ctx, codes, regie, in_block)}</td>'
    head = f"""<table style="width:100%"><tr><td style="vertical-align:top;width:55%">{_logo(ctx)}{_seller_block(ctx)}</td>
<td style="vertical-align:top;padding-top:{rng.choice([8, 14, 20])}mm">{buyer}</td></tr></table>"""
    if din:  # the letterhead above, the address window and the information block beside it under it
        head = f"""{_logo(ctx)}{_seller_block(ctx)}<table style="width:100%;margin-top:{rng.choice([8, 14, 20])}mm"><tr>
<td style="vertical-align:top;width:55%">{buyer}</td>{din}</tr></table>"""
    title_html = f'<div style="font-size:15pt;margin-top:5mm" class="accent strong">{_e(title)}</div><div class="strong">{line}</div>'
    if rng.random() < 0.5 or regie:
        first = f"""{head}{title_html}<table style="width:100%"><tr><td style="vertical-align:top;width:50%">{box}{period}</td>
<td style="vertical-align:top;padding-left:5mm">{panel}</td></tr></table>"""
    else:
        first = f"""{head}{title_html}{panel}{box}{period}"""
    slip = "" if credit else _slip(ctx, codes, amount, due, numbered=where == "slip" or rng.random() < 0.5)
    two_pages = rng.random() < 0.45
    running = ""
    if two_pages and rng.random() < 0.6:  # the second page's running head repeats the number, or the account's
        running_value = ctx["number"] if rng.random() < 0.5 else codes["account"]
        template = ctx["labels"]["st_head"][0 if running_value == ctx["number"] else 1]
        running = f'<div class="muted" style="text-align:right">{_e(template.format(running_value))}</div>'
    detail = (f'{running}<div class="strong accent" style="margin-top:3mm">{_e(_w(ctx, "st_detail"))}</div>'
              f'{_consumption(ctx, kind, start, end)}{_lines_table(ctx, kind)}{_recap(ctx)}{_totals(ctx)}{_mentions(ctx)}{_bank(ctx)}')
    if two_pages:
        return f'<div style="page-break-after:always">{first}{slip}</div>{detail}'
    return f"{first}{detail}{slip}"


def _layout_st_synthese(ctx: dict) -> str:
    """An energy supplier's bill: summary box, reference panel, consumption, slip."""
    return _statement(ctx, "energy")


def _layout_st_operateur(ctx: dict) -> str:
    """A telecom operator's or an internet provider's bill: phone line and billing account among the rivals."""
    return _statement(ctx, "tel")


def _layout_st_regie(ctx: dict) -> str:
    """A water board's bill (régie): subscriber's reference, meter, old and new index, a TIP at the foot."""
    return _statement(ctx, "water")


blind.RENDER.update({"st_synthese": _layout_st_synthese, "st_operateur": _layout_st_operateur, "st_regie": _layout_st_regie})
