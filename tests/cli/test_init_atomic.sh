#!/usr/bin/env bash
# `regio init` is one transaction: with one bad observation file nothing is written — not the plan, not the
# files before the bad one. On a new database the file is left holding regio's empty schema and no row in
# any table (docs/data.md says so); on a store that was initialised before, every table is as it was — an
# earlier file that changed is not half-replaced. Then the fixed directory's init lands all of it.
# The plan is a copy of data/yunnan (raw/ linked); the bad row is synthetic (an urbanisation rate of 120 %), in
# the third file (new store) and in the last one (initialised store): the run under valgrind stays short.
. "$(dirname "$0")/lib.sh"
PLAN=$WORK/plan
mkdir -p "$PLAN"
(cd "$SRC/data/yunnan" && tar cf - --exclude=raw .) | (cd "$PLAN" && tar xf -)
ln -s "$(cd "$SRC" && pwd)/data/yunnan/raw" "$PLAN/raw" # the boundaries read ../raw/*.geojson
LAST=$PLAN/observations/prefecture_indicators.csv # the last file init imports (sorted by name)
THIRD=$PLAN/observations/census2020_employment.csv
cp "$LAST" "$WORK/good.csv"
cp "$THIRD" "$WORK/third.csv"
BAD='530100,urban_rate,2020,120,synthetic bad row'
echo "$BAD" >> "$THIRD"
DB=$WORK/new.db

# rows NAME: every table's row count, one "table n" per line (sqlite3 CLI)
rows() {
  sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name" | while read -r t; do
    echo "$t $(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"
  done
}
total() { rows "$1" | awk '{s += $2} END {print s + 0}'; }

# a new store, the third file bad: the plan and the first two files were written inside the transaction
run "init with a bad file fails" 1 init --plan "$PLAN" --db "$DB"
check "names the file and line" contains "$WORK/err" "census2020_employment.csv:"
check "says nothing was written" contains "$WORK/err" "init did not finish and wrote nothing: the store $DB is as it was"
check "earlier files were read first" contains "$WORK/err" "[2/13]"
check "new store: the file holds the schema only" test -f "$DB"
check "new store: no row in any table" test "$(total "$DB")" = 0
check "new store: has regio's tables" test "$(rows "$DB" | wc -l)" -ge 20
run "targets on it says to run init" 1 targets --db "$DB"
cp "$WORK/third.csv" "$THIRD"

# a store initialised before: a changed earlier file and a bad later one leave every table as it was
rm -f "$DB"*
run "good init" 0 init --plan "$PLAN" --db "$DB"
check "13 files" contains "$WORK/err" "done: 13 files imported (4277 observations)"
rows "$DB" > "$WORK/before"
sqlite3 "$DB" "SELECT id, file, sha256, rows FROM batch ORDER BY id" > "$WORK/batches.before"
# the first file changes (a synthetic row added), the last one turns bad again
printf '530100,age0_14_share,2019,14.5,synthetic changed row\n' >> "$PLAN/observations/census2020_ages.csv"
echo "$BAD" >> "$LAST"
run "re-init with a bad file fails (zh)" 1 init --plan "$PLAN" --db "$DB" --lang zh
check "the changed file was read" contains "$WORK/err" "文件已修改，取代批次 1"
check "zh: says nothing was written" contains "$WORK/err" "初始化未完成，什么也没有写入：数据库 $DB 保持原样"
rows "$DB" > "$WORK/after"
check "every table's row count as before" cmp -s "$WORK/before" "$WORK/after"
sqlite3 "$DB" "SELECT id, file, sha256, rows FROM batch ORDER BY id" > "$WORK/batches.after"
check "the batches as before" cmp -s "$WORK/batches.before" "$WORK/batches.after"
run "synthetic row absent" 0 value age0_14_share --region 530100 --year 2019 --format json --db "$DB"
check "no 2019 value" json "d['value'] is None"
check "integrity" test "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok

# fixed: the rerun finishes it
cp "$WORK/good.csv" "$LAST"
run "re-init fixed" 0 init --plan "$PLAN" --db "$DB"
check "one file replaced" contains "$WORK/err" "done: 1 files imported"
run "synthetic row present" 0 value age0_14_share --region 530100 --year 2019 --format json --db "$DB"
check "14.5" json "d['value'] == 14.5"
finish
