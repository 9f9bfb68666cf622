/* gdal.c — the one place GDAL is initialised (see gdal_internal.h). GDALAllRegister is not safe to run twice
 * concurrently and costs milliseconds, so every reader asks here and it runs once per process; no state of
 * regio's own is kept beyond the pthread_once flag. tests/cli/test_layers.sh fails if another file calls it. */
#include <gdal.h>
#include <pthread.h>

#include "io/gdal_internal.h"

static pthread_once_t gdal_once = PTHREAD_ONCE_INIT;

static void gdal_register(void) { GDALAllRegister(); }

void regio__gdal_init(void) { pthread_once(&gdal_once, gdal_register); }
