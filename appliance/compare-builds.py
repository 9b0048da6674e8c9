#!/usr/bin/env python3
"""Compare two appliance builds: same commit and same Debian snapshot must give the same image.

    appliance/compare-builds.py BUILD_A BUILD_B              compare two build directories
    appliance/compare-builds.py --build BUILD_A BUILD_B      build twice (make appliance-compare), then compare

``--build`` exports one commit (``--commit``, default ``HEAD``) with ``git archive`` into a
fresh directory per build, so both builds read the very same sources, sets
``SOURCE_DATE_EPOCH`` to the commit's date and runs ``build.sh`` twice, one after the other,
with the caller's environment (``GUICHET_SNAPSHOT``, ``GUICHET_MIRROR``). The disk images are
not compared (ext4 and FAT carry their creation time and random UUIDs by design): the root
filesystem tarball is what they are made from.

What must be equal, else the exit status is 1 with one French line per difference:

- ``packages.txt``: every Debian package, name and version;
- ``python-packages.txt``: every package of Guichet's virtual environment, name and version;
- ``guichet-rootfs.tar.gz``: the list of paths, and for each its type, mode, owner, group,
  link target, extended attributes (file capabilities) and, for regular files, the SHA-256 of
  its content, except the few files of ``ALLOWED_CONTENT`` whose content differs by nature
  (their path, mode and owner are still compared).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import stat
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

#: Files whose content legitimately differs between two builds of the same inputs (regex of the
#: path: why). Keep it short: anything else that differs is a reproducibility bug to fix in
#: build.sh. Empty: two builds of one commit were identical once the build fixed the .pyc
#: files (SOURCE_DATE_EPOCH), fontconfig's and ldconfig's caches, apt-listchanges' database
#: and apt's logs.
ALLOWED_CONTENT: dict[str, str] = {}


@dataclass(frozen=True)
class Entry:
    kind: str
    mode: int
    uid: int
    gid: int
    link: str
    xattrs: tuple[tuple[str, str], ...]
    digest: str


def tarball_entries(path: Path) -> dict[str, Entry]:
    """Every member of the tarball, by normalised path (``./etc/...``)."""
    entries: dict[str, Entry] = {}
    with tarfile.open(path) as archive:
        for member in archive:
            name = member.name if member.name.startswith("./") or member.name == "." else f"./{member.name}"
            digest = ""
            if member.isfile():
                handle = archive.extractfile(member)
                hasher = hashlib.sha256()
                if handle is not None:
                    while block := handle.read(1 << 20):
                        hasher.update(block)
                digest = hasher.hexdigest()
            kind = "fichier" if member.isfile() else "lien" if member.issym() else \
                "lien dur" if member.islnk() else "dossier" if member.isdir() else f"type {member.type!r}"
            xattrs = tuple(sorted((k, v) for k, v in member.pax_headers.items() if k.startswith("SCHILY.xattr.")))
            entries[name] = Entry(kind, member.mode, member.uid, member.gid, member.linkname, xattrs, digest)
    return entries


def tree_entries(root: Path) -> dict[str, Entry]:
    """The same record from a build's root filesystem, before it is archived (``--trees``):
    what ``tar`` would store, the contents of /proc, /sys, /dev and /run left out as build.sh does."""
    entries: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        relative = "./" + str(here.relative_to(root)) if here != root else "."
        if relative in ("./proc", "./sys", "./dev", "./run"):
            dirs[:] = []
            files = []
        for name in sorted(dirs) + sorted(files):
            path = here / name
            info = path.lstat()
            key = f"{relative}/{name}" if relative != "." else f"./{name}"
            kind = "lien" if stat.S_ISLNK(info.st_mode) else "dossier" if stat.S_ISDIR(info.st_mode) else \
                "fichier" if stat.S_ISREG(info.st_mode) else f"type {stat.S_IFMT(info.st_mode):o}"
            digest = ""
            if kind == "fichier":
                hasher = hashlib.sha256()
                with path.open("rb") as handle:
                    while block := handle.read(1 << 20):
                        hasher.update(block)
                digest = hasher.hexdigest()
            xattrs = tuple(sorted((f"SCHILY.xattr.{k}", os.getxattr(path, k, follow_symlinks=False).decode("latin-1"))
                                  for k in os.listxattr(path, follow_symlinks=False))) if kind != "lien" else ()
            entries[key] = Entry(kind, stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid,
                                 os.readlink(path) if kind == "lien" else "", xattrs, digest)
    return entries


def package_lines(path: Path) -> dict[str, str]:
    """``name version`` (packages.txt) or ``name==version`` (pip freeze) lines, by name."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, version = line.replace("==", " ", 1).partition(" ")
        found[name] = version.strip()
    return found


