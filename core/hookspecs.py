"""Every hook of Guichet, grouped by pipeline stage.

The docstring of each specification is its contract: when it is called and in
which process, whether the first result wins or all results are collected, every
argument, the return value, and what an implementation must not do.
Call sites always pass keyword arguments; an implementation may accept any subset
of the arguments. Write implementations with ``from guichet.core import hookimpl``.

Plugins stand alone: no plugin imports another (tests/test_packaging.py). A hook whose
work needs another plugin's receives ``hook``, the plugin manager's hook relay
(``pm.hook``), and asks through it (the renderer calls ``hook.write_invoice``), so
that whichever plugin is installed answers. Settings are passed, not fetched: a hook that
needs configuration receives ``settings`` (the company's merged over the instance's,
:func:`guichet.core.settings.settings_for`); no plugin reads the running process's runtime.
Hooks called for a company go through :func:`guichet.core.plugins.hooks_for`: a plugin the
firm turned off for that company is not called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from guichet.core.model.banking import ParsedStatement, TransferOrder
    from guichet.core.model.invoice import Address, Invoice
    from guichet.core.model.models import Company, Document
    from guichet.core.money.settlements import RecordedPayment
    from guichet.core.pipeline.reading import EmbeddedXml
    from guichet.core.model.findings import Problem
    from guichet.core.parsing.text import FieldProposal, Page, TextResult
    from guichet.core.pipeline.stages import Stage
    from guichet.core.sales.cards import PaymentProvider
    from guichet.core.sales.channels import DeliveryChannel

hookspec = pluggy.HookspecMarker("guichet")
hookimpl = pluggy.HookimplMarker("guichet")


# ---------------------------------------------------------------------------
# Registration: called once per process at start-up
# ---------------------------------------------------------------------------


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``guichet`` command line.

    Called once when the ``guichet`` command starts, before the arguments are
    parsed. All implementations are called.

    :param cli: The root click group; add commands with ``cli.add_command``.
    :returns: Nothing.

    Implementations must import heavy modules inside their commands, not at
    module level, so that ``guichet extract`` stays fast.

    A command acting on the instance gets its runtime, and a company named by
    ``--company SIREN``, from :mod:`guichet.core.ops.cli_instance` (the root
    context's ``--data-dir``, the SIREN checked, the usual French errors).

    A plugin may declare, at module level, ``COMMAND_HOOKS = {"command": {"hook", ...}}``: the
    hooks its command calls. The hook index (:mod:`guichet.core.plugin_index`) records it, and
    ``guichet command ...`` then imports only that plugin and those implementing these hooks (a
    stateless ``validate`` loads no database layer). A hook left out of the set is not called on
    plugins that were not loaded: declare every hook the command calls, or nothing (every plugin
    is then loaded).

    .. versionadded:: 0.1
    """


@hookspec
def register_connectors() -> list[type]:
    """Name the connector classes a plugin provides (mail, SFTP, Chorus Pro...).

    Called once per process when the plugin manager is built. All results are
    collected. Each class is checked against :class:`guichet.core.connectors.Connector`;
    a class that does not fit is logged and skipped.

    :returns: A list of connector classes (not instances).

    .. versionadded:: 0.1
    """


