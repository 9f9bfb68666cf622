/* utf8.h — UTF-8 hygiene for text that came from outside and is shown again: a message that echoes a request
 * argument or a cell must be valid UTF-8 (a JSON encoder refuses anything else) and of bounded length (an echoed
 * 10 MB cell is an echo bomb). Internal to libregio. */
#ifndef REGIO_CORE_UTF8_H
#define REGIO_CORE_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence that starts s (1 to 4 bytes: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or 0 when the len bytes at s do not start with one (len == 0 included). */
size_t regio_utf8_seq(const unsigned char *s, size_t len);

/* 1 when the NUL-terminated text is valid UTF-8 throughout. */
int regio_utf8_valid(const char *text);

/* Copies text into out (cap bytes, always NUL-terminated when cap > 0) as valid UTF-8: a byte that does not start
 * a valid sequence becomes U+FFFD; text longer than max bytes is cut at a character boundary and ends in "…".
 * Returns the length written. text may be NULL (written as ""). */
size_t regio_utf8_scrub(const char *text, size_t max, char *out, size_t cap);

#endif
