"""stack.py - run a real Qudao stack for the tests: a fresh database
(SQLite file or PostgreSQL database), `qudao init` + `qudao demo`, then
deploy/stack (nginx on 127.0.0.1:PORT in front of `qudao serve`), and a small
HTTP client over it.  Used by tests/http/conftest.py and
tests/browser/conftest.py; standard library + lxml only.

Environment:
  QUDAO_BIN            the qudao binary (default <repo>/src/qudao)
  QUDAO_TEST_DB        "sqlite" or "postgresql": run only that database;
                       a "Driver=PostgreSQL..." string is taken as
                       QUDAO_TEST_PG (and selects PostgreSQL only)
  QUDAO_TEST_PG        PostgreSQL connection string without Database=
                       (tests/run starts a private server and sets it)
  QUDAO_TEST_PG_STOP   shell command that stops that server
  QUDAO_TEST_PG_START  shell command that starts it again
"""
import atexit
import contextlib
import ctypes
import gzip
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from lxml import etree, html as lxml_html

REPO = Path(__file__).resolve().parents[2]
DEMO_PRODUCTS = 12000
ADMIN_PASSWORD = "correct-horse-battery-staple"
DEMO_PASSWORD = "demo-password-for-tests"  # demo_database's, by default
DB_KINDS = ("sqlite", "postgresql")
SQLITE_CONN = ("Driver=SQLite3;Database={path};Timeout=5000;JournalMode=WAL;"
               "SyncPragma=NORMAL;FKSupport=1;BigInt=1;LongNames=0")
XML_ACCEPT = {"Accept": "application/xml"}


def qudao_bin():
    return os.environ.get("QUDAO_BIN") or str(REPO / "src" / "qudao")


