"""Read a file into an invoice: detect, unpack the container, parse.

One path for the pipeline's read stage and for the stateless ``guichet extract``:
both call :func:`read_file`. The plugins do the work through the hooks
``detect_format``, ``extract_xml`` and ``parse_invoice``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guichet.core.errors import UnreadableInput
from guichet.core.model.states import CONTAINER_FORMATS, XML_FORMATS, Format
from guichet.core.parsing.xmlsafe import parse_xml

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice


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


def detect(pm: pluggy.PluginManager, data: bytes, filename: str) -> Format:
    """The format of ``data``; raises :class:`UnreadableInput` when nobody knows it."""
    if not data:
        raise UnreadableInput("fichier vide")
    fmt = pm.hook.detect_format(data=data, filename=filename)
    if fmt is None:
        raise UnreadableInput("format non reconnu : ni PDF, ni image, ni facture XML (CII/UBL)")
    return Format(fmt)


def read_file(pm: pluggy.PluginManager, data: bytes, filename: str) -> ReadResult:
    """Detect ``data``, take out its XML if it is a container, and parse the invoice."""
    fmt = detect(pm, data, filename)
    result = ReadResult(format=fmt)
    xml, xml_name = None, filename
    if fmt in CONTAINER_FORMATS:
        embedded = pm.hook.extract_xml(data=data, filename=filename, fmt=str(fmt))
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
    xml_fmt = detect(pm, xml, xml_name)
    if xml_fmt not in XML_FORMATS:
        raise UnreadableInput(f"le fichier joint {xml_name} n'est pas une facture XML reconnue")
    invoice = pm.hook.parse_invoice(data=xml, fmt=str(xml_fmt))
    if invoice is None:
        raise UnreadableInput(f"aucun lecteur pour le format {xml_fmt}")
    result.invoice, result.xml, result.xml_format, result.xml_filename = invoice, xml, xml_fmt, xml_name
    return result
