/* request.c — the server's query parameters and JSON errors: every argument is checked (unknown or repeated
 * names, text that is not UTF-8, malformed years and numbers are 400; unknown codes are 404) before a handler
 * touches the store, so a bad request never reaches the engines. Every error message is scrubbed to valid UTF-8
 * and cut to SERVE_MSG_MAX bytes before it is sent: messages echo arguments and file contents, and a JSON
 * encoder refuses invalid UTF-8 (which would turn a 400 into a 500). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"
#include "serve/serve_internal.h"

static const char *status_code_name(unsigned status) {
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 421: return "misdirected_request";
    case 431: return "header_fields_too_large";
    case 422: return "rejected";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
    }
}

int regio__serve_fail(serve_req *q, serve_reply *r, unsigned status, const regio_error *err) {
    if (!status) {
        switch (err->code) {
        case REGIO_EINVAL: status = 400; break;
        case REGIO_ENOTFOUND: status = 404; break;
        case REGIO_EDB: case REGIO_ENOMEM: status = 503; break;
        default: status = 500;
        }
    }
    char zh[SERVE_MSG_MAX + 4], en[SERVE_MSG_MAX + 4];
    regio_utf8_scrub(err->zh, SERVE_MSG_MAX, zh, sizeof zh);
    regio_utf8_scrub(err->en, SERVE_MSG_MAX, en, sizeof en);
    json_decref(r->json);
    r->json = json_pack("{s:{s:i, s:s, s:s, s:s, s:s}}", "error", "status", (int)status, "code", status_code_name(status),
                        "message", q->lang == REGIO_LANG_ZH ? zh : en, "zh", zh, "en", en);
    r->status = status;
    return -1;
}

int regio__serve_failf(serve_req *q, serve_reply *r, unsigned status, const char *zh, const char *en, ...) {
    regio_error err;
    regio_error_clear(&err);
    va_list ap;
    va_start(ap, en);
    vsnprintf(err.zh, sizeof err.zh, zh, ap);
    va_end(ap);
    va_start(ap, en);
    vsnprintf(err.en, sizeof err.en, en, ap);
    va_end(ap);
    err.code = REGIO_EINVAL;
    return regio__serve_fail(q, r, status, &err);
}

int regio__serve_ok(serve_reply *r, json_t *json) {
    r->status = json ? 200 : 500;
    r->json = json ? json : json_pack("{s:{s:i, s:s, s:s}}", "error", "status", 500, "code", "internal", "message", "out of memory");
    return json ? 0 : -1;
}

const char *regio__serve_name(const serve_req *q, const char *zh, const char *en) {
    const char *s = q->lang == REGIO_LANG_ZH ? zh : en;
    return s && *s ? s : (q->lang == REGIO_LANG_ZH ? en : zh);
}

typedef struct { const char *const *allowed; const char *bad; int dup, not_utf8; char seen[16][32]; size_t nseen; } arg_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    arg_check *a = cls;
    (void)kind;
    if (!regio_utf8_valid(key) || (value && !regio_utf8_valid(value))) { a->bad = key; a->not_utf8 = 1; return MHD_NO; }
    int ok = strcmp(key, "lang") == 0;
    for (size_t i = 0; !ok && a->allowed && a->allowed[i]; i++) ok = strcmp(key, a->allowed[i]) == 0;
    if (!ok) { a->bad = key; return MHD_NO; }
    for (size_t i = 0; i < a->nseen; i++)
        if (strcmp(a->seen[i], key) == 0) { a->bad = key; a->dup = 1; return MHD_NO; }
    if (a->nseen < 16) snprintf(a->seen[a->nseen++], sizeof a->seen[0], "%s", key);
    return MHD_YES;
}

int regio__serve_params(serve_req *q, serve_reply *r, const char *const *allowed) {
    arg_check a = {.allowed = allowed};
    MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, check_arg, &a);
    if (a.bad && a.not_utf8)
        return regio__serve_failf(q, r, 400, "参数 “%.64s” 不是有效的 UTF-8 文本", "parameter '%.64s' is not valid UTF-8 text", a.bad);
    if (a.bad && a.dup)
        return regio__serve_failf(q, r, 400, "参数 “%.64s” 重复", "parameter '%.64s' is given more than once", a.bad);
    if (a.bad)
        return regio__serve_failf(q, r, 400, "未知参数 “%.64s”（见 /api/v1）", "unknown parameter '%.64s' (see /api/v1)", a.bad);
    const char *lang = regio__serve_arg(q, "lang");
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        return regio__serve_failf(q, r, 400, "lang 应为 zh 或 en", "lang must be zh or en");
    return 0;
}

const char *regio__serve_arg(serve_req *q, const char *name) {
    const char *v = MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

static int parse_year(const char *s, int *out) {
    long y;
    if (regio_parse_long(s, &y) || y < 1900 || y > 2100) return -1;
    *out = (int)y;
    return 0;
}

int regio__serve_arg_year(serve_req *q, serve_reply *r, const char *name, int required, int *out) {
    const char *s = regio__serve_arg(q, name);
    *out = 0;
    if (!s) return required ? regio__serve_failf(q, r, 400, "需要参数 %s（年份）", "parameter %s (a year) is required", name) : 0;
    if (parse_year(s, out))
        return regio__serve_failf(q, r, 400, "%s=%.32s 不是 1900–2100 之间的年份", "%s=%.32s is not a year between 1900 and 2100", name, s);
    return 0;
}

int regio__serve_arg_years(serve_req *q, serve_reply *r, long indicator, int **years, size_t *n) {
    *years = NULL;
    *n = 0;
    const char *one = regio__serve_arg(q, "year"), *range = regio__serve_arg(q, "years");
    if (one && range) return regio__serve_failf(q, r, 400, "year 与 years 只能给一个", "give year or years, not both");
    if (one) {
        int y;
        if (regio__serve_arg_year(q, r, "year", 1, &y)) return -1;
        *years = malloc(sizeof **years);
        if (!*years) return regio__serve_failf(q, r, 503, "内存不足", "out of memory");
        (*years)[0] = y;
        *n = 1;
        return 0;
    }
    if (range) {
        char a[16], b[16];
        const char *colon = strchr(range, ':');
        int y0, y1;
        if (!colon || (size_t)(colon - range) >= sizeof a || strlen(colon + 1) >= sizeof b)
            return regio__serve_failf(q, r, 400, "years 应写作 A:B，如 2015:2023", "years must be A:B, e.g. 2015:2023");
        snprintf(a, sizeof a, "%.*s", (int)(colon - range), range);
        snprintf(b, sizeof b, "%s", colon + 1);
        if (parse_year(a, &y0) || parse_year(b, &y1) || y1 < y0)
            return regio__serve_failf(q, r, 400, "years=%.32s 不是有效的年份范围（A:B，A ≤ B，1900–2100）",
                               "years=%.32s is not a valid range (A:B, A <= B, 1900-2100)", range);
        *years = malloc((size_t)(y1 - y0 + 1) * sizeof **years);
        if (!*years) return regio__serve_failf(q, r, 503, "内存不足", "out of memory");
        for (int y = y0; y <= y1; y++) (*years)[(*n)++] = y;
        return 0;
    }
    /* neither: every year with data of the indicator */
    regio_error err;
    regio_error_clear(&err);
    if (regio_store_years(q->st, q->plan, indicator, years, n, &err)) return regio__serve_fail(q, r, 0, &err);
    return 0;
}

