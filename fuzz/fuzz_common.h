/* fuzz_common.h — what the libFuzzer targets in fuzz/ share: one scratch file per process that an input is written
 * to (the readers take paths, and GDAL opens files by name), and where the committed sample data lives.
 * Not part of libregio; built only by fuzz/CMakeLists.txt (clang). */
#ifndef REGIO_FUZZ_COMMON_H
#define REGIO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef REGIO_SOURCE_DIR
#error "REGIO_SOURCE_DIR must name the source tree (fuzz/CMakeLists.txt sets it)"
#endif

/* A path in a per-process scratch directory ending in name ("x.csv"), made on first use; the directory is left
 * behind for the next run of the same process id to reuse (a fuzzer is killed, not closed). */
static inline const char *fuzz_path(const char *name) {
    static char dir[256];
    static char path[512];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/regio-fuzz-%ld", tmp && *tmp ? tmp : "/tmp", (long)getpid());
        mkdir(dir, 0700); /* EEXIST is fine */
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Writes data to the scratch file name; returns its path, or NULL when it cannot be written. */
static inline const char *fuzz_write(const char *name, const uint8_t *data, size_t size) {
    const char *p = fuzz_path(name);
    FILE *f = fopen(p, "wb");
    if (!f) return NULL;
    if (size && fwrite(data, 1, size, f) != size) { fclose(f); return NULL; }
    if (fclose(f) != 0) return NULL;
    return p;
}

#endif
