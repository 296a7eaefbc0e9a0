"""test_stockcount.py - stocktaking (盘点) and the period close (结存) of
issue 6: /stock/counts (open, enter, variance, post, cancel, the sheet)
and /stock/periods (close a month, its snapshot).

Each database kind gets a database of its own (this module writes): the
demo company, channel.py's channel and stockenv.py's warehouses and
opening stock (dated stockenv.OPENING_ON).  The tests run in file order
on that one database and each leaves no count open behind it.  After
every test the ledger equals the balances (`qudao check --stock`) and no
balance row is frozen by a count that is not open.

The freeze (stock.h) is checked where this module can reach it: the rows
frozen_by a count in the database, a second count of the same rows and a
found product frozen by another count refused, and the count's own
posting moving its frozen rows.  (No route or command here moves stock
for another document; the issue pages that do are being written beside
this module.)
"""
import datetime
import re
import threading

import pytest

import stack as qs
import stockenv

PW = qs.DEMO_PASSWORD
WH = stockenv.WH


class Browser(qs.Browser):
    demo_password = PW


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from stockenv.environment(db_kind, tmp_path_factory, "stockcount",
                                    PW)


@pytest.fixture(scope="module")
def login(env):
    """login(name): a signed-in Browser, one session per login."""
    return qs.logins(env[1], Browser)


@pytest.fixture(scope="module")
def prods(env):
    """[(id, code, list_price, category_id)] of the demo products by id."""
    got = rows(env[0], "SELECT id, code, list_price, category_id"
                       " FROM product ORDER BY id")
    return [(int(r[0]), r[1], int(r[2]), r[3] and int(r[3])) for r in got]


@pytest.fixture(autouse=True)
def invariants(env):
    """After every test: balances equal the ledger, and only open counts
    hold frozen rows."""
    yield
    db = env[0]
    stockenv.check_stock(db)
    bad = rows(db, "SELECT b.warehouse_id, b.product_id, b.frozen_by"
                   " FROM stock_balance b WHERE b.frozen_by IS NOT NULL"
                   " AND NOT EXISTS (SELECT 1 FROM stock_doc d"
                   " WHERE d.id = b.frozen_by AND d.status = 'draft')")
    assert bad == [], bad


# ------------------------------------------------------------------ helpers

def rows(db, sql):
    """db.query with NULL as None on every engine (psql prints '')."""
    return [[None if v == "" else v for v in r] for r in db.query(sql)]


def messages(resp):
    return {(m.get("field"), m.get("code"))
            for m in resp.doc.findall("messages/message")}


def codes(resp):
    return {m.get("code") for m in resp.doc.findall("messages/message")}


def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def token(b):
    r = b.xml("/stock/counts/new.xml")
    assert r.status == 200, r
    return r.doc.find("stock-count-form").get("token")


def open_count(b, wh, xml=False, tok=None, **kw):
    f = {"token": tok or token(b), "warehouse": str(WH[wh])}
    f.update(kw)
    return b.post("/stock/counts/new", f, xml=xml)


def count_id(resp):
    assert resp.status == 303, resp
    m = re.fullmatch(r"/stock/counts/(\d+)\?done=(\w+)",
                     resp.header("Location"))
    assert m, resp.header("Location")
    return int(m.group(1))


def count_doc(b, cid, page=""):
    """The data element of a count's page (the last child of <page>)."""
    r = b.xml(f"/stock/counts/{cid}{page}.xml")
    assert r.status == 200, r
    return r.doc[-1]


def version(b, cid):
    return count_doc(b, cid).get("version")


def enter(b, cid, text, ver=None, xml=True):
    return b.post(f"/stock/counts/{cid}/enter",
                  {"version": ver or version(b, cid), "lines": text},
                  xml=xml)


def post(b, cid, ver=None, xml=True, **kw):
    f = {"version": ver or version(b, cid)}
    f.update(kw)
    return b.post(f"/stock/counts/{cid}/post", f, xml=xml)


def balance(db, wh, pid):
    got = rows(db, "SELECT on_hand, frozen_by FROM stock_balance"
                   f" WHERE warehouse_id = {WH[wh]} AND product_id = {pid}")
    if not got:
        return None
    return int(got[0][0]), got[0][1] and int(got[0][1])


def frozen(db, cid):
    return {int(r[0]) for r in rows(db,
        "SELECT product_id FROM stock_balance"
        f" WHERE frozen_by = {cid}")}


def n_docs(db):
    return int(db.scalar("SELECT COUNT(*) FROM stock_doc"))


def lines_of(b, cid, page="", query=""):
    r = b.xml(f"/stock/counts/{cid}{page}.xml{query}")
    assert r.status == 200, r
    return {ln.get("code"): ln for ln in r.doc[-1].findall("line")}


# ------------------------------------------------------------------ counting

