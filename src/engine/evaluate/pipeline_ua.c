/* pipeline_ua.c — uncertainty and sensitivity on any construction choice, declared as data like COINr's SA_specs
 * (get_sensitivity): a factors file lists each uncertain choice and its alternatives; a draw maps a point of the
 * unit cube to one set of choices and rebuilds the whole index (pipeline.c). The Monte Carlo and Sobol engines
 * (mc_ranks.c, sobol.c) do the sampling; this file only reads the factors and applies a draw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "regio/pipeline.h"
#include "regio/table.h"

static int oom(regio_error *err) { return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", ""); }

void regio_ua_spec_free(regio_ua_spec *s) {
    if (!s) return;
    for (size_t i = 0; i < s->nf; i++) {
        regio_ua_factor *f = &s->f[i];
        for (size_t a = 0; a < f->nalt; a++) {
            free(f->alt[a].text);
            free(f->alt[a].group);
        }
        free(f->alt);
        free(f->name);
        free(f->node);
        free(f->noise);
    }
    free(s->f);
    free(s->factor_of);
    free(s);
}

static const char *const KIND[] = {"normalise", "aggregate", "weights", "weight_noise", "impute", "treat", "winmax", "denominate", "drop"};

static int parse_norm_spec(const char *s, regio_norm_opts *n) {
    n->kind = REGIO_NORM_MINMAX;
    n->lo = 0; n->hi = 100; n->mean_t = 0; n->sd_t = 1; n->scale = 100;
    const char *colon = strchr(s, ':');
    size_t len = colon ? (size_t)(colon - s) : strlen(s);
    double a = NAN, b = NAN;
    if (colon) {
        char *end;
        a = strtod(colon + 1, &end);
        if (*end == ',') b = strtod(end + 1, &end);
        if (*end || isnan(a)) return -1;
    }
    if (len == 6 && strncmp(s, "minmax", 6) == 0) {
        if (colon) { if (!(b > a)) return -1; n->lo = a; n->hi = b; }
    } else if (len == 6 && strncmp(s, "zscore", 6) == 0) {
        n->kind = REGIO_NORM_ZSCORE;
        if (colon) { if (!(b > 0)) return -1; n->mean_t = a; n->sd_t = b; }
    } else if (len == 4 && strncmp(s, "rank", 4) == 0 && !colon) n->kind = REGIO_NORM_RANK;
    else if (len == 9 && strncmp(s, "goalposts", 9) == 0) { n->kind = REGIO_NORM_GOALPOSTS; if (colon) n->scale = a; }
    else if (len == 9 && strncmp(s, "dist2targ", 9) == 0) { n->kind = REGIO_NORM_DIST2TARG; if (colon) n->scale = a; }
    else if (len == 4 && strncmp(s, "none", 4) == 0 && !colon) n->kind = REGIO_NORM_NONE;
    else return -1;
    return 0;
}

/* unit groups of the iMeta Group `code` in year t: labels numbered in sorted order, "" = no group (−1) */
static int group_of(const regio_coinr_meta *mt, const regio_coinr_data *d, size_t t, const char *code, regio_ua_alt *a) {
    size_t g = 0;
    while (g < mt->ngroups && strcmp(mt->group_code[g], code) != 0) g++;
    if (g == mt->ngroups || !d || !d->group) return -1;
    size_t n = d->n;
    a->group = malloc(n * sizeof *a->group);
    const char **lab = malloc(n * sizeof *lab);
    if (!a->group || !lab) { free(lab); return -2; }
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = d->group[(t * n + i) * mt->ngroups + g];
        if (!s || !*s) continue;
        size_t q = 0;
        while (q < nl && strcmp(lab[q], s) != 0) q++;
        if (q == nl) lab[nl++] = s;
    }
    for (size_t p = 1; p < nl; p++)
        for (size_t q = p; q > 0 && strcmp(lab[q - 1], lab[q]) > 0; q--) { const char *x = lab[q]; lab[q] = lab[q - 1]; lab[q - 1] = x; }
    for (size_t i = 0; i < n; i++) {
        const char *s = d->group[(t * n + i) * mt->ngroups + g];
        a->group[i] = -1;
        for (size_t q = 0; s && q < nl; q++) if (strcmp(lab[q], s) == 0) a->group[i] = (int)q;
    }
    a->ngroups = nl;
    free(lab);
    return 0;
}

