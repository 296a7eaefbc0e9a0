"""test_admin.py - system management over real HTTP (src/modules/admin/):
users, roles and rights, the audit trail and the basic settings.

The module writes, so it has a database and a stack of its own: `qudao
init` plus `qudao demo --password DEMO_PASSWORD --no-channel` with a small
catalog, and the small known channel of channel.py (parties A-SH, D-SH1 ...
serviced by SH-SD, A-GZ, D-GZ1 by GZ-SD; the logins agent-t-sh,
dealer-t-sh1, dealer-t-sh2, dealer-t-gz1 and dealer-t-shx, whose party
D-SHX is not approved).  The demo's logins: admin (sysadmin, "*"),
director (user.view, audit.view, no user.manage), warehouse (neither),
mgr-<branch> (branch manager: user.view in the branch's subtree),
rep-<branch>.

An administrator's users are the staff at the units of their subtree and
the channel users (agents' and dealers' staff) at the parties those units
service; see the tests under "channel users".

Browsers are played by Session below: a cookie jar over stack.Client
(standard library + lxml, like the rest of the harness), which logs in the
way scripts do: GET /login.xml for the pre-login CSRF token and cookie,
then POST /login with login, password and csrf.

Every test makes the users and roles it changes, so the tests do not
depend on each other's order.
"""
import datetime
import itertools
import os
import re
import time
import urllib.parse

import pytest

import channel
import stack as qs

DEMO_PASSWORD = qs.DEMO_PASSWORD
GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"
FORM = "application/x-www-form-urlencoded"

_serial = itertools.count(1)


def unique(prefix):
    """A login or code no other test uses."""
    return f"{prefix}{next(_serial)}"


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def admin_db(db_kind, tmp_path_factory):
    """A fresh database with the demo company and known demo passwords."""
    db, _ = qs.demo_database(db_kind,
                             tmp_path_factory.mktemp(f"admin-{db_kind}"), 20,
                             DEMO_PASSWORD, no_channel=True,
                             after=channel.install)
    yield db
    db.drop()


@pytest.fixture(scope="module")
def site(admin_db, tmp_path_factory):
    """A stack of its own.  These tests log in some thirty times within a
    minute, far past nginx's per-address limit on POST /login (10r/m,
    burst 5, which tests elsewhere check): deploy/stack takes the rate from
    DEPLOY_LOGIN_RATE, raised here for this stack only.  The application's
    own throttling of failed logins stays as it is."""
    st = qs.Stack(tmp_path_factory.mktemp("admin-stack") / "var",
                  admin_db.connstr)
    saved = os.environ.get("DEPLOY_LOGIN_RATE")
    os.environ["DEPLOY_LOGIN_RATE"] = "6000r/m"
    try:
        st.start()
    finally:
        if saved is None:
            del os.environ["DEPLOY_LOGIN_RATE"]
        else:
            os.environ["DEPLOY_LOGIN_RATE"] = saved
    yield st
    st.stop()
    reports = st.sanitizer_reports()
    assert not reports, "sanitizer reports in %s:\n%s" % (
        st.log_path, "\n".join(reports[:20]))


class Session:
    """One browser: cookies kept between requests, the CSRF token of the
    current session in .token."""

    def __init__(self, client):
        self.client = client
        self.cookies = {}
        self.token = None

    def _headers(self, xml=False, extra=None):
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}"
                                    for k, v in self.cookies.items())
        if xml:
            h["Accept"] = "application/xml"
        h.update(extra or {})
        return h

    def _keep(self, r):
        for sc in r.headers.get_all("Set-Cookie") or []:
            name, _, value = sc.split(";")[0].partition("=")
            name, value = name.strip(), value.strip()
            if value == "" or "max-age=0" in sc.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r

    def get(self, target, xml=False):
        return self._keep(self.client.get(target, self._headers(xml)))

    def post(self, target, fields, csrf=True, xml=False, headers=None):
        """POST a form: fields is a dict or a list of pairs (for lists);
        the session's CSRF token is added unless csrf is False (or a
        string: that token)."""
        pairs = list(fields.items()) if isinstance(fields, dict) \
            else list(fields)
        if csrf is True:
            pairs.append(("csrf", self.token))
        elif csrf:
            pairs.append(("csrf", csrf))
        body = urllib.parse.urlencode(pairs)
        return self._keep(self.client.post(
            target, body, FORM, self._headers(xml, headers)))

    def login(self, login, password):
        r = self.get("/login.xml")
        assert r.status == 200, r
        self.token = r.doc.findtext("meta/csrf")
        r = self.post("/login", {"login": login, "password": password})
        assert r.status == 303, f"login {login}: {r!r}"
        r = self.get("/account.xml")
        assert r.status == 200, r
        self.token = r.doc.findtext("meta/csrf")
        assert self.token
        return self


def session_for(site, login, password=DEMO_PASSWORD):
    return Session(site).login(login, password)


@pytest.fixture(scope="module")
def admin(site):
    return session_for(site, "admin", qs.ADMIN_PASSWORD)


def q(s):
    """A SQL string literal (the tests write fixed SQL, no parameters)."""
    return "'" + s.replace("'", "''") + "'"


def user_id(db, login):
    return int(db.scalar(f"SELECT id FROM qd_user WHERE login = {q(login)}"))


def role_id(db, code):
    return int(db.scalar(f"SELECT id FROM qd_role WHERE code = {q(code)}"))


def unit_id(db, code):
    return int(db.scalar(f"SELECT id FROM org_unit WHERE code = {q(code)}"))


def roles_of(db, uid):
    return sorted(r[0] for r in db.query(
        "SELECT r.code FROM user_role ur JOIN qd_role r ON r.id = ur.role_id"
        f" WHERE ur.user_id = {uid}"))


def perms_of(db, rid):
    return sorted(r[0] for r in db.query(
        f"SELECT perm FROM role_perm WHERE role_id = {rid}"))


def field_messages(resp, field):
    """Codes of the messages about a form field in an XML page."""
    return [m.get("code") for m in resp.doc.findall("messages/message")
            if m.get("field") == field]


def create_user(admin, db, login, unit="SH-SD", roles=("sales_rep",),
                name=None, password=GOOD_PASSWORD):
    """Create a user through the form; returns its id."""
    fields = [("login", login), ("name", name or f"Test {login}"),
              ("password", password), ("unit", str(unit_id(db, unit)))]
    fields += [("role", str(role_id(db, r))) for r in roles]
    r = admin.post("/admin/users/new", fields)
    assert r.status == 303, r
    uid = user_id(db, login.lower())
    assert r.header("Location") == f"/admin/users/{uid}"
    return uid


# ------------------------------------------------------------------ pages

