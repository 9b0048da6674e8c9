"""Reconciliation: bank lines settle invoices by themselves when the evidence leaves no doubt.

For each new line (a credit meets sales invoices, a debit purchase invoices or a batch):

1. a debit carrying a batch's end-to-end id, or its reference with the batch's total, is the
   batch's execution (its invoices were settled at validation: nothing is paid twice);
2. references: an RF creditor reference (ISO 11649, checksum verified) or invoice numbers
   found in the remittance text. The line settles them when its amount is their total, or
   part of one referenced invoice. A reference that points at another counterparty than the
   one the line's IBAN is known for is left to a person;
3. without reference, the counterparty must be recognised (IBAN seen on an earlier matched
   line or on the supplier's invoices, or a name whose words all appear in the invoice's
   party name) and exactly one of its open invoices must have the line's amount; or the
   line pays all its open invoices at once (up to 12).

Anything else goes to the queue, with suggestions, where a person matches it in a few
keystrokes (:func:`match`, :func:`ignore`). Every automatic or manual match writes its
settlements in one transaction; the plugins hear of the payments after it committed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from guichet.core.model import events
from guichet.core.model.database import is_postgres
from guichet.core.model.identifiers import compact, valid_creditor_reference
from guichet.core.model.models import db
from guichet.core.model.payment_models import (
    BankLine,
    BatchPayment,
    BatchState,
    ItemState,
    LineState,
    OpenItem,
    PaymentBatch,
    Settlement,
)
from guichet.core.money import open_items, settlements

if TYPE_CHECKING:
    from guichet.core.model.models import Company, User
    from guichet.core.ops.runtime import Runtime

ZERO = Decimal("0")
#: Most invoices one line may pay without a reference ("all the open invoices of this customer").
MAX_GROUP = 12
_RF = re.compile(r"RF\d{2}[0-9A-Z]{1,21}")
_TOKEN = re.compile(r"[^\s,;:/()\[\]]+")
_LEGAL_FORMS = frozenset({"SA", "SAS", "SASU", "SARL", "EURL", "SCI", "SNC", "SCOP", "SCA", "SELARL", "GMBH", "AG",
                          "LTD", "LIMITED", "INC", "BV", "NV", "SPA", "SRL", "SL", "ET", "DE", "DU", "DES", "LA", "LE",
                          "LES", "CIE", "STE", "SOCIETE"})
OPEN_STATES = (ItemState.OPEN, ItemState.PARTIAL, ItemState.DISPUTED)


def number_key(text: str | None) -> str:
    """An invoice number as compared with remittance words: letters and digits, upper-case."""
    return re.sub(r"[^0-9A-Z]", "", _ascii(text or "").upper())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def name_words(name: str | None) -> frozenset[str]:
    """The words that identify a party's name (accents, punctuation and legal forms dropped)."""
    words = re.split(r"[^0-9A-Z]+", _ascii(name or "").upper())
    return frozenset(w for w in words if len(w) >= 2 and w not in _LEGAL_FORMS)


