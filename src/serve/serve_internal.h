/* serve_internal.h — what the server's files share: the server, one request, one reply, parameter parsing
 * and the JSON helpers. Endpoint handlers fill a reply; server.c turns it into an HTTP response. */
#ifndef REGIO_SERVE_INTERNAL_H
#define REGIO_SERVE_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>

#include "regio/plan.h"
#include "regio/serve.h"
#include "regio/store.h"

struct regio_server {
    struct MHD_Daemon *daemon;
    regio_serve_opts o;          /* strings below are owned copies */
    char *db, *bind, *web_root, *token, *allow_hosts;
    unsigned port;
    regio_plan *plan;            /* read once, shared read-only */
    char *geo[3];                /* FeatureCollection per level (province, prefecture, county) */
    size_t geolen[3];
    pthread_key_t store_key;     /* each worker thread's own connection */
    pthread_mutex_t import_lock; /* one import at a time (SQLite would serialise them anyway) */
    struct regio_scheme *scheme; /* the evaluation scheme read at start (--schemes), or NULL */
    char *report;                /* the report file served at /report (--report), or NULL */
    struct serve_guard *guard;   /* header deadline, Host check, libmicrohttpd's messages (guard.c) */
};

/* Limits below the handlers. Messages are cut to SERVE_MSG_MAX bytes (valid UTF-8); a request with more than
 * SERVE_MAX_ARGS query arguments is refused before libmicrohttpd stores them (its connection pool is sized for
 * that many: see regio_server_start). */
#define SERVE_MSG_MAX 1024
#define SERVE_MAX_ARGS 64

/* guard.c: every connection is registered while it waits for a request head; past the header deadline its
 * socket is shut down (libmicrohttpd's own timeout is an idle one, which a slowloris client never trips). */
typedef struct serve_guard serve_guard;
int regio__serve_guard_start(serve_guard **out, unsigned deadline_s, regio_error *err);
void regio__serve_guard_free(serve_guard *g);
unsigned long regio__serve_guard_shut_count(serve_guard *g);
void regio__serve_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code);
/* waiting = 1: the connection now waits for its next request head (after an answer); 0: a head has arrived */
void regio__serve_guard_request(serve_guard *g, struct MHD_Connection *c, int waiting);
/* 1 when a Host header value may be answered: an address literal, localhost, or a name of --allow-host */
int regio__serve_host_allowed(const regio_server *s, const char *host);
void regio__serve_guard_log(void *cls, const char *fmt, va_list ap);

/* a worker thread's connection and cache (cache.c) */
typedef struct serve_thread serve_thread;

typedef struct serve_req {
    regio_server *srv;
    serve_thread *th;            /* this thread's connection and cache */
    struct MHD_Connection *conn;
    regio_store *st;             /* this thread's connection */
    const regio_plan *plan;
    regio_lang lang;
    const char *method, *path;   /* path below /api/v1 ("/regions", "/regions/530102", …) */
    const char *body;            /* POST body (may be NULL) */
    size_t body_len;
} serve_req;

typedef struct serve_reply {
    unsigned status;
    json_t *json;                /* the body, or */
    char *text;                  /* a pre-rendered body (malloc'd, or borrowed when borrowed = 1) */
    size_t len;
    int borrowed;
    const char *type;            /* the body's content type when it is not JSON (a download), else NULL */
    char filename[64];           /* a download's file name (Content-Disposition: attachment), or "" */
} serve_reply;

serve_thread *regio__serve_thread_get(regio_server *s, regio_error *err);
void regio__serve_thread_free(void *t);
regio_store *regio__serve_thread_store(serve_thread *t);
void regio__serve_thread_changed(serve_thread *t); /* after this thread wrote to the store */
/* A request's span: begin checks that the cache is still valid (the store's data version; a failure to read it
 * is returned), end lets the cache drop what it keeps beyond its size. Everything borrowed from the cache between
 * the two stays valid until end. */
int regio__serve_thread_begin(serve_thread *t, regio_error *err);
void regio__serve_thread_end(serve_thread *t);
/* One year's cells (regio_store_year_cells, latest vintage) from this thread's cache: borrowed until
 * regio__serve_thread_end. regio__serve_year_matrix gives its values (regio_store_year_matrix). */
