/*
 * test_auth_hash.c - the password hash interface (src/core/auth_hash.c):
 * scrypt round trip, refusal of wrong passwords and malformed strings,
 * outdated parameters, and a site's own scheme plugged in (P4): once
 * registered it makes new hashes, old scrypt hashes still verify and are
 * reported outdated so a login rehashes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/auth_hash.h"

static void
test_scrypt_round_trip(void **state)
{
    char h[AUTH_HASH_MAX];

    (void)state;
    assert_int_equal(auth_hash_make("correct horse battery", h, sizeof(h)), 0);
    assert_memory_equal(h, "$scrypt$ln=15,r=8,p=1$", 22);
    assert_int_equal(auth_hash_verify("correct horse battery", h), 1);
    assert_int_equal(auth_hash_verify("correct horse batterY", h), 0);
    assert_int_equal(auth_hash_outdated(h), 0);
}

static void
test_salts_differ(void **state)
{
    char a[AUTH_HASH_MAX], b[AUTH_HASH_MAX];

    (void)state;
    assert_int_equal(auth_hash_make("same password here", a, sizeof(a)), 0);
    assert_int_equal(auth_hash_make("same password here", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
}

static void
test_malformed_and_weak_hashes(void **state)
{
    (void)state;
    assert_int_equal(auth_hash_verify("x", "not a hash"), -1);
    assert_int_equal(auth_hash_verify("x", "$nosuch$1$2$3"), -1);
    assert_int_equal(auth_hash_verify("x", "$scrypt$ln=15,r=8,p=1$$"), -1);
    assert_int_equal(auth_hash_verify("x", "$scrypt$ln=99,r=8,p=1$AAAA$AAAA"),
                     -1);
    /* weaker parameters than today's are outdated (and still verify) */
    assert_int_equal(
        auth_hash_outdated("$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$"
                           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        1);
}

/* A site's own scheme: reversed text (for the test only). */
static int
rev_make(const char *pw, char *out, size_t n)
{
    size_t len = strlen(pw);

    if (len + 6 > n)
        return -1;
    memcpy(out, "$rev$$", 6);
    for (size_t i = 0; i < len; i++)
        out[6 + i] = pw[len - 1 - i];
    out[6 + len] = '\0';
    return 0;
}

static int
rev_verify(const char *pw, const char *stored)
{
    char h[AUTH_HASH_MAX];

    if (strncmp(stored, "$rev$$", 6) != 0)
        return -1;
    return rev_make(pw, h, sizeof(h)) == 0 && strcmp(h, stored) == 0;
}

static int
rev_outdated(const char *stored)
{
    (void)stored;
    return 0;
}

static const struct auth_hash_scheme rev = {"rev", rev_make, rev_verify,
                                            rev_outdated};

static void
test_a_second_scheme_plugs_in(void **state)
{
    char old[AUTH_HASH_MAX], fresh[AUTH_HASH_MAX];

    (void)state;
    assert_int_equal(auth_hash_make("password before", old, sizeof(old)), 0);
    auth_hash_register(&rev);
    assert_int_equal(auth_hash_make("abc-password", fresh, sizeof(fresh)), 0);
    assert_string_equal(fresh, "$rev$$drowssap-cba");
    assert_int_equal(auth_hash_verify("abc-password", fresh), 1);
    assert_int_equal(auth_hash_verify("abc-passworD", fresh), 0);
    /* the old scheme's hashes still work and ask to be rehashed */
    assert_int_equal(auth_hash_verify("password before", old), 1);
    assert_int_equal(auth_hash_outdated(old), 1);
    assert_int_equal(auth_hash_outdated(fresh), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scrypt_round_trip),
        cmocka_unit_test(test_salts_differ),
        cmocka_unit_test(test_malformed_and_weak_hashes),
        /* last: it changes the scheme that makes new hashes */
        cmocka_unit_test(test_a_second_scheme_plugs_in),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
