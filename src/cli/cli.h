/* cli.h — what the command files of the regio program share: the run context, option parsing, opening the
 * store, and printing errors. The commands themselves only parse, call the library and hand results to the
 * renderers; no statistics are computed here. */
#ifndef REGIO_CLI_H
#define REGIO_CLI_H

#include <stdio.h>

#include "regio/error.h"
#include "regio/names.h"
#include "regio/version.h"
#include "regio/plan.h"
#include "regio/render.h"
#include "regio/store.h"

/* Exit codes scripts can rely on. */
enum { CLI_OK = 0, CLI_USER = 1, CLI_INTERNAL = 2, CLI_DONE = -1 };

typedef struct cli {
    regio_lang lang;
    regio_format fmt;
    const char *db;        /* --db, $REGIO_DB or regio.db */
    const char *format_s;  /* --format as given */
    const char *lang_s;    /* --lang as given */
    regio_store *st;
    regio_plan *plan;
    regio_names *names;    /* built by cli_open: --region, --group and indicators by code or name */
    FILE *out;
} cli;

typedef enum { OPT_FLAG, OPT_STR, OPT_INT, OPT_LIST } cli_optkind;

/* The values of a repeatable option (OPT_LIST: --ignore A --ignore B), in order; argv's strings, not copied. */
#define CLI_LIST_MAX 64
typedef struct cli_list {
    const char *v[CLI_LIST_MAX];
    size_t n;
} cli_list;

typedef struct cli_opt {
    const char *name;      /* "--year" */
    cli_optkind kind;
    void *dest;            /* int* for OPT_FLAG and OPT_INT, const char** for OPT_STR, cli_list* for OPT_LIST */
    const char *arg;       /* metavariable for help, e.g. "Y" */
    const char *help_zh, *help_en;
} cli_opt;

typedef struct cli_cmd {
    const char *name;
    const char *args;      /* positional arguments for usage, e.g. "INDICATOR" */
    const char *summary_zh, *summary_en;
    int (*run)(cli *c, int argc, char **argv);
} cli_cmd;

/* Parses argv (after the command name cmd) against opts plus the common ones (--db --lang --format
 * --help); positional arguments are collected into pos (up to maxpos). Returns CLI_OK; CLI_DONE after
 * printing the help asked for with --help; or CLI_USER after printing what was wrong. */
int cli_parse(cli *c, const char *cmd, int argc, char **argv, const cli_opt *opts, size_t nopts, const char **pos,
              size_t maxpos, size_t *npos);

/* cli_parse, returning from the calling command unless parsing succeeded. */
#define CLI_PARSE(c, cmd, argc, argv, opts, nopts, pos, maxpos, npos)                         \
    do {                                                                                      \
        int parse_rc_ = cli_parse(c, cmd, argc, argv, opts, nopts, pos, maxpos, npos);        \
        if (parse_rc_) return parse_rc_ == CLI_DONE ? CLI_OK : parse_rc_;                     \
    } while (0)

/* Opens c->db (existing) and loads its plan. Prints the error and returns non-zero on failure. */
int cli_open(cli *c);
void cli_close(cli *c);

/* Prints err in c->lang to stderr and maps its code to an exit code. */
int cli_fail(const cli *c, const regio_error *err);

/* Prints a usage error (both args formatted like regio_error_set) and returns CLI_USER. */
int cli_usage_error(const cli *c, const char *zh, const char *en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes a grid in c->fmt to c->out; returns an exit code. */
int cli_write_grid(cli *c, const regio_grid *g, const char *title);

/* Look up a region, indicator or group by code or name (names.h: 昆明 / 昆明市 / 530100, 滇中, GDP / 地区生产总值);
 * on failure print why (with "did you mean" or the ambiguous candidates) and return CLI_USER. A former name
 * is accepted with a note on stderr. */
int cli_region(const cli *c, const char *code, size_t *out);
int cli_indicator(const cli *c, const char *code, size_t *out);
int cli_group(const cli *c, const char *code, size_t *out);
/* A region or a group (a region when the text names one, else a group): *is_group says which. */
int cli_region_or_group(const cli *c, const char *text, int *is_group, size_t *out);
int cli_year(const cli *c, const char *text, int *out);
/* --vintage latest|first (NULL = latest). */
int cli_vintage(const cli *c, const char *text, regio_vintage *out);

/* Splits a comma list in place into at most max items; returns the count. */
size_t cli_split(char *s, char **items, size_t max);

/* Shortcuts for the user's language. */
#define TR(c, zh, en) REGIO_TR((c)->lang, zh, en)
const char *cli_name(const cli *c, const char *zh, const char *en);

/* The commands. */
int cmd_init(cli *c, int argc, char **argv);
int cmd_import(cli *c, int argc, char **argv);
int cmd_extract(cli *c, int argc, char **argv);    /* bulletin and plan text (cmd_extract.c) */
int cmd_batches(cli *c, int argc, char **argv);
int cmd_undo(cli *c, int argc, char **argv);
int cmd_regions(cli *c, int argc, char **argv);
int cmd_groups(cli *c, int argc, char **argv);
int cmd_groups_derive(cli *c, int argc, char **argv); /* membership by travel time (cmd_groups_derive.c) */
/* For each group g with used[g] whose membership was derived, one line saying how (stdout for a table, else
 * stderr, so CSV and JSON stay clean); an approximation says so. */
int cli_note_derived_groups(const cli *c, const unsigned char *used);
int cmd_indicators(cli *c, int argc, char **argv);
int cmd_targets(cli *c, int argc, char **argv);
int cmd_needs(cli *c, int argc, char **argv);
int cmd_overview(cli *c, int argc, char **argv);
int cmd_coverage(cli *c, int argc, char **argv);
int cmd_value(cli *c, int argc, char **argv);
int cmd_check(cli *c, int argc, char **argv);
int cmd_disparity(cli *c, int argc, char **argv);
int cmd_convergence(cli *c, int argc, char **argv);
int cmd_markov(cli *c, int argc, char **argv);
int cmd_spatial(cli *c, int argc, char **argv);
int cmd_evaluate(cli *c, int argc, char **argv);      /* dispatches: --data → cmd_evaluate_data, else the plan */
int cmd_evaluate_data(cli *c, int argc, char **argv); /* COINr-style iData/iMeta tables (cmd_evaluate_data.c) */
int cmd_evaluate_plan(cli *c, int argc, char **argv); /* the plan's classified evaluation (cmd_evaluate_plan.c) */
int cmd_topsis(cli *c, int argc, char **argv);
int cmd_ccd(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_serve(cli *c, int argc, char **argv);
int cmd_zones(cli *c, int argc, char **argv);
int cmd_access(cli *c, int argc, char **argv);     /* travel times and accessibility (cmd_access.c) */      /* zone types: list, import the official list (cmd_zones.c) */

extern const cli_cmd CLI_COMMANDS[];
extern const size_t CLI_NCOMMANDS;

#endif
