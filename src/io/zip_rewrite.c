/* zip_rewrite.c — one member of a ZIP archive replaced, the others kept (zip_internal.h), with libzip. Used to
 * give pandoc's default Word reference document an East Asian font (report_docx.c). libzip rather than GDAL's
 * ZIP writer: GDAL marks every entry as needing ZIP64 (version 4.5), which pandoc's reader refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "core/util.h"
#include "io/zip_internal.h"

int regio__zip_rewrite(const char *src, const char *dst, const char *member, regio__zip_edit_fn edit, void *ctx,
                       regio_error *err) {
    int rc = regio_copy_file(src, dst, err);
    if (rc) return rc;
    int zerr = 0;
    zip_t *z = zip_open(dst, 0, &zerr);
    if (!z) return regio_error_set(err, REGIO_EIO, "无法打开压缩包 %s（libzip 错误 %d）", "cannot open the archive %s (libzip error %d)", dst, zerr);
    zip_int64_t idx = zip_name_locate(z, member, 0);
    zip_stat_t st;
    char *data = NULL, *out = NULL;
    zip_file_t *f = NULL;
    if (idx < 0) { rc = regio_error_set(err, REGIO_ENOTFOUND, "%s 中没有 %s", "%s holds no %s", src, member); goto fail; }
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_SIZE) || st.size > (64u << 20) ||
        !(f = zip_fopen_index(z, (zip_uint64_t)idx, 0))) {
        rc = regio_error_set(err, REGIO_EIO, "无法读取 %s 中的成员（%s）", "cannot read a member of %s (%s)", src, member);
        goto fail;
    }
    data = malloc((size_t)st.size + 1);
    if (!data) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto fail; }
    if (zip_fread(f, data, st.size) != (zip_int64_t)st.size) {
        rc = regio_error_set(err, REGIO_EIO, "无法读取 %s 中的成员（%s）", "cannot read a member of %s (%s)", src, member);
        goto fail;
    }
    data[st.size] = '\0';
    zip_fclose(f);
    f = NULL;
    if (!(out = edit(data, (size_t)st.size, ctx))) { rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto fail; }
    zip_source_t *s = zip_source_buffer(z, out, strlen(out), 1); /* libzip frees out */
    if (!s) { free(out); rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); goto fail; }
    if (zip_file_replace(z, (zip_uint64_t)idx, s, ZIP_FL_ENC_UTF_8) != 0) {
        zip_source_free(s);
        rc = regio_error_set(err, REGIO_EIO, "无法写入 %s：%s", "cannot write %s: %s", dst, zip_strerror(z));
        goto fail;
    }
    free(data);
    if (zip_close(z) != 0) {
        rc = regio_error_set(err, REGIO_EIO, "无法写入 %s：%s", "cannot write %s: %s", dst, zip_strerror(z));
        zip_discard(z);
        return rc;
    }
    return REGIO_OK;
fail:
    if (f) zip_fclose(f);
    free(data);
    zip_discard(z);
    return rc;
}
