"""test_order.py - orders (issue 5's order pages; MISSION M5/M6): a
dealer's cart placed as an order (POST /cart/order), the order as the cart
priced it (lines, gifts at price 0, totals, the promotions considered),
its stock reserved at the warehouse chosen (gift lines too), its credit
raised, the promotion budgets claimed, the cart emptied; the same form
twice making one order; every refusal (stock, credit limit, hold, not
approved, warehouse, note, empty cart, customer) changing nothing; the
scope of every output; confirm, ship and cancel with their versions and
who may do them; a capped promotion under concurrent orders; the list
(search, filters, sort, pages, CSV, XML); text escaped; the print view.

Money attributes are fen with the display text beside them
(total="112100" total-text="1,121.00"), as on the cart; an order's history
is the shared page_history (actions place, confirm, ship, cancel).

Each database kind gets a database of its own: `qudao demo --no-channel`
(20 products), the channel of channel.py and the warehouses and opening
stock of stockenv.py, plus (written before the stack starts, below) every
list price 100.00, 1,000 units of the products P[5] .. P[19] in every
active warehouse, and dealers of this module's own under A-SH: D-SH4
(credit), D-SH5 (the list; its name starts with '=') and D-CC1 .. D-CC6
(the race), with the logins dealer-t-sh4, dealer-t-sh5, dealer-t-cc1 ..
The director creates the promotions through their pages; each test uses
products of its own.

The database is the oracle: after every test each stock balance equals
the sum of its moves and never goes below zero or below what is reserved,
each account equals its ledger, every order's totals are the sums of its
lines, its moves match its status, each party's open orders are the sum
of its open orders' totals, and each promotion's used budget is the sum
of what the orders that still hold it claimed.

The XML documents (the cart with its checkout, refused or not, the list,
an order in each status, its print view, a 409) are validated against
schema/xsd/page.xsd by test_xml_validates once schema/xsd/order.xsd
exists (it is written beside this module).
"""
import concurrent.futures
import csv
import datetime
import io
import itertools
import re
import threading

import pytest

import channel
import stack as qs
import stockenv

PW = qs.DEMO_PASSWORD
P = channel.PARTY
WH = stockenv.WH
YEAR = datetime.date.today().year
ORDER_XSD = qs.REPO / "schema" / "xsd" / "order.xsd"
LIMIT = channel.LIMIT

# this module's own dealers under A-SH (serviced by SH-SD): code -> (id,
# name); their logins dealer-t-sh4, dealer-t-sh5, dealer-t-cc1 ...
EXTRA = {
    "D-SH4": (9200000101, "上海长宁食品商行"),
    "D-SH5": (9200000102, "=1+2 上海宝山副食店"),
}
for _i in range(1, 7):
    EXTRA[f"D-CC{_i}"] = (9200000110 + _i, f"上海浦东便民超市{_i}号店")
EXTRA_USERS = {f"dealer-t-{code.lower()[2:]}": (9300000100 + k, code)
               for k, code in enumerate(EXTRA, start=1)}
PARTY_ID = dict(P, **{code: v[0] for code, v in EXTRA.items()})
STOCKED = range(5, 20)  # product indexes with 1,000 in every warehouse
STOCK_WH = ("WH-HQ", "WH-SH", "WH-GZ", "WH-ASH", "WH-CSH")
_move_ids = itertools.count(9430000000)


class Browser(qs.Browser):
    """A signed-in user; the CSRF token of the session is fetched once."""
    demo_password = PW

    def __init__(self, client):
        super().__init__(client)
        self._csrf = None

    def csrf(self):
        if "qd_session" not in self.jar:
            return super().csrf()
        if self._csrf is None:
            self._csrf = super().csrf()
        return self._csrf

    def login(self, login, password=None):
        self._csrf = None
        super().login(login, password)
        self._csrf = None
        return self


def ts_literal(db, text):
    return f"'{text}'" if db.kind == "sqlite" else f"TIMESTAMP '{text}'"


def date_literal(db, text):
    return f"'{text}'" if db.kind == "sqlite" else f"DATE '{text}'"


def prepare(db):
    """List prices, stock and this module's dealers (see the top)."""
    ts = ts_literal(db, channel.NOW)
    day = date_literal(db, stockenv.OPENING_ON)
    sql = ["UPDATE product SET list_price = 10000"]
    for code, (pid, name) in EXTRA.items():
        sql.append(
            "INSERT INTO party (id, kind, code, name, parent_id, unit_id,"
            " grade_id, status, contact, phone, created_at, updated_at,"
            f" version) VALUES ({pid}, 'dealer', '{code}', '{name}',"
            f" {P['A-SH']}, (SELECT id FROM org_unit WHERE code = 'SH-SD'),"
            f" NULL, 'approved', '联系人', '021-5555-0000', {ts}, {ts}, 1)")
        sql.append("INSERT INTO party_closure (ancestor_id, descendant_id,"
                   f" depth) VALUES ({pid}, {pid}, 0)")
        sql.append("INSERT INTO party_closure (ancestor_id, descendant_id,"
                   f" depth) VALUES ({P['A-SH']}, {pid}, 1)")
        sql.append("INSERT INTO party_account (party_id, credit_limit,"
                   f" updated_at, version) VALUES ({pid}, {LIMIT}, {ts}, 1)")
    for login, (uid, code) in EXTRA_USERS.items():
        sql.append(
            "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
            f" created_at, updated_at, version) SELECT {uid}, '{login}',"
            f" '{login}', pw_hash, 'active', {ts}, {ts}, 1 FROM qd_user"
            " WHERE login = 'director'")
        sql.append("INSERT INTO user_role (user_id, role_id) SELECT"
                   f" {uid}, id FROM qd_role WHERE code = 'dealer'")
        sql.append("INSERT INTO user_scope (user_id, unit_id, party_id)"
                   f" VALUES ({uid}, NULL, {EXTRA[code][0]})")
    pids = stockenv.products(db)
    move = 9420000000
    for idx in STOCKED:
        for wh in STOCK_WH:
            move += 1
            sql.append(
                "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
                " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
                f" user_id) VALUES ({move}, {WH[wh]}, {pids[idx]}, 'on_hand',"
                f" 'opening', 1000, 'opening', {WH[wh]}, {1000 + idx}, {day},"
                f" {ts}, NULL)")
            sql.append(
                "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
                " reserved, in_transit, last_move_on, updated_at) VALUES"
                f" ({WH[wh]}, {pids[idx]}, 1000, 0, 0, {day}, {ts})")
    db.write(*sql)


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from stockenv.environment(db_kind, tmp_path_factory, "order", PW,
                                    prepare)


@pytest.fixture(scope="module")
def login(env):
    """login(name): a signed-in Browser, one session per login."""
    return qs.logins(env[1], Browser)


@pytest.fixture(scope="module")
def big(env, tmp_path_factory):
    """A second stack on the module's database with six workers, for the
    races (requests really in parallel)."""
    st = qs.Stack(tmp_path_factory.mktemp("order-race") / "var",
                  env[0].connstr, workers=6)
    st.start()
    yield st
    st.stop()
    assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]


@pytest.fixture(scope="module")
def PR(env):
    """Product index (id order) -> (id, code)."""
    return [(int(i), c) for i, c in
            env[0].query("SELECT id, code FROM product ORDER BY id")]


# ------------------------------------------------------------------ oracle

