"""Numbered schema migrations: ``mNNNN_<what>.py`` modules, each with ``apply(database)``.

Rules: never edit an applied migration; a new table is created with
``database.create_tables([Model])``; a new column with ``playhouse.migrate``'s
``add_column`` (see shared/docs/dependencies.md).
"""
