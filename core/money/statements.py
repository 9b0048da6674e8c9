"""Import bank statement files: the original kept first, each statement in one transaction, duplicates skipped.

One door for every source (web upload, watched folder, EBICS, ``guichet payments statement``):
:func:`import_file`. The original bytes are stored (fsynced) before anything else; the
``read_bank_statement`` hook reads the whole file before anything is written, so a malformed
file is refused whole (``rejected``, with the line and the reason) and nothing of it is
imported. Each statement is then written in its own transaction, skipped when its identity
(account, statement id, sequence...) was imported before, and reconciled (:mod:`.reconcile`).

A line whose amount no money of its currency can be (12,345 EUR: finer than the cent, a badly
written file) is kept as read but ``rejected``, with the French reason in its note and in the
report (:func:`unpayable`): it settles nothing, and the other lines of the file are reconciled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.errors import UnreadableInput
from guichet.core.model import events
from guichet.core.model.models import db
from guichet.core.model.identifiers import compact
from guichet.core.model.payment_models import (
    BankAccount,
    BankLine,
    BankStatement,
    ImportState,
    LineState,
    PaymentBatch,
    StatementImport,
)
from guichet.core.money import reconcile
from guichet.core.money.settlements import SettlementRefused, bulk_insert, checked_amount
from guichet.core.storage.blobs import sha256_hex

if TYPE_CHECKING:
    from guichet.core.model.banking import ParsedLine, ParsedStatement
    from guichet.core.model.models import Company, User
    from guichet.core.ops.runtime import Runtime

ZERO = Decimal("0")
UNKNOWN_FORMAT = "format de relevé non reconnu (camt.053, camt.054 ou CFONB 120 attendus)"


@dataclass
class ImportReport:
    """What one file gave: lines read, matched automatically, left to a person, invoices settled."""

    import_id: int
    state: str
    reason: str | None = None
    format: str | None = None
    statements: int = 0
    duplicates: int = 0
    lines: int = 0
    matched: int = 0
    left: int = 0
    settled: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)  # lines kept but unusable, each with its reason

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly."""
        return {"import": self.import_id, "state": self.state, "reason": self.reason, "format": self.format,
                "statements": self.statements, "duplicates": self.duplicates, "lines_read": self.lines,
                "matched_automatically": self.matched, "left_to_person": self.left, "invoices_settled": self.settled,
                "lines_rejected": self.rejected}


def read(rt: Runtime, data: bytes, filename: str) -> list[ParsedStatement]:
    """The statements of a file (hook ``read_bank_statement``); :class:`UnreadableInput` when unknown or malformed."""
    found = rt.pm.hook.read_bank_statement(data=data, filename=filename)
    if found is None:
        raise UnreadableInput(UNKNOWN_FORMAT)
    return found


def unpayable(line: ParsedLine, position: int) -> str | None:
    """Why the line cannot settle anything (its amount finer than its currency's minor unit), in French; or None."""
    try:
        checked_amount(line.amount, line.currency)
    except SettlementRefused as exc:
        where = f"ligne {line.source_line} du fichier" if line.source_line else f"écriture {position} du relevé"
        return (f"{where} ({line.booking_date:%d/%m/%Y}{', ' + line.counterparty if line.counterparty else ''}) "
                f"refusée : {exc} ; elle ne règle rien, vérifiez-la sur le relevé de la banque")
    return None


def foreign_account(company: Company, parsed: list[ParsedStatement]) -> str | None:
    """Why the file is not this company's (a statement of an account it has not registered), or None.

    A company without any registered account takes any statement (its first file); once it has
    accounts, another company's statement uploaded here by mistake is refused whole instead of
    settling this company's invoices with another company's money.
    """
    known = {compact(row.iban) for row in BankAccount.select(BankAccount.iban).where(BankAccount.company == company.id)}
    if not known:
        return None
    for statement in parsed:
        if compact(statement.account) not in known:
            return (f"relevé du compte {statement.account}, qui n'est pas un compte enregistré du dossier "
                    f"{company.name} ({', '.join(sorted(known))}) : s'il est bien le sien, enregistrez-le d'abord "
                    "(page « Droits et mandats » ou guichet payments account)")
    return None


