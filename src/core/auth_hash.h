/*
 * auth_hash.h - password hashing behind a small interface (P4), so that a
 * site can plug in its own scheme.
 *
 * A stored hash is self-describing: "$<scheme>$<parameters>$<salt>$<hash>".
 * The default scheme is scrypt through OpenSSL 3's EVP_KDF with the memory
 * limit passed explicitly (the legacy call's 32 MiB cap refuses strong
 * settings), a 16-byte salt from RAND_bytes, compared in constant time.
 */
#ifndef QUDAO_AUTH_HASH_H
#define QUDAO_AUTH_HASH_H

#include <stddef.h>

#define AUTH_HASH_MAX 256

struct auth_hash_scheme {
    const char *name; /* the <scheme> field */
    /* Hash pw into out (NUL-terminated, at most AUTH_HASH_MAX); 0 or -1. */
    int (*make)(const char *pw, char *out, size_t n);
    /* 1 when pw matches stored, 0 when not, -1 when stored is malformed. */
    int (*verify)(const char *pw, const char *stored);
    /* 1 when stored uses weaker parameters than make() would. */
    int (*outdated)(const char *stored);
};

/* Register a scheme (before serving); the last registered makes hashes. */
void auth_hash_register(const struct auth_hash_scheme *s);

int auth_hash_make(const char *pw, char *out, size_t n);
int auth_hash_verify(const char *pw, const char *stored);
int auth_hash_outdated(const char *stored);

/* The same work as a verification, for unknown users (no timing oracle). */
void auth_hash_dummy(const char *pw);

#endif
