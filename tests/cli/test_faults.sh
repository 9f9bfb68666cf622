#!/usr/bin/env bash
# Faults that are the user's to fix: a read-only store file, a read-only directory, a full disk. Each must
# exit 1 (not 2, "internal"), name the database and say what to do; a store that cannot be written can still
# be read (it is opened read-only). After each fault the store passes PRAGMA integrity_check and every batch
# is whole or absent (its observation rows equal its file's rows). Disk full is a file size limit
# (`ulimit -f`, with SIGXFSZ ignored so the write fails with EFBIG, as on a full disk it fails with ENOSPC).
# Permissions do not bind root, so under root the read-only cases run as `nobody` (setpriv). Then kill -9 at a
# random moment of an import (0–2 s) and of an init (0–3 s), REGIO_FAULT_RUNS times each (default 10): every
# run must leave a store that passes integrity_check with the killed batch whole or absent (an init: all 13
# batches or none, it is one transaction).
. "$(dirname "$0")/lib.sh"
chmod 755 "$WORK"
AS=()
[ "$(id -u)" -eq 0 ] && AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
# as NAME EXPECTED ARGS...: run, as the unprivileged user
as() {
  local name=$1 want=$2; shift 2
  "${AS[@]}" ${REGIO_WRAP:-} "$REGIO_BIN" "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then PASS=$((PASS + 1)); else
    FAIL=$((FAIL + 1)); echo "FAIL $name: exit $got, expected $want"; sed 's/^/  stderr: /' "$WORK/err" | head -20
  fi
}
# whole DB: integrity_check is ok and every live batch has as many observation rows as it says
whole() {
  check "integrity ($1)" test "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok
  check "every batch whole ($1)" test "$(sqlite3 "$1" 'SELECT count(*) FROM batch b WHERE b.rows <> (SELECT count(*) FROM observation o WHERE o.batch = b.id)')" = 0
}

BASE=$WORK/base.db
# the store every case starts from is made without REGIO_WRAP (init itself is checked by test_init_atomic.sh)
"$REGIO_BIN" init --plan "$SRC/data/yunnan" --db "$BASE" 2>"$WORK/err"; check "init" test $? -eq 0
regio targets --year 2023 --format json --db "$BASE" > "$WORK/targets.want"
printf 'region,indicator,year,value,source\n530100,gdp,2040,1.5,synthetic fault-test row\n' > "$WORK/new.csv"
chmod 644 "$WORK/new.csv"

# ---- a read-only store file (its directory writable) ----
mkdir -m 777 "$WORK/rofile"
cp "$BASE" "$WORK/rofile/s.db"; chmod 444 "$WORK/rofile/s.db"
as "read-only file: targets" 0 targets --year 2023 --format json --db "$WORK/rofile/s.db"
check "read-only file: the same targets" cmp -s "$WORK/out" "$WORK/targets.want"
as "read-only file: import" 1 import "$WORK/new.csv" --db "$WORK/rofile/s.db"
check "names the store, says read-only" contains "$WORK/err" "the database $WORK/rofile/s.db is read-only (no write permission): nothing was written"
as "read-only file: undo" 1 undo 1 --db "$WORK/rofile/s.db"
check "undo: says read-only" contains "$WORK/err" "is read-only (no write permission)"
as "read-only file: import (zh)" 1 import "$WORK/new.csv" --db "$WORK/rofile/s.db" --lang zh
check "zh: says read-only" contains "$WORK/err" "数据库 $WORK/rofile/s.db 是只读的（没有写权限）"
as "read-only file: init" 1 init --plan "$SRC/data/yunnan" --db "$WORK/rofile/s.db"
check "init: says read-only" contains "$WORK/err" "is read-only (no write permission)"
whole "$WORK/rofile/s.db"

