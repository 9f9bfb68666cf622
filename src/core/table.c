/* table.c — reads a CSV file into a regio_table (see include/regio/table.h); .xlsx goes to xlsx.c.
 *
 * Two steps, so that every importer treats user files the same way:
 *  1. decode: reject UTF-16 and binary (NUL) files, strip a UTF-8 BOM, take valid UTF-8 as is, otherwise
 *     convert the whole buffer from GB18030 with iconv (not when a BOM said UTF-8) — after verifying that no
 *     line of it is Chinese text in UTF-8 (a file that mixes the two is refused, naming that line); when neither works,
 *     name the line and byte offset where decoding stops — the later of the points where UTF-8 and
 *     GB18030 decoding fail, i.e. the first byte that no reading of the file gets past.
 *  2. parse with libcsv (strict RFC 4180 quoting). libcsv does not count lines, so the buffer is fed one
 *     physical line at a time (a line ends at LF, CRLF or a lone CR, as libcsv sees it): a row starts on
 *     the first line with content after the previous row ended, and libcsv only ends a row at a line end,
 *     so each row's line is exact even after fields that span several lines.
 * Rows go through the shared builder (table_build.c) for trimming, blank-row skipping and header checks.
 */
#include "core/table_internal.h"
#include "core/util.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line (1-based) of byte offset off, counting LF, CRLF and lone CR as line ends. */
static long line_at(const char *d, size_t len, size_t off) {
    long line = 1;
    for (size_t i = 0; i < off && i < len; i++)
        if (d[i] == '\n' || (d[i] == '\r' && (i + 1 >= len || d[i + 1] != '\n'))) line++;
    return line;
}

/* Offset of the first byte that does not start a valid UTF-8 sequence (no overlongs, no surrogates,
 * nothing above U+10FFFF), or len when all is valid. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        unsigned long cp;
        if (c >= 0xC2 && c <= 0xDF) k = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) k = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) k = 3, cp = c & 0x07;
        else return i;
        if (len - i <= k) return i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += k + 1;
    }
    return len;
}

/* Whether line [s, s+len) reads as Chinese text in UTF-8: valid UTF-8, at least one character in the CJK blocks
 * (U+3000–303F, U+3400–4DBF, U+4E00–9FFF, U+FF00–FFEF) and no C1 control (U+0080–009F). A line of a file read as
 * GB18030 that passes is UTF-8 pasted into it: GB18030 text almost never does (a CJK character in UTF-8 needs a lead
 * byte E3–E9 followed by two bytes 80–BF, which GB18030's byte pairs line up to by chance about once in 10^4
 * characters; of 29,349 Chinese lines of this project's data written in GB18030 none passes). */
static int utf8_cjk_line(const unsigned char *s, size_t len) {
    if (utf8_invalid_at(s, len) != len) return 0;
    int cjk = 0, any = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        any = 1;
        size_t k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        unsigned long cp = c & (k == 1 ? 0x1F : k == 2 ? 0x0F : 0x07);
        for (size_t j = 1; j <= k; j++) cp = (cp << 6) | (s[i + j] & 0x3F);
        if (cp <= 0x9F) return 0;
        if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
            (cp >= 0xFF00 && cp <= 0xFFEF))
            cjk = 1;
        i += k + 1;
    }
    return any && cjk;
}

/* The first line of a file about to be read as GB18030 that is Chinese text in UTF-8 (utf8_cjk_line): its
 * byte offset, or len when there is none. */
static size_t utf8_line_in_gb(const char *d, size_t len) {
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && d[end] != '\n' && d[end] != '\r') end++;
        if (utf8_cjk_line((const unsigned char *)d + pos, end - pos)) return pos;
        pos = end < len ? end + 1 : len;
    }
    return len;
}

/* Converts GB18030 to UTF-8. 0 on success; 1 when the input is not GB18030 (*bad = offset where decoding
 * stops); -1 when iconv cannot be used or memory runs out. */
static int gb18030_to_utf8(const char *in, size_t len, char **out, size_t *outlen, size_t *bad) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return -1;
    size_t cap = len + len / 2 + 16, used = 0;
    char *buf = malloc(cap);
    char *ip = (char *)in;
    size_t ileft = len;
    int rc = 0;
    while (buf && ileft) {
        char *op = buf + used;
        size_t oleft = cap - used;
        size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
        used = (size_t)(op - buf);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        } else { /* EILSEQ, or EINVAL for a sequence cut off at the end */
            *bad = (size_t)(ip - in);
            rc = 1;
            break;
        }
    }
    iconv_close(cd);
    if (!buf) return -1;
    if (rc) { free(buf); return rc; }
    *out = buf;
    *outlen = used;
    return 0;
}

