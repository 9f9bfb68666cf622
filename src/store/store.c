/* store.c — opening the store (the backend chosen by the --db string), its versioned schema, import batches
 * and observations.
 *
 * Migrations are an ordered list of SQL scripts; the schema version (SQLite: PRAGMA user_version; PostgreSQL:
 * table regio_schema) records how many have run, so opening an older database brings it up to date in one
 * transaction and opening a newer one is refused rather than misread. Every function below is written once
 * against the statement layer of store_internal.h and runs on either backend. Observations are keyed by (region, indicator, year, months, vintage, batch): the current value of a
 * key is its latest vintage, and within a vintage the one from its latest live batch (view current_observation;
 * first_observation for the first release), which is what makes `regio undo` exact.
 */
#include "regio/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/pg_internal.h"
#include "store/store_internal.h"

const char *const regio_store_migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE region(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  level TEXT NOT NULL CHECK(level IN ('province','prefecture','county')),"
    "  parent TEXT REFERENCES region(code), kind TEXT NOT NULL DEFAULT '', area_km2 REAL,"
    "  area_source TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);"
    "CREATE TABLE indicator(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  unit TEXT NOT NULL, direction TEXT NOT NULL CHECK(direction IN ('higher','lower','neutral')),"
    "  aggregate TEXT NOT NULL CHECK(aggregate IN ('sum','ratio','wmean','none')),"
    "  numerator TEXT, denominator TEXT, weight TEXT, scale REAL NOT NULL DEFAULT 1,"
    "  min REAL, max REAL, decimals INTEGER NOT NULL DEFAULT 2, note TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);"
    "CREATE TABLE partitions(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);"
    "CREATE TABLE groups(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind IN ('block','special','part')),"
    "  partition TEXT REFERENCES partitions(code), note TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);"
    "CREATE TABLE group_member(grp TEXT NOT NULL REFERENCES groups(code) ON DELETE CASCADE,"
    "  member TEXT NOT NULL REFERENCES region(code), ord INTEGER NOT NULL, PRIMARY KEY(grp, member));"
    "CREATE TABLE target(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  scope TEXT NOT NULL, indicator TEXT NOT NULL REFERENCES indicator(code), kind TEXT NOT NULL,"
    "  comparator TEXT NOT NULL CHECK(comparator IN ('>=','<=','~')), value REAL NOT NULL, tolerance REAL,"
    "  baseline_year INTEGER, baseline_value REAL, target_year INTEGER NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);"
    "CREATE TABLE batch(id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, sha256 TEXT NOT NULL,"
    "  format TEXT NOT NULL, encoding TEXT NOT NULL, rows INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '',"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE observation(region TEXT NOT NULL REFERENCES region(code),"
    "  indicator TEXT NOT NULL REFERENCES indicator(code), year INTEGER NOT NULL, value REAL NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '', batch INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,"
    "  line INTEGER, PRIMARY KEY(region, indicator, year, batch)) WITHOUT ROWID;"
    "CREATE INDEX observation_by_year ON observation(indicator, year);"
    "CREATE INDEX observation_by_batch ON observation(batch);"
    "CREATE VIEW current_observation AS SELECT o.* FROM observation o WHERE o.batch ="
    "  (SELECT max(p.batch) FROM observation p WHERE p.region = o.region AND p.indicator = o.indicator"
    "   AND p.year = o.year);",
    /* 2: spatial structure of the plan's regions: named weights (contiguity from the boundaries) and a label
     *    point per region (for distance-based weights and maps) */
    "CREATE TABLE weights_set(name TEXT PRIMARY KEY, level TEXT NOT NULL, source TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE weights_link(name TEXT NOT NULL REFERENCES weights_set(name) ON DELETE CASCADE,"
    "  region TEXT NOT NULL REFERENCES region(code), neighbour TEXT NOT NULL REFERENCES region(code),"
    "  weight REAL NOT NULL DEFAULT 1, PRIMARY KEY(name, region, neighbour)) WITHOUT ROWID;"
    "CREATE TABLE region_point(region TEXT PRIMARY KEY REFERENCES region(code), lon REAL NOT NULL,"
    "  lat REAL NOT NULL, source TEXT NOT NULL DEFAULT '');",
    /* 3: the official main-function-zone type of each county (主体功能区类型), loaded by `regio zones import`;
     *    without rows, the evaluation uses the provisional rule of src/analysis/evaluation_zones.c */
    "CREATE TABLE zone_type(region TEXT PRIMARY KEY REFERENCES region(code),"
    "  zone TEXT NOT NULL CHECK(zone IN ('urban','agricultural','ecological')),"
    "  file TEXT NOT NULL, sha256 TEXT NOT NULL, line INTEGER,"
    "  loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));",
    /* 4: region outlines for maps, simplified for the screen (GeoJSON geometry text; regio_geometry_import) */
    "CREATE TABLE region_geometry(region TEXT PRIMARY KEY REFERENCES region(code), geojson TEXT NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '');",
    /* 5: indicators the plan monitors without a quantified target (monitored.csv; their status is a trend) */
    "CREATE TABLE monitored(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  scope TEXT NOT NULL, indicator TEXT NOT NULL REFERENCES indicator(code), baseline_year INTEGER NOT NULL,"
    "  until_year INTEGER NOT NULL, goal TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);",
    /* 6: series breaks of the plan's data (breaks.csv): from from_year on, values are on a new basis */
    "CREATE TABLE series_break(indicator TEXT NOT NULL REFERENCES indicator(code), from_year INTEGER NOT NULL,"
    "  level TEXT CHECK(level IN ('province','prefecture','county')), region TEXT REFERENCES region(code),"
    "  reason_zh TEXT NOT NULL, reason_en TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', ord INTEGER NOT NULL);",
    /* 7: other names of regions (the plan's region_aliases.csv): former names and codes, customary forms */
    "CREATE TABLE region_alias(alias TEXT NOT NULL, region TEXT NOT NULL REFERENCES region(code),"
    "  kind TEXT NOT NULL CHECK(kind IN ('former_name','former_code','customary')),"
    "  changed TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',"
    "  ord INTEGER NOT NULL, PRIMARY KEY(alias, region));",
    /* 8: where each indicator's figures are usually published (where_found.csv), for `regio needs` */
    "CREATE TABLE where_found(indicator TEXT NOT NULL REFERENCES indicator(code),"
    "  level TEXT CHECK(level IN ('province','prefecture','county')), where_zh TEXT NOT NULL,"
    "  where_en TEXT NOT NULL, ord INTEGER NOT NULL);",
    /* 9: qualified observations and vintages (regio/qualifier.h): status (SDMX OBS_STATUS: A P E F U, and R
     *    revised), bound ('>=' / '<=': not a point value), months (12 = the whole year; fewer = a partial year),
     *    vintage (release date, '' = undated, older than any date) and source kind. Revisions keep every
     *    vintage, so the key gains months and vintage; current_observation is the latest vintage of each
     *    (key, months), first_observation the first (the later batch wins among rows of one vintage, which is
     *    what --replace and undo rely on). source_kind_rule holds the plan's pattern table for classifying
     *    sources that do not state their kind (source_kinds.csv). SQLite cannot change a primary key in place:
     *    the table is rebuilt. */
    "DROP VIEW current_observation;"
    "CREATE TABLE observation_v5(region TEXT NOT NULL REFERENCES region(code),"
    "  indicator TEXT NOT NULL REFERENCES indicator(code), year INTEGER NOT NULL, value REAL NOT NULL,"
    "  source TEXT NOT NULL DEFAULT '', batch INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,"
    "  line INTEGER, status TEXT NOT NULL DEFAULT 'A' CHECK(status IN ('A','P','R','E','F','U')),"
    "  bound TEXT NOT NULL DEFAULT '' CHECK(bound IN ('','>=','<=')),"
    "  months INTEGER NOT NULL DEFAULT 12 CHECK(months BETWEEN 1 AND 12), vintage TEXT NOT NULL DEFAULT '',"
    "  source_kind TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY(region, indicator, year, months, vintage, batch)) WITHOUT ROWID;"
    "INSERT INTO observation_v5(region, indicator, year, value, source, batch, line)"
    "  SELECT region, indicator, year, value, source, batch, line FROM observation;"
    "DROP TABLE observation;"
    "ALTER TABLE observation_v5 RENAME TO observation;"
    "CREATE INDEX observation_by_year ON observation(indicator, year);"
    "CREATE INDEX observation_by_batch ON observation(batch);"
    "CREATE VIEW current_observation AS SELECT o.* FROM observation o WHERE NOT EXISTS (SELECT 1 FROM observation p"
    "  WHERE p.region = o.region AND p.indicator = o.indicator AND p.year = o.year AND p.months = o.months"
    "  AND (p.vintage > o.vintage OR (p.vintage = o.vintage AND p.batch > o.batch)));"
    "CREATE VIEW first_observation AS SELECT o.* FROM observation o WHERE NOT EXISTS (SELECT 1 FROM observation p"
    "  WHERE p.region = o.region AND p.indicator = o.indicator AND p.year = o.year AND p.months = o.months"
    "  AND (p.vintage < o.vintage OR (p.vintage = o.vintage AND p.batch > o.batch)));"
    "CREATE TABLE source_kind_rule(ord INTEGER PRIMARY KEY, pattern TEXT NOT NULL, kind TEXT NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '');",
    /* 10: a group whose membership regio computed (`regio groups derive`: the 1-hour 昆明都市圈) keeps how — the
     *    method in both languages, whether it is a straight-line approximation, the parameters — so every output
     *    can say it; `regio init` replaces the plan's groups and with them (cascade) any derived membership */
    "CREATE TABLE group_derivation(grp TEXT PRIMARY KEY REFERENCES groups(code) ON DELETE CASCADE,"
    "  method_zh TEXT NOT NULL, method_en TEXT NOT NULL, approx INTEGER NOT NULL CHECK(approx IN (0,1)),"
    "  within_minutes REAL NOT NULL, centre TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',"
    "  derived_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));",
    /* 11: gap targets (kind 'gap': a disparity across the parts of a partition) name their measure and weight */
    "ALTER TABLE target ADD COLUMN measure TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE target ADD COLUMN weight TEXT NOT NULL DEFAULT '';",
};
#define NMIGRATIONS (sizeof regio_store_migrations / sizeof regio_store_migrations[0])

_Static_assert(NMIGRATIONS == REGIO_SCHEMA_VERSION, "REGIO_SCHEMA_VERSION must equal the number of migrations");

const size_t regio_store_nmigrations = NMIGRATIONS;

int regio_store_is_pg(const char *db) {
    return db && (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0);
}

int regio_store_is_server(const char *db) { return regio_store_is_pg(db); }

void regio_store_redact(const char *db, char *out, size_t cap) {
    if (regio_store_is_pg(db)) regio_pg_redact(db, out, cap);
    else snprintf(out, cap, "%s", db ? db : "");
}

int regio_store_migrate(regio_store *st, const char *what, regio_error *err) {
    const regio_store_ops *ops = st->ops;
    int version = 0, tables = 0;
    int rc = ops->schema_state(st, &version, &tables, err);
    if (rc) return rc;
    if (version == (int)NMIGRATIONS) return REGIO_OK;
    if (version > (int)NMIGRATIONS || (version == 0 && tables)) goto check; /* refused without taking the lock */
    /* read the version again under the write lock: another process may have migrated in between, and
     * running a migration twice fails ("table meta already exists") */
    if (version < (int)NMIGRATIONS) {
        if ((rc = ops->begin(st, err))) return rc;
        if ((rc = ops->schema_state(st, &version, &tables, err))) goto fail;
    }
check:
    if (version > (int)NMIGRATIONS) {
        rc = regio_error_set(err, REGIO_EDB, "数据库的结构版本 %d 比本程序支持的 %d 更新，请升级 regio",
                             "the database has schema version %d, newer than this regio (%d): upgrade regio",
                             version, (int)NMIGRATIONS);
        goto fail;
    }
    if (version == 0 && tables) {
        /* every regio database has a version from its first migration on: this one belongs to someone else */
        rc = regio_error_set(err, REGIO_EDB, "%s 不是 regio 数据库：它是其他程序的 %s 数据库（有表但没有 regio 结构版本）",
                             "%s is not a regio database: it is another program's %s database (it has tables "
                             "but no regio schema version)", what, ops->name);
        goto fail;
    }
    for (size_t v = (size_t)version; v < NMIGRATIONS; v++) {
        if ((rc = ops->migrate(st, regio_store_migrations[v], err))) goto fail;
        if ((rc = ops->set_version(st, (int)v + 1, err))) goto fail;
    }
    return ops->commit(st, err);
fail:
    ops->rollback(st);
    return rc;
}

int regio_store_open(const char *path, int flags, regio_store **out, regio_error *err) {
    *out = NULL;
    if (!path || !*path) return regio_error_set(err, REGIO_EINVAL, "需要数据库", "a database is required");
    if (regio_store_is_pg(path)) return regio_store_open_pg(path, flags, out, err);
    return regio_store_open_sqlite(path, flags, out, err);
}

void regio_store_close(regio_store *st) {
    if (!st) return;
    regio_stmt_finalize(st->current);
    regio_stmt_finalize(st->find);
    regio_stmt_finalize(st->data_version);
    st->ops->close(st);
}

sqlite3 *regio_store_db(regio_store *st) { return st->db; }

int regio_store_sqlerr(regio_store *st, regio_error *err, const char *what) {
    if (st->ops->fault && st->ops->fault(st, err)) return REGIO_EIO; /* the user's to fix: full disk, permissions */
    return regio_error_set(err, REGIO_EDB, "数据库错误（%s）：%s", "database error (%s): %s", what, st->ops->errmsg(st));
}

int regio_store_exec(regio_store *st, const char *sql, regio_error *err) { return st->ops->exec(st, sql, err); }

int regio_store_prepare(regio_store *st, const char *sql, regio_stmt **stmt, regio_error *err) {
    *stmt = NULL;
    if (st->ops->prepare(st, sql, stmt) != REGIO_OK) return regio_store_sqlerr(st, err, "prepare");
    return REGIO_OK;
}

int regio_store_savepoint(regio_store *st, const char *name, regio_error *err) { return st->ops->savepoint(st, name, err); }
int regio_store_release(regio_store *st, const char *name, regio_error *err) { return st->ops->release(st, name, err); }
void regio_store_rollback_to(regio_store *st, const char *name) { st->ops->rollback_to(st, name); }

char *regio_store_col_text(regio_stmt *s, int col) {
    const char *t = regio_stmt_text(s, col);
    return regio_strdup(t ? t : "");
}

int regio_store_data_version(regio_store *st, int64_t *version, regio_error *err) {
    return st->ops->data_version(st, version, err);
}

/* Nesting: the outermost begin is the backend's write transaction (or, when a savepoint of the store's own
 * files already opened one, a savepoint of it); every begin inside is a savepoint regio_nest_K. */
#define NEST_MAX 64

static void nest_name(char *buf, size_t cap, int level) { snprintf(buf, cap, "regio_nest_%d", level); }

int regio_store_begin(regio_store *st, regio_error *err) {
    if (st->depth >= NEST_MAX)
        return regio_error_set(err, REGIO_EDB, "数据库事务嵌套过深（%d 层）", "store transactions nested too deep (%d levels)", NEST_MAX);
    int level = st->depth, rc;
    if (level > 0 && st->lost)
        return regio_error_set(err, REGIO_EDB, "数据库事务已被回滚（%s），什么也没有写入", "the store's transaction was rolled back "
                               "(%s); nothing was written", st->ops->errmsg(st));
    if (level == 0 && !st->ops->in_tx(st)) {
        st->lost = 0;
        rc = st->ops->begin(st, err);
        st->nested &= ~(UINT64_C(1) << level);
    } else {
        char name[32];
        nest_name(name, sizeof name, level);
        rc = st->ops->savepoint(st, name, err);
        st->nested |= UINT64_C(1) << level;
    }
    if (!rc) st->depth++;
    return rc;
}

int regio_store_commit(regio_store *st, regio_error *err) {
    if (st->depth == 0) return st->ops->commit(st, err);
    int level = --st->depth;
    if (st->lost) {
        /* an inner rollback took the whole transaction with it: what the outer levels wrote is gone */
        if (level == 0) st->lost = 0;
        return regio_error_set(err, REGIO_EDB, "数据库事务已被回滚（%s），什么也没有写入", "the store's transaction was rolled back "
                               "(%s); nothing was written", st->ops->errmsg(st));
    }
    if (!(st->nested & (UINT64_C(1) << level))) return st->ops->commit(st, err);
    char name[32];
    nest_name(name, sizeof name, level);
    return st->ops->release(st, name, err);
}

void regio_store_rollback(regio_store *st) {
    if (st->depth == 0) { st->ops->rollback(st); return; }
    int level = --st->depth;
    if (!(st->nested & (UINT64_C(1) << level))) { st->ops->rollback(st); st->lost = 0; return; }
    if (!st->ops->in_tx(st)) { st->lost = level > 0; return; } /* already gone (SQLite on disk full, I/O error) */
    char name[32];
    nest_name(name, sizeof name, level);
    st->ops->rollback_to(st, name);
    if (level > 0 && !st->ops->in_tx(st)) st->lost = 1;
}

int regio_store_meta_get(regio_store *st, const char *key, char **value, regio_error *err) {
    regio_stmt *s;
    *value = NULL;
    int rc = regio_store_prepare(st, "SELECT value FROM meta WHERE key = ?", &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, key);
    if (regio_stmt_step(s) == REGIO_STMT_ROW && !(*value = regio_store_col_text(s, 0)))
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    regio_stmt_finalize(s);
    return rc;
}

int regio_store_meta_set(regio_store *st, const char *key, const char *value, regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, key);
    regio_stmt_bind_text(s, 2, value);
    if (regio_stmt_step(s) != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "meta");
    regio_stmt_finalize(s);
    return rc;
}

