/* bench_autocorr.c — time and peak memory of the spatial autocorrelation engine at the sizes of issues 3 and 14:
 * LISA (and LISA + Gi* in one pass) and global Moran with 9,999 permutations on
 *   lattice   the 100×100 rook lattice (10,000 units, built here; values a smooth field plus seeded noise),
 *   national  the 2,989 Chinese counties with a 2020 urbanisation value: queen contiguity built from the shipped
 *             TopoJSON (data/yunnan/raw/cn-county-census-2020, real), values POPU_URB (real),
 *   knn       a random k = 6 nearest-neighbour graph on 2,990 uniform points (the stand-in used before the
 *             national case existed; synthetic).
 * Weights are row-standardised.
 *
 * Usage: bench_autocorr                              every case 5 times, each run in a fresh child process;
 *                                                    Markdown rows with the best and median time
 *        bench_autocorr CASE STAT THREADS [R] [DRAWS] one case: STAT lisa | local (LISA + Gi*) | moran,
 *                                                    DRAWS unit (default) | shared; prints "seconds rss extra"
 *        bench_autocorr dump CASE DIR                writes DIR/CASE.gal (weights, R's read.gal form) and
 *                                                    DIR/CASE.csv (id,value) for the peers (bench/bench_peers.sh)
 * Run from the source directory (national reads data/…). Time is wall-clock around the statistic alone (weights
 * built beforehand); peak RSS is the whole process's (getrusage), which is why every case runs in its own process. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "regio/autocorr.h"
#include "regio/rng.h"
#include "regio/table.h"
#include "regio/weights.h"
#include "regio/weights_build.h"
#include "bench_util.h"

static regio_weights *row(regio_weights *w) {
    regio_weights *r = NULL;
    regio_error err;
    if (regio_weights_transform(w, REGIO_W_ROW, &r, &err)) { fprintf(stderr, "%s\n", err.en); exit(2); }
    regio_weights_free(w);
    return r;
}

static regio_weights *lattice(size_t side, double **y) {
    size_t n = side * side, m = 0, *ei = malloc(4 * n * sizeof *ei), *ej = malloc(4 * n * sizeof *ej);
    *y = malloc(n * sizeof **y);
    regio_rng r;
    regio_rng_init(&r, 2024, 0);
    for (size_t a = 0; a < side; a++)
        for (size_t b = 0; b < side; b++) {
            size_t i = a * side + b;
            (*y)[i] = sin((double)a / 9) + cos((double)b / 13) + regio_rng_normal(&r);
            if (a > 0) { ei[m] = i; ej[m++] = i - side; }
            if (a + 1 < side) { ei[m] = i; ej[m++] = i + side; }
            if (b > 0) { ei[m] = i; ej[m++] = i - 1; }
            if (b + 1 < side) { ei[m] = i; ej[m++] = i + 1; }
        }
    regio_weights *w = NULL;
    regio_error err;
    if (regio_weights_from_edges(n, ei, ej, NULL, m, &w, &err)) { fprintf(stderr, "%s\n", err.en); exit(2); }
    free(ei);
    free(ej);
    return w;
}

static regio_weights *knn(size_t n, size_t k, double **y) {
    double *px = malloc(n * sizeof *px), *py = malloc(n * sizeof *py), *d = malloc(n * sizeof *d);
    size_t *ei = malloc(n * k * sizeof *ei), *ej = malloc(n * k * sizeof *ej), m = 0;
    *y = malloc(n * sizeof **y);
    regio_rng r;
    regio_rng_init(&r, 2990, 0);
    for (size_t i = 0; i < n; i++) {
        px[i] = regio_rng_uniform(&r);
        py[i] = regio_rng_uniform(&r);
        (*y)[i] = 3 * px[i] + sin(6 * py[i]) + regio_rng_normal(&r);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) d[j] = j == i ? INFINITY : hypot(px[i] - px[j], py[i] - py[j]);
        for (size_t t = 0; t < k; t++) { /* k smallest by selection: k is small */
            size_t best = 0;
            for (size_t j = 1; j < n; j++)
                if (d[j] < d[best]) best = j;
            ei[m] = i;
            ej[m++] = best;
            d[best] = INFINITY;
        }
    }
    regio_weights *w = NULL;
    regio_error err;
    if (regio_weights_from_edges(n, ei, ej, NULL, m, &w, &err)) { fprintf(stderr, "%s\n", err.en); exit(2); }
    free(px);
    free(py);
    free(d);
    free(ei);
    free(ej);
    return w;
}

