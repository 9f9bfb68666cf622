/* cmd_evaluate.c — `regio evaluate` runs on a COINr-style table (--data iData --meta iMeta) or on the plan
 * (--year, the shipped evaluation schemes); the two live in their own files. --settings FILE reruns a saved
 * --data/--meta run (cmd_evaluate_settings.c). */
#include <string.h>

#include "cli/cli.h"
#include "cli/evaluate_data.h"

int cmd_evaluate(cli *c, int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--settings") == 0 && i + 1 < argc) return ev_settings_rerun(c, argv[i + 1], argc, argv);
        if (strncmp(argv[i], "--settings=", 11) == 0) return ev_settings_rerun(c, argv[i] + 11, argc, argv);
    }
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--data") == 0 || strncmp(argv[i], "--data=", 7) == 0) return cmd_evaluate_data(c, argc, argv);
    return cmd_evaluate_plan(c, argc, argv);
}
