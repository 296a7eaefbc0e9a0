<?xml version="1.0" encoding="UTF-8"?>
<!--
  stockcount.xsl - the stocktaking (盘点) and period close (结存) pages
  (src/modules/stockcount/; documents in schema/xsd/stockcount.xsd), told
  apart by the data element:

    <stock-counts>          /stock/counts                 the counts
    <stock-count-form>      /stock/counts/new             open a count
    <stock-count>           /stock/counts/{id}            one count
    <stock-count-enter>     /stock/counts/{id}/enter      enter counts
    <stock-count-variance>  /stock/counts/{id}/variance   variances, post
    <stock-count-sheet>     /stock/counts/{id}/sheet      the sheet, printed
    <stock-periods>         /stock/periods                closed months
    <stock-period>          /stock/periods/{id}/{month}   a month's snapshot
  (or an <error>, rendered by error.xsl).

  Money and quantities arrive as numbers (money formatted in *-text);
  forms post to paths built from ids and carry the CSRF token; URLs hold
  ids, literals chosen with xsl:choose, dates and months reduced to
  digits and dashes, and search text through str:encode-uri only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="stocknav.xsl"/>

  <!-- ================================================================ -->
  <!-- Small pieces                                                     -->
  <!-- ================================================================ -->

  <xsl:template name="status-label">
    <xsl:param name="s" select="@status"/>
    <xsl:choose>
      <xsl:when test="$s = 'draft'">
        <span class="status status-new"><xsl:value-of select="q:t('stockcount.status.draft')"/></span>
      </xsl:when>
      <xsl:when test="$s = 'posted'">
        <span class="status status-active"><xsl:value-of select="q:t('stockcount.status.posted')"/></span>
      </xsl:when>
      <xsl:when test="$s = 'cancelled'">
        <span class="status status-discontinued"><xsl:value-of select="q:t('stockcount.status.cancelled')"/></span>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="option">
    <xsl:param name="v"/>
    <xsl:param name="label"/>
    <xsl:param name="sel"/>
    <option value="{$v}">
      <xsl:if test="string($v) = string($sel)">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="$label"/>
    </option>
  </xsl:template>

  <!-- The warehouses of the page as options ($sel: the chosen id). -->
  <xsl:template name="warehouse-options">
    <xsl:param name="sel"/>
    <xsl:for-each select="warehouse">
      <xsl:call-template name="option">
        <xsl:with-param name="v" select="translate(@id, translate(@id, '0123456789', ''), '')"/>
        <xsl:with-param name="label" select="concat(@code, ' ', @name)"/>
        <xsl:with-param name="sel" select="$sel"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- A date (YYYY-MM-DD) or month reduced to digits and dashes, for URLs.
       (Ids go into URLs the same way, reduced to their digits: number()
       writes an id above 10^9 as 9.4e+09.) -->
  <xsl:template name="digits">
    <xsl:param name="v"/>
    <xsl:value-of select="translate($v, translate($v, '0123456789-', ''), '')"/>
  </xsl:template>

  <!-- An xs:dateTime from C (UTC) as "2026-01-05 08:00:00 UTC". -->
  <xsl:template name="ts">
    <xsl:param name="t"/>
    <xsl:if test="string($t) != ''">
      <time datetime="{$t}">
        <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 8), ' ')"/>
        <xsl:value-of select="q:t('stockcount.utc')"/>
      </time>
    </xsl:if>
  </xsl:template>

  <!-- Previous / next page links; $base ends in "?" or "&". -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:if test="number(@pages) &gt; 1">
      <nav class="pager" aria-label="{q:t('stockcount.pages')}">
        <xsl:if test="number(@page) &gt; 1">
          <a href="{$base}page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('stockcount.prev')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockcount.page-of')"/>
          <xsl:with-param name="a1" select="@page"/>
          <xsl:with-param name="a2" select="@pages"/>
        </xsl:call-template>
        <xsl:if test="number(@page) &lt; number(@pages)">
          <xsl:text> </xsl:text>
          <a href="{$base}page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('stockcount.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- "Showing 1-50 of 120" and the CSV link ($csv: its URL). -->
  <xsl:template name="shown">
    <xsl:param name="csv"/>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockcount.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a class="format-link" type="text/csv" href="{$csv}"><xsl:value-of select="q:t('stockcount.csv')"/></a>
    </p>
  </xsl:template>

  <!-- A column heading that sorts: $base ends in "?" or "&". -->
  <xsl:template name="sort-th">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="base"/>
    <xsl:param name="class" select="''"/>
    <th scope="col">
      <xsl:if test="$class != ''">
        <xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute>
      </xsl:if>
      <xsl:variable name="dir">
        <xsl:choose>
          <xsl:when test="@sort = $key and @dir = 'asc'">desc</xsl:when>
          <xsl:otherwise>asc</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <a href="{$base}sort={$key}&amp;dir={$dir}">
        <xsl:if test="@sort = $key">
          <xsl:attribute name="aria-sort">
            <xsl:choose>
              <xsl:when test="@dir = 'desc'">descending</xsl:when>
              <xsl:otherwise>ascending</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </th>
  </xsl:template>

  <!-- The search text as "q=...&" (nothing when empty). -->
  <xsl:template name="q-param">
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The counts                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-counts" mode="title">
    <xsl:value-of select="q:t('stockcount.list.title')"/>
  </xsl:template>

  <!-- The list's filters as a query string, each followed by "&". -->
  <xsl:template match="page/stock-counts" mode="filters">
    <xsl:call-template name="q-param"/>
    <xsl:if test="@warehouse">
      <xsl:value-of select="concat('warehouse=', translate(@warehouse, translate(@warehouse, '0123456789', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@status = 'draft'">status=draft&amp;</xsl:when>
      <xsl:when test="@status = 'posted'">status=posted&amp;</xsl:when>
      <xsl:when test="@status = 'cancelled'">status=cancelled&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="@from">
      <xsl:text>from=</xsl:text>
      <xsl:call-template name="digits"><xsl:with-param name="v" select="@from"/></xsl:call-template>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:if test="@to">
      <xsl:text>to=</xsl:text>
      <xsl:call-template name="digits"><xsl:with-param name="v" select="@to"/></xsl:call-template>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/stock-counts" mode="content">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <xsl:variable name="order">
      <xsl:choose>
        <xsl:when test="@sort = 'doc_no'">sort=doc_no</xsl:when>
        <xsl:when test="@sort = 'warehouse'">sort=warehouse</xsl:when>
        <xsl:when test="@sort = 'status'">sort=status</xsl:when>
        <xsl:otherwise>sort=doc_on</xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="@dir = 'desc'">&amp;dir=desc&amp;</xsl:when>
        <xsl:otherwise>&amp;dir=asc&amp;</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'counts'"/>
    </xsl:call-template>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('stockcount.list.title')"/></h1>
      <xsl:if test="@can-open = 'true'">
        <p><a class="button" href="/stock/counts/new"><xsl:value-of select="q:t('stockcount.open.link')"/></a></p>
      </xsl:if>
    </div>
    <form method="get" action="/stock/counts" class="filters" role="search">
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('stockcount.col.doc-no')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-warehouse"><xsl:value-of select="q:t('stockcount.col.warehouse')"/></label>
        <select id="f-warehouse" name="warehouse">
          <option value=""><xsl:value-of select="q:t('stockcount.all')"/></option>
          <xsl:call-template name="warehouse-options">
            <xsl:with-param name="sel" select="@warehouse"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('stockcount.col.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('stockcount.all')"/></option>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'draft'"/>
            <xsl:with-param name="label" select="q:t('stockcount.status.draft')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'posted'"/>
            <xsl:with-param name="label" select="q:t('stockcount.status.posted')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'cancelled'"/>
            <xsl:with-param name="label" select="q:t('stockcount.status.cancelled')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-from"><xsl:value-of select="q:t('stockcount.from')"/></label>
        <input type="date" id="f-from" name="from" value="{@from}"/>
      </div>
      <div class="field">
        <label for="f-to"><xsl:value-of select="q:t('stockcount.to')"/></label>
        <input type="date" id="f-to" name="to" value="{@to}"/>
      </div>
      <button type="submit"><xsl:value-of select="q:t('stockcount.filter')"/></button>
    </form>
    <xsl:call-template name="shown">
      <xsl:with-param name="csv" select="concat('/stock/counts.csv?', $filters, $order)"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="count">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('stockcount.list.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'doc_no'"/>
                  <xsl:with-param name="label" select="q:t('stockcount.col.doc-no')"/>
                  <xsl:with-param name="base" select="concat('/stock/counts?', $filters)"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'warehouse'"/>
                  <xsl:with-param name="label" select="q:t('stockcount.col.warehouse')"/>
                  <xsl:with-param name="base" select="concat('/stock/counts?', $filters)"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'doc_on'"/>
                  <xsl:with-param name="label" select="q:t('stockcount.col.doc-on')"/>
                  <xsl:with-param name="base" select="concat('/stock/counts?', $filters)"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('stockcount.col.category')"/></th>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'status'"/>
                  <xsl:with-param name="label" select="q:t('stockcount.col.status')"/>
                  <xsl:with-param name="base" select="concat('/stock/counts?', $filters)"/>
                </xsl:call-template>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.counted-of')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.net-value')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockcount.col.created-by')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="count">
                <tr>
                  <td><a href="/stock/counts/{translate(@id, translate(@id, '0123456789', ''), '')}"><xsl:value-of select="@doc-no"/></a></td>
                  <td><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></td>
                  <td><xsl:value-of select="@doc-on"/></td>
                  <td><xsl:value-of select="@category"/></td>
                  <td><xsl:call-template name="status-label"/></td>
                  <td class="num"><xsl:value-of select="concat(@counted, ' / ', @lines)"/></td>
                  <td class="num"><xsl:value-of select="@amount-text"/></td>
                  <td><xsl:value-of select="@created-by"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/stock/counts?', $filters, $order)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="q:t('stockcount.list.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Opening a count                                                  -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-count-form" mode="title">
    <xsl:value-of select="q:t('stockcount.open.title')"/>
  </xsl:template>

  <xsl:template match="page/stock-count-form" mode="content">
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'counts'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('stockcount.open.title')"/></h1>
    <p><xsl:value-of select="q:t('stockcount.open.hint')"/></p>
    <form method="post" action="/stock/counts/new" class="form edit">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="token" value="{translate(@token, translate(@token, '0123456789', ''), '')}"/>
      <div class="field">
        <label for="f-warehouse"><xsl:value-of select="q:t('stockcount.col.warehouse')"/></label>
        <select id="f-warehouse" name="warehouse" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'warehouse'"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="q:t('stockcount.choose')"/></option>
          <xsl:variable name="sel" select="@warehouse"/>
          <xsl:for-each select="warehouse">
            <option value="{translate(@id, translate(@id, '0123456789', ''), '')}">
              <xsl:if test="string(@id) = string($sel)">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="concat(@code, ' ', @name)"/>
              <xsl:if test="@open-count">
                <xsl:text> </xsl:text>
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('stockcount.open.busy')"/>
                  <xsl:with-param name="a1" select="@open-count"/>
                </xsl:call-template>
              </xsl:if>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'warehouse'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-category"><xsl:value-of select="q:t('stockcount.col.category')"/></label>
        <select id="f-category" name="category">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'category'"/>
            <xsl:with-param name="hint" select="'category-hint'"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="q:t('stockcount.open.all-categories')"/></option>
          <xsl:variable name="sel" select="@category"/>
          <xsl:for-each select="category">
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="translate(@id, translate(@id, '0123456789', ''), '')"/>
              <xsl:with-param name="label" select="concat(@code, ' ', @name)"/>
              <xsl:with-param name="sel" select="$sel"/>
            </xsl:call-template>
          </xsl:for-each>
        </select>
        <p class="hint" id="category-hint"><xsl:value-of select="q:t('stockcount.open.category-hint')"/></p>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'category'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-doc_on"><xsl:value-of select="q:t('stockcount.col.doc-on')"/></label>
        <input type="date" id="f-doc_on" name="doc_on" max="{@today}">
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="@doc-on"><xsl:value-of select="@doc-on"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@today"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'doc_on'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'doc_on'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-note"><xsl:value-of select="q:t('stockcount.col.note')"/></label>
        <input type="text" id="f-note" name="note" value="{@note}" maxlength="500">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'note'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'note'"/>
        </xsl:call-template>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('stockcount.open.submit')"/></button>
        <xsl:text> </xsl:text>
        <a href="/stock/counts"><xsl:value-of select="q:t('stockcount.cancel-link')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One count                                                        -->
  <!-- ================================================================ -->

  <!-- The count's fields (context: any count element). -->
  <xsl:template name="count-fields">
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.status')"/></dt>
        <dd><xsl:call-template name="status-label"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.warehouse')"/></dt>
        <dd><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.category')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="@category-id"><xsl:value-of select="concat(@category-code, ' ', @category-name)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('stockcount.open.all-categories')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.doc-on')"/></dt>
        <dd><xsl:value-of select="@doc-on"/></dd>
      </div>
      <xsl:if test="@note">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockcount.col.note')"/></dt>
          <dd><xsl:value-of select="@note"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.created')"/></dt>
        <dd>
          <xsl:call-template name="ts"><xsl:with-param name="t" select="@created-at"/></xsl:call-template>
          <xsl:value-of select="concat(' ', @created-by)"/>
        </dd>
      </div>
      <xsl:if test="@posted-at">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockcount.col.posted')"/></dt>
          <dd>
            <xsl:call-template name="ts"><xsl:with-param name="t" select="@posted-at"/></xsl:call-template>
            <xsl:value-of select="concat(' ', @posted-by)"/>
          </dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.progress')"/></dt>
        <dd>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('stockcount.progress')"/>
            <xsl:with-param name="a1" select="@counted"/>
            <xsl:with-param name="a2" select="@lines"/>
          </xsl:call-template>
        </dd>
      </div>
    </dl>
  </xsl:template>

  <!-- The totals of the variances (context: a count element). -->
  <xsl:template name="count-totals">
    <xsl:if test="@variances">
      <dl class="fields totals">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockcount.col.gains')"/></dt>
          <dd class="num">
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('stockcount.units-value')"/>
              <xsl:with-param name="a1" select="@gain-qty"/>
              <xsl:with-param name="a2" select="@gain-value-text"/>
            </xsl:call-template>
          </dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockcount.col.losses')"/></dt>
          <dd class="num">
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('stockcount.units-value')"/>
              <xsl:with-param name="a1" select="@loss-qty"/>
              <xsl:with-param name="a2" select="@loss-value-text"/>
            </xsl:call-template>
          </dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockcount.col.net-value')"/></dt>
          <dd class="num"><strong><xsl:value-of select="@net-value-text"/></strong></dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockcount.col.variances')"/></dt>
          <dd class="num"><xsl:value-of select="@variances"/></dd>
        </div>
      </dl>
    </xsl:if>
  </xsl:template>

  <!-- The links and buttons of a count (context: a count element). -->
  <xsl:template name="count-actions">
    <xsl:variable name="id" select="translate(@id, translate(@id, '0123456789', ''), '')"/>
    <p class="formats">
      <a href="/stock/counts/{$id}/sheet"><xsl:value-of select="q:t('stockcount.sheet.link')"/></a>
      <xsl:if test="@variances">
        <xsl:text> </xsl:text>
        <a href="/stock/counts/{$id}/sheet?blind=0"><xsl:value-of select="q:t('stockcount.sheet.book-link')"/></a>
        <xsl:text> </xsl:text>
        <a href="/stock/counts/{$id}/variance"><xsl:value-of select="q:t('stockcount.variance.link')"/></a>
      </xsl:if>
      <xsl:if test="@can-enter = 'true'">
        <xsl:text> </xsl:text>
        <a class="button" href="/stock/counts/{$id}/enter"><xsl:value-of select="q:t('stockcount.enter.link')"/></a>
      </xsl:if>
    </p>
    <xsl:if test="@can-cancel = 'true'">
      <form method="post" action="/stock/counts/{$id}/cancel" class="inline">
        <xsl:call-template name="csrf-field"/>
        <button type="submit"><xsl:value-of select="q:t('stockcount.cancel.submit')"/></button>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- The line filters as a query string ("q=..&show=..&"). -->
  <xsl:template name="line-filters">
    <xsl:call-template name="q-param"/>
    <xsl:choose>
      <xsl:when test="@show = 'uncounted'">show=uncounted&amp;</xsl:when>
      <xsl:when test="@show = 'counted'">show=counted&amp;</xsl:when>
      <xsl:when test="@show = 'variance'">show=variance&amp;</xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="line-order">
    <xsl:choose>
      <xsl:when test="@sort = 'code'">sort=code</xsl:when>
      <xsl:when test="@sort = 'variance'">sort=variance</xsl:when>
      <xsl:when test="@sort = 'value'">sort=value</xsl:when>
      <xsl:otherwise>sort=line</xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">&amp;dir=desc&amp;</xsl:when>
      <xsl:otherwise>&amp;dir=asc&amp;</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The lines: filter form, table, pager ($path: the page's path). -->
  <xsl:template name="count-lines">
    <xsl:param name="path"/>
    <xsl:variable name="filters"><xsl:call-template name="line-filters"/></xsl:variable>
    <xsl:variable name="order"><xsl:call-template name="line-order"/></xsl:variable>
    <xsl:variable name="book" select="@variances"/>
    <section class="lines">
      <h2><xsl:value-of select="q:t('stockcount.lines.title')"/></h2>
      <form method="get" action="{$path}" class="filters" role="search">
        <div class="field">
          <label for="f-q"><xsl:value-of select="q:t('stockcount.lines.search')"/></label>
          <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
        </div>
        <div class="field">
          <label for="f-show"><xsl:value-of select="q:t('stockcount.lines.show')"/></label>
          <select id="f-show" name="show">
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'all'"/>
              <xsl:with-param name="label" select="q:t('stockcount.show.all')"/>
              <xsl:with-param name="sel" select="@show"/>
            </xsl:call-template>
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'uncounted'"/>
              <xsl:with-param name="label" select="q:t('stockcount.show.uncounted')"/>
              <xsl:with-param name="sel" select="@show"/>
            </xsl:call-template>
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'counted'"/>
              <xsl:with-param name="label" select="q:t('stockcount.show.counted')"/>
              <xsl:with-param name="sel" select="@show"/>
            </xsl:call-template>
            <xsl:if test="$book">
              <xsl:call-template name="option">
                <xsl:with-param name="v" select="'variance'"/>
                <xsl:with-param name="label" select="q:t('stockcount.show.variance')"/>
                <xsl:with-param name="sel" select="@show"/>
              </xsl:call-template>
            </xsl:if>
          </select>
        </div>
        <button type="submit"><xsl:value-of select="q:t('stockcount.filter')"/></button>
      </form>
      <xsl:call-template name="shown">
        <xsl:with-param name="csv" select="concat($path, '.csv?', $filters, $order)"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="line">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('stockcount.lines.title')}">
            <table class="list count-lines">
              <thead>
                <tr>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="key" select="'line'"/>
                    <xsl:with-param name="label" select="q:t('stockcount.col.no')"/>
                    <xsl:with-param name="base" select="concat($path, '?', $filters)"/>
                  </xsl:call-template>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="key" select="'code'"/>
                    <xsl:with-param name="label" select="q:t('stockcount.col.code')"/>
                    <xsl:with-param name="base" select="concat($path, '?', $filters)"/>
                  </xsl:call-template>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.name')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.unit')"/></th>
                  <xsl:if test="$book">
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.book')"/></th>
                  </xsl:if>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.counted')"/></th>
                  <xsl:if test="$book">
                    <xsl:call-template name="sort-th">
                      <xsl:with-param name="key" select="'variance'"/>
                      <xsl:with-param name="label" select="q:t('stockcount.col.variance')"/>
                      <xsl:with-param name="base" select="concat($path, '?', $filters)"/>
                      <xsl:with-param name="class" select="'num'"/>
                    </xsl:call-template>
                    <xsl:call-template name="sort-th">
                      <xsl:with-param name="key" select="'value'"/>
                      <xsl:with-param name="label" select="q:t('stockcount.col.value')"/>
                      <xsl:with-param name="base" select="concat($path, '?', $filters)"/>
                      <xsl:with-param name="class" select="'num'"/>
                    </xsl:call-template>
                  </xsl:if>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.note')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:variable name="uncounted" select="q:t('stockcount.uncounted')"/>
                <xsl:variable name="found" select="q:t('stockcount.found')"/>
                <xsl:for-each select="line">
                  <tr>
                    <xsl:if test="not(@counted)">
                      <xsl:attribute name="class">uncounted</xsl:attribute>
                    </xsl:if>
                    <td class="num"><xsl:value-of select="@no"/></td>
                    <td><xsl:value-of select="@code"/></td>
                    <td>
                      <xsl:value-of select="@name"/>
                      <xsl:if test="@spec"><xsl:value-of select="concat(' ', @spec)"/></xsl:if>
                      <xsl:if test="@found = 'true'">
                        <xsl:text> </xsl:text>
                        <span class="badge"><xsl:value-of select="$found"/></span>
                      </xsl:if>
                    </td>
                    <td><xsl:value-of select="@unit"/></td>
                    <xsl:if test="$book">
                      <td class="num"><xsl:value-of select="@book-qty"/></td>
                    </xsl:if>
                    <td class="num">
                      <xsl:choose>
                        <xsl:when test="@counted"><xsl:value-of select="@counted"/></xsl:when>
                        <xsl:otherwise><span class="badge overdue"><xsl:value-of select="$uncounted"/></span></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <xsl:if test="$book">
                      <td class="num"><xsl:value-of select="@variance"/></td>
                      <td class="num"><xsl:value-of select="@value-text"/></td>
                    </xsl:if>
                    <td><xsl:value-of select="@note"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:call-template name="pager">
            <xsl:with-param name="base" select="concat($path, '?', $filters, $order)"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="q:t('stockcount.lines.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="page/stock-count" mode="title">
    <xsl:value-of select="@doc-no"/>
  </xsl:template>

  <xsl:template match="page/stock-count" mode="head">
    <link rel="alternate" type="application/xml" href="/stock/counts/{translate(@id, translate(@id, '0123456789', ''), '')}.xml"/>
  </xsl:template>

  <xsl:template match="page/stock-count" mode="content">
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'counts'"/>
    </xsl:call-template>
    <p><a href="/stock/counts"><xsl:value-of select="q:t('stockcount.back')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockcount.show.title')"/>
        <xsl:with-param name="a1" select="@doc-no"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="count-fields"/>
    <xsl:call-template name="count-totals"/>
    <xsl:call-template name="count-actions"/>
    <xsl:call-template name="count-lines">
      <xsl:with-param name="path" select="concat('/stock/counts/', translate(@id, translate(@id, '0123456789', ''), ''))"/>
    </xsl:call-template>
    <xsl:apply-templates select="history"/>
  </xsl:template>

  <!-- The audit trail of the count. -->
  <xsl:template match="stock-count/history">
    <section class="history">
      <h2><xsl:value-of select="q:t('stockcount.history.title')"/></h2>
      <xsl:choose>
        <xsl:when test="entry">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('stockcount.history.title')}">
            <table class="list history">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.history.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.history.action')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.history.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="entry">
                  <tr>
                    <td><xsl:call-template name="ts"><xsl:with-param name="t" select="@at"/></xsl:call-template></td>
                    <td><xsl:value-of select="@login"/></td>
                    <td><code><xsl:value-of select="@action"/></code></td>
                    <td class="detail"><xsl:value-of select="@detail"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="q:t('stockcount.history.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Entering counts                                                  -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-count-enter" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('stockcount.enter.title')"/>
      <xsl:with-param name="a1" select="@doc-no"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/stock-count-enter" mode="content">
    <xsl:variable name="id" select="translate(@id, translate(@id, '0123456789', ''), '')"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'counts'"/>
    </xsl:call-template>
    <p><a href="/stock/counts/{$id}"><xsl:value-of select="q:t('stockcount.back-count')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockcount.enter.title')"/>
        <xsl:with-param name="a1" select="@doc-no"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="count-fields"/>
    <form method="post" action="/stock/counts/{$id}/enter" class="form edit">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{translate(@version, translate(@version, '0123456789', ''), '')}"/>
      <div class="field">
        <label for="f-lines"><xsl:value-of select="q:t('stockcount.enter.lines')"/></label>
        <textarea id="f-lines" name="lines" rows="12" cols="60" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'lines'"/>
            <xsl:with-param name="hint" select="'lines-hint'"/>
          </xsl:call-template>
          <xsl:value-of select="@input"/>
        </textarea>
        <p class="hint" id="lines-hint"><xsl:value-of select="q:t('stockcount.enter.hint')"/></p>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'lines'"/>
        </xsl:call-template>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('stockcount.enter.submit')"/></button>
        <xsl:text> </xsl:text>
        <a href="/stock/counts/{$id}/sheet"><xsl:value-of select="q:t('stockcount.sheet.link')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Variances and posting                                            -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-count-variance" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('stockcount.variance.title')"/>
      <xsl:with-param name="a1" select="@doc-no"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/stock-count-variance" mode="content">
    <xsl:variable name="id" select="translate(@id, translate(@id, '0123456789', ''), '')"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'counts'"/>
    </xsl:call-template>
    <p><a href="/stock/counts/{$id}"><xsl:value-of select="q:t('stockcount.back-count')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockcount.variance.title')"/>
        <xsl:with-param name="a1" select="@doc-no"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="count-fields"/>
    <xsl:call-template name="count-totals"/>
    <xsl:if test="@can-post = 'true'">
      <form method="post" action="/stock/counts/{$id}/post" class="form">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="version" value="{translate(@version, translate(@version, '0123456789', ''), '')}"/>
        <fieldset>
          <legend><xsl:value-of select="q:t('stockcount.post.title')"/></legend>
          <p><xsl:value-of select="q:t('stockcount.post.hint')"/></p>
          <xsl:if test="number(@uncounted) &gt; 0">
            <div class="field check">
              <input type="checkbox" id="f-uncounted" name="uncounted" value="zero">
                <xsl:call-template name="field-aria">
                  <xsl:with-param name="name" select="'uncounted'"/>
                </xsl:call-template>
              </input>
              <label for="f-uncounted">
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('stockcount.post.zero')"/>
                  <xsl:with-param name="a1" select="@uncounted"/>
                </xsl:call-template>
              </label>
              <xsl:call-template name="field-errors">
                <xsl:with-param name="name" select="'uncounted'"/>
              </xsl:call-template>
            </div>
          </xsl:if>
          <div class="form-actions">
            <button type="submit" class="primary"><xsl:value-of select="q:t('stockcount.post.submit')"/></button>
          </div>
        </fieldset>
      </form>
    </xsl:if>
    <xsl:call-template name="count-lines">
      <xsl:with-param name="path" select="concat('/stock/counts/', $id, '/variance')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The count sheet: a page of its own for paper, no navigation      -->
  <!-- ================================================================ -->

  <xsl:template match="/page[stock-count-sheet]">
    <xsl:variable name="s" select="stock-count-sheet"/>
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
          <xsl:value-of select="concat($s/@doc-no, ' - ', meta/company)"/>
        </title>
        <link rel="stylesheet" href="/static/qudao.css"/>
        <link rel="stylesheet" href="/static/theme-classic.css"/>
      </head>
      <body class="print-view">
        <main id="main" class="content statement-print">
          <header class="print-head">
            <p class="company"><xsl:value-of select="meta/company"/></p>
            <h1><xsl:value-of select="q:t('stockcount.sheet.title')"/></h1>
          </header>
          <xsl:for-each select="$s">
            <dl class="fields">
              <div class="field-row">
                <dt><xsl:value-of select="q:t('stockcount.col.doc-no')"/></dt>
                <dd><xsl:value-of select="@doc-no"/></dd>
              </div>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('stockcount.col.warehouse')"/></dt>
                <dd><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></dd>
              </div>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('stockcount.col.category')"/></dt>
                <dd>
                  <xsl:choose>
                    <xsl:when test="@category-id"><xsl:value-of select="concat(@category-code, ' ', @category-name)"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="q:t('stockcount.open.all-categories')"/></xsl:otherwise>
                  </xsl:choose>
                </dd>
              </div>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('stockcount.col.doc-on')"/></dt>
                <dd><xsl:value-of select="@doc-on"/></dd>
              </div>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('stockcount.col.lines')"/></dt>
                <dd><xsl:value-of select="@lines"/></dd>
              </div>
            </dl>
            <p class="muted">
              <xsl:choose>
                <xsl:when test="@blind = '0'"><xsl:value-of select="q:t('stockcount.sheet.with-book')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="q:t('stockcount.sheet.blind')"/></xsl:otherwise>
              </xsl:choose>
            </p>
            <table class="list statement-lines count-sheet">
              <thead>
                <tr>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.no')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.code')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.name')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.spec')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.unit')"/></th>
                  <xsl:if test="@blind = '0'">
                    <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.book')"/></th>
                  </xsl:if>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.counted')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.note')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:variable name="blind" select="@blind"/>
                <xsl:for-each select="line">
                  <tr>
                    <td class="num"><xsl:value-of select="@no"/></td>
                    <td><xsl:value-of select="@code"/></td>
                    <td><xsl:value-of select="@name"/></td>
                    <td><xsl:value-of select="@spec"/></td>
                    <td><xsl:value-of select="@unit"/></td>
                    <xsl:if test="$blind = '0'">
                      <td class="num"><xsl:value-of select="@book-qty"/></td>
                    </xsl:if>
                    <td class="num"><xsl:value-of select="@counted"/></td>
                    <td><xsl:value-of select="@note"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
            <section class="confirm-box">
              <p class="sign">
                <span><xsl:value-of select="q:t('stockcount.sheet.counted-by')"/></span>
                <span><xsl:value-of select="q:t('stockcount.sheet.checked-by')"/></span>
                <span><xsl:value-of select="q:t('stockcount.sheet.date')"/></span>
              </p>
            </section>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Periods                                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-periods" mode="title">
    <xsl:value-of select="q:t('stockcount.periods.title')"/>
  </xsl:template>

  <xsl:template match="page/stock-periods" mode="content">
    <xsl:variable name="filters">
      <xsl:if test="@warehouse">
        <xsl:value-of select="concat('warehouse=', translate(@warehouse, translate(@warehouse, '0123456789', ''), ''), '&amp;')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="order">
      <xsl:choose>
        <xsl:when test="@sort = 'warehouse'">sort=warehouse</xsl:when>
        <xsl:otherwise>sort=period</xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="@dir = 'desc'">&amp;dir=desc&amp;</xsl:when>
        <xsl:otherwise>&amp;dir=asc&amp;</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'periods'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('stockcount.periods.title')"/></h1>
    <p><xsl:value-of select="q:t('stockcount.periods.hint')"/></p>
    <section class="warehouses">
      <h2><xsl:value-of select="q:t('stockcount.periods.warehouses')"/></h2>
      <div class="table-wrap" role="region" tabindex="0"
          aria-label="{q:t('stockcount.periods.warehouses')}">
        <table class="list">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="q:t('stockcount.col.warehouse')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockcount.col.closed-through')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockcount.col.open-count')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="warehouse">
              <tr>
                <td><a href="/stock/periods?warehouse={translate(@id, translate(@id, '0123456789', ''), '')}"><xsl:value-of select="concat(@code, ' ', @name)"/></a></td>
                <td><xsl:value-of select="@closed-through"/></td>
                <td><xsl:value-of select="@open-count"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>
    <xsl:if test="@can-close = 'true'">
      <form method="post" action="/stock/periods" class="form">
        <xsl:call-template name="csrf-field"/>
        <fieldset>
          <legend><xsl:value-of select="q:t('stockcount.close.title')"/></legend>
          <p>
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('stockcount.close.hint')"/>
              <xsl:with-param name="a1" select="@latest"/>
            </xsl:call-template>
          </p>
          <div class="field">
            <label for="f-cwarehouse"><xsl:value-of select="q:t('stockcount.col.warehouse')"/></label>
            <select id="f-cwarehouse" name="warehouse" required="required">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'warehouse'"/>
              </xsl:call-template>
              <option value=""><xsl:value-of select="q:t('stockcount.choose')"/></option>
              <xsl:call-template name="warehouse-options">
                <xsl:with-param name="sel" select="@close-warehouse"/>
              </xsl:call-template>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'warehouse'"/>
            </xsl:call-template>
          </div>
          <div class="field">
            <label for="f-period"><xsl:value-of select="q:t('stockcount.col.period')"/></label>
            <input type="month" id="f-period" name="period" max="{@latest}"
                required="required" placeholder="YYYY-MM">
              <xsl:attribute name="value">
                <xsl:choose>
                  <xsl:when test="@close-period"><xsl:value-of select="@close-period"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@latest"/></xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'period'"/>
              </xsl:call-template>
            </input>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'period'"/>
            </xsl:call-template>
          </div>
          <div class="form-actions">
            <button type="submit" class="primary"><xsl:value-of select="q:t('stockcount.close.submit')"/></button>
          </div>
        </fieldset>
      </form>
    </xsl:if>
    <section class="periods">
      <h2><xsl:value-of select="q:t('stockcount.periods.closed')"/></h2>
      <form method="get" action="/stock/periods" class="filters">
        <div class="field">
          <label for="f-warehouse"><xsl:value-of select="q:t('stockcount.col.warehouse')"/></label>
          <select id="f-warehouse" name="warehouse">
            <option value=""><xsl:value-of select="q:t('stockcount.all')"/></option>
            <xsl:call-template name="warehouse-options">
              <xsl:with-param name="sel" select="@warehouse"/>
            </xsl:call-template>
          </select>
        </div>
        <button type="submit"><xsl:value-of select="q:t('stockcount.filter')"/></button>
      </form>
      <xsl:call-template name="shown">
        <xsl:with-param name="csv" select="concat('/stock/periods.csv?', $filters, $order)"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="period">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('stockcount.periods.closed')}">
            <table class="list">
              <thead>
                <tr>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="key" select="'warehouse'"/>
                    <xsl:with-param name="label" select="q:t('stockcount.col.warehouse')"/>
                    <xsl:with-param name="base" select="concat('/stock/periods?', $filters)"/>
                  </xsl:call-template>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="key" select="'period'"/>
                    <xsl:with-param name="label" select="q:t('stockcount.col.period')"/>
                    <xsl:with-param name="base" select="concat('/stock/periods?', $filters)"/>
                  </xsl:call-template>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.closed-at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('stockcount.col.closed-by')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.products')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('stockcount.col.on-hand')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="period">
                  <xsl:variable name="month">
                    <xsl:call-template name="digits"><xsl:with-param name="v" select="@period"/></xsl:call-template>
                  </xsl:variable>
                  <tr>
                    <td><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></td>
                    <td><a href="/stock/periods/{translate(@warehouse-id, translate(@warehouse-id, '0123456789', ''), '')}/{$month}"><xsl:value-of select="@period"/></a></td>
                    <td><xsl:call-template name="ts"><xsl:with-param name="t" select="@closed-at"/></xsl:call-template></td>
                    <td><xsl:value-of select="@closed-by"/></td>
                    <td class="num"><xsl:value-of select="@products"/></td>
                    <td class="num"><xsl:value-of select="@on-hand"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:call-template name="pager">
            <xsl:with-param name="base" select="concat('/stock/periods?', $filters, $order)"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <p class="empty"><xsl:value-of select="q:t('stockcount.periods.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- A closed month's snapshot                                        -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-period" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('stockcount.period.title')"/>
      <xsl:with-param name="a1" select="@warehouse-code"/>
      <xsl:with-param name="a2" select="@period"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/stock-period" mode="content">
    <xsl:variable name="month">
      <xsl:call-template name="digits"><xsl:with-param name="v" select="@period"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="path" select="concat('/stock/periods/', translate(@warehouse-id, translate(@warehouse-id, '0123456789', ''), ''), '/', $month)"/>
    <xsl:variable name="filters"><xsl:call-template name="q-param"/></xsl:variable>
    <xsl:variable name="order">
      <xsl:choose>
        <xsl:when test="@sort = 'qty'">sort=qty</xsl:when>
        <xsl:otherwise>sort=code</xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="@dir = 'desc'">&amp;dir=desc&amp;</xsl:when>
        <xsl:otherwise>&amp;dir=asc&amp;</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'periods'"/>
    </xsl:call-template>
    <p><a href="/stock/periods?warehouse={translate(@warehouse-id, translate(@warehouse-id, '0123456789', ''), '')}"><xsl:value-of select="q:t('stockcount.back-periods')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockcount.period.title')"/>
        <xsl:with-param name="a1" select="concat(@warehouse-code, ' ', @warehouse-name)"/>
        <xsl:with-param name="a2" select="@period"/>
      </xsl:call-template>
    </h1>
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.closed-on')"/></dt>
        <dd><xsl:value-of select="@closed-on"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.closed-at')"/></dt>
        <dd>
          <xsl:call-template name="ts"><xsl:with-param name="t" select="@closed-at"/></xsl:call-template>
          <xsl:value-of select="concat(' ', @closed-by)"/>
        </dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockcount.col.on-hand')"/></dt>
        <dd class="num"><xsl:value-of select="@on-hand"/></dd>
      </div>
    </dl>
    <form method="get" action="{$path}" class="filters" role="search">
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('stockcount.lines.search')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <button type="submit"><xsl:value-of select="q:t('stockcount.filter')"/></button>
    </form>
    <xsl:call-template name="shown">
      <xsl:with-param name="csv" select="concat($path, '.csv?', $filters, $order)"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="line">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('stockcount.lines.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'code'"/>
                  <xsl:with-param name="label" select="q:t('stockcount.col.code')"/>
                  <xsl:with-param name="base" select="concat($path, '?', $filters)"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('stockcount.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockcount.col.spec')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockcount.col.unit')"/></th>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'qty'"/>
                  <xsl:with-param name="label" select="q:t('stockcount.col.on-hand')"/>
                  <xsl:with-param name="base" select="concat($path, '?', $filters)"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="line">
                <tr>
                  <td><xsl:value-of select="@code"/></td>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@spec"/></td>
                  <td><xsl:value-of select="@unit"/></td>
                  <td class="num"><xsl:value-of select="@on-hand"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat($path, '?', $filters, $order)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="q:t('stockcount.lines.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
