"""channel.py - a small, known channel for the tests of issue 4, written
straight into a database that has the demo organisation without the demo
channel (`qudao demo --no-channel`).

    servicing unit SH-SD              servicing unit GZ-SD
    (the sales department of branch SH, where rep-sh sits; mgr-sh at SH
    sees it too)
      A-SH   agent   (grade A)          A-GZ   agent
        D-SH1  dealer (grade B)           D-GZ1  dealer
        D-SH2  dealer                   C-GZ1  customer (no channel parent)
          D-SH3  dealer
      D-SHX  dealer, status "applied" (not yet qualified)

Logins (password: the demo password of the database):
    agent-t-sh   role agent   at A-SH
    dealer-t-sh1 role dealer  at D-SH1
    dealer-t-sh2 role dealer  at D-SH2
    dealer-t-gz1 role dealer  at D-GZ1
    dealer-t-shx role dealer  at D-SHX (cannot log in: not approved)

Every party has a party_account row with zero balances and credit limit
LIMIT (fen).  Ids are fixed and far above what qudao's key allocator hands
out in a test, so the tests can name them: PARTY["D-SH1"] etc.
"""

import re

LIMIT = 5000000  # 50,000.00

GRADE = {"A": 9100000001, "B": 9100000002, "C": 9100000003}

# code: (id, kind, parent code, branch code, grade, status, name)
PARTIES = {
    "A-SH": (9200000001, "agent", None, "SH", "A", "approved", "上海浦江商贸有限公司"),
    "D-SH1": (9200000002, "dealer", "A-SH", "SH", "B", "approved", "上海徐汇百货经营部"),
    "D-SH2": (9200000003, "dealer", "A-SH", "SH", None, "approved", "上海闵行日用品商行"),
    "D-SH3": (9200000004, "dealer", "D-SH2", "SH", None, "approved", "上海莘庄便利店"),
    "D-SHX": (9200000005, "dealer", "A-SH", "SH", None, "applied", "上海新申请商店"),
    "A-GZ": (9200000006, "agent", None, "GZ", "A", "approved", "广州珠江贸易有限公司"),
    "D-GZ1": (9200000007, "dealer", "A-GZ", "GZ", "C", "approved", "广州天河批发部"),
    "C-GZ1": (9200000008, "customer", None, "GZ", None, "approved", "广州白云酒店"),
}
PARTY = {code: row[0] for code, row in PARTIES.items()}

# login: (id, role, party code)
USERS = {
    "agent-t-sh": (9300000001, "agent", "A-SH"),
    "dealer-t-sh1": (9300000002, "dealer", "D-SH1"),
    "dealer-t-sh2": (9300000003, "dealer", "D-SH2"),
    "dealer-t-gz1": (9300000004, "dealer", "D-GZ1"),
    "dealer-t-shx": (9300000005, "dealer", "D-SHX"),
}

NOW = "2026-01-05 08:00:00.000"


def product_codes(db):
    """[(id, code)] of the products in code order."""
    return [(int(r[0]), r[1]) for r in
            db.query("SELECT id, code FROM product ORDER BY code")]


def new_promotion(b, fields, activate=True):
    """A promotion made through the pages by b (who holds promo.edit)
    from the form's fields, activated unless told not to; its id."""
    r = b.post("/promotions/new", fields)
    assert r.status == 303, (r, r.body[:2000])
    pid = int(re.search(r"/promotions/(\d+)", r.header("Location")).group(1))
    if activate:
        d = b.get(f"/promotions/{pid}.xml", xml=True)
        r = b.post(f"/promotions/{pid}/status",
                   {"action": "activate",
                    "version": d.doc.find("promotion").get("version")})
        assert r.status == 303, r
    return pid


def ancestors(code):
    """code, its parent, ... up to the root: [(code, depth)]."""
    out, depth = [], 0
    while code is not None:
        out.append((code, depth))
        code = PARTIES[code][2]
        depth += 1
    return out


