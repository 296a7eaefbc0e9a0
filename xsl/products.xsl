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

  <xsl:import href="error.xsl"/>
  <xsl:include href="explain.xsl"/>

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
        <xsl:text> </xsl:text>
        <a class="format-link" type="text/csv" href="/products.csv?{$query}">
          <xsl:value-of select="q:t('catalog.csv')"/>
        </a>
      </p>
      <p class="actions">
        <a href="/products/new-arrivals"><xsl:value-of select="q:t('catalog.new-arrivals')"/></a>
        <xsl:if test="/page/meta/perms/perm[@name = 'product.edit' or @name = '*']">
          <xsl:text> </xsl:text>
          <a class="button" href="/products/new"><xsl:value-of select="q:t('catalog.add')"/></a>
        </xsl:if>
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
            <xsl:with-param name="a3">
              <xsl:value-of select="format-number(@total, '#,##0')"/>
              <xsl:if test="@more = 'true'">+</xsl:if>
            </xsl:with-param>
          </xsl:call-template>
        </p>
        <!-- a common search lists the first @total matches only -->
        <xsl:if test="@more = 'true'">
          <p class="note msg-warning more">
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('catalog.search-more')"/>
              <xsl:with-param name="a1" select="@total"/>
            </xsl:call-template>
          </p>
        </xsl:if>
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
                <xsl:if test="product/@your-price">
                  <th scope="col" class="num"><xsl:value-of select="q:t('catalog.your-price')"/></th>
                </xsl:if>
                <th scope="col"><xsl:value-of select="q:t('col.status')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="product" mode="row">
                <xsl:with-param name="your-price" select="boolean(product/@your-price)"/>
              </xsl:apply-templates>
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
  <!-- $your-price: whether the list has the column, decided once by the
       caller (tested per row, "../product/@your-price" scanned every row's
       attributes for every row: a third of the page's render). -->
  <xsl:template match="products/product | new-products/product" mode="row">
    <xsl:param name="your-price" select="boolean(../product/@your-price)"/>
    <tr>
      <td class="code"><a href="/products/{@id}"><xsl:value-of select="@code"/></a></td>
      <td class="name"><xsl:value-of select="@name"/></td>
      <td><xsl:value-of select="@spec"/></td>
      <td><xsl:value-of select="@unit"/></td>
      <td><xsl:value-of select="@category"/></td>
      <td class="num"><xsl:value-of select="@price-text"/></td>
      <xsl:if test="$your-price">
        <td class="num your-price"><xsl:value-of select="@your-price-text"/></td>
      </xsl:if>
      <xsl:if test="parent::new-products">
        <td><time datetime="{@launch-on}"><xsl:value-of select="@launch-on"/></time></td>
      </xsl:if>
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
        <xsl:if test="@is-new = 'true' and @status != 'new'">
          <xsl:text> </xsl:text>
          <span class="badge badge-new"><xsl:value-of select="q:t('catalog.new-flag')"/></span>
        </xsl:if>
      </p>
      <xsl:if test="@can-edit = 'true' or @can-price = 'true'">
        <p class="actions">
          <xsl:if test="@can-edit = 'true'">
            <a class="button" href="/products/{@id}/edit"><xsl:value-of select="q:t('catalog.edit')"/></a>
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:if test="@can-price = 'true'">
            <a href="/prices/{@id}"><xsl:value-of select="q:t('catalog.prices')"/></a>
          </xsl:if>
        </p>
      </xsl:if>
    </div>
    <xsl:if test="@can-order = 'true' and @status != 'discontinued'">
      <form class="search cart-add" method="post" action="/cart/add">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="product" value="{@code}"/>
        <div class="field">
          <label for="f-qty"><xsl:value-of select="q:t('cart.qty')"/></label>
          <input type="number" id="f-qty" name="qty" min="1" value="1" required="required"/>
        </div>
        <button type="submit" class="primary"><xsl:value-of select="q:t('catalog.add-to-cart')"/></button>
      </form>
    </xsl:if>

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
      <xsl:if test="string(@your-price-text) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('catalog.your-price')"/></dt>
          <dd class="num your-price"><xsl:value-of select="@your-price-text"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('catalog.availability')"/></dt>
        <dd><xsl:call-template name="availability"/></dd>
      </div>
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
    <xsl:apply-templates select="images"/>
    <xsl:apply-templates select="quote"/>
    <xsl:if test="@can-edit = 'true' and @status != 'discontinued'">
      <section class="retire">
        <h2><xsl:value-of select="q:t('catalog.retire')"/></h2>
        <form method="post" action="/products/{@id}/retire">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <button type="submit" class="danger"><xsl:value-of select="q:t('catalog.retire')"/></button>
        </form>
        <p class="field-hint"><xsl:value-of select="q:t('catalog.retire-hint')"/></p>
      </section>
    </xsl:if>
    <xsl:apply-templates select="history"/>
  </xsl:template>

  <!-- The pictures, each an <img> whose URL is built from ids only. -->
  <xsl:template match="product/images">
    <section class="images">
      <h2><xsl:value-of select="q:t('catalog.images')"/></h2>
      <xsl:choose>
        <xsl:when test="image">
          <ul class="gallery">
            <xsl:for-each select="image">
              <li>
                <img src="/products/{string(../../@id)}/images/{string(@id)}"
                    alt="{concat(../../@name, ' (', position(), ')')}"/>
                <xsl:if test="../../@can-edit = 'true'">
                  <form method="post" action="/products/{string(../../@id)}/images/{string(@id)}/delete">
                    <xsl:call-template name="csrf-field"/>
                    <button type="submit" class="danger"><xsl:value-of select="q:t('catalog.image.delete')"/></button>
                  </form>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('catalog.images.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="../@can-edit = 'true'">
        <form method="post" action="/products/{string(../@id)}/images" enctype="multipart/form-data">
          <xsl:call-template name="csrf-field"/>
          <div class="field">
            <label for="f-file"><xsl:value-of select="q:t('catalog.image.file')"/></label>
            <input type="file" id="f-file" name="file" accept="image/png,image/jpeg">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'file'"/></xsl:call-template>
            </input>
            <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'file'"/></xsl:call-template>
            <p class="field-hint"><xsl:value-of select="q:t('catalog.image.hint')"/></p>
          </div>
          <button type="submit"><xsl:value-of select="q:t('catalog.image.add')"/></button>
        </form>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- A channel user's price and why (price_quote's explanation). -->
  <xsl:template match="product/quote">
    <section class="quote">
      <h2><xsl:value-of select="q:t('catalog.quote.title')"/></h2>
      <p>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('catalog.quote.answer')"/>
          <xsl:with-param name="a1" select="@unit-price-text"/>
          <xsl:with-param name="a2" select="@list-price-text"/>
          <xsl:with-param name="a3" select="@date"/>
        </xsl:call-template>
      </p>
      <xsl:call-template name="quote-rules">
        <xsl:with-param name="label" select="q:t('catalog.quote.title')"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- The audit trail (holders of product.edit). -->
  <xsl:template match="product/history">
    <section class="history">
      <h2><xsl:value-of select="q:t('catalog.history')"/></h2>
      <xsl:choose>
        <xsl:when test="entry">
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('catalog.history')}">
            <table class="list history">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('catalog.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('catalog.history.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('catalog.history.action')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('catalog.history.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="entry">
                  <tr>
                    <td><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@at"/></xsl:call-template></td>
                    <td><xsl:value-of select="@user-name"/><xsl:if test="string(@login) != ''"> (<xsl:value-of select="@login"/>)</xsl:if></td>
                    <td><xsl:value-of select="@action"/></td>
                    <td class="pre-line"><xsl:value-of select="@detail"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('catalog.history.none')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- New arrivals                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/new-products" mode="title">
    <xsl:value-of select="q:t('catalog.new-arrivals')"/>
  </xsl:template>

  <xsl:template match="page/new-products" mode="content">
    <p class="back"><a href="/products"><xsl:value-of select="q:t('product.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('catalog.new-arrivals')"/></h1>
      <p class="formats">
        <a class="format-link" type="text/csv" href="/products/new-arrivals.csv">
          <xsl:value-of select="q:t('catalog.csv')"/>
        </a>
      </p>
    </div>
    <p class="field-hint">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('catalog.new-rule')"/>
        <xsl:with-param name="a1" select="@days"/>
      </xsl:call-template>
    </p>
    <xsl:choose>
      <xsl:when test="product">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('catalog.new-arrivals')}">
          <table class="list products">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('col.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('col.spec')"/></th>
                <th scope="col"><xsl:value-of select="q:t('col.unit')"/></th>
                <th scope="col"><xsl:value-of select="q:t('col.category')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('col.price')"/></th>
                <xsl:if test="product/@your-price">
                  <th scope="col" class="num"><xsl:value-of select="q:t('catalog.your-price')"/></th>
                </xsl:if>
                <th scope="col"><xsl:value-of select="q:t('col.launch-on')"/></th>
                <th scope="col"><xsl:value-of select="q:t('col.status')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="product" mode="row">
                <xsl:with-param name="your-price" select="boolean(product/@your-price)"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('catalog.new-none')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="pager">
        <xsl:with-param name="base" select="'/products/new-arrivals?page='"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The form (new and edit)                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/product-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'edit'"><xsl:value-of select="q:t('catalog.edit')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('catalog.add')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/product-form" mode="content">
    <xsl:variable name="target">
      <xsl:choose>
        <xsl:when test="@action = 'edit'">/products/<xsl:value-of select="string(@id)"/>/edit</xsl:when>
        <xsl:otherwise>/products/new</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="back">
      <xsl:choose>
        <xsl:when test="@action = 'edit'">/products/<xsl:value-of select="string(@id)"/></xsl:when>
        <xsl:otherwise>/products</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="page-head">
      <h1>
        <xsl:apply-templates select="." mode="title"/>
        <xsl:if test="@action = 'edit'">
          <xsl:text>: </xsl:text><xsl:value-of select="@current-name"/>
        </xsl:if>
      </h1>
    </div>
    <xsl:apply-templates select="conflict"/>
    <form method="post" action="{$target}" class="form">
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="@action = 'edit'">
        <input type="hidden" name="version" value="{@version}"/>
      </xsl:if>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'code'"/><xsl:with-param name="label" select="q:t('col.code')"/><xsl:with-param name="value" select="@code"/><xsl:with-param name="max" select="40"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="q:t('col.name')"/><xsl:with-param name="value" select="@name"/><xsl:with-param name="max" select="200"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'spec'"/><xsl:with-param name="label" select="q:t('col.spec')"/><xsl:with-param name="value" select="@spec"/><xsl:with-param name="max" select="200"/></xsl:call-template>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'unit'"/><xsl:with-param name="label" select="q:t('col.unit')"/><xsl:with-param name="value" select="@unit"/><xsl:with-param name="max" select="20"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'pack_qty'"/><xsl:with-param name="label" select="q:t('col.pack-qty')"/><xsl:with-param name="value" select="@pack-qty"/><xsl:with-param name="max" select="7"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'barcode'"/><xsl:with-param name="label" select="q:t('col.barcode')"/><xsl:with-param name="value" select="@barcode"/><xsl:with-param name="max" select="13"/></xsl:call-template>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'brand'"/><xsl:with-param name="label" select="q:t('col.brand')"/><xsl:with-param name="value" select="@brand"/><xsl:with-param name="max" select="60"/></xsl:call-template>
      <div class="field">
        <label for="f-category"><xsl:value-of select="q:t('col.category')"/></label>
        <select id="f-category" name="category">
          <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'category'"/></xsl:call-template>
          <option value=""><xsl:value-of select="q:t('catalog.no-category')"/></option>
          <xsl:variable name="cur" select="string(@category-id)"/>
          <xsl:for-each select="categories/category">
            <option value="{string(@id)}">
              <xsl:if test="string(@id) = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="substring('                    ', 1, 2 * number(@depth))"/>
              <xsl:value-of select="@name"/>
              <xsl:text> (</xsl:text><xsl:value-of select="@code"/><xsl:text>)</xsl:text>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'category'"/></xsl:call-template>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('col.status')"/></label>
        <select id="f-status" name="status">
          <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
          <xsl:variable name="st" select="string(@status)"/>
          <option value="new"><xsl:if test="$st = 'new'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="$status-new"/></option>
          <option value="active"><xsl:if test="$st = 'active'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="$status-active"/></option>
          <option value="discontinued"><xsl:if test="$st = 'discontinued'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="$status-discontinued"/></option>
        </select>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
      </div>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'launch_on'"/><xsl:with-param name="label" select="q:t('col.launch-on')"/><xsl:with-param name="value" select="@launch-on"/><xsl:with-param name="max" select="10"/><xsl:with-param name="type" select="'date'"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="@action = 'edit'">
          <div class="field">
            <span class="label"><xsl:value-of select="q:t('col.price')"/></span>
            <xsl:text> </xsl:text>
            <span class="num"><xsl:value-of select="@current-price-text"/></span>
            <xsl:text> </xsl:text>
            <a href="/prices/{string(@id)}"><xsl:value-of select="q:t('catalog.price-elsewhere')"/></a>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="c-text"><xsl:with-param name="name" select="'list_price'"/><xsl:with-param name="label" select="q:t('col.price')"/><xsl:with-param name="value" select="@list-price"/><xsl:with-param name="max" select="20"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="c-text"><xsl:with-param name="name" select="'description'"/><xsl:with-param name="label" select="q:t('col.description')"/><xsl:with-param name="value" select="@description"/><xsl:with-param name="max" select="2000"/><xsl:with-param name="rows" select="5"/></xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('catalog.save')"/></button>
        <xsl:text> </xsl:text>
        <a href="{$back}"><xsl:value-of select="q:t('catalog.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- What is saved now, beside the form of a 409. -->
  <xsl:template match="product-form/conflict">
    <section class="conflict" aria-labelledby="conflict-h">
      <h2 id="conflict-h"><xsl:value-of select="q:t('catalog.conflict.title')"/></h2>
      <p><xsl:value-of select="q:t('catalog.conflict.hint')"/></p>
      <dl class="fields">
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.code')"/><xsl:with-param name="value" select="@code"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.name')"/><xsl:with-param name="value" select="@name"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.spec')"/><xsl:with-param name="value" select="@spec"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.unit')"/><xsl:with-param name="value" select="@unit"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.pack-qty')"/><xsl:with-param name="value" select="@pack-qty"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.barcode')"/><xsl:with-param name="value" select="@barcode"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.brand')"/><xsl:with-param name="value" select="@brand"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.category')"/><xsl:with-param name="value" select="@category"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.status')"/><xsl:with-param name="value" select="@status"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.launch-on')"/><xsl:with-param name="value" select="@launch-on"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.description')"/><xsl:with-param name="value" select="@description"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="label" select="q:t('col.version')"/><xsl:with-param name="value" select="@version"/></xsl:call-template>
      </dl>
    </section>
  </xsl:template>

  <!-- A text input (or textarea when $rows) with its label and messages. -->
  <xsl:template name="c-text">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="rows" select="0"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <xsl:choose>
        <xsl:when test="$rows &gt; 0">
          <textarea id="f-{$name}" name="{$name}" rows="{$rows}" maxlength="{$max}">
            <xsl:call-template name="field-aria"><xsl:with-param name="name" select="$name"/></xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$max}">
            <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
            <xsl:call-template name="field-aria"><xsl:with-param name="name" select="$name"/></xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="field-errors"><xsl:with-param name="name" select="$name"/></xsl:call-template>
    </div>
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

</xsl:stylesheet>
