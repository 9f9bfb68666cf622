/* report_internal.h — what the report's files share: building tables and sections of the model, the text
 * buffer, and the map outlines. Only src/report/ includes it. */
#ifndef REGIO_REPORT_INTERNAL_H
#define REGIO_REPORT_INTERNAL_H

#include "regio/report.h"
#include "regio/svg.h"

#define RTR(r, zh, en) REGIO_TR((r)->lang, zh, en)

/* report.csv of the plan directory (report_config.c): what the gap and map sections show */
#define REP_MAX_LIST 8
typedef struct rep_config {
    char *path;                 /* the file read, or looked for */
    int found;                  /* the file exists */
    unsigned sections;          /* bit per known section (0 = every section) */
    int order[16];              /* the sections in the order report.csv lists them (indices of the known sections) */
    size_t norder;              /* 0: the default order */
    long gap_indicator;         /* the σ/β series, -1 = none */
    regio_level gap_level;
    long county[REP_MAX_LIST];  /* county cross-sections of the gaps section */
    size_t ncounty;
    long weight;                /* population weight of the decomposition, -1 = none */
    long partition;             /* the partition the Theil index is decomposed by, -1 = none */
    int census[REP_MAX_LIST];   /* census years: county cross-sections are taken in the latest one up to the report year */
    size_t ncensus;
    long map_county[REP_MAX_LIST], map_pref[REP_MAX_LIST];
    size_t nmap_county, nmap_pref;
    long lisa_indicator;        /* -1 = no LISA map */
    char *lisa_weights;         /* stored weights name, NULL = none */
    char *projection;           /* PROJ string for the maps, NULL = the renderer's default */
} rep_config;
int regio__report_config_load(regio_store *st, const regio_plan *plan, const char *plan_dir, rep_config **out, regio_error *err);
void regio__report_config_free(rep_config *c);
int regio__report_config_wants(const rep_config *c, const char *section);
/* where a section stands in the report: its place in report.csv's list, else in the default order (summary,
 * overview, targets, gaps, maps, evaluation, data, needs, annex_codes); unknown keys after them */
int regio__report_config_rank(const rep_config *c, const char *section);
int regio__report_config_census_year(const rep_config *c, int year);

/* a table under construction; returns its index or -1 (out of memory) */
long regio__report_table_new(regio_report *r, const char *key, const char *title_zh, const char *title_en);
int regio__report_col(regio_report *r, long t, const char *key, const char *zh, const char *en, const char *unit,
            regio_rcol_type type, int decimals);
long regio__report_row(regio_report *r, long t);
void regio__report_set_text(regio_report *r, long t, long row, size_t col, const char *text);
void regio__report_set_num(regio_report *r, long t, long row, size_t col, double v);
void regio__report_row_class(regio_report *r, long t, long row, const char *cls);

/* sections and blocks; the current section is the last one */
int regio__report_section(regio_report *r, const char *key, const char *title);
void regio__report_covered(regio_report *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void regio__report_html(regio_report *r, const char *html);          /* takes a copy */
void regio__report_htmlf(regio_report *r, const char *fmt, ...)       /* formatted; arguments must be escaped already */
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void regio__report_para(regio_report *r, const char *text);           /* <p> with text escaped */
void regio__report_table_block(regio_report *r, long t);
int regio__report_failed(const regio_report *r);                      /* an allocation failed somewhere */

/* reading the model back (the summary reads the tables the sections built, so its numbers are theirs) */
const regio_rtable *regio__report_table_find(const regio_report *r, const char *key);   /* NULL when absent */
double regio__report_num(const regio_rtable *t, size_t row, const char *key);           /* NaN when absent */
const char *regio__report_text(const regio_rtable *t, size_t row, const char *key);      /* NULL when absent */

/* numbering: sections are numbered once, by regio__report_finish, after they are put in report.csv's order (body sections
 * first, annexes after them: regio__report_config_rank); a section's number is known before that; annex sections have keys
 * starting with "annex" and are numbered apart (附件一 / Annex A) */
int regio__report_is_annex(const char *key);
int regio__report_section_number(const regio_report *r, const char *key);
void regio__report_section_label(const regio_report *r, const char *key, char *buf, size_t cap); /* "第二部分" / "section 2" */
void regio__report_finish(regio_report *r);

/* outlines of every region of a level, projected; from the store's region_geometry table, else from the polygon
 * file recorded at init (region_point.source), else from boundaries. *source says which. */
int regio__report_shapes(regio_store *st, const regio_plan *plan, regio_level level, const char *boundaries, const char *proj4,
               regio_map_shapes **out, char **source, regio_error *err);

/* the sections */
int regio__report_sec_overview(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                     regio_error *err);
int regio__report_sec_targets(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err);
int regio__report_sec_gaps(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err);
/* The plan's gap targets (kind "gap") with their trend test, inside the gaps section (report_gap_targets.c). */
int regio__report_gap_targets(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err);
int regio__report_sec_maps(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                 const regio_map_shapes *pref, const regio_report_opts *o, regio_error *err);
int regio__report_sec_evaluation(regio_report *r, regio_store *st, const regio_plan *plan, const regio_map_shapes *county,
                       const regio_report_opts *o, regio_error *err);
/* Figures by kind of source: a paragraph and a table (≤ one row per kind) in the body, the full list by source as
 * table "source_list" for the annex (report_sources.c). */
int regio__report_sources(regio_report *r, regio_store *st, regio_error *err);
int regio__report_sec_data(regio_report *r, regio_store *st, const regio_plan *plan, const regio_report_opts *o,
                 regio_error *err);
/* the technical annex (report_annex.c): codes, data needs, import batches, the run */
int regio__report_sec_annex(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err);
/* the data still to find (report_needs.c): the last body section, from regio_needs_build */
int regio__report_sec_needs(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err);
/* the executive summary (report_summary.c), built last from the other sections' tables and the targets */
int regio__report_sec_summary(regio_report *r, regio_store *st, const regio_plan *plan, regio_error *err);

#endif
