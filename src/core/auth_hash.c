/*
 * auth_hash.c - the scheme registry and the default scrypt scheme (see
 * auth_hash.h).  scrypt: N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s here).
 */
#include "auth_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#define SCRYPT_LN   15
#define SCRYPT_R    8
#define SCRYPT_P    1
#define SALT_LEN    16
#define KEY_LEN     32
#define MAX_SCHEMES 8

static int
scrypt_raw(const char *pw, const unsigned char *salt, size_t salt_len, int ln,
           int r, int p, unsigned char *key, size_t key_len)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
    EVP_KDF_CTX *kctx;
    OSSL_PARAM params[7], *q = params;
    uint64_t n = (uint64_t)1 << ln, rr = (uint64_t)r, pp = (uint64_t)p;
    uint64_t maxmem = 128 * n * rr * pp + 16 * 1024 * 1024;
    int rc;

    if (kdf == NULL)
        return -1;
    kctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (kctx == NULL)
        return -1;
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                             (void *)pw, strlen(pw));
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt,
                                             salt_len);
    *q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
    *q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_R, &rr);
    *q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_P, &pp);
    *q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
    *q = OSSL_PARAM_construct_end();
    rc = EVP_KDF_derive(kctx, key, key_len, params) == 1 ? 0 : -1;
    EVP_KDF_CTX_free(kctx);
    return rc;
}

static int
b64(const unsigned char *in, size_t n, char *out, size_t outlen)
{
    if (outlen < 4 * ((n + 2) / 3) + 1)
        return -1;
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
    return 0;
}

static int
unb64(const char *in, size_t len, unsigned char *out, size_t want)
{
    unsigned char buf[128];
    int n;

    if (len == 0 || len > 4 * ((sizeof(buf) + 2) / 3) || len % 4 != 0)
        return -1;
    n = EVP_DecodeBlock(buf, (const unsigned char *)in, (int)len);
    if (n < 0)
        return -1;
    /* EVP_DecodeBlock counts padding as zero bytes */
    while (len > 0 && in[len - 1] == '=')
        len--, n--;
    if ((size_t)n != want)
        return -1;
    memcpy(out, buf, want);
    return 0;
}

static int
scrypt_make(const char *pw, char *out, size_t n)
{
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    char s64[64], k64[64];

    if (RAND_bytes(salt, sizeof(salt)) != 1 ||
        scrypt_raw(pw, salt, sizeof(salt), SCRYPT_LN, SCRYPT_R, SCRYPT_P, key,
                   sizeof(key)) != 0)
        return -1;
    b64(salt, sizeof(salt), s64, sizeof(s64));
    b64(key, sizeof(key), k64, sizeof(k64));
    if ((size_t)snprintf(out, n, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", SCRYPT_LN,
                         SCRYPT_R, SCRYPT_P, s64, k64) >= n)
        return -1;
    return 0;
}

/* Split "$scrypt$ln=..,r=..,p=..$salt$key"; 0 or -1. */
static int
scrypt_parse(const char *stored, int *ln, int *r, int *p,
             unsigned char salt[SALT_LEN], unsigned char key[KEY_LEN])
{
    const char *s, *k;

    if (strncmp(stored, "$scrypt$", 8) != 0 ||
        sscanf(stored + 8, "ln=%d,r=%d,p=%d$", ln, r, p) != 3)
        return -1;
    if (*ln < 10 || *ln > 22 || *r < 1 || *r > 32 || *p < 1 || *p > 16)
        return -1;
    s = strchr(stored + 8, '$');
    if (s == NULL)
        return -1;
    s++;
    k = strchr(s, '$');
    if (k == NULL)
        return -1;
    if (unb64(s, (size_t)(k - s), salt, SALT_LEN) != 0 ||
        unb64(k + 1, strlen(k + 1), key, KEY_LEN) != 0)
        return -1;
    return 0;
}

static int
scrypt_verify(const char *pw, const char *stored)
{
    unsigned char salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
    int ln, r, p;

    if (scrypt_parse(stored, &ln, &r, &p, salt, want) != 0)
        return -1;
    if (scrypt_raw(pw, salt, SALT_LEN, ln, r, p, got, KEY_LEN) != 0)
        return -1;
    return CRYPTO_memcmp(got, want, KEY_LEN) == 0;
}

static int
scrypt_outdated(const char *stored)
{
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    int ln, r, p;

    if (scrypt_parse(stored, &ln, &r, &p, salt, key) != 0)
        return 1;
    return ln < SCRYPT_LN || r < SCRYPT_R;
}

static const struct auth_hash_scheme scrypt_scheme = {
    "scrypt", scrypt_make, scrypt_verify, scrypt_outdated};

static const struct auth_hash_scheme *schemes[MAX_SCHEMES] = {&scrypt_scheme};
static size_t n_schemes = 1;

void
auth_hash_register(const struct auth_hash_scheme *s)
{
    if (n_schemes < MAX_SCHEMES)
        schemes[n_schemes++] = s;
}

static const struct auth_hash_scheme *
scheme_of(const char *stored)
{
    size_t len;

    if (stored == NULL || stored[0] != '$')
        return NULL;
    len = strcspn(stored + 1, "$");
    for (size_t i = 0; i < n_schemes; i++)
        if (strlen(schemes[i]->name) == len &&
            strncmp(schemes[i]->name, stored + 1, len) == 0)
            return schemes[i];
    return NULL;
}

int
auth_hash_make(const char *pw, char *out, size_t n)
{
    return schemes[n_schemes - 1]->make(pw, out, n);
}

int
auth_hash_verify(const char *pw, const char *stored)
{
    const struct auth_hash_scheme *s = scheme_of(stored);

    if (s == NULL) {
        auth_hash_dummy(pw);
        return -1;
    }
    return s->verify(pw, stored);
}

int
auth_hash_outdated(const char *stored)
{
    const struct auth_hash_scheme *s = scheme_of(stored);

    return s != schemes[n_schemes - 1] || s->outdated(stored);
}

void
auth_hash_dummy(const char *pw)
{
    char tmp[AUTH_HASH_MAX];

    (void)schemes[n_schemes - 1]->make(pw, tmp, sizeof(tmp));
}
