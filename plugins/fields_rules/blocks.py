"""Postal address blocks (name, street, postcode and town in one column) and the two parties' blocks.

An address block is found from its postcode line ("69003 Lyon", "D-50667 Köln", "SW1A 1AA
London" read the other way round too) and the lines just above it in the same column (same
left edge). Its first name-like line is the party's name, the line above the postcode its
street, its country the postcode's prefix or a country line under the town
(:mod:`guichet.core.parsing.countries`). A letterhead printed on one line ("12 rue des Lilas · 69003 Lyon") is read too.

- :func:`seller_address`: the block of the seller's name (or the one just under it);
- :func:`buyer_address`: the block of the buyer's name;
- :func:`buyer_from_blocks`: the name of the block under a buyer heading's cell ("Facturé à",
  "Client :" with the name after it), else of the address block that is not the seller's
  (the other party of the page), with a lower confidence.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from guichet.core.parsing.countries import (province_sign, POSTCODE_SHAPES, agreeing_country, countries_of_legal_form, countries_of_street,
                                            country_of_code_after_town, country_of_domain, country_of_name, country_of_phone,
                                            country_of_postcode, country_of_prefix, country_of_region, ISO_PREFIXES, country_of_valid_phone,
                                            postcode_fits, street_excludes, town_without_province)
from guichet.core.model.vat import vat_country as country_of_vat
from guichet.core.parsing.regex_store import compiled
from guichet.core.parsing.text import Word
from guichet.plugins.fields_rules import vocabulary as L
from guichet.plugins.fields_rules.ocr_noise import respelt_word
from guichet.plugins.fields_rules.lines import LABEL_ALONE, STREET_LINE, Cand, Line, block_heading, body_height, fold

#: A postcode then a town, at the start of a cell: "69003 Lyon", "F-69003 Lyon", "D - 50667 Köln", "1010 Wien",
#: "75008 Paris Cedex 08" (the cedex is part of the town La Poste prints). The prefix is a country's sign, after which
#: a dash stands (« D-80333 », « CH-8001 »), or a space after a country's ISO code (« DE 80333 München »: the European
#: country-prefixed notation as XML renderings and many letterheads print it).
#: The postcode has four or five digits, or one of the other European shapes: Dutch « 1012 AB », Portuguese
#: « 1000-001 », Polish « 00-950 », Swedish, Czech, Slovak or Greek « 114 55 » (the Dutch letters are no article of a
#: town written in capitals: « 2300 LA CHAUX-DE-FONDS » is Swiss).
#: Italian and Spanish addresses add the province in brackets ("10128 Torino (TO)"), some the country
#: after a comma or a dash ("46021 Valencia, España"): a tail kept in the town unless it names a country.
_PC = r"(?:\d{4}\s?(?-i:(?!LA|LE|LES|EL|IL|LO|DE|DI|ST)[A-Z]{2})(?=\s)|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}\s\d{2}(?=\s)|\d{4,5})"
_ISO_SIGN = "|".join(sorted(ISO_PREFIXES))
_POSTCODE_TOWN = compiled(rf"^(?:(?P<prefix>(?-i:{_ISO_SIGN})(?=\s\d)|[A-Z]{{1,3}}(?=\s?-))\s?-?\s?)?({_PC})\s+"
                            r"([A-Za-zÀ-ÿĀ-ſ][A-Za-zÀ-ÿĀ-ſ'’ .\-]{1,40}?(?:\s+cedex(?:\s*\d+)?)?)"
                            r"\s*(?:\([A-Za-zÀ-ÿ .\-]{2,30}\))?\s*(?:(?P<sep>[,\-–])\s*(?P<tail>[A-Za-zÀ-ÿ]{4,20})|,\s*(?P<code>(?-i:[A-Z]{2})))?\s*$", re.I)
#: A British or Irish postcode line, town first or postcode first: "Bristol BS1 5TH", "BS1 5TH Bristol",
#: "H91 E2K3 Galway", "D02 XY45 Dublin 2" (an Eircode: a routing key, then four letters or digits; a postal district).
_UK_PC = r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4})"
#: Town first, an Eircode holds a letter after its routing key (« Ref A12 3456 » is a reference, no town).
_UK_PC_AFTER_TOWN = r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?=\d{0,3}[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4})"
_UK_TOWN = compiled(rf"^(?:(?P<town>[A-Za-z][A-Za-z' .\-]{{1,30}}?(?:\s\d{{1,2}})?),?\s+(?P<pc>{_UK_PC_AFTER_TOWN})"
                      rf"|(?P<pc2>{_UK_PC}),?\s+(?P<town2>[A-Za-z][A-Za-z' .\-]{{1,30}}?(?:\s\d{{1,2}})?))\s*$")
#: A North American town line: the town, its state's or province's code (maybe in brackets), the ZIP code or Canada
#: Post's code: « Austin, TX 78701 », « Montréal (Québec) » aside, « Montréal (QC) H2X 1Y4 », « Toronto ON M5H 2N2 ».
_NA_TOWN = compiled(r"^(?P<town>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’ .\-]{1,30}?),?\s+\(?(?P<region>(?-i:[A-Z]{2}))\)?\s+"
                    r"(?P<pc>\d{5}(?:-\d{4})?|(?-i:[A-Z]\d[A-Z]\s?\d[A-Z]\d))\s*$")
#: A British postcode, after or before the town: "London SW1A 1AA".
_UK_POSTCODE = compiled(r"\b([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b")
#: A one-line address: "12 rue des Lilas · 69003 Lyon", "Hauptstraße 5, 50667 Köln".
_INLINE = compiled(rf"(?P<street>[^·•|–,]*?\d[^·•|–,]*?)\s*(?:[·•|–,]|\s-\s)\s*(?P<pc>{_PC})\s+"
                     r"(?P<city>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]+(?:\s[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]+){0,2})")
#: A one-line address with a British or Irish postcode: "134 Main Street, V94 T9PX Limerick".
_INLINE_UK = compiled(rf"(?P<street>[^·•|–,]*?\d[^·•|–,]*?)\s*(?:[·•|–,]|\s-\s)\s*(?P<pc>{_UK_PC})\s+"
                        r"(?P<city>[A-Za-z][A-Za-z'\-]+(?:\s[A-Za-z][A-Za-z'\-]+){0,2}(?:\s\d{1,2})?)")
#: One part of a footer's line, between its separators, that is a whole address with no separator inside:
#: « 4 rue du Port 56100 Lorient », « Hafenweg 4 20457 Hamburg » (the street's number at either end of it).
_ADDRESS_PART = compiled(r"^\s*(?P<street>\d{1,4}\s?[a-zA-Z]?,?\s+[^\d·•|–]{3,}?|[^\d·•|–]{3,}?\s\d{1,4}\s?[a-zA-Z]?)"
                           rf",?\s+(?P<pc>{_PC})\s+(?P<city>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]+(?:\s[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]+){{0,2}})"
                           r"\s*$")
#: The separators of a footer's parts: « Atelier Morel SARL – 4 rue du Port 56100 Lorient – SIRET … ».
_PARTS = compiled(r"\s[-–·•|]\s")
#: Lines of a block that are neither name nor street: contact details, identifiers.
_NOT_BLOCK = compiled(r"@|www\.|https?:|\b(?:tel|tél|fax|phone|telefon|telefono|iban|bic|swift|siret|siren|tva|vat|"
                        r"ust|iva|p\.\s?iva|nif|cif|rcs)\b", re.I)
#: Titles and labels: a cell holding one is above the block, not in it.
_LABEL = (L.TITLE_WORDS + L.INVOICE_NUMBER.strong() + L.ISSUE_DATE.strong() + L.DUE_DATE + L.TOTAL_WITH_TAX.strong()
          + L.PAYMENT_TERMS)
#: Longest first: "customer details" is one heading, not "customer" then a name "details".
_BUYER_WORDS = "|".join(sorted((p.pattern for _r, p in L.BUYER_BLOCK), key=len, reverse=True))
#: A word of a service's or a contact person's label (« Service client », « Conseiller client », « Customer service »,
#: « Atención al cliente », « Billing contact », « Kundenbetreuer »): the seller's, whatever buyer word it holds.
_SERVICE = (r"service|servizio|servicio|kundendienst|conseill|berater|betreuer|advis[oe]r|contact|kontakt|contatto|"
            r"contacto|ansprechpartner|interlocut|referente|support|assistance|assistenza|asistencia|atencion|help|hotline|"
            r"care\b|relations?\b|relacion|charg[eé]e?\s*d|responsab|gestionnaire|manager|representative|desk\b|"
            r"espace|portal|area\b|satisfaction")
#: A buyer heading's cell: the heading first, maybe the name after it ("Client : Société A"); or a
#: heading of a few words that ends with a buyer word ("Coordonnées client", "Dati cliente", "Cliente /
#: Destinatario"), then nothing or a colon and the name (« À facturer à : Clinique des Tilleuls »).
#: Never a service's or a contact's label (:data:`_SERVICE`), nor the first part of a compound word (« Käufer-Str. 12 »:
#: a street's name).
#: A word of billing, with which a service's word makes a label (« Billing contact », « Contact facturation »).
_BILLING_WORD = compiled(r"billing|invoic|factur|fattur|rechnung|accounts?\b|compta")
_SERVICE_LABEL = compiled(rf"^\s*(?:[^\W\d_]+[\s/'’.-]+){{0,3}}(?:{_SERVICE})")
_HEADING_CELL = compiled(rf"^(?!{_SERVICE_LABEL.pattern[1:]})\s*(?:(?:[^\W\d_]+[\s/'’.-]+){{1,3}}(?=(?:{_BUYER_WORDS})(?![a-z])\s*(?::|$)))?"
                           rf"(?:{_BUYER_WORDS})(?![a-z]|-[^\W\d_])\s*:?\s*(?P<rest>.*)$")
_DELIVERY_CELL = compiled(r"^\s*(?:" + "|".join(p.pattern for _r, p in L.DELIVERY_BLOCK) + r")(?![a-z])")
#: A heading naming an identifier of the buyer ("Kundennummer", "Code client", "Votre commande"): no name under it.
_ID_HEADING = compiled(r"(?:nummer|number|\bno\b|\bnr\b|\bid\b|identifi|\bref|code|\bcod(?:ice|igo)?\b|\bn\.?\s?[°º]|commande|order|bestell|pedido|ordine"
                         r"|account|\bcompte|konto|cuenta|\bconto)")
#: An address line a form numbers (« Buyer line 2 », « Adresse ligne 3 »): words in small letters after the first, then
#: a line's number, no colon; inside the block under the name, never its heading, whatever party's word it holds.
_NUMBERED_LINE = compiled(r"\s*[^\W\d_]+(?:\s+[^\W\d_A-Z][^\W\d_]*){1,2}\s+\d{1,2}\s*")
#: A one-line address (a window envelope's sender line): above a block, not in it.
_ONE_LINE = compiled(r"\d{4,5}\s+[A-Za-zÀ-ÿ]")


#: A number alone on a block's line, maybe after a country's prefix: a VAT number, a customer or a company number
#: printed without its label ("ESB17771130", "3635", "FR 12 480 168 624"), maybe with its scheme after it in brackets
#: (« 4000001123452 (GLN) »), never a name nor a street.
_BARE_ID = compiled(r"\s*[A-Z]{0,3}[\s.\-/]?\d[\d\s.\-/]{2,}[A-Z]?\s*(?:\([A-Z]{2,6}\)\s*)?")
#: A post office box, the line a block prints instead of a street or under it (« BP 45 », « CS 70123 », « PO Box
#: 12 », « Postfach 10 12 34 », « Apartado de Correos 12 », « Casella Postale 45 »): an address line, no identifier.
_PO_BOX = compiled(r"^\s*(?:b\.?\s?p|c\.?\s?s|tsa|p\.?\s?o\.?\s?box|box|postfach|apartado(?:\s*de\s*correos)?|apdo|"
                     r"casella\s*postale|c\.?\s?p)\.?\s*\d[\d\s]*$", re.I)
#: A party's identifier with its label and colon, inside its block (« N° client : 53467 », « Kunden-Nr.: 10234 »).
_LABELLED_ID = compiled(r"^[^\d:]{1,30}:\s*[A-Z]{0,3}[\s.\-/]?\d[\d\s.\-/]*[A-Z]?\s*$")
#: A party's identifier line: a short label, then a long number ("GLN 4304171000002", "Lief-Nr: 549910").
_ID_LINE = compiled(r"^[^\d:]{1,30}:?\s*[A-Z]{0,3}\d[\d ]{4,}")
#: A name's label in a party's block: "Name:", "Raison sociale :", "Firma:", a few words around it ("Nom / raison
#: sociale :", "Customer name:", "Nombre del cliente:").
_NAME_WORDS = "|".join(p.pattern for _r, p in L.NAME_LABEL)
_NAME_LABEL_RE = compiled(rf"^\s*(?:[^\W\d_]+[\s/'’.-]+){{0,2}}(?:{_NAME_WORDS})(?:[\s/'’.-]+[^\W\d_]+){{0,2}}\s*:\s*")
#: The same label alone in its cell, its value in the next cell of the row (« Nom / raison sociale  Hôtel des Remparts »).
_NAME_LABEL_CELL = compiled(rf"^\s*(?:[^\W\d_]+[\s/'’.-]+){{0,2}}(?:{_NAME_WORDS})(?:[\s/'’.-]+[^\W\d_]+){{0,2}}\s*:?\s*$")
#: A line naming the person a letter is for ("À l'attention de M. Martin", "Attn:", "z. Hd.", "Alla c.a."):
#: the contact at the buyer, whose company, when the block names one, is the buyer.
_ATTENTION = compiled(r"^\s*(?:a\s*l\W?\s*att(?:ention|\.)|attn?\b|(?:for\s+the\s+)?attention\b|fao\b|z\.?\s*hd?\b|zu\s*handen|"
                        r"(?:alla\s*)?c\.\s?a\.|alla\s*c\.?\s*a\b|all\W?\s*attenzione|a\s*la\s*atencion|c/o\b)")
#: The trades a department is named by (« achats », « Einkauf », « purchasing », « accounts », « buyer »): the words a department's
#: name holds besides its own word, never a body's name (« Northside Fire », « Westfield Police »).
_DEPARTMENT_TRADES = (r"achats?|comptabilite|compta|finances?|fournisseurs|factur\w*|juridique|"
                      r"einkaufs?|rechnungs\w*|\w*buchhaltungs?|finanz(?:en)?|acquisti|amministrazione|contabilita|"
                      r"contabilidad|compras|administracion|purchas(?:e|ing)|procurement|accounts?|accounting|finance|"
                      r"payables?|invoices?|invoicing|billing|buyers?")
#: A department of the buyer on its own line in the block (« Service comptabilité », « Abt. Rechnungswesen », « Accounts
#: Payable », « Ufficio Amministrazione »): inside the block, whatever invoice word it holds, and never its name. Also
#: a department named by its trade alone, as DIN 5008's and public bodies' address fields print it under the name
#: (« Rechnungswesen », « Zentrale Rechnungseingangsstelle », « Finanzbuchhaltung », « Amministrazione e Finanza »,
#: « Ragioneria », « Comptabilité fournisseurs », « Purchase Ledger »): its « Rechnung » is no title over the block
#: (« Amministrazione » alone or with its pair: « Amministrazione Comunale di Pisa » is a town's name).
_DEPARTMENT = compiled(r"^\s*(?:service|direction|dept\b|department|abt\.|abteilung|departamento|dpto\b|ufficio|"
                         r"accounts\s*payable|finance\s*department|buchhaltung|contabilidad|contabilita|"
                         r"(?:(?:zentrale\s+)?rechnungs(?:wesen|eingang\w*|prufung)|(?:finanz|kreditoren|lohn)buchhaltung|"
                         r"amministrazione(?:\s+e\s+\w+)?|ragioneria|comptabilite(?:\s+(?:fournisseurs?|clients?|generale))?|"
                         r"purchase\s+ledger|accounts\s+department)\s*$"
                         # or a department named by its trade, then the department's word or its abbreviation last (« Finance
                         # dept », « Purchasing Dept. », « Buyer dep », « Einkaufsabteilung »); a trade's word
                         # only: any word before « Dept. » is a public body's own name (« Northside Fire Dept. »)
                         rf"|(?:(?:{_DEPARTMENT_TRADES})[\s/&'’.-]+){{1,2}}(?:dep|dept|dpt|department|departement)\.?\s*$"
                         rf"|(?:{_DEPARTMENT_TRADES})abteilung\s*$)")
#: A department's words after its first (« Direction financière », « Service des achats », « Abteilung Einkauf »): small
#: letters, a preposition, or a trade a department is named by. « Direction Rénovation Habitat », « Service Auto Plus »
#: are firms named after a trade, their own name.
_DEPARTMENT_REST = compiled(rf"(?:{_DEPARTMENT_TRADES}|dep\.?|dept\.?|dpt\.?|department|departement|abteilung)")
#: A person's name alone: two or three words in capital initials and small letters, no legal form (« Paul Durand »).
_PERSON_ALONE = compiled(r"[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?(?:\s+[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?){1,2}")
#: A one-word line that addresses the block below it: a heading without its colon ("To", "An", "À", "Per", "For",
#: "Für", "Pour": the word over the buyer's block when the seller's has « From », « Von », « De » over it),
#: or a civility or « Firma » set on its own line over the name, as German letters do ("Herrn" / "Max Muster"), or
#: the block's heading that says only « company » (« Société », « Company », « Unternehmen », « Empresa », « Azienda »).
_LONE_TO = compiled(r"^\s*(?:to|an|a|per|para|for|fur|pour|attn\.?|herrn?|frau|firma|familie|madame|monsieur|mme|mr|mrs|ms|messrs"
                      r"|m\.|mlle|sig\.?(?:\s*ra)?|sr\.?|sra\.?|sres\.?|d\.|dna\.?|don|dona|societe|entreprise|company|unternehmen|empresa|compania"
                      r"|egr\.?|gent\.?(?:\s*m[oa])?|spett\.?(?:\s*le)?"
                      r"|azienda|societa|ditta)\s*:?\s*$")


@dataclass
class Block:
    """An address block: its lines' cells from the top (maybe a heading first) to the postcode line."""

    cells: list[tuple[Line, list[Word]]] = field(default_factory=list)
    postcode: str = ""
    city: str = ""
    street: str | None = None
    #: The country the block prints: its postcode's prefix (« D-10115 ») or a country line under the town.
    country: str | None = None
    country_cell: tuple[Line, list[Word]] | None = None
    #: The country is only the dialling code of a phone under the town (:func:`country_of_phone`): most postcode shapes
    #: are several countries' (five digits: FR, DE, IT, ES), and a phone may be another country's line: shown, unsure.
    country_by_phone: bool = False
    #: The countries the lines under the town name alone, each by itself: a valid phone's country code, an e-mail's or a
    #: website's top-level domain (:func:`_signs_under`); a country only when another sign agrees (:func:`_agreed`).
    signs: list[str] = field(default_factory=list)
    #: The street's line among the cells (the one above the postcode line, or the one above that).
    street_at: int = -2
    #: The country of a valid VAT number printed inside the block or under its town (its ISO prefix): the party's
    #: registration, taken for its address's country only when nothing else is printed (:func:`_vat_country_fits`).
    vat_country: str | None = None

    @property
    def page(self) -> int:
        return self.cells[-1][0].page

    @property
    def x0(self) -> float:
        return self.cells[-1][1][0].box[0]

    def texts(self) -> list[str]:
        return [cell_text(words) for _line, words in self.cells]


