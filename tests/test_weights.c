/* test_weights.c — building spatial weights (include/regio/weights_build.h): contiguity from rings and from
 * files OGR opens, knn and distance band, GAL/CSV in and out, aggregation to groups, and the Yunnan
 * contiguity shipped in data/yunnan/boundaries/ (rebuilt here from the GeoJSON and compared byte for byte;
 * REGIO_REGENERATE=1 rewrites them), cross-checked against the national TopoJSON's shared arcs.
 *
 * References: tests/reference/spatial/ (PySAL libpysal example GAL files with their edge lists; esda's
 * Getis-Ord test points with their distance band, esda/tests/test_getisord.py); 3×3 rook lattice of
 * esda's Moran variance test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <jansson.h>

#include "regio/weights_build.h"

#define REF REGIO_SOURCE_DIR "/tests/reference/spatial/"
#define YUNNAN REGIO_SOURCE_DIR "/data/yunnan/"

/* ---------------------------------------------------------------- helpers */

static size_t nlinks(const regio_weights *w) { return w->offsets[w->n]; }

static void assert_same_weights(const regio_weights *a, const regio_weights *b) {
    assert_int_equal(a->n, b->n);
    assert_int_equal(nlinks(a), nlinks(b));
    for (size_t i = 0; i <= a->n; i++) assert_int_equal(a->offsets[i], b->offsets[i]);
    for (size_t k = 0; k < nlinks(a); k++) {
        assert_int_equal(a->neighbours[k], b->neighbours[k]);
        assert_double_equal(a->values[k], b->values[k], 1e-12);
    }
}

static int has_link(const regio_weights *w, size_t i, size_t j) {
    for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++)
        if (w->neighbours[k] == j) return 1;
    return 0;
}

/* rings of an nx × ny lattice of unit squares (unit = row * nx + col), closed rings, counter-clockwise */
typedef struct { size_t *unit, *start; double *x, *y; size_t nr; } lattice;

static lattice make_lattice(size_t nx, size_t ny) {
    lattice l;
    l.nr = nx * ny;
    l.unit = malloc(l.nr * sizeof *l.unit);
    l.start = malloc((l.nr + 1) * sizeof *l.start);
    l.x = malloc(l.nr * 5 * sizeof *l.x);
    l.y = malloc(l.nr * 5 * sizeof *l.y);
    static const double dx[5] = {0, 1, 1, 0, 0}, dy[5] = {0, 0, 1, 1, 0};
    for (size_t r = 0; r < ny; r++)
        for (size_t c = 0; c < nx; c++) {
            size_t u = r * nx + c;
            l.unit[u] = u;
            l.start[u] = 5 * u;
            for (int k = 0; k < 5; k++) { l.x[5 * u + k] = (double)c + dx[k]; l.y[5 * u + k] = (double)r + dy[k]; }
        }
    l.start[l.nr] = 5 * l.nr;
    return l;
}

static void free_lattice(lattice *l) { free(l->unit); free(l->start); free(l->x); free(l->y); }

static regio_weights *csv_weights(const char *path, size_t n) {
    regio_weights *w = NULL;
    regio_error err;
    int rc = regio_weights_read_csv(path, NULL, n, 0, &w, &err);
    if (rc) fail_msg("%s", err.en);
    return w;
}

/* ---------------------------------------------------------------- contiguity from rings */

static void test_lattice_3x3(void **state) {
    (void)state;
    lattice l = make_lattice(3, 3);
    regio_rings r = {9, l.nr, l.unit, l.start, l.x, l.y};
    regio_weights *rook = NULL, *queen = NULL;
    regio_error err;
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_ROOK, 0, &rook, &err), REGIO_OK);
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, 0, &queen, &err), REGIO_OK);
    /* rook: 12 shared edges → 24 directed links, equal to esda's lattice (lat2W(3, 3)) */
    regio_weights *ref = csv_weights(REF "data/lat3x3_rook_edges.csv", 9);
    assert_same_weights(rook, ref);
    /* queen adds the 8 diagonal pairs: corners 3, sides 5, centre 8 */
    assert_int_equal(nlinks(queen), 40);
    assert_int_equal(queen->offsets[1] - queen->offsets[0], 3);
    assert_int_equal(queen->offsets[5] - queen->offsets[4], 8);
    assert_true(has_link(queen, 0, 4) && !has_link(rook, 0, 4));
    assert_true(regio_weights_symmetric(queen) && regio_weights_symmetric(rook));
    assert_int_equal(regio_weights_islands(queen, NULL), 0);
    /* open rings (no repeated first vertex) give the same result */
    double ox[36], oy[36];
    size_t ostart[10];
    for (size_t u = 0; u < 9; u++) {
        ostart[u] = 4 * u;
        for (int k = 0; k < 4; k++) { ox[4 * u + k] = l.x[5 * u + k]; oy[4 * u + k] = l.y[5 * u + k]; }
    }
    ostart[9] = 36;
    regio_rings open = {9, 9, l.unit, ostart, ox, oy};
    regio_weights *rook2 = NULL;
    assert_int_equal(regio_weights_contiguity_rings(&open, REGIO_CONTIG_ROOK, 0, &rook2, &err), REGIO_OK);
    assert_same_weights(rook2, ref);
    regio_weights_free(rook2);
    regio_weights_free(ref);
    regio_weights_free(rook);
    regio_weights_free(queen);
    free_lattice(&l);
}

