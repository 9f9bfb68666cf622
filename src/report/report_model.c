/* report_model.c — the report's in-memory model: tables of typed cells with both headers and units, and
 * sections of blocks (prose, figures, tables). The builders fill it; the writers (HTML, JSON, XLSX) read it.
 * Allocation failures set r->failed and are reported once at the end of the build. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_internal.h"

static char *dup(regio_report *r, const char *s) {
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) r->failed = 1;
    return d;
}

long regio__report_table_new(regio_report *r, const char *key, const char *title_zh, const char *title_en) {
    regio_rtable *t = realloc(r->tables, (r->ntables + 1) * sizeof *t);
    if (!t) { r->failed = 1; return -1; }
    r->tables = t;
    memset(&t[r->ntables], 0, sizeof *t);
    t[r->ntables].key = dup(r, key);
    t[r->ntables].title_zh = dup(r, title_zh);
    t[r->ntables].title_en = dup(r, title_en);
    return (long)r->ntables++;
}

int regio__report_col(regio_report *r, long ti, const char *key, const char *zh, const char *en, const char *unit,
            regio_rcol_type type, int decimals) {
    if (ti < 0) return -1;
    regio_rtable *t = &r->tables[ti];
    regio_rcol *c = realloc(t->cols, (t->ncols + 1) * sizeof *c);
    if (!c) { r->failed = 1; return -1; }
    t->cols = c;
    c[t->ncols] = (regio_rcol){dup(r, key), dup(r, zh), dup(r, en), dup(r, unit ? unit : ""), type, decimals};
    t->ncols++;
    return 0;
}

long regio__report_row(regio_report *r, long ti) {
    if (ti < 0) return -1;
    regio_rtable *t = &r->tables[ti];
    size_t n = t->nrows + 1, m = t->ncols;
    char **text = realloc(t->text, n * m * sizeof *text);
    if (text) t->text = text;
    double *num = realloc(t->num, n * m * sizeof *num);
    if (num) t->num = num;
    char **cls = realloc(t->row_class, n * sizeof *cls);
    if (cls) t->row_class = cls;
    if (!text || !num || !cls) { r->failed = 1; return -1; }
    for (size_t j = 0; j < m; j++) { text[t->nrows * m + j] = NULL; num[t->nrows * m + j] = NAN; }
    cls[t->nrows] = NULL;
    return (long)t->nrows++;
}

void regio__report_set_text(regio_report *r, long ti, long row, size_t col, const char *text) {
    if (ti < 0 || row < 0) return;
    regio_rtable *t = &r->tables[ti];
    size_t k = (size_t)row * t->ncols + col;
    free(t->text[k]);
    t->text[k] = dup(r, text);
}

void regio__report_set_num(regio_report *r, long ti, long row, size_t col, double v) {
    if (ti < 0 || row < 0) return;
    regio_rtable *t = &r->tables[ti];
    t->num[(size_t)row * t->ncols + col] = v;
}

void regio__report_row_class(regio_report *r, long ti, long row, const char *cls) {
    if (ti < 0 || row < 0) return;
    free(r->tables[ti].row_class[row]);
    r->tables[ti].row_class[row] = dup(r, cls);
}

int regio__report_section(regio_report *r, const char *key, const char *title) {
    regio_rsection *s = realloc(r->sections, (r->nsections + 1) * sizeof *s);
    if (!s) { r->failed = 1; return -1; }
    r->sections = s;
    memset(&s[r->nsections], 0, sizeof *s);
    s[r->nsections].key = dup(r, key);
    s[r->nsections].title = dup(r, title);
    r->nsections++;
    return 0;
}

static regio_rblock *add_block(regio_report *r) {
    if (!r->nsections) return NULL;
    regio_rsection *s = &r->sections[r->nsections - 1];
    regio_rblock *b = realloc(s->blocks, (s->nblocks + 1) * sizeof *b);
    if (!b) { r->failed = 1; return NULL; }
    s->blocks = b;
    memset(&b[s->nblocks], 0, sizeof *b);
    return &b[s->nblocks++];
}

static char *vformat(const char *fmt, va_list ap) {
    va_list aq;
    va_copy(aq, ap);
    int k = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (k < 0) return NULL;
    char *buf = malloc((size_t)k + 1);
    if (buf) vsnprintf(buf, (size_t)k + 1, fmt, ap);
    return buf;
}

void regio__report_covered(regio_report *r, const char *fmt, ...) {
    if (!r->nsections) return;
    va_list ap;
    va_start(ap, fmt);
    char *t = vformat(fmt, ap);
    va_end(ap);
    if (!t) { r->failed = 1; return; }
    regio_rsection *s = &r->sections[r->nsections - 1];
    free(s->covered);
    s->covered = t;
}

void regio__report_html(regio_report *r, const char *html) {
    regio_rblock *b = add_block(r);
    if (b) { b->kind = REGIO_RBLOCK_HTML; b->html = dup(r, html); }
}

void regio__report_htmlf(regio_report *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *t = vformat(fmt, ap);
    va_end(ap);
    if (!t) { r->failed = 1; return; }
    regio_rblock *b = add_block(r);
    if (b) { b->kind = REGIO_RBLOCK_HTML; b->html = t; }
    else free(t);
}

void regio__report_para(regio_report *r, const char *text) {
    regio_svg *s = regio_svg_new();
    if (!s) { r->failed = 1; return; }
    regio_svg_printf(s, "<p>");
    regio_svg_text(s, text);
    regio_svg_printf(s, "</p>");
    if (s->failed) r->failed = 1;
    else regio__report_html(r, s->buf);
    regio_svg_free(s);
}

void regio__report_table_block(regio_report *r, long t) {
    if (t < 0) return;
    regio_rblock *b = add_block(r);
    if (b) { b->kind = REGIO_RBLOCK_TABLE; b->table = (size_t)t; }
}

int regio__report_failed(const regio_report *r) { return r->failed; }

const regio_rtable *regio__report_table_find(const regio_report *r, const char *key) {
    for (size_t i = 0; i < r->ntables; i++)
        if (strcmp(r->tables[i].key, key) == 0) return &r->tables[i];
    return NULL;
}

static long col_of(const regio_rtable *t, const char *key) {
    for (size_t j = 0; t && j < t->ncols; j++)
        if (strcmp(t->cols[j].key, key) == 0) return (long)j;
    return -1;
}

double regio__report_num(const regio_rtable *t, size_t row, const char *key) {
    long j = col_of(t, key);
    return j < 0 || row >= t->nrows ? NAN : t->num[row * t->ncols + (size_t)j];
}

const char *regio__report_text(const regio_rtable *t, size_t row, const char *key) {
    long j = col_of(t, key);
    return j < 0 || row >= t->nrows ? NULL : t->text[row * t->ncols + (size_t)j];
}

int regio__report_is_annex(const char *key) { return strncmp(key, "annex", 5) == 0; }

/* The section's number in the finished report: body sections 1, 2, … and annexes 1, 2, … apart, in report.csv's
 * order (regio__report_config_rank), counting the summary (built last) when it is wanted. 0 when there is no such section. */