/* ---- batches ---- */

int regio_store_batches(regio_store *st, regio_batch_list **out, regio_error *err) {
    *out = NULL;
    regio_stmt *s;
    int rc = regio_store_prepare(st,
        "SELECT b.id, b.file, b.sha256, b.format, b.encoding, b.imported_at, b.note, b.rows,"
        " (SELECT count(*) FROM current_observation c WHERE c.batch = b.id) FROM batch b ORDER BY b.id", &s, err);
    if (rc) return rc;
    regio_batch_list *l = calloc(1, sizeof *l);
    size_t cap = 0;
    if (!l) { regio_stmt_finalize(s); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        if (l->n == cap) {
            cap = cap ? 2 * cap : 16;
            regio_batch *ni = realloc(l->items, cap * sizeof *ni);
            if (!ni) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); break; }
            l->items = ni;
        }
        regio_batch *b = &l->items[l->n++];
        b->id = regio_stmt_int64(s, 0);
        b->file = regio_store_col_text(s, 1);
        b->sha256 = regio_store_col_text(s, 2);
        b->format = regio_store_col_text(s, 3);
        b->encoding = regio_store_col_text(s, 4);
        b->imported_at = regio_store_col_text(s, 5);
        b->note = regio_store_col_text(s, 6);
        b->rows = regio_stmt_int(s, 7);
        b->current = regio_stmt_int(s, 8);
    }
    if (!rc && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "batches");
    regio_stmt_finalize(s);
    if (rc) { regio_batch_list_free(l); return rc; }
    *out = l;
    return REGIO_OK;
}

