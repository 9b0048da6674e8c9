"""Where the reading of a document stands while it runs (issue 19: live progress).

Created by migration ``m0136_reading_progress``. The extract stage writes one row per
document while its pages are read (OCR: "page 2/5") and deletes it when the stage ends;
the web pages show it beside the state ``to_extract``. Plain ids, no foreign key: a row
is short-lived and must never block the deletion of the document.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, IntegerField

from guichet.core.model.models import BaseModel, utcnow


class ReadingProgress(BaseModel):
    """One document's reading in progress: ``done`` of ``total`` units of ``step`` (``ocr``: pages)."""

    document_id = IntegerField(primary_key=True)
    step = CharField(max_length=32)
    done = IntegerField(default=0)
    total = IntegerField(default=0)
    updated_at = DateTimeField(default=utcnow)


#: The tables of this module, in creation order.
PROGRESS_MODELS = (ReadingProgress,)
