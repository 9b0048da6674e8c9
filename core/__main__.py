"""``python -m guichet.core`` runs the command line (used to start child processes)."""

from guichet.core.ops.cli import main

main()
