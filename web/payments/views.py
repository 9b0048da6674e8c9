"""Money pages: dashboard (per company, and firm-wide for the firm's staff), open items, batches, reconciliation.

Every query goes through :mod:`guichet.core.access.access` (the company must be visible to
the person); every action is decided in the core (:mod:`guichet.core.money`,
:mod:`guichet.core.access.payment_rights`), which refuses and logs what the person may not do.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from guichet.core.access import access, payment_rights
from guichet.core.access.payment_rights import PaymentRefused
from guichet.core.errors import UnreadableInput
from guichet.core.formatting import money
from guichet.core.model.models import Company, Finding, User, paris_today
from guichet.core.model.payment_models import (
    BATCH_STATE_LABELS,
    BankAccount,
    BankLine,
    BatchPayment,
    OpenItem,
    PaymentBatch,
    PaymentMandate,
    PaymentRight,
    Settlement,
    StatementImport,
    item_state_label,
)
from guichet.core.money import aging, batches, open_items, penalties, reconcile, settlements, statements
from guichet.web.app import current_runtime
from guichet.web.payments import charts

bp = Blueprint("payments", __name__, template_folder="templates")
PAGE = 100


def _today() -> dt.date:
    value = request.args.get("date")
    try:
        return dt.date.fromisoformat(value) if value else paris_today()
    except ValueError:
        return paris_today()


def _decimal(value: str | None) -> Decimal | None:
    text = (value or "").strip().replace(" ", "").replace("\u202f", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _board(company_ids: list[int], today: dt.date) -> aging.Dashboard:
    rt = current_runtime()
    return aging.dashboard(company_ids, today=today, rates=penalties.from_settings(rt.settings),
                           window_days=int(rt.settings.get("payments.ratio_window_days", 90)))


def _charts(board: aging.Dashboard, link: Any) -> dict[str, str]:
    out = {}
    for direction in aging.DIRECTIONS:
        side = board.sides[direction]
        rows = [(label, side.buckets[key], link(direction, key), "overdue" if key in aging.OVERDUE else "due")
                for key, label in aging.BUCKETS]
        out[direction] = charts.bars(rows, title=aging.DIRECTION_LABELS[direction])
    return out


# ---------------------------------------------------------------------------
# Dashboards and open items
# ---------------------------------------------------------------------------


@bp.route("/dossiers/<int:company_id>/paiements/")
@login_required
def dashboard(company_id: int) -> Any:
    """Receivables and payables of one company by due-date bucket; every figure links to its invoices."""
    company = access.company_for(current_user, company_id)
    today = _today()
    board = _board([company.id], today)

    def link(direction: str, bucket: str) -> str:
        return url_for("payments.items", company_id=company.id, direction=direction, bucket=bucket,
                       date=today.isoformat())

    return render_template("payments/dashboard.html", company=company, board=board, charts=_charts(board, link),
                           buckets=aging.BUCKETS, labels=aging.DIRECTION_LABELS, link=link,
                           item_state_label=item_state_label, **_abilities(company))


def _abilities(company: Company) -> dict[str, bool]:
    return {
        "can_prepare": payment_rights.has_right(current_user, company, payment_rights.PREPARE),
        "can_reconcile": access.can(current_user, company, "manage"),
        "can_administer": payment_rights.may_administer(current_user, company),
    }


@bp.route("/paiements/")
@login_required
def firm_dashboard() -> Any:
    """The firm-wide dashboard (firm staff): every company's figures and their sum in euros."""
    if not access.is_firm_staff(current_user):
        abort(404)
    today = _today()
    companies = list(access.visible_companies(current_user))
    board = _board([c.id for c in companies], today)
    per_company = []
    for company in companies:
        one = aging.dashboard([company.id], today=today, rates=penalties.from_settings(current_runtime().settings),
                              sync=False)
        per_company.append((company, one))

    def link(direction: str, bucket: str) -> str:
        return url_for("payments.firm_items", direction=direction, bucket=bucket, date=today.isoformat())

    return render_template("payments/firm.html", board=board, charts=_charts(board, link), per_company=per_company,
                           buckets=aging.BUCKETS, labels=aging.DIRECTION_LABELS, link=link)


