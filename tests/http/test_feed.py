"""test_feed.py - the XML feeds and the product import (issue 5):
/feeds/catalog.xml valid against feed-catalog.xsd and equal to the
database, paged; /feeds/prices.xml with a dealer's grade price and the
rule that won, another dealer's list a 404; API keys read both;
/import/products all or nothing, with an error per bad record, the search
key written, audit rows; DOCTYPE and non-XML bodies refused; a dealer may
not import.

Each database kind gets its own database: `qudao init` + `qudao demo
--no-channel` (20 products) and the channel of channel.py; product.edit is
granted to director (in case the seed does not hold it yet).
"""
import uuid

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD
G = channel.GRADE
XSD = qs.REPO / "schema" / "xsd"


def ean13(first12):
    s = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - s % 10) % 10)


class Browser(qs.Browser):
    demo_password = PW

    def multipart(self, target, files, fields=None, csrf=True, xml=True):
        fields = dict(fields or {})
        if csrf is True:
            fields["csrf"] = self.csrf()
        boundary = "----qd" + uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"{k}\"\r\n\r\n".encode() + v.encode() + b"\r\n")
        for k, (fn, ct, data) in files.items():
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"{k}\"; filename=\"{fn}\"\r\nContent-Type: {ct}"
                "\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        h = dict(qs.XML_ACCEPT) if xml else {}
        return self._keep(self.c.post(
            target, body, f"multipart/form-data; boundary={boundary}",
            self.headers(h)))

    def upload(self, xml_text, xml=True):
        data = xml_text.encode("utf-8") if isinstance(xml_text, str) \
            else xml_text
        return self.multipart("/import/products",
                              {"file": ("products.xml", "application/xml",
                                        data)}, xml=xml)


_schemas = {}


def schema(name):
    from lxml import etree
    if name not in _schemas:
        _schemas[name] = etree.XMLSchema(etree.parse(str(XSD / name)))
    return _schemas[name]


def assert_valid(resp, name):
    assert resp.status == 200, resp
    assert resp.content_type == "application/xml", resp
    s = schema(name)
    assert s.validate(resp.doc), "; ".join(str(e) for e in s.error_log)


def grant(db):
    db.write(
        "INSERT INTO role_perm (role_id, perm) SELECT r.id, 'product.edit'"
        " FROM qd_role r WHERE r.code IN ('director')"
        " AND NOT EXISTS (SELECT 1 FROM role_perm x WHERE x.role_id = r.id"
        " AND x.perm = 'product.edit')")


env, sessions, login = channel.module_fixtures("feed", Browser, setup=grant)


def product_xml(code, name="测试导入饮料", unit="箱", **kw):
    parts = [f"<code>{code}</code>", f"<name>{name}</name>",
             f"<unit>{unit}</unit>"]
    for k, v in kw.items():
        parts.append(f"<{k.replace('_', '-')}>{v}</{k.replace('_', '-')}>")
    return "  <product>\n    " + "\n    ".join(parts) + "\n  </product>\n"


def products_doc(*records):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<products>\n'
            + "".join(records) + "</products>\n")


# ---------------------------------------------------------------- catalog

def test_catalog_feed_valid_and_equal_to_the_database(env, login):
    db, st = env
    b = login("director")
    r = b.get("/feeds/catalog.xml", xml=True)
    assert_valid(r, "feed-catalog.xsd")
    root = r.doc
    assert root.tag == "catalog"
    rows = db.query("SELECT p.code, p.name, p.unit, p.pack_qty, p.list_price,"
                    " p.status, c.code FROM product p LEFT JOIN category c"
                    " ON c.id = p.category_id"
                    " WHERE p.status IN ('new', 'active') ORDER BY p.code")
    got = root.findall("product")
    assert int(root.get("total")) == len(rows) == len(got)
    assert root.get("next") is None and root.get("page") == "1"
    by_code = {p.get("code"): p for p in got}
    assert sorted(by_code) == sorted(str(x[0]) for x in rows)
    for code, name, unit, pack, price, status, cat in rows:
        p = by_code[str(code)]
        assert p.get("name") == name and p.get("unit") == unit
        assert int(p.get("pack-qty")) == int(pack)
        assert int(p.get("list-price")) == int(price)
        assert p.get("list-price-text") == "%d.%02d" % divmod(int(price), 100)
        assert p.get("status") == status
        assert p.get("category-code") == (str(cat) if cat is not None
                                          else None)
    # the HTML URL answers the same document (it has no page around it)
    assert b.get("/feeds/catalog").content_type == "application/xml"


