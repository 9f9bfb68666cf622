/* api_report.c — GET /report: the report file the server was started with (--report FILE, as `regio report
 * --out` wrote it), so the dashboard can link to the current report. The file is opened on each request, so a
 * report rebuilt while the server runs is served at once; its type follows the extension (.html is shown, the
 * others download under their own name). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve/serve_internal.h"

static const char *type_of(const char *path, int *attach) {
    const char *dot = strrchr(path, '.');
    *attach = 1;
    if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)) { *attach = 0; return "text/html; charset=utf-8"; }
    if (dot && strcasecmp(dot, ".pdf") == 0) { *attach = 0; return "application/pdf"; }
    if (dot && strcasecmp(dot, ".docx") == 0) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (dot && strcasecmp(dot, ".xlsx") == 0) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (dot && strcasecmp(dot, ".json") == 0) { *attach = 0; return "application/json; charset=utf-8"; }
    return "application/octet-stream";
}

int regio__serve_report(regio_server *s, struct MHD_Connection *c, serve_req *q, serve_reply *r, enum MHD_Result *ret) {
    if (!s->report) {
        regio__serve_failf(q, r, 404, "服务未指定报告（用 --report FILE 启动）", "no report is served (start the server with --report FILE)");
        return 0;
    }
    int fd = open(s->report, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0) close(fd);
        regio__serve_failf(q, r, 404, "报告文件不存在或不可读", "the report file is missing or unreadable");
        return 0;
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!resp) { close(fd); *ret = MHD_NO; return 1; }
    int attach;
    MHD_add_response_header(resp, "Content-Type", type_of(s->report, &attach));
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (attach) {
        const char *base = strrchr(s->report, '/');
        char cd[300];
        snprintf(cd, sizeof cd, "attachment; filename=\"%.200s\"", base ? base + 1 : s->report);
        for (char *p = cd + 22; *p; p++) if (*p == '"' && p[1]) *p = '_'; /* a quote in the name would end the field */
        MHD_add_response_header(resp, "Content-Disposition", cd);
    }
    *ret = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    return 1;
}
