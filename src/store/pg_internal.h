/* pg_internal.h — the PostgreSQL backend's pure helpers (pg_schema.c): no libpq needed, so they are built and
 * unit-tested whether or not the backend is. */
#ifndef REGIO_PG_INTERNAL_H
#define REGIO_PG_INTERNAL_H
#include <stddef.h>

/* The DDL of one SQLite migration in PostgreSQL's words (malloc'd; NULL on out-of-memory):
 * INTEGER PRIMARY KEY AUTOINCREMENT → an identity column, INTEGER → bigint (SQLite's integers are 64-bit),
 * REAL → double precision, TEXT → text COLLATE "C" (SQLite compares bytes: the same order, whatever the
 * database's locale), WITHOUT ROWID dropped, strftime('%Y-%m-%dT%H:%M:%SZ','now') → the same UTC text by
 * to_char. Words inside quotes are left alone. */
char *regio_pg_translate_ddl(const char *sql);

/* conninfo for messages: a password in a URL (user:secret@) or a password=… setting becomes ***. */
void regio_pg_redact(const char *conninfo, char *out, size_t cap);

#endif