void regio_batch_list_free(regio_batch_list *l) {
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        regio_batch *b = &l->items[i];
        free(b->file); free(b->sha256); free(b->format); free(b->encoding); free(b->imported_at); free(b->note);
    }
    free(l->items);
    free(l);
}

/* The latest batch whose column col (sha256 or file) equals value. */
static int batch_where(regio_store *st, const char *sql, const char *value, int64_t *id, regio_error *err) {
    regio_stmt *s;
    *id = 0;
    int rc = regio_store_prepare(st, sql, &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, value);
    int step = regio_stmt_step(s);
    if (step == REGIO_STMT_ROW) *id = regio_stmt_int64(s, 0);
    else if (step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "batch lookup");
    regio_stmt_finalize(s);
    return rc;
}

int regio_store_batch_by_hash(regio_store *st, const char *sha256, int64_t *id, regio_error *err) {
    return batch_where(st, "SELECT id FROM batch WHERE sha256 = ? ORDER BY id DESC LIMIT 1", sha256, id, err);
}

int regio_store_batch_by_file(regio_store *st, const char *file, int64_t *id, regio_error *err) {
    return batch_where(st, "SELECT id FROM batch WHERE file = ? ORDER BY id DESC LIMIT 1", file, id, err);
}

int regio_store_undo(regio_store *st, int64_t id, regio_error *err) {
    regio_stmt *s;
    int rc = regio_store_prepare(st, "DELETE FROM batch WHERE id = ?", &s, err);
    if (rc) return rc;
    regio_stmt_bind_int(s, 1, id);
    if (regio_stmt_step(s) != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "undo");
    else if (regio_stmt_changes(s) == 0)
        rc = regio_error_set(err, REGIO_ENOTFOUND, "没有编号为 %lld 的导入批次（用 regio batches 查看）",
                             "there is no import batch %lld (see regio batches)", (long long)id);
    regio_stmt_finalize(s);
    return rc;
}

