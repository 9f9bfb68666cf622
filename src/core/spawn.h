/* spawn.h — running a converter (pandoc, rsvg-convert) as a child process: an argument vector, never a shell
 * command line built from user input, with stdout and stderr redirected to files. Internal to libregio. */
#ifndef REGIO_CORE_SPAWN_H
#define REGIO_CORE_SPAWN_H

#include "regio/error.h"

/* Runs argv[0] (looked up in PATH) with argv, stdin from /dev/null, stdout to out_path (NULL: /dev/null) and
 * stderr to err_path (NULL: /dev/null), and waits for it. A program not found is REGIO_ENOTFOUND naming it and
 * pkg, the Debian package that provides it; a non-zero exit or a signal is REGIO_EIO with the first line of
 * its stderr. */
int regio__spawn_run(const char *const *argv, const char *pkg, const char *out_path, const char *err_path,
                     regio_error *err);

#endif
