/* app.js — the regio dashboard. Everything shown comes from /api/v1 (the same library functions as the CLI);
 * this file only asks, lays out and draws: the choropleth (ECharts map of the outlines stored at `regio init`),
 * the region page, disparity trends and the target board, in Chinese or English. */
'use strict';

const UI = {
  zh: { title: '云南区域协调发展监测', indicator: '指标', level: '层级', prefecture: '州市', county: '县（市、区）', year: '年份',
        close: '关闭', indicators: '指标', value: '数值', rank: '排名', targets: '相关目标', disparity: '区域差异趋势（州市）',
        board: '规划目标预警', target: '目标', scope: '范围', latest: '最新', goal: '目标值', status: '评估', warning: '预警',
        footer: '数据与计算：regio（与命令行同一套函数）', nodata: '该指标在此层级、此年份没有数据', coverage: '有数据的单元',
        groups: '所属组', evaluation: '分类综合评价', rankIn: '类型内排名', score: '得分', provisional: '功能区类型为暂定规则', monitored: '监测指标（无量化目标，按变化趋势评价）', nogoal: '无量化目标', nodisp: '无法计算差异', click: '点击地图上的地区查看详情', among: '名', of: '共', switchTo: 'English' },
  en: { title: 'Yunnan regional development monitor', indicator: 'Indicator', level: 'Level', prefecture: 'Prefectures',
        county: 'Counties', year: 'Year', close: 'Close', indicators: 'Indicators', value: 'Value', rank: 'Rank',
        targets: 'Targets that apply', disparity: 'Disparity trends (prefectures)', board: 'Plan targets: early warning',
        target: 'Target', scope: 'Scope', latest: 'Latest', goal: 'Target value', status: 'Assessment', warning: 'Warning',
        footer: 'Data and computations: regio (the same functions as the command line)', nodata: 'No data for this indicator at this level in this year',
        coverage: 'units with data', groups: 'Groups', evaluation: 'Classified evaluation', rankIn: 'rank within the type',
        score: 'score', provisional: 'zone types by the provisional rule',
        monitored: 'Monitored indicators (no quantified target: judged on the trend)', nogoal: 'no quantified target', nodisp: 'Disparity cannot be computed', click: 'Click a region on the map for its page',
        among: '', of: 'of', switchTo: '中文' },
};

const state = { lang: 'zh', indicators: [], indicator: null, level: 'prefecture', year: null, region: null, maps: {}, evaluation: false };
const $ = (id) => document.getElementById(id);
const t = (k) => UI[state.lang][k] || k;

async function api(path, params = {}) {
  const q = new URLSearchParams({ ...params, lang: state.lang });
  const res = await fetch(`/api/v1/${path}?${q}`);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
  return body;
}

function fmt(v, d = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return Number(v).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: d });
}

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function applyLabels() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $('lang').textContent = t('switchTo');
  document.title = t('title');
}

const mapChart = echarts.init($('map'));
const dispChart = echarts.init($('disparity'));
window.addEventListener('resize', () => { mapChart.resize(); dispChart.resize(); });

async function loadGeometry(level) {
  if (state.maps[level]) return;
  const res = await fetch(`/api/v1/geometry?level=${level}`);
  const geo = await res.json();
  echarts.registerMap(`yn-${level}`, geo);
  state.maps[level] = geo;
}

async function loadIndicators() {
  state.indicators = await api('indicators');
  const sel = $('indicator');
  const keep = state.indicator;
  sel.innerHTML = '';
  for (const ind of state.indicators) {
    if (!ind.years.length) continue;
    const o = document.createElement('option');
    o.value = ind.code;
    o.textContent = `${ind.name} (${ind.unit})`;
    sel.appendChild(o);
  }
  state.indicator = keep && [...sel.options].some((o) => o.value === keep) ? keep : sel.options[0]?.value;
  sel.value = state.indicator;
}

