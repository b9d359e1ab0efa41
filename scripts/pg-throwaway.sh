#!/usr/bin/env bash
# Source this file: starts a throwaway PostgreSQL 15 cluster on a free loopback port, exports
# TEST_DATABASE_URL, and stops and removes it when the calling shell exits.
PGBIN=/usr/lib/postgresql/15/bin
PGTMP=$(mktemp -d /tmp/pg.XXXXXX)
chown postgres:postgres "$PGTMP"; chmod 700 "$PGTMP"
PGPORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
runuser -u postgres -- $PGBIN/initdb -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
runuser -u postgres -- $PGBIN/pg_ctl -D "$PGTMP/data" -l "$PGTMP/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
pg_throwaway_stop() { runuser -u postgres -- $PGBIN/pg_ctl -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$PGTMP"; }
trap pg_throwaway_stop EXIT
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "Throwaway PostgreSQL 15 on 127.0.0.1:$PGPORT"
