/* utf8.c — validity of UTF-8 sequences and the scrubbing of echoed text (see utf8.h). */
#include <string.h>

#include "core/utf8.h"

size_t regio_utf8_seq(const unsigned char *s, size_t len) {
    if (!len) return 0;
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t k;
    unsigned long cp;
    if (c >= 0xC2 && c <= 0xDF) k = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, cp = c & 0x07;
    else return 0;
    if (len <= k) return 0;
    for (size_t j = 1; j <= k; j++) {
        if ((s[j] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[j] & 0x3F);
    }
    if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    return k + 1;
}

int regio_utf8_valid(const char *text) {
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    for (size_t i = 0, n; i < len; i += n)
        if (!(n = regio_utf8_seq(s + i, len - i))) return 0;
    return 1;
}

size_t regio_utf8_scrub(const char *text, size_t max, char *out, size_t cap) {
    static const char repl[] = "\xEF\xBF\xBD", ellipsis[] = "\xE2\x80\xA6";
    if (!cap) return 0;
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t len = strlen((const char *)s), o = 0, room = cap - 1;
    if (max < room) room = max;
    for (size_t i = 0; i < len;) {
        size_t n = regio_utf8_seq(s + i, len - i);
        const char *piece = n ? (const char *)s + i : repl;
        size_t plen = n ? n : 3;
        /* keep room for the ellipsis unless this piece is the last one and fits */
        int last = i + (n ? n : 1) >= len;
        if (o + plen + (last ? 0 : 3) > room) {
            if (o + 3 <= cap - 1) { memcpy(out + o, ellipsis, 3); o += 3; }
            break;
        }
        memcpy(out + o, piece, plen);
        o += plen;
        i += n ? n : 1;
    }
    out[o] = '\0';
    return o;
}
