#!/usr/bin/env bash
# bench_national_spatial.sh — a real national problem end to end: urbanisation of the 2,990 Chinese counties
# (2020 census, data/yunnan/raw/cn-county-census-2020/population.csv) with queen contiguity built from the
# national TopoJSON, then Moran's I, Geary's C, Getis–Ord G, LISA and Gi*, each with 9,999 permutations.
# usage: bench/bench_national_spatial.sh path/to/regio   (results in docs/benchmarks.md)
set -euo pipefail
REGIO=$1
R=$(dirname "$0")/../data/yunnan/raw/cn-county-census-2020
for t in 1 2; do
  /usr/bin/time -f "threads=$t: %e s, peak RSS %M KiB" "$REGIO" spatial --data "$R/population.csv" --id CODE \
    --value POPU_URB --boundaries "$R/counties-geo.topojson" --layer county --permutations 9999 --threads "$t" \
    --format json > /dev/null
done