/* unit 0: a multipolygon of two squares, [0,1]² and [3,4]²; unit 1 touches the first part by an edge;
 * unit 2 touches the second part at a corner only; unit 3 sits in a hole of unit 4; unit 5 is far away */
static void test_multipolygon_holes_islands(void **state) {
    (void)state;
    double x[] = {0, 1, 1, 0, 0, /* 0a */ 3, 4, 4, 3, 3, /* 0b */ 1, 2, 2, 1, 1, /* 1 */ 4, 5, 5, 4, 4, /* 2 */
                  11, 12, 12, 11, 11, /* 3 */ 10, 13, 13, 10, 10, /* 4 outer */ 11, 11, 12, 12, 11, /* 4 hole */
                  50, 51, 51, 50, 50 /* 5 */};
    double y[] = {0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 2, 2, 1,
                  11, 11, 12, 12, 11, 10, 10, 13, 13, 10, 11, 12, 12, 11, 11, 50, 50, 51, 51, 50};
    size_t unit[] = {0, 0, 1, 2, 3, 4, 4, 5}, start[] = {0, 5, 10, 15, 20, 25, 30, 35, 40};
    regio_rings r = {6, 8, unit, start, x, y};
    regio_weights *q = NULL, *k = NULL;
    regio_error err;
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, 0, &q, &err), REGIO_OK);
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_ROOK, 0, &k, &err), REGIO_OK);
    assert_true(has_link(q, 0, 1) && has_link(q, 0, 2) && has_link(q, 3, 4) && has_link(q, 4, 3));
    assert_true(has_link(k, 0, 1) && !has_link(k, 0, 2) && has_link(k, 3, 4));
    assert_int_equal(nlinks(q), 6);
    assert_int_equal(nlinks(k), 4);
    size_t isl[6];
    assert_int_equal(regio_weights_islands(q, isl), 1);
    assert_int_equal(isl[0], 5);
    assert_int_equal(regio_weights_islands(k, isl), 2); /* 2 touches only at a corner */
    regio_weights_free(q);
    regio_weights_free(k);
}

static void test_tolerance(void **state) {
    (void)state;
    /* two squares with a 1e-7 gap along x = 1 */
    double x[] = {0, 1, 1, 0, 1 + 1e-7, 2, 2, 1 + 1e-7}, y[] = {0, 0, 1, 1, 0, 0, 1, 1};
    size_t unit[] = {0, 1}, start[] = {0, 4, 8};
    regio_rings r = {2, 2, unit, start, x, y};
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_ROOK, 0, &w, &err), REGIO_OK);
    assert_int_equal(nlinks(w), 0);
    regio_weights_free(w);
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_ROOK, 1e-6, &w, &err), REGIO_OK);
    assert_int_equal(nlinks(w), 2);
    regio_weights_free(w);
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, 1e-8, &w, &err), REGIO_OK);
    assert_int_equal(nlinks(w), 0);
    regio_weights_free(w);
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, -1, &w, &err), REGIO_EINVAL);
    x[2] = NAN;
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, 0, &w, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "vertex 2"));
}

/* the 100 × 100 lattice of the benchmark: rook 2·2·100·99 links, queen adds 2·2·99·99 diagonals */
static void test_lattice_100(void **state) {
    (void)state;
    lattice l = make_lattice(100, 100);
    regio_rings r = {10000, l.nr, l.unit, l.start, l.x, l.y};
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_ROOK, 0, &w, &err), REGIO_OK);
    assert_int_equal(nlinks(w), 4 * 100 * 99);
    regio_weights_free(w);
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_QUEEN, 0.01, &w, &err), REGIO_OK);
    assert_int_equal(nlinks(w), 4 * 100 * 99 + 4 * 99 * 99);
    regio_weights_free(w);
    free_lattice(&l);
}

/* ---------------------------------------------------------------- aggregation */

static void test_aggregate(void **state) {
    (void)state;
    lattice l = make_lattice(3, 3);
    regio_rings r = {9, l.nr, l.unit, l.start, l.x, l.y};
    regio_weights *w = NULL, *g = NULL;
    regio_error err;
    assert_int_equal(regio_weights_contiguity_rings(&r, REGIO_CONTIG_ROOK, 0, &w, &err), REGIO_OK);
    size_t col[9] = {0, 1, 2, 0, 1, 2, 0, 1, 2}; /* groups = columns: 0–1–2 in a chain */
    assert_int_equal(regio_weights_aggregate(w, col, 3, &g, &err), REGIO_OK);
    assert_int_equal(nlinks(g), 4);
    assert_true(has_link(g, 0, 1) && has_link(g, 1, 2) && !has_link(g, 0, 2));
    regio_weights_free(g);
    /* by ids: units u0..u8, groups named by column, plus one map entry for a unit not in w */
    w->ids = calloc(9, sizeof *w->ids);
    const char *mu[10], *mg[10];
    char names[10][8];
    for (int i = 0; i < 9; i++) {
        snprintf(names[i], sizeof names[i], "u%d", i);
        w->ids[i] = strdup(names[i]);
        mu[i] = names[i];
        mg[i] = i % 3 == 0 ? "c" : i % 3 == 1 ? "b" : "a";
    }
    mu[9] = "other";
    mg[9] = "z";
    assert_int_equal(regio_weights_aggregate_map(w, mu, mg, 10, &g, &err), REGIO_OK);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->ids[0], "a");
    assert_string_equal(g->ids[2], "c");
    assert_true(has_link(g, 0, 1) && has_link(g, 1, 2) && !has_link(g, 0, 2));
    regio_weights_free(g);
    assert_int_equal(regio_weights_aggregate_map(w, mu, mg, 8, &g, &err), REGIO_EINVAL); /* u8 unmapped */
    assert_non_null(strstr(err.en, "u8"));
    regio_weights_free(w);
    free_lattice(&l);
}

