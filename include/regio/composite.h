/* composite.h — composite indicators (COINr-style), TOPSIS and the coupling coordination degree, on plain arrays.
 *
 * Why one module: the plan's yearly 综合绩效评价 and any COINr index (indicators → pillars → sub-indices → index)
 * are the same computation — normalise each indicator with its direction, treat missing cells, weight, aggregate
 * up a tree — and the Monte Carlo / Sobol engine must be able to redo it thousands of times with other choices.
 * Formulas, conventions and references: docs/methods/composite.md.
 *
 * Data: n units × m indicators, row-major x[i*m + j], NaN = missing. Nothing here reads files except the
 * iData/iMeta loader at the end; nothing keeps state between calls.
 *
 * Tree: nodes 0..m-1 are the indicators (in column order); nodes m..nnodes-1 are aggregates. parent[k] is the
 * index of node k's parent, -1 for the root; every non-root node's parent has a LARGER index (children before
 * parents) and the root is the last node (nnodes-1). weight[k] is node k's weight within its parent (any positive
 * scale; re-normalised over the children that have a value for the unit). A flat index: parent = NULL, which means
 * one root node m aggregating all indicators (nnodes = m + 1).
 *
 * THREAD SAFETY (for the uncertainty engine): regio_composite_run and regio_composite_evaluate only read `in` and
 * `o`, allocate their own scratch and touch no global or static mutable data; any number of threads may call them
 * at once on the same const input with different options.
 */
#ifndef REGIO_COMPOSITE_H
#define REGIO_COMPOSITE_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- options ----------------------------------------------------------------------------------------- */

typedef enum regio_norm_kind {
    REGIO_NORM_MINMAX = 0, /* (x − min)/(max − min)·(hi − lo) + lo on direction-adjusted x; COINr n_minmax, 0–100 */
    REGIO_NORM_ZSCORE,     /* (x − mean)/sd·sd_t + mean_t, sample sd (n−1) as R's sd(); COINr n_zscore */
    REGIO_NORM_RANK,       /* rank of direction-adjusted x, ties averaged, 1 = lowest; COINr n_rank */
    REGIO_NORM_GOALPOSTS,  /* (x − gp_lo)/(gp_hi − gp_lo)·scale, capped to [0, scale]; dir −1 swaps posts; COINr n_goalposts */
    REGIO_NORM_DIST2TARG,  /* (x − min)/(target − min)·scale (dir −1: (max − x)/(max − target)), capped at scale */
    REGIO_NORM_NONE        /* values as they are (direction ignored) */
} regio_norm_kind;

/* Constant column (every observed value equal; max = min or sd = 0): minmax → (lo + hi)/2, zscore → mean_t,
 * rank → the average rank (n_obs + 1)/2, dist2targ with target = min → scale; the column is flagged
 * (regio_composite_result.const_col). Goalposts never divide by data. */
typedef struct regio_norm_opts {
    regio_norm_kind kind;
    double lo, hi;        /* minmax range; default 0, 100 */
    double mean_t, sd_t;  /* zscore target mean and sd; default 0, 1 (COINr m_sd = c(0, 1)) */
    double scale;         /* goalposts and dist2targ multiplier; default 100 */
} regio_norm_opts;

typedef enum regio_comp_agg {
    REGIO_COMP_ARITH = 0, /* Σ w x / Σ w */
    REGIO_COMP_GEOM,      /* exp(Σ w ln x / Σ w): values must be > 0 (zero rule below) */
    REGIO_COMP_HARM       /* Σ w / Σ (w / x): values must be > 0 (zero rule below) */
} regio_comp_agg;

/* Values <= 0 under geometric or harmonic aggregation. COINr's a_gmean/a_hmean stop with an error; so does
 * REGIO_ZERO_ERROR (REGIO_EINVAL naming unit and node). REGIO_ZERO_SHIFT aggregates M(x + s) − s with
 * s = zero_shift − min(0, min x) over the node's children for that unit (a shifted mean on the same scale). */
typedef enum regio_zero_rule { REGIO_ZERO_ERROR = 0, REGIO_ZERO_SHIFT } regio_zero_rule;

