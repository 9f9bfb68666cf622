/* extract_source.c — the publication a source text cites, so the report's source annex lists publications (one
 * bulletin, one yearbook edition, one web site, one data set) instead of thousands of source texts that differ
 * only by table, page, line or quoted sentence. The rule (docs/report.md states it, tests/test_source_pub.c
 * tests it on the shipped source texts):
 *   - a leading intermediate-file reference ("raw/x.csv: ", "raw/x.csv line 79: ") is dropped;
 *   - the candidates: the first title in book-title marks 《…》 (blanks and hyphens removed: one edition, whatever
 *     table follows), the lead text (up to the first " (", "（", ";", "；", " @" or ": ", commas and repeated
 *     blanks dropped; not when it is itself an address), the GitHub repository ("github:owner/name") and the host
 *     of the first web address (without "www." and a leading "m.");
 *   - an official source (bulletin, yearbook, census, work report, plan, official press) is named by what it
 *     publishes: title, else lead, else repository, else host; a secondary or unclassified one by the site or
 *     data set that carried the figure: host, else repository, else title, else lead.
 * Pure text work: no store, no plan. */
#include <stdio.h>
#include <string.h>

#include "regio/extract.h"

/* copies n bytes of s into buf (cap), cut back to a UTF-8 character boundary */
static void put(char *buf, size_t cap, const char *s, size_t n) {
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(buf, s, n);
    buf[n] = 0;
}

static int is_address(const char *s) { return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 || strncmp(s, "github:", 7) == 0; }

/* 《…》 with blanks and hyphens removed */
static int title(const char *s, char *buf, size_t cap) {
    const char *a = strstr(s, "《"), *b = a ? strstr(a, "》") : NULL;
    if (!b) return 0;
    b += strlen("》");
    char tmp[512];
    size_t k = 0;
    for (const char *q = a; q < b && k + 1 < sizeof tmp; q++)
        if (*q != ' ' && *q != '-' && *q != '\t') tmp[k++] = *q;
    put(buf, cap, tmp, k);
    return 1;
}

/* the text up to the first " (", "（", ";", "；", " @" or ": ", commas dropped, blanks collapsed */
static int lead(const char *s, char *buf, size_t cap) {
    static const char *const stops[] = {" (", "（", ";", "；", " @", ": "};
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        const char *e = strstr(s, stops[i]);
        if (e && (size_t)(e - s) < n) n = (size_t)(e - s);
    }
    char tmp[512];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof tmp; i++) {
        if (s[i] == ',') continue;
        if (s[i] == ' ' && (k == 0 || tmp[k - 1] == ' ')) continue;
        tmp[k++] = s[i];
    }
    while (k > 0 && tmp[k - 1] == ' ') k--;
    if (!k) return 0;
    tmp[k] = 0;
    if (is_address(tmp)) return 0;
    put(buf, cap, tmp, k);
    return 1;
}

/* "github:owner/name" of the first GitHub reference */
static int repo(const char *s, char *buf, size_t cap) {
    const char *a = strstr(s, "github:");
    if (!a) return 0;
    const char *q = a + 7;
    size_t n = strcspn(q, " @)（(;,");
    const char *slash = memchr(q, '/', n);
    if (!slash) return 0;
    size_t m = (size_t)(slash - q) + 1 + strcspn(slash + 1, " @)（(;,/");
    if (m > n) m = n;
    char tmp[300];
    snprintf(tmp, sizeof tmp, "github:%.*s", (int)m, q);
    put(buf, cap, tmp, strlen(tmp));
    return 1;
}

/* the host of the first web address, without "www." (and what precedes it) and a leading "m." */
static int host(const char *s, char *buf, size_t cap) {
    const char *a = strstr(s, "://");
    if (!a) return 0;
    a += 3;
    size_t n = strcspn(a, "/ )?#（");
    if (!n) return 0;
    const char *w = NULL;
    for (const char *q = a; q + 4 <= a + n; q++)
        if (strncmp(q, "www.", 4) == 0) w = q;
    if (w) { n -= (size_t)(w + 4 - a); a = w + 4; }
    else if (n > 2 && strncmp(a, "m.", 2) == 0) { a += 2; n -= 2; }
    put(buf, cap, a, n);
    return 1;
}

int regio_source_publication(const char *source, int official, char *buf, size_t cap) {
    if (!buf || !cap) return 0;
    buf[0] = 0;
    if (!source) return 0;
    const char *s = source;
    while (*s == ' ') s++;
    if (strncmp(s, "raw/", 4) == 0) { /* an intermediate file: "raw/x.csv: …" or "raw/x.csv line 79: …" */
        const char *c = strstr(s, ": ");
        if (c) s = c + 2;
    }
    int (*order_official[])(const char *, char *, size_t) = {title, lead, repo, host};
    int (*order_secondary[])(const char *, char *, size_t) = {host, repo, title, lead};
    for (int i = 0; i < 4; i++)
        if ((official ? order_official : order_secondary)[i](s, buf, cap)) return 1;
    put(buf, cap, s, strlen(s)); /* nothing to name: the text itself */
    return *buf != 0;
}
