"""Replay the attacks of issue 11 against a running Guichet, from outside, and print what got through.

Usage (by hand, against any instance you are allowed to test)::

    python tests/attack_instance.py https://guichet.cabinet.fr \\
        --client client@exemple.fr:MOTDEPASSE --token JETON_API --scanner copieur:MOTDEPASSE \\
        [--sftp guichet.cabinet.fr:2222] [--data-dir /var/lib/guichet] [--max-mb 512] [--skip NOM]

The client user should manage one company (the most a client can have), the API
token should carry ``documents:write`` and ``webhooks:manage``, the scanner account is
an SFTP account of the server for scanners. Every attack prints one line: « bloqué »
when the instance refused it, « PASSÉ » when it got through, « non testé » when the
credentials given do not allow trying it (or it could not run: the detail says why).
Exit code: 0 when every attack was blocked, 1 when one got through, 2 when none got
through but some could not be tried.

Nothing here changes the instance when the attacks are blocked; when one gets through,
the script says so and leaves what it created (a connector configuration, a webhook)
for the administrator to see and remove.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

BLOCKED, PASSED, UNTESTED = "bloqué", "PASSÉ", "non testé"
TIMEOUT = 30


@dataclass
class Result:
    """One attack and what the instance did."""

    name: str
    outcome: str
    detail: str


@dataclass
class Target:
    """The instance and the credentials to attack it with."""

    base: str
    client: tuple[str, str]
    token: str
    scanner: tuple[str, str]
    sftp: tuple[str, int]
    data_dir: str
    max_mb: int
    verify_tls: bool = True


# ---------------------------------------------------------------------------
# A client user's browser session
# ---------------------------------------------------------------------------


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html)
    if not found:
        msg = "jeton CSRF introuvable dans la page"
        raise RuntimeError(msg)
    return found.group(1)


def login(target: Target) -> requests.Session:
    """A browser-like session of the client user."""
    session = requests.Session()
    session.verify = target.verify_tls
    page = session.get(f"{target.base}/login", timeout=TIMEOUT)
    email, password = target.client
    answer = session.post(f"{target.base}/login", timeout=TIMEOUT, allow_redirects=False,
                          data={"email": email, "password": password, "csrf_token": _csrf(page.text)})
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        msg = f"connexion du client refusée (HTTP {answer.status_code})"
        raise RuntimeError(msg)
    return session


def company_id(target: Target, session: requests.Session) -> int:
    """The id of the client's (first) company."""
    page = session.get(f"{target.base}/", timeout=TIMEOUT)
    found = re.search(r"/dossiers/(\d+)/", page.url) or re.search(r"/dossiers/(\d+)/", page.text)
    if not found:
        msg = "aucun dossier visible pour ce client"
        raise RuntimeError(msg)
    return int(found.group(1))


def _configure(target: Target, session: requests.Session, company: int, connector: str,
               values: dict[str, str]) -> tuple[str, str]:
    """Try to save a connector configuration; (outcome, detail)."""
    url = f"{target.base}/plugins/connectors_admin/dossiers/{company}/configurer?connector={connector}"
    token = _csrf(session.get(f"{target.base}/dossiers/", timeout=TIMEOUT).text)  # the session's CSRF token
    answer = session.post(url, data={**values, "enabled": "on", "csrf_token": token}, timeout=TIMEOUT)
    if answer.status_code == 400:
        return UNTESTED, "HTTP 400 : requête refusée avant d'être lue (CSRF ?)"
    if answer.status_code in (403, 404):
        return BLOCKED, f"HTTP {answer.status_code}"
    if "Configuration refusée" in answer.text:
        return BLOCKED, "configuration refusée"
    return PASSED, f"configuration acceptée (HTTP {answer.status_code})"


# ---------------------------------------------------------------------------
# The attacks
# ---------------------------------------------------------------------------


