"""Folders of the host that connectors may read: only under the roots the firm admin declares.

Connectors that reach the host (watched folders, USB mounts, IMAP or HTTP hosts,
SFTP accounts) are configured by firm staff only (:func:`reaches_host`, checked in
:func:`guichet.core.ops.connector_runs.configure`). Even then, a folder must resolve
(``realpath``, symbolic links followed) under one of ``[connectors] allowed_roots``
and must neither sit inside nor contain the instance's own files: the data dir
(database, secret key, blobs, archive), the configuration folder, the seal's
PKCS#12 and password and the connector key. Paths are resolved again before every
use (:func:`confine_folder` is called by ``clear_settings`` for each run), so a
folder replaced later by a symbolic link is refused at the next run.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from guichet.core.errors import HostPathRefused

if TYPE_CHECKING:
    from guichet.core.settings import Settings

#: Folder of the system configuration (ansible and the appliance write there).
SYSTEM_CONFIG_DIR = Path("/etc/guichet")


def reaches_host(connector: Any) -> bool:
    """True when configuring ``connector`` touches the host (folders, hosts, ports, accounts).

    A connector declares ``reaches_host = False`` only when none of its settings can make
    the server read a file, open a connection or create an account; the default is True.
    """
    return bool(getattr(connector, "reaches_host", True))


def _real(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.expanduser(os.fspath(path))))


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def allowed_roots(settings: Settings) -> list[Path]:
    """The declared roots, resolved; relative or empty entries are ignored."""
    roots = settings.get("connectors.allowed_roots", []) or []
    return [_real(root) for root in roots if str(root).strip() and os.path.isabs(os.path.expanduser(str(root)))]


def protected_paths(settings: Settings) -> list[Path]:
    """The instance's own files and folders, which no intake path may read."""
    data_dir = settings.data_dir
    paths = [data_dir, SYSTEM_CONFIG_DIR]
    if os.environ.get("GUICHET_CONFIG"):
        paths.append(Path(os.environ["GUICHET_CONFIG"]))
    for key in ("seal.pkcs12", "seal.password_file", "connectors.key_file", "seal.tsa_ca_file"):
        value = str(settings.get(key) or "")
        if value:
            paths.append(Path(value) if os.path.isabs(value) else data_dir / value)
    return [_real(path) for path in paths]


def confine_folder(settings: Settings, raw: Any) -> Path:
    """The resolved folder for ``raw``, if it lies under an allowed root and away from the instance.

    :raises HostPathRefused: with a French reason otherwise.
    """
    text = str(raw or "").strip()
    if not text:
        raise HostPathRefused("le dossier est obligatoire")
    if "\x00" in text or not os.path.isabs(os.path.expanduser(text)):
        raise HostPathRefused(f"« {text} » n'est pas un chemin absolu")
    real = _real(text)
    roots = allowed_roots(settings)
    if not roots:
        raise HostPathRefused(
            "aucun dossier autorisé sur ce serveur : l'administrateur doit déclarer "
            "[connectors] allowed_roots dans la configuration de l'instance")
    if not any(_inside(real, root) for root in roots):
        shown = ", ".join(str(root) for root in roots)
        raise HostPathRefused(f"« {text} » est hors des dossiers autorisés ({shown})")
    for protected in protected_paths(settings):
        if _inside(real, protected) or _inside(protected, real):
            raise HostPathRefused(f"« {text} » touche aux fichiers de l'instance : refusé")
    return real


def confine_subfolder(root: Path, raw: Any, default: str) -> Path:
    """The folder ``raw`` (a relative name such as ``traites``) inside ``root``, resolved.

    :raises HostPathRefused: for an absolute name, ``..``, or a name that resolves outside ``root``.
    """
    text = str(raw or "").strip() or default
    pure = PurePosixPath(text)
    if "\x00" in text or pure.is_absolute() or ".." in pure.parts or "\\" in text:
        raise HostPathRefused(f"« {text} » doit être un simple sous-dossier (ni « .. » ni chemin absolu)")
    real = _real(root / pure)
    if real == root or not _inside(real, root):
        raise HostPathRefused(f"le sous-dossier « {text} » sort du dossier surveillé")
    return real


def confine_file(settings: Settings, raw: Any) -> Path | None:
    """The resolved file for ``raw`` (e.g. a CA certificate), None when empty; never an instance file.

    :raises HostPathRefused: for a relative path or one of the instance's own files.
    """
    text = str(raw or "").strip()
    if not text:
        return None
    if "\x00" in text or not os.path.isabs(os.path.expanduser(text)):
        raise HostPathRefused(f"« {text} » n'est pas un chemin absolu")
    real = _real(text)
    for protected in protected_paths(settings):
        if _inside(real, protected):
            raise HostPathRefused(f"« {text} » touche aux fichiers de l'instance : refusé")
    return real


def is_inside(path: str | os.PathLike[str], root: Path) -> bool:
    """True when ``path`` resolves inside ``root`` (itself already resolved)."""
    return _inside(_real(path), root)
