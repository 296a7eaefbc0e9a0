"""The read-only pages: home, product list, product detail, /healthz,
/metrics, in both formats (HTML, and XML by suffix or Accept header)."""
import http.client
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import stack as qs


def test_home_xml(client, database):
    r = client.get_xml("/")
    assert r.status == 200, r
    assert r.content_type == "application/xml"
    assert r.header("Content-Type") == "application/xml; charset=utf-8"
    page = r.doc
    assert page.tag == "page" and page.get("route") == "home"
    assert re.fullmatch(r"[0-9a-f]{16}", page.findtext("meta/request-id"))
    counts = page.find("home/counts")
    assert counts.get("products") == str(qs.DEMO_PRODUCTS)
    # every row of the category table: the demo's 4 groups and 16 leaves
    assert counts.get("categories") == \
        database.scalar("SELECT COUNT(*) FROM category")


def test_home_html(client):
    r = client.get("/")
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    root = qs.assert_html_page(r)
    text = root.text_content()
    assert str(qs.DEMO_PRODUCTS) in text.replace(",", "")
    # the home page links to the catalog
    assert root.xpath("//a[@href='/products']")


def test_request_ids_differ(client):
    ids = {client.get_xml("/").doc.findtext("meta/request-id")
           for _ in range(3)}
    assert len(ids) == 3


def test_products_list_xml(client):
    r = client.get("/products.xml")
    assert r.status == 200, r
    page = r.doc
    assert page.get("route") == "products.list"
    p = page.find("products")
    assert dict(p.attrib) == {
        "q": "", "sort": "code", "dir": "asc", "page": "1", "pages": "240",
        "total": str(qs.DEMO_PRODUCTS), "per-page": "50", "first": "1",
        "last": "50"}
    assert [o.get("value") for o in p.findall("sort-options/option")] == \
        ["code", "name", "price", "category"]
    rows = p.findall("product")
    assert len(rows) == 50
    codes = [row.get("code") for row in rows]
    assert codes == sorted(codes)
    for row in rows:
        for attr in ("id", "code", "name", "status", "price", "price-text"):
            assert row.get(attr), (attr, dict(row.attrib))
        # money: integer minor units, and the display text beside it
        fen = int(row.get("price"))
        assert row.get("price-text") == f"{fen // 100}.{fen % 100:02d}"


def test_accept_header_gives_same_document_as_suffix(client):
    a = client.get("/products.xml?page=3&sort=price")
    b = client.get_xml("/products?page=3&sort=price")
    assert a.status == b.status == 200
    assert b.content_type == "application/xml"
    pa, pb = a.doc.find("products"), b.doc.find("products")
    assert dict(pa.attrib) == dict(pb.attrib)
    assert [dict(x.attrib) for x in pa.findall("product")] == \
        [dict(x.attrib) for x in pb.findall("product")]


def test_browser_accept_header_gets_html(client):
    r = client.get("/products", {
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                  "*/*;q=0.8"})
    assert r.status == 200 and r.content_type == "text/html", r


def test_products_list_html(client):
    r = client.get("/products")
    assert r.status == 200, r
    root = qs.assert_html_page(r)
    rows = root.xpath("//table[contains(@class,'products')]/tbody/tr")
    assert len(rows) == 50
    xml_rows = client.get("/products.xml").doc.findall("products/product")
    first = rows[0]
    link = first.xpath(".//td[contains(@class,'code')]/a")[0]
    assert link.text == xml_rows[0].get("code")
    assert link.get("href") == "/products/" + xml_rows[0].get("id")
    # the search form submits to the list with GET
    form = root.xpath("//form[@role='search']")[0]
    assert form.get("action") == "/products"
    assert form.get("method").lower() == "get"
    assert root.xpath("//input[@name='q']")
    # pager: next page link, no previous on page 1
    nxt = root.xpath("//a[@rel='next']")
    assert nxt and nxt[0].get("href").endswith("page=2")
    assert not root.xpath("//a[@rel='prev']")


def test_product_detail(client):
    row = client.get("/products.xml?page=7").doc.findall(
        "products/product")[13]
    pid = row.get("id")
    r = client.get(f"/products/{pid}.xml")
    assert r.status == 200, r
    assert r.doc.get("route") == "products.show"
    p = r.doc.find("product")
    for attr in ("id", "code", "name", "price", "price-text", "status",
                 "category", "category-id", "unit", "spec"):
        assert p.get(attr) == row.get(attr), attr
    assert p.get("version")
    assert p.get("created-at") and p.get("updated-at")

    h = client.get(f"/products/{pid}")
    assert h.status == 200, h
    root = qs.assert_html_page(h)
    assert root.findtext(".//h1").strip() == row.get("name")
    assert row.get("name") in root.findtext(".//title")
    assert row.get("code") in root.text_content()


