"""Who is who and who may see what.

Firms, companies, users and their rights (:mod:`.accounts`); the scoping of every query
made for a user (:mod:`.access`); signing in (:mod:`.sign_in`) with password hashes
(:mod:`.passwords`), throttling (:mod:`.throttle`) and two-factor codes
(:mod:`.two_factor`); the firm administrator's audit page (:mod:`.audit`); host paths
that connectors may read (:mod:`.host_paths`).

Imports the model room and the top of the core only.
"""
