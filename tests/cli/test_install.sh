#!/usr/bin/env bash
# test_install.sh — `cmake --install` into an empty temporary prefix, then the installed program, library, headers,
# pkg-config file, man page, dashboard and plans are used from there alone (not from the source or build tree):
# the installed `regio serve` finds share/regio/web beside ../bin and serves the dashboard; a program compiled with
# `pkg-config --cflags --libs regio` links libregio and computes a Gini; `man -l` reads the page.
. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$(dirname "$REGIO_BIN")" && pwd)
PREFIX="$WORK/prefix"

check "cmake --install" cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1
LIBDIR=$(dirname "$(find "$PREFIX" -name regio.pc -path '*/pkgconfig/*' | head -1)")/..
for f in bin/regio include/regio/version.h include/regio/ineq.h share/man/man1/regio.1 share/regio/web/index.html \
         share/regio/web/app.js share/regio/plans/yunnan/regions.csv share/doc/regio/LICENSE; do
  check "installed $f" test -s "$PREFIX/$f"
done
check "libregio.a and libregio.so installed" test -s "$LIBDIR/libregio.a" -a -e "$LIBDIR/libregio.so"
[ -d "$SRC/web/node_modules/echarts" ] && check "ECharts installed with the dashboard" \
  test -s "$PREFIX/share/regio/web/node_modules/echarts/dist/echarts.min.js"

# the installed program, on the installed plan
IRegio() { ${REGIO_WRAP:-} "$PREFIX/bin/regio" "$@"; }
want=$(sed -n 's/^project(regio VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
check "--version is the project's ($want)" test "$(IRegio --version)" = "regio $want"
IRegio init --plan "$PREFIX/share/regio/plans/yunnan" --db "$WORK/i.db" >"$WORK/out" 2>"$WORK/err"
check "init from the installed plan" test $? -eq 0
IRegio value pop --region 530000 --year 2020 --db "$WORK/i.db" --format json >"$WORK/out" 2>"$WORK/err"
check "a value from the installed store (2020 census: 4720.93 万人)" json "abs(d['value'] - 4720.93) < 0.01"

# serve without --web: the dashboard comes from share/regio/web next to bin/
${REGIO_WRAP:-} "$PREFIX/bin/regio" serve --db "$WORK/i.db" --port 0 --threads 2 >"$WORK/serve.port" 2>"$WORK/serve.log" &
SPID=$!
trap 'kill "$SPID" 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=
for _ in $(seq 1 300); do PORT=$(head -1 "$WORK/serve.port" 2>/dev/null); [ -n "$PORT" ] && break; sleep 0.1; done
check "installed serve started" test -n "$PORT"
code=$(curl -s -m 30 -o "$WORK/index.html" -w '%{http_code}' "http://127.0.0.1:$PORT/")
check "dashboard served (HTTP $code)" test "$code" = 200
check "it is the dashboard page" contains "$WORK/index.html" '/static/app.js'
check "no 'no web directory' warning" bash -c "! grep -q 'web' '$WORK/serve.log'"
if [ -d "$SRC/web/node_modules/echarts" ]; then
  code=$(curl -s -m 30 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/static/echarts.min.js")
  check "ECharts served from the prefix (HTTP $code)" test "$code" = 200
fi
kill -TERM "$SPID"; wait "$SPID"
check "serve stops cleanly on SIGTERM" test $? -eq 0

# a program built against the installed library through pkg-config. Gini of 1,2,3,4 by hand:
# Σ|xi-xj| over ordered pairs = 20, G = 20 / (2 n² mean) = 20 / (2·16·2.5) = 0.25
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
check "pkg-config --cflags has the prefix" bash -c "pkg-config --cflags regio | grep -qF -- '-I$PREFIX/include'"
cat >"$WORK/t.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <regio/ineq.h>
#include <regio/version.h>
int main(void) {
    double x[] = {1, 2, 3, 4}, g = 0;
    regio_error err = {0};
    if (regio_ineq_gini(x, NULL, 4, &g, &err) != REGIO_OK) return 1;
    printf("%s %.6f\n", regio_version(), g);
    return strcmp(regio_version(), REGIO_VERSION_STRING) != 0;
}
C
SAN=""
grep -q '^REGIO_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" && SAN="-fsanitize=address,undefined"
# shellcheck disable=SC2046
cc $SAN -std=c11 -o "$WORK/t_shared" "$WORK/t.c" $(pkg-config --cflags --libs regio) -Wl,-rpath,"$LIBDIR" 2>"$WORK/cc.err"
check "compiles and links against libregio.so" test $? -eq 0
check "runs: version and Gini 0.25" test "$("$WORK/t_shared" 2>&1)" = "$want 0.250000"
# shellcheck disable=SC2046
# libregio.a with its dependencies' shared libraries: the modules of Requires.private plus Libs.private
deps=$(sed -n 's/^Requires.private: //p' "$LIBDIR/pkgconfig/regio.pc")
privs=$(sed -n 's/^Libs.private: //p' "$LIBDIR/pkgconfig/regio.pc")
# shellcheck disable=SC2046,SC2086
cc $SAN -std=c11 -o "$WORK/t_static" "$WORK/t.c" $(pkg-config --cflags regio) "$LIBDIR/libregio.a" \
   $(pkg-config --libs $deps) $privs 2>"$WORK/cc.err"
check "links libregio.a (Requires.private, Libs.private)" test $? -eq 0
check "static program: Gini 0.25" test "$("$WORK/t_static" 2>&1)" = "$want 0.250000"

MANWIDTH=100 man -l "$PREFIX/share/man/man1/regio.1" >"$WORK/man.txt" 2>"$WORK/man.err"
check "man -l reads the page" test $? -eq 0
check "the page lists every command" bash -c "for c in \$('$PREFIX/bin/regio' --help | sed -n '/^commands:/,/^\$/p' | sed '1d' | awk '{print \$1}'); do grep -q \"^   \$c\$\" '$WORK/man.txt' || exit 1; done"
check "and their options (regio value --share-of)" contains "$WORK/man.txt" "--share-of CODE"
finish
