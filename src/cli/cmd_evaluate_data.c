/* cmd_evaluate_data.c — `regio evaluate --data iData --meta iMeta`: a composite index on COINr's own table layout,
 * so a COINr user moves without reshaping, built in COINr's order (denominate, impute, screen, treat, normalise,
 * aggregate; regio/pipeline.h). Panels (a Time column) are evaluated year by year (each year normalised on its own,
 * as a COINr coin per time point); gaps are skipped and re-weighted by default, or imputed, and every imputed or
 * treated cell is flagged. The settings are echoed in the output so a result can be reproduced. No statistics
 * here: composite.h and pipeline.h do them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/evaluate_data.h"
#include "regio/composite.h"
#include "regio/hash.h"
#include "regio/json_out.h"
#include "regio/pipeline.h"
#include "regio/table.h"

typedef struct ev_args {
    const char *data, *meta, *normalise, *aggregate, *weights, *impute, *zero, *year, *screen, *treat, *treat_f2;
    const char *unit, *compare, *factors, *seed, *save_settings, *settings;
    int denominate, analyse, remove_level, draws, sobol, threads, boot;
} ev_args;

/* Splits "NAME" or "NAME:A[,B]": *colon is NULL without parameters, *len the name's length, A and B NAN when absent;
 * -1 when the parameters are not numbers. */
static int name_params(const char *s, const char **colon, size_t *len, double *a, double *b) {
    *colon = strchr(s, ':');
    *len = *colon ? (size_t)(*colon - s) : strlen(s);
    *a = *b = NAN;
    if (!*colon) return 0;
    char *end;
    *a = strtod(*colon + 1, &end);
    if (*end == ',') *b = strtod(end + 1, &end);
    return *end ? -1 : 0;
}

/* Parses "NAME" or "NAME:A,B" into the options; returns CLI_OK or a usage error. */
static int parse_norm(cli *c, const char *s, regio_composite_opts *o) {
    if (!s) return CLI_OK;
    const char *colon;
    size_t len;
    double a, b;
    if (name_params(s, &colon, &len, &a, &b) != 0 || (colon && isnan(a)))
        return cli_usage_error(c, "--normalise 的参数 “%s” 无效", "--normalise: bad parameters in '%s'", s);
    if (len == 6 && strncmp(s, "minmax", 6) == 0) {
        o->norm.kind = REGIO_NORM_MINMAX;
        if (colon) { o->norm.lo = a; o->norm.hi = b; }
    } else if (len == 6 && strncmp(s, "zscore", 6) == 0) {
        o->norm.kind = REGIO_NORM_ZSCORE;
        if (colon) { o->norm.mean_t = a; o->norm.sd_t = b; }
    } else if (len == 4 && strncmp(s, "rank", 4) == 0) o->norm.kind = REGIO_NORM_RANK;
    else if (len == 9 && strncmp(s, "goalposts", 9) == 0) {
        o->norm.kind = REGIO_NORM_GOALPOSTS;
        if (colon) o->norm.scale = a;
    } else if (len == 9 && strncmp(s, "dist2targ", 9) == 0) {
        o->norm.kind = REGIO_NORM_DIST2TARG;
        if (colon) o->norm.scale = a;
    } else if (len == 4 && strncmp(s, "none", 4) == 0) o->norm.kind = REGIO_NORM_NONE;
    else return cli_usage_error(c, "--normalise 应为 minmax[:LO,HI]、zscore[:M,SD]、rank、goalposts[:SCALE]、dist2targ[:SCALE] 或 none，而不是 “%s”",
                                "--normalise must be minmax[:LO,HI], zscore[:M,SD], rank, goalposts[:SCALE], dist2targ[:SCALE] or none, not '%s'", s);
    if (o->norm.kind == REGIO_NORM_MINMAX && colon && !(b > a))
        return cli_usage_error(c, "--normalise minmax:LO,HI 需要 HI > LO（“%s”）", "--normalise minmax:LO,HI needs HI > LO ('%s')", s);
    return CLI_OK;
}

static int parse_choices(cli *c, const ev_args *a, regio_composite_opts *o) {
    int rc = parse_norm(c, a->normalise, o);
    if (rc) return rc;
    if (a->aggregate) {
        if (strcmp(a->aggregate, "mean") == 0 || strcmp(a->aggregate, "arith") == 0) o->agg = REGIO_COMP_ARITH;
        else if (strcmp(a->aggregate, "geomean") == 0) o->agg = REGIO_COMP_GEOM;
        else if (strcmp(a->aggregate, "harmonic") == 0) o->agg = REGIO_COMP_HARM;
        else return cli_usage_error(c, "--aggregate 应为 mean、geomean 或 harmonic，而不是 “%s”", "--aggregate must be mean, geomean or harmonic, not '%s'", a->aggregate);
    }
    if (a->weights) {
        if (strcmp(a->weights, "given") == 0) o->wkind = REGIO_W_GIVEN;
        else if (strcmp(a->weights, "equal") == 0) o->wkind = REGIO_W_EQUAL;
        else if (strcmp(a->weights, "entropy") == 0) o->wkind = REGIO_W_ENTROPY;
        else if (strcmp(a->weights, "critic") == 0) o->wkind = REGIO_W_CRITIC;
        else return cli_usage_error(c, "--weights 应为 given、equal、entropy 或 critic，而不是 “%s”", "--weights must be given, equal, entropy or critic, not '%s'", a->weights);
    }
    if (a->zero) {
        if (strcmp(a->zero, "error") == 0) o->zero_rule = REGIO_ZERO_ERROR;
        else if (strncmp(a->zero, "shift", 5) == 0 && (a->zero[5] == 0 || a->zero[5] == ':')) {
            o->zero_rule = REGIO_ZERO_SHIFT;
            if (a->zero[5] == ':') {
                char *end;
                o->zero_shift = strtod(a->zero + 6, &end);
                if (*end || !(o->zero_shift > 0)) return cli_usage_error(c, "--zero shift:S 需要 S > 0（“%s”）", "--zero shift:S needs S > 0 ('%s')", a->zero);
            }
        } else return cli_usage_error(c, "--zero 应为 error 或 shift[:S]，而不是 “%s”", "--zero must be error or shift[:S], not '%s'", a->zero);
    }
    return CLI_OK;
}

