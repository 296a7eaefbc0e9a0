/*
 * demo.c - `qudao demo`: a believable company in a new database.
 *
 * This slice loads the catalog: a two-level category tree of a consumer
 * goods distributor and, by default, 12,000 products with Chinese names,
 * specifications, units, brands, EAN-13 barcodes and prices.  Later
 * modules extend it (organisation, channel, stock, a year of history).
 * The organisation comes first, then the approval flows, the catalog and
 * the channel (demo_channel.c: agents, dealers, customers, a year of
 * their accounts, statements and tickets, and their logins).
 * Everything is deterministic (a fixed-seed generator), so two demo
 * databases are alike and tests can rely on a few fixed rows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/clock.h"
#include "core/pinyin.h"
#include "core/auth_hash.h"
#include "core/utf8.h"
#include "db/db.h"
#include "modules/price.h"
#include "modules/products.h"
#include "modules/order.h"
#include "modules/promo.h"
#include "modules/workflow.h"

DB_STATEMENT(sql_demo_category, 0,
             "INSERT INTO category (id, parent_id, code, name, sort_order,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_demo_product, 0,
             "INSERT INTO product (id, code, name, spec, unit, pack_qty,"
             " barcode, brand, category_id, status, list_price, launch_on,"
             " search_key, description, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_demo_count, 0, "SELECT COUNT(*) FROM product");
DB_STATEMENT(sql_demo_hq, 0,
             "SELECT id FROM org_unit WHERE parent_id IS NULL AND kind = 'hq'");
DB_STATEMENT(sql_demo_region, 0,
             "INSERT INTO sales_region (id, parent_id, kind, code, name,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_demo_region_self, 0,
             "INSERT INTO region_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");
DB_STATEMENT(sql_demo_region_up, 0,
             "INSERT INTO region_closure (ancestor_id, descendant_id, depth)"
             " SELECT ancestor_id, ?, depth + 1"
             " FROM region_closure WHERE descendant_id = ?");
DB_STATEMENT(sql_demo_unit_region, 0,
             "INSERT INTO unit_region (unit_id, region_id) VALUES (?, ?)");
DB_STATEMENT(sql_demo_staff, 0,
             "INSERT INTO staff (id, unit_id, emp_no, name, position, phone,"
             " email, hire_on, status, user_id, created_at, updated_at,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, 1)");
DB_STATEMENT(sql_demo_channel_logins, 0,
             "SELECT u.login, r.code"
             " FROM qd_user u"
             " JOIN user_role ur ON ur.user_id = u.id"
             " JOIN qd_role r ON r.id = ur.role_id"
             " WHERE r.code IN ('agent', 'dealer')"
             " ORDER BY r.code, u.login");
DB_STATEMENT(sql_demo_user, 0,
             "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, 'active', ?, ?, 1)");

struct leaf {
    const char *code, *name;
    const char *items[6]; /* base product names */
    const char *specs[4];
    const char *unit;
    int pack;
    int64_t price_lo, price_hi; /* fen */
};

struct top {
    const char *code, *name;
    struct leaf leaves[4];
};

