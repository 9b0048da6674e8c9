"""A party's postal address from the block under its name on the page (BG-8 of a paper invoice).

The reading names the buyer (its box on the page); EN 16931 also wants its postal address
and country (BR-10, BR-11). An address block is the name, then a street line, then a
postcode and a city, sometimes a country: the lines right under the name, in its column.
Only what is printed there is taken; a country is set only when the line after the city
names one this module knows (written by hand: the country-name libraries know English names
only, invoices print them in the issuer's language). An upper-case line there may as well be
the document's title: a name this module does not know is not a country.
"""

from __future__ import annotations

import re
import unicodedata
from guichet.core.model.invoice import Address
from guichet.core.parsing.text import Page, Word, text_lines

#: Country names as invoices print them (French, English, German, Spanish, Italian, native), folded.
COUNTRY_NAMES: dict[str, str] = {
    name.strip(): code
    for code, names in {
        "FR": "france, frankreich, francia",
        "DE": "allemagne, germany, deutschland, alemania, germania",
        "BE": "belgique, belgium, belgien, belgica, belgio, belgie",
        "LU": "luxembourg, luxemburg, luxemburgo, lussemburgo",
        "NL": "pays-bas, pays bas, netherlands, the netherlands, niederlande, paises bajos, paesi bassi, nederland",
        "IT": "italie, italy, italien, italia",
        "ES": "espagne, spain, spanien, espana, spagna",
        "PT": "portugal, portogallo",
        "AT": "autriche, austria, osterreich",
        "CH": "suisse, switzerland, schweiz, suiza, svizzera",
        "GB": "royaume-uni, royaume uni, united kingdom, uk, grossbritannien, reino unido, regno unito, england",
        "IE": "irlande, ireland, irland, irlanda",
        "DK": "danemark, denmark, dinamarca, danimarca, danmark",
        "SE": "suede, sweden, schweden, suecia, svezia, sverige",
        "FI": "finlande, finland, finnland, finlandia, suomi",
        "PL": "pologne, poland, polen, polonia, polska",
        "CZ": "republique tcheque, tchequie, czech republic, czechia, tschechien, chequia, repubblica ceca",
        "GR": "grece, greece, griechenland, grecia",
        "MC": "monaco",
        "US": "etats-unis, etats unis, united states, usa, vereinigte staaten, estados unidos, stati uniti",
    }.items()
    for name in names.split(",")
}

#: A postcode and a city: ``75008 Paris``, ``F-75008 PARIS``, ``D-10115 Berlin``, ``1000 Bruxelles``.
_POSTCODE_CITY = re.compile(r"^(?:[A-Z]{1,2}[- ])?(\d{4,5})\s+([^\d\s].{1,60})$")
#: A line that starts another block or a label, not an address line.
_LABEL = re.compile(r":|\b(?:tva|vat|siret|siren|iban|tel|tél|fax|mail|date|n°)\b", re.I)


def fold(text: str) -> str:
    """Lower case, accents off, spaces single."""
    text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return " ".join(text.replace(".", " ").split())


def _column(line: list[Word], left: float, right: float) -> list[Word]:
    """The words of ``line`` within the name's column (starting under the name, not past the next block)."""
    width = right - left
    return [w for w in line if w.box[0] >= left - 0.02 and w.box[0] <= right + max(width, 0.15)]


def address_under(pages: list[Page], page_number: int | None, box: tuple[float, float, float, float] | None,
                  ) -> Address | None:
    """The address block under the name at ``box`` on page ``page_number`` (fractions of the page)."""
    page = next((p for p in pages if p.number == page_number), None)
    if page is None or box is None:
        return None
    left, top, right, bottom = box
    height = max(bottom - top, 0.005)
    lines = [ln for ln in text_lines(page) if min(w.cy for w in ln) > bottom]
    street: list[str] = []
    postcode = city = country = None
    last = bottom
    for line in lines:
        words = _column(line, left, right)
        if not words:
            continue
        y = min(w.box[1] for w in words)
        if y - last > 3 * height:  # a gap: the block ended
            break
        last = max(w.box[3] for w in words)
        text = " ".join(w.text for w in words).strip()
        if _LABEL.search(text):
            break
        if postcode is None:
            match = _POSTCODE_CITY.match(text)
            if match:
                postcode, city = match.group(1), match.group(2).strip(" ,")
            elif len(street) < 2:
                street.append(text)
                continue
            else:
                break
            continue
        country = COUNTRY_NAMES.get(fold(text))
        break
    if postcode is None:
        return None
    if city and fold(city.split()[-1]) in COUNTRY_NAMES and len(city.split()) > 1:
        country = country or COUNTRY_NAMES[fold(city.split()[-1])]  # « 10115 Berlin Allemagne »
        city = " ".join(city.split()[:-1])
    return Address(line1=street[0] if street else None, line2=street[1] if len(street) > 1 else None,
                   postcode=postcode, city=city, country=country)
