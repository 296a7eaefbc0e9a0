"""test_price.py - price management (issue 5): the pricing function and
its precedence, date edges and rounding (through the price check of
/prices/{id}), the edit forms (list price, rules, ending a rule) with 409
and 422, approval above price.approval_percent through the workflow, the
scope of customer prices, the history (/prices, CSV) and the audit.

Each database kind gets a database of its own: `qudao init` + `qudao
demo --no-channel` (20 products), the small channel of channel.py
(grades A 8 %, B 5 %, C 0 %), and, written here before the stack starts,
the permissions price.view/price.edit (in case the seed does not hold
them yet) and known list prices on a few products.
"""
import pytest

import channel
import stack as qs

PW = qs.DEMO_PASSWORD
P = channel.PARTY
G = channel.GRADE


class Browser(qs.Browser):
    demo_password = PW

    def page(self, path, status=200):
        """GET path as XML (valid against page.xsd) and as HTML; returns
        the XML response."""
        x = self.get(path + ".xml" if "?" not in path
                     else path.replace("?", ".xml?", 1), xml=True)
        assert x.status == status, x
        qs.assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        qs.assert_html_page(h)
        return x


# products used by the tests, by index in code order, and their list price
LIST = {0: 10000, 1: 20000, 2: 30000, 3: 40000, 4: 1001, 5: 10, 6: 1999}


def grant(db):
    sql = []
    for perm, roles in (
            ("price.view", ("director", "branch_mgr", "sales_rep", "finance")),
            ("price.edit", ("director", "branch_mgr", "sales_rep"))):
        sql.append(
            "INSERT INTO role_perm (role_id, perm) SELECT r.id, "
            f"'{perm}' FROM qd_role r WHERE r.code IN "
            f"({', '.join(repr(x) for x in roles)}) AND NOT EXISTS "
            "(SELECT 1 FROM role_perm x WHERE x.role_id = r.id"
            f" AND x.perm = '{perm}')")
    ids = [r[0] for r in db.query("SELECT id FROM product ORDER BY code")]
    for i, fen in LIST.items():
        sql.append(f"UPDATE product SET list_price = {fen}"
                   f" WHERE id = {ids[i]}")
    db.write(*sql)


env, sessions, login = channel.module_fixtures("price", Browser, setup=grant)


def product(env, i):
    """(id, category id, parent category id) of product i."""
    row = env[0].query(
        "SELECT p.id, p.category_id, c.parent_id FROM product p"
        " LEFT JOIN category c ON c.id = p.category_id ORDER BY p.code")[i]
    return tuple(int(x) if x is not None else None for x in row)


def date(db, d):
    if d is None:
        return "NULL"
    return f"'{d}'" if db.kind == "sqlite" else f"DATE '{d}'"


_next = [9500000000]


def rule(env, kind, price=None, discount=None, product=None, category=None,
         grade=None, party=None, min_qty=1, frm=None, to=None,
         status="active"):
    """Write a price_rule row straight into the database; its id."""
    db = env[0]
    _next[0] += 1
    rid = _next[0]
    ts = ("'2026-01-05 08:00:00.000'" if db.kind == "sqlite"
          else "TIMESTAMP '2026-01-05 08:00:00'")

    def v(x):
        return "NULL" if x is None else str(x)
    db.write(
        "INSERT INTO price_rule (id, kind, product_id, category_id, grade_id,"
        " party_id, min_qty, price, discount, valid_from, valid_to, status,"
        " note, created_at, created_by, updated_at, version) VALUES"
        f" ({rid}, '{kind}', {v(product)}, {v(category)}, {v(grade)},"
        f" {v(party)}, {min_qty}, {v(price)}, {v(discount)},"
        f" {date(db, frm)}, {date(db, to)}, '{status}', NULL, {ts}, NULL,"
        f" {ts}, 1)")
    return rid


def quote(b, pid, customer=None, qty=1, on="2026-05-01"):
    q = f"/prices/{pid}.xml?qty={qty}&date={on}"
    if customer:
        q += f"&customer={customer}"
    r = b.get(q, xml=True)
    assert r.status == 200, r
    qs.assert_valid_page(r)
    return r.doc.find("price-product/check/quote")


def price_of(b, pid, customer=None, qty=1, on="2026-05-01"):
    x = quote(b, pid, customer, qty, on)
    return int(x.get("unit-price")), x.get("tier")


