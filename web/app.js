/* app.js — the regio dashboard. Everything shown comes from /api/v1 (the same library functions as the CLI);
 * this file asks, lays out and draws: the map (values, LISA clusters or Gi* hot spots), disparity trends, a
 * region's page with its time series, the comparison of regions and the target board, in Chinese or English.
 * What may be shown and how lines break is decided in view.js (RegioView). */
'use strict';

const UI = {
  zh: { title: '云南区域协调发展监测', indicator: '指标', level: '层级', prefecture: '州市', county: '县（市、区）', province: '全省', year: '年份',
        close: '关闭', indicators: '指标', value: '数值', rank: '排名', targets: '相关目标', disparity: '区域差异趋势',
        board: '规划目标预警', target: '目标', scope: '范围', unit: '单位', latest: '最新', goal: '目标值', status: '评估', warning: '预警',
        footer: '数据与计算：regio（与命令行同一套函数）', nodata: '该指标在此层级、此年份没有数据', coverage: '有完整数据的单元',
        groups: '所属组', parent: '所属州市', evaluation: '分类综合评价', rankIn: '类型内排名', score: '得分', provisional: '功能区类型为暂定规则',
        interval: '90% 区间', draws: '次抽样', monitored: '监测指标（无量化目标，按变化趋势评价）', nogoal: '无量化目标',
        nodisp: '无法计算差异', click: '点击地图上的地区查看详情', switchTo: 'English',
        mode: '地图', modeValue: '数值', modeLisa: 'LISA 聚类', modeGi: 'Gi* 热点', threshold: '趋势最低覆盖率',
        drawn: '只画覆盖率 ≥ {p}%（≥ {k}/{N} 个单元）的年份', left: '未画的年份', breakAt: '口径断点', breaks: '序列断点',
        partial: '不完整', partialNote: '{m} 个单元只有由部分成员算得的值：不作为其数值，不着色（斜线）', partialTip: '不完整：只由 {k}/{N} 个成员算得，不作为该地区的值',
        partialYear: '{y} 年只由 {k}/{N} 个成员算得，未列出', partialPoint: '不完整：{k}/{N} 个成员',
        totalNote: '{a}是总量，不衡量区域差距；差异按{b}计算', totalNoRate: '{a}是总量，不衡量区域差距，也没有人均或比率形式',
        measuredOn: '差异指标', series: '时间序列', compare: '比较', addCompare: '加入比较', remove: '移除', addRegion: '添加地区…',
        compareEmpty: '从地区页面或下方选择加入两个或更多地区', perms: '次置换', seed: '随机种子', weights: '邻接',
        lisaNote: "Moran's I = {I}（置换 p = {p}），n = {n}，{perms} 次置换，随机种子 {seed}，{w} 邻接；聚类为局部 Moran 置换 p < 0.05",
        giNote: 'Gi* z 值（{perms} 次置换，随机种子 {seed}，{w} 邻接，n = {n}）：|z| ≥ 1.65 / 1.96 / 2.58 对应 90% / 95% / 99%',
        hot: '热点', cold: '冷点', ns: '不显著', island: '无邻居', HH: '高-高', LL: '低-低', HL: '高-低', LH: '低-高', nodataUnit: '无数据',
        needs: '尚缺的数据', template: '下载填报模板', report: '当前报告', exportCSV: 'CSV', exportXLSX: 'XLSX', exportPNG: 'PNG', exportSVG: 'SVG',
        missingN: '缺 {n} 个数值', needsNote: '{k} 项目标或指标尚缺数据，共 {n} 个数值（{y} 年）', origin: '来源', published: '公布', computed: '计算', code: '编码', noSeries: '该地区没有此指标的数据', blockOf: '板块' },
  en: { title: 'Yunnan regional development monitor', indicator: 'Indicator', level: 'Level', prefecture: 'Prefectures',
        county: 'Counties', province: 'Province', year: 'Year', close: 'Close', indicators: 'Indicators', value: 'Value', rank: 'Rank',
        targets: 'Targets that apply', disparity: 'Disparity trends', board: 'Plan targets: early warning',
        target: 'Target', scope: 'Scope', unit: 'Unit', latest: 'Latest', goal: 'Target value', status: 'Assessment', warning: 'Warning',
        footer: 'Data and computations: regio (the same functions as the command line)', nodata: 'No data for this indicator at this level in this year',
        coverage: 'units with complete data', groups: 'Groups', parent: 'Prefecture', evaluation: 'Classified evaluation',
        rankIn: 'rank within the type', score: 'score', provisional: 'zone types by the provisional rule', interval: '90% interval',
        draws: 'draws', monitored: 'Monitored indicators (no quantified target: judged on the trend)', nogoal: 'no quantified target',
        nodisp: 'Disparity cannot be computed', click: 'Click a region on the map for its page', switchTo: '中文',
        mode: 'Map', modeValue: 'Values', modeLisa: 'LISA clusters', modeGi: 'Gi* hot spots', threshold: 'Minimum coverage of a trend',
        drawn: 'drawn only over years with coverage ≥ {p}% (≥ {k} of {N} units)', left: 'years left out', breakAt: 'series break', breaks: 'series breaks',
        partial: 'partial', partialNote: '{m} units have only a value computed from some of their members: not taken as their value, not coloured (hatched)',
        partialTip: 'partial: computed from {k} of {N} members only, not the region\'s value',
        partialYear: '{y}: computed from {k} of {N} members only, not shown', partialPoint: 'partial: {k} of {N} members',
        totalNote: '{a} is a total, not a measure of regional gaps: disparity is measured on {b}',
        totalNoRate: '{a} is a total, not a measure of regional gaps, and has no per-capita or rate form',
        measuredOn: 'measured on', series: 'Time series', compare: 'Compare', addCompare: 'Compare', remove: 'remove', addRegion: 'Add a region…',
        compareEmpty: 'Add two or more regions from a region page or below', perms: 'permutations', seed: 'seed', weights: 'contiguity',
        lisaNote: "Moran's I = {I} (permutation p = {p}), n = {n}, {perms} permutations, seed {seed}, {w} contiguity; clusters where the local Moran's permutation p < 0.05",
        giNote: 'Gi* z ({perms} permutations, seed {seed}, {w} contiguity, n = {n}): |z| ≥ 1.65 / 1.96 / 2.58 for 90% / 95% / 99%',
        hot: 'hot spot', cold: 'cold spot', ns: 'not significant', island: 'no neighbour', HH: 'high-high', LL: 'low-low', HL: 'high-low', LH: 'low-high',
        nodataUnit: 'no data', needs: 'Data still to find', template: 'Download the fill-in template', report: 'Current report',
        missingN: '{n} values missing', needsNote: '{k} targets or indicators lack data: {n} values ({y})',
        exportCSV: 'CSV', exportXLSX: 'XLSX', exportPNG: 'PNG', exportSVG: 'SVG', origin: 'origin', published: 'published', computed: 'computed',
        code: 'code', noSeries: 'No data of this indicator for this region', blockOf: 'block' },
};