def _items_page(company_ids: list[int], template_args: dict[str, Any]) -> Any:
    direction = request.args.get("direction", "sales")
    if direction not in aging.DIRECTIONS:
        abort(404)
    bucket = request.args.get("bucket") or None
    state = request.args.get("state") or None
    today = _today()
    query = aging.items_query(company_ids, direction, bucket=bucket, today=today, state=state)
    page = max(1, request.args.get("page", 1, type=int))
    total = query.count()
    rows = list(query.paginate(page, PAGE))
    return render_template("payments/items.html", rows=rows, direction=direction, bucket=bucket, state=state,
                           total=total, sums=aging.listed_totals(query), page=page,
                           pages=max(1, (total + PAGE - 1) // PAGE), today=today,
                           bucket_label=aging.BUCKET_LABELS.get(bucket or "") or aging.FIGURE_LABELS.get(bucket or "",
                                                                                          "Tout ce qui reste dû"),
                           direction_label=aging.DIRECTION_LABELS[direction], item_state_label=item_state_label,
                           **template_args)


@bp.route("/dossiers/<int:company_id>/paiements/echeances")
@login_required
def items(company_id: int) -> Any:
    """The invoices behind a figure of the dashboard."""
    company = access.company_for(current_user, company_id)
    open_items.sync(company)
    return _items_page([company.id], {"company": company})


@bp.route("/dossiers/<int:company_id>/paiements/echeances/<int:item_id>", methods=["GET", "POST"])
@login_required
def item(company_id: int, item_id: int) -> Any:
    """One open item: what settled it, and (people who manage the company) a credit note set against it or a
    write-off with its reason."""
    company = access.company_for(current_user, company_id)
    found = OpenItem.get_or_none((OpenItem.id == item_id) & (OpenItem.company == company.id))
    if found is None:
        abort(404)
    may_settle = access.can(current_user, company, "manage")
    if request.method == "POST":
        if not may_settle:
            abort(404)
        try:
            _settle_action(found)
        except settlements.SettlementRefused as exc:
            flash(str(exc), "error")
        return redirect(url_for("payments.item", company_id=company.id, item_id=found.id))
    found = OpenItem.get_by_id(found.id)
    rows = list(Settlement.select().where(Settlement.item == found.id).order_by(Settlement.date, Settlement.id))
    others = {s.credit_note_id for s in rows if s.credit_note_id}
    linked = {o.id: o for o in OpenItem.select().where(OpenItem.id.in_(list(others)))} if others else {}
    people = {u.id: u.email for u in User.select(User.id, User.email).where(
        User.id.in_([s.user_id for s in rows if s.user_id]))} if any(s.user_id for s in rows) else {}
    return render_template("payments/item.html", company=company, item=found, settlements_rows=rows, linked=linked,
                           people=people, kinds=settlements.KIND_LABELS,
                           counterparts=settlements.counterparts(found) if may_settle and found.outstanding else [],
                           may_settle=may_settle, is_note=found.amount < 0, item_state_label=item_state_label)


def _settle_action(found: OpenItem) -> None:
    """A credit note set against an invoice (either page), or a write-off; the core refuses what does not fit."""
    amount = _decimal(request.form.get("amount"))
    if amount is None or amount.is_signed() or amount.is_zero():  # no comparison: NaN goes to the core's refusal
        msg = "indiquez un montant positif"
        raise settlements.SettlementRefused(msg)
    action = request.form.get("action")
    if action == "write_off":
        settlements.write_off(found, amount, request.form.get("reason", ""), user_id=current_user.id)
        flash(f"{money(amount, found.currency)} passé(s) en perte.", "info")
    elif action == "credit_note":
        other = OpenItem.get_or_none((OpenItem.id == request.form.get("other", type=int))
                                     & (OpenItem.company == found.company_id))
        if other is None:
            msg = "choisissez un avoir ou une facture de ce dossier"
            raise settlements.SettlementRefused(msg)
        note, invoice = (other, found) if found.amount > 0 else (found, other)
        settlements.allocate_credit_note(note, invoice, amount, user_id=current_user.id)
        flash(f"Avoir {note.number or note.document_id} imputé sur {invoice.number or invoice.document_id}.", "info")
    else:
        abort(400)


@bp.route("/paiements/echeances")
@login_required
def firm_items() -> Any:
    """The invoices behind a figure of the firm-wide dashboard."""
    if not access.is_firm_staff(current_user):
        abort(404)
    ids = [c.id for c in access.visible_companies(current_user)]
    return _items_page(ids, {"company": None})


@bp.route("/dossiers/<int:company_id>/paiements/chiffre-affaires")
@login_required
def revenue(company_id: int) -> Any:
    """Invoiced amounts per counterparty over a period (JSON; the mobile app asks for it)."""
    company = access.company_for(current_user, company_id)
    try:
        start = dt.date.fromisoformat(request.args.get("from", ""))
        end = dt.date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        return jsonify({"error": "paramètres from et to attendus (AAAA-MM-JJ)"}), 400
    direction = request.args.get("direction", "sales")
    if direction not in aging.DIRECTIONS:
        return jsonify({"error": "direction : sales ou purchase"}), 400
    open_items.sync(company)
    return jsonify({"company": company.siren, "from": start.isoformat(), "to": end.isoformat(),
                    "direction": direction, "rows": aging.revenue([company.id], start, end, direction)})


# ---------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------


@bp.route("/dossiers/<int:company_id>/paiements/lots/nouveau", methods=["GET", "POST"])
@login_required
def new_batch(company_id: int) -> Any:
    """Select due purchase invoices (due before, supplier, amount) and prepare a batch."""
    company = access.company_for(current_user, company_id)
    due_before = _date_arg("due_before") or paris_today() + dt.timedelta(days=7)
    filters = {"due_before": due_before, "supplier": (request.values.get("supplier") or "").strip(),
               "min": _decimal(request.values.get("min")), "max": _decimal(request.values.get("max"))}
    candidates = batches.due_purchases(company, due_before=due_before, supplier_siren=filters["supplier"] or None,
                                       min_amount=filters["min"], max_amount=filters["max"])
    default = batches.default_account(company)  # proposed, not registered, while no account is (a GET writes nothing)
    accounts = list(BankAccount.select().where(BankAccount.company == company.id)
                    .order_by(BankAccount.is_default.desc(), BankAccount.id))
    wanted = request.values.get("account", type=int)
    account = next((a for a in accounts if a.id == wanted), None) if wanted else default
    if request.method == "POST":
        chosen = {int(v) for v in request.form.getlist("item") if v.isdigit()}
        picked = [item for item in candidates if item.id in chosen]
        if not picked:
            flash("Choisissez au moins une facture.", "error")
        elif account is None and wanted:  # an account of another company, or none at all
            flash("Compte débité inconnu pour ce dossier.", "error")
        else:
            try:
                batch, skipped = batches.prepare(company, picked, user=current_user, account=account,
                                                 grouping=request.form.get("grouping", "invoice"),
                                                 execution_date=_date_arg("execution_date"))
            except (batches.BatchRefused, PaymentRefused) as exc:
                flash(str(exc), "error")
            else:
                for skip in skipped:
                    flash(f"{skip.item.number} non retenue : {skip.reason}", "warning")
                return redirect(url_for("payments.batch", company_id=company.id, batch_id=batch.id))
    total = sum((i.outstanding for i in candidates), Decimal(0))
    live = list(batches.live_batches(company))
    per_account = {a.id: sum((b.total for b in live if b.account_id == a.id), Decimal(0)) for a in accounts}
    return render_template("payments/new_batch.html", company=company, candidates=candidates, filters=filters,
                           total=total, account=account or default, accounts=accounts, per_account=per_account,
                           live=live, state_labels=BATCH_STATE_LABELS, **_abilities(company))


def _date_arg(name: str) -> dt.date | None:
    try:
        value = request.values.get(name)
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _batch_for(company_id: int, batch_id: int) -> tuple[Company, PaymentBatch]:
    company = access.company_for(current_user, company_id)
    batch = PaymentBatch.get_or_none((PaymentBatch.id == batch_id) & (PaymentBatch.company == company.id))
    if batch is None:
        abort(404)
    return company, batch


@bp.route("/dossiers/<int:company_id>/paiements/lots/<int:batch_id>")
@login_required
def batch(company_id: int, batch_id: int) -> Any:
    """A batch: its payments (blocked ones with the fraud control's finding), totals, validation, file."""
    company, made = _batch_for(company_id, batch_id)
    payments = list(made.payments.order_by(BatchPayment.id))
    order_total = sum((p.amount for p in payments), Decimal(0))
    findings = {p.id: list(Finding.select().where((Finding.document == p.item.document_id)
                                                  & Finding.code.startswith("FRAUD"))) for p in payments}
    preparer = User.get_or_none(User.id == made.created_by) if made.created_by else None
    return render_template("payments/batch.html", company=company, batch=made, payments=payments,
                           total=order_total, findings=findings, state_labels=BATCH_STATE_LABELS,
                           preparer=preparer, four_eyes=payment_rights.four_eyes(company).applies(order_total),
                           mandate=payment_rights.active_mandate(current_user, company),
                           can_take_file=payment_rights.may_take_file(current_user, company), **_abilities(company))


def _act(company_id: int, batch_id: int, action: Any, done: str) -> Any:
    company, made = _batch_for(company_id, batch_id)
    try:
        action(made)
    except (batches.BatchRefused, PaymentRefused, UnreadableInput) as exc:
        flash(getattr(exc, "reason", None) or str(exc), "error")
    else:
        flash(done, "info")
    return redirect(url_for("payments.batch", company_id=company.id, batch_id=made.id))


@bp.route("/dossiers/<int:company_id>/paiements/lots/<int:batch_id>/valider", methods=["POST"])
@login_required
def validate_batch(company_id: int, batch_id: int) -> Any:
    """Validate (rights, mandate and limits checked in the core; refusals logged)."""
    return _act(company_id, batch_id, lambda b: batches.validate(current_runtime(), b, user=current_user),
                "Lot validé : le fichier de virements est prêt.")


@bp.route("/dossiers/<int:company_id>/paiements/lots/<int:batch_id>/abandonner", methods=["POST"])
@login_required
def cancel_batch(company_id: int, batch_id: int) -> Any:
    """Give up a draft batch."""
    return _act(company_id, batch_id, lambda b: batches.cancel(b, user=current_user), "Lot abandonné.")


@bp.route("/dossiers/<int:company_id>/paiements/lots/<int:batch_id>/paiements/<int:payment_id>", methods=["POST"])
@login_required
def payment_action(company_id: int, batch_id: int, payment_id: int) -> Any:
    """Confirm a blocked payment's IBAN, or take a payment out of the draft."""
    _, made = _batch_for(company_id, batch_id)
    payment = BatchPayment.get_or_none((BatchPayment.id == payment_id) & (BatchPayment.batch == made.id))
    if payment is None:
        abort(404)
    if request.form.get("action") == "confirm":
        return _act(company_id, batch_id,
                    lambda _b: batches.confirm(payment, user=current_user, note=request.form.get("note", "")),
                    "IBAN confirmé : le paiement est débloqué.")
    return _act(company_id, batch_id, lambda _b: batches.remove(payment, user=current_user), "Paiement retiré du lot.")


@bp.route("/dossiers/<int:company_id>/paiements/lots/<int:batch_id>/fichier")
@login_required
def batch_file(company_id: int, batch_id: int) -> Any:
    """The pain.001 file of a validated batch, for the bank's portal."""
    company, made = _batch_for(company_id, batch_id)
    try:
        payment_rights.check_file(current_user, company, made.reference)
    except PaymentRefused:
        abort(403)
    try:
        data = batches.file_of(current_runtime(), made)
    except batches.BatchRefused:
        abort(404)
    response = Response(data, mimetype="application/xml")
    response.headers["Content-Disposition"] = f'attachment; filename="virements-{made.reference}.xml"'
    return response


# ---------------------------------------------------------------------------
# Statements and reconciliation
# ---------------------------------------------------------------------------


@bp.route("/dossiers/<int:company_id>/paiements/rapprochement")
@login_required
def queue(company_id: int) -> Any:
    """Lines waiting for a person, with suggestions; matched with the keyboard (see the page's help)."""
    company = access.company_for(current_user, company_id, "manage")
    lines = list(reconcile.queue(company).limit(200))
    current = lines[0] if lines else None
    chosen = request.args.get("line", type=int)
    if chosen:
        current = next((line for line in lines if line.id == chosen), current)
    proposals = reconcile.suggestions(current) if current else []
    imports = list(StatementImport.select().where(StatementImport.company == company.id)
                   .order_by(StatementImport.id.desc()).limit(10))
    return render_template("payments/queue.html", company=company, lines=lines, current=current,
                           proposals=proposals, imports=imports, **_abilities(company))


@bp.route("/dossiers/<int:company_id>/paiements/releves", methods=["POST"])
@login_required
def upload_statement(company_id: int) -> Any:
    """Import a camt.053/054 or CFONB 120 file and reconcile it."""
    company = access.company_for(current_user, company_id, "manage")
    storage = request.files.get("file")
    if not storage or not storage.filename:
        flash("Aucun fichier reçu.", "error")
    else:
        report = statements.import_file(current_runtime(), company, storage.read(), storage.filename,
                                        source="upload", user=current_user)
        if report.reason:
            flash(f"Relevé refusé : {report.reason}", "error")
        else:
            flash(f"{report.lines} ligne(s) lue(s), {report.matched} rapprochée(s) automatiquement, "
                  f"{report.left} à rapprocher ; {report.duplicates} relevé(s) déjà importé(s).", "info")
            for rejected in report.rejected:
                flash(f"Ligne refusée : {rejected['reason']}", "error")
    return redirect(url_for("payments.queue", company_id=company.id))


@bp.route("/dossiers/<int:company_id>/paiements/rapprochement/<int:line_id>", methods=["POST"])
@login_required
def decide_line(company_id: int, line_id: int) -> Any:
    """Match a line with the chosen invoices (each with its amount), or set it aside with a note."""
    company = access.company_for(current_user, company_id, "manage")
    line = BankLine.get_or_none((BankLine.id == line_id) & (BankLine.company == company.id))
    if line is None:
        abort(404)
    try:
        if request.form.get("action") == "ignore":
            reconcile.ignore(line, request.form.get("note", ""), user=current_user)
        else:
            chosen = []
            for value in request.form.getlist("item"):
                item = OpenItem.get_or_none((OpenItem.id == int(value)) & (OpenItem.company == company.id)) \
                    if value.isdigit() else None
                amount = _decimal(request.form.get(f"amount_{value}"))
                if item is not None and amount:
                    chosen.append((item, amount))
            if not chosen:
                msg = "choisissez au moins une facture"
                raise settlements.SettlementRefused(msg)
            reconcile.match(current_runtime(), line, chosen, user=current_user)
    except settlements.SettlementRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("payments.queue", company_id=company.id, line=line.id))
    return redirect(url_for("payments.queue", company_id=company.id))


