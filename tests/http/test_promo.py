"""test_promo.py - promotions and gifts (issue 5): targets (grade,
region, channel subtree, named customer; a dealer outside gets nothing),
periods (both date edges inclusive), exclusive against combinable, gifts
as zero-price lines (buy N get M, spend X), tiers, the catalog price of
price_quote showing a percent promotion, the pages with 422 and 409, the
guarded activate/end, the list and its CSV, and authorization.

Each database kind gets a database of its own: `qudao init` + `qudao
demo --no-channel` (20 products), the small channel of channel.py, known
list prices on the products and a region for D-GZ1 (written before the
stack starts).  Promotions are created through the pages (director, who
sees every party) and activated there; each test uses products of its
own, so that the promotions of one test do not touch another's.
"""

import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD
P = channel.PARTY


class Browser(qs.Browser):
    demo_password = PW


def prepare(db):
    sql = []
    for pid in [r[0] for r in db.query("SELECT id FROM product")]:
        sql.append(f"UPDATE product SET list_price = 10000 WHERE id = {pid}")
    # a region with a subregion: D-GZ1 sits in the subregion
    sub, parent = db.query(
        "SELECT c.descendant_id, c.ancestor_id FROM region_closure c"
        " WHERE c.depth = 1 ORDER BY c.descendant_id")[0]
    sql.append(f"UPDATE party SET region_id = {sub} WHERE id = {P['D-GZ1']}")
    db.write(*sql)


env, sessions, login = channel.module_fixtures("promo", Browser, setup=prepare)


def products(env):
    return channel.product_codes(env[0])


def region_codes(env):
    return env[0].query(
        "SELECT p.code FROM region_closure c"
        " JOIN sales_region p ON p.id = c.ancestor_id"
        " WHERE c.depth = 1 ORDER BY c.descendant_id")[0][0]


def codes(r):
    return {m.get("code") for m in r.doc.findall("messages/message")}


