import re
root='/tmp/spat/lo/'
def rep(s, old, new):
    assert old in s, old[:80]
    return s.replace(old, new, 1)
# ---- cli_analysis.h
p=root+'src/cli/cli_analysis.h'
s=open(p).read()
s=rep(s,'''    const char *weights, *neighbours, *boundaries, *id_field, *layer;''','''    const char *weights, *neighbours, *boundaries, *id_field, *layer, *coords;''')
s=rep(s,'''    {"--weights", OPT_STR, &(a)->weights, "queen|rook|knn:K|band:D", "空间权重（默认 queen；knn 与 band 用县的标注点，距离以公里计）", "spatial weights (default queen; knn and band use the counties' label points, distances in km)"}, \\''',
'''    {"--weights", OPT_STR, &(a)->weights, "queen|rook|knn:K|band:D", "空间权重（默认 queen；knn 与 band 用县的标注点，距离以公里计；--data 时用 --coords 列或 --boundaries 的标注点）", "spatial weights (default queen; knn and band use the counties' label points, distances in km; with --data the --coords columns or the --boundaries' label points)"}, \\
    {"--coords", OPT_STR, &(a)->coords, "LON,LAT|X,Y,plane", "--data 的 knn 与 band：坐标列，经度,纬度（大圆距离，公里），或 X,Y,plane（投影坐标，坐标单位）", "--data with knn or band: the coordinate columns, LON,LAT (great-circle km) or X,Y,plane (projected, in their units)"}, \\''')