def test_every_page_in_html_and_xml(site, admin, admin_db):
    uid = user_id(admin_db, "rep-sh")
    rid = role_id(admin_db, "director")
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{uid}",
                 "/admin/roles", "/admin/roles/new", f"/admin/roles/{rid}",
                 f"/admin/roles/{rid}/edit", "/admin/audit",
                 "/admin/settings", "/admin/users?q=mgr&status=active"
                 "&sort=name&dir=desc&page=1"):
        rx = admin.get(path, xml=True)
        assert rx.status == 200, rx
        qs.assert_valid_page(rx)
        qs.assert_app_headers(rx)
        rh = admin.get(path)
        assert rh.status == 200, rh
        root = qs.assert_html_page(rh)
        qs.assert_app_headers(rh)
        # every POST form carries the session's token
        for form in root.iter("form"):
            if (form.get("method") or "").lower() == "post":
                tokens = [i.get("value") for i in form.iter("input")
                          if i.get("name") == "csrf"]
                assert tokens == [admin.token], (path, form.get("action"))


def test_user_list_search_status_sort(admin, admin_db):
    r = admin.get("/admin/users.xml?q=MGR-SH", xml=True)
    assert r.status == 200
    logins = [u.get("login") for u in r.doc.findall("users/user")]
    assert logins == ["mgr-sh"]
    # the name search matches part of a display name
    name = admin_db.scalar("SELECT display_name FROM qd_user"
                           " WHERE login = 'rep-gz'")
    r = admin.get("/admin/users.xml?q=" + qs.quote(name), xml=True)
    assert "rep-gz" in [u.get("login") for u in r.doc.findall("users/user")]
    # every demo login is in the admin's scope (headquarters)
    r = admin.get("/admin/users.xml?sort=login&dir=desc", xml=True)
    users = r.doc.find("users")
    logins = [u.get("login") for u in users.findall("user")]
    assert logins == sorted(logins, reverse=True)
    assert {"admin", "director", "mgr-bj", "rep-cs"} <= set(logins)
    assert users.get("per-page") == "50"
    assert int(users.get("total")) == len(logins)
    # a status filter
    uid = create_user(admin, admin_db, unique("gone"))
    assert admin.post(f"/admin/users/{uid}/disable", {}).status == 303
    r = admin.get("/admin/users.xml?status=disabled", xml=True)
    rows = r.doc.findall("users/user")
    assert rows and all(u.get("status") == "disabled" for u in rows)
    assert str(uid) in [u.get("id") for u in rows]
    # undeclared parameters and bad choices are refused
    assert admin.get("/admin/users.xml?unit=1", xml=True).status == 400
    assert admin.get("/admin/users.xml?sort=pw_hash", xml=True).status == 400


# ------------------------------------------------------------------ create

def test_create_user(site, admin, admin_db):
    login = unique("New.User")
    uid = create_user(admin, admin_db, login, unit="SH-P1",
                      roles=("sales_rep", "warehouse"))
    row = admin_db.query(
        "SELECT u.login, u.status, us.unit_id FROM qd_user u"
        f" JOIN user_scope us ON us.user_id = u.id WHERE u.id = {uid}")
    assert row == [[login.lower(), "active", str(unit_id(admin_db, "SH-P1"))]]
    assert roles_of(admin_db, uid) == ["sales_rep", "warehouse"]
    hashed = admin_db.scalar(f"SELECT pw_hash FROM qd_user WHERE id = {uid}")
    assert GOOD_PASSWORD not in hashed
    # the detail page shows it, in both formats
    r = admin.get(f"/admin/users/{uid}.xml", xml=True)
    qs.assert_valid_page(r)
    u = r.doc.find("user")
    assert u.get("login") == login.lower()
    assert u.get("unit-code") == "SH-P1"
    assert [x.get("code") for x in u.findall("roles/role")] == \
        ["sales_rep", "warehouse"]
    assert [e.get("action") for e in u.findall("history/entry")] == ["create"]
    # and the new user can log in
    s = session_for(site, login.lower(), GOOD_PASSWORD)
    assert s.get("/account.xml", xml=True).status == 200


