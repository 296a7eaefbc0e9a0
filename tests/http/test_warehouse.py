"""test_warehouse.py - warehouses, safety stock and the stock alerts
(issue 6, 分仓管理 and 安全库存): /warehouses, /warehouses/new,
/warehouses/{id}, /edit, /close, /reopen, /safety, and /stock/alerts.

Each database kind gets its own database: the demo company (`qudao demo
--products 20`), the known channel of channel.py and the known
warehouses and opening stock of stockenv.py:

    WH-HQ   central      HQ      P0 1000, P1 500, P2 200, P3 50
    WH-SH   branch       SH      P0 100,  P1 40,  P3 5
    WH-GZ   branch       GZ      P0 80
    WH-ASH  agent        SH-SD   (party A-SH)
    WH-CSH  consignment  SH-SD   (party A-SH)  P1 30
    WH-OLD  branch       SH      closed

plus a login of our own, viewer-sh at SH, whose only permission is
stock.view (no stock.qty: no quantities).  mgr-sh and wh-sh see the SH
warehouses (SH, ASH, CSH, OLD), agent-t-sh the two of its agent (ASH,
CSH), director and admin all of them; dealers have no stock.view.

Every page asked for is checked as XML (valid against page.xsd) and as
HTML (parses, keeps to the CSP rules).  The tests run in file order and
build on each other's settings; the ledger must equal the balances after
each (stockenv.check_stock).
"""
import csv
import io

import pytest

import channel
import stack as qs
import stockenv

PW = qs.DEMO_PASSWORD
WH = stockenv.WH
SH_SCOPE = {"WH-SH", "WH-ASH", "WH-CSH", "WH-OLD"}
VIEWER = 9480000002


class Browser(qs.Browser):
    demo_password = PW


def viewer_setup(db):
    """viewer-sh: a login at SH with stock.view only."""
    ts = (f"'{channel.NOW}'" if db.kind == "sqlite"
          else f"TIMESTAMP '{channel.NOW}'")
    db.write(
        "INSERT INTO qd_role (id, code, name, description, version) VALUES"
        " (9480000001, 'stockviewer', 'stock viewer', NULL, 1)",
        "INSERT INTO role_perm (role_id, perm) VALUES"
        " (9480000001, 'stock.view')",
        "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
        f" created_at, updated_at, version) SELECT {VIEWER}, 'viewer-sh',"
        f" 'viewer-sh', pw_hash, 'active', {ts}, {ts}, 1 FROM qd_user"
        " WHERE login = 'director'",
        f"INSERT INTO user_role (user_id, role_id) VALUES ({VIEWER},"
        " 9480000001)",
        "INSERT INTO user_scope (user_id, unit_id, party_id) SELECT"
        f" {VIEWER}, id, NULL FROM org_unit WHERE code = 'SH'")


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from stockenv.environment(db_kind, tmp_path_factory, "warehouse",
                                    PW, viewer_setup)


@pytest.fixture(scope="module")
def user(env):
    """user(name): a signed-in Browser, one session per login."""
    return qs.logins(env[1], Browser)


@pytest.fixture(autouse=True)
def ledger(env):
    """After every test the balances equal the ledger."""
    yield
    stockenv.check_stock(env[0])


# ------------------------------------------------------------ helpers

def codes(resp, path="warehouse-list/warehouse", attr="code"):
    return [e.get(attr) for e in resp.doc.findall(path)]


def messages(resp):
    return {(m.get("field"), m.get("code"))
            for m in resp.doc.findall("messages/message")}


def csv_rows(resp):
    assert resp.status == 200, resp
    assert "text/csv" in resp.header("Content-Type")
    text = resp.body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def unit_id(db, code):
    return db.scalar(f"SELECT id FROM org_unit WHERE code = '{code}'")


def product(db, idx):
    """(id, code) of demo product P[idx]."""
    row = db.query("SELECT id, code FROM product ORDER BY id")[idx]
    return int(row[0]), row[1]


def wh_row(db, code, cols="status, version"):
    return db.query(f"SELECT {cols} FROM warehouse WHERE code = '{code}'")[0]


def balance(db, wh, pid):
    """(on_hand, reserved, in_transit, safety, target) or None."""
    rows = db.query("SELECT on_hand, reserved, in_transit, safety_qty,"
                    " target_qty FROM stock_balance WHERE warehouse_id ="
                    f" {wh} AND product_id = {pid}")
    if not rows:
        return None
    return tuple(None if v in (None, "") else int(v) for v in rows[0])


