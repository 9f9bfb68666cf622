#!/usr/bin/env bash
# bench_peers.sh — regio's LISA side by side with its peers in one interleaved run (issue 14): for each round, each
# case (national: the 2,989 Chinese counties with a 2020 urbanisation value, queen contiguity from the shipped
# TopoJSON, real data; lattice: the 100×100 rook lattice with bench_autocorr's seeded synthetic values) runs regio
# with per-unit and with shared draws on 1 and 2 threads, then R spdep's localmoran_perm, one after the other, so
# that every tool sees the same machine load. 9,999 permutations, row-standardised weights, time of the statistic
# alone. Prints the Markdown tables of docs/benchmarks.md: medians, per-round ratios, the load of each round.
#
# Peers are installed from Debian packages: r-cran-spdep (apt-get, needs root; not in scripts/setup.sh because no
# test needs it). PySAL's esda is not packaged by Debian 12 (python3-libpysal is, without esda) and the project
# uses no PyPI, so esda is not run here; its times from issue 14's earlier run are printed as such.
#
# usage: bench/bench_peers.sh BUILD_DIR [ROUNDS=3] [PERMUTATIONS=9999]
#        BUILD_DIR configured with -DCMAKE_BUILD_TYPE=Release -DREGIO_BENCH=ON (bench_autocorr and regio built)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$1" && pwd)
ROUNDS=${2:-3}
R=${3:-9999}
if ! Rscript -e 'suppressPackageStartupMessages(library(spdep))' >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends r-cran-spdep >&2
fi
SPDEP=$(Rscript -e 'cat(as.character(packageVersion("spdep")))')
RVER=$(Rscript -e 'cat(R.version$major, R.version$minor, sep = ".")')
T=$(mktemp -d "${TMPDIR:-/tmp}/regio-peers-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$SRC"
for c in national lattice; do "$B/bench/bench_autocorr" dump "$c" "$T"; done

# the same statistic: regio's Ii (analytical, Anselin's scale = spdep's mlvar = TRUE) against spdep's
for c in national lattice; do
  "$B/regio" spatial --data "$T/$c.csv" --id id --value value --neighbours "$T/$c.gal" --stats lisa --permutations 0 \
    --format json > "$T/$c.regio.json" 2>/dev/null
  Rscript bench/peers_spdep.R "$T/$c.gal" "$T/$c.csv" 99 "$T/$c.spdep.csv" > /dev/null
done

CONFIGS="unit:1 unit:2 shared:1 shared:2"
echo "round case tool seconds load" > "$T/times"
for r in $(seq 1 "$ROUNDS"); do
  for c in national lattice; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    for cfg in $CONFIGS; do
      s=$("$B/bench/bench_autocorr" "$c" lisa "${cfg#*:}" "$R" "${cfg%%:*}" | cut -d' ' -f1)
      echo "$r $c regio-${cfg%%:*}-${cfg#*:} $s $load" >> "$T/times"
    done
    s=$(Rscript bench/peers_spdep.R "$T/$c.gal" "$T/$c.csv" "$R")
    echo "$r $c spdep $s $load" >> "$T/times"
    echo "round $r $c done (load $load)" >&2
  done
done

python3 - "$T" "$ROUNDS" "$R" "$SPDEP" "$RVER" <<'PY'
import csv, json, statistics, sys
T, rounds, R, spdep, rver = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rows = [l.split() for l in open(T + "/times").read().splitlines()[1:]]
t = {}
load = {}
for r, c, tool, s, ld in rows:
    t.setdefault((c, tool), {})[int(r)] = float(s)
    load.setdefault(c, {})[int(r)] = ld
# esda (PySAL, no numba) from issue 14's earlier interleaved run on this machine; not rerun here
esda = {"national": 2.48, "lattice": 8.2}
label = {"national": "national, 2,989 counties (queen, 8 islands)", "lattice": "100×100 rook lattice (10,000 units)"}
tools = ["regio-unit-1", "regio-unit-2", "regio-shared-1", "regio-shared-2"]
names = {"regio-unit-1": "regio, draws per unit, 1 thread", "regio-unit-2": "regio, draws per unit, 2 threads",
         "regio-shared-1": "regio, shared draws, 1 thread", "regio-shared-2": "regio, shared draws, 2 threads"}
for c in ("national", "lattice"):
    a = json.load(open(f"{T}/{c}.regio.json"))["local"]
    b = {row["id"]: row["Ii"] for row in csv.DictReader(open(f"{T}/{c}.spdep.csv"))}
    d = max(abs(u["local_moran"] - float(b[u["id"]])) for u in a if u["local_moran"] is not None)
    isl_spdep = sum(1 for u in a if u["local_moran"] is None)
    print(f"\n**{label[c]}**, {R} permutations, {rounds} rounds (load average at each round's start: "
          + ", ".join(load[c][r] for r in sorted(load[c])) + f"); regio's Ii equal spdep's to {d:.1e} "
          f"({isl_spdep} islands: NaN in regio, 0 in spdep)\n")
    sp = t[(c, "spdep")]
    print("| tool | median | rounds | spdep ÷ regio, per round | esda (recorded) ÷ regio median |")
    print("|---|---:|---|---|---:|")
    for tool in tools:
        x = t[(c, tool)]
        med = statistics.median(x.values())
        per = ", ".join(f"{sp[r] / x[r]:.0f}×" for r in sorted(x))
        print(f"| {names[tool]} | {med:.3f} s | " + ", ".join(f"{x[r]:.3f}" for r in sorted(x)) + f" | {per} | {esda[c] / med:.1f}× |")
    print(f"| R {rver}, spdep {spdep} `localmoran_perm` (1 core, its default) | {statistics.median(sp.values()):.2f} s | "
          + ", ".join(f"{sp[r]:.2f}" for r in sorted(sp)) + " | 1× | — |")
    print(f"| PySAL esda `Moran_Local`, no numba — **recorded in issue 14's earlier run, not rerun** (not packaged by Debian) | {esda[c]:.2f} s | — | — | — |")
PY
