/* track.h — target tracking and early warning: where is each target of the plan, and will it be reached?
 *
 * Two documented methods (docs/methods/tracking.md), both on plain numbers:
 *   1. the CAGR-ratio method of Eurostat's SDG progress assessment (also Statistics Canada's Open SDG): the
 *      actual annual rate since the baseline divided by the rate required to reach the target in time;
 *      ratio >= 0.95 on track, 0.60 <= ratio < 0.95 moderate progress, 0 <= ratio < 0.60 insufficient,
 *      ratio < 0 moving away. The rate is compound (% a year) for positive levels, points a year for
 *      shares and rates in %, for counts and whenever a compound rate is undefined (a baseline of zero);
 *      for growth targets it is the realised average growth against the required average growth.
 *   2. a linear least-squares projection of the values observed since the baseline to the target year:
 *      projected value, projected gap, and the first year the trend line reaches the target.
 * A target already satisfied by its latest value is "met"; a target without an observation after its
 * baseline is "no data" (grey) and its result says which data would answer it. No target is ever dropped.
 *
 * Layers: regio_track_assess and the helpers below are pure functions of numbers; regio_track_build turns a
 * plan and year matrices (regio_store_year_matrix) into one result per target through the aggregation
 * engine, with coverage; regio_track_targets (the glue the CLI, the report and the server call, in the
 * analysis layer: regio/track_store.h) reads the matrices from a store and calls regio_track_build. This
 * header never sees a store.
 */
#ifndef REGIO_TRACK_H
#define REGIO_TRACK_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/qualifier.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_track_category {
    REGIO_TRACK_NO_DATA = 0,     /* no observation after the baseline (or no baseline at all) */
    REGIO_TRACK_MET,             /* the latest value already satisfies the target */
    REGIO_TRACK_ON_TRACK,        /* ratio >= 0.95 */
    REGIO_TRACK_MODERATE,        /* 0.60 <= ratio < 0.95: progress, acceleration needed */
    REGIO_TRACK_INSUFFICIENT,    /* 0 <= ratio < 0.60 */
    REGIO_TRACK_MOVING_AWAY      /* ratio < 0 */
} regio_track_category;

typedef enum regio_track_warning {
    REGIO_WARN_GREY = 0, REGIO_WARN_GREEN, REGIO_WARN_YELLOW, REGIO_WARN_RED
} regio_track_warning;

typedef enum regio_track_method {
    REGIO_TRACK_COMPOUND = 0,    /* rates are compound annual growth rates, % a year */
    REGIO_TRACK_POINTS,          /* rates are absolute changes, units (percentage points) a year */
    REGIO_TRACK_GROWTH           /* values are annual growth rates (%); rates are average growth, % a year */
} regio_track_method;

/* "no_data", "met", "on_track", "moderate", "insufficient", "moving_away" */
REGIO_API const char *regio_track_category_name(regio_track_category c);
/* The category in words, in lang ("on track" / "进展顺利", …). */
REGIO_API const char *regio_track_category_label(regio_track_category c, regio_lang lang);
/* met, on track → green; moderate → yellow; insufficient, moving away → red; no data → grey. */
REGIO_API regio_track_warning regio_track_warning_of(regio_track_category c);
/* "grey", "green", "yellow", "red" */
REGIO_API const char *regio_track_warning_name(regio_track_warning w);
REGIO_API const char *regio_track_warning_label(regio_track_warning w, regio_lang lang);
/* "compound", "points", "growth" */
REGIO_API const char *regio_track_method_name(regio_track_method m);

/* Compound annual growth rate from v0 to v1 over years years, in % a year; NaN unless v0 > 0, v1 > 0 and
 * years > 0. */
REGIO_API double regio_track_cagr(double v0, double v1, double years);

/* The category of a CAGR ratio (actual / required): >= 0.95, >= 0.60, >= 0, < 0. NaN → no data. */
REGIO_API regio_track_category regio_track_classify_ratio(double ratio);

/* For an indicator without a numeric target: its CAGR (% a year) times the desired direction (+1 higher is
 * better, -1 lower) against the fixed thresholds of Statistics Canada / Open SDG: >= 1.5 on track,
 * >= 0.5 moderate, >= 0 insufficient, < 0 moving away. NaN → no data. */
