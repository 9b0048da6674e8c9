"""Which plugins work for a company: the firm's choice per dossier (issue 12, item 4).

Stored in ``Company.settings["plugins"]["disabled"]`` (entry-point names) and read by
:func:`guichet.core.plugins.hooks_for`, which every call of a hook for a company goes
through. Firm administrators decide (the page ``/admin/dossiers/<id>/extensions``);
each change is an event of the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.model import events
from guichet.core.model.models import Company, db
from guichet.core.plugins import disabled_for

if TYPE_CHECKING:
    from collections.abc import Iterable


def set_plugins_off(company: Company, names: Iterable[str], *, choices: Iterable[str],
                    user_id: int | None = None) -> list[str]:
    """Turn off exactly ``names`` for ``company`` (the others of ``choices`` work); return them sorted.

    :param choices: The plugins that may be turned off (:func:`guichet.core.plugins.switchable_plugins`).
    :raises ValueError: for a name that is not one of ``choices`` (French message).
    """
    allowed = set(choices)
    wanted = sorted(set(names))
    unknown = [name for name in wanted if name not in allowed]
    if unknown:
        msg = f"extension inconnue ou indispensable : {', '.join(unknown)}"
        raise ValueError(msg)
    with db.atomic():
        fresh = Company.get_by_id(company.id)
        before = sorted(disabled_for(fresh))
        settings = dict(fresh.settings or {})
        settings["plugins"] = {**(settings.get("plugins") or {}), "disabled": wanted}
        Company.update(settings=settings).where(Company.id == company.id).execute()
        company.settings = settings
        if before != wanted:
            events.record("company.plugins_changed", company_id=company.id, user_id=user_id,
                          data={"disabled": wanted, "before": before})
    return wanted
