/* store.h — the observation store (an SQLite file, or a PostgreSQL database: docs/store.md).
 *
 * One database file holds the plan (regions, groups, partitions, indicators, targets) and every observation
 * with its provenance: the source text of its row, the import batch it came in with, and the line of the
 * file it was read from, and its qualifiers (regio/qualifier.h: status, bound, months covered, vintage,
 * source kind). An observation is never overwritten: a later batch that supplies the same (region,
 * indicator, year, months, vintage) supersedes it, and undoing that batch brings the earlier value back; a
 * revision is a new vintage beside the first release, and readers choose the latest (default) or the first.
 * The schema
 * carries a version (SQLite: PRAGMA user_version; PostgreSQL: table regio_schema) and is brought up to date by
 * ordered migrations on open. The backend is chosen by the string given to regio_store_open: a file name is
 * SQLite, postgresql://… (or postgres://…, any libpq URI) a PostgreSQL database; both give the same answers.
 * No SQL is ever built by pasting values into text: every statement is prepared with bound parameters.
 */
#ifndef REGIO_STORE_H
#define REGIO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "regio/error.h"
#include "regio/export.h"
#include "regio/plan.h"
#include "regio/qualifier.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct regio_store regio_store;

enum { REGIO_STORE_CREATE = 1 };

/* The schema version this build writes. */
#define REGIO_SCHEMA_VERSION 11

/* Opens (with REGIO_STORE_CREATE: creates if needed) and migrates the database at path (a file, or a
 * postgresql:// URI). Without the flag, a missing file or a PostgreSQL database without a regio schema is
 * REGIO_ENOTFOUND with a hint to run `regio init`. A build without libpq refuses a postgresql:// store
 * ("built without PostgreSQL"). */
REGIO_API int regio_store_open(const char *path, int flags, regio_store **out, regio_error *err);
REGIO_API void regio_store_close(regio_store *st);

/* Whether a --db string names a PostgreSQL database (postgresql:// or postgres://) rather than a file. */
REGIO_API int regio_store_is_server(const char *db);
/* The --db string fit for messages and reports: a password in it (user:secret@, password=…) becomes ***. */
REGIO_API void regio_store_redact(const char *db, char *out, size_t cap);

/* Writes the plan in one transaction: regions and indicators are upserted (observations refer to them),
 * groups, memberships, partitions and targets are replaced. */
REGIO_API int regio_store_save_plan(regio_store *st, const regio_plan *plan, regio_error *err);

/* Reads the plan back. REGIO_ENOTFOUND when the store holds no plan yet. */
REGIO_API int regio_store_load_plan(regio_store *st, regio_plan **out, regio_error *err);

/* An explicit write transaction, for work that must see and change the store as one step (an import checks
 * every key against the store and writes its batch under the same lock, and one lock instead of one per
 * lookup is also what makes a large import fast). Calls inside keep working: they use savepoints. They nest:
 * a begin inside a begin is a savepoint of the outer transaction, its commit releases it (nothing is durable
 * until the outermost commit) and its rollback undoes only its own part — so `regio init` runs the plan, every
 * file's import and the boundaries as one transaction that the imports join. After a rollback the backend
 * could not keep nested (SQLite ends the whole transaction on disk full), the outer commit fails too. */
REGIO_API int regio_store_begin(regio_store *st, regio_error *err);
REGIO_API int regio_store_commit(regio_store *st, regio_error *err);
REGIO_API void regio_store_rollback(regio_store *st);

/* Small facts about the store (key → text): "plan" (the plan's name), "plan_dir" (where init read it from).
 * *value is malloc'd, NULL when the key is absent. */
REGIO_API int regio_store_meta_get(regio_store *st, const char *key, char **value, regio_error *err);
REGIO_API int regio_store_meta_set(regio_store *st, const char *key, const char *value, regio_error *err);

/* ---- import batches ---- */

typedef struct regio_batch {
    int64_t id;
    char *file, *sha256, *format, *encoding, *imported_at, *note;
    long rows;      /* observations the batch brought */
    long current;   /* of those, how many are the current value of their key */
} regio_batch;

typedef struct regio_batch_list { regio_batch *items; size_t n; } regio_batch_list;

REGIO_API int regio_store_batches(regio_store *st, regio_batch_list **out, regio_error *err);
REGIO_API void regio_batch_list_free(regio_batch_list *l);

/* The id of a live batch with this content hash, or 0. */
REGIO_API int regio_store_batch_by_hash(regio_store *st, const char *sha256, int64_t *id, regio_error *err);

/* The id of the latest batch imported from this file path, or 0 (its content may differ from the file's now). */
REGIO_API int regio_store_batch_by_file(regio_store *st, const char *file, int64_t *id, regio_error *err);

