/* cmd_data.c — the commands that change or describe the store's contents: init, import, batches, undo,
 * coverage. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "regio/geometry.h"
#include "regio/import.h"
#include "regio/json_out.h"
#include "regio/weights.h"
#include "regio/weights_build.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void print_problems(const cli *c, const regio_import_report *r) {
    for (size_t i = 0; i < r->nproblems; i++) {
        const regio_import_problem *p = &r->problems[i];
        fprintf(stderr, "%s", r->file ? r->file : "");
        if (p->line > 0) fprintf(stderr, TR(c, "：第 %ld 行", ":%ld"), p->line);
        if (*p->column) fprintf(stderr, TR(c, "，列 “%s”", ", column '%s'"), p->column);
        fprintf(stderr, ": %s\n", c->lang == REGIO_LANG_ZH ? p->zh : p->en);
    }
    if (r->nproblems_total > r->nproblems)
        fprintf(stderr, TR(c, "……另有 %zu 个问题未列出\n", "... and %zu more problems\n"), r->nproblems_total - r->nproblems);
}

/* --dry-run of a yearbook table: the mapping the importer inferred, then what it would import. */
static void print_shape(const cli *c, const regio_import_report *r) {
    const regio_import_shape *sh = r->shape;
    FILE *f = c->out;
    int zh = c->lang == REGIO_LANG_ZH;
    fprintf(f, "%s\n", TR(c, "推断的表格结构（未写入任何数据）", "the table as read (nothing written)"));
    if (sh->title && *sh->title) fprintf(f, "  %s: %s\n", TR(c, "标题", "title"), sh->title);
    if (sh->unit && *sh->unit) fprintf(f, TR(c, "  单位行：%s（第 %ld 行）\n", "  unit row: %s (line %ld)\n"), sh->unit, sh->unit_line);
    fprintf(f, TR(c, "  表头：第 %ld–%ld 行；数据：第 %ld–%ld 行\n", "  header: lines %ld–%ld; data: lines %ld–%ld\n"), sh->header_first,
            sh->header_last, sh->data_first, sh->data_last);
    if (sh->merged) fprintf(f, TR(c, "  合并单元格：%zu 处，已按左上角文字填充\n", "  merged ranges: %zu, filled with their top-left text\n"), sh->merged);
    if (sh->nfootnotes) {
        fprintf(f, "  %s:", TR(c, "脚注行", "footnote lines"));
        for (size_t i = 0; i < sh->nfootnotes; i++) fprintf(f, " %ld", sh->footnotes[i]);
        fprintf(f, "\n");
    }
    fprintf(f, "%s\n", TR(c, "列 → 指标/年份/单位/比例：", "columns → indicator/year/unit/scale:"));
    for (size_t i = 0; i < sh->ncols; i++) {
        const regio_import_column *k = &sh->cols[i];
        if (*k->indicator)
            fprintf(f, "  %-3s %-28s → %s %d  %s\n", k->column, k->label, k->indicator, k->year, zh ? k->note_zh : k->note_en);
        else
            fprintf(f, "  %-3s %-28s   %s\n", k->column, k->label, zh ? k->note_zh : k->note_en);
    }
    fprintf(f, "%s\n", TR(c, "行 → 地区：", "rows → regions:"));
    for (size_t i = 0; i < sh->nrows; i++) {
        const regio_import_rowmap *w = &sh->rows[i];
        fprintf(f, TR(c, "  第 %-4ld 行 %-14s → %-7s %s\n", "  line %-4ld %-14s → %-7s %s\n"), w->line, w->text, *w->region ? w->region : "—",
                zh ? w->how_zh : w->how_en);
    }
}

