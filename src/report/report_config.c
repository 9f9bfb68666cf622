/* report_config.c — what the report shows, read from the plan directory's report.csv (docs/report.md), so that
 * src/report/ holds no indicator code, partition or year of any one plan and the same report runs on another
 * plan. The file has one setting a row (key,value,note); lists are separated by ';'. Every code is checked
 * against the plan, and an unknown key or code is an error naming the file, line and column, as in every other
 * plan file. The plan directory is the one `regio init` recorded (store meta plan_dir) unless the caller names
 * one; without a report.csv the report still has its summary, overview, targets, evaluation and data sections,
 * and the gap and map sections say that nothing is configured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/table.h"
#include "report/report_internal.h"

void regio__report_config_free(rep_config *c) {
    if (!c) return;
    free(c->path);
    free(c->lisa_weights);
    free(c->projection);
    free(c);
}

static int bad(regio_error *err, const char *path, long line, int col, const char *zh, const char *en, const char *text) {
    char mz[REGIO_ERRMSG_MAX], me[REGIO_ERRMSG_MAX];
    snprintf(mz, sizeof mz, "%s 第 %ld 行第 %d 列：%s：“%s”", path, line, col, zh, text);
    snprintf(me, sizeof me, "%s line %ld column %d: %s: '%s'", path, line, col, en, text);
    return regio_error_set_text(err, REGIO_EINVAL, mz, me);
}

/* a ';'-separated list of indicator codes into out[cap] */
static int indicators(const regio_plan *plan, const char *v, long *out, size_t cap, size_t *n, const char *path, long line,
                      regio_error *err) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", v);
    *n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len && tok[len - 1] == ' ') tok[--len] = 0;
        if (!*tok) continue;
        long k = regio_plan_indicator(plan, tok);
        if (k < 0) return bad(err, path, line, 2, "未知指标编码", "unknown indicator code", tok);
        if (*n >= cap) return bad(err, path, line, 2, "列出的指标过多", "too many indicators listed", v);
        out[(*n)++] = k;
    }
    return REGIO_OK;
}

static int years(const char *v, int *out, size_t cap, size_t *n, const char *path, long line, regio_error *err) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", v);
    *n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char *end;
        long y = strtol(tok, &end, 10);
        while (*end == ' ') end++;
        if (*end || y < 1900 || y > 2200) return bad(err, path, line, 2, "年份无效", "not a year", tok);
        if (*n >= cap) return bad(err, path, line, 2, "列出的年份过多", "too many years listed", v);
        out[(*n)++] = (int)y;
    }
    return REGIO_OK;
}

static const char *const SECTIONS[] = {"summary", "overview", "targets", "gaps", "maps", "evaluation", "data", "needs", "annex_codes"};

int regio__report_config_wants(const rep_config *c, const char *section) {
    if (!c || !c->sections) return 1;
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++)
        if (strcmp(SECTIONS[i], section) == 0) return (c->sections >> i) & 1u;
    return 1; /* a section this list does not know (another module's) is not switched off here */
}

int regio__report_config_rank(const rep_config *c, const char *section) {
    size_t nk = sizeof SECTIONS / sizeof SECTIONS[0], j = 0;
    while (j < nk && strcmp(SECTIONS[j], section) != 0) j++;
    if (j == nk) return 1000;
    if (!c || !c->norder) return (int)j;
    for (size_t i = 0; i < c->norder; i++)
        if (c->order[i] == (int)j) return (int)i;
    return 1000 + (int)j; /* not listed: not built either */
}

