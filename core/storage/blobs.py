"""Content-addressed storage of original files.

The key of a blob is the SHA-256 of its bytes. :meth:`BlobStore.put` returns only
once the bytes are on disk (file and folder fsynced); a stored blob is read-only
and never rewritten. :meth:`BlobStore.put_stream` does the same for a file object,
copied in chunks and hashed on the way (an upload is never held whole in memory).
Another backend (S3-compatible with object lock) implements the same
:class:`BlobStore` protocol.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from guichet.core.settings import Settings


#: Bytes read at a time when a stream is stored.
CHUNK = 1024 * 1024
#: Mode of a stored file: read-only, for the instance's user and group only.
READ_ONLY = 0o440


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


@runtime_checkable
class BlobStore(Protocol):
    """Write-once storage of bytes by their SHA-256.

    Implementations SHALL make ``put`` durable before returning, SHALL NOT modify
    a stored blob, and SHALL make ``get`` return exactly the bytes that were put.
    """

    def put(self, data: bytes) -> str:
        """Store ``data`` durably and return its key (the SHA-256 hex)."""
        ...

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Store what ``stream`` holds from its position to its end, durably, reading it in chunks.

        Returns the key (the SHA-256 hex) and the number of bytes.
        """
        ...

    def get(self, key: str) -> bytes:
        """Return the bytes stored under ``key``; raise KeyError if absent."""
        ...

    def exists(self, key: str) -> bool:
        """True when ``key`` is stored."""
        ...


class LocalBlobStore:
    """Blobs as read-only files ``<root>/ab/cd/<sha256>``."""

    def __init__(self, root: Path) -> None:
        """Use ``root`` (created if missing) as the store's folder."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        """The file that holds ``key``."""
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise KeyError(key)
        return self.root / key[:2] / key[2:4] / key

    def put(self, data: bytes) -> str:
        """Write ``data`` through a temporary file, fsync it and its folder, then make it read-only."""
        key = sha256_hex(data)
        target = self.path(key)
        if not target.exists():
            write_read_only(target, data)
        return key

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Copy ``stream`` in chunks into a temporary file beside the blobs, hashing it, then as :meth:`put`."""
        digest, size = hashlib.sha256(), 0

        def chunks() -> Iterator[bytes]:
            nonlocal size
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                yield chunk

        tmp = _durable_temp(self.root, chunks())
        target = self.path(digest.hexdigest())
        if target.exists():
            os.unlink(tmp)
        else:
            _move_into_place(tmp, target)
        return digest.hexdigest(), size

    def get(self, key: str) -> bytes:
        """Read the blob ``key``."""
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        """True when the blob file is present."""
        return self.path(key).exists()


def write_read_only(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` durably and read-only: through a temporary file in the same
    folder, fsynced, renamed into place, then the folder fsynced. Readers never see a partial file.
    """
    _move_into_place(_durable_temp(target.parent, [data]), target)


def _durable_temp(folder: Path, chunks: Iterable[bytes]) -> str:
    """A read-only temporary file in ``folder`` holding ``chunks``, fsynced (removed if anything fails)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, READ_ONLY)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def _move_into_place(tmp: str, target: Path) -> None:
    """Rename ``tmp`` to ``target`` (same file system), then fsync the folder."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_blob_store(settings: Settings) -> BlobStore:
    """The blob store named by ``blobs.backend``."""
    backend = settings.get("blobs.backend", "local")
    if backend == "local":
        return LocalBlobStore(settings.data_dir / "blobs")
    msg = f"stockage de fichiers inconnu : {backend}"
    raise ValueError(msg)