static const char *norm_name(regio_norm_kind k) {
    static const char *const names[] = {"minmax", "zscore", "rank", "goalposts", "dist2targ", "none"};
    return (unsigned)k < 6 ? names[k] : "?";
}
static const char *agg_name(regio_comp_agg a) { return a == REGIO_COMP_GEOM ? "geomean" : a == REGIO_COMP_HARM ? "harmonic" : "mean"; }
static const char *w_name(regio_comp_weights w) {
    return w == REGIO_W_EQUAL ? "equal" : w == REGIO_W_ENTROPY ? "entropy" : w == REGIO_W_CRITIC ? "critic" : "given";
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Group index per unit from the iData column col (the unit's first row); the group labels are not kept. */
static int load_groups(cli *c, const char *path, const char *col, const regio_coinr_data *d, int *group, size_t *ngroups) {
    regio_table *t = NULL;
    regio_error err;
    regio_error_clear(&err);
    if (regio_table_read(path, NULL, &t, &err)) return cli_fail(c, &err);
    long gc = regio_table_col(t, col), uc = regio_table_col(t, "uCode");
    if (gc < 0) {
        regio_table_free(t);
        return cli_usage_error(c, "%s 中没有分组列 %s", "%s has no group column %s", path, col);
    }
    /* labels → indexes by sorting the distinct labels (n log n) */
    size_t n = d->n;
    const char **lab = calloc(n, sizeof *lab), **sorted = calloc(n, sizeof *sorted);
    if (!lab || !sorted) {
        free(lab); free(sorted); regio_table_free(t);
        return CLI_INTERNAL;
    }
    /* units are in order of first appearance in the file: walk rows, assign the first label of each new code */
    size_t u = 0;
    for (size_t r = 0; r < t->nrows && u < n; r++)
        if (strcmp(regio_table_cell(t, r, (size_t)uc), d->ucode[u]) == 0) lab[u++] = regio_table_cell(t, r, (size_t)gc);
    int rc = CLI_OK;
    if (u < n) rc = cli_usage_error(c, "%s：无法为每个单元读出分组列 %s", "%s: could not read group column %s for every unit", path, col);
    for (size_t i = 0; !rc && i < n; i++) sorted[i] = lab[i];
    if (!rc) {
        qsort(sorted, n, sizeof *sorted, cmp_str);
    }
    size_t k = 0;
    for (size_t i = 0; !rc && i < n; i++)
        if (i == 0 || strcmp(sorted[i], sorted[k - 1]) != 0) sorted[k++] = sorted[i];
    for (size_t i = 0; !rc && i < n; i++) {
        size_t lo = 0, hi = k;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(sorted[mid], lab[i]) < 0) lo = mid + 1;
            else hi = mid;
        }
        group[i] = (int)lo;
    }
    *ngroups = k;
    free(lab);
    free(sorted);
    regio_table_free(t);
    return rc;
}


/* --impute: none|mean|median|group:COL|group-median:COL|row[:LEVEL]|row-median[:LEVEL]|em[:LEVEL]|regression[:LEVEL]
 * (cross-sectional) or locf|latest|linear (panel). *col gets COL, *level the indicator-group level (default 2). */
static int parse_impute(cli *c, const char *s, regio_impute_kind *k, int *panel, const char **col, long *level) {
    *k = REGIO_IMP_NONE;
    *panel = 0;
    *col = NULL;
    *level = 2;
    if (!s || strcmp(s, "none") == 0) return CLI_OK;
    static const struct { const char *name; regio_impute_kind k; int arg; } tab[] = {
        {"mean", REGIO_IMP_MEAN, 0}, {"median", REGIO_IMP_MEDIAN, 0}, {"group", REGIO_IMP_GROUP_MEAN, 1},
        {"group-mean", REGIO_IMP_GROUP_MEAN, 1}, {"group-median", REGIO_IMP_GROUP_MEDIAN, 1}, {"row", REGIO_IMP_ROW_MEAN, 2},
        {"row-mean", REGIO_IMP_ROW_MEAN, 2}, {"row-median", REGIO_IMP_ROW_MEDIAN, 2}, {"em", REGIO_IMP_EM, 2},
        {"regression", REGIO_IMP_REGRESSION, 2}, {"locf", REGIO_IMP_LATEST, 0}, {"latest", REGIO_IMP_LATEST, 0},
        {"linear", REGIO_IMP_LINEAR, 0}};
    const char *colon = strchr(s, ':');
    size_t len = colon ? (size_t)(colon - s) : strlen(s);
    for (size_t q = 0; q < sizeof tab / sizeof tab[0]; q++) {
        if (strlen(tab[q].name) != len || strncmp(s, tab[q].name, len) != 0) continue;
        *k = tab[q].k;
        *panel = tab[q].k == REGIO_IMP_LATEST || tab[q].k == REGIO_IMP_LINEAR;
        if (tab[q].arg == 1) {
            if (!colon || !colon[1]) break;
            *col = colon + 1;
        } else if (tab[q].arg == 2 && colon) {
            char *end;
            *level = strtol(colon + 1, &end, 10);
            if (*end || *level < 2) break;
        } else if (colon) break;
        return CLI_OK;
    }
    return cli_usage_error(c, "--impute 应为 none、mean、median、group:COL、group-median:COL、row[:LEVEL]、row-median[:LEVEL]、em[:LEVEL]、regression[:LEVEL]、locf 或 linear，而不是 “%s”",
                           "--impute must be none, mean, median, group:COL, group-median:COL, row[:LEVEL], row-median[:LEVEL], em[:LEVEL], regression[:LEVEL], locf or linear, not '%s'", s);
}

