/* bench_ineq.c — time and peak memory of the inequality engine on a million values (issue 3, case c).
 *
 * Data: synthetic and deterministic (seed 20240601): 1,000,000 lognormal values in 10 groups whose log-means
 * step by 0.15, so the groups overlap (Dagum's transvariation is not empty), with lognormal "population" weights.
 * Each measure runs in its own child process (fork) that first generates the data, so the peak RSS printed
 * (getrusage ru_maxrss) is that of data + one measure, not of everything before it. Time: wall clock of the
 * measure alone, best and median of 5 runs. Output: Markdown rows for docs/benchmarks.md.
 * Usage: bench_ineq [n]   (build with -DREGIO_BENCH=ON -DCMAKE_BUILD_TYPE=Release) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "regio/ineq.h"
#include "regio/rng.h"
#include "bench_util.h"

#define NGROUPS 10
#define RUNS 5

typedef struct data { size_t n; double *x, *w; size_t *g; } data;

static void make_data(data *d, size_t n) {
    regio_rng r;
    regio_rng_init(&r, 20240601, 0);
    d->n = n;
    d->x = malloc(n * sizeof *d->x);
    d->w = malloc(n * sizeof *d->w);
    d->g = malloc(n * sizeof *d->g);
    if (!d->x || !d->w || !d->g) { fprintf(stderr, "out of memory\n"); exit(2); }
    for (size_t i = 0; i < n; i++) {
        d->g[i] = (size_t)regio_rng_below(&r, NGROUPS);
        d->x[i] = exp(10 + 0.15 * (double)d->g[i] + 0.6 * regio_rng_normal(&r));
        d->w[i] = exp(11 + regio_rng_normal(&r));
    }
}

/* One measure; returns a number to print so the work cannot be optimised away. */
static double run(int which, const data *d) {
    regio_error err;
    double v = NAN;
    int rc = 0;
    switch (which) {
    case 0: rc = regio_ineq_gini(d->x, NULL, d->n, &v, &err); break;
    case 1: rc = regio_ineq_gini(d->x, d->w, d->n, &v, &err); break;
    case 2: {
        regio_ineq_summary *s = NULL;
        rc = regio_ineq_summarise(d->x, d->w, d->n, &s, &err);
        if (!rc) v = s->gini;
        regio_ineq_summary_free(s);
        break;
    }
    case 3: case 4: {
        regio_theil_decomp *t = NULL;
        rc = regio_ineq_theil_decompose(d->x, d->w, d->n, d->g, NGROUPS, which == 3 ? REGIO_THEIL_T : REGIO_THEIL_L, &t,
                                        &err);
        if (!rc) v = t->between;
        regio_theil_decomp_free(t);
        break;
    }
    case 5: case 6: {
        regio_dagum *g = NULL;
        rc = regio_ineq_dagum(d->x, which == 6 ? d->w : NULL, d->n, d->g, NGROUPS, &g, &err);
        if (!rc) v = g->gw + g->gnb + g->gt;
        regio_dagum_free(g);
        break;
    }
    }
    if (rc) { fprintf(stderr, "%s\n", err.en); exit(2); }
    return v;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *NAMES[] = {
    "Gini, unweighted",
    "Gini, population-weighted",
    "all measures at once (`regio_ineq_summarise`, weighted: mean, CV, Williamson CV, Gini, Theil T/L, Atkinson 0.5/1/2, p10–p90 ratios)",
    "Theil T decomposition, weighted, 10 groups",
    "Theil L decomposition, weighted, 10 groups",
    "Dagum Gini decomposition, unweighted, 10 groups (G_w, G_nb, G_t, 10×10 G_jh and D_jh)",
    "Dagum Gini decomposition, population-weighted, 10 groups",
};

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    printf("| measure (n = %zu, synthetic) | best | median of %d | peak RSS | value |\n|---|---:|---:|---:|---:|\n", n,
           RUNS);
    fflush(stdout);
    for (int which = 0; which < (int)(sizeof NAMES / sizeof *NAMES); which++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 2; }
        if (pid == 0) {
            data d;
            make_data(&d, n);
            double t[RUNS], v = 0;
            for (int k = 0; k < RUNS; k++) {
                double t0 = now();
                v = run(which, &d);
                t[k] = now() - t0;
            }
            qsort(t, RUNS, sizeof *t, cmp_double);
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            printf("| %s | %.3f s | %.3f s | %.0f MiB | %.6f |\n", NAMES[which], t[0], t[RUNS / 2],
                   (double)ru.ru_maxrss / 1024.0, v);
            fflush(stdout);
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 2;
    }
    /* the data alone, for reference */
    pid_t pid = fork();
    if (pid == 0) {
        data d;
        make_data(&d, n);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("| (generating the data only: values, weights, group indexes) | | | %.0f MiB | |\n",
               (double)ru.ru_maxrss / 1024.0);
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    return 0;
}