/* ---- observations ---- */

int regio_store_insert_batch(regio_store *st, const regio_plan *plan, const regio_batch_info *info,
                             const regio_obs *rows, size_t n, int64_t *batch_id, regio_error *err) {
    regio_stmt *b = NULL, *o = NULL;
    /* a savepoint: its own transaction when called alone, a nested one inside regio_store_begin */
    int rc = regio_store_savepoint(st, "insert_batch", err);
    if (rc) return rc;
    if ((rc = regio_store_prepare(st, "INSERT INTO batch(file, sha256, format, encoding, rows, note) VALUES(?,?,?,?,?,?)"
                                      " RETURNING id", &b, err)))
        goto fail;
    regio_stmt_bind_text(b, 1, info->file);
    regio_stmt_bind_text(b, 2, info->sha256);
    regio_stmt_bind_text(b, 3, info->format ? info->format : "");
    regio_stmt_bind_text(b, 4, info->encoding ? info->encoding : "");
    regio_stmt_bind_int(b, 5, (int64_t)n);
    regio_stmt_bind_text(b, 6, info->note ? info->note : "");
    if (regio_stmt_step(b) != REGIO_STMT_ROW) { rc = regio_store_sqlerr(st, err, "batch"); goto fail; }
    int64_t id = regio_stmt_int64(b, 0);
    regio_stmt_reset(b);
    if ((rc = regio_store_prepare(st, "INSERT INTO observation(region, indicator, year, value, source, batch, line,"
                                      " status, bound, months, vintage, source_kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", &o, err)))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const regio_obs *r = &rows[i];
        regio_stmt_reset(o);
        regio_stmt_bind_text(o, 1, plan->regions[r->region].code);
        regio_stmt_bind_text(o, 2, plan->indicators[r->indicator].code);
        regio_stmt_bind_int(o, 3, r->year);
        regio_stmt_bind_double(o, 4, r->value);
        regio_stmt_bind_text(o, 5, r->source ? r->source : "");
        regio_stmt_bind_int(o, 6, id);
        regio_stmt_bind_int(o, 7, r->line);
        char status[2] = {r->qual.status ? r->qual.status : 'A', '\0'};
        regio_stmt_bind_text(o, 8, status);
        regio_stmt_bind_text(o, 9, r->qual.bound > 0 ? ">=" : r->qual.bound < 0 ? "<=" : "");
        regio_stmt_bind_int(o, 10, r->qual.months ? r->qual.months : 12);
        regio_stmt_bind_text(o, 11, r->vintage ? r->vintage : "");
        regio_stmt_bind_text(o, 12, r->source_kind ? r->source_kind : "");
        if (regio_stmt_step(o) != REGIO_STMT_DONE) { rc = regio_store_sqlerr(st, err, "observation"); goto fail; }
    }
    regio_stmt_finalize(b);
    regio_stmt_finalize(o);
    if ((rc = regio_store_release(st, "insert_batch", err))) goto undo;
    if (batch_id) *batch_id = id;
    return REGIO_OK;