/* Decodes data into UTF-8: *text points into data or into *owned (to free). Shared with the text
 * extractors (table_internal.h), so bulletin text and tables are decoded by the same rules. */
int regio__text_decode(const char *name, const char *data, size_t len, regio_encoding enc, const char **text,
                       size_t *tlen, char **owned, const char **enc_name, regio_error *err) {
    const unsigned char *u = (const unsigned char *)data;
    *owned = NULL;
    if (len == 0) return regio_error_set(err, REGIO_EINVAL, "%s: 空文件", "%s: empty file", name);
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return regio_error_set(err, REGIO_EINVAL, "%s: 文件是 UTF-16 编码，不支持；请另存为 UTF-8 或 GB18030 编码",
                               "%s: the file is UTF-16 encoded, which is not supported; save it as UTF-8 or GB18030",
                               name);
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        size_t off = (size_t)(nul - data);
        return regio_error_set(err, REGIO_EINVAL,
                               "%s:%ld: 字节偏移 %zu 处有 NUL 字节：这看起来是二进制文件（或不带 BOM 的 UTF-16），"
                               "不是文本 CSV；Excel 工作簿请用 .xlsx 格式",
                               "%s:%ld: NUL byte at byte offset %zu: this looks like a binary file (or UTF-16 "
                               "without BOM), not a text CSV; Excel workbooks must be .xlsx",
                               name, line_at(data, len, off), off);
    }
    int bom = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    if (bom && enc == REGIO_ENC_GB18030)
        return regio_error_set(err, REGIO_EINVAL, "%s: 指定了 GB18030 编码，但文件以 UTF-8 BOM 开头；请改用 UTF-8 或自动检测",
                               "%s: GB18030 was requested but the file starts with a UTF-8 BOM; use UTF-8 or "
                               "automatic detection",
                               name);
    size_t skip = bom ? 3 : 0;
    size_t bad_utf8 = len;
    if (enc != REGIO_ENC_GB18030) {
        bad_utf8 = skip + utf8_invalid_at(u + skip, len - skip);
        if (bad_utf8 == len) {
            *text = data + skip;
            *tlen = len - skip;
            *enc_name = bom ? "UTF-8 BOM" : "UTF-8";
            return REGIO_OK;
        }
        if (enc == REGIO_ENC_UTF8 || bom) /* a BOM declares UTF-8: no second guess */
            return regio_error_set(err, REGIO_EINVAL,
                                   "%s:%ld: 不是有效的 UTF-8：字节偏移 %zu 处的字节 0x%02X 无法解码"
                                   "（若文件是 GBK/GB18030 编码，请指定 GB18030 或使用自动检测）",
                                   "%s:%ld: not valid UTF-8: at byte offset %zu the byte 0x%02X cannot be decoded "
                                   "(if the file is GBK/GB18030, ask for GB18030 or automatic detection)",
                                   name, line_at(data, len, bad_utf8), bad_utf8, (unsigned)u[bad_utf8]);
    }
    /* verify before converting: a file read as GB18030 must be GB18030 throughout; a UTF-8 line in it would
     * become mojibake without a word (issue 13, item 2) */
    size_t mixed = utf8_line_in_gb(data, len);
    if (mixed < len) {
        long line = line_at(data, len, mixed);
        if (enc == REGIO_ENC_GB18030)
            return regio_error_set(err, REGIO_EINVAL,
                                   "%s:%ld: 指定了 GB18030 编码，但这一行是 UTF-8 编码的中文：文件混用了两种编码；"
                                   "请把整个文件另存为同一种编码（最好是 UTF-8）",
                                   "%s:%ld: GB18030 was requested but this line is Chinese text in UTF-8: the file mixes two "
                                   "encodings; save the whole file in one encoding (UTF-8 is best)",
                                   name, line);
        return regio_error_set(err, REGIO_EINVAL,
                               "%s:%ld: 文件混用了两种编码：第 %ld 行不是有效的 UTF-8（字节偏移 %zu），所以文件按 GB18030 读取，"
                               "但这一行是 UTF-8 编码的中文；请把整个文件另存为同一种编码（最好是 UTF-8）",
                               "%s:%ld: the file mixes two encodings: line %ld is not valid UTF-8 (byte offset %zu), so the "
                               "file would be read as GB18030, but this line is Chinese text in UTF-8; save the whole file "
                               "in one encoding (UTF-8 is best)",
                               name, line, line_at(data, len, bad_utf8), bad_utf8);
    }
    size_t bad_gb = 0;
    char *conv = NULL;
    size_t clen = 0;
    int rc = gb18030_to_utf8(data, len, &conv, &clen, &bad_gb);
    if (rc < 0)
        return regio_error_set(err, REGIO_EINTERNAL, "%s: 无法进行 GB18030 到 UTF-8 的转换（iconv）",
                               "%s: cannot convert GB18030 to UTF-8 (iconv)", name);
    if (rc > 0) {
        /* report where neither decoding can go on: the later of the two stopping points */
        size_t off = enc == REGIO_ENC_GB18030 || bad_gb > bad_utf8 ? bad_gb : bad_utf8;
        long line = line_at(data, len, off);
        if (enc == REGIO_ENC_GB18030)
            return regio_error_set(err, REGIO_EINVAL,
                                   "%s:%ld: 不是有效的 GB18030：字节偏移 %zu 处的字节 0x%02X 无法解码",
                                   "%s:%ld: not valid GB18030: at byte offset %zu the byte 0x%02X cannot be decoded",
                                   name, line, off, (unsigned)u[off]);
        return regio_error_set(err, REGIO_EINVAL,
                               "%s:%ld: 无法识别文件编码：字节偏移 %zu 处的字节 0x%02X 既不是有效的 UTF-8，也不是有效的 "
                               "GB18030；请把文件另存为 UTF-8 或 GB18030 编码",
                               "%s:%ld: unknown encoding: at byte offset %zu the byte 0x%02X is neither valid UTF-8 "
                               "nor GB18030; save the file as UTF-8 or GB18030",
                               name, line, off, (unsigned)u[off]);
    }
    *owned = conv;
    *text = conv;
    *tlen = clen;
    if (clen >= 3 && memcmp(conv, "\xEF\xBB\xBF", 3) == 0) *text += 3, *tlen -= 3; /* GB18030 BOM */
    *enc_name = "GB18030";
    return REGIO_OK;
}

