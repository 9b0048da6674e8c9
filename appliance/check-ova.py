#!/usr/bin/env python3
"""Check the OVA as a VMware import would read it, without VMware.

    appliance/check-ova.py build/appliance/guichet.ova [--schemas DIR]

- the archive: ustar, the OVF descriptor first (OVF 1.x, "the OVF descriptor shall be the
  first file"), then the files it references, then the manifest;
- the manifest: the SHA-256 of every file matches (VMware refuses an OVA whose manifest
  does not);
- the descriptor: valid against the DMTF OVF 1.x envelope schema (DSP8023 and the CIM
  schemas it imports), parsed with entities and network off; every referenced file is in
  the archive with the size the descriptor gives;
- the disk: ``qemu-img check`` passes, qemu reads it as a VMDK of subformat
  ``streamOptimized`` (the only one an OVA may carry) whose virtual size is the capacity
  the descriptor declares.

The schemas are not part of the repository: DMTF publishes them at
``http://schemas.dmtf.org/ovf/envelope/1/dsp8023_1.1.1.xsd`` (with ``common.xsd``,
``xml.xsd``, ``CIM_VirtualSystemSettingData.xsd``, ``CIM_ResourceAllocationSettingData.xsd``);
``--schemas`` (or ``GUICHET_OVF_SCHEMAS``) names a folder holding them; the development
copy is ``../shared/specs/ovf-1.1``. The schemas' own ``http://schemas.dmtf.org/...``
imports are answered from that folder, never from the network.

Prints one French line per check; exits 1 when any fails, 2 when a tool or the schemas
are missing. ``--without-schema`` checks everything but the descriptor's schema (the CI
clone has no copy of the DMTF schemas: they are not ours to commit). Needs lxml (a dependency of Guichet: run it with the project's venv) and
qemu-img.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
OVF = "http://schemas.dmtf.org/ovf/envelope/1"
SCHEMA_FILE = "dsp8023_1.1.1.xsd"
STREAM_OPTIMIZED = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"


class LocalSchemas(etree.Resolver):
    """Answer the schemas' imports (``http://schemas.dmtf.org/.../common.xsd``) from the folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url, public_id, context):  # noqa: ANN001 (lxml's signature)
        local = self.folder / url.rsplit("/", 1)[-1]
        return self.resolve_filename(str(local), context) if local.exists() else None


