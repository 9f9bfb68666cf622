/* serve.h — `regio serve`: the store and the engines behind an HTTP JSON API (versioned under /api/v1) and a
 * static dashboard, on one machine (libmicrohttpd).
 *
 * Why a library module: the server answers with the same functions the CLI calls (aggregation, target
 * tracking, inequality, spatial autocorrelation, the validated import), so an answer on the screen is the
 * answer on the command line. Requests are handled by a pool of threads, each with its own SQLite connection
 * to the store (WAL), so readers never wait for each other; the plan is read once at start and shared
 * read-only. Writes (POST /api/v1/import) are off unless a bearer token is configured. Limits: request body,
 * URL and query length and argument count, concurrent connections in all and per client address, a deadline for
 * the request head, idle timeout, permutation count; the Host header must name this server (DNS rebinding).
 * docs/serve.md lists the endpoints, docs/reliability.md the limits and the load they hold.
 */
#ifndef REGIO_SERVE_H
#define REGIO_SERVE_H

#include <stddef.h>

#include "regio/error.h"
#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_serve_opts {
    const char *db;             /* the store (must exist and hold a plan) */
    const char *bind;           /* IPv4 address to listen on; NULL = 127.0.0.1 */
    unsigned port;              /* 0 = any free port (regio_server_port says which) */
    const char *web_root;       /* directory of index.html, app.js, style.css, node_modules/echarts; NULL = API only */
    const char *token;          /* bearer token that enables POST /api/v1/import; NULL = writes off */
    unsigned threads;           /* worker threads; 0 = online cores, at most 16 */
    unsigned max_connections;   /* concurrent connections; 0 = 1024 */
    unsigned timeout_s;         /* idle connection timeout; 0 = 30 s */
    unsigned header_timeout_s;  /* a request head (request line and headers) must arrive within this many seconds of
                                 * the connection's start or of the previous answer; 0 = 10 s */
    unsigned max_per_address;   /* concurrent connections from one client address; 0 = 64 */
    const char *allow_hosts;    /* comma-separated host names answered besides address literals and localhost (the
                                 * Host check against DNS rebinding); "*" = any; NULL = none */
    size_t max_upload;          /* request body bytes; 0 = 32 MiB */
    size_t max_query;           /* bytes of path plus query arguments; 0 = 2048 */
    unsigned max_permutations;  /* upper bound of spatial permutations; 0 = 999 */
    const char *schemes_dir;    /* evaluation schemes read at start; NULL = evaluation/ of the plan directory `regio
                                 * init` recorded, when it has one; "" = none (no /evaluation) */
    const char *scheme;         /* scheme name; NULL = "default" */
    int no_reply_cache;         /* 1: compute every GET answer (for measurements); year matrices are still cached */
    const char *report;         /* a report file (`regio report --out`: .html, .pdf, .docx, .xlsx) served at /report and
                                 * linked from the dashboard, read on each request (a rebuilt report is served at once);
                                 * NULL = none */
} regio_serve_opts;

typedef struct regio_server regio_server;

/* Opens the store, reads the plan and the map outlines, and starts listening. */
REGIO_API int regio_server_start(const regio_serve_opts *opts, regio_server **out, regio_error *err);

/* The port the server listens on. */
REGIO_API unsigned regio_server_port(const regio_server *s);

/* Stops listening, waits for the requests in flight, and frees everything. Accepts NULL. */
REGIO_API void regio_server_free(regio_server *s);

#ifdef __cplusplus
}
#endif
#endif