fail:
    regio_stmt_finalize(b);
    regio_stmt_finalize(o);
undo:
    regio_store_rollback_to(st, "insert_batch");
    return rc;
}

/* status, bound, months of columns c, c+1, c+2 */
static regio_qualifier col_qual(regio_stmt *s, int c) {
    const char *st = regio_stmt_text(s, c), *b = regio_stmt_text(s, c + 1);
    regio_qualifier q = {st && *st ? (char)st[0] : 'A', REGIO_BOUND_NONE, regio_stmt_int(s, c + 2)};
    if (b && b[0] == '>') q.bound = REGIO_BOUND_LOWER;
    else if (b && b[0] == '<') q.bound = REGIO_BOUND_UPPER;
    if (q.months < 1 || q.months > 12) q.months = 12;
    return q;
}

static void fill_ref(regio_stmt *s, regio_obs_ref *out) {
    out->found = 1;
    out->value = regio_stmt_double(s, 0);
    out->batch = regio_stmt_int64(s, 1);
    out->line = regio_stmt_int(s, 2);
    out->qual = col_qual(s, 3);
    const char *v = regio_stmt_text(s, 6);
    snprintf(out->vintage, sizeof out->vintage, "%s", v ? (const char *)v : "");
}

int regio_store_current(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year,
                        regio_obs_ref *out, regio_error *err) {
    int rc = REGIO_OK;
    memset(out, 0, sizeof *out);
    if (!st->current && (rc = regio_store_prepare(st, "SELECT value, batch, line, status, bound, months, vintage FROM observation"
                                                      " WHERE region = ? AND indicator = ? AND year = ? AND months = 12"
                                                      " ORDER BY vintage DESC, batch DESC LIMIT 1",
                                                  &st->current, err)))
        return rc;
    regio_stmt *s = st->current;
    regio_stmt_bind_text(s, 1, plan->regions[region].code);
    regio_stmt_bind_text(s, 2, plan->indicators[indicator].code);
    regio_stmt_bind_int(s, 3, year);
    int step = regio_stmt_step(s);
    if (step == REGIO_STMT_ROW) fill_ref(s, out);
    else if (step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "lookup");
    regio_stmt_reset(s);
    regio_stmt_clear(s);
    return rc;
}

