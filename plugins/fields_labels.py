"""Label vocabularies for the rules-first field proposer (French, English, German).

Labels are written lower-case and without accents: the proposer matches them
against the page text folded the same way. Each list is ordered from the most
specific to the most general; the first labels weigh more.
"""

from __future__ import annotations

INVOICE_NUMBER = [
    r"n[°o]\s*de\s*facture", r"numero\s*de\s*(?:la\s*)?facture", r"facture\s*n[°o]?\s*[.:]?", r"facture\s*numero",
    r"n[°o]\s*facture", r"ref(?:erence)?\s*facture", r"invoice\s*(?:number|no\.?|n[°o]|#|num\.?)", r"invoice\s*id",
    r"rechnungs?\s*-?\s*(?:nummer|nr\.?|no\.?)", r"rechnung\s*(?:nr\.?|#|no\.?)", r"beleg\s*-?\s*(?:nummer|nr\.?)",
    r"avoir\s*n[°o]?", r"credit\s*note\s*(?:number|no\.?|#)?", r"gutschrift\s*(?:nr\.?|nummer)?",
    r"handelsrechnung\s*(?:\(\d+\)\s*)?nr\.?", r"rechnungskorrektur\s*nr\.?",
    r"\bfacture\b", r"\binvoice\b", r"\brechnung\b",
    r"\bavoir\b", r"\bgutschrift\b", r"\bnr\.", r"\bn[°o]\s*:", r"\bnumero\s*:",
]
ISSUE_DATE = [
    r"date\s*de\s*(?:la\s*)?facture", r"date\s*de\s*facturation", r"date\s*d'?\s*emission", r"date\s*facture",
    r"invoice\s*date", r"date\s*of\s*issue", r"issue\s*date", r"issued\s*(?:at|on)", r"date\s*of\s*invoice", r"billing\s*date",
    r"rechnungs\s*-?\s*datum", r"beleg\s*-?\s*datum", r"ausstellungsdatum", r"datum\s*der\s*rechnung",
    r"emise?\s*le", r"etablie?\s*le", r"fait\s*le",
    r"\bvom\b", r"\bvon\b", r"\bdu\b", r"\bdated?\b", r"\ble\b", r"\bdatum\b", r"\bdate\b",
]
DUE_DATE = [
    r"date\s*d'?\s*echeance", r"echeance", r"a\s*payer\s*(?:avant|au\s*plus\s*tard)\s*(?:le)?", r"payable\s*le",
    r"date\s*limite\s*de\s*paiement", r"due\s*date", r"payment\s*due(?:\s*date)?", r"due\s*on", r"pay\s*by",
    r"faelligkeitsdatum", r"falligkeitsdatum", r"fallig\s*(?:am|bis)?", r"zahlbar\s*bis(?:\s*zum)?",
    r"zahlungsziel", r"bis\s*zum",
]
NOT_ISSUE_DATE = [
    r"livraison", r"delivery", r"liefer", r"leistung", r"commande", r"order", r"bestell", r"echeance", r"due",
    r"fallig", r"faellig", r"periode", r"period", r"zeitraum", r"naissance", r"zahlbar", r"bis\s*zum", r"valable",
]
TOTAL_WITH_TAX = [
    r"total\s*t\.?t\.?c\.?", r"montant\s*t\.?t\.?c\.?", r"total\s*\(?ttc\)?", r"net\s*a\s*payer", r"total\s*a\s*payer",
    r"montant\s*total", r"total\s*toutes\s*taxes", r"grand\s*total", r"total\s*amount(?:\s*due)?", r"invoice\s*total",
    r"total\s*(?:incl\.?|including)\s*(?:vat|tax)", r"total\s*due", r"amount\s*due", r"gesamtbetrag", r"bruttobetrag",
    r"(?:summe|total|betrag|montant)\s*(?:inkl|incl|including)\.?\s*(?:ust|mwst|vat|tax|tva)",
    r"due\s*payable", r"total\s*payable", r"montant\s*a\s*regler", r"total\s*a\s*regler", r"a\s*regler",
    r"rechnungsbetrag", r"endbetrag", r"bruttosumme", r"summe\s*mit\s*(?:ust|mwst)", r"brutto", r"gesamtsumme", r"summe\s*brutto", r"total\s*eur", r"\btotal\b",
    r"\bttc\b",
]
TOTAL_WITHOUT_TAX = [
    r"total\s*h\.?t\.?", r"montant\s*h\.?t\.?", r"total\s*hors\s*tax(?:es?)?", r"sous\s*-?\s*total\s*h\.?t\.?",
    r"base\s*h\.?t\.?", r"total\s*net\s*h\.?t\.?", r"net\s*total", r"total\s*net", r"sub\s*-?\s*total", r"net\s*amount",
    r"total\s*(?:excl\.?|excluding|before)\s*(?:vat|tax)", r"total\s*without\s*(?:vat|tax)", r"untaxed\s*amount",
    r"rechnungssumme\s*ohne\s*(?:ust|mwst)\.?", r"summe\s*ohne\s*(?:ust|mwst)", r"nettobetrag", r"summe\s*netto", r"gesamt\s*netto", r"netto\s*summe", r"nettosumme", r"zwischensumme", r"netto",
    r"\bht\b", r"sous\s*-?\s*total",
]
TOTAL_TAX = [
    r"total\s*t\.?v\.?a\.?", r"montant\s*(?:de\s*la\s*)?t\.?v\.?a\.?", r"total\s*(?:vat|tax)", r"tax\s*total",
    r"vat\s*amount", r"tax\s*amount", r"(?:vat|tax|tva|ust|mwst)\.?\s*(?:total|gesamt)",
    r"(?:zzgl|zuzugl|zuzuglich|plus)\.?\s*(?:ust|mwst|vat|tva)", r"ust\.?\s*gesamt", r"mwst\.?\s*gesamt", r"summe\s*(?:ust|mwst)",
    r"steuerbetrag", r"umsatzsteuer", r"mehrwertsteuer", r"\bt\.?v\.?a\.?\b", r"\bvat\b", r"\bmwst\.?", r"\bust\.?", r"\btax\b",
]
AMOUNT_DUE = [
    r"net\s*a\s*payer", r"reste\s*a\s*payer", r"solde\s*a\s*payer", r"montant\s*du", r"amount\s*due", r"balance\s*due",
    r"to\s*pay", r"zahlbetrag", r"zu\s*zahlen(?:der\s*betrag)?", r"faelliger\s*betrag", r"falliger\s*betrag",
    r"residual", r"restbetrag",
]
PREPAID = [r"acompte", r"deja\s*(?:paye|regle)", r"prepaid", r"paid\s*amount", r"anzahlung", r"bereits\s*bezahlt",
           r"residual", r"reste\s*a\s*payer", r"restbetrag", r"advance"]
