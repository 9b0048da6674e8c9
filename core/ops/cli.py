"""The ``guichet`` command line.

Stateless contract commands (``extract``...) need no instance; the others act on
the instance chosen by ``--data-dir`` or ``GUICHET_DATA_DIR``. Plugins add commands
with the ``register_commands`` hook (the web server's ``run`` comes that way).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guichet.core.errors import UnreadableInput
from guichet.core.ops.cli_instance import command_plugins, command_runtime, command_settings, company_or_fail, fail

if TYPE_CHECKING:
    from guichet.core.ops.runtime import Runtime

EXIT_UNREADABLE = 2
#: The hooks ``guichet extract`` calls (read the file, its XML, its words, propose fields, the
#: seller's registered name): a one-shot run imports only the plugins implementing them.
EXTRACT_HOOKS = frozenset({"detect_format", "extract_xml", "parse_invoice", "extract_words", "propose_fields",
                           "registered_name"})
#: Core commands that need only some hooks (no plugin command, no other plugin).
LAZY_COMMANDS = {"extract": EXTRACT_HOOKS}

DEMO_FIRM = "Cabinet Démo"
DEMO_COMPANY = ("Société Démo SAS", "552081317", "FR03552081317")
DEMO_ADMIN = "admin@demo.guichet.local"


def _fail(message: str, code: int = EXIT_UNREADABLE) -> None:
    fail(message, code)


_plugin_manager = command_plugins  # the name plugins/validate_en16931 imports


@click.group()
@click.option("--data-dir", type=click.Path(file_okay=False), envvar="GUICHET_DATA_DIR",
              help="Dossier de l'instance (base, fichiers, file d'attente).")
@click.option("-v", "--verbose", is_flag=True, help="Journal détaillé sur la sortie d'erreur.")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, verbose: bool) -> None:
    """Guichet : le guichet unique des factures, pour les cabinets et leurs dossiers."""
    ctx.ensure_object(dict)
    if data_dir:
        data_dir = str(Path(data_dir).resolve())
        os.environ["GUICHET_DATA_DIR"] = data_dir  # child processes (worker) use the same instance
    ctx.obj["data_dir"] = data_dir
    if verbose:
        logging.getLogger().setLevel(logging.DEBUG)


# ---------------------------------------------------------------------------
# Stateless contract commands
# ---------------------------------------------------------------------------


def read_for_cli(path: str) -> tuple[Any, Any]:
    """Read ``path`` with the stateless plugin manager; exit 2 with a reason on failure."""
    from guichet.core.pipeline.reading import read_file

    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}")
    pm = _plugin_manager(click.get_current_context())
    try:
        return pm, read_file(pm, data, file.name)
    except UnreadableInput as exc:
        _fail(f"{path}: {exc}")
    raise AssertionError  # unreachable


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Un objet JSON sur la sortie standard.")
def extract(file: str, as_json: bool) -> None:
    """Lire une facture et afficher ses champs (sans instance)."""
    from guichet.core.ops import limited
    from guichet.core.parsing.fields import SOURCE_XML, extraction_record

    limited.one_shot()  # OCR children forked from this process: no forkserver to start

    pm, result = read_for_cli(file)
    if result.invoice is None:  # a PDF or image without XML: read its text (text layer, else OCR)
        from guichet.core.pipeline.paper import paper_record

        try:
            record = paper_record(pm, Path(file).read_bytes(), str(result.format), Path(file).name,
                                  settings=command_settings())  # the --data-dir instance's OCR languages, limits
        except UnreadableInput as exc:
            _fail(f"{file}: {exc}")
        if record is None:
            _fail(f"{file}: aucune donnée structurée (PDF ou image sans XML) et aucun lecteur de texte installé")
    else:
        record = extraction_record(result.invoice, SOURCE_XML)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    for name, value in record.items():
        if name != "confidence":
            click.echo(f"{name:20} {'' if value is None else value}")


# ---------------------------------------------------------------------------
# Instance commands
# ---------------------------------------------------------------------------


@cli.command()
@click.option("--demo/--no-demo", default=True, help="Créer le cabinet et le dossier de démonstration.")
@click.option("--password", help="Mot de passe de l'administrateur de démonstration (aléatoire sinon).")
@click.pass_context
def init(ctx: click.Context, demo: bool, password: str | None) -> None:
    """Créer l'instance : dossier, base, clé secrète et, par défaut, un cabinet de démonstration."""
    from guichet.core.access import accounts
    from guichet.core.model.models import Company, db

    rt = command_runtime(ctx)
    data_dir = rt.settings.data_dir
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    click.echo(f"Instance : {data_dir}")
    if not demo:
        return
    with db.connection_context():
        if Company.select().where(Company.siren == DEMO_COMPANY[1]).exists():
            click.echo("Le cabinet de démonstration existe déjà.")
            return
        password = password or secrets.token_urlsafe(9)
        firm, company, _user = accounts.create_demo(
            firm_name=DEMO_FIRM,
            company=DEMO_COMPANY,
            admin_email=DEMO_ADMIN,
            admin_password=password,
        )
    demo_file = data_dir / "demo_login.txt"
    demo_file.write_text(f"{DEMO_ADMIN}\n{password}\n")
    demo_file.chmod(0o600)
    click.echo(f"Cabinet « {firm.name} », dossier « {company.name} » (SIREN {company.siren}).")
    click.echo(f"Connexion de démonstration : {DEMO_ADMIN} / {password}")
    rt.pm.hook.instance_initialised(settings=rt.settings)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--company", "siren", help="SIREN du dossier (par défaut : le dossier de démonstration, ou le seul dossier).")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], siren: str | None) -> None:
    """Faire passer des fichiers par tout le circuit et afficher l'état final de chacun."""
    from guichet.core.pipeline import intake, pipeline
    from guichet.core.model.models import Document, Invoice, db
    from guichet.core.model.states import STATE_LABELS, Channel, State

    rt = command_runtime(ctx)
    with db.connection_context():
        company = _pick_company(siren)
        failed = 0
        for path in files:
            data = Path(path).read_bytes()
            document, created = intake.receive(rt, company, data, Path(path).name, channel=Channel.CLI)
            try:
                document = pipeline.run_to_rest(rt, document.id)
            except Exception as exc:  # noqa: BLE001 - e.g. a time-stamping authority down: say so, go on
                document = Document.get_by_id(document.id)
                click.echo(f"{path}: {document.state} ({STATE_LABELS[State(document.state)]}) : "
                           f"étape interrompue ({type(exc).__name__}: {exc}); le worker la reprendra", err=True)
                failed += 1
                continue
            state = State(document.state)
            line = f"{path}: {state} ({STATE_LABELS[state]})"
            if not created:
                line += " [déjà reçu]"
            invoice = Invoice.get_or_none(Invoice.document == document)
            if invoice is not None:
                line += f" facture {invoice.number} du {invoice.issue_date}, {invoice.total_with_tax} {invoice.currency}"
            if document.reason:
                line += f" : {document.reason}"
            click.echo(line)
            failed += state == State.REJECTED
    sys.exit(1 if failed else 0)


