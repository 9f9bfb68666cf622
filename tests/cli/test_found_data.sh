#!/usr/bin/env bash
# End-to-end: the figures found later (data/yunnan/observations/found_2021_2025.csv) after `regio init` of the
# shipped plan — 昆明 GDP and population assessed at 2024, the two vintages of the province's 2020 GDP (first
# release 24521.9, revised 25200) and --vintage, a lower bound shown as ≥ and never used as the year's value,
# and the 石林 conflict kept as two vintages. (Cross-sections dropping bound-only units: tests/test_qualifier.c.) Real figures (sources in data/yunnan/SOURCES.md).
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"

run "targets as of 2024" 0 targets --db "$DB" --year 2024 --format json
check "km_gdp assessed at 2024: 8275.22, moderate" json "(lambda t: t['latest_year'] == 2024 and t['latest_value'] == 8275.22 and t['category'] == 'moderate' and t['warning'] == 'yellow')([t for t in d['targets'] if t['code'] == 'km_gdp'][0])"
check "km_pop assessed at 2024: 868.7, not grey" json "(lambda t: t['latest_year'] == 2024 and t['latest_value'] == 868.7 and t['warning'] != 'grey')([t for t in d['targets'] if t['code'] == 'km_pop'][0])"

run "province GDP 2020, latest" 0 value gdp --region 530000 --year 2020 --db "$DB" --format json
check "latest vintage 25200, both kept" json "d['value'] == 25200 and d['vintage'] == 'latest' and [(o['value'], o['vintage'], o['status'], o['latest'], o['first']) for o in d['observations']] == [(25200, '2026-01-29', 'R', True, False), (24521.9, '', 'A', False, True)]"
run "province GDP 2020, first" 0 value gdp --region 530000 --year 2020 --db "$DB" --format json --vintage first
check "first release 24521.9" json "d['value'] == 24521.9 and d['vintage'] == 'first'"
run "province GDP 2020, text" 0 value gdp --region 530000 --year 2020 --db "$DB"
check "both vintages listed, the latest used" grep -q "25200.00 亿元 \[revised\]  vintage 2026-01-29  batch [0-9]*, latest vintage ← used here" "$WORK/out"
run "province GDP 2020, zh" 0 value gdp --region 530000 --year 2020 --db "$DB" --lang zh --vintage first
check "zh: the first release used" grep -q "24521.90 亿元  版本 未注明  批次 [0-9]*，首次发布版本 ← 本次使用" "$WORK/out"
run "bad vintage" 1 value gdp --region 530000 --year 2020 --db "$DB" --vintage newest
check "says the choices" contains "$WORK/err" "--vintage must be latest (the latest release, default) or first (the first release), not 'newest'"

run "rural income 2024 is a lower bound" 0 value income_rural --region 530000 --year 2024 --db "$DB" --format json
check "no point value, the bound kept" json "d['value'] is None and [(o['value'], o['bound']) for o in d['observations']] == [(17000, '>=')]"
run "rural income 2024, text" 0 value income_rural --region 530000 --year 2024 --db "$DB"
check "shown as ≥17000" contains "$WORK/out" "≥17000 元 [lower bound (≥)]"
run "rural income 2024, zh" 0 value income_rural --region 530000 --year 2024 --db "$DB" --lang zh
check "zh: 下限" contains "$WORK/out" "≥17000 元 [下限（≥）]"

run "石林 2023 latest" 0 value pop --region 530126 --year 2023 --db "$DB" --format json
check "newer official release 28.0287 latest, 23.85 first" json "d['value'] == 28.0287 and [(o['value'], o['latest'], o['first']) for o in d['observations']] == [(28.0287, True, False), (23.85, False, True)]"
run "石林 2023 first" 0 value pop --region 530126 --year 2023 --db "$DB" --format json --vintage first
check "23.85 with --vintage first" json "d['value'] == 23.85"

finish