REGIO_API regio_track_category regio_track_classify_trend(double cagr_pct, int direction);

/* Ordinary least squares v = intercept + slope × year over the n points (NaN values skipped). Returns 0,
 * or -1 when fewer than two distinct years remain. */
REGIO_API int regio_track_fit(const int *years, const double *values, size_t n, double *slope, double *intercept);

/* The Mann–Kendall trend test with Sen's slope (src/engine/track/track_trend_test.c: exact null distribution
 * without ties for n <= 60, else the continuity-corrected normal approximation with the tie correction). */
typedef struct regio_mann_kendall {
    size_t n;
    double s;                    /* S = Σ_{i<j} sign(x_j − x_i) */
    double var_s;                /* var(S) under H0, tie-corrected */
    double z;                    /* (S − sign S) / √var(S) */
    double p_decrease;           /* one-sided p of H1 "decreasing": P(S <= s) under H0 */
    double p_increase;           /* one-sided p of H1 "increasing": P(S >= s) */
    double p_two;                /* two-sided */
    int exact;                   /* 1 when the p values are exact */
    size_t ties;                 /* groups of tied values */
    double sen_slope;            /* median pairwise slope, per year */
} regio_mann_kendall;

/* Tests the n values x (years ascending strictly, no NaN). n < 2: S = 0 and the p values NaN. */
REGIO_API int regio_track_mann_kendall(const int *years, const double *x, size_t n, regio_mann_kendall *out, regio_error *err);

/* Least-squares slope of v on years (NaN values skipped) with its two-sided Student-t interval at level (0.95):
 * returns -1 with fewer than two distinct years; with two points the interval stays NaN. */
REGIO_API int regio_track_fit_ci(const int *years, const double *v, size_t n, double level, double *slope, double *lo, double *hi);

/* What a target asks, as numbers. */
typedef struct regio_track_spec {
    regio_comparator comparator; /* >=, <= or ~ (within tolerance) */
    double target;               /* the target level; REGIO_TRACK_GROWTH: the average growth in % a year;
                                    with target_is_multiple: a multiple of the baseline level */
    double tolerance;            /* for ~; NaN = 0 */
    int target_is_multiple;      /* target level = baseline value × target (翻一番 = 2) */
    int target_year;
    int baseline_year;           /* growth counts the years after it */
    double baseline_value;       /* the plan's stated baseline; NaN = first observation at/after baseline_year */
    regio_track_method method;   /* COMPOUND falls back to POINTS when a compound rate is undefined */
} regio_track_spec;

/* The assessment of one target. Rates are in % a year (COMPOUND, GROWTH) or units a year (POINTS). */
typedef struct regio_track_eval {
    regio_track_method method;   /* the method actually used */
    int baseline_year;           /* 0 when no baseline could be set */
    double baseline_value;
    int baseline_stated;         /* 1: the plan's figure; 0: observed */
    int latest_year;             /* 0 when nothing is observed at or after the baseline year */
    double latest_value;         /* GROWTH: the latest year's growth */
    size_t npoints;              /* observations at or after the baseline year */
    double target_level;         /* the level (or average growth) aimed at */
    int direction;               /* +1 the value must rise, -1 fall (for ~: towards the target from the baseline) */
    double gap;                  /* target_level - latest value (GROWTH: - realised average); NaN without data */
    double required_rate;        /* from the baseline to the target in the target year */
    double actual_rate;          /* from the baseline to the latest observation (GROWTH: realised average) */
    double remaining_rate;       /* GROWTH: the average still required in the years left; else the rate
                                    required from the latest value to the target in the years left */
    double ratio;                /* actual_rate / required_rate (NaN when undefined) */
    regio_track_category category;
    double slope;                /* least-squares trend per year over the observations since the baseline */
    double projected_value;      /* at the target year (GROWTH: projected average growth over the period) */
    double projected_gap;        /* target_level - projected_value */
    int year_reached;            /* first year the trend line reaches the target (the latest year when met);
                                    0 when the trend never does, or for GROWTH targets */
} regio_track_eval;

/* Assesses n yearly values (years ascending; NaN = missing) against spec. Values after the target year
 * are used like any other. Returns REGIO_OK or REGIO_EINVAL for a malformed spec. */