/* --screen none|byNA[:T]|byzeros[:T]|byNAandzeros[:T1,T2] (COINr Screen unit_screen, dat_thresh, nonzero_thresh) */
static int parse_screen(cli *c, const char *s, regio_pipeline_opts *po) {
    if (!s || strcmp(s, "none") == 0) return CLI_OK;
    const char *colon;
    size_t len;
    double a, b;
    if (name_params(s, &colon, &len, &a, &b) != 0) goto bad;
    if (colon && (!(a >= 0 && a <= 1) || (!isnan(b) && !(b >= 0 && b <= 1)))) goto bad;
    if (len == 4 && strncmp(s, "byNA", 4) == 0) {
        po->screen = REGIO_SCREEN_BYNA;
        if (colon) po->dat_thresh = a;
    } else if (len == 7 && strncmp(s, "byzeros", 7) == 0) {
        po->screen = REGIO_SCREEN_BYZERO;
        if (colon) po->nonzero_thresh = a;
    } else if (len == 12 && strncmp(s, "byNAandzeros", 12) == 0) {
        po->screen = REGIO_SCREEN_BYNAZERO;
        if (colon) po->dat_thresh = a;
        if (!isnan(b)) po->nonzero_thresh = b;
    } else goto bad;
    return CLI_OK;
bad:
    return cli_usage_error(c, "--screen 应为 none、byNA[:T]、byzeros[:T] 或 byNAandzeros[:T1,T2]（阈值在 0 与 1 之间），而不是 “%s”",
                           "--screen must be none, byNA[:T], byzeros[:T] or byNAandzeros[:T1,T2] (thresholds in [0, 1]), not '%s'", s);
}

/* --treat none|winsorise[:WINMAX[,SKEW,KURT]] and --treat-f2 log_CT|log_CT_plus|log_CT_orig|boxcox:LAMBDA|none */
static int parse_treat(cli *c, const char *s, const char *f2, regio_treat_opts *t) {
    regio_treat_opts_default(t);
    t->enabled = 0;
    if (s && strcmp(s, "none") != 0) {
        if (strncmp(s, "winsorise", 9) != 0 || (s[9] && s[9] != ':'))
            return cli_usage_error(c, "--treat 应为 none 或 winsorise[:WINMAX[,SKEW,KURT]]，而不是 “%s”", "--treat must be none or winsorise[:WINMAX[,SKEW,KURT]], not '%s'", s);
        t->enabled = 1;
        if (s[9] == ':') {
            char *end;
            long w = strtol(s + 10, &end, 10);
            if (end == s + 10 || w < 0) goto bad;
            t->winmax = (int)w;
            if (*end == ',') {
                t->skew_thresh = strtod(end + 1, &end);
                if (*end != ',') goto bad;
                t->kurt_thresh = strtod(end + 1, &end);
            }
            if (*end || !(t->skew_thresh > 0) || !isfinite(t->kurt_thresh)) goto bad;
        }
    }
    if (f2) {
        if (strcmp(f2, "log_CT") == 0) t->f2 = REGIO_F2_LOG_CT;
        else if (strcmp(f2, "log_CT_plus") == 0) t->f2 = REGIO_F2_LOG_CT_PLUS;
        else if (strcmp(f2, "log_CT_orig") == 0) t->f2 = REGIO_F2_LOG_CT_ORIG;
        else if (strcmp(f2, "none") == 0) t->f2 = REGIO_F2_NONE;
        else if (strncmp(f2, "boxcox:", 7) == 0) {
            char *end;
            t->f2 = REGIO_F2_BOXCOX;
            t->boxcox_lambda = strtod(f2 + 7, &end);
            if (end == f2 + 7 || *end) goto badf2;
        } else goto badf2;
    }
    return CLI_OK;
bad:
    return cli_usage_error(c, "--treat winsorise:WINMAX[,SKEW,KURT] 需要 WINMAX >= 0、SKEW > 0（“%s”）", "--treat winsorise:WINMAX[,SKEW,KURT] needs WINMAX >= 0 and SKEW > 0 ('%s')", s);
badf2:
    return cli_usage_error(c, "--treat-f2 应为 log_CT、log_CT_plus、log_CT_orig、boxcox:LAMBDA 或 none，而不是 “%s”", "--treat-f2 must be log_CT, log_CT_plus, log_CT_orig, boxcox:LAMBDA or none, not '%s'", f2);
}

static const char *f2_name(regio_treat_f2 f) {
    static const char *const names[] = {"log_CT", "log_CT_plus", "log_CT_orig", "boxcox", "none"};
    return (unsigned)f <= REGIO_F2_NONE ? names[f] : "?";
}
static const char *treat_flag_name(int f) {
    return f == REGIO_TREAT_WINHI ? "winhi" : f == REGIO_TREAT_WINLO ? "winlo" : "";
}
static const char *screen_name(regio_screen_kind k) {
    return k == REGIO_SCREEN_BYNA ? "byNA" : k == REGIO_SCREEN_BYZERO ? "byzeros" : k == REGIO_SCREEN_BYNAZERO ? "byNAandzeros" : "none";
}

