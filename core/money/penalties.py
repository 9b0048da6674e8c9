"""Late-payment penalties accrued by law between professionals (Code de commerce L441-10, D441-5).

Unless agreed otherwise, penalties run from the day after the due date at the ECB's
main refinancing rate + 10 points, the ECB rate being the one in force on 1 January
for days of the first half-year and on 1 July for the second (L441-10 II). A fixed
40 € recovery indemnity is due per invoice paid late (D441-5). Interest is simple,
on the amount still due, per day (actual days / 365).

The ECB rates by half-year are configuration (``[payments] ecb_rates`` in
config/defaults.toml): the appliance cannot fetch them, the firm updates them twice a year.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Points added to the ECB rate (L441-10 II).
MARGIN = Decimal("10")
#: Recovery indemnity per invoice (D441-5), in euros.
INDEMNITY = Decimal("40.00")
CENT = Decimal("0.01")


def _half_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


class PenaltyRates:
    """The legal penalty rate for each day, from the ECB rates by half-year (ISO date → percent)."""

    def __init__(self, ecb_rates: Mapping[str, str | float]) -> None:
        """Keep the table; the rate of a half-year missing from it is the last known one."""
        self.table = sorted((dt.date.fromisoformat(day), Decimal(str(rate))) for day, rate in ecb_rates.items())
        self._factor = lru_cache(maxsize=8192)(self._factor_uncached)

    def ecb_rate(self, day: dt.date) -> Decimal:
        """The ECB rate that applies to ``day`` (the one in force on 1 January or 1 July)."""
        start = _half_start(day)
        rate = self.table[0][1] if self.table else Decimal("0")
        for since, value in self.table:
            if since <= start:
                rate = value
        return rate

    def rate(self, day: dt.date) -> Decimal:
        """The legal penalty rate (percent per year) for ``day``."""
        return self.ecb_rate(day) + MARGIN

    def _factor_uncached(self, due: dt.date, today: dt.date) -> Decimal:
        """Σ rate/100/365 over the days from the day after ``due`` to ``today`` included."""
        total = Decimal("0")
        day = due + dt.timedelta(days=1)
        while day <= today:
            start = _half_start(day)
            end = dt.date(day.year, 6, 30) if start.month == 1 else dt.date(day.year, 12, 31)
            stop = min(end, today)
            days = (stop - day).days + 1
            total += self.rate(day) * days / Decimal(36500)
            day = stop + dt.timedelta(days=1)
        return total

    def factor(self, due: dt.date, today: dt.date) -> Decimal:
        """What one euro still due since ``due`` has accrued by ``today`` (0 when not late)."""
        if due >= today:
            return Decimal("0")
        return self._factor(due, today)

    def interest(self, outstanding: Decimal, due: dt.date, today: dt.date) -> Decimal:
        """Penalties accrued on ``outstanding`` (rounded to the cent)."""
        return (outstanding * self.factor(due, today)).quantize(CENT, ROUND_HALF_UP)


def from_settings(settings: object) -> PenaltyRates:
    """The rates configured in ``[payments] ecb_rates``."""
    table = settings.get("payments.ecb_rates", {}) if settings is not None else {}
    return PenaltyRates(table or {"2025-07-01": "2.15"})