# ---------------------------------------------------------------------------
# Rights, mandates, accounts
# ---------------------------------------------------------------------------


@bp.route("/dossiers/<int:company_id>/paiements/droits", methods=["GET", "POST"])
@login_required
def rights(company_id: int) -> Any:
    """Payment rights and mandates of a company (firm administrators and the company's managers)."""
    company = access.company_for(current_user, company_id)
    if not payment_rights.may_administer(current_user, company):
        abort(404)
    if request.method == "POST":
        try:
            _rights_action(company)
        except (ValueError, PaymentRefused) as exc:
            flash(str(exc), "error")
        return redirect(url_for("payments.rights", company_id=company.id))
    people = [u for u in User.select().order_by(User.email) if access.role_on(u, company) is not None]
    granted = {(r.user_id, r.right) for r in PaymentRight.select().where(PaymentRight.company == company.id)}
    mandates = list(PaymentMandate.select().where(PaymentMandate.company == company.id)
                    .order_by(PaymentMandate.id.desc()))
    return render_template("payments/rights.html", company=company, people=people, granted=granted,
                           mandates=mandates, rights=payment_rights.RIGHTS, is_staff=access.is_firm_staff,
                           account=batches.default_account(company), today=paris_today(),
                           four_eyes=payment_rights.four_eyes(company), four_eyes_label=payment_rights.FOUR_EYES_LABEL)


