"""The write-once archive in an S3-compatible bucket with object lock (``[archive] backend = "s3"``).

The core keeps the local store (:class:`guichet.core.storage.archive.LocalArchiveStore`);
this connector is the code that talks to the bucket (boto3, the optional extra ``s3``),
opened through the ``archive_store`` hook. Tested against moto's local S3 server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from guichet.core import hookimpl
from guichet.core.storage.archive import ArchiveConflictError, RetentionError, check_path

if TYPE_CHECKING:
    from guichet.core.settings import Settings


class S3ArchiveStore:
    """An S3-compatible bucket with object lock: the storage refuses early deletions itself.

    The bucket must be created with object lock enabled (which turns versioning on).
    ``client`` is a boto3 S3 client.
    """

    def __init__(self, client: Any, bucket: str, *, lock_mode: str = "COMPLIANCE") -> None:
        """Use ``bucket`` through ``client``; objects get ``lock_mode`` retention."""
        self.client = client
        self.bucket = bucket
        self.lock_mode = lock_mode

    def put(self, path: str, data: bytes, retain_until: dt.date) -> None:
        """Put the object with a retention date (and an MD5 as object lock requires)."""
        import base64

        check_path(path)
        if self.exists(path):
            if hashlib.sha256(self.get(path)).digest() != hashlib.sha256(data).digest():
                msg = f"{path} est déjà archivé avec un autre contenu"
                raise ArchiveConflictError(msg)
            return
        until = dt.datetime.combine(retain_until, dt.time(0, 0), tzinfo=dt.UTC)
        self.client.put_object(
            Bucket=self.bucket,
            Key=path,
            Body=data,
            ContentMD5=base64.b64encode(hashlib.md5(data).digest()).decode(),  # noqa: S324 - required by S3, not security
            ObjectLockMode=self.lock_mode,
            ObjectLockRetainUntilDate=until,
        )

    def get(self, path: str) -> bytes:
        """Read the current version of ``path``."""
        try:
            return self.client.get_object(Bucket=self.bucket, Key=check_path(path))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise KeyError(path) from None

    def exists(self, path: str) -> bool:
        """True when the object exists."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=check_path(path))
        except Exception as exc:  # botocore ClientError 404
            if getattr(exc, "response", {}).get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def delete(self, path: str, retain_until: dt.date, on: dt.date) -> None:
        """Delete every version of ``path``; refused here before the date, and by the bucket's lock."""
        head = self.client.head_object(Bucket=self.bucket, Key=check_path(path))
        locked = head.get("ObjectLockRetainUntilDate")
        if locked is not None:
            retain_until = max(retain_until, locked.date())
        if on < retain_until:
            msg = f"{path} est conservé jusqu'au {retain_until.isoformat()} : suppression refusée"
            raise RetentionError(msg)
        versions = self.client.list_object_versions(Bucket=self.bucket, Prefix=path).get("Versions", [])
        for version in versions:
            if version["Key"] == path:
                self.client.delete_object(Bucket=self.bucket, Key=path, VersionId=version["VersionId"])

    def list(self, prefix: str) -> list[str]:
        """Keys of the objects under the folder ``prefix``."""
        folder = check_path(prefix.rstrip("/")) + "/"
        keys = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=folder):
            keys.extend(item["Key"] for item in page.get("Contents", []))
        return sorted(keys)


@hookimpl
def archive_store(settings: Settings) -> S3ArchiveStore | None:
    """The bucket of ``[archive]`` when ``backend = "s3"``; None for another backend."""
    if settings.get("archive.backend", "local") != "s3":
        return None
    import boto3  # optional dependency: pip install guichet[s3]

    client = boto3.client(
        "s3",
        endpoint_url=settings.get("archive.s3_endpoint") or None,
        region_name=settings.get("archive.s3_region") or None,
    )
    return S3ArchiveStore(client, settings.get("archive.s3_bucket"), lock_mode=settings.get("archive.s3_lock_mode", "COMPLIANCE"))
