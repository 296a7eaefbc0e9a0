"""Request rules, enforced before any handler runs: path normalisation,
query encoding, declared and typed parameters, limits, methods, bodies.

nginx itself answers some malformed requests (raw bytes, a NUL, an
over-long request line) before the application sees them: those tests
accept nginx's 400/414 and check the application's error code only where
the application answered (Response.from_app)."""
import pytest

import stack as qs

FORM = "application/x-www-form-urlencoded"


def assert_error(r, status, code):
    assert r.status == status, r
    assert r.from_app, f"expected the application's answer: {r!r}"
    assert r.is_xml, r
    assert r.error_code == code, r
    e = r.doc.find("error")
    assert e.get("status") == str(status)
    assert (e.findtext("message") or "").strip(), "an error has a message"
    # a client error is not an incident, and never leaks internals
    assert e.find("incident") is None, r
    low = r.body.lower()
    for leak in (b"sqlstate", b"select ", b"odbc", b"sqlite", b"postgres"):
        assert leak not in low, f"{leak!r} in {r!r}"


# ----------------------------------------------------------------- paths

BAD_PATHS = [
    "/products/../products",
    "/products/%2e%2e/products",
    "/products/%2E%2E",
    "/./products",
    "/products/.",
    "/products%2F1",
    "/products%2f1",
    "/products%00",
    "/products%0d%0aX-Injected:%201",
    "/products%0A",
    "/products%0D",
    "/products%09",
    "/products%ff",
    "/products%C3%28",
    "/products%E5%8F",
    "/%C0%AFproducts",
    "/products%zz",
    "/products%",
    "/products%5C1",
    "/products\\1",
    "/products//1",
    "//products",
    "/.xml",
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_bad_path(client, path):
    r = client.get(path)
    assert r.status == 400, r
    if r.from_app:
        if r.is_xml:  # the ".xml" suffix asks for XML
            assert r.error_code == "bad_path", r
        else:
            qs.assert_html_page(r)
        assert "X-Injected" not in r.headers


def test_bad_path_error_honours_accept_xml(client):
    """An integrator asking for XML gets the error as XML, code bad_path
    (the path is refused before routing, but the Accept header is known)."""
    for path in ("/products/%2e%2e/x", "/products%2F1", "/products%ff",
                 "/products//1"):
        assert_error(client.get_xml(path), 400, "bad_path")


@pytest.mark.parametrize("raw", [
    b"GET /products\xff HTTP/1.1\r\n",
    b"GET /products\x00 HTTP/1.1\r\n",
    b"GET /products/\xe5\x8f HTTP/1.1\r\n",
    b"GET /pro ducts HTTP/1.1\r\n",
    b"GET products HTTP/1.1\r\n",
])
def test_raw_bytes_in_path(client, raw):
    status, head, body = client.raw(
        raw + b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert status == 400, (status, head, body[:200])


def test_raw_utf8_path_is_routed(client):
    """Valid UTF-8 sent raw is decoded like its percent-encoded form."""
    status, head, _ = client.raw(
        "GET /产品 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        .encode("utf-8"))
    assert status == 404, head
    assert client.get("/%E4%BA%A7%E5%93%81").status == 404


def test_raw_utf8_query(client):
    status, _, body = client.raw(
        "GET /products.xml?q=可乐 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Connection: close\r\n\r\n".encode("utf-8"))
    assert status == 200, body[:300]
    assert qs.etree.fromstring(body).find("products").get("q") == "可乐"


def test_raw_invalid_utf8_query(client):
    status, head, body = client.raw(
        b"GET /products.xml?q=\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Connection: close\r\n\r\n")
    assert status == 400, (head, body[:300])
    if b"<page" in body:
        assert b'code="bad_encoding"' in body


@pytest.mark.parametrize("path", [
    "/a" * 2000, "/products;jsessionid=1", "/products/1%3F", "/products/%31x",
    "/products/1.xml.xml", "/products/%D9%A1",
])
def test_odd_paths_are_404(client, path):
    r = client.get_xml(path)
    assert r.status == 404, r
    assert r.error_code == "not_found"


def test_percent_encoded_path_is_decoded(client):
    r = client.get_xml("/%70roducts/%31")
    assert r.status == 200, r
    assert r.doc.find("product").get("id") == "1"


# ----------------------------------------------------------------- query

@pytest.mark.parametrize("query,status,code", [
    # bad percent-encoding
    ("q=%zz", 400, "bad_encoding"),
    ("q=%", 400, "bad_encoding"),
    ("q=%4", 400, "bad_encoding"),
    ("q=a%g1", 400, "bad_encoding"),
    ("%zz=1", 400, "bad_encoding"),
    # not UTF-8, or control characters
    ("q=%ff", 400, "bad_encoding"),
    ("q=%C3%28", 400, "bad_encoding"),
    ("q=%E5%8F", 400, "bad_encoding"),
    ("q=%C0%AF", 400, "bad_encoding"),        # overlong
    ("q=%ED%A0%80", 400, "bad_encoding"),     # UTF-16 surrogate
    ("q=%F4%90%80%80", 400, "bad_encoding"),  # beyond U+10FFFF
    ("q=a%00b", 400, "bad_encoding"),
    ("q=a%01b", 400, "bad_encoding"),
    ("q=a%1Bb", 400, "bad_encoding"),
    ("q=a%7Fb", 400, "bad_encoding"),
    ("q=%EF%BF%BE", 400, "bad_encoding"),     # U+FFFE: not allowed in XML
    ("q=%EF%BF%BF", 400, "bad_encoding"),     # U+FFFF: not allowed in XML
    # single-line text refuses line breaks and tabs
    ("q=a%0Ab", 400, "bad_param"),
    ("q=a%0Db", 400, "bad_param"),
    ("q=a%09b", 400, "bad_param"),
    # undeclared parameters, bad names
    ("zz=1", 400, "bad_param"),
    ("Q=cola", 400, "bad_param"),
    ("q[]=1", 400, "bad_param"),
    ("a%20b=1", 400, "bad_param"),
    ("=1", 400, "bad_param"),
    ("csrf=x", 400, "bad_param"),  # only forms (bodies) may carry it
    # duplicates
    ("q=a&q=b", 400, "bad_param"),
    ("page=1&page=1", 400, "bad_param"),
    ("sort=code&sort=code", 400, "bad_param"),
    # page: a whole number from 1 to 1000000
    ("page=0", 400, "bad_param"),
    ("page=-1", 400, "bad_param"),
    ("page=x", 400, "bad_param"),
    ("page=1.5", 400, "bad_param"),
    ("page=1e3", 400, "bad_param"),
    ("page=0x10", 400, "bad_param"),
    ("page=1000001", 400, "bad_param"),
    ("page=99999999999999999999", 400, "bad_param"),
    ("page=%201", 400, "bad_param"),
    ("page=2%20", 400, "bad_param"),
    # enums
    ("sort=zz", 400, "bad_param"),
    ("sort=CODE", 400, "bad_param"),
    ("sort=code%3B%20DROP%20TABLE%20product", 400, "bad_param"),
    ("dir=up", 400, "bad_param"),
    ("dir=asc%20", 400, "bad_param"),
    # text length: 100 characters
    ("q=" + "a" * 101, 400, "bad_param"),
    ("q=" + "%E5%8F%AF" * 101, 400, "bad_param"),
])
def test_bad_query(client, query, status, code):
    assert_error(client.get_xml("/products?" + query), status, code)


@pytest.mark.parametrize("query", [
    "", "q=", "page=", "sort=", "dir=", "q", "q=a&&page=2", "&q=a&",
    "q=" + "a" * 100, "q=" + "%E5%8F%AF" * 100, "q=a+b", "page=1000000",
    "sort=category&dir=desc&page=3&q=" + qs.quote("饮料"),
])
def test_good_query(client, query):
    r = client.get_xml("/products?" + query)
    assert r.status == 200, r
    assert r.doc.find("products") is not None


def test_query_on_pages_without_parameters(client):
    assert_error(client.get_xml("/?x=1"), 400, "bad_param")
    assert_error(client.get_xml("/products/1?q=a"), 400, "bad_param")
    r = client.get("/healthz?x=1")
    assert r.status == 400, r


def test_too_many_params(client):
    q = "&".join(f"p{i}=1" for i in range(201))
    assert_error(client.get_xml("/products?" + q), 400, "too_many_params")
    # 200 are within the limit (then refused one by one as undeclared)
    q = "&".join(f"p{i}=1" for i in range(200))
    assert_error(client.get_xml("/products?" + q), 400, "bad_param")


def test_field_over_64k_in_body(client):
    """Fields are limited to 64 KiB; the body is parsed before routing, so
    the limit answers even though POST is not allowed on /products."""
    limit = 64 * 1024
    r = client.post("/products", "q=" + "a" * (limit + 1), FORM,
                    qs.XML_ACCEPT)
    assert_error(r, 413, "too_large")
    r = client.post("/products", "q=" + "a" * limit, FORM, qs.XML_ACCEPT)
    assert_error(r, 405, "method_not_allowed")
    body = ("--B\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n" +
            "a" * (limit + 1) + "\r\n--B--\r\n")
    r = client.post("/products", body, "multipart/form-data; boundary=B",
                    qs.XML_ACCEPT)
    assert_error(r, 413, "too_large")


def test_field_over_64k_in_query(client):
    """nginx refuses a request line this long (414) before the
    application sees it; either way it is refused."""
    r = client.get("/products?q=" + "a" * (64 * 1024 + 1))
    assert r.status in (413, 414), r


def test_body_over_nginx_limit(client):
    r = client.post("/products", "q=" + "a" * (1024 * 1024 + 16), FORM)
    assert r.status == 413, r
    assert not r.from_app


# ----------------------------------------------------------------- methods

@pytest.mark.parametrize("method,path", [
    ("POST", "/products"), ("PUT", "/products"), ("DELETE", "/products/1"),
    ("PATCH", "/products/1"), ("POST", "/"), ("POST", "/healthz"),
    ("DELETE", "/products.xml"),
])
def test_method_not_allowed(client, method, path):
    r = client.request(method, path, qs.XML_ACCEPT)
    assert_error(r, 405, "method_not_allowed")
    allow = r.header("Allow") or ""
    assert "GET" in [m.strip() for m in allow.split(",")], allow
    assert method not in allow
    assert "GET" in r.doc.findtext("error/allow")
    h = client.request(method, path.replace(".xml", ""))
    assert h.status == 405 and "GET" in (h.header("Allow") or ""), h
    qs.assert_html_page(h)


@pytest.mark.parametrize("method", ["OPTIONS", "BREW", "TRACE"])
def test_unknown_method(client, method):
    """Methods the application does not know: 405 (or 501), and a 405
    must carry an Allow header (RFC 9110, 15.5.6)."""
    r = client.request(method, "/products", qs.XML_ACCEPT)
    if not r.from_app:  # nginx refuses TRACE itself
        assert r.status in (405, 501), r
        return
    assert r.status in (405, 501), r
    if r.status == 405:
        assert "GET" in (r.header("Allow") or ""), \
            f"405 without an Allow header: {r!r}"


def test_unknown_path_404_for_any_method(client):
    for method in ("GET", "POST", "HEAD"):
        r = client.request(method, "/no/such/page", qs.XML_ACCEPT)
        assert r.status == 404, r


# ----------------------------------------------------------------- bodies

MULTIPART_CASES = [
    ("no-boundary", "multipart/form-data", "--x\r\n"),
    ("empty-boundary", "multipart/form-data; boundary=", "--\r\n"),
    ("long-boundary", "multipart/form-data; boundary=" + "b" * 71,
     "--" + "b" * 71 + "\r\n"),
    ("garbage", "multipart/form-data; boundary=XyZ", "garbage"),
    ("no-crlf", "multipart/form-data; boundary=XyZ", "--XyZzzz"),
    ("unterminated-headers", "multipart/form-data; boundary=XyZ",
     "--XyZ\r\nContent-Disposition: form-data; name=\"q\"\r\n"),
    ("unterminated-part", "multipart/form-data; boundary=XyZ",
     "--XyZ\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nvalue"),
    ("no-disposition", "multipart/form-data; boundary=XyZ",
     "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--\r\n"),
    ("bad-name", "multipart/form-data; boundary=XyZ",
     "--XyZ\r\nContent-Disposition: form-data; name=\"a b\"\r\n\r\nv\r\n"
     "--XyZ--\r\n"),
    ("bad-utf8", "multipart/form-data; boundary=XyZ",
     b"--XyZ\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n\xff\r\n"
     b"--XyZ--\r\n"),
]


@pytest.mark.parametrize("ctype,body",
                         [c[1:] for c in MULTIPART_CASES],
                         ids=[c[0] for c in MULTIPART_CASES])
def test_broken_multipart(client, ctype, body):
    """The body parsers run before routing: a broken body is refused with
    400 even on a GET-only route (never 200, never 500)."""
    r = client.post("/products", body, ctype, qs.XML_ACCEPT)
    assert r.status == 400, r
    assert r.from_app and r.is_xml, r
    assert r.error_code in ("bad_multipart", "bad_param", "bad_encoding"), r


def test_good_multipart_reaches_routing(client):
    body = ("--XyZ\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n"
            "cola\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
            "filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            "--XyZ--\r\n")
    r = client.post("/products", body, "multipart/form-data; boundary=XyZ",
                    qs.XML_ACCEPT)
    assert_error(r, 405, "method_not_allowed")


XML_CASES = [
    ("doctype", '<?xml version="1.0"?><!DOCTYPE a><a/>'),
    ("external-entity", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e '
     'SYSTEM "file:///etc/passwd">]><a>&e;</a>'),
    ("billion-laughs", '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;">'
     ']><l>&c;&c;&c;</l>'),
    ("parameter-entity", '<!DOCTYPE a [<!ENTITY % p SYSTEM '
     '"http://127.0.0.1:9/x">%p;]><a/>'),
    ("malformed", "<a><b></a>"),
    ("not-xml", "hello"),
    ("xinclude", '<a xmlns:xi="http://www.w3.org/2001/XInclude">'
     '<xi:include href="file:///etc/passwd" parse="text"/></a>'),
]


@pytest.mark.parametrize("body", [c[1] for c in XML_CASES],
                         ids=[c[0] for c in XML_CASES])
def test_bad_xml_body(client, body):
    for ctype in ("application/xml", "text/xml; charset=utf-8"):
        r = client.post("/products", body, ctype, qs.XML_ACCEPT)
        if body.startswith("<a xmlns:xi"):
            # well-formed: XInclude is simply not processed; routing says 405
            assert r.status in (400, 405), r
        else:
            assert_error(r, 400, "bad_xml")
        assert b"root:" not in r.body


def test_deep_xml_body_refused(client):
    body = "<a>" * 5000 + "</a>" * 5000
    r = client.post("/products", body, "application/xml", qs.XML_ACCEPT)
    assert_error(r, 400, "bad_xml")


def test_good_xml_body_reaches_routing(client):
    r = client.post("/products", '<?xml version="1.0"?><q>cola</q>',
                    "application/xml", qs.XML_ACCEPT)
    assert_error(r, 405, "method_not_allowed")


@pytest.mark.parametrize("ctype", [
    "application/json", "text/plain", "application/octet-stream",
    "image/png", "application/x-www-form-urlencodedX", "multipart/mixed",
])
def test_unsupported_content_type(client, ctype):
    r = client.post("/products", b"x=1", ctype, qs.XML_ACCEPT)
    assert_error(r, 415, "unsupported_media_type")


def test_chunked_bodies_are_parsed(client):
    """A chunked request body reaches the parsers like any other (nginx
    buffers it and passes CONTENT_LENGTH)."""
    for ctype, chunks, code in (
            ("application/xml", [b"<!DOCTYPE a>", b"<a/>"], "bad_xml"),
            (FORM, [b"q=", b"%zz"], "bad_encoding")):
        body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)
        status, head, data = client.raw(
            b"POST /products HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Accept: application/xml\r\nContent-Type: " + ctype.encode() +
            b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            body + b"0\r\n\r\n")
        assert status == 400, (head, data[:300])
        assert f'code="{code}"'.encode() in data, data[:300]


def test_bad_urlencoded_body(client):
    assert_error(client.post("/products", "q=%zz", FORM, qs.XML_ACCEPT),
                 400, "bad_encoding")
    assert_error(client.post("/products", "q=%ff", FORM, qs.XML_ACCEPT),
                 400, "bad_encoding")


def test_body_params_count_with_query(client):
    """The 200-parameter limit covers query and body together."""
    q = "&".join(f"a{i}=1" for i in range(150))
    b = "&".join(f"b{i}=1" for i in range(51))
    r = client.post("/products?" + q, b, FORM, qs.XML_ACCEPT)
    assert_error(r, 400, "too_many_params")


# ----------------------------------------------------------------- headers

@pytest.mark.parametrize("cookie", [
    "lang=xx; theme=<script>", "=;;;", "lang", "theme=slate; theme=classic",
    "a=" + "b" * 3000, ";".join(f"c{i}=1" for i in range(100)),
    'lang="en"',
])
def test_odd_cookies_are_harmless(client, cookie):
    r = client.get_xml("/products", {"Cookie": cookie})
    assert r.status == 200, r
    assert r.doc.findtext("meta/lang") in ("en", "zh-CN")
    assert r.doc.findtext("meta/theme") in ("classic", "slate")


@pytest.mark.parametrize("value", [
    "", "*", "fr-FR,fr;q=0.9", "en;q=x", "zh;;;", "q=0", "," * 500,
    "en-US;q=0.5, zh-CN;q=0",
])
def test_odd_accept_language_is_harmless(client, value):
    r = client.get_xml("/", {"Accept-Language": value})
    assert r.status == 200, r
    assert r.doc.findtext("meta/lang") in ("en", "zh-CN")


def test_httpoxy_header_ignored(client):
    r = client.get_xml("/products", {"Proxy": "http://127.0.0.1:9/"})
    assert r.status == 200, r