open(p,'w').write(s)
# ---- cli_analysis.c
p=root+'src/cli/cli_analysis.c'
s=open(p).read()
s=rep(s,'''static int data_weights(cli *c, cli_analysis *a, const regio_xsection *xs, regio_weights **out, regio_error *err) {
    regio_weights *all = NULL;
    int rc;
    if (a->neighbours) {''','''/* the index of id among xs's units, or −1; *hint makes a scan in xs's own order linear */
static long unit_of(const regio_xsection *xs, const char *id, size_t *hint) {
    for (size_t t = 0; t < xs->n; t++) {
        size_t i = (*hint + t) % xs->n;
        if (strcmp(xs->ids[i], id) == 0) {
            *hint = i + 1;
            return (long)i;
        }
    }
    return -1;
}

/* --data with --weights knn:K or band:D: the points of xs's units from the --coords columns of the --data table
 * (longitude, latitude: great-circle km; "X,Y,plane": Euclidean in the coordinates' units), or the label points
 * (inside each polygon) of --boundaries (great-circle km when every point can be a longitude/latitude, else plane);
 * the description says which */
static int point_weights(cli *c, cli_analysis *a, const regio_xsection *xs, const char *spec, regio_weights **out, regio_error *err) {
    (void)c;
    int knn = strncmp(spec, "knn:", 4) == 0;
    long k = 0;
    double d = 0;
    if (knn ? (regio_parse_long(spec + 4, &k) || k < 1) : (regio_parse_number(spec + 5, &d) || !(d > 0)))
        return regio_error_set(err, REGIO_EINVAL, "--weights knn:K 中的 K 应为正整数，band:D 中的 D 应为正数", "--weights knn:K needs a positive integer K, band:D a positive distance D");
    size_t n = xs->n, hint = 0;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    unsigned char *seen = calloc(n, 1);
    int rc = x && y && seen ? REGIO_OK : regio_error_oom(err);
    char from_zh[300] = "", from_en[300] = "";
    int plane = 0; /* --coords X,Y,plane: projected coordinates */
    if (!rc && a->coords) {
        char cols[256];
        snprintf(cols, sizeof cols, "%s", a->coords);
        char *comma = strchr(cols, ','), *third = comma ? strchr(comma + 1, ',') : NULL;
        regio_table *t = NULL;
        if (third) {
            *third = 0;
            plane = strcmp(third + 1, "plane") == 0;
        }
        if (!comma || comma == cols || !comma[1] || (third && !plane))
            rc = regio_error_set(err, REGIO_EINVAL, "--coords 应为 “经度列,纬度列” 或 “X列,Y列,plane”，而不是 “%s”", "--coords needs LONCOL,LATCOL or XCOL,YCOL,plane, not '%s'", a->coords);
        else if (!(rc = regio_table_read(a->data, NULL, &t, err))) {
            *comma = 0;
            long ci = regio_table_col(t, a->id), cx = regio_table_col(t, cols), cy = regio_table_col(t, comma + 1);
            if (cx < 0 || cy < 0)
                rc = regio_error_set(err, REGIO_ENOTFOUND, "%s 没有坐标列 “%s”", "%s has no coordinate column '%s'", a->data, cx < 0 ? cols : comma + 1);
            for (size_t r = 0; !rc && ci >= 0 && r < t->nrows; r++) {
                long i = unit_of(xs, regio_table_cell(t, r, (size_t)ci), &hint);
                if (i < 0) continue; /* a row the analysis left out */
                const char *sx = regio_table_cell(t, r, (size_t)cx), *sy = regio_table_cell(t, r, (size_t)cy);
                if (regio_parse_number(sx, &x[i]) || regio_parse_number(sy, &y[i]))
                    rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：单元 %s 的坐标（“%s”, “%s”）不是数值", "%s:%ld: the coordinates of unit %s ('%s', '%s') are not numbers",
                                         a->data, t->line[r], xs->ids[i], sx, sy);
                seen[i] = 1;
            }
            snprintf(from_zh, sizeof from_zh, "%s 的坐标列 %s", a->data, a->coords);
            snprintf(from_en, sizeof from_en, "the coordinate columns %s of %s", a->coords, a->data);
        }
        regio_table_free(t);
    } else if (!rc && a->boundaries) {
        regio_polygons *p = NULL;
        if (!(rc = regio_polygons_read(a->boundaries, a->layer, a->id_field ? a->id_field : a->id, &p, err))) {
            for (size_t f = 0; f < p->n; f++) {
                long i = unit_of(xs, p->ids[f], &hint);
                if (i < 0 || isnan(p->lx[f])) continue;
                x[i] = p->lx[f];
                y[i] = p->ly[f];
                seen[i] = 1;
            }
            snprintf(from_zh, sizeof from_zh, "%s 的标注点", a->boundaries);
            snprintf(from_en, sizeof from_en, "the label points of %s", a->boundaries);
        }
        regio_polygons_free(p);
    } else if (!rc) {
        rc = regio_error_set(err, REGIO_EINVAL, "--data 的 knn 与 band 权重需要 --coords X列,Y列 或 --boundaries 文件",
                             "knn and band weights of --data need --coords XCOL,YCOL or --boundaries FILE");
    }
    for (size_t i = 0; !rc && i < n; i++)
        if (!seen[i])
            rc = regio_error_set(err, REGIO_EINVAL, "单元 %s 没有位置点（%s）", "unit %s has no point (%s)", xs->ids[i], a->coords ? "--coords" : "--boundaries");
    int lonlat = !plane; /* --coords: degrees unless ",plane"; --boundaries: degrees when every point can be one */
    for (size_t i = 0; !rc && lonlat && !a->coords && i < n; i++) lonlat &= fabs(x[i]) <= 180 && fabs(y[i]) <= 90;
    regio_metric m = lonlat ? REGIO_DIST_GREAT_CIRCLE : REGIO_DIST_EUCLIDEAN;
    if (!rc) rc = knn ? regio_weights_knn(x, y, n, (size_t)k, m, 0, out, err) : regio_weights_band(x, y, n, d, m, 0, out, err);
    if (!rc) {
        (*out)->ids = calloc(n, sizeof *(*out)->ids);
        for (size_t i = 0; (*out)->ids && i < n; i++) (*out)->ids[i] = strdup(xs->ids[i]);
        if (knn) {
            snprintf(a->wdesc_zh, sizeof a->wdesc_zh, "%ld 个最近邻（%s，%s）", k, from_zh, lonlat ? "大圆距离" : "平面距离");
            snprintf(a->wdesc_en, sizeof a->wdesc_en, "%ld nearest neighbours (%s, %s)", k, from_en, lonlat ? "great-circle distance" : "plane distance");
        } else {
            snprintf(a->wdesc_zh, sizeof a->wdesc_zh, "距离带 %g %s（%s）", d, lonlat ? "公里" : "坐标单位", from_zh);
            snprintf(a->wdesc_en, sizeof a->wdesc_en, "distance band %g %s (%s)", d, lonlat ? "km" : "coordinate units", from_en);
        }
    }
    free(x);
    free(y);
    free(seen);
    return rc;
}

static int data_weights(cli *c, cli_analysis *a, const regio_xsection *xs, regio_weights **out, regio_error *err) {
    regio_weights *all = NULL;
    int rc;
    const char *wspec = a->weights ? a->weights : "queen";
    if (strncmp(wspec, "knn:", 4) == 0 || strncmp(wspec, "band:", 5) == 0) {
        if (a->neighbours)
            return regio_error_set(err, REGIO_EINVAL, "--weights %s 与 --neighbours 不能同时使用", "--weights %s and --neighbours exclude each other", wspec);
        return point_weights(c, a, xs, wspec, out, err);
    }
    if (a->coords) return regio_error_set(err, REGIO_EINVAL, "--coords 只用于 --weights knn:K 或 band:D", "--coords is for --weights knn:K or band:D");
    if (a->neighbours) {''')
