"""A company's EBICS access: set up, key initialisation, sending validated batches, fetching statements.

Who may do what (the pages and the command line call these functions; ``user=None`` is the instance
administrator at the command line, logged as such):

- set up the access, send the keys, fetch and confirm the bank's keys: the firm's staff only (the
  connector reaches an outside host and holds the company's keys), see :func:`check_staff`;
- send a validated batch: the same rule as validating it (:func:`payment_rights.check_validate`: the
  company's "valider" right, or a firm collaborator under a recorded mandate within its limits),
  refusals logged ``payment.refused``;
- fetch statements: whoever may import one (the company's managers and the firm's staff).

Key initialisation follows the specification: INI and HIA send the subscriber's public keys; the
letters (:mod:`.letter`) are signed and given to the bank, which activates the subscriber; HPB fetches
the bank's keys; a person compares their fingerprints with the bank's own letter (:func:`confirm`).
Nothing is uploaded or downloaded before that confirmation.

Idempotency: a batch is sent at most once. Its :class:`EbicsOrder` is written ``pending`` (and
committed) before the first byte leaves; a second send is refused while one is ``pending`` or ``done``.
A send refused by the bank when it opened the transaction (initialisation: no order data sent yet) is
``failed`` and may be tried again. Once the transaction is open, the bank may hold the whole file even
though its answer never reached us (lost, resent and then answered "transaction unknown" 091101, "replay"
091103 or "duplicate" 091115, or not signed by the bank's key): every failure after that point leaves the
order ``pending`` until a person checked on the bank's portal and released it (:func:`release`), except an
explicit refusal of the order itself (:data:`ORDER_REFUSALS`, e.g. the A006 signature refused) that the bank
signed, in answer to a request the transport sent only once. The database guarantees the rule
under concurrent clicks: a partial unique index allows one ``pending`` or ``done`` BTU order per batch
(migration m0251). Downloads are acknowledged only once every file is stored and imported;
statements already imported are recognised by their identity and skipped (core/money/statements.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peewee import IntegrityError

from guichet.connectors.bank_ebics import keyring, orders
from guichet.connectors.bank_ebics.messages import EbicsFailure, describe
from guichet.connectors.bank_ebics.transport import Transport, check_url
from guichet.core.access import access as access_rules
from guichet.core.access import payment_rights
from guichet.core.model import events
from guichet.core.model.ebics_models import AccessState, EbicsAccess, EbicsOrder, OrderState
from guichet.core.model.models import db, utcnow
from guichet.core.model.payment_models import BatchState, PaymentBatch

if TYPE_CHECKING:
    from guichet.core.model.models import Company, User
    from guichet.core.money.statements import ImportReport
    from guichet.core.ops.runtime import Runtime

#: Return codes by which the bank refuses the uploaded order itself (it will not execute it): a failure with one
#: of them, in a signed answer to a request sent once, lets the batch be sent again.
ORDER_REFUSALS = frozenset({"090004", "091112", "091117", "091301", "091302", "091303", "091304", "091305"})

MAX_ZIP_MEMBERS = 500
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all the members of one download, decompressed


def _who(user: User | None) -> str:
    return "administrateur de l'instance" if user is None else user.email


def check_staff(user: User | None, company: Company, action: str) -> None:
    """Refuse (logged) unless ``user`` is the firm's staff and sees ``company`` (None: the administrator)."""
    if user is None:
        return
    if access_rules.is_firm_staff(user) and access_rules.role_on(user, company) is not None:
        return
    raise payment_rights.refuse(user, company, f"ebics.{action}",
                                "seul le personnel du cabinet gère l'accès EBICS du dossier")


def access_of(company: Company) -> EbicsAccess | None:
    """The company's EBICS access (the oldest one when there are several)."""
    return (EbicsAccess.select().where(EbicsAccess.company == company.id).order_by(EbicsAccess.id).first())


def require_access(company: Company) -> EbicsAccess:
    """The company's access, or a French refusal."""
    found = access_of(company)
    if found is None:
        msg = "aucun accès EBICS n'est paramétré pour ce dossier"
        raise EbicsFailure(msg)
    return found


VERSIONS = {"H005": "EBICS 3.0 (H005)", "H004": "EBICS 2.5 (H004)"}


