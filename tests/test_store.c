/* test_store.c — the SQLite observation store (src/store/store.c, store_plan.c).
 *
 * The store is where every figure regio reports comes from, so these tests pin what users rely on: opening
 * creates and versions the schema, refuses what it must not touch (a missing file without CREATE, a file
 * that is not SQLite, a schema newer than this build), the shipped Yunnan plan survives a save/load round
 * trip field by field, batches supersede and undo exactly, and a batch that fails half-way leaves no trace.
 * Every test works in its own temporary directory under /tmp, removed afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regio/plan.h"
#include "regio/store.h"
#include "store/store_internal.h" /* regio_store_db: these tests read the SQLite tables */
#include "testutil.h"

#define PLAN_DIR REGIO_SOURCE_DIR "/data/yunnan"

/* ---- fixture: a temporary directory and the real plan ---- */

typedef struct fx {
    char dir[64];
    char db[128];
    regio_plan *plan;
} fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    strcpy(f->dir, "/tmp/regio_test_store_XXXXXX");
    if (!mkdtemp(f->dir)) { free(f); return -1; }
    snprintf(f->db, sizeof f->db, "%s/store.db", f->dir);
    regio_error err;
    regio_error_clear(&err);
    if (regio_plan_load_dir(PLAN_DIR, &f->plan, &err) != REGIO_OK) {
        fprintf(stderr, "cannot load %s: %s\n", PLAN_DIR, err.en);
        tu_rmdir(f->dir);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    regio_plan_free(f->plan);
    tu_rmdir(f->dir);
    free(f);
    return 0;
}

static regio_store *open_ok(const char *path, int flags) {
    regio_store *st = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_store_open(path, flags, &st, &err);
    if (rc != REGIO_OK) fail_msg("open %s: %d %s", path, rc, err.en);
    assert_non_null(st);
    return st;
}

/* A store created in the fixture's directory with the plan saved. */
static regio_store *store_with_plan(fx *f) {
    regio_store *st = open_ok(f->db, REGIO_STORE_CREATE);
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_store_save_plan(st, f->plan, &err);
    if (rc != REGIO_OK) fail_msg("save_plan: %s", err.en);
    return st;
}

/* The single integer a query returns. */
static long long q_int(regio_store *st, const char *sql) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(regio_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(regio_store_db(st)));
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Every row of a query as text, one line per row, "|" between columns (caller frees). */
static char *q_dump(regio_store *st, const char *sql) {
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(regio_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(regio_store_db(st)));
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            if (sqlite3_column_type(s, i) == SQLITE_FLOAT) fprintf(out, "%s%.17g", i ? "|" : "", sqlite3_column_double(s, i));
            else {
                const unsigned char *t = sqlite3_column_text(s, i);
                fprintf(out, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
            }
        }
        fputc('\n', out);
    }
    sqlite3_finalize(s);
    fclose(out);
    return buf;
}

static int user_version(regio_store *st) { return (int)q_int(st, "PRAGMA user_version"); }

static void write_file(const char *path, const void *data, size_t len) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static size_t R(const regio_plan *p, const char *code) {
    long r = regio_plan_region(p, code);
    if (r < 0) fail_msg("region %s not in the plan", code);
    return (size_t)r;
}
static size_t K(const regio_plan *p, const char *code) {
    long k = regio_plan_indicator(p, code);
    if (k < 0) fail_msg("indicator %s not in the plan", code);
    return (size_t)k;
}

/* ---- opening ---- */

static void test_open_create(void **state) {
    fx *f = *state;
    assert_int_not_equal(access(f->db, F_OK), 0);
    regio_store *st = open_ok(f->db, REGIO_STORE_CREATE);
    assert_int_equal(access(f->db, F_OK), 0);
    assert_int_equal(user_version(st), REGIO_SCHEMA_VERSION);
    assert_int_equal(q_int(st, "SELECT count(*) FROM sqlite_master WHERE name IN"
                               " ('meta','region','indicator','partitions','groups','group_member','target','batch',"
                               "  'observation','current_observation')"), 10);
    assert_int_equal(q_int(st, "PRAGMA foreign_keys"), 1);
    regio_store_close(st);

    /* re-open, with and without CREATE: same version, nothing re-run */
    st = open_ok(f->db, 0);
    assert_int_equal(user_version(st), REGIO_SCHEMA_VERSION);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 0);
    regio_store_close(st);
    st = open_ok(f->db, REGIO_STORE_CREATE);
    assert_int_equal(user_version(st), REGIO_SCHEMA_VERSION);
    regio_store_close(st);

    regio_store_close(NULL); /* harmless */
}

static void test_open_missing(void **state) {
    fx *f = *state;
    regio_store *st = (regio_store *)f; /* must be reset to NULL */
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_open(f->db, 0, &st, &err), REGIO_ENOTFOUND);
    assert_null(st);
    assert_int_equal(err.code, REGIO_ENOTFOUND);
    assert_non_null(strstr(err.en, "regio init"));
    assert_non_null(strstr(err.zh, "regio init"));
    assert_non_null(strstr(err.en, f->db));
    /* and it was not created as a side effect */
    assert_int_not_equal(access(f->db, F_OK), 0);
}

static void test_open_not_sqlite(void **state) {
    fx *f = *state;
    char garbage[4096];
    for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (char)("this is not a database\n"[i % 23]);
    write_file(f->db, garbage, sizeof garbage);
    regio_store *st = (regio_store *)f;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_open(f->db, 0, &st, &err), REGIO_EDB);
    assert_null(st);
    assert_int_equal(err.code, REGIO_EDB);
    assert_non_null(strstr(err.en, f->db));
    assert_non_null(strstr(err.en, "not a regio"));
    /* CREATE does not overwrite someone else's file either */
    regio_error_clear(&err);
    assert_int_equal(regio_store_open(f->db, REGIO_STORE_CREATE, &st, &err), REGIO_EDB);
    assert_null(st);
    FILE *fp = fopen(f->db, "rb");
    assert_non_null(fp);
    char back[sizeof garbage + 1];
    assert_int_equal(fread(back, 1, sizeof back, fp), sizeof garbage);
    fclose(fp);
    assert_memory_equal(back, garbage, sizeof garbage);
}