def test_catalog_feed_filters_and_pages(env, login):
    db, st = env
    b = login("director")
    cat = db.scalar("SELECT c.code FROM product p JOIN category c"
                    " ON c.id = p.category_id"
                    " WHERE p.status IN ('new', 'active') ORDER BY p.code")
    r = b.get(f"/feeds/catalog.xml?category={cat}", xml=True)
    assert_valid(r, "feed-catalog.xsd")
    assert r.doc.findall("product")
    n = db.scalar("SELECT COUNT(*) FROM product p JOIN category c"
                  " ON c.id = p.category_id LEFT JOIN category pc"
                  " ON pc.id = c.parent_id"
                  f" WHERE (c.code = '{cat}' OR pc.code = '{cat}')"
                  " AND p.status IN ('new', 'active')")
    assert int(r.doc.get("total")) == int(n)
    r = b.get("/feeds/catalog.xml?since=2999-01-01", xml=True)
    assert_valid(r, "feed-catalog.xsd")
    assert r.doc.get("total") == "0"
    r = b.get("/feeds/catalog.xml?page=99", xml=True)
    assert_valid(r, "feed-catalog.xsd")
    assert r.doc.findall("product") == [] and r.doc.get("next") is None
    assert b.get("/feeds/catalog.xml?since=yesterday", xml=True).status == 400
    assert b.get("/feeds/catalog.xml?category=a%20b", xml=True).status == 400


# ---------------------------------------------------------------- prices

def test_price_feed_shows_the_grade_price_and_rule(env, login):
    db, st = env
    pid, code = db.query("SELECT id, code FROM product"
                         " WHERE status IN ('new', 'active')"
                         " ORDER BY code")[0]
    ts = ("'2026-01-05 08:00:00.000'" if db.kind == "sqlite"
          else "TIMESTAMP '2026-01-05 08:00:00'")
    db.write(
        "INSERT INTO price_rule (id, kind, product_id, category_id, grade_id,"
        " party_id, min_qty, price, discount, valid_from, valid_to, status,"
        " note, created_at, created_by, updated_at, version) VALUES"
        f" (9600000101, 'grade', {pid}, NULL, {G['B']}, NULL, 1, 7777, NULL,"
        f" NULL, NULL, 'active', NULL, {ts}, NULL, {ts}, 1)")
    d = login("dealer-t-sh1")  # D-SH1: grade B
    for target in ("/feeds/prices.xml", "/feeds/prices.xml?customer=D-SH1"):
        r = d.get(target, xml=True)
        assert_valid(r, "feed-prices.xsd")
        assert r.doc.get("customer") == "D-SH1"
        row = [p for p in r.doc.findall("price") if p.get("code") == code][0]
        assert row.get("unit-price") == "7777"
        assert row.get("unit-price-text") == "77.77"
        assert row.get("tier") == "grade"
        assert row.get("rule-id") == "9600000101"
    # staff in scope: the same list
    s = login("director").get("/feeds/prices.xml?customer=D-SH1", xml=True)
    assert_valid(s, "feed-prices.xsd")
    row = [p for p in s.doc.findall("price") if p.get("code") == code][0]
    assert row.get("unit-price") == "7777"
    # D-GZ1 (grade C): no grade price for this product
    g = login("dealer-t-gz1").get("/feeds/prices.xml", xml=True)
    assert_valid(g, "feed-prices.xsd")
    row = [p for p in g.doc.findall("price") if p.get("code") == code][0]
    assert row.get("tier") != "grade" and row.get("unit-price") != "7777"
    n = db.scalar("SELECT COUNT(*) FROM product"
                  " WHERE status IN ('new', 'active')")
    assert int(g.doc.get("total")) == int(n)


