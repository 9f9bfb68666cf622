/* extract_bulletin.c — the figures of a statistical bulletin (统计公报) or a work report.
 *
 * Bulletins state one subject and then its figures: "全省地区生产总值30021.12亿元，比上年增长4.4%。其中，第一
 * 产业增加值4206.62亿元，增长4.0%". So the text is read sentence by sentence (。 ! ? and line ends) and clause by
 * clause (, ;). In a clause the subject phrases of the pattern table are found (the longest wins where two
 * overlap: 人均地区生产总值 over 地区生产总值) and so are the figures (a structure a:b:c, a change 增长4.4%, a
 * level 30021.12亿元). A figure belongs to the nearest subject before it in its clause, or, when its clause has
 * none, to the last subject of the sentence's earlier clauses (a carried subject, with lower confidence). The
 * subject's rows say which measure takes which figure: a level in a unit that converts to the stored unit, a
 * growth rate, a structure. What disqualifies a figure (两年平均增长, 拉动…个百分点, a change of a level such as
 * 减少20万人) and what qualifies it (初步核算, 左右, 以上, 预期目标) are rows too. A year in the sentence
 * ("2021年全县生产总值…", not "比2020年") dates the figures after it; otherwise the bulletin's year does.
 * Each (indicator, year) is reported once; a second, different value is kept with a note so that the review
 * (and the importer, which refuses a key twice) sees the conflict.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "extract/extract_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")
#define MAXM 64

typedef struct mention {
    size_t s, e;          /* bytes in the normalised text */
    size_t cs;            /* start of its clause (the quote of a figure starts there) */
    size_t rows[8];       /* subject rows matching exactly this span */
    size_t nrows;
    int used[8];          /* a figure was taken for this row */
} mention;

void regio_findings_free(regio_findings *f) {
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) {
        regio_finding *r = &f->rows[i];
        free(r->indicator); free(r->value_printed); free(r->unit_printed); free(r->unit); free(r->status);
        free(r->quote); free(r->note);
    }
    free(f->rows);
    free(f);
}

static regio_finding *add(regio_findings *f) {
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 32;
        regio_finding *nr = realloc(f->rows, nc * sizeof *nr);
        if (!nr) return NULL;
        f->rows = nr;
        f->cap = nc;
    }
    regio_finding *r = &f->rows[f->n++];
    memset(r, 0, sizeof *r);
    return r;
}

/* The subject mentions of clause [a, b), overlaps resolved longest first. */
static size_t mentions(const regio_patterns *p, const char *s, size_t a, size_t b, mention *m) {
    mention all[MAXM];
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->rows[i].kind != XK_SUBJECT) continue;
        size_t from = a, ms, me;
        while (from < b && regio__re_find(p, p->rows[i].re, s, b, from, &ms, &me)) {
            if (me <= ms) { from = ms + 1; continue; }
            size_t k;
            for (k = 0; k < n; k++)
                if (all[k].s == ms && all[k].e == me) break;
            if (k == n && n < MAXM) { memset(&all[n], 0, sizeof all[n]); all[n].s = ms; all[n].e = me; all[n].cs = a; n++; }
            if (k < n && all[k].nrows < 8) all[k].rows[all[k].nrows++] = i;
            from = me;
        }
    }
    /* longest first; drop what overlaps a kept one */
    int keep[MAXM] = {0};
    for (size_t done = 0; done < n; done++) {
        long best = -1;
        for (size_t k = 0; k < n; k++) {
            if (keep[k]) continue;
            if (best < 0 || all[k].e - all[k].s > all[best].e - all[best].s ||
                (all[k].e - all[k].s == all[best].e - all[best].s && all[k].s < all[best].s))
                best = (long)k;
        }
        if (best < 0) break;
        int clash = 0;
        for (size_t k = 0; k < n; k++)
            if (keep[k] == 1 && all[k].s < all[best].e && all[best].s < all[k].e) clash = 1;
        keep[best] = clash ? 2 : 1;
    }
    size_t out = 0;
    for (size_t k = 0; k < n; k++) { /* in text order; a denominator (占全省生产总值的比重) is no subject */
        if (keep[k] != 1) continue;
        int denom = 0;
        for (size_t i = 0; i < p->n && !denom; i++) {
            const xpat *x = &p->rows[i];
            if (x->kind != XK_SKIP || strcmp(x->measure, "subject") != 0) continue;
            size_t ms, me, from = a;
            while (!denom && regio__re_find(p, x->re, s, all[k].s, from, &ms, &me)) {
                denom = me == all[k].s;
                from = me > ms ? me : ms + 1;
            }
        }
        if (!denom) m[out++] = all[k];
    }
    for (size_t i = 1; i < out; i++)
        for (size_t j = i; j > 0 && m[j].s < m[j - 1].s; j--) { mention t = m[j]; m[j] = m[j - 1]; m[j - 1] = t; }
    return out;
}

