/* report_docx.c — the report model as an editable Word document (regio_report_write_docx, report.h): the
 * same sections, tables as Word tables, maps and charts as PNG images, for an analyst who edits the text
 * before it goes up.
 *
 * Why converters and not a hand-written DOCX: WordprocessingML is large and Word is strict; pandoc (Debian
 * package pandoc) writes it well from HTML, and rsvg-convert (librsvg2-bin) renders the report's SVG figures to
 * PNG. Both run as child processes with argument vectors (core/spawn.h), never through a shell, in a private
 * temporary directory (mkdtemp, mode 0700) that is removed afterwards whatever happens. The document written
 * for pandoc is plain HTML: <h1> per section, the "data covered" note, the prose and tables as the HTML report
 * has them, and each inline <svg> replaced by an <img> of its PNG.
 *
 * Chinese: pandoc's default reference document names only theme fonts, which Word resolves to a Latin face for
 * East Asian text on many systems. regio rewrites the reference document's word/styles.xml so every East Asian
 * run uses Noto Sans CJK SC (fonts-noto-cjk, the font the HTML report uses), and sets the document language
 * (pandoc's lang metadata: zh-CN or en-GB). docs/report.md describes this.
 *
 * Row colours (the targets' green/yellow/red/grey): pandoc drops HTML classes, so the first cell of a coloured
 * row carries a marker word (ROW_MARK "green:") in the HTML, and word/document.xml of pandoc's output is
 * rewritten (io/zip_internal.h): the marker is removed and every cell of that row gets the row's shading
 * (<w:shd w:fill=…/>, the HTML report's colours). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/spawn.h"
#include "core/util.h"
#include "io/zip_internal.h"
#include "report/report_internal.h"

#define EA_FONT "Noto Sans CJK SC"
#define ROW_MARK "RGROWCLASS-" /* + the colour + ":" before the first cell's text of a coloured row */

typedef struct docx_job {
    char dir[4096];
    int nfig;
} docx_job;

static void path_in(const docx_job *j, const char *name, char *buf, size_t cap) { snprintf(buf, cap, "%s/%s", j->dir, name); }