def cell_text(words: list[Word]) -> str:
    """A cell's words joined by a space; an OCR word one letter off a label word (:data:`L.OCR_LABEL_WORDS`, a letter
    dropped or added: « Lvraison: » for « Livraison: ») spelt as that word, so that the block's heading reads as
    printed (a delivery block's heading lost, its name would be read as a party's)."""
    return " ".join(w.text if w.confidence >= 1.0 else respelt_word(w.text, _HEADING_WORDS) or w.text for w in words)


_HEADING_WORDS = list(L.OCR_LABEL_WORDS)


def heading_rest(text: str, heading: re.Match[str]) -> str:
    """What follows a buyer heading in its cell, when it is a name: "Client : Société A" → "Société A".

    A name is written with a capital (or a digit); the rest of a longer heading is not
    ("Adresse de facturation du client", "Client / facturation", "Destinataire de la facture").
    """
    if text.rstrip().endswith(":"):
        return ""  # the heading's own words up to its colon closing the cell (« CLIENT FINAL : »): the name is under it
    rest = text[heading.start("rest"):].strip(" :")
    said, colon, after = rest.partition(":")
    if colon and after.strip() and len(said.split()) <= 3 and said[:1].islower():
        rest = after.strip()  # the heading's own words up to its colon (« Facturado a nombre de: Clínica Dental »)
    # the heading's own tail first (« Rechnungsanschrift des Kunden Uwe Lehmann »: « des Kunden »), then the name
    words = rest.split()
    if words and heading_tail(rest) and all(w[:1].islower() or L.BUYER_BLOCK.search(fold(w)) for w in words):
        return ""  # the heading's own tail only (« Rechnungsanschrift des Kunden »): no name after it
    tail = 0
    while tail < min(len(words) - 1, 4) and heading_tail(" ".join(words[:tail + 1])) and (
            words[tail][:1].islower() or L.BUYER_BLOCK.search(fold(words[tail]))):
        tail += 1
    rest = " ".join(words[tail:])
    code = _CODE_FIRST.match(rest)
    if code:  # the customer's code before the name (« Client : C0042 – Dupont SARL », « Customer: 10234 Harbour View »)
        rest = rest[code.end():]
    return rest if rest[:1].isupper() or rest[:1].isdigit() else ""


#: A customer's code before the name after a buyer heading: three digits at least among letters and digits, then a
#: dash, a slash or a space before the name's capital (« C0042 – », « 10234 », « CL-4711 / »); « 3M France », « A2Z
#: Services » keep their first word.
_CODE_FIRST = compiled(r"(?=(?:[A-Z./-]*\d){3})[A-Z0-9][A-Z0-9./-]{2,14}(?:\s*[–\-/|:·]\s*|\s+)(?=[A-ZÀ-Ý])")


def heading_tail(tail: str) -> bool:
    """True when the words after a buyer word still make a heading: short words, buyer and invoice
    words ("du client", "/ facturation", "de la facture"), the name's word of « in the name of » (« Facturado a nombre
    de », « Facturé au nom de », « Intestata a nome di »); not a sentence ("Votre facture en bref")."""
    words = re.findall(r"[^\W\d_]+", fold(tail))
    return all(len(w) <= 3 or L.BUYER_BLOCK.search(w) or L.TITLE_WORDS.search(w) or w.startswith(("factur", "fattur", "billing"))
               or w in ("nombre", "nome", "name", "namen") for w in words) and len(words) <= 4


def cell_words(line: Line, start_word: int) -> list[Word]:
    """The words of ``line`` from ``start_word`` up to the next column gap (one cell)."""
    out = [line.words[start_word]]
    for index in range(start_word + 1, len(line.words)):
        if line.text[line.spans[index - 1][1]:line.spans[index][0]] != " ":
            break
        out.append(line.words[index])
    return out


def cells(line: Line) -> list[list[Word]]:
    """Every cell of the line (words between column gaps).

    Cut once per line (the rules ask for a line's cells some forty times per page): each call gets
    its own outer list, the cells in it are shared and never changed.
    """
    found = line.__dict__.get("_cells")
    if found is None:
        found, index = [], 0
        while index < len(line.words):
            cell = cell_words(line, index)
            found.append(cell)
            index += len(cell)
        line.__dict__["_cells"] = found
    return list(found)


def _cell_at(line: Line, x0: float, x1: float | None = None) -> list[Word] | None:
    """The cell of ``line`` that starts at the left edge ``x0`` (same column), or ends at the right
    edge ``x1`` when one is given (a right-aligned block, at the right margin), if any."""
    for cell in cells(line):
        if abs(cell[0].box[0] - x0) < 0.012 or (x1 is not None and abs(cell[-1].box[2] - x1) < 0.012 and x1 > 0.7):
            return cell
    return None


#: How far right of its heading's left edge a block's lines may start and still stand under it: an indent of a few
#: characters (2 to 5 mm on an A4 page).
_INDENT = 0.025


def _indented_cell(line: Line, heading: list[Word]) -> list[Word] | None:
    """The cell of ``line`` that starts a little right of the ``heading`` cell's left edge and under its words: the
    block's line, indented under its heading."""
    for cell in cells(line):
        if 0 < cell[0].box[0] - heading[0].box[0] < _INDENT and cell[0].box[0] < heading[-1].box[2]:
            return cell
    return None


def _heading_over_indent(line: Line, x0: float) -> list[Word] | None:
    """The cell of ``line`` that starts a little left of a block's lines (their left edge ``x0``, indented under it by
    less than :data:`_INDENT`) and is a party's heading (a buyer's, a delivery place's, a heading alone): the block's
    heading, its lines indented under it (« Livraison : adresse » / «   Entrepôt Nord »). Any other cell there is
    another column's, or a line the block does not hold."""
    for cell in cells(line):
        if 0 < x0 - cell[0].box[0] < _INDENT and cell[-1].box[2] > x0:
            text = cell_text(cell)
            norm = fold(text)
            if _HEADING_CELL.match(norm) or _DELIVERY_CELL.match(norm) or block_heading(text):
                return cell
    return None


def _heading_right_over(lines: list[Line], index: int, top: list[Word]) -> tuple[Line, list[Word]] | None:
    """The party's heading right over a block's top cell ``top`` (on ``lines[index]``): the cell of the next line above
    in its column (a line of another column only may come between), left-aligned with it or a little left of its
    indented lines, set no farther than a line's height above, that reads as a heading."""
    height = max(w.box[3] - w.box[1] for w in top)
    for other in reversed(lines[max(0, index - 2):index]):
        if other.page != lines[index].page:
            return None
        cell = _cell_at(other, top[0].box[0]) or _heading_over_indent(other, top[0].box[0])
        if cell is None:
            if any(w.box[0] < top[-1].box[2] and w.box[2] > top[0].box[0] for w in other.words):
                return None
            continue
        norm = fold(cell_text(cell))
        gap = min(w.box[1] for w in top) - max(w.box[3] for w in cell)
        if gap <= 1.2 * height and (_HEADING_CELL.match(norm) or _DELIVERY_CELL.match(norm) or block_heading(cell_text(cell))):
            return other, cell
        return None
    return None


def _in_column(line: Line, cell: list[Word]) -> bool:
    """True when a word of ``line`` stands in the column of ``cell`` (across its left edge or its width)."""
    return any(w.box[2] > cell[0].box[0] - 0.01 and w.box[0] < cell[-1].box[2] for w in line.words)


#: The last page's blocks, with the very list of lines they were found in: the rules ask for them several times.
_LAST: tuple[list[Line], int, list[Block]] | None = None


def address_blocks(lines: list[Line]) -> list[Block]:
    """Every address block of the pages (see the module docstring)."""
    global _LAST  # noqa: PLW0603 - a one-entry memo: seller, buyer and address rules read the same blocks
    last = _LAST  # read once: another thread may replace it (it then only misses)
    if last is not None and last[0] is lines and last[1] == len(lines):
        return last[2]
    blocks = _find_blocks(lines)
    _LAST = (lines, len(lines), blocks)
    return blocks


def _find_blocks(lines: list[Line]) -> list[Block]:
    blocks = []
    for index, line in enumerate(lines):
        for cell in cells(line):
            text = " ".join(w.text for w in cell)
            match = _POSTCODE_TOWN.match(text)
            uk = None if match else _UK_TOWN.match(text)
            na = None if match or uk else _NA_TOWN.match(text)
            region = (country_of_region(na.group("region"), na.group("pc"), after_comma="," in text[:na.start("region")])
                      if na is not None else None)
            na = na if region is not None else None
            alone = None if match or uk or na else _postcode_under_town(lines, index, cell, text)
            if alone is not None:  # « LONDON » / « SW1A 1AA »: the town's line ends the block, the postcode under it
                block = Block(postcode=" ".join(w.text for w in alone[1]), city=text.strip(" .-,"))
                block.cells.append((line, cell))
                _country_under(block, lines, alone[0], alone[1])
                _signs_under(block, lines, alone[0], alone[1])
                block.country = block.country or country_of_postcode(block.postcode)
            elif not (match or uk or na) or _NOT_BLOCK.search(text) or grid_row_name(line) is not None:
                continue  # no postcode line; a grid's row of a party whole (its header is no name over it)
            elif na is not None:  # its country line, if any, has the last word; else the region's and the code's
                block = Block(postcode=na.group("pc"), city=na.group("town").strip(" .-"))
            elif uk is not None:
                postcode = uk.group("pc") or uk.group("pc2")
                block = Block(postcode=postcode, city=(uk.group("town") or uk.group("town2")).strip(" .-"))
            else:
                city, tail = match.group(3), match.group("tail")
                named = country_of_name(tail) if _named_by_postcode(tail, match.group(2)) else None
                if tail and not named:
                    city = f"{city}{match.group('sep')}{tail}" if match.group("sep") != "," else city
                if match.group("prefix") and country_of_prefix(match.group("prefix")) is None:
                    continue  # « Tel-1234 Foo »: letters before the postcode that are no country's sign
                # a sign over a postcode of another shape (« D-1234 ») gives no country: one misread, which is unknown
                block = Block(postcode=match.group(2), city=city.strip(" .-"),
                              country=country_of_prefix(match.group("prefix"), match.group(2)) or named)
            if alone is None:
                block.cells.append((line, cell))
                _country_under(block, lines, index, cell)
                _signs_under(block, lines, index, cell)
                if (block.country is None or block.country_by_phone) and match is not None:  # « 06000 NICE, FR »: no
                    _printed_over_phone(block, country_of_code_after_town(match.group("code"), match.group(2)))
            if block.country is None or block.country_by_phone:  # a shape of one country's (« D02 XY45 », « 1012 AB »):
                _printed_over_phone(block, country_of_postcode(block.postcode) or region)  # a country line has the last word
            x0 = cell[0].box[0]
            top, height = min(w.box[1] for w in cell), max(body_height(w) for w in cell)  # OCR: the type's, not its letters'
            pitch = None  # the gap the block keeps between its lines, from its first two lines
            under = _gap_under(lines, index, cell)
            beside: list[Line] = []  # the lines of another column only, since the block's top line
            for other in reversed(lines[max(0, index - 8):index]):  # rows of another column may interleave
                if other.page != line.page:
                    break
                above = _cell_at(other, x0, cell[-1].box[2]) or _heading_over_indent(other, x0)
                if above is None and not any(w.box[0] < cell[-1].box[2] and w.box[2] > x0 for w in other.words):
                    beside.append(other)
                    continue  # a line of another column only (rows of a text layer interleave beside the block)
                gap = top - max(w.box[3] for w in above) if above is not None else 0.0
                # set wide, a block keeps one gap between its lines: the one under its postcode line (« Italia »),
                # then the one its first lines keep; a blank line of a block set tight is wider than its gaps
                kept = under if pitch is None and under is not None and under <= 1.6 * height else pitch
                if above is None or (gap > 1.2 * height and not (kept is not None and abs(gap - kept) <= 0.15 * height)
                                     and not _row_beside(beside, above, top, height)):
                    break  # another column, or a blank line (a wider gap than the block's lines keep): the block ends
                beside = []
                pitch = gap if pitch is None else pitch
                top = min(w.box[1] for w in above)
                above_text = cell_text(above)
                if not _PO_BOX.match(above_text) and (_NOT_BLOCK.search(above_text) or _BARE_ID.fullmatch(above_text)
                                                      or _LABELLED_ID.match(above_text)):
                    block.vat_country = block.vat_country or vat_country(above_text)
                    continue  # a phone or VAT line inside the block, an identifier with or without its label
                norm = fold(above_text)
                heading = (_HEADING_CELL.match(norm) or _DELIVERY_CELL.match(norm) or block_heading(above_text)
                           or (L.SELLER_BLOCK.search(norm) and not _DEPARTMENT.match(norm)))  # « Service fournisseurs »
                if heading and _NUMBERED_LINE.fullmatch(above_text):
                    heading = None  # « Buyer line 2 »: a form's numbered address line, whatever word it holds
                if heading and re.match(r"\W*\d", norm) and re.search(STREET_LINE, norm):
                    heading = None  # « 1, rue du Fournisseur », « 35 rue d'ici, Seller line 2 »: a street, whatever word
                    # it holds; a heading opens with its word, never with a street's number
                if heading and len(block.cells) >= 2 and _seller_heading_over(lines, other, above, height):
                    heading = None  # two seller headings stacked: the upper one heads the block, the lower one is
                    # its first line, the name (a party's block has one heading)
                if (_ONE_LINE.search(above_text) and not _HEADING_CELL.match(norm)) or len(sender_parts_from(other, above)) >= 3:
                    break  # a sender line "Name · street · 12345 Town" above the addressee's block (« Client : 10234
                    # Dupont SA » is the buyer's heading, its customer's code before the name)
                if not heading and _LABEL.search(norm) and not _DEPARTMENT.match(norm) and not re.search(STREET_LINE, norm):
                    break  # a title or a label above the block (not a street named with its word: « Rechnungsstraße 12 »)
                block.cells.insert(0, (other, above))
                inner = sum(1 for t in block.texts() if _ATTENTION.match(fold(t)) or _DEPARTMENT.match(fold(t)) or _unit_line(t))
                if heading and not _ATTENTION.match(norm):
                    break  # a heading opens the block
                if len(block.cells) - inner >= 5:
                    break  # five lines, a contact's or a department's line inside it besides them: the block is whole
            top_line, top_cell = block.cells[0]
            top_norm = fold(cell_text(top_cell))
            if len(block.cells) >= 4 and not (_HEADING_CELL.match(top_norm) or _DELIVERY_CELL.match(top_norm)
                                              or block_heading(cell_text(top_cell))):
                # a block whole at its lines' cap, or at the lines the search looks back over: its heading, if one
                # stands right over it, still opens it
                over = _heading_right_over(lines, lines.index(top_line), top_cell)
                if over is not None:
                    block.cells.insert(0, over)
            if block.country is None and match is not None and _province_sign(text, block):
                block.signs.append("IT")  # « 73100 LECCE LE », « 56127 Pisa (PI) »: a sign, agreed with another
            block.city = town_without_province(block.city, block.postcode, _sign_country(block.country, block.texts()[:-1]))
            if len(block.cells) >= 2:
                street = block.texts()[-2]
                block.street = street if re.search(r"\d", street) and not _HEADING_CELL.match(fold(street)) else None
                if block.street is None and len(block.cells) >= 4 and re.search(STREET_LINE, fold(block.texts()[-3])):
                    # a second address line under the street (« 15, avenue Victor Hugo » / « Résidence du Parc, apt B »);
                    # a street cut after its article by a narrow column goes on on that line (« 50 allée des » /
                    # « Tilleuls »): the two lines are the street
                    block.street, block.street_at = block.texts()[-3], -3
                    if _OPEN_END.search(street) is None and _OPEN_END.search(block.street) and not re.search(r"\d", street):
                        block.street = f"{block.street} {street}"
                elif (block.street is None and len(block.cells) >= 4 and _numbered_address(block.texts()[-3])
                      and (_unit_line(street) or _ADDRESS_START.search(fold(street)))):
                    # the street, then a building's, a suite's or a locality's line with no number (« 146 Wine Street »
                    # / « Suite A », « 12 RUE DES LILAS » / « LIEU DIT LA FORGE »: NF Z10-011 prints the locality under
                    # the street): the street is the numbered line over it, whatever its words
                    block.street, block.street_at = block.texts()[-3], -3
                elif len(block.cells) >= 4 and _unit_line(street) and re.search(STREET_LINE, fold(block.texts()[-3])):
                    # a building's or a floor's line under the street (« Via Dante, 33 » / « Bâtiment 3 »): the street is
                    # the address's main line, the one that tells its country's words
                    block.street, block.street_at = block.texts()[-3], -3
                    if re.fullmatch(r"\d{1,4}\s?[a-z]?", street.strip()) and not re.search(r"\d", block.street):
                        # « Piazza Cavour » / « 29 »: its number cut off (not « 12 rue Haute » / « 3 »: a door's)
                        block.street = f"{block.street} {street.strip()}"
                blocks.append(block)
    return blocks


