/* names.c — the names index of names.h: every way a plan's regions, groups and indicators are written, as
 * normalised keys sorted for binary search, and the suggestion for text that matches none.
 *
 * Short forms are derived here rather than listed in the plan because they follow the naming rules of
 * Chinese administrative divisions: a 市/县/区/州/省 suffix may be dropped (昆明市 → 昆明); an autonomous
 * prefecture or county is customarily called by its place name with or without 州/县, the ethnic groups
 * dropped (楚雄彝族自治州 → 楚雄, 楚雄州; 禄劝彝族苗族自治县 → 禄劝, 禄劝县). Former names and codes cannot be
 * derived; they come from the plan's region_aliases.csv with their date and source.
 */
#include "regio/names.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/util.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

typedef struct entry {
    char *key;             /* normalised */
    const char *display;   /* what a suggestion shows (points into the plan, or into owned) */
    unsigned char kind, rank;
    long index;
    const char *note;
    const regio_region_alias *alias;
} entry;

struct regio_names {
    const regio_plan *plan;
    entry *e;
    size_t n, cap;
    char **owned;          /* derived display strings */
    size_t nowned, owned_cap;
};

char *regio_names_key(const char *text) {
    if (!text) return NULL;
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)text, 0, &m,
                                        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                            UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
    if (len < 0) return NULL;
    char *s = (char *)m;
    size_t k = 0;
    for (utf8proc_ssize_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') s[k++] = s[i];
    s[k] = '\0';
    return s;
}

/* Decodes s into at most cap code points; returns the count (invalid bytes count as one each). */
static size_t decode(const char *s, int32_t *cp, size_t cap) {
    size_t n = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0 && n < cap) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &c);
        if (k <= 0) { c = *p; k = 1; }
        cp[n++] = c;
        p += k;
        left -= k;
    }
    return n;
}

#define MAXCP 128

size_t regio_names_distance(const char *a, const char *b) {
    int32_t x[MAXCP], y[MAXCP];
    size_t n = decode(a, x, MAXCP), m = decode(b, y, MAXCP);
    size_t r0[MAXCP + 1], r1[MAXCP + 1], r2[MAXCP + 1]; /* rows i-2, i-1, i: a transposition looks two back */
    size_t *pp = r0, *prev = r1, *cur = r2;
    for (size_t j = 0; j <= m; j++) prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = x[i - 1] != y[j - 1];
            size_t v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && pp[j - 2] + 1 < v) v = pp[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

static size_t cp_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}
static size_t cp_len(const char *s) { return cp_count(s, strlen(s)); }

static int add(regio_names *n, regio_name_kind kind, const char *text, const char *display, regio_name_how rank,
               long index, const char *note) {
    if (!text || !*text) return REGIO_OK;
    char *key = regio_names_key(text);
    if (!key) return REGIO_ENOMEM; /* plan text is valid UTF-8 (checked on reading), so only memory fails */
    if (!*key) { free(key); return REGIO_OK; }
    if (n->n == n->cap) {
        size_t nc = n->cap ? 2 * n->cap : 512;
        entry *ne = realloc(n->e, nc * sizeof *ne);
        if (!ne) { free(key); return REGIO_ENOMEM; }
        n->e = ne;
        n->cap = nc;
    }
    n->e[n->n++] = (entry){key, display ? display : text, (unsigned char)kind, (unsigned char)rank, index, note, NULL};
    return REGIO_OK;
}

/* Adds text made of a + b (a derived form), owned by the index. */
static int add_joined(regio_names *n, const char *a, size_t alen, const char *b, const char *display, long index) {
    if (cp_count(a, alen) < 2) return REGIO_OK; /* a one-character stem names nothing reliably */
    if (n->nowned == n->owned_cap) {
        size_t nc = n->owned_cap ? 2 * n->owned_cap : 256;
        char **no = realloc(n->owned, nc * sizeof *no);
        if (!no) return REGIO_ENOMEM;
        n->owned = no;
        n->owned_cap = nc;
    }
    size_t blen = strlen(b);
    char *s = malloc(alen + blen + 1);
    if (!s) return REGIO_ENOMEM;
    memcpy(s, a, alen);
    memcpy(s + alen, b, blen + 1);
    n->owned[n->nowned++] = s;
    return add(n, REGIO_NAME_REGION, s, display, REGIO_MATCH_SHORT, index, NULL);
}