@pytest.fixture(autouse=True)
def invariants(env):
    """After every test, the database agrees with itself (see the top)."""
    yield
    db = env[0]
    assert db.query("SELECT warehouse_id, product_id FROM stock_balance"
                    " WHERE on_hand < 0 OR reserved < 0 OR in_transit < 0"
                    " OR reserved > on_hand") == []
    stockenv.check_stock(db)
    out = db.run("check", "--accounts").stdout
    assert "0 mismatches" in out, out
    # the totals of every order are the sums of its lines
    bad = db.query(
        "SELECT o.id FROM sales_order o WHERE"
        " o.total <> (SELECT COALESCE(SUM(l.amount), 0)"
        "  FROM sales_order_line l WHERE l.order_id = o.id)"
        " OR o.gross - o.discount <> o.total"
        " OR o.gross <> (SELECT COALESCE(SUM(l.base_price * l.qty), 0)"
        "  FROM sales_order_line l WHERE l.order_id = o.id AND l.gift = 0)"
        " OR o.gift_value <> (SELECT COALESCE(SUM(l.list_price * l.qty), 0)"
        "  FROM sales_order_line l WHERE l.order_id = o.id AND l.gift = 1)")
    assert bad == [], f"orders whose totals are not their lines': {bad}"
    assert db.query("SELECT order_id, line_no FROM sales_order_line"
                    " WHERE amount <> net_price * qty OR qty <= 0"
                    " OR (gift = 1 AND (net_price <> 0 OR promo_id IS NULL))"
                    ) == []
    # the moves of every order follow its status
    for oid, status, qty, reserved, on_hand in db.query(
            "SELECT o.id, o.status,"
            " (SELECT COALESCE(SUM(l.qty), 0) FROM sales_order_line l"
            "  WHERE l.order_id = o.id),"
            " (SELECT COALESCE(SUM(m.qty), 0) FROM stock_move m"
            "  WHERE m.doc_type = 'order' AND m.doc_id = o.id"
            "  AND m.bucket = 'reserved'),"
            " (SELECT COALESCE(SUM(m.qty), 0) FROM stock_move m"
            "  WHERE m.doc_type = 'order' AND m.doc_id = o.id"
            "  AND m.bucket = 'on_hand')"
            " FROM sales_order o"):
        qty, reserved, on_hand = int(qty), int(reserved), int(on_hand)
        want = {"placed": (qty, 0), "confirmed": (qty, 0),
                "cancelled": (0, 0), "shipped": (0, -qty)}[status]
        assert (reserved, on_hand) == want, (oid, status, qty, reserved,
                                             on_hand)
    # a receivable for each shipped order, none for the others
    for oid, status, total, n, amount in db.query(
            "SELECT o.id, o.status, o.total,"
            " (SELECT COUNT(*) FROM ledger_entry e WHERE"
            "  e.source_type = 'order' AND e.source_id = o.id),"
            " (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entry e WHERE"
            "  e.source_type = 'order' AND e.source_id = o.id)"
            " FROM sales_order o"):
        if status == "shipped" and int(total) > 0:
            assert (int(n), int(amount)) == (1, int(total)), oid
        else:
            assert int(n) == 0, oid
    # open orders: the totals of the placed and confirmed orders
    bad = db.query(
        "SELECT a.party_id, a.open_orders FROM party_account a WHERE"
        " a.open_orders <> (SELECT COALESCE(SUM(o.total), 0) FROM"
        " sales_order o WHERE o.party_id = a.party_id"
        " AND o.status IN ('placed', 'confirmed'))")
    assert bad == [], f"open_orders off the open orders: {bad}"
    # the budgets of this module's promotions: what their orders hold
    bad = db.query(
        "SELECT p.code, p.used_amount, p.used_gift_qty FROM promotion p"
        " WHERE p.code LIKE 'O-%' AND (p.used_amount <>"
        " (SELECT COALESCE(SUM(s.worth), 0) FROM sales_order_promo s"
        "  JOIN sales_order o ON o.id = s.order_id WHERE s.promo_id = p.id"
        "  AND s.verdict = 'applied' AND o.status <> 'cancelled')"
        " OR p.used_gift_qty <>"
        " (SELECT COALESCE(SUM(s.gift_qty), 0) FROM sales_order_promo s"
        "  JOIN sales_order o ON o.id = s.order_id WHERE s.promo_id = p.id"
        "  AND s.verdict = 'applied' AND o.status <> 'cancelled')"
        " OR (p.cap_amount IS NOT NULL AND p.used_amount > p.cap_amount)"
        " OR (p.cap_gift_qty IS NOT NULL"
        "  AND p.used_gift_qty > p.cap_gift_qty))")
    assert bad == [], f"promotion budgets off their orders: {bad}"


# ------------------------------------------------------------------ helpers

def valid(r):
    """r is XML (the tests of function leave page.xsd to
    test_xml_validates, so that a schema out of step with the pages shows
    there, and only there)."""
    assert r.is_xml, r
    return r


def money(v):
    """A money attribute (fen, an integer string) as an int."""
    assert v is not None and re.fullmatch(r"-?\d+", v), \
        f"money attribute {v!r} is not an integer of fen"
    return int(v)


def shown(fen):
    """The display text of an amount: "1,121.00"."""
    return f"{fen // 100:,}.{fen % 100:02d}"


def m(el, name):
    """Money attribute name of element el in fen; its name-text beside it
    says the same for people ("88000" and "880.00")."""
    fen = money(el.get(name))
    assert el.get(name + "-text") == shown(fen), \
        (name, el.get(name), el.get(name + "-text"))
    return fen


def today(days=0):
    return (datetime.datetime.now(datetime.timezone.utc).date()
            + datetime.timedelta(days=days)).isoformat()


def messages(r):
    return {(m.get("field"), m.get("code"))
            for m in r.doc.findall("messages/message")}


def message(r, field, code):
    for m in r.doc.findall("messages/message"):
        if m.get("field") == field and m.get("code") == code:
            return m.text or ""
    raise AssertionError(f"no message {field}/{code} in {messages(r)}:"
                         f" {r.body[:800]!r}")


def uid(db, login_name):
    return int(db.scalar("SELECT id FROM qd_user WHERE login ="
                         f" '{login_name}'"))


def cart_rows(db, login_name):
    return db.query("SELECT product_id, qty FROM cart_line WHERE user_id ="
                    f" {uid(db, login_name)} ORDER BY product_id")


def balance(db, wh_id, pid):
    """(on_hand, reserved) of a product at a warehouse."""
    rows = db.query("SELECT on_hand, reserved FROM stock_balance WHERE"
                    f" warehouse_id = {wh_id} AND product_id = {pid}")
    return tuple(int(x) for x in rows[0]) if rows else (0, 0)


def account(db, code):
    cols = ("receivable", "open_orders", "exposure", "credit_limit")
    row = db.query(f"SELECT {', '.join(cols)} FROM party_account"
                   f" WHERE party_id = {PARTY_ID[code]}")[0]
    return dict(zip(cols, (int(v) for v in row)))


def used(db, promo_id):
    a, g = db.query("SELECT used_amount, used_gift_qty FROM promotion"
                    f" WHERE id = {promo_id}")[0]
    return int(a), int(g)


def n_orders(db, where=""):
    return int(db.scalar("SELECT COUNT(*) FROM sales_order"
                         + (f" WHERE {where}" if where else "")))


def snapshot(db, login_name):
    """Everything a placement or an action could change."""
    return {
        "orders": db.query("SELECT id, status, version FROM sales_order"
                           " ORDER BY id"),
        "lines": db.scalar("SELECT COUNT(*) FROM sales_order_line"),
        "promos": db.scalar("SELECT COUNT(*) FROM sales_order_promo"),
        "moves": db.scalar("SELECT COUNT(*) FROM stock_move"),
        "balances": db.query("SELECT warehouse_id, product_id, on_hand,"
                             " reserved FROM stock_balance ORDER BY 1, 2"),
        "accounts": db.query("SELECT party_id, receivable, open_orders,"
                             " exposure FROM party_account ORDER BY 1"),
        "used": db.query("SELECT id, used_amount, used_gift_qty"
                         " FROM promotion ORDER BY id"),
        "ledger": db.scalar("SELECT COUNT(*) FROM ledger_entry"),
        "cart": cart_rows(db, login_name),
    }


def set_available(db, wh_id, pid, n):
    """Make n units of a product available at a warehouse (on hand =
    reserved + n), through a move of its own so the ledger still holds."""
    on_hand, reserved = balance(db, wh_id, pid)
    delta = reserved + n - on_hand
    if delta == 0:
        return
    mid = next(_move_ids)
    ts = ts_literal(db, channel.NOW)
    db.write(
        "INSERT INTO stock_move (id, warehouse_id, product_id, bucket, kind,"
        " qty, doc_type, doc_id, line_no, move_on, posted_at, user_id)"
        f" VALUES ({mid}, {wh_id}, {pid}, 'on_hand', 'count', {delta},"
        f" 'test', {mid}, 1, {date_literal(db, today())}, {ts}, NULL)",
        f"UPDATE stock_balance SET on_hand = on_hand + {delta}"
        f" WHERE warehouse_id = {wh_id} AND product_id = {pid}")
    assert balance(db, wh_id, pid) == (reserved + n, reserved)


_promo_n = itertools.count(1)


def promotion(b, **fields):
    """A promotion through the director's pages, activated; its id.  Its
    code starts with O- (the invariants check their budgets)."""
    n = next(_promo_n)
    f = {"target": "all", "stacking": "combinable", "priority": "100",
         "valid_from": f"{YEAR}-01-01", "valid_to": f"{YEAR}-12-31",
         "code": f"O-{n:03d}", "name": f"订单测试促销 {n}"}
    f.update(fields)
    return channel.new_promotion(b, f)


def clear(b, customer=None):
    r = b.post("/cart/clear", {"customer": customer} if customer else {})
    assert r.status == 303, r


def fill(b, items, customer=None):
    """Empty the cart, then add (code, qty) in order."""
    clear(b, customer)
    for code, qty in items:
        f = {"product": code, "qty": str(qty)}
        if customer:
            f["customer"] = customer
        r = b.post("/cart/add", f)
        assert r.status == 303, (r, r.body[:1500])