def folder_on_data_dir(target: Target) -> Result:
    """Finding 1: a client points a folder connector at the instance's own files."""
    name = "dossier surveillé sur le dossier de l'instance (client)"
    session = login(target)
    company = company_id(target, session)
    details = []
    for connector in ("watched_folder", "usb_drop"):
        outcome, detail = _configure(target, session, company, connector,
                                     {"path": target.data_dir, "stable_seconds": "0"})
        details.append(f"{connector} : {detail}")
        if outcome != BLOCKED:
            return Result(name, outcome, "; ".join(details))
        run = session.post(f"{target.base}/plugins/connectors_admin/dossiers/{company}/relever?connector={connector}",
                           timeout=TIMEOUT, allow_redirects=False)
        if run.status_code not in (400, 403, 404):
            return Result(name, PASSED, f"{connector} : relevé lancé (HTTP {run.status_code})")
    return Result(name, BLOCKED, "; ".join(details))


def imap_internal_port(target: Target) -> Result:
    """Finding 1: a client points the IMAP connector at an internal port (port scan)."""
    name = "IMAP vers un port interne (client)"
    session = login(target)
    outcome, detail = _configure(target, session, company_id(target, session), "imap",
                                 {"host": "127.0.0.1", "port": "5432", "username": "x", "password": "y",
                                  "security": "none"})
    return Result(name, outcome, detail)


def _sftp(target: Target, username: str, password: str):  # paramiko is imported here only
    import paramiko

    transport = paramiko.Transport(target.sftp)
    try:
        transport.connect(username=username, password=password)
    except paramiko.AuthenticationException:
        transport.close()
        return None, None
    return transport, paramiko.SFTPClient.from_transport(transport)


def sftp_path_escape(target: Target) -> Result:
    """Finding 2: the scanner account tries to leave its inbox."""
    name = "SFTP : sortie de la boîte de dépôt (scanner)"
    user, password = target.scanner
    transport, sftp = _sftp(target, user, password)
    if sftp is None:
        return Result(name, UNTESTED, "le compte scanner ne se connecte pas")
    leaks = []
    try:
        own = sorted(sftp.listdir("/"))
        for path in ("/..", "../..", "/../../..", "../processed"):
            try:
                if sorted(sftp.listdir(path)) != own:
                    leaks.append(f"liste {path}")
            except OSError:
                pass
        for path in ("../../secret_key", "/../../guichet.db", "/etc/passwd", "../../../../../../etc/passwd"):
            try:
                with sftp.open(path) as handle:
                    handle.read(16)
                leaks.append(f"lecture {path}")
            except OSError:
                pass
        try:
            sftp.symlink("/etc/passwd", "lien-attaque")
            leaks.append("lien symbolique créé")
        except OSError:
            pass
        try:
            sftp.putfo(io.BytesIO(b"x"), "../../attaque.part")
            if "attaque.part" not in sftp.listdir("/"):
                leaks.append("écriture hors de la boîte")
            sftp.remove("../../attaque.part")
        except OSError:
            pass
    finally:
        transport.close()
    return Result(name, PASSED if leaks else BLOCKED, ", ".join(leaks) or "la boîte est tout le système de fichiers")


def sftp_account_names(target: Target) -> Result:
    """Finding 2: account names used as paths (``scanb/``, ``../scanb``, ``/abs/path``)."""
    name = "SFTP : nom de compte en forme de chemin (scanner)"
    user, password = target.scanner
    opened = []
    for variant in (f"{user}/", f"../{user}", f"/{user}", f"{user}/../{user}", f"./{user}"):
        transport, _sftp_client = _sftp(target, variant, password)
        if transport is not None:
            opened.append(variant)
            transport.close()
    return Result(name, PASSED if opened else BLOCKED, f"ouverts : {', '.join(opened)}" if opened else "tous refusés")


def _api(target: Target) -> dict[str, str]:
    return {"Authorization": f"Bearer {target.token}"}


