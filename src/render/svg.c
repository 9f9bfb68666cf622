/* svg.c — the SVG text buffer, class breaks (quantiles, Fisher–Jenks natural breaks) and palettes shared by
 * the maps (svg_map.c) and charts (svg_chart.c). Kept apart so the dashboard can reuse the pieces. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/svg.h"

regio_svg *regio_svg_new(void) { return calloc(1, sizeof(regio_svg)); }

void regio_svg_free(regio_svg *s) {
    if (!s) return;
    free(s->buf);
    free(s);
}

static int reserve(regio_svg *s, size_t more) {
    if (s->failed) return -1;
    if (s->len + more + 1 <= s->cap) return 0;
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + more + 1) cap *= 2;
    char *b = realloc(s->buf, cap);
    if (!b) { s->failed = 1; return -1; }
    s->buf = b;
    s->cap = cap;
    return 0;
}

void regio_svg_printf(regio_svg *s, const char *fmt, ...) {
    if (!s || s->failed) return;
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) { s->failed = 1; return; }
    if (reserve(s, (size_t)k)) return;
    if ((size_t)k < sizeof small) memcpy(s->buf + s->len, small, (size_t)k + 1);
    else {
        va_start(ap, fmt);
        vsnprintf(s->buf + s->len, (size_t)k + 1, fmt, ap);
        va_end(ap);
    }
    s->len += (size_t)k;
}

void regio_svg_text(regio_svg *s, const char *text) {
    if (!s || !text) return;
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': regio_svg_printf(s, "&amp;"); break;
        case '<': regio_svg_printf(s, "&lt;"); break;
        case '>': regio_svg_printf(s, "&gt;"); break;
        case '"': regio_svg_printf(s, "&quot;"); break;
        default:
            if (reserve(s, 1)) return;
            s->buf[s->len++] = *p;
            s->buf[s->len] = 0;
        }
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Fisher–Jenks: minimise the within-class sum of squared deviations over sorted v[0..n) in k classes. */
static int jenks(const double *v, size_t n, size_t k, double *breaks) {
    double *cost = malloc(sizeof(double) * (k + 1) * (n + 1));
    size_t *arg = malloc(sizeof(size_t) * (k + 1) * (n + 1));
    double *s1 = malloc(sizeof(double) * (n + 1)), *s2 = malloc(sizeof(double) * (n + 1));
    if (!cost || !arg || !s1 || !s2) { free(cost); free(arg); free(s1); free(s2); return -1; }
    s1[0] = s2[0] = 0;
    for (size_t i = 0; i < n; i++) { s1[i + 1] = s1[i] + v[i]; s2[i + 1] = s2[i] + v[i] * v[i]; }
#define SSD(a, b) (s2[b] - s2[a] - (s1[b] - s1[a]) * (s1[b] - s1[a]) / (double)((b) - (a)))
    /* cost[c][j]: best cost of the first j values in c classes */
    for (size_t j = 0; j <= n; j++) cost[j] = j ? INFINITY : 0;
    for (size_t c = 1; c <= k; c++)
        for (size_t j = 0; j <= n; j++) {
            double best = INFINITY;
            size_t bi = 0;
            for (size_t i = c - 1; i < j; i++) {
                double prev = cost[(c - 1) * (n + 1) + i];
                if (!isfinite(prev)) continue;
                double t = prev + SSD(i, j);
                if (t < best) { best = t; bi = i; }
            }
            cost[c * (n + 1) + j] = best;
            arg[c * (n + 1) + j] = bi;
        }
#undef SSD
    size_t j = n;
    breaks[k] = v[n - 1];
    for (size_t c = k; c >= 1; c--) {
        size_t i = arg[c * (n + 1) + j];
        breaks[c - 1] = i ? v[i - 1] : v[0];
        j = i;
    }
    breaks[0] = v[0];
    free(cost); free(arg); free(s1); free(s2);
    return 0;
}

int regio_class_breaks(const double *x, size_t n, size_t k, regio_class_method method, double *breaks, size_t *kout,
                       regio_error *err) {
    if (k < 1) return regio_error_set(err, REGIO_EINVAL, "分级数至少为 1", "at least one class is needed");
    double *v = malloc(sizeof(double) * (n ? n : 1));
    if (!v) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    size_t m = 0, distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) v[m++] = x[i];
    if (!m) { free(v); return regio_error_set(err, REGIO_EINVAL, "没有可分级的数值", "no values to classify"); }
    qsort(v, m, sizeof *v, cmp_double);
    for (size_t i = 0; i < m; i++)
        if (i == 0 || v[i] != v[i - 1]) distinct++;
    if (k > distinct) k = distinct;
    if (method == REGIO_CLASS_JENKS && k > 1) {
        if (jenks(v, m, k, breaks)) { free(v); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    } else {
        for (size_t c = 0; c <= k; c++) {
            double h = (double)(m - 1) * (double)c / (double)k;
            size_t lo = (size_t)floor(h);
            size_t hi = lo + 1 < m ? lo + 1 : lo;
            breaks[c] = v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
        }
    }
    if (kout) *kout = k;
    free(v);
    return REGIO_OK;
}

int regio_class_of(double v, const double *breaks, size_t k) {
    if (!isfinite(v)) return -1;
    for (size_t c = 0; c + 1 < k; c++)
        if (v <= breaks[c + 1]) return (int)c;
    return (int)k - 1;
}

const char *regio_palette_seq(size_t k, size_t i) {
    /* ColorBrewer YlGnBu, 3 to 7 classes (Brewer, Pennsylvania State University) */
    static const char *const P[8][7] = {
        {"#41b6c4"}, {"#41b6c4"}, {"#edf8b1", "#2c7fb8"}, {"#edf8b1", "#7fcdbb", "#2c7fb8"},
        {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"}, {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
        {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
        {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
    };
    if (k > 7) k = 7;
    if (i >= k) i = k ? k - 1 : 0;
    return P[k][i] ? P[k][i] : "#41b6c4";
}
