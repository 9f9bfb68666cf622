#!/usr/bin/env bash
# bench_serve.sh — load on `regio serve` with wrk, on loopback only and bounded in time (10 s per endpoint,
# 256 connections): requests per second and p99 latency of the main read endpoints, and a check that the
# server still answers afterwards. Prints a Markdown table (docs/benchmarks.md keeps the results).
# Run twice: with the answer cache (repeated queries, the default) and with --no-cache (every answer computed;
# year matrices still cached per thread).
# usage: bench/bench_serve.sh REGIO_BINARY [SOURCE_DIR] [DURATION] [--no-cache]
set -eu
REGIO=$(realpath "$1")
SRC=${2:-$(dirname "$0")/..}
DUR=${3:-10s}
MODE=${4:-}
CONN=256
WORK=$(mktemp -d "${TMPDIR:-/tmp}/regio-bench-serve-XXXXXX")
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
"$REGIO" init --plan "$SRC/data/yunnan" --db "$WORK/yn.db" 2>/dev/null
"$REGIO" serve --db "$WORK/yn.db" --port 0 --bind 127.0.0.1 --no-web --max-connections 1024 $MODE >"$WORK/port" 2>"$WORK/log" &
PID=$!
for _ in $(seq 1 100); do PORT=$(head -1 "$WORK/port" 2>/dev/null || true); [ -n "$PORT" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT/api/v1"
echo "regio serve ${MODE:-(answer cache on)} on 127.0.0.1:$PORT, $(nproc) cores, wrk -t2 -c$CONN -d$DUR"
echo
echo "| endpoint | requests/s | p50 | p99 | non-2xx | socket errors |"
echo "|---|---:|---:|---:|---:|---:|"
for path in \
  "/indicators" \
  "/map?indicator=gdp&year=2022&level=prefecture" \
  "/map?indicator=gdp&year=2020&level=county" \
  "/value?indicator=gdp&region=530000&year=2022" \
  "/observations?indicator=gdp&region=530100" \
  "/targets" \
  "/regions/530102?year=2020" \
  "/disparity?indicator=gdp&level=prefecture" \
  "/geometry?level=county"; do
  wrk -t2 -c$CONN -d"$DUR" --timeout 10s --latency "$BASE$path" >"$WORK/wrk" 2>&1 || true
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk")
  sockerr=$(awk '/Socket errors/ {sub(/.*Socket errors: /, ""); print}' "$WORK/wrk")
  echo "| \`$path\` | ${rps:-?} | ${p50:-?} | ${p99:-?} | ${non2xx:-0} | ${sockerr:-none} |"
done
echo
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$BASE/regions?level=prefecture")
echo "after the load: GET /api/v1/regions → HTTP $code"
[ "$code" = 200 ]