def import_file(rt: Runtime, company: Company, data: bytes, filename: str, *, source: str,
                user: User | None = None) -> ImportReport:
    """Import one statement file for ``company`` and reconcile its new lines. Never half-imports a statement."""
    key = rt.blobs.put(data)  # durable before anything else
    user_id = user.id if user else None
    try:
        parsed = read(rt, data, filename)
        problem = foreign_account(company, parsed)
    except UnreadableInput as exc:
        parsed, problem = [], str(exc)
    with db.atomic():
        row = StatementImport.create(company=company, filename=filename[:255], sha256=sha256_hex(data), blob_key=key,
                                     source=source, format=parsed[0].format if parsed else None,
                                     state=ImportState.REJECTED if problem else ImportState.IMPORTED,
                                     reason=problem, user_id=user_id)
        events.record("payment.statement_received", company_id=company.id, user_id=user_id,
                      data={"import": row.id, "filename": row.filename, "source": source, "rejected": problem})
    report = ImportReport(import_id=row.id, state=row.state, reason=problem, format=row.format)
    if problem:
        return report
    new_lines: list[int] = []
    for statement in parsed:
        with db.atomic():
            if BankStatement.select().where((BankStatement.company == company.id)
                                            & (BankStatement.identity == statement.identity[:255])).exists():
                report.duplicates += 1
                continue
            written, rejected = _write(company, row, statement)
            new_lines += written
            report.rejected += rejected
            report.statements += 1
    report.lines = len(new_lines) + len(report.rejected)
    if report.statements == 0 and report.duplicates:
        report.state = ImportState.DUPLICATE
    outcome = reconcile.run(rt, company, new_lines) if new_lines else reconcile.Outcome()
    report.matched, report.left, report.settled = outcome.matched, len(new_lines) - outcome.matched, outcome.settled
    reasons = " ; ".join(r["reason"] for r in report.rejected) or None
    with db.atomic():
        StatementImport.update(state=report.state, statements=report.statements, duplicates=report.duplicates,
                               lines=report.lines, matched=report.matched,
                               reason=reasons).where(StatementImport.id == row.id).execute()
        events.record("payment.statement_imported", company_id=company.id, user_id=user_id,
                      data={"import": row.id, "statements": report.statements, "duplicates": report.duplicates,
                            "lines": report.lines, "matched": report.matched, "rejected": len(report.rejected)})
    return report


def _write(company: Company, source_file: StatementImport,
           statement: ParsedStatement) -> tuple[list[int], list[dict[str, Any]]]:
    """Store the statement and its lines: the ids of the lines to reconcile, and the rejected ones (:func:`unpayable`)."""
    row = BankStatement.create(company=company, source_file=source_file, identity=statement.identity[:255],
                               format=statement.format, account=statement.account[:255],
                               statement_id=(statement.statement_id or "")[:255] or None,
                               from_date=statement.from_date, to_date=statement.to_date, currency=statement.currency,
                               opening_balance=statement.opening_balance, closing_balance=statement.closing_balance)
    batches = {b.reference: b.id for b in PaymentBatch.select(PaymentBatch.id, PaymentBatch.reference)
               .where(PaymentBatch.company == company.id)} if any(p.batch_reference for p in statement.lines) else {}
    reasons = {position: why for position, line in enumerate(statement.lines, start=1)
               if (why := unpayable(line, position)) is not None}
    rows = [{"statement": row.id, "company": company.id, "position": position, "booking_date": line.booking_date,
             "value_date": line.value_date, "amount": line.amount, "currency": line.currency,
             "counterparty": (line.counterparty or "")[:255], "counterparty_iban": line.counterparty_iban or None,
             "remittance": line.remittance or "", "reference": (line.reference or "")[:255] or None,
             "end_to_end_id": (line.end_to_end_id or "")[:255] or None,
             "bank_reference": (line.bank_reference or "")[:255] or None,
             "batch": batches.get(line.batch_reference or ""),
             "state": LineState.REJECTED if position in reasons else LineState.OPEN, "allocated": ZERO,
             "automatic": False, "note": reasons.get(position, ""), "user_id": None}
            for position, line in enumerate(statement.lines, start=1)]
    bulk_insert(BankLine, rows)
    ids = [line.id for line in BankLine.select(BankLine.id).where((BankLine.statement == row.id)
                                                                   & (BankLine.state == LineState.OPEN))
           .order_by(BankLine.id)]
    rejected = [{"statement": statement.statement_id, "position": position, "line": line.source_line,
                 "amount": str(line.amount), "currency": line.currency, "reason": reasons[position]}
                for position, line in enumerate(statement.lines, start=1) if position in reasons]
    return ids, rejected