#define NATIONAL_DIR "data/yunnan/raw/cn-county-census-2020/"

/* the counties with a POPU_URB value, queen contiguity among them (real data) */
static regio_weights *national(double **y, char ***ids_out) {
    regio_error err;
    regio_table *t = NULL;
    regio_weights *all = NULL, *w = NULL;
    if (regio_table_read(NATIONAL_DIR "population.csv", NULL, &t, &err) ||
        regio_weights_contiguity(NATIONAL_DIR "counties-geo.topojson", "county", "CODE", REGIO_CONTIG_QUEEN, 0, &all, &err)) {
        fprintf(stderr, "%s (run from the source directory)\n", err.en);
        exit(2);
    }
    long ci = regio_table_col(t, "CODE"), cv = regio_table_col(t, "POPU_URB");
    char **ids = malloc(t->nrows * sizeof *ids);
    *y = malloc(t->nrows * sizeof **y);
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *v = regio_table_cell(t, r, (size_t)cv);
        char *end;
        double x = strtod(v, &end);
        if (!*v || *end) continue; /* one county has no value */
        ids[n] = strdup(regio_table_cell(t, r, (size_t)ci));
        (*y)[n++] = x;
    }
    size_t unknown = 0;
    if (regio_weights_select(all, (const char *const *)ids, n, &w, &unknown, &err)) { fprintf(stderr, "%s\n", err.en); exit(2); }
    regio_weights_free(all);
    regio_table_free(t);
    if (ids_out) *ids_out = ids;
    else {
        for (size_t i = 0; i < n; i++) free(ids[i]);
        free(ids);
    }
    return w;
}

static regio_weights *build(const char *cas, double **y, int rowstd) {
    regio_weights *w = strcmp(cas, "lattice") == 0 ? lattice(100, y) : strcmp(cas, "national") == 0 ? national(y, NULL) : knn(2990, 6, y);
    return rowstd ? row(w) : w;
}

/* dump CASE DIR: the binary weights as GAL (ids 1..n for the lattice) and the values as id,value */
static int dump(const char *cas, const char *dir) {
    double *y = NULL;
    char **ids = NULL;
    regio_weights *w = strcmp(cas, "national") == 0 ? national(&y, &ids) : build(cas, &y, 0);
    if (!w->ids) {
        w->ids = ids ? ids : calloc(w->n, sizeof *w->ids);
        for (size_t i = 0; !ids && i < w->n; i++) {
            char b[24];
            snprintf(b, sizeof b, "%zu", i + 1);
            w->ids[i] = strdup(b);
        }
    }
    char path[1024];
    regio_error err;
    snprintf(path, sizeof path, "%s/%s.gal", dir, cas);
    if (regio_weights_write_gal(w, path, &err)) { fprintf(stderr, "%s\n", err.en); return 2; }
    snprintf(path, sizeof path, "%s/%s.csv", dir, cas);
    FILE *f = fopen(path, "w");
    if (!f) return 2;
    fprintf(f, "id,value\n");
    for (size_t i = 0; i < w->n; i++) fprintf(f, "%s,%.17g\n", w->ids[i], y[i]);
    fclose(f);
    regio_weights_free(w);
    free(y);
    return 0;
}