def webhook_to_loopback(target: Target) -> Result:
    """Finding 6: webhooks to the server itself, its LAN and the cloud metadata address."""
    name = "webhook vers 127.0.0.1, localhost, [::1], 169.254.169.254 (jeton API)"
    port = urlsplit(target.base).port or 80
    accepted, refused = [], 0
    for url in (f"http://127.0.0.1:{port}/", "http://localhost/", "http://[::1]/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://0.0.0.0/"):
        answer = requests.post(f"{target.base}/api/v1/webhooks", json={"url": url}, headers=_api(target),
                               timeout=TIMEOUT, verify=target.verify_tls)
        if answer.status_code == 403:
            return Result(name, UNTESTED, "le jeton n'a pas le droit webhooks:manage")
        if answer.status_code == 201:
            accepted.append(url)
        elif answer.status_code == 422:
            refused += 1
    if accepted:
        return Result(name, PASSED, f"acceptés : {', '.join(accepted)}")
    return Result(name, BLOCKED if refused == 6 else PASSED, f"{refused}/6 refusés (HTTP 422)")


def _is_json(answer: requests.Response) -> bool:
    try:
        return answer.headers.get("Content-Type", "").startswith("application/json") and "error" in answer.json()
    except ValueError:
        return False


class _ZeroBody:
    """A request body ``head + size zero bytes + tail`` read in chunks, with a length (for Content-Length)."""

    def __init__(self, head: bytes, size: int, tail: bytes) -> None:
        self.parts = [head, size, tail]
        self.total = len(head) + size + len(tail)

    def __len__(self) -> int:
        return self.total

    def read(self, amount: int = 1024 * 1024) -> bytes:
        while self.parts:
            part = self.parts[0]
            if isinstance(part, int):
                take = min(part, amount if amount and amount > 0 else 1024 * 1024)
                if part - take:
                    self.parts[0] = part - take
                else:
                    self.parts.pop(0)
                return bytes(take)
            self.parts.pop(0)
            if part:
                return part
        return b""


