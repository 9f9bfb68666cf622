/* cmd_needs.c — `regio needs`: the data the analyst must still find. Per target (and monitored indicator) that
 * cannot be assessed, the exact missing cells (region, indicator with unit, year) and where such figures are
 * usually published; with --template FILE.csv|FILE.xlsx, the same cells as a fill-in file that `regio import`
 * takes back. The list comes from regio_needs_build (include/regio/needs.h), the function the report's last
 * section calls; this file only lays it out. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
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
    if (c->fmt == REGIO_FMT_JSON) {
        json_t *o = regio_needs_json(c->plan, n, c->lang);
        rc = !o ? CLI_INTERNAL : regio_json_dump(o, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
        json_decref(o);
    } else if (c->fmt == REGIO_FMT_TABLE) {
        rc = write_table(c, n);
    } else {
        rc = write_flat(c, n);
    }
    regio_needs_free(n);
    return rc;
}
