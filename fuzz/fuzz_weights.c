/* fuzz_weights.c — the weights readers (include/regio/weights_build.h): GAL, and CSV edge lists by index (unit
 * count given or inferred) and by id. The first byte picks the reader and its flags; the rest is the file. A GAL
 * whose neighbour count was near 2^61 wrote past a buffer (issue 13, item 6): this target keeps such inputs found. */
#include "fuzz_common.h"

#include "regio/weights.h"
#include "regio/weights_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    unsigned mode = data[0];
    data++, size--;
    unsigned flags = (mode & 1) ? REGIO_WREAD_SYMMETRIC : 0;
    regio_weights *w = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc;
    static const char *const ids[] = {"530102", "530103", "530111", "a", "b", "c", "910001", "910002"};
    switch ((mode >> 1) % 4) {
    case 0: {
        const char *p = fuzz_write("w.gal", data, size);
        if (!p) return 0;
        rc = regio_weights_read_gal(p, flags, &w, &err);
        break;
    }
    case 1: case 2: {
        const char *p = fuzz_write("w.csv", data, size);
        if (!p) return 0;
        rc = regio_weights_read_csv(p, NULL, (mode >> 1) % 4 == 1 ? 0 : 8, flags, &w, &err);
        break;
    }
    default: {
        const char *p = fuzz_write("w.csv", data, size);
        if (!p) return 0;
        rc = regio_weights_read_csv(p, ids, sizeof ids / sizeof ids[0], flags, &w, &err);
        break;
    }
    }
    if (rc == REGIO_OK) {
        /* a CSR that holds together: offsets rise to the link count, every neighbour is a unit */
        if (!w || w->offsets[0] != 0) abort();
        for (size_t i = 0; i < w->n; i++) {
            if (w->offsets[i + 1] < w->offsets[i]) abort();
            for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++)
                if (w->neighbours[k] >= w->n || w->neighbours[k] == i) abort();
        }
    } else if (w || !err.en[0]) {
        abort();
    }
    regio_weights_free(w);
    return 0;
}
