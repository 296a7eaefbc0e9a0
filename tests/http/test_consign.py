"""test_consign.py - consignment (issue 6): /consignment (the company's
stock at the agents, with its age), the sell-through reports
/consignment/reports[/new|/{id}[/edit|/submit|/post|/cancel|/print]].

Each database kind gets its own database: the demo company, the known
channel of channel.py and the warehouses and stock of stockenv.py
(WH-CSH, the consignment warehouse of agent A-SH, holds 30 of P1), plus,
written here before the stack starts, older arrivals of P2 in WH-CSH
(AGED) to check the age buckets.  Logins: agent-t-sh (A-SH's own user),
mgr-sh / wh-sh (branch SH, which services A-SH), mgr-gz (branch GZ: out
of scope), dealer-t-sh1 (no inventory permission).

The database is the oracle: after every test each stock balance equals
the sum of its moves and each account balance its ledger (`qudao check
--stock` and `--accounts`).
"""
import datetime

import pytest

import channel
import stack as qs
import stockenv

PW = qs.DEMO_PASSWORD
P = channel.PARTY
WH = stockenv.WH

# Arrivals of P2 in WH-CSH: (days ago, quantity), and one sale.
AGED = [(100, 10), (70, 5), (40, 8), (10, 4)]
AGED_SOLD = (5, 7)          # (days ago, quantity) issued
AGED_ON_HAND = 20           # 27 - 7: 4 + 8 + 5 of the newest, 3 of the oldest


def day(days_ago):
    return (datetime.datetime.now(datetime.timezone.utc).date()
            - datetime.timedelta(days=days_ago)).isoformat()


def setup_aged(db):
    """The arrivals of AGED (and one sale) as moves with their balance
    row, keeping the balance equal to the sum of the moves."""
    p2 = stockenv.products(db)[2]
    ts = (f"'{channel.NOW}'" if db.kind == "sqlite"
          else f"TIMESTAMP '{channel.NOW}'")

    def dt(d):
        return f"'{d}'" if db.kind == "sqlite" else f"DATE '{d}'"

    sql, move = [], 9420000000
    moves = [(ago, qty, "receipt") for ago, qty in AGED]
    moves.append((AGED_SOLD[0], -AGED_SOLD[1], "issue"))
    for n, (ago, qty, kind) in enumerate(moves, 1):
        move += 1
        sql.append(
            "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
            " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
            f" user_id) VALUES ({move}, {WH['WH-CSH']}, {p2}, 'on_hand',"
            f" '{kind}', {qty}, 'agetest', 1, {n}, {dt(day(ago))}, {ts},"
            " NULL)")
    sql.append(
        "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
        " reserved, in_transit, last_move_on, updated_at) VALUES"
        f" ({WH['WH-CSH']}, {p2}, {AGED_ON_HAND}, 0, 0,"
        f" {dt(day(AGED_SOLD[0]))}, {ts})")
    db.write(*sql)


class Browser(qs.Browser):
    demo_password = PW


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from stockenv.environment(db_kind, tmp_path_factory, "consign", PW,
                                    setup_aged)


@pytest.fixture(scope="module")
def login(env):
    """login(name): a signed-in Browser, one session per login."""
    return qs.logins(env[1], Browser)


@pytest.fixture(scope="module")
def codes(env):
    """Product index -> code (P0, P1 ... of stockenv)."""
    db = env[0]
    ids = stockenv.products(db)
    return [db.scalar(f"SELECT code FROM product WHERE id = {i}")
            for i in ids]


@pytest.fixture(autouse=True)
def invariants(env):
    """After every test: stock balances equal their moves, accounts their
    ledger."""
    yield
    db = env[0]
    stockenv.check_stock(db)
    r = db.run("check", "--accounts")
    assert "0 mismatches" in r.stdout, r.stdout


# ------------------------------------------------------------------ helpers

def on_hand(db, wh, idx):
    p = stockenv.products(db)[idx]
    v = db.query(f"SELECT on_hand FROM stock_balance WHERE warehouse_id ="
                 f" {WH[wh]} AND product_id = {p}")
    return int(v[0][0]) if v else 0


