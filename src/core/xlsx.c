/* xlsx.c — reads one sheet of an .xlsx workbook into a regio_table through GDAL/OGR's XLSX driver.
 *
 * Why these choices:
 *  - Every cell is read as text (FIELD_TYPES=STRING) so nothing is guessed per column, and the header row
 *    is read as an ordinary row (HEADERS=DISABLE) rather than by OGR: OGR renames empty header cells to
 *    "FieldN" and treats a sheet holding only a header as data, which would hide the very mistakes
 *    table.h promises to report. The shared builder then applies the same header and row rules as CSV.
 *  - GDAL 3.6 has no open options for the XLSX driver, only the config options OGR_XLSX_FIELD_TYPES and
 *    OGR_XLSX_HEADERS; those are set thread-locally for the duration of the read (the driver reads them
 *    lazily) and restored, and the open options are passed instead when the driver supports them.
 *  - Line numbers: with HEADERS=DISABLE the driver gives each feature its sheet row number as FID (row 1 is
 *    FID 1; empty rows in between arrive as empty features, which the builder skips).
 *  - Numbers: the file stores the value, not what Excel shows (3.5 may be stored as 3.5000000000000001,
 *    and some writers put 2021.0). A cell text that is a decimal number with a point or an exponent is
 *    rewritten with 15 significant digits, the precision Excel displays; integers are left alone so codes
 *    like "007" or 18-digit identifiers keep their text.
 *  - GDAL messages go to the regio_error, never to stderr (a quiet handler is pushed around every call).
 *  - Merged ranges (raw mode, for yearbook tables as published): OGR does not report them, so the sheet's own
 *    XML is read through GDAL's /vsizip/ (xl/workbook.xml names the sheet, its relationships file the part,
 *    the part's <mergeCells> the ranges) and every cell of a range gets the text of its top-left cell — a
 *    header "地区生产总值" merged over three year columns then heads each of them.
 * GDAL is initialised through the library's one adapter (io/gdal_internal.h: once per process).
 */
#include "core/table_internal.h"
#include "core/util.h"
#include "io/gdal_internal.h"
#include "io/zip_internal.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <gdal.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* If s is a decimal number written with a point or an exponent, writes the way a spreadsheet shows it
 * (15 significant digits, no exponent between 1e-10 and 1e15) into buf and returns buf; else returns s. */
static const char *display_number(const char *s, char *buf, size_t cap) {
    const char *p = s;
    int digits = 0, frac = 0;
    if (*p == '-') p++;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.') {
        frac = 1;
        for (p++; *p >= '0' && *p <= '9'; p++) digits++;
    }
    if (digits && (*p == 'e' || *p == 'E')) {
        const char *q = p + 1;
        if (*q == '+' || *q == '-') q++;
        if (*q < '0' || *q > '9') return s;
        while (*q >= '0' && *q <= '9') q++;
        p = q;
        frac = 1;
    }
    if (!digits || !frac || *p) return s;
    double v = strtod(s, NULL); /* the caller has switched LC_NUMERIC to "C" */
    if (!isfinite(v)) return s;
    if (v == 0) return "0";
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.15G", v);
    char *e = strchr(tmp, 'E');
    if (!e) {
        snprintf(buf, cap, "%s", tmp);
        return buf;
    }
    int ex = atoi(e + 1);
    if (ex < -10 || ex >= 15) {
        snprintf(buf, cap, "%s", tmp);
        return buf;
    }
    snprintf(buf, cap, "%.*f", 14 - ex, v);
    size_t n = strlen(buf);
    if (strchr(buf, '.')) {
        while (n && buf[n - 1] == '0') buf[--n] = '\0';
        if (n && buf[n - 1] == '.') buf[--n] = '\0';
    }
    return buf;
}

/* Appends the sheet names of ds to buf ("a, b, c"). */
static void list_sheets(GDALDatasetH ds, char *buf, size_t cap) {
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < GDALDatasetGetLayerCount(ds) && n < cap; i++) {
        int w = snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
        if (w < 0) break;
        n += (size_t)w;
    }
}

typedef struct cfg_save {
    char *field_types, *headers;
    int set;
} cfg_save;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void cfg_push(cfg_save *c) {
    c->field_types = dup_or_null(CPLGetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", NULL));
    c->headers = dup_or_null(CPLGetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL));
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "DISABLE");
    c->set = 1;
}

static void cfg_pop(cfg_save *c) {
    if (!c->set) return;
    CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", c->field_types);
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", c->headers);
    free(c->field_types);
    free(c->headers);
}

