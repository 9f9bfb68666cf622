/* table_build.c — the row builder behind both table readers, and the regio_table accessors.
 *
 * Kept apart from the CSV and .xlsx readers so that header checks, blank-row skipping, trimming and the
 * memory layout of a regio_table exist once (see table_internal.h for the rules). A finished table is one
 * allocation holding the public struct plus the text pool its cell pointers point into, so
 * regio_table_free releases everything with a few free() calls.
 */
#include "core/table_internal.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct table_priv {
    regio_table pub; /* first member: a regio_table * is a table_priv * */
    char *pool;
} table_priv;

static int oom(regio_error *err) {
    return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
}

/* Returns ptr grown (elements of size sz) to hold at least need elements, updating *cap; NULL when out of
 * memory (ptr is then untouched). GROW assigns the result back and evaluates to 0 on success. */
static void *grow(void *ptr, size_t *cap, size_t need, size_t sz) {
    if (need <= *cap) return ptr;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / sz) return NULL;
        n *= 2;
    }
    void *q = realloc(ptr, n * sz);
    if (q) *cap = n;
    return q;
}
#define GROW(ptr, cap, need) \
    ((tmp_ = grow((ptr), &(cap), (need), sizeof *(ptr))) ? ((ptr) = tmp_, 0) : -1)

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

static int ascii_casecmp(const char *a, const char *b) {
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
        if (x != y) return x < y ? -1 : 1;
        if (!x) return 0;
    }
}

void regio_tbuild_init(regio_tbuild *b, const char *name) {
    memset(b, 0, sizeof *b);
    b->name = name;
}

int regio_tbuild_field(regio_tbuild *b, const char *s, size_t len, regio_error *err) {
    while (len && is_ws((unsigned char)s[0])) s++, len--;
    while (len && is_ws((unsigned char)s[len - 1])) len--;
    void *tmp_;
    if (GROW(b->fld, b->fld_cap, b->nfld + 1)) return oom(err);
    if (len > REGIO_TABLE_CELL_MAX) { /* count characters only when the bytes could be too many */
        size_t chars = 0;
        for (size_t i = 0; i < len && chars <= REGIO_TABLE_CELL_MAX; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
        if (chars > REGIO_TABLE_CELL_MAX) {
            if (!b->long_col) b->long_col = b->nfld + 1;
            len = 0; /* not kept: the row fails at its end */
        }
    }
    if (len == 0) {
        b->fld[b->nfld++] = 0;
        return REGIO_OK;
    }
    if (b->pool_len == 0) b->pool_len = b->row_start = 1; /* reserve pool[0] for "" */
    if (len > SIZE_MAX - b->pool_len - 1 || GROW(b->pool, b->pool_cap, b->pool_len + len + 1))
        return oom(err);
    b->pool[0] = '\0';
    size_t off = b->pool_len, n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') continue; /* CRLF inside a cell becomes LF */
        b->pool[off + n++] = s[i];
    }
    b->pool[off + n] = '\0';
    b->pool_len = off + n + 1;
    b->fld[b->nfld++] = off;
    return REGIO_OK;
}

void regio_tbuild_raw(regio_tbuild *b) {
    b->raw = 1;
    b->have_header = 1; /* every row is data; the columns are named at finish */
}

/* Raw mode: re-lays the rows read so far for a wider table (a yearbook table is small; widening happens at most
 * once per new column). */
static int widen(regio_tbuild *b, size_t nc) {
    size_t ncells;
    if (regio_size_mul(b->nrows, nc, &ncells) || regio_size_add(ncells, 1, &ncells)) return -1;
    size_t *cells = calloc(ncells, sizeof *cells);
    if (!cells) return -1;
    for (size_t r = 0; r < b->nrows; r++)
        for (size_t k = 0; k < b->ncols; k++) cells[r * nc + k] = b->cell[r * b->ncols + k];
    free(b->cell);
    b->cell = cells;
    b->cell_cap = ncells;
    b->ncols = nc;
    return 0;
}

size_t regio_tbuild_ncols(const regio_tbuild *b) { return b->have_header ? b->ncols : 0; }

