/* mc_pool.c — the small pthread pool of the uncertainty engines (mc_internal.h): dynamic hand-out of job
 * indexes through one atomic counter, first error wins, optional progress line. Kept apart so the Monte Carlo
 * and Sobol engines share one tested piece of threading. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/evaluate/mc_internal.h"
#include "regio/uncertainty.h"

typedef struct pool {
    size_t njobs;
    mc_job_fn job;
    void *ctx;
    atomic_size_t next, done;
    atomic_int failed;
    atomic_int last_pct;
    pthread_mutex_t lock;    /* guards err and the progress stream */
    regio_error *err;
    FILE *progress;
    const char *label;
    struct timespec start;
} pool;

typedef struct worker_arg { pool *p; int thread; } worker_arg;

static double elapsed(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void *worker(void *arg) {
    worker_arg *w = arg;
    pool *p = w->p;
    regio_error local;
    regio_error_clear(&local);
    for (;;) {
        if (atomic_load(&p->failed)) break;
        size_t j = atomic_fetch_add(&p->next, 1);
        if (j >= p->njobs) break;
        int rc = p->job(j, w->thread, p->ctx, &local);
        if (rc) {
            pthread_mutex_lock(&p->lock);
            if (!atomic_load(&p->failed)) {
                if (local.code == REGIO_OK) regio_error_set(&local, rc, "内部错误", "internal error");
                if (p->err) *p->err = local;
                atomic_store(&p->failed, rc);
            }
            pthread_mutex_unlock(&p->lock);
            break;
        }
        size_t done = atomic_fetch_add(&p->done, 1) + 1;
        if (p->progress) {
            int pct = (int)(100.0 * (double)done / (double)p->njobs);
            int last = atomic_load(&p->last_pct);
            if (pct > last && elapsed(&p->start) > 1.0 && atomic_compare_exchange_strong(&p->last_pct, &last, pct)) {
                pthread_mutex_lock(&p->lock);
                fprintf(p->progress, "\r%s: %3d %%", p->label, pct);
                fflush(p->progress);
                pthread_mutex_unlock(&p->lock);
            }
        }
    }
    return NULL;
}

int regio_threads_for(int threads, size_t jobs) {
    if (threads <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        threads = c > 0 ? (int)c : 1;
    }
    if (threads > 256) threads = 256;
    if (jobs < (size_t)threads) threads = jobs ? (int)jobs : 1;
    return threads;
}

int regio__mc_pool_run(size_t njobs, int threads, mc_job_fn job, void *ctx, FILE *progress, const char *label,
                regio_error *err) {
    pool p = {.njobs = njobs, .job = job, .ctx = ctx, .err = err, .progress = progress, .label = label};
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    atomic_init(&p.failed, 0);
    atomic_init(&p.last_pct, -1);
    pthread_mutex_init(&p.lock, NULL);
    clock_gettime(CLOCK_MONOTONIC, &p.start);
    threads = regio_threads_for(threads, njobs);
    worker_arg *args = malloc((size_t)threads * sizeof *args);
    pthread_t *tid = malloc((size_t)threads * sizeof *tid);
    if (!args || !tid) {
        free(args);
        free(tid);
        pthread_mutex_destroy(&p.lock);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    }
    int started = 0;
    for (int t = 1; t < threads; t++) {
        args[t] = (worker_arg){&p, t};
        if (pthread_create(&tid[t], NULL, worker, &args[t]) != 0) break; /* fewer threads: same result */
        started = t;
    }
    args[0] = (worker_arg){&p, 0};
    worker(&args[0]);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (progress && atomic_load(&p.last_pct) >= 0) fprintf(progress, "\r%s: 100 %%\n", label);
    free(args);
    free(tid);
    pthread_mutex_destroy(&p.lock);
    return atomic_load(&p.failed);
}
