#!/usr/bin/env bash
# End-to-end: `regio report --format docx` (issue 11 item 8) and the report's argument checks (item 7): the
# Word file is read back as the ZIP it is (python3's zipfile): word/document.xml holds every section title and
# a table row for every target of the JSON report, as many Word tables as the report has tables, and
# word/media one PNG per SVG figure of the HTML report; word/styles.xml gives East Asian text Noto Sans CJK SC.
# zh and en. Then: --out's extension sets the format, a contradicting --format is refused, --year must lie in
# the data's years, a missing converter is a clear error that leaves no file and no temporary directory.
. "$(dirname "$0")/lib.sh"
export TMPDIR="$WORK/tmp" # a private temporary directory: the leftover check below must not see other runs on the machine
mkdir -p "$TMPDIR"
DB=$WORK/yn.db
run "init" 0 init --plan "$SRC/data/yunnan" --db "$DB"
FAST=(--permutations 99 --uncertainty 50 --generated-at "2026-01-01 00:00 UTC")
# the converters' temporary directories go under $WORK/tmp, so the test sees only its own
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp"

if command -v pandoc >/dev/null && command -v rsvg-convert >/dev/null; then
  for lang in zh en; do
    run "report docx $lang" 0 report --db "$DB" --year 2023 --lang $lang --out "$WORK/r-$lang.docx" "${FAST[@]}"
    run "report json $lang" 0 report --db "$DB" --year 2023 --lang $lang --out "$WORK/r-$lang.json" "${FAST[@]}"
    run "report html $lang" 0 report --db "$DB" --year 2023 --lang $lang --out "$WORK/r-$lang.html" "${FAST[@]}"
    res=$(python3 - "$WORK" "$lang" <<'PY'
import json, re, sys, zipfile, struct, html
w, lang = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(f'{w}/r-{lang}.docx')
doc = z.read('word/document.xml').decode('utf-8')
rep = json.load(open(f'{w}/r-{lang}.json', encoding='utf-8'))
page = open(f'{w}/r-{lang}.html', encoding='utf-8').read()
bad = []
def text(x): return html.unescape(''.join(re.findall(r'<w:t(?: [^>]*)?>([^<]*)</w:t>', x)))
paras = [text(p) for p in re.findall(r'<w:p[ >].*?</w:p>', doc, re.S)]
for s in rep['sections']:
    if s['title'] not in paras: bad.append('section title missing: ' + s['title'])
tables = re.findall(r'<w:tbl>.*?</w:tbl>', doc, re.S)
ntab = sum(len(s['tables']) for s in rep['sections'])
if len(tables) != ntab: bad.append(f'{len(tables)} Word tables, the report has {ntab}')
rows = [[text(c) for c in re.findall(r'<w:tc>.*?</w:tc>', tr, re.S)] for t in tables for tr in re.findall(r'<w:tr[ >].*?</w:tr>', t, re.S)]
targets = rep['tables']['targets']['rows']
if not targets: bad.append('no targets in the JSON report')
for t in targets:
    if not any(len(r) >= 1 and r[0] == t['name'] for r in rows): bad.append('no row for target ' + t['name'])  # the body's table has no code column (codes are in the annex)
media = sorted(n for n in z.namelist() if n.startswith('word/media/'))
nsvg = len(re.findall(r'<svg[ >]', page))
if nsvg < 6: bad.append(f'only {nsvg} figures in the HTML')
if len(media) != nsvg: bad.append(f'{len(media)} images in word/media, {nsvg} SVG figures in the HTML')
for m in media:
    b = z.read(m)
    if not m.endswith('.png') or b[:8] != b'\x89PNG\r\n\x1a\n': bad.append(m + ' is not a PNG'); continue
    wpx, hpx = struct.unpack('>II', b[16:24])
    if wpx < 400 or hpx < 200: bad.append(f'{m} is only {wpx}x{hpx}')
if doc.count('<pic:pic') != nsvg: bad.append(f'{doc.count("<pic:pic")} pictures placed in the text')
styles = z.read('word/styles.xml').decode('utf-8')
if 'w:eastAsiaTheme=' in styles or 'w:eastAsia="Noto Sans CJK SC"' not in styles: bad.append('East Asian font not set')
want = 'zh-CN' if lang == 'zh' else 'en-GB'
if f'w:val="{want}"' not in styles: bad.append('document language is not ' + want)
if lang == 'zh' and 'w:eastAsia="zh-CN"' not in styles: bad.append('East Asian language is not zh-CN')
print('ok' if not bad else '; '.join(bad[:8]))
PY
)
    check "docx $lang read back: $res" test "$res" = ok
  done
  check "no temporary directory left" test -z "$(ls -A "$WORK/tmp")"
  # a missing converter: a clear error naming the Debian package, no output file, no temporary directory left
  if [ -z "${REGIO_WRAP:-}" ]; then
    mkdir -p "$WORK/nobin"
    PATH="$WORK/nobin" TMPDIR="$WORK/tmp" "$REGIO_BIN" report --db "$DB" --year 2023 --lang en --out "$WORK/x.docx" "${FAST[@]}" >"$WORK/out" 2>"$WORK/err"
    check "missing pandoc fails" test $? -eq 1
    check "missing pandoc names the package" contains "$WORK/err" "program pandoc not found: install the Debian package pandoc (scripts/setup.sh does)"
    PATH="$WORK/nobin" TMPDIR="$WORK/tmp" "$REGIO_BIN" report --db "$DB" --year 2023 --lang zh --out "$WORK/x.docx" "${FAST[@]}" >"$WORK/out" 2>"$WORK/err"
    check "missing pandoc, zh message" contains "$WORK/err" "找不到程序 pandoc：请安装 Debian 软件包 pandoc"
    check "no docx written when pandoc is missing" test ! -e "$WORK/x.docx"
    check "temporary directory removed after the failure" test -z "$(ls -A "$WORK/tmp")"
  fi
