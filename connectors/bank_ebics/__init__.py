"""EBICS connector: send validated SEPA batches to the bank and fetch its statements (EBICS 3.0 and 2.5).

Which client, and why (issue 17):

- ``painfree`` (PyPI, MIT, 2026-10) ships ``painfree.ebics3``, an EBICS 3.0 protocol engine that is
  "bytes and keys in, bytes out": it builds and signs the requests (X002 authentication signature,
  A006 electronic signature, E002 order-data encryption, the three transaction phases, INI/HIA/HPB
  and the INI letter's content) and reads the responses, but never opens a socket. Guichet therefore
  posts every request itself through :func:`guichet.core.access.outbound.http_session`: the bank's
  URL obeys the outbound policy like every other host-reaching connector. Only ``painfree.ebics3`` is
  imported (the package's ``__init__`` is empty on purpose: its FastAPI service is never loaded).
- ``fintech`` (joonis) speaks 2.4, 2.5 and 3.0 but is proprietary, obfuscated, limited without a paid
  licence (five transactions per upload, no statement of the last three days) and does its own HTTP,
  so the outbound policy could not hold; ``ebicsclient`` is H005 but PolyForm *Noncommercial*, which a
  firm's appliance cannot use; ``ebics-api-client`` is a client of a PHP REST server, not of a bank.

EBICS 2.5 (H004, FUL/FDL order types), which French banks still run beside 3.0, has no such library either:
:mod:`.h004` writes its envelopes by hand on the engine's primitives (the cryptography is the same).

Modules: :mod:`.h004` (EBICS 2.5), :mod:`.keyring` (the subscriber's keys, sealed in the company's vault), :mod:`.transport`
(posting through the outbound policy, retries on network faults), :mod:`.messages` (EBICS return codes
in French), :mod:`.orders` (INI/HIA/HPB, BTU, BTD driven on the engine), :mod:`.letter` (the INI
letter in HTML and PDF), :mod:`.service` (per company: set up, initialise, send a batch, fetch
statements into :mod:`guichet.core.money.statements`), :mod:`.cli` (``guichet payments ebics ...``).
Tests drive all of it against ``tests/standins/ebics_bank.py``, a loopback bank following the
specification with its own crypto (no code shared with the engine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.ops.task_declarations import periodic_task

if TYPE_CHECKING:
    import click

    from guichet.core.ops.runtime import Runtime


@periodic_task(name="guichet.ebics.fetch", minute="40", hour="6", runtime=True)
def fetch_statements_task(rt: Runtime) -> dict[int, str]:
    """Every morning, the end-of-day statements (camt.053) of every ready access, imported and reconciled.

    Off with ``[ebics] daily_fetch = false``.
    """
    from guichet.connectors.bank_ebics import service

    if not rt.settings.get("ebics.daily_fetch", True):
        return {}
    with rt.database.connection_context():
        return service.fetch_all(rt)


@hookimpl(trylast=True)
def register_commands(cli: click.Group) -> None:
    """``guichet payments ebics ...``, under the payments group (registered before: ``trylast``)."""
    group = cli.commands.get("payments")
    if group is not None:
        from guichet.connectors.bank_ebics.cli import register

        register(group)
