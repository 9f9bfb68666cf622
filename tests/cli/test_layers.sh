#!/usr/bin/env bash
# test_layers.sh — the layers of docs/architecture.md are kept by the code: tools/check_layers.py lists every
# header each library file reaches (the compiler's -MM over compile_commands.json) and fails on a forbidden arrow
# (SQLite outside src/store/, an engine or the plan model reaching a store or analysis header, the library
# including the program's headers, GDAL initialised outside its one adapter src/io/gdal.c). First on the real tree (no arrow), then on a small synthetic tree with one
# arrow of each kind, to show that the check does fail.
. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$(dirname "$REGIO_BIN")" && pwd)

python3 "$SRC/tools/check_layers.py" "$SRC" "$BUILD" >"$WORK/out" 2>"$WORK/err"
check "no forbidden arrow in the library" test $? -eq 0
sed 's/^/  /' "$WORK/out" | grep -v "forbidden arrows" | head -20
check "every library file checked (more than 100)" test "$(sed -n 's/^\([0-9]*\) files checked.*/\1/p' "$WORK/out")" -gt 100

# synthetic tree: an engine file that includes the store and calls SQLite, a plan file that reaches an engine
# header, a report file that includes a CLI header, a public header naming a sqlite3 type and a store file that
# calls SQLite itself instead of going through the statement layer
T="$WORK/tree"
mkdir -p "$T/src/store" "$T/src/engine/x" "$T/src/plan" "$T/src/report" "$T/src/cli" "$T/include/regio" "$T/build"
cp "$SRC"/include/regio/*.h "$T/include/regio/"
cp "$BUILD/include/regio/version.h" "$T/include/regio/" 2>/dev/null
printf '#include "regio/store.h"\nint f(void *db);\nint f(void *db) { return sqlite3_close(db); }\n' >"$T/src/engine/x/bad.c"
printf '#include "regio/aggregate.h"\nint g(void);\nint g(void) { return 0; }\n' >"$T/src/plan/bad_plan.c"
printf '#include "cli/cli.h"\nvoid GDALAllRegister(void);\nvoid h(void);\nvoid h(void) { GDALAllRegister(); }\n' >"$T/src/report/bad_report.c"
printf 'int c;\n' >"$T/src/cli/cli.h"
printf 'int sqlite3_exec(void *, const char *, void *, void *, char **);\nint s(void *db);\nint s(void *db) { return sqlite3_exec(db, "", 0, 0, 0); }\n' >"$T/src/store/store_bad.c"
printf '#ifndef X_H\n#define X_H\nstruct sqlite3 *x_db(void);\n#endif\n' >"$T/include/regio/zz_bad.h"
python3 - "$T" <<'PY'
import json, os, sys
t = sys.argv[1]
files = ["src/store/store_bad.c", "src/engine/x/bad.c", "src/plan/bad_plan.c", "src/report/bad_report.c"]
json.dump([{"directory": t + "/build", "file": t + "/" + f,
            "command": "cc -I%s/include -I%s/src -std=c11 -o x.o -c %s/%s" % (t, t, t, f)} for f in files],
          open(t + "/build/compile_commands.json", "w"))
PY
python3 "$SRC/tools/check_layers.py" "$T" "$T/build" >"$WORK/out" 2>"$WORK/err"
check "a forbidden arrow fails the check" test $? -eq 1
check "engine → store header named" contains "$WORK/out" "src/engine/x/bad.c: reaches regio/store.h (rule 2"
check "SQLite outside the store named" contains "$WORK/out" "src/engine/x/bad.c: names sqlite3_close (rule 1"
check "plan → engine header named" contains "$WORK/out" "src/plan/bad_plan.c: reaches regio/aggregate.h (rule 3"
check "library → program header named" contains "$WORK/out" "src/report/bad_report.c: reaches src/cli/cli.h (rule 4"
check "GDAL initialised outside the adapter named" contains "$WORK/out" "src/report/bad_report.c: calls GDALAllRegister (rule 5"
check "a public header naming sqlite3 named" contains "$WORK/out" "include/regio/zz_bad.h: names SQLite (rule 1"
check "a store file calling SQLite past the statement layer named" contains "$WORK/out" "src/store/store_bad.c: calls sqlite3_exec( (rule 1"
check "seven arrows counted" contains "$WORK/out" "4 files checked, 7 forbidden arrows"
finish