@dataclass
class Outcome:
    """What a run did."""

    matched: int = 0
    settled: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Index:
    """The company's open items, looked up by reference, number, amount, counterparty (built once per run)."""

    items: dict[int, OpenItem] = field(default_factory=dict)
    remaining: dict[int, Decimal] = field(default_factory=dict)
    by_ref: dict[str, int] = field(default_factory=dict)
    by_number: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_amount: dict[tuple[str, str, Decimal], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_party: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    name_index: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    party_words: dict[str, frozenset[str]] = field(default_factory=dict)
    iban_party: dict[str, str] = field(default_factory=dict)
    named: dict[tuple[str, frozenset[str]], set[str]] = field(default_factory=dict)  # names already looked up

    @classmethod
    def build(cls, company_id: int, *, lock: bool = False) -> Index:
        """Load the open items and what is known of counterparties' accounts (``lock``: FOR UPDATE on PostgreSQL)."""
        index = cls()
        query = OpenItem.select().where((OpenItem.company == company_id) & OpenItem.state.in_(OPEN_STATES))
        if lock and is_postgres():
            query = query.for_update()
        for item in query:
            if item.outstanding == 0:
                continue
            index.items[item.id] = item
            index.remaining[item.id] = item.outstanding
            if item.reference:
                index.by_ref[item.reference] = item.id
            key = number_key(item.number)
            if len(key) >= 3:
                index.by_number[(item.direction, key)].append(item.id)
            index.by_amount[(item.direction, item.currency, item.outstanding)].append(item.id)
            index.by_party[(item.direction, item.party_key)].append(item.id)
            if item.party_key not in index.party_words:
                words = name_words(item.counterparty)
                index.party_words[item.party_key] = words
                for word in words:
                    index.name_index[(item.direction, word)].add(item.party_key)
            if item.direction == "purchase" and item.iban:
                index.iban_party.setdefault(item.iban, item.party_key)
        learned = (BankLine.select(BankLine.counterparty_iban, OpenItem.party_key)
                   .join(Settlement, on=(Settlement.bank_line_id == BankLine.id))
                   .join(OpenItem, on=(OpenItem.id == Settlement.item))
                   .where((BankLine.company == company_id) & BankLine.counterparty_iban.is_null(False)).tuples())
        for iban, party in learned:
            index.iban_party[compact(iban)] = party
        return index

    def parties(self, line: BankLine, direction: str) -> set[str]:
        """The counterparties the line comes from or goes to: by its IBAN, else by its name's words."""
        iban = compact(line.counterparty_iban)
        if iban and iban in self.iban_party:
            return {self.iban_party[iban]}
        words = name_words(line.counterparty)
        if not words:
            return set()
        key = (direction, words)
        if key not in self.named:
            self.named[key] = self._named(words, direction)
        return self.named[key]

    def _named(self, words: frozenset[str], direction: str) -> set[str]:
        candidates: set[str] | None = None
        for word in words:
            owners = self.name_index.get((direction, word), set())
            candidates = set(owners) if candidates is None else candidates | owners
        found = set()
        for party in candidates or ():
            theirs = self.party_words.get(party, frozenset())
            shorter, longer = (words, theirs) if len(words) <= len(theirs) else (theirs, words)
            if shorter and shorter <= longer and any(len(w) >= 3 for w in shorter):
                found.add(party)
        return found

    def referenced(self, line: BankLine, direction: str) -> list[int]:
        """Open items the line names: RF references (checksum verified) and invoice numbers in the text."""
        found: list[int] = []
        texts = [line.reference or "", line.remittance or ""]
        for text in texts:
            for candidate in _RF.findall(compact(text)):
                ref = valid_creditor_reference(candidate)
                item_id = self.by_ref.get(ref or "")
                if item_id and item_id not in found:
                    found.append(item_id)
        words = _TOKEN.findall(line.remittance or "")
        keys = [number_key(w) for w in words]
        keys += [a + b for a, b in itertools.pairwise(keys)]
        for key in keys:
            if len(key) < 3:
                continue
            for item_id in self.by_number.get((direction, key), ()):
                if item_id not in found:
                    found.append(item_id)
        return [i for i in found if self.items[i].direction == direction]


def _decide(index: Index, line: BankLine) -> list[tuple[int, Decimal]] | None:
    """The allocations the line makes with certainty, or None (to the queue)."""
    direction = "sales" if line.amount > 0 else "purchase"
    amount = abs(line.amount)
    if amount == 0:  # pays nothing (an information entry): a settlement of zero would fail the whole statement
        return None
    parties = index.parties(line, direction)
    referenced = [i for i in index.referenced(line, direction)
                  if index.remaining[i] > 0 and index.items[i].currency == line.currency]
    if referenced:
        iban_known = compact(line.counterparty_iban) in index.iban_party
        if iban_known and any(index.items[i].party_key not in parties for i in referenced):
            return None
        total = sum((index.remaining[i] for i in referenced), ZERO)
        if amount == total:
            return [(i, index.remaining[i]) for i in referenced]
        if len(referenced) == 1 and amount < total:
            return [(referenced[0], amount)]
        return None
    if not parties:
        return None
    same = [i for i in index.by_amount.get((direction, line.currency, amount), ())
            if index.items[i].party_key in parties and index.remaining[i] == amount
            and (index.items[i].issue_date is None or index.items[i].issue_date <= line.booking_date)]
    if len(same) == 1:
        return [(same[0], amount)]
    if same:
        return None
    if len(parties) != 1:
        return None
    party = next(iter(parties))
    open_ones = [i for i in index.by_party.get((direction, party), ())
                 if index.remaining[i] > 0 and index.items[i].currency == line.currency]
    if 1 < len(open_ones) <= MAX_GROUP and sum((index.remaining[i] for i in open_ones), ZERO) == amount:
        return [(i, index.remaining[i]) for i in open_ones]
    return None


def _batch_execution(line: BankLine, by_e2e: dict[str, list[BatchPayment]]) -> list[BatchPayment] | None:
    """The batch payments a debit line executes (by end-to-end id, or the whole batch by its reference)."""
    if line.amount >= 0:
        return None
    if line.end_to_end_id and line.end_to_end_id in by_e2e:
        payments = by_e2e[line.end_to_end_id]
        if sum((p.amount for p in payments), ZERO) == -line.amount:
            return payments
    batch = line.batch
    if batch is None:
        for ref in _TOKEN.findall(line.remittance or ""):
            batch = PaymentBatch.get_or_none((PaymentBatch.company == line.company_id) & (PaymentBatch.reference == ref))
            if batch:
                break
    if batch is not None and batch.state in (BatchState.VALIDATED, BatchState.EXECUTED) and batch.total == -line.amount:
        return list(batch.payments)
    return None


def _execute(line: BankLine, payments: list[BatchPayment]) -> None:
    """Mark ``line`` as the execution of ``payments``; the batch is executed once all its transfers are seen."""
    from guichet.core.money import batches

    batch = payments[0].batch
    line.state, line.automatic, line.allocated, line.batch = LineState.MATCHED, True, -line.amount, batch
    line.save()
    seen = {ln.end_to_end_id for ln in BankLine.select(BankLine.end_to_end_id)
            .where((BankLine.batch == batch.id) & (BankLine.state == LineState.MATCHED))}
    whole = len(payments) == batch.payments.count()
    if whole or all(p.end_to_end_id in seen for p in batch.payments):
        batches.mark_executed(batch)


def run(rt: Runtime, company: Company, line_ids: list[int]) -> Outcome:
    """Reconcile the given open lines of ``company`` automatically, in one transaction; returns what was matched."""
    open_items.sync(company)
    outcome = Outcome()
    live = (BatchPayment.select(BatchPayment, PaymentBatch).join(PaymentBatch)
            .where((PaymentBatch.company == company.id)
                   & PaymentBatch.state.in_([BatchState.VALIDATED, BatchState.EXECUTED])))
    by_e2e: dict[str, list[BatchPayment]] = defaultdict(list)
    for payment in live:
        by_e2e[payment.end_to_end_id].append(payment)
    with db.atomic():
        index = Index.build(company.id, lock=True)
        allocations: list[settlements.Allocation] = []
        matched_lines: list[tuple[Decimal, int]] = []
        for start in range(0, len(line_ids), 500):
            chunk = line_ids[start:start + 500]
            for line in BankLine.select().where(BankLine.id.in_(chunk) & (BankLine.state == LineState.OPEN)
                                                ).order_by(BankLine.id):
                executed = _batch_execution(line, by_e2e)
                if executed:
                    _execute(line, executed)
                    outcome.matched += 1
                    continue
                decided = _decide(index, line)
                if not decided:
                    continue
                for item_id, amount in decided:
                    item = index.items[item_id]
                    allocations.append(settlements.Allocation(item, amount, line.booking_date, line.id,
                                                              "rapprochement"))
                    index.remaining[item_id] -= amount
                    outcome.settled.append({"document": item.document_id, "number": item.number,
                                            "amount": str(amount), "line": line.id})
                if line.counterparty_iban:
                    index.iban_party.setdefault(compact(line.counterparty_iban), index.items[decided[0][0]].party_key)
                matched_lines.append((sum((a for _, a in decided), ZERO), line.id))
                outcome.matched += 1
        paid = settlements.settle_many(allocations, settlements.PAYMENT, automatic=True)
        sql = ("UPDATE bank_line SET state = %s, automatic = %s, allocated = %s WHERE id = %s"
               .replace("%s", db.param))
        db.cursor().executemany(sql, [(LineState.MATCHED, True, BankLine.allocated.db_value(total), line_id)
                                      for total, line_id in matched_lines])
        events.record("payment.reconciled", company_id=company.id,
                      data={"lines": len(line_ids), "matched": outcome.matched, "invoices": len(outcome.settled)})
    settlements.announce(rt.pm, paid)
    return outcome


# ---------------------------------------------------------------------------
# The queue: what a person decides
# ---------------------------------------------------------------------------


def queue(company: Company):  # noqa: ANN201 - a peewee query
    """Lines waiting for a person, oldest first."""
    return (BankLine.select().where((BankLine.company == company.id) & (BankLine.state == LineState.OPEN))
            .order_by(BankLine.booking_date, BankLine.id))


def suggestions(line: BankLine, *, limit: int = 6) -> list[dict[str, Any]]:
    """Open invoices that may be what the line pays, most likely first, with why."""
    index = Index.build(line.company_id)
    direction = "sales" if line.amount > 0 else "purchase"
    amount = abs(line.amount) - (line.allocated or ZERO)
    parties = index.parties(line, direction)
    scored: dict[int, tuple[int, str]] = {}
    for item_id in index.referenced(line, direction):
        scored[item_id] = (0, "référence citée dans le libellé")
    for item_id in index.by_amount.get((direction, line.currency, amount), ()):
        reason = "même montant, même tiers" if index.items[item_id].party_key in parties else "même montant"
        scored.setdefault(item_id, (1 if item_id and index.items[item_id].party_key in parties else 2, reason))
    for party in parties:
        for item_id in index.by_party.get((direction, party), ()):
            scored.setdefault(item_id, (3, "même tiers"))
    ranked = sorted(scored.items(), key=lambda kv: (kv[1][0], index.items[kv[0]].due_date or line.booking_date))
    return [{"item": index.items[i], "remaining": index.remaining[i], "why": why} for i, (_, why) in ranked[:limit]]


def match(rt: Runtime, line: BankLine, allocations: list[tuple[OpenItem, Decimal]], *, user: User | None) -> None:
    """A person matches ``line`` with invoices (amounts in the line's currency, positive)."""
    total = sum((amount for _, amount in allocations), ZERO)
    if line.state != LineState.OPEN:
        msg = "cette ligne est déjà rapprochée"
        raise settlements.SettlementRefused(msg)
    if total <= 0 or (line.allocated or ZERO) + total > abs(line.amount):
        msg = f"le total imputé ({total}) dépasse le montant de la ligne ({abs(line.amount)})"
        raise settlements.SettlementRefused(msg)
    direction = "sales" if line.amount > 0 else "purchase"
    paid = []
    with db.atomic():
        for item, amount in allocations:
            if item.company_id != line.company_id or item.direction != direction or item.currency != line.currency:
                msg = f"la facture {item.number} n'est pas du même dossier, du même sens ou de la même devise"
                raise settlements.SettlementRefused(msg)
            _, announced = settlements.settle(item, amount, line.booking_date, settlements.PAYMENT,
                                              bank_line_id=line.id, user_id=user.id if user else None,
                                              reason="rapprochement manuel")
            paid.append(announced)
        line.allocated = (line.allocated or ZERO) + total
        if line.allocated == abs(line.amount):
            line.state = LineState.MATCHED
        line.user_id = user.id if user else None
        line.save()
        events.record("payment.line_matched", company_id=line.company_id, user_id=user.id if user else None,
                      data={"line": line.id, "invoices": [i.document_id for i, _ in allocations], "total": str(total)})
    settlements.announce(rt.pm, paid)


def ignore(line: BankLine, note: str, *, user: User | None) -> None:
    """A person says an open line pays no invoice (bank fees, salaries...), with a note.

    :raises settlements.SettlementRefused: (French) when the line is not open: a rejected line keeps its reason,
        a matched one its settlements.
    """
    if line.state != LineState.OPEN:
        msg = {LineState.MATCHED: "cette ligne est déjà rapprochée : elle ne peut pas être mise de côté",
               LineState.IGNORED: "cette ligne est déjà mise de côté",
               LineState.REJECTED: "cette ligne a été refusée à l'import : elle garde sa raison et ne peut pas "
                                   "être mise de côté"}.get(line.state, "cette ligne n'est plus à rapprocher")
        raise settlements.SettlementRefused(msg)
    if not note.strip():
        msg = "indiquez pourquoi cette ligne ne règle aucune facture"
        raise settlements.SettlementRefused(msg)
    with db.atomic():
        line.state, line.note, line.user_id = LineState.IGNORED, note.strip(), user.id if user else None
        line.save()
        events.record("payment.line_ignored", company_id=line.company_id, user_id=user.id if user else None,
                      data={"line": line.id, "note": note.strip()})