def test_open_a_count_freezes_its_rows(env, login, prods):
    db, _ = env
    b = login("warehouse")
    r, root = b.html("/stock/counts/new")
    assert r.status == 200
    assert root.xpath("//select[@name='warehouse']/option[@value='%d']"
                      % WH["WH-HQ"])
    # the closed warehouse is not offered
    assert not root.xpath("//select[@name='warehouse']/option[@value='%d']"
                          % WH["WH-OLD"])
    r = open_count(b, "WH-HQ", note="year end & <all>")
    cid = count_id(r)
    assert r.header("Location").endswith("done=opened")
    doc = rows(db, "SELECT kind, status, doc_no, warehouse_id, note"
                   f" FROM stock_doc WHERE id = {cid}")[0]
    assert doc[0:2] == ["count", "draft"]
    assert re.fullmatch(r"PD-\d{8}-\d{6,}", doc[2]), doc[2]
    assert int(doc[3]) == WH["WH-HQ"] and doc[4] == "year end & <all>"
    lines = rows(db, "SELECT product_id, book_qty, qty_done, qty"
                     f" FROM stock_doc_line WHERE doc_id = {cid}"
                     " ORDER BY product_id")
    opening = stockenv.OPENING["WH-HQ"]
    assert [(int(p), int(q), d, int(z)) for p, q, d, z in lines] == \
        [(prods[i][0], opening[i], None, 0) for i in sorted(opening)]
    assert frozen(db, cid) == {prods[i][0] for i in opening}
    # the page
    r = b.xml(f"/stock/counts/{cid}.xml?done=opened")
    c = r.doc.find("stock-count")
    assert (c.get("status"), c.get("lines"), c.get("counted"),
            c.get("uncounted")) == ("draft", "4", "0", "4")
    assert c.get("can-enter") == c.get("can-post") == "true"
    assert "opened" in codes(r)
    assert [ln.get("book-qty") for ln in c.findall("line")] == \
        [str(opening[i]) for i in sorted(opening, key=lambda i: prods[i][1])]
    assert all(ln.get("counted") is None for ln in c.findall("line"))
    assert c.find("history/entry").get("action") == "open"
    r, root = b.html(f"/stock/counts/{cid}")
    assert r.status == 200 and doc[2] in root.text_content()
    # a second count of the same rows is refused, nothing written
    n = n_docs(db)
    r = open_count(b, "WH-HQ", xml=True)
    assert r.status == 409 and ("warehouse", "frozen") in messages(r), r
    qs.assert_valid_page(r)
    assert doc[2] in r.doc.findtext("messages/message")
    assert n_docs(db) == n and frozen(db, cid) == {prods[i][0]
                                                   for i in opening}
    # the list shows it
    r = b.xml(f"/stock/counts.xml?warehouse={WH['WH-HQ']}&status=draft")
    assert [x.get("id") for x in r.doc.findall("stock-counts/count")] == \
        [str(cid)]


def hq_count(db):
    return int(db.scalar("SELECT id FROM stock_doc WHERE kind = 'count'"
                         f" AND status = 'draft' AND warehouse_id ="
                         f" {WH['WH-HQ']}"))


def test_enter_counts_and_found_goods(env, login, prods):
    db, _ = env
    b = login("warehouse")
    cid = hq_count(db)
    p0, p1, p2, p5 = prods[0], prods[1], prods[2], prods[5]
    assert balance(db, "WH-HQ", p5[0]) is None
    r = enter(b, cid, f"{p0[1]} 990\n\n{p1[1]}\t500 shelf B\n", xml=False)
    assert r.status == 303 and r.header("Location").endswith("done=saved")
    got = dict((int(p), (d and int(d), n)) for p, d, n in rows(db,
        "SELECT product_id, qty_done, note FROM stock_doc_line"
        f" WHERE doc_id = {cid}"))
    assert got[p0[0]] == (990, None) and got[p1[0]] == (500, "shelf B")
    assert got[p2[0]] == (None, None)
    # a stale form: 409, nothing changed, the typed lines come back
    old = str(int(version(b, cid)) - 1)
    r = enter(b, cid, f"{p0[1]} 1", ver=old)
    assert r.status == 409 and "conflict" in codes(r)
    qs.assert_valid_page(r)
    f = r.doc.find("stock-count-enter")
    assert f.get("input") == f"{p0[1]} 1"
    assert f.get("version") == version(b, cid)
    assert int(db.scalar("SELECT qty_done FROM stock_doc_line WHERE"
                         f" doc_id = {cid} AND product_id = {p0[0]}")) == 990
    # bad lines: each named, nothing written
    v = version(b, cid)
    r = enter(b, cid, f"NO-SUCH 5\n{p2[1]} -1\n{p2[1]} x\n{p0[1]} 1 "
              + "n" * 201)
    assert r.status == 422, r
    texts = [m.text for m in r.doc.findall("messages/message")]
    assert any(t.startswith("line 1:") for t in texts), texts
    assert any(t.startswith("line 2:") for t in texts), texts
    assert any(t.startswith("line 4:") for t in texts), texts
    assert ("lines", "duplicate") in messages(r)
    assert version(b, cid) == v
    # the HTML form again, as typed
    r = enter(b, cid, "NO-SUCH 5 <b>", xml=False)
    assert r.status == 422
    area = qs.assert_html_page(r).find(".//textarea[@name='lines']")
    assert area.text == "NO-SUCH 5 <b>"
    r, root = b.html(f"/stock/counts/{cid}/enter")
    assert r.status == 200
    assert root.xpath("//form[@action='/stock/counts/%d/enter']"
                      "//input[@name='version'][@value='%s']" % (cid, v))
    # a zero is a count; found goods get a line and a frozen zero row
    r = enter(b, cid, f"{p2[1]} 0\n{p5[1]} 7 back room")
    assert r.status == 303, r
    assert balance(db, "WH-HQ", p5[0]) == (0, cid)
    row = rows(db, "SELECT book_qty, qty_done, reason, note, line_no"
                   f" FROM stock_doc_line WHERE doc_id = {cid}"
                   f" AND product_id = {p5[0]}")[0]
    assert row[:4] == ["0", "7", "found", "back room"] and row[4] == "5"
    # saving again changes only what is typed
    r = enter(b, cid, f"{p2[1]} 199")
    assert r.status == 303
    ls = lines_of(b, cid)
    assert (ls[p0[1]].get("counted"), ls[p2[1]].get("counted"),
            ls[p5[1]].get("counted")) == ("990", "199", "7")
    assert ls[p5[1]].get("found") == "true"
    assert ls[prods[3][1]].get("counted") is None
    acts = [r[0] for r in rows(db,
        "SELECT action FROM audit_log WHERE entity = 'stock_doc'"
        f" AND entity_id = {cid} ORDER BY at, id")]
    assert acts == ["open", "count", "count", "count"]