/* clang-format off */
static const struct top tree[] = {
    {"BEV", "饮料", {
        {"BEV-CSD", "碳酸饮料", {"可乐", "雪碧", "橙味汽水", "柠檬汽水", "苏打水", "姜汁汽水"},
         {"330ml×24罐", "500ml×24瓶", "2L×6瓶", "600ml×12瓶"}, "箱", 24, 3600, 9800},
        {"BEV-JUI", "果汁", {"橙汁", "苹果汁", "葡萄汁", "芒果汁", "番茄汁", "椰子汁"},
         {"1L×12盒", "250ml×24盒", "450ml×15瓶", "2L×6瓶"}, "箱", 12, 4200, 12800},
        {"BEV-TEA", "茶饮料", {"冰红茶", "绿茶", "乌龙茶", "茉莉花茶", "大麦茶", "柠檬茶"},
         {"500ml×15瓶", "250ml×24盒", "1L×12瓶", "330ml×24罐"}, "箱", 15, 3000, 8800},
        {"BEV-WAT", "饮用水", {"矿泉水", "纯净水", "天然水", "苏打水", "山泉水", "电解质水"},
         {"550ml×24瓶", "1.5L×12瓶", "5L×4桶", "380ml×24瓶"}, "箱", 24, 1800, 5600},
    }},
    {"SNK", "休闲食品", {
        {"SNK-BIS", "饼干", {"苏打饼干", "夹心饼干", "消化饼干", "曲奇", "威化饼干", "薄脆饼干"},
         {"100g×24袋", "200g×20盒", "400g×12罐", "80g×30袋"}, "箱", 24, 4800, 15600},
        {"SNK-CHP", "膨化食品", {"薯片", "虾条", "玉米片", "锅巴", "薯条", "米饼"},
         {"70g×22袋", "104g×20袋", "40g×50袋", "150g×12罐"}, "箱", 22, 5200, 13200},
        {"SNK-NUT", "坚果炒货", {"每日坚果", "开心果", "碧根果", "瓜子", "腰果", "夏威夷果"},
         {"25g×30袋", "250g×12袋", "500g×10袋", "750g×6罐"}, "箱", 30, 9800, 36800},
        {"SNK-CAN", "糖果巧克力", {"牛奶巧克力", "水果糖", "薄荷糖", "棒棒糖", "软糖", "黑巧克力"},
         {"40g×24条", "100g×20袋", "250g×12袋", "500g×8罐"}, "箱", 24, 6800, 24800},
    }},
    {"HHC", "日化用品", {
        {"HHC-HAI", "洗发护发", {"去屑洗发水", "柔顺洗发水", "护发素", "染发膏", "发膜", "防脱洗发水"},
         {"400ml×12瓶", "750ml×8瓶", "200ml×24瓶", "1L×6瓶"}, "箱", 12, 12800, 46800},
        {"HHC-BOD", "沐浴清洁", {"沐浴露", "香皂", "洗手液", "身体乳", "沐浴盐", "止汗露"},
         {"750ml×8瓶", "115g×48块", "500ml×12瓶", "1L×6瓶"}, "箱", 8, 9800, 38800},
        {"HHC-ORA", "口腔护理", {"美白牙膏", "防蛀牙膏", "牙刷", "漱口水", "牙线", "儿童牙膏"},
         {"120g×48支", "180g×36支", "2支装×24板", "500ml×12瓶"}, "箱", 48, 11800, 42800},
        {"HHC-LAU", "衣物洗护", {"洗衣液", "洗衣粉", "柔顺剂", "洗衣凝珠", "衣物除菌液", "皂粉"},
         {"3kg×4瓶", "2kg×6袋", "1L×12瓶", "52颗×8盒"}, "箱", 4, 8800, 29800},
    }},
    {"APL", "小家电", {
        {"APL-KIT", "厨房电器", {"电饭煲", "电磁炉", "豆浆机", "电水壶", "空气炸锅", "破壁机"},
         {"3L 单台", "4L 单台", "5L 单台", "1.7L 单台"}, "台", 1, 9900, 89900},
        {"APL-LIV", "生活电器", {"电风扇", "电暖器", "加湿器", "吸尘器", "挂烫机", "空气净化器"},
         {"落地式 单台", "台式 单台", "标准款 单台", "旗舰款 单台"}, "台", 1, 12900, 199900},
        {"APL-PER", "个护电器", {"电吹风", "电动牙刷", "剃须刀", "卷发棒", "理发器", "按摩仪"},
         {"标准款 单台", "礼盒装 单台", "旅行款 单台", "专业款 单台"}, "台", 1, 5900, 59900},
        {"APL-ENV", "环境电器", {"除湿机", "新风机", "取暖器", "冷风扇", "净水器", "热水器"},
         {"10L 单台", "20L 单台", "标准款 单台", "60L 单台"}, "台", 1, 39900, 399900},
    }},
};

static const char *const brands[] = {
    "康乐", "华润", "福满多", "金丰", "百味源", "清风", "雪域", "好友",
    "南山", "嘉禾", "美佳", "天府", "蓝海", "旺福", "家和", "绿源",
};
/* clang-format on */

