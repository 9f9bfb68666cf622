/* cmd_needs.c — `regio needs`: the data the analyst must still find. Per target (and monitored indicator) that
 * cannot be assessed, the exact missing cells (region, indicator with unit, year) and where such figures are
 * usually published; with --template FILE.csv|FILE.xlsx, the same cells as a fill-in file that `regio import`
 * takes back. The list comes from regio_needs_build (include/regio/needs.h), the function the report's last
 * section calls; this file only lays it out. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/evaluation.h"
#include "regio/json_out.h"
#include "regio/needs.h"
#include "regio/needs_json.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *item_code(const regio_plan *p, const regio_need *nd) {
    return nd->monitored ? p->monitors[nd->index].code : p->targets[nd->index].code;
}

static const char *item_name(const cli *c, const regio_need *nd) {
    const regio_plan *p = c->plan;
    return nd->monitored ? cli_name(c, p->monitors[nd->index].name_zh, p->monitors[nd->index].name_en)
                         : cli_name(c, p->targets[nd->index].name_zh, p->targets[nd->index].name_en);
}

static const char *where_of(const cli *c, const regio_need_cell *x) {
    return x->where ? cli_name(c, x->where->where_zh, x->where->where_en) : NULL;
}

static const char *pick(const cli *c, const char *zh, const char *en) { return c->lang == REGIO_LANG_ZH ? zh : en; }

/* The schemes directory as `regio evaluate` finds it: $REGIO_SCHEMES, else evaluation/ of the plan directory. */
static const char *schemes_dir(cli *c, char *buf, size_t cap) {
    const char *dir = getenv("REGIO_SCHEMES");
    if (dir && *dir) return dir;
    char *plan_dir = NULL;
    regio_error err;
    regio_error_clear(&err);
    regio_store_meta_get(c->st, "plan_dir", &plan_dir, &err);
    if (plan_dir) snprintf(buf, cap, "%s/evaluation", plan_dir);
    else snprintf(buf, cap, "data/%s/evaluation", c->plan->name ? c->plan->name : "");
    free(plan_dir);
    return buf;
}

/* The indicator columns the plan's classified evaluation lacks: for every mandated dimension no zone type's scheme
 * measures, the indicators declared in mandate_indicators.csv (unit, direction, publication), once each with the
 * zone types and dimensions that need it. NULL (and nothing printed) when the schemes cannot be loaded. */
static json_t *eval_needs(cli *c) {
    char buf[4096];
    const char *dir = schemes_dir(c, buf, sizeof buf);
    regio_scheme *s = NULL;
    regio_error err;
    regio_error_clear(&err);
    if (regio_scheme_load(dir, "default", c->plan, &s, &err)) return NULL;
    json_t *arr = json_array();
    for (int z = 0; z < REGIO_NZONES; z++)
        for (size_t k = 0; k < s->zone[z].nmandate; k++) {
            const regio_mandate_dim *md = &s->zone[z].mandate[k];
            if (md->measured) continue;
            for (size_t q = 0; q < md->ncand; q++) {
                const regio_mandate_ind *ci = &md->cand[q];
                json_t *hit = NULL;
                for (size_t r = 0; r < json_array_size(arr) && !hit; r++)
                    if (strcmp(json_string_value(json_object_get(json_array_get(arr, r), "indicator")), ci->code) == 0) hit = json_array_get(arr, r);
                if (!hit) {
                    hit = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[], s:[]}", "indicator", ci->code, "name_zh", ci->name_zh, "name_en", ci->name_en,
                                    "unit", ci->unit, "direction", ci->direction, "published_in", ci->published_in, "note", ci->note, "zones", "dimensions");
                    json_array_append_new(arr, hit);
                }
                char zd[256];
                snprintf(zd, sizeof zd, "%s/%s", regio_zone_code(z), md->code);
                json_array_append_new(json_object_get(hit, "dimensions"), json_string(zd));
                json_t *zs = json_object_get(hit, "zones");
                int seen = 0;
                for (size_t r = 0; r < json_array_size(zs); r++) seen |= strcmp(json_string_value(json_array_get(zs, r)), regio_zone_code(z)) == 0;
                if (!seen) json_array_append_new(zs, json_string(regio_zone_code(z)));
            }
        }
    regio_scheme_free(s);
    return arr;
}

