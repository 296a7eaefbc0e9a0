/*
 * demo_channel.c - the demo channel (issue 4; MISSION M9, M13), loaded by
 * `qudao demo` after the organisation and the products.
 *
 * What it writes, all deterministic (a fixed-seed generator of its own)
 * apart from the dates, which end today (clock_now):
 *
 *   party_grade    VIP 12 %, A 8 %, B 5 %, C 0 % (discount in basis points)
 *   party          per branch 2-4 agents A-<branch>-<nn>, each with 4-10
 *                  dealers D-<branch>-<nnn>, some dealers with 1-3
 *                  sub-dealers; 2-3 end customers C-<branch>-<nn> (hotels,
 *                  supermarkets, restaurants) without a channel parent.
 *                  Mostly approved; a few applied, in review, suspended,
 *                  rejected and retired.  party_closure for every party.
 *   grade_history  the first grade and an upgrade during the year, for some
 *   party_account  one per party: balances = the sums of the entries,
 *                  exposure = receivable - prepayment (the open orders
 *                  come with demo_orders, src/demo_order.c),
 *                  credit limits; holds: three manual, and "overdue" for
 *                  every party with an amount more than 90 days overdue
 *   ledger_entry   a year of monthly invoices (due 30 or 60 days later),
 *                  payments (on time, late, in two parts, or stopped),
 *                  prepayments and their application, credit notes and
 *                  quarterly rebates; source_type "demo", source_id the
 *                  id of the (first) entry
 *   statement      the last three months for ~20 parties
 *   ticket         ~40 complaints, feedback and service requests in every
 *                  state, with their replies and internal notes
 *   wf_flow        "party" (经销商资格审查): the branch manager, then the
 *                  director for a credit limit of 100,000 yuan or more;
 *                  the parties in review are pending there
 *   party_doc      scanned licence, tax registration (and bank letter) of
 *                  the applicants, the parties in review, the rejected
 *                  one and one approved party in 25: pending, checked or
 *                  refused as their review stands
 *   qd_user        agent-<code> for every agent, dealer-<code> for two
 *                  dealers per branch (lower case), with the demo password
 *
 * The payment habits are chosen so that the ageing of receivables (FIFO:
 * payments settle the oldest invoices first) has every bucket: not due,
 * 1-30, 31-60, 61-90 and over 90 days overdue.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "core/clock.h"
#include "db/db.h"

DB_STATEMENT(sql_dc_branches, 0,
             "SELECT u.id, u.code, r.id,"
             " (SELECT MIN(p.id) FROM org_unit p"
             "  WHERE p.parent_id = u.id AND p.kind = 'dept'),"
             " (SELECT MIN(s.user_id) FROM staff s"
             "  WHERE s.unit_id = u.id AND s.position = '分公司经理')"
             " FROM org_unit u"
             " JOIN unit_region ur ON ur.unit_id = u.id"
             " JOIN sales_region r ON r.id = ur.region_id AND r.kind = 'city'"
             " WHERE u.kind = 'branch'"
             " ORDER BY u.id");
DB_STATEMENT(sql_dc_reps, 0,
             "SELECT s.id, s.user_id, s.unit_id, d.parent_id"
             " FROM staff s"
             " JOIN org_unit d ON d.id = s.unit_id"
             " WHERE s.position = '销售代表'"
             " ORDER BY s.id");
DB_STATEMENT(sql_dc_user, 0, "SELECT id FROM qd_user WHERE login = ?");
/* The demo company's credit policy: a hold after 90 days overdue (the
 * overdue holds below follow it, so `qudao accounts review-holds` finds
 * nothing to change on a fresh demo). */
DB_STATEMENT(sql_dc_policy, 0,
             "INSERT INTO setting (name, val, version)"
             " VALUES ('credit.overdue_days', '90', 1)");
DB_STATEMENT(sql_dc_role, 0, "SELECT id FROM qd_role WHERE code = ?");
DB_STATEMENT(sql_dc_products, 0, "SELECT MIN(id), MAX(id) FROM product");
DB_STATEMENT(sql_dc_product_names, 0,
             "SELECT id, name FROM product WHERE id BETWEEN ? AND ?"
             " ORDER BY id");
DB_STATEMENT(sql_dc_grade, 0,
             "INSERT INTO party_grade (id, code, name, discount, sort_key,"
             " note, status, version)"
             " VALUES (?, ?, ?, ?, ?, ?, 'active', 1)");
DB_STATEMENT(sql_dc_party, 0,
             "INSERT INTO party (id, kind, code, name, short_name, parent_id,"
             " unit_id, region_id, rep_id, grade_id, status, contact, phone,"
             " email, address, tax_no, bank_name, bank_account, note,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
             " ?, ?, ?, 1)");
DB_STATEMENT(sql_dc_closure_self, 0,
             "INSERT INTO party_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");
DB_STATEMENT(sql_dc_closure_up, 0,
             "INSERT INTO party_closure (ancestor_id, descendant_id, depth)"
             " SELECT ancestor_id, ?, depth + 1"
             " FROM party_closure WHERE descendant_id = ?");
DB_STATEMENT(sql_dc_grade_history, 0,
             "INSERT INTO grade_history (id, party_id, grade_id, prev_id,"
             " changed_at, user_id, note)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dc_account, 0,
             "INSERT INTO party_account (party_id, receivable, prepayment,"
             " rebate, open_orders, exposure, credit_limit, hold,"
             " hold_reason, hold_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_dc_entry, 0,
             "INSERT INTO ledger_entry (id, party_id, kind, bucket, amount,"
             " source_type, source_id, entry_on, due_on, note, posted_at,"
             " user_id)"
             " VALUES (?, ?, ?, ?, ?, 'demo', ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dc_statement, 0,
             "INSERT INTO statement (id, party_id, period_from, period_to,"
             " opening, closing, status, answer, answered_at, answered_by,"
             " created_at, created_by, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dc_ticket, 0,
             "INSERT INTO ticket (id, party_id, kind, product_id, order_ref,"
             " priority, subject, body, status, assignee_id, created_by,"
             " created_at, respond_by, resolve_by, replied_at, resolved_at,"
             " updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dc_reply, 0,
             "INSERT INTO ticket_reply (id, ticket_id, user_id, body,"
             " internal, created_at)"
             " VALUES (?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dc_login, 0,
             "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, 'active', ?, ?, 1)");
DB_STATEMENT(sql_dc_flow, 0,
             "INSERT INTO wf_flow (id, code, name, doc_type, status, version)"
             " VALUES (?, 'party', '经销商资格审查', 'party', 'active', 1)");
DB_STATEMENT(sql_dc_step, 0,
             "INSERT INTO wf_step (id, flow_id, seq, name, approver, role_id,"
             " user_id, min_amount, on_reject)"
             " VALUES (?, ?, ?, ?, 'role', ?, NULL, ?, ?)");
DB_STATEMENT(sql_dc_instance, 0,
             "INSERT INTO wf_instance (id, flow_id, doc_type, doc_id,"
             " requester_id, unit_id, amount, step_seq, status, created_at,"
             " updated_at, version)"
             " VALUES (?, ?, 'party', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dc_doc, 0,
             "INSERT INTO party_doc (id, party_id, kind, file_name, mime,"
             " byte_size, body, status, note, uploaded_at, uploaded_by,"
             " checked_at, checked_by, version)"
             " VALUES (?, ?, ?, ?, 'image/png', ?, ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_dc_decision, 0,
             "INSERT INTO wf_decision (id, instance_id, step_seq, user_id,"
             " decision, note, at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");

/* ---- names and places --------------------------------------------------
 */

