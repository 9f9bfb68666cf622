/* dijkstra.c — shortest travel times: Dijkstra's algorithm with an indexed binary heap (decrease-key), one
 * source to all nodes, and the many-to-many matrix with one search per source shared among threads.
 *
 * Why this shape: a search touches only the nodes it reaches, so each workspace remembers them and resets only
 * those (a 60-minute search on a national graph touches a small part of it); the matrix stops a search once every
 * destination node is settled; each thread owns its workspace and writes only its own rows, so the result is
 * the same for any number of threads. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regio/access.h"

#define NOPOS UINT32_MAX

typedef struct ws {
    double *dist;      /* nnodes, INFINITY when untouched */
    uint32_t *pos;     /* heap position, NOPOS when not in the heap */
    uint32_t *heap;    /* node ids */
    uint32_t *touched; /* nodes whose dist was set */
    size_t nheap, ntouched;
    uint32_t *mark;    /* destination stamp per node (matrix only) */
    uint32_t stamp;
} ws;

static void ws_free(ws *w) {
    free(w->dist); free(w->pos); free(w->heap); free(w->touched); free(w->mark);
}

static int ws_init(ws *w, size_t n, int with_mark) {
    memset(w, 0, sizeof *w);
    size_t m = n ? n : 1;
    w->dist = malloc(m * sizeof *w->dist);
    w->pos = malloc(m * sizeof *w->pos);
    w->heap = malloc(m * sizeof *w->heap);
    w->touched = malloc(m * sizeof *w->touched);
    if (with_mark) w->mark = calloc(m, sizeof *w->mark);
    if (!w->dist || !w->pos || !w->heap || !w->touched || (with_mark && !w->mark)) { ws_free(w); return -1; }
    for (size_t v = 0; v < n; v++) { w->dist[v] = INFINITY; w->pos[v] = NOPOS; }
    return 0;
}

static void ws_reset(ws *w) {
    for (size_t i = 0; i < w->ntouched; i++) { w->dist[w->touched[i]] = INFINITY; w->pos[w->touched[i]] = NOPOS; }
    w->ntouched = 0;
    w->nheap = 0;
}

static void sift_up(ws *w, size_t i) {
    uint32_t v = w->heap[i];
    double d = w->dist[v];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        uint32_t u = w->heap[p];
        if (w->dist[u] <= d) break;
        w->heap[i] = u; w->pos[u] = (uint32_t)i;
        i = p;
    }
    w->heap[i] = v; w->pos[v] = (uint32_t)i;
}

static uint32_t pop_min(ws *w) {
    uint32_t top = w->heap[0];
    w->pos[top] = NOPOS;
    uint32_t v = w->heap[--w->nheap];
    if (w->nheap) {
        double d = w->dist[v];
        size_t i = 0;
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, c = l;
            if (l >= w->nheap) break;
            if (r < w->nheap && w->dist[w->heap[r]] < w->dist[w->heap[l]]) c = r;
            if (w->dist[w->heap[c]] >= d) break;
            w->heap[i] = w->heap[c]; w->pos[w->heap[i]] = (uint32_t)i;
            i = c;
        }
        w->heap[i] = v; w->pos[v] = (uint32_t)i;
    }
    return top;
}

static void relax(ws *w, uint32_t v, double d) {
    if (d >= w->dist[v]) return;
    if (w->dist[v] == INFINITY) w->touched[w->ntouched++] = v;
    w->dist[v] = d;
    if (w->pos[v] == NOPOS) { w->heap[w->nheap] = v; w->pos[v] = (uint32_t)w->nheap; w->nheap++; }
    sift_up(w, w->pos[v]);
}

/* Runs the search from s; with ndest > 0 it stops once ndest marked nodes are settled. A node is settled when
 * popped: its dist is final. Nodes left in the heap beyond the limit keep a tentative dist; callers read only
 * settled nodes (dist <= limit at pop time), which run_search guarantees by clearing the rest. */
static void run_search(const regio_graph *g, ws *w, uint32_t s, double limit, size_t ndest) {
    ws_reset(w);
    relax(w, s, 0);
    size_t found = 0;
    while (w->nheap) {
        uint32_t u = pop_min(w);
        double du = w->dist[u];
        if (du > limit) { w->dist[u] = INFINITY; break; }
        if (ndest && w->mark[u] == w->stamp && ++found == ndest) break;
        for (size_t e = g->first[u]; e < g->first[u + 1]; e++) relax(w, g->head[e], du + g->minutes[e]);
    }
    /* what is still in the heap is not settled: not a shortest time */
    for (size_t i = 0; i < w->nheap; i++) { w->dist[w->heap[i]] = INFINITY; w->pos[w->heap[i]] = NOPOS; }
    w->nheap = 0;
}

