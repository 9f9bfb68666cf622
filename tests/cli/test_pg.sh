#!/usr/bin/env bash
# The PostgreSQL store backend against the SQLite one: the shipped Yunnan plan is initialised into a
# throw-away PostgreSQL cluster (pg_lib.sh) and into an SQLite file, and the README's tour — plan listings,
# targets, values, coverage, disparity, convergence, Markov, spatial statistics, needs — must print the same
# bytes on both (the --db string replaced by DB), in English and Chinese. Then the writes: an import, its
# undo, a failed import that must leave nothing, and two imports run at the same moment, which must both
# land (the second waits for the first's advisory lock) while a reader sees either none or all of a batch.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"
pg_start
PG=$(pg_newdb yunnan)
LITE=$WORK/yunnan.db

# same NAME ARGS... : the command on both stores; exit code, stdout and stderr must be equal
same() {
  local name=$1; shift
  regio "$@" --db "$LITE" >"$WORK/lite.out" 2>"$WORK/lite.err"; local lrc=$?
  regio "$@" --db "$PG" >"$WORK/pg.out" 2>"$WORK/pg.err"; local prc=$?
  sed -i "s#$LITE#DB#g" "$WORK/lite.out" "$WORK/lite.err"
  sed -i "s#$PG#DB#g" "$WORK/pg.out" "$WORK/pg.err"
  if [ "$lrc" -eq "$prc" ] && cmp -s "$WORK/lite.out" "$WORK/pg.out" && cmp -s "$WORK/lite.err" "$WORK/pg.err" \
     && [ -s "$WORK/lite.out" -o -s "$WORK/lite.err" ]; then
    PASS=$((PASS + 1))
  else
    FAIL=$((FAIL + 1)); echo "FAIL $name: SQLite exit $lrc, PostgreSQL exit $prc"
    diff "$WORK/lite.out" "$WORK/pg.out" | head -10; diff "$WORK/lite.err" "$WORK/pg.err" | head -10
  fi
  cp "$WORK/pg.out" "$WORK/out"; cp "$WORK/pg.err" "$WORK/err"
}

same "init" init --plan "$SRC/data/yunnan"
check "init imported the 13 files" contains "$WORK/err" "done: 13 files imported (4277 observations)"
same "overview" overview
same "regions" regions --level county --format json
check "129 counties" json "len(d) == 129"
same "groups" groups
same "groups zh" groups dianzhong --lang zh
same "indicators" indicators --format json
same "targets 2023" targets --year 2023 --format json
check "21 targets (4 of them gap targets)" json "len(d['targets']) == 21 and sum(t['kind'] == 'gap' for t in d['targets']) == 4"
same "targets zh" --lang zh targets --group 滇中
same "targets text" targets
same "needs" needs
same "value share" value pop --group dianzhong --year 2020 --share-of 530000
same "value first vintage" value gdp --group dianzhong --year 2020 --share-of 530000 --vintage first
same "value county sum" value gdp --region 530100 --year 2020 --format json
check "昆明 GDP 2020 found" json "d['value'] is not None"
same "value by name" value 地区生产总值 --region 昆明 --year 2020
same "value vintages" value gdp --region 530000 --year 2020 --format json
same "check" check --year 2020
same "coverage" coverage --format json
same "coverage zh" --lang zh coverage
same "disparity" disparity urban_rate --year 2020 --weight pop --partition blocks_west --format json
same "disparity years" disparity gdp_pc --years 2020:2023 --level prefecture
same "convergence" convergence gdp --years 2019:2022 --level prefecture --format json
same "convergence refused across a break" convergence gdp --years 2018:2019 --level prefecture
check "refused" contains "$WORK/err" "break"
same "markov" markov gdp_pc --years 2015:2021 --level prefecture --classes 4 --relative --across-breaks --format json
same "spatial" spatial urban_rate --year 2020 --weights queen --permutations 999 --seed 1 --format json
same "evaluate" evaluate --year 2020 --format json