typedef struct csv_ctx {
    regio_tbuild *b;
    regio_error *err;
    int rc;               /* first failure inside a callback */
    long line;            /* line being fed to libcsv */
    int in_row;
    long row_line;        /* line where the current row started */
    size_t row_fields;    /* fields completed in the current row */
    long last_field_line; /* line where the last completed field ended (at a delimiter) */
} csv_ctx;

static void on_field(void *s, size_t len, void *data) {
    csv_ctx *c = data;
    if (c->rc) return;
    c->rc = regio_tbuild_field(c->b, s ? s : "", s ? len : 0, c->err);
    c->row_fields++;
    c->last_field_line = c->line;
}

static void on_row(int term, void *data) {
    csv_ctx *c = data;
    (void)term;
    if (!c->rc) c->rc = regio_tbuild_row(c->b, c->row_line, c->err);
    c->in_row = 0;
    c->row_fields = 0;
}

static int has_content(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 1;
    return 0;
}

static int parse_csv(const char *name, const char *d, size_t len, regio_tbuild *b, regio_error *err) {
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    /* libcsv grows a field's buffer by its block size (128 bytes by default): a cell of megabytes — refused later by
     * the cell limit — then costs a realloc per 128 bytes, quadratic where realloc copies (ASan, valgrind) */
    csv_set_blk_size(&p, 256 * 1024);
    csv_ctx c = {.b = b, .err = err};
    size_t pos = 0;
    long line = 1;
    while (pos < len && !c.rc) {
        size_t end = pos;
        while (end < len && d[end] != '\n' && d[end] != '\r') end++;
        if (end < len) end += (d[end] == '\r' && end + 1 < len && d[end + 1] == '\n') ? 2 : 1;
        if (!c.in_row && has_content(d + pos, end - pos)) {
            c.in_row = 1;
            c.row_line = line;
        }
        c.line = line;
        size_t n = csv_parse(&p, d + pos, end - pos, on_field, on_row, &c);
        if (c.rc) break;
        if (n != end - pos) {
            if (csv_error(&p) == CSV_EPARSE)
                c.rc = regio_error_set(err, REGIO_EINVAL,
                                       "%s:%ld: 第 %zu 个字段的引号用法不对：含逗号、引号或换行的字段要整个用英文双引号括起来，"
                                       "字段里的双引号写成两个（\"\"）",
                                       "%s:%ld: field %zu has a misplaced quote: a field containing commas, quotes "
                                       "or line breaks must be enclosed in double quotes, with quotes inside "
                                       "doubled (\"\")",
                                       name, line, c.row_fields + 1);
            else
                c.rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
            break;
        }
        pos = end;
        line++;
    }
    if (!c.rc && csv_fini(&p, on_field, on_row, &c) != 0 && !c.rc) {
        long start = c.row_fields ? c.last_field_line : c.row_line;
        c.rc = regio_error_set(err, REGIO_EINVAL,
                               "%s:%ld: 引号未闭合：从这一行开始的带引号字段直到文件结尾都没有结束引号（文件可能没有写完整）",
                               "%s:%ld: unterminated quoted field: the quoted field starting on this line has no "
                               "closing quote before the end of the file (the file may be incomplete)",
                               name, start);
    }
    csv_free(&p);
    return c.rc;
}

