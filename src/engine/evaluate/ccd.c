/* ccd.c — the coupling coordination degree model (耦合协调度) of k subsystems: C, T = Σ α U, D = √(C·T), graded
 * in the customary ten bands of 0.1 (廖重斌 1999). Two forms of C: the classic k·(Π U)^(1/k)/Σ U and the revision
 * of Wang, Kong, Ren, Zhi & Dai (2021, 自然资源学报 36(3):793–810) that spreads C over [0, 1]. */
#include <math.h>
#include <stdlib.h>

#include "engine/evaluate/composite_internal.h"

static const char *const LEVEL_ZH[10] = {"极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
                                         "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"};
static const char *const LEVEL_EN[10] = {"extreme imbalance", "serious imbalance", "moderate imbalance", "mild imbalance",
                                         "verge of imbalance", "barely coordinated", "primary coordination",
                                         "intermediate coordination", "good coordination", "superior coordination"};

const char *regio_ccd_level_name(int level, regio_lang lang) {
    if (level < 1 || level > 10) return NULL;
    return lang == REGIO_LANG_ZH ? LEVEL_ZH[level - 1] : LEVEL_EN[level - 1];
}

double regio_ccd_level_lower(int level) { return (level < 1 || level > 10) ? NAN : (level - 1) / 10.0; }

void regio_ccd_result_free(regio_ccd_result *r) {
    if (!r) return;
    free(r->C);
    free(r->T);
    free(r->D);
    free(r->level);
    free(r);
}

int regio_ccd(const double *u, size_t n, size_t k, const double *alpha, regio_ccd_variant v, regio_ccd_result **out,
              regio_error *err) {
    *out = NULL;
    if (n == 0 || k < 2) return regio_error_set(err, REGIO_EINVAL, "耦合协调度需要至少一个单元和两个子系统（现为 %zu 个）", "the coupling coordination degree needs at least one unit and two subsystems (got %zu)", k);
    if (v != REGIO_CCD_CLASSIC && v != REGIO_CCD_WANG) return regio_error_set(err, REGIO_EINVAL, "未知的耦合度公式 %d", "unknown coupling formula %d", (int)v);
    double as = 0;
    for (size_t s = 0; alpha && s < k; s++) {
        if (!isfinite(alpha[s]) || alpha[s] < 0) return regio_error_set(err, REGIO_EINVAL, "第 %zu 个子系统的权重 %g 无效", "subsystem %zu: weight %g is not valid", s + 1, alpha[s]);
        as += alpha[s];
    }
    if (alpha && fabs(as - 1) > 1e-9) return regio_error_set(err, REGIO_EINVAL, "子系统权重之和为 %g，应为 1", "the subsystem weights sum to %g; they must sum to 1", as);
    for (size_t c = 0; c < n * k; c++)
        if (!isnan(u[c]) && (u[c] < 0 || u[c] > 1))
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个单元第 %zu 个子系统的得分 %g 不在 [0, 1] 内", "unit %zu, subsystem %zu: score %g is outside [0, 1]", c / k + 1, c % k + 1, u[c]);
    regio_ccd_result *r = calloc(1, sizeof *r);
    if (!r) return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
    r->n = n;
    r->k = k;
    r->C = malloc(n * sizeof(double));
    r->T = malloc(n * sizeof(double));
    r->D = malloc(n * sizeof(double));
    r->level = malloc(n * sizeof(int));
    if (!r->C || !r->T || !r->D || !r->level) {
        regio_ccd_result_free(r);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足%s", "out of memory%s", "");
    }
    for (size_t i = 0; i < n; i++) {
        const double *ui = u + i * k;
        double sum = 0, logp = 0, mx = 0, T = 0, C;
        int nan = 0, zero = 0;
        for (size_t s = 0; s < k; s++) {
            if (isnan(ui[s])) nan = 1;
            sum += ui[s];
            if (ui[s] > 0) logp += log(ui[s]);
            else zero = 1;
            if (ui[s] > mx) mx = ui[s];
            T += (alpha ? alpha[s] : 1.0 / (double)k) * ui[s];
        }
        if (nan) {
            r->C[i] = r->T[i] = r->D[i] = NAN;
            r->level[i] = 0;
            continue;
        }
        if (v == REGIO_CCD_CLASSIC) {
            C = (zero || !(sum > 0)) ? 0 : (double)k * exp(logp / (double)k) / sum;
        } else {
            double dsum = 0, pairs = (double)(k - 1) * (double)k / 2.0; /* Σ_{s=1}^{k−1} s */
            for (size_t a = 0; a < k; a++)
                for (size_t b = a + 1; b < k; b++) dsum += fabs(ui[a] - ui[b]);
            double spread = 1 - dsum / pairs;
            double prodmax = (zero || !(mx > 0)) ? 0 : exp((logp - log(mx)) / (double)(k - 1));
            double inner = spread * prodmax;
            C = inner > 0 ? sqrt(inner) : 0;
        }
        if (C > 1) C = 1; /* rounding */
        r->C[i] = C;
        r->T[i] = T;
        r->D[i] = sqrt(C * T);
        int lv = (int)floor(r->D[i] * 10 + 1e-9) + 1;
        r->level[i] = lv < 1 ? 1 : lv > 10 ? 10 : lv;
    }
    *out = r;
    return REGIO_OK;
}
