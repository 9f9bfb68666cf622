/* coinr_io.c — reading COINr's iMeta and iData tables as they are, so a COINr user moves to regio without
 * reshaping: the metadata gives directions, weights and the hierarchy (indicators → aggregates by Level), the data
 * gives units (uCode, uName) and, for panels, a Time column. Every problem names the file and line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "regio/composite.h"
#include "regio/table.h"

void regio_coinr_meta_free(regio_coinr_meta *meta) {
    if (!meta) return;
    for (size_t k = 0; k < meta->nnodes; k++) {
        if (meta->code) free(meta->code[k]);
        if (meta->name) free(meta->name[k]);
    }
    free(meta->code);
    free(meta->name);
    free(meta->level);
    free(meta->direction);
    free(meta->weight);
    free(meta->parent);
    free(meta->target);
    free(meta->line);
    free(meta->gp_lo);
    free(meta->gp_hi);
    free(meta->denom_of);
    for (size_t k = 0; k < meta->ndenoms; k++) free(meta->denom_code[k]);
    free(meta->denom_code);
    for (size_t k = 0; k < meta->ngroups; k++) free(meta->group_code[k]);
    free(meta->group_code);
    free(meta);
}

void regio_coinr_data_free(regio_coinr_data *d) {
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        if (d->ucode) free(d->ucode[i]);
        if (d->uname) free(d->uname[i]);
    }
    free(d->ucode);
    free(d->uname);
    free(d->years);
    free(d->x);
    free(d->den);
    if (d->group)
        for (size_t c = 0; c < d->nyears * d->n * d->ngroups; c++) free(d->group[c]);
    free(d->group);
    free(d);
}

typedef struct mrow {
    size_t row;  /* table row */
    long level;
    int agg;     /* 1 aggregate, 0 indicator */
} mrow;