def _rights_action(company: Company) -> None:
    action = request.form.get("action")
    if action == "account":
        batches.add_account(company, request.form.get("iban", ""), bic=request.form.get("bic") or None,
                            address={k: request.form.get(k) for k in ("street", "postcode", "town", "country")
                                     if request.form.get(k)}, user_id=current_user.id)
        flash("Compte enregistré.", "info")
        return
    if action == "four_eyes":
        rule = payment_rights.set_four_eyes(company, request.form.get("four_eyes") == "on",
                                            request.form.get("four_eyes_above"), by=current_user)
        scope = f" au-delà de {money(rule.above, 'EUR')}" if rule.above is not None else " pour tous les lots"
        flash(f"Double validation des lots de paiement {'activée' + scope if rule.on else 'désactivée'}.", "info")
        return
    user = User.get_or_none(User.id == request.form.get("user", type=int))
    if user is None:
        msg = "personne inconnue"
        raise ValueError(msg)
    if action == "grant":
        payment_rights.grant(user, company, request.form.get("right", ""), by=current_user)
    elif action == "revoke":
        payment_rights.revoke(user, company, request.form.get("right", ""), by=current_user)
    elif action == "mandate":
        limits = (_decimal(request.form.get("max_per_payment")), _decimal(request.form.get("max_per_batch")))
        start, end = _date_arg("valid_from"), _date_arg("valid_until")
        if None in limits or start is None or end is None:
            msg = "plafonds et dates du mandat obligatoires"
            raise ValueError(msg)
        payment_rights.record_mandate(company, user, max_per_payment=limits[0], max_per_batch=limits[1],
                                      valid_from=start, valid_until=end,
                                      reference=request.form.get("reference", ""), by=current_user)
    flash("Enregistré.", "info")


from guichet.web.payments import bank_access  # noqa: E402, F401 - its routes are registered on bp
