/* qualifier.c — parsing and naming the qualifiers of a figure (see regio/qualifier.h) and the table of source
 * kinds. The vocabulary is small and closed on purpose: a code that is not listed here is an error at import,
 * so a typo never becomes a new kind of figure. */
#include "regio/qualifier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

typedef struct alias { const char *text; char status; int bound; int months; } alias;

/* words a bulletin uses, and the codes; status 0 / bound 0 / months 0 = this token does not set it */
static const alias ALIASES[] = {
    {"A", 'A', 0, 0}, {"P", 'P', 0, 0}, {"R", 'R', 0, 0}, {"E", 'E', 0, 0}, {"F", 'F', 0, 0}, {"U", 'U', 0, 0},
    {"初步核算", 'P', 0, 0}, {"初步", 'P', 0, 0}, {"修订", 'R', 0, 0}, {"预计", 'F', 0, 0}, {"估计", 'E', 0, 0},
    {">=", 0, REGIO_BOUND_LOWER, 0}, {"\xE2\x89\xA5", 0, REGIO_BOUND_LOWER, 0}, {"以上", 0, REGIO_BOUND_LOWER, 0},
    {"突破", 0, REGIO_BOUND_LOWER, 0}, {"超过", 0, REGIO_BOUND_LOWER, 0},
    {"<=", 0, REGIO_BOUND_UPPER, 0}, {"\xE2\x89\xA4", 0, REGIO_BOUND_UPPER, 0}, {"以下", 0, REGIO_BOUND_UPPER, 0},
    {"不到", 0, REGIO_BOUND_UPPER, 0},
    {"一季度", 0, 0, 3}, {"上半年", 0, 0, 6}, {"前三季度", 0, 0, 9},
};
#define NALIASES (sizeof ALIASES / sizeof ALIASES[0])

/* "ytdN", "1-N月", "1–N月" → N in 1..12, else 0 */
static int months_token(const char *t) {
    long n;
    char buf[16];
    if (strncasecmp(t, "ytd", 3) == 0) {
        if (regio_parse_long(t + 3, &n) || n < 1 || n > 12) return 0;
        return (int)n;
    }
    const char *rest = NULL;
    if (strncmp(t, "1-", 2) == 0) rest = t + 2;
    else if (strncmp(t, "1\xE2\x80\x93", 4) == 0) rest = t + 4;
    if (!rest) return 0;
    size_t len = strlen(rest);
    if (len < 4 || strcmp(rest + len - 3, "\xE6\x9C\x88") != 0 || len - 3 >= sizeof buf) return 0; /* 月 */
    memcpy(buf, rest, len - 3);
    buf[len - 3] = '\0';
    if (regio_parse_long(buf, &n) || n < 1 || n > 12) return 0;
    return (int)n;
}

int regio_qualifier_parse(const char *text, regio_qualifier *q, char *bad, size_t badcap) {
    q->status = 'A';
    q->bound = REGIO_BOUND_NONE;
    q->months = 12;
    if (bad && badcap) bad[0] = '\0';
    int have_status = 0, have_bound = 0, have_months = 0;
    const char *s = text ? text : "";
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == ';') s++;
        if (!*s) break;
        size_t n = strcspn(s, " \t;");
        char tok[64];
        int ok = n < sizeof tok;
        if (ok) {
            memcpy(tok, s, n);
            tok[n] = '\0';
            ok = 0;
            for (size_t i = 0; i < NALIASES && !ok; i++) {
                const alias *a = &ALIASES[i];
                if (strcasecmp(tok, a->text) != 0) continue;
                ok = 1;
                if (a->status) { ok = !have_status; have_status = 1; q->status = a->status; }
                if (a->bound) { ok = !have_bound; have_bound = 1; q->bound = a->bound; }
                if (a->months) { ok = !have_months; have_months = 1; q->months = a->months; }
            }
            int m = ok ? 0 : months_token(tok);
            if (m) { ok = !have_months; have_months = 1; q->months = m; }
        }
        if (!ok) {
            if (bad && badcap) snprintf(bad, badcap, "%.*s", (int)(n < 60 ? n : 60), s);
            return -1;
        }
        s += n;
    }
    return 0;
}

const char *regio_bound_sign(int bound) {
    return bound == REGIO_BOUND_LOWER ? "\xE2\x89\xA5" : bound == REGIO_BOUND_UPPER ? "\xE2\x89\xA4" : "";
}

