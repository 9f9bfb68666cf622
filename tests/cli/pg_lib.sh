# pg_lib.sh — a throw-away PostgreSQL cluster for the CLI tests (source it after lib.sh).
#
# pg_start makes a cluster in a fresh temporary directory with Debian's server binaries (the `postgresql`
# package, scripts/setup.sh), run as an unprivileged user — initdb and postgres refuse root, so under root the
# cluster belongs to `nobody` (setpriv) —, listening only on a Unix socket in that directory; it is stopped
# and removed when the test exits. pg_newdb NAME creates a database and prints its --db string.
# Without the server binaries the test is skipped with exit 77 (ctest's SKIP_RETURN_CODE) and says why;
# REGIO_PG_REQUIRED=1 (set by .ci/run) turns that skip into a failure.
PGBIN=${REGIO_PG_BIN:-}
if [ -z "$PGBIN" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PGBIN=$d; done
fi
PGROOT=""

pg_skip() {
  echo "SKIP: $1"
  if [ "${REGIO_PG_REQUIRED:-0}" = 1 ]; then echo "FAIL: REGIO_PG_REQUIRED=1 but $1"; exit 1; fi
  exit 77
}

pg_as() { # runs a server binary as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi
}

pg_stop() {
  if [ -n "$PGROOT" ] && [ -d "$PGROOT" ]; then
    pg_as "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PGROOT"
  fi
}

pg_start() {
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] \
    || pg_skip "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin: install the postgresql package, scripts/setup.sh)"
  "$REGIO_BIN" init --plan /nonexistent --db "postgresql:///x?host=/nonexistent" 2>&1 | grep -q "built without PostgreSQL" \
    && pg_skip "this regio was built without PostgreSQL (libpq-dev missing at build time)"
  PGROOT=$(mktemp -d "${TMPDIR:-/tmp}/regio-pg-XXXXXX")
  chmod 755 "$PGROOT"
  [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$PGROOT"
  trap 'pg_stop; rm -rf "$WORK"' EXIT
  pg_as "$PGBIN/initdb" -D "$PGROOT/data" -U regio --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGROOT.initdb.log" 2>&1 \
    || { cat "$PGROOT.initdb.log"; rm -f "$PGROOT.initdb.log"; echo "FAIL: initdb"; exit 1; }
  rm -f "$PGROOT.initdb.log"
  pg_as "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PGROOT/server.log"; echo "FAIL: the PostgreSQL server did not start"; exit 1; }
}

# pg_newdb NAME: a new empty database; prints the --db string that reaches it
pg_newdb() {
  pg_as "$PGBIN/../bin/postgres" --version >/dev/null 2>&1
  createdb_bin=$PGBIN/createdb
  [ -x "$createdb_bin" ] || createdb_bin=createdb
  "$createdb_bin" -h "$PGROOT" -U regio "$1" || { echo "FAIL: createdb $1"; exit 1; }
  echo "postgresql:///$1?host=$PGROOT&user=regio"
}
