/* gdal_internal.h — the library's one GDAL adapter (src/io/gdal.c), shared by every reader that goes through
 * GDAL/OGR: XLSX tables (core/xlsx.c), polygon files (the contiguity builder, the outlines stored at init) and
 * road networks (io/road_graph.c). Not public. */
#ifndef REGIO_IO_GDAL_INTERNAL_H
#define REGIO_IO_GDAL_INTERNAL_H

/* Registers GDAL's drivers, once per process whatever the thread (pthread_once); call before opening any
 * dataset. The library never calls GDALDestroyDriverManager: the program may use GDAL itself. */
void regio__gdal_init(void);

#endif