def _child_env(**extra):
    """The environment for qudao and deploy/stack: the caller's, without
    any QUDAO_* variable (a developer's QUDAO_DATABASE must not leak into
    a test), plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUDAO_")}
    # a sanitizer build must not fail `init` over leaks at exit
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    env.update(extra)
    return env


# tests/run runs the tests of the two databases side by side
# (QUDAO_TEST_DB): each takes its ports from its own range, below the
# kernel's ephemeral ports, so the two never pick the same one between
# the check here and nginx's bind
PORT_RANGES = {"sqlite": (20000, 26000), "postgresql": (26000, 32000)}


def free_port():
    lo_hi = PORT_RANGES.get(os.environ.get("QUDAO_TEST_DB", "").strip())
    if lo_hi is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    for _ in range(500):
        port = random.randrange(*lo_hi)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {lo_hi}")


# ------------------------------------------------------------------ databases

def pg_prefix():
    """The PostgreSQL connection string prefix, or None."""
    pg = os.environ.get("QUDAO_TEST_PG", "")
    db = os.environ.get("QUDAO_TEST_DB", "")
    if not pg and db.lower().startswith("driver="):
        pg = db
    return pg.rstrip(";") or None


def db_skip_reason(kind):
    """Why the database `kind` is not tested in this run, or None."""
    want = os.environ.get("QUDAO_TEST_DB", "").strip()
    if want.lower().startswith("driver="):
        want = "postgresql"
    if want and want not in DB_KINDS:
        return f"QUDAO_TEST_DB={want!r} is neither sqlite nor postgresql"
    if want and want != kind:
        return f"QUDAO_TEST_DB={want} selects only that database"
    if kind == "postgresql" and pg_prefix() is None:
        return "QUDAO_TEST_PG is not set: PostgreSQL not tested in this run"
    return None


def _conn_fields(connstr):
    """ODBC "k=v;k=v" -> {lower-case key: value}."""
    out = {}
    for part in connstr.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip().lower()] = v.strip()
    return out


def psql_cmd(args, database="postgres"):
    """Run psql with args on the server of QUDAO_TEST_PG; its stdout."""
    f = _conn_fields(pg_prefix())
    env = dict(os.environ)
    if f.get("password") or f.get("pwd"):
        env["PGPASSWORD"] = f.get("password") or f.get("pwd")
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
           "-h", f.get("servername") or f.get("server") or "127.0.0.1",
           "-p", f.get("port", "5432"),
           "-U", f.get("username") or f.get("uid") or "postgres",
           "-d", database, *args]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True,
                       timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"psql {args!r} failed: {r.stderr.strip()}")
    return r.stdout


def psql(sql, database="postgres"):
    """Run one statement on the PostgreSQL server of QUDAO_TEST_PG."""
    return psql_cmd(["-c", sql], database)


def psql_rows(sql, database):
    """Rows of a query through psql (unaligned, tab-separated, NULL as
    the empty string)."""
    out = psql_cmd(["-A", "-t", "-F", "\t", "-c", sql], database)
    return [line.split("\t") for line in out.splitlines() if line != ""]


class Database:
    """A fresh database with the schema, the admin and the demo catalog.
    template: a Database of the same kind to start from, copied (its
    file on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL); nothing
    may be connected to it."""

    def __init__(self, kind, workdir, template=None):
        self.kind = kind
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.pg_name = None
        if kind == "sqlite":
            self.connstr = SQLITE_CONN.format(path=self.workdir / "q.db")
            if template is not None:
                for suffix in ("", "-wal"):
                    src = template.workdir / ("q.db" + suffix)
                    if src.exists():
                        shutil.copyfile(src, self.workdir / ("q.db" + suffix))
        elif kind == "postgresql":
            self.pg_name = "qd_" + secrets.token_hex(6)
            psql(f"CREATE DATABASE {self.pg_name}" +
                 (f" TEMPLATE {template.pg_name}" if template else ""))
            self.connstr = f"{pg_prefix()};Database={self.pg_name}"
        else:
            raise ValueError(kind)

    def run(self, *args, timeout=300):
        env = _child_env(QUDAO_DATABASE=self.connstr,
                         QUDAO_SHARE_DIR=str(REPO),
                         QUDAO_ADMIN_PASSWORD=ADMIN_PASSWORD)
        r = subprocess.run([qudao_bin(), *args], env=env, capture_output=True,
                           text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"qudao {' '.join(args)} exited "
                               f"{r.returncode}:\n{r.stdout}\n{r.stderr}")
        return r

    def populate(self, products=DEMO_PRODUCTS):
        self.run("init")
        self.run("demo", "--products", str(products))
        return self

    def query(self, sql):
        """Rows of a read-only query, as lists of strings (None for NULL),
        straight from the database (an oracle independent of qudao).
        Literals only (no parameters): the tests write fixed SQL."""
        if self.kind == "sqlite":
            with contextlib.closing(sqlite3.connect(
                    f"file:{self.workdir / 'q.db'}?mode=ro", uri=True)) as c:
                return [[None if v is None else str(v) for v in row]
                        for row in c.execute(sql)]
        return psql_rows(sql, self.pg_name)

    def scalar(self, sql):
        return self.query(sql)[0][0]

    def write(self, *statements):
        """Run writing statements straight on the database, in one
        transaction (fixtures that the pages under test do not make)."""
        if self.kind == "sqlite":
            with contextlib.closing(sqlite3.connect(
                    self.workdir / "q.db", timeout=30)) as c:
                for sql in statements:
                    c.execute(sql)
                c.commit()
        else:
            psql("BEGIN; " + "; ".join(statements) + "; COMMIT",
                 self.pg_name)

    def drop(self):
        if self.pg_name is not None:
            with contextlib.suppress(Exception):
                psql(f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)")
            self.pg_name = None


_templates = {}  # demo_database's: arguments -> (Database, demo output)


def _drop_templates():
    for db, _ in _templates.values():
        db.drop()
        shutil.rmtree(db.workdir, ignore_errors=True)
    _templates.clear()


def demo_database(kind, workdir, products=20, password=DEMO_PASSWORD,
                  no_channel=False, after=None):
    """(Database, output of `qudao demo`): a new database in workdir with
    `qudao init`, `qudao demo --password password --products products`
    (--no-channel when no_channel) and after(db) when given.  The first
    call with the same arguments makes a template (in its own temporary
    folder, dropped when the test session ends); every call copies it:
    the demo takes seconds under the sanitizers, a copy a fraction of
    one, and many test modules start from the same small company.  The
    caller drops the copy."""
    key = (kind, products, password, no_channel,
           None if after is None else f"{after.__module__}.{after.__qualname__}")
    if key not in _templates:
        if not _templates:
            atexit.register(_drop_templates)
        t = Database(kind, tempfile.mkdtemp(prefix="qudao-template-"))
        try:
            t.run("init")
            args = ["demo", "--password", password, "--products",
                    str(products)] + (["--no-channel"] if no_channel else [])
            out = t.run(*args).stdout
            if after is not None:
                after(t)
        except BaseException:
            t.drop()
            shutil.rmtree(t.workdir, ignore_errors=True)
            raise
        _templates[key] = (t, out)
    t, out = _templates[key]
    return Database(kind, workdir, template=t), out


def create_database(kind, workdir, products=DEMO_PRODUCTS):
    """A new Database of `kind` in workdir, initialised and loaded.  The
    caller drops it (drop() removes a PostgreSQL database)."""
    db = Database(kind, workdir)
    try:
        return db.populate(products)
    except BaseException:
        db.drop()
        raise


def pg_stop():
    _pg_command("QUDAO_TEST_PG_STOP")


def pg_start():
    _pg_command("QUDAO_TEST_PG_START")


def _pg_command(var):
    cmd = os.environ.get(var)
    if not cmd:
        raise RuntimeError(f"{var} is not set")
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{var} ({cmd}) exited {r.returncode}: "
                           f"{r.stdout}{r.stderr}")


# ------------------------------------------------------------------ processes

def proc_alive(pid):
    """pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(b")") + 2:][:1] != b"Z"


