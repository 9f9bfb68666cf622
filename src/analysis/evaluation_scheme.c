/* evaluation_scheme.c — reading an evaluation scheme (data/yunnan/evaluation/schemes.csv + indicators.csv,
 * docs/evaluation.md) into per-zone dimensions and weighted indicators, with the checks of any import: every
 * error names file, line and column. Schemes are data so a user sets the weights without touching code. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "regio/evaluation.h"
#include "regio/table.h"

void regio_scheme_free(regio_scheme *s) {
    if (!s) return;
    for (int z = 0; z < REGIO_NZONES; z++) {
        regio_scheme_zone *sz = &s->zone[z];
        for (size_t d = 0; d < sz->ndims; d++) {
            free(sz->dims[d].code);
            free(sz->dims[d].name_zh);
            free(sz->dims[d].name_en);
            free(sz->dims[d].note);
        }
        free(sz->dims);
        free(sz->inds);
        for (size_t k = 0; k < sz->nmandate; k++) {
            for (size_t q = 0; q < sz->mandate[k].ncand; q++) {
                regio_mandate_ind *c = &sz->mandate[k].cand[q];
                free(c->code); free(c->name_zh); free(c->name_en); free(c->unit); free(c->direction); free(c->published_in); free(c->note);
            }
            free(sz->mandate[k].cand);
            free(sz->mandate[k].code);
            free(sz->mandate[k].name_zh);
            free(sz->mandate[k].name_en);
            free(sz->mandate[k].basis);
        }
        free(sz->mandate);
        free(sz->basis);
    }
    free(s->name);
    free(s->dir);
    free(s);
}

static int col(const regio_table *t, const char *path, const char *name, long *out, regio_error *err) {
    *out = regio_table_col(t, name);
    if (*out < 0)
        return regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少列 %s", "%s line %ld: column %s is missing", path,
                               t->header_line, name);
    return REGIO_OK;
}

/* a cell error: each language has its own description, so the two messages are formatted apart */
static int bad(regio_error *err, const char *path, long line, long c, const char *what_zh, const char *what_en,
               const char *text) {
    char zh[REGIO_ERRMSG_MAX], en[REGIO_ERRMSG_MAX];
    snprintf(zh, sizeof zh, "%s 第 %ld 行第 %ld 列：%s：“%s”", path, line, c + 1, what_zh, text);
    snprintf(en, sizeof en, "%s line %ld column %ld: %s: '%s'", path, line, c + 1, what_en, text);
    return regio_error_set_text(err, REGIO_EINVAL, zh, en);
}

static int read_settings(regio_scheme *s, const char *path, regio_error *err) {
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long cs, cz, cn, ca, cb;
    if ((rc = col(t, path, "scheme", &cs, err)) || (rc = col(t, path, "zone", &cz, err)) ||
        (rc = col(t, path, "normalise", &cn, err)) || (rc = col(t, path, "aggregate", &ca, err)) ||
        (rc = col(t, path, "basis", &cb, err)))
        goto done;
    int seen[REGIO_NZONES] = {0};
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(regio_table_cell(t, r, (size_t)cs), s->name) != 0) continue;
        int z;
        const char *zs = regio_table_cell(t, r, (size_t)cz), *ns = regio_table_cell(t, r, (size_t)cn),
                   *as = regio_table_cell(t, r, (size_t)ca);
        if (regio_zone_parse(zs, &z)) { rc = bad(err, path, t->line[r], cz, "未知主体功能区类型", "unknown zone type", zs); goto done; }
        if (seen[z]) { rc = bad(err, path, t->line[r], cz, "类型重复", "zone given twice", zs); goto done; }
        seen[z] = 1;
        regio_scheme_zone *sz = &s->zone[z];
        if (strcmp(ns, "minmax") == 0) sz->norm = REGIO_NORM_MINMAX;
        else if (strcmp(ns, "zscore") == 0) sz->norm = REGIO_NORM_ZSCORE;
        else if (strcmp(ns, "rank") == 0) sz->norm = REGIO_NORM_RANK;
        else { rc = bad(err, path, t->line[r], cn, "未知标准化方法（minmax/zscore/rank）", "unknown normalisation (minmax/zscore/rank)", ns); goto done; }
        if (strcmp(as, "arith") == 0) sz->agg = REGIO_COMP_ARITH;
        else if (strcmp(as, "geom") == 0) sz->agg = REGIO_COMP_GEOM;
        else { rc = bad(err, path, t->line[r], ca, "未知合成方法（arith/geom）", "unknown aggregation (arith/geom)", as); goto done; }
        sz->basis = strdup(regio_table_cell(t, r, (size_t)cb));
        if (!sz->basis) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
    }
    for (int z = 0; z < REGIO_NZONES; z++)
        if (!seen[z]) {
            rc = regio_error_set(err, REGIO_ENOTFOUND, "%s：方案“%s”缺少 %s 的设置", "%s: scheme '%s' has no row for zone %s", path,
                                 s->name, regio_zone_code(z));
            goto done;
        }
