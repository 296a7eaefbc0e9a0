"""test_catalog_admin.py - the catalog's back office (issue 5, M3): create
and edit with 422 (EAN-13 check digit, duplicate code, pack quantity) and
409 (stale version, both values shown), the search key written on save
(found by pinyin initials), the audit history, retire, images (PNG/JPEG by
magic bytes, nosniff, a disguised HTML refused), new arrivals, a dealer's
own price beside the list price, CSV (BOM, formulas defused), XSS in every
text field, and who may do what.

Each database kind gets its own database: `qudao init` + `qudao demo
--no-channel` (20 products) and the channel of channel.py; product.edit is
granted here to director and purchasing (in case the seed does not hold
it yet).
"""
import os
import re

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD
G = channel.GRADE

PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
JPEG = b"\xff\xd8\xff\xe0" + os.urandom(2000)
HTML_AS_PNG = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
XSS = "<script>alert(1)</script>&\"'"


def ean13(first12):
    """first12 digits + the EAN-13 check digit."""
    s = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - s % 10) % 10)


class Browser(qs.Browser):
    demo_password = PW

    def multipart(self, target, fields, files, csrf=True, xml=False):
        import uuid
        fields = dict(fields)
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


# The catalog's own data elements.  Until schema/xsd/page.xsd lists them
# (a line each in its choice, after <product>), the tests validate against
# a copy that does.
PAGE_LINES = ('<xs:element name="new-products" type="new-product-list"/>',
              '<xs:element name="product-form" type="product-form"/>')
_schema = []


def assert_valid(resp):
    """resp is an XML page valid against page.xsd with the catalog's
    elements."""
    import shutil
    import tempfile

    from lxml import etree
    if not _schema:
        src = qs.REPO / "schema" / "xsd"
        tmp = tempfile.mkdtemp(prefix="catalog-xsd-")
        for f in src.glob("*.xsd"):
            shutil.copy(f, tmp)
        page = (src / "page.xsd").read_text(encoding="utf-8")
        anchor = '<xs:element name="product" type="product-detail"/>'
        for line in PAGE_LINES:
            if line not in page:
                page = page.replace(anchor, anchor + "\n          " + line)
        with open(os.path.join(tmp, "page.xsd"), "w", encoding="utf-8") as f:
            f.write(page)
        try:
            _schema.append(etree.XMLSchema(etree.parse(
                os.path.join(tmp, "page.xsd"))))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    schema = _schema[0]
    assert resp.is_xml, resp
    assert schema.validate(resp.doc), \
        f"{resp.request}: " + "; ".join(str(e) for e in schema.error_log)


def grant(db):
    db.write(
        "INSERT INTO role_perm (role_id, perm) SELECT r.id, 'product.edit'"
        " FROM qd_role r WHERE r.code IN ('director', 'purchasing')"
        " AND NOT EXISTS (SELECT 1 FROM role_perm x WHERE x.role_id = r.id"
        " AND x.perm = 'product.edit')")


env, sessions, login = channel.module_fixtures("catalog", Browser, setup=grant)


def fields(code, **kw):
    f = {"code": code, "name": "测试饮料 " + code, "spec": "500ml×12",
         "unit": "箱", "pack_qty": "12", "barcode": "", "brand": "渠道牌",
         "category": "", "status": "new", "launch_on": "",
         "list_price": "12.50", "description": "line one\nline two"}
    f.update(kw)
    return f


def create(b, code, **kw):
    r = b.post("/products/new", fields(code, **kw))
    assert r.status == 303, r
    m = re.match(r"^/products/(\d+)$", r.header("Location"))
    assert m, r.header("Location")
    return int(m.group(1))


def detail(b, pid):
    r = b.get(f"/products/{pid}.xml", xml=True)
    assert r.status == 200, r
    qs.assert_valid_page(r)
    h = b.get(f"/products/{pid}")
    assert h.status == 200, h
    qs.assert_html_page(h)
    return r.doc.find("product")


def codes(resp):
    return [m.get("code") for m in resp.doc.iter("message")]


