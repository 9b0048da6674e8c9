"""``python -m guichet.core`` runs the command line (used to start child processes)."""

from guichet.core.cli import main

main()