def install(db):
    """Write the channel above into db (a populated qudao.Database)."""
    ts = f"'{NOW}'" if db.kind == "sqlite" else f"TIMESTAMP '{NOW}'"
    sql = []
    for code, gid in GRADE.items():
        disc = {"A": 800, "B": 500, "C": 0}[code]
        sql.append("INSERT INTO party_grade (id, code, name, discount,"
                   " sort_key, status, version) VALUES"
                   f" ({gid}, '{code}', '{code} 级', {disc}, {gid % 10},"
                   " 'active', 1)")
    for code, (pid, kind, parent, branch, grade, status, name) in \
            PARTIES.items():
        par = str(PARTY[parent]) if parent else "NULL"
        gr = str(GRADE[grade]) if grade else "NULL"
        sql.append(
            "INSERT INTO party (id, kind, code, name, parent_id, unit_id,"
            " grade_id, status, contact, phone, created_at, updated_at,"
            f" version) VALUES ({pid}, '{kind}', '{code}', '{name}', {par},"
            f" (SELECT id FROM org_unit WHERE code = '{branch}-SD'), {gr},"
            f" '{status}', '联系人', '021-5555-0000', {ts}, {ts}, 1)")
        for anc, depth in ancestors(code):
            sql.append("INSERT INTO party_closure (ancestor_id,"
                       f" descendant_id, depth) VALUES ({PARTY[anc]}, {pid},"
                       f" {depth})")
        sql.append("INSERT INTO party_account (party_id, credit_limit,"
                   f" updated_at, version) VALUES ({pid}, {LIMIT}, {ts}, 1)")
    for login, (uid, role, party) in USERS.items():
        sql.append(
            "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
            f" created_at, updated_at, version) SELECT {uid}, '{login}',"
            f" '{login}', pw_hash, 'active', {ts}, {ts}, 1 FROM qd_user"
            " WHERE login = 'director'")
        sql.append("INSERT INTO user_role (user_id, role_id) SELECT"
                   f" {uid}, id FROM qd_role WHERE code = '{role}'")
        sql.append("INSERT INTO user_scope (user_id, unit_id, party_id)"
                   f" VALUES ({uid}, NULL, {PARTY[party]})")
    db.write(*sql)


def environment(db_kind, tmp_path_factory, name, password, setup=None,
                base=install):
    """The body of a module-scoped `env` fixture for the channel tests: a
    database of db_kind with the demo company (20 products, the demo
    password `password`) and base(db) (the channel above), copied from a
    template shared by the modules that ask for the same (stack.py,
    demo_database), and a stack on it.  setup(db), when given, writes
    the module's own fixtures before the stack starts.  Yields (db, stack); stops the stack (no sanitizer report
    allowed) and drops the database afterwards.

        @pytest.fixture(scope="module")
        def env(db_kind, tmp_path_factory):
            yield from channel.environment(db_kind, tmp_path_factory,
                                           "ticket", PW)
    """
    import os

    import stack as qs

    os.environ["DEPLOY_LOGIN_RATE"] = "off"
    work = tmp_path_factory.mktemp(f"{name}-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 20, password, no_channel=True,
                             after=base)
    try:
        if setup is not None:
            setup(db)
        st = qs.Stack(work / "var", db.connstr)
        st.start()
        try:
            yield db, st
        finally:
            st.stop()
            assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]
    finally:
        db.drop()


def module_fixtures(name, browser, setup=None):
    """The three module fixtures of a channel test module, to bind at its
    top level:

        env, sessions, login = channel.module_fixtures("cart", Browser,
                                                       setup=prepare)

    env: (db, stack) from environment(), the demo password being the
    browser class's demo_password; sessions: the signed-in browsers of the
    module, one a login; login(name): that login's browser, signed in on
    first use."""
    import pytest

    @pytest.fixture(scope="module", name="env")
    def env_(db_kind, tmp_path_factory):
        yield from environment(db_kind, tmp_path_factory, name,
                               browser.demo_password, setup=setup)

    @pytest.fixture(scope="module", name="sessions")
    def sessions_(env):
        return {}

    @pytest.fixture(name="login")
    def login_(env, sessions):
        def make(who):
            if who not in sessions:
                sessions[who] = browser(env[1]).login(who)
            return sessions[who]
        return make

    return env_, sessions_, login_