def test_variance_page(env, login, prods):
    db, _ = env
    b = login("warehouse")
    cid = hq_count(db)
    p0, p1, p2, p3, p5 = (prods[i] for i in (0, 1, 2, 3, 5))
    r = b.xml(f"/stock/counts/{cid}/variance.xml")
    v = r.doc.find("stock-count-variance")
    gain = 7 * p5[2]
    loss = 10 * p0[2] + 1 * p2[2]
    assert (v.get("gain-qty"), v.get("loss-qty")) == ("7", "11")
    assert (int(v.get("gain-value")), int(v.get("loss-value")),
            int(v.get("net-value"))) == (gain, loss, gain - loss)
    assert v.get("uncounted") == "1" and v.get("variances") == "3"
    ls = {ln.get("code"): ln for ln in v.findall("line")}
    assert (ls[p0[1]].get("variance"), int(ls[p0[1]].get("value"))) == \
        ("-10", -10 * p0[2])
    assert ls[p1[1]].get("variance") == "0"
    assert ls[p3[1]].get("variance") is None \
        and ls[p3[1]].get("counted") is None
    # filters and sorts
    r = b.xml(f"/stock/counts/{cid}/variance.xml?show=variance"
              "&sort=value&dir=asc")
    assert [ln.get("code") for ln in
            r.doc.find("stock-count-variance").findall("line")] == \
        sorted([p0[1], p2[1], p5[1]],
               key=lambda c: {p0[1]: -10 * p0[2], p2[1]: -p2[2],
                              p5[1]: 7 * p5[2]}[c])
    r = b.xml(f"/stock/counts/{cid}/variance.xml?show=uncounted")
    assert [ln.get("code") for ln in
            r.doc.find("stock-count-variance").findall("line")] == [p3[1]]
    r = b.xml(f"/stock/counts/{cid}.xml?q={p5[1]}")
    assert [ln.get("code") for ln in
            r.doc.find("stock-count").findall("line")] == [p5[1]]
    r, root = b.html(f"/stock/counts/{cid}/variance")
    assert r.status == 200
    assert root.xpath("//form[@action='/stock/counts/%d/post']" % cid)
    # CSV
    r = b.get(f"/stock/counts/{cid}/variance.csv")
    assert r.status == 200 and "text/csv" in r.header("Content-Type")
    text = r.body.decode("utf-8-sig").splitlines()
    assert text[0].startswith("line,code,name,spec,unit,book_qty,counted,"
                              "variance,value")
    assert len(text) == 6
    row = [x for x in text if f",{p0[1]}," in x][0].split(",")
    assert row[6:9] == ["990", "-10", f"{-10 * p0[2] / 100:.2f}"]