def codes(r):
    return {m.get("code") for m in r.doc.findall("messages/message")}


def scalar(env, sql):
    return env[0].scalar(sql)


# ------------------------------------------------------------ the function

def test_pricing_table(env, login):
    """The precedence, the date edges (both ends inclusive) and quantity
    breaks, one row per case."""
    pid, cat, parent = product(env, 0)          # list price 100.00
    rule(env, "category", discount=1000, category=cat, grade=G["B"])
    rule(env, "category", discount=1500, category=parent, grade=G["A"])
    rule(env, "grade", price=8800, product=pid, grade=G["B"],
         frm="2026-03-01", to="2026-03-31")
    rule(env, "customer", price=8500, product=pid, party=P["D-SH1"],
         frm="2026-06-01")
    rule(env, "qty_break", price=9500, product=pid, min_qty=10)
    rule(env, "qty_break", price=9300, product=pid, min_qty=20)
    rule(env, "qty_break", discount=1250, product=pid, grade=G["B"],
         min_qty=50)
    rule(env, "qty_break", price=8000, product=pid, party=P["D-SH1"],
         min_qty=100)
    rule(env, "customer", price=5000, product=pid, party=P["D-SH1"],
         status="pending")
    b = login("director")
    table = [
        # customer, qty, date, price, tier
        (None, 1, "2026-05-01", 10000, "list"),
        (None, 9, "2026-05-01", 10000, "list"),
        (None, 10, "2026-05-01", 9500, "break"),
        (None, 25, "2026-05-01", 9300, "break"),      # the larger break
        ("D-SH2", 10, "2026-05-01", 9500, "break"),   # no grade
        ("D-SH2", 1, "2026-05-01", 10000, "list"),
        # A-SH, grade A: the parent category's 15 % beats the grade's 8 %
        ("A-SH", 1, "2026-05-01", 8500, "category"),
        # D-SH1, grade B (5 %): its category discount of 10 %
        ("D-SH1", 1, "2026-02-28", 9000, "category"),
        ("D-SH1", 1, "2026-03-01", 8800, "grade"),    # from: inclusive
        ("D-SH1", 1, "2026-03-31", 8800, "grade"),    # to: inclusive
        ("D-SH1", 1, "2026-04-01", 9000, "category"),
        # the grade's price beats a cheaper break of the grade
        ("D-SH1", 50, "2026-03-15", 8800, "grade"),
        ("D-SH1", 50, "2026-05-01", 8750, "grade_break"),
        # a break for everyone comes after the grade's break
        ("D-SH1", 25, "2026-05-01", 9300, "break"),
        ("D-SH1", 100, "2026-05-01", 8000, "customer_break"),
        ("D-SH1", 1, "2026-05-31", 9000, "category"),
        ("D-SH1", 1, "2026-06-01", 8500, "customer"),
        # the customer's price beats its own cheaper break
        ("D-SH1", 100, "2026-06-01", 8500, "customer"),
    ]
    got = [(c, q, d, *price_of(b, pid, c, q, d)) for c, q, d, _, _ in table]
    assert got == table


def test_explanation_lists_every_rule(env, login):
    pid = product(env, 0)[0]
    b = login("director")
    x = quote(b, pid, "D-SH1", 1, "2026-05-01")
    assert x.get("tier") == "category" and x.get("rule-id")
    rules = x.findall("rule")
    verdicts = [(r.get("tier"), r.get("verdict")) for r in rules]
    assert ("customer", "not_active") in verdicts          # pending
    assert ("customer", "not_yet") in verdicts
    assert ("grade", "expired") in verdicts
    assert ("customer_break", "qty_below") in verdicts
    assert ("category", "won") in verdicts
    assert ("grade_discount", "outranked") in verdicts
    assert verdicts[-1] == ("list", "outranked")
    assert [v for _, v in verdicts].count("won") == 1
    assert x.get("list-price") == "10000" and x.get("amount") == "9000"
    # the HTML page shows the answer
    h = b.get(f"/prices/{pid}?customer=D-SH1&qty=3&date=2026-05-01")
    assert h.status == 200
    qs.assert_html_page(h)
    assert "270.00" in h.text


