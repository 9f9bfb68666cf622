#!/usr/bin/env bash
# End-to-end `regio extract`: a real bulletin passage (嵩明县 2023, tests/fixtures/bulletins/03_songming_2023.txt,
# source in index.csv) becomes a review file that `regio import` takes into a store built from the shipped plan;
# the region is given by name; figures the plan lacks and work-report targets are refused by the importer.
. "$(dirname "$0")/lib.sh"
DB=$WORK/y.db
FIX=$SRC/tests/fixtures/bulletins
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

# the acceptance path: extract > b.csv && import b.csv
regio extract bulletin "$FIX/03_songming_2023.txt" --region 530127 --year 2023 --db "$DB" >"$WORK/b.csv" 2>"$WORK/err"
check "extract exit 0" test $? -eq 0
check "header" contains "$WORK/b.csv" "region,indicator,year,value,source,qualifier,status,value_printed,unit_printed,unit,quote,start,end,line,confidence,note"
check "gdp row with its clause" contains "$WORK/b.csv" "530127,gdp,2023,174.99,"
check "clause quoted" contains "$WORK/b.csv" "2023年全县实现地区生产总值[2]174.99亿元"
check "says what was left out" contains "$WORK/err" "figures are of indicators the plan lacks and were left out (--all writes them)"
check "every row quotes its clause" python3 -c "
import csv,sys
rows=list(csv.DictReader(open('$WORK/b.csv')))
sys.exit(0 if len(rows)==10 and all(r['quote'] and int(r['end'])>int(r['start']) for r in rows) else 1)"
run "import the review file" 0 import "$WORK/b.csv" --db "$DB"
run "value after import" 0 value gdp --region 530127 --year 2023 --format json --db "$DB"
check "174.99 亿元" json "d['value'] == 174.99"
run "budget revenue" 0 value budget_revenue --region 530127 --year 2023 --format json --db "$DB"
check "11.49 亿元" json "d['value'] == 11.49"

# the region by full and short name gives the same file
run "by full name" 0 extract bulletin "$FIX/03_songming_2023.txt" --region 嵩明县 --year 2023 --db "$DB"
cp "$WORK/out" "$WORK/full.csv"
run "by short name" 0 extract bulletin "$FIX/03_songming_2023.txt" --region 嵩明 --year 2023 --db "$DB"
check "same output" cmp -s "$WORK/out" "$WORK/full.csv"
check "same as by code" cmp -s "$WORK/out" "$WORK/b.csv"
run "ambiguous name" 1 extract bulletin "$FIX/03_songming_2023.txt" --region 红河 --year 2023 --db "$DB"
check "lists the candidates" contains "$WORK/err" "532500 红河哈尼族彝族自治州, 532529 红河县"
run "unknown name" 1 extract bulletin "$FIX/03_songming_2023.txt" --region 北京 --db "$DB" --lang zh
check "zh message" contains "$WORK/err" "未知的地区“北京”"

# --all writes the indicators the plan lacks, with a note, and import refuses them clearly
run "all" 0 extract bulletin "$FIX/03_songming_2023.txt" --region 530127 --year 2023 --all --db "$DB"
cp "$WORK/out" "$WORK/all.csv"
check "17 rows" test "$(($(wc -l <"$WORK/all.csv") - 1))" -eq 17
check "note says the plan lacks it" contains "$WORK/all.csv" "the plan has no such indicator: regio import refuses this row"
run "import refuses" 1 import "$WORK/all.csv" --replace --db "$DB"
check "names the indicator" contains "$WORK/err" "unknown indicator code 'va_primary_growth'"

# a work-report target (synthetic sentence in the phrasing of the reports): extracted, marked, refused by import
printf '2024年主要预期目标：地区生产总值增长６％左右。\n' >"$WORK/wr.txt"
run "target" 0 extract bulletin "$WORK/wr.txt" --region 昆明市 --db "$DB"
cp "$WORK/out" "$WORK/wr.csv"
check "target row" contains "$WORK/wr.csv" "530100,gdp_growth_real,2024,6,"
check "status" contains "$WORK/wr.csv" "target;approx"
run "import refuses a target" 1 import "$WORK/wr.csv" --db "$DB"
check "target named" contains "$WORK/err" "this row is a target (status 'target;approx'), not an observation"
run "zh target" 1 import "$WORK/wr.csv" --db "$DB" --lang zh
check "zh target named" contains "$WORK/err" "这一行是目标"

# qualifiers reach the store (synthetic sentences): 初步核算 → P, 突破 → lower bound
printf '初步核算，2022年全县地区生产总值100.5亿元。农村常住居民人均可支配收入突破1.7万元。\n' >"$WORK/q.txt"
run "qualified" 0 extract bulletin "$WORK/q.txt" --region 530127 --year 2022 --db "$DB"
cp "$WORK/out" "$WORK/q.csv"
check "P" contains "$WORK/q.csv" "530127,gdp,2022,100.5,$WORK/q.txt:1,P,preliminary"
check "lower bound" contains "$WORK/q.csv" "530127,income_rural,2022,17000,$WORK/q.txt:1,>=,lower_bound"
run "import qualified" 0 import "$WORK/q.csv" --db "$DB"
run "value P" 0 value gdp --region 530127 --year 2022 --format json --db "$DB"
check "status P stored" json "d['observations'][0]['status'] == 'P'"
run "value bound" 0 value income_rural --region 530127 --year 2022 --format json --db "$DB"
check "bound stored" json "d['observations'][0]['value'] == 17000 and d['observations'][0]['bound'] == '>='"

# no year anywhere: asked for
printf '全县地区生产总值100亿元。\n' >"$WORK/noyear.txt"
run "no year" 1 extract bulletin "$WORK/noyear.txt" --region 530127 --db "$DB"
check "asks for --year" contains "$WORK/err" "give --year"
# the plan's targets and baselines (CSV: line, role, subject, comparator, value, unit …)
run "plan" 0 extract plan "$SRC/docs/plan/plan-normalized.txt" --format csv
cp "$WORK/out" "$WORK/plan.csv"
check "1万亿元 at line 134" contains "$WORK/plan.csv" "134,target,昆明市经济总量,>=,10000,亿元,1,万亿元,2025,"
check "翻一番 at line 122" contains "$WORK/plan.csv" "122,target,力争3年实现工业投资,>=,2,倍,翻一番,\"\","
check "baseline 2.92 at line 40" contains "$WORK/plan.csv" "40,baseline,收入比值从2015年的3.2下降到,=,2.92,\"\",2.92,\"\",2020,"
run "plan json" 0 extract plan "$SRC/docs/plan/plan-normalized.txt" --format json
check "58 figures" json "len(d) == 58"
run "help" 0 extract bulletin --help
check "help lists --region" contains "$WORK/out" "--region CODE|NAME"
finish
