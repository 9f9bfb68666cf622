#!/usr/bin/env bash
# End-to-end: regions, groups and indicators by name on every command (src/plan/names.c, src/cli/cli.c) — codes,
# full and short names, customary forms, former names with their note, "did you mean", ambiguous names listing
# the candidates — in English and Chinese; global options before the command (regio --lang zh --help).
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

# the acceptance line of issue 12: 昆明 is 530100, whose published 2020 GDP is 6733.79 亿元 (plan_baselines.csv)
run "value by short name" 0 value gdp --region 昆明 --year 2020 --format json --db "$DB"
check "昆明 → 530100 6733.79" json "d['scope']['code'] == '530100' and abs(d['value'] - 6733.79) < 1e-9"
run "value by full name" 0 value 地区生产总值 --region 昆明市 --year 2020 --format json --db "$DB"
check "昆明市 + 地区生产总值 → the same" json "d['scope']['code'] == '530100' and d['indicator']['code'] == 'gdp'"
run "GDP upper case, 楚雄州" 0 value GDP --region 楚雄州 --year 2020 --format json --db "$DB"
check "楚雄州 → 532300" json "d['scope']['code'] == '532300'"
run "yearbook spacing" 0 value gdp --region "五 华 区" --year 2020 --format json --db "$DB"
check "五 华 区 → 530102" json "d['scope']['code'] == '530102'"
run "former name" 0 value gdp --region 禄丰县 --year 2020 --format json --db "$DB"
check "禄丰县 → 532302" json "d['scope']['code'] == '532302'"
check "the change is said" contains "$WORK/err" "'禄丰县' is a former name or code (changed 2021); read as 532302 禄丰市"
run "group by name" 0 value gdp --group 滇中 --year 2020 --format json --db "$DB"
check "滇中 → dianzhong (the block, not the partition part)" json "d['scope']['code'] == 'dianzhong'"

run "typo in the indicator" 1 value gpd --region 昆明 --year 2020 --db "$DB"
check "suggests gdp" contains "$WORK/err" "unknown indicator 'gpd' — did you mean gdp?"
run "typo in a name" 1 value gdp --region 禄劝彝族自治县 --year 2020 --db "$DB"
check "suggests the nearest county" contains "$WORK/err" "did you mean 禄劝彝族苗族自治县?"
run "ambiguous" 1 value gdp --region 楚雄 --year 2020 --db "$DB"
check "lists both" contains "$WORK/err" "'楚雄' is ambiguous: it may be the region 532300 楚雄彝族自治州, 532301 楚雄市"
run "nothing near" 1 value gdp --region 北京市 --year 2020 --db "$DB"
check "no suggestion when nothing is near" contains "$WORK/err" "unknown region '北京市' (see regio regions)"

# the same in Chinese
run "zh typo" 1 --lang zh value gpd --region 昆明 --year 2020 --db "$DB"
check "zh suggests gdp" contains "$WORK/err" "未知的指标“gpd”——是不是“gdp”？"
run "zh ambiguous" 1 --lang zh value gdp --region 楚雄 --year 2020 --db "$DB"
check "zh lists both" contains "$WORK/err" "“楚雄”有歧义，可指多个地区：532300 楚雄彝族自治州、532301 楚雄市"
run "zh former name" 0 --lang zh value gdp --region 禄丰县 --year 2020 --db "$DB" --format csv
check "zh note" contains "$WORK/err" "“禄丰县”是旧称（2021 年变更），按 532302 禄丰市 处理"

# other commands take names too
run "targets by region name" 0 targets --group 昆明 --format json --db "$DB"
check "3 Kunming targets" json "len(d['targets']) == 3 and all(t['scope'] == '530100' for t in d['targets'])"
run "targets by group name" 0 targets --group 滇中 --format json --db "$DB"
check "4 dianzhong targets" json "len(d['targets']) == 4 and all(t['scope'] == 'dianzhong' for t in d['targets'])"
run "groups by name" 0 groups 滇中 --format json --db "$DB"
check "members of dianzhong" json "len(d) == 11"
run "regions --parent name" 0 regions --parent 楚雄州 --format json --db "$DB"
check "10 counties of 楚雄州" json "len(d) == 10"
run "disparity by indicator name" 0 disparity 常住人口 --year 2020 --format json --db "$DB"
check "pop" json "d['indicator'] == 'pop'"

# global options before the command
run "zh help" 0 --lang zh --help
check "help in Chinese" contains "$WORK/out" "用法: regio [--lang zh|en]"
run "en targets" 0 --lang en --db "$DB" targets --format csv
check "targets listed" contains "$WORK/out" "km_gdp"
run "global --lang=zh before the command" 1 --lang=zh --db "$DB" value gpd --region 昆明 --year 2020
check "error in Chinese" contains "$WORK/err" "是不是“gdp”"
run "bad global --lang" 1 --lang fr targets
check "says so" contains "$WORK/err" "--lang must be zh or en, not “fr”"
finish