s=rep(s,'''            return regio_error_set(err, REGIO_EINVAL, "--boundaries 只支持 queen 或 rook", "--boundaries supports queen or rook");''','''            return regio_error_set(err, REGIO_EINVAL, "--boundaries 支持 queen、rook、knn:K 或 band:D", "--boundaries supports queen, rook, knn:K or band:D");''')
open(p,'w').write(s)
s=open(p).read()
s=rep(s,'#include <stdlib.h>\n','#include <math.h>\n#include <stdlib.h>\n')
s=rep(s,'''        if (a->data) { /* years from the value columns: labels 0 unless given */
            size_t k = 1;
            for (const char *p = a->value ? a->value : ""; *p; p++) k += *p == ',';
            *years = calloc(k, sizeof **years);
            if (!*years) return CLI_INTERNAL;
            *n = k;
            return CLI_OK;
        }''','''        if (a->data) { /* years from the value columns' names when each ends in one (1929, pcgdp1940), increasing */
            size_t k = 1;
            for (const char *p = a->value ? a->value : ""; *p; p++) k += *p == ',';
            *years = calloc(k, sizeof **years);
            if (!*years) return CLI_INTERNAL;
            *n = k;
            char *copy = strdup(a->value ? a->value : ""), *save = NULL;
            size_t j = 0;
            int ok = copy != NULL;
            for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; ok && tok; tok = strtok_r(NULL, ",", &save), j++) {
                size_t len = strlen(tok), d = 0;
                while (d < len && tok[len - 1 - d] >= '0' && tok[len - 1 - d] <= '9') d++;
                long y = d == 4 ? strtol(tok + len - 4, NULL, 10) : 0;
                ok = j < k && y >= 1000 && y <= 3000 && (j == 0 || y > (*years)[j - 1]);
                if (ok) (*years)[j] = (int)y;
            }
            if (!ok || j != k) memset(*years, 0, k * sizeof **years); /* no year in the names: labels 0 */
            free(copy);
            return CLI_OK;
        }''')
open(p,'w').write(s)
# spatial: a --data year taken from the value column's name is printed
p=root+'src/cli/cmd_spatial.c'
s=open(p).read()
s=rep(s,'''    int has_year = !a.data || a.year || a.years;''','''    int has_year = !a.data || a.year || a.years || years[0] != 0;''')
s=rep(s,'''    /* --data without --year: the value column is not a year, and none is printed */''','''    /* --data without --year: a year only when the value column's name ends in one (pcgdp1940) */''')
open(p,'w').write(s)
p=root+'tests/reference/spatial/spdep_stats.R'
s=open(p).read()
s=rep(s,'''                     INC = f17(COL.OLD$INC), HOVAL = f17(COL.OLD$HOVAL)),''','''                     INC = f17(COL.OLD$INC), HOVAL = f17(COL.OLD$HOVAL), X = f17(COL.OLD$X), Y = f17(COL.OLD$Y)),''')
s=rep(s,'''#    spatial regressions of spatialreg_columbus.R);''','''#    spatial regressions of spatialreg_columbus.R, and the centroids X, Y, for its 4 nearest neighbours);''')
open(p,'w').write(s)
