/* regio__serve_api_needs.c — the data still to find, as `regio needs`: GET /api/v1/needs (the grey targets and the monitored
 * indicators without a trend, each with the exact missing cells and where such figures are published, from
 * regio_needs_build and the same JSON encoder as the CLI) and GET /api/v1/needs/template (those cells as the
 * fill-in file `regio needs --template` writes, CSV or XLSX, for `regio import` to take back). The template is
 * written by regio_needs_write_template into a private temporary directory, read back and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regio/needs.h"
#include "regio/needs_json.h"
#include "serve/serve_internal.h"

#define MAX_TEMPLATE (16u << 20)

int regio__serve_api_needs(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"year", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    int year;
    if (regio__serve_arg_year(q, r, "year", 0, &year)) return -1;
    regio_error err;
    regio_error_clear(&err);
    regio_needs *n = NULL;
    if (regio_needs_build(q->st, q->plan, year, &n, &err)) return regio__serve_fail(q, r, 0, &err);
    json_t *o = regio_needs_json(q->plan, n, q->lang);
    regio_needs_free(n);
    return regio__serve_ok(r, o);
}

/* the whole file at path into a malloc'd buffer */
static int slurp(const char *path, char **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_TEMPLATE) { free(buf); fclose(f); return -1; }
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b) { free(buf); fclose(f); return -1; }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(buf); return -1; }
    *out = buf;
    *len = n;
    return 0;
}

int regio__serve_api_needs_template(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"year", "format", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    int year;
    if (regio__serve_arg_year(q, r, "year", 0, &year)) return -1;
    const char *fmt = regio__serve_arg(q, "format");
    if (!fmt) fmt = "xlsx";
    if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0)
        return regio__serve_failf(q, r, 400, "format 应为 csv 或 xlsx，而不是 “%.16s”", "format must be csv or xlsx, not '%.16s'", fmt);
    regio_error err;
    regio_error_clear(&err);
    regio_needs *n = NULL;
    if (regio_needs_build(q->st, q->plan, year, &n, &err)) return regio__serve_fail(q, r, 0, &err);
    const char *tmpdir = getenv("TMPDIR");
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/regio-needs-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) { regio_needs_free(n); return regio__serve_failf(q, r, 500, "无法建立临时目录", "cannot create a temporary directory"); }
    snprintf(path, sizeof path, "%s/needs.%s", dir, fmt);
    int rc = regio_needs_write_template(q->plan, n, path, q->lang, &err);
    regio_needs_free(n);
    char *body = NULL;
    size_t len = 0;
    if (!rc && slurp(path, &body, &len)) rc = regio_error_set(&err, REGIO_EIO, "无法读回模板文件", "cannot read the template file back");
    unlink(path);
    rmdir(dir);
    if (rc) return regio__serve_fail(q, r, 0, &err);
    r->status = 200;
    r->text = body;
    r->len = len;
    r->type = strcmp(fmt, "csv") == 0 ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    snprintf(r->filename, sizeof r->filename, "regio_needs%s%.0d.%s", year ? "_" : "", year, fmt);
    return 0;
}
