/* text.c — display width and number formatting shared by the writers (see include/regio/render.h).
 *
 * Tables line up only if every cell is measured the way a terminal draws it, so widths come from utf8proc's
 * East Asian width data: a Chinese character takes two columns, an ambiguous one (such as "—") one, as in
 * Chinese terminals set to narrow ambiguous width, and a combining mark none. A byte that is not valid
 * UTF-8 usually shows as one replacement character, so it counts one.
 *
 * Numbers must read the same in every output and in every locale: the decimal point is always '.', even
 * after setlocale() picked a locale that writes ',', a value that rounds to zero never shows as "-0", and
 * the shortest form (decimals < 0) is the shortest of %.15g, %.16g and %.17g that reads back exactly.
 */
#include "regio/render.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t regio_text_width(const char *s) {
    if (!s) return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    size_t w = 0;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) { /* invalid byte: skip just it */
            w += 1;
            n = 1;
        } else {
            int cw = utf8proc_charwidth(cp);
            if (cw > 0) w += (size_t)cw;
        }
        p += n;
        left -= n;
    }
    return w;
}

/* Replaces the locale's decimal point in buf with '.' (in place; the point may be several bytes). */
static void fix_point(char *buf) {
    const char *dp = localeconv()->decimal_point;
    if (!dp || !*dp || strcmp(dp, ".") == 0) return;
    char *at = strstr(buf, dp);
    if (!at) return;
    size_t dl = strlen(dp);
    *at = '.';
    memmove(at + 1, at + dl, strlen(at + dl) + 1);
}

/* Drops the sign of a formatted number whose digits are all zero ("-0.00" -> "0.00"). */
static void drop_negative_zero(char *buf) {
    if (buf[0] != '-') return;
    if (strpbrk(buf, "123456789")) return;
    memmove(buf, buf + 1, strlen(buf));
}

void regio_format_number(double v, int decimals, char *buf, size_t cap) {
    if (!buf || cap == 0) return;
    buf[0] = '\0';
    if (isnan(v)) return;
    if (isinf(v)) {
        snprintf(buf, cap, "%s", v < 0 ? "-inf" : "inf");
        return;
    }
    if (v == 0) v = 0.0; /* -0.0 becomes +0.0 */
    if (decimals >= 0) {
        snprintf(buf, cap, "%.*f", decimals, v);
    } else {
        /* Compare in the current locale (strtod reads what snprintf wrote), then fix the point. */
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, cap, "%.*g", prec, v);
            if (strtod(buf, NULL) == v) break;
        }
    }
    fix_point(buf);
    drop_negative_zero(buf);
}