static void test_open_newer_schema(void **state) {
    fx *f = *state;
    regio_store *st = open_ok(f->db, REGIO_STORE_CREATE);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", REGIO_SCHEMA_VERSION + 1);
    assert_int_equal(sqlite3_exec(regio_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
    regio_store_close(st);

    regio_error err;
    regio_error_clear(&err);
    st = (regio_store *)f;
    assert_int_equal(regio_store_open(f->db, 0, &st, &err), REGIO_EDB);
    assert_null(st);
    assert_int_equal(err.code, REGIO_EDB);
    char want[32];
    snprintf(want, sizeof want, "version %d", REGIO_SCHEMA_VERSION + 1);
    assert_non_null(strstr(err.en, want));
    assert_non_null(strstr(err.en, "upgrade regio"));

    /* the refusal did not touch the version */
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), REGIO_SCHEMA_VERSION + 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void test_open_empty_sqlite_migrates(void **state) {
    /* a database made by sqlite itself at version 0 is brought up to the current schema */
    fx *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE unrelated(x); DROP TABLE unrelated;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    regio_store *st = open_ok(f->db, 0);
    assert_int_equal(user_version(st), REGIO_SCHEMA_VERSION);
    regio_store_close(st);
}

static void test_open_foreign_sqlite(void **state) {
    /* an SQLite database of another program (tables, no regio version) is not taken over: --db pointed at
     * the wrong file must not get regio's tables written into it */
    fx *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);"
                                      "INSERT INTO customers(name) VALUES('x');", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    for (int flags = 0; flags <= REGIO_STORE_CREATE; flags += REGIO_STORE_CREATE) {
        regio_store *st = (regio_store *)f;
        regio_error err;
        regio_error_clear(&err);
        assert_int_equal(regio_store_open(f->db, flags, &st, &err), REGIO_EDB);
        assert_null(st);
        assert_non_null(strstr(err.en, f->db));
        assert_non_null(strstr(err.en, "not a regio"));
    }
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1); /* still only customers */
    sqlite3_finalize(s);
    sqlite3_close(db);
}

typedef struct opener { const char *path; int rc; char msg[REGIO_ERRMSG_MAX]; } opener;

static void *open_thread(void *arg) {
    opener *o = arg;
    regio_store *st = NULL;
    regio_error err;
    regio_error_clear(&err);
    o->rc = regio_store_open(o->path, REGIO_STORE_CREATE, &st, &err);
    snprintf(o->msg, sizeof o->msg, "%s", err.en);
    regio_store_close(st);
    return NULL;
}

static void test_open_create_concurrently(void **state) {
    /* two programs creating the same new store at once (init and a server, two inits): both must end up
     * with the migrated schema, neither may run the migration a second time */
    fx *f = *state;
    for (int round = 0; round < 20; round++) {
        char path[256];
        snprintf(path, sizeof path, "%s/race%d.db", f->dir, round);
        enum { N = 4 };
        pthread_t th[N];
        opener o[N];
        for (int i = 0; i < N; i++) {
            o[i] = (opener){.path = path};
            assert_int_equal(pthread_create(&th[i], NULL, open_thread, &o[i]), 0);
        }
        for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
        for (int i = 0; i < N; i++)
            if (o[i].rc != REGIO_OK) fail_msg("round %d, opener %d: %d %s", round, i, o[i].rc, o[i].msg);
        regio_store *st = open_ok(path, 0);
        assert_int_equal(user_version(st), REGIO_SCHEMA_VERSION);
        regio_store_close(st);
    }
}

/* ---- the plan ---- */

static int same_double(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

static const char *region_code(const regio_plan *p, long i) { return i >= 0 ? p->regions[i].code : ""; }
static const char *indicator_code(const regio_plan *p, long i) { return i >= 0 ? p->indicators[i].code : ""; }

/* Field-by-field comparison of two plans (references compared by code, so different orders of loading
 * would still be caught as different indexes only where the order itself differs). */
static void assert_same_plan(const regio_plan *a, const regio_plan *b) {
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->nregions, b->nregions);
    assert_int_equal(a->nindicators, b->nindicators);
    assert_int_equal(a->ngroups, b->ngroups);
    assert_int_equal(a->npartitions, b->npartitions);
    assert_int_equal(a->ntargets, b->ntargets);
    for (size_t i = 0; i < a->nregions; i++) {
        const regio_region *x = &a->regions[i], *y = &b->regions[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name_zh, y->name_zh);
        assert_string_equal(x->name_en, y->name_en);
        assert_string_equal(x->kind, y->kind);
        assert_string_equal(x->area_source, y->area_source);
        assert_string_equal(x->source, y->source);
        assert_int_equal(x->level, y->level);
        assert_int_equal(x->parent, y->parent);
        assert_string_equal(region_code(a, x->parent), region_code(b, y->parent));
        assert_true(same_double(x->area_km2, y->area_km2));
        assert_int_equal(x->nchildren, y->nchildren);
        for (size_t c = 0; c < x->nchildren; c++) assert_int_equal(x->children[c], y->children[c]);
    }
    for (size_t i = 0; i < a->nindicators; i++) {
        const regio_indicator *x = &a->indicators[i], *y = &b->indicators[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name_zh, y->name_zh);
        assert_string_equal(x->name_en, y->name_en);
        assert_string_equal(x->unit, y->unit);
        assert_string_equal(x->note, y->note);
        assert_int_equal(x->direction, y->direction);
        assert_int_equal(x->agg, y->agg);
        assert_string_equal(indicator_code(a, x->numerator), indicator_code(b, y->numerator));
        assert_string_equal(indicator_code(a, x->denominator), indicator_code(b, y->denominator));
        assert_string_equal(indicator_code(a, x->weight), indicator_code(b, y->weight));
        assert_int_equal(x->numerator, y->numerator);
        assert_int_equal(x->denominator, y->denominator);
        assert_int_equal(x->weight, y->weight);
        assert_true(same_double(x->scale, y->scale));
        assert_true(same_double(x->min, y->min));
        assert_true(same_double(x->max, y->max));
        assert_int_equal(x->decimals, y->decimals);
    }
    for (size_t i = 0; i < a->npartitions; i++) {
        const regio_partition *x = &a->partitions[i], *y = &b->partitions[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name_zh, y->name_zh);
        assert_string_equal(x->name_en, y->name_en);
        assert_string_equal(x->note, y->note);
        assert_int_equal(x->nparts, y->nparts);
        for (size_t k = 0; k < x->nparts; k++)
            assert_string_equal(a->groups[x->parts[k]].code, b->groups[y->parts[k]].code);
    }
    for (size_t i = 0; i < a->ngroups; i++) {
        const regio_group *x = &a->groups[i], *y = &b->groups[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name_zh, y->name_zh);
        assert_string_equal(x->name_en, y->name_en);
        assert_string_equal(x->note, y->note);
        assert_string_equal(x->source, y->source);
        assert_string_equal(x->partition_code ? x->partition_code : "", y->partition_code ? y->partition_code : "");
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->partition, y->partition);
        assert_int_equal(x->nmembers, y->nmembers);
        for (size_t k = 0; k < x->nmembers; k++)
            assert_string_equal(a->regions[x->members[k]].code, b->regions[y->members[k]].code);
        assert_int_equal(x->ncounties, y->ncounties);
        for (size_t k = 0; k < x->ncounties; k++)
            assert_string_equal(a->regions[x->counties[k]].code, b->regions[y->counties[k]].code);
    }
    for (size_t i = 0; i < a->ntargets; i++) {
        const regio_target *x = &a->targets[i], *y = &b->targets[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name_zh, y->name_zh);
        assert_string_equal(x->name_en, y->name_en);
        assert_string_equal(x->scope, y->scope);
        assert_string_equal(x->kind, y->kind);
        assert_string_equal(x->note, y->note);
        assert_string_equal(x->source, y->source);
        assert_int_equal(x->scope_region, y->scope_region);
        assert_int_equal(x->scope_group, y->scope_group);
        assert_int_equal(x->scope_partition, y->scope_partition); /* gap targets: their partition, measure, weight */
        assert_string_equal(x->measure, y->measure);
        assert_int_equal(x->weight, y->weight);
        assert_string_equal(indicator_code(a, x->indicator), indicator_code(b, y->indicator));
        assert_int_equal(x->comparator, y->comparator);
        assert_true(same_double(x->value, y->value));
        assert_true(same_double(x->tolerance, y->tolerance));
        assert_int_equal(x->baseline_year, y->baseline_year);
        assert_true(same_double(x->baseline_value, y->baseline_value));
        assert_int_equal(x->target_year, y->target_year);
    }
    assert_int_equal(a->nmonitors, b->nmonitors);
    for (size_t i = 0; i < a->nmonitors; i++) {
        const regio_monitor *x = &a->monitors[i], *y = &b->monitors[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name_zh, y->name_zh);
        assert_string_equal(x->name_en, y->name_en);
        assert_string_equal(x->scope, y->scope);
        assert_string_equal(x->goal, y->goal);
        assert_string_equal(x->note, y->note);
        assert_string_equal(x->source, y->source);
        assert_int_equal(x->scope_region, y->scope_region);
        assert_int_equal(x->scope_group, y->scope_group);
        assert_string_equal(indicator_code(a, x->indicator), indicator_code(b, y->indicator));
        assert_int_equal(x->baseline_year, y->baseline_year);
        assert_int_equal(x->until_year, y->until_year);
    }
    assert_int_equal(a->nbreaks, b->nbreaks);
    for (size_t i = 0; i < a->nbreaks; i++) {
        const regio_break *x = &a->breaks[i], *y = &b->breaks[i];
        assert_string_equal(indicator_code(a, x->indicator), indicator_code(b, y->indicator));
        assert_int_equal(x->from_year, y->from_year);
        assert_int_equal(x->level, y->level);
        assert_int_equal(x->region, y->region);
        assert_string_equal(x->reason_zh, y->reason_zh);
        assert_string_equal(x->reason_en, y->reason_en);
        assert_string_equal(x->source, y->source);
    }
    /* lookups work on the loaded copy */
    for (size_t i = 0; i < b->nregions; i++) assert_int_equal(regio_plan_region(b, b->regions[i].code), (long)i);
    for (size_t i = 0; i < b->nindicators; i++) assert_int_equal(regio_plan_indicator(b, b->indicators[i].code), (long)i);
    for (size_t i = 0; i < b->ngroups; i++) assert_int_equal(regio_plan_group(b, b->groups[i].code), (long)i);
}