static int parse_alt(const char *s, regio_ua_kind k, const regio_coinr_meta *mt, const regio_coinr_data *d, size_t t, regio_ua_alt *a) {
    a->drop = -1;
    regio_treat_opts_default(&a->treat);
    switch (k) {
    case REGIO_UA_NORMALISE: return parse_norm_spec(s, &a->norm);
    case REGIO_UA_AGGREGATE:
        if (strcmp(s, "mean") == 0 || strcmp(s, "arith") == 0) a->agg = REGIO_COMP_ARITH;
        else if (strcmp(s, "geomean") == 0) a->agg = REGIO_COMP_GEOM;
        else if (strcmp(s, "harmonic") == 0) a->agg = REGIO_COMP_HARM;
        else return -1;
        return 0;
    case REGIO_UA_WEIGHTS:
        if (strcmp(s, "given") == 0) a->wk = REGIO_W_GIVEN;
        else if (strcmp(s, "equal") == 0) a->wk = REGIO_W_EQUAL;
        else if (strcmp(s, "entropy") == 0) a->wk = REGIO_W_ENTROPY;
        else if (strcmp(s, "critic") == 0) a->wk = REGIO_W_CRITIC;
        else return -1;
        return 0;
    case REGIO_UA_IMPUTE: {
        static const struct { const char *n; regio_impute_kind k; } tab[] = {
            {"none", REGIO_IMP_NONE}, {"mean", REGIO_IMP_MEAN}, {"median", REGIO_IMP_MEDIAN}, {"row", REGIO_IMP_ROW_MEAN},
            {"row-mean", REGIO_IMP_ROW_MEAN}, {"row-median", REGIO_IMP_ROW_MEDIAN}, {"em", REGIO_IMP_EM}, {"regression", REGIO_IMP_REGRESSION}};
        for (size_t q = 0; q < sizeof tab / sizeof tab[0]; q++)
            if (strcmp(s, tab[q].n) == 0) { a->imp = tab[q].k; return 0; }
        if (strncmp(s, "group:", 6) == 0 || strncmp(s, "group-median:", 13) == 0) {
            int med = s[5] == '-';
            a->imp = med ? REGIO_IMP_GROUP_MEDIAN : REGIO_IMP_GROUP_MEAN;
            return group_of(mt, d, t, s + (med ? 13 : 6), a);
        }
        return -1;
    }
    case REGIO_UA_TREAT:
        if (strcmp(s, "none") == 0) { a->treat.enabled = 0; return 0; }
        if (strncmp(s, "winsorise", 9) != 0 || (s[9] && s[9] != ':')) return -1;
        if (s[9] == ':') {
            char *end;
            long w = strtol(s + 10, &end, 10);
            if (end == s + 10 || w < 0) return -1;
            a->treat.winmax = (int)w;
            if (*end == ',') {
                a->treat.skew_thresh = strtod(end + 1, &end);
                if (*end != ',') return -1;
                a->treat.kurt_thresh = strtod(end + 1, &end);
            }
            if (*end || !(a->treat.skew_thresh > 0)) return -1;
        }
        return 0;
    case REGIO_UA_WINMAX: {
        char *end;
        long w = strtol(s, &end, 10);
        if (end == s || *end || w < 0) return -1;
        a->winmax = (int)w;
        return 0;
    }
    case REGIO_UA_DENOMINATE:
        if (strcmp(s, "on") == 0) a->on = 1;
        else if (strcmp(s, "off") == 0) a->on = 0;
        else return -1;
        return 0;
    default: return -1;
    }
}

