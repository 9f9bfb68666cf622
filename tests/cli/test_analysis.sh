#!/usr/bin/env bash
# End-to-end checks of the analysis commands against published reference results (tests/reference/spatial/,
# cases copied from PySAL's inequality, esda and giddy tests; see its README), run on the reference data with
# --data exactly as a researcher would, and on the shipped Yunnan plan.
. "$(dirname "$0")/lib.sh"
REF=$SRC/tests/reference/spatial

# T1 (inequality/tests/test_gini.py): Gini of Mexican state incomes 1940 = 0.3537237117345285 (no n/(n-1))
run "disparity --data" 0 disparity --data "$REF/data/mexico.csv" --id State --value pcgdp1940 --format json
check "T1 Gini 1940" json "abs(d['years'][0]['measures']['gini'] - 0.3537237117345285) < 1e-12"
# T1 (test_theil.py TheilD): between-group Theil 1940 by hanson98 regions = 0.0345889, within (doctest) 0.17435454
run "disparity --group" 0 disparity --data "$REF/data/mexico.csv" --id State --value pcgdp1940 --group hanson98 --format json
check "T1 Theil between/within" json "abs(d['years'][0]['theil_t']['between'] - 0.0345889) < 1e-7 and abs(d['years'][0]['theil_t']['within'] - 0.17435454) < 1e-7"
check "Dagum adds up to the Gini" json "abs(d['years'][0]['dagum']['within'] + d['years'][0]['dagum']['net_between'] + d['years'][0]['dagum']['transvariation'] - 0.3537237117345285) < 1e-12"

# T4 (esda test_moran.py): St Louis homicide rates, stl.gal row-standardised: I = 0.2436558262177166,
# E[I] = -1/77, one-tailed normal p = 0.00013573931385468807
run "spatial --data --neighbours" 0 spatial --data "$REF/data/stl_hom.csv" --id gal_id --value HR8893 --neighbours "$REF/data/stl.gal" --alternative greater --permutations 999 --seed 7 --format json
check "T4 Moran I" json "abs(d['moran']['I'] - 0.2436558262177166) < 1e-12 and abs(d['moran']['expected'] + 1/77) < 1e-15"
check "T4 normal p (one-tailed)" json "abs(d['moran']['p_norm'] - 0.00013573931385468807) / 0.00013573931385468807 < 1e-7"
check "permutation p is k/(R+1) in (0,1]" json "0 < d['moran']['permutation']['p'] <= 1 and abs(d['moran']['permutation']['p'] * 1000 - round(d['moran']['permutation']['p'] * 1000)) < 1e-9"
cp "$WORK/out" "$WORK/seed7"
run "same seed, one thread" 0 spatial --data "$REF/data/stl_hom.csv" --id gal_id --value HR8893 --neighbours "$REF/data/stl.gal" --alternative greater --permutations 999 --seed 7 --threads 1 --format json
check "same seed gives the same p-values on any number of threads" cmp -s "$WORK/out" "$WORK/seed7"

# T10 (giddy test_markov.py): US state incomes 1929-2009, quintiles of each year: the transition counts
COLS=$(seq -s, 1929 2009)
run "markov --data" 0 markov --data "$REF/data/usjoin.csv" --id Name --value "$COLS" --classes 5 --format json
check "T10 transition counts" json "d['chain']['counts'] == [[729,71,1,0,0],[72,567,80,3,0],[0,81,631,86,2],[0,3,86,573,56],[0,0,1,57,741]]"

run "markov --data --years (columns named by year)" 0 markov --data "$REF/data/usjoin.csv" --id Name --years 1929:2009 --classes 5 --format json
check "T10 counts again" json "d['chain']['counts'][0] == [729,71,1,0,0]"