def n_audit(db, wid, action=None):
    extra = f" AND action = '{action}'" if action else ""
    return int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE entity ="
                         f" 'warehouse' AND entity_id = {wid}{extra}"))


def form(**kw):
    f = {"code": "", "name": "", "kind": "branch", "unit": "", "party": "",
         "region": "", "address": "", "contact": "", "phone": "", "note": ""}
    f.update({k: str(v) for k, v in kw.items()})
    return f


def alert_map(resp):
    """{(warehouse code, product code): alert element}."""
    return {(a.get("warehouse-code"), a.get("product-code")): a
            for a in resp.doc.findall("stock-alerts/alert")}


def set_safety(b, code, lines, status=303):
    return b.send(f"/warehouses/{WH[code]}/safety", {"lines": lines},
                  status)


# ------------------------------------------------------------ the list

def test_list_search_filter_sort_csv(env, user):
    db, _ = env
    b = user("admin")
    x = b.page("/warehouses")
    assert codes(x) == sorted(WH)
    lst = x.doc.find("warehouse-list")
    assert lst.get("total") == "6" and lst.get("can-edit") == "true"
    assert {"HQ", "SH", "SH-SD", "GZ"} <= \
        {e.get("code") for e in lst.findall("units/unit-option")}
    ash = [e for e in lst.findall("warehouse") if e.get("code") == "WH-ASH"][0]
    assert ash.get("party-code") == "A-SH" and ash.get("unit-code") == "SH-SD"
    assert codes(b.page("/warehouses?kind=agent")) == ["WH-ASH"]
    assert codes(b.page("/warehouses?status=closed")) == ["WH-OLD"]
    assert codes(b.page("/warehouses?q=SH")) == ["WH-ASH", "WH-CSH", "WH-SH"]
    assert codes(b.page("/warehouses?q=%E4%B8%8A%E6%B5%B7")) == \
        ["WH-OLD", "WH-SH"]  # 上海 in the name
    assert set(codes(b.page(f"/warehouses?unit={unit_id(db, 'SH')}"))) == \
        SH_SCOPE
    assert codes(b.page("/warehouses?sort=code&dir=desc")) == \
        sorted(WH, reverse=True)
    assert codes(b.page("/warehouses?sort=kind"))[0] == "WH-ASH"
    for sort in ("name", "unit", "status"):
        assert len(codes(b.page(f"/warehouses?sort={sort}&dir=desc"))) == 6
    assert b.get("/warehouses?sort=drop").status == 400
    assert b.get("/warehouses?kind=x").status == 400
    rows = csv_rows(b.get("/warehouses.csv?kind=consignment"))
    assert rows[0][:4] == ["code", "name", "kind", "status"]
    assert [r[0] for r in rows[1:]] == ["WH-CSH"]
    assert rows[1][6] == "A-SH"


# ------------------------------------------------------------ scope

@pytest.mark.parametrize("login", ["wh-sh", "mgr-sh"])
def test_scope_of_branch_staff(env, user, login):
    db, _ = env
    b = user(login)
    assert set(codes(b.page("/warehouses"))) == SH_SCOPE
    rows = csv_rows(b.get("/warehouses.csv"))
    assert {r[0] for r in rows[1:]} == SH_SCOPE
    denied = int(db.scalar("SELECT COUNT(*) FROM audit_log"
                           " WHERE action = 'denied'"))
    for code in ("WH-HQ", "WH-GZ"):
        wid = WH[code]
        assert b.get(f"/warehouses/{wid}").status == 404
        r = b.get(f"/warehouses/{wid}.xml", xml=True)
        assert r.status == 404 and r.error_code == "not_found"
        if login == "mgr-sh":
            assert b.get(f"/warehouses/{wid}/safety.csv").status == 404
            assert b.get(f"/warehouses/{wid}/edit").status == 404
            r = b.post(f"/warehouses/{wid}/close", {"version": "1"},
                       xml=True)
            assert r.status == 404
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log"
                         " WHERE action = 'denied'")) > denied
    # the same answer as a missing id
    assert b.get("/warehouses/9499999999.xml", xml=True).status == 404
    x = b.page(f"/warehouses/{WH['WH-SH']}")
    w = x.doc.find("warehouse")
    assert w.get("code") == "WH-SH" and w.find("history") is not None
    assert (w.get("can-edit") == "true") == (login == "mgr-sh")
    # the alerts' filter offers the active warehouses of the scope
    a = b.page("/stock/alerts")
    assert set(codes(a, "stock-alerts/warehouses/warehouse-option")) == \
        SH_SCOPE - {"WH-OLD"}
    assert wh_row(db, "WH-HQ") == ["active", "1"]


