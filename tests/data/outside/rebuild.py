"""Rebuild the outside set (``../shared/outside/files`` and ``MANIFEST.tsv``) from git mirrors.

The public files of the outside set (issue 14) are fetched data: they stay under the shared
folder and are never committed. This script is the committed recipe that puts them back,
from bare git directories of the three source repositories at the commits of the README::

    python tests/data/outside/rebuild.py [--mirrors /work/.mirror] [--out ../shared/outside]

Each mirror is looked for as ``<mirrors>/<owner>+<name>/repo`` (what the ``fetch`` tool
gives) or ``<mirrors>/<owner>/<name>.git``. The files are read with ``git show`` at the
pinned commit (the blobs, not a work tree), selected by the rules of the README, and any
file whose SHA-256 is already in ``../shared/corpus`` or in the AFNOR XP Z12-012 examples
is left out. Written: ``files/<source>__<path with / as __>`` and ``MANIFEST.tsv`` (file,
sha256, bytes, source_repo, source_commit, source_path, licence), the same columns as the
corpus manifest. Nothing is downloaded here.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SHARED = REPO.parent / "shared"


@dataclass(frozen=True)
class Source:
    tag: str  # file name prefix
    repo: str  # owner/name on GitHub
    commit: str
    licence: str
    keep: Callable[[str, int], bool]  # (path, size) -> taken?


def _zugferd_corpus(path: str, size: int) -> bool:
    if not path.lower().endswith((".pdf", ".xml")) or size > 1_200 * 1024:
        return False
    top = path.split("/", 1)[0]
    return top not in ("fatturaPA", "unstructured", "PEPPOL")


def _cen_examples(path: str, size: int) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] in ("cii", "ubl") and parts[1] == "examples" and path.endswith(".xml")


def _xrechnung_suite(path: str, size: int) -> bool:
    return path.startswith("src/test/business-cases/") and path.endswith(".xml") and size <= 60 * 1024


SOURCES = (
    Source("zc", "ZUGFeRD/corpus", "47b61beb29b7de98c3c91cdb3657415c0ede783b",
           "Apache-2.0 (repo LICENSE; samples originate from FeRD/FNFE Infopaket, intarsys, symtrax, "
           "Mustang and others)", _zugferd_corpus),
    Source("cen", "ConnectingEurope/eInvoicing-EN16931", "b6c9e06a59812fb1a83585da40923b3678a649ad",
           "EUPL-1.2 (repo LICENSE.txt; CEN TC 434 examples)", _cen_examples),
    Source("xr", "itplr-kosit/xrechnung-testsuite", "5528afafa9968eb67840da3ced0caf15f8d90a7a",
           "Apache-2.0 (repo LICENSE)", _xrechnung_suite),
)
COLUMNS = ("file", "sha256", "bytes", "source_repo", "source_commit", "source_path", "licence")


def git_dir(mirrors: Path, repo: str) -> Path:
    owner, name = repo.split("/")
    for candidate in (mirrors / f"{owner}+{name}" / "repo", mirrors / owner / f"{name}.git"):
        if candidate.is_dir():
            return candidate
    raise SystemExit(f"no mirror of {repo} under {mirrors} (fetch github:{repo} first)")


def _git(gd: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={gd}", *args], check=True, capture_output=True).stdout


def tree(gd: Path, commit: str) -> list[tuple[str, int]]:
    """(path, size) of every blob of the commit (``ls-tree -r -l``, NUL separated: paths may hold spaces)."""
    out = []
    for entry in _git(gd, "ls-tree", "-r", "-l", "-z", commit).split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        _mode, kind, _sha, size = meta.split()
        # A blob the mirror lists but does not hold (its largest files) has no size: git prints
        # "BAD" there (the README's "BAD PEPPOL folder" was this: PEPPOL/Valid/Qvalia, absent).
        if kind == b"blob" and size.isdigit():
            out.append((path.decode("utf-8"), int(size)))
    return out


def known_hashes() -> set[str]:
    """SHA-256 of the corpus (its manifest and its files) and of the AFNOR XP Z12-012 examples."""
    seen: set[str] = set()
    for manifest in (SHARED / "corpus").rglob("MANIFEST.tsv"):
        seen |= {r["sha256"] for r in csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t") if r.get("sha256")}
    for folder in (SHARED / "corpus", SHARED / "specs" / "afnor-xp-z12" / "examples-z12-012"):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix.lower() in (".pdf", ".xml"):
                seen.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return seen


def rebuild(mirrors: Path, out: Path) -> list[dict]:
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    known = known_hashes()
    rows: list[dict] = []
    for src in SOURCES:
        gd = git_dir(mirrors, src.repo)
        for path, size in tree(gd, src.commit):
            if not src.keep(path, size):
                continue
            data = _git(gd, "cat-file", "blob", f"{src.commit}:{path}")
            sha = hashlib.sha256(data).hexdigest()
            if sha in known:
                continue
            name = f"{src.tag}__{path.replace('/', '__')}"
            (files / name).write_bytes(data)
            rows.append({"file": name, "sha256": sha, "bytes": len(data), "source_repo": src.repo,
                         "source_commit": src.commit, "source_path": path, "licence": src.licence})
    stale = {p.name for p in files.iterdir()} - {r["file"] for r in rows}
    for name in stale:  # a file of an older rebuild that the rules no longer take
        (files / name).unlink()
    write_manifest(out, rows)
    return rows


def write_manifest(out: Path, rows: list[dict]) -> None:
    """``out/MANIFEST.tsv``: one row a file, sorted (shared with tests/data/designs/rebuild.py)."""
    with (out / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["file"]))


def command(argv: list[str] | None, description: str, rebuild: Callable[[Path, Path], list[dict]], sources,
            out: Path, files: str = "") -> int:
    """The command line of a rebuild script: ``--mirrors``, ``--out``, then the count of files per source."""
    parser = argparse.ArgumentParser(description=description.split("\n\n", 1)[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args(argv)
    rows = rebuild(args.mirrors, args.out)
    for src in sources:
        print(f"{src.repo}@{src.commit[:12]}: {sum(r['source_repo'] == src.repo for r in rows)} files")
    print(f"{len(rows)} files in {args.out / files}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return command(argv, __doc__, rebuild, SOURCES, SHARED / "outside", "files")


if __name__ == "__main__":
    sys.exit(main())
