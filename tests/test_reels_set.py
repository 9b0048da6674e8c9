"""The real-invoices set (issue 13, tests/reels_set.py): its manifest, its files and its split stay what they are.

The split by issuer is pinned (a changed salt or share would move issuers between the tuned and the measured
part: the measure would no longer be of invoices never seen). The tests of the files skip without
``../shared/reels`` (CI has no network: tests/data/reels/rebuild.py puts them back from git mirrors).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reels_set as reels

needs_set = pytest.mark.skipif(not reels.available(), reason=f"pas de factures réelles sous {reels.REELS} "
                               "(tests/data/reels/rebuild.py)")


def _rebuild_module():
    path = Path(__file__).resolve().parent / "data" / "reels" / "rebuild.py"
    spec = importlib.util.spec_from_file_location("reels_rebuild", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["reels_rebuild"] = module
    spec.loader.exec_module(module)
    return module


def test_the_split_by_issuer_is_pinned():
    # Invented issuers: the same part on every machine and run, whatever else changes.
    assert [reels.part_of(g) for g in ("acme", "lieferanterfunden", "fournisseurinvente", "sans-vendeur")] == [
        "reels", "reels-inedits", "reels", "reels-inedits"]
    assert reels.SPLIT_SALT == "guichet-reels-2026-12-05" and reels.TUNING_SHARE == 60


def test_the_viewer_s_pages_are_split_by_example_and_an_example_s_profiles_stay_together():
    # The viewer's layout holds most of FeRD's examples: half of the examples may be tuned on. One example printed
    # in two profiles or versions is one invoice: both on the same side.
    assert reels.viewer_example("documentation/zugferd240de/Beispiele/3. EN16931/EN16931_Elektron_Anlage_XML_fx.pdf") \
        == "elektronanlagexml"
    assert reels.viewer_example("a/EXTENDED_Rechnungskorrektur_fx.pdf") == reels.viewer_example(
        "b/EN16931_Rechnungskorrektur.pdf") == "rechnungskorrektur"
    assert reels.viewer_example("x/ZF_Extended_steuerfreie_Innergemeinschaftliche_Lieferung_fx.pdf") == (
        "steuerfreieinnergemeinschaftlichelieferung")
    viewer = {"group": reels.VIEWER_GROUP}
    parts = [reels.part_of_row({**viewer, "source_path": f"d/EN16931_{name}_fx.pdf"})
             for name in ("Photovoltaik", "Rabatte", "Warenrechnung", "Kostenrechnung")]
    assert parts == ["reels", "reels-inedits", "reels", "reels-inedits"]
    assert reels.part_of_row({"group": "acme", "source_path": "d/EN16931_Rabatte_fx.pdf"}) == reels.part_of("acme")
    assert reels.VIEWER_SALT == "guichet-reels-viewer-2026-12-07" and reels.VIEWER_SHARE == 50


def test_misses_are_refused_on_the_measured_part():
    import subprocess

    import bench_readings

    assert reels.UNSEEN_PART in bench_readings.NEVER_TUNED
    assert reels.TUNING_PART not in bench_readings.NEVER_TUNED
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("bench_readings.py")), "--part",
                           reels.UNSEEN_PART, "--misses", "--count", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "réelles inédites" in done.stderr and not done.stdout.strip()


@needs_set
def test_files_are_the_manifest_s():
    assert reels.verify() == []
    assert len(reels.manifest()) == len(list((reels.REELS / "files").iterdir()))


@needs_set
def test_manifest_rows_come_from_the_pinned_sources():
    rebuild = _rebuild_module()
    sources = {src.repo: src for src in rebuild.SOURCES}
    for row in reels.manifest():
        src = sources[row["source_repo"]]
        assert row["source_commit"] == src.commit
        assert row["file"] == f"{src.tag}__{row['source_path'].replace('/', '__')}"
        assert src.keep(row["source_path"], int(row["bytes"]))


@needs_set
def test_no_file_is_in_the_corpus_or_the_outside_set():
    rebuild = _rebuild_module()
    known = rebuild.known_hashes() | rebuild.outside_hashes()
    assert not {row["sha256"] for row in reels.manifest()} & known
    assert len({row["sha256"] for row in reels.manifest()}) == len(reels.manifest())


@needs_set
def test_each_issuer_is_in_one_part_and_the_group_is_the_xml_seller():
    rebuild = _rebuild_module()
    tuning, measured = reels.files_of(reels.TUNING_PART), reels.files_of(reels.UNSEEN_PART)
    assert tuning and measured and len(tuning) + len(measured) == len(reels.manifest())
    issuers = lambda rows: {r["group"] for r in rows if r["group"] != reels.VIEWER_GROUP}  # noqa: E731
    assert not issuers(tuning) & issuers(measured)
    examples = lambda rows: {reels.viewer_example(r["source_path"]) for r in rows  # noqa: E731
                             if r["group"] == reels.VIEWER_GROUP}
    assert not examples(tuning) & examples(measured)
    for row in tuning:  # the tuning part only: the measured part's files are not opened here
        data = (reels.REELS / "files" / row["file"]).read_bytes()
        truth = reels.truth_of(data, row["file"])
        assert rebuild.group_of(truth, rebuild.page_text(data)) == row["group"]
        assert truth["invoice_number"] and truth["issue_date"] and truth["total_with_tax"]


@needs_set
def test_a_minimum_profile_s_truth_holds_no_due_date_and_the_bench_scores_none():
    """A MINIMUM Factur-X cannot carry a due date (no payment terms in its XML) while its page prints one: the
    truth says so (``not_carried``), and the readings bench neither counts nor lists that field there."""
    import bench_readings as bench

    row = next((r for r in reels.manifest() if "MINIMUM" in r["file"].upper()), None)
    if row is None:
        pytest.skip("no MINIMUM file in the set")
    truth = reels.truth_of((reels.REELS / "files" / row["file"]).read_bytes(), row["file"])
    assert "due_date" in truth["not_carried"]
    read = {"kind": "text", "got": {"due_date": "2022-03-02"}, "truth": truth}
    assert not bench.scored(read, "due_date") and bench.scored(read, "issue_date")


def test_sources_are_only_ever_appended():
    # A file whose truth an earlier source gave is left out: a source put before the others, or two swapped, could
    # take an existing file's place (the split would then measure other files). New sources go at the end.
    rebuild = _rebuild_module()
    tags = [src.tag for src in rebuild.SOURCES]
    assert tags[:20] == ["zcs", "zdl", "mus", "hzf", "kon", "oca", "fxn", "qub", "tul", "fxk", "sbx", "vcl", "itx",
                         "fxg", "fxe", "kls", "cdx", "bba", "rfc", "pdk"]
    assert len(set(tags)) == len(tags)
    assert len({src.repo for src in rebuild.SOURCES}) == len(tags)  # the manifest's rows are matched by repository


def test_a_viewer_s_page_is_the_viewer_s_layout_whatever_the_seller():
    rebuild = _rebuild_module()
    truth = {"seller_name": "Lieferant GmbH"}
    assert rebuild.group_of(truth, "daten der e-rechnung bereiche ohne inhalte werden nicht dargestellt!") == (
        rebuild.RENDERED_GROUP)
    assert rebuild.group_of(truth, "visualisierung erechnung") == rebuild.RENDERED_GROUP
    assert rebuild.group_of(truth, "rechnung nr. 4711") == "lieferant"