done:
    regio_table_free(t);
    return rc;
}

static int parse_weight(const char *s, double *w) { return regio_parse_number(s, w) == 0 && *w >= 0 && isfinite(*w) ? 0 : -1; }

static int read_indicators(regio_scheme *s, const char *path, const regio_plan *plan, regio_error *err) {
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long cs, cz, cd, cdz, cde, cdw, ci, cr, cw, cnote;
    if ((rc = col(t, path, "scheme", &cs, err)) || (rc = col(t, path, "zone", &cz, err)) ||
        (rc = col(t, path, "dimension", &cd, err)) || (rc = col(t, path, "dimension_zh", &cdz, err)) ||
        (rc = col(t, path, "dimension_en", &cde, err)) || (rc = col(t, path, "dimension_weight", &cdw, err)) ||
        (rc = col(t, path, "indicator", &ci, err)) || (rc = col(t, path, "direction", &cr, err)) ||
        (rc = col(t, path, "weight", &cw, err)) || (rc = col(t, path, "note", &cnote, err)))
        goto done;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(regio_table_cell(t, r, (size_t)cs), s->name) != 0) continue;
        long line = t->line[r];
        int z;
        const char *zs = regio_table_cell(t, r, (size_t)cz);
        if (regio_zone_parse(zs, &z)) { rc = bad(err, path, line, cz, "未知主体功能区类型", "unknown zone type", zs); goto done; }
        regio_scheme_zone *sz = &s->zone[z];
        const char *dcode = regio_table_cell(t, r, (size_t)cd), *dws = regio_table_cell(t, r, (size_t)cdw);
        double dw;
        if (!*dcode) { rc = bad(err, path, line, cd, "缺少维度代码", "dimension code missing", dcode); goto done; }
        if (parse_weight(dws, &dw)) { rc = bad(err, path, line, cdw, "维度权重须为非负数", "dimension weight must be a non-negative number", dws); goto done; }
        size_t d = 0;
        while (d < sz->ndims && strcmp(sz->dims[d].code, dcode) != 0) d++;
        if (d == sz->ndims) {
            regio_scheme_dim *nd = realloc(sz->dims, (sz->ndims + 1) * sizeof *nd);
            if (!nd) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
            sz->dims = nd;
            regio_scheme_dim *dim = &sz->dims[sz->ndims++];
            memset(dim, 0, sizeof *dim);
            dim->code = strdup(dcode);
            dim->name_zh = strdup(regio_table_cell(t, r, (size_t)cdz));
            dim->name_en = strdup(regio_table_cell(t, r, (size_t)cde));
            dim->note = strdup(regio_table_cell(t, r, (size_t)cnote));
            dim->weight = dw;
            if (!dim->code || !dim->name_zh || !dim->name_en || !dim->note) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        } else if (sz->dims[d].weight != dw) {
            rc = bad(err, path, line, cdw, "同一维度的权重前后不一致", "dimension weight differs from an earlier row of the same dimension", dws);
            goto done;
        }
        const char *ics = regio_table_cell(t, r, (size_t)ci);
        if (!*ics) continue; /* a declared, unmeasured dimension */
        long ind = regio_plan_indicator(plan, ics);
        if (ind < 0) { rc = bad(err, path, line, ci, "未知指标（regio indicators 列出全部）", "unknown indicator (regio indicators lists them)", ics); goto done; }
        const char *dirs = regio_table_cell(t, r, (size_t)cr), *ws = regio_table_cell(t, r, (size_t)cw);
        int dir;
        if (strcmp(dirs, "higher") == 0) dir = 1;
        else if (strcmp(dirs, "lower") == 0) dir = -1;
        else { rc = bad(err, path, line, cr, "方向须为 higher 或 lower", "direction must be higher or lower", dirs); goto done; }
        double w;
        if (parse_weight(ws, &w) || w <= 0) { rc = bad(err, path, line, cw, "指标权重须为正数", "indicator weight must be a positive number", ws); goto done; }
        if (dw <= 0) { rc = bad(err, path, line, cdw, "有指标的维度权重须为正数", "a dimension with indicators needs a positive weight", dws); goto done; }
        for (size_t k = 0; k < sz->ninds; k++)
            if (sz->inds[k].indicator == (size_t)ind) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行第 %ld 列：指标 %s 在该类型中重复（第一次在第 %ld 行）",
                                     "%s line %ld column %ld: indicator %s appears twice in this zone (first on line %ld)",
                                     path, line, ci + 1, ics, sz->inds[k].line);
                goto done;
            }
        regio_scheme_ind *ni = realloc(sz->inds, (sz->ninds + 1) * sizeof *ni);
        if (!ni) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        sz->inds = ni;
        sz->inds[sz->ninds++] = (regio_scheme_ind){(size_t)ind, d, dir, w, line};
        sz->dims[d].measured = 1;
    }
    for (int z = 0; z < REGIO_NZONES; z++)
        if (s->zone[z].ninds == 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s：方案“%s”的 %s 没有任何有数据的指标", "%s: scheme '%s' has no measured indicator for zone %s",
                                 path, s->name, regio_zone_code(z));
            goto done;
        }
