/* test_xsection.c — the arrays every analysis runs on, from the synthetic plan tests/fixtures/plan_mini (its
 * observations/synthetic.csv) and from small tables written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "regio/xsection.h"
#include "testutil.h"

typedef struct fx { char *dir; regio_plan *plan; regio_store *st; } fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    regio_error err;
    static const char *const files[] = {"synthetic.csv", NULL};
    f->dir = tu_tempdir();
    assert_int_equal(tu_store_with(REGIO_SOURCE_DIR "/tests/fixtures/plan_mini", f->dir, files, &f->plan, &f->st, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    regio_store_close(f->st);
    regio_plan_free(f->plan);
    tu_rmtree(f->dir);
    free(f);
    return 0;
}

static regio_xsection_plan_opts opts(fx *f, const char *ind, const int *years, size_t ny, regio_level level) {
    return (regio_xsection_plan_opts){(size_t)regio_plan_indicator(f->plan, ind), years, ny, level, -1, -1, NULL, 0, REGIO_VINTAGE_LATEST};
}

static void test_counties_with_partition(void **state) {
    fx *f = *state;
    static const int y[] = {2020};
    regio_xsection_plan_opts o = opts(f, "urban_rate", y, 1, REGIO_LEVEL_COUNTY);
    o.weight = regio_plan_indicator(f->plan, "pop");
    o.partition = regio_plan_partition(f->plan, "halves");
    regio_xsection *xs = NULL;
    regio_error err;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_OK);
    /* 920003 has urban_rate but no pop: dropped and listed */
    assert_int_equal(xs->n, 4);
    assert_int_equal(xs->ndropped, 1);
    assert_string_equal(xs->dropped_ids[0], "920003");
    assert_string_equal(xs->dropped_why[0], "no weight 2020");
    assert_string_equal(xs->ids[2], "920001");
    assert_double_equal(xs->x[2], 80, 0);
    assert_double_equal(xs->w[2], 10, 0);
    assert_int_equal(xs->ngroups, 2);
    assert_string_equal(xs->group_ids[xs->group[0]], "halves.a");
    assert_string_equal(xs->group_ids[xs->group[2]], "halves.b");
    regio_xsection_free(xs);
}

static void test_prefecture_values_computed(void **state) {
    fx *f = *state;
    static const int y[] = {2020};
    regio_xsection_plan_opts o = opts(f, "gdp", y, 1, REGIO_LEVEL_PREFECTURE);
    regio_xsection *xs = NULL;
    regio_error err;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_OK);
    assert_int_equal(xs->n, 2);
    assert_double_equal(xs->x[0], 41, 0); /* A: published */
    assert_double_equal(xs->x[1], 40, 0); /* B: 20 + 5 + 15 from its counties */
    regio_xsection_free(xs);
    /* pop of B is incomplete (920003 missing): dropped rather than understated */
    o = opts(f, "pop", y, 1, REGIO_LEVEL_PREFECTURE);
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_OK);
    assert_int_equal(xs->n, 1);
    assert_string_equal(xs->dropped_ids[0], "920000");
    regio_xsection_free(xs);
}

static void test_overlapping_groups_refused(void **state) {
    fx *f = *state;
    static const int y[] = {2020};
    size_t groups[] = {(size_t)regio_plan_group(f->plan, "mixed"), (size_t)regio_plan_group(f->plan, "halves.b")};
    regio_xsection_plan_opts o = opts(f, "gdp", y, 1, REGIO_LEVEL_COUNTY);
    o.groups = groups;
    o.ngroups = 2;
    regio_xsection *xs = NULL;
    regio_error err;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_EINVAL);
    assert_null(xs);
    assert_non_null(strstr(err.en, "overlap"));
    assert_non_null(strstr(err.en, "920001")); /* in mixed (as a county) and in halves.b (through B) */
    assert_non_null(strstr(err.en, "partitions"));
}

