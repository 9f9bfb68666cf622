/* util.c — see util.h. */
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *regio_strdup(const char *s) { return s ? strdup(s) : NULL; }

/* Copies s to buf without thousands separators, checking that every comma sits in the integer part and
 * is followed by exactly three digits; returns -1 when the grouping is wrong. */
static int strip_grouping(const char *s, char *buf, size_t cap) {
    size_t n = 0;
    int in_int = 1, digits_since_comma = -1, seen_comma = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ',') {
            if (!in_int || digits_since_comma == 0 || (seen_comma && digits_since_comma != 3)) return -1;
            if (!seen_comma && n == 0) return -1;
            seen_comma = 1;
            digits_since_comma = 0;
            continue;
        }
        if (isdigit((unsigned char)*p)) { if (digits_since_comma >= 0) digits_since_comma++; }
        else if (*p == '.' || *p == 'e' || *p == 'E') {
            if (in_int && seen_comma && digits_since_comma != 3) return -1;
            in_int = 0;
        }
        if (n + 1 >= cap) return -1;
        buf[n++] = *p;
    }
    if (in_int && seen_comma && digits_since_comma != 3) return -1;
    buf[n] = '\0';
    return 0;
}

int regio_parse_number(const char *s, double *out) {
    char buf[128];
    if (!s) return -1;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return -1;
    if (strip_grouping(s, buf, sizeof buf) != 0) return -1;
    size_t len = strlen(buf);
    while (len && isspace((unsigned char)buf[len - 1])) buf[--len] = '\0';
    /* only digits, sign, point and exponent: this rules out nan, inf and hex before strtod sees them */
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (!(isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

int regio_parse_long(const char *s, long *out) {
    if (!s) return -1;
    while (isspace((unsigned char)*s)) s++;
    if (!*s) return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    if (end == s || *end != '\0' || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

char *regio_asprintf(const char *fmt, ...) {
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) vsnprintf(s, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return s;
}

int regio_copy_file(const char *from, const char *to, regio_error *err) {
    FILE *in = fopen(from, "rb");
    if (!in) return regio_error_set(err, REGIO_EIO, "无法读取 %s", "cannot read %s", from);
    FILE *out = fopen(to, "wb");
    if (!out) { fclose(in); return regio_error_set(err, REGIO_EIO, "无法写入 %s", "cannot write %s", to); }
    char buf[65536];
    size_t n;
    int bad = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) { bad = 1; break; }
    bad |= ferror(in);
    fclose(in);
    if (fclose(out) || bad) return regio_error_set(err, REGIO_EIO, "无法写入 %s", "cannot write %s", to);
    return REGIO_OK;
}

const char *regio_cut(const char *s, char *buf, size_t cap) {
    if (!s) return "";
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
        if (chars == REGIO_CUT_CHARS) break;
        chars++;
    }
    if (!s[i]) return s;
    if (cap < 4) return "…";
    if (i > cap - 4) { /* not reached with cap ≥ REGIO_CUT_BUF: step back to a character start */
        i = cap - 4;
        while (i && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    }
    memcpy(buf, s, i);
    memcpy(buf + i, "\xE2\x80\xA6", 4); /* … and the terminating NUL */
    return buf;
}

int regio_check_regular(const char *path, regio_error *err) {
    struct stat st;
    if (stat(path, &st) != 0)
        return regio_error_set(err, REGIO_EIO, "无法打开文件 %s：%s", "cannot open %s: %s", path, strerror(errno));
    if (S_ISREG(st.st_mode)) return REGIO_OK;
    const char *zh = S_ISDIR(st.st_mode) ? "目录" : S_ISFIFO(st.st_mode) ? "管道（FIFO）" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "设备" : "特殊文件";
    const char *en = S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a pipe (FIFO)" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "a special file";
    char mz[REGIO_ERRMSG_MAX], me[REGIO_ERRMSG_MAX];
    snprintf(mz, sizeof mz, "%s：这是%s，不是普通文件；请给出一个数据文件", path, zh);
    snprintf(me, sizeof me, "%s: this is %s, not a regular file; give a data file", path, en);
    return regio_error_set_text(err, REGIO_EINVAL, mz, me);
}