/* ---------------------------------------------------------------- points */

static void test_band_getis_points(void **state) {
    (void)state;
    json_error_t je;
    json_t *root = json_load_file(REF "expected/T8_getis_ord_points_from_tests.json", 0, &je);
    assert_non_null(root);
    json_t *pts = json_object_get(json_object_get(root, "input"), "points");
    size_t n = json_array_size(pts);
    assert_int_equal(n, 6);
    double x[6], y[6];
    for (size_t i = 0; i < n; i++) {
        x[i] = json_number_value(json_array_get(json_array_get(pts, i), 0));
        y[i] = json_number_value(json_array_get(json_array_get(pts, i), 1));
    }
    const char *desc = json_string_value(json_object_get(json_object_get(root, "input"), "weights"));
    const char *th = strstr(desc, "threshold=");
    assert_non_null(th);
    double threshold = atof(th + strlen("threshold="));
    assert_double_equal(threshold, 15, 0);
    json_decref(root);
    regio_weights *w = NULL, *inv = NULL;
    regio_error err;
    assert_int_equal(regio_weights_band(x, y, n, threshold, REGIO_DIST_EUCLIDEAN, 0, &w, &err), REGIO_OK);
    regio_weights *ref = csv_weights(REF "data/getis_points_db15_edges.csv", 6);
    assert_same_weights(w, ref);
    /* inverse distance: same links, w = 1/d */
    assert_int_equal(regio_weights_band(x, y, n, threshold, REGIO_DIST_EUCLIDEAN, -1, &inv, &err), REGIO_OK);
    assert_int_equal(nlinks(inv), nlinks(ref));
    for (size_t i = 0; i < n; i++)
        for (size_t k = inv->offsets[i]; k < inv->offsets[i + 1]; k++) {
            size_t j = inv->neighbours[k];
            assert_double_equal(inv->values[k], 1 / hypot(x[i] - x[j], y[i] - y[j]), 1e-15);
        }
    /* threshold inclusive: points 0 and 1 are exactly 10 apart */
    regio_weights_free(w);
    assert_int_equal(regio_weights_band(x, y, n, 10, REGIO_DIST_EUCLIDEAN, 0, &w, &err), REGIO_OK);
    assert_true(has_link(w, 0, 1) && has_link(w, 1, 0));
    assert_int_equal(regio_weights_islands(w, NULL), 2); /* within 10: only 0–1 and 4–5 */
    regio_weights_free(w);
    regio_weights_free(inv);
    regio_weights_free(ref);
}

static void test_knn_ties(void **state) {
    (void)state;
    /* 3×3 grid of points: the centre (4) has four neighbours at distance 1 (1, 3, 5, 7) */
    double x[9], y[9];
    for (int i = 0; i < 9; i++) { x[i] = i % 3; y[i] = i / 3; }
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_knn(x, y, 9, 2, REGIO_DIST_EUCLIDEAN, 0, &w, &err), REGIO_OK);
    assert_true(has_link(w, 4, 1) && has_link(w, 4, 3) && !has_link(w, 4, 5));
    assert_true(has_link(w, 0, 1) && has_link(w, 0, 3));
    assert_int_equal(nlinks(w), 18);
    regio_weights_free(w);
    /* k = 5 from the centre: the four at 1, then the lowest-index corner (0) */
    assert_int_equal(regio_weights_knn(x, y, 9, 5, REGIO_DIST_EUCLIDEAN, 0, &w, &err), REGIO_OK);
    assert_true(has_link(w, 4, 0) && !has_link(w, 4, 2));
    regio_weights_free(w);
    assert_int_equal(regio_weights_knn(x, y, 9, 9, REGIO_DIST_EUCLIDEAN, 0, &w, &err), REGIO_EINVAL);
    assert_int_equal(regio_weights_knn(x, y, 9, 0, REGIO_DIST_EUCLIDEAN, 0, &w, &err), REGIO_EINVAL);
    /* coincident points and inverse distance: refused, naming them */
    x[8] = x[7];
    y[8] = y[7];
    assert_int_equal(regio_weights_knn(x, y, 9, 1, REGIO_DIST_EUCLIDEAN, -1, &w, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "coincide"));
}

