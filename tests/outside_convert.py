"""``guichet convert`` over the whole outside set, one target at a time (issue 14).

Shared by ``tests/test_outside_convert.py`` and ``tests/bench_validate.py``. Each source of
the outside set (:mod:`outside_set`) is converted in memory with
:func:`~guichet.plugins.validate_en16931.convert.convert_bytes`; the outcome is one of:

- ``written``: the gate let it through; the output is then judged again by the official
  artefacts run directly (``tests/official_verdict.py``) and read back;
- ``refused: source``: every broken rule was already broken by the source (or the
  reading of a scan could not establish a field): the conversion is right to refuse;
- ``refused: conversion``: at least one broken rule, key field or writer problem comes
  from the conversion itself: a defect of Guichet's writers;
- ``refused: target``: the source holds a value EN 16931 admits but the target's profile does not
  (a Factur-X code list narrower than EN 16931's: VAT category B): no writer can carry it;
- ``unreadable``: the source cannot be read at all (exit 2).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUFFIX = {"facturx": ".pdf", "cii": ".xml", "ubl": ".xml"}
WRITTEN, BY_SOURCE, BY_CONVERSION, UNREADABLE = "written", "refused: source", "refused: conversion", "unreadable"
BY_TARGET = "refused: target"


@dataclass
class Outcome:
    name: str
    part: str
    status: str
    reasons: list[str] = field(default_factory=list)  # broken rules (origin), differences, problem
    output: Path | None = None  # the written output (status ``written``)
    fields_equal: bool | None = None  # the output reads back to the source's key fields
    official_valid: bool | None = None  # the artefacts' verdict on the written output


def _key_fields(pm, data: bytes, name: str) -> dict:
    from guichet.core.parsing.fields import invoice_fields
    from guichet.core.pipeline.reading import read_file
    from guichet.plugins.validate_en16931.mend import mend

    invoice = read_file(pm, data, name).invoice
    return invoice_fields(mend(invoice)[0]) if invoice is not None else {}


def _same_fields(got: dict, expected: dict, pm, source: bytes, name: str) -> bool:
    """Equal key fields; a field the source lacks may hold only the value EN 16931 derives for it
    (BT-110 = sum of BT-117, which UBL must write: convert's ``_derived_fields``)."""
    from guichet.core.pipeline.reading import read_file
    from guichet.plugins.validate_en16931.convert import _derived_fields
    from guichet.plugins.validate_en16931.mend import mend

    derived = _derived_fields(mend(read_file(pm, source, name).invoice)[0])
    return all(got.get(k) == v or (v is None and k in derived and got.get(k) == derived[k])
               for k, v in expected.items())


def official_valid(files: list[Path]) -> dict[str, bool | None]:
    """The artefacts' verdict (tests/official_verdict.py, nothing of Guichet) on each file."""
    if not files:
        return {}
    done = subprocess.run([sys.executable, str(HERE / "official_verdict.py"), *map(str, files)],
                          capture_output=True, text=True, check=True, timeout=1800)
    return {row["file"]: row["valid"] for row in map(json.loads, done.stdout.splitlines())}


def convert_all(pm, files: list[Path], target: str, out: Path, say=None) -> list[Outcome]:
    """Convert every file to ``target``; written outputs go to ``out`` and are judged by the artefacts.

    ``say``: called with each outcome as soon as it is known (before the artefacts' verdict).
    """
    from guichet.core.errors import UnreadableInput
    from guichet.plugins.validate_en16931.convert import convert_bytes

    from outside_set import part_of

    out.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for path in files:
        source = path.read_bytes()
        outcome = Outcome(path.name, part_of(path.name), WRITTEN)
        try:
            result = convert_bytes(pm, source, path.name, target)
        except UnreadableInput as exc:
            outcome.status, outcome.reasons = UNREADABLE, [str(exc)]
            outcomes.append(outcome)
            if say:
                say(outcome)
            continue
        if result.ok:
            outcome.output = out / f"{path.stem}.{target}{SUFFIX[target]}"
            outcome.output.write_bytes(result.output)
            outcome.fields_equal = _same_fields(_key_fields(pm, result.output, outcome.output.name),
                                                _key_fields(pm, source, path.name), pm, source, path.name)
        else:
            introduced = [f.rule for f, from_source in result.broken if not from_source]
            outcome.status = (BY_CONVERSION if introduced or result.differences or result.problem
                              else BY_TARGET if result.target_limits else BY_SOURCE)
            outcome.reasons = ([f"{f.rule} ({'source' if s else 'conversion'})" for f, s in result.broken]
                               + [f"{f.rule} (cible : {f.message})" for f in result.target_limits]
                               + [f"relecture : {d}" for d in result.differences]
                               + [f"relecture (source) : {d}" for d in result.profile_losses]
                               + ([f"écriture : {result.problem}"] if result.problem else [])
                               + ([result.source_problem] if result.source_problem else []))
        outcomes.append(outcome)
        if say:
            say(outcome)
    verdicts = official_valid([o.output for o in outcomes if o.output is not None])
    for o in outcomes:
        if o.output is not None:
            o.official_valid = verdicts[o.output.name]
    return outcomes


def render_in_forks() -> None:
    """As `guichet convert` does (core/ops/cli.py): the rendering's child is forked from this
    single-threaded process, with the renderer imported once here, instead of a forkserver
    that convert_bytes stops after each rendering (a new interpreter per file: 3x slower)."""
    from guichet.core.ops import limited

    limited.one_shot()
    import facturx  # noqa: F401 - imported once, inherited by every forked rendering
    import weasyprint  # noqa: F401


def tally(outcomes: list[Outcome]) -> dict[str, int]:
    """Counts per status; ``written but invalid`` and ``written but reads back differently`` must stay 0."""
    counts = {s: sum(o.status == s for o in outcomes) for s in (WRITTEN, BY_SOURCE, BY_CONVERSION, BY_TARGET,
                                                                 UNREADABLE)}
    counts["written, invalid for the artefacts"] = sum(o.status == WRITTEN and o.official_valid is not True
                                                       for o in outcomes)
    counts["written, read back differently"] = sum(o.status == WRITTEN and o.fields_equal is False for o in outcomes)
    return counts


def main(argv: list[str]) -> int:
    """``python tests/outside_convert.py TARGET [PART] [OUT]``: the outcome of every file, then the counts."""
    import tempfile

    from guichet.core.plugins import make_plugin_manager
    from guichet.plugins.validate_en16931 import engine as official

    from outside_set import outside_files

    target, part = argv[0], (argv[1] if len(argv) > 1 else "") or None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(argv[2]) if len(argv) > 2 else Path(tmp)
        files = list(outside_files(Path(tmp) / "src"))
        from outside_set import part_of

        files = [p for p in files if part is None or part_of(p.name) == part]
        pm = make_plugin_manager()
        render_in_forks()
        try:
            outcomes = convert_all(pm, files, target, out / "out", say=lambda o: print(
                f"# {o.part}\t{o.status}\t{o.name}\t{'; '.join(o.reasons)[:300]}", flush=True))
        finally:
            official.engine().stop()
        for o in outcomes:
            extra = "" if o.status != WRITTEN else f" valid={o.official_valid} same={o.fields_equal}"
            print(f"{o.part}\t{o.status}\t{o.name}{extra}\t{'; '.join(o.reasons)[:400]}")
        print(json.dumps(tally(outcomes), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main(sys.argv[1:]))