typedef enum regio_comp_weights {
    REGIO_W_GIVEN = 0, /* in->weight (or o->weights) */
    REGIO_W_EQUAL,     /* every child of a node weighs the same */
    REGIO_W_ENTROPY,   /* indicators: entropy weight method 熵权法; aggregates keep their given weights */
    REGIO_W_CRITIC     /* indicators: CRITIC (Diakoulaki et al. 1995); aggregates keep their given weights */
} regio_comp_weights;
/* Entropy and CRITIC weights are computed from the directional min-max [0, 1] transform of the raw data (observed
 * cells only), whatever the normalisation chosen, then re-normalised within each parent. */

typedef enum regio_missing {
    REGIO_MISS_SKIP = 0,   /* leave out and re-weight over the children that have a value (COINr default) */
    REGIO_MISS_GROUP_MEAN  /* a missing raw cell takes the mean of its group's observed values (group[] below);
                            * when the group has none, the cell stays missing (skipped) */
} regio_missing;

typedef struct regio_composite_opts {
    regio_norm_opts norm;
    regio_comp_agg agg;          /* used at every aggregate node */
    regio_zero_rule zero_rule;
    double zero_shift;           /* REGIO_ZERO_SHIFT: s; default 1e-3 on a 0–100 scale is customary — set it */
    regio_comp_weights wkind;
    const double *weights;       /* nnodes; when non-NULL replaces in->weight (e.g. perturbed weights) */
    regio_missing missing;
    const int *group;            /* n group indexes in [0, ngroups) for REGIO_MISS_GROUP_MEAN; NULL = one group */
    size_t ngroups;
} regio_composite_opts;

/* COINr defaults: minmax 0–100, arithmetic, given weights, skip missing, zero rule error. */
REGIO_API void regio_composite_opts_default(regio_composite_opts *o);

/* ---- input ------------------------------------------------------------------------------------------- */

/* Cell flags (per unit × indicator), as reported in the result. */
enum {
    REGIO_CELL_OBSERVED = 0,
    REGIO_CELL_SKIPPED = 1,       /* missing, left out of its aggregate (weights re-normalised) */
    REGIO_CELL_IMPUTED_GROUP = 2, /* filled with its group's mean */
    REGIO_CELL_IMPUTED_LOCF = 3   /* filled from an earlier year (regio_composite_locf) before the run */
};

typedef struct regio_composite_input {
    size_t n, m;                 /* units, indicators */
    const double *x;             /* n*m, NaN = missing */
    const int *direction;        /* m, +1 or −1; NULL = all +1 */
    const double *gp_lo, *gp_hi; /* m goalposts (REGIO_NORM_GOALPOSTS only), in the indicator's own units */
    const double *target;        /* m targets (REGIO_NORM_DIST2TARG only) */
    size_t nnodes;               /* m + number of aggregates; ignored when parent == NULL */
    const int *parent;           /* nnodes, see the tree rules above; NULL = flat */
    const double *weight;        /* nnodes (flat: m), >= 0 (a weight of 0 drops the child); NULL = all 1 */
    const unsigned char *cell_flag; /* n*m flags already set (e.g. REGIO_CELL_IMPUTED_LOCF); NULL = none */
    const char *const *unit_code;   /* n, optional: names units in error messages (else the 0-based index) */
    const char *const *node_code;   /* nnodes, optional: names indicators and aggregates in error messages */
} regio_composite_input;

/* ---- results ----------------------------------------------------------------------------------------- */

typedef struct regio_composite_result {
    size_t n, m, nnodes;          /* nnodes includes the implicit root of a flat index */
    double *norm;                 /* n*m normalised values (NaN = skipped) */
    double *score;                /* n*nnodes: score of unit i at node k is score[i*nnodes + k] (leaves = norm) */
    double *index;                /* n: the root's score (NaN when the unit has no value at all) */
    int *rank;                    /* n: 1 = best (highest index); ties share the lowest rank ("min", 1,2,2,4);
                                   * 0 when the index is NaN */
    unsigned char *cell_flag;     /* n*m, REGIO_CELL_* */
    size_t *nmissing;             /* n: skipped indicator cells per unit */
    double *weight_used;          /* nnodes: weight of each node within its parent, summing to 1 per parent over
                                   * all its children (before per-unit re-normalisation); root = 1 */
    unsigned char *const_col;     /* m: 1 when the indicator was constant (rule above) */
    int ties;                     /* 1 when some units share a rank */
    regio_composite_opts opts;    /* the settings used (weights pointer and group pointer cleared) */
} regio_composite_result;

