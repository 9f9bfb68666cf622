/* places_csv.c — places with a position (and optionally a quantity): the origins and destinations of travel-time
 * and accessibility computations (county seats with their population, hospitals with their beds).
 *
 * Why a reader of its own: positions must be checked (a swapped lon/lat is the usual mistake) and ids must be
 * unique, with the file, line and field named; everything else goes through the project's table reader. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/access_io.h"
#include "regio/table.h"

void regio_places_free(regio_places *p) {
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->id[i]);
        if (p->region) free(p->region[i]);
    }
    free(p->id); free(p->region); free(p->lon); free(p->lat); free(p->value);
    free(p);
}

static int cmp_idx(const void *a, const void *b, void *ctx) {
    char **id = ctx;
    return strcmp(id[*(const size_t *)a], id[*(const size_t *)b]);
}

/* insertion-free duplicate check: sort indexes by id (qsort has no context: a small merge sort) */
static void sort_idx(size_t *ix, size_t *tmp, size_t n, char **id) {
    if (n < 2) return;
    size_t h = n / 2;
    sort_idx(ix, tmp, h, id);
    sort_idx(ix + h, tmp, n - h, id);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp_idx(&ix[i], &ix[j], id) <= 0 ? ix[i++] : ix[j++];
    while (i < h) tmp[k++] = ix[i++];
    while (j < n) tmp[k++] = ix[j++];
    memcpy(ix, tmp, n * sizeof *ix);
}

int regio_places_read(const char *path, regio_places **out, regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long ci = regio_table_col(t, "id"), cx = regio_table_col(t, "lon"), cy = regio_table_col(t, "lat"),
         cv = regio_table_col(t, "value"), cr = regio_table_col(t, "region");
    regio_places *p = NULL;
    size_t *ix = NULL, *tmp = NULL;
    if (ci < 0 || cx < 0 || cy < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：缺少列 %s（需要 id、lon、lat，可选 value）",
                             "%s: missing column %s (needs id, lon, lat, optionally value)", path,
                             ci < 0 ? "id" : cx < 0 ? "lon" : "lat");
        goto done;
    }
    if (t->nrows == 0) { rc = regio_error_set(err, REGIO_EINVAL, "%s：没有数据行", "%s: no data rows", path); goto done; }
    p = calloc(1, sizeof *p);
    size_t n = t->nrows;
    if (!p || !(p->id = calloc(n, sizeof *p->id)) || !(p->lon = malloc(n * sizeof *p->lon)) ||
        !(p->lat = malloc(n * sizeof *p->lat)) || (cv >= 0 && !(p->value = malloc(n * sizeof *p->value))) ||
        (cr >= 0 && !(p->region = calloc(n, sizeof *p->region))) ||
        !(ix = malloc(n * sizeof *ix)) || !(tmp = malloc(n * sizeof *tmp)))
        goto nomem;
    for (size_t r = 0; r < n; r++) {
        const char *id = regio_table_cell(t, r, (size_t)ci);
        if (!*id) { rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：id 为空", "%s line %ld: id is empty", path, t->line[r]); goto done; }
        if (!(p->id[r] = regio_strdup(id))) goto nomem;
        p->n = r + 1;
        if (cr >= 0) {
            const char *rg = regio_table_cell(t, r, (size_t)cr);
            if (!*rg) { rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：region 为空", "%s line %ld: region is empty", path, t->line[r]); goto done; }
            if (!(p->region[r] = regio_strdup(rg))) goto nomem;
        }
        const char *names[3] = {"lon", "lat", "value"};
        long cols[3] = {cx, cy, cv};
        double *dst[3] = {&p->lon[r], &p->lat[r], p->value ? &p->value[r] : NULL};
        for (int k = 0; k < 3; k++) {
            if (cols[k] < 0) continue;
            const char *s = regio_table_cell(t, r, (size_t)cols[k]);
            double v;
            double lo = k == 0 ? -180 : k == 1 ? -90 : 0, hi = k == 0 ? 180 : k == 1 ? 90 : INFINITY;
            if (regio_parse_number(s, &v) || !isfinite(v) || v < lo || v > hi) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行 %s 字段：“%s”无效（应在 %g 到 %g 之间）",
                                     "%s line %ld, field %s: '%s' is invalid (must lie in %g to %g)", path, t->line[r], names[k], s,
                                     lo, hi);
                goto done;
            }
            *dst[k] = v;
        }
    }
    for (size_t r = 0; r < n; r++) ix[r] = r;
    sort_idx(ix, tmp, n, p->id);
    for (size_t r = 1; r < n; r++)
        if (strcmp(p->id[ix[r]], p->id[ix[r - 1]]) == 0) {
            size_t a = ix[r - 1] < ix[r] ? ix[r - 1] : ix[r], b = ix[r - 1] < ix[r] ? ix[r] : ix[r - 1];
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：id %s 重复（第 %ld 行已有）", "%s line %ld: id %s repeated (already at line %ld)",
                                 path, t->line[b], p->id[b], t->line[a]);
            goto done;
        }
    *out = p;
    p = NULL;
    rc = REGIO_OK;
    goto done;
nomem:
    rc = regio_error_set(err, REGIO_ENOMEM, "内存不足（读取 %s）", "out of memory (reading %s)", path);
done:
    regio_places_free(p);
    free(ix); free(tmp);
    regio_table_free(t);
    return rc;
}
