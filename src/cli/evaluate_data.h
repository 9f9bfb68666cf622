/* evaluate_data.h — what the files of `regio evaluate --data/--meta` share (not public): the loaded tables, the
 * pipeline options and one year's result, so the analysis (cmd_evaluate_analysis.c) and the uncertainty
 * (cmd_evaluate_ua.c) parts can work on the same build as the main command (cmd_evaluate_data.c). */
#ifndef REGIO_CLI_EVALUATE_DATA_H
#define REGIO_CLI_EVALUATE_DATA_H

#include <jansson.h>

#include "cli/cli.h"
#include "regio/composite.h"
#include "regio/pipeline.h"

typedef struct ev_build {
    const regio_coinr_meta *mt;
    const regio_coinr_data *d;
    size_t t;                        /* year block of d */
    const unsigned char *flags;      /* that year's cell flags before the pipeline (panel imputation) */
    const regio_pipeline_opts *po;
    const regio_pipeline_result *r;  /* the nominal build of that year */
} ev_build;

/* The composite input and denominators of the build's year. */
void ev_build_input(const ev_build *b, regio_composite_input *in, regio_pipeline_denoms *dn);

/* COINr's statistics of the build (get_stats, get_corr, get_corr_flags, get_denom_corr, get_cronbach, get_PCA,
 * get_str_weak, effective weights) as one JSON object. NULL on out of memory. */
json_t *ev_analysis_json(const ev_build *b);

/* remove_elements: the index rebuilt with each node of `level` weighted 0 in turn; mean |rank change| per node. */
json_t *ev_remove_elements_json(const ev_build *b, int level, regio_error *err);

/* One unit's summary (score and rank at every aggregate) and its strengths and weaknesses, as a table. */
int ev_unit_report(cli *c, const ev_build *b, const char *unit);

/* Rank changes against another `regio evaluate --format json` output (COINr compare_coins): a table or JSON. */
int ev_compare(cli *c, const ev_build *b, const char *other_json);

/* Monte Carlo rank intervals (draws) and, when sobol_n >= 2, Sobol indices with nboot bootstrap replicates, over
 * the factors of `factors` (NULL = COINr's sensitivity-vignette factors). *out gets the JSON object. */
int ev_uncertainty(cli *c, const ev_build *b, const char *factors, size_t draws, size_t sobol_n, unsigned long long seed,
                   int threads, size_t nboot, json_t **out);
/* The rank intervals and the Sobol table of that object, as tables. */
int ev_uncertainty_table(cli *c, const ev_build *b, const json_t *u);

/* --save-settings FILE: the options that shape the result and the SHA-256 of every input file. */
int ev_settings_save(cli *c, const char *path, int argc, char **argv);
/* --settings FILE: checks the files are unchanged and reruns those options (with this call's --format/--lang). */
int ev_settings_rerun(cli *c, const char *path, int argc, char **argv);

#endif