def _province_sign(text: str, block: Block) -> bool:
    """True when the town's line ends with an Italian province's sign after a five-digit postcode (« 56127 Pisa (PI) »,
    « 73100 LECCE LE »: :func:`~guichet.core.parsing.countries.province_sign`, Poste Italiane's address line), counted as
    one of the block's signs (:func:`_agreed` asks another to agree): in brackets, or bare only over an Italian street's
    line; a bare last word alone is a French town's as often (« 50000 SAINT LO », « 17410 SAINT MARTIN DE RE »)."""
    sign = province_sign(text, block.postcode)
    return sign is not None and (sign[1] or _sign_country(None, block.texts()[:-1]) == "IT")


def _seller_heading_over(lines: list[Line], line: Line, cell: list[Word], height: float) -> bool:
    """True when ``cell`` (a line of a seller's heading word, no colon: « LE FOURNISSEUR ») has right over it, in its
    column and at a line's gap, another seller's heading (« SELLER TRADE NAME », « Vendeur »): a block has one heading,
    the upper one; the lower line is the block's first, its name."""
    text = cell_text(cell)
    if ":" in text or not L.SELLER_BLOCK.search(fold(text)) or _HEADING_CELL.match(fold(text)):
        return False
    index = lines.index(line)
    over = None
    for prev in reversed(lines[max(0, index - 3):index]):  # lines of another column only may come between (OCR rows)
        if prev.page != line.page:
            return False
        over = _cell_at(prev, cell[0].box[0], cell[-1].box[2])
        if over is not None or any(w.box[0] < cell[-1].box[2] and w.box[2] > cell[0].box[0] for w in prev.words):
            break
    if over is None or abs(over[0].box[0] - cell[0].box[0]) > 0.01:
        return False
    gap = min(w.box[1] for w in cell) - max(w.box[3] for w in over)
    over_text = fold(cell_text(over))
    return gap <= 1.2 * height and ":" not in over_text and bool(L.SELLER_BLOCK.search(over_text)) \
        and not _HEADING_CELL.match(over_text)


def _numbered_address(text: str) -> bool:
    """True for an address line with a number and a word of three letters (« 146 Wine Street », « Herengracht 7 »,
    « Flat 58, Mill Road »), that is no identifier (a label's colon), no contact line, no company (a legal form) and no
    heading."""
    norm = fold(text)
    return (re.search(r"\d", text) is not None and re.search(r"[A-Za-zÀ-ÿ]{3}", text) is not None and ":" not in text
            and not _NOT_BLOCK.search(text) and not re.search(L.LEGAL_FORMS, norm) and not _HEADING_CELL.match(norm))


def _unit_line(text: str) -> bool:
    """True for a short line that designates a floor, a room, a wing or a building by a number or a letter (« 5. Stock »,
    « Puerta C », « Bâtiment C – 2e étage », « Zimmer 154 »): a line inside the block besides its name and street, that
    does not count towards its length. Not a street (a street's word), a company (a legal form, an ampersand)."""
    words = re.sub(r"[,–-]", " ", text).split()
    return (1 <= len(words) <= 5 and "&" not in text
            and any(re.fullmatch(r"\d{1,3}(?:[a-z]{1,2}|[.ºª°])?|[A-Z]", w) for w in words)
            and not re.search(L.LEGAL_FORMS, fold(text)) and not _ADDRESS_START.search(fold(text)))


#: An Italian street's or place's word opening an address line (« Via Roma 5 », « V.le Europa », « P.zza Duomo »,
#: « Loc. Pian di Rota », « C.da Spinelli »), written for folded text: the address is in Italy.
_ITALIAN_STREET = compiled(r"^\W*(?:via|viale|v\.\s?le|piazza|piazzale|p\.\s?z?za|corso|c\.\s?so|largo|vicolo|vico"
                             r"|strada|localita|loc\.|frazione|fraz\.|contrada|c\.\s?da|borgo|lungomare|lungotevere"
                             r"|lungarno|salita|traversa)(?:\s|,|$)")


def _sign_country(country: str | None, lines: list[str]) -> str | None:
    """The country an address is in as far as a province's sign after its town goes: the one it prints (its
    postcode's prefix, its country line), else Italy when one of its ``lines`` opens with an Italian street's word."""
    return country or ("IT" if any(_ITALIAN_STREET.match(fold(text)) for text in lines) else None)


#: A town alone on its line (« LONDON », « Dublin 2 », « Bishop's Stortford »), over its British or Irish postcode.
_TOWN_ALONE = compiled(r"[A-Za-z][A-Za-z' .\-]{1,30}?(?:\s\d{1,2})?,?")


def _postcode_under_town(lines: list[Line], index: int, cell: list[Word], text: str) -> tuple[int, list[Word]] | None:
    """The index of the next line and its cell when ``cell`` is a town alone and that cell, just under it in its
    column, a British or Irish postcode alone: the last two lines of an address as the Royal Mail and An Post ask
    them printed (« LONDON » / « SW1A 1AA », « Cork » / « T12 K8AF »)."""
    if not _TOWN_ALONE.fullmatch(text) or index + 1 >= len(lines) or lines[index + 1].page != lines[index].page:
        return None
    under = _cell_at(lines[index + 1], cell[0].box[0])
    if under is None or not re.fullmatch(_UK_PC_AFTER_TOWN, " ".join(w.text for w in under)):
        return None
    height = max(w.box[3] - w.box[1] for w in cell)
    return (index + 1, under) if min(w.box[1] for w in under) - max(w.box[3] for w in cell) <= 1.2 * height else None


def _row_beside(beside: list[Line], above: list[Word], top: float, height: float) -> bool:
    """True when the one line of another column between the cell ``above`` and a block's line at ``top`` fills the
    gap between them at the block's spacing: two blocks side by side, the other one a line longer (its « Highway 1 »
    printed where this one has nothing), the rows of both set as one table's. That line is one cell, as an address
    line is: a row of several cells (« Portes  1  1.126,00 ») is a table's, beside a block that ends above it."""
    if len(beside) != 1 or len(cells(beside[0])) != 1:
        return False
    row_top, row_bottom = min(w.box[1] for w in beside[0].words), max(w.box[3] for w in beside[0].words)
    return row_top - max(w.box[3] for w in above) <= 1.2 * height and top - row_bottom <= 1.2 * height


def _gap_under(lines: list[Line], index: int, cell: list[Word]) -> float | None:
    """The gap between the postcode line's cell and the cell just under it in its column (a country, a phone
    line), if any."""
    bottom = max(w.box[3] for w in cell)
    for other in lines[index + 1:index + 2]:
        below = _cell_at(other, cell[0].box[0], cell[-1].box[2]) if other.page == lines[index].page else None
        if below is not None:
            return min(w.box[1] for w in below) - bottom
    return None


def _named_by_postcode(word: str | None, postcode: str | None) -> bool:
    """A country named by a town's last word(s) (« 10115 Berlin Allemagne ») only when the postcode has that country's
    known shape: a town's own word may be a country's name (« 28691 Villanueva de la Cañada », « Rhode Island »)."""
    named = country_of_name(word)
    return named is not None and named in POSTCODE_SHAPES and postcode_fits(named, postcode)


def _country_under(block: Block, lines: list[Line], index: int, cell: list[Word]) -> None:
    """The country line right under the postcode line, in its column (« ALLEMAGNE », « Germany »),
    or a country name ending the town (« 10115 Berlin Allemagne »). The prefix, when there is one,
    has the last word: a line naming another country is left alone."""
    words = block.city.split()
    if len(words) > 1 and _named_by_postcode(words[-1], block.postcode):
        block.country = block.country or country_of_name(words[-1])
        block.city = " ".join(words[:-1])
    bottom, height = max(w.box[3] for w in cell), max(w.box[3] - w.box[1] for w in cell)
    x0, x1, page = cell[0].box[0], cell[-1].box[2], lines[index].page
    # set wide, a block keeps the gap its street and postcode lines keep (« 89131 Napoli » / « Italie »)
    above = _cell_at(lines[index - 1], x0, x1) if index and lines[index - 1].page == page else None
    kept = min(w.box[1] for w in cell) - max(w.box[3] for w in above) if above is not None else 0.0
    for other in lines[index + 1:index + 3]:
        under = _cell_at(other, x0, x1) if other.page == page else None
        if under is None and other.page == page and not any(w.box[0] < x1 and w.box[2] > x0 for w in other.words):
            continue  # a row of another column only, printed between (« Commande » of a references' column)
        if under is None or min(w.box[1] for w in under) - bottom > max(1.2 * height, kept + 0.15 * height):
            return
        text = " ".join(w.text for w in under)
        named = country_of_name(text)
        if named and block.country in (None, named):
            block.country, block.country_cell = named, (other, under)
        elif named is None and block.country is None and country_of_phone(text, block.postcode):
            # no country line, but the party's phone in international form under its town: its country code, when the
            # postcode has that country's shape (« 86150 Augsburg » / « Tel. +49 821 4471 20 »)
            block.country, block.country_cell = country_of_phone(text, block.postcode), (other, under)
            block.country_by_phone = True
        return


def _printed_over_phone(block: Block, country: str | None) -> None:
    """``country``, printed by the address itself (its code after the town, its postcode's one-country shape), replaces
    a country told only by a phone's dialling code under it (:attr:`Block.country_by_phone`), which is only shown."""
    if country is not None:
        block.country, block.country_by_phone, block.country_cell = country, False, None


def _signs_under(block: Block, lines: list[Line], index: int, cell: list[Word]) -> None:
    """The countries the contact lines under the block's town name, in its column and at its spacing (up to four lines:
    a country line, a phone, a mail, a website): a phone in international form valid in its country's numbering plan
    (:func:`country_of_valid_phone`), an e-mail's or a website's country domain (:func:`country_of_domain`)."""
    bottom, height = max(w.box[3] for w in cell), max(w.box[3] - w.box[1] for w in cell)
    x0, x1, page = cell[0].box[0], cell[-1].box[2], lines[index].page
    for other in lines[index + 1:index + 5]:
        under = _cell_at(other, x0, x1) if other.page == page else None
        if under is None or min(w.box[1] for w in under) - bottom > 1.2 * height:
            return
        text = " ".join(w.text for w in under)
        sign = country_of_valid_phone(text) or country_of_domain(text)
        if sign is not None:
            block.signs.append(sign)
        block.vat_country = block.vat_country or vat_country(text)
        bottom = max(w.box[3] for w in under)


def vat_country(text: str) -> str | None:
    """The country of a VAT number on ``text`` whose check digits hold (« TVA intracommunautaire : BE0727189303 »,
    « USt-IdNr. ATU12345675 »): its prefix (Council Directive 2006/112/EC art. 215: the number carries the prefix of
    the Member State that issued it), else None."""
    # parties imports this module's helpers when its functions run, never at its top: this import is safe here too
    from guichet.plugins.fields_rules.parties import _VAT_ANY, _vat_number

    for match in _VAT_ANY.finditer(text.upper()):
        found = _vat_number(match.group(0))
        if found is not None and found[1] >= 0.95:
            return country_of_vat(found[0])
    return None


def _vat_country_fits(block: Block) -> str | None:
    """The block's VAT number's country (:attr:`Block.vat_country`) as its address's, when the block prints no country
    (no country line, no postcode prefix, no postcode of one country's shape): a company registers for VAT where it is
    established, and most pages print no country line for a foreign buyer whose VAT number says it (« Brunet SPRL /
    Rue Royale 13 / 5000 Namur / TVA BE0727189303 »). Only when the postcode has that country's known shape and the
    street's words are not another language's (a company may hold a VAT number of a country it only trades in: its
    address then tells another shape or street). Never over a sign: a phone's dialling code shown as the country
    (:attr:`Block.country_by_phone`), an e-mail's domain under the town that names another country (« +377 »: Monaco's
    firms hold French VAT numbers, France's tax office registers them). Never France for a Monaco postcode (980xx: La
    Poste's codes for the Principality, a French shape)."""
    country = block.vat_country
    if (country is None or block.country is not None or any(sign != country for sign in block.signs)
            or country not in POSTCODE_SHAPES or not postcode_fits(country, block.postcode)):
        return None
    if country == "FR" and block.postcode.strip().startswith("980"):
        return None
    return None if street_excludes(country, block.street) else country


def _agreed(block: Block) -> str | None:
    """The block's country when the signs under its town agree with each other and with what the block prints above:
    its street's language, a legal form ending one of its lines (:func:`~guichet.core.parsing.countries.agreeing_country`:
    one sign at least names the country, two signs in all, the postcode of its shape). « Lindenstraße 5 / 01069 Dresden
    / Tel. +49 351 4471 20 » is German; the phone alone is not (five digits are also France's, Italy's, Spain's)."""
    if not block.signs:
        return None
    texts = block.texts()
    forms = [found for text in texts[:block.street_at % len(texts)] if (found := countries_of_legal_form(text))]
    street = countries_of_street(block.street)
    return agreeing_country(block.postcode, block.signs, ([street] if street else []) + forms[-1:])


#: A line that is only a legal form: the end of a name wrapped in a narrow column ("… GmbH & Co." / "KG").
_LEGAL_FORM_ONLY = compiled(rf"(?:{L.LEGAL_FORMS.pattern}\s*)+")


def _form_below(lines: list[Line], line: Line, cell: list[Word]) -> list[Word]:
    """The cell just under ``cell`` when it ends the name wrapped in a narrow column (:func:`name_goes_on`), else nothing."""
    index = lines.index(line)
    height = max(w.box[3] - w.box[1] for w in cell)
    for other in lines[index + 1:index + 4]:
        if other.page != line.page or other.top - line.top > 2.5 * height:
            break
        under = _cell_at(other, cell[0].box[0], cell[-1].box[2])  # or at the right margin
        if under is not None:
            return under if name_goes_on(cell, under) else []
    return []


def _case_of(text: str) -> str | None:
    """How a line's letters are set, its legal form aside (« Beaumont SASU » is in small letters, « DUBOIS SAS » in
    capitals): ``upper``, ``lower`` (small letters, maybe capital initials), or None with fewer than three letters."""
    letters = [c for c in re.sub(L.LEGAL_FORMS, " ", fold_case(text)) if c.isalpha()]
    if len(letters) < 3:
        return None
    return "upper" if all(c.isupper() for c in letters) else "lower"


def fold_case(text: str) -> str:
    """``text`` with each word kept as printed but a legal form's (matched on the folded word) blanked out."""
    return " ".join(" " if L.LEGAL_FORMS.fullmatch(fold(word).strip(",")) else word for word in text.split())


def type_height(words: list[Word]) -> float:
    """The height of a line's type: its words' boxes' median height (a text layer's box follows the font's size);
    0 for no word."""
    return statistics.median(w.box[3] - w.box[1] for w in words) if words else 0.0


def _smaller_type(block: Block, index: int) -> bool:
    """True when the block's line ``index`` is set in smaller type than every line under it: a label over the party
    (« preneur » / « Sandrine Guérin »). A company's name is never printed smaller than its contact or its street. Only
    on a text layer (no OCR baseline): there a word's box is its font's size, while OCR boxes its letters (« preneur »
    has no capital and looks smaller)."""
    words = block.cells[index][1]
    if index + 2 >= len(block.cells) or any(w.baseline is not None for w in words):
        return False
    height = type_height(words)
    return all(height < 0.9 * type_height(under) for _line, under in block.cells[index + 1:])


def set_apart(text: str, below: str) -> bool:
    """True when two lines of a block are set in different cases, legal forms aside: a heading in capitals over a name
    in small letters (« MAÎTRE D'OUVRAGE » / « Dubois Conseil SAS »), or the other way round. A name wrapped on two
    lines keeps its case (« CLINIQUE VÉTÉRINAIRE DES » / « TILLEULS », « Serrurerie » / « Beaumont SASU »)."""
    one, other = _case_of(text), _case_of(below)
    return one is not None and other is not None and one != other


