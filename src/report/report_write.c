/* report_write.c — the report model written as one self-contained HTML page (inline CSS and SVG, print CSS for
 * A4 with page breaks and running headers in @page margin boxes, fonts Debian ships: Noto CJK) and as JSON with the same tables. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "regio/json_out.h"
#include "report/report_internal.h"

static void esc(FILE *f, const char *s) {
    for (; s && *s; s++) {
        if (*s == '&') fputs("&amp;", f);
        else if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

static const char CSS[] =
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC',sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.5}"
    "h1{font-size:1.6em}h2{border-bottom:2px solid #2c7fb8;padding-bottom:.2em;margin-top:1.6em}"
    ".covered{background:#f3f6fa;border-left:4px solid #2c7fb8;padding:.4em .8em;font-size:.9em}"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.8em;width:100%}caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "th,td{border:1px solid #ccc;padding:.2em .4em;vertical-align:top}table[data-table=targets] td:nth-child(1){min-width:8em}"
    "table[data-table=targets] td:nth-child(13){font-size:.9em;min-width:14em}td{overflow-wrap:anywhere}th{background:#eef2f6}td.num{text-align:right;white-space:nowrap}"
    "tr.warn-green td:first-child{border-left:6px solid #1a9641}tr.warn-yellow td:first-child{border-left:6px solid #f0c419}"
    "tr.warn-red td:first-child{border-left:6px solid #d7191c}tr.warn-grey td:first-child{border-left:6px solid #999}"
    "tr.warn-green{background:#eaf6ec}tr.warn-yellow{background:#fdf7e1}tr.warn-red{background:#fbe9e9}tr.warn-grey{background:#f4f4f4}"
    "nav.toc ul{list-style:none;padding-left:0}nav.toc li{margin:.1em 0}.summary h3{margin:.8em 0 .2em;font-size:1.05em}"
    ".summary ul{margin:.2em 0;padding-left:1.4em}.summary p,.summary li{margin:.15em 0}"
    "figure{margin:1em 0;page-break-inside:avoid;break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{font-size:.8em;color:#555}"
    "@page{size:A4;margin:18mm 14mm 16mm 14mm;@bottom-right{content:counter(page) \" / \" counter(pages);font-size:8pt;color:#666}}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}header h1{font-size:14pt;margin:0 0 .2em}header p{font-size:8pt;margin:.1em 0}"
    "nav.toc ul{columns:3;font-size:8pt;margin:.3em 0}section#summary{font-size:8.6pt;line-height:1.32}"
    "section#summary h2{margin-top:.5em;margin-bottom:.3em}section#summary .covered{font-size:8pt;padding:.2em .6em}.summary h3{margin:.45em 0 .1em}section{page-break-before:always;break-before:page}"
    "section:first-of-type{page-break-before:auto}tr{page-break-inside:avoid;break-inside:avoid}thead{display:table-header-group}}";

/* the running header: a CSS string in an @page margin box (quotes, backslashes and < escaped) */
static void running_header(FILE *f, const char *title) {
    fputs("@page{@top-center{font-size:8pt;color:#666;content:\"", f);
    for (const char *p = title; p && *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p == '<') fputs("\\3c ", f);
        else if (*p == '\n') fputc(' ', f);
        else fputc(*p, f);
    }
    fputs("\"}}", f);
}

static void cell_html(FILE *f, const regio_rtable *t, size_t i, size_t j) {
    const regio_rcol *c = &t->cols[j];
    size_t k = i * t->ncols + j;
    if (c->type == REGIO_RCOL_TEXT) { fputs("<td>", f); esc(f, t->text[k] ? t->text[k] : ""); fputs("</td>", f); return; }
    double v = t->num[k];
    const char *b = t->text[k] ? t->text[k] : ""; /* a bound's sign */
    if (!isfinite(v)) fputs("<td class=\"num\">—</td>", f);
    else if (c->type == REGIO_RCOL_INT) fprintf(f, "<td class=\"num\">%s%.0f</td>", b, v);
    else fprintf(f, "<td class=\"num\">%s%.*f</td>", b, c->decimals, v);
}