def configure(rt: Runtime, company: Company, *, url: str, host_id: str, partner_id: str, user_id: str,
              label: str = "", user: User | None = None, allowed_hosts: list[str] | None = None,
              version: str = "H005") -> EbicsAccess:
    """Create the company's access with fresh keys, or change its URL and label.

    ``allowed_hosts`` (internal hosts the outbound policy refuses) can only come from the command line.
    Changing the identifiers of an access whose keys were sent is refused: a new subscriber needs new keys.
    """
    check_staff(user, company, "configure")
    if version not in VERSIONS:
        msg = f"version EBICS inconnue : {version} (H005 ou H004)"
        raise EbicsFailure(msg)
    ids = {"host_id": host_id.strip(), "partner_id": partner_id.strip(), "user_id": user_id.strip()}
    orders.context(**ids)  # bounds of the schema
    existing = access_of(company)
    hosts = list(allowed_hosts if allowed_hosts is not None else (existing.allowed_hosts if existing else []))
    url = check_url(rt.settings, url, hosts)
    with db.atomic():
        if existing is not None:
            same = all(getattr(existing, k) == v for k, v in ids.items()) and existing.version == version
            if not same and existing.state != AccessState.NEW:
                msg = ("les clés de cet accès ont déjà été envoyées : supprimez l'accès pour en créer un autre "
                       "(nouvel abonné, nouvelles clés)")
                raise EbicsFailure(msg)
            for key, value in ids.items():
                setattr(existing, key, value)
            if existing.version != version:
                keys = keyring.open_keys(rt.settings, existing)
                existing.fingerprints = {k.version.value: keyring.fingerprint(k, version)
                                         for k in (keys.signature, keys.authentication, keys.encryption)}
            existing.version = version
            existing.url, existing.label, existing.allowed_hosts = url, label or existing.label, hosts
            existing.updated_at = utcnow()
            existing.save()
            made = existing
        else:
            keys = keyring.generate(f"{ids['partner_id']}-{ids['user_id']}", company.name)
            made = EbicsAccess.create(company=company, label=label, url=url, allowed_hosts=hosts,
                                      keys=keyring.seal(rt.settings, keys), created_by=user.id if user else None,
                                      fingerprints={k.version.value: keyring.fingerprint(k, version)
                                                    for k in (keys.signature, keys.authentication, keys.encryption)},
                                      version=version, **ids)
        events.record("ebics.configured", company_id=company.id, user_id=user.id if user else None,
                      data={"access": made.id, "url": url, "version": made.version, "host_id": made.host_id,
                            "partner_id": made.partner_id,
                            "user_id": made.user_id, "allowed_hosts": hosts, "by": _who(user)})
    return made


def _order(access: EbicsAccess, kind: str, *, user: User | None, service: str = "",
           batch_id: int | None = None) -> EbicsOrder:
    with db.atomic():
        return EbicsOrder.create(access=access, company=access.company_id, kind=kind, service=service,
                                 batch_id=batch_id, user_id=user.id if user else None)


def _finish(order: EbicsOrder, state: str, *, code: str | None = None, message: str | None = None,
            **fields: Any) -> None:
    with db.atomic():
        EbicsOrder.update(state=state, return_code=code, message=message, finished_at=utcnow(), **fields
                          ).where(EbicsOrder.id == order.id).execute()


def _context(access: EbicsAccess) -> Any:
    return orders.context(access.host_id, access.partner_id, access.user_id)


def _protocol(access: EbicsAccess) -> Any:
    """The module speaking the access's version: :mod:`.orders` (H005, on the engine) or :mod:`.h004`."""
    if access.version == "H004":
        from guichet.connectors.bank_ebics import h004

        return h004
    return orders


def _h004_format(rt: Runtime, spec: orders.ServiceSpec) -> str:
    """The EBICS 2.5 FileFormat of a service: ``[ebics] h004_formats`` (banks differ), else the default."""
    configured = rt.settings.get("ebics.h004_formats", {}) or {}
    return str(configured.get(spec.msg_name) or spec.h004_format)