# the plan's overlapping blocks are refused for a decomposition, pointing to the shipped partitions
regio init --plan "$SRC/data/yunnan" --db "$WORK/yn.db" 2>/dev/null
run "overlap refused" 1 disparity urban_rate --year 2020 --partition dianzhong,border,northeast,west --db "$WORK/yn.db"
check "names the overlap and the partitions" contains "$WORK/err" "these groups overlap"
check "points to blocks_west" contains "$WORK/err" "blocks_west"
run "shipped partition" 0 disparity urban_rate --year 2020 --weight pop --partition blocks_west --format json --db "$WORK/yn.db"
check "129 counties in 4 groups" json "d['years'][0]['n'] == 129 and len(d['years'][0]['theil_t']['groups']) == 4"
# weighted by population, the mean urbanisation of the counties is the province's census rate 50.05 (data
# README: census 2020), up to the rounding of the county shares
check "weighted mean = province rate" json "abs(d['years'][0]['measures']['mean'] - 50.05) < 0.01"
run "spatial on the plan" 0 spatial urban_rate --year 2020 --permutations 99 --format json --db "$WORK/yn.db"
check "129 local results, no islands" json "len(d['local']) == 129 and d['islands'] == 0"
run "knn weights from the stored label points" 0 spatial urban_rate --year 2020 --weights knn:6 --permutations 0 --format json --db "$WORK/yn.db"
check "analytical only" json "d['moran']['permutation']['p'] is None and d['moran']['z_norm'] > 0"
run "distance band weights" 0 spatial urban_rate --year 2020 --weights band:80 --permutations 0 --format json --db "$WORK/yn.db"
check "band result" json "d['n'] == 129 and d['moran']['I'] > 0"
# 2015–2021 crosses the series breaks of gdp (2019) and pop (2020) that data/yunnan/breaks.csv declares: these
# runs say --across-breaks (before the breaks were declared they ran silently across them), and the JSON says so
run "spatial Markov on prefectures" 0 markov gdp_pc --years 2015:2021 --level prefecture --classes 3 --spatial --format json --db "$WORK/yn.db" --across-breaks
check "3 lag classes" json "len(d['spatial']['conditional']) == 3"
check "markov says it crosses the break" json "d['series_break']['crossed'] and 'economic-census revision' in d['series_break']['note']"
run "markov refuses the span without --across-breaks" 1 markov gdp_pc --years 2015:2021 --level prefecture --classes 3 --db "$WORK/yn.db"
# spatial Markov with the user's own cut-offs for values and lags (relative GDP per capita)
run "spatial markov cut-offs" 0 markov gdp_pc --years 2015:2021 --level prefecture --relative --cuts 0.8,1.2 --lag-cuts 1 --spatial --format json --db "$WORK/yn.db" --across-breaks
check "2 lag classes from 1 cut-off, 3 value classes" json "len(d['spatial']['conditional']) == 2 and d['classes'] == 3"
run "convergence" 0 convergence gdp_pc --years 2015:2021 --level prefecture --format json --db "$WORK/yn.db" --across-breaks
check "β and σ" json "len(d['sigma']) == 7 and d['beta']['absolute']['n'] == 16 and d['series_break']['crossed']"

# CSV is one rectangular table per stream: σ by default, β with --table beta; the same numbers as the JSON
cp "$WORK/out" "$WORK/conv.json"
rect() { python3 -c "import csv,sys; r=list(csv.reader(open('$WORK/out', encoding='utf-8'))); sys.exit(0 if r and r[0] == '$1'.split(',') and len(r) == $2 + 1 and all(len(x) == len(r[0]) for x in r) else 1)"; }
run "convergence csv" 0 convergence gdp_pc --years 2015:2021 --level prefecture --format csv --db "$WORK/yn.db" --across-breaks
check "σ table alone: header and 7 years of 4 fields" rect "year,sd_log,cv,gini" 7
check "σ of 2015 as in the JSON" python3 -c "import csv,json; r=list(csv.DictReader(open('$WORK/out'))); j=json.load(open('$WORK/conv.json')); assert r[0]['year'] == '2015' and abs(float(r[0]['cv']) - j['sigma'][0]['cv']) < 5e-5"
run "convergence csv --table beta" 0 convergence gdp_pc --years 2015:2021 --level prefecture --format csv --table beta --db "$WORK/yn.db" --across-breaks
check "β table alone: header and the absolute model" rect "model,n,beta,se,t,p,r2,speed,half_life" 1
check "β as in the JSON" python3 -c "import csv,json; r=list(csv.DictReader(open('$WORK/out'))); j=json.load(open('$WORK/conv.json')); assert r[0]['model'] == 'absolute' and r[0]['n'] == '16' and abs(float(r[0]['beta']) - j['beta']['absolute']['beta']) < 5e-6"
run "convergence table --table beta" 0 convergence gdp_pc --years 2015:2021 --level prefecture --table beta --db "$WORK/yn.db" --across-breaks
check "the terminal shows the chosen table only" bash -c "grep -q 'β-convergence 2015–2021' '$WORK/out' && ! grep -q 'σ-convergence' '$WORK/out'"
run "convergence --table nope" 1 convergence gdp_pc --years 2015:2021 --level prefecture --table nope --db "$WORK/yn.db" --across-breaks
check "names the choices" contains "$WORK/err" "--table must be sigma or beta, not 'nope'"
run "convergence --table nope (zh)" 1 convergence gdp_pc --years 2015:2021 --level prefecture --table nope --db "$WORK/yn.db" --across-breaks --lang zh
check "names the choices (zh)" contains "$WORK/err" "--table 应为 sigma 或 beta，而不是 “nope”"
run "spatial csv --table global" 0 spatial urban_rate --year 2020 --permutations 99 --format csv --table global --db "$WORK/yn.db"
check "global table alone: Moran, Geary, Getis-Ord" rect "statistic,value,expected,z_norm,p_norm,z_rand,p_rand,z_sim,p_sim" 3
check "Moran's I first, positive" python3 -c "import csv; r=list(csv.DictReader(open('$WORK/out'))); assert r[0]['statistic'] == \"Moran's I\" and float(r[0]['value']) > 0"
run "spatial csv" 0 spatial urban_rate --year 2020 --permutations 99 --format csv --db "$WORK/yn.db"
check "local table by default: 129 units" rect "id,name,value,lag,lag_centred,local_moran,z,p_sim,cluster,gi_star_z,gi_star_p_sim,gi_star_cluster" 129
run "spatial --table nope (zh)" 1 spatial urban_rate --year 2020 --table nope --db "$WORK/yn.db" --lang zh
check "names the choices (zh)" contains "$WORK/err" "--table 应为 global 或 local，而不是 “nope”"