def test_rounding_half_up_to_the_fen(env, login):
    b = login("director")
    p4, p5, p6 = (product(env, i)[0] for i in (4, 5, 6))
    rule(env, "qty_break", discount=1250, product=p4)     # 1001 fen
    rule(env, "qty_break", discount=500, product=p5)      # 10 fen
    rule(env, "qty_break", discount=500, product=p6)      # 1999 fen
    assert price_of(b, p4) == (876, "break")      # 875.875 -> 876
    assert price_of(b, p5) == (10, "break")       # 9.5 -> 10
    assert price_of(b, p6) == (1899, "break")     # 1899.05 -> 1899
    # the grade's own discount rounds alike: 1001 at 8 % = 920.92 -> 921
    assert price_of(b, p4, "A-GZ") == (876, "break")
    x = quote(b, p4, "A-GZ")
    gd = [r for r in x.findall("rule") if r.get("tier") == "grade_discount"]
    assert gd[0].get("unit-price") == "921"


def test_price_check_refuses_bad_input(env, login):
    pid = product(env, 0)[0]
    b = login("director")
    r = b.get(f"/prices/{pid}.xml?customer=NOPE&qty=0&date=2026-02-30",
              xml=True)
    assert r.status == 422, r
    assert {"no_customer", "bad_date"} <= codes(r), codes(r)
    c = r.doc.find("price-product/check")
    assert c.get("customer") == "NOPE" and c.get("qty") == "0"
    assert c.find("quote") is None
    assert b.get("/prices/999999999.xml", xml=True).status == 404


# ------------------------------------------------------------ edits

def version(env, pid):
    return scalar(env, f"SELECT version FROM product WHERE id = {pid}")


def list_price(env, pid):
    return int(scalar(env, f"SELECT list_price FROM product WHERE id = {pid}"))


def test_list_price_edit_409_422(env, login):
    db = env[0]
    pid = product(env, 1)[0]                    # 200.00
    b = login("mgr-sh")
    v = version(env, pid)
    r = b.post(f"/prices/{pid}/list", {"list_price": "abc", "version": v,
                                       "note": "typo"}, xml=True)
    assert r.status == 422 and "bad_amount" in codes(r), r
    f = r.doc.find("price-product/list-form")
    assert f.get("list-price") == "abc" and f.get("note") == "typo"
    qs.assert_valid_page(r)
    # 5 %: applied at once
    r = b.post(f"/prices/{pid}/list", {"list_price": "210.00", "version": v,
                                       "note": "cost up"})
    assert r.status == 303, r
    assert list_price(env, pid) == 21000
    # the same (stale) version again: 409 with both values
    r = b.post(f"/prices/{pid}/list", {"list_price": "205", "version": v},
               xml=True)
    assert r.status == 409, r
    f = r.doc.find("price-product/list-form")
    assert f.get("list-price") == "205"
    assert f.find("conflict").get("list-price") == "21000"
    assert f.find("conflict").get("version") == str(version(env, pid))
    qs.assert_valid_page(r)
    h = b.post(f"/prices/{pid}/list", {"list_price": "205", "version": v})
    assert h.status == 409
    qs.assert_html_page(h)
    assert list_price(env, pid) == 21000
    # history and audit, in the same transaction as the change
    rows = db.query("SELECT what, old_text, new_text, state, note FROM"
                    f" price_change WHERE product_id = {pid}")
    assert rows == [["list_price", "200.00", "210.00", "applied", "cost up"]]
    assert int(scalar(env, "SELECT COUNT(*) FROM audit_log WHERE entity ="
                      f" 'product' AND entity_id = {pid} AND action ="
                      " 'price_list'")) == 1


