// dashboard.test.mjs — the dashboard in a real browser (Debian's chromium through playwright-core, headless):
// starts `regio serve` on a free loopback port over a fresh store built from the Yunnan plan, loads the page,
// switches indicator, year, level and language, opens a county page, and saves screenshots to the build dir.
// Fails on any console error, page error, failed request or HTTP error status.
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
execFileSync(regio, ['init', '--plan', path.join(src, 'data', 'yunnan'), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });

const problems = [];
let server, context;
const deadline = setTimeout(() => { console.error('FAIL: timed out'); cleanup().finally(() => process.exit(1)); }, 120000);

async function cleanup() {
  if (context) await context.close().catch(() => {});
  if (server && server.exitCode === null) server.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(regio, ['serve', '--db', db, '--port', '0', '--bind', '127.0.0.1', '--web', path.join(src, 'web'), '--threads', '2',
                           '--schemes', path.join(src, 'data', 'yunnan', 'evaluation')],
                   { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    server.stdout.on('data', (d) => { buf += d; const m = buf.match(/^(\d+)\n/); if (m) resolve(Number(m[1])); });
    server.stderr.on('data', (d) => process.stderr.write(`[serve] ${d}`));
    server.on('exit', (code) => reject(new Error(`regio serve exited with ${code}`)));
  });
}

async function ready(page, since) {
  await page.waitForFunction((s) => Number(document.body.dataset.ready || 0) > s, since, { timeout: 20000 });
  return page.evaluate(() => Number(document.body.dataset.ready));
}

try {
  const port = await startServer();
  const base = `http://127.0.0.1:${port}`;
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`outside request: ${r.url()}`); });

  await page.goto(base + '/', { waitUntil: 'load', timeout: 20000 });
  let t = await ready(page, 0);
  const rows = await page.locator('#targets tbody tr').count();
  if (rows < 1) problems.push('the target board is empty');
  // the plan's three 2020 baselines (pension, medical insurance, life expectancy) are monitored, not targets
  const monitored = await page.locator('#targets tbody tr.row-monitored').count();
  if (monitored !== 3) problems.push(`expected 3 monitored indicators on the board, found ${monitored}`);
  if (!(await page.locator('#map canvas').count())) problems.push('no map canvas');
  await page.screenshot({ path: path.join(out, '01-start.png'), fullPage: true });

  // another indicator
  const options = await page.locator('#indicator option').evaluateAll((os) => os.map((o) => o.value));
  const other = options.find((v) => v === 'pop') || options[1];
  await page.selectOption('#indicator', other);
  t = await ready(page, t);
  // an earlier year
  const min = Number(await page.locator('#year').getAttribute('min'));
  await page.locator('#year').evaluate((el, y) => { el.value = String(y); el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, min);
  t = await ready(page, t);
  const title = await page.textContent('#map-title');
  if (!title.includes(String(min))) problems.push(`map title does not show the year ${min}: ${title}`);
  await page.screenshot({ path: path.join(out, '02-indicator-year.png'), fullPage: true });

  // counties, in English
  await page.selectOption('#indicator', 'gdp');
  t = await ready(page, t);
  await page.selectOption('#level', 'county');
  t = await ready(page, t);
  await page.click('#lang');
  t = await ready(page, t);
  const h1 = await page.textContent('h1');
  if (!/Yunnan/.test(h1)) problems.push(`language switch did not change the title: ${h1}`);
  await page.screenshot({ path: path.join(out, '03-county-english.png'), fullPage: true });

  // a county page: click the map near its middle (some county is always there)
  const box = await page.locator('#map').boundingBox();
  for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.45], [0.55, 0.55], [0.4, 0.6]]) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    try { await page.waitForSelector('#region-panel:not([hidden])', { timeout: 3000 }); break; } catch { /* try another point */ }
  }
  await page.waitForSelector('#region-indicators tbody tr', { timeout: 10000 });
  const regionTitle = await page.textContent('#region-title');
  if (!/\(\d{6}\)|（\d{6}）/.test(regionTitle)) problems.push(`county page title: ${regionTitle}`);
  const nind = await page.locator('#region-indicators tbody tr').count();
  if (nind < 1) problems.push('the county page lists no indicators');
  const evalText = await page.textContent('#region-eval');
  if (!/\d+\/\d+/.test(evalText)) problems.push(`the county page shows no rank within its zone type: ${evalText}`);
  await page.screenshot({ path: path.join(out, '04-county-page.png'), fullPage: true });

  // back to Chinese with the page open
  await page.click('#lang');
  t = await ready(page, t);
  await page.screenshot({ path: path.join(out, '05-county-page-zh.png'), fullPage: true });
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
console.log(`ok: dashboard loaded, switched indicator, year, level and language, opened a county page; screenshots in ${out}`);
