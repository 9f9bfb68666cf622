# serve_lib.sh — starting, asking and stopping `regio serve` in the server's CLI tests (sourced after lib.sh).
# serve_start ARGS...: a server on a free port (under REGIO_WRAP), its log in $WORK/log; sets PORT and SERVER.
# serve_stop: SIGTERM, then checks exit 0 and no sanitizer or valgrind report in the log.
# start NAME ARGS...: a server over $DB (under REGIO_WRAP, --no-web, $SERVE_THREADS worker threads, default 2), its
# port in $WORK/NAME.port and log in $WORK/NAME.log; sets PORT and SERVE_PID; several may run.
# get NAME STATUS PATH [curl args]: asks the last one started, the body left in $OUT (default $WORK/out) for json
# checks; every curl has a timeout. Every server still running is stopped when the test exits.
SERVER=
PIDS=()
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
serve_start() {
  ${REGIO_WRAP:-} "$REGIO_BIN" serve --port 0 --no-web "$@" >"$WORK/port" 2>"$WORK/log" &
  SERVER=$!
  PORT=
  for _ in $(seq 1 600); do PORT=$(head -1 "$WORK/port" 2>/dev/null); [ -n "$PORT" ] && break; sleep 0.1; done
  check "server started" test -n "$PORT"
}
serve_stop() {
  kill -TERM "$SERVER"
  wait "$SERVER"
  local rc=$?
  SERVER=
  check "server stopped cleanly (exit $rc)" test "$rc" -eq 0
  check "no leak or sanitizer report" sh -c "! grep -E 'LeakSanitizer|AddressSanitizer|runtime error|definitely lost|ERROR SUMMARY: [1-9]' '$WORK/log'"
  grep -E -A12 'LeakSanitizer|AddressSanitizer|runtime error|definitely lost' "$WORK/log" | head -40
}

start() {
  local name=$1; shift
  ${REGIO_WRAP:-} "$REGIO_BIN" serve --db "$DB" --port 0 --no-web --threads "${SERVE_THREADS:-2}" "$@" >"$WORK/$name.port" 2>"$WORK/$name.log" &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  PORT=
  for _ in $(seq 1 600); do PORT=$(head -1 "$WORK/$name.port" 2>/dev/null); [ -n "$PORT" ] && break; sleep 0.1; done
  check "$name started" test -n "$PORT"
}

get() {
  local name=$1 want=$2 path=$3 dest=${OUT:-$WORK/out} got; shift 3
  got=$(curl -s -m 60 -o "$dest" -w '%{http_code}' "$@" "http://127.0.0.1:$PORT$path")
  if [ "$got" = "$want" ]; then PASS=$((PASS + 1)); else
    FAIL=$((FAIL + 1)); echo "FAIL $name: HTTP $got, expected $want ($path)"; head -c 400 "$dest"; echo
  fi
}