/* clang-format off */
static const struct dc_city {
    const char *branch, *city, *phone_code, *tax_area;
    const char *districts[6];
    const char *streets[4];
} cities[] = {
    {"SH", "上海", "021", "310115", {"浦东新区", "徐汇区", "闵行区", "静安区", "普陀区", "宝山区"},
     {"张杨路", "漕宝路", "南京西路", "沪太路"}},
    {"HZ", "杭州", "0571", "330106", {"西湖区", "拱墅区", "上城区", "滨江区", "余杭区", "萧山区"},
     {"文三路", "莫干山路", "江南大道", "延安路"}},
    {"NJ", "南京", "025", "320102", {"玄武区", "秦淮区", "鼓楼区", "建邺区", "江宁区", "栖霞区"},
     {"中山路", "汉中路", "江东中路", "龙蟠路"}},
    {"GZ", "广州", "020", "440106", {"天河区", "越秀区", "海珠区", "白云区", "番禺区", "荔湾区"},
     {"天河路", "中山五路", "广州大道", "江南大道中"}},
    {"SZ", "深圳", "0755", "440304", {"福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "龙华区"},
     {"深南大道", "华强北路", "南海大道", "建设路"}},
    {"BJ", "北京", "010", "110105", {"朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区"},
     {"建国路", "中关村大街", "西单北大街", "丰台北路"}},
    {"TJ", "天津", "022", "120101", {"和平区", "河西区", "南开区", "河东区", "滨海新区", "西青区"},
     {"南京路", "解放北路", "卫津路", "黄河道"}},
    {"CD", "成都", "028", "510104", {"锦江区", "武侯区", "青羊区", "金牛区", "成华区", "郫都区"},
     {"春熙路", "人民南路", "蜀都大道", "天府大道"}},
    {"CQ", "重庆", "023", "500103", {"渝中区", "江北区", "南岸区", "沙坪坝区", "九龙坡区", "渝北区"},
     {"中山三路", "建新北路", "南坪西路", "杨家坪正街"}},
    {"WH", "武汉", "027", "420103", {"江汉区", "武昌区", "洪山区", "江岸区", "汉阳区", "硚口区"},
     {"解放大道", "中北路", "珞喻路", "汉阳大道"}},
    {"CS", "长沙", "0731", "430102", {"芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区"},
     {"五一大道", "芙蓉中路", "韶山北路", "岳麓大道"}},
};

/* 字号: trade names; 64 of them, a step of 7 walks all without repeats */
static const char *const trade[] = {
    "鼎盛", "恒通", "福源", "永兴", "华联", "金穗", "瑞丰", "聚宝",
    "宏达", "裕隆", "万家", "天顺", "兴旺", "东泰", "嘉和", "润泽",
    "信诚", "祥瑞", "百盛", "同福", "益丰", "旺达", "德昌", "广源",
    "安康", "合众", "新世纪", "联华", "隆昌", "泰和", "富民", "盈丰",
    "众诚", "和顺", "大润", "佳美", "康达", "荣昌", "吉祥", "宝丰",
    "汇通", "长盛", "家乐", "兴隆", "永泰", "明珠", "鑫源", "利民",
    "协和", "中兴", "顺发", "乐购", "益民", "天和", "盛达", "金龙",
    "鸿运", "春晖", "友谊", "四海", "通达", "丰收", "华润通", "好运来",
};
static const char *const agent_suffix[] = {
    "商贸有限公司", "贸易有限公司", "供应链管理有限公司", "实业有限公司",
};
static const char *const dealer_suffix[] = {
    "批发部", "百货商行", "食品经营部", "日用品商店", "副食品批发部",
    "商贸行", "便利店", "贸易商行",
};
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰",
    "涛", "明", "超", "霞", "平", "刚", "丽", "鹏", "建国", "海燕", "国强",
    "秀英", "志强", "春梅", "文华", "晓东",
};
static const char *const banks[] = {
    "中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "招商银行",
    "交通银行", "上海浦东发展银行", "兴业银行",
};
static const char *const pay_notes[] = {
    "银行转账", "银行转账", "银行承兑汇票", "网银支付", "现金缴款",
};
static const char *const cn_notes[] = {
    "退货冲减：外箱破损", "退货冲减：临期产品调换", "价格补差",
    "促销活动折让",
};

/* the three manual holds: on these dealers (branch, dealer number) */
static const char *const hold_reasons[] = {
    "营业执照年检未完成，暂停赊销",
    "质量纠纷处理中，暂停发货",
    "开户银行信息变更，待财务核实",
};

static const struct dc_template {
    const char *kind, *subject, *body_a, *body_b, *priority;
} templates[] = {
    {"complaint", "到货外箱破损", "收到的", "有三箱外箱破损，部分产品漏液，请尽快安排补发或退换。", "high"},
    {"complaint", "发货延迟", "订购的", "约定周三到货，至今未到，影响门店销售，请核实物流情况。", "urgent"},
    {"complaint", "产品临近保质期", "本批", "生产日期较早，距保质期不足三个月，要求调换新批次。", "normal"},
    {"complaint", "实收数量与单据不符", "本次到货的", "单据数量100箱，实收96箱，请核对后补发。", "high"},
    {"feedback", "新品市场反馈", "", "在我们区域卖得不错，消费者反映口感好，建议加大促销支持。", "low"},
    {"feedback", "建议增加小规格包装", "便利店渠道希望", "有小规格包装，方便零售。", "low"},
    {"feedback", "陈列费用政策咨询", "想了解", "本季度的陈列费用和返利政策的具体标准。", "normal"},
    {"service", "电器售后维修", "客户购买的", "使用一周后无法启动，申请上门维修。", "high"},
    {"service", "申请开具增值税专用发票", "请为", "的货款开具增值税专用发票，开票信息已发邮件。", "normal"},
    {"service", "退换货申请", "", "近期滞销，申请按公司政策退换部分库存。", "normal"},
};
static const char *const staff_replies[] = {
    "您好，已收到您的反馈，我们正在核实，今天内给您答复。",
    "已安排仓库补发，预计两天内送达，给您带来不便请谅解。",
    "已联系物流公司核实，货物明天上午送达。",
    "已为您申请调换，新批次本周内发出。",
    "维修人员将于明天上午上门，请保持电话畅通。",
    "政策文件已发到您的邮箱，有问题随时联系我。",
};
static const char *const party_replies[] = {
    "好的，谢谢。",
    "请尽快处理，门店那边等着上架。",
    "已收到补发的货，问题解决了，谢谢。",
    "明白了，我们按这个标准准备材料。",
};
static const char *const internal_notes[] = {
    "已查物流单号，属承运商延误，已向承运商索赔。",
    "该客户近期多次反映同类问题，请分公司经理关注。",
    "已与仓库确认库存充足，可以补发。",
};
static const char *const disputes[] = {
    "本月15日的货款已通过银行转账支付，对账单未体现，请核对。",
    "有一笔退货冲减金额与我方记录不符，请提供退货单。",
    "对账单中一张发货单我方未收到货，请核实签收单。",
};
/* clang-format on */

#define N_OF(a)      (sizeof(a) / sizeof((a)[0]))
#define DAY          86400L
#define MAX_BRANCHES 16
#define MAX_ENTRIES  256
#define YUAN         100 /* fen */

/* Threshold of the director's step of the flow "party" (fen). */
#define DC_DIRECTOR_MIN (100000LL * YUAN)

/* A fixed-seed generator (xorshift64*) of this file's own, so that the
 * channel does not change when the catalog's size does. */
static uint64_t dc_state;

static uint64_t
dc_rng(void)
{
    dc_state ^= dc_state >> 12;
    dc_state ^= dc_state << 25;
    dc_state ^= dc_state >> 27;
    return dc_state * 2685821657736338717ULL;
}

/* A number in [lo, hi]. */
static int64_t
dc_between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(dc_rng() % (uint64_t)(hi - lo + 1));
}

enum dc_kind { DC_AGENT, DC_DEALER, DC_CUSTOMER };
enum dc_habit { PAY_GOOD, PAY_LATE1, PAY_LATE2, PAY_SLOW, PAY_STOP, PAY_CASH };
enum dc_grade { G_VIP, G_A, G_B, G_C, N_GRADES };

struct dc_rep {
    int64_t staff, user, unit; /* user 0: none */
};

struct dc_branch {
    const struct dc_city *city;
    int64_t unit, dept, region, mgr_user;
    struct dc_rep reps[4];
    int n_reps;
    int64_t rep_user; /* a sales rep with a login (rep-<code>) */
    int n_agents, n_dealers, n_customers, n_logins;
    int has_stmt; /* a dealer of the branch has statements */
};

struct dc_party {
    int64_t id, parent, unit, rep_staff, handler, handler_unit, user;
    time_t created;
    int kind, branch, grade, habit, term;
    const char *status;
    char code[24];
    char contact[24];
    int64_t limit;
    int hold; /* 0 none; 1..3 manual (reason index + 1) */
};

