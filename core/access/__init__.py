"""Who is who and who may see what.

Firms, companies, users and their rights (:mod:`.accounts`); the scoping of every query
made for a user (:mod:`.access`).

Imports the model room only.
"""