int regio__serve_year_cells(serve_req *q, int year, const regio_year_cells **c, regio_error *err);
int regio__serve_year_matrix(serve_req *q, int year, const double **m, regio_error *err);
/* Whole answers of GET requests by key (method, path, arguments), valid while the data are unchanged:
 * regio__serve_reply_cached gives a borrowed body (or NULL); regio__serve_reply_keep copies one (up to 1 MiB). */
const char *regio__serve_reply_cached(serve_thread *t, const char *key, size_t *len);
void regio__serve_reply_keep(serve_thread *t, const char *key, const char *body, size_t len);
/* Every year with data (regio_store_years over all indicators), cached the same way; borrowed until
 * regio__serve_thread_end. */
int regio__serve_years(serve_req *q, const int **years, size_t *n, regio_error *err);

typedef int (*serve_handler)(serve_req *q, serve_reply *r);

/* Replies with a JSON error {"error": {status, code, message, zh, en}}: status from err's code when status is 0. */
int regio__serve_fail(serve_req *q, serve_reply *r, unsigned status, const regio_error *err);
/* The same from a message pair (both formats with the same arguments). */
int regio__serve_failf(serve_req *q, serve_reply *r, unsigned status, const char *zh, const char *en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
int regio__serve_ok(serve_reply *r, json_t *json);

/* Parameters. regio__serve_params checks that every query argument is one of allowed (NULL-ended) or "lang", each given
 * at most once (400 otherwise). The getters reply with 400 (malformed) or 404 (unknown code) and return non-zero. */
int regio__serve_params(serve_req *q, serve_reply *r, const char *const *allowed);
const char *regio__serve_arg(serve_req *q, const char *name);
int regio__serve_arg_year(serve_req *q, serve_reply *r, const char *name, int required, int *out);
int regio__serve_arg_years(serve_req *q, serve_reply *r, long indicator, int **years, size_t *n); /* year= or years=A:B */
int regio__serve_arg_indicator(serve_req *q, serve_reply *r, int required, long *out);
int regio__serve_arg_level(serve_req *q, serve_reply *r, regio_level dflt, regio_level *out);
int regio__serve_arg_uint(serve_req *q, serve_reply *r, const char *name, unsigned long max, unsigned long dflt, unsigned long *out);
/* region= or group= (one of them, or neither when optional): *is_group says which */
int regio__serve_arg_unit(serve_req *q, serve_reply *r, int required, long *unit, int *is_group);

const char *regio__serve_name(const serve_req *q, const char *zh, const char *en);

/* Handlers (api_*.c). */
int regio__serve_api_index(serve_req *q, serve_reply *r);
int regio__serve_api_regions(serve_req *q, serve_reply *r);
int regio__serve_api_region(serve_req *q, serve_reply *r, const char *code);
int regio__serve_api_groups(serve_req *q, serve_reply *r);
int regio__serve_api_indicators(serve_req *q, serve_reply *r); /* api_coverage.c */
int regio__serve_api_breaks(serve_req *q, serve_reply *r);     /* api_coverage.c */
int regio__serve_api_series(serve_req *q, serve_reply *r);     /* regio__serve_api_series.c */
int regio__serve_api_needs(serve_req *q, serve_reply *r);      /* regio__serve_api_needs.c */
int regio__serve_api_needs_template(serve_req *q, serve_reply *r);
int regio__serve_api_geometry(serve_req *q, serve_reply *r);
int regio__serve_api_observations(serve_req *q, serve_reply *r);
int regio__serve_api_value(serve_req *q, serve_reply *r);
int regio__serve_api_map(serve_req *q, serve_reply *r);
int regio__serve_api_targets(serve_req *q, serve_reply *r);
int regio__serve_api_disparity(serve_req *q, serve_reply *r);
int regio__serve_api_spatial(serve_req *q, serve_reply *r);
int regio__serve_api_import(serve_req *q, serve_reply *r);
int regio__serve_api_evaluation(serve_req *q, serve_reply *r);

/* GET /report (api_report.c): queues the report file and returns 1, or fills r with the error and returns 0. */
int regio__serve_report(regio_server *s, struct MHD_Connection *c, serve_req *q, serve_reply *r, enum MHD_Result *ret);

/* Tracking over this thread's cached year matrices (api_data.c), shared with the region page; the JSON of its
 * results is regio_json_track_result / regio_json_track_list (regio/json_results.h), as `regio targets`. */
struct regio_track_list;
int regio__serve_track_targets(serve_req *q, int as_of, struct regio_track_list **out, regio_error *err);

#endif
