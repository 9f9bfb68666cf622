/* test_access.c — the access engine: road graph, snapping, shortest travel times, the OSM and line-layer readers
 * and the OD matrix reader.
 *
 * References:
 *   A1 a small OpenStreetMap XML network written by the test (synthetic): its edges lie on the equator or on a
 *      meridian, where the haversine length of 0.1° is exactly L = 6371008.8 m × 0.1 × π/180 = 11119.508 m, so
 *      every expected time is L (or a multiple) divided by the speed of the class of docs/methods/access.md
 *      (OSRM's car profile: primary 65, motorway 90, tertiary 40, residential 25, ferry 5 km/h), by hand;
 *   A2 brute force: Floyd–Warshall on random directed graphs with parallel edges, zero-time edges and
 *      unreachable nodes, against Dijkstra one-to-all and the many-to-many matrix (1 and 3 threads, with and
 *      without a time limit), to 1e-9 relative;
 *   A3 snapping against a scan of every node. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "regio/access.h"
#include "regio/access_io.h"
#include "regio/rng.h"

#define L_M (6371008.8 * 0.1 * 3.14159265358979323846 / 180.0) /* metres in 0.1° of a great circle */
#define MIN_AT(kmh) (L_M / 1000.0 / (kmh) * 60.0)              /* minutes for L at kmh */

/* ---- A1: a hand-made OSM network ------------------------------------------------------------------------ */

/* Nodes: A (0,0), B (0.1,0), C (0.2,0), H (0.3,0) on the equator; D (0,0.1) north of A; F (0.2,0.1) north of C;
 * T (0.1,0.1) north of B. Ways:
 *   A–B primary with maxspeed=50 (50 < 65: 50 km/h), two-way
 *   B–C motorway (one way B→C by the OSM convention)
 *   A–D residential with oneway=-1 (only D→A)
 *   C–F tertiary, two-way
 *   B–T highway=track (not in the speed table: left out)
 *   C–H route=ferry (left out unless ferries are on)
 *   F–C a second, slower service road in parallel with C–F (routing takes the faster) */
