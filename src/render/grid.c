/* grid.c — storage of a result grid (see include/regio/render.h).
 *
 * Commands fill a grid cell by cell and hand it to one writer, so the grid owns copies of everything it is
 * given (column keys and labels, texts): callers can pass temporaries and free their own data at once.
 * Cells live in one flat array of rows * ncols grown by doubling. Each cell remembers which setter filled
 * it, so a writer never has to guess how to print a value put in a column of another type. Setters ignore
 * out-of-range positions instead of writing past the array, and a text that cannot be copied (out of
 * memory) leaves the cell null rather than failing a void call.
 */
#include "regio/render.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct regio_grid {
    regio_column *cols;
    size_t ncols;
    regio_cell *cells; /* rows * ncols, row-major */
    size_t rows, cap;  /* cap in rows */
};

/* A copy of s, NULL for NULL (kept here so the renderer depends on nothing but its own header). */
static char *copy(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

static void free_cols(regio_column *cols, size_t n) {
    if (!cols) return;
    for (size_t i = 0; i < n; i++) {
        free((char *)cols[i].key);
        free((char *)cols[i].label);
    }
    free(cols);
}

regio_grid *regio_grid_new(const regio_column *cols, size_t ncols) {
    if (!cols && ncols) return NULL;
    regio_grid *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->ncols = ncols;
    g->cols = calloc(ncols ? ncols : 1, sizeof *g->cols);
    if (!g->cols) goto oom;
    for (size_t i = 0; i < ncols; i++) {
        g->cols[i] = cols[i];
        g->cols[i].key = copy(cols[i].key ? cols[i].key : "");
        g->cols[i].label = copy(cols[i].label);
        if (!g->cols[i].key || (cols[i].label && !g->cols[i].label)) goto oom;
    }
    return g;
oom:
    regio_grid_free(g);
    return NULL;
}

static void clear_cell(regio_cell *c) {
    if (!c->null && c->type == REGIO_COL_TEXT) free((char *)c->text);
    c->null = 1;
    c->type = REGIO_COL_TEXT;
    c->text = NULL;
}

void regio_grid_free(regio_grid *g) {
    if (!g) return;
    for (size_t i = 0; i < g->rows * g->ncols; i++) clear_cell(&g->cells[i]);
    free(g->cells);
    free_cols(g->cols, g->ncols);
    free(g);
}

long regio_grid_add_row(regio_grid *g) {
    if (!g || g->rows >= (size_t)LONG_MAX) return -1;
    if (g->rows == g->cap) {
        size_t ncap = g->cap ? g->cap * 2 : 16;
        size_t width = g->ncols ? g->ncols : 1;
        if (ncap < g->cap || ncap > SIZE_MAX / sizeof(regio_cell) / width) return -1;
        regio_cell *n = realloc(g->cells, ncap * width * sizeof *n);
        if (!n) return -1;
        g->cells = n;
        g->cap = ncap;
    }
    regio_cell *row = g->cells + g->rows * g->ncols;
    for (size_t i = 0; i < g->ncols; i++) {
        memset(&row[i], 0, sizeof row[i]);
        row[i].null = 1;
    }
    return (long)g->rows++;
}

/* The cell to overwrite (already cleared), or NULL when out of range. */
static regio_cell *slot(regio_grid *g, size_t row, size_t col) {
    if (!g || row >= g->rows || col >= g->ncols) return NULL;
    regio_cell *c = &g->cells[row * g->ncols + col];
    clear_cell(c);
    return c;
}

void regio_grid_set_text(regio_grid *g, size_t row, size_t col, const char *text) {
    regio_cell *c = slot(g, row, col);
    if (!c || !text) return;
    c->text = copy(text);
    if (c->text) c->null = 0;
}

void regio_grid_set_int(regio_grid *g, size_t row, size_t col, long long v) {
    regio_cell *c = slot(g, row, col);
    if (!c) return;
    c->null = 0;
    c->type = REGIO_COL_INT;
    c->i = v;
}

void regio_grid_set_num(regio_grid *g, size_t row, size_t col, double v) {
    regio_cell *c = slot(g, row, col);
    if (!c || isnan(v)) return;
    c->null = 0;
    c->type = REGIO_COL_NUM;
    c->num = v;
}

void regio_grid_set_bool(regio_grid *g, size_t row, size_t col, int v) {
    regio_cell *c = slot(g, row, col);
    if (!c) return;
    c->null = 0;
    c->type = REGIO_COL_BOOL;
    c->b = v != 0;
}

size_t regio_grid_rows(const regio_grid *g) { return g ? g->rows : 0; }

size_t regio_grid_cols(const regio_grid *g) { return g ? g->ncols : 0; }

const regio_column *regio_grid_column(const regio_grid *g, size_t col) {
    return g && col < g->ncols ? &g->cols[col] : NULL;
}

const regio_cell *regio_grid_cell(const regio_grid *g, size_t row, size_t col) {
    if (!g || row >= g->rows || col >= g->ncols) return NULL;
    return &g->cells[row * g->ncols + col];
}