static void test_load_plan_empty(void **state) {
    fx *f = *state;
    regio_store *st = open_ok(f->db, REGIO_STORE_CREATE);
    regio_plan *p = (regio_plan *)f;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_load_plan(st, &p, &err), REGIO_ENOTFOUND);
    assert_null(p);
    assert_non_null(strstr(err.en, "regio init"));
    regio_store_close(st);
}

static void test_plan_round_trip(void **state) {
    fx *f = *state;
    const regio_plan *a = f->plan;
    /* the shipped plan, as its files state it */
    assert_string_equal(a->name, "yunnan");
    assert_int_equal(a->nregions, 146);
    assert_int_equal(a->ngroups, 33);
    assert_int_equal(a->nindicators, 58);
    assert_int_equal(a->npartitions, 3);
    assert_int_equal(a->ntargets, 21); /* 20 before the three 2020 baselines became monitored indicators; then 17, and the 4 gap targets */
    assert_int_equal(a->nmonitors, 3);
    assert_int_equal(a->nbreaks, 16);

    regio_store *st = store_with_plan(f);
    regio_store_close(st);
    st = open_ok(f->db, 0); /* read back through a fresh connection */
    regio_plan *b = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_store_load_plan(st, &b, &err);
    if (rc) fail_msg("load_plan: %s", err.en);
    assert_same_plan(a, b);

    /* spot checks against the plan files themselves */
    assert_int_equal(b->regions[0].parent, -1);
    assert_string_equal(b->regions[0].code, "530000");
    assert_string_equal(b->regions[0].name_zh, "云南省");
    assert_true(isnan(b->regions[0].area_km2));
    assert_string_equal(b->regions[1].code, "530100");
    assert_string_equal(b->regions[1].name_en, "Kunming");
    assert_true(b->regions[1].area_km2 == 21001);
    assert_string_equal(region_code(b, b->regions[R(b, "530102")].parent), "530100");
    assert_int_equal(b->regions[R(b, "530102")].level, REGIO_LEVEL_COUNTY);
    assert_int_equal(regio_plan_root(b), 0);
    long dz = regio_plan_group(b, "dianzhong");
    assert_true(dz >= 0);
    assert_int_equal(b->groups[dz].ncounties, 49);
    assert_int_equal(b->groups[dz].kind, REGIO_GROUP_BLOCK);
    assert_int_equal(b->groups[dz].partition, -1);
    long bw = regio_plan_partition(b, "blocks_west");
    assert_true(bw >= 0);
    assert_int_equal(b->partitions[bw].nparts, 4);
    long pref = regio_plan_partition(b, "prefectures");
    assert_true(pref >= 0);
    assert_int_equal(b->partitions[pref].nparts, 16);
    const regio_indicator *gdp_pc = &b->indicators[K(b, "gdp_pc")];
    assert_int_equal(gdp_pc->agg, REGIO_AGG_RATIO);
    assert_string_equal(indicator_code(b, gdp_pc->numerator), "gdp");
    assert_string_equal(indicator_code(b, gdp_pc->denominator), "pop");
    assert_true(gdp_pc->scale == 10000);
    assert_int_equal(gdp_pc->weight, -1);
    const regio_indicator *beds = &b->indicators[K(b, "beds_per_1000")];
    assert_string_equal(indicator_code(b, beds->numerator), "hospital_beds");
    assert_true(beds->scale == 0.1);
    const regio_indicator *ur = &b->indicators[K(b, "urban_rate")];
    assert_int_equal(ur->agg, REGIO_AGG_WMEAN);
    assert_string_equal(indicator_code(b, ur->weight), "pop");
    assert_true(ur->min == 0 && ur->max == 100);
    const regio_indicator *gg = &b->indicators[K(b, "gdp_growth_real")];
    assert_true(isnan(gg->min) && isnan(gg->max));
    long t = -1;
    for (size_t i = 0; i < b->ntargets; i++) if (strcmp(b->targets[i].code, "dz_pop_share") == 0) t = (long)i;
    assert_true(t >= 0);
    assert_int_equal(b->targets[t].scope_group, dz);
    assert_int_equal(b->targets[t].scope_region, -1);
    assert_true(b->targets[t].value == 50);
    assert_true(b->targets[t].baseline_value == 47);
    assert_int_equal(b->targets[t].baseline_year, 2020);
    assert_int_equal(b->targets[t].target_year, 2025);
    assert_int_equal(b->targets[t].comparator, REGIO_CMP_GE);
    assert_true(isnan(b->targets[t].tolerance));
    regio_plan_free(b);
    regio_store_close(st);
}