/* The indicator group of each indicator for row/EM/regression imputation: its ancestor at `level`. */
static void indicator_groups(const regio_coinr_meta *mt, long level, int *ig) {
    for (size_t j = 0; j < mt->m; j++) {
        int k = (int)j;
        while (mt->parent[k] >= 0 && mt->level[k] < level) k = mt->parent[k];
        ig[j] = k;
    }
}

typedef struct ev_year {
    int year;
    regio_pipeline_result *r;
} ev_year;

static json_t *settings_json(const ev_args *a, const regio_pipeline_opts *po, const char *group_col, regio_impute_kind ik, long level) {
    const regio_composite_opts *o = &po->comp;
    json_t *n = json_pack("{s:s}", "kind", norm_name(o->norm.kind));
    if (o->norm.kind == REGIO_NORM_MINMAX) {
        json_object_set_new(n, "lo", regio_json_num(o->norm.lo));
        json_object_set_new(n, "hi", regio_json_num(o->norm.hi));
    } else if (o->norm.kind == REGIO_NORM_ZSCORE) {
        json_object_set_new(n, "mean", regio_json_num(o->norm.mean_t));
        json_object_set_new(n, "sd", regio_json_num(o->norm.sd_t));
    } else if (o->norm.kind == REGIO_NORM_GOALPOSTS || o->norm.kind == REGIO_NORM_DIST2TARG)
        json_object_set_new(n, "scale", regio_json_num(o->norm.scale));
    json_t *tr = json_null();
    if (po->treat.enabled) {
        tr = json_pack("{s:s, s:i, s:o, s:o, s:s}", "f1", "winsorise", "winmax", po->treat.winmax,
                       "skew_thresh", regio_json_num(po->treat.skew_thresh), "kurt_thresh", regio_json_num(po->treat.kurt_thresh),
                       "f2", f2_name(po->treat.f2));
        if (po->treat.f2 == REGIO_F2_BOXCOX) json_object_set_new(tr, "lambda", regio_json_num(po->treat.boxcox_lambda));
    }
    json_t *sc = json_pack("{s:s}", "kind", screen_name(po->screen));
    if (po->screen == REGIO_SCREEN_BYNA || po->screen == REGIO_SCREEN_BYNAZERO) json_object_set_new(sc, "dat_thresh", regio_json_num(po->dat_thresh));
    if (po->screen == REGIO_SCREEN_BYZERO || po->screen == REGIO_SCREEN_BYNAZERO) json_object_set_new(sc, "nonzero_thresh", regio_json_num(po->nonzero_thresh));
    json_t *root = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:s, s:s, s:s?, s:s, s:o, s:s, s:s, s:s}", "data", a->data, "meta", a->meta,
                     "denominate", po->denominate, "screen", sc, "treat", tr,
                     "normalise", n, "aggregate", agg_name(o->agg), "weights", w_name(o->wkind),
                     "missing", ik == REGIO_IMP_NONE ? "skip" : ik == REGIO_IMP_LATEST ? "locf" : regio_impute_name(ik),
                     "group_column", group_col, "zero_rule", o->zero_rule == REGIO_ZERO_SHIFT ? "shift" : "error",
                     "zero_shift", regio_json_num(o->zero_rule == REGIO_ZERO_SHIFT ? o->zero_shift : NAN),
                     "rank_ties", "min (1,2,2,4); 1 = best", "normalised_within", "each year",
                     "skipped_cells", "left out; weights re-normalised over the children with a value (COINr default)");
    if (ik == REGIO_IMP_ROW_MEAN || ik == REGIO_IMP_ROW_MEDIAN || ik == REGIO_IMP_EM || ik == REGIO_IMP_REGRESSION)
        json_object_set_new(root, "impute_group_level", json_integer(level));
    json_object_set_new(root, "order", json_string("denominate, impute, screen, treat, normalise, aggregate (COINr)"));
    char hex[65];
    regio_error err;
    regio_error_clear(&err);
    if (regio_sha256_file(a->data, hex, &err) == REGIO_OK) json_object_set_new(root, "data_sha256", json_string(hex));
    if (regio_sha256_file(a->meta, hex, &err) == REGIO_OK) json_object_set_new(root, "meta_sha256", json_string(hex));
    if (a->draws) json_object_set_new(root, "seed", json_string(a->seed));
    return root;
}

