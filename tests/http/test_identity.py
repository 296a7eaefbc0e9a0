"""test_identity.py - logins, sessions, CSRF, permissions (issue 3).

Each database kind gets its own small database (the demo organisation and
200 products) with a known demo password, and a stack on it.  The
authorization matrix is generated from `qudao routes`: every route x every
demo role (and anonymous) -> allowed or refused, in HTML and XML, with the
expectation read from the roles' permissions in the database itself.
"""
import re
import subprocess
import time
import urllib.parse

import pytest

import stack as qs

PW = qs.DEMO_PASSWORD
ROLE_LOGINS = ["admin", "director", "finance", "warehouse", "purchasing",
               "mgr-sh", "rep-sh", "agent-a-sh-01", "dealer-d-sh-001"]


class Browser(qs.Browser):
    demo_password = PW


@pytest.fixture(scope="module")
def env(db_kind, tmp_path_factory):
    work = tmp_path_factory.mktemp(f"ident-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 200, PW)
    try:
        st = qs.Stack(work / "var", db.connstr)
        st.start()
        try:
            yield db, st
        finally:
            st.stop()
            assert not st.sanitizer_reports(), st.sanitizer_reports()[:10]
    finally:
        db.drop()


def browser(env):
    return Browser(env[1])


def test_login_page_carries_a_token_and_sets_the_prelogin_cookie(env):
    b = browser(env)
    r = b.get("/login.xml")
    assert r.status == 200
    qs.assert_valid_page(r)
    tok = r.doc.findtext("meta/csrf")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", tok)
    assert b.jar.get("qd_csrf") == tok
    html = b.get("/login")
    assert html.status == 200
    form = html.html.xpath("//form[@action='/login']")[0]
    names = set(form.xpath(".//input/@name"))
    assert {"login", "password", "csrf"} <= names


def test_login_sets_a_fresh_httponly_session_cookie(env):
    b = browser(env)
    b.jar["qd_session"] = "A" * 43  # a planted (fixated) id
    b.get("/login")
    r = b.post("/login", {"login": "director", "password": PW,
                          "next": "/account"})
    assert r.status == 303 and r.header("Location") == "/account"
    cookie = [v for v in r.headers.get_all("Set-Cookie")
              if v.startswith("qd_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert b.jar["qd_session"] != "A" * 43
    me = b.get("/account.xml")
    assert me.status == 200
    assert me.doc.find("meta/user").get("login") == "director"
    qs.assert_valid_page(me)


def test_next_cannot_leave_the_site(env):
    b = browser(env)
    b.get("/login")
    r = b.post("/login", {"login": "director", "password": PW,
                          "next": "//evil.example/"})
    assert r.status == 303 and r.header("Location") == "/"


@pytest.mark.parametrize("login,password", [("director", "wrong-password-1"),
                                            ("nobody-here", PW)])
def test_bad_credentials_give_422_and_no_session(env, login, password):
    b = browser(env)
    b.get("/login")
    r = b.post("/login", {"login": login, "password": password}, xml=True)
    assert r.status == 422
    assert "qd_session" not in b.jar
    msgs = r.doc.findall("messages/message")
    assert any(m.get("code") == "bad_credentials" for m in msgs)
    assert r.doc.find("login").get("login") == login  # kept what was typed
    assert r.doc.find("login").get("password") is None


def test_unknown_user_takes_as_long_as_a_wrong_password(env):
    b = browser(env)
    b.get("/login")

    def timed(login):
        t = time.monotonic()
        b.post("/login", {"login": login, "password": "not-the-password"})
        return time.monotonic() - t
    known = min(timed("finance") for _ in range(3))
    unknown = min(timed("no-such-user-x") for _ in range(3))
    assert 0.4 < unknown / known < 2.5, (known, unknown)


def test_csrf_is_required_on_every_unsafe_method(env):
    db, st = env
    b = browser(env)
    b.login("purchasing")
    before = db.scalar("SELECT COALESCE(lang, '-') FROM qd_user "
                       "WHERE login = 'purchasing'")
    missing = b.post("/account/prefs", {"lang": "en"}, csrf=None, xml=True)
    assert missing.status == 403 and missing.error_code == "csrf"
    other = Browser(st)
    other.login("warehouse")
    foreign = b.post("/account/prefs", {"lang": "en"},
                     csrf=other.csrf(), xml=True)
    assert foreign.status == 403 and foreign.error_code == "csrf"
    cross = b.post("/account/prefs", {"lang": "en"}, xml=True,
                   headers={"Origin": "http://evil.example"})
    assert cross.status == 403 and cross.error_code == "csrf"
    as_get = b.get("/account/prefs?lang=en")
    assert as_get.status == 405
    after = db.scalar("SELECT COALESCE(lang, '-') FROM qd_user "
                      "WHERE login = 'purchasing'")
    assert after == before
    ok = b.post("/account/prefs", {"lang": "en", "theme": "slate"})
    assert ok.status == 303
    page = b.get("/account.xml")
    assert page.doc.findtext("meta/lang") == "en"
    assert page.doc.findtext("meta/theme") == "slate"


def test_logout_ends_the_session_on_the_server(env):
    db, st = env
    b = browser(env)
    b.login("warehouse")
    token = b.jar["qd_session"]
    r = b.post("/logout", {})
    assert r.status == 303 and r.header("Location") == "/login"
    replay = Browser(st)
    replay.jar["qd_session"] = token  # the old cookie, kept by an attacker
    again = replay.get("/account")
    assert again.status == 303
    assert again.header("Location").startswith("/login?next=")


def test_anonymous_gets_login_redirect_or_401(env):
    b = browser(env)
    r = b.get("/account")
    assert r.status == 303
    assert r.header("Location") == "/login?next=/account"
    x = b.get("/account.xml")
    assert x.status == 401 and x.error_code == "unauthenticated"


def test_password_change_ends_every_other_session(env):
    db, st = env
    one, two = browser(env), browser(env)
    one.login("rep-bj")
    two.login("rep-bj")
    weak = one.post("/account/password", {"current": PW,
                                          "password": "password1234",
                                          "confirm": "password1234"},
                    xml=True)
    assert weak.status == 422
    r = one.post("/account/password", {"current": PW,
                                       "password": "a-new-long-passphrase",
                                       "confirm": "a-new-long-passphrase"})
    assert r.status == 303
    assert one.get("/account").status == 200  # this browser: a new session
    assert two.get("/account").status == 303  # the other one: ended
    three = browser(env)
    three.login("rep-bj", "a-new-long-passphrase")


def test_sessions_page_lists_and_ends_own_sessions_only(env):
    db, st = env
    a, b = browser(env), browser(env)
    a.login("rep-gz")
    b.login("rep-sz")
    mine = a.get("/account/sessions.xml")
    assert mine.status == 200
    qs.assert_valid_page(mine)
    assert any(s.get("current") == "1" for s in mine.doc.iter("session"))
    b_id = b.get("/account/sessions.xml").doc.find("sessions/session").get("id")
    r = a.post(f"/account/sessions/{b_id}/end", {}, xml=True)
    assert r.status == 404  # another user's session: as if missing
    assert b.get("/account").status == 200


def test_api_key_reads_xml_with_the_users_rights(env):
    db, st = env
    b = browser(env)
    b.login("director")
    r = b.post("/account/keys", {"label": "ERP"}, xml=True)
    assert r.status == 200
    key = r.doc.find("api-keys").get("new-key")
    assert key and len(key) == 43
    later = b.get("/account/keys.xml")
    assert later.doc.find("api-keys").get("new-key") is None  # shown once
    api = st.get_xml("/account.xml", {"Authorization": f"Bearer {key}"})
    assert api.status == 200
    assert api.doc.find("meta/user").get("login") == "director"
    html = st.get("/account", {"Authorization": f"Bearer {key}"})
    assert html.status == 303  # keys are for the XML feeds only
    kid = later.doc.find("api-keys/api-key").get("id")
    assert b.post(f"/account/keys/{kid}/revoke", {}).status == 303
    gone = st.get_xml("/account.xml", {"Authorization": f"Bearer {key}"})
    assert gone.status == 401


def test_login_and_denials_are_audited(env):
    db, st = env
    b = browser(env)
    b.login("rep-cd")
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE "
                         "entity = 'login' AND action = 'login' AND "
                         "detail = 'rep-cd'")) >= 1
    r = b.get("/account/keys.xml")  # sales reps hold no account.apikey
    assert r.status == 403 and r.error_code == "forbidden"
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE "
                         "action = 'denied' AND detail = 'account.keys'")) >= 1