static void test_split_unit_refused(void **state) {
    fx *f = *state;
    static const int y[] = {2020};
    /* mixed = A + 920001, solo = 920002: B is split and 920003 left out */
    size_t groups[] = {(size_t)regio_plan_group(f->plan, "mixed"), (size_t)regio_plan_group(f->plan, "solo")};
    regio_xsection_plan_opts o = opts(f, "gdp", y, 1, REGIO_LEVEL_COUNTY);
    o.groups = groups;
    o.ngroups = 2;
    regio_xsection *xs = NULL;
    regio_error err;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "leave out 920003"));
    o.level = REGIO_LEVEL_PREFECTURE;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_EINVAL);
}

static void test_panel_balanced(void **state) {
    fx *f = *state;
    static const int y[] = {2020, 2021};
    regio_xsection_plan_opts o = opts(f, "gdp", y, 2, REGIO_LEVEL_COUNTY);
    regio_xsection *xs = NULL;
    regio_error err;
    assert_int_equal(regio_xsection_from_plan(f->st, f->plan, &o, &xs, &err), REGIO_OK);
    assert_int_equal(xs->n, 0); /* no 2021 data at all */
    assert_int_equal(xs->ndropped, 5);
    assert_string_equal(xs->dropped_why[0], "no value 2021");
    regio_xsection_free(xs);
}

static regio_table *table(const char *text) {
    regio_table *t = NULL;
    regio_error err;
    assert_int_equal(regio_table_parse("mem.csv", text, strlen(text), NULL, &t, &err), REGIO_OK);
    return t;
}

static void test_table_mode(void **state) {
    (void)state;
    regio_table *t = table("id,name,y2000,y2010,pop,grp\na,Alpha,1,2,10,north\nb,Beta,3,,20,south\nc,Gamma,5,6,30,north\n");
    static const char *const cols[] = {"y2000", "y2010"};
    static const int years[] = {2000, 2010};
    regio_xsection_table_opts o = {"id", cols, years, 2, "pop", "grp", "name"};
    regio_xsection *xs = NULL;
    regio_error err;
    assert_int_equal(regio_xsection_from_table(t, &o, &xs, &err), REGIO_OK);
    assert_int_equal(xs->n, 2); /* b has no 2010 value */
    assert_string_equal(xs->dropped_ids[0], "b");
    assert_string_equal(xs->names[1], "Gamma");
    assert_double_equal(regio_xsection_year(xs, 1)[1], 6, 0);
    assert_double_equal(xs->w[1], 30, 0);
    assert_int_equal(xs->ngroups, 1); /* only north remains */
    regio_xsection_free(xs);
    regio_table_free(t);
}

static void test_table_errors(void **state) {
    (void)state;
    static const char *const cols[] = {"v"};
    regio_xsection_table_opts o = {"id", cols, NULL, 1, NULL, NULL, NULL};
    regio_xsection *xs = NULL;
    regio_error err;
    regio_table *t = table("id,v\na,1\nb,x\n");
    assert_int_equal(regio_xsection_from_table(t, &o, &xs, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "line 3, column 'v': 'x' is not a number"));
    regio_table_free(t);
    t = table("id,v\na,1\na,2\n");
    assert_int_equal(regio_xsection_from_table(t, &o, &xs, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "id 'a' appears more than once"));
    regio_table_free(t);
    o.weight_col = "pop";
    t = table("id,v\na,1\n");
    assert_int_equal(regio_xsection_from_table(t, &o, &xs, &err), REGIO_EINVAL);
    assert_non_null(strstr(err.en, "no column 'pop'"));
    regio_table_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counties_with_partition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefecture_values_computed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlapping_groups_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_unit_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_panel_balanced, setup, teardown),
        cmocka_unit_test(test_table_mode), cmocka_unit_test(test_table_errors),
    };
    return cmocka_run_group_tests_name("xsection", tests, NULL, NULL);
}
