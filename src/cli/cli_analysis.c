/* cli_analysis.c — see cli_analysis.h. */
#include "cli/cli_analysis.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/json_out.h"
#include "regio/weights_build.h"

int cli_analysis_years(cli *c, const cli_analysis *a, int need, int **years, size_t *n) {
    *years = NULL;
    *n = 0;
    if (a->year && a->years) return cli_usage_error(c, "--year 与 --years 只能给一个", "give --year or --years, not both");
    const char *s = a->year ? a->year : a->years;
    if (!s) {
        if (a->data) { /* years from the value columns: labels 0 unless given */
            size_t k = 1;
            for (const char *p = a->value ? a->value : ""; *p; p++) k += *p == ',';
            *years = calloc(k, sizeof **years);
            if (!*years) return CLI_INTERNAL;
            *n = k;
            return CLI_OK;
        }
        return cli_usage_error(c, need > 1 ? "需要 --years A:B" : "需要 --year Y 或 --years A:B",
                               need > 1 ? "--years A:B is required" : "--year Y or --years A:B is required");
    }
    long lo, hi;
    const char *colon = strchr(s, ':');
    if (colon) {
        char buf[32];
        snprintf(buf, sizeof buf, "%.*s", (int)(colon - s), s);
        if (regio_parse_long(buf, &lo) || regio_parse_long(colon + 1, &hi) || lo > hi || hi - lo > 500)
            return cli_usage_error(c, "年份范围 “%s” 无效（应为 A:B，A ≤ B）", "invalid year range '%s' (A:B with A ≤ B)", s);
        *n = (size_t)(hi - lo + 1);
        *years = malloc(*n * sizeof **years);
        if (!*years) return CLI_INTERNAL;
        for (size_t i = 0; i < *n; i++) (*years)[i] = (int)lo + (int)i;
    } else {
        size_t k = 1;
        for (const char *p = s; *p; p++) k += *p == ',';
        *years = malloc(k * sizeof **years);
        if (!*years) return CLI_INTERNAL;
        char *copy = strdup(s), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (regio_parse_long(tok, &lo) || lo < 1000 || lo > 3000) {
                free(copy);
                free(*years);
                *years = NULL;
                *n = 0;
                return cli_usage_error(c, "年份 “%s” 无效", "invalid year '%s'", tok);
            }
            for (size_t i = 0; i < *n; i++)
                if ((*years)[i] == (int)lo) { /* a repeated year was analysed twice (issue 13, item 9) */
                    free(copy);
                    free(*years);
                    *years = NULL;
                    *n = 0;
                    return cli_usage_error(c, "--years 中年份 %ld 出现了两次", "year %ld is given twice in --years", lo);
                }
            (*years)[(*n)++] = (int)lo;
        }
        free(copy);
    }
    if ((int)*n < need) {
        free(*years);
        *years = NULL;
        return cli_usage_error(c, "至少需要 %d 个年份", "at least %d years are needed", need);
    }
    return CLI_OK;
}

static void report_dropped(const cli *c, const regio_xsection *xs) {
    if (!xs->ndropped) return;
    fprintf(stderr, TR(c, "regio：%zu 个单元因缺少数据未计入：", "regio: %zu units left out for missing data:"), xs->ndropped);
    for (size_t i = 0; i < xs->ndropped && i < 20; i++) fprintf(stderr, " %s (%s)", xs->dropped_ids[i], xs->dropped_why[i]);
    fprintf(stderr, "%s\n", xs->ndropped > 20 ? " …" : "");
}

static int load_data(cli *c, const cli_analysis *a, const int *years, size_t nyears, regio_xsection **out) {
    if (!a->id || (!a->value && !a->years))
        return cli_usage_error(c, "--data 需要 --id 列，以及 --value 列或以年份命名的列（--years）",
                               "--data needs --id COL and --value COL (or --years, for columns named by year)");
    regio_error err;
    regio_error_clear(&err);
    regio_table *t = NULL;
    if (regio_table_read(a->data, NULL, &t, &err)) return cli_fail(c, &err);
    /* --value a,b,c names the columns; without it, --years names them ("1929", "1930", …) */
    char *copy = NULL, *save = NULL, names[512][12];
    const char *cols[512];
    size_t n = 0;
    if (a->value) {
        copy = strdup(a->value);
        for (char *tok = strtok_r(copy, ",", &save); tok && n < 512; tok = strtok_r(NULL, ",", &save)) cols[n++] = tok;
    } else {
        for (size_t k = 0; k < nyears && k < 512; k++, n++) {
            snprintf(names[k], sizeof names[k], "%d", years[k]);
            cols[k] = names[k];
        }
    }
    int rc = CLI_OK;
    if (n != nyears)
        rc = cli_usage_error(c, "--value 给了 %zu 列，而年份有 %zu 个", "--value names %zu columns but %zu years were given", n, nyears);
    regio_xsection_table_opts o = {a->id, cols, years, n, a->weight_col ? a->weight_col : a->weight, a->group_col, a->name_col};
    if (!rc && regio_xsection_from_table(t, &o, out, &err)) rc = cli_fail(c, &err);
    free(copy);
    regio_table_free(t);
    return rc;
}

