# serve_lib.sh — starting and stopping one `regio serve` for the server's CLI tests (sourced after lib.sh).
# serve_start ARGS...: a server on a free port (under REGIO_WRAP), its log in $WORK/log; sets PORT and SERVER.
# serve_stop: SIGTERM, then checks exit 0 and no sanitizer or valgrind report in the log.
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
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
