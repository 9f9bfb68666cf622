/* mc_internal.h — the worker pool shared by the Monte Carlo and Sobol engines (mc_pool.c): jobs 0..njobs-1 are
 * handed out one at a time through an atomic counter, so any number of threads computes the same set of jobs,
 * and each job's random stream depends only on its index. Internal to src/engine/evaluate. */
#ifndef REGIO_MC_INTERNAL_H
#define REGIO_MC_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "regio/error.h"

/* Runs job(j, thread, ctx) for j in [0, njobs) on threads workers (thread = 0..threads-1, for per-thread
 * scratch). A job returning non-zero stops the run: the first failing job's status and message are returned.
 * progress: a "label: NN %" line updated in place once the run has taken more than a second. */
typedef int (*mc_job_fn)(size_t j, int thread, void *ctx, regio_error *err);
int regio__mc_pool_run(size_t njobs, int threads, mc_job_fn job, void *ctx, FILE *progress, const char *label,
                regio_error *err);

#endif
