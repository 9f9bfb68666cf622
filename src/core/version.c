/* version.c — the linked library's version (include/regio/version.h, generated from CMakeLists.txt). */
#include "regio/version.h"

const char *regio_version(void) { return REGIO_VERSION_STRING; }
