#!/usr/bin/env bash
# Installs every Debian package regio needs to build, test and run (idempotent; needs root or sudo).
# Called by the README's first command and by .ci/run; nothing is installed by hand.
set -euo pipefail
PKGS=(build-essential cmake pkg-config
      libsqlite3-dev sqlite3 libjansson-dev libcsv-dev libutf8proc-dev libgdal-dev libgsl-dev nettle-dev
      libcmocka-dev valgrind python3 gdal-bin clang
      libmicrohttpd-dev libxlsxwriter-dev libzip-dev libpcre2-dev libpq-dev postgresql
      pandoc librsvg2-bin unzip
      chromium fonts-noto-cjk poppler-utils wrk man-db
      clang libclang-rt-dev)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
# the dashboard's and the browser tests' packages come from the npm registry (web/package.json, lock file)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
if [ -f web/package.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
