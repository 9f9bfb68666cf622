/* cmd_access.c — `regio access`: travel times on a road network and accessibility. `regio access matrix` reads a
 * network (OpenStreetMap or any line layer), snaps places to it and prints the origin–destination travel-time
 * matrix as rows (origin, destination, minutes) — with --format csv exactly the OD file that `regio access` and
 * `regio groups derive --od` read back. No database is needed. Methods: docs/methods/access.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_access.h"
#include "core/util.h"

static int has_suffix(const char *s, const char *suf) {
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

int cli_network_load(const cli *c, const cli_net_opts *o, regio_graph **g) {
    regio_error err;
    regio_error_clear(&err);
    regio_road_report rep;
    regio_speed_table *sp = NULL;
    regio_road_opts ro = {0};
    ro.ferries = o->ferries;
    ro.layer = o->layer; ro.speed_field = o->speed_field; ro.time_field = o->time_field; ro.oneway_field = o->oneway_field;
    int osm = has_suffix(o->network, ".osm") || has_suffix(o->network, ".pbf") || has_suffix(o->network, ".osm.xml");
    int rc;
    if (osm) {
        if (o->speed_field || o->time_field)
            return cli_usage_error(c, "OpenStreetMap 路网按道路类别计速，不用 --speed-field/--time-field（改用 --speeds）",
                                   "an OpenStreetMap network is timed by road class, not --speed-field/--time-field (use --speeds)");
        if (o->speeds && (rc = regio_speed_read(o->speeds, &sp, &err))) return cli_fail(c, &err);
        ro.speeds = sp;
        rc = regio_road_read_osm(o->network, &ro, g, &rep, &err);
        regio_speed_free(sp);
    } else {
        if (!o->speed_field && !o->time_field)
            return cli_usage_error(c, "%s 不是 OpenStreetMap 文件：需给出 --speed-field 或 --time-field",
                                   "%s is not an OpenStreetMap file: give --speed-field or --time-field", o->network);
        rc = regio_road_read_lines(o->network, &ro, g, &rep, &err);
    }
    if (rc) return cli_fail(c, &err);
    fprintf(stderr, TR(c, "路网 %s：用了 %zu 条线要素（共 %zu 条；%.1f 公里，%zu 条单行），%zu 个节点、%zu 条有向边",
                       "network %s: %zu of %zu line features used (%.1f km, %zu one-way), %zu nodes, %zu directed edges"),
            o->network, rep.used, rep.features,
            rep.km, rep.oneway, (*g)->nnodes, (*g)->nedges);
    if (osm)
        fprintf(stderr, TR(c, "；未计入：%zu 条道路类别不在速度表中，%zu 条轮渡%s\n", "; left out: %zu ways of a class not in the speed table, %zu ferries%s\n"),
                rep.no_class, rep.ferries_off, rep.ferries_off ? TR(c, "（用 --ferries 计入）", " (--ferries to route over them)") : "");
    else
        fputc('\n', stderr);
    return CLI_OK;
}

int cli_threads(const cli *c, const cli_net_opts *o, unsigned *out) {
    *out = 0;
    if (!o->threads) return CLI_OK;
    long v;
    if (regio_parse_long(o->threads, &v) || v < 0 || v > 256)
        return cli_usage_error(c, "--threads 应为 0 到 256 的整数：%s", "--threads takes an integer 0 to 256: %s", o->threads);
    *out = (unsigned)v;
    return CLI_OK;
}

int cli_snap_places(const cli *c, const regio_graph *g, const regio_places *p, size_t *node) {
    regio_error err;
    regio_error_clear(&err);
    double worst = 0;
    size_t wi = 0;
    for (size_t i = 0; i < p->n; i++) {
        double m;
        if (regio_graph_snap(g, p->lon[i], p->lat[i], &node[i], &m, &err)) return cli_fail(c, &err);
        if (m > worst) { worst = m; wi = i; }
    }
    if (p->n)
        fprintf(stderr, TR(c, "%zu 个地点已对应到最近的路网节点；最远的是 %s，距路网 %.0f 米\n",
                           "%zu places snapped to the nearest network node; the farthest is %s, %.0f m from the network\n"),
                p->n, p->id[wi], worst);
    return CLI_OK;
}

int cli_cost_matrix(const cli *c, const cli_net_opts *o, const char *od, const regio_places *origins,
                    const regio_places *dests, double max_minutes, double **cost, char *method, size_t cap) {
    *cost = NULL;
    if (!o->network == !od)
        return cli_usage_error(c, "须给出 --network FILE 或 --od FILE 之一", "give one of --network FILE and --od FILE");
    size_t no = origins->n, nd = dests->n;
    size_t cells = no * nd;
    double *m = malloc((cells ? cells : 1) * sizeof *m);
    if (!m) return CLI_INTERNAL;
    regio_error err;
    regio_error_clear(&err);
    int rc = CLI_OK;
    if (od) {
        regio_od *t = NULL;
        if (regio_od_read(od, &t, &err)) { free(m); return cli_fail(c, &err); }
        long *oi = malloc((no ? no : 1) * sizeof *oi), *di = malloc((nd ? nd : 1) * sizeof *di);
        if (!oi || !di) rc = CLI_INTERNAL;
        for (size_t i = 0; !rc && i < no; i++)
            if ((oi[i] = regio_od_origin(t, origins->id[i])) < 0)
                rc = cli_usage_error(c, "%s：没有起点 %s 的通行时间", "%s: no travel times from origin %s", od, origins->id[i]);
        for (size_t j = 0; !rc && j < nd; j++)
            if ((di[j] = regio_od_dest(t, dests->id[j])) < 0)
                rc = cli_usage_error(c, "%s：没有到终点 %s 的通行时间", "%s: no travel times to destination %s", od, dests->id[j]);
        for (size_t i = 0; !rc && i < no; i++)
            for (size_t j = 0; j < nd; j++) {
                double v = t->minutes[(size_t)oi[i] * t->ndest + (size_t)di[j]];
                m[i * nd + j] = max_minutes > 0 && v > max_minutes ? INFINITY : v;
            }
        free(oi); free(di);
        regio_od_free(t);
        snprintf(method, cap, TR(c, "起终点通行时间表 %s", "OD matrix %s"), od);
    } else {
        regio_graph *g = NULL;
        unsigned th;
        size_t *so = malloc((no ? no : 1) * sizeof *so), *sd = malloc((nd ? nd : 1) * sizeof *sd);
        if (!so || !sd) rc = CLI_INTERNAL;
        if (!rc) rc = cli_threads(c, o, &th);
        if (!rc) rc = cli_network_load(c, o, &g);
        if (!rc) rc = cli_snap_places(c, g, origins, so);
        if (!rc && dests != origins) rc = cli_snap_places(c, g, dests, sd);
        if (!rc && dests == origins) memcpy(sd, so, no * sizeof *sd);
        if (!rc && regio_route_matrix(g, so, no, sd, nd, max_minutes, th, m, &err)) rc = cli_fail(c, &err);
        free(so); free(sd);
        regio_graph_free(g);
        snprintf(method, cap, TR(c, "路网 %s 上的最短通行时间（%s%s）", "shortest travel times on the network %s (%s%s)"), o->network,
                 o->speeds ? o->speeds : o->speed_field ? o->speed_field : o->time_field ? o->time_field : TR(c, "默认车速表", "default speed table"),
                 o->ferries ? TR(c, "，含轮渡", ", ferries on") : "");
    }
    if (rc) { free(m); return rc; }
    *cost = m;
    return CLI_OK;
}

static int parse_minutes(const cli *c, const char *opt, const char *s, double *out) {
    *out = 0;
    if (!s) return CLI_OK;
    if (regio_parse_number(s, out) || !isfinite(*out) || *out <= 0)
        return cli_usage_error(c, "%s 应为正的分钟数：%s", "%s takes a positive number of minutes: %s", opt, s);
    return CLI_OK;
}

static int access_matrix(cli *c, const cli_net_opts *no, const char *from, const char *to, const char *max_s) {
    if (!no->network) return cli_usage_error(c, "需要 --network FILE", "--network FILE is required");
    if (!from) return cli_usage_error(c, "需要 --from FILE（id,lon,lat）", "--from FILE (id,lon,lat) is required");
    double maxm;
    unsigned th;
    int rc;
    if ((rc = parse_minutes(c, "--max", max_s, &maxm)) || (rc = cli_threads(c, no, &th))) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_places *po = NULL, *pd = NULL;
    regio_graph *g = NULL;
    size_t *so = NULL, *sd = NULL;
    double *m = NULL;
    regio_grid *gr = NULL;
    if (regio_places_read(from, &po, &err) || (to && regio_places_read(to, &pd, &err))) { rc = cli_fail(c, &err); goto done; }
    const regio_places *dst = pd ? pd : po;
    if ((rc = cli_network_load(c, no, &g))) goto done;
    so = malloc(po->n * sizeof *so);
    sd = malloc(dst->n * sizeof *sd);
    m = malloc(po->n * dst->n * sizeof *m);
    if (!so || !sd || !m) { rc = CLI_INTERNAL; goto done; }
    if ((rc = cli_snap_places(c, g, po, so)) || (pd && (rc = cli_snap_places(c, g, pd, sd)))) goto done;
    if (!pd) memcpy(sd, so, po->n * sizeof *sd);
    if (regio_route_matrix(g, so, po->n, sd, dst->n, maxm, th, m, &err)) { rc = cli_fail(c, &err); goto done; }
    const regio_column cols[] = {
        {"origin", TR(c, "起点", "origin"), REGIO_COL_TEXT, 0},
        {"destination", TR(c, "终点", "destination"), REGIO_COL_TEXT, 0},
        {"minutes", TR(c, "分钟", "minutes"), REGIO_COL_NUM, c->fmt == REGIO_FMT_TABLE ? 1 : -1},
    };
    gr = regio_grid_new(cols, sizeof cols / sizeof cols[0]);
    if (!gr) { rc = CLI_INTERNAL; goto done; }
    size_t unreach = 0;
    for (size_t i = 0; i < po->n; i++)
        for (size_t j = 0; j < dst->n; j++) {
            if (isinf(m[i * dst->n + j])) { unreach++; continue; }
            long r = regio_grid_add_row(gr);
            if (r < 0) { rc = CLI_INTERNAL; goto done; }
            regio_grid_set_text(gr, (size_t)r, 0, po->id[i]);
            regio_grid_set_text(gr, (size_t)r, 1, dst->id[j]);
            regio_grid_set_num(gr, (size_t)r, 2, m[i * dst->n + j]);
        }
    if (unreach)
        fprintf(stderr, maxm > 0 ? TR(c, "%zu 对起终点在 %g 分钟内不可达，未列出\n", "%zu origin–destination pairs not reachable within %g minutes are not listed\n")
                                 : TR(c, "%zu 对起终点不连通，未列出\n", "%zu origin–destination pairs are not connected and are not listed\n"),
                unreach, maxm);
    char title[256];
    snprintf(title, sizeof title, TR(c, "路网通行时间（分钟）：%zu 个起点 × %zu 个终点", "network travel times (minutes): %zu origins × %zu destinations"),
             po->n, dst->n);
    rc = cli_write_grid(c, gr, title);
done:
    regio_grid_free(gr);
    free(so); free(sd); free(m);
    regio_graph_free(g);
    regio_places_free(po); regio_places_free(pd);
    return rc;
}

int cmd_access(cli *c, int argc, char **argv) {
    cli_net_opts no = {0};
    const char *from = NULL, *to = NULL, *max_s = NULL;
    const cli_opt opts[] = {
        CLI_NET_OPTS(no),
        {"--from", OPT_STR, &from, "FILE", "起点表（id,lon,lat[,value]）", "origins (id,lon,lat[,value])"},
        {"--to", OPT_STR, &to, "FILE", "终点表（默认同起点）", "destinations (default: the origins)"},
        {"--max", OPT_STR, &max_s, "MIN", "只算此分钟数以内的通行时间", "only travel times up to this many minutes"},
    };
    if (argc >= 1 && strcmp(argv[0], "measure") == 0) return cmd_access_measure(c, &no, argc - 1, argv + 1);
    const char *pos[2];
    size_t npos = 0;
    CLI_PARSE(c, "access", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 2, &npos);
    if (npos == 1 && strcmp(pos[0], "matrix") == 0) return access_matrix(c, &no, from, to, max_s);
    return cli_usage_error(c, "用法：regio access matrix --network FILE --from FILE [--to FILE] [--max MIN]；"
                              "regio access measure --method M --from FILE --to FILE (--network FILE|--od FILE)",
                           "usage: regio access matrix --network FILE --from FILE [--to FILE] [--max MIN]; "
                           "regio access measure --method M --from FILE --to FILE (--network FILE|--od FILE)");
}
