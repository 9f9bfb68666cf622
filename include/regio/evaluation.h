/* evaluation.h — the plan's classified yearly evaluation (分类考核, plan line 339–340): main-function-zone types
 * of the counties, evaluation schemes per zone type, and the run of a year's evaluation from the store.
 *
 * Why a module of its own: the composite engine (composite.h) knows nothing of plans, zones or stores; this
 * module turns the plan + store + scheme files into its arrays, runs it per zone type, and adds what the plan's
 * evaluation needs around it — zone types that are either OFFICIAL (a list the user loaded, kept in the store)
 * or PROVISIONAL (derived here by a documented rule; every output must say so), rank changes, flags, and the
 * uncertainty analysis (uncertainty.h). docs/evaluation.md describes the files and the rule.
 */
#ifndef REGIO_EVALUATION_H
#define REGIO_EVALUATION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "regio/composite.h"
#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- zone types (主体功能区类型) ---- */

typedef enum regio_zone { REGIO_ZONE_URBAN = 0, REGIO_ZONE_AGRI = 1, REGIO_ZONE_ECO = 2, REGIO_NZONES = 3 } regio_zone;

REGIO_API const char *regio_zone_code(int zone);                  /* "urban", "agricultural", "ecological" */
REGIO_API const char *regio_zone_name(int zone, regio_lang lang); /* 城市化地区 / urbanised area, … */
/* Accepts the code or the Chinese name (城市化地区, 农产品主产区, 重点生态功能区). REGIO_EINVAL otherwise. */
REGIO_API int regio_zone_parse(const char *s, int *zone);

typedef struct regio_zones {
    size_t nregions;   /* = plan->nregions */
    int *zone;         /* [nregions]: a regio_zone for every county, -1 for other regions */
    char **rule;       /* [nregions]: provisional: the rule that assigned it; official: NULL */
    char **evidence;   /* [nregions]: provisional: the values the rule used; official: "file:line" */
    int official;      /* 1: loaded from the user's official list; 0: provisional */
    char *source;      /* official: the file and its SHA-256; provisional: the rule and its year */
} regio_zones;
REGIO_API void regio_zones_free(regio_zones *z);

/* The provisional rule (docs/evaluation.md), applied in this order to each county:
 *  1. 城市化地区: kind 区 or 市 (district or county-level city), urban_rate >= urban_rate_min and
 *     population density (census pop / regions.csv area_km2) >= density_urban_min;
 *  2. 重点生态功能区: density < density_eco_max (the only terrain/land proxy regio holds data for);
 *  3. 农产品主产区: every other county.
 * A county lacking a value the rule needs is an error naming it (all 129 Yunnan counties have them). */
typedef struct regio_zone_rule {
    int year;                 /* data year, 2020 (census) */
    double urban_rate_min;    /* %, default: the province's own urban_rate of that year (50.05 for 2020) */
    double density_urban_min; /* persons/km², default 100 */
    double density_eco_max;   /* persons/km², default 60 */
} regio_zone_rule;

/* Defaults above; urban_rate_min is NaN = "the province's value in m". */
REGIO_API void regio_zone_rule_default(regio_zone_rule *r);

/* m: the year matrix of r->year (regio_store_year_matrix). */
REGIO_API int regio_zones_derive(const regio_plan *plan, const double *m, const regio_zone_rule *r, regio_zones **out,
                                 regio_error *err);

/* Writes code,zone,rule,evidence (the format of data/yunnan/zones_provisional.csv). */
REGIO_API int regio_zones_write_csv(const regio_plan *plan, const regio_zones *z, FILE *f, regio_error *err);

/* Reads an official list: a CSV/XLSX with columns code and zone (zone as regio_zone_parse accepts; other
 * columns ignored). Every error names file, line and column: unknown code, a code that is not a county, an
 * unknown zone type, a duplicate (with the first line), and a county of the plan missing from the list. */
REGIO_API int regio_zones_read(const char *path, const regio_plan *plan, regio_zones **out, regio_error *err);