/* Splits s at '|' into alternatives of factor f. */
static int add_alts(regio_ua_factor *f, const char *s, const regio_coinr_meta *mt, const regio_coinr_data *d, size_t t, const char *path, regio_error *err) {
    char *buf = regio_strdup(s);
    if (!buf) return oom(err);
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == '|';
    int rc = REGIO_OK;
    if (f->kind == REGIO_UA_WEIGHT_NOISE) {
        /* LEVEL:F|LEVEL:F → one coordinate per node at those levels */
        f->node = malloc(mt->nnodes * sizeof *f->node);
        f->noise = malloc(mt->nnodes * sizeof *f->noise);
        if (!f->node || !f->noise) { free(buf); return oom(err); }
        for (char *tok = strtok(buf, "|"); tok && rc == REGIO_OK; tok = strtok(NULL, "|")) {
            char *end;
            long lev = strtol(tok, &end, 10);
            double F = *end == ':' ? strtod(end + 1, &end) : NAN;
            if (*end || !(F >= 0 && F < 1) || lev < 1 || lev >= mt->level[mt->nnodes - 1]) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行（values）：“%s” 应为 LEVEL:F，LEVEL 在 1 与 %d 之间，0 <= F < 1",
                                     "%s line %zu (values): \"%s\" must be LEVEL:F with LEVEL between 1 and %d and 0 <= F < 1", path, f->line, tok, mt->level[mt->nnodes - 1] - 1);
                break;
            }
            for (size_t k = 0; k + 1 < mt->nnodes; k++)
                if (mt->level[k] == lev) { f->node[f->ncoord] = k; f->noise[f->ncoord] = F; f->ncoord++; }
        }
        free(buf);
        return rc;
    }
    if (f->kind == REGIO_UA_DROP) {
        int each = strcmp(s, "each") == 0 || strcmp(s, "none|each") == 0;
        free(buf);
        if (!each)
            return regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行（values）：drop 的取值应为 none|each，而不是 “%s”", "%s line %zu (values): drop takes none|each, not \"%s\"", path, f->line, s);
        f->nalt = mt->m + 1;
        f->alt = calloc(f->nalt, sizeof *f->alt);
        if (!f->alt) return oom(err);
        for (size_t a = 0; a < f->nalt; a++) {
            f->alt[a].drop = a == 0 ? -1 : (long)(a - 1);
            f->alt[a].text = regio_strdup(a == 0 ? "none" : mt->code[a - 1]);
            if (!f->alt[a].text) return oom(err);
        }
        f->ncoord = 1;
        return REGIO_OK;
    }
    f->alt = calloc(cap, sizeof *f->alt);
    if (!f->alt) { free(buf); return oom(err); }
    char *save = NULL;
    for (char *tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
        regio_ua_alt *a = &f->alt[f->nalt];
        int pr = parse_alt(tok, f->kind, mt, d, t, a);
        if (pr == -2) { rc = oom(err); break; }
        if (pr) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行（values）：“%s” 不是 %s 的有效取值", "%s line %zu (values): \"%s\" is not a valid %s alternative", path, f->line, tok, KIND[f->kind]);
            break;
        }
        if (!(a->text = regio_strdup(tok))) { rc = oom(err); break; }
        f->nalt++;
    }
    free(buf);
    if (rc == REGIO_OK && f->nalt == 0)
        rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行（values）：没有取值", "%s line %zu (values): no alternatives", path, f->line);
    f->ncoord = 1;
    return rc;
}

static int finish(regio_ua_spec *s, regio_error *err) {
    s->ncoord = 0;
    for (size_t i = 0; i < s->nf; i++) s->ncoord += s->f[i].ncoord;
    if (s->ncoord == 0) return regio_error_set(err, REGIO_EINVAL, "没有不确定的因子%s", "no uncertain factor%s", "");
    s->factor_of = malloc(s->ncoord * sizeof *s->factor_of);
    if (!s->factor_of) return oom(err);
    size_t c = 0;
    for (size_t i = 0; i < s->nf; i++)
        for (size_t q = 0; q < s->f[i].ncoord; q++) s->factor_of[c++] = i;
    return REGIO_OK;
}

