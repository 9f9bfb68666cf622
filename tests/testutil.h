/* testutil.h — small helpers shared by the unit tests: temporary directories and files, copying a plan
 * fixture, loading a plan into a fresh store. Header-only so each test program stays one file. */
#ifndef REGIO_TESTUTIL_H
#define REGIO_TESTUTIL_H

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regio/import.h"
#include "regio/plan.h"
#include "regio/store.h"

/* cmocka 1.1 compares floats only: this compares doubles, NaN never equal (include cmocka.h first). */
#define assert_double_equal(a, b, eps)                                                                  \
    do {                                                                                                \
        double a_ = (a), b_ = (b);                                                                      \
        if (!(fabs(a_ - b_) <= (eps))) fail_msg("%s = %.17g, expected %.17g ± %g", #a, a_, b_, (double)(eps)); \
    } while (0)

/* A new empty directory under $TMPDIR or /tmp; the caller frees the string and removes the tree. */
static inline char *tu_tempdir(void) {
    const char *base = getenv("TMPDIR");
    char *t = malloc(4096);
    snprintf(t, 4096, "%s/regio-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(t)) { free(t); return NULL; }
    return t;
}

/* Removes dir and everything below it (no shell: paths are used as they are). */
static inline void tu_rmdir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) tu_rmdir(path);
        else unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* tu_rmdir, then frees the string (as tu_tempdir returns it). */
static inline void tu_rmtree(char *dir) {
    if (!dir) return;
    tu_rmdir(dir);
    free(dir);
}

static inline void tu_write(const char *dir, const char *name, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); abort(); }
    fputs(text, f);
    fclose(f);
}

/* Copies a fixture directory (relative to the source tree) into a new temporary directory. */
static inline char *tu_copy_fixture(const char *rel) {
    char *dir = tu_tempdir(), cmd[8400];
    if (!dir) return NULL;
    snprintf(cmd, sizeof cmd, "cp -R '%s/%s/.' '%s/'", REGIO_SOURCE_DIR, rel, dir);
    if (system(cmd) != 0) { tu_rmtree(dir); return NULL; }
    return dir;
}

/* Replaces the first occurrence of from with to in dir/name. */
static inline void tu_edit(const char *dir, const char *name, const char *from, const char *to) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); abort(); }
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *at = strstr(buf, from);
    if (!at) { fprintf(stderr, "tu_edit: '%s' not in %s\n", from, path); abort(); }
    f = fopen(path, "wb");
    fwrite(buf, 1, (size_t)(at - buf), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
}

/* Loads plan dir into a new store at dir/test.db and imports every file of dir/observations that is given
 * in files (NULL-terminated). Returns 0 on success. */
static inline int tu_store_with(const char *plan_dir, const char *db_dir, const char *const *files, regio_plan **plan,
                                regio_store **st, regio_error *err) {
    char db[4096];
    snprintf(db, sizeof db, "%s/test.db", db_dir);
    int rc = regio_plan_load_dir(plan_dir, plan, err);
    if (!rc) rc = regio_store_open(db, REGIO_STORE_CREATE, st, err);
    if (!rc) rc = regio_store_save_plan(*st, *plan, err);
    for (size_t i = 0; !rc && files && files[i]; i++) {
        char path[4096];
        regio_import_report *r = NULL;
        snprintf(path, sizeof path, "%s/observations/%s", plan_dir, files[i]);
        rc = regio_import_file(*st, *plan, path, NULL, &r, err);
        regio_import_report_free(r);
    }
    return rc;
}

#endif
