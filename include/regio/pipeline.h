/* pipeline.h — COINr's construction stages before normalisation, on plain arrays: denomination, imputation,
 * unit screening and outlier treatment, and the whole pipeline (these stages, then composite.h's normalisation,
 * weighting and aggregation) as one call the uncertainty engine can repeat.
 *
 * Why: a composite index is only as good as the data that enters it. COINr (the JRC's reference implementation,
 * Becker et al. 2022, JOSS 7(78):4567) builds an index as Denominate → Impute → Screen → Treat → Normalise →
 * Aggregate; regio offers the same stages with COINr's names and defaults so its users recognise them, and
 * flags every cell a stage changed. Formulas and references: docs/methods/composite.md §8–§11.
 *
 * Data layout as composite.h: n units × m indicators, x[i*m + j], NaN = missing. Nothing here keeps state;
 * every function may run in several threads at once on different buffers.
 */
#ifndef REGIO_PIPELINE_H
#define REGIO_PIPELINE_H

#include <stddef.h>

#include "regio/composite.h"
#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- denomination (COINr Denominate) ----------------------------------------------------------------- */

/* x[i*m + j] ← x[i*m + j] / (den[i*nden + den_of[j]] / scale[j]) for every j with den_of[j] >= 0 (COINr divides by
 * the denominator divided by its ScaleFactor). scale NULL = 1. A missing or zero denominator leaves a missing cell
 * (NaN) — COINr would give Inf or NaN — and is counted in *nbad (may be NULL). In place. */
REGIO_API int regio_denominate(double *x, size_t n, size_t m, const double *den, size_t nden, const int *den_of,
                               const double *scale, size_t *nbad, regio_error *err);

/* ---- outlier treatment (COINr Treat) --------------------------------------------------------------------- */

/* Sample skewness and excess kurtosis as COINr's skew()/kurt() (e1071 type 2, NaN skipped): with d = x − mean,
 * g1 = √n Σd³ / (Σd²)^{3/2}, skew = g1 √(n(n−1))/(n−2); r = n Σd⁴/(Σd²)², kurt = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)).
 * NaN when fewer than 3 (skew) or 4 (kurt) values, or all equal. stride: distance between consecutive values. */
REGIO_API double regio_skew(const double *x, size_t n, size_t stride);
REGIO_API double regio_kurt(const double *x, size_t n, size_t stride);

typedef enum regio_treat_f2 {
    REGIO_F2_LOG_CT = 0,  /* log(x − min + 0.01(max − min)) (COINr log_CT, the default) */
    REGIO_F2_LOG_CT_PLUS, /* log_CT when skew > 0, else −log(max + 0.01(max − min) − x) (COINr log_CT_plus) */
    REGIO_F2_LOG_CT_ORIG, /* log(x − min + 1) (COINr log_CT_orig) */
    REGIO_F2_BOXCOX,      /* Box–Cox of x − min + 1 with lambda (COINr boxcox, makepos = TRUE) */
    REGIO_F2_NONE         /* winsorise only */
} regio_treat_f2;

typedef struct regio_treat_opts {
    int enabled;              /* 0 = no treatment (COINr disable = TRUE) */
    int winmax;               /* COINr winmax, default 5; < 0 = no limit */
    double skew_thresh;       /* default 2 */
    double kurt_thresh;       /* default 3.5 */
    int force_win;            /* winsorise winmax points whatever the skew and kurtosis */
    regio_treat_f2 f2;
    double boxcox_lambda;
    int combine;              /* COINr combine_treat: f2 on the winsorised values (default: on the original) */
    const unsigned char *skip;/* m, optional: 1 = leave this indicator untreated (COINr indiv_specs = "none") */
} regio_treat_opts;

/* COINr's defaults: winsorise up to 5 points while |skew| >= 2 and kurtosis >= 3.5, then log_CT. enabled = 1. */
REGIO_API void regio_treat_opts_default(regio_treat_opts *o);

/* Per-point flags, as COINr's Treated_Points. */
enum { REGIO_TREAT_NONE = 0, REGIO_TREAT_WINHI = 1, REGIO_TREAT_WINLO = 2, REGIO_TREAT_F2 = 3 };