static int ends_with(const char *s, size_t len, const char *suf) {
    size_t k = strlen(suf);
    return len >= k && memcmp(s + len - k, suf, k) == 0;
}

/* The ethnic groups named in the autonomous areas of Yunnan (and a few more of China's), longest first where
 * one ends another (怒族 after 独龙族 is fine: only a whole "…族" at the end of the stem is removed). */
static const char *const ETHNIC[] = {"哈尼族", "拉祜族", "布朗族", "纳西族", "傈僳族", "景颇族", "独龙族", "普米族",
                                     "阿昌族", "德昂族", "基诺族", "蒙古族", "布依族", "土家族", "彝族", "苗族",
                                     "回族", "傣族", "佤族", "瑶族", "壮族", "白族", "藏族", "怒族", "水族",
                                     "满族", "羌族", "侗族"};

static int region_short_forms(regio_names *n, const regio_region *r, long index) {
    const char *s = r->name_zh;
    size_t len = strlen(s);
    const char *aut = ends_with(s, len, "自治州") ? "州" : ends_with(s, len, "自治县") ? "县" : NULL;
    if (aut) {
        len -= strlen("自治州");
        for (int again = 1; again;) {
            again = 0;
            for (size_t i = 0; i < sizeof ETHNIC / sizeof ETHNIC[0]; i++)
                if (ends_with(s, len, ETHNIC[i]) && len > strlen(ETHNIC[i])) { len -= strlen(ETHNIC[i]); again = 1; }
        }
        int rc = add_joined(n, s, len, "", s, index);
        return rc ? rc : add_joined(n, s, len, aut, s, index);
    }
    static const char *const SUF[] = {"市", "县", "区", "州", "省"};
    for (size_t i = 0; i < sizeof SUF / sizeof SUF[0]; i++)
        if (ends_with(s, len, SUF[i])) return add_joined(n, s, len - strlen(SUF[i]), "", s, index);
    return REGIO_OK;
}

/* "Gross regional product (GDP)" → "GDP". */
static int paren_abbrev(regio_names *n, const char *name, const char *display, long index) {
    const char *o = strrchr(name, '('), *c = o ? strchr(o, ')') : NULL;
    if (!o || !c || c[1] || c - o < 3) return REGIO_OK;
    if (n->nowned == n->owned_cap) {
        size_t nc = n->owned_cap ? 2 * n->owned_cap : 256;
        char **no = realloc(n->owned, nc * sizeof *no);
        if (!no) return REGIO_ENOMEM;
        n->owned = no;
        n->owned_cap = nc;
    }
    size_t len = (size_t)(c - o - 1);
    char *s = malloc(len + 1);
    if (!s) return REGIO_ENOMEM;
    memcpy(s, o + 1, len);
    s[len] = '\0';
    n->owned[n->nowned++] = s;
    return add(n, REGIO_NAME_INDICATOR, s, display, REGIO_MATCH_SHORT, index, NULL);
}

