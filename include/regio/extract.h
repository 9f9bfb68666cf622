/* extract.h — figures out of prose: statistical bulletins (统计公报), work reports and plan texts.
 *
 * Three steps, each its own file in src/extract/:
 *  1. text (extract_text.c): the file is decoded like every table (UTF-8, UTF-8 with BOM or GB18030) and
 *     normalised the way docs/plan explains for the shipped plan text: the pattern table's character fixes
 *     (PDF fonts that give 口 as the Kangxi radical ⼜), NFKC per character (full-width digits and
 *     punctuation, Kangxi radicals), blanks dropped, and sentences that repeat an earlier one (web pages
 *     and PDFs often repeat paragraphs) removed. Every normalised byte remembers the character of the
 *     original text it came from, so a finding quotes the original clause with its character offsets.
 *  2. patterns (extract_patterns.c): the phrasings are data, a CSV table (data/extract/bulletin_patterns.csv
 *     and plan_patterns.csv, documented in docs/extract.md): subjects (a phrase → an indicator, a measure and
 *     the stored unit), units as printed with their factor to the stored unit, change verbs, qualifiers
 *     (初步核算, 左右, 以上, 预期目标 …),
 *     phrases that disqualify a figure (两年平均, 拉动 …) and, for plans, comparators. A new phrasing is a new
 *     row. Subject phrases are PCRE2 regular expressions (UTF mode).
 *  3. the extractors (extract_bulletin.c, extract_plan.c) walk sentences and clauses and pair each figure
 *     with its subject.
 * The extractors never touch the store: they take text and patterns and return findings; the CLI writes
 * them as a review file that `regio import` reads.
 */
#ifndef REGIO_EXTRACT_H
#define REGIO_EXTRACT_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_patterns regio_patterns;

/* Loads a pattern table (CSV: kind,pattern,arg,indicator,measure,unit,factor,confidence,note). Every row is
 * checked (known kind, a regular expression that compiles, a factor that is a number); an error names the
 * file, line and column. */
REGIO_API int regio_patterns_load(const char *path, regio_patterns **out, regio_error *err);
REGIO_API void regio_patterns_free(regio_patterns *p);

/* A normalised text with the map back to the original. */
typedef struct regio_text {
    char *orig;          /* the decoded original, UTF-8 */
    size_t orig_len;     /* bytes */
    size_t *orig_char;   /* orig_nchars + 1 byte offsets of each original character (last = orig_len) */
    size_t orig_nchars;
    char *norm;          /* normalised UTF-8, repeated sentences removed */
    size_t norm_len;
    size_t *norm_src;    /* norm_len + 1 entries: for each normalised byte the original character index */
    size_t repeated;     /* sentences dropped because they repeat an earlier one */
    char *encoding;      /* "UTF-8", "UTF-8 BOM", "GB18030" */
} regio_text;

/* Decodes and normalises data (name is used in messages). p supplies the character fixes (may be NULL). */
REGIO_API int regio_text_make(const char *name, const char *data, size_t len, regio_encoding enc,
                              const regio_patterns *p, regio_text **out, regio_error *err);
/* Reads path and calls regio_text_make. */
REGIO_API int regio_text_read(const char *path, regio_encoding enc, const regio_patterns *p, regio_text **out,
                              regio_error *err);
REGIO_API void regio_text_free(regio_text *t);

/* One figure found in a bulletin. Offsets are in characters (Unicode code points) of the decoded original
 * text, 0-based, end exclusive; quote is that stretch of the original text: the clause the figure stands in. */
typedef struct regio_finding {
    char *indicator;
    double value;          /* in the stored unit */
    char *value_printed;   /* the number as printed (after NFKC) */
    char *unit_printed;    /* "万亿元", "%", … */
    char *unit;            /* the stored unit ("亿元") */
    int year;
    char *status;          /* ""; or ';'-joined qualifiers: preliminary, final, approx, lower_bound, upper_bound,
                            * range, target */
    char *quote;
    size_t start, end;     /* character offsets of the quote in the original text */
    long line;             /* 1-based line of the original text */
    double confidence;     /* 0..1: the pattern's, lowered when the subject is carried from an earlier clause */
    char *note;
} regio_finding;

typedef struct regio_findings {
    regio_finding *rows;
    size_t n, cap;
    int year;              /* the year used for figures with no year of their own (0 = none) */
} regio_findings;

REGIO_API void regio_findings_free(regio_findings *f);

typedef struct regio_bulletin_opts {
    int year;              /* the bulletin's year; 0 = from the title ("2023年…统计公报") */
} regio_bulletin_opts;

/* Finds the figures of a bulletin or work report. */
REGIO_API int regio_extract_bulletin(const regio_patterns *p, const regio_text *t, const regio_bulletin_opts *o,
                                     regio_findings **out, regio_error *err);

/* One quantified statement of a plan: a target or a baseline. */
typedef struct regio_plan_finding {
    char *subject;         /* the words before the figure in its clause */
    char *comparator;      /* ">=", ">", "<=", "<", "~", "=" (a plain 达到 / a stated level) */
    double value;          /* in the stored unit (万亿元 → 亿元; 翻一番 → 2 倍) */
    char *value_printed, *unit_printed, *unit;
    int year;              /* the year it refers to (到2025年 → 2025), 0 when the sentence gives none */
    char *role;            /* "target" or "baseline" */
    char *quote;           /* the sentence */
    long line;             /* 1-based line of the original text */
    size_t start, end;     /* character offsets of the figure's clause */
} regio_plan_finding;

typedef struct regio_plan_findings {
    regio_plan_finding *rows;
    size_t n, cap;
} regio_plan_findings;

REGIO_API void regio_plan_findings_free(regio_plan_findings *f);

/* Finds the quantified targets and baselines of a plan text. plan_start is the first year of the plan period
 * (2021 for a 十四五 plan): a figure for an earlier year is a baseline. */
REGIO_API int regio_extract_plan(const regio_patterns *p, const regio_text *t, int plan_start,
                                 regio_plan_findings **out, regio_error *err);

/* The publication a source text cites (src/extract/extract_source.c states the rule): the 《title》 of an
 * official source, the web site or data set of a secondary one (official: 1 for an official kind of source).
 * Writes it to buf (cut at a character boundary) and returns 1, or 0 for an empty text. */
REGIO_API int regio_source_publication(const char *source, int official, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
