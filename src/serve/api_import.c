/* regio__serve_api_import.c — POST /api/v1/import: an uploaded CSV/XLSX goes through regio_import_file, the same validated,
 * atomic import as `regio import` (one batch in one transaction, or nothing). The token was checked before the
 * body was read (server.c); the body is written to a private temporary file because the importer reads files
 * (encoding detection, XLSX through GDAL). A rejected file answers 422 with its problems and changes nothing; the
 * problems are cut (they echo cells) and the body's size was bounded while it was read (413). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/utf8.h"
#include "regio/import.h"
#include "serve/serve_internal.h"

#define ECHO_PROBLEM 512 /* bytes of a problem's message in the answer */
#define ECHO_COLUMN 128  /* bytes of a column name or of the file name */

static int write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int regio__serve_api_import(serve_req *q, serve_reply *r) {
    static const char *const ok[] = {"filename", "source", "note", "replace", "dry_run", "wide", "indicator", "year", "sheet", NULL};
    if (regio__serve_params(q, r, ok)) return -1;
    if (!q->body || !q->body_len) return regio__serve_failf(q, r, 400, "上传内容为空", "the upload is empty");
    const char *fname = regio__serve_arg(q, "filename");
    if (!fname) fname = "upload.csv";
    size_t fl = strlen(fname);
    int xlsx = fl > 5 && strcmp(fname + fl - 5, ".xlsx") == 0;
    if (!xlsx && !(fl > 4 && strcmp(fname + fl - 4, ".csv") == 0))
        return regio__serve_failf(q, r, 400, "filename 应以 .csv 或 .xlsx 结尾", "filename must end in .csv or .xlsx");
    unsigned long replace, dry, wide;
    int year;
    if (regio__serve_arg_uint(q, r, "replace", 1, 0, &replace) || regio__serve_arg_uint(q, r, "dry_run", 1, 0, &dry) ||
        regio__serve_arg_uint(q, r, "wide", 1, 0, &wide) || regio__serve_arg_year(q, r, "year", 0, &year))
        return -1;
    /* a private directory (mkdtemp, mode 0700) holding the upload under a fixed name with the right extension */
    const char *tmpdir = getenv("TMPDIR");
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/regio-upload-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) return regio__serve_failf(q, r, 500, "无法建立临时目录 %s", "cannot create a temporary directory %s", dir);
    snprintf(path, sizeof path, "%s/upload%s", dir, xlsx ? ".xlsx" : ".csv");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int wrc = fd < 0 ? -1 : write_all(fd, q->body, q->body_len);
    if (fd >= 0 && close(fd)) wrc = -1;
    if (wrc) {
        unlink(path);
        rmdir(dir);
        return regio__serve_failf(q, r, 500, "无法写临时文件 %s", "cannot write the temporary file %s", path);
    }
    char raw_note[512], note[520];
    snprintf(raw_note, sizeof raw_note, "regio serve upload: %.200s%s%.200s", fname, regio__serve_arg(q, "note") ? "; " : "",
             regio__serve_arg(q, "note") ? regio__serve_arg(q, "note") : "");
    regio_utf8_scrub(raw_note, sizeof raw_note, note, sizeof note); /* %.200s may have cut a character */
    regio_import_opts o = {.source = regio__serve_arg(q, "source"), .note = note, .replace = (int)replace, .dry_run = (int)dry,
                           .wide = (int)wide, .indicator = regio__serve_arg(q, "indicator"), .year = year};
    o.table.sheet = regio__serve_arg(q, "sheet");
    regio_error err;
    regio_error_clear(&err);
    regio_import_report *rep = NULL;
    pthread_mutex_lock(&q->srv->import_lock);
    int rc = regio_import_file(q->st, q->plan, path, &o, &rep, &err);
    pthread_mutex_unlock(&q->srv->import_lock);
    regio__serve_thread_changed(q->th);
    unlink(path);
    rmdir(dir);
    /* problems echo the file's cells (a header, a code): each is cut and made valid UTF-8, so that a 10 MB cell
     * is not sent back whole and a stray byte cannot turn the answer into a 500 */
    json_t *problems = json_array();
    for (size_t i = 0; rep && i < rep->nproblems; i++) {
        const regio_import_problem *pb = &rep->problems[i];
        char col[ECHO_COLUMN + 4], zh[ECHO_PROBLEM + 4], en[ECHO_PROBLEM + 4];
        regio_utf8_scrub(pb->column, ECHO_COLUMN, col, sizeof col);
        regio_utf8_scrub(pb->zh, ECHO_PROBLEM, zh, sizeof zh);
        regio_utf8_scrub(pb->en, ECHO_PROBLEM, en, sizeof en);
        json_array_append_new(problems, json_pack("{s:I, s:s, s:s, s:s, s:s}", "line", (json_int_t)pb->line, "column", col,
                                                  "message", q->lang == REGIO_LANG_ZH ? zh : en, "zh", zh, "en", en));
    }
    char fshown[ECHO_COLUMN + 4];
    regio_utf8_scrub(fname, ECHO_COLUMN, fshown, sizeof fshown);
    json_t *report = rep ? json_pack("{s:s, s:s?, s:s?, s:I, s:I, s:I, s:I, s:b, s:I, s:o}", "filename", fshown, "format", rep->format,
                                     "encoding", rep->encoding, "batch", (json_int_t)rep->batch, "rows", (json_int_t)rep->rows,
                                     "superseded", (json_int_t)rep->superseded, "skipped_empty", (json_int_t)rep->skipped_empty,
                                     "dry_run", (int)dry, "problems_total", (json_int_t)rep->nproblems_total, "problems", problems)
                         : (json_decref(problems), NULL);
    regio_import_report_free(rep);
    if (rc) {
        regio__serve_fail(q, r, rc == REGIO_EINVAL ? 422 : 0, &err);
        if (report && r->json) json_object_set_new(json_object_get(r->json, "error"), "report", report);
        else json_decref(report);
        return -1;
    }
    return regio__serve_ok(r, report);
}
