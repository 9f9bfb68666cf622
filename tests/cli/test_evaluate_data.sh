#!/usr/bin/env bash
# End-to-end checks of `regio evaluate --data/--meta` (COINr iData/iMeta), `regio topsis` and `regio ccd`:
#  - ASEM (COINr's example data, data/yunnan/raw/composite-refs): the index recomputed independently here in Python
#    from the two CSV files (min-max 0–100 with direction, arithmetic means up the iMeta tree, NA skipped and weights
#    re-normalised as COINr's a_amean) must equal regio's for all 51 countries;
#  - TOPSIS: Papathanasiou & Ploskas (2018) worked example (tests/reference/composite-published.json), closeness to 3 dp;
#  - entropy weights: Elsayed, Dawood & Karthikeyan (2017) (same file), weights to 6 dp;
#  - a malformed iMeta gives exit 1 naming the file and line; a panel with gaps works year by year and with LOCF;
#  - COINr's whole example coin (build_example_coin: Denominate, Impute i_mean_grp by EurAsia_group, Screen byNA 0.9,
#    Treat winmax 5, Normalise minmax, Aggregate a_amean) gives the scores COINr prints in its "Presenting Results"
#    vignette (results.Rmd: CHE 68.38 first, NLD 64.82, … IND 39.79 rank 45), with every treated point flagged.
. "$(dirname "$0")/lib.sh"
R=$SRC/data/yunnan/raw/composite-refs
REFJ=$SRC/tests/reference/composite-published.json

run "ASEM default (minmax, mean, given weights)" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --format json
check "51 units, 49 indicators, 60 nodes" json "d['n_units'] == 51 and d['n_indicators'] == 49 and len(d['nodes']) == 60"
check "settings echoed" json "d['settings']['normalise'] == {'kind': 'minmax', 'lo': 0, 'hi': 100} and d['settings']['aggregate'] == 'mean' and d['settings']['weights'] == 'given'"
cp "$WORK/out" "$WORK/asem.json"
cat > "$WORK/asem_check.py" <<'PY'
import csv, json, math, sys
R, out = sys.argv[1], sys.argv[2]
meta = [r for r in csv.DictReader(open(R + '/ASEM_iMeta.csv')) if r['Type'] in ('Indicator', 'Aggregate')]
data = list(csv.DictReader(open(R + '/ASEM_iData.csv')))
ind = [r for r in meta if r['Type'] == 'Indicator']
def val(s):
    return float(s) if s not in ('', 'NA') else None
norm = {}
for r in ind:
    d = int(r['Direction']); xs = [val(u[r['iCode']]) for u in data]
    obs = [d * v for v in xs if v is not None]; lo, hi = min(obs), max(obs)
    norm[r['iCode']] = [None if v is None else (d * v - lo) / (hi - lo) * 100 for v in xs]
children = {}
for r in meta:
    if r['Parent']: children.setdefault(r['Parent'], []).append((r['iCode'], float(r['Weight'])))
def score(code, i):
    if code in norm: return norm[code][i]
    vals = [(score(c, i), w) for c, w in children[code]]
    vals = [(v, w) for v, w in vals if v is not None]
    if not vals: return None
    return sum(v * w for v, w in vals) / sum(w for v, w in vals)
d = json.load(open(out))
units = {u['code']: u for u in d['years'][0]['units']}
worst = max(abs(score('Index', i) - units[row['uCode']]['index']) for i, row in enumerate(data))
skipped = sum(u['n_skipped'] for u in units.values())
gaps = sum(1 for row in data for r in ind if val(row[r['iCode']]) is None)
print('max abs diff', worst, 'skipped cells', skipped, 'gaps', gaps)
sys.exit(0 if worst < 1e-9 and skipped == gaps == 63 else 1)
PY
check "ASEM index equals an independent recomputation (all 51, 1e-9; 63 gaps skipped)" python3 "$WORK/asem_check.py" "$R" "$WORK/asem.json"
check "pillar scores and flags reported" json "'Physical' in d['years'][0]['units'][0]['scores'] and any(f['flag'] == 'skipped' for u in d['years'][0]['units'] for f in u['flags'])"

