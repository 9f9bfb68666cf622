/* extract_patterns.c — the pattern table: phrasings as data (docs/extract.md).
 *
 * The table is a CSV read like every other table (so it may be UTF-8 or GB18030), one row per phrasing:
 * kind,pattern,arg,indicator,measure,unit,factor,confidence,note. Patterns are normalised (NFKC) the way the
 * text is, so a row may be written with full-width punctuation, and compiled once with PCRE2 in UTF mode.
 * From the unit and change rows two more expressions are built: the bulletin's figure token (a structure
 * a:b:c, a change "增长4.4%", or a level "30021.12亿元") and the plan's quantity ("1万亿元", "65%"). Every
 * problem names the file, the line and the column.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "extract/extract_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

static const char *const KIND[XK_NKINDS] = {"subject", "unit", "change", "qualifier", "skip", "noise", "char", "comparator",
                                            "special"};

char *regio__nfkc(const char *s);

char *regio__strndup(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int regio__parse_num(const char *s, size_t n, double *out) {
    char buf[64];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k + 4 >= sizeof buf) return -1;
        if ((unsigned char)s[i] == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x88 && (unsigned char)s[i + 2] == 0x92) {
            buf[k++] = '-'; /* U+2212 minus sign */
            i += 2;
        } else if (s[i] != ',') buf[k++] = s[i];
    }
    buf[k] = '\0';
    return regio_parse_number(buf, out);
}

int regio__scale_num(const char *s, size_t n, double factor, double *out) {
    double v;
    if (regio__parse_num(s, n, &v)) return -1;
    int k = (int)lround(log10(fabs(factor)));
    if (factor <= 0 || fabs(pow(10, k) - factor) > 1e-12 * factor || n > 40) {
        *out = v * factor;
        return 0;
    }
    /* a power of ten: move the decimal point in the text, so 951435万元 is 95.1435 亿元 exactly as printed */
    char digits[64], buf[96];
    size_t nd = 0, point = (size_t)-1;
    int neg = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= '0' && ch <= '9') digits[nd++] = (char)ch;
        else if (ch == '.') point = nd;
        else if (ch == '-' || ch == 0xE2) { neg = 1; if (ch == 0xE2) i += 2; }
    }
    if (point == (size_t)-1) point = nd;
    long pos = (long)point + k; /* digits before the point after the shift */
    size_t b = 0;
    if (neg) buf[b++] = '-';
    if (pos <= 0) {
        buf[b++] = '0'; buf[b++] = '.';
        for (long i = pos; i < 0; i++) buf[b++] = '0';
        for (size_t i = 0; i < nd; i++) buf[b++] = digits[i];
    } else {
        for (long i = 0; i < pos; i++) buf[b++] = (size_t)i < nd ? digits[i] : '0';
        if ((size_t)pos < nd) {
            buf[b++] = '.';
            for (size_t i = (size_t)pos; i < nd; i++) buf[b++] = digits[i];
        }
    }
    buf[b] = '\0';
    return regio_parse_number(buf, out);
}

static pcre2_code *compile(const char *re, const char *file, long line, const char *col, regio_error *err) {
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        regio_error_set(err, REGIO_EINVAL, "%s:%ld，列 “%s”：正则表达式在第 %zu 个字节处有误：%s",
                        "%s:%ld, column '%s': the regular expression is wrong at byte %zu: %s", file, line, col,
                        (size_t)eo, (const char *)msg);
    }
    return c;
}

int regio__re_group(const pcre2_code *re, const char *name) {
    int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
    return n > 0 ? n : -1;
}

int regio__re_find(const regio_patterns *p, const pcre2_code *re, const char *s, size_t len, size_t from, size_t *ms,
                   size_t *me) {
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, from, 0, p->md, NULL);
    if (rc < 0) return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    *ms = ov[0];
    *me = ov[1];
    return 1;
}

size_t regio__re_at(const regio_patterns *p, const pcre2_code *re, const char *s, size_t len, size_t at) {
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, at, PCRE2_ANCHORED, p->md, NULL);
    if (rc < 0) return (size_t)-1;
    return pcre2_get_ovector_pointer(p->md)[1];
}

const xpat *regio__unit(const regio_patterns *p, const char *printed, size_t n, const char *want) {
    for (size_t i = 0; i < p->n; i++) {
        const xpat *x = &p->rows[i];
        if (x->kind != XK_UNIT || strlen(x->pattern) != n || memcmp(x->pattern, printed, n) != 0) continue;
        if (!want || strcmp(x->unit, want) == 0) return x;
    }
    return NULL;
}