static void esc(FILE *f, const char *s) {
    for (; s && *s; s++) {
        if (*s == '&') fputs("&amp;", f);
        else if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

/* removes the job's directory and everything regio put in it (a flat directory) */
static void job_remove(const docx_job *j) {
    DIR *d = opendir(j->dir);
    if (d) {
        struct dirent *e;
        char p[4096 + 260];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", j->dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(j->dir);
}

/* every attribute that begins with key (name, =, quote and maybe the start of the value) replaced, up to its
 * closing quote, by repl (a whole attribute) */
static char *attr_replace(const char *data, const char *key, const char *repl) {
    size_t kl = strlen(key), rl = strlen(repl), cnt = 0;
    for (const char *p = data; (p = strstr(p, key)); p += kl) cnt++;
    char *out = malloc(strlen(data) + cnt * rl + 1), *o = out;
    if (!out) return NULL;
    const char *p = data;
    for (const char *q; (q = strstr(p, key));) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, repl, rl);
        o += rl;
        const char *close = strchr(q + kl, '"');
        p = close ? close + 1 : q + kl;
    }
    strcpy(o, p);
    return out;
}

/* word/styles.xml with every East Asian theme font replaced by EA_FONT and, for a Chinese report, the East
 * Asian language of the default run properties set to zh-CN (pandoc's lang sets only w:val) */
static char *styles_edit(const char *data, size_t n, void *ctx) {
    const regio_report *r = ctx;
    (void)n;
    char *a = attr_replace(data, "w:eastAsiaTheme=\"", "w:eastAsia=\"" EA_FONT "\"");
    if (!a || r->lang != REGIO_LANG_ZH) return a;
    char *b = attr_replace(a, "w:eastAsia=\"en-US", "w:eastAsia=\"zh-CN\"");
    free(a);
    return b;
}

/* the shading of a row colour, as the HTML report's rows (report_write.c) */
static const char *row_fill(const char *colour, size_t n) {
    static const char *const names[] = {"green", "yellow", "red", "grey"}, *const fills[] = {"EAF6EC", "FDF7E1", "FBE9E9", "F4F4F4"};
    for (size_t i = 0; i < 4; i++)
        if (strlen(names[i]) == n && strncmp(colour, names[i], n) == 0) return fills[i];
    return NULL;
}

/* word/document.xml with every marked row shaded: the marker removed, each cell's (empty, as pandoc writes it)
 * properties given <w:shd>; a cell without properties gets them */
static char *document_edit(const char *data, size_t n, void *ctx) {
    (void)ctx;
    (void)n;
    regio_svg *b = regio_svg_new();
    if (!b) return NULL;
    const char *p = data, *q;
    while ((q = strstr(p, ROW_MARK))) {
        const char *colour = q + strlen(ROW_MARK), *colon = strchr(colour, ':');
        const char *row = NULL; /* the <w:tr> the marker stands in */
        for (const char *s = q;; s--) { /* back to the row's start, not before p */
            if (strncmp(s, "<w:tr>", 6) == 0 || strncmp(s, "<w:tr ", 6) == 0) { row = s; break; }
            if (s == p) break;
        }
        const char *end = strstr(q, "</w:tr>");
        const char *fill = colon ? row_fill(colour, (size_t)(colon - colour)) : NULL;
        if (!row || !end || !fill) { /* not a row after all: keep the text, drop the marker */
            regio_svg_printf(b, "%.*s", (int)(q - p), p);
            p = colon ? colon + 1 : q + strlen(ROW_MARK);
            continue;
        }
        end += strlen("</w:tr>");
        regio_svg_printf(b, "%.*s", (int)(row - p), p);
        char shd[96];
        snprintf(shd, sizeof shd, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"%s\" />", fill);
        for (const char *s = row; s < end;) {
            if (s == q) { s = colon + 1; continue; }
            if (strncmp(s, "<w:tcPr />", 10) == 0) { regio_svg_printf(b, "<w:tcPr>%s</w:tcPr>", shd); s += 10; continue; }
            if (strncmp(s, "<w:tcPr/>", 9) == 0) { regio_svg_printf(b, "<w:tcPr>%s</w:tcPr>", shd); s += 9; continue; }
            if (strncmp(s, "</w:tcPr>", 9) == 0) { regio_svg_printf(b, "%s</w:tcPr>", shd); s += 9; continue; } /* after what pandoc put there */
            if (strncmp(s, "<w:tc>", 6) == 0 && strncmp(s + 6, "<w:tcPr", 7) != 0) { regio_svg_printf(b, "<w:tc><w:tcPr>%s</w:tcPr>", shd); s += 6; continue; }
            regio_svg_printf(b, "%c", *s);
            s++;
        }
        p = end;
    }
    regio_svg_printf(b, "%s", p);
    char *out = b->failed ? NULL : strdup(b->buf);
    regio_svg_free(b);
    return out;
}

/* pandoc's default reference document, given the East Asian font */
static int reference_doc(const docx_job *j, const regio_report *r, char *ref, size_t cap, regio_error *err) {
    char def[4200], log[4200];
    path_in(j, "default-reference.docx", def, sizeof def);
    path_in(j, "pandoc-data.log", log, sizeof log);
    const char *argv[] = {"pandoc", "--print-default-data-file", "reference.docx", NULL};
    int rc = regio__spawn_run(argv, "pandoc", def, log, err);
    if (rc) return rc;
    path_in(j, "reference.docx", ref, cap);
    return regio__zip_rewrite(def, ref, "word/styles.xml", styles_edit, (void *)r, err);
}

/* one inline SVG figure → figN.png; writes the <img> that replaces it */
static int figure(docx_job *j, FILE *html, const char *svg, size_t n, regio_error *err) {
    char name[64], svgp[4200], pngp[4200], log[4200];
    int k = ++j->nfig;
    snprintf(name, sizeof name, "fig%d.svg", k);
    path_in(j, name, svgp, sizeof svgp);
    snprintf(name, sizeof name, "fig%d.png", k);
    path_in(j, name, pngp, sizeof pngp);
    path_in(j, "rsvg.log", log, sizeof log);
    FILE *f = fopen(svgp, "wb");
    if (!f) return regio_error_set(err, REGIO_EIO, "无法写入临时文件 %s", "cannot write the temporary file %s", svgp);
    int bad = fwrite(svg, 1, n, f) != n;
    if (fclose(f) || bad) return regio_error_set(err, REGIO_EIO, "无法写入临时文件 %s", "cannot write the temporary file %s", svgp);
    /* twice the SVG's pixel size, so the maps stay sharp when printed */
    const char *argv[] = {"rsvg-convert", "--format", "png", "--zoom", "2", "--background-color", "white", "--output", pngp, svgp, NULL};
    int rc = regio__spawn_run(argv, "librsvg2-bin", NULL, log, err);
    if (rc) return rc;
    /* width relative to the text column: an SVG wider than 6.5 in at 96 px/in fills it */
    double w = 0;
    const char *wa = strstr(svg, " width=\"");
    if (wa && wa < svg + n) w = strtod(wa + 8, NULL);
    int pct = w > 0 && w < 624 ? (int)(w / 624 * 100 + 0.5) : 100;
    fprintf(html, "<img src=\"fig%d.png\" width=\"%d%%\" alt=\"\" />", k, pct);
    return REGIO_OK;
}

/* an HTML block with each <svg>…</svg> replaced by its image */
static int html_block(docx_job *j, FILE *html, const char *s, regio_error *err) {
    for (const char *p = s; p && *p;) {
        const char *a = strstr(p, "<svg");
        if (!a) { fputs(p, html); break; }
        const char *b = strstr(a, "</svg>");
        if (!b) { fputs(p, html); break; }
        b += 6;
        fwrite(p, 1, (size_t)(a - p), html);
        int rc = figure(j, html, a, (size_t)(b - a), err);
        if (rc) return rc;
        p = b;
    }
    return REGIO_OK;
}

static void cell(FILE *f, const regio_rtable *t, size_t i, size_t c) {
    const regio_rcol *col = &t->cols[c];
    size_t k = i * t->ncols + c;
    if (col->type == REGIO_RCOL_TEXT) { fputs("<td>", f); esc(f, t->text[k] ? t->text[k] : ""); fputs("</td>", f); return; }
    double v = t->num[k];
    const char *b = t->text[k] ? t->text[k] : ""; /* a bound's sign */
    if (v != v || v - v != 0) fputs("<td align=\"right\">—</td>", f);
    else if (col->type == REGIO_RCOL_INT) fprintf(f, "<td align=\"right\">%s%.0f</td>", b, v);
    else fprintf(f, "<td align=\"right\">%s%.*f</td>", b, col->decimals, v);
}

static void table(FILE *f, const regio_report *r, const regio_rtable *t) {
    fputs("<table><caption>", f);
    esc(f, r->lang == REGIO_LANG_ZH ? t->title_zh : t->title_en);
    fputs("</caption><thead><tr>", f);
    for (size_t c = 0; c < t->ncols; c++) {
        fputs("<th>", f);
        esc(f, r->lang == REGIO_LANG_ZH ? t->cols[c].zh : t->cols[c].en);
        if (t->cols[c].unit[0]) { fputs(" (", f); esc(f, t->cols[c].unit); fputs(")", f); }
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < t->nrows; i++) {
        fputs("<tr>", f);
        const char *cls = t->row_class ? t->row_class[i] : NULL;
        if (cls && strncmp(cls, "warn-", 5) == 0 && t->ncols && t->cols[0].type == REGIO_RCOL_TEXT) { /* marked for document_edit */
            fprintf(f, "<td>%s%s:", ROW_MARK, cls + 5);
            esc(f, t->text[i * t->ncols] ? t->text[i * t->ncols] : "");
            fputs("</td>", f);
            for (size_t c = 1; c < t->ncols; c++) cell(f, t, i, c);
            fputs("</tr>\n", f);
            continue;
        }
        for (size_t c = 0; c < t->ncols; c++) cell(f, t, i, c);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static int write_html(docx_job *j, const regio_report *r, const char *path, regio_error *err) {
    FILE *f = fopen(path, "w");
    if (!f) return regio_error_set(err, REGIO_EIO, "无法写入临时文件 %s", "cannot write the temporary file %s", path);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>", r->lang == REGIO_LANG_ZH ? "zh-CN" : "en");
    esc(f, r->title);
    fprintf(f, "</title></head><body>\n<p>%s %s · regio %s · SHA-256 %.16s…</p>\n<ol>", RTR(r, "生成于", "generated"), r->generated_at,
            r->version, r->db_sha256);
    for (size_t s = 0; s < r->nsections; s++) {
        fputs("<li>", f);
        esc(f, r->sections[s].title);
        fputs("</li>", f);
    }
    fputs("</ol>\n", f);
    int rc = REGIO_OK;
    for (size_t s = 0; s < r->nsections && !rc; s++) {
        const regio_rsection *sec = &r->sections[s];
        fputs("<h1>", f);
        esc(f, sec->title);
        fprintf(f, "</h1>\n<p><b>%s</b>", RTR(r, "本节数据：", "Data covered: "));
        esc(f, sec->covered ? sec->covered : "");
        fputs("</p>\n", f);
        for (size_t b = 0; b < sec->nblocks && !rc; b++) {
            if (sec->blocks[b].kind == REGIO_RBLOCK_TABLE) table(f, r, &r->tables[sec->blocks[b].table]);
            else rc = html_block(j, f, sec->blocks[b].html, err);
            fputc('\n', f);
        }
    }
    fputs("</body></html>\n", f);
    int bad = ferror(f);
    if (fclose(f) || bad) {
        if (!rc) rc = regio_error_set(err, REGIO_EIO, "无法写入临时文件 %s", "cannot write the temporary file %s", path);
    }
    return rc;
}

int regio_report_write_docx(const regio_report *r, const char *path, regio_error *err) {
    docx_job j = {.nfig = 0};
    const char *tmp = getenv("TMPDIR");
    snprintf(j.dir, sizeof j.dir, "%s/regio-docx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(j.dir)) return regio_error_set(err, REGIO_EIO, "无法创建临时目录 %s", "cannot create the temporary directory %s", j.dir);
    char ref[4200], html[4200], out[4200], log[4200], lang[32];
    path_in(&j, "report.html", html, sizeof html);
    path_in(&j, "report.docx", out, sizeof out);
    path_in(&j, "pandoc.log", log, sizeof log);
    snprintf(lang, sizeof lang, "lang=%s", r->lang == REGIO_LANG_ZH ? "zh-CN" : "en-GB");
    int rc = reference_doc(&j, r, ref, sizeof ref, err);
    if (!rc) rc = write_html(&j, r, html, err);
    if (!rc) {
        char refopt[4300], resopt[4300];
        snprintf(refopt, sizeof refopt, "--reference-doc=%s", ref);
        snprintf(resopt, sizeof resopt, "--resource-path=%s", j.dir);
        const char *argv[] = {"pandoc", "--from", "html", "--to", "docx", refopt, resopt, "--metadata", lang, "--output", out, html, NULL};
        rc = regio__spawn_run(argv, "pandoc", NULL, log, err);
    }
    char shaded[4200];
    path_in(&j, "report-shaded.docx", shaded, sizeof shaded);
    if (!rc) rc = regio__zip_rewrite(out, shaded, "word/document.xml", document_edit, NULL, err);
    if (!rc) rc = regio_copy_file(shaded, path, err);
    job_remove(&j);
    return rc;
}