def _pick_company(siren: str | None) -> Any:
    from guichet.core.model.models import Company

    if siren:
        return company_or_fail(siren, code=1)
    demo = Company.get_or_none(Company.siren == DEMO_COMPANY[1])
    if demo is not None:
        return demo
    companies = list(Company.select().limit(2))
    if len(companies) == 1:
        return companies[0]
    _fail("précisez --company SIREN (aucun dossier de démonstration)", 1)
    return None


@cli.command()
@click.option("--workers", type=int, help="Nombre de fils d'exécution (config queue.workers).")
@click.pass_context
def worker(ctx: click.Context, workers: int | None) -> None:
    """Consommer la file d'attente (les étapes du circuit)."""
    from guichet.core.ops import tasks

    rt = command_runtime(ctx)
    count = workers or int(rt.settings.get("queue.workers", 2))
    resumed = tasks.resume_pending()
    click.echo(f"Worker : {count} fil(s), file « {tasks.huey.name} », {resumed} document(s) repris.")
    consumer = tasks.huey.create_consumer(workers=count, worker_type="thread", periodic=True)
    consumer.run()


@cli.group()
def user() -> None:
    """Gérer les utilisateurs."""


@user.command("add")
@click.argument("email")
@click.option("--name", default="", help="Nom affiché.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--firm-role", type=click.Choice(["", "operator", "admin"]), default="",
              help="Rôle au cabinet (vide : client, accès par dossier).")