# ---------------------------------------------------------------- the matrix

def routes():
    out = subprocess.run([qs.qudao_bin(), "routes"], capture_output=True,
                         text=True, check=True,
                         env=qs._child_env()).stdout
    rows = []
    for line in out.splitlines():
        methods, pattern, name, perm, xsl = line.split("\t")
        for m in methods.split(","):
            rows.append((m, pattern, name, perm))
    return rows


def test_every_route_names_a_permission():
    for m, pattern, name, perm in routes():
        assert perm, name
        if perm in ("public",):
            assert name.split(".")[0] in ("home", "healthz", "metrics",
                                          "account", "channel"), name


def role_perms(db, login):
    return {r[0] for r in db.query(
        "SELECT rp.perm FROM qd_user u "
        "JOIN user_role ur ON ur.user_id = u.id "
        "JOIN role_perm rp ON rp.role_id = ur.role_id "
        f"WHERE u.login = '{login}'")}


def allowed(perms, perm):
    return perm in ("public", "signed-in") or "*" in perms or perm in perms


# Routes whose handler narrows the route's permission to the holders of
# one of these (a route names one permission; the handler answers 403 to
# the others): sell-through reports are written by the agent's own users
# (consign.report) or by staff who post stock (stock.post).
EITHER = {name: ("consign.report", "stock.post") for name in (
    "consign.new", "consign.create", "consign.edit", "consign.update",
    "consign.cancel")}