def test_rules_add_and_end(env, login):
    db = env[0]
    pid = product(env, 1)[0]
    b = login("mgr-sh")
    bad = {"kind": "qty_break", "price": "1", "discount": "5",
           "valid_from": "2026-05-01", "valid_to": "2026-04-01",
           "note": "x" * 201}
    r = b.post(f"/prices/{pid}/rules", bad, xml=True)
    assert r.status == 422, r
    assert {"price_or_discount", "bad_range", "required"} <= codes(r)
    f = r.doc.find("price-product/rule-form")
    assert f.get("kind") == "qty_break" and f.get("valid-to") == "2026-04-01"
    qs.assert_valid_page(r)
    r = b.post(f"/prices/{pid}/rules", {"kind": "grade", "grade": "Z",
                                        "discount": "101"}, xml=True)
    assert r.status == 422 and {"no_grade", "bad_discount"} <= codes(r)
    r = b.post(f"/prices/{pid}/rules", {"kind": "category", "grade": "A",
                                        "price": "10"}, xml=True)
    assert r.status == 422 and "discount_only" in codes(r)

    # a grade price 5 % below the list price: applied
    r = b.post(f"/prices/{pid}/rules", {"kind": "grade", "grade": "B",
                                        "price": "199.50",
                                        "valid_from": "2026-01-01"})
    assert r.status == 303, r
    rid = scalar(env, "SELECT id FROM price_rule WHERE product_id ="
                      f" {pid} AND kind = 'grade'")
    assert price_of(b, pid, "D-SH1", 1, "2026-07-01") == (19950, "grade")
    x = b.page(f"/prices/{pid}")
    rules = x.doc.findall("price-product/rule")
    mine = [r for r in rules if r.get("id") == str(rid)][0]
    assert mine.get("grade-code") == "B" and mine.get("price") == "19950"
    # end it: from the day after its end it no longer counts
    r = b.post(f"/prices/{pid}/rules/{rid}/end",
               {"valid_to": "2026-07-31", "version": "1"})
    assert r.status == 303, r
    assert price_of(b, pid, "D-SH1", 1, "2026-07-31")[1] == "grade"
    assert price_of(b, pid, "D-SH1", 1, "2026-08-01")[1] != "grade"
    # again with the old version: 409; before its start: 422
    r = b.post(f"/prices/{pid}/rules/{rid}/end",
               {"valid_to": "2026-07-30", "version": "1"}, xml=True)
    assert r.status == 409, r
    r = b.post(f"/prices/{pid}/rules/{rid}/end",
               {"valid_to": "2025-12-31", "version": "2"}, xml=True)
    assert r.status == 422 and "bad_range" in codes(r), r
    whats = [w for (w,) in db.query(
        "SELECT what FROM price_change WHERE rule_id = " + str(rid))]
    assert sorted(whats) == ["rule_add", "rule_end"]
    assert int(scalar(env, "SELECT COUNT(*) FROM audit_log WHERE entity ="
                      f" 'price_rule' AND entity_id = {rid}")) == 2
    # the history's lines: the rule's kind as a code, the rest codes and
    # symbols (price.c, rule_line); the page names the kind in the
    # reader's language
    lines = {w: t for w, t in db.query(
        "SELECT what, new_text FROM price_change WHERE rule_id = "
        + str(rid))}
    assert lines == {"rule_add": "grade B: 199.50, 2026-01-01 –",
                     "rule_end": "grade B: 199.50, 2026-01-01 – 2026-07-31"}
    code = scalar(env, f"SELECT code FROM product WHERE id = {pid}")
    for lang, kind in (("en", "Grade price"), ("zh-CN", "等级价")):
        h = b.get(f"/prices?q={code}", headers={"Accept-Language": lang})
        assert h.status == 200, h
        cells = [td.text_content().strip() for td in h.html.xpath("//td")]
        assert f"{kind} B: 199.50, 2026-01-01 – 2026-07-31" in cells, cells
        assert f"{kind} B: 199.50, 2026-01-01 –" in cells, cells


def test_scope_of_customer_prices(env, login):
    pid = product(env, 2)[0]                        # 300.00
    sh, gz = login("rep-sh"), login("rep-gz")
    n = int(scalar(env, "SELECT COUNT(*) FROM price_rule"))
    r = sh.post(f"/prices/{pid}/rules", {"kind": "customer",
                                         "customer": "D-GZ1",
                                         "price": "290"}, xml=True)
    assert r.status == 422 and "no_customer" in codes(r), r
    assert int(scalar(env, "SELECT COUNT(*) FROM price_rule")) == n
    r = sh.get(f"/prices/{pid}.xml?customer=D-GZ1", xml=True)
    assert r.status == 422 and "no_customer" in codes(r)
    r = gz.post(f"/prices/{pid}/rules", {"kind": "customer",
                                         "customer": "D-GZ1",
                                         "price": "290"})
    assert r.status == 303, r
    rid = scalar(env, "SELECT id FROM price_rule WHERE product_id ="
                      f" {pid} AND party_id = {P['D-GZ1']}")
    assert price_of(gz, pid, "D-GZ1") == (29000, "customer")
    # rep-sh does not see the GZ customer's price, nor can end it
    x = sh.page(f"/prices/{pid}")
    assert str(rid) not in [r.get("id") for r in
                            x.doc.findall("price-product/rule")]
    r = sh.post(f"/prices/{pid}/rules/{rid}/end", {"version": "1"},
                xml=True)
    assert r.status == 404, r
    h = sh.page("/prices?q=" + scalar(
        env, f"SELECT code FROM product WHERE id = {pid}"))
    assert "D-GZ1" not in [c.get("party-code") for c in
                           h.doc.findall("price-history/change")]
    h = gz.page("/prices?what=rule_add")
    assert "D-GZ1" in [c.get("party-code") for c in
                       h.doc.findall("price-history/change")]