/* --dry-run --format json of a yearbook table: one object with the summary, the mapping and the values. */
static int shape_json(cli *c, const regio_import_report *r) {
    const regio_import_shape *sh = r->shape;
    int zh = c->lang == REGIO_LANG_ZH;
    json_t *cols = json_array(), *rows = json_array(), *vals = json_array(), *foot = json_array();
    for (size_t i = 0; cols && i < sh->ncols; i++) {
        const regio_import_column *k = &sh->cols[i];
        json_array_append_new(cols, json_pack("{s:s, s:s, s:s?, s:o, s:s, s:o, s:s}", "column", k->column, "label", k->label,
                                              "indicator", *k->indicator ? k->indicator : NULL,
                                              "year", k->year ? json_integer(k->year) : json_null(), "unit", k->unit,
                                              "scale", regio_json_num(k->scale), "note", zh ? k->note_zh : k->note_en));
    }
    for (size_t i = 0; rows && i < sh->nrows; i++) {
        const regio_import_rowmap *w = &sh->rows[i];
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s?, s:s}", "line", (json_int_t)w->line, "text", w->text,
                                              "region", *w->region ? w->region : NULL, "how", zh ? w->how_zh : w->how_en));
    }
    for (size_t i = 0; vals && r->values && i < r->rows; i++) {
        const regio_import_value *v = &r->values[i];
        json_array_append_new(vals, json_pack("{s:I, s:s, s:s, s:i, s:o}", "line", (json_int_t)v->line, "region", v->region,
                                              "indicator", v->indicator, "year", v->year, "value", regio_json_num(v->value)));
    }
    for (size_t i = 0; foot && i < sh->nfootnotes; i++) json_array_append_new(foot, json_integer(sh->footnotes[i]));
    json_t *root = json_pack("{s:s, s:b, s:I, s:I, s:s, s:{s:s?, s:s?, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}, s:o}",
                             "file", r->file, "dry_run", 1, "rows", (json_int_t)r->rows, "skipped_empty", (json_int_t)r->skipped_empty,
                             "ignored_columns", r->ignored ? r->ignored : "",
                             "shape", "title", sh->title, "unit", sh->unit, "unit_line", (json_int_t)sh->unit_line,
                             "header_first", (json_int_t)sh->header_first, "header_last", (json_int_t)sh->header_last,
                             "data_first", (json_int_t)sh->data_first, "data_last", (json_int_t)sh->data_last,
                             "merged", (json_int_t)sh->merged, "footnotes", foot ? foot : json_null(),
                             "columns", cols ? cols : json_null(), "rows", rows ? rows : json_null(),
                             "values", vals ? vals : json_null());
    if (!root) return CLI_INTERNAL;
    regio_error err;
    regio_error_clear(&err);
    int rc = regio_json_dump(root, c->out, &err) ? cli_fail(c, &err) : CLI_OK;
    json_decref(root);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The observation files of a plan directory, sorted so batches are numbered the same on every machine. */
static int list_observation_files(const cli *c, const char *dir, char ***files, size_t *n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/observations", dir);
    *files = NULL;
    *n = 0;
    DIR *d = opendir(path);
    if (!d) return CLI_OK; /* a plan may ship no data */
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        int ok = (len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0) || (len > 5 && strcmp(e->d_name + len - 5, ".xlsx") == 0);
        if (!ok) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nf = realloc(*files, cap * sizeof *nf);
            if (!nf) { closedir(d); return cli_usage_error(c, "内存不足", "out of memory") + 1; }
            *files = nf;
        }
        size_t plen = strlen(path) + len + 2;
        (*files)[*n] = malloc(plen);
        if (!(*files)[*n]) { closedir(d); return CLI_INTERNAL; }
        snprintf((*files)[*n], plen, "%s/%s", path, e->d_name);
        (*n)++;
    }
    closedir(d);
    qsort(*files, *n, sizeof **files, cmp_str);
    return CLI_OK;
}

/* dir/boundaries: every *.gal is a named weights set (the file's stem, e.g. county_queen), and
 * boundaries.csv (file,id_field) names polygon files whose label points are kept for distance weights. */
