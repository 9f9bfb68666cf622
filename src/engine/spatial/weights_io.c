/* weights_io.c — GAL files and CSV edge lists in and out (include/regio/weights_build.h).
 *
 * Why here: neighbour lists come from other tools (PySAL, GeoDa, R's spdep write GAL; anything writes a
 * CSV edge list), and a user who brings one must hear which line is wrong. Both readers collect directed
 * links with the line that declared them, sort them once (O(E log E)) to find repeats, self-links and —
 * when asked — links without their reverse, and only then build the CSR weights.
 */
#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/table.h"
#include "regio/weights_build.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* ---------------------------------------------------------------- shared: links with their lines */

typedef struct { size_t i, j; double w; long line; } edge;

static int cmp_edge(const void *a, const void *b) {
    const edge *p = a, *q = b;
    if (p->i != q->i) return p->i < q->i ? -1 : 1;
    if (p->j != q->j) return p->j < q->j ? -1 : 1;
    return (p->line > q->line) - (p->line < q->line);
}

static const char *name_of(char **ids, size_t i, char *buf, size_t cap) {
    if (ids) return ids[i];
    snprintf(buf, cap, "%zu", i);
    return buf;
}

/* checks and builds; ids (n, may be NULL) are moved into the result on success */
static int edges_to_weights(const char *path, size_t n, edge *e, size_t m, char **ids, unsigned flags,
                            regio_weights **out, regio_error *err) {
    char b1[32], b2[32];
    qsort(e, m, sizeof *e, cmp_edge);
    for (size_t k = 0; k < m; k++) {
        if (e[k].i == e[k].j)
            return regio_error_set(err, REGIO_EINVAL, "%s:%ld：单元 %s 把自己列为邻居", "%s:%ld: unit %s lists itself as a neighbour", path,
                                   e[k].line, name_of(ids, e[k].i, b1, sizeof b1));
        if (k > 0 && e[k].i == e[k - 1].i && e[k].j == e[k - 1].j)
            return regio_error_set(err, REGIO_EINVAL, "%s:%ld：邻接关系 %s→%s 重复（第 %ld 行已有）",
                                   "%s:%ld: link %s→%s is given twice (already on line %ld)", path, e[k].line,
                                   name_of(ids, e[k].i, b1, sizeof b1), name_of(ids, e[k].j, b2, sizeof b2), e[k - 1].line);
    }
    if (flags & REGIO_WREAD_SYMMETRIC)
        for (size_t k = 0; k < m; k++) {
            edge key = {e[k].j, e[k].i, 0, 0};
            size_t lo = 0, hi = m;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (cmp_edge(&e[mid], &key) < 0) lo = mid + 1; else hi = mid;
            }
            int found = lo < m && e[lo].i == key.i && e[lo].j == key.j;
            if (!found)
                return regio_error_set(err, REGIO_EINVAL, "%s:%ld：不对称：%s→%s 没有反向的 %s→%s",
                                       "%s:%ld: not symmetric: %s→%s has no reverse link %s→%s", path, e[k].line,
                                       name_of(ids, e[k].i, b1, sizeof b1), name_of(ids, e[k].j, b2, sizeof b2),
                                       name_of(ids, e[k].j, b2, sizeof b2), name_of(ids, e[k].i, b1, sizeof b1));
            if (e[lo].w != e[k].w)
                return regio_error_set(err, REGIO_EINVAL, "%s:%ld：不对称：%s→%s 的权重 %g 与第 %ld 行反向的 %g 不同",
                                       "%s:%ld: not symmetric: %s→%s has weight %g but the reverse on line %ld has %g", path,
                                       e[k].line, name_of(ids, e[k].i, b1, sizeof b1), name_of(ids, e[k].j, b2, sizeof b2),
                                       e[k].w, e[lo].line, e[lo].w);
        }
    size_t *ei = malloc((m ? m : 1) * sizeof *ei), *ej = malloc((m ? m : 1) * sizeof *ej);
    double *ew = malloc((m ? m : 1) * sizeof *ew);
    int rc = REGIO_OK;
    if (!ei || !ej || !ew) rc = OOM(err);
    for (size_t k = 0; k < m && !rc; k++) { ei[k] = e[k].i; ej[k] = e[k].j; ew[k] = e[k].w; }
    if (!rc) rc = regio_weights_from_edges(n, ei, ej, ew, m, out, err);
    free(ei);
    free(ej);
    free(ew);
    if (!rc) (*out)->ids = ids;
    return rc;
}