def cart(b, customer=None):
    """The cart page's <cart> (as XML, validated)."""
    r = b.get("/cart.xml" + (f"?customer={customer}" if customer else ""),
              xml=True)
    assert r.status == 200, r
    valid(r)
    return r.doc.find("cart")


def checkout(b, customer=None):
    """(token, offered warehouse ids, <cart>) of the cart page."""
    c = cart(b, customer)
    k = c.find("checkout")
    assert k is not None, ("no checkout on the cart page",
                           qs.etree.tostring(c)[:1500])
    assert re.fullmatch(r"[1-9]\d*", k.get("token") or ""), k.attrib
    whs = [int(w.get("id")) for w in k.findall("warehouse")]
    assert whs, "no warehouse offered"
    return k.get("token"), whs, c


def place(b, token, wh, note=None, customer=None, xml=True):
    f = {"token": str(token), "warehouse": str(wh)}
    if note is not None:
        f["note"] = note
    if customer is not None:
        f["customer"] = customer
    r = b.post("/cart/order", f, xml=xml)
    if xml and r.status != 303:
        valid(r)
    return r


def placed(r):
    """The id of the order a placement went to."""
    assert r.status == 303, (r, r.body[:2000])
    m = re.fullmatch(r"/orders/(\d+)\?done=placed", r.header("Location"))
    assert m, r.header("Location")
    return int(m.group(1))


def order_of(b, items, customer=None, note=None, wh=None):
    """Fill the cart, place it at the default (or given) warehouse; the
    order id and the <cart> as the page showed it just before."""
    fill(b, items, customer)
    token, whs, c = checkout(b, customer)
    return placed(place(b, token, whs[0] if wh is None else wh, note,
                        customer)), c


def order(b, oid, query=""):
    r = b.get(f"/orders/{oid}.xml{query}", xml=True)
    assert r.status == 200, r
    valid(r)
    o = r.doc.find("order")
    assert o is not None, r
    return o


def act(b, oid, action, version, xml=True):
    r = b.post(f"/orders/{oid}/{action}", {"version": str(version)},
               xml=xml)
    if xml and r.status not in (303, 403, 404) and r.body:
        valid(r)
    return r


def done(r, oid, what):
    assert r.status == 303, (r, r.body[:2000])
    assert r.header("Location") == f"/orders/{oid}?done={what}", \
        r.header("Location")


def events(o):
    """[(action, user's name)] of the order's history, oldest first (the
    page lists them newest first)."""
    return [(e.get("action"), e.get("user-name"))
            for e in reversed(o.findall("history/entry"))]


def display(db, login_name):
    return db.scalar("SELECT display_name FROM qd_user WHERE login ="
                     f" '{login_name}'")


def order_moves(db, oid):
    """{(line, product, bucket, kind): qty} of an order's stock moves."""
    return {(int(r[0]), int(r[1]), r[2], r[3]): int(r[4]) for r in db.query(
        "SELECT line_no, product_id, bucket, kind, qty FROM stock_move"
        f" WHERE doc_type = 'order' AND doc_id = {oid}")}


def html(b, path, status=200):
    r = b.get(path)
    assert r.status == status, r
    return qs.assert_html_page(r)


# ------------------------------------------------------------------ placing

def test_place_from_the_cart(env, login, PR):
    """A dealer's cart becomes the order the cart page showed: the same
    lines, prices and totals, the gift line at price 0, the promotions
    considered; stock reserved line by line (the gift too), the credit
    raised, the capped promotions' budgets claimed, the cart emptied."""
    db, _ = env
    d = login("director")
    b = login("dealer-t-sh1")
    (p5, c5), (p6, c6), (p7, c7) = PR[5], PR[6], PR[7]
    g5 = promotion(d, kind="buy_get", product=c5, buy_qty="3", get_qty="1",
                   cap_amount="100000.00", cap_gift_qty="1000")
    g6 = promotion(d, kind="percent", product=c6, discount="10",
                   cap_amount="100000.00")
    fill(b, [(c5, 7), (c6, 2), (c7, 3)])
    token, whs, c = checkout(b)
    # the warehouses that ship to D-SH1: its branch's first; another
    # branch's and a closed one are not offered
    assert whs[0] == WH["WH-SH"], whs
    assert WH["WH-GZ"] not in whs and WH["WH-OLD"] not in whs, whs
    wh = whs[0]
    # the cart as priced for D-SH1 (grade B: 95.00): 7 of c5 give 2 free,
    # c6 10 % off
    shown = [(ln.get("code"), int(ln.get("qty")), int(ln.get("net-price")),
              ln.get("gift") == "true") for ln in c.findall("line")]
    assert sorted(shown) == sorted([(c5, 7, 9500, False),
                                    (c6, 2, 8550, False),
                                    (c7, 3, 9500, False),
                                    (c5, 2, 0, True)])
    assert shown[-1] == (c5, 2, 0, True)
    assert (c.get("gross"), c.get("discount"), c.get("total"),
            c.get("gift-value")) == ("114000", "1900", "112100", "20000")
    # the form on the HTML page
    root = html(b, "/cart")
    form = root.xpath("//form[@action='/cart/order']")
    assert len(form) == 1
    # (each showing of the page hands out a token of its own)
    assert re.fullmatch(r"[1-9]\d*", "".join(
        form[0].xpath(".//input[@name='token']/@value")))
    assert [int(v) for v in form[0].xpath(
        ".//select[@name='warehouse']/option/@value")] == whs
    assert form[0].xpath(".//*[@name='note']")
    assert form[0].xpath(".//input[@name='csrf']")

    stock0 = {p: balance(db, wh, p) for p in (p5, p6, p7)}
    acct0 = account(db, "D-SH1")
    used0 = {g5: used(db, g5), g6: used(db, g6)}
    n0 = n_orders(db)
    oid = placed(place(b, token, wh, note="请周五前送到 & 谢谢"))
    assert n_orders(db) == n0 + 1

    o = order(b, oid, "?done=placed")
    assert o.get("id") == str(oid) and o.get("done") == "placed"
    assert o.get("status") == "placed" and o.get("version") == "1"
    assert o.get("order-on") == today()
    assert re.fullmatch(rf"DD-?{today().replace('-', '')}-\d{{4,}}",
                        o.get("no")), o.get("no")
    assert (o.get("party-id"), o.get("party-code"), o.get("party-kind")) == \
        (str(P["D-SH1"]), "D-SH1", "dealer")
    assert (o.get("warehouse-id"), o.get("warehouse-code")) == \
        (str(wh), "WH-SH")
    assert o.get("note") == "请周五前送到 & 谢谢"
    assert o.get("created-by") == display(db, "dealer-t-sh1")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                        o.get("created-at") or ""), o.get("created-at")
    # the totals the cart showed
    assert [m(o, k) for k in ("gross", "discount", "total", "gift-value")] \
        == [int(c.get(k)) for k in ("gross", "discount", "total",
                                    "gift-value")] \
        == [114000, 1900, 112100, 20000]
    assert o.get("total-text") == "1,121.00"
    # line by line: the cart's lines, then the gift
    lines = o.findall("line")
    assert [ln.get("no") for ln in lines] == ["1", "2", "3", "4"]
    for ln, cl in zip(lines, c.findall("line")):
        assert ln.get("code") == cl.get("code")
        assert ln.get("product-id") == cl.get("product-id")
        assert ln.get("qty") == cl.get("qty")
        assert m(ln, "base-price") == int(cl.get("unit-price"))
        assert m(ln, "net-price") == int(cl.get("net-price"))
        assert m(ln, "discount") == int(cl.get("discount"))
        assert m(ln, "amount") == int(cl.get("amount"))
        q = cl.find("quote")
        if cl.get("gift") == "true":
            assert q is None
            assert ln.get("gift") == "true" and ln.get("tier") == "gift"
            assert ln.get("promo-id") == cl.get("promo-id") == str(g5)
            assert ln.get("promo-code") == db.scalar(
                f"SELECT code FROM promotion WHERE id = {g5}")
            assert [m(ln, k) for k in ("list-price", "base-price",
                                       "net-price", "discount",
                                       "amount")] == [10000, 0, 0, 0, 0]
        else:
            assert ln.get("gift") is None and ln.get("promo-id") is None
            assert m(ln, "list-price") == int(q.get("list-price"))
            assert ln.get("tier") == q.get("tier") == "grade_discount"
            assert ln.get("rule-id") == q.get("rule-id")
    by_code = {(ln.get("code"), ln.get("gift")): ln for ln in lines}
    assert [m(by_code[(c6, None)], k) for k in
            ("list-price", "base-price", "net-price", "discount",
             "amount")] == [10000, 9500, 8550, 1900, 17100]
    assert m(by_code[(c5, None)], "amount") == 66500
    assert m(by_code[(c7, None)], "amount") == 28500
    # the promotions considered: the cart's steps, as the cart showed them
    cart_steps = [dict(s.attrib) for s in c.findall("step")]
    order_steps = [dict(s.attrib) for s in o.findall("step")]
    assert len(order_steps) == len(cart_steps) == 2
    assert sorted(order_steps, key=lambda s: s["promo-id"]) == \
        sorted(cart_steps, key=lambda s: s["promo-id"])
    steps = {s["promo-id"]: s for s in order_steps}
    assert steps[str(g5)]["verdict"] == steps[str(g6)]["verdict"] == \
        "applied"
    assert steps[str(g5)]["gift-qty"] == "2"
    # the history and what a dealer may do
    assert events(o) == [("place", display(db, "dealer-t-sh1"))]
    assert o.get("can-cancel") == "true"
    assert o.get("can-confirm") is None and o.get("can-ship") is None

    # the database: the order as placed
    row = db.query("SELECT party_id, warehouse_id, status, gross, discount,"
                   " total, gift_value, created_by, version FROM sales_order"
                   f" WHERE id = {oid}")[0]
    assert [str(x) for x in row] == [
        str(P["D-SH1"]), str(wh), "placed", "114000", "1900", "112100",
        "20000", str(uid(db, "dealer-t-sh1")), "1"]
    assert {(r[0], int(r[1]), int(r[2])) for r in db.query(
        "SELECT verdict, worth, gift_qty FROM sales_order_promo"
        f" WHERE order_id = {oid}")} == {("applied", 20000, 2),
                                         ("applied", 1900, 0)}
    # every line reserved at the warehouse, the gift too
    line_no = {(ln.get("code"), ln.get("gift")): int(ln.get("no"))
               for ln in lines}
    assert order_moves(db, oid) == {
        (line_no[(c5, None)], p5, "reserved", "reserve"): 7,
        (line_no[(c6, None)], p6, "reserved", "reserve"): 2,
        (line_no[(c7, None)], p7, "reserved", "reserve"): 3,
        (line_no[(c5, "true")], p5, "reserved", "reserve"): 2}
    assert int(db.scalar("SELECT COUNT(*) FROM stock_move WHERE doc_type ="
                         f" 'order' AND doc_id = {oid} AND warehouse_id <>"
                         f" {wh}")) == 0
    for p, n in ((p5, 9), (p6, 2), (p7, 3)):
        on_hand, reserved = stock0[p]
        assert balance(db, wh, p) == (on_hand, reserved + n), p
    # the credit: open orders and exposure up by the total
    acct = account(db, "D-SH1")
    assert acct["open_orders"] == acct0["open_orders"] + 112100
    assert acct["exposure"] == acct0["exposure"] + 112100
    assert acct["receivable"] == acct0["receivable"]
    # the capped promotions' budgets: the gifts' value and units, the
    # discount
    assert used(db, g5) == (used0[g5][0] + 20000, used0[g5][1] + 2)
    assert used(db, g6) == (used0[g6][0] + 1900, used0[g6][1])
    # the cart is empty, the placement audited
    assert cart_rows(db, "dealer-t-sh1") == []
    assert cart(b).get("lines") == "0"
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE entity ="
                         f" 'sales_order' AND entity_id = {oid}")) == 1
    # the page the dealer lands on
    root = html(b, f"/orders/{oid}?done=placed")
    text = root.text_content()
    assert o.get("no") in text and c5 in text and c6 in text and c7 in text
    assert "请周五前送到 & 谢谢" in text
    # the promotions considered, named on the page
    for pid in (g5, g6):
        assert db.scalar(f"SELECT code FROM promotion WHERE id = {pid}") \
            in text