def test_blind_sheet(env, login, prods):
    db, _ = env
    b = login("warehouse")
    cid = hq_count(db)
    r = b.xml(f"/stock/counts/{cid}/sheet.xml")
    s = r.doc.find("stock-count-sheet")
    assert s.get("blind") == "1" and s.get("lines") == "5"
    assert all(ln.get("book-qty") is None for ln in s.findall("line"))
    r, root = b.html(f"/stock/counts/{cid}/sheet")
    assert r.status == 200
    assert root.xpath("//body[@class='print-view']")
    assert not root.xpath("//nav")
    assert "1000" not in root.text_content()  # P0's book quantity
    r = b.xml(f"/stock/counts/{cid}/sheet.xml?blind=0")
    s = r.doc.find("stock-count-sheet")
    assert s.get("blind") == "0"
    assert {ln.get("code"): ln.get("book-qty") for ln in
            s.findall("line")}[prods[0][1]] == "1000"
    r, root = b.html(f"/stock/counts/{cid}/sheet?blind=0")
    assert "1000" in root.text_content()
    assert b.get(f"/stock/counts/{cid}/sheet?blind=2").status == 400


def test_post_books_the_variances(env, login, prods):
    db, _ = env
    b = login("warehouse")
    cid = hq_count(db)
    p0, p1, p2, p3, p5 = (prods[i] for i in (0, 1, 2, 3, 5))
    moves = int(db.scalar("SELECT COUNT(*) FROM stock_move"))
    # uncounted lines: refused unless taken as zero
    r = post(b, cid)
    assert r.status == 422 and "uncounted" in codes(r), r
    qs.assert_valid_page(r)
    # a stale version: 409
    old = str(int(version(b, cid)) - 1)
    r = post(b, cid, ver=old, uncounted="zero")
    assert r.status == 409 and "conflict" in codes(r)
    r = post(b, cid, uncounted="yes")
    assert r.status == 422
    # finance may not post (no stock.post)
    f = login("finance")
    assert f.post(f"/stock/counts/{cid}/post",
                  {"version": version(b, cid), "uncounted": "zero"},
                  xml=True).status == 403
    assert int(db.scalar("SELECT COUNT(*) FROM stock_move")) == moves
    r = post(b, cid, uncounted="zero", xml=False)
    assert r.status == 303 and r.header("Location").endswith("done=posted")
    got = {int(p): (k, int(q), d[:10], dt, int(di)) for p, k, q, d, dt, di in
           rows(db, "SELECT product_id, kind, qty, move_on, doc_type, doc_id"
                    " FROM stock_move WHERE warehouse_id ="
                    f" {WH['WH-HQ']} AND kind = 'count'")}
    day = db.scalar(f"SELECT doc_on FROM stock_doc WHERE id = {cid}")[:10]
    assert got == {p0[0]: ("count", -10, day, "stock_doc", cid),
                   p2[0]: ("count", -1, day, "stock_doc", cid),
                   p3[0]: ("count", -50, day, "stock_doc", cid),
                   p5[0]: ("count", 7, day, "stock_doc", cid)}
    assert balance(db, "WH-HQ", p0[0]) == (990, None)
    assert balance(db, "WH-HQ", p1[0]) == (500, None)
    assert balance(db, "WH-HQ", p3[0]) == (0, None)
    assert balance(db, "WH-HQ", p5[0]) == (7, None)
    assert frozen(db, cid) == set()
    doc = rows(db, "SELECT status, amount, posted_by FROM stock_doc"
                   f" WHERE id = {cid}")[0]
    net = 7 * p5[2] - 10 * p0[2] - p2[2] - 50 * p3[2]
    assert doc[0] == "posted" and int(doc[1]) == net and doc[2]
    # the lines keep what was counted; qty stays 0 (the moves hold the
    # variances)
    assert [(int(x[0]), int(x[1])) for x in rows(
        db, "SELECT qty, qty_done FROM stock_doc_line"
        f" WHERE doc_id = {cid} ORDER BY product_id")] == \
        [(0, 990), (0, 500), (0, 199), (0, 0), (0, 7)]
    stockenv.check_stock(db)
    # twice: the same answer, nothing more
    n = int(db.scalar("SELECT COUNT(*) FROM stock_move"))
    r = post(b, cid, uncounted="zero", xml=False)
    assert r.status == 303 and r.header("Location").endswith("done=posted")
    assert int(db.scalar("SELECT COUNT(*) FROM stock_move")) == n
    # a posted count takes no counts and is not cancelled
    assert enter(b, cid, f"{p0[1]} 1").status == 409
    assert b.get(f"/stock/counts/{cid}/enter").status == 409
    assert b.post(f"/stock/counts/{cid}/cancel", {}).status == 409
    r = b.xml(f"/stock/counts/{cid}.xml")
    c = r.doc.find("stock-count")
    assert c.get("status") == "posted" and c.get("can-post") is None
    assert int(c.get("amount")) == net
    assert [e.get("action") for e in c.findall("history/entry")][0] == "post"
    # the rows are free again: a new count of the warehouse opens
    cid2 = count_id(open_count(b, "WH-HQ"))
    assert balance(db, "WH-HQ", p0[0]) == (990, cid2)
    assert b.post(f"/stock/counts/{cid2}/cancel", {}).status == 303


