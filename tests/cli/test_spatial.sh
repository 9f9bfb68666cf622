#!/usr/bin/env bash
# End-to-end checks of `regio spatial` for issue 14: the peers' conventions (Gi* as spdep's localG on include.self
# weights, an edge list with one row per pair symmetrised, the lag of the value), --stats computing only what is
# asked, --draws shared, labels (weights from a file, no year for --data), GAL written in the form R's read.gal
# accepts. Reference values were computed once with R 4.2.2 / spdep 1.2-7 (Debian 12); the R commands are cited
# next to each check (R is not needed to run this test).
. "$(dirname "$0")/lib.sh"
REF=$SRC/tests/reference/spatial

# a 3×3 rook grid written one row per pair (synthetic values 4 1 7 2 9 3 8 5 6). spdep, reading the pairs as
# symmetric neighbours: R> moran(x, mat2listw(m, style = "W"), 9, Szero(…))$I = -0.5722222222222223
run "pairs symmetrised" 0 spatial --data "$REF/data/grid3x3.csv" --id id --value x --neighbours "$REF/data/grid3x3_pairs.csv" --permutations 0 --format json
check "spdep's Moran's I" json "abs(d['moran']['I'] + 0.5722222222222223) < 1e-12"
check "says it added the reverse links" contains "$WORK/err" "lists 12 links in one direction only: their reverse links were added"
check "weights named as the file, no year" json "d['weights_description'] == 'neighbours file $REF/data/grid3x3_pairs.csv' and d['year'] is None"
run "pairs kept directed" 0 spatial --data "$REF/data/grid3x3.csv" --id id --value x --neighbours "$REF/data/grid3x3_pairs.csv" --permutations 0 --directed --format json
check "directed Moran's I differs" json "abs(d['moran']['I'] + 0.5722222222222223) > 0.01 and d['weights_description'].endswith('(directed)')"
check "unit 9 has no outgoing link: an island" json "d['islands'] == 1 and d['local'][8]['island'] and d['local'][8]['lag'] is None"
run "pairs, Chinese" 0 --lang zh spatial --data "$REF/data/grid3x3.csv" --id id --value x --neighbours "$REF/data/grid3x3_pairs.csv" --permutations 0
check "zh message" contains "$WORK/err" "有 12 条邻接关系只列了一个方向，已补上反向关系"
check "zh title names the file, no year 0" contains "$WORK/out" "全局空间自相关（9 个单元，权重：邻接文件"
check "zh island convention" contains "$WORK/out" "孤岛（没有邻居的单元）不给局部统计量"
run "table, English" 0 spatial --data "$REF/data/grid3x3.csv" --id id --value x --neighbours "$REF/data/grid3x3_pairs.csv" --permutations 0
check "en title names the file" contains "$WORK/out" "global spatial autocorrelation (9 units, weights: neighbours file"
check "no year printed as 0" sh -c "! grep -q ' 0 (' '$WORK/out'"
check "Gi* convention stated" contains "$WORK/out" "Gi*: the unit joins its own row before standardising"

# Yunnan counties, 2020 urbanisation, shipped queen contiguity (tests/reference/spatial/spdep_yunnan.R):
# R> localG(x, nb2listw(include.self(nb)))[1:2] = 5.4800180655088244 4.5720621696534369 (530102, 530103);
# R> lag.listw(nb2listw(nb), x)[1] = 84.7075; localmoran(x, nb2listw(nb))[1, "Ii"] = 6.7178753925765147
regio init --plan "$SRC/data/yunnan" --db "$WORK/yn.db" 2>/dev/null
run "spatial on the plan" 0 spatial urban_rate --year 2020 --permutations 99 --format json --db "$WORK/yn.db"
check "Gi* = spdep localG(include.self)" json "abs(d['local'][0]['gi_star_z'] - 5.4800180655088244) < 1e-9 and abs(d['local'][1]['gi_star_z'] - 4.5720621696534369) < 1e-9"
check "lag = lag.listw, lag_centred apart, Ii" json "abs(d['local'][0]['lag'] - 84.7075) < 1e-9 and abs(d['local'][0]['local_moran'] - 6.7178753925765147) < 1e-9 and abs(d['local'][0]['lag'] - d['local'][0]['lag_centred'] - sum(u['value'] for u in d['local']) / 129) < 1e-9"
check "year and conventions in the JSON" json "d['year'] == 2020 and 'include.self' in d['gi_star_convention'] and 'zero.policy' in d['island_convention'] and d['draws'] == 'unit'"
cp "$WORK/out" "$WORK/all"
run "only LISA" 0 spatial urban_rate --year 2020 --permutations 99 --stats lisa --format json --db "$WORK/yn.db"
check "no global, no Gi* keys" json "'moran' not in d and 'geary' not in d and 'getis_ord' not in d and 'gi_star_z' not in d['local'][0] and 'local_moran' in d['local'][0]"
check "LISA p-values as with every statistic" python3 -c "import json; a=json.load(open('$WORK/all')); b=json.load(open('$WORK/out')); exit(0 if [u['p_sim'] for u in a['local']] == [u['p_sim'] for u in b['local']] else 1)"
run "only globals" 0 spatial urban_rate --year 2020 --permutations 99 --stats moran,geary --format json --db "$WORK/yn.db"
check "no local array" json "'local' not in d and 'moran' in d and 'geary' in d and 'getis_ord' not in d"
run "unknown statistic" 1 spatial urban_rate --year 2020 --stats moran,lisa,gini --db "$WORK/yn.db"
check "names it" contains "$WORK/err" "'gini' in --stats is not a statistic"
run "regio's earlier Gi*" 0 spatial urban_rate --year 2020 --permutations 99 --stats gistar --gistar-self-1 --format json --db "$WORK/yn.db"
check "differs from spdep, same permutation p" python3 -c "import json; a=json.load(open('$WORK/all')); b=json.load(open('$WORK/out')); exit(0 if abs(b['local'][0]['gi_star_z'] - 5.48) > 0.1 and [u['gi_star_p_sim'] for u in a['local']] == [u['gi_star_p_sim'] for u in b['local']] else 1)"

