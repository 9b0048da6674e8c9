"""The e-invoicing network (issue 15): Guichet in front of each company's Plateforme Agréée (PA).

Guichet is not a platform; it is the firm's counter in front of one. This room holds what
does not depend on a particular platform's API:

- :mod:`.accounts`: each company's platform account (a ``platform`` connector configured by
  firm staff), for reception and for emission;
- :mod:`.cdar`: the lifecycle messages (CDAR D22B as XP Z12-012 profiles them), written and read;
- :mod:`.statuses`: recording lifecycle statuses (received or sent) and telling the plugins;
- :mod:`.receiving`: fetching received flows once only (invoices enter intake as "réseau");
- :mod:`.sending`: sending a sales invoice (directory look-up first) and pending statuses;
- :mod:`.ereporting`: flux 10 aggregation per period.

A platform is reached through a connector of kind ``platform``
(:class:`guichet.core.connectors.PlatformConnector`); the reference one speaks AFNOR
XP Z12-013 (``connectors/afnor_flow.py``). See ``docs/network.md``.
"""
