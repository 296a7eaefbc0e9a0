"""conftest.py - the browser tests: the same stack as tests/http (helpers
in tests/http/stack.py), and a headless Chromium driven by chromedriver.

  db_kind, database, stack   as in tests/http/conftest.py (session)
  driver                     a fresh Chromium per test, console logs kept
"""
import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))

import stack as qs  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="session", params=qs.DB_KINDS)
def db_kind(request):
    reason = qs.db_skip_reason(request.param)
    if reason:
        pytest.skip(reason)
    return request.param


@pytest.fixture(scope="session")
def database(db_kind, tmp_path_factory):
    db = qs.create_database(db_kind, tmp_path_factory.mktemp(f"db-{db_kind}"))
    yield db
    db.drop()


@pytest.fixture(scope="session")
def stack(database, tmp_path_factory):
    st = qs.Stack(tmp_path_factory.mktemp("stack") / "var", database.connstr)
    st.start()
    yield st
    st.stop()
    reports = st.sanitizer_reports()
    assert not reports, "\n".join(reports[:20])


@pytest.fixture
def driver():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("python3-selenium is not installed")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.skip(f"{path} is not installed")
    profile = tempfile.TemporaryDirectory(prefix="qudao-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=en-US",
                f"--user-data-dir={profile.name}"):
        opts.add_argument(arg)
    # a fixed language (the UI strings are asserted on); the data is
    # Chinese either way
    opts.add_experimental_option("prefs",
                                 {"intl.accept_languages": "en-US,en"})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(60)
    try:
        yield d
    finally:
        d.quit()
        profile.cleanup()