static json_t *treatment_json(const regio_coinr_meta *mt, const regio_pipeline_result *r) {
    json_t *arr = json_array();
    for (size_t j = 0; r->treat && j < mt->m; j++) {
        const regio_treat_detail *t = &r->treat[j];
        json_t *o = json_pack("{s:s, s:o, s:o, s:o}", "indicator", mt->code[j], "skew", regio_json_num(t->skew[0]),
                              "kurt", regio_json_num(t->kurt[0]), "pass", t->pass[0] < 0 ? json_null() : json_boolean(t->pass[0]));
        if (t->untreated) json_object_set_new(o, "untreated", json_true());
        if (t->nwin >= 0) {
            json_object_set_new(o, "nwin", json_integer(t->nwin));
            json_object_set_new(o, "skew_after_win", regio_json_num(t->skew[1]));
            json_object_set_new(o, "kurt_after_win", regio_json_num(t->kurt[1]));
            json_object_set_new(o, "pass_after_win", t->pass[1] < 0 ? json_null() : json_boolean(t->pass[1]));
        }
        if (t->f2_applied) {
            json_object_set_new(o, "f2", json_true());
            json_object_set_new(o, "skew_after_f2", regio_json_num(t->skew[2]));
            json_object_set_new(o, "kurt_after_f2", regio_json_num(t->kurt[2]));
            json_object_set_new(o, "pass_after_f2", t->pass[2] < 0 ? json_null() : json_boolean(t->pass[2]));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static int write_json(cli *c, json_t *settings, regio_treat_f2 f2, const regio_coinr_meta *mt, const regio_coinr_data *d, const ev_year *ys, size_t ny,
                      const ev_build *builds, int analyse, int remove_level, json_t *ua) {
    json_t *nodes = json_array();
    const regio_composite_result *r0 = ys[0].r->comp;
    for (size_t k = 0; k < mt->nnodes; k++) {
        json_t *nd = json_pack("{s:s, s:s, s:i, s:s?, s:i, s:o, s:o, s:s}", "code", mt->code[k], "name", mt->name[k],
                               "level", mt->level[k], "parent", mt->parent[k] >= 0 ? mt->code[mt->parent[k]] : NULL,
                               "direction", mt->direction[k], "weight_given", regio_json_num(mt->weight[k]),
                               "weight_used", regio_json_num(r0->weight_used[k]),
                               "type", k < mt->m ? "indicator" : "aggregate");
        if (mt->denom_of[k] >= 0) json_object_set_new(nd, "denominator", json_string(mt->denom_code[mt->denom_of[k]]));
        json_array_append_new(nodes, nd);
    }
    json_t *years = json_array();
    for (size_t t = 0; t < ny; t++) {
        const regio_pipeline_result *pr = ys[t].r;
        const regio_composite_result *r = pr->comp;
        json_t *units = json_array(), *constant = json_array(), *wused = json_object(), *screened = json_array();
        for (size_t j = 0; j < mt->m; j++)
            if (r->const_col[j]) json_array_append_new(constant, json_string(mt->code[j]));
        for (size_t k = 0; k < mt->nnodes; k++) json_object_set_new(wused, mt->code[k], regio_json_num(r->weight_used[k]));
        size_t ntreated = 0, nimputed = 0;
        for (size_t i = 0; i < d->n; i++) {
            json_t *scores = json_object(), *flags = json_array(), *treated = json_array();
            for (size_t k = 0; k < mt->nnodes; k++) json_object_set_new(scores, mt->code[k], regio_json_num(r->score[i * r->nnodes + k]));
            size_t nimp = 0;
            for (size_t j = 0; j < mt->m; j++) {
                int f = r->cell_flag[i * mt->m + j];
                int tf = pr->treat_flag[i * mt->m + j];
                if (tf != REGIO_TREAT_NONE) {
                    json_array_append_new(treated, json_pack("{s:s, s:s}", "indicator", mt->code[j], "flag", tf == REGIO_TREAT_F2 ? f2_name(f2) : treat_flag_name(tf)));
                    ntreated++;
                }
                if (f == REGIO_CELL_OBSERVED) continue;
                nimp += f != REGIO_CELL_SKIPPED;
                json_array_append_new(flags, json_pack("{s:s, s:s}", "indicator", mt->code[j], "flag", regio_cell_flag_name(f)));
            }
            nimputed += nimp;
            if (!pr->keep[i]) json_array_append_new(screened, json_string(d->ucode[i]));
            json_t *u = json_pack("{s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o}", "code", d->ucode[i], "name", d->uname[i],
                                  "index", regio_json_num(r->index[i]), "rank", r->rank[i] ? json_integer(r->rank[i]) : json_null(),
                                  "n_skipped", (json_int_t)r->nmissing[i], "n_imputed", (json_int_t)nimp,
                                  "n_treated", (json_int_t)json_array_size(treated),
                                  "flags", flags, "treated", treated, "scores", scores);
            if (!pr->keep[i]) json_object_set_new(u, "screened_out", json_true());
            json_array_append_new(units, u);
        }
        json_t *y = json_pack("{s:o, s:b, s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o}", "year", d->has_time ? json_integer(ys[t].year) : json_null(),
                              "ties", r->ties, "constant_indicators", constant, "weights_used", wused,
                              "n_imputed", (json_int_t)nimputed, "n_treated", (json_int_t)ntreated,
                              "n_denominator_missing", (json_int_t)pr->ndenom_bad, "screened_out", screened,
                              "treatment", treatment_json(mt, pr), "units", units);
        if (analyse) {
            json_t *an = ev_analysis_json(&builds[t]);
            if (an) json_object_set_new(y, "analysis", an);
        }
        if (remove_level) {
            regio_error err;
            regio_error_clear(&err);
            json_t *re = ev_remove_elements_json(&builds[t], remove_level, &err);
            if (!re) {
                json_decref(y);
                json_decref(years);
                json_decref(nodes);
                json_decref(settings);
                return cli_fail(c, &err);
            }
            json_object_set_new(y, "remove_elements", json_pack("{s:i, s:o}", "level", remove_level, "results", re));
        }
        json_array_append_new(years, y);
    }
    json_t *root = json_pack("{s:o, s:I, s:I, s:o, s:o}", "settings", settings, "n_units", (json_int_t)d->n,
                             "n_indicators", (json_int_t)mt->m, "nodes", nodes, "years", years);
    if (ua) {
        json_object_set_new(ua, "year", d->has_time ? json_integer(ys[ny - 1].year) : json_null());
        json_object_set(root, "uncertainty", ua);
    }
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
    json_decref(root);
    return rc;
}

static int write_grid(cli *c, const regio_coinr_meta *mt, const regio_coinr_data *d, const ev_year *ys, size_t ny) {
    size_t nagg = mt->nnodes - mt->m - 1, ncols = 8 + nagg;
    regio_column *cols = calloc(ncols, sizeof *cols);
    if (!cols) return CLI_INTERNAL;
    cols[0] = (regio_column){"year", TR(c, "年份", "year"), REGIO_COL_INT, 0};
    cols[1] = (regio_column){"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0};
    cols[2] = (regio_column){"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0};
    cols[3] = (regio_column){"index", TR(c, "综合指数", "index"), REGIO_COL_NUM, 2};
    cols[4] = (regio_column){"rank", TR(c, "排名", "rank"), REGIO_COL_INT, 0};
    cols[5] = (regio_column){"n_skipped", TR(c, "缺值（跳过）", "skipped"), REGIO_COL_INT, 0};
    cols[6] = (regio_column){"n_imputed", TR(c, "插补", "imputed"), REGIO_COL_INT, 0};
    cols[7] = (regio_column){"n_treated", TR(c, "异常值处理", "treated"), REGIO_COL_INT, 0};
    /* aggregates from the top down (the root is the index) */
    for (size_t q = 0; q < nagg; q++) {
        size_t k = mt->nnodes - 2 - q;
        cols[8 + q] = (regio_column){mt->code[k], mt->code[k], REGIO_COL_NUM, 2};
    }
    regio_grid *g = regio_grid_new(cols, ncols);
    free(cols);
    for (size_t t = 0; g && t < ny; t++) {
        const regio_pipeline_result *pr = ys[t].r;
        const regio_composite_result *r = pr->comp;
        for (size_t i = 0; i < d->n; i++) {
            long row = regio_grid_add_row(g);
            if (row < 0) break;
            size_t w = (size_t)row, nimp = 0, ntr = 0;
            for (size_t j = 0; j < mt->m; j++) {
                int f = r->cell_flag[i * mt->m + j];
                nimp += f != REGIO_CELL_OBSERVED && f != REGIO_CELL_SKIPPED;
                ntr += pr->treat_flag[i * mt->m + j] != REGIO_TREAT_NONE;
            }
            if (d->has_time) regio_grid_set_int(g, w, 0, ys[t].year);
            regio_grid_set_text(g, w, 1, d->ucode[i]);
            regio_grid_set_text(g, w, 2, d->uname[i]);
            regio_grid_set_num(g, w, 3, r->index[i]);
            if (r->rank[i]) regio_grid_set_int(g, w, 4, r->rank[i]);
            regio_grid_set_int(g, w, 5, (long long)r->nmissing[i]);
            regio_grid_set_int(g, w, 6, (long long)nimp);
            regio_grid_set_int(g, w, 7, (long long)ntr);
            for (size_t q = 0; q < nagg; q++) regio_grid_set_num(g, w, 8 + q, r->score[i * r->nnodes + (mt->nnodes - 2 - q)]);
        }
    }
    int rc = g ? cli_write_grid(c, g, TR(c, "综合指数", "composite index")) : CLI_INTERNAL;
    regio_grid_free(g);
    return rc;
}

int cmd_evaluate_data(cli *c, int argc, char **argv) {
    ev_args a = {0};
    const char *pos[1];
    size_t npos;
    const cli_opt opts[] = {
        {"--data", OPT_STR, &a.data, "FILE", "COINr iData 表（uCode、uName、可选 Time 与指标列）", "COINr iData table (uCode, uName, optional Time, indicator columns)"},
        {"--meta", OPT_STR, &a.meta, "FILE", "COINr iMeta 表（iCode、Level、Direction、Weight、Parent、Type）", "COINr iMeta table (iCode, Level, Direction, Weight, Parent, Type)"},
        {"--denominate", OPT_FLAG, &a.denominate, NULL, "先按 iMeta 的 Denominator 列除以分母（COINr Denominate）", "first divide by the iMeta's Denominator (COINr Denominate)"},
        {"--impute", OPT_STR, &a.impute, "none|mean|median|group:COL|group-median:COL|row[:L]|row-median[:L]|em[:L]|regression[:L]|locf|linear",
         "缺值：跳过并重新分配权重（默认）、列均值/中位数、iData 分组列的组均值/中位数、第 L 层指标组内按行（先 min-max）、组内 EM 或回归、沿用上年值或线性插值",
         "missing values: skip and re-weight (default), column mean/median, the mean/median of an iData group column, by row within the level-L indicator groups (min-max first), EM or regression within the groups, latest earlier value or linear in time"},
        {"--screen", OPT_STR, &a.screen, "none|byNA[:T]|byzeros[:T]|byNAandzeros[:T1,T2]", "剔除数据可得率低于 T（默认 2/3）或非零比例低于 T（默认 0.05）的单元（COINr Screen）",
         "drop units whose data availability is below T (default 2/3) or whose share of non-zero values is below T (default 0.05) (COINr Screen)"},
        {"--treat", OPT_STR, &a.treat, "none|winsorise[:WINMAX[,SKEW,KURT]]", "异常值处理：|偏度| >= SKEW 且峰度 >= KURT 时缩尾至多 WINMAX 个点，仍不通过则对数变换（COINr Treat，默认 5、2、3.5）",
         "outlier treatment: winsorise up to WINMAX points while |skew| >= SKEW and kurtosis >= KURT, then log-transform if it still fails (COINr Treat; default 5, 2, 3.5)"},
        {"--treat-f2", OPT_STR, &a.treat_f2, "log_CT|log_CT_plus|log_CT_orig|boxcox:LAMBDA|none", "缩尾后仍不通过时的第二种处理（默认 log_CT）", "the second treatment when winsorising is not enough (default log_CT)"},
        {"--normalise", OPT_STR, &a.normalise, "minmax[:LO,HI]|zscore[:M,SD]|rank|goalposts|dist2targ|none", "归一化（默认 minmax:0,100）", "normalisation (default minmax:0,100)"},
        {"--aggregate", OPT_STR, &a.aggregate, "mean|geomean|harmonic", "各层的加权平均（默认 mean）", "weighted mean at every level (default mean)"},
        {"--weights", OPT_STR, &a.weights, "given|equal|entropy|critic", "指标权重（默认 iMeta 的 Weight）", "indicator weights (default the iMeta's Weight)"},
        {"--zero", OPT_STR, &a.zero, "error|shift[:S]", "几何/调和平均遇到 <= 0 的值：报错（默认，同 COINr）或平移", "values <= 0 under geomean/harmonic: error (default, as COINr) or shift"},
        {"--year", OPT_STR, &a.year, "Y|all", "面板数据的年份（默认全部年份，逐年评价）", "the panel year (default all years, each evaluated on its own)"},
        {"--analyse", OPT_FLAG, &a.analyse, NULL, "JSON 中加入指标统计、组内相关与标记、与分母的相关、Cronbach α、PCA 权重、有效权重、各单元优势与弱项（COINr 的分析函数）",
         "add to the JSON the indicator statistics, within-group correlations and flags, correlations with the denominators, Cronbach's alpha, PCA weights, effective weights and each unit's strengths and weaknesses (COINr's analysis functions)"},
        {"--remove-elements", OPT_INT, &a.remove_level, "L", "依次把第 L 层每个节点的权重设为 0 重算，给出平均绝对排名变化（COINr remove_elements）",
         "rebuild with each node of level L weighted 0 in turn and give the mean absolute rank change (COINr remove_elements)"},
        {"--unit", OPT_STR, &a.unit, "CODE", "只输出一个单元的概况：各汇总层得分与排名、五项优势与五项弱项（COINr get_unit_summary、get_str_weak）",
         "print one unit's summary instead: score and rank at every aggregate, five strengths and five weaknesses (COINr get_unit_summary, get_str_weak)"},
        {"--uncertainty", OPT_INT, &a.draws, "N", "蒙特卡罗次数（0 = 不做）：各单元的排名中位数与 5–95% 区间（最后一年）", "Monte Carlo draws (0 = none): each unit's median rank and 5-95 % interval (last year)"},
        {"--sobol", OPT_INT, &a.sobol, "N", "Sobol 基础样本量（默认同 --uncertainty；共重建 N×(因子数+2) 次）", "Sobol base sample (default: as --uncertainty; N x (factors + 2) rebuilds)"},
        {"--factors", OPT_STR, &a.factors, "FILE", "不确定因子表（factor、type、values 三列，如 COINr 的 SA_specs；默认为 COINr 敏感性示例的因子）",
         "the uncertain factors (columns factor, type, values, as COINr's SA_specs; default: the factors of COINr's sensitivity vignette)"},
        {"--boot", OPT_INT, &a.boot, "B", "Sobol 指数的 bootstrap 次数（默认 100，0 = 不给区间）", "bootstrap replicates for the Sobol intervals (default 100, 0 = none)"},
        {"--seed", OPT_STR, &a.seed, "S", "随机种子（默认 1）", "random seed (default 1)"},
        {"--threads", OPT_INT, &a.threads, "T", "线程数（0 = 全部核心；结果与线程数无关）", "threads (0 = all cores; the result does not depend on it)"},
        {"--save-settings", OPT_STR, &a.save_settings, "FILE", "把本次的全部选项（含种子）与输入文件的 SHA-256 写入 FILE，供 --settings 逐位重现",
         "write every choice of this run (seed included) and the SHA-256 of its input files to FILE, for --settings to rerun bit for bit"},
        {"--settings", OPT_STR, &a.settings, "FILE", "按 --save-settings 写出的文件重跑（输入文件改变则拒绝）", "rerun the choices of a --save-settings file (refused when an input file has changed)"},
        {"--compare", OPT_STR, &a.compare, "FILE", "与另一次 regio evaluate --format json 的结果比较排名（COINr compare_coins）", "compare the ranks with another regio evaluate --format json output (COINr compare_coins)"},
    };
    a.boot = 100;
    a.seed = "1";
    CLI_PARSE(c, "evaluate", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos);
    if (a.draws < 0 || a.sobol < 0 || a.threads < 0 || a.boot < 0)
        return cli_usage_error(c, "--uncertainty、--sobol、--boot、--threads 须非负%s", "--uncertainty, --sobol, --boot and --threads must be >= 0%s", "");
    char *send = NULL;
    unsigned long long seed = strtoull(a.seed, &send, 10);
    if (!*a.seed || *send || a.seed[0] == '-') return cli_usage_error(c, "--seed 须为非负整数：“%s”", "--seed must be a non-negative integer: '%s'", a.seed);
    if (a.factors && !a.draws) return cli_usage_error(c, "--factors 需要 --uncertainty N%s", "--factors needs --uncertainty N%s", "");
    if (!a.data || !a.meta) return cli_usage_error(c, "需要 --data iData 与 --meta iMeta%s", "--data iData and --meta iMeta are both needed%s", "");
    regio_pipeline_opts po;
    regio_pipeline_opts_default(&po);
    int rc = parse_choices(c, &a, &po.comp);
    if (rc) return rc;
    regio_impute_kind ik;
    int panel;
    const char *group_col;
    long level;
    if ((rc = parse_impute(c, a.impute, &ik, &panel, &group_col, &level))) return rc;
    if ((rc = parse_screen(c, a.screen, &po))) return rc;
    if ((rc = parse_treat(c, a.treat, a.treat_f2, &po.treat))) return rc;
    po.denominate = a.denominate;
    regio_error err;
    regio_error_clear(&err);
    regio_coinr_meta *mt = NULL;
    regio_coinr_data *d = NULL;
    if (regio_coinr_meta_read(a.meta, &mt, &err)) return cli_fail(c, &err);
    if (regio_coinr_data_read(a.data, mt, &d, &err)) {
        regio_coinr_meta_free(mt);
        return cli_fail(c, &err);
    }
    size_t y0 = 0, y1 = d->nyears;
    if (a.year && strcmp(a.year, "all") != 0) {
        int y;
        char *end;
        y = (int)strtol(a.year, &end, 10);
        size_t t = 0;
        while (t < d->nyears && d->years[t] != y) t++;
        if (*end || t == d->nyears || !d->has_time) {
            rc = cli_usage_error(c, "%s 中没有 %s 年（Time 列）", "%s has no year %s (Time column)", a.data, a.year);
            goto out;
        }
        y0 = t;
        y1 = t + 1;
    }
    size_t cells = d->n * d->m;
    unsigned char *flags = calloc(d->nyears * cells, 1);
    int *group = calloc(d->n, sizeof *group), *ig = calloc(d->m, sizeof *ig);
    ev_year *ys = calloc(y1 - y0, sizeof *ys);
    ev_build *builds = NULL;
    if (!flags || !group || !ig || !ys) {
        free(flags); free(group); free(ig); free(ys);
        rc = CLI_INTERNAL;
        goto out;
    }
    if (panel) {
        if (d->nyears < 2) {
            rc = cli_usage_error(c, "--impute %s 需要有 Time 列的多年数据（%s 只有一年）", "--impute %s needs a panel with a Time column (%s has one year)", a.impute, a.data);
            goto done;
        }
        if (regio_impute_panel(d->x, d->nyears, d->years, d->n, d->m, ik, flags, &err)) {
            rc = cli_fail(c, &err);
            goto done;
        }
    } else po.impute.kind = ik;
    if (group_col) {
        size_t ng = 0;
        if ((rc = load_groups(c, a.data, group_col, d, group, &ng))) goto done;
        po.impute.group = group;
        po.impute.ngroups = ng;
    }
    indicator_groups(mt, level, ig);
    po.impute.ind_group = ig;
    if (po.comp.norm.kind == REGIO_NORM_GOALPOSTS)
        for (size_t j = 0; j < d->m; j++)
            if (isnan(mt->gp_lo[j]) || isnan(mt->gp_hi[j])) {
                rc = cli_usage_error(c, "%s 第 %zu 行：goalposts 归一化需要 iMeta 的 goalpost_lower 与 goalpost_upper 列（指标 %s）",
                                     "%s line %zu: goalposts normalisation needs the iMeta columns goalpost_lower and goalpost_upper (indicator %s)", a.meta, mt->line[j], mt->code[j]);
                goto done;
            }
    if (po.denominate && mt->ndenoms == 0) {
        rc = cli_usage_error(c, "--denominate：%s 没有 Type 为 Denominator 的行", "--denominate: %s has no row of Type Denominator", a.meta);
        goto done;
    }
    for (size_t t = y0; t < y1; t++) {
        regio_composite_input in = {.n = d->n, .m = d->m, .x = d->x + t * cells, .direction = mt->direction,
                                    .gp_lo = mt->gp_lo, .gp_hi = mt->gp_hi, .target = mt->target, .nnodes = mt->nnodes,
                                    .parent = mt->parent, .weight = mt->weight, .cell_flag = flags + t * cells,
                                    .unit_code = (const char *const *)d->ucode, .node_code = (const char *const *)mt->code};
        regio_pipeline_denoms dn = {d->den ? d->den + t * d->n * d->ndenoms : NULL, d->ndenoms, mt->denom_of};
        ys[t - y0].year = d->years[t];
        if (regio_pipeline_evaluate(&in, &dn, &po, &ys[t - y0].r, &err)) {
            if (d->has_time) {
                char prefix[64];
                snprintf(prefix, sizeof prefix, "%d: ", d->years[t]);
                regio_error_prefix(&err, prefix, prefix);
            }
            rc = cli_fail(c, &err);
            goto done;
        }
    }
    builds = calloc(y1 - y0, sizeof *builds);
    if (!builds) {
        rc = CLI_INTERNAL;
        goto done;
    }
    for (size_t t = y0; t < y1; t++) builds[t - y0] = (ev_build){mt, d, t, flags + t * cells, &po, ys[t - y0].r};
    if (a.remove_level && (a.remove_level < 1 || a.remove_level >= mt->level[mt->nnodes - 1])) {
        rc = cli_usage_error(c, "--remove-elements 的层次 %d 应在 1 与 %d 之间", "--remove-elements: level %d must lie between 1 and %d", a.remove_level, mt->level[mt->nnodes - 1] - 1);
        goto done;
    }
    json_t *ua = NULL;
    if (a.draws > 0 && !a.unit && !a.compare &&
        (rc = ev_uncertainty(c, &builds[y1 - y0 - 1], a.factors, (size_t)a.draws, (size_t)(a.sobol ? a.sobol : a.draws), seed, a.threads, (size_t)a.boot, &ua)))
        goto done;
    if (a.save_settings && (rc = ev_settings_save(c, a.save_settings, argc, argv))) goto done;
    if (a.unit) rc = ev_unit_report(c, &builds[y1 - y0 - 1], a.unit);
    else if (a.compare) rc = ev_compare(c, &builds[y1 - y0 - 1], a.compare);
    else if (c->fmt == REGIO_FMT_JSON) rc = write_json(c, settings_json(&a, &po, group_col, ik, level), po.treat.f2, mt, d, ys, y1 - y0, builds, a.analyse, a.remove_level, ua);
    else rc = ua ? ev_uncertainty_table(c, &builds[y1 - y0 - 1], ua) : write_grid(c, mt, d, ys, y1 - y0);
    json_decref(ua);
done:
    free(builds);
    for (size_t t = 0; t < y1 - y0; t++) regio_pipeline_result_free(ys[t].r);
    free(ys);
    free(flags);
    free(group);
    free(ig);
out:
    regio_coinr_data_free(d);
    regio_coinr_meta_free(mt);
    return rc;
}