def receivable(db, code="A-SH"):
    return int(db.scalar("SELECT receivable FROM party_account WHERE"
                         f" party_id = {P[code]}"))


def counts(db):
    """What a refused action must leave alone."""
    return tuple(int(db.scalar(f"SELECT COUNT(*) FROM {t}")) for t in
                 ("stock_move", "ledger_entry", "stock_doc", "stock_doc_line"))


def messages(resp):
    return {(m.get("field"), m.get("code"))
            for m in resp.doc.findall("messages/message")}


def new_form(b):
    r = b.get("/consignment/reports/new.xml", xml=True)
    assert r.status == 200, r
    qs.assert_valid_page(r)
    return r.doc.find("consign-form")


def create(b, lines, wh="WH-CSH", doc_on=None, **kw):
    """Save a new report (a draft); returns the response (303 on
    success)."""
    f = new_form(b)
    fields = {"doc": f.get("doc"), "warehouse": str(WH[wh]),
              "doc_on": doc_on or day(0), "lines": lines}
    fields.update(kw)
    return b.post("/consignment/reports/new", fields, xml=True)


def report_id(resp):
    assert resp.status == 303, resp
    loc = resp.header("Location")
    assert loc.startswith("/consignment/reports/"), loc
    return int(loc.split("/")[3].split("?")[0])


def report(b, rid):
    r = b.get(f"/consignment/reports/{rid}.xml", xml=True)
    assert r.status == 200, r
    qs.assert_valid_page(r)
    return r.doc.find("consign-report")


def act(b, rid, action, version=None):
    if version is None:
        version = report(b, rid).get("version")
    return b.post(f"/consignment/reports/{rid}/{action}",
                  {"version": version}, xml=True)


# ------------------------------------------------------------------ reports

def test_agent_reports_staff_post(env, login, codes):
    db, _ = env
    agent, mgr = login("agent-t-sh"), login("mgr-sh")
    before = receivable(db)
    assert on_hand(db, "WH-CSH", 1) == 30
    rid = report_id(create(agent, f"{codes[1]} 12 sold in November",
                           ref_no="PJ-1101"))
    doc = report(agent, rid)
    assert doc.get("status") == "draft" and doc.get("by-agent") == "true"
    assert doc.get("doc-no").startswith("JS-")
    assert doc.get("can-edit") == "true" and doc.get("can-submit") == "true"
    assert doc.get("can-post") is None
    line = doc.find("line")
    price = int(line.get("price"))
    assert price > 0 and line.get("qty") == "12"
    assert line.get("note") == "sold in November"
    assert int(doc.get("amount")) == 12 * price
    # nothing moved yet; staff cannot post the agent's draft
    assert on_hand(db, "WH-CSH", 1) == 30
    assert report(mgr, rid).get("can-post") is None
    n = counts(db)
    r = act(mgr, rid, "post")
    assert r.status == 409 and ("not_submitted" in
                                {m.get("code") for m in
                                 r.doc.findall("messages/message")})
    assert counts(db) == n
    # the agent hands it in, the agent may not post
    assert act(agent, rid, "post").status == 403
    r = act(agent, rid, "submit")
    assert r.status == 303, r
    assert r.header("Location").endswith("?done=submitted")
    doc = report(mgr, rid)
    assert doc.get("status") == "pending" and doc.get("can-post") == "true"
    assert report(agent, rid).get("can-edit") is None
    # staff post it: stock issued, the agent charged
    r = act(mgr, rid, "post")
    assert r.status == 303, r
    assert r.header("Location") == f"/consignment/reports/{rid}?done=posted"
    assert on_hand(db, "WH-CSH", 1) == 18
    rows = db.query("SELECT kind, bucket, amount, party_id, entry_on,"
                    " due_on FROM ledger_entry WHERE source_type ="
                    f" 'sellthru' AND source_id = {rid}")
    assert len(rows) == 1
    kind, bucket, amount, party, entry_on, due_on = rows[0]
    assert (kind, bucket, int(amount), int(party)) == \
        ("receivable", "receivable", 12 * price, P["A-SH"])
    assert entry_on[:10] == day(0) and due_on[:10] == day(-30)
    assert receivable(db) == before + 12 * price
    moves = db.query("SELECT kind, qty, doc_type, line_no FROM stock_move"
                     f" WHERE doc_id = {rid} AND doc_type = 'sellthru'")
    assert moves == [["sellthru", "-12", "sellthru", "1"]]
    doc = report(mgr, rid)
    assert doc.get("status") == "posted" and doc.get("posted-by") == "mgr-sh"
    e = doc.find("entry")
    assert int(e.get("amount")) == 12 * price
    assert e.get("due-on") == day(-30)
    assert [h.get("action") for h in doc.findall("history/entry")] == \
        ["post", "submit", "create"]
    db.run("check", "--accounts")
    stockenv.check_stock(db)
    # the pages, in both formats
    for b in (agent, mgr):
        b.page(f"/consignment/reports/{rid}")
        r = b.get(f"/consignment/reports/{rid}/print")
        assert r.status == 200
        root = qs.assert_html_page(r)
        assert "print-view" in root.find("body").get("class")
        x = b.get(f"/consignment/reports/{rid}/print.xml", xml=True)
        qs.assert_valid_page(x)
        assert x.doc.find("consign-print/entry") is not None


