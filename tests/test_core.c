/* test_core.c — the small pieces every module leans on: strict number parsing (src/core/util.c), compensated
 * sums, bilingual errors, and the seeded random streams (include/regio/rng.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"
#include "regio/error.h"
#include "regio/rng.h"
#include "testutil.h"

static void test_parse_number(void **state) {
    (void)state;
    double v;
    assert_int_equal(regio_parse_number("3.25", &v), 0);
    assert_double_equal(v, 3.25, 0);
    assert_int_equal(regio_parse_number(" -1e3 ", &v), 0);
    assert_double_equal(v, -1000, 0);
    assert_int_equal(regio_parse_number("1,234.5", &v), 0); /* thousands separators in their places */
    assert_double_equal(v, 1234.5, 0);
    assert_int_equal(regio_parse_number("12,345,678", &v), 0);
    assert_double_equal(v, 12345678, 0);
    const char *bad[] = {"", " ", "abc", "12abc", "1,23", "1,2345", ",123", "1.5,000", "nan", "inf", "0x10", "45%", "1e999", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (regio_parse_number(bad[i], &v) == 0) fail_msg("'%s' parsed as %g", bad[i], v);
}

static void test_parse_long(void **state) {
    (void)state;
    long v;
    assert_int_equal(regio_parse_long("2020", &v), 0);
    assert_int_equal(v, 2020);
    assert_int_equal(regio_parse_long(" -7 ", &v), 0);
    assert_int_equal(v, -7);
    assert_int_not_equal(regio_parse_long("20.5", &v), 0);
    assert_int_not_equal(regio_parse_long("", &v), 0);
    assert_int_not_equal(regio_parse_long("99999999999999999999", &v), 0);
}

static void test_ksum(void **state) {
    (void)state;
    /* 1 + 1e100 + 1 − 1e100 = 2 exactly with Neumaier's compensation (naive summation gives 0) */
    regio_ksum k = {0, 0};
    double xs[] = {1, 1e100, 1, -1e100};
    for (size_t i = 0; i < 4; i++) regio_ksum_add(&k, xs[i]);
    assert_double_equal(regio_ksum_value(&k), 2, 0);
}

static void test_error_bilingual(void **state) {
    (void)state;
    regio_error e;
    regio_error_clear(&e);
    assert_int_equal(regio_error_set(&e, REGIO_EINVAL, "第 %d 行", "line %d", 7), REGIO_EINVAL);
    assert_string_equal(regio_error_msg(&e, REGIO_LANG_ZH), "第 7 行");
    assert_string_equal(regio_error_msg(&e, REGIO_LANG_EN), "line 7");
    regio_error_prefix(&e, "文件：", "file: ");
    assert_string_equal(e.en, "file: line 7");
    assert_string_equal(e.zh, "文件：第 7 行");
    assert_true(regio_status_is_user(REGIO_EINVAL));
    assert_false(regio_status_is_user(REGIO_EINTERNAL));
    assert_int_equal(regio_error_set(NULL, REGIO_EIO, "a", "b"), REGIO_EIO);
}

static void test_rng_streams(void **state) {
    (void)state;
    regio_rng a, b, c;
    regio_rng_init(&a, 42, 5);
    regio_rng_init(&b, 42, 5);
    regio_rng_init(&c, 42, 6);
    int same = 1, differ = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = regio_rng_next(&a), y = regio_rng_next(&b), z = regio_rng_next(&c);
        same &= x == y;
        differ += x != z;
    }
    assert_true(same);        /* the same (seed, stream) repeats exactly */
    assert_int_equal(differ, 100); /* another stream is another sequence */
}

static void test_rng_distributions(void **state) {
    (void)state;
    regio_rng r;
    regio_rng_init(&r, 1, 0);
    /* uniform in [0,1) with mean 1/2 and variance 1/12; below(n) in range and roughly flat; normal mean 0, sd 1 */
    double s = 0, s2 = 0;
    size_t counts[7] = {0};
    const size_t N = 200000;
    for (size_t i = 0; i < N; i++) {
        double u = regio_rng_uniform(&r);
        assert_true(u >= 0 && u < 1);
        s += u;
        s2 += u * u;
        uint64_t k = regio_rng_below(&r, 7);
        assert_true(k < 7);
        counts[k]++;
    }
    assert_double_equal(s / N, 0.5, 0.005);
    assert_double_equal(s2 / N - (s / N) * (s / N), 1.0 / 12, 0.002);
    for (int k = 0; k < 7; k++) assert_double_equal((double)counts[k] / N, 1.0 / 7, 0.005);
    double m = 0, v = 0;
    for (size_t i = 0; i < N; i++) {
        double z = regio_rng_normal(&r);
        m += z;
        v += z * z;
    }
    assert_double_equal(m / N, 0, 0.01);
    assert_double_equal(v / N, 1, 0.02);
}