/* Is any row of kind (and measure, when given) matched inside [a, b)? */
static int phrase_in(const regio_patterns *p, xkind kind, const char *measure, const char *s, size_t a, size_t b) {
    for (size_t i = 0; i < p->n; i++) {
        const xpat *x = &p->rows[i];
        if (x->kind != kind || strcmp(x->measure, measure ? measure : "") != 0) continue;
        size_t ms, me;
        if (regio__re_find(p, x->re, s, b, a, &ms, &me) && me <= b) return 1;
    }
    return 0;
}

/* Appends the qualifiers that apply to a figure at [ts, te) of sentence [ss, se) to st ("" or "a;b"). */
static void qualifiers(const regio_patterns *p, const char *s, size_t ss, size_t cs, size_t ts, size_t te, size_t se,
                       char *st, size_t stn) {
    for (size_t i = 0; i < p->n; i++) {
        const xpat *x = &p->rows[i];
        if (x->kind != XK_QUALIFIER) continue;
        int hit = 0;
        size_t ms, me;
        if (strcmp(x->measure, "after") == 0) hit = regio__re_at(p, x->re, s, se, te) != (size_t)-1;
        else if (strcmp(x->measure, "before") == 0) hit = regio__re_find(p, x->re, s, ts, cs, &ms, &me) && me <= ts;
        else hit = regio__re_find(p, x->re, s, ts, ss, &ms, &me) && me <= ts; /* sentence */
        if (hit && !strstr(st, x->arg)) {
            size_t l = strlen(st);
            snprintf(st + l, stn - l, "%s%s", l ? ";" : "", x->arg);
        }
    }
}

/* The year dating a figure at byte ts of sentence [ss, ...): the last year mention before it, or 0. */
static int year_before(const regio_patterns *p, const char *s, size_t ss, size_t ts) {
    int y = 0, g = regio__re_group(p->year, "y");
    size_t from = ss;
    while (from < ts) {
        int rc = pcre2_match(p->year, (PCRE2_SPTR)s, ts, from, 0, p->md, NULL);
        if (rc < 0) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
        y = atoi(s + ov[2 * g]);
        from = ov[1];
    }
    return y;
}

/* The year of a "比2021年" / "较2021年" just before a figure (in [a, b)), or 0. */
static int compared_year(const regio_patterns *p, const char *s, size_t a, size_t b) {
    int y = 0;
    for (size_t i = a; i + 7 <= b; i++) {
        int cmp = (memcmp(s + i, "比", 3) == 0 || memcmp(s + i, "较", 3) == 0);
        if (!cmp) continue;
        const char *d = s + i + 3;
        if (i + 10 <= b && (d[0] == '1' || d[0] == '2') && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' && d[2] <= '9' &&
            d[3] >= '0' && d[3] <= '9' && memcmp(d + 4, "年", 3) == 0)
            y = atoi(d);
    }
    (void)p;
    return y;
}

typedef struct tok {
    size_t s, e;
    int kind;                        /* 's' structure, 'g' growth, 'v' level */
    int real;
    double sign;
    size_t ns, ne, n2s, n2e, us, ue; /* number, second number of a range, unit */
} tok;

static int grp(const regio_patterns *p, const char *name, size_t *a, size_t *b) {
    int g = regio__re_group(p->token, name);
    if (g < 0) return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    if (ov[2 * g] == PCRE2_UNSET) return 0;
    *a = ov[2 * g];
    *b = ov[2 * g + 1];
    return 1;
}

/* Next figure token of [from, b) into *t: 1, or 0 when none is left. Changes of a level and percentage-point
 * changes are tokens too (kind 'x'), so that they are consumed and never read as a level. */
