"""Delivery channels: the contract a channel plugin fulfils, and the choice of a channel per customer.

A channel (e-mail, Chorus Pro, print, EDI, the e-invoicing network...) is an object
returned by a plugin's ``register_delivery_channels`` hook (its contract is in
:mod:`guichet.core.hookspecs`). It subclasses :class:`DeliveryChannel`:

- ``id`` (stable, lowercase: stored in ``Delivery.channel`` and ``Customer.channel``),
  ``label`` (French), ``order`` (its rank when the channel is chosen automatically:
  lower first; the network 10, Chorus Pro 20, e-mail 30, EDI 40, print 90);
- ``missing(rt, customer)``: what the customer's record lacks for this channel, in
  French (an empty list: usable). Fast and local: no network call;
- ``send(rt, job)``: hand the invoice over; returns a :class:`Handed`. Raise
  :class:`ChannelUnavailable` when the other side cannot be reached (the delivery
  waits and is retried with back-off) and :class:`DeliveryRefused` when it refuses this
  invoice for good (the next usable channel is tried; else the delivery is "en erreur"),
  and :class:`MaybeHanded` when the other side may have it but nothing proves it (retried
  on this channel only, never another);
- ``poll(rt, job)``: for a channel whose answer comes later (a Chorus Pro status), the
  news since the last look, or None (nothing new). Called when ``send`` or a previous
  ``poll`` returned ``recheck_after``;
- ``can_remind(rt, customer)`` and ``remind(rt, job, notice)``: a channel that can carry
  reminders of unpaid invoices (:mod:`guichet.core.sales.reminders`); raise on failure.

The core never sends twice: a delivery already handed over (state ``sent`` or later) is
only polled. A channel must still make ``send`` safe to repeat where its protocol allows
(a deterministic Message-ID, file name or idempotency key derived from the delivery).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from guichet.core.errors import GuichetError

if TYPE_CHECKING:
    import pluggy

    from guichet.core.model.invoice import Invoice
    from guichet.core.model.models import Company, Document
    from guichet.core.model.sales_models import Customer, Delivery
    from guichet.core.ops.runtime import Runtime


class ChannelUnavailable(GuichetError):
    """The channel's other side cannot be reached now (French message): retried with back-off."""


class MaybeHanded(ChannelUnavailable):
    """The other side may have the invoice, but nothing proves it (a receipt that does not verify).

    Retried with back-off on the same channel (the same message, which the other side
    recognises), never handed to another channel: that could send the invoice twice. Once
    the retries are spent, a person decides.
    """


class DeliveryRefused(GuichetError):
    """The channel refuses this invoice for good (French message): the next channel is tried."""


@dataclass(frozen=True)
class Handed:
    """What a channel says after ``send`` or ``poll``.

    :param state: A :class:`~guichet.core.model.sales_models.DeliveryState` value:
        ``sent``, ``delivered``, ``paid`` or (from ``poll`` only: refused on the other
        side) ``error``.
    :param external_id: The channel's reference (Message-ID, flux number, file name).
    :param reason: Shown on the delivery (the other side's status in French).
    :param data: Kept on the delivery (merged).
    :param recheck_after: Seconds before ``poll`` is called; None: nothing to follow.
    """

    state: str
    external_id: str | None = None
    reason: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    recheck_after: int | None = None


@dataclass
class DeliveryJob:
    """One delivery as a channel sees it: the invoice, its customer and company, the archived file."""

    delivery: Delivery
    document: Document
    invoice: Invoice
    customer: Customer
    company: Company

    def sealed_pdf(self, rt: Runtime) -> bytes:
        """The archived (sealed) file of the invoice: the Factur-X the customer receives."""
        from guichet.core.model.archive_models import ArchiveRecord

        record = ArchiveRecord.get_or_none(ArchiveRecord.document == self.document.id)
        if record is None:
            msg = "la facture n'a pas de fichier archivé"
            raise DeliveryRefused(msg)
        return rt.blobs.get(record.file_key)

    @property
    def filename(self) -> str:
        """A file name for the invoice: its number with safe characters, else the document id."""
        import re

        number = re.sub(r"[^A-Za-z0-9._-]+", "-", self.invoice.number or "").strip("-.")[:40]
        return f"facture-{number or self.document.id}"


class DeliveryChannel:
    """Base class of a channel (see the module's docstring for the contract)."""

    id: str = ""
    label: str = ""
    order: int = 100

    def missing(self, rt: Runtime, customer: Customer) -> list[str]:
        """What ``customer`` lacks for this channel (French); empty when usable."""
        raise NotImplementedError

    def send(self, rt: Runtime, job: DeliveryJob) -> Handed:
        """Hand the invoice over (see the module's docstring)."""
        raise NotImplementedError

    def poll(self, rt: Runtime, job: DeliveryJob) -> Handed | None:
        """The news of a delivery handed over earlier; None when there is nothing new."""
        return None

    def can_remind(self, rt: Runtime, customer: Customer | None) -> bool:
        """True when this channel can carry a reminder (relance) to ``customer``."""
        return False

    def remind(self, rt: Runtime, job: DeliveryJob, notice: Any) -> None:
        """Send a reminder of an unpaid invoice (``notice``: :class:`guichet.core.sales.reminders.Notice`)."""
        raise NotImplementedError


def registered(pm: pluggy.PluginManager) -> dict[str, DeliveryChannel]:
    """The channels of ``pm``'s plugins by id, in their automatic order (computed once per plugin set)."""
    key = tuple(sorted(id(plugin) for plugin in pm.get_plugins()))
    cached = getattr(pm, "guichet_delivery_channels", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    found: dict[str, DeliveryChannel] = {}
    for result in pm.hook.register_delivery_channels():
        for channel in result or []:
            if not isinstance(channel, DeliveryChannel) or not channel.id or channel.id in found:
                msg = f"canal de distribution invalide ou déclaré deux fois : {channel!r}"
                raise GuichetError(msg)
            found[channel.id] = channel
    ordered = dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
    pm.guichet_delivery_channels = (key, ordered)  # type: ignore[attr-defined]
    return ordered


def labels(pm: pluggy.PluginManager) -> dict[str, str]:
    """Channel ids and their French labels, in the automatic order."""
    return {cid: channel.label for cid, channel in registered(pm).items()}


def candidates(rt: Runtime, customer: Customer) -> list[tuple[DeliveryChannel, list[str]]]:
    """The channels to try for ``customer``, in order, each with what it lacks.

    The customer's channel then its fall-backs when set; else every registered channel
    in its automatic order.
    """
    channels = registered(rt.pm)
    if customer.channel:
        names = [customer.channel, *[c for c in customer.fallbacks or [] if c != customer.channel]]
    else:
        names = list(channels)
    found = []
    for name in names:
        channel = channels.get(name)
        if channel is not None:
            found.append((channel, channel.missing(rt, customer)))
    return found


def missing_by_channel(rt: Runtime, customer: Customer) -> dict[str, list[str]]:
    """For each registered channel, what ``customer`` lacks (pages and the API show it)."""
    return {cid: channel.missing(rt, customer) for cid, channel in registered(rt.pm).items()}