static int cmp_mrow(const void *a, const void *b) {
    const mrow *x = a, *y = b;
    if (x->agg != y->agg) return x->agg - y->agg;
    if (x->agg && x->level != y->level) return x->level < y->level ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

typedef struct code_ix {
    const char *code;
    size_t k;
} code_ix;

static int cmp_code(const void *a, const void *b) { return strcmp(((const code_ix *)a)->code, ((const code_ix *)b)->code); }

static long find_code(const code_ix *ix, size_t n, const char *code) {
    code_ix key = {code, 0};
    const code_ix *hit = bsearch(&key, ix, n, sizeof *ix, cmp_code);
    return hit ? (long)hit->k : -1;
}

static int is_na_meta(const char *s) { return strcmp(s, "NA") == 0; }

int regio_coinr_meta_read(const char *path, regio_coinr_meta **out, regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long cType = regio_table_col(t, "Type"), cCode = regio_table_col(t, "iCode"), cName = regio_table_col(t, "iName"),
         cLevel = regio_table_col(t, "Level"), cDir = regio_table_col(t, "Direction"), cW = regio_table_col(t, "Weight"),
         cPar = regio_table_col(t, "Parent"), cTarget = regio_table_col(t, "Target"),
         cGl = regio_table_col(t, "goalpost_lower"), cGu = regio_table_col(t, "goalpost_upper"),
         cDen = regio_table_col(t, "Denominator");
    const char *need[] = {"iCode", "Type", "Level", "Parent", "Direction", "Weight"};
    long have[] = {cCode, cType, cLevel, cPar, cDir, cW};
    for (size_t q = 0; q < 6; q++)
        if (have[q] < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少 COINr iMeta 的列 %s", "%s line %ld: the COINr iMeta column %s is missing", path, t->header_line, need[q]);
            regio_table_free(t);
            return rc;
        }
    mrow *rows = malloc((t->nrows ? t->nrows : 1) * sizeof *rows);
    code_ix *ix = malloc((t->nrows ? t->nrows : 1) * sizeof *ix);
    regio_coinr_meta *mt = calloc(1, sizeof *mt);
    if (!rows || !ix || !mt) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    size_t nr = 0, m = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *type = regio_table_cell(t, r, (size_t)cType);
        int agg;
        if (strcasecmp(type, "Indicator") == 0) agg = 0;
        else if (strcasecmp(type, "Aggregate") == 0) agg = 1;
        else if (strcasecmp(type, "Group") == 0 || strcasecmp(type, "Denominator") == 0) {
            const char *code = regio_table_cell(t, r, (size_t)cCode);
            int isg = strcasecmp(type, "Group") == 0;
            char ***list = isg ? &mt->group_code : &mt->denom_code;
            size_t *cnt = isg ? &mt->ngroups : &mt->ndenoms;
            char **grown = realloc(*list, (*cnt + 1) * sizeof *grown);
            if (!grown || !*code || !(grown[*cnt] = regio_strdup(code))) {
                if (grown) *list = grown;
                rc = *code ? regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "")
                           : regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：iCode 为空", "%s line %ld: iCode is empty", path, t->line[r]);
                goto fail;
            }
            *list = grown;
            (*cnt)++;
            continue;
        } else if (strcasecmp(type, "Other") == 0) continue;
        else {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：Type “%s” 无效（应为 Indicator、Aggregate、Group、Denominator 或 Other）",
                                 "%s line %ld: Type \"%s\" is not valid (Indicator, Aggregate, Group, Denominator or Other)", path, t->line[r], type);
            goto fail;
        }
        long level;
        if (regio_parse_long(regio_table_cell(t, r, (size_t)cLevel), &level) || level < 1) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：Level “%s” 应为 >= 1 的整数", "%s line %ld: Level \"%s\" must be an integer >= 1", path, t->line[r], regio_table_cell(t, r, (size_t)cLevel));
            goto fail;
        }
        if (!agg && level != 1) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：指标的 Level 应为 1（现为 %ld）", "%s line %ld: an indicator's Level must be 1 (it is %ld)", path, t->line[r], level);
            goto fail;
        }
        if (!*regio_table_cell(t, r, (size_t)cCode)) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：iCode 为空", "%s line %ld: iCode is empty", path, t->line[r]);
            goto fail;
        }
        rows[nr++] = (mrow){r, level, agg};
        m += !agg;
    }
    if (m == 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：没有 Type 为 Indicator 的行", "%s: no row has Type Indicator", path);
        goto fail;
    }
    qsort(rows, nr, sizeof *rows, cmp_mrow);
    int implicit_root = nr == m; /* indicators only: one implicit root "Index" */
    size_t N = nr + (size_t)implicit_root;
    mt->m = m;
    mt->nnodes = N;
    mt->code = calloc(N, sizeof *mt->code);
    mt->name = calloc(N, sizeof *mt->name);
    mt->level = calloc(N, sizeof *mt->level);
    mt->direction = calloc(N, sizeof *mt->direction);
    mt->weight = calloc(N, sizeof *mt->weight);
    mt->parent = calloc(N, sizeof *mt->parent);
    mt->target = calloc(N, sizeof *mt->target);
    mt->line = calloc(N, sizeof *mt->line);
    mt->gp_lo = calloc(N, sizeof *mt->gp_lo);
    mt->gp_hi = calloc(N, sizeof *mt->gp_hi);
    mt->denom_of = malloc(N * sizeof *mt->denom_of);
    if (!mt->denom_of || !mt->gp_lo || !mt->gp_hi || !mt->code || !mt->name || !mt->level || !mt->direction || !mt->weight || !mt->parent || !mt->target || !mt->line) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    for (size_t k = 0; k < nr; k++) {
        size_t r = rows[k].row;
        mt->code[k] = regio_strdup(regio_table_cell(t, r, (size_t)cCode));
        mt->name[k] = regio_strdup(cName >= 0 ? regio_table_cell(t, r, (size_t)cName) : "");
        if (!mt->code[k] || !mt->name[k]) {
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
            goto fail;
        }
        mt->level[k] = (int)rows[k].level;
        mt->line[k] = (size_t)t->line[r];
        ix[k] = (code_ix){mt->code[k], k};
        const char *ds = regio_table_cell(t, r, (size_t)cDir), *ws = regio_table_cell(t, r, (size_t)cW);
        long dir;
        double w;
        if (!rows[k].agg && (regio_parse_long(ds, &dir) || (dir != 1 && dir != -1))) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：%s 的 Direction “%s” 应为 1 或 -1", "%s line %ld: %s: Direction \"%s\" must be 1 or -1", path, t->line[r], mt->code[k], ds);
            goto fail;
        }
        mt->direction[k] = rows[k].agg ? 1 : (int)dir;
        if (regio_parse_number(ws, &w) || w < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：%s 的 Weight “%s” 应为非负数", "%s line %ld: %s: Weight \"%s\" must be a number >= 0", path, t->line[r], mt->code[k], ws);
            goto fail;
        }
        mt->weight[k] = w;
        double tg;
        mt->target[k] = (cTarget >= 0 && regio_parse_number(regio_table_cell(t, r, (size_t)cTarget), &tg) == 0) ? tg : NAN;
        mt->gp_lo[k] = (cGl >= 0 && regio_parse_number(regio_table_cell(t, r, (size_t)cGl), &tg) == 0) ? tg : NAN;
        mt->gp_hi[k] = (cGu >= 0 && regio_parse_number(regio_table_cell(t, r, (size_t)cGu), &tg) == 0) ? tg : NAN;
        mt->denom_of[k] = -1;
        const char *dc = cDen >= 0 ? regio_table_cell(t, r, (size_t)cDen) : "";
        if (*dc && !rows[k].agg && !is_na_meta(dc)) {
            for (size_t q = 0; q < mt->ndenoms && mt->denom_of[k] < 0; q++)
                if (strcmp(mt->denom_code[q], dc) == 0) mt->denom_of[k] = (int)q;
            if (mt->denom_of[k] < 0) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：%s 的 Denominator “%s” 不是 iMeta 中 Type 为 Denominator 的行",
                                     "%s line %ld: %s: Denominator \"%s\" is not a row of Type Denominator in the iMeta", path, t->line[r], mt->code[k], dc);
                goto fail;
            }
        }
    }
    if (implicit_root) {
        mt->code[nr] = regio_strdup("Index");
        mt->name[nr] = regio_strdup("Index");
        if (!mt->code[nr] || !mt->name[nr]) {
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
            goto fail;
        }
        mt->level[nr] = 2;
        mt->direction[nr] = 1;
        mt->weight[nr] = 1;
        mt->target[nr] = mt->gp_lo[nr] = mt->gp_hi[nr] = NAN;
        mt->denom_of[nr] = -1;
        mt->parent[nr] = -1;
        for (size_t k = 0; k < nr; k++) mt->parent[k] = (int)nr;
    } else {
        qsort(ix, nr, sizeof *ix, cmp_code);
        for (size_t k = 1; k < nr; k++)
            if (strcmp(ix[k].code, ix[k - 1].code) == 0) {
                size_t a = ix[k - 1].k < ix[k].k ? ix[k - 1].k : ix[k].k, b = ix[k - 1].k < ix[k].k ? ix[k].k : ix[k - 1].k;
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行：iCode “%s” 与第 %zu 行重复", "%s line %zu: iCode \"%s\" repeats line %zu", path, mt->line[b], ix[k].code, mt->line[a]);
                goto fail;
            }
        size_t roots = 0;
        for (size_t k = 0; k < nr; k++) {
            const char *ps = regio_table_cell(t, rows[k].row, (size_t)cPar);
            if (!*ps) {
                if (!rows[k].agg) {
                    rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行：指标 %s 没有 Parent", "%s line %zu: indicator %s has no Parent", path, mt->line[k], mt->code[k]);
                    goto fail;
                }
                mt->parent[k] = -1;
                roots++;
                continue;
            }
            long p = find_code(ix, nr, ps);
            if (p < 0 || p < (long)m) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行：%s 的 Parent “%s” 不是 iMeta 中的汇总节点（Type Aggregate）", "%s line %zu: %s: Parent \"%s\" is not an aggregate (Type Aggregate) of the iMeta", path, mt->line[k], mt->code[k], ps);
                goto fail;
            }
            if (mt->level[p] <= mt->level[k]) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行：%s（Level %d）的 Parent %s 的 Level %d 应更高", "%s line %zu: %s (Level %d): its Parent %s must have a higher Level than %d", path, mt->line[k], mt->code[k], mt->level[k], ps, mt->level[p]);
                goto fail;
            }
            mt->parent[k] = (int)p;
        }
        if (roots != 1 || mt->parent[nr - 1] != -1) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s：应恰有一个没有 Parent 的最高层汇总节点（指数），现有 %zu 个", "%s: there must be exactly one top aggregate (the index) without a Parent; found %zu", path, roots);
            goto fail;
        }
        /* an aggregate with no children */
        for (size_t p = m; p < nr; p++) {
            int has = 0;
            for (size_t k = 0; k < nr && !has; k++) has = mt->parent[k] == (int)p;
            if (!has) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %zu 行：汇总节点 %s 没有下级", "%s line %zu: aggregate %s has no children", path, mt->line[p], mt->code[p]);
                goto fail;
            }
        }
    }
    free(rows);
    free(ix);
    regio_table_free(t);
    *out = mt;
    return REGIO_OK;
