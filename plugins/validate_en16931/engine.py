"""The official layer: XSD (lxml, in-process) and schematron XSLT (saxonche, in a child process).

SaxonC has crashed inside host processes (akretion/factur-x#77), so the XSLT
engine runs in ONE long-lived child process per worker (``multiprocessing``,
``spawn``). Stylesheets are compiled once in the child and kept warm. A call that
times out or finds the child dead costs that one validation an ``ENGINE-ERROR``
finding; the child is restarted on the next call. The caller's process never
loads Saxon.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
from functools import lru_cache
from typing import Any

from lxml import etree

from guichet.core.errors import UnreadableInput
from guichet.core.parsing.xmlsafe import parse_xml

from .codes import RULES_DIR
from .report import FATAL, WARNING, Finding

log = logging.getLogger(__name__)

#: Schematron XSLT per rule set, relative to factur-x's xsd_and_schematron folder.
STYLESHEETS = {
    "minimum": "facturx-minimum/Factur-X_1.09_MINIMUM.xsl",
    "basicwl": "facturx-basicwl/FACTUR-X_BASIC-WL.xslt",
    "basic": "facturx-basic/Factur-X_1.09_BASIC.xsl",
    "en16931": "facturx-en16931/FACTUR-X_EN16931.xslt",
    "extended": "facturx-extended/FACTUR-X_EXTENDED.xslt",
    "extended-ctc-fr": "cii-extended-ctc-fr/EXTENDED-CTC-FR-CII.xslt",
    "fr-cii": "cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt",
    "ubl": "ubl-2.1/EN16931-UBL-validation.xslt",
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


@lru_cache(maxsize=None)
def _schema(key: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(RULES_DIR / SCHEMAS[key])))


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


@lru_cache(maxsize=None)
def defined_rules(key: str) -> frozenset[str]:
    """The rule ids a stylesheet checks, canonical (see :func:`canonical`), BR-FR ids normalized."""
    text = (RULES_DIR / STYLESHEETS[key]).read_text(encoding="utf-8")
    ids = set(re.findall(r"\[(BR-[A-Za-z0-9-]+)\]", text))
    ids |= set(re.findall(r'name="id">(BR-[A-Za-z0-9_-]+)<', text))
    return frozenset(canonical(normalize_rule(i)) for i in ids)


@lru_cache(maxsize=None)
def stylesheet_rules(key: str) -> frozenset[str]:
    """The EN 16931 rule ids a stylesheet defines (used to narrow the model layer for reduced profiles)."""
    text = (RULES_DIR / STYLESHEETS[key]).read_text(encoding="utf-8")
    return frozenset(re.findall(r"\[(BR-[A-Z0-9-]+?)\]", text))


# ---------------------------------------------------------------------------
# The child process
# ---------------------------------------------------------------------------


_CODEDB_CALL = re.compile(r"document\('([^'/]+_codedb\.xml)'\)")


def _compile(proc: Any, xslt: Any, path: str) -> Any:  # pragma: no cover - runs in the child
    """Compile one official stylesheet, its code list document parsed once.

    The Factur-X schematrons call ``document('..._codedb.xml')`` up to 420 times;
    Saxon re-reads that 180 KB file on every transformation (20 ms of a 28 ms run).
    The calls are replaced by a ``$codedb`` parameter bound to the document parsed
    once: same rules, same results (checked on the corpus), 2-3 times faster.
    """
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    names = set(_CODEDB_CALL.findall(text))
    if len(names) != 1:
        return xslt.compile_stylesheet(stylesheet_file=path)
    (name,) = names
    text = _CODEDB_CALL.sub("$guichet_codedb", text)
    text = re.sub(r"(<xsl:stylesheet\b[^>]*>)", r'\1<xsl:param name="guichet_codedb"/>', text, count=1)
    compiled = xslt.compile_stylesheet(stylesheet_text=text)
    compiled.set_parameter("guichet_codedb", proc.parse_xml(xml_file_name=os.path.join(os.path.dirname(path), name)))
    return compiled


def _child_main(conn: Any, rules_dir: str) -> None:  # pragma: no cover - runs in the child
    """Serve transforms: receive ``(op, key, xml)``, answer ``("ok", svrl)`` or ``("error", reason)``."""
    import signal

    from saxonche import PySaxonProcessor

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which owns this child's life
    proc = PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    compiled: dict[str, Any] = {}
    while True:
        try:
            op, key, payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if op == "sleep":  # fault injection for the isolation tests
                import time

                time.sleep(float(payload))
                conn.send(("ok", b""))
            elif op == "crash":  # fault injection: die like a segfault would
                os._exit(139)
            elif op == "transform":
                if key not in compiled:
                    compiled[key] = _compile(proc, xslt, os.path.join(rules_dir, STYLESHEETS[key]))
                text = payload.decode("utf-8-sig", errors="replace")
                doc = proc.parse_xml(xml_text=text)
                out = compiled[key].transform_to_string(xdm_node=doc)
                conn.send(("ok", (out or "").encode("utf-8")))
            else:
                conn.send(("error", f"opération inconnue {op}"))
        except Exception as exc:  # noqa: BLE001 - report every Saxon error to the parent
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class EngineError(Exception):
    """The XSLT engine could not answer (dead, hung, missing or broken)."""


class Engine:
    """A warm Saxon child process, restarted when it dies or hangs. Thread-safe (one call at a time)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._proc: multiprocessing.Process | None = None
        self._conn: Any = None
        self._owner = os.getpid()

    @property
    def pid(self) -> int | None:
        """The child's pid (None when not running)."""
        return self._proc.pid if self._proc is not None and self._proc.is_alive() else None

    def _start(self) -> None:
        try:
            import saxonche  # noqa: F401 - only to fail early and loudly when it is missing
        except ImportError as exc:
            raise EngineError(f"saxonche n'est pas installé : {exc}") from None
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_child_main, args=(child, str(RULES_DIR)), daemon=True,
                                 name="guichet-saxon")
        self._proc.start()
        child.close()
        self._conn = parent

    def stop(self) -> None:
        """Kill the child (it is restarted on the next call)."""
        proc, self._proc = self._proc, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(5)

    def call(self, op: str, key: str, payload: Any, timeout: float | None = None) -> bytes:
        """Send one request; raise :class:`EngineError` on death, hang or Saxon error."""
        with self._lock:
            if self._owner != os.getpid():  # forked worker: the child belongs to the parent, start our own
                self._proc, self._conn, self._owner = None, None, os.getpid()
            if self._proc is None or not self._proc.is_alive():
                self.stop()
                self._start()
            try:
                self._conn.send((op, key, payload))
                if not self._conn.poll(timeout or self.timeout):
                    self.stop()
                    raise EngineError(f"moteur XSLT sans réponse après {timeout or self.timeout:.0f} s : arrêté")
                status, value = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                code = self._proc.exitcode if self._proc is not None else None
                self.stop()
                raise EngineError(f"le moteur XSLT s'est arrêté (code {code}) : {type(exc).__name__}") from None
            if status != "ok":
                raise EngineError(str(value))
            return value

    def transform(self, key: str, xml: bytes, timeout: float | None = None) -> bytes:
        """The SVRL report of stylesheet ``key`` on ``xml``."""
        return self.call("transform", key, _as_utf8(xml), timeout)


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


