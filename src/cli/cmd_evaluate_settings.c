/* cmd_evaluate_settings.c — reproducible evaluation files for `regio evaluate --data/--meta`: `--save-settings FILE`
 * writes every choice that shapes the result (the options as given, seed included) with the SHA-256 of the iData,
 * iMeta and factors files; `--settings FILE` reruns exactly those choices and refuses when a file has changed, so
 * the result is bit for bit the same (tests/cli/test_evaluate_data.sh compares the outputs byte by byte). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/evaluate_data.h"
#include "regio/hash.h"
#include "regio/json_out.h"
#include "regio/version.h"

#define SETTINGS_FORMAT "regio-evaluate-settings/1"

/* options that choose only how the result is shown or where the file goes: not stored */
static int presentational(const char *a) {
    static const char *const skip[] = {"--lang", "--format", "--db", "--save-settings", "--settings", "--threads"};
    for (size_t q = 0; q < sizeof skip / sizeof skip[0]; q++) {
        size_t n = strlen(skip[q]);
        if (strncmp(a, skip[q], n) == 0 && (a[n] == 0 || a[n] == '=')) return a[n] == 0 ? 2 : 1; /* 2: value follows */
    }
    return 0;
}

static const char *arg_value(int argc, char **argv, const char *name) {
    size_t n = strlen(name);
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], name) == 0 && i + 1 < argc) return argv[i + 1];
        if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') return argv[i] + n + 1;
    }
    return NULL;
}

static int digest(cli *c, json_t *o, const char *key, const char *path) {
    if (!path) return CLI_OK;
    char hex[65];
    regio_error err;
    regio_error_clear(&err);
    if (regio_sha256_file(path, hex, &err)) return cli_fail(c, &err);
    json_object_set_new(o, key, json_pack("{s:s, s:s}", "path", path, "sha256", hex));
    return CLI_OK;
}

int ev_settings_save(cli *c, const char *path, int argc, char **argv) {
    json_t *o = json_pack("{s:s, s:s}", "format", SETTINGS_FORMAT, "command", "evaluate"), *args = json_array();
    for (int i = 0; i < argc; i++) {
        int p = presentational(argv[i]);
        if (p == 2) { i++; continue; }
        if (p == 1) continue;
        json_array_append_new(args, json_string(argv[i]));
    }
    json_object_set_new(o, "args", args);
    int rc = digest(c, o, "data", arg_value(argc, argv, "--data"));
    if (!rc) rc = digest(c, o, "meta", arg_value(argc, argv, "--meta"));
    if (!rc) rc = digest(c, o, "factors", arg_value(argc, argv, "--factors"));
    if (!rc) rc = digest(c, o, "compare", arg_value(argc, argv, "--compare"));
    json_object_set_new(o, "regio_version", json_string(regio_version()));
    if (!rc && json_dump_file(o, path, JSON_INDENT(2) | JSON_SORT_KEYS)) rc = cli_usage_error(c, "无法写出 %s", "cannot write %s", path);
    json_decref(o);
    return rc;
}

int ev_settings_rerun(cli *c, const char *path, int argc, char **argv) {
    json_error_t je;
    json_t *o = json_load_file(path, 0, &je);
    if (!o) return cli_usage_error(c, "--settings：无法读取 %s（第 %d 行：%s）", "--settings: cannot read %s (line %d: %s)", path, je.line, je.text);
    int rc = CLI_OK;
    json_t *args = json_object_get(o, "args");
    const char *fmt = json_string_value(json_object_get(o, "format"));
    if (!fmt || strcmp(fmt, SETTINGS_FORMAT) != 0 || !json_is_array(args)) {
        rc = cli_usage_error(c, "--settings：%s 不是 regio evaluate --save-settings 写出的文件", "--settings: %s is not a file written by regio evaluate --save-settings", path);
        goto done;
    }
    /* every file the run read must still be the same bytes */
    const char *keys[] = {"data", "meta", "factors", "compare"};
    for (int k = 0; k < 4; k++) {
        json_t *f = json_object_get(o, keys[k]);
        if (!f) continue;
        const char *fp = json_string_value(json_object_get(f, "path")), *want = json_string_value(json_object_get(f, "sha256"));
        char hex[65];
        regio_error err;
        regio_error_clear(&err);
        if (!fp || !want) { rc = cli_usage_error(c, "--settings：%s 中 %s 的记录不完整", "--settings: %s: the record of %s is incomplete", path, keys[k]); goto done; }
        if (regio_sha256_file(fp, hex, &err)) { rc = cli_fail(c, &err); goto done; }
        if (strcmp(hex, want) != 0) {
            rc = cli_usage_error(c, "--settings：%s 已改变（SHA-256 %s，保存时为 %s），无法重现", "--settings: %s has changed (SHA-256 %s, %s when saved): the run cannot be reproduced", fp, hex, want);
            goto done;
        }
    }
    size_t na = json_array_size(args), n = 0;
    char **av = calloc(na + (size_t)argc + 1, sizeof *av);
    if (!av) { rc = CLI_INTERNAL; goto done; }
    for (size_t q = 0; q < na; q++) av[n++] = (char *)json_string_value(json_array_get(args, q));
    for (int i = 0; i < argc; i++) { /* the presentational options of this call (--format, --lang, --threads …) */
        if (strcmp(argv[i], "--settings") == 0) { i++; continue; }
        if (strncmp(argv[i], "--settings=", 11) == 0) continue;
        av[n++] = argv[i];
    }
    rc = cmd_evaluate_data(c, (int)n, av);
    free(av);
done:
    json_decref(o);
    return rc;
}
