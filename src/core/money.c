/* money.c - see money.h.  Integer arithmetic only. */
#include "money.h"
#include "arena.h"

#include <string.h>

int
money_parse(const char *s, int64_t *fen)
{
    int neg = 0, digits = 0, decimals = -1, group = -1;
    int64_t v = 0;
    const char *p = s;

    if (s == NULL || *s == '\0')
        return -1;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (*p == '\0' || *p == ',' || *p == '.')
        return -1;
    for (; *p != '\0'; p++) {
        if (*p >= '0' && *p <= '9') {
            if (decimals >= 0 && ++decimals > 2)
                return -1;
            if (group >= 0)
                group++;
            if (v > (MONEY_MAX - (*p - '0')) / 10)
                return -1;
            v = v * 10 + (*p - '0');
            digits++;
        } else if (*p == ',' && decimals < 0) {
            /* the first group may be 1-3 digits, later ones exactly 3 */
            if ((group < 0 && (digits < 1 || digits > 3)) ||
                (group >= 0 && group != 3))
                return -1;
            group = 0;
        } else if (*p == '.' && decimals < 0) {
            if (group >= 0 && group != 3)
                return -1;
            group = -1;
            decimals = 0;
        } else {
            return -1;
        }
    }
    if (group >= 0 && group != 3)
        return -1;
    if (decimals == 0)
        return -1; /* "12." */
    if (decimals < 0)
        decimals = 0;
    for (; decimals < 2; decimals++) {
        if (v > MONEY_MAX / 10)
            return -1;
        v *= 10;
    }
    *fen = neg ? -v : v;
    return 0;
}

char *
money_format(int64_t fen, int grouped, char *buf, size_t n)
{
    char tmp[MONEY_BUFSZ];
    uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    size_t i = sizeof(tmp), len;
    int k = 0;

    tmp[--i] = '\0';
    tmp[--i] = (char)('0' + u % 10), u /= 10;
    tmp[--i] = (char)('0' + u % 10), u /= 10;
    tmp[--i] = '.';
    do {
        if (grouped && k > 0 && k % 3 == 0)
            tmp[--i] = ',';
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
        k++;
    } while (u > 0);
    if (fen < 0)
        tmp[--i] = '-';
    len = sizeof(tmp) - i;
    if (len > n)
        len = n; /* truncated but terminated: n >= MONEY_BUFSZ expected */
    memcpy(buf, tmp + i, len);
    buf[len - 1] = '\0';
    return buf;
}

const char *
money_plain(struct arena *a, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(a, money_format(fen, 0, buf, sizeof(buf)));
}