def test_price_feed_of_another_dealer_is_404(env, login):
    d = login("dealer-t-sh1")
    for other in ("D-GZ1", "D-SH2", "A-SH", "NO-SUCH"):
        r = d.get(f"/feeds/prices.xml?customer={other}", xml=True)
        assert r.status == 404, (other, r)
    assert login("director").get("/feeds/prices.xml",
                                 xml=True).status == 400
    assert login("director").get("/feeds/prices.xml?customer=NO-SUCH",
                                 xml=True).status == 404


def test_api_key_reads_the_feeds(env, login):
    db, st = env
    b = login("director")
    r = b.post("/account/keys", {"label": "ERP feed"}, xml=True)
    assert r.status == 200, r
    key = r.doc.find("api-keys").get("new-key")
    h = {"Authorization": f"Bearer {key}"}
    c = st.get_xml("/feeds/catalog.xml", h)
    assert_valid(c, "feed-catalog.xsd")
    p = st.get_xml("/feeds/prices.xml?customer=D-SH1", h)
    assert_valid(p, "feed-prices.xsd")
    assert st.get_xml("/feeds/catalog.xml").status == 401


# ---------------------------------------------------------------- import

def test_import_creates_and_updates(env, login):
    db, st = env
    b = login("director")
    f = b.get("/import/products")
    assert f.status == 200, f
    qs.assert_html_page(f)
    qs.assert_valid_page(b.get("/import/products.xml", xml=True))
    old = db.query("SELECT code, list_price FROM product"
                   " WHERE status = 'active' ORDER BY code")[-1]
    cat = db.scalar("SELECT code FROM category ORDER BY code")
    doc = products_doc(
        product_xml("IMP-001", name="测试导入饮料", brand="渠道牌",
                    barcode=ean13("690123400001"), category=cat,
                    list_price="12.50", pack_qty="12", status="active",
                    launch_on="2026-01-01"),
        product_xml("IMP-002", name="进口咖啡 &amp; 茶", spec="250g"),
        product_xml(old[0], name="更新后的名字", status="active",
                    list_price="1.00"))
    r = b.upload(doc)
    assert r.status == 200, (r, r.text)
    qs.assert_valid_page(r)
    imp = r.doc.find("product-import")
    assert imp.get("state") == "done"
    assert imp.get("created") == "2" and imp.get("updated") == "1"
    rows = dict(db.query("SELECT code, name FROM product"
                         " WHERE code IN ('IMP-001', 'IMP-002')"))
    assert rows == {"IMP-001": "测试导入饮料", "IMP-002": "进口咖啡 & 茶"}
    price = db.scalar("SELECT list_price FROM product WHERE code = 'IMP-001'")
    assert int(price) == 1250
    # an update leaves the list price to the price module
    after = db.query(f"SELECT name, list_price FROM product"
                     f" WHERE code = '{old[0]}'")[0]
    assert after[0] == "更新后的名字" and int(after[1]) == int(old[1])
    # the search key: found by its pinyin initials
    s = b.get("/products.xml?q=csdryl", xml=True)
    assert "IMP-001" in [p.get("code") for p in s.doc.iter("product")]
    # audit rows like the back office's
    pid = db.scalar("SELECT id FROM product WHERE code = 'IMP-001'")
    acts = [x[0] for x in db.query(
        "SELECT action FROM audit_log WHERE entity = 'product'"
        f" AND entity_id = {pid}")]
    assert acts == ["create"]
    # HTML of the result
    h = b.upload(doc.replace("IMP-00", "IMP-10"), xml=False)
    assert h.status == 200, h
    qs.assert_html_page(h)


