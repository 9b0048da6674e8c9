"""``guichet validate`` gives the official artefacts' verdict on files never seen before (issue 14).

The outside set (:mod:`outside_set`): public invoices that are not in ``../shared/corpus/``
(ZUGFeRD corpus, CEN examples, XRechnung test suite) and variants built from them.
The official artefacts are run directly with saxonche by ``tests/official_verdict.py``
(nothing of Guichet in it); the verdicts must be the same on EVERY file. A disagreement is
reported with its part: ``held-out`` files are never tuned on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from guichet.core.errors import UnreadableInput
from guichet.core.plugins import make_plugin_manager
from guichet.plugins.validate_en16931 import engine as official
from guichet.plugins.validate_en16931 import validate_bytes

from outside_set import FILES, HELD_OUT, OUTSIDE, TUNING, outside_files, part_of, public_files

#: Fetched public files are data kept under the shared folder only, never committed (like the
#: corpus): without ../shared/outside these tests skip and say where the set is expected.
pytestmark = pytest.mark.skipif(not (OUTSIDE / "MANIFEST.tsv").is_file(),
                                reason=f"outside set missing: {OUTSIDE} (see tests/data/outside/README.md)")

HERE = Path(__file__).resolve().parent


def official_verdicts(files: list[Path]) -> dict[str, dict]:
    done = subprocess.run([sys.executable, str(HERE / "official_verdict.py"), *map(str, files)],
                          capture_output=True, text=True, check=True, timeout=900)
    return {row["file"]: row for row in map(json.loads, done.stdout.splitlines())}


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> list[Path]:
    files = outside_files(tmp_path_factory.mktemp("outside"))
    assert len(public_files()) >= 200, f"the outside set is missing from {FILES} (see tests/data/outside/README.md)"
    return files


@pytest.fixture(scope="module")
def reference(outside) -> dict[str, dict]:
    return official_verdicts(outside)


def test_outside_files_are_the_manifest_s_and_none_is_in_the_corpus():
    rows = list(csv.DictReader((OUTSIDE / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert {r["file"] for r in rows} == {p.name for p in public_files()}
    corpus = {r["sha256"] for r in csv.DictReader((HERE.parents[1] / "shared" / "corpus" / "facturx" / "MANIFEST.tsv")
                                                  .open(encoding="utf-8"), delimiter="\t")}
    for row in rows:
        data = (FILES / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
        assert row["sha256"] not in corpus, row["file"]
        assert row["licence"] and row["source_commit"], row["file"]


def test_both_parts_hold_every_kind(outside):
    held = [p for p in outside if part_of(p.name) == HELD_OUT]
    tuning = [p for p in outside if part_of(p.name) == TUNING]
    assert len(held) > 100 and len(tuning) > 200
    for part in (held, tuning):
        names = " ".join(p.name for p in part)
        for kind in ("zc__", "cen__", "xr__", "var__cii", "var__ubl", "var__minimum", "var__basicwl", "var__extended",
                     "var__zugferd1", "var__container", "var__xrechnung"):
            assert kind in names, kind


def test_validate_agrees_with_the_official_artefacts_on_every_outside_file(outside, reference):
    """Same verdict (valid, invalid, unreadable) as the artefacts on every file of both parts."""
    pm, eng = make_plugin_manager(), official.Engine(max_rss_mb=None)
    wrong: dict[str, list[str]] = {HELD_OUT: [], TUNING: []}
    invalid = 0
    try:
        for path in outside:
            try:
                report = validate_bytes(pm, path.read_bytes(), path.name, eng)
                ours = report.valid
                rules = sorted({f.rule for f in report.findings if f.severity == "fatal"})
            except UnreadableInput as exc:
                ours, rules = None, [str(exc)]
            theirs = reference[path.name]
            invalid += theirs["valid"] is False
            if ours != theirs["valid"]:
                wrong[part_of(path.name)].append(f"{path.name}: guichet {ours} {rules[:5]}, "
                                                 f"artefacts {theirs['valid']} {theirs['fatal'][:5]} {theirs['error'] or ''}")
    finally:
        eng.stop()
    assert invalid > 100  # the set is not only valid files: both verdicts are exercised
    assert wrong == {HELD_OUT: [], TUNING: []}


@pytest.mark.parametrize("name,code", [
    ("var__cii__total-off.xml", 1),
    ("var__cii__in-pdf.pdf", 0),
    ("var__minimum__rewrapped.pdf", 1),
    ("var__container__xmp-level-unknown.pdf", 1),
    ("var__zugferd1-extended__total-off.xml", 0),
])
def test_the_command_gives_the_same_verdict(outside, reference, name, code):
    """The command line itself (exit status, JSON verdict) on a few of the variants."""
    path = next(p for p in outside if p.name == name)
    assert reference[name]["valid"] is (code == 0)
    done = subprocess.run([sys.executable, "-m", "guichet.core", "validate", "--json", str(path)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == code, done.stdout + done.stderr
    assert json.loads(done.stdout)["valid"] is (code == 0)


def test_zugferd1_is_known_by_its_root_even_after_long_comments_and_unreadable_values():
    """A ZUGFeRD 1.0 file Guichet cannot read (a date that does not exist) whose root comes after a
    long comment is still judged by the ZUGFeRD 1.0 XSD, its only artefact (seen on an Intarsys sample)."""
    from outside_set import ZF1_EXT, embedded

    xml = embedded((FILES / ZF1_EXT).read_bytes())
    start = xml.index(b"<rsm:CrossIndustryDocument")
    xml = xml[:start] + b"<!-- " + b"commentaire " * 300 + b"-->\n" + xml[start:]
    head, _, tail = xml.partition(b'<udt:DateTimeString format="102">')
    xml = head + b'<udt:DateTimeString format="102">20139102' + tail[8:]
    pm, eng = make_plugin_manager(), official.Engine(max_rss_mb=None)
    try:
        report = validate_bytes(pm, xml, "zugferd-invoice.xml", eng)
    finally:
        eng.stop()
    assert report.syntax == "zugferd1"
    assert report.layers["xsd"] == "ok: zugferd1"
    assert report.valid
    assert [f.rule for f in report.findings] == ["MODEL-UNREADABLE"]
