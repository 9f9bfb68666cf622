#!/usr/bin/env bash
# End-to-end: the report's sources (issue 11 item 6). The body says how many figures came from official and from
# secondary sources, in one paragraph and one table by kind of source — never more than a page: the test fails
# the report when a body section holds a source table longer than 25 rows (about one A4 page) — and the full
# list, by publication (regio_source_publication: one bulletin, one yearbook edition, one site or data set) and
# kind with its counts, stands in the annex. Kinds come from the rows' source_kind
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
check "the kinds add up to the annex list (figures and source texts)" json "sum(r['figures'] for r in d['tables']['source_kinds']['rows']) == sum(r['figures'] for r in d['tables']['source_list']['rows']) and sum(r['sources'] for r in d['tables']['source_kinds']['rows']) == sum(r['sources'] for r in d['tables']['source_list']['rows'])"
nsrc=$(python3 -c "import json; d=json.load(open('$WORK/out')); print(sum(r['sources'] for r in d['tables']['source_kinds']['rows']))")
npub=$(python3 -c "import json; d=json.load(open('$WORK/out')); print(len(d['tables']['source_list']['rows']))")
check "the annex lists publications: $nsrc source texts in $npub rows (at most 100: a few pages)" test "$nsrc" -gt 3000 -a "$npub" -le 100
check "one yearbook edition is one row, whatever its tables and lines" json "[(r['kind'], r['sources']) for r in d['tables']['source_list']['rows'] if r['publication'] == '《中国县域统计年鉴2021（县市卷）》'] == [('statistical yearbook', 1080)]"
check "the census tabulation is one publication, classified by the pattern table" json "[r['kind'] for r in d['tables']['source_list']['rows'] if r['publication'] == 'NBS Tabulation on the 2020 China Population Census by County'] == ['census']"
# the found figures state their kind: 48 self-media rows among them (data/yunnan/raw/found_2021_2025_review.csv)
check "stated kinds are used: the 网易号 articles are self-media under their site" json "any(r['kind'] == 'self-media' and r['publication'] == '163.com' for r in d['tables']['source_list']['rows'])"
check "most figures first" json "(lambda f: f == sorted(f, reverse=True))([r['figures'] for r in d['tables']['source_list']['rows']])"
check "the gap and map sources are by indicator and publication too" json "len(d['tables']['sources']['rows']) <= 120 and any(r['indicator'] == 'gdp' and r['source'] == '《中国县域统计年鉴2021（县市卷）》' for r in d['tables']['sources']['rows'])"
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
