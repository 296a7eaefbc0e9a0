/*
 * fuzz_req.c - libFuzzer target for everything that reads bytes from
 * outside: the request parsers (src/core/req.c), UTF-8 validation
 * (src/core/utf8.c), money_parse (src/core/money.c) and the hardened XML
 * reader (src/core/xmlin.c).  Built and run by tests/fuzz/run.
 *
 * The first byte chooses the parser ('0'..'9', any other byte maps onto
 * one of them); the rest is its input.  Each input gets a fresh arena and
 * small limits, so a leak or an overrun shows at once under ASan.  Beyond
 * "does not crash", each parser's documented contract is checked on
 * success (abort() on a violation, which libFuzzer reports as a crash):
 * a path starts with '/', is valid UTF-8 and has no dot, empty or trailing
 * segment; every field is a valid name with a valid value within the
 * limits; a parsed amount is within MONEY_MAX and survives a format/parse
 * round trip; a failure always records a status and an error code.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/arena.h"
#include "core/money.h"
#include "core/req.h"
#include "core/utf8.h"
#include "core/xmlin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum fuzz_mode {
    FUZZ_PATH,
    FUZZ_URLENCODED,
    FUZZ_COOKIES,
    FUZZ_MULTIPART_FIXED,
    FUZZ_MULTIPART_CTYPE,
    FUZZ_LANG,
    FUZZ_UTF8,
    FUZZ_MONEY,
    FUZZ_XML,
    FUZZ_REQUEST, /* "path?query" as a request line would carry it */
    FUZZ_N_MODES
};

static const struct req_limits fuzz_limits = {
    .max_params = 16,
    .max_field = 256,
    .max_body = 4096,
    .max_uploads = 2,
};

static void
violated(const char *what)
{
    fprintf(stderr, "fuzz_req: contract violated: %s\n", what);
    abort();
}

static void
quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* After a parser returned rc: a failure records status, code, message. */
static void
check_status(const struct req *r, int rc)
{
    if (rc != 0 && rc != -1)
        violated("a parser returned neither 0 nor -1");
    if (rc == -1 &&
        (r->err_status < 400 || r->err_code == NULL || r->err_msg == NULL))
        violated("a failure without status, code and message");
    if (rc == 0 && r->err_status != 0)
        violated("success with an error recorded");
}

/* req_parse_path's promises about r->path. */
static void
check_path(const struct req *r)
{
    const char *p = r->path;
    size_t len, seg;

    if (p == NULL || p[0] != '/')
        violated("path does not start with /");
    len = strlen(p);
    if (utf8_check(p, len, 0, NULL) != 0)
        violated("path is not valid single-line UTF-8");
    if (strchr(p, '\\') != NULL)
        violated("backslash in the path");
    if (len > 1 && p[len - 1] == '/')
        violated("trailing / in the path");
    for (seg = 1; seg <= len;) {
        const char *e = strchr(p + seg, '/');
        size_t sl = e != NULL ? (size_t)(e - (p + seg)) : len - seg;

        if (sl == 0 && len > 1)
            violated("empty segment in the path");
        if ((sl == 1 && p[seg] == '.') ||
            (sl == 2 && p[seg] == '.' && p[seg + 1] == '.'))
            violated("dot segment in the path");
        seg += sl + 1;
    }
}

/* Every field: a name, a NUL-terminated value of len bytes, valid text. */
static void
check_fields(const struct req *r)
{
    if (r->n_fields > r->lim.max_params)
        violated("more fields than max_params");
    for (size_t i = 0; i < r->n_fields; i++) {
        const struct req_field *f = &r->fields[i];

        if (f->name == NULL || f->name[0] == '\0' || f->value == NULL)
            violated("a field without name or value");
        if (f->len > r->lim.max_field)
            violated("a field longer than max_field");
        if (f->value[f->len] != '\0' || strlen(f->value) != f->len)
            violated("a field value with a NUL or a wrong length");
        if (utf8_check(f->value, f->len, UTF8_MULTILINE, NULL) != 0)
            violated("a field value that is not valid UTF-8");
        if (req_field(r, f->name) == NULL)
            violated("req_field cannot find a parsed field");
    }
    if (r->n_uploads > r->lim.max_uploads)
        violated("more uploads than max_uploads");
    for (size_t i = 0; i < r->n_uploads; i++) {
        const struct req_upload *u = &r->uploads[i];

        if (u->field == NULL || u->filename == NULL ||
            (u->data == NULL && u->len > 0))
            violated("an upload without field, filename or data");
        if (utf8_check(u->filename, strlen(u->filename), 0, NULL) != 0)
            violated("an upload file name that is not valid UTF-8");
    }
    for (size_t i = 0; i < r->n_cookies; i++)
        if (r->cookies[i].name == NULL || r->cookies[i].value == NULL)
            violated("a cookie without name or value");
}