/* One ledger entry before it is written. */
struct dc_entry {
    long day, due; /* due 0: none */
    int seq;       /* creation order, ties of day */
    int pair;      /* 1: the second entry of a prepay_apply */
    const char *kind, *bucket, *note;
    int64_t amount;
};

struct dc {
    struct db *db;
    struct arena *a;
    const char *pw_hash;
    time_t now;
    long today; /* days since the epoch, UTC */
    struct dc_branch br[MAX_BRANCHES];
    int n_br;
    struct dc_party *parties;
    size_t n_parties, cap_parties;
    int64_t grades[N_GRADES];
    int64_t finance, director, role_mgr, role_dir, flow;
    int64_t prod_lo, prod_hi;
    const char **prod_names; /* prod_hi - prod_lo + 1 of them */
    struct dc_entry entries[MAX_ENTRIES];
    size_t n_entries;
    int64_t cur_agent; /* the agent whose dealers are being made */
    int n_leaf;        /* dealers without sub-dealers so far (statuses) */
    int n_stop;        /* parties that stopped paying */
    int n_manual;      /* manual holds */
    int n_stmt;        /* parties with statements */
};

/* "YYYY-MM-DD" of a day number. */
static void
day_text(long day, char out[16])
{
    time_t t = (time_t)day * DAY;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

static void
lower(char *s)
{
    for (; *s != '\0'; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* One id from a one-cell query with a text key; -1 when missing. */
static int
dc_lookup(struct dc *d, const struct db_sql *sql, const char *key, int64_t *id)
{
    struct db_param p[1] = {DB_TEXT(key)};
    struct db_rows r;

    if (db_query(d->db, d->a, sql, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        fprintf(stderr, "qudao demo: channel: no %s\n", key);
        return -1;
    }
    *id = db_cell_int(&r, 0, 0);
    return 0;
}

/*
 * The organisation the channel hangs on: the branches with their city
 * region, sales department (the servicing unit of its parties: the reps
 * sit there), manager and sales reps; the finance and director
 * users; a window of products for the tickets.  0 or -1.
 */
static int
load_context(struct dc *d)
{
    struct db_rows r;
    struct db_param p[2];

    if (db_query(d->db, d->a, &sql_dc_branches, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows && d->n_br < MAX_BRANCHES; i++) {
        struct dc_branch *b = &d->br[d->n_br];
        const char *code = db_cell(&r, i, 1);

        b->city = NULL;
        for (size_t c = 0; c < N_OF(cities); c++)
            if (code != NULL && strcmp(cities[c].branch, code) == 0)
                b->city = &cities[c];
        if (b->city == NULL)
            continue; /* a branch the demo does not know */
        b->unit = db_cell_int(&r, i, 0);
        b->region = db_cell_int(&r, i, 2);
        b->dept = db_cell_int(&r, i, 3);
        b->mgr_user = db_cell_int(&r, i, 4);
        d->n_br++;
    }
    if (d->n_br == 0) {
        fprintf(stderr, "qudao demo: channel: no demo branches\n");
        return -1;
    }
    if (db_query(d->db, d->a, &sql_dc_reps, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows; i++)
        for (int k = 0; k < d->n_br; k++) {
            struct dc_branch *b = &d->br[k];

            if (b->unit != db_cell_int(&r, i, 3) || b->n_reps >= 4)
                continue;
            b->reps[b->n_reps].staff = db_cell_int(&r, i, 0);
            b->reps[b->n_reps].user = db_cell_int(&r, i, 1);
            b->reps[b->n_reps].unit = db_cell_int(&r, i, 2);
            if (b->rep_user == 0 && b->reps[b->n_reps].user > 0)
                b->rep_user = b->reps[b->n_reps].user;
            b->n_reps++;
        }
    for (int k = 0; k < d->n_br; k++)
        if (d->br[k].n_reps == 0 || d->br[k].rep_user == 0 ||
            d->br[k].mgr_user == 0) {
            fprintf(stderr, "qudao demo: channel: branch %s lacks staff\n",
                    d->br[k].city->branch);
            return -1;
        }
    if (dc_lookup(d, &sql_dc_user, "finance", &d->finance) != 0 ||
        dc_lookup(d, &sql_dc_user, "director", &d->director) != 0 ||
        dc_lookup(d, &sql_dc_role, "branch_mgr", &d->role_mgr) != 0 ||
        dc_lookup(d, &sql_dc_role, "director", &d->role_dir) != 0)
        return -1;
    if (db_query(d->db, d->a, &sql_dc_products, NULL, 0, 0, 0, &r) != 0 ||
        r.n_rows != 1 || db_cell(&r, 0, 0) == NULL) {
        fprintf(stderr, "qudao demo: channel: no products\n");
        return -1;
    }
    d->prod_lo = db_cell_int(&r, 0, 0);
    d->prod_hi = db_cell_int(&r, 0, 1);
    if (d->prod_hi > d->prod_lo + 199)
        d->prod_hi = d->prod_lo + 199;
    p[0] = DB_INT(d->prod_lo);
    p[1] = DB_INT(d->prod_hi);
    if (db_query(d->db, d->a, &sql_dc_product_names, p, 2, 0, 0, &r) != 0)
        return -1;
    d->prod_names = arena_zalloc(d->a, (size_t)(d->prod_hi - d->prod_lo + 1) *
                                           sizeof(char *));
    for (size_t i = 0; i < r.n_rows; i++) {
        int64_t id = db_cell_int(&r, i, 0);

        if (id >= d->prod_lo && id <= d->prod_hi)
            d->prod_names[id - d->prod_lo] = db_cell(&r, i, 1);
    }
    return 0;
}

/* ---- grades --------------------------------------------------------------
 */

static int
load_grades(struct dc *d)
{
    /* clang-format off */
    static const struct { const char *code, *name, *note; int disc, sort; }
    g[N_GRADES] = {
        [G_VIP] = {"VIP", "VIP 客户", "年采购额 500 万元以上的战略客户", 1200, 10},
        [G_A] = {"A", "A 级", "年采购额 100 万元以上", 800, 20},
        [G_B] = {"B", "B 级", "年采购额 30 万元以上", 500, 30},
        [G_C] = {"C", "C 级", NULL, 0, 40},
    };
    /* clang-format on */
    for (int i = 0; i < N_GRADES; i++) {
        struct db_param p[6];

        if (db_next_id(d->db, "party_grade", &d->grades[i]) != 0)
            return -1;
        p[0] = DB_INT(d->grades[i]);
        p[1] = DB_TEXT(g[i].code);
        p[2] = DB_TEXT(g[i].name);
        p[3] = DB_INT(g[i].disc);
        p[4] = DB_INT(g[i].sort);
        p[5] = DB_TEXT(g[i].note);
        if (db_exec(d->db, &sql_dc_grade, p, 6, NULL) != 0)
            return -1;
    }
    return 0;
}

/* ---- parties -------------------------------------------------------------
 */

static void
person(char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", surnames[dc_rng() % N_OF(surnames)],
             given[dc_rng() % N_OF(given)],
             dc_rng() % 3 == 0 ? given[dc_rng() % 12] : "");
}

int
demo_contact(const char *branch, char person_out[48], char phone_out[24],
             char address_out[160])
{
    const struct dc_city *c = NULL;

    for (size_t i = 0; i < N_OF(cities) && c == NULL; i++)
        if (branch != NULL && strcmp(cities[i].branch, branch) == 0)
            c = &cities[i];
    if (c == NULL)
        return -1;
    person(person_out, 48);
    snprintf(phone_out, 24, "%s-%d%07d", c->phone_code, (int)dc_between(5, 8),
             (int)dc_between(0, 9999999));
    snprintf(address_out, 160, "%s市%s%s%d号", c->city,
             c->districts[dc_rng() % 6], c->streets[dc_rng() % 4],
             (int)dc_between(1, 999));
    return 0;
}

/* 18 characters shaped like a 统一社会信用代码 (GB 32100 alphabet). */
static void
tax_number(const struct dc_city *c, char out[24])
{
    static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    snprintf(out, 24, "91%s", c->tax_area);
    for (int i = 8; i < 18; i++)
        out[i] = alpha[dc_rng() % (sizeof(alpha) - 1)];
    out[18] = '\0';
}

static struct dc_party *
party_new(struct dc *d)
{
    if (d->n_parties == d->cap_parties) {
        size_t cap = d->cap_parties ? d->cap_parties * 2 : 512;
        struct dc_party *p = arena_zalloc(d->a, cap * sizeof(*p));

        if (d->n_parties > 0)
            memcpy(p, d->parties, d->n_parties * sizeof(*p));
        d->parties = p;
        d->cap_parties = cap;
    }
    memset(&d->parties[d->n_parties], 0, sizeof(d->parties[0]));
    return &d->parties[d->n_parties++];
}

/*
 * Write one party (its row and closure rows) of branch b.  kind, parent
 * (0: none), status, and nth: the party's number in its branch (for the
 * code and the trade name).  *out: the party's slot (valid until the
 * next party_new).  0 or -1.
 */
static int
party_add(struct dc *d, int bi, int kind, int64_t parent, const char *status,
          int nth, struct dc_party **out)
{
    struct dc_branch *b = &d->br[bi];
    const struct dc_city *c = b->city;
    struct dc_party *pt = party_new(d);
    const struct dc_rep *rep = &b->reps[0];
    const char *district = c->districts[dc_rng() % 6];
    const char *tn =
        trade[(size_t)(bi * 11 + nth * 7 + (kind == DC_AGENT ? 32 : 0)) %
              N_OF(trade)];
    char name[160], short_name[80], phone[24], email[64], address[200];
    char tax[24], bank[120], account[32];
    struct db_param p[21];
    int approved = strcmp(status, "approved") == 0;
    long age;
    time_t created;

    pt->kind = kind;
    pt->branch = bi;
    pt->parent = parent;
    pt->status = status;
    /* most parties are looked after by the rep with a login */
    if (b->n_reps > 1 && dc_rng() % 10 >= 7)
        rep = &b->reps[1 + dc_rng() % (uint64_t)(b->n_reps - 1)];
    pt->rep_staff = rep->staff;
    pt->handler = rep->user > 0 ? rep->user : b->rep_user;
    pt->handler_unit = rep->unit;
    pt->unit = b->dept;
    person(pt->contact, sizeof(pt->contact));
    switch (kind) {
    case DC_AGENT:
        snprintf(pt->code, sizeof(pt->code), "A-%s-%02d", c->branch, nth);
        snprintf(name, sizeof(name), "%s%s%s", c->city, tn,
                 agent_suffix[dc_rng() % N_OF(agent_suffix)]);
        snprintf(short_name, sizeof(short_name), "%s%s", c->city, tn);
        pt->grade = dc_rng() % 4 == 0 ? G_VIP : G_A;
        pt->limit = dc_between(20, 100) * 10000 * YUAN;
        pt->term = dc_rng() % 3 == 0 ? 30 : 60;
        age = dc_between(800, 2500);
        break;
    case DC_DEALER:
        snprintf(pt->code, sizeof(pt->code), "D-%s-%03d", c->branch, nth);
        snprintf(name, sizeof(name), "%s%s%s%s", c->city, district, tn,
                 dealer_suffix[dc_rng() % N_OF(dealer_suffix)]);
        snprintf(short_name, sizeof(short_name), "%s%s", district, tn);
        pt->grade = parent != d->cur_agent && dc_rng() % 2 ? G_C
                    : dc_rng() % 5 == 0                    ? G_A
                    : dc_rng() % 4 == 0                    ? G_C
                                                           : G_B;
        pt->limit = dc_between(2, 20) * 10000 * YUAN;
        pt->term = dc_rng() % 4 == 0 ? 60 : 30;
        age = dc_between(420, 1800);
        break;
    default: {
        static const char *const shop[][2] = {
            {"大酒店", "酒店"},
            {"超市", "超市"},
            {"酒楼", "酒楼"},
            {"连锁便利店", "便利"},
            {"餐饮管理有限公司", "餐饮"},
            {"国际酒店", "酒店"},
        };
        size_t s = dc_rng() % N_OF(shop);

        snprintf(pt->code, sizeof(pt->code), "C-%s-%02d", c->branch, nth);
        snprintf(name, sizeof(name), "%s%s%s", c->city,
                 trade[(size_t)(bi * 5 + nth * 13 + 3) % N_OF(trade)],
                 shop[s][0]);
        snprintf(short_name, sizeof(short_name), "%s%s",
                 trade[(size_t)(bi * 5 + nth * 13 + 3) % N_OF(trade)],
                 shop[s][1]);
        pt->grade = dc_rng() % 6 == 0 ? G_VIP : dc_rng() % 2 ? G_B : G_C;
        pt->limit = dc_rng() % 5 < 2 ? 0 : dc_between(1, 5) * 10000 * YUAN;
        pt->term = 30;
        age = dc_between(400, 2000);
        break;
    }
    }
    if (!approved && strcmp(status, "suspended") != 0 &&
        strcmp(status, "retired") != 0) {
        /* a new applicant: no grade, no credit, no history yet */
        pt->grade = -1;
        pt->limit = 0;
        age = dc_between(2, 25);
    }
    created = d->now - age * DAY - (time_t)dc_between(0, 8 * 3600);
    pt->created = created;
    if (dc_rng() % 2)
        snprintf(phone, sizeof(phone), "%s-%d%07d", c->phone_code,
                 (int)dc_between(5, 8), (int)dc_between(0, 9999999));
    else
        snprintf(phone, sizeof(phone), "1%d%d%08d", (int)dc_between(3, 8),
                 (int)dc_between(0, 9), (int)dc_between(0, 99999999));
    snprintf(email, sizeof(email), "%s@channel.example.cn", pt->code);
    lower(email);
    snprintf(address, sizeof(address), "%s市%s%s%d号", c->city, district,
             c->streets[dc_rng() % 4], (int)dc_between(1, 999));
    tax_number(c, tax);
    snprintf(bank, sizeof(bank), "%s%s%s支行", banks[dc_rng() % N_OF(banks)],
             c->city, district);
    snprintf(account, sizeof(account), "%04d%08d%07d",
             (int)dc_between(1000, 9999), (int)dc_between(0, 99999999),
             (int)dc_between(0, 9999999));
    if (db_next_id(d->db, "party", &pt->id) != 0)
        return -1;
    p[0] = DB_INT(pt->id);
    p[1] = DB_TEXT(kind == DC_AGENT    ? "agent"
                   : kind == DC_DEALER ? "dealer"
                                       : "customer");
    p[2] = DB_TEXT(pt->code);
    p[3] = DB_TEXT(name);
    p[4] = DB_TEXT(short_name);
    p[5] = parent > 0 ? DB_INT(parent) : DB_NULLP;
    p[6] = DB_INT(pt->unit);
    p[7] = DB_INT(b->region);
    p[8] = DB_INT(pt->rep_staff);
    p[9] = pt->grade >= 0 ? DB_INT(d->grades[pt->grade]) : DB_NULLP;
    p[10] = DB_TEXT(status);
    p[11] = DB_TEXT(pt->contact);
    p[12] = DB_TEXT(phone);
    p[13] = kind != DC_CUSTOMER || dc_rng() % 2 ? DB_TEXT(email) : DB_NULLP;
    p[14] = DB_TEXT(address);
    p[15] = DB_TEXT(tax);
    p[16] = DB_TEXT(bank);
    p[17] = DB_TEXT(account);
    p[18] = strcmp(status, "suspended") == 0 ? DB_TEXT("经营异常，暂停合作")
            : strcmp(status, "retired") == 0 ? DB_TEXT("已停业，终止合作")
            : strcmp(status, "rejected") == 0
                ? DB_TEXT("资质不符：经营范围不含食品销售")
                : DB_NULLP;
    p[19] = DB_TS(created);
    p[20] = DB_TS(approved ? created + (time_t)dc_between(1, 30) * DAY
                           : d->now - 3600);
    if (db_exec(d->db, &sql_dc_party, p, 21, NULL) != 0)
        return -1;
    p[0] = DB_INT(pt->id);
    p[1] = DB_INT(pt->id);
    if (db_exec(d->db, &sql_dc_closure_self, p, 2, NULL) != 0)
        return -1;
    if (parent > 0) {
        p[1] = DB_INT(parent);
        if (db_exec(d->db, &sql_dc_closure_up, p, 2, NULL) != 0)
            return -1;
    }
    *out = pt;
    return 0;
}

/* The status of the next leaf dealer: mostly approved, a few of each. */
static const char *
leaf_status(struct dc *d)
{
    int n = d->n_leaf++;

    if (n == 77)
        return "rejected";
    if (n == 155)
        return "retired";
    if (n % 53 == 10)
        return "applied";
    if (n % 53 == 30)
        return "review";
    if (n % 67 == 20)
        return "suspended";
    return "approved";
}

/* The channel of every branch.  0 or -1. */
static int
load_parties(struct dc *d)
{
    for (int bi = 0; bi < d->n_br; bi++) {
        struct dc_branch *b = &d->br[bi];
        int n_agents = (int)dc_between(2, 4);

        for (int ai = 0; ai < n_agents; ai++) {
            struct dc_party *pt;
            int64_t agent;
            int n_dealers = (int)dc_between(4, 10);

            if (party_add(d, bi, DC_AGENT, 0, "approved", ++b->n_agents, &pt) !=
                0)
                return -1;
            agent = pt->id;
            d->cur_agent = agent;
            for (int k = 0; k < n_dealers; k++) {
                int n_subs = dc_rng() % 100 < 11 ? (int)dc_between(1, 3) : 0;
                int64_t dealer;

                if (party_add(d, bi, DC_DEALER, agent,
                              n_subs > 0 ? "approved" : leaf_status(d),
                              ++b->n_dealers, &pt) != 0)
                    return -1;
                dealer = pt->id;
                for (int s = 0; s < n_subs; s++)
                    if (party_add(d, bi, DC_DEALER, dealer, leaf_status(d),
                                  ++b->n_dealers, &pt) != 0)
                        return -1;
            }
        }
        for (int ci = (int)dc_between(2, 3); ci > 0; ci--) {
            struct dc_party *pt;

            if (party_add(d, bi, DC_CUSTOMER, 0, "approved", ++b->n_customers,
                          &pt) != 0)
                return -1;
        }
    }
    return 0;
}

/*
 * Habits, holds and logins, chosen after every party exists so that they
 * spread over the branches: three dealers that stopped paying (on
 * "overdue" hold), three manual holds, two dealer logins per branch.
 */
static void
choose_roles(struct dc *d)
{
    for (size_t i = 0; i < d->n_parties; i++) {
        struct dc_party *pt = &d->parties[i];
        int r = (int)(dc_rng() % 100);

        pt->habit = pt->kind == DC_CUSTOMER && pt->limit == 0 ? PAY_CASH
                    : r < 64                                  ? PAY_GOOD
                    : r < 77                                  ? PAY_LATE1
                    : r < 88                                  ? PAY_LATE2
                    : r < 95                                  ? PAY_SLOW
                                                              : PAY_GOOD;
        if (pt->kind != DC_DEALER || pt->parent == 0 ||
            strcmp(pt->status, "approved") != 0)
            continue;
        /* d->parties[i - 1] is the agent or the previous dealer */
        if (d->br[pt->branch].n_logins < 2 && pt->kind == DC_DEALER &&
            d->parties[i - 1].kind == DC_AGENT) {
            d->br[pt->branch].n_logins++;
            pt->user = -1; /* gets a login */
            pt->habit = pt->branch % 3 == 0 ? PAY_LATE1 : PAY_GOOD;
            continue;
        }
        if (pt->branch % 4 == 1 && d->n_stop < pt->branch / 4 + 1 &&
            d->n_stop < 3) {
            pt->habit = PAY_STOP;
            d->n_stop++;
        } else if (pt->branch % 4 == 2 && d->n_manual < pt->branch / 4 + 1 &&
                   d->n_manual < 3) {
            pt->hold = ++d->n_manual;
        }
    }
    /* the first dealer of each agent takes the logins; a branch whose
     * agents all start with a non-approved dealer takes any approved */
    for (size_t i = 0; i < d->n_parties; i++) {
        struct dc_party *pt = &d->parties[i];

        if (pt->kind == DC_DEALER && pt->user == 0 && pt->hold == 0 &&
            pt->habit != PAY_STOP && strcmp(pt->status, "approved") == 0 &&
            d->br[pt->branch].n_logins < 2) {
            d->br[pt->branch].n_logins++;
            pt->user = -1;
        }
        if (pt->kind == DC_AGENT)
            pt->user = -1;
    }
}

/* ---- the ledger ----------------------------------------------------------
 */

static void
entry(struct dc *d, long day, long due, const char *kind, const char *bucket,
      int64_t amount, const char *note, int pair)
{
    struct dc_entry *e;

    if (d->n_entries == MAX_ENTRIES || amount == 0 || day > d->today)
        return; /* nothing in the future */
    e = &d->entries[d->n_entries];
    e->day = day;
    e->due = due;
    e->seq = (int)d->n_entries;
    e->pair = pair;
    e->kind = kind;
    e->bucket = bucket;
    e->amount = amount;
    e->note = note;
    d->n_entries++;
}

static int
entry_cmp(const void *x, const void *y)
{
    const struct dc_entry *a = x, *b = y;

    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return a->seq - b->seq;
}

/* Round to whole yuan. */
static int64_t
yuan(int64_t fen)
{
    return fen - fen % YUAN;
}

/*
 * A year of invoices, payments, prepayments, credit notes and rebates of
 * one party into d->entries, sorted by day, by its habit:
 *   good   pays by the due day;
 *   late1  5-25 days late, late2 35-55 days late (sometimes in two parts);
 *   slow   65-85 days late;
 *   stop   stopped paying 4-6 months ago, shipped for two more months;
 *   cash   pays on delivery.
 * A retired party's invoices end five months ago.
 */
static void
make_history(struct dc *d, const struct dc_party *pt)
{
    int64_t base = pt->limit > 0 ? pt->limit * dc_between(6, 11) / 100
                                 : dc_between(2000, 15000) * YUAN;
    long first = d->today - 365 + (long)dc_between(0, 20);
    long stop = d->today - (long)dc_between(125, 190);
    long last_invoice = pt->habit == PAY_STOP ? stop + 60 : d->today;
    int prepay =
        pt->kind == DC_DEALER && pt->habit != PAY_STOP && dc_rng() % 5 == 0;
    int rebates =
        pt->kind == DC_AGENT || (pt->kind == DC_DEALER && pt->grade <= G_A);
    int64_t prepaid = 0, quarter = 0;
    long next_rebate = first + 90;
    int month = 0;

    if (strcmp(pt->status, "retired") == 0)
        last_invoice = d->today - 150;
    d->n_entries = 0;
    for (long day = first; day <= last_invoice;
         day += 28 + (long)dc_between(0, 5)) {
        int64_t inv = yuan(base * dc_between(70, 130) / 100);
        int64_t rest = inv, cn = 0;
        long due = day + pt->term, pay;

        if (prepay && month++ % 3 == 0 && day < d->today - 20) {
            int64_t top = yuan(base * dc_between(20, 35) / 10);

            entry(d, day - 2, 0, "prepayment", "prepayment", top, "预付货款",
                  0);
            prepaid += top;
        }
        entry(d, day, due, "receivable", "receivable", inv, "销售发货", 0);
        quarter += inv;
        if (prepay && prepaid > 0) {
            int64_t use = prepaid < inv ? prepaid : inv;

            entry(d, day, 0, "prepay_apply", "prepayment", -use,
                  "预付款冲抵货款", 0);
            entry(d, day, 0, "prepay_apply", "receivable", -use,
                  "预付款冲抵货款", 1);
            prepaid -= use;
            rest -= use;
        }
        if (rest > 0 && pt->habit != PAY_CASH && dc_rng() % 14 == 0) {
            cn = yuan(inv * dc_between(3, 10) / 100);
            if (cn > rest)
                cn = rest;
            entry(d, day + (long)dc_between(3, 10), 0, "credit_note",
                  "receivable", -cn, cn_notes[dc_rng() % N_OF(cn_notes)], 0);
            rest -= cn;
        }
        switch (pt->habit) {
        case PAY_CASH: pay = day; break;
        case PAY_LATE1: pay = due + (long)dc_between(5, 25); break;
        case PAY_LATE2: pay = due + (long)dc_between(35, 55); break;
        case PAY_SLOW: pay = due + (long)dc_between(65, 85); break;
        default: pay = due - (long)dc_between(0, 12); break;
        }
        if (pay < day)
            pay = day;
        if (rest > 0 && (pt->habit != PAY_STOP || pay <= stop)) {
            const char *how = pay_notes[dc_rng() % N_OF(pay_notes)];

            if (pt->habit == PAY_LATE2 && dc_rng() % 2 && pay - 12 > day) {
                int64_t part = yuan(rest * dc_between(40, 70) / 100);

                if (pay - 12 <= d->today)
                    entry(d, pay - 12, 0, "payment", "receivable", -part,
                          "部分付款", 0);
                rest -= part;
            }
            if (pay <= d->today)
                entry(d, pay, 0, "payment", "receivable", -rest, how, 0);
        }
        if (rebates && day >= next_rebate) {
            if (next_rebate + 5 <= d->today)
                entry(d, next_rebate + 5, 0, "rebate", "rebate",
                      yuan(quarter * dc_between(10, 30) / 1000), "季度销售返利",
                      0);
            quarter = 0;
            next_rebate += 91;
        }
    }
    qsort(d->entries, d->n_entries, sizeof(d->entries[0]), entry_cmp);
    /* keep a prepay_apply pair together (its two halves share a day) */
}

/* Sum of a bucket's entries up to day (inclusive). */
static int64_t
bucket_sum(const struct dc *d, const char *bucket, long day)
{
    int64_t s = 0;

    for (size_t i = 0; i < d->n_entries; i++)
        if (d->entries[i].day <= day &&
            strcmp(d->entries[i].bucket, bucket) == 0)
            s += d->entries[i].amount;
    return s;
}

/*
 * The day the oldest unpaid invoice fell due, FIFO (every credit of the
 * receivable bucket settles the oldest invoices first); 0 when nothing
 * is unpaid.
 */
static long
oldest_unpaid_due(const struct dc *d)
{
    int64_t credit = 0;

    for (size_t i = 0; i < d->n_entries; i++)
        if (strcmp(d->entries[i].bucket, "receivable") == 0 &&
            d->entries[i].amount < 0)
            credit -= d->entries[i].amount;
    for (size_t i = 0; i < d->n_entries; i++) {
        const struct dc_entry *e = &d->entries[i];

        if (strcmp(e->bucket, "receivable") != 0 || e->amount <= 0)
            continue;
        if (credit >= e->amount) {
            credit -= e->amount;
            continue;
        }
        return e->due;
    }
    return 0;
}

/* Write d->entries of party pt.  0 or -1. */
static int
write_entries(struct dc *d, const struct dc_party *pt)
{
    int64_t id = 0, source = 0;

    for (size_t i = 0; i < d->n_entries; i++) {
        const struct dc_entry *e = &d->entries[i];
        char on[16], due[16];
        struct db_param p[11];
        time_t posted;
        int manual = strcmp(e->kind, "receivable") != 0 &&
                     strcmp(e->kind, "prepay_apply") != 0;

        if (db_next_id(d->db, "ledger_entry", &id) != 0)
            return -1;
        if (!e->pair)
            source = id;
        day_text(e->day, on);
        day_text(e->due, due);
        p[0] = DB_INT(id);
        p[1] = DB_INT(pt->id);
        p[2] = DB_TEXT(e->kind);
        p[3] = DB_TEXT(e->bucket);
        p[4] = DB_INT(e->amount);
        p[5] = DB_INT(source);
        p[6] = DB_TEXT(on);
        p[7] = e->due > 0 ? DB_TEXT(due) : DB_NULLP;
        p[8] = DB_TEXT(e->note);
        posted = (time_t)e->day * DAY + 9 * 3600 + (e->seq * 37) % 28800;
        p[9] = DB_TS(posted < d->now ? posted : d->now);
        p[10] = manual ? DB_INT(d->finance) : DB_NULLP;
        if (db_exec(d->db, &sql_dc_entry, p, 11, NULL) != 0)
            return -1;
    }
    return 0;
}

/* The party's account row from d->entries.  0 or -1. */
static int
write_account(struct dc *d, const struct dc_party *pt)
{
    int64_t rec = bucket_sum(d, "receivable", d->today);
    int64_t pre = bucket_sum(d, "prepayment", d->today);
    int64_t reb = bucket_sum(d, "rebate", d->today);
    long oldest = oldest_unpaid_due(d);
    struct db_param p[10];
    const char *hold = "none", *reason = NULL;
    time_t hold_at = 0;

    if (oldest > 0 && d->today - oldest > 90) {
        hold = "overdue";
        reason = "逾期超过90天的应收款";
        hold_at = (time_t)(oldest + 91) * DAY + 2 * 3600;
    } else if (pt->hold > 0) {
        hold = "manual";
        reason = hold_reasons[pt->hold - 1];
        hold_at = d->now - (time_t)dc_between(2, 20) * DAY;
    }
    p[0] = DB_INT(pt->id);
    p[1] = DB_INT(rec);
    p[2] = DB_INT(pre);
    p[3] = DB_INT(reb);
    p[4] = DB_INT(rec - pre);
    p[5] = DB_INT(pt->limit);
    p[6] = DB_TEXT(hold);
    p[7] = DB_TEXT(reason);
    p[8] = hold_at > 0 ? DB_TS(hold_at) : DB_NULLP;
    p[9] = DB_TS(d->now);
    return db_exec(d->db, &sql_dc_account, p, 10, NULL);
}

/*
 * Statements of the last three calendar months for pt: opening and
 * closing are what the party owed (receivable - prepayment) the day
 * before the period and at its end.  The oldest are confirmed, some
 * disputed, the latest mostly still issued.  0 or -1.
 */
static int
write_statements(struct dc *d, const struct dc_party *pt)
{
    time_t t = (time_t)d->today * DAY;
    struct tm tm;
    int n = d->n_stmt++;

    gmtime_r(&t, &tm);
    for (int m = 3; m >= 1; m--) {
        struct tm from = {0}, to = {0};
        long day_from, day_to;
        char f[16], e[16];
        struct db_param p[13];
        int64_t id;
        const char *status;
        time_t created;

        from.tm_year = tm.tm_year;
        from.tm_mon = tm.tm_mon - m;
        from.tm_mday = 1;
        to.tm_year = tm.tm_year;
        to.tm_mon = tm.tm_mon - m + 1;
        to.tm_mday = 1;
        day_from = (long)(timegm(&from) / DAY);
        day_to = (long)(timegm(&to) / DAY) - 1;
        day_text(day_from, f);
        day_text(day_to, e);
        created = (time_t)(day_to + 2) * DAY + 10 * 3600;
        if (m == 2 && n % 7 == 3)
            status = "disputed";
        else if (m == 1 && n % 2 == 0)
            status = "issued";
        else
            status = "confirmed";
        if (created > d->now) {
            created = d->now - 3600;
            status = "issued";
        }
        if (db_next_id(d->db, "statement", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_INT(pt->id);
        p[2] = DB_TEXT(f);
        p[3] = DB_TEXT(e);
        p[4] = DB_INT(bucket_sum(d, "receivable", day_from - 1) -
                      bucket_sum(d, "prepayment", day_from - 1));
        p[5] = DB_INT(bucket_sum(d, "receivable", day_to) -
                      bucket_sum(d, "prepayment", day_to));
        p[6] = DB_TEXT(status);
        p[7] = strcmp(status, "disputed") == 0
                   ? DB_TEXT(disputes[(size_t)n % N_OF(disputes)])
                   : DB_NULLP;
        if (strcmp(status, "issued") == 0) {
            p[8] = DB_NULLP;
            p[9] = DB_NULLP;
        } else {
            time_t at = created + (time_t)dc_between(1, 4) * DAY;

            p[8] = DB_TS(at < d->now ? at : d->now - 60);
            p[9] = DB_INT(pt->user);
        }
        p[10] = DB_TS(created);
        p[11] = DB_INT(d->finance);
        p[12] = DB_INT(strcmp(status, "issued") == 0 ? 1 : 2);
        if (db_exec(d->db, &sql_dc_statement, p, 13, NULL) != 0)
            return -1;
    }
    return 0;
}

/* Grade history: the first grade, and for some an upgrade this year. */
static int
write_grades(struct dc *d, struct dc_party *pt)
{
    struct db_param p[7];
    int64_t id;
    int upgraded = pt->grade < G_C && dc_rng() % 5 == 0;
    int first = upgraded ? pt->grade + 1 : pt->grade;
    time_t at = d->now - (time_t)dc_between(20, 330) * DAY;

    if (pt->grade < 0 || (!upgraded && dc_rng() % 3 != 0))
        return 0;
    if (db_next_id(d->db, "grade_history", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(pt->id);
    p[2] = DB_INT(d->grades[first]);
    p[3] = DB_NULLP;
    p[4] = DB_TS(pt->created + 3 * DAY);
    p[5] = DB_INT(d->br[pt->branch].mgr_user);
    p[6] = DB_TEXT("资格审查通过，初始评级");
    if (db_exec(d->db, &sql_dc_grade_history, p, 7, NULL) != 0)
        return -1;
    if (!upgraded)
        return 0;
    if (db_next_id(d->db, "grade_history", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[2] = DB_INT(d->grades[pt->grade]);
    p[3] = DB_INT(d->grades[first]);
    p[4] = DB_TS(at);
    p[6] = DB_TEXT("年度采购额达标，评级上调");
    return db_exec(d->db, &sql_dc_grade_history, p, 7, NULL);
}

/* A login agent-<code> / dealer-<code> at the party. */
static int
write_login(struct dc *d, struct dc_party *pt)
{
    const char *role = pt->kind == DC_AGENT ? "agent" : "dealer";
    char login[48];
    struct db_param p[6];

    snprintf(login, sizeof(login), "%s-%s", role, pt->code);
    lower(login);
    if (db_next_id(d->db, "qd_user", &pt->user) != 0)
        return -1;
    p[0] = DB_INT(pt->user);
    p[1] = DB_TEXT(login);
    p[2] = DB_TEXT(pt->contact);
    p[3] = DB_TEXT(d->pw_hash);
    p[4] = DB_TS(d->now);
    p[5] = DB_TS(d->now);
    if (db_exec(d->db, &sql_dc_login, p, 6, NULL) != 0)
        return -1;
    return seed_grant_party(d->db, pt->user, role, pt->id);
}

/* Accounts, history, grades, statements and logins of every party. */
static int
load_accounts(struct dc *d)
{
    for (size_t i = 0; i < d->n_parties; i++) {
        struct dc_party *pt = &d->parties[i];
        int history = strcmp(pt->status, "approved") == 0 ||
                      strcmp(pt->status, "suspended") == 0 ||
                      strcmp(pt->status, "retired") == 0;

        d->n_entries = 0;
        if (history)
            make_history(d, pt);
        if (write_entries(d, pt) != 0 || write_account(d, pt) != 0 ||
            write_grades(d, pt) != 0)
            return -1;
        if (pt->user == -1 && write_login(d, pt) != 0)
            return -1;
        /* statements: the first agent and the first dealer with a login
         * of each branch */
        if (pt->user > 0 &&
            ((pt->kind == DC_DEALER && !d->br[pt->branch].has_stmt) ||
             (pt->kind == DC_AGENT && strstr(pt->code, "-01") != NULL))) {
            if (pt->kind == DC_DEALER)
                d->br[pt->branch].has_stmt = 1;
            if (write_statements(d, pt) != 0)
                return -1;
        }
    }
    return 0;
}

/* ---- tickets -------------------------------------------------------------
 */

/* One message of a ticket's conversation. */
struct dc_reply {
    int64_t user;
    const char *body;
    int internal;
    time_t at;
};

static int
reply(struct dc *d, int64_t ticket, int64_t user, const char *body,
      int internal, time_t at)
{
    struct db_param p[6];
    int64_t id;

    if (db_next_id(d->db, "ticket_reply", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(ticket);
    p[2] = user > 0 ? DB_INT(user) : DB_NULLP;
    p[3] = DB_TEXT(body);
    p[4] = DB_INT(internal);
    p[5] = DB_TS(at);
    return db_exec(d->db, &sql_dc_reply, p, 6, NULL);
}

/*
 * 40 tickets of parties with a login (and a few customers, entered by
 * their rep), eight in each state.  An open ticket has no answer, an
 * assigned one an assignee (and perhaps an internal note); answered,
 * resolved and closed ones a staff reply (replied_at), the last two
 * resolved_at.  Some are past respond_by or resolve_by.  0 or -1.
 */
static int
load_tickets(struct dc *d)
{
    static const char *const states[] = {"open", "assigned", "answered",
                                         "resolved", "closed"};
    size_t n_with = 0, n_cust = 0;
    size_t *with = arena_zalloc(d->a, d->n_parties * sizeof(size_t));
    size_t *cust = arena_zalloc(d->a, d->n_parties * sizeof(size_t));

    for (size_t i = 0; i < d->n_parties; i++) {
        if (d->parties[i].user > 0)
            with[n_with++] = i;
        else if (d->parties[i].kind == DC_CUSTOMER)
            cust[n_cust++] = i;
    }
    if (n_with == 0 || n_cust == 0)
        return 0;
    for (int t = 0; t < 40; t++) {
        const struct dc_party *pt =
            t % 8 == 7 ? &d->parties[cust[(size_t)t % n_cust]]
                       : &d->parties[with[(size_t)(t * 7) % n_with]];
        const struct dc_template *tp =
            &templates[(size_t)(t * 3) % N_OF(templates)];
        const char *status = states[t % 5];
        int64_t prod = 0, id, creator = pt->user > 0 ? pt->user : pt->handler;
        char order[32] = "", body[600], subject[240];
        const char *pname = "货品";
        /* open and assigned are recent, the rest older */
        long age_h = t % 5 == 0   ? (long)dc_between(2, 200)
                     : t % 5 == 1 ? (long)dc_between(8, 200)
                                  : (long)dc_between(72, 1400);
        time_t created = d->now - age_h * 3600 - (time_t)dc_between(0, 3599);
        time_t replied = 0, resolved = 0, last = created;
        struct db_param p[18];
        struct dc_reply conv[3];
        int n_replies = 0;

        if (t % 3 != 2) {
            prod = dc_between(d->prod_lo, d->prod_hi);
            if (d->prod_names[prod - d->prod_lo] != NULL)
                pname = d->prod_names[prod - d->prod_lo];
            else
                prod = 0;
        }
        if (t % 2 == 0) {
            char ymd[16];

            day_text((long)(created / DAY) - (long)dc_between(1, 10), ymd);
            snprintf(order, sizeof(order), "SO%.4s%.2s%.2s%04d", ymd, ymd + 5,
                     ymd + 8, (int)dc_between(1, 9999));
        }
        snprintf(subject, sizeof(subject), "%s", tp->subject);
        snprintf(body, sizeof(body), "%s%s%s%s%s%s", tp->body_a, pname,
                 tp->body_b, order[0] ? "（订单号 " : "", order,
                 order[0] ? "）" : "");
        if (db_next_id(d->db, "ticket", &id) != 0)
            return -1;
        /* the conversation first (written after the ticket), so that
         * replied_at and updated_at follow it */
        if (strcmp(status, "open") != 0 && t % 4 == 1) {
            last = created + (time_t)dc_between(1, 5) * 3600;
            conv[n_replies++] = (struct dc_reply){
                d->br[pt->branch].mgr_user,
                internal_notes[(size_t)t % N_OF(internal_notes)], 1, last};
        }
        if (t % 5 >= 2) {
            /* answered: in time, except a few */
            time_t at = created + (time_t)(t % 7 == 0 ? dc_between(25, 40)
                                                      : dc_between(1, 20)) *
                                      3600;

            last = at > last ? at : last + 60;
            replied = last;
            conv[n_replies++] = (struct dc_reply){
                pt->handler, staff_replies[(size_t)t % N_OF(staff_replies)], 0,
                last};
            if (pt->user > 0 && t % 3 == 0) {
                last += (time_t)dc_between(1, 6) * 3600;
                conv[n_replies++] = (struct dc_reply){
                    pt->user, party_replies[(size_t)t % N_OF(party_replies)], 0,
                    last};
            }
        }
        if (t % 5 >= 3) {
            resolved = last + (time_t)(t % 9 == 0 ? dc_between(100, 160)
                                                  : dc_between(4, 60)) *
                                  3600;
            last = resolved;
        }
        if (last > d->now)
            last = d->now - 60;
        if (resolved > d->now)
            resolved = d->now - 60;
        p[0] = DB_INT(id);
        p[1] = DB_INT(pt->id);
        p[2] = DB_TEXT(tp->kind);
        p[3] = prod > 0 ? DB_INT(prod) : DB_NULLP;
        p[4] = DB_TEXT(order);
        p[5] = DB_TEXT(tp->priority);
        p[6] = DB_TEXT(subject);
        p[7] = DB_TEXT(body);
        p[8] = DB_TEXT(status);
        p[9] = strcmp(status, "open") != 0 ? DB_INT(pt->handler) : DB_NULLP;
        p[10] = DB_INT(creator);
        p[11] = DB_TS(created);
        p[12] = DB_TS(created + 24 * 3600);
        p[13] = DB_TS(created + 120 * 3600);
        p[14] = replied > 0 ? DB_TS(replied) : DB_NULLP;
        p[15] = resolved > 0 ? DB_TS(resolved) : DB_NULLP;
        p[16] = DB_TS(last);
        p[17] = DB_INT(1 + t % 5 + n_replies);
        if (db_exec(d->db, &sql_dc_ticket, p, 18, NULL) != 0)
            return -1;
        for (int k = 0; k < n_replies; k++)
            if (reply(d, id, conv[k].user, conv[k].body, conv[k].internal,
                      conv[k].at) != 0)
                return -1;
    }
    return 0;
}

/* ---- qualification -------------------------------------------------------
 */

/*
 * The flow "party" (经销商资格审查): step 1 the branch manager in the
 * requester's chain (a rejection goes back to the requester), step 2 the
 * sales director when the proposed credit limit (the amount) is 100,000
 * yuan or more (a rejection ends it).  The parties in review are pending
 * there, submitted by their rep: those with a large proposed limit at
 * step 2 after the manager's approval.  The rejected party went through
 * it and was rejected by its manager.  0 or -1.
 */
static int
load_qualification(struct dc *d)
{
    struct db_param p[12];
    int64_t id;
    int n = 0;

    if (db_next_id(d->db, "wf_flow", &d->flow) != 0)
        return -1;
    p[0] = DB_INT(d->flow);
    if (db_exec(d->db, &sql_dc_flow, p, 1, NULL) != 0)
        return -1;
    for (int s = 1; s <= 2; s++) {
        if (db_next_id(d->db, "wf_step", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_INT(d->flow);
        p[2] = DB_INT(s);
        p[3] = DB_TEXT(s == 1 ? "分公司经理审核" : "销售总监审批");
        p[4] = DB_INT(s == 1 ? d->role_mgr : d->role_dir);
        p[5] = s == 1 ? DB_NULLP : DB_INT(DC_DIRECTOR_MIN);
        p[6] = DB_TEXT(s == 1 ? "requester" : "end");
        if (db_exec(d->db, &sql_dc_step, p, 7, NULL) != 0)
            return -1;
    }
    for (size_t i = 0; i < d->n_parties; i++) {
        const struct dc_party *pt = &d->parties[i];
        int review = strcmp(pt->status, "review") == 0;
        int rejected = strcmp(pt->status, "rejected") == 0;
        int64_t amount = (n % 2 ? 15 : 5) * 10000LL * YUAN, inst;
        int at_two = review && amount >= DC_DIRECTOR_MIN;
        time_t at = d->now - (time_t)dc_between(1, 4) * DAY;
        int n_dec = at_two || rejected ? 1 : 0;

        if (!review && !rejected)
            continue;
        n++;
        if (db_next_id(d->db, "wf_instance", &inst) != 0)
            return -1;
        p[0] = DB_INT(inst);
        p[1] = DB_INT(d->flow);
        p[2] = DB_INT(pt->id);
        p[3] = DB_INT(pt->handler);
        p[4] = DB_INT(pt->handler_unit);
        p[5] = DB_INT(amount);
        p[6] = DB_INT(at_two ? 2 : 1);
        p[7] = DB_TEXT(review ? "pending" : "rejected");
        p[8] = DB_TS(at);
        p[9] = DB_TS(at + 3600 * 5 * n_dec);
        p[10] = DB_INT(1 + n_dec);
        if (db_exec(d->db, &sql_dc_instance, p, 11, NULL) != 0)
            return -1;
        if (n_dec == 0)
            continue;
        if (db_next_id(d->db, "wf_decision", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_INT(inst);
        p[2] = DB_INT(1);
        p[3] = DB_INT(d->br[pt->branch].mgr_user);
        p[4] = DB_TEXT(rejected ? "reject" : "approve");
        p[5] = DB_TEXT(rejected ? "经营范围不含食品销售，资质不符。"
                                : "资料齐全，同意，请总监审批额度。");
        p[6] = DB_TS(at + 3600 * 5);
        if (db_exec(d->db, &sql_dc_decision, p, 7, NULL) != 0)
            return -1;
    }
    return 0;
}

/*
 * Scanned qualification documents (party_doc, small PNG pictures): the
 * business licence and tax registration of every party that applied or is
 * in review, and its bank account letter when in review; the rejected
 * party's licence refused; one approved party in 25 with its three
 * documents checked.  Applicants' documents wait for a check (pending);
 * the branch manager checked those of the parties in review.  0 or -1.
 */
static int
load_documents(struct dc *d)
{
    static const struct {
        const char *kind, *file;
        unsigned rgb[3];
    } docs[] = {
        {"licence", "营业执照.png", {200, 60, 50}},
        {"tax", "税务登记证.png", {40, 90, 170}},
        {"bank", "开户许可证.png", {40, 140, 90}},
    };
    unsigned char *png = malloc(DEMO_PNG_MAX);
    int rc = -1, n_approved = 0;

    if (png == NULL)
        return -1;
    for (size_t i = 0; i < d->n_parties; i++) {
        const struct dc_party *pt = &d->parties[i];
        int applied = !strcmp(pt->status, "applied");
        int review = !strcmp(pt->status, "review");
        int rejected = !strcmp(pt->status, "rejected");
        int approved =
            !strcmp(pt->status, "approved") && n_approved++ % 25 == 7;
        int n_docs = review || approved ? 3 : 2;
        time_t up = d->now - (time_t)dc_between(2, 6) * DAY;

        if (!applied && !review && !rejected && !approved)
            continue;
        for (int k = 0; k < n_docs; k++) {
            const char *status = applied              ? "pending"
                                 : rejected && k == 0 ? "refused"
                                 : review && k == 2   ? "pending"
                                                      : "checked";
            size_t n =
                demo_png(png, docs[k].rgb[0], docs[k].rgb[1], docs[k].rgb[2]);
            int checked = strcmp(status, "pending") != 0;
            struct db_param p[12];
            int64_t id;

            if (db_next_id(d->db, "party_doc", &id) != 0)
                goto out;
            p[0] = DB_INT(id);
            p[1] = DB_INT(pt->id);
            p[2] = DB_TEXT(docs[k].kind);
            p[3] = DB_TEXT(docs[k].file);
            p[4] = DB_INT((int64_t)n);
            p[5] = DB_BLOB(png, n);
            p[6] = DB_TEXT(status);
            p[7] = DB_TEXT(!strcmp(status, "refused")
                               ? "经营范围不含食品销售，请补充食品经营许可证。"
                               : NULL);
            p[8] = DB_TS(up + k * 600);
            p[9] = pt->handler > 0 ? DB_INT(pt->handler) : DB_NULLP;
            p[10] = checked ? DB_TS(up + DAY) : DB_NULLP;
            p[11] = checked && d->br[pt->branch].mgr_user > 0
                        ? DB_INT(d->br[pt->branch].mgr_user)
                        : DB_NULLP;
            if (db_exec(d->db, &sql_dc_doc, p, 12, NULL) != 0)
                goto out;
        }
    }
    rc = 0;
out:
    free(png);
    return rc;
}

int
demo_channel(struct db *db, const char *pw_hash)
{
    struct dc *d = calloc(1, sizeof(*d));
    int rc = -1;

    if (d == NULL)
        return -1;
    dc_state = 0x2545F4914F6CDD1DULL;
    d->db = db;
    d->a = arena_new(0);
    d->pw_hash = pw_hash;
    d->now = clock_now();
    d->today = (long)(d->now / DAY);
    if (db_exec(db, &sql_dc_policy, NULL, 0, NULL) == 0 &&
        load_context(d) == 0 && load_grades(d) == 0 && load_parties(d) == 0) {
        choose_roles(d);
        if (load_accounts(d) == 0 && load_tickets(d) == 0 &&
            load_qualification(d) == 0 && load_documents(d) == 0)
            rc = 0;
    }
    arena_free(d->a);
    free(d);
    return rc;
}