def name_goes_on(words: list[Word], under: list[Word]) -> bool:
    """True when the cell ``under`` (the next line of a column) is the end of the name in ``words``.

    Only a legal form ("… GmbH & Co." / "KG"); or, after a first line with no legal form and no digit,
    words in the same type set just under it that end with a legal form and hold no digit nor colon
    ("Suministros" / "Navarro SL", "Serrurerie" / "Beaumont SASU"): a company's name wrapped in a narrow
    column. A contact's or a street's line never ends with a legal form.
    """
    text, below = " ".join(w.text for w in words), fold(" ".join(w.text for w in under)).strip()
    heading = block_heading(text) and not _goes_on_in_small_letters(" ".join(w.text for w in under))
    if (_ATTENTION.match(fold(text)) or _TO_HEADING.match(text) or heading or _LONE_TO.match(fold(text))
            or (_DEPARTMENT.match(fold(text)) and not re.search(L.LEGAL_FORMS, fold(text)))):
        return False  # a contact's or a department's line, or a heading over the company's name (« Direction
        # financière » / « Agence Masson SARL », « For » / « Lozano S.A. »): two lines, not one name wrapped
    if _LEGAL_FORM_ONLY.fullmatch(below):
        return True
    if set_apart(text.rsplit(":", 1)[-1], " ".join(w.text for w in under)):  # the name after a heading's colon
        return False  # a heading in capitals over a name in small letters: two lines, not one name wrapped
    # opened by its first line's end, or by the second's start, that second line then ending as a name does (a capital
    # or a legal form: « della Pianura Padana »), not as a tagline (« la passion du pain »)
    opened = _OPEN_END.search(fold(text)) or (_OPEN_START.match(below) and under[0].text[:1].islower()
                                              and (under[-1].text[:1].isupper() or re.search(L.LEGAL_FORMS, below)))
    if (opened and re.fullmatch(r"[^\W\d_][^\d:@]*", below) and not _DEPARTMENT.match(below)
            and not _ADDRESS_START.search(below) and not _INNER_LINE.match(below)):
        height = max(w.box[3] - w.box[1] for w in words)
        gap = min(w.box[1] for w in under) - max(w.box[3] for w in words)
        return abs(max(w.box[3] - w.box[1] for w in under) - height) <= 0.15 * height and gap <= 0.8 * height
    form = re.search(rf"(?:{L.LEGAL_FORMS.pattern})\W*$", below)
    if form is None or form.start() == 0 or re.search(r"[\d:@]", text + below) or re.search(L.LEGAL_FORMS, fold(text)):
        return False
    height = max(w.box[3] - w.box[1] for w in words)
    gap = min(w.box[1] for w in under) - max(w.box[3] for w in words)
    return abs(max(w.box[3] - w.box[1] for w in under) - height) <= 0.15 * height and gap <= 0.8 * height


def _goes_on_in_small_letters(text: str) -> bool:
    """True when ``text`` opens with an article, a preposition or a conjunction in small letters and ends as a name
    does, with a capital (« la Formation des Artisans », « della Pianura Padana »): the second line of a name the
    block's width cut, never a name of its own nor a heading's name (a name opens with a capital)."""
    words = text.split()
    return (len(words) >= 2 and words[0][:1].islower() and _OPEN_START.match(fold(text)) is not None
            and words[-1][:1].isupper() and not re.search(r"[\d:@]", text))


#: A name's line that ends with an article or a preposition (« CLINIQUE VÉTÉRINAIRE DES » / « TILLEULS », « Bäckerei
#: von » / « Moos GmbH »): the name goes on on the next line.
_OPEN_END = compiled(r"\s(?:de|des|du|de\s*la|of|the|von|der|del|de\s*los|di|della|dei|degli)\s*$")
#: A name's second line that opens with an article, a preposition or a conjunction in small letters (« Consorzio di
#: Bonifica » / « della Pianura Padana », « Moran Brothers Engineering » / « and Fabrication Services »): the name cut
#: by its column's width goes on there.
_OPEN_START = compiled(r"(?:(?:de|des|du|la|le|les|of|and|the|von|der|und|fur|del|de\s*los|y|di|della|delle|dei|degli"
                       r"|e|ed|et|pour|for|para|zur|zum)\s|l['’])")
#: A line that never goes on a name cut after its article: a street's, a residence's or an estate's (« Résidence Les
#: Pins », « Chemin des Vignes », « Lotissement Les Chênes »).
_ADDRESS_START = compiled(rf"{STREET_LINE}|^\W*(?:avda|ctra|carretera|pza|c/|rua|travessa|residence|lotissement|hameau|lieu\s*-?\s*dit|zone|z\.?[aicl]\.?\b|parc\s+d"
                            r"|passage|square|sentier|camino|paseo|plaza|carrer|ronda|travesia|poligono|urbanizacion|strada|piazzale"
                            r"|vicolo|largo|localita|contrada|drive|close|crescent|terrace|ul\.|al\.)\b")
#: A line that ends with an ampersand or a conjunction: the first part of a longer text, never a whole name.
_CUT_SHORT = compiled(r"(?:&|\+|\b(?:and|et|und|y|e|ed)\b)\s*$")
#: A short line that ends with a letter's « to » word (« Charge to », « Bill To », « Liefern an », « Facturación a »,
#: « Spedire a »), as printed: a heading over the block, whatever its words, never a name nor a name's first line.
#: Written with a capital, only English « To » is that word: « Nguyen Van An », « Studio Plan A », « Société A » are
#: names. A heading ends with « à » too (« Adressée à », « Facturé à »), and one word before « pour », « for », « für » is a
#: heading (« Établi pour », « Prepared for », « Rechnung für »): the line under it in small letters (« la Mairie de
#: Vernon ») is no rest of it; a longer line ending so is a name cut after its preposition (« Association
#: Départementale pour » / « la Formation des Artisans », :func:`_goes_on_in_small_letters`).
_TO_HEADING = compiled(r"^\s*(?:(?:\S+\s+){1,3}(?:to|To|TO|an|a|à|À|para|per)|\S+\s+(?:pour|Pour|POUR|for|For|FOR|für|Für|FÜR)"
                         # in capitals, or capitalised, when the word before says billing or delivery (« FACTURÉ A »,
                         # « LIVRÉ À », « LIEFERN AN », « SPEDIRE A », « FACTURAR A », « INTESTATO A »)
                         r"|(?:\S+\s+){0,2}(?i:(?:factur|fattur|livr|exp[eé]di|envoy|envi|entreg|liefer|rechnung|versand"
                         r"|spedi|consegn|intestat|bill|ship|deliver|invoic)\w*)\s+(?i:[aà]|an|para|per|to))\s*:?\s*$")
#: A heading framing a party's role, whatever the role's word: a frame's noun (« Datos », « Dati », « Recapito »,
#: « Identité », « Nombre y dirección », « Name und Anschrift »), then the article or preposition before the role and
#: one word (« … del arrendatario », « … du bénéficiaire », « … des Empfängers », « … of recipient »). A company's name
#: opens with its trade, not with such a noun (« Garage du Centre »).
_FRAME_HEADING = compiled(r"^(?:datos|dati|donnees|coordonnees|identite|informations?|angaben|daten|details|anagrafica"
                          r"|recapito|nom|nombre|name|nome|adresse|address|direccion|indirizzo|anschrift|domicilio)"
                          r"(?:\s+(?:y|e|et|und|and)\s+\S+)?\s+(?:del|de\s+la|de\s+los|de|du|des|della|dello|dell'|dei|degli"
                          r"|di|of|der|des|of\s+the)\s*\S+$")
#: A line of a block under its name that is no name: a contact, a department, a care-of line, an identifier.
_INNER_LINE = compiled(r"^\s*(?:c/o|chez|bei|presso|per\s+conto|pour\s+(?:le\s+)?compte|on\s+behalf|im\s+auftrag)\b")


def _heading_word(block: Block, index: int) -> bool:
    """True when the block's line ``index`` heads it with no colon, over another name's line, both above the street:
    one word over a name holding a legal form the word has not (« Locataire » / « Garage Colin SARL »), or a frame's
    words in lower case but the first (« Identité de l'adhérent » / « Estudio Prieto Lda. », « Customer details » / « Ms
    Grace Hughes »), or words in capitals over a name in small letters
    (set apart by their case: « MAÎTRE D'OUVRAGE » / « Dubois Conseil SAS », « ASSURÉ » / « Veterinary Brennan »): the
    line under it names the party. Any other one-word line is a name (« Boulanger » over its
    contact « Jean Martin »), and so is a brand the line under it repeats (« Nexora » / « Harper Wells Ltd t/a Nexora »);
    a civility, a logo's initials and a name wrapped before its legal form are told apart before."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import civility, name_like

    text = block.texts()[index]
    words = text.split()
    # a frame's words after its first all in lower case (« Adresse du locataire », « Customer details »)
    framed = 2 <= len(words) <= 5 and all(not w[:1].isalpha() or w[:1].islower() for w in words[1:])
    # or a few words in capitals over a company's name in small letters (« MAÎTRE D'OUVRAGE » / « Dubois Conseil SAS »)
    capitals = 2 <= len(words) <= 5 and _case_of(text) == "upper" and not re.search(r"\d", text)
    # or a frame's words in capitals around a role (« DATOS DEL ARRENDATARIO », « NOMBRE Y DIRECCIÓN DEL TITULAR »)
    framed = framed or (capitals and _FRAME_HEADING.match(fold(text)) is not None)
    # the name's line is the next one that is no contact's nor a department's (« ANSCHRIFT SCHULDNER » / « z. Hd. Frau
    # Lange » / « FRANKE KG », « Bénéficiaire » / « Service achats » / « FAURE STUDIO SARL »)
    nxt = index + 1
    while nxt + 2 < len(block.cells) and (_ATTENTION.match(fold(block.texts()[nxt])) or (
            _DEPARTMENT.match(fold(block.texts()[nxt])) and not re.search(L.LEGAL_FORMS, fold(block.texts()[nxt])))):
        nxt += 1
    if not (len(words) == 1 or framed or capitals) or re.search(L.LEGAL_FORMS, fold(text)) or nxt + 1 >= len(block.cells):
        return False
    under = block.texts()[nxt]
    norm = fold(under)
    # one word in capitals (no logo's initials) over a name set in small letters: a role's heading (« ASSURÉ » /
    # « Veterinary Brennan »). Over a person addressed by a civility it may as well be a company over its contact
    # (« DECATHLON » / « M. Jean Martin » as « PROPRIÉTAIRE » / « M. Jean Dupont »): the word stays the name, as in
    # small letters (« Boulanger » / « M. Jean Martin »). Over a partners' firm in capitals (« MANDANT » / « LIBRAIRIE
    # GUÉRIN & GIRAUD »), the word is no company's either: a firm is not its contact
    role_word = (len(words) == 1 and _case_of(text) == "upper" and len(re.sub(r"\W", "", text)) >= 5
                 and ((set_apart(text, under) and not civility(norm)) or (len(under.split()) >= 3 and "&" in under)))
    if len(words) == 1 and not re.search(L.LEGAL_FORMS, norm) and not role_word and not _smaller_type(block, index):
        return False  # « Boulanger » / « Jean Martin »: a one-word company over its contact
    if capitals and not framed and not (set_apart(text, under) and re.search(L.LEGAL_FORMS, norm)):
        return False  # « GARAGE COLIN » / « Jean Martin », « M. Jean Martin »: a company in capitals over its contact
    return (under != block.street and name_like(under) and fold(text) not in norm  # « Nexora » / « Harper Ltd t/a Nexora »
            and not _ADDRESS_START.search(norm)  # « Syndicat des copropriétaires » / « Résidence Les Pins »: the name
            and not _ATTENTION.match(norm) and not _DEPARTMENT.match(norm)
            and not _INNER_LINE.match(norm) and not _HEADING_CELL.match(norm))


def _before_contact(words: list[Word]) -> list[Word]:
    """A name's line's words up to a contact written after the name behind a separator or a bracket (« Garage Morel SARL
    – à l'attention de M. Roy », « Harbour Ltd, FAO Ms Lynch », « Franke KG (z. Hd. Herr Lange) »); all of them when
    none follows. The separator is needed: a line that opens with the contact (« For the attention of … ») has no name.
    A care-of word in small letters between capitalised words, after two of the name's, ends it too: « c/o », or
    « bei », « presso » after a person addressed by a civility (« Alte Apotheke bei St. Anna » is a name)."""
    from guichet.plugins.fields_rules.names import civility  # names imports this module at its top

    for at in range(1, len(words)):
        if (at >= 2 and words[at].text in ("c/o", "bei", "presso") and at + 1 < len(words)
                and (words[at].text == "c/o" or civility(fold(" ".join(w.text for w in words[:at]))))
                and all(w.text[:1].isupper() or w.text == "&" for i, w in enumerate(words) if i != at)):
            return words[:at]  # « Herrn Sergio Herrera bei Estudio Gil »: a care-of line set beside the name's (names
            # only on both sides: « Bitte geben Sie bei Zahlung … » is a sentence)
        parted = (words[at - 1].text.endswith(",") or words[at].text in ("–", "-", "/", "|") or words[at].text.startswith("(")
                  or words[at].text.endswith(":"))  # or the contact's own label (« Attn: »)
        rest = fold(" ".join(w.text for w in words[at:])).lstrip("(,–-/| ")
        # the contact's word, maybe after a preposition and an article (« à l'att. de », « a la att. de »)
        if parted and (_ATTENTION.match(rest) or _ATTENTION_AFTER.match(rest)) and not rest.startswith("c/o"):
            kept = words[:at]
            while kept and not re.search(r"[^\W_]", kept[-1].text):
                kept = kept[:-1]  # a separator word (« – », « / ») before the contact
            if kept and re.search(r"[A-Za-zÀ-ÿ]{2}", " ".join(w.text for w in kept)):
                return kept
            return words
    return words


#: The contact's word after a preposition and an article (« a l'att. de », « a la att. de »), folded.
_ATTENTION_AFTER = compiled(r"^(?:\S{1,3}\s+){1,2}(?:l')?att(?:n|ention|\b)")


def without_contact(name: Cand | None) -> Cand | None:
    """The buyer's name read with its contact after it on its line (« Müller GmbH, z. Hd. Frau Lange »): the name."""
    if name is None or not name.words:
        return name
    kept = _before_contact(name.words)
    if len(kept) == len(name.words):
        return name
    return Cand(_joined(kept), name.line, name.start, name.end, name.score, name.label, kept, name.heading, name.label_line)


def _joined(words: list[Word]) -> str:
    """The words' text, without the separator ending it (« Harbour Ltd, » before its contact)."""
    return " ".join(w.text for w in words).rstrip(",;–-/( ")


def _name_of(block: Block) -> tuple[str, Line, list[Word]] | None:
    """The block's first line that is no heading, no street and no postcode line: the party's name."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import _is_initials_of as initials_of

    contact = None
    for (line, words), text in zip(block.cells[:-1], block.texts()[:-1], strict=True):
        norm = fold(text)
        if _DELIVERY_CELL.match(norm):
            continue
        heading = _HEADING_CELL.match(norm)
        heading_first = heading is not None and _HEADING_CELL.match(fold(words[0].text)) is not None
        attention = _ATTENTION.match(norm)
        if attention:  # « À l'attention de … », « Attn: … », « z. Hd. … »: a heading word or not
            rest = heading_rest(text, heading) if heading else text[attention.end():].strip(" :")
            if rest and contact is None:
                kept = words[len(words) - len(rest.split()):]
                contact = " ".join(w.text for w in kept), line, kept
            continue  # the contact person: the block's company, if it names one, is the party
        kept = _before_contact(words)
        if len(kept) < len(words) and not heading_first:
            return _joined(kept), line, kept  # « Müller GmbH Attn: Paul Roy »: the name before its contact
        if heading:
            rest = heading_rest(text, heading)
            if rest and re.search(r"[A-Za-zÀ-ÿ]{2}", rest):
                kept = words[len(words) - len(rest.split()):]
                return " ".join(w.text for w in kept), line, kept
            continue
        if text == block.street or not re.search(r"[A-Za-zÀ-ÿ]{2}", text):
            continue
        if L.SELLER_BLOCK.search(norm):
            at = block.texts().index(text)
            if not (at >= 1 and ":" not in text and L.SELLER_BLOCK.search(fold(block.texts()[at - 1]))
                    and _seller_heading_over([c[0] for c in block.cells], line, words, body_height(words[0]))):
                continue  # a seller's heading; under another one it is the block's first line, its name
        if (_SERVICE_LABEL.match(norm) and len(text.split()) >= 2 and all(w[:1].islower() for w in text.split()[1:])
                and (L.BUYER_BLOCK.search(norm) or _BILLING_WORD.search(norm)) and not re.search(L.LEGAL_FORMS, norm)):
            continue  # « Billing contact », « Service client » over the name: a label, no name (« Espace beauté » is one)
        if _DEPARTMENT.match(norm) and not re.search(L.LEGAL_FORMS, norm):
            continue  # « Contabilidad », « Service achats »: the buyer's department, not its name
        if block_heading(text) and not _CUT_SHORT.search(norm) and not _TO_HEADING.match(text):
            at = block.texts().index(text)
            if at + 2 < len(block.cells) and _goes_on_in_small_letters(block.texts()[at + 1]) \
                    and name_goes_on(words, block.cells[at + 1][1]):
                # « Association Départementale pour » / « la Formation des Artisans »: a long name cut by the block's
                # width after its preposition, the rest opening with an article in small letters; a heading ending
                # with its preposition (« Établi pour ») has the name under it opening with a capital
                return f"{text} {block.texts()[at + 1]}", line, words + block.cells[at + 1][1]
        if _CUT_SHORT.search(norm) or _TO_HEADING.match(text) or block_heading(text):
            continue  # a heading cut by a column gap (« Deliver & » / « invoice to »): no name ends with « & » nor « to »
        if _OPEN_START.match(norm) and words[0].text[:1].islower():
            return None  # « la Formation des Artisans »: the end of a name cut over two lines, its start unread
        index = block.texts().index(text)
        if _contact_over_name(block, index):
            if contact is None:
                kept = words[:len(text.split(",")[0].split())]
                contact = " ".join(w.text for w in kept), line, kept
            continue  # « Julie Martin, Service achats » over « Dubois Conseil SAS »: the contact, the name under it
        if _heading_word(block, index):
            continue  # « Commanditaire » / « SAS Faure »: the line under the word names the party
        if index + 2 < len(block.cells) and (initials_of(text, block.texts()[index + 1]) or _LONE_TO.match(norm)):
            continue  # a logo's initials over the name ("AL" over "Aurélie Lemaire"), a heading "To" without its colon
        if index + 2 < len(block.cells) and name_goes_on(words, block.cells[index + 1][1]):
            return f"{text} {block.texts()[index + 1]}", line, words + block.cells[index + 1][1]
        if addressing_word(line, words, TO_WORD):
            return " ".join(w.text for w in words[1:]), line, words[1:]  # « An Marie Hoffmann »: the name after « To »
        kept = _before_contact(words)
        return _joined(kept), line, kept
    return contact


#: A contact's line as invoicing software prints it first in the block: a person, a comma, the person's function or
#: department (« Julie Martin, Service achats », « Grace Brennan, Finance dept »): two to four words before the comma,
#: one to four after it, no digit, no ampersand.
_PERSON_COMMA_ROLE = compiled(r"\s*[^\W\d_][^\W\d_'’.-]*(?:[\s'’.-]+[^\W\d_][^\W\d_'’.-]*){1,3},\s+"
                              r"[^\W\d_][^\W\d_'’.-]*(?:[\s'’./-]+[^\W\d_][^\W\d_'’.-]*){0,3}\.?\s*")


#: A contact's line opening with the contact's word (« Contact achats », « Ansprechpartner Einkauf », « Contact
#: Acheteur »), no colon nor digit after it (« Contact : 01 23 … » is a contact detail, under the name).
_CONTACT_FIRST = compiled(r"^\s*(?:contact|kontakt|contatto|contacto|ansprechpartner(?:in)?|interlocut\w*|referente)\b"
                          r"[^:\d@]*$")


def _contact_over_name(block: Block, index: int) -> bool:
    """True when the block's line ``index`` is a contact's over the party's name (« Julie Martin, Service achats » /
    « Dubois Conseil SAS »): a person and a function parted by a comma (:data:`_PERSON_COMMA_ROLE`), no legal form on
    it, and the next line a name too (no legal form needed), itself no such line, with the street or another line
    still under it before the town. A name written surname first (« Heiniger, Julia ») has its street under it: it
    stays the name."""
    texts = block.texts()
    return index + 2 < len(texts) and texts[index + 1] != block.street and contact_over(texts[index], texts[index + 1])


def _department_over_name(text: str, under: str, headed: bool = False) -> bool:
    """True when ``text`` is a department's line (« Direction financière », « Service comptabilité fournisseurs »,
    « Abteilung Rechnungsprüfung ») set over ``under``, a name's line (no digit, no street, no contact, no department):
    the mail's inner address printed first, as a window's block may (NF Z10-011 line 2 is « whom inside »), the company
    under it. Over a street, the department stays the block's only name. ``headed``: the block's heading is read above
    both lines (:func:`under_heading_name`)."""
    norm = fold(under)
    if not _department_words(text) and _PERSON_ALONE.fullmatch(under.strip()) and not re.search(L.LEGAL_FORMS, norm):
        return False  # « Service Auto Plus » / « Jean Dupont »: a firm named after its trade over its contact
    return (_DEPARTMENT.match(fold(text)) is not None and not re.search(L.LEGAL_FORMS, fold(text))
            and not re.search(r"\d", under) and not _ADDRESS_START.search(norm)
            and not _ATTENTION.match(norm) and not _DEPARTMENT.match(norm) and under_heading_name(under, headed))


def under_heading_name(text: str, headed: bool) -> bool:
    """True when ``text`` reads as a name (:func:`~names.name_like`) and is no buyer heading over the block; or, the
    block's heading already read above it (``headed``), when it reads as a heading with no colon and no digit. A block
    has one heading: the line that reads like one under it (« LE CLIENT », « Kunde Nord ») is the party's name as
    printed, not a second heading."""
    from guichet.plugins.fields_rules.names import name_like  # names imports this module at its top

    if _HEADING_CELL.match(fold(text)) is None:
        return name_like(text)
    return headed and ":" not in text and not re.search(r"\d", text) and re.search(r"[A-Za-zÀ-ÿ]{2}", text) is not None


def _department_words(text: str) -> bool:
    """True when ``text`` is worded as a department, every word after its first in small letters, a preposition or a
    department's trade (« Direction financière », « Service Achats », « Abteilung Rechnungsprüfung »), or one of the
    department's names alone (« Rechnungswesen »): not a firm named after a trade (« Direction Rénovation Habitat »),
    whose contact under it is no name of the buyer."""
    words = text.split()
    return bool(words) and all(_DEPARTMENT_REST.fullmatch(fold(w)) or (w[:1].islower()) for w in words[1:])


def contact_over(text: str, under: str, headed: bool = False) -> bool:
    """True when ``text`` is a contact's line (« Julie Martin, Service achats ») over ``under``, a name's (see
    :func:`_contact_over_name`); ``headed``: the block's heading is read above both (:func:`under_heading_name`)."""
    if not (_PERSON_COMMA_ROLE.fullmatch(text) or _CONTACT_FIRST.match(fold(text))) or re.search(L.LEGAL_FORMS, fold(text)):
        return False
    norm = fold(under)
    return (not _PERSON_COMMA_ROLE.fullmatch(under)
            and not re.search(r"\d", under) and not _ADDRESS_START.search(norm) and under_heading_name(under, headed)
            and not _ATTENTION.match(norm) and not _DEPARTMENT.match(norm))