def send_keys(rt: Runtime, company: Company, *, user: User | None = None,
              transport: Transport | None = None) -> EbicsAccess:
    """INI then HIA: the subscriber's public keys to the bank. Next: the letters, then :func:`fetch_bank_keys`."""
    check_staff(user, company, "init")
    access = require_access(company)
    keys = keyring.open_keys(rt.settings, access)
    transport = transport or Transport(rt.settings, access)
    for step in ("INI", "HIA"):
        if any(o.kind == step and o.state == OrderState.DONE for o in access.orders):
            continue  # already accepted: the bank answers a second one "invalid user state"
        order = _order(access, step, user=user)
        try:
            answer = _protocol(access).send_keys(_context(access), keys, transport, step)
        except EbicsFailure as exc:
            _finish(order, OrderState.FAILED, code=exc.code, message=str(exc))
            raise
        _finish(order, OrderState.DONE, code=answer.return_code, order_id=answer.order_id)
    with db.atomic():
        EbicsAccess.update(state=AccessState.KEYS_SENT, updated_at=utcnow()).where(
            (EbicsAccess.id == access.id) & (EbicsAccess.state == AccessState.NEW)).execute()
        events.record("ebics.keys_sent", company_id=company.id, user_id=user.id if user else None,
                      data={"access": access.id, "fingerprints": access.fingerprints, "by": _who(user)})
    return EbicsAccess.get_by_id(access.id)


def letters(rt: Runtime, company: Company, *, user: User | None = None) -> str:
    """The INI and HIA letters (HTML) of the company's access."""
    from guichet.connectors.bank_ebics.letter import letter_html

    check_staff(user, company, "letters")
    access = require_access(company)
    return letter_html(access, keyring.open_keys(rt.settings, access), company_name=company.name)


def fetch_bank_keys(rt: Runtime, company: Company, *, user: User | None = None,
                    transport: Transport | None = None) -> EbicsAccess:
    """HPB: the bank's keys, kept with their fingerprints until a person confirms them (:func:`confirm`)."""
    check_staff(user, company, "hpb")
    access = require_access(company)
    if access.state == AccessState.NEW:
        msg = "envoyez d'abord les clés de l'abonné (INI et HIA)"
        raise EbicsFailure(msg)
    keys = keyring.open_keys(rt.settings, access)
    order = _order(access, "HPB", user=user)
    try:
        found = _protocol(access).fetch_bank_keys(_context(access), keys, transport or Transport(rt.settings, access))
    except EbicsFailure as exc:
        _finish(order, OrderState.FAILED, code=exc.code, message=str(exc))
        raise
    _finish(order, OrderState.DONE, code="000000")
    document = keyring.bank_document(found)
    prints = {found.authentication.version.value: keyring.fingerprint(found.authentication, access.version),
              found.encryption.version.value: keyring.fingerprint(found.encryption, access.version)}
    with db.atomic():
        changed = document != (access.bank_keys or {})
        values: dict[str, Any] = {"bank_keys": document, "bank_fingerprints": prints, "updated_at": utcnow()}
        if changed or access.state != AccessState.READY:
            values.update(state=AccessState.BANK_KEYS, confirmed_at=None, confirmed_by=None)
        EbicsAccess.update(**values).where(EbicsAccess.id == access.id).execute()
        events.record("ebics.bank_keys_received", company_id=company.id, user_id=user.id if user else None,
                      data={"access": access.id, "fingerprints": prints, "changed": changed, "by": _who(user)})
    return EbicsAccess.get_by_id(access.id)


def _normal(value: str) -> str:
    return "".join(str(value).split()).replace(":", "").lower()


def confirm(company: Company, *, authentication: str, encryption: str, user: User | None = None) -> EbicsAccess:
    """Compare the bank's keys with the fingerprints read on the bank's letter; the access is ready when both match."""
    import hmac

    check_staff(user, company, "confirm")
    access = require_access(company)
    prints = access.bank_fingerprints or {}
    if access.state not in (AccessState.BANK_KEYS, AccessState.READY) or not prints:
        msg = "récupérez d'abord les clés de la banque (HPB)"
        raise EbicsFailure(msg)
    for label, typed, version in (("d'authentification", authentication, keyring.AUTHENTICATION),
                                  ("de chiffrement", encryption, keyring.ENCRYPTION)):
        if not hmac.compare_digest(_normal(typed), _normal(prints.get(version, ""))):
            with db.atomic():
                events.record("ebics.bank_keys_mismatch", company_id=company.id, user_id=user.id if user else None,
                              data={"access": access.id, "key": version, "typed": _normal(typed)[:64]})
            msg = (f"l'empreinte de la clé {label} ({version}) ne correspond pas à la lettre de la banque : "
                   "n'utilisez pas cet accès et contactez la banque")
            raise EbicsFailure(msg)
    with db.atomic():
        EbicsAccess.update(state=AccessState.READY, confirmed_at=utcnow(), confirmed_by=user.id if user else None,
                           updated_at=utcnow()).where(EbicsAccess.id == access.id).execute()
        events.record("ebics.bank_keys_confirmed", company_id=company.id, user_id=user.id if user else None,
                      data={"access": access.id, "fingerprints": prints, "by": _who(user)})
    return EbicsAccess.get_by_id(access.id)


