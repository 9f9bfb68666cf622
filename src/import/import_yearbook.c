/* import_yearbook.c — statistical-yearbook tables as they are published, read without a mapping file.
 *
 * A yearbook table (统计年鉴) is not a clean grid: a title row ("表3-5 各州市地区生产总值"), a unit row
 * ("单位：万元"), a header of one or more rows whose upper cells are merged over the columns they head
 * ("地区生产总值" over "2019年 | 2020年"), a total row (全省, 合计), rows keyed by region *names* (often padded:
 * "五 华 区"), and footnotes (注：…, 资料来源：…). The table is read raw (no header row; .xlsx merged ranges filled,
 * core/xlsx.c) and its shape inferred here, in this order:
 *   1. the region column: of the first three columns, the one whose cells most often name a region;
 *   2. the first data row: the first row whose region cell names a region (or is a total) and that holds a figure;
 *   3. above it: title rows (one distinct text), unit cells (单位：X, anywhere above the data) and the header rows;
 *      below it: data rows up to the footnotes;
 *   4. each column's label: its header cells top to bottom (in a CSV export a merged cell is a value followed by
 *      empty cells, so an empty cell in an upper header row takes its left neighbour's text, and one in the last
 *      header row the text above it); a label part is a year ("2020", "2020年"), a unit in parentheses, or an
 *      indicator code or name (names.h); --indicator and --year fill what the label does not say;
 *   5. each row's region: by code or name (names.h); a total row is the province (全省) or the one parent all
 *      other rows share (合计/总计 of a prefecture's counties), else it is refused — never imported as a region.
 * Units scale into the indicator's unit within a family (元/万元/亿元/万亿元, 人/万人, ‰/%); a unit that does not
 * convert is a problem. A column with figures that maps to nothing is a problem unless --ignore names it. Every
 * inference is kept in the report (regio_import_shape) so --dry-run can show it before anything is written.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "import/import_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

static const char *cellt(const regio_table *t, size_t i, size_t j) { return regio_table_cell(t, i, j); }

static int is_num(const char *s) {
    double v;
    return regio_parse_number(s, &v) == 0;
}

static int year_of(const char *h) {
    char buf[16];
    size_t n = strlen(h);
    if (n >= 4 + 3 && strcmp(h + n - 3, "年") == 0) n -= 3;
    if (n != 4) return 0;
    memcpy(buf, h, 4);
    buf[4] = '\0';
    long y;
    return regio_parse_long(buf, &y) == 0 && y >= 1000 && y <= 9999 ? (int)y : 0;
}

/* ---- units ---- */

typedef struct unit_def { const char *name; int family; double factor; } unit_def;
static const unit_def UNITS[] = {
    {"元", 1, 1}, {"千元", 1, 1e3}, {"万元", 1, 1e4}, {"百万元", 1, 1e6}, {"亿元", 1, 1e8}, {"万亿元", 1, 1e12},
    {"人", 2, 1}, {"千人", 2, 1e3}, {"万人", 2, 1e4}, {"亿人", 2, 1e8},
    {"%", 3, 1}, {"‰", 3, 0.1}, {"％", 3, 1},
    {"平方公里", 4, 1}, {"平方千米", 4, 1}, {"km²", 4, 1}, {"km2", 4, 1},
};

static const unit_def *unit_find(const char *u) {
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
        if (strcmp(UNITS[i].name, u) == 0) return &UNITS[i];
    return NULL;
}

/* Factor from unit `from` into `to`; 0 when they do not convert. Equal texts are 1. */
static double unit_scale(const char *from, const char *to) {
    if (strcmp(from, to) == 0) return 1;
    const unit_def *a = unit_find(from), *b = unit_find(to);
    if (!a || !b || a->family != b->family) return 0;
    return a->factor / b->factor;
}