static void table_html(FILE *f, const regio_report *r, const regio_rtable *t) {
    fprintf(f, "<table data-table=\"%s\"><caption>", t->key);
    esc(f, r->lang == REGIO_LANG_ZH ? t->title_zh : t->title_en);
    fputs("</caption><thead><tr>", f);
    for (size_t j = 0; j < t->ncols; j++) {
        fprintf(f, "<th data-key=\"%s\">", t->cols[j].key);
        esc(f, r->lang == REGIO_LANG_ZH ? t->cols[j].zh : t->cols[j].en);
        if (t->cols[j].unit[0]) { fputs(" (", f); esc(f, t->cols[j].unit); fputs(")", f); }
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->row_class[i]) fprintf(f, "<tr class=\"%s\">", t->row_class[i]);
        else fputs("<tr>", f);
        for (size_t j = 0; j < t->ncols; j++) cell_html(f, t, i, j);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

int regio_report_write_html(const regio_report *r, FILE *f, regio_error *err) {
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>", r->lang == REGIO_LANG_ZH ? "zh-CN" : "en");
    esc(f, r->title);
    fprintf(f, "</title><style>%s", CSS);
    running_header(f, r->title);
    fputs("</style></head><body>\n<header><h1>", f);
    esc(f, r->title);
    fprintf(f, "</h1><p>%s %s · regio %s · SHA-256 <code>%.16s…</code></p><nav class=\"toc\"><ul>", RTR(r, "生成于", "generated"), r->generated_at,
            r->version, r->db_sha256);
    for (size_t s = 0; s < r->nsections; s++) { /* the titles carry their numbers (regio__report_finish): the list adds none */
        fprintf(f, "<li><a href=\"#%s\">", r->sections[s].key);
        esc(f, r->sections[s].title);
        fputs("</a></li>", f);
    }
    fputs("</ul></nav></header>\n", f);
    for (size_t s = 0; s < r->nsections; s++) {
        const regio_rsection *sec = &r->sections[s];
        fprintf(f, "<section id=\"%s\"><h2>", sec->key);
        esc(f, sec->title);
        fprintf(f, "</h2><p class=\"covered\"><b>%s</b>", RTR(r, "本节数据：", "Data covered: "));
        esc(f, sec->covered ? sec->covered : "");
        fputs("</p>\n", f);
        for (size_t b = 0; b < sec->nblocks; b++) {
            if (sec->blocks[b].kind == REGIO_RBLOCK_HTML) fputs(sec->blocks[b].html ? sec->blocks[b].html : "", f);
            else table_html(f, r, &r->tables[sec->blocks[b].table]);
            fputc('\n', f);
        }
        fputs("</section>\n", f);
    }
    fputs("</body></html>\n", f);
    if (ferror(f)) return regio_error_set(err, REGIO_EIO, "报告写出失败", "the report could not be written");
    return REGIO_OK;
}

static json_t *table_json(const regio_rtable *t) {
    json_t *cols = json_array(), *rows = json_array();
    for (size_t j = 0; j < t->ncols; j++)
        json_array_append_new(cols, json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", t->cols[j].key, "zh", t->cols[j].zh, "en", t->cols[j].en,
                                              "unit", t->cols[j].unit,
                                              "type", t->cols[j].type == REGIO_RCOL_TEXT ? "text" : t->cols[j].type == REGIO_RCOL_INT ? "int" : "number"));
    for (size_t i = 0; i < t->nrows; i++) {
        json_t *row = json_object();
        for (size_t j = 0; j < t->ncols; j++) {
            size_t k = i * t->ncols + j;
            json_t *v;
            if (t->cols[j].type == REGIO_RCOL_TEXT) v = t->text[k] ? json_string(t->text[k]) : json_null();
            else if (t->cols[j].type == REGIO_RCOL_INT && isfinite(t->num[k])) v = json_integer((json_int_t)t->num[k]);
            else v = regio_json_num(t->num[k]);
            json_object_set_new(row, t->cols[j].key, v ? v : json_null());
            if (t->cols[j].type != REGIO_RCOL_TEXT && t->text[k] && isfinite(t->num[k])) { /* a bound: "latest_value_bound": "≥" */
                char bk[128];
                snprintf(bk, sizeof bk, "%s_bound", t->cols[j].key);
                json_object_set_new(row, bk, json_string(t->text[k]));
            }
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o}", "key", t->key, "title_zh", t->title_zh, "title_en", t->title_en, "columns", cols, "rows", rows);
}

int regio_report_write_json(const regio_report *r, FILE *f, regio_error *err) {
    json_t *secs = json_array(), *tables = json_object();
    for (size_t s = 0; s < r->nsections; s++) {
        json_t *keys = json_array();
        for (size_t b = 0; b < r->sections[s].nblocks; b++)
            if (r->sections[s].blocks[b].kind == REGIO_RBLOCK_TABLE)
                json_array_append_new(keys, json_string(r->tables[r->sections[s].blocks[b].table].key));
        json_array_append_new(secs, json_pack("{s:s, s:s, s:s, s:o}", "key", r->sections[s].key, "title", r->sections[s].title, "covered",
                                              r->sections[s].covered ? r->sections[s].covered : "", "tables", keys));
    }
    for (size_t t = 0; t < r->ntables; t++) json_object_set_new(tables, r->tables[t].key, table_json(&r->tables[t]));
    json_t *root = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "title", r->title, "year", r->year, "plan", r->plan_name,
                             "regio_version", r->version, "database_sha256", r->db_sha256, "generated_at", r->generated_at, "geometry",
                             r->geometry_source ? r->geometry_source : "", "summary", r->summary_text ? r->summary_text : "", "sections", secs,
                             "tables", tables);
    if (!root) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int rc = regio_json_dump(root, f, err);
    json_decref(root);
    return rc;
}