def test_scope_of_an_agent(env, user):
    b = user("agent-t-sh")
    assert codes(b.page("/warehouses")) == ["WH-ASH", "WH-CSH"]
    rows = csv_rows(b.get("/warehouses.csv"))
    assert [r[0] for r in rows[1:]] == ["WH-ASH", "WH-CSH"]
    for code in ("WH-SH", "WH-HQ", "WH-OLD"):
        assert b.get(f"/warehouses/{WH[code]}").status == 404
        assert b.get(f"/warehouses/{WH[code]}.xml", xml=True).status == 404
    w = b.page(f"/warehouses/{WH['WH-CSH']}").doc.find("warehouse")
    assert w.get("party-code") == "A-SH"
    assert w.get("can-edit") is None and w.find("history") is None
    assert w.find("stock").get("on-hand") == "30"
    # no warehouse.edit
    assert b.get("/warehouses/new").status == 403
    assert b.get(f"/warehouses/{WH['WH-CSH']}/safety").status == 403


@pytest.mark.parametrize("login", ["dealer-t-sh1", "dealer-t-gz1"])
def test_dealers_are_refused(env, user, login):
    b = user(login)
    for path in ("/warehouses", "/warehouses.csv", "/stock/alerts",
                 "/stock/alerts.csv", f"/warehouses/{WH['WH-CSH']}",
                 f"/warehouses/{WH['WH-CSH']}/safety"):
        assert b.get(path).status == 403, path
        assert b.get(path, xml=True).status == 403, path
    r = b.post("/warehouses/new", form(code="WH-X", name="x"), xml=True)
    assert r.status == 403


def test_who_may_edit(env, user):
    # director and the warehouse clerks see, but do not edit
    for login in ("director", "wh-sh", "warehouse"):
        b = user(login)
        assert b.get("/warehouses/new").status == 403
        assert b.get(f"/warehouses/{WH['WH-SH']}/edit").status == 403
        assert b.post(f"/warehouses/{WH['WH-SH']}/safety",
                      {"lines": "X 1"}, xml=True).status == 403
        assert b.page("/warehouses").doc.find(
            "warehouse-list").get("can-edit") is None


# ------------------------------------------------------------ create

