/* cmd_report.c — `regio report`: the assessment report of the plan for a year, as one self-contained HTML file
 * (default), an XLSX workbook of every table, JSON, or an editable Word document (DOCX, through pandoc). The
 * report is built by regio_report_build (include/regio/report.h) from the same library functions the other
 * commands call. The format follows --out's extension; a --format that contradicts it is refused (a workbook
 * named r.xlsx that holds HTML helps no one), and so is a --year outside the years the database holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "regio/report.h"
#include "regio/store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const FORMATS[] = {"html", "xlsx", "json", "docx"};

static int format_known(const char *f) {
    for (size_t i = 0; i < N(FORMATS); i++)
        if (strcmp(f, FORMATS[i]) == 0) return 1;
    return 0;
}

/* the format an output file's extension names (case-insensitive; .htm is html), NULL for any other */
static const char *format_of_path(const char *path) {
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return NULL;
    if (strcasecmp(dot + 1, "htm") == 0) return "html";
    for (size_t i = 0; i < N(FORMATS); i++)
        if (strcasecmp(dot + 1, FORMATS[i]) == 0) return FORMATS[i];
    return NULL;
}

/* a report year must lie within the years the database holds observations for */
static int year_in_span(cli *c, int year) {
    int *years = NULL;
    size_t n = 0;
    regio_error err;
    regio_error_clear(&err);
    if (regio_store_years(c->st, c->plan, -1, &years, &n, &err)) return cli_fail(c, &err);
    int rc = CLI_OK;
    if (n == 0) rc = cli_usage_error(c, "数据库中还没有观测值：先导入数据", "the database holds no observations yet: import data first");
    else if (year < years[0] || year > years[n - 1])
        rc = cli_usage_error(c, "--year %d 超出数据的年份范围 %d–%d", "--year %d is outside the years of the data, %d-%d", year, years[0],
                             years[n - 1]);
    free(years);
    return rc;
}

