/* fuzz_geo.c — the GeoJSON/TopoJSON path: a polygon file read through GDAL/OGR (regio_polygons_read), then queen
 * and rook contiguity built from its rings, as `regio init` does for a plan's boundaries. The first byte picks
 * the file name's extension and the contiguity kind; the rest is the file. */
#include "fuzz_common.h"

#include "regio/weights.h"
#include "regio/weights_build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    unsigned mode = data[0];
    data++, size--;
    const char *p = fuzz_write((mode & 1) ? "b.topojson" : "b.geojson", data, size);
    if (!p) return 0;
    regio_error err;
    regio_error_clear(&err);
    regio_polygons *pg = NULL;
    int rc = regio_polygons_read(p, NULL, (mode & 2) ? "id" : "code", &pg, &err);
    if (rc == REGIO_OK) {
        regio_rings r = regio_polygons_rings(pg);
        regio_weights *w = NULL;
        if (regio_weights_contiguity_rings(&r, (mode & 4) ? REGIO_CONTIG_ROOK : REGIO_CONTIG_QUEEN, 0.0, &w, &err) == REGIO_OK) {
            for (size_t i = 0; i < w->n; i++)
                for (size_t k = w->offsets[i]; k < w->offsets[i + 1]; k++)
                    if (w->neighbours[k] >= w->n) abort();
        }
        regio_weights_free(w);
    } else if (pg || !err.en[0]) {
        abort();
    }
    regio_polygons_free(pg);
    return 0;
}
