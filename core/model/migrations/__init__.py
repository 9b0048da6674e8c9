"""Numbered schema migrations: ``mNNNN_<what>.py`` modules, each with ``apply(database)``.

Rules:
- never edit an applied migration; fix or extend the schema with a new number;
- a migration FREEZES the schema it creates: it never imports today's models. A new
  table is a frozen copy of the model class in the migration module, created with
  :func:`.frozen.create_tables` (derive it from :class:`.frozen.FrozenModel`, whose
  ``legacy_table_names = False`` names indexes after the table as the models do; a plain
  peewee ``Model`` names them after the class); a new or changed column is a ``playhouse.migrate``
  operation (``add_column``, ``alter_column_type``...) or explicit SQL;
- tests/test_core_migrations.py builds the schema from the migrations on SQLite and
  PostgreSQL and compares it with the models, so a model change without its migration fails.
"""
