/* store_sqlite.c — the SQLite backend of the store (the default): one database file, opened in WAL mode,
 * writers serialised by BEGIN IMMEDIATE with a busy timeout, statements as SQLite prepares them.
 *
 * Everything the store does above the connection (store.c and its siblings) goes through the table at the
 * end of this file; nothing here knows the schema beyond PRAGMA user_version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_internal.h"

typedef struct lite_stmt {
    regio_stmt base;
    sqlite3_stmt *s;
} lite_stmt;

#define LS(x) (((lite_stmt *)(x))->s)

static const char *lite_errmsg(regio_store *st) { return sqlite3_errmsg(st->db); }

static int lite_exec(regio_store *st, const char *sql, regio_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        regio_error_set(err, REGIO_EDB, "数据库错误：%s", "database error: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return REGIO_EDB;
    }
    return REGIO_OK;
}

static int lite_prepare(regio_store *st, const char *sql, regio_stmt **out) {
    lite_stmt *l = calloc(1, sizeof *l);
    if (!l) return REGIO_ENOMEM;
    l->base.st = st;
    if (sqlite3_prepare_v2(st->db, sql, -1, &l->s, NULL) != SQLITE_OK) {
        sqlite3_finalize(l->s);
        free(l);
        return REGIO_EDB;
    }
    *out = &l->base;
    return REGIO_OK;
}

static int lite_begin(regio_store *st, regio_error *err) { return lite_exec(st, "BEGIN IMMEDIATE", err); }
static int lite_commit(regio_store *st, regio_error *err) { return lite_exec(st, "COMMIT", err); }
static void lite_rollback(regio_store *st) {
    if (!sqlite3_get_autocommit(st->db)) lite_exec(st, "ROLLBACK", NULL);
}

/* savepoint names are the store's own identifiers, never user input */
static int lite_savepoint(regio_store *st, const char *name, regio_error *err) {
    char sql[96];
    snprintf(sql, sizeof sql, "SAVEPOINT %s", name);
    return lite_exec(st, sql, err);
}
static int lite_release(regio_store *st, const char *name, regio_error *err) {
    char sql[96];
    snprintf(sql, sizeof sql, "RELEASE %s", name);
    return lite_exec(st, sql, err);
}
static void lite_rollback_to(regio_store *st, const char *name) {
    char sql[160];
    snprintf(sql, sizeof sql, "ROLLBACK TO %s; RELEASE %s", name, name);
    lite_exec(st, sql, NULL);
}

static int lite_in_tx(regio_store *st) { return !sqlite3_get_autocommit(st->db); }

static int lite_data_version(regio_store *st, int64_t *version, regio_error *err) {
    *version = -1;
    int rc = REGIO_OK;
    if (!st->data_version && (rc = regio_store_prepare(st, "PRAGMA data_version", &st->data_version, err))) return rc;
    regio_stmt_reset(st->data_version);
    if (regio_stmt_step(st->data_version) == REGIO_STMT_ROW) *version = regio_stmt_int64(st->data_version, 0);
    else rc = regio_store_sqlerr(st, err, "data_version");
    regio_stmt_reset(st->data_version);
    return rc;
}

static int lite_schema_state(regio_store *st, int *version, int *tables, regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, "SELECT (SELECT user_version FROM pragma_user_version),"
                                     " EXISTS(SELECT 1 FROM sqlite_master)", &s, err);
    if (rc) return rc;
    if (regio_stmt_step(s) == REGIO_STMT_ROW) {
        *version = regio_stmt_int(s, 0);
        *tables = regio_stmt_int(s, 1);
    } else rc = regio_store_sqlerr(st, err, "schema version");
    regio_stmt_finalize(s);
    return rc;
}

static int lite_set_version(regio_store *st, int version, regio_error *err) {
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
    return lite_exec(st, pragma, err);
}

