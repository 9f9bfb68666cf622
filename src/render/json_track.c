/* json_track.c — the JSON form of target tracking (regio/track.h), one definition for `regio targets --format
 * json`, the server's /api/targets and the region pages' targets (include/regio/json_results.h), so the same
 * target always has the same keys wherever it is read. Names, labels, findings and units in the language asked. */
#include <math.h>
#include <string.h>

#include "regio/json_out.h"
#include "regio/json_results.h"

/* the name in lang, else in the other language, never NULL */
static const char *pick_name(regio_lang lang, const char *zh, const char *en) {
    const char *n = lang == REGIO_LANG_ZH ? zh : en;
    if (!n || !*n) n = lang == REGIO_LANG_ZH ? en : zh;
    return n ? n : "";
}

/* a finding, needs or note text in lang: NULL when there is none */
static const char *pick_text(regio_lang lang, const char *zh, const char *en) { return lang == REGIO_LANG_ZH ? zh : en; }

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *year_or_null(int y) { return y ? json_integer(y) : json_null(); }
/* ">=" / "<=" for a bound, null for a point value */
static json_t *bound_json(int bound) { return bound ? json_string(bound > 0 ? ">=" : "<=") : json_null(); }

static const char *scope_name(const regio_plan *p, long group, long region, regio_lang lang) {
    if (group >= 0) return pick_name(lang, p->groups[group].name_zh, p->groups[group].name_en);
    return regio_region_name(&p->regions[region], lang);
}