done:
    regio_table_free(t);
    return rc;
}

/* dir/mandate.csv: zone,dimension,name_zh,name_en,plan_line,basis — the dimensions the plan mandates per zone type */
static int read_mandate(regio_scheme *s, const char *path, regio_error *err) {
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long cz, cd, cnz, cne, cl, cb;
    if ((rc = col(t, path, "zone", &cz, err)) || (rc = col(t, path, "dimension", &cd, err)) ||
        (rc = col(t, path, "name_zh", &cnz, err)) || (rc = col(t, path, "name_en", &cne, err)) ||
        (rc = col(t, path, "plan_line", &cl, err)) || (rc = col(t, path, "basis", &cb, err)))
        goto done;
    for (size_t r = 0; r < t->nrows; r++) {
        long line = t->line[r], pl;
        int z;
        const char *zs = regio_table_cell(t, r, (size_t)cz), *code = regio_table_cell(t, r, (size_t)cd),
                   *ls = regio_table_cell(t, r, (size_t)cl);
        if (regio_zone_parse(zs, &z)) { rc = bad(err, path, line, cz, "未知主体功能区类型", "unknown zone type", zs); goto done; }
        if (!*code) { rc = bad(err, path, line, cd, "缺少维度代码", "dimension code missing", code); goto done; }
        if (regio_parse_long(ls, &pl) || pl <= 0) { rc = bad(err, path, line, cl, "规划行号须为正整数", "the plan line must be a positive integer", ls); goto done; }
        regio_scheme_zone *sz = &s->zone[z];
        for (size_t k = 0; k < sz->nmandate; k++)
            if (strcmp(sz->mandate[k].code, code) == 0) { rc = bad(err, path, line, cd, "该类型的维度重复", "dimension given twice for this zone", code); goto done; }
        regio_mandate_dim *nm = realloc(sz->mandate, (sz->nmandate + 1) * sizeof *nm);
        if (!nm) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        sz->mandate = nm;
        regio_mandate_dim *m = &sz->mandate[sz->nmandate++];
        memset(m, 0, sizeof *m);
        m->code = strdup(code);
        m->name_zh = strdup(regio_table_cell(t, r, (size_t)cnz));
        m->name_en = strdup(regio_table_cell(t, r, (size_t)cne));
        m->basis = strdup(regio_table_cell(t, r, (size_t)cb));
        m->plan_line = pl;
        m->dim = -1;
        if (!m->code || !m->name_zh || !m->name_en || !m->basis) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        for (size_t d = 0; d < sz->ndims; d++)
            if (strcmp(sz->dims[d].code, code) == 0) { m->dim = (long)d; m->measured = sz->dims[d].measured; }
        sz->nmandate_missing += !m->measured;
    }
    s->has_mandate = 1;
done:
    regio_table_free(t);
    return rc;
}