def test_double_posting(env, login, codes):
    db, _ = env
    mgr = login("wh-sh")
    rid = report_id(create(mgr, f"{codes[1]} 1 5.00"))
    doc = report(mgr, rid)
    assert doc.get("can-post") == "true"  # staff's own draft
    version = doc.get("version")
    assert act(mgr, rid, "post", version).status == 303
    n, oh = counts(db), on_hand(db, "WH-CSH", 1)
    for v in (version, report(mgr, rid).get("version")):
        r = act(mgr, rid, "post", v)
        assert r.status == 409, r
        qs.assert_valid_page(r)
    assert counts(db) == n and on_hand(db, "WH-CSH", 1) == oh
    assert db.scalar("SELECT COUNT(*) FROM ledger_entry WHERE source_type ="
                     f" 'sellthru' AND source_id = {rid}") == "1"
    assert int(db.scalar("SELECT amount FROM ledger_entry WHERE"
                         f" source_type = 'sellthru' AND source_id = {rid}")) \
        == 500
    assert act(mgr, rid, "cancel").status == 409


def test_more_than_on_hand_refused_at_posting(env, login, codes):
    db, _ = env
    agent, mgr = login("agent-t-sh"), login("mgr-sh")
    oh = on_hand(db, "WH-CSH", 1)
    rid = report_id(create(agent, f"{codes[1]} {oh + 1}\n{codes[2]} 1"))
    doc = report(agent, rid)
    assert doc.findall("line")[0].get("short") == "true"
    assert doc.findall("line")[1].get("short") is None
    assert act(agent, rid, "submit").status == 303
    n, recv = counts(db), receivable(db)
    version = report(mgr, rid).get("version")
    r = act(mgr, rid, "post", version)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    msg = r.doc.find("messages/message")
    assert msg.get("code") == "short"
    assert codes[1] in msg.text and "WH-CSH" in msg.text, msg.text
    assert counts(db) == n and receivable(db) == recv
    assert on_hand(db, "WH-CSH", 1) == oh
    assert on_hand(db, "WH-CSH", 2) == AGED_ON_HAND
    doc = report(mgr, rid)
    assert doc.get("status") == "pending" and doc.get("version") == version
    # the HTML page says it too
    r = mgr.post(f"/consignment/reports/{rid}/post", {"version": version})
    assert r.status == 409
    qs.assert_html_page(r)
    # staff turn it down
    assert act(mgr, rid, "cancel").status == 303
    assert report(mgr, rid).get("status") == "cancelled"


def test_closed_period_refused(env, login, codes):
    db, _ = env
    mgr = login("mgr-sh")
    rid = report_id(create(mgr, f"{codes[1]} 1", doc_on=day(3)))
    db.write(f"UPDATE warehouse SET closed_through = '{day(1)}' WHERE"
             f" id = {WH['WH-CSH']}" if db.kind == "sqlite" else
             f"UPDATE warehouse SET closed_through = DATE '{day(1)}' WHERE"
             f" id = {WH['WH-CSH']}")
    try:
        n = counts(db)
        r = act(mgr, rid, "post")
        assert r.status == 409
        assert r.doc.find("messages/message").get("code") == "period_closed"
        assert counts(db) == n
        assert report(mgr, rid).get("status") == "draft"
    finally:
        db.write("UPDATE warehouse SET closed_through = NULL WHERE"
                 f" id = {WH['WH-CSH']}")
    assert act(mgr, rid, "cancel").status == 303


