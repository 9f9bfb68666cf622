/* bench_uncertainty.c — the Monte Carlo goal of issue 5: 2,850 units × 30 indicators × 10,000 replications on
 * 2 threads, each replication a composite-engine run (regio_composite_run: weights and aggregation through 5
 * pillars, on the data normalised once per alternative beforehand, as regio evaluate does) with its
 * normalisation, aggregation and weights drawn, then ranking, then the
 * per-unit median and 5–95 % interval. SYNTHETIC data (uniform random values with a unit effect, seeded), so the
 * timing is reproducible without any external file. Prints the rows for docs/benchmarks.md.
 * Usage: bench_uncertainty [units indicators draws threads] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "regio/composite.h"
#include "regio/rng.h"
#include "regio/uncertainty.h"
#include "bench_util.h"

typedef struct bctx { regio_composite_input in[3]; size_t nnodes; const double *w; } bctx;
static const regio_norm_kind NK[] = {REGIO_NORM_MINMAX, REGIO_NORM_ZSCORE, REGIO_NORM_RANK};

static int scorer(const double *u, double *scores, void *ctx, regio_error *err) {
    const bctx *b = ctx;
    regio_composite_opts o;
    regio_composite_opts_default(&o);
    size_t alt = (size_t)(u[0] * 3) % 3;
    o.norm.kind = REGIO_NORM_NONE; /* b->in[alt] is already normalised that way */
    o.agg = u[1] < 0.5 ? REGIO_COMP_ARITH : REGIO_COMP_GEOM;
    o.zero_rule = REGIO_ZERO_SHIFT;
    o.zero_shift = 1;
    double *w = malloc(b->nnodes * sizeof *w);
    if (!w) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    for (size_t k = 0; k + 1 < b->nnodes; k++) w[k] = b->w[k] * (1 + 0.25 * (2 * u[2 + k] - 1));
    w[b->nnodes - 1] = 1;
    o.weights = w;
    int rc = regio_composite_run(&b->in[alt], &o, scores, err);
    free(w);
    return rc;
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2850, m = argc > 2 ? strtoul(argv[2], NULL, 10) : 30,
           draws = argc > 3 ? strtoul(argv[3], NULL, 10) : 10000;
    int threads = argc > 4 ? atoi(argv[4]) : 2;
    size_t npillars = 5, nnodes = m + npillars + 1;
    double *x = malloc(n * m * sizeof *x), *w = malloc(nnodes * sizeof *w);
    int *parent = malloc(nnodes * sizeof *parent), *dir = malloc(m * sizeof *dir);
    regio_rng r;
    regio_rng_init(&r, 42, 0);
    for (size_t i = 0; i < n; i++) {
        double eff = regio_rng_normal(&r);
        for (size_t j = 0; j < m; j++) x[i * m + j] = 50 + 10 * eff + 15 * regio_rng_normal(&r) + (j % 7 == 3 && i % 97 == 5 ? NAN : 0);
    }
    for (size_t j = 0; j < m; j++) {
        parent[j] = (int)(m + j % npillars);
        w[j] = 1 + (double)(j % 3);
        dir[j] = j % 4 == 1 ? -1 : 1;
    }
    for (size_t p = 0; p < npillars; p++) {
        parent[m + p] = (int)(nnodes - 1);
        w[m + p] = 1;
    }
    parent[nnodes - 1] = -1;
    w[nnodes - 1] = 1;
    regio_composite_input raw = {.n = n, .m = m, .x = x, .direction = dir, .nnodes = nnodes, .parent = parent, .weight = w};
    bctx b = {.nnodes = nnodes, .w = w};
    double *xn[3];
    regio_error nerr;
    double tn = now();
    for (int k = 0; k < 3; k++) {
        regio_composite_opts no;
        regio_composite_opts_default(&no);
        no.norm.kind = NK[k];
        xn[k] = malloc(n * m * sizeof *xn[k]);
        if (!xn[k] || regio_composite_normalise(&raw, &no.norm, xn[k], NULL, &nerr)) return 1;
        b.in[k] = raw;
        b.in[k].x = xn[k];
    }
    fprintf(stderr, "normalising once per alternative: %.3f s\n", now() - tn);
    regio_mc_opts o = {.draws = draws, .seed = 1, .threads = threads, .progress = stderr};
    regio_mc_result *res = NULL;
    regio_error err;
    double t0 = now();
    int rc = regio_mc_ranks(n, 2 + nnodes - 1, scorer, &b, &o, &res, &err);
    double t1 = now();
    if (rc) {
        fprintf(stderr, "%s\n", err.en);
        return 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("| Monte Carlo ranks (synthetic) | %zu units × %zu indicators × %zu replications | %d | %.2f s | %.0f MB |\n", n, m,
           draws, threads, t1 - t0, (double)ru.ru_maxrss / 1024.0);
    printf("unit 0: median rank %.1f, 5–95 %% [%.1f, %.1f]\n", res->median[0], res->p05[0], res->p95[0]);
    regio_mc_result_free(res);
    free(x);
    for (int k = 0; k < 3; k++) free(xn[k]);
    free(w);
    free(parent);
    free(dir);
    return 0;
}