/* What happened to one indicator (COINr's Dets_Table row). The check passes when |skew| < skew_thresh OR
 * kurt < kurt_thresh. stage 0 = the raw values, 1 = after winsorising, 2 = after f2 (NaN/−1 when not reached). */
typedef struct regio_treat_detail {
    int pass[3];              /* 1 pass, 0 fail, −1 not checked */
    double skew[3], kurt[3];
    int nwin;                 /* points winsorised (−1 = the winsorisation was not run) */
    int f2_applied;
    int untreated;            /* 1 when the indicator could not be checked (fewer than 4 values, constant) */
} regio_treat_detail;

/* Treats each column of x (n*m) in place. flag (n*m, may be NULL) gets REGIO_TREAT_*; det (m, may be NULL).
 * Algorithm (COINr Treat.numeric with winsorise and f_pass = check_SkewKurt): if the column fails the check,
 * repeat {if skew >= 0 set every maximum to the largest other value, else every minimum to the smallest other;
 * re-check} while it fails and fewer than winmax points are winsorised; if it still fails, apply f2 to the
 * original values (combine: to the winsorised ones) and check once more (recorded, the result is kept). */
REGIO_API int regio_treat(double *x, size_t n, size_t m, const regio_treat_opts *o, unsigned char *flag,
                          regio_treat_detail *det, regio_error *err);

/* ---- imputation (COINr Impute, impute_panel) ------------------------------------------------------------- */

typedef enum regio_impute_kind {
    REGIO_IMP_NONE = 0,     /* leave gaps (the aggregation skips them and re-weights: COINr's default) */
    REGIO_IMP_MEAN,         /* column mean (COINr i_mean) */
    REGIO_IMP_MEDIAN,       /* column median (i_median) */
    REGIO_IMP_GROUP_MEAN,   /* mean within the unit's group (i_mean_grp); a unit without a group stays missing */
    REGIO_IMP_GROUP_MEDIAN, /* median within the group (i_median_grp) */
    REGIO_IMP_ROW_MEAN,     /* by row within the indicator groups of a level (impute_by = "row", group_level,
                             * normalise_first = TRUE): the unit's mean directional min-max [0,1] score over the
                             * observed indicators of the group, mapped back to the indicator's scale */
    REGIO_IMP_ROW_MEDIAN,
    REGIO_IMP_LATEST,       /* panel: latest earlier observation (impute_panel imp_type "latest"); see locf below */
    REGIO_IMP_LINEAR,       /* panel: linear interpolation in time, constant beyond the ends (imp_type "linear",
                             * stats::approx rule = 2) */
    REGIO_IMP_EM,           /* EM under a multivariate normal within each indicator group of a level (Dempster,
                             * Laird & Rubin 1977; Little & Rubin 2002 §11.2): conditional means given the
                             * unit's observed indicators of the group */
    REGIO_IMP_REGRESSION    /* one regression per gap: OLS of the indicator on the other indicators of its group
                             * that the unit has, fitted on the units observed on all of them */
} regio_impute_kind;

typedef struct regio_impute_opts {
    regio_impute_kind kind;
    const int *group;       /* n unit groups for GROUP_*; −1 = no group */
    size_t ngroups;
    const int *ind_group;   /* m indicator groups for ROW_*, EM, REGRESSION (e.g. the level-2 parent); NULL = one */
    const int *direction;   /* m, for ROW_* (NULL = +1) */
    int em_iter;            /* EM iterations cap (default 200), stops when the log-likelihood moves < 1e-8 */
} regio_impute_opts;

/* Flags written for imputed cells; composite.h's REGIO_CELL_* numbering continues. */
enum { REGIO_CELL_IMPUTED_MEAN = 4, REGIO_CELL_IMPUTED_MEDIAN = 5, REGIO_CELL_IMPUTED_GROUP_MEDIAN = 6,
       REGIO_CELL_IMPUTED_ROW = 7, REGIO_CELL_IMPUTED_LINEAR = 8, REGIO_CELL_IMPUTED_EM = 9,
       REGIO_CELL_IMPUTED_REGRESSION = 10 };

/* Cross-sectional imputation of x (n*m) in place; flag (n*m, may be NULL) gets the cell flag. Panel kinds are
 * refused here (use regio_impute_panel). Cells that cannot be imputed stay NaN. */
