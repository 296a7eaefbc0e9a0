<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl - the page frame shared by every Qudao page.

  Input: one <page> document as described in xsl/README.md (validated by
  schema/xsd/page.xsd).  Output: an HTML5 page.

  Page stylesheets (home.xsl, products.xsl, error.xsl, ...) import this file
  and provide, for their data element (the child of <page> that is not
  <meta> or <messages>):
    mode="title"    the text before " - company" in <title> (optional)
    mode="head"     extra <link> elements in <head> (optional)
    mode="content"  the body of <main> (required)
  and may call the named templates here:
    fmt             a catalog string with {1} {2} {3} filled in, as text
    csrf-field      the hidden csrf input of every POST form
    field-errors    the messages about one form field (message/@field)
    field-aria      aria-invalid / aria-describedby for that field

  The header shows the nav links the user's permissions allow
  (/page/meta/perms; "*" grants all), and the user with a link to
  /account and a logout button (POST /logout with the csrf token), or a
  link to /login for an anonymous visitor.

  Rules kept here and in every page (see xsl/README.md):
  - all UI text comes from q:t('key') (xsl/i18n/*.xml);
  - no disable-output-escaping, no <script>/<style> content, no style=""
    or on*="" attributes (the Content-Security-Policy forbids them anyway);
  - URL attributes are built only from fixed paths, ids, literal choices
    and str:encode-uri()'d text, never from raw free text;
  - no "//" in patterns, no xsl:number, no xsl:key, no per-row
    format-number: C gives preformatted text attributes (price-text).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <!-- The route names the page for the nav ("home", "products.list"). -->
  <xsl:variable name="route" select="string(/page/@route)"/>

  <!-- The user's permissions (empty when anonymous).  "perm X" below means
       $user-perms[@name = 'X' or @name = '*']: only which links to show,
       the server checks every request again. -->
  <xsl:variable name="user-perms" select="/page/meta/perms/perm"/>
  <!-- "*" held: every link shows, with one test per link instead of two. -->
  <xsl:variable name="all-perms" select="boolean($user-perms[@name = '*'])"/>

  <!-- Only ever 'classic' or 'slate': chosen from literals, never pasted. -->
  <xsl:variable name="theme">
    <xsl:choose>
      <xsl:when test="/page/meta/theme = 'slate'">slate</xsl:when>
      <xsl:otherwise>classic</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:apply-templates select="page"/>
  </xsl:template>

  <xsl:template match="/page">
    <xsl:variable name="data" select="*[not(self::meta) and not(self::messages)]"/>
    <xsl:variable name="title">
      <xsl:apply-templates select="$data" mode="title"/>
    </xsl:variable>
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="meta/lang = 'zh-CN'">zh-CN</xsl:when>
          <xsl:otherwise>en</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:if test="string($title) != ''">
            <xsl:value-of select="$title"/>
            <xsl:text> - </xsl:text>
          </xsl:if>
          <xsl:value-of select="meta/company"/>
        </title>
        <link rel="icon" type="image/svg+xml" href="/static/favicon.svg"/>
        <link rel="stylesheet" href="/static/qudao.css"/>
        <xsl:choose>
          <xsl:when test="$theme = 'slate'">
            <link rel="stylesheet" href="/static/theme-slate.css"/>
          </xsl:when>
          <xsl:otherwise>
            <link rel="stylesheet" href="/static/theme-classic.css"/>
          </xsl:otherwise>
        </xsl:choose>
        <script src="/static/qudao.js" defer="defer"></script>
        <xsl:apply-templates select="$data" mode="head"/>
      </head>
      <body class="theme-{$theme}">
        <a class="skip-link" href="#main">
          <xsl:value-of select="q:t('site.skip')"/>
        </a>
        <div class="shell">
          <header class="site-header">
            <p class="brand">
              <a href="/"><xsl:value-of select="meta/company"/></a>
            </p>
            <button type="button" class="nav-toggle" aria-controls="site-nav"
                aria-expanded="false" hidden="hidden">
              <span class="nav-toggle-icon" aria-hidden="true"></span>
              <xsl:value-of select="q:t('site.menu')"/>
            </button>
            <nav id="site-nav" class="site-nav" aria-label="{q:t('site.nav')}">
              <ul>
                <li>
                  <a href="/">
                    <xsl:if test="$route = 'home'">
                      <xsl:attribute name="aria-current">page</xsl:attribute>
                    </xsl:if>
                    <xsl:value-of select="q:t('nav.home')"/>
                  </a>
                </li>
                <xsl:if test="$all-perms or $user-perms[@name = 'product.view']">
                  <li>
                    <a href="/products">
                      <xsl:if test="starts-with($route, 'products.')">
                        <xsl:attribute name="aria-current">page</xsl:attribute>
                      </xsl:if>
                      <xsl:value-of select="q:t('nav.products')"/>
                    </a>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'cart.use']">
                  <li>
                    <a href="/cart">
                      <xsl:if test="starts-with($route, 'cart.')">
                        <xsl:attribute name="aria-current">page</xsl:attribute>
                      </xsl:if>
                      <xsl:value-of select="q:t('nav.cart')"/>
                    </a>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'order.view']">
                  <li>
                    <a href="/orders">
                      <xsl:if test="starts-with($route, 'order.')">
                        <xsl:attribute name="aria-current">page</xsl:attribute>
                      </xsl:if>
                      <xsl:value-of select="q:t('nav.orders')"/>
                    </a>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'price.view'] or $user-perms[@name = 'promo.view']">
                  <li class="nav-group">
                    <xsl:if test="(starts-with($route, 'price.')) or (starts-with($route, 'promo.'))">
                      <xsl:attribute name="class">nav-group current</xsl:attribute>
                    </xsl:if>
                    <button type="button" class="nav-group-label" aria-expanded="false">
                      <xsl:value-of select="q:t('nav.group.pricing')"/>
                    </button>
                    <ul>
                      <xsl:if test="$all-perms or $user-perms[@name = 'price.view']">
                        <li>
                          <a href="/prices">
                            <xsl:if test="starts-with($route, 'price.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.prices')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'promo.view']">
                        <li>
                          <a href="/promotions">
                            <xsl:if test="starts-with($route, 'promo.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.promotions')"/>
                          </a>
                        </li>
                      </xsl:if>
                    </ul>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'stock.view']">
                  <li>
                    <a href="/stock">
                      <xsl:if test="starts-with($route, 'stock') or starts-with($route, 'warehouse.') or starts-with($route, 'consign.')">
                        <xsl:attribute name="aria-current">page</xsl:attribute>
                      </xsl:if>
                      <xsl:value-of select="q:t('nav.stock')"/>
                    </a>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'grade.edit'] or $user-perms[@name = 'party.qualify'] or $user-perms[@name = 'party.view'] or $user-perms[@name = 'ticket.view']">
                  <li class="nav-group">
                    <xsl:if test="(starts-with($route, 'party.')) or (starts-with($route, 'grade.')) or ($route = 'channel.map') or ($route = 'channel.queue') or (starts-with($route, 'ticket.'))">
                      <xsl:attribute name="class">nav-group current</xsl:attribute>
                    </xsl:if>
                    <button type="button" class="nav-group-label" aria-expanded="false">
                      <xsl:value-of select="q:t('nav.group.channel')"/>
                    </button>
                    <ul>
                      <xsl:if test="$all-perms or $user-perms[@name = 'party.view']">
                        <li>
                          <a href="/parties">
                            <xsl:if test="starts-with($route, 'party.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.parties')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'grade.edit']">
                        <li>
                          <a href="/grades">
                            <xsl:if test="starts-with($route, 'grade.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.grades')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'party.view']">
                        <li>
                          <a href="/channel/map">
                            <xsl:if test="$route = 'channel.map'">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.channel-map')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'party.qualify']">
                        <li>
                          <a href="/qualify">
                            <xsl:if test="$route = 'channel.queue'">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.qualify')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'ticket.view']">
                        <li>
                          <a href="/tickets">
                            <xsl:if test="starts-with($route, 'ticket.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.tickets')"/>
                          </a>
                        </li>
                      </xsl:if>
                    </ul>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'ledger.view']">
                  <li class="nav-group">
                    <xsl:if test="(starts-with($route, 'ledger.')) or ($route = 'statement.ageing') or (starts-with($route, 'statement.') and $route != 'statement.ageing')">
                      <xsl:attribute name="class">nav-group current</xsl:attribute>
                    </xsl:if>
                    <button type="button" class="nav-group-label" aria-expanded="false">
                      <xsl:value-of select="q:t('nav.group.finance')"/>
                    </button>
                    <ul>
                      <xsl:if test="$all-perms or $user-perms[@name = 'ledger.view']">
                        <li>
                          <a href="/accounts">
                            <xsl:if test="starts-with($route, 'ledger.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.accounts')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'ledger.view']">
                        <li>
                          <a href="/receivables/ageing">
                            <xsl:if test="$route = 'statement.ageing'">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.ageing')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'ledger.view']">
                        <li>
                          <a href="/statements">
                            <xsl:if test="starts-with($route, 'statement.') and $route != 'statement.ageing'">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.statements')"/>
                          </a>
                        </li>
                      </xsl:if>
                    </ul>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'leave.request'] or $user-perms[@name = 'org.view'] or $user-perms[@name = 'staff.view'] or $user-perms[@name = 'workflow.view']">
                  <li class="nav-group">
                    <xsl:if test="($route = 'org' or starts-with($route, 'org.')) or ($route = 'staff' or starts-with($route, 'staff.')) or (starts-with($route, 'workflow.')) or (starts-with($route, 'leave.'))">
                      <xsl:attribute name="class">nav-group current</xsl:attribute>
                    </xsl:if>
                    <button type="button" class="nav-group-label" aria-expanded="false">
                      <xsl:value-of select="q:t('nav.group.people')"/>
                    </button>
                    <ul>
                      <xsl:if test="$all-perms or $user-perms[@name = 'org.view']">
                        <li>
                          <a href="/org">
                            <xsl:if test="$route = 'org' or starts-with($route, 'org.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.org')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'staff.view']">
                        <li>
                          <a href="/staff">
                            <xsl:if test="$route = 'staff' or starts-with($route, 'staff.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.staff')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'workflow.view']">
                        <li>
                          <a href="/workflow/inbox">
                            <xsl:if test="starts-with($route, 'workflow.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.inbox')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'leave.request']">
                        <li>
                          <a href="/leave">
                            <xsl:if test="starts-with($route, 'leave.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.leave')"/>
                          </a>
                        </li>
                      </xsl:if>
                    </ul>
                  </li>
                </xsl:if>
                <xsl:if test="$all-perms or $user-perms[@name = 'audit.view'] or $user-perms[@name = 'role.view'] or $user-perms[@name = 'setting.edit'] or $user-perms[@name = 'user.view']">
                  <li class="nav-group">
                    <xsl:if test="($route = 'admin.users' or starts-with($route, 'admin.users.')) or ($route = 'admin.roles' or starts-with($route, 'admin.roles.')) or ($route = 'admin.audit' or starts-with($route, 'admin.audit.')) or ($route = 'admin.settings' or starts-with($route, 'admin.settings.'))">
                      <xsl:attribute name="class">nav-group current</xsl:attribute>
                    </xsl:if>
                    <button type="button" class="nav-group-label" aria-expanded="false">
                      <xsl:value-of select="q:t('nav.group.admin')"/>
                    </button>
                    <ul>
                      <xsl:if test="$all-perms or $user-perms[@name = 'user.view']">
                        <li>
                          <a href="/admin/users">
                            <xsl:if test="$route = 'admin.users' or starts-with($route, 'admin.users.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.users')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'role.view']">
                        <li>
                          <a href="/admin/roles">
                            <xsl:if test="$route = 'admin.roles' or starts-with($route, 'admin.roles.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.roles')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'audit.view']">
                        <li>
                          <a href="/admin/audit">
                            <xsl:if test="$route = 'admin.audit' or starts-with($route, 'admin.audit.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.audit')"/>
                          </a>
                        </li>
                      </xsl:if>
                      <xsl:if test="$all-perms or $user-perms[@name = 'setting.edit']">
                        <li>
                          <a href="/admin/settings">
                            <xsl:if test="$route = 'admin.settings' or starts-with($route, 'admin.settings.')">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:value-of select="q:t('nav.settings')"/>
                          </a>
                        </li>
                      </xsl:if>
                    </ul>
                  </li>
                </xsl:if>
              </ul>
            </nav>
            <xsl:choose>
              <xsl:when test="meta/user">
                <xsl:apply-templates select="meta/user"/>
              </xsl:when>
              <xsl:otherwise>
                <div class="user user-anonymous">
                  <a class="user-login" href="/login">
                    <xsl:if test="$route = 'login'">
                      <xsl:attribute name="aria-current">page</xsl:attribute>
                    </xsl:if>
                    <xsl:value-of select="q:t('nav.login')"/>
                  </a>
                </div>
              </xsl:otherwise>
            </xsl:choose>
          </header>
          <main id="main" class="content" tabindex="-1">
            <xsl:apply-templates select="messages"/>
            <xsl:apply-templates select="$data" mode="content"/>
          </main>
          <footer class="site-footer">
            <p>
              <xsl:value-of select="q:t('site.request-id')"/>
              <xsl:value-of select="q:t('punct.colon')"/>
              <code><xsl:value-of select="meta/request-id"/></code>
            </p>
          </footer>
        </div>
      </body>
    </html>
  </xsl:template>

  <!-- The logged-in user: name, a link to the account, and logging out,
       which changes state and so is a POST with the CSRF token. -->
  <xsl:template match="meta/user">
    <div class="user" role="group" aria-label="{q:t('site.user')}">
      <span class="user-name">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('site.signed-in-as')"/>
          <xsl:with-param name="a1" select="@name"/>
        </xsl:call-template>
      </span>
      <xsl:text> </xsl:text>
      <a class="user-account" href="/account">
        <xsl:if test="$route = 'account' or starts-with($route, 'account.')">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="q:t('nav.account')"/>
      </a>
      <xsl:text> </xsl:text>
      <form class="logout" method="post" action="/logout">
        <xsl:call-template name="csrf-field"/>
        <button type="submit" class="link-button">
          <xsl:value-of select="q:t('nav.logout')"/>
        </button>
      </form>
    </div>
  </xsl:template>

  <!--
    csrf-field: the hidden CSRF token every POST form carries (from
    /page/meta/csrf).  Call it inside each <form method="post">.
  -->
  <xsl:template name="csrf-field">
    <input type="hidden" name="csrf" value="{/page/meta/csrf}"/>
  </xsl:template>

  <!--
    field-errors: the messages about one form field (message/@field =
    $name), for a page to show next to that field; nothing when there are
    none.  Give the field aria-describedby="{$name}-errors" through
    field-aria (below) so screen readers read them with the field.
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'password'"/>
      </xsl:call-template>
    (The frame lists every message above the content as well.)
  -->
  <xsl:template name="field-errors">
    <xsl:param name="name"/>
    <xsl:variable name="msgs" select="/page/messages/message[@field = $name]"/>
    <xsl:if test="$msgs">
      <ul class="field-errors" id="{$name}-errors">
        <xsl:for-each select="$msgs">
          <li>
            <xsl:choose>
              <xsl:when test="@level = 'warning'">
                <xsl:attribute name="class">field-error msg-warning</xsl:attribute>
              </xsl:when>
              <xsl:when test="@level = 'info'">
                <xsl:attribute name="class">field-error msg-info</xsl:attribute>
              </xsl:when>
              <xsl:otherwise>
                <xsl:attribute name="class">field-error msg-error</xsl:attribute>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:value-of select="."/>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!--
    field-aria: call first thing inside an <input>/<select>/<textarea>:
    when an error message names the field $name, adds aria-invalid="true";
    aria-describedby names the id $hint of a hint text (optional, a
    literal of the caller) and the list field-errors writes, when any.
  -->
  <xsl:template name="field-aria">
    <xsl:param name="name"/>
    <xsl:param name="hint" select="''"/>
    <xsl:variable name="msgs" select="/page/messages/message[@field = $name]"/>
    <xsl:if test="$msgs[@level = 'error']">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$msgs or string($hint) != ''">
      <xsl:attribute name="aria-describedby">
        <xsl:value-of select="$hint"/>
        <xsl:if test="$msgs">
          <xsl:if test="string($hint) != ''">
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:value-of select="concat($name, '-errors')"/>
        </xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- Messages from the handler (saved, warnings, field errors). -->
  <xsl:template match="page/messages">
    <xsl:if test="message">
      <ul class="messages" aria-label="{q:t('site.messages')}">
        <xsl:apply-templates select="message"/>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template match="messages/message">
    <li>
      <xsl:choose>
        <xsl:when test="@level = 'error'">
          <xsl:attribute name="class">msg msg-error</xsl:attribute>
          <xsl:attribute name="role">alert</xsl:attribute>
        </xsl:when>
        <xsl:when test="@level = 'warning'">
          <xsl:attribute name="class">msg msg-warning</xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="class">msg msg-info</xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="."/>
    </li>
  </xsl:template>

  <!-- Defaults: a data element no page stylesheet knows renders nothing
       (instead of the built-in rule dumping its text). -->
  <xsl:template match="*" mode="title"/>
  <xsl:template match="*" mode="head"/>
  <xsl:template match="*" mode="content"/>

  <!--
    An xs:dateTime from C (UTC: "2026-01-05T08:00:00Z", or with
    milliseconds) shown as "2026-01-05 08:00:00 UTC" in a <time>; any
    other form is shown as it is.  Every module's pages call this one.
  -->
  <xsl:template name="timestamp">
    <xsl:param name="t"/>
    <time datetime="{$t}">
      <xsl:choose>
        <xsl:when test="string-length($t) &gt;= 20 and substring($t, string-length($t)) = 'Z'
                        and substring($t, 11, 1) = 'T'">
          <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 8), ' ')"/>
          <xsl:value-of select="q:t('time.utc')"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="$t"/>
        </xsl:otherwise>
      </xsl:choose>
    </time>
  </xsl:template>

  <!--
    fmt: output the catalog string $s with {1}, {2}, {3} replaced by $a1,
    $a2, $a3, as text (so the arguments are escaped like any data).  Each
    placeholder may appear anywhere, in any order, any number of times;
    another {...} stays as it is.  q:fmt() does it in C (render.c,
    render_fmt): the same written as a recursion of this template cost
    ~20,000 instructions a call.
  -->
  <xsl:template name="fmt">
    <xsl:param name="s"/>
    <xsl:param name="a1"/>
    <xsl:param name="a2"/>
    <xsl:param name="a3"/>
    <xsl:value-of select="q:fmt($s, $a1, $a2, $a3)"/>
  </xsl:template>

</xsl:stylesheet>
