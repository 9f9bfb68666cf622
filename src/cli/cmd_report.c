/* cmd_report.c — `regio report`: the assessment report of the plan for a year, as one self-contained HTML file
 * (default), an XLSX workbook of every table, or JSON. The report is built by regio_report_build
 * (include/regio/report.h) from the same library functions the other commands call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "regio/report.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

int cmd_report(cli *c, int argc, char **argv) {
    int year = 0, perms = 999;
    const char *outp = NULL, *boundaries = NULL, *generated = NULL, *seed_s = NULL, *schemes = NULL, *scheme = NULL;
    int draws = 1000;
    const char *pos[1];
    size_t npos;
    const cli_opt opts[] = {
        {"--year", OPT_INT, &year, "Y", "报告年份（数据截至该年；默认最新）", "report year (data up to it; default the latest)"},
        {"--out", OPT_STR, &outp, "FILE", "输出文件（html、xlsx；json 默认标准输出）", "output file (html, xlsx; json defaults to stdout)"},
        {"--boundaries", OPT_STR, &boundaries, "FILE", "用此多边形文件（code 字段）代替数据库中的边界", "polygon file (code field) instead of the stored outlines"},
        {"--permutations", OPT_INT, &perms, "N", "LISA 置换次数（默认 999）", "LISA permutations (default 999)"},
        {"--seed", OPT_STR, &seed_s, "S", "LISA 随机种子（默认 12345）", "LISA random seed (default 12345)"},
        {"--schemes", OPT_STR, &schemes, "DIR", "分类评价方案目录（默认 $REGIO_SCHEMES，或 init 所读规划目录下的 evaluation/）", "evaluation schemes directory (default $REGIO_SCHEMES, or evaluation/ in the plan directory init read)"},
        {"--scheme", OPT_STR, &scheme, "NAME", "评价方案名（默认 default）", "evaluation scheme (default: default)"},
        {"--uncertainty", OPT_INT, &draws, "N", "排名区间的蒙特卡洛次数（默认 1000）", "Monte Carlo draws of the rank intervals (default 1000)"},
        {"--generated-at", OPT_STR, &generated, "TEXT", "报告的生成时间文字（默认当前时间；测试用）", "the report's timestamp text (default now; for tests)"},
    };
    /* --format html|xlsx|json is the report's own: taken out before the common parser sees it */
    const char *format = "html";
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
    int html = strcmp(format, "html") == 0, xlsx = strcmp(format, "xlsx") == 0, json = strcmp(format, "json") == 0;
    if (!html && !xlsx && !json)
        return cli_usage_error(c, "report 的 --format 应为 html、xlsx 或 json，而不是 “%s”", "report --format must be html, xlsx or json, not '%s'", format);
    if (xlsx && !outp) return cli_usage_error(c, "--format xlsx 需要 --out FILE", "--format xlsx needs --out FILE");
    int rc = cli_open(c);
    if (rc) return rc;
    regio_report_opts o = {.year = year, .lang = c->lang, .db_path = c->db, .version = REGIO_VERSION, .boundaries = boundaries,
                           .permutations = perms > 0 ? (size_t)perms : 999, .seed = seed_s ? strtoull(seed_s, NULL, 10) : 12345,
                           .generated_at = generated, .schemes_dir = schemes, .scheme = scheme,
                           .eval_draws = draws > 0 ? (size_t)draws : 1000};
    regio_report *r = NULL;
    regio_error err;
    regio_error_clear(&err);
    if (regio_report_build(c->st, c->plan, &o, &r, &err)) return cli_fail(c, &err);
    if (xlsx) rc = regio_report_write_xlsx(r, outp, &err) ? cli_fail(c, &err) : CLI_OK;
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