static const char *const PLAN_TABLES[] = {"region", "indicator", "partitions", "groups", "group_member", "target", "meta"};
#define NPLAN_TABLES (sizeof PLAN_TABLES / sizeof PLAN_TABLES[0])

static char *dump_plan_tables(regio_store *st) {
    char *all = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&all, &len);
    assert_non_null(out);
    for (size_t i = 0; i < NPLAN_TABLES; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", PLAN_TABLES[i]);
        char *d = q_dump(st, sql);
        fprintf(out, "== %s\n%s", PLAN_TABLES[i], d);
        free(d);
    }
    fclose(out);
    return all;
}

static void test_save_plan_twice(void **state) {
    fx *f = *state;
    regio_store *st = store_with_plan(f);
    assert_int_equal(q_int(st, "SELECT count(*) FROM region"), 146);
    assert_int_equal(q_int(st, "SELECT count(*) FROM indicator"), 58);
    assert_int_equal(q_int(st, "SELECT count(*) FROM groups"), 33);
    assert_int_equal(q_int(st, "SELECT count(*) FROM partitions"), 3);
    assert_int_equal(q_int(st, "SELECT count(*) FROM target"), 21);
    assert_int_equal(q_int(st, "SELECT count(*) FROM target WHERE kind = 'gap' AND measure <> ''"), 4);
    assert_int_equal(q_int(st, "SELECT count(*) FROM monitored"), 3);
    assert_int_equal(q_int(st, "SELECT count(*) FROM group_member"), 126); /* group_members.csv data lines */
    char *first = dump_plan_tables(st);

    /* an observation referring to the plan survives a second save (regions and indicators are upserted) */
    regio_batch_info info = {"f.csv", "00", "csv", "UTF-8", NULL};
    regio_obs o = {R(f->plan, "530100"), K(f->plan, "gdp"), 2020, 6733.79, "s", 2, {0, 0, 0}, NULL, NULL};
    int64_t id = 0;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_insert_batch(st, f->plan, &info, &o, 1, &id, &err), REGIO_OK);

    regio_error_clear(&err);
    int rc = regio_store_save_plan(st, f->plan, &err);
    if (rc) fail_msg("second save_plan: %s", err.en);
    char *second = dump_plan_tables(st);
    assert_string_equal(first, second);
    free(first);
    free(second);
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 1);

    regio_plan *b = NULL;
    assert_int_equal(regio_store_load_plan(st, &b, &err), REGIO_OK);
    assert_same_plan(f->plan, b);
    regio_plan_free(b);
    regio_store_close(st);
}

/* ---- batches and observations ---- */

static regio_batch_info binfo(const char *file, const char *sha) {
    return (regio_batch_info){file, sha, "csv", "UTF-8", "test note"};
}

static int64_t insert_ok(regio_store *st, const regio_plan *p, const char *file, const char *sha, const regio_obs *rows,
                         size_t n) {
    regio_batch_info info = binfo(file, sha);
    int64_t id = 0;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_store_insert_batch(st, p, &info, rows, n, &id, &err);
    if (rc) fail_msg("insert_batch: %s", err.en);
    assert_true(id > 0);
    return id;
}

static void expect_current(regio_store *st, const regio_plan *p, const char *region, const char *ind, int year,
                           double value, int64_t batch, long line) {
    regio_obs_ref ref;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_current(st, p, R(p, region), K(p, ind), year, &ref, &err), REGIO_OK);
    if (!ref.found) fail_msg("no current value for %s %s %d", region, ind, year);
    if (ref.value != value) fail_msg("%s %s %d: %.17g, expected %.17g", region, ind, year, ref.value, value);
    assert_int_equal(ref.batch, batch);
    assert_int_equal(ref.line, line);
}

static void expect_none(regio_store *st, const regio_plan *p, const char *region, const char *ind, int year) {
    regio_obs_ref ref = {.found = 7};
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_current(st, p, R(p, region), K(p, ind), year, &ref, &err), REGIO_OK);
    assert_int_equal(ref.found, 0);
}

static const char *SHA1 = "1111111111111111111111111111111111111111111111111111111111111111";
static const char *SHA2 = "2222222222222222222222222222222222222222222222222222222222222222";
static const char *SHA3 = "3333333333333333333333333333333333333333333333333333333333333333";