int regio_store_find(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year, int months,
                     const char *vintage, regio_obs_ref *out, regio_error *err) {
    int rc = REGIO_OK;
    memset(out, 0, sizeof *out);
    if (!st->find && (rc = regio_store_prepare(st, "SELECT value, batch, line, status, bound, months, vintage FROM observation"
                                                   " WHERE region = ? AND indicator = ? AND year = ? AND months = ?"
                                                   " AND vintage = ? ORDER BY batch DESC LIMIT 1",
                                               &st->find, err)))
        return rc;
    regio_stmt *s = st->find;
    regio_stmt_bind_text(s, 1, plan->regions[region].code);
    regio_stmt_bind_text(s, 2, plan->indicators[indicator].code);
    regio_stmt_bind_int(s, 3, year);
    regio_stmt_bind_int(s, 4, months ? months : 12);
    regio_stmt_bind_text(s, 5, vintage ? vintage : "");
    int step = regio_stmt_step(s);
    if (step == REGIO_STMT_ROW) fill_ref(s, out);
    else if (step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "lookup");
    regio_stmt_reset(s);
    regio_stmt_clear(s);
    return rc;
}

void regio_year_cells_free(regio_year_cells *c) {
    if (!c) return;
    free(c->value);
    free(c->bound);
    free(c->bound_dir);
    free(c->status);
    free(c);
}

int regio_store_year_cells(regio_store *st, const regio_plan *plan, int year, regio_vintage vintage,
                           regio_year_cells **out, regio_error *err) {
    *out = NULL;
    size_t cells = plan->nindicators * plan->nregions, alloc = cells ? cells : 1;
    regio_year_cells *c = calloc(1, sizeof *c);
    if (c) {
        c->value = malloc(alloc * sizeof *c->value);
        c->bound = malloc(alloc * sizeof *c->bound);
        c->bound_dir = calloc(alloc, 1);
        c->status = calloc(alloc, 1);
    }
    if (!c || !c->value || !c->bound || !c->bound_dir || !c->status) {
        regio_year_cells_free(c);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    }
    c->year = year;
    c->ncells = cells;
    for (size_t i = 0; i < cells; i++) c->value[i] = c->bound[i] = NAN;
    regio_stmt *s;
    int rc = regio_store_prepare(st, vintage == REGIO_VINTAGE_FIRST
        ? "SELECT region, indicator, value, status, bound, months FROM first_observation WHERE year = ?"
        : "SELECT region, indicator, value, status, bound, months FROM current_observation WHERE year = ?", &s, err);
    if (rc) { regio_year_cells_free(c); return rc; }
    regio_stmt_bind_int(s, 1, year);
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        long r = regio_plan_region(plan, regio_stmt_text(s, 0));
        long k = regio_plan_indicator(plan, regio_stmt_text(s, 1));
        if (r < 0 || k < 0) continue;
        regio_qualifier q = col_qual(s, 3);
        if (q.months != 12) { c->npartial++; continue; } /* a partial year is never the year's value */
        size_t i = (size_t)k * plan->nregions + (size_t)r;
        c->status[i] = q.status;
        if (q.bound) {
            c->bound[i] = regio_stmt_double(s, 2);
            c->bound_dir[i] = (signed char)q.bound;
            c->nbounds++;
        } else {
            c->value[i] = regio_stmt_double(s, 2);
        }
    }
    if (step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "year matrix");
    regio_stmt_finalize(s);
    if (rc) { regio_year_cells_free(c); return rc; }
    *out = c;
    return REGIO_OK;
}

