/* fuzz_import.c — import validation (include/regio/import.h) against the synthetic plan tests/fixtures/plan_mini in
 * a scratch SQLite store: the input is the file to import (CSV, or .xlsx when it is a ZIP), always as a dry run so
 * the store stays as it was and every input meets the same state. The first byte picks the shape: long, wide by
 * year (--wide --year 2020), wide by indicator (--indicator gdp), a yearbook table as published (--wide alone),
 * and whether --ignore names a column. */
#include "fuzz_common.h"

#include "regio/import.h"
#include "regio/plan.h"
#include "regio/store.h"

static regio_plan *plan;
static regio_store *st;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    regio_error err;
    char db[512];
    snprintf(db, sizeof db, "%s", fuzz_path("import.db"));
    unlink(db);
    if (regio_plan_load_dir(REGIO_SOURCE_DIR "/tests/fixtures/plan_mini", &plan, &err) ||
        regio_store_open(db, REGIO_STORE_CREATE, &st, &err) || regio_store_save_plan(st, plan, &err)) {
        fprintf(stderr, "fuzz_import: %s\n", err.en);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    unsigned mode = data[0];
    data++, size--;
    int zip = size >= 2 && data[0] == 'P' && data[1] == 'K';
    const char *p = fuzz_write(zip ? "i.xlsx" : "i.csv", data, size);
    if (!p) return 0;
    regio_import_opts o = {0};
    o.dry_run = 1;
    o.table.encoding = (regio_encoding)((mode >> 4) % 3);
    switch (mode % 4) {
    case 1: o.wide = 1, o.year = 2020; break;
    case 2: o.wide = 1, o.indicator = "gdp"; break;
    case 3: o.wide = 1; break;
    default: break;
    }
    if (mode & 4) o.ignore = "C,name";
    if (mode & 8) o.source = "synthetic fuzz input";
    regio_import_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_import_file(st, plan, p, &o, &r, &err);
    if (rc != REGIO_OK && !err.en[0]) abort();
    if (r)
        for (size_t i = 0; i < r->nproblems; i++)
            if (!r->problems[i].en || !r->problems[i].zh || strlen(r->problems[i].en) > 4096) abort();
    regio_import_report_free(r);
    return 0;
}