REGIO_API void regio_composite_result_free(regio_composite_result *r);

/* The whole evaluation: normalisation, missing data, weights, aggregation up the tree, ranks, flags. */
REGIO_API int regio_composite_evaluate(const regio_composite_input *in, const regio_composite_opts *o,
                                       regio_composite_result **out, regio_error *err);

/* The cheap path for Monte Carlo: only the index (n values, NaN = no value) — same rules as evaluate, no result
 * struct. Thread-safe (see the top of this file). Errors as evaluate. */
REGIO_API int regio_composite_run(const regio_composite_input *in, const regio_composite_opts *o, double *index_out,
                                  regio_error *err);

/* Ranks of v[0..n) with 1 = highest, ties "min", NaN → 0. Returns 1 when there are ties. */
REGIO_API int regio_composite_rank(const double *v, size_t n, int *rank_out);

/* ---- pieces, usable on their own --------------------------------------------------------------------- */

/* Normalises column j of x (n*m) into out[i*m + j] for every j (NaN stays NaN); const_col (m) may be NULL. */
REGIO_API int regio_composite_normalise(const regio_composite_input *in, const regio_norm_opts *no, double *out,
                                        unsigned char *const_col, regio_error *err);

/* Entropy weights of an n × m matrix of non-negative values (NaN skipped), as given (no transform):
 * p_ij = x_ij / Σ_i x_ij, E_j = −Σ p ln p / ln n_j (0·ln 0 = 0), w_j = (1 − E_j)/Σ(1 − E_k).
 * A column summing to 0 or with fewer than 2 values gets E_j = 1 (no information). */
REGIO_API int regio_composite_entropy_weights(const double *x, size_t n, size_t m, double *w_out, regio_error *err);

/* CRITIC weights: C_j = σ_j Σ_k (1 − r_jk), w_j = C_j / Σ C; σ sample sd, r Pearson over the pairwise-complete
 * units, of the matrix as given (callers min-max it first; evaluate does). */
REGIO_API int regio_composite_critic_weights(const double *x, size_t n, size_t m, double *w_out, regio_error *err);

/* Last observation carried forward across years of a panel: x[t*n*m + i*m + j] for t in 0..nyears-1 (oldest
 * first). A NaN cell takes the latest earlier observed value; flag (same layout, may be NULL) gets
 * REGIO_CELL_IMPUTED_LOCF there. In place. */
REGIO_API void regio_composite_locf(double *x, size_t nyears, size_t n, size_t m, unsigned char *flag);

/* ---- TOPSIS ------------------------------------------------------------------------------------------ */

/* Hwang & Yoon: r_ij = x_ij / sqrt(Σ_i x_ij²), v = w r (w re-normalised to sum 1; NULL = equal), ideal = best by
 * direction (dir NULL = all +1), anti-ideal = worst, Euclidean distances d+, d−, C = d− / (d+ + d−).
 * No missing values (REGIO_EINVAL naming the cell); a column of zeros is an error. */
typedef struct regio_topsis_result {
    size_t n, m;
    double *closeness, *d_plus, *d_minus; /* n */
    int *rank;                            /* n, 1 = highest closeness, ties "min" */
    double *ideal, *anti_ideal;           /* m, weighted normalised */
    double *weight;                       /* m, as used (sum 1) */
} regio_topsis_result;

REGIO_API int regio_topsis(const double *x, size_t n, size_t m, const double *w, const int *dir,
                           regio_topsis_result **out, regio_error *err);
REGIO_API void regio_topsis_result_free(regio_topsis_result *r);

/* ---- coupling coordination degree (耦合协调度) ----------------------------------------------------------- */

typedef enum regio_ccd_variant {
    REGIO_CCD_CLASSIC = 0, /* C = k·(Π U_i)^(1/k) / Σ U_i  (k = 2: 2√(U1U2)/(U1+U2)) */
    REGIO_CCD_WANG         /* Wang, Kong, Ren, Zhi & Dai (2021, 自然资源学报 36(3)) revised: C = sqrt[(1 − Σ_{i>j}|U_i − U_j| / Σ_{s=1}^{k−1} s)
                            *                                    · (Π U_i / max U)^(1/(k−1))] */
} regio_ccd_variant;