/* "单位：万元", "单位:万人", "（单位：亿元）" → the unit into buf; 0 when s holds no unit statement. */
static int unit_cell(const char *s, char *buf, size_t cap) {
    const char *p = strstr(s, "单位");
    if (!p) return 0;
    p += strlen("单位");
    while (*p == ' ') p++;
    if (strncmp(p, "：", strlen("：")) == 0) p += strlen("：");
    else if (*p == ':') p++;
    else return 0;
    while (*p == ' ') p++;
    size_t n = 0;
    while (p[n] && strncmp(p + n, "）", strlen("）")) != 0 && p[n] != ')' && p[n] != ' ' && p[n] != ',' &&
           strncmp(p + n, "，", strlen("，")) != 0)
        n++;
    if (!n || n >= cap) return 0;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return 1;
}

static int is_footnote(const char *s) {
    static const char *const P[] = {"注：", "注:", "注1", "注 ", "注①", "说明：", "说明:", "资料来源", "数据来源", "来源：",
                                    "来源:", "*", "①", "备注："};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (strncmp(s, P[i], strlen(P[i])) == 0) return 1;
    return strcmp(s, "注") == 0;
}

/* ---- the clean case ---- */

int regio_import_wide_is_clean(const regio_table *raw, const regio_import_opts *o) {
    static const char *const REGION_HEADERS[] = {"region", "code", "代码", "地区代码", "区划代码", "行政区划代码",
                                                 "地区", "地区名称", "名称", "name"};
    if (!o->indicator && !o->year) return 0;
    if (raw->nrows == 0) return 1; /* let the plain reader say what is wrong */
    int region = 0;
    for (size_t j = 0; j < raw->ncols; j++) {
        const char *h = cellt(raw, 0, j);
        if (!*h) return 0; /* an empty header cell: a merged or title row */
        for (size_t k = 0; k < sizeof REGION_HEADERS / sizeof REGION_HEADERS[0]; k++)
            if (strcmp(h, REGION_HEADERS[k]) == 0) region = 1;
    }
    return region;
}

/* ---- shape ---- */

void regio_import_shape_free(regio_import_shape *s) {
    if (!s) return;
    for (size_t i = 0; i < s->ncols; i++) {
        regio_import_column *c = &s->cols[i];
        free(c->column); free(c->label); free(c->indicator); free(c->unit); free(c->note_zh); free(c->note_en);
    }
    for (size_t i = 0; i < s->nrows; i++) {
        regio_import_rowmap *r = &s->rows[i];
        free(r->text); free(r->region); free(r->how_zh); free(r->how_en);
    }
    free(s->cols); free(s->rows); free(s->footnotes); free(s->title); free(s->unit);
    free(s);
}

/* Appends part to a " / "-joined label (dynamic). */
static int join(char **dst, const char *part, const char *sep) {
    size_t a = *dst ? strlen(*dst) : 0, b = strlen(part), s = a ? strlen(sep) : 0;
    char *n = realloc(*dst, a + s + b + 1);
    if (!n) return -1;
    if (s) memcpy(n + a, sep, s);
    memcpy(n + a + s, part, b + 1);
    *dst = n;
    return 0;
}

typedef struct col_info {
    char *label;
    const char *indicator; /* plan code */
    int year;
    char unit[64];
    double scale;
    int data, ignored, mapped;
} col_info;

/* A region cell without the "of which" marks yearbooks put before sub-items ("其中：昆明市", "#昆明市"). */
static const char *region_text(const char *s) {
    static const char *const P[] = {"其中：", "其中:", "其中", "#", "＃", "　"};
    for (int again = 1; again;) {
        again = 0;
        while (*s == ' ') s++;
        for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
            if (strncmp(s, P[i], strlen(P[i])) == 0 && s[strlen(P[i])]) { s += strlen(P[i]); again = 1; }
    }
    return s;
}