REGIO_API int regio_impute(double *x, size_t n, size_t m, const regio_impute_opts *o, unsigned char *flag,
                           regio_error *err);

/* Panel imputation of x[t*n*m + i*m + j] (years oldest first, years[] their values) for LATEST or LINEAR. */
REGIO_API int regio_impute_panel(double *x, size_t nyears, const int *years, size_t n, size_t m, regio_impute_kind kind,
                                 unsigned char *flag, regio_error *err);

/* Short name ("mean", "group_median", "em", …) of a kind or of a REGIO_CELL_* flag. */
REGIO_API const char *regio_impute_name(regio_impute_kind k);
REGIO_API const char *regio_cell_flag_name(int flag);

/* ---- unit screening (COINr Screen) ------------------------------------------------------------------------ */

typedef enum regio_screen_kind { REGIO_SCREEN_NONE = 0, REGIO_SCREEN_BYNA, REGIO_SCREEN_BYZERO, REGIO_SCREEN_BYNAZERO } regio_screen_kind;

/* Keeps a unit when its share of observed indicators >= dat_thresh (byNA; COINr default 2/3) and/or its share of
 * non-zero observed values >= nonzero_thresh (byzeros; default 0.05). keep (n) gets 1/0. Returns REGIO_OK. */
REGIO_API int regio_screen(const double *x, size_t n, size_t m, regio_screen_kind k, double dat_thresh,
                           double nonzero_thresh, unsigned char *keep, regio_error *err);

/* ---- the pipeline ------------------------------------------------------------------------------------------ */

typedef struct regio_pipeline_opts {
    int denominate;              /* divide by the denominators (below) */
    regio_impute_opts impute;    /* kind NONE = skip gaps; panel kinds are applied by the caller before */
    regio_screen_kind screen;
    double dat_thresh, nonzero_thresh;
    regio_treat_opts treat;      /* treat.enabled = 0: no treatment */
    regio_composite_opts comp;   /* normalisation, weights, aggregation (comp.missing is ignored: see impute) */
    const unsigned char *drop;   /* m, optional: 1 = leave the indicator out (weight 0), for "drop each in turn" */
} regio_pipeline_opts;

/* Denominators for the pipeline (one year's block). */
typedef struct regio_pipeline_denoms {
    const double *den;           /* n*nden */
    size_t nden;
    const int *den_of;           /* m, −1 = not denominated */
} regio_pipeline_denoms;

/* COINr's example defaults: no denomination, no imputation, no screening, no treatment, composite defaults. */
REGIO_API void regio_pipeline_opts_default(regio_pipeline_opts *o);

typedef struct regio_pipeline_result {
    size_t n, m;
    double *x;                   /* n*m: the data after denomination, imputation and treatment (the input of
                                  * normalisation); screened-out units keep their values */
    unsigned char *imp_flag;     /* n*m REGIO_CELL_* from imputation (OBSERVED / SKIPPED / IMPUTED_*) */
    unsigned char *treat_flag;   /* n*m REGIO_TREAT_* */
    regio_treat_detail *treat;   /* m (NULL when no treatment) */
    unsigned char *keep;         /* n: 0 = screened out (no index, no rank) */
    size_t nkept, ndenom_bad;
    regio_composite_result *comp;/* over all n units; screened-out units have index NaN and rank 0 */
} regio_pipeline_result;

REGIO_API void regio_pipeline_result_free(regio_pipeline_result *r);

/* The whole pipeline on one cross-section. cell_flag (n*m, may be NULL) carries flags set before (panel
 * imputation). Errors as regio_composite_evaluate. */
REGIO_API int regio_pipeline_evaluate(const regio_composite_input *in, const regio_pipeline_denoms *dn,
                                      const regio_pipeline_opts *o, regio_pipeline_result **out, regio_error *err);

/* Index only (n values, NaN = not scored), for Monte Carlo; thread-safe. */
REGIO_API int regio_pipeline_run(const regio_composite_input *in, const regio_pipeline_denoms *dn,
                                 const regio_pipeline_opts *o, double *index_out, regio_error *err);

/* ---- uncertainty on any factor (COINr get_sensitivity with SA_specs) -------------------------------------- */