@click.option("--company", "companies", multiple=True, help="SIREN d'un dossier auquel donner accès.")
@click.option("--role", type=click.Choice(["read", "upload", "manage"]), default="upload",
              help="Droits sur les dossiers donnés par --company.")
@click.pass_context
def user_add(ctx: click.Context, email: str, name: str, password: str, firm_role: str,
             companies: tuple[str, ...], role: str) -> None:
    """Créer un utilisateur (et ses accès aux dossiers)."""
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm, db

    command_runtime(ctx)
    with db.connection_context():
        firm = Firm.select().order_by(Firm.id).first()
        if firm is None:
            _fail("aucun cabinet : lancez d'abord « guichet init »", 1)
        try:
            created = accounts.create_user(email, password, name=name, firm=firm, firm_role=firm_role)
        except ValueError as exc:
            _fail(str(exc), 1)
        for siren in companies:
            accounts.grant(created, company_or_fail(siren, code=1, firm=firm), role)
    click.echo(f"Utilisateur {email} créé.")


@user.command("password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.pass_context
def user_password(ctx: click.Context, email: str, password: str) -> None:
    """Donner un nouveau mot de passe (ses sessions ouvertes sont fermées, son blocage levé)."""
    from guichet.core.access import accounts
    from guichet.core.model.models import User, db

    command_runtime(ctx)
    with db.connection_context():
        target = User.get_or_none(User.email == email.strip().lower())
        if target is None:
            _fail(f"aucun utilisateur {email}", 1)
        try:
            accounts.set_password(target, password, how="cli")
        except ValueError as exc:
            _fail(str(exc), 1)
    click.echo(f"Mot de passe de {target.email} changé.")


@user.command("reset-2fa")
@click.argument("email")
@click.pass_context
def user_reset_2fa(ctx: click.Context, email: str) -> None:
    """Désactiver la double authentification d'un utilisateur (téléphone et codes de secours perdus)."""
    from guichet.core.access import two_factor
    from guichet.core.model.models import User, db

    command_runtime(ctx)
    with db.connection_context():
        target = User.get_or_none(User.email == email.strip().lower())
        if target is None:
            _fail(f"aucun utilisateur {email}", 1)
        two_factor.disable(target)
    click.echo(f"Double authentification de {target.email} désactivée.")


@cli.group()
def company() -> None:
    """Gérer les dossiers (sociétés clientes)."""


@company.command("add")
@click.argument("siren")
@click.argument("name")
@click.option("--vat-id", help="Numéro de TVA intracommunautaire.")
@click.pass_context
def company_add(ctx: click.Context, siren: str, name: str, vat_id: str | None) -> None:
    """Créer un dossier (SIREN vérifié par sa clé)."""
    from guichet.core.access import accounts
    from guichet.core.model.models import Firm, db

    command_runtime(ctx)
    with db.connection_context():
        firm = Firm.select().order_by(Firm.id).first()
        if firm is None:
            _fail("aucun cabinet : lancez d'abord « guichet init »", 1)
        try:
            created = accounts.create_company(firm, name, siren, vat_id=vat_id)
        except ValueError as exc:
            _fail(str(exc), 1)
    click.echo(f"Dossier {created.name} ({created.siren}) créé.")


@cli.group()
def document() -> None:
    """Voir un document et décider à sa place d'un opérateur (mêmes décisions que l'interface web)."""


def _decide(ctx: click.Context, acting_as: str | None, decide: Any) -> None:
    """Run ``decide(rt, user)`` as the instance's administrator or as the user ``acting_as`` (rights checked)."""
    from guichet.core.errors import PermissionDenied
    from guichet.core.model.models import User, db
    from guichet.core.pipeline.decisions import DecisionError

    rt = command_runtime(ctx)
    with db.connection_context():
        user = None
        if acting_as:
            user = User.get_or_none(User.email == acting_as.strip().lower())
            if user is None:
                _fail(f"aucun utilisateur {acting_as}", 1)
        try:
            message = decide(rt, user)
        except PermissionDenied:
            _fail(f"{acting_as} n'a pas le droit de gérer ce document", 1)
        except DecisionError as exc:
            _fail(str(exc), 1)
    click.echo(message)


#: Added to the event of a decision taken on the command line.
_CLI = {"origin": "cli"}

_AS = click.option("--as", "acting_as", metavar="EMAIL",
                   help="Décider au nom de cet utilisateur (ses droits sont vérifiés, son nom est journalisé).")


@document.command("show")
@click.argument("document_id", type=int)
@click.pass_context
def document_show(ctx: click.Context, document_id: int) -> None:
    """L'état d'un document, son motif et l'avancement des étapes de suite."""
    from guichet.core.model.models import Document, db
    from guichet.core.model.states import PROGRESS_LABELS, STATE_LABELS, Progress, State
    from guichet.core.pipeline.followups import runs_of

    command_runtime(ctx)
    with db.connection_context():
        doc = Document.get_or_none(Document.id == document_id)
        if doc is None:
            _fail(f"document {document_id} introuvable", 1)
        click.echo(f"{doc.id} {doc.filename}: {doc.state} ({STATE_LABELS[State(doc.state)]})"
                   + (f" : {doc.reason}" if doc.reason else ""))
        for run in runs_of(doc.id):
            label = PROGRESS_LABELS.get(Progress(run.status), run.status) if run.status else run.status
            click.echo(f"  {run.stage}: {run.status} ({label}), {run.attempts} essai(s)"
                       + (f" : {run.reason}" if run.reason else ""))


@document.command("accept")
@click.argument("document_id", type=int)
@click.option("--reason", required=True, help="Pourquoi les anomalies sont acceptées.")
@_AS
@click.pass_context
def document_accept(ctx: click.Context, document_id: int, reason: str, acting_as: str | None) -> None:
    """Accepter un document à revoir malgré ses anomalies bloquantes."""
    from guichet.core.pipeline import decisions

    def decide(rt: Runtime, user: Any) -> str:
        decisions.accept(rt, user, document_id, reason, context=_CLI)
        return f"Document {document_id} accepté malgré les anomalies."

    _decide(ctx, acting_as, decide)


@document.command("reject")
@click.argument("document_id", type=int)
@click.option("--reason", required=True, help="Motif du rejet.")
@_AS
@click.pass_context
def document_reject(ctx: click.Context, document_id: int, reason: str, acting_as: str | None) -> None:
    """Rejeter un document à coder ou à revoir."""
    from guichet.core.pipeline import decisions

    def decide(rt: Runtime, user: Any) -> str:
        decisions.reject(rt, user, document_id, reason, context=_CLI)
        return f"Document {document_id} rejeté."

    _decide(ctx, acting_as, decide)


@document.command("send-back")
@click.argument("document_id", type=int)
@click.option("--reason", default="", help="Ce qu'il faut revoir au codage.")
@_AS
@click.pass_context
def document_send_back(ctx: click.Context, document_id: int, reason: str, acting_as: str | None) -> None:
    """Renvoyer au codage un document à revoir."""
    from guichet.core.pipeline import decisions

    def decide(rt: Runtime, user: Any) -> str:
        decisions.send_back(rt, user, document_id, reason, context=_CLI)
        return f"Document {document_id} renvoyé au codage."

    _decide(ctx, acting_as, decide)


@document.command("retry")
@click.argument("document_id", type=int)
@click.option("--stage", help="Relancer seulement cette étape de suite (après l'archivage).")
@_AS
@click.pass_context
def document_retry(ctx: click.Context, document_id: int, stage: str | None, acting_as: str | None) -> None:
    """Relancer un document rejeté depuis le début, ou une étape de suite en échec."""
    from guichet.core.pipeline import decisions

    def decide(rt: Runtime, user: Any) -> str:
        decisions.retry(rt, user, document_id, stage=stage, context=_CLI)
        return f"Étape « {stage} » du document {document_id} relancée." if stage else f"Document {document_id} relancé."

    _decide(ctx, acting_as, decide)


@document.command("split")
@click.argument("document_id", type=int)
@click.option("--pages", "text", required=True, help="Groupes de pages, un par facture : « 1-2, 3 ».")
@_AS
@click.pass_context
def document_split(ctx: click.Context, document_id: int, text: str, acting_as: str | None) -> None:
    """Scinder un PDF à coder en un document par groupe de pages."""
    from guichet.core.pipeline import decisions
    from guichet.core.pipeline.splitting import parse_groups

    groups = parse_groups(text)
    if groups is None:
        _fail(f"découpage invalide : « {text} » (au moins deux groupes, ex. 1-2, 3)", 1)

    def decide(rt: Runtime, user: Any) -> str:
        parts = decisions.split(rt, user, document_id, groups, context=_CLI)
        return f"Document {document_id} scindé en {len(parts)} : {', '.join(str(p.id) for p in parts)}."

    _decide(ctx, acting_as, decide)


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """Lister les extensions installées, leurs points d'accroche et leurs connecteurs.

    Des sous-commandes (``install``...) viennent des extensions.
    """
    if ctx.invoked_subcommand is not None:
        return
    from guichet.core.connectors import load_connectors
    from guichet.core.pipeline.stages import StageError, stage_plan
    from guichet.core.plugins import describe_plugins

    pm = _plugin_manager(ctx)
    rows = describe_plugins(pm)
    connectors = load_connectors(pm)
    report = pm.guichet_load_report
    try:
        stages, stage_error = [_stage_row(stage) for stage in stage_plan(pm).stages], None
    except StageError as exc:
        stages, stage_error = [], str(exc)
    if as_json:
        click.echo(json.dumps({"plugins": rows, "connectors": sorted(connectors), "stages": stages,
                               "stage_error": stage_error, "failed": report.failed, "disabled": report.disabled},
                              indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']:16} {row['module']:32} {row['distribution']}")
        click.echo(f"{'':16} hooks: {', '.join(row['hooks']) or '-'}")
    click.echo(f"Connecteurs : {', '.join(sorted(connectors)) or 'aucun'}")
    click.echo("Étapes du circuit, dans l'ordre :")
    for number, stage in enumerate(stages, start=1):
        kind = "suite, garde l'état" if stage["follow_up"] else "→ " + " | ".join(stage["leaves"])
        click.echo(f"{number:3}. {stage['name']:12} {stage['takes']} {kind}   ({stage['plugin']})")
    if stage_error:
        click.echo(f"ÉCHEC des étapes : {stage_error}")
    for name, error in report.failed.items():
        click.echo(f"ÉCHEC {name}: {error}")
    for name in report.disabled:
        click.echo(f"désactivé {name}")


def _stage_row(stage: Any) -> dict[str, Any]:
    return {"name": stage.name, "takes": str(stage.takes), "leaves": sorted(str(s) for s in stage.leaves),
            "follow_up": stage.follow_up, "after": list(stage.after), "before": list(stage.before),
            "plugin": stage.plugin}


def _subcommand(argv: list[str]) -> str | None:
    """The command named in ``argv`` (after the group's own options), or None."""
    args = iter(argv)
    for arg in args:
        if arg == "--data-dir":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``guichet`` console script."""
    from guichet.core.ops import cli_french
    from guichet.core.ops.logs import configure_logging, wanted_format
    from guichet.core.plugins import plugin_manager_from_settings
    from guichet.core.settings import load_settings

    cli_french.install()  # click's usage errors and help headings in French
    pm = None
    try:
        settings = load_settings()
        if wanted_format(settings) == "json":  # before plugins load, so their errors are JSON too
            configure_logging(settings)
        else:
            logging.basicConfig(level=logging.WARNING, format="guichet: %(levelname)s %(name)s: %(message)s")
        command = _subcommand(sys.argv[1:] if argv is None else argv)
        if command in LAZY_COMMANDS:  # a core command: the plugins it calls, no plugin commands
            pm = plugin_manager_from_settings(settings, hooks=LAZY_COMMANDS[command])
        else:  # a plugin command: only its plugin and the plugins of its hooks when the index knows them
            pm = plugin_manager_from_settings(settings, command=command)
            pm.hook.register_commands(cli=cli)
    except Exception:  # the stateless commands must work even then
        logging.getLogger(__name__).exception("plugin commands unavailable")
    cli.main(args=argv, prog_name="guichet", obj={"pm": pm})