/* runs one case; prints "seconds" to stdout */
static int run(const char *cas, const char *stat, unsigned threads, size_t R, const char *draws) {
    double *y = NULL;
    regio_weights *w = build(cas, &y, 1);
    regio_autocorr_opts o = {.permutations = R, .seed = 1, .threads = threads, .star = REGIO_STAR_PEERS,
                             .draws = strcmp(draws, "shared") == 0 ? REGIO_DRAWS_SHARED : REGIO_DRAWS_UNIT};
    regio_error err;
    double t0 = now(), extra = 0;
    int rc;
    if (strcmp(stat, "lisa") == 0) {
        regio_lisa *l = NULL;
        rc = regio_lisa_compute(y, w->n, w, &o, &l, &err);
        size_t sig = 0;
        for (size_t i = 0; !rc && i < w->n; i++) sig += l->cluster[i] > 0;
        extra = (double)sig;
        regio_lisa_free(l);
    } else if (strcmp(stat, "local") == 0) {
        regio_lisa *l = NULL;
        regio_localg *g = NULL;
        rc = regio_local_compute(y, w->n, w, &o, &l, &g, &err);
        size_t sig = 0;
        for (size_t i = 0; !rc && i < w->n; i++) sig += (l->cluster[i] > 0) + (g->cluster[i] != 0);
        extra = (double)sig;
        regio_lisa_free(l);
        regio_localg_free(g);
    } else {
        regio_moran *m = NULL;
        rc = regio_moran_compute(y, w->n, w, &o, &m, &err);
        if (!rc) extra = m->I;
        regio_moran_free(m);
    }
    double t = now() - t0;
    if (rc) { fprintf(stderr, "%s\n", err.en); return 2; }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%.3f %ld %g\n", t, ru.ru_maxrss, extra);
    regio_weights_free(w);
    free(y);
    return 0;
}

#define RUNS 5

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "dump") == 0) return dump(argv[2], argv[3]);
    if (argc >= 4)
        return run(argv[1], argv[2], (unsigned)atoi(argv[3]), argc > 4 ? strtoul(argv[4], NULL, 10) : 9999, argc > 5 ? argv[5] : "unit");
    static const struct { const char *cas, *stat, *label, *draws; unsigned threads; } cases[] = {
        {"lattice", "lisa", "LISA, 100×100 rook lattice (10,000 units)", "unit", 1},
        {"lattice", "lisa", "LISA, 100×100 rook lattice (10,000 units)", "unit", 2},
        {"lattice", "lisa", "LISA, 100×100 rook lattice, shared draws", "shared", 1},
        {"lattice", "lisa", "LISA, 100×100 rook lattice, shared draws", "shared", 2},
        {"lattice", "local", "LISA + Gi* in one pass, 100×100 rook lattice", "unit", 2},
        {"lattice", "moran", "global Moran, 100×100 rook lattice", "unit", 1},
        {"lattice", "moran", "global Moran, 100×100 rook lattice", "unit", 2},
        {"national", "lisa", "LISA, 2,989 counties (queen)", "unit", 1},
        {"national", "lisa", "LISA, 2,989 counties (queen)", "unit", 2},
        {"national", "lisa", "LISA, 2,989 counties, shared draws", "shared", 1},
        {"national", "lisa", "LISA, 2,989 counties, shared draws", "shared", 2},
        {"national", "local", "LISA + Gi* in one pass, 2,989 counties", "unit", 2},
        {"national", "moran", "global Moran, 2,989 counties", "unit", 1},
        {"national", "moran", "global Moran, 2,989 counties", "unit", 2},
    };
    printf("| case (9,999 permutations) | threads | best | median | peak RSS |\n|---|---:|---:|---:|---:|\n");
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double secs[RUNS];
        long rss = 0;
        for (int run_i = 0; run_i < RUNS; run_i++) {
            int fd[2];
            if (pipe(fd)) return 2;
            pid_t pid = fork();
            if (pid == 0) {
                dup2(fd[1], 1);
                close(fd[0]);
                char th[16];
                snprintf(th, sizeof th, "%u", cases[c].threads);
                execl(argv[0], argv[0], cases[c].cas, cases[c].stat, th, "9999", cases[c].draws, (char *)NULL);
                _exit(127);
            }
            close(fd[1]);
            char buf[128] = "";
            ssize_t k = read(fd[0], buf, sizeof buf - 1);
            buf[k > 0 ? k : 0] = '\0';
            close(fd[0]);
            int status;
            waitpid(pid, &status, 0);
            long r = 0;
            if (sscanf(buf, "%lf %ld", &secs[run_i], &r) != 2) return 2;
            if (r > rss) rss = r;
        }
        qsort(secs, RUNS, sizeof *secs, cmp_double);
        printf("| %s | %u | %.2f s | %.2f s | %.0f MiB |\n", cases[c].label, cases[c].threads, secs[0],
               secs[RUNS / 2], (double)rss / 1024);
        fflush(stdout);
    }
    return 0;
}