int regio__report_section_number(const regio_report *r, const char *key) {
    int present = 0, summary = 0, n = 1, annex = regio__report_is_annex(key), rank = regio__report_config_rank(r->config, key);
    for (size_t i = 0; i < r->nsections; i++) {
        const char *k = r->sections[i].key;
        if (strcmp(k, key) == 0) present = 1;
        if (strcmp(k, "summary") == 0) summary = 1;
        if (strcmp(k, key) != 0 && regio__report_is_annex(k) == annex && regio__report_config_rank(r->config, k) < rank) n++;
    }
    /* the summary is built last: count it before it exists */
    if (!summary && regio__report_config_wants(r->config, "summary")) {
        if (strcmp(key, "summary") == 0) present = 1;
        else if (!annex && regio__report_config_rank(r->config, "summary") < rank) n++;
    }
    return present ? n : 0;
}

static const char *const ZH_NUM[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"};

void regio__report_section_label(const regio_report *r, const char *key, char *buf, size_t cap) {
    int n = regio__report_section_number(r, key);
    int zh = r->lang == REGIO_LANG_ZH;
    if (n <= 0) snprintf(buf, cap, "%s", "");
    else if (regio__report_is_annex(key)) {
        if (zh) snprintf(buf, cap, "附件%s", n < 16 ? ZH_NUM[n] : "");
        else snprintf(buf, cap, "Annex %c", 'A' + (n - 1) % 26);
    } else if (zh) snprintf(buf, cap, "第%s部分", n < 16 ? ZH_NUM[n] : "");
    else snprintf(buf, cap, "section %d", n);
}

void regio__report_finish(regio_report *r) {
    /* in report.csv's order, body sections before annexes (a stable insertion sort: a handful of sections) */
    for (size_t i = 1; i < r->nsections; i++) {
        regio_rsection x = r->sections[i];
        int ka = regio__report_is_annex(x.key), kr = regio__report_config_rank(r->config, x.key);
        size_t j = i;
        while (j > 0) {
            const regio_rsection *p = &r->sections[j - 1];
            int pa = regio__report_is_annex(p->key), pr = regio__report_config_rank(r->config, p->key);
            if (pa < ka || (pa == ka && pr <= kr)) break;
            r->sections[j] = *p;
            j--;
        }
        r->sections[j] = x;
    }
    /* numbered once, here: 一、… / 1. … for the body, 附件一 / Annex A for the annexes */
    int body = 0, annex = 0, zh = r->lang == REGIO_LANG_ZH;
    for (size_t i = 0; i < r->nsections; i++) {
        regio_rsection *s = &r->sections[i];
        char t[600];
        if (regio__report_is_annex(s->key)) {
            annex++;
            if (zh) snprintf(t, sizeof t, "附件%s　%s", annex < 16 ? ZH_NUM[annex] : "", s->title ? s->title : "");
            else snprintf(t, sizeof t, "Annex %c. %s", 'A' + (annex - 1) % 26, s->title ? s->title : "");
        } else {
            body++;
            if (zh) snprintf(t, sizeof t, "%s、%s", body < 16 ? ZH_NUM[body] : "", s->title ? s->title : "");
            else snprintf(t, sizeof t, "%d. %s", body, s->title ? s->title : "");
        }
        char *d = strdup(t);
        if (!d) { r->failed = 1; continue; }
        free(s->title);
        s->title = d;
    }
}

void regio_report_free(regio_report *r) {
    if (!r) return;
    for (size_t i = 0; i < r->ntables; i++) {
        regio_rtable *t = &r->tables[i];
        for (size_t j = 0; j < t->ncols; j++) { free(t->cols[j].key); free(t->cols[j].zh); free(t->cols[j].en); free(t->cols[j].unit); }
        for (size_t k = 0; t->text && k < t->nrows * t->ncols; k++) free(t->text[k]);
        for (size_t k = 0; t->row_class && k < t->nrows; k++) free(t->row_class[k]);
        free(t->cols); free(t->text); free(t->num); free(t->row_class);
        free(t->key); free(t->title_zh); free(t->title_en);
    }
    free(r->tables);
    for (size_t i = 0; i < r->nsections; i++) {
        regio_rsection *s = &r->sections[i];
        for (size_t b = 0; b < s->nblocks; b++) free(s->blocks[b].html);
        free(s->blocks); free(s->key); free(s->title); free(s->covered);
    }
    free(r->sections);
    free(r->plan_name); free(r->title); free(r->version); free(r->db_sha256); free(r->db_path); free(r->generated_at);
    free(r->geometry_source);
    free(r->summary_text);
    regio__report_config_free(r->config);
    free(r);
}
