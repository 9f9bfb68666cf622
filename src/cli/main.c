/* main.c — the regio program: picks the language, dispatches to a command, maps errors to exit codes
 * (0 ok, 1 the user's input was wrong, 2 internal failure). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const cli_cmd CLI_COMMANDS[] = {
    {"init", "", "由规划目录建立或更新数据库（可重复运行）", "build or update a database from a plan directory (safe to re-run)", cmd_init},
    {"extract", "bulletin|plan FILE", "从公报、工作报告或规划文本中提取数值（审核后导入）", "extract figures from a bulletin, work report or plan text (to review, then import)", cmd_extract},
    {"import", "FILE", "导入观测数据（CSV/XLSX，长表或宽表），整体校验、原子写入", "import observations (CSV/XLSX, long or wide): validated, atomic", cmd_import},
    {"batches", "", "列出导入批次", "list import batches", cmd_batches},
    {"undo", "BATCH", "撤销一个导入批次", "remove an import batch", cmd_undo},
    {"overview", "", "规划概览：地区、组、指标、目标与数据", "plan overview: regions, groups, indicators, targets, data", cmd_overview},
    {"regions", "", "列出地区", "list regions", cmd_regions},
    {"groups", "[GROUP|derive GROUP]", "列出组（板块、分区），或一个组的成员；derive：按到中心的通行时间推导成员（如 1 小时昆明都市圈）", "list groups (blocks, partitions) or one group's members; derive: a membership by travel time to a centre (e.g. the 1-hour Kunming metropolitan area)", cmd_groups},
    {"indicators", "", "列出指标及其汇总规则", "list indicators and their aggregation rules", cmd_indicators},
    {"targets", "", "规划量化目标的进展评估与预警", "progress of the plan's quantified targets, with early warning", cmd_targets},
    {"needs", "", "尚缺的数据：无法评估的目标所缺的具体值及其出处，可写成待填模板", "the data still to find: the exact values missing for each target that cannot be assessed, where to find them, and a fill-in template", cmd_needs},
    {"value", "INDICATOR", "地区或组某年的指标值及其覆盖情况", "an indicator's value for a region or group in a year, with coverage", cmd_value},
    {"check", "", "检查各级公布值与下级汇总值是否一致", "check published totals against totals computed from lower levels", cmd_check},
    {"coverage", "", "每个指标在各层级的数据覆盖情况", "data coverage of every indicator at every level", cmd_coverage},
    {"disparity", "[INDICATOR]", "区域差异：CV、Gini、Theil、Atkinson，及 Theil 和 Dagum 分解", "disparity: CV, Gini, Theil, Atkinson, with Theil and Dagum decompositions", cmd_disparity},
    {"convergence", "[INDICATOR]", "σ 收敛与 β 收敛（绝对、条件），核密度", "σ- and β-convergence (absolute, conditional), kernel density", cmd_convergence},
    {"markov", "[INDICATOR]", "分布动态：马尔可夫与空间马尔可夫链、Kendall τ", "distribution dynamics: Markov and spatial Markov chains, Kendall's τ", cmd_markov},
    {"evaluate", "", "分类综合评价：按主体功能区类型的综合得分、排名与不确定性", "classified composite evaluation: scores, ranks and their uncertainty by zone type", cmd_evaluate},
    {"topsis", "", "TOPSIS 多指标排序", "TOPSIS ranking on any indicator table", cmd_topsis},
    {"ccd", "", "耦合协调度模型", "coupling coordination degree model", cmd_ccd},
    {"zones", "[import FILE|clear]", "主体功能区类型：查看（官方或暂定）、载入官方名单", "main-function-zone types: show (official or provisional), load the official list", cmd_zones},
    {"access", "matrix|measure", "路网通行时间与可达性：起终点通行时间矩阵（matrix）；最近设施、累计机会、重力、2SFCA、E2SFCA（measure）", "travel times and accessibility: the origin–destination matrix on a road network (matrix); nearest facility, cumulative opportunities, gravity, 2SFCA, E2SFCA (measure)", cmd_access},
    {"spatial", "[INDICATOR]", "空间自相关：全局与局部 Moran、Geary、Getis-Ord", "spatial autocorrelation: global and local Moran, Geary, Getis-Ord", cmd_spatial},
    {"serve", "", "启动 HTTP JSON API 与网页仪表盘（默认仅本机、只读）", "start the HTTP JSON API and web dashboard (this machine only, read-only by default)", cmd_serve},
    {"report", "", "监测评估报告：HTML（可打印为 PDF）、XLSX、JSON 或可编辑的 Word（DOCX）；格式由 --out 的扩展名或 --format html|xlsx|json|docx 决定", "the monitoring and assessment report: HTML (prints to PDF), XLSX, JSON or editable Word (DOCX); the format follows --out's extension or --format html|xlsx|json|docx", cmd_report},
};
const size_t CLI_NCOMMANDS = sizeof CLI_COMMANDS / sizeof CLI_COMMANDS[0];

static regio_lang default_lang(void) {
    const char *vars[] = {"REGIO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return strncmp(v, "zh", 2) == 0 ? REGIO_LANG_ZH : REGIO_LANG_EN;
    }
    return REGIO_LANG_EN;
}

static void usage(const cli *c, FILE *f) {
    fprintf(f, "%s\n\n%s: regio [--lang zh|en] [--db FILE] [--format F] COMMAND [%s]\n\n%s:\n",
            TR(c, "regio —— 区域协调发展监测与评估系统", "regio — regional coordinated development monitoring and evaluation"),
            TR(c, "用法", "usage"), TR(c, "选项", "options"), TR(c, "命令", "commands"));
    for (size_t i = 0; i < CLI_NCOMMANDS; i++)
        fprintf(f, "  %-12s %s\n", CLI_COMMANDS[i].name, TR(c, CLI_COMMANDS[i].summary_zh, CLI_COMMANDS[i].summary_en));
    fprintf(f, "\n%s\n", TR(c, "每个命令都有 --help。公共选项：--db FILE、--format table|csv|json、--lang zh|en。\n"
                               "退出码：0 成功，1 输入有误（附说明），2 内部错误。",
                            "Every command has --help. Common options: --db FILE, --format table|csv|json, --lang zh|en.\n"
                            "Exit codes: 0 ok, 1 the input was wrong (with a message), 2 internal error."));
}

/* Global options before the command (regio --lang zh --db x.db targets): taken here and removed from argv, so
 * each command sees only its own arguments (where the same options are accepted too). Returns the index of
 * the command, or -1 after printing a usage error. */