static int take_header(regio_tbuild *b, long line, regio_error *err) {
    char cut1[REGIO_CUT_BUF], cut2[REGIO_CUT_BUF];
    for (size_t i = 0; i < b->nfld; i++) {
        if (b->fld[i] == 0)
            return regio_error_set(err, REGIO_EINVAL,
                                   "%s:%ld: 表头第 %zu 列没有列名（每一列都需要列名；多余的空列请删除）",
                                   "%s:%ld: header column %zu has no name (every column needs a name; delete "
                                   "empty columns)",
                                   b->name, line, i + 1);
        for (size_t j = 0; j < i; j++) {
            const char *a = b->pool + b->fld[j], *c = b->pool + b->fld[i];
            if (ascii_casecmp(a, c) == 0)
                return regio_error_set(err, REGIO_EINVAL,
                                       "%s:%ld: 表头第 %zu 列「%s」与第 %zu 列「%s」重名（列名不区分大小写）",
                                       "%s:%ld: header column %zu \"%s\" has the same name as column %zu \"%s\" "
                                       "(names are case-insensitive)",
                                       b->name, line, i + 1, regio_cut(c, cut1, sizeof cut1), j + 1,
                                       regio_cut(a, cut2, sizeof cut2));
        }
    }
    b->hdr = malloc((b->nfld ? b->nfld : 1) * sizeof *b->hdr);
    if (!b->hdr) return oom(err);
    memcpy(b->hdr, b->fld, b->nfld * sizeof *b->hdr);
    b->ncols = b->nfld;
    b->have_header = 1;
    b->header_line = line;
    return REGIO_OK;
}

int regio_tbuild_row(regio_tbuild *b, long line, regio_error *err) {
    int rc = REGIO_OK, blank = 1;
    if (b->long_col) {
        size_t col = b->long_col;
        b->long_col = 0;
        b->nfld = 0;
        b->pool_len = b->row_start;
        return regio_error_set(err, REGIO_EINVAL,
                               "%s:%ld: 第 %zu 列的单元格超过 %d 个字符（Excel 单元格的上限）：这不是数据表格的内容，请检查文件",
                               "%s:%ld: column %zu holds a cell of more than %d characters (the limit of an Excel cell): "
                               "this is no table content; check the file",
                               b->name, line, col, REGIO_TABLE_CELL_MAX);
    }
    for (size_t i = 0; i < b->nfld && blank; i++)
        if (b->fld[i]) blank = 0;
    if (blank) {
        if (b->row_start) b->pool_len = b->row_start;
    } else if (!b->have_header) {
        rc = take_header(b, line, err);
    } else {
        /* a data row that repeats the header (files joined with cat, a header pasted twice) is named as such rather
         * than reported as bad values in every column */
        if (!b->raw && b->nfld == b->ncols && b->ncols > 1) {
            size_t same = 0;
            for (size_t i = 0; i < b->ncols; i++)
                same += b->fld[i] && ascii_casecmp(b->pool + b->fld[i], b->pool + b->hdr[i]) == 0;
            if (same == b->ncols) {
                b->nfld = 0;
                b->pool_len = b->row_start;
                return regio_error_set(err, REGIO_EINVAL,
                                       "%s:%ld: 这一行重复了第 %ld 行的表头：文件像是几个文件拼接而成；请删掉这一行",
                                       "%s:%ld: this line repeats the header row (line %ld): the file looks like several "
                                       "files joined; delete this line",
                                       b->name, line, b->header_line);
            }
        }
        if (b->raw && b->nfld > b->ncols && widen(b, b->nfld)) return oom(err);
        size_t nc = b->ncols;
        void *tmp_;
        if (b->nrows > (SIZE_MAX / sizeof(size_t)) / (nc ? nc : 1) - 1 ||
            GROW(b->cell, b->cell_cap, (b->nrows + 1) * nc) || GROW(b->nfields, b->nfields_cap, b->nrows + 1) ||
            GROW(b->line, b->line_cap, b->nrows + 1))
            return oom(err);
        size_t *row = b->cell + b->nrows * nc, keep_end = b->row_start;
        for (size_t i = 0; i < nc; i++) {
            row[i] = i < b->nfld ? b->fld[i] : 0;
            if (row[i]) keep_end = row[i] + strlen(b->pool + row[i]) + 1;
        }
        if (b->nfld > nc && b->row_start) b->pool_len = keep_end; /* drop the text of extra fields */
        b->nfields[b->nrows] = b->nfld;
        b->line[b->nrows] = line;
        b->nrows++;
    }
    b->nfld = 0;
    b->row_start = b->pool_len;
    return rc;
}