run "ASEM table" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv"
check "table lists Austria" contains "$WORK/out" "Austria"
run "geometric mean with zeros is refused, as COINr" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --aggregate geomean
check "says why and what to do" contains "$WORK/err" "minmax:1,100"
run "geometric mean on 1-100" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --aggregate geomean --normalise minmax:1,100 --format json
check "geometric <= arithmetic for every unit" python3 -c "
import json; g=json.load(open('$WORK/out')); a=json.load(open('$WORK/asem.json'))
ga={u['code']:u['index'] for u in g['years'][0]['units']}; aa={u['code']:u['index'] for u in a['years'][0]['units']}
import sys; sys.exit(0 if all(ga[k] <= 1 + aa[k] * 0.99 + 1e-9 for k in ga) else 1)"
for alt in "zscore" "rank" "minmax:0,1"; do
  run "ASEM --normalise $alt" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --normalise "$alt" --format csv
done
for w in equal entropy critic; do
  run "ASEM --weights $w" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --weights "$w" --format json
  check "$w weights sum to 1 in each pillar" json "abs(sum(n['weight_used'] for n in d['nodes'] if n['parent'] == 'Physical') - 1) < 1e-12"
done
run "group-mean imputation flagged" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --impute group:GDPpc_group --format json
check "63 cells imputed by group mean, none skipped" json "sum(u['n_imputed'] for u in d['years'][0]['units']) == 63 and sum(u['n_skipped'] for u in d['years'][0]['units']) == 0"

# a malformed iMeta: Direction 2 on line 3
printf 'Level,iCode,iName,Direction,Weight,Parent,Type\n1,a,A,1,1,P,Indicator\n1,b,B,2,1,P,Indicator\n2,P,P,1,1,,Aggregate\n' > "$WORK/bad_meta.csv"
printf 'uCode,uName,a,b\nX,x,1,2\nY,y,3,4\n' > "$WORK/small.csv"
run "malformed meta" 1 evaluate --data "$WORK/small.csv" --meta "$WORK/bad_meta.csv"
check "names file and line" contains "$WORK/err" "bad_meta.csv line 3"
printf 'Level,iCode,iName,Direction,Weight,Parent,Type\n1,a,A,1,1,Nope,Indicator\n1,b,B,1,1,P,Indicator\n2,P,P,1,1,,Aggregate\n' > "$WORK/bad_meta2.csv"
run "unknown parent" 1 evaluate --data "$WORK/small.csv" --meta "$WORK/bad_meta2.csv"
check "names the parent and line" contains "$WORK/err" "line 2"

# hand computation on a tiny tree: a, b under P (weights 1, 3), c under Q; Index = (2P + Q)/3; values as they are
cat > "$WORK/tiny_meta.csv" <<'CSV'
Level,iCode,iName,Direction,Weight,Parent,Type
1,a,A,1,1,P,Indicator
1,b,B,1,3,P,Indicator
1,c,C,-1,1,Q,Indicator
2,P,P,1,2,Index,Aggregate
2,Q,Q,1,1,Index,Aggregate
3,Index,Index,1,1,,Aggregate
CSV
cat > "$WORK/tiny_panel.csv" <<'CSV'
uCode,uName,Time,a,b,c
U1,one,2020,10,20,30
U2,two,2020,,20,
U1,one,2021,12,,31
U2,two,2021,11,22,33
CSV
run "tiny panel, values as they are" 0 evaluate --data "$WORK/tiny_panel.csv" --meta "$WORK/tiny_meta.csv" --normalise none --format json
check "2020: U1 = (2·17.5 + 30)/3, U2 = 20 re-weighted alone" json "abs(d['years'][0]['units'][0]['index'] - 65/3) < 1e-12 and abs(d['years'][0]['units'][1]['index'] - 20) < 1e-12"
check "2021 evaluated too" json "len(d['years']) == 2 and d['years'][1]['year'] == 2021"
run "one year" 0 evaluate --data "$WORK/tiny_panel.csv" --meta "$WORK/tiny_meta.csv" --normalise none --year 2021 --format json
check "only 2021" json "len(d['years']) == 1 and d['years'][0]['year'] == 2021"
run "LOCF" 0 evaluate --data "$WORK/tiny_panel.csv" --meta "$WORK/tiny_meta.csv" --normalise none --impute locf --year 2021 --format json
check "U1's b carried from 2020 and flagged" json "d['years'][0]['units'][0]['flags'] == [{'indicator': 'b', 'flag': 'locf'}] and abs(d['years'][0]['units'][0]['scores']['P'] - (12 + 60) / 4) < 1e-12"
run "unknown year" 1 evaluate --data "$WORK/tiny_panel.csv" --meta "$WORK/tiny_meta.csv" --year 1999

