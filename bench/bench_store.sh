#!/usr/bin/env bash
# bench_store.sh — time and peak memory of init (plan + import), aggregation and the consistency check on a
# SYNTHETIC national-scale plan (bench/gen_national.sh). Results go to docs/benchmarks.md by hand.
# usage: bench/bench_store.sh build/regio [COUNTIES] [INDICATORS] [YEARS]
set -euo pipefail
REGIO=$(realpath "$1"); shift
TMP=$(mktemp -d "${TMPDIR:-/tmp}/regio-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
bash "$(dirname "$0")/gen_national.sh" "$TMP/plan" "$@"
rows=$(cat "$TMP"/plan/observations/*.csv | wc -l)
echo "synthetic plan: $(($(wc -l < "$TMP/plan/regions.csv") - 1)) regions, $rows observation lines"
t() { local label=$1; shift; /usr/bin/time -f "$label: %e s, peak RSS %M KiB" "$@" > /dev/null 2> "$TMP/time" || { cat "$TMP/time"; exit 1; }; tail -1 "$TMP/time"; }
t "init (validate + import all files)" "$REGIO" init --plan "$TMP/plan" --db "$TMP/b.db"
t "init again (nothing to do)" "$REGIO" init --plan "$TMP/plan" --db "$TMP/b.db"
t "value gdp_pc for a group of 11 provinces" "$REGIO" value gdp_pc --group east --year 2015 --db "$TMP/b.db" --format json
t "value urban_rate for the country (from all counties)" "$REGIO" value urban_rate --region 100000 --year 2015 --db "$TMP/b.db" --format json
t "check one year, all indicators" "$REGIO" check --year 2015 --db "$TMP/b.db" --format csv
t "check all years" "$REGIO" check --db "$TMP/b.db" --format csv
printf 'region,indicator,year,value,source\n101001,gdp,2011,oops,x\n' > "$TMP/bad.csv"
cat "$TMP/plan/observations/y2012.csv" > "$TMP/big-bad.csv"; tail -n +2 "$TMP/bad.csv" >> "$TMP/big-bad.csv"
/usr/bin/time -f "rejected import of a $(wc -l < "$TMP/big-bad.csv")-line file with one bad row: %e s" "$REGIO" import "$TMP/big-bad.csv" --db "$TMP/b.db" >/dev/null 2>"$TMP/time" || true
tail -1 "$TMP/time"
ls -l "$TMP/b.db" | awk '{printf "database size: %.1f MiB\n", $5 / 1048576}'