def test_xss_in_text_fields(env, login):
    pid = product(env, 3)[0]
    b = login("director")
    evil = "<script>alert(1)</script>&\"'"
    r = b.post(f"/prices/{pid}/rules", {"kind": "qty_break", "min_qty": "5",
                                        "discount": "2", "note": evil})
    assert r.status == 303, r
    h = b.get(f"/prices/{pid}")
    assert h.status == 200
    qs.assert_html_page(h)
    assert b"<script>alert(1)" not in h.body
    assert "&lt;script&gt;" in h.text
    x = b.page(f"/prices/{pid}")
    assert evil in [r.get("note") for r in
                    x.doc.findall("price-product/rule")]
    r = b.get(f"/prices/{pid}?customer={qs.quote(evil)}")
    assert r.status == 422 and b"<script>alert(1)" not in r.body


# ------------------------------------------------------------ approval

def define_price_flow(env):
    admin = Browser(env[1]).login("admin")
    rid = scalar(env, "SELECT id FROM qd_role WHERE code = 'director'")
    f = {"code": "price_t", "name": "Price approval", "doc_type": "price",
         "status": "active", "s1_name": "Sales director",
         "s1_approver": "role", "s1_role": str(rid), "s1_reject": "end"}
    r = admin.post("/workflow/flows/new", f)
    assert r.status == 303, r


def test_approval_above_the_threshold(env, login):
    db = env[0]
    pid = product(env, 3)[0]                        # 400.00
    mgr = login("mgr-sh")
    n = int(scalar(env, "SELECT COUNT(*) FROM price_change"))
    # 25 % without a flow: 422, nothing written
    r = mgr.post(f"/prices/{pid}/list", {"list_price": "500",
                                         "version": version(env, pid)},
                 xml=True)
    assert r.status == 422 and "no_flow" in codes(r), r
    assert list_price(env, pid) == 40000
    assert int(scalar(env, "SELECT COUNT(*) FROM price_change")) == n

    define_price_flow(env)
    r = mgr.post(f"/prices/{pid}/list", {"list_price": "500",
                                         "version": version(env, pid)})
    assert r.status == 303 and "done=pending" in r.header("Location"), r
    assert list_price(env, pid) == 40000            # not yet
    chg = scalar(env, "SELECT id FROM price_change WHERE product_id ="
                      f" {pid} AND state = 'pending'")
    # a customer price 30 % off: pending too, shown but not used
    r = mgr.post(f"/prices/{pid}/rules", {"kind": "customer",
                                          "customer": "D-SH1",
                                          "discount": "30"})
    assert r.status == 303, r
    assert price_of(mgr, pid, "D-SH1")[1] != "customer"
    x = quote(mgr, pid, "D-SH1")
    assert ("customer", "not_active") in [(r.get("tier"), r.get("verdict"))
                                          for r in x.findall("rule")]
    # a small change stays direct
    r = mgr.post(f"/prices/{pid}/rules", {"kind": "qty_break",
                                          "min_qty": "1000",
                                          "discount": "5"})
    assert r.status == 303 and "done=saved" in r.header("Location"), r

    director = login("director")
    inbox = director.get("/workflow/inbox.xml", xml=True)
    items = {i.get("doc-id"): i.get("instance") for i in inbox.doc.iter("item")
             if i.get("doc-type") == "price"}
    assert str(chg) in items, inbox.body[:3000]
    assert len(items) == 2
    for doc, iid in items.items():
        page = director.get(f"/workflow/{iid}.xml", xml=True)
        assert page.status == 200
        r = director.post(f"/workflow/{iid}/decide", {"decision": "approve"})
        assert r.status == 303, r
    assert list_price(env, pid) == 50000
    assert db.query(f"SELECT state FROM price_change WHERE id = {chg}") \
        == [["approved"]]
    assert price_of(mgr, pid, "D-SH1") == (35000, "customer")
    assert int(scalar(env, "SELECT COUNT(*) FROM audit_log WHERE entity ="
                      f" 'product' AND entity_id = {pid} AND action ="
                      " 'price_list'")) == 1
    # nobody approves their own change: mgr-sh sees none of it
    mine = mgr.get("/workflow/inbox.xml", xml=True)
    assert not [i for i in mine.doc.iter("item")
                if i.get("doc-type") == "price"]