/* --partition: a partition code, or a comma list of group codes. */
static int grouping(cli *c, const char *s, long *partition, size_t **groups, size_t *ng) {
    *partition = regio_plan_partition(c->plan, s);
    *groups = NULL;
    *ng = 0;
    if (*partition >= 0) return CLI_OK;
    size_t k = 1;
    for (const char *p = s; *p; p++) k += *p == ',';
    *groups = malloc(k * sizeof **groups);
    char *copy = strdup(s), *save = NULL;
    int rc = *groups && copy ? CLI_OK : CLI_INTERNAL;
    for (char *tok = strtok_r(copy, ",", &save); !rc && tok; tok = strtok_r(NULL, ",", &save)) {
        size_t g;
        if ((rc = cli_group(c, tok, &g)) == CLI_OK) (*groups)[(*ng)++] = g;
    }
    free(copy);
    return rc;
}

int cli_analysis_load(cli *c, cli_analysis *a, const int *years, size_t nyears, regio_xsection **out) {
    *out = NULL;
    int rc;
    if (a->data) {
        rc = load_data(c, a, years, nyears, out);
    } else {
        if (!a->indicator) return cli_usage_error(c, "需要指标编码（或用 --data 分析自己的表）", "an indicator is needed (or --data for your own table)");
        if (!c->st && (rc = cli_open(c))) return rc; /* loaded once: commands call this once per year */
        size_t ind;
        if ((rc = cli_indicator(c, a->indicator, &ind))) return rc;
        a->indicator = c->plan->indicators[ind].code; /* a name given is reported by its code */
        regio_xsection_plan_opts o = {ind, years, nyears, REGIO_LEVEL_COUNTY, -1, -1, NULL, 0, REGIO_VINTAGE_LATEST};
        if ((rc = cli_vintage(c, a->vintage, &o.vintage))) return rc;
        if (a->level && regio_level_parse(a->level, &o.level))
            return cli_usage_error(c, "--level 应为 county 或 prefecture", "--level must be county or prefecture");
        size_t wi, *groups = NULL;
        if (a->weight) {
            if ((rc = cli_indicator(c, a->weight, &wi))) return rc;
            a->weight = c->plan->indicators[wi].code;
            o.weight = (long)wi;
        }
        if (a->partition && (rc = grouping(c, a->partition, &o.partition, &groups, &o.ngroups))) { free(groups); return rc; }
        o.groups = groups;
        regio_error err;
        regio_error_clear(&err);
        if (nyears > 1 && (rc = cli_analysis_span(c, a, years, nyears))) { free(groups); return rc; }
        if (regio_xsection_from_plan(c->st, c->plan, &o, out, &err)) rc = cli_fail(c, &err);
        free(groups);
    }
    if (rc) return rc;
    report_dropped(c, *out);
    if ((*out)->n < 2) {
        regio_xsection_free(*out);
        *out = NULL;
        return cli_usage_error(c, "有数据的单元不足 2 个，无法分析", "fewer than 2 units have data: nothing to analyse");
    }
    return CLI_OK;
}