static void free_ids(char **ids, size_t n) {
    if (!ids) return;
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
}

/* strict unsigned decimal */
static int parse_size(const char *s, size_t *out) {
    if (!*s) return -1;
    size_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        size_t d = (size_t)(*s - '0');
        if (v > ((size_t)-1 - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

typedef struct { const char *id; size_t i; long line; } id_ent;

static int cmp_id_ent(const void *a, const void *b) { return strcmp(((const id_ent *)a)->id, ((const id_ent *)b)->id); }

static long find_id(const id_ent *s, size_t n, const char *id) {
    id_ent key = {id, 0, 0};
    const id_ent *hit = n ? bsearch(&key, s, n, sizeof *s, cmp_id_ent) : NULL;
    return hit ? (long)hit->i : -1;
}

/* ---------------------------------------------------------------- GAL */

static int read_file(const char *path, char **buf, size_t *len, regio_error *err) {
    int reg = regio_check_regular(path, err);
    if (reg) return reg;
    FILE *f = fopen(path, "rb");
    if (!f) return regio_error_set(err, REGIO_EIO, "%s：无法打开（%s）", "%s: cannot open (%s)", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        n += fread(b + n, 1, cap - n - 1, f);
        if (n < cap - 1) break;
        char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(b, cap *= 2);
        if (!nb) { free(b); b = NULL; }
        b = nb;
    }
    int bad = ferror(f);
    fclose(f);
    if (!b) return OOM(err);
    if (bad) { free(b); return regio_error_set(err, REGIO_EIO, "%s：读取失败", "%s: read error", path); }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return REGIO_OK;
}

/* splits the next line at *pos into whitespace-separated tokens (in place); returns the count (up to max
 * kept in tok), -1 at end of text */
static long next_line(char *buf, size_t len, size_t *pos, long *line, char **tok, size_t max, size_t *kept) {
    if (*pos >= len) return -1;
    (*line)++;
    char *s = buf + *pos, *end = memchr(s, '\n', len - *pos);
    if (!end) end = buf + len;
    *end = '\0';
    *pos = (size_t)(end - buf) + 1;
    long count = 0;
    *kept = 0;
    while (1) {
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v') s++;
        if (!*s) break;
        char *t = s;
        while (*s && !(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v')) s++;
        if (*s) *s++ = '\0';
        if (*kept < max) tok[(*kept)++] = t;
        count++;
    }
    return count;
}

typedef struct { char *id; size_t k; long line, nbline; size_t first; } gal_rec;

int regio_weights_read_gal(const char *path, unsigned flags, regio_weights **out, regio_error *err) {
    *out = NULL;
    char *buf = NULL;
    size_t len = 0, pos = 0, kept;
    int rc = read_file(path, &buf, &len, err);
    if (rc) return rc;
    long line = 0, cnt;
    char *tok[4];
    /* header */
    while ((cnt = next_line(buf, len, &pos, &line, tok, 4, &kept)) == 0) {}
    size_t n = 0;
    if (cnt < 0) { free(buf); return regio_error_set(err, REGIO_EINVAL, "%s：文件为空", "%s: the file is empty", path); }
    if (parse_size(tok[cnt == 1 ? 0 : 1], &n)) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：文件头应为“n”或“0 n …”，而不是“%s”",
                             "%s:%ld: the header should be 'n' or '0 n …', not '%s'", path, line, tok[0]);
        free(buf);
        return rc;
    }
    gal_rec *rec = NULL;
    char **nb = NULL; /* neighbour id tokens of all records */
    long *nbl = NULL;
    size_t nrec = 0, caprec = 0, nnb = 0, capnb = 0;
    edge *e = NULL;
    id_ent *sorted = NULL;
    char **ids = NULL;
    while (1) {
        long hline;
        while ((cnt = next_line(buf, len, &pos, &line, tok, 4, &kept)) == 0) {}
        if (cnt < 0) break;
        hline = line;
        size_t k;
        if (cnt != 2 || parse_size(tok[1], &k)) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：应为“标识 邻居数”两项", "%s:%ld: expected 'id count' (two fields)", path, line);
            goto done;
        }
        /* a count is checked against what the file can hold before anything is sized by it: k distinct
         * neighbours need k ≤ n (k = n is left to the self-link and count checks below), and k tokens need at least 2k - 1 more bytes
         * (a count near 2^61 once overflowed the buffer size below and wrote past a small buffer) */
        if (k > 0 && (k > n || k > (len - pos) / 2 + 1)) {
            char cut[REGIO_CUT_BUF];
            rc = regio_error_set(err, REGIO_EINVAL,
                                 "%s:%ld：单元 %s 声明 %zu 个邻居，但文件头只有 %zu 个单元%s",
                                 "%s:%ld: unit %s declares %zu neighbours but the header declares %zu units%s", path, line,
                                 regio_cut(tok[0], cut, sizeof cut), k, n, k > n ? "" : " (and the rest of the file cannot hold that many)");
            goto done;
        }
        if (nrec == caprec) {
            size_t cap;
            gal_rec *r = NULL;
            if (!regio_size_mul(caprec ? caprec : 128, 2, &cap)) r = regio_realloc_array(rec, cap, sizeof *r);
            if (!r) { rc = OOM(err); goto done; }
            rec = r;
            caprec = cap;
        }
        rec[nrec] = (gal_rec){tok[0], k, hline, 0, nnb};
        nrec++;
        if (k == 0) continue;
        /* the neighbour line: tokens kept straight into nb */
        size_t need;
        if (regio_size_add(nnb, k, &need)) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：邻居总数超出可表示的范围", "%s:%ld: the neighbour count overflows", path, line);
            goto done;
        }
        if (need > capnb) {
            size_t cap;
            if (regio_size_mul(need, 2, &cap)) cap = need;
            char **a = regio_realloc_array(nb, cap, sizeof *a);
            if (!a) { rc = OOM(err); goto done; }
            nb = a;
            long *b = regio_realloc_array(nbl, cap, sizeof *b);
            if (!b) { rc = OOM(err); goto done; }
            nbl = b;
            capnb = cap;
        }
        cnt = next_line(buf, len, &pos, &line, nb + nnb, k, &kept);
        if (cnt != (long)k) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：单元 %s 声明 %zu 个邻居（第 %ld 行），这一行列出 %ld 个",
                                 "%s:%ld: unit %s declares %zu neighbours (line %ld) but this line lists %ld", path,
                                 cnt < 0 ? line + 1 : line, rec[nrec - 1].id, k, hline, cnt < 0 ? 0L : cnt);
            goto done;
        }
        rec[nrec - 1].nbline = line;
        for (size_t t = 0; t < k; t++) nbl[nnb + t] = line;
        nnb += k;
    }
    if (nrec != n) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：文件头声明 %zu 个单元，实际有 %zu 条记录", "%s: the header declares %zu units but there are %zu records",
                             path, n, nrec);
        goto done;
    }
    sorted = malloc((n ? n : 1) * sizeof *sorted);
    e = malloc((nnb ? nnb : 1) * sizeof *e);
    ids = calloc(n ? n : 1, sizeof *ids);
    if (!sorted || !e || !ids) { rc = OOM(err); goto done; }
    for (size_t i = 0; i < n; i++) sorted[i] = (id_ent){rec[i].id, i, rec[i].line};
    qsort(sorted, n, sizeof *sorted, cmp_id_ent);
    for (size_t i = 1; i < n; i++)
        if (strcmp(sorted[i].id, sorted[i - 1].id) == 0) {
            long a = sorted[i - 1].line < sorted[i].line ? sorted[i - 1].line : sorted[i].line;
            long b = sorted[i - 1].line < sorted[i].line ? sorted[i].line : sorted[i - 1].line;
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：单元 %s 的记录重复（第 %ld 行已有）", "%s:%ld: unit %s has a second record (first on line %ld)",
                                 path, b, sorted[i].id, a);
            goto done;
        }
    for (size_t i = 0; i < n; i++)
        for (size_t t = rec[i].first; t < rec[i].first + rec[i].k; t++) {
            long j = find_id(sorted, n, nb[t]);
            if (j < 0) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：邻居 %s 没有自己的记录", "%s:%ld: neighbour %s has no record of its own", path,
                                     nbl[t], nb[t]);
                goto done;
            }
            e[t] = (edge){i, (size_t)j, 1.0, nbl[t]};
        }
    for (size_t i = 0; i < n; i++)
        if (!(ids[i] = strdup(rec[i].id))) { rc = OOM(err); goto done; }
    rc = edges_to_weights(path, n, e, nnb, ids, flags, out, err);
    if (!rc) ids = NULL;