# COINr's example coin, all stages (expected values: COINr vignette results.Rmd, get_results / get_unit_summary)
COIN="--data $R/ASEM_iData.csv --meta $R/ASEM_iMeta.csv --denominate --impute group:EurAsia_group --screen byNA:0.9 --treat winsorise:5"
run "COINr example coin" 0 evaluate $COIN --format json
U="{x['code']: x for x in d['years'][0]['units']}"
check "top six and their index as COINr prints (2 dp)" json "all($U[c]['rank'] == k + 1 and abs($U[c]['index'] - v) <= 0.005 for k, (c, v) in enumerate([('CHE', 68.38), ('NLD', 64.82), ('DNK', 64.80), ('NOR', 64.47), ('BEL', 63.54), ('SWE', 63.00)]))"
check "IND: 39.79, rank 45; Conn 28.60; Social 22.74" json "$U['IND']['rank'] == 45 and abs($U['IND']['index'] - 39.79) <= 0.005 and abs($U['IND']['scores']['Conn'] - 28.60) <= 0.005 and abs($U['IND']['scores']['Social'] - 22.74) <= 0.005"
check "65 cells imputed (63 gaps + LAO's Elec and Gas, no Energy to divide by), none skipped, none screened out" json "d['years'][0]['n_imputed'] == 65 and d['years'][0]['n_denominator_missing'] == 2 and d['years'][0]['screened_out'] == [] and sum(x['n_skipped'] for x in d['years'][0]['units']) == 0"
check "treatment table and the treated points agree" json "sum(x['n_treated'] for x in d['years'][0]['units']) == d['years'][0]['n_treated'] == sum(51 if t.get('f2') else t.get('nwin', 0) for t in d['years'][0]['treatment']) > 0 and [t for t in d['years'][0]['treatment'] if t['indicator'] == 'LPI'][0]['pass'] is True"
check "settings carry every stage" json "d['settings']['denominate'] is True and d['settings']['treat']['winmax'] == 5 and d['settings']['treat']['f2'] == 'log_CT' and d['settings']['screen'] == {'kind': 'byNA', 'dat_thresh': 0.9} and d['settings']['missing'] == 'group_mean'"
cp "$WORK/out" "$WORK/coin.json"
run "COINr example coin, analysis" 0 evaluate $COIN --format json --analyse --remove-elements 2
A="d['years'][0]['analysis']"
check "PCA weights of Sust's pillars as COINr's weights vignette (0.6513188, -0.7443677, 0.1473108)" json "all(abs($A['pca']['Sust']['weights_pc1'][k] - v) < 5e-7 for k, v in [('Environ', 0.6513188), ('Social', -0.7443677), ('SusEcFin', 0.1473108)])"
check "Cronbach's alpha of P2P on the raw data 0.05126659 (COINr analysis vignette)" json "abs($A['cronbach_alpha']['P2P'] - 0.05126659) < 5e-9"
check "remove_elements level 2 as COINr's sensitivity vignette" json "[round(x['mean_abs_rank_change'], 6) for x in d['years'][0]['remove_elements']['results']] == [1.529412, 2.627451, 2.901961, 1.176471, 1.686275, 3.098039, 3.960784, 2.627451]"
check "ESP strengths and weaknesses as COINr's results vignette" json "[x['indicator'] for x in $A['strengths_weaknesses']['ESP']['strengths']] == ['CostImpEx', 'TIRcon', 'Tourist', 'Flights', 'UNVote'] and [x['rank'] for x in $A['strengths_weaknesses']['ESP']['weaknesses']] == [33, 38, 40, 40, 43]"
check "effective weights: Goods 0.02, Renew 1/30 (COINr weights vignette)" json "abs($A['effective_weights']['Goods'] - 0.02) < 1e-12 and abs($A['effective_weights']['Renew'] - 1/30) < 1e-12"
check "denominator correlations listed" json "any(x['indicator'] == 'Goods' and x['denominator'] == 'GDP' for x in $A['denominator_correlations'])"
run "unit summary IND (en)" 0 evaluate $COIN --unit IND --lang en --format csv
check "IND Index 39.79 rank 45, Social rank 51 (COINr get_unit_summary)" python3 -c "
import csv,sys; r={x['code']: x for x in csv.DictReader(open('$WORK/out'))}
sys.exit(0 if r['Index']['value'] == '39.79' and r['Index']['rank'] == '45' and r['Social']['rank'] == '51' else 1)"
run "unit summary ESP (zh)" 0 evaluate $COIN --unit ESP --lang zh
check "优势 and 弱项" contains "$WORK/out" "弱项"
run "unknown unit" 1 evaluate $COIN --unit XXX
run "compare with the same run" 0 evaluate $COIN --compare "$WORK/coin.json" --format json
check "no rank change against itself" json "len(d) == 51 and all(u['diff'] == 0 for u in d)"
run "compare with z-scores" 0 evaluate $COIN --normalise zscore --compare "$WORK/coin.json" --format csv
check "rank change = rank in the other run - rank in this one" python3 -c "
import csv,sys; rows=list(csv.DictReader(open('$WORK/out')))
sys.exit(0 if all(int(r['diff']) == int(r['rank_other']) - int(r['rank']) for r in rows) and any(r['diff'] != '0' for r in rows) else 1)"
run "compare with a missing file" 1 evaluate $COIN --compare "$WORK/nope.json"
# uncertainty and sensitivity on --data/--meta (COINr get_sensitivity; default factors = its vignette's)
run "ASEM --uncertainty 400, 1 thread" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 400 --threads 1 --format json
cp "$WORK/out" "$WORK/ua1.json"
check "rank intervals for all 51: p05 <= median <= p95, within 1..51" json "len(d['uncertainty']['units']) == 51 and all(1 <= u['p05'] <= u['median_rank'] <= u['p95'] <= 51 for u in d['uncertainty']['units'])"
check "Sobol S1/ST with bootstrap intervals for the three default factors (no treatment: no winmax)" json "[f['factor'] for f in d['uncertainty']['sensitivity']['factors']] == ['Normalisation', 'Weights', 'Aggregation'] and all(f['ST_q05'] <= f['ST'] <= f['ST_q95'] and f['S1_q05'] <= f['S1'] <= f['S1_q95'] for f in d['uncertainty']['sensitivity']['factors'])"
check "aggregation matters most, as COINr's sensitivity vignette finds" json "max(d['uncertainty']['sensitivity']['factors'], key=lambda f: f['ST'])['factor'] == 'Aggregation'"
check "convergence: widths at 50, 100, 200, 400 draws" json "[c['draws'] for c in d['uncertainty']['convergence']] == [50, 100, 200, 400]"
check "N(d+2) rebuilds" json "d['uncertainty']['sensitivity']['model_runs'] == 400 * 5"
run "the same on 2 threads" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 400 --threads 2 --format json
check "thread-count invariant (every number equal)" python3 -c "
import json,sys; a=json.load(open('$WORK/ua1.json'))['uncertainty']; b=json.load(open('$WORK/out'))['uncertainty']
a.pop('threads'); b.pop('threads'); sys.exit(0 if a == b else 1)"
run "another seed differs" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 400 --seed 2 --format json
check "seed 2 gives other draws" python3 -c "
import json,sys; a=json.load(open('$WORK/ua1.json'))['uncertainty']; b=json.load(open('$WORK/out'))['uncertainty']
sys.exit(0 if a['sensitivity']['factors'] != b['sensitivity']['factors'] and b['seed'] == 2 else 1)"
run "COINr example coin with winmax as a factor" 0 evaluate $COIN --uncertainty 300 --format json
check "winmax the least influential factor (COINr's vignette)" json "min(d['uncertainty']['sensitivity']['factors'], key=lambda f: f['ST'])['factor'] == 'Winmax'"
cat > "$WORK/factors.csv" <<'CSV'
factor,type,values
Imputation,impute,none|mean|group:EurAsia_group|row|em|regression
Treatment,treat,none|winsorise:5|winsorise:1
Normalisation,normalise,"minmax:1,100|zscore:10,2|rank"
Weighting,weights,given|equal|entropy|critic
Noise,weight_noise,2:0.1|3:0.2
Drop,drop,each
Denominate,denominate,off|on
CSV
run "every factor type from a file" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 60 --sobol 30 --boot 20 --factors "$WORK/factors.csv" --format json
check "seven factors, drop has 50 alternatives, noise 10 nodes" json "len(d['uncertainty']['sensitivity']['factors']) == 7 and len(d['uncertainty']['factors'][5]['alternatives']) == 50 and len(d['uncertainty']['factors'][4]['alternatives']) == 10"
run "the table in Chinese" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 100 --lang zh
check "排名区间 and Sobol" contains "$WORK/out" "Sobol 敏感性指数"
run "the table in English" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 100 --lang en
check "rank p95 column" contains "$WORK/out" "rank p95"
printf 'factor,type,values\nA,aggregate,mean|bogus\n' > "$WORK/bad_factors.csv"
run "bad factor alternative" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 10 --factors "$WORK/bad_factors.csv"
check "names file, line and field" contains "$WORK/err" "bad_factors.csv line 2 (values)"
printf 'factor,type,values\nA,colour,red\n' > "$WORK/bad_factors2.csv"
run "unknown factor type" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --uncertainty 10 --factors "$WORK/bad_factors2.csv"
check "names the type field" contains "$WORK/err" "line 2 (type)"
run "--factors without --uncertainty" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --factors "$WORK/factors.csv"