const PERMUTATIONS = 999, SEED = 12345;
const state = { lang: 'zh', indicators: [], regions: [], indicator: null, level: 'prefecture', year: null, threshold: 75, mode: 'value',
                region: null, regionIndicator: null, compare: [], compareIndicator: null, maps: {}, evaluation: false, views: {}, ready: 0 };
const $ = (id) => document.getElementById(id);
const t = (k, vars) => String(UI[state.lang][k] ?? k).replace(/\{(\w+)\}/g, (_, v) => (vars && v in vars ? vars[v] : `{${v}}`));
const indByCode = (c) => state.indicators.find((i) => i.code === c);
const regionName = (c) => state.regions.find((r) => r.code === c)?.name || c;

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

// the selection lives in the address (#indicator=…&level=…): a link or a reload opens the same view
function saveHash() {
  const h = new URLSearchParams({ lang: state.lang, indicator: state.indicator || '', level: state.level, year: state.year || '',
                                  mode: state.mode, threshold: state.threshold });
  if (state.region) h.set('region', state.region);
  if (state.regionIndicator) h.set('series', state.regionIndicator);
  if (state.compare.length) h.set('compare', state.compare.join(','));
  history.replaceState(null, '', `#${h}`);
}

function loadHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.get('lang') === 'en' || h.get('lang') === 'zh') state.lang = h.get('lang');
  if (h.get('level') === 'county' || h.get('level') === 'prefecture') state.level = h.get('level');
  if (['value', 'lisa', 'gistar'].includes(h.get('mode'))) state.mode = h.get('mode');
  const th = Number(h.get('threshold'));
  if (h.get('threshold') && th >= 0 && th <= 100) state.threshold = th;
  return { indicator: h.get('indicator'), year: Number(h.get('year')) || null, region: h.get('region'), series: h.get('series'),
           compare: (h.get('compare') || '').split(',').filter(Boolean) };
}

const charts = {};
function chart(id) {
  if (!charts[id]) charts[id] = echarts.init($(id));
  return charts[id];
}
// only charts on screen are resized (a hidden one has no size to lay out in), once the window's size has settled
// (a resize of a map to no width or height leaves ECharts with a transform it cannot invert)
const shown = () => Object.values(charts).filter((c) => c.getDom().offsetParent !== null && c.getDom().clientHeight > 0 && c.getDom().clientWidth > 0);
let resizing = 0;
window.addEventListener('resize', () => {
  cancelAnimationFrame(resizing);
  resizing = requestAnimationFrame(() => shown().forEach((c) => c.resize()));
});
// print: lay the charts out at the size the print stylesheet gives them on A4 (180 mm × 110 mm, small 80 mm, at
// 96 px per inch), then back
// (beforeprint for the browser's print; the print media query too, which a PDF printer or an emulation changes
// without that event)
const toPrint = () => shown().forEach((c) => c.resize({ width: 680, height: c.getDom().classList.contains('small') ? 302 : 416 }));
const toScreen = () => shown().forEach((c) => c.resize());
window.addEventListener('beforeprint', toPrint);
window.addEventListener('afterprint', toScreen);
window.matchMedia('print').addEventListener('change', (e) => (e.matches ? toPrint() : toScreen()));

async function loadGeometry(level) {
  if (state.maps[level]) return;
  const res = await fetch(`/api/v1/geometry?level=${level}`);
  const geo = await res.json();
  echarts.registerMap(`yn-${level}`, geo);
  state.maps[level] = geo;
}

// every indicator the plan defines that has a value at some level (stored or computed: gdp_pc, shares)
async function loadIndicators() {
  state.indicators = await api('indicators');
  state.regions = await api('regions');
  const sel = $('indicator');
  sel.innerHTML = '';
  for (const ind of state.indicators) {
    const c = RegioView.coverage(ind, state.level);
    if (!c.years.length) continue;
    const o = document.createElement('option');
    o.value = ind.code;
    o.textContent = `${ind.name} (${ind.unit_label})`;
    sel.appendChild(o);
  }
  if (!state.indicator || ![...sel.options].some((o) => o.value === state.indicator)) {
    const d = RegioView.defaultView(state.indicators, state.level);
    state.indicator = d ? d.indicator : sel.options[0]?.value;
    state.year = d ? d.year : null;
  }
  sel.value = state.indicator;
}

// the years offered: those computable at the level, each with its coverage; the best one when the year shown
// has none
function setYears(keepYear = true) {
  const ind = indByCode(state.indicator);
  const c = RegioView.coverage(ind, state.level);
  const sel = $('year');
  sel.innerHTML = '';
  for (const y of c.years) {
    const o = document.createElement('option');
    o.value = y.year;
    o.textContent = `${y.year} · ${y.complete}/${c.units}`;
    if (y.complete / c.units < state.threshold / 100) o.className = 'low';
    sel.appendChild(o);
  }
  sel.disabled = !c.years.length;
  if (!keepYear || !c.years.some((y) => y.year === state.year)) state.year = RegioView.bestYear(ind, state.level)?.year ?? null;
  if (state.year) sel.value = state.year;
}