#define N_TOPS   (sizeof(tree) / sizeof(tree[0]))
#define N_BRANDS (sizeof(brands) / sizeof(brands[0]))

/* A small fixed-seed generator (xorshift64*): the same demo every time. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

/* EAN-13 with the check digit, on the 690-699 (China) prefix. */
static void
ean13(int64_t serial, char out[14])
{
    int sum = 0;

    snprintf(out, 14, "69%010lld", (long long)(serial % 10000000000LL));
    for (int i = 0; i < 12; i++)
        sum += (out[i] - '0') * (i % 2 ? 3 : 1);
    out[12] = (char)('0' + (10 - sum % 10) % 10);
    out[13] = '\0';
}

/*
 * The search key, as the application writes it (core/pinyin.h: code,
 * barcode, name, spec, brand, their pinyin and initials), copied to out
 * (room for PINYIN_KEY_MAX characters of up to 4 bytes).
 */
static void
search_key(char *out, size_t n, const char *code, const char *name,
           const char *spec, const char *brand, const char *barcode)
{
    struct arena *a = arena_new(4096);

    snprintf(out, n, "%s",
             pinyin_search_key(a, code, name, spec, brand, barcode));
    arena_free(a);
}

static int
load_categories(struct db *db, int64_t leaf_ids[N_TOPS][4])
{
    for (size_t t = 0; t < N_TOPS; t++) {
        struct db_param p[5];
        int64_t top_id;

        if (db_next_id(db, "category", &top_id) != 0)
            return -1;
        p[0] = DB_INT(top_id);
        p[1] = DB_NULLP;
        p[2] = DB_TEXT(tree[t].code);
        p[3] = DB_TEXT(tree[t].name);
        p[4] = DB_INT((int64_t)t * 10);
        if (db_exec(db, &sql_demo_category, p, 5, NULL) != 0)
            return -1;
        for (size_t l = 0; l < 4; l++) {
            if (db_next_id(db, "category", &leaf_ids[t][l]) != 0)
                return -1;
            p[0] = DB_INT(leaf_ids[t][l]);
            p[1] = DB_INT(top_id);
            p[2] = DB_TEXT(tree[t].leaves[l].code);
            p[3] = DB_TEXT(tree[t].leaves[l].name);
            p[4] = DB_INT((int64_t)l * 10);
            if (db_exec(db, &sql_demo_category, p, 5, NULL) != 0)
                return -1;
        }
    }
    return 0;
}

/*
 * The products, committed DEMO_BATCH at a time; their search terms
 * (product_term, ~80 a product) go in with each batch, in key order
 * (product_terms_write): the fewer the batches, the fewer times the
 * index is written out whole.
 */
#define DEMO_BATCH 10000