def test_create_with_validation(env, user):
    db, _ = env
    b = user("mgr-sh")
    n = int(db.scalar("SELECT COUNT(*) FROM warehouse"))
    x = b.page("/warehouses/new")
    f = x.doc.find("warehouse-form")
    assert f.get("unit") == unit_id(db, "SH")
    assert "A-SH" in codes(x, "warehouse-form/agent-option")
    assert "A-GZ" not in codes(x, "warehouse-form/agent-option")
    assert {u.get("code") for u in f.findall("unit-option")} >= \
        {"SH", "SH-SD"}
    assert "GZ" not in {u.get("code") for u in f.findall("unit-option")}
    sh, gz = unit_id(db, "SH"), unit_id(db, "GZ")
    bad = [
        (form(code="WH-SH", name="dup", unit=sh), ("code", "code_taken")),
        (form(code="WH-T1", name="", unit=sh), ("name", "required")),
        (form(code="WH 1", name="x", unit=sh), ("code", "bad_code")),
        (form(code="WH-T1", name="x", unit="9999999"),
         ("unit", "no_such_unit")),
        (form(code="WH-T1", name="x", unit=gz), ("unit", "no_such_unit")),
        (form(code="WH-T1", name="x", unit=sh, party="A-SH"),
         ("party", "party_not_allowed")),
        (form(code="WH-T1", name="x", kind="central", unit=sh,
              party="A-SH"), ("party", "party_not_allowed")),
        (form(code="WH-T1", name="x", kind="agent"), ("party", "required")),
        (form(code="WH-T1", name="x", kind="consignment", party="D-SH1"),
         ("party", "not_an_agent")),
        (form(code="WH-T1", name="x", kind="agent", party="A-GZ"),
         ("party", "no_such_party")),
        (form(code="WH-T1", name="x", kind="agent", party="NOPE"),
         ("party", "no_such_party")),
        (form(code="WH-T1", name="x", kind="shop", unit=sh),
         ("kind", "bad_choice")),
        (form(code="WH-T1", name="x", unit=sh, region="99999999"),
         ("region", "no_such_region")),
        (form(code="WH-T1", name="x" * 101, unit=sh), ("name", "too_long")),
    ]
    for fields, want in bad:
        r = b.send("/warehouses/new", fields, 422)
        got = messages(r)
        if want == ("kind", "bad_choice"):
            assert any(fld == "kind" for fld, _ in got), got
        else:
            assert want in got, (fields, got)
        # what was typed comes back
        assert r.doc.find("warehouse-form").get("code") == fields["code"]
    assert int(db.scalar("SELECT COUNT(*) FROM warehouse")) == n

    # a branch warehouse with hostile text
    evil = '<script>alert("x")</script> & 仓'
    r = b.send("/warehouses/new",
               form(code="WH-T1", name=evil, unit=sh, contact=evil,
                    address=evil + "\nsecond line", note=evil,
                    phone="021-1234"), 303)
    loc = r.header("Location")
    assert loc.startswith("/warehouses/") and loc.endswith("?done=created")
    wid = int(loc.split("/")[2].split("?")[0])
    assert wh_row(db, "WH-T1", "kind, unit_id, COALESCE(party_id, 0),"
                  " status, name") == ["branch", sh, "0", "active", evil]
    assert n_audit(db, wid, "create") == 1
    # the same form again: refused, still one row
    r = b.send("/warehouses/new", form(code="WH-T1", name="again", unit=sh),
               422)
    assert ("code", "code_taken") in messages(r)
    assert int(db.scalar("SELECT COUNT(*) FROM warehouse"
                         " WHERE code = 'WH-T1'")) == 1
    # shown escaped, never as markup
    x = b.page(f"/warehouses/{wid}?done=created")
    w = x.doc.find("warehouse")
    assert w.get("name") == evil and w.get("contact") == evil
    h = b.get(f"/warehouses/{wid}")
    assert b"<script>alert" not in h.body
    assert b"&lt;script&gt;alert" in h.body
    root = qs.assert_html_page(h)
    assert root.findtext(".//h1") == evil
    assert [e.get("action") for e in w.findall("history/entry")] == \
        ["create"]

    # an agent warehouse: the unit is the agent's servicing unit
    r = b.send("/warehouses/new",
               form(code="WH-T2", name="agent two", kind="agent",
                    party="A-SH", unit=sh), 303)
    row = wh_row(db, "WH-T2", "kind, unit_id, party_id")
    assert row == ["agent", unit_id(db, "SH-SD"),
                   str(channel.PARTY["A-SH"])]
    # the agent sees it now
    assert "WH-T2" in codes(user("agent-t-sh").page("/warehouses"))


# ------------------------------------------------------------ edit