def load_schema(folder: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.resolvers.add(LocalSchemas(folder))
    return etree.XMLSchema(etree.parse(str(folder / SCHEMA_FILE), parser))


def qemu_img(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["qemu-img", *args], capture_output=True, text=True, check=False)


def check(ova: Path, schemas: Path | None) -> list[tuple[str, bool, str]]:
    """One (check, passed, detail) per check; ``schemas`` None leaves the descriptor's schema unchecked."""
    results: list[tuple[str, bool, str]] = []
    with tarfile.open(ova, format=tarfile.USTAR_FORMAT) as archive, tempfile.TemporaryDirectory() as work:
        members = archive.getmembers()
        names = [member.name for member in members]
        results.append(("archive tar ustar, descripteur OVF en premier", bool(names) and names[0].endswith(".ovf")
                        and all(m.isfile() for m in members), " ".join(names)))
        ovf_bytes = archive.extractfile(members[0]).read()
        manifests = [m for m in members if m.name.endswith(".mf")]
        digests: dict[str, str] = {}
        for member in members:
            if member.name.endswith(".mf"):
                continue
            hasher = hashlib.sha256()
            handle = archive.extractfile(member)
            while block := handle.read(1 << 20):
                hasher.update(block)
            digests[member.name] = hasher.hexdigest()
        if manifests:
            listed = dict(re.findall(r"^SHA256\((.+)\)= ([0-9a-f]{64})$",
                                     archive.extractfile(manifests[0]).read().decode(), re.M))
            results.append(("manifeste SHA-256 conforme", listed == digests and names[-1] == manifests[0].name,
                            f"{len(listed)} empreinte(s) pour {len(digests)} fichier(s)"))
        else:
            results.append(("manifeste SHA-256 conforme", False, "pas de fichier .mf"))

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        document = etree.fromstring(ovf_bytes, parser)
        if schemas is not None:
            schema = load_schema(schemas)
            valid = schema.validate(document)
            errors = "; ".join(f"ligne {e.line} : {e.message}" for e in schema.error_log)[:600]
            results.append((f"descripteur valide selon le schéma DMTF OVF ({SCHEMA_FILE})", valid,
                            errors or "aucune erreur"))

        ns = {"ovf": OVF}
        sizes = {m.name: m.size for m in members}
        for file in document.iterfind("ovf:References/ovf:File", ns):
            href, size = file.get(f"{{{OVF}}}href"), file.get(f"{{{OVF}}}size")
            results.append((f"fichier référencé {href} présent, taille annoncée", href in sizes
                            and size is not None and int(size) == sizes[href], f"{size} / {sizes.get(href)} octets"))
        for disk in document.iterfind("ovf:DiskSection/ovf:Disk", ns):
            ref = disk.get(f"{{{OVF}}}fileRef")
            file = document.find(f"ovf:References/ovf:File[@ovf:id='{ref}']", ns)
            href = file.get(f"{{{OVF}}}href") if file is not None else None
            if href not in sizes:
                results.append(("disque du descripteur dans l'archive", False, str(href)))
                continue
            member = archive.getmember(href)
            member.name = Path(href).name  # never a path out of the work folder
            archive.extract(member, work, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
            vmdk = Path(work) / member.name
            checked = qemu_img("check", str(vmdk))
            results.append((f"qemu-img check {href}", checked.returncode == 0,
                            (checked.stdout.strip() or checked.stderr.strip()).splitlines()[-1:][0]
                            if (checked.stdout.strip() or checked.stderr.strip()) else "rien à signaler"))
            info = json.loads(qemu_img("info", "--output=json", str(vmdk)).stdout or "{}")
            subformat = info.get("format-specific", {}).get("data", {}).get("create-type")
            results.append(("VMDK streamOptimized (déclaré et lu par qemu)",
                            info.get("format") == "vmdk" and subformat == "streamOptimized"
                            and disk.get(f"{{{OVF}}}format") == STREAM_OPTIMIZED,
                            f"format {info.get('format')}, sous-format {subformat}"))
            capacity = int(disk.get(f"{{{OVF}}}capacity", "0"))
            results.append(("capacité déclarée = taille virtuelle du disque", capacity == info.get("virtual-size"),
                            f"{capacity} / {info.get('virtual-size')} octets"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie une OVA comme un import VMware la lirait.")
    parser.add_argument("ova", type=Path)
    parser.add_argument("--schemas", type=Path,
                        default=Path(os.environ.get("GUICHET_OVF_SCHEMAS", REPO.parent / "shared/specs/ovf-1.1")))
    parser.add_argument("--without-schema", action="store_true",
                        help="tout vérifier sauf le descripteur contre le schéma DMTF (schémas non disponibles)")
    args = parser.parse_args(argv)
    if args.without_schema:
        print("check-ova : descripteur NON vérifié contre le schéma DMTF (--without-schema)")
    elif not (args.schemas / SCHEMA_FILE).exists():
        print(f"check-ova : schéma {args.schemas / SCHEMA_FILE} absent (DMTF DSP8023 1.1.1 et ses imports, "
              "voir l'aide ; --without-schema pour vérifier le reste)", file=sys.stderr)
        return 2
    results = check(args.ova, None if args.without_schema else args.schemas)
    for name, ok, detail in results:
        print(f"  {'✓' if ok else '✗'} {name} — {detail}")
    if all(ok for _, ok, _ in results):
        print(f"check-ova : {args.ova} conforme")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
