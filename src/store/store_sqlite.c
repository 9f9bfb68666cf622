/* store_sqlite.c — the SQLite backend of the store (the default): one database file, opened in WAL mode,
 * writers serialised by BEGIN IMMEDIATE with a busy timeout, statements as SQLite prepares them.
 *
 * Faults that are the user's to fix are said as such (exit 1, not "internal"): a full disk or a file size
 * limit, a store file without write permission, a directory where SQLite cannot create the store's -wal and
 * -shm files. A store that this process cannot write (the file, or its directory — read-only media) is opened
 * read-only, so reading commands work on it: mode=ro when only the file is read-only, immutable=1 when the
 * directory is (SQLite cannot keep its shared-memory file there; the store must not change meanwhile).
 *
 * Everything the store does above the connection (store.c and its siblings) goes through the table at the
 * end of this file; nothing here knows the schema beyond PRAGMA user_version. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_internal.h"

typedef struct lite_stmt {
    regio_stmt base;
    sqlite3_stmt *s;
} lite_stmt;

#define LS(x) (((lite_stmt *)(x))->s)

static const char *lite_errmsg(regio_store *st) { return sqlite3_errmsg(st->db); }

/* the directory of path, in buf ("." when it has none) */
static void dir_of(const char *path, char *buf, size_t cap) {
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(buf, cap, ".");
    else if (slash == path) snprintf(buf, cap, "/");
    else snprintf(buf, cap, "%.*s", (int)(slash - path), path);
}

static int lite_fault(regio_store *st, regio_error *err) {
    if (!st->db) return 0;
    int ec = sqlite3_errcode(st->db) & 0xff, sys = sqlite3_system_errno(st->db);
    const char *p = st->path ? st->path : "?";
    char dir[4096];
    dir_of(p, dir, sizeof dir);
    if (ec == SQLITE_FULL || (ec == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG || sys == EDQUOT))) {
        regio_error_set(err, REGIO_EIO, "数据库 %s 所在的磁盘已满（或已达到文件大小上限）：什么也没有写入；请腾出空间（或用 --db 把数据库放到别处）后重试",
                        "the disk holding the database %s is full (or a file size limit was reached): nothing was "
                        "written; free some space (or put the store elsewhere with --db) and try again", p);
        return 1;
    }
    if (ec == SQLITE_READONLY && st->readonly == REGIO_RO_DIR) {
        regio_error_set(err, REGIO_EIO, "数据库 %s 无法写入：所在目录 %s 不可写（SQLite 要在数据库旁建立 -wal 和 -shm 文件）；什么也没有写入。"
                        "请让该目录可写，或把数据库复制到可写的位置；只读的命令照常可用",
                        "the database %s cannot be written: its directory %s is not writable (SQLite keeps the store's "
                        "-wal and -shm files beside it); nothing was written. Make the directory writable or copy the "
                        "store to a writable place; reading commands work as they are", p, dir);
        return 1;
    }
    if (ec == SQLITE_READONLY) {
        regio_error_set(err, REGIO_EIO, "数据库 %s 是只读的（没有写权限）：什么也没有写入。请让它可写（chmod u+w），或复制一份再写；只读的命令照常可用",
                        "the database %s is read-only (no write permission): nothing was written. Make it writable "
                        "(chmod u+w) or write to a copy; reading commands work as they are", p);
        return 1;
    }
    if ((ec == SQLITE_CANTOPEN || ec == SQLITE_IOERR || ec == SQLITE_PERM) && (sys == EACCES || sys == EPERM || sys == EROFS)) {
        regio_error_set(err, REGIO_EIO, "无法打开数据库 %s：没有权限（%s）；请检查该文件及其目录 %s 的权限",
                        "cannot open the database %s: permission denied (%s); check the permissions of the file and "
                        "of its directory %s", p, strerror(sys), dir);
        return 1;
    }
    return 0;
}

static int lite_exec(regio_store *st, const char *sql, regio_error *err) {
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        if (lite_fault(st, err)) return REGIO_EIO;
        regio_error_set(err, REGIO_EDB, "数据库错误：%s", "database error: %s", sqlite3_errmsg(st->db));
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
    free(st->path);
    free(st);
}

static const regio_store_ops LITE_OPS = {
    .name = "SQLite", .close = lite_close, .errmsg = lite_errmsg, .exec = lite_exec, .prepare = lite_prepare,
    .begin = lite_begin, .commit = lite_commit, .rollback = lite_rollback, .savepoint = lite_savepoint,
    .release = lite_release, .rollback_to = lite_rollback_to, .in_tx = lite_in_tx, .fault = lite_fault, .data_version = lite_data_version,
    .schema_state = lite_schema_state, .set_version = lite_set_version, .migrate = lite_exec,
    .step = lite_step, .reset = lite_reset, .clear = lite_clear, .finalize = lite_finalize,
    .bind_text = lite_bind_text, .bind_int = lite_bind_int, .bind_double = lite_bind_double,
    .bind_null = lite_bind_null, .is_null = lite_is_null, .text = lite_text, .int64 = lite_int64, .dbl = lite_dbl,
    .changes = lite_changes,
};

