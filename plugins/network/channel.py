"""The e-invoicing network as a delivery channel of the distribution work (id ``network``, order 10).

The distribution's ``distribute`` stage picks a channel per customer
(:mod:`guichet.core.sales.channels`); this one hands the invoice to the company's platform
through :func:`guichet.core.network.sending.send_invoice`, which the ``network`` stage also
calls: the tracking id is the document's, so the two never make two flows. The lifecycle
statuses become delivery states: 203 Mise à disposition and the buyer's answers →
"delivered", 212 Encaissée → "paid", 210 Refusée and 213 Rejetée → "error".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core.sales.channels import ChannelUnavailable, DeliveryChannel, DeliveryRefused, Handed

if TYPE_CHECKING:
    from guichet.core.model.sales_models import Customer
    from guichet.core.ops.runtime import Runtime
    from guichet.core.sales.channels import DeliveryJob

#: Seconds between two looks at a delivery on the network (the statuses arrive by the poll).
RECHECK = 3600
DELIVERED = frozenset({"203", "204", "205", "206", "207", "208", "211"})
REFUSED = frozenset({"210", "213"})


class NetworkChannel(DeliveryChannel):
    """Deliver through the company's Plateforme Agréée (see the module's docstring)."""

    id = "network"
    label = "Réseau de facturation électronique"
    order = 10

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """No emission platform, a customer abroad or without SIREN nor electronic address (local checks only)."""
        from guichet.core.network import accounts

        problems = []
        if not accounts.accounts_of(rt, customer.company_id, accounts.EMISSION):
            problems.append("aucune plateforme agréée d'émission configurée pour la société")
        country = str((customer.address or {}).get("country") or "FR").upper()
        if country != "FR":
            problems.append(f"client établi hors de France ({country}) : e-reporting, pas le réseau")
        if not (customer.siren or customer.electronic_address):
            problems.append("ni SIREN ni adresse électronique (BT-49) du client")
        return problems

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """Deposit the flow (directory look-up first); a buyer not on the network is refused for this channel."""
        from guichet.core.errors import FlowRefused, NetworkNotConfigured, PlatformError
        from guichet.core.model.network_models import Route
        from guichet.core.network import sending

        try:
            result = sending.send_invoice(rt, job.document)
        except PlatformError as exc:
            if exc.transient:
                raise ChannelUnavailable(str(exc)) from exc
            raise DeliveryRefused(str(exc)) from exc
        except (FlowRefused, NetworkNotConfigured) as exc:
            raise DeliveryRefused(str(exc)) from exc
        if result.route == Route.EREPORTING:
            raise DeliveryRefused(result.message)
        return _handed(result.last_code, result.flow_id) or Handed(
            "sent", external_id=result.flow_id, reason=result.message, recheck_after=RECHECK)

    def poll(self, rt: Runtime, job: DeliveryJob) -> Handed | None:
        """The delivery state the last lifecycle status means; None while it says nothing new."""
        from guichet.core.model.network_models import NetworkDocument

        place = NetworkDocument.get_or_none(NetworkDocument.document == job.document.id)
        handed = _handed(place.last_code, place.flow_id) if place else None
        if handed is None or handed.state == job.delivery.state:
            return None
        return handed


def _handed(code: str | None, flow_id: str | None) -> Handed | None:
    from guichet.core.model import lifecycle

    if not code:
        return None
    reason = f"{code} {lifecycle.label(code)}"
    if code == "212":
        return Handed("paid", external_id=flow_id, reason=reason)
    if code in REFUSED:
        return Handed("error", external_id=flow_id, reason=reason)
    if code in DELIVERED:
        return Handed("delivered", external_id=flow_id, reason=reason, recheck_after=RECHECK)
    return None