static void
fuzz_money(struct arena *a, const char *s, size_t n)
{
    char *str = arena_strndup(a, s, n);
    char buf[MONEY_BUFSZ];
    int64_t fen, back;

    if (money_parse(str, &fen) != 0)
        return;
    if (fen > MONEY_MAX || fen < -MONEY_MAX)
        violated("money_parse beyond MONEY_MAX");
    for (int grouped = 0; grouped <= 1; grouped++) {
        money_format(fen, grouped, buf, sizeof(buf));
        if (money_parse(buf, &back) != 0 || back != fen)
            violated("money format/parse round trip");
    }
}

static void
fuzz_xml(const char *s, size_t n)
{
    static int ready;
    char err[128];
    xmlDocPtr doc;

    if (!ready) {
        xmlInitParser();
        xmlSetGenericErrorFunc(NULL, quiet);
        xmlin_init();
        ready = 1;
    }
    err[0] = '\0';
    doc = xmlin_parse(s, n, err, sizeof(err));
    if (doc == NULL) {
        if (err[0] == '\0')
            violated("xmlin_parse failed without a reason");
        return;
    }
    if (doc->intSubset != NULL || doc->extSubset != NULL)
        violated("xmlin_parse kept a DTD");
    xmlFreeDoc(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a;
    struct req r;
    const char *s;
    size_t n;
    int rc;

    if (size == 0)
        return 0;
    s = (const char *)data + 1;
    n = size - 1;
    a = arena_new(4096);
    req_init(&r, a, &fuzz_limits);

    switch ((unsigned)(data[0] - '0') % FUZZ_N_MODES) {
    case FUZZ_PATH:
        rc = req_parse_path(&r, s, n);
        check_status(&r, rc);
        if (rc == 0)
            check_path(&r);
        break;
    case FUZZ_URLENCODED:
        /* a query, then the rest after a newline as a body */
        {
            const char *nl = memchr(s, '\n', n);
            size_t qn = nl != NULL ? (size_t)(nl - s) : n;

            rc = req_parse_urlencoded(&r, s, qn, 0);
            if (rc == 0 && nl != NULL)
                rc = req_parse_urlencoded(&r, nl + 1, n - qn - 1, 1);
            check_status(&r, rc);
            if (rc == 0)
                check_fields(&r);
        }
        break;
    case FUZZ_COOKIES:
        /* a header is a C string: it ends at the first NUL */
        rc = req_parse_cookies(&r, arena_strndup(a, s, n));
        check_status(&r, rc);
        check_fields(&r);
        break;
    case FUZZ_MULTIPART_FIXED:
        /* the body in its own allocation so ASan sees any overrun */
        {
            char *body = malloc(n > 0 ? n : 1);

            memcpy(body, s, n);
            rc = req_parse_multipart(&r, "multipart/form-data; boundary=XyZ",
                                     body, n);
            check_status(&r, rc);
            if (rc == 0)
                check_fields(&r);
            free(body);
        }
        break;
    case FUZZ_MULTIPART_CTYPE:
        /* the Content-Type up to the first newline, then the body */
        {
            const char *nl = memchr(s, '\n', n);
            size_t cn = nl != NULL ? (size_t)(nl - s) : n;
            size_t bn = nl != NULL ? n - cn - 1 : 0;
            char *body = malloc(bn > 0 ? bn : 1);

            if (bn > 0)
                memcpy(body, nl + 1, bn);
            rc = req_parse_multipart(&r, arena_strndup(a, s, cn), body, bn);
            check_status(&r, rc);
            if (rc == 0)
                check_fields(&r);
            free(body);
        }
        break;
    case FUZZ_LANG: {
        const char *h = arena_strndup(a, s, n);
        const char *lang = req_pick_lang(h, "dflt");

        if (strcmp(lang, "en") != 0 && strcmp(lang, "zh-CN") != 0 &&
            strcmp(lang, "dflt") != 0)
            violated("req_pick_lang returned something else");
        (void)req_accept_xml(h);
        (void)req_method_parse(h);
        break;
    }
    case FUZZ_UTF8: {
        size_t c1 = 0, c2 = 0;
        int one = utf8_check(s, n, 0, &c1);
        int multi = utf8_check(s, n, UTF8_MULTILINE, &c2);

        if (one == 0 && (multi != 0 || c1 != c2))
            violated("single-line text refused as multi-line");
        if (one == 0 && c1 > n)
            violated("more code points than bytes");
        if (one == 0 && memchr(s, '\n', n) != NULL)
            violated("LF accepted without UTF8_MULTILINE");
        break;
    }
    case FUZZ_MONEY: fuzz_money(a, s, n); break;
    case FUZZ_XML: fuzz_xml(s, n); break;
    case FUZZ_REQUEST: {
        const char *q = memchr(s, '?', n);
        size_t pn = q != NULL ? (size_t)(q - s) : n;

        rc = req_parse_path(&r, s, pn);
        if (rc == 0 && q != NULL)
            rc = req_parse_urlencoded(&r, q + 1, n - pn - 1, 0);
        check_status(&r, rc);
        if (rc == 0) {
            check_path(&r);
            check_fields(&r);
        }
        break;
    }
    default: break;
    }
    arena_free(a);
    return 0;
}