/* Removes a batch and its observations (earlier values of the same keys become current again).
 * REGIO_ENOTFOUND for an unknown id. */
REGIO_API int regio_store_undo(regio_store *st, int64_t id, regio_error *err);

/* ---- observations ---- */

typedef struct regio_obs {
    size_t region, indicator; /* plan indexes */
    int year;
    double value;
    const char *source;
    long line;                /* line in the imported file */
    regio_qualifier qual;     /* status, bound, months (zero = a normal point value of the whole year) */
    const char *vintage;      /* release date YYYY[-MM[-DD]]; NULL or "" = undated */
    const char *source_kind;  /* a regio_source_kind code; NULL or "" = not stated */
} regio_obs;

typedef struct regio_batch_info {
    const char *file, *sha256, *format, *encoding, *note;
} regio_batch_info;

/* Inserts all rows as one new batch in one transaction; on any failure nothing is written. */
REGIO_API int regio_store_insert_batch(regio_store *st, const regio_plan *plan, const regio_batch_info *info,
                                       const regio_obs *rows, size_t n, int64_t *batch_id, regio_error *err);

/* The current observation of a key (the latest vintage of its whole-year value): found = 0 when there is
 * none. batch and line say where it came from. */
typedef struct regio_obs_ref {
    int found;
    double value;
    int64_t batch;
    long line;
    regio_qualifier qual;
    char vintage[16];
} regio_obs_ref;
REGIO_API int regio_store_current(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year,
                                  regio_obs_ref *out, regio_error *err);

/* The row of one vintage of a key covering months (12 = the whole year), from its latest batch — what an
 * import of that same vintage would supersede. vintage NULL = "". */
REGIO_API int regio_store_find(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year,
                               int months, const char *vintage, regio_obs_ref *out, regio_error *err);

/* Point values of every (indicator, region) for one year, as a dense matrix
 * m[indicator * plan->nregions + region] with NaN where there is none: the latest vintage of each key's
 * whole-year value, bounds (≥, ≤) and partial years left out — what every point-value engine may use.
 * Caller frees m. */
REGIO_API int regio_store_year_matrix(regio_store *st, const regio_plan *plan, int year, double **m, regio_error *err);
/* The same for the chosen vintage (latest or first release of each key). */
REGIO_API int regio_store_year_matrix_v(regio_store *st, const regio_plan *plan, int year, regio_vintage vintage,
                                        double **m, regio_error *err);

/* One year with the qualifiers: value as regio_store_year_matrix_v; bound[cell] the value of a bounded
 * whole-year observation (NaN when the cell has none) and bound_dir[cell] its REGIO_BOUND_*; status[cell]
 * the status code of the cell's observation (0 when none); nbounds counts bounded cells, npartial the
 * partial-year observations of the year (kept in the store, never in a matrix). */
typedef struct regio_year_cells {
    int year;
    size_t ncells;            /* plan->nindicators × plan->nregions */
    double *value, *bound;
    signed char *bound_dir;
    char *status;
    size_t nbounds, npartial;
} regio_year_cells;
REGIO_API int regio_store_year_cells(regio_store *st, const regio_plan *plan, int year, regio_vintage vintage,
                                     regio_year_cells **out, regio_error *err);
REGIO_API void regio_year_cells_free(regio_year_cells *c);

/* Every stored row of (region, indicator, year): all vintages, partial years and superseded batches, newest
 * first (whole year before partial, then vintage, then batch). current marks the row a year matrix of
 * the latest vintage uses (point values only), first the one of the first vintage. For `regio value`. */
typedef struct regio_obs_row {
    double value;
    regio_qualifier qual;
    char *vintage, *source, *source_kind, *file;
    int64_t batch;
    long line;
    int current, first;       /* the row of that vintage choice for its months (superseded rows: 0, 0) */
} regio_obs_row;
typedef struct regio_obs_rows { regio_obs_row *items; size_t n; } regio_obs_rows;
REGIO_API int regio_store_observations(regio_store *st, const regio_plan *plan, size_t region, size_t indicator,
                                       int year, regio_obs_rows **out, regio_error *err);
REGIO_API void regio_obs_rows_free(regio_obs_rows *r);

/* Sorted distinct years with at least one current observation of indicator (all indicators if < 0). */
REGIO_API int regio_store_years(regio_store *st, const regio_plan *plan, long indicator, int **years, size_t *n,
                                regio_error *err);

/* Provenance of the current observation of a key, for reports: source text and the batch's file. Strings are
 * malloc'd (NULL when not found). */
