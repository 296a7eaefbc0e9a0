/*
 * test_arena.c - the per-request arena (src/core/arena.c).
 *
 * Covers: every allocation aligned to 16, allocations larger than a block,
 * sizes near SIZE_MAX aborting, zalloc, strdup/strndup/printf, reset reusing
 * the first block, cleanups running newest-first exactly once on reset and on
 * free, cancel disarming a cleanup, and the arena-backed sbuf (add, addc, adds,
 * printf, growth over many appends).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"

static int
is_aligned16(const void *p)
{
    return ((uintptr_t)p & 15u) == 0;
}

static void
test_alloc_aligned_16(void **state)
{
    struct arena *a = arena_new(256);

    (void)state;
    /* odd sizes, across several blocks */
    for (size_t n = 0; n < 200; n++) {
        char *p = arena_alloc(a, n % 37 + 1);

        assert_non_null(p);
        assert_true(is_aligned16(p));
        memset(p, 0xAB, n % 37 + 1); /* ASan checks the size */
    }
    assert_true(is_aligned16(arena_strdup(a, "x")));
    assert_true(is_aligned16(arena_printf(a, "%d", 7)));
    arena_free(a);
}

static void
test_alloc_zero_bytes(void **state)
{
    struct arena *a = arena_new(64);
    char *p = arena_alloc(a, 0), *q = arena_alloc(a, 1);

    (void)state;
    assert_non_null(p);
    assert_non_null(q);
    assert_true(is_aligned16(q));
    arena_free(a);
}

static void
test_alloc_distinct_and_usable(void **state)
{
    struct arena *a = arena_new(128);
    char *p[64];

    (void)state;
    for (int i = 0; i < 64; i++) {
        p[i] = arena_alloc(a, 24);
        memset(p[i], i, 24);
    }
    for (int i = 0; i < 64; i++)
        for (int k = 0; k < 24; k++)
            assert_int_equal((unsigned char)p[i][k], i);
    arena_free(a);
}

static void
test_alloc_bigger_than_block(void **state)
{
    struct arena *a = arena_new(64);
    char *small = arena_alloc(a, 16);
    char *big = arena_alloc(a, 100000);
    char *after = arena_alloc(a, 16);

    (void)state;
    assert_true(is_aligned16(big));
    memset(big, 'b', 100000); /* ASan: the whole block is ours */
    memset(small, 's', 16);
    memset(after, 'a', 16);
    assert_int_equal(big[0], 'b');
    assert_int_equal(big[99999], 'b');
    assert_int_equal(small[15], 's');
    assert_true(arena_used(a) >= 100000 + 32);
    arena_free(a);
}

/* Does arena_alloc(n) abort the process (as out of memory must)? */
static int
alloc_aborts(size_t n)
{
    pid_t pid = fork();
    int status;

    assert_true(pid >= 0);
    if (pid == 0) {
        struct arena *a = arena_new(64);
        int null = open("/dev/null", O_WRONLY);

        if (null >= 0)
            dup2(null, 2); /* the child's report is expected noise */
        arena_alloc(a, n);
        _exit(0); /* returned: the caller would now overrun the block */
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/*
 * 2026-11-27 (found by this test): a size within a block header of
 * SIZE_MAX passed the rounding check, then sizeof(struct block) + size
 * wrapped in block_new(), malloc got a tiny size and arena_alloc returned
 * a pointer to a few bytes (a heap overflow) instead of aborting.
 */
static void
test_alloc_near_size_max_aborts(void **state)
{
    (void)state;
    assert_true(alloc_aborts(SIZE_MAX));      /* rounding wraps */
    assert_true(alloc_aborts(SIZE_MAX - 20)); /* header + size wraps */
    assert_true(alloc_aborts(SIZE_MAX - 40)); /* header + size wraps */
}

static void
test_alloc_default_block(void **state)
{
    struct arena *a = arena_new(0); /* 0: the default size */
    char *p = arena_alloc(a, 8000);

    (void)state;
    memset(p, 1, 8000);
    assert_int_equal(arena_used(a), 8000);
    arena_free(a);
}

static void
test_zalloc_zeroes(void **state)
{
    struct arena *a = arena_new(128);
    unsigned char *p;

    (void)state;
    /* dirty the block, reset, and take the same bytes again */
    memset(arena_alloc(a, 100), 0xFF, 100);
    arena_reset(a);
    p = arena_zalloc(a, 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(p[i], 0);
    arena_free(a);
}

static void
test_strdup_copies(void **state)
{
    struct arena *a = arena_new(64);
    char src[] = "hello, 世界";
    char *d = arena_strdup(a, src);

    (void)state;
    assert_ptr_not_equal(d, src);
    src[0] = 'J';
    assert_string_equal(d, "hello, 世界");
    assert_null(arena_strdup(a, NULL));
    assert_string_equal(arena_strdup(a, ""), "");
    arena_free(a);
}

static void
test_strndup_stops_at_n(void **state)
{
    struct arena *a = arena_new(64);

    (void)state;
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "abcdef", 0), "");
    /* n bytes are copied even past an embedded NUL; the result ends at n */
    {
        char *p = arena_strndup(a, "ab\0cd", 5);

        assert_memory_equal(p, "ab\0cd", 6);
    }
    arena_free(a);
}

static void
test_printf_formats(void **state)
{
    struct arena *a = arena_new(32);
    char big[3000];

    (void)state;
    assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159),
                        "x-42-003.1");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    /* longer than the block */
    {
        char *p = arena_printf(a, "<%s>", big);

        assert_int_equal(strlen(p), 3001);
        assert_int_equal(p[0], '<');
        assert_memory_equal(p + 1, big, sizeof(big) - 1);
        assert_int_equal(p[3000], '>');
    }
    arena_free(a);
}

