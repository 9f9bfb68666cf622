/* report_xlsx.c — every table of the report as one sheet of an XLSX workbook (libxlsxwriter): Chinese headers
 * with units in the first row, numbers as numbers with the table's number format, text as text, a first sheet
 * saying what the workbook is. The sheet names are the tables' keys, so scripts find them in any language. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "report/report_internal.h"

int regio_report_write_xlsx(const regio_report *r, const char *path, regio_error *err) {
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return regio_error_set(err, REGIO_EIO, "无法创建 %s", "cannot create %s", path);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xEEF2F6);
    format_set_text_wrap(head);
    lxw_format *fmts[8], *ge[8], *le[8]; /* point values; lower and upper bounds: the number, shown as ≥95.00 */
    for (int d = 0; d < 8; d++) {
        char nf[16] = "0", nb[32];
        if (d) { nf[1] = '.'; memset(nf + 2, '0', (size_t)d); nf[2 + d] = 0; }
        fmts[d] = workbook_add_format(wb);
        format_set_num_format(fmts[d], nf);
        snprintf(nb, sizeof nb, "\"≥\"%s", nf);
        ge[d] = workbook_add_format(wb);
        format_set_num_format(ge[d], nb);
        snprintf(nb, sizeof nb, "\"≤\"%s", nf);
        le[d] = workbook_add_format(wb);
        format_set_num_format(le[d], nb);
    }
    lxw_worksheet *info = workbook_add_worksheet(wb, "report");
    worksheet_write_string(info, 0, 0, "报告 report", head);
    worksheet_write_string(info, 0, 1, r->title, NULL);
    worksheet_write_string(info, 1, 0, "年份 year", head);
    worksheet_write_number(info, 1, 1, r->year, fmts[0]);
    worksheet_write_string(info, 2, 0, "regio 版本 version", head);
    worksheet_write_string(info, 2, 1, r->version, NULL);
    worksheet_write_string(info, 3, 0, "数据库 SHA-256", head);
    worksheet_write_string(info, 3, 1, r->db_sha256, NULL);
    worksheet_write_string(info, 4, 0, "生成时间 generated", head);
    worksheet_write_string(info, 4, 1, r->generated_at, NULL);
    worksheet_set_column(info, 0, 0, 22, NULL);
    worksheet_set_column(info, 1, 1, 70, NULL);
    for (size_t s = 0; s < r->ntables; s++) {
        const regio_rtable *t = &r->tables[s];
        worksheet_write_string(info, (lxw_row_t)(6 + s), 0, t->key, NULL);
        worksheet_write_string(info, (lxw_row_t)(6 + s), 1, t->title_zh, NULL);
        lxw_worksheet *ws = workbook_add_worksheet(wb, t->key);
        if (!ws) continue;
        for (size_t j = 0; j < t->ncols; j++) {
            char h[256];
            if (t->cols[j].unit[0]) snprintf(h, sizeof h, "%s（%s）", t->cols[j].zh, t->cols[j].unit);
            else snprintf(h, sizeof h, "%s", t->cols[j].zh);
            worksheet_write_string(ws, 0, (lxw_col_t)j, h, head);
            worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, t->cols[j].type == REGIO_RCOL_TEXT ? 24 : 12, NULL);
        }
        for (size_t i = 0; i < t->nrows; i++)
            for (size_t j = 0; j < t->ncols; j++) {
                size_t k = i * t->ncols + j;
                lxw_row_t row = (lxw_row_t)(i + 1);
                if (t->cols[j].type == REGIO_RCOL_TEXT) {
                    if (t->text[k]) worksheet_write_string(ws, row, (lxw_col_t)j, t->text[k], NULL);
                } else if (isfinite(t->num[k])) {
                    int d = t->cols[j].type == REGIO_RCOL_INT ? 0 : t->cols[j].decimals;
                    d = d < 0 ? 0 : d > 7 ? 7 : d;
                    const char *b = t->text[k];
                    worksheet_write_number(ws, row, (lxw_col_t)j, t->num[k], !b ? fmts[d] : strcmp(b, "≥") == 0 ? ge[d] : le[d]);
                }
            }
        worksheet_freeze_panes(ws, 1, 0);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return regio_error_set(err, REGIO_EIO, "无法写出工作簿 %s：%s", "cannot write the workbook %s: %s", path, lxw_strerror(e));
    return REGIO_OK;
}
