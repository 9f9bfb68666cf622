/* import.c — read a file of observations, validate every cell, write it as one batch or not at all.
 *
 * The file is first turned into candidate observations (long rows, or the cells of a wide table through
 * its column map), each remembering the line and column it came from. Validation collects every problem
 * (up to a limit) instead of stopping at the first, because the person fixing a file wants the whole list.
 * Duplicates inside the file are found by sorting the candidates by key (O(n log n)), each against the
 * store by an indexed lookup. Only when nothing is wrong is the batch written, in one transaction.
 */
#include "regio/import.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "import/import_internal.h"
#include "regio/hash.h"

#define OOM(err) regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory")

int regio_import_problem_text(regio_import_report *r, long line, const char *column, const char *zh, const char *en) {
    r->nproblems_total++;
    if (r->nproblems >= REGIO_IMPORT_MAX_PROBLEMS) return REGIO_OK;
    regio_import_problem *np = realloc(r->problems, (r->nproblems + 1) * sizeof *np);
    if (!np) return REGIO_ENOMEM;
    r->problems = np;
    regio_import_problem *p = &r->problems[r->nproblems];
    p->line = line;
    p->column = regio_strdup(column ? column : "");
    p->zh = regio_strdup(zh);
    p->en = regio_strdup(en);
    if (!p->column || !p->zh || !p->en) { free(p->column); free(p->zh); free(p->en); return REGIO_ENOMEM; }
    r->nproblems++;
    return REGIO_OK;
}

int regio_import_problem_add(regio_import_report *r, long line, const char *column, const char *fmt_zh,
                             const char *fmt_en, ...) {
    if (r->nproblems >= REGIO_IMPORT_MAX_PROBLEMS) { r->nproblems_total++; return REGIO_OK; }
    char zh[1024], en[1024];
    va_list ap, ap2;
    va_start(ap, fmt_en);
    va_copy(ap2, ap);
    vsnprintf(zh, sizeof zh, fmt_zh, ap);
    vsnprintf(en, sizeof en, fmt_en, ap2);
    va_end(ap2);
    va_end(ap);
    return regio_import_problem_text(r, line, column, zh, en);
}

void regio_import_report_free(regio_import_report *r) {
    if (!r) return;
    for (size_t i = 0; i < r->nproblems; i++) { free(r->problems[i].column); free(r->problems[i].zh); free(r->problems[i].en); }
    free(r->problems);
    regio_import_shape_free(r->shape);
    free(r->values);
    free(r->file); free(r->encoding); free(r->format); free(r->sha256); free(r->ignored);
    free(r);
}

int regio_import_names(regio_import_ctx *c, regio_error *err) {
    if (c->names) return REGIO_OK;
    return regio_names_build(c->plan, &c->names, err);
}

void regio_import_col_letter(size_t col, char *buf, size_t cap) {
    char tmp[16];
    size_t n = 0;
    for (size_t v = col + 1; v && n < sizeof tmp; v = (v - 1) / 26) tmp[n++] = (char)('A' + (v - 1) % 26);
    size_t k = 0;
    while (n && k + 1 < cap) buf[k++] = tmp[--n];
    buf[k] = '\0';
}

