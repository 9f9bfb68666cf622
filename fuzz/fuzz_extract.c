/* fuzz_extract.c — bulletin extraction (include/regio/extract.h): the input is decoded and normalised as a
 * bulletin text (regio_text_make: encoding detection, NFKC, repeated sentences) and searched with the shipped
 * pattern tables (data/extract/*.csv, loaded once), as a bulletin (regio_extract_bulletin) and as a plan text
 * (regio_extract_plan). The first byte picks the encoding, the year and the plan start. */
#include "fuzz_common.h"

#include "regio/extract.h"

static regio_patterns *bulletin, *plan;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    regio_error err;
    if (regio_patterns_load(REGIO_SOURCE_DIR "/data/extract/bulletin_patterns.csv", &bulletin, &err) ||
        regio_patterns_load(REGIO_SOURCE_DIR "/data/extract/plan_patterns.csv", &plan, &err)) {
        fprintf(stderr, "fuzz_extract: %s\n", err.en);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    unsigned mode = data[0];
    data++, size--;
    regio_error err;
    regio_error_clear(&err);
    regio_text *t = NULL;
    int rc = regio_text_make("fuzz.txt", (const char *)data, size, (regio_encoding)(mode % 3), bulletin, &t, &err);
    if (rc != REGIO_OK) {
        if (t || !err.en[0]) abort();
        return 0;
    }
    regio_bulletin_opts o = {.year = (mode & 4) ? 2023 : 0};
    regio_findings *f = NULL;
    if (regio_extract_bulletin(bulletin, t, &o, &f, &err) == REGIO_OK)
        for (size_t i = 0; i < f->n; i++)
            if (f->rows[i].end < f->rows[i].start || f->rows[i].end > t->orig_nchars) abort();
    regio_findings_free(f);
    regio_plan_findings *pf = NULL;
    if (regio_extract_plan(plan, t, (mode & 8) ? 2021 : 0, &pf, &err) == REGIO_OK)
        for (size_t i = 0; i < pf->n; i++)
            if (pf->rows[i].end < pf->rows[i].start || pf->rows[i].end > t->orig_nchars) abort();
    regio_plan_findings_free(pf);
    regio_text_free(t);
    return 0;
}
