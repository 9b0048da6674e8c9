"""Rebuild the real-invoices set (``../shared/reels/files`` and ``MANIFEST.tsv``) from git mirrors.

Issue 13: real Factur-X / ZUGFeRD / XRechnung PDFs from many issuers, taken from the test and
documentation folders of public e-invoicing libraries (not the corpus, not the outside set). The
embedded XML is the truth; the page is a real issuer's layout. The files are fetched data: they
stay under the shared folder and are never committed. This script is the committed recipe that
puts them back, from bare git directories of the source repositories at the commits of the README::

    python tests/data/reels/rebuild.py [--mirrors /work/.mirror] [--out ../shared/reels]

Each mirror is looked for as ``<mirrors>/<owner>+<name>/repo`` (what the ``fetch`` tool gives) or
``<mirrors>/<owner>/<name>.git``. Every PDF of the taken folders is read with ``git cat-file`` at the
pinned commit, then left out when:

- its bytes are in ``../shared/corpus``, the AFNOR examples or the outside set (SHA-256), or were
  already taken from an earlier source (the same sample is in several libraries);
- it has no embedded XML that the project's own readers (``read_file``: CII, UBL) read, or that XML
  lacks the invoice number, the issue date or the grand total;
- its page does not print the XML's number and grand total (test files whose page says other
  values, image-only pages): the truth must be what the page says;
- an earlier file has the same truth (seller, number, date, total: one sample in ZUGFeRD 2.0, 2.1,
  2.2…), or a corpus or outside-set PDF has it (the same invoice in another version would leak a
  measured file into the tuning part).

Written: ``files/<source>__<path with / as __>`` and ``MANIFEST.tsv`` (file, sha256, bytes,
source_repo, source_commit, source_path, licence, group). ``group`` is the issuer (the seller's
name in the XML, folded): tests/reels_set.py splits the set by it. Nothing is downloaded here.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path
from collections.abc import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "outside"))
sys.path.insert(0, str(HERE.parents[1]))

from rebuild import Source, _git, command, git_dir, known_hashes, tree  # noqa: E402  (the outside set's mirror plumbing)

REPO = HERE.parents[2]
SHARED = REPO.parent / "shared"
COLUMNS = ("file", "sha256", "bytes", "source_repo", "source_commit", "source_path", "licence", "group")
#: Larger PDFs are left out (the mirrors lack files of 4 MiB and more anyway).
MAX_BYTES = 3 * 1024 * 1024


def pdfs_under(*folders: str) -> Callable[[str, int], bool]:
    """A source's rule: its PDFs under ``folders`` ("" for the whole repository), up to :data:`MAX_BYTES`."""

    def keep(path: str, size: int) -> bool:
        return path.lower().endswith(".pdf") and size <= MAX_BYTES and any(path.startswith(f) for f in folders)

    return keep