// the years with observations at the map's level (a prefecture's value may also be computed from its counties,
// so prefecture maps offer every year with prefecture or county data)
function setYears() {
  const ind = state.indicators.find((i) => i.code === state.indicator);
  const by = ind ? ind.years_observed : {};
  const years = !ind ? [] : state.level === 'county' ? by.county
    : [...new Set([...by.prefecture, ...by.county])].sort((a, b) => a - b);
  const slider = $('year');
  if (!years.length) { slider.disabled = true; return; }
  slider.disabled = false;
  slider.min = years[0];
  slider.max = years[years.length - 1];
  if (!years.includes(state.year)) state.year = years[years.length - 1];
  slider.value = state.year;
  $('year-label').textContent = state.year;
}

function snapYear(y) {
  const ind = state.indicators.find((i) => i.code === state.indicator);
  if (!ind) return y;
  const by = ind.years_observed;
  const years = state.level === 'county' ? by.county : [...new Set([...by.prefecture, ...by.county])];
  return years.reduce((best, v) => (Math.abs(v - y) < Math.abs(best - y) ? v : best), years[0] ?? y);
}

async function drawMap() {
  await loadGeometry(state.level);
  const m = await api('map', { indicator: state.indicator, year: state.year, level: state.level });
  const names = Object.fromEntries(m.values.map((v) => [v.code, v.name]));
  const data = m.values.map((v) => ({ name: v.code, value: v.value, label: v.name }));
  const lo = m.min ?? 0, hi = m.max ?? 1;
  $('map-title').textContent = `${m.name} · ${m.year} · ${t(state.level)}`;
  $('map-note').textContent = m.coverage.with_value ? `${t('coverage')}: ${m.coverage.with_value}/${m.coverage.units}. ${t('click')}` : t('nodata');
  const reverse = m.direction === 'lower';
  mapChart.setOption({
    tooltip: { trigger: 'item', formatter: (p) => `${esc(names[p.name] || p.name)}<br>${fmt(p.value)} ${esc(m.unit)}` },
    visualMap: { min: lo, max: hi === lo ? lo + 1 : hi, calculable: true, left: 10, bottom: 10, text: [fmt(hi), fmt(lo)],
                 inRange: { color: reverse ? ['#08519c', '#6baed6', '#eff3ff'] : ['#eff3ff', '#6baed6', '#08519c'] } },
    series: [{ type: 'map', map: `yn-${state.level}`, roam: true, nameProperty: 'code', data,
               emphasis: { label: { show: false } }, itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#d9dde2' } }],
  }, true);
}

async function drawDisparity() {
  $('disparity-note').textContent = '';
  let d;
  try {
    d = await api('disparity', { indicator: state.indicator, level: 'prefecture' });
  } catch (e) {
    dispChart.clear();
    $('disparity-note').textContent = `${t('nodisp')}: ${e.message}`;
    return;
  }
  // each year's number of units under it: a year with fewer prefectures is not comparable to the others
  const years = d.years.map((y) => `${y.year}\nn=${y.n}`);
  const line = (key, name) => ({ name, type: 'line', data: d.years.map((y) => y.measures[key]), smooth: false, symbolSize: 6 });
  dispChart.setOption({
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v, 4) },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value' },
    series: [line('gini', 'Gini'), line('theil_t', 'Theil T'), line('cv', 'CV')],
  }, true);
  if (!years.length) $('disparity-note').textContent = t('nodata');
}

async function drawTargets() {
  const d = await api('targets');
  const rows = d.targets.map((x) => `<tr class="row-${x.warning}">
      <td>${esc(x.name)}</td><td>${esc(x.scope_name)}</td>
      <td class="num">${x.latest_year ? `${fmt(x.latest_value)} (${x.latest_year})` : '—'}</td>
      <td class="num">${esc(x.comparator)} ${fmt(x.target)} (${x.target_year})</td>
      <td>${esc(x.category_label)}</td>
      <td><span class="warn warn-${x.warning}">${esc(x.warning_label)}</span></td></tr>`);
  // indicators the plan monitors without a target: their trend, never a warning colour
  const mon = (d.monitored || []).map((x) => `<tr class="row-monitored" title="${esc(x.finding || '')}">
      <td>${esc(x.name)}</td><td>${esc(x.scope_name)}</td>
      <td class="num">${x.latest_year ? `${fmt(x.latest_value)} (${x.latest_year})`
        : x.baseline_year ? `${fmt(x.baseline_value)} (${x.baseline_year})` : '—'}</td>
      <td class="num">${esc(t('nogoal'))}</td>
      <td>${esc(x.status_label)}</td><td>—</td></tr>`);
  if (mon.length) mon.unshift(`<tr class="row-heading"><th colspan="6">${esc(t('monitored'))}</th></tr>`);
  $('targets').tBodies[0].innerHTML = rows.concat(mon).join('');
}