#: A word that addresses the name after it on its line (« An Marie Hoffmann », « À Léa Martin », « Para Lucía
#: López »): a letter's « To », no part of the name.
TO_WORD = compiled(r"(?i:to|an|à|a|para|per)")
#: The sender's word of the same pair (« Von Hoffmann Alpen GmbH », « De López del Sur », « From … »).
FROM_WORD = compiled(r"(?i:from|von|de|da)")


def addressing_word(line: Line, words: list[Word], word: re.Pattern[str]) -> bool:
    """``words`` open with a letter's « To » or « From » word (``word``: :data:`TO_WORD`, :data:`FROM_WORD`) set
    before the name: followed by its colon (« Von: Hoffmann Alpen GmbH »), or on a line whose cells pair the two
    words (« An Marie Hoffmann  Von Hoffmann Alpen GmbH »). Elsewhere the word is the name's own (« De Vries Bouw
    BV », « Von Roll Schweiz AG », « Per Holm ApS », « A Toute Vitesse SARL ») or a sentence's (« à Paris, le … »)."""
    if len(words) < 2 or not words[1].text[:1].isupper():
        return False
    first = words[0].text
    if first.endswith(":") and word.fullmatch(first[:-1]):
        return True
    if len(words) < 3 or not word.fullmatch(first):
        return False
    opening = [c[0].text for c in cells(line) if len(c) >= 3 and c[1].text[:1].isupper()]
    return any(TO_WORD.fullmatch(t) for t in opening) and any(FROM_WORD.fullmatch(t) for t in opening)


def _heading_of(block: Block) -> str | None:
    first = fold(block.texts()[0])
    return first if _HEADING_CELL.match(first) or _DELIVERY_CELL.match(first) or L.SELLER_BLOCK.search(first) else None


def seller_address(lines: list[Line], seller: Cand | None) -> dict[str, Cand]:
    """The seller's street, postcode and town: from the block holding its name, else a one-line letterhead, else the
    form's rows under its name (:func:`_labelled_rows_under`)."""
    if seller is None:
        return {}
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_key

    key = name_key(str(seller.value))
    seller_words = seller.words or seller.line.words_in(seller.start, seller.end)
    for block in address_blocks(lines):
        named = _name_of(block)
        heading = _heading_of(block)
        if heading and (_HEADING_CELL.match(heading) or _DELIVERY_CELL.match(heading)):
            continue  # the buyer's block, a delivery address
        if named is None:
            continue
        text, line, words = named
        same = key and (name_key(text) == key or (len(key) >= 5 and key in name_key(text)))
        if same or any(w in seller_words for w in words):
            return _address_cands(block, "seller")
    # "12 rue des Lilas · 69003 Lyon" on the seller's line or just under it; else a line that opens with
    # the seller's name and goes on with its address ("Doyle Electrical Ltd – 134 Main Street, V94 T9PX Limerick")
    index = lines.index(seller.line)
    near = [ln for ln in lines[index:index + 3] if ln.page == seller.line.page]
    named = [ln for ln in lines if ln not in near and key and name_key(re.split(r"\s[-–·•|]\s|,\s", ln.text)[0]) == key]
    for line in near + named:
        match = _INLINE.search(line.text) or _INLINE_UK.search(line.text)
        if match and not _NOT_BLOCK.search(match.group("street")):
            street = match.group("street").strip(" ,·-–")
            if line is seller.line or line in named:
                street = re.sub(r"^.*?\s[-–·•|]\s", "", street) if line in named else street
                street = street.removeprefix(str(seller.value)).strip(" ,·-–")
            if re.search(r"[A-Za-zÀ-ÿ]{3}", street):
                return _inline_cands(line, match, street, 0)
    opening = [ln for ln in near + named if key and name_key(_PARTS.split(ln.text)[0]) == key]
    for line in opening:  # the seller's footer: a part of it with the whole address (« … – 4 rue du Port 56100 Lorient – … »)
        start = 0
        for part in _PARTS.split(line.text):
            start = line.text.index(part, start)
            match = _ADDRESS_PART.match(part)
            if match and not _NOT_BLOCK.search(part) and re.search(r"[A-Za-zÀ-ÿ]{3}", match.group("street")):
                return _inline_cands(line, match, match.group("street").strip(" ,"), start)
            start += len(part)
    # a form: « Verkäufer » / « Name: … » / « Anschrift: … » / « DE 80333 … »; only the rows of the seller's own section,
    # under its heading (a client's rows under the seller's letterhead are the client's)
    heading, _rows = form_rows(lines, seller_words)
    if heading is None or not L.SELLER_BLOCK.search(heading.norm) or _HEADING_CELL.match(heading.norm):
        return {}
    return _labelled_rows_under(lines, seller_words, "seller")


def _inline_cands(line: Line, match: re.Match[str], street: str, offset: int) -> dict[str, Cand]:
    """The seller's street, postcode and town of a one-line address found at ``offset`` of ``line``."""
    def cand(value: str, group: str) -> Cand:
        return Cand(value, line, offset + match.start(group), offset + match.end(group), 0.6, "adresse")

    street = _ADDRESS_LABEL.sub("", street)  # « Registered office: 12 King Street », « Siège social : 4 rue du Port »
    return {"seller_address": cand(street, "street"), "seller_postcode": cand(match.group("pc"), "pc"),
            "seller_city": cand(match.group("city"), "city")}


def _address_cands(block: Block, role: str) -> dict[str, Cand]:
    """The block's street, postcode, town and country as the ``role`` party's (``seller``, ``buyer``)."""
    out = {}
    line, words = block.cells[-1]
    out[f"{role}_postcode"] = Cand(block.postcode, line, 0, 0, 0.7, "adresse", words[:1])
    out[f"{role}_city"] = Cand(block.city, line, 0, 0, 0.7, "adresse", words[1:] or words)
    if block.street:
        street_line, street_words = block.cells[block.street_at]
        out[f"{role}_address"] = Cand(block.street, street_line, 0, 0, 0.7, "adresse", street_words)
    unprinted = block.country is None or block.country_by_phone
    by_vat = _vat_country_fits(block)
    agreed = by_vat or (_agreed(block) if unprinted else None)
    if agreed is not None:  # its VAT number's prefix, or the signs under the town and the block's own words agree
        out[f"{role}_country"] = Cand(agreed, line, 0, 0, 0.7, "adresse", words[:1])
    elif block.country:
        country_line, country_words = block.country_cell or (line, words[:1])
        out[f"{role}_country"] = Cand(block.country, country_line, 0, 0, _UNSURE_BUYER if block.country_by_phone else 0.7,
                                      "adresse", country_words)
    return out


def buyer_address(lines: list[Line], buyer: Cand | None, seller: Cand | None) -> dict[str, Cand]:
    """The buyer's street, postcode, town and country: the address block holding its name (BG-8).

    The name is the one the reading chose (under a buyer heading, the dossier's company, the other
    block): its block is the one whose name line holds those very words, or the same name, and
    that is not the seller's block.
    """
    if buyer is None:
        return {}
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_key

    key = name_key(str(buyer.value))
    buyer_words = buyer.words or buyer.line.words_in(buyer.start, buyer.end)
    seller_words = (seller.words or seller.line.words_in(seller.start, seller.end)) if seller is not None else []
    # a delivery address under its heading may repeat the buyer's name: the billing block, when there is one, first
    blocks = sorted(address_blocks(lines), key=lambda b: bool(_DELIVERY_CELL.match(fold(b.texts()[0]))))
    named_blocks = [(block, named) for block in blocks if (named := _name_of(block)) is not None
                    and not any(w in seller_words for w in named[2])]
    # the block holding the very words read first: another block may repeat the name (« Dupont SA – Reims », a delivery
    # address under a heading the rules do not know)
    for block, (_text, _line, words) in named_blocks:
        if any(w in buyer_words for w in words):
            return _address_cands(block, "buyer")
    for block, (text, _line, _words) in named_blocks:
        if key and (name_key(text) == key or (len(key) >= 5 and key in name_key(text))):
            return _address_cands(block, "buyer")
    block = _block_under_name(lines, buyer_words, seller_words) or _headed_block_holding(blocks, buyer_words, seller_words)
    if block is not None:
        return _address_cands(block, "buyer")
    return (_address_on_name_line(lines, buyer_words, "buyer") or _comma_address_under(lines, buyer_words, "buyer")
            or _labelled_rows_under(lines, buyer_words, "buyer") or _address_in_row(lines, buyer_words, "buyer"))


def _headed_block_holding(blocks: list[Block], buyer_words: list[Word], seller_words: list[Word]) -> Block | None:
    """The block that opens with the buyer's role word alone (« LE CLIENT », « Client ») and holds, on a line
    between that heading and its town, the very words read for the buyer's name: the reading could not tell the
    name from the heading (the FNFE samples' « LE CLIENT » over « 58 rue de la mer »: the street taken for the name,
    shown only), but the block is the buyer's by its heading. Never a block holding the seller's words, nor a
    delivery address."""
    for block in blocks:
        first = fold(block.texts()[0])
        heading = _HEADING_CELL.match(first)
        if heading is None or heading.group("rest").strip() or _DELIVERY_CELL.match(first):
            continue
        inside = [w for _line, words in block.cells[1:-1] for w in words]
        if any(w in buyer_words for w in inside) and not any(w in seller_words for _l, ws in block.cells for w in ws):
            return block
    return None


#: An address's label before it on its line: « Adresse : », « Address: », « Anschrift: », « Dirección: », « Indirizzo: »;
#: a company's seat (« Siège social : », « Registered office: », « Sitz der Gesellschaft: », « Domicilio social: », « Sede
#: legale: »).
_ADDRESS_LABEL = compiled(r"^\s*(?:(?:adresse|address|anschrift|direcci[oó]n|domicilio|indirizzo)(?:\s+(?:du|de\s+la)?\s*si[eè]ge|"
                            r"\s+social)?|si[eè]ge(?:\s+social)?|registered\s+(?:office|address)|(?:firmen)?sitz(?:\s+der\s+"
                            r"gesellschaft)?|sede(?:\s+legale)?)\s*:\s*", re.I)
#: A part of a one-line address that is a postcode alone (« 22429 ») or a street (a number and words).
_POSTCODE_ALONE = compiled(r"\d{4,5}")
_STREET_PART = compiled(r"(?=.*\d)(?=.*[A-Za-zÀ-ÿ]{3}).{4,60}")


def comma_address(text: str) -> dict[str, str] | None:
    """The parts of an address written on one line with commas, in whatever order the template prints them
    (« 48 rue de la République, Grenoble, France, 22429 », « Via Roma 5, 20121 Milano, Italia »): street,
    postcode, town and, when named, country. None unless every part is one of them and the street, the postcode
    and the town are all there (a sentence or a list of words is no address)."""
    text = _ADDRESS_LABEL.sub("", text).strip().rstrip(",")
    parts = [p.strip() for p in text.split(",")]
    if not 2 <= len(parts) <= 5 or _NOT_BLOCK.search(text):
        return None
    found: dict[str, str] = {}

    def put(key: str, value: str) -> bool:
        if key in found:  # the country may be both signed and named (« F-75001 Paris, France »)
            return key == "country" and found[key] == value
        found[key] = value
        return True

    for part in parts:
        town = _POSTCODE_TOWN.match(part)
        country = country_of_name(part)
        if country:
            ok = put("country", country)
        elif _POSTCODE_ALONE.fullmatch(part) or re.fullmatch(_UK_PC, part):
            ok = put("postcode", part)
        elif town and not town.group("tail") and (not town.group("prefix") or country_of_prefix(town.group("prefix"))):
            # a country's sign before the postcode (« F-75001 Paris », « NL-1012 AB Amsterdam ») names the country
            sign = country_of_prefix(town.group("prefix"), town.group(2))
            ok = put("postcode", town.group(2)) and put("city", town.group(3).strip(" .-")) and (not sign or put("country", sign))
        elif _STREET_PART.fullmatch(part):
            ok = put("street", part)
        elif re.fullmatch(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’ .\-]{1,40}", part):
            ok = put("city", part)
        else:
            ok = False
        if not ok:
            return None
    return found if {"street", "postcode", "city"} <= found.keys() else None


