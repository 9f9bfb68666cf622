#!/bin/bash
# test_evaluate_plan.sh — `regio evaluate --year` on the shipped Yunnan plan and `regio zones`: provisional zone
# types said everywhere until an official list is loaded, settings echoed, Monte Carlo reproducible by seed and
# independent of threads, a bad official list refused with file/line/column and nothing stored.
. "$(dirname "$0")/lib.sh"
export REGIO_SCHEMES="$SRC/data/yunnan/evaluation"
regio init --plan "$SRC/data/yunnan" --db "$WORK/yn.db" >/dev/null 2>&1

run zones_list 0 zones --db "$WORK/yn.db"
check zones_provisional_title contains "$WORK/out" "provisional zone types / 暂定主体功能区类型"
run zones_derive 0 zones --derive --db "$WORK/yn.db"
check zones_derive_is_shipped cmp -s "$WORK/out" "$SRC/data/yunnan/zones_provisional.csv"

run eval_table 0 evaluate --year 2020 --db "$WORK/yn.db"
check eval_table_provisional contains "$WORK/out" "provisional zone types / 暂定主体功能区类型"
check eval_stderr_provisional contains "$WORK/err" "provisional zone types"
check eval_not_measured contains "$WORK/err" "Farmland protection' is not measured"
check eval_no_change contains "$WORK/out" "no data for the previous year"

run eval_json 0 evaluate --year 2020 --uncertainty 200 --sobol 100 --seed 9 --threads 1 --format json --db "$WORK/yn.db"
check eval_json_fields json "d['zone_types'] == 'provisional' and len(d['units']) == 129 and d['settings']['seed'] == 9 and set(d['sobol']['factors']) == {'normalisation','aggregation','weights'} and all('median_rank' in u['uncertainty'] for u in d['units'])"
cp "$WORK/out" "$WORK/t1.json"
run eval_json_t3 0 evaluate --year 2020 --uncertainty 200 --sobol 100 --seed 9 --threads 3 --format json --db "$WORK/yn.db"
check eval_threads_invariant python3 -c "import json,sys; a=json.load(open('$WORK/t1.json')); b=json.load(open('$WORK/out')); a['settings'].pop('threads'); b['settings'].pop('threads'); sys.exit(0 if a==b else 1)"
run eval_csv 0 evaluate --year 2020 --format csv --db "$WORK/yn.db"
check eval_csv_rows test "$(wc -l <"$WORK/out")" -eq 130
run eval_md 0 evaluate --year 2020 --format md --db "$WORK/yn.db"

run eval_noyear 1 evaluate --db "$WORK/yn.db"
run eval_nodata 1 evaluate --year 1990 --db "$WORK/yn.db"
check eval_nodata_msg contains "$WORK/err" "no data in 1990"
run eval_badscheme 1 evaluate --year 2020 --scheme nosuch --db "$WORK/yn.db"

# the official list: a bad one is refused and changes nothing; a good one makes every output say "official"
python3 - "$SRC/data/yunnan/zones_provisional.csv" "$WORK/official.csv" "$WORK/bad.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
zh = {'urban': '城市化地区', 'agricultural': '农产品主产区', 'ecological': '重点生态功能区'}
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    f.write('code,zone\n' + ''.join(f"{r['code']},{zh[r['zone']]}\n" for r in rows))
with open(sys.argv[3], 'w', encoding='utf-8') as f:
    f.write('code,zone\n' + ''.join(f"{r['code']},{zh[r['zone']]}\n" for r in rows[:-1]) + f"{rows[-1]['code']},forest\n")
PY
run zones_bad 1 zones import "$WORK/bad.csv" --db "$WORK/yn.db"
check zones_bad_msg contains "$WORK/err" "bad.csv line 130 column 2: unknown zone type 'forest'"
run zones_still_provisional 0 zones --db "$WORK/yn.db"
check zones_still_provisional_title contains "$WORK/out" "provisional zone types"
run zones_import 0 zones import "$WORK/official.csv" --db "$WORK/yn.db"
check zones_import_counts contains "$WORK/out" "urban 24, agricultural 84, ecological 21"
run eval_official 0 evaluate --year 2020 --format json --db "$WORK/yn.db"
check eval_official_json json "d['zone_types'] == 'official' and all('provisional_zone' not in u['flags'] for u in d['units'])"
run zones_clear 0 zones clear --db "$WORK/yn.db"
run eval_back 0 evaluate --year 2020 --format json --db "$WORK/yn.db"
check eval_back_provisional json "d['zone_types'] == 'provisional'"
finish
