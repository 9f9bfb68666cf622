/* cli.c — option parsing, help, opening the store and error printing for every command. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

const char *cli_name(const cli *c, const char *zh, const char *en) {
    const char *n = c->lang == REGIO_LANG_ZH ? zh : en;
    if (!n || !*n) n = c->lang == REGIO_LANG_ZH ? en : zh;
    return n ? n : "";
}

int cli_fail(const cli *c, const regio_error *err) {
    fprintf(stderr, "regio: %s\n", regio_error_msg(err, c->lang));
    return regio_status_is_user(err->code) ? CLI_USER : CLI_INTERNAL;
}

int cli_usage_error(const cli *c, const char *zh, const char *en, ...) {
    char buf[2048];
    va_list ap;
    va_start(ap, en);
    vsnprintf(buf, sizeof buf, c->lang == REGIO_LANG_ZH ? zh : en, ap);
    va_end(ap);
    fprintf(stderr, "regio: %s\n", buf);
    return CLI_USER;
}

static const cli_opt *find_opt(const cli_opt *opts, size_t n, const char *name, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) return &opts[i];
    return NULL;
}

static void cli_help(const cli *c, const char *name, const cli_opt *opts, size_t nopts);

int cli_parse(cli *c, const char *cmd, int argc, char **argv, const cli_opt *opts, size_t nopts, const char **pos,
              size_t maxpos, size_t *npos) {
    int help = 0;
    const cli_opt common[] = {
        {"--db", OPT_STR, &c->db, "DB", "数据库：SQLite 文件或 postgresql://用户@主机/库（默认 $REGIO_DB 或 regio.db）", "database: an SQLite file or postgresql://user@host/db (default $REGIO_DB or regio.db)"},
        {"--lang", OPT_STR, &c->lang_s, "zh|en", "输出语言", "output language"},
        {"--format", OPT_STR, &c->format_s, "table|csv|json|md", "输出格式（默认 table）", "output format (default table)"},
        {"--help", OPT_FLAG, &help, NULL, "显示帮助", "show this help"},
    };
    *npos = 0;
    int only_pos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*npos >= maxpos)
                return cli_usage_error(c, "多余的参数 “%s”（见 --help）", "unexpected argument '%s' (see --help)", a);
            pos[(*npos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { only_pos = 1; continue; }
        if (strcmp(a, "-h") == 0) { help = 1; continue; }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const cli_opt *o = find_opt(opts, nopts, a, len);
        if (!o) o = find_opt(common, sizeof common / sizeof common[0], a, len);
        if (!o) return cli_usage_error(c, "未知选项 “%s”（见 --help）", "unknown option '%s' (see --help)", a);
        if (o->kind == OPT_FLAG) {
            if (eq) return cli_usage_error(c, "选项 %s 不带参数", "option %s takes no value", o->name);
            *(int *)o->dest = 1;
            continue;
        }
        const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!v) return cli_usage_error(c, "选项 %s 需要一个值（%s）", "option %s needs a value (%s)", o->name, o->arg);
        if (o->kind == OPT_STR) {
            *(const char **)o->dest = v;
        } else if (o->kind == OPT_LIST) {
            cli_list *l = o->dest;
            if (l->n == CLI_LIST_MAX)
                return cli_usage_error(c, "选项 %s 最多给 %d 次", "option %s can be given at most %d times", o->name, CLI_LIST_MAX);
            l->v[l->n++] = v;
        } else {
            long n;
            if (regio_parse_long(v, &n) || n < -2147483647L || n > 2147483647L)
                return cli_usage_error(c, "选项 %s 需要整数，而不是 “%s”", "option %s needs an integer, not '%s'", o->name, v);
            *(int *)o->dest = (int)n;
        }
    }
    if (c->lang_s) {
        if (strcmp(c->lang_s, "zh") == 0) c->lang = REGIO_LANG_ZH;
        else if (strcmp(c->lang_s, "en") == 0) c->lang = REGIO_LANG_EN;
        else return cli_usage_error(c, "--lang 应为 zh 或 en，而不是 “%s”", "--lang must be zh or en, not '%s'", c->lang_s);
    }
    if (c->format_s) {
        regio_error err;
        regio_error_clear(&err);
        if (regio_format_parse(c->format_s, &c->fmt, &err)) return cli_fail(c, &err);
    }
    if (help) {
        cli_help(c, cmd, opts, nopts);
        return CLI_DONE;
    }
    return CLI_OK;
}

static void print_opt(const cli *c, const cli_opt *o) {
    char left[64];
    snprintf(left, sizeof left, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    fprintf(c->out, "  %-26s %s\n", left, TR(c, o->help_zh, o->help_en));
}

static void cli_help(const cli *c, const char *name, const cli_opt *opts, size_t nopts) {
    const cli_cmd *cmd = &CLI_COMMANDS[0];
    for (size_t i = 0; i < CLI_NCOMMANDS; i++)
        if (strcmp(CLI_COMMANDS[i].name, name) == 0) cmd = &CLI_COMMANDS[i];
    fprintf(c->out, "%s: regio %s%s%s [%s]\n\n%s\n\n%s:\n", TR(c, "用法", "usage"), cmd->name, *cmd->args ? " " : "",
            cmd->args, TR(c, "选项", "options"), TR(c, cmd->summary_zh, cmd->summary_en), TR(c, "选项", "options"));
    for (size_t i = 0; i < nopts; i++) print_opt(c, &opts[i]);
    const cli_opt common[] = {
        {"--db", OPT_STR, NULL, "DB", "数据库：SQLite 文件或 postgresql://用户@主机/库（默认 $REGIO_DB 或 regio.db）", "database: an SQLite file or postgresql://user@host/db (default $REGIO_DB or regio.db)"},
        {"--format", OPT_STR, NULL, "table|csv|json|md", "输出格式（默认 table）", "output format (default table)"},
        {"--lang", OPT_STR, NULL, "zh|en", "输出语言（默认取 $REGIO_LANG 或 $LANG）", "output language (default from $REGIO_LANG or $LANG)"},
        {"--help", OPT_FLAG, NULL, NULL, "显示本帮助", "show this help"},
    };
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        int own = 0; /* a command's own option of that name (report's --format html|xlsx|json|docx) is the one shown */
        for (size_t k = 0; k < nopts && !own; k++) own = strcmp(opts[k].name, common[i].name) == 0;
        if (!own) print_opt(c, &common[i]);
    }
}