static int load_boundaries(cli *c, const char *dir, const regio_plan *plan, regio_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/boundaries", dir);
    DIR *d = opendir(path);
    if (!d) return REGIO_OK;
    struct dirent *e;
    int rc = REGIO_OK;
    while (!rc && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".gal") != 0) continue;
        char file[4400], name[256];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        snprintf(name, sizeof name, "%.*s", (int)(len - 4), e->d_name);
        regio_weights *w = NULL;
        if (!(rc = regio_weights_read_gal(file, REGIO_WREAD_SYMMETRIC, &w, err)))
            rc = regio_store_save_weights(c->st, name, file, w, err);
        if (!rc) fprintf(stderr, TR(c, "空间权重 %s：%zu 个单元，%zu 条邻接\n", "weights %s: %zu units, %zu links\n"), name, w->n,
                         w->offsets[w->n]);
        regio_weights_free(w);
    }
    closedir(d);
    snprintf(path, sizeof path, "%s/boundaries/boundaries.csv", dir);
    regio_table *t = NULL;
    FILE *probe = fopen(path, "r");
    if (rc || !probe) return rc;
    fclose(probe);
    if ((rc = regio_table_read(path, NULL, &t, err))) return rc;
    long fc = regio_table_col(t, "file"), ic = regio_table_col(t, "id_field");
    if (fc < 0 || ic < 0)
        rc = regio_error_set(err, REGIO_EINVAL, "%s：表头应为 file,id_field,note", "%s: the header must be file,id_field,note", path);
    for (size_t i = 0; !rc && i < t->nrows; i++) {
        char file[4400];
        snprintf(file, sizeof file, "%s/boundaries/%s", dir, regio_table_cell(t, i, (size_t)fc));
        regio_polygons *pg = NULL;
        size_t saved = 0;
        if ((rc = regio_polygons_read(file, NULL, regio_table_cell(t, i, (size_t)ic), &pg, err))) break;
        if (pg->warn_en) fputs(TR(c, pg->warn_zh, pg->warn_en), stderr); /* null and self-crossing geometries */
        for (size_t k = 0; !rc && k < pg->n; k++) {
            if (regio_plan_region(plan, pg->ids[k]) < 0 || pg->lx[k] != pg->lx[k]) continue;
            rc = regio_store_save_point(c->st, pg->ids[k], pg->lx[k], pg->ly[k], file, err);
            saved++;
        }
        if (!rc) fprintf(stderr, TR(c, "边界 %s：保存了 %zu 个地区的标注点\n", "boundaries %s: label points of %zu regions kept\n"),
                         file, saved);
        size_t outlines = 0;
        if (!rc && !(rc = regio_geometry_import(c->st, plan, file, regio_table_cell(t, i, (size_t)ic), REGIO_GEOMETRY_TOLERANCE, &outlines, err)))
            fprintf(stderr, TR(c, "边界 %s：保存了 %zu 个地区的地图轮廓\n", "boundaries %s: map outlines of %zu regions kept\n"), file, outlines);
        regio_polygons_free(pg);
    }
    regio_table_free(t);
    return rc;
}

/* The plan's source_kinds.csv (pattern,kind[,note]), when there is one, into the store: every kind must be one of
 * regio_source_kinds (docs/methods/qualifiers.md). */
static int load_source_kinds(cli *c, const char *dir, regio_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/source_kinds.csv", dir);
    if (access(path, R_OK) != 0) return REGIO_OK;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long pc = regio_table_col(t, "pattern"), kc = regio_table_col(t, "kind");
    const char **pat = calloc(t->nrows + 1, sizeof *pat), **kind = calloc(t->nrows + 1, sizeof *kind);
    if (!pat || !kind) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    else if (pc < 0 || kc < 0)
        rc = regio_error_set(err, REGIO_EINVAL, "%s：表头应为 pattern,kind,note", "%s: the header must be pattern,kind,note", path);
    for (size_t i = 0; !rc && i < t->nrows; i++) {
        pat[i] = regio_table_cell(t, i, (size_t)pc);
        kind[i] = regio_table_cell(t, i, (size_t)kc);
        if (!*pat[i] || !regio_source_kind_find(kind[i]))
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：模式为空或来源类型 “%s” 未知（见 docs/methods/qualifiers.md）",
                                 "%s line %ld: an empty pattern or an unknown source kind '%s' (see docs/methods/qualifiers.md)",
                                 path, t->line[i], kind[i]);
    }
    if (!rc) rc = regio_store_save_source_rules(c->st, pat, kind, t->nrows, err);
    if (!rc) fprintf(stderr, TR(c, "来源类型规则：%zu 条（%s）\n", "source kind rules: %zu (%s)\n"), t->nrows, path);
    free(pat);
    free(kind);
    regio_table_free(t);
    return rc;
}

