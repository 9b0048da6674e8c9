"""``/healthz`` and ``/metrics``: for the load balancer, systemd checks and Prometheus.

No login (probes have no account). ``/healthz`` says whether each dependency
answers, with the details (database kind, timings, errors) to loopback clients only: from
elsewhere it is a bare ``{"status": "ok"}`` (or ``"degraded"``), which is all a load balancer
needs and tells an outsider nothing about the machine. ``/metrics`` is served to the addresses in ``ops.metrics_allow`` (the
appliance's nginx blocks it from outside).
"""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Response, abort, current_app, jsonify, request

from guichet.core.ops.health import health, metrics_text

bp = Blueprint("ops", __name__)


def _settings():  # noqa: ANN202 - Settings, imported lazily with the runtime
    return current_app.config["GUICHET_RUNTIME"].settings


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 with ``{"status": "ok", ...}`` when the database, queue and blob store answer; 503 otherwise."""
    report = health(_settings())
    status = 200 if report["status"] == "ok" else 503
    if not _from_loopback(request.remote_addr):
        return jsonify({"status": report["status"]}), status
    return jsonify(report), status


def _from_loopback(address: str | None) -> bool:
    """Whether the client (the real one behind a trusted proxy, see ``web.proxies``) is this machine."""
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus text format, for allowed client addresses only."""
    allowed = _settings().get("ops.metrics_allow", ["127.0.0.1", "::1"])
    if "*" not in allowed and request.remote_addr not in allowed:
        abort(403)
    return Response(metrics_text(_settings()), mimetype="text/plain; version=0.0.4; charset=utf-8")
