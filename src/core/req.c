/*
 * req.c - request parsers (see req.h).
 *
 * All functions work on bytes with explicit lengths, allocate only from the
 * request's arena and stop at the first problem.  They are unit-tested in
 * tests/unit/test_req.c and fuzzed by tests/fuzz/fuzz_req.c.
 */
#include "req.h"

#include <string.h>
#include <strings.h>

#include "utf8.h"

void
req_init(struct req *r, struct arena *a, const struct req_limits *lim)
{
    memset(r, 0, sizeof(*r));
    r->a = a;
    r->lim = *lim;
}

int
req_fail(struct req *r, int status, const char *code, const char *msg)
{
    if (r->err_status == 0) {
        r->err_status = status;
        r->err_code = code;
        r->err_msg = msg;
    }
    return -1;
}

int
req_method_parse(const char *name)
{
    static const struct {
        const char *name;
        int bit;
    } methods[] = {{"GET", REQ_GET},       {"HEAD", REQ_HEAD},
                   {"POST", REQ_POST},     {"PUT", REQ_PUT},
                   {"DELETE", REQ_DELETE}, {"PATCH", REQ_PATCH}};

    if (name == NULL)
        return 0;
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (strcmp(name, methods[i].name) == 0)
            return methods[i].bit;
    return 0;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Percent-decode n bytes of s into a new arena string; '+' means space
 * when plus is set.  Returns NULL on a malformed escape; *len_out gets the
 * decoded length.  A decoded NUL is kept (the caller's UTF-8 check refuses
 * it) so that "%00" cannot hide anything.
 */
static char *
pct_decode(struct arena *a, const char *s, size_t n, int plus, size_t *len_out)
{
    char *out = arena_alloc(a, n + 1);
    size_t i, j = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi, lo;

            if (i + 2 >= n)
                return NULL;
            hi = hexval((unsigned char)s[i + 1]);
            lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return NULL;
            out[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus && s[i] == '+') {
            out[j++] = ' ';
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    *len_out = j;
    return out;
}

int
req_parse_path(struct req *r, const char *raw, size_t n)
{
    char *path;
    size_t len, i, seg;

    if (n == 0 || raw[0] != '/')
        return req_fail(r, 400, "bad_path", "the path must start with /");
    for (i = 0; i + 2 < n; i++)
        if (raw[i] == '%' && raw[i + 1] == '2' &&
            (raw[i + 2] == 'f' || raw[i + 2] == 'F'))
            return req_fail(r, 400, "bad_path", "encoded / in the path");
    path = pct_decode(r->a, raw, n, 0, &len);
    if (path == NULL)
        return req_fail(r, 400, "bad_path", "bad percent-encoding");
    if (utf8_check(path, len, 0, NULL) != 0)
        return req_fail(r, 400, "bad_path",
                        "the path is not valid UTF-8 or holds a control "
                        "character");
    if (memchr(path, '\\', len) != NULL)
        return req_fail(r, 400, "bad_path", "backslash in the path");
    /* one trailing '/' and the ".xml" suffix go first, so the checks
     * below see the path that is routed ("//" stays, and is refused) */
    if (len > 1 && path[len - 1] == '/' && path[len - 2] != '/')
        path[--len] = '\0';
    if (len > 4 && memcmp(path + len - 4, ".xml", 4) == 0) {
        r->want_xml = 1;
        len -= 4;
        path[len] = '\0';
        if (len <= 1 || path[len - 1] == '/')
            return req_fail(r, 400, "bad_path", "no page named .xml");
    } else if (len > 4 && memcmp(path + len - 4, ".csv", 4) == 0) {
        r->want_csv = 1;
        len -= 4;
        path[len] = '\0';
        if (len <= 1 || path[len - 1] == '/')
            return req_fail(r, 400, "bad_path", "no page named .csv");
    }
    /* walk the segments: no "." or "..", no empty segment inside */
    for (seg = 1, i = 1; i <= len; i++) {
        if (i == len || path[i] == '/') {
            size_t sl = i - seg;

            if ((sl == 1 && path[seg] == '.') ||
                (sl == 2 && path[seg] == '.' && path[seg + 1] == '.'))
                return req_fail(r, 400, "bad_path",
                                "dot segments are not allowed");
            if (sl == 0 && i < len)
                return req_fail(r, 400, "bad_path", "empty path segment");
            seg = i + 1;
        }
    }
    r->path = path;
    return 0;
}

/* Append one field, enforcing the count and size limits. */
static int
add_field(struct req *r, const char *name, const char *value, size_t len,
          int from_body)
{
    struct req_field *f;

    if (r->n_fields >= r->lim.max_params)
        return req_fail(r, 400, "too_many_params", "too many parameters");
    if (len > r->lim.max_field)
        return req_fail(r, 413, "too_large", "a field is too long");
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
        struct req_field *n = arena_alloc(r->a, cap * sizeof(*n));

        if (r->n_fields > 0)
            memcpy(n, r->fields, r->n_fields * sizeof(*n));
        r->fields = n;
        r->cap_fields = cap;
    }
    f = &r->fields[r->n_fields++];
    f->name = name;
    f->value = value;
    f->len = len;
    f->from_body = from_body;
    return 0;
}

/* A parameter name: 1-64 bytes of [A-Za-z0-9_.-] plus an optional "[]". */
static int
valid_name(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (i > 0 && i + 2 == n && c == '[' && s[i + 1] == ']')
            return 1;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

int
req_parse_urlencoded(struct req *r, const char *s, size_t n, int from_body)
{
    size_t i = 0;

    while (i < n) {
        size_t end = i, eq;
        size_t nlen, vlen;
        char *name, *value;

        while (end < n && s[end] != '&')
            end++;
        if (end == i) { /* "a=1&&b=2": an empty pair is harmless */
            i = end + 1;
            continue;
        }
        for (eq = i; eq < end && s[eq] != '='; eq++)
            ;
        name = pct_decode(r->a, s + i, eq - i, 1, &nlen);
        value = eq < end ? pct_decode(r->a, s + eq + 1, end - eq - 1, 1, &vlen)
                         : arena_strdup(r->a, "");
        if (eq >= end)
            vlen = 0;
        if (name == NULL || value == NULL)
            return req_fail(r, 400, "bad_encoding", "bad percent-encoding");
        if (!valid_name(name, nlen))
            return req_fail(r, 400, "bad_param", "bad parameter name");
        if (utf8_check(value, vlen, UTF8_MULTILINE, NULL) != 0)
            return req_fail(r, 400, "bad_encoding",
                            "a value is not valid UTF-8 or holds a control "
                            "character");
        if (add_field(r, name, value, vlen, from_body) != 0)
            return -1;
        i = end + 1;
    }
    return 0;
}

int
req_parse_cookies(struct req *r, const char *h)
{
    const char *p = h;

    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, ';'), *eq;
        size_t len;

        if (end == NULL)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        len = (size_t)(end - p);
        eq = memchr(p, '=', len);
        if (eq != NULL && eq > p && r->n_cookies < 32) {
            struct req_field *c;
            const char *v = eq + 1;
            size_t vlen = (size_t)(end - v);

            while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
                v++, vlen -= 2;
            if (r->n_cookies == r->cap_cookies) {
                size_t cap = r->cap_cookies ? r->cap_cookies * 2 : 8;
                struct req_field *n = arena_alloc(r->a, cap * sizeof(*n));

                if (r->n_cookies > 0)
                    memcpy(n, r->cookies, r->n_cookies * sizeof(*n));
                r->cookies = n;
                r->cap_cookies = cap;
            }
            c = &r->cookies[r->n_cookies++];
            c->name = arena_strndup(r->a, p, (size_t)(eq - p));
            c->value = arena_strndup(r->a, v, vlen);
            c->len = vlen;
            c->from_body = 0;
        }
        p = *end == ';' ? end + 1 : end;
    }
    return 0;
}

