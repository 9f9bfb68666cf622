/* report_sources.c — where the report's figures come from, by kind of source: the body says in one paragraph and
 * one small table (one row per kind, so never more than a page) how many figures came from official publications
 * (统计公报, 统计年鉴, 普查, 政府工作报告, the plan, official press) and how many from secondary ones (news,
 * encyclopedias, self-media, data sets); the full list goes to the annex, grouped by publication (one bulletin, one
 * yearbook edition, one web site or data set: regio_source_publication) and kind, with counts.
 * Kinds come from the store (regio_store_source_kinds: a row's stated kind, else the plan's pattern table
 * source_kinds.csv); what neither classifies is counted as unclassified, never guessed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regio/extract.h"
#include "regio/qualifier.h"
#include "report/report_internal.h"

/* one publication of the annex list */
typedef struct pub_row {
    char name[240];
    const regio_source_kind *kind; /* NULL: not classified */
    long sources, figures;
} pub_row;

/* most figures first, then by name: the order does not depend on the store's */
static int pub_cmp(const void *a, const void *b) {
    const pub_row *x = a, *y = b;
    if (x->figures != y->figures) return x->figures < y->figures ? 1 : -1;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->kind > y->kind) - (x->kind < y->kind);
}

int regio__report_sources(regio_report *r, regio_store *st, regio_error *err) {
    regio_source_count *rows = NULL;
    size_t n = 0, nk = 0;
    int rc = regio_store_source_kinds(st, &rows, &n, err);
    if (rc) return rc;
    const regio_source_kind *kinds = regio_source_kinds(&nk);
    long figs[32] = {0}, srcs[32] = {0}, official = 0, secondary = 0, unclassified = 0, total = 0;
    size_t unc_sources = 0;
    for (size_t i = 0; i < n; i++) {
        const regio_source_kind *k = regio_source_kind_find(rows[i].kind);
        total += rows[i].nobs;
        if (!k) { unclassified += rows[i].nobs; unc_sources++; continue; }
        size_t j = (size_t)(k - kinds);
        figs[j] += rows[i].nobs;
        srcs[j]++;
        if (k->official) official += rows[i].nobs;
        else secondary += rows[i].nobs;
    }
    char text[1024];
    double d = total ? 100.0 / (double)total : 0;
    snprintf(text, sizeof text,
             RTR(r, "数据库中的 %ld 个现行数字里，%ld 个（%.1f%%）来自官方来源（统计公报、统计年鉴、普查、政府工作报告、规划文本、官方发布），"
                    "%ld 个（%.1f%%）来自二手来源（新闻报道、百科、自媒体、研究或第三方数据集），%ld 个（%.1f%%，%zu 个来源）尚未分类。"
                    "下表按来源类型汇总；逐一来源的完整清单见附件。",
                    "Of the %ld current figures in the store, %ld (%.1f%%) come from official sources (statistical bulletins, yearbooks, "
                    "censuses, government work reports, the plan text, official press), %ld (%.1f%%) from secondary sources (news, "
                    "encyclopedias, self-media, research or third-party data sets), and %ld (%.1f%%, %zu sources) are not classified yet. "
                    "The table sums them by kind of source; the full list, source by source, is in the annex."),
             total, official, official * d, secondary, secondary * d, unclassified, unclassified * d, unc_sources);
    regio__report_para(r, text);
    long t = regio__report_table_new(r, "source_kinds", "数据来源类型", "kinds of source");
    regio__report_col(r, t, "kind", "来源类型", "kind of source", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "class", "性质", "class", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "sources", "来源数", "sources", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "figures", "数字个数", "figures", "个", REGIO_RCOL_INT, 0);
    for (size_t j = 0; j < nk && j < 32; j++) {
        if (!figs[j]) continue;
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, r->lang == REGIO_LANG_ZH ? kinds[j].zh : kinds[j].en);
        regio__report_set_text(r, t, row, 1, kinds[j].official ? RTR(r, "官方", "official") : RTR(r, "二手", "secondary"));
        regio__report_set_num(r, t, row, 2, (double)srcs[j]);
        regio__report_set_num(r, t, row, 3, (double)figs[j]);
    }
    if (unclassified) {
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, RTR(r, "未分类", "not classified"));
        regio__report_set_text(r, t, row, 1, "—");
        regio__report_set_num(r, t, row, 2, (double)unc_sources);
        regio__report_set_num(r, t, row, 3, (double)unclassified);
    }
    regio__report_table_block(r, t);
    /* the annex list: one row per publication and kind (regio_source_publication), with the number of source
     * texts and of figures; most figures first (report_annex.c places it) */
    t = regio__report_table_new(r, "source_list", "数据来源清单（按出版物）", "list of sources (by publication)");
    regio__report_col(r, t, "publication", "出版物或网站", "publication or site", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "kind", "来源类型", "kind of source", "", REGIO_RCOL_TEXT, 0);
    regio__report_col(r, t, "sources", "来源条目数", "source texts", "个", REGIO_RCOL_INT, 0);
    regio__report_col(r, t, "figures", "数字个数", "figures", "个", REGIO_RCOL_INT, 0);
    pub_row *pubs = calloc(n ? n : 1, sizeof *pubs);
    size_t npub = 0;
    if (!pubs) { regio_source_counts_free(rows, n); return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory"); }
    for (size_t i = 0; i < n; i++) {
        const regio_source_kind *k = regio_source_kind_find(rows[i].kind);
        char name[sizeof pubs->name];
        regio_source_publication(rows[i].source, k && k->official, name, sizeof name);
        size_t j = 0;
        while (j < npub && !(pubs[j].kind == k && strcmp(pubs[j].name, name) == 0)) j++;
        if (j == npub) { memcpy(pubs[j].name, name, sizeof name); pubs[j].kind = k; npub++; }
        pubs[j].sources++;
        pubs[j].figures += rows[i].nobs;
    }
    qsort(pubs, npub, sizeof *pubs, pub_cmp);
    for (size_t j = 0; j < npub; j++) {
        const regio_source_kind *k = pubs[j].kind;
        long row = regio__report_row(r, t);
        regio__report_set_text(r, t, row, 0, pubs[j].name);
        regio__report_set_text(r, t, row, 1, k ? (r->lang == REGIO_LANG_ZH ? k->zh : k->en) : RTR(r, "未分类", "not classified"));
        regio__report_set_num(r, t, row, 2, (double)pubs[j].sources);
        regio__report_set_num(r, t, row, 3, (double)pubs[j].figures);
    }
    free(pubs);
    regio_source_counts_free(rows, n);
    return REGIO_OK;
}
