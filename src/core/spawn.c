/* spawn.c — one child process, run and waited for (spawn.h). posix_spawnp with file actions instead of
 * fork+exec: no code runs between fork and exec, and nothing is ever handed to a shell, so a file name from the
 * user cannot become a command. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "core/spawn.h"

extern char **environ;

/* the first line of a tool's stderr, for the error message */
static void first_line(const char *path, char *buf, size_t cap) {
    buf[0] = '\0';
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) return;
    while (fgets(buf, (int)cap, f) && (buf[0] == '\n' || buf[0] == '\0')) buf[0] = '\0';
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
}

int regio__spawn_run(const char *const *argv, const char *pkg, const char *out_path, const char *err_path,
                     regio_error *err) {
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc) rc = posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!rc) rc = posix_spawn_file_actions_addopen(&fa, 2, err_path ? err_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    if (!rc) rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc == ENOENT)
        return regio_error_set(err, REGIO_ENOTFOUND, "找不到程序 %s：请安装 Debian 软件包 %s（scripts/setup.sh 会安装）",
                               "program %s not found: install the Debian package %s (scripts/setup.sh does)", argv[0], pkg);
    if (rc) return regio_error_set(err, REGIO_EIO, "无法运行 %s：%s", "cannot run %s: %s", argv[0], strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return regio_error_set(err, REGIO_EIO, "等待 %s 失败：%s", "waiting for %s failed: %s", argv[0], strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return REGIO_OK;
    char line[512];
    first_line(err_path, line, sizeof line);
    if (WIFEXITED(status))
        return regio_error_set(err, REGIO_EIO, "%s 以状态 %d 退出：%s", "%s exited with status %d: %s", argv[0], WEXITSTATUS(status), line);
    return regio_error_set(err, REGIO_EIO, "%s 被信号 %d 终止：%s", "%s was killed by signal %d: %s", argv[0],
                           WIFSIGNALED(status) ? WTERMSIG(status) : 0, line);
}
