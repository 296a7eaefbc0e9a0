/*
 * filetype.h - what an uploaded file is, decided by its first bytes only
 * (never by its name or the type the client declared: SECURITY.md,
 * uploads).  The accepted types: PDF, PNG, JPEG.  Documents take all
 * three, images the last two.
 */
#ifndef QUDAO_FILETYPE_H
#define QUDAO_FILETYPE_H

#include <stddef.h>

struct filetype {
    const char *mime; /* "application/pdf", "image/png", "image/jpeg" */
    const char *ext;  /* ".pdf", ".png", ".jpg" */
    const char *magic;
    size_t n_magic;
};

/* The type of data by its first bytes; NULL when none of the accepted. */
const struct filetype *filetype_sniff(const char *data, size_t len);

/* The type of a stored MIME type; NULL when none of the accepted. */
const struct filetype *filetype_by_mime(const char *mime);

/* Is it a picture (PNG or JPEG)? */
int filetype_is_image(const struct filetype *t);

#endif