SELLER_BLOCK = [r"vendeur", r"fournisseur", r"emetteur", r"prestataire", r"seller", r"supplier", r"vendor",
                r"verkaufer", r"verkaeufer", r"lieferant", r"rechnungssteller"]
BUYER_BLOCK = [
    r"\bclient", r"acheteur", r"destinataire", r"facture\s*a", r"adresse\s*de\s*facturation", r"livre\s*a",
    r"customer", r"buyer", r"bill\s*to", r"billed\s*to", r"invoice\s*to", r"sold\s*to", r"ship\s*to", r"deliver",
    r"\bkaufer", r"\bkaeufer", r"\bkunde", r"leistungsempfanger", r"rechnungsempfanger", r"\bempfanger",
    r"your\s*vat",
    r"votre", r"vos\s*ref", r"kundennummer",
]
IBAN_LABEL = [r"\biban\b"]
BIC_LABEL = [r"\bbic\b", r"\bswift\b", r"swift\s*/\s*bic", r"bic\s*/\s*swift"]
PAYMENT_TERMS = [
    r"conditions?\s*de\s*(?:paiement|reglement)", r"modalites?\s*de\s*(?:paiement|reglement)", r"mode\s*de\s*reglement",
    r"payment\s*terms?", r"terms\s*of\s*payment", r"zahlungsbedingungen?", r"zahlungsziel",
    r"paiement\s*a\s*\d+\s*jours", r"payable\s*a\s*\d+\s*jours", r"zahlbar\s*innerhalb", r"net\s*\d+\s*days",
]
CREDIT_NOTE = [r"\bavoir\b", r"credit\s*note", r"gutschrift", r"note\s*de\s*credit", r"rechnungskorrektur"]
INVOICE_WORD = [r"\bfacture\b", r"\binvoice\b", r"rechnung"]
LEGAL_FORMS = (
    r"\b(?:sas|sasu|sarl|eurl|sa|sca|snc|sci|scop|selarl|gie|gmbh|ag|kg|ohg|ug|e\.\s?k\.|ltd|limited|inc|llc|plc|"
    r"bv|nv|srl|s\.r\.l|spa|s\.a\.|s\.a\.s\.|oy|ab|as|a\.g\.|co\.\s*kg)(?![a-z0-9])\.?"
)
NAME_LABEL = [r"raison\s*sociale", r"\bname\b", r"\bnom\b", r"firma", r"societe"]
# Label words an OCR reading may misspell by a letter or two ("Rechoungsnummer"): an OCR word of the
# same length that differs from one of these by one letter (two from 12 letters on) is read as it.
OCR_LABEL_WORDS = [
    "rechnungsnummer", "rechnungsdatum", "rechnungsbetrag", "rechnungssumme", "belegnummer", "belegdatum",
    "bruttosumme", "bruttobetrag", "nettobetrag", "nettosumme", "gesamtbetrag", "steuerbetrag", "zahlbetrag",
    "umsatzsteuer", "mehrwertsteuer", "zwischensumme", "endbetrag", "leistungsdatum", "lieferdatum",
    "ausstellungsdatum", "rechnung", "gutschrift", "facture", "facturation", "echeance", "montant", "invoice",
    "subtotal", "numero",
]