void regio_patterns_free(regio_patterns *p) {
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        xpat *x = &p->rows[i];
        free(x->pattern); free(x->arg); free(x->indicator); free(x->measure); free(x->unit); free(x->note);
        pcre2_code_free(x->re);
    }
    free(p->rows);
    pcre2_code_free(p->token);
    pcre2_code_free(p->quantity);
    pcre2_code_free(p->year);
    pcre2_code_free(p->title_year);
    pcre2_match_data_free(p->md);
    free(p->path);
    free(p);
}

/* Appends s to the buffer (grown as needed); 0 or -1. */
static int cat(char **b, size_t *len, size_t *cap, const char *s) {
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t nc = (*cap ? *cap * 2 : 256) + n;
        char *nb = realloc(*b, nc);
        if (!nb) return -1;
        *b = nb;
        *cap = nc;
    }
    memcpy(*b + *len, s, n + 1);
    *len += n;
    return 0;
}

/* Appends \Q..\E-quoted literals of the given kind, longest first, as alternatives. */
static int alternatives(const regio_patterns *p, xkind kind, int want_flat, char **b, size_t *len, size_t *cap) {
    size_t *idx = malloc((p->n + 1) * sizeof *idx), k = 0;
    if (!idx) return -1;
    for (size_t i = 0; i < p->n; i++) {
        const xpat *x = &p->rows[i];
        if (x->kind != kind) continue;
        if (kind == XK_CHANGE && (strcmp(x->arg, "0") == 0) != want_flat) continue;
        idx[k++] = i;
    }
    for (size_t i = 1; i < k; i++) /* insertion sort by length, longest first: the alternation tries them in order */
        for (size_t j = i; j > 0 && strlen(p->rows[idx[j]].pattern) > strlen(p->rows[idx[j - 1]].pattern); j--) {
            size_t t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t;
        }
    int rc = 0;
    for (size_t i = 0; i < k && !rc; i++) {
        rc |= cat(b, len, cap, i ? "|" : "(?:");
        rc |= cat(b, len, cap, kind == XK_UNIT ? "\\Q" : "(?:");
        rc |= cat(b, len, cap, p->rows[idx[i]].pattern);
        rc |= cat(b, len, cap, kind == XK_UNIT ? "\\E" : ")");
    }
    if (!rc) rc = cat(b, len, cap, k ? ")" : "(?!)");
    free(idx);
    return rc;
}

static int build_tokens(regio_patterns *p, regio_error *err) {
    char *b = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    /* a structure a:b:c; a change (增长4.4%, 下降1-2%, 减少3万人, 提高1.2个百分点); 持平; a level (30021.12亿元) */
    rc |= cat(&b, &len, &cap, "(?<s>\\d+(?:\\.\\d+)?(?::\\d+(?:\\.\\d+)?){2,3})|(?<real>实际)?(?<verb>");
    rc |= alternatives(p, XK_CHANGE, 0, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")(?<g>" XNUM ")(?:%?(?:-|~|—|–|至|到)(?<g2>" XNUM "))?(?<gu>%|个百分点|个千分点|千分点|");
    rc |= alternatives(p, XK_UNIT, 0, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")?|(?<flat>");
    rc |= alternatives(p, XK_CHANGE, 1, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")|(?<v>" XNUM ")(?:");
    rc |= alternatives(p, XK_UNIT, 0, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")?(?:-|~|—|–|至|到)(?<v2>" XNUM ")(?<u2>");
    rc |= alternatives(p, XK_UNIT, 0, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")|(?<v1>" XNUM ")(?<u1>");
    rc |= alternatives(p, XK_UNIT, 0, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")");
    if (rc) { free(b); return OOM(err); }
    p->token = compile(b, p->path, 0, "(unit, change)", err);
    free(b);
    if (!p->token) return err ? err->code : REGIO_EINVAL;
    /* plan quantities: a number with a unit, or a bare number (a ratio such as 2.7) */
    b = NULL; len = cap = 0;
    rc |= cat(&b, &len, &cap, "(?<q>" XNUM ")(?<qu>");
    rc |= alternatives(p, XK_UNIT, 0, &b, &len, &cap);
    rc |= cat(&b, &len, &cap, ")?");
    if (rc) { free(b); return OOM(err); }
    p->quantity = compile(b, p->path, 0, "(unit)", err);
    free(b);
    if (!p->quantity) return err ? err->code : REGIO_EINVAL;
    /* a year that dates what follows: not 比2022年 / 与2020年相比 / 2011-2015年 / 2015年以来 */
    p->year = compile("(?<![比与较同\\-~—–0-9])(?<y>(?:19|20)\\d\\d)年(?!以来|相比|至|到|-|—|–|~)", p->path, 0,
                      "(year)", err);
    p->title_year = compile("(?<y>(?:19|20)\\d\\d)年[^。\\n]{0,60}?(?:统计公报|政府工作报告)", p->path, 0, "(title)", err);
    if (!p->year || !p->title_year) return err ? err->code : REGIO_EINVAL;
    return REGIO_OK;
}

