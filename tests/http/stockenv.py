"""stockenv.py - known warehouses and stock for the tests of issue 6
(inventory), written straight into a database that has the demo
organisation and the test channel of channel.py (`qudao demo
--no-channel`, then channel.install).

    WH-HQ   central      unit HQ        (the headquarters' warehouse)
    WH-SH   branch       unit SH        (branch Shanghai)
    WH-GZ   branch       unit GZ        (branch Guangzhou)
    WH-ASH  agent        unit SH-SD     party A-SH (the agent's own)
    WH-CSH  consignment  unit SH-SD     party A-SH (the company's stock at
                                         the agent)
    WH-OLD  branch       unit SH        status closed

Opening stock (on hand, written as 'opening' moves dated OPENING_ON with
their balance rows, so `qudao check --stock` holds from the start), on the
first products of the demo catalog, P[0] .. P[4] (their ids, by id):

    WH-HQ   P0 1000, P1 500, P2 200, P3 50
    WH-SH   P0 100,  P1 40,  P3 5
    WH-GZ   P0 80
    WH-CSH  P1 30

Logins of the demo: director (HQ), mgr-sh / wh-sh (branch SH), mgr-gz /
wh-gz (branch GZ), warehouse (HQ), finance; agent-t-sh (A-SH) and the
dealers of channel.py.

Ids are fixed and far above what the key allocator hands out in a test.
"""

import channel

WAREHOUSES = {
    # code: (id, kind, unit code, party code, status, name)
    "WH-HQ": (9400000001, "central", "HQ", None, "active", "总部中央仓"),
    "WH-SH": (9400000002, "branch", "SH", None, "active", "上海分仓"),
    "WH-GZ": (9400000003, "branch", "GZ", None, "active", "广州分仓"),
    "WH-ASH": (9400000004, "agent", "SH-SD", "A-SH", "active", "浦江商贸自有仓"),
    "WH-CSH": (9400000005, "consignment", "SH-SD", "A-SH", "active",
               "浦江商贸寄售仓"),
    "WH-OLD": (9400000006, "branch", "SH", None, "closed", "上海旧仓"),
}
WH = {code: row[0] for code, row in WAREHOUSES.items()}

# warehouse code: {product index: on hand}
OPENING = {
    "WH-HQ": {0: 1000, 1: 500, 2: 200, 3: 50},
    "WH-SH": {0: 100, 1: 40, 3: 5},
    "WH-GZ": {0: 80},
    "WH-CSH": {1: 30},
}
OPENING_ON = "2026-01-02"


def products(db):
    """The ids of the demo products, in id order."""
    return [int(r[0]) for r in db.query("SELECT id FROM product ORDER BY id")]


def install(db):
    """Write the warehouses and the opening stock into db (which already
    has channel.install's parties).  Returns the product ids P."""
    now = channel.NOW
    ts = f"'{now}'" if db.kind == "sqlite" else f"TIMESTAMP '{now}'"
    day = (f"'{OPENING_ON}'" if db.kind == "sqlite"
           else f"DATE '{OPENING_ON}'")
    p = products(db)
    sql = []
    for code, (wid, kind, unit, party, status, name) in WAREHOUSES.items():
        par = str(channel.PARTY[party]) if party else "NULL"
        sql.append(
            "INSERT INTO warehouse (id, code, name, kind, unit_id, party_id,"
            " region_id, address, status, move_seq, created_at, updated_at,"
            f" version) VALUES ({wid}, '{code}', '{name}', '{kind}',"
            f" (SELECT id FROM org_unit WHERE code = '{unit}'), {par}, NULL,"
            f" '{name}地址', '{status}', 0, {ts}, {ts}, 1)")
    move = 9410000000
    for code, lines in OPENING.items():
        for idx, qty in lines.items():
            move += 1
            sql.append(
                "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
                " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
                f" user_id) VALUES ({move}, {WH[code]}, {p[idx]}, 'on_hand',"
                f" 'opening', {qty}, 'opening', {WH[code]}, {idx + 1}, {day},"
                f" {ts}, NULL)")
            sql.append(
                "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
                " reserved, in_transit, last_move_on, updated_at) VALUES"
                f" ({WH[code]}, {p[idx]}, {qty}, 0, 0, {day}, {ts})")
    db.write(*sql)
    return p


def environment(db_kind, tmp_path_factory, name, password, setup=None):
    """channel.environment with the warehouses and stock above installed
    too; setup(db), when given, runs after them.  Yields (db, stack)."""
    yield from channel.environment(db_kind, tmp_path_factory, name, password,
                                   setup, channel_and_stock)


def channel_and_stock(db):
    """channel.install, then install: the base of environment()."""
    channel.install(db)
    install(db)


def check_stock(db):
    """`qudao check --stock` on db: raises (qudao exits 1) unless every
    balance equals the sum of its moves.  Call it at the end of every test
    module (and wherever a test moved stock)."""
    out = db.run("check", "--stock").stdout
    assert "stock: 0 mismatches" in out, out
    return out
