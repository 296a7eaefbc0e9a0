"""The cart in headless Chromium (issue 5), over the demo of the shared
database: the administrator opens the product of the demo's buy-10-get-1
promotion, puts 12 of it in the cart with the product page's form, lands
on the cart with its gift line, opens the explanation of the line's price,
then empties the cart with its button.  Every page has its heading and
there is no console error and no Content-Security-Policy violation."""
import pytest

pytest.importorskip("selenium")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import stack as qs  # noqa: E402


def submit(driver, form_css):
    """Click the submit button of the form and wait for the next page."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR,
                        form_css + " button[type='submit']").click()
    WebDriverWait(driver, 20).until(qs.gone(old))


def test_cart_from_the_product_page(stack, database, driver):
    rows = database.query("SELECT p.id, p.code FROM promotion x"
                          " JOIN product p ON p.id = x.product_id"
                          " WHERE x.code = 'CX-BUY10'")
    assert rows, "the demo's buy-10-get-1 promotion"
    pid, code = rows[0]
    qs.browser_sign_in(driver, stack.base)
    logs = []

    driver.get(f"{stack.base}/products/{pid}")
    qty = driver.find_element(By.CSS_SELECTOR,
                              "form[action='/cart/add'] input[name='qty']")
    qty.clear()
    qty.send_keys("12")
    submit(driver, "form[action='/cart/add']")
    logs += driver.get_log("browser")
    assert "/cart?done=added" in driver.current_url, driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text.strip()

    # the line and, below it, the gift line of the promotion
    rows = driver.find_elements(By.CSS_SELECTOR, "table.cart tbody tr")
    gifts = [r for r in rows if "gift" in (r.get_attribute("class") or "")]
    assert len(gifts) == 1 and code in gifts[0].text, [r.text for r in rows]
    # the explanation of the line's price opens in place
    why = driver.find_element(By.CSS_SELECTOR, "details.why")
    assert why.get_attribute("open") is None
    why.find_element(By.TAG_NAME, "summary").click()
    assert why.get_attribute("open") is not None
    assert why.find_elements(By.CSS_SELECTOR, "tr.won"), why.text
    logs += driver.get_log("browser")

    submit(driver, "form.cart-clear")
    assert "/cart?done=cleared" in driver.current_url, driver.current_url
    assert not driver.find_elements(By.CSS_SELECTOR, "table.cart")
    logs += driver.get_log("browser")
    assert not qs.console_problems(logs), qs.console_problems(logs)