static json_t *series_json(const regio_track_point *s, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        const regio_track_point *q = &s[i];
        if (json_array_append_new(a, json_pack("{s:i, s:o, s:o, s:b, s:I, s:I, s:b}", "year", q->year, "value",
                                               regio_json_num(q->value), "bound", bound_json(q->bound), "complete",
                                               q->complete, "members_used", (json_int_t)q->members_used, "members_total",
                                               (json_int_t)q->members_total, "used", q->used))) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static json_t *coverage_json(int complete, size_t used, size_t total) {
    return json_pack("{s:b, s:I, s:I}", "complete", complete, "members_used", (json_int_t)used, "members_total",
                     (json_int_t)total);
}

/* sets every key; a value that could not be built (out of memory) makes the whole object NULL */
typedef struct { json_t *o; int failed; } jobj;
static void set(jobj *j, const char *key, json_t *v) {
    if (!v || !j->o || json_object_set_new(j->o, key, v)) j->failed = 1;
}
static json_t *done(jobj *j) {
    if (j->failed) { json_decref(j->o); return NULL; }
    return j->o;
}

/* A gap target's measure and the test of its fall (regio_track_result, kind "gap"). */
static json_t *gap_json(const regio_plan *p, const regio_track_result *r, regio_lang lang) {
    const regio_target *t = &p->targets[r->target];
    const regio_mann_kendall *mk = &r->mk;
    regio_gap_measure m = (regio_gap_measure)regio_gap_measure_parse(t->measure);
    jobj j = {json_object(), 0};
    set(&j, "measure", json_string(t->measure));
    set(&j, "measure_label", json_string(regio_gap_measure_label(m, lang)));
    set(&j, "partition", json_string(p->partitions[t->scope_partition].code));
    set(&j, "weight", t->weight >= 0 ? json_string(p->indicators[t->weight].code) : json_null());
    set(&j, "n", json_integer((json_int_t)mk->n));
    set(&j, "mann_kendall_s", regio_json_num(mk->n >= 2 ? mk->s : NAN));
    set(&j, "var_s", regio_json_num(mk->var_s));
    set(&j, "z", regio_json_num(mk->n >= 2 ? mk->z : NAN));
    set(&j, "p_decrease", regio_json_num(mk->p_decrease));
    set(&j, "p_increase", regio_json_num(mk->p_increase));
    set(&j, "p_two_sided", regio_json_num(mk->p_two));
    set(&j, "exact", json_boolean(mk->exact));
    set(&j, "sen_slope", regio_json_num(mk->sen_slope));
    set(&j, "ols_slope", regio_json_num(r->ols_slope));
    set(&j, "ols_ci95", json_pack("[o, o]", regio_json_num(r->ols_lo), regio_json_num(r->ols_hi)));
    set(&j, "change_pct", regio_json_num(r->change_pct));
    set(&j, "significant_fall", json_boolean(mk->n >= 3 && mk->p_decrease < 0.05));
    return done(&j);
}

json_t *regio_json_track_result(const regio_plan *p, const regio_track_result *r, regio_lang lang) {
    const regio_target *t = &p->targets[r->target];
    const regio_track_eval *e = &r->eval;
    char ru[64];
    regio_track_rate_unit(p, r, lang, ru, sizeof ru);
    regio_track_warning w = regio_track_warning_of(e->category);
    jobj j = {json_object(), 0};
    set(&j, "code", json_string(t->code));
    set(&j, "name", json_string(pick_name(lang, t->name_zh, t->name_en)));
    set(&j, "scope", json_string(t->scope));
    if (r->is_gap) { /* a gap target's scope is a partition */
        const regio_partition *P = &p->partitions[t->scope_partition];
        set(&j, "scope_name", json_string(pick_name(lang, P->name_zh, P->name_en)));
    } else set(&j, "scope_name", json_string(scope_name(p, t->scope_group, t->scope_region, lang)));
    set(&j, "indicator", json_string(p->indicators[t->indicator].code));
    set(&j, "unit", json_string(regio_track_unit(p, r, lang)));
    set(&j, "kind", json_string(t->kind));
    set(&j, "comparator", json_string(regio_comparator_name(t->comparator)));
    set(&j, "target", regio_json_num(t->value));
    set(&j, "tolerance", regio_json_num(t->tolerance));
    set(&j, "target_level", regio_json_num(e->target_level));
    set(&j, "target_year", json_integer(t->target_year));
    set(&j, "baseline_year", year_or_null(e->baseline_year));
    set(&j, "baseline_value", regio_json_num(e->baseline_value));
    set(&j, "baseline_source", e->baseline_year ? json_string(e->baseline_stated ? "plan" : "observed") : json_null());
    set(&j, "latest_year", year_or_null(e->latest_year));
    set(&j, "latest_value", regio_json_num(e->latest_value));
    set(&j, "latest_bound", bound_json(r->latest_bound));
    set(&j, "gap", regio_json_num(e->gap));
    set(&j, "method", json_string(regio_track_method_name(e->method)));
    set(&j, "rate_unit", json_string(ru));
    set(&j, "required_rate", regio_json_num(e->required_rate));
    set(&j, "actual_rate", regio_json_num(e->actual_rate));
    set(&j, "remaining_rate", regio_json_num(e->remaining_rate));
    set(&j, "cagr_ratio", regio_json_num(e->ratio));
    set(&j, "category", json_string(regio_track_category_name(e->category)));
    set(&j, "category_label", json_string(regio_track_category_label(e->category, lang)));
    set(&j, "warning", json_string(regio_track_warning_name(w)));
    set(&j, "warning_label", json_string(regio_track_warning_label(w, lang)));
    set(&j, "trend_slope", regio_json_num(e->slope));
    set(&j, "projected_value", regio_json_num(e->projected_value));
    set(&j, "projected_gap", regio_json_num(e->projected_gap));
    set(&j, "year_reached", year_or_null(e->year_reached));
    set(&j, "coverage", coverage_json(r->complete, r->members_used, r->members_total));
    set(&j, "finding", str_or_null(pick_text(lang, r->finding_zh, r->finding_en)));
    set(&j, "needs", str_or_null(pick_text(lang, r->needs_zh, r->needs_en)));
    set(&j, "note", str_or_null(pick_text(lang, r->note_zh, r->note_en)));
    set(&j, "source", json_string(t->source));
    set(&j, "series", series_json(r->series, r->nseries));
    if (r->is_gap) set(&j, "gap_test", gap_json(p, r, lang));
    return done(&j);
}

json_t *regio_json_track_trend(const regio_plan *p, const regio_track_trend *r, regio_lang lang) {
    const regio_monitor *m = &p->monitors[r->monitor];
    const regio_indicator *x = &p->indicators[m->indicator];
    const char *trend = !r->latest_year ? "none" : r->change_sign > 0 ? "rising" : r->change_sign < 0 ? "falling" : "unchanged";
    jobj j = {json_object(), 0};
    set(&j, "code", json_string(m->code));
    set(&j, "name", json_string(pick_name(lang, m->name_zh, m->name_en)));
    set(&j, "scope", json_string(m->scope));
    set(&j, "scope_name", json_string(scope_name(p, m->scope_group, m->scope_region, lang)));
    set(&j, "indicator", json_string(x->code));
    set(&j, "unit", json_string(x->unit));
    set(&j, "direction", json_string(regio_direction_name(x->direction)));
    set(&j, "goal", *m->goal ? json_string(m->goal) : json_null());
    set(&j, "until_year", json_integer(m->until_year));
    set(&j, "baseline_year", year_or_null(r->baseline_year));
    set(&j, "baseline_value", regio_json_num(r->baseline_value));
    set(&j, "latest_year", year_or_null(r->latest_year));
    set(&j, "latest_value", regio_json_num(r->latest_value));
    set(&j, "cagr", regio_json_num(r->cagr));
    set(&j, "change_per_year", regio_json_num(r->change_per_year));
    set(&j, "trend", json_string(trend));
    set(&j, "status", json_string(regio_track_trend_name(r->category)));
    set(&j, "status_label", json_string(regio_track_trend_label(r->category, lang)));
    set(&j, "coverage", coverage_json(r->complete, r->members_used, r->members_total));
    set(&j, "finding", str_or_null(pick_text(lang, r->finding_zh, r->finding_en)));
    set(&j, "needs", str_or_null(pick_text(lang, r->needs_zh, r->needs_en)));
    set(&j, "source", json_string(m->source));
    set(&j, "series", series_json(r->series, r->nseries));
    return done(&j);
}

json_t *regio_json_track_list(const regio_plan *p, const regio_track_list *l, const char *scope, regio_lang lang) {
    json_t *targets = json_array(), *mon = json_array();
    int failed = !targets || !mon;
    for (size_t i = 0; !failed && i < l->n; i++)
        if (!scope || strcmp(scope, p->targets[l->items[i].target].scope) == 0)
            failed = json_array_append_new(targets, regio_json_track_result(p, &l->items[i], lang)) != 0;
    for (size_t i = 0; !failed && i < l->ntrends; i++)
        if (!scope || strcmp(scope, p->monitors[l->trends[i].monitor].scope) == 0)
            failed = json_array_append_new(mon, regio_json_track_trend(p, &l->trends[i], lang)) != 0;
    if (failed) {
        json_decref(targets);
        json_decref(mon);
        return NULL;
    }
    return json_pack("{s:o, s:o, s:o}", "as_of", year_or_null(l->as_of), "targets", targets, "monitored", mon);
}
