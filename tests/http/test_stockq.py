"""test_stockq.py - the stock queries (issue 6, M4): /stock (一览表, and
as of a day), /stock/summary (汇总), /stock/moves (明细), /stock/turnover.

Each database kind gets a database of its own: the demo company, the known
channel of channel.py and the warehouses and opening stock of stockenv.py,
plus the moves below, written straight into the ledger with their balances
(no page posts stock yet), so that every figure can be worked out by hand:

  WH-SH  P0   02-10 receipt   +50  (stock document RK-20260210-000001)
              [period 2026-02 closed: snapshot P0 150, P1 40, P3 5]
              03-05 issue     -30  (an order)
              03-10 damage     -5
              03-20 in transit +100 / 03-22 transfer_in +100, in transit -100
              04-01 reserved  +20  (an order)
              04-15 sellthru  -10
         => on hand 205, reserved 20, available 185
  WH-HQ  P0   03-20 transfer_out -100               => on hand 900
  WH-HQ  P4   2026-05-01 .. 05-30: 60 x (receipt +10, issue -3)  (120
              moves: two pages of the detail)   => on hand 420
  WH-GZ  P1   02-01 receipt +10, 02-02 issue -10 => a row with 0 on hand
  safety: WH-SH P3 10 (on hand 5: low), WH-SH P1 30 (40: ok),
          WH-HQ P2 500 (200: low)

No demo role holds stock.view without stock.qty: the login `stock-viewer`
(at HQ, a role of its own with product.view and stock.view) shows what
such a user sees.

The database is the oracle of the ledger: `qudao check --stock` holds
after the module (these pages only read).
"""
import csv
import io

import pytest

import channel
import stack as qs
import stockenv

PW = qs.DEMO_PASSWORD
WH = stockenv.WH
DOC_RK = 9450000001
NOW = channel.NOW


class Browser(qs.Browser):
    demo_password = PW

    def xml(self, target, status=200):
        r = self.get(target, xml=True)
        assert r.status == status, (target, r)
        qs.assert_valid_page(r)
        return r

    def html(self, target):
        r = self.get(target)
        assert r.status == 200, (target, r)
        return r, qs.assert_html_page(r)

    def csv(self, target):
        r = self.get(target)
        assert r.status == 200, (target, r)
        assert "text/csv" in r.header("Content-Type")
        return list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))


