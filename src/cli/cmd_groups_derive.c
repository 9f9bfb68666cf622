/* cmd_groups_derive.c — `regio groups derive GROUP --within MIN --from CENTRE`: a group's membership as the
 * counties within MIN minutes of the centre (the plan's 1-hour 昆明都市圈: "以昆明中心城区为中心形成1小时通勤的
 * 昆明都市圈"), by travel time on a road network (--network) or from an OD matrix (--od). Without either it
 * refuses: a straight line is not a travel time, unless the user asks for the labelled approximation
 * (--approx-speed KMH), which then says so in every output. The membership and its method go into the store
 * (group_derive.h); `regio targets` then assesses the group's targets. Method: docs/methods/access.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_access.h"
#include "core/util.h"
#include "regio/group_derive.h"

/* the counties' positions: --places (id = region code or name), else the label points stored at init */
static int county_places(cli *c, const char *places, const long *cand, size_t n, double *lon, double *lat, char *src,
                         size_t cap) {
    regio_error err;
    regio_error_clear(&err);
    for (size_t i = 0; i < n; i++) lon[i] = lat[i] = NAN;
    if (!places) {
        if (regio_store_load_points(c->st, c->plan, cand, n, lon, lat, &err)) return cli_fail(c, &err);
        snprintf(src, cap, "%s", TR(c, "各县多边形内的标注点（非县城驻地）", "label points inside the county polygons (not the county seats)"));
        return CLI_OK;
    }
    regio_places *p = NULL;
    if (regio_places_read(places, &p, &err)) return cli_fail(c, &err);
    int rc = CLI_OK;
    for (size_t k = 0; !rc && k < p->n; k++) {
        size_t r;
        if ((rc = cli_region(c, p->id[k], &r))) {
            fprintf(stderr, TR(c, "%s：地点 %s 不是规划中的地区\n", "%s: place %s is not a region of the plan\n"), places, p->id[k]);
            break;
        }
        for (size_t i = 0; i < n; i++)
            if ((size_t)cand[i] == r) { lon[i] = p->lon[k]; lat[i] = p->lat[k]; }
    }
    snprintf(src, cap, TR(c, "地点表 %s", "places %s"), places);
    regio_places_free(p);
    return rc;
}