def test_detail_timestamps_same_form_on_every_database(client):
    """Timestamps go out as "2026-01-05T08:00:00Z" (products.xsd, and the
    form xsl/products.xsl formats as "2026-01-05 08:00:00 UTC") whatever
    the engine returns (SQLite's driver adds ".000")."""
    r = client.get("/products/1.xml")
    p = r.doc.find("product")
    for attr in ("created-at", "updated-at"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", p.get(attr)), \
            f"{attr}={p.get(attr)!r}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", p.get("launch-on"))
    root = qs.assert_html_page(client.get("/products/1",
                                          {"Cookie": "lang=en"}))
    shown = [t.text for t in root.iter("time")]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", s or "")
               for s in shown), shown


def test_product_detail_trailing_slash(client):
    r = client.get("/products/1/", qs.XML_ACCEPT)
    assert r.status == 200, r
    assert r.doc.find("product").get("id") == "1"


@pytest.mark.parametrize("path", [
    "/products/999999", "/products/0", "/products/abc", "/products/-1",
    "/products/1x", "/products/99999999999999999999999",
    "/products/1/extra", "/nope", "/Products", "/products.json",
    "/index.html",
])
def test_not_found(client, path):
    r = client.get_xml(path)
    assert r.status == 404, r
    assert r.error_code == "not_found"
    assert r.doc.get("status") == "404"
    assert r.doc.find("error").get("status") == "404"
    h = client.get(path)
    assert h.status == 404, h
    qs.assert_html_page(h)


def test_head(client):
    g = client.get("/products")
    h = client.request("HEAD", "/products")
    assert h.status == 200, h
    assert h.body == b""
    assert h.header("Content-Type") == g.header("Content-Type")
    h404 = client.request("HEAD", "/products/999999")
    assert h404.status == 404 and h404.body == b""


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status == 200, r
    assert r.content_type == "text/plain"
    assert r.text.strip() == "ok"


def test_metrics(client):
    before = client.metrics()
    key = 'qudao_requests_total{route="products.show",status="200"}'
    key404 = 'qudao_requests_total{route="products.show",status="404"}'
    for _ in range(3):
        assert client.get("/products/2.xml").status == 200
    assert client.get("/products/999999.xml").status == 404
    r = client.get("/metrics")
    assert r.status == 200, r
    assert r.content_type == "text/plain"
    assert "# TYPE qudao_requests_total counter" in r.text
    assert "# TYPE qudao_request_seconds histogram" in r.text
    after = client.metrics()
    assert after[key] - before.get(key, 0) == 3
    assert after[key404] - before.get(key404, 0) == 1
    assert 'qudao_request_seconds_bucket{le="+Inf"}' in after
    assert after['qudao_request_seconds_bucket{le="+Inf"}'] == \
        after["qudao_request_seconds_count"]
    buckets = [v for k, v in after.items()
               if k.startswith("qudao_request_seconds_bucket")]
    assert buckets == sorted(buckets), "histogram buckets are cumulative"
    assert after["qudao_request_seconds_count"] >= \
        before["qudao_request_seconds_count"] + 4
    assert "qudao_db_errors_total" in after
    assert "qudao_worker_restarts_total" in after


def test_static_files_served(client):
    for path, ctype in (("/static/qudao.css", "text/css"),
                        ("/static/qudao.js", "application/javascript")):
        r = client.get(path)
        assert r.status == 200, r
        assert r.content_type == ctype
        assert r.header("X-Content-Type-Options") == "nosniff"


def test_concurrent_requests_do_not_mix(client):
    """Eight clients at once on two workers: every answer is complete and
    is the answer to its own request (workers reuse their memory)."""
    def fetch(i):
        page = i % 40 + 1
        r = client.get(f"/products.xml?page={page}&sort=price")
        return page, r

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(fetch, range(80)))
    for page, r in results:
        assert r.status == 200, r
        p = r.doc.find("products")
        assert p.get("page") == str(page)
        assert p.get("first") == str((page - 1) * 50 + 1)
        assert len(p.findall("product")) == 50


def test_keep_alive_connection(client):
    """Several requests on one connection to nginx (each goes to the
    application on a connection of its own)."""
    c = http.client.HTTPConnection("127.0.0.1", client.port, timeout=30)
    try:
        for target, status in (("/products.xml", 200), ("/nope.xml", 404),
                               ("/products/1.xml", 200),
                               ("/products.xml?page=0", 400),
                               ("/healthz", 200)):
            c.request("GET", target, headers={"Cookie": client.cookie})
            r = c.getresponse()
            r.read()
            assert r.status == status, (target, r.status)
    finally:
        c.close()
