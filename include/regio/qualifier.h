/* qualifier.h — what a figure is besides its number: its status, whether it is a bound, the part of the year it
 * covers, the release (vintage) it comes from, and the kind of source that published it.
 *
 * Bulletins and work reports print "突破1.7万元" (a lower bound), "95%以上", "初步核算" (preliminary), "1–10月"
 * (the first ten months) and revise last year's figures. A store that kept only the number would let a lower
 * bound pass for the value, a ten-month total for the year, and a revision overwrite the first release. The
 * model is SDMX's observation attributes (docs/methods/qualifiers.md):
 *   - status: a code of SDMX CL_OBS_STATUS 2.2 — A normal, P provisional (初步核算), E estimated, F forecast
 *     (预计), U low reliability — plus R revised (修订), Eurostat's flag "r", which CL_OBS_STATUS lacks;
 *   - bound: the value is a lower (≥) or upper (≤) bound, not a point — an attribute of its own, because SDMX
 *     status codes do not express it;
 *   - months: the months of the year the figure covers (12 = the whole year; 10 = January to October);
 *   - vintage: the release date (YYYY, YYYY-MM or YYYY-MM-DD) of the figure; "" when not known, which counts
 *     as older than any dated release of the same key;
 *   - source kind: the kind of publication (统计公报, 统计年鉴, 普查, …), official or secondary.
 * Pure functions, no database.
 */
#ifndef REGIO_QUALIFIER_H
#define REGIO_QUALIFIER_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { REGIO_BOUND_UPPER = -1, REGIO_BOUND_NONE = 0, REGIO_BOUND_LOWER = 1 };

typedef struct regio_qualifier {
    char status;   /* 'A' (also for 0), 'P', 'R', 'E', 'F', 'U' */
    int bound;     /* REGIO_BOUND_LOWER: the true value is at least the value; _UPPER: at most; _NONE: a point */
    int months;    /* 12 (also for 0) = the whole year; 1–11 = January to that month only (a partial year) */
} regio_qualifier;

/* Parses a qualifier cell: tokens separated by spaces or ';' — one status code (A P R E F U, or 初步核算 → P,
 * 修订 → R, 预计 → F, 估计 → E), one bound (>= ≥ 以上 突破 → lower; <= ≤ 以下 不到 → upper) and one period
 * (ytdN for January to month N, 1-N月 / 1–N月, 前三季度 = 9, 上半年 = 6, 一季度 = 3). "" is a normal point value
 * of the whole year. Returns 0, or -1 with the offending token copied into bad (when given). */
REGIO_API int regio_qualifier_parse(const char *text, regio_qualifier *q, char *bad, size_t badcap);

/* The canonical text of a qualifier ("P >= ytd10"; "" for a normal point value of the whole year). */
REGIO_API void regio_qualifier_format(const regio_qualifier *q, char *buf, size_t cap);

/* A readable label in lang: "初步核算，下限（≥），1–10月" / "provisional, lower bound (≥), Jan–Oct"; "" for none. */
REGIO_API void regio_qualifier_label(const regio_qualifier *q, regio_lang lang, char *buf, size_t cap);

/* "≥", "≤" or "" for a bound. */
REGIO_API const char *regio_bound_sign(int bound);

/* 1 when a whole-year point value (what year matrices hold). */
static inline int regio_qualifier_is_point(const regio_qualifier *q) {
    return q->bound == REGIO_BOUND_NONE && (q->months == 0 || q->months == 12);
}

/* 0 when v is "" or a release date YYYY, YYYY-MM or YYYY-MM-DD (ordered as text), -1 otherwise. */
REGIO_API int regio_vintage_check(const char *v);

/* Which release of a figure that was revised: the latest (default) or the first. */
typedef enum regio_vintage { REGIO_VINTAGE_LATEST = 0, REGIO_VINTAGE_FIRST } regio_vintage;
/* "latest" | "first" → 0, else -1. */
REGIO_API int regio_vintage_parse(const char *s, regio_vintage *v);
REGIO_API const char *regio_vintage_name(regio_vintage v);

/* ---- source kinds ---- */

typedef struct regio_source_kind {
    const char *code;   /* "bulletin", "yearbook", "census", "work_report", "plan", "official_press",
                           "news", "encyclopedia", "self_media", "dataset" */
    const char *zh, *en;
    int official;       /* 1: published by a statistics bureau or government; 0: secondary */
} regio_source_kind;

/* Every kind, in report order (official first). */
REGIO_API const regio_source_kind *regio_source_kinds(size_t *n);
/* The kind with this code, or NULL ("" is NULL: not classified). */
REGIO_API const regio_source_kind *regio_source_kind_find(const char *code);

#ifdef __cplusplus
}
#endif
#endif
