"""What a page prints, found in its plain text: rates, amounts, dates and currencies as invoices write them.

One place for the patterns the cross-checks share: the paper conversion's gate
(``validate_en16931.convert``: other dates, other currencies on the page), the completion
(``core.pipeline.completion``: an amount or a VAT row printed on the page) and the field
rules (``fields_rules``: the currency most written). These are not readings: they say
whether something is printed, the values themselves are parsed by :mod:`.values`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.values import WEEKDAYS, parse_date

#: A rate printed as a percentage: ``20 %``, ``5,5%``.
RATE = compiled(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
#: An amount as invoices print it (grouped, two decimals, maybe signed); not the day and month of a numeric date
#: (« Bezahlt am 12.11.2024 », « le 05.03.26 »: a date's head, followed by its separator and year). Grouped by commas,
#: its decimals after a point (« -29,875.96 »: English), as :func:`printed` and ``values.parse_amount`` read it.
AMOUNT = compiled(r"(?<![\d.,])[-−]?\d{1,3}(?:,\d{3})+\.\d{2}(?![\d]|[./-]\d)|"
                    r"(?<![\d.,])[-−]?\d{1,3}(?:[ .\u00a0\u202f']\d{3})*[.,]\d{2}(?![\d]|[./-]\d)|"
                    r"(?<![\d.,])[-−]?\d+[.,]\d{2}(?![\d]|[./-]\d)")
#: A numeric date, year first or day (month) first: ``2026-03-05``, ``05/03/2026``, ``05.03.26``.
NUMERIC_DATE = compiled(r"(?<![\d/.-])(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))"
                          r"(?![\d/.-]?\d)")
#: Currency signs beside the ISO codes (a sign shared by several currencies is enough to say "not EUR").
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₺": "TRY",
                  "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "kr": "SEK", "lei": "RON", "лв": "BGN"}


class _FoldTable(dict):
    """``str.translate`` table filled as characters are met: each folded once (the rules fold every line)."""

    def __missing__(self, code: int) -> str:
        base = unicodedata.normalize("NFD", chr(code))[0].lower()
        self[code] = folded = base[0] if base else " "
        return folded


_FOLD = _FoldTable()


#: Texts folded kept (:func:`fold`): the field rules fold the same cells and lines some ten times a page; past this
#: many the memo starts again. Only short texts (a cell, a line: :data:`FOLD_KEPT_CHARS` at most) are kept: a whole
#: page's wording is folded once per reading and would keep a company's invoices in a long-lived worker's memory.
FOLDS_KEPT = 20000
FOLD_KEPT_CHARS = 200
_FOLDED: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case without accents, one character for one (offsets stay valid): the text the label
    vocabularies below and the field rules' (``fields_rules/labels/*.toml``) are written for."""
    found = _FOLDED.get(text)
    if found is None:
        found = text.translate(_FOLD)
        if len(text) <= FOLD_KEPT_CHARS:
            if len(_FOLDED) >= FOLDS_KEPT:
                _FOLDED.clear()
            _FOLDED[text] = found
    return found


def _amount_label(label: str) -> str:
    """``label`` (a folded pattern) as the label of an amount in a cell of its own: opening its cell, after at most
    two words (« Budget plan payments made »), and ending it with an amount after it on its line or nothing (the
    amount under it). Words that also make sentences (« Payments made after the due date incur interest », « Les
    échéances réglées après… ») are no label there."""
    return (rf"(?:^|(?<=\s\s))[^\w\s]*(?:[a-z]+[.:]?\s(?!\s)){{0,2}}(?:{label})"
            r"(?=\s*:?\s*$|\s*(?:\s\s|:\s*)[-−+(]?\s*(?:(?:[€$£]|eur|chf|gbp|usd)\s*[-−+]?\s*)?\d)")


