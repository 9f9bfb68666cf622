/* cache.c — each worker thread's SQLite connection and its cache of year cells. Most answers start from
 * regio_store_year_cells (every current observation of a year, with the bounded ones the tracking rule may use);
 * reading it is most of a request's cost, and the data change only by imports. So each thread keeps the years it
 * has read, valid while regio_store_data_version (which changes when another connection commits) and this
 * thread's own imports say the store is unchanged. Per thread, so no locks; the server holds no global state.
 * Ownership: the cache owns every year it hands out, and a request borrows them until it ends. The version is
 * checked once, when a request begins (regio__serve_thread_begin), and nothing is freed until it ends
 * (regio__serve_thread_end): a request that reads more years than the cache keeps lets the cache grow, and the oldest
 * are dropped only after it, so a borrowed year can never be freed under a handler (tests/cli/test_serve_cache.sh
 * asks for more years than the cache keeps). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve_internal.h"

#define CACHE_YEARS 64
#define CACHE_REPLIES 64
#define CACHE_REPLY_MAX (1u << 20) /* larger answers are not kept */

typedef struct cached_reply { char *key, *body; size_t len; } cached_reply;

struct serve_thread {
    regio_store *st;
    int64_t version;          /* regio_store_data_version when the cache was filled, -1 = not filled */
    int *years;               /* the years read, oldest first, and their cells */
    regio_year_cells **cells;
    size_t n, cap;            /* n may exceed CACHE_YEARS while a request runs; trimmed when it ends */
    int *all_years;           /* every year with data (regio_store_years), or NULL when not read yet */
    size_t nall;
    cached_reply replies[CACHE_REPLIES]; /* successful GET answers by request key, replaced round-robin */
    size_t next_reply;
};

static void cache_clear(serve_thread *t) {
    for (size_t i = 0; i < t->n; i++) regio_year_cells_free(t->cells[i]);
    t->n = 0;
    free(t->all_years);
    t->all_years = NULL;
    t->nall = 0;
    for (size_t i = 0; i < CACHE_REPLIES; i++) {
        free(t->replies[i].key);
        free(t->replies[i].body);
        t->replies[i] = (cached_reply){0};
    }
}

void regio__serve_thread_free(void *p) {
    serve_thread *t = p;
    if (!t) return;
    cache_clear(t);
    free(t->years);
    free(t->cells);
    regio_store_close(t->st);
    free(t);
}

serve_thread *regio__serve_thread_get(regio_server *s, regio_error *err) {
    serve_thread *t = pthread_getspecific(s->store_key);
    if (t) return t;
    t = calloc(1, sizeof *t);
    if (!t) { regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); return NULL; }
    if (regio_store_open(s->db, 0, &t->st, err)) { free(t); return NULL; }
    if (regio_store_data_version(t->st, &t->version, err)) { regio__serve_thread_free(t); return NULL; }
    if (pthread_setspecific(s->store_key, t)) {
        regio_error_set(err, REGIO_EINTERNAL, "无法保存线程的数据库连接", "cannot keep the thread's database connection");
        regio__serve_thread_free(t);
        return NULL;
    }
    return t;
}

regio_store *regio__serve_thread_store(serve_thread *t) { return t->st; }

/* the next request begins afresh (not now: this request may still hold borrowed years) */
void regio__serve_thread_changed(serve_thread *t) { t->version = -1; }

/* Empties the cache when the store changed since it was filled. A failure to read the version empties it too
 * and is returned: nothing is answered from a cache that cannot be checked. */
static int check_version(serve_thread *t, regio_error *err) {
    int64_t v = -1;
    int rc = regio_store_data_version(t->st, &v, err);
    if (rc || v != t->version) { cache_clear(t); t->version = rc ? -1 : v; }
    return rc;
}

int regio__serve_thread_begin(serve_thread *t, regio_error *err) { return check_version(t, err); }

void regio__serve_thread_end(serve_thread *t) {
    if (t->n <= CACHE_YEARS) return;
    size_t drop = t->n - CACHE_YEARS;
    for (size_t i = 0; i < drop; i++) regio_year_cells_free(t->cells[i]);
    memmove(t->cells, t->cells + drop, CACHE_YEARS * sizeof *t->cells);
    memmove(t->years, t->years + drop, CACHE_YEARS * sizeof *t->years);
    t->n = CACHE_YEARS;
}

int regio__serve_years(serve_req *q, const int **years, size_t *n, regio_error *err) {
    serve_thread *t = q->th;
    if (!t->all_years) {
        int rc = regio_store_years(t->st, q->plan, -1, &t->all_years, &t->nall, err);
        if (rc) return rc;
        if (!t->all_years) t->all_years = malloc(sizeof *t->all_years); /* remember "no years" too */
        if (!t->all_years) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    }
    *years = t->all_years;
    *n = t->nall;
    return REGIO_OK;
}

int regio__serve_year_cells(serve_req *q, int year, const regio_year_cells **c, regio_error *err) {
    serve_thread *t = q->th;
    for (size_t i = 0; i < t->n; i++)
        if (t->years[i] == year) { *c = t->cells[i]; return REGIO_OK; }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : CACHE_YEARS;
        int *y = realloc(t->years, cap * sizeof *y);
        if (y) t->years = y;
        regio_year_cells **cs = y ? realloc(t->cells, cap * sizeof *cs) : NULL;
        if (!cs) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        t->cells = cs;
        t->cap = cap;
    }
    regio_year_cells *fresh = NULL;
    int rc = regio_store_year_cells(t->st, q->plan, year, REGIO_VINTAGE_LATEST, &fresh, err);
    if (rc) return rc;
    t->years[t->n] = year;
    t->cells[t->n++] = fresh;
    *c = fresh;
    return REGIO_OK;
}

int regio__serve_year_matrix(serve_req *q, int year, const double **m, regio_error *err) {
    const regio_year_cells *c = NULL;
    int rc = regio__serve_year_cells(q, year, &c, err);
    if (!rc) *m = c->value;
    return rc;
}

/* ---- whole answers: a GET answer depends only on its request (path and arguments), the plan (fixed while the
 * server runs) and the data, so a successful one can be given again until the data change ---- */

const char *regio__serve_reply_cached(serve_thread *t, const char *key, size_t *len) {
    for (size_t i = 0; i < CACHE_REPLIES; i++)
        if (t->replies[i].key && strcmp(t->replies[i].key, key) == 0) { *len = t->replies[i].len; return t->replies[i].body; }
    return NULL;
}

void regio__serve_reply_keep(serve_thread *t, const char *key, const char *body, size_t len) {
    if (len > CACHE_REPLY_MAX) return;
    char *k = strdup(key), *b = malloc(len ? len : 1);
    if (!k || !b) { free(k); free(b); return; }
    memcpy(b, body, len);
    cached_reply *slot = &t->replies[t->next_reply];
    t->next_reply = (t->next_reply + 1) % CACHE_REPLIES;
    free(slot->key);
    free(slot->body);
    *slot = (cached_reply){k, b, len};
}
