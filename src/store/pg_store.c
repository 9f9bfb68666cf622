/* pg_store.c — the PostgreSQL backend of the store, through libpq: `--db postgresql://user@host/db` (or
 * REGIO_DB) opens a database of a PostgreSQL server as a regio store, with the same schema, migrations and
 * answers as the SQLite file.
 *
 * What differs from SQLite is kept here: placeholders are numbered $N (the store's SQL writes ? and ?N), every
 * value travels as text in PostgreSQL's own exact notation (doubles with 17 significant digits, read back
 * with strtod), a savepoint opened outside a transaction opens one (as SQLite's does), and a write
 * transaction takes the store's advisory lock first — so two imports into one database run one after the
 * other and both land, like BEGIN IMMEDIATE on the file; one that waits longer than lock_timeout is refused
 * with a clear error and leaves nothing. Readers use PostgreSQL's snapshots: they never see half an import.
 * The schema version lives in table regio_schema; the DDL of the migrations is translated (pg_schema.c).
 * Built only when libpq is found (REGIO_HAVE_LIBPQ); otherwise opening a postgresql:// store says so. */
#include "store/store_internal.h"

#ifdef REGIO_HAVE_LIBPQ
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/pg_internal.h"

/* the advisory lock that serialises the writers of one database ("regio" in ASCII) */
#define PG_WRITE_LOCK "SELECT pg_advisory_xact_lock(1919248233)"

typedef struct pg_conn {
    PGconn *conn;
    char err[1024];
    char owner[64];   /* the savepoint that opened the current transaction ("" = none did) */
    long nprepared;   /* names the server-side prepared statements of this connection */
} pg_conn;

typedef struct pg_stmt {
    regio_stmt base;
    char *sql;        /* with $N placeholders */
    int nparams;
    char **vals;      /* malloc'd text of each parameter, NULL = SQL NULL */
    PGresult *res;
    int ran, row, nrows;
    long changes;
    long runs;        /* executions so far: from the second on, the statement is prepared on the server */
    char name[32];    /* its server-side name, "" while it is not */
} pg_stmt;

#define PC(st) ((pg_conn *)(st)->pg)
#define PS(x) ((pg_stmt *)(x))

static void set_err(pg_conn *c, const char *msg) {
    snprintf(c->err, sizeof c->err, "%s", msg && *msg ? msg : "?");
    size_t n = strlen(c->err);
    while (n && (c->err[n - 1] == '\n' || c->err[n - 1] == ' ')) c->err[--n] = '\0';
}

static const char *pg_errmsg(regio_store *st) { return PC(st)->err; }

/* runs sql (one or more statements without parameters); REGIO_EDB with the server's message on failure */
static int pg_run(regio_store *st, const char *sql) {
    pg_conn *c = PC(st);
    PGresult *r = PQexec(c->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = REGIO_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        set_err(c, r ? PQresultErrorMessage(r) : PQerrorMessage(c->conn));
        rc = REGIO_EDB;
    }
    PQclear(r);
    return rc;
}

static int pg_exec(regio_store *st, const char *sql, regio_error *err) {
    if (pg_run(st, sql) == REGIO_OK) return REGIO_OK;
    return regio_error_set(err, REGIO_EDB, "数据库错误：%s", "database error: %s", PC(st)->err);
}

/* ? and ?N → $N (outside quotes), as SQLite numbers them: a bare ? is one more than the largest so far */
static char *number_placeholders(const char *sql, int *nparams) {
    size_t len = strlen(sql);
    char *out = malloc(len * 4 + 1), *o = out;
    if (!out) return NULL;
    int max = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote) quote = 0;
            *o++ = *p;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            *o++ = *p;
        } else if (*p == '?') {
            int k;
            if (isdigit((unsigned char)p[1])) {
                k = (int)strtol(p + 1, (char **)&p, 10);
                p--;
            } else k = max + 1;
            if (k > max) max = k;
            o += sprintf(o, "$%d", k);
        } else *o++ = *p;
    }
    *o = '\0';
    *nparams = max;
    return out;
}

static int pg_prepare(regio_store *st, const char *sql, regio_stmt **out) {
    pg_stmt *s = calloc(1, sizeof *s);
    if (!s) { set_err(PC(st), "out of memory"); return REGIO_ENOMEM; }
    s->base.st = st;
    if (!(s->sql = number_placeholders(sql, &s->nparams)) ||
        (s->nparams && !(s->vals = calloc((size_t)s->nparams, sizeof *s->vals)))) {
        free(s->sql);
        free(s);
        set_err(PC(st), "out of memory");
        return REGIO_ENOMEM;
    }
    *out = &s->base;
    return REGIO_OK;
}

