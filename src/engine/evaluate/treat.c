/* treat.c — outlier treatment as COINr's Treat(): winsorise while the indicator fails the skewness/kurtosis check
 * (|skew| >= 2 and kurtosis >= 3.5), up to winmax points, then a log transform if it still fails. The algorithm
 * follows COINr R/treat.R (winsorise, log_CT, check_SkewKurt, Treat.numeric) step by step, including how ties at the
 * maximum count as several points, so the treated values and the flags match COINr's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regio/pipeline.h"

void regio_treat_opts_default(regio_treat_opts *o) {
    memset(o, 0, sizeof *o);
    o->enabled = 1;
    o->winmax = 5;
    o->skew_thresh = 2;
    o->kurt_thresh = 3.5;
    o->f2 = REGIO_F2_LOG_CT;
    o->boxcox_lambda = 1;
}

static void moments(const double *x, size_t n, size_t stride, size_t *k, double *s2, double *s3, double *s4) {
    double sum = 0;
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride])) { sum += x[i * stride]; c++; }
    double mean = c ? sum / (double)c : 0, a2 = 0, a3 = 0, a4 = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v)) continue;
        double d = v - mean, d2 = d * d;
        a2 += d2;
        a3 += d2 * d;
        a4 += d2 * d2;
    }
    *k = c;
    *s2 = a2;
    *s3 = a3;
    *s4 = a4;
}

double regio_skew(const double *x, size_t n, size_t stride) {
    size_t k;
    double s2, s3, s4;
    moments(x, n, stride, &k, &s2, &s3, &s4);
    if (k < 3 || !(s2 > 0)) return NAN;
    double dn = (double)k, y = sqrt(dn) * s3 / pow(s2, 1.5);
    return y * sqrt(dn * (dn - 1)) / (dn - 2);
}

double regio_kurt(const double *x, size_t n, size_t stride) {
    size_t k;
    double s2, s3, s4;
    moments(x, n, stride, &k, &s2, &s3, &s4);
    if (k < 4 || !(s2 > 0)) return NAN;
    double dn = (double)k, r = dn * s4 / (s2 * s2);
    return ((dn + 1) * (r - 3) + 6) * (dn - 1) / ((dn - 2) * (dn - 3));
}

/* check_SkewKurt: 1 pass, 0 fail, −1 cannot tell (NaN skew or kurtosis) */
static int check(const double *x, size_t n, size_t stride, const regio_treat_opts *o, double *sk, double *kt) {
    *sk = regio_skew(x, n, stride);
    *kt = regio_kurt(x, n, stride);
    if (isnan(*sk) || isnan(*kt)) return -1;
    return fabs(*sk) < o->skew_thresh || *kt < o->kurt_thresh;
}