// ---- the map: values, LISA clusters, Gi* hot spots ----
const CLUSTER_COLOURS = { HH: '#d7191c', LL: '#2c7bb6', HL: '#fdae61', LH: '#abd9e9', ns: '#eeeeee', island: '#ffffff' };
function giClass(z) {
  if (z === null || z === undefined) return null;
  const a = Math.abs(z), side = z > 0 ? 'hot' : 'cold';
  return a >= 2.58 ? `${side}99` : a >= 1.96 ? `${side}95` : a >= 1.645 ? `${side}90` : 'ns';
}
const GI_COLOURS = { hot99: '#b2182b', hot95: '#ef8a62', hot90: '#fddbc7', ns: '#eeeeee', cold90: '#d1e5f0', cold95: '#67a9cf', cold99: '#2166ac' };

async function drawMap() {
  await loadGeometry(state.level);
  const ind = indByCode(state.indicator);
  const m = await api('map', { indicator: state.indicator, year: state.year, level: state.level });
  const names = Object.fromEntries(m.values.map((v) => [v.code, v.name]));
  // a partial value (computed from some members only) is no value of the unit: /map gives it as null with
  // partial, members_used and members
  const complete = m.values.filter((v) => v.value !== null);
  const partial = m.values.filter((v) => v.partial);
  const N = m.coverage.units;
  const el = $('map');
  el.dataset.n = complete.length;
  el.dataset.units = N;
  el.dataset.partial = partial.length;
  el.dataset.mode = state.mode;
  $('map-title').textContent = `${m.name} · ${m.year} · ${t(state.level)} · n = ${complete.length}/${N}${partial.length ? ` (${t('partial')} ${partial.length})` : ''}`;
  const notes = [complete.length ? `${t('coverage')}: ${complete.length}/${N}` : t('nodata')];
  if (partial.length) notes.push(t('partialNote', { m: partial.length }));
  state.views.map = {
    name: `${m.indicator}_${m.year}_${m.level}`, chart: chart('map'),
    columns: [{ key: 'code' }, { key: 'name' }, { key: 'indicator' }, { key: 'year' }, { key: 'value' }, { key: 'unit' }, { key: 'origin' }, { key: 'complete' },
              { key: 'partial' }, { key: 'members_used' }, { key: 'members' }],
    rows: m.values.map((v) => ({ code: v.code, name: v.name, indicator: m.indicator, year: m.year, value: v.value, unit: m.unit, origin: v.origin, complete: v.complete,
                                 partial: v.partial, members_used: v.members_used ?? null, members: v.members ?? null })),
  };
  $('map-legend').innerHTML = '';
  if (state.mode !== 'value') {
    await drawSpatial(m, names, notes);
  } else {
    const lo = complete.length ? Math.min(...complete.map((v) => v.value)) : 0;
    const hi = complete.length ? Math.max(...complete.map((v) => v.value)) : 1;
    const reverse = m.direction === 'lower';
    const data = m.values.map((v) => (v.partial
      ? { name: v.code, value: null, partial: true, k: v.members_used, N: v.members, itemStyle: { areaColor: '#f1f1f1', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: '#b8b8b8' } } }
      : { name: v.code, value: v.value }));
    chart('map').setOption({
      aria: { enabled: true, decal: { show: false } },
      tooltip: { trigger: 'item', formatter: (p) => {
        const d = p.data || {};
        if (d.partial) return `${esc(names[p.name] || p.name)}<br>${esc(t('partialTip', { k: d.k, N: d.N }))}`;
        return `${esc(names[p.name] || p.name)}<br>${fmt(p.value)} ${esc(ind.unit_label)}`;
      } },
      visualMap: { min: lo, max: hi === lo ? lo + 1 : hi, calculable: true, left: 10, bottom: 10, formatter: (v) => fmt(v),
                   inRange: { color: reverse ? ['#08519c', '#6baed6', '#eff3ff'] : ['#eff3ff', '#6baed6', '#08519c'] } },
      series: [{ type: 'map', map: `yn-${state.level}`, roam: true, nameProperty: 'code', data,
                 emphasis: { label: { show: false } }, itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#d9dde2' } }],
    }, true);
  }
  notes.push(t('click'));
  $('map-note').textContent = notes.join('. ');
}

async function drawSpatial(m, names, notes) {
  const el = $('map');
  let s;
  try {
    s = await api('spatial', { indicator: state.indicator, year: state.year, level: state.level, permutations: PERMUTATIONS, seed: SEED });
  } catch (e) {
    chart('map').clear();
    notes.push(String(e.message || e));
    el.dataset.clusters = '';
    return;
  }
  const byCode = Object.fromEntries(s.local.map((u) => [u.id, u]));
  const lisa = state.mode === 'lisa';
  const cls = (u) => (!u ? 'nodata' : lisa ? u.cluster : giClass(u.gi_star_z) || 'ns');
  const colours = lisa ? CLUSTER_COLOURS : GI_COLOURS;
  const data = m.values.map((v) => {
    const u = byCode[v.code];
    const c = cls(u);
    return { name: v.code, value: u ? (lisa ? u.local_moran : u.gi_star_z) : null, cls: c, itemStyle: { areaColor: colours[c] || '#d9dde2' } };
  });
  el.dataset.clusters = s.local.map((u) => `${u.id}:${lisa ? u.cluster : giClass(u.gi_star_z)}`).join(',');
  el.dataset.permutations = s.moran.permutation.permutations;
  el.dataset.seed = s.seed;
  const label = (c) => (lisa ? t(c) : c === 'ns' ? t('ns') : `${t(c.startsWith('hot') ? 'hot' : 'cold')} ${c.slice(-2)}%`);
  chart('map').setOption({
    tooltip: { trigger: 'item', formatter: (p) => {
      const u = byCode[p.name];
      if (!u) return `${esc(names[p.name] || p.name)}<br>${esc(t('nodataUnit'))}`;
      return `${esc(u.name)}<br>${fmt(u.value)}<br>${lisa ? `${esc(label(u.cluster))} · I = ${fmt(u.local_moran, 3)} · p = ${fmt(u.p_sim, 3)}`
        : `Gi* z = ${fmt(u.gi_star_z, 2)} · ${esc(label(giClass(u.gi_star_z)))}`}`;
    } },
    series: [{ type: 'map', map: `yn-${state.level}`, roam: true, nameProperty: 'code', data,
               emphasis: { label: { show: false } }, itemStyle: { borderColor: '#888', borderWidth: 0.5, areaColor: '#d9dde2' } }],
  }, true);
  const keys = lisa ? ['HH', 'LL', 'HL', 'LH', 'ns', 'island'] : ['hot99', 'hot95', 'hot90', 'ns', 'cold90', 'cold95', 'cold99'];
  const nodata = m.values.filter((v) => !byCode[v.code]).length;
  $('map-legend').innerHTML = keys.map((k) => {
    const n = s.local.filter((u) => cls(u) === k).length;
    return `<span class="key"><i style="background:${colours[k]}"></i>${esc(label(k))} (${n})</span>`;
  }).join('') + (nodata ? `<span class="key"><i style="background:#d9dde2"></i>${esc(t('nodataUnit'))} (${nodata})</span>` : '');
  const vars = { I: fmt(s.moran.I, 3), p: fmt(s.moran.permutation.p, 3), n: s.n, perms: s.moran.permutation.permutations, seed: s.seed,
                 w: s.weights === 'queen' ? 'queen' : 'rook' };
  notes.push(t(lisa ? 'lisaNote' : 'giNote', vars));
  state.views.map = {
    name: `${s.indicator}_${s.year}_${s.level}_${state.mode}`, chart: chart('map'),
    columns: [{ key: 'code' }, { key: 'name' }, { key: 'value' }, { key: 'lag' }, { key: 'local_moran' }, { key: 'p_sim' }, { key: 'cluster' },
              { key: 'gi_star_z' }, { key: 'permutations' }, { key: 'seed' }],
    rows: s.local.map((u) => ({ code: u.id, name: u.name, value: u.value, lag: u.lag, local_moran: u.local_moran, p_sim: u.p_sim, cluster: u.cluster,
                                gi_star_z: u.gi_star_z, permutations: s.moran.permutation.permutations, seed: s.seed })),
  };
}

// ---- disparity: over the chosen level, on a per-capita or rate form, only over years with enough coverage ----
async function drawDisparity() {
  const el = $('disparity');
  const note = $('disparity-note');
  const ind = indByCode(state.indicator);
  $('disparity-title').textContent = `${t('disparity')} · ${t(state.level)}`;
  let dind = ind;
  const notes = [];
  if (ind.total) {
    dind = ind.rate_forms.map(indByCode).find((x) => x && RegioView.coverage(x, state.level).years.length);
    if (!dind) {
      chart('disparity').clear();
      el.dataset.runs = '';
      note.textContent = t('totalNoRate', { a: ind.name });
      state.views.disparity = null;
      return;
    }
    notes.push(t('totalNote', { a: ind.name, b: dind.name }));
  }
  const cov = RegioView.coverage(dind, state.level);
  let d;
  try {
    // the years asked for are those computable at the level (a computed indicator has no stored years)
    const ys = cov.years.map((y) => y.year);
    if (!ys.length) throw new Error(t('nodata'));
    d = await api('disparity', { indicator: dind.code, level: state.level, years: `${Math.min(...ys)}:${Math.max(...ys)}` });
  } catch (e) {
    chart('disparity').clear();
    el.dataset.runs = '';
    note.textContent = `${t('nodisp')}: ${e.message}`;
    return;
  }
  const N = cov.units;
  const minN = Math.max(2, Math.ceil((state.threshold / 100) * N - 1e-9));
  const byYear = Object.fromEntries(d.years.map((y) => [y.year, y]));
  const nOf = (y) => byYear[y]?.n ?? d.skipped.find((s) => s.year === y)?.n ?? 0;
  const axis = RegioView.yearSpan([...d.years.map((y) => y.year), ...d.skipped.map((y) => y.year)]);
  const drawn = new Set(d.years.filter((y) => y.n >= minN).map((y) => y.year));
  const breakYears = cov.breaks.map((b) => b.year).filter((y) => axis.length && y > axis[0] && y <= axis[axis.length - 1]);
  const runs = RegioView.segments(axis, drawn, breakYears);
  el.dataset.indicator = dind.code;
  el.dataset.level = state.level;
  el.dataset.runs = RegioView.runsText(runs);
  el.dataset.left = axis.filter((y) => !drawn.has(y)).map((y) => `${y}:${nOf(y)}/${N}`).join(',');
  el.dataset.breaks = breakYears.join(',');
  const measures = [['gini', 'Gini', '#5470c6'], ['theil_t', 'Theil T', '#91cc75'], ['cv', 'CV', '#ee6666']];
  const series = measures.flatMap(([key, name, color]) =>
    RegioView.lineSeries(name, color, axis, (y) => (drawn.has(y) ? byYear[y].measures[key] : null), runs));
  if (series.length && breakYears.length) {
    series[0].markLine = { symbol: 'none', silent: false, label: { formatter: t('breakAt'), position: 'insideEndTop' },
                           lineStyle: { type: 'dashed', color: '#b22' }, data: breakYears.map((y) => ({ xAxis: String(y) })) };
  }
  chart('disparity').setOption({
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v, 4) },
    legend: { top: 0, data: measures.map((m) => m[1]) },
    grid: { left: 50, right: 20, top: 40, bottom: 44 },
    xAxis: { type: 'category', data: axis.map(String),
             axisLabel: { interval: 0, formatter: (v) => `${drawn.has(Number(v)) ? v : `{low|${v}}`}\n{${drawn.has(Number(v)) ? 'n' : 'low'}|${nOf(Number(v))}/${N}}`,
                          rich: { n: { color: '#555', fontSize: 10 }, low: { color: '#b0b0b0', fontSize: 10 } } } },
    yAxis: { type: 'value' },
    series,
  }, true);
  notes.push(`${t('measuredOn')}: ${dind.name}; ${t('drawn', { p: state.threshold, k: minN, N })}`);
  const left = axis.filter((y) => !drawn.has(y));
  if (left.length) notes.push(`${t('left')}: ${left.map((y) => `${y} (${nOf(y)}/${N})`).join(', ')}`);
  if (breakYears.length) notes.push(`${t('breaks')}: ${cov.breaks.filter((b) => breakYears.includes(b.year)).map((b) => `${b.year} — ${b.reason}`).join('; ')}`);
  note.textContent = notes.join('. ');
  state.views.disparity = {
    name: `disparity_${dind.code}_${state.level}`, chart: chart('disparity'),
    columns: [{ key: 'indicator' }, { key: 'level' }, { key: 'year' }, { key: 'n' }, { key: 'units' }, { key: 'drawn' },
              { key: 'gini' }, { key: 'theil_t' }, { key: 'cv' }],
    rows: axis.map((y) => ({ indicator: dind.code, level: state.level, year: y, n: nOf(y), units: N, drawn: drawn.has(y),
                             gini: byYear[y]?.measures.gini ?? null, theil_t: byYear[y]?.measures.theil_t ?? null, cv: byYear[y]?.measures.cv ?? null })),
  };
}

