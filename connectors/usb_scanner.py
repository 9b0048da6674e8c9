"""Scanners plugged into the appliance: scan on demand through SANE, USB discovery with pyusb.

A scan runs ``scanimage`` (SANE's command-line front end, any SANE backend: USB,
network, or the ``test`` backend) into PNG pages, combines them into one PDF with
Pillow, and hands it to intake. Discovery lists the USB devices that look like
scanners (pyusb, libusb-1.0) and the devices SANE knows. The USB mass-storage
drop folder is :class:`guichet.connectors.watched_folder.UsbDropFolderConnector`.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guichet.core import hookimpl
from guichet.core.connectors import SettingField
from guichet.core.errors import ConnectorError
from guichet.core.model.states import Channel
from guichet.core.ops.task_declarations import task

if TYPE_CHECKING:
    from guichet.core.model.models import Company, Document
    from guichet.core.ops.runtime import Runtime

log = logging.getLogger(__name__)

#: USB interface class "Still Imaging" (PTP/scanners); most scanners are vendor-specific (0xFF).
STILL_IMAGE_CLASS = 0x06
#: Vendors whose vendor-specific USB devices are mostly scanners (from SANE's descriptions).
SCANNER_VENDORS = {
    0x04A9: "Canon", 0x04B8: "Epson", 0x04F9: "Brother", 0x03F0: "HP", 0x04C5: "Fujitsu",
    0x05CA: "Ricoh", 0x0638: "Avision", 0x055F: "Mustek", 0x04E8: "Samsung", 0x0482: "Kyocera",
    0x1083: "Canon (DR)", 0x0A82: "Syscan", 0x05DA: "Microtek", 0x0BD7: "Plustek (Visioneer)",
}
SCAN_TIMEOUT = 300


class UsbScannerConnector:
    """A scanner attached to the appliance; scans are started by a person (not polled)."""

    id = "usb_scanner"
    label = "Scanner USB (SANE)"
    version = "1.0"
    channel = Channel.SCANNER
    directions = frozenset({"inbound"})
    settings_fields = (
        SettingField("device", "Périphérique SANE", default="",
                     help="ex. « epsonds:libusb:001:004 » ; vide : le premier trouvé"),
        SettingField("source", "Source", kind="choice", default="",
                     choices=(("", "Par défaut du scanner"), ("Flatbed", "Vitre"),
                              ("Automatic Document Feeder", "Chargeur automatique"))),
        SettingField("mode", "Mode", kind="choice", default="Gray",
                     choices=(("Gray", "Niveaux de gris"), ("Color", "Couleur"), ("Lineart", "Noir et blanc"))),
        SettingField("resolution", "Résolution (ppp)", kind="int", default=300),
        SettingField("max_pages", "Pages au plus par lot (chargeur)", kind="int", default=50),
    )

    def check(self, settings: dict[str, Any]) -> list[str]:
        """``scanimage`` must be installed."""
        if shutil.which("scanimage") is None:
            return ["la commande scanimage (paquet Debian sane-utils) est absente"]
        return []

    def acquire(self, rt: Runtime, company: Company, settings: dict[str, Any], *,
                user_id: int | None = None) -> tuple[Document, bool]:
        """Scan now into ``company`` (the connector pages' « Numériser »): :func:`scan_to_intake`."""
        return scan_to_intake(rt, company, settings, user_id=user_id)

    def devices(self) -> dict[str, list[dict[str, Any]]]:
        """Scanners plugged into the appliance (USB) and those SANE can open."""
        return {"usb": usb_scanners(), "sane": sane_devices(timeout=30)}


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


def sane_devices(timeout: float = 60) -> list[dict[str, str]]:
    """Devices SANE can open (``scanimage -f``): name, vendor, model, type."""
    if shutil.which("scanimage") is None:
        return []
    result = subprocess.run(["scanimage", "-f", "%d\t%v\t%m\t%t%n"], capture_output=True,  # noqa: S607
                            text=True, timeout=timeout, check=False)
    rows = []
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            rows.append(dict(zip(("name", "vendor", "model", "type"), parts, strict=True)))
    return rows


def usb_scanners() -> list[dict[str, Any]]:
    """USB devices that look like scanners (Still Imaging class, or a scanner maker's vendor class)."""
    try:
        import usb.core
    except ImportError:
        return []
    found = []
    try:
        devices = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError:
        log.warning("pyusb: no libusb backend (install libusb-1.0-0)")
        return []
    for dev in devices:
        classes = {dev.bDeviceClass}
        try:
            for cfg in dev:
                classes.update(intf.bInterfaceClass for intf in cfg)
        except Exception:  # noqa: BLE001, S110 - descriptors unreadable: classify by vendor only
            pass
        still = STILL_IMAGE_CLASS in classes
        vendor = SCANNER_VENDORS.get(dev.idVendor)
        if not still and not (vendor and 0xFF in classes):
            continue
        found.append({"vendor_id": f"{dev.idVendor:04x}", "product_id": f"{dev.idProduct:04x}",
                      "vendor": vendor or "", "bus": dev.bus, "address": dev.address,
                      "still_image": still, "product": _usb_string(dev, "product")})
    return found


def _usb_string(dev: Any, name: str) -> str:
    try:
        return str(getattr(dev, name) or "")
    except Exception:  # noqa: BLE001 - needs access rights to the device
        return ""


# ---------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------


def scan_pdf(settings: dict[str, Any], *, extra_args: list[str] | None = None) -> tuple[bytes, int]:
    """Scan with ``scanimage`` and return ``(pdf_bytes, pages)``; raise ConnectorError with a reason."""
    from PIL import Image

    if shutil.which("scanimage") is None:
        raise ConnectorError("la commande scanimage (paquet Debian sane-utils) est absente")
    source = settings.get("source") or ""
    adf = "feeder" in source.lower() or "adf" in source.lower()
    with tempfile.TemporaryDirectory(prefix="guichet-scan-") as tmp:
        args = ["scanimage", "--format=png", "--resolution", str(settings.get("resolution") or 300)]
        if settings.get("device"):
            args += ["-d", str(settings["device"])]
        if settings.get("mode"):
            args += ["--mode", str(settings["mode"])]
        if source:
            args += ["--source", source]
        args += [f"--batch={tmp}/page%04d.png", "--batch-count", str(settings.get("max_pages") or 50 if adf else 1)]
        args += extra_args or []
        try:
            result = subprocess.run(args, capture_output=True, text=True, timeout=SCAN_TIMEOUT, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise ConnectorError(f"le scanner n'a pas répondu en {SCAN_TIMEOUT} secondes") from None
        pages = sorted(Path(tmp).glob("page*.png"))
        if not pages:
            reason = (result.stderr.strip().splitlines() or ["aucune page"])[-1]
            raise ConnectorError(f"numérisation impossible : {reason}")
        images = [Image.open(p).convert("RGB") for p in pages]
        out = io.BytesIO()
        dpi = float(settings.get("resolution") or 300)
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
        return out.getvalue(), len(images)


def scan_to_intake(rt: Runtime, company: Company, settings: dict[str, Any], *, user_id: int | None = None,
                   extra_args: list[str] | None = None) -> tuple[Document, bool]:
    """Scan, store the PDF through intake for ``company`` and queue it; returns ``(document, created)``."""
    from guichet.core.ops import tasks
    from guichet.core.pipeline import intake
    from guichet.core.model.models import utcnow

    pdf, pages = scan_pdf(settings, extra_args=extra_args)
    name = f"numerisation-{utcnow():%Y%m%d-%H%M%S}.pdf"
    document, created = intake.receive(
        rt, company, pdf, name, channel=str(Channel.SCANNER), user_id=user_id, content_type="application/pdf",
        context={"connector": UsbScannerConnector.id, "device": settings.get("device") or "", "pages": pages})
    if created:
        tasks.submit(document.id, document.state)
    return document, created


@task(name="guichet.connectors.scan", runtime=True)
def scan_task(rt: Runtime, config_id: int, user_id: int | None = None) -> int | None:
    """Scan with the configuration ``config_id`` (the admin page's button); returns the document id."""
    from guichet.core.model.connector_models import ConnectorConfig, ConnectorStatus
    from guichet.core.model.models import utcnow
    from guichet.core.ops.connector_runs import clear_settings

    with rt.database.connection_context():
        config = ConnectorConfig.get_by_id(config_id)
        now = utcnow()
        try:
            document, _ = scan_to_intake(rt, config.company, clear_settings(rt, config, UsbScannerConnector()),
                                         user_id=user_id)
        except ConnectorError as exc:
            ConnectorConfig.update(status=ConnectorStatus.ERROR, last_error=str(exc), last_run_at=now).where(
                ConnectorConfig.id == config_id).execute()
            return None
        ConnectorConfig.update(status=ConnectorStatus.OK, last_error=None, last_run_at=now, last_success_at=now,
                               files_received=ConnectorConfig.files_received + 1).where(
            ConnectorConfig.id == config_id).execute()
        return document.id


@click.group("scanner")
def scanner_group() -> None:
    """Scanners branchés sur le boîtier (SANE, USB)."""


@scanner_group.command("list")
def scanner_list() -> None:
    """Lister les scanners USB détectés et les périphériques SANE."""
    usb = usb_scanners()
    click.echo(f"USB : {len(usb)} scanner(s) détecté(s)")
    for dev in usb:
        click.echo(f"  {dev['vendor_id']}:{dev['product_id']} {dev['vendor']} {dev['product']} "
                   f"(bus {dev['bus']}, adresse {dev['address']})")
    sane = sane_devices()
    click.echo(f"SANE : {len(sane)} périphérique(s)")
    for dev in sane:
        click.echo(f"  {dev['name']} — {dev['vendor']} {dev['model']} ({dev['type']})")


@scanner_group.command("scan")
@click.option("--company", "siren", required=True, help="SIREN du dossier qui reçoit la numérisation.")
@click.option("--device", help="Périphérique SANE (sinon celui de la configuration du dossier).")
@click.option("--source", help="Flatbed ou « Automatic Document Feeder ».")
@click.option("--resolution", type=int)
@click.pass_context
def scanner_scan(ctx: click.Context, siren: str, device: str | None, source: str | None,
                 resolution: int | None) -> None:
    """Numériser maintenant et déposer le PDF dans le dossier."""
    from guichet.core.ops.cli_instance import command_runtime, company_or_fail
    from guichet.core.model.connector_models import ConnectorConfig
    from guichet.core.ops.connector_runs import clear_settings
    from guichet.core.model.models import db

    rt = command_runtime(ctx, instance_plugins=True)
    with db.connection_context():
        company = company_or_fail(siren, click_error=True)
        config = ConnectorConfig.get_or_none((ConnectorConfig.company == company)
                                             & (ConnectorConfig.connector_id == UsbScannerConnector.id))
        connector = UsbScannerConnector()
        settings = (clear_settings(rt, config, connector) if config
                    else {f.name: f.default for f in connector.settings_fields})
        for name, value in (("device", device), ("source", source), ("resolution", resolution)):
            if value:
                settings[name] = value
        try:
            document, created = scan_to_intake(rt, company, settings)
        except ConnectorError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Document n° {document.id} : {document.filename}{'' if created else ' (déjà reçu)'}")


@hookimpl
def register_connectors() -> list[type]:
    """The USB scanner connector."""
    return [UsbScannerConnector]


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``guichet scanner list|scan``."""
    cli.add_command(scanner_group)
