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

# what the evaluation measured (issue 11 item 4; data/yunnan/evaluation/mandate.csv, plan lines 279, 284, 288, 340):
# every zone type misses 资源能耗消耗 and 生态效益 (no county data) and its priority; the rankings say so
check eval_partial_en contains "$WORK/err" "note: key ecological area: partial ranking: resource and energy consumption, ecological benefits, ecological protection (the priority) dimensions not measured (the plan's requirement: docs/plan/plan-normalized.txt lines 340, 288)"
check eval_partial_urban contains "$WORK/err" "note: urbanised area: partial ranking: resource and energy consumption, ecological benefits, intensive development (the priority) dimensions not measured (the plan's requirement: docs/plan/plan-normalized.txt lines 340, 279)"
check eval_fewer_en contains "$WORK/err" "note: Longyang (main agricultural area) ranks 1 of 84 on only 1 of the 3 measured dimensions"
check eval_fewer_count test "$(grep -c 'measured dimensions$' "$WORK/err")" -eq 9
check eval_row_marked grep -qE "530502 .* 0/5 +provisional-zone partial-ranking only-1-of-3-dimensions" "$WORK/out"
run eval_table_zh 0 evaluate --year 2020 --db "$WORK/yn.db" --lang zh
check eval_partial_zh contains "$WORK/err" "注意：农产品主产区：部分排名：缺少资源能耗消耗、生态效益、耕地保护（优先）维度（规划要求见 docs/plan/plan-normalized.txt 第 340、284 行）"
check eval_fewer_zh contains "$WORK/err" "注意：隆阳区（农产品主产区）排第 1（共 84 个县），但仅按 1 个维度计分（该类型已测 3 个）"
check eval_row_marked_zh grep -qE "530502 .* 0/5 +暂定类型 部分排名 仅1/3维度" "$WORK/out"
run eval_json_marks 0 evaluate --year 2020 --format json --db "$WORK/yn.db"
check eval_json_mandate json "[d['settings']['zones'][z]['mandate_missing'] for z in ('urban','agricultural','ecological')] == [['resources','eco_benefit','intensive'], ['resources','eco_benefit','farmland'], ['resources','eco_benefit','ecology']]"
check eval_json_measured json "[m['code'] for m in d['settings']['zones']['urban']['mandate'] if m['measured']] == ['economy','industrialisation','urbanisation'] and [m['code'] for m in d['settings']['zones']['agricultural']['mandate'] if m['measured']] == ['economy','supply'] and [m['code'] for m in d['settings']['zones']['ecological']['mandate'] if m['measured']] == ['economy']"
check eval_json_lines json "sorted({m['plan_line'] for z in d['settings']['zones'].values() for m in z['mandate']}) == [279, 284, 288, 340]"
check eval_json_title json "d['settings']['zones']['ecological']['partial_title_zh'] == '部分排名：缺少资源能耗消耗、生态效益、生态保护（优先）维度' and all(z['partial'] for z in d['settings']['zones'].values())"
check eval_json_fewer json "sorted(u['code'] for u in d['units'] if 'fewer_dimensions' in u['flags']) == ['530102','530103','530111','530112','530113','530302','530402','530502','530702']"
check eval_json_longyang json "[(u['rank'], u['dimensions_scored'], u['dimensions_measured'], u['plan_dimensions_scored'], u['plan_dimensions']) for u in d['units'] if u['code'] == '530502'] == [(1, 1, 3, 0, 5)]"
check eval_json_every_ranked_partial json "all('partial_ranking' in u['flags'] for u in d['units'] if u['rank'])"
# the indicators that would measure the missing dimensions (data/yunnan/evaluation/mandate_indicators.csv): each
# declared with unit, direction and the publication that gives it; listed under the note and in the JSON
check eval_json_candidates json "[c['indicator'] for m in d['settings']['zones']['urban']['mandate'] if m['code'] == 'resources' for c in m['indicators_to_measure_it']] == ['energy_per_gdp', 'water_per_gdp', 'land_per_gdp'] and [c['indicator'] for m in d['settings']['zones']['agricultural']['mandate'] if m['code'] == 'farmland' for c in m['indicators_to_measure_it']] == ['farmland_area', 'grain_output']"
check eval_json_candidate_fields json "all(c['unit'] and c['direction'] in ('higher', 'lower') and c['published_in'] for z in d['settings']['zones'].values() for m in z['mandate'] for c in m['indicators_to_measure_it']) and [c['direction'] for m in d['settings']['zones']['ecological']['mandate'] if m['code'] == 'resources' for c in m['indicators_to_measure_it']] == ['lower', 'lower', 'lower']"
check eval_json_measured_none json "all(not m['measured'] for z in d['settings']['zones'].values() for m in z['mandate'] if m['code'] in ('resources', 'eco_benefit'))"
run eval_table_candidates 0 evaluate --year 2020 --db "$WORK/yn.db" --lang en
check eval_candidates_en contains "$WORK/err" "  resource and energy consumption needs: energy_per_gdp Energy consumption per unit of GDP (吨标准煤/万元, lower is better;"
check eval_candidates_farmland contains "$WORK/err" "  farmland protection (the priority) needs: farmland_area Farmland area (万亩, higher is better;"
run eval_table_candidates_zh 0 evaluate --year 2020 --db "$WORK/yn.db" --lang zh
check eval_candidates_zh contains "$WORK/err" "  生态效益 需要：forest_cover 森林覆盖率 (%, 越高越好; 《云南省林草资源及生态状况公报》"
printf 'zone,dimension,indicator,name_zh,name_en,unit,direction,published_in,note\nurban,nosuch,x,x,x,%%,higher,some table,\n' > "$WORK/bad_mi.csv"
mkdir -p "$WORK/badmi" && cp "$SRC/data/yunnan/evaluation/schemes.csv" "$SRC/data/yunnan/evaluation/indicators.csv" "$SRC/data/yunnan/evaluation/mandate.csv" "$WORK/badmi/" && cp "$WORK/bad_mi.csv" "$WORK/badmi/mandate_indicators.csv"
run eval_bad_mandate_indicators 1 evaluate --year 2020 --db "$WORK/yn.db" --schemes "$WORK/badmi"
check eval_bad_mi_line contains "$WORK/err" "mandate_indicators.csv line 2 column 2"
# a schemes directory without mandate.csv: said, not silently complete
mkdir -p "$WORK/nomandate" && cp "$SRC/data/yunnan/evaluation/schemes.csv" "$SRC/data/yunnan/evaluation/indicators.csv" "$WORK/nomandate/"
run eval_no_mandate 0 evaluate --year 2020 --db "$WORK/yn.db" --schemes "$WORK/nomandate"
check eval_no_mandate_note contains "$WORK/err" "note: the schemes directory has no mandate.csv: the dimensions the plan mandates cannot be checked"
# a bad mandate.csv: file, line and column
cp -r "$WORK/nomandate" "$WORK/badmandate" && printf 'zone,dimension,name_zh,name_en,plan_line,basis\nurban,economy,经济发展,economy,340,x\nurban,economy,经济发展,economy,340,x\n' >"$WORK/badmandate/mandate.csv"
run eval_bad_mandate 1 evaluate --year 2020 --db "$WORK/yn.db" --schemes "$WORK/badmandate"
check eval_bad_mandate_msg contains "$WORK/err" "mandate.csv line 3 column 2: dimension given twice for this zone: 'economy'"

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