// ---- time series of one indicator for a few units (a region with its province and block; a comparison) ----
const UNIT_COLOURS = ['#17324d', '#e07b00', '#2e9d4f', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#d35400'];
function seriesChart(id, s, code) {
  const ind = indByCode(code);
  const withData = s.units.filter((u) => u.series[code]);
  const years = RegioView.yearSpan(withData.flatMap((u) => u.series[code].values.map((v) => v.year)));
  const el = $(id);
  const runsBy = [];
  const series = [];
  withData.forEach((u, k) => {
    const colour = UNIT_COLOURS[k % UNIT_COLOURS.length];
    const vals = Object.fromEntries(u.series[code].values.map((v) => [v.year, v]));
    // a line joins complete values only; partial ones (computed from some members) are hollow points apart
    const drawn = new Set(u.series[code].values.filter((v) => v.complete).map((v) => v.year));
    const runs = RegioView.segments(years, drawn, u.series[code].breaks);
    runsBy.push(`${u.code}=${RegioView.runsText(runs)}`);
    series.push(...RegioView.lineSeries(u.name, colour, years, (y) => vals[y]?.value, runs));
    const part = u.series[code].values.filter((v) => !v.complete);
    if (part.length)
      series.push({ name: u.name, type: 'scatter', color: colour, symbol: 'emptyCircle', symbolSize: 8,
                    data: years.map((y) => (vals[y] && !vals[y].complete ? vals[y].value : null)),
                    tooltip: { valueFormatter: (v, i) => `${fmt(v)} (${t('partialPoint', { k: vals[years[i]]?.members_used, N: vals[years[i]]?.members })})` } });
    const br = u.series[code].breaks.filter((y) => years.length && y > years[0] && y <= years[years.length - 1]);
    if (br.length && series.length)
      series[series.length - 1].markLine = { symbol: 'none', label: { formatter: t('breakAt') }, lineStyle: { type: 'dashed', color: '#b22' },
                                             data: br.map((y) => ({ xAxis: String(y) })) };
  });
  el.dataset.indicator = code;
  el.dataset.runs = runsBy.join(';');
  chart(id).setOption({
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmt(v, ind?.decimals ?? 2) },
    legend: { top: 0, data: withData.map((u) => u.name) },
    grid: { left: 60, right: 20, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: ind?.unit_label || '', scale: true },
    series,
  }, true);
  return {
    columns: [{ key: 'code' }, { key: 'name' }, { key: 'indicator' }, { key: 'year' }, { key: 'value' }, { key: 'unit' }, { key: 'origin' }, { key: 'complete' }],
    rows: withData.flatMap((u) => u.series[code].values.map((v) => ({ code: u.code, name: u.name, indicator: code, year: v.year, value: v.value,
                                                                      unit: ind?.unit || '', origin: v.origin, complete: v.complete }))),
  };
}