int cmd_init(cli *c, int argc, char **argv) {
    const char *dir = NULL, *pos[1];
    size_t npos;
    const cli_opt opts[] = {
        {"--plan", OPT_STR, &dir, "DIR", "规划目录（如 data/yunnan）", "plan directory (e.g. data/yunnan)"},
    };
    CLI_PARSE(c, "init", argc, argv, opts, N(opts), pos, 0, &npos);
    int rc;
    if (!dir) return cli_usage_error(c, "需要 --plan 目录", "--plan DIR is required");
    regio_error err;
    regio_error_clear(&err);
    regio_plan *plan = NULL;
    char **files = NULL;
    size_t nfiles = 0, imported = 0, skipped = 0, rows = 0;
    if ((rc = regio_plan_load_dir(dir, &plan, &err))) return cli_fail(c, &err);
    if ((rc = regio_store_open(c->db, REGIO_STORE_CREATE, &c->st, &err))) {
        regio_plan_free(plan);
        return cli_fail(c, &err);
    }
    /* one transaction: the plan, every file's import (each joins it as a savepoint) and the boundaries land
     * together or not at all, so a bad file leaves the store as it was (docs/data.md) */
    int in_tx = 0;
    if ((rc = regio_store_begin(c->st, &err))) { rc = cli_fail(c, &err); goto out; }
    in_tx = 1;
    if ((rc = regio_store_save_plan(c->st, plan, &err))) { rc = cli_fail(c, &err); goto out; }
    /* where the plan lives, for the parts of it that stay files (evaluation schemes) */
    char *abs = realpath(dir, NULL);
    rc = regio_store_meta_set(c->st, "plan_dir", abs ? abs : dir, &err);
    free(abs);
    if (rc) { rc = cli_fail(c, &err); goto out; }
    fprintf(stderr, TR(c, "规划 %s：%zu 个地区、%zu 个组、%zu 个指标、%zu 个目标、%zu 个监测指标\n",
                          "plan %s: %zu regions, %zu groups, %zu indicators, %zu targets, %zu monitored indicators\n"),
            plan->name, plan->nregions, plan->ngroups, plan->nindicators, plan->ntargets, plan->nmonitors);
    if (load_source_kinds(c, dir, &err)) { rc = cli_fail(c, &err); goto out; }
    if ((rc = list_observation_files(c, dir, &files, &nfiles))) goto out;
    for (size_t i = 0; i < nfiles; i++) {
        /* a file edited since it was last imported replaces that import: the new batch supersedes the
         * old one's values, then the old batch goes, so rows deleted from the file leave the store too */
        int64_t old = 0;
        if (regio_store_batch_by_file(c->st, files[i], &old, &err)) { rc = cli_fail(c, &err); goto out; }
        regio_import_opts o = {.skip_if_imported = 1, .replace = old != 0, .note = "regio init"};
        regio_import_report *r = NULL;
        fprintf(stderr, "[%zu/%zu] %s ", i + 1, nfiles, files[i]);
        int irc = regio_import_file(c->st, plan, files[i], &o, &r, &err);
        if (!irc && r->batch && old && regio_store_undo(c->st, old, &err)) irc = err.code;
        if (irc) {
            fprintf(stderr, "\n");
            if (r) print_problems(c, r);
            regio_import_report_free(r);
            rc = cli_fail(c, &err);
            goto out;
        }
        if (r->previous_batch) { skipped++; fprintf(stderr, TR(c, "已导入（批次 %lld）\n", "already imported (batch %lld)\n"), (long long)r->previous_batch); }
        else {
            imported++;
            rows += r->rows;
            fprintf(stderr, TR(c, "%zu 行 → 批次 %lld", "%zu rows → batch %lld"), r->rows, (long long)r->batch);
            if (old) fprintf(stderr, TR(c, "（文件已修改，取代批次 %lld）", " (file changed; replaces batch %lld)"), (long long)old);
            fprintf(stderr, "\n");
        }
        regio_import_report_free(r);
    }
    if (load_boundaries(c, dir, plan, &err)) { rc = cli_fail(c, &err); goto out; }
    if ((rc = regio_store_commit(c->st, &err))) { in_tx = 0; rc = cli_fail(c, &err); goto out; }
    in_tx = 0;
    fprintf(stderr, TR(c, "完成：新导入 %zu 个文件（%zu 条观测），%zu 个文件此前已导入；已写入 %s\n",
                          "done: %zu files imported (%zu observations), %zu already imported; written to %s\n"),
            imported, rows, skipped, c->db);
out:
    if (in_tx) {
        regio_store_rollback(c->st);
        fprintf(stderr, TR(c, "regio: 初始化未完成，什么也没有写入：数据库 %s 保持原样（规划和上面列出的文件都不在其中）；改正后重新运行 regio init\n",
                              "regio: init did not finish and wrote nothing: the store %s is as it was (neither the plan nor the "
                              "files listed above are in it); fix the problem and run regio init again\n"), c->db);
    }
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    regio_plan_free(plan);
    return rc;
}