# the report: the same JSON but for when it was made (generated_at, and the reproducibility table's "generated"
# row) and which store it read (a PostgreSQL store has no file
# to fingerprint: its SHA-256 field is "-")
for k in lite pg; do
  db=$LITE; [ $k = pg ] && db=$PG
  run "report ($k)" 0 report --year 2024 --out "$WORK/report.$k.json" --db "$db"
done
check "report JSON equal" python3 - "$WORK/report.lite.json" "$WORK/report.pg.json" "$LITE" "$PG" <<'PY'
import json, re, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert b["database_sha256"] == "-" and len(a["database_sha256"]) == 64, (a["database_sha256"], b["database_sha256"])
def norm(d, db):
    for r in d["tables"]["reproduce"]["rows"]:
        if r.get("value") in (d["database_sha256"], db): r["value"] = "STORE"
        if r.get("item") == "generated": r["value"] = "WHEN"  # to the minute: two runs can straddle one
    d.pop("database_sha256")
    t = json.dumps(d, ensure_ascii=False, sort_keys=True)
    t = re.sub(r'"generated_at": "[^"]*"', "", t)
    return re.sub(r'"imported_at": "[^"]*"', "", t)
x, y = norm(a, sys.argv[3]), norm(b, sys.argv[4])
if x != y:  # say where they differ, so a failure can be read from the log
    import difflib
    print("\n".join(list(difflib.unified_diff(x.split(", "), y.split(", "), "sqlite", "postgresql", lineterm=""))[:80]))
assert x == y
PY

# ---- writes ----
cat > "$WORK/new.csv" <<'CSV'
region,indicator,year,value,source
530100,gdp,2026,9876.5,synthetic test row
530300,gdp,2026,4321.25,synthetic test row
CSV
same "import" import "$WORK/new.csv" --format json
check "2 rows, batch 14" json "d[0]['rows'] == 2 and d[0]['batch'] == 14"
same "imported value" value gdp --region 530100 --year 2026 --format json
check "9876.5 back exactly" json "d['value'] == 9876.5"
same "undo" undo 14
same "value gone" value gdp --region 530100 --year 2026 --format json
check "none after undo" json "d['value'] is None"

# a failed import leaves nothing: the second row is out of bounds, so the first is not written either
printf 'region,indicator,year,value,source\n530100,gdp,2027,1,x\n530100,urban_rate,2027,120,x\n' > "$WORK/bad.csv"
same "failed import" import "$WORK/bad.csv"
check "refused naming the line" contains "$WORK/err" "bad.csv:3"
same "nothing of it" value gdp --region 530100 --year 2027 --format json
check "no 2027 value" json "d['value'] is None"
# batches: the same list (import times differ, so they are left out of the comparison)
for db in "$LITE" "$PG"; do
  regio batches --format json --db "$db" | python3 -c "import json,sys; d=json.load(sys.stdin)
for b in d: b.pop('imported_at', None)
print(json.dumps(d, ensure_ascii=False, sort_keys=True))" > "$WORK/batches.$([ "$db" = "$LITE" ] && echo lite || echo pg)"
done
check "same batches" cmp -s "$WORK/batches.lite" "$WORK/batches.pg"
check "13 live batches" python3 -c "import json; assert len(json.load(open('$WORK/batches.pg'))) == 13"

# ---- two writers at once ----
for k in 1 2; do
  { echo "region,indicator,year,value,source"
    for r in 530100 530300 530400 530500 530600 530700 530800 530900 532300 532500; do
      echo "$r,gdp,203$k,$k$((r % 1000)).5,synthetic concurrent row $k"
    done; } > "$WORK/conc$k.csv"