def test_edit_and_stale_version(env, user):
    db, _ = env
    b = user("mgr-sh")
    wid = int(wh_row(db, "WH-T1", "id")[0])
    sh = unit_id(db, "SH")
    x = b.page(f"/warehouses/{wid}/edit")
    f = x.doc.find("warehouse-form")
    assert f.get("version") == "1" and f.get("fixed") is None
    # no moves yet: the code may still be corrected
    r = b.send(f"/warehouses/{wid}/edit",
               form(code="WH-T1B", name="renamed", unit=sh, version=1), 303)
    assert r.header("Location") == f"/warehouses/{wid}?done=saved"
    assert wh_row(db, "WH-T1B", "name, version") == ["renamed", "2"]
    assert n_audit(db, wid, "update") == 1
    # a second save from the old form: 409, both values on the page
    r = b.send(f"/warehouses/{wid}/edit",
               form(code="WH-T1B", name="mine", unit=sh, version=1), 409)
    f = r.doc.find("warehouse-form")
    assert f.get("name") == "mine" and f.get("version") == "2"
    assert f.find("conflict").get("name") == "renamed"
    assert ("", "conflict") in {(m.get("field") or "", m.get("code"))
                                for m in r.doc.findall("messages/message")}
    h = b.post(f"/warehouses/{wid}/edit",
               form(code="WH-T1B", name="mine", unit=sh, version=1))
    assert h.status == 409
    qs.assert_html_page(h)
    assert wh_row(db, "WH-T1B", "name, version") == ["renamed", "2"]
    # a bad version field is a 422
    b.send(f"/warehouses/{wid}/edit",
           form(code="WH-T1B", name="x", unit=sh, version="abc"), 422)
    # a warehouse with stock moves keeps its code and kind
    x = b.page(f"/warehouses/{WH['WH-SH']}/edit")
    f = x.doc.find("warehouse-form")
    assert f.get("fixed") == "true"
    v = f.get("version")
    r = b.send(f"/warehouses/{WH['WH-SH']}/edit",
               form(code="WH-SH2", name="上海分仓", kind="central", unit=sh,
                    version=v), 422)
    assert {("code", "code_fixed"), ("kind", "kind_fixed")} <= messages(r)
    r = b.send(f"/warehouses/{WH['WH-SH']}/edit",
               form(code="WH-SH", name="上海分仓", unit=sh, contact="王",
                    address="浦东", version=v), 303)
    assert wh_row(db, "WH-SH", "code, contact, address") == \
        ["WH-SH", "王", "浦东"]
    # kind agent needs the party; changing the unit to one outside the
    # scope is refused
    b.send(f"/warehouses/{wid}/edit",
           form(code="WH-T1B", name="x", kind="agent", version=2), 422)
    b.send(f"/warehouses/{wid}/edit",
           form(code="WH-T1B", name="x", unit=unit_id(db, "GZ"), version=2),
           422)


# ------------------------------------------------------------ close

def insert_stock(db, wid, pid, base):
    """Put on hand 5, reserved 2 and in transit 3 of product pid into
    warehouse wid, as moves and their balance row (the ledger holds)."""
    ts = (f"'{channel.NOW}'" if db.kind == "sqlite"
          else f"TIMESTAMP '{channel.NOW}'")
    day = "'2026-01-03'" if db.kind == "sqlite" else "DATE '2026-01-03'"
    sql = []
    for i, (bucket, kind, qty) in enumerate((("on_hand", "receipt", 5),
                                             ("reserved", "reserve", 2),
                                             ("in_transit", "transfer_in",
                                              3))):
        sql.append(
            "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
            " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
            f" user_id) VALUES ({base + i}, {wid}, {pid}, '{bucket}',"
            f" '{kind}', {qty}, 'test', {base}, 1, {day}, {ts}, NULL)")
    sql.append("INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
               " reserved, in_transit, last_move_on, updated_at) VALUES"
               f" ({wid}, {pid}, 5, 2, 3, {day}, {ts})")
    db.write(*sql)


def test_close_and_reopen(env, user):
    db, _ = env
    b = user("mgr-sh")
    # stock on hand: refused, nothing changed
    st, v = wh_row(db, "WH-SH")
    r = b.send(f"/warehouses/{WH['WH-SH']}/close", {"version": v}, 422)
    assert ("status", "has_stock") in messages(r)
    assert r.doc.find("warehouse").get("code") == "WH-SH"
    assert wh_row(db, "WH-SH") == [st, v]
    h = b.post(f"/warehouses/{WH['WH-SH']}/close", {"version": v})
    assert h.status == 422
    assert h.html.xpath("//ul[@class='field-errors']")
    # already closed
    r = b.send(f"/warehouses/{WH['WH-OLD']}/close",
               {"version": wh_row(db, "WH-OLD")[1]}, 422)
    assert ("status", "bad_transition") in messages(r)
    # an empty warehouse: a stale version is a 409, then it closes
    wid = int(wh_row(db, "WH-T1B", "id")[0])
    v = wh_row(db, "WH-T1B")[1]
    r = b.send(f"/warehouses/{wid}/close", {"version": int(v) - 1}, 409)
    assert wh_row(db, "WH-T1B")[0] == "active"
    r = b.send(f"/warehouses/{wid}/close", {"version": v}, 303)
    assert r.header("Location") == f"/warehouses/{wid}?done=closed"
    assert wh_row(db, "WH-T1B")[0] == "closed"
    assert n_audit(db, wid, "close") == 1
    x = b.page(f"/warehouses/{wid}?done=closed")
    assert x.doc.find("warehouse").get("status") == "closed"
    r = b.send(f"/warehouses/{wid}/reopen",
               {"version": wh_row(db, "WH-T1B")[1]}, 303)
    assert wh_row(db, "WH-T1B")[0] == "active"
    r = b.send(f"/warehouses/{wid}/reopen",
               {"version": wh_row(db, "WH-T1B")[1]}, 422)
    assert ("status", "bad_transition") in messages(r)
    # reserved and in transit, each named
    wid2 = int(wh_row(db, "WH-T2", "id")[0])
    insert_stock(db, wid2, product(db, 2)[0], 9490000001)
    r = b.send(f"/warehouses/{wid2}/close",
               {"version": wh_row(db, "WH-T2")[1]}, 422)
    assert {("status", "has_stock"), ("status", "has_reserved"),
            ("status", "in_transit")} <= messages(r)
    s = r.doc.find("warehouse/stock")
    assert (s.get("on-hand"), s.get("reserved"), s.get("in-transit")) == \
        ("5", "2", "3")
    assert wh_row(db, "WH-T2")[0] == "active"
    # agents and clerks may not
    assert user("wh-sh").post(f"/warehouses/{wid}/close",
                              {"version": "1"}, xml=True).status == 403