/* Feeds every feature of layer to the builder. */
static int read_layer(OGRLayerH layer, regio_tbuild *b, regio_error *err) {
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    long seq = 0;
    char num[64];
    int rc = REGIO_OK;
    while (!rc && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        GIntBig fid = OGR_F_GetFID(f);
        long line = fid > 0 ? (long)fid : seq + 1;
        seq = line;
        int nf = OGR_F_GetFieldCount(f), last = -1;
        for (int i = 0; i < nf; i++) {
            const char *s = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
            if (s[strspn(s, " \t\r\n\v\f")]) last = i;
        }
        /* a spreadsheet has no missing cells, only empty ones: a row is as wide as the header unless it has
         * text beyond it */
        size_t want = (size_t)(last + 1), nc = regio_tbuild_ncols(b);
        if (want < nc) want = nc;
        for (size_t i = 0; i < want && !rc; i++) {
            const char *s = "";
            if ((int)i < nf && OGR_F_IsFieldSetAndNotNull(f, (int)i))
                s = display_number(OGR_F_GetFieldAsString(f, (int)i), num, sizeof num);
            rc = regio_tbuild_field(b, s, strlen(s), err);
        }
        OGR_F_Destroy(f);
        if (!rc) rc = regio_tbuild_row(b, line, err);
    }
    return rc;
}

/* The top-level element called name (CPLParseXMLFile returns the <?xml?> declaration first, then its siblings). */
static CPLXMLNode *top_element(CPLXMLNode *root, const char *name) {
    for (CPLXMLNode *n = root; n; n = n->psNext)
        if (n->eType == CXT_Element && strcmp(n->pszValue, name) == 0) return n;
    return NULL;
}

/* "C12" → column 2 (0-based), row 12; 0 on success. */
static int parse_ref(const char *s, long *col, long *row) {
    long c = 0, r = 0;
    if (!(*s >= 'A' && *s <= 'Z')) return -1;
    while (*s >= 'A' && *s <= 'Z') { c = c * 26 + (*s - 'A' + 1); s++; if (c > 100000) return -1; }
    if (!(*s >= '0' && *s <= '9')) return -1;
    while (*s >= '0' && *s <= '9') { r = r * 10 + (*s - '0'); s++; if (r > 100000000) return -1; }
    if (*s) return -1;
    *col = c - 1;
    *row = r;
    return 0;
}

/* The zip part of the sheet named lname ("xl/worksheets/sheet1.xml"), or "" when it cannot be told. */
static void sheet_part(const char *path, const char *lname, char *out, size_t cap) {
    out[0] = '\0';
    char vsi[4200];
    snprintf(vsi, sizeof vsi, "/vsizip/%s/xl/workbook.xml", path);
    CPLXMLNode *wb = CPLParseXMLFile(vsi);
    if (!wb) return;
    const char *rid = NULL;
    CPLXMLNode *w = top_element(wb, "workbook"), *sheets = w ? CPLGetXMLNode(w, "sheets") : NULL;
    for (CPLXMLNode *n = sheets ? sheets->psChild : NULL; n && !rid; n = n->psNext)
        if (n->eType == CXT_Element && strcmp(n->pszValue, "sheet") == 0 &&
            strcmp(CPLGetXMLValue(n, "name", ""), lname) == 0)
            rid = CPLGetXMLValue(n, "r:id", NULL);
    if (rid) {
        snprintf(vsi, sizeof vsi, "/vsizip/%s/xl/_rels/workbook.xml.rels", path);
        CPLXMLNode *rels = CPLParseXMLFile(vsi);
        CPLXMLNode *top = top_element(rels, "Relationships");
        for (CPLXMLNode *n = top ? top->psChild : NULL; n; n = n->psNext)
            if (n->eType == CXT_Element && strcmp(CPLGetXMLValue(n, "Id", ""), rid) == 0) {
                const char *t = CPLGetXMLValue(n, "Target", "");
                if (t[0] == '/') snprintf(out, cap, "%s", t + 1);
                else snprintf(out, cap, "xl/%s", t);
                break;
            }
        if (rels) CPLDestroyXMLNode(rels);
    }
    CPLDestroyXMLNode(wb);
}

/* Row index of sheet row line in t (rows are in sheet order), or -1. */
static long row_of(const regio_table *t, long line) {
    size_t lo = 0, hi = t->nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->line[mid] == line) return (long)mid;
        if (t->line[mid] < line) lo = mid + 1; else hi = mid;
    }
    return -1;
}

/* Copies the top-left text of every merged range of the sheet into the range's other cells. A workbook whose
 * sheet XML cannot be read is left as OGR gave it (nothing is invented). */
