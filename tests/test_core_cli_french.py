"""The command line's own errors in French (click's messages through core/ops/cli_french.py)."""

from __future__ import annotations

import subprocess
import sys


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "guichet.core", *args], capture_output=True, text=True, timeout=120,
                          check=False)
    return done.stderr + done.stdout


def test_usage_errors_are_french():
    out = _run("commande-inconnue")
    assert "Erreur : Commande inconnue : 'commande-inconnue'." in out
    assert "Faites « " in out and "--help » pour l'aide." in out
    assert "Error" not in out and "Usage:" not in out
    out = _run("archive", "export")
    assert "Option manquante '-o' / '--output'." in out


def test_unknown_messages_stay_as_they_are():
    from guichet.core.ops import cli_french

    assert cli_french.gettext("Quelque chose") == "Quelque chose"
    assert cli_french.ngettext("Option {name!r} requires an argument.", "x", 1) == "L'option {name!r} attend une valeur."
