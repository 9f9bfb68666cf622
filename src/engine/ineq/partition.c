/* partition.c — turns membership lists into a group index per unit, refusing anything that is not a partition.
 * Why: the plan's blocks may overlap (a county in two development zones), and a between/within decomposition
 * over overlapping groups silently counts units twice. The CLI hands blocks here and shows the message, which
 * names the lowest unit found in two groups and both groups, so the user can pick a shipped partition. */
#include "regio/ineq.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ineq_internal.h"

static const char *name_or(const char *const *names, size_t i, char *buf, size_t len) {
    if (names && names[i]) return names[i];
    snprintf(buf, len, "#%zu", i);
    return buf;
}

int regio_ineq_partition(size_t n, const size_t *const *members, const size_t *counts, size_t ngroups,
                         const char *const *unit_names, const char *const *group_names, size_t *g_out,
                         regio_error *err) {
    char b1[32], b2[32], b3[32];
    if (n == 0) return regio_error_set(err, REGIO_EINVAL, "分组：没有单元", "partition: there are no units");
    if (ngroups == 0) return regio_error_set(err, REGIO_EINVAL, "分组为空（0 组）", "the partition has no group");
    for (size_t i = 0; i < n; i++) g_out[i] = SIZE_MAX;
    size_t bad_unit = SIZE_MAX, bad_a = 0, bad_b = 0;
    for (size_t k = 0; k < ngroups; k++) {
        if (counts[k] == 0)
            return regio_error_set(err, REGIO_EINVAL, "组 %s 没有单元", "group %s has no unit",
                                   name_or(group_names, k, b1, sizeof b1));
        for (size_t r = 0; r < counts[k]; r++) {
            size_t u = members[k][r];
            if (u >= n)
                return regio_error_set(err, REGIO_EINVAL, "组 %s 的第 %zu 个成员（单元 %zu）超出范围（共 %zu 个单元）",
                                       "group %s: member %zu is unit %zu, outside the %zu units",
                                       name_or(group_names, k, b1, sizeof b1), r + 1, u, n);
            if (g_out[u] == SIZE_MAX)
                g_out[u] = k;
            else if (u < bad_unit) {
                bad_unit = u;
                bad_a = g_out[u];
                bad_b = k;
            }
        }
    }
    if (bad_unit != SIZE_MAX) {
        if (bad_a == bad_b)
            return regio_error_set(err, REGIO_EINVAL, "单元 %s 在组 %s 中出现了两次", "unit %s is listed twice in group %s",
                                   name_or(unit_names, bad_unit, b1, sizeof b1), name_or(group_names, bad_a, b2, sizeof b2));
        return regio_error_set(err, REGIO_EINVAL,
                               "这些组不构成划分：单元 %s 同时属于组 %s 和组 %s（组有重叠）；请改用一个划分（每个单元恰好属于一个组）",
                               "these groups are not a partition: unit %s is in both group %s and group %s (the groups "
                               "overlap); use a partition, in which every unit is in exactly one group",
                               name_or(unit_names, bad_unit, b1, sizeof b1), name_or(group_names, bad_a, b2, sizeof b2),
                               name_or(group_names, bad_b, b3, sizeof b3));
    }
    for (size_t i = 0; i < n; i++)
        if (g_out[i] == SIZE_MAX)
            return regio_error_set(err, REGIO_EINVAL, "这些组不构成划分：单元 %s 不属于任何组",
                                   "these groups are not a partition: unit %s is in no group",
                                   name_or(unit_names, i, b1, sizeof b1));
    return REGIO_OK;
}
