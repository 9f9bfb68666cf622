/* od_csv.c — an origin–destination travel-time matrix from a long table (origin, destination, minutes).
 *
 * Why: many users get travel times from elsewhere (a routing service, a transport model, a survey); the
 * accessibility measures and `regio groups derive` take the matrix as it is. The file is read through the
 * project's table reader (UTF-8/GB18030, CSV or .xlsx, line numbers), codes are indexed by an open-addressing
 * hash in the order first seen, and a repeated pair is an error rather than a silent overwrite. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/access_io.h"
#include "regio/table.h"

typedef struct codes {
    char **code;     /* in order first seen */
    size_t n, cap;
    long *slot;      /* hash slots: index into code or -1 */
    size_t nslot;
} codes;

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void codes_free(codes *c) {
    for (size_t i = 0; i < c->n; i++) free(c->code[i]);
    free(c->code); free(c->slot);
}

static int codes_grow(codes *c) {
    size_t ns = c->nslot ? c->nslot * 2 : 64;
    long *sl = malloc(ns * sizeof *sl);
    if (!sl) return -1;
    for (size_t i = 0; i < ns; i++) sl[i] = -1;
    for (size_t i = 0; i < c->n; i++) {
        size_t h = (size_t)(hash_str(c->code[i]) & (ns - 1));
        while (sl[h] >= 0) h = (h + 1) & (ns - 1);
        sl[h] = (long)i;
    }
    free(c->slot);
    c->slot = sl; c->nslot = ns;
    return 0;
}

static long codes_find(const codes *c, const char *s) {
    if (!c->nslot) return -1;
    size_t h = (size_t)(hash_str(s) & (c->nslot - 1));
    while (c->slot[h] >= 0) {
        if (strcmp(c->code[c->slot[h]], s) == 0) return c->slot[h];
        h = (h + 1) & (c->nslot - 1);
    }
    return -1;
}

/* index of s, added when new; -1 on out of memory */
static long codes_add(codes *c, const char *s) {
    long k = codes_find(c, s);
    if (k >= 0) return k;
    if (2 * (c->n + 1) > c->nslot && codes_grow(c)) return -1;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        char **p = realloc(c->code, nc * sizeof *p);
        if (!p) return -1;
        c->code = p; c->cap = nc;
    }
    char *d = regio_strdup(s);
    if (!d) return -1;
    c->code[c->n] = d;
    size_t h = (size_t)(hash_str(s) & (c->nslot - 1));
    while (c->slot[h] >= 0) h = (h + 1) & (c->nslot - 1);
    c->slot[h] = (long)c->n;
    return (long)c->n++;
}

void regio_od_free(regio_od *od) {
    if (!od) return;
    for (size_t i = 0; i < od->norig; i++) free(od->orig[i]);
    for (size_t j = 0; j < od->ndest; j++) free(od->dest[j]);
    free(od->orig); free(od->dest); free(od->minutes); free(od->source);
    free(od);
}

static long find_in(char *const *v, size_t n, const char *code) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], code) == 0) return (long)i;
    return -1;
}

long regio_od_origin(const regio_od *od, const char *code) { return find_in(od->orig, od->norig, code); }
long regio_od_dest(const regio_od *od, const char *code) { return find_in(od->dest, od->ndest, code); }

int regio_od_read(const char *path, regio_od **out, regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long co = regio_table_col(t, "origin"), cd = regio_table_col(t, "destination"), cm = regio_table_col(t, "minutes");
    if (co < 0 || cd < 0 || cm < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：缺少列 %s（需要 origin、destination、minutes）",
                             "%s: missing column %s (needs origin, destination, minutes)", path,
                             co < 0 ? "origin" : cd < 0 ? "destination" : "minutes");
        regio_table_free(t);
        return rc;
    }
    codes o = {0}, d = {0};
    long *oi = malloc((t->nrows ? t->nrows : 1) * sizeof *oi), *di = malloc((t->nrows ? t->nrows : 1) * sizeof *di);
    double *mv = malloc((t->nrows ? t->nrows : 1) * sizeof *mv);
    regio_od *od = NULL;
    if (!oi || !di || !mv) goto nomem;
    if (t->nrows == 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：没有数据行", "%s: no data rows", path);
        goto done;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const char *so = regio_table_cell(t, r, (size_t)co), *sd = regio_table_cell(t, r, (size_t)cd),
                   *sm = regio_table_cell(t, r, (size_t)cm);
        if (!*so || !*sd) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：%s 为空", "%s line %ld: %s is empty", path, t->line[r],
                                 !*so ? "origin" : "destination");
            goto done;
        }
        if (regio_parse_number(sm, &mv[r]) || !isfinite(mv[r]) || mv[r] < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行 minutes 字段：“%s”不是非负的分钟数",
                                 "%s line %ld, field minutes: '%s' is not a number of minutes >= 0", path, t->line[r], sm);
            goto done;
        }
        if ((oi[r] = codes_add(&o, so)) < 0 || (di[r] = codes_add(&d, sd)) < 0) goto nomem;
    }
    od = calloc(1, sizeof *od);
    if (!od || !(od->source = regio_strdup(path))) goto nomem;
    if (o.n && d.n > SIZE_MAX / sizeof(double) / o.n) goto nomem;
    od->minutes = malloc(o.n * d.n * sizeof *od->minutes);
    if (!od->minutes) goto nomem;
    for (size_t k = 0; k < o.n * d.n; k++) od->minutes[k] = INFINITY;
    long *first_line = malloc(o.n * d.n * sizeof *first_line);
    if (!first_line) goto nomem;
    for (size_t r = 0; r < t->nrows; r++) {
        size_t k = (size_t)oi[r] * d.n + (size_t)di[r];
        if (!isinf(od->minutes[k])) { /* every value read is finite: a finite cell was set before */
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：起点 %s 到终点 %s 重复（第 %ld 行已给出）",
                                 "%s line %ld: origin %s to destination %s repeated (given at line %ld)", path, t->line[r],
                                 o.code[oi[r]], d.code[di[r]], first_line[k]);
            free(first_line);
            goto done;
        }
        od->minutes[k] = mv[r];
        first_line[k] = t->line[r];
    }
    free(first_line);
    od->norig = o.n; od->orig = o.code; o.code = NULL; o.n = 0;
    od->ndest = d.n; od->dest = d.code; d.code = NULL; d.n = 0;
    *out = od;
    od = NULL;
    rc = REGIO_OK;
    goto done;
nomem:
    rc = regio_error_set(err, REGIO_ENOMEM, "内存不足（读取 %s）", "out of memory (reading %s)", path);
done:
    regio_od_free(od);
    codes_free(&o); codes_free(&d);
    free(oi); free(di); free(mv);
    regio_table_free(t);
    return rc;
}