fail:
    free(rows);
    free(ix);
    regio_table_free(t);
    regio_coinr_meta_free(mt);
    return rc;
}

static int is_na(const char *s) { return !*s || strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0 || strcmp(s, "#N/A") == 0; }

typedef struct urow {
    const char *code;
    size_t row;
} urow;

static int cmp_urow(const void *a, const void *b) {
    const urow *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int regio_coinr_data_read(const char *path, const regio_coinr_meta *meta, regio_coinr_data **out, regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    size_t m = meta->m, nr = t->nrows;
    long cCode = regio_table_col(t, "uCode"), cName = regio_table_col(t, "uName"), cTime = regio_table_col(t, "Time");
    long *col = malloc(m * sizeof *col), *dcol = malloc((meta->ndenoms + meta->ngroups + 1) * sizeof *dcol);
    urow *ur = malloc((nr ? nr : 1) * sizeof *ur);
    int *yr = malloc((nr ? nr : 1) * sizeof *yr);
    size_t *unit_of = malloc((nr ? nr : 1) * sizeof *unit_of);
    regio_coinr_data *d = calloc(1, sizeof *d);
    if (!col || !dcol || !ur || !yr || !unit_of || !d) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    if (cCode < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少 COINr iData 的列 uCode", "%s line %ld: the COINr iData column uCode is missing", path, t->header_line);
        goto fail;
    }
    if (nr == 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：没有数据行", "%s: no data rows", path);
        goto fail;
    }
    for (size_t q = 0; q < meta->ndenoms + meta->ngroups; q++) {
        int isd = q < meta->ndenoms;
        const char *code = isd ? meta->denom_code[q] : meta->group_code[q - meta->ndenoms];
        if ((dcol[q] = regio_table_col(t, code)) < 0) {
            rc = isd ? regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少 iMeta 中的分母列 %s", "%s line %ld: the denominator column %s (from the iMeta) is missing", path, t->header_line, code)
                     : regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少 iMeta 中的分组列 %s", "%s line %ld: the group column %s (from the iMeta) is missing", path, t->header_line, code);
            goto fail;
        }
    }
    for (size_t j = 0; j < m; j++)
        if ((col[j] = regio_table_col(t, meta->code[j])) < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少 iMeta 中的指标列 %s", "%s line %ld: the column of indicator %s (from the iMeta) is missing", path, t->header_line, meta->code[j]);
            goto fail;
        }
    /* years */
    for (size_t r = 0; r < nr; r++) {
        long y = 0;
        if (cTime >= 0 && regio_parse_long(regio_table_cell(t, r, (size_t)cTime), &y)) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：Time “%s” 应为整数年份", "%s line %ld: Time \"%s\" must be an integer year", path, t->line[r], regio_table_cell(t, r, (size_t)cTime));
            goto fail;
        }
        yr[r] = (int)y;
        ur[r] = (urow){regio_table_cell(t, r, (size_t)cCode), r};
        if (!*ur[r].code) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：uCode 为空", "%s line %ld: uCode is empty", path, t->line[r]);
            goto fail;
        }
    }
    int *ys = malloc(nr * sizeof *ys);
    if (!ys) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    memcpy(ys, yr, nr * sizeof *ys);
    qsort(ys, nr, sizeof *ys, cmp_int);
    size_t ny = 0;
    for (size_t r = 0; r < nr; r++)
        if (r == 0 || ys[r] != ys[r - 1]) ys[ny++] = ys[r];
    d->years = ys;
    d->nyears = ny;
    d->has_time = cTime >= 0;
    /* units in order of first appearance */
    qsort(ur, nr, sizeof *ur, cmp_urow);
    size_t *first_row = malloc(nr * sizeof *first_row);
    if (!first_row) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    size_t nu = 0;
    for (size_t a = 0; a < nr;) {
        size_t b = a;
        while (b + 1 < nr && strcmp(ur[b + 1].code, ur[a].code) == 0) b++;
        first_row[nu] = ur[a].row; /* the sort keeps rows ascending within a code */
        for (size_t q = a; q <= b; q++) unit_of[ur[q].row] = nu;
        for (size_t q = a + 1; q <= b; q++)
            if (yr[ur[q].row] == yr[ur[q - 1].row]) {
                rc = d->has_time
                    ? regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：单元 %s 在 %d 年重复（第 %ld 行）", "%s line %ld: unit %s repeats year %d (line %ld)", path, t->line[ur[q].row], ur[q].code, yr[ur[q].row], t->line[ur[q - 1].row])
                    : regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：单元 %s 重复（第 %ld 行；多年数据需要 Time 列）%s", "%s line %ld: unit %s repeats line %ld (a panel needs a Time column)%s", path, t->line[ur[q].row], ur[q].code, t->line[ur[q - 1].row], "");
                free(first_row);
                goto fail;
            }
        nu++;
        a = b + 1;
    }
    /* renumber units by first row so the output follows the file */
    size_t *order = malloc(nu * sizeof *order), *renum = malloc(nu * sizeof *renum);
    if (!order || !renum) {
        free(order); free(renum); free(first_row);
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    /* first_row[u] are distinct rows: a counting pass over rows gives the file order */
    {
        unsigned char *is_first = calloc(nr, 1);
        size_t *unit_at = malloc(nr * sizeof *unit_at);
        if (!is_first || !unit_at) {
            free(is_first); free(unit_at); free(order); free(renum); free(first_row);
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
            goto fail;
        }
        for (size_t u = 0; u < nu; u++) { is_first[first_row[u]] = 1; unit_at[first_row[u]] = u; }
        size_t q = 0;
        for (size_t r = 0; r < nr; r++)
            if (is_first[r]) { order[q] = unit_at[r]; renum[unit_at[r]] = q; q++; }
        free(is_first);
        free(unit_at);
    }
    d->n = nu;
    d->m = m;
    d->ucode = calloc(nu, sizeof *d->ucode);
    d->uname = calloc(nu, sizeof *d->uname);
    d->x = malloc(ny * nu * m * sizeof *d->x);
    if (!d->ucode || !d->uname || !d->x) {
        free(order); free(renum); free(first_row);
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    for (size_t c = 0; c < ny * nu * m; c++) d->x[c] = NAN;
    d->ndenoms = meta->ndenoms;
    d->ngroups = meta->ngroups;
    if (meta->ndenoms) {
        if (!(d->den = malloc(ny * nu * meta->ndenoms * sizeof *d->den))) {
            free(order); free(renum); free(first_row);
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
            goto fail;
        }
        for (size_t c = 0; c < ny * nu * meta->ndenoms; c++) d->den[c] = NAN;
    }
    if (meta->ngroups && !(d->group = calloc(ny * nu * meta->ngroups, sizeof *d->group))) {
        free(order); free(renum); free(first_row);
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
        goto fail;
    }
    for (size_t u = 0; u < nu; u++) {
        size_t r = first_row[order[u]];
        d->ucode[u] = regio_strdup(regio_table_cell(t, r, (size_t)cCode));
        d->uname[u] = regio_strdup(cName >= 0 ? regio_table_cell(t, r, (size_t)cName) : "");
        if (!d->ucode[u] || !d->uname[u]) {
            free(order); free(renum); free(first_row);
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
            goto fail;
        }
    }
    free(order);
    free(first_row);
    for (size_t r = 0; r < nr && rc == REGIO_OK; r++) {
        const int *yp = bsearch(&yr[r], d->years, ny, sizeof(int), cmp_int);
        size_t tt = (size_t)(yp - d->years), u = renum[unit_of[r]];
        for (size_t j = 0; j < m; j++) {
            const char *s = regio_table_cell(t, r, (size_t)col[j]);
            double v;
            if (is_na(s)) continue;
            if (regio_parse_number(s, &v)) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行第 %ld 列（%s）：“%s” 不是数字", "%s line %ld column %ld (%s): \"%s\" is not a number", path, t->line[r], col[j] + 1, meta->code[j], s);
                break;
            }
            d->x[(tt * nu + u) * m + j] = v;
        }
        for (size_t q = 0; q < meta->ndenoms && rc == REGIO_OK; q++) {
            const char *s = regio_table_cell(t, r, (size_t)dcol[q]);
            double v;
            if (is_na(s)) continue;
            if (regio_parse_number(s, &v)) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行第 %ld 列（%s）：“%s” 不是数字", "%s line %ld column %ld (%s): \"%s\" is not a number", path, t->line[r], dcol[q] + 1, meta->denom_code[q], s);
                break;
            }
            d->den[(tt * nu + u) * meta->ndenoms + q] = v;
        }
        for (size_t q = 0; q < meta->ngroups && rc == REGIO_OK; q++) {
            const char *s = regio_table_cell(t, r, (size_t)dcol[meta->ndenoms + q]);
            char *cp = regio_strdup(is_na(s) ? "" : s);
            if (!cp) {
                rc = regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
                break;
            }
            d->group[(tt * nu + u) * meta->ngroups + q] = cp;
        }
    }
    free(renum);
    if (rc) goto fail;
    free(col);
    free(dcol);
    free(ur);
    free(yr);
    free(unit_of);
    regio_table_free(t);
    *out = d;
    return REGIO_OK;
fail:
    free(col);
    free(dcol);
    free(ur);
    free(yr);
    free(unit_of);
    regio_table_free(t);
    regio_coinr_data_free(d);
    return rc;
}
