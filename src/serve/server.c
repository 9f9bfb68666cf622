/* server.c — the HTTP side of `regio serve` (libmicrohttpd): a pool of worker threads each with its own
 * SQLite connection (opened on first use, closed when the thread ends), limits on body size, URL and query
 * length and argument count, connections (in all and per address) and time (guard.c), the Host check, the
 * routing of /api/v1/… to the handlers, and the dashboard's static files from a fixed list (no path from the
 * URL ever reaches the file system). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "regio/evaluation.h"
#include "regio/geometry.h"
#include "regio/json_out.h"
#include "serve/serve_internal.h"

#define API "/api/v1"


/* per-request state (made when the request line arrives, freed when the request completes): the raw URI's
 * length and argument count, whether the query was cut before libmicrohttpd stored it, the POST body so far */
typedef struct conn_state {
    size_t raw_len, nargs;
    int cut, started, accept_body, too_big;
    char *body;
    size_t len, cap, discarded;
} conn_state;

static enum MHD_Result send_file(struct MHD_Connection *c, unsigned status, const char *type, char *text, size_t len,
                                 enum MHD_ResponseMemoryMode mode, const char *filename) {
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, mode);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    if (filename && *filename) {
        char cd[128];
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
        MHD_add_response_header(resp, "Content-Disposition", cd);
    }
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type, char *text, size_t len,
                                 enum MHD_ResponseMemoryMode mode) {
    return send_file(c, status, type, text, len, mode, NULL);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, serve_reply *r) {
    if (r->text)
        return send_file(c, r->status, r->type ? r->type : "application/json; charset=utf-8", r->text, r->len,
                         r->borrowed ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE, r->filename);
    char *text = r->json ? json_dumps(r->json, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(r->json);
    r->json = NULL;
    if (!text) {
        static char oom[] = "{\"error\":{\"status\":500,\"code\":\"internal\",\"message\":\"cannot encode the answer\"}}";
        return send_text(c, 500, "application/json; charset=utf-8", oom, sizeof oom - 1, MHD_RESPMEM_PERSISTENT);
    }
    return send_text(c, r->status ? r->status : 200, "application/json; charset=utf-8", text, strlen(text), MHD_RESPMEM_MUST_FREE);
}

/* ---- static files: a fixed list, relative to the web root ---- */
static const struct { const char *url, *file, *type; } STATIC_FILES[] = {
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/index.html", "index.html", "text/html; charset=utf-8"},
    {"/static/app.js", "app.js", "text/javascript; charset=utf-8"},
    {"/static/style.css", "style.css", "text/css; charset=utf-8"},
    {"/static/echarts.min.js", "node_modules/echarts/dist/echarts.min.js", "text/javascript; charset=utf-8"},
    {"/static/view.js", "view.js", "text/javascript; charset=utf-8"},
    {"/static/write-excel-file.min.js", "node_modules/write-excel-file/bundle/write-excel-file.min.js", "text/javascript; charset=utf-8"},
};

static enum MHD_Result send_static(regio_server *s, struct MHD_Connection *c, const char *url, serve_req *q, serve_reply *r,
                                   int *handled) {
    *handled = 0;
    if (!s->web_root) return MHD_NO;
    for (size_t i = 0; i < sizeof STATIC_FILES / sizeof STATIC_FILES[0]; i++) {
        if (strcmp(url, STATIC_FILES[i].url) != 0) continue;
        *handled = 1;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", s->web_root, STATIC_FILES[i].file);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) != 0) {
            if (fd >= 0) close(fd);
            regio__serve_failf(q, r, 404, "网页文件缺失：%s（npm ci 装好了吗？）", "web file missing: %s (was npm ci run in web/?)", STATIC_FILES[i].file);
            return send_reply(c, r);
        }
        struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
        if (!resp) { close(fd); return MHD_NO; }
        MHD_add_response_header(resp, "Content-Type", STATIC_FILES[i].type);
        MHD_add_response_header(resp, "Cache-Control", "no-cache");
        MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
        /* the page loads nothing from elsewhere: scripts and data from this server only */
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        enum MHD_Result ret = MHD_queue_response(c, 200, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    return MHD_NO;
}

/* ---- routing ---- */
static int route(serve_req *q, serve_reply *r) {
    static const struct { const char *path; serve_handler h; } GET[] = {
        {"", regio__serve_api_index}, {"/", regio__serve_api_index}, {"/regions", regio__serve_api_regions}, {"/groups", regio__serve_api_groups},
        {"/indicators", regio__serve_api_indicators}, {"/geometry", regio__serve_api_geometry}, {"/observations", regio__serve_api_observations},
        {"/value", regio__serve_api_value}, {"/map", regio__serve_api_map}, {"/targets", regio__serve_api_targets}, {"/disparity", regio__serve_api_disparity},
        {"/spatial", regio__serve_api_spatial}, {"/evaluation", regio__serve_api_evaluation}, {"/breaks", regio__serve_api_breaks}, {"/series", regio__serve_api_series},
        {"/needs", regio__serve_api_needs}, {"/needs/template", regio__serve_api_needs_template},
    };
    int get = strcmp(q->method, "GET") == 0 || strcmp(q->method, "HEAD") == 0;
    if (strcmp(q->path, "/import") == 0) {
        if (strcmp(q->method, "POST") != 0) return regio__serve_failf(q, r, 405, "/import 只接受 POST", "/import accepts POST only");
        return regio__serve_api_import(q, r);
    }
    if (!get) return regio__serve_failf(q, r, 405, "只接受 GET（导入用 POST /api/v1/import）", "only GET is accepted (imports: POST /api/v1/import)");
    for (size_t i = 0; i < sizeof GET / sizeof GET[0]; i++)
        if (strcmp(q->path, GET[i].path) == 0) return GET[i].h(q, r);
    if (strncmp(q->path, "/regions/", 9) == 0 && q->path[9] && !strchr(q->path + 9, '/')) return regio__serve_api_region(q, r, q->path + 9);
    return regio__serve_failf(q, r, 404, "没有这个接口：%.128s（见 /api/v1）", "no such endpoint: %.128s (see /api/v1)", q->path);
}

typedef struct { size_t total; } arg_len;
static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    ((arg_len *)cls)->total += strlen(key) + 2 + (value ? strlen(value) : 0);
    return MHD_YES;
}

/* the cache key of a GET request: the path, then every argument in the order given (NUL-free text) */
typedef struct { char *p; size_t n, cap; int oom; } keybuf;
static void key_put(keybuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) { b->oom = 1; return; }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n + 1);
    b->n += n;
}
static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v) {
    (void)kind;
    key_put(cls, "\x1f");
    key_put(cls, k);
    key_put(cls, "=");
    key_put(cls, v ? v : "");
    return MHD_YES;
}
static char *request_key(struct MHD_Connection *c, const char *url) {
    keybuf b = {0};
    key_put(&b, url);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, key_arg, &b);
    if (b.oom) { free(b.p); return NULL; }
    return b.p;
}

