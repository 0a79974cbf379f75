#!/usr/bin/env bash
# A local PostgreSQL server for the `postgres` target (issue 14): installs the Debian
# package when absent, starts the cluster, and creates (idempotently) the build role and
# database plus the read-only BI role. Settings from the same environment variables as
# profiles.yml, with the same local defaults:
#   DBT_POSTGRES_USER / DBT_POSTGRES_PASSWORD / DBT_POSTGRES_DATABASE  (revops / revops / revops_warehouse)
#   POSTGRES_BI_USER / POSTGRES_BI_PASSWORD                            (revops_bi / revops_bi)
#   POSTGRES_RECREATE_DATABASE=1: drop the database first (a fresh build, as in CI)
# Needs root (or sudo) on a Debian machine; a team with its own server skips this script
# and points the DBT_POSTGRES_* variables at it.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster _ < <(pg_lsclusters -h | head -1)
if ! pg_lsclusters -h | head -1 | grep -q online; then
    as_root pg_ctlcluster "$version" "$cluster" start
fi
user="${DBT_POSTGRES_USER:-revops}"
password="${DBT_POSTGRES_PASSWORD:-revops}"
database="${DBT_POSTGRES_DATABASE:-revops_warehouse}"
bi_user="${POSTGRES_BI_USER:-revops_bi}"
bi_password="${POSTGRES_BI_PASSWORD:-revops_bi}"
psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qAt $*"; }
psql_admin "-c \"do \\\$\\\$ begin
    if not exists (select from pg_roles where rolname = '$user') then
        create role \\\"$user\\\" login password '$password';
    end if;
    if not exists (select from pg_roles where rolname = '$bi_user') then
        create role \\\"$bi_user\\\" login password '$bi_password';
    end if;
end \\\$\\\$;\""
# POSTGRES_RECREATE_DATABASE=1 (scripts/test.sh): start from an empty database, as the
# DuckDB build starts from a new file, so relations of an earlier build cannot leak in.
if [ "${POSTGRES_RECREATE_DATABASE:-0}" = 1 ]; then
    psql_admin "-c 'drop database if exists \"$database\" with (force)'"
fi
if [ -z "$(psql_admin "-c \"select 1 from pg_database where datname = '$database'\"")" ]; then
    psql_admin "-c 'create database \"$database\" owner \"$user\"'"
fi
# Nothing may depend on the server's time zone (as the DuckDB profile's TimeZone: UTC).
psql_admin "-c \"alter database \\\"$database\\\" set timezone to 'UTC'\""
# The BI role may connect; what it may read is granted by the build (macro grant_bi_read_access).
psql_admin "-d \"$database\" -c 'revoke create on schema public from public'"
echo "postgres ready: database $database, build role $user, BI role $bi_user"
