/* cmd_extract.c — `regio extract bulletin FILE` (figures of a statistical bulletin or work report, written as a
 * review file that `regio import` reads) and `regio extract plan FILE` (the quantified targets and baselines of
 * a plan text). The phrasings come from the pattern tables in data/extract/ (docs/extract.md); the commands only
 * resolve the region, call the extractor and print. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "regio/extract.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#ifndef REGIO_DATA_DIR
#define REGIO_DATA_DIR "data"
#endif

/* The pattern table: --patterns; else $REGIO_DATA_DIR/extract/FILE; else beside the program (an installed tree:
 * ../share/regio/plans/extract, where make install puts data/; a build tree: ../data/extract); else the source
 * tree the program was built from. */
static int load_patterns(const cli *c, const char *given, const char *file, regio_patterns **p) {
    char path[PATH_MAX + 128] = "";
    const char *dir = getenv("REGIO_DATA_DIR");
    if (given) snprintf(path, sizeof path, "%s", given);
    else if (dir && *dir) snprintf(path, sizeof path, "%s/extract/%s", dir, file);
    else {
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        char *slash = n > 0 ? (exe[n] = 0, strrchr(exe, '/')) : NULL;
        static const char *const rel[] = {"../share/regio/plans", "../data", "../../data"};
        if (slash) *slash = 0;
        for (size_t i = 0; slash && i < N(rel) && !*path; i++) {
            char probe[PATH_MAX + 128];
            snprintf(probe, sizeof probe, "%s/%s/extract/%s", exe, rel[i], file);
            if (access(probe, R_OK) == 0) snprintf(path, sizeof path, "%s", probe);
        }
        if (!*path) snprintf(path, sizeof path, "%s/extract/%s", REGIO_DATA_DIR, file);
    }
    regio_error err;
    regio_error_clear(&err);
    if (regio_patterns_load(path, p, &err)) return cli_fail(c, &err);
    return CLI_OK;
}

static int encoding_opt(const cli *c, const char *s, regio_encoding *e) {
    *e = REGIO_ENC_AUTO;
    if (!s || strcmp(s, "auto") == 0) return CLI_OK;
    if (strcmp(s, "utf-8") == 0 || strcmp(s, "utf8") == 0) *e = REGIO_ENC_UTF8;
    else if (strcmp(s, "gb18030") == 0 || strcmp(s, "gbk") == 0) *e = REGIO_ENC_GB18030;
    else return cli_usage_error(c, "--encoding 应为 auto、utf-8 或 gb18030", "--encoding must be auto, utf-8 or gb18030");
    return CLI_OK;
}

/* The importer's qualifier tokens (docs/methods/qualifiers.md) for an extractor status: preliminary → P, final →
 * R, lower_bound → >=, upper_bound → <=. approx and range have no token: they stay in the status column. */
static void qualifier_of(const char *status, char *q, size_t n) {
    static const char *const MAP[][2] = {{"preliminary", "P"}, {"final", "R"}, {"lower_bound", ">="}, {"upper_bound", "<="}};
    q[0] = '\0';
    for (size_t i = 0; i < N(MAP); i++)
        if (strstr(status, MAP[i][0])) {
            size_t l = strlen(q);
            snprintf(q + l, n - l, "%s%s", l ? " " : "", MAP[i][1]);
        }
}