def test_create_user_login_taken_is_422(admin, admin_db):
    before = admin_db.scalar("SELECT COUNT(*) FROM qd_user")
    fields = [("login", "Director"), ("name", "Another director"),
              ("password", GOOD_PASSWORD),
              ("unit", str(unit_id(admin_db, "HQ"))),
              ("role", str(role_id(admin_db, "finance")))]
    r = admin.post("/admin/users/new", fields, xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert field_messages(r, "login") == ["taken"]
    form = r.doc.find("user-form")
    assert form.get("login") == "director"
    assert form.get("name") == "Another director"
    assert form.get("unit") == str(unit_id(admin_db, "HQ"))
    chosen = [c.get("code") for c in form.findall("role-choices/choice")
              if c.get("selected") == "1"]
    assert chosen == ["finance"]
    assert GOOD_PASSWORD.encode() not in r.body
    # the HTML form shows it again
    r = admin.post("/admin/users/new", fields)
    assert r.status == 422
    root = qs.assert_html_page(r)
    assert root.get_element_by_id("login").get("value") == "director"
    assert root.get_element_by_id("password").get("value") is None
    assert GOOD_PASSWORD.encode() not in r.body
    assert admin_db.scalar("SELECT COUNT(*) FROM qd_user") == before


@pytest.mark.parametrize("password", ["short", "password1234", "x" * 20])
def test_create_user_weak_password_is_422(admin, admin_db, password):
    login = unique("weak")
    r = admin.post("/admin/users/new", [
        ("login", login), ("name", "Weak"), ("password", password),
        ("unit", str(unit_id(admin_db, "HQ")))], xml=True)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert field_messages(r, "password") == ["weak_password"]
    assert admin_db.query(
        f"SELECT id FROM qd_user WHERE login = {q(login)}") == []


def test_create_user_refuses_bad_fields(admin, admin_db):
    r = admin.post("/admin/users/new", [
        ("login", "bad login!"), ("name", ""), ("password", GOOD_PASSWORD),
        ("unit", "")], xml=True)
    assert r.status == 422
    assert field_messages(r, "login") == ["bad_code"]
    assert field_messages(r, "name") == ["required"]
    assert field_messages(r, "unit") == ["required"]
    # mass assignment: a field the form does not have is refused whole
    login = unique("mass")
    r = admin.post("/admin/users/new", [
        ("login", login), ("name", "Mass"), ("password", GOOD_PASSWORD),
        ("unit", str(unit_id(admin_db, "HQ"))), ("status", "disabled")],
        xml=True)
    assert r.status == 400
    assert admin_db.query(
        f"SELECT id FROM qd_user WHERE login = {q(login)}") == []


# ------------------------------------------------------------------ actions

def test_disable_ends_the_users_sessions(site, admin, admin_db):
    login = unique("leaver")
    uid = create_user(admin, admin_db, login)
    victim = session_for(site, login, GOOD_PASSWORD)
    assert victim.get("/account.xml", xml=True).status == 200
    r = admin.post(f"/admin/users/{uid}/disable", {})
    assert r.status == 303 and r.header("Location") == f"/admin/users/{uid}"
    assert admin_db.scalar(
        f"SELECT status FROM qd_user WHERE id = {uid}") == "disabled"
    assert admin_db.scalar(
        "SELECT COUNT(*) FROM qd_session"
        f" WHERE user_id = {uid} AND ended_at IS NULL") == "0"
    # the user's next request is anonymous
    r = victim.get("/account")
    assert r.status == 303, r
    assert r.header("Location").startswith("/login")
    assert victim.get("/account.xml", xml=True).status == 401
    # and cannot log in again
    s = Session(site)
    r = s.get("/login.xml")
    s.token = r.doc.findtext("meta/csrf")
    r = s.post("/login", {"login": login, "password": GOOD_PASSWORD})
    assert r.status == 422, r
    # audited; the page shows it
    r = admin.get(f"/admin/users/{uid}.xml", xml=True)
    assert r.doc.find("user").get("status") == "disabled"
    assert r.doc.find("user").get("sessions") == "0"
    assert [e.get("action") for e in r.doc.findall("user/history/entry")] \
        == ["disable", "create"]
    # enabled again, the user logs in
    assert admin.post(f"/admin/users/{uid}/enable", {}).status == 303
    assert session_for(site, login, GOOD_PASSWORD)


def test_admin_cannot_disable_or_regrant_self(admin, admin_db):
    me = user_id(admin_db, "admin")
    r = admin.post(f"/admin/users/{me}/disable", {}, xml=True)
    assert r.status == 403
    r = admin.post(f"/admin/users/{me}/roles",
                   [("role", str(role_id(admin_db, "sales_rep")))], xml=True)
    assert r.status == 403
    r = admin.post(f"/admin/users/{me}/scope",
                   {"unit": str(unit_id(admin_db, "SH"))}, xml=True)
    assert r.status == 403
    assert admin_db.scalar(
        f"SELECT status FROM qd_user WHERE id = {me}") == "active"
    assert roles_of(admin_db, me) == ["sysadmin"]


def test_password_reset(site, admin, admin_db):
    login = unique("forgetful")
    uid = create_user(admin, admin_db, login)
    old = session_for(site, login, GOOD_PASSWORD)
    r = admin.post(f"/admin/users/{uid}/password", {"password": "tiny"},
                   xml=True)
    assert r.status == 422
    qs.assert_valid_page(r)
    assert field_messages(r, "password") == ["weak_password"]
    assert r.doc.find("user").get("id") == str(uid)
    new_pw = "another-long-passphrase-77"
    r = admin.post(f"/admin/users/{uid}/password", {"password": new_pw})
    assert r.status == 303
    assert old.get("/account.xml", xml=True).status == 401
    assert session_for(site, login, new_pw)
    detail = admin_db.query(
        "SELECT detail FROM audit_log WHERE entity = 'qd_user'"
        f" AND entity_id = {uid} AND action = 'password'")
    assert len(detail) == 1 and new_pw not in (detail[0][0] or "")
    assert new_pw not in site.log_text()


def test_replace_roles_reads_only_the_roles(admin, admin_db):
    login = unique("rolly")
    uid = create_user(admin, admin_db, login, roles=("sales_rep",))
    r = admin.post(f"/admin/users/{uid}/roles", [
        ("role", str(role_id(admin_db, "warehouse"))),
        ("role", str(role_id(admin_db, "finance")))])
    assert r.status == 303
    assert roles_of(admin_db, uid) == ["finance", "warehouse"]
    audit = admin_db.scalar(
        "SELECT detail FROM audit_log WHERE entity = 'qd_user'"
        f" AND entity_id = {uid} AND action = 'roles'")
    assert audit == "roles: sales_rep -> finance, warehouse"
    # no roles given: none left
    assert admin.post(f"/admin/users/{uid}/roles", []).status == 303
    assert roles_of(admin_db, uid) == []
    # anything but the roles is refused whole
    r = admin.post(f"/admin/users/{uid}/roles", [
        ("role", str(role_id(admin_db, "sysadmin"))), ("status", "active"),
        ("unit", "1")], xml=True)
    assert r.status == 400
    assert roles_of(admin_db, uid) == []
    # an unknown role is a 422 on the field
    r = admin.post(f"/admin/users/{uid}/roles", [("role", "999999")],
                   xml=True)
    assert r.status == 422 and field_messages(r, "role") == ["bad_role"]


def test_move_user_to_another_unit(admin, admin_db):
    login = unique("mover")
    uid = create_user(admin, admin_db, login, unit="NJ-SD")
    r = admin.post(f"/admin/users/{uid}/scope",
                   {"unit": str(unit_id(admin_db, "NJ-P1"))})
    assert r.status == 303
    assert admin_db.scalar(f"SELECT unit_id FROM user_scope"
                           f" WHERE user_id = {uid}") == \
        str(unit_id(admin_db, "NJ-P1"))
    assert admin_db.scalar(
        "SELECT detail FROM audit_log WHERE entity = 'qd_user'"
        f" AND entity_id = {uid} AND action = 'scope'") == \
        "unit: NJ-SD -> NJ-P1"
    r = admin.post(f"/admin/users/{uid}/scope", {"unit": "999999"}, xml=True)
    assert r.status == 422 and field_messages(r, "unit") == ["bad_unit"]


# ------------------------------------------------------------------ rights

def test_without_user_manage_the_forms_are_403(site, admin_db):
    director = session_for(site, "director")
    assert director.get("/admin/users.xml", xml=True).status == 200
    r = director.get("/admin/users/new.xml", xml=True)
    assert r.status == 403 and r.error_code == "forbidden"
    assert director.get("/admin/users/new").status == 403
    login = unique("sneaky")
    r = director.post("/admin/users/new", [
        ("login", login), ("name", "Sneaky"), ("password", GOOD_PASSWORD),
        ("unit", str(unit_id(admin_db, "HQ")))], xml=True)
    assert r.status == 403
    assert admin_db.query(
        f"SELECT id FROM qd_user WHERE login = {q(login)}") == []
    rep = user_id(admin_db, "rep-wh")
    assert director.post(f"/admin/users/{rep}/disable", {}).status == 403
    assert admin_db.scalar(
        f"SELECT status FROM qd_user WHERE id = {rep}") == "active"
    # the detail page offers no forms without user.manage
    r = director.get(f"/admin/users/{rep}.xml", xml=True)
    assert r.status == 200
    assert r.doc.find("user").get("manage") is None
    assert r.doc.find("user/role-choices") is None
    # the warehouse clerk sees none of it
    clerk = session_for(site, "warehouse")
    for path in ("/admin/users", "/admin/roles", "/admin/audit",
                 "/admin/settings"):
        assert clerk.get(path + ".xml", xml=True).status == 403, path


def test_branch_manager_sees_only_the_branch(site, admin_db):
    mgr = session_for(site, "mgr-sh")
    r = mgr.get("/admin/users.xml", xml=True)
    assert r.status == 200
    qs.assert_valid_page(r)
    rows = r.doc.findall("users/user")
    logins = {u.get("login") for u in rows}
    assert {"mgr-sh", "rep-sh"} <= logins
    # staff of the branch's units, and the logins of the parties its
    # sales department services
    staff = [u for u in rows if u.get("kind") == "staff"]
    chan = [u for u in rows if u.get("kind") == "channel"]
    assert all(u.get("unit-code") in ("SH", "SH-SD", "SH-P1") for u in staff)
    assert {u.get("login") for u in chan} == {
        login for login, (_, _, party) in channel.USERS.items()
        if channel.PARTIES[party][3] == "SH"}
    assert not logins & {"admin", "director", "mgr-bj", "rep-bj",
                         "dealer-t-gz1"}
    # the branch's own user opens; another branch's answers like a missing one
    assert mgr.get(f"/admin/users/{user_id(admin_db, 'rep-sh')}.xml",
                   xml=True).status == 200
    other = user_id(admin_db, "rep-bj")
    r_other = mgr.get(f"/admin/users/{other}.xml", xml=True)
    r_missing = mgr.get("/admin/users/987654.xml", xml=True)
    assert r_other.status == r_missing.status == 404
    assert r_other.error_code == r_missing.error_code == "not_found"
    assert r_other.doc.findtext("error/message") == \
        r_missing.doc.findtext("error/message")
    assert mgr.get(f"/admin/users/{other}").status == 404
    # and the denial is recorded
    assert admin_db.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'qd_user'"
        f" AND entity_id = {other} AND action = 'denied'") != "0"
    # a search cannot reach past the scope either
    r = mgr.get("/admin/users.xml?q=rep-bj", xml=True)
    assert r.doc.findall("users/user") == []


