"""Sales invoices out the door: the customer book, deliveries by channel, payment links, reminders.

A core room at the level of ``pipeline`` and ``money``: it imports those and lower rooms,
never a plugin. The ``distribute`` follow-up stage and each channel are declared by plugins
(``plugins/distribution.py``, the channel plugins) through the hooks of
:mod:`guichet.core.hookspecs` (``register_delivery_channels``).
"""