def test_the_same_form_twice_makes_one_order(env, login, PR, big):
    db, _ = env
    b = login("dealer-t-sh2")
    _, c14 = PR[14]
    fill(b, [(c14, 2)])
    token, whs, _ = checkout(b)
    n0 = n_orders(db)
    oid = placed(place(b, token, whs[0]))
    snap = snapshot(db, "dealer-t-sh2")
    # again (a second click, a retry): the same order, nothing more
    r = place(b, token, whs[0])
    assert r.status == 303, r
    assert r.header("Location").startswith(f"/orders/{oid}?"), \
        r.header("Location")
    assert n_orders(db) == n0 + 1
    assert snapshot(db, "dealer-t-sh2") == snap
    # another dealer sending that order's id as its token is not told
    # "placed": 400, its cart as it was, no order
    o = login("dealer-t-sh4")
    fill(o, [(c14, 1)])
    _, owhs, _ = checkout(o)
    kept = cart_rows(db, "dealer-t-sh4")
    r = place(o, oid, owhs[0])
    assert r.status == 400, r
    assert cart_rows(db, "dealer-t-sh4") == kept != []
    assert n_orders(db) == n0 + 1
    clear(o)
    # and twice at once, through two workers
    fill(b, [(c14, 3)])
    token, whs, _ = checkout(b)
    w = Browser(big).login("dealer-t-sh2")
    tok = w.csrf()
    barrier = threading.Barrier(2)

    def go(_):
        barrier.wait()
        return w.post("/cart/order", {"token": token,
                                      "warehouse": str(whs[0])},
                      csrf=tok, xml=True)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        out = list(ex.map(go, range(2)))
    assert [r.status for r in out] == [303, 303], out
    ids = {re.match(r"/orders/(\d+)\?", r.header("Location")).group(1)
           for r in out}
    assert len(ids) == 1, ids
    assert n_orders(db) == n0 + 2
    assert n_orders(db, f"id = {ids.pop()}") == 1
    assert cart_rows(db, "dealer-t-sh2") == []


def test_stock_short_is_refused(env, login, PR):
    """Less available than the cart asks: 409 naming the product and what
    is available, nothing written; the gift line needs stock as well."""
    db, _ = env
    d = login("director")
    b = login("dealer-t-sh2")
    (p8, c8), (p9, c9), (_, c14) = PR[8], PR[9], PR[14]
    fill(b, [(c14, 1), (c8, 7)])
    token, whs, _ = checkout(b)
    wh = whs[0]
    set_available(db, wh, p8, 5)
    snap = snapshot(db, "dealer-t-sh2")
    r = place(b, token, wh, note="缺货测试")
    assert r.status == 409, r
    text = message(r, "order", "stock_short")
    assert c8 in text and re.search(r"(?<![\d.])5 available", text), text
    assert re.search(r"the order needs 7(?!\d)", text), text
    # the cart again, with the form as typed
    k = r.doc.find("cart/checkout")
    assert k is not None and k.get("note") == "缺货测试"
    assert k.get("warehouse") == str(wh)
    assert [ln.get("code") for ln in r.doc.findall("cart/line")] == \
        [c14, c8]
    assert snapshot(db, "dealer-t-sh2") == snap
    # the HTML page says it too
    h = place(b, token, wh, note="缺货测试", xml=False)
    assert h.status == 409, h
    root = qs.assert_html_page(h)
    assert c8 in root.text_content()
    assert snapshot(db, "dealer-t-sh2") == snap
    # with 7 available it goes through
    set_available(db, wh, p8, 7)
    before = balance(db, wh, p8)
    oid = placed(place(b, token, wh))
    assert balance(db, wh, p8) == (before[0], before[1] + 7)
    assert balance(db, wh, p8)[0] - balance(db, wh, p8)[1] == 0
    # a gift takes stock: 6 bought and 2 given need 8
    promotion(d, kind="buy_get", product=c9, buy_qty="3", get_qty="1")
    fill(b, [(c9, 6)])
    token, _, c = checkout(b)
    assert [(ln.get("code"), ln.get("qty"), ln.get("gift"))
            for ln in c.findall("line")] == [(c9, "6", None),
                                             (c9, "2", "true")]
    set_available(db, wh, p9, 7)
    snap = snapshot(db, "dealer-t-sh2")
    r = place(b, token, wh)
    assert r.status == 409, r
    text = message(r, "order", "stock_short")
    assert c9 in text, text
    assert snapshot(db, "dealer-t-sh2") == snap
    set_available(db, wh, p9, 8)
    before = balance(db, wh, p9)
    oid = placed(place(b, token, wh))
    assert balance(db, wh, p9) == (before[0], before[1] + 8)
    assert sorted(order_moves(db, oid).values()) == [2, 6]
    # the refusal said what the warehouse had for this order (7), not
    # what was left after the order's own first line took 6
    assert re.search(r"(?<![\d.])7 available", text), text
    assert re.search(r"the order needs 8(?!\d)", text), text