static int pg_begin(regio_store *st, regio_error *err) {
    if (pg_run(st, "BEGIN; " PG_WRITE_LOCK) == REGIO_OK) return REGIO_OK;
    pg_conn *c = PC(st);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", c->err);
    pg_run(st, "ROLLBACK");
    set_err(c, msg);
    if (strstr(msg, "lock timeout"))
        return regio_error_set(err, REGIO_EDB, "数据库正被另一个写入者占用（等待超过 lock_timeout）：%s；什么也没有写入，请稍后重试",
                               "the store is busy with another writer (waited longer than lock_timeout): %s; nothing was "
                               "written, try again", msg);
    return regio_error_set(err, REGIO_EDB, "数据库错误：%s", "database error: %s", msg);
}

static int pg_commit(regio_store *st, regio_error *err) {
    PC(st)->owner[0] = '\0';
    return pg_exec(st, "COMMIT", err);
}

static void pg_rollback(regio_store *st) {
    PC(st)->owner[0] = '\0';
    if (PQtransactionStatus(PC(st)->conn) != PQTRANS_IDLE) pg_run(st, "ROLLBACK");
}

/* savepoint names are the store's own identifiers, never user input */
static int pg_savepoint(regio_store *st, const char *name, regio_error *err) {
    pg_conn *c = PC(st);
    if (PQtransactionStatus(c->conn) == PQTRANS_IDLE) {
        int rc = pg_begin(st, err);
        if (rc) return rc;
        snprintf(c->owner, sizeof c->owner, "%s", name);
        return REGIO_OK;
    }
    char sql[96];
    snprintf(sql, sizeof sql, "SAVEPOINT %s", name);
    return pg_exec(st, sql, err);
}

static int pg_release(regio_store *st, const char *name, regio_error *err) {
    pg_conn *c = PC(st);
    if (c->owner[0] && strcmp(c->owner, name) == 0) return pg_commit(st, err);
    char sql[96];
    snprintf(sql, sizeof sql, "RELEASE %s", name);
    return pg_exec(st, sql, err);
}

static void pg_rollback_to(regio_store *st, const char *name) {
    pg_conn *c = PC(st);
    if (c->owner[0] && strcmp(c->owner, name) == 0) { pg_rollback(st); return; }
    char sql[160];
    snprintf(sql, sizeof sql, "ROLLBACK TO %s; RELEASE %s", name, name);
    pg_run(st, sql);
}

static int pg_in_tx(regio_store *st) { return PQtransactionStatus(PC(st)->conn) != PQTRANS_IDLE; }

/* the server's write-ahead log position: it moves with every committed change (and sometimes without one,
 * which only makes a cache reload once more) */
static int pg_data_version(regio_store *st, int64_t *version, regio_error *err) {
    *version = -1;
    PGresult *r = PQexec(PC(st)->conn, "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
    int rc = REGIO_OK;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) *version = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else {
        set_err(PC(st), PQresultErrorMessage(r));
        rc = regio_store_sqlerr(st, err, "data_version");
    }
    PQclear(r);
    return rc;
}

static int pg_schema_state(regio_store *st, int *version, int *tables, regio_error *err) {
    *version = 0;
    *tables = 0;
    regio_stmt *s;
    int rc = regio_store_prepare(st, "SELECT EXISTS(SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()),"
                                     " to_regclass('regio_schema') IS NOT NULL", &s, err);
    if (rc) return rc;
    int has_version = 0;
    if (regio_stmt_step(s) == REGIO_STMT_ROW) {
        *tables = regio_stmt_int(s, 0);
        has_version = regio_stmt_int(s, 1);
    } else rc = regio_store_sqlerr(st, err, "schema version");
    regio_stmt_finalize(s);
    if (rc || !has_version) return rc;
    if ((rc = regio_store_prepare(st, "SELECT max(version) FROM regio_schema", &s, err))) return rc;
    if (regio_stmt_step(s) == REGIO_STMT_ROW) *version = regio_stmt_int(s, 0);
    else rc = regio_store_sqlerr(st, err, "schema version");
    regio_stmt_finalize(s);
    return rc;
}

