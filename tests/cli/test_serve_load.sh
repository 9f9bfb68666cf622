#!/usr/bin/env bash
# test_serve_load.sh — `regio serve` holds under slow and many clients (tests/cli/serve_load.py) while a probe from
# another address is answered within 1 s:
#   1. 400 slowloris clients from one address (a header line every second, the head never ended) against a server
#      of 256 connections: the per-address limit (64) refuses all but 64 at once, the header deadline (3 s here)
#      closes those 64, and the probe is answered throughout. Without those limits the 400 took every connection
#      and the probe waited in the listen queue.
#   2. a burst of 1,000 connections closed at once (half after sending a request), then at once 1,000 requests
#      that must all be answered.
# Skipped under REGIO_WRAP (valgrind): the probe's 1-second bound and the deadlines measure time, which memcheck
# slows twenty to fifty times; the server's code paths here are run under valgrind by test_serve_fuzz.sh.
. "$(dirname "$0")/lib.sh"
if [ -n "${REGIO_WRAP:-}" ]; then echo "skipped under REGIO_WRAP: a load test with time bounds means nothing under valgrind"; exit 77; fi
. "$(dirname "$0")/serve_lib.sh"
DB=$WORK/yn.db

"$REGIO_BIN" init --plan "$SRC/data/yunnan" --db "$DB" >"$WORK/out" 2>"$WORK/err"
check "init" test $? -eq 0
serve_start --db "$DB" --threads 2 --max-connections 256 --header-timeout 3

python3 "$SRC/tests/cli/serve_load.py" "$PORT" --mode slow --slow 400 --interval 1 --duration 6 >"$WORK/out"
cat "$WORK/out"
check "the probe answered within 1 s throughout the slow clients" json "d['probe']['probes'] >= 10 and d['probe']['within_limit'] == d['probe']['probes']"
check "one address holds at most 64 connections" json "d['held'] <= 64 and d['closed_at_once'] + d['refused_at_connect'] >= 336"
check "the header deadline (3 s) closed every held slow client" json "d['held_open_at_end'] == 0 and d['closed_after_min_s'] >= 2.9 and d['closed_after_max_s'] <= 4.5"

python3 "$SRC/tests/cli/serve_load.py" "$PORT" --mode burst --burst 1000 >"$WORK/out"
cat "$WORK/out"
check "every request of the burst after a burst answered" json "d['second_burst_answered'] == d['second_burst_requests'] == 1000"
check "the probe answered within 1 s during the bursts" json "d['probe']['within_limit'] == d['probe']['probes'] >= 1"

get_code() { curl -s -m 10 -o "$WORK/out" -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
check "still answering" test "$(get_code /api/v1/regions?level=province)" = 200
check "the log is rate-limited (at most 20 libmicrohttpd lines a minute)" test "$(grep -c libmicrohttpd "$WORK/log")" -le 21

serve_stop
finish