/* u: n × k subsystem scores in [0, 1] (row-major), alpha: k weights summing to 1 (NULL = 1/k);
 * T = Σ α_i U_i, D = sqrt(C·T); level 1..10 by D in steps of 0.1 (Liao 1999 bands; regio_ccd_level_name). */
typedef struct regio_ccd_result {
    size_t n, k;
    double *C, *T, *D; /* n */
    int *level;        /* n, 1 = 极度失调 … 10 = 优质协调; 0 when D is NaN */
} regio_ccd_result;

REGIO_API int regio_ccd(const double *u, size_t n, size_t k, const double *alpha, regio_ccd_variant v,
                        regio_ccd_result **out, regio_error *err);
REGIO_API void regio_ccd_result_free(regio_ccd_result *r);
/* "极度失调"/"extreme imbalance" … "优质协调"/"superior coordination"; NULL outside 1..10. */
REGIO_API const char *regio_ccd_level_name(int level, regio_lang lang);
/* The lower bound of level's band (0.0, 0.1, …, 0.9). */
REGIO_API double regio_ccd_level_lower(int level);

/* ---- COINr iData / iMeta ----------------------------------------------------------------------------- */

/* A COINr iMeta table read and checked: indicators (Type "Indicator") in the meta's row order, then the
 * aggregates ordered by Level (children before parents), the root last. Rows of Type Group and Denominator are
 * listed aside (group_code, denom_code); an indicator's Denominator column names one of the latter. */
typedef struct regio_coinr_meta {
    size_t m;           /* indicators */
    size_t nnodes;      /* indicators + aggregates */
    char **code;        /* nnodes iCode */
    char **name;        /* nnodes iName (may be "") */
    int *level;         /* nnodes */
    int *direction;     /* nnodes (aggregates 1) */
    double *weight;     /* nnodes */
    int *parent;        /* nnodes, -1 for the root */
    double *target;     /* nnodes, NaN when none */
    size_t *line;       /* nnodes: line in the meta file */
    double *gp_lo, *gp_hi; /* nnodes: COINr's goalpost_lower / goalpost_upper columns, NaN when absent */
    int *denom_of;      /* nnodes: index into denom_code of the indicator's Denominator, -1 for none */
    size_t ndenoms;     /* rows of Type Denominator, in meta order */
    char **denom_code;
    size_t ngroups;     /* rows of Type Group (unit groupings, e.g. GDP_group), in meta order */
    char **group_code;
} regio_coinr_meta;

/* A COINr iData table: units (uCode, uName) × the meta's indicators, one block per Time (or one block without a
 * Time column). x[t*n*m + i*m + j]; every year has the same units (a unit absent from a year is all NaN). */
typedef struct regio_coinr_data {
    size_t n, m, nyears;
    char **ucode, **uname; /* n */
    int *years;            /* nyears, ascending; {0} with nyears = 1 when no Time column */
    int has_time;
    double *x;             /* nyears*n*m */
    double *den;           /* nyears*n*meta->ndenoms denominator values (NaN = missing); NULL when none */
    char **group;          /* nyears*n*meta->ngroups group labels ("" = none); NULL when none */
    size_t ndenoms, ngroups;
} regio_coinr_data;

/* Reads iMeta (CSV/XLSX via regio_table_read). Errors name file and line: unknown Type, a Parent that is not an
 * aggregate, a cycle, several roots, a Direction other than ±1, a weight < 0 or not a number, a duplicate iCode. */
REGIO_API int regio_coinr_meta_read(const char *path, regio_coinr_meta **out, regio_error *err);
REGIO_API void regio_coinr_meta_free(regio_coinr_meta *meta);

/* Reads iData against meta: uCode required, uName and Time optional; every indicator, denominator and group of
 * meta must be a column; cells empty or "NA" are missing; other non-numbers are errors naming file, line and
 * column. */
REGIO_API int regio_coinr_data_read(const char *path, const regio_coinr_meta *meta, regio_coinr_data **out,
                                    regio_error *err);
REGIO_API void regio_coinr_data_free(regio_coinr_data *d);

#ifdef __cplusplus
}
#endif
#endif