static int lite_step(regio_stmt *s) {
    int rc = sqlite3_step(LS(s));
    return rc == SQLITE_ROW ? REGIO_STMT_ROW : rc == SQLITE_DONE ? REGIO_STMT_DONE : REGIO_STMT_ERROR;
}
static void lite_reset(regio_stmt *s) { sqlite3_reset(LS(s)); }
static void lite_clear(regio_stmt *s) { sqlite3_clear_bindings(LS(s)); }
static void lite_finalize(regio_stmt *s) {
    sqlite3_finalize(LS(s));
    free(s);
}
static void lite_bind_text(regio_stmt *s, int i, const char *v) { sqlite3_bind_text(LS(s), i, v, -1, SQLITE_TRANSIENT); }
static void lite_bind_int(regio_stmt *s, int i, int64_t v) { sqlite3_bind_int64(LS(s), i, (sqlite3_int64)v); }
static void lite_bind_double(regio_stmt *s, int i, double v) { sqlite3_bind_double(LS(s), i, v); }
static void lite_bind_null(regio_stmt *s, int i) { sqlite3_bind_null(LS(s), i); }
static int lite_is_null(regio_stmt *s, int c) { return sqlite3_column_type(LS(s), c) == SQLITE_NULL; }
static const char *lite_text(regio_stmt *s, int c) { return (const char *)sqlite3_column_text(LS(s), c); }
static int64_t lite_int64(regio_stmt *s, int c) { return sqlite3_column_int64(LS(s), c); }
static double lite_dbl(regio_stmt *s, int c) { return sqlite3_column_double(LS(s), c); }
static long lite_changes(regio_stmt *s) { return sqlite3_changes(s->st->db); }

static void lite_close(regio_store *st) {
    sqlite3_close(st->db);
    free(st);
}

static const regio_store_ops LITE_OPS = {
    .name = "SQLite", .close = lite_close, .errmsg = lite_errmsg, .exec = lite_exec, .prepare = lite_prepare,
    .begin = lite_begin, .commit = lite_commit, .rollback = lite_rollback, .savepoint = lite_savepoint,
    .release = lite_release, .rollback_to = lite_rollback_to, .in_tx = lite_in_tx, .data_version = lite_data_version,
    .schema_state = lite_schema_state, .set_version = lite_set_version, .migrate = lite_exec,
    .step = lite_step, .reset = lite_reset, .clear = lite_clear, .finalize = lite_finalize,
    .bind_text = lite_bind_text, .bind_int = lite_bind_int, .bind_double = lite_bind_double,
    .bind_null = lite_bind_null, .is_null = lite_is_null, .text = lite_text, .int64 = lite_int64, .dbl = lite_dbl,
    .changes = lite_changes,
};

int regio_store_open_sqlite(const char *path, int flags, regio_store **out, regio_error *err) {
    *out = NULL;
    struct stat sb;
    if (!(flags & REGIO_STORE_CREATE) && stat(path, &sb) != 0)
        return regio_error_set(err, REGIO_ENOTFOUND, "数据库 %s 不存在；请先运行 regio init --plan 目录 --db %s",
                               "database %s does not exist; run regio init --plan DIR --db %s first", path, path);
    regio_store *st = calloc(1, sizeof *st);
    if (!st) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    st->ops = &LITE_OPS;
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | ((flags & REGIO_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    int rc = REGIO_OK;
    if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
        rc = regio_error_set(err, REGIO_EDB, "无法打开数据库 %s：%s", "cannot open database %s: %s", path,
                             st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    /* switching a new file to WAL needs an exclusive lock and SQLite does not wait for it through the busy
     * handler, so when another program is opening the same new store at this moment, wait here (up to the
     * same 5 s); a file that is not SQLite fails on this first read: say so plainly */
    for (int tries = 0;; tries++) {
        if (!(rc = lite_exec(st, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;", err))) break;
        int ec = sqlite3_errcode(st->db);
        if ((ec == SQLITE_BUSY || ec == SQLITE_LOCKED) && tries < 500) {
            sqlite3_sleep(10);
            continue;
        }
        if (ec == SQLITE_NOTADB)
            regio_error_set(err, REGIO_EDB, "%s 不是 regio 数据库（SQLite）：%s", "%s is not a regio (SQLite) database: %s",
                            path, sqlite3_errmsg(st->db));
        else
            regio_error_set(err, REGIO_EDB, "无法打开数据库 %s：%s", "cannot open database %s: %s", path, sqlite3_errmsg(st->db));
        goto fail;
    }
    /* WAL with synchronous=NORMAL cannot corrupt the store and loses at most the last commit on power failure;
     * it spares a sync on every commit */
    if ((rc = lite_exec(st, "PRAGMA synchronous = NORMAL;", err))) goto fail;
    if ((rc = regio_store_migrate(st, path, err))) goto fail;
    *out = st;
    return REGIO_OK;
fail:
    regio_store_close(st);
    return rc;
}
