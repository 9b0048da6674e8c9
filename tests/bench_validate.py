"""Validation: agreement with the official artefacts, speed warm, memory of whole processes.

- agreement: ``guichet validate``'s verdict against the official artefacts run directly
  (tests/official_verdict.py) on the corpus and the AFNOR XP Z12-012 examples, and on the
  outside set (tests/outside_set.py: files not in the corpus and variants), per part (target: all);
- speed: model rules (scans, < 2 ms) and a full validation with a warm engine (< 30 ms);
- conversions: ``convert --to facturx|cii|ubl`` over the outside set, per part (written and
  valid, refused for the source's defects, for the conversion's, or for a value the target's
  code lists lack);
- memory: the peak resident size of whole ``guichet validate`` and ``guichet convert``
  processes (facturx, ubl, cii, paper; corpus files and the two largest outside files), the
  XSLT child process counted (target ≤ 300 MB), and the highest of them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
CORPUS = Path(os.environ.get("GUICHET_CORPUS", SHARED / "corpus" / "facturx"))
AFNOR = SHARED / "specs" / "afnor-xp-z12" / "examples-z12-012" / "Factures"
GUICHET = [sys.executable, "-m", "guichet.core"]


def _stats(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"médiane {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms"


def _tree_rss_kb(root: int, field: str = "VmRSS:") -> int:
    """Resident size of ``root`` and all its descendants (Linux /proc).

    ``VmRSS:`` sums each process's resident size: pages a forked child shares with its
    parent (the rendering forkserver and its children) count twice. ``Pss:`` (from
    ``smaps_rollup``) counts a shared page once, split between its sharers: the memory
    the tree really holds.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            source = "status" if field == "VmRSS:" else "smaps_rollup"
            with open(f"/proc/{pid}/{source}", encoding="ascii", errors="replace") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith(field)), 0)
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def peak_mb(args: list[str], field: str = "VmRSS:") -> tuple[int, int]:
    """(peak resident MB of the process tree, exit status), sampled every 10 ms (``field``: see _tree_rss_kb)."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid, field))
        time.sleep(0.01)
    return peak // 1024, proc.returncode


def _agreement(files: list[Path] | None = None) -> tuple[int, int, list[str]]:
    from guichet.core.errors import UnreadableInput
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931 import engine as official
    from guichet.plugins.validate_en16931 import validate_bytes

    if files is None:
        files = sorted(CORPUS.glob("*.pdf")) + sorted(p for p in AFNOR.glob("*/*") if p.suffix in (".pdf", ".xml"))
    done = subprocess.run([sys.executable, str(HERE / "official_verdict.py"), *map(str, files)],
                          capture_output=True, text=True, check=True)
    reference = {row["file"]: row["valid"] for row in map(json.loads, done.stdout.splitlines())}
    pm, eng = make_plugin_manager(), official.Engine(max_rss_mb=None)
    wrong = []
    try:
        for path in files:
            try:
                ours = validate_bytes(pm, path.read_bytes(), path.name, eng).valid
            except UnreadableInput:
                ours = None
            if ours != reference[path.name]:
                wrong.append(path.name)
    finally:
        eng.stop()
    return len(files) - len(wrong), len(files), wrong


def _speed() -> list[tuple[str, str, str]]:
    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931 import engine as official
    from guichet.plugins.validate_en16931 import rules, rules_fr, run_layers

    pm = make_plugin_manager()
    items = []
    for path in sorted(CORPUS.glob("*.pdf")):
        embedded = pm.hook.extract_xml(data=path.read_bytes(), filename=path.name, fmt="facturx")
        if embedded is None:
            continue
        try:
            invoice = pm.hook.parse_invoice(data=embedded.data, fmt="cii")
        except Exception:  # noqa: BLE001 - unreadable samples are not benchmarked
            continue
        if invoice is not None and invoice.syntax == "cii":
            items.append((embedded.data, invoice))
    model, full = [], []
    for _ in range(3):
        for _xml, invoice in items:
            start = time.perf_counter()
            rules.check(invoice)
            if rules_fr.is_french(invoice):
                rules_fr.check(invoice)
            model.append((time.perf_counter() - start) * 1000)
    eng = official.Engine(max_rss_mb=None)
    try:
        start = time.perf_counter()
        run_layers(items[0][0], items[0][1], "cii", eng, in_pdf=True)  # cold: child start + compilation
        cold = (time.perf_counter() - start) * 1000
        for xml, invoice in items:  # warm-up: compile every stylesheet once
            run_layers(xml, invoice, "cii", eng, in_pdf=True)
        for xml, invoice in items:
            start = time.perf_counter()
            run_layers(xml, invoice, "cii", eng, in_pdf=True)
            full.append((time.perf_counter() - start) * 1000)
        warm_child = eng.peak_rss_mb
    finally:
        eng.stop()
    return [
        (f"règles sur le modèle ({len(items)} factures CII)", _stats(model), "< 2 ms"),
        ("validation complète XSD + CEN + profil Factur-X + BR-FR, moteur chaud", _stats(full), "< 30 ms"),
        ("première validation (démarrage du processus Saxon + compilation)", f"{cold:.0f} ms", "une fois par worker"),
        ("processus Saxon d'un worker, toutes feuilles compilées", f"{warm_child} Mo", "< 450 Mo (redémarré au-delà)"),
    ]


def _memory() -> list[tuple[str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("guichet validate (Factur-X EN 16931)", ["validate", str(CORPUS / "EN16931_Einfach.pdf")]),
            ("guichet validate (Factur-X EXTENDED)", ["validate", str(CORPUS / "zugferd_2p1_EXTENDED_Kostenrechnung.pdf")]),
            ("guichet convert --to facturx (EXTENDED → EN 16931)",
             ["convert", str(CORPUS / "ZTESTZUGFERD_1_INVDSS_012015738820PDF-1.pdf"), "--to", "facturx", "-o",
              str(Path(tmp) / "out.pdf")]),
            ("guichet convert --to ubl", ["convert", str(CORPUS / "EN16931_Einfach.pdf"), "--to", "ubl", "-o",
                                          str(Path(tmp) / "out.xml")]),
            ("guichet convert --to cii", ["convert", str(CORPUS / "EN16931_Einfach.pdf"), "--to", "cii", "-o",
                                          str(Path(tmp) / "out.cii.xml")]),
            ("guichet convert d'un PDF sans XML (lecture du texte)",
             ["convert", str(CORPUS / "RE-E-974-Hetzner_2016-01-19_R0005532486.pdf"), "--to", "facturx", "-o",
              str(Path(tmp) / "scan.pdf")]),
        ]
        # The largest files of the outside set (a 3 MB attachment, 1 MB XRechnung): memory grows with them.
        sys.path.insert(0, str(HERE))
        from outside_set import public_files

        for path in sorted(public_files(), key=lambda p: p.stat().st_size, reverse=True)[:2]:
            short = f"{path.name[:48]}…, {path.stat().st_size // 1024} ko"
            cases.append((f"guichet validate (ensemble extérieur, {short})", ["validate", str(path)]))
            for target in ("facturx", "ubl", "cii"):
                cases.append((f"guichet convert --to {target} (ensemble extérieur, {short})",
                              ["convert", str(path), "--to", target, "-o", str(Path(tmp) / f"big.{target}")]))
        worst = 0
        for label, args in cases:
            pss, status = peak_mb([*GUICHET, *args], "Pss:")
            rss, _status = peak_mb([*GUICHET, *args])
            worst = max(worst, rss)
            rows.append((f"pic mémoire : {label} (code {status})",
                         f"{pss} Mo (PSS) ; {rss} Mo en additionnant les RSS (pages partagées comptées deux fois)",
                         "≤ 300 Mo, processus Saxon et enfants de rendu compris"))
        rows.append(("pic mémoire le plus haut (RSS additionnés, arbre de processus)", f"{worst} Mo", "≤ 300 Mo"))
    return rows


def _outside_agreement() -> list[tuple[str, str, str]]:
    """Agreement on the outside set (tests/outside_set.py), per part: held-out files are never tuned on."""
    sys.path.insert(0, str(HERE))
    from outside_set import HELD_OUT, TUNING, outside_files, part_of

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = outside_files(Path(tmp))
        for part in (TUNING, HELD_OUT):
            agree, total, wrong = _agreement([p for p in files if part_of(p.name) == part])
            rows.append((f"accord avec les artefacts officiels, ensemble extérieur ({part})", f"{agree}/{total}"
                         + (f" ; écarts : {', '.join(wrong)}" if wrong else ""), "100 %"))
    return rows


def _outside_convert() -> list[tuple[str, str, str]]:
    """``convert --to facturx|cii|ubl`` over the whole outside set, per part (tests/outside_convert.py):
    written outputs valid for the artefacts and read back; refusals split by origin."""
    sys.path.insert(0, str(HERE))
    from outside_convert import (BY_CONVERSION, BY_SOURCE, BY_TARGET, UNREADABLE, WRITTEN, convert_all,
                                 render_in_forks, tally)
    from outside_set import HELD_OUT, TUNING, outside_files

    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931 import engine as official

    rows = []
    pm = make_plugin_manager()
    render_in_forks()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            files = outside_files(Path(tmp) / "src")
            for target in ("facturx", "cii", "ubl"):
                outcomes = convert_all(pm, files, target, Path(tmp) / target)
                for part in (TUNING, HELD_OUT):
                    c = tally([o for o in outcomes if o.part == part])
                    total = sum(c[k] for k in (WRITTEN, BY_SOURCE, BY_CONVERSION, BY_TARGET, UNREADABLE))
                    rows.append((f"convert --to {target}, ensemble extérieur ({part})",
                                 f"{c[WRITTEN]}/{total} écrits (dont {c['written, invalid for the artefacts']} "
                                 f"non valides, {c['written, read back differently']} relus autrement) ; "
                                 f"refusés : {c[BY_SOURCE]} défaut de la source, {c[BY_CONVERSION]} dû à la "
                                 f"conversion, {c[BY_TARGET]} valeur que le format cible ne peut porter ; "
                                 f"{c[UNREADABLE]} illisibles",
                                 "écrits : 100 % valides et relus ; refus dus à la conversion : 0"))
    finally:
        official.engine().stop()
        from guichet.core.ops import limited

        limited.one_shot(False)  # the next bench modules run as before
    return rows


def run() -> list[tuple[str, str, str]]:
    """Rows (metric, value, target)."""
    agree, total, wrong = _agreement()
    rows = [("accord avec les artefacts officiels (corpus + exemples AFNOR)", f"{agree}/{total}"
             + (f" ; écarts : {', '.join(wrong)}" if wrong else ""), "100 %")]
    return rows + _outside_agreement() + _outside_convert() + _speed() + _memory()


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