#: Labels of an amount already paid (BT-113): a deposit, a payment received, a receipt's « Payé par CB »,
#: per language, written for folded text (:func:`fold`). One place for the field rules' ``PREPAID`` labels
#: (the reading leaves the amount due out when it sees one it cannot pair) and the completion's check
#: that the page prints nothing paid (it fills the amount due with the grand total only then): what
#: one side calls a payment the other does too. « Reste à payer », « Restbetrag » label the amount due.
PREPAID_LABELS: dict[str, tuple[str, ...]] = {
    "fr": ("acompte", r"deja\s*(?:paye|regle|verse)", r"avance\s*(?:recue|versee)",
           r"(?:versement|paiement|reglement)s?\s*recus?", r"montant\s*(?:regle|paye)\b",
           # « Payé par CB », « Payée le 03/02 », a receipt's « PAYÉ »; not « non payées », « sera payé »,
           # « à payer », nor the VAT option « TVA payée sur les débits »
           r"(?<!non )(?<!etre )(?<!sera )\bpayee?s?\b(?!\s*(?:a|avant|sous|dans|sur)\b)",
           # a yearly bill's instalments already taken (« Acomptes déjà prélevés », « Mensualités déjà réglées »)
           _amount_label(r"(?:acomptes?|mensualites?|echeances?)\s*(?:deja\s*)?(?:prelevee?s?|reglee?s?|versee?s?)"),
           _amount_label(r"deja\s*preleve"),
           # a deposit's word with its participle (« Acomptes reçus », « Acompte versé »): the label, not a sentence
           r"acomptes?\s*(?:recus?|percus?|encaisses?|verses?)\b"),
    "en": ("prepaid", r"paid\s*(?:amount|to\s*date|on\s*account|in\s*full)", r"amount\s*paid", r"already\s*paid",
           "deposit", r"advance\s*payment", r"less\s*paid", r"payments?\s*received",
           r"paid\s*(?:by|with)\s*(?:card|credit\s*card|debit\s*card|cheque|check|cash|bank\s*transfer)",
           r"^\W*paid\s*:",  # « Paid: 3.421,88 » over « Balance due », a label of its own
           # a budget plan's instalments already collected (« Paid by monthly instalments », « Payments made »)
           _amount_label(r"payments?\s*made"), _amount_label(r"paid\s*by\s*(?:monthly\s*|direct\s*debit\s*)?instal(?:l)?ments?"),
           _amount_label(r"instal(?:l)?ments?\s*(?:already\s*)?paid"), r"payments?\s*received\s*to\s*date",
           r"deposits?\s*(?:received|paid)\b"),
    "de": ("anzahlung", r"bereits\s*(?:bezahlt|gezahlt|erhalten)", "vorauszahlung", "abschlagszahlung",
           # an instalment paid (« Abschlag »), not the pair of a charge and an allowance (« Zu-/Abschlag », « Zu- / Abschlag »,
           # « Zu- und Abschlag », « Zu- oder Abschlag », « Rabatt / Abschlag »: BG-20, BG-21)
           r"(?<![/-])(?<![/-]\s)(?<![/-]\s\s)(?<!\bund\s)(?<!\boder\s)\babschlag\b",
           r"geleistete\s*zahlung", r"\bbezahlt\s*(?:am|per|mit|bar)\b",
           r"^\W*bezahlt\s*:", r"voraus\s*bezahlt", r"vorab\s*bezahlt",
           # a yearly bill's instalments paid (« Geleistete Abschläge », « abzüglich gezahlter Abschläge »)
           _amount_label(r"(?:geleistete|gezahlte|bezahlte)n?r?\s*abschlage\b"),
           r"anzahlung(?:en)?\s*(?:erhalten|bezahlt|geleistet)\b",
           # « amount paid » of Invoice Ninja (lang/de/texts.php), InvoiceShelf (lang/de.json pdf_amount_paid), Frappe Books
           r"bezahlter\s*betrag"),
    "es": ("anticipo", r"ya\s*pagado", r"(?:entrega|pagos?)\s*a\s*cuenta", r"\bpagad[oa]\s*(?:el|con|en\s*efectivo)\b", r"^\W*pagado\s*:",
           # instalments already paid (« Pagos a cuenta realizados », « Cuotas ya abonadas »)
           _amount_label(r"(?:entregas?|pagos?)\s*a\s*cuenta\s*(?:realizad|efectuad|abonad)[oa]s?"),
           _amount_label(r"cuotas\s*(?:ya\s*)?(?:abonadas|pagadas|cobradas)"),
           r"anticipos?\s*(?:recibid|pagad|abonad|cobrad)[oa]s?\b",
           _amount_label(r"ya\s*(?:abonad|cobrad|satisfech)[oa]s?"),
           r"cantidad\s*pagada",  # Invoice Ninja's « amount paid »
           r"importe\s*pagado"),  # InvoiceShelf's (lang/es.json pdf_amount_paid) and Frappe Books' « amount paid »
    "it": ("acconto", r"gia\s*(?:pagato|versato)", "anticipo", "caparra", r"\bpagat[oa]\s*(?:il|con|in\s*contanti)\b", r"^\W*pagato\s*:",
           # instalments already paid (« Acconti già pagati », « Rate già addebitate »)
           _amount_label(r"(?:acconti|rate)\s*(?:gia\s*)?(?:pagat[ie]|versat[ie]|addebitat[ie])"),
           # « Acconti ricevuti », « Anticipo versato » (the plural « acconti » holds no « acconto »), as a label only
           _amount_label(r"(?:accont|anticip)[oi]\s*(?:ricevut|versat|pagat|incassat)[oi]"),
           # Invoice Ninja's « amount paid », « paid to date »
           r"importo\s*pagato", r"pagato\s*a\s*oggi",
           # « payment received » (Akaunting it-IT transactions.php payment_received, Invoice Ninja payment_subject)
           r"pagament[oi]\s*ricevut[oi]"),
}
#: Glyphs a scan's OCR reads for one another in a word's letters: one upright stroke (a small l, an i, a 1, a bar, an
#: exclamation mark): « Vorausbezahiter Betrag » is « Vorausbezahlter Betrag » read on a 200-dpi scan. The one set: the
#: labels here (:func:`ocr_tolerant`) and the field rules' legal forms (``ocr_noise._STROKES``: « Rossi Sri ») read it.
OCR_STROKES = "il1|!"


