"""peewee does not load psycopg 3 (Guichet's PostgreSQL driver is psycopg2; psycopg 3 is only painfree's)."""

from __future__ import annotations

import subprocess
import sys


def test_the_database_layer_loads_psycopg2_but_not_psycopg3():
    """~13 MB resident per process using the database: peewee and playhouse (``db_url`` loads
    ``postgres_ext``) try psycopg 3 at import; it stays out, psycopg2 stays their driver, and
    ``import psycopg`` elsewhere still works."""
    code = ("import sys\n"
            "import guichet.core.model.models, guichet.core.model.database\n"
            "import peewee, playhouse.db_url, playhouse.migrate\n"
            "print('psycopg' in sys.modules, peewee.psycopg2 is not None,"
            " type(peewee.PostgresqlDatabase('x')._adapter).__name__)\n"
            "import psycopg\n"
            "print(psycopg.__name__ in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["False", "True", "Psycopg2Adapter", "True"], done.stdout + done.stderr