# reproducible evaluation files: --save-settings writes the choices and the inputs' SHA-256; --settings reruns bit for bit
run "save the settings" 0 evaluate $COIN --uncertainty 150 --seed 7 --save-settings "$WORK/settings.json" --format json
cp "$WORK/out" "$WORK/run1.json"
check "the output carries the settings, the seed and the data checksums" json "d['settings']['seed'] == '7' and len(d['settings']['data_sha256']) == 64 and len(d['settings']['meta_sha256']) == 64 and d['uncertainty']['seed'] == 7"
check "the settings file lists the choices and the inputs' SHA-256" python3 -c "
import json,sys; s=json.load(open('$WORK/settings.json'))
sys.exit(0 if s['format'] == 'regio-evaluate-settings/1' and '--treat' in s['args'] and '--format' not in s['args'] and len(s['data']['sha256']) == 64 else 1)"
run "rerun from the settings file" 0 evaluate --settings "$WORK/settings.json" --format json
check "bit for bit the same output" cmp -s "$WORK/out" "$WORK/run1.json"
run "rerun in Chinese as a table" 0 evaluate --settings "$WORK/settings.json" --lang zh
check "same table in zh" contains "$WORK/out" "排名中位数"
cp "$R/ASEM_iMeta.csv" "$WORK/meta_copy.csv"
run "save with a copied meta" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$WORK/meta_copy.csv" --save-settings "$WORK/s2.json"
printf '\n' >> "$WORK/meta_copy.csv"
run "a changed input is refused" 1 evaluate --settings "$WORK/s2.json"
check "names the changed file" contains "$WORK/err" "meta_copy.csv has changed"
run "not a settings file" 1 evaluate --settings "$WORK/coin.json"

