/* store_internal.h — what the store's own files share (not public). */
#ifndef REGIO_STORE_INTERNAL_H
#define REGIO_STORE_INTERNAL_H
#include <sqlite3.h>

#include "regio/store.h"

struct regio_store {
    sqlite3 *db;
    sqlite3_stmt *current; /* regio_store_current's statement, prepared once: imports call it per row */
    sqlite3_stmt *find;    /* regio_store_find's, likewise */
    sqlite3_stmt *data_version; /* regio_store_data_version's, prepared on first use */
};

/* The underlying SQLite handle, for the store's own files and the tests of the SQLite backend; nothing
 * outside src/store/ may use it (tests/cli/test_layers.sh). */
sqlite3 *regio_store_db(regio_store *st);

int regio_store_sqlerr(regio_store *st, regio_error *err, const char *what);
int regio_store_exec(regio_store *st, const char *sql, regio_error *err);
int regio_store_prepare(regio_store *st, const char *sql, sqlite3_stmt **stmt, regio_error *err);
/* malloc'd copy of a text column ("" for NULL); NULL only on out-of-memory. */
char *regio_store_col_text(sqlite3_stmt *s, int col);

#endif
