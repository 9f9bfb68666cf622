/* extract_plan.c — the quantified targets and baselines of a plan text.
 *
 * A plan states its figures as "到2025年，昆明市经济总量达到1万亿元，常住人口达到1000万左右" or
 * "收入比值从2015年的3.2下降到2020年的2.92". So each sentence (。 ; ! ? and line ends) is searched for
 * quantities — a number with a unit of the pattern table, or a bare number right after a comparator (缩小到2.7) —
 * and for the phrases that are figures themselves (翻一番 = 2 倍, 基本同步 = a difference of 0). The comparator
 * comes from the words right before the figure (达到, 年均增长, 高于, 缩小到) or right after it (以上, 左右, 以内),
 * the later one winning (达到65%左右 is ≈ 65); a figure after 、 in "分别高于12%、18%" takes the comparator of the
 * one before. The year is that of 到2025年 earlier in the sentence, else the last year named before the figure;
 * a year before the plan's first year makes the figure a baseline. The subject is the words the figure measures:
 * after "X%的" the noun that follows (集聚全省50%的人口), else the clause's words before the figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "extract/extract_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

void regio_plan_findings_free(regio_plan_findings *f) {
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) {
        regio_plan_finding *r = &f->rows[i];
        free(r->subject); free(r->comparator); free(r->value_printed); free(r->unit_printed); free(r->unit);
        free(r->role); free(r->quote);
    }
    free(f->rows);
    free(f);
}

static regio_plan_finding *add(regio_plan_findings *f) {
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 64;
        regio_plan_finding *nr = realloc(f->rows, nc * sizeof *nr);
        if (!nr) return NULL;
        f->rows = nr;
        f->cap = nc;
    }
    regio_plan_finding *r = &f->rows[f->n++];
    memset(r, 0, sizeof *r);
    return r;
}

/* A comparator row of the given measure matching right before b (ending at b, starting at or after a): its arg
 * and *start; NULL when none. The longest match wins. */
static const char *comparator_before(const regio_patterns *p, const char *s, size_t a, size_t b, size_t *start) {
    const char *best = NULL;
    size_t bs = b;
    for (size_t i = 0; i < p->n; i++) {
        const xpat *x = &p->rows[i];
        if (x->kind != XK_COMPARATOR || strcmp(x->measure, "before") != 0) continue;
        size_t from = a, ms, me;
        while (from < b && regio__re_find(p, x->re, s, b, from, &ms, &me)) {
            if (me == b && ms < bs) { best = x->arg; bs = ms; }
            from = me > ms ? me : ms + 1;
        }
    }
    *start = bs;
    return best;
}

static const char *comparator_after(const regio_patterns *p, const char *s, size_t at, size_t len, size_t *end) {
    for (size_t i = 0; i < p->n; i++) {
        const xpat *x = &p->rows[i];
        if (x->kind != XK_COMPARATOR || strcmp(x->measure, "after") != 0) continue;
        size_t e = regio__re_at(p, x->re, s, len, at);
        if (e != (size_t)-1) { *end = e; return x->arg; }
    }
    *end = at;
    return NULL;
}

/* Does the literal lit stand at s[i] (within n bytes)? */
static int at(const char *s, size_t i, size_t n, const char *lit) {
    size_t l = strlen(lit);
    return i + l <= n && memcmp(s + i, lit, l) == 0;
}

static int is_delim(const char *s, size_t i, size_t n) {
    return s[i] == ',' || s[i] == ';' || s[i] == ':' || at(s, i, n, "、") || at(s, i, n, "和") || at(s, i, n, "及") ||
           at(s, i, n, "与");
}

