/* write.c — the table, CSV and JSON writers (see include/regio/render.h and include/regio/json_out.h).
 *
 * All output goes through one small sink that remembers the first failed write and its errno, so a full
 * disk or a closed pipe becomes REGIO_EIO with a message instead of silently truncated output; the writers
 * flush at the end because buffered errors only show there.
 *
 * Table: columns are measured with regio_text_width, so Chinese text lines up in a terminal. Spaces are
 * held back until something visible follows them, so no line ends in spaces, and control characters in
 * cells (tabs, newlines) print as spaces so that one cell cannot break the layout.
 * CSV: RFC 4180 with LF line ends; an empty text is written as "" so it stays distinct from a null.
 * JSON: a jansson array of objects; text that is not valid UTF-8 gets U+FFFD for each bad byte because
 * jansson refuses it and one bad name should not hide the whole answer.
 */
#include "regio/json_out.h"
#include "regio/render.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct sink {
    FILE *f;
    int failed, errnum;
    size_t pending; /* table only: spaces not yet written */
} sink;

static void put(sink *o, const char *p, size_t n) {
    if (o->failed || n == 0) return;
    errno = 0;
    if (fwrite(p, 1, n, o->f) != n) {
        o->failed = 1;
        o->errnum = errno ? errno : EIO;
    }
}

static void puts_(sink *o, const char *s) { put(o, s, strlen(s)); }

static int finish(sink *o, regio_error *err) {
    if (!o->failed) {
        errno = 0;
        if (fflush(o->f) != 0 || ferror(o->f)) {
            o->failed = 1;
            o->errnum = errno ? errno : EIO;
        }
    }
    if (!o->failed) return REGIO_OK;
    const char *why = strerror(o->errnum);
    return regio_error_set(err, REGIO_EIO, "无法写出结果：%s", "could not write the output: %s", why);
}

int regio_format_parse(const char *s, regio_format *out, regio_error *err) {
    static const char *const names[] = {"table", "csv", "json", "md"};
    for (int i = 0; s && i < 4; i++) {
        size_t k = 0;
        while (names[i][k] && (s[k] | 0x20) == names[i][k]) k++; /* ASCII case folding */
        if (!names[i][k] && !s[k]) {
            if (out) *out = (regio_format)i;
            return REGIO_OK;
        }
    }
    return regio_error_set(err, REGIO_EINVAL, "未知的输出格式 “%s”（可用：table、csv、json、md）",
                           "unknown output format '%s' (use table, csv, json or md)", s ? s : "");
}

/* The text of a non-text cell (or of a null one) in buf; text cells return their own text. */
static const char *cell_str(const regio_column *col, const regio_cell *c, const char *null_text, char *buf,
                            size_t cap) {
    if (c->null) return null_text;
    switch (c->type) {
    case REGIO_COL_TEXT: return c->text;
    case REGIO_COL_INT: snprintf(buf, cap, "%lld", c->i); return buf;
    case REGIO_COL_NUM:
        regio_format_number(c->num, col->type == REGIO_COL_NUM ? col->decimals : -1, buf, cap);
        return buf;
    case REGIO_COL_BOOL: return c->b ? "true" : "false";
    }
    return "";
}

/* ---- table ---- */

static int is_blank(unsigned char ch) { return ch == ' ' || ch < 0x20 || ch == 0x7f; }

/* Width as printed in a table, where each control byte shows as a space. */
static size_t cell_width(const char *s) {
    size_t w = regio_text_width(s);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) w++;
    return w;
}

static void line_text(sink *o, const char *s) {
    const char *p = s;
    while (*p) {
        if (is_blank((unsigned char)*p)) {
            o->pending++;
            p++;
            continue;
        }
        const char *q = p;
        while (*q && !is_blank((unsigned char)*q)) q++;
        for (; o->pending; o->pending--) put(o, " ", 1);
        put(o, p, (size_t)(q - p));
        p = q;
    }
}

static void line_end(sink *o) {
    o->pending = 0;
    put(o, "\n", 1);
}

static const char *header(const regio_column *c) { return c->label ? c->label : c->key; }

static int right_aligned(const regio_column *c) { return c->type == REGIO_COL_INT || c->type == REGIO_COL_NUM; }

/* One cell padded to width w, preceded by the two-space gap unless it is the first column. */
static void table_cell(sink *o, size_t col, const regio_column *c, const char *s, size_t w) {
    size_t pad = w - cell_width(s);
    if (col > 0) o->pending += 2;
    if (right_aligned(c)) o->pending += pad;
    line_text(o, s);
    if (!right_aligned(c)) o->pending += pad;
}

