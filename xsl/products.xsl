<?xml version="1.0" encoding="UTF-8"?>
<!--
  products.xsl - the product catalogue: list (route "products.list") and
  detail (route "products.show"), told apart by the data element:
    <products ...><sort-options/><product .../>*</products>   the list
    <product ...><description/>?</product>                     one product
  (or an <error>, rendered by error.xsl).

  The list has a search form (GET /products: q, sort, dir), a table whose
  column headers re-sort, a pager (first / previous / "page X of Y" / next /
  last) that keeps q, sort and dir, and a link to the same list as XML.

  URLs: the search text is free text, so it only ever enters a URL through
  str:encode-uri($q, true()) (EXSLT, escapes & = # + and the rest); sort and
  dir are mapped to literals; page numbers are computed numbers; product
  links are built from the id.  Display values are preformatted by C
  (price-text); nothing is formatted per row here.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- List                                                             -->
  <!-- ================================================================ -->

  <xsl:template match="page/products" mode="title">
    <xsl:value-of select="q:t('products.title')"/>
  </xsl:template>

  <!-- The query string shared by every link of the list: q, sort, dir. -->
  <xsl:template match="page/products" mode="query">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:text>sort=</xsl:text>
    <xsl:call-template name="sort-key"/>
    <xsl:text>&amp;dir=</xsl:text>
    <xsl:call-template name="dir-key"/>
  </xsl:template>

  <xsl:template match="page/products" mode="head">
    <xsl:variable name="query">
      <xsl:apply-templates select="." mode="query"/>
    </xsl:variable>
    <link rel="alternate" type="application/xml"
        href="/products.xml?{$query}&amp;page={number(@page)}"/>
  </xsl:template>

  <xsl:template match="page/products" mode="content">
    <xsl:variable name="query">
      <xsl:apply-templates select="." mode="query"/>
    </xsl:variable>
    <xsl:variable name="sort">
      <xsl:call-template name="sort-key"/>
    </xsl:variable>
    <xsl:variable name="dir">
      <xsl:call-template name="dir-key"/>
    </xsl:variable>
    <!-- The query string without sort and dir, for the column headers. -->
    <xsl:variable name="qpart">
      <xsl:if test="string(@q) != ''">
        <xsl:text>q=</xsl:text>
        <xsl:value-of select="str:encode-uri(string(@q), true())"/>
        <xsl:text>&amp;</xsl:text>
      </xsl:if>
    </xsl:variable>

    <div class="page-head">
      <h1><xsl:value-of select="q:t('products.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="application/xml"
            href="/products.xml?{$query}&amp;page={number(@page)}"
            title="{q:t('products.xml-title')}">
          <xsl:value-of select="q:t('products.xml')"/>
        </a>
      </p>
    </div>

    <form class="search" method="get" action="/products" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('search.label')"/></label>
        <input type="search" id="q" name="q" value="{@q}"
            placeholder="{q:t('search.placeholder')}"/>
      </div>
      <div class="field">
        <label for="sort"><xsl:value-of select="q:t('search.sort')"/></label>
        <select id="sort" name="sort" class="autosubmit">
          <xsl:apply-templates select="sort-options/option">
            <xsl:with-param name="sort" select="string($sort)"/>
          </xsl:apply-templates>
        </select>
      </div>
      <div class="field">
        <label for="dir"><xsl:value-of select="q:t('search.dir')"/></label>
        <select id="dir" name="dir" class="autosubmit">
          <option value="asc">
            <xsl:if test="$dir = 'asc'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('dir.asc')"/>
          </option>
          <option value="desc">
            <xsl:if test="$dir = 'desc'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('dir.desc')"/>
          </option>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('search.submit')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="product">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('products.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('products.table')}">
          <table class="list products">
            <thead>
              <tr>
                <xsl:call-template name="th-sort">
                  <xsl:with-param name="col" select="'code'"/>
                  <xsl:with-param name="label" select="q:t('col.code')"/>
                  <xsl:with-param name="qpart" select="string($qpart)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <xsl:call-template name="th-sort">
                  <xsl:with-param name="col" select="'name'"/>
                  <xsl:with-param name="label" select="q:t('col.name')"/>
                  <xsl:with-param name="qpart" select="string($qpart)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('col.spec')"/></th>
                <th scope="col"><xsl:value-of select="q:t('col.unit')"/></th>
                <xsl:call-template name="th-sort">
                  <xsl:with-param name="col" select="'category'"/>
                  <xsl:with-param name="label" select="q:t('col.category')"/>
                  <xsl:with-param name="qpart" select="string($qpart)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <xsl:call-template name="th-sort">
                  <xsl:with-param name="col" select="'price'"/>
                  <xsl:with-param name="label" select="q:t('col.price')"/>
                  <xsl:with-param name="qpart" select="string($qpart)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('col.status')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="product" mode="row"/>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:when test="string(@q) != ''">
        <div class="empty">
          <p>
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('products.no-match')"/>
              <xsl:with-param name="a1" select="@q"/>
            </xsl:call-template>
          </p>
          <p><a href="/products"><xsl:value-of select="q:t('products.show-all')"/></a></p>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('products.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 0">
      <xsl:call-template name="pager">
        <xsl:with-param name="base" select="concat('/products?', $query, '&amp;page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- One <option> of the sort select; only the known columns, as literals. -->
  <xsl:template match="sort-options/option">
    <xsl:param name="sort"/>
    <xsl:variable name="key">
      <xsl:choose>
        <xsl:when test="@value = 'code'">code</xsl:when>
        <xsl:when test="@value = 'name'">name</xsl:when>
        <xsl:when test="@value = 'price'">price</xsl:when>
        <xsl:when test="@value = 'category'">category</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($key) != ''">
      <option value="{$key}">
        <xsl:if test="$key = $sort">
          <xsl:attribute name="selected">selected</xsl:attribute>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="$key = 'code'"><xsl:value-of select="q:t('col.code')"/></xsl:when>
          <xsl:when test="$key = 'name'"><xsl:value-of select="q:t('col.name')"/></xsl:when>
          <xsl:when test="$key = 'price'"><xsl:value-of select="q:t('col.price')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="q:t('col.category')"/></xsl:otherwise>
        </xsl:choose>
      </option>
    </xsl:if>
  </xsl:template>

  <!-- The list's sort column as a literal (context: <products>). -->
  <xsl:template name="sort-key">
    <xsl:choose>
      <xsl:when test="@sort = 'name'">name</xsl:when>
      <xsl:when test="@sort = 'price'">price</xsl:when>
      <xsl:when test="@sort = 'category'">category</xsl:when>
      <xsl:otherwise>code</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The list's direction as a literal (context: <products>). -->
  <xsl:template name="dir-key">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    A column header that re-sorts the list by $col (a literal from the
    caller): ascending, or the other way round when it is the current sort.
  -->
  <xsl:template name="th-sort">
    <xsl:param name="col"/>
    <xsl:param name="label"/>
    <xsl:param name="qpart"/>
    <xsl:param name="sort"/>
    <xsl:param name="dir"/>
    <xsl:param name="class"/>
    <th scope="col">
      <xsl:if test="$class != ''">
        <xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$col = $sort and $dir = 'desc'">
          <xsl:attribute name="aria-sort">descending</xsl:attribute>
          <a class="sort sort-desc" href="/products?{$qpart}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25BC;</span>
            <span class="visually-hidden">
              <xsl:text> (</xsl:text>
              <xsl:value-of select="q:t('products.sorted-desc')"/>
              <xsl:text>)</xsl:text>
            </span>
          </a>
        </xsl:when>
        <xsl:when test="$col = $sort">
          <xsl:attribute name="aria-sort">ascending</xsl:attribute>
          <a class="sort sort-asc" href="/products?{$qpart}sort={$col}&amp;dir=desc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25B2;</span>
            <span class="visually-hidden">
              <xsl:text> (</xsl:text>
              <xsl:value-of select="q:t('products.sorted-asc')"/>
              <xsl:text>)</xsl:text>
            </span>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <a class="sort" href="/products?{$qpart}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
          </a>
        </xsl:otherwise>
      </xsl:choose>
    </th>
  </xsl:template>

  <!-- Status labels, looked up once per page rather than once per row. -->
  <xsl:variable name="status-active" select="q:t('product.status.active')"/>
  <xsl:variable name="status-new" select="q:t('product.status.new')"/>
  <xsl:variable name="status-discontinued" select="q:t('product.status.discontinued')"/>

  <!-- The status badge of a product (context: <product>). -->
  <xsl:template name="status">
    <xsl:choose>
      <xsl:when test="@status = 'active'">
        <span class="status status-active"><xsl:value-of select="$status-active"/></span>
      </xsl:when>
      <xsl:when test="@status = 'new'">
        <span class="status status-new"><xsl:value-of select="$status-new"/></span>
      </xsl:when>
      <xsl:when test="@status = 'discontinued'">
        <span class="status status-discontinued"><xsl:value-of select="$status-discontinued"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status"><xsl:value-of select="@status"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One row of the list: one element, its fields as attributes. -->
  <xsl:template match="products/product" mode="row">
    <tr>
      <td class="code"><a href="/products/{@id}"><xsl:value-of select="@code"/></a></td>
      <td class="name"><xsl:value-of select="@name"/></td>
      <td><xsl:value-of select="@spec"/></td>
      <td><xsl:value-of select="@unit"/></td>
      <td><xsl:value-of select="@category"/></td>
      <td class="num"><xsl:value-of select="@price-text"/></td>
      <td><xsl:call-template name="status"/></td>
    </tr>
  </xsl:template>

  <!--
    The pager: first / previous / "page X of Y" / next / last.  $base ends
    in "page=" and carries q, sort and dir; $page and $pages are numbers.
    A page past the end (rows deleted meanwhile) still leads back.
  -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:param name="page"/>
    <xsl:param name="pages"/>
    <nav class="pager" aria-label="{q:t('pager.label')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('pager.first')"/></a></li>
            <li>
              <a rel="prev">
                <xsl:attribute name="href">
                  <xsl:value-of select="$base"/>
                  <xsl:choose>
                    <xsl:when test="$page &gt; $pages"><xsl:value-of select="$pages"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="$page - 1"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:value-of select="q:t('pager.prev')"/>
              </a>
            </li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.first')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.prev')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
        <li class="pager-status" aria-current="page">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('pager.status')"/>
            <xsl:with-param name="a1" select="$page"/>
            <xsl:with-param name="a2" select="$pages"/>
          </xsl:call-template>
        </li>
        <xsl:choose>
          <xsl:when test="$page &lt; $pages">
            <li><a href="{$base}{$page + 1}" rel="next"><xsl:value-of select="q:t('pager.next')"/></a></li>
            <li><a href="{$base}{$pages}" rel="last"><xsl:value-of select="q:t('pager.last')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.next')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.last')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
      </ul>
    </nav>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Detail                                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/product" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/product" mode="content">
    <p class="back">
      <a href="/products"><xsl:value-of select="q:t('product.back')"/></a>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub">
        <code><xsl:value-of select="@code"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="status"/>
      </p>
    </div>

    <dl class="fields">
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.code')"/>
        <xsl:with-param name="value" select="@code"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.name')"/>
        <xsl:with-param name="value" select="@name"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.spec')"/>
        <xsl:with-param name="value" select="@spec"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.unit')"/>
        <xsl:with-param name="value" select="@unit"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.pack-qty')"/>
        <xsl:with-param name="value" select="@pack-qty"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.barcode')"/>
        <xsl:with-param name="value" select="@barcode"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.brand')"/>
        <xsl:with-param name="value" select="@brand"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.category')"/>
        <xsl:with-param name="value" select="@category"/>
      </xsl:call-template>
      <xsl:if test="string(@price-text) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('col.price')"/></dt>
          <dd class="num"><xsl:value-of select="@price-text"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('col.status')"/></dt>
        <dd><xsl:call-template name="status"/></dd>
      </div>
      <xsl:if test="string(@launch-on) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('col.launch-on')"/></dt>
          <dd><time datetime="{@launch-on}"><xsl:value-of select="@launch-on"/></time></dd>
        </div>
      </xsl:if>
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="q:t('col.version')"/>
        <xsl:with-param name="value" select="@version"/>
      </xsl:call-template>
      <xsl:if test="string(@created-at) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('col.created-at')"/></dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></dd>
        </div>
      </xsl:if>
      <xsl:if test="string(@updated-at) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('col.updated-at')"/></dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@updated-at"/></xsl:call-template></dd>
        </div>
      </xsl:if>
    </dl>

    <section class="description">
      <h2><xsl:value-of select="q:t('col.description')"/></h2>
      <xsl:choose>
        <xsl:when test="normalize-space(description) != ''">
          <p class="pre-line"><xsl:value-of select="description"/></p>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('product.no-description')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- One dt/dd pair, left out when the value is absent or empty. -->
  <xsl:template name="field">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!--
    An xs:dateTime from C (UTC, "2026-01-05T08:00:00Z") shown as
    "2026-01-05 08:00:00 UTC"; any other form is shown as it is.
  -->
  <xsl:template name="timestamp">
    <xsl:param name="t"/>
    <time datetime="{$t}">
      <xsl:choose>
        <xsl:when test="string-length($t) = 20 and substring($t, 20) = 'Z'">
          <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 8), ' ')"/>
          <xsl:value-of select="q:t('time.utc')"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="$t"/>
        </xsl:otherwise>
      </xsl:choose>
    </time>
  </xsl:template>

</xsl:stylesheet>