static const char OSM_XML[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<osm version='0.6' generator='regio test (synthetic)'>\n"
    " <node id='1' lat='0' lon='100' version='1'/>\n"
    " <node id='2' lat='0' lon='100.1' version='1'/>\n"
    " <node id='3' lat='0' lon='100.2' version='1'/>\n"
    " <node id='4' lat='0.1' lon='100' version='1'/>\n"
    " <node id='5' lat='0.1' lon='100.2' version='1'/>\n"
    " <node id='6' lat='0.1' lon='100.1' version='1'/>\n"
    " <node id='7' lat='0' lon='100.3' version='1'/>\n"
    " <way id='10' version='1'><nd ref='1'/><nd ref='2'/><tag k='highway' v='primary'/><tag k='maxspeed' v='50'/></way>\n"
    " <way id='11' version='1'><nd ref='2'/><nd ref='3'/><tag k='highway' v='motorway'/></way>\n"
    " <way id='12' version='1'><nd ref='1'/><nd ref='4'/><tag k='highway' v='residential'/><tag k='oneway' v='-1'/></way>\n"
    " <way id='13' version='1'><nd ref='3'/><nd ref='5'/><tag k='highway' v='tertiary'/></way>\n"
    " <way id='14' version='1'><nd ref='2'/><nd ref='6'/><tag k='highway' v='track'/></way>\n"
    " <way id='15' version='1'><nd ref='3'/><nd ref='7'/><tag k='route' v='ferry'/></way>\n"
    " <way id='16' version='1'><nd ref='5'/><nd ref='3'/><tag k='highway' v='service'/></way>\n"
    "</osm>\n";

static size_t snap(const regio_graph *g, double lon, double lat) {
    size_t v;
    double m;
    regio_error err;
    assert_int_equal(regio_graph_snap(g, lon, lat, &v, &m, &err), REGIO_OK);
    return v;
}

static void test_osm_hand_network(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    tu_write(dir, "net.osm", OSM_XML);
    char path[4096];
    snprintf(path, sizeof path, "%s/net.osm", dir);
    regio_graph *g = NULL;
    regio_road_report rep;
    regio_error err;
    int rc = regio_road_read_osm(path, NULL, &g, &rep, &err);
    if (rc) fail_msg("%s", err.en);
    assert_int_equal(rep.features, 7);
    assert_int_equal(rep.used, 5);
    assert_int_equal(rep.no_class, 1);
    assert_int_equal(rep.ferries_off, 1);
    assert_int_equal(rep.oneway, 2);
    assert_int_equal(g->nnodes, 5); /* A B C D F: T and H belong only to ways left out */
    /* edges: A–B 2, B→C 1, D→A 1, C–F 2, F–C service 2 */
    assert_int_equal(g->nedges, 8);
    assert_double_equal(rep.km, 5 * L_M / 1000, 1e-6);
    size_t A = snap(g, 100.0, 0), B = snap(g, 100.1, 0), C = snap(g, 100.2, 0), D = snap(g, 100.0, 0.1), F = snap(g, 100.2, 0.1);
    /* a point near B snaps to B; H (ferry only) snaps to C */
    assert_int_equal(snap(g, 100.099, 0.001), B);
    assert_int_equal(snap(g, 100.3, 0), C);
    double *dist = malloc(g->nnodes * sizeof *dist);
    assert_int_equal(regio_route_from(g, A, 0, dist, &err), REGIO_OK);
    double ab = MIN_AT(50), bc = MIN_AT(90), cf = MIN_AT(40), da = MIN_AT(25);
    assert_double_equal(ab, 13.343410, 1e-6); /* 11.119508 km at 50 km/h */
    assert_double_equal(dist[A], 0, 0);
    assert_double_equal(dist[B], ab, 1e-9);
    assert_double_equal(dist[C], ab + bc, 1e-9);
    assert_double_equal(dist[F], ab + bc + cf, 1e-9);
    assert_true(isinf(dist[D])); /* A–D is one way D→A */
    assert_int_equal(regio_route_from(g, C, 0, dist, &err), REGIO_OK);
    assert_true(isinf(dist[B])); /* the motorway runs B→C only */
    assert_true(isinf(dist[A]));
    assert_double_equal(dist[F], cf, 1e-9);
    assert_int_equal(regio_route_from(g, D, 0, dist, &err), REGIO_OK);
    assert_double_equal(dist[A], da, 1e-9);
    assert_double_equal(dist[C], da + ab + bc, 1e-9);
    /* a 40-minute limit from D: A (26.7) and B (40.03 > 40) — B is beyond it */
    assert_int_equal(regio_route_from(g, D, 40, dist, &err), REGIO_OK);
    assert_double_equal(dist[A], da, 1e-9);
    assert_true(da + ab > 40);
    assert_true(isinf(dist[B]));
    free(dist);
    regio_graph_free(g);

    /* ferries on: H joins, C→H at 5 km/h; a speed table of the user's: track at 10 km/h becomes routable */
    tu_write(dir, "speeds.csv", "class,kmh\ntrack,10\nprimary,40\n");
    snprintf(path, sizeof path, "%s/speeds.csv", dir);
    regio_speed_table *sp = NULL;
    assert_int_equal(regio_speed_read(path, &sp, &err), REGIO_OK);
    assert_double_equal(regio_speed_of(sp, "track"), 10, 0);
    assert_double_equal(regio_speed_of(sp, "motorway"), 90, 0);
    regio_road_opts o = {0};
    o.speeds = sp;
    o.ferries = 1;
    snprintf(path, sizeof path, "%s/net.osm", dir);
    assert_int_equal(regio_road_read_osm(path, &o, &g, &rep, &err), REGIO_OK);
    assert_int_equal(rep.used, 7);
    assert_int_equal(rep.ferries_off, 0);
    assert_int_equal(g->nnodes, 7);
    size_t H = snap(g, 100.3, 0), T = snap(g, 100.1, 0.1);
    A = snap(g, 100.0, 0);
    dist = malloc(g->nnodes * sizeof *dist);
    assert_int_equal(regio_route_from(g, A, 0, dist, &err), REGIO_OK);
    /* primary now 40 km/h: maxspeed 50 is no longer below the class speed */
    assert_double_equal(dist[H], MIN_AT(40) + MIN_AT(90) + MIN_AT(5), 1e-9);
    assert_double_equal(dist[T], MIN_AT(40) + MIN_AT(10), 1e-9);
    free(dist);
    regio_graph_free(g);
    regio_speed_free(sp);

    /* a bad speed table names the line and field */
    tu_write(dir, "bad.csv", "class,kmh\nprimary,fast\n");
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    assert_int_equal(regio_speed_read(path, &sp, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "line 2, field kmh"));
    assert_null(sp);
    tu_rmtree(dir);
}

/* ---- any line layer: GeoJSON with a time field, in a projected CRS -------------------------------------- */

static void test_lines_layer(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    /* two lines on the equator (EPSG:4326 given as CRS84 order lon, lat): P (0,0) – Q (0.1,0) – R (0.3,0), the
     * second a two-segment line Q–(0.2,0)–R of 30 minutes, spread by length (15 + 15); P–Q 12 minutes, one way */
    tu_write(dir, "roads.geojson",
             "{\"type\":\"FeatureCollection\",\"features\":["
             "{\"type\":\"Feature\",\"properties\":{\"min\":12,\"ow\":\"yes\"},\"geometry\":{\"type\":\"LineString\","
             "\"coordinates\":[[0,0],[0.1,0]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"min\":30,\"ow\":null},\"geometry\":{\"type\":\"LineString\","
             "\"coordinates\":[[0.1,0],[0.2,0],[0.3,0]]}}]}");
    char path[4096];
    snprintf(path, sizeof path, "%s/roads.geojson", dir);
    regio_road_opts o = {0};
    o.time_field = "min";
    o.oneway_field = "ow";
    regio_graph *g = NULL;
    regio_road_report rep;
    regio_error err;
    int rc = regio_road_read_lines(path, &o, &g, &rep, &err);
    if (rc) fail_msg("%s", err.en);
    assert_int_equal(rep.used, 2);
    assert_int_equal(rep.oneway, 1);
    assert_int_equal(g->nnodes, 4);
    size_t P = snap(g, 0, 0), Q = snap(g, 0.1, 0), M = snap(g, 0.2, 0), R = snap(g, 0.3, 0);
    size_t src[2] = {P, R}, dst[3] = {Q, M, R};
    double m[6];
    assert_int_equal(regio_route_matrix(g, src, 2, dst, 3, 0, 2, m, &err), REGIO_OK);
    assert_double_equal(m[0], 12, 1e-9);
    assert_double_equal(m[1], 27, 1e-9);
    assert_double_equal(m[2], 42, 1e-9);
    assert_double_equal(m[3], 30, 1e-9); /* R → Q: the second line is two-way */
    assert_double_equal(m[4], 15, 1e-9);
    assert_double_equal(m[5], 0, 0);
    regio_graph_free(g);
    /* a feature without a time names the feature and the field */
    tu_write(dir, "bad.geojson",
             "{\"type\":\"FeatureCollection\",\"features\":["
             "{\"type\":\"Feature\",\"id\":7,\"properties\":{\"min\":0,\"ow\":\"no\"},\"geometry\":{\"type\":\"LineString\","
             "\"coordinates\":[[0,0],[0.1,0]]}}]}");
    snprintf(path, sizeof path, "%s/bad.geojson", dir);
    assert_int_equal(regio_road_read_lines(path, &o, &g, &rep, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "feature 7, field min"));
    assert_non_null(strstr(err.zh, "要素 7 字段 min"));
    o.time_field = NULL;
    assert_int_equal(regio_road_read_lines(path, &o, &g, &rep, &err), REGIO_EINVAL);
    tu_rmtree(dir);
}

/* ---- A2: Dijkstra against Floyd–Warshall ------------------------------------------------------------------ */

static void test_random_vs_floyd_warshall(void **state) {
    (void)state;
    regio_rng r;
    regio_error err;
    for (int trial = 0; trial < 30; trial++) {
        regio_rng_init(&r, 20261204, (uint64_t)trial);
        size_t n = 2 + (size_t)regio_rng_below(&r, 60), m = (size_t)regio_rng_below(&r, 4 * n + 1);
        regio_edge *e = malloc((m ? m : 1) * sizeof *e);
        double *fw = malloc(n * n * sizeof *fw);
        for (size_t i = 0; i < n * n; i++) fw[i] = i % (n + 1) == 0 ? 0 : INFINITY;
        for (size_t k = 0; k < m; k++) {
            e[k].from = (uint32_t)regio_rng_below(&r, n);
            e[k].to = (uint32_t)regio_rng_below(&r, n);
            /* a tenth of the edges take no time; times are multiples of 0.25 so ties are frequent */
            e[k].minutes = regio_rng_below(&r, 10) == 0 ? 0 : 0.25 * (double)(1 + regio_rng_below(&r, 80));
            double *c = &fw[e[k].from * n + e[k].to];
            if (e[k].minutes < *c) *c = e[k].minutes;
        }
        for (size_t k = 0; k < n; k++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    if (fw[i * n + k] + fw[k * n + j] < fw[i * n + j]) fw[i * n + j] = fw[i * n + k] + fw[k * n + j];
        regio_graph *g = NULL;
        assert_int_equal(regio_graph_build(n, e, m, NULL, NULL, &g, &err), REGIO_OK);
        double *d = malloc(n * sizeof *d), *mat = malloc(n * n * sizeof *mat);
        size_t *all = malloc(n * sizeof *all);
        for (size_t i = 0; i < n; i++) all[i] = n - 1 - i; /* destinations in reverse order */
        for (size_t s = 0; s < n; s++) {
            assert_int_equal(regio_route_from(g, s, 0, d, &err), REGIO_OK);
            for (size_t v = 0; v < n; v++) {
                if (isinf(fw[s * n + v])) assert_true(isinf(d[v]));
                else assert_double_equal(d[v], fw[s * n + v], 1e-9 * (1 + fw[s * n + v]));
            }
        }
        for (unsigned th = 1; th <= 3; th += 2) {
            for (int lim = 0; lim < 2; lim++) {
                double limit = lim ? 12.5 : 0;
                assert_int_equal(regio_route_matrix(g, all, n, all, n, limit, th, mat, &err), REGIO_OK);
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++) {
                        double want = fw[all[i] * n + all[j]];
                        if (lim && want > limit) want = INFINITY;
                        if (isinf(want)) assert_true(isinf(mat[i * n + j]));
                        else assert_double_equal(mat[i * n + j], want, 1e-9 * (1 + want));
                    }
            }
        }
        /* a subset of destinations: the search stops early but the times are the same */
        size_t few[2] = {0, n - 1};
        double m2[2];
        assert_int_equal(regio_route_matrix(g, few, 1, few, 2, 0, 1, m2, &err), REGIO_OK);
        if (isinf(fw[n - 1])) assert_true(isinf(m2[1]));
        else assert_double_equal(m2[1], fw[n - 1], 1e-9 * (1 + fw[n - 1]));
        free(d); free(mat); free(all); free(e); free(fw);
        regio_graph_free(g);
    }
}

static void test_graph_errors(void **state) {
    (void)state;
    regio_error err;
    regio_graph *g = NULL;
    regio_edge bad[1] = {{0, 3, 1}};
    assert_int_equal(regio_graph_build(3, bad, 1, NULL, NULL, &g, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "edge 0"));
    regio_edge neg[1] = {{0, 1, -1}};
    assert_int_equal(regio_graph_build(3, neg, 1, NULL, NULL, &g, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.zh, "通行时间无效"));
    regio_edge ok[1] = {{0, 1, 1}};
    assert_int_equal(regio_graph_build(3, ok, 1, NULL, NULL, &g, &err), REGIO_OK);
    size_t v;
    assert_int_equal(regio_graph_snap(g, 0, 0, &v, NULL, &err), REGIO_EINVAL); /* no positions */
    double d[3];
    assert_int_equal(regio_route_from(g, 3, 0, d, &err), REGIO_EINVAL);
    size_t s = 5;
    assert_int_equal(regio_route_matrix(g, &s, 1, &s, 1, 0, 1, d, &err), REGIO_EINVAL);
    regio_graph_free(g);
}

/* ---- A3: snapping is exact -------------------------------------------------------------------------------- */

static void test_snap_exact(void **state) {
    (void)state;
    regio_rng r;
    regio_rng_init(&r, 7, 0);
    size_t n = 3000;
    double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat);
    for (size_t i = 0; i < n; i++) {
        /* clustered like towns in Yunnan: half the nodes in a small box */
        double s = i % 2 ? 0.05 : 1.0;
        lon[i] = 102.7 + s * (regio_rng_uniform(&r) * 6 - 3);
        lat[i] = 25.0 + s * (regio_rng_uniform(&r) * 4 - 2);
    }
    regio_graph *g = NULL;
    regio_error err;
    assert_int_equal(regio_graph_build(n, NULL, 0, lon, lat, &g, &err), REGIO_OK);
    for (int q = 0; q < 500; q++) {
        double x = 102.7 + regio_rng_uniform(&r) * 10 - 5, y = 25 + regio_rng_uniform(&r) * 8 - 4;
        size_t v;
        double m;
        assert_int_equal(regio_graph_snap(g, x, y, &v, &m, &err), REGIO_OK);
        double best = INFINITY;
        for (size_t i = 0; i < n; i++) {
            double dd = regio_haversine_m(x, y, lon[i], lat[i]);
            if (dd < best) best = dd;
        }
        assert_double_equal(m, best, 1e-6);
    }
    regio_graph_free(g);
    free(lon); free(lat);
}

