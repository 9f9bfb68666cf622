/* track.c — the two progress methods on plain numbers (see include/regio/track.h and
 * docs/methods/tracking.md): the CAGR ratio with Eurostat's categories, and the linear projection. */
#include "regio/track.h"

#include <math.h>
#include <stdlib.h>

#include "core/util.h"

const char *regio_track_category_name(regio_track_category c) {
    static const char *const N[] = {"no_data", "met", "on_track", "moderate", "insufficient", "moving_away"};
    return (unsigned)c < sizeof N / sizeof *N ? N[c] : "no_data";
}

const char *regio_track_category_label(regio_track_category c, regio_lang lang) {
    static const char *const ZH[] = {"无数据", "已实现", "进展顺利", "有进展，需加快", "进展不足", "背离目标"};
    static const char *const EN[] = {"no data", "met", "on track", "moderate progress, acceleration needed",
                                     "insufficient progress", "moving away"};
    if ((unsigned)c >= sizeof ZH / sizeof *ZH) c = REGIO_TRACK_NO_DATA;
    return lang == REGIO_LANG_ZH ? ZH[c] : EN[c];
}

regio_track_warning regio_track_warning_of(regio_track_category c) {
    switch (c) {
    case REGIO_TRACK_MET:
    case REGIO_TRACK_ON_TRACK: return REGIO_WARN_GREEN;
    case REGIO_TRACK_MODERATE: return REGIO_WARN_YELLOW;
    case REGIO_TRACK_INSUFFICIENT:
    case REGIO_TRACK_MOVING_AWAY: return REGIO_WARN_RED;
    default: return REGIO_WARN_GREY;
    }
}

const char *regio_track_warning_name(regio_track_warning w) {
    static const char *const N[] = {"grey", "green", "yellow", "red"};
    return (unsigned)w < 4 ? N[w] : "grey";
}

const char *regio_track_warning_label(regio_track_warning w, regio_lang lang) {
    static const char *const ZH[] = {"灰", "绿", "黄", "红"};
    if ((unsigned)w >= 4) w = REGIO_WARN_GREY;
    return lang == REGIO_LANG_ZH ? ZH[w] : regio_track_warning_name(w);
}

const char *regio_track_method_name(regio_track_method m) {
    static const char *const N[] = {"compound", "points", "growth"};
    return (unsigned)m < 3 ? N[m] : "points";
}

double regio_track_cagr(double v0, double v1, double years) {
    if (!(v0 > 0) || !(v1 > 0) || !(years > 0) || !isfinite(v0) || !isfinite(v1)) return NAN;
    return (pow(v1 / v0, 1.0 / years) - 1.0) * 100.0;
}

regio_track_category regio_track_classify_ratio(double ratio) {
    if (isnan(ratio)) return REGIO_TRACK_NO_DATA;
    if (ratio >= 0.95) return REGIO_TRACK_ON_TRACK;
    if (ratio >= 0.60) return REGIO_TRACK_MODERATE;
    if (ratio >= 0.0) return REGIO_TRACK_INSUFFICIENT;
    return REGIO_TRACK_MOVING_AWAY;
}

regio_track_category regio_track_classify_trend(double cagr_pct, int direction) {
    if (isnan(cagr_pct)) return REGIO_TRACK_NO_DATA;
    double g = direction < 0 ? -cagr_pct : cagr_pct;
    if (g >= 1.5) return REGIO_TRACK_ON_TRACK;
    if (g >= 0.5) return REGIO_TRACK_MODERATE;
    if (g >= 0.0) return REGIO_TRACK_INSUFFICIENT;
    return REGIO_TRACK_MOVING_AWAY;
}

int regio_track_fit(const int *years, const double *values, size_t n, double *slope, double *intercept) {
    *slope = *intercept = NAN;
    /* centred sums: years are large numbers, so subtract the mean first */
    regio_ksum sx = {0, 0}, sy = {0, 0};
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i])) { regio_ksum_add(&sx, years[i]); regio_ksum_add(&sy, values[i]); m++; }
    if (m < 2) return -1;
    double mx = regio_ksum_value(&sx) / (double)m, my = regio_ksum_value(&sy) / (double)m;
    regio_ksum sxx = {0, 0}, sxy = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i])) continue;
        double dx = years[i] - mx;
        regio_ksum_add(&sxx, dx * dx);
        regio_ksum_add(&sxy, dx * (values[i] - my));
    }
    double vxx = regio_ksum_value(&sxx);
    if (!(vxx > 0)) return -1;
    *slope = regio_ksum_value(&sxy) / vxx;
    *intercept = my - *slope * mx;
    return 0;
}

/* Rate from a to b over span years by the method: compound % a year, or units a year. */
static double rate(regio_track_method m, double a, double b, double span) {
    if (!(span > 0)) return NAN;
    if (m == REGIO_TRACK_COMPOUND) return regio_track_cagr(a, b, span);
    return (b - a) / span;
}