static xkind kind_of(const char *s) {
    for (int k = 0; k < XK_NKINDS; k++)
        if (strcmp(s, KIND[k]) == 0) return (xkind)k;
    return XK_NKINDS;
}

int regio_patterns_load(const char *path, regio_patterns **out, regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    static const char *const COLS[] = {"kind", "pattern", "arg", "indicator", "measure", "unit", "factor", "confidence", "note"};
    long col[9];
    for (int k = 0; k < 9; k++)
        if ((col[k] = regio_table_col(t, COLS[k])) < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：模式表缺少列 “%s”（应为 %s）", "%s:%ld: the pattern table has no column '%s' (expected %s)",
                                 path, t->header_line, COLS[k], "kind,pattern,arg,indicator,measure,unit,factor,confidence,note");
            regio_table_free(t);
            return rc;
        }
    regio_patterns *p = calloc(1, sizeof *p);
    if (!p || !(p->path = regio_strdup(path)) || !(p->rows = calloc(t->nrows + 1, sizeof *p->rows))) {
        regio_table_free(t);
        regio_patterns_free(p);
        return OOM(err);
    }
    uint32_t maxcap = 16;
    for (size_t i = 0; i < t->nrows && !rc; i++) {
        const char *kind = regio_table_cell(t, i, (size_t)col[0]);
        long line = t->line[i];
        xpat *x = &p->rows[p->n];
        x->line = line;
        x->kind = kind_of(kind);
        if (x->kind == XK_NKINDS) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld，列 “kind”：未知的种类 “%s”", "%s:%ld, column 'kind': unknown kind '%s'",
                                 path, line, kind);
            break;
        }
        p->n++;
        /* patterns are normalised like the text, except character fixes, which act before NFKC */
        x->pattern = x->kind == XK_CHAR ? regio_strdup(regio_table_cell(t, i, (size_t)col[1]))
                                        : regio__nfkc(regio_table_cell(t, i, (size_t)col[1]));
        x->arg = regio__nfkc(regio_table_cell(t, i, (size_t)col[2]));
        x->indicator = regio_strdup(regio_table_cell(t, i, (size_t)col[3]));
        x->measure = regio_strdup(regio_table_cell(t, i, (size_t)col[4]));
        x->unit = regio__nfkc(regio_table_cell(t, i, (size_t)col[5]));
        x->note = regio_strdup(regio_table_cell(t, i, (size_t)col[8]));
        if (!x->pattern || !x->arg || !x->indicator || !x->measure || !x->unit || !x->note) { rc = OOM(err); break; }
        if (!*x->pattern) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld，列 “pattern”：不能为空", "%s:%ld, column 'pattern': must not be empty", path, line);
            break;
        }
        const char *f = regio_table_cell(t, i, (size_t)col[6]), *c = regio_table_cell(t, i, (size_t)col[7]);
        x->factor = 1;
        x->confidence = 0.9;
        if ((*f && (regio_parse_number(f, &x->factor) || x->factor == 0)) ||
            (*c && (regio_parse_number(c, &x->confidence) || x->confidence < 0 || x->confidence > 1))) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：factor “%s” 应为非零数，confidence “%s” 应在 0 到 1 之间",
                                 "%s:%ld: factor '%s' must be a non-zero number and confidence '%s' between 0 and 1", path, line, f, c);
            break;
        }
        if (x->kind == XK_SUBJECT && (!*x->indicator || (strcmp(x->measure, "value") && strcmp(x->measure, "growth") &&
                                                         strcmp(x->measure, "growth_real") && strcmp(x->measure, "structure")))) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld：subject 行需要 indicator，measure 应为 value、growth、growth_real 或 structure（实为 “%s”）",
                                 "%s:%ld: a subject row needs an indicator, and measure must be value, growth, growth_real or structure (not '%s')",
                                 path, line, x->measure);
            break;
        }
        if (x->kind == XK_UNIT && !*x->unit) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s:%ld，列 “unit”：unit 行需要存储单位", "%s:%ld, column 'unit': a unit row needs the stored unit", path, line);
            break;
        }
        if (x->kind == XK_UNIT || x->kind == XK_CHAR) continue;
        if (!(x->re = compile(x->pattern, path, line, "pattern", err))) { rc = err ? err->code : REGIO_EINVAL; break; }
        uint32_t cnt = 0;
        pcre2_pattern_info(x->re, PCRE2_INFO_CAPTURECOUNT, &cnt);
        if (cnt + 1 > maxcap) maxcap = cnt + 1;
    }
    regio_table_free(t);
    if (!rc) rc = build_tokens(p, err);
    if (!rc && !(p->md = pcre2_match_data_create(maxcap + 32, NULL))) rc = OOM(err);
    if (rc) { regio_patterns_free(p); return rc; }
    *out = p;
    return REGIO_OK;
}