def test_a_user_manager_cannot_lift_anyone_above_themselves(site, admin,
                                                            admin_db):
    # a role with user.manage, held by someone at the Hangzhou branch
    code = unique("hz-admin")
    r = admin.post("/admin/roles/new", [
        ("code", code), ("name", "HZ user admin"),
        ("perm", "user.view"), ("perm", "user.manage")])
    assert r.status == 303, r
    login = unique("hzboss")
    create_user(admin, admin_db, login, unit="HZ", roles=(code,))
    boss = session_for(site, login, GOOD_PASSWORD)
    r = boss.get("/admin/users/new.xml", xml=True)
    assert r.status == 200
    units = {c.get("code") for c in r.doc.findall(
        "user-form/unit-choices/choice")}
    assert units == {"HZ", "HZ-SD", "HZ-P1"}
    grantable = {c.get("code") for c in r.doc.findall(
        "user-form/role-choices/choice") if c.get("grantable") != "0"}
    assert "sysadmin" not in grantable and code in grantable
    base = [("name", "Escalator"), ("password", GOOD_PASSWORD)]
    # a unit outside the branch
    r = boss.post("/admin/users/new", base + [
        ("login", unique("esc")), ("unit", str(unit_id(admin_db, "BJ")))],
        xml=True)
    assert r.status == 422 and field_messages(r, "unit") == ["bad_unit"]
    # a role with permissions the manager does not hold
    login2 = unique("esc")
    r = boss.post("/admin/users/new", base + [
        ("login", login2), ("unit", str(unit_id(admin_db, "HZ-SD"))),
        ("role", str(role_id(admin_db, "sysadmin")))], xml=True)
    assert r.status == 422 and field_messages(r, "role") == ["not_grantable"]
    assert admin_db.query(
        f"SELECT id FROM qd_user WHERE login = {q(login2)}") == []
    # within the branch and the manager's own rights it works
    login3 = unique("ok")
    r = boss.post("/admin/users/new", base + [
        ("login", login3), ("unit", str(unit_id(admin_db, "HZ-SD"))),
        ("role", str(role_id(admin_db, "warehouse")))])
    assert r.status == 422, "warehouse grants org.view, which boss lacks"
    r = boss.post("/admin/users/new", base + [
        ("login", login3), ("unit", str(unit_id(admin_db, "HZ-SD"))),
        ("role", str(role_id(admin_db, code)))])
    assert r.status == 303, r
    # another branch's user is out of reach for every action
    other = user_id(admin_db, "rep-bj")
    for action, fields in (("disable", {}), ("password",
                                             {"password": GOOD_PASSWORD}),
                           ("roles", []), ("scope", {"unit": "1"})):
        r = boss.post(f"/admin/users/{other}/{action}", fields, xml=True)
        assert r.status == 404, (action, r)
    assert admin_db.scalar(
        f"SELECT status FROM qd_user WHERE id = {other}") == "active"


# ------------------------------------------------------------------ channel users

def create_channel_user(admin, login, party, roles=("dealer",),
                        password=GOOD_PASSWORD, db=None):
    """Create a login at a party (by its code) through the form; returns
    the response (303 expected by the caller)."""
    fields = [("login", login), ("name", f"Channel {login}"),
              ("password", password), ("unit", ""), ("party", party)]
    fields += [("role", str(role_id(db, r))) for r in roles]
    return admin.post("/admin/users/new", fields, xml=True)


def scope_of(db, uid):
    """(unit_id, party_id) of a user, as strings or None (the harness
    reads a NULL as None from SQLite and as "" from psql; both are
    integer columns)."""
    row = db.query("SELECT unit_id, party_id FROM user_scope"
                   f" WHERE user_id = {uid}")[0]
    return tuple(v if v not in (None, "") else None for v in row)


def cannot_log_in(site, login, password):
    """The login form refuses login/password (what a disabled user or one
    of a party not approved gets)."""
    s = Session(site)
    r = s.get("/login.xml")
    s.token = r.doc.findtext("meta/csrf")
    r = s.post("/login", {"login": login, "password": password})
    return r.status == 422


