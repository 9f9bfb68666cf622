#!/usr/bin/env bash
# End-to-end: the report's sources (issue 11 item 6). The body says how many figures came from official and from
# secondary sources, in one paragraph and one table by kind of source — never more than a page: the test fails
# the report when a body section holds a source table longer than 25 rows (about one A4 page) — and the full
# list, source by source with its kind and count, stands in the annex. Kinds come from the rows' source_kind
# column or the plan's data/yunnan/source_kinds.csv (pattern → kind); init refuses an unknown kind.
. "$(dirname "$0")/lib.sh"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"
check "init loads the pattern table" grep -q "source kind rules: 26 " "$WORK/err"
FAST=(--permutations 99 --uncertainty 100)
for lang in en zh; do
  run "report json $lang" 0 report --db "$DB" --year 2023 --format json --lang $lang "${FAST[@]}"
  cp "$WORK/out" "$WORK/r-$lang.json"
done
cp "$WORK/r-en.json" "$WORK/out"
BODY="[s for s in d['sections'] if not s['key'].startswith('annex')]"
check "the kinds table is in the body, the list in the annex" json "any('source_kinds' in s['tables'] for s in $BODY) and not any('source_list' in s['tables'] or 'sources' in s['tables'] for s in $BODY) and 'source_list' in [s for s in d['sections'] if s['key'] == 'annex_codes'][0]['tables']"
check "no source table in the body longer than a page (25 rows)" json "all(len(d['tables'][k]['rows']) <= 25 for s in $BODY for k in s['tables'] if k.startswith('source'))"
check "one row per kind, official first, unclassified last" json "[(r['kind'], r['class']) for r in d['tables']['source_kinds']['rows']][:3] == [('statistical bulletin', 'official'), ('statistical yearbook', 'official'), ('census', 'official')] and d['tables']['source_kinds']['rows'][-1]['kind'] == 'not classified'"
check "the kinds add up to the annex list, source by source" json "sum(r['figures'] for r in d['tables']['source_kinds']['rows']) == sum(r['figures'] for r in d['tables']['source_list']['rows']) and sum(r['sources'] for r in d['tables']['source_kinds']['rows']) == len(d['tables']['source_list']['rows'])"
# the found figures state their kind: 48 self-media rows among them (data/yunnan/raw/found_2021_2025_review.csv)
check "stated kinds are used: the 网易号 article is self-media" json "any(r['kind'] == 'self-media' and r['stated'] == 'stated by the row' and 'm.163.com' in r['source'] for r in d['tables']['source_list']['rows'])"
check "the census tabulation is classified by the pattern table" json "all(r['kind'] == 'census' for r in d['tables']['source_list']['rows'] if r['source'].startswith('NBS, Tabulation on the 2020 China Population Census'))"
run "report html" 0 report --db "$DB" --year 2023 --lang en --out "$WORK/r.html" "${FAST[@]}"
check "the paragraph says official and secondary" grep -qE "come from official sources .* from secondary sources" "$WORK/r.html"
cp "$WORK/r-zh.json" "$WORK/out"
check "zh: 来源类型 table with 官方 / 二手" json "{r['class'] for r in d['tables']['source_kinds']['rows']} == {'官方', '二手', '—'} and d['tables']['source_kinds']['rows'][0]['kind'] == '统计公报'"
# a pattern table with an unknown kind is refused, naming file and line
cp -R "$SRC/data/yunnan" "$WORK/plan"
printf 'pattern,kind,note\nwikipedia,blog,not a kind\n' >"$WORK/plan/source_kinds.csv"
run "unknown kind refused" 1 init --plan "$WORK/plan" --db "$WORK/bad.db"
check "names file, line and kind" grep -q "source_kinds.csv line 2: an empty pattern or an unknown source kind 'blog'" "$WORK/err"
finish
