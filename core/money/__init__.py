"""Money: what is still due on each invoice, supplier payments and bank statements.

Open items derived from archived invoices and their settlements (:mod:`.open_items`,
:mod:`.settlements`); the dashboard's figures (:mod:`.aging`, :mod:`.penalties`); supplier
payment batches under rights and mandates (:mod:`.batches`); bank statements
(:mod:`.statements`) and their reconciliation with invoices (:mod:`.reconcile`). File formats
(pain.001, camt, CFONB) live in connectors, behind the ``write_credit_transfer`` and
``read_bank_statement`` hooks.

Imports the model, parsing, storage and access rooms (the level of the pipeline room).
"""