static int
load_products(struct db *db, const int64_t leaf_ids[N_TOPS][4], long n)
{
    time_t now = clock_now();
    struct arena *a = arena_new(0);
    struct product_key *keys = malloc(DEMO_BATCH * sizeof(*keys));
    size_t n_keys = 0;
    int rc = -1;

    if (keys == NULL)
        abort(); /* as arena_alloc does */
    for (long i = 0; i < n; i++) {
        size_t t = (size_t)(i % N_TOPS), l = (size_t)((i / N_TOPS) % 4);
        const struct leaf *lf = &tree[t].leaves[l];
        const char *item = lf->items[rng() % 6];
        const char *spec = lf->specs[rng() % 4];
        const char *brand = brands[rng() % N_BRANDS];
        char code[24], name[200], barcode[14], key[4 * PINYIN_KEY_MAX + 1];
        char launch[16];
        char desc[400];
        int64_t id, price;
        struct db_param p[16];
        long age_days = (long)(rng() % 730);
        time_t launched = now - age_days * 86400;
        struct tm tm;
        const char *status = age_days < 60  ? "new"
                             : i % 50 == 49 ? "discontinued"
                                            : "active";

        if (db_next_id(db, "product", &id) != 0)
            goto done;
        snprintf(code, sizeof(code), "%s-%05ld", lf->code + 4, i + 1);
        snprintf(name, sizeof(name), "%s%s %s", brand, item, spec);
        ean13(6900000000LL + i * 7 + 13, barcode);
        search_key(key, sizeof(key), code, name, spec, brand, barcode);
        price = lf->price_lo +
                (int64_t)(rng() % (uint64_t)(lf->price_hi - lf->price_lo));
        price -= price % 10; /* whole jiao */
        gmtime_r(&launched, &tm);
        strftime(launch, sizeof(launch), "%Y-%m-%d", &tm);
        snprintf(desc, sizeof(desc), "%s出品的%s，规格%s，每%s%d件。", brand,
                 item, spec, lf->unit, lf->pack);
        p[0] = DB_INT(id);
        p[1] = DB_TEXT(code);
        p[2] = DB_TEXT(name);
        p[3] = DB_TEXT(spec);
        p[4] = DB_TEXT(lf->unit);
        p[5] = DB_INT(lf->pack);
        p[6] = DB_TEXT(barcode);
        p[7] = DB_TEXT(brand);
        p[8] = DB_INT(leaf_ids[t][l]);
        p[9] = DB_TEXT(status);
        p[10] = DB_INT(price);
        p[11] = DB_TEXT(launch);
        p[12] = DB_TEXT(key);
        p[13] = DB_TEXT(desc);
        p[14] = DB_TS(launched);
        p[15] = DB_TS(now);
        if (db_exec(db, &sql_demo_product, p, 16, NULL) != 0)
            goto done;
        keys[n_keys++] = (struct product_key){id, arena_strdup(a, code),
                                              arena_strdup(a, key), NULL, NULL};
        if (n_keys == DEMO_BATCH || i + 1 == n) {
            if (product_terms_write(db, a, keys, n_keys) != 0 ||
                db_commit(db) != 0)
                goto done;
            n_keys = 0;
            arena_reset(a);
        }
    }
    rc = 0;
done:
    free(keys);
    arena_free(a);
    return rc;
}

/* ---- the organisation ------------------------------------------------------
 */

/* clang-format off */
static const struct demo_area {
    const char *code, *name;       /* the region unit and the sales area */
    const char *branches[3][3];    /* code, city, province */
} areas[] = {
    {"EC", "华东", {{"SH", "上海", "上海市"}, {"HZ", "杭州", "浙江省"}, {"NJ", "南京", "江苏省"}}},
    {"SC", "华南", {{"GZ", "广州", "广东省"}, {"SZ", "深圳", "广东省"}, {NULL, NULL, NULL}}},
    {"NC", "华北", {{"BJ", "北京", "北京市"}, {"TJ", "天津", "天津市"}, {NULL, NULL, NULL}}},
    {"SW", "西南", {{"CD", "成都", "四川省"}, {"CQ", "重庆", "重庆市"}, {NULL, NULL, NULL}}},
    {"CC", "华中", {{"WH", "武汉", "湖北省"}, {"CS", "长沙", "湖南省"}, {NULL, NULL, NULL}}},
};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚", "丽", "鹏"};
/* clang-format on */

#define N_AREAS (sizeof(areas) / sizeof(areas[0]))

struct demo_org {
    struct db *db;
    const char *pw_hash; /* one hash for every demo login (demo only) */
    int64_t hq;
    int n_staff;
    FILE *logins; /* the table printed at the end */
};

static int
demo_region(struct db *db, int64_t parent, const char *kind, const char *code,
            const char *name, int64_t *id)
{
    struct db_param p[5];

    if (db_next_id(db, "sales_region", id) != 0)
        return -1;
    p[0] = DB_INT(*id);
    p[1] = parent > 0 ? DB_INT(parent) : DB_NULLP;
    p[2] = DB_TEXT(kind);
    p[3] = DB_TEXT(code);
    p[4] = DB_TEXT(name);
    if (db_exec(db, &sql_demo_region, p, 5, NULL) != 0)
        return -1;
    p[0] = DB_INT(*id);
    p[1] = DB_INT(*id);
    if (db_exec(db, &sql_demo_region_self, p, 2, NULL) != 0)
        return -1;
    if (parent > 0) {
        p[1] = DB_INT(parent);
        if (db_exec(db, &sql_demo_region_up, p, 2, NULL) != 0)
            return -1;
    }
    return 0;
}