#: In this order: a file whose bytes or truth an earlier source already gave is left out. The FeRD examples of
#: the ZUGFeRD 2.x documentation (C# and Delphi libraries) come first: most are the same invoices as the outside
#: set's (left out by hash or truth); what stays are the newer samples (2.3, 2.4) the corpus snapshot lacks.
SOURCES: tuple[Source, ...] = (
    Source("zcs", "stephanstapel/ZUGFeRD-csharp", "113de4245dcc6d1457e729c7d1af8ce5c4e66f65",
           "Apache-2.0 (repo LICENSE.txt; documentation/ holds the FeRD ZUGFeRD / Factur-X examples)", pdfs_under("documentation/")),
    Source("zdl", "LandrixSoftware/ZUGFeRD-for-Delphi", "4cb7ec553f0d717832a75d165bb22b344c1d968d",
           "Apache-2.0 (repo LICENSE; documentation/ holds the FeRD examples)", pdfs_under("documentation/")),
    Source("mus", "ZUGFeRD/mustangproject", "096db40a9806b0b5202028509dff3563efe7fc8c", "Apache-2.0 (repo LICENSE)",
           pdfs_under("")),
    Source("hzf", "horstoeko/zugferd", "50e16a129733b4ddfdacd7f9c16e4b0964736f0d", "MIT (repo LICENSE)", pdfs_under("")),
    Source("kon", "konik-io/konik", "f90a6c4f656cb5507a5776ed3d1b3d881cc0622b",
           "AGPL-3.0 with a FOSS exception (repo LICENCE.md)", pdfs_under("")),
    Source("oca", "OCA/edi", "94addaf1df233ce418a6cb8c2001d705e341c558", "AGPL-3.0 (repo LICENSE)", pdfs_under("")),
    Source("fxn", "FacturX-NET/FacturXDotNet", "232ae7465ca0a1ca50fb95540c9686fdeab5ee64", "MIT (repo LICENSE)", pdfs_under("")),
    Source("qub", "ZUGFeRD/quba-viewer", "c2eb3b01cd89a697452815822cc3fe6bffa7a1c8", "Apache-2.0 (repo LICENSE)", pdfs_under("")),
    Source("tul", "TuloSharp/tulo.eInvoiceCreatorZUGFeRD", "07ac72d7b4b4e44465b5e76e135632b771e35d4c",
           "Apache-2.0 (repo LICENSE)", pdfs_under("")),
    Source("fxk", "ahelmberger/factur-x-kit", "f610e4c8dcfbb71a984405ee7bffc82611f32521", "MIT (repo LICENSE)", pdfs_under("")),
    Source("sbx", "Securibox/facturx", "6246f77a255b3416cd63d3fcc850f22f38b01279", "MIT (repo LICENSE)", pdfs_under("")),
    Source("vcl", "VALENTINDML/facturx-cas-limites", "d95c24f4f7fd3320acad86296713e19c48ad04c0", "MIT (repo LICENSE)",
           pdfs_under("")),
    Source("itx", "itext/i7js-zugferd", "e60e87b9000752d34f65d1c03ab7a0ead660a81d",
           "no licence file (iText examples; kept under shared/ only, never redistributed)", pdfs_under("")),
    Source("fxg", "cnfilms/factur-x-ng", "8d95f84f91aa9ea85eb0c3df2addfe67c2debe73",
           "BSD-2-Clause (repo LICENSE, Akretion's factur-x lib forked)", pdfs_under("")),
    Source("fxe", "facturx-engine/facturx-engine", "ddb0cfc6bebe2a60c45d94c4efa59090d5412026",
           "Functional Source License 1.1 (repo LICENSE; kept under shared/ only, never redistributed)",
           pdfs_under("examples/")),
    # Added 2026-12-07 (after the sources above, so that no file they gave is left out by a later duplicate).
    Source("kls", "klst-de/e-invoice", "1e2f9c6a5afbb2ccbf0a0695afb2775e113a330f", "Apache-2.0 (repo LICENSE)",
           pdfs_under("")),
    Source("cdx", "codinux-gmbh/eInvoicing", "b5b2d0450c1ab7e019616e76090979c4f618c9b8",
           "no licence file (kept under shared/ only, never redistributed)", pdfs_under("")),
    Source("bba", "bba-git/test-factur-x-replit", "e2f1b85f08a877e7a8a7c9ae14b6bbddb264ad25",
           "no licence file (kept under shared/ only, never redistributed)", pdfs_under("")),
    Source("rfc", "Romain04240/facturx-check", "b9b59c57406567e4f6050e8c8fc0161410f4a0a1", "MIT (repo LICENSE)",
           pdfs_under("")),
    # The head of pull request 1705 (refs/pull/1705/head, in the fetched snapshot): its e-invoice examples.
    Source("pdk", "foliojs/pdfkit", "7cc66bd14656ecad94e0b9884a96264599954c12", "MIT (repo LICENSE)",
           pdfs_under("examples/")),
)


def pdf_truth(pm, data: bytes, name: str) -> dict | None:
    """The fields of the PDF's embedded XML (the project's readers), or None without a readable XML."""
    from guichet.core.parsing.fields import invoice_fields
    from guichet.core.pipeline.reading import read_file

    try:
        result = read_file(pm, data, name)
    except Exception:  # noqa: BLE001 - an unreadable XML is no truth
        return None
    if result.invoice is None:
        return None
    fields = invoice_fields(result.invoice)
    address = result.invoice.seller.address
    fields["seller_country"] = address.country if address else None
    return fields


def prints_truth(data: bytes, truth: dict) -> bool:
    """True when the page's text layer prints the XML's number and grand total (``bench_ocr.printed``)."""
    import tempfile

    from bench_ocr import printed

    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        try:
            return printed(Path(fh.name), truth)
        except Exception:  # noqa: BLE001 - a page that cannot be read prints nothing
            return False


def truth_key(truth: dict) -> tuple:
    from bench_readings import normalise

    return (normalise("seller_name", truth.get("seller_name") or ""), normalise("invoice_number", truth["invoice_number"]),
            truth["issue_date"], normalise("total_with_tax", truth["total_with_tax"]))


#: Pages drawn by a viewer from the XML, not by the issuer (the FeRD 2.3 / 2.4 examples: « Visualisierung eRechnung »,
#: « Lesbarmachung der XML-Daten »; the XRechnung viewer's notice « Bereiche ohne Inhalte werden nicht dargestellt »):
#: a viewer's layout whatever the seller, so one group (a viewer's page on the tuned side would teach its layout).
RENDERED = ("lesbarmachung der xml-daten", "visualisierung erechnung", "bereiche ohne inhalte werden nicht dargestellt")
RENDERED_GROUP = "rendu-visualisation-xml"
#: Words left out of a seller's name for its group: articles, and single letters (« LE FOURNISSEUR » and
#: « FOURNISSEUR F SARL » are the same FNFE sample issuer).
_GROUP_STOP = {"le", "la", "les", "l", "the", "der", "die", "das", "el", "il"}