def _ready(company: Company) -> EbicsAccess:
    access = require_access(company)
    if access.state != AccessState.READY:
        msg = "l'accès EBICS n'est pas prêt : terminez l'initialisation des clés (empreintes de la banque à confirmer)"
        raise EbicsFailure(msg)
    return access


def _live_upload(batch_id: int) -> EbicsOrder | None:
    """The batch's upload under way (or of unknown outcome) or done, if any (at most one: index of m0251)."""
    return (EbicsOrder.select().where((EbicsOrder.batch_id == batch_id) & (EbicsOrder.kind == "BTU")
                                      & EbicsOrder.state.in_([OrderState.PENDING, OrderState.DONE]))
            .order_by(EbicsOrder.id.desc()).first())


def _already_sent(previous: EbicsOrder) -> str:
    when = previous.created_at.strftime("%d/%m/%Y %H:%M")
    if previous.state == OrderState.DONE:
        return f"lot déjà envoyé à la banque le {when} (ordre {previous.order_id or previous.id})"
    return (f"un envoi de ce lot commencé le {when} n'a pas abouti de façon certaine : vérifiez sur le "
            "portail de la banque avant de le libérer pour un nouvel envoi")


def send_batch(rt: Runtime, batch: PaymentBatch, *, user: User | None = None,
               transport: Transport | None = None) -> EbicsOrder:
    """Upload a validated batch's pain.001.001.09 (BTU, SCT pain.001) once; the done order carries the bank's id.

    The file is the one kept at validation, without the line breaks between its elements
    (:func:`orders.without_line_breaks`); the event ``ebics.batch_sent`` records both SHA-256.
    """
    from guichet.core.money import batches

    company = batch.company
    batch = PaymentBatch.get_by_id(batch.id)
    if batch.state != BatchState.VALIDATED:
        msg = "seul un lot validé (et pas encore exécuté) peut être envoyé à la banque"
        raise EbicsFailure(msg)
    payments = list(batch.payments)
    payment_rights.check_validate(user, company, batch_total=batch.total,
                                  largest_payment=max((p.amount for p in payments), default=batch.total))
    access = _ready(company)
    data = orders.without_line_breaks(batches.file_of(rt, batch))
    label = (f"FUL {_h004_format(rt, orders.CREDIT_TRANSFER)}" if access.version == "H004"
             else str(orders.CREDIT_TRANSFER))
    try:
        with db.atomic():
            previous = _live_upload(batch.id)
            if previous is not None:
                raise EbicsFailure(_already_sent(previous))
            order = EbicsOrder.create(access=access, company=company.id, kind="BTU", service=label,
                                      batch_id=batch.id, user_id=user.id if user else None)
    except IntegrityError:  # another send of this batch wrote its order between our check and our insert
        previous = _live_upload(batch.id)
        msg = _already_sent(previous) if previous is not None else "un envoi de ce lot est déjà en cours"
        raise EbicsFailure(msg) from None
    started: list[str] = []
    transport = transport or Transport(rt.settings, access)
    repeats_at_start: list[int] = []

    def opened(transaction_id: str) -> None:
        started.append(transaction_id)
        repeats_at_start.append(transport.repeats)
        with db.atomic():
            EbicsOrder.update(transaction_id=transaction_id).where(EbicsOrder.id == order.id).execute()

    protocol = (_context(access), keyring.open_keys(rt.settings, access), keyring.bank_keys(access),
                transport, data)
    try:
        if access.version == "H004":
            answer = _protocol(access).upload(*protocol, file_format=_h004_format(rt, orders.CREDIT_TRANSFER),
                                              on_started=opened)
        else:
            answer = orders.upload(*protocol, file_name=f"{batch.reference}.xml", on_started=opened)
    except EbicsFailure as exc:
        # Refused when the transaction was being opened: no order data left, a new send is allowed. After that, the
        # bank may hold the file whatever we read (see the module's docstring): pending, unless it refused the order.
        unknown = bool(started) and not (exc.code in ORDER_REFUSALS and transport.repeats == repeats_at_start[0])
        _finish(order, OrderState.PENDING if unknown else OrderState.FAILED, code=exc.code, message=str(exc))
        with db.atomic():
            events.record("ebics.batch_send_failed", company_id=company.id, user_id=user.id if user else None,
                          data={"batch": batch.reference, "order": order.id, "code": exc.code, "reason": str(exc),
                                "outcome_unknown": unknown})
        raise
    _finish(order, OrderState.DONE, code=answer.return_code, order_id=answer.order_id,
            transaction_id=answer.transaction_id)
    with db.atomic():
        events.record("ebics.batch_sent", company_id=company.id, user_id=user.id if user else None,
                      data={"batch": batch.reference, "order": order.id, "bank_order_id": answer.order_id,
                            "total": str(batch.total), "count": batch.count, "sha256": batch.file_sha256,
                            "sha256_sent": hashlib.sha256(data).hexdigest(), "by": _who(user)})
    return EbicsOrder.get_by_id(order.id)