static double limit_of(double max_minutes) { return max_minutes > 0 ? max_minutes : INFINITY; }

int regio_route_from(const regio_graph *g, size_t source, double max_minutes, double *dist, regio_error *err) {
    if (source >= g->nnodes)
        return regio_error_set(err, REGIO_EINVAL, "起点节点 %zu 不在路网中（%zu 个节点）", "source node %zu is not in the graph (%zu nodes)",
                               source, g->nnodes);
    ws w;
    if (ws_init(&w, g->nnodes, 0)) return regio_error_set(err, REGIO_ENOMEM, "内存不足（最短路）", "out of memory (shortest paths)");
    run_search(g, &w, (uint32_t)source, limit_of(max_minutes), 0);
    memcpy(dist, w.dist, g->nnodes * sizeof *dist);
    ws_free(&w);
    return REGIO_OK;
}

typedef struct job {
    const regio_graph *g;
    const size_t *src, *dst;
    size_t nsrc, ndst, ndistinct;
    double limit;
    double *out;
    atomic_size_t next;
    atomic_int failed;
} job;

static void *worker(void *arg) {
    job *j = arg;
    ws w;
    if (ws_init(&w, j->g->nnodes, 1)) { atomic_store(&j->failed, 1); return NULL; }
    w.stamp = 1;
    for (size_t k = 0; k < j->ndst; k++) w.mark[j->dst[k]] = 1;
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->nsrc) break;
        run_search(j->g, &w, (uint32_t)j->src[i], j->limit, j->ndistinct);
        double *row = j->out + i * j->ndst;
        for (size_t k = 0; k < j->ndst; k++) row[k] = w.dist[j->dst[k]];
    }
    ws_free(&w);
    return NULL;
}

int regio_route_matrix(const regio_graph *g, const size_t *sources, size_t nsources, const size_t *dests,
                       size_t ndests, double max_minutes, unsigned nthreads, double *out, regio_error *err) {
    for (size_t i = 0; i < nsources; i++)
        if (sources[i] >= g->nnodes)
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个起点节点 %zu 不在路网中", "origin %zu: node %zu is not in the graph",
                                   i, sources[i]);
    uint32_t *seen = calloc(g->nnodes ? g->nnodes : 1, sizeof *seen);
    if (!seen) return regio_error_set(err, REGIO_ENOMEM, "内存不足（最短路）", "out of memory (shortest paths)");
    size_t ndistinct = 0;
    for (size_t k = 0; k < ndests; k++) {
        if (dests[k] >= g->nnodes) {
            free(seen);
            return regio_error_set(err, REGIO_EINVAL, "第 %zu 个终点节点 %zu 不在路网中", "destination %zu: node %zu is not in the graph",
                                   k, dests[k]);
        }
        if (!seen[dests[k]]) { seen[dests[k]] = 1; ndistinct++; }
    }
    free(seen);
    if (!nsources || !ndests) return REGIO_OK;
    job j = {g, sources, dests, nsources, ndests, ndistinct, limit_of(max_minutes), out, 0, 0};
    atomic_init(&j.next, 0);
    atomic_init(&j.failed, 0);
    if (nthreads == 0) {
        long np = sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = np > 0 ? (unsigned)np : 1;
    }
    if (nthreads > nsources) nthreads = (unsigned)nsources;
    if (nthreads > 256) nthreads = 256;
    pthread_t th[256];
    unsigned started = 0;
    for (unsigned t = 1; t < nthreads; t++) {
        if (pthread_create(&th[t], NULL, worker, &j)) break;
        started++;
    }
    worker(&j);
    for (unsigned t = 1; t <= started; t++) pthread_join(th[t], NULL);
    /* a worker without memory claims no row: the matrix is complete when every row was claimed */
    if (atomic_load(&j.failed) && atomic_load(&j.next) < nsources)
        return regio_error_set(err, REGIO_ENOMEM, "内存不足（最短路）", "out of memory (shortest paths)");
    return REGIO_OK;
}