static int next_token(const regio_patterns *p, const char *s, size_t from, size_t b, tok *t) {
    int rc = pcre2_match(p->token, (PCRE2_SPTR)s, b, from, 0, p->md, NULL);
    if (rc < 0) return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    memset(t, 0, sizeof *t);
    t->s = ov[0];
    t->e = ov[1];
    size_t a1, b1;
    if (grp(p, "s", &a1, &b1)) { t->kind = 's'; t->ns = a1; t->ne = b1; return 1; }
    if (grp(p, "flat", &a1, &b1)) { t->kind = 'g'; t->sign = 0; return 1; }
    if (grp(p, "verb", &a1, &b1)) {
        t->real = grp(p, "real", &t->us, &t->ue);
        t->sign = 1;
        for (size_t i = 0; i < p->n; i++)
            if (p->rows[i].kind == XK_CHANGE && regio__re_at(p, p->rows[i].re, s, b1, a1) == b1) {
                t->sign = strcmp(p->rows[i].arg, "-") == 0 ? -1 : 1;
                break;
            }
        /* the change regex above overwrote the match data: match the token again */
        pcre2_match(p->token, (PCRE2_SPTR)s, b, t->s, PCRE2_ANCHORED, p->md, NULL);
        grp(p, "g", &t->ns, &t->ne);
        if (!grp(p, "g2", &t->n2s, &t->n2e)) t->n2s = t->n2e = 0;
        size_t us = 0, ue = 0;
        int hasu = grp(p, "gu", &us, &ue);
        t->kind = hasu && ue - us == 1 && s[us] == '%' ? 'g' : 'x';
        t->us = us; t->ue = ue;
        return 1;
    }
    if (grp(p, "v2", &t->n2s, &t->n2e)) {
        grp(p, "v", &t->ns, &t->ne);
        grp(p, "u2", &t->us, &t->ue);
        t->kind = 'v';
        return 1;
    }
    grp(p, "v1", &t->ns, &t->ne);
    grp(p, "u1", &t->us, &t->ue);
    t->kind = 'v';
    return 1;
}

typedef struct ctx {
    const regio_patterns *p;
    const regio_text *t;
    regio_findings *f;
    regio_error *err;
    size_t scope;  /* where a partial year stated earlier still applies: the sentence's start, or the previous
                    * sentence's when this one starts with 其中 (the parts of the figure before) */
} ctx;

static int emit(ctx *c, const xpat *row, const char *indicator, double value, const char *vp, size_t vpn, const char *up,
                size_t upn, const char *unit, int year, const char *status, size_t cs, size_t ce, double conf,
                const char *note) {
    regio_finding *r = add(c->f);
    if (!r) return OOM(c->err);
    r->indicator = regio_strdup(indicator);
    r->value = value;
    r->value_printed = regio__strndup(vp, vpn);
    r->unit_printed = regio__strndup(up, upn);
    r->unit = regio_strdup(unit);
    r->year = year;
    r->status = regio_strdup(status);
    r->quote = regio__text_quote(c->t, cs, ce, &r->start, &r->end);
    r->line = regio__text_line(c->t, r->start);
    r->confidence = conf;
    char nb[512];
    snprintf(nb, sizeof nb, "%s%s%s", note, *note && *row->note ? "; " : "", row->note);
    r->note = regio_strdup(nb);
    if (!r->indicator || !r->value_printed || !r->unit_printed || !r->unit || !r->status || !r->quote || !r->note)
        return OOM(c->err);
    return REGIO_OK;
}

