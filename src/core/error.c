/* error.c — bilingual error messages (see include/regio/error.h). */
#include "regio/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void regio_error_clear(regio_error *err) {
    if (!err) return;
    err->code = REGIO_OK;
    err->zh[0] = '\0';
    err->en[0] = '\0';
}

int regio_error_set(regio_error *err, int code, const char *fmt_zh, const char *fmt_en, ...) {
    if (!err) return code;
    va_list ap, ap2;
    va_start(ap, fmt_en);
    va_copy(ap2, ap);
    vsnprintf(err->zh, sizeof err->zh, fmt_zh, ap);
    vsnprintf(err->en, sizeof err->en, fmt_en, ap2);
    va_end(ap2);
    va_end(ap);
    err->code = code;
    return code;
}

int regio_error_set_text(regio_error *err, int code, const char *zh, const char *en) {
    if (!err) return code;
    snprintf(err->zh, sizeof err->zh, "%s", zh);
    snprintf(err->en, sizeof err->en, "%s", en);
    err->code = code;
    return code;
}

int regio_error_oom(regio_error *err) { return regio_error_set_text(err, REGIO_ENOMEM, "内存不足", "out of memory"); }

static void prepend(char *buf, size_t cap, const char *prefix) {
    size_t pl = strlen(prefix), bl = strlen(buf);
    if (pl >= cap) pl = cap - 1;
    if (pl + bl >= cap) bl = cap - 1 - pl;
    memmove(buf + pl, buf, bl);
    memcpy(buf, prefix, pl);
    buf[pl + bl] = '\0';
}

int regio_error_prefix(regio_error *err, const char *prefix_zh, const char *prefix_en) {
    if (!err) return REGIO_EINTERNAL;
    prepend(err->zh, sizeof err->zh, prefix_zh);
    prepend(err->en, sizeof err->en, prefix_en);
    return err->code;
}

const char *regio_error_msg(const regio_error *err, regio_lang lang) {
    if (!err) return "";
    return lang == REGIO_LANG_ZH ? err->zh : err->en;
}

int regio_status_is_user(int code) {
    return code == REGIO_EINVAL || code == REGIO_ENOTFOUND || code == REGIO_EIO;
}
