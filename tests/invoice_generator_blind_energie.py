"""Energy, water and telecom bills of four countries (issue 13, branch energie-15): blind seeds 122000–122999.

The two families before (``invoice_generator_blind_utility.py``, ``invoice_generator_blind_statement.py``) drew on the
French arrêtés and on « comprendre ma facture » guides. This one draws on other countries' rules on what a bill
prints, and on real suppliers' published explanations of their own bills:

- Italy, ARERA « Bolletta 2.0 » (delibere 501/2014/R/com, 209/2022/R/com, 315/2024/R/com: the « frontespizio
  unificato » and the « bolletta sintetica »): the customer's « codice cliente » / « codice utenza », the supply point
  (POD for power, PDR for gas), the invoicing period, the due date, the « Totale da pagare » with the TV licence
  (« canone di abbonamento alla televisione per uso privato ») told apart and counted in it, the offer's code
  (summaries: trilance.com/bolletta-2-0-una-guida-pratica, pmi.it « Bolletta 2.0, arriva lo scontrino
  dell'energia », asconsulenzaenergetica.it « nuova bolletta luce e gas più leggibile »);
- Spain, Resolución de 23 de mayo de 2014 de la DGPEM (BOE núm. 131, 30 May 2014), the minimum content and model of
  the PVPC electricity bill: « Datos de la factura » (número de factura, importe, fecha de cargo, periodo de
  consumo), the supply's data (CUPS of 20 or 22 characters, contract of access with the distributor, meter number,
  contracted power, contract end), « Total importe factura » (lexology.com summary of the Resolución; the
  explanations of energianufri.com « entender mi factura », viviendasaludable.es, efectoled.com « factura de la luz »);
- Germany, § 40 EnWG (Strom- und Gasrechnungen: Vertragskonto, Rechnungsnummer, Zählernummer, Marktlokation and
  Messlokation, Abrechnungszeitraum, Abschläge and the new Abschlag, Nachzahlung or Guthaben) as municipal utilities
  explain their bills (stadtwerke-lingen.de « Rechnung einfach erklärt », blog.pfalzwerke-gruppe.de « Stromrechnung
  verstehen », enercity.de « Stromrechnung einfach erklärt », stromtip.de);
- France, telecom operators' bills (a La Poste Mobile bill as published: « Numéro de facture », « Code client »,
  « Numéro de téléphone », the subscriptions' and the calls' periods, the direct debit's day) and water bills of
  régies (toutsurmoneau.fr and cdeaux.fr « comprendre votre facture »: the customer's reference, the meter, the
  readings, the limit date or the direct-debit dates).

Many long identifiers (POD, PDR, CUPS, Marktlokation, Messlokation, meter numbers, contract accounts, the tax code of
the customer, the direct-debit mandate's reference) are the invoice number's rivals; the invoicing period, the
readings' dates, the contract's end, the new instalment's first day and the debit's day are the issue date's.

One layout per country's bill (its language with it): « eg_bolletta » (it), « eg_factura » (es), « eg_rechnung » (de),
« eg_telecom » and « eg_regie » (fr). Drawn for seeds from ENERGIE_FROM to ENERGIE_TO by
``invoice_generator_blind.make_invoice`` (a lazy import); this module's own draws (``random.Random("blind-energie-…")``)
pick the layout and what the page prints. Seeds 122000–122749 tune; 122750–122999 are the never-tuned quarter.
The truth's number is the one printed under the bill's own label, its due date the last day to pay or the debit's day.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from decimal import Decimal

import invoice_generator_blind as blind
from invoice_generator_blind import _bank, _buyer_block, _e, _logo, _m, _mentions, _recap, _seller_block, date_text

ENERGIE_FROM = 122_000
ENERGIE_TO = 123_000
#: Seeds from here on are the never-tuned quarter: measured, never read.
HOLDOUT_FROM = 122_750
LAYOUTS = ("eg_bolletta", "eg_factura", "eg_rechnung", "eg_telecom", "eg_regie")
LANGUAGE = {"eg_bolletta": "it", "eg_factura": "es", "eg_rechnung": "de", "eg_telecom": "fr", "eg_regie": "fr"}

# Keys start with « eg_ ». « {} » marks where a value goes.
ENERGIE_LABELS: dict[str, dict[str, list[str]]] = {
    "it": {
        "eg_title": ["Bolletta per la fornitura di energia elettrica", "Bolletta gas naturale", "La tua bolletta luce"],
        "eg_market": ["Mercato libero", "Servizio a tutele graduali", "Servizio di maggior tutela"],
        "eg_no": ["Numero fattura", "Fattura nr.", "Fattura numero"], "eg_date": ["Data emissione", "Emessa il"],
        "eg_sentence": ["Bolletta n. {} del {}", "Fattura n. {} emessa in data {}"],
        "eg_customer": ["Codice cliente", "Codice utenza"], "eg_point": ["Codice POD", "POD"], "eg_point_gas": ["Codice PDR", "PDR"],
        "eg_meter": ["Matricola contatore"], "eg_contract": ["Codice contratto"], "eg_fiscal": ["Codice fiscale"],
        "eg_offer": ["Codice offerta"], "eg_mandate": ["Codice mandato SDD", "Riferimento mandato SEPA"],
        "eg_power": ["Potenza impegnata"], "eg_power_value": ["3 kW", "4,5 kW", "6 kW"],
        "eg_box_customer": ["Dati del cliente"], "eg_box_supply": ["Dati della fornitura"], "eg_box_bill": ["Dati della bolletta"],
        "eg_period": ["Periodo di fatturazione: dal {} al {}", "Periodo di fatturazione {} - {}"],
        "eg_due": ["Scadenza", "Pagare entro il"], "eg_total": ["Totale da pagare", "Importo totale da pagare"],
        "eg_tv": ["di cui canone di abbonamento alla televisione per uso privato", "di cui Canone RAI"],
        "eg_read": ["Lettura rilevata", "Lettura stimata"], "eg_read_date": ["Data lettura"], "eg_reading": ["Lettura"],
        "eg_used": ["Consumo fatturato"], "eg_unit_energy": ["kWh"], "eg_unit_gas": ["Smc"],
        "eg_end": ["Scadenza condizioni economiche"], "eg_receipt": ["Scontrino dell'energia", "Sintesi degli importi fatturati"],
        "eg_items": ["Spesa per la materia energia", "Spesa per il trasporto e la gestione del contatore",
                     "Spesa per oneri di sistema", "Altre partite", "Imposte"],
        "eg_debit": ["Addebito diretto SEPA sul conto", "Pagamento con domiciliazione bancaria"],
        "eg_slip": ["Avviso di pagamento pagoPA", "Bollettino postale"], "eg_slip_amount": ["Importo"],
        "eg_head": ["Bolletta {} - pagina 2"],
    },
    "es": {
        "eg_title": ["Factura de electricidad", "Factura de suministro eléctrico", "Su factura de luz"],
        "eg_market": ["Precio voluntario para el pequeño consumidor (PVPC)", "Mercado libre"],
        "eg_no": ["Nº factura", "Número de factura", "Nº de factura"], "eg_date": ["Fecha de emisión", "Fecha emisión factura"],
        "eg_sentence": ["Factura nº {} de fecha {}", "Factura {} emitida con fecha {}"],
        "eg_customer": ["Nº contrato suministro", "Referencia del contrato de suministro"], "eg_point": ["CUPS", "Código CUPS"],
        "eg_point_gas": ["CUPS"], "eg_meter": ["Nº de contador", "Número de contador"],
        "eg_contract": ["Contrato de acceso", "Referencia contrato de acceso"], "eg_fiscal": ["NIF titular", "NIF/CIF"],
        "eg_offer": ["Peaje de acceso"], "eg_mandate": ["Referencia del mandato", "Código de mandato"],
        "eg_power": ["Potencia contratada"], "eg_power_value": ["3,45 kW", "4,6 kW", "5,75 kW"],
        "eg_box_customer": ["Datos del contrato"], "eg_box_supply": ["Datos del suministro"], "eg_box_bill": ["Datos de la factura"],
        "eg_period": ["Periodo de facturación: del {} al {}", "Periodo de consumo: {} a {}"],
        "eg_due": ["Fecha de cargo", "Fecha de cobro"], "eg_total": ["Total importe factura", "Importe total de la factura"],
        "eg_tv": [], "eg_read": ["Lectura real", "Lectura estimada"], "eg_read_date": ["Fecha lectura"], "eg_reading": ["Lectura"],
        "eg_used": ["Consumo del periodo"], "eg_unit_energy": ["kWh"], "eg_unit_gas": ["kWh"],
        "eg_end": ["Fecha final del contrato", "Fin de contrato"], "eg_receipt": ["Resumen de la factura", "Detalle de conceptos"],
        "eg_items": ["Por potencia contratada", "Por energía consumida", "Impuesto sobre la electricidad",
                     "Alquiler de equipos de medida", "Financiación del bono social"],
        "eg_debit": ["Forma de pago: domiciliación bancaria", "Cargo en cuenta"],
        "eg_slip": ["Documento de pago en entidades colaboradoras"], "eg_slip_amount": ["Importe a ingresar"],
        "eg_head": ["Factura {} - hoja 2"],
    },
    "de": {
        "eg_title": ["Jahresabrechnung Strom", "Ihre Stromrechnung", "Verbrauchsabrechnung Erdgas"],
        "eg_market": ["Grundversorgung", "Sondervertrag"],
        "eg_no": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr."], "eg_date": ["Rechnungsdatum", "Datum"],
        "eg_sentence": ["Abrechnung Nr. {} vom {}", "Rechnung {} vom {}"],
        "eg_customer": ["Kundennummer", "Kunden-Nr."], "eg_point": ["Marktlokations-ID", "Marktlokation"],
        "eg_point_gas": ["Marktlokations-ID"], "eg_meter": ["Zählernummer", "Zähler-Nr."],
        "eg_contract": ["Vertragskonto-Nr.", "Vertragskontonummer"], "eg_fiscal": ["Messlokations-ID", "Messlokation"],
        "eg_offer": ["Geschäftspartner"], "eg_mandate": ["Mandatsreferenz"],
        "eg_power": ["Tarif"], "eg_power_value": ["Strom Klassik", "Ökostrom Fix 24", "Erdgas Basis"],
        "eg_box_customer": ["Ihre Kundendaten"], "eg_box_supply": ["Ihre Lieferstelle"], "eg_box_bill": ["Rechnungsdaten"],
        "eg_period": ["Abrechnungszeitraum: {} bis {}", "Abrechnungszeitraum {} - {}"],
        "eg_due": ["Fällig am", "Abbuchung am"], "eg_total": ["Rechnungsbetrag", "Rechnungsbetrag brutto"],
        "eg_tv": [], "eg_read": ["abgelesen", "geschätzt"], "eg_read_date": ["Ablesedatum"], "eg_reading": ["Zählerstand"],
        "eg_used": ["Verbrauch"], "eg_unit_energy": ["kWh"], "eg_unit_gas": ["kWh"],
        "eg_end": ["Vertragslaufzeit bis"], "eg_receipt": ["Ihre Abrechnung im Detail", "Berechnung"],
        "eg_items": ["Grundpreis", "Arbeitspreis", "Netzentgelt", "Messstellenbetrieb", "Stromsteuer", "Konzessionsabgabe"],
        "eg_debit": ["Wir buchen den Betrag von Ihrem Konto ab.", "Zahlung per SEPA-Lastschrift"],
        "eg_slip": ["Überweisungsvordruck"], "eg_slip_amount": ["Betrag Euro"],
        "eg_head": ["Rechnung {} - Seite 2"],
        "eg_paid": ["abzüglich geleisteter Abschläge", "bereits gezahlte Abschläge"],
        "eg_rest": ["Nachzahlung", "Zu zahlender Betrag"], "eg_credit": ["Guthaben", "Ihr Guthaben"],
        "eg_next": ["Ihr neuer monatlicher Abschlag ab {}: {}", "Neuer Abschlag ab {}: {}"],
        "eg_letter": ["{}, {}", "{}, den {}"],
    },
    "fr": {
        "eg_title": ["Votre facture mobile", "Votre facture Internet et TV", "Facture de vos services télécoms"],
        "eg_title_water": ["Facture d'eau et d'assainissement", "Facture du service des eaux"],
        "eg_market": ["Offre Fibre Pro", "Forfait mobile 5G"], "eg_market_water": ["Service public de l'eau potable"],
        "eg_no": ["Réf. de votre facture", "N° de facture", "Référence facture"],
        "eg_no_water": ["N° de facture", "Facture n°", "Numéro de facture"],
        "eg_date": ["Date de facture", "Facture du", "Date d'édition"], "eg_date_water": ["Date de facturation", "Date d'émission"],
        "eg_sentence": ["Facture {} émise le {}"], "eg_sentence_water": ["Votre facture d'eau n° {} du {}"],
        "eg_customer": ["N° de compte client", "Compte client"], "eg_line": ["N° de la ligne", "Numéro de ligne"],
        "eg_contract": ["N° de contrat"], "eg_subscriber": ["Référence abonné", "N° d'abonné"],
        "eg_meter": ["Numéro du compteur", "Matricule compteur"], "eg_point": ["Point de desserte"], "eg_box_id": ["Identifiant Box"],
        "eg_mandate": ["RUM", "Référence unique de mandat"], "eg_creditor": ["ICS"],
        "eg_box_customer": ["Vos références", "Votre compte"], "eg_box_supply": ["Votre abonnement"], "eg_box_bill": ["Les données de votre facture"],
        "eg_period": ["Abonnements du {} au {}", "Communications du {} au {}"],
        "eg_period_water": ["Relevé du {} au {}", "Consommation relevée du {} au {}"],
        "eg_due": ["Prélèvement le", "Sera prélevé à partir du"], "eg_due_water": ["Date limite de paiement", "À régler avant le"],
        "eg_total": ["Montant total TTC", "Total de votre facture"], "eg_total_water": ["Total à payer", "Montant à payer TTC"],
        "eg_tv": [], "eg_read": ["Index relevé", "Index estimé"], "eg_read_date": ["Date de relevé"], "eg_reading": ["Index"],
        "eg_used": ["Volume facturé"], "eg_unit_energy": ["m³"], "eg_unit_gas": ["m³"],
        "eg_end": ["Fin d'engagement"], "eg_receipt": ["Détail de vos services", "Vos abonnements et consommations"],
        "eg_receipt_water": ["Détail de la facture d'eau", "Distribution de l'eau, collecte et traitement"],
        "eg_items": ["Forfait 5G 130 Go", "Box Fibre", "Option TV", "Communications hors forfait", "Location du décodeur"],
        "eg_items_water": ["Abonnement eau potable", "Consommation d'eau", "Redevance pollution domestique",
                           "Assainissement collectif", "Redevance modernisation des réseaux de collecte"],
        "eg_debit": ["Paiement par prélèvement automatique", "Vous êtes mensualisé"],
        "eg_slip": ["TIP SEPA à retourner", "Coupon à joindre à votre chèque"], "eg_slip_amount": ["Montant TTC"],
        "eg_head": ["Facture {} - page 2"],
    },
}
blind.add_labels(ENERGIE_LABELS)


def label_strings() -> set[str]:
    """Every label wording of this module (for the test that none is shared with the never-seen generator)."""
    return blind.wordings(ENERGIE_LABELS)


def draw(seed: int) -> tuple[str, str]:
    """(layout, language) of ``seed``, by this module's own draws: the country's bill in its language."""
    layout = random.Random(f"blind-energie-{seed}").choices(LAYOUTS, (0.22, 0.2, 0.22, 0.18, 0.18))[0]
    return layout, LANGUAGE[layout]


def make_invoice(seed: int) -> blind.Invoice:
    """The invoice of ``seed`` (in [ENERGIE_FROM, ENERGIE_TO)): the family's draws, rendered by this module's layout,
    which prints its own number, its own due date and what is left to pay."""
    layout, language = draw(seed)
    invoice = blind.make_invoice(seed, language=language, layout=layout)
    ctx, truth = invoice.context, invoice.truth
    truth.invoice_number = ctx["number"]
    truth.due_date = ctx["eg_due_day"].isoformat()
    if ctx.get("eg_amount_due") is not None:
        truth.amount_due = ctx["eg_amount_due"]
    return invoice


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _r(ctx: dict) -> random.Random:
    """This module's draws for the invoice (apart, so the family's draws stay what they were)."""
    if "eg_rng" not in ctx:
        ctx["eg_rng"] = random.Random(f"blind-energie-render-{ctx['issue']}-{ctx['ttc']}-{ctx['buyer']}")
    return ctx["eg_rng"]


def _w(ctx: dict, key: str) -> str:
    labels = ctx["labels"]
    if ctx.get("eg_water") and f"{key}_water" in labels:
        key = f"{key}_water"
    return _r(ctx).choice(labels[key])


def _d(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _day(ctx: dict, day: dt.date) -> str:
    style = ctx.setdefault("eg_date_style", _r(ctx).choice(["num", "num", "num", "words", "short"]))
    return date_text(day, ctx["language"], style, ctx.setdefault("eg_variant", _r(ctx).randint(0, 5)))


def _fill(template: str, *values: str) -> str:
    """A template with its values; a label without « {} » gets them after a colon."""
    if "{" in template:
        return template.format(*values)
    return f"{template} : {values[0]}" if len(values) == 1 else template


def _number(ctx: dict, layout: str) -> str:
    """The bill's number as such suppliers print it: long digits, a year and a rank, letters before the digits."""
    rng, year = _r(ctx), ctx["issue_day"].year
    shapes = {
        "eg_bolletta": [f"{_d(rng, 12)}", f"{year}/{_d(rng, 9)}", f"{rng.choice('ABEP')}{year % 100:02d}{_d(rng, 9)}",
                        f"{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)}"],
        "eg_factura": [f"{rng.choice(['FE', 'PI', 'S1', 'FA'])}{year % 100:02d}{_d(rng, 3)}{_d(rng, 9)}", f"{_d(rng, 2)}{year}{_d(rng, 8)}",
                       f"{rng.choice(['ZA', 'X'])}{_d(rng, 11)}", f"{year}/{_d(rng, 7)}"],
        "eg_rechnung": [f"{_d(rng, 12)}", f"3{_d(rng, 10)}", f"{year}-{_d(rng, 7)}", f"RE{_d(rng, 10)}"],
        "eg_telecom": [f"{_d(rng, 10)}", f"F{year % 100:02d}{rng.choice(['M', 'B'])}{_d(rng, 9)}",
                       f"{rng.choice(string.ascii_uppercase)}{_d(rng, 3)}-{_d(rng, 6)}-{_d(rng, 4)}"],
        "eg_regie": [f"{year}-{_d(rng, 6)}", f"{year}{_d(rng, 2)}-{_d(rng, 5)}", f"EAU{year % 100:02d}/{_d(rng, 6)}", f"{_d(rng, 9)}"],
    }
    return rng.choice(shapes[layout])


