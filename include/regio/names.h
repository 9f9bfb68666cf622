/* names.h — finding a region, group or indicator by what people write, not only by its code.
 *
 * Analysts and yearbooks write 昆明 or 昆明市 for 530100, 楚雄州 for 楚雄彝族自治州, 禄丰县 for what has been
 * 禄丰市 (532302) since 2021, GDP or 地区生产总值 for gdp. A regio_names index is built once from a plan and
 * answers every such lookup the same way in imports, on the command line and in the extractors:
 *
 *  - what is matched: the code; the full names (Chinese and English); the plan's aliases (regions: former
 *    names and codes, customary forms, each with its note — plan.h, region_aliases.csv); and derived short
 *    forms: 昆明市 → 昆明, 楚雄彝族自治州 → 楚雄 and 楚雄州, 禄劝彝族苗族自治县 → 禄劝 and 禄劝县, the
 *    abbreviation in an indicator's name ("… (GDP)").
 *  - how text is compared: NFKC-normalised (full-width letters and digits, Kangxi radicals as pasted from PDF
 *    files), case-folded, with every space removed (yearbooks pad names: "五 华 区"), via utf8proc.
 *  - precedence: a code beats a full name, a full name beats an alias, an alias beats a derived short form (and
 *    for groups, a block's name beats a partition part's: 滇中 is the block, not the part of the same name). When
 *    more than one thing matches at the best level the lookup is ambiguous and fails listing the candidates
 *    (楚雄 is both 楚雄彝族自治州 and 楚雄市); nothing is guessed.
 *  - unknown text fails with the nearest name of that kind ("did you mean gdp?"), by edit distance (optimal
 *    string alignment, so a transposition costs one) on code points.
 * Lookups are binary searches over sorted keys; only a failed lookup scans for the suggestion.
 */
#ifndef REGIO_NAMES_H
#define REGIO_NAMES_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_name_kind { REGIO_NAME_REGION = 0, REGIO_NAME_GROUP, REGIO_NAME_INDICATOR } regio_name_kind;

/* How a text matched, best first. */
typedef enum regio_name_how {
    REGIO_MATCH_CODE = 0,   /* the code itself */
    REGIO_MATCH_NAME,       /* a full name (zh or en) */
    REGIO_MATCH_ALIAS,      /* an alias of the plan: a former name or code, a customary form */
    REGIO_MATCH_SHORT       /* a derived short form (昆明, 楚雄州, GDP) */
} regio_name_how;

typedef struct regio_name_match {
    long index;              /* into plan->regions, ->groups or ->indicators */
    regio_name_how how;
    const char *note;        /* aliases: the alias's note from the plan, NULL otherwise */
    const regio_region_alias *alias; /* region aliases: the plan's row (kind, changed, source), NULL otherwise */
} regio_name_match;

typedef struct regio_names regio_names;

/* Builds the index over plan (which must outlive it). */
REGIO_API int regio_names_build(const regio_plan *plan, regio_names **out, regio_error *err);
REGIO_API void regio_names_free(regio_names *n);

/* Finds text of kind. REGIO_OK with *m filled; REGIO_ENOTFOUND (with "did you mean …" when something is
 * near) or REGIO_EINVAL (ambiguous, listing the candidates) otherwise, err saying so in both languages. */
REGIO_API int regio_names_find(const regio_names *n, regio_name_kind kind, const char *text, regio_name_match *m,
                               regio_error *err);

/* Shortcuts returning the index (or -1 with err filled). */
REGIO_API long regio_names_region(const regio_names *n, const char *text, regio_error *err);
REGIO_API long regio_names_group(const regio_names *n, const char *text, regio_error *err);
REGIO_API long regio_names_indicator(const regio_names *n, const char *text, regio_error *err);

/* The nearest name of kind to text (a name, or a code when text looks like one), or NULL when nothing is
 * near enough to suggest. Points into the index. */
REGIO_API const char *regio_names_suggest(const regio_names *n, regio_name_kind kind, const char *text);

/* text as compared: NFKC, case-folded, spaces removed. Caller frees; NULL when out of memory or text is not
 * valid UTF-8. */
REGIO_API char *regio_names_key(const char *text);

/* Edit distance (optimal string alignment) between two UTF-8 strings, in code points. */
REGIO_API size_t regio_names_distance(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