def test_create_edit_history(env, login):
    b = login("director")
    r = b.get("/products/new")
    assert r.status == 200, r
    qs.assert_html_page(r)
    pid = create(b, "CAT-001", barcode=ean13("690123456789"))
    p = detail(b, pid)
    assert p.get("code") == "CAT-001"
    assert p.get("price") == "1250"
    assert p.get("status") == "new"
    assert p.get("can-edit") == "true"
    assert p.find("description").text == "line one\nline two"
    h = p.find("history")
    assert [e.get("action") for e in h.findall("entry")] == ["create"]
    assert "code:  -> CAT-001" in h.find("entry").get("detail") or \
        "CAT-001" in h.find("entry").get("detail")

    # edit: the form, then a save with the version
    r = b.get(f"/products/{pid}/edit.xml", xml=True)
    assert r.status == 200, r
    assert_valid(r)
    assert_valid(b.get("/products/new.xml", xml=True))
    f = r.doc.find("product-form")
    assert f.get("version") == "1" and f.get("code") == "CAT-001"
    assert f.find("categories/category") is not None
    r = b.get(f"/products/{pid}/edit")
    qs.assert_html_page(r)
    r = b.post(f"/products/{pid}/edit",
               fields("CAT-001", name="新名字", status="active", version="1",
                      list_price=""))
    assert r.status == 303, r
    p = detail(b, pid)
    assert p.get("name") == "新名字" and p.get("version") == "2"
    assert p.get("price") == "1250"  # the list price is the price module's
    entries = p.find("history").findall("entry")
    assert entries[0].get("action") == "update"
    assert "name: 测试饮料 CAT-001 -> 新名字" in entries[0].get("detail")

    # a stale version: 409, yours in the form, the stored row in conflict
    r = b.post(f"/products/{pid}/edit",
               fields("CAT-001", name="旧版本的修改", status="active", version="1"), xml=True)
    assert r.status == 409, r
    assert_valid(r)
    f = r.doc.find("product-form")
    assert f.get("name") == "旧版本的修改"
    assert f.get("version") == "2"
    assert f.find("conflict").get("name") == "新名字"
    h = b.post(f"/products/{pid}/edit",
               fields("CAT-001", name="旧版本的修改", status="active", version="1"))
    assert h.status == 409
    qs.assert_html_page(h)
    assert "新名字" in h.text and "旧版本的修改" in h.text
    assert int(env[0].scalar(
        f"SELECT version FROM product WHERE id = {pid}")) == 2


def test_422_checks(env, login):
    b = login("director")
    create(b, "CAT-DUP")
    n = int(env[0].scalar("SELECT COUNT(*) FROM product"))
    bad_ean = ean13("690123456780")[:-1] + \
        str((int(ean13("690123456780")[-1]) + 1) % 10)
    for kw, field, code in (
            ({"code": "CAT-DUP"}, "code", "code_taken"),
            ({"barcode": bad_ean}, "barcode", "bad_barcode"),
            ({"barcode": "12345"}, "barcode", "bad_barcode"),
            ({"pack_qty": "0"}, "pack_qty", None),
            ({"name": ""}, "name", None),
            ({"status": "sold"}, "status", None),
            ({"launch_on": "2026-02-30"}, "launch_on", None),
            ({"category": "987654321"}, "category", "no_such_category")):
        f = fields(kw.pop("code", "CAT-NEW"), **kw)
        r = b.post("/products/new", f, xml=True)
        assert r.status == 422, (kw, r)
        assert_valid(r)
        msgs = [m for m in r.doc.iter("message") if m.get("field") == field]
        assert msgs, (kw, codes(r))
        if code:
            assert code in [m.get("code") for m in msgs]
        # what was typed comes back
        assert r.doc.find("product-form").get("name") == f["name"] or \
            field == "name"
    assert int(env[0].scalar("SELECT COUNT(*) FROM product")) == n
    # a good EAN-13 is accepted
    create(b, "CAT-EAN", barcode=ean13("400638133393"))


