/* extract_internal.h — what the extractor's files share: the compiled pattern table, a few regex helpers and
 * the growable arrays of findings. Not public. */
#ifndef REGIO_EXTRACT_INTERNAL_H
#define REGIO_EXTRACT_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "regio/extract.h"

typedef enum xkind {
    XK_SUBJECT,    /* phrase → indicator, measure (value|growth|growth_real|structure), stored unit */
    XK_UNIT,       /* unit as printed → stored unit and factor */
    XK_CHANGE,     /* change verb; arg "+", "-", or "0" (持平: no figure follows) */
    XK_QUALIFIER,  /* arg = status; measure = sentence|before|after */
    XK_SKIP,       /* measure "": a figure after this phrase is not the year's level or growth; "subject": a subject
                    * right after it is a denominator (占…比重), neither taking figures nor carried; "carry": a clause
                    * that starts with it takes no carried subject (其中: the parts of a whole) */
    XK_NOISE,      /* removed from the normalised text (footnote marks such as [2]) */
    XK_CHAR,       /* character fix before NFKC: pattern → arg */
    XK_COMPARATOR, /* plans: arg = comparator; measure = before|after */
    XK_SPECIAL,    /* plans: a phrase that is itself a figure (翻一番 → arg 2, unit 倍); measure = comparator */
    XK_NKINDS
} xkind;

typedef struct xpat {
    xkind kind;
    char *pattern, *arg, *indicator, *measure, *unit, *note;
    double factor, confidence;
    long line;               /* line in the pattern file */
    pcre2_code *re;          /* every kind but unit and char */
} xpat;

struct regio_patterns {
    char *path;
    xpat *rows;
    size_t n;
    pcre2_code *token;       /* bulletin figures (built from the unit and change rows) */
    pcre2_code *quantity;    /* plan figures (built from the unit rows) */
    pcre2_code *year;        /* a year mention that dates a figure: 2023年, not 比2022年 */
    pcre2_code *title_year;  /* 2023年…统计公报 */
    pcre2_match_data *md;    /* scratch sized for the largest pattern: the table is used by one thread at a time */
};

/* The number syntax every figure uses: optional minus, digits with optional thousands groups and a decimal part. */
#define XNUM "[-−]?\\d+(?:,\\d{3})*(?:\\.\\d+)?"

/* Finds the first match of re in s[from, len) : 1 with *ms, *me set; 0 when none. */
int regio__re_find(const regio_patterns *p, const pcre2_code *re, const char *s, size_t len, size_t from, size_t *ms,
                   size_t *me);
/* Anchored match of re at s[at]: the end offset, or (size_t)-1. */
size_t regio__re_at(const regio_patterns *p, const pcre2_code *re, const char *s, size_t len, size_t at);
/* Number of a named group of re (or -1). */
int regio__re_group(const pcre2_code *re, const char *name);

/* Parses a number as printed by XNUM ("−" and thousands commas allowed). 0 on success. */
int regio__parse_num(const char *s, size_t n, double *out);

/* The number s[0,n) times factor; a power-of-ten factor moves the decimal point in the text, so the result is
 * the double nearest to the decimal the bulletin printed (951435万元 → 95.1435 亿元). 0 on success. */
int regio__scale_num(const char *s, size_t n, double factor, double *out);

/* Unit rows for a printed unit (exact text): the one whose stored unit is want (or the first when want is
 * NULL); NULL when none. */
const xpat *regio__unit(const regio_patterns *p, const char *printed, size_t n, const char *want);

/* Duplicates s[0,n) (NUL-terminated). NULL on failure. */
char *regio__strndup(const char *s, size_t n);

/* Line (1-based) of original character index c. */
long regio__text_line(const regio_text *t, size_t c);
/* The original text of normalised bytes [a, b): a fresh string, and the character offsets. */
char *regio__text_quote(const regio_text *t, size_t a, size_t b, size_t *cstart, size_t *cend);

#endif
