"""INSEE Sirene: the monthly stock files in a local table, the Sirene API 3.11, and the status control.

Three parts:

- :func:`import_stock` streams ``StockUniteLegale_utf8.csv`` or
  ``StockEtablissement_utf8.csv`` (or their ``.zip``) into the indexed tables of
  :mod:`guichet.core.model.registry_models`, in batches, with an upsert: re-importing
  the same file changes nothing, importing next month's file refreshes every row,
  and ``prune=True`` (a complete stock file) deletes the rows it did not contain.
  Columns are found by their header names, so the import survives INSEE adding
  columns (as it did with ``societeMissionUniteLegale`` and the NAF 2025 ones).
- :class:`SireneClient` calls ``/siren/{siren}`` and ``/siret/{siret}`` with the
  ``X-INSEE-Api-Key-Integration`` header, spaces its calls to the published rate
  (30 per minute), and backs off on HTTP 429 (``Retry-After`` when given) and 5xx.
  Answers are cached in ``SireneApiCache`` for ``sirene.cache_days``.
- The ``check_invoice`` hook: a ceased legal unit (``etatAdministratifUniteLegale``
  C) or a closed establishment (``etatAdministratifEtablissement`` F) is blocking
  (ID-SIREN-ACTIVE); a SIREN/SIRET that Sirene does not know is a warning
  (ID-SIREN-UNKNOWN). With neither a filled local table nor an API key, the
  control says nothing (it cannot know).

This connector module implements ``check_invoice`` itself because plugins may not
import connectors; it only turns a registry answer into findings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.pipeline.controls import Report
from guichet.core.errors import ConnectorError, UnreadableInput
from guichet.core.model.identifiers import valid_siren, valid_siret

if TYPE_CHECKING:
    import click

    from guichet.core.model.invoice import Address, Invoice
    from guichet.core.model.models import Company
    from guichet.core.settings import Settings

log = logging.getLogger(__name__)
ORIGIN = "sirene"
UNIT, ESTABLISHMENT = "unite_legale", "etablissement"
csv.field_size_limit(1 << 20)

# ---------------------------------------------------------------------------
# Stock files
# ---------------------------------------------------------------------------

#: Columns of StockUniteLegale the import reads (the file has ~35).
UNIT_COLUMNS = ("siren", "etatAdministratifUniteLegale")
#: Columns of StockEtablissement the import reads (the file has ~50).
ESTABLISHMENT_COLUMNS = ("siret", "siren", "etatAdministratifEtablissement")


@dataclass
class ImportResult:
    """What :func:`import_stock` did."""

    kind: str
    rows: int
    pruned: int
    seconds: float


def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    """The CSV text stream of ``path`` (a .csv, or the first .csv inside a .zip)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not names:
                raise UnreadableInput(f"{path.name} : aucune table CSV dans l'archive")
            with archive.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return
    with path.open(encoding="utf-8", newline="") as text:
        yield text


def _unit_row(get: Callable[[str], str], stamp: int) -> tuple:
    name = get("denominationUniteLegale") or " ".join(
        part for part in (get("prenomUsuelUniteLegale") or get("prenom1UniteLegale"), get("nomUniteLegale")) if part
    ) or get("denominationUsuelle1UniteLegale")
    return (get("siren"), get("etatAdministratifUniteLegale") or "A", name or None,
            get("categorieJuridiqueUniteLegale") or None, get("statutDiffusionUniteLegale") or None,
            get("nicSiegeUniteLegale") or None, get("dateDebut") or None, stamp)


def _establishment_row(get: Callable[[str], str], stamp: int) -> tuple:
    name = get("enseigne1Etablissement") or get("denominationUsuelleEtablissement")
    return (get("siret"), get("siren"), get("etatAdministratifEtablissement") or "A",
            get("etablissementSiege").lower() == "true", get("codePostalEtablissement") or None,
            get("libelleCommuneEtablissement") or None, name or None, get("dateDebut") or None, stamp)


