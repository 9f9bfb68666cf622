/* cmd_serve.c — `regio serve`: starts the HTTP API and dashboard (include/regio/serve.h) on the store and
 * runs until SIGINT or SIGTERM. The web root is --web DIR, or web/ found next to the program (../web,
 * ../../web, ../share/regio/web from its directory). Writes stay off unless --token-file names a file
 * holding the bearer token. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "regio/serve.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int find_web_root(char *out, size_t cap) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return -1;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash) return -1;
    *slash = 0;
    static const char *const rel[] = {"../web", "../../web", "../share/regio/web", "web"};
    for (size_t i = 0; i < N(rel); i++) {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/%s/index.html", exe, rel[i]);
        if (access(probe, R_OK) == 0) {
            snprintf(out, cap, "%s/%s", exe, rel[i]);
            return 0;
        }
    }
    return -1;
}

static int read_token(const cli *c, const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "r");
    if (!f) return cli_usage_error(c, "无法读取令牌文件 %s", "cannot read the token file %s", path);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = 0;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ')) buf[--n] = 0;
    if (n < 16) return cli_usage_error(c, "令牌文件 %s 中的令牌太短（至少 16 个字符）", "the token in %s is too short (at least 16 characters)", path);
    return CLI_OK;
}

int cmd_serve(cli *c, int argc, char **argv) {
    const char *pos[1], *bind = "127.0.0.1", *web = NULL, *token_file = NULL, *schemes = getenv("REGIO_SCHEMES"), *scheme = NULL,
               *report = NULL;
    const char *allow_hosts = NULL;
    int port = 8080, threads = 0, max_conn = 0, timeout = 0, no_web = 0, max_upload_mb = 0, no_cache = 0, no_eval = 0,
        header_timeout = 0, per_address = 0;
    size_t npos;
    const cli_opt opts[] = {
        {"--port", OPT_INT, &port, "P", "端口（默认 8080；0 = 任一空闲端口）", "port (default 8080; 0 = any free port)"},
        {"--bind", OPT_STR, &bind, "ADDR", "监听地址（默认 127.0.0.1，仅本机）", "address to listen on (default 127.0.0.1, this machine only)"},
        {"--web", OPT_STR, &web, "DIR", "网页目录（默认：程序旁的 web/）", "web directory (default: web/ next to the program)"},
        {"--no-web", OPT_FLAG, &no_web, NULL, "只提供 API，不提供网页", "serve the API only, no dashboard"},
        {"--token-file", OPT_STR, &token_file, "FILE", "开启写入：POST /api/v1/import 需要此文件中的令牌", "enable writes: POST /api/v1/import needs the token in this file"},
        {"--schemes", OPT_STR, &schemes, "DIR", "评价方案目录（启动时读入；默认：init 所读规划目录下的 evaluation/）",
         "evaluation schemes directory (read at start; default: evaluation/ of the plan directory init read)"},
        {"--no-evaluation", OPT_FLAG, &no_eval, NULL, "不提供 /api/v1/evaluation", "no /api/v1/evaluation"},
        {"--scheme", OPT_STR, &scheme, "NAME", "评价方案名（默认 default）", "evaluation scheme (default: default)"},
        {"--threads", OPT_INT, &threads, "T", "工作线程数（默认 CPU 核数，至多 16）", "worker threads (default: cores, at most 16)"},
        {"--max-connections", OPT_INT, &max_conn, "N", "并发连接上限（默认 1024）", "concurrent connection limit (default 1024)"},
        {"--max-upload", OPT_INT, &max_upload_mb, "MB", "上传大小上限（MiB，默认 32）", "upload size limit in MiB (default 32)"},
        {"--no-cache", OPT_FLAG, &no_cache, NULL, "每次都重新计算回答（用于测量）", "compute every answer afresh (for measurements)"},
        {"--max-per-address", OPT_INT, &per_address, "N", "每个客户端地址的并发连接上限（默认 64）", "concurrent connections from one client address (default 64)"},
        {"--timeout", OPT_INT, &timeout, "S", "空闲连接超时秒数（默认 30）", "idle connection timeout in seconds (default 30)"},
        {"--header-timeout", OPT_INT, &header_timeout, "S", "请求头须在连接开始（或上一个应答）后 S 秒内收齐（默认 10）",
         "a request's head must arrive within S seconds of the connection's start or the previous answer (default 10)"},
        {"--allow-host", OPT_STR, &allow_hosts, "NAMES", "除地址和 localhost 外还应答的 Host 名称，以逗号分隔（* = 任意；防 DNS 重绑定）",
         "Host names answered besides addresses and localhost, comma-separated (* = any; against DNS rebinding)"},
        {"--report", OPT_STR, &report, "FILE", "在 /report 提供此报告文件（regio report --out 所写，.html/.pdf/.docx/.xlsx），网页上有链接",
         "serve this report file at /report (as regio report --out wrote it: .html/.pdf/.docx/.xlsx), linked from the dashboard"},
    };
    CLI_PARSE(c, "serve", argc, argv, opts, N(opts), pos, 0, &npos);
    if (port < 0 || port > 65535) return cli_usage_error(c, "--port 应在 0 到 65535 之间", "--port must be from 0 to 65535");
    if (threads < 0 || max_conn < 0 || timeout < 0 || header_timeout < 0 || per_address < 0 || max_upload_mb < 0 || max_upload_mb > 4096)
        return cli_usage_error(c, "--threads、--max-connections、--max-per-address、--timeout、--header-timeout 不能为负，--max-upload 在 0 到 4096 之间",
                               "--threads, --max-connections, --max-per-address, --timeout and --header-timeout cannot be negative; --max-upload is from 0 to 4096");
    char root[PATH_MAX + 64], token[512];
    if (!no_web && !web) {
        if (find_web_root(root, sizeof root) == 0) web = root;
        else fprintf(stderr, "regio: %s\n", TR(c, "找不到网页目录（用 --web DIR 指定），只提供 API", "no web directory found (give --web DIR): serving the API only"));
    }
    if (no_web) web = NULL;
    int rc;
    if (token_file && (rc = read_token(c, token_file, token, sizeof token))) return rc;
    /* block the stop signals in every thread; this one waits for them */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    regio_serve_opts o = {.db = c->db, .bind = bind, .port = (unsigned)port, .web_root = web, .token = token_file ? token : NULL,
                          .threads = (unsigned)threads, .schemes_dir = no_eval ? "" : schemes && *schemes ? schemes : NULL, .scheme = scheme, .max_connections = (unsigned)max_conn, .max_upload = (size_t)max_upload_mb << 20, .no_reply_cache = no_cache, .timeout_s = (unsigned)timeout, .report = report,
                          .header_timeout_s = (unsigned)header_timeout, .max_per_address = (unsigned)per_address, .allow_hosts = allow_hosts};
    regio_error err;
    regio_error_clear(&err);
    regio_server *s = NULL;
    if (regio_server_start(&o, &s, &err)) return cli_fail(c, &err);
    fprintf(stderr, TR(c, "regio serve：http://%s:%u/（写入%s）\n", "regio serve: http://%s:%u/ (writes %s)\n"), bind, regio_server_port(s),
            token_file ? TR(c, "已开启", "on") : TR(c, "关闭", "off"));
    printf("%u\n", regio_server_port(s));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    regio_server_free(s);
    return CLI_OK;
}
