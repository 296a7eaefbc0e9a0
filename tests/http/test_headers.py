"""Security headers on every response of the application (pages, feeds,
errors, raw routes), and what nginx adds or hides."""
import pytest

import stack as qs

FORM = "application/x-www-form-urlencoded"

CASES = [
    ("home-html", "GET", "/", None, None, 200),
    ("home-xml", "GET", "/", qs.XML_ACCEPT, None, 200),
    ("list-html", "GET", "/products?q=" + qs.quote("可乐"), None, None, 200),
    ("list-xml", "GET", "/products.xml", None, None, 200),
    ("detail-html", "GET", "/products/1", None, None, 200),
    ("detail-xml", "GET", "/products/1.xml", None, None, 200),
    ("head", "HEAD", "/products", None, None, 200),
    ("404-html", "GET", "/nope", None, None, 404),
    ("404-xml", "GET", "/products/999999.xml", None, None, 404),
    ("400-html", "GET", "/products?page=0", None, None, 400),
    ("400-path", "GET", "/products/%2e%2e/x", None, None, 400),
    ("405", "POST", "/products", {"Content-Type": FORM}, "q=1", 405),
    ("413", "POST", "/products", {"Content-Type": FORM},
     "q=" + "a" * (64 * 1024 + 1), 413),
    ("415", "POST", "/products", {"Content-Type": "text/plain"}, "x", 415),
    ("healthz", "GET", "/healthz", None, None, 200),
    ("metrics", "GET", "/metrics", None, None, 200),
]


@pytest.mark.parametrize("name,method,target,headers,body,status", CASES,
                         ids=[c[0] for c in CASES])
def test_security_headers(client, name, method, target, headers, body,
                          status):
    r = client.request(method, target, headers, body=body)
    assert r.status == status, r
    qs.assert_app_headers(r)
    ctype = r.header("Content-Type") or ""
    assert "charset=utf-8" in ctype.lower(), ctype


def test_cookies_of_anonymous_pages_are_safe(client):
    """Whatever cookie a page sets (a pre-session CSRF cookie, say) is
    HttpOnly, SameSite and for the whole site; pages that fail set no
    session."""
    for target in ("/", "/products", "/products/1", "/nope"):
        r = client.get(target)
        for c in r.headers.get_all("Set-Cookie") or []:
            attrs = [a.strip().lower() for a in c.split(";")[1:]]
            assert "httponly" in attrs, c
            assert any(a in ("samesite=lax", "samesite=strict")
                       for a in attrs), c
            assert "path=/" in attrs, c


def test_gzip_and_vary(client):
    r = client.request("GET", "/products", {"Accept-Encoding": "gzip"})
    assert r.status == 200
    assert r.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in (r.header("Vary") or "")
    qs.assert_html_page(r)  # the client unpacked it


def test_nginx_error_pages_hide_version(client):
    r = client.get("/products?q=" + "a" * 70000)  # 414 from nginx
    assert not r.from_app
    assert b"nginx/" not in r.body
    assert (r.header("Server") or "") in ("", "nginx")