static int pg_set_version(regio_store *st, int version, regio_error *err) {
    char sql[512];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS regio_schema(version integer NOT NULL);"
             /* what the store's SQL calls by SQLite's name */
             "CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE"
             "  AS 'SELECT strpos($1, $2)';"
             "DELETE FROM regio_schema; INSERT INTO regio_schema(version) VALUES(%d)", version);
    return pg_exec(st, sql, err);
}

static int pg_migrate(regio_store *st, const char *sql, regio_error *err) {
    char *pg = regio_pg_translate_ddl(sql);
    if (!pg) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int rc = pg_exec(st, pg, err);
    free(pg);
    return rc;
}

static int pg_step(regio_stmt *x) {
    pg_stmt *s = PS(x);
    pg_conn *c = PC(x->st);
    if (!s->ran) {
        /* a statement run again and again (an import's lookups and inserts) is parsed and planned once */
        if (s->runs++ == 1 && !s->name[0]) {
            char name[32];
            snprintf(name, sizeof name, "regio_%ld", ++c->nprepared);
            PGresult *p = PQprepare(c->conn, name, s->sql, s->nparams, NULL);
            if (PQresultStatus(p) == PGRES_COMMAND_OK) snprintf(s->name, sizeof s->name, "%s", name);
            PQclear(p);
        }
        s->res = s->name[0]
            ? PQexecPrepared(c->conn, s->name, s->nparams, (const char *const *)s->vals, NULL, NULL, 0)
            : PQexecParams(c->conn, s->sql, s->nparams, NULL, (const char *const *)s->vals, NULL, NULL, 0);
        ExecStatusType t = PQresultStatus(s->res);
        s->ran = 1;
        s->row = -1;
        s->nrows = 0;
        s->changes = 0;
        if (t == PGRES_TUPLES_OK) s->nrows = PQntuples(s->res);
        if (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK) {
            const char *n = PQcmdTuples(s->res);
            s->changes = n && *n ? atol(n) : 0;
        } else {
            set_err(c, s->res ? PQresultErrorMessage(s->res) : PQerrorMessage(c->conn));
            PQclear(s->res);
            s->res = NULL;
            s->ran = 2; /* failed: stays failed until reset */
        }
    }
    if (s->ran == 2) return REGIO_STMT_ERROR;
    return ++s->row < s->nrows ? REGIO_STMT_ROW : REGIO_STMT_DONE;
}

static void pg_reset(regio_stmt *x) {
    pg_stmt *s = PS(x);
    PQclear(s->res);
    s->res = NULL;
    s->ran = 0;
}

static void pg_clear(regio_stmt *x) {
    pg_stmt *s = PS(x);
    for (int i = 0; i < s->nparams; i++) { free(s->vals[i]); s->vals[i] = NULL; }
}

static void pg_finalize(regio_stmt *x) {
    pg_reset(x);
    pg_conn *c = PC(x->st);
    /* a failed transaction refuses DEALLOCATE: the statement then lives until the connection closes */
    if (PS(x)->name[0] && PQtransactionStatus(c->conn) != PQTRANS_INERROR) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", PS(x)->name);
        PQclear(PQexec(c->conn, sql));
    }
    pg_clear(x);
    free(PS(x)->vals);
    free(PS(x)->sql);
    free(x);
}

static void put_param(regio_stmt *x, int i, char *v) {
    pg_stmt *s = PS(x);
    if (i < 1 || i > s->nparams) { free(v); return; }
    free(s->vals[i - 1]);
    s->vals[i - 1] = v;
}

static void pg_bind_text(regio_stmt *s, int i, const char *v) { put_param(s, i, v ? regio_strdup(v) : NULL); }
static void pg_bind_int(regio_stmt *s, int i, int64_t v) {
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)v);
    put_param(s, i, regio_strdup(b));
}
static void pg_bind_double(regio_stmt *s, int i, double v) {
    char b[40];
    snprintf(b, sizeof b, "%.17g", v); /* 17 significant digits: the same double comes back */
    put_param(s, i, regio_strdup(b));
}
static void pg_bind_null(regio_stmt *s, int i) { put_param(s, i, NULL); }

