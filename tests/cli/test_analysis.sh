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
run "spatial Markov on prefectures" 0 markov gdp_pc --years 2015:2021 --level prefecture --classes 3 --spatial --format json --db "$WORK/yn.db"
check "3 lag classes" json "len(d['spatial']['conditional']) == 3"
# spatial Markov with the user's own cut-offs for values and lags (relative GDP per capita)
run "spatial markov cut-offs" 0 markov gdp_pc --years 2015:2021 --level prefecture --relative --cuts 0.8,1.2 --lag-cuts 1 --spatial --format json --db "$WORK/yn.db"
check "2 lag classes from 1 cut-off, 3 value classes" json "len(d['spatial']['conditional']) == 2 and d['classes'] == 3"
run "convergence" 0 convergence gdp_pc --years 2015:2021 --level prefecture --format json --db "$WORK/yn.db"
check "β and σ" json "len(d['sigma']) == 7 and d['beta']['absolute']['n'] == 16"

finish