/* "file:" + path with the characters a URI reserves escaped + "?" + query (malloc'd) */
static char *file_uri(const char *path, const char *query) {
    size_t n = strlen(path);
    char *u = malloc(5 + 3 * n + 2 + strlen(query) + 1), *o = u;
    if (!u) return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c == '%' || *c == '?' || *c == '#') o += sprintf(o, "%%%02X", *c);
        else *o++ = (char)*c;
    }
    sprintf(o, "?%s", query);
    return u;
}

int regio_store_open_sqlite(const char *path, int flags, regio_store **out, regio_error *err) {
    *out = NULL;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    char dir[4096];
    dir_of(path, dir, sizeof dir);
    if (!(flags & REGIO_STORE_CREATE) && !exists)
        return regio_error_set(err, REGIO_ENOTFOUND, "数据库 %s 不存在；请先运行 regio init --plan 目录 --db %s",
                               "database %s does not exist; run regio init --plan DIR --db %s first", path, path);
    if (!exists && access(dir, W_OK) != 0)
        return regio_error_set(err, REGIO_EIO, "无法建立数据库 %s：目录 %s 不可写（%s）；请换一个 --db 位置，或让该目录可写",
                               "cannot create the database %s: its directory %s is not writable (%s); choose another "
                               "--db or make the directory writable", path, dir, strerror(errno));
    regio_store *st = calloc(1, sizeof *st);
    if (!st) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    st->ops = &LITE_OPS;
    int rc = REGIO_OK;
    char *uri = NULL;
    if (!(st->path = malloc(strlen(path) + 1))) { rc = regio_error_oom(err); goto fail; }
    strcpy(st->path, path);
    /* a store this process cannot write is opened read-only, for the reading commands */
    if (exists && S_ISREG(sb.st_mode)) {
        if (access(path, W_OK) != 0) st->readonly = REGIO_RO_FILE;
        else if (access(dir, W_OK) != 0) st->readonly = REGIO_RO_DIR;
    }
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | ((flags & REGIO_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    const char *name = path;
    if (st->readonly) {
        if (!(uri = file_uri(path, st->readonly == REGIO_RO_DIR ? "immutable=1" : "mode=ro"))) { rc = regio_error_oom(err); goto fail; }
        name = uri;
        oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI;
    }
    if (sqlite3_open_v2(name, &st->db, oflags, NULL) != SQLITE_OK) {
        if (!lite_fault(st, err))
            rc = regio_error_set(err, REGIO_EDB, "无法打开数据库 %s：%s", "cannot open database %s: %s", path,
                                 st->db ? sqlite3_errmsg(st->db) : "out of memory");
        else rc = REGIO_EIO;
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    /* switching a new file to WAL needs an exclusive lock and SQLite does not wait for it through the busy
     * handler, so when another program is opening the same new store at this moment, wait here (up to the
     * same 5 s); a file that is not SQLite fails on this first read: say so plainly. A read-only store keeps
     * the journal mode it has. */
    const char *first = st->readonly ? "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_master;"
                                     : "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;";
    for (int tries = 0;; tries++) {
        if (!(rc = lite_exec(st, first, err))) break;
        int ec = sqlite3_errcode(st->db);
        if ((ec == SQLITE_BUSY || ec == SQLITE_LOCKED) && tries < 500) {
            sqlite3_sleep(10);
            continue;
        }
        if (rc == REGIO_EIO) goto fail; /* lite_fault said it */
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
    if (st->readonly) {
        int version = 0, tables = 0;
        if ((rc = lite_schema_state(st, &version, &tables, err))) goto fail;
        if (version == 0 && !tables) {
            rc = regio_error_set(err, REGIO_ENOTFOUND, "数据库 %s 是只读的空文件，还没有 regio 数据；请先运行 regio init --plan 目录 --db %s",
                                 "the database %s is an empty read-only file without a regio store; run regio init "
                                 "--plan DIR --db %s first", path, path);
            goto fail;
        }
        if (version > 0 && version < (int)regio_store_nmigrations) {
            rc = regio_error_set(err, REGIO_EIO, "数据库 %s 是只读的，而它的结构（版本 %d）需要先升级到版本 %d：请在可写的情况下用本程序打开一次（例如 regio overview）",
                                 "the database %s is read-only and its schema (version %d) must first be upgraded to "
                                 "version %d: open it once with this regio where it is writable (e.g. regio overview)",
                                 path, version, (int)regio_store_nmigrations);
            goto fail;
        }
        /* version 0 with tables (another program's) and newer versions: regio_store_migrate says so, unwritten */
    }
    if ((rc = regio_store_migrate(st, path, err))) goto fail;
    free(uri);
    *out = st;
    return REGIO_OK;
fail:
    free(uri);
    regio_store_close(st);
    return rc;
}
