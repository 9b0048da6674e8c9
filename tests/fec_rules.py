"""The FEC control rules (article A47 A-1 LPF and the administration's published checks), written
apart from Guichet's writer so that a test can judge its output.

:func:`check` returns the broken rules in French, one string each (empty: the file passes):
name ``<SIREN>FEC<AAAAMMJJ>``; the 18 columns in order; one separator (tab or « | ») used
for every record; no empty mandatory column; dates AAAAMMJJ; amounts with a decimal comma,
no thousands separator; each entry (EcritureNum) balanced and on one journal, date and piece;
continuous numbering per journal; auxiliary number and label together; currency amount and
code together; the period's dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

COLUMNS = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
           "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
           "ValidDate", "Montantdevise", "Idevise"]
MANDATORY = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "PieceRef",
             "PieceDate", "EcritureLib", "Debit", "Credit", "ValidDate"]
AMOUNT = re.compile(r"^-?\d+(,\d{1,2})?$")
NAME = re.compile(r"^(\d{9})FEC(\d{8})(\.txt|\.csv)?$")


def _date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date() if re.fullmatch(r"\d{8}", value) else None
    except ValueError:
        return None


def check(data: bytes, *, filename: str | None = None, start: dt.date | None = None, end: dt.date | None = None) -> list[str]:
    """The rules ``data`` breaks."""
    broken: list[str] = []
    if filename is not None:
        match = NAME.match(filename)
        if not match:
            broken.append(f"nom de fichier {filename} : attendu SIRENFECAAAAMMJJ")
        elif end is not None and match.group(2) != end.strftime("%Y%m%d"):
            broken.append(f"nom de fichier {filename} : la date n'est pas la clôture {end:%Y%m%d}")
    try:
        text = data.decode("iso-8859-15")
    except UnicodeDecodeError:
        return ["encodage : ni ASCII ni ISO 8859-15"]
    lines = text.splitlines()
    if not lines:
        return ["fichier vide"]
    separator = "\t" if "\t" in lines[0] else "|"
    if lines[0].split(separator) != COLUMNS:
        broken.append(f"en-tête : {lines[0].split(separator)} au lieu des 18 colonnes dans l'ordre")
        return broken
    entries: dict[str, dict] = {}
    order: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(separator)
        if len(fields) != 18:
            broken.append(f"ligne {number} : {len(fields)} zones au lieu de 18 (séparateur équivoque ?)")
            continue
        row = dict(zip(COLUMNS, fields, strict=True))
        for column in MANDATORY:
            if not row[column].strip():
                broken.append(f"ligne {number} : {column} vide")
        for column in ("EcritureDate", "PieceDate", "ValidDate"):
            if row[column] and _date(row[column]) is None:
                broken.append(f"ligne {number} : {column} « {row[column]} » n'est pas une date AAAAMMJJ")
        day = _date(row["EcritureDate"])
        if day and ((start and day < start) or (end and day > end)):
            broken.append(f"ligne {number} : EcritureDate {row['EcritureDate']} hors de l'exercice")
        amounts = []
        for column in ("Debit", "Credit"):
            if not AMOUNT.match(row[column]):
                broken.append(f"ligne {number} : {column} « {row[column]} » (virgule décimale, sans séparateur de milliers)")
                amounts.append(Decimal(0))
            else:
                amounts.append(Decimal(row[column].replace(",", ".")))
        if amounts[0] and amounts[1]:
            broken.append(f"ligne {number} : débit et crédit sur la même ligne")
        if bool(row["CompAuxNum"].strip()) != bool(row["CompAuxLib"].strip()):
            broken.append(f"ligne {number} : CompAuxNum et CompAuxLib vont ensemble")
        if bool(row["Montantdevise"].strip()) != bool(row["Idevise"].strip()):
            broken.append(f"ligne {number} : Montantdevise et Idevise vont ensemble")
        key = row["EcritureNum"]
        if key not in entries:
            if order and order[-1] != key and key in order:
                broken.append(f"ligne {number} : écriture {key} non contiguë")
            entries[key] = {"debit": Decimal(0), "credit": Decimal(0), "journal": row["JournalCode"],
                            "date": row["EcritureDate"], "piece": row["PieceRef"]}
            order.append(key)
        entry = entries[key]
        entry["debit"] += amounts[0]
        entry["credit"] += amounts[1]
        for field, column in (("journal", "JournalCode"), ("date", "EcritureDate"), ("piece", "PieceRef")):
            if entry[field] != row[column]:
                broken.append(f"ligne {number} : écriture {key} sur deux {column}")
    by_journal: dict[str, list[int]] = defaultdict(list)
    for key in order:
        entry = entries[key]
        if entry["debit"] != entry["credit"]:
            broken.append(f"écriture {key} déséquilibrée : débit {entry['debit']}, crédit {entry['credit']}")
        digits = re.search(r"(\d+)$", key)
        if digits is None:
            broken.append(f"écriture {key} : numéro sans séquence")
            continue
        by_journal[entry["journal"]].append(int(digits.group(1)))
    for journal, numbers in by_journal.items():
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            broken.append(f"journal {journal} : numérotation non continue")
    return broken