int regio_ua_spec_read(const char *path, const regio_coinr_meta *mt, const regio_coinr_data *d, size_t t,
                       regio_ua_spec **out, regio_error *err) {
    *out = NULL;
    regio_table *tb = NULL;
    int rc = regio_table_read(path, NULL, &tb, err);
    if (rc) return rc;
    long cf = regio_table_col(tb, "factor"), ct = regio_table_col(tb, "type"), cv = regio_table_col(tb, "values");
    if (cf < 0 || ct < 0 || cv < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：因子表需要 factor、type 与 values 三列", "%s line %ld: a factors file needs the columns factor, type and values", path, tb->header_line);
        regio_table_free(tb);
        return rc;
    }
    regio_ua_spec *s = calloc(1, sizeof *s);
    if (!s || !(s->f = calloc(tb->nrows ? tb->nrows : 1, sizeof *s->f))) { free(s); regio_table_free(tb); return oom(err); }
    for (size_t r = 0; r < tb->nrows && rc == REGIO_OK; r++) {
        regio_ua_factor *f = &s->f[s->nf];
        f->line = (size_t)tb->line[r];
        const char *ty = regio_table_cell(tb, r, (size_t)ct);
        size_t k = 0;
        while (k < sizeof KIND / sizeof KIND[0] && strcmp(KIND[k], ty) != 0) k++;
        if (k == sizeof KIND / sizeof KIND[0]) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行（type）：“%s” 不是因子类型（normalise、aggregate、weights、weight_noise、impute、treat、winmax、denominate、drop）",
                                 "%s line %zu (type): \"%s\" is not a factor type (normalise, aggregate, weights, weight_noise, impute, treat, winmax, denominate, drop)", path, f->line, ty);
            break;
        }
        f->kind = (regio_ua_kind)k;
        const char *nm = regio_table_cell(tb, r, (size_t)cf);
        if (!(f->name = regio_strdup(*nm ? nm : ty))) { rc = oom(err); break; }
        s->nf++;
        rc = add_alts(f, regio_table_cell(tb, r, (size_t)cv), mt, d, t, path, err);
        for (size_t a = 0; rc == REGIO_OK && f->kind == REGIO_UA_IMPUTE && a < f->nalt; a++)
            if ((f->alt[a].imp == REGIO_IMP_GROUP_MEAN || f->alt[a].imp == REGIO_IMP_GROUP_MEDIAN) && !f->alt[a].group)
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行（values）：“%s” 不是 iMeta 中 Type 为 Group 的行", "%s line %zu (values): \"%s\" is not a row of Type Group in the iMeta", path, f->line, f->alt[a].text);
    }
    regio_table_free(tb);
    if (rc == REGIO_OK) rc = finish(s, err);
    if (rc) { regio_ua_spec_free(s); return rc; }
    *out = s;
    return REGIO_OK;
}

int regio_ua_spec_default(const regio_coinr_meta *mt, int treat_on, regio_ua_spec **out, regio_error *err) {
    *out = NULL;
    regio_ua_spec *s = calloc(1, sizeof *s);
    if (!s || !(s->f = calloc(4, sizeof *s->f))) { free(s); return oom(err); }
    struct { const char *name; regio_ua_kind k; const char *values; } def[] = {
        {"Winmax", REGIO_UA_WINMAX, "1|2|3|4|5"}, {"Normalisation", REGIO_UA_NORMALISE, "minmax:1,100|zscore:10,2"},
        {"Weights", REGIO_UA_WEIGHT_NOISE, NULL}, {"Aggregation", REGIO_UA_AGGREGATE, "mean|geomean"}};
    char noise[256] = "";
    for (int lev = 2; lev < mt->level[mt->nnodes - 1]; lev++) {
        size_t l = strlen(noise);
        snprintf(noise + l, sizeof noise - l, "%s%d:0.25", l ? "|" : "", lev);
    }
    if (!*noise) snprintf(noise, sizeof noise, "1:0.25"); /* a flat index: the indicators' weights */
    def[2].values = noise;
    int rc = REGIO_OK;
    for (int q = treat_on ? 0 : 1; q < 4 && rc == REGIO_OK; q++) {
        regio_ua_factor *f = &s->f[s->nf++];
        f->kind = def[q].k;
        if (!(f->name = regio_strdup(def[q].name))) { rc = oom(err); break; }
        rc = add_alts(f, def[q].values, mt, NULL, 0, "(default)", err);
    }
    if (rc == REGIO_OK) rc = finish(s, err);
    if (rc) { regio_ua_spec_free(s); return rc; }
    *out = s;
    return REGIO_OK;
}

static size_t pick(double u, size_t k) {
    size_t a = (size_t)(u * (double)k);
    return a < k ? a : k - 1;
}

