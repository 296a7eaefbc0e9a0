"""Availability on the product page (issue 5, the dealer view; issue 6,
stock.h: stock_availability): in-stock / low / out from the warehouses
that serve the user, the exact quantity only with stock.qty.

With stockenv's opening stock:
    P0  WH-HQ 1000, WH-SH 100, WH-GZ 80
    P1  WH-HQ 500,  WH-SH 40,  WH-CSH 30 (consignment: serves nobody)
    P2  WH-HQ 200   (safety 300 set below: low)
    P3  WH-HQ 50,   WH-SH 5
    P4  nothing
"""

import pytest

import stack as qs
import stockenv

DEMO_PW = qs.DEMO_PASSWORD
WH = stockenv.WH


class Browser(qs.Browser):
    demo_password = DEMO_PW


def install_safety(db):
    p = stockenv.products(db)
    db.write(f"UPDATE stock_balance SET safety_qty = 300, target_qty = 600"
             f" WHERE warehouse_id = {WH['WH-HQ']} AND product_id = {p[2]}")


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    yield from stockenv.environment(db_kind, tmp_path_factory, "avail",
                                    DEMO_PW, install_safety)


@pytest.fixture(scope="module")
def products(env):
    return stockenv.products(env[0])


def product(env, login, pid):
    b = Browser(env[1]).login(login)
    r = b.get(f"/products/{pid}.xml", xml=True)
    assert r.status == 200
    qs.assert_valid_page(r)
    return r.doc.find("product")


@pytest.mark.parametrize("login,idx,level,qty", [
    # a dealer of branch SH: the central warehouse and WH-SH; no numbers
    ("dealer-t-sh1", 0, "in-stock", None),
    ("dealer-t-sh1", 2, "low", None),
    ("dealer-t-sh1", 4, "out", None),
    # a dealer of GZ
    ("dealer-t-gz1", 0, "in-stock", None),
    # the agent holds stock.qty; its consignment stock serves nobody
    ("agent-t-sh", 0, "in-stock", "1100"),
    ("agent-t-sh", 1, "in-stock", "540"),
    ("agent-t-sh", 3, "in-stock", "55"),
    ("agent-t-sh", 2, "low", "200"),
    # staff: the central warehouse, the units above and their own subtree
    ("wh-sh", 0, "in-stock", "1100"),
    ("wh-gz", 0, "in-stock", "1080"),
    ("director", 0, "in-stock", "1180"),
    ("director", 4, "out", "0"),
])
def test_availability(env, products, login, idx, level, qty):
    p = product(env, login, products[idx])
    assert p.get("availability") == level
    assert p.get("available-qty") == qty


def test_reserved_is_not_available(env, products):
    db = env[0]
    pid = products[0]
    db.write(f"UPDATE stock_balance SET reserved = 60"
             f" WHERE warehouse_id = {WH['WH-SH']} AND product_id = {pid}")
    try:
        assert product(env, "wh-sh", pid).get("available-qty") == "1040"
    finally:
        db.write(f"UPDATE stock_balance SET reserved = 0"
                 f" WHERE warehouse_id = {WH['WH-SH']} AND product_id = {pid}")


def test_html_shows_the_level(env, products):
    b = Browser(env[1]).login("dealer-t-sh1")
    r = b.get(f"/products/{products[2]}")
    assert r.status == 200
    assert "Low stock" in r.text or "库存偏低" in r.text or "库存紧张" in r.text
    assert "available)" not in r.text and "可用" not in r.text


@pytest.mark.parametrize("login", ["agent-t-sh", "dealer-t-sh1"])
def test_the_cart_says_what_each_product_page_says(env, products, login):
    """The cart reads its lines' availability in one statement
    (stock_availability_many): each line says what the product's page
    says, level and quantity alike (the agent sees quantities, the dealer
    does not)."""
    db = env[0]
    b = Browser(env[1]).login(login)
    codes = {int(i): c for i, c in db.query("SELECT id, code FROM product")}
    b.post("/cart/clear", {})
    try:
        for pid in products[:5]:
            r = b.post("/cart/add", {"product": codes[pid], "qty": "1"})
            assert r.status == 303, r
        cart = b.get("/cart.xml", xml=True)
        qs.assert_valid_page(cart)
        got = {int(ln.get("product-id")): (ln.get("availability"),
                                           ln.get("available-qty"))
               for ln in cart.doc.findall("cart/line")}
        want = {}
        for pid in products[:5]:
            p = product(env, login, pid)
            want[pid] = (p.get("availability"), p.get("available-qty"))
        assert got == want
        assert {a for a, _ in got.values()} == {"in-stock", "low", "out"}
    finally:
        b.post("/cart/clear", {})