void regio_tbuild_discard(regio_tbuild *b) {
    free(b->pool);
    free(b->fld);
    free(b->hdr);
    free(b->cell);
    free(b->nfields);
    free(b->line);
    memset(b, 0, sizeof *b);
}

int regio_tbuild_finish(regio_tbuild *b, const char *path, const char *format, const char *encoding,
                        regio_table **out, regio_error *err) {
    *out = NULL;
    if (!b->have_header) {
        regio_error_set(err, REGIO_EINVAL, "%s: 空文件：找不到表头行", "%s: empty file: no header row found",
                        b->name);
        regio_tbuild_discard(b);
        return REGIO_EINVAL;
    }
    if (b->raw) {
        /* name the columns A, B, …: the text goes into the pool like any field */
        free(b->hdr);
        b->hdr = malloc((b->ncols ? b->ncols : 1) * sizeof *b->hdr);
        if (!b->hdr) { regio_tbuild_discard(b); return oom(err); }
        b->nfld = 0;
        for (size_t i = 0; i < b->ncols; i++) {
            char name[16], tmp[16];
            size_t n = 0, k = 0;
            for (size_t v = i + 1; v && n < sizeof tmp; v = (v - 1) / 26) tmp[n++] = (char)('A' + (v - 1) % 26);
            while (n) name[k++] = tmp[--n];
            if (regio_tbuild_field(b, name, k, err)) { regio_tbuild_discard(b); return REGIO_ENOMEM; }
            b->hdr[i] = b->fld[i];
        }
        b->nfld = 0;
        b->header_line = 0;
    }
    table_priv *p = calloc(1, sizeof *p);
    size_t ncells = b->nrows * b->ncols;
    if (!p || (b->pool == NULL && !(b->pool = calloc(1, 1)))) goto fail;
    regio_table *t = &p->pub;
    t->path = strdup(path);
    t->format = strdup(format);
    t->encoding = strdup(encoding);
    t->header = malloc((b->ncols ? b->ncols : 1) * sizeof *t->header);
    t->cells = malloc((ncells ? ncells : 1) * sizeof *t->cells);
    if (!t->path || !t->format || !t->encoding || !t->header || !t->cells) goto fail;
    b->pool[0] = '\0';
    for (size_t i = 0; i < b->ncols; i++) t->header[i] = b->pool + b->hdr[i];
    for (size_t i = 0; i < ncells; i++) t->cells[i] = b->pool + b->cell[i];
    t->ncols = b->ncols;
    t->nrows = b->nrows;
    t->header_line = b->header_line;
    t->nfields = b->nfields;
    t->line = b->line;
    p->pool = b->pool;
    b->nfields = NULL;
    b->line = NULL;
    b->pool = NULL;
    regio_tbuild_discard(b);
    *out = t;
    return REGIO_OK;
fail:
    regio_table_free(p ? &p->pub : NULL);
    regio_tbuild_discard(b);
    return oom(err);
}

void regio_table_free(regio_table *t) {
    if (!t) return;
    table_priv *p = (table_priv *)t;
    free(t->path);
    free(t->format);
    free(t->encoding);
    free(t->header);
    free(t->cells);
    free(t->nfields);
    free(t->line);
    free(p->pool);
    free(p);
}

const char *regio_table_cell(const regio_table *t, size_t row, size_t col) {
    if (!t || row >= t->nrows || col >= t->ncols) return "";
    return t->cells[row * t->ncols + col];
}

long regio_table_col(const regio_table *t, const char *name) {
    if (!t || !name) return -1;
    while (is_ws((unsigned char)*name)) name++;
    size_t len = strlen(name);
    while (len && is_ws((unsigned char)name[len - 1])) len--;
    for (size_t i = 0; i < t->ncols; i++) {
        const char *h = t->header[i];
        if (strlen(h) != len) continue;
        size_t k = 0;
        for (; k < len; k++) {
            unsigned char x = (unsigned char)h[k], y = (unsigned char)name[k];
            if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
            if (x != y) break;
        }
        if (k == len) return (long)i;
    }
    return -1;
}