def ocr_tolerant(pattern: str) -> str:
    """``pattern``, a label's regular expression for folded text, with the letters i and l of its words of four letters
    or more (« bezahlt », « pagato », « instal ») standing for any upright stroke (:data:`OCR_STROKES`): the label as OCR
    reads it too. A short word stays as written (Italian « il », « mit »): « pagato il » must not match « Pagato 11,50 »,
    the amount's digits. Escapes, character classes and group names are kept as written and end a word; one character
    for one, so a look-behind keeps its width."""
    parts: list[tuple[str, bool]] = []  # (text, a letter of the pattern's literal words)
    at, in_class = 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            parts.append((pattern[at:at + 2], False))
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif pattern.startswith("(?P<", at):
            end = pattern.index(">", at) + 1
            parts.append((pattern[at:end], False))
            at = end
            continue
        parts.append((char, not in_class and char != "]" and char.isalpha()))
        at += 1
    out, start = [], 0
    for end in range(len(parts) + 1):
        if end < len(parts) and parts[end][1]:
            continue
        word = [text for text, _ in parts[start:end]]
        if len(word) >= 4:
            word = [f"[{re.escape(OCR_STROKES)}]" if char in "il" else char for char in word]
        out.extend(word)
        if end < len(parts):
            out.append(parts[end][0])
        start = end + 1
    return "".join(out)


# The labels of an amount paid as OCR reads them too (:func:`ocr_tolerant`): one place for the field rules' ``PREPAID``
# and the completion's checks (:func:`prepaid_label`).
PREPAID_LABELS = {language: tuple(ocr_tolerant(label) for label in labels) for language, labels in PREPAID_LABELS.items()}
#: Any label of an amount paid, folded text.
PREPAID = compiled("|".join(f"(?:{label})" for labels in PREPAID_LABELS.values() for label in labels))


#: A receipt's title, on a line of its own or opening it (folded text): a receipt, a till ticket, and a payment's
#: proof or confirmation (« Justificatif de paiement », « Payment confirmation », « Zahlungsbestätigung »,
#: « Justificante de pago », « Conferma di pagamento »). A receipt is dated by its payment and acknowledges
#: that its total was paid. One place for the field rules (its date) and the completion (nothing left due).
RECEIPT_TITLE = compiled(r"^\W*(?:recu|receipt|quittung|recibo|ricevuta|kassenbon|ticket)\b"
                           r"|^\W*(?:(?:justificatif|preuve|confirmation)\s+de\s+paiement"
                           r"|(?:payment|charge)\s+(?:confirmation|receipt)|proof\s+of\s+payment"
                           r"|zahlungs(?:bestatigung|beleg|quittung)|(?:justificante|comprobante|confirmacion)\s+de\s+pago"
                           r"|(?:conferma|ricevuta|prova)\s+di\s+pagamento|quietanza)\b")
