/* plan.h — the plan model: regions in a hierarchy, groups that may overlap, partitions, indicators with their
 * aggregation rule, and the plan's quantified targets.
 *
 * A plan is a directory of plain CSV files a planner can edit in a spreadsheet (regions.csv, partitions.csv,
 * groups.csv, group_members.csv, indicators.csv, targets.csv, observations/; optional: monitored.csv, the
 * indicators the plan monitors without a quantified target, breaks.csv, the series breaks of the data, and
 * where_found.csv, where an analyst usually finds each indicator's figures);
 * regio_plan_load_dir reads and
 * validates it, regio_store_save_plan writes it into a store, and regio_plan_load_store reads it back for the
 * commands. In memory everything refers to everything else by index into the plan's arrays, and codes are
 * found by binary search over sorted indexes (no O(n) scans per lookup).
 */
#ifndef REGIO_PLAN_H
#define REGIO_PLAN_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_level { REGIO_LEVEL_PROVINCE = 0, REGIO_LEVEL_PREFECTURE, REGIO_LEVEL_COUNTY } regio_level;
typedef enum regio_direction { REGIO_DIR_HIGHER = 0, REGIO_DIR_LOWER, REGIO_DIR_NEUTRAL } regio_direction;
typedef enum regio_aggrule { REGIO_AGG_SUM = 0, REGIO_AGG_RATIO, REGIO_AGG_WMEAN, REGIO_AGG_NONE } regio_aggrule;
typedef enum regio_group_kind { REGIO_GROUP_BLOCK = 0, REGIO_GROUP_SPECIAL, REGIO_GROUP_PART } regio_group_kind;

typedef struct regio_region {
    char *code, *name_zh, *name_en, *kind, *area_source, *source;
    regio_level level;
    long parent;        /* index of the parent region, -1 for the top */
    double area_km2;    /* NaN when unknown */
    size_t *children;   /* indexes of the direct children */
    size_t nchildren;
} regio_region;

typedef struct regio_indicator {
    char *code, *name_zh, *name_en, *unit, *note;
    regio_direction direction;
    regio_aggrule agg;
    long numerator, denominator; /* REGIO_AGG_RATIO: indicator indexes */
    long weight;                 /* REGIO_AGG_WMEAN: indicator index */
    double scale;                /* REGIO_AGG_RATIO: value = num / den * scale */
    double min, max;             /* validity bounds, NaN = none */
    int decimals;
} regio_indicator;

typedef struct regio_group {
    char *code, *name_zh, *name_en, *partition_code, *note, *source;
    regio_group_kind kind;
    long partition;     /* index of its partition for parts, -1 otherwise */
    size_t *members;    /* declared members (regions of any level), as the plan states them */
    size_t nmembers;
    size_t *counties;   /* members resolved to the lowest level, sorted by index, no repeats */
    size_t ncounties;
} regio_group;

typedef struct regio_partition {
    char *code, *name_zh, *name_en, *note;
    size_t *parts;      /* group indexes */
    size_t nparts;
} regio_partition;

typedef enum regio_comparator { REGIO_CMP_GE = 0, REGIO_CMP_LE, REGIO_CMP_APPROX } regio_comparator;

typedef struct regio_target {
    char *code, *name_zh, *name_en, *scope, *kind, *note, *source;
    long scope_region, scope_group; /* exactly one is >= 0 */
    long indicator;
    regio_comparator comparator;
    double value, tolerance;        /* tolerance NaN unless given */
    int baseline_year;              /* 0 when not stated */
    double baseline_value;          /* NaN when not stated */
    int target_year;
    /* kind "gap" (a disparity across the parts of a partition: "四大板块…相对差距逐步缩小"): scope names the
     * partition; scope_partition is its index, scope_region the top region it divides, scope_group -1. The value
     * each year is the measure of the parts' values of the indicator (each part through the aggregation engine);
     * the target asks for it to fall (docs/methods/tracking.md, "Gap targets"). Other kinds: -1, "" and -1. */
    long scope_partition;
    char *measure;                  /* cv, cv_w, gini, gini_w, theil_between, max_min (targets.csv column measure) */
    long weight;                    /* the weight indicator of cv_w, gini_w, theil_between (column weight), else -1 */
} regio_target;

