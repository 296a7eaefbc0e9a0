/* filetype.c - see filetype.h. */
#include "filetype.h"

#include <string.h>

static const struct filetype types[] = {
    {"application/pdf", ".pdf", "%PDF-", 5},
    {"image/png", ".png", "\x89PNG\r\n\x1a\n", 8},
    {"image/jpeg", ".jpg", "\xFF\xD8\xFF", 3},
};

#define N_TYPES (sizeof(types) / sizeof(types[0]))

const struct filetype *
filetype_sniff(const char *data, size_t len)
{
    for (size_t i = 0; i < N_TYPES; i++)
        if (data != NULL && len >= types[i].n_magic &&
            memcmp(data, types[i].magic, types[i].n_magic) == 0)
            return &types[i];
    return NULL;
}

const struct filetype *
filetype_by_mime(const char *mime)
{
    for (size_t i = 0; i < N_TYPES; i++)
        if (mime != NULL && strcmp(types[i].mime, mime) == 0)
            return &types[i];
    return NULL;
}

int
filetype_is_image(const struct filetype *t)
{
    return t != NULL && strncmp(t->mime, "image/", 6) == 0;
}
