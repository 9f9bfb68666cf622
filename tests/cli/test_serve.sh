#!/usr/bin/env bash
# End-to-end: `regio serve` on loopback over the Yunnan plan — every endpoint answers what the CLI answers,
# bad parameters are JSON errors with the right status (unknown codes 404, bad years 400, huge queries 414),
# writes are off without a token (401), and with --token-file an upload goes through the same validated,
# atomic import as `regio import`: a rejected file leaves the data unchanged. Bounded: every curl has a timeout.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

# start NAME ARGS...: starts a server on a free port; sets PORT
start() {
  local name=$1; shift
  ${REGIO_WRAP:-} "$REGIO_BIN" serve --db "$DB" --port 0 --no-web --threads 2 "$@" >"$WORK/$name.port" 2>"$WORK/$name.log" &
  PIDS+=($!)
  PORT=
  for _ in $(seq 1 300); do
    PORT=$(head -1 "$WORK/$name.port" 2>/dev/null)
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  check "$name started" test -n "$PORT"
}

# get NAME STATUS PATH [curl args]: the body is left in $WORK/out for json checks
get() {
  local name=$1 want=$2 path=$3; shift 3
  local got
  got=$(curl -s -m 30 -o "$WORK/out" -w '%{http_code}' "$@" "http://127.0.0.1:$PORT$path")
  if [ "$got" = "$want" ]; then PASS=$((PASS + 1)); else
    FAIL=$((FAIL + 1)); echo "FAIL $name: HTTP $got, expected $want ($path)"; head -c 400 "$WORK/out"; echo
  fi
}
is_error() { json "d['error']['status'] == $1 and d['error']['message'] and d['error']['zh'] and d['error']['en']"; }

start ro --schemes "$SRC/data/yunnan/evaluation"
A=/api/v1
get "index" 200 "$A"
check "index lists endpoints, writes off" json "len(d['endpoints']) >= 12 and d['writes'] is False"
get "regions" 200 "$A/regions"
check "every region" json "len(d) == $(python3 -c "import csv; print(sum(1 for _ in csv.DictReader(open('$SRC/data/yunnan/regions.csv'))))")"
get "prefectures" 200 "$A/regions?level=prefecture"
check "16 prefectures" json "len(d) == 16 and all(r['level'] == 'prefecture' for r in d)"
get "regions in Chinese" 200 "$A/regions?level=prefecture&lang=zh"
check "Chinese names" json "d[0]['name'] == '昆明市'"
get "groups" 200 "$A/groups"
check "groups and partitions" json "any(g['code'] == 'dianzhong' for g in d['groups']) and any(p['code'] == 'blocks_west' for p in d['partitions'])"
get "indicators" 200 "$A/indicators"
check "indicators with years" json "any(i['code'] == 'gdp' and 2022 in i['years'] for i in d)"
get "geometry county" 200 "$A/geometry?level=county"
check "county outlines" json "d['type'] == 'FeatureCollection' and len(d['features']) == 129 and all(f['geometry']['type'] in ('Polygon','MultiPolygon') for f in d['features'])"
get "geometry prefecture" 200 "$A/geometry?level=prefecture"
check "prefecture outlines unioned" json "len(d['features']) == 16"
get "observations" 200 "$A/observations?indicator=gdp&region=530100&years=2015:2023"
check "Kunming GDP series" json "d['count'] == len(d['observations']) >= 8 and all(o['region'] == '530100' for o in d['observations'])"
get "observations of a group" 200 "$A/observations?indicator=gdp&group=dianzhong&year=2020"
check "group members and counties" json "d['count'] > 4"

