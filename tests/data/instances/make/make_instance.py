"""Build an instance's database with an old commit's code (run by build.sh with ``python3 -S``).

Usage: make_instance.py URL MODELS_MODULE DATABASE_MODULE
"""

import importlib
import sys

url, models_name, database_name = sys.argv[1:4]
database_module = importlib.import_module(database_name)
models = importlib.import_module(models_name)
database = database_module.open_database(url)
models.db.initialize(database)
print("applied", database_module.migrate(database))
with database.connection_context():
    firm = models.Firm.create(name="Cabinet créé avant la mise à jour")
    models.Company.create(firm=firm, name="Société Ancienne SAS", siren="552081317")
database.close()