static int bulletin(cli *c, int argc, char **argv) {
    const char *pos[1], *region_s = NULL, *source = NULL, *patterns = NULL, *enc_s = NULL;
    int year = 0, all = 0;
    size_t npos;
    const cli_opt opts[] = {
        {"--region", OPT_STR, &region_s, "CODE|NAME", "公报所属地区：编码或名称（昆明市、昆明）", "the bulletin's region: a code or a name (昆明市, 昆明)"},
        {"--year", OPT_INT, &year, "Y", "公报年份（默认取标题中的“2023年…统计公报”）", "the bulletin's year (default: from the title, \"2023年…统计公报\")"},
        {"--source", OPT_STR, &source, "TEXT", "来源说明（默认为文件名和行号）", "source text (default: the file name and line)"},
        {"--all", OPT_FLAG, &all, NULL, "也输出规划中没有的指标（附说明；regio import 会拒绝这些行）", "also write indicators the plan lacks (with a note; regio import refuses those rows)"},
        {"--patterns", OPT_STR, &patterns, "FILE", "模式表（默认 data/extract/bulletin_patterns.csv）", "pattern table (default data/extract/bulletin_patterns.csv)"},
        {"--encoding", OPT_STR, &enc_s, "auto|utf-8|gb18030", "文件编码（默认自动识别）", "file encoding (default: detect)"},
    };
    CLI_PARSE(c, "extract", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos != 1) return cli_usage_error(c, "需要公报文本文件：regio extract bulletin FILE [--region CODE|NAME] [--year Y]",
                                          "a bulletin text file is needed: regio extract bulletin FILE [--region CODE|NAME] [--year Y]");
    if (!c->format_s) c->fmt = REGIO_FMT_CSV; /* a review file for regio import */
    regio_encoding enc;
    int rc;
    if ((rc = encoding_opt(c, enc_s, &enc))) return rc;
    if (!region_s) return cli_usage_error(c, "需要 --region（编码或名称）", "--region is required (a code or a name)");
    if ((rc = cli_open(c))) return rc;
    size_t reg = 0;
    if ((rc = cli_region(c, region_s, &reg))) return rc; /* code, full, short or customary name (names.h) */
    const char *code = c->plan->regions[reg].code;
    regio_patterns *p = NULL;
    if ((rc = load_patterns(c, patterns, "bulletin_patterns.csv", &p))) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_text *t = NULL;
    regio_findings *f = NULL;
    regio_bulletin_opts bo = {.year = year};
    regio_grid *g = NULL;
    if (regio_text_read(pos[0], enc, p, &t, &err) || regio_extract_bulletin(p, t, &bo, &f, &err)) {
        rc = cli_fail(c, &err);
        goto out;
    }
    if (!f->year) {
        int dated = 1;
        for (size_t i = 0; i < f->n; i++) dated &= f->rows[i].year != 0;
        if (!dated) {
            rc = cli_usage_error(c, "%s：标题中没有年份（“2023年…统计公报”），请用 --year 给出", "%s: the title gives no year (\"2023年…统计公报\"); give --year", pos[0]);
            goto out;
        }
    }
    const regio_column cols[] = {
        {"region", TR(c, "地区", "region"), REGIO_COL_TEXT, 0},
        {"indicator", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0},
        {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0},
        {"value", TR(c, "值（存储单位）", "value (stored unit)"), REGIO_COL_NUM, -1},
        {"source", TR(c, "来源", "source"), REGIO_COL_TEXT, 0},
        {"qualifier", TR(c, "限定（导入）", "qualifier"), REGIO_COL_TEXT, 0},
        {"status", TR(c, "限定", "status"), REGIO_COL_TEXT, 0},
        {"value_printed", TR(c, "原文数值", "value as printed"), REGIO_COL_TEXT, 0},
        {"unit_printed", TR(c, "原文单位", "unit as printed"), REGIO_COL_TEXT, 0},
        {"unit", TR(c, "存储单位", "stored unit"), REGIO_COL_TEXT, 0},
        {"quote", TR(c, "原文", "quote"), REGIO_COL_TEXT, 0},
        {"start", TR(c, "起", "start"), REGIO_COL_INT, 0},
        {"end", TR(c, "止", "end"), REGIO_COL_INT, 0},
        {"line", TR(c, "行", "line"), REGIO_COL_INT, 0},
        {"confidence", TR(c, "置信度", "confidence"), REGIO_COL_NUM, 2},
        {"note", TR(c, "说明", "note"), REGIO_COL_TEXT, 0},
    };
    g = regio_grid_new(cols, N(cols));
    size_t outside = 0;
    for (size_t i = 0; g && i < f->n; i++) {
        const regio_finding *r = &f->rows[i];
        int in_plan = regio_plan_indicator(c->plan, r->indicator) >= 0;
        if (!in_plan && !all) { outside++; continue; }
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        char src[1024], note[1024];
        if (source) snprintf(src, sizeof src, "%s (line %ld)", source, r->line);
        else snprintf(src, sizeof src, "%s:%ld", pos[0], r->line);
        snprintf(note, sizeof note, "%s%s%s", r->note, *r->note && !in_plan ? "; " : "",
                 in_plan ? "" : TR(c, "规划中没有该指标：regio import 会拒绝这一行", "the plan has no such indicator: regio import refuses this row"));
        regio_grid_set_text(g, k, 0, code);
        regio_grid_set_text(g, k, 1, r->indicator);
        regio_grid_set_int(g, k, 2, r->year);
        regio_grid_set_num(g, k, 3, r->value);
        regio_grid_set_text(g, k, 4, src);
        char q[64];
        qualifier_of(r->status, q, sizeof q);
        regio_grid_set_text(g, k, 5, q);
        regio_grid_set_text(g, k, 6, r->status);
        regio_grid_set_text(g, k, 7, r->value_printed);
        regio_grid_set_text(g, k, 8, r->unit_printed);
        regio_grid_set_text(g, k, 9, r->unit);
        regio_grid_set_text(g, k, 10, r->quote);
        regio_grid_set_int(g, k, 11, (long long)r->start);
        regio_grid_set_int(g, k, 12, (long long)r->end);
        regio_grid_set_int(g, k, 13, r->line);
        regio_grid_set_num(g, k, 14, r->confidence);
        regio_grid_set_text(g, k, 15, note);
    }
    if (!g) { rc = CLI_INTERNAL; goto out; }
    rc = cli_write_grid(c, g, NULL);
    fprintf(stderr, TR(c, "regio: %s（%s）：找到 %zu 个数值%s；%zu 个重复句子已删除\n",
                       "regio: %s (%s): %zu figures found%s; %zu repeated sentences removed\n"),
            pos[0], t->encoding, f->n - outside, "", t->repeated);
    if (outside)
        fprintf(stderr, TR(c, "regio: 另有 %zu 个数值的指标不在规划中，未输出（--all 也输出它们）\n",
                           "regio: %zu more figures are of indicators the plan lacks and were left out (--all writes them)\n"),
                outside);
out:
    regio_grid_free(g);
    regio_findings_free(f);
    regio_text_free(t);
    regio_patterns_free(p);
    return rc;
}