def test_channel_logins_listed_with_their_party(admin, admin_db):
    r = admin.get("/admin/users.xml?kind=channel", xml=True)
    assert r.status == 200, r
    qs.assert_valid_page(r)
    assert r.doc.find("users").get("kind") == "channel"
    rows = {u.get("login"): u for u in r.doc.findall("users/user")}
    assert set(channel.USERS) <= set(rows)
    for login, (uid, role, party) in channel.USERS.items():
        u = rows[login]
        pid, kind, _, _, _, status, name = channel.PARTIES[party]
        assert (u.get("kind"), u.get("party-id"), u.get("party-code"),
                u.get("party-name"), u.get("party-kind"),
                u.get("party-status")) == \
            ("channel", str(pid), party, name, kind, status)
        assert u.get("unit-id") is None and u.get("unit-code") is None
    assert all(u.get("kind") == "channel" for u in rows.values())
    # staff only: none of them
    r = admin.get("/admin/users.xml?kind=staff", xml=True)
    staff = {u.get("login") for u in r.doc.findall("users/user")}
    assert "admin" in staff and not staff & set(channel.USERS)
    assert all(u.get("kind") == "staff" and u.get("unit-code")
               for u in r.doc.findall("users/user"))
    assert admin.get("/admin/users.xml?kind=robot", xml=True).status == 400
    # the search finds the party's code, in any case
    r = admin.get("/admin/users.xml?q=d-sh", xml=True)
    assert {u.get("login") for u in r.doc.findall("users/user")} == \
        {"dealer-t-sh1", "dealer-t-sh2", "dealer-t-shx"}
    r = admin.get("/admin/users.xml?q=D-GZ1&kind=channel", xml=True)
    assert [u.get("login") for u in r.doc.findall("users/user")] == \
        ["dealer-t-gz1"]
    # the HTML list names the party
    h = admin.get("/admin/users?kind=channel&q=D-GZ1")
    assert h.status == 200
    qs.assert_html_page(h)
    assert "D-GZ1" in h.text and channel.PARTIES["D-GZ1"][6] in h.text
    # the detail page links the party and says it is approved
    uid = channel.USERS["dealer-t-sh1"][0]
    r = admin.get(f"/admin/users/{uid}.xml", xml=True)
    assert r.status == 200
    qs.assert_valid_page(r)
    u = r.doc.find("user")
    assert (u.get("kind"), u.get("party-code"), u.get("party-status")) == \
        ("channel", "D-SH1", "approved")
    assert u.find("unit-choices") is None  # moves by party code
    assert [x.get("code") for x in u.findall("roles/role")] == ["dealer"]
    h = admin.get(f"/admin/users/{uid}")
    root = qs.assert_html_page(h)
    assert f"/parties/{channel.PARTY['D-SH1']}" in \
        [a.get("href") for a in root.iter("a")]
    assert root.get_element_by_id("party").get("value") == "D-SH1"
    assert not root.xpath("//*[@id='no-login']")


def test_create_dealer_login_at_a_party(site, admin, admin_db):
    login = unique("dealer-gz")
    r = create_channel_user(admin, login, "D-GZ1", db=admin_db)
    assert r.status == 303, r
    uid = user_id(admin_db, login)
    assert r.header("Location") == f"/admin/users/{uid}"
    assert scope_of(admin_db, uid) == (None, str(channel.PARTY["D-GZ1"]))
    assert roles_of(admin_db, uid) == ["dealer"]
    detail = admin_db.scalar(
        "SELECT detail FROM audit_log WHERE entity = 'qd_user'"
        f" AND entity_id = {uid} AND action = 'create'")
    assert "party:  -> D-GZ1" in detail and "roles:  -> dealer" in detail
    assert "unit:" not in detail
    # the dealer logs in and sees its own party only
    dealer = session_for(site, login, GOOD_PASSWORD)
    r = dealer.get("/parties.xml", xml=True)
    assert r.status == 200, r
    assert [p.get("code") for p in r.doc.findall("party-list/party")] == \
        ["D-GZ1"]
    assert dealer.get("/admin/users.xml", xml=True).status == 403
    # the HTML form offers a party field beside the unit
    h = admin.get("/admin/users/new")
    root = qs.assert_html_page(h)
    assert root.get_element_by_id("party").get("name") == "party"
    assert root.get_element_by_id("unit").get("required") is None


def test_place_of_a_new_user_is_checked(admin, admin_db):
    before = admin_db.scalar("SELECT COUNT(*) FROM qd_user")
    # no such party
    r = create_channel_user(admin, unique("nobody"), "NO-SUCH-PARTY",
                            db=admin_db)
    assert r.status == 422, r
    qs.assert_valid_page(r)
    assert field_messages(r, "party") == ["bad_party"]
    form = r.doc.find("user-form")
    assert form.get("party") == "NO-SUCH-PARTY"
    # a unit and a party at once
    r = admin.post("/admin/users/new", [
        ("login", unique("both")), ("name", "Both"),
        ("password", GOOD_PASSWORD),
        ("unit", str(unit_id(admin_db, "GZ-SD"))), ("party", "D-GZ1"),
        ("role", str(role_id(admin_db, "dealer")))], xml=True)
    assert r.status == 422, r
    assert field_messages(r, "party") == ["two_places"]
    # neither
    r = admin.post("/admin/users/new", [
        ("login", unique("none")), ("name", "None"),
        ("password", GOOD_PASSWORD), ("unit", ""), ("party", "  ")],
        xml=True)
    assert r.status == 422 and field_messages(r, "unit") == ["required"]
    # the agent role at a unit
    r = admin.post("/admin/users/new", [
        ("login", unique("staffagent")), ("name", "Staff agent"),
        ("password", GOOD_PASSWORD),
        ("unit", str(unit_id(admin_db, "SH-SD"))),
        ("role", str(role_id(admin_db, "agent")))], xml=True)
    assert r.status == 422, r
    assert field_messages(r, "role") == ["not_for_staff"]
    # a staff role at a party
    r = create_channel_user(admin, unique("mgrparty"), "D-SH1",
                            roles=("branch_mgr",), db=admin_db)
    assert r.status == 422, r
    assert field_messages(r, "role") == ["not_for_channel"]
    r = create_channel_user(admin, unique("mixed"), "D-SH1",
                            roles=("dealer", "warehouse"), db=admin_db)
    assert r.status == 422 and field_messages(r, "role") == ["not_for_channel"]
    # a rejected party takes no new logins
    admin_db.write("UPDATE party SET status = 'rejected'"
                   " WHERE code = 'C-GZ1'")
    try:
        r = create_channel_user(admin, unique("rejected"), "C-GZ1",
                                db=admin_db)
        assert r.status == 422, r
        assert field_messages(r, "party") == ["party_closed"]
    finally:
        admin_db.write("UPDATE party SET status = 'approved'"
                       " WHERE code = 'C-GZ1'")
    assert admin_db.scalar("SELECT COUNT(*) FROM qd_user") == before
    # a role of an administrator's own: channel permissions only fit a
    # party; one more permission and it does not
    ok, wide = unique("chan-view"), unique("chan-wide")
    for code, perms in ((ok, ("party.view", "ticket.view", "ticket.create")),
                        (wide, ("party.view", "org.view"))):
        r = admin.post("/admin/roles/new", [("code", code), ("name", code)]
                       + [("perm", p) for p in perms])
        assert r.status == 303, r
    r = admin.get("/admin/users/new.xml", xml=True)
    place = {c.get("code"): c.get("place")
             for c in r.doc.findall("user-form/role-choices/choice")}
    assert (place["dealer"], place["agent"], place[ok], place[wide],
            place["branch_mgr"]) == ("party", "party", "any", "unit", "unit")
    r = create_channel_user(admin, unique("wide"), "D-SH2", roles=(wide,),
                            db=admin_db)
    assert r.status == 422 and field_messages(r, "role") == ["not_for_channel"]
    login = unique("narrow")
    r = create_channel_user(admin, login, "D-SH2", roles=(ok,), db=admin_db)
    assert r.status == 303, r
    # and the same role suits a staff user too
    create_user(admin, admin_db, unique("narrowstaff"), roles=(ok,))


