"""Rules-first field proposal from the words of a page (text layer or OCR).

General rules, not templates: labels (``labels/*.toml``, one file per language) find
values on the same line (to their right) or just below (same column); amounts and
dates are read in French and international formats; identifiers are accepted only
when python-stdnum validates them (a checksum error on a foreign VAT number lowers
the confidence); the totals combination where HT + TVA = TTC wins over totals that do
not add up. A field with no support is left out.

Modules: ``lines`` (lines of words, label-then-value search), ``numbers`` (number and
dates), ``totals``, ``parties`` (identifiers and names), ``propose`` (the whole proposal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.plugins.fields_rules.lines import amounts, fold, make_lines
from guichet.plugins.fields_rules.numbers import invoice_number
from guichet.plugins.fields_rules.propose import propose

if TYPE_CHECKING:
    from guichet.core.model.models import Company
    from guichet.core.parsing.text import FieldProposal, Page

__all__ = ["amounts", "fold", "invoice_number", "make_lines", "page_invoice_number", "propose", "propose_fields"]


@hookimpl
def propose_fields(pages: list[Page], company: Company | None, source: str) -> FieldProposal | None:
    """Rules-first proposal (see the module docstring)."""
    return propose(pages, company, source)


@hookimpl
def page_invoice_number(page: Page) -> str | None:
    """The invoice number read on this one page (for the PDF splitter), or None."""
    found = invoice_number(make_lines([page]))
    return str(found.value) if found else None