function indicatorOptions(sel, codes, chosen) {
  sel.innerHTML = codes.map((c) => `<option value="${esc(c)}">${esc(indByCode(c)?.name || c)}</option>`).join('');
  sel.value = chosen;
}

// a small line of one unit's series (the table of a region's page): complete values joined, broken at gaps and
// breaks like the charts; partial values as open dots. Its title gives the years drawn.
function sparkline(ser) {
  if (!ser) return '';
  const vals = ser.values;
  const years = RegioView.yearSpan(vals.map((v) => v.year));
  const drawn = new Set(vals.filter((v) => v.complete).map((v) => v.year));
  const runs = RegioView.segments(years, drawn, ser.breaks);
  const lo = Math.min(...vals.map((v) => v.value)), hi = Math.max(...vals.map((v) => v.value));
  const W = 96, H = 22, x = (y) => (years.length > 1 ? 3 + ((y - years[0]) / (years.length - 1)) * (W - 6) : W / 2);
  const yv = (v) => (hi > lo ? H - 3 - ((v - lo) / (hi - lo)) * (H - 6) : H / 2);
  const by = Object.fromEntries(vals.map((v) => [v.year, v]));
  const lines = runs.map(([a, b]) => {
    const pts = years.filter((y) => y >= a && y <= b).map((y) => `${x(y).toFixed(1)},${yv(by[y].value).toFixed(1)}`);
    return pts.length > 1 ? `<polyline points="${pts.join(' ')}" fill="none" stroke="#17324d" stroke-width="1.4"/>`
      : `<circle cx="${pts[0].split(',')[0]}" cy="${pts[0].split(',')[1]}" r="1.8" fill="#17324d"/>`;
  }).join('');
  const open = vals.filter((v) => !v.complete).map((v) => `<circle cx="${x(v.year).toFixed(1)}" cy="${yv(v.value).toFixed(1)}" r="2" fill="#fff" stroke="#e07b00"/>`).join('');
  const title = `${RegioView.runsText(runs) || '—'}${ser.breaks.length ? ` · ${t('breakAt')} ${ser.breaks.join(', ')}` : ''}`;
  return `<svg class="spark" width="${W}" height="${H}" data-runs="${RegioView.runsText(runs)}"><title>${esc(title)}</title>${lines}${open}</svg>`
    + `<small> ${years[0]}–${years[years.length - 1]}</small>`;
}