done
concurrent() { # concurrent DB: two imports started together, and a reader while they run
  local db=$1
  regio import "$WORK/conc1.csv" --db "$db" >"$WORK/c1.out" 2>"$WORK/c1.err" & local p1=$!
  regio import "$WORK/conc2.csv" --db "$db" >"$WORK/c2.out" 2>"$WORK/c2.err" & local p2=$!
  regio coverage --format json --db "$db" >"$WORK/c3.out" 2>"$WORK/c3.err" & local p3=$!
  wait $p1; local r1=$?; wait $p2; local r2=$?; wait $p3; local r3=$?
  echo "$r1 $r2 $r3"
}
for db in "$LITE" "$PG"; do
  codes=$(concurrent "$db")
  check "both imports and the reader succeed ($db)" test "$codes" = "0 0 0"
  [ "$codes" = "0 0 0" ] || cat "$WORK/c1.err" "$WORK/c2.err" "$WORK/c3.err"
  regio value gdp --region 532500 --year 2031 --format json --db "$db" > "$WORK/out"
  check "first writer's row landed" json "d['value'] == 1500.5"
  regio value gdp --region 532500 --year 2032 --format json --db "$db" > "$WORK/out"
  check "second writer's row landed" json "d['value'] == 2500.5"
  regio batches --format json --db "$db" > "$WORK/out"
  check "15 live batches ($db)" json "len(d) == 15 and sorted(b['rows'] for b in d[-2:]) == [10, 10]"
done
same "coverage after concurrent imports" coverage --format json

# init is one transaction on PostgreSQL too (its imports join it as savepoints): a bad last file leaves a new
# database without plan or batch, and an initialised one — with an earlier file changed — as it was
PLAN=$WORK/plan
mkdir -p "$PLAN"
(cd "$SRC/data/yunnan" && tar cf - --exclude=raw .) | (cd "$PLAN" && tar xf -)
ln -s "$(cd "$SRC" && pwd)/data/yunnan/raw" "$PLAN/raw"
LASTF=$PLAN/observations/prefecture_indicators.csv
cp "$LASTF" "$WORK/last.good"
printf '530100,urban_rate,2020,120,synthetic bad row\n' >> "$LASTF"
ATOMIC=$(pg_newdb atomic)
run "init with a bad file (new PostgreSQL store)" 1 init --plan "$PLAN" --db "$ATOMIC"
check "says nothing was written" contains "$WORK/err" "init did not finish and wrote nothing"
check "the last file was read" contains "$WORK/err" "[13/13]"
run "no plan in it" 1 targets --db "$ATOMIC"
check "says run init" contains "$WORK/err" "run regio init"
check "no row in batch, observation, region" test \
  "$("$PGBIN/psql" -h "$PGROOT" -U regio -d atomic -tAc 'SELECT (SELECT count(*) FROM batch) + (SELECT count(*) FROM observation) + (SELECT count(*) FROM region)')" = 0
cp "$WORK/last.good" "$LASTF"
run "init fixed" 0 init --plan "$PLAN" --db "$ATOMIC"
regio batches --format json --db "$ATOMIC" > "$WORK/pg.batches.before"
printf '530100,age0_14_share,2019,14.5,synthetic changed row\n' >> "$PLAN/observations/census2020_ages.csv"
printf '530100,urban_rate,2020,120,synthetic bad row\n' >> "$LASTF"
run "re-init with a changed and a bad file" 1 init --plan "$PLAN" --db "$ATOMIC"
check "the changed file was read" contains "$WORK/err" "file changed; replaces batch"
check "refused" contains "$WORK/err" "init did not finish and wrote nothing"
regio batches --format json --db "$ATOMIC" > "$WORK/pg.batches.after"
check "PostgreSQL batches as before" cmp -s "$WORK/pg.batches.before" "$WORK/pg.batches.after"
run "changed row absent" 0 value age0_14_share --region 530100 --year 2019 --format json --db "$ATOMIC"
check "no 2019 value" json "d['value'] is None"

# a store that was never initialised is not mistaken for an empty one
EMPTY=$(pg_newdb empty)
run "uninitialised PostgreSQL store" 1 targets --db "$EMPTY"
check "says run init" contains "$WORK/err" "holds no regio store yet; run regio init"
run "unreachable server" 2 targets --db "postgresql:///nowhere?host=$WORK/none&user=regio"
check "says it cannot connect" contains "$WORK/err" "cannot connect to database"
finish
