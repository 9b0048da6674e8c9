"""One severity vocabulary (issue 14): stored ``blocking`` becomes ``fatal``.

Findings and the companies' per-control severity settings (``settings["controls"]
["severity"]``) used ``blocking``; Guichet now says ``fatal`` everywhere
(:class:`guichet.core.model.states.Severity`). Settings written by hand with the old
word are still understood (``SEVERITY_ALIASES``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peewee import Database


def apply(database: Database) -> None:
    """Rewrite the stored severities."""
    database.execute_sql("UPDATE finding SET severity = 'fatal' WHERE severity = 'blocking'")
    rows = database.execute_sql("SELECT id, settings FROM company").fetchall()
    for company_id, raw in rows:
        settings = json.loads(raw) if isinstance(raw, str) else raw
        chosen = ((settings or {}).get("controls") or {}).get("severity") if isinstance(settings, dict) else None
        if not isinstance(chosen, dict) or "blocking" not in {str(v).lower() for v in chosen.values()}:
            continue
        chosen.update({code: "fatal" for code, value in chosen.items() if str(value).lower() == "blocking"})
        database.execute_sql("UPDATE company SET settings = %s WHERE id = %s".replace("%s", database.param),
                             (json.dumps(settings, ensure_ascii=False, sort_keys=True), company_id))