static int
demo_cover(struct db *db, int64_t unit, int64_t region)
{
    struct db_param p[2] = {DB_INT(unit), DB_INT(region)};

    return db_exec(db, &sql_demo_unit_region, p, 2, NULL);
}

/*
 * A staff member at unit; with a login (and role) when login is not NULL.
 */
static int
demo_staff(struct demo_org *o, int64_t unit, const char *position,
           const char *login, const char *role, const char *role_name)
{
    struct db_param p[11];
    time_t now = clock_now();
    int64_t id, uid = 0;
    char name[32], emp[16], phone[16], email[64], hired[16];
    time_t h = now - (time_t)(rng() % (8 * 365)) * 86400;
    struct tm tm;

    o->n_staff++;
    snprintf(name, sizeof(name), "%s%s%s", surnames[rng() % 16],
             given[rng() % 20], rng() % 2 ? given[rng() % 20] : "");
    snprintf(emp, sizeof(emp), "E%05d", o->n_staff);
    snprintf(phone, sizeof(phone), "13%09llu",
             (unsigned long long)(rng() % 1000000000ULL));
    snprintf(email, sizeof(email), "%s@demo.qudao.cn",
             login != NULL ? login : emp);
    gmtime_r(&h, &tm);
    strftime(hired, sizeof(hired), "%Y-%m-%d", &tm);
    if (login != NULL) {
        if (db_next_id(o->db, "qd_user", &uid) != 0)
            return -1;
        p[0] = DB_INT(uid);
        p[1] = DB_TEXT(login);
        p[2] = DB_TEXT(name);
        p[3] = DB_TEXT(o->pw_hash);
        p[4] = DB_TS(now);
        p[5] = DB_TS(now);
        if (db_exec(o->db, &sql_demo_user, p, 6, NULL) != 0 ||
            seed_grant(o->db, uid, role, unit) != 0)
            return -1;
        fprintf(o->logins, "  %-12s %-14s %s\n", login, role_name, name);
    }
    if (db_next_id(o->db, "staff", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(unit);
    p[2] = DB_TEXT(emp);
    p[3] = DB_TEXT(name);
    p[4] = DB_TEXT(position);
    p[5] = DB_TEXT(phone);
    p[6] = DB_TEXT(email);
    p[7] = DB_TEXT(hired);
    p[8] = uid > 0 ? DB_INT(uid) : DB_NULLP;
    p[9] = DB_TS(now);
    p[10] = DB_TS(now);
    return db_exec(o->db, &sql_demo_staff, p, 11, NULL);
}

/*
 * Headquarters (made by `qudao init`) gets five regional units, a branch
 * per city with a sales department and a sales point, ~70 staff, and the
 * stable demo logins: director, finance, warehouse, purchasing, and per
 * branch mgr-<code> and rep-<code>.  Sales regions: China, five areas,
 * their provinces and cities, covered by the matching units.
 */
static int
load_org(struct demo_org *o)
{
    struct db_rows r;
    struct arena *a = arena_new(0);
    int64_t china, unit;
    int rc = -1;

    if (db_query(o->db, a, &sql_demo_hq, NULL, 0, 0, 0, &r) != 0 ||
        r.n_rows != 1) {
        fprintf(stderr, "qudao demo: no headquarters unit; run qudao init\n");
        goto out;
    }
    o->hq = db_cell_int(&r, 0, 0);
    if (demo_region(o->db, 0, "country", "CN", "中国", &china) != 0 ||
        demo_cover(o->db, o->hq, china) != 0)
        goto out;
    if (demo_staff(o, o->hq, "销售总监", "director", "director", "销售总监") ||
        demo_staff(o, o->hq, "财务经理", "finance", "finance", "财务") ||
        demo_staff(o, o->hq, "仓库主管", "warehouse", "warehouse",
                   "仓库管理员") ||
        demo_staff(o, o->hq, "采购经理", "purchasing", "purchasing", "采购"))
        goto out;
    for (int i = 0; i < 6; i++)
        if (demo_staff(o, o->hq, "总部职员", NULL, NULL, NULL) != 0)
            goto out;
    for (size_t i = 0; i < N_AREAS; i++) {
        const struct demo_area *ar = &areas[i];
        int64_t area_region, region_unit;
        char code[16], name[64];

        snprintf(code, sizeof(code), "CN-%s", ar->code);
        if (demo_region(o->db, china, "area", code, ar->name, &area_region) !=
            0)
            goto out;
        snprintf(code, sizeof(code), "R-%s", ar->code);
        snprintf(name, sizeof(name), "%s大区", ar->name);
        if (seed_unit(o->db, o->hq, "region", code, name, &region_unit) ||
            demo_cover(o->db, region_unit, area_region) ||
            demo_staff(o, region_unit, "大区经理", NULL, NULL, NULL))
            goto out;
        for (int b = 0; b < 3 && ar->branches[b][0] != NULL; b++) {
            const char *bc = ar->branches[b][0], *city = ar->branches[b][1];
            int64_t city_region, dept, point;
            char login[32];

            snprintf(code, sizeof(code), "CN-%s-%s", ar->code, bc);
            if (demo_region(o->db, area_region, "city", code, city,
                            &city_region) != 0)
                goto out;
            snprintf(name, sizeof(name), "%s分公司", city);
            if (seed_unit(o->db, region_unit, "branch", bc, name, &unit) ||
                demo_cover(o->db, unit, city_region))
                goto out;
            snprintf(code, sizeof(code), "%s-SD", bc);
            snprintf(name, sizeof(name), "%s分公司销售部", city);
            if (seed_unit(o->db, unit, "dept", code, name, &dept))
                goto out;
            snprintf(code, sizeof(code), "%s-P1", bc);
            snprintf(name, sizeof(name), "%s第一销售点", city);
            if (seed_unit(o->db, unit, "point", code, name, &point))
                goto out;
            snprintf(login, sizeof(login), "mgr-%c%c", bc[0] + 32, bc[1] + 32);
            if (demo_staff(o, unit, "分公司经理", login, "branch_mgr",
                           "分公司经理"))
                goto out;
            snprintf(login, sizeof(login), "rep-%c%c", bc[0] + 32, bc[1] + 32);
            if (demo_staff(o, dept, "销售代表", login, "sales_rep",
                           "销售代表") ||
                demo_staff(o, dept, "销售代表", NULL, NULL, NULL) ||
                demo_staff(o, point, "店员", NULL, NULL, NULL))
                goto out;
            snprintf(login, sizeof(login), "wh-%c%c", bc[0] + 32, bc[1] + 32);
            if (demo_staff(o, unit, "仓管员", login, "warehouse", "仓管员"))
                goto out;
        }
    }
    rc = 0;
out:
    arena_free(a);
    return rc;
}

/*
 * The channel logins (roles agent and dealer), four to a line under a
 * heading per role, onto out.  0 or -1 (database).
 */
static int
print_channel_logins(struct db *db, FILE *out)
{
    struct arena *a = arena_new(0);
    struct db_rows r;
    const char *role = "";
    int col = 0, rc = -1;

    if (db_query(db, a, &sql_demo_channel_logins, NULL, 0, 0, 0, &r) != 0)
        goto out;
    for (size_t i = 0; i < r.n_rows; i++) {
        const char *login = db_cell(&r, i, 0), *code = db_cell(&r, i, 1);

        if (strcmp(code, role) != 0) {
            fprintf(out, "%s  %s logins (%s), at their party:\n",
                    col > 0 ? "\n" : "",
                    strcmp(code, "agent") == 0 ? "代理商 agent"
                                               : "经销商 dealer",
                    strcmp(code, "agent") == 0 ? "every agent"
                                               : "two dealers per branch");
            role = code;
            col = 0;
        }
        if (col > 0)
            fprintf(out, "%*s", 18 - (int)strlen(db_cell(&r, i - 1, 0)), "");
        fprintf(out, "%s%s", col == 0 ? "    " : " ", login);
        if (++col == 4) {
            fputc('\n', out);
            col = 0;
        }
    }
    if (col > 0)
        fputc('\n', out);
    rc = 0;
out:
    arena_free(a);
    return rc;
}

/*
 * demo_load, and the channel only when with_channel: tests that install a
 * small channel of their own (tests/http/channel.py, with grades A, B and
 * C) load the demo without it.  0 or -1.
 */
static int
load(struct db *db, const char *password, long n_products, int with_channel)
{
    int64_t leaf_ids[N_TOPS][4];
    struct db_rows r;
    struct arena *a = arena_new(0);
    int rc = -1;

    char hash[AUTH_HASH_MAX], random_pw[17];
    struct demo_org o = {0};
    char *table = NULL;
    size_t table_len = 0;

    if (password == NULL) {
        if (cmd_random_password(random_pw) != 0)
            return -1;
        password = random_pw;
    }
    /* one hash for every demo login: demo passwords only ever exist in a
     * demo database, and ~30 scrypt runs would slow the demo down */
    if (auth_hash_make(password, hash, sizeof(hash)) != 0)
        return -1;
    o.db = db;
    o.pw_hash = hash;
    o.logins = open_memstream(&table, &table_len);
    if (o.logins == NULL)
        return -1;
    db_set_bank(db, 1000);
    if (db_bulk(db) != 0)
        goto out;
    if (db_query(db, a, &sql_demo_count, NULL, 0, 0, 0, &r) != 0)
        goto out;
    db_rollback(db);
    if (db_cell_int(&r, 0, 0) > 0) {
        fprintf(stderr, "qudao demo: the database holds products already; "
                        "the demo goes into a new database\n");
        goto out;
    }
    if (load_org(&o) != 0 || demo_workflow(db) != 0 || db_commit(db) != 0 ||
        load_categories(db, leaf_ids) != 0 || db_commit(db) != 0 ||
        load_products(db, leaf_ids, n_products) != 0 || demo_images(db) != 0 ||
        (with_channel && (demo_channel(db, hash) != 0 || demo_prices(db) != 0 ||
                          demo_promos(db) != 0 || demo_stock(db) != 0)) ||
        db_commit(db) != 0 || (with_channel && demo_orders(db) != 0) ||
        print_channel_logins(db, o.logins) != 0 || db_analyze(db) != 0) {
        db_rollback(db);
        fprintf(stderr, "qudao demo: loading failed; see the log above\n");
        goto out;
    }
    fclose(o.logins);
    o.logins = NULL;
    printf("demo company loaded: %d staff, %ld products in 16 kinds of 4 "
           "groups\n",
           o.n_staff, n_products);
    printf("\nDemo logins (password: %s)\n"
           "  %-12s %-14s %s\n"
           "  %-12s %-14s %s\n%s",
           password, "login", "role", "name", "admin", "系统管理员",
           "(password from qudao init)", table != NULL ? table : "");
    rc = 0;
out:
    if (o.logins != NULL)
        fclose(o.logins);
    free(table);
    arena_free(a);
    return rc;
}

int
demo_load(struct db *db, const char *password, long n_products)
{
    return load(db, password, n_products, 1);
}

int
cmd_demo(int argc, char **argv)
{
    struct db *db;
    const char *password = NULL;
    long n = 12000;
    int rc, with_channel = 1;

    if (cmd_help(argc, argv,
                 "usage: qudao demo [--password P] [--products N] "
                 "[--no-channel]\n\n"
                 "Load the demo company into a database made by `qudao "
                 "init`.\n"
                 "--no-channel leaves out the agents, dealers and customers "
                 "(for tests that\nbring a channel of their own).\n"))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--password") == 0 && i + 1 < argc)
            password = argv[++i];
        else if (strcmp(argv[i], "--products") == 0 && i + 1 < argc)
            n = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--no-channel") == 0)
            with_channel = 0;
        else {
            fprintf(stderr, "qudao demo: bad option %s\n", argv[i]);
            return 2;
        }
    }
    if (n < 1 || n > 1000000) {
        fprintf(stderr, "qudao demo: --products between 1 and 1000000\n");
        return 2;
    }
    if (cmd_connect(&db) != 0)
        return 1;
    rc = load(db, password, n, with_channel);
    db_close(db);
    if (rc != 0)
        return 1;
    return 0;
}