/* An indicator the plan monitors without a quantified target (monitored.csv): the plan states where it stood
 * (a baseline, kept as an observation with the plan's sentence as source) and at most a qualitative goal
 * ("多层次社会保障体系进一步健全"). Its status is the direction and pace of change since the baseline
 * (regio_track_classify_trend), never met / missed against a threshold the plan does not state. */
typedef struct regio_monitor {
    char *code, *name_zh, *name_en, *scope, *goal, *note, *source;
    long scope_region, scope_group; /* exactly one is >= 0 */
    long indicator;                 /* its direction is higher or lower (checked on load) */
    int baseline_year;              /* the year the plan's baseline describes */
    int until_year;                 /* the end of the plan period the indicator is monitored over */
} regio_monitor;

/* A series break (breaks.csv): the indicator's values from from_year on are not comparable with those before,
 * because a census revised the level (经济普查修订: the fourth national economic census revised 2018 GDP, so
 * prefecture GDP jumps ~28% from 2018 to 2019; 人口普查修订: the 2020 census reset population). A growth rate, a
 * CAGR, a convergence regression or a trend over years that straddle from_year measures the revision, not the
 * economy; such computations refuse the span unless asked to cross it, and then say so next to the number. */
typedef struct regio_break {
    long indicator;
    int from_year;              /* the first year on the new basis: a span y0..y1 crosses it when y0 < from_year <= y1 */
    int level;                  /* a regio_level the break applies to, or -1 for every level */
    long region;                /* the one region it applies to, or -1 for every region (of level) */
    char *reason_zh, *reason_en, *source;
} regio_break;

/* Another name a region goes by (region_aliases.csv of a plan directory): a former name or code from before an
 * administrative change (禄丰县, 532331 → 禄丰市, 532302 in 2021), or a customary form. The names index
 * (names.h) matches these; the note is shown when one is used. */
typedef struct regio_region_alias {
    char *alias;        /* the text as written: a name or a code */
    long region;        /* index of the region it names today */
    char *kind;         /* "former_name", "former_code" or "customary" */
    char *changed;      /* when a former name or code went out of use ("2021"), "" if not stated */
    char *note, *source;
} regio_region_alias;
/* Where an indicator's figures are usually published (where_found.csv), for the analyst who must find a missing
 * one: the 统计年鉴 table, the 统计公报 paragraph. A hint, not a source: an imported figure still cites its own. */
typedef struct regio_where {
    long indicator;
    int level;                  /* the level of the regions it is for, or -1 for every level */
    char *where_zh, *where_en;
} regio_where;

typedef struct regio_plan {
    char *name;                        /* directory name or the store's recorded name */
    regio_region *regions;       size_t nregions;
    regio_indicator *indicators; size_t nindicators;
    regio_group *groups;         size_t ngroups;
    regio_partition *partitions; size_t npartitions;
    regio_target *targets;       size_t ntargets;
    regio_monitor *monitors;     size_t nmonitors;   /* monitored.csv; none when the file is absent */
    regio_break *breaks;         size_t nbreaks;     /* breaks.csv; none when the file is absent */
    regio_region_alias *aliases; size_t naliases;
    regio_where *where;          size_t nwhere;      /* where_found.csv; none when the file is absent */
    /* sorted indexes for lookups by code */
    size_t *region_order, *indicator_order, *group_order;
} regio_plan;

/* Reads and validates a plan directory (every file, every reference). Errors name file, line and column. */
REGIO_API int regio_plan_load_dir(const char *dir, regio_plan **out, regio_error *err);
REGIO_API void regio_plan_free(regio_plan *plan);

/* Lookups by code; -1 when absent. */
REGIO_API long regio_plan_region(const regio_plan *plan, const char *code);
REGIO_API long regio_plan_indicator(const regio_plan *plan, const char *code);
REGIO_API long regio_plan_group(const regio_plan *plan, const char *code);
REGIO_API long regio_plan_partition(const regio_plan *plan, const char *code);