BASE = {"target": "all", "stacking": "exclusive", "priority": "100",
        "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
_n = [0]


def create(b, activate=True, **fields):
    """A promotion through the pages; its id."""
    _n[0] += 1
    f = dict(BASE, code=f"T-{_n[0]:03d}", name=f"test {_n[0]}")
    f.update({k: v for k, v in fields.items() if v is not None})
    return channel.new_promotion(b, f, activate)


def end(b, pid):
    d = b.get(f"/promotions/{pid}.xml", xml=True)
    r = b.post(f"/promotions/{pid}/status",
               {"action": "end",
                "version": d.doc.find("promotion").get("version")})
    assert r.status == 303, r


def try_(b, customer, lines, on="2026-05-01", status=200):
    q = "&".join([f"customer={customer}" if customer else "",
                  "lines=" + "%0A".join(f"{c}+{n}" for c, n in lines),
                  f"date={on}"])
    r = b.get(f"/promotions/try.xml?{q}", xml=True)
    assert r.status == status, r
    qs.assert_valid_page(r)
    return r


def line(r, code):
    """The (non-gift) line of product code."""
    for ln in r.doc.findall("promo-try/result/line"):
        if ln.get("code") == code and ln.get("gift") is None:
            return ln
    raise AssertionError(code)


def net(r, code):
    return int(line(r, code).get("net-price"))


def gifts(r):
    return [(g.get("code"), int(g.get("qty")), int(g.get("unit-price")))
            for g in r.doc.findall("promo-try/result/line[@gift='true']")]


def test_targets(env, login):
    b = login("director")
    pr = products(env)
    (_, c0), (_, c1), (_, c2), (_, c3) = pr[0], pr[1], pr[2], pr[3]
    create(b, kind="percent", product=c0, discount="10", target="grades",
           targets="B")
    create(b, kind="percent", product=c1, discount="10", target="regions",
           targets=region_codes(env))
    create(b, kind="percent", product=c2, discount="10", target="subtrees",
           targets="D-SH2")
    create(b, kind="percent", product=c3, discount="10", target="customers",
           targets="C-GZ1")
    lines = [(c0, 1), (c1, 1), (c2, 1), (c3, 1)]
    # D-SH1 is grade B (base price 95.00 after its 5 % grade discount)
    r = try_(b, "D-SH1", lines)
    assert net(r, c0) == 8550 and net(r, c1) == 9500
    assert net(r, c2) == 9500 and net(r, c3) == 9500
    # D-GZ1 sits in a subregion of the region targeted
    r = try_(b, "D-GZ1", lines)
    assert [net(r, c) for c in (c0, c1, c2, c3)] == [10000, 9000, 10000,
                                                    10000]
    # D-SH3 is below D-SH2 in the channel; D-SH2 itself is in its subtree
    for who in ("D-SH3", "D-SH2"):
        r = try_(b, who, lines)
        assert [net(r, c) for c in (c0, c1, c2, c3)] == [10000, 10000, 9000,
                                                        10000]
    r = try_(b, "C-GZ1", lines)
    assert [net(r, c) for c in (c0, c1, c2, c3)] == [10000, 10000, 10000,
                                                    9000]
    # outside every target: nothing, and no customer at all: nothing
    for who in ("A-GZ", None):
        r = try_(b, who, lines)
        assert [int(line(r, c).get("discount"))
                for c in (c0, c1, c2, c3)] == [0] * 4
        assert not r.doc.findall("promo-try/result/step")


def test_period_edges(env, login):
    b = login("director")
    _, c = products(env)[4]
    pid = create(b, kind="amount", product=c, amount="5.00",
                 valid_from="2026-03-01", valid_to="2026-03-31")
    for on, price, verdict in (("2026-02-28", 10000, "not_yet"),
                               ("2026-03-01", 9500, "applied"),
                               ("2026-03-31", 9500, "applied"),
                               ("2026-04-01", 10000, "expired")):
        r = try_(b, "D-SH2", [(c, 2)], on=on)
        assert net(r, c) == price, on
        assert int(line(r, c).get("discount")) == 2 * (10000 - price)
        st = [s for s in r.doc.findall("promo-try/result/step")
              if s.get("promo-id") == str(pid)]
        assert st[0].get("verdict") == verdict, on


def test_exclusive_against_combinable(env, login):
    b = login("director")
    _, c = products(env)[5]
    create(b, kind="percent", product=c, discount="10",
           stacking="combinable", priority="1")
    create(b, kind="amount", product=c, amount="1.00",
           stacking="combinable", priority="2")
    ex = create(b, kind="percent", product=c, discount="15")
    # the chain: 100.00 - 10 % = 90.00, - 1.00 = 89.00; alone 85.00 wins
    r = try_(b, "D-SH2", [(c, 1)])
    assert net(r, c) == 8500
    v = {s.get("code"): s.get("verdict")
         for s in r.doc.findall("promo-try/result/step")}
    assert sorted(v.values()) == ["applied", "outranked", "outranked"]
    end(b, ex)
    r = try_(b, "D-SH2", [(c, 1)])
    assert net(r, c) == 8900
    # the catalog price (price_quote) shows the same
    x = b.get(f"/prices/{products(env)[5][0]}.xml?customer=D-SH2&qty=1"
              "&date=2026-05-01", xml=True)
    q = x.doc.find("price-product/check/quote")
    assert q.get("base-price") == "10000" and q.get("unit-price") == "8900"


def test_gifts_and_tiers(env, login):
    b = login("director")
    pr = products(env)
    (_, c6), (_, c7), (_, c8), (_, c9) = pr[6], pr[7], pr[8], pr[9]
    create(b, kind="buy_get", product=c6, buy_qty="3", get_qty="1")
    create(b, kind="spend_gift", spend="500.00", gift=c7, gift_qty="2",
           target="customers", targets="D-SH3", stacking="combinable")
    create(b, kind="tiered", product=c8, tier_on="qty",
           tiers="10 2\n20 5")
    # 7 units: 2 free of the same product, at price 0
    r = try_(b, "D-SH2", [(c6, 7)])
    assert gifts(r) == [(c6, 2, 0)]
    assert net(r, c6) == 10000
    assert r.doc.find("promo-try/result").get("gift-value") == "20000"
    # spend 500.00 (for D-SH3 only): 2 units of c7 on top
    r = try_(b, "D-SH3", [(c9, 5)])
    assert gifts(r) == [(c7, 2, 0)]
    r = try_(b, "D-SH3", [(c9, 4)])
    assert gifts(r) == []
    r = try_(b, "D-SH2", [(c9, 5)])
    assert gifts(r) == []
    # tiers: 9 units nothing, 10 -> 2 %, 25 -> 5 %
    for n, price in ((9, 10000), (10, 9800), (25, 9500)):
        r = try_(b, "D-SH2", [(c8, n)])
        assert net(r, c8) == price, n


def test_catalog_price_shows_a_percent_promotion(env, login):
    b = login("director")
    pid, c = products(env)[10]
    create(b, kind="percent", product=c, discount="12.5")
    x = b.get(f"/prices/{pid}.xml?customer=D-SH1&qty=1&date=2026-05-01",
              xml=True)
    qs.assert_valid_page(x)
    q = x.doc.find("price-product/check/quote")
    # grade B: 95.00, then 12.5 % off rounded half up: 83.125 -> 83.13
    assert q.get("base-price") == "9500" and q.get("unit-price") == "8313"
    pr = q.findall("promotion")
    assert [(e.get("verdict"), e.get("discount")) for e in pr] == [
        ("applied", "1187")]
    x = b.get(f"/prices/{pid}.xml?qty=1&date=2027-01-01", xml=True)
    q = x.doc.find("price-product/check/quote")
    assert q.get("unit-price") == q.get("base-price") == "10000"


def test_pages_422_409(env, login):
    b = login("mgr-sh")
    pr = products(env)
    _, c = pr[11]
    # refused: every problem at once, what was typed echoed
    r = b.post("/promotions/new",
               dict(BASE, code="", name="x", kind="percent", product="NOPE",
                    discount="150", valid_to="2025-01-01"), xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert {"required", "not_found", "bad_discount", "bad_range"} <= codes(r)
    assert r.doc.find("promotion-new/promo-form").get("product") == "NOPE"
    r = b.post("/promotions/new",
               dict(BASE, code="X-1", name="x", kind="buy_get", product=c,
                    target="grades"), xml=True)
    assert r.status == 422 and "required" in codes(r), r
    r = b.post("/promotions/new",
               dict(BASE, code="X-2", name="x", kind="tiered", product=c,
                    tier_on="qty", tiers="10 5\n5 8"), xml=True)
    assert r.status == 422 and "bad_tier" in codes(r), r
    pid = create(b, activate=False, kind="percent", product=c,
                 discount="5", code="EDIT-1")
    # a taken code
    r = b.post("/promotions/new", dict(BASE, code="EDIT-1", name="x",
                                       kind="percent", product=c,
                                       discount="5"), xml=True)
    assert r.status == 422 and "code_taken" in codes(r), r
    # the edit form holds the promotion as it is
    d = b.get(f"/promotions/{pid}/edit.xml", xml=True)
    qs.assert_valid_page(d)
    f = d.doc.find("promotion/promo-form")
    assert f.get("discount") == "5.00" and f.get("product") == c
    v = f.get("version")
    fields = dict(BASE, code="EDIT-1", name="renamed", kind="percent",
                  product=c, discount="6", version=v)
    r = b.post(f"/promotions/{pid}/edit", fields)
    assert r.status == 303 and "done=saved" in r.header("Location"), r
    # the same (stale) version again: 409, the form as typed
    r = b.post(f"/promotions/{pid}/edit", dict(fields, name="again"),
               xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    f = r.doc.find("promotion/promo-form")
    assert f.get("name") == "again"
    assert f.find("conflict").get("version") == str(int(v) + 1)
    # activate with a stale version: 409; then activate, end; no edit after
    r = b.post(f"/promotions/{pid}/status", {"action": "activate",
                                              "version": v}, xml=True)
    assert r.status == 409, r
    r = b.post(f"/promotions/{pid}/status",
               {"action": "activate", "version": str(int(v) + 1)})
    assert r.status == 303 and "activated" in r.header("Location"), r
    r = b.post(f"/promotions/{pid}/status",
               {"action": "activate", "version": str(int(v) + 2)}, xml=True)
    assert r.status == 409, r
    end(b, pid)
    r = b.post(f"/promotions/{pid}/edit",
               dict(fields, version=str(int(v) + 3)), xml=True)
    assert r.status == 409, r
    d = b.get(f"/promotions/{pid}.xml", xml=True)
    qs.assert_valid_page(d)
    p = d.doc.find("promotion")
    assert p.get("status") == "ended" and p.get("name") == "renamed"
    assert [e.get("action") for e in p.findall("history/entry")][:3] == [
        "promotion_end", "promotion_activate", "promotion_edit"]
    # the list, its filters, CSV, HTML
    x = b.get("/promotions.xml?status=ended&q=EDIT", xml=True)
    qs.assert_valid_page(x)
    assert [e.get("code") for e in x.doc.findall("promotions/promotion")] \
        == ["EDIT-1"]
    csv = b.get("/promotions.csv?q=EDIT-1")
    assert csv.status == 200 and "EDIT-1" in csv.text, csv
    for path in ("/promotions", f"/promotions/{pid}", "/promotions/new",
                 f"/promotions/{pid}/edit",
                 "/promotions/try?customer=D-SH1&lines=" + c + "+3"):
        h = b.get(path)
        assert h.status == 200, (path, h)
        qs.assert_html_page(h)
    # the try page refuses what it cannot read
    r = try_(b, "NOBODY", [("NOPE", 1)], status=422)
    assert {"no_customer", "not_found"} <= codes(r)
    # a customer outside mgr-sh's scope is not found
    r = try_(b, "D-GZ1", [(c, 1)], status=422)
    assert "no_customer" in codes(r)
    assert b.get("/promotions/999999.xml", xml=True).status == 404


def test_targets_outside_the_scope_are_not_named(env, login):
    """A branch manager sees a company promotion's customers of its own
    branch only; the others are counted, kept by an edit, and pin the kind
    of target."""
    d = login("director")
    pr = products(env)
    _, c = pr[12]
    pid = create(d, activate=False, kind="percent", product=c, discount="3",
                 target="customers", targets="D-SH1 D-GZ1 C-GZ1")
    m = login("mgr-sh")
    r = m.get(f"/promotions/{pid}.xml", xml=True)
    qs.assert_valid_page(r)
    p = r.doc.find("promotion")
    assert [t.get("code") for t in p.findall("target")] == ["D-SH1"]
    assert p.get("hidden-targets") == "2"
    h = m.get(f"/promotions/{pid}")
    assert "D-GZ1" not in h.text and "广州" not in h.text
    f = m.get(f"/promotions/{pid}/edit.xml", xml=True)
    form = f.doc.find("promotion/promo-form")
    assert "GZ" not in (form.get("targets") or "")
    fields = dict(BASE, code=p.get("code"), name="branch edit",
                  kind="percent", product=c, discount="4",
                  target="customers", targets="D-SH1 D-SH2",
                  version=form.get("version"))
    r = m.post(f"/promotions/{pid}/edit", fields)
    assert r.status == 303, r
    r = d.get(f"/promotions/{pid}.xml", xml=True)
    assert sorted(t.get("code") for t in
                  r.doc.findall("promotion/target")) == ["C-GZ1", "D-GZ1",
                                                         "D-SH1", "D-SH2"]
    assert r.doc.find("promotion").get("hidden-targets") is None
    # the kind of target cannot change under the hidden ones
    v = r.doc.find("promotion").get("version")
    r = m.post(f"/promotions/{pid}/edit",
               dict(fields, target="grades", targets="B", version=v),
               xml=True)
    assert r.status == 422 and "hidden_targets" in codes(r), r


def test_authorization(env, login):
    rep = login("rep-sh")
    assert rep.get("/promotions.xml", xml=True).status == 200
    assert rep.get("/promotions/new.xml", xml=True).status == 403
    assert rep.post("/promotions/new", dict(BASE), xml=True).status == 403
    for who in ("warehouse", "dealer-t-sh1"):
        b = login(who)
        assert b.get("/promotions.xml", xml=True).status == 403, who
        assert b.get("/promotions/try.xml", xml=True).status == 403, who


def test_demo_promotions(db_kind, tmp_path_factory):
    """`qudao demo` (with its channel) writes live and expired
    promotions, a gift one and a tiered one, and the pages show them."""
    import datetime

    work = tmp_path_factory.mktemp(f"promo-demo-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 200, PW)
    try:
        rows = {r[0]: r[1:] for r in db.query(
            "SELECT code, kind, status, valid_from, valid_to"
            " FROM promotion ORDER BY code")}
        year = datetime.date.today().year
        assert len(rows) == 7, rows
        kinds = {v[0] for v in rows.values()}
        assert {"buy_get", "spend_gift", "tiered", "percent"} <= kinds
        live = [c for c, v in rows.items() if v[1] == "active"
                and str(v[3])[:10] == f"{year}-12-31"]
        assert len(live) == 4, rows
        assert rows["CX-SPRING"][1] == "ended"
        assert str(rows["CX-NEWYEAR"][3])[:10] == f"{year}-01-31"
        assert int(db.query(
            "SELECT COUNT(*) FROM promo_tier t JOIN promotion p"
            " ON p.id = t.promo_id WHERE p.code = 'CX-TIER'")[0][0]) == 3
        st = qs.Stack(work / "var", db.connstr)
        st.start()
        try:
            b = Browser(st).login("director")
            x = b.get("/promotions.xml?status=active", xml=True)
            qs.assert_valid_page(x)
            assert len(x.doc.findall("promotions/promotion")) == 5
            code = db.query("SELECT pr.code FROM promotion p JOIN product pr"
                            " ON pr.id = p.product_id"
                            " WHERE p.code = 'CX-BUY10'")[0][0]
            r = try_(b, None, [(code, 25)], on=f"{year}-06-01")
            assert gifts(r) == [(code, 2, 0)]
        finally:
            st.stop()
            assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]
    finally:
        db.drop()
