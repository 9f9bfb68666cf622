/* test_utf8.c — UTF-8 validity and scrubbing (src/core/utf8.h), used by the server for every message that echoes
 * a request argument or a cell: invalid bytes become U+FFFD, a cut never splits a character, the output never
 * exceeds its bound. The byte sequences are the classic invalid ones (Markus Kuhn's UTF-8 decoder stress test:
 * overlong "/", a lone surrogate, a code point above U+10FFFF, a truncated sequence). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/utf8.h"

static void test_seq(void **state) {
    (void)state;
    assert_int_equal(regio_utf8_seq((const unsigned char *)"a", 1), 1);
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xC3\xA9", 2), 2);         /* é */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xE4\xB8\xAD", 3), 3);     /* 中 */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xF0\x9F\x98\x80", 4), 4); /* U+1F600 */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xC0\xAF", 2), 0);         /* overlong "/" */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xE0\x80\xAF", 3), 0);     /* overlong "/" */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xED\xA0\x80", 3), 0);     /* U+D800 */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xF4\x90\x80\x80", 4), 0); /* U+110000 */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\xE4\xB8", 2), 0);         /* cut */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"\x80", 1), 0);             /* lone continuation */
    assert_int_equal(regio_utf8_seq((const unsigned char *)"", 0), 0);
    assert_true(regio_utf8_valid("中文 ok"));
    assert_false(regio_utf8_valid("a\xFF" "b"));
}

static void test_scrub(void **state) {
    (void)state;
    char out[64];
    assert_int_equal(regio_utf8_scrub("plain", 100, out, sizeof out), 5);
    assert_string_equal(out, "plain");
    regio_utf8_scrub("a\xFF" "b\xC3\x28", 100, out, sizeof out);
    assert_string_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD(");
    /* 中中中中 is 12 bytes: cut to 10 keeps two characters and the ellipsis (6 + 3 = 9 bytes) */
    size_t n = regio_utf8_scrub("中中中中", 10, out, sizeof out);
    assert_string_equal(out, "中中…");
    assert_int_equal(n, 9);
    /* exactly at the bound: kept whole, no ellipsis */
    regio_utf8_scrub("中中中", 9, out, sizeof out);
    assert_string_equal(out, "中中中");
    /* the buffer bounds too, and NULL is "" */
    regio_utf8_scrub("abcdefghijklmnopqrstuvwxyz", 1000, out, 8);
    assert_true(strlen(out) <= 7 && regio_utf8_valid(out) && strstr(out, "…"));
    regio_utf8_scrub(NULL, 10, out, sizeof out);
    assert_string_equal(out, "");
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_seq), cmocka_unit_test(test_scrub)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
