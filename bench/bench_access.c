/* bench_access.c — time and peak memory of the access engine (docs/benchmarks.md, "Travel times").
 *
 * Why a program and not a test: speed goals are measured here, never in unit tests. The graph is SYNTHETIC: a
 * W × W lattice of road nodes over a box the size of Yunnan (97.5–106.2° E, 21.1–29.2° N), each node joined to its
 * four neighbours by two-way edges of 0.3 to 3 minutes (seeded, so every run is the same), about 4 W² directed
 * edges (W = 500: 250,000 nodes, 998,000 edges). Cases: building the CSR graph (and its snapping grid) from the edge
 * list; snapping the origins; one-to-all Dijkstra; the many-to-many matrix of O origins × O destinations without
 * a limit and with a 60-minute limit (--max 60, the metropolitan-area question).
 *
 * usage: bench_access [W] [O] [THREADS] [FULL_ORIGINS]
 *        defaults 500 3000 2 300: the unlimited matrix runs FULL_ORIGINS × O and is extrapolated to O × O
 *        (each origin is one independent search, so time is linear in the number of origins; said so in the output)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "regio/access.h"
#include "regio/rng.h"
#include "bench_util.h"

int main(int argc, char **argv) {
    size_t W = argc > 1 ? (size_t)atol(argv[1]) : 500, O = argc > 2 ? (size_t)atol(argv[2]) : 3000;
    unsigned th = argc > 3 ? (unsigned)atoi(argv[3]) : 2;
    size_t full = argc > 4 ? (size_t)atol(argv[4]) : 300;
    if (full > O) full = O;
    size_t n = W * W, m = 0;
    regio_edge *e = malloc(4 * n * sizeof *e);
    double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat);
    regio_rng r;
    regio_rng_init(&r, 20261204, 0);
    for (size_t y = 0; y < W; y++)
        for (size_t x = 0; x < W; x++) {
            size_t v = y * W + x;
            lon[v] = 97.5 + 8.7 * (double)x / (double)(W - 1);
            lat[v] = 21.1 + 8.1 * (double)y / (double)(W - 1);
            if (x + 1 < W) {
                double t = 0.3 + 2.7 * regio_rng_uniform(&r);
                e[m++] = (regio_edge){(uint32_t)v, (uint32_t)(v + 1), t};
                e[m++] = (regio_edge){(uint32_t)(v + 1), (uint32_t)v, t};
            }
            if (y + 1 < W) {
                double t = 0.3 + 2.7 * regio_rng_uniform(&r);
                e[m++] = (regio_edge){(uint32_t)v, (uint32_t)(v + W), t};
                e[m++] = (regio_edge){(uint32_t)(v + W), (uint32_t)v, t};
            }
        }
    regio_error err;
    regio_graph *g = NULL;
    double t0 = now(), c0 = cpu();
    if (regio_graph_build(n, e, m, lon, lat, &g, &err)) { fprintf(stderr, "%s\n", err.en); return 2; }
    double tb = now() - t0, cb = cpu() - c0;
    printf("synthetic lattice %zu × %zu: %zu nodes, %zu directed edges, %u threads\n\n", W, W, n, m, th);
    printf("| case | size | wall | CPU (all threads) | peak RSS |\n|---|---|---:|---:|---:|\n");
    printf("| graph build (CSR + snapping grid) | %zu nodes, %zu edges | %.3f s | %.3f s | %.0f MiB |\n", n, m, tb, cb, peak_mib());
    free(e);
    size_t *src = malloc(O * sizeof *src);
    t0 = now(); c0 = cpu();
    for (size_t i = 0; i < O; i++) {
        double x = 97.5 + 8.7 * regio_rng_uniform(&r), y = 21.1 + 8.1 * regio_rng_uniform(&r), d;
        if (regio_graph_snap(g, x, y, &src[i], &d, &err)) { fprintf(stderr, "%s\n", err.en); return 2; }
    }
    printf("| snap %zu places | %zu | %.4f s | %.4f s | %.0f MiB |\n", O, O, now() - t0, cpu() - c0, peak_mib());
    double *dist = malloc(n * sizeof *dist);
    int reps = 10;
    t0 = now(); c0 = cpu();
    for (int k = 0; k < reps; k++) regio_route_from(g, src[k], 0, dist, &err);
    printf("| one-to-all Dijkstra (mean of %d) | %zu nodes | %.4f s | %.4f s | %.0f MiB |\n", reps, n, (now() - t0) / reps,
           (cpu() - c0) / reps, peak_mib());
    double *mat = malloc(O * O * sizeof *mat);
    t0 = now(); c0 = cpu();
    if (regio_route_matrix(g, src, O, src, O, 60, th, mat, &err)) { fprintf(stderr, "%s\n", err.en); return 2; }
    double t60 = now() - t0, c60 = cpu() - c0;
    size_t within = 0;
    for (size_t k = 0; k < O * O; k++) within += isfinite(mat[k]);
    printf("| many-to-many, limit 60 min | %zu × %zu (%zu pairs within 60 min) | %.3f s | %.3f s | %.0f MiB |\n", O, O, within, t60, c60,
           peak_mib());
    t0 = now(); c0 = cpu();
    if (regio_route_matrix(g, src, full, src, O, 0, th, mat, &err)) { fprintf(stderr, "%s\n", err.en); return 2; }
    double tf = now() - t0, cf = cpu() - c0;
    printf("| many-to-many, no limit | %zu × %zu measured | %.3f s | %.3f s | %.0f MiB |\n", full, O, tf, cf, peak_mib());
    printf("| many-to-many, no limit | %zu × %zu extrapolated (× %.1f) | %.1f s | %.1f s | |\n", O, O, (double)O / (double)full,
           tf * (double)O / (double)full, cf * (double)O / (double)full);
    free(mat); free(dist); free(src); free(lon); free(lat);
    regio_graph_free(g);
    return 0;
}