def _codes(ctx: dict, layout: str, gas: bool) -> list[tuple[str, str]]:
    """The supply's identifiers, the invoice number's rivals: (label, value) pairs, some drawn."""
    rng = _r(ctx)
    letters = string.ascii_uppercase
    if layout == "eg_bolletta":
        fiscal = ("".join(rng.choice(letters) for _ in range(6)) + _d(rng, 2) + rng.choice(letters) + _d(rng, 2)
                  + rng.choice(letters) + _d(rng, 3) + rng.choice(letters))
        pairs = [("eg_customer", rng.choice([_d(rng, 9), f"{_d(rng, 3)}.{_d(rng, 3)}.{_d(rng, 3)}"])),
                 ("eg_point_gas" if gas else "eg_point", _d(rng, 14) if gas else f"IT001E{_d(rng, 8)}"),
                 ("eg_meter", f"{rng.choice(['00', 'S', 'E'])}{_d(rng, 8)}"), ("eg_contract", _d(rng, 10)),
                 ("eg_fiscal", fiscal), ("eg_offer", f"{_d(rng, 6)}{rng.choice(['ESVFL', 'GSVFX'])}{_d(rng, 2)}{rng.choice(letters)}")]
    elif layout == "eg_factura":
        cups = f"ES0{_d(rng, 3)}{_d(rng, 12)}{rng.choice(letters)}{rng.choice(letters)}" + rng.choice(["", "0F", "1P"])
        pairs = [("eg_customer", rng.choice([_d(rng, 12), f"{_d(rng, 3)}{_d(rng, 6)}/{_d(rng, 2)}"])), ("eg_point", cups),
                 ("eg_meter", f"{_d(rng, 9)}"), ("eg_contract", _d(rng, rng.choice([10, 12]))),
                 ("eg_fiscal", f"{_d(rng, 8)}{rng.choice(letters)}"), ("eg_offer", rng.choice(["2.0TD", "3.0TD"])),
                 ("eg_power", rng.choice(ctx["labels"]["eg_power_value"]))]
    elif layout == "eg_rechnung":
        pairs = [("eg_customer", rng.choice([_d(rng, 8), f"{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 3)}"])),
                 ("eg_point", f"{rng.randint(1, 5)}{_d(rng, 10)}"), ("eg_fiscal", f"DE{_d(rng, 31)}"),
                 ("eg_meter", f"1{rng.choice(['ESY', 'EMH', 'ITF', 'APA'])}{_d(rng, 10)}"), ("eg_contract", _d(rng, 12)),
                 ("eg_offer", _d(rng, 10))]
    elif layout == "eg_telecom":
        phone = f"0{rng.choice('67')} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}"
        pairs = [("eg_customer", rng.choice([_d(rng, 10), f"{_d(rng, 1)}.{_d(rng, 7)}", f"{_d(rng, 8)}"])), ("eg_line", phone),
                 ("eg_contract", f"{rng.choice(['C', 'CT'])}{_d(rng, 9)}"), ("eg_box_id", f"{rng.choice(['LB', 'FBX'])}{_d(rng, 10)}")]
    else:
        pairs = [("eg_contract", rng.choice([_d(rng, 10), f"{_d(rng, 6)}/{_d(rng, 2)}"])), ("eg_subscriber", f"{_d(rng, 3)}-{_d(rng, 6)}"),
                 ("eg_meter", f"{rng.choice(['I', 'D', 'A'])}{_d(rng, 2)}{rng.choice(letters)}{_d(rng, 6)}"),
                 ("eg_point", _d(rng, 12))]
    kept = [pairs[0]] + [pair for pair in pairs[1:] if rng.random() < 0.75]
    rng.shuffle(kept)
    return [(_w(ctx, key), value) for key, value in kept]


