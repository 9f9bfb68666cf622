/* store_internal.h — what the store's own files share (not public): the backend table and the statement
 * layer every query goes through.
 *
 * The public regio_store_* functions (include/regio/store.h) are written once, against regio_stmt; a backend
 * (store_sqlite.c: SQLite, the default; pg_store.c: PostgreSQL through libpq) supplies the connection, the
 * transactions and the statements. SQL text is written in the dialect both accept (`?` and `?N` placeholders,
 * ON CONFLICT upserts, RETURNING); the PostgreSQL backend numbers the placeholders as $N. The migrations are
 * one list (store.c); the PostgreSQL backend translates the few SQLite-only words of their DDL (pg_schema.c).
 */
#ifndef REGIO_STORE_INTERNAL_H
#define REGIO_STORE_INTERNAL_H
#include <sqlite3.h>
#include <stdint.h>

#include "regio/store.h"

typedef struct regio_stmt regio_stmt;

/* what regio_stmt_step returns (anything else is an error: see regio_store_sqlerr) */
enum { REGIO_STMT_ROW = 100, REGIO_STMT_DONE = 101, REGIO_STMT_ERROR = 1 };

typedef struct regio_store_ops {
    const char *name;                                   /* "sqlite", "postgresql" */
    void (*close)(regio_store *st);
    const char *(*errmsg)(regio_store *st);             /* the last error of the connection */
    int (*exec)(regio_store *st, const char *sql, regio_error *err); /* statements without parameters */
    int (*prepare)(regio_store *st, const char *sql, regio_stmt **out);
    /* a write transaction that holds the store's write lock (SQLite BEGIN IMMEDIATE, an advisory lock) */
    int (*begin)(regio_store *st, regio_error *err);
    int (*commit)(regio_store *st, regio_error *err);
    void (*rollback)(regio_store *st);
    /* a savepoint: its own write transaction when none is open (like SQLite's SAVEPOINT) */
    int (*savepoint)(regio_store *st, const char *name, regio_error *err);
    int (*release)(regio_store *st, const char *name, regio_error *err);
    void (*rollback_to)(regio_store *st, const char *name);
    int (*in_tx)(regio_store *st);                      /* whether a transaction is open on the connection */
    /* when the connection's last error is the user's to fix (disk full, no write permission), fills err with
     * REGIO_EIO and a message that names the database and says what to do, and returns 1; else 0 */
    int (*fault)(regio_store *st, regio_error *err);
    int (*data_version)(regio_store *st, int64_t *version, regio_error *err);
    /* the schema: its version and whether the database has any table at all (read in the current
     * transaction), recording a version, running one migration (the PostgreSQL backend translates it) */
    int (*schema_state)(regio_store *st, int *version, int *tables, regio_error *err);
    int (*set_version)(regio_store *st, int version, regio_error *err);
    int (*migrate)(regio_store *st, const char *sql, regio_error *err);
    /* statements */
    int (*step)(regio_stmt *s);
    void (*reset)(regio_stmt *s);
    void (*clear)(regio_stmt *s);
    void (*finalize)(regio_stmt *s);
    void (*bind_text)(regio_stmt *s, int i, const char *v);
    void (*bind_int)(regio_stmt *s, int i, int64_t v);
    void (*bind_double)(regio_stmt *s, int i, double v);
    void (*bind_null)(regio_stmt *s, int i);
    int (*is_null)(regio_stmt *s, int col);
    const char *(*text)(regio_stmt *s, int col);      /* NULL for SQL NULL */
    int64_t (*int64)(regio_stmt *s, int col);
    double (*dbl)(regio_stmt *s, int col);
    long (*changes)(regio_stmt *s);                     /* rows the statement's last run changed */
} regio_store_ops;

/* a statement: each backend's own statement begins with this */
struct regio_stmt {
    regio_store *st;
};