/* dir/mandate_indicators.csv: the indicators that would measure each mandated dimension */
static int read_mandate_inds(regio_scheme *s, const char *path, regio_error *err) {
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long cz, cd, ci, cnz, cne, cu, cdir, cp, cn;
    if ((rc = col(t, path, "zone", &cz, err)) || (rc = col(t, path, "dimension", &cd, err)) || (rc = col(t, path, "indicator", &ci, err)) ||
        (rc = col(t, path, "name_zh", &cnz, err)) || (rc = col(t, path, "name_en", &cne, err)) || (rc = col(t, path, "unit", &cu, err)) ||
        (rc = col(t, path, "direction", &cdir, err)) || (rc = col(t, path, "published_in", &cp, err)) || (rc = col(t, path, "note", &cn, err)))
        goto done;
    for (size_t r = 0; r < t->nrows; r++) {
        long line = t->line[r];
        int z;
        const char *zs = regio_table_cell(t, r, (size_t)cz), *code = regio_table_cell(t, r, (size_t)cd), *ind = regio_table_cell(t, r, (size_t)ci),
                   *dir = regio_table_cell(t, r, (size_t)cdir), *pub = regio_table_cell(t, r, (size_t)cp);
        if (regio_zone_parse(zs, &z)) { rc = bad(err, path, line, cz, "未知主体功能区类型", "unknown zone type", zs); goto done; }
        regio_scheme_zone *sz = &s->zone[z];
        regio_mandate_dim *m = NULL;
        for (size_t k = 0; k < sz->nmandate && !m; k++)
            if (strcmp(sz->mandate[k].code, code) == 0) m = &sz->mandate[k];
        if (!m) { rc = bad(err, path, line, cd, "mandate.csv 中该类型没有这个维度", "mandate.csv has no such dimension for this zone type", code); goto done; }
        if (!*ind) { rc = bad(err, path, line, ci, "缺少指标代码", "indicator code missing", ind); goto done; }
        if (strcmp(dir, "higher") != 0 && strcmp(dir, "lower") != 0) { rc = bad(err, path, line, cdir, "方向须为 higher 或 lower", "the direction must be higher or lower", dir); goto done; }
        if (!*pub) { rc = bad(err, path, line, cp, "须写明发布该指标的年鉴表或公报", "the publication that gives the indicator must be named", pub); goto done; }
        regio_mandate_ind *nc = realloc(m->cand, (m->ncand + 1) * sizeof *nc);
        if (!nc) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
        m->cand = nc;
        regio_mandate_ind *c = &m->cand[m->ncand++];
        c->code = strdup(ind);
        c->name_zh = strdup(regio_table_cell(t, r, (size_t)cnz));
        c->name_en = strdup(regio_table_cell(t, r, (size_t)cne));
        c->unit = strdup(regio_table_cell(t, r, (size_t)cu));
        c->direction = strdup(dir);
        c->published_in = strdup(pub);
        c->note = strdup(regio_table_cell(t, r, (size_t)cn));
        if (!c->code || !c->name_zh || !c->name_en || !c->unit || !c->direction || !c->published_in || !c->note) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto done; }
    }
done:
    regio_table_free(t);
    return rc;
}

size_t regio_scheme_missing_text(const regio_scheme_zone *sz, regio_lang lang, char *buf, size_t cap) {
    size_t n = 0, len = 0;
    if (cap) buf[0] = '\0';
    for (size_t k = 0; k < sz->nmandate; k++) {
        if (sz->mandate[k].measured) continue;
        const char *name = lang == REGIO_LANG_ZH ? sz->mandate[k].name_zh : sz->mandate[k].name_en;
        int w = snprintf(buf + len, cap > len ? cap - len : 0, "%s%s", n ? (lang == REGIO_LANG_ZH ? "、" : ", ") : "", name);
        if (w > 0) len += (size_t)w;
        if (len >= cap) len = cap ? cap - 1 : 0;
        n++;
    }
    return n;
}

size_t regio_scheme_partial_title(const regio_scheme_zone *sz, regio_lang lang, char *buf, size_t cap) {
    char list[1024];
    size_t n = regio_scheme_missing_text(sz, lang, list, sizeof list);
    if (cap) buf[0] = '\0';
    if (!n) return 0;
    if (lang == REGIO_LANG_ZH) snprintf(buf, cap, "部分排名：缺少%s维度", list);
    else snprintf(buf, cap, "partial ranking: %s %s not measured", list, n > 1 ? "dimensions" : "dimension");
    return n;
}

int regio_scheme_load(const char *dir, const char *name, const regio_plan *plan, regio_scheme **out, regio_error *err) {
    *out = NULL;
    regio_scheme *s = calloc(1, sizeof *s);
    if (!s || !(s->name = strdup(name)) || !(s->dir = strdup(dir))) {
        regio_scheme_free(s);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/schemes.csv", dir);
    int rc = read_settings(s, path, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/indicators.csv", dir);
        rc = read_indicators(s, path, plan, err);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/mandate.csv", dir);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            rc = read_mandate(s, path, err);
        }
    }
    if (!rc && s->has_mandate) {
        snprintf(path, sizeof path, "%s/mandate_indicators.csv", dir);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            rc = read_mandate_inds(s, path, err);
        }
    }
    if (rc) regio_scheme_free(s);
    else *out = s;
    return rc;
}
