/*
 * routes.c - the routes of the products module: the parameters each page
 * takes and the table the dispatcher walks (products_module, listed in
 * src/modules.c).  See products_int.h.
 */
#include <stdint.h>

#include "products_int.h"

#include "../../core/ctx.h"

#define PRODUCT_FIELD_MAX 4000 /* the parameter table's cap; form_* checks */

static const char *const dirs[] = {"asc", "desc", NULL};

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n)  P_FIELD(n, PRODUCT_FIELD_MAX)
#define F_MULTI(n) P_FIELD_MULTI(n, PRODUCT_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH, P_SORT(pd_sort_keys), P_DIR(dirs), P_PAGE, P_END,
};
static const struct param_spec new_list_params[] = {
    P_PAGE,
    P_END,
};
static const struct param_spec form_params[] = {
    F_TEXT("code"),       F_TEXT("name"),
    F_TEXT("spec"),       F_TEXT("unit"),
    F_TEXT("pack_qty"),   F_TEXT("barcode"),
    F_TEXT("brand"),      F_TEXT("category"),
    F_TEXT("status"),     F_TEXT("launch_on"),
    F_TEXT("list_price"), F_MULTI("description"),
    F_TEXT("version"),    P_END,
};
static const struct param_spec version_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec no_params[] = {
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/products",                             "products.list",         "product.view", "products.xsl", pd_list,         list_params,     ROUTE_CSV},
    {REQ_GET,  "/products/new-arrivals",                "products.new_arrivals", "product.view", "products.xsl", pd_new_arrivals, new_list_params, ROUTE_CSV},
    {REQ_GET,  "/products/new",                         "products.new",          "product.edit", "products.xsl", pd_new,          NULL,            0},
    {REQ_POST, "/products/new",                         "products.create",       "product.edit", "products.xsl", pd_create,       form_params,     0},
    {REQ_GET,  "/products/{id}",                        "products.show",         "product.view", "products.xsl", pd_show,         NULL,            0},
    {REQ_GET,  "/products/{id}/edit",                   "products.edit",         "product.edit", "products.xsl", pd_edit,         NULL,            0},
    {REQ_POST, "/products/{id}/edit",                   "products.update",       "product.edit", "products.xsl", pd_update,       form_params,     0},
    {REQ_POST, "/products/{id}/retire",                 "products.retire",       "product.edit", "products.xsl", pd_retire,       version_params,  0},
    {REQ_POST, "/products/{id}/images",                 "products.image_upload", "product.edit", "products.xsl", pd_image_upload, no_params,       ROUTE_UPLOAD},
    {REQ_GET,  "/products/{id}/images/{image}",         "products.image",        "product.view", NULL,           pd_image,        NULL,            ROUTE_RAW},
    {REQ_POST, "/products/{id}/images/{image}/delete",  "products.image_delete", "product.edit", "products.xsl", pd_image_delete, no_params,       0},
};
/* clang-format on */

const struct module products_module = {"products", routes,
                                       sizeof(routes) / sizeof(routes[0])};
