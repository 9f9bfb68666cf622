#!/usr/bin/env bash
# bench_pipeline.sh — COINr's whole pipeline with uncertainty on a national-size problem: `regio evaluate --data
# --meta` on SYNTHETIC data (generated here with a fixed seed; not real figures) of 2,850 units × 30 indicators in
# 5 pillars, with gaps, outliers and a denominator: denominate, impute (column mean), treat outliers (winsorise up to
# 5 points, then log_CT), normalise, aggregate; then 10,000 Monte Carlo draws over COINr's sensitivity-vignette
# factors (winmax 1–5, min-max or z-score, weights ±25 %, arithmetic or geometric mean), each a full rebuild, and
# Sobol indices with N = 500 (3,000 more rebuilds, 100 bootstrap replicates). z-scores can reach 0 under the
# geometric mean, so the zero rule is --zero shift:1 (COINr would stop).
# usage: bench/bench_pipeline.sh path/to/regio [draws] [sobol N] [threads]   (results in docs/benchmarks.md)
set -euo pipefail
REGIO=$1
DRAWS=${2:-10000}
SOBOL=${3:-500}
THREADS=${4:-2}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$W" <<'PY'
import random, sys, math
w = sys.argv[1]
rng = random.Random(20261204)
n, m, P = 2850, 30, 5
with open(w + '/meta.csv', 'w') as f:
    f.write('Level,iCode,iName,Direction,Weight,Parent,Type,Denominator\n')
    for j in range(m):
        f.write('1,x%02d,synthetic %d,%d,1,P%d,Indicator,%s\n' % (j, j, -1 if j % 7 == 3 else 1, j % P, 'Size' if j % 10 == 0 else ''))
    for p in range(P):
        f.write('2,P%d,pillar %d,1,1,Index,Aggregate,\n' % (p, p))
    f.write('3,Index,synthetic index,1,1,,Aggregate,\n')
    f.write(',Size,synthetic size,,,,Denominator,\n')
with open(w + '/data.csv', 'w') as f:
    f.write('uCode,uName,Size,' + ','.join('x%02d' % j for j in range(m)) + '\n')
    for i in range(n):
        u = rng.gauss(0, 1)
        row = []
        for j in range(m):
            if rng.random() < 0.02:
                row.append('')
                continue
            v = 50 + 10 * (0.6 * u + 0.8 * rng.gauss(0, 1))
            if j % 6 == 0:
                v = math.exp(v / 20)  # skewed, so treatment has work to do
            row.append('%.6g' % v)
        f.write('U%04d,unit %d,%.6g,%s\n' % (i, i, 1 + rng.random() * 9, ','.join(row)))
PY
/usr/bin/time -f "nominal build only: %e s, peak RSS %M KiB" "$REGIO" evaluate --data "$W/data.csv" --meta "$W/meta.csv" \
  --denominate --impute mean --treat winsorise:5 --format json > /dev/null
/usr/bin/time -o "$W/time" -f "draws=$DRAWS sobol=$SOBOL threads=$THREADS: %e s, peak RSS %M KiB" "$REGIO" evaluate --data "$W/data.csv" --meta "$W/meta.csv" \
  --denominate --impute mean --treat winsorise:5 --zero shift:1 --uncertainty "$DRAWS" --sobol "$SOBOL" --threads "$THREADS" --format json 2>"$W/err" \
  > "$W/out.json" || { cat "$W/err"; exit 1; }
cat "$W/time"
python3 -c "
import json,sys; d=json.load(open('$W/out.json'))['uncertainty']
print('convergence (draws, mean 5-95 % rank-interval width):', [(c['draws'], round(c['mean_interval_width'], 1)) for c in d['convergence']])
print('Sobol ST:', [(f['factor'], round(f['ST'], 3), round(f['ST_q05'], 3), round(f['ST_q95'], 3)) for f in d['sensitivity']['factors']])"