// ---- a region's page ----
function groupsOnce(r) {
  // a group once, by name: the block and special groups, then the parts of partitions not already named (the
  // parts of the prefecture partition repeat the prefecture and are left out)
  const seen = new Set();
  const out = [];
  for (const g of [...r.groups.filter((x) => x.kind !== 'part'), ...r.groups.filter((x) => x.kind === 'part' && x.partition !== 'prefectures')]) {
    if (seen.has(g.name)) continue;
    seen.add(g.name);
    out.push(g);
  }
  return out;
}

async function openRegion(code) {
  state.region = code;
  const panel = $('region-panel');
  delete panel.dataset.loaded;
  const r = await api(`regions/${encodeURIComponent(code)}`, state.year ? { year: state.year } : {});
  panel.hidden = false;
  $('region-title').innerHTML = `${esc(r.name)} <small class="code">${esc(r.code)}</small>`;
  const parent = r.parent && r.level === 'county' ? `${t('parent')}: ${esc(regionName(r.parent))}` : '';
  const groups = groupsOnce(r);
  $('region-groups').innerHTML = [parent, groups.length ? `${t('groups')}: ${groups.map((g) => esc(g.name)).join('、')}` : ''].filter(Boolean).join(' · ');
  // the series: the region, the province and its block
  const root = state.regions.find((x) => !x.parent)?.code;
  const block = r.groups.find((g) => g.kind === 'block');
  const units = [r.code, ...(root && root !== r.code ? [root] : []), ...(block ? [block.code] : [])];
  const s = await api('series', { units: units.join(',') });
  const codes = Object.keys(s.units[0].series);
  $('region-indicators').tBodies[0].innerHTML = r.indicators.map((i) => {
    const ranks = [...new Set(i.ranks.map((k) => `${esc(k.name)}: ${k.rank}/${k.of}`))].join('<br>');
    // the latest complete value; a later value computed from some members only is said, not shown
    const tag = i.partial ? ` <span class="tag" data-partial="${i.partial.year}">${esc(t('partialYear', { y: i.partial.year, k: i.partial.members_used, N: i.partial.members }))}</span>` : '';
    return `<tr data-code="${esc(i.code)}"><td>${esc(i.name)}</td><td>${i.year ?? '—'}</td><td class="num">${fmt(i.value)} ${esc(indByCode(i.code)?.unit_label || i.unit)}${tag}</td>`
      + `<td>${sparkline(s.units[0].series[i.code])}</td><td>${ranks || '—'}</td></tr>`;
  }).join('');
  const pick = [state.regionIndicator, state.indicator].find((c) => c && codes.includes(c)) || codes[0];
  state.regionIndicator = pick || null;
  indicatorOptions($('region-indicator'), codes, pick);
  if (pick) {
    const v = seriesChart('region-chart', s, pick);
    state.views.region = { name: `${r.code}_${pick}`, chart: chart('region-chart'), ...v };
  }
  // the composite evaluation: rank within the county's zone type (主体功能区类型) with its Monte Carlo interval
  $('region-eval').textContent = '';
  const evalYear = Math.max(0, ...r.indicators.map((i) => i.year));
  if (state.evaluation && r.level === 'county' && evalYear) {
    const ev = await api('evaluation', { year: evalYear, region: r.code, draws: 100, seed: SEED });
    const u = ev.units[0];
    if (u && u.rank) {
      const mc = u.monte_carlo;
      $('region-eval').textContent = `${t('evaluation')} ${ev.year}: ${u.zone_name} ${t('rankIn')} ${u.rank}/${u.of}`
        + (mc ? ` (${t('interval')} ${fmt(mc.p05, 0)}–${fmt(mc.p95, 0)}, ${ev.draws} ${t('draws')}, ${t('seed')} ${SEED})` : '')
        + `, ${t('score')} ${fmt(u.score, 1)}` + (ev.zones_official ? '' : ` — ${t('provisional')}`);
    }
  }
  $('region-targets').innerHTML = r.targets.map((x) => {
    const unit = indByCode(x.indicator)?.unit_label || '';
    return `<li><span class="warn warn-${x.warning}">${esc(x.warning_label)}</span> ${esc(x.name)}: ${esc(x.comparator)} ${fmt(x.target)} ${esc(unit)} (${x.target_year})`
      + `${x.latest_year ? `, ${t('latest')} ${fmt(x.latest_value)} ${esc(unit)} (${x.latest_year})` : ''} — ${esc(x.finding || '')}</li>`;
  }).join('') || '<li>—</li>';
  $('region-compare').textContent = t('addCompare');
  panel.dataset.loaded = r.code;
}