def test_prices(env, login, codes):
    db, _ = env
    agent, mgr = login("agent-t-sh"), login("wh-sh")
    # an agent does not type prices
    n = counts(db)
    r = create(agent, f"{codes[1]} 2 0.01")
    assert r.status == 422 and ("lines", "no_price") in messages(r)
    qs.assert_valid_page(r)
    assert counts(db) == n
    # staff may; a line without one takes the agent's price
    rid = report_id(create(mgr, f"{codes[1]} 2 9.99\n{codes[2]} 3"))
    doc = report(mgr, rid)
    l1, l2 = doc.findall("line")
    assert (l1.get("price"), l1.get("amount")) == ("999", "1998")
    assert int(l2.get("price")) > 0
    assert int(doc.get("amount")) == 1998 + 3 * int(l2.get("price"))
    assert act(mgr, rid, "cancel").status == 303


def test_bad_input_changes_nothing(env, login, codes):
    db, _ = env
    agent = login("agent-t-sh")
    n = counts(db)
    for lines, code in (("NOSUCH 1", "no_product"), (f"{codes[1]} 0",
                                                     "bad_qty"),
                        (f"{codes[1]} 1\n{codes[1]} 2", "duplicate"),
                        ("", "required")):
        r = create(agent, lines)
        assert r.status == 422, (lines, r)
        assert ("lines", code) in messages(r), messages(r)
        qs.assert_valid_page(r)
    r = create(agent, f"{codes[1]} 1", doc_on=day(-2))
    assert r.status == 422 and ("doc_on", "future_date") in messages(r)
    # a warehouse that is not the agent's consignment warehouse
    r = create(agent, f"{codes[1]} 1", wh="WH-SH")
    assert r.status == 422 and ("warehouse", "bad_choice") in messages(r)
    # the form comes back as typed
    f = new_form(agent)
    r = agent.post("/consignment/reports/new",
                   {"doc": f.get("doc"), "warehouse": str(WH["WH-CSH"]),
                    "doc_on": day(0), "lines": "NOSUCH 3"})
    assert r.status == 422
    root = qs.assert_html_page(r)
    assert root.find(".//textarea[@name='lines']").text == "NOSUCH 3"
    # an id the server never handed out
    r = agent.post("/consignment/reports/new",
                   {"doc": "999999999999", "warehouse": str(WH["WH-CSH"]),
                    "doc_on": day(0), "lines": f"{codes[1]} 1"}, xml=True)
    assert r.status == 400
    assert counts(db) == n