# the same answers as the CLI
get "value" 200 "$A/value?indicator=gdp&region=530000&year=2022"
cp "$WORK/out" "$WORK/api_value.json"
run "cli value" 0 value gdp --region 530000 --year 2022 --db "$DB" --format json
check "value = regio value" python3 -c "import json; a=json.load(open('$WORK/api_value.json')); c=json.load(open('$WORK/out')); assert a['value']==c['value'] and a['coverage']==c['coverage'] and a['origin']==c['origin']"
check "every key of the answer as regio value has it (one encoder: regio_json_agg)" python3 -c "import json; a=json.load(open('$WORK/api_value.json')); c=json.load(open('$WORK/out')); assert len(a['members']) > 10 and all(a[k] == c[k] for k in a), [k for k in a if a[k] != c.get(k)]"
get "value of a group" 200 "$A/value?indicator=gdp&group=dianzhong&year=2020"
check "group coverage" json "d['scope']['type'] == 'group' and d['coverage']['members'] > 0"
get "map" 200 "$A/map?indicator=gdp&year=2022&level=prefecture"
check "map values" json "len(d['values']) == 16 and d['coverage']['with_value'] == 16 and d['min'] <= d['max']"
get "targets" 200 "$A/targets"
cp "$WORK/out" "$WORK/api_targets.json"
run "cli targets" 0 targets --db "$DB" --format json
check "targets = regio targets" python3 -c "import json; a=json.load(open('$WORK/api_targets.json'))['targets']; c=json.load(open('$WORK/out'))['targets']; assert [(t['code'],t['category'],t['warning']) for t in a]==[(t['code'],t['category'],t['warning']) for t in c]"
check "monitored = regio targets" python3 -c "import json; a=json.load(open('$WORK/api_targets.json'))['monitored']; c=json.load(open('$WORK/out'))['monitored']; assert len(a) == 3 and [(t['code'],t['status'],t['baseline_value']) for t in a]==[(t['code'],t['status'],t['baseline_value']) for t in c]"
check "the same JSON as regio targets, key for key (one encoder: regio_json_track_list)" python3 -c "import json; a=json.load(open('$WORK/api_targets.json')); c=json.load(open('$WORK/out')); assert a == c and len(c['targets']) > 10 and 'warning_label' in c['targets'][0] and 'latest_bound' in a['targets'][0], (set(a['targets'][0]) ^ set(c['targets'][0]))"
get "targets of a scope as of 2021" 200 "$A/targets?scope=530100&year=2021"
check "scope filter" json "d['as_of'] == 2021 and all(t['scope'] == '530100' for t in d['targets']) and d['targets']"
get "disparity over years" 200 "$A/disparity?indicator=gdp&level=prefecture&years=2019:2022"
check "four years" json "[y['year'] for y in d['years']] == [2019, 2020, 2021, 2022]"
get "disparity" 200 "$A/disparity?indicator=gdp&level=prefecture&year=2021"
cp "$WORK/out" "$WORK/api_disp.json"
# one year: `regio disparity --years A:B` leaks a store connection per extra year (cli_analysis_load calls cli_open per year), which ASan reports
run "cli disparity" 0 disparity gdp --level prefecture --year 2021 --db "$DB" --format json
check "disparity = regio disparity" python3 -c "import json; a=json.load(open('$WORK/api_disp.json')); c=json.load(open('$WORK/out')); assert [y['measures'] for y in a['years']]==[y['measures'] for y in c['years']]"
get "disparity decomposed" 200 "$A/disparity?indicator=gdp&year=2020&partition=blocks_west"
check "Theil and Dagum" json "'theil_t' in d['years'][0] and 'dagum' in d['years'][0]"
get "spatial" 200 "$A/spatial?indicator=gdp&year=2020&permutations=99&seed=7"
cp "$WORK/out" "$WORK/api_sp.json"
run "cli spatial" 0 spatial gdp --year 2020 --permutations 99 --seed 7 --threads 1 --db "$DB" --format json
check "spatial = regio spatial" python3 -c "import json; a=json.load(open('$WORK/api_sp.json')); c=json.load(open('$WORK/out')); assert a['moran']['I']==c['moran']['I'] and a['moran']['permutation']==c['moran']['permutation'] and a['n']==c['n']"
check "local rows = regio spatial (Gi* as spdep, lag of the value)" python3 -c "import json; a=json.load(open('$WORK/api_sp.json'))['local']; c=json.load(open('$WORK/out'))['local']; assert all(x[k]==y[k] for x, y in zip(a, c) for k in ('gi_star_z', 'lag', 'lag_centred', 'p_sim', 'cluster')) and len(a)==len(c)"
get "region page" 200 "$A/regions/530102?year=2020"
check "indicators, ranks, targets" json "d['code'] == '530102' and d['indicators'] and any(i['ranks'] for i in d['indicators']) and isinstance(d['targets'], list)"
get "evaluation" 200 "$A/evaluation?year=2020"
cp "$WORK/out" "$WORK/api_eval.json"
run "cli evaluate" 0 evaluate --year 2020 --schemes "$SRC/data/yunnan/evaluation" --db "$DB" --format json
check "evaluation = regio evaluate" python3 -c "import json; a=json.load(open('$WORK/api_eval.json'))['units']; c=json.load(open('$WORK/out'))['units']; assert len(a)==len(c)==129 and [(u['code'],u['zone'],u['score'],u['rank']) for u in a]==[(u['code'],u['zone'],u['score'],u['rank']) for u in c]"
check "evaluation marks = regio evaluate (partial ranking, dimensions scored)" python3 -c "import json; a=json.load(open('$WORK/api_eval.json')); c=json.load(open('$WORK/out')); assert [(u['code'],u['dimensions_scored'],u['dimensions_measured'],u['fewer_dimensions'],u['plan_dimensions_scored'],u['partial_ranking']) for u in a['units']]==[(u['code'],u['dimensions_scored'],u['dimensions_measured'],'fewer_dimensions' in u['flags'],u['plan_dimensions_scored'],'partial_ranking' in u['flags']) for u in c['units']]; assert [m['code'] for m in a['zones']['ecological']['mandate_missing']]==['resources','eco_benefit','ecology'] and a['zones']['ecological']['partial'] is True"
get "evaluation of one county" 200 "$A/evaluation?year=2020&region=530102"
check "rank within its zone type" json "len(d['units']) == 1 and d['units'][0]['rank'] >= 1 and d['units'][0]['of'] >= d['units'][0]['rank']"
get "evaluation of a zone" 200 "$A/evaluation?year=2020&zone=ecological"
check "one zone" json "d['units'] and all(u['zone'] == 'ecological' for u in d['units'])"
get "evaluation bad zone" 400 "$A/evaluation?year=2020&zone=desert"
get "evaluation too many draws" 400 "$A/evaluation?year=2020&draws=100000"
get "evaluation without year" 400 "$A/evaluation"

