/* export.h — REGIO_API, the mark of libregio's public interface (as SQLite's SQLITE_API and libgit2's GIT_EXTERN).
 *
 * libregio is compiled with -fvisibility=hidden: a function is in the shared library's dynamic symbol table only
 * when its declaration in include/regio/ carries REGIO_API, so `nm -D libregio.so` lists the public regio_*
 * functions and nothing else (tests/cli/test_symbols.sh; cmake/libregio.map hides the linker's own symbols).
 * What the modules lend each other (regio__<module>_<verb>, declared in src/<module>/ *_internal.h) stays inside
 * the library; the program and the tests, which use such internals, link the static libregio.a, where hidden
 * symbols still resolve. A build that wants another attribute defines REGIO_API before including a regio header.
 */
#ifndef REGIO_EXPORT_H
#define REGIO_EXPORT_H

#ifndef REGIO_API
#if defined(__GNUC__) && __GNUC__ >= 4
#define REGIO_API __attribute__((visibility("default")))
#else
#define REGIO_API
#endif
#endif

#endif