run "COINr example coin, table in Chinese" 0 evaluate $COIN --lang zh
check "异常值处理 column" contains "$WORK/out" "异常值处理"
check "Switzerland 68.38" contains "$WORK/out" "68.38"
run "treat-f2 boxcox" 0 evaluate $COIN --treat-f2 boxcox:0.5 --format json
check "f2 named boxcox on the treated points" json "any(p['flag'] == 'boxcox' for x in d['years'][0]['units'] for p in x['treated']) or not any(t.get('f2') for t in d['years'][0]['treatment'])"
for imp in mean median group-median:GDP_group row row-median:2 em regression; do
  run "ASEM --impute $imp" 0 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --impute "$imp" --format json
  check "$imp: every gap filled and flagged, observed cells untouched" json "sum(x['n_imputed'] for x in d['years'][0]['units']) == 63 and sum(x['n_skipped'] for x in d['years'][0]['units']) == 0"
done
run "bad --impute" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --impute bogus
check "lists the choices" contains "$WORK/err" "group-median:COL"
run "bad --treat" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --treat winsorise:x
run "linear needs a panel" 1 evaluate --data "$R/ASEM_iData.csv" --meta "$R/ASEM_iMeta.csv" --impute linear
check "says why" contains "$WORK/err" "panel"
run "screen at 0.6" 0 evaluate --data "$WORK/tiny_panel.csv" --meta "$WORK/tiny_meta.csv" --normalise none --year 2020 --screen byNA:0.6 --format json
check "U2 (1 of 3 observed) screened out, no rank" json "d['years'][0]['screened_out'] == ['U2'] and d['years'][0]['units'][1]['rank'] is None and d['years'][0]['units'][0]['rank'] == 1"
run "linear in time" 0 evaluate --data "$WORK/tiny_panel.csv" --meta "$WORK/tiny_meta.csv" --normalise none --impute linear --year 2020 --format json
check "U2's a taken from 2021 (constant before the first year), flagged linear" json "{'indicator': 'a', 'flag': 'linear'} in d['years'][0]['units'][1]['flags']"