def test_import_as_an_xml_body_with_an_api_key(env, login):
    """Integrators post the document itself (application/xml) to the .xml
    route with their API key: no form, no CSRF token (no cookie)."""
    db, st = env
    b = login("director")
    r = b.post("/account/keys", {"label": "ERP import"}, xml=True)
    key = r.doc.find("api-keys").get("new-key")
    doc = products_doc(product_xml("IMP-API-1", name="接口导入商品"))
    r = st.post("/import/products.xml", doc, "application/xml",
                {"Authorization": f"Bearer {key}",
                 "Accept": "application/xml"})
    assert r.status == 200, (r, r.body[:400])
    assert r.doc.find("product-import").get("created") == "1"
    assert db.scalar("SELECT name FROM product WHERE code = 'IMP-API-1'") \
        == "接口导入商品"
    # a body with a DOCTYPE never reaches the module
    bad = '<!DOCTYPE x [<!ENTITY e "x">]>' + doc
    r = st.post("/import/products.xml", bad, "application/xml",
                {"Authorization": f"Bearer {key}",
                 "Accept": "application/xml"})
    assert r.status == 400, r


def test_import_refuses_bad_records_and_writes_nothing(env, login):
    db, st = env
    b = login("director")
    before = db.scalar("SELECT COUNT(*) FROM product")
    audit = db.scalar("SELECT COUNT(*) FROM audit_log")
    doc = products_doc(
        product_xml("BAD-001"),
        product_xml("BAD-002", barcode="6901234000019"
                    if ean13("690123400001") != "6901234000019"
                    else "6901234000018"),
        product_xml("BAD-003", category="NO-SUCH-CATEGORY"),
        product_xml("BAD-004", list_price="-1.00"),
        product_xml("BAD-001"))
    r = b.upload(doc)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    imp = r.doc.find("product-import")
    assert imp.get("state") == "refused"
    errs = {(e.get("index"), e.get("product-code"), e.get("field"),
             e.get("code")) for e in imp.findall("error")}
    assert errs == {("2", "BAD-002", "barcode", "bad_barcode"),
                    ("3", "BAD-003", "category", "no_such_category"),
                    ("4", "BAD-004", "list-price", "negative"),
                    ("5", "BAD-001", "code", "duplicate_code")}
    assert all(e.get("line") for e in imp.findall("error"))
    assert db.scalar("SELECT COUNT(*) FROM product") == before
    assert db.scalar("SELECT COUNT(*) FROM audit_log") == audit
    assert db.scalar("SELECT COUNT(*) FROM product"
                     " WHERE code LIKE 'BAD-%'") in (0, "0")


def test_import_schema_errors_name_record_and_line(env, login):
    db, st = env
    b = login("director")
    doc = ('<?xml version="1.0"?>\n<products>\n'
           '  <product><code>SCH-1</code><name>好</name><unit>箱</unit>'
           '</product>\n'
           '  <product><code>SCH-2</code><name>坏</name></product>\n'
           '  <product><code>SCH-3</code><name>坏</name><unit>箱</unit>'
           '<pack-qty>0</pack-qty></product>\n'
           '</products>\n')
    r = b.upload(doc)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    errs = r.doc.findall("product-import/error")
    idx = {(e.get("index"), e.get("product-code")) for e in errs}
    assert idx == {("2", "SCH-2"), ("3", "SCH-3")}
    lines = {e.get("index"): e.get("line") for e in errs}
    assert lines == {"2": "4", "3": "5"}
    assert all(e.get("code") == "schema" for e in errs)
    assert [e.get("field") for e in errs
            if e.get("index") == "3"] == ["pack-qty"]
    assert db.scalar("SELECT COUNT(*) FROM product"
                     " WHERE code LIKE 'SCH-%'") in (0, "0")
    # not a products document at all
    r = b.upload('<?xml version="1.0"?><catalog/>')
    assert r.status == 422, r