static void test_batches_and_observations(void **state) {
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *st = store_with_plan(f);
    regio_error err;
    regio_error_clear(&err);

    /* values chosen so that any rounding through text would show: 0.1 + 0.2 is not 0.3 */
    const double v_km20 = 6733.79, v_km19 = 0.1 + 0.2, v_pop = 4720.9301234567891;
    regio_obs rows1[] = {
        {R(p, "530100"), K(p, "gdp"), 2019, v_km19, "source one: 昆明统计年鉴", 2, {0, 0, 0}, NULL, NULL},
        {R(p, "530100"), K(p, "gdp"), 2020, v_km20, "source one: 昆明统计年鉴", 3, {0, 0, 0}, NULL, NULL},
        {R(p, "530000"), K(p, "pop"), 2020, v_pop, "第七次全国人口普查", 4, {0, 0, 0}, NULL, NULL},
        {R(p, "530102"), K(p, "gdp"), 2020, 1234.5, "", 5, {0, 0, 0}, NULL, NULL}, /* empty source is stored as "" */
    };
    int64_t b1 = insert_ok(st, p, "first.csv", SHA1, rows1, 4);
    expect_current(st, p, "530100", "gdp", 2019, v_km19, b1, 2);
    expect_current(st, p, "530100", "gdp", 2020, v_km20, b1, 3);
    expect_current(st, p, "530000", "pop", 2020, v_pop, b1, 4);
    expect_current(st, p, "530102", "gdp", 2020, 1234.5, b1, 5);
    expect_none(st, p, "530100", "gdp", 2021);
    expect_none(st, p, "530300", "gdp", 2020);
    expect_none(st, p, "530100", "pop", 2020);

    /* year matrix: exactly the four... three 2020 values, NaN elsewhere */
    double *m = NULL;
    assert_int_equal(regio_store_year_matrix(st, p, 2020, &m, &err), REGIO_OK);
    size_t nr = p->nregions, set = 0;
    for (size_t i = 0; i < p->nindicators * nr; i++) set += !isnan(m[i]);
    assert_int_equal(set, 3);
    assert_true(m[K(p, "gdp") * nr + R(p, "530100")] == v_km20);
    assert_true(m[K(p, "pop") * nr + R(p, "530000")] == v_pop);
    assert_true(m[K(p, "gdp") * nr + R(p, "530102")] == 1234.5);
    free(m);
    assert_int_equal(regio_store_year_matrix(st, p, 1990, &m, &err), REGIO_OK);
    for (size_t i = 0; i < p->nindicators * nr; i++) assert_true(isnan(m[i]));
    free(m);

    /* years */
    int *ys = NULL;
    size_t ny = 0;
    assert_int_equal(regio_store_years(st, p, (long)K(p, "gdp"), &ys, &ny, &err), REGIO_OK);
    assert_int_equal(ny, 2);
    assert_int_equal(ys[0], 2019);
    assert_int_equal(ys[1], 2020);
    free(ys);
    assert_int_equal(regio_store_years(st, p, (long)K(p, "pop"), &ys, &ny, &err), REGIO_OK);
    assert_int_equal(ny, 1);
    assert_int_equal(ys[0], 2020);
    free(ys);
    assert_int_equal(regio_store_years(st, p, -1, &ys, &ny, &err), REGIO_OK);
    assert_int_equal(ny, 2);
    assert_int_equal(ys[0], 2019);
    assert_int_equal(ys[1], 2020);
    free(ys);
    assert_int_equal(regio_store_years(st, p, (long)K(p, "urban_rate"), &ys, &ny, &err), REGIO_OK);
    assert_int_equal(ny, 0);
    free(ys);

    /* provenance */
    regio_provenance pv;
    assert_int_equal(regio_store_provenance(st, p, R(p, "530000"), K(p, "pop"), 2020, &pv, &err), REGIO_OK);
    assert_string_equal(pv.source, "第七次全国人口普查");
    assert_string_equal(pv.file, "first.csv");
    assert_int_equal(pv.batch, b1);
    assert_int_equal(pv.line, 4);
    regio_provenance_clear(&pv);
    assert_null(pv.source);
    assert_int_equal(regio_store_provenance(st, p, R(p, "530102"), K(p, "gdp"), 2020, &pv, &err), REGIO_OK);
    assert_string_equal(pv.source, "");
    regio_provenance_clear(&pv);
    assert_int_equal(regio_store_provenance(st, p, R(p, "530300"), K(p, "pop"), 2020, &pv, &err), REGIO_OK);
    assert_null(pv.source);
    assert_null(pv.file);
    assert_int_equal(pv.batch, 0);
    regio_provenance_clear(&pv);

    /* a second batch supersedes one key */
    const double v_km20b = 6733.7900000000009; /* the next double up from 6733.79 */
    assert_true(v_km20b != v_km20);
    regio_obs rows2[] = {{R(p, "530100"), K(p, "gdp"), 2020, v_km20b, "source two", 7, {0, 0, 0}, NULL, NULL}};
    int64_t b2 = insert_ok(st, p, "second.csv", SHA2, rows2, 1);
    assert_true(b2 > b1);
    expect_current(st, p, "530100", "gdp", 2020, v_km20b, b2, 7);
    expect_current(st, p, "530100", "gdp", 2019, v_km19, b1, 2);
    assert_int_equal(regio_store_provenance(st, p, R(p, "530100"), K(p, "gdp"), 2020, &pv, &err), REGIO_OK);
    assert_string_equal(pv.source, "source two");
    assert_string_equal(pv.file, "second.csv");
    assert_int_equal(pv.batch, b2);
    regio_provenance_clear(&pv);
    assert_int_equal(regio_store_year_matrix(st, p, 2020, &m, &err), REGIO_OK);
    assert_true(m[K(p, "gdp") * nr + R(p, "530100")] == v_km20b);
    free(m);
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 5);
    assert_int_equal(q_int(st, "SELECT count(*) FROM current_observation"), 4);

    /* batches list */
    regio_batch_list *bl = NULL;
    assert_int_equal(regio_store_batches(st, &bl, &err), REGIO_OK);
    assert_int_equal(bl->n, 2);
    assert_int_equal(bl->items[0].id, b1);
    assert_string_equal(bl->items[0].file, "first.csv");
    assert_string_equal(bl->items[0].sha256, SHA1);
    assert_string_equal(bl->items[0].format, "csv");
    assert_string_equal(bl->items[0].encoding, "UTF-8");
    assert_string_equal(bl->items[0].note, "test note");
    assert_int_equal(strlen(bl->items[0].imported_at), 20); /* 2024-01-01T00:00:00Z */
    assert_int_equal(bl->items[0].imported_at[10], 'T');
    assert_int_equal(bl->items[0].rows, 4);
    assert_int_equal(bl->items[0].current, 3);
    assert_int_equal(bl->items[1].id, b2);
    assert_int_equal(bl->items[1].rows, 1);
    assert_int_equal(bl->items[1].current, 1);
    regio_batch_list_free(bl);
    regio_batch_list_free(NULL);

    /* by hash */
    int64_t id = -1;
    assert_int_equal(regio_store_batch_by_hash(st, SHA1, &id, &err), REGIO_OK);
    assert_int_equal(id, b1);
    assert_int_equal(regio_store_batch_by_hash(st, SHA2, &id, &err), REGIO_OK);
    assert_int_equal(id, b2);
    id = -1;
    assert_int_equal(regio_store_batch_by_hash(st, SHA3, &id, &err), REGIO_OK);
    assert_int_equal(id, 0);

    /* coverage: gdp at prefecture and county level, pop at province level, in indicator order */
    regio_coverage_row *cv = NULL;
    size_t nc = 0;
    assert_int_equal(regio_store_coverage(st, p, &cv, &nc, &err), REGIO_OK);
    assert_int_equal(nc, 3);
    assert_int_equal(cv[0].indicator, K(p, "gdp"));
    assert_int_equal(cv[0].level, REGIO_LEVEL_PREFECTURE);
    assert_int_equal(cv[0].year_min, 2019);
    assert_int_equal(cv[0].year_max, 2020);
    assert_int_equal(cv[0].nobs, 2); /* the superseded value is not counted twice */
    assert_int_equal(cv[0].nregions, 1);
    assert_int_equal(cv[1].indicator, K(p, "gdp"));
    assert_int_equal(cv[1].level, REGIO_LEVEL_COUNTY);
    assert_int_equal(cv[1].year_min, 2020);
    assert_int_equal(cv[1].year_max, 2020);
    assert_int_equal(cv[1].nobs, 1);
    assert_int_equal(cv[1].nregions, 1);
    assert_int_equal(cv[2].indicator, K(p, "pop"));
    assert_int_equal(cv[2].level, REGIO_LEVEL_PROVINCE);
    assert_int_equal(cv[2].nobs, 1);
    assert_int_equal(cv[2].nregions, 1);
    free(cv);

    /* undo the second: the first value is back, bit for bit, with its own provenance */
    assert_int_equal(regio_store_undo(st, b2, &err), REGIO_OK);
    expect_current(st, p, "530100", "gdp", 2020, v_km20, b1, 3);
    assert_int_equal(regio_store_provenance(st, p, R(p, "530100"), K(p, "gdp"), 2020, &pv, &err), REGIO_OK);
    assert_string_equal(pv.source, "source one: 昆明统计年鉴");
    assert_string_equal(pv.file, "first.csv");
    regio_provenance_clear(&pv);
    assert_int_equal(regio_store_batch_by_hash(st, SHA2, &id, &err), REGIO_OK);
    assert_int_equal(id, 0);
    assert_int_equal(regio_store_batches(st, &bl, &err), REGIO_OK);
    assert_int_equal(bl->n, 1);
    assert_int_equal(bl->items[0].current, 4);
    regio_batch_list_free(bl);
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 4);

    /* unknown ids */
    regio_error_clear(&err);
    assert_int_equal(regio_store_undo(st, b2, &err), REGIO_ENOTFOUND);
    assert_int_equal(err.code, REGIO_ENOTFOUND);
    char want[32];
    snprintf(want, sizeof want, "batch %lld", (long long)b2);
    assert_non_null(strstr(err.en, want));
    assert_int_equal(regio_store_undo(st, 999999, &err), REGIO_ENOTFOUND);
    assert_int_equal(regio_store_undo(st, 0, &err), REGIO_ENOTFOUND);
    assert_int_equal(regio_store_undo(st, -1, &err), REGIO_ENOTFOUND);

    /* undoing the first empties the store of observations */
    assert_int_equal(regio_store_undo(st, b1, &err), REGIO_OK);
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 0);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 0);
    expect_none(st, p, "530100", "gdp", 2020);
    assert_int_equal(regio_store_coverage(st, p, &cv, &nc, &err), REGIO_OK);
    assert_int_equal(nc, 0);
    free(cv);
    regio_store_close(st);
}