#: How many lines from the top of a page a receipt's title is looked for.
RECEIPT_TITLE_LINES = 12
#: A number sign after a word (« Ticket n° 4521 », « Acompte n° : 1 », « Deposit No. 2 », « Anzahlung Nr. 3 »), for
#: folded text: what follows is that thing's number, the word is no title of the page.
NUMBER_SIGN = compiled(r"\s*(?:n\s*[°º]|n[or]\.|no\b|nr\b|num(?:ero|ber|mer)?\b|#)")
#: What makes a receipt's word no title (folded text): its number follows (a support ticket, « Ticket n° 4521 »), or
#: it says who received the page or when (« Reçu par : M. Dupont », « Received by », « Reçu le 03/03 », a stamp).
_NOT_RECEIPT_TITLE = compiled(rf"{NUMBER_SIGN.pattern}|\s*(?:par|by|von|le|on|am|el|il)\b")
#: An invoice's title opening a line (folded text): « FACTURE N° F-12 », « Invoice », « Rechnung INV-7 », alone in its
#: cell or before its number; not the label of its number or date (« Invoice number » on a card payment's receipt)
#: nor of the buyer's block (« Fattura intestata a »).
INVOICE_TITLE = compiled(r"^\W*(?:facture|invoice|rechnung|factura|fattura)\b"
                           r"(?!\s*(?:number|date|datum|nummer|numero|fecha|data|id)\b)"
                           rf"(?=\s*$|\s{{2}}|{NUMBER_SIGN.pattern}|\s*n\.\s|\s*:?\s*[a-z]{{0,5}}[-/ ]?\d)")
#: Labels of something still to pay (folded text): a due date (« Échéance », « À payer avant le », « Due date »,
#: « fällig am », « Vencimiento », « Scadenza ») or an amount due (« Net à payer », « Amount due », « Balance due »,
#: « Zu zahlen », « Total a pagar », « Da pagare »). A receipt acknowledges a payment made: a page that prints one
#: of them with an amount other than zero (« Balance due 0,00 » says nothing is left) is an invoice.
STILL_DUE_LABELS: dict[str, tuple[str, ...]] = {
    "fr": ("echeance", r"\ba\s*(?:payer|regler|acquitter)\b", r"payable\s*(?:le|avant|au\s*plus\s*tard)\b",
           r"date\s*limite", r"montant\s*du\b"),
    "en": (r"amount\s*due", r"balance\s*due", r"total\s*due", r"due\s*date", r"(?:payable|due|pay)\s*(?:by|before)\b",
           r"payment\s*due", r"amount\s*(?:payable|to\s*pay)"),
    "de": ("fallig", r"zahlbar\s*(?:bis|am)\b", r"zu\s*zahlen", r"offener\s*betrag", r"restbetrag"),
    "es": ("vencimiento", r"\ba\s*pagar\b", r"pagadera?\s*(?:antes|el|hasta)\b", r"importe\s*pendiente"),
    "it": ("scadenza", r"da\s*pagare", r"pagabile\s*entro", r"importo\s*dovuto"),
}
STILL_DUE = compiled("|".join(f"(?:{label})" for labels in STILL_DUE_LABELS.values() for label in labels))


def _still_due(line: str) -> bool:
    """True when the folded ``line`` labels something still to pay (:data:`STILL_DUE`) and prints no amount, or one
    other than zero (« À payer avant le 30/03/2026 », « Net à payer 773,72 »; not « Reste à payer : 0,00 »)."""
    from guichet.core.parsing.values import parse_amount

    if not STILL_DUE.search(line):
        return False
    amounts = [parse_amount(m.group().replace("−", "-")) for m in AMOUNT.finditer(line)]
    return not amounts or any(a != 0 for a in amounts)


def receipt_title(wording: str) -> bool:
    """True when the page (as printed) is a receipt: a receipt's title (:data:`RECEIPT_TITLE`) opens one of its first
    lines, not followed by a number or by who received it (« Ticket n° 4521 », « Reçu par : »); no invoice's title
    there (:data:`INVOICE_TITLE`: « FACTURE N° F-12 » over a support ticket's number); nothing printed as still to
    pay (:data:`STILL_DUE`: « À payer avant le », « Net à payer »)."""
    lines = [fold(line) for line in wording.splitlines() if line.strip()]
    head = lines[:RECEIPT_TITLE_LINES]
    if any(INVOICE_TITLE.search(line) for line in head) or any(_still_due(line) for line in lines):
        return False
    return any((title := RECEIPT_TITLE.search(line)) and not _NOT_RECEIPT_TITLE.match(line, title.end())
               for line in head)


#: A pro forma's title opening a line (folded text): « FACTURE PRO FORMA », « Pro forma invoice », « Proforma-Rechnung »,
#: « Factura proforma », « Fattura pro-forma », « PROFORMA ». A pro forma is an offer priced as an invoice would be,
#: sent before the sale (a quote, a customs or prepayment document): no invoice, nothing to write as one.
PRO_FORMA_TITLE = compiled(r"^\W*(?:(?:facture|invoice|factura|fattura)\s*)?pro\s*-?\s*forma(?!t)")


