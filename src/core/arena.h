/*
 * arena.h - per-request memory: allocate freely, release in one step.
 *
 * Every byte a request needs comes from its arena and is released by
 * arena_free() (or arena_reset() to reuse the first block).  What is not
 * memory -- an ODBC statement, an xmlDoc, an open transaction -- is
 * registered with arena_on_free() so that an early return never leaks.
 * Cleanups run in reverse order of registration.  Allocation failure
 * aborts the process: a worker that cannot allocate is restarted by the
 * master, which is simpler and safer than unwinding half a request.
 */
#ifndef QUDAO_ARENA_H
#define QUDAO_ARENA_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#define ATTR_FORMAT(a, b) __attribute__((format(printf, a, b)))

struct arena;
struct arena_cleanup;

typedef void (*arena_cleanup_fn)(void *data);

struct arena *arena_new(size_t first_block);
void arena_free(struct arena *a);
void arena_reset(struct arena *a);
size_t arena_used(const struct arena *a);

void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) ATTR_FORMAT(2, 3);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    ATTR_FORMAT(2, 0);

struct arena_cleanup *arena_on_free(struct arena *a, arena_cleanup_fn fn,
                                    void *data);
void arena_cleanup_cancel(struct arena_cleanup *c);

/* A growable byte string whose storage lives in an arena. */
struct sbuf {
    struct arena *a;
    char *buf; /* always NUL-terminated */
    size_t len;
    size_t cap;
};

void sbuf_init(struct sbuf *b, struct arena *a, size_t hint);
void sbuf_add(struct sbuf *b, const char *data, size_t n);

/* sbuf_add inlined for the hot loops of the serialisers: a copy when the
 * bytes fit (as most do), sbuf_add otherwise. */
static inline void
sbuf_put(struct sbuf *b, const void *s, size_t n)
{
    if (b->len + n < b->cap) {
        memcpy(b->buf + b->len, s, n);
        b->len += n;
        b->buf[b->len] = '\0';
    } else {
        sbuf_add(b, s, n);
    }
}
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) ATTR_FORMAT(2, 3);

#endif
