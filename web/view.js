/* view.js — the dashboard's rules for showing data honestly, kept apart from the drawing (app.js) so that each
 * has one job: which indicator and year open the dashboard (the best coverage at the level), which years a trend
 * may be drawn over (coverage at or above a threshold) and where its line must break (a year left out, a year
 * with no value, a declared series break), and the exports of a view (CSV and XLSX of its numbers, PNG and SVG
 * of its chart). Everything here works on answers of /api/v1 as they come. */
'use strict';

const RegioView = (() => {
  // coverage of indicator ind at level: {units, years: [{year, n, complete, observed}], breaks: [{year, …}]}
  function coverage(ind, level) {
    const l = ind && ind.levels && ind.levels[level];
    return l ? { units: l.units, years: l.coverage, breaks: l.breaks } : { units: 0, years: [], breaks: [] };
  }

  // the year of ind at level with the most units whose value is complete; the latest of equals
  function bestYear(ind, level) {
    let best = null;
    for (const c of coverage(ind, level).years)
      if (!best || c.complete > best.complete || (c.complete === best.complete && c.year > best.year)) best = c;
    return best;
  }

  // the opening view: the indicator and year with the best coverage at the level (share of units with a
  // complete value, then the later year, then the plan's order)
  function defaultView(indicators, level) {
    let best = null;
    for (const ind of indicators) {
      const b = bestYear(ind, level);
      const units = coverage(ind, level).units;
      if (!b || !units) continue;
      const share = b.complete / units;
      if (!best || share > best.share + 1e-12 || (Math.abs(share - best.share) <= 1e-12 && b.year > best.year))
        best = { indicator: ind.code, year: b.year, share, n: b.complete, units };
    }
    return best;
  }

  // every year from the first to the last of a list (a trend's axis: missing years stay visible as gaps)
  function yearSpan(years) {
    if (!years.length) return [];
    const lo = Math.min(...years), hi = Math.max(...years), out = [];
    for (let y = lo; y <= hi; y++) out.push(y);
    return out;
  }

  // The runs of a line: consecutive years of axis that are drawn, a new run at every year not drawn and at every
  // break year (the first year on a new basis). Returns [[y0, y1], …] (inclusive).
  function segments(axis, drawn, breaks = []) {
    const runs = [];
    let cur = null;
    for (const y of axis) {
      if (!drawn.has(y)) { cur = null; continue; }
      if (cur && breaks.includes(y)) cur = null;
      if (!cur) { cur = [y, y]; runs.push(cur); } else cur[1] = y;
    }
    return runs;
  }

  function runsText(runs) { return runs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(','); }

  // ECharts line series, one per run, all with the same name and colour (the legend toggles them together):
  // values outside a run are null, so no run is ever joined to another
  function lineSeries(name, color, axis, valueOf, runs, extra = {}) {
    return runs.map(([a, b]) => ({
      name, type: 'line', color, connectNulls: false, symbolSize: 6, ...extra,
      data: axis.map((y) => (y >= a && y <= b ? valueOf(y) ?? null : null)),
    }));
  }

  // --- exports ---
  function csvCell(v) {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  // RFC 4180 with a byte order mark (spreadsheet programs then read the Chinese names as UTF-8)
  function toCSV(columns, rows) {
    const lines = [columns.map((c) => csvCell(c.key)).join(',')];
    for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.key])).join(','));
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  }

  function save(name, blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  // XLSX through write-excel-file (npm, web/node_modules): a header row, numbers as numbers
  async function toXLSX(columns, rows, sheet) {
    const head = columns.map((c) => ({ value: c.key, fontWeight: 'bold' }));
    const body = rows.map((r) => columns.map((c) => {
      const v = r[c.key];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
      return typeof v === 'number' ? { type: Number, value: v } : typeof v === 'boolean' ? { type: Boolean, value: v } : { type: String, value: String(v) };
    }));
    const w = writeXlsxFile([head, ...body], { sheet: (sheet || 'data').slice(0, 31) });
    return w && typeof w.toBlob === 'function' ? w.toBlob() : w;
  }

  // a chart as SVG: the same option drawn once more by ECharts' SVG renderer, off screen
  function toSVG(chart) {
    const el = chart.getDom();
    const w = el.clientWidth || 800, h = el.clientHeight || 500;
    const svg = echarts.init(null, null, { renderer: 'svg', ssr: true, width: w, height: h });
    const opt = chart.getOption();
    opt.animation = false;
    svg.setOption(opt);
    const text = svg.renderToSVGString();
    svg.dispose();
    return new Blob([text], { type: 'image/svg+xml' });
  }

  function toPNG(chart) {
    const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    const bin = atob(url.split(',')[1]);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: 'image/png' });
  }

  return { coverage, bestYear, defaultView, yearSpan, segments, runsText, lineSeries, toCSV, toXLSX, toSVG, toPNG, save };
})();
