/* bench_weights.c — time and peak memory of building spatial weights (docs/benchmarks.md, "Spatial weights").
 *
 * Why a program and not a test: speed goals are measured here, never in unit tests. Each case runs in its
 * own forked child so that its peak RSS (getrusage ru_maxrss) is its own, not the largest so far.
 * Cases: contiguity of the 2,990 counties of the national TopoJSON read through GDAL (real data), of a
 * synthetic 100 × 100 lattice of unit squares (10,000 units, rings in memory), and k nearest neighbours
 * (k = 8) and a distance band on 1,000,000 uniform random points (seeded, so every run is the same).
 *
 * usage: bench_weights [counties-geo.topojson]   (default: data/yunnan/raw/cn-county-census-2020/…, run
 *        from the source directory)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "regio/rng.h"
#include "regio/weights_build.h"
#include "bench_util.h"

static void report(const char *label, double secs, const regio_weights *w) {
    printf("| %s | %zu | %zu | %zu | %.3f s | %.0f MiB |\n", label, w->n, w->offsets[w->n], regio_weights_islands(w, NULL),
           secs, peak_mib());
    fflush(stdout);
}

static void fail(const regio_error *err) {
    fprintf(stderr, "error: %s\n", err->en);
    exit(1);
}

static const char *topo_path = "data/yunnan/raw/cn-county-census-2020/counties-geo.topojson";

static void case_topojson(int kind) {
    regio_weights *w = NULL;
    regio_error err;
    double t0 = now();
    if (regio_weights_contiguity(topo_path, "county", "CODE", kind, 0, &w, &err)) fail(&err);
    report(kind == REGIO_CONTIG_QUEEN ? "national TopoJSON, queen (GDAL read + build)" : "national TopoJSON, rook (GDAL read + build)",
           now() - t0, w);
    regio_weights_free(w);
}

static void case_topojson_split(void) {
    regio_polygons *p = NULL;
    regio_error err;
    double t0 = now();
    if (regio_polygons_read(topo_path, "county", "CODE", &p, &err)) fail(&err);
    double t1 = now();
    regio_rings r = regio_polygons_rings(p);
    regio_weights *w = NULL;
    if (regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, 0, &w, &err)) fail(&err);
    double t2 = now();
    printf("|  of which: GDAL read of %zu polygons, %zu rings, %zu vertices | | | | %.3f s | |\n", p->n, p->nrings,
           p->ring_start[p->nrings], t1 - t0);
    report(" of which: queen from the rings", t2 - t1, w);
    regio_weights_free(w);
    regio_polygons_free(p);
}

static void case_lattice(int kind) {
    size_t nx = 100, nr = nx * nx;
    size_t *unit = malloc(nr * sizeof *unit), *start = malloc((nr + 1) * sizeof *start);
    double *x = malloc(5 * nr * sizeof *x), *y = malloc(5 * nr * sizeof *y);
    static const double dx[5] = {0, 1, 1, 0, 0}, dy[5] = {0, 0, 1, 1, 0};
    for (size_t u = 0; u < nr; u++) {
        unit[u] = u;
        start[u] = 5 * u;
        for (int k = 0; k < 5; k++) { x[5 * u + k] = (double)(u % nx) + dx[k]; y[5 * u + k] = (double)(u / nx) + dy[k]; }
    }
    start[nr] = 5 * nr;
    regio_rings r = {nr, nr, unit, start, x, y};
    regio_weights *w = NULL;
    regio_error err;
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        regio_weights_free(w);
        double t0 = now();
        if (regio_weights_contiguity_rings(&r, kind, 0, &w, &err)) fail(&err);
        double t = now() - t0;
        if (t < best) best = t;
    }
    report(kind == REGIO_CONTIG_QUEEN ? "100×100 lattice, queen (best of 5)" : "100×100 lattice, rook (best of 5)", best, w);
    regio_weights_free(w);
    free(unit); free(start); free(x); free(y);
}

static void random_points(size_t n, double **x, double **y) {
    regio_rng g;
    regio_rng_init(&g, 20240601, 0);
    *x = malloc(n * sizeof **x);
    *y = malloc(n * sizeof **y);
    for (size_t i = 0; i < n; i++) { (*x)[i] = regio_rng_uniform(&g); (*y)[i] = regio_rng_uniform(&g); }
}

static void case_knn(regio_metric m) {
    size_t n = 1000000;
    double *x, *y;
    random_points(n, &x, &y);
    if (m == REGIO_DIST_GREAT_CIRCLE)
        for (size_t i = 0; i < n; i++) { x[i] = 97.5 + 8.5 * x[i]; y[i] = 21 + 8.3 * y[i]; } /* Yunnan's box */
    regio_weights *w = NULL;
    regio_error err;
    double t0 = now();
    if (regio_weights_knn(x, y, n, 8, m, 0, &w, &err)) fail(&err);
    report(m == REGIO_DIST_EUCLIDEAN ? "knn k = 8, 1,000,000 points, Euclidean" : "knn k = 8, 1,000,000 points, great-circle",
           now() - t0, w);
    regio_weights_free(w);
    free(x);
    free(y);
}

static void case_band(void) {
    size_t n = 1000000;
    double *x, *y;
    random_points(n, &x, &y);
    double r = sqrt(8.0 / (3.14159265358979 * (double)n)); /* about 8 neighbours each */
    regio_weights *w = NULL;
    regio_error err;
    double t0 = now();
    if (regio_weights_band(x, y, n, r, REGIO_DIST_EUCLIDEAN, 0, &w, &err)) fail(&err);
    report("distance band (≈ 8 neighbours), 1,000,000 points", now() - t0, w);
    regio_weights_free(w);
    free(x);
    free(y);
}

int main(int argc, char **argv) {
    if (argc > 1) topo_path = argv[1];
    printf("| case | units | links | islands | time | peak RSS |\n|---|---:|---:|---:|---:|---:|\n");
    fflush(stdout);
    for (int c = 0; c < 8; c++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            switch (c) {
            case 0: case_topojson(REGIO_CONTIG_QUEEN); break;
            case 1: case_topojson(REGIO_CONTIG_ROOK); break;
            case 2: case_topojson_split(); break;
            case 3: case_lattice(REGIO_CONTIG_ROOK); break;
            case 4: case_lattice(REGIO_CONTIG_QUEEN); break;
            case 5: case_knn(REGIO_DIST_EUCLIDEAN); break;
            case 6: case_knn(REGIO_DIST_GREAT_CIRCLE); break;
            case 7: case_band(); break;
            }
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
    }
    return 0;
}