static int constant_time_eq(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = la != lb;
    for (size_t i = 0; i < la; i++) d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
    return d == 0;
}

static int authorized(regio_server *s, struct MHD_Connection *c) {
    if (!s->token) return 0;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncmp(h, "Bearer ", 7) != 0) return 0;
    return constant_time_eq(h + 7, s->token);
}

/* MHD_OPTION_URI_LOG_CALLBACK: called with the raw request URI before libmicrohttpd parses its arguments into
 * the connection's memory pool. A URI over the limit, or with more arguments than SERVE_MAX_ARGS, has its query
 * cut here (in libmicrohttpd's read buffer) so that nothing is stored: with the arguments stored, the pool would
 * run out first and libmicrohttpd 0.9.75 then answers nothing and holds the connection until the idle timeout.
 * The request is refused in the first call of handle(). The value returned becomes the request's *con_cls. */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c) {
    regio_server *s = cls;
    (void)c;
    conn_state *cs = calloc(1, sizeof *cs);
    if (!cs) return NULL;
    char *qm = strchr(uri, '?');
    cs->raw_len = strlen(uri);
    if (qm) {
        cs->nargs = 1;
        for (const char *p = qm + 1; *p; p++) cs->nargs += *p == '&';
    }
    if (cs->raw_len > s->o.max_query || cs->nargs > SERVE_MAX_ARGS) {
        cs->cut = 1;
        if (qm) qm[1] = '\0';
    }
    return cs;
}

/* a request body is announced (a Content-Length other than 0, or Transfer-Encoding) */
static int has_body(struct MHD_Connection *c) {
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    return te || (cl && strspn(cl, "0") != strlen(cl));
}

/* The first call of a request (its head is in): the checks that need no database, in order. Returns MHD_YES to
 * go on reading (a body, or nothing), or the result of queuing a refusal. */
