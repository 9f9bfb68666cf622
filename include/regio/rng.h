/* rng.h — seeded random streams for permutations and Monte Carlo.
 *
 * xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64. A stream is identified by (seed, stream id):
 * engines give every unit of work its own stream (e.g. stream = unit index for conditional permutations,
 * stream = draw number for Monte Carlo), so a run gives the same numbers on 1 thread or 16, in any order.
 * The state is a plain struct on the caller's stack: no global state, no locking.
 */
#ifndef REGIO_RNG_H
#define REGIO_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_rng { uint64_t s[4]; } regio_rng;

/* Initialises the stream (seed, stream). Different streams of one seed are independent for all practical use. */
REGIO_API void regio_rng_init(regio_rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
REGIO_API uint64_t regio_rng_next(regio_rng *r);

/* Uniform double in [0, 1) with 53 random bits. */
REGIO_API double regio_rng_uniform(regio_rng *r);

/* Uniform integer in [0, n) without modulo bias (Lemire's method); n > 0. */
REGIO_API uint64_t regio_rng_below(regio_rng *r, uint64_t n);

/* Standard normal deviate (Marsaglia polar method). */
REGIO_API double regio_rng_normal(regio_rng *r);

/* Writes k distinct indexes drawn uniformly from [0, n) \ {skip} into out (skip = SIZE_MAX for none),
 * by a partial Fisher–Yates shuffle of scratch, which must hold n indexes and is left permuted (callers
 * keep one scratch per thread and reuse it). k <= n - (skip < n). */
REGIO_API void regio_rng_sample(regio_rng *r, size_t n, size_t skip, size_t k, size_t *scratch, size_t *out);

#ifdef __cplusplus
}
#endif
#endif
