"""The catalog journey in headless Chromium: open the product list, search
for 可乐, page forward, re-sort with the select (qudao.js), open a product;
no console errors and no Content-Security-Policy violations on the way.
A screenshot of the search results goes to /tmp/qudao-catalog.png."""
import urllib.parse

import pytest

pytest.importorskip("selenium")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa

import stack as qs  # noqa: E402

SCREENSHOT = "/tmp/qudao-catalog.png"


def query_of(driver):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(
        driver.current_url).query)


def is_favicon(entry):
    return "/favicon.ico" in entry.get("message", "")


def severe(logs):
    """SEVERE console entries, except the favicon's 404 (which
    test_no_favicon_error reports on its own)."""
    return [e for e in logs
            if e.get("level") == "SEVERE" and not is_favicon(e)]


def row_names(driver):
    return [td.text for td in driver.find_elements(
        By.CSS_SELECTOR, "table.products tbody td.name")]


def test_catalog_journey(stack, driver):
    wait = WebDriverWait(driver, 20)
    logs = []

    qs.browser_sign_in(driver, stack.base)
    driver.get(stack.base + "/products")
    assert driver.execute_script("return document.documentElement.lang") \
        in ("zh-CN", "en")
    wait.until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, "table.products tbody tr")))
    # qudao.js ran (allowed by the CSP as a same-origin script)
    wait.until(lambda d: "js" in d.execute_script(
        "return document.documentElement.className"))
    assert len(row_names(driver)) == 50

    # search
    box = driver.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
    box.clear()
    box.send_keys("可乐")
    old = driver.find_element(By.CSS_SELECTOR, "table.products")
    driver.find_element(By.CSS_SELECTOR,
                        "form.search button[type=submit]").click()
    wait.until(qs.gone(old))
    wait.until(lambda d: query_of(d).get("q") == ["可乐"])
    names = row_names(driver)
    assert len(names) == 50, names
    assert all("可乐" in n for n in names), names
    assert driver.find_element(By.CSS_SELECTOR,
                               "form.search input[name=q]") \
        .get_attribute("value") == "可乐"
    status1 = driver.find_element(By.CSS_SELECTOR, ".pager-status").text
    driver.save_screenshot(SCREENSHOT)
    logs += driver.get_log("browser")

    # next page
    old = driver.find_element(By.CSS_SELECTOR, "table.products")
    driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait.until(qs.gone(old))
    assert query_of(driver).get("page") == ["2"]
    assert query_of(driver).get("q") == ["可乐"]
    status2 = driver.find_element(By.CSS_SELECTOR, ".pager-status").text
    assert status2 != status1 and "2" in status2, (status1, status2)
    names2 = row_names(driver)
    assert names2 and all("可乐" in n for n in names2)
    assert driver.find_element(By.CSS_SELECTOR, "p.summary").text \
        .find("51") >= 0
    logs += driver.get_log("browser")

    # re-sort by price with the select: qudao.js submits the form
    old = driver.find_element(By.CSS_SELECTOR, "table.products")
    Select(driver.find_element(By.ID, "sort")).select_by_value("price")
    wait.until(qs.gone(old))
    q = query_of(driver)
    assert q.get("sort") == ["price"] and q.get("q") == ["可乐"], q
    prices = [float(td.text.replace(",", "")) for td in driver.find_elements(
        By.CSS_SELECTOR, "table.products tbody td.num")]
    assert prices == sorted(prices) and len(prices) == 50
    logs += driver.get_log("browser")

    # a product
    link = driver.find_element(By.CSS_SELECTOR,
                               "table.products tbody td.code a")
    code = link.text
    name = driver.find_element(By.CSS_SELECTOR,
                               "table.products tbody td.name").text
    link.click()
    wait.until(lambda d: urllib.parse.urlsplit(d.current_url).path
               .startswith("/products/"))
    assert driver.find_element(By.TAG_NAME, "h1").text == name
    assert driver.find_element(By.CSS_SELECTOR, ".page-sub code").text == \
        code
    assert name in driver.title
    assert "可乐" in name
    logs += driver.get_log("browser")

    csp = [e for e in logs
           if "Content Security Policy" in e.get("message", "")
           or "Refused to" in e.get("message", "")]
    assert not csp, f"CSP violations: {csp}"
    assert not severe(logs), f"console errors: {severe(logs)}"


def test_detail_page_console_clean_in_english(stack, driver):
    """The English frame and the slate theme on a detail page: no console
    errors, the theme's stylesheet applied."""
    driver.get(stack.base + "/")
    driver.add_cookie({"name": "lang", "value": "en", "path": "/"})
    driver.add_cookie({"name": "theme", "value": "slate", "path": "/"})
    qs.browser_sign_in(driver, stack.base)
    driver.get(stack.base + "/products/1")
    assert driver.execute_script(
        "return document.documentElement.lang") == "en"
    assert "theme-slate" in driver.find_element(By.TAG_NAME, "body") \
        .get_attribute("class")
    # the slate theme stylesheet applied (no CSP refusal)
    assert driver.execute_script(
        "return Array.from(document.styleSheets).filter("
        "s => s.href && s.href.endsWith('/static/theme-slate.css')).length"
    ) == 1
    logs = driver.get_log("browser")
    assert not severe(logs), severe(logs)


def test_no_favicon_error(stack, driver):
    """Browsers ask every site for /favicon.ico unless the page names its
    icon: that request must not end in a 404 logged as a console error
    on every page.  Checked deterministically: the icon the page names,
    or /favicon.ico, loads."""
    driver.get(stack.base + "/")
    icons = [el.get_attribute("href") for el in driver.find_elements(
        By.CSS_SELECTOR, "link[rel~=icon]")]
    if not icons:
        icons = [stack.base + "/favicon.ico"]
    for href in icons:
        if href.startswith("data:"):
            continue
        path = urllib.parse.urlsplit(href).path
        r = stack.get(path)
        assert r.status == 200, \
            f"no <link rel=icon> in the page and GET {path} gives " \
            f"{r.status}: every page logs a console error for it"