def _upsert_sql(model: type, columns: list[str], key: str) -> str:
    from guichet.core.model.models import db

    table = model._meta.table_name
    param = db.obj.param
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([param] * len(columns))}) "  # noqa: S608 - model names
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}")


def import_stock(path: str | Path, *, kind: str | None = None, batch_size: int = 20000,
                 prune: bool = False, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Stream a Sirene stock file into the local tables (upsert, batch by batch).

    :param path: ``StockUniteLegale_utf8.csv``/``StockEtablissement_utf8.csv`` or their zip.
    :param kind: ``unite_legale`` or ``etablissement``; guessed from the header when None.
    :param batch_size: Rows per transaction (memory stays flat whatever the file size).
    :param prune: Delete the rows this file did not contain (only for a complete stock file).
    :param progress: Called with the number of rows written so far, after each batch.
    :raises UnreadableInput: When the file is not a Sirene stock file.
    """
    from guichet.core.model.models import db, utcnow
    from guichet.core.model.registry_models import SireneEstablishment, SireneImport, SireneUnit

    path = Path(path)
    started = time.perf_counter()
    for text in _open_text(path):
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            raise UnreadableInput(f"{path.name} : fichier vide") from None
        index = {name.strip().lstrip("\ufeff"): i for i, name in enumerate(header)}
        kind = kind or (ESTABLISHMENT if "siret" in index else UNIT)
        required = ESTABLISHMENT_COLUMNS if kind == ESTABLISHMENT else UNIT_COLUMNS
        missing = [c for c in required if c not in index]
        if missing:
            raise UnreadableInput(f"{path.name} : colonnes Sirene absentes : {', '.join(missing)}")
        model = SireneEstablishment if kind == ESTABLISHMENT else SireneUnit
        make_row = _establishment_row if kind == ESTABLISHMENT else _unit_row
        key = "siret" if kind == ESTABLISHMENT else "siren"
        columns = [f.column_name for f in model._meta.sorted_fields]
        with db.atomic():
            run = SireneImport.create(kind=kind, filename=path.name)
        sql = _upsert_sql(model, columns, key)
        rows = 0
        batch: list[tuple] = []

        def flush() -> None:
            with db.atomic():
                db.cursor().executemany(sql, batch)
            batch.clear()
            if progress:
                progress(rows)

        width = len(header)
        for record in reader:
            if len(record) < width:
                record = record + [""] * (width - len(record))  # short trailing fields

            def get(name: str, record: list[str] = record) -> str:
                i = index.get(name)
                return record[i] if i is not None else ""

            batch.append(make_row(get, run.id))
            rows += 1
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        pruned = 0
        if prune:
            with db.atomic():
                pruned = model.delete().where(model.stamp != run.id).execute()
        with db.atomic():
            SireneImport.update(rows=rows, finished_at=utcnow()).where(SireneImport.id == run.id).execute()
        return ImportResult(kind, rows, pruned, time.perf_counter() - started)
    raise AssertionError  # _open_text always yields once


def local_available() -> bool:
    """True when a database is bound and the local Sirene table holds legal units."""
    if "guichet.core.model.models" not in sys.modules:
        # Binding a database imports the models: none is bound (``guichet extract``), and the reading does not pay
        # the import of the models, peewee and the database drivers (~35 ms CPU) to learn it.
        return False
    from guichet.core.model.models import db
    from guichet.core.model.registry_models import SireneUnit

    if db.obj is None:
        return False
    try:
        return SireneUnit.table_exists() and SireneUnit.select().limit(1).exists()
    except Exception:  # noqa: BLE001 - no database reachable: no local table
        return False


# ---------------------------------------------------------------------------
# The INSEE Sirene API 3.11
# ---------------------------------------------------------------------------


class SireneUnavailable(ConnectorError):
    """The Sirene API could not be reached or kept refusing (rate limit, 5xx, network)."""


class SireneClient:
    """A small client of the INSEE Sirene API 3.11 (``/siren``, ``/siret``).

    Thread-safe; one instance per process is enough. Calls are spaced to
    ``rate_per_minute``; HTTP 429 and 5xx are retried ``max_retries`` times, waiting
    ``Retry-After`` seconds when the server says so, else ``backoff`` × 2^attempt.
    """

    def __init__(self, base_url: str, api_key: str, *, rate_per_minute: float = 30, timeout: float = 10,
                 max_retries: int = 4, backoff: float = 2.0, max_wait: float = 60,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        """Configure the client (no network access here)."""
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.interval = 60.0 / rate_per_minute if rate_per_minute > 0 else 0.0
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self._lock = threading.Lock()
        self._next_call = 0.0
        self.calls = 0  # HTTP requests sent (tests and benchmarks read it)

    def _wait_turn(self) -> None:
        with self._lock:
            now = time.monotonic()
            wait = self._next_call - now
            self._next_call = max(now, self._next_call) + self.interval
        if wait > 0:
            self.sleep(wait)

    def get(self, path: str) -> tuple[int, dict[str, Any] | None]:
        """GET ``path``; returns (HTTP status, JSON body) for 200/403/404, raises otherwise."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        headers = {"X-INSEE-Api-Key-Integration": self.api_key, "Accept": "application/json"}
        attempt = 0
        while True:
            self._wait_turn()
            self.calls += 1
            request = urllib.request.Request(url, headers=headers)  # noqa: S310 - URL from configuration
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    return response.status, json.loads(response.read() or b"null")
            except urllib.error.HTTPError as exc:
                body = exc.read()
                if exc.code in (403, 404):
                    return exc.code, _json_or_none(body)
                if exc.code == 401:
                    raise ConnectorError("API Sirene : clé refusée (X-INSEE-Api-Key-Integration)") from exc
                if exc.code != 429 and exc.code < 500:
                    raise ConnectorError(f"API Sirene : réponse {exc.code} pour {path}") from exc
                retry_after = _seconds(exc.headers.get("Retry-After"))
                reason = f"HTTP {exc.code}"
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = str(getattr(exc, "reason", exc))
            if attempt >= self.max_retries:
                raise SireneUnavailable(f"API Sirene indisponible ({reason}) après {attempt + 1} essais")
            wait = retry_after if retry_after is not None else self.backoff * (2**attempt)
            log.info("Sirene API: %s, retrying in %.1fs", reason, wait)
            self.sleep(min(wait, self.max_wait))
            attempt += 1

    def unite_legale(self, siren: str) -> tuple[int, dict[str, Any] | None]:
        """``GET /siren/{siren}``."""
        return self.get(f"siren/{siren}")

    def etablissement(self, siret: str) -> tuple[int, dict[str, Any] | None]:
        """``GET /siret/{siret}``."""
        return self.get(f"siret/{siret}")


def _json_or_none(body: bytes) -> dict[str, Any] | None:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Look-ups: local table first, then the API cache, then the API
# ---------------------------------------------------------------------------


@dataclass
class SireneStatus:
    """What Sirene says about a SIREN (and a SIRET when asked)."""

    siren: str
    found: bool  # the legal unit exists
    active: bool | None = None  # legal unit state A
    name: str | None = None
    since: str | None = None  # start of the current period (date of cessation when ceased)
    siret: str | None = None
    siret_found: bool | None = None
    siret_active: bool | None = None
    source: str = ""  # local | api


def _current_period(periods: list[dict[str, Any]] | None) -> dict[str, Any]:
    for period in periods or []:
        if not period.get("dateFin"):
            return period
    return (periods or [{}])[0]


def _client_from(settings: Settings) -> SireneClient | None:
    key = settings.get("sirene.api_key") or ""
    if not key:
        return None
    return SireneClient(settings.get("sirene.api_url"), key,
                        rate_per_minute=float(settings.get("sirene.rate_per_minute", 30)),
                        timeout=float(settings.get("sirene.timeout", 10)))


_clients: dict[tuple[str, str], SireneClient] = {}


def client_for(settings: Settings) -> SireneClient | None:
    """The shared client for the configured URL and key (None without an API key)."""
    key = (settings.get("sirene.api_url") or "", settings.get("sirene.api_key") or "")
    if not key[1]:
        return None
    if key not in _clients:
        _clients[key] = _client_from(settings)
    return _clients[key]


def _api_get(client: SireneClient, kind: str, number: str, cache_days: int) -> tuple[int, dict | None]:
    from guichet.core.model.models import db, utcnow
    from guichet.core.model.registry_models import SireneApiCache

    cache_key = f"{kind}:{number}"
    cacheable = db.obj is not None and SireneApiCache.table_exists()
    if cacheable:
        row = SireneApiCache.get_or_none(SireneApiCache.key == cache_key)
        if row is not None and row.fetched_at > utcnow() - dt.timedelta(days=cache_days):
            return row.status, row.payload
    status, payload = client.unite_legale(number) if kind == "siren" else client.etablissement(number)
    if cacheable:
        with db.atomic():
            SireneApiCache.insert(key=cache_key, status=status, payload=payload, fetched_at=utcnow()).on_conflict(
                conflict_target=[SireneApiCache.key],
                update={SireneApiCache.status: status, SireneApiCache.payload: payload,
                        SireneApiCache.fetched_at: utcnow()},
            ).execute()
    return status, payload


def lookup(siren: str, siret: str | None = None, *, settings: Settings) -> SireneStatus | None:
    """Ask the local table, else the API (through its cache); None when no source can answer.

    :raises SireneUnavailable: When the API is configured but cannot be reached.
    """
    from guichet.core.model.registry_models import SireneEstablishment, SireneUnit

    if local_available():
        unit = SireneUnit.get_or_none(SireneUnit.siren == siren)
        if unit is not None:
            status = SireneStatus(siren, True, unit.state == "A", unit.name, unit.state_since, source="local")
            if siret:
                est = SireneEstablishment.get_or_none(SireneEstablishment.siret == siret)
                status.siret = siret
                status.siret_found = est is not None
                status.siret_active = None if est is None else est.state == "A"
            return status
    client = client_for(settings)
    if client is None:
        return SireneStatus(siren, False, source="local") if local_available() else None
    cache_days = int(settings.get("sirene.cache_days", 7))
    code, payload = _api_get(client, "siren", siren, cache_days)
    if code == 404:
        return SireneStatus(siren, False, source="api")
    unit = (payload or {}).get("uniteLegale") or {}
    period = _current_period(unit.get("periodesUniteLegale"))
    state = period.get("etatAdministratifUniteLegale")
    status = SireneStatus(siren, True, None if state is None else state == "A",
                          period.get("denominationUniteLegale"), period.get("dateDebut"), source="api")
    if siret:
        code, payload = _api_get(client, "siret", siret, cache_days)
        status.siret = siret
        status.siret_found = code != 404
        est = (payload or {}).get("etablissement") or {}
        est_period = _current_period(est.get("periodesEtablissement"))
        est_state = est_period.get("etatAdministratifEtablissement")
        status.siret_active = None if est_state is None else est_state == "A"
    return status


# ---------------------------------------------------------------------------
# The control
# ---------------------------------------------------------------------------


def check_parties(invoice: Invoice, settings: Settings) -> Report:
    """ID-SIREN-ACTIVE / ID-SIREN-UNKNOWN for the seller and the buyer."""
    report = Report(ORIGIN)
    for party, label, bt in ((invoice.seller, "vendeur", "BT-30"), (invoice.buyer, "acheteur", "BT-47")):
        siren = valid_siren(party.siren)
        if not siren:
            continue
        siret = valid_siret(party.siret) if party.siret else None
        if siret and siret[:9] != siren:
            siret = None  # a SIRET of another SIREN: LEG-SIRET-COHERENCE says so, no look-up
        try:
            status = lookup(siren, siret, settings=settings)
        except ConnectorError as exc:
            log.warning("Sirene look-up of %s failed: %s", siren, exc)
            continue
        if status is None:
            return report  # no source: nothing can be said
        who = f"du {label}" if label[0] not in "aeiouy" else f"de l'{label}"
        if not status.found:
            report.warn("ID-SIREN-UNKNOWN", f"SIREN {siren} {who} inconnu du répertoire Sirene", bt)
            continue
        if status.active is False:
            since = f" depuis le {status.since}" if status.since else ""
            report.block("ID-SIREN-ACTIVE", f"entreprise {who} cessée{since} (Sirene, SIREN {siren})", bt)
        if siret and status.siret_found is False:
            report.warn("ID-SIREN-UNKNOWN", f"SIRET {siret} {who} inconnu du répertoire Sirene", "BT-29")
        elif siret and status.siret_active is False:
            report.block("ID-SIREN-ACTIVE", f"établissement {siret} {who} fermé (Sirene)", "BT-29")
    return report


@hookimpl
def registered_name(siren: str) -> str | None:
    """The name of ``siren`` in the local Sirene copy (no API call: reading stays offline)."""
    if not local_available():
        return None
    from guichet.core.model.registry_models import SireneUnit

    unit = SireneUnit.get_or_none(SireneUnit.siren == siren)
    return unit.name if unit is not None and unit.name else None


@hookimpl
def registered_address(siren: str, siret: str | None) -> Address | None:
    """The establishment's postcode and city in the local Sirene copy (``siret``, else the head office)."""
    if not local_available():
        return None
    from guichet.core.model.invoice import Address
    from guichet.core.model.registry_models import SireneEstablishment

    row = SireneEstablishment.get_or_none(SireneEstablishment.siret == siret) if siret else None
    if row is None:
        row = (SireneEstablishment.select()
               .where((SireneEstablishment.siren == siren) & (SireneEstablishment.head_office == True))  # noqa: E712 - peewee
               .first())
    if row is None or not (row.postcode or row.city):
        return None
    return Address(postcode=row.postcode, city=row.city, country="FR")


@hookimpl
def check_invoice(invoice: Invoice, company: Company | None, settings: Settings) -> list:
    """Existence and administrative state of the seller and buyer in Sirene."""
    return check_parties(invoice, settings).result(company)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``guichet sirene import FILE...`` and ``guichet sirene lookup NUMBER``."""
    import click

    @cli.group()
    def sirene() -> None:
        """Répertoire Sirene : copie locale des fichiers stock de l'INSEE, consultation."""

    @sirene.command("import")
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
    @click.option("--no-prune", is_flag=True, help="Garder les lignes absentes du fichier (fichier partiel).")
    @click.pass_context
    def import_cmd(ctx: click.Context, files: tuple[str, ...], no_prune: bool) -> None:
        """Importer StockUniteLegale / StockEtablissement (CSV ou ZIP) dans la table locale."""
        from guichet.core.ops.cli_instance import command_runtime

        rt = command_runtime(ctx, instance_plugins=True)
        with rt.database.connection_context():
            for file in files:
                try:
                    result = import_stock(file, prune=not no_prune)
                except UnreadableInput as exc:
                    raise click.ClickException(str(exc)) from exc
                rate = result.rows / result.seconds if result.seconds else 0
                click.echo(f"{file}: {result.rows} lignes ({result.kind}), {result.pruned} supprimées, "
                           f"{result.seconds:.1f} s ({rate:.0f} lignes/s)")

    @sirene.command("lookup")
    @click.argument("number")
    @click.pass_context
    def lookup_cmd(ctx: click.Context, number: str) -> None:
        """Afficher l'état d'un SIREN ou d'un SIRET."""
        from guichet.core.ops.cli_instance import command_runtime

        rt = command_runtime(ctx, instance_plugins=True)
        siret = valid_siret(number) if len(number.replace(" ", "")) == 14 else None
        siren = valid_siren(siret[:9] if siret else number)
        if not siren:
            raise click.ClickException(f"numéro invalide : {number}")
        with rt.database.connection_context():
            status = lookup(siren, siret, settings=rt.settings)
        if status is None:
            raise click.ClickException("ni table locale ni clé d'API Sirene configurée")
        click.echo(json.dumps(status.__dict__, ensure_ascii=False, indent=2))