def test_a_branch_administrator_manages_only_its_parties(site, admin,
                                                         admin_db):
    # a user administrator at the Shanghai branch who holds the dealer
    # role's permissions, so may grant it: product.view, party.view,
    # ledger.view and ticket.view come with branch_mgr, the rest with a
    # role of its own
    code = unique("sh-admin")
    perms = ("user.view", "user.manage", "statement.answer",
             "ticket.create", "account.apikey")
    r = admin.post("/admin/roles/new", [("code", code), ("name", code)]
                   + [("perm", p) for p in perms])
    assert r.status == 303, r
    login = unique("shboss")
    create_user(admin, admin_db, login, unit="SH",
                roles=(code, "branch_mgr"))
    boss = session_for(site, login, GOOD_PASSWORD)
    # another branch's party is not one the boss manages
    new = unique("dealer-x")
    r = create_channel_user(boss, new, "D-GZ1", db=admin_db)
    assert r.status == 422, r
    assert field_messages(r, "party") == ["bad_party"]
    assert admin_db.query(
        f"SELECT id FROM qd_user WHERE login = {q(new)}") == []
    # its own branch's party is
    r = create_channel_user(boss, new, "D-SH3", db=admin_db)
    assert r.status == 303, r
    # the list: the branch's channel logins, not Guangzhou's
    r = boss.get("/admin/users.xml?kind=channel", xml=True)
    logins = {u.get("login") for u in r.doc.findall("users/user")}
    assert {"agent-t-sh", "dealer-t-sh1", "dealer-t-shx", new} <= logins
    assert "dealer-t-gz1" not in logins
    # Guangzhou's dealer login answers like a missing one, for every action
    gz = channel.USERS["dealer-t-gz1"][0]
    r_other = boss.get(f"/admin/users/{gz}.xml", xml=True)
    r_missing = boss.get("/admin/users/987654.xml", xml=True)
    assert r_other.status == r_missing.status == 404
    assert r_other.doc.findtext("error/message") == \
        r_missing.doc.findtext("error/message")
    for action, fields in (("disable", {}), ("password",
                                             {"password": GOOD_PASSWORD}),
                           ("roles", []), ("scope", {"party": "D-SH1"})):
        r = boss.post(f"/admin/users/{gz}/{action}", fields, xml=True)
        assert r.status == 404, (action, r)
    assert roles_of(admin_db, gz) == ["dealer"]
    # nor can a Shanghai login be moved to Guangzhou
    sh2 = channel.USERS["dealer-t-sh2"][0]
    r = boss.post(f"/admin/users/{sh2}/scope", {"party": "D-GZ1"}, xml=True)
    assert r.status == 422 and field_messages(r, "party") == ["bad_party"]
    assert scope_of(admin_db, sh2) == (None, str(channel.PARTY["D-SH2"]))


def test_move_a_channel_user_to_another_party(admin, admin_db):
    login = unique("mover-d")
    assert create_channel_user(admin, login, "D-SH1",
                               db=admin_db).status == 303
    uid = user_id(admin_db, login)
    r = admin.post(f"/admin/users/{uid}/scope", {"party": "D-SH2"})
    assert r.status == 303, r
    assert scope_of(admin_db, uid) == (None, str(channel.PARTY["D-SH2"]))
    assert admin_db.scalar(
        "SELECT detail FROM audit_log WHERE entity = 'qd_user'"
        f" AND entity_id = {uid} AND action = 'scope'") == \
        "party: D-SH1 -> D-SH2"
    # the kind stays: not to a unit, not a staff user to a party
    r = admin.post(f"/admin/users/{uid}/scope",
                   {"unit": str(unit_id(admin_db, "SH-SD"))}, xml=True)
    assert r.status == 422 and field_messages(r, "unit") == ["kind_change"]
    qs.assert_valid_page(r)
    staff = create_user(admin, admin_db, unique("stays"))
    r = admin.post(f"/admin/users/{staff}/scope", {"party": "D-SH1"},
                   xml=True)
    assert r.status == 422 and field_messages(r, "party") == ["kind_change"]
    assert scope_of(admin_db, staff) == \
        (str(unit_id(admin_db, "SH-SD")), None)
    # both, or an unknown party
    r = admin.post(f"/admin/users/{uid}/scope", {
        "unit": str(unit_id(admin_db, "SH-SD")), "party": "D-SH1"}, xml=True)
    assert r.status == 422 and field_messages(r, "party") == ["two_places"]
    r = admin.post(f"/admin/users/{uid}/scope", {"party": "NOPE"}, xml=True)
    assert r.status == 422 and field_messages(r, "party") == ["bad_party"]
    assert scope_of(admin_db, uid) == (None, str(channel.PARTY["D-SH2"]))
    # roles follow the place too
    r = admin.post(f"/admin/users/{uid}/roles",
                   [("role", str(role_id(admin_db, "sales_rep")))], xml=True)
    assert r.status == 422
    assert field_messages(r, "role") == ["not_for_channel"]
    r = admin.post(f"/admin/users/{uid}/roles",
                   [("role", str(role_id(admin_db, "agent")))])
    assert r.status == 303
    assert roles_of(admin_db, uid) == ["agent"]
    r = admin.post(f"/admin/users/{staff}/roles",
                   [("role", str(role_id(admin_db, "dealer")))], xml=True)
    assert r.status == 422 and field_messages(r, "role") == ["not_for_staff"]
    assert roles_of(admin_db, staff) == ["sales_rep"]


def test_a_login_at_a_party_not_approved(site, admin, admin_db):
    login = unique("early")
    r = create_channel_user(admin, login, "D-SHX", db=admin_db)
    assert r.status == 303, r
    uid = user_id(admin_db, login)
    assert cannot_log_in(site, login, GOOD_PASSWORD)
    # the page says why
    r = admin.get(f"/admin/users/{uid}.xml", xml=True)
    u = r.doc.find("user")
    assert (u.get("party-code"), u.get("party-status")) == ("D-SHX",
                                                             "applied")
    h = admin.get(f"/admin/users/{uid}")
    root = qs.assert_html_page(h)
    note = root.get_element_by_id("no-login")
    assert note is not None and note.text_content().strip()
    # once the party is approved, the same login works
    admin_db.write("UPDATE party SET status = 'approved'"
                   " WHERE code = 'D-SHX'")
    try:
        assert session_for(site, login, GOOD_PASSWORD)
        h = admin.get(f"/admin/users/{uid}")
        assert not qs.assert_html_page(h).xpath("//*[@id='no-login']")
    finally:
        admin_db.write("UPDATE party SET status = 'applied'"
                       " WHERE code = 'D-SHX'")


# ------------------------------------------------------------------ roles

