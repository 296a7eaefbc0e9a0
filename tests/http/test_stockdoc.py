"""test_stockdoc.py - stock documents (issue 6): receipts, issues, damage,
returns and transfers at /stock/docs, their posting through the stock
ledger, the goods in transit (/stock/transit), the XML import, print and
CSV, and the scope of every output.

Each database kind gets a database of its own: `qudao demo --no-channel`
(20 products), the channel of channel.py and the warehouses and opening
stock of stockenv.py; the setting stock.damage_approval is 1,000.00.  The
database is the oracle: after every test each balance equals the sum of
its moves, never below zero (stockenv.check_stock, `qudao check --stock`).
"""
import concurrent.futures
import csv
import datetime
import io
import re
import urllib.parse

import pytest

import stack as qs
import stockenv
from test_feed import Browser as FeedBrowser

PW = qs.DEMO_PASSWORD
WH = stockenv.WH
THRESHOLD = 100000  # 1,000.00


class Browser(FeedBrowser):
    demo_password = PW

    def xml(self, target):
        r = self.get(target, xml=True)
        qs.assert_valid_page(r)
        return r

    def html(self, target):
        r = self.get(target)
        assert r.status == 200, r
        return qs.assert_html_page(r)

    def post_pairs(self, target, pairs, xml=True):
        """POST fields that repeat (the receive form), in order."""
        body = urllib.parse.urlencode(list(pairs) + [("csrf", self.csrf())])
        h = dict(qs.XML_ACCEPT) if xml else {}
        return self._keep(self.c.post(
            target, body, "application/x-www-form-urlencoded",
            self.headers(h)))

    def import_file(self, text, xml=True):
        return self.multipart("/stock/docs/import",
                              {"file": ("docs.xml", "application/xml",
                                        text.encode("utf-8"))}, xml=xml)


def set_threshold(db):
    db.write("INSERT INTO setting (name, val, version) VALUES"
             f" ('stock.damage_approval', '{THRESHOLD}', 1)")


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from stockenv.environment(db_kind, tmp_path_factory, "stockdoc",
                                    PW, set_threshold)


@pytest.fixture(scope="module")
def login(env):
    """login(name): a signed-in Browser, one session per login."""
    return qs.logins(env[1], Browser)


@pytest.fixture(autouse=True)
def ledger_holds(env):
    """After every test: every balance is the sum of its moves and none is
    negative (qudao check --stock agrees)."""
    yield
    db = env[0]
    assert db.query("SELECT warehouse_id, product_id FROM stock_balance"
                    " WHERE on_hand < 0 OR in_transit < 0 OR reserved < 0"
                    " OR reserved > on_hand") == []
    stockenv.check_stock(db)


# ------------------------------------------------------------------ helpers

@pytest.fixture(scope="module")
def P(env):
    """Product index -> (id, code, list price)."""
    rows = env[0].query("SELECT id, code, list_price FROM product"
                        " ORDER BY id")
    return [(int(i), c, int(p)) for i, c, p in rows]


def bal(db, wh, pid, col="on_hand"):
    rows = db.query(f"SELECT {col} FROM stock_balance WHERE warehouse_id ="
                    f" {WH[wh]} AND product_id = {pid}")
    return int(rows[0][0]) if rows else 0


def n_docs(db):
    return int(db.scalar("SELECT COUNT(*) FROM stock_doc"))


def n_moves(db):
    return int(db.scalar("SELECT COUNT(*) FROM stock_move"))


def today(days=0):
    return (datetime.datetime.now(datetime.timezone.utc).date()
            + datetime.timedelta(days=days)).isoformat()


def messages(resp):
    return {(m.get("field"), m.get("code"))
            for m in resp.doc.findall("messages/message")}


def form_token(b, kind):
    r = b.xml(f"/stock/docs/new.xml?kind={kind}")
    assert r.status == 200, r
    return r.doc.find("stockdoc-form").get("token")


def create(b, kind, wh, lines, xml=True, token=None, **kw):
    """POST a new document's form; the response."""
    f = {"token": token or form_token(b, kind), "kind": kind,
         "warehouse": str(WH[wh]) if wh in WH else wh, "lines": lines}
    if kind in ("receipt", "issue", "damage") and "reason" not in kw:
        f["reason"] = {"receipt": "purchase", "issue": "sale",
                       "damage": "broken"}[kind]
    if "dest" in kw and kw["dest"] in WH:
        kw["dest"] = str(WH[kw["dest"]])
    f.update(kw)
    return b.post("/stock/docs/new", f, xml=xml)


def made(b, kind, wh, lines, **kw):
    """Create a draft; its id."""
    r = create(b, kind, wh, lines, **kw)
    assert r.status == 303, (r, r.text)
    m = re.fullmatch(r"/stock/docs/(\d+)\?done=created", r.header("Location"))
    assert m, r.header("Location")
    return int(m.group(1))


def doc(b, did):
    r = b.xml(f"/stock/docs/{did}.xml")
    assert r.status == 200, r
    return r.doc.find("stockdoc")


def act(b, did, action, version=None, fields=None, csrf=True):
    if version is None:
        version = doc(b, did).get("version")
    f = {"version": version}
    f.update(fields or {})
    r = b.post(f"/stock/docs/{did}/{action}", f, csrf=csrf, xml=True)
    if r.is_xml and r.body:
        qs.assert_valid_page(r)
    return r