void regio_qualifier_format(const regio_qualifier *q, char *buf, size_t cap) {
    size_t n = 0;
    if (!cap) return;
    buf[0] = '\0';
    if (q->status && q->status != 'A') n += (size_t)snprintf(buf + n, cap - n, "%c", q->status);
    if (n < cap && q->bound)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? " " : "", q->bound > 0 ? ">=" : "<=");
    if (n < cap && q->months && q->months != 12) snprintf(buf + n, cap - n, "%sytd%d", n ? " " : "", q->months);
}

void regio_qualifier_label(const regio_qualifier *q, regio_lang lang, char *buf, size_t cap) {
    static const char *const MONTHS_EN[] = {"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const char *st = NULL;
    switch (q->status) {
    case 'P': st = regio_tr(lang, "初步核算", "provisional"); break;
    case 'R': st = regio_tr(lang, "修订", "revised"); break;
    case 'E': st = regio_tr(lang, "估计", "estimated"); break;
    case 'F': st = regio_tr(lang, "预计", "forecast"); break;
    case 'U': st = regio_tr(lang, "可靠性低", "low reliability"); break;
    default: break;
    }
    const char *sep = regio_tr(lang, "，", ", ");
    size_t n = 0;
    if (!cap) return;
    buf[0] = '\0';
    if (st) n += (size_t)snprintf(buf, cap, "%s", st);
    if (n < cap && q->bound) {
        const char *what = q->bound > 0 ? regio_tr(lang, "下限", "lower bound") : regio_tr(lang, "上限", "upper bound");
        n += (size_t)snprintf(buf + n, cap - n, lang == REGIO_LANG_ZH ? "%s%s（%s）" : "%s%s (%s)", n ? sep : "", what,
                              regio_bound_sign(q->bound));
    }
    if (n < cap && q->months >= 1 && q->months < 12) {
        if (lang == REGIO_LANG_ZH) snprintf(buf + n, cap - n, "%s1–%d月", n ? sep : "", q->months);
        else snprintf(buf + n, cap - n, "%sJan–%s", n ? sep : "", MONTHS_EN[q->months]);
    }
}

static int digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int regio_vintage_check(const char *v) {
    if (!v || !*v) return 0;
    size_t n = strlen(v);
    if (!(n == 4 || n == 7 || n == 10) || !digits(v, 4)) return -1;
    if (n >= 7 && (v[4] != '-' || !digits(v + 5, 2) || v[5] > '1' || (v[5] == '1' && v[6] > '2') || (v[5] == '0' && v[6] == '0')))
        return -1;
    if (n == 10 && (v[7] != '-' || !digits(v + 8, 2) || v[8] > '3' || (v[8] == '0' && v[9] == '0') || (v[8] == '3' && v[9] > '1')))
        return -1;
    return 0;
}

int regio_vintage_parse(const char *s, regio_vintage *v) {
    if (s && strcmp(s, "latest") == 0) { *v = REGIO_VINTAGE_LATEST; return 0; }
    if (s && strcmp(s, "first") == 0) { *v = REGIO_VINTAGE_FIRST; return 0; }
    return -1;
}

const char *regio_vintage_name(regio_vintage v) { return v == REGIO_VINTAGE_FIRST ? "first" : "latest"; }

static const regio_source_kind KINDS[] = {
    {"bulletin", "统计公报", "statistical bulletin", 1},
    {"yearbook", "统计年鉴", "statistical yearbook", 1},
    {"census", "普查", "census", 1},
    {"work_report", "政府工作报告", "government work report", 1},
    {"plan", "规划文本", "plan text", 1},
    {"official_press", "官方发布", "official press release", 1},
    {"news", "新闻报道", "news report", 0},
    {"encyclopedia", "百科", "encyclopedia", 0},
    {"self_media", "自媒体", "self-media", 0},
    {"dataset", "研究或第三方数据集", "research or third-party data set", 0},
};

const regio_source_kind *regio_source_kinds(size_t *n) {
    *n = sizeof KINDS / sizeof KINDS[0];
    return KINDS;
}

const regio_source_kind *regio_source_kind_find(const char *code) {
    if (!code || !*code) return NULL;
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].code, code) == 0) return &KINDS[i];
    return NULL;
}