def schematron(key: str, xml: bytes, eng: Engine | None = None) -> list[Finding]:
    """Run stylesheet ``key`` on ``xml`` and turn the SVRL into findings.

    Failed asserts and successful reports with an id keep it (BR-FR ids are
    normalized); the Factur-X "element not used in this profile" reports, which
    have no id, become ``FX-UNUSED`` warnings. When the engine fails, one fatal
    ``VALIDATOR-UNAVAILABLE`` finding says so: never "valid" without validating.
    """
    try:
        svrl = (eng or engine()).transform(key, xml)
    except UnreadableInput as exc:
        return [Finding("XML", FATAL, str(exc), None, "official")]
    except EngineError as exc:
        return [Finding("VALIDATOR-UNAVAILABLE", FATAL, f"validation officielle impossible : {exc}", None, "engine")]
    root = parse_xml(svrl)
    out: list[Finding] = []
    for el in root.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
        rule_id = el.get("id")
        text_el = el.find(f"{SVRL}text")
        message = " ".join((text_el.text or "") .split()) if text_el is not None else ""
        flag = (el.get("flag") or el.get("role") or "").lower()
        bracketed = _BRACKETED.match(message)
        if bracketed:  # some profile schematrons give an FX id to an EN 16931 rule: "[BR-IC-11]-..."
            rule_id = bracketed.group(1)
        if not rule_id:
            rule_id, severity = "FX-UNUSED", WARNING
        else:
            severity = WARNING if flag in ("warning", "information", "info") else FATAL
        out.append(Finding(normalize_rule(rule_id), severity, message, short_xpath(el.get("location")), "official"))
    return out