/* brute force: the k smallest (distance, index) pairs */
static void brute_knn(const double *x, const double *y, size_t n, size_t i, size_t k, regio_metric m, size_t *out) {
    size_t cnt = 0;
    double *bd = malloc(k * sizeof *bd);
    for (size_t j = 0; j < n; j++) {
        if (j == i) continue;
        double d = regio_distance(m, x[i], y[i], x[j], y[j]);
        if (cnt == k && !(d < bd[k - 1])) continue;
        if (cnt < k) cnt++;
        size_t p = cnt - 1;
        while (p > 0 && bd[p - 1] > d) { bd[p] = bd[p - 1]; out[p] = out[p - 1]; p--; }
        bd[p] = d;
        out[p] = j;
    }
    free(bd);
}

static void test_knn_band_brute(void **state) {
    (void)state;
    size_t n = 1500, k = 6;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    uint64_t s = 12345;
    for (int metric = 0; metric < 2; metric++) {
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(s >> 11) / 9007199254740992.0;
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double v = (double)(s >> 11) / 9007199254740992.0;
            x[i] = metric ? 97 + 10 * u : 100 * u;  /* lon 97–107 */
            y[i] = metric ? 21 + 8 * v : 100 * v;   /* lat 21–29 */
        }
        regio_metric m = metric ? REGIO_DIST_GREAT_CIRCLE : REGIO_DIST_EUCLIDEAN;
        regio_weights *w = NULL, *b = NULL;
        regio_error err;
        assert_int_equal(regio_weights_knn(x, y, n, k, m, 0, &w, &err), REGIO_OK);
        size_t got[6];
        for (size_t i = 0; i < n; i++) {
            brute_knn(x, y, n, i, k, m, got);
            for (size_t r = 0; r < k; r++) assert_true(has_link(w, i, got[r]));
        }
        double thr = metric ? 40.0 : 3.0; /* km or units */
        assert_int_equal(regio_weights_band(x, y, n, thr, m, 0, &b, &err), REGIO_OK);
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                if (i != j && regio_distance(m, x[i], y[i], x[j], y[j]) <= thr) {
                    count++;
                    assert_true(has_link(b, i, j));
                }
        assert_int_equal(nlinks(b), count);
        assert_true(regio_weights_symmetric(b));
        regio_weights_free(w);
        regio_weights_free(b);
    }
    /* haversine: one degree of latitude is πR/180 km */
    assert_double_equal(regio_distance(REGIO_DIST_GREAT_CIRCLE, 100, 25, 100, 26), 3.14159265358979 * REGIO_EARTH_RADIUS_KM / 180,
                        1e-9);
    regio_weights *w = NULL;
    regio_error err;
    y[3] = 91;
    assert_int_equal(regio_weights_knn(x, y, n, 2, REGIO_DIST_GREAT_CIRCLE, 0, &w, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "latitude"));
    free(x);
    free(y);
}

/* ---------------------------------------------------------------- GAL and CSV */

static void check_gal(const char *gal, const char *edges) {
    regio_weights *w = NULL;
    regio_error err;
    int rc = regio_weights_read_gal(gal, REGIO_WREAD_SYMMETRIC, &w, &err);
    if (rc) fail_msg("%s", err.en);
    regio_weights *ref = csv_weights(edges, w->n);
    assert_same_weights(w, ref);
    assert_non_null(w->ids);
    /* round trip through our writers */
    char *dir = tu_tempdir(), p[4200];
    snprintf(p, sizeof p, "%s/w.gal", dir);
    assert_int_equal(regio_weights_write_gal(w, p, &err), REGIO_OK);
    regio_weights *back = NULL;
    assert_int_equal(regio_weights_read_gal(p, 0, &back, &err), REGIO_OK);
    assert_same_weights(w, back);
    for (size_t i = 0; i < w->n; i++) assert_string_equal(w->ids[i], back->ids[i]);
    regio_weights_free(back);
    snprintf(p, sizeof p, "%s/w.csv", dir);
    assert_int_equal(regio_weights_write_csv(w, p, 1, &err), REGIO_OK);
    assert_int_equal(regio_weights_read_csv(p, (const char *const *)w->ids, w->n, REGIO_WREAD_SYMMETRIC, &back, &err), REGIO_OK);
    assert_same_weights(w, back);
    regio_weights_free(back);
    tu_rmtree(dir);
    regio_weights_free(w);
    regio_weights_free(ref);
}

static void test_gal_references(void **state) {
    (void)state;
    check_gal(REF "data/mexico.gal", REF "data/mexico_gal_edges.csv");
    check_gal(REF "data/states48.gal", REF "data/states48_edges.csv");
    check_gal(REF "data/sids2.gal", REF "data/sids2_edges.csv");
    check_gal(REF "data/stl.gal", REF "data/stl_edges.csv");
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_read_gal(REF "data/sids2.gal", 0, &w, &err), REGIO_OK);
    assert_int_equal(w->n, 100);
    assert_string_equal(w->ids[0], "37009");
    regio_weights_free(w);
}

/* writes text to dir/name and reads it as GAL; returns the status, err filled */
static int gal_text(const char *dir, const char *text, unsigned flags, regio_error *err) {
    tu_write(dir, "t.gal", text);
    char p[4200];
    snprintf(p, sizeof p, "%s/t.gal", dir);
    regio_weights *w = NULL;
    int rc = regio_weights_read_gal(p, flags, &w, err);
    regio_weights_free(w);
    return rc;
}