@hookspec
def register_stages() -> list[Stage]:
    """Declare pipeline stages: what runs on a document, on which state, in which order.

    Called when a process first needs the stage list (the worker at start-up, which
    registers one queue task ``guichet.stage.<name>`` per stage; ``guichet import``;
    ``guichet plugins``, which prints the resulting order). All results are
    collected; the core checks and orders them
    (:func:`guichet.core.pipeline.stages.stage_plan`). The built-in stages ``read``,
    ``extract``, ``check``, ``seal`` and ``archive`` are declared this way by the
    core's own plugin modules (:data:`guichet.core.plugins.CORE_PLUGINS`).

    :returns: A list of :class:`~guichet.core.pipeline.stages.Stage`: a name, the
        ``run(rt, document)`` function, the state it ``takes`` and the states it
        ``leaves``, and its place: ``after="archive"``, ``before=...`` (names).

    **Ordering.** The core sorts the stages topologically from ``after``/``before``
    and from the states (a stage leaving state S comes before the stage taking S);
    ties are broken by name, so the order is the same on every start. Two stages
    with one name, two state stages taking one state, a name that no stage has, a
    state the state machine forbids or a cycle stop the start with a French error
    naming them (:class:`~guichet.core.pipeline.stages.StageError`).

    **State stages** (``leaves`` differs from ``takes``) move the document:
    ``run`` returns an :class:`~guichet.core.pipeline.stages.Outcome` whose state is
    one of ``leaves`` (or ``rejected``). The core commits it in one transaction
    with a compare-and-set on the state, the event and the outcome's writes, then
    notifies ``document_state_changed``; a stage run twice (a retried task, two
    workers, a crash) commits once. An unexpected exception rejects the document
    with a readable reason; a database or ``OSError`` retries the task.

    **Follow-up stages** (``leaves={takes}``) do work on a document without
    moving it: after ``archive``, send a sales invoice to the e-invoicing network,
    distribute it, hand entries over to the firm. The document's legal state stays
    ``archived``. Mechanism: when a document enters ``takes``, the core creates one
    progress row per follow-up whose ``applies(pm, document)`` is true
    (:class:`~guichet.core.model.stage_models.StageRun`, in the transition's
    transaction). Each row is its own small state machine (``pending`` →
    ``running`` → ``done`` | ``waiting`` | ``retry`` | ``failed``, see
    :class:`~guichet.core.model.states.Progress`) with its own compare-and-set
    (a version) and an event per change, and its own queue task; so follow-ups
    never block each other. A follow-up runs once the follow-ups it comes
    ``after`` are done (or do not apply). ``run`` returns a
    :class:`~guichet.core.pipeline.stages.Step`: ``done``, or ``waiting`` for an
    answer from outside (settled by :func:`guichet.core.pipeline.followups.settle`,
    or looked at again after ``recheck_after`` seconds). An exception is a
    failure: the run is retried with exponential back-off (``retry_delay``, doubled
    each time, up to ``max_attempts``), then ``failed`` until a person retries it;
    :class:`~guichet.core.errors.StageRefused` fails at once. Each change notifies
    ``document_stage_changed``. A follow-up that keeps records of its own (several
    deliveries, each with its states) keeps them in its plugin's tables and answers
    ``waiting`` until they are final.

    Implementations return the same declarations on every call and do no work here.
    ``run`` is called outside any transaction and may be called again for the same
    attempt after a crash: make outside effects idempotent (a flow identifier
    derived from the document, a check of what was already sent). ``run`` must not
    change the document's state itself; the stage name is stable (it keys the queue
    and the progress rows).

    .. versionadded:: 0.2
    """


@hookspec
def register_blueprints() -> list[tuple[str, Any]]:
    """Add web pages: return ``(plugin_id, flask.Blueprint)`` pairs.

    Called once by the web app factory. All results are collected. Core mounts
    each blueprint under ``/plugins/<plugin_id>/`` and requires a logged-in user
    on every view; the plugin still scopes its queries with
    :mod:`guichet.core.access.access`. Implementations do not receive the app.

    :returns: A list of ``(plugin_id, blueprint)``.

    .. versionadded:: 0.1
    """


@hookspec
def instance_initialised(settings: Any) -> None:
    """Be told that ``guichet init`` created the instance and its demonstration firm.

    Called once by ``guichet init`` (in the CLI process) after the database, the
    secret key and the demo firm and company were created. All implementations
    are called. Not called by ``guichet init --no-demo``, nor when the demo exists.

    :param settings: The instance's :class:`~guichet.core.settings.Settings`
        (its ``data_dir`` is where instance files go).
    :returns: Nothing.

    Implementations may write files under ``settings.data_dir`` (demo keys,
    certificates) and print what they did with ``click.echo``; they must never
    overwrite an existing file, and must say plainly when what they made is for
    demonstration only.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Intake: a file has arrived
# ---------------------------------------------------------------------------


@hookspec
def document_received(document: Document) -> None:
    """Be told that a new document was stored (its original bytes are durable).

    Called in the process that received the file (web, worker, CLI), after the
    transaction that created the document committed. All implementations are
    called; the return value is ignored.

    :param document: The new document, in state ``received``.
    :returns: Nothing.

    Implementations must not change the document; they may enqueue work.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Understanding: turn a received file into a structured Invoice
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def detect_format(data: bytes, filename: str) -> str | None:
    """Say what ``data`` is: a :class:`guichet.core.model.states.Format` value.

    Called by the read stage (worker) and the stateless commands, once per file
    and once more for the XML found inside a container.
    Stops at the first non-None result. Use ``tryfirst``/``trylast`` to order
    competing detectors.

    :param data: The file's bytes. Read-only.
    :param filename: The file name as received (may be empty); a hint only.
    :returns: A format value, or None when this implementation does not know.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def extract_xml(data: bytes, filename: str, fmt: str) -> EmbeddedXml | None:
    """Take the structured invoice out of a container (the XML inside a Factur-X PDF).

    Called by the read stage for formats in ``CONTAINER_FORMATS``. Stops at the
    first non-None result.

    :param data: The container's bytes. Read-only.
    :param filename: The container's file name.
    :param fmt: The format chosen by ``detect_format``.
    :returns: An :class:`~guichet.core.pipeline.reading.EmbeddedXml`, or None.

    Implementations raise :class:`~guichet.core.errors.UnreadableInput` with a
    readable reason for a broken container.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def parse_invoice(data: bytes, fmt: str) -> Invoice | None:
    """Read a structured invoice (CII, UBL XML) into the EN 16931 model.

    Called by the read stage and the stateless commands. Stops at the first
    non-None result.

    :param data: The XML bytes. Parse them only with
        :func:`guichet.core.parsing.xmlsafe.parse_xml` (no entities, no network).
    :param fmt: The format of ``data`` (``cii`` or ``ubl``).
    :returns: An :class:`~guichet.core.model.invoice.Invoice`, or None if ``fmt`` is not yours.

    Implementations must not write to the database; they raise
    :class:`~guichet.core.errors.UnreadableInput` for input they cannot read.

    .. versionadded:: 0.1
    """