def test_permission_catalog(admin):
    r = admin.get("/admin/roles/new.xml", xml=True)
    qs.assert_valid_page(r)
    groups = {g.get("name"): [p.get("name") for p in g.findall("perm")]
              for g in r.doc.findall("role-form/group")}
    assert groups["*"] == ["*"]
    assert {"user.view", "user.manage"} <= set(groups["user"])
    assert groups["role"] == ["role.manage", "role.view"]
    assert "audit.view" in groups["audit"]
    assert "setting.edit" in groups["setting"]
    every = [p for ps in groups.values() for p in ps]
    assert "public" not in every and "signed-in" not in every
    assert len(every) == len(set(every))
    html = admin.get("/admin/roles/new")
    root = qs.assert_html_page(html)
    boxes = [i.get("value") for i in root.iter("input")
             if i.get("name") == "perm"]
    assert sorted(boxes) == sorted(every)


def test_role_create_edit_and_conflict(site, admin, admin_db):
    code = unique("auditor")
    r = admin.post("/admin/roles/new", [
        ("code", code), ("name", "Auditor"), ("description", "reads logs"),
        ("perm", "audit.view"), ("perm", "user.view")])
    assert r.status == 303, r
    rid = role_id(admin_db, code)
    assert r.header("Location") == f"/admin/roles/{rid}"
    assert perms_of(admin_db, rid) == ["audit.view", "user.view"]
    # code taken, unknown permission: 422
    r = admin.post("/admin/roles/new", [("code", code), ("name", "Again")],
                   xml=True)
    assert r.status == 422 and field_messages(r, "code") == ["taken"]
    r = admin.post("/admin/roles/new", [
        ("code", unique("bogus")), ("name", "Bogus"),
        ("perm", "bogus.perm")], xml=True)
    assert r.status == 422 and field_messages(r, "perm") == ["bad_perm"]

    r = admin.get(f"/admin/roles/{rid}/edit.xml", xml=True)
    form = r.doc.find("role-form")
    assert form.get("version") == "1"
    checked = [p.get("name") for p in form.findall("group/perm")
               if p.get("checked") == "1"]
    assert checked == ["audit.view", "user.view"]

    # two people edit version 1; the first wins
    first = admin.post(f"/admin/roles/{rid}/edit", [
        ("version", "1"), ("code", code), ("name", "Auditor (first)"),
        ("perm", "audit.view"), ("perm", "role.view")])
    assert first.status == 303
    assert perms_of(admin_db, rid) == ["audit.view", "role.view"]
    detail = admin_db.scalar(
        "SELECT detail FROM audit_log WHERE entity = 'qd_role'"
        f" AND entity_id = {rid} AND action = 'update'")
    assert "granted: role.view" in detail and "revoked: user.view" in detail
    second = [("version", "1"), ("code", code), ("name", "Auditor (second)"),
              ("description", "mine"), ("perm", "setting.edit")]
    r = admin.post(f"/admin/roles/{rid}/edit", second, xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    form = r.doc.find("role-form")
    assert form.get("name") == "Auditor (second)"
    assert form.get("description") == "mine"
    assert [p.get("name") for p in form.findall("group/perm")
            if p.get("checked") == "1"] == ["setting.edit"]
    cur = form.find("current")
    assert cur.get("name") == "Auditor (first)"
    assert cur.get("version") == "2"
    assert [p.get("name") for p in cur.findall("perm")] == \
        ["audit.view", "role.view"]
    assert form.get("version") == "2"  # saving again overwrites knowingly
    html = admin.post(f"/admin/roles/{rid}/edit", second)
    assert html.status == 409
    qs.assert_html_page(html)
    assert "Auditor (first)" in html.text and "Auditor (second)" in html.text
    # nothing of the second edit was written
    assert admin_db.query(f"SELECT name, version FROM qd_role"
                          f" WHERE id = {rid}") == [["Auditor (first)", "2"]]
    assert perms_of(admin_db, rid) == ["audit.view", "role.view"]


def test_role_copy(admin, admin_db):
    src = role_id(admin_db, "finance")
    r = admin.post(f"/admin/roles/{src}/copy", {})
    assert r.status == 303, r
    new = role_id(admin_db, "finance-copy")
    assert r.header("Location") == f"/admin/roles/{new}/edit"
    assert perms_of(admin_db, new) == perms_of(admin_db, src)
    r = admin.post(f"/admin/roles/{src}/copy", {})
    assert r.status == 303
    assert perms_of(admin_db, role_id(admin_db, "finance-copy2")) == \
        perms_of(admin_db, src)
    assert admin.post("/admin/roles/987654/copy", {}).status == 404


# ------------------------------------------------------------------ audit

def test_audit_search_finds_the_create(admin, admin_db):
    login = unique("audited")
    uid = create_user(admin, admin_db, login)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    r = admin.get("/admin/audit.xml?user=ADMIN&entity=qd_user&action=create"
                  f"&entity-id={uid}&from={today}&to={today}", xml=True)
    assert r.status == 200, r
    qs.assert_valid_page(r)
    rows = r.doc.findall("audit/entry")
    assert len(rows) == 1
    e = rows[0]
    assert (e.get("user-login"), e.get("entity"), e.get("entity-id"),
            e.get("action")) == ("admin", "qd_user", str(uid), "create")
    assert f"login:  -> {login}" in e.get("detail")
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", e.get("at"))
    # newest first
    r = admin.get("/admin/audit.xml", xml=True)
    ats = [x.get("at") for x in r.doc.findall("audit/entry")]
    assert ats == sorted(ats, reverse=True)
    assert r.doc.find("audit").get("per-page") == "50"
    # a later day finds nothing; a bad date is a 422 on the field
    later = today + datetime.timedelta(days=1)
    r = admin.get(f"/admin/audit.xml?entity-id={uid}&from={later}", xml=True)
    assert r.doc.findall("audit/entry") == []
    r = admin.get("/admin/audit.xml?from=2026-02-30", xml=True)
    assert r.status == 422 and field_messages(r, "from") == ["bad_date"]
    qs.assert_valid_page(r)
    html = admin.get("/admin/audit?from=2026-02-30")
    assert html.status == 422
    assert qs.assert_html_page(html).get_element_by_id("from").get(
        "aria-invalid") == "true"
    html = admin.get(f"/admin/audit?entity-id={uid}")
    qs.assert_html_page(html)
    assert login in html.text


# ------------------------------------------------------------------ settings

def settings_of(resp):
    return {s.get("name"): (s.get("value"), s.get("version"))
            for s in resp.doc.findall("settings/setting")}


def test_settings_round_trip(admin, admin_db):
    r = admin.get("/admin/settings.xml", xml=True)
    qs.assert_valid_page(r)
    before = settings_of(r)
    assert set(before) == {"company.name", "default.lang", "default.theme",
                           "currency", "display.timezone", "doc.number.order",
                           "mail.host", "mail.port", "mail.from",
                           "credit.overdue_days", "ticket.respond_hours",
                           "ticket.resolve_hours", "price.approval_percent",
                           "stock.damage_approval"}
    values = {"company.name": "渠道贸易 & Co", "default.lang": "zh-CN",
              "default.theme": "slate", "currency": "usd",
              "display.timezone": "Asia/Shanghai",
              "doc.number.order": "SO{yyyy}{mm}-{seq:5}",
              "mail.host": "mail.example.com", "mail.port": "587",
              "mail.from": "orders@example.com",
              "credit.overdue_days": "60", "ticket.respond_hours": "24",
              "ticket.resolve_hours": "120", "price.approval_percent": "10",
              "stock.damage_approval": "100000"}
    fields = list(values.items()) + [
        (f"version.{k}", v[1]) for k, v in before.items()]
    r = admin.post("/admin/settings", fields)
    assert r.status == 303 and r.header("Location") == "/admin/settings"
    after = settings_of(admin.get("/admin/settings.xml", xml=True))
    values["currency"] = "USD"
    assert {k: v[0] for k, v in after.items()} == values
    stored = dict(admin_db.query("SELECT name, val FROM setting"))
    assert {k: stored.get(k) for k in values} == values
    detail = admin_db.scalar("SELECT detail FROM audit_log"
                             " WHERE entity = 'setting' AND action = 'update'")
    assert "mail.port:  -> 587" in detail
    # only what is sent is touched: one field alone
    r = admin.post("/admin/settings", [
        ("mail.port", "2525"), ("version.mail.port", after["mail.port"][1])])
    assert r.status == 303
    now = settings_of(admin.get("/admin/settings.xml", xml=True))
    assert now["mail.port"][0] == "2525"
    assert now["company.name"] == after["company.name"]
    # bad values: 422, typed values shown again, nothing stored
    r = admin.post("/admin/settings", [
        ("mail.port", "70000"), ("currency", "US"),
        ("credit.overdue_days", "0"),
        ("doc.number.order", "SO{foo}"), ("default.lang", "fr")], xml=True)
    assert r.status == 422
    qs.assert_valid_page(r)
    for f in ("mail.port", "currency", "doc.number.order", "default.lang",
              "credit.overdue_days"):
        assert field_messages(r, f), f
    shown = settings_of(r)
    assert shown["currency"][0] == "US" and shown["mail.port"][0] == "70000"
    assert admin_db.scalar(
        "SELECT val FROM setting WHERE name = 'currency'") == "USD"
    # a stale version: 409 with both values, nothing stored
    r = admin.post("/admin/settings", [
        ("company.name", "Stale Ltd"),
        ("version.company.name", before["company.name"][1])], xml=True)
    assert r.status == 409, r
    qs.assert_valid_page(r)
    s = [x for x in r.doc.findall("settings/setting")
         if x.get("name") == "company.name"][0]
    assert (s.get("value"), s.get("stored"), s.get("conflict")) == \
        ("Stale Ltd", "渠道贸易 & Co", "1")
    html = admin.post("/admin/settings", [
        ("company.name", "Stale Ltd"),
        ("version.company.name", before["company.name"][1])])
    assert html.status == 409
    qs.assert_html_page(html)
    assert admin_db.scalar(
        "SELECT val FROM setting WHERE name = 'company.name'") == "渠道贸易 & Co"


def test_settings_reach_every_page(site, admin):
    """The company name, default language and default theme set on the
    settings page are what every page uses (each worker re-reads the
    settings within 5 seconds), for visitors as well."""
    r = admin.get("/admin/settings.xml", xml=True)
    versions = {k: v[1] for k, v in settings_of(r).items()}
    r = admin.post("/admin/settings", [
        ("company.name", "华东渠道有限公司"), ("default.lang", "en"),
        ("default.theme", "slate"),
        ("version.company.name", versions["company.name"]),
        ("version.default.lang", versions["default.lang"]),
        ("version.default.theme", versions["default.theme"])])
    assert r.status == 303, r
    time.sleep(6)
    for _ in range(4):  # whichever worker answers
        page = site.get_xml("/login.xml", {"Accept-Language": "fr"})
        assert page.doc.findtext("meta/company") == "华东渠道有限公司"
        assert page.doc.findtext("meta/lang") == "en"
        assert page.doc.findtext("meta/theme") == "slate"
    # a visitor's own choice still wins over the site's default
    zh = site.get_xml("/login.xml", {"Accept-Language": "zh-CN"})
    assert zh.doc.findtext("meta/lang") == "zh-CN"
    # put the defaults back for the other tests of this module
    r = admin.get("/admin/settings.xml", xml=True)
    versions = {k: v[1] for k, v in settings_of(r).items()}
    r = admin.post("/admin/settings", [
        ("default.lang", "zh-CN"), ("default.theme", "classic"),
        ("version.default.lang", versions["default.lang"]),
        ("version.default.theme", versions["default.theme"])])
    assert r.status == 303, r
    time.sleep(6)


# ------------------------------------------------------------------ CSRF, XSS

def test_csrf_missing_or_wrong_is_403_and_changes_nothing(admin, admin_db):
    login = unique("csrf")
    fields = [("login", login), ("name", "No token"),
              ("password", GOOD_PASSWORD),
              ("unit", str(unit_id(admin_db, "HQ")))]
    for token in (False, "A" * 43):
        r = admin.post("/admin/users/new", fields, csrf=token, xml=True)
        assert r.status == 403, r
        assert r.error_code == "csrf"
    assert admin_db.query(
        f"SELECT id FROM qd_user WHERE login = {q(login)}") == []
    rep = user_id(admin_db, "rep-cd")
    r = admin.post(f"/admin/users/{rep}/disable", {}, csrf=False)
    assert r.status == 403
    assert admin_db.scalar(
        f"SELECT status FROM qd_user WHERE id = {rep}") == "active"
    r = admin.post("/admin/settings", [("company.name", "CSRF Inc")],
                   csrf=False)
    assert r.status == 403
    assert admin_db.query("SELECT val FROM setting"
                          " WHERE val = 'CSRF Inc'") == []
    # a cross-site Origin is refused even with the token
    r = admin.post(f"/admin/users/{rep}/disable", {},
                   headers={"Origin": "https://evil.example"})
    assert r.status == 403
    assert admin_db.scalar(
        f"SELECT status FROM qd_user WHERE id = {rep}") == "active"


XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;"


def test_markup_in_a_display_name_is_inert(admin, admin_db):
    login = unique("xss")
    uid = create_user(admin, admin_db, login, name=XSS)
    for path in (f"/admin/users?q={login}", f"/admin/users/{uid}",
                 f"/admin/audit?entity-id={uid}"):
        r = admin.get(path)
        assert r.status == 200
        root = qs.assert_html_page(r)
        assert b"<script>alert" not in r.body
        assert b"<img src=x" not in r.body
        assert not [i for i in root.iter("img")]
        assert "<script>alert(1)</script>" in "".join(root.itertext())
    r = admin.get(f"/admin/users/{uid}.xml", xml=True)
    assert r.doc.find("user").get("name") == XSS
    r = admin.get(f"/admin/users/{uid}")
    root = r.html
    assert root.find(".//h1").text == XSS