/* Plan mode: "queen"/"rook" → the stored <level>_<kind> set; "knn:K" → from the stored label points. */
static int plan_weights(cli *c, const cli_analysis *a, const regio_xsection *xs, regio_weights **out, regio_error *err) {
    const char *spec = a->weights ? a->weights : "queen";
    const char *level = a->level ? a->level : "county";
    if (strncmp(spec, "knn:", 4) == 0) {
        long k;
        if (regio_parse_long(spec + 4, &k) || k < 1)
            return regio_error_set(err, REGIO_EINVAL, "--weights knn:K 中的 K 应为正整数", "--weights knn:K needs a positive integer K");
        double *lon = malloc(xs->n * sizeof *lon), *lat = malloc(xs->n * sizeof *lat);
        int rc = lon && lat ? regio_store_load_points(c->st, c->plan, xs->region, xs->n, lon, lat, err) : REGIO_ENOMEM;
        for (size_t i = 0; !rc && i < xs->n; i++)
            if (lon[i] != lon[i])
                rc = regio_error_set(err, REGIO_EINVAL, "%s 没有位置点，无法构建 knn 权重（规划的 boundaries/ 只给出了县的边界）",
                                     "%s has no point: knn weights need points (the plan's boundaries/ give county polygons)", xs->ids[i]);
        if (!rc) rc = regio_weights_knn(lon, lat, xs->n, (size_t)k, REGIO_DIST_GREAT_CIRCLE, 0, out, err);
        if (!rc) {
            (*out)->ids = calloc(xs->n, sizeof *(*out)->ids);
            for (size_t i = 0; (*out)->ids && i < xs->n; i++) (*out)->ids[i] = strdup(xs->ids[i]);
        }
        free(lon);
        free(lat);
        return rc;
    }
    if (strncmp(spec, "band:", 5) == 0) {
        double km;
        if (regio_parse_number(spec + 5, &km) || km <= 0)
            return regio_error_set(err, REGIO_EINVAL, "--weights band:D 中的 D 应为正数（公里）", "--weights band:D needs a positive distance D (km)");
        double *lon = malloc(xs->n * sizeof *lon), *lat = malloc(xs->n * sizeof *lat);
        int rc = lon && lat ? regio_store_load_points(c->st, c->plan, xs->region, xs->n, lon, lat, err) : REGIO_ENOMEM;
        for (size_t i = 0; !rc && i < xs->n; i++)
            if (lon[i] != lon[i])
                rc = regio_error_set(err, REGIO_EINVAL, "%s 没有位置点，无法构建距离权重", "%s has no point: distance weights need points", xs->ids[i]);
        if (!rc) rc = regio_weights_band(lon, lat, xs->n, km, REGIO_DIST_GREAT_CIRCLE, 0, out, err);
        if (!rc) {
            (*out)->ids = calloc(xs->n, sizeof *(*out)->ids);
            for (size_t i = 0; (*out)->ids && i < xs->n; i++) (*out)->ids[i] = strdup(xs->ids[i]);
        }
        free(lon);
        free(lat);
        return rc;
    }
    if (strcmp(spec, "queen") != 0 && strcmp(spec, "rook") != 0)
        return regio_error_set(err, REGIO_EINVAL, "--weights 应为 queen、rook、knn:K 或 band:D，而不是 “%s”",
                               "--weights must be queen, rook, knn:K or band:D, not '%s'", spec);
    char name[128];
    snprintf(name, sizeof name, "%s_%s", level, spec);
    return regio_store_load_weights(c->st, c->plan, name, xs->region, xs->n, out, err);
}

static int data_weights(cli *c, cli_analysis *a, const regio_xsection *xs, regio_weights **out, regio_error *err) {
    regio_weights *all = NULL;
    int rc;
    if (a->neighbours) {
        size_t len = strlen(a->neighbours);
        if (len > 4 && strcmp(a->neighbours + len - 4, ".gal") == 0) rc = regio_weights_read_gal(a->neighbours, 0, &all, err);
        else rc = regio_weights_read_csv(a->neighbours, (const char *const *)xs->ids, xs->n, 0, &all, err);
        snprintf(a->wdesc_zh, sizeof a->wdesc_zh, "邻接文件 %s%s", a->neighbours, a->directed ? "（有向）" : "");
        snprintf(a->wdesc_en, sizeof a->wdesc_en, "neighbours file %s%s", a->neighbours, a->directed ? " (directed)" : "");
        if (!rc && !a->directed && !regio_weights_symmetric(all)) {
            regio_weights *sym = NULL;
            size_t added = 0;
            if ((rc = regio_weights_symmetrise(all, &sym, &added, err))) { regio_weights_free(all); return rc; }
            regio_weights_free(all);
            all = sym;
            if (added)
                fprintf(stderr, TR(c, "regio：%s 中有 %zu 条邻接关系只列了一个方向，已补上反向关系（与 spdep、esda 读法相同）；要按有向关系计算请用 --directed\n",
                                   "regio: %s lists %zu links in one direction only: their reverse links were added (as spdep and esda read such lists); use --directed to keep them one-way\n"),
                        a->neighbours, added);
        }
    } else if (a->boundaries) {
        const char *spec = a->weights ? a->weights : "queen";
        if (strcmp(spec, "queen") != 0 && strcmp(spec, "rook") != 0)
            return regio_error_set(err, REGIO_EINVAL, "--boundaries 只支持 queen 或 rook", "--boundaries supports queen or rook");
        regio_polygons *pg = NULL;
        rc = regio_polygons_read(a->boundaries, a->layer, a->id_field ? a->id_field : a->id, &pg, err);
        if (!rc) {
            const char *wz = pg->warn_zh, *we = pg->warn_en; /* null and self-crossing geometries, named */
            if (we) fputs(TR(c, wz, we), stderr);
            regio_rings r = regio_polygons_rings(pg);
            rc = regio_weights_contiguity_rings(&r, strcmp(spec, "rook") == 0 ? REGIO_CONTIG_ROOK : REGIO_CONTIG_QUEEN, 0, &all, err);
            if (!rc) { all->ids = pg->ids; pg->ids = NULL; }
        }
        regio_polygons_free(pg);
        snprintf(a->wdesc_zh, sizeof a->wdesc_zh, "%s 邻接（%s）", strcmp(spec, "rook") == 0 ? "rook" : "queen", a->boundaries);
        snprintf(a->wdesc_en, sizeof a->wdesc_en, "%s contiguity from %s", strcmp(spec, "rook") == 0 ? "rook" : "queen", a->boundaries);
    } else {
        return regio_error_set(err, REGIO_EINVAL, "--data 的空间分析需要 --neighbours 文件或 --boundaries 文件",
                               "spatial analysis of --data needs --neighbours FILE or --boundaries FILE");
    }
    if (rc) return rc;
    size_t unknown = 0;
    rc = regio_weights_select(all, (const char *const *)xs->ids, xs->n, out, &unknown, err);
    if (!rc && unknown)
        fprintf(stderr, TR(c, "regio：%zu 个单元不在邻接文件中，按孤岛处理\n", "regio: %zu units are not in the neighbours file: treated as islands\n"), unknown);
    regio_weights_free(all);
    return rc;
}

