"""Every XML document the application sends validates against
schema/xsd/page.xsd (what integrators are promised), successes and errors
alike; and every error code has a translated title in the HTML page."""
import pytest

import stack as qs

# (id, method, target, headers, body, expected status)
BIG = "a" * (64 * 1024 + 1)
MULTIPART = "multipart/form-data; boundary=XyZ"
REQUESTS = [
    ("home", "GET", "/", qs.XML_ACCEPT, None, 200),
    ("list", "GET", "/products.xml", None, None, 200),
    ("list-page2", "GET", "/products.xml?page=2&sort=name&dir=desc", None,
     None, 200),
    ("list-search", "GET", "/products.xml?q=" + qs.quote("可乐"), None, None,
     200),
    ("list-empty", "GET", "/products.xml?q=%25", None, None, 200),
    ("list-xss", "GET", "/products.xml?q=" + qs.quote("<b>&\"'"), None, None,
     200),
    ("list-last", "GET", "/products.xml?page=1000000&sort=category", None,
     None, 200),
    ("detail", "GET", "/products/1.xml", None, None, 200),
    ("detail-accept", "GET", "/products/12000", qs.XML_ACCEPT, None, 200),
    ("404-path", "GET", "/nope.xml", None, None, 404),
    ("404-product", "GET", "/products/999999.xml", None, None, 404),
    ("400-param", "GET", "/products.xml?zz=1", None, None, 400),
    ("400-page", "GET", "/products.xml?page=0", None, None, 400),
    ("400-bad-path", "GET", "/products/%2e%2e/x", qs.XML_ACCEPT, None, 400),
    ("400-encoding", "GET", "/products.xml?q=%zz", None, None, 400),
    ("400-utf8", "GET", "/products.xml?q=%ff", None, None, 400),
    ("400-too-many", "GET", "/products.xml?" +
     "&".join(f"p{i}=1" for i in range(201)), None, None, 400),
    ("405", "POST", "/products.xml", {"Content-Type":
                                      "application/x-www-form-urlencoded"},
     "q=1", 405),
    ("400-multipart", "POST", "/products.xml", {"Content-Type": MULTIPART},
     "garbage", 400),
    ("400-xml-doctype", "POST", "/products.xml",
     {"Content-Type": "application/xml"},
     '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 400),
    ("415", "POST", "/products.xml", {"Content-Type": "application/json"},
     "{}", 415),
    ("413-field", "POST", "/products.xml",
     {"Content-Type": "application/x-www-form-urlencoded"}, "q=" + BIG, 413),
]


def _send(client, method, target, headers, body):
    return client.request(method, target, headers, body=body)


@pytest.mark.parametrize("name,method,target,headers,body,status",
                         REQUESTS, ids=[r[0] for r in REQUESTS])
def test_xml_validates(client, name, method, target, headers, body, status):
    r = _send(client, method, target, headers, body)
    assert r.status == status, r
    assert r.from_app, r
    qs.assert_valid_page(r)
    # the page says the status it was sent with
    assert r.doc.get("status") == str(status), r
    if status >= 400:
        assert r.doc.find("error").get("status") == str(status), r


ERRORS = [r for r in REQUESTS if r[5] >= 400]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("name,method,target,headers,body,status", ERRORS,
                         ids=[r[0] for r in ERRORS])
def test_error_page_title_is_translated(client, lang, name, method, target,
                                        headers, body, status):
    """The HTML error page is titled by the translation of error.<code>;
    a code missing from a catalog shows as the raw key "error.xyz"."""
    html_target = target.replace(".xml", "", 1)  # and no Accept header
    h = dict(headers or {})
    h.pop("Accept", None)
    h["Cookie"] = f"lang={lang}"
    h["Accept-Language"] = lang  # (the cookie alone: test_i18n)
    r = _send(client, method, html_target, h, body)
    assert r.status == status, r
    root = qs.assert_html_page(r)
    assert root.get("lang") == lang
    title = root.findtext(".//title")
    heading = root.findtext(".//h1") or ""
    assert "error." not in title and "error." not in heading, \
        f"untranslated error title {title!r} / {heading!r}"
