"""Where Guichet may connect on someone's behalf: public addresses only, unless the admin allows a host.

Every outbound connection whose target a company, a client user or an API client
chooses (webhooks today; the e-invoicing platform, SMTP, Chorus Pro, SFTP to the
firm tomorrow) goes through this module, so that nobody can make the server reach
its own network (SSRF): the instance's loopback services (database, Redis, the
admin pages), the cloud metadata address 169.254.169.254, the firm's LAN.

A target is refused when it is, or resolves to, an address that is loopback
(127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10), private (10/8,
172.16/12, 192.168/16, fc00::/7), shared (100.64/10), multicast, unspecified
(0.0.0.0, ::) or otherwise not globally routable (reserved, documentation),
including IPv4 addresses wrapped in IPv6 (``::ffff:127.0.0.1``, 6to4, Teredo).
The firm admin opens a host explicitly with ``[outbound] allowed_hosts`` in the
instance configuration: a name (``erp.cabinet.lan``: whatever it resolves to), an
address or a network (``10.0.0.5``, ``10.1.0.0/16``). The default is empty.

Use it in two places:

1. when the target is configured: :func:`check_url` (or :func:`check_host` for a
   host and port) refuses a forbidden target with a French reason; a name that does
   not resolve yet is accepted, it is checked again at each connection;
2. at every connection: :func:`connect_address` resolves the name once, checks
   every address it got, and returns the one address to connect to. The caller
   connects to THAT address, never resolves the name again, so a DNS answer that
   changes between the check and the connection (DNS rebinding) cannot lead inside.
   For HTTP, :func:`http_session` gives a ``requests`` session doing exactly that
   (TLS still verifies the certificate against the name; proxies from the
   environment are ignored, redirects are checked like the first request).

Written by hand: the maintained SSRF wrappers of ``requests`` on PyPI are either
unmaintained (advocate, 2020) or HTTP-only, and SMTP or SFTP connectors need the
same rule; the classification itself is the standard library's ``ipaddress``.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from guichet.core.errors import OutboundRefused

if TYPE_CHECKING:
    import requests

    from guichet.core.settings import Settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def refused_reason(address: Address) -> str | None:
    """Why ``address`` may not be reached without the admin's leave (French), None when it is public."""
    embedded = [a for a in (getattr(address, "ipv4_mapped", None), getattr(address, "sixtofour", None))
                if a is not None]
    teredo = getattr(address, "teredo", None)
    if teredo:
        embedded.append(teredo[1])
    for inner in embedded:
        reason = refused_reason(inner)
        if reason:
            return reason
    if address.is_loopback:
        return "adresse de bouclage (le serveur lui-même)"
    if address.is_link_local:
        return "adresse lien-local (dont les métadonnées du nuage)"
    if address.is_multicast:
        return "adresse de multidiffusion"
    if address.is_unspecified:
        return "adresse non spécifiée"
    if address.is_private or not address.is_global:
        return "adresse privée ou réservée (réseau interne)"
    return None


@dataclass(frozen=True)
class Policy:
    """The hosts and networks the admin allows beside the public Internet."""

    names: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    def allows_name(self, host: str) -> bool:
        """True when ``host`` is a name the admin listed."""
        return _normal(host) in self.names

    def check_address(self, host: str, address: Address) -> None:
        """Raise :class:`OutboundRefused` unless ``address`` (of ``host``) is public or allowed."""
        reason = refused_reason(address)
        if reason is None or self.allows_name(host) or any(address in net for net in self.networks):
            return
        shown = host if host == str(address) else f"{host} ({address})"
        msg = (f"destination refusée : {shown} est une {reason} ; l'administrateur peut l'autoriser "
               "dans [outbound] allowed_hosts")
        raise OutboundRefused(msg)


def policy(settings: Settings) -> Policy:
    """The policy of ``[outbound] allowed_hosts`` (names, addresses, networks)."""
    names, networks = set(), []
    for entry in settings.get("outbound.allowed_hosts", []) or []:
        text = str(entry).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text.strip("[]"), strict=False))
        except ValueError:
            names.add(_normal(text))
    return Policy(frozenset(names), tuple(networks))


def _normal(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(_normal(host).split("%", 1)[0])
    except ValueError:
        return None


def _resolve(host: str, port: int) -> list[Address]:
    """Every address ``host`` resolves to (raises ``OSError`` when it does not resolve)."""
    found = []
    for _family, _type, _proto, _canon, sockaddr in socket.getaddrinfo(_normal(host), port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def check_host(settings: Settings, host: str, port: int = 443) -> None:
    """Refuse, when it is configured, a target host that is or resolves to a forbidden address.

    A name that does not resolve now is accepted: :func:`connect_address` checks it at
    each connection.

    :raises OutboundRefused: with a French reason.
    """
    if not host or not _normal(host):
        raise OutboundRefused("destination refusée : hôte manquant")
    rules = policy(settings)
    literal = _literal(host)
    if literal is not None:
        rules.check_address(host, literal)
        return
    if rules.allows_name(host):
        return
    try:
        addresses = _resolve(host, port)
    except OSError:
        return
    for address in addresses:
        rules.check_address(host, address)


def check_url(settings: Settings, url: str) -> None:
    """:func:`check_host` for an ``http(s)://`` URL (other schemes and credentials are refused).

    :raises OutboundRefused: with a French reason.
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise OutboundRefused("destination refusée : adresse illisible") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused("destination refusée : une adresse http(s) complète est attendue")
    if parts.username or parts.password:
        raise OutboundRefused("destination refusée : pas d'identifiants dans l'adresse")
    check_host(settings, parts.hostname, port)


def connect_address(settings: Settings, host: str, port: int) -> str:
    """The one address to connect to for ``host:port``, resolved once and checked.

    Every address the name resolves to must be allowed (a name that also points
    inside is refused whole). Connect to the returned address, never to the name.

    :raises OutboundRefused: for a forbidden address.
    :raises OSError: when the name does not resolve.
    """
    rules = policy(settings)
    literal = _literal(host)
    addresses = [literal] if literal is not None else _resolve(host, port)
    if not addresses:
        msg = f"{host} ne se résout en aucune adresse"
        raise OSError(msg)
    for address in addresses:
        rules.check_address(host, address)
    return str(addresses[0])


def http_session(settings: Settings) -> requests.Session:
    """A ``requests`` session whose every connection goes to a checked address (:func:`connect_address`).

    The URL's name is kept for the ``Host`` header, TLS SNI and certificate checks;
    environment proxies are ignored (they would resolve the name themselves).
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def guarded(base: type) -> type:
        class Guarded(base):  # type: ignore[misc, valid-type]
            def _new_conn(self) -> Any:
                # Each (re)connection resolves the URL's name again and connects to the checked address.
                self._guichet_name = getattr(self, "_guichet_name", None) or self._dns_host
                self._dns_host = connect_address(settings, self._guichet_name, self.port)
                return super()._new_conn()

        return Guarded

    class HTTPPool(HTTPConnectionPool):
        ConnectionCls = guarded(HTTPConnection)

    class HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = guarded(HTTPSConnection)

    class GuardedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}

        def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
            msg = "destination refusée : pas de mandataire (proxy) pour les envois sortants"
            raise OutboundRefused(msg)

    session = requests.Session()
    session.trust_env = False
    session.mount("http://", GuardedAdapter())
    session.mount("https://", GuardedAdapter())
    return session