/* Takes a figure for mention m (carried or not); REGIO_OK also when the subject has no row for it. */
static int take(ctx *c, mention *m, int carried, const tok *k, size_t last, size_t ss, size_t se, size_t cs, size_t ce) {
    const regio_patterns *p = c->p;
    const char *s = c->t->norm;
    for (size_t r = 0; r < m->nrows; r++) {
        const xpat *x = &p->rows[m->rows[r]];
        if (m->used[r]) continue;
        if (strcmp(x->indicator, "-") == 0) return REGIO_OK; /* recognised, not extracted (国内生产总值) */
        int fits = 0;
        const xpat *u = NULL;
        if (k->kind == 's') fits = strcmp(x->measure, "structure") == 0;
        else if (k->kind == 'g')
            fits = strcmp(x->measure, k->real ? "growth_real" : "growth") == 0;
        else if (k->kind == 'v' && strcmp(x->measure, "value") == 0)
            fits = (u = regio__unit(p, s + k->us, k->ue - k->us, x->unit)) != NULL;
        if (!fits) continue;
        /* a disqualifying phrase between the subject (or the clause start, or the figure before) and the figure */
        size_t from = carried ? cs : m->e;
        if (last > from) from = last;
        if (from < k->s && phrase_in(p, XK_SKIP, NULL, s, from, k->s)) return REGIO_OK;
        size_t subj = carried ? cs : m->e; /* 分别为X、Y: a list after the subject */
        if (subj < k->s && phrase_in(p, XK_SKIP, "list", s, subj, k->s)) return REGIO_OK;
        if (phrase_in(p, XK_SKIP, "sentence", s, c->scope, k->s)) return REGIO_OK; /* 一季度, 1-11月: a partial year */
        char st[128] = "";
        qualifiers(p, s, ss, cs, k->s, k->e, se, st, sizeof st);
        int y = year_before(p, s, ss, k->s);
        int year = y ? y : c->f->year;
        if (k->kind == 'g' && year && compared_year(p, s, from, k->s) && compared_year(p, s, from, k->s) != year - 1)
            return REGIO_OK; /* 比2019年增长: a growth over more than one year */
        double conf = x->confidence * (carried ? 0.85 : 1.0);
        char note[256] = "";
        if (y && c->f->year && y != c->f->year) {
            snprintf(note, sizeof note, "year %d stated in the sentence", y);
            conf *= 0.9;
        }
        m->used[r] = 1;
        cs = m->cs; /* quote from the subject's clause to the figure's */
        if (k->kind == 's') {
            /* a:b:c → the listed indicators, in % */
            char ind[256];
            snprintf(ind, sizeof ind, "%s", x->indicator);
            char *save = NULL, *name = strtok_r(ind, ":", &save);
            size_t a = k->ns;
            while (name && a < k->ne) {
                size_t b = a;
                while (b < k->ne && s[b] != ':') b++;
                double v;
                if (regio__parse_num(s + a, b - a, &v) == 0) {
                    int rc = emit(c, x, name, v, s + a, b - a, "%", 1, "%", year, st, cs, ce, conf, note);
                    if (rc) return rc;
                }
                a = b + 1;
                name = strtok_r(NULL, ":", &save);
            }
            return REGIO_OK;
        }
        double v, v2 = 0;
        if (k->kind == 'g' && k->sign == 0) /* 持平 */
            return emit(c, x, x->indicator, 0, s + k->s, k->e - k->s, "%", 1, "%", year, st, cs, ce, conf, note);
        if (regio__parse_num(s + k->ns, k->ne - k->ns, &v)) return REGIO_OK;
        int range = k->n2e > k->n2s && regio__parse_num(s + k->n2s, k->n2e - k->n2s, &v2) == 0;
        if (range) {
            size_t l = strlen(st);
            snprintf(st + l, sizeof st - l, "%srange", l ? ";" : "");
            size_t nl = strlen(note);
            snprintf(note + nl, sizeof note - nl, "%srange %.*s to %.*s; value is the lower end", nl ? "; " : "",
                     (int)(k->ne - k->ns), s + k->ns, (int)(k->n2e - k->n2s), s + k->n2s);
        }
        if (k->kind == 'g') {
            double val = k->sign * v;
            return emit(c, x, x->indicator, val, s + k->ns, (range ? k->n2e : k->ne) - k->ns, "%", 1, "%", year, st, cs,
                        ce, conf, note);
        }
        double val;
        if (regio__scale_num(s + k->ns, k->ne - k->ns, u->factor, &val)) return REGIO_OK;
        return emit(c, x, x->indicator, val, s + k->ns, (range ? k->n2e : k->ne) - k->ns, s + k->us, k->ue - k->us,
                    u->unit, year, st, cs, ce, conf, note);
    }
    return REGIO_OK;
}

static int is_clause_sep(const char *s, size_t i, size_t len) {
    if (s[i] == ';') return 1;
    if (s[i] != ',') return 0;
    /* a thousands separator: digit , three digits (not a fourth) */
    if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && i + 3 < len + 1 && s[i + 1] >= '0' && s[i + 1] <= '9' &&
        s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' &&
        !(i + 4 < len && s[i + 4] >= '0' && s[i + 4] <= '9'))
        return 0;
    return 1;
}

