/* guard.c — what keeps one client from locking the others out, below the HTTP handlers.
 *
 * libmicrohttpd's connection timeout is an idle timeout: a slowloris client that sends one header line every few
 * seconds never trips it and holds its connection for ever. So every connection is registered here (from
 * libmicrohttpd's connection notifications) with the time it started waiting for a request head — at accept, and
 * again after each answer on a kept-alive connection — and a watchdog thread shuts down the socket of any that has
 * waited longer than the header deadline (--header-timeout). shutdown(2) only: libmicrohttpd sees the end of the
 * stream in its own thread and closes and frees the connection itself; the registry's lock is held around the
 * shutdown and around the removal on close (which libmicrohttpd reports before it closes the descriptor), so a
 * descriptor is never shut after it was reused.
 *
 * Also here: the Host check against DNS rebinding (a page from evil.example whose name is made to resolve to
 * 127.0.0.1 would reach the server with Host: evil.example), and libmicrohttpd's own error messages, rate-limited
 * so that a flood of refused connections cannot fill the log. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "serve/serve_internal.h"

typedef struct guard_conn {
    struct guard_conn *prev, *next;
    int fd;
    double waiting_since; /* monotonic seconds since the connection waits for a request head; 0 = a request is in hand */
    int shut;
} guard_conn;

struct serve_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int running, stop;
    guard_conn *head;
    double deadline;       /* seconds; 0 = no header deadline */
    unsigned long shut;    /* connections shut at the deadline (for the log at exit) */
    /* libmicrohttpd's messages: at most LOG_BURST in each LOG_WINDOW seconds */
    double log_window_start;
    unsigned log_in_window;
    unsigned long log_dropped;
};

#define LOG_WINDOW 60.0
#define LOG_BURST 20

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *watchdog(void *arg) {
    serve_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        double t = now_s();
        for (guard_conn *c = g->head; c; c = c->next)
            if (!c->shut && c->waiting_since > 0 && t - c->waiting_since > g->deadline) {
                shutdown(c->fd, SHUT_RDWR);
                c->shut = 1;
                g->shut++;
            }
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int regio__serve_guard_start(serve_guard **out, unsigned deadline_s, regio_error *err) {
    serve_guard *g = calloc(1, sizeof *g);
    if (!g) return regio_error_oom(err);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    g->deadline = deadline_s;
    if (deadline_s) {
        if (pthread_create(&g->thread, NULL, watchdog, g)) {
            regio__serve_guard_free(g);
            return regio_error_set(err, REGIO_EINTERNAL, "无法启动连接看守线程", "cannot start the connection watchdog thread");
        }
        g->running = 1;
    }
    *out = g;
    return REGIO_OK;
}

void regio__serve_guard_free(serve_guard *g) {
    if (!g) return;
    if (g->running) {
        pthread_mutex_lock(&g->lock);
        g->stop = 1;
        pthread_cond_signal(&g->wake);
        pthread_mutex_unlock(&g->lock);
        pthread_join(g->thread, NULL);
    }
    while (g->head) {
        guard_conn *c = g->head;
        g->head = c->next;
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

unsigned long regio__serve_guard_shut_count(serve_guard *g) {
    pthread_mutex_lock(&g->lock);
    unsigned long n = g->shut;
    pthread_mutex_unlock(&g->lock);
    return n;
}

/* MHD_OPTION_NOTIFY_CONNECTION: register at start, remove at close (before libmicrohttpd closes the descriptor) */
void regio__serve_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code) {
    serve_guard *g = ((regio_server *)cls)->guard;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        guard_conn *gc = ci ? calloc(1, sizeof *gc) : NULL;
        *socket_context = gc;
        if (!gc) return; /* out of memory: this connection has the idle timeout only */
        gc->fd = ci->connect_fd;
        gc->waiting_since = now_s();
        pthread_mutex_lock(&g->lock);
        gc->next = g->head;
        if (g->head) g->head->prev = gc;
        g->head = gc;
        pthread_mutex_unlock(&g->lock);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        guard_conn *gc = *socket_context;
        if (!gc) return;
        pthread_mutex_lock(&g->lock);
        if (gc->prev) gc->prev->next = gc->next;
        else g->head = gc->next;
        if (gc->next) gc->next->prev = gc->prev;
        pthread_mutex_unlock(&g->lock);
        free(gc);
        *socket_context = NULL;
    }
}

static guard_conn *conn_of(struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void regio__serve_guard_request(serve_guard *g, struct MHD_Connection *c, int waiting) {
    guard_conn *gc = conn_of(c);
    if (!gc) return;
    pthread_mutex_lock(&g->lock);
    gc->waiting_since = waiting ? now_s() : 0;
    pthread_mutex_unlock(&g->lock);
}

/* ---- Host ---- */

/* the host part of a Host header value (no port, no brackets) into out; -1 when malformed */
static int host_part(const char *h, char *out, size_t cap) {
    size_t n;
    if (*h == '[') {
        const char *e = strchr(h, ']');
        if (!e || (e[1] && e[1] != ':')) return -1;
        n = (size_t)(e - h - 1);
        h++;
    } else {
        const char *colon = strchr(h, ':');
        n = colon ? (size_t)(colon - h) : strlen(h);
    }
    if (!n || n >= cap) return -1;
    memcpy(out, h, n);
    out[n] = '\0';
    return 0;
}

static int name_in_list(const char *name, const char *list) {
    size_t n = strlen(name);
    while (list && *list) {
        const char *e = strchr(list, ',');
        size_t len = e ? (size_t)(e - list) : strlen(list);
        if ((len == 1 && *list == '*') || (len == n && strncasecmp(list, name, n) == 0)) return 1;
        list = e ? e + 1 : NULL;
    }
    return 0;
}

int regio__serve_host_allowed(const regio_server *s, const char *host) {
    char name[256];
    unsigned char ip[16];
    if (!host) return 1; /* HTTP/1.0 without Host: no browser sends that (the caller refuses it for HTTP/1.1) */
    if (host_part(host, name, sizeof name)) return 0;
    /* an address typed as such cannot be rebound; localhost is this machine by definition (RFC 6761) */
    if (inet_pton(AF_INET, name, ip) == 1 || inet_pton(AF_INET6, name, ip) == 1) return 1;
    if (strcasecmp(name, "localhost") == 0) return 1;
    return name_in_list(name, s->o.allow_hosts);
}

/* ---- libmicrohttpd's messages ---- */

void regio__serve_guard_log(void *cls, const char *fmt, va_list ap) {
    serve_guard *g = ((regio_server *)cls)->guard;
    double t = now_s();
    pthread_mutex_lock(&g->lock);
    if (t - g->log_window_start > LOG_WINDOW) {
        if (g->log_dropped)
            fprintf(stderr, "regio serve: %lu more libmicrohttpd messages not shown\n", g->log_dropped);
        g->log_window_start = t;
        g->log_in_window = 0;
        g->log_dropped = 0;
    }
    if (g->log_in_window < LOG_BURST) {
        g->log_in_window++;
        fputs("regio serve (libmicrohttpd): ", stderr);
        vfprintf(stderr, fmt, ap);
    } else g->log_dropped++;
    pthread_mutex_unlock(&g->lock);
}
