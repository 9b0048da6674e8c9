"""The real-invoices set (issue 13): Factur-X / ZUGFeRD PDFs of other issuers, read from their page.

``tests/data/reels/rebuild.py`` puts the files in ``../shared/reels/files`` (never committed; absent in CI,
where every use here skips) with ``MANIFEST.tsv``, whose ``group`` column is the issuer (the seller's name
in the embedded XML, folded) or the layout (pages an XML viewer drew: one group whatever the seller). The set is
split BY ISSUER with a fixed hash (:func:`part_of`): « réelles (ajustement) » (``--part reels``, about 60 % of the
issuers) may be tuned on; « réelles inédites » (``--part reels-inedits``) is measured only, its misses never read.
One issuer's files (the same layout in several profiles or versions) thus never sit on both sides. The viewer's
pages, FeRD's official examples for the most part, are split again by example (:func:`part_of_row`).

The truth of a file is its embedded XML, read with the project's own readers (``read_file``, then
``invoice_fields``); the benches read the page only (text layer, or a 200-dpi scan rendered from it by
``invoice_generator.degrade``), never the XML.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dev_split import in_tuning

ROOT = Path(__file__).resolve().parents[1]
#: Where rebuild.py puts the set (``GUICHET_REELS`` overrides it).
REELS = Path(os.environ.get("GUICHET_REELS") or ROOT.parent / "shared" / "reels")
TUNING_PART = "reels"
UNSEEN_PART = "reels-inedits"
PARTS = (TUNING_PART, UNSEEN_PART)
TAGS = {TUNING_PART: "réelles (ajustement)", UNSEEN_PART: "réelles inédites (jamais ajustées)"}
#: Share of issuers in the tuning part; the split hashes each issuer (manifest ``group``) with this salt.
TUNING_SHARE = 60
SPLIT_SALT = "guichet-reels-2026-12-05"
#: The language of an invoice, from its seller's country (cheap; the XML names no language).
COUNTRY_LANGUAGE = {"FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "DE": "de", "AT": "de", "CH": "de",
                    "GB": "en", "IE": "en", "US": "en", "ES": "es", "IT": "it"}


#: The group of the pages an XML viewer drew (tests/data/reels/rebuild.py: one layout whatever the seller). It holds
#: most of FeRD's official examples (42 files), so by issuer it sat whole on the measured side and no page of that
#: kind could be tuned on. It is split again BY EXAMPLE (:func:`viewer_example`): half the examples may be tuned on;
#: an example's versions and profiles (2.3 and 2.4, BASIC and EXTENDED of one invoice) stay on one side.
VIEWER_GROUP = "rendu-visualisation-xml"
VIEWER_SHARE = 50
VIEWER_SALT = "guichet-reels-viewer-2026-12-07"
_PROFILE_PREFIX = re.compile(r"^(?:(?:zf|zugferd)_?)*(?:minimum|basic-?wl|basic|en16931|extended|xrechnung)(?:_einfach)?_+")


def part_of(group: str) -> str:
    """The part of an issuer: a fixed hash, the same on every machine and run."""
    return TUNING_PART if in_tuning(SPLIT_SALT, group, TUNING_SHARE) else UNSEEN_PART


def viewer_example(source_path: str) -> str:
    """The example a viewer's page shows, from its file name: the profile prefix, « _fx » and the punctuation
    dropped (``EN16931_Elektron_Anlage_XML_fx.pdf`` → ``elektronanlagexml``)."""
    stem = source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    stem = _PROFILE_PREFIX.sub("", re.sub(r"_+fx$", "", stem))
    return re.sub(r"[^a-z0-9]", "", stem)


def part_of_row(row: dict) -> str:
    """The part of a manifest row: its issuer's (:func:`part_of`), or for the viewer's pages its example's."""
    if row["group"] != VIEWER_GROUP:
        return part_of(row["group"])
    example = f"{VIEWER_GROUP}:{viewer_example(row['source_path'])}"
    return TUNING_PART if in_tuning(VIEWER_SALT, example, VIEWER_SHARE) else UNSEEN_PART


@cache
def manifest() -> tuple[dict, ...]:
    """The manifest's rows, sorted by file name; empty without the set."""
    path = REELS / "MANIFEST.tsv"
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8") as fh:
        return tuple(sorted(csv.DictReader(fh, delimiter="\t"), key=lambda r: r["file"]))


def available() -> bool:
    return bool(manifest())


def files_of(part: str) -> tuple[dict, ...]:
    """The files of ``part`` in a fixed shuffled order (by the SHA-256 of their bytes): the first N of a bench run
    are spread over the sources and issuers, not the first names of the alphabet."""
    if part not in PARTS:
        raise ValueError(part)
    return tuple(sorted((row for row in manifest() if part_of_row(row) == part), key=lambda r: r["sha256"]))


