"""Placing an order in headless Chromium (issue 5's order pages), on a
demo company of its own (`qudao demo --products 200` with its channel and
a known password): a demo dealer opens the product of the demo's
buy-10-get-1 promotion, puts 12 of it in the cart with the product page's
form, places the order with the checkout form's "Place order" button,
lands on the order page with the order's lines and its gift line, the
tier behind each price and the promotions considered; the nav's finance
group opens on a click and leads to the accounts.  Every page has its
heading and there is no console error and no Content-Security-Policy
violation.

The dealer's account is taken off any hold with room on its limit, and
the product gets 1,000 units in every active warehouse (a receipt move
with its balance), so that the order is about the pages, not the demo's
stock or credit."""
import pytest

pytest.importorskip("selenium")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import stack as qs  # noqa: E402

PW = qs.DEMO_PASSWORD
NOW = "2026-01-05 08:00:00.000"


def _lit(db, kind, text):
    return f"'{text}'" if db.kind == "sqlite" else f"{kind} '{text}'"


def _stock_up(db, pid):
    """1,000 more units of product pid in every active warehouse."""
    ts = _lit(db, "TIMESTAMP", NOW)
    day = _lit(db, "DATE", NOW[:10])
    sql = []
    for i, (wid,) in enumerate(db.query(
            "SELECT id FROM warehouse WHERE status = 'active' ORDER BY id")):
        mid = 9510000000 + i
        sql.append(
            "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
            " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
            f" user_id) VALUES ({mid}, {wid}, {pid}, 'on_hand', 'receipt',"
            f" 1000, 'test', {mid}, 1, {day}, {ts}, NULL)")
        if db.query("SELECT 1 FROM stock_balance WHERE warehouse_id ="
                    f" {wid} AND product_id = {pid}"):
            sql.append("UPDATE stock_balance SET on_hand = on_hand + 1000"
                       f" WHERE warehouse_id = {wid} AND product_id = {pid}")
        else:
            sql.append(
                "INSERT INTO stock_balance (warehouse_id, product_id,"
                " on_hand, reserved, in_transit, last_move_on, updated_at)"
                f" VALUES ({wid}, {pid}, 1000, 0, 0, {day}, {ts})")
    db.write(*sql)


@pytest.fixture
def shop(db_kind, tmp_path_factory):
    """(stack, db, dealer login, product id, product code)."""
    import os

    os.environ["DEPLOY_LOGIN_RATE"] = "off"
    work = tmp_path_factory.mktemp(f"order-browser-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 200, PW)
    try:
        rows = db.query("SELECT p.id, p.code FROM promotion x"
                        " JOIN product p ON p.id = x.product_id"
                        " WHERE x.code = 'CX-BUY10'")
        assert rows, "the demo's buy-10-get-1 promotion"
        pid, code = int(rows[0][0]), rows[0][1]
        dealers = db.query(
            "SELECT u.login, p.id FROM qd_user u"
            " JOIN user_role ur ON ur.user_id = u.id"
            " JOIN qd_role r ON r.id = ur.role_id AND r.code = 'dealer'"
            " JOIN user_scope s ON s.user_id = u.id"
            " JOIN party p ON p.id = s.party_id"
            " WHERE u.status = 'active' AND p.status = 'approved'"
            " ORDER BY u.login")
        assert dealers, "a demo dealer login"
        login, party = dealers[0]
        # an empty cart (the demo fills some) and room on the account
        db.write("DELETE FROM cart_line WHERE user_id = (SELECT id FROM"
                 f" qd_user WHERE login = '{login}')")
        db.write("UPDATE party_account SET hold = 'none', hold_reason = NULL,"
                 " hold_at = NULL, credit_limit = exposure + 100000000"
                 f" WHERE party_id = {party}")
        _stock_up(db, pid)
        st = qs.Stack(work / "var", db.connstr)
        st.start()
        try:
            yield st, db, login, pid, code
        finally:
            st.stop()
            assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]
    finally:
        db.drop()


def _submit(driver, button):
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 30).until(qs.gone(old))


