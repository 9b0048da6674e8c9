"""The one XML parser of Guichet: no entities, no DTD, no network, bounded size.

Every module that reads XML from outside calls :func:`parse_xml`; a hostile file
(billion laughs, external entity, DTD) raises :class:`UnreadableInput`.
"""

from __future__ import annotations

from lxml import etree

from guichet.core.errors import UnreadableInput

MAX_XML_BYTES = 50 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` and return its root element.

    :raises UnreadableInput: for malformed XML, any DOCTYPE (entities are the
        usual vector of XML bombs and external-entity reads), or a file over 50 MB.
    """
    if len(data) > MAX_XML_BYTES:
        raise UnreadableInput("XML trop volumineux (plus de 50 Mo)")
    data = data.lstrip(b"\xef\xbb\xbf\r\n\t ")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableInput(f"XML illisible : {exc}") from None
    except ValueError as exc:  # e.g. an encoding declaration in a str
        raise UnreadableInput(f"XML illisible : {exc}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnreadableInput("XML refusé : une déclaration DOCTYPE/entité est interdite")
    return root