/* Runs the build of choices u into idx (n). */
static int ua_build(const double *u, const regio_ua_model *md, double *idx, regio_error *err) {
    const regio_composite_input *in = md->in;
    size_t n = in->n, m = in->m, N = in->parent ? in->nnodes : m + 1;
    regio_pipeline_opts o = *md->nominal;
    regio_composite_input in2 = *in;
    double *w = NULL, *x = NULL;
    int rc = REGIO_OK;
    size_t c = 0;
    for (size_t i = 0; i < md->spec->nf; i++) {
        const regio_ua_factor *f = &md->spec->f[i];
        if (f->kind == REGIO_UA_WEIGHT_NOISE) { c += f->ncoord; continue; } /* after the discrete choices */
        const regio_ua_alt *a = &f->alt[pick(u[c], f->nalt)];
        c++;
        switch (f->kind) {
        case REGIO_UA_NORMALISE: o.comp.norm = a->norm; break;
        case REGIO_UA_AGGREGATE: o.comp.agg = a->agg; break;
        case REGIO_UA_WEIGHTS: o.comp.wkind = a->wk; break;
        case REGIO_UA_IMPUTE:
            o.impute.kind = a->imp;
            if (a->group) { o.impute.group = a->group; o.impute.ngroups = a->ngroups; }
            break;
        case REGIO_UA_TREAT: {
            regio_treat_opts t = a->treat;
            t.skip = o.treat.skip;
            t.f2 = o.treat.f2;
            t.boxcox_lambda = o.treat.boxcox_lambda;
            o.treat = t;
            break;
        }
        case REGIO_UA_WINMAX: o.treat.enabled = 1; o.treat.winmax = a->winmax; break;
        case REGIO_UA_DENOMINATE: o.denominate = a->on; break;
        case REGIO_UA_DROP:
            if (a->drop >= 0) {
                if (!x) {
                    if (!(x = malloc(n * m * sizeof *x))) { rc = oom(err); goto done; }
                    memcpy(x, in->x, n * m * sizeof *x);
                    in2.x = x;
                }
                for (size_t r = 0; r < n; r++) x[r * m + (size_t)a->drop] = NAN;
            }
            break;
        default: break;
        }
    }
    c = 0;
    for (size_t i = 0; i < md->spec->nf; i++) {
        const regio_ua_factor *f = &md->spec->f[i];
        if (f->kind != REGIO_UA_WEIGHT_NOISE) { c++; continue; }
        if (!w) {
            /* the weights the build would use: equal = all 1; given (or data-driven: their aggregates) = the nominal */
            const double *base = md->nominal->comp.weights ? md->nominal->comp.weights : in->weight;
            if (!(w = malloc(N * sizeof *w))) { rc = oom(err); goto done; }
            for (size_t k = 0; k < N; k++) w[k] = o.comp.wkind == REGIO_W_EQUAL ? 1.0 : base && (in->parent || k < m) ? base[k] : 1.0;
            if (o.comp.wkind == REGIO_W_EQUAL) o.comp.wkind = REGIO_W_GIVEN;
            o.comp.weights = w;
        }
        for (size_t q = 0; q < f->ncoord; q++) w[f->node[q]] += (2 * u[c + q] - 1) * f->noise[q] * w[f->node[q]];
        c += f->ncoord;
    }
    rc = regio_pipeline_run(&in2, md->dn, &o, idx, err);
done:
    free(w);
    free(x);
    return rc;
}

int regio_ua_scores(const double *u, double *scores, void *model, regio_error *err) {
    return ua_build(u, model, scores, err);
}

double regio_ua_rank_change(const double *u, void *model) {
    const regio_ua_model *md = model;
    size_t n = md->in->n;
    double *idx = malloc(n * sizeof *idx);
    int *rk = malloc(n * sizeof *rk);
    double out = NAN;
    regio_error err;
    regio_error_clear(&err);
    if (idx && rk && ua_build(u, md, idx, &err) == REGIO_OK && regio_composite_rank(idx, n, rk) >= 0) {
        double s = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (rk[i] && md->nominal_rank[i]) { s += fabs((double)(rk[i] - md->nominal_rank[i])); k++; }
        out = k ? s / (double)k : NAN;
    }
    free(idx);
    free(rk);
    return out;
}