static int has_col(pg_stmt *s, int c) { return s->res && s->row >= 0 && s->row < s->nrows && c < PQnfields(s->res); }
static int pg_is_null(regio_stmt *x, int c) { return !has_col(PS(x), c) || PQgetisnull(PS(x)->res, PS(x)->row, c); }
static const char *pg_text(regio_stmt *x, int c) {
    return pg_is_null(x, c) ? NULL : PQgetvalue(PS(x)->res, PS(x)->row, c);
}
static int64_t pgs_int64(regio_stmt *x, int c) {
    const char *t = pg_text(x, c);
    if (!t) return 0;
    if (t[0] == 't' && !t[1]) return 1; /* booleans (EXISTS, comparisons) come as t / f */
    if (t[0] == 'f' && !t[1]) return 0;
    return strtoll(t, NULL, 10);
}
static double pg_dbl(regio_stmt *x, int c) {
    const char *t = pg_text(x, c);
    return t ? strtod(t, NULL) : 0.0;
}
static long pg_changes(regio_stmt *x) { return PS(x)->changes; }

static void pg_close(regio_store *st) {
    pg_conn *c = PC(st);
    if (c) {
        PQfinish(c->conn);
        free(c);
    }
    free(st);
}

static const regio_store_ops PG_OPS = {
    .name = "PostgreSQL", .close = pg_close, .errmsg = pg_errmsg, .exec = pg_exec, .prepare = pg_prepare,
    .begin = pg_begin, .commit = pg_commit, .rollback = pg_rollback, .savepoint = pg_savepoint,
    .release = pg_release, .rollback_to = pg_rollback_to, .in_tx = pg_in_tx, .data_version = pg_data_version,
    .schema_state = pg_schema_state, .set_version = pg_set_version, .migrate = pg_migrate,
    .step = pg_step, .reset = pg_reset, .clear = pg_clear, .finalize = pg_finalize,
    .bind_text = pg_bind_text, .bind_int = pg_bind_int, .bind_double = pg_bind_double,
    .bind_null = pg_bind_null, .is_null = pg_is_null, .text = pg_text, .int64 = pgs_int64, .dbl = pg_dbl,
    .changes = pg_changes,
};

static void quiet_notice(void *arg, const char *msg) { (void)arg; (void)msg; }

int regio_store_open_pg(const char *conninfo, int flags, regio_store **out, regio_error *err) {
    *out = NULL;
    char shown[512];
    regio_pg_redact(conninfo, shown, sizeof shown);
    regio_store *st = calloc(1, sizeof *st);
    pg_conn *c = calloc(1, sizeof *c);
    if (!st || !c) { free(st); free(c); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    st->ops = &PG_OPS;
    st->pg = c;
    int rc = REGIO_OK;
    c->conn = PQconnectdb(conninfo);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
        set_err(c, c->conn ? PQerrorMessage(c->conn) : "out of memory");
        rc = regio_error_set(err, REGIO_EDB, "无法连接数据库 %s：%s", "cannot connect to database %s: %s", shown, c->err);
        goto fail;
    }
    PQsetNoticeProcessor(c->conn, quiet_notice, NULL);
    /* a writer waits for another's import up to a minute, then is refused (pg_begin) */
    if ((rc = pg_exec(st, "SET client_encoding = 'UTF8'; SET lock_timeout = '60s'; SET TIME ZONE 'UTC'", err))) goto fail;
    if (!(flags & REGIO_STORE_CREATE)) {
        int version = 0, tables = 0;
        if ((rc = pg_schema_state(st, &version, &tables, err))) goto fail;
        if (version == 0 && !tables) {
            rc = regio_error_set(err, REGIO_ENOTFOUND, "数据库 %s 还不是 regio 存储；请先运行 regio init --plan 目录 --db %s",
                                 "database %s holds no regio store yet; run regio init --plan DIR --db %s first", shown,
                                 shown);
            goto fail;
        }
    }
    if ((rc = regio_store_migrate(st, shown, err))) goto fail;
    *out = st;
    return REGIO_OK;
fail:
    regio_store_close(st);
    return rc;
}

#else

int regio_store_open_pg(const char *conninfo, int flags, regio_store **out, regio_error *err) {
    (void)flags;
    *out = NULL;
    return regio_error_set(err, REGIO_EINVAL, "%s：本 regio 构建时没有 PostgreSQL 支持（未找到 libpq；安装 libpq-dev 后重新构建）",
                           "%s: built without PostgreSQL (libpq was not found; install libpq-dev and rebuild)",
                           "postgresql://…");
}

#endif
