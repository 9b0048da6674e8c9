"""Reading paper without an instance: the words of a PDF or image and the fields they propose.

:func:`read_paper` calls the hooks ``extract_words`` (text layer, else OCR) and
``propose_fields`` (rules, merged); with a company, the supplier memory then improves
the proposal. The extract stage (:mod:`guichet.core.pipeline.extraction`), ``guichet
extract`` and ``guichet convert`` share it. This module imports nothing of the database
(peewee, whose import loads the PostgreSQL drivers, costs ~0.2 s CPU): a one-shot
command that reads one scan does not pay for an instance it never opens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core.errors import UnreadableInput
from guichet.core.model.states import Format
from guichet.core.parsing.fields import extraction_record
from guichet.core.parsing.text import FieldProposal, TextResult, merge_proposals, proposal_invoice
from guichet.core.plugins import hooks_for
from guichet.core.settings import load_settings

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company

log = logging.getLogger(__name__)

#: Formats the extract stage reads.
PAPER_FORMATS = frozenset({Format.PDF, Format.FACTURX, Format.IMAGE})
#: Derived fields and the field whose confidence they take.
_DERIVED = {"seller_siren": ("seller_siret", "seller_vat_id"), "buyer_siren": ("buyer_vat_id",)}


@dataclass
class PaperReading:
    """What :func:`read_paper` found: the words, the proposal and the supplier key used."""

    text: TextResult
    proposal: FieldProposal
    supplier_key: str | None = None

    def invoice(self) -> Invoice:
        """The invoice model of the proposal."""
        return proposal_invoice(self.proposal, syntax=self.text.source)

    def confidence(self) -> dict[str, float]:
        """Per-field confidence of the ``extract --json`` fields, derived ones included."""
        conf = self.proposal.confidence()
        for name, sources in _DERIVED.items():
            if name not in conf:
                known = [conf[s] for s in sources if s in conf]
                if known:
                    conf[name] = max(known)
        return conf

    def record(self) -> dict[str, Any]:
        """The ``guichet extract --json`` object."""
        return extraction_record(self.invoice(), self.text.source, self.confidence())


def read_paper(
    pm: pluggy.PluginManager,
    data: bytes,
    fmt: str,
    filename: str,
    *,
    settings: Any = None,
    company: Company | None = None,
) -> PaperReading | None:
    """Read the words of a PDF or image and propose its fields; None when no reader is installed.

    Raises :class:`UnreadableInput` for a broken file.
    """
    if fmt not in PAPER_FORMATS:
        raise UnreadableInput(f"format {fmt} : pas une pièce à lire (PDF ou image)")
    hook = hooks_for(pm, company)  # the plugins the firm turned off for the company stay silent
    text = hook.extract_words(data=data, fmt=str(fmt), filename=filename, settings=settings, hook=hook)
    if text is None:
        return None
    results = hook.propose_fields(pages=text.pages, company=company, source=text.source)
    proposal = merge_proposals(list(results))
    _registered_seller_name(hook, proposal)
    key = None
    if company is not None:
        from guichet.core.pipeline.supplier_memory import apply_memory  # the database: only with a company

        proposal, key = apply_memory(text.pages, proposal, company)
    return PaperReading(text=text, proposal=proposal, supplier_key=key)


#: Below this confidence a read seller name gives way to the name registered for the seller's SIREN.
WEAK_NAME = 0.6
#: From this confidence the SIREN read is the seller's for sure (its key checked, printed with a registration
#: or VAT label, on the seller's side): the name registered for it is the seller's legal name (BT-27), whatever
#: name the page prints larger (a brand, a shop sign).
SURE_SIREN = 0.85


def _registered_seller_name(hook: Any, proposal: FieldProposal) -> None:
    """The seller's registered name (local Sirene copy) when its SIREN was read: it fills a name not read or read
    weakly; it replaces another name read when the SIREN is sure and is not the buyer's (the buyer's name read is
    not the registered one); the same name read (case, accents, legal form aside) stays as printed."""
    from guichet.core.model import identifiers as ids
    from guichet.core.parsing.text import FieldValue
    from guichet.core.pipeline.completion import same_name

    siren_field = proposal.fields.get("seller_siren")
    siren = ids.valid_siren(siren_field.value) if siren_field else None
    if siren is None:
        return
    current = proposal.fields.get("seller_name")
    weak = current is None or not current.value or current.confidence < WEAK_NAME
    if not weak and siren_field.confidence < SURE_SIREN:
        return
    try:
        name = hook.registered_name(siren=siren)
    except Exception:  # the register is a help: its failure must not stop the reading
        log.exception("registered name of %s not read", siren)
        return
    if not name:
        return
    if not weak:
        buyer = proposal.fields.get("buyer_name")
        if same_name(current.value, name) or (buyer is not None and buyer.value and same_name(buyer.value, name)):
            return  # the name read is the registered one as printed; or the SIREN is the buyer's, not the seller's
    proposal.fields["seller_name"] = FieldValue(name, min(0.9, siren_field.confidence), siren_field.page,
                                                siren_field.box, "Sirene", origin="sirene")


def paper_record(pm: pluggy.PluginManager, data: bytes, fmt: str, filename: str, *,
                 settings: Any = None) -> dict[str, Any] | None:
    """The ``guichet extract --json`` object of a PDF or image without XML (no database, no memory).

    ``settings``: those of the instance the command names (its ``[ocr]`` languages, its ``[limits]``:
    :func:`~guichet.core.ops.cli_instance.command_settings`); None reads the default instance's.
    """
    reading = read_paper(pm, data, fmt, filename, settings=settings if settings is not None else load_settings())
    return reading.record() if reading else None
