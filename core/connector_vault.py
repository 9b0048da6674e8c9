"""Encryption at rest of connector secrets, with a key kept outside the database.

The key is a Fernet key (AES-128-CBC + HMAC-SHA256, from ``cryptography``) in
``<data dir>/connector.key`` (or ``connectors.key_file``), created on first use
with mode 0600. A database dump alone therefore reveals no password. Losing the
key file means re-entering the connector passwords, nothing more.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken

from guichet.core.errors import ConnectorError

if TYPE_CHECKING:
    from guichet.core.connectors import SettingField
    from guichet.core.settings import Settings

ENCRYPTED = "$enc"


def key_path(settings: Settings) -> Path:
    """Where the key lives: ``connectors.key_file`` or ``<data dir>/connector.key``."""
    configured = settings.get("connectors.key_file") or ""
    return Path(configured).expanduser() if configured else settings.data_dir / "connector.key"


def load_key(settings: Settings) -> bytes:
    """Read the key, creating it atomically (O_EXCL, mode 0600) the first time."""
    path = key_path(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process won the race: read theirs
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
                handle.flush()
                os.fsync(handle.fileno())
    return path.read_bytes().strip()


def encrypt_text(settings: Settings, text: str) -> dict[str, str]:
    """``{"$enc": token}`` for ``text``."""
    return {ENCRYPTED: Fernet(load_key(settings)).encrypt(text.encode("utf-8")).decode("ascii")}


def decrypt_value(settings: Settings, value: Any) -> Any:
    """The clear value of a stored setting (unchanged when it is not encrypted)."""
    if not (isinstance(value, dict) and set(value) == {ENCRYPTED}):
        return value
    try:
        return Fernet(load_key(settings)).decrypt(value[ENCRYPTED].encode("ascii")).decode("utf-8")
    except InvalidToken:
        msg = f"secret illisible : la clé {key_path(settings)} n'est pas celle qui l'a chiffré"
        raise ConnectorError(msg) from None


def seal_settings(settings: Settings, fields: tuple[SettingField, ...], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` ready to store: every field marked ``secret`` encrypted."""
    secret = {f.name for f in fields if f.secret}
    out = {}
    for name, value in values.items():
        if name in secret and value not in (None, "") and not isinstance(value, dict):
            out[name] = encrypt_text(settings, str(value))
        else:
            out[name] = value
    return out


def open_settings(settings: Settings, stored: dict[str, Any]) -> dict[str, Any]:
    """The stored settings with every secret decrypted (for the connector, never for display)."""
    return {name: decrypt_value(settings, value) for name, value in (stored or {}).items()}