int cmd_import(cli *c, int argc, char **argv) {
    const char *pos[1], *encoding = NULL, *sheet = NULL;
    size_t npos;
    regio_import_opts o = {0};
    cli_list ignore = {0};
    const cli_opt opts[] = {
        {"--source", OPT_STR, &o.source, "TEXT", "没有 source 列时各行的来源", "source of rows that have none (or of all rows without a source column)"},
        {"--note", OPT_STR, &o.note, "TEXT", "批次备注", "a note kept with the batch"},
        {"--replace", OPT_FLAG, &o.replace, NULL, "以新值取代数据库中已有的值（可撤销）", "supersede values already in the store (undoable)"},
        {"--dry-run", OPT_FLAG, &o.dry_run, NULL, "只校验，不写入", "validate only, write nothing"},
        {"--encoding", OPT_STR, &encoding, "auto|utf-8|gb18030", "文件编码（默认自动识别）", "file encoding (default: detect)"},
        {"--sheet", OPT_STR, &sheet, "NAME", "XLSX 工作表（默认第一个）", "XLSX sheet (default: the first)"},
        {"--wide", OPT_FLAG, &o.wide, NULL, "宽表：每行一个地区，每列一个年份或指标；按出版原样的年鉴表（标题、单位行、合并表头、全省行、地区名称）自动识别，先用 --dry-run 核对",
         "wide table: a row per region, a column per year or indicator; a yearbook table as published (title, 单位 row, merged headers, 全省 row, names) is recognised — check it with --dry-run"},
        {"--indicator", OPT_STR, &o.indicator, "CODE|NAME", "宽表：各列为该指标的年份", "wide: columns are years of this indicator"},
        {"--year", OPT_INT, &o.year, "Y", "宽表：各列为该年的指标", "wide: columns are indicators of this year"},
        {"--mapping", OPT_STR, &o.mapping, "FILE", "宽表：列映射文件 column,indicator,year,scale", "wide: column map file column,indicator,year,scale"},
        {"--region-column", OPT_STR, &o.region_column, "COL", "宽表：地区编码或名称所在列", "wide: the column holding region codes or names"},
        {"--ignore", OPT_LIST, &ignore, "COL,…", "宽表：有数字但不导入的列（列名或列字母 A、B…；可重复给出）；其余未映射的数据列是错误",
         "wide: columns with figures not to import (header or letter A, B, …; may be repeated); any other unmapped column with figures is an error"},
    };
    CLI_PARSE(c, "import", argc, argv, opts, N(opts), pos, 1, &npos);
    int rc;
    if (npos != 1) return cli_usage_error(c, "需要一个文件：regio import FILE", "one file is needed: regio import FILE");
    /* --ignore A --ignore B is --ignore A,B (a second --ignore once replaced the first) */
    char ignore_buf[4096] = "";
    for (size_t i = 0, len = 0; i < ignore.n; i++) {
        int w = snprintf(ignore_buf + len, sizeof ignore_buf - len, "%s%s", i ? "," : "", ignore.v[i]);
        if (w < 0 || (size_t)w >= sizeof ignore_buf - len)
            return cli_usage_error(c, "--ignore 的列太多", "too many columns in --ignore");
        len += (size_t)w;
    }
    if (ignore.n) o.ignore = ignore_buf;
    if (o.indicator || o.year || o.mapping || o.region_column || o.ignore) o.wide = 1;
    if (encoding) {
        if (strcmp(encoding, "auto") == 0) o.table.encoding = REGIO_ENC_AUTO;
        else if (strcmp(encoding, "utf-8") == 0 || strcmp(encoding, "utf8") == 0) o.table.encoding = REGIO_ENC_UTF8;
        else if (strcmp(encoding, "gb18030") == 0 || strcmp(encoding, "gbk") == 0) o.table.encoding = REGIO_ENC_GB18030;
        else return cli_usage_error(c, "--encoding 应为 auto、utf-8 或 gb18030", "--encoding must be auto, utf-8 or gb18030");
    }
    o.table.sheet = sheet;
    if ((rc = cli_open(c))) return rc;
    if (o.indicator) { /* by code or name (地区生产总值) */
        size_t k;
        if ((rc = cli_indicator(c, o.indicator, &k))) return rc;
        o.indicator = c->plan->indicators[k].code;
    }
    regio_error err;
    regio_error_clear(&err);
    regio_import_report *r = NULL;
    rc = regio_import_file(c->st, c->plan, pos[0], &o, &r, &err);
    if (r && r->shape && o.dry_run && c->fmt == REGIO_FMT_TABLE) print_shape(c, r);
    if (rc) {
        if (r) print_problems(c, r);
        regio_import_report_free(r);
        return cli_fail(c, &err);
    }
    const regio_column cols[] = {
        {"file", TR(c, "文件", "file"), REGIO_COL_TEXT, 0}, {"batch", TR(c, "批次", "batch"), REGIO_COL_INT, 0},
        {"rows", TR(c, "观测数", "rows"), REGIO_COL_INT, 0}, {"superseded", TR(c, "取代旧值", "superseded"), REGIO_COL_INT, 0},
        {"skipped_empty", TR(c, "空单元格", "empty cells"), REGIO_COL_INT, 0}, {"encoding", TR(c, "编码", "encoding"), REGIO_COL_TEXT, 0},
        {"ignored_columns", TR(c, "未用的列", "ignored columns"), REGIO_COL_TEXT, 0}, {"dry_run", TR(c, "仅校验", "dry run"), REGIO_COL_BOOL, 0},
    };
    if (o.dry_run && r->shape && c->fmt == REGIO_FMT_JSON) {
        rc = shape_json(c, r);
        regio_import_report_free(r);
        return rc;
    }
    if (o.dry_run && r->values && r->shape && c->fmt == REGIO_FMT_TABLE) { /* csv: the one summary grid */
        const regio_column vc[] = {
            {"line", TR(c, "行", "line"), REGIO_COL_INT, 0}, {"region", TR(c, "地区", "region"), REGIO_COL_TEXT, 0},
            {"indicator", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0}, {"year", TR(c, "年份", "year"), REGIO_COL_INT, 0},
            {"value", TR(c, "数值（指标单位）", "value (indicator's unit)"), REGIO_COL_NUM, -1},
        };
        regio_grid *vg = regio_grid_new(vc, N(vc));
        for (size_t i = 0; vg && i < r->rows; i++) {
            long k = regio_grid_add_row(vg);
            if (k < 0) break;
            const regio_import_value *v = &r->values[i];
            regio_grid_set_int(vg, (size_t)k, 0, v->line); regio_grid_set_text(vg, (size_t)k, 1, v->region);
            regio_grid_set_text(vg, (size_t)k, 2, v->indicator); regio_grid_set_int(vg, (size_t)k, 3, v->year);
            regio_grid_set_num(vg, (size_t)k, 4, v->value);
        }
        rc = vg ? cli_write_grid(c, vg, TR(c, "将导入的数值", "values that would be imported")) : CLI_INTERNAL;
        regio_grid_free(vg);
        if (rc) { regio_import_report_free(r); return rc; }
        fprintf(c->out, "\n");
    }
    regio_grid *g = regio_grid_new(cols, N(cols));
    long row = g ? regio_grid_add_row(g) : -1;
    if (row < 0) { regio_grid_free(g); regio_import_report_free(r); return CLI_INTERNAL; }
    regio_grid_set_text(g, 0, 0, r->file);
    if (r->batch) regio_grid_set_int(g, 0, 1, r->batch);
    regio_grid_set_int(g, 0, 2, (long long)r->rows);
    regio_grid_set_int(g, 0, 3, (long long)r->superseded);
    regio_grid_set_int(g, 0, 4, (long long)r->skipped_empty);
    regio_grid_set_text(g, 0, 5, r->encoding);
    regio_grid_set_text(g, 0, 6, r->ignored);
    regio_grid_set_bool(g, 0, 7, o.dry_run);
    rc = cli_write_grid(c, g, o.dry_run ? TR(c, "校验通过（未写入）", "valid (nothing written)") : TR(c, "已导入", "imported"));
    regio_grid_free(g);
    regio_import_report_free(r);
    return rc;
}