def pro_forma_title(wording: str) -> bool:
    """True when a pro forma's title (:data:`PRO_FORMA_TITLE`) opens one of the page's first lines (an invoice that
    names the pro forma it follows says so further on a line: « Suivant facture pro forma n° PF-12 »)."""
    lines = [fold(line) for line in wording.splitlines() if line.strip()]
    return any(PRO_FORMA_TITLE.search(line) for line in lines[:RECEIPT_TITLE_LINES])


#: A date in words after a payment's label (« Paid on 29 December 2024 », « Pagada el 5 de diciembre de 2025 »), folded.
_DATE_IN_WORDS = compiled(r"\d{1,2}(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?[a-z]{3,}\.?\s+(?:de\s+)?\d{4}\b")
#: A label of an amount paid that names a deposit or an advance, not the payment of the invoice (« Acompte du
#: 12/02/2026 », « Anzahlung vom », « Deposit invoice », « Acconto del »): a date after it never says the invoice was paid.
DEPOSIT_WORD = compiled(r"acompte|avance|deposit|advance|anzahlung|vorauszahlung|abschlag|anticipo|acconto|caparra"
                           r"|a\s*cuenta|on\s*account")
#: What may stand between a payment's label and its date: an article or preposition (« le », « am », « on »), then a
#: day of the week (« Paid on Friday, 5 December »).
_BEFORE_PAID_DATE = compiled(rf"^(?:(?:le|am|on|el|il|the)\s+)?(?:(?:{WEEKDAYS})\b,?\s+)?")


def paid_on_a_day(wording: str) -> bool:
    """True when the page says it was paid on a day and nothing is left to pay: a label of a payment (:data:`PREPAID`:
    « Payée le », « Bezahlt am », « Payment received ») followed by a date (« Payée le 12/03/2024 par carte bancaire »,
    « Bezahlt am 12.11.2024 », « Payment received 29 December 2024 – thank you »), no amount on that line, and no
    line labelling something still to pay (:data:`STILL_DUE`). An invoice marked paid as a receipt is.

    The date must follow the label directly (only an article and a day of the week between) and be a whole date
    (:func:`parse_date`): « Payments received after 1 April 2026 will incur interest » is a late-payment clause. A
    deposit's or an advance's label (« Acompte du 12/02/2026 ») says nothing of the invoice's own payment."""
    lines = [fold(line) for line in wording.splitlines() if line.strip()]
    if any(_still_due(line) for line in lines):
        return False
    for line in lines:
        if AMOUNT.search(line):
            continue
        for label in PREPAID.finditer(line):
            if DEPOSIT_WORD.search(label.group()):
                continue
            after = line[label.end():label.end() + 45].lstrip(" :,")
            after = after[_BEFORE_PAID_DATE.match(after).end():]
            date = NUMERIC_DATE.match(after) or _DATE_IN_WORDS.match(after)
            if date and parse_date(date.group()) is not None:
                return True
    return False


def prepaid_label(text: str) -> re.Match[str] | None:
    """Where ``text`` (as printed: folded here) names an amount already paid (:data:`PREPAID_LABELS`)."""
    return PREPAID.search(fold(text))


#: A piece of a label wrapped in its narrow cell: a few words of letters, a colon at most (« Importo », « pagato »).
LABEL_PIECE = compiled(r"[^\W\d_][^\W\d_'’.-]*(?:\s+[^\W\d_][^\W\d_'’.-]*){0,2}\s*:?")
#: A line that prints an amount and nothing else (its currency aside): « € 835,82 », « 1.950,24 EUR ».
_AMOUNT_ALONE = compiled(r"\s*(?:€|\$|£|EUR|CHF|USD|GBP)?\s*-?\d[\d\s.,']*\s*(?:€|\$|£|EUR|CHF|USD|GBP)?\s*")
#: ... and a piece followed by its amount on one line (« Dovuto  1.950,24 »).
_PIECE_THEN_AMOUNT = compiled(rf"\s*({LABEL_PIECE.pattern})\s+(?=\S*\d)(.*)")
#: A currency printed alone after a wrapped label's first piece (« Importo  € »).
_CURRENCY_AFTER = compiled(r"\s+(?:€|\$|£|EUR|CHF|USD|GBP)\s*$")


def wrapped_label(first: str, second: str, *vocabularies: re.Pattern[str]) -> bool:
    """True when the two pieces of a wrapped label (as printed) read a label of one of ``vocabularies`` together
    (anything with ``search``) and neither does alone: a column of labels each whole on its line is no wrapped one."""
    one, two = fold(first), fold(second)
    return any(v.search(f"{one} {two}") and not v.search(one) and not v.search(two) for v in vocabularies)


