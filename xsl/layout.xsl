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
                <li>
                  <a href="/products">
                    <xsl:if test="starts-with($route, 'products.')">
                      <xsl:attribute name="aria-current">page</xsl:attribute>
                    </xsl:if>
                    <xsl:value-of select="q:t('nav.products')"/>
                  </a>
                </li>
              </ul>
            </nav>
            <xsl:apply-templates select="meta/user"/>
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

  <xsl:template match="meta/user">
    <p class="user">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('site.signed-in-as')"/>
        <xsl:with-param name="a1" select="@name"/>
      </xsl:call-template>
    </p>
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
    fmt: output the catalog string $s with {1}, {2}, {3} replaced by $a1,
    $a2, $a3, as text (so the arguments are escaped like any data).  Each
    placeholder may appear anywhere, in any order, and at most a few times.
  -->
  <xsl:template name="fmt">
    <xsl:param name="s"/>
    <xsl:param name="a1"/>
    <xsl:param name="a2"/>
    <xsl:param name="a3"/>
    <xsl:variable name="rest" select="substring-after($s, '{')"/>
    <xsl:choose>
      <xsl:when test="contains($s, '{') and contains($rest, '}')">
        <xsl:variable name="n" select="substring-before($rest, '}')"/>
        <xsl:value-of select="substring-before($s, '{')"/>
        <xsl:choose>
          <xsl:when test="$n = '1'"><xsl:value-of select="$a1"/></xsl:when>
          <xsl:when test="$n = '2'"><xsl:value-of select="$a2"/></xsl:when>
          <xsl:when test="$n = '3'"><xsl:value-of select="$a3"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat('{', $n, '}')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="substring-after($rest, '}')"/>
          <xsl:with-param name="a1" select="$a1"/>
          <xsl:with-param name="a2" select="$a2"/>
          <xsl:with-param name="a3" select="$a3"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$s"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