def test_search_key_written(env, login):
    b = login("director")
    pid = create(b, "CAT-PY", name="猕猴桃果汁饮料")
    key = env[0].scalar(f"SELECT search_key FROM product WHERE id = {pid}")
    assert "mhtgzyl" in key
    r = b.get("/products.xml?q=mhtgzyl", xml=True)
    assert r.status == 200
    assert [p.get("id") for p in r.doc.findall("products/product")] == \
        [str(pid)]
    # a rename rewrites the key
    r = b.post(f"/products/{pid}/edit",
               fields("CAT-PY", name="苹果醋", version="1"))
    assert r.status == 303, r
    r = b.get("/products.xml?q=pgc", xml=True)
    assert str(pid) in [p.get("id") for p in r.doc.findall("products/product")]
    r = b.get("/products.xml?q=mhtgzyl", xml=True)
    assert r.doc.findall("products/product") == []


def test_retire(env, login):
    b = login("director")
    pid = create(b, "CAT-RET", status="active")
    r = b.post(f"/products/{pid}/retire", {"version": "1"})
    assert r.status == 303, r
    p = detail(b, pid)
    assert p.get("status") == "discontinued" and p.get("version") == "2"
    assert p.find("history/entry").get("action") == "retire"
    # the edit form cannot bring it back, nor make an active one new
    r = b.post(f"/products/{pid}/edit",
               fields("CAT-RET", status="active", version="2"), xml=True)
    assert r.status == 422 and "bad_status_change" in codes(r), r
    # twice: refused, nothing changes
    r = b.post(f"/products/{pid}/retire", {"version": "2"}, xml=True)
    assert r.status == 409, r
    # a stale version
    pid2 = create(b, "CAT-RET2", status="active")
    r = b.post(f"/products/{pid2}/edit",
               fields("CAT-RET2", status="new", version="1"), xml=True)
    assert r.status == 422 and "bad_status_change" in codes(r), r
    r = b.post(f"/products/{pid2}/retire", {"version": "7"}, xml=True)
    assert r.status == 409, r
    assert env[0].scalar(
        f"SELECT status FROM product WHERE id = {pid2}") == "active"


def test_images(env, login):
    b = login("director")
    pid = create(b, "CAT-IMG")
    r = b.multipart(f"/products/{pid}/images", {},
                    {"file": ("photo.png", "image/png", PNG)})
    assert r.status == 303, r
    r = b.multipart(f"/products/{pid}/images", {},
                    {"file": ("photo.jpeg", "image/jpeg", JPEG)})
    assert r.status == 303, r
    p = detail(b, pid)
    imgs = p.findall("images/image")
    assert [i.get("mime") for i in imgs] == ["image/png", "image/jpeg"]
    h = b.get(f"/products/{pid}")
    page = h.html
    tags = page.xpath("//img[contains(@src, '/images/')]")
    assert len(tags) == 2 and all(t.get("alt") for t in tags)

    # served with the sniffed type, nosniff, as stored; a dealer may see it
    dealer = login("dealer-t-sh1")
    for who in (b, dealer):
        r = who.get(f"/products/{pid}/images/{imgs[0].get('id')}")
        assert r.status == 200, r
        assert r.header("Content-Type") == "image/png"
        assert r.header("X-Content-Type-Options") == "nosniff"
        assert r.body == PNG
    r = b.get(f"/products/{pid}/images/{imgs[1].get('id')}")
    assert r.header("Content-Type") == "image/jpeg" and r.body == JPEG
    # another product's id with this image: 404
    r = b.get(f"/products/{pid + 1000000}/images/{imgs[0].get('id')}")
    assert r.status == 404

    # refused: HTML named .png, a PDF, nothing, too large
    n = int(env[0].scalar("SELECT COUNT(*) FROM product_image"))
    for files, code in (
            ({"file": ("x.png", "image/png", HTML_AS_PNG)}, "bad_file_type"),
            ({"file": ("x.png", "image/png", b"%PDF-1.4 x")}, "bad_file_type"),
            ({}, "required")):
        r = b.multipart(f"/products/{pid}/images", {}, files, xml=True)
        assert r.status == 422, r
        assert code in codes(r)
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024)
    r = b.multipart(f"/products/{pid}/images", {},
                    {"file": ("big.png", "image/png", big)}, xml=True)
    assert r.status in (413, 422), r  # nginx (1m body) or the application
    assert int(env[0].scalar("SELECT COUNT(*) FROM product_image")) == n
    # a dealer cannot upload or delete
    r = dealer.multipart(f"/products/{pid}/images", {},
                         {"file": ("p.png", "image/png", PNG)}, xml=True)
    assert r.status == 403, r
    # delete
    iid = imgs[0].get("id")
    r = b.post(f"/products/{pid}/images/{iid}/delete", {})
    assert r.status == 303, r
    assert b.get(f"/products/{pid}/images/{iid}").status == 404
    assert len(detail(b, pid).findall("images/image")) == 1