static void test_rng_sample(void **state) {
    (void)state;
    regio_rng r;
    regio_rng_init(&r, 9, 3);
    size_t n = 10, scratch[10], out[9];
    for (size_t i = 0; i < n; i++) scratch[i] = i;
    for (int rep = 0; rep < 1000; rep++) {
        regio_rng_sample(&r, n, 4, 9, scratch, out); /* all but unit 4, each once */
        int seen[10] = {0};
        for (size_t i = 0; i < 9; i++) {
            assert_true(out[i] < n && out[i] != 4);
            assert_int_equal(seen[out[i]]++, 0);
        }
    }
}

/* REGIO_CHECK passes a failure's status up, REGIO_CHECK_ALLOC turns NULL into regio_error_oom */
static int fails_with(int code, regio_error *err) { return code ? regio_error_set(err, code, "坏 %d", "bad %d", code) : REGIO_OK; }
static int checked(int code, int *reached, regio_error *err) {
    REGIO_CHECK(fails_with(code, err));
    *reached = 1;
    return REGIO_OK;
}
static int alloc_checked(void *p, regio_error *err) {
    REGIO_CHECK_ALLOC(p, err);
    return REGIO_OK;
}

static void test_error_oom_and_checks(void **state) {
    (void)state;
    regio_error err;
    regio_error_clear(&err);
    assert_int_equal(regio_error_oom(&err), REGIO_ENOMEM);
    assert_int_equal(err.code, REGIO_ENOMEM);
    assert_string_equal(err.zh, "内存不足");
    assert_string_equal(err.en, "out of memory");
    assert_int_equal(regio_error_oom(NULL), REGIO_ENOMEM);
    int reached = 0;
    regio_error_clear(&err);
    assert_int_equal(checked(REGIO_EINVAL, &reached, &err), REGIO_EINVAL);
    assert_int_equal(reached, 0);
    assert_string_equal(err.en, "bad 1");
    assert_int_equal(checked(REGIO_OK, &reached, &err), REGIO_OK);
    assert_int_equal(reached, 1);
    regio_error_clear(&err);
    assert_int_equal(alloc_checked(NULL, &err), REGIO_ENOMEM);
    assert_string_equal(err.en, "out of memory");
    assert_int_equal(alloc_checked(&reached, &err), REGIO_OK);
}

/* issue 13, item 6: the checked arithmetic every reader sizes its buffers with */
static void test_size_checked(void **state) {
    (void)state;
    size_t r = 7;
    assert_int_equal(regio_size_mul(3, 4, &r), 0);
    assert_int_equal(r, 12);
    assert_int_equal(regio_size_mul((size_t)1 << 61, 8, &r), -1); /* 2^64 wraps to 0 */
    assert_int_equal(r, 12);                                    /* untouched on overflow */
    assert_int_equal(regio_size_mul(SIZE_MAX, 0, &r), 0);
    assert_int_equal(r, 0);
    assert_int_equal(regio_size_add(SIZE_MAX, 1, &r), -1);
    assert_int_equal(regio_size_add(SIZE_MAX - 1, 1, &r), 0);
    assert_true(r == SIZE_MAX);
    assert_null(regio_realloc_array(NULL, SIZE_MAX / 2, 16));
}

/* issue 13, item 5: values echoed in messages are cut at 60 characters, on a character boundary */
static void test_cut(void **state) {
    (void)state;
    char buf[REGIO_CUT_BUF], s[400];
    assert_string_equal(regio_cut("gpd", buf, sizeof buf), "gpd");
    memset(s, 'x', 60);
    s[60] = '\0';
    assert_ptr_equal(regio_cut(s, buf, sizeof buf), s); /* exactly 60: whole */
    s[60] = 'y', s[61] = '\0';
    const char *c = regio_cut(s, buf, sizeof buf);
    assert_int_equal(strlen(c), 60 + 3);
    assert_string_equal(c + 60, "…");
    s[0] = '\0';
    for (int i = 0; i < 70; i++) strcat(s, "地"); /* 3 bytes each */
    c = regio_cut(s, buf, sizeof buf);
    assert_int_equal(strlen(c), 60 * 3 + 3);
    assert_int_equal(strncmp(c, s, 180), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_number), cmocka_unit_test(test_parse_long), cmocka_unit_test(test_ksum),
        cmocka_unit_test(test_error_bilingual), cmocka_unit_test(test_error_oom_and_checks), cmocka_unit_test(test_rng_streams),
        cmocka_unit_test(test_rng_distributions), cmocka_unit_test(test_rng_sample),
        cmocka_unit_test(test_size_checked), cmocka_unit_test(test_cut),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
