// dashboard.test.mjs — the dashboard in a real browser (Debian's chromium through playwright-core, headless):
// starts `regio serve` on a free loopback port over a fresh store built from the Yunnan plan plus a synthetic
// series with gaps (written here, source "synthetic test data"), and checks what a planner sees: the opening view
// has complete coverage, every chart states n / N, trend lines are drawn only over covered years and broken at gaps
// and series breaks, gdp_pc can be chosen at both levels, the LISA map equals `regio spatial`, a county page has its
// series and rank, two counties compare, the exports download (the CSV equals the API's numbers), the print
// layout drops the controls, and the language switch keeps the selection. Every wait is for content, never for
// time. Fails on any console error, page error, failed request or HTTP error status. Screenshots go to
// OUTPUT_DIR/screenshots.
// usage: node dashboard.test.mjs REGIO_BINARY SOURCE_DIR [OUTPUT_DIR]
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [regioArg, srcArg, outArg] = process.argv.slice(2);
const regio = regioArg && path.resolve(regioArg), src = srcArg && path.resolve(srcArg);
if (!regio || !src) { console.error('usage: node dashboard.test.mjs REGIO SOURCE_DIR [OUT_DIR]'); process.exit(2); }
const out = path.resolve(outArg || '.', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const require = createRequire(path.join(src, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'regio-browser-'));
const db = path.join(tmp, 'regio.db');
const wrap = (process.env.REGIO_WRAP || '').split(' ').filter(Boolean);
execFileSync(regio, ['init', '--plan', path.join(src, 'data', 'yunnan'), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });

// Synthetic test data (not real figures): pension_coverage of the 16 prefectures in 2016-2018 and 2020-2021,
// none in 2019 (a gap) and 5 prefectures in 2022 (below the ¾ threshold), so its disparity trend must be drawn as
// 2016-2018 and 2020-2021, never joined across 2019, and leave 2022 out unless the threshold is lowered.
const PREFS = ['530100', '530300', '530400', '530500', '530600', '530700', '530800', '530900', '532300', '532500', '532600',
               '532800', '532900', '533100', '533300', '533400'];
const synth = ['region,indicator,year,value,source'];
PREFS.forEach((code, i) => {
  for (const y of [2016, 2017, 2018, 2020, 2021]) synth.push(`${code},pension_coverage,${y},${(80 + i * 0.7 + (y - 2016) * 1.1).toFixed(1)},synthetic test data`);
  if (i < 5) synth.push(`${code},pension_coverage,2022,${(88 + i).toFixed(1)},synthetic test data`);
});
// ... and of one county (五华区, 530102) in every year 2015-2023, for a county page with a 2015-2023 series
const COUNTY = '530102';
for (let y = 2015; y <= 2023; y++) synth.push(`${COUNTY},pension_coverage,${y},${(78 + (y - 2015) * 1.3).toFixed(1)},synthetic test data`);
fs.writeFileSync(path.join(tmp, 'synthetic_gaps.csv'), synth.join('\n') + '\n');
execFileSync(regio, ['import', path.join(tmp, 'synthetic_gaps.csv'), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });

// a stand-in report file (the real one is `regio report --out`), to check that /report serves the file given
const reportFile = path.join(tmp, 'report.html');
fs.writeFileSync(reportFile, '<!doctype html><title>stand-in report for the browser test</title><p>stand-in</p>\n');

const problems = [];
const check = (ok, msg) => { if (!ok) problems.push(msg); };
let server, context;
// a guard against a hang only (the ASan build on a loaded machine takes ~3 minutes); every wait below is for content
const deadline = setTimeout(() => { console.error('FAIL: timed out'); cleanup().finally(() => process.exit(1)); }, 400000);

// stops the server and checks that it stopped cleanly (under ASan a leak or an error makes the exit status non-zero)
async function cleanup() {
  if (context) await context.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
    server.kill('SIGTERM');
    const status = await exited;
    if (status !== 0) problems.push(`regio serve stopped with status ${status}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

function startServer() {
  return new Promise((resolve, reject) => {
    const args = ['serve', '--db', db, '--port', '0', '--bind', '127.0.0.1', '--web', path.join(src, 'web'), '--threads', '2',
                  '--schemes', path.join(src, 'data', 'yunnan', 'evaluation'), '--report', reportFile];
    server = wrap.length ? spawn(wrap[0], [...wrap.slice(1), regio, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
                         : spawn(regio, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    server.stdout.on('data', (d) => { buf += d; const m = buf.match(/^(\d+)\n/); if (m) resolve(Number(m[1])); });
    server.stderr.on('data', (d) => process.stderr.write(`[serve] ${d}`));
    server.on('exit', (code) => reject(new Error(`regio serve exited with ${code}`)));
  });
}

// the page counts each finished refresh in body[data-ready]
async function ready(page, since) {
  await page.waitForFunction((s) => Number(document.body.dataset.ready || 0) > s, since, { timeout: 30000 });
  return page.evaluate(() => Number(document.body.dataset.ready));
}
// a panel alone (the pictures in docs/serve.md)
const shot = (page, sel, name) => page.locator(sel).screenshot({ path: path.join(out, name) });
const data = (page, sel) => page.locator(sel).evaluate((el) => ({ ...el.dataset }));

// what the disparity chart must draw, worked out here from the API alone: years with n >= ceil(p·N), runs broken
// at a year left out and at a declared break
function expectedRuns(disp, cov, threshold) {
  const minN = Math.max(2, Math.ceil(threshold * cov.units - 1e-9));
  const drawn = new Set(disp.years.filter((y) => y.n >= minN).map((y) => y.year));
  const all = [...disp.years.map((y) => y.year), ...disp.skipped.map((y) => y.year)];
  const breaks = cov.breaks.map((b) => b.year);
  const runs = [];
  let cur = null;
  for (let y = Math.min(...all); y <= Math.max(...all); y++) {
    if (!drawn.has(y)) { cur = null; continue; }
    if (cur && breaks.includes(y)) cur = null;
    if (!cur) { cur = [y, y]; runs.push(cur); } else cur[1] = y;
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

// the values of the chart's series at each x position, per series: no series may hold values on both sides of
// a year it skips (a joined line)
async function seriesData(page, sel) {
  return page.locator(sel).evaluate((el) => echarts.getInstanceByDom(el).getOption().series.filter((s) => s.type === 'line')
    .map((s) => ({ name: s.name, data: s.data.map((v) => (v === null || v === undefined ? null : Number(v))) })));
}

try {
  const port = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const getJSON = async (p) => (await fetch(base + p)).json();
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 1000 }, acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.stack || e.message}`));
  page.on('requestfailed', (r) => { if (!r.url().startsWith('blob:')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`outside request: ${u}`); });

  const inds = await getJSON('/api/v1/indicators');
  const byCode = Object.fromEntries(inds.map((i) => [i.code, i]));

  // 1. the opening view: the best coverage at the level (complete: every prefecture), stated as n / N
  await page.goto(base + '/', { waitUntil: 'load', timeout: 20000 });
  let t = await ready(page, 0);
  const map0 = await data(page, '#map');
  check(Number(map0.units) === 16 && Number(map0.n) === 16, `opening map coverage is ${map0.n}/${map0.units}, expected 16/16`);
  const title0 = await page.textContent('#map-title');
  check(/n = 16\/16/.test(title0), `the map title does not state n / N: ${title0}`);
  const ind0 = await page.inputValue('#indicator'), year0 = Number(await page.inputValue('#year'));
  const best = Math.max(...inds.flatMap((i) => i.levels.prefecture.coverage.map((c) => c.complete)));
  const c0 = byCode[ind0].levels.prefecture.coverage.find((c) => c.year === year0);
  check(c0 && c0.complete === best && best === 16, `opening view ${ind0} ${year0} is not one with the best coverage (${c0?.complete} vs ${best})`);
  check(!byCode[ind0].levels.prefecture.coverage.some((c) => c.complete === 16 && c.year > year0),
        `opening year ${year0} of ${ind0} is not the latest with complete coverage`);
  const rows = await page.locator('#targets tbody tr').count();
  check(rows > 3, 'the target board is empty');
  // the plan's three 2020 baselines (pension, medical insurance, life expectancy) are monitored, not targets
  check(await page.locator('#targets tbody tr.row-monitored').count() === 3, 'expected 3 monitored indicators on the board');
  const unitCells = await page.locator('#targets tbody tr.row-grey td:nth-child(3)').allTextContents();
  check(unitCells.length && unitCells.every((u) => u.trim().length > 0), 'a target row has no unit');
  // grey targets list the data that would settle them: the same cells as `regio needs`
  const cliNeeds = JSON.parse(execFileSync(regio, ['needs', '--format', 'json', '--db', db, '--lang', 'zh'], { encoding: 'utf8' }));
  const boardNeeds = await page.locator('#targets tbody tr.row-grey').evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.code, Number(tr.querySelector('details.needs')?.dataset.cells ?? -1)]));
  const cliCells = Object.fromEntries(cliNeeds.items.filter((x) => x.type === 'target').map((x) => [x.code, x.cells.length]));
  check(boardNeeds.length > 0 && boardNeeds.every(([c, n]) => cliCells[c] === n),
        `the board's missing values differ from regio needs: ${JSON.stringify(boardNeeds)} vs ${JSON.stringify(cliCells)}`);
  const [tpl] = await Promise.all([page.waitForEvent('download'), page.click('#needs-xlsx')]);
  const tplFile = path.join(tmp, 'template.xlsx');
  await tpl.saveAs(tplFile);
  check(fs.readFileSync(tplFile).subarray(0, 2).toString() === 'PK', 'the needs template is not an XLSX file');
  const [tplCsv] = await Promise.all([page.waitForEvent('download'), page.click('#needs-csv')]);
  await tplCsv.saveAs(path.join(tmp, 'template.csv'));
  const tplLines = fs.readFileSync(path.join(tmp, 'template.csv'), 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const cliDistinct = new Set(cliNeeds.items.flatMap((x) => x.cells.map((c) => `${c.region},${c.indicator},${c.year}`)));
  check(tplLines.length - 1 === cliDistinct.size, `the CSV template has ${tplLines.length - 1} rows, regio needs ${cliDistinct.size} distinct cells`);
  // the report link
  check(await page.isVisible('#report-link'), 'no link to the report');
  const rep = await (await fetch(base + (await page.getAttribute('#report-link', 'href')))).text();
  check(rep === fs.readFileSync(reportFile, 'utf8'), 'the report link does not serve the report file');
  await page.screenshot({ path: path.join(out, '01-start.png'), fullPage: true });
  await shot(page, '#map-panel', 'dashboard-map.png');
  await shot(page, '#disparity-panel', 'dashboard-disparity-gdp_pc.png');
  await shot(page, '#targets-panel', 'dashboard-targets.png');

  // 2. GDP is a total: its disparity trend is measured on gdp_pc, over the years with ≥ 12 of 16 prefectures,
  // broken at the 2019 economic-census and 2020 population-census breaks
  if (ind0 === 'gdp') {
    const d = await data(page, '#disparity');
    check(d.indicator === 'gdp_pc', `the disparity of GDP (a total) is measured on ${d.indicator}, expected gdp_pc`);
    const disp = await getJSON('/api/v1/disparity?indicator=gdp_pc&level=prefecture&years=2015:2024');
    const want = expectedRuns(disp, byCode.gdp_pc.levels.prefecture, 0.75);
    check(d.runs === want, `gdp_pc disparity runs ${d.runs}, expected ${want}`);
    check(d.breaks === '2019,2020', `gdp_pc breaks marked ${d.breaks}, expected 2019,2020`);
    check(/2022:4\/16/.test(d.left), `2022 (4 of 16 prefectures) is not left out: ${d.left}`);
  } else problems.push(`the opening indicator is ${ind0}, the test expects gdp (the first with complete 2022 coverage)`);

  // 3. the synthetic series with a gap: broken at 2019, 2022 left out at ¾ and drawn at 25 %
  await page.selectOption('#indicator', 'pension_coverage');
  t = await ready(page, t);
  let d = await data(page, '#disparity');
  check(d.indicator === 'pension_coverage', `disparity indicator ${d.indicator}`);
  check(d.runs === '2016-2018,2020-2021', `synthetic gaps: runs ${d.runs}, expected 2016-2018,2020-2021`);
  check(/2019:0\/16/.test(d.left) && /2022:5\/16/.test(d.left), `synthetic gaps: years left out ${d.left}`);
  for (const s of await seriesData(page, '#disparity')) {
    const idx = (y) => y - 2016;
    check(!(s.data[idx(2018)] !== null && s.data[idx(2020)] !== null), `series ${s.name} joins 2018 and 2020 across the gap`);
    check(s.data[idx(2019)] === null && s.data[idx(2022)] === null, `series ${s.name} has a value for 2019 or 2022`);
  }
  check(/2019 \(0\/16\)/.test(await page.textContent('#disparity-note')), 'the disparity note does not list 2019 (0/16)');
  await page.screenshot({ path: path.join(out, '02-gaps-broken.png'), fullPage: true });
  await shot(page, '#disparity-panel', 'dashboard-disparity-gaps.png');
  await page.fill('#threshold', '25');
  await page.locator('#threshold').dispatchEvent('change');
  t = await ready(page, t);
  d = await data(page, '#disparity');
  check(d.runs === '2016-2018,2020-2022', `threshold 25 %: runs ${d.runs}, expected 2016-2018,2020-2022`);
  await page.fill('#threshold', '75');
  await page.locator('#threshold').dispatchEvent('change');
  t = await ready(page, t);
  // a county page with its series 2015-2023 (the synthetic county series): one run, in the chart and the table
  await page.goto(`${base}/#lang=zh&indicator=pension_coverage&level=prefecture&year=2021&region=${COUNTY}&series=pension_coverage`, { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
  t = await ready(page, 0);
  check(await page.getAttribute('#region-panel', 'data-loaded') === COUNTY, `the county page ${COUNTY} is not open`);
  const cs = await data(page, '#region-chart');
  check(cs.indicator === 'pension_coverage' && cs.runs.startsWith(`${COUNTY}=2015-2023`), `the county's series runs ${cs.runs}, expected ${COUNTY}=2015-2023`);
  const cSpark = await page.locator('#region-indicators tbody tr[data-code="pension_coverage"] svg.spark').getAttribute('data-runs');
  check(cSpark === '2015-2023', `the county's pension_coverage sparkline runs ${cSpark}, expected 2015-2023`);
  const cLine = (await seriesData(page, '#region-chart')).filter((x) => x.data.filter((v) => v !== null).length === 9);
  check(cLine.length === 1 && cLine[0].data.slice(0, 9).every((v, k) => Math.abs(v - (78 + k * 1.3)) < 1e-9),
        `the county's line does not hold the nine values 2015-2023: ${JSON.stringify(cLine)}`);
  await shot(page, '#region-panel', 'dashboard-county-series.png');
  await page.click('#region-close');
  // the synthetic series leaves again (regio undo of its batch, seen by the running server at once), so that the
  // rest of the test and its pictures show the shipped data only
  const batches = JSON.parse(execFileSync(regio, ['batches', '--format', 'json', '--db', db], { encoding: 'utf8' }));
  const synthBatch = batches.find((b) => b.file.endsWith('synthetic_gaps.csv'));
  execFileSync(regio, ['undo', String(synthBatch.batch), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
  await page.reload({ waitUntil: 'load' });
  t = await ready(page, 0);
  const penCov = (await getJSON('/api/v1/indicators')).find((i) => i.code === 'pension_coverage').levels.prefecture.coverage;
  check(penCov.length === 0, `pension_coverage still has prefecture data after the undo: ${JSON.stringify(penCov)}`);
  check(!(await page.locator('#indicator option').evaluateAll((os) => os.map((o) => o.value))).includes('pension_coverage'),
        'pension_coverage is still offered at prefecture level after the undo');

  // 4. gdp_pc (computed, no stored row) is selectable at prefecture and county level, with its coverage
  for (const level of ['prefecture', 'county']) {
    if (level === 'county') { await page.selectOption('#level', 'county'); t = await ready(page, t); }
    const opts = await page.locator('#indicator option').evaluateAll((os) => os.map((o) => o.value));
    check(opts.includes('gdp_pc') && opts.includes('secondary_share') && opts.includes('beds_per_1000'), `${level}: computed indicators missing from the list`);
    await page.selectOption('#indicator', 'gdp_pc');
    t = await ready(page, t);
    const m = await data(page, '#map');
    const want = Math.max(...byCode.gdp_pc.levels[level].coverage.map((c) => c.complete));
    check(Number(m.n) === want && Number(m.units) === byCode.gdp_pc.levels[level].units, `${level} gdp_pc map ${m.n}/${m.units}, expected ${want}`);
  }
  const dc = await data(page, '#disparity');
  check(dc.level === 'county', `disparity at county level measures ${dc.level}`);
  await page.screenshot({ path: path.join(out, '03-county-gdp_pc.png'), fullPage: true });

  // 5. LISA and Gi* maps of gdp_pc 2020 at prefecture level equal `regio spatial` with the same permutations and seed
  await page.selectOption('#level', 'prefecture');
  t = await ready(page, t);
  await page.selectOption('#indicator', 'gdp_pc');
  t = await ready(page, t);
  await page.selectOption('#year', '2020');
  t = await ready(page, t);
  await page.selectOption('#mode', 'lisa');
  t = await ready(page, t);
  const lm = await data(page, '#map');
  const cli = JSON.parse(execFileSync(regio, ['spatial', 'gdp_pc', '--year', '2020', '--level', 'prefecture', '--permutations', '999',
                                              '--seed', '12345', '--format', 'json', '--db', db, '--lang', 'en'], { encoding: 'utf8' }));
  const cliLocal = (cli.local || cli.years?.[0]?.local || []);
  const cliClusters = cliLocal.map((u) => `${u.id}:${u.cluster}`).sort().join(',');
  check(cliClusters.length > 0 && lm.clusters.split(',').sort().join(',') === cliClusters, `LISA clusters differ from regio spatial:\n  map ${lm.clusters}\n  cli ${cliClusters}`);
  check(lm.permutations === '999' && lm.seed === '12345', `LISA permutations/seed shown as ${lm.permutations}/${lm.seed}`);
  const note = await page.textContent('#map-note');
  check(/999/.test(note) && /12345/.test(note), `the LISA note does not state permutations and seed: ${note}`);
  await page.screenshot({ path: path.join(out, '04-lisa.png'), fullPage: true });
  await shot(page, '#map-panel', 'dashboard-lisa.png');
  await page.selectOption('#mode', 'gistar');
  t = await ready(page, t);
  const gm = await data(page, '#map');
  check(gm.mode === 'gistar' && gm.clusters.split(',').length === 16, `Gi* map: ${gm.clusters}`);
  await page.screenshot({ path: path.join(out, '05-gistar.png'), fullPage: true });
  await shot(page, '#map-panel', 'dashboard-gistar.png');
  // the county LISA map (120 counties with gdp_pc 2020), for the picture in docs/serve.md
  await page.selectOption('#mode', 'lisa');
  t = await ready(page, t);
  await page.selectOption('#level', 'county');
  t = await ready(page, t);
  const lc = await data(page, '#map');
  check(lc.clusters.split(',').length === 120, `county LISA map has ${lc.clusters.split(',').length} units, expected 120`);
  await shot(page, '#map-panel', 'dashboard-lisa-county.png');
  await page.selectOption('#level', 'prefecture');
  t = await ready(page, t);
  await page.selectOption('#indicator', 'gdp_pc');
  t = await ready(page, t);
  await page.selectOption('#year', '2020');
  t = await ready(page, t);
  await page.selectOption('#mode', 'value');
  t = await ready(page, t);

  // 6. exports of the map view: the CSV equals the API's numbers; XLSX, PNG and SVG download as such files
  const apiMap = await getJSON('/api/v1/map?indicator=gdp_pc&year=2020&level=prefecture&lang=zh');
  const download = async (kind) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`#map-panel button[data-export="${kind}"]`)]);
    const file = path.join(tmp, dl.suggestedFilename());
    await dl.saveAs(file);
    return fs.readFileSync(file);
  };
  const csv = (await download('csv')).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);
  check(csv[0] === 'code,name,indicator,year,value,unit,origin,complete,partial,members_used,members', `CSV header ${csv[0]}`);
  const csvVals = Object.fromEntries(csv.slice(1).map((l) => { const f = l.split(','); return [f[0], f[4] === '' ? null : Number(f[4])]; }));
  check(csv.length - 1 === apiMap.values.length && apiMap.values.every((v) => csvVals[v.code] === v.value), 'the CSV does not equal /api/v1/map');
  const xlsx = await download('xlsx');
  check(xlsx.subarray(0, 2).toString() === 'PK' && xlsx.length > 1000, `XLSX download is not a zip (${xlsx.length} bytes)`);
  const png = await download('png');
  check(png.subarray(1, 4).toString() === 'PNG', 'PNG download is not a PNG');
  const svg = (await download('svg')).toString('utf8');
  check(/^<svg/.test(svg) && /<path/.test(svg), 'SVG download is not an SVG drawing');

  // 7. a county page: click the map until one opens, then wait for its content (series, rank within the zone type)
  await page.selectOption('#level', 'county');
  t = await ready(page, t);
  // one click at the middle of the map (a county of central Yunnan), then wait for the page to load: one request
  // in flight, so the page read is the one clicked (trying other points on a timer raced two page loads)
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.waitForSelector('#region-panel[data-loaded]', { timeout: 60000 }).catch(() => {});
  const county = await page.getAttribute('#region-panel', 'data-loaded');
  check(/^\d{6}$/.test(county || ''), `no county page opened (${county})`);
  const regionTitle = await page.textContent('#region-title');
  const countyName = (await getJSON(`/api/v1/regions/${county}?lang=zh`)).name;
  check(regionTitle.startsWith(countyName), `county page title ${regionTitle} does not start with its name ${countyName}`);
  await page.waitForFunction(() => /\d+\/\d+/.test(document.getElementById('region-eval').textContent), null, { timeout: 30000 })
    .catch(() => problems.push(`the county page shows no rank within its zone type: ${regionTitle}`));
  const evalText = await page.textContent('#region-eval');
  check(/\d+\/\d+/.test(evalText) && /90%/.test(evalText), `rank within the zone type without interval: ${evalText}`);
  const groupsText = await page.textContent('#region-groups');
  const names = groupsText.replace(/^.*?:|^.*?：/, '').split(/、/).map((s) => s.trim()).filter(Boolean);
  check(new Set(names).size === names.length, `a group is listed twice: ${groupsText}`);
  const rc = await data(page, '#region-chart');
  check(rc.runs && rc.runs.split(';').length >= 2, `the county chart has no comparison series: ${rc.runs}`);
  await page.screenshot({ path: path.join(out, '06-county-page.png'), fullPage: true });

  // 8. the county beside another one with a complete gdp_pc 2020: both in the table, the other's bar drawn
  await page.click('#region-compare');
  t = await ready(page, t);
  const cmap = await getJSON('/api/v1/map?indicator=gdp_pc&year=2020&level=county');
  const other = cmap.values.find((v) => v.complete && v.value !== null && v.code !== county).code;
  await page.selectOption('#compare-add', other);
  t = await ready(page, t);
  await page.waitForSelector('#compare-panel[data-loaded="2"]', { timeout: 20000 });
  const heads = await page.locator('#compare-table thead th').allTextContents();
  check(heads.length === 3, `compare table has ${heads.length} header cells, expected 3`);
  const bars = await page.locator('#compare-chart').evaluate((el) => echarts.getInstanceByDom(el).getOption().series.map((x) => [x.type, x.data]));
  const otherValue = cmap.values.find((v) => v.code === other).value;
  check(bars.length === 1 && bars[0][0] === 'bar' && bars[0][1][1] === otherValue, `compare bars ${JSON.stringify(bars)}, expected ${other}'s ${otherValue}`);
  await page.screenshot({ path: path.join(out, '07-compare.png'), fullPage: true });
  await shot(page, '#compare-panel', 'dashboard-compare.png');

  // 9. English keeps the selection (indicator, level, year, county page, comparison)
  const before = { ind: await page.inputValue('#indicator'), level: await page.inputValue('#level'), year: await page.inputValue('#year') };
  await page.click('#lang');
  t = await ready(page, t);
  const h1 = await page.textContent('h1');
  check(/Yunnan/.test(h1), `language switch did not change the title: ${h1}`);
  const after = { ind: await page.inputValue('#indicator'), level: await page.inputValue('#level'), year: await page.inputValue('#year') };
  check(JSON.stringify(before) === JSON.stringify(after), `the language switch lost the selection: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  check(await page.getAttribute('#region-panel', 'data-loaded') === county, 'the language switch closed the county page');
  const enName = (await getJSON(`/api/v1/regions/${county}?lang=en`)).name;
  check((await page.textContent('#region-title')).startsWith(enName), 'the county page is not in English');
  check(await page.locator('#compare-table thead th').count() === 3, 'the language switch lost the comparison');
  await page.screenshot({ path: path.join(out, '08-english.png'), fullPage: true });

  // 10. a prefecture's page from a link: 昆明's GDP from 2015 on, with the province and its block, broken at the
  // 2019 economic-census break; the runs match /series (complete values, breaks)
  await page.goto(`${base}/#lang=zh&indicator=gdp&level=prefecture&year=2022&region=530100&series=gdp`, { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#region-panel[data-loaded="530100"]', { timeout: 30000 });
  const km = await data(page, '#region-chart');
  const ser = await getJSON('/api/v1/series?units=530100&indicator=gdp');
  const kv = ser.units[0].series.gdp;
  const kDrawn = new Set(kv.values.filter((v) => v.complete).map((v) => v.year));
  let kRuns = [], cur = null;
  for (let y = Math.min(...kv.values.map((v) => v.year)); y <= Math.max(...kv.values.map((v) => v.year)); y++) {
    if (!kDrawn.has(y)) { cur = null; continue; }
    if (cur && kv.breaks.includes(y)) cur = null;
    if (!cur) { cur = [y, y]; kRuns.push(cur); } else cur[1] = y;
  }
  kRuns = kRuns.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
  check(km.indicator === 'gdp' && km.runs.startsWith(`530100=${kRuns};530000=`), `昆明 GDP chart runs ${km.runs}, expected 530100=${kRuns};…`);
  check(kRuns.startsWith('2015-2018,2019'), `昆明 GDP is not a series from 2015 broken at 2019: ${kRuns}`);
  check(/dianzhong=/.test(km.runs), `昆明's block is not on its chart: ${km.runs}`);
  const spark = await page.locator('#region-indicators tbody tr[data-code="gdp"] svg.spark').getAttribute('data-runs');
  check(spark === kRuns, `the table's gdp sparkline runs ${spark}, expected ${kRuns}`);
  await page.screenshot({ path: path.join(out, '09-prefecture-page.png'), fullPage: true });
  await shot(page, '#region-panel', 'dashboard-region.png');

  // 10b. a value computed from some members only is never shown as the region's: 昆明's GDP of 2023 comes from one of
  // its 14 counties — the map hatches it and gives no value, the page shows 2022's published figure and says so
  await page.goto(`${base}/#lang=zh&indicator=gdp&level=prefecture&year=2023&region=530100&series=gdp`, { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
  t = await ready(page, 0);
  const m23 = await getJSON('/api/v1/map?indicator=gdp&year=2023&level=prefecture');
  const part23 = m23.values.filter((v) => v.partial);
  check(part23.some((v) => v.code === '530100' && v.members_used === 1 && v.members === 14) && part23.every((v) => v.value === null),
        `/map gives 昆明's partial 2023 GDP as a value: ${JSON.stringify(part23)}`);
  const drawnMap = await page.locator('#map').evaluate((el) => echarts.getInstanceByDom(el).getOption().series[0].data
    .map((x) => ({ code: x.name, value: x.value ?? null, partial: Boolean(x.partial) })));
  const hatched = drawnMap.filter((x) => x.partial).map((x) => x.code).sort().join(',');
  check(hatched === part23.map((v) => v.code).sort().join(',') && drawnMap.filter((x) => x.partial).every((x) => x.value === null),
        `hatched units ${hatched}, partial in /map ${part23.map((v) => v.code).join(',')}`);
  const md = await data(page, '#map');
  check(Number(md.partial) === part23.length && Number(md.n) === m23.coverage.with_value, `map n ${md.n} partial ${md.partial}, /map ${JSON.stringify(m23.coverage)}`);
  check((await page.textContent('#map-note')).includes(`${part23.length} 个单元只有由部分成员算得的值`), 'the map note does not say which values are partial');
  check((await page.textContent('#map-title')).includes(`n = ${m23.coverage.with_value}/16`), 'the map title does not count complete values only');
  const km23 = (await getJSON('/api/v1/regions/530100?year=2023')).indicators.find((i) => i.code === 'gdp');
  check(km23.year === 2022 && km23.complete && km23.partial && km23.partial.year === 2023 && km23.partial.members_used === 1,
        `/regions/530100 gdp: ${JSON.stringify(km23)}`);
  const gdpRow = page.locator('#region-indicators tbody tr[data-code="gdp"]');
  check((await gdpRow.locator('td:nth-child(2)').textContent()) === '2022', 'the page does not show 昆明 GDP of 2022, its latest complete year');
  check((await gdpRow.locator('.tag').getAttribute('data-partial')) === '2023', 'the page does not say 2023 is partial');
  check((await gdpRow.locator('td:nth-child(3)').textContent()).startsWith(km23.value.toLocaleString('zh-CN', { maximumFractionDigits: 2 })),
        'the page shows another value than 2022\'s');
  await shot(page, '#map-panel', 'dashboard-partial.png');

  // 11. print: A4 without controls
  await page.emulateMedia({ media: 'print' });
  // the charts are laid out at the stylesheet's A4 size (180 mm × 110 mm at 96 px per inch), not cut at the screen's
  await page.waitForFunction(() => { const c = echarts.getInstanceByDom(document.getElementById('map')); return c.getWidth() === 680 && c.getHeight() === 416; },
                             null, { timeout: 30000 }).catch(() => problems.push('the map is not laid out at its print size'));
  const hidden = await page.evaluate(() => ['.controls', '.export'].every((s) => getComputedStyle(document.querySelector(s)).display === 'none'));
  check(hidden, 'the print layout still shows the controls');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  check(pdf.subarray(0, 4).toString() === '%PDF', 'printing to PDF failed');
  // the stylesheet's page is A4 (595 x 842 pt), and nothing is cut at its right edge: the last column of the board
  // and the footer are in the PDF's text (poppler-utils, installed by scripts/setup.sh)
  const pdfFile = path.join(out, 'dashboard-print.pdf');
  fs.writeFileSync(pdfFile, pdf);
  const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
  const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
  check(size && Math.abs(Number(size[1]) - 595.3) < 1 && Math.abs(Number(size[2]) - 841.9) < 1, `the print page is not A4: ${size && size[0]}`);
  const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
  check(['尚缺的数据', '数据与计算', '区域差异趋势', '规划目标预警'].every((w) => pdfText.includes(w)), 'the printed page lacks the board\'s last column, a panel or the footer');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfFile, path.join(out, 'dashboard-print')]);
  await page.screenshot({ path: path.join(out, '10-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
} catch (e) {
  problems.push(`test error: ${e.stack || e}`);
} finally {
  clearTimeout(deadline);
  await cleanup();
}
if (problems.length) {
  console.error('FAIL\n' + problems.join('\n'));
  process.exit(1);
}
console.log(`ok: coverage-honest opening view, broken trends, gdp_pc at both levels, LISA = regio spatial, exports, county page, comparison, language, print; screenshots in ${out}`);