/* Does the span y0..y1 (y0 < y1) of indicator ind cross a series break? Looks for a break with
 * y0 < from_year <= y1 of ind or of the indicators it is computed from (a ratio's numerator and denominator, a
 * weighted mean's weight: gdp_pc breaks where gdp or pop does) that applies to the values asked for: level lv
 * (-1: any level) and region (-1: any region of that level; a region implies its level). Returns the index into
 * plan->breaks of the earliest such break, or -1 when the span is comparable. For a cross-section of one level
 * (σ/β-convergence of prefectures 2015–2021) pass (lv, -1); for one region's series pass (-1, region); for a
 * group's aggregate pass (-1, -1), since its members may sit at any level. */
REGIO_API long regio_plan_break_between(const regio_plan *plan, size_t ind, int lv, long region, int y0, int y1);

/* The check every span-based computation makes (growth, CAGR, σ/β-convergence, Markov transitions, trends).
 * When y0..y1 of ind (and, if weight >= 0, of the weight indicator) crosses no break for (lv, region): REGIO_OK
 * and note_zh/note_en (buffers of cap bytes, may be NULL) are set to "". When it crosses one and across is 0:
 * REGIO_EINVAL, err names the indicator, the break year, its reason and the option --across-breaks. When
 * across is 1: REGIO_OK and the notes say which break the result crosses, to print next to the number. */
REGIO_API int regio_plan_span_check(const regio_plan *plan, size_t ind, long weight, int lv, long region, int y0,
                                    int y1, int across, char *note_zh, char *note_en, size_t cap, regio_error *err);

/* Where the figures of indicator ind for a region of level lv are usually found: the row for that level,
 * else the row for every level; NULL when the plan says nothing. */
REGIO_API const regio_where *regio_plan_where(const regio_plan *plan, size_t ind, regio_level lv);

/* The top region (the province), or -1. */
REGIO_API long regio_plan_root(const regio_plan *plan);

/* Names and parses of the enums, as written in the plan files. */
REGIO_API const char *regio_level_name(regio_level l);
REGIO_API int regio_level_parse(const char *s, regio_level *out);
REGIO_API const char *regio_direction_name(regio_direction d);
REGIO_API const char *regio_aggrule_name(regio_aggrule a);
REGIO_API const char *regio_group_kind_name(regio_group_kind k);
REGIO_API const char *regio_comparator_name(regio_comparator c); /* ">=", "<=", "~" */

/* The disparity a gap target measures across the parts of its partition (docs/methods/tracking.md): the CV
 * (population sd / mean of the parts' values), Williamson's weighted CV, the Gini (unweighted, weighted), Theil
 * T between the parts (the parts' values weighted by the weight indicator: Σ s_g ln(m_g/m), the between term of
 * the Theil decomposition of the units by the partition) and max/min. */
typedef enum regio_gap_measure {
    REGIO_GAP_CV = 0, REGIO_GAP_CV_W, REGIO_GAP_GINI, REGIO_GAP_GINI_W, REGIO_GAP_THEIL_BETWEEN, REGIO_GAP_MAX_MIN
} regio_gap_measure;
/* "cv", "cv_w", "gini", "gini_w", "theil_between", "max_min"; parse returns -1 for anything else. */
REGIO_API const char *regio_gap_measure_name(regio_gap_measure m);
REGIO_API int regio_gap_measure_parse(const char *s);
/* 1 when the measure needs a weight indicator (cv_w, gini_w, theil_between). */
REGIO_API int regio_gap_measure_weighted(regio_gap_measure m);
/* The measure in words, in lang ("变异系数" / "coefficient of variation", …). */
REGIO_API const char *regio_gap_measure_label(regio_gap_measure m, regio_lang lang);

/* The region's name in lang (falls back to the other language when empty). */
REGIO_API const char *regio_region_name(const regio_region *r, regio_lang lang);

/* A unit as the plan files write it (亿元, 万人, 元/人, %) in lang: itself in Chinese, its English name in English
 * ("100 million yuan", "10,000 persons"); a unit not known is returned unchanged (src/plan/units.c). */
REGIO_API const char *regio_unit_label(const char *unit, regio_lang lang);

/* Builds children lists, resolved county lists and sorted indexes after the arrays are filled; checks
 * the hierarchy has no cycles and that every partition covers the lowest level exactly once. Used by both
 * loaders; exposed for tests. */
REGIO_API int regio_plan_finish(regio_plan *plan, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