/* ---- the OD matrix reader ---------------------------------------------------------------------------------- */

static void test_od_read(void **state) {
    (void)state;
    char *dir = tu_tempdir();
    char path[4096];
    tu_write(dir, "od.csv", "origin,destination,minutes,note\n530102,530102,0,\n530102,530181,45.5,x\n530181,530102,47,\n"
                            "530181,530181,0,\n530102,530424,80,\n");
    snprintf(path, sizeof path, "%s/od.csv", dir);
    regio_od *od = NULL;
    regio_error err;
    assert_int_equal(regio_od_read(path, &od, &err), REGIO_OK);
    assert_int_equal(od->norig, 2);
    assert_int_equal(od->ndest, 3);
    assert_string_equal(od->dest[2], "530424");
    long i = regio_od_origin(od, "530181"), j = regio_od_dest(od, "530102"), k = regio_od_dest(od, "530424");
    assert_int_equal(i, 1);
    assert_double_equal(od->minutes[(size_t)i * od->ndest + (size_t)j], 47, 0);
    assert_true(isinf(od->minutes[(size_t)i * od->ndest + (size_t)k])); /* not in the file */
    assert_double_equal(od->minutes[(size_t)k], 80, 0);
    assert_int_equal(regio_od_origin(od, "nope"), -1);
    regio_od_free(od);

    tu_write(dir, "dup.csv", "origin,destination,minutes\na,b,1\nb,a,2\na,b,3\n");
    snprintf(path, sizeof path, "%s/dup.csv", dir);
    assert_int_equal(regio_od_read(path, &od, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "line 4: origin a to destination b repeated (given at line 2)"));
    assert_null(od);
    tu_write(dir, "neg.csv", "origin,destination,minutes\na,b,-1\n");
    snprintf(path, sizeof path, "%s/neg.csv", dir);
    assert_int_equal(regio_od_read(path, &od, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "line 2, field minutes"));
    assert_non_null(strstr(err.zh, "第 2 行 minutes 字段"));
    tu_write(dir, "cols.csv", "from,to,minutes\na,b,1\n");
    snprintf(path, sizeof path, "%s/cols.csv", dir);
    assert_int_equal(regio_od_read(path, &od, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "missing column origin"));
    tu_rmtree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_osm_hand_network), cmocka_unit_test(test_lines_layer),
        cmocka_unit_test(test_random_vs_floyd_warshall), cmocka_unit_test(test_graph_errors),
        cmocka_unit_test(test_snap_exact), cmocka_unit_test(test_od_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