def test_demo_images_are_real_pictures(env, login):
    """`qudao demo` draws a PNG for the first product of every category;
    the catalog serves it, and it is a well-formed PNG (every chunk's
    CRC right, the image data inflating to 96 rows of 96 RGB pixels)."""
    import struct
    import zlib

    rows = env[0].query("SELECT product_id, id FROM product_image"
                        " WHERE file_name = 'demo.png' ORDER BY id")
    assert len(rows) >= 4, rows
    pid, iid = rows[0]
    r = login("admin").get(f"/products/{pid}/images/{iid}")
    assert r.status == 200 and r.header("Content-Type") == "image/png", r
    data = r.body
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, types = 8, b"", []
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        crc, = struct.unpack(">I", data[at + 8 + n:at + 12 + n])
        assert zlib.crc32(kind + body) == crc, kind
        types.append(kind)
        if kind == b"IDAT":
            idat += body
        at += 12 + n
    assert types == [b"IHDR", b"IDAT", b"IEND"]
    assert len(zlib.decompress(idat)) == 96 * (96 * 3 + 1)


def test_new_arrivals(env, login):
    b = login("director")
    new = create(b, "CAT-NEW1", status="new")
    import datetime
    today = datetime.date.today().isoformat()
    recent = create(b, "CAT-NEW2", status="active", launch_on=today)
    old = create(b, "CAT-OLD", status="active", launch_on="2020-01-01")
    gone = create(b, "CAT-GONE", status="discontinued", launch_on=today)
    r = b.get("/products/new-arrivals.xml", xml=True)
    assert r.status == 200, r
    assert_valid(r)
    ids = [int(p.get("id")) for p in r.doc.findall("new-products/product")]
    assert new in ids and recent in ids
    assert old not in ids and gone not in ids
    h = b.get("/products/new-arrivals")
    assert h.status == 200
    qs.assert_html_page(h)
    assert detail(b, new).get("is-new") == "true"
    assert detail(b, recent).get("is-new") == "true"
    assert detail(b, old).get("is-new") is None
    assert detail(b, gone).get("is-new") is None
    c = b.get("/products/new-arrivals.csv")
    assert c.status == 200 and c.body.startswith(b"\xef\xbb\xbf")
    assert "CAT-NEW1" in c.text


