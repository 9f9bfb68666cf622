/* plan_file.c — reading one file of a plan directory: open it, find its columns, and report a bad cell with
 * file, line, column and value. Shared by every reader of the plan directory (plan_dir.c for the core files,
 * plan_monitor.c, plan_breaks.c), so every file of a plan reports problems the same way. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "plan/plan_internal.h"

int regio__plan_file_open(plan_file *f, const char *dir, const char *name, const char *const *cols, int nreq, int ncols,
                   regio_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f->name = name;
    f->t = NULL;
    int rc = regio_table_read(path, NULL, &f->t, err);
    if (rc) return rc;
    for (int i = 0; i < ncols; i++) {
        f->cols[i] = regio_table_col(f->t, cols[i]);
        if (f->cols[i] < 0 && i < nreq)
            return regio_error_set(err, REGIO_EINVAL, "%s：缺少列 “%s”", "%s: column '%s' is missing", path, cols[i]);
    }
    return REGIO_OK;
}

int regio__plan_file_open_opt(plan_file *f, const char *dir, const char *name, const char *const *cols, int nreq, int ncols,
                       regio_error *err) {
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f->name = name;
    f->t = NULL;
    if (stat(path, &sb) != 0) return REGIO_OK;
    return regio__plan_file_open(f, dir, name, cols, nreq, ncols, err);
}

const char *regio__plan_file_cell(const plan_file *f, size_t row, int k) {
    return f->cols[k] < 0 ? "" : regio_table_cell(f->t, row, (size_t)f->cols[k]);
}

int regio__plan_file_bad(regio_error *err, const plan_file *f, size_t row, const char *col, const char *what_zh,
                  const char *what_en, const char *value) {
    char zh[REGIO_ERRMSG_MAX], en[REGIO_ERRMSG_MAX];
    snprintf(zh, sizeof zh, "%s 第 %ld 行，列 “%s”：%s（“%s”）", f->name, f->t->line[row], col, what_zh, value);
    snprintf(en, sizeof en, "%s line %ld, column '%s': %s ('%s')", f->name, f->t->line[row], col, what_en, value);
    return regio_error_set_text(err, REGIO_EINVAL, zh, en);
}

int regio__plan_file_need(regio_error *err, const plan_file *f, size_t row, const char *col, const char *v) {
    if (*v) return REGIO_OK;
    return regio__plan_file_bad(err, f, row, col, "不能为空", "must not be empty", v);
}

int regio__plan_file_number(regio_error *err, const plan_file *f, size_t row, const char *col, const char *v, double *out) {
    *out = NAN;
    if (!*v) return REGIO_OK;
    if (regio_parse_number(v, out)) return regio__plan_file_bad(err, f, row, col, "不是数字", "not a number", v);
    return REGIO_OK;
}

int regio__plan_file_int(regio_error *err, const plan_file *f, size_t row, const char *col, const char *v, long *out) {
    *out = 0;
    if (!*v) return REGIO_OK;
    if (regio_parse_long(v, out)) return regio__plan_file_bad(err, f, row, col, "不是整数", "not an integer", v);
    return REGIO_OK;
}

int regio__plan_file_enum(const char *v, const char *const *names, int n) {
    for (int i = 0; i < n; i++) if (strcmp(v, names[i]) == 0) return i;
    return -1;
}

int regio__plan_file_fields(regio_error *err, const plan_file *f, size_t row) {
    if (f->t->nfields[row] == f->t->ncols) return REGIO_OK;
    return regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：应有 %zu 个字段，实际 %zu 个",
                           "%s line %ld: expected %zu fields, found %zu", f->name, f->t->line[row], f->t->ncols,
                           f->t->nfields[row]);
}