def join_wrapped_labels(wording: str) -> str:
    """``wording`` with each label of an amount paid or still due (:data:`PREPAID`, :data:`STILL_DUE`) that wrapped in
    its narrow cell read whole on its amount's line: its pieces around that line (« Importo » / « € 835,82 » /
    « pagato » → « Importo pagato € 835,82 ») or the second beside it (« Importo  € » / « Dovuto  1.950,24 » →
    « Importo Dovuto 1.950,24 »). The page's text has no places: only pieces that read such a label together
    (:func:`wrapped_label`) join."""
    lines = wording.splitlines()
    out: list[str] = []
    n = 0
    while n < len(lines):
        first = _CURRENCY_AFTER.sub("", lines[n]).strip()
        if LABEL_PIECE.fullmatch(first) and n + 1 < len(lines):
            after = _PIECE_THEN_AMOUNT.fullmatch(lines[n + 1])
            if after and wrapped_label(first, after.group(1), PREPAID, STILL_DUE):
                out.append(f"{first} {after.group(1).strip()} {after.group(2).strip()}")
                n += 2
                continue
            last = lines[n + 2].strip() if n + 2 < len(lines) else ""
            if (lines[n] == first or lines[n].strip() == first) and _AMOUNT_ALONE.fullmatch(lines[n + 1]) \
                    and LABEL_PIECE.fullmatch(last) and wrapped_label(first, last, PREPAID, STILL_DUE):
                out.append(f"{first} {last} {lines[n + 1].strip()}")
                n += 3
                continue
        out.append(lines[n])
        n += 1
    return "\n".join(out)


#: Words that, said just before a date or a number, make it another document's than the invoice itself: the
#: invoice it corrects, cancels or replaces (« facture d'origine », « sur facture », « Ursprungsrechnung »), an
#: order, a delivery, a quote. Per language, for folded text (:func:`fold`). One place for the field rules
#: (``NOT_ISSUE_DATE``, ``NOT_OWN_NUMBER``: such a date is no issue date, such a number no invoice number) and
#: the paper conversion's gate (an issue date printed only after them is refused as uncertain). The
#: invoice's own title is none (« Facture rectificative », « ORIGINAL », « Factura rectificativa »). The invoice
#: referred to in a sentence (« En référence à la facture 005641 du », « Relates to invoice … dated ») is another
#: document too; a bare « Please refer to invoice no. » (the own number, to quote when paying) is not.
OTHER_DOCUMENT_LABELS: dict[str, tuple[str, ...]] = {
    "fr": (r"\bcommande", r"\bcdes?\b", r"bon\s*de", "livraison", r"\bbl\b", r"\bdevis\b",
           r"\bproposition\b", r"d\W?\s*origine", r"\binitial", "precedent",
           r"sur\s*facture", r"avoir\s*sur", "rectification", r"rectifiee?\b", r"annulee?\b", r"\bremplace(?:s|nt)?\b",
           r"corrigee?\b", r"(?:reference|relati(?:f|ve)|suite)\s*a\s*(?:la\s*|notre\s*|votre\s*)?facture",
           # the invoice a credit note corrects, as Dolibarr heads it (bills.lang CorrectionInvoice « Correction facture »)
           r"\bcorrection\s*(?:de\s*(?:la\s*)?)?facture"),
    "en": (r"\border", r"\bpo\b", r"deliver(?:y|ed)", "dispatch", r"\bquot(?:e|ation)", r"\bestimate\b", r"original\s*(?:invoice|document)", "preceding",
           r"against\s*invoice", r"correction\s*(?:of|to)", r"replac(?:es|ing)", r"cancel(?:s|l?ing)\b",
           r"credit(?:ed)?\s*(?:for|on)",
           r"(?:relat(?:es|ing|ed)|refer(?:s|ring)|reference)\s*to\s*(?:the\s*|our\s*|your\s*)?invoice"),
    "de": (r"liefer(?!ant)", "bestell", r"auftrag(?!geber)", "angebot", "kostenvoranschlag", r"\bzur?\s*rechnung", "urspr", "storniert",
           r"storno\s*(?:zu|der|von)", r"korrektur\s*(?:zu|der|von)", "ersetzt",
           r"(?:bezug(?:nehmend)?|bezieht\s*sich)\s*auf\s*(?:die\s*|unsere\s*|ihre\s*)?rechnung",
           r"bezuglich\s*(?:der\s*|unserer\s*|ihrer\s*)?rechnung"),
    # the invoice a credit note corrects, as Spanish and Italian credit slips name it (PrestaShop's es/it « Factura de
    # origen », « Fattura di origine »): a number of the same shape as the note's own
    "es": ("entrega", "pedido", "albaran", "presup", r"\boferta\b", "rectificacion", r"factura\s*(?:original|rectificada|de\s*origen)",
           r"rectifica\s*(?:a|la)\b", "sustitu", r"anula\s*(?:a|la)\b", r"abono\s*de",
           r"(?:referencia|relativ[oa]|referente)\s*a\s*(?:la\s*|nuestra\s*|su\s*)?factura"),
    "it": ("consegna", r"\bordin[ei]\b", r"\bddt", r"\bbolla\b", "preventivo", r"\bofferta\b", r"fattura\s*(?:originale|di\s*riferimento|(?:di|d\W)\s*origine)",
           r"storno\s*(?:della|dell|di|fattura)", "stornata", r"\brettificat[ao]\b", r"rettifica\s*(?:della|dell|di\s*fattura)",
           "sostitu",
           r"annullament?o?\s*(?:della|dell|di)",
           r"(?:riferimento|relativ[oa])\s*(?:alla|a)\s*(?:ns\.?\s*|nostra\s*|vostra\s*)?fattura"),
}
OTHER_DOCUMENT = compiled("|".join(f"(?:{label})" for labels in OTHER_DOCUMENT_LABELS.values() for label in labels))