def one_line_party(text: str) -> dict[str, str] | None:
    """A party written on one line with commas: its name, then its street (one or more parts), its postcode and town,
    maybe its country (« Dupont SARL, 12 rue des Lilas, 75001 Paris », « Harbour View Hotel, Unit 4, Mill Park, Cork
    T12 K8AF, Ireland », « Sousa & Filhos, Lda., Rua Augusta, 12, 1000-001 Lisboa, PORTUGAL »). The street opens with
    the first part holding a digit or a street's word, the parts before it are the name; the postcode and town make
    one part, and only a country's name may follow it. None when the line is not that whole shape.

    The parts may be set apart by a dash, a middle dot or a bar instead (« Lange Schreinerei OG – Landstraße 13 – A-6320
    LINZ – Österreich »): then a comma stays inside its part (« Calle Real, 12 »)."""
    found = _one_line_parts(text, [p.strip() for p in text.strip().rstrip(".,").split(",")])
    if found is None and _PARTS.search(text):
        found = _one_line_parts(text, [p.strip() for p in _PARTS.split(text.strip().rstrip(".,"))])
    return found


def _one_line_parts(text: str, parts: list[str]) -> dict[str, str] | None:
    """:func:`one_line_party` on the line's ``parts``."""
    if not 3 <= len(parts) <= 8:
        return None
    town_at = None
    for index, part in enumerate(parts[2:], 2):
        if _POSTCODE_TOWN.match(part) or _UK_TOWN.match(part):
            town_at = index
    if town_at is None or len(parts) - town_at > 2:
        return None
    country = country_of_name(parts[town_at + 1]) if town_at + 1 < len(parts) else None
    if town_at + 1 < len(parts) and country is None:
        return None
    street_at = next((i for i, p in enumerate(parts[1:town_at], 1) if re.search(r"\d", p) or _ADDRESS_START.search(fold(p))), None)
    if street_at is None or _NOT_BLOCK.search(text):
        return None
    town = _POSTCODE_TOWN.match(parts[town_at])
    if town is not None:
        country = country or country_of_prefix(town.group("prefix"), town.group(2))
        postcode = town.group(2)
        city = town_without_province(town.group(3).strip(" .-"), postcode, _sign_country(country, parts[street_at:town_at]))
    else:
        uk = _UK_TOWN.match(parts[town_at])
        postcode, city = uk.group("pc") or uk.group("pc2"), uk.group("town") or uk.group("town2")
    return {"name": ", ".join(parts[:street_at]), "street": ", ".join(parts[street_at:town_at]), "postcode": postcode,
            "city": city.strip(" .-"), "country": country or country_of_postcode(postcode) or ""}


def _address_on_name_line(lines: list[Line], name_words: list[Word], role: str) -> dict[str, Cand]:
    """The ``role`` party's address written after its name on the name's line (:func:`one_line_party`)."""
    line = next((ln for ln in lines if name_words and name_words[0] in ln.words), None)
    if line is None:
        return {}
    cell = next(c for c in cells(line) if name_words[0] in c)
    text = " ".join(w.text for w in cell[cell.index(name_words[0]):])
    found = one_line_party(text)
    if found is None:
        return {}
    names = {"street": "address", "postcode": "postcode", "city": "city", "country": "country"}
    out = {f"{role}_{names[k]}": Cand(found[k], line, 0, 0, 0.6, "adresse", cell) for k in names if found[k]}
    wrapped = _country_wrapped(lines, line, cell) if not found["country"] else None
    return {**out, **wrapped} if wrapped else out


def _country_wrapped(lines: list[Line], line: Line, cell: list[Word], role: str = "buyer") -> dict[str, Cand] | None:
    """The ``role`` party's country wrapped to the line under a one-line address, in its column (« … 08002 Barcelona, »
    / « ESPAGNE »), maybe after the town's province."""
    index = lines.index(line)
    below = lines[index + 1] if index + 1 < len(lines) and lines[index + 1].page == line.page else None
    under = _cell_at(below, cell[0].box[0]) if below is not None else None
    parts = [p.strip() for p in " ".join(w.text for w in under).split(",")] if under is not None else [""]
    # the province's brackets may wrap with it (« … 08002 Barcelona » / « (Barcelona), España »)
    country = country_of_name(parts[-1]) if all(re.fullmatch(r"\(.{2,30}\)", p) for p in parts[:-1]) else None
    if country is None or below.top - line.top >= 2.5 * (cell[0].box[3] - cell[0].box[1]):
        return None
    return {f"{role}_country": Cand(country, below, 0, 0, 0.6, "adresse", under)}


def _comma_address_under(lines: list[Line], name_words: list[Word], role: str) -> dict[str, Cand]:
    """The ``role`` party's address from a one-line address (:func:`comma_address`) just under its name, in its
    column (the cell that starts at the name's left edge, on one of the two lines below it)."""
    if not name_words:
        return {}
    line = next((ln for ln in lines if name_words[0] in ln.words), None)
    if line is None:
        return {}
    index = lines.index(line)
    for other in lines[index + 1:index + 3]:
        cell = _cell_at(other, name_words[0].box[0], name_words[-1].box[2]) if other.page == line.page else None
        at = _comma_address_at(lines, other, cell) if cell is not None else None
        if at is None:
            continue
        found, cell = at
        names = {"street": "address", "postcode": "postcode", "city": "city", "country": "country"}
        out = {f"{role}_{names[k]}": Cand(v, other, 0, 0, 0.6, "adresse", cell) for k, v in found.items()}
        wrapped = _country_wrapped(lines, other, cell, role) if "country" not in found else None
        return {**out, **wrapped} if wrapped else out
    return {}


def _pair_at(line: Line, x: float) -> tuple[str, list[Word]] | None:
    """The label cell and the value cell of ``line`` when its value cell starts at ``x`` and a label cell with no digit
    stands before it: (label, value's words)."""
    row = cells(line)
    at = next((i for i, c in enumerate(row) if abs(c[0].box[0] - x) < 0.012), None)
    if not at:
        return None
    label = " ".join(w.text for w in row[at - 1])
    return (label, row[at]) if not re.search(r"\d", label) and len(label.split()) <= 5 else None


def _form_rows(lines: list[Line], line: Line, label: Word, value: Word) -> bool:
    """True when the two lines under ``line`` are rows of its form: a label cell in the column of ``label``, a value cell
    in the column of ``value`` (a form of labels and values, not a header row over one row of values)."""
    index = lines.index(line)
    rows = [other for other in lines[index + 1:index + 3] if other.page == line.page]
    return len(rows) == 2 and all((pair := _pair_at(other, value.box[0])) is not None
                                  and abs(cells(other)[cells(other).index(pair[1]) - 1][0].box[0] - label.box[0]) < 0.012
                                  for other in rows)


def _header_row(lines: list[Line], line: Line, label: Word, value: Word) -> bool:
    """True when ``line`` is a grid's header row over one row of values: the line under it has cells in the columns of
    both ``label`` and ``value`` and no form's rows follow (:func:`_form_rows`)."""
    index = lines.index(line)
    under = lines[index + 1] if index + 1 < len(lines) and lines[index + 1].page == line.page else None
    if under is None:
        return False
    starts = [c[0].box[0] for c in cells(under)]
    return (any(abs(x - label.box[0]) < 0.012 for x in starts) and any(abs(x - value.box[0]) < 0.012 for x in starts)
            and not _form_rows(lines, line, label, value))


#: A form's row « label : value » (« CP / Ville : 49000 Angers », « Street address: 13 Mill Road »).
_FORM_ROW = compiled(r"^\s*(?P<label>[^\d:]{2,40}?)\s*:\s*(?P<value>\S.*?)\s*$")
#: The label of a street's row in a form.
_STREET_LABEL = compiled(r"adresse|address|anschrift|strasse|stra(?:ss|ß)e|street|\bvia\b|domicilio|direcci|indirizzo|voie|postal")


#: How far apart (a share of the page's width) two cells' left edges may stand and be one column of a form.
_COLUMN = 0.012


def _form_row_at(line: Line, x0: float) -> tuple[re.Match[str] | None, list[Word]] | None:
    """``line`` as a row of a form whose values stand at ``x0``: (its « label: value » match, the value's words) when its
    value starts in that column; (None, its cell) for a line of one cell in that column, the row above's value going on
    (« Anschrift:  Hauptstraße 5 » / «            DE 80333 München »); else None."""
    row = _FORM_ROW.match(line.text)
    value = line.words_in(row.start("value"), row.end("value")) if row is not None else []
    if row is not None and value and abs(value[0].box[0] - x0) < _COLUMN:
        return row, value
    row_cells = cells(line)
    if len(row_cells) == 1 and abs(row_cells[0][0].box[0] - x0) < _COLUMN:
        return None, row_cells[0]
    return None


def name_label_alone(text: str) -> bool:
    """True when ``text`` is a name's label alone (« Name », « Nom : », « Raison sociale »), no name."""
    folded = fold(text).strip(" :.")
    return bool(folded) and any(getattr(p, "compiled", p).fullmatch(folded) for _r, p in L.NAME_LABEL)


def _labelled_rows_under(lines: list[Line], name_words: list[Word], role: str) -> dict[str, Cand]:
    """The ``role`` party's address from the form's rows under its name's (« Adresse postale : 13 rue Lamartine »,
    « CP / Ville : 49000 Angers », « Pays : France »): within six lines, the postcode's row required. A row with no
    label whose value stands in the column of the row above's value goes on with it (« Anschrift:  Hauptstraße 5 » /
    «            DE 80333 München »: the address's label heads its lines)."""
    line = next((ln for ln in lines if name_words and name_words[0] in ln.words), None)
    if line is None:
        return {}
    out: dict[str, Cand] = {}
    value_x = None  # where the row above's value starts
    for other in lines[lines.index(line) + 1:lines.index(line) + _FORM_DEPTH]:
        row = _FORM_ROW.match(other.text) if other.page == line.page else None
        pair = _pair_at(other, name_words[0].box[0]) if row is None and other.page == line.page else None
        if pair is not None:  # a label cell, then the value cell in the name's column (« Adresse  12 rue … »)
            label, words = pair
            value = " ".join(w.text for w in words)
            cand = Cand(value, other, 0, 0, 0.6, "adresse", words)
        elif row is None and value_x is not None and (going_on := _form_row_at(other, value_x)) is not None:
            words = going_on[1]  # the row above's value goes on, under it (its label is the row above's)
            value = " ".join(w.text for w in words)
            cand = Cand(value, other, 0, 0, 0.6, "adresse", words)
        elif row is None:
            break
        else:
            label, value, start = row.group("label"), row.group("value"), row.start("value")
            cand = Cand(value, other, start, row.end("value"), 0.6, "adresse", other.words_in(start, row.end("value")))
        value_x = cand.words[0].box[0] if cand.words else None
        town = _POSTCODE_TOWN.match(value) or _UK_TOWN.match(value)
        if town is not None and f"{role}_postcode" not in out:
            postcode = town.group(2) if town.re is _POSTCODE_TOWN else town.group("pc") or town.group("pc2")
            city = town.group(3) if town.re is _POSTCODE_TOWN else town.group("town") or town.group("town2")
            out[f"{role}_postcode"] = Cand(postcode, other, 0, 0, 0.6, "adresse", cand.words[:1])
            out[f"{role}_city"] = Cand(city.strip(" .-"), other, 0, 0, 0.6, "adresse", cand.words[1:] or cand.words)
            sign = country_of_prefix(town.group("prefix"), postcode) if town.re is _POSTCODE_TOWN else None
            if sign is not None and f"{role}_country" not in out:  # « DE 80333 München », « F-75001 Paris »
                out[f"{role}_country"] = Cand(sign, other, 0, 0, 0.6, "adresse", cand.words[:1])
        elif country_of_name(value):
            out[f"{role}_country"] = Cand(country_of_name(value), other, 0, 0, 0.6, "adresse", cand.words)
        elif (_STREET_LABEL.search(fold(label)) or re.search(STREET_LINE, fold(value))) and f"{role}_address" not in out:
            out[f"{role}_address"] = cand
    return out if f"{role}_postcode" in out else {}


#: How many lines under a party's name its form's rows are read (the name, a contact, a note, then the address).
_FORM_DEPTH = 7


#: The label of a party's own identifier in a form (BT-29 / BT-46: « Nummer », « Globale Nummer », « ID », « Kennung »,
#: « Identifiant », « Number »): a number's word alone, maybe said global, that names no other thing.
_OWN_ID_LABEL = compiled(r"^(?:glob(?:al|ale|aler)\s+)?(?:nummer|number|no|nr|n[°º]|id|kennung|identifi(?:ant|er|kation)"
                           r"|identificativo|identificador|numero)\.?$")
#: A scheme printed in brackets after an identifier (« 4000001123452 (GLN) »).
_SCHEME_AFTER = compiled(r"\s*\((?P<scheme>[A-Z]{2,6})\)\s*$")
#: The ISO 6523 ICD of the GS1 Global Location Number.
GLN_SCHEME = "0088"


def form_rows(lines: list[Line], name_words: list[Word]) -> tuple[Line | None, list[tuple[str, Line, int, int]]]:
    """The rows of the form section that holds a party's name in its « Name: » row: the labelled rows (« label: value »)
    next to it whose values stand in the name's column, up to the section's heading, a line of one cell with no value
    (« Verkäufer », « Lieferant »), and down to a line that is none of its rows. Returns the heading's line (None when
    the rows above do not end at one) and the rows (label, line, value's start, value's end)."""
    line = next((ln for ln in lines if name_words and name_words[0] in ln.words), None)
    if line is None or not _FORM_ROW.match(line.text):
        return None, []
    index, x0 = lines.index(line), name_words[0].box[0]

    def row_of(other: Line) -> tuple[str, Line, int, int] | None:
        at = _form_row_at(other, x0) if other.page == line.page else None
        row = at[0] if at is not None else None
        return (row.group("label"), other, row.start("value"), row.end("value")) if row is not None else None

    own = row_of(line)
    if own is None:
        return None, []  # the name is the label of its row, not its value (« Vogt GmbH : Tischlerei »): no form
    rows, heading = [], None
    for other in reversed(lines[max(0, index - 6):index]):
        found = row_of(other)
        if found is None:
            heading = other if other.page == line.page and len(cells(other)) == 1 and ":" not in other.text else None
            break
        rows.insert(0, found)
    rows.append(own)
    for other in lines[index + 1:index + _FORM_DEPTH]:
        found = row_of(other)
        if found is None and not (other.page == line.page and ":" not in other.text and _form_row_at(other, x0)):
            break  # (a line of the value's column alone goes on with the row above: the address's)
        if found is not None:
            rows.append(found)
    return heading, rows


def in_party_form(lines: list[Line], line: Line) -> bool:
    """True when ``line`` is a row « label: value » of a party's form section that identifies the party: the rows above it
    (« label: value » rows whose value stands in its value's column, or that column's lines alone) go up to a party's
    heading alone on its line (« Verkäufer », « Käufer/Leistungsempfänger », « Lieferanschrift »), and the party's name
    row (« Name: … ») follows it in the section: the section opens with the party's numbers, then names it. Its number
    is that party's own (« Nummer: 549910 »: a seller's, a customer's number), never the document's; a number row after
    the party's name and address (« Anschrift: … » / « Nummer: 2024-0815 » / « Datum: … ») is the document's."""
    row = _FORM_ROW.match(line.text)
    words = line.words_in(row.start("value"), row.end("value")) if row is not None else []
    if not words:
        return False
    x0, index = words[0].box[0], lines.index(line)
    for other in lines[index + 1:index + _FORM_DEPTH]:
        at = _form_row_at(other, x0) if other.page == line.page else None
        if at is None:
            return False  # the section ends before naming its party
        if at[0] is not None and name_label_alone(at[0].group("label")):
            break
    else:
        return False
    for other in reversed(lines[max(0, index - 8):index]):
        if other.page != line.page:
            return False
        if _form_row_at(other, x0) is not None:
            continue  # a row of the form, or its value going on
        norm = fold(other.text)
        return len(cells(other)) == 1 and ":" not in norm and bool(
            L.SELLER_BLOCK.search(norm) or _HEADING_CELL.match(norm) or _DELIVERY_CELL.match(norm))
    return False