def tag_of(row: dict) -> str:
    """The source of a file: the prefix of its name (``zcs``, ``fxn``…)."""
    return row["file"].split("__", 1)[0]


@cache
def _plugins():
    from guichet.core.plugins import make_plugin_manager

    return make_plugin_manager()


def truth_of(data: bytes, name: str) -> dict:
    """The fields of the embedded XML (the project's CII / UBL readers) and the seller's country."""
    from guichet.core.parsing.fields import invoice_fields
    from guichet.core.pipeline.reading import read_file

    result = read_file(_plugins(), data, name)
    if result.invoice is None:
        raise ValueError(f"{name} : pas de XML lisible")
    fields = invoice_fields(result.invoice)
    address = result.invoice.seller.address
    fields["seller_country"] = address.country if address else None
    seller = result.invoice.seller
    # BT-30 other than a SIREN (that one is ``seller_siren``): a foreign registration, read as ``seller_legal_id``
    legal = seller.legal_id.value if seller.legal_id is not None else None
    french = fields["seller_country"] == "FR" and legal and re.fullmatch(r"\d{9}|\d{14}", legal.replace(" ", ""))
    fields["seller_legal_id"] = None if french or fields.get("seller_siren") else legal
    fields["seller_tax_id"] = seller.tax_registration_id
    fields["not_carried"] = NOT_CARRIED.get(profile_level(result.invoice.profile), ())
    return fields


#: The fields a Factur-X profile's XML cannot hold, per profile (the truth knows nothing of them, whatever the page
#: prints): MINIMUM has no ``SpecifiedTradePaymentTerms`` (BT-20, BT-9), so no due date, though its
#: page prints one (« Date d'échéance : 02/03/2022 »). The benches score no reading of these.
NOT_CARRIED = {"minimum": ("due_date",)}


def profile_level(guideline: str | None) -> str:
    """The short Factur-X profile of a guideline id (BT-24): ``minimum``, ``basicwl``… (the validator's own)."""
    from guichet.plugins.validate_en16931 import profile_level as level

    return level(guideline)


@dataclass
class Truth:
    """What the bench needs of a file's truth: the fields, and the row labels (language, layout, pages)."""

    fields: dict
    language: str
    layout: str
    pages: int
    file: str
    issuer: str  # the manifest's group: rows are also averaged per issuer

    def __post_init__(self) -> None:
        self.__dict__.update(self.fields)  # vars(truth) is what the bench compares with


class RealInvoice:
    """One file of the set as the benches take an invoice: ``truth`` and ``pdf()`` (its bytes, XML included:
    the benches read it as paper)."""

    def __init__(self, row: dict, part: str) -> None:
        import pypdfium2 as pdfium

        self.row = row
        self.data = (REELS / "files" / row["file"]).read_bytes()
        fields = truth_of(self.data, row["file"])
        document = pdfium.PdfDocument(self.data)
        try:
            pages = len(document)
        finally:
            document.close()
        layout = row["group"] if part == TUNING_PART else tag_of(row)  # the measured part names no issuer
        self.truth = Truth(fields, COUNTRY_LANGUAGE.get(fields.get("seller_country") or "", "autre"), layout, pages,
                           row["file"], row["group"])

    def pdf(self) -> bytes:
        return self.data


class Family:
    """One part of the set as the benches take a family: ``PART``, ``make_invoice(seed)``, ``size()``.

    ``PAPER``: the benches read these files as paper (``paper_record``), their embedded XML being the truth.
    """

    PAPER = True

    def __init__(self, part: str) -> None:
        self.PART = part
        self.TAG = TAGS[part]

    def size(self) -> int:
        return len(files_of(self.PART))

    def make_invoice(self, seed: int) -> RealInvoice:
        rows = files_of(self.PART)
        if not rows:
            raise FileNotFoundError(f"pas de factures réelles sous {REELS} : lancez tests/data/reels/rebuild.py")
        return RealInvoice(rows[seed % len(rows)], self.PART)

    def available(self) -> bool:
        return bool(files_of(self.PART))


TUNING = Family(TUNING_PART)
UNSEEN = Family(UNSEEN_PART)


def verify() -> list[str]:
    """What differs between the files and the manifest (missing file, other bytes); empty when all agree."""
    wrong = []
    for row in manifest():
        path = REELS / "files" / row["file"]
        if not path.is_file():
            wrong.append(f"{row['file']} : absent")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            wrong.append(f"{row['file']} : SHA-256 différent du manifeste")
    return wrong


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="count the files and issuers of each part")
    args = parser.parse_args()
    print(json.dumps({part: {"fichiers": len(files_of(part)), "groupes": len({r["group"] for r in files_of(part)})}
                      for part in PARTS}, indent=1, ensure_ascii=False))