typedef struct regio_provenance { char *source, *file; int64_t batch; long line; } regio_provenance;
REGIO_API int regio_store_provenance(regio_store *st, const regio_plan *plan, size_t region, size_t indicator, int year,
                                     regio_provenance *out, regio_error *err);
REGIO_API void regio_provenance_clear(regio_provenance *p);

/* Observation counts per (indicator, level) with year range, for coverage reports. */
typedef struct regio_coverage_row {
    size_t indicator;
    regio_level level;
    int year_min, year_max;
    long nobs;       /* current observations */
    long nregions;   /* distinct regions with at least one */
} regio_coverage_row;
REGIO_API int regio_store_coverage(regio_store *st, const regio_plan *plan, regio_coverage_row **rows, size_t *n,
                                   regio_error *err);

/* ---- source kinds ---- */

/* Replaces the plan's pattern table (source_kinds.csv): a source without a stated kind gets the kind of the
 * first pattern, in order, that occurs in its text. */
REGIO_API int regio_store_save_source_rules(regio_store *st, const char *const *patterns, const char *const *kinds,
                                            size_t n, regio_error *err);

/* Every distinct source of the current whole-year observations with its kind: the row's own source_kind, else
 * the first matching rule, else "" (unclassified); nobs counts its observations; stated = the kind came from
 * the row. Sorted by kind, then by count (descending). */
typedef struct regio_source_count { char *source, *kind; long nobs; int stated; } regio_source_count;
REGIO_API int regio_store_source_kinds(regio_store *st, regio_source_count **rows, size_t *n, regio_error *err);
REGIO_API void regio_source_counts_free(regio_source_count *rows, size_t n);

/* ---- spatial structure ---- */

struct regio_weights;

/* Replaces the named weights set; w->ids must be region codes of the plan (all of one level). */
REGIO_API int regio_store_save_weights(regio_store *st, const char *name, const char *source,
                                       const struct regio_weights *w, regio_error *err);

/* The named weights restricted to the given units (plan region indexes, in that order): links to units not
 * listed are dropped, so a unit whose neighbours were all left out becomes an island. w->ids = region codes.
 * REGIO_ENOTFOUND when no such set exists (the message lists the sets there are). */
REGIO_API int regio_store_load_weights(regio_store *st, const regio_plan *plan, const char *name, const long *units,
                                       size_t n, struct regio_weights **out, regio_error *err);

/* Label points (lon, lat in degrees) of the given units; NaN where a unit has none. */
REGIO_API int regio_store_save_point(regio_store *st, const char *region, double lon, double lat, const char *source,
                                     regio_error *err);
REGIO_API int regio_store_load_points(regio_store *st, const regio_plan *plan, const long *units, size_t n, double *lon,
                                      double *lat, regio_error *err);

/* The outlines kept at `regio init` (table region_geometry, include/regio/geometry.h) of the given regions:
 * geojson[i] is the GeoJSON geometry text of regions[i] (malloc'd, the caller frees each), NULL when that
 * region has none. */
REGIO_API int regio_store_load_geometries(regio_store *st, const char *const *regions, size_t n, char **geojson,
                                          regio_error *err);

/* The polygon file recorded at init with the label points (the first non-empty region_point.source), malloc'd;
 * NULL when none was recorded. */
REGIO_API int regio_store_boundaries_file(regio_store *st, char **path, regio_error *err);

/* ---- zone types ---- */

/* One row of the official zone list (table zone_type): a region code and its zone code (regio_zone_code),
 * with the line of the file it was read from (-1 = not known). */
typedef struct regio_zone_row { const char *region, *zone; long line; } regio_zone_row;

/* Replaces the stored list by rows (n = 0 empties it) in one step; file and sha256 say where it came from. */
REGIO_API int regio_store_save_zones(regio_store *st, const char *file, const char *sha256, const regio_zone_row *rows,
                                     size_t n, regio_error *err);

/* The stored list, sorted by region code; *n = 0 (and *out NULL) when none is stored. */
typedef struct regio_stored_zone { char *region, *zone, *file; long line; } regio_stored_zone;
REGIO_API int regio_store_load_zones(regio_store *st, regio_stored_zone **out, size_t *n, regio_error *err);
REGIO_API void regio_stored_zones_free(regio_stored_zone *rows, size_t n);

/* ---- change detection ---- */

/* A number that changes whenever another connection has committed a change to the store since the last
 * call on this connection (SQLite's PRAGMA data_version); this connection's own writes do not change it. For
 * caches of what was read (the server's per-thread cache). */
REGIO_API int regio_store_data_version(regio_store *st, int64_t *version, regio_error *err);

#ifdef __cplusplus
}
#endif
#endif