/* The factors of an uncertainty or sensitivity analysis, declared as data (a CSV with columns factor, type,
 * values; values are alternatives separated by |). Types:
 *   normalise    minmax:1,100|zscore:10,2|rank|…     (as --normalise)
 *   aggregate    mean|geomean|harmonic
 *   weights      given|equal|entropy|critic
 *   weight_noise LEVEL:F|LEVEL:F  every weight w of a node at LEVEL becomes w + (2U − 1)·F·w, U uniform, one
 *                U per node (COINr get_noisy_weights); the nodes together are one factor
 *   impute       none|mean|median|group:G|group-median:G|row|row-median|em|regression   (G: an iMeta Group)
 *   treat        none|winsorise[:WINMAX[,SKEW,KURT]]
 *   winmax       1|2|3|4|5     (treatment on, COINr's Treat winmax)
 *   denominate   off|on
 *   drop         none|each     leave out no indicator or one indicator (all m equally likely)
 * A discrete factor takes alternative ⌊U·K⌋ of its K alternatives for a uniform U. */
typedef enum regio_ua_kind {
    REGIO_UA_NORMALISE = 0, REGIO_UA_AGGREGATE, REGIO_UA_WEIGHTS, REGIO_UA_WEIGHT_NOISE, REGIO_UA_IMPUTE,
    REGIO_UA_TREAT, REGIO_UA_WINMAX, REGIO_UA_DENOMINATE, REGIO_UA_DROP
} regio_ua_kind;

typedef struct regio_ua_alt {
    char *text;                  /* the alternative as written */
    regio_norm_opts norm;
    regio_comp_agg agg;
    regio_comp_weights wk;
    regio_impute_kind imp;
    int *group;                  /* n unit groups (impute group:G), owned */
    size_t ngroups;
    regio_treat_opts treat;
    int winmax, on;
    long drop;                   /* −1 = none, else the indicator left out */
} regio_ua_alt;

typedef struct regio_ua_factor {
    char *name;
    regio_ua_kind kind;
    size_t line;                 /* in the factors file (0 = built in) */
    size_t nalt;
    regio_ua_alt *alt;
    size_t ncoord;               /* coordinates of the unit cube it uses (1, or the noisy nodes) */
    size_t *node;                /* weight_noise: the node of each coordinate */
    double *noise;               /* weight_noise: F of each coordinate */
} regio_ua_factor;

typedef struct regio_ua_spec {
    size_t nf, ncoord;
    regio_ua_factor *f;
    size_t *factor_of;           /* ncoord: the factor of each coordinate */
} regio_ua_spec;

/* Reads a factors file against the iMeta (levels, indicator codes, groups) and the unit groups of data (year t).
 * Errors name the file, line and field. */
REGIO_API int regio_ua_spec_read(const char *path, const regio_coinr_meta *mt, const regio_coinr_data *d, size_t t,
                                 regio_ua_spec **out, regio_error *err);
/* COINr's sensitivity vignette factors: winmax 1–5 (only when treat_on), normalisation minmax:1,100 or
 * zscore:10,2, weights ±25 % at every level between the indicators and the index, aggregation mean or geomean. */
REGIO_API int regio_ua_spec_default(const regio_coinr_meta *mt, int treat_on, regio_ua_spec **out, regio_error *err);
REGIO_API void regio_ua_spec_free(regio_ua_spec *s);

/* The model of a draw: the nominal build with the factors set from u (ncoord uniforms). */
typedef struct regio_ua_model {
    const regio_composite_input *in;
    const regio_pipeline_denoms *dn;
    const regio_pipeline_opts *nominal;
    const regio_ua_spec *spec;
    const int *nominal_rank;     /* n, for the sensitivity output */
} regio_ua_model;

/* regio_mc_scorer: the index of every unit (NaN = not scored) for the choices u. Thread-safe. */
REGIO_API int regio_ua_scores(const double *u, double *scores, void *model, regio_error *err);
/* regio_sobol_fn: COINr's sensitivity output, the mean absolute rank change against the nominal ranks over the
 * units ranked in both (NaN when the build fails). Thread-safe. */
REGIO_API double regio_ua_rank_change(const double *u, void *model);

#ifdef __cplusplus
}
#endif
#endif
