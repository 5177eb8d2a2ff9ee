#!/bin/sh
# The official postgres image's first-start steps that compose.yml relies on, and nothing more.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "$POSTGRES_PASSWORD" ]; then
        echo "POSTGRES_PASSWORD is not set: refusing to make a database without a password" >&2
        exit 1
    fi
    user="${POSTGRES_USER:-postgres}"
    password_file=$(mktemp)
    printf '%s' "$POSTGRES_PASSWORD" > "$password_file"
    # UTF-8 as the official image (its LANG is en_US.utf8): without a locale initdb picks SQL_ASCII, and
    # psycopg then returns text as bytes.
    initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$password_file"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    if [ -n "$POSTGRES_DB" ] && [ "$POSTGRES_DB" != postgres ]; then
        pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
        psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
        pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    fi
fi
exec "$@" -c listen_addresses='*'