static int write_eval_needs(cli *c, json_t *arr) {
    if (!arr || !json_array_size(arr)) return CLI_OK;
    fprintf(c->out, "\n%s\n", TR(c, "分类考核（规划第 340、279、284、288 行要求的维度）尚缺的指标列：",
                                  "indicator columns the classified evaluation still lacks (dimensions the plan mandates, lines 340, 279, 284, 288):"));
    const regio_column cols[] = {
        {"indicator", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0}, {"unit", TR(c, "单位", "unit"), REGIO_COL_TEXT, 0},
        {"direction", TR(c, "方向", "direction"), REGIO_COL_TEXT, 0}, {"dimensions", TR(c, "类型/维度", "zone/dimension"), REGIO_COL_TEXT, 0},
        {"published_in", TR(c, "发布于", "published in"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    if (!g) return CLI_INTERNAL;
    for (size_t r = 0; r < json_array_size(arr); r++) {
        json_t *x = json_array_get(arr, r);
        char in[256], dims[512] = "";
        snprintf(in, sizeof in, "%s %s", json_string_value(json_object_get(x, "indicator")),
                 json_string_value(json_object_get(x, c->lang == REGIO_LANG_ZH ? "name_zh" : "name_en")));
        json_t *ds = json_object_get(x, "dimensions");
        for (size_t q = 0; q < json_array_size(ds); q++) {
            size_t len = strlen(dims);
            snprintf(dims + len, sizeof dims - len, "%s%s", q ? " " : "", json_string_value(json_array_get(ds, q)));
        }
        long row = regio_grid_add_row(g);
        if (row < 0) { regio_grid_free(g); return CLI_INTERNAL; }
        int lower = strcmp(json_string_value(json_object_get(x, "direction")), "lower") == 0;
        regio_grid_set_text(g, (size_t)row, 0, in);
        regio_grid_set_text(g, (size_t)row, 1, json_string_value(json_object_get(x, "unit")));
        regio_grid_set_text(g, (size_t)row, 2, lower ? TR(c, "越低越好", "lower is better") : TR(c, "越高越好", "higher is better"));
        regio_grid_set_text(g, (size_t)row, 3, dims);
        regio_grid_set_text(g, (size_t)row, 4, json_string_value(json_object_get(x, "published_in")));
    }
    int rc = cli_write_grid(c, g, NULL);
    regio_grid_free(g);
    return rc;
}

/* CSV/Markdown: one row per (item, missing cell); an item without cells has one row with its note. */
static int write_flat(cli *c, const regio_needs *n) {
    const regio_plan *p = c->plan;
    static const regio_column cols[] = {
        {"code", NULL, REGIO_COL_TEXT, 0}, {"name", NULL, REGIO_COL_TEXT, 0}, {"type", NULL, REGIO_COL_TEXT, 0},
        {"region", NULL, REGIO_COL_TEXT, 0}, {"region_name", NULL, REGIO_COL_TEXT, 0}, {"indicator", NULL, REGIO_COL_TEXT, 0},
        {"indicator_name", NULL, REGIO_COL_TEXT, 0}, {"unit", NULL, REGIO_COL_TEXT, 0}, {"year", NULL, REGIO_COL_INT, 0},
        {"where_found", NULL, REGIO_COL_TEXT, 0}, {"note", NULL, REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    if (!g) return CLI_INTERNAL;
    for (size_t i = 0; i < n->n; i++) {
        const regio_need *nd = &n->items[i];
        for (size_t k = 0; k < (nd->ncells ? nd->ncells : 1); k++) {
            long row = regio_grid_add_row(g);
            if (row < 0) { regio_grid_free(g); return CLI_INTERNAL; }
            size_t j = (size_t)row;
            regio_grid_set_text(g, j, 0, item_code(p, nd));
            regio_grid_set_text(g, j, 1, item_name(c, nd));
            regio_grid_set_text(g, j, 2, nd->monitored ? "monitored" : "target");
            if (nd->ncells) {
                const regio_need_cell *x = &nd->cells[k];
                const regio_region *r = &p->regions[x->region];
                const regio_indicator *ind = &p->indicators[x->indicator];
                regio_grid_set_text(g, j, 3, r->code);
                regio_grid_set_text(g, j, 4, regio_region_name(r, c->lang));
                regio_grid_set_text(g, j, 5, ind->code);
                regio_grid_set_text(g, j, 6, cli_name(c, ind->name_zh, ind->name_en));
                regio_grid_set_text(g, j, 7, ind->unit);
                regio_grid_set_int(g, j, 8, x->year);
                regio_grid_set_text(g, j, 9, where_of(c, x));
            }
            regio_grid_set_text(g, j, 10, pick(c, nd->note_zh, nd->note_en));
        }
    }
    int rc = cli_write_grid(c, g, NULL);
    regio_grid_free(g);
    return rc;
}

/* The terminal: a summary line, then per item a heading, what would answer it, and its cells. */
static int write_table(cli *c, const regio_needs *n) {
    const regio_plan *p = c->plan;
    size_t ncells = 0, nt = 0, nm = 0;
    for (size_t i = 0; i < n->n; i++) {
        if (n->items[i].monitored) nm++; else nt++;
    }
    regio_need_cell *cells = NULL;
    char **by = NULL;
    regio_error err;
    regio_error_clear(&err);
    if (regio_needs_cells(p, n, &cells, &by, &ncells, &err)) return cli_fail(c, &err);
    regio_needs_cells_free(cells, by, ncells);
    fprintf(c->out, TR(c, "尚缺的数据（%d 年的值）：%zu 个目标（共 %zu 个）、%zu 个监测指标（共 %zu 个）无法评估，共缺 %zu 个值（regio needs --template 文件 可写成待填表）\n",
                       "data still to find (values for %d): %zu of %zu targets and %zu of %zu monitored indicators cannot be assessed; %zu values missing (regio needs --template FILE writes them as a fill-in file)\n"),
            n->year, nt, n->ntargets, nm, n->nmonitors, ncells);
    const regio_column cols[] = {
        {"region", TR(c, "地区", "region"), REGIO_COL_TEXT, 0}, {"indicator", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0},
        {"unit", TR(c, "单位", "unit"), REGIO_COL_TEXT, 0}, {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0},
        {"where", TR(c, "通常见于", "usually found in"), REGIO_COL_TEXT, 0},
    };
    for (size_t i = 0; i < n->n; i++) {
        const regio_need *nd = &n->items[i];
        fprintf(c->out, "\n%s %s%s\n  %s\n", item_code(p, nd), item_name(c, nd),
                nd->monitored ? TR(c, "（监测指标）", " (monitored)") : "", pick(c, nd->why_zh, nd->why_en));
        const char *note = pick(c, nd->note_zh, nd->note_en);
        if (note) fprintf(c->out, "  %s\n", note);
        if (!nd->ncells) continue;
        regio_grid *g = regio_grid_new(cols, N(cols));
        if (!g) return CLI_INTERNAL;
        for (size_t k = 0; k < nd->ncells; k++) {
            const regio_need_cell *x = &nd->cells[k];
            const regio_region *r = &p->regions[x->region];
            const regio_indicator *ind = &p->indicators[x->indicator];
            char rn[160], in[200];
            snprintf(rn, sizeof rn, "%s %s", r->code, regio_region_name(r, c->lang));
            snprintf(in, sizeof in, "%s %s", ind->code, cli_name(c, ind->name_zh, ind->name_en));
            long row = regio_grid_add_row(g);
            if (row < 0) { regio_grid_free(g); return CLI_INTERNAL; }
            regio_grid_set_text(g, (size_t)row, 0, rn);
            regio_grid_set_text(g, (size_t)row, 1, in);
            regio_grid_set_text(g, (size_t)row, 2, ind->unit);
            regio_grid_set_int(g, (size_t)row, 3, x->year);
            regio_grid_set_text(g, (size_t)row, 4, where_of(c, x));
        }
        int rc = cli_write_grid(c, g, NULL);
        regio_grid_free(g);
        if (rc) return rc;
    }
    return CLI_OK;
}

int cmd_needs(cli *c, int argc, char **argv) {
    const char *pos[1], *year_s = NULL, *template_s = NULL;
    size_t npos;
    const cli_opt opts[] = {
        {"--year", OPT_STR, &year_s, "Y", "按截至 Y 年的数据判断，并列出 Y 年所缺的值（默认：全部数据，最近有数据的年份）",
         "judge on data up to Y and list the values missing for Y (default: all data, the latest year with data)"},
        {"--template", OPT_STR, &template_s, "FILE", "把所缺的值写成待填文件（.csv 或 .xlsx，导入格式，value 列留空），填好后用 regio import 导入",
         "write the missing values as a fill-in file (.csv or .xlsx, the import format, value column empty); fill it in and regio import it"},
    };
    CLI_PARSE(c, "needs", argc, argv, opts, N(opts), pos, 0, &npos);
    int year = 0, rc;
    if (year_s && (rc = cli_year(c, year_s, &year))) return rc;
    if ((rc = cli_open(c))) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_needs *n = NULL;
    if (regio_needs_build(c->st, c->plan, year, &n, &err)) return cli_fail(c, &err);
    if (template_s) {
        if (regio_needs_write_template(c->plan, n, template_s, c->lang, &err)) { regio_needs_free(n); return cli_fail(c, &err); }
        regio_need_cell *cells = NULL;
        char **by = NULL;
        size_t nc = 0;
        if (regio_needs_cells(c->plan, n, &cells, &by, &nc, &err)) { regio_needs_free(n); return cli_fail(c, &err); }
        regio_needs_cells_free(cells, by, nc);
        fprintf(stderr, TR(c, "已写出 %s：%zu 个待填的值（%d 年）；填入 value 和 source 后用 regio import %s 导入，留空的行将被跳过\n",
                           "wrote %s: %zu values to fill in (for %d); fill in value and source, then regio import %s; rows left empty are skipped\n"),
                template_s, nc, n->year, template_s);
        regio_needs_free(n);
        return CLI_OK;
    }
    json_t *ev = eval_needs(c);
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *o = regio_needs_json(c->plan, n, c->lang);
        if (o && ev) json_object_set(o, "evaluation_indicators", ev);
        rc = !o ? CLI_INTERNAL : regio_json_dump(o, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(o);
    } else if (c->fmt == REGIO_FMT_TABLE) {
        rc = write_table(c, n);
        if (rc == CLI_OK) rc = write_eval_needs(c, ev);
    } else {
        rc = write_flat(c, n);
    }
    json_decref(ev);
    regio_needs_free(n);
    return rc;
}
