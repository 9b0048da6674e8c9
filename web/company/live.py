"""What the pages poll to follow a document without reloading (issue 19: live progress).

Light polling (a GET every few seconds while something is in progress), not
server-sent events: it goes through every proxy and the WSGI server's threads are
never held open. ``static/live.js`` asks while a document is in a moving state and
stops once all are at rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from guichet.core.model.models import Document, utcnow
from guichet.core.model.stage_models import StageRun
from guichet.core.pipeline import progress
from guichet.core.model.states import PROGRESS_LABELS, STATE_LABELS, Progress, State
from guichet.web import messages
from guichet.web.history import STAGE_LABELS

#: States the pipeline leaves on its own (the page keeps asking while a document is in one).
MOVING = frozenset({State.RECEIVED, State.TO_EXTRACT, State.EXTRACTED, State.CHECKED, State.SEALED})
#: Follow-up progress still moving.
STAGE_MOVING = frozenset({Progress.PENDING, Progress.RUNNING, Progress.RETRY})


def _since(moment: dt.datetime | None) -> int | None:
    return int((utcnow() - moment).total_seconds()) if moment else None


def reading_label(step: str, done: int, total: int) -> str:
    """The reading's progress in French: ``lecture (OCR) : page 2/5``."""
    what = "lecture (OCR)" if step == "ocr" else "lecture"
    if total <= 0:
        return f"{what} en cours"
    if done < total:
        return f"{what} : page {done + 1}/{total}"
    return f"{what} : {total}/{total} page{'s' if total > 1 else ''} lue{'s' if total > 1 else ''}, champs en cours"


def state_of(document: Document, *, stages: bool = False) -> dict[str, Any]:
    """The state, its French label, whether it still moves and, for the reading, for how long."""
    state = State(document.state)
    data: dict[str, Any] = {
        "state": str(state),
        "label": STATE_LABELS[state],
        "moving": state in MOVING,
        "reason": messages.reason_fr(document.reason) if document.reason else "",
    }
    if state in (State.RECEIVED, State.TO_EXTRACT):
        seconds = _since(document.updated_at) or 0
        data["progress"] = f"lecture en cours depuis {seconds} s" if state == State.TO_EXTRACT else "en file d'attente"
        reading = progress.current(document.id) if state == State.TO_EXTRACT else None
        if reading is not None:
            data["progress"] = reading_label(*reading)
    if stages:
        runs = list(StageRun.select().where(StageRun.document == document).order_by(StageRun.id))
        data["stages"] = [{
            "stage": r.stage, "label": STAGE_LABELS.get(r.stage, r.stage).capitalize(),
            "status": r.status, "status_label": PROGRESS_LABELS.get(r.status, r.status),  # type: ignore[call-overload]
            "attempts": r.attempts, "reason": messages.reason_fr(r.reason) if r.reason else "",
        } for r in runs]
        data["moving"] = data["moving"] or any(r.status in STAGE_MOVING for r in runs)
    return data


def upload_answer(document: Document, created: bool) -> dict[str, Any]:
    """One received file as the drop zone (upload.js) and the phone (photos.js) show it: its state and
    reason in French (a stored reason may hold schematron English, ``None`` or dot decimals)."""
    from flask import url_for

    return {"id": document.id, "filename": document.filename, "created": created, "state": document.state,
            "state_label": STATE_LABELS[State(document.state)],
            "reason": messages.reason_fr(document.reason) if document.reason else document.reason,
            "url": url_for("company.document", document_id=document.id)}
