/* text.c - see text.h. */
#include "text.h"

#include <string.h>

char *
text_like(struct arena *a, const char *s, int lead, int trail)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, 2 * n + 3), *p = out;

    if (lead)
        *p++ = '%';
    for (; *s != '\0'; s++) {
        if (*s == '%' || *s == '_' || *s == '!')
            *p++ = '!';
        *p++ = *s;
    }
    if (trail)
        *p++ = '%';
    *p = '\0';
    return out;
}

char *
text_iso_ts(struct arena *a, const char *t)
{
    size_t n;
    char *out;

    if (t == NULL || strlen(t) < 19)
        return NULL;
    n = strlen(t);
    /* drop a zone suffix some engines add; we store UTC */
    if (n > 19 && (t[n - 1] == 'Z'))
        n--;
    out = arena_alloc(a, n + 2);
    memcpy(out, t, n);
    out[10] = 'T';
    out[n] = 'Z';
    out[n + 1] = '\0';
    return out;
}

char *
text_iso_date(struct arena *a, const char *d)
{
    if (d == NULL || strlen(d) < 10)
        return NULL;
    return arena_strndup(a, d, 10);
}

char *
text_lower_ascii(struct arena *a, const char *s)
{
    char *out = arena_strdup(a, s);

    for (char *p = out; p != NULL && *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return out;
}