/* Stores an official list (replacing any earlier one) in one transaction; regio_zones_load then returns it.
 * With z == NULL the stored list is removed (back to provisional). */
REGIO_API int regio_zones_save(regio_store *st, const regio_plan *plan, const regio_zones *z, regio_error *err);

/* The official list if one is stored, otherwise the provisional assignment derived from the store's data
 * with the default rule. */
REGIO_API int regio_zones_load(regio_store *st, const regio_plan *plan, regio_zones **out, regio_error *err);

/* ---- schemes ---- */

typedef struct regio_scheme_dim {
    char *code, *name_zh, *name_en, *note;
    double weight;       /* within the zone's index (re-normalised over measured dimensions) */
    int measured;        /* 0: the plan asks for it but no data exist; declared so outputs can say so */
} regio_scheme_dim;

typedef struct regio_scheme_ind {
    size_t indicator;    /* plan index */
    size_t dim;          /* index into the zone's dims */
    int direction;       /* +1 higher is better, −1 lower is better */
    double weight;       /* within its dimension */
    long line;           /* line in indicators.csv */
} regio_scheme_ind;

/* A dimension the plan mandates for a zone type (dir/mandate.csv): plan lines 339–340 ask for 经济发展,
 * 资源能耗消耗 and 生态效益 for every type, lines 279/284/288 each type's priority. It is measured when the
 * scheme has a measured dimension with the same code. */
/* An indicator that would measure a mandated dimension (dir/mandate_indicators.csv): declared with its unit,
 * direction and the publication (yearbook table, bulletin) that gives it, so `regio needs` can list it. */
typedef struct regio_mandate_ind {
    char *code, *name_zh, *name_en, *unit, *direction, *published_in, *note;
} regio_mandate_ind;

typedef struct regio_mandate_dim {
    regio_mandate_ind *cand; size_t ncand; /* the indicators that would measure it (may be none) */
    char *code, *name_zh, *name_en;
    char *basis;         /* the plan's sentence */
    long plan_line;      /* its line in docs/plan/plan-normalized.txt */
    long dim;            /* index into the zone's dims with the same code, -1 when the scheme has none */
    int measured;        /* dim >= 0 and that dimension has indicators */
} regio_mandate_dim;

typedef struct regio_scheme_zone {
    regio_norm_kind norm;
    regio_comp_agg agg;
    char *basis;         /* the plan's wording and line, from schemes.csv */
    regio_scheme_dim *dims; size_t ndims;
    regio_scheme_ind *inds; size_t ninds;
    regio_mandate_dim *mandate; size_t nmandate;
    size_t nmandate_missing; /* mandated dimensions not measured: > 0 makes every ranking of the type partial */
} regio_scheme_zone;

typedef struct regio_scheme {
    char *name, *dir;
    int has_mandate;     /* dir/mandate.csv was present; without it outputs say the mandate is not declared */
    regio_scheme_zone zone[REGIO_NZONES];
} regio_scheme;

/* Loads scheme name from dir/schemes.csv and dir/indicators.csv (docs/evaluation.md), and the plan's mandated
 * dimensions from dir/mandate.csv when it exists, with the indicators that would measure them from
 * dir/mandate_indicators.csv (zone,dimension,indicator,name_zh,name_en,unit,direction,published_in,note) when that
 * exists (a row whose zone and dimension are not in mandate.csv is an error). Errors name file, line and column: unknown scheme, zone,
 * indicator, direction, normalisation or aggregation; weights not positive numbers; a dimension with two
 * weights; a zone type without any measured indicator; a mandated dimension given twice or without its line. */
REGIO_API int regio_scheme_load(const char *dir, const char *name, const regio_plan *plan, regio_scheme **out,
                                regio_error *err);
REGIO_API void regio_scheme_free(regio_scheme *s);

/* The mandated dimensions a zone type's scheme does not measure, as a list in lang ("资源能耗消耗、生态效益" /
 * "resource and energy consumption, ecological benefits") into buf; returns how many. */