def children(pid):
    """Live (non-zombie) child pids of pid, from /proc."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rindex(b")") + 2:].split()
        if int(rest[1]) == pid and rest[0] != b"Z":
            out.append(int(d))
    return sorted(out)


def wait_for(pred, timeout, interval=0.1, what="condition"):
    """Poll pred() until it returns a true value; that value, or raise
    AssertionError after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for "
                                 f"{what}")
        time.sleep(interval)


PR_SET_CHILD_SUBREAPER = 36


@contextlib.contextmanager
def subreaper():
    """While inside, orphans of our descendants become our children, so the
    qudao master that deploy/stack starts in the background can be waited
    for (its exit status read).  The caller reaps them with waitpid."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    try:
        yield
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


# ------------------------------------------------------------------ HTTP

class Response:
    def __init__(self, status, reason, headers, body, request):
        self.status = status
        self.reason = reason
        self.headers = headers  # http.client.HTTPMessage (case-insensitive)
        self.body = body
        self.request = request
        self._doc = None

    def header(self, name, default=None):
        return self.headers.get(name, default)

    @property
    def content_type(self):
        return (self.header("Content-Type") or "").split(";")[0].strip()

    @property
    def text(self):
        return self.body.decode("utf-8")

    @property
    def from_app(self):
        """Answered by qudao (which sets the CSP on everything it sends),
        not by nginx itself (nginx's own error pages have no CSP)."""
        return self.header("Content-Security-Policy") is not None

    @property
    def is_xml(self):
        return self.content_type == "application/xml"

    @property
    def doc(self):
        """The body parsed as XML (lxml root element)."""
        if self._doc is None:
            assert self.is_xml, f"not XML: {self!r}"
            self._doc = etree.fromstring(self.body)
        return self._doc

    @property
    def html(self):
        assert self.content_type == "text/html", f"not HTML: {self!r}"
        return lxml_html.document_fromstring(self.body)

    @property
    def error_code(self):
        """code of <error> in an XML response, else None."""
        if not self.is_xml or not self.body:
            return None
        e = self.doc.find("error")
        return None if e is None else e.get("code")

    def __repr__(self):
        snippet = self.body[:400].decode("utf-8", "replace")
        return (f"<Response {self.status} {self.content_type} to "
                f"{self.request}: {snippet!r}>")


class Client:
    """HTTP/1.1 to 127.0.0.1:port, one connection per request.  With
    `cookie` set (sign_in), every request carries it (before the cookies
    the caller sends, if any)."""

    cookie = None

    def __init__(self, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def sign_in(self, login="admin", password=None):
        """Log in (as admin by default) and keep the session's cookies for
        every later request of this client.  Returns self."""
        b = Browser(Client(self.port))
        b.login(login, password)
        self.cookie = "; ".join(f"{k}={v}" for k, v in b.jar.items())
        return self

    def anonymous(self):
        """A client of the same port without the session."""
        return Client(self.port)

    def request(self, method, target, headers=None, body=None, timeout=60):
        """target is sent as given (already percent-encoded as wanted);
        body is bytes or str.  gzip bodies are unpacked."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        c = http.client.HTTPConnection("127.0.0.1", self.port,
                                       timeout=timeout)
        try:
            c.putrequest(method, target, skip_accept_encoding=True)
            hdrs = {"Accept-Encoding": "identity"}
            hdrs.update(headers or {})
            if self.cookie is not None:  # the session, then the caller's
                hdrs["Cookie"] = ("; ".join((self.cookie, hdrs["Cookie"]))
                                  if "Cookie" in hdrs else self.cookie)
            for k, v in hdrs.items():
                c.putheader(k, v)
            if body is not None:
                c.putheader("Content-Length", str(len(body)))
            c.endheaders(body)
            r = c.getresponse()
            data = r.read()
            if r.getheader("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            return Response(r.status, r.reason, r.headers, data,
                            f"{method} {target[:120]}")
        finally:
            c.close()

    def get(self, target, headers=None, **kw):
        return self.request("GET", target, headers, **kw)

    def get_xml(self, target, headers=None, **kw):
        h = dict(XML_ACCEPT)
        h.update(headers or {})
        return self.request("GET", target, h, **kw)

    def post(self, target, body, content_type, headers=None, **kw):
        h = {"Content-Type": content_type}
        h.update(headers or {})
        return self.request("POST", target, h, body=body, **kw)

    def raw(self, data, timeout=30):
        """Send raw bytes (a whole request) and return (status, headers
        text, body bytes) of the answer; status 0 when the connection was
        closed without one."""
        if self.cookie is not None and b"\r\n" in data:
            line, rest = data.split(b"\r\n", 1)
            data = (line + b"\r\nCookie: " + self.cookie.encode() +
                    b"\r\n" + rest)
        with socket.create_connection(("127.0.0.1", self.port),
                                      timeout=timeout) as s:
            s.sendall(data)
            buf = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                buf += chunk
        head, _, body = buf.partition(b"\r\n\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        return (int(m.group(1)) if m else 0,
                head.decode("latin-1"), body)

    def metrics(self):
        """/metrics as {"name{labels}": float}."""
        r = self.get("/metrics")
        assert r.status == 200, r
        out = {}
        for line in r.text.splitlines():
            if line and not line.startswith("#"):
                k, v = line.rsplit(" ", 1)
                out[k] = float(v)
        return out


def quote(s):
    """Percent-encode a query value (UTF-8; space as %20)."""
    return urllib.parse.quote(s, safe="")


# ------------------------------------------------------------------ stack

class Stack(Client):
    """nginx + `qudao serve` from deploy/stack, in its own folder."""

    def __init__(self, vardir, connstr, workers=2, extra_conf=()):
        self.vardir = Path(vardir)
        self.connstr = connstr
        self.workers = workers
        self.extra_conf = list(extra_conf)
        self.started = False
        super().__init__(0)

    def _stack(self, *args, timeout=120):
        return subprocess.run([str(REPO / "deploy" / "stack"), *args],
                              env=_child_env(), capture_output=True,
                              text=True, timeout=timeout)

    def start(self):
        last = None
        for _ in range(3):  # a port taken meanwhile: try another
            port = free_port()
            args = ["start", "--dir", str(self.vardir), "--port", str(port),
                    "--database", self.connstr,
                    "--workers", str(self.workers),
                    "--qudao", qudao_bin(), "--share", str(REPO),
                    "--timeout", "60"]
            for line in self.extra_conf:
                args += ["--extra-conf", line]
            r = self._stack(*args)
            if r.returncode == 0:
                self.port = port
                self.base = f"http://127.0.0.1:{port}"
                self.started = True
                return self
            last = r
            if "already in use" not in r.stderr:
                break
        raise RuntimeError(f"deploy/stack start failed ({last.returncode}):"
                           f"\n{last.stdout}\n{last.stderr}")

    def stop(self):
        if self.started:
            self._stack("stop", "--dir", str(self.vardir))
            self.started = False

    @property
    def log_path(self):
        return self.vardir / "qudao.log"

    def log_text(self):
        try:
            return self.log_path.read_text("utf-8", "replace")
        except OSError:
            return ""

    def master_pid(self):
        return int((self.vardir / "qudao.pid").read_text().strip())

    def nginx_pid(self):
        return int((self.vardir / "nginx.pid").read_text().strip())

    def worker_pids(self):
        return children(self.master_pid())

    def sanitizer_reports(self):
        """Lines of qudao.log in which ASan/UBSan reported a problem."""
        pat = re.compile(r"AddressSanitizer|UndefinedBehaviorSanitizer|"
                         r"LeakSanitizer|runtime error:")
        return [line for line in self.log_text().splitlines()
                if pat.search(line)]


# ------------------------------------------------------------------ checks

_schema = None
_schema_lock = threading.Lock()


def page_schema():
    """schema/xsd/page.xsd, compiled once."""
    global _schema
    with _schema_lock:
        if _schema is None:
            _schema = etree.XMLSchema(
                etree.parse(str(REPO / "schema" / "xsd" / "page.xsd")))
        return _schema


def assert_valid_page(resp):
    """resp is an XML page that validates against page.xsd."""
    assert resp.is_xml, f"expected XML: {resp!r}"
    schema = page_schema()
    ok = schema.validate(resp.doc)
    errors = "; ".join(str(e) for e in schema.error_log)
    assert ok, f"{resp.request}: does not validate against page.xsd: " \
        f"{errors}\n{resp.body[:600]!r}"


EVENT_ATTR = re.compile(r"^on", re.I)


def assert_html_page(resp):
    """resp is an HTML page that parses and keeps to the CSP rules: <html
    lang>, a non-empty <title>, no inline script or style, no style= and
    no on*= attributes, no javascript: URLs.  Returns the parsed tree."""
    assert resp.content_type == "text/html", f"expected HTML: {resp!r}"
    assert resp.body.lstrip().lower().startswith(b"<!doctype html"), resp
    root = resp.html
    assert root.tag == "html"
    assert root.get("lang") in ("en", "zh-CN"), root.get("lang")
    titles = root.findall(".//title")
    assert len(titles) == 1 and (titles[0].text or "").strip(), \
        "page needs exactly one non-empty <title>"
    for s in root.iter("script"):
        assert s.get("src"), "inline <script> without src"
        assert not (s.text or "").strip(), "inline script content"
    assert not list(root.iter("style")), "inline <style> element"
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert name.lower() != "style", \
                f"style= attribute on <{el.tag}>"
            assert not EVENT_ATTR.match(name), \
                f"event handler attribute {name}= on <{el.tag}>"
            if name.lower() in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(
                    ("javascript:", "data:text", "vbscript:")), \
                    f"{name}={value!r} on <{el.tag}>"
    return root


def assert_app_headers(resp):
    """The security headers every response of the application carries."""
    csp = resp.header("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy: {resp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    directives = {d.strip().split(" ")[0]: d.strip()
                  for d in csp.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", csp
    assert "default-src" in directives, csp
    assert "script-src" in directives or \
        directives["default-src"] == "default-src 'self'", csp
    assert "object-src 'none'" in csp, csp
    assert resp.header("X-Content-Type-Options") == "nosniff", resp
    assert resp.header("Referrer-Policy"), resp
    assert "no-store" in (resp.header("Cache-Control") or ""), resp
    server = resp.header("Server") or ""
    assert not re.search(r"\d", server), f"Server header shows a version: " \
        f"{server!r}"
    assert resp.header("X-Powered-By") is None


# ------------------------------------------------------------------ browser

class Browser:
    """A client with a cookie jar, like a browser (cookies by name only:
    everything here is one host and path /).  demo_password: the password
    `qudao demo --password` gave the demo users (admin's is
    ADMIN_PASSWORD)."""

    demo_password = None

    def __init__(self, client):
        self.c = client
        self.jar = {}

    def headers(self, extra=None):
        h = {}
        if self.jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        h.update(extra or {})
        return h

    def _keep(self, r):
        for v in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if value == "" or "Max-Age=0" in v:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return r

    def get(self, target, xml=False, headers=None):
        h = dict(XML_ACCEPT) if xml else {}
        h.update(headers or {})
        return self._keep(self.c.get(target, self.headers(h)))

    def post(self, target, fields, csrf=True, headers=None, xml=False):
        """POST a form; csrf=True fetches the token, a string sends that
        token, None sends none."""
        fields = dict(fields)
        if csrf is True:
            fields["csrf"] = self.csrf()
        elif csrf:
            fields["csrf"] = csrf
        h = dict(XML_ACCEPT) if xml else {}
        h.update(headers or {})
        body = urllib.parse.urlencode(fields)
        return self._keep(self.c.post(target, body,
                                      "application/x-www-form-urlencoded",
                                      self.headers(h)))

    def csrf(self):
        r = self.get("/login.xml" if "qd_session" not in self.jar
                     else "/account.xml")
        return r.doc.findtext("meta/csrf")

    def login(self, login, password=None):
        if password is None:
            password = (ADMIN_PASSWORD if login == "admin"
                        else self.demo_password)
        r = self.post("/login", {"login": login, "password": password})
        assert r.status == 303, r
        assert "qd_session" in self.jar
        return self

    def xml(self, target):
        """GET target as XML, validated against the XSDs."""
        r = self.get(target, xml=True)
        assert_valid_page(r)
        return r

    def html(self, target):
        """GET target as HTML: (response, parsed page with the CSP
        rules checked)."""
        r = self.get(target)
        return r, assert_html_page(r)

    def page(self, path, status=200):
        """GET path as XML (validated against the XSDs) and as HTML
        (parsed with the CSP rules), both answering status; returns the
        XML response."""
        base, sep, query = path.partition("?")
        x = self.get(base + ".xml" + sep + query, xml=True)
        assert x.status == status, x
        assert_valid_page(x)
        h = self.get(path)
        assert h.status == status, h
        assert_html_page(h)
        return x

    def send(self, path, fields, status=None):
        """POST a form asking for XML; an answer that is not a redirect
        must be a valid page; checks the status when given."""
        r = self.post(path, fields, xml=True)
        if r.status != 303:
            assert_valid_page(r)
        if status is not None:
            assert r.status == status, r
        return r


def logins(client, cls=Browser):
    """login(name): a cls Browser signed in as name, made once per name
    (the body of a test module's `login` fixture)."""
    made = {}

    def login(name):
        if name not in made:
            made[name] = cls(client).login(name)
        return made[name]
    return login


def console_problems(logs):
    """The entries of a Selenium driver's browser log that a page must not
    have: console errors and Content-Security-Policy refusals (the
    favicon's 404 is tests/browser/test_catalog.py's business)."""
    return [e for e in logs
            if "/favicon.ico" not in e.get("message", "")
            and (e.get("level") == "SEVERE"
                 or "Content Security Policy" in e.get("message", "")
                 or "Refused to" in e.get("message", ""))]


def browser_sign_in(driver, base, login="admin", password=ADMIN_PASSWORD):
    """Log a Selenium driver in through the login form of the site at base
    (the catalog and every page but the login need a session)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/login")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(
        By.CSS_SELECTOR, "form[action='/login'] button[type='submit']").click()
    WebDriverWait(driver, 20).until(lambda d: "/login" not in d.current_url)


def gone(old):
    """A WebDriverWait condition: the element old no longer belongs to
    the page (the next page replaced it).  Chromium may answer a question
    about a node of a page being unloaded with "Node with given id does
    not belong to the document" rather than a stale-element error
    (selenium's staleness_of lets that through); both mean gone."""
    from selenium.common.exceptions import (StaleElementReferenceException,
                                            WebDriverException)

    def predicate(_driver):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return predicate