def _mandate(ctx: dict) -> str:
    rng = _r(ctx)
    return rng.choice([f"++{_d(rng, 12)}{_d(rng, 8)}", f"RUM{_d(rng, 14)}", f"{_d(rng, 10)}-{_d(rng, 4)}", f"MD{_d(rng, 16)}"])


def _grid(pairs: list[tuple[str, str]], stacked: bool, columns: int = 2) -> str:
    """Label and value pairs: a two-column table, or labels over values in cells of ``columns`` to a row."""
    if stacked:
        rows = []
        for at in range(0, len(pairs), columns):
            cells = "".join(f'<td style="padding:1mm 5mm 1mm 0;vertical-align:top"><span class="muted">{_e(k)}</span><br>'
                            f'<span class="strong">{_e(v)}</span></td>' for k, v in pairs[at:at + columns])
            rows.append(f"<tr>{cells}</tr>")
        return f'<table>{"".join(rows)}</table>'
    rows = "".join(f'<tr><td class="muted" style="padding-right:6mm">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in pairs)
    return f"<table>{rows}</table>"


def _box(ctx: dict, heading: str, inner: str) -> str:
    return (f'<div style="border:0.8pt solid {ctx["colour"]};padding:2.5mm;margin-top:3mm"><div class="strong accent">'
            f'{_e(heading)}</div>{inner}</div>')


def _readings(ctx: dict, start: dt.date, end: dt.date, gas: bool) -> str:
    """The meter's readings: the previous and the new one, their dates, what was used (none on a telecom bill)."""
    rng, labels = _r(ctx), ctx["labels"]
    old, used = rng.randint(1000, 90000), rng.randint(40, 6000)
    unit = rng.choice(labels["eg_unit_gas" if gas else "eg_unit_energy"])
    head = (f'<tr><th>{_e(_w(ctx, "eg_read_date"))}</th><th>{_e(_w(ctx, "eg_reading"))}</th><th></th>'
            f'<th>{_e(_w(ctx, "eg_used"))} ({_e(unit)})</th></tr>')
    kinds = labels["eg_read"]
    rows = (f'<tr><td>{_day(ctx, start)}</td><td class="n">{old}</td><td>{_e(kinds[0])}</td><td></td></tr>'
            f'<tr><td>{_day(ctx, end)}</td><td class="n">{old + used}</td><td>{_e(rng.choice(kinds))}</td>'
            f'<td class="n">{used}</td></tr>')
    return f'<table class="lines" style="width:80%;margin-top:3mm">{head}{rows}</table>'


def _lines_table(ctx: dict) -> str:
    labels, rng = ctx["labels"], _r(ctx)
    items = ctx["labels"]["eg_items_water" if ctx.get("eg_water") else "eg_items"]
    several = len(ctx["breakdown"]) > 1
    head = [rng.choice(labels["desc"]), rng.choice(labels["qty"]), rng.choice(labels["unit"])]
    if several:
        head.append(rng.choice(labels["rate_col"]))
    head.append(rng.choice(labels["amount_col"]))
    rows = []
    for index, line in enumerate(ctx["lines"]):
        cells = [_e(items[index % len(items)]), blind._qty(ctx, line["qty"]), _m(ctx, line["unit"], False)]
        if several:
            cells.append(_e(blind.rate_text(line["rate"], ctx["language"])))
        cells.append(_m(ctx, line["amount"], False))
        rows.append("<tr>" + "".join(f"<td{' class=n' if i else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<table class="lines"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def _page(ctx: dict, layout: str) -> str:
    rng, labels, lang = _r(ctx), ctx["labels"], ctx["language"]
    ctx["eg_water"] = layout == "eg_regie"
    gas = layout in ("eg_bolletta", "eg_rechnung") and rng.random() < 0.35
    number = _number(ctx, layout)
    ctx["number"] = number
    issue, credit = ctx["issue_day"], ctx["credit"]
    due = issue + dt.timedelta(days=rng.choice([7, 10, 14, 15, 20, 21]))
    ctx["eg_due_day"] = due
    months = rng.choice([1, 2, 2, 3, 6, 12] if layout != "eg_telecom" else [1])
    end = issue - dt.timedelta(days=rng.randint(2, 12))
    start = end - dt.timedelta(days=30 * months + rng.randint(-2, 2))
    codes = _codes(ctx, layout, gas)
    no_label = _w(ctx, "credit_no") if credit else _w(ctx, "eg_no")
    issue_text = _day(ctx, issue)
    # Where the number and the date stand: in the bill's data box, in a sentence under the title, in a German
    # letter's information block, or the number only on the payment slip (the date in the data box).
    where = rng.choice(["box", "box", "stacked", "line"] + (["info", "info"] if lang == "de" else []) + ([] if credit else ["slip"]))
    letter_date = lang == "de" and rng.random() < 0.4  # « Musterstadt, 12.03.2024 » above the title
    bill_pairs: list[tuple[str, str]] = []
    if where in ("box", "stacked"):
        bill_pairs.append((no_label, number))
    if where != "line" and not (letter_date and where != "info"):
        bill_pairs.append((_w(ctx, "eg_date"), issue_text))
    period_template = _w(ctx, "eg_period")
    period_text = period_template.format(_day(ctx, start), _day(ctx, end))
    if rng.random() < 0.5:
        bill_pairs.append((period_template.split(":")[0].split("{")[0].strip(), f"{_day(ctx, start)} - {_day(ctx, end)}"))
        period_text = ""
    due_label = _w(ctx, "eg_due")
    bill_pairs.append((due_label, _day(ctx, due)))
    if rng.random() < 0.4 and labels["eg_end"]:
        bill_pairs.append((_w(ctx, "eg_end"), _day(ctx, issue + dt.timedelta(days=rng.randint(90, 700)))))
    info_pairs: list[tuple[str, str]] = []
    if where == "info":  # a German letter's information block beside the window (DIN 5008)
        info_pairs = [(label, value) for label, value in codes[:2]] + [(no_label, number)]
        if not letter_date:
            info_pairs.append((_w(ctx, "eg_date"), issue_text))
        bill_pairs = [pair for pair in bill_pairs if pair[1] != issue_text]
        rng.shuffle(info_pairs)
    rng.shuffle(bill_pairs)
    stacked = where == "stacked" or rng.random() < 0.3
    total_label = _w(ctx, "eg_total")
    to_pay = ctx["ttc"]
    extra_total = ""
    if labels["eg_tv"] and rng.random() < 0.6 and not credit:  # the TV licence told apart, counted in the total
        extra_total = f'<div class="muted">{_e(_w(ctx, "eg_tv"))} {_m(ctx, Decimal(rng.choice(["9.00", "18.00", "7.50"])))}</div>'
    paid = None
    if lang == "de" and not credit:  # the instalments paid over the period, what is left or given back
        paid = ctx["deposit"] or (to_pay * Decimal(rng.choice(["0.8", "0.9", "0.95", "1.05", "1.1", "1.2"]))).quantize(Decimal("1"))
        rest = to_pay - paid
        ctx["eg_amount_due"] = str(rest) if rest > 0 else "0.00"
        next_day = due.replace(day=1) + dt.timedelta(days=32)
        next_text = _w(ctx, "eg_next").format(_day(ctx, next_day.replace(day=1)),
                                              _m(ctx, (to_pay / 12).quantize(Decimal("1"))))
        rest_label = _w(ctx, "eg_rest") if rest > 0 else _w(ctx, "eg_credit")
        extra_total = (f'<table><tr><td>{_e(_w(ctx, "eg_paid"))}</td><td class="n">{_m(ctx, -paid)}</td></tr>'
                       f'<tr class="strong"><td>{_e(rest_label)}</td><td class="n">{_m(ctx, abs(rest))}</td></tr></table>'
                       f'<div class="muted">{_e(next_text)}</div>')
    elif ctx["deposit"]:
        ctx["eg_amount_due"] = str(ctx["ttc"] - ctx["deposit"])
        extra_total = (f'<table><tr><td>{_e(rng.choice(labels["deposit"]))}</td><td class="n">{_m(ctx, -ctx["deposit"])}</td></tr>'
                       f'<tr class="strong"><td>{_e(rng.choice(labels["balance"]))}</td>'
                       f'<td class="n">{_m(ctx, ctx["ttc"] - ctx["deposit"])}</td></tr></table>')
    summary = (f'<div style="border:1.5pt solid {ctx["colour"]};padding:3mm;margin-top:3mm"><div class="strong" '
               f'style="font-size:12pt">{_e(total_label)} {_m(ctx, to_pay)}</div>{extra_total}</div>')
    # The blocks of the front page
    header = f'<table style="width:100%"><tr><td style="vertical-align:top;width:55%">{_logo(ctx)}{_seller_block(ctx)}</td>'
    window = _buyer_block(ctx, label=rng.random() < 0.3)
    if info_pairs or (lang == "de" and rng.random() < 0.5):
        block = _grid(info_pairs or codes[:3], stacked=False)
        header += (f'<td></td></tr></table><table style="width:100%;margin-top:{rng.choice([6, 10, 16])}mm"><tr>'
                   f'<td style="vertical-align:top;width:55%">{window}</td><td style="vertical-align:top;font-size:8pt">{block}</td></tr></table>')
        if not info_pairs:
            codes = codes[3:] or codes
    else:
        header += f'<td style="vertical-align:top;padding-top:{rng.choice([6, 12, 18])}mm">{window}</td></tr></table>'
    if letter_date:
        header += f'<div style="text-align:right;margin-top:3mm">{_e(_w(ctx, "eg_letter").format(ctx["place"][1], issue_text))}</div>'
    title = ctx["title"] if credit else _w(ctx, "eg_title")
    title_html = (f'<div style="font-size:15pt;margin-top:5mm" class="accent strong">{_e(title)}</div>'
                  f'<div class="muted">{_e(_w(ctx, "eg_market"))}</div>')
    if where == "line":
        title_html += f'<div class="strong">{_e(_w(ctx, "eg_sentence").format(number, issue_text))}</div>'
    if period_text:
        title_html += f"<div>{_e(period_text)}</div>"
    bill_box = _box(ctx, _w(ctx, "eg_box_bill"), _grid(bill_pairs, stacked))
    supply_box = _box(ctx, _w(ctx, "eg_box_supply"), _grid(codes, stacked and rng.random() < 0.5))
    if rng.random() < 0.5:
        front = (f'{header}{title_html}<table style="width:100%"><tr><td style="vertical-align:top;width:50%">{bill_box}{summary}</td>'
                 f'<td style="vertical-align:top;padding-left:5mm">{supply_box}</td></tr></table>')
    else:
        front = f"{header}{title_html}{summary}{bill_box}{supply_box}"
    # The detail, the totals, the payment
    receipt = _w(ctx, "eg_receipt")
    readings = "" if layout == "eg_telecom" else _readings(ctx, start, end, gas)
    totals = [(rng.choice(labels["ht"]), _m(ctx, ctx["ht"]), False), (rng.choice(labels["tva"]), _m(ctx, ctx["tva"]), False),
              (total_label if rng.random() < 0.5 else rng.choice(labels["ttc"]), _m(ctx, ctx["ttc"]), True)]
    totals_html = "".join(f'<tr class="{"strong" if strong else ""}"><td>{_e(k)}</td><td class="n">{v}</td></tr>'
                          for k, v, strong in totals)
    detail = (f'<div class="strong accent" style="margin-top:4mm">{_e(receipt)}</div>{readings}{_lines_table(ctx)}'
              f'{_recap(ctx)}<table class="tot">{totals_html}</table>{_mentions(ctx)}')
    mandate = ""
    if rng.random() < 0.6:
        mandate = (f'<p class="muted">{_e(_w(ctx, "eg_debit"))} – {_e(rng.choice(labels["eg_mandate"]))} {_e(_mandate(ctx))}'
                   + (f' – {_e(labels["eg_creditor"][0])} FR{_d(rng, 2)}ZZZ{_d(rng, 6)}' if "eg_creditor" in labels else "") + "</p>")
    payment = f"{mandate}{_bank(ctx)}"
    slip = ""
    if not credit and (where == "slip" or rng.random() < 0.4):
        pairs = [(codes[0][0], _e(codes[0][1]))] if codes else []
        if where == "slip" or rng.random() < 0.5:
            pairs.append((no_label, _e(number)))
        pairs.append((_w(ctx, "eg_slip_amount"), _m(ctx, to_pay if paid is None else max(to_pay - paid, Decimal(0)))))
        rng.shuffle(pairs)
        cells = "".join(f'<td style="padding-right:7mm"><span class="muted">{_e(k)}</span><br>{v}</td>'
                        for k, v in pairs)
        slip = (f'<div style="border-top:1pt dashed #555;margin-top:8mm;padding-top:3mm"><div class="strong">{_e(_w(ctx, "eg_slip"))}'
                f'</div><table><tr>{cells}</tr></table></div>')
    if rng.random() < 0.45:  # two pages: the detail on the second, its running head repeating the number at times
        running = ""
        if rng.random() < 0.5:
            running = f'<div class="muted" style="text-align:right">{_e(_w(ctx, "eg_head").format(number))}</div>'
        return f'<div style="page-break-after:always">{front}{slip}</div>{running}{detail}{payment}'
    return f"{front}{detail}{payment}{slip}"


def _layout(name: str):
    def render(ctx: dict) -> str:
        return _page(ctx, name)
    render.__doc__ = f"The « {name} » bill of this module (:func:`_page`)."
    return render


blind.RENDER.update({name: _layout(name) for name in LAYOUTS})