else
  echo "SKIP docx: pandoc or rsvg-convert not installed (scripts/setup.sh installs them)"
fi

# --out's extension sets the format; a contradicting --format is refused
run "xlsx from the extension" 0 report --db "$DB" --year 2023 --out "$WORK/e.xlsx" "${FAST[@]}"
check "e.xlsx is a workbook" python3 -c "import zipfile,sys; sys.exit(0 if 'xl/workbook.xml' in zipfile.ZipFile('$WORK/e.xlsx').namelist() else 1)"
run "json from the extension" 0 report --db "$DB" --year 2023 --out "$WORK/e.json" "${FAST[@]}"
check "e.json is the JSON report" python3 -c "import json,sys; sys.exit(0 if json.load(open('$WORK/e.json'))['year'] == 2023 else 1)"
run "html from .htm" 0 report --db "$DB" --year 2023 --out "$WORK/e.htm" "${FAST[@]}"
check "e.htm is HTML" contains "$WORK/e.htm" "<!DOCTYPE html>"
run "format contradicts extension" 1 report --db "$DB" --year 2023 --format html --out "$WORK/m.xlsx"
check "mismatch message" contains "$WORK/err" "--format html does not match the extension of $WORK/m.xlsx (xlsx)"
check "nothing written on a mismatch" test ! -e "$WORK/m.xlsx"
run "format contradicts extension, zh" 1 report --db "$DB" --year 2023 --format json --out "$WORK/m.docx" --lang zh
check "mismatch message zh" contains "$WORK/err" "--format json 与输出文件 $WORK/m.docx 的扩展名（docx）不符"
run "unknown extension" 1 report --db "$DB" --year 2023 --out "$WORK/m.pdf"
check "unknown extension message" contains "$WORK/err" "cannot tell the format from the extension of $WORK/m.pdf"
run "unknown extension with --format" 0 report --db "$DB" --year 2023 --out "$WORK/plain.out" --format json "${FAST[@]}"
check "--format json wins for an unknown extension" python3 -c "import json; json.load(open('$WORK/plain.out'))"
run "unknown format" 1 report --db "$DB" --format pdf
check "unknown format message" contains "$WORK/err" "report --format must be html, xlsx, json or docx, not 'pdf'"
run "docx needs --out" 1 report --db "$DB" --format docx
check "docx needs --out message" contains "$WORK/err" "--format docx needs --out FILE"

# --year must lie within the data's years
run "year after the data" 1 report --db "$DB" --year 2030 --out "$WORK/y.html"
check "year 2030 refused" grep -qE -- "--year 2030 is outside the years of the data, [0-9]{4}-2025" "$WORK/err"
check "nothing written for 2030" test ! -e "$WORK/y.html"
run "year before the data, zh" 1 report --db "$DB" --year 1990 --out "$WORK/y.html" --lang zh
check "year 1990 refused (zh)" grep -qE -- "--year 1990 超出数据的年份范围 [0-9]{4}–2025" "$WORK/err"
finish
