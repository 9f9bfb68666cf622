/* fuzz_table.c — the table reader (include/regio/table.h): CSV in every encoding mode, and .xlsx through GDAL when
 * the input is a ZIP. The first byte picks the mode (so one corpus covers all of them); the rest is the file.
 * What must hold: no crash, no leak, no sanitizer report; an error fills the message (checked below). */
#include "fuzz_common.h"

#include "regio/table.h"

static void check_table(const regio_table *t) {
    /* every cell is reachable and NUL-terminated; every row has a line after the header's */
    for (size_t r = 0; r < t->nrows; r++) {
        if (t->line[r] <= t->header_line && t->header_line) abort();
        for (size_t c = 0; c < t->ncols; c++)
            if (strlen(regio_table_cell(t, r, c)) > 4 * REGIO_TABLE_CELL_MAX) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    unsigned mode = data[0];
    data++, size--;
    regio_table_opts o = {0};
    o.encoding = (regio_encoding)(mode % 3);
    o.raw = (mode >> 2) & 1;
    regio_table *t = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        const char *p = fuzz_write("t.xlsx", data, size);
        if (!p) return 0;
        rc = regio_table_read(p, &o, &t, &err);
    } else {
        rc = regio_table_parse("fuzz.csv", (const char *)data, size, &o, &t, &err);
    }
    if (rc == REGIO_OK) {
        if (!t) abort();
        check_table(t);
    } else if (t || !err.en[0] || !err.zh[0]) {
        abort(); /* a failure must leave *out NULL and say why, in both languages */
    }
    regio_table_free(t);
    return 0;
}
