"""The one XML parser of Guichet: no entities, no DTD, no network, bounded size.

Every module that reads XML from outside calls :func:`parse_xml`; a hostile file
(billion laughs, external entity, DTD) raises :class:`UnreadableInput`.
"""

from __future__ import annotations

import codecs
import re

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


_ENCODING_DECL = re.compile(rb'^(<\?xml[^>]*?)\sencoding=["\']([^"\']*)["\']')


def _without_bogus_encoding(data: bytes) -> bytes | None:
    """The bytes without their encoding declaration, when lxml refused an unknown encoding
    name and the bytes are valid UTF-8 (seen in the wild: ``encoding="UTF-8-W/O-BOM"``)."""
    match = _ENCODING_DECL.match(data)
    if not match:
        return None
    try:
        codecs.lookup(match.group(2).decode("ascii", "replace"))
        return None  # a real encoding: the error is elsewhere
    except LookupError:
        pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _ENCODING_DECL.sub(rb"\1", data, count=1)


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
    except (etree.XMLSyntaxError, ValueError) as exc:
        retry = _without_bogus_encoding(data)
        if retry is None:
            raise UnreadableInput(f"XML illisible : {exc}") from None
        try:
            root = etree.fromstring(retry, parser=_parser())
        except (etree.XMLSyntaxError, ValueError) as again:
            raise UnreadableInput(f"XML illisible : {again}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnreadableInput("XML refusé : une déclaration DOCTYPE/entité est interdite")
    return root