def setup_moves(db):
    """The moves, balances, document, period and safety settings above."""
    p = stockenv.products(db)
    lit = (lambda d: f"'{d}'") if db.kind == "sqlite" else \
        (lambda d: f"DATE '{d}'")
    ts = f"'{NOW}'" if db.kind == "sqlite" else f"TIMESTAMP '{NOW}'"
    ids = iter(range(9460000001, 9470000000))
    sql = []

    def move(wh, prod, bucket, kind, qty, doc_type, doc_id, day, line=1):
        sql.append(
            "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
            " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
            f" user_id) VALUES ({next(ids)}, {WH[wh]}, {p[prod]},"
            f" '{bucket}', '{kind}', {qty}, '{doc_type}', {doc_id}, {line},"
            f" {lit(day)}, {ts}, (SELECT id FROM qd_user WHERE login ="
            " 'warehouse'))")

    def balance(wh, prod, on_hand, reserved=0, in_transit=0, safety=None,
                new=True):
        s = "NULL" if safety is None else str(safety)
        if new:
            sql.append(
                "INSERT INTO stock_balance (warehouse_id, product_id,"
                " on_hand, reserved, in_transit, safety_qty, updated_at)"
                f" VALUES ({WH[wh]}, {p[prod]}, {on_hand}, {reserved},"
                f" {in_transit}, {s}, {ts})")
        else:
            sql.append(
                f"UPDATE stock_balance SET on_hand = {on_hand}, reserved ="
                f" {reserved}, in_transit = {in_transit}, safety_qty = {s}"
                f" WHERE warehouse_id = {WH[wh]} AND product_id = {p[prod]}")

    sql.append(
        "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
        " doc_on, created_at, version) VALUES"
        f" ({DOC_RK}, 'RK-20260210-000001', 'receipt', 'posted', {WH['WH-SH']},"
        f" {lit('2026-02-10')}, {ts}, 1)")
    move("WH-SH", 0, "on_hand", "receipt", 50, "receipt", DOC_RK, "2026-02-10")
    move("WH-SH", 0, "on_hand", "issue", -30, "order", 777, "2026-03-05")
    move("WH-SH", 0, "on_hand", "damage", -5, "damage", 9450000002,
         "2026-03-10")
    move("WH-HQ", 0, "on_hand", "transfer_out", -100, "transfer", 9450000003,
         "2026-03-20")
    move("WH-SH", 0, "in_transit", "transfer_out", 100, "transfer",
         9450000003, "2026-03-20")
    move("WH-SH", 0, "in_transit", "transfer_in", -100, "transfer",
         9450000003, "2026-03-22")
    move("WH-SH", 0, "on_hand", "transfer_in", 100, "transfer", 9450000003,
         "2026-03-22")
    move("WH-SH", 0, "reserved", "reserve", 20, "order", 778, "2026-04-01")
    move("WH-SH", 0, "on_hand", "sellthru", -10, "sellthru", 9450000004,
         "2026-04-15")
    balance("WH-SH", 0, 205, reserved=20, new=False)
    balance("WH-HQ", 0, 900, new=False)
    balance("WH-SH", 3, 5, safety=10, new=False)
    balance("WH-SH", 1, 40, safety=30, new=False)
    balance("WH-HQ", 2, 200, safety=500, new=False)
    move("WH-GZ", 1, "on_hand", "receipt", 10, "receipt", 9450000005,
         "2026-02-01")
    move("WH-GZ", 1, "on_hand", "issue", -10, "issue", 9450000006,
         "2026-02-02")
    balance("WH-GZ", 1, 0)
    for k in range(60):
        day = f"2026-05-{1 + k // 2:02d}"
        move("WH-HQ", 4, "on_hand", "receipt", 10, "receipt", 9451000000 + k,
             day)
        move("WH-HQ", 4, "on_hand", "issue", -3, "issue", 9452000000 + k, day)
    balance("WH-HQ", 4, 420)
    # February closed at WH-SH, with its snapshot
    sql.append(
        "INSERT INTO stock_period (warehouse_id, period, closed_on,"
        f" closed_at) VALUES ({WH['WH-SH']}, '2026-02', {lit('2026-02-28')},"
        f" {ts})")
    for prod, qty in ((0, 150), (1, 40), (3, 5)):
        sql.append(
            "INSERT INTO stock_period_bal (warehouse_id, period, product_id,"
            f" on_hand) VALUES ({WH['WH-SH']}, '2026-02', {p[prod]}, {qty})")
    sql.append(f"UPDATE warehouse SET closed_through = {lit('2026-02-28')}"
               f" WHERE id = {WH['WH-SH']}")
    # a login that sees stock but no quantities
    sql += [
        "INSERT INTO qd_role (id, code, name, description, version) VALUES"
        " (9470000001, 'stock_viewer', 'stock viewer', 'stock.view only', 1)",
        "INSERT INTO role_perm (role_id, perm) VALUES (9470000001,"
        " 'product.view')",
        "INSERT INTO role_perm (role_id, perm) VALUES (9470000001,"
        " 'stock.view')",
        "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
        f" created_at, updated_at, version) SELECT 9470000002, 'stock-viewer',"
        f" 'stock viewer', pw_hash, 'active', {ts}, {ts}, 1 FROM qd_user"
        " WHERE login = 'director'",
        "INSERT INTO user_role (user_id, role_id) VALUES (9470000002,"
        " 9470000001)",
        "INSERT INTO user_scope (user_id, unit_id, party_id) SELECT"
        " 9470000002, id, NULL FROM org_unit WHERE code = 'HQ'"]
    db.write(*sql)


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    gen = stockenv.environment(db_kind, tmp_path_factory, "stockq", PW,
                               setup_moves)
    db, st = next(gen)
    yield db, st
    stockenv.check_stock(db)
    next(gen, None)


@pytest.fixture(scope="module")
def P(env):
    return stockenv.products(env[0])


@pytest.fixture(scope="module")
def login(env):
    """login(name): a signed-in Browser, one session per login."""
    return qs.logins(env[1], Browser)


def code(db, pid):
    return db.scalar(f"SELECT code FROM product WHERE id = {pid}")


def rows(r, elem="stock-list/row"):
    return r.doc.findall(elem)


def key(row):
    return (row.get("warehouse-code"), row.get("code"))


# ------------------------------------------------------------------ the list

