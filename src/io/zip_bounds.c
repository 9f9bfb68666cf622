/* zip_bounds.c — refuses a ZIP container (an .xlsx) whose parts would unpack to more than a workbook of figures
 * ever holds, before any reader inflates them (zip_internal.h). Why: a 295 KB workbook with one shared string of
 * 300 M characters made GDAL's XLSX driver take 1.8 GB and regio write a 300 MB message (issue 13, item 5). The
 * sizes come from the central directory (libzip); GDAL's /vsizip/ reads a part no further than its declared size,
 * so a directory that lies cannot make a part longer than the size checked here. */
#include <stdint.h>
#include <stdio.h>

#include <zip.h>

#include "io/zip_internal.h"

int regio__zip_check_bounds(const char *path, regio_error *err) {
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) /* not a ZIP at all: the reader says what it is not */
        return REGIO_OK;
    zip_int64_t n = zip_get_num_entries(z, 0);
    uint64_t total = 0;
    int rc = REGIO_OK;
    for (zip_int64_t i = 0; i < n && !rc; i++) {
        zip_stat_t st;
        if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) || !(st.valid & ZIP_STAT_SIZE)) continue;
        uint64_t size = st.size, comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
        const char *name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "?";
        total = total > UINT64_MAX - size ? UINT64_MAX : total + size;
        if (size > REGIO_ZIP_RATIO_FROM && size / (comp ? comp : 1) > REGIO_ZIP_MAX_RATIO)
            rc = regio_error_set(err, REGIO_EINVAL,
                                 "%s：其中的 %.200s 从 %llu 字节解压为 %llu 字节（%llu:1）：这不是数据表格（像是“压缩炸弹”）；"
                                 "超过 %d MiB 的部分压缩比不得高于 %d:1",
                                 "%s: its part %.200s unpacks from %llu bytes to %llu (%llu:1): this is no table of "
                                 "figures (it looks like a decompression bomb); parts above %d MiB may not be "
                                 "compressed more than %d:1",
                                 path, name, (unsigned long long)comp, (unsigned long long)size,
                                 (unsigned long long)(size / (comp ? comp : 1)), (int)(REGIO_ZIP_RATIO_FROM >> 20), REGIO_ZIP_MAX_RATIO);
        else if (total > REGIO_ZIP_MAX_TOTAL)
            rc = regio_error_set(err, REGIO_EINVAL,
                                 "%s：解压后超过 %d MiB（%llu 字节，到 %.200s 为止）；请把工作簿拆小，或另存为 CSV",
                                 "%s: it unpacks to more than %d MiB (%llu bytes up to %.200s); split the workbook or "
                                 "save it as CSV",
                                 path, (int)(REGIO_ZIP_MAX_TOTAL >> 20), (unsigned long long)total, name);
    }
    zip_discard(z);
    return rc;
}
