"""conftest.py - fixtures of the HTTP tests (see stack.py for the pieces).

Every test runs once per database: "sqlite" always, "postgresql" when
QUDAO_TEST_PG is set (otherwise those runs are reported as skipped).

  db_kind    session, parametrized: "sqlite" | "postgresql"
  database   session: a fresh database with the demo catalog (12000
             products); the pages tested here only read it
  stack      session: nginx + `qudao serve` on that database
  client     the stack as an HTTP client (same object)
  new_stack  factory: another stack on the session database (for process
             tests that signal or kill the server); stopped at the end of
             the test
  new_database  factory: a fresh database of the session's kind (for a
             module that writes: give it its own database and stack)

Tests marked `disruptive` (they stop the database server) run after all
others of their database.  Every stack's log is checked for sanitizer
reports when it stops.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack as qs  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "disruptive: stops or restarts a shared service (the "
        "database server); runs last for its database")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Group the runs by database (one session database at a time), and
    put disruptive tests at the end of their group.  Stable otherwise."""
    def key(item):
        cs = getattr(item, "callspec", None)
        kind = cs.params.get("db_kind") if cs is not None else None
        group = qs.DB_KINDS.index(kind) if kind in qs.DB_KINDS else -1
        return (group, item.get_closest_marker("disruptive") is not None)
    items.sort(key=key)


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


def _stop_and_check(st):
    st.stop()
    reports = st.sanitizer_reports()
    assert not reports, "sanitizer reports in %s:\n%s" % (
        st.log_path, "\n".join(reports[:20]))


@pytest.fixture(scope="session")
def stack(database, tmp_path_factory):
    st = qs.Stack(tmp_path_factory.mktemp("stack") / "var", database.connstr)
    st.start()
    st.sign_in()  # the catalog needs product.view: the tests browse as admin
    yield st
    _stop_and_check(st)


@pytest.fixture
def client(stack):
    return stack


@pytest.fixture
def new_stack(database, tmp_path_factory):
    """new_stack(workers=2, database=None) -> a started Stack of its own."""
    made = []

    def make(workers=2, db=None):
        st = qs.Stack(tmp_path_factory.mktemp("stack") / "var",
                      (db or database).connstr, workers=workers)
        made.append(st)
        return st.start().sign_in()

    yield make
    for st in made:
        _stop_and_check(st)


@pytest.fixture
def new_database(db_kind, tmp_path_factory):
    """new_database(products=...) -> a fresh, loaded Database (dropped at
    the end of the test)."""
    made = []

    def make(products=qs.DEMO_PRODUCTS):
        db = qs.create_database(db_kind,
                                tmp_path_factory.mktemp(f"db-{db_kind}"),
                                products)
        made.append(db)
        return db

    yield make
    for db in made:
        db.drop()