int regio_store_year_matrix_v(regio_store *st, const regio_plan *plan, int year, regio_vintage vintage, double **m,
                              regio_error *err) {
    regio_year_cells *c = NULL;
    int rc = regio_store_year_cells(st, plan, year, vintage, &c, err);
    if (rc) return rc;
    *m = c->value;
    c->value = NULL;
    regio_year_cells_free(c);
    return REGIO_OK;
}

int regio_store_year_matrix(regio_store *st, const regio_plan *plan, int year, double **m, regio_error *err) {
    return regio_store_year_matrix_v(st, plan, year, REGIO_VINTAGE_LATEST, m, err);
}

void regio_obs_rows_free(regio_obs_rows *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].vintage);
        free(r->items[i].source);
        free(r->items[i].source_kind);
        free(r->items[i].file);
    }
    free(r->items);
    free(r);
}

int regio_store_observations(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year,
                             regio_obs_rows **out, regio_error *err) {
    *out = NULL;
    regio_stmt *s;
    int rc = regio_store_prepare(st,
        "SELECT o.value, o.status, o.bound, o.months, o.vintage, o.source, o.source_kind, b.file, o.batch, o.line,"
        " EXISTS(SELECT 1 FROM current_observation c WHERE c.region = o.region AND c.indicator = o.indicator"
        "  AND c.year = o.year AND c.months = o.months AND c.vintage = o.vintage AND c.batch = o.batch),"
        " EXISTS(SELECT 1 FROM first_observation f WHERE f.region = o.region AND f.indicator = o.indicator"
        "  AND f.year = o.year AND f.months = o.months AND f.vintage = o.vintage AND f.batch = o.batch)"
        " FROM observation o JOIN batch b ON b.id = o.batch WHERE o.region = ? AND o.indicator = ? AND o.year = ?"
        " ORDER BY o.months DESC, o.vintage DESC, o.batch DESC", &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, plan->regions[region].code);
    regio_stmt_bind_text(s, 2, plan->indicators[indicator].code);
    regio_stmt_bind_int(s, 3, year);
    regio_obs_rows *l = calloc(1, sizeof *l);
    size_t cap = 0;
    if (!l) { regio_stmt_finalize(s); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        if (l->n == cap) {
            cap = cap ? 2 * cap : 4;
            regio_obs_row *ni = realloc(l->items, cap * sizeof *ni);
            if (!ni) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); break; }
            l->items = ni;
        }
        regio_obs_row *o = &l->items[l->n++];
        o->value = regio_stmt_double(s, 0);
        o->qual = col_qual(s, 1);
        o->vintage = regio_store_col_text(s, 4);
        o->source = regio_store_col_text(s, 5);
        o->source_kind = regio_store_col_text(s, 6);
        o->file = regio_store_col_text(s, 7);
        o->batch = regio_stmt_int64(s, 8);
        o->line = regio_stmt_int(s, 9);
        o->current = regio_stmt_int(s, 10);
        o->first = regio_stmt_int(s, 11);
        if (!o->vintage || !o->source || !o->source_kind || !o->file) {
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
            break;
        }
    }
    if (!rc && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "observations");
    regio_stmt_finalize(s);
    if (rc) { regio_obs_rows_free(l); return rc; }
    *out = l;
    return REGIO_OK;
}

int regio_store_years(regio_store *st, const regio_plan *plan, long indicator, int **years, size_t *n,
                      regio_error *err) {
    regio_stmt *s;
    *years = NULL;
    *n = 0;
    int rc = regio_store_prepare(st, indicator >= 0
        ? "SELECT DISTINCT year FROM observation WHERE indicator = ? ORDER BY year"
        : "SELECT DISTINCT year FROM observation ORDER BY year", &s, err);
    if (rc) return rc;
    if (indicator >= 0) regio_stmt_bind_text(s, 1, plan->indicators[indicator].code);
    size_t cap = 0;
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            int *ny = realloc(*years, cap * sizeof *ny);
            if (!ny) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); break; }
            *years = ny;
        }
        (*years)[(*n)++] = regio_stmt_int(s, 0);
    }
    if (!rc && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "years");
    regio_stmt_finalize(s);
    if (rc) { free(*years); *years = NULL; *n = 0; }
    return rc;
}

int regio_store_provenance(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year,
                           regio_provenance *out, regio_error *err) {
    regio_stmt *s;
    memset(out, 0, sizeof *out);
    int rc = regio_store_prepare(st, "SELECT o.source, b.file, o.batch, o.line FROM observation o JOIN batch b ON b.id = o.batch"
                                     " WHERE o.region = ? AND o.indicator = ? AND o.year = ? AND o.months = 12"
                                     " ORDER BY o.vintage DESC, o.batch DESC LIMIT 1", &s, err);
    if (rc) return rc;
    regio_stmt_bind_text(s, 1, plan->regions[region].code);
    regio_stmt_bind_text(s, 2, plan->indicators[indicator].code);
    regio_stmt_bind_int(s, 3, year);
    int step = regio_stmt_step(s);
    if (step == REGIO_STMT_ROW) {
        out->source = regio_store_col_text(s, 0);
        out->file = regio_store_col_text(s, 1);
        out->batch = regio_stmt_int64(s, 2);
        out->line = regio_stmt_int(s, 3);
        if (!out->source || !out->file) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    } else if (step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "provenance");
    regio_stmt_finalize(s);
    return rc;
}