# ------------------------------------------------------------ safety stock

def test_safety_stock_settings(env, user):
    db, _ = env
    b = user("mgr-sh")
    p3, c3 = product(db, 3)
    p4, c4 = product(db, 4)
    p1, c1 = product(db, 1)
    sh = WH["WH-SH"]
    x = b.page(f"/warehouses/{sh}/safety")
    s = x.doc.find("warehouse-safety")
    assert s.get("can-set") == "true" and s.find("setting") is None
    before = n_audit(db, sh, "safety")
    # refused: nothing written
    for lines, want in [
            (f"{c3} 10 5", "target_below_safety"),
            (f"{c3} -1", "bad_qty"),
            (f"{c3} 1.5", "bad_qty"),
            (f"{c3} 1 2 3", "bad_line"),
            ("NO-SUCH 1", "no_product"),
            (f"{c3} 1\n{c3} 2", "duplicate"),
            (f"{c3} 1000000001", "bad_qty"),
            ("", "required"),
            (" \n \n", "required")]:
        r = set_safety(b, "WH-SH", lines, 422)
        assert ("lines", want) in messages(r), (lines, messages(r))
        assert r.doc.find("warehouse-safety").get("lines") == lines or \
            not lines.strip()
    assert balance(db, sh, p3) == (5, 0, 0, None, None)
    assert n_audit(db, sh, "safety") == before
    # P3 safety 10 (on hand 5); P4 never moved here: a zero row
    r = set_safety(b, "WH-SH", f"{c3} 10\r\n\n{c4}, 2, 4\n")
    assert r.header("Location") == f"/warehouses/{sh}/safety?done=saved"
    assert balance(db, sh, p3) == (5, 0, 0, 10, None)
    assert balance(db, sh, p4) == (0, 0, 0, 2, 4)
    assert n_audit(db, sh, "safety") == before + 1
    detail = db.scalar("SELECT detail FROM audit_log WHERE entity ="
                       f" 'warehouse' AND entity_id = {sh} AND action ="
                       " 'safety'")
    assert f"{c3} safety:" in detail and "10" in detail
    # the same again changes nothing and records nothing
    set_safety(b, "WH-SH", f"{c3} 10\n{c4} 2 4")
    assert n_audit(db, sh, "safety") == before + 1
    x = b.page(f"/warehouses/{sh}/safety?done=saved")
    sets = {e.get("code"): e for e in
            x.doc.findall("warehouse-safety/setting")}
    assert set(sets) == {c3, c4}
    assert sets[c3].get("below") == "true" and sets[c3].get("safety") == "10"
    assert sets[c4].get("target") == "4" and sets[c4].get("on-hand") == "0"
    x = b.page(f"/warehouses/{sh}/safety?q={c4}&sort=name&dir=desc")
    assert codes(x, "warehouse-safety/setting") == [c4]
    rows = csv_rows(b.get(f"/warehouses/{sh}/safety.csv"))
    assert rows[0][:3] == ["product", "name", "unit"]
    assert {r[0] for r in rows[1:]} == {c3, c4}
    # a code alone clears; the zero row stays (the ledger is untouched)
    set_safety(b, "WH-SH", c4)
    assert balance(db, sh, p4) == (0, 0, 0, None, None)
    # the show page counts it
    st = b.page(f"/warehouses/{sh}").doc.find("warehouse/stock")
    assert (st.get("below"), st.get("settings"), st.get("products")) == \
        ("1", "1", "3")
    # a closed warehouse takes none
    r = set_safety(b, "WH-OLD", f"{c3} 1", 422)
    assert ("lines", "closed") in messages(r)
    assert balance(db, WH["WH-OLD"], p3) is None
    # the consignment warehouse: P1 30 on hand, safety 50
    set_safety(b, "WH-CSH", f"{c1} 50 60")
    assert balance(db, WH["WH-CSH"], p1) == (30, 0, 0, 50, 60)