REGIO_API size_t regio_scheme_missing_text(const regio_scheme_zone *sz, regio_lang lang, char *buf, size_t cap);
/* The title of a ranking that misses mandated dimensions: "部分排名：缺少生态效益维度" / "partial ranking:
 * ecological benefits dimension not measured"; "" (and 0) when the ranking covers the whole mandate. */
REGIO_API size_t regio_scheme_partial_title(const regio_scheme_zone *sz, regio_lang lang, char *buf, size_t cap);

/* ---- running the evaluation ---- */

/* FEWER_DIMS: the county is scored on fewer of its zone type's measured dimensions than the others (its data
 * lack every indicator of a dimension), e.g. 隆阳区 in 2020 on 1 of 3 */
enum { REGIO_EVAL_SKIPPED = 1, REGIO_EVAL_PROVISIONAL = 2, REGIO_EVAL_NOSCORE = 4, REGIO_EVAL_FEWER_DIMS = 8 };

typedef struct regio_eval_opts {
    int year;
    size_t draws;        /* Monte Carlo replications; 0 = no uncertainty analysis */
    size_t sobol_n;      /* Sobol base sample N (0 = draws; the model then runs 5·N times) */
    uint64_t seed;
    int threads;         /* 0 = all cores */
    double perturb;      /* weights perturbed by ±perturb (fraction, default 0.25) in the Monte Carlo */
    FILE *progress;
} regio_eval_opts;

typedef struct regio_eval_unit {
    size_t region;
    int zone;
    double *dim;          /* [ndims of its zone]: dimension scores (NaN when not measured) */
    double score;         /* composite, NaN when the county has no data */
    int rank;             /* within its zone type, 1 = best; 0 when no score */
    int has_prev;         /* an evaluation of year − 1 exists for it */
    double prev_score;
    int prev_rank;
    unsigned flags;       /* REGIO_EVAL_* */
    size_t nmissing;      /* indicator cells skipped (weights re-normalised) */
    size_t ndims_scored;  /* dimensions of its zone with a score for it */
    size_t ndims_measured;/* dimensions of its zone the scheme measures */
    double mc_median, mc_p05, mc_p95; /* NaN without --uncertainty */
} regio_eval_unit;

/* The choices the Monte Carlo varies, also the Sobol factors: normalisation (min-max 0–100, z-score, rank),
 * aggregation (arithmetic, geometric with zero shift 1 on a 0–100 scale), weights (every node ±perturb). */
enum { REGIO_EVAL_F_NORM = 0, REGIO_EVAL_F_AGG = 1, REGIO_EVAL_F_WEIGHTS = 2, REGIO_EVAL_NFACTORS = 3 };

typedef struct regio_evaluation {
    int year, prev_year;          /* prev_year 0 when no earlier year has data */
    regio_eval_unit *units; size_t nunits;
    const regio_scheme *scheme;   /* borrowed */
    int zones_official;
    char *zones_source;
    regio_eval_opts opts;
    int uncertainty;              /* Monte Carlo and Sobol were run */
    double sobol_s1[REGIO_EVAL_NFACTORS], sobol_st[REGIO_EVAL_NFACTORS];
    double sobol_var;             /* variance of the output: mean absolute rank shift from the nominal ranks */
    size_t sobol_evals;
} regio_evaluation;

REGIO_API int regio_evaluate_plan(regio_store *st, const regio_plan *plan, const regio_scheme *scheme,
                                  const regio_zones *zones, const regio_eval_opts *o, regio_evaluation **out,
                                  regio_error *err);
REGIO_API void regio_evaluation_free(regio_evaluation *e);

/* How many of the dimensions the plan mandates for u's zone type (mandate.csv) u has a score on. */
REGIO_API size_t regio_eval_mandate_scored(const regio_scheme *s, const regio_eval_unit *u);

#ifdef __cplusplus
}
#endif
#endif
