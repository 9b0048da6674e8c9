"""Stand-in of PISTE's OAuth2 server and the Chorus Pro API, as published (shared/docs/domain.md §3).

- ``POST /api/oauth/token`` (form ``grant_type=client_credentials``, ``client_id``, ``client_secret``,
  ``scope=openid``) → ``{"access_token", "token_type": "Bearer", "expires_in": 3600, "scope": "openid"}``;
  wrong credentials → 401 ``{"error": "invalid_client"}``.
- ``POST /cpro/...`` needs ``Authorization: Bearer <token>`` (401 otherwise, or when the token
  was revoked: :meth:`ChorusStandIn.expire_tokens`) and ``cpro-account: base64(login:password)``
  (403 ``{"codeRetour": 20001, "libelle": "GCU_MSG_01_000 ..."}`` when wrong).
- ``structures/v1/rechercher`` → ``{"codeRetour": 0, "libelle": "TRA_MSG_00.000", "listeStructures": [...]}``
  (an unknown SIRET: ``codeRetour`` 20002 with HTTP 400, as PISTE answers "aucune structure").
- ``structures/v1/consulter`` → ``{"codeRetour": 0, "idStructureCPP", "parametres": {...}}``.
- ``factures/v1/deposer/flux`` → ``{"codeRetour": 0, "numeroFluxDepot", "dateDepot", "syntaxeFlux"}``;
  a bad ``syntaxeFlux``, a ``nomFichier`` over 50 characters or a file that is not base64 → 400
  with ``codeRetour`` 20003 and a ``libelle``.
- ``transverses/v1/consulterCR`` → ``{"codeRetour": 0, "etatCourantDepotFlux", "listeErreurDP"}``;
  ``factures/v1/rechercher/fournisseur`` → ``{"codeRetour": 0, "listeFactures": [{"identifiantFactureCPP", "statut"}]}``.
- ``transverses/v1/ajouter/fichier`` (``pieceJointeFichier`` base64, ``pieceJointeNom`` ≤ 50,
  ``pieceJointeTypeMime``, ``pieceJointeExtension``) → ``{"codeRetour": 0, "pieceJointeId"}``;
  ``factures/v1/completer`` (``identifiantFactureCPP``, ``commentaire``, ``pieceJointeComplementaire``:
  ``[{"pieceJointeComplementaireId", "pieceJointeComplementaireDesignation", "pieceJointeComplementaireType"}]``)
  → ``{"codeRetour": 0, "identifiantFactureCPP", "numeroFacture", "dateTraitement"}``; only a SUSPENDUE
  invoice (codeRetour 20006 with HTTP 400 otherwise); the invoice is then COMPLETEE.

What happens to each deposit is scripted: ``outcomes`` (popped per deposit) is a list of
states the flux and its invoice go through, one per look: ``"IN_RECU"``, ``"IN_REJETE"``,
or an invoice status (``"MISE_A_DISPOSITION"``, ``"REJETEE"``, ``"MISE_EN_PAIEMENT"``...).
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from standins.base import StandIn, send_json

CLIENT_ID = "piste-guichet"
CLIENT_SECRET = "piste-secret"
LOGIN = "TECH_1_guichet@cpro.fr"
PASSWORD = "motdepasse-technique"
SYNTAXES = {"IN_DP_E1_UBL_INVOICE", "IN_DP_E1_CII_16B", "IN_DP_E2_CII_FACTURX", "IN_DP_E2_UBL_INVOICE_MIN",
            "IN_DP_E2_CII_MIN_16B", "IN_DP_E1_PES_FACTURE", "IN_DP_E1_XCBL", "IN_DP_E2_CPP_FACTURE_MIN"}


class ChorusHandler(BaseHTTPRequestHandler):
    standin: ChorusStandIn

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_POST(self) -> None:
        s = self.standin
        raw = self._body()
        if self.path == "/api/oauth/token":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            s.requests.append({"path": self.path, "form": form})
            if (form.get("grant_type") != "client_credentials" or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET):
                send_json(self, 401, {"error": "invalid_client", "error_description": "Client authentication failed"})
                return
            token = secrets.token_hex(16)
            s.tokens.add(token)
            send_json(self, 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": "openid"})
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        s.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in s.tokens:
            send_json(self, 401, {"httpCode": "401", "httpMessage": "Unauthorized",
                                  "moreInformation": "Invalid token"})
            return
        account = base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()
        if self.headers.get("cpro-account") != account:
            send_json(self, 403, {"codeRetour": 20001, "libelle": "GCU_MSG_01_000 Compte technique invalide"})
            return
        if s.down:
            send_json(self, 503, {"codeRetour": 99, "libelle": "Service indisponible"})
            return
        route = {"/cpro/structures/v1/rechercher": self.search, "/cpro/structures/v1/consulter": self.consult,
                 "/cpro/factures/v1/deposer/flux": self.deposit, "/cpro/transverses/v1/consulterCR": self.report,
                 "/cpro/factures/v1/rechercher/fournisseur": self.invoices,
                 "/cpro/transverses/v1/ajouter/fichier": self.add_file,
                 "/cpro/factures/v1/completer": self.complete}.get(self.path)
        if route is None or not isinstance(body, dict):
            send_json(self, 404 if route is None else 400, {"codeRetour": 1, "libelle": "requête invalide"})
            return
        route(body)

    def search(self, body: dict) -> None:
        siret = (body.get("structure") or {}).get("identifiantStructure")
        found = self.standin.structures.get(siret)
        if found is None:
            send_json(self, 400, {"codeRetour": 20002, "libelle": "GCU_MSG_05_000 Aucune structure trouvée"})
            return
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "listeStructures": [
            {"idStructureCPP": found["id"], "identifiantStructure": siret, "designationStructure": found["name"],
             "typeIdentifiantStructure": "SIRET"}]})

    def consult(self, body: dict) -> None:
        found = next((v for v in self.standin.structures.values() if v["id"] == body.get("idStructureCPP")), None)
        if found is None:
            send_json(self, 400, {"codeRetour": 20002, "libelle": "structure inconnue"})
            return
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "idStructureCPP": found["id"],
                              "parametres": found["parametres"]})

    def deposit(self, body: dict) -> None:
        s = self.standin
        name, syntax = str(body.get("nomFichier") or ""), body.get("syntaxeFlux")
        try:
            data = base64.b64decode(body.get("fichierFlux") or "", validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if syntax not in SYNTAXES or not name or len(name) > 50 or not data.startswith(b"%PDF"):
            send_json(self, 400, {"codeRetour": 20003, "libelle": "Le flux est invalide (syntaxe, nom ou contenu)"})
            return
        flux = f"CPP{len(s.deposits) + 1:09d}"
        s.deposits[flux] = {"name": name, "data": data, "script": list(s.outcomes.pop(0) if s.outcomes else ["MISE_A_DISPOSITION"]),
                            "state": "IN_RECU", "status": None}
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "numeroFluxDepot": flux,
                              "dateDepot": "2026-12-05", "syntaxeFlux": syntax})

    def _advance(self, flux: str) -> dict | None:
        entry = self.standin.deposits.get(flux)
        if entry is None:
            return None
        if entry["script"]:
            step = entry["script"].pop(0)
            if step.startswith("IN_"):
                entry["state"] = step
            else:
                entry["state"], entry["status"] = "IN_INTEGRE", step
        return entry

    def report(self, body: dict) -> None:
        entry = self._advance(str(body.get("numeroFluxDepot")))
        if entry is None:
            send_json(self, 400, {"codeRetour": 20004, "libelle": "flux inconnu"})
            return
        errors = ([{"libelleErreurDP": "Le SIRET du destinataire est inconnu", "codeErreurDP": "E0001"}]
                  if entry["state"] == "IN_REJETE" else [])
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "etatCourantDepotFlux": entry["state"],
                              "listeErreurDP": errors})

    def invoices(self, body: dict) -> None:
        entry = self.standin.deposits.get(str(body.get("numeroFluxDepot")))
        found = [] if entry is None or not entry["status"] else [
            {"identifiantFactureCPP": 4242, "statut": entry["status"], "numeroFacture": entry["name"]}]
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "listeFactures": found})


    def add_file(self, body: dict) -> None:
        s = self.standin
        try:
            data = base64.b64decode(body.get("pieceJointeFichier") or "", validate=True)
        except (binascii.Error, ValueError):
            data = b""
        name = str(body.get("pieceJointeNom") or "")
        if not data or not name or len(name) > 50 or not body.get("pieceJointeTypeMime"):
            send_json(self, 400, {"codeRetour": 20005, "libelle": "La pièce jointe est invalide"})
            return
        s.files.append({"name": name, "data": data, "mime": body["pieceJointeTypeMime"]})
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "pieceJointeId": len(s.files)})

    def complete(self, body: dict) -> None:
        s = self.standin
        entry = next((e for e in s.deposits.values() if e["status"] and body.get("identifiantFactureCPP") == 4242), None)
        if entry is None or entry["status"] != "SUSPENDUE":
            send_json(self, 400, {"codeRetour": 20006, "libelle": "La facture n'est pas au statut SUSPENDUE"})
            return
        attached = [p.get("pieceJointeComplementaireId") for p in body.get("pieceJointeComplementaire") or []]
        if any(not isinstance(i, int) or not 0 < i <= len(s.files) for i in attached):
            send_json(self, 400, {"codeRetour": 20007, "libelle": "Pièce jointe inconnue"})
            return
        entry["status"] = "COMPLETEE"
        entry["completed"] = {"comment": body.get("commentaire"), "files": [s.files[i - 1]["name"] for i in attached]}
        send_json(self, 200, {"codeRetour": 0, "libelle": "TRA_MSG_00.000", "identifiantFactureCPP": 4242,
                              "numeroFacture": entry["name"], "dateTraitement": "2026-12-05"})


class ChorusStandIn(StandIn):
    handler = ChorusHandler

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()
        self.structures: dict[str, dict] = {}
        self.deposits: dict[str, dict] = {}
        self.outcomes: list[list[str]] = []
        self.files: list[dict] = []
        self.down = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add_structure(self, siret: str, *, name: str = "MAIRIE DE LYON", service: bool = False,
                      engagement: bool = False) -> None:
        self.structures[siret] = {"id": 25000 + len(self.structures), "name": name, "parametres": {
            "codeServiceDoitEtreRenseigne": service, "numeroEJDoitEtreRenseigne": engagement,
            "gestionNumeroEJOuCodeService": False}}

    def expire_tokens(self) -> None:
        self.tokens.clear()
