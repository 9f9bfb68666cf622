/* needs_template.c — the fill-in file of `regio needs --template`: the missing cells in the long import format
 * (region,indicator,year,value,source) with value and source left for the analyst, then reading aids
 * (region_name, indicator_name, unit, where_found, needed_by) and if_empty=skip on every row, which tells
 * `regio import` that a row still empty was not found and is to be skipped (src/import/import_long.c). CSV is
 * written with a UTF-8 byte order mark so spreadsheet programs show the Chinese names; XLSX through
 * libxlsxwriter, codes as text (so 530100 stays a code), years as numbers, the value column formatted for
 * numbers and highlighted. */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "regio/needs.h"
#include "regio/render.h"

static const char *const HEAD[] = {"region", "indicator", "year", "value", "source", "region_name", "indicator_name",
                                   "unit", "where_found", "needed_by", "if_empty"};
#define NHEAD (sizeof HEAD / sizeof HEAD[0])

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    if (a < b) return 0;
    for (size_t i = 0; i < b; i++) {
        char c = s[a - b + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != suffix[i]) return 0;
    }
    return 1;
}

static const char *where_text(const regio_need_cell *c, regio_lang lang) {
    return c->where ? (lang == REGIO_LANG_ZH ? c->where->where_zh : c->where->where_en) : "";
}

static const char *ind_name(const regio_indicator *x, regio_lang lang) { return lang == REGIO_LANG_ZH ? x->name_zh : x->name_en; }

static int write_csv(const regio_plan *p, const regio_need_cell *cells, char **by, size_t n, const char *path,
                     regio_lang lang, regio_error *err) {
    regio_column cols[NHEAD];
    for (size_t j = 0; j < NHEAD; j++) cols[j] = (regio_column){HEAD[j], NULL, j == 2 ? REGIO_COL_INT : REGIO_COL_TEXT, 0};
    regio_grid *g = regio_grid_new(cols, NHEAD);
    if (!g) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < n; i++) {
        long row = regio_grid_add_row(g);
        if (row < 0) { regio_grid_free(g); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
        const regio_region *r = &p->regions[cells[i].region];
        const regio_indicator *x = &p->indicators[cells[i].indicator];
        size_t k = (size_t)row;
        regio_grid_set_text(g, k, 0, r->code);
        regio_grid_set_text(g, k, 1, x->code);
        regio_grid_set_int(g, k, 2, cells[i].year);
        /* 3 value and 4 source stay empty (null) for the analyst */
        regio_grid_set_text(g, k, 5, regio_region_name(r, lang));
        regio_grid_set_text(g, k, 6, ind_name(x, lang));
        regio_grid_set_text(g, k, 7, x->unit);
        regio_grid_set_text(g, k, 8, where_text(&cells[i], lang));
        regio_grid_set_text(g, k, 9, by[i]);
        regio_grid_set_text(g, k, 10, "skip");
    }
    FILE *f = fopen(path, "wb");
    int rc;
    if (!f) rc = regio_error_set(err, REGIO_EIO, "无法写入 %s", "cannot write %s", path);
    else {
        rc = regio_grid_write_csv_bom(g, f, err);
        if (fclose(f) != 0 && !rc) rc = regio_error_set(err, REGIO_EIO, "无法写入 %s", "cannot write %s", path);
    }
    regio_grid_free(g);
    return rc;
}

static int write_xlsx(const regio_plan *p, const regio_need_cell *cells, char **by, size_t n, const char *path,
                      regio_lang lang, regio_error *err) {
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return regio_error_set(err, REGIO_EIO, "无法写入 %s", "cannot write %s", path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "needs");
    lxw_format *head = workbook_add_format(wb), *fill = workbook_add_format(wb), *text = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(fill, 0xFFF2CC);
    format_set_num_format(text, "@");
    for (size_t j = 0; j < NHEAD; j++) worksheet_write_string(ws, 0, (lxw_col_t)j, HEAD[j], head);
    worksheet_set_column(ws, 0, 1, 14, text);
    worksheet_set_column(ws, 3, 3, 12, fill);
    worksheet_set_column(ws, 4, 4, 36, NULL);
    worksheet_set_column(ws, 5, 7, 18, NULL);
    worksheet_set_column(ws, 8, 8, 60, NULL);
    worksheet_set_column(ws, 9, 9, 28, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < n; i++) {
        const regio_region *r = &p->regions[cells[i].region];
        const regio_indicator *x = &p->indicators[cells[i].indicator];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, r->code, text);
        worksheet_write_string(ws, row, 1, x->code, text);
        worksheet_write_number(ws, row, 2, cells[i].year, NULL);
        worksheet_write_blank(ws, row, 3, fill);
        worksheet_write_string(ws, row, 5, regio_region_name(r, lang), NULL);
        worksheet_write_string(ws, row, 6, ind_name(x, lang), NULL);
        worksheet_write_string(ws, row, 7, x->unit, NULL);
        if (*where_text(&cells[i], lang)) worksheet_write_string(ws, row, 8, where_text(&cells[i], lang), NULL);
        worksheet_write_string(ws, row, 9, by[i], NULL);
        worksheet_write_string(ws, row, 10, "skip", NULL);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return regio_error_set(err, REGIO_EIO, "无法写出工作簿 %s：%s", "cannot write the workbook %s: %s", path, lxw_strerror(e));
    return REGIO_OK;
}

int regio_needs_write_template(const regio_plan *p, const regio_needs *n, const char *path, regio_lang lang,
                               regio_error *err) {
    int xlsx = ends_with(path, ".xlsx");
    if (!xlsx && !ends_with(path, ".csv"))
        return regio_error_set(err, REGIO_EINVAL, "模板文件名须以 .csv 或 .xlsx 结尾：%s", "the template's file name must end in .csv or .xlsx: %s", path);
    regio_need_cell *cells = NULL;
    char **by = NULL;
    size_t nc = 0;
    int rc = regio_needs_cells(p, n, &cells, &by, &nc, err);
    if (rc) return rc;
    rc = xlsx ? write_xlsx(p, cells, by, nc, path, lang, err) : write_csv(p, cells, by, nc, path, lang, err);
    regio_needs_cells_free(cells, by, nc);
    return rc;
}