/* Byte length of the UTF-8 character at s[i]. */
static size_t ulen(const char *s, size_t i) {
    unsigned char c = (unsigned char)s[i];
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

typedef struct figure {
    size_t s, e;          /* the figure's bytes (number and unit, or the special phrase) */
    size_t ns, ne, us, ue;
    double value;
    const char *unit, *cmp;
    size_t cmp_start;     /* where the comparator before it starts (s when none) */
    const char *same_subject; /* a figure after 、 in a list (分别达37500元、12842元): the subject of the one before */
} figure;

static int year_of(const regio_patterns *p, const char *s, size_t ss, size_t upto) {
    /* 到2025年 before the figure wins; else the last year named before it */
    int target = 0, last = 0;
    size_t at_end = upto;
    for (size_t i = ss; i + 7 <= at_end; i++) {
        if ((s[i] == '1' || s[i] == '2') && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
            s[i + 3] >= '0' && s[i + 3] <= '9' && at(s, i + 4, at_end, "年") && (i == ss || s[i - 1] < '0' || s[i - 1] > '9')) {
            int y = atoi(s + i);
            if (y < 1949 || y > 2100) continue;
            if (i >= ss + 3 && at(s, i - 3, at_end, "到")) target = y;
            last = y;
        }
    }
    (void)p;
    return target ? target : last;
}

static int emit(const regio_patterns *p, const regio_text *t, regio_plan_findings *f, const figure *g, size_t ss,
                size_t se, size_t cs, int plan_start, regio_error *err) {
    const char *s = t->norm;
    regio_plan_finding *r = add(f);
    if (!r) return OOM(err);
    r->value = g->value;
    r->value_printed = regio__strndup(s + g->ns, g->ne - g->ns);
    r->unit_printed = regio__strndup(s + g->us, g->ue - g->us);
    r->unit = regio_strdup(g->unit ? g->unit : "");
    r->comparator = regio_strdup(g->cmp ? g->cmp : "=");
    r->year = year_of(p, s, ss, g->s);
    int past = strstr(s + ss, "了") && strstr(s + ss, "了") < s + se;
    r->role = regio_strdup(r->year ? (r->year < plan_start ? "baseline" : "target") : past ? "baseline" : "target");
    /* subject: the noun after "X%的", else the clause's words before the figure (and its comparator) */
    size_t a = cs, b = g->cmp_start;
    size_t after = g->e;
    size_t end;
    comparator_after(p, s, after, se, &end);
    if (at(s, end, se, "的")) {
        a = end + 3;
        b = a;
        while (b < se && !is_delim(s, b, se)) b += ulen(s, b);
    }
    if (b < a) b = a;
    r->subject = g->same_subject ? regio_strdup(g->same_subject) : regio__strndup(s + a, b - a);
    size_t c0, c1;
    r->quote = regio__text_quote(t, ss, se, &c0, &c1);
    r->line = regio__text_line(t, c0);
    char *clause = regio__text_quote(t, cs, g->e, &r->start, &r->end);
    free(clause);
    if (!r->value_printed || !r->unit_printed || !r->unit || !r->comparator || !r->role || !r->subject || !r->quote)
        return OOM(err);
    return REGIO_OK;
}

static int sentence(const regio_patterns *p, const regio_text *t, regio_plan_findings *f, size_t ss, size_t se,
                    int plan_start, regio_error *err) {
    const char *s = t->norm;
    int gq = regio__re_group(p->quantity, "q"), gu = regio__re_group(p->quantity, "qu");
    const char *prev_cmp = NULL, *prev_subject = NULL;
    size_t prev_end = 0;
    size_t cs = ss; /* clause start */
    size_t i = ss;
    while (i < se) {
        if (s[i] == ',' || s[i] == ';') { cs = i + 1; i++; continue; }
        figure g;
        memset(&g, 0, sizeof g);
        int found = 0;
        /* a special phrase */
        for (size_t k = 0; k < p->n && !found; k++) {
            const xpat *x = &p->rows[k];
            if (x->kind != XK_SPECIAL) continue;
            size_t e = regio__re_at(p, x->re, s, se, i);
            if (e == (size_t)-1 || e == i) continue;
            g.s = g.ns = g.us = i;
            g.e = g.ne = g.ue = e;
            if (regio_parse_number(x->arg, &g.value)) continue;
            g.unit = x->unit;
            g.cmp = x->measure;
            g.cmp_start = i;
            g.us = g.ue = i;
            found = 1;
        }
        if (!found && s[i] >= '0' && s[i] <= '9' && (i == ss || !(s[i - 1] >= '0' && s[i - 1] <= '9') )) {
            int rc = pcre2_match(p->quantity, (PCRE2_SPTR)s, se, i, PCRE2_ANCHORED, p->md, NULL);
            if (rc >= 0) {
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
                g.s = ov[0]; g.e = ov[1];
                g.ns = ov[2 * gq]; g.ne = ov[2 * gq + 1];
                int has_unit = ov[2 * gu] != PCRE2_UNSET && ov[2 * gu + 1] > ov[2 * gu];
                g.us = has_unit ? ov[2 * gu] : g.ne;
                g.ue = has_unit ? ov[2 * gu + 1] : g.ne;
                const xpat *u = has_unit ? regio__unit(p, s + g.us, g.ue - g.us, NULL) : NULL;
                int is_year = at(s, g.ue, se, "年");
                g.cmp = comparator_before(p, s, cs, g.s, &g.cmp_start);
                if (!g.cmp) {
                    g.cmp_start = g.s;
                    if (prev_cmp && prev_end + 3 == g.s && at(s, prev_end, se, "、")) g.cmp = prev_cmp;
                }
                if (prev_subject && prev_end + 3 == g.s && at(s, prev_end, se, "、")) g.same_subject = prev_subject;
                if (!is_year && (u || g.cmp) && regio__scale_num(s + g.ns, g.ne - g.ns, u ? u->factor : 1, &g.value) == 0) {
                    g.unit = u ? u->unit : "";
                    found = 1;
                }
            }
        }
        if (!found) { i += ulen(s, i); continue; }
        size_t end;
        const char *after = comparator_after(p, s, g.e, se, &end);
        if (after) g.cmp = after;
        int rc = emit(p, t, f, &g, ss, se, cs, plan_start, err);
        if (rc) return rc;
        prev_subject = f->rows[f->n - 1].subject;
        prev_cmp = g.cmp;
        prev_end = end;
        i = end > g.e ? end : g.e;
    }
    return REGIO_OK;
}

int regio_extract_plan(const regio_patterns *p, const regio_text *t, int plan_start, regio_plan_findings **out,
                       regio_error *err) {
    *out = NULL;
    regio_plan_findings *f = calloc(1, sizeof *f);
    if (!f) return OOM(err);
    const char *s = t->norm;
    size_t i = 0, n = t->norm_len;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '\n' && s[j] != '!' && s[j] != '?' && s[j] != ';' && !at(s, j, n, "。")) j++;
        if (j > i) {
            int rc = sentence(p, t, f, i, j, plan_start, err);
            if (rc) { regio_plan_findings_free(f); return rc; }
        }
        i = j + (at(s, j, n, "。") ? 3 : 1);
    }
    *out = f;
    return REGIO_OK;
}
