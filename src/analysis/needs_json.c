/* needs_json.c — the data still to find as JSON (include/regio/needs_json.h): the one encoder behind
 * `regio needs --format json` and the API's /needs, so the dashboard lists exactly what the CLI lists. */
#include "regio/needs_json.h"

/* s in lang, the other language when it is empty */
static const char *pick(regio_lang lang, const char *zh, const char *en) {
    const char *s = lang == REGIO_LANG_ZH ? zh : en;
    return s && *s ? s : (lang == REGIO_LANG_ZH ? en : zh);
}

json_t *regio_needs_json(const regio_plan *p, const regio_needs *n, regio_lang lang) {
    json_t *items = json_array();
    for (size_t i = 0; items && i < n->n; i++) {
        const regio_need *nd = &n->items[i];
        json_t *cells = json_array();
        for (size_t k = 0; cells && k < nd->ncells; k++) {
            const regio_need_cell *x = &nd->cells[k];
            const regio_region *r = &p->regions[x->region];
            const regio_indicator *ind = &p->indicators[x->indicator];
            const char *w = x->where ? pick(lang, x->where->where_zh, x->where->where_en) : NULL;
            json_array_append_new(cells, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o}", "region", r->code,
                                                   "region_name", regio_region_name(r, lang), "indicator", ind->code,
                                                   "indicator_name", pick(lang, ind->name_zh, ind->name_en), "unit", ind->unit,
                                                   "year", x->year, "where_found", w ? json_string(w) : json_null()));
        }
        const char *code = nd->monitored ? p->monitors[nd->index].code : p->targets[nd->index].code;
        const char *name = nd->monitored ? pick(lang, p->monitors[nd->index].name_zh, p->monitors[nd->index].name_en)
                                         : pick(lang, p->targets[nd->index].name_zh, p->targets[nd->index].name_en);
        const char *note = lang == REGIO_LANG_ZH ? nd->note_zh : nd->note_en;
        const char *why = lang == REGIO_LANG_ZH ? nd->why_zh : nd->why_en;
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s?, s:o, s:o}", "code", code, "name", name,
                                               "type", nd->monitored ? "monitored" : "target", "needs", why,
                                               "note", note ? json_string(note) : json_null(), "cells", cells));
    }
    return json_pack("{s:i, s:o, s:I, s:I, s:o}", "year", n->year, "as_of", n->as_of ? json_integer(n->as_of) : json_null(),
                     "targets", (json_int_t)n->ntargets, "monitored", (json_int_t)n->nmonitors, "items", items);
}