def test_list_numbers_and_sorts(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml("/stock.xml")
    page = r.doc.find("stock-list")
    assert page.get("qty") == "true" and page.get("total") == "11"
    got = {key(x): x for x in rows(r)}
    assert len(got) == 11
    sh0 = got[("WH-SH", code(db, P[0]))]
    assert (sh0.get("on-hand"), sh0.get("reserved"), sh0.get("available"),
            sh0.get("in-transit")) == ("205", "20", "185", "0")
    assert sh0.get("level") == "ok" and sh0.get("safety") is None
    assert got[("WH-SH", code(db, P[3]))].get("level") == "low"
    assert got[("WH-GZ", code(db, P[1]))].get("level") == "out"
    assert got[("WH-HQ", code(db, P[4]))].get("on-hand") == "420"
    assert got[("WH-HQ", code(db, P[0]))].get("on-hand") == "900"
    # default order: warehouse code, then product code
    keys = [key(x) for x in rows(r)]
    assert keys == sorted(keys)
    r = b.xml("/stock.xml?sort=on_hand&dir=desc")
    assert [x.get("on-hand") for x in rows(r)][:3] == ["900", "500", "420"]
    r = b.xml("/stock.xml?sort=available&dir=asc")
    av = [int(x.get("available")) for x in rows(r)]
    assert av == sorted(av) and av[0] == 0
    r = b.xml("/stock.xml?sort=product")
    assert [x.get("code") for x in rows(r)] == \
        sorted(x.get("code") for x in rows(r))
    # the HTML page renders, with the inventory row of links
    _, root = b.html("/stock?sort=on_hand&dir=desc")
    assert root.find(".//nav[@class='subnav']") is not None
    assert root.find(".//a[@href='/stock/summary']") is not None


def test_list_pages_by_codes(env, login, P):
    """Pages sorted by codes are cut from the rows per code (code_span):
    their rows, page after page, are the CSV's (one sorted query), also
    when a page spans several warehouses or products.  Zero rows of every
    product in every warehouse make 120 rows for a moment."""
    db, _ = env
    b = login("warehouse")
    ts = f"'{NOW}'" if db.kind == "sqlite" else f"TIMESTAMP '{NOW}'"
    have = {(int(w), int(p)) for w, p in db.query(
        "SELECT warehouse_id, product_id FROM stock_balance")}
    extra = [(w, p) for w in WH.values() for p in P if (w, p) not in have]
    db.write(*[
        "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
        f" reserved, in_transit, updated_at) VALUES ({w}, {p}, 0, 0, 0, {ts})"
        for w, p in extra])
    try:
        assert len(have) + len(extra) == 120
        for sort in ("warehouse", "product"):
            for d in ("asc", "desc"):
                q = f"sort={sort}&dir={d}"
                want = [(x[0], x[2]) for x in b.csv(f"/stock.csv?{q}")[1:]]
                got = []
                for page in (1, 2, 3):
                    r = b.xml(f"/stock.xml?{q}&page={page}")
                    assert r.doc.find("stock-list").get("pages") == "3"
                    got += [key(x) for x in rows(r)]
                assert got == want, (sort, d)
                # the first code in the direction asked, the other ascending
                first, then = (0, 1) if sort == "warehouse" else (1, 0)
                exp = sorted(got, key=lambda t: t[then])
                exp.sort(key=lambda t: t[first], reverse=d == "desc")
                assert got == exp, (sort, d)
                last = b.xml(f"/stock.xml?{q}&page=9").doc.find("stock-list")
                assert last.get("page") == "3" and len(last.findall("row")) \
                    == 20 and [key(x) for x in last.findall("row")] == got[100:]
        # a filter that leaves one warehouse: its rows only, in order
        r = b.xml(f"/stock.xml?warehouse={WH['WH-GZ']}&sort=product")
        assert [x.get("code") for x in rows(r)] == sorted(
            code(db, p) for p in P)
    finally:
        db.write(*[f"DELETE FROM stock_balance WHERE warehouse_id = {w}"
                   f" AND product_id = {p}" for w, p in extra])


def test_list_filters(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml("/stock.xml?stock=1")
    assert len(rows(r)) == 10 and all(int(x.get("on-hand")) > 0
                                      for x in rows(r))
    r = b.xml("/stock.xml?low=1")
    assert sorted(key(x) for x in rows(r)) == sorted(
        [("WH-SH", code(db, P[3])), ("WH-HQ", code(db, P[2]))])
    r = b.xml(f"/stock.xml?q={code(db, P[3])}")
    assert sorted(key(x) for x in rows(r)) == [("WH-HQ", code(db, P[3])),
                                               ("WH-SH", code(db, P[3]))]
    r = b.xml(f"/stock.xml?warehouse={WH['WH-SH']}")
    assert {x.get("warehouse-code") for x in rows(r)} == {"WH-SH"}
    assert len(rows(r)) == 3
    # a unit: its subtree (SH: WH-SH, WH-OLD, and the agent's WH-ASH, WH-CSH)
    sh = db.scalar("SELECT id FROM org_unit WHERE code = 'SH'")
    r = b.xml(f"/stock.xml?unit={sh}")
    assert {x.get("warehouse-code") for x in rows(r)} == {"WH-SH", "WH-CSH"}
    assert len(rows(r)) == 4
    # a region: the city SH covers holds the warehouses below SH; the
    # country (covered by HQ) holds all
    city = db.scalar("SELECT ur.region_id FROM unit_region ur JOIN org_unit u"
                     " ON u.id = ur.unit_id WHERE u.code = 'SH'")
    r = b.xml(f"/stock.xml?region={city}")
    assert {x.get("warehouse-code") for x in rows(r)} == {"WH-SH", "WH-CSH"}
    cn = db.scalar("SELECT id FROM sales_region WHERE code = 'CN'")
    assert len(rows(b.xml(f"/stock.xml?region={cn}"))) == 11
    # a category with its subcategories
    top = db.scalar("SELECT c.parent_id FROM product p JOIN category c"
                    f" ON c.id = p.category_id WHERE p.id = {P[0]}")
    want = {code(db, int(x[0])) for x in db.query(
        "SELECT p.id FROM product p JOIN category c ON c.id = p.category_id"
        f" WHERE c.parent_id = {top} OR c.id = {top}")}
    r = b.xml(f"/stock.xml?category={top}")
    assert rows(r) and {x.get("code") for x in rows(r)} <= want
    assert {x.get("code") for x in rows(r)} == {
        k[1] for k in map(key, rows(b.xml("/stock.xml")))} & want
    # unknown ids of open trees: a plain 404
    assert b.get("/stock.xml?region=999999999", xml=True).status == 404
    assert b.get("/stock.xml?category=999999999", xml=True).status == 404
    assert b.get("/stock.xml?stock=2", xml=True).status == 400
    assert b.get("/stock.xml?sort=price", xml=True).status == 400


def test_list_csv(env, login):
    b = login("warehouse")
    t = b.csv("/stock.csv?sort=on_hand&dir=desc")
    assert t[0] == ["warehouse_code", "warehouse_name", "product_code",
                    "product_name", "spec", "unit", "category", "on_hand",
                    "reserved", "available", "in_transit", "safety", "level"]
    assert len(t) == 12 and t[1][7] == "900"
    t = b.csv(f"/stock.csv?warehouse={WH['WH-SH']}&low=1")
    assert len(t) == 2 and t[1][0] == "WH-SH" and t[1][-1] == "low"


def test_list_as_of(env, login, P):
    db, _ = env
    b = login("warehouse")
    sh = WH["WH-SH"]
    # mid-March: February's snapshot (150) + 03-05 -30, 03-10 -5
    r = b.xml(f"/stock.xml?warehouse={sh}&as_of=2026-03-15")
    page = r.doc.find("stock-list")
    assert page.get("as-of") == "2026-03-15"
    got = {x.get("code"): x for x in rows(r)}
    assert got[code(db, P[0])].get("on-hand") == "115"
    assert got[code(db, P[0])].get("reserved") is None
    assert got[code(db, P[3])].get("on-hand") == "5"
    # no closed period at WH-HQ: the sum of its moves
    r = b.xml(f"/stock.xml?warehouse={WH['WH-HQ']}&as_of=2026-03-25"
              "&sort=on_hand&dir=desc")
    assert [x.get("on-hand") for x in rows(r)] == \
        ["900", "500", "200", "50", "0"]
    assert {x.get("code"): x.get("on-hand") for x in rows(r)}[
        code(db, P[4])] == "0"
    # before the opening stock: nothing on hand anywhere
    r = b.xml("/stock.xml?as_of=2026-01-01&stock=1")
    assert rows(r) == [] and r.doc.find("stock-list").get("total") == "0"
    r = b.xml("/stock.xml?as_of=2026-01-02&stock=1")
    assert len(rows(r)) == 9  # the nine opening rows
    t = b.csv(f"/stock.csv?warehouse={sh}&as_of=2026-03-15")
    assert t[0][7:] == ["on_hand", "safety", "level"] and len(t) == 4
    _, root = b.html(f"/stock?as_of=2026-03-15&warehouse={sh}")
    assert b.get("/stock.xml?as_of=2026-02-30", xml=True).status == 400


def test_as_of_reads_the_period_snapshot(env, login, P):
    """The snapshot of a closed period is used (not the moves before it):
    changed on purpose for a moment, the page follows it."""
    db, _ = env
    b = login("warehouse")
    sh = WH["WH-SH"]
    where = (f" WHERE warehouse_id = {sh} AND period = '2026-02'"
             f" AND product_id = {P[0]}")
    db.write("UPDATE stock_period_bal SET on_hand = 151" + where)
    try:
        got = {x.get("code"): x.get("on-hand") for x in rows(
            b.xml(f"/stock.xml?warehouse={sh}&as_of=2026-03-15"))}
        assert got[code(db, P[0])] == "116"
        # a day before the period's end: the snapshot does not apply yet
        got = {x.get("code"): x.get("on-hand") for x in rows(
            b.xml(f"/stock.xml?warehouse={sh}&as_of=2026-02-27"))}
        assert got[code(db, P[0])] == "150"
        got = {x.get("code"): x.get("on-hand") for x in rows(
            b.xml(f"/stock.xml?warehouse={sh}&as_of=2026-02-28"))}
        assert got[code(db, P[0])] == "151"
    finally:
        db.write("UPDATE stock_period_bal SET on_hand = 150" + where)


# ------------------------------------------------------------------ scope

def test_scope_of_a_branch_clerk(env, login):
    b = login("wh-sh")
    r = b.xml("/stock.xml")
    assert {x.get("warehouse-code") for x in rows(r)} == {"WH-SH", "WH-CSH"}
    opts = {o.get("code") for o in
            r.doc.findall("stock-list/options/warehouse")}
    assert opts == {"WH-SH", "WH-ASH", "WH-CSH", "WH-OLD"}
    hq = WH["WH-HQ"]
    for target in (f"/stock?warehouse={hq}", f"/stock.csv?warehouse={hq}",
                   f"/stock/summary?warehouse={hq}",
                   f"/stock/turnover?warehouse={hq}",
                   f"/stock/moves?warehouse={hq}"):
        assert b.get(target).status == 404, target
        assert b.get(target, xml=True).status == 404, target
    csv_text = b.get("/stock.csv").body.decode("utf-8-sig")
    assert "WH-HQ" not in csv_text and "WH-GZ" not in csv_text
    s = b.xml("/stock/summary.xml?by=warehouse")
    assert {x.get("code") for x in
            s.doc.findall("stock-summary/warehouse-row")} == {"WH-SH",
                                                             "WH-CSH"}
    # units: HQ is above its warehouses (nothing more shows), GZ is not
    hq_unit = env[0].scalar("SELECT id FROM org_unit WHERE code = 'HQ'")
    gz_unit = env[0].scalar("SELECT id FROM org_unit WHERE code = 'GZ'")
    assert len(rows(b.xml(f"/stock.xml?unit={hq_unit}"))) == 4
    assert b.get(f"/stock.xml?unit={gz_unit}", xml=True).status == 404
    denied = env[0].scalar("SELECT COUNT(*) FROM audit_log WHERE action ="
                           f" 'denied' AND entity = 'warehouse'"
                           f" AND entity_id = {hq}")
    assert int(denied) >= 1


def test_scope_of_an_agent(env, login, P):
    db, _ = env
    a = login("agent-t-sh")
    r = a.xml("/stock.xml")
    assert [key(x) for x in rows(r)] == [("WH-CSH", code(db, P[1]))]
    assert rows(r)[0].get("on-hand") == "30"
    assert {o.get("code") for o in r.doc.findall(
        "stock-list/options/warehouse")} == {"WH-ASH", "WH-CSH"}
    assert r.doc.findall("stock-list/options/unit") == []
    assert a.get(f"/stock.xml?warehouse={WH['WH-SH']}",
                 xml=True).status == 404
    assert a.xml(f"/stock.xml?warehouse={WH['WH-CSH']}").doc.find(
        "stock-list").get("total") == "1"
    m = a.xml(f"/stock/moves.xml?product={code(db, P[0])}"
              "&from=2026-01-01&to=2026-12-31")
    assert m.doc.findall("stock-moves/move") == []
    assert m.doc.find("stock-moves").get("opening") == "0"
    t = a.xml("/stock/summary.xml")
    assert t.doc.find("stock-summary/totals").get("on-hand") == "30"
    # dealers hold no stock.view
    assert login("dealer-t-sh1").get("/stock.xml", xml=True).status == 403


def test_without_stock_qty(env, login, P):
    """stock.view without stock.qty: levels, counts, directions and days,
    no quantity."""
    db, _ = env
    d = login("stock-viewer")
    r = d.xml("/stock.xml?sort=on_hand&dir=desc")
    page = r.doc.find("stock-list")
    assert page.get("qty") is None and page.get("sort") == "warehouse"
    for x in rows(r):
        assert x.get("level") in ("out", "low", "ok")
        for a in ("on-hand", "reserved", "available", "in-transit", "safety"):
            assert x.get(a) is None
    s = d.xml("/stock/summary.xml?sort=value")
    assert s.doc.find("stock-summary").get("sort") == "code"
    assert s.doc.find("stock-summary/totals").get("value") is None
    assert s.doc.find("stock-summary/product-row").get("warehouses")
    m = d.xml(f"/stock/moves.xml?product={code(db, P[0])}"
              f"&warehouse={WH['WH-SH']}&from=2026-03-01&to=2026-03-31")
    mv = m.doc.findall("stock-moves/move")
    assert [x.get("direction") for x in mv] == ["out", "out", "in"]
    assert all(x.get("balance") is None and x.get("in") is None
               and x.get("out") is None for x in mv)
    assert m.doc.find("stock-moves").get("opening") is None
    t = d.csv("/stock.csv")
    assert "on_hand" not in t[0] and t[0][-1] == "level"
    tv = d.xml("/stock/turnover.xml?from=2026-03-01&to=2026-03-31"
               f"&warehouse={WH['WH-SH']}")
    row = {x.get("code"): x for x in tv.doc.findall("stock-turnover/row")}[
        code(db, P[0])]
    assert row.get("days") == "161.6" and row.get("outflow") is None
    d.html("/stock")
    d.html(f"/stock/moves?product={code(db, P[0])}")


# ------------------------------------------------------------------ summary

def test_summary_by_product(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml("/stock/summary.xml")
    s = r.doc.find("stock-summary")
    assert s.get("by") == "product" and s.get("total") == "5"
    tot = s.find("totals")
    assert tot.get("rows") == "5"
    assert tot.get("on-hand") == str(900 + 500 + 200 + 50 + 420 + 205 + 40
                                     + 5 + 80 + 30)
    price = {int(i): int(v) for i, v in db.query(
        "SELECT id, list_price FROM product")}
    got = {x.get("code"): x for x in s.findall("product-row")}
    p0 = got[code(db, P[0])]
    assert (p0.get("warehouses"), p0.get("on-hand"), p0.get("reserved"),
            p0.get("available")) == ("3", "1185", "20", "1165")
    assert p0.get("value") == str(1185 * price[P[0]])
    assert got[code(db, P[1])].get("warehouses") == "3"  # HQ, SH, CSH
    value = (1185 * price[P[0]] + 570 * price[P[1]] + 200 * price[P[2]]
             + 55 * price[P[3]] + 420 * price[P[4]])
    assert tot.get("value") == str(value)
    r = b.xml("/stock/summary.xml?sort=on_hand&dir=desc")
    assert [x.get("on-hand") for x in
            r.doc.findall("stock-summary/product-row")][:2] == ["1185", "570"]
    r = b.xml("/stock/summary.xml?sort=count&dir=desc")
    assert r.doc.findall("stock-summary/product-row")[0].get(
        "warehouses") == "3"
    # one page: past its end the last page again; the totals add up
    r = b.xml("/stock/summary.xml?page=7&dir=desc")
    s = r.doc.find("stock-summary")
    assert (s.get("page"), s.get("pages")) == ("1", "1")
    assert [x.get("code") for x in s.findall("product-row")] == \
        sorted(got, reverse=True)
    r = b.xml(f"/stock/summary.xml?warehouse={WH['WH-SH']}&stock=1")
    s = r.doc.find("stock-summary")
    assert s.find("totals").get("on-hand") == "250"
    assert s.find("totals").get("rows") == "3"
    assert sum(int(x.get("on-hand")) for x in s.findall("product-row")) == 250
    t = b.csv("/stock/summary.csv?sort=on_hand&dir=desc")
    assert t[0] == ["product_code", "product_name", "spec", "unit",
                    "category", "warehouses", "on_hand", "reserved",
                    "available", "in_transit", "value"]
    assert t[1][0] == code(db, P[0]) and t[1][5] == "3" and t[1][6] == "1185"
    t = b.csv("/stock/summary.csv?dir=desc")
    assert [x[0] for x in t[1:]] == sorted(got, reverse=True)
    b.html("/stock/summary")


def test_summary_by_warehouse_and_region(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml("/stock/summary.xml?by=warehouse")
    got = {x.get("code"): x for x in
           r.doc.findall("stock-summary/warehouse-row")}
    assert set(got) == {"WH-HQ", "WH-SH", "WH-GZ", "WH-CSH"}
    assert (got["WH-SH"].get("products"), got["WH-SH"].get("on-hand"),
            got["WH-SH"].get("kind")) == ("3", "250", "branch")
    assert (got["WH-GZ"].get("products"), got["WH-GZ"].get("on-hand")) == \
        ("1", "80")  # P1 at 0 is not held
    assert got["WH-HQ"].get("on-hand") == "2070"
    r = b.xml("/stock/summary.xml?by=warehouse&sort=on_hand&dir=desc")
    assert [x.get("code") for x in r.doc.findall(
        "stock-summary/warehouse-row")] == ["WH-HQ", "WH-SH", "WH-GZ",
                                            "WH-CSH"]
    r = b.xml("/stock/summary.xml?by=region&sort=on_hand&dir=desc")
    reg = r.doc.findall("stock-summary/region-row")
    assert [(x.get("code"), x.get("warehouses"), x.get("on-hand"))
            for x in reg] == [
        ("CN", "1", "2070"),
        (db.scalar("SELECT r.code FROM sales_region r JOIN unit_region ur"
                   " ON ur.region_id = r.id JOIN org_unit u ON u.id ="
                   " ur.unit_id WHERE u.code = 'SH'"), "2", "280"),
        (db.scalar("SELECT r.code FROM sales_region r JOIN unit_region ur"
                   " ON ur.region_id = r.id JOIN org_unit u ON u.id ="
                   " ur.unit_id WHERE u.code = 'GZ'"), "1", "80")]
    t = b.csv("/stock/summary.csv?by=region")
    assert t[0][:4] == ["region_code", "region_name", "warehouses",
                        "products"] and len(t) == 4
    t = b.csv("/stock/summary.csv?by=warehouse&stock=1")
    assert t[0][:4] == ["warehouse_code", "warehouse_name", "kind",
                        "products"] and len(t) == 5
    b.html("/stock/summary?by=region")
    b.html("/stock/summary?by=warehouse")


def test_summary_by_region_none(env, login):
    """The warehouses of no sales region (none of their own, none covered
    at or above their unit) are a row without a code, last both ways in
    code order, counted and totalled with the others: the summary reads
    them apart from the regions' (2026-11-27, the summary by region read
    region by region)."""
    db, _ = env
    b = login("warehouse")
    hq = db.scalar("SELECT id FROM org_unit WHERE code = 'HQ'")
    cn = db.scalar(f"SELECT region_id FROM unit_region WHERE unit_id = {hq}")
    city = {u: db.scalar("SELECT r.code FROM sales_region r JOIN unit_region"
                         " ur ON ur.region_id = r.id JOIN org_unit u ON u.id"
                         f" = ur.unit_id WHERE u.code = '{u}'")
            for u in ("SH", "GZ")}
    db.write(f"DELETE FROM unit_region WHERE unit_id = {hq}")  # WH-HQ's
    try:
        r = b.xml("/stock/summary.xml?by=region")
        s = r.doc.find("stock-summary")
        assert [(x.get("code"), x.get("warehouses"), x.get("on-hand"))
                for x in s.findall("region-row")] == [
            (city["SH"], "2", "280"), (city["GZ"], "1", "80"),
            (None, "1", "2070")]
        assert s.get("total") == "3"
        assert s.find("totals").get("on-hand") == str(280 + 80 + 2070)
        r = b.xml("/stock/summary.xml?by=region&dir=desc")
        assert [x.get("code") for x in r.doc.findall(
            "stock-summary/region-row")] == [city["GZ"], city["SH"], None]
        r = b.xml(f"/stock/summary.xml?by=region&warehouse={WH['WH-SH']}")
        assert [x.get("code") for x in
                r.doc.findall("stock-summary/region-row")] == [city["SH"]]
    finally:
        db.write("INSERT INTO unit_region (unit_id, region_id)"
                 f" VALUES ({hq}, {cn})")


# ------------------------------------------------------------------ detail

def test_moves_one_warehouse(env, login, P):
    db, _ = env
    b = login("warehouse")
    c0 = code(db, P[0])
    r = b.xml(f"/stock/moves.xml?product={c0}&warehouse={WH['WH-SH']}"
              "&from=2026-03-01&to=2026-03-31")
    m = r.doc.find("stock-moves")
    assert (m.get("opening"), m.get("total-in"), m.get("total-out"),
            m.get("closing"), m.get("page-opening")) == \
        ("150", "100", "35", "215", "150")
    mv = m.findall("move")
    assert [(x.get("move-on"), x.get("kind"), x.get("in"), x.get("out"),
             x.get("balance")) for x in mv] == [
        ("2026-03-05", "issue", None, "30", "120"),
        ("2026-03-10", "damage", None, "5", "115"),
        ("2026-03-22", "transfer_in", "100", None, "215")]
    assert mv[0].get("login") == "warehouse"
    assert m.find("product").get("code") == c0
    # the receipt of February links to its stock document
    r = b.xml(f"/stock/moves.xml?product={c0}&warehouse={WH['WH-SH']}"
              "&from=2026-02-01&to=2026-02-28")
    mv = r.doc.findall("stock-moves/move")
    assert len(mv) == 1 and mv[0].get("stock-doc-id") == str(DOC_RK)
    assert mv[0].get("doc-no") == "RK-20260210-000001"
    assert r.doc.find("stock-moves").get("opening") == "100"
    _, root = b.html(f"/stock/moves?product={c0}&warehouse={WH['WH-SH']}"
                     "&from=2026-02-01&to=2026-02-28")
    assert root.find(f".//a[@href='/stock/docs/{DOC_RK}']") is not None
    t = b.csv(f"/stock/moves.csv?product={c0}&warehouse={WH['WH-SH']}"
              "&from=2026-03-01&to=2026-03-31")
    assert t[0] == ["date", "kind", "document", "warehouse", "in", "out",
                    "balance", "user"]
    assert t[1][:2] == ["2026-03-01", "opening balance"] and t[1][6] == "150"
    assert [x[6] for x in t[2:5]] == ["120", "115", "215"]
    assert t[5][:2] == ["2026-03-31", "closing balance"] and t[5][6] == "215"


def test_moves_all_warehouses(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml(f"/stock/moves.xml?product={code(db, P[0])}"
              "&from=2026-03-01&to=2026-03-31")
    m = r.doc.find("stock-moves")
    assert m.get("opening") == str(1000 + 150 + 80)
    assert [x.get("balance") for x in m.findall("move")] == \
        ["1200", "1195", "1095", "1195"]
    assert m.get("closing") == "1195"
    # April: the reservation is not a move of the shelf
    r = b.xml(f"/stock/moves.xml?product={code(db, P[0])}"
              "&from=2026-04-01&to=2026-04-30")
    assert [x.get("kind") for x in r.doc.findall("stock-moves/move")] == \
        ["sellthru"]


def test_moves_pages_carry_the_balance(env, login, P):
    db, _ = env
    b = login("warehouse")
    base = (f"/stock/moves.xml?product={code(db, P[4])}"
            f"&warehouse={WH['WH-HQ']}&from=2026-05-01&to=2026-05-31")
    m1 = b.xml(base).doc.find("stock-moves")
    assert (m1.get("total"), m1.get("pages"), m1.get("opening")) == \
        ("120", "3", "0")
    bal = [int(x.get("balance")) for x in m1.findall("move")]
    assert len(bal) == 50 and bal[-1] == 25 * 7
    m2 = b.xml(base + "&page=2").doc.find("stock-moves")
    assert m2.get("page-opening") == str(bal[-1])
    first = m2.findall("move")[0]
    assert first.get("balance") == str(bal[-1] + 10)
    m3 = b.xml(base + "&page=3").doc.find("stock-moves")
    last = m3.findall("move")[-1]
    assert last.get("balance") == m3.get("closing") == "420"
    assert len(m3.findall("move")) == 20
    _, root = b.html(base.replace(".xml", "") + "&page=2")
    assert root.find(".//a[@rel='next']") is not None


def test_moves_form_and_refusals(env, login):
    b = login("warehouse")
    r = b.xml("/stock/moves.xml")
    m = r.doc.find("stock-moves")
    assert m.find("product") is None and m.get("from").endswith("-01")
    b.html("/stock/moves")
    assert b.get("/stock/moves.xml?product=NO-SUCH-CODE",
                 xml=True).status == 404
    assert b.get("/stock/moves.csv").status == 400
    assert b.get("/stock/moves.xml?product=X&from=2026-03-05&to=2026-03-01",
                 xml=True).status == 400
    assert b.get("/stock/moves.xml?from=yesterday", xml=True).status == 400


# ------------------------------------------------------------------ turnover

def test_turnover(env, login, P):
    db, _ = env
    b = login("warehouse")
    r = b.xml("/stock/turnover.xml?from=2026-03-01&to=2026-03-31"
              "&sort=days")
    t = r.doc.find("stock-turnover")
    assert t.get("days") == "31"
    got = {key(x): x for x in t.findall("row")}
    sh0 = got[("WH-SH", code(db, P[0]))]
    # opening 150, closing 215 (205 now + the sell-through of April 15),
    # outflow 30 + 5 (the transfer in does not count):
    # 31 x 182.5 / 35 = 161.64
    assert (sh0.get("opening"), sh0.get("closing"), sh0.get("average"),
            sh0.get("outflow"), sh0.get("days")) == \
        ("150", "215", "182.5", "35", "161.6")
    hq0 = got[("WH-HQ", code(db, P[0]))]
    # 31 x (1000 + 900) / 2 / 100 = 294.5
    assert (hq0.get("opening"), hq0.get("closing"), hq0.get("outflow"),
            hq0.get("days")) == ("1000", "900", "100", "294.5")
    still = got[("WH-HQ", code(db, P[1]))]
    assert still.get("no-movement") == "true" and still.get("days") is None
    order = [key(x) for x in t.findall("row")]
    assert order[:2] == [("WH-SH", code(db, P[0])), ("WH-HQ", code(db, P[0]))]
    r = b.xml("/stock/turnover.xml?from=2026-03-01&to=2026-03-31"
              "&sort=days&dir=desc")
    order = [key(x) for x in r.doc.findall("stock-turnover/row")]
    assert order[:2] == [("WH-HQ", code(db, P[0])), ("WH-SH", code(db, P[0]))]
    # May at WH-HQ for P4: opening 0, closing 420, outflow 180:
    # 31 x 210 / 180 = 36.17
    r = b.xml("/stock/turnover.xml?from=2026-05-01&to=2026-05-31"
              f"&warehouse={WH['WH-HQ']}&q={code(db, P[4])}")
    row = {x.get("code"): x for x in
           r.doc.findall("stock-turnover/row")}[code(db, P[4])]
    assert (row.get("outflow"), row.get("days")) == ("180", "36.2")
    c = b.csv("/stock/turnover.csv?from=2026-03-01&to=2026-03-31"
              "&sort=days")
    assert c[0][-5:] == ["opening", "closing", "average", "outflow", "days"]
    assert c[1][-1] == "161.6" and c[-1][-1] == ""
    b.html("/stock/turnover?from=2026-03-01&to=2026-03-31")
    assert b.get("/stock/turnover.xml?from=2000-01-01&to=2026-01-01",
                 xml=True).status == 400
