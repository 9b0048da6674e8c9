#!/usr/bin/env bash
# Rebuild tests/data/instances/COMMIT.{sqlite,postgresql}.sql with the code of COMMIT.
# Usage (from the repository root, PostgreSQL on 127.0.0.1:5432):
#   tests/data/instances/make/build.sh 231a53e guichet.core.model.models guichet.core.model.database
#   tests/data/instances/make/build.sh 9eb166d guichet.core.models guichet.core.database
# The old code runs with `python3 -S` so that the editable install of today's code is not used.
set -euo pipefail
commit=$1; models=$2; database=$3
here=$(cd "$(dirname "$0")" && pwd); out=$here/..
work=$(mktemp -d); mkdir -p "$work/src" "$work/pkg/guichet"
git archive "$commit" | tar -x -C "$work/src"
for folder in core plugins connectors web config; do ln -s "$work/src/$folder" "$work/pkg/guichet/$folder"; done
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
export PYTHONPATH=$work/pkg:$site
python3 -S "$here/make_instance.py" "sqlite:///$work/instance.db" "$models" "$database"
python3 -c 'import sqlite3, sys; open(sys.argv[2], "w").write("\n".join(sqlite3.connect(sys.argv[1]).iterdump()) + "\n")' \
  "$work/instance.db" "$out/$commit.sqlite.sql"
name=guichet_old_$commit; admin=postgresql://postgres@127.0.0.1:5432/postgres
psql -q "$admin" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
python3 -S "$here/make_instance.py" "postgresql://postgres@127.0.0.1:5432/$name" "$models" "$database"
# \restrict lines are psql commands: the test loads the dump through psycopg2.
pg_dump --no-owner --no-privileges --inserts --no-comments "postgresql://postgres@127.0.0.1:5432/$name" \
  | grep -v '^\\\(un\)\?restrict ' > "$out/$commit.postgresql.sql"
psql -q "$admin" -c "DROP DATABASE $name"
rm -rf "$work"
