"""The e-invoicing network as a distribution channel (id ``network``, first in the automatic order).

The network plugin (``plugins/network``) owns the sending: its own ``network`` follow-up
stage and :func:`guichet.core.network.sending.send_invoice`, which is idempotent (the
tracking id is derived from the document: a second call returns the first flow). This
channel calls that same function, so whichever of the two stages runs first sends, and the
other sees the same flow: an invoice never goes out twice on the network.

- ``missing``: the company has an emission platform (Plateforme Agréée) account;
- ``send``: a buyer found in the directory → "envoyée" with the flow, followed by the
  lifecycle statuses; a buyer the network does not reach (consumer, abroad, not in the
  directory: the invoice is routed to e-reporting) → refused here, so that the next channel
  (e-mail, print...) hands the invoice over;
- ``poll``: the last lifecycle status (``NetworkDocument.last_code``) as a delivery state:
  202-209 remise, 212 Encaissée payée, 210 Refusée / 213 Rejetée en erreur.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guichet.core import hookimpl
from guichet.core.model.sales_models import DeliveryState
from guichet.core.sales.channels import ChannelUnavailable, DeliveryChannel, DeliveryJob, DeliveryRefused, Handed

if TYPE_CHECKING:
    from guichet.core.model.sales_models import Customer
    from guichet.core.ops.runtime import Runtime

#: Seconds between two looks at the statuses (they arrive by the network plugin's poll).
RECHECK = 3600
REFUSED = {"210", "213", "220", "221"}
FINAL = {"212", "205"}


def _state(code: str | None) -> str:
    if not code or code in ("200", "201"):
        return DeliveryState.SENT
    if code == "212":
        return DeliveryState.PAID
    if code in REFUSED:
        return DeliveryState.ERROR
    return DeliveryState.DELIVERED


class NetworkChannel(DeliveryChannel):
    """Réseau de facturation électronique (Plateforme Agréée)."""

    id = "network"
    label = "Réseau (plateforme agréée)"
    order = 10

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """The company's emission platform account."""
        from guichet.core.network import accounts

        if accounts.accounts_of(rt, customer.company_id, accounts.EMISSION):
            return []
        return ["plateforme agréée d'émission du dossier"]

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """The network plugin's idempotent send; e-reporting means "not by this channel"."""
        from guichet.core.errors import FlowRefused, NetworkNotConfigured, PlatformError
        from guichet.core.model import lifecycle
        from guichet.core.model.network_models import Route
        from guichet.core.network import sending

        try:
            result = sending.send_invoice(rt, job.document)
        except (FlowRefused, NetworkNotConfigured) as exc:
            raise DeliveryRefused(str(exc)) from None
        except PlatformError as exc:
            if exc.transient:
                raise ChannelUnavailable(str(exc)) from None
            raise DeliveryRefused(str(exc)) from None
        if result.route == Route.EREPORTING:
            msg = f"client hors réseau ({result.message}) : la facture est à remettre par un autre canal"
            raise DeliveryRefused(msg)
        code = result.last_code
        reason = f"{code} {lifecycle.label(code)}" if code else result.message
        return Handed(_state(code), external_id=result.flow_id, reason=reason,
                      recheck_after=None if code in FINAL | REFUSED else RECHECK)

    def poll(self, rt: Runtime, job: DeliveryJob) -> Handed | None:
        """The last lifecycle status of the invoice."""
        from guichet.core.model import lifecycle
        from guichet.core.model.network_models import NetworkDocument

        place = NetworkDocument.get_or_none(NetworkDocument.document == job.document.id)
        code = place.last_code if place else None
        if not code:
            return Handed(DeliveryState.SENT, reason="en attente des statuts du réseau", recheck_after=RECHECK)
        return Handed(_state(code), reason=f"{code} {lifecycle.label(code)}",
                      recheck_after=None if code in FINAL | REFUSED else RECHECK)


@hookimpl
def register_delivery_channels() -> list[DeliveryChannel]:
    """The network channel."""
    return [NetworkChannel()]