done:
    free_ids(ids, n);
    free(rec);
    free(nb);
    free(nbl);
    free(e);
    free(sorted);
    free(buf);
    return rc;
}

static int write_close(FILE *f, const char *path, regio_error *err) {
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) return regio_error_set(err, REGIO_EIO, "%s：写入失败", "%s: write failed", path);
    return REGIO_OK;
}

int regio_weights_write_gal(const regio_weights *w, const char *path, regio_error *err) {
    for (size_t k = 0; k < w->offsets[w->n]; k++)
        if (w->values[k] != 1.0)
            return regio_error_set(err, REGIO_EINVAL, "%s：GAL 只能保存 0/1 权重（发现权重 %g），请写 CSV",
                                   "%s: GAL holds only binary weights (found %g); write CSV instead", path, w->values[k]);
    FILE *f = fopen(path, "wb");
    if (!f) return regio_error_set(err, REGIO_EIO, "%s：无法写入（%s）", "%s: cannot write (%s)", path, strerror(errno));
    char b[32];
    fprintf(f, "%zu\n", w->n); /* the 1-field header: R's spdep::read.gal rejects "0 n" (it wants 1 or 4 fields) */
    for (size_t i = 0; i < w->n; i++) {
        fprintf(f, "%s %zu\n", name_of(w->ids, i, b, sizeof b), w->offsets[i + 1] - w->offsets[i]);
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++)
            fprintf(f, "%s%s", k > w->offsets[i] ? " " : "", name_of(w->ids, w->neighbours[k], b, sizeof b));
        fputc('\n', f);
    }
    return write_close(f, path, err);
}