# ------------------------------------------------------------ alerts

def test_alerts_and_suggested_source(env, user):
    db, _ = env
    p3, c3 = product(db, 3)
    p1, c1 = product(db, 1)
    d = user("director")
    x = d.page("/stock/alerts")
    al = alert_map(x)
    assert set(al) == {("WH-SH", c3), ("WH-CSH", c1)}
    a = al[("WH-SH", c3)]
    assert (a.get("on-hand"), a.get("available"), a.get("in-transit"),
            a.get("safety"), a.get("target"), a.get("reorder")) == \
        ("5", "5", "0", "10", None, "5")
    # the warehouse with the most available that can give 5 and keep its
    # own safety stock
    src = a.find("source")
    assert (src.get("code"), src.get("available")) == ("WH-HQ", "50")
    c = al[("WH-CSH", c1)]
    assert c.get("reorder") == "30"  # target 60 - 30
    assert c.find("source").get("code") == "WH-HQ"
    # in the SH scope HQ is out of sight: CSH gets SH (40 available),
    # SH's P3 gets none
    m = user("mgr-sh")
    al = alert_map(m.page("/stock/alerts"))
    assert al[("WH-SH", c3)].find("source") is None
    src = al[("WH-CSH", c1)].find("source")
    assert (src.get("code"), src.get("available")) == ("WH-SH", "40")
    # the source keeps its own safety stock: HQ's P3 safety 46 leaves 4
    a = user("admin")
    a.send(f"/warehouses/{WH['WH-HQ']}/safety", {"lines": f"{c3} 46"}, 303)
    al = alert_map(d.page("/stock/alerts"))
    assert al[("WH-SH", c3)].find("source") is None
    a.send(f"/warehouses/{WH['WH-HQ']}/safety", {"lines": f"{c3} 45"}, 303)
    al = alert_map(d.page("/stock/alerts"))
    assert al[("WH-SH", c3)].find("source").get("code") == "WH-HQ"
    # a target raises the reorder (target 30 - 5 = 25 > 50 - 45)
    m.send(f"/warehouses/{WH['WH-SH']}/safety",
           {"lines": f"{c3} 10 30"}, 303)
    al = alert_map(d.page("/stock/alerts"))
    assert al[("WH-SH", c3)].get("reorder") == "25"
    assert al[("WH-SH", c3)].find("source") is None
    # filters
    cat = db.scalar(f"SELECT category_id FROM product WHERE id = {p3}")
    other = db.scalar("SELECT id FROM category WHERE id <> "
                      f"{cat} AND parent_id IS NOT NULL ORDER BY id")
    assert set(alert_map(d.page(f"/stock/alerts?category={cat}"))) == \
        {("WH-SH", c3)} | ({("WH-CSH", c1)} if db.scalar(
            f"SELECT category_id FROM product WHERE id = {p1}") == cat
            else set())
    assert ("WH-SH", c3) not in alert_map(
        d.page(f"/stock/alerts?category={other}"))
    parent = db.scalar(f"SELECT parent_id FROM category WHERE id = {cat}")
    if parent is not None:
        assert ("WH-SH", c3) in alert_map(
            d.page(f"/stock/alerts?category={parent}"))
    assert set(alert_map(d.page(
        f"/stock/alerts?warehouse={WH['WH-CSH']}"))) == {("WH-CSH", c1)}
    assert set(alert_map(d.page(f"/stock/alerts?q={c3}"))) == {("WH-SH", c3)}
    assert set(alert_map(d.page(
        f"/stock/alerts?unit={unit_id(db, 'SH-SD')}"))) == {("WH-CSH", c1)}
    x = d.page("/stock/alerts?sort=reorder&dir=desc")
    assert [e.get("reorder") for e in
            x.doc.findall("stock-alerts/alert")] == ["30", "25"]
    x = d.page("/stock/alerts?sort=available")
    assert codes(x, "stock-alerts/alert", "warehouse-code") == \
        ["WH-SH", "WH-CSH"]
    x = d.page("/stock/alerts?sort=product&dir=desc")
    assert len(x.doc.findall("stock-alerts/alert")) == 2
    # CSV: the same rows, quantities and the source
    rows = csv_rows(d.get("/stock/alerts.csv?sort=warehouse"))
    assert rows[0] == ["warehouse", "warehouse_name", "product", "name",
                       "unit", "on_hand", "reserved", "available",
                       "in_transit", "safety", "target", "reorder",
                       "source", "source_name", "source_available"]
    byk = {(r[0], r[2]): r for r in rows[1:]}
    assert set(byk) == {("WH-SH", c3), ("WH-CSH", c1)}
    assert byk[("WH-CSH", c1)][5:12] == ["30", "0", "30", "0", "50", "60",
                                         "30"]
    assert byk[("WH-CSH", c1)][12] == "WH-HQ"
    assert byk[("WH-CSH", c1)][14] == "500"
    # the agent sees its consignment warehouse's alert, with no source
    # (SH is not its warehouse)
    al = alert_map(user("agent-t-sh").page("/stock/alerts"))
    assert set(al) == {("WH-CSH", c1)}
    assert al[("WH-CSH", c1)].find("source") is None
    # a closed warehouse has no alerts
    assert not [k for k in alert_map(d.page("/stock/alerts"))
                if k[0] == "WH-OLD"]
    # GZ staff see none of these
    assert alert_map(user("mgr-gz").page("/stock/alerts")) == {}
    assert len(csv_rows(user("mgr-gz").get("/stock/alerts.csv"))) == 1


