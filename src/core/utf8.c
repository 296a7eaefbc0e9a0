/* utf8.c - see utf8.h. */
#include "utf8.h"

/*
 * Decode one sequence at s[i], refusing overlongs, surrogates and code
 * points above U+10FFFF.  Returns its length, or 0 when malformed.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, size_t i, unsigned long *cp)
{
    unsigned char c = s[i];
    size_t len, k;
    unsigned long v, min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n - i < len)
        return 0;
    for (k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

int
utf8_check(const char *str, size_t n, int flags, size_t *chars)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, count = 0;

    while (i < n) {
        unsigned long cp;
        size_t len = utf8_seq(s, n, i, &cp);

        if (len == 0)
            return -1;
        if (cp < 0x20 || cp == 0x7F) {
            int ws = cp == '\t' || cp == '\n' || cp == '\r';

            if (!ws || !(flags & UTF8_MULTILINE))
                return -1;
        }
        /* U+FFFE and U+FFFF are not characters in XML 1.0 */
        if (cp == 0xFFFE || cp == 0xFFFF)
            return -1;
        i += len;
        count++;
    }
    if (chars != NULL)
        *chars = count;
    return 0;
}