void regio_provenance_clear(regio_provenance *p) {
    free(p->source);
    free(p->file);
    memset(p, 0, sizeof *p);
}

int regio_store_coverage(regio_store *st, const regio_plan *plan, regio_coverage_row **rows, size_t *n,
                         regio_error *err) {
    regio_stmt *s;
    *rows = NULL;
    *n = 0;
    int rc = regio_store_prepare(st,
        "SELECT c.indicator, r.level, min(c.year), max(c.year), count(*), count(DISTINCT c.region)"
        " FROM current_observation c JOIN region r ON r.code = c.region JOIN indicator i ON i.code = c.indicator"
        " WHERE r.ord >= 0 AND i.ord >= 0" /* what a saved plan dropped (store_plan.c) is not coverage */
        " AND c.months = 12" /* a partial year is not the year's value */
        " GROUP BY c.indicator, r.level, i.ord ORDER BY i.ord, CASE r.level WHEN 'province' THEN 0 WHEN 'prefecture' THEN 1 ELSE 2 END",
        &s, err);
    if (rc) return rc;
    size_t cap = 0;
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        long k = regio_plan_indicator(plan, regio_stmt_text(s, 0));
        regio_level lv;
        if (k < 0 || regio_level_parse(regio_stmt_text(s, 1), &lv)) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            regio_coverage_row *nr = realloc(*rows, cap * sizeof *nr);
            if (!nr) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); break; }
            *rows = nr;
        }
        (*rows)[(*n)++] = (regio_coverage_row){(size_t)k, lv, regio_stmt_int(s, 2), regio_stmt_int(s, 3),
                                               regio_stmt_int(s, 4), regio_stmt_int(s, 5)};
    }
    if (!rc && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "coverage");
    regio_stmt_finalize(s);
    if (rc) { free(*rows); *rows = NULL; *n = 0; }
    return rc;
}

/* ---- source kinds ---- */

int regio_store_save_source_rules(regio_store *st, const char *const *patterns, const char *const *kinds, size_t n,
                                  regio_error *err) {
    regio_stmt *s = NULL;
    int rc = regio_store_savepoint(st, "source_rules", err);
    if (rc) return rc;
    if ((rc = regio_store_exec(st, "DELETE FROM source_kind_rule", err))) goto fail;
    if ((rc = regio_store_prepare(st, "INSERT INTO source_kind_rule(ord, pattern, kind) VALUES(?,?,?)", &s, err))) goto fail;
    for (size_t i = 0; i < n; i++) {
        regio_stmt_reset(s);
        regio_stmt_bind_int(s, 1, (int64_t)i);
        regio_stmt_bind_text(s, 2, patterns[i]);
        regio_stmt_bind_text(s, 3, kinds[i]);
        if (regio_stmt_step(s) != REGIO_STMT_DONE) { rc = regio_store_sqlerr(st, err, "source kinds"); goto fail; }
    }
    regio_stmt_finalize(s);
    return regio_store_release(st, "source_rules", err);
fail:
    regio_stmt_finalize(s);
    regio_store_rollback_to(st, "source_rules");
    return rc;
}

void regio_source_counts_free(regio_source_count *rows, size_t n) {
    for (size_t i = 0; rows && i < n; i++) { free(rows[i].source); free(rows[i].kind); }
    free(rows);
}

int regio_store_source_kinds(regio_store *st, regio_source_count **rows, size_t *n, regio_error *err) {
    *rows = NULL;
    *n = 0;
    regio_stmt *s;
    int rc = regio_store_prepare(st,
        "SELECT source, kind, count(*) AS nobs, stated FROM (SELECT o.source,"
        "  CASE WHEN o.source_kind <> '' THEN o.source_kind ELSE coalesce((SELECT r.kind FROM source_kind_rule r"
        "   WHERE instr(o.source, r.pattern) > 0 ORDER BY r.ord LIMIT 1), '') END AS kind,"
        "  o.source_kind <> '' AS stated FROM current_observation o WHERE o.months = 12) AS x"
        " GROUP BY source, kind, stated ORDER BY kind, nobs DESC, source", &s, err);
    if (rc) return rc;
    size_t cap = 0;
    int step;
    while ((step = regio_stmt_step(s)) == REGIO_STMT_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            regio_source_count *nr = realloc(*rows, cap * sizeof *nr);
            if (!nr) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); break; }
            *rows = nr;
        }
        regio_source_count *x = &(*rows)[(*n)++];
        x->source = regio_store_col_text(s, 0);
        x->kind = regio_store_col_text(s, 1);
        x->nobs = regio_stmt_int(s, 2);
        x->stated = regio_stmt_int(s, 3);
        if (!x->source || !x->kind) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); break; }
    }
    if (!rc && step != REGIO_STMT_DONE) rc = regio_store_sqlerr(st, err, "source kinds");
    regio_stmt_finalize(s);
    if (rc) { regio_source_counts_free(*rows, *n); *rows = NULL; *n = 0; }
    return rc;
}