int cmd_report(cli *c, int argc, char **argv) {
    int year = 0, perms = 999;
    const char *outp = NULL, *boundaries = NULL, *generated = NULL, *seed_s = NULL, *schemes = NULL, *scheme = NULL;
    int draws = 1000, summary = 0;
    const char *format_help = NULL; /* --format is taken out of argv below: this entry is for --help */
    const char *pos[1];
    size_t npos;
    const cli_opt opts[] = {
        {"--year", OPT_INT, &year, "Y", "报告年份（数据截至该年；默认最新）", "report year (data up to it; default the latest)"},
        {"--out", OPT_STR, &outp, "FILE", "输出文件；格式由扩展名 .html、.xlsx、.json、.docx 决定（html、json 默认标准输出）",
         "output file; its extension .html, .xlsx, .json or .docx sets the format (html and json default to stdout)"},
        {"--boundaries", OPT_STR, &boundaries, "FILE", "用此多边形文件（code 字段）代替数据库中的边界", "polygon file (code field) instead of the stored outlines"},
        {"--permutations", OPT_INT, &perms, "N", "LISA 置换次数（默认 999）", "LISA permutations (default 999)"},
        {"--seed", OPT_STR, &seed_s, "S", "LISA 随机种子（默认 12345）", "LISA random seed (default 12345)"},
        {"--schemes", OPT_STR, &schemes, "DIR", "分类评价方案目录（默认 $REGIO_SCHEMES，或 init 所读规划目录下的 evaluation/）", "evaluation schemes directory (default $REGIO_SCHEMES, or evaluation/ in the plan directory init read)"},
        {"--scheme", OPT_STR, &scheme, "NAME", "评价方案名（默认 default）", "evaluation scheme (default: default)"},
        {"--uncertainty", OPT_INT, &draws, "N", "排名区间的蒙特卡洛次数（默认 1000）", "Monte Carlo draws of the rank intervals (default 1000)"},
        {"--summary", OPT_FLAG, &summary, NULL, "在终端打印总体评价（有 --out 时同时写出报告，否则只打印）", "print the summary to the terminal (with --out the report is written too; without, only printed)"},
        {"--generated-at", OPT_STR, &generated, "TEXT", "报告的生成时间文字（默认当前时间；测试用）", "the report's timestamp text (default now; for tests)"},
        {"--format", OPT_STR, &format_help, "html|xlsx|json|docx", "报告格式（默认按 --out 的扩展名，否则 html；与扩展名矛盾时拒绝）",
         "report format (default from --out's extension, else html; refused when it contradicts the extension)"},
    };
    /* --format html|xlsx|json|docx is the report's own: taken out before the common parser sees it */
    const char *format = NULL;
    char **args = calloc((size_t)argc + 1, sizeof *args);
    int nargs = 0;
    if (!args) return CLI_INTERNAL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) format = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0) format = argv[i] + 9;
        else args[nargs++] = argv[i];
    }
    int prc = cli_parse(c, "report", nargs, args, opts, N(opts), pos, 0, &npos);
    free(args);
    if (prc) return prc == CLI_DONE ? CLI_OK : prc;
    if (format && !format_known(format))
        return cli_usage_error(c, "report 的 --format 应为 html、xlsx、json 或 docx，而不是 “%s”",
                               "report --format must be html, xlsx, json or docx, not '%s'", format);
    if (outp) {
        const char *byext = format_of_path(outp);
        if (!byext && !format)
            return cli_usage_error(c, "无法从 %s 的扩展名判断格式：用 .html、.xlsx、.json 或 .docx，或给出 --format",
                                   "cannot tell the format from the extension of %s: use .html, .xlsx, .json or .docx, or give --format", outp);
        if (byext && format && strcmp(byext, format) != 0)
            return cli_usage_error(c, "--format %s 与输出文件 %s 的扩展名（%s）不符", "--format %s does not match the extension of %s (%s)",
                                   format, outp, byext);
        if (!format) format = byext;
    }
    if (!format) format = "html";
    int xlsx = strcmp(format, "xlsx") == 0, json = strcmp(format, "json") == 0, docx = strcmp(format, "docx") == 0;
    if ((xlsx || docx) && !outp)
        return cli_usage_error(c, "--format %s 需要 --out FILE", "--format %s needs --out FILE", format);
    if (perms < 1) return cli_usage_error(c, "--permutations 至少为 1（LISA 的显著性要靠置换），而不是 %d", "--permutations must be at least 1 (LISA significance comes from permutations), not %d", perms);
    int rc = cli_open(c);
    if (rc) return rc;
    regio_report_opts o = {.year = year, .lang = c->lang, .db_path = c->db, .version = regio_version(), .boundaries = boundaries,
                           .permutations = perms > 0 ? (size_t)perms : 999, .seed = seed_s ? strtoull(seed_s, NULL, 10) : 12345,
                           .generated_at = generated, .schemes_dir = schemes, .scheme = scheme,
                           .eval_draws = draws > 0 ? (size_t)draws : 1000};
    regio_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    if (year && (rc = year_in_span(c, year))) return rc;
    if (regio_report_build(c->st, c->plan, &o, &r, &err)) return cli_fail(c, &err);
    if (summary) {
        fprintf(c->out, "%s\n%s", r->title, r->summary_text ? r->summary_text : "");
        if (!outp) { regio_report_free(r); return CLI_OK; }
    }
    if (xlsx) rc = regio_report_write_xlsx(r, outp, &err) ? cli_fail(c, &err) : CLI_OK;
    else if (docx) rc = regio_report_write_docx(r, outp, &err) ? cli_fail(c, &err) : CLI_OK;
    else {
        FILE *f = outp ? fopen(outp, "w") : c->out;
        if (!f) {
            regio_error_set(&err, REGIO_EIO, "无法写入 %s", "cannot write %s", outp);
            rc = cli_fail(c, &err);
        } else {
            int w = json ? regio_report_write_json(r, f, &err) : regio_report_write_html(r, f, &err);
            if (outp && fclose(f) != 0 && !w) w = regio_error_set(&err, REGIO_EIO, "无法写入 %s", "cannot write %s", outp);
            rc = w ? cli_fail(c, &err) : CLI_OK;
        }
    }
    if (!rc && outp) fprintf(stderr, "%s %s\n", TR(c, "报告已写入", "report written to"), outp);
    regio_report_free(r);
    return rc;
}