# ---- a read-only directory (read-only media): the file is writable, its directory is not ----
mkdir -m 755 "$WORK/rodir"
cp "$BASE" "$WORK/rodir/s.db"; chmod 666 "$WORK/rodir/s.db"
[ ${#AS[@]} -eq 0 ] && chmod 555 "$WORK/rodir"
as "read-only dir: targets" 0 targets --year 2023 --format json --db "$WORK/rodir/s.db"
check "read-only dir: the same targets" cmp -s "$WORK/out" "$WORK/targets.want"
as "read-only dir: value" 0 value gdp --region 530100 --year 2020 --format json --db "$WORK/rodir/s.db"
check "a value" json "d['value'] is not None"
as "read-only dir: import" 1 import "$WORK/new.csv" --db "$WORK/rodir/s.db"
check "names the store and its directory" contains "$WORK/err" "the database $WORK/rodir/s.db cannot be written: its directory $WORK/rodir is not writable"
as "read-only dir: a new store" 1 init --plan "$SRC/data/yunnan" --db "$WORK/rodir/new.db"
check "cannot create, names the directory" contains "$WORK/err" "cannot create the database $WORK/rodir/new.db: its directory $WORK/rodir is not writable"
check "no file made" test ! -e "$WORK/rodir/new.db"
chmod 755 "$WORK/rodir"
whole "$WORK/rodir/s.db"

# ---- disk full (a file size limit) ----
# 129 counties x 70 years of a synthetic GDP: ~9,000 rows, more than a 256 KB write-ahead log holds
{ echo "region,indicator,year,value,source"
  for r in $(sqlite3 "$BASE" "SELECT code FROM region WHERE level = 'county'"); do
    for y in $(seq 2030 2099); do echo "$r,gdp,$y,1.5,synthetic fault-test row"; done
  done; } > "$WORK/big.csv"
cp "$BASE" "$WORK/full.db"
limited() { ( ulimit -f 256; trap '' XFSZ; regio "$@" ) >"$WORK/out" 2>"$WORK/err"; }
limited import "$WORK/big.csv" --db "$WORK/full.db"; got=$?
check "disk full: import exits 1 (got $got)" test "$got" -eq 1
check "disk full: names the store, says what to do" contains "$WORK/err" "the disk holding the database $WORK/full.db is full (or a file size limit was reached): nothing was written; free some space"
whole "$WORK/full.db"
check "disk full: no batch of it" test "$(sqlite3 "$WORK/full.db" "SELECT count(*) FROM batch WHERE file LIKE '%big.csv'")" = 0
check "disk full: the batches as before" test "$(sqlite3 "$WORK/full.db" 'SELECT count(*) FROM batch')" = 13
limited init --plan "$SRC/data/yunnan" --db "$WORK/fullinit.db" --lang zh; got=$?
check "disk full: init exits 1 (got $got)" test "$got" -eq 1
check "disk full (zh): names the store" contains "$WORK/err" "数据库 $WORK/fullinit.db 所在的磁盘已满"
if [ -e "$WORK/fullinit.db" ]; then
  whole "$WORK/fullinit.db"
  check "disk full: init left no batch" test "$(sqlite3 "$WORK/fullinit.db" 'SELECT count(*) FROM batch')" = 0
fi
run "after the fault: the import lands" 0 import "$WORK/big.csv" --db "$WORK/full.db"
whole "$WORK/full.db"
check "the big batch whole" test "$(sqlite3 "$WORK/full.db" "SELECT rows FROM batch WHERE file LIKE '%big.csv'")" = "$(($(wc -l < "$WORK/big.csv") - 1))"

# ---- kill -9 at a random moment (REGIO_FAULT_RUNS each, default 10) ----
# under valgrind (REGIO_WRAP) 3 runs each: a kill there mostly lands in valgrind's own start-up
RUNS=${REGIO_FAULT_RUNS:-10}
[ -n "${REGIO_WRAP:-}" ] && RUNS=${REGIO_FAULT_RUNS:-3}
BIG=$(($(wc -l < "$WORK/big.csv") - 1))
# killed DELAY CMD...: starts regio, kills it with SIGKILL after DELAY seconds (if it still runs)
killed() {
  local delay=$1; shift
  ${REGIO_WRAP:-} "$REGIO_BIN" "$@" >/dev/null 2>&1 & local pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}
landed=0
for i in $(seq "$RUNS"); do
  cp "$BASE" "$WORK/k.db"
  killed "$((RANDOM % 2)).$(printf %03d $((RANDOM % 1000)))" import "$WORK/big.csv" --db "$WORK/k.db"
  ok=$(sqlite3 "$WORK/k.db" 'PRAGMA integrity_check')
  n=$(sqlite3 "$WORK/k.db" "SELECT coalesce((SELECT count(*) FROM observation o JOIN batch b ON o.batch = b.id WHERE b.file LIKE '%big.csv'), 0)")
  nb=$(sqlite3 "$WORK/k.db" "SELECT count(*) FROM batch WHERE file LIKE '%big.csv'")
  [ "$nb" = 1 ] && landed=$((landed + 1))
  check "kill -9 import #$i: integrity ($ok)" test "$ok" = ok
  check "kill -9 import #$i: the batch whole or absent ($nb batch, $n rows)" test "$nb:$n" = "0:0" -o "$nb:$n" = "1:$BIG"
  check "kill -9 import #$i: the other batches whole" test "$(sqlite3 "$WORK/k.db" 'SELECT count(*) FROM batch b WHERE b.rows <> (SELECT count(*) FROM observation o WHERE o.batch = b.id)')" = 0
done
echo "kill -9 during import: $RUNS runs, the batch landed whole in $landed and was absent in $((RUNS - landed))"
landed=0
for i in $(seq "$RUNS"); do
  rm -f "$WORK/ki.db"*
  killed "$((RANDOM % 3)).$(printf %03d $((RANDOM % 1000)))" init --plan "$SRC/data/yunnan" --db "$WORK/ki.db"
  [ -e "$WORK/ki.db" ] || { check "kill -9 init #$i: killed before the file was made" true; continue; }
  ok=$(sqlite3 "$WORK/ki.db" 'PRAGMA integrity_check')
  nb=$(sqlite3 "$WORK/ki.db" "SELECT count(*) FROM batch" 2>/dev/null || echo 0)
  [ "$nb" = 13 ] && landed=$((landed + 1))
  check "kill -9 init #$i: integrity ($ok)" test "$ok" = ok
  check "kill -9 init #$i: all 13 batches or none ($nb)" test "$nb" = 0 -o "$nb" = 13
  check "kill -9 init #$i: every batch whole" test "$(sqlite3 "$WORK/ki.db" 'SELECT count(*) FROM batch b WHERE b.rows <> (SELECT count(*) FROM observation o WHERE o.batch = b.id)' 2>/dev/null || echo 0)" = 0
done
echo "kill -9 during init: $RUNS runs, init had finished in $landed, nothing of it was in the store in the others"
finish