/* One column: y (n values, contiguous scratch) in place, fl (n) flags. */
static void treat_col(double *y, size_t n, const regio_treat_opts *o, double *orig, unsigned char *fl,
                      regio_treat_detail *d) {
    for (int s = 0; s < 3; s++) { d->pass[s] = -1; d->skew[s] = d->kurt[s] = NAN; }
    d->nwin = -1;
    d->f2_applied = 0;
    d->untreated = 0;
    memset(fl, REGIO_TREAT_NONE, n);
    memcpy(orig, y, n * sizeof *y);
    int pass = check(y, n, 1, o, &d->skew[0], &d->kurt[0]);
    d->pass[0] = pass;
    if (pass < 0) { d->untreated = 1; return; }
    if (pass && !o->force_win) return;
    /* winsorise (COINr winsorise(): imax/imin hold the positions set at the latest step of each side) */
    unsigned char *hi = calloc(n, 1), *lo = calloc(n, 1);
    if (!hi || !lo) { free(hi); free(lo); d->untreated = 1; return; }
    size_t nhi = 0, nlo = 0;
    int nwin = 0;
    int below = o->winmax < 0 || nwin < o->winmax;
    int passing = pass;
    while ((!passing || o->force_win) && below) {
        double sk = regio_skew(y, n, 1);
        double mx = -INFINITY, mn = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (!isnan(y[i])) { if (y[i] > mx) mx = y[i]; if (y[i] < mn) mn = y[i]; }
        if (!(mx > mn)) break; /* nothing left to winsorise */
        if (sk >= 0) {
            double next = -INFINITY;
            for (size_t i = 0; i < n; i++)
                if (!isnan(y[i]) && y[i] < mx && y[i] > next) next = y[i];
            memset(hi, 0, n);
            nhi = 0;
            for (size_t i = 0; i < n; i++)
                if (y[i] == mx) { y[i] = next; hi[i] = 1; nhi++; }
        } else {
            double next = INFINITY;
            for (size_t i = 0; i < n; i++)
                if (!isnan(y[i]) && y[i] > mn && y[i] < next) next = y[i];
            memset(lo, 0, n);
            nlo = 0;
            for (size_t i = 0; i < n; i++)
                if (y[i] == mn) { y[i] = next; lo[i] = 1; nlo++; }
        }
        nwin = (int)(nhi + nlo);
        below = o->winmax < 0 || nwin < o->winmax;
        double a, b;
        passing = check(y, n, 1, o, &a, &b);
        if (passing < 0) passing = 1;
    }
    d->nwin = nwin;
    for (size_t i = 0; i < n; i++) fl[i] = hi[i] ? REGIO_TREAT_WINHI : lo[i] ? REGIO_TREAT_WINLO : REGIO_TREAT_NONE;
    free(hi);
    free(lo);
    int p1 = check(y, n, 1, o, &d->skew[1], &d->kurt[1]);
    d->pass[1] = p1;
    if (p1 != 0 || o->f2 == REGIO_F2_NONE) return;
    /* second treatment, on the original values unless combine */
    if (!o->combine) memcpy(y, orig, n * sizeof *y);
    double mx = -INFINITY, mn = INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(y[i])) { if (y[i] > mx) mx = y[i]; if (y[i] < mn) mn = y[i]; }
    double a = 0.01 * (mx - mn);
    double sk = regio_skew(y, n, 1);
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i])) continue;
        switch (o->f2) {
        case REGIO_F2_LOG_CT: y[i] = log(y[i] - mn + a); break;
        case REGIO_F2_LOG_CT_PLUS: y[i] = sk > 0 ? log(y[i] - mn + a) : -log(mx + a - y[i]); break;
        case REGIO_F2_LOG_CT_ORIG: y[i] = log(y[i] - mn + 1); break;
        case REGIO_F2_BOXCOX: {
            double v = y[i] - mn + 1, l = o->boxcox_lambda;
            y[i] = l == 0 ? log(v) : (pow(v, l) - 1) / l;
            break;
        }
        default: break;
        }
        fl[i] = REGIO_TREAT_F2; /* the winsorisation is discarded unless combine; then both were applied */
    }
    d->f2_applied = 1;
    d->pass[2] = check(y, n, 1, o, &d->skew[2], &d->kurt[2]);
}

int regio_treat(double *x, size_t n, size_t m, const regio_treat_opts *o, unsigned char *flag,
                regio_treat_detail *det, regio_error *err) {
    if (!o->enabled) {
        if (flag) memset(flag, REGIO_TREAT_NONE, n * m);
        return REGIO_OK;
    }
    if (!(o->skew_thresh > 0) || !isfinite(o->kurt_thresh))
        return regio_error_set(err, REGIO_EINVAL, "偏度阈值 %g 须为正数，峰度阈值 %g 须为有限数", "the skewness threshold %g must be > 0 and the kurtosis threshold %g finite",
                               o->skew_thresh, o->kurt_thresh);
    double *y = malloc((n ? n : 1) * sizeof *y), *orig = malloc((n ? n : 1) * sizeof *orig);
    unsigned char *fl = malloc(n ? n : 1);
    if (!y || !orig || !fl) {
        free(y); free(orig); free(fl);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
    }
    for (size_t j = 0; j < m; j++) {
        regio_treat_detail d;
        if (o->skip && o->skip[j]) {
            memset(&d, 0, sizeof d);
            for (int s = 0; s < 3; s++) { d.pass[s] = -1; d.skew[s] = d.kurt[s] = NAN; }
            d.nwin = -1;
            d.untreated = 1;
            if (det) det[j] = d;
            if (flag) for (size_t i = 0; i < n; i++) flag[i * m + j] = REGIO_TREAT_NONE;
            continue;
        }
        for (size_t i = 0; i < n; i++) y[i] = x[i * m + j];
        treat_col(y, n, o, orig, fl, &d);
        for (size_t i = 0; i < n; i++) {
            x[i * m + j] = y[i];
            if (flag) flag[i * m + j] = fl[i];
        }
        if (det) det[j] = d;
    }
    free(y);
    free(orig);
    free(fl);
    return REGIO_OK;
}