def compare_packages(label: str, a: Path, b: Path) -> list[str]:
    if not a.exists() or not b.exists():
        return [f"{label} : absent de {a.parent if not a.exists() else b.parent}"]
    left, right = package_lines(a), package_lines(b)
    out = [f"{label} : {name} seulement dans A ({left[name]})" for name in sorted(left.keys() - right.keys())]
    out += [f"{label} : {name} seulement dans B ({right[name]})" for name in sorted(right.keys() - left.keys())]
    out += [f"{label} : {name} {left[name]} dans A, {right[name]} dans B"
            for name in sorted(left.keys() & right.keys()) if left[name] != right[name]]
    return out


def allowed_reason(name: str) -> str | None:
    for pattern, reason in ALLOWED_CONTENT.items():
        if re.search(pattern, name):
            return reason
    return None


def compare_tarballs(a: Path, b: Path, read=tarball_entries) -> tuple[list[str], list[str]]:
    """(differences, allowed content differences)."""
    # Both at once: zlib and hashlib release the GIL, a second core halves the wait.
    with ThreadPoolExecutor(max_workers=2) as pool:
        left, right = pool.map(read, (a, b))
    out = [f"archive : {name[1:]} seulement dans A" for name in sorted(left.keys() - right.keys())]
    out += [f"archive : {name[1:]} seulement dans B" for name in sorted(right.keys() - left.keys())]
    allowed: list[str] = []
    for name in sorted(left.keys() & right.keys()):
        x, y = left[name], right[name]
        for field, label, show in (("kind", "type", str), ("mode", "mode", lambda m: f"{m:04o}"),
                                   ("uid", "propriétaire", str), ("gid", "groupe", str),
                                   ("link", "cible du lien", str), ("xattrs", "attributs étendus", str)):
            if getattr(x, field) != getattr(y, field):
                out.append(f"archive : {name[1:]} : {label} {show(getattr(x, field))} dans A, "
                           f"{show(getattr(y, field))} dans B")
        if x.digest != y.digest:
            reason = allowed_reason(name)
            if reason:
                allowed.append(f"{name[1:]} ({reason})")
            else:
                out.append(f"archive : {name[1:]} : contenu différent")
    return out, allowed


def compare(a: Path, b: Path, trees: bool = False) -> int:
    problems = compare_packages("paquets Debian", a / "packages.txt", b / "packages.txt")
    problems += compare_packages("paquets Python", a / "python-packages.txt", b / "python-packages.txt")
    tar_a, tar_b = a / "guichet-rootfs.tar.gz", b / "guichet-rootfs.tar.gz"
    allowed: list[str] = []
    if trees and not ((a / "rootfs").is_dir() and (b / "rootfs").is_dir()):
        problems.append("système : dossier rootfs/ absent d'une des constructions")
    elif trees:
        found, allowed = compare_tarballs(a / "rootfs", b / "rootfs", read=tree_entries)
        problems += found
    elif tar_a.exists() and tar_b.exists():
        found, allowed = compare_tarballs(tar_a, tar_b)
        problems += found
    else:
        problems.append("archive : guichet-rootfs.tar.gz absente d'une des constructions")
    for line in problems:
        print(line)
    if allowed:
        print(f"compare-builds : {len(allowed)} fichier(s) au contenu différent par nature (liste autorisée) :")
        for line in allowed:
            print(f"  {line}")
    if problems:
        print(f"compare-builds : {len(problems)} différence(s) entre {a} et {b}", file=sys.stderr)
        return 1
    print(f"compare-builds : {a} et {b} identiques (paquets Debian, paquets Python, archive du système)")
    return 0


def build(commit: str, outputs: list[Path]) -> None:
    """Build each output from one exported commit, SOURCE_DATE_EPOCH the commit's date."""
    epoch = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct", commit],
                           capture_output=True, text=True, check=True).stdout.strip()
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "GUICHET_NO_DISK": "1"}  # the tarball is what is compared
    env.pop("GUICHET_REUSE_ROOTFS", None)  # each build from scratch
    for out in outputs:
        with tempfile.TemporaryDirectory(prefix="guichet-src-") as src:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", src], input=archive.stdout, check=True)
            print(f"compare-builds : construction de {commit} dans {out}", flush=True)
            subprocess.run([str(Path(src) / "appliance" / "build.sh"), str(out.resolve())], env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare deux constructions de l'appliance.")
    parser.add_argument("build_a", type=Path)
    parser.add_argument("build_b", type=Path)
    parser.add_argument("--build", action="store_true", help="construire les deux d'abord (build.sh, root)")
    parser.add_argument("--commit", default="HEAD", help="commit à construire avec --build (défaut : HEAD)")
    parser.add_argument("--trees", action="store_true",
                        help="comparer les dossiers rootfs/ au lieu des archives (plus rapide, mêmes fichiers)")
    args = parser.parse_args(argv)
    if args.build:
        build(args.commit, [args.build_a, args.build_b])
    return compare(args.build_a, args.build_b, trees=args.trees)


if __name__ == "__main__":
    sys.exit(main())