def test_rejection_drops_the_change(env, login):
    pid = product(env, 2)[0]                        # 300.00
    mgr = login("mgr-sh")
    r = mgr.post(f"/prices/{pid}/list", {"list_price": "100",
                                         "version": version(env, pid)})
    assert r.status == 303, r
    chg = scalar(env, "SELECT id FROM price_change WHERE product_id ="
                      f" {pid} AND state = 'pending'")
    iid = scalar(env, "SELECT id FROM wf_instance WHERE doc_type = 'price'"
                      f" AND doc_id = {chg}")
    director = login("director")
    r = director.post(f"/workflow/{iid}/decide", {"decision": "reject"})
    assert r.status == 303, r
    assert list_price(env, pid) == 30000
    assert scalar(env, f"SELECT state FROM price_change WHERE id = {chg}") \
        == "rejected"


def test_stale_approval_changes_nothing(env, login):
    """A change approved after someone else changed the list price does not
    overwrite that price: it ends rejected, with the reason."""
    pid = product(env, 1)[0]
    before = list_price(env, pid)
    mgr = login("mgr-sh")
    r = mgr.post(f"/prices/{pid}/list", {
        "list_price": f"{before * 2 / 100:.2f}",
        "version": version(env, pid)})
    assert r.status == 303 and "done=pending" in r.header("Location"), r
    chg = scalar(env, "SELECT id FROM price_change WHERE product_id ="
                      f" {pid} AND state = 'pending'")
    # meanwhile a small change goes through directly
    small = before + 100
    r = mgr.post(f"/prices/{pid}/list", {"list_price": f"{small / 100:.2f}",
                                         "version": version(env, pid)})
    assert r.status == 303 and "done=saved" in r.header("Location"), r
    iid = scalar(env, "SELECT id FROM wf_instance WHERE doc_type = 'price'"
                      f" AND doc_id = {chg}")
    r = login("director").post(f"/workflow/{iid}/decide",
                               {"decision": "approve"})
    assert r.status == 303, r
    assert list_price(env, pid) == small
    assert env[0].query("SELECT state, note FROM price_change"
                        f" WHERE id = {chg}") == [[
        "rejected", "not applied: the list price changed while it waited"]]


# ------------------------------------------------------------ history

def test_history_list_filters_and_csv(env, login):
    b = login("director")
    x = b.page("/prices")
    changes = x.doc.findall("price-history/change")
    assert changes
    ats = [c.get("changed-at") for c in changes]
    assert ats == sorted(ats, reverse=True)
    x = b.page("/prices?what=list_price&state=applied")
    assert {(c.get("what"), c.get("state")) for c in
            x.doc.findall("price-history/change")} == {("list_price",
                                                        "applied")}
    x = b.page("/prices?from=2000-01-01&to=2000-01-02")
    assert x.doc.findall("price-history/change") == []
    r = b.get("/prices.csv?what=list_price")
    assert r.status == 200 and "text/csv" in r.header("Content-Type")
    lines = r.body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,changed_at,what,product")
    assert len(lines) > 1
    assert b.get("/prices.xml?from=bad", xml=True).status == 400


def test_permissions(env, login):
    pid = product(env, 0)[0]
    dealer = login("dealer-t-sh1")
    assert dealer.get("/prices.xml", xml=True).status in (403, 404)
    assert dealer.get(f"/prices/{pid}.xml", xml=True).status in (403, 404)
    fin = login("finance")
    assert fin.get(f"/prices/{pid}.xml", xml=True).status == 200
    r = fin.post(f"/prices/{pid}/list", {"list_price": "1", "version": "1"},
                 xml=True)
    assert r.status in (403, 404), r