def test_cancel_unfreezes(env, login, prods):
    db, _ = env
    b = login("wh-sh")
    cid = count_id(open_count(b, "WH-SH"))
    held = frozen(db, cid)
    assert held == {prods[i][0] for i in stockenv.OPENING["WH-SH"]}
    assert enter(b, cid, f"{prods[0][1]} 99").status == 303
    r = b.post(f"/stock/counts/{cid}/cancel", {})
    assert r.status == 303 and r.header("Location").endswith("done=cancelled")
    assert frozen(db, cid) == set()
    assert db.scalar(f"SELECT status FROM stock_doc WHERE id = {cid}") \
        == "cancelled"
    assert balance(db, "WH-SH", prods[0][0]) == (100, None)
    # twice: the same answer
    r = b.post(f"/stock/counts/{cid}/cancel", {})
    assert r.status == 303 and r.header("Location").endswith("done=cancelled")
    assert post(b, cid).status == 409


def test_counts_by_category_and_the_freeze(env, login, prods):
    """Two counts of one warehouse may not share a row: a category count
    and a count of the whole warehouse, and found goods held by another
    count."""
    db, _ = env
    b = login("wh-sh")
    sh = stockenv.OPENING["WH-SH"]
    parent = {int(r[0]): r[1] and int(r[1]) for r in rows(db,
        "SELECT id, parent_id FROM category")}
    top = parent[prods[0][3]] or prods[0][3]

    def under(cat):
        while cat is not None:
            if cat == top:
                return True
            cat = parent.get(cat)
        return False
    inside = {prods[i][0] for i in sh if under(prods[i][3])}
    outside = {prods[i][0] for i in sh} - inside
    a = count_id(open_count(b, "WH-SH", category=str(top)))
    assert frozen(db, a) == inside and prods[0][0] in inside
    assert int(db.scalar(f"SELECT category_id FROM stock_doc WHERE id = {a}"
                         )) == top
    # the whole warehouse now overlaps: refused
    r = open_count(b, "WH-SH", xml=True)
    assert r.status == 409 and ("warehouse", "frozen") in messages(r)
    extra = None
    if outside:
        # the other categories: a second count of the rest
        other = next(prods[i][3] for i in sh if prods[i][0] in outside)
        c = count_id(open_count(b, "WH-SH", category=str(other)))
        assert frozen(db, c) and not (frozen(db, c) & inside)
        extra = c
    else:
        # nothing outside: a count of a category without stock here
        other = next(p[3] for p in prods if not under(p[3]))
        c = count_id(open_count(b, "WH-SH", category=str(other)))
        assert frozen(db, c) == set()
        extra = c
    # found goods held by count a: refused in the other count
    r = enter(b, extra, f"{prods[0][1]} 1")
    assert r.status == 409 and ("lines", "frozen") in messages(r), r
    assert prods[0][0] in frozen(db, a)
    for cid in (a, extra):
        assert b.post(f"/stock/counts/{cid}/cancel", {}).status == 303
    # a category that does not exist
    r = open_count(b, "WH-SH", xml=True, category="999999999")
    assert r.status == 422 and ("category", "no_category") in messages(r)


def test_open_form_refusals(env, login):
    db, _ = env
    b = login("wh-sh")
    n = n_docs(db)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    r = open_count(b, "WH-SH", xml=True, doc_on=tomorrow)
    assert r.status == 422 and ("doc_on", "future_date") in messages(r)
    f = r.doc.find("stock-count-form")
    assert f.get("doc-on") == tomorrow and f.get("warehouse") == \
        str(WH["WH-SH"])
    r = b.post("/stock/counts/new", {"token": token(b), "warehouse": ""},
               xml=True)
    assert r.status == 422 and ("warehouse", "required") in messages(r)
    # before the opening stock's moves
    r = open_count(b, "WH-SH", xml=True, doc_on="2026-01-01")
    assert r.status == 422 and ("doc_on", "late") in messages(r), r
    # the closed warehouse
    r = open_count(b, "WH-OLD", xml=True)
    assert r.status == 422 and ("warehouse", "closed") in messages(r)
    # an id no form was given, a made-up one
    r = open_count(b, "WH-SH", xml=True, tok="999999999999")
    assert r.status == 400
    assert n_docs(db) == n
    # the same form twice: the first count
    t = token(b)
    first = count_id(open_count(b, "WH-SH", tok=t))
    r = open_count(b, "WH-SH", tok=t)
    assert count_id(r) == first
    assert r.header("Location").endswith("done=duplicate")
    assert n_docs(db) == n + 1
    # ... by someone else, or for another warehouse: refused
    r = login("mgr-sh").post("/stock/counts/new",
                             {"token": t, "warehouse": str(WH["WH-SH"])},
                             xml=True)
    assert r.status == 409
    assert b.post(f"/stock/counts/{first}/cancel", {}).status == 303