static int csv_text(const char *dir, const char *text, const char *const *ids, size_t n, unsigned flags, regio_error *err) {
    tu_write(dir, "t.csv", text);
    char p[4200];
    snprintf(p, sizeof p, "%s/t.csv", dir);
    regio_weights *w = NULL;
    int rc = regio_weights_read_csv(p, ids, n, flags, &w, err);
    regio_weights_free(w);
    return rc;
}

static void test_file_errors(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    regio_error err;
    /* GAL: good, with an island given with and without its empty line */
    assert_int_equal(gal_text(dir, "3\na 1\nb\nb 1\na\nc 0\n", REGIO_WREAD_SYMMETRIC, &err), REGIO_OK);
    assert_int_equal(gal_text(dir, "0 3 shp key\nc 0\n\na 1\nb\nb 1\na\n", 0, &err), REGIO_OK);
    /* declared count ≠ listed */
    assert_int_equal(gal_text(dir, "2\na 2\nb\nb 1\na\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:3:"));
    assert_non_null(strstr(err.en, "declares 2"));
    /* unknown id */
    assert_int_equal(gal_text(dir, "2\na 1\nzz\nb 1\na\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:3:"));
    assert_non_null(strstr(err.en, "zz"));
    /* bad numbers */
    assert_int_equal(gal_text(dir, "two\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:1:"));
    assert_int_equal(gal_text(dir, "1\na x\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:2:"));
    /* header count */
    assert_int_equal(gal_text(dir, "3\na 1\nb\nb 1\na\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "declares 3"));
    /* asymmetric, only when asked */
    assert_int_equal(gal_text(dir, "2\na 1\nb\nb 0\n", 0, &err), REGIO_OK);
    assert_int_equal(gal_text(dir, "2\na 1\nb\nb 0\n", REGIO_WREAD_SYMMETRIC, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:3: not symmetric: a→b"));
    /* repeated record, self-link, empty file */
    assert_int_equal(gal_text(dir, "2\na 0\na 0\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:3: unit a has a second record (first on line 2)"));
    assert_int_equal(gal_text(dir, "1\na 1\na\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "itself"));
    assert_int_equal(gal_text(dir, "", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "empty"));
    /* issue 13, item 6: a neighbour count near 2^61 overflowed the buffer size (nnb + k) * 2 * 8 and the reader
     * wrote past a small buffer (SIGSEGV); now it is refused before anything is sized by it, naming file and line */
    assert_int_equal(gal_text(dir, "2\na 2305843009213693952\nb\nb 1\na\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:2: unit a declares 2305843009213693952 neighbours but the header declares 2 units"));
    assert_null(strstr(err.en, "out of memory"));
    /* SIZE_MAX itself, and a count below the header's but beyond what the rest of the file can hold */
    assert_int_equal(gal_text(dir, "2\na 18446744073709551615\nb\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:2: unit a declares 18446744073709551615 neighbours"));
    assert_int_equal(gal_text(dir, "100000000000\na 99999999999\nb\n", 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.gal:2: unit a declares 99999999999 neighbours but the header declares 100000000000 units (and the rest of the file cannot hold that many)"));
    /* a long id is cut in the message (60 characters and …) */
    {
        char text[400];
        snprintf(text, sizeof text, "2\n%0200d 5\nb\n", 7);
        assert_int_equal(gal_text(dir, text, 0, &err), REGIO_EINVAL);
        assert_non_null(strstr(err.en, "t.gal:2: unit 000000000000000000000000000000000000000000000000000000000000… declares 5 neighbours"));
    }

    /* CSV by index */
    assert_int_equal(csv_text(dir, "i,j\n0,1\n1,0\n", NULL, 0, REGIO_WREAD_SYMMETRIC, &err), REGIO_OK);
    assert_int_equal(csv_text(dir, "i,j,w\n0,1,1\n1,x,1\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:3:"));
    assert_int_equal(csv_text(dir, "i,j,w\n0,1,1\n1,0,abc\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:3: weight 'abc'"));
    assert_int_equal(csv_text(dir, "i,j\n0,5\n", NULL, 3, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:2:"));
    assert_int_equal(csv_text(dir, "0,1\n1,0\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "header"));
    assert_int_equal(csv_text(dir, "i,j,w\n0,1,1\n1,0,2\n", NULL, 0, REGIO_WREAD_SYMMETRIC, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "not symmetric"));
    assert_int_equal(csv_text(dir, "i,j\n0,1\n2,2\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:3:"));
    assert_int_equal(csv_text(dir, "i,j\n0,1\n0,1\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:3: link 0→1 is given twice (already on line 2)"));
    /* issue 13, item 6: with the unit count inferred, an index near SIZE_MAX wrapped n + 1 to 0 */
    assert_int_equal(csv_text(dir, "i,j\n0,18446744073709551615\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:2: unit index 18446744073709551615 is too large: without a unit count indexes must be below 100000000"));
    assert_int_equal(csv_text(dir, "i,j\n18446744073709551614,0\n", NULL, 0, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:2: unit index 18446744073709551614 is too large"));
    /* below the bound an inferred count still works (isolates 2..9) */
    assert_int_equal(csv_text(dir, "i,j\n0,1\n1,0\n9,0\n0,9\n", NULL, 0, REGIO_WREAD_SYMMETRIC, &err), REGIO_OK);
    /* the library API with an explicit n of SIZE_MAX: n + 1 must not wrap */
    {
        size_t ei[1] = {0}, ej[1] = {1};
        regio_weights *w = NULL;
        assert_int_equal(regio_weights_from_edges((size_t)-1, ei, ej, NULL, 1, &w, &err), REGIO_ENOMEM);
        assert_null(w);
    }
    /* CSV by id */
    const char *ids[] = {"530102", "530103", "530111"};
    assert_int_equal(csv_text(dir, "from,to\n530102,530103\n530103,530102\n", ids, 3, REGIO_WREAD_SYMMETRIC, &err), REGIO_OK);
    assert_int_equal(csv_text(dir, "from,to\n530102,530103\n530103,539999\n", ids, 3, 0, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "t.csv:3: unknown unit id '539999'"));
    tu_rmtree(dir);
}

/* ---------------------------------------------------------------- polygons from files */

static const char *square_feature(char *buf, size_t cap, const char *code, int c, int r) {
    snprintf(buf, cap,
             "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
             "[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}",
             code, c, r, c + 1, r, c + 1, r + 1, c, r + 1, c, r);
    return buf;
}

static void test_polygons_from_file(void **state) {
    (void)state;
    char *dir = tu_tempdir(), text[8192], f[512], p[4200];
    size_t len = (size_t)snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",\"features\":[");
    for (int u = 0; u < 9; u++) {
        char code[16];
        snprintf(code, sizeof code, "U%d", u);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", u ? "," : "", square_feature(f, sizeof f, code, u % 3, u / 3));
    }
    /* a multipolygon: one part touching U2's right edge, one far away */
    len += (size_t)snprintf(text + len, sizeof text - len,
                            ",{\"type\":\"Feature\",\"properties\":{\"code\":\"M\"},\"geometry\":{\"type\":\"MultiPolygon\","
                            "\"coordinates\":[[[[3,0],[4,0],[4,1],[3,1],[3,0]]],[[[20,20],[21,20],[21,21],[20,21],[20,20]]]]}}]}");
    tu_write(dir, "lat.geojson", text);
    snprintf(p, sizeof p, "%s/lat.geojson", dir);
    regio_weights *w = NULL;
    regio_error err;
    assert_int_equal(regio_weights_contiguity(p, NULL, "code", REGIO_CONTIG_ROOK, 0, &w, &err), REGIO_OK);
    assert_int_equal(w->n, 10);
    assert_string_equal(w->ids[9], "M");
    assert_int_equal(nlinks(w), 26);
    assert_true(has_link(w, 9, 2));
    regio_weights_free(w);
    regio_polygons *poly = NULL;
    assert_int_equal(regio_polygons_read(p, NULL, "code", &poly, &err), REGIO_OK);
    assert_double_equal(poly->cx[4], 1.5, 1e-12);
    assert_double_equal(poly->cy[4], 1.5, 1e-12);
    assert_int_equal(poly->nrings, 11);
    regio_polygons_free(poly);
    /* missing id field: names it and lists the fields */
    assert_int_equal(regio_weights_contiguity(p, NULL, "adcode", REGIO_CONTIG_ROOK, 0, &w, &err), REGIO_ENOTFOUND);
    assert_non_null(strstr(err.en, "'adcode'"));
    assert_non_null(strstr(err.en, "code"));
    assert_int_equal(regio_weights_contiguity(p, "nosuch", "code", REGIO_CONTIG_ROOK, 0, &w, &err), REGIO_ENOTFOUND);
    /* duplicate ids: named, with their features */
    snprintf(text, sizeof text, "{\"type\":\"FeatureCollection\",\"features\":[%s,", square_feature(f, sizeof f, "A", 0, 0));
    strcat(text, square_feature(f, sizeof f, "B", 1, 0));
    strcat(text, ",");
    strcat(text, square_feature(f, sizeof f, "A", 2, 0));
    strcat(text, "]}");
    tu_write(dir, "dup.geojson", text);
    snprintf(p, sizeof p, "%s/dup.geojson", dir);
    assert_int_equal(regio_weights_contiguity(p, NULL, "code", REGIO_CONTIG_QUEEN, 0, &w, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "A (#1, #3)"));
    /* empty file; a collection without features; a non-polygon */
    tu_write(dir, "empty.geojson", "");
    snprintf(p, sizeof p, "%s/empty.geojson", dir);
    assert_int_equal(regio_weights_contiguity(p, NULL, "code", REGIO_CONTIG_QUEEN, 0, &w, &err), REGIO_EIO);
    assert_non_null(strstr(err.en, "empty.geojson"));
    tu_write(dir, "none.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
    snprintf(p, sizeof p, "%s/none.geojson", dir);
    int rc = regio_weights_contiguity(p, NULL, "code", REGIO_CONTIG_QUEEN, 0, &w, &err);
    assert_true(rc == REGIO_EINVAL || rc == REGIO_ENOTFOUND); /* OGR may drop the field of an empty layer */
    tu_write(dir, "pt.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                                "{\"code\":\"P\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}");
    snprintf(p, sizeof p, "%s/pt.geojson", dir);
    assert_int_equal(regio_weights_contiguity(p, NULL, "code", REGIO_CONTIG_QUEEN, 0, &w, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "not a polygon"));
    tu_rmtree(dir);
}

/* ---------------------------------------------------------------- Yunnan */

/* compares a freshly written file with the committed one; REGIO_REGENERATE=1 rewrites the committed one */
static void compare_or_regenerate(const regio_weights *w, const char *name) {
    char committed[4200], fresh[4200];
    regio_error err;
    snprintf(committed, sizeof committed, "%sboundaries/%s", YUNNAN, name);
    const char *regen = getenv("REGIO_REGENERATE");
    if (regen && strcmp(regen, "1") == 0) {
        assert_int_equal(regio_weights_write_gal(w, committed, &err), REGIO_OK);
        fprintf(stderr, "regenerated %s\n", committed);
        return;
    }
    char *dir = tu_tempdir();
    assert_non_null(dir);
    if (!dir) return;
    snprintf(fresh, sizeof fresh, "%s/%s", dir, name);
    assert_int_equal(regio_weights_write_gal(w, fresh, &err), REGIO_OK);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", fresh, committed);
    if (system(cmd) != 0) fail_msg("%s differs from what the GeoJSON gives (rerun with REGIO_REGENERATE=1?)", committed);
    tu_rmtree(dir);
}

typedef struct { char a[16], b[16]; } cpair;

static int cmp_cpair(const void *x, const void *y) {
    const cpair *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    return c ? c : strcmp(p->b, q->b);
}

static void test_yunnan(void **state) {
    (void)state;
    const char *geo = YUNNAN "raw/yunnan_counties.geojson";
    regio_weights *queen = NULL, *rook = NULL, *pref = NULL;
    regio_error err;
    if (regio_weights_contiguity(geo, NULL, "code", REGIO_CONTIG_QUEEN, 0, &queen, &err)) fail_msg("%s", err.en);
    assert_int_equal(regio_weights_contiguity(geo, NULL, "code", REGIO_CONTIG_ROOK, 0, &rook, &err), REGIO_OK);
    assert_int_equal(queen->n, 129);
    assert_int_equal(regio_weights_islands(queen, NULL), 0);
    assert_int_equal(regio_weights_islands(rook, NULL), 0);
    assert_true(regio_weights_symmetric(queen) && regio_weights_symmetric(rook));
    /* 332 and 330 shared borders (each two directed links); the two queen-only pairs are in Kunming */
    assert_int_equal(nlinks(queen), 664);
    assert_int_equal(nlinks(rook), 660);
    fprintf(stderr, "Yunnan counties: queen %zu links (%zu pairs), rook %zu links (%zu pairs), no islands\n", nlinks(queen),
            nlinks(queen) / 2, nlinks(rook), nlinks(rook) / 2);

    /* prefectures from the county → prefecture map in the GeoJSON's properties */
    json_error_t je;
    json_t *g = json_load_file(geo, 0, &je);
    assert_non_null(g);
    json_t *feats = json_object_get(g, "features");
    size_t nf = json_array_size(feats);
    const char **mu = malloc(nf * sizeof *mu), **mg = malloc(nf * sizeof *mg), **old = malloc(nf * sizeof *old);
    for (size_t k = 0; k < nf; k++) {
        json_t *pr = json_object_get(json_array_get(feats, k), "properties");
        mu[k] = json_string_value(json_object_get(pr, "code"));
        mg[k] = json_string_value(json_object_get(pr, "prefecture_code"));
        old[k] = json_string_value(json_object_get(pr, "old_code"));
    }
    assert_int_equal(regio_weights_aggregate_map(queen, mu, mg, nf, &pref, &err), REGIO_OK);
    assert_int_equal(pref->n, 16);
    assert_int_equal(regio_weights_islands(pref, NULL), 0);
    fprintf(stderr, "Yunnan prefectures: queen %zu links (%zu pairs)\n", nlinks(pref), nlinks(pref) / 2);

    compare_or_regenerate(queen, "county_queen.gal");
    compare_or_regenerate(rook, "county_rook.gal");
    compare_or_regenerate(pref, "prefecture_queen.gal");

    /* the committed files read back as the same weights */
    regio_weights *back = NULL;
    assert_int_equal(regio_weights_read_gal(YUNNAN "boundaries/county_rook.gal", REGIO_WREAD_SYMMETRIC, &back, &err), REGIO_OK);
    assert_same_weights(rook, back);
    regio_weights_free(back);

    /* independent check: counties that share an arc of the national TopoJSON are rook neighbours */
    json_t *t = json_load_file(YUNNAN "raw/cn-county-census-2020/counties-geo.topojson", 0, &je);
    assert_non_null(t);
    json_t *geoms = json_object_get(json_object_get(json_object_get(t, "objects"), "county"), "geometries");
    size_t narcs = json_array_size(json_object_get(t, "arcs"));
    /* arc → the (at most few) Yunnan counties using it */
    char(*owner)[2][16] = calloc(narcs, sizeof *owner);
    size_t ntopo = 0;
    for (size_t k = 0; k < json_array_size(geoms); k++) {
        json_t *gm = json_array_get(geoms, k);
        char code[16];
        snprintf(code, sizeof code, "%lld", (long long)json_integer_value(json_object_get(json_object_get(gm, "properties"), "CODE")));
        if (strncmp(code, "53", 2) != 0) continue;
        ntopo++;
        /* the 2021 TopoJSON may carry a county's earlier code (e.g. 禄丰县 532331 → 禄丰市 532302) */
        int known = 0;
        for (size_t f = 0; f < nf && !known; f++) known = strcmp(mu[f], code) == 0;
        for (size_t f = 0; f < nf && !known; f++)
            if (strcmp(old[f], code) == 0) { snprintf(code, sizeof code, "%s", mu[f]); known = 1; }
        assert_true(known);
        json_t *arcs = json_object_get(gm, "arcs");
        int multi = strcmp(json_string_value(json_object_get(gm, "type")), "MultiPolygon") == 0;
        size_t np = multi ? json_array_size(arcs) : 1;
        for (size_t pi = 0; pi < np; pi++) {
            json_t *poly = multi ? json_array_get(arcs, pi) : arcs;
            for (size_t ri = 0; ri < json_array_size(poly); ri++) {
                json_t *ring = json_array_get(poly, ri);
                for (size_t ai = 0; ai < json_array_size(ring); ai++) {
                    long long a = json_integer_value(json_array_get(ring, ai));
                    size_t arc = (size_t)(a < 0 ? ~a : a);
                    assert_true(arc < narcs);
                    if (!owner[arc][0][0]) snprintf(owner[arc][0], 16, "%s", code);
                    else if (strcmp(owner[arc][0], code) != 0) snprintf(owner[arc][1], 16, "%s", code);
                }
            }
        }
    }
    assert_int_equal(ntopo, 129);
    cpair *tp = malloc(2 * narcs * sizeof *tp), *rp = malloc(nlinks(rook) * sizeof *rp);
    size_t ntp = 0, nrp = 0;
    for (size_t a = 0; a < narcs; a++)
        if (owner[a][1][0]) {
            int lo = strcmp(owner[a][0], owner[a][1]) < 0;
            snprintf(tp[ntp].a, 16, "%s", owner[a][lo ? 0 : 1]);
            snprintf(tp[ntp].b, 16, "%s", owner[a][lo ? 1 : 0]);
            ntp++;
        }
    qsort(tp, ntp, sizeof *tp, cmp_cpair);
    size_t u = 0;
    for (size_t k = 0; k < ntp; k++)
        if (u == 0 || cmp_cpair(&tp[k], &tp[u - 1]) != 0) tp[u++] = tp[k];
    ntp = u;
    for (size_t i = 0; i < rook->n; i++)
        for (size_t k = rook->offsets[i]; k < rook->offsets[i + 1]; k++) {
            size_t j = rook->neighbours[k];
            if (strcmp(rook->ids[i], rook->ids[j]) < 0) {
                snprintf(rp[nrp].a, 16, "%s", rook->ids[i]);
                snprintf(rp[nrp].b, 16, "%s", rook->ids[j]);
                nrp++;
            }
        }
    qsort(rp, nrp, sizeof *rp, cmp_cpair);
    size_t both = 0;
    for (size_t a = 0, b = 0; a < ntp && b < nrp;) {
        int c = cmp_cpair(&tp[a], &rp[b]);
        if (c == 0) { both++; a++; b++; }
        else if (c < 0) { fprintf(stderr, "  only in the TopoJSON: %s–%s\n", tp[a].a, tp[a].b); a++; }
        else { fprintf(stderr, "  only in the GeoJSON: %s–%s\n", rp[b].a, rp[b].b); b++; }
    }
    double agree = (double)both / (double)(ntp + nrp - both);
    fprintf(stderr, "Yunnan rook vs TopoJSON shared arcs: %zu pairs vs %zu, %zu in both, agreement %.1f%%\n", nrp, ntp, both,
            100 * agree);
    assert_true(agree >= 0.95);

    /* points: knn on the polygons' label points, great-circle */
    regio_polygons *poly = NULL;
    assert_int_equal(regio_polygons_read(geo, NULL, "code", &poly, &err), REGIO_OK);
    regio_weights *knn = NULL;
    assert_int_equal(regio_weights_knn(poly->lx, poly->ly, poly->n, 4, REGIO_DIST_GREAT_CIRCLE, 0, &knn, &err), REGIO_OK);
    assert_int_equal(nlinks(knn), 4 * 129);
    regio_weights_free(knn);
    regio_polygons_free(poly);

    free(tp);
    free(rp);
    free(owner);
    json_decref(t);
    free(mu);
    free(mg);
    free(old);
    json_decref(g);
    regio_weights_free(queen);
    regio_weights_free(rook);
    regio_weights_free(pref);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lattice_3x3),       cmocka_unit_test(test_multipolygon_holes_islands),
        cmocka_unit_test(test_tolerance),         cmocka_unit_test(test_lattice_100),
        cmocka_unit_test(test_aggregate),         cmocka_unit_test(test_band_getis_points),
        cmocka_unit_test(test_knn_ties),          cmocka_unit_test(test_knn_band_brute),
        cmocka_unit_test(test_gal_references),    cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_polygons_from_file), cmocka_unit_test(test_yunnan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
