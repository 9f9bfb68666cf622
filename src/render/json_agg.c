/* json_agg.c — the JSON form of an aggregated value with its coverage (regio/aggregate.h), one definition for
 * `regio value --format json` and the server's /api/value (include/regio/json_results.h). */
#include "regio/json_out.h"
#include "regio/json_results.h"

static json_t *member_json(const regio_plan *p, const regio_member_value *m, regio_lang lang) {
    const regio_region *r = &p->regions[m->region];
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:b, s:b}", "code", r->code, "name", regio_region_name(r, lang),
                     "level", regio_level_name(r->level), "value", regio_json_num(m->value), "origin",
                     regio_origin_name(m->origin), "complete", m->complete, "used", m->used);
}

json_t *regio_json_agg(const regio_plan *p, const regio_agg *a, regio_lang lang) {
    json_t *members = json_array(), *missing = json_array();
    int failed = !members || !missing;
    for (size_t i = 0; !failed && i < a->nmembers; i++) {
        failed = json_array_append_new(members, member_json(p, &a->members[i], lang)) != 0;
        if (!failed && !a->members[i].used)
            failed = json_array_append_new(missing, json_string(p->regions[a->members[i].region].code)) != 0;
    }
    if (failed) {
        json_decref(members);
        json_decref(missing);
        return NULL;
    }
    return json_pack("{s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:o}, s:o}", "value", regio_json_num(a->value),
                     "origin", regio_origin_name(a->origin), "complete", a->complete, "published",
                     regio_json_num(a->published), "computed", regio_json_num(a->computed), "difference",
                     regio_json_num(a->diff), "relative_difference", regio_json_num(a->rel_diff), "coverage",
                     "members", (json_int_t)a->nmembers, "used", (json_int_t)a->nused, "missing", missing, "members",
                     members);
}