def test_credit_limit_hold_and_approval(env, login, PR):
    db, _ = env
    b = login("dealer-t-sh4")
    _, c14 = PR[14]
    # D-SH4 has no grade: 9 x 100.00 = 900.00 against a limit of 500.00
    db.write(f"UPDATE party_account SET credit_limit = 50000"
             f" WHERE party_id = {PARTY_ID['D-SH4']}")
    try:
        fill(b, [(c14, 9)])
        token, whs, c = checkout(b)
        assert c.get("total") == "90000"
        assert account(db, "D-SH4")["exposure"] == 0
        snap = snapshot(db, "dealer-t-sh4")
        r = place(b, token, whs[0])
        assert r.status == 409, r
        text = message(r, "order", "over_limit")
        assert "500.00" in text and "400.00" in text, text
        assert snapshot(db, "dealer-t-sh4") == snap
        h = place(b, token, whs[0], xml=False)
        assert h.status == 409
        assert "400.00" in qs.assert_html_page(h).text_content()
        # on hold: refused whatever the limit
        db.write("UPDATE party_account SET credit_limit = 90000,"
                 f" hold = 'manual' WHERE party_id = {PARTY_ID['D-SH4']}")
        r = place(b, token, whs[0])
        assert r.status == 409, r
        assert ("order", "held") in messages(r), messages(r)
        assert snapshot(db, "dealer-t-sh4") == snap
        # exactly at the limit: placed
        db.write("UPDATE party_account SET hold = 'none'"
                 f" WHERE party_id = {PARTY_ID['D-SH4']}")
        placed(place(b, token, whs[0]))
        a = account(db, "D-SH4")
        assert (a["open_orders"], a["exposure"]) == (90000, 90000)
        # and not one fen more
        fill(b, [(c14, 1)])
        token, whs, _ = checkout(b)
        snap = snapshot(db, "dealer-t-sh4")
        r = place(b, token, whs[0])
        assert r.status == 409 and ("order", "over_limit") in messages(r), r
        assert snapshot(db, "dealer-t-sh4") == snap
    finally:
        db.write(f"UPDATE party_account SET credit_limit = {LIMIT},"
                 f" hold = 'none' WHERE party_id = {PARTY_ID['D-SH4']}")
    # a customer not yet approved does not buy on credit
    rep = login("rep-sh")
    fill(rep, [(c14, 1)], customer="D-SHX")
    token, whs, _ = checkout(rep, "D-SHX")
    snap = snapshot(db, "rep-sh")
    r = place(rep, token, whs[0], customer="D-SHX")
    assert r.status == 409, r
    assert ("order", "not_approved") in messages(r), messages(r)
    assert snapshot(db, "rep-sh") == snap
    clear(rep, "D-SHX")


def test_bad_fields_are_refused(env, login, PR):
    """422 for a warehouse not offered, a note over 200 characters, an
    empty cart, no customer; 409 for a product discontinued since it was
    put in the cart: the form as typed, nothing written."""
    db, _ = env
    b = login("dealer-t-sh2")
    _, c14 = PR[14]
    fill(b, [(c14, 1)])
    token, whs, _ = checkout(b)
    snap = snapshot(db, "dealer-t-sh2")
    for wh in ("999999999", str(WH["WH-GZ"]), str(WH["WH-OLD"]),
               str(WH["WH-ASH"]), "", "abc", "-1"):
        r = place(b, token, wh, note="仓库")
        assert r.status == 422, (wh, r)
        assert "warehouse" in {f for f, _ in messages(r)}, (wh, messages(r))
        assert r.doc.find("cart/checkout").get("note") == "仓库"
        assert snapshot(db, "dealer-t-sh2") == snap, wh
    r = place(b, token, str(WH["WH-GZ"]), xml=False)
    assert r.status == 422
    qs.assert_html_page(r)
    long_note = "备" * 201
    r = place(b, token, whs[0], note=long_note)
    assert r.status == 422, r
    assert ("note", "too_long") in messages(r), messages(r)
    assert r.doc.find("cart/checkout").get("note") == long_note
    assert snapshot(db, "dealer-t-sh2") == snap
    # 200 characters (600 bytes) are fine
    oid = placed(place(b, token, whs[0], note="备" * 200))
    assert order(b, oid).get("note") == "备" * 200
    # an empty cart: a token from a cart that has been emptied since
    fill(b, [(c14, 1)])
    token, whs, _ = checkout(b)
    clear(b)
    snap = snapshot(db, "dealer-t-sh2")
    r = place(b, token, whs[0])
    assert r.status == 422, r
    assert ("order", "empty") in messages(r), messages(r)
    assert snapshot(db, "dealer-t-sh2") == snap
    # staff without a customer: no checkout, and no order
    rep = login("rep-sh")
    fill(rep, [(c14, 1)])
    assert cart(rep).find("checkout") is None
    token, whs, _ = checkout(rep, "D-SH2")
    snap = snapshot(db, "rep-sh")
    r = place(rep, token, whs[0])
    assert r.status == 422, r
    assert "no_customer" in {c for _, c in messages(r)}, messages(r)
    assert snapshot(db, "rep-sh") == snap
    clear(rep)
    # a product discontinued after it went into the cart: 409 naming it
    p15, c15 = PR[15]
    fill(b, [(c14, 1), (c15, 2)])
    token, whs, _ = checkout(b)
    was = db.scalar(f"SELECT status FROM product WHERE id = {p15}")
    db.write(f"UPDATE product SET status = 'discontinued' WHERE id = {p15}")
    try:
        snap = snapshot(db, "dealer-t-sh2")
        r = place(b, token, whs[0])
        assert r.status == 409, r
        assert ("order", "discontinued") in messages(r), messages(r)
        assert c15 in r.body.decode()
        assert snapshot(db, "dealer-t-sh2") == snap
    finally:
        db.write(f"UPDATE product SET status = '{was}' WHERE id = {p15}")
    clear(b)


def test_a_spent_budget_gives_no_gift(env, login, PR):
    """A promotion whose cap is used up by the time the order is placed
    is not applied: no gift line, the step says cap, nothing claimed."""
    db, _ = env
    d = login("director")
    b = login("dealer-t-sh2")
    p12, c12 = PR[12]
    g = promotion(d, kind="buy_get", product=c12, buy_qty="2", get_qty="1",
                  cap_gift_qty="5")
    fill(b, [(c12, 4)])
    token, whs, c = checkout(b)
    assert [ln.get("gift") for ln in c.findall("line")] == [None, "true"]
    db.write(f"UPDATE promotion SET used_gift_qty = 5 WHERE id = {g}")
    try:
        oid = placed(place(b, token, whs[0]))
        o = order(b, oid)
        assert [(ln.get("code"), ln.get("qty"), ln.get("gift"))
                for ln in o.findall("line")] == [(c12, "4", None)]
        assert (m(o, "gift-value"), m(o, "total")) == (0, 40000)
        st = [s for s in o.findall("step") if s.get("promo-id") == str(g)]
        assert [s.get("verdict") for s in st] == ["cap"]
        assert used(db, g) == (0, 5)
    finally:
        db.write(f"UPDATE promotion SET used_gift_qty = 0 WHERE id = {g}")


# ------------------------------------------------------------------ scope

