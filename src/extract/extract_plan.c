/* extract_plan.c — the quantified targets and baselines of a plan text (not yet written: the command says so). */
#include <stdlib.h>

#include "extract/extract_internal.h"

void regio_plan_findings_free(regio_plan_findings *f) { free(f); }

int regio_extract_plan(const regio_patterns *p, const regio_text *t, int plan_start, regio_plan_findings **out,
                       regio_error *err) {
    (void)p; (void)t; (void)plan_start;
    *out = NULL;
    return regio_error_set(err, REGIO_EINVAL, "regio extract plan 尚未实现", "regio extract plan is not implemented yet");
}