static enum MHD_Result first_call(regio_server *s, struct MHD_Connection *c, conn_state *cs, const char *url, const char *method,
                                  const char *version, serve_req *q, serve_reply *r) {
    regio__serve_guard_request(s->guard, c, 0);
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!host && strcmp(version, MHD_HTTP_VERSION_1_0) != 0) {
        regio__serve_failf(q, r, 400, "HTTP/1.1 请求缺少 Host 头", "an HTTP/1.1 request needs a Host header");
        return send_reply(c, r);
    }
    if (!regio__serve_host_allowed(s, host)) {
        regio__serve_failf(q, r, 421, "不应答 Host “%.64s”：只应答本机地址、localhost 和 --allow-host 给出的名称（防 DNS 重绑定）",
                    "Host '%.64s' is not answered: only addresses, localhost and the names given with --allow-host are (DNS rebinding)", host);
        return send_reply(c, r);
    }
    if (cs->cut && cs->nargs > SERVE_MAX_ARGS) {
        regio__serve_failf(q, r, 400, "查询参数过多（%zu 个，上限 %d）", "too many query arguments (%zu, at most %d)", cs->nargs, SERVE_MAX_ARGS);
        return send_reply(c, r);
    }
    /* limits first: URL and query length, raw (as sent) and decoded */
    arg_len al = {strlen(url)};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_len, &al);
    if (cs->cut || al.total > s->o.max_query) {
        size_t n = cs->cut ? cs->raw_len : al.total;
        regio__serve_failf(q, r, 414, "请求地址过长（%zu 字节，上限 %zu）", "request URI too long (%zu bytes, limit %zu)", n, s->o.max_query);
        return send_reply(c, r);
    }
    if (strcmp(method, "POST") == 0 && strcmp(url, API "/import") == 0) {
        if (!authorized(s, c)) {
            if (s->token) regio__serve_failf(q, r, 401, "需要有效的令牌（Authorization: Bearer …）", "a valid token is required (Authorization: Bearer …)");
            else regio__serve_failf(q, r, 401, "写入未开启：用 --token-file 启动服务", "writes are off: start the server with --token-file");
            return send_reply(c, r);
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->o.max_upload) {
            regio__serve_failf(q, r, 413, "上传过大（%.24s 字节，上限 %zu 字节）", "upload too large (%.24s bytes, limit %zu bytes)", cl, s->o.max_upload);
            return send_reply(c, r);
        }
        cs->accept_body = 1;
        return MHD_YES;
    }
    /* nothing else reads a body: refuse it before it is sent rather than read and drop it */
    if (has_body(c)) {
        if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
            regio__serve_failf(q, r, 400, "GET 请求不带请求体", "a GET request has no body");
        else
            regio__serve_failf(q, r, 405, "只接受 GET（导入用 POST /api/v1/import）", "only GET is accepted (imports: POST /api/v1/import)");
        return send_reply(c, r);
    }
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
                              const char *upload, size_t *upload_size, void **con_cls) {
    regio_server *s = cls;
    serve_req q = {.srv = s, .conn = c, .plan = s->plan, .lang = REGIO_LANG_EN, .method = method, .path = url};
    serve_reply r = {0};
    const char *lang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    if (lang && strcmp(lang, "zh") == 0) q.lang = REGIO_LANG_ZH;
    conn_state *cs = *con_cls;
    if (!cs) {
        if (!(cs = calloc(1, sizeof *cs))) return MHD_NO;
        *con_cls = cs;
    }
    if (!cs->started) {
        cs->started = 1;
        return first_call(s, c, cs, url, method, version, &q, &r);
    }
    if (*upload_size) {
        if (!cs->accept_body) { *upload_size = 0; return MHD_YES; } /* refused in the first call: dropped */
        if (cs->too_big || cs->len + *upload_size > s->o.max_upload) {
            /* a chunked upload over the limit: read on (and drop) up to the limit again to answer 413, then close */
            cs->too_big = 1;
            cs->discarded += *upload_size;
            if (cs->discarded > s->o.max_upload) return MHD_NO;
        } else {
            if (cs->len + *upload_size > cs->cap) {
                size_t cap = cs->cap ? cs->cap : 65536;
                while (cap < cs->len + *upload_size) cap *= 2;
                char *b = realloc(cs->body, cap);
                if (!b) return MHD_NO;
                cs->body = b;
                cs->cap = cap;
            }
            memcpy(cs->body + cs->len, upload, *upload_size);
            cs->len += *upload_size;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (cs->too_big) {
        regio__serve_failf(&q, &r, 413, "上传过大（上限 %zu 字节）", "upload too large (limit %zu bytes)", s->o.max_upload);
        return send_reply(c, &r);
    }
    if (strcmp(url, "/report") == 0) {
        enum MHD_Result ret;
        if (regio__serve_report(s, c, &q, &r, &ret)) return ret;
        return send_reply(c, &r);
    }
    if (strncmp(url, API, strlen(API)) != 0 || (url[strlen(API)] && url[strlen(API)] != '/')) {
        int handled;
        enum MHD_Result ret = send_static(s, c, url, &q, &r, &handled);
        if (handled) return ret;
        regio__serve_failf(&q, &r, 404, "没有这个页面：%.128s", "no such page: %.128s", url);
        return send_reply(c, &r);
    }
    q.path = url + strlen(API);
    q.body = cs->body;
    q.body_len = cs->len;
    regio_error err;
    regio_error_clear(&err);
    if (!(q.th = regio__serve_thread_get(s, &err))) {
        if (!err.code) regio_error_set(&err, REGIO_EDB, "无法打开数据库", "cannot open the database");
        regio__serve_fail(&q, &r, 503, &err);
        return send_reply(c, &r);
    }
    q.st = regio__serve_thread_store(q.th);
    /* what the request borrows from the thread's cache stays valid until regio__serve_thread_end */
    if (regio__serve_thread_begin(q.th, &err)) {
        regio__serve_thread_end(q.th);
        regio__serve_fail(&q, &r, 0, &err);
        return send_reply(c, &r);
    }
    /* GET answers come from this thread's cache while the data are unchanged */
    char *key = strcmp(method, "GET") == 0 && !s->o.no_reply_cache ? request_key(c, url) : NULL;
    size_t len;
    const char *hit = key ? regio__serve_reply_cached(q.th, key, &len) : NULL;
    if (hit) {
        free(key);
        enum MHD_Result ret = send_text(c, 200, "application/json; charset=utf-8", (char *)hit, len, MHD_RESPMEM_MUST_COPY);
        regio__serve_thread_end(q.th);
        return ret;
    }
    route(&q, &r);
    if (key && r.status == 200 && r.json && !r.text) {
        char *text = json_dumps(r.json, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        if (text) {
            json_decref(r.json);
            r.json = NULL;
            r.text = text;
            r.len = strlen(text);
            regio__serve_reply_keep(q.th, key, text, r.len);
        }
    }
    free(key);
    enum MHD_Result ret = send_reply(c, &r);
    regio__serve_thread_end(q.th);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
    regio_server *s = cls;
    /* a kept-alive connection now waits for its next request head: the header deadline starts again */
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) regio__serve_guard_request(s->guard, c, 1);
    conn_state *cs = *con_cls;
    if (cs) { free(cs->body); free(cs); }
    *con_cls = NULL;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

int regio_server_start(const regio_serve_opts *opts, regio_server **out, regio_error *err) {
    *out = NULL;
    regio_server *s = calloc(1, sizeof *s);
    if (!s) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    s->o = *opts;
    if (!s->o.max_connections) s->o.max_connections = 1024;
    if (!s->o.timeout_s) s->o.timeout_s = 30;
    if (!s->o.header_timeout_s) s->o.header_timeout_s = 10;
    if (!s->o.max_per_address) s->o.max_per_address = 64;
    if (!s->o.max_upload) s->o.max_upload = 32u << 20;
    if (!s->o.max_query) s->o.max_query = 2048;
    if (!s->o.max_permutations) s->o.max_permutations = 999;
    if (!s->o.threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        s->o.threads = n < 1 ? 1 : n > 16 ? 16 : (unsigned)n;
    }
    s->db = dup_or_null(opts->db);
    s->bind = strdup(opts->bind ? opts->bind : "127.0.0.1");
    s->web_root = dup_or_null(opts->web_root);
    s->token = opts->token && *opts->token ? strdup(opts->token) : NULL;
    s->report = dup_or_null(opts->report);
    s->allow_hosts = dup_or_null(opts->allow_hosts);
    s->o.allow_hosts = s->allow_hosts;
    pthread_mutex_init(&s->import_lock, NULL);
    if (pthread_key_create(&s->store_key, regio__serve_thread_free)) {
        free(s->db); free(s->bind); free(s->web_root); free(s->token); free(s->report); free(s->allow_hosts); free(s);
        return regio_error_set(err, REGIO_EINTERNAL, "无法创建线程键", "cannot create a thread key");
    }
    int rc = REGIO_OK;
    regio_store *st = NULL;
    if (!s->db) rc = regio_error_set(err, REGIO_EINVAL, "需要数据库", "a database is required");
    if (!rc) rc = regio_store_open(s->db, 0, &st, err);
    if (!rc) rc = regio_store_load_plan(st, &s->plan, err);
    if (!rc && opts->schemes_dir && *opts->schemes_dir)
        rc = regio_scheme_load(opts->schemes_dir, opts->scheme ? opts->scheme : "default", s->plan, &s->scheme, err);
    if (!rc && !opts->schemes_dir) {
        /* as `regio evaluate`: the evaluation/ of the plan directory init read, when it is there */
        char *plan_dir = NULL, dir[4096], probe[4200];
        regio_error ignore;
        regio_error_clear(&ignore);
        if (regio_store_meta_get(st, "plan_dir", &plan_dir, &ignore) == REGIO_OK && plan_dir && *plan_dir) {
            snprintf(dir, sizeof dir, "%s/evaluation", plan_dir);
            snprintf(probe, sizeof probe, "%s/schemes.csv", dir);
            if (access(probe, R_OK) == 0) rc = regio_scheme_load(dir, opts->scheme ? opts->scheme : "default", s->plan, &s->scheme, err);
        }
        free(plan_dir);
    }
    for (int l = 0; !rc && l < 3; l++) rc = regio_geometry_collection(st, s->plan, (regio_level)l, &s->geo[l], &s->geolen[l], err);
    regio_store_close(st);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->o.port)};
    if (!rc && inet_pton(AF_INET, s->bind, &addr.sin_addr) != 1)
        rc = regio_error_set(err, REGIO_EINVAL, "--bind 应为 IPv4 地址，而不是 “%s”", "--bind must be an IPv4 address, not '%s'", s->bind);
    if (!rc) rc = regio__serve_guard_start(&s->guard, s->o.header_timeout_s, err);
    if (!rc) {
        /* The connection's memory pool holds its read buffer (the request line and headers) and the arguments
         * libmicrohttpd stores (56 bytes each; uri_seen lets at most SERVE_MAX_ARGS through, within max_query
         * bytes): 64 KiB plus twice the query limit leaves a head of tens of KiB room before libmicrohttpd answers
         * 414/431 itself. Epoll with a pool of threads: a slow or idle connection holds no thread; the per-address
         * limit keeps one client from taking every connection, the header deadline (guard.c) frees the slots of
         * clients that never finish a request head. */
        s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, (uint16_t)s->o.port,
                                     NULL, NULL, handle, s,
                                     MHD_OPTION_EXTERNAL_LOGGER, regio__serve_guard_log, s, /* first, so that every message goes through it */
                                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->o.threads,
                                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->o.max_connections,
                                     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)s->o.max_per_address,
                                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->o.timeout_s,
                                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(65536 + 2 * s->o.max_query),
                                     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                                     MHD_OPTION_URI_LOG_CALLBACK, uri_seen, s,
                                     MHD_OPTION_NOTIFY_CONNECTION, regio__serve_guard_notify, s,
                                     MHD_OPTION_NOTIFY_COMPLETED, completed, s,
                                     MHD_OPTION_END);
        if (!s->daemon)
            rc = regio_error_set(err, REGIO_EIO, "无法在 %s:%u 上监听（端口被占用？）", "cannot listen on %s:%u (port in use?)", s->bind, s->o.port);
    }
    if (rc) { regio_server_free(s); return rc; }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : s->o.port;
    *out = s;
    return REGIO_OK;
}

unsigned regio_server_port(const regio_server *s) { return s ? s->port : 0; }

void regio_server_free(regio_server *s) {
    if (!s) return;
    if (s->daemon) MHD_stop_daemon(s->daemon);
    regio__serve_guard_free(s->guard);
    free(s->allow_hosts);
    pthread_key_delete(s->store_key);
    pthread_mutex_destroy(&s->import_lock);
    regio_scheme_free(s->scheme);
    regio_plan_free(s->plan);
    for (int l = 0; l < 3; l++) free(s->geo[l]);
    free(s->db);
    free(s->bind);
    free(s->web_root);
    free(s->token);
    free(s->report);
    free(s);
}