def test_no_quantities_without_stock_qty(env, user):
    db, _ = env
    p3, c3 = product(db, 3)
    b = user("viewer-sh")
    x = b.page("/stock/alerts")
    assert x.doc.find("stock-alerts").get("qty") is None
    a = alert_map(x)[("WH-SH", c3)]
    for attr in ("on-hand", "reserved", "available", "in-transit", "safety",
                 "target", "reorder"):
        assert a.get(attr) is None, attr
    # an order by the quantities falls back to the warehouse
    x = b.page("/stock/alerts?sort=reorder")
    assert x.doc.find("stock-alerts").get("sort") == "warehouse"
    rows = csv_rows(b.get("/stock/alerts.csv"))
    assert all(r[5:12] == [""] * 7 for r in rows[1:])
    st = b.page(f"/warehouses/{WH['WH-SH']}").doc.find("warehouse/stock")
    assert st.get("on-hand") is None and st.get("products") == "3"


def test_pages_of_every_kind_validate(env, user):
    """Every page of the module, as XML (validated) and HTML, for a user
    of each kind that may see it, in both languages."""
    db, _ = env
    for login in ("admin", "mgr-sh", "wh-sh", "agent-t-sh", "finance"):
        b = user(login)
        wid = WH["WH-CSH"]
        b.page("/warehouses")
        b.page(f"/warehouses/{wid}")
        b.page("/stock/alerts")
        b.page("/stock/alerts?page=9")
    b = user("admin")
    for path in ("/warehouses/new", f"/warehouses/{WH['WH-HQ']}/edit",
                 f"/warehouses/{WH['WH-OLD']}/safety",
                 f"/warehouses/{WH['WH-OLD']}",
                 f"/warehouses/{WH['WH-HQ']}/safety?page=3"):
        b.page(path)
    en = Browser(env[1]).login("mgr-sh")
    en.jar["lang"] = "en"
    for path in ("/warehouses", f"/warehouses/{WH['WH-SH']}",
                 f"/warehouses/{WH['WH-SH']}/safety", "/stock/alerts",
                 "/warehouses/new"):
        h = en.get(path)
        assert h.status == 200
        assert qs.assert_html_page(h).get("lang") == "en"


def test_every_statement_prepares(env):
    """`qudao check --sql`: every statement of the program, this module's
    included, prepares on this engine (PORTABILITY.md item 13)."""
    r = env[0].run("check", "--sql")
    assert r.returncode == 0, r.stdout + r.stderr