static void test_undo_middle_batch(void **state) {
    /* three batches for one key: undoing the middle one changes nothing visible; undoing the last brings
     * the first back; batch ids are never reused, so a new batch after an undo is still the latest */
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *st = store_with_plan(f);
    regio_error err;
    regio_error_clear(&err);
    size_t r = R(p, "530300"), k = K(p, "urban_rate");
    regio_obs o1 = {r, k, 2020, 51.5, "a", 2, {0, 0, 0}, NULL, NULL}, o2 = {r, k, 2020, 52.5, "b", 3, {0, 0, 0}, NULL, NULL}, o3 = {r, k, 2020, 53.5, "c", 4, {0, 0, 0}, NULL, NULL};
    int64_t b1 = insert_ok(st, p, "a.csv", SHA1, &o1, 1);
    int64_t b2 = insert_ok(st, p, "b.csv", SHA2, &o2, 1);
    int64_t b3 = insert_ok(st, p, "c.csv", SHA3, &o3, 1);
    expect_current(st, p, "530300", "urban_rate", 2020, 53.5, b3, 4);
    assert_int_equal(regio_store_undo(st, b2, &err), REGIO_OK);
    expect_current(st, p, "530300", "urban_rate", 2020, 53.5, b3, 4);
    assert_int_equal(regio_store_undo(st, b3, &err), REGIO_OK);
    expect_current(st, p, "530300", "urban_rate", 2020, 51.5, b1, 2);
    regio_obs o4 = {r, k, 2020, 54.5, "d", 5, {0, 0, 0}, NULL, NULL};
    int64_t b4 = insert_ok(st, p, "d.csv", SHA3, &o4, 1);
    assert_true(b4 > b3); /* AUTOINCREMENT: an undone id is not handed out again */
    expect_current(st, p, "530300", "urban_rate", 2020, 54.5, b4, 5);
    regio_store_close(st);
}

static void test_explicit_transaction(void **state) {
    /* an insert inside regio_store_begin is a savepoint: visible within the transaction, gone after a
     * rollback, kept after a commit */
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *st = store_with_plan(f);
    regio_error err;
    regio_error_clear(&err);
    size_t r = R(p, "530300"), k = K(p, "urban_rate");
    regio_obs o1 = {r, k, 2021, 55.5, "a", 2, {0, 0, 0}, NULL, NULL};
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    int64_t b1 = insert_ok(st, p, "a.csv", SHA1, &o1, 1);
    expect_current(st, p, "530300", "urban_rate", 2021, 55.5, b1, 2);
    regio_store_rollback(st);
    expect_none(st, p, "530300", "urban_rate", 2021);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 0);
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    int64_t b2 = insert_ok(st, p, "a.csv", SHA1, &o1, 1);
    assert_int_equal(regio_store_commit(st, &err), REGIO_OK);
    expect_current(st, p, "530300", "urban_rate", 2021, 55.5, b2, 2);
    regio_store_rollback(st); /* outside a transaction: nothing to roll back, nothing lost */
    expect_current(st, p, "530300", "urban_rate", 2021, 55.5, b2, 2);
    regio_store_close(st);
}

static void test_nested_transaction(void **state) {
    /* a begin inside a begin is a savepoint: its rollback undoes its own part only, its commit makes nothing
     * durable until the outer commit, and an outer rollback undoes the inner commits too (regio init) */
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *st = store_with_plan(f);
    regio_error err;
    regio_error_clear(&err);
    size_t r = R(p, "530300"), k = K(p, "urban_rate");
    regio_obs o1 = {r, k, 2021, 55.5, "a", 2, {0, 0, 0}, NULL, NULL};
    regio_obs o2 = {r, k, 2022, 56.5, "b", 2, {0, 0, 0}, NULL, NULL};
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    int64_t b1 = insert_ok(st, p, "a.csv", SHA1, &o1, 1);
    assert_int_equal(regio_store_commit(st, &err), REGIO_OK);
    assert_false(sqlite3_get_autocommit(regio_store_db(st))); /* still inside the outer transaction */
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    insert_ok(st, p, "b.csv", SHA2, &o2, 1);
    regio_store_rollback(st);
    expect_none(st, p, "530300", "urban_rate", 2022);
    expect_current(st, p, "530300", "urban_rate", 2021, 55.5, b1, 2);
    assert_int_equal(regio_store_commit(st, &err), REGIO_OK);
    assert_true(sqlite3_get_autocommit(regio_store_db(st)));
    expect_current(st, p, "530300", "urban_rate", 2021, 55.5, b1, 2);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 1);
    /* the outer rollback takes the inner commit with it */
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    assert_int_equal(regio_store_begin(st, &err), REGIO_OK);
    insert_ok(st, p, "b.csv", SHA2, &o2, 1);
    assert_int_equal(regio_store_commit(st, &err), REGIO_OK);
    regio_store_rollback(st);
    expect_none(st, p, "530300", "urban_rate", 2022);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 1);
    assert_true(sqlite3_get_autocommit(regio_store_db(st)));
    regio_store_close(st);
}