int cli_open(cli *c) {
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_store_open(c->db, 0, &c->st, &err);
    if (!rc) rc = regio_store_load_plan(c->st, &c->plan, &err);
    if (!rc) rc = regio_names_build(c->plan, &c->names, &err);
    if (rc) {
        cli_close(c);
        return cli_fail(c, &err);
    }
    return CLI_OK;
}

void cli_close(cli *c) {
    regio_names_free(c->names);
    c->names = NULL;
    regio_plan_free(c->plan);
    regio_store_close(c->st);
    c->plan = NULL;
    c->st = NULL;
}

int cli_write_grid(cli *c, const regio_grid *g, const char *title) {
    regio_error err;
    regio_error_clear(&err);
    if (regio_grid_write(g, c->fmt, title, c->out, &err)) return cli_fail(c, &err);
    return CLI_OK;
}

/* Resolves text of kind through the names index; prints the error or an alias note. */
static int resolve(const cli *c, regio_name_kind kind, const char *text, size_t *out) {
    regio_error err;
    regio_error_clear(&err);
    regio_name_match m;
    if (regio_names_find(c->names, kind, text, &m, &err)) return cli_fail(c, &err);
    if (m.alias) {
        const regio_region *r = &c->plan->regions[m.index];
        int former = strncmp(m.alias->kind, "former", 6) == 0;
        char when[64] = "";
        if (*m.alias->changed) snprintf(when, sizeof when, TR(c, "（%s 年变更）", " (changed %s)"), m.alias->changed);
        fprintf(stderr, TR(c, "regio: 注意：“%s”%s%s，按 %s %s 处理：%s\n", "regio: note: '%s' is %s%s; read as %s %s: %s\n"), text,
                former ? TR(c, "是旧称", "a former name or code") : TR(c, "是习惯称呼", "a customary name"), when, r->code,
                r->name_zh, m.note ? m.note : "");
    }
    *out = (size_t)m.index;
    return CLI_OK;
}

int cli_region(const cli *c, const char *code, size_t *out) { return resolve(c, REGIO_NAME_REGION, code, out); }
int cli_indicator(const cli *c, const char *code, size_t *out) { return resolve(c, REGIO_NAME_INDICATOR, code, out); }
int cli_group(const cli *c, const char *code, size_t *out) { return resolve(c, REGIO_NAME_GROUP, code, out); }

int cli_region_or_group(const cli *c, const char *text, int *is_group, size_t *out) {
    regio_error err;
    regio_error_clear(&err);
    regio_name_match m;
    long g = regio_plan_group(c->plan, text); /* a group's code first: no region is written like one */
    if (g < 0 && regio_names_find(c->names, REGIO_NAME_REGION, text, &m, &err) == REGIO_OK) {
        *is_group = 0;
        return resolve(c, REGIO_NAME_REGION, text, out);
    }
    if (g < 0 && err.code == REGIO_EINVAL) return cli_fail(c, &err); /* an ambiguous region name stays an error */
    *is_group = 1;
    return resolve(c, REGIO_NAME_GROUP, text, out);
}

int cli_vintage(const cli *c, const char *text, regio_vintage *out) {
    *out = REGIO_VINTAGE_LATEST;
    if (text && regio_vintage_parse(text, out))
        return cli_usage_error(c, "--vintage 应为 latest（最新发布，默认）或 first（首次发布），而不是 “%s”",
                               "--vintage must be latest (the latest release, default) or first (the first release), not '%s'", text);
    return CLI_OK;
}

int cli_year(const cli *c, const char *text, int *out) {
    long y;
    if (!text) return cli_usage_error(c, "需要 --year 年份", "--year is required");
    if (regio_parse_long(text, &y) || y < 1900 || y > 2200)
        return cli_usage_error(c, "年份 “%s” 无效", "invalid year '%s'", text);
    *out = (int)y;
    return CLI_OK;
}

size_t cli_split(char *s, char **items, size_t max) {
    size_t k = 0;
    for (char *p = s; p && k < max;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = 0;
        items[k++] = p;
        p = comma ? comma + 1 : NULL;
    }
    return k;
}
