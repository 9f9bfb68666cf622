/* extract_text.c — a text file as the extractors read it: decoded, normalised, with a map back to the original.
 *
 * Text pasted from a web page or extracted from a PDF is not what it looks like: digits and punctuation may be
 * full-width (２０２３，), characters may be Kangxi radicals (⼈ U+2F08 for 人) or, from some PDF fonts, the
 * wrong radical (⼜ for 口), blanks fall between characters, and paragraphs come twice. The shipped plan text
 * was prepared by the same rules (docs/plan, data/yunnan/SOURCES.md): character fixes, NFKC, repeated
 * sentences removed. Here they run on any file, character by character, so that every byte of the normalised
 * text knows the original character it came from: a finding quotes the original words and gives their offsets.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/table_internal.h"
#include "core/util.h"
#include "extract/extract_internal.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

/* NFKC of a whole string (for pattern rows); "" stays "". NULL on failure. */
char *regio__nfkc(const char *s);
char *regio__nfkc(const char *s) {
    if (!s) return NULL;
    if (!*s) return regio_strdup("");
    utf8proc_uint8_t *d = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    if (n < 0) return regio_strdup(s); /* not valid UTF-8: keep as is, the regex compiler will say so */
    return (char *)d;
}

typedef struct buf {
    char *s;
    size_t *src;
    size_t len, cap;
} buf;

static int put(buf *b, const char *s, size_t n, size_t src) {
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 4096;
        while (nc < b->len + n + 1) nc *= 2;
        char *ns = realloc(b->s, nc);
        if (!ns) return -1;
        b->s = ns;
        size_t *nm = realloc(b->src, nc * sizeof *nm);
        if (!nm) return -1;
        b->src = nm;
        b->cap = nc;
    }
    memcpy(b->s + b->len, s, n);
    for (size_t i = 0; i < n; i++) b->src[b->len + i] = src;
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

void regio_text_free(regio_text *t) {
    if (!t) return;
    free(t->orig); free(t->orig_char); free(t->norm); free(t->norm_src); free(t->encoding);
    free(t);
}

/* Is the character one to drop: blanks (after NFKC) and zero-width characters. */
static int dropped(utf8proc_int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF ||
           cp == 0x00A0 || cp == 0x3000;
}

static int is_end(const char *s, size_t i, size_t len, size_t *tl) {
    if (s[i] == '\n' || s[i] == '!' || s[i] == '?') { *tl = 1; return 1; }
    if (i + 2 < len + 0 && (unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82) {
        *tl = 3; /* 。 */
        return 1;
    }
    return 0;
}

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Removes the matches of the noise rows from a (in place). */
static void denoise(const regio_patterns *p, buf *a) {
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        if (p->rows[i].kind != XK_NOISE) continue;
        size_t r = 0, w = 0, ms, me;
        while (r < a->len) {
            if (regio__re_find(p, p->rows[i].re, a->s, a->len, r, &ms, &me) && me > ms) {
                for (; r < ms; r++, w++) { a->s[w] = a->s[r]; a->src[w] = a->src[r]; }
                r = me;
            } else {
                for (; r < a->len; r++, w++) { a->s[w] = a->s[r]; a->src[w] = a->src[r]; }
            }
        }
        a->len = w;
        if (a->s) a->s[w] = '\0';
    }
}

/* Copies the sentences of a into b, dropping those (of 6 bytes or more) already seen. */
static int dedupe(const buf *a, buf *b, size_t *repeated) {
    size_t cap = 64;
    while (cap < a->len / 8 + 64) cap *= 2;
    size_t *slot_s = calloc(cap, sizeof *slot_s), *slot_n = calloc(cap, sizeof *slot_n);
    int rc = 0;
    if (!slot_s || !slot_n) rc = -1;
    size_t i = 0;
    while (!rc && i < a->len) {
        size_t j = i, tl = 0;
        while (j < a->len && !is_end(a->s, j, a->len, &tl)) j++;
        size_t end = j < a->len ? j + tl : j;
        size_t n = j - i;
        int dup = 0;
        if (n >= 6) {
            uint64_t h = fnv(a->s + i, n);
            size_t k = (size_t)(h & (cap - 1)), probes = 0;
            while (slot_n[k] && probes < cap) {
                if (slot_n[k] == n && memcmp(a->s + slot_s[k], a->s + i, n) == 0) { dup = 1; break; }
                k = (k + 1) & (cap - 1);
                probes++;
            }
            if (!dup && probes < cap) { slot_s[k] = i; slot_n[k] = n; }
        }
        if (dup) {
            (*repeated)++;
            /* keep a line end so that line structure survives */
            if (end > j && a->s[j] == '\n') rc = put(b, "\n", 1, a->src[j]);
        } else {
            for (size_t k = i; k < end && !rc; k++) rc = put(b, a->s + k, 1, a->src[k]);
        }
        i = end;
    }
    free(slot_s);
    free(slot_n);
    return rc;
}