#: Labels of the payment terms (BT-20) and the sentences that state them with no label (« Paiement à 30 jours »,
#: « Net 30 », « zahlbar innerhalb von 14 Tagen », « pago a 60 días », « a 30 gg d.f. »), per language, for
#: folded text (:func:`fold`). One place for the field rules' ``PAYMENT_TERMS`` / ``PAYMENT_TERMS_SENTENCE``
#: (the terms read as BT-20) and the paper conversion's gate (the days of a term cross-check the issue date
#: with the due date: only days said on a terms line count, not « 2 jours » of a line item nor « Total net
#: 30 000,00 »).
PAYMENT_TERMS_LABELS: dict[str, tuple[str, ...]] = {
    "fr": (r"conditions?\s*de\s*(?:paiement|reglement)", r"modalites?\s*de\s*(?:paiement|reglement)",
           r"mode\s*de\s*(?:paiement|reglement)", r"termes?\s*de\s*paiement", r"delais?\s*de\s*(?:paiement|reglement)"),
    "en": (r"payment\s*terms?", r"terms\s*of\s*payment", r"\bterms\b\s*:"),
    "de": (r"zahlungsbedingung(?:en)?", "zahlungsziel", "zahlungsweise", "zahlungsfrist"),
    "es": (r"forma\s*de\s*pago", r"condiciones\s*de\s*pago", r"metodo\s*de\s*pago", r"plazo\s*de\s*pago"),
    "it": (r"condizioni\s*di\s*pagamento", r"modalita\s*di\s*pagamento", r"termini\s*di\s*pagamento"),
}
#: « Net 30 », not « Total net 30 000,00 » (an amount) nor « Netto 19 % » (a rate).
_NET_DAYS = r"\bnet\s*\d{1,3}(?![\d.,]|\s?\d{3}\b|\s*%)"
PAYMENT_TERMS_SENTENCES: dict[str, tuple[str, ...]] = {
    "fr": (r"(?:paiement|reglement)\s*a\s*\d+\s*jours", r"payable\s*a\s*\d+\s*jours",
           r"a\s*\d+\s*jours\s*(?:fin\s*de\s*mois|net|date)", r"(?:virement|cheque|prelevement)\s*(?:a|sous)\s*\d+\s*jours",
           r"(?:paiement|reglement|payable)\s*a\s*(?:reception|la\s*commande)", r"paiement\s*comptant"),
    "en": (r"net\s*\d+\s*days", r"within\s*\d+\s*days", r"\d+\s*days\s*net", _NET_DAYS,
           r"(?:due|payable)\s*(?:on|upon)\s*receipt", r"\d+\s*days\s*(?:from|of|after)\s*(?:the\s*)?(?:invoice|date)"),
    "de": (r"zahlbar\s*(?:innerhalb|binnen|sofort)", r"\d+\s*tage\s*netto", r"ohne\s*abzug", r"sofort\s*(?:zahlbar|fallig)",
           r"innerhalb\s*(?:von\s*)?\d+\s*tagen"),
    "es": (r"pago\s*a\s*\d+\s*dias", r"\d+\s*dias\s*(?:fecha\s*factura|f\.?\s*f\.?|netos?)", r"pago\s*al\s*contado",
           r"transferencia\s*a\s*\d+\s*dias"),
    # « a 30 gg », « 60 giorni d.f. », « 30 gg f.m. »: not the bare « 2 giorni » of a rental's line
    "it": (r"(?:\ba|entro|pagamento|bonifico|rimessa\s*diretta)\s*\d+\s*(?:gg|giorni)",
           r"\d+\s*(?:gg|giorni)\s*(?:d\.?\s*f\.?|data\s*fattura|f\.?\s*m\.?|fine\s*mese)", r"bonifico\s*a\s*\d+",
           r"rimessa\s*diretta", r"vista\s*fattura"),
}
_PAYMENT_TERMS = compiled("|".join(f"(?:{label})" for table in (PAYMENT_TERMS_LABELS, PAYMENT_TERMS_SENTENCES)
                                     for labels in table.values() for label in labels))