static int sentence(ctx *c, size_t ss, size_t se) {
    const char *s = c->t->norm;
    mention carried;
    int have_carried = 0;
    size_t a = ss;
    while (a < se) {
        size_t b = a;
        while (b < se && !is_clause_sep(s, b, se)) b++;
        mention m[MAXM];
        size_t nm = mentions(c->p, s, a, b, m);
        size_t from = a, last = a, ms, me;
        int no_carry = 0;
        for (size_t i = 0; i < c->p->n && !no_carry; i++)
            no_carry = c->p->rows[i].kind == XK_SKIP && strcmp(c->p->rows[i].measure, "carry") == 0 &&
                       regio__re_at(c->p, c->p->rows[i].re, s, b, a) != (size_t)-1;
        (void)ms; (void)me;
        tok k;
        while (from < b && next_token(c->p, s, from, b, &k)) {
            from = k.e > k.s ? k.e : k.s + 1;
            if (k.kind == 'x') { last = k.e; continue; }
            long best = -1;
            for (size_t i = 0; i < nm; i++)
                if (m[i].e <= k.s) best = (long)i;
            int rc;
            if (best >= 0) rc = take(c, &m[best], 0, &k, last, ss, se, a, b);
            else if (have_carried && !no_carry) rc = take(c, &carried, 1, &k, last, ss, se, a, b);
            else rc = REGIO_OK;
            last = k.e;
            if (rc) return rc;
        }
        if (nm) { carried = m[nm - 1]; have_carried = 1; }
        a = b + 1;
    }
    return REGIO_OK;
}

/* Same indicator and year twice: the same value is dropped; a different one is kept with a note. */
static void duplicates(regio_findings *f) {
    size_t out = 0;
    for (size_t i = 0; i < f->n; i++) {
        regio_finding *r = &f->rows[i];
        int drop = 0;
        for (size_t j = 0; j < out && !drop; j++) {
            regio_finding *q = &f->rows[j];
            if (q->year != r->year || strcmp(q->indicator, r->indicator) != 0) continue;
            if (q->value == r->value) drop = 1;
            else {
                char nb[600];
                snprintf(nb, sizeof nb, "%s%sconflict: line %ld gives %s", r->note, *r->note ? "; " : "", q->line,
                         q->value_printed);
                char *nn = regio_strdup(nb);
                if (nn) { free(r->note); r->note = nn; }
                r->confidence *= 0.5;
            }
        }
        if (drop) {
            free(r->indicator); free(r->value_printed); free(r->unit_printed); free(r->unit); free(r->status);
            free(r->quote); free(r->note);
        } else f->rows[out++] = *r;
    }
    f->n = out;
}

int regio_extract_bulletin(const regio_patterns *p, const regio_text *t, const regio_bulletin_opts *o,
                           regio_findings **out, regio_error *err) {
    *out = NULL;
    regio_findings *f = calloc(1, sizeof *f);
    if (!f) return OOM(err);
    f->year = o ? o->year : 0;
    const char *s = t->norm;
    if (!f->year) {
        int rc = pcre2_match(p->title_year, (PCRE2_SPTR)s, t->norm_len, 0, 0, p->md, NULL);
        if (rc >= 0) f->year = atoi(s + pcre2_get_ovector_pointer(p->md)[2 * regio__re_group(p->title_year, "y")]);
    }
    ctx c = {p, t, f, err, 0};
    size_t i = 0, prev = 0;
    while (i < t->norm_len) {
        size_t j = i;
        while (j < t->norm_len && s[j] != '\n' && s[j] != '!' && s[j] != '?' &&
               !((unsigned char)s[j] == 0xE3 && j + 2 < t->norm_len && (unsigned char)s[j + 1] == 0x80 &&
                 (unsigned char)s[j + 2] == 0x82))
            j++;
        if (j > i) {
            c.scope = j - i >= 6 && memcmp(s + i, "其中", 6) == 0 ? prev : i;
            prev = i;
            int rc = sentence(&c, i, j);
            if (rc) { regio_findings_free(f); return rc; }
        }
        i = j + ((j < t->norm_len && s[j] != '\n' && s[j] != '!' && s[j] != '?') ? 3 : 1);
    }
    duplicates(f);
    *out = f;
    return REGIO_OK;
}