def test_scope(env, login, PR):
    db, _ = env
    _, c15 = PR[15]
    a = login("dealer-t-sh1")
    oid, _ = order_of(a, [(c15, 2)])
    snap = snapshot(db, "dealer-t-sh1")
    version = order(a, oid).get("version")
    # another dealer, another branch's manager: as if it did not exist
    for who in ("dealer-t-gz1", "mgr-gz"):
        x = login(who)
        for path in (f"/orders/{oid}", f"/orders/{oid}/print"):
            assert x.get(path).status == 404, (who, path)
            assert x.get(path + ".xml", xml=True).status == 404, (who, path)
            assert x.get(path, xml=True).status == 404, (who, path)
        assert x.get(f"/orders/{oid}.xml?done=placed",
                     xml=True).status == 404
        for action in ("cancel", "confirm", "ship"):
            r = act(x, oid, action, version)
            assert r.status in (403, 404), (who, action, r)
            if who == "dealer-t-gz1" and action == "cancel":
                assert r.status == 404, r
            if who == "mgr-gz":
                assert r.status == 404, (action, r)
        ids = [o.get("id") for o in
               x.get("/orders.xml", xml=True).doc.findall("orders/order")]
        assert str(oid) not in ids, who
        assert x.get("/orders.csv").body.decode("utf-8-sig").count(
            order(a, oid).get("no")) == 0
    assert snapshot(db, "dealer-t-sh1") == snap
    # (each refusal is in the audit trail)
    assert int(db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'sales_order' AND"
        f" entity_id = {oid} AND action = 'denied' AND user_id ="
        f" {uid(db, 'dealer-t-gz1')}")) == 8
    # the agent above sees it and may not cancel it (not its party's)
    ag = login("agent-t-sh")
    assert order(ag, oid).get("party-code") == "D-SH1"
    assert order(ag, oid).get("can-cancel") is None
    assert act(ag, oid, "cancel", version).status == 403
    # finance sees it and may not confirm it
    fi = login("finance")
    assert order(fi, oid).get("can-confirm") is None
    assert act(fi, oid, "confirm", version).status == 403
    assert snapshot(db, "dealer-t-sh1") == snap
    # a dealer cannot order for another customer
    fill(a, [(c15, 1)])
    token, whs, _ = checkout(a)
    snap = snapshot(db, "dealer-t-sh1")
    r = place(a, token, whs[0], customer="D-GZ1")
    assert r.status == 422, r
    assert snapshot(db, "dealer-t-sh1") == snap
    clear(a)
    # a sales rep orders for a customer of the branch, not for another
    rep = login("rep-sh")
    oid2, c = order_of(rep, [(c15, 3)], customer="D-SH1")
    assert c.get("party-code") == "D-SH1"
    o = order(rep, oid2)
    assert (o.get("party-code"), o.get("created-by")) == \
        ("D-SH1", display(db, "rep-sh"))
    # grade B of D-SH1: 3 x 95.00
    assert m(o, "total") == 28500
    assert cart_rows(db, "rep-sh") == []
    assert str(oid2) in [x.get("id") for x in a.get(
        "/orders.xml", xml=True).doc.findall("orders/order")]
    fill(rep, [(c15, 1)], customer="D-SH1")
    token, whs, _ = checkout(rep, "D-SH1")
    snap = snapshot(db, "rep-sh")
    r = place(rep, token, whs[0], customer="D-GZ1")
    assert r.status == 422, r
    assert "no_customer" in {c for _, c in messages(r)}, messages(r)
    assert snapshot(db, "rep-sh") == snap
    assert n_orders(db, f"party_id = {P['D-GZ1']}") == 0
    clear(rep, "D-SH1")


# ------------------------------------------------------------------ actions

def test_dealer_cancels_its_placed_order(env, login, PR):
    """Cancelling releases the stock, gives the promotion's budget back
    and lowers the exposure; a dealer may not confirm or ship."""
    db, _ = env
    d = login("director")
    b = login("dealer-t-sh1")
    p13, c13 = PR[13]
    g = promotion(d, kind="buy_get", product=c13, buy_qty="4", get_qty="1",
                  cap_amount="100000.00", cap_gift_qty="100")
    fill(b, [(c13, 4)])
    token, whs, _ = checkout(b)
    wh = whs[0]
    stock0, acct0, used0 = balance(db, wh, p13), account(db, "D-SH1"), \
        used(db, g)
    oid = placed(place(b, token, wh))
    assert balance(db, wh, p13) == (stock0[0], stock0[1] + 5)
    assert used(db, g) == (used0[0] + 10000, used0[1] + 1)
    assert account(db, "D-SH1")["exposure"] == acct0["exposure"] + 38000
    snap = snapshot(db, "dealer-t-sh1")
    for action in ("confirm", "ship"):
        assert act(b, oid, action, 1).status == 403, action
    assert snapshot(db, "dealer-t-sh1") == snap
    # a stale version: 409, the order as it is
    r = act(b, oid, "cancel", 7)
    assert r.status == 409, r
    assert r.doc.find("order").get("status") == "placed"
    assert snapshot(db, "dealer-t-sh1") == snap
    done(act(b, oid, "cancel", 1), oid, "cancelled")
    o = order(b, oid)
    assert (o.get("status"), o.get("version")) == ("cancelled", "2")
    assert o.get("cancelled-by") == display(db, "dealer-t-sh1")
    assert o.get("cancelled-at")
    assert o.get("can-cancel") is None
    assert events(o) == [("place", display(db, "dealer-t-sh1")),
                         ("cancel", display(db, "dealer-t-sh1"))]
    assert balance(db, wh, p13) == stock0
    assert used(db, g) == used0
    a = account(db, "D-SH1")
    assert (a["open_orders"], a["exposure"]) == (acct0["open_orders"],
                                                 acct0["exposure"])
    moves = order_moves(db, oid)
    assert sorted((k[2], k[3], v) for k, v in moves.items()) == [
        ("reserved", "release", -4), ("reserved", "release", -1),
        ("reserved", "reserve", 1), ("reserved", "reserve", 4)]


def test_confirm_ship_and_cancel(env, login, PR):
    db, _ = env
    b = login("dealer-t-sh1")
    m = login("mgr-sh")
    p13, c13 = PR[19]
    (p16, c16) = PR[16]
    g = promotion(login("director"), kind="buy_get", product=c13,
                  buy_qty="4", get_qty="1", cap_amount="100000.00",
                  cap_gift_qty="100")
    fill(b, [(c13, 8), (c16, 1)])  # 4 + 1: 2 gifts
    token, whs, c = checkout(b)
    wh = whs[0]
    total = int(c.get("total"))
    assert total == 9 * 9500
    s13, s16 = balance(db, wh, p13), balance(db, wh, p16)
    acct0 = account(db, "D-SH1")
    used0 = used(db, g)
    oid = placed(place(b, token, wh))
    assert db.query("SELECT line_no, qty FROM sales_order_line WHERE"
                    f" order_id = {oid} AND gift = 1 AND promo_id = {g}") \
        == [["3", "2"]]
    used1 = used(db, g)
    assert used1 == (used0[0] + 20000, used0[1] + 2)
    # the manager sees the buttons
    o = order(m, oid)
    assert (o.get("can-confirm"), o.get("can-ship"), o.get("can-cancel")) \
        == ("true", "true", "true")
    done(act(m, oid, "confirm", 1), oid, "confirmed")
    o = order(b, oid)
    assert (o.get("status"), o.get("version")) == ("confirmed", "2")
    assert o.get("confirmed-by") == display(db, "mgr-sh")
    assert o.get("can-cancel") is None
    # the dealer may no longer cancel
    snap = snapshot(db, "dealer-t-sh1")
    assert act(b, oid, "cancel", 2).status == 403
    # a stale ship: 409 with the order unchanged
    r = act(m, oid, "ship", 1)
    assert r.status == 409, r
    assert r.doc.find("order").get("status") == "confirmed"
    assert snapshot(db, "dealer-t-sh1") == snap
    assert balance(db, wh, p13) == (s13[0], s13[1] + 10)
    # shipped: goods out, the reservation gone, the receivable posted
    done(act(m, oid, "ship", 2), oid, "shipped")
    o = order(m, oid)
    assert (o.get("status"), o.get("version")) == ("shipped", "3")
    assert o.get("shipped-by") == display(db, "mgr-sh")
    assert o.get("can-ship") is None and o.get("can-cancel") is None
    assert o.get("can-confirm") is None
    assert events(o) == [("place", display(db, "dealer-t-sh1")),
                         ("confirm", display(db, "mgr-sh")),
                         ("ship", display(db, "mgr-sh"))]
    assert balance(db, wh, p13) == (s13[0] - 10, s13[1])
    assert balance(db, wh, p16) == (s16[0] - 1, s16[1])
    moves = order_moves(db, oid)
    assert sorted((k[2], k[3]) for k in moves) == sorted(
        [("reserved", "reserve")] * 3 + [("reserved", "release")] * 3
        + [("on_hand", "issue")] * 3)
    assert sum(v for k, v in moves.items() if k[2] == "on_hand") == -11
    rows = db.query("SELECT party_id, kind, bucket, amount, entry_on, due_on"
                    " FROM ledger_entry WHERE source_type = 'order'"
                    f" AND source_id = {oid}")
    assert len(rows) == 1
    pid, kind, bucket, amount, entry_on, due_on = rows[0]
    assert (int(pid), kind, bucket, int(amount)) == \
        (P["D-SH1"], "receivable", "receivable", total)
    assert (str(entry_on)[:10], str(due_on)[:10]) == (today(), today(30))
    a = account(db, "D-SH1")
    assert a["receivable"] == acct0["receivable"] + total
    assert a["open_orders"] == acct0["open_orders"]
    assert a["exposure"] == acct0["exposure"] + total
    # shipping keeps the promotion's claim
    assert used(db, g) == used1
    # nothing moves a shipped order
    snap = snapshot(db, "dealer-t-sh1")
    for action in ("cancel", "confirm"):
        r = act(m, oid, action, 3)
        assert r.status == 409, (action, r)
        assert r.doc.find("order").get("status") == "shipped"
    assert snapshot(db, "dealer-t-sh1") == snap
    # the manager cancels a confirmed order: everything given back
    fill(b, [(c13, 4)])
    token, whs, _ = checkout(b)
    s13, used0, acct0 = balance(db, wh, p13), used(db, g), \
        account(db, "D-SH1")
    oid2 = placed(place(b, token, wh))
    done(act(m, oid2, "confirm", 1), oid2, "confirmed")
    done(act(m, oid2, "cancel", 2), oid2, "cancelled")
    assert balance(db, wh, p13) == s13 and used(db, g) == used0
    assert account(db, "D-SH1") == acct0
    # the warehouse ships a placed order straight away
    fill(b, [(c16, 2)])
    token, whs, _ = checkout(b)
    s16 = balance(db, wh, p16)
    oid3 = placed(place(b, token, wh))
    w = login("warehouse")
    done(act(w, oid3, "ship", 1), oid3, "shipped")
    assert balance(db, wh, p16) == (s16[0] - 2, s16[1])
    assert order(w, oid3).get("shipped-by") == display(db, "warehouse")