def route_allowed(perms, name, perm):
    return allowed(perms, perm) and (
        name not in EITHER or any(allowed(perms, p) for p in EITHER[name]))


def test_authorization_matrix(env):
    """Every GET route x every demo role, in HTML and XML; every POST route
    for the roles that lack its permission (refused before any effect)."""
    db, st = env
    checked = 0
    for login in ROLE_LOGINS:
        b = browser(env)
        b.login(login)
        perms = role_perms(db, login)
        for method, pattern, name, perm in routes():
            path = re.sub(r"\{[a-z_]+\}", "1", pattern)
            if name in ("account.logout",):
                continue
            ok = route_allowed(perms, name, perm)
            if method == "GET":
                for xml in (False, True):
                    target = path + (".xml" if xml and path != "/" else "")
                    if path == "/" and xml:
                        target = "/"
                    r = b.get(target, xml=xml)
                    if ok:
                        assert r.status != 403, (login, name, r)
                    else:
                        assert r.status == 403, (login, name, r)
                    checked += 1
            elif not ok:
                r = b.post(path, {}, xml=True)
                assert r.status == 403, (login, name, r)
                checked += 1
    assert checked > 50


def test_anonymous_matrix(env):
    db, st = env
    for method, pattern, name, perm in routes():
        if perm == "public":
            continue
        path = re.sub(r"\{[a-z_]+\}", "1", pattern)
        b = browser(env)
        if method == "GET":
            r = b.get(path)
            assert r.status == 303, (name, r)
            assert r.header("Location").startswith("/login?next="), name
            x = b.get(path, xml=True)
            assert x.status == 401, (name, x)
        else:
            r = b.post(path, {}, xml=True)
            assert r.status in (401, 403), (name, r)


# ---------------------------------------------------------------- expiry and throttling

@pytest.fixture(scope="module")
def short(db_kind, tmp_path_factory):
    """A database and stack of their own with tiny lifetimes and a low
    failure limit (its own, since failures count per address too)."""
    work = tmp_path_factory.mktemp(f"short-{db_kind}")
    db, _ = qs.demo_database(db_kind, work, 200, PW)
    try:
        st = qs.Stack(work / "var", db.connstr,
                      extra_conf=["session_idle = 2", "session_max = 5",
                                  "login_max_failures = 3",
                                  "login_window = 60"])
        st.start()
        try:
            yield db, st
        finally:
            st.stop()
    finally:
        db.drop()


@pytest.fixture
def short_stack(short):
    return short[1]


def test_idle_session_expires(short_stack):
    b = Browser(short_stack)
    b.login("rep-nj")
    assert b.get("/account").status == 200
    time.sleep(3.2)
    assert b.get("/account").status == 303


def test_absolute_lifetime_ends_an_active_session(short_stack):
    b = Browser(short_stack)
    b.login("rep-tj")
    deadline = time.monotonic() + 7
    status = 200
    while time.monotonic() < deadline and status == 200:
        status = b.get("/account").status
        time.sleep(0.8)  # active: never idle for 2 s
    assert status == 303


def test_failed_logins_are_throttled(short, short_stack):
    db, _ = short
    b = Browser(short_stack)
    b.get("/login")
    for _ in range(3):
        r = b.post("/login", {"login": "rep-wh", "password": "wrong-one-xx"},
                   xml=True)
        assert r.status == 422
    r = b.post("/login", {"login": "rep-wh", "password": PW}, xml=True)
    assert r.status == 429 and r.error_code == "too_many_attempts"
    assert "qd_session" not in b.jar
    assert int(db.scalar("SELECT COUNT(*) FROM audit_log WHERE "
                         "action = 'throttled'")) >= 1