int cmd_groups_derive(cli *c, int argc, char **argv) {
    cli_net_opts no = {0};
    const char *od = NULL, *within_s = NULL, *from_s = NULL, *places = NULL, *approx_s = NULL;
    const cli_opt opts[] = {
        {"--within", OPT_STR, &within_s, "MIN", "成员：到中心的通行时间不超过此分钟数的县", "members: the counties within this many minutes of the centre"},
        {"--from", OPT_STR, &from_s, "REGIONS", "中心（逗号分隔的县级地区，编码或名称，如昆明中心城区各区）",
         "the centre (comma-separated county-level regions, codes or names, e.g. the districts of 昆明中心城区)"},
        CLI_NET_OPTS(no),
        {"--od", OPT_STR, &od, "FILE", "起终点通行时间表（origin=中心编码，destination=县编码，minutes），代替 --network",
         "an OD matrix (origin = centre codes, destination = county codes, minutes) instead of --network"},
        {"--places", OPT_STR, &places, "FILE", "县的位置（id=地区编码,lon,lat，如县城驻地或人口加权中心；默认为库中的标注点）",
         "the counties' positions (id=region code,lon,lat: county seats or population-weighted centroids; default the stored label points)"},
        {"--approx-speed", OPT_STR, &approx_s, "KMH", "无路网时按直线距离和此车速近似（结果处处标明为近似）",
         "without a network, approximate by straight-line distance at this speed (labelled as an approximation everywhere)"},
    };
    const char *pos[1];
    size_t npos = 0;
    CLI_PARSE(c, "groups", argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (npos != 1 || !within_s || !from_s)
        return cli_usage_error(c, "用法：regio groups derive GROUP --within MIN --from REGIONS (--network FILE|--od FILE|--approx-speed KMH)",
                               "usage: regio groups derive GROUP --within MIN --from REGIONS (--network FILE|--od FILE|--approx-speed KMH)");
    double within, kmh = 0;
    if (regio_parse_number(within_s, &within) || !isfinite(within) || within <= 0)
        return cli_usage_error(c, "--within 应为正的分钟数：%s", "--within takes a positive number of minutes: %s", within_s);
    int nsrc = (no.network != NULL) + (od != NULL) + (approx_s != NULL);
    if (nsrc == 0)
        return cli_usage_error(c, "需要路网（--network FILE）或通行时间表（--od FILE）：直线距离不是通行时间；确需近似请用 --approx-speed KMH（结果将标明为近似）",
                               "a road network (--network FILE) or an OD matrix (--od FILE) is needed: a straight line is not a travel time; "
                               "for a labelled approximation use --approx-speed KMH");
    if (nsrc > 1) return cli_usage_error(c, "--network、--od、--approx-speed 只能给一个", "give only one of --network, --od, --approx-speed");
    if (approx_s && (regio_parse_number(approx_s, &kmh) || !isfinite(kmh) || kmh <= 0))
        return cli_usage_error(c, "--approx-speed 应为正的车速（公里/小时）：%s", "--approx-speed takes a positive speed (km/h): %s", approx_s);
    int rc = cli_open(c);
    if (rc) return rc;
    const regio_plan *p = c->plan;
    size_t gi;
    if ((rc = cli_group(c, pos[0], &gi))) return rc;
    /* the centre */
    char fbuf[1024];
    snprintf(fbuf, sizeof fbuf, "%s", from_s);
    char *items[64];
    size_t ncen = cli_split(fbuf, items, 64);
    long cen[64];
    char centre[1024] = "";
    for (size_t k = 0; k < ncen; k++) {
        size_t r;
        if ((rc = cli_region(c, items[k], &r))) return rc;
        if (p->regions[r].level != REGIO_LEVEL_COUNTY)
            return cli_usage_error(c, "中心须为县级地区：%s 不是", "the centre must be county-level regions: %s is not", p->regions[r].code);
        cen[k] = (long)r;
        size_t used = strlen(centre);
        snprintf(centre + used, sizeof centre - used, "%s%s", k ? "," : "", p->regions[r].code);
    }
    if (ncen == 0) return cli_usage_error(c, "--from 为空", "--from is empty");
    /* the candidates: every county */
    size_t n = 0;
    long *cand = malloc(p->nregions * sizeof *cand);
    double *lon = malloc(p->nregions * sizeof *lon), *lat = malloc(p->nregions * sizeof *lat);
    double *tmin = malloc(p->nregions * sizeof *tmin), *cost = NULL;
    size_t *members = malloc(p->nregions * sizeof *members), nm = 0;
    regio_places cp = {0}, pc = {0};
    regio_grid *g = NULL;
    regio_error err;
    regio_error_clear(&err);
    char possrc[512] = "", timesrc[1400] = "";
    if (!cand || !lon || !lat || !tmin || !members) { rc = CLI_INTERNAL; goto done; }
    for (size_t r = 0; r < p->nregions; r++)
        if (p->regions[r].level == REGIO_LEVEL_COUNTY) cand[n++] = (long)r;
    long cen_pos[64];
    for (size_t k = 0; k < ncen; k++)
        for (size_t i = 0; i < n; i++)
            if (cand[i] == cen[k]) cen_pos[k] = (long)i;
    for (size_t i = 0; i < n; i++) tmin[i] = INFINITY;
    if (od) {
        regio_od *t = NULL;
        if (regio_od_read(od, &t, &err)) { rc = cli_fail(c, &err); goto done; }
        for (size_t k = 0; !rc && k < ncen; k++) {
            long oi = regio_od_origin(t, p->regions[cen[k]].code);
            if (oi < 0) { rc = cli_usage_error(c, "%s：没有从中心 %s 出发的通行时间", "%s: no travel times from the centre %s", od, p->regions[cen[k]].code); break; }
            for (size_t i = 0; i < n; i++) {
                long dj = regio_od_dest(t, p->regions[cand[i]].code);
                double v = dj >= 0 ? t->minutes[(size_t)oi * t->ndest + (size_t)dj] : INFINITY;
                if (cand[i] == cen[k]) v = 0;
                if (v < tmin[i]) tmin[i] = v;
            }
        }
        regio_od_free(t);
        if (rc) goto done;
        snprintf(timesrc, sizeof timesrc, TR(c, "起终点通行时间表 %s", "OD matrix %s"), od);
    } else {
        if ((rc = county_places(c, places, cand, n, lon, lat, possrc, sizeof possrc))) goto done;
        for (size_t k = 0; k < ncen; k++)
            if (isnan(lon[cen_pos[k]])) {
                rc = cli_usage_error(c, "中心 %s 没有位置（用 --places 给出）", "the centre %s has no position (give it with --places)", p->regions[cen[k]].code);
                goto done;
            }
        /* places with a position: the counties (destinations) and the centre (origins) */
        size_t *idx = malloc(n * sizeof *idx), m = 0;
        cp.id = calloc(n, sizeof *cp.id); cp.lon = malloc(n * sizeof *cp.lon); cp.lat = malloc(n * sizeof *cp.lat);
        pc.id = calloc(ncen, sizeof *pc.id); pc.lon = malloc(ncen * sizeof *pc.lon); pc.lat = malloc(ncen * sizeof *pc.lat);
        if (!idx || !cp.id || !cp.lon || !cp.lat || !pc.id || !pc.lon || !pc.lat) { free(idx); rc = CLI_INTERNAL; goto done; }
        for (size_t i = 0; i < n; i++)
            if (!isnan(lon[i])) { idx[m] = i; cp.id[m] = p->regions[cand[i]].code; cp.lon[m] = lon[i]; cp.lat[m] = lat[i]; m++; }
        cp.n = m;
        for (size_t k = 0; k < ncen; k++) {
            pc.id[k] = p->regions[cen[k]].code; pc.lon[k] = lon[cen_pos[k]]; pc.lat[k] = lat[cen_pos[k]];
        }
        pc.n = ncen;
        if (approx_s) {
            for (size_t k = 0; k < ncen; k++)
                for (size_t j = 0; j < m; j++) {
                    double v = regio_haversine_m(pc.lon[k], pc.lat[k], cp.lon[j], cp.lat[j]) / 1000.0 / kmh * 60.0;
                    if (v < tmin[idx[j]]) tmin[idx[j]] = v;
                }
            snprintf(timesrc, sizeof timesrc, TR(c, "近似：直线距离按 %g 公里/小时（不是路网通行时间）",
                                                 "APPROXIMATION: straight-line distance at %g km/h (not a network travel time)"), kmh);
        } else if (!(rc = cli_cost_matrix(c, &no, NULL, &pc, &cp, within, &cost, timesrc, sizeof timesrc))) {
            for (size_t k = 0; k < ncen; k++)
                for (size_t j = 0; j < m; j++)
                    if (cost[k * m + j] < tmin[idx[j]]) tmin[idx[j]] = cost[k * m + j];
        }
        free(idx);
        if (rc) goto done;
    }
    for (size_t k = 0; k < ncen; k++) tmin[cen_pos[k]] = 0;
    size_t unknown = 0;
    for (size_t i = 0; i < n; i++) {
        if (tmin[i] <= within) members[nm++] = (size_t)cand[i];
        unknown += !od && isnan(lon[i]);
    }
    /* the record: method in both languages */
    regio_group_derivation d = {0};
    char mzh[2048], men[2048];
    const regio_region *c0 = &p->regions[cen[0]];
    snprintf(mzh, sizeof mzh, "%s距中心（%s%s）%g 分钟以内的县；%s%s%s", approx_s ? "【近似】" : "", c0->name_zh, ncen > 1 ? "等" : "", within,
             approx_s ? "直线距离按车速换算，不是路网通行时间" : od ? "通行时间取自起终点表 " : "路网最短通行时间，",
             approx_s ? "" : od ? od : no.network, possrc[0] && !od ? "；位置：" : "");
    if (possrc[0] && !od) strncat(mzh, places ? possrc : "各县多边形内的标注点（非县城驻地）", sizeof mzh - strlen(mzh) - 1);
    snprintf(men, sizeof men, "%scounties within %g minutes of the centre (%s%s); %s%s%s", approx_s ? "[APPROXIMATION] " : "", within,
             c0->name_en, ncen > 1 ? " and others" : "",
             approx_s ? "straight-line distance converted at an assumed speed, not a network travel time" : od ? "travel times from the OD matrix " : "shortest travel times on the network ",
             approx_s ? "" : od ? od : no.network, possrc[0] && !od ? "; positions: " : "");
    if (possrc[0] && !od) strncat(men, places ? places : "label points inside the county polygons (not the county seats)", sizeof men - strlen(men) - 1);
    if (approx_s) {
        size_t l = strlen(men);
        snprintf(men + l, sizeof men - l, " (%g km/h)", kmh);
        l = strlen(mzh);
        snprintf(mzh + l, sizeof mzh - l, "（%g 公里/小时）", kmh);
    }
    d.method_zh = mzh; d.method_en = men; d.approx = approx_s != NULL; d.within = within; d.centre = centre;
    d.source = (char *)(od ? od : no.network ? no.network : "");
    if (regio_store_save_derived_group(c->st, p, gi, members, nm, &d, &err)) { rc = cli_fail(c, &err); goto done; }
    /* the table: every county with its time and whether it is a member */
    const regio_column cols[] = {
        {"code", TR(c, "编码", "code"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"minutes", TR(c, approx_s ? "近似分钟" : "分钟", approx_s ? "approx. minutes" : "minutes"), REGIO_COL_NUM, c->fmt == REGIO_FMT_TABLE ? 1 : -1},
        {"member", TR(c, "成员", "member"), REGIO_COL_TEXT, 0},
    };
    if (!(g = regio_grid_new(cols, sizeof cols / sizeof cols[0]))) { rc = CLI_INTERNAL; goto done; }
    for (size_t i = 0; i < n; i++) {
        if (isinf(tmin[i]) && c->fmt == REGIO_FMT_TABLE) continue; /* the table lists the counties reached */
        long r = regio_grid_add_row(g);
        if (r < 0) { rc = CLI_INTERNAL; goto done; }
        regio_grid_set_text(g, (size_t)r, 0, p->regions[cand[i]].code);
        regio_grid_set_text(g, (size_t)r, 1, regio_region_name(&p->regions[cand[i]], c->lang));
        regio_grid_set_num(g, (size_t)r, 2, isinf(tmin[i]) ? NAN : tmin[i]);
        regio_grid_set_text(g, (size_t)r, 3, tmin[i] <= within ? TR(c, "是", "yes") : TR(c, "否", "no"));
    }
    char title[4600];
    snprintf(title, sizeof title, TR(c, "%s：%zu 个县 — %s", "%s: %zu counties — %s"), cli_name(c, p->groups[gi].name_zh, p->groups[gi].name_en), nm,
             TR(c, mzh, men));
    rc = cli_write_grid(c, g, title);
    if (approx_s) fprintf(stderr, "%s\n", TR(c, "注意：成员按直线距离近似，不是路网通行时间", "note: the membership is a straight-line APPROXIMATION, not network travel times"));
    if (unknown) fprintf(stderr, TR(c, "%zu 个县没有位置，未予考虑\n", "%zu counties have no position and were not considered\n"), unknown);
    fprintf(stderr, TR(c, "已写入组 %s 的 %zu 个成员及其推导方法；regio targets 将据此评估\n",
                       "group %s: stored its %zu members with their method; regio targets now assesses its targets\n"),
            p->groups[gi].code, nm);
done:
    regio_grid_free(g);
    free(cp.id); free(cp.lon); free(cp.lat); free(pc.id); free(pc.lon); free(pc.lat);
    free(cand); free(lon); free(lat); free(tmin); free(cost); free(members);
    return rc;
}

int cli_note_derived_groups(const cli *c, const unsigned char *used) {
    regio_error err;
    regio_error_clear(&err);
    for (size_t g = 0; g < c->plan->ngroups; g++) {
        if (!used[g]) continue;
        regio_group_derivation *d = NULL;
        if (regio_store_load_derivation(c->st, c->plan->groups[g].code, &d, &err)) return cli_fail(c, &err);
        if (!d) continue;
        fprintf(c->fmt == REGIO_FMT_TABLE ? c->out : stderr, TR(c, "%s 的成员为推导所得（%s）：%s\n", "%s: membership derived (%s): %s\n"),
                c->plan->groups[g].code, d->derived_at, TR(c, d->method_zh, d->method_en));
        regio_group_derivation_free(d);
    }
    return CLI_OK;
}