int regio_import_ignored(const regio_import_opts *o, const char *h, size_t col) {
    if (!o->ignore) return 0;
    char letter[16];
    regio_import_col_letter(col, letter, sizeof letter);
    for (const char *p = o->ignore; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if ((len == strlen(h) && strncmp(p, h, len) == 0) || (len == strlen(letter) && strncmp(p, letter, len) == 0))
            return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

/* ---- candidates ---- */

int regio_import_add(regio_import_ctx *c, const regio_import_cell *cell) {
    regio_import_report *r = c->report;
    const regio_plan *p = c->plan;
    long region = regio_plan_region(p, cell->region);
    long ind = regio_plan_indicator(p, cell->indicator);
    double v;
    int ok = 1;
    char cut[REGIO_CUT_BUF]; /* a value echoed in a message: at most 60 characters and … */
    if (region < 0) {
        ok = 0;
        if (regio_import_problem_add(r, cell->line, cell->region_col, "地区编码 “%s” 不在规划中（应为 GB/T 2260 编码，见 regio regions）",
                                     "unknown region code '%s' (expected a GB/T 2260 code; see regio regions)", regio_cut(cell->region, cut, sizeof cut)))
            return REGIO_ENOMEM;
    }
    if (ind < 0) {
        ok = 0;
        if (regio_import_problem_add(r, cell->line, cell->indicator_col, "指标编码 “%s” 不在规划中（见 regio indicators）",
                                     "unknown indicator code '%s' (see regio indicators)", regio_cut(cell->indicator, cut, sizeof cut)))
            return REGIO_ENOMEM;
    }
    if (cell->year < REGIO_YEAR_MIN || cell->year > REGIO_YEAR_MAX) {
        ok = 0;
        if (regio_import_problem_add(r, cell->line, cell->year_col, "年份 %d 超出范围 %d–%d", "year %d is out of range %d–%d",
                                     cell->year, REGIO_YEAR_MIN, REGIO_YEAR_MAX))
            return REGIO_ENOMEM;
    }
    if (regio_parse_number(cell->value, &v) != 0) {
        int pct = strchr(cell->value, '%') != NULL;
        if (regio_import_problem_add(r, cell->line, cell->value_col,
                                     pct ? "“%s” 不是数字（请去掉 %% 号，只写数值）" : (*cell->value ? "“%s” 不是数字" : "数值为空%s"),
                                     pct ? "'%s' is not a number (write the number without the %% sign)"
                                         : (*cell->value ? "'%s' is not a number" : "the value is empty%s"),
                                     regio_cut(cell->value, cut, sizeof cut)))
            return REGIO_ENOMEM;
        return REGIO_OK;
    }
    v *= cell->scale;
    if (!ok) return REGIO_OK;
    const regio_indicator *x = &p->indicators[ind];
    if ((!isnan(x->min) && v < x->min) || (!isnan(x->max) && v > x->max)) {
        char lo[32] = "−∞", hi[32] = "+∞";
        if (!isnan(x->min)) snprintf(lo, sizeof lo, "%g", x->min);
        if (!isnan(x->max)) snprintf(hi, sizeof hi, "%g", x->max);
        /* the value as printed must itself be outside the bounds: %g wrote 100.0000000001 as "100" next to
         * "[0, 100]" and contradicted itself (issue 13, item 9) */
        char vs[40];
        for (int prec = 6; prec <= 17; prec++) {
            snprintf(vs, sizeof vs, "%.*g", prec, v);
            double back = strtod(vs, NULL);
            if ((!isnan(x->min) && back < x->min) || (!isnan(x->max) && back > x->max)) break;
        }
        if (regio_import_problem_add(r, cell->line, cell->value_col, "值 %s（%s）超出该指标的有效范围 [%s, %s]（%s）",
                                     "value %s of %s is outside the indicator's bounds [%s, %s] (%s)", vs, x->code, lo, hi, x->unit))
            return REGIO_ENOMEM;
        return REGIO_OK;
    }
    regio_qualifier q;
    char bad[64];
    if (regio_qualifier_parse(cell->qualifier, &q, bad, sizeof bad)) {
        if (regio_import_problem_add(r, cell->line, "qualifier",
                                     "限定码 “%s” 无效（可用：A P R E F U、>=、<=、ytdN，或 初步核算、以上、1-10月 等，见 docs/methods/qualifiers.md）",
                                     "invalid qualifier '%s' (use A P R E F U, >=, <=, ytdN, or 初步核算, 以上, 1-10月 …; see docs/methods/qualifiers.md)",
                                     bad))
            return REGIO_ENOMEM;
        return REGIO_OK;
    }
    if (regio_vintage_check(cell->vintage)) {
        if (regio_import_problem_add(r, cell->line, "vintage", "版本 “%s” 应为发布日期 YYYY、YYYY-MM 或 YYYY-MM-DD",
                                     "vintage '%s' must be a release date YYYY, YYYY-MM or YYYY-MM-DD", regio_cut(cell->vintage, cut, sizeof cut)))
            return REGIO_ENOMEM;
        return REGIO_OK;
    }
    if (cell->source_kind && *cell->source_kind && !regio_source_kind_find(cell->source_kind)) {
        char list[512] = "";
        size_t nk, len = 0;
        const regio_source_kind *k = regio_source_kinds(&nk);
        for (size_t i = 0; i < nk && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", k[i].code);
        if (regio_import_problem_add(r, cell->line, "source_kind", "来源类型 “%s” 未知（可用：%s）", "unknown source kind '%s' (one of: %s)",
                                     regio_cut(cell->source_kind, cut, sizeof cut), list))
            return REGIO_ENOMEM;
        return REGIO_OK;
    }
    if (!cell->source || !*cell->source) {
        if (!c->no_source && regio_import_problem_add(r, cell->line, "source", "来源为空：每个数字都要注明来源（或用 --source 指定）",
                                     "the source is empty: every figure needs its source (or give --source)"))
            return REGIO_ENOMEM;
        return REGIO_OK;
    }
    if (c->n == c->cap) {
        size_t ncap = c->cap ? 2 * c->cap : 256;
        regio_obs *no = realloc(c->obs, ncap * sizeof *no);
        if (!no) return REGIO_ENOMEM;
        c->obs = no;
        c->cap = ncap;
    }
    c->obs[c->n++] = (regio_obs){.region = (size_t)region, .indicator = (size_t)ind, .year = cell->year, .value = v,
                                 .source = cell->source, .line = cell->line, .qual = q,
                                 .vintage = cell->vintage ? cell->vintage : "",
                                 .source_kind = cell->source_kind ? cell->source_kind : ""};
    return REGIO_OK;
}

static int cmp_obs(const void *a, const void *b) {
    const regio_obs *x = a, *y = b;
    if (x->region != y->region) return x->region < y->region ? -1 : 1;
    if (x->indicator != y->indicator) return x->indicator < y->indicator ? -1 : 1;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    if (x->qual.months != y->qual.months) return x->qual.months < y->qual.months ? -1 : 1;
    int v = strcmp(x->vintage, y->vintage);
    if (v) return v;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int check_duplicates(regio_import_ctx *c) {
    regio_obs *sorted = malloc((c->n ? c->n : 1) * sizeof *sorted);
    if (!sorted) return REGIO_ENOMEM;
    if (c->n) memcpy(sorted, c->obs, c->n * sizeof *sorted); /* c->obs is NULL when no row was valid */
    qsort(sorted, c->n, sizeof *sorted, cmp_obs);
    int rc = REGIO_OK;
    for (size_t i = 1; i < c->n && !rc; i++) {
        const regio_obs *a = &sorted[i - 1], *b = &sorted[i];
        /* one key may appear once per vintage and period: a revision beside its first release, a ten-month
         * figure beside the year's */
        if (a->region == b->region && a->indicator == b->indicator && a->year == b->year &&
            a->qual.months == b->qual.months && strcmp(a->vintage, b->vintage) == 0)
            rc = regio_import_problem_add(c->report, b->line, "", "重复：%s %s %d 已在第 %ld 行出现（同一版本、同一时期）",
                                          "duplicate: %s %s %d is already on line %ld (same vintage and period)",
                                          c->plan->regions[b->region].code, c->plan->indicators[b->indicator].code, b->year,
                                          a->line);
    }
    free(sorted);
    return rc;
}

static int check_store(regio_import_ctx *c, int replace, regio_error *err) {
    for (size_t i = 0; i < c->n; i++) {
        const regio_obs *o = &c->obs[i];
        regio_obs_ref ref;
        /* only the same vintage of the same period conflicts: another vintage is a revision, kept beside it */
        int rc = regio_store_find(c->st, c->plan, o->region, o->indicator, o->year, o->qual.months, o->vintage, &ref, err);
        if (rc) return rc;
        if (!ref.found) continue;
        if (replace) { c->report->superseded++; continue; }
        if (regio_import_problem_add(c->report, o->line, "",
                "数据库中已有 %s %s %d = %g（批次 %lld，第 %ld 行）；若要以新值取代，请加 --replace；若是修订数，请在 vintage 列写明发布日期",
                "the store already has %s %s %d = %g (batch %lld, line %ld); use --replace to supersede it, or give a revision its release date in a vintage column",
                c->plan->regions[o->region].code, c->plan->indicators[o->indicator].code, o->year, ref.value,
                (long long)ref.batch, ref.line))
            return OOM(err);
    }
    return REGIO_OK;
}

/* ---- the whole import ---- */

static const char *basename_of(const char *path) {
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

int regio_import_file(regio_store *st, const regio_plan *plan, const char *path, const regio_import_opts *opts,
                      regio_import_report **report, regio_error *err) {
    static const regio_import_opts defaults = {0};
    if (!opts) opts = &defaults;
    *report = NULL;
    regio_import_report *r = calloc(1, sizeof *r);
    if (!r) return OOM(err);
    regio_import_ctx c = {.st = st, .plan = plan, .report = r, .opts = opts};
    regio_table *t = NULL;
    int in_tx = 0;
    char sha[65];
    int rc = regio_sha256_file(path, sha, err);
    if (rc) goto out;
    r->file = regio_strdup(path);
    r->sha256 = regio_strdup(sha);
    r->ignored = regio_strdup("");
    if (!r->file || !r->sha256 || !r->ignored) { rc = OOM(err); goto out; }
    int64_t prev = 0;
    /* cheap early exit for `regio init` re-runs: an unchanged file is not even read */
    if ((rc = regio_store_batch_by_hash(st, sha, &prev, err))) goto out;
    if (prev && opts->skip_if_imported) {
        r->previous_batch = prev;
        goto out;
    }
    int yearbook = 0;
    if (opts->wide && !opts->mapping && !opts->region_column) {
        /* a table as published (title, unit and merged header rows, names, totals) unless it starts clean */
        regio_table_opts raw = opts->table;
        raw.raw = 1;
        if ((rc = regio_table_read(path, &raw, &t, err))) goto out;
        yearbook = !regio_import_wide_is_clean(t, opts);
        if (!yearbook) {
            regio_table_free(t);
            t = NULL;
        }
    }
    if (!t && (rc = regio_table_read(path, &opts->table, &t, err))) goto out;
    r->encoding = regio_strdup(t->encoding);
    r->format = regio_strdup(t->format);
    if (!r->encoding || !r->format) { rc = OOM(err); goto out; }
    rc = yearbook ? regio_import_yearbook(&c, t, err) : opts->wide ? regio_import_wide(&c, t, err) : regio_import_long(&c, t, err);
    if (rc) goto out;
    r->rows = c.n;
    if (c.n == 0 && r->nproblems_total == 0 && r->skipped_empty && !opts->wide &&
        regio_import_problem_add(r, 0, "value", "%zu 行都还没有填写 value（模板中留空的行被跳过）：没有可导入的值",
                                 "all %zu rows still have an empty value (template rows left empty are skipped): nothing to import",
                                 r->skipped_empty)) { rc = OOM(err); goto out; }
    if (c.n == 0 && r->nproblems_total == 0 &&
        regio_import_problem_add(r, 0, "", "文件中没有数据行", "the file has no data rows")) { rc = OOM(err); goto out; }
    if (check_duplicates(&c)) { rc = OOM(err); goto out; }
    /* from here to the insert the store is locked for writing: what was checked against it is what the
     * batch is written into (and one lock, rather than one per lookup, keeps large imports fast) */
    if ((rc = regio_store_begin(st, err))) goto out;
    in_tx = 1;
    if ((rc = regio_store_batch_by_hash(st, sha, &prev, err))) goto out;
    if (prev && opts->skip_if_imported) {
        r->previous_batch = prev;
        goto out;
    }
    if (prev && !opts->dry_run) {
        /* one problem says it all; every row would otherwise repeat it */
        r->previous_batch = prev;
        if (regio_import_problem_add(r, 0, "", "同样内容的文件已作为批次 %lld 导入（如需重新导入，请先 regio undo %lld）",
                                     "a file with the same content was already imported as batch %lld (regio undo %lld first to import it again)",
                                     (long long)prev, (long long)prev)) { rc = OOM(err); goto out; }
    } else if ((rc = check_store(&c, opts->replace, err))) {
        goto out;
    }
    if (r->nproblems_total > 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：发现 %zu 个问题，未导入任何数据，数据库未改变",
                             "%s: %zu problem(s) found; nothing was imported and the store is unchanged",
                             basename_of(path), r->nproblems_total);
        goto out;
    }
    if (opts->dry_run) {
        /* what would be imported, for the person checking the mapping */
        if (c.n && !(r->values = malloc(c.n * sizeof *r->values))) { rc = OOM(err); goto out; }
        for (size_t i = 0; i < c.n; i++)
            r->values[i] = (regio_import_value){c.obs[i].line, plan->regions[c.obs[i].region].code,
                                                plan->indicators[c.obs[i].indicator].code, c.obs[i].year, c.obs[i].value};
        goto out;
    }
    regio_batch_info info = {path, sha, r->format, r->encoding, opts->note};
    if ((rc = regio_store_insert_batch(st, plan, &info, c.obs, c.n, &r->batch, err))) goto out;
    if ((rc = regio_store_commit(st, err))) { r->batch = 0; goto out; }
    in_tx = 0;
out:
    if (in_tx) regio_store_rollback(st);
    free(c.obs);
    regio_names_free(c.names);
    regio_table_free(t);
    *report = r;
    return rc;
}
