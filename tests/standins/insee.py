"""Stand-in of the INSEE Sirene API 3.11 (portail-api.insee.fr), as published.

- ``GET /api-sirene/3.11/siren/{siren}`` → ``{"header": {"statut": 200, "message": "OK"},
  "uniteLegale": {"siren", "statutDiffusionUniteLegale", ..., "periodesUniteLegale": [{"dateFin": null,
  "dateDebut", "etatAdministratifUniteLegale", "denominationUniteLegale", ...}]}}``
- ``GET /api-sirene/3.11/siret/{siret}`` → ``{"header": ..., "etablissement": {"siren", "nic", "siret",
  "uniteLegale": {...}, "periodesEtablissement": [{"dateFin": null, "dateDebut",
  "etatAdministratifEtablissement"}]}}``
- unknown number → 404 ``{"header": {"statut": 404, "message": "Aucun élément trouvé pour ..."}}``
- missing or wrong ``X-INSEE-Api-Key-Integration`` → 401
- more than ``limit`` calls in ``window`` seconds → 429 with ``Retry-After`` (the published quota is 30/min)
- ``fail_next`` > 0 → that many 503 answers (maintenance)
"""

from __future__ import annotations

import re
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from standins.base import StandIn, send_json

PREFIX = "/api-sirene/3.11"


class SireneHandler(BaseHTTPRequestHandler):
    standin: InseeStandIn

    def do_GET(self) -> None:  # http.server naming
        s = self.standin
        key = self.headers.get("X-INSEE-Api-Key-Integration")
        s.requests.append({"path": self.path, "key": key, "at": time.monotonic()})
        if key != s.api_key:
            send_json(self, 401, {"header": {"statut": 401, "message": "Invalid API key"}})
            return
        now = time.monotonic()
        with s._lock:
            s.calls = [t for t in s.calls if now - t < s.window]
            limited = len(s.calls) >= s.limit
            if not limited:
                s.calls.append(now)
            failing = s.fail_next > 0
            if failing:
                s.fail_next -= 1
        if limited:
            s.refused += 1
            send_json(self, 429, {"header": {"statut": 429, "message": "Too Many Requests"}},
                      {"Retry-After": str(s.retry_after)})
            return
        if failing:
            send_json(self, 503, {"header": {"statut": 503, "message": "Service indisponible"}})
            return
        match = re.fullmatch(rf"{PREFIX}/(siren|siret)/(\d+)", self.path.split("?")[0])
        if not match:
            send_json(self, 404, {"header": {"statut": 404, "message": "Ressource inconnue"}})
            return
        kind, number = match.groups()
        body = s.unit_body(number) if kind == "siren" else s.establishment_body(number)
        if body is None:
            send_json(self, 404, {"header": {"statut": 404, "message": f"Aucun élément trouvé pour le {kind} {number}"}})
            return
        send_json(self, 200, {"header": {"statut": 200, "message": "OK"}, **body})


class InseeStandIn(StandIn):
    """The stand-in server; fill ``units`` and ``establishments`` before calling it."""

    handler = SireneHandler

    def __init__(self, api_key: str = "test-key", *, limit: int = 30, window: float = 60.0,
                 retry_after: int = 1) -> None:
        super().__init__()
        self.api_key = api_key
        self.limit = limit
        self.window = window
        self.retry_after = retry_after
        self.calls: list[float] = []
        self.refused = 0
        self.fail_next = 0
        self.units: dict[str, dict[str, Any]] = {}  # siren -> {"state", "name", "since"}
        self.establishments: dict[str, dict[str, Any]] = {}  # siret -> {"state", "since"}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def add_unit(self, siren: str, name: str, state: str = "A", since: str = "2015-01-01") -> None:
        self.units[siren] = {"state": state, "name": name, "since": since}

    def add_establishment(self, siret: str, state: str = "A", since: str = "2015-01-01") -> None:
        self.establishments[siret] = {"state": state, "since": since}

    def _unit(self, siren: str) -> dict[str, Any] | None:
        unit = self.units.get(siren)
        if unit is None:
            return None
        return {
            "siren": siren, "statutDiffusionUniteLegale": "O", "dateCreationUniteLegale": "1990-01-01",
            "trancheEffectifsUniteLegale": "12", "dateDernierTraitementUniteLegale": "2026-10-01T03:00:00",
            "nombrePeriodesUniteLegale": 2, "categorieEntreprise": "PME",
            "periodesUniteLegale": [
                {"dateFin": None, "dateDebut": unit["since"], "etatAdministratifUniteLegale": unit["state"],
                 "changementEtatAdministratifUniteLegale": unit["state"] == "C", "nomUniteLegale": None,
                 "denominationUniteLegale": unit["name"], "categorieJuridiqueUniteLegale": "5710",
                 "activitePrincipaleUniteLegale": "62.01Z", "nicSiegeUniteLegale": "00012"},
                {"dateFin": unit["since"], "dateDebut": "1990-01-01", "etatAdministratifUniteLegale": "A",
                 "denominationUniteLegale": unit["name"]},
            ],
        }

    def unit_body(self, siren: str) -> dict[str, Any] | None:
        unit = self._unit(siren)
        return None if unit is None else {"uniteLegale": unit}

    def establishment_body(self, siret: str) -> dict[str, Any] | None:
        est = self.establishments.get(siret)
        if est is None:
            return None
        unit = self._unit(siret[:9]) or {}
        period = unit.get("periodesUniteLegale", [{}])[0]
        return {"etablissement": {
            "siren": siret[:9], "nic": siret[9:], "siret": siret, "statutDiffusionEtablissement": "O",
            "etablissementSiege": True, "nombrePeriodesEtablissement": 1,
            "uniteLegale": {"etatAdministratifUniteLegale": period.get("etatAdministratifUniteLegale"),
                            "denominationUniteLegale": period.get("denominationUniteLegale")},
            "adresseEtablissement": {"codePostalEtablissement": "75008", "libelleCommuneEtablissement": "PARIS"},
            "periodesEtablissement": [{"dateFin": None, "dateDebut": est["since"],
                                       "etatAdministratifEtablissement": est["state"]}],
        }}