# TOPSIS: Papathanasiou & Ploskas (2018)
python3 -c "
import json; r=json.load(open('$REFJ'))
t=r['topsis_papathanasiou_ploskas_2018']; f=open('$WORK/topsis.csv','w'); f.write('alt,c1,c2,c3,c4\n')
[f.write('A%d,%s\n' % (i+1, ','.join(str(v) for v in row))) for i, row in enumerate(t['matrix'])]
e=r['entropy_weights_elsayed_2017']; f=open('$WORK/entropy.csv','w'); f.write('alt,c1,c2,c3,c4,c5\n')
[f.write('A%d,%s\n' % (i+1, ','.join(repr(v) for v in row))) for i, row in enumerate(e['matrix'])]"
run "topsis" 0 topsis --data "$WORK/topsis.csv" --id alt --columns c1,c2,c3,c4 --weights 0.4,0.3,0.1,0.2 --format json
check "closeness as published (3 dp)" python3 -c "
import json,sys; d=json.load(open('$WORK/out')); r=json.load(open('$REFJ'))['topsis_papathanasiou_ploskas_2018']
sys.exit(0 if all(abs(u['closeness'] - c) < 5e-4 for u, c in zip(d['units'], r['expected_C_3dp'])) else 1)"
check "A5 first, A2 last" json "d['units'][4]['rank'] == 1 and d['units'][1]['rank'] == 6"
run "topsis table" 0 topsis --data "$WORK/topsis.csv" --id alt --columns c1,c2,c3,c4 --directions +,+,-,+
run "topsis bad direction" 1 topsis --data "$WORK/topsis.csv" --id alt --columns c1,c2 --directions +,x
run "entropy weights (raw shares)" 0 topsis --data "$WORK/entropy.csv" --id alt --columns c1,c2,c3,c4,c5 --weights entropy:raw --format json
check "Elsayed et al. (2017) weights to 6 dp" python3 -c "
import json,sys; d=json.load(open('$WORK/out')); r=json.load(open('$REFJ'))['entropy_weights_elsayed_2017']
sys.exit(0 if all(abs(c['weight'] - w) < 5e-7 for c, w in zip(d['criteria'], r['expected_w_6dp'])) else 1)"

# CCD by hand: U = (.4, .6): C = 2√.24, T = .5, D = √(C·T) = .69993 → level 7 初级协调;
# (.9, .95): D = .9614 → 10 优质协调; (.05, .02): C = 2√.001/.07 = .9035, T = .035, D = .1778 → 2 严重失调
printf 'id,u1,u2\nA,0.4,0.6\nB,0.9,0.95\nC,0.05,0.02\n' > "$WORK/ccd.csv"
run "ccd" 0 ccd --data "$WORK/ccd.csv" --id id --systems u1,u2 --format json
check "C, D and the grade by hand" json "abs(d['units'][0]['C'] - 2 * 0.24 ** 0.5) < 1e-12 and d['units'][0]['level'] == 7 and d['units'][1]['level'] == 10 and d['units'][2]['level'] == 2"
run "ccd in Chinese" 0 ccd --data "$WORK/ccd.csv" --id id --systems u1,u2 --lang zh
check "初级协调" contains "$WORK/out" "初级协调"
run "ccd Wang et al. 2021" 0 ccd --data "$WORK/ccd.csv" --id id --systems u1,u2 --variant wang --format json
check "revised C by hand" json "abs(d['units'][0]['C'] - 0.32 ** 0.5) < 1e-12"
run "ccd alpha must sum to 1" 1 ccd --data "$WORK/ccd.csv" --id id --systems u1,u2 --alpha 0.5,0.6
finish