int cli_analysis_weights(cli *c, cli_analysis *a, const regio_xsection *xs, regio_weights **out) {
    regio_error err;
    regio_error_clear(&err);
    *out = NULL;
    if (!a->data) {
        const char *spec = a->weights ? a->weights : "queen";
        snprintf(a->wdesc_zh, sizeof a->wdesc_zh, "%s", spec);
        snprintf(a->wdesc_en, sizeof a->wdesc_en, "%s", spec);
    }
    if ((a->data ? data_weights(c, a, xs, out, &err) : plan_weights(c, a, xs, out, &err))) return cli_fail(c, &err);
    size_t islands = regio_weights_islands(*out, NULL);
    if (islands)
        fprintf(stderr, TR(c, "regio：%zu 个单元没有邻居（孤岛），不计算其局部统计量\n", "regio: %zu units have no neighbours (islands): no local statistic for them\n"),
                islands);
    return CLI_OK;
}

int cli_analysis_span(cli *c, cli_analysis *a, const int *years, size_t nyears) {
    if (a->data || nyears < 2) return CLI_OK;
    if (!a->indicator) return cli_usage_error(c, "需要指标编码（或用 --data 分析自己的表）", "an indicator is needed (or --data for your own table)");
    int rc;
    if (!c->st && (rc = cli_open(c))) return rc;
    size_t ind, wi;
    long weight = -1;
    regio_level lv = REGIO_LEVEL_COUNTY;
    if ((rc = cli_indicator(c, a->indicator, &ind))) return rc;
    if (a->weight) { if ((rc = cli_indicator(c, a->weight, &wi))) return rc; weight = (long)wi; }
    if (a->level && regio_level_parse(a->level, &lv))
        return cli_usage_error(c, "--level 应为 county 或 prefecture", "--level must be county or prefecture");
    int y0 = years[0], y1 = years[0];
    for (size_t i = 1; i < nyears; i++) { if (years[i] < y0) y0 = years[i]; if (years[i] > y1) y1 = years[i]; }
    regio_error err;
    regio_error_clear(&err);
    if (regio_plan_span_check(c->plan, ind, weight, (int)lv, -1, y0, y1, a->across_breaks, a->break_zh, a->break_en,
                              sizeof a->break_zh, &err))
        return cli_fail(c, &err);
    return CLI_OK;
}

void cli_analysis_break_note(cli *c, const cli_analysis *a) {
    const char *note = c->lang == REGIO_LANG_ZH ? a->break_zh : a->break_en;
    if (!*note) return;
    fprintf(c->fmt == REGIO_FMT_CSV ? stderr : c->out, "%s\n", note);
}

json_t *cli_analysis_break_json(const cli *c, const cli_analysis *a) {
    const char *note = c->lang == REGIO_LANG_ZH ? a->break_zh : a->break_en;
    if (!*note) return json_null();
    return json_pack("{s:b, s:s}", "crossed", 1, "note", note);
}