static int global_options(cli *c, int argc, char **argv) {
    int i = 1;
    while (i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
        const char *a = argv[i], *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const char **dest = NULL;
        if (len == 6 && strncmp(a, "--lang", 6) == 0) dest = &c->lang_s;
        else if (len == 4 && strncmp(a, "--db", 4) == 0) dest = &c->db;
        else if (len == 8 && strncmp(a, "--format", 8) == 0) dest = &c->format_s;
        else break; /* --help, --version, or an unknown option: main decides */
        const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
        if (!v) {
            fprintf(stderr, "regio: %s %.*s\n", TR(c, "缺少选项的值：", "missing value for option"), (int)len, a);
            return -1;
        }
        *dest = v;
        i += eq ? 1 : 2;
    }
    if (c->lang_s) {
        if (strcmp(c->lang_s, "zh") == 0) c->lang = REGIO_LANG_ZH;
        else if (strcmp(c->lang_s, "en") == 0) c->lang = REGIO_LANG_EN;
        else {
            fprintf(stderr, "regio: %s “%s”\n", TR(c, "--lang 应为 zh 或 en，而不是", "--lang must be zh or en, not"), c->lang_s);
            return -1;
        }
    }
    if (c->format_s) {
        regio_error err;
        regio_error_clear(&err);
        if (regio_format_parse(c->format_s, &c->fmt, &err)) {
            cli_fail(c, &err);
            return -1;
        }
    }
    return i;
}

int main(int argc, char **argv) {
    cli c = {.lang = default_lang(), .fmt = REGIO_FMT_TABLE, .out = stdout};
    c.db = getenv("REGIO_DB");
    if (!c.db || !*c.db) c.db = "regio.db";
    /* --lang anywhere decides the language of even the first error */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang=zh") == 0 || (strcmp(argv[i], "--lang") == 0 && i + 1 < argc && strcmp(argv[i + 1], "zh") == 0)) c.lang = REGIO_LANG_ZH;
        if (strcmp(argv[i], "--lang=en") == 0 || (strcmp(argv[i], "--lang") == 0 && i + 1 < argc && strcmp(argv[i + 1], "en") == 0)) c.lang = REGIO_LANG_EN;
    }
    int first = global_options(&c, argc, argv);
    if (first < 0) return CLI_USER;
    const char *cmd = first < argc ? argv[first] : NULL;
    if (!cmd || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(&c, stdout);
        return !cmd ? CLI_USER : CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("regio %s\n", regio_version());
        return CLI_OK;
    }
    for (size_t i = 0; i < CLI_NCOMMANDS; i++)
        if (strcmp(cmd, CLI_COMMANDS[i].name) == 0) {
            int rc = CLI_COMMANDS[i].run(&c, argc - first - 1, argv + first + 1);
            cli_close(&c);
            if (fflush(stdout) != 0 && rc == CLI_OK) {
                fprintf(stderr, "regio: %s\n", TR(&c, "无法写出结果", "could not write the output"));
                return CLI_USER;
            }
            return rc;
        }
    fprintf(stderr, "regio: %s “%s”\n\n", TR(&c, "未知命令", "unknown command"), cmd);
    usage(&c, stderr);
    return CLI_USER;
}