def test_order_placed_from_the_checkout_form(shop, driver):
    st, db, login, pid, code = shop
    qs.browser_sign_in(driver, st.base, login, PW)
    logs = []

    driver.get(f"{st.base}/products/{pid}")
    qty = driver.find_element(By.CSS_SELECTOR,
                              "form[action='/cart/add'] input[name='qty']")
    qty.clear()
    qty.send_keys("12")
    _submit(driver, driver.find_element(
        By.CSS_SELECTOR, "form[action='/cart/add'] button[type='submit']"))
    logs += driver.get_log("browser")
    assert "/cart?done=added" in driver.current_url, driver.current_url
    rows = driver.find_elements(By.CSS_SELECTOR, "table.cart tbody tr")
    assert [r for r in rows if "gift" in (r.get_attribute("class") or "")], \
        [r.text for r in rows]

    # the checkout form: a warehouse chosen, a note, "Place order"
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/cart/order']")
    options = form.find_elements(By.CSS_SELECTOR,
                                 "select[name='warehouse'] option")
    assert options and any(o.is_selected() for o in options)
    form.find_element(By.NAME, "note").send_keys("浏览器下单 <b>测试</b>")
    button = form.find_element(By.CSS_SELECTOR, "button[type='submit']")
    assert button.text.strip() == "Place order", button.text
    n0 = int(db.scalar("SELECT COUNT(*) FROM sales_order"))
    _submit(driver, button)
    logs += driver.get_log("browser")
    assert "/orders/" in driver.current_url and \
        driver.current_url.endswith("?done=placed"), driver.current_url
    assert int(db.scalar("SELECT COUNT(*) FROM sales_order")) == n0 + 1
    oid = int(driver.current_url.split("/orders/")[1].split("?")[0])
    no = db.scalar(f"SELECT order_no FROM sales_order WHERE id = {oid}")
    assert driver.find_element(By.TAG_NAME, "h1").text.strip()
    page = driver.find_element(By.TAG_NAME, "body").text
    assert no in page, page[:500]
    assert "浏览器下单 <b>测试</b>" in page

    # the lines: 12 bought, and the gift line of the promotion
    lines = driver.find_elements(By.CSS_SELECTOR,
                                 "table.order-lines tbody tr")
    gifts = [r for r in lines if "gift" in (r.get_attribute("class") or "")]
    assert [r for r in gifts if code in r.text], [r.text for r in lines]
    assert code in lines[0].text and "12" in lines[0].text
    assert db.query("SELECT line_no, qty FROM sales_order_line WHERE"
                    f" order_id = {oid} AND product_id = {pid} AND gift = 0"
                    ) == [["1", "12"]]
    assert db.query("SELECT l.qty FROM sales_order_line l JOIN promotion x"
                    " ON x.id = l.promo_id WHERE x.code = 'CX-BUY10'"
                    f" AND l.order_id = {oid} AND l.gift = 1"
                    f" AND l.product_id = {pid}") == [["1"]]
    # why each price: the tier of each line and the promotions considered
    basis = driver.find_elements(By.CSS_SELECTOR, "table.order-lines td.basis")
    assert len(basis) == len(lines) and all(x.text.strip() for x in basis)
    assert "CX-BUY10" in driver.find_element(By.TAG_NAME, "body").text
    logs += driver.get_log("browser")

    # the nav's groups: the finance group's links are folded until its
    # label is clicked, Escape folds them again, a link of it leads on
    label = [b for b in driver.find_elements(By.CSS_SELECTOR,
                                             ".nav-group-label")
             if b.text.strip().startswith("Finance")]
    assert label, [b.text for b in driver.find_elements(
        By.CSS_SELECTOR, ".nav-group-label")]
    group = label[0].find_element(By.XPATH, "..")
    accounts = group.find_element(By.CSS_SELECTOR, "a[href='/accounts']")
    driver.find_element(By.TAG_NAME, "h1").click()   # the focus away
    assert not accounts.is_displayed()
    label[0].click()
    assert accounts.is_displayed()
    assert label[0].get_attribute("aria-expanded") == "true"
    driver.find_element(By.TAG_NAME, "body").send_keys("\ue00c")  # Escape
    assert label[0].get_attribute("aria-expanded") == "false"
    label[0].click()
    _submit(driver, accounts)
    assert driver.current_url.endswith("/accounts"), driver.current_url
    assert driver.find_element(
        By.CSS_SELECTOR, ".nav-group.current .nav-group-label"
    ).text.strip().startswith("Finance")
    logs += driver.get_log("browser")

    # the cart is empty now, the order in the dealer's list
    driver.get(f"{st.base}/cart")
    assert not driver.find_elements(By.CSS_SELECTOR, "table.cart")
    driver.get(f"{st.base}/orders")
    assert driver.find_elements(By.CSS_SELECTOR,
                                f"a[href='/orders/{oid}']")
    logs += driver.get_log("browser")
    assert not qs.console_problems(logs), qs.console_problems(logs)
