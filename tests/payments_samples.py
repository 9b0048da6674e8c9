"""Invoices, statements and generated sets for the payments tests and benchmarks.

``archived_invoice`` stores an archived invoice directly (document, invoice rows and its open
item), as the pipeline leaves it, so that tests of money do not run the whole pipeline.
``camt053``/``camt054``/``cfonb120`` write statements from the published layouts (ISO 20022
camt.053.001.08 validated against its XSD in the tests; CFONB 120 "relevé de compte").
``generated_set`` makes a company's open items and a statement paying them, with the truth
of what each line pays, for the reconciliation test and benchmark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from guichet.core.model.identifiers import creditor_reference
from guichet.core.model.invoice import Address, Identifier, Invoice, Party, PaymentMeans, Totals
from guichet.core.model.models import Document, db
from guichet.core.money import open_items
from guichet.core.storage.records import store_invoice

#: Valid IBANs (checksums right, banks known to schwifty).
IBANS = ("FR7630006000011234567890189", "FR7610107001011234567890129", "DE89370400440532013000",
         "FR1420041010050500013M02606", "BE68539007547034", "NL91ABNA0417164300", "FR7630004000031234567890143",
         "IT60X0542811101000000123456", "ES9121000418450200051332")
COMPANY_IBAN = "FR7630001007941234567890185"

_counter = [0]


def _siren(n: int) -> str:
    """A checksum-valid SIREN built from ``n`` (Luhn key)."""
    base = f"{n % 10**8:08d}"
    for key in range(10):
        digits = base + str(key)
        total = 0
        for i, c in enumerate(reversed(digits)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return digits
    raise AssertionError


def archived_invoice(company, *, direction: str, number: str, amount: str | Decimal, issue: dt.date,
                     due: dt.date | None = None, party: str = "Fournisseur Alpha SARL", party_siren: str | None = None,
                     iban: str | None = None, currency: str = "EUR", type_code: str = "380",
                     address: Address | None = None, track: bool = True) -> Document:
    """Store an archived invoice of ``company`` (purchase: ``party`` is the seller; sales: the buyer)."""
    _counter[0] += 1
    amount = Decimal(str(amount))
    own = Party(name=company.name, legal_id=Identifier(company.siren, "0002"))
    other = Party(name=party, legal_id=Identifier(party_siren, "0002") if party_siren else None,
                  address=address or Address(line1="12 rue des Lilas", postcode="69002", city="Lyon", country="FR"))
    seller, buyer = (other, own) if direction == "purchase" else (own, other)
    means = [PaymentMeans(type_code="58", iban=iban)] if iban else []
    invoice = Invoice(number=number, issue_date=issue, due_date=due, type_code=type_code, currency=currency,
                      seller=seller, buyer=buyer, payment_means=means,
                      totals=Totals(tax_inclusive=amount, amount_due=amount))
    digest = hashlib.sha256(f"{company.id}-{number}-{_counter[0]}".encode()).hexdigest()
    with db.atomic():
        document = Document.create(company=company, sha256=digest, blob_key=digest, filename=f"{number}.xml",
                                   size=1, channel="test", direction=direction, state="archived", format="cii")
        store_invoice(document, invoice, source="xml")
        if track:
            open_items.track(document)
    return document


# ---------------------------------------------------------------------------
# Statements written from the published layouts
# ---------------------------------------------------------------------------


@dataclass
class Entry:
    """One booked entry to write in a statement."""

    amount: Decimal  # signed
    booking: dt.date
    name: str = ""
    iban: str | None = None
    remittance: str = ""
    reference: str | None = None  # structured creditor reference
    end_to_end: str | None = None
    batch: str | None = None  # PmtInfId of a batch booking


def camt053(account: str, entries: list[Entry], *, statement_id: str = "STMT-1", opening: Decimal = Decimal("1000.00"),
            start: dt.date = dt.date(2026, 11, 2), end: dt.date = dt.date(2026, 11, 30), kind: str = "053") -> bytes:
    """A camt.053.001.08 statement (or camt.054.001.08 notification with ``kind="054"``)."""
    closing = opening + sum((e.amount for e in entries), Decimal("0"))
    ntries = []
    for n, e in enumerate(entries, start=1):
        credit = e.amount > 0
        role = "Dbtr" if credit else "Cdtr"
        party = (f"<{role}><Pty><Nm>{escape(e.name)}</Nm></Pty></{role}>" if e.name else "") + (
            f"<{role}Acct><Id><IBAN>{e.iban}</IBAN></Id></{role}Acct>" if e.iban else "")
        rmt = ""
        if e.remittance or e.reference:
            rmt = "<RmtInf>" + (f"<Ustrd>{escape(e.remittance)}</Ustrd>" if e.remittance else "") + (
                f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{e.reference}</Ref>"
                f"</CdtrRefInf></Strd>" if e.reference else "") + "</RmtInf>"
        refs = f"<Refs><EndToEndId>{e.end_to_end or 'NOTPROVIDED'}</EndToEndId></Refs>"
        btch = f"<Btch><PmtInfId>{e.batch}</PmtInfId></Btch>" if e.batch else ""
        ntries.append(
            f"<Ntry><NtryRef>{n}</NtryRef><Amt Ccy=\"EUR\">{abs(e.amount):.2f}</Amt>"
            f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            f"<BookgDt><Dt>{e.booking.isoformat()}</Dt></BookgDt><ValDt><Dt>{e.booking.isoformat()}</Dt></ValDt>"
            f"<AcctSvcrRef>BANK-{n:06d}</AcctSvcrRef>"
            f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{'RCDT' if credit else 'ICDT'}</Cd><SubFmlyCd>ESCT</SubFmlyCd>"
            f"</Fmly></Domn></BkTxCd>"
            f"<NtryDtls>{btch}<TxDtls>{refs}"
            + (f"<RltdPties>{party}</RltdPties>" if party else "") + rmt + "</TxDtls></NtryDtls></Ntry>")
    balances = "" if kind == "054" else (
        f"<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{abs(opening):.2f}</Amt>"
        f"<CdtDbtInd>{'CRDT' if opening >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{start.isoformat()}</Dt></Dt></Bal>"
        f"<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{abs(closing):.2f}</Amt>"
        f"<CdtDbtInd>{'CRDT' if closing >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{end.isoformat()}</Dt></Dt></Bal>")
    tag, item = ("BkToCstmrStmt", "Stmt") if kind == "053" else ("BkToCstmrDbtCdtNtfctn", "Ntfctn")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.08">\n<{tag}>'
        f"<GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>{end.isoformat()}T20:00:00</CreDtTm></GrpHdr>\n"
        f"<{item}><Id>{statement_id}</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>{end.isoformat()}T20:00:00</CreDtTm>"
        f"<FrToDt><FrDtTm>{start.isoformat()}T00:00:00</FrDtTm><ToDtTm>{end.isoformat()}T23:59:59</ToDtTm></FrToDt>"
        f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>{balances}\n"
        + "\n".join(ntries) + f"\n</{item}></{tag}>\n</Document>\n").encode()


_POSITIVE = "{ABCDEFGHI"
_NEGATIVE = "}JKLMNOPQR"


def _cfonb_amount(value: Decimal) -> str:
    cents = f"{abs(value) * 100:014.0f}"
    table = _POSITIVE if value >= 0 else _NEGATIVE
    return cents[:-1] + table[int(cents[-1])]


def _record(**fields: tuple[int, str]) -> str:
    """A 120-character record with each value placed at its 0-based start."""
    chars = [" "] * 120
    for start, value in fields.values():
        chars[start:start + len(value)] = list(value)
    return "".join(chars)[:120]


def _cfonb(code: str, date: dt.date, amount: Decimal, *, op: str = "    ", interbank: str = "  ",
           value_date: dt.date | None = None, label: str = "", number: str = "", reference: str = "") -> str:
    return _record(code=(0, code), bank=(2, "30004"), op=(7, op), branch=(11, "00001"), currency=(16, "EUR"),
                   decimals=(19, "2"), account=(21, "00012345678"), interbank=(32, interbank),
                   date=(34, f"{date:%d%m%y}"),
                   value=(42, (value_date or date).strftime("%d%m%y") if code == "04" else "      "),
                   label=(48, label[:31]), number=(81, f"{number[:7]:>7}"), amount=(90, _cfonb_amount(amount)),
                   reference=(104, reference[:16]))


def _complement(qualifier: str, date: dt.date, text: str) -> str:
    return _record(code=(0, "05"), bank=(2, "30004"), op=(7, "0118"), branch=(11, "00001"), currency=(16, "EUR"),
                   decimals=(19, "2"), account=(21, "00012345678"), interbank=(32, "05"), date=(34, f"{date:%d%m%y}"),
                   qualifier=(45, qualifier), text=(48, text[:70]))


def cfonb120(entries: list[Entry], *, opening: Decimal = Decimal("1000.00"), start: dt.date = dt.date(2026, 11, 2),
             end: dt.date = dt.date(2026, 11, 30)) -> bytes:
    """A CFONB 120 statement of account 30004 00001 00012345678 (EUR, 2 decimals)."""
    rows = [_cfonb("01", start, opening)]
    for n, e in enumerate(entries, start=1):
        rows.append(_cfonb("04", e.booking, e.amount, op="0118", interbank="05" if e.amount > 0 else "06",
                           label=("VIR SEPA " + e.name)[:31], number=str(n), reference=f"REF{n:06d}"))
        if e.name:
            rows.append(_complement("NPY" if e.amount > 0 else "NBE", e.booking, e.name))
        if e.remittance:
            rows.append(_complement("LCC", e.booking, e.remittance))
        if e.end_to_end:
            rows.append(_complement("RCN", e.booking, e.end_to_end))
    closing = opening + sum((e.amount for e in entries), Decimal("0"))
    rows.append(_cfonb("07", end, closing))
    return ("\r\n".join(rows) + "\r\n").encode("latin-1")


# ---------------------------------------------------------------------------
# A generated set for the reconciliation test and benchmark
# ---------------------------------------------------------------------------


@dataclass
class Generated:
    """Open items made for a company and statement lines with the truth of what each pays."""

    entries: list[Entry] = field(default_factory=list)
    truth: list[dict[str, Decimal]] = field(default_factory=list)  # per entry: invoice number -> amount ({} = none)


def generated_set(company, *, invoices: int, lines: int, seed: int = 17, today: dt.date = dt.date(2026, 12, 1),
                  bulk: bool = True) -> Generated:
    """``invoices`` open sales invoices of ~400 customers and ``lines`` credit lines paying some of them.

    Lines as banks deliver them: RF reference alone (30 %), invoice number in the text (30 %),
    several numbers for several invoices (8 %), numbers written without separators (5 %),
    no reference but a known payer name and the exact amount (17 %), a partial payment citing
    the number (5 %), and lines that pay no invoice (bank fees, interest: 5 %).
    """
    rng = random.Random(seed)
    customers = [(f"Client {chr(65 + i % 26)}{i:03d} {rng.choice(['SAS', 'SARL', 'SA', 'EURL'])}", _siren(10**7 + i))
                 for i in range(400)]
    rows = []
    numbers = []
    for n in range(invoices):
        name, siren = customers[n % len(customers)]
        number = f"FA-2026-{n + 1:06d}"
        amount = Decimal(rng.randint(5000, 900000)) / 100
        issue = today - dt.timedelta(days=rng.randint(1, 200))
        rows.append((number, amount, issue, name, siren))
        numbers.append(number)
    _bulk_sales(company, rows, today) if bulk else [
        archived_invoice(company, direction="sales", number=num, amount=amt, issue=iss, due=iss + dt.timedelta(days=30),
                         party=name, party_siren=siren) for num, amt, iss, name, siren in rows]
    out = Generated()
    order = list(range(invoices))
    rng.shuffle(order)
    used = iter(order)
    booking = today
    for _ in range(lines):
        roll = rng.random()
        if roll < 0.05:
            out.entries.append(Entry(-Decimal(rng.randint(100, 5000)) / 100 if rng.random() < 0.5
                                     else Decimal(rng.randint(1, 300)) / 100, booking,
                                     name="BANQUE", remittance=rng.choice(["FRAIS TENUE DE COMPTE", "INTERETS CREDITEURS",
                                                                           "COMMISSION CB"])))
            out.truth.append({})
            continue
        i = next(used)
        number, amount, issue, name, _ = rows[i]
        if roll < 0.35:
            entry = Entry(amount, booking, name=name, reference=creditor_reference(number))
            truth = {number: amount}
        elif roll < 0.65:
            entry = Entry(amount, booking, name=name.upper(), remittance=f"REGLEMENT FACTURE {number}")
            truth = {number: amount}
        elif roll < 0.73:
            j = next(used)
            number2, amount2 = rows[j][0], rows[j][1]
            entry = Entry(amount + amount2, booking, name=name, remittance=f"FACTURES {number} ET {number2}")
            truth = {number: amount, number2: amount2}
        elif roll < 0.78:
            entry = Entry(amount, booking, name=name, remittance=f"PAIEMENT {number.replace('-', '')}")
            truth = {number: amount}
        elif roll < 0.95:
            entry = Entry(amount, booking, name=name.replace(" SAS", "").replace(" SARL", ""),
                          remittance="VIREMENT FOURNISSEUR")
            truth = {number: amount}
        else:
            part = (amount / 2).quantize(Decimal("0.01"))
            entry = Entry(part, booking, name=name, remittance=f"ACOMPTE SUR {number}")
            truth = {number: part}
        out.entries.append(entry)
        out.truth.append(truth)
    return out


def _bulk_sales(company, rows, today) -> None:
    """Insert many archived sales invoices fast (documents, invoices, parties), then their open items."""
    from guichet.core.model.models import Invoice as InvoiceRow
    from guichet.core.model.models import Party as PartyRow

    with db.atomic():
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            docs = []
            for number, _amount, _issue, _name, _siren in chunk:
                digest = hashlib.sha256(f"{company.id}-{number}".encode()).hexdigest()
                docs.append({"company": company.id, "sha256": digest, "blob_key": digest, "filename": number,
                             "size": 1, "channel": "test", "direction": "sales", "state": "archived"})
            first = Document.insert_many(docs).execute()
            ids = [d.id for d in Document.select(Document.id).where(
                (Document.company == company.id) & Document.filename.in_([r[0] for r in chunk]))
                .order_by(Document.id)]
            assert len(ids) == len(chunk), (first, len(ids))
            invoices = []
            for doc_id, (number, amount, issue, _name, _siren) in zip(ids, chunk, strict=True):
                invoices.append({"document": doc_id, "company": company.id, "number": number, "type_code": "380",
                                 "issue_date": issue, "due_date": issue + dt.timedelta(days=30), "currency": "EUR",
                                 "total_with_tax": amount, "amount_due": amount, "source": "xml", "data": {}})
            InvoiceRow.insert_many(invoices).execute()
            inv_ids = {r.document_id: r.id for r in InvoiceRow.select(InvoiceRow.id, InvoiceRow.document)
                       .where(InvoiceRow.document.in_(ids))}
            parties = []
            for doc_id, (_number, _amount, _issue, name, siren) in zip(ids, chunk, strict=True):
                parties.append({"invoice": inv_ids[doc_id], "role": "seller", "name": company.name,
                                "siren": company.siren})
                parties.append({"invoice": inv_ids[doc_id], "role": "buyer", "name": name, "siren": siren})
            PartyRow.insert_many(parties).execute()
    open_items.sync(company)
