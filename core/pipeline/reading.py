"""Read a file into an invoice: detect, unpack the container, parse; and the ``read`` stage.

One path for the pipeline's read stage (received → extracted, or to_extract when
there is no structured data) and for the stateless ``guichet extract``: both call
:func:`read_file`. The plugins do the work through the hooks ``detect_format``,
``extract_xml`` and ``parse_invoice``. This module is one of the core's own plugins
(:data:`guichet.core.plugins.CORE_PLUGINS`): it declares the ``read`` stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guichet.core.errors import UnreadableInput
from guichet.core.hookspecs import hookimpl
from guichet.core.model.states import CONTAINER_FORMATS, XML_FORMATS, Format, State
from guichet.core.parsing import images, pdf_pages
from guichet.core.parsing.fields import SOURCE_XML
from guichet.core.parsing.xmlsafe import parse_xml
from guichet.core.pipeline.stages import Outcome, Stage
from guichet.core.plugins import hooks_for

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Document
    from guichet.core.ops.runtime import Runtime


@dataclass(frozen=True)
class EmbeddedXml:
    """The structured invoice found inside a container file."""

    data: bytes
    filename: str


@dataclass
class ReadResult:
    """What :func:`read_file` learnt about a file."""

    format: Format
    invoice: Invoice | None = None  # None: no structured data (PDF or image to extract)
    xml: bytes | None = None  # the structured XML, as found
    xml_format: Format | None = None
    xml_filename: str | None = None


def detect(pm: pluggy.PluginManager, data: bytes, filename: str, *, hook: Any = None) -> Format:
    """The format of ``data``; raises :class:`UnreadableInput` when nobody knows it.

    :param hook: The hook relay to ask (a company's, :func:`guichet.core.plugins.hooks_for`);
        ``pm.hook`` by default.
    """
    if not data:
        raise UnreadableInput("fichier vide")
    fmt = (hook or pm.hook).detect_format(data=data, filename=filename)
    if fmt is None:
        raise UnreadableInput("format non reconnu : ni PDF, ni image, ni facture XML (CII/UBL)")
    return Format(fmt)


def read_file(pm: pluggy.PluginManager, data: bytes, filename: str, *, hook: Any = None) -> ReadResult:
    """Detect ``data``, take out its XML if it is a container, and parse the invoice.

    :param hook: The hook relay to ask (a company's); ``pm.hook`` by default.
    """
    hook = hook or pm.hook
    fmt = detect(pm, data, filename, hook=hook)
    result = ReadResult(format=fmt)
    xml, xml_name = None, filename
    if fmt in CONTAINER_FORMATS:
        embedded = hook.extract_xml(data=data, filename=filename, fmt=str(fmt))
        if embedded is None:
            result.format = Format.PDF
            return result
        xml, xml_name = embedded.data, embedded.filename
    elif fmt in XML_FORMATS:
        xml = data
    if xml is None:
        return result
    # Checked here, whatever plugin parses next: well-formed, no DOCTYPE/entities, bounded.
    parse_xml(xml)
    xml_fmt = detect(pm, xml, xml_name, hook=hook)
    if xml_fmt not in XML_FORMATS:
        raise UnreadableInput(f"le fichier joint {xml_name} n'est pas une facture XML reconnue")
    invoice = hook.parse_invoice(data=xml, fmt=str(xml_fmt))
    if invoice is None:
        raise UnreadableInput(f"aucun lecteur pour le format {xml_fmt}")
    result.invoice, result.xml, result.xml_format, result.xml_filename = invoice, xml, xml_fmt, xml_name
    return result


# ---------------------------------------------------------------------------
# The read stage
# ---------------------------------------------------------------------------


def read_stage(rt: Runtime, document: Document) -> Outcome:
    """Detect the format and read the structured invoice, if there is one."""
    limit_mb = int(rt.settings.get("intake.max_file_mb", 50))
    if document.size > limit_mb * 1024 * 1024:
        size_mb = document.size / 1024 / 1024
        return Outcome(State.REJECTED, f"fichier trop volumineux ({size_mb:.0f} Mo, maximum {limit_mb} Mo)")
    data = rt.blobs.get(document.blob_key)
    try:
        result = read_file(rt.pm, data, document.filename, hook=hooks_for(rt.pm, document.company))
    finally:
        pdf_pages.drop()  # its text is read by a later stage: nothing kept open in this worker thread
    updates: dict[str, Any] = {"format": str(result.format)}
    if result.format == Format.IMAGE:
        _check_image_size(rt, data)
    if result.invoice is None:
        return Outcome(State.TO_EXTRACT, updates=updates)
    # The stage's database modules, imported here: read_file serves one-shot commands without an instance.
    from guichet.core.pipeline.transitions import direction_for
    from guichet.core.storage.records import store_invoice

    invoice = result.invoice
    updates["direction"] = str(direction_for(invoice, document.company))
    xml_key = rt.blobs.put(result.xml) if result.xml is not None else None

    def apply() -> None:
        store_invoice(document, invoice, source=SOURCE_XML, xml_key=xml_key)

    return Outcome(
        State.EXTRACTED,
        updates=updates,
        apply=apply,
        data={"number": invoice.number, "syntax": invoice.syntax},
    )


def _check_image_size(rt: Runtime, data: bytes) -> None:
    """Refuse an image with more pixels than ``[limits] max_image_megapixels``, from its header alone.

    Raises :class:`~guichet.core.parsing.images.ImageTooLarge` (the reason in French).
    A JPEG counts at the size it will be decoded to (the size OCR needs).
    """
    images.open_image(data, max_pixels=images.max_pixels_of(rt.settings),
                      longest_side=images.OCR_LONGEST_SIDE).close()


@hookimpl
def register_stages() -> list[Stage]:
    """The ``read`` stage: received → extracted (structured file), to_extract (paper) or rejected."""
    return [Stage("read", read_stage, takes=State.RECEIVED,
                  leaves={State.TO_EXTRACT, State.EXTRACTED, State.REJECTED})]
