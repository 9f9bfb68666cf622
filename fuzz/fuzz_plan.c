/* fuzz_plan.c — the plan loader (regio_plan_load_dir): a scratch copy of the synthetic plan tests/fixtures/plan_mini
 * in which one file is replaced by the input (the first byte picks which: regions, indicators, groups, members,
 * partitions, targets, report, or one of the optional files), loaded, and put back. Every file is checked against
 * every other, so a bad file must give a message naming it — never a crash. */
#include "fuzz_common.h"

#include "regio/plan.h"

static const char *const FILES[] = {"regions.csv",    "indicators.csv", "groups.csv",        "group_members.csv",
                                    "partitions.csv", "targets.csv",    "report.csv",        "monitored.csv",
                                    "breaks.csv",     "region_aliases.csv", "where_found.csv", "zones_provisional.csv"};
#define NFILES (sizeof FILES / sizeof FILES[0])
static char *orig[NFILES]; /* NULL: the fixture has no such file */
static size_t orig_len[NFILES];
static char dir[512];

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

static int put(const char *name, const char *data, size_t len) {
    char p[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (!data) return unlink(p) == 0 || access(p, F_OK) != 0 ? 0 : -1;
    FILE *f = fopen(p, "wb");
    if (!f) return -1;
    int bad = len && fwrite(data, 1, len, f) != len;
    return fclose(f) || bad ? -1 : 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "%s", fuzz_path("plan"));
    mkdir(dir, 0700);
    for (size_t i = 0; i < NFILES; i++) {
        char p[700];
        snprintf(p, sizeof p, "%s/tests/fixtures/plan_mini/%s", REGIO_SOURCE_DIR, FILES[i]);
        orig[i] = slurp(p, &orig_len[i]);
        if (put(FILES[i], orig[i], orig_len[i])) abort();
    }
    regio_plan *pl = NULL;
    regio_error err;
    if (regio_plan_load_dir(dir, &pl, &err)) { /* the copy itself must load */
        fprintf(stderr, "fuzz_plan: %s\n", err.en);
        abort();
    }
    regio_plan_free(pl);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t k = data[0] % NFILES;
    if (put(FILES[k], (const char *)data + 1, size - 1)) return 0;
    regio_plan *pl = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_plan_load_dir(dir, &pl, &err);
    if (rc == REGIO_OK ? !pl : (pl != NULL || !err.en[0])) abort();
    regio_plan_free(pl);
    if (put(FILES[k], orig[k], orig_len[k])) abort();
    return 0;
}