# bad requests
get "unknown indicator" 404 "$A/value?indicator=nope&region=530000&year=2022"; check "404 json" is_error 404
get "unknown region" 404 "$A/value?indicator=gdp&region=999999&year=2022"; check "404 json" is_error 404
get "unknown group" 404 "$A/observations?group=nope"; check "404 json" is_error 404
get "unknown region page" 404 "$A/regions/999999"; check "404 json" is_error 404
get "unknown endpoint" 404 "$A/nothing"; check "404 json" is_error 404
get "unknown scope" 404 "$A/targets?scope=nope"
get "bad year" 400 "$A/value?indicator=gdp&region=530000&year=20x2"; check "400 json" is_error 400
get "year out of range" 400 "$A/map?indicator=gdp&year=1800"
get "reversed years" 400 "$A/disparity?indicator=gdp&years=2023:2015"
get "malformed years" 400 "$A/observations?years=2015-2020"
get "missing year" 400 "$A/value?indicator=gdp&region=530000"
get "year and years" 400 "$A/observations?year=2020&years=2019:2020"
get "region and group" 400 "$A/value?indicator=gdp&region=530000&group=dianzhong&year=2020"
get "bad level" 400 "$A/map?indicator=gdp&year=2022&level=village"
get "bad lang" 400 "$A/regions?lang=fr"
get "unknown parameter" 400 "$A/regions?foo=1"
get "repeated parameter" 400 "$A/map?indicator=gdp&indicator=pop&year=2022"
get "too many permutations" 400 "$A/spatial?indicator=gdp&year=2020&permutations=100000"
get "bad weights" 400 "$A/spatial?indicator=gdp&year=2020&weights=knn:4"
get "malformed escapes" 400 "$A/regions?level=%zz%00"
get "POST to a read endpoint" 405 "$A/regions" -X POST -d x
LONG=$(head -c 3000 /dev/zero | tr '\0' a)
get "long query" 414 "$A/regions?level=$LONG"; check "414 json" is_error 414
code=$(python3 - "$PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
s.sendall(b"GET /api/v1/regions?x=" + b"a" * 200000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
data = b""
try:
    while not data.endswith(b"\n") or b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk: break
        data += chunk
except OSError:
    pass
print(data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "none")
PY
)
check "huge query refused ($code)" test "$code" = 414 -o "$code" = 431 -o "$code" = 413
get "still answering" 200 "$A/regions?level=prefecture"

# writes: off without a token
printf 'region,indicator,year,value,source\n530400,gdp,2024,8000,test upload\n' >"$WORK/good.csv"
printf 'region,indicator,year,value,source\n530100,gdp,2025,8100,test\n999999,gdp,2025,1,test\n' >"$WORK/bad.csv"
get "import without writes" 401 "$A/import?filename=good.csv" -X POST --data-binary @"$WORK/good.csv"; check "401 json" is_error 401

# with a token file
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"
TOKEN=$(cat "$WORK/token")
start rw --token-file "$WORK/token" --max-upload 1 --no-evaluation
get "index says writes on" 200 "$A"; check "writes on" json "d['writes'] is True"
get "no evaluation without --schemes" 404 "$A/evaluation?year=2020"; check "404 json" is_error 404
get "import without token" 401 "$A/import?filename=good.csv" -X POST --data-binary @"$WORK/good.csv"; check "401 json" is_error 401
get "import with a wrong token" 401 "$A/import?filename=good.csv" -X POST -H "Authorization: Bearer wrong-token-wrong-token" --data-binary @"$WORK/good.csv"
run "batches before" 0 batches --db "$DB" --format json
cp "$WORK/out" "$WORK/batches_before.json"
get "observations before" 200 "$A/observations"; cp "$WORK/out" "$WORK/obs_before.json"
get "rejected upload" 422 "$A/import?filename=bad.csv" -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/bad.csv"
check "problems listed" json "d['error']['status'] == 422 and d['error']['report']['problems'] and d['error']['report']['batch'] == 0"
run "batches after rejection" 0 batches --db "$DB" --format json
check "no new batch" cmp -s "$WORK/out" "$WORK/batches_before.json"
get "observations after rejection" 200 "$A/observations"
check "data unchanged" cmp -s "$WORK/out" "$WORK/obs_before.json"
get "bad filename" 400 "$A/import?filename=x.txt" -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/good.csv"
get "empty upload" 400 "$A/import?filename=good.csv" -X POST -H "Authorization: Bearer $TOKEN" --data-binary ''
head -c 1100000 /dev/zero | tr '\0' '1' >"$WORK/big.csv"
get "upload over the limit" 413 "$A/import?filename=big.csv" -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: text/csv" --data-binary @"$WORK/big.csv"
check "413 json" is_error 413
get "chunked upload over the limit" 413 "$A/import?filename=big.csv" -X POST -H "Authorization: Bearer $TOKEN" -H "Transfer-Encoding: chunked" --data-binary @"$WORK/big.csv"
# every worker thread caches answers; an import must make all of them answer afresh
for i in 1 2 3 4 5 6; do get "before the upload ($i)" 200 "$A/value?indicator=gdp&region=530400&year=2024"; check "no value yet ($i)" json "d['value'] is None"; done
get "accepted upload" 200 "$A/import?filename=good.csv" -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/good.csv"
check "a new batch" json "d['batch'] > 0 and d['rows'] == 1"
for i in 1 2 3 4 5 6; do get "the new value is served ($i)" 200 "$A/value?indicator=gdp&region=530400&year=2024"; check "8000 ($i)" json "d['value'] == 8000"; done
run "cli sees it too" 0 value gdp --region 530400 --year 2024 --db "$DB" --format json
check "cli 8000" json "d['value'] == 8000"
# an import by another process (the CLI) is seen at once by every thread (PRAGMA data_version)
for i in 1 2 3 4; do get "before the CLI import ($i)" 200 "$A/value?indicator=gdp&region=530100&year=2025"; done
printf 'region,indicator,year,value,source\n530100,gdp,2025,8200,cli import\n' >"$WORK/cli.csv"
run "cli import while serving" 0 import "$WORK/cli.csv" --db "$DB"
for i in 1 2 3 4; do get "after the CLI import ($i)" 200 "$A/value?indicator=gdp&region=530100&year=2025"; check "8200 ($i)" json "d['value'] == 8200"; done
get "same file again" 422 "$A/import?filename=good.csv" -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/good.csv"

# concurrent readers: 64 requests at once all answer
(for _ in $(seq 1 64); do curl -s -m 30 -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$PORT$A/map?indicator=gdp&year=2022&level=prefecture" & done; wait) >"$WORK/codes"
check "64 concurrent reads answered" test "$(grep -c '^200$' "$WORK/codes")" -eq 64

# without --schemes: the evaluation/ of the plan directory init read (as regio evaluate)
start def
get "default evaluation scheme" 200 "$A"; check "scheme found" json "d['evaluation_scheme'] == 'default'"
get "default evaluation" 200 "$A/evaluation?year=2020&region=530102"

# SIGTERM stops every server cleanly (exit 0; under REGIO_WRAP=valgrind also no leaks or errors)
for p in "${PIDS[@]}"; do
  kill -TERM "$p"
  wait "$p"
  check "server $p stopped cleanly" test $? -eq 0
done
PIDS=()

finish