static void write_table(const regio_grid *g, const char *title, sink *o, size_t *w) {
    size_t nc = regio_grid_cols(g), nr = regio_grid_rows(g);
    char buf[512];
    for (size_t j = 0; j < nc; j++) {
        w[j] = cell_width(header(regio_grid_column(g, j)));
        for (size_t i = 0; i < nr; i++) {
            size_t cw = cell_width(cell_str(regio_grid_column(g, j), regio_grid_cell(g, i, j), "—", buf, sizeof buf));
            if (cw > w[j]) w[j] = cw;
        }
    }
    if (title && *title) {
        line_text(o, title);
        line_end(o);
    }
    for (size_t j = 0; j < nc; j++) table_cell(o, j, regio_grid_column(g, j), header(regio_grid_column(g, j)), w[j]);
    line_end(o);
    for (size_t j = 0; j < nc; j++) {
        if (j > 0) o->pending += 2;
        for (size_t k = 0; k < w[j]; k++) line_text(o, "─");
    }
    line_end(o);
    for (size_t i = 0; i < nr && !o->failed; i++) {
        for (size_t j = 0; j < nc; j++) {
            const regio_column *c = regio_grid_column(g, j);
            table_cell(o, j, c, cell_str(c, regio_grid_cell(g, i, j), "—", buf, sizeof buf), w[j]);
        }
        line_end(o);
    }
}

/* ---- CSV ---- */

static void csv_field(sink *o, const char *s, int quote_empty) {
    size_t n = strlen(s);
    int quote = (quote_empty && n == 0) || strpbrk(s, ",\"\r\n") != NULL ||
                (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'));
    if (!quote) {
        put(o, s, n);
        return;
    }
    put(o, "\"", 1);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        put(o, s, (size_t)(q - s + 1)); /* up to and including the quote, which is then doubled */
        put(o, "\"", 1);
    }
    puts_(o, s);
    put(o, "\"", 1);
}

static void write_csv(const regio_grid *g, sink *o) {
    size_t nc = regio_grid_cols(g), nr = regio_grid_rows(g);
    char buf[512];
    for (size_t j = 0; j < nc; j++) {
        if (j > 0) put(o, ",", 1);
        csv_field(o, regio_grid_column(g, j)->key, 0);
    }
    put(o, "\n", 1);
    for (size_t i = 0; i < nr && !o->failed; i++) {
        for (size_t j = 0; j < nc; j++) {
            const regio_cell *c = regio_grid_cell(g, i, j);
            if (j > 0) put(o, ",", 1);
            csv_field(o, cell_str(regio_grid_column(g, j), c, "", buf, sizeof buf), !c->null);
        }
        put(o, "\n", 1);
    }
}

/* ---- Markdown (for documents generated from the store, e.g. docs/data.md) ---- */

static void md_cell(sink *o, const char *s) {
    for (; *s; s++) {
        if (*s == '|') puts_(o, "\\|");
        else if (*s == '\n' || *s == '\r') put(o, " ", 1);
        else put(o, s, 1);
    }
}

static void write_markdown(const regio_grid *g, const char *title, sink *o) {
    size_t nc = regio_grid_cols(g), nr = regio_grid_rows(g);
    char buf[512];
    if (title && *title) { puts_(o, "**"); md_cell(o, title); puts_(o, "**\n\n"); }
    for (size_t j = 0; j < nc; j++) { puts_(o, "| "); md_cell(o, header(regio_grid_column(g, j))); put(o, " ", 1); }
    puts_(o, "|\n");
    for (size_t j = 0; j < nc; j++) puts_(o, right_aligned(regio_grid_column(g, j)) ? "|---:" : "|---");
    puts_(o, "|\n");
    for (size_t i = 0; i < nr && !o->failed; i++) {
        for (size_t j = 0; j < nc; j++) {
            puts_(o, "| ");
            md_cell(o, cell_str(regio_grid_column(g, j), regio_grid_cell(g, i, j), "—", buf, sizeof buf));
            put(o, " ", 1);
        }
        puts_(o, "|\n");
    }
}

/* ---- JSON ---- */

static int dump_cb(const char *buffer, size_t size, void *data) {
    sink *o = data;
    put(o, buffer, size);
    return o->failed ? -1 : 0;
}