/* Whether the region text resolves (a total word counts). */
static int names_region(regio_import_ctx *c, const char *s) {
    s = region_text(s);
    if (!*s) return 0;
    if (regio_import_is_total(s)) return 1;
    regio_name_match m;
    regio_error e;
    return regio_names_find(c->names, REGIO_NAME_REGION, s, &m, &e) == REGIO_OK;
}

static int row_has_figure(const regio_table *t, size_t i, size_t rc) {
    for (size_t j = 0; j < t->ncols; j++)
        if (j != rc && is_num(cellt(t, i, j))) return 1;
    return 0;
}

/* Distinct non-empty texts of row i (2 = two or more). */
static int distinct(const regio_table *t, size_t i, const char **one) {
    const char *first = NULL;
    int n = 0;
    for (size_t j = 0; j < t->ncols; j++) {
        const char *s = cellt(t, i, j);
        if (!*s) continue;
        if (!first) { first = s; n = 1; }
        else if (strcmp(first, s) != 0) return 2;
    }
    if (one) *one = first;
    return n;
}

/* Splits a label part into year, unit (in parentheses) and the rest. */
static void parse_part(const char *part, char *rest, size_t cap, int *year, char *unit, size_t ucap) {
    snprintf(rest, cap, "%s", part);
    /* a unit in parentheses, full-width or not */
    const char *opens[] = {"（", "("}, *closes[] = {"）", ")"};
    for (int k = 0; k < 2; k++) {
        char *o = strstr(rest, opens[k]);
        char *e = o ? strstr(o, closes[k]) : NULL;
        if (!o || !e) continue;
        size_t ol = strlen(opens[k]), n = (size_t)(e - o - (long)ol);
        char inner[64];
        if (n >= sizeof inner) continue;
        memcpy(inner, o + ol, n);
        inner[n] = '\0';
        char u[64];
        const char *uu = unit_cell(inner, u, sizeof u) ? u : inner;
        if (unit_find(uu) || strstr(uu, "元") || strstr(uu, "人")) {
            snprintf(unit, ucap, "%s", uu);
            memmove(o, e + strlen(closes[k]), strlen(e + strlen(closes[k])) + 1);
        }
    }
    size_t n = strlen(rest);
    while (n && rest[n - 1] == ' ') rest[--n] = '\0';
    int y = year_of(rest);
    if (y) { *year = y; rest[0] = '\0'; }
}

