"""The read-only BI role on Postgres selects the marts and is refused everything else.

Issue 14: a BI tool connects as var bi_read_role (default revops_bi, created by
scripts/postgres_setup.sh; grants by the on-run-end macro grant_bi_read_access). This test
connects as that role to a Postgres build of the project (scripts/test.sh builds one first)
and checks that every mart table can be read, and that every other relation of the build
(raw and lookup seeds, staging, intermediate views) is refused, as is creating a table.

It runs no dbt. Without a reachable Postgres build it is skipped, unless
REQUIRE_POSTGRES=1 (set by scripts/test.sh), where it fails instead.
"""

from __future__ import annotations

import os

import pytest

MART_SUFFIXES = ("_core", "_salesops", "_revops", "_quality")


def _connect(user: str, password: str):
    psycopg2 = pytest.importorskip("psycopg2")
    try:
        connection = psycopg2.connect(
            host=os.environ.get("DBT_POSTGRES_HOST", "localhost"),
            port=int(os.environ.get("DBT_POSTGRES_PORT", "5432")),
            user=user,
            password=password,
            dbname=os.environ.get("DBT_POSTGRES_DATABASE", "revops_warehouse"),
            connect_timeout=5,
        )
    except psycopg2.OperationalError as error:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"no Postgres build to test ({error}); scripts/test.sh runs it")
    connection.autocommit = True
    return connection


@pytest.fixture(scope="module")
def relations() -> dict[str, list[str]]:
    """{'mart': [...], 'other': [...]} relations of the build, from the catalog."""
    prefix = os.environ.get("DBT_POSTGRES_SCHEMA", "main")
    with _connect(
        os.environ.get("POSTGRES_BI_USER", "revops_bi"),
        os.environ.get("POSTGRES_BI_PASSWORD", "revops_bi"),
    ) as connection, connection.cursor() as cursor:
        # pg_class lists every relation whatever the role may read (one read-only transaction).
        cursor.execute(
            """
            select n.nspname, c.relname
            from pg_class as c
            inner join pg_namespace as n on n.oid = c.relnamespace
            where c.relkind in ('r', 'v', 'm') and (n.nspname = %s or n.nspname like %s)
            order by 1, 2
            """,
            [prefix, f"{prefix}\\_%"],
        )
        found: dict[str, list[str]] = {"mart": [], "other": []}
        for schema, name in cursor.fetchall():
            kind = "mart" if schema.endswith(MART_SUFFIXES) else "other"
            found[kind].append(f'"{schema}"."{name}"')
    if not found["mart"]:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("the Postgres database holds no mart tables: build it first")
        pytest.skip("the Postgres database holds no build of the project")
    return found


def _bi_cursor():
    connection = _connect(
        os.environ.get("POSTGRES_BI_USER", "revops_bi"),
        os.environ.get("POSTGRES_BI_PASSWORD", "revops_bi"),
    )
    return connection, connection.cursor()


def test_bi_role_reads_every_mart(relations):
    connection, cursor = _bi_cursor()
    try:
        for relation in relations["mart"]:
            cursor.execute(f"select count(*) from {relation}")
            assert cursor.fetchone()[0] >= 0
    finally:
        connection.close()


def test_bi_role_is_refused_staging_raw_and_intermediate(relations):
    import psycopg2.errors

    schemas = {relation.split(".")[0].strip('"') for relation in relations["other"]}
    # The build has raw and lookup seeds, staging and intermediate relations to refuse.
    assert {s.rsplit("_", 1)[-1] for s in schemas} >= {"raw", "lookups"}, schemas
    assert any(r.split(".")[1].startswith('"stg_') for r in relations["other"])
    assert any(r.split(".")[1].startswith('"int_') for r in relations["other"])
    connection, cursor = _bi_cursor()
    readable = []
    try:
        # autocommit (no `with connection`: psycopg2 2.9 would open one transaction, and
        # the first refusal would abort it)
        for relation in relations["other"]:
            try:
                cursor.execute(f"select 1 from {relation} limit 1")
                readable.append(relation)
            except psycopg2.errors.InsufficientPrivilege:
                pass
    finally:
        connection.close()
    assert not readable, f"the BI role can read non-mart relations: {readable}"


def test_bi_role_cannot_write(relations):
    import psycopg2.errors

    mart_schema = relations["mart"][0].split(".")[0]
    connection, cursor = _bi_cursor()
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute(f"create table {mart_schema}.bi_was_here (x integer)")
    finally:
        connection.close()
