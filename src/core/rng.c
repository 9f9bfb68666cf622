/* rng.c — xoshiro256** with splitmix64 seeding; see include/regio/rng.h. */
#include "regio/rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void regio_rng_init(regio_rng *r, uint64_t seed, uint64_t stream) {
    /* mix the stream id into the seed through one splitmix step so nearby (seed, stream) pairs diverge */
    uint64_t x = seed;
    uint64_t h = splitmix64(&x) ^ (stream * 0xD1B54A32D192ED03ULL);
    x = h;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

uint64_t regio_rng_next(regio_rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double regio_rng_uniform(regio_rng *r) { return (double)(regio_rng_next(r) >> 11) * 0x1.0p-53; }

uint64_t regio_rng_below(regio_rng *r, uint64_t n) {
    /* Lemire (2019), "Fast random integer generation in an interval" */
    unsigned __int128 m = (unsigned __int128)regio_rng_next(r) * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = (0 - n) % n;
        while (l < t) {
            m = (unsigned __int128)regio_rng_next(r) * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double regio_rng_normal(regio_rng *r) {
    double u, v, s;
    do {
        u = 2 * regio_rng_uniform(r) - 1;
        v = 2 * regio_rng_uniform(r) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * sqrt(-2 * log(s) / s);
}

void regio_rng_sample(regio_rng *r, size_t n, size_t skip, size_t k, size_t *scratch, size_t *out) {
    /* scratch holds a permutation of 0..n-1 (any order); move skip to the end and shuffle the prefix */
    size_t m = n;
    if (skip < n) {
        for (size_t i = 0; i < n; i++)
            if (scratch[i] == skip) { scratch[i] = scratch[n - 1]; scratch[n - 1] = skip; break; }
        m = n - 1;
    }
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)regio_rng_below(r, m - i);
        size_t t = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = t;
        out[i] = scratch[i];
    }
}
