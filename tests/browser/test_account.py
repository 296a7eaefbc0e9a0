"""test_account.py - the identity journey in a real browser (issue 3):
log in, change the language, change the theme, log out; no console errors
and no CSP violations on the way."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import stack as qs


def severe(driver):
    return [e for e in driver.get_log("browser")
            if e.get("level") == "SEVERE"]


def submit(driver, css):
    """Click a submit button and wait until the next page has replaced
    this one (its <html> gone stale)."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(driver, 30).until(qs.gone(old))
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState")
        == "complete")


PREFS = "form[action='/account/prefs'] button[type='submit']"


def test_login_language_theme_logout(driver, stack):
    base = stack.base
    driver.get(base + "/account")
    assert "/login" in driver.current_url  # sent to the login form
    driver.find_element(By.NAME, "login").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys(qs.ADMIN_PASSWORD)
    submit(driver, "form[action='/login'] button[type='submit']")
    assert driver.current_url.endswith("/account")
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "en"  # the browser's language

    Select(driver.find_element(By.NAME, "lang")).select_by_value("zh-CN")
    submit(driver, PREFS)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute(
        "lang") == "zh-CN"
    assert "退出" in driver.page_source  # the logout button, in Chinese

    Select(driver.find_element(By.NAME, "theme")).select_by_value("slate")
    submit(driver, PREFS)
    body = driver.find_element(By.TAG_NAME, "body")
    assert "theme-slate" in body.get_attribute("class")
    links = [e.get_attribute("href") for e in
             driver.find_elements(By.CSS_SELECTOR, "link[rel='stylesheet']")]
    assert any(h.endswith("/static/theme-slate.css") for h in links)

    # put the preferences back for other tests, then log out
    Select(driver.find_element(By.NAME, "lang")).select_by_value("")
    Select(driver.find_element(By.NAME, "theme")).select_by_value("")
    submit(driver, PREFS)
    submit(driver, "form[action='/logout'] button")
    assert driver.current_url.endswith("/login")
    driver.get(base + "/account")
    assert "/login" in driver.current_url
    assert not severe(driver), severe(driver)