/* Find needle (m bytes) in hay (n bytes); NULL when absent. */
static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0 || n < m)
        return NULL;
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

/*
 * Value of a parameter (name="..." or name=token) inside a header value
 * such as Content-Disposition; NULL when absent.  The result is in the
 * arena.  Quoted values may not contain quotes (browsers escape them).
 */
static const char *
header_param(struct arena *a, const char *h, size_t n, const char *name)
{
    size_t nl = strlen(name);
    int quoted = 0;

    for (size_t i = 0; i < n; i++) {
        if (h[i] == '"') {
            quoted = !quoted; /* never look for names inside a value */
            continue;
        }
        if (quoted || i + nl + 1 >= n)
            continue;
        if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' ||
             h[i - 1] == '\t') &&
            strncasecmp(h + i, name, nl) == 0 && h[i + nl] == '=') {
            const char *v = h + i + nl + 1, *e;
            const char *end = h + n;

            if (v < end && *v == '"') {
                v++;
                e = memchr(v, '"', (size_t)(end - v));
                if (e == NULL)
                    return NULL;
            } else {
                for (e = v; e < end && *e != ';' && *e != ' '; e++)
                    ;
            }
            return arena_strndup(a, v, (size_t)(e - v));
        }
    }
    return NULL;
}

int
req_parse_multipart(struct req *r, const char *ctype, const char *body,
                    size_t n)
{
    const char *b = header_param(r->a, ctype, strlen(ctype), "boundary");
    char *delim;
    size_t dl;
    const char *p, *end = body + n;

    if (b == NULL || *b == '\0' || strlen(b) > 70)
        return req_fail(r, 400, "bad_multipart", "no multipart boundary");
    delim = arena_printf(r->a, "--%s", b);
    dl = strlen(delim);
    /* the body starts with the first delimiter (a preamble is allowed) */
    p = find(body, n, delim, dl);
    if (p == NULL)
        return req_fail(r, 400, "bad_multipart", "no multipart part");
    p += dl;
    for (;;) {
        const char *hend, *next, *h;
        const char *disp = NULL, *ptype = NULL;
        size_t displen = 0;
        const char *name, *filename;
        size_t dlen;

        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return req_fail(r, 400, "bad_multipart", "malformed delimiter");
        p += 2;
        hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (hend == NULL)
            return req_fail(r, 400, "bad_multipart", "unterminated headers");
        for (h = p; h < hend;) {
            const char *le = find(h, (size_t)(hend - h) + 2, "\r\n", 2);
            size_t ll = (size_t)(le - h);

            if (ll > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
                disp = h + 20;
                displen = ll - 20;
            } else if (ll > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
                const char *v = h + 13;

                while (*v == ' ')
                    v++;
                ptype = arena_strndup(r->a, v, (size_t)(le - v));
            }
            h = le + 2;
        }
        p = hend + 4;
        {
            char *sep = arena_printf(r->a, "\r\n%s", delim);

            next = find(p, (size_t)(end - p), sep, dl + 2);
        }
        if (next == NULL)
            return req_fail(r, 400, "bad_multipart", "unterminated part");
        dlen = (size_t)(next - p);
        if (disp == NULL)
            return req_fail(r, 400, "bad_multipart",
                            "part without Content-Disposition");
        name = header_param(r->a, disp, displen, "name");
        filename = header_param(r->a, disp, displen, "filename");
        if (name == NULL || !valid_name(name, strlen(name)))
            return req_fail(r, 400, "bad_param", "bad parameter name");
        if (filename != NULL) {
            struct req_upload *u;

            if (r->n_uploads >= r->lim.max_uploads)
                return req_fail(r, 400, "too_many_params", "too many files");
            if (utf8_check(filename, strlen(filename), 0, NULL) != 0)
                return req_fail(r, 400, "bad_encoding", "bad file name");
            if (r->n_uploads == r->cap_uploads) {
                size_t cap = r->cap_uploads ? r->cap_uploads * 2 : 4;
                struct req_upload *nu = arena_alloc(r->a, cap * sizeof(*nu));

                if (r->n_uploads > 0)
                    memcpy(nu, r->uploads, r->n_uploads * sizeof(*nu));
                r->uploads = nu;
                r->cap_uploads = cap;
            }
            u = &r->uploads[r->n_uploads++];
            u->field = name;
            u->filename = filename;
            u->content_type = ptype;
            u->data = p;
            u->len = dlen;
        } else {
            char *v = arena_strndup(r->a, p, dlen);

            if (utf8_check(v, dlen, UTF8_MULTILINE, NULL) != 0)
                return req_fail(r, 400, "bad_encoding",
                                "a value is not valid UTF-8 or holds a "
                                "control character");
            if (add_field(r, name, v, dlen, 1) != 0)
                return -1;
        }
        p = next + 2 + dl;
    }
}