REGIO_API int regio_track_assess(const regio_track_spec *spec, const int *years, const double *values, size_t n,
                                 regio_track_eval *out, regio_error *err);

/* ---- targets of a plan ---- */

/* The level indicator a growth-rate indicator grows ("gdp" for "gdp_growth_real": a group's growth is weighted
 * by its members' previous-year level of it), or -1. */
REGIO_API long regio_track_growth_level(const regio_plan *plan, size_t ind);
/* A relation target's two indicators ("relation: A ≈ B" in its note: tracked as A − B); 1 when found, else 0. */
REGIO_API int regio_track_relation_parts(const regio_plan *plan, const regio_target *t, long *a, long *b);

/* One year of a target's series: the value the target is measured by, with its coverage. */
typedef struct regio_track_point {
    int year;
    double value;                /* NaN when nothing could be computed */
    int complete;                /* every member (and the province, for a share) contributed */
    size_t members_used, members_total;
    int used;                    /* counted in the assessment (complete values only) */
    int bound;                   /* REGIO_BOUND_LOWER / _UPPER: value is a bound (≥ / ≤), not a point */
} regio_track_point;

typedef struct regio_track_result {
    size_t target;               /* index into plan->targets */
    regio_track_spec spec;
    regio_track_eval eval;
    int complete;                /* coverage of the latest value used (or of the latest value seen) */
    size_t members_used, members_total;
    regio_track_point *series;   /* every year with data up to the as-of year, ascending */
    size_t nseries;
    char *finding_zh, *finding_en; /* one line: value, target, rates, category → warning */
    char *needs_zh, *needs_en;     /* the data that would answer the target; NULL when it is assessed */
    char *note_zh, *note_en;       /* how the value was computed, caveats; NULL when nothing to say */
    int latest_bound;              /* the latest value is a bound (REGIO_BOUND_*): shown as "≥95" */
    size_t bounds_unused;          /* bounded observations listed in the series but not used */
    int across_break;              /* regio_track_apply_breaks: 0 no break in the span; -1 the span crosses one and
                                      the target is not assessed; 1 assessed across one (asked for) */
    long break_index;              /* index into plan->breaks of that break (when across_break != 0) */
    /* kind "gap" (is_gap = 1; src/engine/track/track_gap.c): the series is the disparity of the partition's parts
     * (members_used / members_total count parts), assessed on whether it falls: below target × baseline and a
     * Mann–Kendall test of the values since the baseline that rejects "no trend" for "decreasing" at 5% (green);
     * below but not significant (yellow); not below (red, "moving away" when it rises significantly). */
    int is_gap;
    regio_mann_kendall mk;         /* over the used values from the baseline on */
    double ols_slope, ols_lo, ols_hi; /* least-squares slope a year and its 95% interval (NaN with < 3 values) */
    double change_pct;             /* 100 × (latest / baseline − 1) */
} regio_track_result;

/* An indicator monitored without a quantified target (plan->monitors): its status is the direction and pace
 * of change since the baseline — the CAGR from the baseline to the latest usable value, times the indicator's
 * desired direction, classified by regio_track_classify_trend (docs/methods/tracking.md). It never carries a
 * met / missed warning: the plan states no threshold to meet. */
typedef struct regio_track_trend {
    size_t monitor;              /* index into plan->monitors */
    int baseline_year;           /* the first usable value at or after the monitor's baseline year; 0 = none */
    double baseline_value;
    int latest_year;             /* the last usable value up to the as-of year; 0 = none after the baseline */
    double latest_value;
    size_t npoints;              /* usable values from the baseline year on */
    double cagr;                 /* % a year from the baseline to the latest value; NaN unless both are positive */
    double change_per_year;      /* (latest - baseline) / years, in the indicator's unit a year */
    int change_sign;             /* +1 rising, -1 falling, 0 unchanged or not measured */
    regio_track_category category; /* regio_track_classify_trend(cagr, direction); NO_DATA without a latest value */
    int complete;                /* coverage of the latest value used (or of the latest value seen) */
    size_t members_used, members_total;
    regio_track_point *series;   /* every year with data up to the as-of year, ascending */
    size_t nseries;
    char *finding_zh, *finding_en; /* one line: baseline, latest, pace, direction → status */
    char *needs_zh, *needs_en;     /* the data that would answer it; NULL when it is assessed */
} regio_track_trend;