static void test_insert_batch_atomic(void **state) {
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *st = store_with_plan(f);
    regio_obs good = {R(p, "530100"), K(p, "gdp"), 2020, 6733.79, "kept", 2, {0, 0, 0}, NULL, NULL};
    int64_t b1 = insert_ok(st, p, "before.csv", SHA1, &good, 1);
    char *obs_before = q_dump(st, "SELECT * FROM observation ORDER BY 1,2,3,6");
    char *batch_before = q_dump(st, "SELECT * FROM batch");
    long long seq_before = q_int(st, "SELECT seq FROM sqlite_sequence WHERE name = 'batch'");

    /* a copy of the plan with one region that was never saved to the store */
    regio_plan copy = *p;
    copy.regions = malloc((p->nregions + 1) * sizeof *copy.regions);
    assert_non_null(copy.regions);
    memcpy(copy.regions, p->regions, p->nregions * sizeof *copy.regions);
    copy.regions[p->nregions] = (regio_region){.code = "539999", .name_zh = "虚构县", .name_en = "Fictitious",
                                               .kind = "", .area_source = "", .source = "", .level = REGIO_LEVEL_COUNTY,
                                               .parent = (long)R(p, "530100"), .area_km2 = NAN};
    copy.nregions = p->nregions + 1;

    regio_obs rows[] = {
        {R(p, "530300"), K(p, "gdp"), 2020, 2959.35, "would be new", 2, {0, 0, 0}, NULL, NULL},
        {p->nregions, K(p, "gdp"), 2020, 1.0, "unknown region", 3, {0, 0, 0}, NULL, NULL},
        {R(p, "530400"), K(p, "gdp"), 2020, 2058.14, "would be new", 4, {0, 0, 0}, NULL, NULL},
    };
    regio_batch_info info = binfo("bad.csv", SHA2);
    int64_t id = 12345;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_insert_batch(st, &copy, &info, rows, 3, &id, &err), REGIO_EDB);
    assert_int_equal(id, 12345); /* untouched on failure */
    assert_int_equal(err.code, REGIO_EDB);
    assert_true(err.en[0] != '\0');

    /* a key twice in one batch violates the primary key: same result */
    regio_obs twice[] = {
        {R(p, "530300"), K(p, "gdp"), 2020, 2959.35, "x", 2, {0, 0, 0}, NULL, NULL},
        {R(p, "530300"), K(p, "gdp"), 2020, 2959.36, "x", 3, {0, 0, 0}, NULL, NULL},
    };
    regio_error_clear(&err);
    assert_int_equal(regio_store_insert_batch(st, p, &info, twice, 2, &id, &err), REGIO_EDB);

    char *obs_after = q_dump(st, "SELECT * FROM observation ORDER BY 1,2,3,6");
    char *batch_after = q_dump(st, "SELECT * FROM batch");
    assert_string_equal(obs_before, obs_after);
    assert_string_equal(batch_before, batch_after);
    assert_int_equal(q_int(st, "SELECT seq FROM sqlite_sequence WHERE name = 'batch'"), seq_before);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 1);
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 1);
    int64_t hid = -1;
    assert_int_equal(regio_store_batch_by_hash(st, SHA2, &hid, &err), REGIO_OK);
    assert_int_equal(hid, 0);
    free(obs_before); free(obs_after); free(batch_before); free(batch_after);

    /* no transaction was left open: the store is usable and the next batch commits */
    assert_true(sqlite3_get_autocommit(regio_store_db(st)));
    int64_t b2 = insert_ok(st, p, "after.csv", SHA3, rows, 1);
    assert_true(b2 > b1);
    expect_current(st, p, "530300", "gdp", 2020, 2959.35, b2, 2);
    regio_store_close(st);

    /* and what was committed is on disk for another connection */
    st = open_ok(f->db, 0);
    assert_int_equal(q_int(st, "SELECT count(*) FROM batch"), 2);
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 2);
    regio_store_close(st);
    free(copy.regions);
}

static void test_two_connections(void **state) {
    /* the CLI and a report may have the same store open: a batch written by one is seen by the other */
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *a = store_with_plan(f);
    regio_store *b = open_ok(f->db, 0);
    regio_obs o = {R(p, "530100"), K(p, "pop"), 2020, 846.01, "census", 9, {0, 0, 0}, NULL, NULL};
    int64_t id = insert_ok(a, p, "x.csv", SHA1, &o, 1);
    expect_current(b, p, "530100", "pop", 2020, 846.01, id, 9);
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_store_undo(b, id, &err), REGIO_OK);
    expect_none(a, p, "530100", "pop", 2020);
    regio_store_close(b);
    regio_store_close(a);
}

/* ---- the interface a second backend implements: zone list, outlines, boundaries file, change detection ---- */

static void test_zone_rows(void **state) {
    fx *f = *state;
    regio_store *st = store_with_plan(f);
    regio_error err;
    regio_error_clear(&err);
    regio_stored_zone *z = NULL;
    size_t n = 99;
    assert_int_equal(regio_store_load_zones(st, &z, &n, &err), REGIO_OK);
    assert_int_equal(n, 0);
    assert_null(z);
    /* rows are returned sorted by region whatever the order saved; line -1 = not known */
    const regio_zone_row rows[] = {{"530111", "ecological", -1}, {"530102", "urban", 3}};
    assert_int_equal(regio_store_save_zones(st, "zones.csv (sha256:ab12)", "ab12", rows, 2, &err), REGIO_OK);
    assert_int_equal(regio_store_load_zones(st, &z, &n, &err), REGIO_OK);
    assert_int_equal(n, 2);
    assert_string_equal(z[0].region, "530102");
    assert_string_equal(z[0].zone, "urban");
    assert_int_equal(z[0].line, 3);
    assert_string_equal(z[0].file, "zones.csv (sha256:ab12)");
    assert_string_equal(z[1].region, "530111");
    assert_string_equal(z[1].zone, "ecological");
    assert_int_equal(z[1].line, -1);
    regio_stored_zones_free(z, n);
    assert_int_equal(q_int(st, "SELECT count(*) FROM zone_type WHERE sha256 = 'ab12'"), 2);
    /* a row naming no region of the store fails the whole save: the earlier list stays */
    const regio_zone_row bad[] = {{"530102", "agricultural", 1}, {"999999", "urban", 2}};
    assert_int_equal(regio_store_save_zones(st, "bad.csv", "", bad, 2, &err), REGIO_EDB);
    assert_int_equal(regio_store_load_zones(st, &z, &n, &err), REGIO_OK);
    assert_int_equal(n, 2);
    assert_string_equal(z[0].zone, "urban");
    regio_stored_zones_free(z, n);
    /* n = 0 empties the list */
    assert_int_equal(regio_store_save_zones(st, "", "", NULL, 0, &err), REGIO_OK);
    assert_int_equal(regio_store_load_zones(st, &z, &n, &err), REGIO_OK);
    assert_int_equal(n, 0);
    assert_null(z);
    regio_store_close(st);
}

