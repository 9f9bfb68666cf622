#!/usr/bin/env bash
# End-to-end: a yearbook table as published (title, 单位 row, two-row header exported from merged cells, a 全省
# total row, names instead of codes, footnotes) imported with --wide: --dry-run shows the mapping and writes
# nothing, the real import stores the scaled values, a file with one unknown name is rejected whole with the
# nearest name; English and Chinese. (The .xlsx shape with real merged ranges is in tests/test_import.c.)
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

# synthetic figures, for years the shipped data does not hold
cat > "$WORK/yb.csv" <<'CSV'
表3-5 各州市地区生产总值（合成测试数据）,,,
,,,单位：万元
地  区,地区生产总值,,地方一般公共预算收入
,2030年,2031年,2031年
全省,3000000000,3100000000,220000000
昆 明 市,90000000,95000000,7000000
楚雄州,20000000,21000000,-
禄丰县,3000000,3200000,150000
注：本表为合成测试数据。,,,
资料来源：regio 测试。,,,
CSV
run "dry run" 0 import "$WORK/yb.csv" --wide --dry-run --source "synthetic yearbook table" --db "$DB"
check "title" contains "$WORK/out" "title: 表3-5 各州市地区生产总值（合成测试数据）"
check "unit row" contains "$WORK/out" "unit row: 万元 (line 2)"
check "header and data lines" contains "$WORK/out" "header: lines 3–4; data: lines 5–8"
check "footnotes" contains "$WORK/out" "footnote lines: 9 10"
check "column B" contains "$WORK/out" "→ gdp 2030  万元 → 亿元: × 0.0001"
check "column D" contains "$WORK/out" "→ budget_revenue 2031  万元 → 亿元: × 0.0001"
check "total row" contains "$WORK/out" "→ 530000  total row → 云南省"
check "former name" contains "$WORK/out" "→ 532302  name or code"
check "the values listed, scaled" grep -qE "^ *5 +530000 +gdp +2030 +300000 *$" "$WORK/out"
check "11 values, one placeholder" grep -qE "yb.csv +— +11 +0 +1 " "$WORK/out"
run "nothing written" 0 value gdp --region 530000 --year 2030 --format json --db "$DB"
check "no 2030 value" json "d['value'] is None"

run "dry run json" 0 import "$WORK/yb.csv" --wide --dry-run --source "synthetic yearbook table" --format json --db "$DB"
check "one object: mapping and values" json "d['rows'] == 11 and d['shape']['unit'] == '万元' and d['shape']['footnotes'] == [9, 10] and [k['indicator'] for k in d['shape']['columns']] == [None, 'gdp', 'gdp', 'budget_revenue'] and abs(d['shape']['columns'][1]['scale'] - 1e-4) < 1e-18 and d['shape']['rows'][0]['region'] == '530000' and d['values'][0] == {'line': 5, 'region': '530000', 'indicator': 'gdp', 'year': 2030, 'value': 300000}"
run "zh dry run" 0 --lang zh import "$WORK/yb.csv" --wide --dry-run --source "synthetic yearbook table" --db "$DB"
check "zh unit row" contains "$WORK/out" "单位行：万元（第 2 行）"
check "zh scale" contains "$WORK/out" "万元 → 亿元，乘以 0.0001"
check "zh total" contains "$WORK/out" "合计行 → 云南省"

run "import" 0 import "$WORK/yb.csv" --wide --source "synthetic yearbook table" --format json --db "$DB"
check "11 rows" json "d[0]['rows'] == 11 and d[0]['skipped_empty'] == 1"
run "province 2031" 0 value gdp --region 云南省 --year 2031 --format json --db "$DB"
check "3100000000 万元 = 310000 亿元" json "abs(d['value'] - 310000) < 1e-9"
run "禄丰 by its new name" 0 value budget_revenue --region 禄丰市 --year 2031 --format json --db "$DB"
check "150000 万元 = 15 亿元" json "abs(d['value'] - 15) < 1e-12"

# one unknown name: the whole file is refused, naming the cell and the nearest name
sed 's/禄丰县/禄劝彝族自治县/' "$WORK/yb.csv" > "$WORK/yb_bad.csv"
run "unknown name" 1 import "$WORK/yb_bad.csv" --wide --source "synthetic" --replace --db "$DB"
check "cell and suggestion" contains "$WORK/err" "yb_bad.csv:8, column 'A': cell A8: unknown region '禄劝彝族自治县' — did you mean 禄劝彝族苗族自治县?"
check "nothing imported" contains "$WORK/err" "nothing was imported and the store is unchanged"
run "zh unknown name" 1 --lang zh import "$WORK/yb_bad.csv" --wide --source "synthetic" --replace --db "$DB"
check "zh cell and suggestion" contains "$WORK/err" "单元格 A8：未知的地区“禄劝彝族自治县”——是不是“禄劝彝族苗族自治县”？"

# issue 13 item 1: --year with a misspelt indicator code is an error, not an "ignored column"
printf 'code,gpd,pop\n530100,1000,850\n' > "$WORK/typo.csv"
run "typo column" 1 import "$WORK/typo.csv" --year 2032 --source "synthetic" --db "$DB"
check "names the column and suggests" contains "$WORK/err" "column B 'gpd' holds figures but is no indicator code or name — did you mean gdp?"
run "typo column ignored on purpose" 0 import "$WORK/typo.csv" --year 2032 --ignore gpd --source "synthetic" --format json --db "$DB"
check "1 row, gpd listed as ignored" json "d[0]['rows'] == 1 and d[0]['ignored_columns'] == 'gpd'"
finish
