# lib.sh — helpers for the end-to-end CLI tests. Each test script is called as: script REGIO_BINARY SOURCE_DIR.
# REGIO_WRAP (e.g. "valgrind -q --error-exitcode=99") runs every regio call under a checker.
set -u
REGIO_BIN=$1
SRC=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/regio-cli-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASS=0
FAIL=0
export REGIO_LANG=en

regio() { ${REGIO_WRAP:-} "$REGIO_BIN" "$@"; }

# run NAME EXPECTED_EXIT CMD... : runs a regio command, keeps stdout/stderr in $WORK/out and $WORK/err
run() {
  local name=$1 want=$2; shift 2
  regio "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then PASS=$((PASS + 1)); else
    FAIL=$((FAIL + 1)); echo "FAIL $name: exit $got, expected $want"; sed 's/^/  stderr: /' "$WORK/err" | head -20
  fi
}

# check NAME CONDITION... : a shell condition
check() {
  local name=$1; shift
  if "$@"; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL $name: $*"; fi
}

contains() { grep -qF -- "$2" "$1"; }

# jq-free JSON checks: python3's json module
json() { python3 -c "import json,sys; d=json.load(open('$WORK/out')); sys.exit(0 if ($1) else 1)"; }

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}