async function openRegion(code) {
  state.region = code;
  const r = await api(`regions/${encodeURIComponent(code)}`, state.year ? { year: state.year } : {});
  $('region-panel').hidden = false;
  $('region-title').textContent = `${r.name}（${r.code}）`;
  $('region-groups').textContent = r.groups.length ? `${t('groups')}: ${r.groups.map((g) => g.name).join('、')}` : '';
  $('region-indicators').tBodies[0].innerHTML = r.indicators.map((i) => {
    const ranks = [...new Set(i.ranks.map((k) => `${esc(k.name)}: ${k.rank}/${k.of}`))].join('<br>');
    return `<tr><td>${esc(i.name)}</td><td>${i.year}</td><td class="num">${fmt(i.value)} ${esc(i.unit)}</td><td>${ranks || '—'}</td></tr>`;
  }).join('');
  // the composite evaluation: score and rank within the county's zone type (主体功能区类型), when the server has a scheme
  $('region-eval').textContent = '';
  const evalYear = Math.max(0, ...r.indicators.map((i) => i.year));
  if (state.evaluation && r.level === 'county' && evalYear) {
    const ev = await api('evaluation', { year: evalYear, region: r.code });
    const u = ev.units[0];
    if (u && u.rank) {
      $('region-eval').textContent = `${t('evaluation')} ${ev.year}: ${u.zone_name} ${t('rankIn')} ${u.rank}/${u.of} (${t('score')} ${fmt(u.score, 1)})`
        + (ev.zones_official ? '' : ` — ${t('provisional')}`);
    }
  }
  $('region-targets').innerHTML = r.targets.map((x) =>
    `<li><span class="warn warn-${x.warning}">${esc(x.warning_label)}</span> ${esc(x.name)} — ${esc(x.finding || '')}</li>`).join('') || '<li>—</li>';
}

async function refresh(what = { map: true, disparity: true, targets: true }) {
  const jobs = [];
  if (what.map) jobs.push(drawMap());
  if (what.disparity) jobs.push(drawDisparity());
  if (what.targets) jobs.push(drawTargets());
  if (state.region) jobs.push(openRegion(state.region));
  await Promise.all(jobs);
  document.body.dataset.ready = String(Date.now());
}

async function main() {
  applyLabels();
  state.evaluation = Boolean((await api('')).evaluation_scheme);
  await loadIndicators();
  setYears();
  $('level').value = state.level;
  $('indicator').addEventListener('change', async (e) => {
    state.indicator = e.target.value;
    setYears();
    await refresh({ map: true, disparity: true });
  });
  $('level').addEventListener('change', async (e) => { state.level = e.target.value; setYears(); await refresh({ map: true }); });
  // the slider moves over the years with data only
  $('year').addEventListener('input', (e) => { e.target.value = snapYear(Number(e.target.value)); });
  $('year').addEventListener('input', (e) => { $('year-label').textContent = e.target.value; });
  $('year').addEventListener('change', async (e) => { state.year = Number(e.target.value); await refresh({ map: true }); });
  $('lang').addEventListener('click', async () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    applyLabels();
    await loadIndicators();
    await refresh();
  });
  $('region-close').addEventListener('click', () => { state.region = null; $('region-panel').hidden = true; });
  mapChart.on('click', (p) => { if (p.name) openRegion(p.name).catch(showError); });
  await refresh();
}

function showError(e) {
  console.error(e);
  $('map-note').textContent = String(e.message || e);
}

main().catch(showError);