# ---------------------------------------------------------------------------
# Reading paper: text, OCR and field proposals (documents without structured XML)
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def extract_words(data: bytes, fmt: str, filename: str, settings: Any, hook: Any) -> TextResult | None:
    """Read the words of a PDF or image, with their boxes and confidences.

    Called by the extract stage (worker) and by ``guichet extract`` for files
    without structured XML. Stops at the first non-None result. The text-layer
    reader is ``tryfirst`` and returns None for scans; OCR engines follow
    (Tesseract is ``trylast``, so an installed engine such as kraken goes before it).

    :param data: The file's bytes. Read-only.
    :param fmt: ``pdf``, ``facturx`` (a PDF whose XML was not found) or ``image``.
    :param filename: The file name as received (may be empty); a hint only.
    :param settings: The :class:`~guichet.core.settings.Settings` (``[ocr]`` section),
        or None when called without an instance.
    :param hook: The plugin manager's hook relay (an engine asks ``scan_page_images``).
    :returns: A :class:`~guichet.core.parsing.text.TextResult` (pages of words, ``source``
        ``text layer`` or ``ocr``), or None when this implementation cannot read ``data``.

    Boxes are fractions of the page (top-left origin). Implementations raise
    :class:`~guichet.core.errors.UnreadableInput` for a broken file and must
    not write to the database.

    .. versionadded:: 0.1
    """


@hookspec
def propose_fields(pages: list[Page], company: Company | None, source: str) -> FieldProposal | None:
    """Propose the invoice fields found in the words of a document.

    Called by the extract stage and by ``guichet extract`` after ``extract_words``.
    All results are collected and merged: per field, the supported value with the
    highest confidence wins. The supplier memory is applied afterwards by the core.

    :param pages: The :class:`~guichet.core.parsing.text.Page` list read by ``extract_words``.
    :param company: The company the document was received for (its SIREN and VAT
        number tell the buyer from the seller), or None without an instance.
    :param source: ``text layer`` or ``ocr`` (OCR text deserves less confidence).
    :returns: A :class:`~guichet.core.parsing.text.FieldProposal`, or None.

    Implementations must never invent: a field without support on the page is left
    out. Each value carries its confidence, page and box.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def registered_name(siren: str) -> str | None:
    """The legal name registered for a French SIREN, from a local copy of the register.

    Called by paper reading when the seller's SIREN was read (checksum valid) but its
    name was not, or only weakly, and by ``guichet convert --buyer-siren`` for the buyer's
    name when the instance has no dossier of that SIREN: the Sirene connector answers from
    its local copy.
    Implementations must answer from local data only (no network: reading must stay
    fast and work offline) and return None when they do not know the SIREN.
    Stops at the first non-None result.

    :param siren: Nine digits, Luhn-valid.
    :returns: The registered name (``denominationUniteLegale``), or None.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def scan_page_images(data: bytes, fmt: str) -> list[Any] | None:
    """The pages of a scan as greyscale PIL images cleaned for OCR (upright, deskewed, contrasted).

    Called by an OCR engine that reads images (kraken, through ``hook``) so that every
    engine reads the same clean pages. Stops at the first non-None result.

    :param data: The file's bytes (PDF or image). Read-only.
    :param fmt: ``pdf``, ``facturx`` or ``image``.
    :returns: One image per page, or None when this implementation cannot read ``data``.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def registered_address(siren: str, siret: str | None) -> Address | None:
    """The postal address registered for a French company, from a local copy of the register.

    Called when a paper invoice is completed (:mod:`guichet.core.pipeline.completion`):
    the seller's address (BG-5) when its SIREN was read, the dossier company's
    address (the buyer, BG-8) when its settings give none. Local data only (no
    network), None when unknown. Stops at the first non-None result.

    :param siren: Nine digits, Luhn-valid.
    :param siret: The establishment (14 digits) when the invoice names it; else the head office.
    :returns: An :class:`~guichet.core.model.invoice.Address` (at least postcode or city, country ``FR``).

    .. versionadded:: 0.3
    """


@hookspec(firstresult=True)
def searchable_pdf(data: bytes, fmt: str, settings: Any) -> bytes | None:
    """Make a searchable PDF/A copy of a scanned document (OCR text layer under the image).

    Called by the extract stage in the worker when the words came from OCR. Stops at
    the first non-None result. The copy is stored as a new blob beside the untouched original.

    :param data: The original bytes (PDF or image). Read-only.
    :param fmt: ``pdf``, ``facturx`` or ``image``.
    :param settings: The instance settings (``ocr.searchable_pdf`` may turn it off).
    :returns: The PDF/A bytes, or None when not made.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def page_invoice_number(page: Page) -> str | None:
    """The invoice number (BT-1) printed on one page, as read from its words.

    Called by the PDF splitter (through ``hook``) on each page of a multi-page
    document: a page carrying another number than the current invoice's starts a new
    invoice. Stops at the first non-None result.

    :param page: The words of one page (:class:`~guichet.core.parsing.text.Page`).
    :returns: The number as printed, or None when the page shows none.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def split_invoices(data: bytes, fmt: str, pages: list[Page], hook: Any) -> list[list[int]] | None:
    """Tell where a multi-page document holds several invoices.

    Called by the extract stage after ``extract_words`` on documents of two pages or
    more. Stops at the first non-None result.

    :param data: The file's bytes (to look for separator sheets with a barcode).
    :param fmt: ``pdf``, ``facturx`` or ``image``.
    :param pages: The words of every page.
    :param hook: The plugin manager's hook relay (``page_invoice_number``...).
    :returns: Groups of page numbers (from 1), one group per invoice, separator
        sheets left out; or None (or a single group) when it is one invoice.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def cut_pdf(data: bytes, pages: list[int]) -> bytes | None:
    """Make a new PDF of some pages of a PDF (one invoice out of a batch).

    Called when a document is split, by the extract stage (after ``split_invoices``)
    or by an operator (:func:`guichet.core.pipeline.decisions.split`), once per part.
    Stops at the first non-None result.

    :param data: The original PDF's bytes. Read-only: the original is never altered.
    :param pages: The page numbers (from 1) to keep, in order.
    :returns: The new PDF's bytes, or None when this implementation cannot cut ``data``.

    Implementations raise :class:`ValueError` with a French message for a page
    ``data`` does not have (never wrap around to another page).

    .. versionadded:: 0.2
    """