def test_list_filters_and_csv(env, login):
    db, _ = env
    b = login("warehouse")
    r, root = b.html("/stock/counts")
    assert r.status == 200
    assert root.xpath("//nav[@class='subnav']//a[@aria-current='page']"
                      "[@href='/stock/counts']")
    r = b.xml("/stock/counts.xml")
    lst = r.doc.find("stock-counts")
    all_ids = [c.get("id") for c in lst.findall("count")]
    assert len(all_ids) == int(db.scalar(
        "SELECT COUNT(*) FROM stock_doc WHERE kind = 'count'"))
    assert lst.get("sort") == "doc_on" and lst.get("dir") == "desc"
    r = b.xml("/stock/counts.xml?status=posted")
    assert {c.get("status") for c in
            r.doc.findall("stock-counts/count")} == {"posted"}
    r = b.xml(f"/stock/counts.xml?warehouse={WH['WH-SH']}&sort=doc_no"
              "&dir=asc")
    nos = [c.get("doc-no") for c in r.doc.findall("stock-counts/count")]
    assert nos == sorted(nos) and nos
    assert {c.get("warehouse-code") for c in
            r.doc.findall("stock-counts/count")} == {"WH-SH"}
    d = today().isoformat()
    r = b.xml(f"/stock/counts.xml?from={d}&to={d}&q=PD-")
    assert len(r.doc.findall("stock-counts/count")) == len(all_ids)
    r = b.xml("/stock/counts.xml?from=2020-01-01&to=2020-01-31")
    assert r.doc.findall("stock-counts/count") == []
    assert b.get("/stock/counts?from=yesterday").status == 400
    r = b.get("/stock/counts.csv?status=cancelled")
    assert r.status == 200 and "text/csv" in r.header("Content-Type")
    text = r.body.decode("utf-8-sig").splitlines()
    assert text[0].startswith("doc_no,status,warehouse,doc_on")
    assert all(",cancelled," in x for x in text[1:]) and len(text) > 1
    r = b.get(f"/stock/counts/{all_ids[-1]}.csv")
    assert r.status == 200 and r.body.decode("utf-8-sig").startswith("line,")


def test_scope(env, login):
    db, _ = env
    gz = login("wh-gz")
    hq = int(db.scalar("SELECT MIN(id) FROM stock_doc WHERE warehouse_id ="
                       f" {WH['WH-HQ']}"))
    r = gz.xml("/stock/counts.xml")
    assert {c.get("warehouse-code") for c in
            r.doc.findall("stock-counts/count")} <= {"WH-GZ"}
    assert [w.get("code") for w in
            r.doc.findall("stock-counts/warehouse")] == ["WH-GZ"]
    for path in ("", "/sheet", "/variance", "/enter"):
        assert gz.get(f"/stock/counts/{hq}{path}").status == 404, path
        assert gz.get(f"/stock/counts/{hq}{path}", xml=True).status == 404
    assert gz.get(f"/stock/counts/{hq}.csv").status == 404
    assert gz.get(f"/stock/counts/{hq}/variance.csv").status == 404
    n = n_docs(db)
    assert enter(gz, hq, "X 1", ver="1").status == 404
    assert post(gz, hq, ver="1").status == 404
    assert gz.post(f"/stock/counts/{hq}/cancel", {}).status == 404
    r = open_count(gz, "WH-SH", xml=True)
    assert r.status == 404
    assert n_docs(db) == n
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE action ="
                         " 'denied'")) > 0
    # the agent sees its own warehouses' counts, and may not count
    a = login("agent-t-sh")
    r = a.xml("/stock/counts.xml")
    assert {w.get("code") for w in
            r.doc.findall("stock-counts/warehouse")} == {"WH-ASH", "WH-CSH"}
    assert a.get("/stock/counts/new").status == 403
    assert a.get(f"/stock/counts/{hq}").status == 404
    # dealers hold no stock.view
    assert login("dealer-t-sh1").get("/stock/counts").status == 403


# ------------------------------------------------------------------ periods

def snapshot(db, wh, period):
    return {int(p): int(q) for p, q in rows(db,
        "SELECT product_id, on_hand FROM stock_period_bal"
        f" WHERE warehouse_id = {WH[wh]} AND period = '{period}'")}


def on_hand_at(db, wh, day):
    return {int(p): int(q) for p, q in rows(db,
        "SELECT product_id, SUM(qty) FROM stock_move"
        f" WHERE warehouse_id = {WH[wh]} AND bucket = 'on_hand'"
        f" AND move_on <= '{day}' GROUP BY product_id")}


def close(b, wh, period, xml=True):
    return b.post("/stock/periods",
                  {"warehouse": str(WH[wh]), "period": period}, xml=xml)