/* ---------------------------------------------------------------- CSV edge lists */

int regio_weights_read_csv(const char *path, const char *const *ids_in, size_t n, unsigned flags, regio_weights **out,
                           regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    id_ent *sorted = NULL;
    edge *e = NULL;
    char **ids = NULL;
    if (t->ncols != 2 && t->ncols != 3) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：边列表应有 2 列（i,j）或 3 列（i,j,w），这里有 %zu 列",
                             "%s:%ld: an edge list has 2 columns (i,j) or 3 (i,j,w), not %zu", path, t->header_line, t->ncols);
        goto done;
    }
    if (ids_in) {
        sorted = malloc((n ? n : 1) * sizeof *sorted);
        ids = calloc(n ? n : 1, sizeof *ids);
        if (!sorted || !ids) { rc = OOM(err); goto done; }
        for (size_t i = 0; i < n; i++) {
            sorted[i] = (id_ent){ids_in[i], i, 0};
            if (!(ids[i] = strdup(ids_in[i]))) { rc = OOM(err); goto done; }
        }
        qsort(sorted, n, sizeof *sorted, cmp_id_ent);
        for (size_t i = 1; i < n; i++)
            if (strcmp(sorted[i].id, sorted[i - 1].id) == 0) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s：单元标识 %s 重复", "%s: unit id %s is repeated", path, sorted[i].id);
                goto done;
            }
    }
    /* a header that parses as a link means the file has none */
    {
        size_t a, b;
        int looks = ids_in ? find_id(sorted, n, t->header[0]) >= 0 && find_id(sorted, n, t->header[1]) >= 0
                           : !parse_size(t->header[0], &a) && !parse_size(t->header[1], &b);
        if (looks) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：第一行像是数据而不是表头；请加一行表头 i,j[,w]",
                                 "%s:%ld: the first line looks like data, not a header; add a header line i,j[,w]", path,
                                 t->header_line);
            goto done;
        }
    }
    e = malloc((t->nrows ? t->nrows : 1) * sizeof *e);
    if (!e) { rc = OOM(err); goto done; }
    size_t maxi = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        long line = t->line[r];
        if (t->nfields[r] != t->ncols) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：有 %zu 个字段，表头有 %zu 个", "%s:%ld: %zu fields where the header has %zu", path,
                                 line, t->nfields[r], t->ncols);
            goto done;
        }
        size_t ij[2];
        for (int c = 0; c < 2; c++) {
            const char *s = regio_table_cell(t, r, (size_t)c);
            if (ids_in) {
                long k = find_id(sorted, n, s);
                if (k < 0) {
                    rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：未知单元标识“%s”", "%s:%ld: unknown unit id '%s'", path, line, s);
                    goto done;
                }
                ij[c] = (size_t)k;
            } else if (parse_size(s, &ij[c])) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：“%s”不是单元序号（从 0 起的整数）", "%s:%ld: '%s' is not a unit index (an integer from 0)",
                                     path, line, s);
                goto done;
            } else if (n && ij[c] >= n) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：单元序号 %zu 超出范围（共 %zu 个单元）", "%s:%ld: unit index %zu is beyond the %zu units",
                                     path, line, ij[c], n);
                goto done;
            }
            /* an inferred unit count is bounded (an index near SIZE_MAX once wrapped n + 1 to 0) */
            if (!ids_in && !n && ij[c] >= REGIO_WEIGHTS_MAX_INFERRED) {
                rc = regio_error_set(err, REGIO_EINVAL,
                                     "%s:%ld：单元序号 %zu 太大：不给单元数时序号须小于 %zu；请给出单元数或单元标识",
                                     "%s:%ld: unit index %zu is too large: without a unit count indexes must be below %zu; give the unit count or the unit ids",
                                     path, line, ij[c], (size_t)REGIO_WEIGHTS_MAX_INFERRED);
                goto done;
            }
            if (ij[c] + 1 > maxi) maxi = ij[c] + 1;
        }
        double w = 1.0;
        if (t->ncols == 3) {
            const char *s = regio_table_cell(t, r, 2);
            if (regio_parse_number(s, &w)) {
                rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：权重“%s”不是数", "%s:%ld: weight '%s' is not a number", path, line, s);
                goto done;
            }
        }
        e[r] = (edge){ij[0], ij[1], w, line};
    }
    if (!ids_in && n == 0) n = maxi;
    rc = edges_to_weights(path, n, e, t->nrows, ids, flags, out, err);
    if (!rc) ids = NULL;