def test_dealer_prices(env, login):
    b = login("director")
    pid = create(b, "CAT-DLR", list_price="100.00", status="active")
    db = env[0]
    ts = ("'2026-01-05 08:00:00.000'" if db.kind == "sqlite"
          else "TIMESTAMP '2026-01-05 08:00:00'")
    db.write(
        "INSERT INTO price_rule (id, kind, product_id, category_id, grade_id,"
        " party_id, min_qty, price, discount, valid_from, valid_to, status,"
        " note, created_at, created_by, updated_at, version) VALUES"
        f" (9600000001, 'grade', {pid}, NULL, {G['B']}, NULL, 1, 7777, NULL,"
        f" NULL, NULL, 'active', NULL, {ts}, NULL, {ts}, 1)")
    # D-SH1 has grade B: the grade price
    d = login("dealer-t-sh1")
    r = d.get("/products.xml?q=CAT-DLR", xml=True)
    qs.assert_valid_page(r)
    row = r.doc.find("products/product")
    assert row.get("price") == "10000" and row.get("your-price") == "7777"
    p = detail(d, pid)
    assert p.get("your-price") == "7777"
    q = p.find("quote")
    assert q.get("tier") == "grade" and q.get("unit-price") == "7777"
    assert [x.get("verdict") for x in q.findall("rule")].count("won") == 1
    assert p.get("availability") == "out"  # no stock recorded here
    assert p.get("available-qty") is None  # dealers lack stock.qty
    assert p.find("history") is None and p.get("can-edit") is None
    h = d.get(f"/products/{pid}")
    assert "77.77" in h.text
    c = d.get("/products.csv?q=CAT-DLR")
    assert c.status == 200
    lines = c.body.decode("utf-8-sig").splitlines()
    assert "your_price" in lines[0]
    assert "77.77" in lines[1] and "100.00" in lines[1]
    # D-GZ1 (grade C, 0 %): the list price
    r = login("dealer-t-gz1").get("/products.xml?q=CAT-DLR", xml=True)
    assert r.doc.find("products/product").get("your-price") == "10000"
    # staff: the list price only
    r = b.get("/products.xml?q=CAT-DLR", xml=True)
    assert r.doc.find("products/product").get("your-price") is None
    assert detail(b, pid).find("quote") is None


def test_csv(env, login):
    b = login("director")
    create(b, "CAT-CSV", name="=HYPERLINK(\"http://x\")", spec="+1", brand="@x")
    r = b.get("/products.csv?q=CAT-CSV&sort=name&dir=desc")
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("text/csv")
    assert r.body.startswith(b"\xef\xbb\xbf")
    text = r.body.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text
    assert "\n=" not in text and ",=" not in text
    # the same rows as the page, in the page's order
    r = b.get("/products.csv?sort=code&dir=desc")
    rows = r.body.decode("utf-8-sig").splitlines()[1:]
    x = b.get("/products.xml?sort=code&dir=desc", xml=True)
    first = x.doc.find("products/product").get("code")
    assert rows[0].split(",")[0].strip('"') == first
    assert len(rows) == int(x.doc.find("products").get("total"))


def test_xss_in_every_text_field(env, login):
    b = login("director")
    pid = create(b, "CAT-X<&>'\"", name=XSS, spec=XSS, unit="<i>u</i>",
                 brand=XSS, description=XSS + "\n" + XSS)
    for path in (f"/products/{pid}", f"/products/{pid}/edit",
                 "/products?q=" + qs.quote("CAT-X<"), "/products/new-arrivals"):
        h = b.get(path)
        assert h.status == 200, (path, h)
        qs.assert_html_page(h)
        assert "<script>alert(1)" not in h.text, path
        assert "<i>u</i>" not in h.text, path
    assert "&lt;script&gt;" in b.get(f"/products/{pid}").text
    # the refused form echoes safely too
    r = b.post("/products/new", fields("CAT-X<&>'\"", name=XSS))
    assert r.status == 422
    assert "<script>alert(1)" not in r.text
    p = detail(b, pid)
    assert p.get("name") == XSS and p.get("code") == "CAT-X<&>'\""


def test_authorization(env, login):
    b = login("director")
    pid = create(b, "CAT-AUTH")
    for who in ("dealer-t-sh1", "agent-t-sh", "warehouse"):
        u = login(who)
        assert u.get("/products/new").status == 403, who
        assert u.get(f"/products/{pid}/edit").status == 403, who
        r = u.post(f"/products/{pid}/edit", fields("CAT-AUTH", version="1"))
        assert r.status == 403, who
        assert u.post(f"/products/{pid}/retire",
                      {"version": "1"}).status == 403, who
        assert u.get(f"/products/{pid}").status == 200, who
        assert detail(u, pid).get("can-edit") is None
    assert env[0].scalar(
        f"SELECT status FROM product WHERE id = {pid}") == "new"
    # missing ids are 404, not 500
    for path in ("/products/999999999/edit", "/products/999999999",
                 "/products/999999999/images/1"):
        assert b.get(path).status == 404, path
    r = b.post("/products/999999999/retire", {"version": "1"})
    assert r.status == 404
    # purchasing holds product.edit too
    assert login("purchasing").get("/products/new").status == 200
