/*
 * docno.c - document numbers (docno.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "docno.h"

int
docno_make(char buf[DOCNO_MAX], const char *prefix, const char *date,
           int64_t id)
{
    size_t np = prefix != NULL ? strlen(prefix) : 0;
    int n;

    buf[0] = '\0';
    if (np < 1 || np > 6 || date == NULL || strlen(date) != 10 || id <= 0)
        return -1;
    for (size_t i = 0; i < np; i++)
        if ((prefix[i] < 'A' || prefix[i] > 'Z') &&
            (prefix[i] < 'a' || prefix[i] > 'z'))
            return -1;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? date[i] != '-' : date[i] < '0' || date[i] > '9')
            return -1;
    n = snprintf(buf, DOCNO_MAX, "%s-%.4s%.2s%.2s-%06" PRId64, prefix, date,
                 date + 5, date + 8, id);
    if (n < 0 || n >= DOCNO_MAX) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}