done:
    free_ids(ids, ids_in ? n : 0);
    free(sorted);
    free(e);
    regio_table_free(t);
    return rc;
}

int regio_weights_write_csv(const regio_weights *w, const char *path, int by_id, regio_error *err) {
    FILE *f = fopen(path, "wb");
    if (!f) return regio_error_set(err, REGIO_EIO, "%s：无法写入（%s）", "%s: cannot write (%s)", path, strerror(errno));
    char b1[32], b2[32];
    char **ids = by_id ? w->ids : NULL;
    fputs("i,j,w\n", f);
    for (size_t i = 0; i < w->n; i++)
        for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++) {
            /* ids with a comma or quote are quoted (RFC 4180) */
            const char *a = name_of(ids, i, b1, sizeof b1), *c = name_of(ids, w->neighbours[k], b2, sizeof b2);
            const char *s[2] = {a, c};
            for (int q = 0; q < 2; q++) {
                if (strpbrk(s[q], ",\"\r\n")) {
                    fputc('"', f);
                    for (const char *p = s[q]; *p; p++) {
                        if (*p == '"') fputc('"', f);
                        fputc(*p, f);
                    }
                    fputc('"', f);
                } else {
                    fputs(s[q], f);
                }
                fputc(',', f);
            }
            fprintf(f, "%.17g\n", w->values[k]);
        }
    return write_close(f, path, err);
}