def seller_form_identifier(lines: list[Line], seller: Cand | None) -> tuple[Cand, str | None] | None:
    """The seller's own identifier (BT-29) in the form section of its name, under a seller's heading: the row whose
    label is a number's word alone (« Verkäufer » / « Nummer: 549910 » / « Name: Lieferant GmbH »: the seller's number,
    not the invoice's), its scheme in brackets after it if any (« Globale Nummer: 4000001123452 (GLN) »: a GLN, kept
    when its check digit holds). Returns the value and its scheme (ISO 6523 ICD), or None."""
    if seller is None:
        return None
    heading, rows = form_rows(lines, seller.words or seller.line.words_in(seller.start, seller.end))
    if heading is None or not L.SELLER_BLOCK.search(heading.norm) or _HEADING_CELL.match(heading.norm):
        return None
    for label, line, start, end in rows:
        if not _OWN_ID_LABEL.match(fold(label).strip()):
            continue
        value = line.text[start:end]
        scheme = _SCHEME_AFTER.search(value)
        if scheme is not None:
            value = value[:scheme.start()]
            if scheme.group("scheme") == "GLN":
                from stdnum import ean

                digits = re.sub(r"\D", "", value)
                value = digits if len(digits) == 13 and ean.is_valid(digits) else ""
            else:
                value = ""  # another scheme than the ones read here: not written without it
        if value.strip() and re.search(r"\d", value):
            return Cand(value.strip(), line, start, end, 0.6, label, line.words_in(start, end)), (
                GLN_SCHEME if scheme is not None else None)
    return None


def grid_row_name(line: Line) -> list[Word] | None:
    """The name's cell of a grid's row that holds a party whole: a name, its street, its postcode and town, maybe its
    country, cell after cell (« Dupont SA | 12 rue des Lilas | 69003 Lyon | France »), else None."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_like

    row = cells(line)
    texts = [" ".join(w.text for w in c) for c in row]
    at = next((i for i, t in enumerate(texts) if i >= 2 and (_POSTCODE_TOWN.match(t) or _UK_TOWN.match(t))), None)
    if at is None or not _STREET_PART.fullmatch(texts[at - 1]) or _NOT_BLOCK.search(texts[at - 1]):
        return None
    if ((_POSTCODE_TOWN.match(texts[at - 1]) and not re.search(STREET_LINE, fold(texts[at - 1]))) or len(row[at - 1]) < 2
            or re.search(r"\.{3}|…", texts[at - 1])):
        # two towns side by side (« 52500 BRESCIA BS | 5894-132 BRAGA »), one word before the town (« juin-24 |
        # 48905 Grenoble »: a date wrapped in its column), a label's dotted leader to its value (« N.º cliente .....
        # C7015 | 79760 Madrid »): the rows of blocks and references in columns, no street between
        return None
    return row[at - 2] if name_like(texts[at - 2]) else None


def buyer_in_grid_row(lines: list[Line], seller: Cand | None) -> Cand | None:
    """The name of the one grid row in the head of page 1 holding a party whole (:func:`grid_row_name`) that is not the
    seller, when the header cell over the name names no other party (« Transporteur | Adresse | Ville »): sure enough
    to be written only when that cell names the buyer's role (:func:`_fallback_score`)."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_key

    seller_key = name_key(str(seller.value)) if seller is not None else ""
    found = []
    for index, line in enumerate(lines):
        words = grid_row_name(line) if line.page == 1 and line.top <= _HEAD else None
        if words is None or name_key(" ".join(w.text for w in words)) == seller_key:
            continue
        above = lines[index - 1] if index and lines[index - 1].page == line.page else None
        header = _cell_at(above, words[0].box[0]) if above is not None else None
        label = " ".join(w.text for w in header) if header else ""
        if not _other_party_label(fold(label)):
            found.append(Cand(" ".join(w.text for w in words), line, 0, 0, _fallback_score(label), "ligne de grille", words))
    return found[0] if len(found) == 1 else None


def _address_in_row(lines: list[Line], name_words: list[Word], role: str) -> dict[str, Cand]:
    """The ``role`` party's address in the cells after its name on the name's row (a grid « Client | Adresse | CP Ville
    | Pays » over its values): the cell holding a postcode and a town, the street's cell before it (a digit and
    letters), the country's cell after it."""
    line = next((ln for ln in lines if name_words and name_words[0] in ln.words), None)
    if line is None:
        return {}
    row = cells(line)
    after = row[next(i for i, c in enumerate(row) if name_words[0] in c) + 1:]
    texts = [" ".join(w.text for w in c) for c in after]
    at = next((i for i, t in enumerate(texts) if _POSTCODE_TOWN.match(t) or _UK_TOWN.match(t)), None)
    if not at or not _STREET_PART.fullmatch(texts[at - 1]) or _NOT_BLOCK.search(texts[at - 1]):
        return {}
    town = _POSTCODE_TOWN.match(texts[at])
    if town is not None:
        postcode, city, country = town.group(2), town.group(3), country_of_prefix(town.group("prefix"), town.group(2))
        city = town_without_province(city.strip(" .-"), postcode, _sign_country(country, texts[at - 1:at]))
    else:
        uk = _UK_TOWN.match(texts[at])
        postcode, city, country = uk.group("pc") or uk.group("pc2"), uk.group("town") or uk.group("town2"), None
    named = country_of_name(texts[at + 1]) if at + 1 < len(texts) else None
    country = named or country or country_of_postcode(postcode)
    out = {f"{role}_address": Cand(texts[at - 1], line, 0, 0, 0.6, "adresse", after[at - 1]),
           f"{role}_postcode": Cand(postcode, line, 0, 0, 0.6, "adresse", after[at][:1]),
           f"{role}_city": Cand(city.strip(" .-"), line, 0, 0, 0.6, "adresse", after[at][1:] or after[at])}
    if country:
        out[f"{role}_country"] = Cand(country, line, 0, 0, 0.6, "adresse", after[at + 1] if named else after[at][:1])
    return out


#: How far under a party's name its address block may begin (a fraction of the page's height: some 25 mm).
_NAME_TO_BLOCK = 0.085


def _block_under_name(lines: list[Line], name_words: list[Word], seller_words: list[Word]) -> Block | None:
    """The address block that goes on under a party's name in its column, when the block does not hold the name
    itself (a department, a contact, a second name line between them that cut the block): the first block below the
    name, left-aligned with it, starting within :data:`_NAME_TO_BLOCK`, with no label nor other heading between."""
    if not name_words:
        return None
    x0, page = name_words[0].box[0], name_words[0].page
    bottom = max(w.box[3] for w in name_words)
    for block in address_blocks(lines):
        first_line, first = block.cells[0]
        start = min(w.box[1] for w in first)
        if (block.page != page or abs(first[0].box[0] - x0) > 0.012 or not 0 <= start - bottom <= _NAME_TO_BLOCK
                or any(w in seller_words for _l, ws in block.cells for w in ws)
                or _DELIVERY_CELL.match(fold(block.texts()[0]))):
            continue
        between = [_cell_at(ln, x0) for ln in lines if ln.page == page and bottom <= ln.top < first_line.top]
        if any(c is not None and (_LABEL.search(fold(t := " ".join(w.text for w in c))) or _DELIVERY_CELL.match(fold(t))
                                  or L.SELLER_BLOCK.search(fold(t))) for c in between):
            continue
        return block
    return None


def buyer_id_block(lines: list[Line], blocks: list[Block] | None = None) -> Block | None:
    """The address block over a buyer's VAT number line ("P.IVA cliente : IT…", "Ihre USt-IdNr. : DE…").

    A VAT number labelled as the customer's, printed just under an address block in its column, makes
    that block the buyer's, heading or not (the window address of a utility bill).
    """
    from guichet.plugins.fields_rules.parties import _VAT_RE

    for line in lines:
        label = L.BUYER_BLOCK.search(line.norm)
        vat = _VAT_RE.search(line.text.upper(), label.end()) if label is not None else None
        if vat is None or len(re.findall(r"\d", vat.group(0))) < 6 or _SERVICE_LABEL.match(line.norm):
            continue  # words that only look like a VAT number (« DES TILLEULS »), a service's label (« Contact client »)
        if blocks is None:
            blocks = address_blocks(lines)
        found = block_over(line, label.start(), blocks)
        if found is not None:
            return found
    return None


def block_over(line: Line, pos: int, blocks: list[Block]) -> Block | None:
    """The address block that ends just above the cell of ``line`` holding the character ``pos``, in its column."""
    cell = next((c for c in cells(line) if c[-1].box[2] > line.x_of(pos)), None)
    if cell is None:
        return None
    found = None
    for block in blocks:
        last = block.cells[-1][0]
        if block.page == line.page and 0 < line.top - last.top < 0.06 and abs(block.x0 - cell[0].box[0]) < 0.03:
            found = block
    return found


def buyer_by_identifier(lines: list[Line]) -> Cand | None:
    """The name of the block over a buyer's VAT number (:func:`buyer_id_block`)."""
    block = buyer_id_block(lines)
    named = _name_of(block) if block is not None else None
    if named is None:
        return None
    text, line, words = named
    return Cand(text, line, 0, 0, 0.6, "bloc acheteur (n° TVA)", words)


#: The word of a document's recipient (« Invoice recipient », « Destinataire de la facture »): after a title word, still
#: the heading over the buyer's block, where « Facture client » is a title.
_RECIPIENT = compiled(r"recipient|destinatari|empfanger|addressee|adressat")


def _titled_after(rest: str) -> bool:
    """True when what follows a buyer's word starts with a title's word: « Votre facture Internet et TV », as
    telecom operators and suppliers title their bills to the reader (« votre » is a heading's word over the buyer's
    block: « Votre référence », « Vos coordonnées »); what the title says after it is the offer's name, no buyer's."""
    hit = L.TITLE_WORDS.search(rest.lstrip(" :"))
    return hit is not None and hit.start() == 0


def buyer_under_heading(lines: list[Line]) -> Cand | None:
    """The buyer's name under (or after) a buyer heading's cell."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_like, _value_cell

    addressed = None  # the first « Name, Attn: Person » cell: the buyer's, when no heading names one
    for line in lines:  # a heading cell: "Facturé à", "Client :", "Adresse de facturation", maybe with the name after it
        for cell in cells(line):
            text = " ".join(w.text for w in cell)
            named = _before_contact(cell)
            if addressed is None and len(named) < len(cell) and not _HEADING_CELL.match(fold(named[0].text)) \
                    and name_like(_joined(named)):
                # the name, then its contact on its line (« Müller GmbH Attn: Paul Roy »): an attention word addresses
                # someone; a heading naming the buyer wins (the seller's « Harbour Ltd, Attn: Credit Control » above
                # « Customer: Mill Lane Homes »), and with none it is unsure (a remittance line, a delivery point)
                addressed = Cand(_joined(named), line, 0, 0, _ADDRESSED_BUYER, text, named)
            heading = _HEADING_CELL.match(fold(text))
            # an identifier's heading ("Customer ID", "Votre réf. client"): up to its colon, if it has one
            said = text[:text.index(":")] if ":" in text else text
            if not heading or heading.start("rest") > 40 or _ID_HEADING.search(fold(said)):
                continue
            fallback = None
            following = cells(line)[cells(line).index(cell) + 1:]
            if not heading.group("rest").strip() and following and _value_cell(" ".join(w.text for w in following[0])):
                continue  # a label of the value beside it (« Compte client  C91439 »), no heading over a block
            if not heading.group("rest").strip() and following and heading_tail(heading.group("rest")):
                beside = " ".join(w.text for w in following[0])
                norm = fold(beside)
                named = (name_like(beside) and beside[:1].isupper() and not _LABEL.search(norm) and not _HEADING_CELL.match(norm)
                         and not re.search(r"\s(?:a|to|an|per|para|de|by|par)\s*:?\s*$", norm)  # another heading
                         and not _DELIVERY_CELL.match(norm) and not L.SELLER_BLOCK.search(norm)
                         and not L.TABLE_DESCRIPTION.search(norm) and not _ID_HEADING.search(norm))
                form = _form_rows(lines, line, cell[0], following[0][0])
                if named and ((_NAME_LABEL_CELL.match(fold(text)) and not _header_row(lines, line, cell[0], following[0][0]))
                              or form):
                    # a form's name label (« Razón social del cliente »), or the first row of a form of labels and
                    # values (« Client  Dupont SA » over « Adresse  12 rue … »): its value, whatever the rows under it
                    return Cand(beside, line, 0, 0, 0.6, text, following[0])
                if named and not _under_is_name(lines, line, cell):
                    # the label's value beside it (« Customer  Beaumont Librairie SAS »): labels left, values right,
                    # when no name stands under the heading
                    fallback = Cand(beside, line, 0, 0, 0.6, text, following[0])
            buyer_word = L.BUYER_BLOCK.search(fold(text))
            if (buyer_word and L.TITLE_WORDS.search(fold(text)[:buyer_word.start()])
                    and not _RECIPIENT.match(fold(text), buyer_word.start())):
                continue  # a title ("Facture client", "Avoir client"), not a heading over the buyer's block
            if buyer_word and _titled_after(fold(text)[buyer_word.end():]):
                continue  # « Votre facture Internet et TV »: the bill's title, said to its reader, no heading either
            attention = _ATTENTION.match(fold(text))
            if attention:  # "À l'attention de M. Martin" in a block that names a company
                block = next((b for b in address_blocks(lines) if any(cell[0] in words for _l, words in b.cells)), None)
                if block is not None and _DELIVERY_CELL.match(fold(block.texts()[0])):
                    continue  # a contact at the delivery's or the site's place: not the buyer's block
                named = _name_of(block) if block is not None else None
                if named is not None and not any(w in cell for w in named[2]):
                    return Cand(named[0], named[1], 0, 0, 0.6, text, named[2])
            rest = heading_rest(text, heading)
            contact = None
            if attention and rest:  # the contact: the buyer only when no company's name stands under the line
                contact_words = cell[len(cell) - len(rest.split()):]
                contact, rest = Cand(rest, line, 0, 0, 0.6, text, contact_words), ""
            name = re.split(r"\s[·•●|–-]\s", rest)[0].strip()
            party = one_line_party(name)
            if party is not None:
                name = party["name"]  # « Client : Dupont SARL, 12 rue des Lilas, 75001 Paris »
            elif not _SURNAME_FIRST.fullmatch(name) or re.search(L.LEGAL_FORMS, fold(name)):
                name = name.split(", ")[0].strip()  # "Kunde: Bäckerei Korn GmbH, Lindenweg 3, …" (not « Steel, Laura »)
            if name and name_like(name) and len(name.split()) <= 8:
                start = len(cell) - len(rest.split())
                kept = _before_contact(cell[start:start + len(name.split())])  # « Client : X SARL, à l'att. de M. Roy »
                if _OPEN_END.search(fold(name)) and kept[-1] is cell[-1]:
                    kept = kept + _form_below(lines, line, cell)  # « Client : CLINIQUE VÉTÉRINAIRE DES » / « TILLEULS »
                return Cand(" ".join(w.text for w in kept).rstrip(","), line, 0, 0, 0.6, text, kept)
            if rest or not (contact or heading_tail(heading.group("rest"))):
                continue
            index = lines.index(line)
            skipped, aside, below = 0, 0, index + 1
            height = max(w.box[3] - w.box[1] for w in cell)
            while below < min(len(lines), index + 3 + skipped + aside):
                other, below = lines[below], below + 1
                if other.page != line.page:
                    break
                # left-aligned, or at the right margin, or indented a little under the heading (« Adresse du Client » /
                # «   LE CLIENT »)
                under = _cell_at(other, cell[0].box[0], cell[-1].box[2]) or _indented_cell(other, cell)
                if under is None:
                    if aside < 2 and other.top - line.top < 4 * height and not _in_column(other, cell):
                        aside += 1  # a line of the block beside it only (the seller's, its lines set a little higher)
                    continue
                name = " ".join(w.text for w in under)
                after = cells(other)[[c[0] for c in cells(other)].index(under[0]) + 1:]
                beside = " ".join(w.text for w in after[0]) if after else ""
                if skipped < 3 and (_ATTENTION.match(fold(name)) or _LONE_TO.match(fold(name))):
                    skipped += 1  # the contact's line (« Attn: … ») or a civility (« Madame ») over the name
                    continue
                if skipped < 3 and below < len(lines) and lines[below].page == line.page:
                    # the block's next line: a line of another column only may come between (OCR's rows by baselines)
                    next_cell = next((found for ln in lines[below:below + 2] if ln.page == line.page
                                      and ((found := _cell_at(ln, under[0].box[0], under[-1].box[2])) is not None
                                           or _in_column(ln, under))), None)
                    if next_cell is not None and contact_over(name, " ".join(w.text for w in next_cell), headed=True):
                        skipped += 1  # « Julie Martin, Service achats » over « Dubois Conseil SAS »: the contact
                        continue
                    if next_cell is not None and _department_over_name(name, " ".join(w.text for w in next_cell),
                                                                       headed=True):
                        skipped += 1  # « Direction financière » over « Agence Masson SARL »: the department first
                        continue
                labelled = _NAME_LABEL_RE.match(fold(name)) or (_NAME_LABEL_CELL.match(fold(name)) if beside else None)
                if labelled and (name[labelled.end():].strip() or beside):
                    words = (under[len(under) - len(name[labelled.end():].split()):] if name[labelled.end():].strip()
                             else after[0])  # "Name:  MUSTER-KUNDE GMBH"
                    return Cand(" ".join(w.text for w in words), other, 0, 0, 0.6, text, words)
                if skipped < 3 and (_ID_LINE.match(name) or (
                        re.match(r"^[^:]{1,30}:\s*\S*\d", f"{name} {beside}") and _ID_HEADING.search(fold(name)))):
                    skipped += 1  # the party's identifiers under its heading ("Nummer : 549910"), then its name
                    continue
                if beside and _value_cell(beside) and _ID_HEADING.search(fold(name)):
                    break  # a row of references under it (« N° commande  BC437780 »): no block under the heading
                party = one_line_party(name)
                if party is not None:  # the name, then its address on its line (« Dupont SARL, 12 rue …, 75001 Paris »)
                    kept = under[:len(party["name"].split())]
                    return Cand(" ".join(w.text for w in kept).rstrip(","), other, 0, 0, 0.6, text, kept)
                # under its heading a name may read like a label ("Société A"): letters, no label's colon, no number
                if name.split()[0].islower():
                    break  # a label's second line (« Customer » / « account »): a name begins with a capital
                # a table's header word in a company's name (« Dupont Services SRL »): its legal form says a name
                if (re.search(r"[A-Za-zÀ-ÿ]{2}", name) and not re.search(r"\d{3}|:" if contact is None else r"\d|:", name)
                        and not _NOT_BLOCK.search(name) and not _LABEL.search(fold(name))
                        and (not L.TABLE_DESCRIPTION.search(fold(name)) or re.search(rf"(?:{L.LEGAL_FORMS.pattern})\W*$", fold(name)))):
                    form = _form_below(lines, other, under)
                    if form:
                        name, under = f"{name} {' '.join(w.text for w in form)}", under + form
                    return Cand(name, other, 0, 0, _ADDRESSED_BUYER if _party_word_under(lines, other, under) else 0.6,
                                text, under)
                break
            if contact is not None:
                return contact
            if fallback is not None:
                return fallback
    return addressed


#: The confidence of a buyer named only by the attention word after it on its line, no heading on the page (a window's
#: recipient, « Müller GmbH, z. Hd. Frau Lange »; but also the seller's own « Harbour Ltd, Attn: Credit Control »):
#: shown, never written alone.
_ADDRESSED_BUYER = 0.25


def _party_word_under(lines: list[Line], line: Line, cell: list[Word]) -> bool:
    """True when the cell just under ``cell`` in its column, with no colon, holds a buyer's word (« Buyer dep » over
    « LE CLIENT », « Service achats » over « Client Dupont »): which line names the party is not known; the name read
    above it is shown, never written alone."""
    index = lines.index(line)
    for other in lines[index + 1:index + 3]:
        if other.page != line.page:
            return False
        below = _cell_at(other, cell[0].box[0], cell[-1].box[2])
        if below is None:
            continue
        text = " ".join(w.text for w in below)
        # a contact's line (« À l'attention de M. Roy ») is the block's, under its name; so are a form's numbered address
        # line (« Buyer line 2 »), the party's trade name said so (« CLIENT NOM COMMERCIAL », « Customer trade name ») and
        # the name said again in other letters (« L'ACHETEUR » / « L'acheteur »: the trade name, the same words)
        return (":" not in text and _HEADING_CELL.match(fold(text)) is not None and not _ATTENTION.match(fold(text))
                and not _NUMBERED_LINE.fullmatch(text) and not _TRADE_NAME.search(fold(text))
                and fold(text) != fold(" ".join(w.text for w in cell)))
    return False


#: The words of a trade name (BT-28, BT-45: « nom commercial », « enseigne », « trade name », « Handelsname », « nombre
#: comercial », « denominazione commerciale », « insegna »): a line saying so is the party's trade name, not its name.
_TRADE_NAME = compiled(r"\b(?:nom\s+commercial|enseigne|trad(?:e|ing)\s+name|handelsname|nombre\s+comercial"
                       r"|denominazione\s+commerciale|insegna)\b")


#: A person's name written surname first, then a comma and the given name (« Steel, Laura », « Martin, Jean-Pierre »).
_SURNAME_FIRST = compiled(r"[A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý][\w'’-]+)?, [A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý][\w'’-]+)?")


def _under_is_name(lines: list[Line], line: Line, cell: list[Word]) -> bool:
    """True when the cell just under a heading's, in its column, holds words with no digit: the heading is over
    its block (« Facturé à  Livré à » / « ACME SARL  Dupont SA »), not a label beside its value."""
    index = lines.index(line)
    height = max(w.box[3] - w.box[1] for w in cell)
    if index + 1 >= len(lines) or lines[index + 1].page != line.page or lines[index + 1].top - line.top > 3 * height:
        return False  # nothing just under it: a blank line, another page
    under = _cell_at(lines[index + 1], cell[0].box[0])
    return under is not None and not re.search(r"\d", " ".join(w.text for w in under))


#: Between the parts of a window envelope's sender line: "Name · street · 12345 Town".
_SENDER_SEPARATOR = compiled(r"\s+[·•●|]\s+")
#: What OCR reads a sender line's middle dot as, set apart by spaces: the dot is a few pixels of small type, read as a
#: colon, a dash, a full stop, a plus, an asterisk or a degree sign (« Muster GmbH : Musterstraße 17 - 12345 Musterort »).
#: A dash standing alone OCR takes for a table's rule: the line keeps a column break (two spaces) in its place.
_OCR_SENDER_SEPARATOR = compiled(r"\s+[·•●|:\-–—.*+°]\s+|\s{2,}")
#: A sender line's part holding the postcode and the town (« 12345 Stadthausen », « D-12345 Stadt », « EC1A 1BB London »).
_SENDER_TOWN_PART = compiled(rf"\s*(?:[A-Z]{{1,2}}-)?(?:\d{{4,6}}|{_UK_PC})\s+\w")


def sender_parts_from(line: Line, cell: list[Word]) -> list[str]:
    """:func:`sender_parts` of ``cell``, one of ``line``'s cells; on OCR words of the line from the cell on (a middle dot
    OCR read as a dash is dropped as a table's rule: the sender line's parts stand in cells of their own)."""
    if not cell or all(w.confidence >= 1.0 for w in cell) or cell[0] not in line.words:
        return sender_parts(" ".join(w.text for w in cell), cell)
    at = line.spans[next(k for k, w in enumerate(line.words) if w is cell[0])][0]
    return sender_parts(line.text[at:], cell)


def sender_parts(text: str, words: list[Word]) -> list[str]:
    """The parts of a window envelope's sender line ``text`` (its words ``words``), up to the one holding the postcode
    and the town (a country after it, or the next column's e-mail, are no part of the address: « Kraxi GmbH ·
    Flugzeugallee 17 · 12345 Papierfeld · Deutschland »); on OCR words also split by the marks OCR reads the middle
    dot as (:data:`_OCR_SENDER_SEPARATOR`), when the town's part ends them. A line with fewer than three parts is no
    sender line."""
    parts = _SENDER_SEPARATOR.split(text)
    if len(parts) < 3 and any(w.confidence < 1.0 for w in words):
        split = _OCR_SENDER_SEPARATOR.split(text)
        if len(split) >= 3 and any(_SENDER_TOWN_PART.match(part) for part in split[2:]):
            parts = split
    town = next((k for k in range(len(parts) - 1, 1, -1) if _SENDER_TOWN_PART.match(parts[k])), None)
    if town is not None and town < len(parts) - 1 and all(
            len(part.split()) <= 3 and not re.search(r"\d", part) for part in parts[town + 1:]):
        parts = parts[:town + 1]
    return parts


def under_party_heading(lines: list[Line], line: Line, cell: list[Word]) -> bool:
    """True when ``cell`` (on ``line``) is a row of a buyer's or a delivery place's block: their heading stands before
    it on its line (« Rechnungsempfänger:   Bäckerei Sommer KG   Hauptstr. 3   51063 Köln ») or right over it. A window
    envelope's sender line is printed over the recipient's address, never under a party's heading."""
    at = line.spans[next(k for k, w in enumerate(line.words) if w is cell[0])][0]
    before = fold(line.text[:at]).strip()
    if before and (_HEADING_CELL.match(before) or _DELIVERY_CELL.match(before)):
        return True
    over = _heading_right_over(lines, lines.index(line), cell)
    if over is None:
        return False
    norm = fold(cell_text(over[1]))
    return bool(_HEADING_CELL.match(norm) or _DELIVERY_CELL.match(norm))