static int satisfies(regio_comparator c, double v, double target, double tol) {
    double eps = 1e-12 * (fabs(target) > 1 ? fabs(target) : 1);
    switch (c) {
    case REGIO_CMP_GE: return v >= target - eps;
    case REGIO_CMP_LE: return v <= target + eps;
    default: return fabs(v - target) <= tol + eps;
    }
}

static void eval_init(regio_track_eval *e, const regio_track_spec *s) {
    e->method = s->method;
    e->baseline_year = 0;
    e->baseline_value = NAN;
    e->baseline_stated = 0;
    e->latest_year = 0;
    e->latest_value = NAN;
    e->npoints = 0;
    e->target_level = s->target_is_multiple ? NAN : s->target;
    e->direction = s->comparator == REGIO_CMP_LE ? -1 : 1;
    e->gap = e->required_rate = e->actual_rate = e->remaining_rate = e->ratio = NAN;
    e->category = REGIO_TRACK_NO_DATA;
    e->slope = e->projected_value = e->projected_gap = NAN;
    e->year_reached = 0;
}

/* Growth targets: the values are annual growth rates in %; the period is baseline_year+1 .. target_year. */
static int assess_growth(const regio_track_spec *s, const int *years, const double *v, size_t n, regio_track_eval *e,
                         double tol, regio_error *err) {
    int y0 = s->baseline_year, ty = s->target_year, span = ty - y0;
    double T = s->target, prod = 1;
    size_t k_in = 0;
    e->baseline_year = y0;
    e->target_level = T;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) continue;
        if (years[i] == y0) e->baseline_value = v[i]; /* the baseline year's own growth, for information */
        if (years[i] <= y0) continue;
        e->latest_year = years[i];
        e->latest_value = v[i];
        e->npoints++;
        if (years[i] <= ty) { prod *= 1 + v[i] / 100; k_in++; }
    }
    e->required_rate = T;
    if (k_in == 0) return REGIO_OK;
    double realised = (pow(prod, 1.0 / (double)k_in) - 1) * 100;
    e->actual_rate = realised;
    e->gap = T - realised;
    if ((int)k_in < span) e->remaining_rate = (pow(pow(1 + T / 100, span) / prod, 1.0 / (double)(span - (int)k_in)) - 1) * 100;
    e->ratio = T != 0 ? realised / T : NAN;
    if ((int)k_in >= span && satisfies(s->comparator, realised, T, tol)) e->category = REGIO_TRACK_MET;
    else if (s->comparator == REGIO_CMP_GE || (s->comparator == REGIO_CMP_APPROX && !satisfies(s->comparator, realised, T, tol)))
        e->category = isnan(e->ratio) ? (realised >= 0 ? REGIO_TRACK_ON_TRACK : REGIO_TRACK_MOVING_AWAY)
                                      : regio_track_classify_ratio(e->ratio);
    else if (satisfies(s->comparator, realised, T, tol)) e->category = REGIO_TRACK_ON_TRACK;
    else e->category = REGIO_TRACK_INSUFFICIENT;
    /* projection: the years not yet observed at the fitted trend of growth rates (at the average so far when
     * fewer than two years are known) */
    int *py = malloc(n ? n * sizeof *py : 1);
    double *pv = malloc(n ? n * sizeof *pv : 1);
    if (!py || !pv) { free(py); free(pv); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && years[i] > y0 && years[i] <= ty) { py[m] = years[i]; pv[m] = v[i]; m++; }
    double b, a;
    int fit = regio_track_fit(py, pv, m, &b, &a) == 0;
    e->slope = fit ? b : NAN;
    double pprod = 1;
    for (int y = y0 + 1; y <= ty; y++) {
        double g = NAN;
        for (size_t j = 0; j < m; j++)
            if (py[j] == y) g = pv[j];
        if (isnan(g)) g = fit ? a + b * y : realised;
        pprod *= 1 + g / 100;
    }
    free(py);
    free(pv);
    e->projected_value = (pow(pprod, 1.0 / span) - 1) * 100;
    e->projected_gap = T - e->projected_value;
    return REGIO_OK;
}

