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
    char *out;

    /* seconds precision, the same on every engine: SQLite keeps the
     * milliseconds it was given, PostgreSQL drops zero fractions */
    if (t == NULL || strlen(t) < 19)
        return NULL;
    out = arena_alloc(a, 21);
    memcpy(out, t, 19);
    out[10] = 'T';
    out[19] = 'Z';
    out[20] = '\0';
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

int
text_email_ok(const char *s)
{
    const char *at = strchr(s, '@'), *dot;

    if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
        strpbrk(s, " \t,;<>\"") != NULL)
        return 0;
    dot = strrchr(at + 1, '.');
    return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

char *
text_url_query(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 3 + 1), *o = out;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *
text_one_of(const char *s, const char *const *list)
{
    for (; s != NULL && *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return *list;
    return NULL;
}