def test_close_months(env, login, prods):
    db, _ = env
    f = login("finance")
    t = today()
    r, root = f.html("/stock/periods")
    assert r.status == 200
    assert root.xpath("//form[@action='/stock/periods']")
    r = f.xml("/stock/periods.xml")
    latest = r.doc.find("stock-periods").get("latest")
    assert latest == ((t.replace(day=1) - datetime.timedelta(
        days=1 if t.day >= 2 else 32)).strftime("%Y-%m"))
    # the current month (and the future) cannot be closed
    for m in (t.strftime("%Y-%m"), "2099-01"):
        r = close(f, "WH-GZ", m)
        assert r.status == 422 and ("period", "too_early") in messages(r), m
        qs.assert_valid_page(r)
    r = close(f, "WH-GZ", "2026-13")
    assert r.status == 422 and ("period", "bad_period") in messages(r)
    assert db.scalar("SELECT COUNT(*) FROM warehouse WHERE id ="
                     f" {WH['WH-GZ']} AND closed_through IS NULL") == "1"
    # a clerk may count but not close
    assert close(login("wh-gz"), "WH-GZ", "2026-01").status == 403
    # January: the opening stock
    r = close(f, "WH-GZ", "2026-01", xml=False)
    assert r.status == 303, r
    assert r.header("Location") == \
        f"/stock/periods?warehouse={WH['WH-GZ']}&done=closed"
    assert db.scalar("SELECT closed_through FROM warehouse WHERE id ="
                     f" {WH['WH-GZ']}")[:10] == "2026-01-31"
    assert snapshot(db, "WH-GZ", "2026-01") == {prods[0][0]: 80} == \
        on_hand_at(db, "WH-GZ", "2026-01-31")
    assert rows(db, "SELECT action FROM audit_log WHERE entity ="
                    f" 'warehouse' AND entity_id = {WH['WH-GZ']}") == \
        [["close_period"]]
    # again, or an earlier month: closed already
    for m in ("2026-01", "2025-12"):
        r = close(f, "WH-GZ", m)
        assert r.status == 409 and ("period", "already_closed") in \
            messages(r), m
    # a count dated in the closed month: refused (the ledger's lock)
    g = login("wh-gz")
    r = open_count(g, "WH-GZ", xml=True, doc_on="2026-01-20")
    assert r.status == 422 and ("doc_on", "period_closed") in messages(r)
    # a count in March: -5
    cid = count_id(open_count(g, "WH-GZ", doc_on="2026-03-10"))
    # ... open: no month of WH-GZ closes meanwhile
    r = close(f, "WH-GZ", "2026-02")
    assert r.status == 409 and ("period", "count_open") in messages(r)
    assert enter(g, cid, f"{prods[0][1]} 75").status == 303
    assert post(g, cid).status == 303
    assert balance(db, "WH-GZ", prods[0][0]) == (75, None)
    # April before March: out of order
    r = close(f, "WH-GZ", "2026-04")
    assert r.status == 409 and ("period", "out_of_order") in messages(r)
    assert "2026-03" in r.doc.findtext("messages/message")
    # February had no moves: March may follow January directly
    assert close(f, "WH-GZ", "2026-03").status == 303
    assert snapshot(db, "WH-GZ", "2026-03") == {prods[0][0]: 75} == \
        on_hand_at(db, "WH-GZ", "2026-03-31")
    assert close(f, "WH-GZ", "2026-02").status == 409
    assert close(f, "WH-GZ", "2026-04").status == 303
    # April had no move of P0 and it is still in stock
    assert snapshot(db, "WH-GZ", "2026-04") == {prods[0][0]: 75}


def test_period_pages(env, login, prods):
    db, _ = env
    f = login("finance")
    r = f.xml(f"/stock/periods.xml?warehouse={WH['WH-GZ']}")
    ps = r.doc.find("stock-periods")
    assert [p.get("period") for p in ps.findall("period")] == \
        ["2026-04", "2026-03", "2026-01"]
    p = ps.findall("period")[1]
    assert (p.get("products"), p.get("on-hand"), p.get("closed-on"),
            p.get("closed-by")) == ("1", "75", "2026-03-31", "finance")
    gz = [w for w in ps.findall("warehouse") if w.get("code") == "WH-GZ"][0]
    assert gz.get("closed-through") == "2026-04-30"
    r = f.xml("/stock/periods.xml?sort=warehouse&dir=asc")
    assert r.status == 200
    r = f.get(f"/stock/periods.csv?warehouse={WH['WH-GZ']}")
    text = r.body.decode("utf-8-sig").splitlines()
    assert text[0] == ("warehouse,name,period,closed_on,closed_at,"
                       "closed_by,products,on_hand")
    assert len(text) == 4 and text[2].startswith("WH-GZ,")
    # one month's snapshot
    r = f.xml(f"/stock/periods/{WH['WH-GZ']}/2026-03.xml")
    s = r.doc.find("stock-period")
    assert (s.get("period"), s.get("closed-on"), s.get("on-hand")) == \
        ("2026-03", "2026-03-31", "75")
    assert [(ln.get("code"), ln.get("on-hand")) for ln in
            s.findall("line")] == [(prods[0][1], "75")]
    r, root = f.html(f"/stock/periods/{WH['WH-GZ']}/2026-03")
    assert r.status == 200 and prods[0][1] in root.text_content()
    r = f.get(f"/stock/periods/{WH['WH-GZ']}/2026-03.csv?q={prods[0][1]}")
    text = r.body.decode("utf-8-sig").splitlines()
    assert text == ["product-id,code,name,spec,unit,on-hand",
                    text[1]] and text[1].startswith(f"{prods[0][0]},")
    for path in ("2026-02", "2026-13", "x", "1"):
        assert f.get(f"/stock/periods/{WH['WH-GZ']}/{path}").status == 404
    # scope: Guangzhou sees its own, not Shanghai's
    g = login("wh-gz")
    r = g.xml("/stock/periods.xml")
    assert {w.get("code") for w in
            r.doc.findall("stock-periods/warehouse")} == {"WH-GZ"}
    assert g.get(f"/stock/periods/{WH['WH-GZ']}/2026-03").status == 200
    m = login("mgr-sh")
    assert m.get(f"/stock/periods/{WH['WH-GZ']}/2026-03").status == 404
    assert m.get(f"/stock/periods/{WH['WH-GZ']}/2026-03.csv").status == 404
    assert m.xml(f"/stock/periods.xml?warehouse={WH['WH-GZ']}").doc \
        .findall("stock-periods/period") == []
    # mgr-sh holds stock.close, for the Shanghai branch only
    assert close(m, "WH-GZ", "2026-05").status == 404
    assert db.scalar("SELECT closed_through FROM warehouse WHERE id ="
                     f" {WH['WH-GZ']}")[:10] == "2026-04-30"