def oversized_upload(target: Target) -> Result:
    """Finding 9: an upload just over the limit must be refused with a JSON French message."""
    name = f"envoi de plus de {target.max_mb} Mo par l'API (jeton API)"
    boundary = "attaque-guichet"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="gros.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = target.max_mb * 1024 * 1024 + 256 * 1024
    body = _ZeroBody(head, size, tail)  # streamed with its Content-Length, never held in memory
    try:
        answer = requests.post(f"{target.base}/api/v1/documents", data=body, timeout=300, verify=target.verify_tls,
                               headers={**_api(target), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    except requests.ConnectionError as exc:
        return Result(name, PASSED, f"connexion coupée sans réponse : {type(exc).__name__}")
    if answer.status_code == 413 and _is_json(answer):
        return Result(name, BLOCKED, f"HTTP 413 : {answer.json()['error']}")
    return Result(name, PASSED, f"HTTP {answer.status_code} {answer.headers.get('Content-Type', '')}")


def deep_json(target: Target) -> Result:
    """Finding 10: JSON nested 1000 deep must be a clear 400, not a 500."""
    name = "JSON imbriqué sur 1000 niveaux (jeton API)"
    body = b"[" * 1000 + b"]" * 1000
    statuses = []
    for path in ("/api/v1/documents", "/api/v1/webhooks"):
        answer = requests.post(f"{target.base}{path}", data=body, timeout=TIMEOUT, verify=target.verify_tls,
                               headers={**_api(target), "Content-Type": "application/json"})
        if answer.status_code == 403:
            continue  # a scope the token lacks: the other path says it
        statuses.append(answer.status_code)
        if not (answer.status_code == 400 and _is_json(answer)):
            return Result(name, PASSED, f"{path} : HTTP {answer.status_code}")
    if not statuses:
        return Result(name, UNTESTED, "le jeton n'a aucun des droits documents:write, webhooks:manage")
    return Result(name, BLOCKED, "HTTP 400 avec un message")


def logout_replay(target: Target) -> Result:
    """Finding 10: the session cookie must stop working at logout."""
    name = "cookie de session rejoué après déconnexion (client)"
    session = login(target)
    page = session.get(f"{target.base}/dossiers/", timeout=TIMEOUT)
    stolen = requests.utils.dict_from_cookiejar(session.cookies)
    session.post(f"{target.base}/logout", data={"csrf_token": _csrf(page.text)}, timeout=TIMEOUT)
    replay = requests.get(f"{target.base}/dossiers/", cookies=stolen, timeout=TIMEOUT, allow_redirects=False,
                          verify=target.verify_tls)
    if replay.status_code in (301, 302, 303) and "/login" in replay.headers.get("Location", ""):
        return Result(name, BLOCKED, "renvoyé vers la connexion")
    if replay.status_code in (401, 403):
        return Result(name, BLOCKED, f"HTTP {replay.status_code}")
    return Result(name, PASSED, f"HTTP {replay.status_code} : la session vit encore")


ATTACKS: dict[str, Callable[[Target], Result]] = {
    "folder": folder_on_data_dir,
    "imap": imap_internal_port,
    "sftp-escape": sftp_path_escape,
    "sftp-names": sftp_account_names,
    "webhook": webhook_to_loopback,
    "upload": oversized_upload,
    "json": deep_json,
    "logout": logout_replay,
}


def run_attacks(target: Target, skip: tuple[str, ...] = ()) -> list[Result]:
    """Every attack not in ``skip``; one that fails to run is reported, never hides the others."""
    results = []
    for key, attack in ATTACKS.items():
        if key in skip:
            continue
        try:
            results.append(attack(target))
        except Exception as exc:  # noqa: BLE001 - report and go on
            results.append(Result(attack.__doc__.splitlines()[0] if attack.__doc__ else key, UNTESTED,
                                  f"{type(exc).__name__}: {exc}"))
    return results


def table(results: list[Result]) -> str:
    """The results as a text table."""
    widths = [max(len(h), *(len(getattr(r, f)) for r in results)) for h, f in
              (("attaque", "name"), ("résultat", "outcome"), ("détail", "detail"))]
    rows = [("attaque", "résultat", "détail"), *((r.name, r.outcome, r.detail) for r in results)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [line]
    for index, row in enumerate(rows):
        out.append("|".join(f" {c:<{w}} " for c, w in zip(row, widths, strict=True)))
        if index == 0:
            out.append(line)
    out.append(line)
    return "\n".join(out)


def _pair(text: str) -> tuple[str, str]:
    left, sep, right = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError("attendu : NOM:MOTDEPASSE")
    return left, right


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the attacks, print the table; 0 when nothing got through."""
    parser = argparse.ArgumentParser(description="Rejouer les attaques de l'issue 11 contre une instance Guichet.")
    parser.add_argument("base", help="adresse de l'instance, ex. https://guichet.cabinet.fr")
    parser.add_argument("--client", type=_pair, required=True, help="EMAIL:MOTDEPASSE d'un client (gère un dossier)")
    parser.add_argument("--token", required=True, help="jeton de l'API (documents:write, webhooks:manage)")
    parser.add_argument("--scanner", type=_pair, required=True, help="COMPTE:MOTDEPASSE d'un compte SFTP de scanner")
    parser.add_argument("--sftp", help="HÔTE:PORT du serveur SFTP (défaut : l'hôte de l'instance, port 2222)")
    parser.add_argument("--data-dir", default="/var/lib/guichet", help="dossier de l'instance sur le serveur")
    parser.add_argument("--max-mb", type=int, default=512, help="taille d'envoi maximale de l'instance (Mo)")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(ATTACKS), help="attaque à ne pas tenter")
    parser.add_argument("--insecure", action="store_true", help="ne pas vérifier le certificat TLS")
    args = parser.parse_args(argv)
    host = urlsplit(args.base).hostname or "127.0.0.1"
    sftp_host, _, sftp_port = (args.sftp or f"{host}:2222").rpartition(":")
    target = Target(args.base.rstrip("/"), args.client, args.token, args.scanner, (sftp_host, int(sftp_port)),
                    args.data_dir, args.max_mb, verify_tls=not args.insecure)
    results = run_attacks(target, tuple(args.skip))
    print(table(results))
    if any(r.outcome == PASSED for r in results):
        return 1
    return 2 if any(r.outcome == UNTESTED for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
