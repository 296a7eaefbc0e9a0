"""The channel pages in headless Chromium (issue 4), over the demo channel
of the shared database: the administrator opens the party list, a party,
its documents, the channel map, the accounts and one account, the ageing
report, the statements, a statement and its print view, the tickets and
a ticket, the qualification queue and the prices; every page has its
heading, the map draws its nodes, and there is no console error and no
Content-Security-Policy violation on the way.  A screenshot of the map
goes to /tmp/qudao-channel-map.png."""
import pytest

pytest.importorskip("selenium")

from selenium.webdriver.common.by import By  # noqa: E402

import stack as qs  # noqa: E402

SCREENSHOT = "/tmp/qudao-channel-map.png"


def first_id(database, sql):
    rows = database.query(sql)
    assert rows, sql
    return rows[0][0]


def test_channel_pages_render_clean(stack, database, driver):
    party = first_id(database, "SELECT id FROM party WHERE kind = 'agent'"
                               " ORDER BY code")
    statement = first_id(database, "SELECT id FROM statement ORDER BY id")
    ticket = first_id(database, "SELECT id FROM ticket ORDER BY id")
    product = first_id(database, "SELECT id FROM product ORDER BY code")
    qs.browser_sign_in(driver, stack.base)
    logs = []
    for path in ("/parties", f"/parties/{party}", f"/parties/{party}/docs",
                 "/channel/map", "/accounts", f"/accounts/{party}",
                 "/receivables/ageing", "/statements",
                 f"/statements/{statement}", f"/statements/{statement}/print",
                 "/tickets", f"/tickets/{ticket}", "/qualify", "/grades",
                 f"/prices/{product}", "/prices"):
        driver.get(stack.base + path)
        heading = driver.find_elements(By.TAG_NAME, "h1")
        assert heading and heading[0].text.strip(), path
        assert "500" not in driver.title, (path, driver.title)
        if path == "/channel/map":
            nodes = driver.find_elements(By.CSS_SELECTOR, "svg circle")
            assert len(nodes) > 20, len(nodes)
            driver.save_screenshot(SCREENSHOT)
        got = driver.get_log("browser")
        assert not qs.console_problems(got), (path, qs.console_problems(got))
        logs += got
    assert not qs.console_problems(logs)