def test_a_repeated_or_stale_action(env, login, PR):
    """The same action again (a second click, or a page left open) on an
    order already where it leads: 303 to the order saying so
    (?done=already); another action on an order that moved on: 409 with
    the order page, its status unchanged; a dealer's cancel of its own
    order once it is no longer placed: 403.  Nothing changes in any case.
    (The answers are gathered and compared at the end, after every step's
    "nothing changed".)"""
    db, _ = env
    b = login("dealer-t-sh2")
    m = login("mgr-sh")
    _, c16 = PR[16]
    got = []

    def again(who, oid, action, version, status):
        snap = snapshot(db, "dealer-t-sh2")
        r = act(who, oid, action, version)
        assert snapshot(db, "dealer-t-sh2") == snap, (action, version)
        want = (action, version, status)
        seen = (action, version, r.status)
        if r.status == 409:
            o = r.doc.find("order")
            assert o is not None and o.get("id") == str(oid), r
            seen += (o.get("status"),)
            want += (o.get("status"),)
        elif r.status == 303:
            seen += (r.header("Location"),)
            want += (f"/orders/{oid}?done=already",)
        got.append(seen)
        return want

    wanted = []
    oid, _ = order_of(b, [(c16, 1)])
    done(act(m, oid, "confirm", 1), oid, "confirmed")
    wanted.append(again(m, oid, "confirm", 1, 303))
    done(act(m, oid, "ship", 2), oid, "shipped")
    wanted.append(again(m, oid, "ship", 2, 303))
    wanted.append(again(m, oid, "ship", 3, 303))
    # confirming a shipped order: it moved on
    wanted.append(again(m, oid, "confirm", 2, 409))
    wanted.append(again(m, oid, "confirm", 3, 409))
    # not the dealer's to cancel any more
    wanted.append(again(b, oid, "cancel", 3, 403))
    oid, _ = order_of(b, [(c16, 1)])
    done(act(b, oid, "cancel", 1), oid, "cancelled")
    wanted.append(again(m, oid, "cancel", 2, 303))
    wanted.append(again(m, oid, "ship", 2, 409))
    # the dealer's second click
    wanted.append(again(b, oid, "cancel", 1, 303))
    assert got == wanted, got


# ------------------------------------------------------------------ the race

def test_a_capped_promotion_under_concurrent_orders(env, login, PR, big):
    """Six dealers order at once a product whose promotion gives one unit
    for one, capped at three units: three orders get the gift, never
    more; the others are placed without it or refused with 409."""
    db, _ = env
    d = login("director")
    p10, c10 = PR[10]
    g = promotion(d, kind="buy_get", product=c10, buy_qty="1", get_qty="1",
                  cap_gift_qty="3")
    dealers = [f"dealer-t-cc{i}" for i in range(1, 7)]
    users = {x: Browser(big).login(x) for x in dealers}
    forms = {}
    for x, b in users.items():
        fill(b, [(c10, 1)])
        token, whs, c = checkout(b)
        assert [ln.get("gift") for ln in c.findall("line")] == [None, "true"]
        forms[x] = (token, whs[0], b.csrf())
    n0 = n_orders(db)
    barrier = threading.Barrier(len(dealers))

    def go(x):
        token, wh, tok = forms[x]
        barrier.wait()
        return x, users[x].post("/cart/order", {"token": token,
                                                "warehouse": str(wh)},
                                csrf=tok, xml=True)
    with concurrent.futures.ThreadPoolExecutor(len(dealers)) as ex:
        out = dict(ex.map(go, dealers))
    statuses = sorted(r.status for r in out.values())
    assert set(statuses) <= {303, 409}, [(x, r.status, r.body[:300])
                                         for x, r in out.items()]
    ids = []
    for x, r in out.items():
        if r.status == 303:
            ids.append(placed(r))
        else:
            valid(r)
            assert ("order", "cap_reached") in messages(r), messages(r)
    assert n_orders(db) == n0 + len(ids)
    with_gift = [oid for oid in ids if int(db.scalar(
        "SELECT COUNT(*) FROM sales_order_line WHERE order_id ="
        f" {oid} AND gift = 1 AND promo_id = {g}")) == 1]
    assert used(db, g) == (3 * 10000, 3)
    assert len(with_gift) == 3, (statuses, ids, with_gift)
    for oid in set(ids) - set(with_gift):
        assert db.query("SELECT verdict FROM sales_order_promo WHERE"
                        f" order_id = {oid} AND promo_id = {g}") == [["cap"]]
    # one gift order cancelled gives its unit back to the next order
    first = with_gift[0]
    owner = [x for x, r in out.items() if r.status == 303
             and placed(r) == first][0]
    done(act(users[owner], first, "cancel", 1), first, "cancelled")
    assert used(db, g) == (2 * 10000, 2)
    b = users[owner]
    fill(b, [(c10, 1)])
    token, whs, c = checkout(b)
    assert [ln.get("gift") for ln in c.findall("line")] == [None, "true"]
    oid = placed(place(b, token, whs[0]))
    assert [ln.get("gift") for ln in order(b, oid).findall("line")] == \
        [None, "true"]
    assert used(db, g) == (3 * 10000, 3)
    for x in dealers:
        clear(users[x])


# ------------------------------------------------------------------ the list