# ---------------------------------------------------------------------------
# Checking: controls over the invoice model
# ---------------------------------------------------------------------------


@hookspec
def check_invoice(invoice: Invoice, company: Company | None, xml: bytes | None, settings: Any) -> list[Problem]:
    """Run controls on an invoice and report what is wrong.

    Called by the check stage (worker) and by ``guichet check``. All results are
    collected and stored as findings on the document.

    :param invoice: The invoice model. Do not modify it.
    :param company: The company the document was received for, or None when
        called without a database (stateless commands).
    :param xml: The structured XML the invoice was read from (CII or UBL), or
        None for an invoice coded from a scan.
    :param settings: The settings for ``company`` (the company's over the instance's,
        :func:`guichet.core.settings.settings_for`); the instance's, or the defaults,
        for a stateless command. Plugins read their configuration here, never from the
        running process.
    :returns: A list of :class:`~guichet.core.model.findings.Problem` (empty when all is well).

    Implementations must not raise for bad data: a problem is a finding.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def rule_text_fr(rule: str, message: str) -> str | None:
    """The French text of an official rule whose published text is English.

    Called by ``guichet check`` (text output and ``message_fr`` of its JSON), in the
    command's process. Stops at the first non-None result. The validator plugin answers for
    the EN 16931, Factur-X profile and syntax rules it runs.

    :param rule: The finding's code (``BR-CO-10``, ``CII-SR-001``, ``FX-SCH-A-000123``...).
    :param message: The finding's official (English) text; grouped rules are recognised by it.
    :returns: A French sentence, or None when the rule is not one of the implementation's
        (Guichet's own codes and the BR-FR rules already speak French).

    Must not raise; must not reach the network.

    .. versionadded:: 0.9
    """


# ---------------------------------------------------------------------------
# Producing: the legal invoice file
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def write_invoice(invoice: Invoice, syntax: str, profile: str | None) -> bytes | None:
    """Write ``invoice`` as structured XML in ``syntax`` (CII or UBL 2.1).

    Called by ``guichet convert``, by the Factur-X renderer (for the embedded XML)
    and by the seal stage. Stops at the first non-None result.

    :param invoice: The invoice model. Do not modify it.
    :param syntax: ``cii`` (UN/CEFACT CII D16B, as Factur-X embeds it) or ``ubl``
        (UBL 2.1 Invoice, or CreditNote for credit-note type codes).
    :param profile: For CII, a Factur-X profile (``minimum``, ``basicwl``, ``basic``,
        ``en16931``, ``extended``): BT-24 is set to its guideline id and only what the
        profile allows is written. For UBL, ``en16931``, ``peppol`` or ``xrechnung``
        (BT-24 and BT-23). None keeps the invoice's own BT-24 and writes every term.
    :returns: The UTF-8 XML bytes, or None when ``syntax`` is not yours.

    Implementations must write what they read back: parsing the result with the
    ``parse_invoice`` of the same syntax gives an equal model, except for the terms
    the syntax cannot carry (documented by the implementation).

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def render_facturx(invoice: Invoice, profile: str, hook: Any) -> bytes | None:
    """Render ``invoice`` as a Factur-X: a PDF/A-3 with the CII XML embedded.

    Called by the seal stage for invoices that arrived without a PDF (CII, UBL,
    coded scans) and by ``guichet convert``. Stops at the first non-None result.

    :param invoice: The invoice model.
    :param profile: Factur-X profile: ``minimum``, ``basic``, ``en16931`` or ``extended``.
    :param hook: The plugin manager's hook relay: the XML to embed is asked of
        ``hook.write_invoice(invoice=..., syntax="facturx", profile=...)``.
    :returns: The PDF bytes, or None when this implementation cannot render.
    :raises ValueError: when the invoice lacks what the profile's XML needs (a document type,
        a VAT breakdown…): nothing is invented, the reason is in French. The seal stage then
        archives the original and says why (finding ``FACTURX-REFUSED``).

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def judge_rendering(pdf: bytes, xml: bytes) -> list[Problem] | None:
    """Judge a Factur-X that Guichet rendered, before it is sealed: the gate of the pipeline.

    Called by the seal stage for a rendered Factur-X (coded scans, CII, UBL): Guichet
    never archives an invalid Factur-X as its own. The validator answers with the
    official artefacts (XSD, CEN EN 16931 and Factur-X profile schematrons, container).
    Without an implementation nothing is judged. Stops at the first non-None result.

    :param pdf: The rendered PDF/A-3.
    :param xml: Its embedded CII XML.
    :returns: The fatal findings (an empty list when valid), or None when this
        implementation cannot judge.

    .. versionadded:: 0.3
    """


@hookspec(firstresult=True)
def seal_pdf(pdf: bytes, company: Company | None, settings: Any) -> bytes | None:
    """Apply the firm's electronic seal (PAdES with an RFC 3161 time-stamp) to ``pdf``.

    Called by the seal stage in the worker. Stops at the first non-None result.
    The seal MUST be an incremental update: ``pdf`` is a byte prefix of the result.

    :param pdf: The PDF to seal (never the stored original: a copy).
    :param company: The company the document belongs to (its firm's certificate).
    :param settings: The settings for that company (the company's over the instance's):
        where the seal certificate and the time-stamping authority are.
    :returns: The sealed PDF, or None when no seal is configured.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def timestamp_digest(digest: bytes, settings: Any) -> bytes | None:
    """Obtain an RFC 3161 time-stamp over a SHA-256 digest from the configured authority.

    Called by the seal stage (worker) for every file it archives, and by the
    scheduled job that time-stamps the head of the event chain. Stops at the
    first non-None result.

    :param digest: The 32-byte SHA-256 digest to time-stamp (the token's message imprint).
    :param settings: The settings (the company's over the instance's; the instance's for
        the chain head): which authority.
    :returns: The DER of a granted ``TimeStampResp`` (what ``openssl ts -verify -in``
        reads), or None when no time-stamping authority is configured.

    Implementations raise :class:`OSError` when the authority cannot be reached, so
    that the task is retried later; they never return a refused response.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def seal_data(data: bytes, settings: Any) -> bytes | None:
    """Sign ``data`` with the firm's seal key: a detached CMS signature (RFC 5652).

    Called by the scheduled job that anchors the head of the event chain in the
    archive (plugins/archive.py), so that history cannot be rewritten without a
    trace even when no time-stamping authority is configured. Stops at the first
    non-None result.

    :param data: The bytes to sign (a short statement). Not modified.
    :param settings: The instance's settings (the seal certificate).
    :returns: The DER of a ``ContentInfo`` holding a detached ``SignedData`` (what
        ``openssl cms -verify -inform DER -binary -content`` reads), or None when no
        seal key is configured.

    Implementations raise :class:`OSError` when a configured key cannot be used,
    so that the job is retried; they never sign with another key.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def archive_store(settings: Any) -> Any:
    """Open the write-once archive store of a backend other than ``local`` (``[archive] backend``).

    Called by :func:`guichet.core.storage.archive.open_archive_store` whenever a process
    reads or writes the archive. Stops at the first non-None result.

    :param settings: The instance's settings (``[archive]``: backend, bucket, endpoint...).
    :returns: An object following :class:`guichet.core.storage.archive.ArchiveStore`
        (``put`` refuses to overwrite, ``delete`` refuses before the retention end), or
        None when ``backend`` is not this plugin's.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def verify_seal(data: bytes, settings: Any) -> list[str] | None:
    """Check the seal(s) of a sealed PDF: intact, valid, made with a trusted seal, covering the whole file.

    Called by ``guichet archive verify`` (and its nightly job) for every archived file
    the seal stage sealed, on the plugin that sealed it (``ArchiveRecord.sealed_by``,
    the plugin whose ``seal_pdf`` answered); for files archived before that was
    recorded, on every implementation. Stops at the first non-None result.

    :param data: The archived file's bytes, as stored.
    :param settings: The settings the file was sealed under (the instance's, with the
        company's over them).
    :returns: The problems found, in French (an empty list: intact and valid), or None
        when this implementation cannot check this kind of seal.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def verify_timestamp(token: bytes, digest: bytes, settings: Any) -> list[str] | None:
    """Check an RFC 3161 time-stamp response over ``digest`` (imprint, authority's signature, trust).

    Called by ``guichet archive verify`` for every archived file's token and every
    time-stamped head of the event chain. Stops at the first non-None result.

    :param token: The DER ``TimeStampResp`` returned by ``timestamp_digest``.
    :param digest: The SHA-256 digest it must cover.
    :param settings: The instance's settings (the authority's root certificate).
    :returns: The problems found, in French (empty: valid), or None when this
        implementation cannot check tokens.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def timestamp_evidence(tokens: list[bytes], settings: Any) -> dict[str, bytes] | None:
    """The certificates an auditor needs to check these time-stamp tokens with ``openssl`` alone.

    Called by ``guichet archive export`` once per evidence ZIP. Stops at the first
    non-None result.

    :param tokens: The DER ``TimeStampResp`` of the exported files and chain heads.
    :param settings: The instance's settings.
    :returns: File names (``tsa-racine.pem``, ``tsa-chaine.pem``) and their PEM bytes,
        put in the ZIP's ``certificats/`` folder; None when this implementation has none.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def check_sealed_data(data: bytes, signature: bytes, settings: Any) -> list[str] | None:
    """Check a detached CMS signature made by ``seal_data``.

    Called by ``guichet archive verify`` for every signed chain head of the archive.
    Stops at the first non-None result.

    :param data: The signed bytes, as stored.
    :param signature: The DER ``ContentInfo`` returned by ``seal_data``.
    :param settings: The instance's settings (the trusted seal roots).
    :returns: The problems found, in French (an empty list: intact, and made with
        a seal certificate the instance trusts), or None when this implementation
        cannot check signatures.

    .. versionadded:: 0.2
    """


# ---------------------------------------------------------------------------
# Money: bank files (core/model/banking.py) and payments
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def read_bank_statement(data: bytes, filename: str) -> list[ParsedStatement] | None:
    """Read a bank statement file (camt.053, camt.054, CFONB 120...) into its statements.

    Called by the statement import (web upload, watched folder, EBICS, ``guichet payments
    statement``) before anything is written. Stops at the first non-None result.

    :param data: The file's bytes (the stored original). Read-only. XML only through
        :func:`guichet.core.parsing.xmlsafe.parse_xml`.
    :param filename: The file name as received (may be empty); a hint only.
    :returns: The statements of the file (a :class:`~guichet.core.model.banking.ParsedStatement`
        list, possibly empty), or None when the file is not of this reader's format.

    Implementations raise :class:`~guichet.core.errors.UnreadableInput` for a file of their
    format that is malformed, with the line and the reason in French ("ligne 12 : montant
    illisible..."): the whole file is then refused, nothing of it is imported.

    .. versionadded:: 0.2
    """


@hookspec(firstresult=True)
def write_credit_transfer(order: TransferOrder) -> bytes | None:
    """Write a SEPA credit transfer order as a pain.001.001.09 file, with structured addresses.

    Called when a payment batch is validated (web or ``guichet payments batch``), once per
    batch. Stops at the first non-None result. When no implementation answers the batch
    cannot be validated.

    :param order: The :class:`~guichet.core.model.banking.TransferOrder`: debtor account,
        execution date, transfers (amounts ``Decimal``, creditor IBAN/BIC already checked).
    :returns: The XML bytes, valid against the pain.001.001.09 XSD, or None.

    Implementations validate their output against the XSD and raise
    :class:`~guichet.core.errors.UnreadableInput` with the line and the reason when it fails:
    an invalid file is never handed out.

    .. versionadded:: 0.2
    """


@hookspec
def register_export_formats() -> list[Any]:
    """Name the accounting export formats a plugin writes (FEC, CSV, production software imports).

    Called when an export runs or the formats are listed (``guichet export formats``, the
    firm settings page). All results are collected; a name given twice stays with the
    plugin loaded first (a plugin cannot replace a built-in format by taking its name).

    :returns: A list of :class:`guichet.core.money.exports.ExportFormat`: a stable ``name``
        (the command's sub-command: ``fec``, ``csv``, ``quadra``...), a French ``label``, the
        file ``extension`` and ``write(entries, context)``, which yields the file's bytes in
        pieces from an iterator of numbered balanced entries (stream: a company year may hold
        100,000 invoices) and the :class:`~guichet.core.money.exports.ExportContext`.

    Writers never see a held-back entry (unbalanced, unknown account: the core keeps those
    out and lists them) and never write anywhere themselves: the core writes the file,
    records the batch and the "exporté le" marks.

    .. versionadded:: 0.3
    """


@hookspec
def documents_exported(company: Company, document_ids: list[int], target: str) -> None:
    """Tell plugins that invoices of ``company`` were handed over to the firm.

    Called after the change is committed, in the process that made it: an accounting export
    (``target`` is the format's name, e.g. ``fec``), a folder sync run (``sync``) or the firm's
    software marking invoices imported through its API (``api``). All implementations are
    called (the webhooks connector notifies the firm's "exported" webhooks).

    :param company: The company whose invoices were exported.
    :param document_ids: The documents marked "exporté le" by this change (never empty).
    :param target: Where they went.
    :returns: Nothing. Implementations must not raise for a failed notification (retry it).

    .. versionadded:: 0.3
    """


@hookspec
def payments_recorded(company: Company, payments: list[RecordedPayment], hook: Any) -> None:
    """Be told that payments settled (part of) invoices of ``company``, all those of one change at once.

    Called by the payments work after its transaction committed, in the worker, web or
    command-line process, once per company and change, with every invoice it settled: a
    statement's reconciliation (thousands of invoices for a 5,000-line statement), a person
    matching a bank line in the queue, a batch paying purchase invoices validated, a card
    payment. All implementations are called. The network plugin sends 212 Encaissée for a
    sales invoice (or keeps it for the e-reporting of payments) and 211 Paiement transmis
    for a purchase invoice; the distribution marks the deliveries of a sales invoice paid in
    full "payée".

    :param company: The company that was paid (sales) or that paid (purchase).
    :param payments: :class:`guichet.core.money.settlements.RecordedPayment` items, never
        empty: ``document`` (the invoice's document, ``direction`` says sales or purchase),
        ``amount`` (``Decimal``, positive, in the invoice currency: what the change settled on
        that date) and ``date`` (booking date, or the batch's execution date). One item per
        invoice and date.
    :param hook: The hook relay for ``company`` (the network records a status through it).
    :returns: Nothing.

    Implementations read their own rows for the whole list with a query or a few (by
    chunks of document ids), never one query per payment; they must be idempotent for the
    same (document, amount, date) and must not change the payment.

    .. versionadded:: 0.2 as ``payment_recorded`` (one call per invoice)
    .. versionchanged:: 0.3 one call per company with the list (``payments_recorded``)
    """


@hookspec
def check_network_flow(data: bytes, syntax: str, invoice: Invoice, hook: Any) -> list[str] | None:
    """Judge a sales invoice's file before it is sent to the e-invoicing network.

    Called by :func:`guichet.core.network.sending.send_invoice` (the ``network`` stage, or
    ``guichet network send``) once per sending attempt, before anything leaves. All
    implementations are called and their problems collected; any problem stops the
    sending for good (the flow is never sent; the stage fails with the problems, shown on
    the document). The validator plugin judges the French reform rules here (BR-FR,
    XP Z12-012), as its ``fr_ctc_verdict`` does with ``force=True``.

    :param data: The file about to be sent (CII or UBL XML, or a Factur-X PDF).
    :param syntax: Its XP Z12-013 ``flowSyntax``: ``"CII"``, ``"UBL"`` or ``"Factur-X"``.
    :param invoice: The invoice model read from the document.
    :param hook: The hook relay for the document's company (``extract_xml`` to take
        the XML out of a Factur-X).
    :returns: French sentences, one per blocking problem (empty or None: nothing against).

    Implementations must not raise for a bad file (a problem is a sentence) and must not
    send anything.

    .. versionadded:: 0.2
    """


@hookspec
def network_status_recorded(document: Document, code: str, reason: str | None, origin: str,
                            delivery: str, company: Company, pm: pluggy.PluginManager | None) -> None:
    """Be told that a lifecycle status of the e-invoicing network was recorded for a document.

    Called by :mod:`guichet.core.network.statuses` (and a person's answer,
    :func:`guichet.core.pipeline.decisions.answer_network_status`) after the transaction
    that stored the :class:`~guichet.core.model.network_models.NetworkStatus` and moved
    ``NetworkDocument.last_code`` committed; in the worker (polls, sends), web, API or
    command-line process. All implementations are called; one that raises is logged and
    the others still run. Users: the webhooks (one event per status), the payments work
    (207 En litige puts the open item "en litige", any later status lifts it).

    :param document: The document the status is about (a received purchase invoice or a
        sales invoice sent).
    :param code: The status code (:data:`guichet.core.model.lifecycle.LABELS`: ``"207"``...).
    :param reason: The reason code (MDT-113, e.g. ``"CALCUL_ERR"``) or None.
    :param origin: ``"platform"`` (200-203, 213...), ``"buyer"`` or ``"seller"``.
    :param delivery: ``"received"`` (from the platform), ``"pending"`` (decided here, not
        yet handed to the platform), ``"sent"`` or ``"refused"``.
    :param company: The document's company.
    :param pm: The plugin manager of the process, for the core functions that take one
        (:func:`guichet.core.pipeline.followups.settle_run`): implementations get what
        they need of the instance from it, never from the running process (issue 12).
        None when the status was recorded through a company's hook relay (a status
        decided here, ``delivery="pending"``: it is notified again once sent, with ``pm``).
    :returns: Nothing.

    Implementations must not record statuses here and must be idempotent (a status sent
    is notified when decided, ``pending``, and again once ``sent``).

    .. versionadded:: 0.2
    """


# ---------------------------------------------------------------------------
# Distribution: sales invoices out to their customers (core/sales)
# ---------------------------------------------------------------------------


@hookspec
def register_delivery_channels() -> list[DeliveryChannel]:
    """Declare the channels that deliver sales invoices to customers (e-mail, Chorus Pro, print, EDI, network).

    Called once per process when a channel list is first needed (the ``distribute``
    follow-up stage, the customer pages and API). All results are collected
    (:func:`guichet.core.sales.channels.registered`). Each item is an instance of a
    subclass of :class:`guichet.core.sales.channels.DeliveryChannel`, whose docstring is
    the channel's contract: ``id`` (stable), ``label`` (French), ``order`` (rank when
    chosen automatically), ``missing(rt, customer)``, ``send(rt, job)`` returning a
    :class:`~guichet.core.sales.channels.Handed`, and optionally ``poll(rt, job)``.

    The e-invoicing network plugin registers its channel here (id ``network``, order 10):
    its ``missing`` says whether the directory knows the customer's electronic address,
    its ``send`` deposits the flow, its ``poll`` (or ``followups.settle`` from its status
    listener) reports the lifecycle statuses as delivery states.

    :returns: A list of channel instances.

    Implementations must not send anything here, and two channels may not share an id.

    .. versionadded:: 0.3
    """


@hookspec
def register_payment_providers() -> list[PaymentProvider]:
    """Declare card-payment providers for the payment page of sales invoices.

    Called when the payment page or the provider's notification endpoint needs them.
    All results are collected (:func:`guichet.core.sales.cards.providers`). Each item is
    an instance of a subclass of :class:`guichet.core.sales.cards.PaymentProvider`, whose
    docstring is the contract: ``configured(settings)``, ``create_checkout(rt, request)``
    returning a :class:`~guichet.core.sales.cards.Checkout`, and
    ``read_notification(rt, headers, body)`` that checks the provider's signature and
    returns a :class:`~guichet.core.sales.cards.Notification` (or raises
    :class:`~guichet.core.sales.cards.NotificationRefused`). The core settles the invoice
    once per checkout (:func:`guichet.core.sales.cards.record`).

    :returns: A list of provider instances.

    Implementations never mark anything paid themselves and never trust an unsigned body.

    .. versionadded:: 0.3
    """


# ---------------------------------------------------------------------------
# Lifecycle notifications
# ---------------------------------------------------------------------------


@hookspec
def document_state_changed(document: Document, old: str, new: str) -> None:
    """Be told that a document moved from ``old`` to ``new``.

    Called by :func:`guichet.core.pipeline.transitions.transition` itself, for every
    change: a stage's in the worker (or ``guichet import``), and every person's
    decision (:mod:`guichet.core.pipeline.decisions`: accept, send back, reject,
    split, retry, validate coding) in the web, API or CLI process. Called once the
    outermost transaction has committed, never for a change rolled back. All
    implementations are called; one that raises is logged and the others still run.

    :param document: The document, already in state ``new``.
    :param old: The previous state.
    :param new: The new state.
    :returns: Nothing.

    Implementations must not change the document's state here.

    .. versionadded:: 0.1
    """


@hookspec
def document_stage_changed(document: Document, stage: str, old: str, new: str) -> None:
    """Be told that a follow-up stage's progress on a document changed.

    Called in the process that made the change (the worker, or the web process for
    a person's retry), after the transaction committed. All implementations are
    called. The document's own state did not change.

    :param document: The document.
    :param stage: The follow-up stage's name (``register_stages``).
    :param old: The previous progress (a :class:`~guichet.core.model.states.Progress`
        value, or ``""`` for a new run).
    :param new: The new progress.
    :returns: Nothing.

    Implementations must not change the progress here.

    .. versionadded:: 0.2
    """


@hookspec
def pipeline_failed(document: Document, stage: str, error: BaseException) -> None:
    """Be told that a stage raised an unexpected error on a document.

    Called in the worker after the failure was logged and the document's event
    recorded; the task will be retried. All implementations are called.

    :param document: The document being processed.
    :param stage: The stage name.
    :param error: The exception.
    :returns: Nothing.

    .. versionadded:: 0.1
    """