int regio_track_assess(const regio_track_spec *s, const int *years, const double *v, size_t n, regio_track_eval *e,
                       regio_error *err) {
    eval_init(e, s);
    if (s->target_year <= 0 || isnan(s->target))
        return regio_error_set(err, REGIO_EINVAL, "目标缺少目标值或目标年份", "the target has no target value or year");
    if (!isnan(s->baseline_value) && s->baseline_year <= 0)
        return regio_error_set(err, REGIO_EINVAL, "给出了基期值 %g 却没有基期年份", "a baseline value %g is given without a baseline year",
                               s->baseline_value);
    for (size_t i = 1; i < n; i++)
        if (years[i] <= years[i - 1])
            return regio_error_set(err, REGIO_EINVAL, "年份须严格递增（%d 之后是 %d）", "years must ascend strictly (%d then %d)",
                                   years[i - 1], years[i]);
    double tol = isnan(s->tolerance) ? 0 : fabs(s->tolerance);
    if (s->method == REGIO_TRACK_GROWTH) {
        if (s->baseline_year <= 0 || s->target_year <= s->baseline_year)
            return regio_error_set(err, REGIO_EINVAL, "增速目标需要早于目标年 %d 的基期年份", "a growth target needs a baseline year before its target year %d",
                                   s->target_year);
        return assess_growth(s, years, v, n, e, tol, err);
    }

    /* the baseline: the plan's figure, or the first observation at or after the baseline year */
    int y0 = 0;
    double v0 = NAN;
    if (!isnan(s->baseline_value)) {
        y0 = s->baseline_year;
        v0 = s->baseline_value;
        e->baseline_stated = 1;
    } else {
        for (size_t i = 0; i < n && !y0; i++)
            if (!isnan(v[i]) && years[i] >= s->baseline_year) { y0 = years[i]; v0 = v[i]; }
    }
    if (!y0) return REGIO_OK;
    e->baseline_year = y0;
    e->baseline_value = v0;
    double T = s->target_is_multiple ? v0 * s->target : s->target;
    e->target_level = T;
    if (s->comparator == REGIO_CMP_APPROX) e->direction = v0 > T ? -1 : 1;

    size_t latest = n;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && years[i] >= y0) { latest = i; e->npoints++; }
    int y1 = latest < n ? years[latest] : 0;
    double v1 = latest < n ? v[latest] : NAN;
    e->latest_year = y1;
    e->latest_value = v1;
    e->gap = T - (latest < n ? v1 : v0);

    regio_track_method m = s->method;
    if (m == REGIO_TRACK_COMPOUND && !(v0 > 0 && T > 0 && (latest == n || v1 > 0))) m = REGIO_TRACK_POINTS;
    e->method = m;
    e->required_rate = rate(m, v0, T, s->target_year - y0);
    if (latest < n && y1 > y0) e->actual_rate = rate(m, v0, v1, y1 - y0);
    if (latest < n && s->target_year > y1) e->remaining_rate = rate(m, v1, T, s->target_year - y1);

    if (latest < n && satisfies(s->comparator, v1, T, tol)) e->category = REGIO_TRACK_MET;
    else if (latest == n || y1 <= y0) e->category = REGIO_TRACK_NO_DATA;
    else if (isnan(e->required_rate)) /* the target year is not after the baseline: the direction alone */
        e->category = e->actual_rate * e->direction >= 0 ? REGIO_TRACK_INSUFFICIENT : REGIO_TRACK_MOVING_AWAY;
    else if (e->required_rate == 0 || (e->required_rate > 0 ? 1 : -1) != e->direction) {
        /* the baseline already was at or beyond the target, and the latest value no longer is */
        e->category = REGIO_TRACK_MOVING_AWAY;
    } else {
        e->ratio = e->actual_rate / e->required_rate;
        e->category = regio_track_classify_ratio(e->ratio);
    }

    /* linear projection over the observations since the baseline (the stated baseline counts as a point when
     * the baseline year itself is not observed) */
    int *py = malloc((n + 1) * sizeof *py);
    double *pv = malloc((n + 1) * sizeof *pv);
    if (!py || !pv) { free(py); free(pv); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    size_t np = 0;
    int have_y0 = 0, first_met = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]) || years[i] < y0) continue;
        if (years[i] == y0) have_y0 = 1;
        if (!first_met && satisfies(s->comparator, v[i], T, tol)) first_met = years[i];
        py[np] = years[i];
        pv[np++] = v[i];
    }
    if (!have_y0) { /* prepend */
        for (size_t i = np; i > 0; i--) { py[i] = py[i - 1]; pv[i] = pv[i - 1]; }
        py[0] = y0;
        pv[0] = v0;
        np++;
    }
    double b, a;
    if (regio_track_fit(py, pv, np, &b, &a) == 0) {
        e->slope = b;
        e->projected_value = a + b * s->target_year;
        e->projected_gap = T - e->projected_value;
        if (e->category != REGIO_TRACK_MET && b * e->direction > 0) {
            double edge = s->comparator == REGIO_CMP_APPROX ? T - e->direction * tol : T;
            double ys = (edge - a) / b;
            if (ys < 9999) {
                int yr = (int)ceil(ys - 1e-9);
                e->year_reached = yr > y1 ? yr : y1 + 1;
            }
        }
    }
    if (e->category == REGIO_TRACK_MET) e->year_reached = first_met ? first_met : y1;
    free(py);
    free(pv);
    return REGIO_OK;
}