int cmd_batches(cli *c, int argc, char **argv) {
    const char *pos[1];
    size_t npos;
    CLI_PARSE(c, "batches", argc, argv, NULL, 0, pos, 0, &npos);
    int rc;
    if ((rc = cli_open(c))) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_batch_list *l;
    if (regio_store_batches(c->st, &l, &err)) return cli_fail(c, &err);
    const regio_column cols[] = {
        {"batch", TR(c, "批次", "batch"), REGIO_COL_INT, 0}, {"file", TR(c, "文件", "file"), REGIO_COL_TEXT, 0},
        {"rows", TR(c, "观测数", "rows"), REGIO_COL_INT, 0}, {"current", TR(c, "现行值", "current"), REGIO_COL_INT, 0},
        {"format", TR(c, "格式", "format"), REGIO_COL_TEXT, 0}, {"encoding", TR(c, "编码", "encoding"), REGIO_COL_TEXT, 0},
        {"imported_at", TR(c, "导入时间", "imported at"), REGIO_COL_TEXT, 0}, {"sha256", "sha256", REGIO_COL_TEXT, 0},
        {"note", TR(c, "备注", "note"), REGIO_COL_TEXT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    for (size_t i = 0; g && i < l->n; i++) {
        const regio_batch *b = &l->items[i];
        long r = regio_grid_add_row(g);
        if (r < 0) break;
        char sha[13];
        snprintf(sha, sizeof sha, "%.12s", b->sha256);
        regio_grid_set_int(g, (size_t)r, 0, b->id); regio_grid_set_text(g, (size_t)r, 1, b->file);
        regio_grid_set_int(g, (size_t)r, 2, b->rows); regio_grid_set_int(g, (size_t)r, 3, b->current);
        regio_grid_set_text(g, (size_t)r, 4, b->format); regio_grid_set_text(g, (size_t)r, 5, b->encoding);
        regio_grid_set_text(g, (size_t)r, 6, b->imported_at);
        regio_grid_set_text(g, (size_t)r, 7, c->fmt == REGIO_FMT_TABLE ? sha : b->sha256);
        regio_grid_set_text(g, (size_t)r, 8, b->note);
    }
    rc = g ? cli_write_grid(c, g, TR(c, "导入批次", "import batches")) : CLI_INTERNAL;
    regio_grid_free(g);
    regio_batch_list_free(l);
    return rc;
}

int cmd_undo(cli *c, int argc, char **argv) {
    const char *pos[1];
    size_t npos;
    CLI_PARSE(c, "undo", argc, argv, NULL, 0, pos, 1, &npos);
    int rc;
    long id;
    if (npos != 1 || regio_parse_long(pos[0], &id) || id <= 0)
        return cli_usage_error(c, "需要批次编号：regio undo BATCH（见 regio batches）", "a batch number is needed: regio undo BATCH (see regio batches)");
    if ((rc = cli_open(c))) return rc;
    regio_error err;
    regio_error_clear(&err);
    if (regio_store_undo(c->st, id, &err)) return cli_fail(c, &err);
    fprintf(c->out, TR(c, "已撤销批次 %ld\n", "batch %ld removed\n"), id);
    return CLI_OK;
}

int cmd_coverage(cli *c, int argc, char **argv) {
    const char *pos[1];
    size_t npos;
    CLI_PARSE(c, "coverage", argc, argv, NULL, 0, pos, 0, &npos);
    int rc;
    if ((rc = cli_open(c))) return rc;
    regio_error err;
    regio_error_clear(&err);
    regio_coverage_row *rows;
    size_t n, per_level[3] = {0, 0, 0};
    if (regio_store_coverage(c->st, c->plan, &rows, &n, &err)) return cli_fail(c, &err);
    for (size_t i = 0; i < c->plan->nregions; i++) per_level[c->plan->regions[i].level]++;
    const regio_column cols[] = {
        {"indicator", TR(c, "指标", "indicator"), REGIO_COL_TEXT, 0}, {"name", TR(c, "名称", "name"), REGIO_COL_TEXT, 0},
        {"unit", TR(c, "单位", "unit"), REGIO_COL_TEXT, 0}, {"level", TR(c, "层级", "level"), REGIO_COL_TEXT, 0},
        {"regions", TR(c, "有数据的地区", "regions with data"), REGIO_COL_INT, 0},
        {"regions_total", TR(c, "该级地区数", "regions at level"), REGIO_COL_INT, 0},
        {"year_min", TR(c, "起始年", "from"), REGIO_COL_INT, 0}, {"year_max", TR(c, "截止年", "to"), REGIO_COL_INT, 0},
        {"observations", TR(c, "观测数", "observations"), REGIO_COL_INT, 0},
    };
    regio_grid *g = regio_grid_new(cols, N(cols));
    for (size_t i = 0; g && i < n; i++) {
        const regio_indicator *x = &c->plan->indicators[rows[i].indicator];
        long r = regio_grid_add_row(g);
        if (r < 0) break;
        regio_grid_set_text(g, (size_t)r, 0, x->code); regio_grid_set_text(g, (size_t)r, 1, cli_name(c, x->name_zh, x->name_en));
        regio_grid_set_text(g, (size_t)r, 2, x->unit); regio_grid_set_text(g, (size_t)r, 3, regio_level_name(rows[i].level));
        regio_grid_set_int(g, (size_t)r, 4, rows[i].nregions); regio_grid_set_int(g, (size_t)r, 5, (long long)per_level[rows[i].level]);
        regio_grid_set_int(g, (size_t)r, 6, rows[i].year_min); regio_grid_set_int(g, (size_t)r, 7, rows[i].year_max);
        regio_grid_set_int(g, (size_t)r, 8, rows[i].nobs);
    }
    /* indicators the plan declares but no file supplies: listed so that a gap is visible, not silent */
    for (size_t k = 0; g && k < c->plan->nindicators; k++) {
        int seen = 0;
        for (size_t i = 0; i < n && !seen; i++) seen = rows[i].indicator == k;
        if (seen) continue;
        const regio_indicator *x = &c->plan->indicators[k];
        long r = regio_grid_add_row(g);
        if (r < 0) break;
        regio_grid_set_text(g, (size_t)r, 0, x->code); regio_grid_set_text(g, (size_t)r, 1, cli_name(c, x->name_zh, x->name_en));
        regio_grid_set_text(g, (size_t)r, 2, x->unit); regio_grid_set_text(g, (size_t)r, 3, TR(c, "（无数据）", "(no data)"));
        regio_grid_set_int(g, (size_t)r, 4, 0); regio_grid_set_int(g, (size_t)r, 8, 0);
    }
    rc = g ? cli_write_grid(c, g, TR(c, "数据覆盖", "data coverage")) : CLI_INTERNAL;
    regio_grid_free(g);
    free(rows);
    return rc;
}