static int cmp_entry(const void *a, const void *b) {
    const entry *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void regio_names_free(regio_names *n) {
    if (!n) return;
    for (size_t i = 0; i < n->n; i++) free(n->e[i].key);
    for (size_t i = 0; i < n->nowned; i++) free(n->owned[i]);
    free(n->e);
    free(n->owned);
    free(n);
}

int regio_names_build(const regio_plan *p, regio_names **out, regio_error *err) {
    *out = NULL;
    regio_names *n = calloc(1, sizeof *n);
    if (!n) return OOM(err);
    n->plan = p;
    int rc = REGIO_OK;
    long root = regio_plan_root(p);
    for (size_t i = 0; i < p->nregions && !rc; i++) {
        const regio_region *r = &p->regions[i];
        long k = (long)i;
        if (!(rc = add(n, REGIO_NAME_REGION, r->code, NULL, REGIO_MATCH_CODE, k, NULL)) &&
            !(rc = add(n, REGIO_NAME_REGION, r->name_zh, NULL, REGIO_MATCH_NAME, k, NULL)) &&
            !(rc = add(n, REGIO_NAME_REGION, r->name_en, NULL, REGIO_MATCH_NAME, k, NULL)))
            rc = region_short_forms(n, r, k);
        if (!rc && k == root) rc = add(n, REGIO_NAME_REGION, "全省", r->name_zh, REGIO_MATCH_SHORT, k, NULL);
    }
    for (size_t i = 0; i < p->naliases && !rc; i++) {
        const regio_region_alias *a = &p->aliases[i];
        if (a->region >= 0 && (size_t)a->region < p->nregions)
            rc = add(n, REGIO_NAME_REGION, a->alias, p->regions[a->region].name_zh, REGIO_MATCH_ALIAS, a->region,
                     a->note && *a->note ? a->note : a->kind);
        if (!rc && n->n) n->e[n->n - 1].alias = a;
    }
    for (size_t i = 0; i < p->ngroups && !rc; i++) {
        const regio_group *g = &p->groups[i];
        /* a partition's part is found by its name only when no block or special group has the same name */
        regio_name_how how = g->kind == REGIO_GROUP_PART ? REGIO_MATCH_ALIAS : REGIO_MATCH_NAME;
        if (!(rc = add(n, REGIO_NAME_GROUP, g->code, NULL, REGIO_MATCH_CODE, (long)i, NULL)) &&
            !(rc = add(n, REGIO_NAME_GROUP, g->name_zh, NULL, how, (long)i, NULL)))
            rc = add(n, REGIO_NAME_GROUP, g->name_en, NULL, how, (long)i, NULL);
    }
    for (size_t i = 0; i < p->nindicators && !rc; i++) {
        const regio_indicator *x = &p->indicators[i];
        if (!(rc = add(n, REGIO_NAME_INDICATOR, x->code, NULL, REGIO_MATCH_CODE, (long)i, NULL)) &&
            !(rc = add(n, REGIO_NAME_INDICATOR, x->name_zh, NULL, REGIO_MATCH_NAME, (long)i, NULL)) &&
            !(rc = add(n, REGIO_NAME_INDICATOR, x->name_en, NULL, REGIO_MATCH_NAME, (long)i, NULL)))
            rc = paren_abbrev(n, x->name_en, x->code, (long)i);
    }
    if (rc) {
        regio_names_free(n);
        return OOM(err);
    }
    qsort(n->e, n->n, sizeof *n->e, cmp_entry);
    *out = n;
    return REGIO_OK;
}

/* First entry of (kind, key), or n->n. */
static size_t lower_bound(const regio_names *n, regio_name_kind kind, const char *key) {
    size_t lo = 0, hi = n->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const entry *e = &n->e[mid];
        int c = e->kind != kind ? (e->kind < kind ? -1 : 1) : strcmp(e->key, key);
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static const char *const KIND_ZH[] = {"地区", "组", "指标"};
static const char *const KIND_EN[] = {"region", "group", "indicator"};
static const char *const LIST_CMD[] = {"regio regions", "regio groups", "regio indicators"};

static void describe(const regio_names *n, regio_name_kind kind, long index, char *buf, size_t cap) {
    const regio_plan *p = n->plan;
    if (kind == REGIO_NAME_REGION) snprintf(buf, cap, "%s %s", p->regions[index].code, p->regions[index].name_zh);
    else if (kind == REGIO_NAME_GROUP) snprintf(buf, cap, "%s %s", p->groups[index].code, p->groups[index].name_zh);
    else snprintf(buf, cap, "%s %s", p->indicators[index].code, p->indicators[index].name_zh);
}

const char *regio_names_suggest(const regio_names *n, regio_name_kind kind, const char *text) {
    char *key = regio_names_key(text);
    if (!key || !*key) { free(key); return NULL; }
    size_t nq = cp_len(key), best = SIZE_MAX, best_pre = 0;
    const entry *be = NULL;
    size_t lim = nq <= 3 ? 1 : (nq + 2) / 3;
    for (size_t i = 0; i < n->n; i++) {
        const entry *e = &n->e[i];
        if (e->kind != kind) continue;
        size_t d = regio_names_distance(key, e->key), pre = 0;
        while (key[pre] && key[pre] == e->key[pre]) pre++;
        /* ties go to the longer common beginning (禄劝彝族自治县 → 禄劝彝族苗族自治县, not 南涧彝族自治县), then rank */
        if (d < best || (d == best && (pre > best_pre || (pre == best_pre && e->rank < be->rank)))) {
            best = d;
            best_pre = pre;
            be = e;
        }
    }
    free(key);
    return be && best <= lim ? be->display : NULL;
}

int regio_names_find(const regio_names *n, regio_name_kind kind, const char *text, regio_name_match *m,
                     regio_error *err) {
    m->index = -1;
    m->how = REGIO_MATCH_CODE;
    m->note = NULL;
    m->alias = NULL;
    char *key = regio_names_key(text ? text : "");
    if (!key) return OOM(err);
    size_t i = lower_bound(n, kind, key), j = i;
    while (j < n->n && n->e[j].kind == kind && strcmp(n->e[j].key, key) == 0) j++;
    free(key);
    char zh[REGIO_ERRMSG_MAX], en[REGIO_ERRMSG_MAX];
    if (i == j) {
        const char *s = regio_names_suggest(n, kind, text ? text : "");
        if (s) {
            snprintf(zh, sizeof zh, "未知的%s“%s”——是不是“%s”？（见 %s）", KIND_ZH[kind], text ? text : "", s, LIST_CMD[kind]);
            snprintf(en, sizeof en, "unknown %s '%s' — did you mean %s? (see %s)", KIND_EN[kind], text ? text : "", s,
                     LIST_CMD[kind]);
        } else {
            snprintf(zh, sizeof zh, "未知的%s“%s”（见 %s）", KIND_ZH[kind], text ? text : "", LIST_CMD[kind]);
            snprintf(en, sizeof en, "unknown %s '%s' (see %s)", KIND_EN[kind], text ? text : "", LIST_CMD[kind]);
        }
        return regio_error_set_text(err, REGIO_ENOTFOUND, zh, en);
    }
    /* entries are sorted by rank then index: the best rank's distinct indexes decide */
    unsigned char rank = n->e[i].rank;
    size_t nd = 0;
    for (size_t k = i; k < j && n->e[k].rank == rank; k++)
        if (k == i || n->e[k].index != n->e[k - 1].index) nd++;
    if (nd == 1) {
        m->index = n->e[i].index;
        m->how = (regio_name_how)rank;
        m->note = n->e[i].note;
        m->alias = n->e[i].alias;
        return REGIO_OK;
    }
    char list[1024] = "", listzh[1024] = "";
    size_t used = 0, usedzh = 0;
    for (size_t k = i; k < j && n->e[k].rank == rank; k++) {
        if (k > i && n->e[k].index == n->e[k - 1].index) continue;
        char d[256];
        describe(n, kind, n->e[k].index, d, sizeof d);
        int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", d);
        if (w > 0 && (size_t)w < sizeof list - used) used += (size_t)w;
        w = snprintf(listzh + usedzh, sizeof listzh - usedzh, "%s%s", usedzh ? "、" : "", d);
        if (w > 0 && (size_t)w < sizeof listzh - usedzh) usedzh += (size_t)w;
    }
    snprintf(zh, sizeof zh, "“%s”有歧义，可指多个%s：%s（请写编码或全称）", text, KIND_ZH[kind], listzh);
    snprintf(en, sizeof en, "'%s' is ambiguous: it may be the %s %s (give the code or the full name)", text,
             KIND_EN[kind], list);
    return regio_error_set_text(err, REGIO_EINVAL, zh, en);
}

static long find_index(const regio_names *n, regio_name_kind kind, const char *text, regio_error *err) {
    regio_name_match m;
    return regio_names_find(n, kind, text, &m, err) ? -1 : m.index;
}

long regio_names_region(const regio_names *n, const char *text, regio_error *err) {
    return find_index(n, REGIO_NAME_REGION, text, err);
}
long regio_names_group(const regio_names *n, const char *text, regio_error *err) {
    return find_index(n, REGIO_NAME_GROUP, text, err);
}
long regio_names_indicator(const regio_names *n, const char *text, regio_error *err) {
    return find_index(n, REGIO_NAME_INDICATOR, text, err);
}
