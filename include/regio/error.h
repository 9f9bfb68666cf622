/* error.h — the one error convention of libregio.
 *
 * Every fallible call returns an int status (REGIO_OK on success) and, on failure, fills the caller's
 * regio_error with the same code and a message a user can act on, in Chinese and in English, so that the
 * CLI, the server and the report can each show the user's language. Messages name the file, line and
 * column where they can. Callers may pass NULL for err when they only want the status.
 *
 * Ownership, stated once: an `**out` a function fills is the caller's, freed with its type's `_free` (which
 * accepts NULL); on failure *out is NULL unless the function says otherwise.
 *
 * Deviations (calls that report failure otherwise, because they cannot fail but for memory and their callers
 * check the result anyway): the JSON encoders of json_results.h return NULL; regio_grid_new returns NULL and
 * regio_grid_add_row -1 (render.h); the regio_*_name / _label lookups return a fixed string for an unknown
 * value. New code returns a status and fills err.
 */
#ifndef REGIO_ERROR_H
#define REGIO_ERROR_H

#include <stddef.h>

#include "regio/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum regio_status {
    REGIO_OK = 0,
    REGIO_EINVAL,    /* bad input from the user: arguments, file contents, unknown codes */
    REGIO_ENOTFOUND, /* a named thing (region, indicator, group, batch, file) does not exist */
    REGIO_EIO,       /* a file could not be read or written */
    REGIO_EDB,       /* the database refused (corrupt, locked, wrong schema) */
    REGIO_ENOMEM,    /* out of memory */
    REGIO_EINTERNAL  /* a bug in regio */
} regio_status;

typedef enum regio_lang { REGIO_LANG_ZH = 0, REGIO_LANG_EN = 1 } regio_lang;

#define REGIO_ERRMSG_MAX 2048

typedef struct regio_error {
    int code;
    char zh[REGIO_ERRMSG_MAX];
    char en[REGIO_ERRMSG_MAX];
} regio_error;

/* Clears err (code REGIO_OK, empty messages). */
REGIO_API void regio_error_clear(regio_error *err);

/* Fills err with code and both messages, formatted from the same argument list (the two formats must
 * take the same conversions in the same order). Returns code so callers can `return regio_error_set(...)`.
 * Safe with err == NULL. */
REGIO_API int regio_error_set(regio_error *err, int code, const char *fmt_zh, const char *fmt_en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Fills err with two ready-made messages (when each language needs its own arguments). Returns code. */
REGIO_API int regio_error_set_text(regio_error *err, int code, const char *zh, const char *en);

/* Adds a prefix to both messages (e.g. the file name) keeping the code. Returns err->code. */
REGIO_API int regio_error_prefix(regio_error *err, const char *prefix_zh, const char *prefix_en);

/* The message in lang. */
REGIO_API const char *regio_error_msg(const regio_error *err, regio_lang lang);

/* Fills err with REGIO_ENOMEM and a fixed message in both languages; allocates nothing, so it is safe when memory
 * has run out. Returns REGIO_ENOMEM: `return regio_error_oom(err);`. */
REGIO_API int regio_error_oom(regio_error *err);

/* For new code (existing call sites keep their own form until they are touched):
 * REGIO_CHECK(call) returns the call's status from the enclosing function when it is not REGIO_OK (the call has
 * filled err); REGIO_CHECK_ALLOC(p, err) returns regio_error_oom(err) when p is NULL. Neither frees anything:
 * use them where nothing needs cleaning up, else keep the `goto` to the cleanup label. */
#define REGIO_CHECK(call)                       \
    do {                                        \
        int regio_check_rc_ = (call);           \
        if (regio_check_rc_ != REGIO_OK)        \
            return regio_check_rc_;             \
    } while (0)
#define REGIO_CHECK_ALLOC(p, err)               \
    do {                                        \
        if (!(p))                               \
            return regio_error_oom(err);        \
    } while (0)

/* True when the status is the user's to fix (exit code 1), false for internal failures (exit code 2). */
REGIO_API int regio_status_is_user(int code);

/* Both forms of a short bilingual literal; picks one by lang. */
static inline const char *regio_tr(regio_lang lang, const char *zh, const char *en) {
    return lang == REGIO_LANG_ZH ? zh : en;
}

/* The same choice as an expression, for the shortcuts TR (src/cli), RTR (src/report) and L (src/engine/track):
 * when the pair is a printf format, the compiler (gcc and clang, -Wformat) checks the Chinese format against the
 * arguments as well as the English one — a call would hide both from it. tests/format/ proves a slip fails. */
#define REGIO_TR(lang, zh, en) ((lang) == REGIO_LANG_ZH ? (zh) : (en))

#ifdef __cplusplus
}
#endif
#endif