static void fill_merges(const char *path, const char *lname, regio_table *t) {
    char part[1024], vsi[4200];
    sheet_part(path, lname, part, sizeof part);
    if (!*part) return;
    snprintf(vsi, sizeof vsi, "/vsizip/%s/%s", path, part);
    CPLXMLNode *ws = CPLParseXMLFile(vsi);
    if (!ws) return;
    CPLXMLNode *w = top_element(ws, "worksheet"), *mc = w ? CPLGetXMLNode(w, "mergeCells") : NULL;
    for (CPLXMLNode *n = mc ? mc->psChild : NULL; n; n = n->psNext) {
        if (n->eType != CXT_Element || strcmp(n->pszValue, "mergeCell") != 0) continue;
        char ref[64];
        snprintf(ref, sizeof ref, "%s", CPLGetXMLValue(n, "ref", ""));
        char *colon = strchr(ref, ':');
        long c1, r1, c2, r2;
        if (!colon) continue;
        *colon = '\0';
        if (parse_ref(ref, &c1, &r1) || parse_ref(colon + 1, &c2, &r2) || c2 < c1 || r2 < r1) continue;
        long top = row_of(t, r1);
        if (top < 0 || (size_t)c1 >= t->ncols) continue;
        const char *text = t->cells[(size_t)top * t->ncols + (size_t)c1];
        for (long r = r1; r <= r2; r++) {
            long i = row_of(t, r);
            if (i < 0) continue; /* a row with nothing but merged continuation cells was skipped as blank */
            for (long c = c1; c <= c2 && (size_t)c < t->ncols; c++) t->cells[(size_t)i * t->ncols + (size_t)c] = (char *)text;
        }
        t->nmerged++;
    }
    CPLDestroyXMLNode(ws);
}

int regio_xlsx_read(const char *path, const regio_table_opts *opts, regio_table **out, regio_error *err) {
    *out = NULL;
    int reg = regio_check_regular(path, err);
    if (reg) return reg;
    FILE *probe = fopen(path, "rb");
    if (!probe) return regio_error_set(err, REGIO_EIO, "无法打开文件 %s：%s", "cannot open %s: %s", path, strerror(errno));
    fclose(probe);
    int brc = regio__zip_check_bounds(path, err); /* before GDAL inflates anything */
    if (brc) return brc;

    regio__gdal_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    locale_t cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t prev = cloc ? uselocale(cloc) : (locale_t)0;

    cfg_save cfg = {0};
    const char *oo[] = {"FIELD_TYPES=STRING", "HEADERS=DISABLE", NULL};
    GDALDriverH drv = GDALGetDriverByName("XLSX");
    const char *ool = drv ? GDALGetMetadataItem(drv, GDAL_DMD_OPENOPTIONLIST, NULL) : NULL;
    int use_oo = ool && strstr(ool, "FIELD_TYPES") && strstr(ool, "HEADERS");
    if (!use_oo) cfg_push(&cfg);

    const char *const drivers[] = {"XLSX", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers,
                                 use_oo ? oo : NULL, NULL);
    int rc = REGIO_OK;
    char *name = NULL;
    regio_tbuild b;
    regio_tbuild_init(&b, path);
    if (opts && opts->raw) regio_tbuild_raw(&b);
    if (!ds) {
        const char *msg = CPLGetLastErrorMsg();
        rc = regio_error_set(err, REGIO_EINVAL, "%s: 无法作为 .xlsx 工作簿读取（%s）", "%s: cannot read as an .xlsx workbook (%s)",
                             path, msg && *msg ? msg : "not an Excel workbook");
        goto done;
    }
    const char *sheet = opts ? opts->sheet : NULL;
    OGRLayerH layer = sheet ? GDALDatasetGetLayerByName(ds, sheet) : GDALDatasetGetLayer(ds, 0);
    if (!layer) {
        char names[1024];
        list_sheets(ds, names, sizeof names);
        if (sheet)
            rc = regio_error_set(err, REGIO_ENOTFOUND, "%s: 没有名为「%s」的工作表（现有：%s）",
                                 "%s: no sheet named \"%s\" (sheets: %s)", path, sheet, names);
        else
            rc = regio_error_set(err, REGIO_EINVAL, "%s: 工作簿里没有工作表", "%s: the workbook has no sheet", path);
        goto done;
    }
    const char *lname = OGR_L_GetName(layer);
    size_t nlen = strlen(path) + strlen(lname) + 3;
    name = malloc(nlen);
    if (!name) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        goto done;
    }
    snprintf(name, nlen, "%s[%s]", path, lname);
    b.name = name;
    CPLErrorReset();
    rc = read_layer(layer, &b, err);
    if (!rc && CPLGetLastErrorType() >= CE_Failure)
        rc = regio_error_set(err, REGIO_EINVAL, "%s: 工作表无法完整读取（%s）", "%s: the sheet cannot be read completely (%s)",
                             name, CPLGetLastErrorMsg());
    if (!rc) rc = regio_tbuild_finish(&b, path, "xlsx", "XLSX", out, err);
    if (!rc && opts && opts->raw) fill_merges(path, lname, *out);

done:
    regio_tbuild_discard(&b);
    if (ds) GDALClose(ds);
    cfg_pop(&cfg);
    free(name);
    if (cloc) {
        uselocale(prev);
        freelocale(cloc);
    }
    CPLErrorReset();
    CPLPopErrorHandler();
    return rc;
}