json_t *regio_json_num(double v) {
    if (!isfinite(v)) return json_null();
    return json_real(v == 0 ? 0.0 : v);
}

int regio_json_dump(json_t *root, FILE *f, regio_error *err) {
    if (!root || !f)
        return regio_error_set(err, REGIO_EINTERNAL, "没有可输出的 JSON（内存不足？）",
                               "no JSON to write (out of memory?)");
    sink o = {.f = f};
    if (json_dump_callback(root, dump_cb, &o, REGIO_JSON_FLAGS) != 0 && !o.failed)
        return regio_error_set(err, REGIO_EINTERNAL, "无法编码 JSON 输出", "could not encode the JSON output");
    put(&o, "\n", 1);
    return finish(&o, err);
}

/* A JSON string for s, with U+FFFD in place of each byte that is not valid UTF-8. */
static json_t *json_text(const char *s) {
    json_t *j = json_string(s);
    if (j) return j;
    size_t n = strlen(s);
    char *fixed = malloc(n * 3 + 1), *d = fixed;
    if (!fixed) return NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (utf8proc_ssize_t left = (utf8proc_ssize_t)n; left > 0;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0) {
            memcpy(d, "\xEF\xBF\xBD", 3);
            d += 3;
            k = 1;
        } else {
            memcpy(d, p, (size_t)k);
            d += k;
        }
        p += k;
        left -= k;
    }
    j = json_stringn(fixed, (size_t)(d - fixed));
    free(fixed);
    return j;
}

static json_t *cell_json(const regio_cell *c) {
    if (c->null) return json_null();
    switch (c->type) {
    case REGIO_COL_TEXT: return json_text(c->text);
    case REGIO_COL_INT: return json_integer((json_int_t)c->i);
    case REGIO_COL_NUM: return regio_json_num(c->num);
    case REGIO_COL_BOOL: return json_boolean(c->b);
    }
    return json_null();
}

static int write_json(const regio_grid *g, FILE *f, regio_error *err) {
    size_t nc = regio_grid_cols(g), nr = regio_grid_rows(g);
    json_t *arr = json_array();
    if (!arr) goto oom;
    for (size_t i = 0; i < nr; i++) {
        json_t *obj = json_object();
        if (!obj || json_array_append_new(arr, obj) != 0) goto oom;
        for (size_t j = 0; j < nc; j++) {
            const char *key = regio_grid_column(g, j)->key;
            json_t *v = cell_json(regio_grid_cell(g, i, j));
            if (!v) goto oom;
            if (json_object_set_new(obj, key, v) != 0) {
                json_decref(arr);
                return regio_error_set(err, REGIO_EINTERNAL, "列名 “%s” 不是有效的 UTF-8",
                                       "column key '%s' is not valid UTF-8", key);
            }
        }
    }
    int rc = regio_json_dump(arr, f, err);
    json_decref(arr);
    return rc;
oom:
    json_decref(arr);
    return regio_error_set(err, REGIO_ENOMEM, "内存不足，无法生成 JSON", "out of memory while building JSON");
}

/* ---- entry points ---- */

static int check_args(const regio_grid *g, FILE *f, regio_error *err) {
    if (!g || !f) return regio_error_set(err, REGIO_EINTERNAL, "输出参数为空", "nothing to write or nowhere to write it");
    return REGIO_OK;
}

int regio_grid_write(const regio_grid *g, regio_format fmt, const char *title, FILE *f, regio_error *err) {
    int rc = check_args(g, f, err);
    if (rc) return rc;
    if (fmt == REGIO_FMT_JSON) return write_json(g, f, err);
    sink o = {.f = f};
    if (fmt == REGIO_FMT_CSV) {
        write_csv(g, &o);
    } else if (fmt == REGIO_FMT_TABLE) {
        size_t *w = calloc(regio_grid_cols(g) + 1, sizeof *w);
        if (!w) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        write_table(g, title, &o, w);
        free(w);
    } else if (fmt == REGIO_FMT_MARKDOWN) {
        write_markdown(g, title, &o);
    } else {
        return regio_error_set(err, REGIO_EINTERNAL, "未知的输出格式编号 %d", "unknown output format number %d", (int)fmt);
    }
    return finish(&o, err);
}

int regio_grid_write_csv_bom(const regio_grid *g, FILE *f, regio_error *err) {
    int rc = check_args(g, f, err);
    if (rc) return rc;
    sink o = {.f = f};
    put(&o, "\xEF\xBB\xBF", 3);
    write_csv(g, &o);
    return finish(&o, err);
}