int regio__serve_arg_indicator(serve_req *q, serve_reply *r, int required, long *out) {
    const char *s = regio__serve_arg(q, "indicator");
    *out = -1;
    if (!s) return required ? regio__serve_failf(q, r, 400, "需要参数 indicator", "parameter indicator is required") : 0;
    if ((*out = regio_plan_indicator(q->plan, s)) < 0)
        return regio__serve_failf(q, r, 404, "未知的指标 “%.64s”（见 /api/v1/indicators）", "unknown indicator '%.64s' (see /api/v1/indicators)", s);
    return 0;
}

int regio__serve_arg_level(serve_req *q, serve_reply *r, regio_level dflt, regio_level *out) {
    const char *s = regio__serve_arg(q, "level");
    *out = dflt;
    if (s && regio_level_parse(s, out))
        return regio__serve_failf(q, r, 400, "level 应为 province、prefecture 或 county，而不是 “%.32s”",
                           "level must be province, prefecture or county, not '%.32s'", s);
    return 0;
}

int regio__serve_arg_uint(serve_req *q, serve_reply *r, const char *name, unsigned long max, unsigned long dflt, unsigned long *out) {
    const char *s = regio__serve_arg(q, name);
    long v;
    *out = dflt;
    if (!s) return 0;
    if (regio_parse_long(s, &v) || v < 0 || (unsigned long)v > max)
        return regio__serve_failf(q, r, 400, "%s 应为 0 到 %lu 之间的整数", "%s must be an integer from 0 to %lu", name, max);
    *out = (unsigned long)v;
    return 0;
}

int regio__serve_arg_unit(serve_req *q, serve_reply *r, int required, long *unit, int *is_group) {
    const char *rs = regio__serve_arg(q, "region"), *gs = regio__serve_arg(q, "group");
    *unit = -1;
    *is_group = 0;
    if (rs && gs) return regio__serve_failf(q, r, 400, "region 与 group 只能给一个", "give region or group, not both");
    if (!rs && !gs) return required ? regio__serve_failf(q, r, 400, "需要参数 region 或 group", "parameter region or group is required") : 0;
    if (rs && (*unit = regio_plan_region(q->plan, rs)) < 0)
        return regio__serve_failf(q, r, 404, "未知的地区编码 “%.64s”（见 /api/v1/regions）", "unknown region code '%.64s' (see /api/v1/regions)", rs);
    if (gs && (*unit = regio_plan_group(q->plan, gs)) < 0)
        return regio__serve_failf(q, r, 404, "未知的组编码 “%.64s”（见 /api/v1/groups）", "unknown group code '%.64s' (see /api/v1/groups)", gs);
    *is_group = gs != NULL;
    return 0;
}
