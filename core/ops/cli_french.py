"""The command line's own messages in French: click's usage errors and help headings (issue 19).

click marks its messages for gettext (``from gettext import gettext as _`` in each of
its modules) but ships no French catalogue. :func:`install` points those names at
:data:`MESSAGES`, so « Error: Missing option '--company'. » reads « Erreur : option
manquante '--company'. » (a message it does not know stays as it was). Written by hand:
a catalogue of some forty strings costs less than a .po/.mo tool chain.
"""

from __future__ import annotations

import importlib

#: click's message → French (same placeholders).
MESSAGES: dict[str, str] = {
    "Error: {message}": "Erreur : {message}",
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Try '{command} {option}' for help.": "Faites « {command} {option} » pour l'aide.",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Aborted!": "Abandon.",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such option: {name}": "Option inconnue : {name}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible (droits).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non modifiable (droits).",
    "{name} {filename!r} is not executable.": "{name} {filename!r} non exécutable.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valable.",
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valable.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "Do you want to continue?": "Continuer ?",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "default: {default}": "par défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "required": "obligatoire",
    "file": "Fichier", "directory": "Dossier", "path": "Chemin",
    "integer": "entier", "float": "nombre décimal",
    "unknown error": "erreur inconnue",
    "Got unexpected extra argument ({args})": "Argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop : {args}",
    "Option {name!r} requires an argument.": "L'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} attend {nargs} valeurs.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas parmi {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} ne suit pas le format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} ne suit aucun des formats {formats}.",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire : {possibilities} ?)",
    "Takes {nargs} values but 1 was given.": "Attend {nargs} valeurs, une seule donnée.",
    "Takes {nargs} values but {len} were given.": "Attend {nargs} valeurs, {len} données.",
}
_MODULES = ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "utils")


def gettext(message: str) -> str:
    """click's ``_``: the French message, or the message itself."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext``: the French singular or plural."""
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click speak French in this process (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # click reads its messages through this name
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