# esda's shared permutation table: thread-count invariant, p-values multiples of 1/(R+1)
run "shared draws, 1 thread" 0 spatial urban_rate --year 2020 --permutations 199 --stats lisa,gistar --draws shared --threads 1 --format json --db "$WORK/yn.db"
cp "$WORK/out" "$WORK/shared1"
check "p in (0,1], k/(R+1)" json "all(0 < u['p_sim'] <= 1 and abs(u['p_sim'] * 200 - round(u['p_sim'] * 200)) < 1e-9 for u in d['local']) and d['draws'] == 'shared'"
run "shared draws, 2 threads" 0 spatial urban_rate --year 2020 --permutations 199 --stats lisa,gistar --draws shared --threads 2 --format json --db "$WORK/yn.db"
check "same on 2 threads" cmp -s "$WORK/out" "$WORK/shared1"
run "bad --draws" 1 spatial urban_rate --year 2020 --draws table --db "$WORK/yn.db"
check "says so" contains "$WORK/err" "--draws must be unit or shared"

# weights written out: GAL with the 1-field header R's read.gal accepts ("0 n" is refused: "Invalid header line");
# CSV by id; both read back to the same Moran's I
run "write GAL" 0 spatial urban_rate --year 2020 --permutations 0 --stats moran --write-weights "$WORK/w.gal" --format json --db "$WORK/yn.db"
I=$(python3 -c "import json; print(json.load(open('$WORK/out'))['moran']['I'])")
check "header is n" sh -c "head -1 '$WORK/w.gal' | grep -qx 129"
check "same file as the shipped one" cmp -s "$WORK/w.gal" "$SRC/data/yunnan/boundaries/county_queen.gal"
run "write CSV" 0 spatial urban_rate --year 2020 --permutations 0 --stats moran --write-weights "$WORK/w.csv" --db "$WORK/yn.db"
check "CSV edge list" sh -c "head -1 '$WORK/w.csv' | grep -q '^i,j,w' && [ \$(wc -l < '$WORK/w.csv') -gt 600 ]"
regio spatial urban_rate --year 2020 --permutations 0 --format csv --stats lisa --db "$WORK/yn.db" 2>/dev/null | awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="id") ic=i; else if($i=="value") vc=i; print "id,value"; next} {print $ic "," $vc}' > "$WORK/v.csv"
run "read them back" 0 spatial --data "$WORK/v.csv" --id id --value value --neighbours "$WORK/w.gal" --permutations 0 --stats moran --format json
check "GAL round trip" json "abs(d['moran']['I'] - $I) < 1e-12"
run "read the CSV back" 0 spatial --data "$WORK/v.csv" --id id --value value --neighbours "$WORK/w.csv" --permutations 0 --stats moran --format json
check "CSV round trip, nothing to symmetrise" json "abs(d['moran']['I'] - $I) < 1e-12"
check "no symmetrisation message" sh -c "! grep -q 'one direction' '$WORK/err'"
run "bad extension" 1 spatial urban_rate --year 2020 --write-weights "$WORK/w.txt" --db "$WORK/yn.db"
check "says so" contains "$WORK/err" "--write-weights needs a file name ending in .gal or .csv"
finish