/* Does a language range carry q=0 (or 0.0, 0.00, 0.000): "not this"? */
static int
q_is_zero(const char *p, size_t len)
{
    const char *q = find(p, len, "q=", 2);
    const char *end = p + len;

    if (q == NULL)
        return 0;
    q += 2;
    if (q >= end || *q != '0')
        return 0;
    q++;
    if (q < end && *q == '.')
        for (q++; q < end && *q == '0'; q++)
            ;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    return q == end || *q == ';';
}

const char *
req_pick_lang(const char *h, const char *dflt)
{
    /* the first of our two languages in the header wins; q-values are
     * honoured only as far as q=0 meaning "not this one" */
    const char *p = h;

    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, ',');
        size_t len;

        if (end == NULL)
            end = p + strlen(p);
        while (*p == ' ')
            p++;
        len = (size_t)(end - p);
        if (!q_is_zero(p, len)) {
            if (len >= 2 && strncasecmp(p, "zh", 2) == 0)
                return "zh-CN";
            if (len >= 2 && strncasecmp(p, "en", 2) == 0)
                return "en";
        }
        p = *end == ',' ? end + 1 : end;
    }
    return dflt;
}

int
req_accept_xml(const char *accept)
{
    if (accept == NULL)
        return 0;
    /* a browser sends text/html first; integrators ask for XML alone */
    if (strstr(accept, "text/html") != NULL)
        return 0;
    return strstr(accept, "application/xml") != NULL ||
           strstr(accept, "text/xml") != NULL;
}

const struct req_field *
req_field(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return &r->fields[i];
    return NULL;
}

const char *
req_cookie(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->n_cookies; i++)
        if (strcmp(r->cookies[i].name, name) == 0)
            return r->cookies[i].value;
    return NULL;
}

const char *
req_arg(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->n_args; i++)
        if (strcmp(r->arg_names[i], name) == 0)
            return r->arg_values[i];
    return NULL;
}
