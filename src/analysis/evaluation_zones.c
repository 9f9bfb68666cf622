/* evaluation_zones.c — main-function-zone types of the counties: names, the provisional rule that derives them
 * from data regio holds (the official lists of 《云南省主体功能区规划》 are not available offline), its CSV form
 * (data/yunnan/zones_provisional.csv is this function's output), and reading a user's official list with the
 * checks of any import. Storing the official list: evaluation_zones_db.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "regio/evaluation.h"
#include "regio/hash.h"
#include "regio/table.h"

static const char *const ZONE_CODE[REGIO_NZONES] = {"urban", "agricultural", "ecological"};
static const char *const ZONE_ZH[REGIO_NZONES] = {"城市化地区", "农产品主产区", "重点生态功能区"};
static const char *const ZONE_EN[REGIO_NZONES] = {"urbanised area", "main agricultural area", "key ecological area"};

const char *regio_zone_code(int zone) { return zone >= 0 && zone < REGIO_NZONES ? ZONE_CODE[zone] : ""; }

const char *regio_zone_name(int zone, regio_lang lang) {
    if (zone < 0 || zone >= REGIO_NZONES) return "";
    return lang == REGIO_LANG_ZH ? ZONE_ZH[zone] : ZONE_EN[zone];
}

int regio_zone_parse(const char *s, int *zone) {
    for (int z = 0; z < REGIO_NZONES; z++)
        if (strcmp(s, ZONE_CODE[z]) == 0 || strcmp(s, ZONE_ZH[z]) == 0) {
            *zone = z;
            return REGIO_OK;
        }
    return REGIO_EINVAL;
}

void regio_zones_free(regio_zones *z) {
    if (!z) return;
    for (size_t i = 0; i < z->nregions; i++) {
        if (z->rule) free(z->rule[i]);
        if (z->evidence) free(z->evidence[i]);
    }
    free(z->zone);
    free(z->rule);
    free(z->evidence);
    free(z->source);
    free(z);
}

static regio_zones *zones_new(size_t n) {
    regio_zones *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->nregions = n;
    z->zone = malloc((n ? n : 1) * sizeof *z->zone);
    z->rule = calloc(n ? n : 1, sizeof *z->rule);
    z->evidence = calloc(n ? n : 1, sizeof *z->evidence);
    if (!z->zone || !z->rule || !z->evidence) {
        regio_zones_free(z);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) z->zone[i] = -1;
    return z;
}

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static char *dupf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

void regio_zone_rule_default(regio_zone_rule *r) {
    r->year = 2020;
    r->urban_rate_min = NAN;
    r->density_urban_min = 100;
    r->density_eco_max = 60;
}

int regio_zones_derive(const regio_plan *plan, const double *m, const regio_zone_rule *r, regio_zones **out,
                       regio_error *err) {
    *out = NULL;
    long iu = regio_plan_indicator(plan, "urban_rate"), ip = regio_plan_indicator(plan, "pop"),
         ia = regio_plan_indicator(plan, "empl_agri_share"), root = regio_plan_root(plan);
    if (iu < 0 || ip < 0)
        return regio_error_set(err, REGIO_ENOTFOUND, "暂定主体功能区规则需要指标 %s 和 %s", "the provisional zone rule needs indicators %s and %s",
                               "urban_rate", "pop");
    size_t nr = plan->nregions;
    double umin = r->urban_rate_min;
    if (isnan(umin)) {
        umin = root >= 0 ? m[(size_t)iu * nr + (size_t)root] : NAN;
        if (isnan(umin))
            return regio_error_set(err, REGIO_ENOTFOUND, "缺少全省 %d 年城镇化率，无法确定暂定规则的阈值",
                                   "the province's urban_rate of %d is missing: the provisional rule's threshold is undefined",
                                   r->year);
    }
    regio_zones *z = zones_new(nr);
    if (!z) return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < nr; i++) {
        const regio_region *g = &plan->regions[i];
        if (g->level != REGIO_LEVEL_COUNTY) continue;
        double u = m[(size_t)iu * nr + i], p = m[(size_t)ip * nr + i], a = g->area_km2;
        double ag = ia >= 0 ? m[(size_t)ia * nr + i] : NAN;
        if (isnan(u) || isnan(p) || isnan(a) || a <= 0) {
            regio_zones_free(z);
            return regio_error_set(err, REGIO_EINVAL, "%s（%s）缺少 %d 年城镇化率、人口或面积，暂定规则无法分类",
                                   "%s (%s) lacks the %d urban_rate, pop or area the provisional rule needs", g->code,
                                   g->name_zh, r->year);
        }
        double dens = p * 10000.0 / a;
        int cityish = strcmp(g->kind, "区") == 0 || strcmp(g->kind, "市") == 0;
        const char *rule;
        if (cityish && u >= umin && dens >= r->density_urban_min) {
            z->zone[i] = REGIO_ZONE_URBAN;
            rule = "provisional 暂定 urban: kind 区/市, urban_rate >= province, density >= D_urban";
        } else if (dens < r->density_eco_max) {
            z->zone[i] = REGIO_ZONE_ECO;
            rule = "provisional 暂定 ecological: density < D_eco";
        } else {
            z->zone[i] = REGIO_ZONE_AGRI;
            rule = "provisional 暂定 agricultural: all other counties";
        }
        z->rule[i] = dupf("%s", rule);
        z->evidence[i] = isnan(ag) ? dupf("kind=%s; urban_rate=%.2f%% (threshold %.2f); density=%.1f/km2 (pop %.4f万 / area %.0f km2; D_urban=%g, D_eco=%g)",
                                          g->kind, u, umin, dens, p, a, r->density_urban_min, r->density_eco_max)
                                   : dupf("kind=%s; urban_rate=%.2f%% (threshold %.2f); density=%.1f/km2 (pop %.4f万 / area %.0f km2; D_urban=%g, D_eco=%g); empl_agri_share=%.2f%%",
                                          g->kind, u, umin, dens, p, a, r->density_urban_min, r->density_eco_max, ag);
        if (!z->rule[i] || !z->evidence[i]) {
            regio_zones_free(z);
            return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        }
    }
    z->official = 0;
    z->source = dupf("provisional rule (docs/evaluation.md), data year %d: urban_rate >= %.2f, D_urban = %g, D_eco = %g",
                     r->year, umin, r->density_urban_min, r->density_eco_max);
    if (!z->source) {
        regio_zones_free(z);
        return regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
    }
    *out = z;
    return REGIO_OK;
}

/* RFC 4180 field */
static void csv_field(FILE *f, const char *s) {
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int regio_zones_write_csv(const regio_plan *plan, const regio_zones *z, FILE *f, regio_error *err) {
    fputs("code,zone,rule,evidence\n", f);
    for (size_t i = 0; i < plan->nregions && i < z->nregions; i++) {
        if (z->zone[i] < 0) continue;
        csv_field(f, plan->regions[i].code);
        fputc(',', f);
        csv_field(f, regio_zone_code(z->zone[i]));
        fputc(',', f);
        csv_field(f, z->rule[i] ? z->rule[i] : (z->official ? "official" : ""));
        fputc(',', f);
        csv_field(f, z->evidence[i] ? z->evidence[i] : "");
        fputc('\n', f);
    }
    if (ferror(f)) return regio_error_set(err, REGIO_EIO, "写入失败", "write failed");
    return REGIO_OK;
}

int regio_zones_read(const char *path, const regio_plan *plan, regio_zones **out, regio_error *err) {
    *out = NULL;
    regio_table *t = NULL;
    int rc = regio_table_read(path, NULL, &t, err);
    if (rc) return rc;
    long cc = regio_table_col(t, "code"), cz = regio_table_col(t, "zone");
    regio_zones *z = NULL;
    long *first = NULL;
    if (cc < 0 || cz < 0) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行：缺少列 %s（需要 code 和 zone 两列）",
                             "%s line %ld: column %s is missing (code and zone are required)", path, t->header_line,
                             cc < 0 ? "code" : "zone");
        goto done;
    }
    z = zones_new(plan->nregions);
    first = calloc(plan->nregions ? plan->nregions : 1, sizeof *first);
    if (!z || !first) {
        rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
        goto done;
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const char *code = regio_table_cell(t, r, (size_t)cc), *zs = regio_table_cell(t, r, (size_t)cz);
        long reg = regio_plan_region(plan, code);
        if (reg < 0) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行第 %ld 列：未知地区代码“%s”（regio regions 列出全部代码）",
                                 "%s line %ld column %ld: unknown region code '%s' (regio regions lists them)", path,
                                 t->line[r], cc + 1, code);
            goto done;
        }
        if (plan->regions[reg].level != REGIO_LEVEL_COUNTY) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行第 %ld 列：%s 不是县级单位，主体功能区类型按县、市、区确定",
                                 "%s line %ld column %ld: %s is not a county; zone types are given per county", path,
                                 t->line[r], cc + 1, code);
            goto done;
        }
        int zone;
        if (regio_zone_parse(zs, &zone)) {
            rc = regio_error_set(err, REGIO_EINVAL,
                                 "%s 第 %ld 行第 %ld 列：未知主体功能区类型“%s”（应为 城市化地区/农产品主产区/重点生态功能区 或 urban/agricultural/ecological）",
                                 "%s line %ld column %ld: unknown zone type '%s' (use 城市化地区/农产品主产区/重点生态功能区 or urban/agricultural/ecological)",
                                 path, t->line[r], cz + 1, zs);
            goto done;
        }
        if (first[reg]) {
            rc = regio_error_set(err, REGIO_EINVAL, "%s 第 %ld 行第 %ld 列：%s 重复（第一次出现在第 %ld 行）",
                                 "%s line %ld column %ld: %s appears twice (first on line %ld)", path, t->line[r], cc + 1,
                                 code, first[reg]);
            goto done;
        }
        first[reg] = t->line[r];
        z->zone[reg] = zone;
        z->evidence[reg] = dupf("%s:%ld", path, t->line[r]);
        if (!z->evidence[reg]) {
            rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
            goto done;
        }
    }
    size_t nmissing = 0;
    const char *firstmiss = NULL;
    for (size_t i = 0; i < plan->nregions; i++)
        if (plan->regions[i].level == REGIO_LEVEL_COUNTY && z->zone[i] < 0) {
            if (!firstmiss) firstmiss = plan->regions[i].code;
            nmissing++;
        }
    if (nmissing) {
        rc = regio_error_set(err, REGIO_EINVAL, "%s：缺少 %zu 个县级单位的类型（第一个：%s）；官方名单须覆盖全部县、市、区",
                             "%s: %zu counties have no zone type (the first: %s); the official list must cover every county",
                             path, nmissing, firstmiss);
        goto done;
    }
    char hex[65];
    if ((rc = regio_sha256_file(path, hex, err))) goto done;
    z->official = 1;
    z->source = dupf("%s sha256:%s", path, hex);
    if (!z->source) rc = regio_error_set(err, REGIO_ENOMEM, "内存不足", "out of memory");
done:
    free(first);
    regio_table_free(t);
    if (rc) regio_zones_free(z);
    else *out = z;
    return rc;
}