int regio_import_yearbook(regio_import_ctx *c, const regio_table *t, regio_error *err) {
    const regio_import_opts *o = c->opts;
    regio_import_report *r = c->report;
    int rc = regio_import_names(c, err);
    if (rc) return rc;
    regio_import_shape *sh = calloc(1, sizeof *sh);
    if (!sh) return OOM(err);
    r->shape = sh;
    sh->merged = t->nmerged;
    col_info *ci = calloc(t->ncols ? t->ncols : 1, sizeof *ci);
    if (!ci) return OOM(err);
    char letter[16];

    /* 1. the region column */
    size_t rcol = 0, best = 0;
    for (size_t j = 0; j < t->ncols && j < 3; j++) {
        size_t n = 0;
        for (size_t i = 0; i < t->nrows; i++) n += names_region(c, cellt(t, i, j));
        if (n > best) { best = n; rcol = j; }
    }
    /* 2. the first data row */
    size_t first = t->nrows;
    for (size_t i = 0; i < t->nrows && first == t->nrows; i++)
        if (names_region(c, cellt(t, i, rcol)) && row_has_figure(t, i, rcol)) first = i;
    if (first == t->nrows) {
        rc = regio_import_problem_add(r, 0, "", "找不到数据行：没有一行的地区列（前三列之一）写着规划中的地区并带有数字",
                                      "no data row found: no row names a region of the plan (in one of the first three columns) and holds a figure");
        goto out;
    }
    /* 3. above: title, unit, header rows */
    size_t h0 = 0;
    for (size_t i = 0; i < first; i++) {
        char u[64];
        int units = 0, other = 0;
        for (size_t j = 0; j < t->ncols; j++) {
            const char *s = cellt(t, i, j);
            if (!*s) continue;
            if (unit_cell(s, u, sizeof u)) {
                units = 1;
                free(sh->unit);
                sh->unit = regio_strdup(u);
                sh->unit_line = t->line[i];
                if (!sh->unit) { rc = OOM(err); goto out; }
            } else {
                other = 1;
            }
        }
        const char *one = NULL;
        int nd = distinct(t, i, &one);
        if (units && !other) { h0 = i + 1; continue; }                    /* a unit row */
        if (h0 == i && nd == 1 && i + 1 < first && !year_of(one) && !units) { /* a title row */
            if (join(&sh->title, one, " / ")) { rc = OOM(err); goto out; }
            h0 = i + 1;
            continue;
        }
        if (units && nd == 1 && h0 == i && i + 1 < first) { /* title and unit in one row */
            if (join(&sh->title, one, " / ")) { rc = OOM(err); goto out; }
            h0 = i + 1;
        }
    }
    if (h0 >= first) {
        rc = regio_import_problem_add(r, t->line[first], "", "第一个数据行上方没有表头行（列名）",
                                      "there is no header row (column names) above the first data row");
        goto out;
    }
    sh->header_first = t->line[h0];
    sh->header_last = t->line[first - 1];
    sh->data_first = t->line[first];
    /* 4. column labels */
    for (size_t j = 0; j < t->ncols; j++) {
        ci[j].scale = 1;
        if (j == rcol) continue;
        const char *prev = NULL;
        for (size_t i = h0; i < first; i++) {
            const char *s = cellt(t, i, j);
            char u[64];
            if (*s && unit_cell(s, u, sizeof u) && !strstr(s, "地区")) { /* a unit cell inside the header */
                snprintf(ci[j].unit, sizeof ci[j].unit, "%s", u);
                continue;
            }
            if (!*s && i + 1 < first) {
                /* an upper header cell merged over the columns to its right (CSV export): the left text */
                for (size_t k = j; k-- > 0 && k != rcol;) {
                    const char *l = cellt(t, i, k);
                    if (*l) { s = l; break; }
                }
            }
            if (!*s) continue;
            if (prev && strcmp(prev, s) == 0) continue; /* a vertical merge repeats the text */
            if (join(&ci[j].label, s, " / ")) { rc = OOM(err); goto out; }
            prev = s;
            char rest[256];
            parse_part(s, rest, sizeof rest, &ci[j].year, ci[j].unit, sizeof ci[j].unit);
            if (*rest) {
                regio_name_match m;
                regio_error e;
                if (regio_names_find(c->names, REGIO_NAME_INDICATOR, rest, &m, &e) == REGIO_OK)
                    ci[j].indicator = c->plan->indicators[m.index].code;
            }
        }
    }
    /* below: data rows and footnotes */
    size_t last = first;
    for (size_t i = first; i < t->nrows; i++) {
        const char *lab = cellt(t, i, rcol), *one = NULL;
        const char *f0 = NULL;
        for (size_t j = 0; j < t->ncols && !f0; j++) if (*cellt(t, i, j)) f0 = cellt(t, i, j);
        if (f0 && is_footnote(f0) && (distinct(t, i, &one) == 1 || !row_has_figure(t, i, rcol))) {
            long *nf = realloc(sh->footnotes, (sh->nfootnotes + 1) * sizeof *nf);
            if (!nf) { rc = OOM(err); goto out; }
            sh->footnotes = nf;
            sh->footnotes[sh->nfootnotes++] = t->line[i];
            continue;
        }
        if (sh->nfootnotes) continue; /* text after the footnotes belongs to them */
        (void)lab;
        last = i;
        for (size_t j = 0; j < t->ncols; j++)
            if (j != rcol && is_num(cellt(t, i, j))) ci[j].data = 1;
    }
    sh->data_last = t->line[last];
    /* the columns' meaning */
    sh->cols = calloc(t->ncols ? t->ncols : 1, sizeof *sh->cols);
    if (!sh->cols) { rc = OOM(err); goto out; }
    for (size_t j = 0; j < t->ncols; j++) {
        regio_import_column *oc = &sh->cols[sh->ncols++];
        regio_import_col_letter(j, letter, sizeof letter);
        col_info *x = &ci[j];
        const char *label = x->label ? x->label : "";
        char nz[512] = "", ne[512] = "";
        if (j == rcol) {
            snprintf(nz, sizeof nz, "地区列（编码或名称）");
            snprintf(ne, sizeof ne, "the region column (codes or names)");
            for (size_t i = h0; i < first && !*label; i++) label = cellt(t, i, j);
        } else {
            if (!x->indicator && o->indicator) x->indicator = o->indicator;
            if (!x->year && o->year) x->year = o->year;
            x->ignored = regio_import_ignored(o, label, j) || regio_import_ignored(o, letter, j);
            if (x->ignored) {
                snprintf(nz, sizeof nz, "按 --ignore 不导入");
                snprintf(ne, sizeof ne, "left out (--ignore)");
            } else if (!x->data) {
                snprintf(nz, sizeof nz, "没有数字，不导入");
                snprintf(ne, sizeof ne, "holds no figures, not imported");
            } else if (!x->indicator || !x->year) {
                char rest[256] = "";
                if (!x->indicator && x->label) {
                    /* the first label part that is not a year or a unit: what the user wrote for the indicator */
                    for (const char *lp = x->label; lp && !*rest;) {
                        const char *e = strstr(lp, " / ");
                        char part[256];
                        size_t n = e ? (size_t)(e - lp) : strlen(lp);
                        if (n >= sizeof part) n = sizeof part - 1;
                        memcpy(part, lp, n);
                        part[n] = '\0';
                        int y = 0;
                        char u[64] = "";
                        parse_part(part, rest, sizeof rest, &y, u, sizeof u);
                        lp = e ? e + 3 : NULL;
                    }
                }
                const char *near = *rest ? regio_names_suggest(c->names, REGIO_NAME_INDICATOR, rest) : NULL;
                if (!x->indicator && near)
                    rc = regio_import_problem_add(r, sh->header_last, letter,
                        "第 %s 列“%s”有数字，但表头不是指标编码或名称——是不是“%s”？请改正表头、用 --indicator 指定，或用 --ignore %s 明确不导入",
                        "column %s '%s' holds figures but its header names no indicator — did you mean %s? Correct it, give --indicator, or --ignore %s to leave it out",
                        letter, label, near, letter);
                else if (!x->indicator)
                    rc = regio_import_problem_add(r, sh->header_last, letter,
                        "第 %s 列“%s”有数字，但表头不是指标编码或名称（见 regio indicators）；请改正表头、用 --indicator 指定，或用 --ignore %s 明确不导入",
                        "column %s '%s' holds figures but its header names no indicator (see regio indicators); correct it, give --indicator, or --ignore %s to leave it out",
                        letter, label, letter);
                else
                    rc = regio_import_problem_add(r, sh->header_last, letter,
                        "第 %s 列“%s”有数字，但表头没有年份；请在表头写出年份、用 --year 指定，或用 --ignore %s 明确不导入",
                        "column %s '%s' holds figures but its header gives no year; write the year, give --year, or --ignore %s to leave it out",
                        letter, label, letter);
                if (rc) { rc = OOM(err); goto out; }
                snprintf(nz, sizeof nz, "无法映射（见问题）");
                snprintf(ne, sizeof ne, "maps to nothing (see the problems)");
            } else {
                long k = regio_plan_indicator(c->plan, x->indicator);
                const char *iu = k >= 0 ? c->plan->indicators[k].unit : "";
                const char *u = *x->unit ? x->unit : sh->unit ? sh->unit : "";
                if (*u && u != x->unit) snprintf(x->unit, sizeof x->unit, "%s", u);
                if (!*u) {
                    snprintf(nz, sizeof nz, "未注明单位，按指标单位 %s", iu);
                    snprintf(ne, sizeof ne, "unit not stated: taken as the indicator's %s", iu);
                } else if ((x->scale = unit_scale(u, iu)) == 0) {
                    x->scale = 1;
                    if (regio_import_problem_add(r, sh->header_last, letter,
                            "第 %s 列的单位“%s”无法换算为指标 %s 的单位“%s”",
                            "column %s: unit '%s' does not convert into the unit of %s ('%s')", letter, u,
                            x->indicator, iu)) { rc = OOM(err); goto out; }
                    snprintf(nz, sizeof nz, "单位无法换算");
                    snprintf(ne, sizeof ne, "unit does not convert");
                } else if (x->scale != 1) {
                    snprintf(nz, sizeof nz, "%s → %s，乘以 %g", u, iu, x->scale);
                    snprintf(ne, sizeof ne, "%s → %s: × %g", u, iu, x->scale);
                } else {
                    snprintf(nz, sizeof nz, "单位 %s", u);
                    snprintf(ne, sizeof ne, "unit %s", u);
                }
                x->mapped = 1;
            }
        }
        oc->column = regio_strdup(letter);
        oc->label = regio_strdup(label);
        oc->indicator = regio_strdup(x->mapped ? x->indicator : "");
        oc->year = x->mapped ? x->year : 0;
        oc->unit = regio_strdup(x->unit);
        oc->scale = x->scale;
        oc->note_zh = regio_strdup(nz);
        oc->note_en = regio_strdup(ne);
        if (!oc->column || !oc->label || !oc->indicator || !oc->unit || !oc->note_zh || !oc->note_en) { rc = OOM(err); goto out; }
    }
    /* 5. rows → regions */
    c->no_source = !o->source;
    if (c->no_source && regio_import_problem_add(r, 0, "source", "出版的年鉴表没有 source 列：请用 --source 给出来源（如 “云南统计年鉴2021 表3-5”）",
                                                 "a published yearbook table has no source column: give --source (e.g. '云南统计年鉴2021 表3-5')")) { rc = OOM(err); goto out; }
    long *reg = calloc(t->nrows ? t->nrows : 1, sizeof *reg);
    sh->rows = calloc(t->nrows ? t->nrows : 1, sizeof *sh->rows);
    if (!reg || !sh->rows) { free(reg); rc = OOM(err); goto out; }
    regio_import_col_letter(rcol, letter, sizeof letter);
    long parent = -2; /* the one parent of the named rows: -2 none seen, -3 several */
    for (size_t i = first; i <= last; i++) {
        reg[i] = -1;
        const char *lab = region_text(cellt(t, i, rcol));
        if (!*lab || regio_import_is_total(lab)) continue;
        regio_name_match m;
        regio_error e;
        if (regio_names_find(c->names, REGIO_NAME_REGION, lab, &m, &e) == REGIO_OK) {
            reg[i] = m.index;
            long pa = c->plan->regions[m.index].parent;
            parent = parent == -2 ? pa : parent == pa ? pa : -3;
        }
    }
    long root = regio_plan_root(c->plan);
    for (size_t i = first; i <= last && !rc; i++) {
        const char *lab = region_text(cellt(t, i, rcol));
        regio_import_rowmap *rm = &sh->rows[sh->nrows++];
        rm->line = t->line[i];
        rm->text = regio_strdup(lab);
        const char *hz = "", *he = "";
        char bz[REGIO_ERRMSG_MAX + 64] = "", be[REGIO_ERRMSG_MAX + 64] = "";
        if (!*lab) {
            if (row_has_figure(t, i, rcol))
                rc = regio_import_problem_add(r, t->line[i], letter, "单元格 %s%ld：数据行没有地区", "cell %s%ld: a data row without a region",
                                              letter, t->line[i]);
            hz = "空"; he = "empty";
        } else if (regio_import_is_total(lab)) {
            long to = strstr(lab, "全省") || strcmp(lab, "全 省") == 0 ? root : parent >= 0 ? parent : -1;
            if (to >= 0) {
                reg[i] = to;
                snprintf(bz, sizeof bz, "合计行 → %s", c->plan->regions[to].name_zh);
                snprintf(be, sizeof be, "total row → %s", c->plan->regions[to].name_zh);
                hz = bz; he = be;
            } else {
                rc = regio_import_problem_add(r, t->line[i], letter,
                    "单元格 %s%ld：合计行“%s”所合计的各行没有共同的上级地区，无法判断它是哪个地区；请写出地区编码或删去该行",
                    "cell %s%ld: total row '%s' sums rows with no one parent region, so which region it is cannot be told; write its code or delete the row",
                    letter, t->line[i], lab);
                hz = "合计行，无法对应"; he = "total row, not matched";
            }
        } else if (reg[i] >= 0) {
            hz = "名称或编码"; he = "name or code";
        } else {
            regio_name_match m;
            regio_error e;
            regio_names_find(c->names, REGIO_NAME_REGION, lab, &m, &e);
            if (e.code == REGIO_ENOMEM) { rc = OOM(err); break; }
            if (row_has_figure(t, i, rcol)) {
                snprintf(bz, sizeof bz, "单元格 %s%ld：%s", letter, t->line[i], e.zh);
                snprintf(be, sizeof be, "cell %s%ld: %s", letter, t->line[i], e.en);
                rc = regio_import_problem_text(r, t->line[i], letter, bz, be);
                hz = "未知"; he = "unknown";
            } else {
                hz = "无数字的行（如小标题），跳过"; he = "a row without figures (a sub-heading?), skipped";
            }
        }
        if (rc) { rc = OOM(err); break; }
        rm->region = regio_strdup(reg[i] >= 0 ? c->plan->regions[reg[i]].code : "");
        rm->how_zh = regio_strdup(hz);
        rm->how_en = regio_strdup(he);
        if (!rm->text || !rm->region || !rm->how_zh || !rm->how_en) { rc = OOM(err); break; }
        if (reg[i] < 0) continue;
        for (size_t j = 0; j < t->ncols && !rc; j++) {
            if (!ci[j].mapped) continue;
            const char *v = cellt(t, i, j);
            if (regio_import_is_placeholder(v)) { r->skipped_empty++; continue; }
            char col[16];
            regio_import_col_letter(j, col, sizeof col);
            regio_import_cell cell = {
                .line = t->line[i],
                .region = c->plan->regions[reg[i]].code, .region_col = letter,
                .indicator = ci[j].indicator, .indicator_col = sh->cols[j].column,
                .year = ci[j].year, .year_col = sh->cols[j].column,
                .value = v, .value_col = sh->cols[j].column,
                .scale = ci[j].scale, .source = o->source,
            };
            if (regio_import_add(c, &cell)) rc = OOM(err);
        }
    }
    free(reg);
    /* the columns left out, for the report's "ignored" list */
    if (!rc) {
        char *ign = NULL;
        for (size_t j = 0; j < sh->ncols && !rc; j++)
            if (j != rcol && !ci[j].mapped && (ci[j].ignored || !ci[j].data) && *sh->cols[j].label &&
                join(&ign, sh->cols[j].label, ", "))
                rc = OOM(err);
        if (!rc && ign) { free(r->ignored); r->ignored = ign; }
    }
out:
    for (size_t j = 0; j < t->ncols; j++) free(ci[j].label);
    free(ci);
    return rc;
}
