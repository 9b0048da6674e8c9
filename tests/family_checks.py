"""What the tests of the generated families share: label folding, a generator's strings, a page's text.

Used by tests/test_invoice_generator_blind.py and tests/test_invoice_generator_unseen.py to prove that a
family shares no label wording with the families the rules are tuned on, and that its truth is printed.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium

#: Wordings no invoice can avoid: the legal names of the document and the two bank identifiers.
UNAVOIDABLE = {"facture", "avoir", "invoice", "credit note", "rechnung", "gutschrift", "factura",
               "factura rectificativa", "fattura", "nota di credito", "iban", "bic"}


def fold(text: str) -> str:
    """A label compared without case, accents, spacing or surrounding punctuation; ``{x}`` as ``{}``."""
    text = re.sub(r"\{[^}]*\}", "{}", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip(" :.-–—/()|#*,;")


def generator_strings(path: Path) -> set[str]:
    """Every string a generator writes: its constants and f-strings, cut at HTML tags and lines, folded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner, texts = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inner.update(id(value) for value in node.values)
            texts.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
    texts += [node.value for node in ast.walk(tree)
              if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inner]
    return {fold(piece) for text in texts for piece in re.split(r"<[^>]*>|\n", text) if fold(piece)}


def pdf_text(pdf: bytes) -> str:
    """The text layer of every page of ``pdf``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def squeeze(text: str) -> str:
    """``text`` without any space (thin and non-breaking ones too), case-folded."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text).casefold()


def printed_amount(printed: str) -> Decimal:
    """The value of a printed amount, whatever its separators (written here, not taken from a generator)."""
    digits = re.sub(r"[^0-9,.\-]", "", printed)
    whole, decimals = re.match(r"(.*?)(?:[.,](\d{2}))?$", digits).groups()
    return Decimal(re.sub(r"[^0-9\-]", "", whole) + "." + (decimals or "00"))
