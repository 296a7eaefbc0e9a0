/*
 * arena.c - per-request memory (see arena.h).
 *
 * Blocks are chained; the first block is kept by arena_reset() so a worker
 * that serves small requests does not go back to malloc at all.  Large
 * allocations get a block of their own.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16

struct block {
    struct block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    max_align_t data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    arena_cleanup_fn fn;
    void *data;
};

struct arena {
    struct block *head;  /* current block: allocations come from here */
    struct block *first; /* kept across arena_reset() */
    size_t block_size;
    size_t total;
    struct arena_cleanup *cleanups;
};

static void *
xmalloc(size_t n)
{
    void *p = malloc(n);

    if (p == NULL) {
        fprintf(stderr, "qudao: out of memory (%zu bytes)\n", n);
        abort();
    }
    return p;
}

static struct block *
block_new(size_t size)
{
    struct block *b = xmalloc(sizeof(*b) + size);

    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

/* Make an arena whose first block holds first_block bytes (0: 16 KiB). */
struct arena *
arena_new(size_t first_block)
{
    struct arena *a = xmalloc(sizeof(*a));

    if (first_block == 0)
        first_block = 16 * 1024;
    a->first = a->head = block_new(first_block);
    a->block_size = first_block;
    a->total = 0;
    a->cleanups = NULL;
    return a;
}

/* Run the cleanups, newest first; each runs once. */
static void
run_cleanups(struct arena *a)
{
    while (a->cleanups != NULL) {
        struct arena_cleanup *c = a->cleanups;

        a->cleanups = c->next;
        if (c->fn != NULL)
            c->fn(c->data);
    }
}

/* Run cleanups and release every block but the first, which is emptied. */
void
arena_reset(struct arena *a)
{
    struct block *b, *next;

    run_cleanups(a);
    for (b = a->head; b != NULL; b = next) {
        next = b->next;
        if (b != a->first)
            free(b);
    }
    a->head = a->first;
    a->first->next = NULL;
    a->first->used = 0;
    a->total = 0;
}

/* Run cleanups and release everything, the arena itself included. */
void
arena_free(struct arena *a)
{
    if (a == NULL)
        return;
    arena_reset(a);
    free(a->first);
    free(a);
}

/* Bytes handed out since the arena was made or reset. */
size_t
arena_used(const struct arena *a)
{
    return a->total;
}

/*
 * n bytes aligned to 16, valid until the arena is reset or freed.  Never
 * returns NULL: out of memory aborts the worker.
 */
void *
arena_alloc(struct arena *a, size_t n)
{
    struct block *b = a->head;
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    void *p;

    if (need < n || need > SIZE_MAX - sizeof(struct block)) {
        fprintf(stderr, "qudao: arena request overflow\n");
        abort();
    }
    if (b->size - b->used < need) {
        size_t size = need > a->block_size ? need : a->block_size;

        b = block_new(size);
        b->next = a->head;
        a->head = b;
    }
    p = (char *)b->data + b->used;
    b->used += need;
    a->total += need;
    return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);

    memset(p, 0, n);
    return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Copy of s in the arena; NULL stays NULL. */
char *
arena_strdup(struct arena *a, const char *s)
{
    return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *p;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    char *p;

    va_start(ap, fmt);
    p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

/*
 * Call fn(data) when the arena is reset or freed.  The returned handle
 * lives in the arena; arena_cleanup_cancel() disarms it (for a resource
 * released early on the normal path).
 */
struct arena_cleanup *
arena_on_free(struct arena *a, arena_cleanup_fn fn, void *data)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof(*c));

    c->fn = fn;
    c->data = data;
    c->next = a->cleanups;
    a->cleanups = c;
    return c;
}

void
arena_cleanup_cancel(struct arena_cleanup *c)
{
    if (c != NULL)
        c->fn = NULL;
}

/* ---- sbuf ------------------------------------------------------------- */

void
sbuf_init(struct sbuf *b, struct arena *a, size_t hint)
{
    b->a = a;
    b->cap = hint < 64 ? 64 : hint;
    b->buf = arena_alloc(a, b->cap);
    b->buf[0] = '\0';
    b->len = 0;
}

/* Grow so that n more bytes and a NUL fit.  The old storage stays in the
 * arena (released with it); doubling keeps the waste bounded. */
static void
sbuf_grow(struct sbuf *b, size_t n)
{
    size_t cap = b->cap;
    char *p;

    if (b->len + n + 1 <= cap)
        return;
    while (b->len + n + 1 > cap)
        cap *= 2;
    p = arena_alloc(b->a, cap);
    memcpy(p, b->buf, b->len + 1);
    b->buf = p;
    b->cap = cap;
}

void
sbuf_add(struct sbuf *b, const char *data, size_t n)
{
    sbuf_grow(b, n);
    memcpy(b->buf + b->len, data, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void
sbuf_adds(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

void
sbuf_addc(struct sbuf *b, char c)
{
    sbuf_grow(b, 1);
    b->buf[b->len++] = c;
    b->buf[b->len] = '\0';
}

void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;

    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        sbuf_grow(b, (size_t)n);
        vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}