# ------------------------------------------------------------------ the rest

def at_once(n, request):
    """The responses of n threads sending request() together."""
    out = []
    threads = [threading.Thread(target=lambda: out.append(request()))
               for _ in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return out


def test_double_submission_concurrent(env, login, prods):
    """The same open form sent four times at once opens one count; the
    same posting four times at once posts once."""
    db, _ = env
    b = login("wh-sh")
    n = n_docs(db)
    t, csrf = token(b), b.csrf()
    out = at_once(4, lambda: b.post(
        "/stock/counts/new", {"token": t, "warehouse": str(WH["WH-SH"])},
        csrf=csrf))
    assert sorted(r.status for r in out) == [303] * 4, out
    ids = {count_id(r) for r in out}
    assert len(ids) == 1 and n_docs(db) == n + 1
    assert sum(r.header("Location").endswith("done=opened")
               for r in out) == 1
    cid = ids.pop()
    assert enter(b, cid, f"{prods[0][1]} 98").status == 303
    v = version(b, cid)
    out = at_once(4, lambda: b.post(
        f"/stock/counts/{cid}/post", {"version": v, "uncounted": "zero"},
        csrf=csrf))
    assert sorted(r.status for r in out) == [303] * 4, out
    assert {r.header("Location") for r in out} == \
        {f"/stock/counts/{cid}?done=posted"}
    assert rows(db, "SELECT product_id, qty FROM stock_move"
                f" WHERE doc_type = 'stock_doc' AND doc_id = {cid}"
                " ORDER BY product_id") == \
        [[str(prods[i][0]), str(-q if i else -2)]
         for i, q in sorted(stockenv.OPENING["WH-SH"].items())]
    assert balance(db, "WH-SH", prods[0][0]) == (98, None)


def test_counted_below_reserved_is_refused(env, login, prods):
    """Goods promised to orders stay: a count below the reserved quantity
    is refused at posting by the ledger's guard, and changes nothing."""
    db, _ = env
    p1 = prods[1][0]
    now = "'2026-01-05 08:00:00.000'" if db.kind == "sqlite" else \
        "TIMESTAMP '2026-01-05 08:00:00.000'"
    day = "'2026-11-02'" if db.kind == "sqlite" else "DATE '2026-11-02'"
    db.write(
        "INSERT INTO stock_move (id, warehouse_id, product_id, bucket, kind,"
        " qty, doc_type, doc_id, line_no, move_on, posted_at, user_id)"
        f" VALUES (9419000001, {WH['WH-CSH']}, {p1}, 'reserved', 'reserve',"
        f" 20, 'order', 1, 1, {day}, {now}, NULL)",
        "UPDATE stock_balance SET reserved = 20"
        f" WHERE warehouse_id = {WH['WH-CSH']} AND product_id = {p1}")
    b = login("warehouse")
    cid = count_id(open_count(b, "WH-CSH"))
    assert enter(b, cid, f"{prods[1][1]} 12").status == 303
    r = post(b, cid)
    assert r.status == 409 and "reserved" in codes(r), r
    assert "20" in r.doc.findtext("messages/message")
    assert balance(db, "WH-CSH", p1) == (30, cid)
    assert db.scalar(f"SELECT status FROM stock_doc WHERE id = {cid}") == \
        "draft"
    assert enter(b, cid, f"{prods[1][1]} 25").status == 303
    assert post(b, cid).status == 303
    assert balance(db, "WH-CSH", p1) == (25, None)


def test_every_statement_prepares(env):
    """Every statement of the program (this module's sort variants among
    them) prepares on the engine."""
    out = env[0].run("check", "--sql").stdout
    assert re.search(r"\d+ statements prepared, 0 failed", out), out