/* "no_data", "significant_progress", "moderate_progress", "insufficient_progress", "moving_away": the status
 * of a monitored indicator (the category regio_track_classify_trend returns, in the words of a trend). */
REGIO_API const char *regio_track_trend_name(regio_track_category c);
/* The same in lang ("显著改善" / "significant progress", …). */
REGIO_API const char *regio_track_trend_label(regio_track_category c, regio_lang lang);

typedef struct regio_track_list {
    regio_track_result *items;   /* one per target of the plan, in plan order */
    size_t n;
    regio_track_trend *trends;   /* one per monitored indicator of the plan (plan->monitors), in plan order */
    size_t ntrends;
    int as_of;                   /* data up to this year (0 = all) */
} regio_track_list;

REGIO_API void regio_track_list_free(regio_track_list *l);

/* The unit a result's rates are in: "%/yr" or "points/yr" (shares, rates in %) or "<unit>/yr". Written into
 * buf in lang. */
REGIO_API void regio_track_rate_unit(const regio_plan *plan, const regio_track_result *r, regio_lang lang, char *buf,
                                     size_t cap);

/* The unit a target is stated in, in lang — the one every writer prints (CLI, report, server): "%" for shares,
 * "%/年" / "% a year" for growth targets, "倍（基期水平）" / "× baseline" for multiples of the baseline (翻一番),
 * else the indicator's unit (regio_unit_label: 亿元 / "100 million yuan"). */
REGIO_API const char *regio_track_unit(const regio_plan *plan, const regio_track_result *r, regio_lang lang);
/* The target as text in lang: "≥68%", "≈2.7±0.05 倍", "≥9% a year", "2× the 2020 level". */
REGIO_API void regio_track_target_text(const regio_plan *plan, const regio_track_result *r, regio_lang lang, char *buf,
                                       size_t cap);

/* A level of the target as the findings print it ("61.47%", "7541.37 亿元" / "7541.37 100 million yuan"; growth
 * targets: "9.00%"), and a rate as the findings print it ("+5.83%", "+1.30 个百分点"). */
REGIO_API void regio_track_value_text(const regio_plan *plan, const regio_track_result *r, double v, regio_lang lang,
                                      char *buf, size_t cap);
REGIO_API void regio_track_rate_text(const regio_plan *plan, const regio_track_result *r, double rate, regio_lang lang,
                                     char *buf, size_t cap);

/* Tracks every target of plan, and every indicator it monitors without a target, from year matrices m[k] of
 * years[k] (ascending, m[k] as filled by regio_store_year_matrix); only years <= as_of count (as_of <= 0:
 * all). Pure: no database. */
REGIO_API int regio_track_build(const regio_plan *plan, const int *years, const double *const *matrices, size_t nyears,
                                int as_of, regio_track_list **out, regio_error *err);

/* Bounded observations of one year (regio_year_cells): value[cell] and dir[cell] (REGIO_BOUND_*); a NULL
 * value means none. The rule (docs/methods/qualifiers.md): a bound is used only where it decides the
 * comparison — a lower bound that satisfies a ">=" target (≥95 meets ≥95), an upper bound that satisfies a
 * "<=" target — and only for a target measured by the scope region's own figure, when no later point value
 * exists; the target is then met in that year. Any other bound is listed in the series but not used. */
typedef struct regio_track_bounds { const double *value; const signed char *dir; } regio_track_bounds;

/* Series breaks (src/engine/track/track_breaks.c): an assessed target whose span from its baseline to its latest
 * figure crosses a break of the plan (regio_plan_break_between, for its region, or any region for a group) is
 * set to no data with a finding that names the break, unless across; with across it stays assessed and its
 * finding says which break it crosses. regio_track_targets applies it with across = 0. */
REGIO_API int regio_track_apply_breaks(const regio_plan *plan, regio_track_list *l, int across, regio_error *err);

/* regio_track_build with the bounded observations of each year (bounds may be NULL). */
REGIO_API int regio_track_build_bounds(const regio_plan *plan, const int *years, const double *const *matrices,
                                       const regio_track_bounds *bounds, size_t nyears, int as_of,
                                       regio_track_list **out, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