def test_list_search_filters_sort_pages_csv(env, login, PR):
    db, _ = env
    b = login("dealer-t-sh5")
    _, c11 = PR[11]
    ids, totals = [], {}
    for i in range(51):
        qty = i % 5 + 1
        oid, _ = order_of(b, [(c11, qty)])
        ids.append(oid)
        totals[oid] = qty * 10000
    nos = {int(r[0]): r[1] for r in db.query(
        "SELECT id, order_no FROM sales_order WHERE party_id ="
        f" {PARTY_ID['D-SH5']}")}
    assert sorted(nos) == sorted(ids)
    # two cancelled by the dealer, one confirmed by the branch
    for oid in ids[3:5]:
        done(act(b, oid, "cancel", 1), oid, "cancelled")
    done(act(login("mgr-sh"), ids[10], "confirm", 1), ids[10], "confirmed")
    # one placed long ago
    old = ids[7]
    db.write(f"UPDATE sales_order SET order_on ="
             f" {date_literal(db, f'{YEAR - 1}-06-15')} WHERE id = {old}")

    def listed(query, who=b):
        r = who.get("/orders.xml" + query, xml=True)
        assert r.status == 200, r
        valid(r)
        return r.doc.find("orders")

    # the dealer's own orders only, 50 a page, newest first
    o = listed("")
    assert [o.get(k) for k in ("page", "pages", "total", "per-page",
                               "first", "last")] == \
        ["1", "2", "51", "50", "1", "50"]
    assert (o.get("sort"), o.get("dir")) == ("date", "desc")
    rows = o.findall("order")
    assert len(rows) == 50
    assert {r.get("party-code") for r in rows} == {"D-SH5"}
    dates = [r.get("order-on") for r in rows]
    assert dates == sorted(dates, reverse=True)
    o2 = listed("?page=2")
    assert [o2.get(k) for k in ("page", "first", "last")] == ["2", "51", "51"]
    assert [r.get("id") for r in o2.findall("order")] == [str(old)]
    r0 = rows[0]
    oid0 = int(r0.get("id"))
    assert r0.get("no") == nos[oid0] and r0.get("lines") == "1"
    assert r0.get("party-name") == EXTRA["D-SH5"][1]
    assert r0.get("warehouse-code") == "WH-SH"
    assert m(r0, "total") == totals[oid0]
    assert m(r0, "gift-value") == 0
    assert r0.get("status") == "placed"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                        r0.get("created-at") or "")
    # search: an order number, a customer code, a customer name
    o = listed("?q=" + qs.quote(nos[ids[20]]))
    assert [r.get("id") for r in o.findall("order")] == [str(ids[20])]
    assert o.get("q") == nos[ids[20]]
    d = login("director")
    assert listed("?q=D-SH5", d).get("total") == "51"
    assert listed("?q=" + qs.quote("宝山副食"), d).get("total") == "51"
    assert listed("?q=D-SH5&status=cancelled", d).get("total") == "2"
    assert listed("?q=NO-SUCH-ORDER", d).get("total") == "0"
    # status, dates
    assert sorted(r.get("id") for r in listed("?status=cancelled")
                  .findall("order")) == sorted(str(x) for x in ids[3:5])
    assert [r.get("id") for r in listed("?status=confirmed")
            .findall("order")] == [str(ids[10])]
    assert listed("?status=placed").get("total") == "48"
    assert listed("?status=shipped").get("total") == "0"
    o = listed(f"?from={YEAR - 1}-06-15&to={YEAR - 1}-06-15")
    assert [r.get("id") for r in o.findall("order")] == [str(old)]
    assert (o.get("from"), o.get("to")) == (f"{YEAR - 1}-06-15",
                                            f"{YEAR - 1}-06-15")
    assert listed(f"?from={today()}").get("total") == "50"
    assert listed(f"?to={today(-1)}").get("total") == "1"
    assert listed(f"?from={today(1)}").get("total") == "0"
    assert b.get("/orders.xml?from=2026-13-45", xml=True).status in (400,
                                                                      422)
    # sorts
    o = listed("?sort=date&dir=asc")
    assert o.findall("order")[0].get("id") == str(old)
    o = listed("?sort=total&dir=asc&status=placed")
    got = [m(r, "total") for r in o.findall("order")]
    assert got == sorted(got) and got[0] == 10000 and got[-1] == 50000
    o = listed("?sort=total&dir=desc")
    got = [m(r, "total") for r in o.findall("order")]
    assert got == sorted(got, reverse=True) and got[0] == 50000
    o = listed("?sort=no&dir=asc")
    got = [r.get("no") for r in o.findall("order")]
    assert got == sorted(nos.values())[:50]
    o = listed("?sort=no&dir=desc&page=2")
    assert [r.get("no") for r in o.findall("order")] == \
        [sorted(nos.values())[0]]
    o = listed("?sort=status&dir=asc")
    got = [r.get("status") for r in o.findall("order")]
    assert got[:3] == ["cancelled", "cancelled", "confirmed"]
    assert got == sorted(got)
    # the HTML list
    root = html(b, "/orders?q=D-SH5&sort=total&dir=asc")
    assert root.xpath(f"//a[@href='/orders/{ids[0]}']")
    html(b, "/orders?page=2")
    # CSV: every order of the filter (no pages), BOM, formulas defused
    r = b.get("/orders.csv")
    assert r.status == 200 and r.header("Content-Type").startswith(
        "text/csv"), r
    assert r.body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
    assert len(rows) == 1 + 51
    body = rows[1:]
    for no in nos.values():
        assert sum(no in row for row in body) == 1, no
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), row
    # the customer's name (if the file has it) is not a formula
    name = EXTRA["D-SH5"][1]
    for cell in [c for row in body for c in row if "宝山副食" in c]:
        assert cell == "'" + name, cell
    r = b.get("/orders.csv?status=cancelled")
    assert len(list(csv.reader(io.StringIO(
        r.body.decode("utf-8-sig"))))) == 1 + 2
    # the list shows the user's scope only
    a = login("dealer-t-sh1")
    assert "D-SH5" not in {x.get("party-code") for x in
                           listed("?q=D-SH", a).findall("order")}
    assert "D-SH5" not in a.get("/orders.csv").body.decode("utf-8-sig")
    own = n_orders(db, f"party_id = {P['D-SH1']}")
    assert listed("", a).get("total") == str(own)
    subtree = ",".join(str(x) for x in
                       [P[c] for c in ("A-SH", "D-SH1", "D-SH2", "D-SH3",
                                       "D-SHX")]
                       + [v[0] for v in EXTRA.values()])
    ag = login("agent-t-sh")
    assert listed("", ag).get("total") == str(
        n_orders(db, f"party_id IN ({subtree})"))
    assert listed("", d).get("total") == str(n_orders(db))
    gz = login("mgr-gz")
    assert listed("", gz).get("total") == "0"


# ------------------------------------------------------------------ text

def test_text_is_escaped_and_print(env, login, PR):
    db, _ = env
    b = login("dealer-t-sh1")
    _, c17 = PR[17]
    promotion(login("director"), kind="buy_get", product=c17, buy_qty="3",
              get_qty="1")
    payload = '<script>alert(1)</script>"&<b>x</b>'
    oid, _ = order_of(b, [(c17, 3)], note=payload)
    o = order(b, oid)
    assert o.get("note") == payload
    for path in (f"/orders/{oid}", f"/orders/{oid}/print"):
        h = b.get(path)
        assert h.status == 200, (path, h)
        assert b"<script>alert(1)" not in h.body, path
        assert b"<b>x</b>" not in h.body, path
        root = qs.assert_html_page(h)
        text = root.text_content()
        assert payload in text, path
        assert o.get("no") in text and c17 in text, path
        assert o.get("total-text") in text, path
    # the print view: the same order as <order-print>, no buttons
    r = b.get(f"/orders/{oid}/print.xml", xml=True)
    assert r.status == 200, r
    valid(r)
    p = r.doc.find("order-print")
    assert p is not None and r.doc.find("order") is None
    assert (p.get("id"), p.get("no"), p.get("total"), p.get("note")) == \
        (str(oid), o.get("no"), o.get("total"), payload)
    assert [ln.attrib for ln in p.findall("line")] == \
        [ln.attrib for ln in o.findall("line")]
    assert len([ln for ln in p.findall("line") if ln.get("gift")]) == 1
    assert p.get("can-cancel") is None and p.get("can-confirm") is None
    root = html(b, f"/orders/{oid}/print")
    assert not root.xpath("//form[contains(@action, '/cancel')]")


def test_xml_validates(env, login, PR):
    """Every document of the orders against page.xsd with order.xsd: the
    cart with its checkout (and refused, 422 and 409), the list with its
    filters, an order in each status (as its customer and as the branch),
    its print view, the page after a stale action."""
    if not ORDER_XSD.exists():
        pytest.skip("schema/xsd/order.xsd is not there yet")
    db, _ = env
    b = login("dealer-t-sh2")
    m = login("mgr-sh")
    rep = login("rep-sh")
    p18, c18 = PR[18]
    promotion(login("director"), kind="buy_get", product=c18, buy_qty="3",
              get_qty="1")

    def check(who, path, status=200):
        r = who.get(path, xml=True)
        assert r.status == status, (path, r)
        qs.assert_valid_page(r)
        return r
    # the cart: with its checkout, for a customer of a rep, refused
    fill(b, [(c18, 4)])
    r = check(b, "/cart.xml")
    assert r.doc.find("cart/checkout/warehouse") is not None
    fill(rep, [(c18, 1)], customer="D-SH2")
    r = check(rep, "/cart.xml?customer=D-SH2")
    assert r.doc.find("cart/checkout") is not None
    token, whs, _ = checkout(b)
    r = place(b, token, str(WH["WH-GZ"]), note="x" * 201)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    set_available(db, whs[0], p18, 2)
    r = place(b, token, whs[0], note="校验")
    assert r.status == 409, r
    qs.assert_valid_page(r)
    set_available(db, whs[0], p18, 1000)
    r = place(rep, checkout(rep, "D-SH2")[0], whs[0])
    assert r.status == 422, r
    qs.assert_valid_page(r)
    clear(rep, "D-SH2")
    # orders in each status
    ids = [placed(place(b, token, whs[0], note="校验 <&>"))]
    for n in (1, 7):
        oid, _ = order_of(b, [(c18, n)])
        ids.append(oid)
    done(act(m, ids[0], "confirm", 1), ids[0], "confirmed")
    done(act(m, ids[1], "ship", 1), ids[1], "shipped")
    done(act(b, ids[2], "cancel", 1), ids[2], "cancelled")
    oid, _ = order_of(b, [(c18, 2)])
    ids.append(oid)
    for oid in ids:
        for who in (b, m):
            check(who, f"/orders/{oid}.xml")
            check(who, f"/orders/{oid}/print.xml")
    check(b, f"/orders/{oid}.xml?done=placed")
    check(m, f"/orders/{ids[1]}.xml?done=shipped")
    # a stale action answers the order page
    r = act(m, ids[0], "ship", 1)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    # the list, and a missing order
    for who in (b, m):
        for query in ("", "?status=shipped", "?q=D-SH2&sort=total&dir=asc",
                      f"?page=2&from={YEAR - 5}-01-01&to={today()}",
                      "?q=" + qs.quote("<&>")):
            check(who, "/orders.xml" + query)
    check(b, "/orders/999999999.xml", 404)
    clear(b)