static void
test_reset_reuses_first_block(void **state)
{
    struct arena *a = arena_new(1024);
    void *first = arena_alloc(a, 100);

    (void)state;
    arena_alloc(a, 5000); /* its own block */
    arena_alloc(a, 900);  /* another block */
    assert_true(arena_used(a) >= 6000);
    arena_reset(a);
    assert_int_equal(arena_used(a), 0);
    assert_ptr_equal(arena_alloc(a, 100), first);
    /* and the arena keeps working after a reset */
    for (int i = 0; i < 100; i++)
        memset(arena_alloc(a, 300), 'r', 300);
    arena_reset(a);
    assert_ptr_equal(arena_alloc(a, 10), first);
    arena_free(a);
}

static void
test_used_counts_rounded(void **state)
{
    struct arena *a = arena_new(1024);

    (void)state;
    assert_int_equal(arena_used(a), 0);
    arena_alloc(a, 1);
    assert_int_equal(arena_used(a), 16);
    arena_alloc(a, 17);
    assert_int_equal(arena_used(a), 48);
    arena_free(a);
}

/* ---- cleanups ----------------------------------------------------------- */

struct log {
    int order[16];
    int n;
};

struct mark {
    struct log *log;
    int id;
};

static void
record(void *data)
{
    struct mark *m = data;

    assert_true(m->log->n < 16);
    m->log->order[m->log->n++] = m->id;
}

static void
test_cleanup_newest_first_on_free(void **state)
{
    struct arena *a = arena_new(64);
    struct log log = {{0}, 0};
    struct mark m[4];

    (void)state;
    for (int i = 0; i < 4; i++) {
        m[i].log = &log;
        m[i].id = i + 1;
        arena_on_free(a, record, &m[i]);
        arena_alloc(a, 50); /* spread over blocks */
    }
    assert_int_equal(log.n, 0);
    arena_free(a);
    assert_int_equal(log.n, 4);
    assert_int_equal(log.order[0], 4);
    assert_int_equal(log.order[1], 3);
    assert_int_equal(log.order[2], 2);
    assert_int_equal(log.order[3], 1);
}

static void
test_cleanup_once_on_reset(void **state)
{
    struct arena *a = arena_new(64);
    struct log log = {{0}, 0};
    struct mark m1 = {&log, 1}, m2 = {&log, 2}, m3 = {&log, 3};

    (void)state;
    arena_on_free(a, record, &m1);
    arena_on_free(a, record, &m2);
    arena_reset(a);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.order[0], 2);
    assert_int_equal(log.order[1], 1);
    /* a second reset runs nothing: each cleanup runs once */
    arena_reset(a);
    assert_int_equal(log.n, 2);
    /* registered after the reset: runs on free, the old ones do not */
    arena_on_free(a, record, &m3);
    arena_free(a);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.order[2], 3);
}

static void
test_cleanup_cancel_disarms(void **state)
{
    struct arena *a = arena_new(64);
    struct log log = {{0}, 0};
    struct mark m1 = {&log, 1}, m2 = {&log, 2}, m3 = {&log, 3};
    struct arena_cleanup *c;

    (void)state;
    arena_on_free(a, record, &m1);
    c = arena_on_free(a, record, &m2);
    arena_on_free(a, record, &m3);
    assert_non_null(c);
    arena_cleanup_cancel(c);
    arena_cleanup_cancel(NULL); /* harmless */
    arena_free(a);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.order[0], 3);
    assert_int_equal(log.order[1], 1);
}

/* A cleanup that frees what it guards, as the db layer does: the arena's
 * memory is still valid while cleanups run. */