int regio__report_config_load(regio_store *st, const regio_plan *plan, const char *plan_dir, rep_config **out, regio_error *err) {
    *out = NULL;
    rep_config *c = calloc(1, sizeof *c);
    if (!c) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    c->gap_indicator = c->weight = c->partition = c->lisa_indicator = -1;
    c->gap_level = REGIO_LEVEL_PREFECTURE;
    char *dir = plan_dir ? strdup(plan_dir) : NULL;
    if (!dir) {
        regio_error me;
        regio_error_clear(&me);
        regio_store_meta_get(st, "plan_dir", &dir, &me);
    }
    if (!dir) { *out = c; return REGIO_OK; } /* no plan directory known: nothing configured */
    size_t n = strlen(dir) + sizeof "/report.csv";
    c->path = malloc(n);
    if (!c->path) { free(dir); regio__report_config_free(c); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    snprintf(c->path, n, "%s/report.csv", dir);
    free(dir);
    FILE *probe = fopen(c->path, "rb");
    if (!probe) { *out = c; return REGIO_OK; } /* the file is optional */
    fclose(probe);
    regio_table *t = NULL;
    int rc = regio_table_read(c->path, NULL, &t, err);
    if (rc) { regio__report_config_free(c); return rc; }
    long ck = regio_table_col(t, "key"), cv = regio_table_col(t, "value");
    if (ck < 0 || cv < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：需要 key 与 value 两列", "%s line %ld: columns key and value are required", c->path,
                             t->header_line);
        goto done;
    }
    c->found = 1;
    for (size_t i = 0; i < t->nrows && !rc; i++) {
        const char *k = regio_table_cell(t, i, (size_t)ck), *v = regio_table_cell(t, i, (size_t)cv);
        long line = t->line[i];
        size_t nn = 0;
        if (!*k) continue;
        if (strcmp(k, "sections") == 0) {
            char buf[512];
            snprintf(buf, sizeof buf, "%s", v);
            c->sections = 0;
            c->norder = 0;
            for (char *save = NULL, *tok = strtok_r(buf, ";", &save); tok && !rc; tok = strtok_r(NULL, ";", &save)) {
                while (*tok == ' ') tok++;
                size_t j = 0;
                while (j < sizeof SECTIONS / sizeof SECTIONS[0] && strcmp(SECTIONS[j], tok) != 0) j++;
                if (j == sizeof SECTIONS / sizeof SECTIONS[0]) rc = bad(err, c->path, line, 2, "未知报告部分", "unknown report section", tok);
                else if ((c->sections >> j) & 1u) rc = bad(err, c->path, line, 2, "报告部分重复", "report section listed twice", tok);
                else {
                    c->sections |= 1u << j;
                    c->order[c->norder++] = (int)j;
                }
            }
        } else if (strcmp(k, "gap_indicator") == 0) {
            long one[1];
            if (!(rc = indicators(plan, v, one, 1, &nn, c->path, line, err)) && nn) c->gap_indicator = one[0];
        } else if (strcmp(k, "gap_level") == 0) {
            regio_level lv;
            if (regio_level_parse(v, &lv)) rc = bad(err, c->path, line, 2, "未知层级", "unknown level", v);
            else c->gap_level = lv;
        } else if (strcmp(k, "county_indicators") == 0) {
            rc = indicators(plan, v, c->county, REP_MAX_LIST, &c->ncounty, c->path, line, err);
        } else if (strcmp(k, "weight") == 0) {
            long one[1];
            if (!(rc = indicators(plan, v, one, 1, &nn, c->path, line, err)) && nn) c->weight = one[0];
        } else if (strcmp(k, "partition") == 0) {
            c->partition = regio_plan_partition(plan, v);
            if (c->partition < 0) rc = bad(err, c->path, line, 2, "未知分区编码", "unknown partition code", v);
        } else if (strcmp(k, "census_years") == 0) {
            rc = years(v, c->census, REP_MAX_LIST, &c->ncensus, c->path, line, err);
        } else if (strcmp(k, "map_county") == 0) {
            rc = indicators(plan, v, c->map_county, REP_MAX_LIST, &c->nmap_county, c->path, line, err);
        } else if (strcmp(k, "map_prefecture") == 0) {
            rc = indicators(plan, v, c->map_pref, REP_MAX_LIST, &c->nmap_pref, c->path, line, err);
        } else if (strcmp(k, "lisa_indicator") == 0) {
            long one[1];
            if (!(rc = indicators(plan, v, one, 1, &nn, c->path, line, err)) && nn) c->lisa_indicator = one[0];
        } else if (strcmp(k, "lisa_weights") == 0) {
            free(c->lisa_weights);
            if (!(c->lisa_weights = strdup(v))) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        } else if (strcmp(k, "projection") == 0) {
            free(c->projection);
            if (!(c->projection = strdup(v))) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        } else {
            rc = bad(err, c->path, line, 1, "未知设置（见 docs/report.md）", "unknown setting (see docs/report.md)", k);
        }
    }
done:
    regio_table_free(t);
    if (rc) { regio__report_config_free(c); return rc; }
    *out = c;
    return REGIO_OK;
}

/* the census year of a report year: the latest listed year up to it, else 0 */
int regio__report_config_census_year(const rep_config *c, int year) {
    int best = 0;
    for (size_t i = 0; c && i < c->ncensus; i++)
        if (c->census[i] <= year && c->census[i] > best) best = c->census[i];
    return best;
}