def test_double_submission_and_stale_edit(env, login, codes):
    db, _ = env
    agent = login("agent-t-sh")
    f = new_form(agent)
    fields = {"doc": f.get("doc"), "warehouse": str(WH["WH-CSH"]),
              "doc_on": day(0), "lines": f"{codes[1]} 3"}
    r1 = agent.post("/consignment/reports/new", fields, xml=True)
    rid = report_id(r1)
    n = counts(db)
    r2 = agent.post("/consignment/reports/new", fields, xml=True)
    assert r2.status == 303
    assert r2.header("Location") == \
        f"/consignment/reports/{rid}?done=duplicate"
    assert counts(db) == n
    # another user cannot take that id
    mgr = login("mgr-sh")
    r = mgr.post("/consignment/reports/new", fields, xml=True)
    assert r.status == 409 and counts(db) == n
    # edit, then a stale edit
    e = agent.get(f"/consignment/reports/{rid}/edit.xml", xml=True)
    qs.assert_valid_page(e)
    form = e.doc.find("consign-form")
    assert form.get("version") == "1"
    assert form.findtext("lines").strip() == f"{codes[1]} 3"
    upd = {"version": "1", "warehouse": str(WH["WH-CSH"]),
           "doc_on": day(0), "lines": f"{codes[1]} 4", "note": "corrected"}
    r = agent.post(f"/consignment/reports/{rid}/edit", upd, xml=True)
    assert r.status == 303, r
    doc = report(agent, rid)
    assert doc.get("version") == "2" and doc.find("line").get("qty") == "4"
    upd["lines"] = f"{codes[1]} 5"
    r = agent.post(f"/consignment/reports/{rid}/edit", upd, xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    form = r.doc.find("consign-form")
    assert form.find("conflict").get("version") == "2"
    assert form.get("version") == "2"
    assert form.findtext("lines") == f"{codes[1]} 5"
    assert report(agent, rid).find("line").get("qty") == "4"
    # a stale submit
    assert act(agent, rid, "submit", "1").status == 409
    assert act(agent, rid, "submit").status == 303
    # not a draft any more: no edit
    assert agent.get(f"/consignment/reports/{rid}/edit").status == 409
    r = agent.post(f"/consignment/reports/{rid}/edit",
                   dict(upd, version="3"), xml=True)
    assert r.status == 409
    # the agent withdraws it
    assert act(agent, rid, "cancel").status == 303


# ------------------------------------------------------------------ scope

def test_scope(env, login, codes):
    db, _ = env
    agent = login("agent-t-sh")
    rid = report_id(create(agent, f"{codes[1]} 1"))
    # a dealer has no inventory permission at all
    d = login("dealer-t-sh1")
    for path in ("/consignment", "/consignment/reports",
                 f"/consignment/reports/{rid}",
                 f"/consignment/reports/{rid}/print"):
        assert d.get(path).status == 403, path
    assert d.post(f"/consignment/reports/{rid}/cancel", {"version": "1"},
                  xml=True).status == 403
    # staff of another branch: as if it did not exist
    gz = login("mgr-gz")
    for path in (f"/consignment/reports/{rid}",
                 f"/consignment/reports/{rid}/print",
                 f"/consignment/reports/{rid}/edit"):
        assert gz.get(path).status == 404, path
        assert gz.get(path + ".xml", xml=True).status == 404, path
    n = counts(db)
    for action in ("post", "cancel"):
        assert act(gz, rid, action, "1").status == 404
    assert counts(db) == n
    x = gz.page("/consignment")
    assert x.doc.findall("consign-stock/row") == []
    x = gz.page("/consignment/reports")
    assert rid not in [int(r.get("id"))
                       for r in x.doc.findall("consign-reports/report")]
    csv = gz.get("/consignment.csv").body.decode("utf-8-sig")
    assert "WH-CSH" not in csv
    csv = gz.get("/consignment/reports.csv").body.decode("utf-8-sig")
    assert "A-SH" not in csv
    # GZ staff may not write for A-SH: the warehouse is not a choice
    r = create(gz, f"{codes[1]} 1")
    assert r.status == 422 and ("warehouse", "bad_choice") in messages(r)
    assert new_form(gz).findall("warehouse") == []
    # roles without the right to write reports
    director = login("director")
    assert director.get("/consignment/reports/new").status == 403
    assert director.page(f"/consignment/reports/{rid}").doc.find(
        "consign-report").get("can-cancel") is None
    assert act(director, rid, "cancel").status == 403
    assert act(agent, rid, "cancel").status == 303


# ------------------------------------------------------------------ stock

def test_consignment_stock_and_ages(env, login, codes):
    db, _ = env
    for who in ("agent-t-sh", "mgr-sh", "director"):
        b = login(who)
        x = b.page("/consignment")
        cs = x.doc.find("consign-stock")
        rows = {r.get("code"): r for r in cs.findall("row")}
        assert set(rows) == {codes[1], codes[2]}, (who, set(rows))
        assert {r.get("warehouse-code") for r in rows.values()} == {"WH-CSH"}
        assert {r.get("party-code") for r in rows.values()} == {"A-SH"}
        r2 = rows[codes[2]]
        assert int(r2.get("on-hand")) == AGED_ON_HAND
        # FIFO: the newest arrivals make up what is on hand
        assert (r2.get("age-0-30"), r2.get("age-31-60"), r2.get("age-61-90"),
                r2.get("age-over-90")) == ("4", "8", "5", "3")
        assert r2.get("oldest-days") == "100"
        assert r2.get("oldest-on") == day(100)
        assert int(r2.get("value")) == AGED_ON_HAND * int(r2.get("price"))
        assert int(r2.get("list-value")) == \
            AGED_ON_HAND * int(r2.get("list-price"))
        r1 = rows[codes[1]]
        assert int(r1.get("on-hand")) == on_hand(db, "WH-CSH", 1)
        agents = cs.findall("agent")
        assert [a.get("code") for a in agents] == ["A-SH"]
        a = agents[0]
        assert a.get("warehouses") == "1"
        assert int(a.get("on-hand")) == AGED_ON_HAND + int(r1.get("on-hand"))
        assert int(a.get("value")) == int(r1.get("value")) + \
            int(r2.get("value"))
        assert a.get("oldest-days") == r1.get("oldest-days")
    b = login("mgr-sh")
    # filter by product, by agent; sort
    x = b.page(f"/consignment?q={codes[2]}")
    assert [r.get("code") for r in x.doc.findall("consign-stock/row")] == \
        [codes[2]]
    x = b.page(f"/consignment?agent={P['A-GZ']}")
    assert x.doc.findall("consign-stock/row") == []
    x = b.page(f"/consignment?agent={P['A-SH']}&sort=on_hand&dir=desc")
    hands = [int(r.get("on-hand")) for r in
             x.doc.findall("consign-stock/row")]
    assert hands == sorted(hands, reverse=True)
    x = b.page("/consignment?sort=age&dir=asc")
    ages = [int(r.get("oldest-days")) for r in
            x.doc.findall("consign-stock/row")]
    assert ages == sorted(ages)
    # CSV
    r = b.get("/consignment.csv?sort=product")
    assert r.status == 200 and "text/csv" in r.header("Content-Type")
    lines = r.body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("agent_code,agent_name,warehouse_code")
    row = [ln for ln in lines if f",{codes[2]}," in ln][0].split(",")
    assert row[7] == str(AGED_ON_HAND) and row[12:16] == ["4", "8", "5", "3"]
    assert b.get("/consignment?sort=bogus").status == 400


def test_reports_list(env, login, codes):
    db, _ = env
    b = login("mgr-sh")
    x = b.page("/consignment/reports")
    lst = x.doc.find("consign-reports")
    assert lst.get("can-create") == "true"
    reps = lst.findall("report")
    assert reps and all(r.get("party-code") == "A-SH" for r in reps)
    dates = [r.get("doc-on") for r in reps]
    assert dates == sorted(dates, reverse=True)
    x = b.page("/consignment/reports?status=posted&sort=amount&dir=asc")
    reps = x.doc.findall("consign-reports/report")
    assert reps and {r.get("status") for r in reps} == {"posted"}
    amounts = [int(r.get("amount")) for r in reps]
    assert amounts == sorted(amounts)
    x = b.page(f"/consignment/reports?from={day(-1)}")
    assert x.doc.findall("consign-reports/report") == []
    x = b.page(f"/consignment/reports?agent={P['A-SH']}&to={day(0)}"
               "&q=JS-")
    assert x.doc.findall("consign-reports/report")
    assert b.get("/consignment/reports?from=yesterday").status == 400
    r = b.get("/consignment/reports.csv?status=posted")
    assert r.status == 200
    lines = r.body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("number,date,status,agent_code")
    assert len(lines) == 1 + len(reps)
    assert all(",posted," in ln for ln in lines[1:])
    # the agent's own list; the forms render
    a = login("agent-t-sh")
    x = a.page("/consignment/reports")
    assert x.doc.find("consign-reports").get("can-create") == "true"
    a.page("/consignment/reports/new")
    f = a.page("/consignment/reports/new").doc.find("consign-form")
    assert [w.get("code") for w in f.findall("warehouse")] == ["WH-CSH"]
    assert f.get("warehouse") == str(WH["WH-CSH"])
    assert f.get("prices") is None
    assert b.page("/consignment/reports/new").doc.find(
        "consign-form").get("prices") == "true"
    # a missing report
    assert b.get("/consignment/reports/999999999").status == 404