def release(order: EbicsOrder, *, user: User | None = None, note: str = "") -> None:
    """A person checked on the bank's portal that an interrupted send did not arrive: the batch may be sent again."""
    company = order.access.company
    check_staff(user, company, "release")
    if order.state != OrderState.PENDING:
        msg = "seul un envoi resté en suspens peut être libéré"
        raise EbicsFailure(msg)
    _finish(order, OrderState.FAILED, code=order.return_code, message=f"libéré : {note or 'non reçu par la banque'}")
    with db.atomic():
        events.record("ebics.order_released", company_id=company.id, user_id=user.id if user else None,
                      data={"order": order.id, "batch": order.batch_id, "note": note, "by": _who(user)})


@dataclass
class FetchReport:
    """What a statement download gave."""

    service: str
    empty: bool = False
    files: int = 0
    reports: list[ImportReport] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return sum(r.lines for r in self.reports)

    @property
    def matched(self) -> int:
        return sum(r.matched for r in self.reports)

    @property
    def duplicates(self) -> int:
        return sum(r.duplicates for r in self.reports)

    @property
    def rejected(self) -> list[str]:
        return [r.reason for r in self.reports if r.reason]


def unpack(data: bytes) -> list[tuple[str, bytes]]:
    """The files of a download: the members of a ZIP container, or the data itself.

    Bounded before anything is decompressed (number of members, each one's size, their total), then while
    reading: a member that decompresses to more than it announced stops the reading (a ZIP bomb never fills
    the memory).
    """
    if not data.startswith(b"PK"):
        return [("ebics.xml", data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        msg = f"conteneur ZIP illisible : {exc}"
        raise EbicsFailure(msg) from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    too_big = (f"conteneur ZIP trop volumineux (au plus {MAX_ZIP_MEMBERS} fichiers, {MAX_MEMBER_BYTES // 2**20} Mo "
               f"chacun et {MAX_TOTAL_BYTES // 2**20} Mo en tout)")
    if (len(members) > MAX_ZIP_MEMBERS or any(m.file_size > MAX_MEMBER_BYTES for m in members)
            or sum(m.file_size for m in members) > MAX_TOTAL_BYTES):
        raise EbicsFailure(too_big)
    files, total = [], 0
    try:
        for member in members:
            with archive.open(member) as stream:
                content = stream.read(min(member.file_size, MAX_MEMBER_BYTES) + 1)
            total += len(content)
            if len(content) > member.file_size or total > MAX_TOTAL_BYTES:
                raise EbicsFailure(too_big)
            files.append((member.filename.rsplit("/", 1)[-1][:200], content))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        msg = f"conteneur ZIP illisible : {exc}"
        raise EbicsFailure(msg) from None
    return files


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    """A download's period: both dates or neither (the bank's default: what was not fetched yet), in order."""
    if (start is None) != (end is None):
        msg = ("indiquez les deux dates de la période (du … au …), ou aucune pour recevoir les relevés pas encore "
               "téléchargés")
        raise EbicsFailure(msg)
    if start is not None and end is not None and start > end:
        msg = f"période inversée : le {start:%d/%m/%Y} est après le {end:%d/%m/%Y}"
        raise EbicsFailure(msg)


def _check_fetch(user: User | None, company: Company) -> None:
    """Whoever may import a statement may fetch one: the company's managers, the firm's staff, the administrator."""
    if user is None or access_rules.can(user, company, "manage"):
        return
    if access_rules.is_firm_staff(user) and access_rules.role_on(user, company) is not None:
        return
    raise payment_rights.refuse(user, company, "ebics.fetch", "droit de gérer le dossier absent")


def fetch_statements(rt: Runtime, company: Company, *, kind: str = "camt.053", start: dt.date | None = None,
                     end: dt.date | None = None, user: User | None = None,
                     transport: Transport | None = None) -> FetchReport:
    """BTD: download statements (camt.053, or camt.054 notifications), import and reconcile each file.

    The receipt is positive only once every file went through :func:`statements.import_file` (its original
    stored first); otherwise it is negative and the bank offers the data again.
    """
    from guichet.core.money import statements

    _check_fetch(user, company)
    check_period(start, end)
    service = orders.STATEMENTS.get(kind)
    if service is None:
        msg = f"type de relevé inconnu : {kind} (camt.053 ou camt.054)"
        raise EbicsFailure(msg)
    access = _ready(company)
    report = FetchReport(service=str(service))
    order = _order(access, "BTD", user=user, service=str(service))

    def receive(data: bytes) -> bool:
        files = unpack(data)
        report.files = len(files)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        for position, (name, content) in enumerate(files, start=1):
            filename = f"ebics-{kind}-{stamp}-{position}-{name}"
            report.reports.append(statements.import_file(rt, company, content, filename, source="ebics", user=user))
        return True

    protocol = (_context(access), keyring.open_keys(rt.settings, access), keyring.bank_keys(access),
                transport or Transport(rt.settings, access))
    try:
        if access.version == "H004":
            answer = _protocol(access).download(*protocol, file_format=_h004_format(rt, service), start=start,
                                                end=end, receive=receive)
        else:
            answer = orders.download(*protocol, service=service, start=start, end=end, receive=receive)
    except EbicsFailure as exc:
        _finish(order, OrderState.FAILED, code=exc.code, message=str(exc))
        raise
    except Exception as exc:  # the import failed: the bank got a negative receipt and keeps the data
        _finish(order, OrderState.FAILED, message=f"import interrompu, relevés laissés à la banque : {exc}")
        raise
    report.empty = orders.is_empty(answer)
    _finish(order, OrderState.EMPTY if report.empty else OrderState.DONE, code=answer.return_code,
            transaction_id=answer.transaction_id,
            statement_import=report.reports[0].import_id if report.reports else None,
            message=describe(answer.return_code) if report.empty else None)
    with db.atomic():
        events.record("ebics.statements_fetched", company_id=company.id, user_id=user.id if user else None,
                      data={"order": order.id, "service": report.service, "files": report.files,
                            "lines": report.lines, "matched": report.matched, "duplicates": report.duplicates,
                            "empty": report.empty, "by": _who(user)})
    return report


def fetch_all(rt: Runtime, kinds: tuple[str, ...] = ("camt.053",)) -> dict[int, str]:
    """Fetch the statements of every ready access (the daily task); per company: "ok", "vide" or the error.

    One company's failure never stops the others: it is kept on its order (``failed``) and in the result.
    """
    import logging

    from guichet.core.model.models import Company

    outcome: dict[int, str] = {}
    ready = EbicsAccess.select().where(EbicsAccess.state == AccessState.READY).order_by(EbicsAccess.id)
    for company_id in dict.fromkeys(a.company_id for a in ready):
        company = Company.get_by_id(company_id)
        for kind in kinds:
            try:
                report = fetch_statements(rt, company, kind=kind)
            except Exception as exc:  # noqa: BLE001 - recorded on the order, the next company goes on
                logging.getLogger(__name__).warning("EBICS %s of company %s: %s", kind, company_id, exc)
                outcome[company_id] = str(exc)
                break
            outcome[company_id] = "vide" if report.empty else "ok"
    return outcome
