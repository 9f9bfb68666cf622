/* cmd_ccd.c — placeholder while the evaluation engine is being written (issue 5); replaced by its command. */
#include "cli/cli.h"

int cmd_ccd(cli *c, int argc, char **argv) {
    (void)argc;
    (void)argv;
    return cli_usage_error(c, "该命令尚未实现", "this command is not implemented yet");
}
