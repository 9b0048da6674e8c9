#!/usr/bin/env python3
"""Refuse an appliance tarball that holds key material or files that make copies alike.

    appliance/lint-tarball.py build/appliance/guichet-rootfs.tar.gz

Every copy of the image must make its own: SSH host keys, TLS keys (the build's
self-signed one, Debian's snakeoil), the machine id (DHCP and monitoring tell machines
apart by it), the random seed, Guichet's session key and database; nobody's SSH key may
let them into every copy; and each copy must take its DNS from the network it boots on
(``/etc/resolv.conf`` a link to systemd-resolved's stub, not the builder's servers).
Prints one French line per problem and exits 1 when there is any; run by build.sh.
"""

from __future__ import annotations

import re
import sys
import tarfile

#: PEM or OpenSSH private keys, whatever their algorithm: the armour with a body (base64 lines,
#: optional PEM headers), not the bare marker that libraries hold as a constant.
PRIVATE_KEY = re.compile(rb"-----BEGIN (?:[A-Z0-9 ]+ )?PRIVATE KEY-----\r?\n(?:[A-Za-z-]+: [^\n]*\n|\r?\n)*"
                         rb"[A-Za-z0-9+/=]{40,}\r?\n")
#: Files read for key material: small ones (keys are), skipping the big binaries.
MAX_SCAN = 256 * 1024
#: Paths whose content is a documented test vector of a library, not a key of this machine.
ALLOWED_KEYS = re.compile(r"^\./opt/guichet/venv/lib/python3[^/]*/site-packages/[^/]+/(?:tests?|testing)/")
MACHINE_SPECIFIC = {
    "./var/lib/systemd/random-seed": "graine aléatoire de la machine de construction",
    "./var/lib/systemd/credential.secret": "secret des identifiants systemd",
    # Guichet's own: made by the first boot on each copy, never by the build.
    "./var/lib/guichet/secret_key": "clé des sessions web : une copie pourrait signer les sessions des autres",
    "./var/lib/guichet/guichet.db": "base d'une instance : chaque copie fait la sienne au premier démarrage",
    "./var/lib/guichet/.configured": "le premier démarrage serait sauté (ni administrateur ni certificat)",
    "./etc/guichet/firstboot.env": "réponses du premier démarrage (un mot de passe) laissées dans l'image",
}
#: Who may sign in: an authorized_keys in the image lets its owner into every copy.
AUTHORIZED_KEYS = re.compile(r"^\./(?:root|home/[^/]+)/\.ssh/authorized_keys2?$")


def problems(path: str) -> list[str]:
    found: list[str] = []
    seen_resolv = False
    with tarfile.open(path) as archive:
        for member in archive:
            name = member.name if member.name.startswith("./") else f"./{member.name}"
            if name == "./etc/resolv.conf":
                seen_resolv = True
                if not (member.issym() and "run/systemd/resolve" in member.linkname):
                    found.append("/etc/resolv.conf n'est pas le lien vers systemd-resolved (DNS du constructeur figé)")
            elif name in ("./etc/machine-id", "./var/lib/dbus/machine-id") and member.isfile() and member.size:
                found.append(f"{name[1:]} n'est pas vide : toutes les copies auraient le même identifiant")
            elif name in MACHINE_SPECIFIC:
                found.append(f"{name[1:]} présent ({MACHINE_SPECIFIC[name]})")
            elif AUTHORIZED_KEYS.match(name) and member.isfile() and member.size:
                found.append(f"{name[1:]} présent : son titulaire entrerait sur chaque copie")
            elif re.search(r"/etc/ssh/ssh_host_[a-z0-9]+_key(\.pub)?$", name):
                found.append(f"clé d'hôte SSH {name[1:]} : chaque copie doit faire la sienne")
            elif member.isfile() and 0 < member.size <= MAX_SCAN and not ALLOWED_KEYS.match(name):
                handle = archive.extractfile(member)
                if handle is not None and PRIVATE_KEY.search(handle.read()):
                    found.append(f"clé privée dans {name[1:]}")
    if not seen_resolv:
        found.append("/etc/resolv.conf absent")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage : lint-tarball.py guichet-rootfs.tar.gz", file=sys.stderr)
        return 2
    found = problems(argv[1])
    for problem in found:
        print(f"lint-tarball : {problem}", file=sys.stderr)
    if not found:
        print(f"lint-tarball : {argv[1]} ne contient ni clé ni fichier propre à une machine")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