// ---- comparison of two or more regions ----
async function drawCompare() {
  const panel = $('compare-panel');
  delete panel.dataset.loaded;
  $('compare-units').innerHTML = state.compare.map((c) =>
    `<span class="chip">${esc(regionName(c))} <button type="button" data-remove="${esc(c)}" title="${esc(t('remove'))}">×</button></span>`).join('');
  const add = $('compare-add');
  add.innerHTML = `<option value="">${esc(t('addRegion'))}</option>` + ['prefecture', 'county'].map((lv) =>
    `<optgroup label="${esc(t(lv))}">${state.regions.filter((x) => x.level === lv && !state.compare.includes(x.code))
      .map((x) => `<option value="${esc(x.code)}">${esc(x.name)}</option>`).join('')}</optgroup>`).join('');
  if (state.compare.length < 2) {
    $('compare-note').textContent = t('compareEmpty');
    $('compare-table').innerHTML = '';
    $('compare-chart').hidden = true;
    chart('compare-chart').clear();
    $('compare-chart').dataset.runs = '';
    state.views.compare = null;
    panel.dataset.loaded = String(state.compare.length);
    return;
  }
  $('compare-note').textContent = '';
  $('compare-chart').hidden = false;
  const s = await api('series', { units: state.compare.join(',') });
  const codes = state.indicators.map((i) => i.code).filter((c) => s.units.some((u) => u.series[c]));
  const pick = [state.compareIndicator, state.indicator].find((c) => c && codes.includes(c)) || codes[0];
  state.compareIndicator = pick;
  indicatorOptions($('compare-indicator'), codes, pick);
  // side by side: each indicator's latest complete value up to the year shown
  const latest = (u, c) => {
    const v = (u.series[c]?.values || []).filter((x) => x.complete && (!state.year || x.year <= state.year));
    return v.length ? v[v.length - 1] : null;
  };
  $('compare-table').innerHTML = `<thead><tr><th>${esc(t('indicator'))}</th>${s.units.map((u) => `<th>${esc(u.name)}</th>`).join('')}</tr></thead><tbody>`
    + codes.map((c) => `<tr data-code="${esc(c)}"><td>${esc(indByCode(c)?.name || c)} <small>${esc(indByCode(c)?.unit_label || '')}</small></td>${s.units.map((u) => {
      const v = latest(u, c);
      return `<td class="num">${v ? `${fmt(v.value)} <small>(${v.year})</small>` : '—'}</td>`;
    }).join('')}</tr>`).join('') + '</tbody>';
  chart('compare-chart').resize();
  const v = seriesChart('compare-chart', s, pick);
  // one or two years only (most county figures are of 2020): bars side by side say more than dots
  const years = [...new Set(s.units.flatMap((u) => (u.series[pick]?.values || []).filter((x) => x.complete).map((x) => x.year)))].sort();
  if (years.length && years.length <= 2) {
    const ind = indByCode(pick);
    chart('compare-chart').setOption({
      tooltip: { trigger: 'axis', valueFormatter: (x) => fmt(x, ind?.decimals ?? 2) },
      legend: { top: 0, data: years.map(String) },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: s.units.map((u) => (years.some((y) => (u.series[pick]?.values || []).some((x) => x.year === y && x.complete))
        ? u.name : `${u.name}\n(${t('nodataUnit')})`)) },
      yAxis: { type: 'value', name: ind?.unit_label || '' },
      series: years.map((y, k) => ({ name: String(y), type: 'bar', color: UNIT_COLOURS[k],
        data: s.units.map((u) => (u.series[pick]?.values || []).find((x) => x.year === y && x.complete)?.value ?? null) })),
    }, true);
  }
  state.views.compare = { name: `compare_${pick}`, chart: chart('compare-chart'), ...v };
  panel.dataset.loaded = String(state.compare.length);
}

// ---- the target board: units, colours, the latest year, and for a grey target the data that would settle it
// (the list of `regio needs`, with its fill-in template) ----
function needsCell(item) {
  if (!item) return '—';
  const cells = item.cells.map((c) => `<li>${esc(c.region_name)} · ${esc(c.indicator_name)} (${esc(indByCode(c.indicator)?.unit_label || c.unit)}) · ${c.year}`
    + `${c.where_found ? `<br><small>${esc(c.where_found)}</small>` : ''}</li>`).join('');
  const head = item.cells.length ? esc(t('missingN', { n: item.cells.length })) : esc(item.note || item.needs || '');
  return `<details class="needs" data-cells="${item.cells.length}"><summary>${head}</summary>${item.cells.length ? `<ul>${cells}</ul>` : ''}`
    + `${item.note ? `<p>${esc(item.note)}</p>` : ''}</details>`;
}

async function drawTargets() {
  const [d, needs] = await Promise.all([api('targets'), api('needs')]);
  const need = Object.fromEntries(needs.items.map((x) => [`${x.type}:${x.code}`, x]));
  const unit = (c) => esc(indByCode(c)?.unit_label || '');
  const rows = d.targets.map((x) => `<tr class="row-${x.warning}" data-code="${esc(x.code)}">
      <td>${esc(x.name)}</td><td>${esc(x.scope_name)}</td><td>${unit(x.indicator)}</td>
      <td class="num">${x.latest_year ? `${fmt(x.latest_value)} (${x.latest_year})` : '—'}</td>
      <td class="num">${esc(x.comparator)} ${fmt(x.target)} (${x.target_year})</td>
      <td>${esc(x.category_label)}</td>
      <td><span class="warn warn-${x.warning}">${esc(x.warning_label)}</span></td>
      <td>${x.warning === 'grey' ? needsCell(need[`target:${x.code}`]) : ''}</td></tr>`);
  // indicators the plan monitors without a target: their trend, never a warning colour
  const mon = (d.monitored || []).map((x) => `<tr class="row-monitored" data-code="${esc(x.code)}" title="${esc(x.finding || '')}">
      <td>${esc(x.name)}</td><td>${esc(x.scope_name)}</td><td>${unit(x.indicator)}</td>
      <td class="num">${x.latest_year ? `${fmt(x.latest_value)} (${x.latest_year})`
        : x.baseline_year ? `${fmt(x.baseline_value)} (${x.baseline_year})` : '—'}</td>
      <td class="num">${esc(t('nogoal'))}</td>
      <td>${esc(x.status_label)}</td><td>—</td><td>${need[`monitored:${x.code}`] ? needsCell(need[`monitored:${x.code}`]) : ''}</td></tr>`);
  if (mon.length) mon.unshift(`<tr class="row-heading"><th colspan="8">${esc(t('monitored'))}</th></tr>`);
  $('targets').tBodies[0].innerHTML = rows.concat(mon).join('');
  const ncells = new Set(needs.items.flatMap((x) => x.cells.map((c) => `${c.region}|${c.indicator}|${c.year}`))).size;
  $('needs-note').innerHTML = `${esc(t('needsNote', { k: needs.items.length, n: ncells, y: needs.year }))}. ${esc(t('template'))}: `
    + ['xlsx', 'csv'].map((f) => `<a id="needs-${f}" href="/api/v1/needs/template?format=${f}&lang=${state.lang}" download>${f.toUpperCase()}</a>`).join(' · ');
  state.views.targets = {
    name: 'targets', chart: null,
    columns: [{ key: 'code' }, { key: 'name' }, { key: 'scope' }, { key: 'indicator' }, { key: 'unit' }, { key: 'latest_year' }, { key: 'latest_value' },
              { key: 'comparator' }, { key: 'target' }, { key: 'target_year' }, { key: 'status' }, { key: 'warning' }, { key: 'missing_values' }],
    rows: d.targets.map((x) => ({ code: x.code, name: x.name, scope: x.scope, indicator: x.indicator, unit: indByCode(x.indicator)?.unit || '',
                                  latest_year: x.latest_year, latest_value: x.latest_value, comparator: x.comparator, target: x.target,
                                  target_year: x.target_year, status: x.category, warning: x.warning,
                                  missing_values: need[`target:${x.code}`]?.cells.length ?? 0 })),
  };
}