def buyer_under_sender_line(lines: list[Line], seller: Cand | None) -> Cand | None:
    """The recipient's name: the first name under a window envelope's sender line, in its column.

    The sender line ("Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen") is printed just over the window
    so that the post returns what it cannot deliver; the address in the window is the buyer's, however
    far apart its lines are set.
    """
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_like, name_key

    seller_key = name_key(str(seller.value)) if seller is not None else ""
    for index, line in enumerate(lines):
        if line.page != 1:
            break
        parts = sender_parts(line.text, line.words)
        if (len(parts) < 3 or not re.match(rf"\s*(?:[A-Z]{{1,2}}-)?(?:\d{{4,5}}|{_UK_PC})\s+\w", parts[-1])
                or under_party_heading(lines, line, line.words)):
            continue
        x0 = line.words[0].box[0]
        x1 = line.x_of(line.text.rfind(parts[-1]))  # the postcode's left edge
        for below, other in enumerate(lines[index + 1:index + 4], index + 1):
            if other.page != line.page:
                break
            under = next((c for c in cells(other) if c[0].box[0] < x1 and c[-1].box[2] > x0), None)
            if under is None:
                continue
            name = " ".join(w.text for w in under)
            if _LONE_TO.match(fold(name)) or _ATTENTION.match(fold(name)):
                continue  # "Herrn", "Firma", a contact's line (« À l'att. de … ») over the name
            form = _form_below(lines, other, under)  # a name wrapped in the window ("… Management und" / "Consulting GmbH")
            if form:
                name, under = f"{name} {' '.join(w.text for w in form)}", under + form
            last = next((k for k in range(below, min(len(lines), below + 4)) if form and form[0] in lines[k].words), below)
            if (name_like(name) and name_key(name) and name_key(name) != seller_key
                    and _postcode_below(lines, last, under[0].box[0])):
                # no buyer heading: as sure as an unlabelled address block, below what a person need not check
                return Cand(name, other, 0, 0, 0.45, "fenêtre (sous l'expéditeur)", under)
            break
    return None


def _postcode_below(lines: list[Line], index: int, x0: float) -> bool:
    """True when a postcode line ("69001 Lyon", "BS1 5TH Bristol") follows ``lines[index]`` within four
    lines, in the column starting at ``x0``: the name under a sender line opens an address block (a
    letterhead written with "|" has its tagline under it, and no address follows the tagline)."""
    for other in lines[index + 1:index + 5]:
        if other.page != lines[index].page:
            break
        for cell in cells(other):
            if abs(cell[0].box[0] - x0) < 0.03:
                text = " ".join(w.text for w in cell)
                if _POSTCODE_TOWN.match(text) or _UK_TOWN.match(text):
                    return True
    return False


def buyer_from_blocks(lines: list[Line], seller: Cand | None, own: str | None) -> Cand | None:
    """The buyer's name as the name of the one address block of page 1 that is not the seller's."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_like, name_key

    seller_key = name_key(str(seller.value)) if seller is not None else ""
    others = []
    for block in address_blocks(lines):
        named = _name_of(block)
        if named is None or block.page != 1 or _DELIVERY_CELL.match(fold(block.texts()[0])):
            continue  # a delivery address is not the buyer's name
        text, line, words = named
        key = name_key(text)
        if not key or not name_like(text) or (seller_key and (key == seller_key or key in seller_key
                                                               or seller_key in key)):
            continue
        if seller is not None and any(w in (seller.words or []) for w in words):
            continue
        others.append((line.top, Cand(text, line, 0, 0, 0.45, "bloc adresse", words)))
    if own:
        for _top, cand in others:
            if fold(str(cand.value)) in own or own in fold(str(cand.value)):
                return cand
    if len(others) > 1:
        # Several blocks besides the seller's: the one in a window envelope's band is the addressee's.
        others = [item for item in others if WINDOW_BAND[0] <= item[0] <= WINDOW_BAND[1]]
    return others[0][1] if len(others) == 1 else None


#: The head of page 1, as a fraction of its height: the parties stand there; a line under it is the page's body or
#: foot (a head office, a carrier, a bank named in the footer), never the buyer's one-line or grid fallback.
_HEAD = 0.5
#: The confidence of a buyer (or of its country, :attr:`Block.country_by_phone`) read by a fallback whose label does not name the buyer's role (« Preneur : … », a grid's
#: « Nominativo » column): under the conversion's floor for a key field read with no person (0.3), so that such a name
#: is shown but never written alone; a label naming the buyer's role (« Kunde: », « Nom client ») gives 0.45.
_UNSURE_BUYER = 0.25


def _other_party_label(norm: str) -> bool:
    """True when a folded label names another party than the buyer: the seller, a delivery's place, a legal footer's
    mention, an account's holder, an agent's words, or any other party (a head office, a carrier, a bank, a maker:
    :data:`~vocabulary.OTHER_PARTY`)."""
    return any(labels.search(norm) for labels in (L.OTHER_PARTY, L.SELLER_BLOCK, L.DELIVERY_BLOCK, L.LEGAL_FOOTER,
                                                  L.ACCOUNT_HOLDER, L.ON_BEHALF))


def _fallback_score(label: str) -> float:
    """The confidence of a buyer read after ``label`` by :func:`buyer_on_labelled_line` or :func:`buyer_in_grid_row`:
    0.45 when the label names the buyer's role, else :data:`_UNSURE_BUYER`."""
    norm = fold(label)
    return 0.45 if _HEADING_CELL.match(norm) or L.BUYER_BLOCK.search(norm) else _UNSURE_BUYER


def buyer_on_labelled_line(lines: list[Line], seller: Cand | None) -> Cand | None:
    """The name of a party written whole on one line in the head of page 1 after a label and its colon (« Rechnung für:
    Lange Schreinerei OG – Landstraße 13 – A-6320 LINZ », « Preneur : Dupont SARL, 12 rue …, 75001 Paris »), when it is
    not the seller (:func:`one_line_party`) and the label names no other party (« Siège social : », « Transporteur : »):
    the one such line, else none; sure enough to be written only when the label names the buyer's role."""
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_key, name_like

    seller_key = name_key(str(seller.value)) if seller is not None else ""
    found = []
    for line in lines:
        if line.page != 1 or line.top > _HEAD:
            break
        for cell in cells(line):
            text = " ".join(w.text for w in cell)
            label, colon, rest = text.partition(":")
            if not colon or not LABEL_ALONE.match(label + ":") or len(label.split()) > 5:
                continue
            party = one_line_party(rest)
            said = len((label + colon).split())  # the label's words and its colon, set apart or not (« Preneur : »)
            if party is None or not name_like(party["name"]) or _other_party_label(fold(label)) \
                    or (seller_key and name_key(party["name"]) == seller_key):
                continue
            kept = cell[said:said + len(party["name"].split())]
            found.append(Cand(" ".join(w.text for w in kept).rstrip(","), line, 0, 0, _fallback_score(label), label, kept))
    return found[0] if len(found) == 1 else None


def _comma_address_at(lines: list[Line], line: Line, cell: list[Word]) -> tuple[dict[str, str], list[Word]] | None:
    """The one-line address (:func:`comma_address`) in ``cell`` of ``line``, maybe wrapped onto the next line in the
    same column (same left or right edge: « 25 boulevard Voltaire, Nantes, France, » / « 07547 »): its parts and its
    words, or None."""
    found = comma_address(" ".join(w.text for w in cell))
    if found is not None:
        return found, cell
    index = lines.index(line)
    below = lines[index + 1] if index + 1 < len(lines) and lines[index + 1].page == line.page else None
    height = max(w.box[3] - w.box[1] for w in cell)
    if below is None or below.top - line.top > 2 * height:
        return None
    under = _cell_at(below, cell[0].box[0], cell[-1].box[2])
    found = comma_address(" ".join(w.text for w in cell + under)) if under is not None else None
    return (found, cell + under) if found is not None else None


def buyer_over_comma_address(lines: list[Line], seller: Cand | None) -> Cand | None:
    """The buyer's name on the line just over a one-line address (:func:`comma_address`: « Moreau SNC » / « 30 place du
    Marché, Paris, France, 27707 »), in its column (same left or right edge), in the head of page 1, with no heading:
    a name-like cell that is not the seller's. The one such name on the page, else none; as sure as an unlabelled block.
    """
    # names imports this module at its top: its helpers are imported here, when the function runs
    from guichet.plugins.fields_rules.names import name_key, name_like

    seller_key = name_key(str(seller.value)) if seller is not None else ""
    seller_words = (seller.words or []) if seller is not None else []
    found = []
    for index, line in enumerate(lines[1:], 1):
        if line.page != 1 or line.top > _HEAD:
            break
        above = lines[index - 1]
        for cell in cells(line):
            if above.page != line.page or _comma_address_at(lines, line, cell) is None:
                continue
            height = max(w.box[3] - w.box[1] for w in cell)
            name = _cell_at(above, cell[0].box[0], cell[-1].box[2])
            if name is None or line.top - above.top > 2.5 * height or any(w in seller_words for w in name):
                continue
            text = " ".join(w.text for w in name)
            key = name_key(text)
            if name_like(text) and key and not (seller_key and (key == seller_key or key in seller_key
                                                                or seller_key in key)):
                found.append(Cand(text, above, 0, 0, 0.45, "sur une adresse d'une ligne", name))
    return found[0] if len(found) == 1 else None


#: Where an envelope's window shows the addressee on page 1, top of its first line as a fraction of the page
#: height: from 27 mm (DIN 5008 form A) to about 100 mm from the top of an A4 page of 297 mm (NF, DIN form B,
#: a C5/6 or DL window reaches 90-95 mm). A block there is the letter's recipient; a block lower on the page
#: (a site, a pick-up or return address, the seller's again in a footer) is not.
WINDOW_BAND = (27 / 297, 100 / 297)