# series breaks (data/yunnan/breaks.csv): the fourth economic census revised 2018 GDP, so prefecture GDP jumps
# +28.3% on average from 2018 to 2019; β-convergence over 2018→2019 measures the revision and is refused
run "convergence refuses 2018→2019" 1 convergence gdp --years 2018:2019 --level prefecture --db "$WORK/yn.db"
check "names the break, its reason and the way out" contains "$WORK/err" "2018–2019 crosses a series break of gdp (gdp is on a new basis from 2019: economic-census revision"
check "and --across-breaks" contains "$WORK/err" "add --across-breaks"
run "convergence refuses in Chinese too" 1 convergence gdp --years 2018:2019 --level prefecture --db "$WORK/yn.db" --lang zh
check "reason in Chinese" contains "$WORK/err" "跨越了 gdp 的序列断点（gdp 自 2019 年起口径改变：经济普查修订"
run "convergence across the break when asked" 0 convergence gdp --years 2018:2019 --level prefecture --format json --db "$WORK/yn.db" --across-breaks
cp "$WORK/out" "$WORK/conv_break.json"
check "the note next to the number" json "d['series_break']['crossed'] and 'crosses a series break of gdp' in d['series_break']['note'] and '(--across-breaks)' in d['series_break']['note']"
# hand computation of the absolute β from the shipped file: growth ln(y2019/y2018)/1 regressed on ln(y2018), OLS
check "β = OLS on the shipped 2018 and 2019 prefecture GDP" python3 -c "
import csv, json, math, sys
v = {}
for r in csv.DictReader(open('$SRC/data/yunnan/observations/prefecture_indicators.csv')):
    if r['indicator'] == 'gdp' and r['region'] != '530000' and r['year'] in ('2018', '2019'): v.setdefault(r['region'], {})[r['year']] = float(r['value'])
x = [math.log(s['2018']) for s in v.values()]; y = [math.log(s['2019'] / s['2018']) for s in v.values()]
mx, my = sum(x) / len(x), sum(y) / len(y)
b = sum((a - mx) * (c - my) for a, c in zip(x, y)) / sum((a - mx) ** 2 for a in x)
d = json.load(open('$WORK/conv_break.json'))['beta']['absolute']
sys.exit(0 if len(v) == 16 and d['n'] == 16 and abs(d['beta'] - b) < 1e-9 else 1)"
run "convergence table with the note" 0 convergence gdp --years 2018:2019 --level prefecture --db "$WORK/yn.db" --across-breaks --lang zh
check "note in Chinese under the table" contains "$WORK/out" "注意：2018–2019 年跨越 gdp 的序列断点（gdp 自 2019 年起口径改变：经济普查修订"
run "on one side of the break: no refusal, no note" 0 convergence gdp --years 2019:2022 --level prefecture --format json --db "$WORK/yn.db"
check "series_break null" json "d['series_break'] is None and d['beta']['absolute']['n'] == 16"
run "disparity --years across the break is refused" 1 disparity gdp_pc --years 2015:2021 --level prefecture --db "$WORK/yn.db"
run "disparity --years across the break when asked" 0 disparity gdp_pc --years 2015:2021 --level prefecture --db "$WORK/yn.db" --across-breaks --format json
check "disparity says it crosses" json "len(d['years']) == 7 and d['series_break']['crossed']"
run "disparity of one year: no span, no check" 0 disparity gdp_pc --year 2018 --level prefecture --db "$WORK/yn.db" --format json
check "one year" json "len(d['years']) == 1 and d['series_break'] is None"
run "population of the 15 prefectures breaks in 2020" 1 convergence pop --years 2019:2020 --level prefecture --db "$WORK/yn.db"
check "names the census" contains "$WORK/err" "population-census revision"
run "counties' population does not" 1 convergence pop --years 2019:2020 --db "$WORK/yn.db"
check "refused for want of county data, not for a break" bash -c "! grep -q 'series break' '$WORK/err'"

finish
