#!/usr/bin/env bash
# gen_national.sh — writes a SYNTHETIC plan directory at national scale for benchmarks (not real data):
# 1 country, P provinces-as-prefectures, C counties spread over them, K sum indicators plus gdp_pc (ratio)
# and urban_rate (weighted mean), Y years. Values are deterministic pseudo-random numbers.
# usage: bench/gen_national.sh OUTDIR [COUNTIES=2850] [INDICATORS=20] [YEARS=10]
set -euo pipefail
OUT=$1; C=${2:-2850}; K=${3:-20}; Y=${4:-10}; P=31
mkdir -p "$OUT/observations"
awk -v C="$C" -v P="$P" 'BEGIN {
  print "code,name_zh,name_en,level,parent,kind,area_km2,area_source,source"
  print "100000,全国,Country,province,,国,,,synthetic"
  for (p = 1; p <= P; p++) printf "%d,省%d,Prov %d,prefecture,100000,省,,,synthetic\n", 100000 + p * 1000, p, p
  for (c = 0; c < C; c++) { p = c % P + 1; printf "%d,县%d,County %d,county,%d,县,,,synthetic\n", 100000 + p * 1000 + 1 + int(c / P), c, c, 100000 + p * 1000 }
}' > "$OUT/regions.csv"
awk -v K="$K" 'BEGIN {
  print "code,name_zh,name_en,unit,direction,aggregate,numerator,denominator,weight,scale,min,max,decimals,note"
  print "gdp,生产总值,GDP,亿元,higher,sum,,,,,0,,2,synthetic"
  print "pop,人口,Population,万人,neutral,sum,,,,,0,,2,synthetic"
  print "gdp_pc,人均生产总值,GDP per capita,元/人,higher,ratio,gdp,pop,,10000,0,,0,synthetic"
  print "urban_rate,城镇化率,Urbanisation,%,higher,wmean,,,pop,,0,100,2,synthetic"
  for (k = 1; k <= K; k++) printf "x%d,指标%d,Indicator %d,units,higher,sum,,,,,,,2,synthetic\n", k, k, k
}' > "$OUT/indicators.csv"
printf 'code,name_zh,name_en,level,note\nprovinces,省,Provinces,county,synthetic\n' > "$OUT/partitions.csv"
awk -v P="$P" 'BEGIN { print "code,name_zh,name_en,kind,partition,note,source"
  print "east,东部,East,block,,synthetic,synthetic"
  for (p = 1; p <= P; p++) printf "provinces.%d,省%d,Prov %d,part,provinces,,synthetic\n", p, p, p }' > "$OUT/groups.csv"
awk -v P="$P" 'BEGIN { print "group,member,note"
  for (p = 1; p <= 11; p++) printf "east,%d,\n", 100000 + p * 1000
  for (p = 1; p <= P; p++) printf "provinces.%d,%d,\n", p, 100000 + p * 1000 }' > "$OUT/group_members.csv"
printf 'code,name_zh,name_en,scope,indicator,kind,comparator,value,tolerance,baseline_year,baseline_value,target_year,note,source\n' > "$OUT/targets.csv"
for y in $(seq 2011 $((2010 + Y))); do
  awk -v C="$C" -v P="$P" -v K="$K" -v Y="$y" 'BEGIN {
    srand(Y); print "region,indicator,year,value,source"
    for (c = 0; c < C; c++) { p = c % P + 1; code = 100000 + p * 1000 + 1 + int(c / P)
      printf "%d,gdp,%d,%.2f,synthetic\n", code, Y, 10 + rand() * 500
      printf "%d,pop,%d,%.2f,synthetic\n", code, Y, 5 + rand() * 150
      printf "%d,urban_rate,%d,%.2f,synthetic\n", code, Y, 20 + rand() * 70
      for (k = 1; k <= K; k++) printf "%d,x%d,%d,%.3f,synthetic\n", code, k, Y, rand() * 1000 } }' > "$OUT/observations/y$y.csv"
done