int regio_table_parse(const char *name, const char *data, size_t len, const regio_table_opts *opts,
                      regio_table **out, regio_error *err) {
    *out = NULL;
    if (!name) name = "-";
    const char *text = NULL, *enc_name = NULL;
    size_t tlen = 0;
    char *owned = NULL;
    int rc = regio__text_decode(name, data, len, opts ? opts->encoding : REGIO_ENC_AUTO, &text, &tlen, &owned, &enc_name, err);
    if (rc) return rc;
    /* a byte order mark past the start is invisible in every editor and would stay in a cell ("\uFEFF530102" is
     * not 530102): it comes from files joined with cat, so the line is named (issue 13, item 9) */
    const char *q = NULL;
    for (size_t i = 0; i + 2 < tlen && !q; i++)
        if (text[i] == '\xEF' && text[i + 1] == '\xBB' && text[i + 2] == '\xBF') q = text + i;
    if (q) {
        long line = line_at(text, tlen, (size_t)(q - text));
        size_t ls = (size_t)(q - text);
        while (ls && text[ls - 1] != '\n' && text[ls - 1] != '\r') ls--;
        size_t field = 1;
        for (size_t i = ls; i < (size_t)(q - text); i++) field += text[i] == ',';
        rc = regio_error_set(err, REGIO_EINVAL,
                             "%s:%ld: 第 %zu 个字段里有字节顺序标记（BOM，U+FEFF）：它只能在文件开头；这像是几个文件拼接而成，"
                             "请删掉它（以及重复的表头行）",
                             "%s:%ld: field %zu holds a byte order mark (BOM, U+FEFF), which belongs only at the start of a "
                             "file: the file looks like several files joined; delete it (and any repeated header row)",
                             name, line, field);
        free(owned);
        return rc;
    }
    regio_tbuild b;
    regio_tbuild_init(&b, name);
    if (opts && opts->raw) regio_tbuild_raw(&b);
    rc = parse_csv(name, text, tlen, &b, err);
    free(owned);
    if (rc) {
        regio_tbuild_discard(&b);
        return rc;
    }
    return regio_tbuild_finish(&b, name, "csv", enc_name, out, err);
}

static int has_ext(const char *path, const char *ext) {
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && slash > dot)) return 0;
    dot++;
    for (; *dot && *ext; dot++, ext++) {
        char x = *dot >= 'A' && *dot <= 'Z' ? (char)(*dot - 'A' + 'a') : *dot;
        if (x != *ext) return 0;
    }
    return *dot == '\0' && *ext == '\0';
}

static int read_all(const char *path, char **data, size_t *len, regio_error *err) {
    int reg = regio_check_regular(path, err);
    if (reg) return reg;
    FILE *f = fopen(path, "rb");
    if (!f) return regio_error_set(err, REGIO_EIO, "无法打开文件 %s：%s", "cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int rc = REGIO_OK;
    while (buf) {
        if (n == cap) {
            char *nb = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    if (!buf) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    else if (ferror(f)) {
        rc = regio_error_set(err, REGIO_EIO, "无法读取文件 %s：%s", "cannot read %s: %s", path, strerror(errno));
        free(buf);
    }
    fclose(f);
    if (rc) return rc;
    *data = buf;
    *len = n;
    return REGIO_OK;
}

int regio_table_read(const char *path, const regio_table_opts *opts, regio_table **out, regio_error *err) {
    *out = NULL;
    if (has_ext(path, "xlsx")) return regio_xlsx_read(path, opts, out, err);
    if (has_ext(path, "xls"))
        return regio_error_set(err, REGIO_EINVAL, "%s: 不支持旧版 Excel（.xls）文件；请在 Excel 中另存为 .xlsx 或 CSV",
                               "%s: old Excel (.xls) files are not supported; save it as .xlsx or CSV in Excel", path);
    char *data = NULL;
    size_t len = 0;
    int rc = read_all(path, &data, &len, err);
    if (rc) return rc;
    rc = regio_table_parse(path, data, len, opts, out, err);
    free(data);
    return rc;
}
