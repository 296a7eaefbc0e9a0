<?xml version="1.0" encoding="UTF-8"?>
<!--
  stockq.xsl - the stock queries (src/modules/stockq/; documents in
  schema/xsd/stockq.xsd), told apart by the data element:

    <stock-list>       /stock            一览表: balances per warehouse and product
    <stock-summary>    /stock/summary    汇总: by product, warehouse, region
    <stock-moves>      /stock/moves      明细: one product's moves and balances
    <stock-turnover>   /stock/turnover   days of stock
  (or an <error>, rendered by error.xsl).

  Quantities appear only when the document carries them (@qty = 'true':
  the user holds stock.qty); otherwise the level, counts and days.  URLs
  hold ids (their digits), literals chosen with xsl:choose, dates reduced to
  digits and dashes, and free text (q, a product code) only through
  str:encode-uri.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="stocknav.xsl"/>

  <!-- ================================================================ -->
  <!-- Pieces                                                           -->
  <!-- ================================================================ -->

  <!-- Ids go into URLs as their digits only, through translate(): number()
       would write an id of 10^9 or more as 9.4e+09 (libxml2's XPath). -->

  <!-- A date attribute as digits and dashes only (for URLs). -->
  <xsl:template name="sq-date">
    <xsl:param name="d"/>
    <xsl:value-of select="translate($d, translate($d, '0123456789-', ''), '')"/>
  </xsl:template>

  <!-- The shared filters as a query string, each followed by "&". -->
  <xsl:template name="sq-filters">
    <xsl:if test="@warehouse">
      <xsl:value-of select="concat('warehouse=', translate(@warehouse, translate(@warehouse, '0123456789', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@unit">
      <xsl:value-of select="concat('unit=', translate(@unit, translate(@unit, '0123456789', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@region">
      <xsl:value-of select="concat('region=', translate(@region, translate(@region, '0123456789', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@category">
      <xsl:value-of select="concat('category=', translate(@category, translate(@category, '0123456789', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@stock = '1'">stock=1&amp;</xsl:if>
    <xsl:if test="@low = '1'">low=1&amp;</xsl:if>
    <xsl:if test="@as-of">
      <xsl:text>as_of=</xsl:text>
      <xsl:call-template name="sq-date"><xsl:with-param name="d" select="@as-of"/></xsl:call-template>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:if test="@from">
      <xsl:text>from=</xsl:text>
      <xsl:call-template name="sq-date"><xsl:with-param name="d" select="@from"/></xsl:call-template>
      <xsl:text>&amp;to=</xsl:text>
      <xsl:call-template name="sq-date"><xsl:with-param name="d" select="@to"/></xsl:call-template>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The current sort key, as a literal. -->
  <xsl:template name="sq-sort">
    <xsl:choose>
      <xsl:when test="@sort = 'product'">product</xsl:when>
      <xsl:when test="@sort = 'on_hand'">on_hand</xsl:when>
      <xsl:when test="@sort = 'available'">available</xsl:when>
      <xsl:when test="@sort = 'code'">code</xsl:when>
      <xsl:when test="@sort = 'count'">count</xsl:when>
      <xsl:when test="@sort = 'value'">value</xsl:when>
      <xsl:when test="@sort = 'days'">days</xsl:when>
      <xsl:when test="@sort = 'outflow'">outflow</xsl:when>
      <xsl:otherwise>warehouse</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The direction of the current sort, as a literal. -->
  <xsl:template name="sq-dir">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A column heading that sorts by $key (a literal); $base ends in "?"
       or "&". -->
  <xsl:template name="sq-sort-th">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="base"/>
    <xsl:param name="class" select="''"/>
    <xsl:variable name="dir">
      <xsl:choose>
        <xsl:when test="@sort = $key and @dir = 'asc'">desc</xsl:when>
        <xsl:otherwise>asc</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <th scope="col">
      <xsl:if test="$class != ''">
        <xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@sort = $key">
        <xsl:attribute name="aria-sort">
          <xsl:choose>
            <xsl:when test="@dir = 'desc'">descending</xsl:when>
            <xsl:otherwise>ascending</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </xsl:if>
      <a href="{$base}sort={$key}&amp;dir={$dir}"><xsl:value-of select="$label"/></a>
    </th>
  </xsl:template>

  <!-- Previous / next page; $base ends in "?" or "&". -->
  <xsl:template name="sq-pager">
    <xsl:param name="base"/>
    <xsl:if test="number(@pages) &gt; 1">
      <nav class="pager" aria-label="{q:t('stockq.pages')}">
        <xsl:if test="number(@page) &gt; 1">
          <a href="{$base}page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('stockq.prev')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockq.page-of')"/>
          <xsl:with-param name="a1" select="@page"/>
          <xsl:with-param name="a2" select="@pages"/>
        </xsl:call-template>
        <xsl:if test="number(@page) &lt; number(@pages)">
          <xsl:text> </xsl:text>
          <a href="{$base}page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('stockq.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- "Rows 1-50 of 200" and the CSV link ($csv: path and query). -->
  <xsl:template name="sq-shown">
    <xsl:param name="csv"/>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockq.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="{$csv}"><xsl:value-of select="q:t('stockq.csv')"/></a>
    </p>
  </xsl:template>

  <xsl:template name="sq-select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="items"/>
    <xsl:param name="sel"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <select id="f-{$name}" name="{$name}">
        <option value=""><xsl:value-of select="q:t('stockq.all')"/></option>
        <xsl:for-each select="$items">
          <option value="{translate(@id, translate(@id, '0123456789', ''), '')}">
            <xsl:if test="string(@id) = string($sel)">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="concat(@code, ' ', @name)"/>
          </option>
        </xsl:for-each>
      </select>
    </div>
  </xsl:template>

  <xsl:template name="sq-input">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="max" select="''"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}">
        <xsl:if test="string($max) != ''">
          <xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute>
        </xsl:if>
      </input>
    </div>
  </xsl:template>

  <xsl:template name="sq-check">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="on"/>
    <div class="field check">
      <input type="checkbox" id="f-{$name}" name="{$name}" value="1">
        <xsl:if test="$on">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
      </input>
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
    </div>
  </xsl:template>

  <!-- The filter form of the balance pages: $action a literal path,
       $extra the page's own fields, $qty-filters: stock= and low=. -->
  <xsl:template name="sq-filter-form">
    <xsl:param name="action"/>
    <xsl:param name="extra"/>
    <xsl:param name="qty-filters" select="true()"/>
    <form method="get" action="{$action}" class="filters" role="search">
      <xsl:call-template name="sq-input">
        <xsl:with-param name="name" select="'q'"/>
        <xsl:with-param name="label" select="q:t('stockq.search')"/>
        <xsl:with-param name="value" select="@q"/>
        <xsl:with-param name="type" select="'search'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="sq-select">
        <xsl:with-param name="name" select="'warehouse'"/>
        <xsl:with-param name="label" select="q:t('stockq.col.warehouse')"/>
        <xsl:with-param name="items" select="options/warehouse"/>
        <xsl:with-param name="sel" select="@warehouse"/>
      </xsl:call-template>
      <xsl:if test="options/unit">
        <xsl:call-template name="sq-select">
          <xsl:with-param name="name" select="'unit'"/>
          <xsl:with-param name="label" select="q:t('stockq.unit')"/>
          <xsl:with-param name="items" select="options/unit"/>
          <xsl:with-param name="sel" select="@unit"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="sq-select">
        <xsl:with-param name="name" select="'region'"/>
        <xsl:with-param name="label" select="q:t('stockq.region')"/>
        <xsl:with-param name="items" select="options/region"/>
        <xsl:with-param name="sel" select="@region"/>
      </xsl:call-template>
      <xsl:call-template name="sq-select">
        <xsl:with-param name="name" select="'category'"/>
        <xsl:with-param name="label" select="q:t('stockq.col.category')"/>
        <xsl:with-param name="items" select="options/category"/>
        <xsl:with-param name="sel" select="@category"/>
      </xsl:call-template>
      <xsl:if test="$qty-filters">
        <xsl:call-template name="sq-check">
          <xsl:with-param name="name" select="'stock'"/>
          <xsl:with-param name="label" select="q:t('stockq.only-stock')"/>
          <xsl:with-param name="on" select="@stock = '1'"/>
        </xsl:call-template>
        <xsl:call-template name="sq-check">
          <xsl:with-param name="name" select="'low'"/>
          <xsl:with-param name="label" select="q:t('stockq.only-low')"/>
          <xsl:with-param name="on" select="@low = '1'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:copy-of select="$extra"/>
      <input type="hidden" name="sort" value="{@sort}"/>
      <input type="hidden" name="dir" value="{@dir}"/>
      <button type="submit"><xsl:value-of select="q:t('stockq.filter')"/></button>
    </form>
  </xsl:template>

  <xsl:template name="sq-level">
    <xsl:choose>
      <xsl:when test="@level = 'out'">
        <span class="status status-discontinued"><xsl:value-of select="q:t('stockq.level.out')"/></span>
      </xsl:when>
      <xsl:when test="@level = 'low'">
        <span class="status status-new"><xsl:value-of select="q:t('stockq.level.low')"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status status-active"><xsl:value-of select="q:t('stockq.level.ok')"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A link to the product's movements (and the warehouse's, $wh). -->
  <xsl:template name="sq-moves-link">
    <xsl:param name="wh" select="''"/>
    <xsl:variable name="href">
      <xsl:value-of select="concat('/stock/moves?product=', str:encode-uri(string(@code), true()))"/>
      <xsl:if test="string($wh) != ''">
        <xsl:value-of select="concat('&amp;warehouse=', translate($wh, translate($wh, '0123456789', ''), ''))"/>
      </xsl:if>
    </xsl:variable>
    <a href="{$href}"><xsl:value-of select="@code"/></a>
  </xsl:template>

  <xsl:template name="sq-move-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'opening'"><xsl:value-of select="q:t('stockq.kind.opening')"/></xsl:when>
      <xsl:when test="$k = 'receipt'"><xsl:value-of select="q:t('stockq.kind.receipt')"/></xsl:when>
      <xsl:when test="$k = 'issue'"><xsl:value-of select="q:t('stockq.kind.issue')"/></xsl:when>
      <xsl:when test="$k = 'transfer_out'"><xsl:value-of select="q:t('stockq.kind.transfer_out')"/></xsl:when>
      <xsl:when test="$k = 'transfer_in'"><xsl:value-of select="q:t('stockq.kind.transfer_in')"/></xsl:when>
      <xsl:when test="$k = 'count'"><xsl:value-of select="q:t('stockq.kind.count')"/></xsl:when>
      <xsl:when test="$k = 'damage'"><xsl:value-of select="q:t('stockq.kind.damage')"/></xsl:when>
      <xsl:when test="$k = 'return'"><xsl:value-of select="q:t('stockq.kind.return')"/></xsl:when>
      <xsl:when test="$k = 'sellthru'"><xsl:value-of select="q:t('stockq.kind.sellthru')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sq-wh-kind">
    <xsl:choose>
      <xsl:when test="@kind = 'central'"><xsl:value-of select="q:t('stockq.wh.central')"/></xsl:when>
      <xsl:when test="@kind = 'branch'"><xsl:value-of select="q:t('stockq.wh.branch')"/></xsl:when>
      <xsl:when test="@kind = 'agent'"><xsl:value-of select="q:t('stockq.wh.agent')"/></xsl:when>
      <xsl:when test="@kind = 'consignment'"><xsl:value-of select="q:t('stockq.wh.consignment')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The figures of a summary row or its totals, as cells. -->
  <xsl:template name="sq-figure-cells">
    <td class="num"><xsl:value-of select="@on-hand"/></td>
    <td class="num"><xsl:value-of select="@reserved"/></td>
    <td class="num"><xsl:value-of select="@available"/></td>
    <td class="num"><xsl:value-of select="@in-transit"/></td>
    <td class="num"><xsl:value-of select="@value-text"/></td>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- /stock                                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-list" mode="title">
    <xsl:value-of select="q:t('stockq.list.title')"/>
  </xsl:template>

  <xsl:template match="page/stock-list" mode="content">
    <xsl:variable name="filters"><xsl:call-template name="sq-filters"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="sq-dir"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="sq-sort"/></xsl:variable>
    <xsl:variable name="qty" select="@qty = 'true'"/>
    <xsl:variable name="then" select="boolean(@as-of)"/>
    <xsl:variable name="base" select="concat('/stock?', $filters)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'list'"/>
    </xsl:call-template>
    <h1>
      <xsl:choose>
        <xsl:when test="$then">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('stockq.list.title-as-of')"/>
            <xsl:with-param name="a1" select="@as-of"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="q:t('stockq.list.title')"/></xsl:otherwise>
      </xsl:choose>
    </h1>
    <xsl:call-template name="sq-filter-form">
      <xsl:with-param name="action" select="'/stock'"/>
      <xsl:with-param name="extra">
        <xsl:call-template name="sq-input">
          <xsl:with-param name="name" select="'as_of'"/>
          <xsl:with-param name="label" select="q:t('stockq.as-of')"/>
          <xsl:with-param name="value" select="@as-of"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="$then">
      <p class="muted"><xsl:value-of select="q:t('stockq.as-of.note')"/></p>
    </xsl:if>
    <xsl:call-template name="sq-shown">
      <xsl:with-param name="csv" select="concat('/stock.csv?', $filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="row">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('stockq.list.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'warehouse'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.warehouse')"/>
                  <xsl:with-param name="base" select="$base"/>
                </xsl:call-template>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'product'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.code')"/>
                  <xsl:with-param name="base" select="$base"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.spec')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.unit')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.category')"/></th>
                <xsl:if test="$qty">
                  <xsl:call-template name="sq-sort-th">
                    <xsl:with-param name="key" select="'on_hand'"/>
                    <xsl:with-param name="label" select="q:t('stockq.col.on-hand')"/>
                    <xsl:with-param name="base" select="$base"/>
                    <xsl:with-param name="class" select="'num'"/>
                  </xsl:call-template>
                  <xsl:if test="not($then)">
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.reserved')"/></th>
                    <xsl:call-template name="sq-sort-th">
                      <xsl:with-param name="key" select="'available'"/>
                      <xsl:with-param name="label" select="q:t('stockq.col.available')"/>
                      <xsl:with-param name="base" select="$base"/>
                      <xsl:with-param name="class" select="'num'"/>
                    </xsl:call-template>
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.in-transit')"/></th>
                  </xsl:if>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.safety')"/></th>
                </xsl:if>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.level')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="row">
                <tr>
                  <td><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></td>
                  <td>
                    <xsl:call-template name="sq-moves-link">
                      <xsl:with-param name="wh" select="@warehouse-id"/>
                    </xsl:call-template>
                  </td>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@spec"/></td>
                  <td><xsl:value-of select="@unit"/></td>
                  <td><xsl:value-of select="@category"/></td>
                  <xsl:if test="$qty">
                    <td class="num"><xsl:value-of select="@on-hand"/></td>
                    <xsl:if test="not($then)">
                      <td class="num"><xsl:value-of select="@reserved"/></td>
                      <td class="num"><xsl:value-of select="@available"/></td>
                      <td class="num"><xsl:value-of select="@in-transit"/></td>
                    </xsl:if>
                    <td class="num"><xsl:value-of select="@safety"/></td>
                  </xsl:if>
                  <td><xsl:call-template name="sq-level"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="sq-pager">
          <xsl:with-param name="base" select="concat($base, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('stockq.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- /stock/summary                                                   -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-summary" mode="title">
    <xsl:value-of select="q:t('stockq.summary.title')"/>
  </xsl:template>

  <xsl:template name="sq-by-tab">
    <xsl:param name="by"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
    <li>
      <a href="/stock/summary?{$filters}by={$by}">
        <xsl:if test="@by = $by">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <xsl:template match="page/stock-summary" mode="content">
    <xsl:variable name="filters"><xsl:call-template name="sq-filters"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="sq-dir"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="sq-sort"/></xsl:variable>
    <xsl:variable name="by">
      <xsl:choose>
        <xsl:when test="@by = 'warehouse'">warehouse</xsl:when>
        <xsl:when test="@by = 'region'">region</xsl:when>
        <xsl:otherwise>product</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="qty" select="@qty = 'true'"/>
    <xsl:variable name="base" select="concat('/stock/summary?', $filters, 'by=', $by, '&amp;')"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'summary'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('stockq.summary.title')"/></h1>
    <nav class="subnav" aria-label="{q:t('stockq.summary.by')}">
      <ul>
        <xsl:call-template name="sq-by-tab">
          <xsl:with-param name="by" select="'product'"/>
          <xsl:with-param name="label" select="q:t('stockq.by.product')"/>
          <xsl:with-param name="filters" select="$filters"/>
        </xsl:call-template>
        <xsl:call-template name="sq-by-tab">
          <xsl:with-param name="by" select="'warehouse'"/>
          <xsl:with-param name="label" select="q:t('stockq.by.warehouse')"/>
          <xsl:with-param name="filters" select="$filters"/>
        </xsl:call-template>
        <xsl:call-template name="sq-by-tab">
          <xsl:with-param name="by" select="'region'"/>
          <xsl:with-param name="label" select="q:t('stockq.by.region')"/>
          <xsl:with-param name="filters" select="$filters"/>
        </xsl:call-template>
      </ul>
    </nav>
    <xsl:call-template name="sq-filter-form">
      <xsl:with-param name="action" select="'/stock/summary'"/>
      <xsl:with-param name="extra">
        <input type="hidden" name="by" value="{$by}"/>
      </xsl:with-param>
    </xsl:call-template>
    <p class="actions">
      <a href="/stock/turnover?{$filters}"><xsl:value-of select="q:t('stockq.turnover.link')"/></a>
    </p>
    <xsl:call-template name="sq-shown">
      <xsl:with-param name="csv" select="concat('/stock/summary.csv?', $filters, 'by=', $by, '&amp;sort=', $sort, '&amp;dir=', $dir)"/>
    </xsl:call-template>
    <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('stockq.summary.title')}">
      <table class="list">
        <thead>
          <tr>
            <xsl:call-template name="sq-sort-th">
              <xsl:with-param name="key" select="'code'"/>
              <xsl:with-param name="label" select="q:t('stockq.col.code')"/>
              <xsl:with-param name="base" select="$base"/>
            </xsl:call-template>
            <th scope="col"><xsl:value-of select="q:t('stockq.col.name')"/></th>
            <xsl:choose>
              <xsl:when test="$by = 'product'">
                <th scope="col"><xsl:value-of select="q:t('stockq.col.spec')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.unit')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.category')"/></th>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'count'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.warehouses')"/>
                  <xsl:with-param name="base" select="$base"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:when test="$by = 'warehouse'">
                <th scope="col"><xsl:value-of select="q:t('stockq.col.kind')"/></th>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'count'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.products')"/>
                  <xsl:with-param name="base" select="$base"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'count'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.warehouses')"/>
                  <xsl:with-param name="base" select="$base"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.products')"/></th>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$qty">
              <xsl:call-template name="sq-sort-th">
                <xsl:with-param name="key" select="'on_hand'"/>
                <xsl:with-param name="label" select="q:t('stockq.col.on-hand')"/>
                <xsl:with-param name="base" select="$base"/>
                <xsl:with-param name="class" select="'num'"/>
              </xsl:call-template>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.reserved')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.available')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.in-transit')"/></th>
              <xsl:call-template name="sq-sort-th">
                <xsl:with-param name="key" select="'value'"/>
                <xsl:with-param name="label" select="q:t('stockq.col.value')"/>
                <xsl:with-param name="base" select="$base"/>
                <xsl:with-param name="class" select="'num'"/>
              </xsl:call-template>
            </xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="product-row">
            <tr>
              <td><xsl:call-template name="sq-moves-link"/></td>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:value-of select="@spec"/></td>
              <td><xsl:value-of select="@unit"/></td>
              <td><xsl:value-of select="@category"/></td>
              <td class="num"><xsl:value-of select="@warehouses"/></td>
              <xsl:if test="$qty"><xsl:call-template name="sq-figure-cells"/></xsl:if>
            </tr>
          </xsl:for-each>
          <xsl:for-each select="warehouse-row">
            <tr>
              <td><a href="/stock?warehouse={translate(@warehouse-id, translate(@warehouse-id, '0123456789', ''), '')}"><xsl:value-of select="@code"/></a></td>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:call-template name="sq-wh-kind"/></td>
              <td class="num"><xsl:value-of select="@products"/></td>
              <xsl:if test="$qty"><xsl:call-template name="sq-figure-cells"/></xsl:if>
            </tr>
          </xsl:for-each>
          <xsl:for-each select="region-row">
            <tr>
              <xsl:choose>
                <xsl:when test="@region-id">
                  <td><a href="/stock?region={translate(@region-id, translate(@region-id, '0123456789', ''), '')}"><xsl:value-of select="@code"/></a></td>
                  <td><xsl:value-of select="@name"/></td>
                </xsl:when>
                <xsl:otherwise>
                  <td colspan="2" class="muted"><xsl:value-of select="q:t('stockq.no-region')"/></td>
                </xsl:otherwise>
              </xsl:choose>
              <td class="num"><xsl:value-of select="@warehouses"/></td>
              <td class="num"><xsl:value-of select="@products"/></td>
              <xsl:if test="$qty"><xsl:call-template name="sq-figure-cells"/></xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
        <tfoot>
          <xsl:for-each select="totals">
            <tr>
              <th scope="row">
                <xsl:attribute name="colspan">
                  <xsl:choose>
                    <xsl:when test="$by = 'product'">6</xsl:when>
                    <xsl:otherwise>4</xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('stockq.total')"/>
                  <xsl:with-param name="a1" select="@rows"/>
                </xsl:call-template>
              </th>
              <xsl:if test="$qty"><xsl:call-template name="sq-figure-cells"/></xsl:if>
            </tr>
          </xsl:for-each>
        </tfoot>
      </table>
    </div>
    <xsl:call-template name="sq-pager">
      <xsl:with-param name="base" select="concat($base, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- /stock/moves                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-moves" mode="title">
    <xsl:value-of select="q:t('stockq.moves.title')"/>
    <xsl:if test="product">
      <xsl:value-of select="concat(' ', product/@code)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/stock-moves" mode="content">
    <xsl:variable name="qty" select="@qty = 'true'"/>
    <xsl:variable name="query">
      <xsl:if test="product">
        <xsl:value-of select="concat('product=', str:encode-uri(string(product/@code), true()), '&amp;')"/>
      </xsl:if>
      <xsl:if test="@warehouse">
        <xsl:value-of select="concat('warehouse=', translate(@warehouse, translate(@warehouse, '0123456789', ''), ''), '&amp;')"/>
      </xsl:if>
      <xsl:call-template name="sq-filters-period"/>
    </xsl:variable>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'moves'"/>
    </xsl:call-template>
    <h1>
      <xsl:value-of select="q:t('stockq.moves.title')"/>
      <xsl:for-each select="product">
        <xsl:value-of select="concat(' ', @code, ' ', @name)"/>
        <xsl:if test="string(@spec) != ''">
          <xsl:value-of select="concat(' ', @spec)"/>
        </xsl:if>
      </xsl:for-each>
    </h1>
    <form method="get" action="/stock/moves" class="filters">
      <xsl:call-template name="sq-input">
        <xsl:with-param name="name" select="'product'"/>
        <xsl:with-param name="label" select="q:t('stockq.product-code')"/>
        <xsl:with-param name="value" select="product/@code"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="sq-select">
        <xsl:with-param name="name" select="'warehouse'"/>
        <xsl:with-param name="label" select="q:t('stockq.col.warehouse')"/>
        <xsl:with-param name="items" select="options/warehouse"/>
        <xsl:with-param name="sel" select="@warehouse"/>
      </xsl:call-template>
      <xsl:call-template name="sq-input">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('stockq.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="sq-input">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('stockq.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <button type="submit"><xsl:value-of select="q:t('stockq.show')"/></button>
    </form>
    <xsl:choose>
      <xsl:when test="not(product)">
        <p class="muted"><xsl:value-of select="q:t('stockq.moves.choose')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('stockq.moves.note')"/></p>
        <xsl:if test="$qty">
          <dl class="fields balances">
            <div class="field-row">
              <dt><xsl:value-of select="q:t('stockq.opening')"/></dt>
              <dd class="num"><xsl:value-of select="@opening"/></dd>
            </div>
            <div class="field-row">
              <dt><xsl:value-of select="q:t('stockq.col.in')"/></dt>
              <dd class="num"><xsl:value-of select="@total-in"/></dd>
            </div>
            <div class="field-row">
              <dt><xsl:value-of select="q:t('stockq.col.out')"/></dt>
              <dd class="num"><xsl:value-of select="@total-out"/></dd>
            </div>
            <div class="field-row">
              <dt><xsl:value-of select="q:t('stockq.closing')"/></dt>
              <dd class="num"><xsl:value-of select="@closing"/></dd>
            </div>
          </dl>
        </xsl:if>
        <xsl:call-template name="sq-shown">
          <xsl:with-param name="csv" select="concat('/stock/moves.csv?', $query)"/>
        </xsl:call-template>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('stockq.moves.title')}">
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.date')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.kind')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.document')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.warehouse')"/></th>
                <xsl:choose>
                  <xsl:when test="$qty">
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.in')"/></th>
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.out')"/></th>
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.balance')"/></th>
                  </xsl:when>
                  <xsl:otherwise>
                    <th scope="col"><xsl:value-of select="q:t('stockq.col.direction')"/></th>
                  </xsl:otherwise>
                </xsl:choose>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.user')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:if test="$qty">
                <tr class="balance-row">
                  <td colspan="4">
                    <xsl:choose>
                      <xsl:when test="number(@page) &gt; 1"><xsl:value-of select="q:t('stockq.carried')"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="q:t('stockq.opening')"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="num"></td>
                  <td class="num"></td>
                  <td class="num"><xsl:value-of select="@page-opening"/></td>
                  <td></td>
                </tr>
              </xsl:if>
              <xsl:for-each select="move">
                <tr>
                  <td><xsl:value-of select="@move-on"/></td>
                  <td><xsl:call-template name="sq-move-kind"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@stock-doc-id">
                        <a href="/stock/docs/{translate(@stock-doc-id, translate(@stock-doc-id, '0123456789', ''), '')}"><xsl:value-of select="@doc-no"/></a>
                      </xsl:when>
                      <xsl:otherwise>
                        <xsl:call-template name="sq-move-kind">
                          <xsl:with-param name="k" select="@doc-type"/>
                        </xsl:call-template>
                        <xsl:value-of select="concat(' ', @doc-id)"/>
                      </xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:value-of select="@warehouse-code"/></td>
                  <xsl:choose>
                    <xsl:when test="$qty">
                      <td class="num"><xsl:value-of select="@in"/></td>
                      <td class="num"><xsl:value-of select="@out"/></td>
                      <td class="num"><xsl:value-of select="@balance"/></td>
                    </xsl:when>
                    <xsl:when test="@direction = 'in'">
                      <td><xsl:value-of select="q:t('stockq.col.in')"/></td>
                    </xsl:when>
                    <xsl:otherwise>
                      <td><xsl:value-of select="q:t('stockq.col.out')"/></td>
                    </xsl:otherwise>
                  </xsl:choose>
                  <td><xsl:value-of select="@login"/></td>
                </tr>
              </xsl:for-each>
              <xsl:if test="$qty and number(@page) &gt;= number(@pages)">
                <tr class="balance-row">
                  <td colspan="4"><xsl:value-of select="q:t('stockq.closing')"/></td>
                  <td class="num"><xsl:value-of select="@total-in"/></td>
                  <td class="num"><xsl:value-of select="@total-out"/></td>
                  <td class="num"><xsl:value-of select="@closing"/></td>
                  <td></td>
                </tr>
              </xsl:if>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="sq-pager">
          <xsl:with-param name="base" select="concat('/stock/moves?', $query)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- from= and to= of a period page, each followed by "&". -->
  <xsl:template name="sq-filters-period">
    <xsl:text>from=</xsl:text>
    <xsl:call-template name="sq-date"><xsl:with-param name="d" select="@from"/></xsl:call-template>
    <xsl:text>&amp;to=</xsl:text>
    <xsl:call-template name="sq-date"><xsl:with-param name="d" select="@to"/></xsl:call-template>
    <xsl:text>&amp;</xsl:text>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- /stock/turnover                                                  -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-turnover" mode="title">
    <xsl:value-of select="q:t('stockq.turnover.title')"/>
  </xsl:template>

  <xsl:template match="page/stock-turnover" mode="content">
    <xsl:variable name="filters"><xsl:call-template name="sq-filters"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="sq-dir"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="sq-sort"/></xsl:variable>
    <xsl:variable name="qty" select="@qty = 'true'"/>
    <xsl:variable name="base" select="concat('/stock/turnover?', $filters)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'turnover'"/>
    </xsl:call-template>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockq.turnover.heading')"/>
        <xsl:with-param name="a1" select="@from"/>
        <xsl:with-param name="a2" select="@to"/>
        <xsl:with-param name="a3" select="@days"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="sq-filter-form">
      <xsl:with-param name="action" select="'/stock/turnover'"/>
      <xsl:with-param name="qty-filters" select="false()"/>
      <xsl:with-param name="extra">
        <xsl:call-template name="sq-input">
          <xsl:with-param name="name" select="'from'"/>
          <xsl:with-param name="label" select="q:t('stockq.from')"/>
          <xsl:with-param name="value" select="@from"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
        <xsl:call-template name="sq-input">
          <xsl:with-param name="name" select="'to'"/>
          <xsl:with-param name="label" select="q:t('stockq.to')"/>
          <xsl:with-param name="value" select="@to"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <p class="muted"><xsl:value-of select="q:t('stockq.turnover.formula')"/></p>
    <xsl:call-template name="sq-shown">
      <xsl:with-param name="csv" select="concat('/stock/turnover.csv?', $filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="row">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('stockq.turnover.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'warehouse'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.warehouse')"/>
                  <xsl:with-param name="base" select="$base"/>
                </xsl:call-template>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'product'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.code')"/>
                  <xsl:with-param name="base" select="$base"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockq.col.unit')"/></th>
                <xsl:if test="$qty">
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockq.opening')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockq.closing')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockq.col.average')"/></th>
                  <xsl:call-template name="sq-sort-th">
                    <xsl:with-param name="key" select="'outflow'"/>
                    <xsl:with-param name="label" select="q:t('stockq.col.outflow')"/>
                    <xsl:with-param name="base" select="$base"/>
                    <xsl:with-param name="class" select="'num'"/>
                  </xsl:call-template>
                </xsl:if>
                <xsl:call-template name="sq-sort-th">
                  <xsl:with-param name="key" select="'days'"/>
                  <xsl:with-param name="label" select="q:t('stockq.col.days')"/>
                  <xsl:with-param name="base" select="$base"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="row">
                <tr>
                  <td><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></td>
                  <td>
                    <xsl:call-template name="sq-moves-link">
                      <xsl:with-param name="wh" select="@warehouse-id"/>
                    </xsl:call-template>
                  </td>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@unit"/></td>
                  <xsl:if test="$qty">
                    <td class="num"><xsl:value-of select="@opening"/></td>
                    <td class="num"><xsl:value-of select="@closing"/></td>
                    <td class="num"><xsl:value-of select="@average"/></td>
                    <td class="num"><xsl:value-of select="@outflow"/></td>
                  </xsl:if>
                  <td class="num">
                    <xsl:choose>
                      <xsl:when test="@no-movement = 'true'">
                        <span class="muted"><xsl:value-of select="q:t('stockq.no-movement')"/></span>
                      </xsl:when>
                      <xsl:otherwise><xsl:value-of select="@days"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="sq-pager">
          <xsl:with-param name="base" select="concat($base, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('stockq.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