def test_import_refuses_doctype_and_non_xml(env, login):
    db, st = env
    b = login("director")
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE products [\n'
            '<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;">\n]>\n'
            '<products><product><code>&b;</code><name>x</name>'
            '<unit>x</unit></product></products>')
    # as the body itself: the dispatcher's parser refuses it
    r = b.c.post("/import/products.xml", bomb, "application/xml",
                 b.headers(dict(qs.XML_ACCEPT)))
    assert r.status == 400, r
    assert r.error_code == "bad_xml"
    # as the file
    r = b.upload(bomb)
    assert r.status == 400, r
    assert r.error_code == "bad_xml"
    xxe = ('<?xml version="1.0"?><!DOCTYPE p SYSTEM "file:///etc/passwd">'
           '<products/>')
    assert b.upload(xxe).status == 400
    # not XML
    r = b.upload("code,name\nX,Y\n")
    assert r.status == 400, r
    r = b.c.post("/import/products.xml", "code,name\n", "text/plain",
                 b.headers(dict(qs.XML_ACCEPT)))
    assert r.status in (400, 415), r
    # no file
    r = b.multipart("/import/products", {})
    assert r.status == 400, r


def test_who_may_import(env, login):
    d = login("dealer-t-sh1")
    assert d.get("/import/products").status == 403
    r = d.upload(products_doc(product_xml("DLR-001")))
    assert r.status == 403, r
    assert login("director").get("/import/products").status == 200


def test_import_status_edge_and_html_report(env, login):
    db, st = env
    b = login("director")
    code = db.scalar("SELECT code FROM product WHERE status = 'active'"
                     " ORDER BY code")
    r = b.upload(products_doc(product_xml(code, status="new")))
    assert r.status == 422, r
    e = r.doc.find("product-import/error")
    assert (e.get("index"), e.get("field"), e.get("code")) == \
        ("1", "status", "bad_status_change")
    h = b.upload(products_doc(product_xml(code, status="new")), xml=False)
    assert h.status == 422, h
    qs.assert_html_page(h)
    assert code in h.text


def test_catalog_feed_follows_next_over_pages(env, login):
    """1,000 more products: two catalog pages joined by next, and the price
    list in pages of 200 (run last: the other tests count the catalog)."""
    db, st = env
    ts = ("'2026-01-05 08:00:00.000'" if db.kind == "sqlite"
          else "TIMESTAMP '2026-01-05 08:00:00'")
    rows = []
    # ids below 2**31: on PostgreSQL promo.c's sql_e_rules (`? = 0` types
    # the product id as integer) fails for larger ids (2026-11-27)
    for i in range(1000):
        rows.append(f"({1900000000 + i}, 'PG-{i:04d}', '分页商品 {i}', '件', 1,"
                    f" 'active', {100 + i}, {ts}, {ts}, 1)")
    for k in range(0, 1000, 250):
        db.write("INSERT INTO product (id, code, name, unit, pack_qty, status,"
                 " list_price, created_at, updated_at, version) VALUES "
                 + ", ".join(rows[k:k + 250]))
    b = login("director")
    seen, target, pages = [], "/feeds/catalog.xml", 0
    while target:
        r = b.get(target, xml=True)
        assert_valid(r, "feed-catalog.xsd")
        seen += [p.get("code") for p in r.doc.findall("product")]
        target = r.doc.get("next")
        pages += 1
    n = db.scalar("SELECT COUNT(*) FROM product"
                  " WHERE status IN ('new', 'active')")
    assert pages == 2 and len(seen) == len(set(seen)) == int(n)
    d = login("dealer-t-sh1")
    r = d.get("/feeds/prices.xml?page=2", xml=True)
    assert_valid(r, "feed-prices.xsd")
    assert len(r.doc.findall("price")) == 200
    assert r.doc.get("next") == "/feeds/prices.xml?customer=D-SH1&page=3"