static int plan(cli *c, int argc, char **argv) {
    const char *pos[1], *patterns = NULL, *enc_s = NULL;
    int start = 2021;
    size_t npos;
    const cli_opt opts[] = {
        {"--start", OPT_INT, &start, "Y", "规划期首年（默认 2021）：更早年份的数值是基数", "first year of the plan period (default 2021): figures for earlier years are baselines"},
        {"--patterns", OPT_STR, &patterns, "FILE", "模式表（默认 data/extract/plan_patterns.csv）", "pattern table (default data/extract/plan_patterns.csv)"},
        {"--encoding", OPT_STR, &enc_s, "auto|utf-8|gb18030", "文件编码（默认自动识别）", "file encoding (default: detect)"},
    };
    CLI_PARSE(c, "extract", argc, argv, opts, N(opts), pos, 1, &npos);
    if (npos != 1) return cli_usage_error(c, "需要规划文本文件：regio extract plan FILE", "a plan text file is needed: regio extract plan FILE");
    regio_encoding enc;
    int rc;
    if ((rc = encoding_opt(c, enc_s, &enc))) return rc;
    regio_patterns *p = NULL;
    if ((rc = load_patterns(c, patterns, "plan_patterns.csv", &p))) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_text *t = NULL;
    regio_plan_findings *f = NULL;
    regio_grid *g = NULL;
    if (regio_text_read(pos[0], enc, p, &t, &err) || regio_extract_plan(p, t, start, &f, &err)) {
        rc = cli_fail(c, &err);
        goto out;
    }
    const regio_column cols[] = {
        {"line", TR(c, "行", "line"), REGIO_COL_INT, 0},
        {"role", TR(c, "类别", "role"), REGIO_COL_TEXT, 0},
        {"subject", TR(c, "对象", "subject"), REGIO_COL_TEXT, 0},
        {"comparator", TR(c, "比较", "comparator"), REGIO_COL_TEXT, 0},
        {"value", TR(c, "值", "value"), REGIO_COL_NUM, -1},
        {"unit", TR(c, "单位", "unit"), REGIO_COL_TEXT, 0},
        {"value_printed", TR(c, "原文数值", "value as printed"), REGIO_COL_TEXT, 0},
        {"unit_printed", TR(c, "原文单位", "unit as printed"), REGIO_COL_TEXT, 0},
        {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0},
        {"start", TR(c, "起", "start"), REGIO_COL_INT, 0},
        {"end", TR(c, "止", "end"), REGIO_COL_INT, 0},
        {"sentence", TR(c, "句子", "sentence"), REGIO_COL_TEXT, 0},
    };
    g = regio_grid_new(cols, N(cols));
    for (size_t i = 0; g && i < f->n; i++) {
        const regio_plan_finding *r = &f->rows[i];
        long row = regio_grid_add_row(g);
        if (row < 0) break;
        size_t k = (size_t)row;
        regio_grid_set_int(g, k, 0, r->line);
        regio_grid_set_text(g, k, 1, r->role);
        regio_grid_set_text(g, k, 2, r->subject);
        regio_grid_set_text(g, k, 3, r->comparator);
        regio_grid_set_num(g, k, 4, r->value);
        regio_grid_set_text(g, k, 5, r->unit);
        regio_grid_set_text(g, k, 6, r->value_printed);
        regio_grid_set_text(g, k, 7, r->unit_printed);
        if (r->year) regio_grid_set_int(g, k, 8, r->year);
        regio_grid_set_int(g, k, 9, (long long)r->start);
        regio_grid_set_int(g, k, 10, (long long)r->end);
        regio_grid_set_text(g, k, 11, r->quote);
    }
    rc = g ? cli_write_grid(c, g, NULL) : CLI_INTERNAL;
out:
    regio_grid_free(g);
    regio_plan_findings_free(f);
    regio_text_free(t);
    regio_patterns_free(p);
    return rc;
}

int cmd_extract(cli *c, int argc, char **argv) {
    if (argc >= 1 && strcmp(argv[0], "bulletin") == 0) return bulletin(c, argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "plan") == 0) return plan(c, argc - 1, argv + 1);
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        fprintf(c->out, "%s\n  regio extract bulletin FILE --region CODE|NAME [--year Y]   %s\n  regio extract plan FILE   %s\n",
                TR(c, "用法：", "usage:"), TR(c, "公报或工作报告中的数值 → 导入用的审核文件", "figures of a bulletin or work report → a review file for regio import"),
                TR(c, "规划文本中的量化目标与基数", "quantified targets and baselines of a plan text"));
        return CLI_OK;
    }
    return cli_usage_error(c, "用法：regio extract bulletin|plan FILE（见 regio extract --help）",
                           "usage: regio extract bulletin|plan FILE (see regio extract --help)");
}
