/* cache.c — each worker thread's SQLite connection and its cache of year matrices. Most answers start from
 * regio_store_year_matrix (every current observation of a year); reading it is most of a request's cost, and
 * the data change only by imports. So each thread keeps the matrices it has read, valid while
 * regio_store_data_version (which changes when another connection commits) and this thread's own imports say the
 * store is unchanged. Per thread, so no locks; the server holds no global state. */
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
    int years[CACHE_YEARS];
    double *m[CACHE_YEARS];
    size_t n;
    int *all_years;           /* every year with data (regio_store_years), or NULL when not read yet */
    size_t nall;
    cached_reply replies[CACHE_REPLIES]; /* successful GET answers by request key, replaced round-robin */
    size_t next_reply;
};

static void cache_clear(serve_thread *t) {
    for (size_t i = 0; i < t->n; i++) free(t->m[i]);
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

void regio__serve_thread_changed(serve_thread *t) {
    cache_clear(t);
    t->version = -1;
}

/* Empties the cache when the store changed since it was filled. A failure to read the version empties it too
 * and is returned: nothing is answered from a cache that cannot be checked. */
static int check_version(serve_thread *t, regio_error *err) {
    int64_t v = -1;
    int rc = regio_store_data_version(t->st, &v, err);
    if (rc || v != t->version) { cache_clear(t); t->version = rc ? -1 : v; }
    return rc;
}

int regio__serve_years(serve_req *q, const int **years, size_t *n, regio_error *err) {
    serve_thread *t = q->th;
    int vrc = check_version(t, err);
    if (vrc) return vrc;
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

int regio__serve_year_matrix(serve_req *q, int year, const double **m, regio_error *err) {
    serve_thread *t = q->th;
    int vrc = check_version(t, err);
    if (vrc) return vrc;
    for (size_t i = 0; i < t->n; i++)
        if (t->years[i] == year) { *m = t->m[i]; return REGIO_OK; }
    double *fresh = NULL;
    int rc = regio_store_year_matrix(t->st, q->plan, year, &fresh, err);
    if (rc) return rc;
    if (t->n == CACHE_YEARS) { free(t->m[0]); memmove(t->m, t->m + 1, (CACHE_YEARS - 1) * sizeof *t->m);
                               memmove(t->years, t->years + 1, (CACHE_YEARS - 1) * sizeof *t->years); t->n--; }
    t->years[t->n] = year;
    t->m[t->n++] = fresh;
    *m = fresh;
    return REGIO_OK;
}

/* ---- whole answers: a GET answer depends only on its request (path and arguments), the plan (fixed while the
 * server runs) and the data, so a successful one can be given again until the data change ---- */

const char *regio__serve_reply_cached(serve_thread *t, const char *key, size_t *len) {
    /* a version that cannot be read empties the cache: a miss, and the request is answered afresh, where the
     * same database error, if it persists, is reported */
    regio_error ignored = {0};
    if (check_version(t, &ignored)) return NULL;
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
