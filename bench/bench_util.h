/* bench_util.h — the clocks and the memory reading every benchmark program prints, written once.
 * now(): wall seconds (CLOCK_MONOTONIC); cpu(): CPU seconds of the whole process, all threads — on a shared, loaded
 * machine the honest measure of work; peak_mib(): peak resident set of this process (getrusage ru_maxrss, KiB on
 * Linux), which is why the programs run each case in its own process when memory is compared. */
#ifndef REGIO_BENCH_UTIL_H
#define REGIO_BENCH_UTIL_H

#include <sys/resource.h>
#include <time.h>

static inline double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline double cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline double peak_mib(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_maxrss / 1024.0;
}

#endif
