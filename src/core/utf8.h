/*
 * utf8.h - validation of text that comes from outside.
 *
 * libxml2 accepts invalid UTF-8 and control characters and then writes XML
 * nobody can parse, so all text is checked once, at input.
 */
#ifndef QUDAO_UTF8_H
#define QUDAO_UTF8_H

#include <stddef.h>

#define UTF8_MULTILINE 1 /* allow TAB, LF and CR */

/*
 * Check n bytes of s: well-formed UTF-8 (no overlongs, no surrogates, no
 * code point above U+10FFFF), no NUL or other C0 control (TAB, LF, CR only
 * with UTF8_MULTILINE), no DEL.  Returns 0 when valid, -1 otherwise; on
 * success *chars (when not NULL) is the number of code points.
 */
int utf8_check(const char *s, size_t n, int flags, size_t *chars);

#endif
