/*
 * demo_images.c - pictures for a few demo products (issue 5: "images for
 * a few"): small PNG files drawn here, one per category of the demo, so
 * the catalog's image pages have something real to serve.
 *
 * The PNG is written by hand and kept simple: 8-bit RGB, no filter, the
 * zlib stream made of stored (uncompressed) deflate blocks, CRC-32 and
 * Adler-32 computed here.  A 96 x 96 picture is about 28 KB: a coloured
 * box with a lighter band and a darker frame, its colour taken from the
 * category, so products of one category look alike.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/clock.h"
#include "db/db.h"

#define IMG_SIDE 96
#define IMG_MAX  (IMG_SIDE * (IMG_SIDE * 3 + 1) + 1024)
_Static_assert(IMG_MAX + 64 <= DEMO_PNG_MAX, "DEMO_PNG_MAX in cmd.h");

DB_STATEMENT(sql_di_products, 0,
             "SELECT MIN(p.id), p.category_id FROM product p"
             " WHERE p.category_id IS NOT NULL"
             " GROUP BY p.category_id ORDER BY p.category_id");
DB_STATEMENT(sql_di_insert, 0,
             "INSERT INTO product_image (id, product_id, file_name, mime,"
             " byte_size, body, sort_key, created_at)"
             " VALUES (?, ?, ?, 'image/png', ?, ?, 0, ?)");

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

static void
put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Append a chunk (length, type, data, CRC over type and data). */
static size_t
chunk(unsigned char *out, size_t at, const char *type,
      const unsigned char *data, size_t n)
{
    put32(out + at, (uint32_t)n);
    memcpy(out + at + 4, type, 4);
    if (n > 0)
        memcpy(out + at + 8, data, n);
    put32(out + at + 8 + n, crc32_of(out + at + 4, n + 4));
    return at + 12 + n;
}

/* The picture of colour (r, g, b) as a PNG into out; its length. */
static size_t
draw(unsigned char *out, unsigned r, unsigned g, unsigned b)
{
    static unsigned char raw[IMG_SIDE * (IMG_SIDE * 3 + 1)];
    static unsigned char z[IMG_MAX];
    unsigned char ihdr[13];
    size_t n_raw = 0, nz = 0, at = 0;
    uint32_t s1 = 1, s2 = 0;

    for (int y = 0; y < IMG_SIDE; y++) {
        raw[n_raw++] = 0; /* filter: none */
        for (int x = 0; x < IMG_SIDE; x++) {
            int frame =
                x < 4 || y < 4 || x >= IMG_SIDE - 4 || y >= IMG_SIDE - 4;
            int band = y >= IMG_SIDE / 3 && y < IMG_SIDE / 2;
            unsigned f = frame ? 2 : band ? 0 : 1; /* dark, light, plain */
            unsigned c[3] = {r, g, b};

            for (int k = 0; k < 3; k++)
                raw[n_raw++] = (unsigned char)(f == 0   ? 255 - (255 - c[k]) / 3
                                               : f == 2 ? c[k] / 2
                                                        : c[k]);
        }
    }
    /* zlib: header, stored blocks of at most 65535 bytes, Adler-32 */
    z[nz++] = 0x78;
    z[nz++] = 0x01;
    for (size_t done = 0; done < n_raw;) {
        size_t len = n_raw - done > 65535 ? 65535 : n_raw - done;

        z[nz++] = done + len == n_raw ? 1 : 0;
        z[nz++] = (unsigned char)(len & 0xFF);
        z[nz++] = (unsigned char)(len >> 8);
        z[nz++] = (unsigned char)(~len & 0xFF);
        z[nz++] = (unsigned char)((~len >> 8) & 0xFF);
        memcpy(z + nz, raw + done, len);
        nz += len;
        done += len;
    }
    for (size_t i = 0; i < n_raw; i++) {
        s1 = (s1 + raw[i]) % 65521u;
        s2 = (s2 + s1) % 65521u;
    }
    put32(z + nz, (s2 << 16) | s1);
    nz += 4;

    memcpy(out, "\x89PNG\r\n\x1a\n", 8);
    at = 8;
    put32(ihdr, IMG_SIDE);
    put32(ihdr + 4, IMG_SIDE);
    ihdr[8] = 8;  /* bits per channel */
    ihdr[9] = 2;  /* RGB */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering */
    ihdr[12] = 0; /* no interlace */
    at = chunk(out, at, "IHDR", ihdr, sizeof(ihdr));
    at = chunk(out, at, "IDAT", z, nz);
    return chunk(out, at, "IEND", NULL, 0);
}

/* cmd.h */
size_t
demo_png(unsigned char *out, unsigned r, unsigned g, unsigned b)
{
    return draw(out, r, g, b);
}

int
demo_images(struct db *db)
{
    static const unsigned palette[][3] = {
        {200, 40, 40},  {40, 120, 200}, {40, 160, 80}, {220, 150, 30},
        {120, 60, 170}, {30, 150, 150}, {180, 90, 60}, {90, 90, 90},
    };
    struct arena *a = arena_new(4096);
    unsigned char *png = malloc(DEMO_PNG_MAX);
    struct db_rows r;
    int rc = -1;

    if (a == NULL || png == NULL)
        goto out;
    if (db_query(db, a, &sql_di_products, NULL, 0, 0, 0, &r) != 0)
        goto out;
    for (size_t i = 0; i < r.n_rows; i++) {
        const unsigned *c = palette[i % (sizeof(palette) / sizeof(palette[0]))];
        size_t n = demo_png(png, c[0], c[1], c[2]);
        struct db_param p[6];
        int64_t id;

        if (db_next_id(db, "product_image", &id) != 0)
            goto out;
        p[0] = DB_INT(id);
        p[1] = DB_INT(db_cell_int(&r, i, 0));
        p[2] = DB_TEXT("demo.png");
        p[3] = DB_INT((int64_t)n);
        p[4] = DB_BLOB(png, n);
        p[5] = DB_TS(clock_now());
        if (db_exec(db, &sql_di_insert, p, 6, NULL) != 0)
            goto out;
    }
    rc = 0;
out:
    free(png);
    if (a != NULL)
        arena_free(a);
    return rc;
}