def done(r):
    assert r.status == 303, (r, r.text if r.body else "")
    return r.header("Location").rsplit("done=", 1)[-1]


# ------------------------------------------------------------------ receipts

def test_receipt_create_edit_post(env, login, P):
    db, _ = env
    b = login("wh-sh")
    before = bal(db, "WH-SH", P[2][0])
    did = made(b, "receipt", "WH-SH", f"{P[2][1]} 10\n{P[4][1]} 5 第二层货架\n",
               ref_no="PO-001", note="供应商送货 & 验收")
    d = doc(b, did)
    assert d.get("status") == "draft" and d.get("kind") == "receipt"
    assert re.fullmatch(rf"RK-{today().replace('-', '')}-0*{did}",
                        d.get("doc-no")), d.get("doc-no")
    assert d.get("can-post") == "true" and d.get("can-edit") == "true"
    assert [(x.get("code"), x.get("qty")) for x in d.findall("line")] == \
        [(P[2][1], "10"), (P[4][1], "5")]
    assert d.find("line[2]").get("note") == "第二层货架"
    assert d.get("note") == "供应商送货 & 验收"
    assert bal(db, "WH-SH", P[2][0]) == before  # a draft moves nothing
    # the edit form shows the lines as typed; a save bumps the version
    f = b.xml(f"/stock/docs/{did}/edit.xml").doc.find("stockdoc-form")
    assert f.get("lines").splitlines() == [f"{P[2][1]} 10",
                                           f"{P[4][1]} 5 第二层货架"]
    old = f.get("version")
    r = b.post(f"/stock/docs/{did}/edit",
               {"version": old, "warehouse": str(WH["WH-SH"]),
                "reason": "production", "lines": f"{P[2][1]} 12",
                "doc_on": today()})
    assert done(r) == "saved"
    d = doc(b, did)
    assert d.get("reason") == "production" and d.get("qty") == "12"
    # the same stale version again: 409 with the current one, nothing saved
    r = b.post(f"/stock/docs/{did}/edit",
               {"version": old, "warehouse": str(WH["WH-SH"]),
                "reason": "purchase", "lines": f"{P[2][1]} 99"}, xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    f = r.doc.find("stockdoc-form")
    assert f.get("lines") == f"{P[2][1]} 99"
    assert f.find("conflict").get("version") == d.get("version")
    assert doc(b, did).get("qty") == "12"
    # post: the moves, once
    v = doc(b, did).get("version")
    assert done(act(b, did, "post", v)) == "posted"
    assert bal(db, "WH-SH", P[2][0]) == before + 12
    d = doc(b, did)
    assert d.get("status") == "posted" and d.get("posted-by") == "wh-sh"
    assert [(m.get("code"), m.get("kind"), m.get("qty"))
            for m in d.findall("move")] == [(P[2][1], "receipt", "12")]
    assert d.get("can-edit") is None and d.get("can-post") is None
    # a second click of the same form changes nothing
    n = n_moves(db)
    assert done(act(b, did, "post", v)) == "already"
    assert n_moves(db) == n and bal(db, "WH-SH", P[2][0]) == before + 12
    # a posted document is not edited
    assert b.get(f"/stock/docs/{did}/edit").status == 409
    acts = [x[0] for x in db.query(
        "SELECT action FROM audit_log WHERE entity = 'stock_doc'"
        f" AND entity_id = {did} ORDER BY at, id")]
    assert acts == ["create", "edit", "post"]
    assert [e.get("action") for e in d.findall("history/entry")] == \
        ["post", "edit", "create"]
    # HTML pages parse and keep to the rules
    root = b.html(f"/stock/docs/{did}?done=posted")
    assert P[2][1] in root.text_content()
    b.html(f"/stock/docs/{did}/print")
    r = b.xml(f"/stock/docs/{did}/print.xml")
    p = r.doc.find("stockdoc-print")
    assert p.get("doc-no") == d.get("doc-no") and len(p.findall("line")) == 1


def test_every_form_renders(env, login):
    b = login("wh-sh")
    for kind in ("receipt", "issue", "transfer", "damage", "return"):
        root = b.html(f"/stock/docs/new?kind={kind}")
        assert root.find(".//textarea[@name='lines']") is not None
        f = b.xml(f"/stock/docs/new.xml?kind={kind}").doc.find(
            "stockdoc-form")
        assert f.get("kind") == kind and f.get("doc-on") == today()
        assert {w.get("code") for w in f.findall("warehouse")} == \
            {"WH-SH", "WH-ASH", "WH-CSH", "WH-OLD"}
        # the destination may be any active warehouse of the company
        assert {w.get("code") for w in f.findall("dest")} == (
            {"WH-HQ", "WH-SH", "WH-GZ", "WH-ASH", "WH-CSH"}
            if kind == "transfer" else set())
    assert b.xml("/stock/docs/new.xml").doc.find("stockdoc-form") \
        .get("kind") == "receipt"
    assert b.get("/stock/docs/new?kind=count").status == 400
    b.html("/stock/docs")
    b.html("/stock/transit")


def test_same_form_twice_makes_one_draft(env, login, P):
    db, _ = env
    b = login("wh-sh")
    token = form_token(b, "receipt")
    n = n_docs(db)
    r1 = create(b, "receipt", "WH-SH", f"{P[0][1]} 1", token=token)
    r2 = create(b, "receipt", "WH-SH", f"{P[0][1]} 1", token=token)
    assert done(r1) == "created" and done(r2) == "duplicate"
    assert n_docs(db) == n + 1
    # a token the server never handed out
    assert create(b, "receipt", "WH-SH", f"{P[0][1]} 1",
                  token="999999999999").status == 400


def test_bad_input_is_refused_and_kept(env, login, P):
    db, _ = env
    b = login("wh-sh")
    n = n_docs(db)
    for qty in ("-1", "0", "1.5", "99999999999", "x"):
        r = create(b, "receipt", "WH-SH", f"{P[0][1]} {qty}")
        assert r.status == 422, (qty, r)
        qs.assert_valid_page(r)
        assert ("lines", "bad_qty") in messages(r), messages(r)
        assert r.doc.find("stockdoc-form").get("lines") == f"{P[0][1]} {qty}"
    r = create(b, "receipt", "WH-SH", f"{P[0][1]} 2\nNO-SUCH 3\n{P[0][1]} 1")
    assert r.status == 422
    texts = [m.text for m in r.doc.findall("messages/message")]
    assert any(t.startswith("line 2:") for t in texts), texts
    assert ("lines", "duplicate") in messages(r)
    # the HTML form again, as typed
    r = create(b, "issue", "WH-SH", "NO-SUCH 3", xml=False)
    assert r.status == 422
    area = qs.assert_html_page(r).find(".//textarea[@name='lines']")
    assert area.text == "NO-SUCH 3"
    # missing reason, a date in the future, a closed warehouse
    r = create(b, "issue", "WH-SH", f"{P[0][1]} 1", reason="")
    assert ("reason", "required") in messages(r)
    r = create(b, "issue", "WH-SH", f"{P[0][1]} 1", doc_on=today(2))
    assert ("doc_on", "future_date") in messages(r)
    r = create(b, "receipt", "WH-OLD", f"{P[0][1]} 1")
    assert r.status == 422 and ("warehouse", "closed") in messages(r)
    # an unknown warehouse, and another branch's: both 404
    assert create(b, "receipt", "999999", f"{P[0][1]} 1").status == 404
    assert create(b, "receipt", "WH-GZ", f"{P[0][1]} 1").status == 404
    # a transfer to itself, or to nowhere
    r = create(b, "transfer", "WH-SH", f"{P[0][1]} 1", dest="WH-SH")
    assert ("dest", "same_warehouse") in messages(r)
    assert create(b, "transfer", "WH-SH", f"{P[0][1]} 1",
                  dest="999999").status == 404
    assert n_docs(db) == n


def test_issue_short_is_refused_whole(env, login, P):
    db, _ = env
    b = login("wh-sh")
    # P0 has stock at WH-SH, P2 has none
    p0 = bal(db, "WH-SH", P[0][0])
    did = made(b, "issue", "WH-SH", f"{P[0][1]} 1\n{P[2][1]} 100000")
    n = n_moves(db)
    r = act(b, did, "post")
    assert r.status == 409, r
    msg = [m for m in r.doc.findall("messages/message")
           if m.get("code") == "stock_short"]
    assert msg and P[2][1] in msg[0].text and "line 2" in msg[0].text, \
        [m.text for m in r.doc.findall("messages/message")]
    assert "available" in msg[0].text
    assert r.doc.find("stockdoc").get("status") == "draft"
    assert n_moves(db) == n and bal(db, "WH-SH", P[0][0]) == p0
    # a transfer is shipped, not posted; the other way round too
    t = made(b, "transfer", "WH-SH", f"{P[0][1]} 1", dest="WH-GZ")
    r = act(b, t, "post")
    assert r.status == 409 and ("wrong_kind" in
                                {m.get("code") for m in
                                 r.doc.findall("messages/message")})
    assert act(b, did, "ship").status == 409
    # cancel: a draft only, and then nothing more
    assert done(act(b, did, "cancel")) == "cancelled"
    assert doc(b, did).get("status") == "cancelled"
    assert act(b, did, "post").status == 409
    assert done(act(b, t, "cancel")) == "cancelled"


# ------------------------------------------------------------------ the race

def test_200_issues_against_the_last_50(env, login, P, tmp_path_factory):
    """200 drafts issuing one unit each of a product with 50 in stock,
    posted at once through several workers: exactly 50 posted, 150
    refused with 409 naming the product, stock 0, never below."""
    db, st = env
    pid, code = P[5][0], P[5][1]
    b = login("wh-gz")
    rec = made(b, "receipt", "WH-GZ", f"{code} 50")
    assert done(act(b, rec, "post")) == "posted"
    assert bal(db, "WH-GZ", pid) == 50
    docs = "".join(
        f'<doc kind="issue" warehouse="WH-GZ" date="{today()}"'
        f' reason="sale" ref="R-{i}"><line code="{code}" qty="1"/></doc>'
        for i in range(200))
    r = b.import_file(f"<stock-docs>{docs}</stock-docs>")
    assert r.status == 200, (r, r.text[:2000])
    ids = [int(x.get("id"))
           for x in r.doc.findall("stockdoc-import/created-doc")]
    assert len(ids) == 200
    big = qs.Stack(tmp_path_factory.mktemp("stockdoc-race") / "var",
                   db.connstr, workers=6)
    big.start()
    try:
        w = Browser(big).login("wh-gz")
        token = w.csrf()

        def post(did):
            return w.post(f"/stock/docs/{did}/post", {"version": "1"},
                          csrf=token, xml=True)
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            out = list(ex.map(post, ids))
    finally:
        big.stop()
        assert not big.sanitizer_reports(), big.sanitizer_reports()[:10]
    statuses = sorted(x.status for x in out)
    assert statuses.count(303) == 50, statuses
    assert statuses.count(409) == 150, statuses
    for x in out:
        if x.status == 409:
            qs.assert_valid_page(x)
            m = x.doc.find("messages/message[@code='stock_short']")
            assert m is not None and code in m.text and "0 available" in \
                m.text, x.text[:600]
    assert bal(db, "WH-GZ", pid) == 0
    rows = db.query("SELECT status, COUNT(*) FROM stock_doc WHERE id IN"
                    f" ({','.join(map(str, ids))}) GROUP BY status")
    assert dict((s, int(n)) for s, n in rows) == {"posted": 50, "draft": 150}
    assert int(db.scalar("SELECT COUNT(*) FROM stock_move WHERE"
                         f" product_id = {pid} AND kind = 'issue'")) == 50


def test_ship_and_issue_race_for_the_same_stock(env, login, P):
    db, _ = env
    b = login("wh-sh")
    pid, code = P[3][0], P[3][1]
    have = bal(db, "WH-SH", pid)
    assert have > 0
    t = made(b, "transfer", "WH-SH", f"{code} {have}", dest="WH-HQ")
    i = made(b, "issue", "WH-SH", f"{code} {have}")
    tv, iv = doc(b, t).get("version"), doc(b, i).get("version")
    token = b.csrf()
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        ft = ex.submit(lambda: b.post(f"/stock/docs/{t}/ship",
                                      {"version": tv}, csrf=token, xml=True))
        fi = ex.submit(lambda: b.post(f"/stock/docs/{i}/post",
                                      {"version": iv}, csrf=token, xml=True))
        rt, ri = ft.result(), fi.result()
    assert sorted((rt.status, ri.status)) == [303, 409], (rt, ri)
    assert bal(db, "WH-SH", pid) == 0
    if rt.status == 303:
        assert bal(db, "WH-HQ", pid, "in_transit") == have
        # bring the goods in, so the transit list is tidy for later tests
        h = login("warehouse")
        assert done(act(h, t, "receive")) == "received"
    else:
        assert done(act(b, t, "cancel")) == "cancelled"


def test_backdated_post_into_a_closed_period(env, login, P):
    db, _ = env
    b = login("wh-gz")
    did = made(b, "issue", "WH-GZ", f"{P[0][1]} 1", doc_on="2026-01-15")
    db.write(f"UPDATE warehouse SET closed_through = '2026-01-31'"
             f" WHERE id = {WH['WH-GZ']}")
    try:
        n, have = n_moves(db), bal(db, "WH-GZ", P[0][0])
        r = act(b, did, "post")
        assert r.status == 409, r
        m = r.doc.find("messages/message[@code='period_closed']")
        assert m is not None and "WH-GZ" in m.text
        assert doc(b, did).get("status") == "draft"
        assert n_moves(db) == n and bal(db, "WH-GZ", P[0][0]) == have
    finally:
        db.write("UPDATE warehouse SET closed_through = NULL"
                 f" WHERE id = {WH['WH-GZ']}")
    assert done(act(b, did, "post")) == "posted"


# ------------------------------------------------------------------ transfers

def test_transfer_ship_and_partial_receipt(env, login, P):
    db, _ = env
    s, g = login("wh-sh"), login("wh-gz")
    p0, p1 = P[0], P[1]
    sh0, gz0 = bal(db, "WH-SH", p0[0]), bal(db, "WH-GZ", p0[0])
    did = made(s, "transfer", "WH-SH", f"{p0[1]} 10\n{p1[1]} 5",
               dest="WH-GZ")
    assert doc(s, did).get("can-ship") == "true"
    # the receiving branch sees it, but cannot ship it
    assert g.xml(f"/stock/docs/{did}.xml").status == 200
    assert act(g, did, "ship", "1").status == 404
    assert done(act(s, did, "ship")) == "shipped"
    assert bal(db, "WH-SH", p0[0]) == sh0 - 10
    assert bal(db, "WH-GZ", p0[0], "in_transit") == 10
    assert bal(db, "WH-GZ", p1[0], "in_transit") == 5
    # in transit, for both sides
    for who in (s, g):
        r = who.xml("/stock/transit.xml")
        tr = [x for x in r.doc.findall("stock-transit/transit")
              if x.get("id") == str(did)]
        assert len(tr) == 1 and tr[0].get("days") == "0"
        assert tr[0].get("dest-code") == "WH-GZ" and tr[0].get("qty") == "15"
        assert [x.get("code") for x in tr[0].findall("line")] == \
            [p0[1], p1[1]]
    r = s.xml(f"/stock/transit.xml?dest={WH['WH-GZ']}")
    by = {x.get("code"): x for x in r.doc.findall("stock-transit/by-dest")}
    assert int(by["WH-GZ"].get("qty")) >= 15
    text = s.get("/stock/transit.csv").body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("doc_no,shipped_on,days,source")
    assert sum(p0[1] in line for line in text.splitlines()) >= 1
    s.html("/stock/transit")
    # the sender does not receive (the destination is not its)
    assert s.get(f"/stock/docs/{did}/receive").status == 404
    assert act(s, did, "receive").status == 404
    # the receiver: the form, then a shortfall needs a reason
    r = g.xml(f"/stock/docs/{did}/receive.xml")
    assert [x.get("qty") for x in
            r.doc.findall("stockdoc-receive/line")] == ["10", "5"]
    g.html(f"/stock/docs/{did}/receive")
    r = g.post_pairs(f"/stock/docs/{did}/receive",
                     [("version", doc(g, did).get("version")),
                      ("received", "8"), ("reason", ""), ("received", ""),
                      ("reason", "")])
    assert r.status == 422 and ("reason", "required") in messages(r), r
    qs.assert_valid_page(r)
    assert r.doc.find("stockdoc-receive/line").get("received") == "8"
    r = g.post_pairs(f"/stock/docs/{did}/receive",
                     [("version", doc(g, did).get("version")),
                      ("received", "11"), ("reason", ""), ("received", ""),
                      ("reason", "")])
    assert r.status == 422 and ("received", "bad_qty") in messages(r)
    r = g.post_pairs(f"/stock/docs/{did}/receive",
                     [("version", doc(g, did).get("version")),
                      ("received", "8"), ("reason", "damaged"),
                      ("received", ""), ("reason", "")], xml=False)
    assert done(r) == "received"
    assert bal(db, "WH-GZ", p0[0]) == gz0 + 8
    assert bal(db, "WH-GZ", p0[0], "in_transit") == 0
    assert bal(db, "WH-GZ", p1[0], "in_transit") == 0
    d = doc(g, did)
    assert d.get("status") == "received" and d.get("loss") == "2"
    lines = d.findall("line")
    assert (lines[0].get("qty-done"), lines[0].get("loss"),
            lines[0].get("reason")) == ("8", "2", "damaged")
    assert (lines[1].get("qty-done"), lines[1].get("reason")) == ("5", None)
    # the loss column of the list
    r = s.xml("/stock/docs.xml?kind=transfer&status=received")
    row = [x for x in r.doc.findall("stockdoc-list/doc")
           if x.get("id") == str(did)][0]
    assert row.get("loss") == "2"
    assert not [x for x in s.xml("/stock/transit.xml").doc.findall(
        "stock-transit/transit") if x.get("id") == str(did)]
    # receiving twice changes nothing
    assert done(act(g, did, "receive", d.get("version"))) == "already"


def test_transfer_posted_at_once_names_the_first_refused_line(env, login, P):
    """2026-11-27, issue 6 (set-based posting): a document's lines are
    posted at once, and a refusal names the line the line-by-line posting
    refused first -- the first in product order, whatever the order typed
    -- with the stock it found; nothing is written.  A frozen row; a new
    balance row at the destination; shipped, then received in part."""
    db, _ = env
    h = login("warehouse")
    p0, p1, p2, p3 = P[0], P[1], P[2], P[3]
    have = {p[0]: bal(db, "WH-HQ", p[0]) for p in (p0, p1, p2, p3)}
    assert min(have.values()) > 2, have
    # P2 and P3 are both short; P2 comes first by product
    t = made(h, "transfer", "WH-HQ",
             f"{p3[1]} {have[p3[0]] + 1}\n{p0[1]} 1\n"
             f"{p2[1]} {have[p2[0]] + 5}\n{p1[1]} 2", dest="WH-GZ")
    n = n_moves(db)
    r = act(h, t, "ship")
    assert r.status == 409, r
    m = r.doc.find("messages/message[@code='stock_short']")
    assert m is not None and m.text.startswith(f"line 3: {p2[1]} "), \
        [x.text for x in r.doc.findall("messages/message")]
    assert f"in WH-HQ: {have[p2[0]]} available" in m.text, m.text
    assert doc(h, t).get("status") == "draft" and n_moves(db) == n
    assert {p[0]: bal(db, "WH-HQ", p[0]) for p in (p0, p1, p2, p3)} == have
    assert done(act(h, t, "cancel")) == "cancelled"

    # a stocktake holds P1 at the source: typed second, moved first; the
    # consignment warehouse has never held P0
    assert db.query("SELECT on_hand FROM stock_balance WHERE warehouse_id ="
                    f" {WH['WH-CSH']} AND product_id = {p0[0]}") == []
    t = made(h, "transfer", "WH-HQ", f"{p1[1]} 2\n{p0[1]} 1", dest="WH-CSH")
    db.write("UPDATE stock_balance SET frozen_by = 999999999 WHERE"
             f" warehouse_id = {WH['WH-HQ']} AND product_id = {p1[0]}")
    try:
        r = act(h, t, "ship")
    finally:
        db.write("UPDATE stock_balance SET frozen_by = NULL WHERE"
                 f" warehouse_id = {WH['WH-HQ']} AND product_id = {p1[0]}")
    assert r.status == 409, r
    m = r.doc.find("messages/message[@code='stock_frozen']")
    assert m is not None and m.text.startswith(f"line 1: {p1[1]} ") and \
        m.text.endswith("a stocktake holds this product in WH-HQ"), m.text
    assert n_moves(db) == n
    assert done(act(h, t, "ship")) == "shipped"
    assert n_moves(db) == n + 4
    assert bal(db, "WH-HQ", p1[0]) == have[p1[0]] - 2
    assert db.query("SELECT on_hand, in_transit FROM stock_balance WHERE"
                    f" warehouse_id = {WH['WH-CSH']} AND product_id ="
                    f" {p0[0]}") == [["0", "1"]]
    c1 = bal(db, "WH-CSH", p1[0])
    assert bal(db, "WH-CSH", p1[0], "in_transit") >= 2
    r = h.post_pairs(f"/stock/docs/{t}/receive",
                     [("version", doc(h, t).get("version")),
                      ("received", "1"), ("reason", "lost"),
                      ("received", ""), ("reason", "")])
    assert done(r) == "received"
    assert n_moves(db) == n + 8
    assert bal(db, "WH-CSH", p1[0]) == c1 + 1
    assert bal(db, "WH-CSH", p0[0]) == 1
    assert bal(db, "WH-CSH", p0[0], "in_transit") == 0
    lines = doc(h, t).findall("line")
    assert [(x.get("qty-done"), x.get("reason")) for x in lines] == \
        [("1", "lost"), ("1", None)]


def test_transfer_to_a_consignment_warehouse_is_seen_by_the_agent(env, login,
                                                                  P):
    b, a = login("warehouse"), login("agent-t-sh")
    did = made(b, "transfer", "WH-HQ", f"{P[1][1]} 3", dest="WH-CSH")
    assert done(act(b, did, "ship")) == "shipped"
    r = a.xml(f"/stock/docs/{did}.xml")
    assert r.status == 200 and r.doc.find("stockdoc").get("can-receive") \
        is None  # agents hold no stock.post
    assert str(did) in {x.get("id") for x in
                        a.xml("/stock/transit.xml").doc.findall(
                            "stock-transit/transit")}
    assert a.post(f"/stock/docs/{did}/receive", {"version": "2"},
                  xml=True).status == 403
    assert done(act(b, did, "receive")) == "received"


# ------------------------------------------------------------------ returns, damage

def test_return_sellable_and_damaged(env, login, P):
    db, _ = env
    b = login("wh-sh")
    p0, p1 = P[0], P[1]
    h0, h1 = bal(db, "WH-SH", p0[0]), bal(db, "WH-SH", p1[0])
    r = create(b, "return", "WH-SH", f"{p0[1]} 3", party="D-GZ1",
               damaged=f"{p1[1]} 2")
    assert r.status == 422 and ("party", "no_party") in messages(r)
    r = create(b, "return", "WH-SH", "", party="D-SH1")
    assert ("lines", "required") in messages(r)
    did = made(b, "return", "WH-SH", f"{p0[1]} 3", party="D-SH1",
               damaged=f"{p1[1]} 2 外包装破损")
    d = doc(b, did)
    assert d.get("party-code") == "D-SH1"
    assert [(x.get("code"), x.get("cond")) for x in d.findall("line")] == \
        [(p0[1], "sellable"), (p1[1], "damaged")]
    f = b.xml(f"/stock/docs/{did}/edit.xml").doc.find("stockdoc-form")
    assert f.get("lines").strip() == f"{p0[1]} 3"
    assert f.get("damaged").strip() == f"{p1[1]} 2 外包装破损"
    assert done(act(b, did, "post")) == "posted"
    assert bal(db, "WH-SH", p0[0]) == h0 + 3
    assert bal(db, "WH-SH", p1[0]) == h1
    moves = sorted((m.get("code"), m.get("kind"), m.get("qty"))
                   for m in doc(b, did).findall("move"))
    assert moves == sorted([(p0[1], "return", "3"), (p1[1], "return", "2"),
                            (p1[1], "damage", "-2")])


def test_damage_value_and_approval(env, login, P):
    db, _ = env
    clerk, mgr = login("wh-sh"), login("mgr-sh")
    p0 = P[0]
    # below the threshold: posted at once, valued at the list price
    small = made(clerk, "damage", "WH-SH", f"{p0[1]} 1")
    d = doc(clerk, small)
    assert d.find("line").get("price") == str(p0[2])
    assert d.get("amount") == str(p0[2]) and d.get("needs-approval") is None
    have = bal(db, "WH-SH", p0[0])
    assert done(act(clerk, small, "post")) == "posted"
    assert bal(db, "WH-SH", p0[0]) == have - 1
    # above it: pending, no moves, until someone with stock.approve says so
    big = made(clerk, "damage", "WH-SH", f"{p0[1]} 2 600.00 水浸")
    d = doc(clerk, big)
    assert d.get("amount") == "120000" and d.get("needs-approval") == "true"
    n = n_moves(db)
    assert done(act(clerk, big, "post")) == "pending"
    assert doc(clerk, big).get("status") == "pending" and n_moves(db) == n
    assert act(clerk, big, "approve").status == 403
    assert doc(mgr, big).get("can-approve") == "true"
    # sent back to draft, posted again, approved
    assert done(act(mgr, big, "reject")) == "rejected"
    assert doc(clerk, big).get("status") == "draft"
    assert done(act(clerk, big, "post")) == "pending"
    assert done(act(mgr, big, "approve")) == "approved"
    assert bal(db, "WH-SH", p0[0]) == have - 3
    d = doc(mgr, big)
    assert d.get("status") == "posted" and d.get("posted-by") == "mgr-sh"
    assert [e.get("action") for e in d.findall("history/entry")][:4] == \
        ["approve", "pending", "reject", "pending"]
    # a value that does not fit
    r = create(clerk, "damage", "WH-SH",
               f"{p0[1]} 1000000000 9999999999999999.00")
    assert r.status == 422 and ("lines", "too_large") in messages(r)


# ------------------------------------------------------------------ import

def docs_xml(*docs):
    return '<?xml version="1.0" encoding="UTF-8"?>\n<stock-docs>\n' + \
        "".join(docs) + "</stock-docs>\n"


def doc_xml(kind, wh, lines, **kw):
    attrs = "".join(f' {k}="{v}"' for k, v in kw.items())
    body = "".join(f'    <line code="{c}" qty="{q}"/>\n' for c, q in lines)
    return (f'  <doc kind="{kind}" warehouse="{wh}" date="{today()}"{attrs}>'
            f'\n{body}  </doc>\n')


def test_import_all_or_nothing(env, login, P):
    db, st = env
    b = login("wh-sh")
    b.html("/stock/docs/import")
    assert b.xml("/stock/docs/import.xml").status == 200
    good = [doc_xml("receipt", "WH-SH", [(P[6][1], 4)], reason="purchase",
                    ref="PO-77"),
            doc_xml("issue", "WH-SH", [(P[0][1], 1), (P[1][1], 2)],
                    reason="sample"),
            doc_xml("transfer", "WH-SH", [(P[0][1], 1)], dest="WH-HQ")]
    n = n_docs(db)
    r = b.import_file(docs_xml(*good))
    assert r.status == 200, (r, r.text[:1000])
    qs.assert_valid_page(r)
    imp = r.doc.find("stockdoc-import")
    assert imp.get("state") == "done" and imp.get("created") == "3"
    made_ = imp.findall("created-doc")
    assert [x.get("kind") for x in made_] == ["receipt", "issue", "transfer"]
    assert n_docs(db) == n + 3
    d = doc(b, made_[0].get("id"))
    assert d.get("status") == "draft" and d.get("ref-no") == "PO-77"
    assert d.get("doc-no").startswith("RK-")
    assert doc(b, made_[2].get("id")).get("dest-code") == "WH-HQ"
    # one bad document among good ones: nothing at all
    bad = [doc_xml("issue", "WH-SH", [(P[0][1], 1), ("NO-SUCH", 2)],
                   reason="sale"),
           doc_xml("receipt", "WH-SH", [(P[0][1], 1)], reason="sale"),
           doc_xml("receipt", "WH-GZ", [(P[0][1], 1)], reason="purchase")]
    n = n_docs(db)
    audits = int(db.scalar("SELECT COUNT(*) FROM audit_log"))
    r = b.import_file(docs_xml(good[0], *bad))
    assert r.status == 422, r
    qs.assert_valid_page(r)
    errs = {(e.get("doc"), e.get("line"), e.get("field"), e.get("code"))
            for e in r.doc.findall("stockdoc-import/error")}
    assert errs == {("2", "2", "code", "no_product"),
                    ("3", None, "reason", "bad_reason"),
                    ("4", None, "warehouse", "no_warehouse")}, errs
    assert all(e.get("xml-line") for e in
               r.doc.findall("stockdoc-import/error"))
    assert n_docs(db) == n
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log")) == audits
    # schema errors name the document, line and field
    r = b.import_file(docs_xml(good[0], doc_xml("issue", "WH-SH",
                                                [(P[0][1], "1.5")],
                                                reason="sale")))
    assert r.status == 422
    e = r.doc.findall("stockdoc-import/error")
    assert [(x.get("doc"), x.get("line"), x.get("field"), x.get("code"))
            for x in e] == [("2", "1", "qty", "schema")]
    r = b.import_file(docs_xml(doc_xml("issue", "WH-SH", [(P[0][1], "-3")],
                                       reason="sale")))
    assert r.status == 422
    # broken XML, a DOCTYPE, no file
    r = b.import_file("<stock-docs><doc>")
    assert r.status == 400 and r.error_code == "bad_xml"
    r = b.import_file('<!DOCTYPE x [<!ENTITY e "x">]><stock-docs/>')
    assert r.status == 400
    assert b.multipart("/stock/docs/import", {}).status == 400
    assert n_docs(db) == n
    # the HTML report
    r = b.import_file(docs_xml(*bad), xml=False)
    assert r.status == 422
    assert "NO-SUCH" in qs.assert_html_page(r).text_content()


def test_import_as_xml_body_with_an_api_key(env, login, P):
    db, st = env
    a = login("admin")
    r = a.post("/account/keys", {"label": "WMS"}, xml=True)
    assert r.status == 200, r
    key = r.doc.find("api-keys").get("new-key")
    h = {"Authorization": f"Bearer {key}", "Accept": "application/xml"}
    text = docs_xml(doc_xml("receipt", "WH-HQ", [(P[7][1], 9)],
                            reason="production"))
    r = st.post("/stock/docs/import.xml", text, "application/xml", h)
    assert r.status == 200, (r, r.text[:500])
    qs.assert_valid_page(r)
    did = r.doc.find("stockdoc-import/created-doc").get("id")
    assert db.scalar(f"SELECT status FROM stock_doc WHERE id = {did}") \
        == "draft"
    # without a key: refused
    r = st.post("/stock/docs/import.xml", text, "application/xml",
                {"Accept": "application/xml"})
    assert r.status == 401


# ------------------------------------------------------------------ list, scope

def test_list_filters_sort_csv(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml("/stock/docs.xml")
    lst = r.doc.find("stockdoc-list")
    assert lst.get("sort") == "date" and lst.get("dir") == "desc"
    total = int(lst.get("total"))
    assert total > 0 and len(lst.findall("doc")) == min(total, 50)
    r = b.xml("/stock/docs.xml?kind=receipt&status=posted")
    kinds = {(x.get("kind"), x.get("status"))
             for x in r.doc.findall("stockdoc-list/doc")}
    assert kinds == {("receipt", "posted")}
    r = b.xml(f"/stock/docs.xml?warehouse={WH['WH-GZ']}&sort=no&dir=asc")
    rows = r.doc.findall("stockdoc-list/doc")
    assert rows and all(WH["WH-GZ"] in (int(x.get("warehouse-id")),
                                        int(x.get("dest-id") or 0))
                        for x in rows)
    nos = [x.get("doc-no") for x in rows]
    assert nos == sorted(nos)
    r = b.xml("/stock/docs.xml?q=PO-7")
    assert {x.get("ref-no") for x in r.doc.findall("stockdoc-list/doc")} \
        == {"PO-77"}
    r = b.xml(f"/stock/docs.xml?from={today(1)}")
    assert r.doc.find("stockdoc-list").get("total") == "0"
    r = b.xml("/stock/docs.xml?from=2026-01-01&to=2026-01-31")
    assert {x.get("doc-on")[:7] for x in
            r.doc.findall("stockdoc-list/doc")} <= {"2026-01"}
    assert b.get("/stock/docs.xml?from=yesterday").status == 400
    r = b.xml("/stock/docs.xml?page=2")
    assert r.doc.find("stockdoc-list").get("page") in ("1", "2")
    text = b.get("/stock/docs.csv?kind=transfer").body.decode("utf-8-sig")
    head, *body = text.splitlines()
    assert head.startswith("doc_no,kind,status,doc_on,warehouse,dest")
    assert body and all(",transfer," in line for line in body)
    b.html("/stock/docs?kind=issue&sort=warehouse&dir=asc")


def test_scope_everywhere(env, login, P):
    db, _ = env
    gz = login("wh-gz")
    sh_doc = made(login("wh-sh"), "receipt", "WH-SH", f"{P[0][1]} 1")
    for path in (f"/stock/docs/{sh_doc}", f"/stock/docs/{sh_doc}.xml",
                 f"/stock/docs/{sh_doc}/print", f"/stock/docs/{sh_doc}/edit"):
        assert gz.get(path).status == 404, path
    assert act(gz, sh_doc, "post", "1").status == 404
    assert act(gz, sh_doc, "cancel", "1").status == 404
    r = gz.xml("/stock/docs.xml?warehouse=%d" % WH["WH-SH"])
    assert all(x.get("warehouse-code") != "WH-SH" or x.get("dest-code")
               == "WH-GZ" for x in r.doc.findall("stockdoc-list/doc"))
    codes = {w.get("code") for w in
             gz.xml("/stock/docs.xml").doc.findall("stockdoc-list/warehouse")}
    assert codes == {"WH-GZ"}
    rows = list(csv.DictReader(io.StringIO(
        gz.get("/stock/docs.csv").body.decode("utf-8-sig"))))
    assert rows and all("WH-GZ" in (x["warehouse"], x["dest"]) for x in rows)
    assert str(sh_doc) not in [x.get("id") for x in gz.xml(
        "/stock/docs.xml").doc.findall("stockdoc-list/doc")]
    # the director sees every document and changes none
    d = login("director")
    assert d.xml(f"/stock/docs/{sh_doc}.xml").doc.find(
        "stockdoc").get("can-post") is None
    assert d.post(f"/stock/docs/{sh_doc}/post", {"version": "1"},
                  xml=True).status == 403
    assert d.get("/stock/docs/new").status == 403
    # the agent sees its own warehouses' documents only
    a = login("agent-t-sh")
    assert a.get(f"/stock/docs/{sh_doc}").status == 404
    assert {w.get("code") for w in a.xml("/stock/docs.xml").doc.findall(
        "stockdoc-list/warehouse")} == {"WH-ASH", "WH-CSH"}
    # a dealer holds no stock.view
    assert login("dealer-t-sh1").get("/stock/docs").status == 403
    assert login("dealer-t-sh1").get("/stock/transit").status == 403
    # ids that are not ids
    assert gz.get("/stock/docs/abc").status in (400, 404)
    assert gz.get("/stock/docs/0").status == 404
    assert done(act(login("wh-sh"), sh_doc, "cancel")) == "cancelled"