static void
free_string(void *data)
{
    char **p = data;

    assert_string_equal(*p, "still here");
    *p = NULL;
}

static void
test_cleanup_sees_arena_memory(void **state)
{
    struct arena *a = arena_new(64);
    char **slot = arena_alloc(a, sizeof(*slot));

    (void)state;
    *slot = arena_strdup(a, "still here");
    arena_on_free(a, free_string, slot);
    arena_free(a);
}

static void
test_free_null_is_harmless(void **state)
{
    (void)state;
    arena_free(NULL);
}

/* ---- sbuf ---------------------------------------------------------------- */

static void
test_sbuf_starts_empty(void **state)
{
    struct arena *a = arena_new(64);
    struct sbuf b;

    (void)state;
    sbuf_init(&b, a, 0);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.buf, "");
    assert_true(b.cap >= 64);
    arena_free(a);
}

static void
test_sbuf_add_and_printf(void **state)
{
    struct arena *a = arena_new(64);
    struct sbuf b;

    (void)state;
    sbuf_init(&b, a, 4);
    sbuf_adds(&b, "price=");
    sbuf_printf(&b, "%d.%02d", 12, 5);
    sbuf_addc(&b, ';');
    sbuf_add(&b, "xyz", 2);
    sbuf_printf(&b, "%s", ""); /* nothing */
    assert_string_equal(b.buf, "price=12.05;xy");
    assert_int_equal(b.len, strlen("price=12.05;xy"));
    arena_free(a);
}

static void
test_sbuf_add_binary(void **state)
{
    struct arena *a = arena_new(64);
    struct sbuf b;

    (void)state;
    sbuf_init(&b, a, 8);
    sbuf_add(&b, "a\0b", 3);
    sbuf_addc(&b, '\0');
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.buf, "a\0b\0", 5);
    arena_free(a);
}

static void
test_sbuf_grows_over_many_appends(void **state)
{
    struct arena *a = arena_new(256);
    struct sbuf b;
    size_t expect = 0;

    (void)state;
    sbuf_init(&b, a, 16);
    for (int i = 0; i < 10000; i++) {
        switch (i % 3) {
        case 0:
            sbuf_addc(&b, (char)('a' + i % 26));
            expect += 1;
            break;
        case 1:
            sbuf_adds(&b, "-");
            expect += 1;
            break;
        default:
            sbuf_printf(&b, "%05d", i);
            expect += 5;
            break;
        }
        assert_int_equal(b.len, expect);
        assert_int_equal(b.buf[b.len], '\0');
        assert_true(b.cap > b.len);
    }
    assert_int_equal(strlen(b.buf), expect);
    /* spot-check content kept across the moves */
    assert_memory_equal(b.buf, "a-00002d-00005", 14);
    arena_free(a);
}

static void
test_sbuf_printf_bigger_than_buffer(void **state)
{
    struct arena *a = arena_new(64);
    struct sbuf b;
    char big[5000];

    (void)state;
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    sbuf_init(&b, a, 0);
    sbuf_adds(&b, "[");
    sbuf_printf(&b, "%s]", big);
    assert_int_equal(b.len, 5000 + 1);
    assert_int_equal(b.buf[0], '[');
    assert_int_equal(b.buf[4999], 'q');
    assert_int_equal(b.buf[5000], ']');
    assert_int_equal(b.buf[5001], '\0');
    arena_free(a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_aligned_16),
        cmocka_unit_test(test_alloc_zero_bytes),
        cmocka_unit_test(test_alloc_distinct_and_usable),
        cmocka_unit_test(test_alloc_bigger_than_block),
        cmocka_unit_test(test_alloc_near_size_max_aborts),
        cmocka_unit_test(test_alloc_default_block),
        cmocka_unit_test(test_zalloc_zeroes),
        cmocka_unit_test(test_strdup_copies),
        cmocka_unit_test(test_strndup_stops_at_n),
        cmocka_unit_test(test_printf_formats),
        cmocka_unit_test(test_reset_reuses_first_block),
        cmocka_unit_test(test_used_counts_rounded),
        cmocka_unit_test(test_cleanup_newest_first_on_free),
        cmocka_unit_test(test_cleanup_once_on_reset),
        cmocka_unit_test(test_cleanup_cancel_disarms),
        cmocka_unit_test(test_cleanup_sees_arena_memory),
        cmocka_unit_test(test_free_null_is_harmless),
        cmocka_unit_test(test_sbuf_starts_empty),
        cmocka_unit_test(test_sbuf_add_and_printf),
        cmocka_unit_test(test_sbuf_add_binary),
        cmocka_unit_test(test_sbuf_grows_over_many_appends),
        cmocka_unit_test(test_sbuf_printf_bigger_than_buffer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