struct regio_store {
    const regio_store_ops *ops;
    sqlite3 *db;               /* the SQLite backend's connection (NULL for PostgreSQL) */
    void *pg;                  /* the PostgreSQL backend's connection state (pg_store.c) */
    regio_stmt *current;       /* regio_store_current's statement, prepared once: imports call it per row */
    regio_stmt *find;          /* regio_store_find's, likewise */
    regio_stmt *data_version;  /* the SQLite backend's PRAGMA data_version, prepared on first use */
    /* regio_store_begin's nesting (store.c): how deep, which levels are savepoints (bit k: level k), and
     * whether an inner rollback lost the outer transaction (then the outermost commit must fail) */
    int depth;
    uint64_t nested;
    int lost;
    char *path;                /* the SQLite backend's file, for messages */
    int readonly;              /* the SQLite backend opened the file read-only: REGIO_RO_FILE, REGIO_RO_DIR */
};

/* why a store file was opened read-only (store_sqlite.c) */
enum { REGIO_RO_NONE = 0, REGIO_RO_FILE = 1, REGIO_RO_DIR = 2 };

/* The migrations, in order (store.c): the SQLite text; the PostgreSQL backend translates it. */
extern const char *const regio_store_migrations[];
extern const size_t regio_store_nmigrations;

/* Brings the schema up to date under the write lock (store.c); what names the database in messages. */
int regio_store_migrate(regio_store *st, const char *what, regio_error *err);

/* The backends' openers (store_sqlite.c, pg_store.c). */
int regio_store_open_sqlite(const char *path, int flags, regio_store **out, regio_error *err);
int regio_store_open_pg(const char *conninfo, int flags, regio_store **out, regio_error *err);
/* Whether a --db string names a PostgreSQL database (postgresql:// or postgres://). */
int regio_store_is_pg(const char *db);

/* The underlying SQLite handle, for the store's own files and the tests of the SQLite backend (NULL for a
 * PostgreSQL store); nothing outside src/store/ may use it (tests/cli/test_layers.sh). */
sqlite3 *regio_store_db(regio_store *st);

int regio_store_sqlerr(regio_store *st, regio_error *err, const char *what);
int regio_store_exec(regio_store *st, const char *sql, regio_error *err);
/* err may be NULL */
int regio_store_prepare(regio_store *st, const char *sql, regio_stmt **stmt, regio_error *err);
int regio_store_savepoint(regio_store *st, const char *name, regio_error *err);
int regio_store_release(regio_store *st, const char *name, regio_error *err);
void regio_store_rollback_to(regio_store *st, const char *name);
/* malloc'd copy of a text column ("" for NULL); NULL only on out-of-memory. */
char *regio_store_col_text(regio_stmt *s, int col);

static inline int regio_stmt_step(regio_stmt *s) { return s->st->ops->step(s); }
static inline void regio_stmt_reset(regio_stmt *s) { s->st->ops->reset(s); }
static inline void regio_stmt_clear(regio_stmt *s) { s->st->ops->clear(s); }
static inline void regio_stmt_finalize(regio_stmt *s) { if (s) s->st->ops->finalize(s); }
static inline void regio_stmt_bind_text(regio_stmt *s, int i, const char *v) { s->st->ops->bind_text(s, i, v); }
static inline void regio_stmt_bind_int(regio_stmt *s, int i, int64_t v) { s->st->ops->bind_int(s, i, v); }
static inline void regio_stmt_bind_double(regio_stmt *s, int i, double v) { s->st->ops->bind_double(s, i, v); }
static inline void regio_stmt_bind_null(regio_stmt *s, int i) { s->st->ops->bind_null(s, i); }
static inline int regio_stmt_null(regio_stmt *s, int c) { return s->st->ops->is_null(s, c); }
static inline const char *regio_stmt_text(regio_stmt *s, int c) { return s->st->ops->text(s, c); }
static inline int64_t regio_stmt_int64(regio_stmt *s, int c) { return s->st->ops->int64(s, c); }
static inline int regio_stmt_int(regio_stmt *s, int c) { return (int)s->st->ops->int64(s, c); }
static inline double regio_stmt_double(regio_stmt *s, int c) { return s->st->ops->dbl(s, c); }
static inline long regio_stmt_changes(regio_stmt *s) { return s->st->ops->changes(s); }

#endif