#: A number of days said as a term (« 30 jours », « 14 Tage », « 60 días », « 30 gg », « Net 30 »).
_TERM_DAYS = compiled(r"(?<![\d,.])(\d{1,3})\s*(?:jours?|j|days?|tagen?|dias|giorni|gg)(?!\w)"
                        r"|\bnet(?:to)?\s*(\d{1,3})(?![\d.,]|\s?\d{3}\b|\s*%)")


def term_lines(wording: str) -> list[str]:
    """The lines of the page (folded) that state the payment terms: a line holding a payment-terms label or
    sentence (:data:`PAYMENT_TERMS_LABELS`, :data:`PAYMENT_TERMS_SENTENCES`), and the line after a label that ends
    its line (« Conditions de paiement : » over « 30 jours fin de mois »)."""
    lines = [fold(line) for line in wording.splitlines()]
    said: list[str] = []
    for n, line in enumerate(lines):
        label = _PAYMENT_TERMS.search(line)
        if label is None:
            continue
        said += [line] + ([lines[n + 1]] if n + 1 < len(lines) and not line[label.end():].strip(" :.-") else [])
    return said


def term_days(wording: str) -> set[int]:
    """The numbers of days the page states as payment terms, on its terms' lines (:func:`term_lines`)."""
    return {int(a or b) for text in term_lines(wording) for a, b in _TERM_DAYS.findall(text)}


def dates_on_page(wording: str) -> set[dt.date]:
    """Every date the page prints, numeric or with a month name (:func:`.values.parse_date`'s forms)."""
    found = set()
    for line in wording.splitlines():
        for match in NUMERIC_DATE.finditer(line):
            found.add(parse_date(match.group(1)))
        tokens = line.split()
        for i in range(len(tokens)):
            # « 22-Feb-2024 » (one word, Invoice Ninja's d-M-Y) anywhere on its line, not only at its end;
            # « 5 mars 2026 », « March 5, 2026 », « 5 de marzo de 2026 »
            for n in (1, 2, 3, 4, 5):
                found.add(parse_date(" ".join(tokens[i:i + n])))
    return found - {None}


def currencies_on_page(wording: str, codes: frozenset[str] | set[str]) -> set[str]:
    """The currencies the page writes beside an amount: the ISO 4217 ``codes`` it knows, and signs."""
    amount = r"\d[\d \u00a0\u202f.,']*\d"
    found = set()
    mark = r"([A-Z]{3}|[^\w\s]{1,2}|[A-Za-złč]{2,3})"
    before = re.finditer(rf"(?<![A-Za-z]){mark}\s?(?={amount})", wording)
    after = re.finditer(rf"(?<=\d)\s?{mark}(?![A-Za-z])", wording)
    for match in (*before, *after):
        code = match.group(1) if match.group(1) in codes else CURRENCY_SIGNS.get(match.group(1))
        if code:
            found.add(code)
    return found


def printed(amount: Decimal, wording: str) -> bool:
    """True when ``amount`` (sign aside) is printed on the page, in any of the usual groupings.

    Written by hand: the page's amounts are already parsed by the reading, but only those it
    labelled; an amount printed beside a label it does not know (« Acompte versé ») is found here.
    """
    units, cents = f"{abs(amount):.2f}".split(".")
    groups = [units[max(i - 3, 0):i] for i in range(len(units), 0, -3)][::-1]
    forms = {f"{units},{cents}", f"{units}.{cents}"}
    for sep, dec in ((" ", ","), (".", ","), (",", "."), ("'", "."), (" ", ".")):
        forms.add(f"{sep.join(groups)}{dec}{cents}")
    text = wording.replace("\u00a0", " ").replace("\u202f", " ")
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d)", text) for form in forms)