static void test_outlines_and_boundaries_file(void **state) {
    fx *f = *state;
    regio_store *st = store_with_plan(f);
    regio_error err;
    regio_error_clear(&err);
    char *path = (char *)"unset";
    assert_int_equal(regio_store_boundaries_file(st, &path, &err), REGIO_OK);
    assert_null(path);
    const char *poly = "{\"type\":\"Polygon\",\"coordinates\":[[[102,25],[103,25],[103,26],[102,25]]]}";
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(regio_store_db(st), "INSERT INTO region_geometry(region, geojson, source) VALUES('530102', ?, 'b.geojson')",
                                        -1, &s, NULL), SQLITE_OK);
    sqlite3_bind_text(s, 1, poly, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    const char *ids[] = {"530111", "530102"};
    char *text[2] = {(char *)"unset", (char *)"unset"};
    assert_int_equal(regio_store_load_geometries(st, ids, 2, text, &err), REGIO_OK);
    assert_null(text[0]);
    assert_non_null(text[1]);
    assert_string_equal(text[1], poly);
    free(text[1]);
    /* the file recorded with the label points; an empty source is not one */
    assert_int_equal(regio_store_save_point(st, "530111", 102.7, 25.0, "", &err), REGIO_OK);
    assert_int_equal(regio_store_boundaries_file(st, &path, &err), REGIO_OK);
    assert_null(path);
    assert_int_equal(regio_store_save_point(st, "530102", 102.7, 25.05, "plan/boundaries/counties.geojson", &err), REGIO_OK);
    assert_int_equal(regio_store_boundaries_file(st, &path, &err), REGIO_OK);
    assert_non_null(path);
    assert_string_equal(path, "plan/boundaries/counties.geojson");
    free(path);
    regio_store_close(st);
}

static void test_data_version(void **state) {
    /* changes when another connection commits, not for this connection's own writes nor by itself */
    fx *f = *state;
    const regio_plan *p = f->plan;
    regio_store *a = store_with_plan(f);
    regio_store *b = open_ok(f->db, 0);
    regio_error err;
    regio_error_clear(&err);
    int64_t v1 = -1, v2 = -1, v3 = -1, v4 = -1;
    assert_int_equal(regio_store_data_version(a, &v1, &err), REGIO_OK);
    assert_true(v1 >= 0);
    assert_int_equal(regio_store_data_version(a, &v2, &err), REGIO_OK);
    assert_true(v2 == v1);
    regio_obs o = {R(p, "530100"), K(p, "pop"), 2020, 846.01, "census", 9, {0, 0, 0}, NULL, NULL};
    insert_ok(b, p, "x.csv", SHA1, &o, 1);
    assert_int_equal(regio_store_data_version(a, &v3, &err), REGIO_OK);
    assert_true(v3 != v2);
    regio_obs o2 = {R(p, "530100"), K(p, "pop"), 2021, 850.2, "bulletin", 3, {0, 0, 0}, NULL, NULL};
    insert_ok(a, p, "y.csv", SHA2, &o2, 1);
    assert_int_equal(regio_store_data_version(a, &v4, &err), REGIO_OK);
    assert_true(v4 == v3);
    regio_store_close(b);
    regio_store_close(a);
}

/* Copies the plan's CSV files into dir/plan, leaving out every line that starts with one of drop[]. */
static void copy_plan_without(const char *dir, char *out, size_t cap, const char *const *drop, size_t ndrop) {
    static const char *const FILES[] = {"regions.csv", "groups.csv", "group_members.csv", "partitions.csv",
                                        "indicators.csv", "targets.csv", "monitored.csv", "breaks.csv"};
    snprintf(out, cap, "%s/plan", dir);
    assert_int_equal(mkdir(out, 0700), 0);
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        char src[512], dst[512], line[65536];
        snprintf(src, sizeof src, "%s/%s", PLAN_DIR, FILES[i]);
        snprintf(dst, sizeof dst, "%s/%s", out, FILES[i]);
        FILE *in = fopen(src, "rb"), *o = fopen(dst, "wb");
        assert_non_null(in);
        assert_non_null(o);
        while (fgets(line, sizeof line, in)) {
            int keep = 1;
            for (size_t k = 0; k < ndrop; k++) keep &= strncmp(line, drop[k], strlen(drop[k])) != 0;
            if (keep) fputs(line, o);
        }
        fclose(in);
        assert_int_equal(fclose(o), 0);
    }
}

static void rm_plan_copy(const char *plan_dir) {
    tu_rmdir(plan_dir);
}

static void test_save_smaller_plan(void **state) {
    /* the plan is edited (a county and an indicator removed) and saved again into the same store: what no
     * observation refers to leaves the store, what one does stays in the database but not in the plan */
    fx *f = *state;
    char dir[256];
    const char *const drop[] = {"530102,", "530103,", "deposits_household,"};
    copy_plan_without(f->dir, dir, sizeof dir, drop, 3);
    regio_plan *smaller = NULL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_plan_load_dir(dir, &smaller, &err);
    if (rc) fail_msg("smaller plan: %s", err.en);
    assert_int_equal(smaller->nregions, f->plan->nregions - 2);
    assert_int_equal(smaller->nindicators, f->plan->nindicators - 1);

    regio_store *st = store_with_plan(f);
    regio_obs o = {R(f->plan, "530102"), K(f->plan, "gdp"), 2020, 1.5, "s", 2, {0, 0, 0}, NULL, NULL};
    insert_ok(st, f->plan, "x.csv", SHA1, &o, 1);

    assert_int_equal(regio_store_save_plan(st, smaller, &err), REGIO_OK);
    assert_int_equal(q_int(st, "SELECT count(*) FROM region WHERE code = '530103'"), 0);
    assert_int_equal(q_int(st, "SELECT count(*) FROM indicator WHERE code = 'deposits_household'"), 0);
    assert_int_equal(q_int(st, "SELECT count(*) FROM region WHERE code = '530102'"), 1); /* observed */
    assert_int_equal(q_int(st, "SELECT count(*) FROM observation"), 1);
    regio_plan *back = NULL;
    rc = regio_store_load_plan(st, &back, &err);
    if (rc) fail_msg("load smaller: %s", err.en);
    assert_same_plan(smaller, back);
    regio_plan_free(back);
    /* the observation of the region outside the plan is not reported as coverage of the plan */
    regio_coverage_row *cv = NULL;
    size_t nc = 99;
    assert_int_equal(regio_store_coverage(st, smaller, &cv, &nc, &err), REGIO_OK);
    assert_int_equal(nc, 0);
    free(cv);

    /* and the full plan again brings everything back as it was */
    assert_int_equal(regio_store_save_plan(st, f->plan, &err), REGIO_OK);
    rc = regio_store_load_plan(st, &back, &err);
    if (rc) fail_msg("load full: %s", err.en);
    assert_same_plan(f->plan, back);
    regio_plan_free(back);
    expect_current(st, f->plan, "530102", "gdp", 2020, 1.5, 1, 2);
    assert_int_equal(regio_store_coverage(st, f->plan, &cv, &nc, &err), REGIO_OK);
    assert_int_equal(nc, 1);
    assert_int_equal(cv[0].level, REGIO_LEVEL_COUNTY);
    assert_int_equal(cv[0].nobs, 1);
    free(cv);
    regio_store_close(st);
    regio_plan_free(smaller);
    rm_plan_copy(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explicit_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_not_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_empty_sqlite_migrates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_foreign_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_create_concurrently, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_plan_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plan_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_plan_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batches_and_observations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_middle_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_batch_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_connections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_smaller_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zone_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlines_and_boundaries_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_version, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
