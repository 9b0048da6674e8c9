"""The model: what Guichet knows and keeps.

The invoice as EN 16931 dataclasses (:mod:`.invoice`), the vocabularies owned by the core
(:mod:`.states`: document states, formats, channels; :mod:`.findings`; :mod:`.identifiers`),
the database tables of every area (:mod:`.models` and the ``*_models`` modules), their
numbered :mod:`.migrations`, the connection (:mod:`.database`) and the hash-chained audit
trail written in the same transaction as each change (:mod:`.events`).

The bottom room: it imports only the top of the core (errors, settings, contracts).
"""