int regio_text_make(const char *name, const char *data, size_t len, regio_encoding enc, const regio_patterns *p,
                    regio_text **out, regio_error *err) {
    *out = NULL;
    const char *text, *enc_name;
    size_t tlen;
    char *owned = NULL;
    int rc = regio__text_decode(name, data, len, enc, &text, &tlen, &owned, &enc_name, err);
    if (rc) return rc;
    regio_text *t = calloc(1, sizeof *t);
    buf a = {0}, b = {0};
    if (!t || !(t->orig = regio__strndup(text, tlen)) || !(t->encoding = regio_strdup(enc_name)) ||
        !(t->orig_char = malloc((tlen + 1) * sizeof *t->orig_char))) {
        free(owned);
        regio_text_free(t);
        return OOM(err);
    }
    free(owned);
    t->orig_len = tlen;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)t->orig;
    size_t off = 0, c = 0;
    while (off < tlen && !rc) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(u + off, (utf8proc_ssize_t)(tlen - off), &cp);
        if (k <= 0) { k = 1; cp = 0xFFFD; } /* cannot happen after decoding; be safe */
        t->orig_char[c] = off;
        const char *ch = t->orig + off;
        size_t chn = (size_t)k;
        /* the pattern table's character fixes */
        if (p)
            for (size_t i = 0; i < p->n; i++)
                if (p->rows[i].kind == XK_CHAR && strlen(p->rows[i].pattern) == chn && memcmp(p->rows[i].pattern, ch, chn) == 0) {
                    ch = p->rows[i].arg;
                    chn = strlen(ch);
                    break;
                }
        if (chn == 1 && (unsigned char)ch[0] < 0x80) {
            if (!dropped((unsigned char)ch[0]) && put(&a, ch, 1, c)) rc = OOM(err);
        } else {
            utf8proc_uint8_t *d = NULL;
            utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)ch, (utf8proc_ssize_t)chn, &d,
                                              UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
            if (n < 0) rc = OOM(err);
            for (utf8proc_ssize_t q = 0; q < n && !rc;) {
                utf8proc_int32_t dc;
                utf8proc_ssize_t dk = utf8proc_iterate(d + q, n - q, &dc);
                if (dk <= 0) break;
                if (!dropped(dc) && put(&a, (const char *)d + q, (size_t)dk, c)) rc = OOM(err);
                q += dk;
            }
            free(d);
        }
        off += (size_t)k;
        c++;
    }
    if (!rc) {
        t->orig_char[c] = tlen;
        t->orig_nchars = c;
        denoise(p, &a);
        if (dedupe(&a, &b, &t->repeated) || put(&b, "", 0, c)) rc = OOM(err);
    }
    free(a.s);
    free(a.src);
    if (rc) {
        free(b.s);
        free(b.src);
        regio_text_free(t);
        return rc;
    }
    t->norm = b.s;
    t->norm_len = b.len;
    t->norm_src = b.src;
    t->norm_src[b.len] = c;
    *out = t;
    return REGIO_OK;
}

int regio_text_read(const char *path, regio_encoding enc, const regio_patterns *p, regio_text **out, regio_error *err) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return regio_error_set(err, REGIO_EIO, "%s：无法打开文件", "%s: cannot open the file", path);
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 65536 > cap) {
            size_t nc = cap ? cap * 2 : 65536;
            char *nd = realloc(data, nc);
            if (!nd) { free(data); fclose(f); return OOM(err); }
            data = nd;
            cap = nc;
        }
        size_t r = fread(data + len, 1, cap - len, f);
        len += r;
        if (r == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(data); return regio_error_set(err, REGIO_EIO, "%s：读取失败", "%s: read error", path); }
    int rc = regio_text_make(path, data, len, enc, p, out, err);
    free(data);
    return rc;
}

long regio__text_line(const regio_text *t, size_t c) {
    long line = 1;
    size_t end = c < t->orig_nchars ? t->orig_char[c] : t->orig_len;
    for (size_t i = 0; i < end; i++) line += t->orig[i] == '\n';
    return line;
}

char *regio__text_quote(const regio_text *t, size_t a, size_t b, size_t *cstart, size_t *cend) {
    if (b <= a) b = a + 1;
    if (b > t->norm_len) b = t->norm_len;
    size_t cs = t->norm_src[a], ce = t->norm_src[b - 1] + 1;
    if (ce > t->orig_nchars) ce = t->orig_nchars;
    if (cs > ce) cs = ce;
    *cstart = cs;
    *cend = ce;
    return regio__strndup(t->orig + t->orig_char[cs], t->orig_char[ce] - t->orig_char[cs]);
}