async function exportView(view, kind) {
  const v = state.views[view];
  if (!v) return;
  const base = `regio_${v.name}`;
  if (kind === 'csv') RegioView.save(`${base}.csv`, new Blob([RegioView.toCSV(v.columns, v.rows)], { type: 'text/csv;charset=utf-8' }));
  else if (kind === 'xlsx') RegioView.save(`${base}.xlsx`, await RegioView.toXLSX(v.columns, v.rows, view));
  else if (kind === 'png' && v.chart) RegioView.save(`${base}.png`, RegioView.toPNG(v.chart));
  else if (kind === 'svg' && v.chart) RegioView.save(`${base}.svg`, RegioView.toSVG(v.chart));
}

async function refresh(what = { map: true, disparity: true, targets: true }) {
  const jobs = [];
  if (what.map) jobs.push(drawMap());
  if (what.disparity) jobs.push(drawDisparity());
  if (what.targets) jobs.push(drawTargets());
  if (state.region && what.region !== false) jobs.push(openRegion(state.region));
  if (what.compare !== false) jobs.push(drawCompare());
  await Promise.all(jobs);
  saveHash();
  document.body.dataset.ready = String(++state.ready);
}

function run(p) { p.catch(showError); }

async function main() {
  const h = loadHash();
  if (h.indicator) state.indicator = h.indicator;
  if (h.year) state.year = h.year;
  state.region = h.region;
  state.regionIndicator = h.series;
  state.compare = h.compare;
  applyLabels();
  const index = await api('');
  state.evaluation = Boolean(index.evaluation_scheme);
  // the current report, when the server was started with --report FILE
  $('report-wrap').hidden = !index.report;
  if (index.report) $('report-link').href = index.report;
  await loadIndicators();
  setYears();
  $('level').value = state.level;
  $('mode').value = state.mode;
  $('threshold').value = state.threshold;
  $('indicator').addEventListener('change', (e) => {
    state.indicator = e.target.value;
    setYears(false);
    run(refresh({ map: true, disparity: true, region: false, compare: false }));
  });
  $('level').addEventListener('change', (e) => {
    state.level = e.target.value;
    run((async () => { await loadIndicators(); setYears(false); await refresh({ map: true, disparity: true, region: false, compare: false }); })());
  });
  $('year').addEventListener('change', (e) => { state.year = Number(e.target.value); run(refresh({ map: true })); });
  $('mode').addEventListener('change', (e) => { state.mode = e.target.value; run(refresh({ map: true, region: false, compare: false })); });
  $('threshold').addEventListener('change', (e) => {
    const v = Number(e.target.value);
    if (!(v >= 0 && v <= 100)) return;
    state.threshold = v;
    setYears();
    run(refresh({ disparity: true, region: false, compare: false }));
  });
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    applyLabels();
    run((async () => { await loadIndicators(); setYears(); await refresh(); })());
  });
  $('region-close').addEventListener('click', () => { state.region = null; $('region-panel').hidden = true; saveHash(); });
  $('region-indicator').addEventListener('change', (e) => { state.regionIndicator = e.target.value; run(refresh({ compare: false })); });
  $('region-indicators').addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-code]');
    if (tr) { state.regionIndicator = tr.dataset.code; run(refresh({ compare: false })); }
  });
  $('region-compare').addEventListener('click', () => {
    if (state.region && !state.compare.includes(state.region)) state.compare.push(state.region);
    run(refresh({ region: false }));
  });
  $('compare-add').addEventListener('change', (e) => {
    if (e.target.value && !state.compare.includes(e.target.value)) state.compare.push(e.target.value);
    run(refresh({ region: false }));
  });
  $('compare-units').addEventListener('click', (e) => {
    const c = e.target.dataset.remove;
    if (c) { state.compare = state.compare.filter((x) => x !== c); run(refresh({ region: false })); }
  });
  $('compare-indicator').addEventListener('change', (e) => { state.compareIndicator = e.target.value; run(refresh({ region: false })); });
  document.querySelectorAll('button[data-export]').forEach((b) => b.addEventListener('click', () => run(exportView(b.dataset.view, b.dataset.export))));
  chart('map').on('click', (p) => { if (p.name) run(openRegion(p.name).then(saveHash)); });
  await refresh();
}

function showError(e) {
  console.error(e);
  $('map-note').textContent = String(e.message || e);
}

main().catch(showError);