def page_text(data: bytes) -> str:
    """The first page's words, lower case (for :data:`RENDERED`)."""
    from guichet.plugins.pdf_text import read_pdf_words

    try:
        pages = read_pdf_words(data)
    except Exception:  # noqa: BLE001 - a page that cannot be read has no text
        return ""
    return " ".join(word.text for word in pages[0].words).lower() if pages else ""


def group_of(truth: dict, text: str = "") -> str:
    """The issuer (or layout) of a file: a page drawn by an XML viewer is :data:`RENDERED_GROUP`; else the
    seller's name, folded as the bench compares names, without articles and single letters."""
    import re

    from bench_readings import normalise

    if any(mark in text for mark in RENDERED):
        return RENDERED_GROUP
    name = truth.get("seller_name") or ""
    words = [w for w in re.split(r"\s+", name) if normalise("seller_name", w) and len(normalise("seller_name", w)) > 1
             and normalise("seller_name", w) not in _GROUP_STOP]
    return normalise("seller_name", " ".join(words)) or "sans-vendeur"


def known_truths(pm) -> set[tuple]:
    """Truth keys of the corpus and outside-set PDFs (computed here, never printed)."""
    keys = set()
    for folder in (SHARED / "corpus", SHARED / "outside" / "files"):
        for path in sorted(folder.rglob("*.pdf")) if folder.is_dir() else ():
            truth = pdf_truth(pm, path.read_bytes(), path.name)
            if truth and truth["invoice_number"] and truth["issue_date"] and truth["total_with_tax"]:
                keys.add(truth_key(truth))
    return keys


def outside_hashes() -> set[str]:
    manifest = SHARED / "outside" / "MANIFEST.tsv"
    if not manifest.is_file():
        return set()
    return {r["sha256"] for r in csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t")}


def candidates(mirrors: Path, sources=None):
    """(source, path, bytes) of every PDF the sources' rules take, in order."""
    for src in sources or SOURCES:
        gd = git_dir(mirrors, src.repo)
        for path, size in tree(gd, src.commit):
            if src.keep(path, size):
                yield src, path, _git(gd, "cat-file", "blob", f"{src.commit}:{path}")


def select(mirrors: Path, sources=None, report: Callable[[str, str], None] | None = None) -> list[tuple]:
    """(source, path, data, truth, group) of the files the rules keep; ``report(path, reason)`` for each left out."""
    from guichet.core.plugins import make_plugin_manager

    pm = make_plugin_manager()
    known = known_hashes() | outside_hashes()
    seen_truths = known_truths(pm)
    taken_hashes: set[str] = set()
    kept = []
    for src, path, data in candidates(mirrors, sources):
        sha = hashlib.sha256(data).hexdigest()
        reason = None
        truth = None
        if sha in known:
            reason = "corpus ou ensemble extérieur"
        elif sha in taken_hashes:
            reason = "déjà pris"
        else:
            truth = pdf_truth(pm, data, Path(path).name)
            if truth is None:
                reason = "sans XML lisible"
            elif not (truth["invoice_number"] and truth["issue_date"] and truth["total_with_tax"]):
                reason = "XML sans numéro, date ou total"
            elif truth_key(truth) in seen_truths:
                reason = "même facture déjà prise"
            elif not prints_truth(data, truth):
                reason = "page sans le numéro ou le total du XML"
        taken_hashes.add(sha)
        if reason:
            if report:
                report(f"{src.tag}:{path}", reason)
            continue
        seen_truths.add(truth_key(truth))
        kept.append((src, path, data, truth, group_of(truth, page_text(data))))
    return kept


def rebuild(mirrors: Path, out: Path) -> list[dict]:
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    rows = []
    for src, path, data, _truth, group in select(mirrors):
        name = f"{src.tag}__{path.replace('/', '__')}"
        (files / name).write_bytes(data)
        rows.append({"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                     "source_repo": src.repo, "source_commit": src.commit, "source_path": path,
                     "licence": src.licence, "group": group})
    for stale in {p.name for p in files.iterdir()} - {r["file"] for r in rows}:
        (files / stale).unlink()  # a file of an older rebuild that the rules no longer take
    with (out / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["file"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    return command(argv, __doc__, rebuild, SOURCES, SHARED / "reels", "files")


if __name__ == "__main__":
    sys.exit(main())
