<?xml version="1.0" encoding="UTF-8"?>
<!--
  stockdoc.xsl - the stock document pages (src/modules/stockdoc/;
  documents in schema/xsd/stockdoc.xsd), told apart by the data element:

    <stockdoc-list>     /stock/docs                 filters, sort, pages
    <stockdoc>          /stock/docs/{id}            a document and its actions
    <stockdoc-print>    /stock/docs/{id}/print      for paper, no navigation
    <stockdoc-form>     /stock/docs/new, /{id}/edit the draft's form
    <stockdoc-receive>  /stock/docs/{id}/receive    what arrived of a transfer
    <stockdoc-import>   /stock/docs/import          upload and its report
    <stock-transit>     /stock/transit              goods in transit
  (or an <error>, rendered by error.xsl).

  Money and dates arrive formatted; forms post to paths built from ids and
  carry the CSRF token; URLs hold ids, numbers and values the server
  checked against its lists, free text only through str:encode-uri.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="stocknav.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels                                                           -->
  <!-- ================================================================ -->

  <xsl:template name="sd-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'receipt'"><xsl:value-of select="q:t('stockdoc.kind.receipt')"/></xsl:when>
      <xsl:when test="$k = 'issue'"><xsl:value-of select="q:t('stockdoc.kind.issue')"/></xsl:when>
      <xsl:when test="$k = 'transfer'"><xsl:value-of select="q:t('stockdoc.kind.transfer')"/></xsl:when>
      <xsl:when test="$k = 'count'"><xsl:value-of select="q:t('stockdoc.kind.count')"/></xsl:when>
      <xsl:when test="$k = 'damage'"><xsl:value-of select="q:t('stockdoc.kind.damage')"/></xsl:when>
      <xsl:when test="$k = 'return'"><xsl:value-of select="q:t('stockdoc.kind.return')"/></xsl:when>
      <xsl:when test="$k = 'sellthru'"><xsl:value-of select="q:t('stockdoc.kind.sellthru')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sd-status">
    <xsl:param name="s" select="@status"/>
    <span class="status status-{translate($s, translate($s, 'abcdefghijklmnopqrstuvwxyz', ''), '')}">
      <xsl:choose>
        <xsl:when test="$s = 'draft'"><xsl:value-of select="q:t('stockdoc.status.draft')"/></xsl:when>
        <xsl:when test="$s = 'pending'"><xsl:value-of select="q:t('stockdoc.status.pending')"/></xsl:when>
        <xsl:when test="$s = 'posted'"><xsl:value-of select="q:t('stockdoc.status.posted')"/></xsl:when>
        <xsl:when test="$s = 'shipped'"><xsl:value-of select="q:t('stockdoc.status.shipped')"/></xsl:when>
        <xsl:when test="$s = 'received'"><xsl:value-of select="q:t('stockdoc.status.received')"/></xsl:when>
        <xsl:when test="$s = 'cancelled'"><xsl:value-of select="q:t('stockdoc.status.cancelled')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template name="sd-reason">
    <xsl:param name="r" select="@reason"/>
    <xsl:choose>
      <xsl:when test="$r = 'purchase'"><xsl:value-of select="q:t('stockdoc.reason.purchase')"/></xsl:when>
      <xsl:when test="$r = 'production'"><xsl:value-of select="q:t('stockdoc.reason.production')"/></xsl:when>
      <xsl:when test="$r = 'sale'"><xsl:value-of select="q:t('stockdoc.reason.sale')"/></xsl:when>
      <xsl:when test="$r = 'sample'"><xsl:value-of select="q:t('stockdoc.reason.sample')"/></xsl:when>
      <xsl:when test="$r = 'internal'"><xsl:value-of select="q:t('stockdoc.reason.internal')"/></xsl:when>
      <xsl:when test="$r = 'broken'"><xsl:value-of select="q:t('stockdoc.reason.broken')"/></xsl:when>
      <xsl:when test="$r = 'expired'"><xsl:value-of select="q:t('stockdoc.reason.expired')"/></xsl:when>
      <xsl:when test="$r = 'lost'"><xsl:value-of select="q:t('stockdoc.reason.lost')"/></xsl:when>
      <xsl:when test="$r = 'damaged'"><xsl:value-of select="q:t('stockdoc.reason.damaged')"/></xsl:when>
      <xsl:when test="$r = 'quality'"><xsl:value-of select="q:t('stockdoc.reason.quality')"/></xsl:when>
      <xsl:when test="$r = 'short_shipped'"><xsl:value-of select="q:t('stockdoc.reason.short_shipped')"/></xsl:when>
      <xsl:when test="$r = 'other'"><xsl:value-of select="q:t('stockdoc.reason.other')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$r"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sd-cond">
    <xsl:choose>
      <xsl:when test="@cond = 'damaged'"><xsl:value-of select="q:t('stockdoc.cond.damaged')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('stockdoc.cond.sellable')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sd-bucket">
    <xsl:choose>
      <xsl:when test="@bucket = 'on_hand'"><xsl:value-of select="q:t('stockdoc.bucket.on_hand')"/></xsl:when>
      <xsl:when test="@bucket = 'reserved'"><xsl:value-of select="q:t('stockdoc.bucket.reserved')"/></xsl:when>
      <xsl:when test="@bucket = 'in_transit'"><xsl:value-of select="q:t('stockdoc.bucket.in_transit')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@bucket"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sd-move-kind">
    <xsl:choose>
      <xsl:when test="@kind = 'transfer_out'"><xsl:value-of select="q:t('stockdoc.move.transfer_out')"/></xsl:when>
      <xsl:when test="@kind = 'transfer_in'"><xsl:value-of select="q:t('stockdoc.move.transfer_in')"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="sd-kind"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The page of a document: stocktakes have their own. -->
  <xsl:template name="sd-href">
    <xsl:choose>
      <xsl:when test="@kind = 'count'">/stock/counts/<xsl:value-of select="string(@id)"/></xsl:when>
      <xsl:otherwise>/stock/docs/<xsl:value-of select="string(@id)"/></xsl:otherwise>
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

  <!-- Options of warehouse elements $ws ("code name"). -->
  <xsl:template name="wh-options">
    <xsl:param name="ws"/>
    <xsl:param name="sel"/>
    <xsl:for-each select="$ws">
      <xsl:call-template name="option">
        <xsl:with-param name="v" select="@id"/>
        <xsl:with-param name="label" select="concat(@code, ' ', @name)"/>
        <xsl:with-param name="sel" select="$sel"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="false()"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}">
        <xsl:if test="string($max) != ''">
          <xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute>
        </xsl:if>
        <xsl:if test="$required">
          <xsl:attribute name="required">required</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
        </xsl:call-template>
      </input>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- Previous / next page links; $base ends in "?" or "&". -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:if test="number(@pages) &gt; 1">
      <nav class="pager" aria-label="{q:t('stockdoc.pages')}">
        <xsl:if test="number(@page) &gt; 1">
          <a href="{$base}page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('stockdoc.prev')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockdoc.page-of')"/>
          <xsl:with-param name="a1" select="@page"/>
          <xsl:with-param name="a2" select="@pages"/>
        </xsl:call-template>
        <xsl:if test="number(@page) &lt; number(@pages)">
          <xsl:text> </xsl:text>
          <a href="{$base}page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('stockdoc.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- A column heading that sorts by $key (a literal) on $path. -->
  <xsl:template name="sort-th">
    <xsl:param name="path"/>
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
    <th scope="col">
      <xsl:variable name="dir">
        <xsl:choose>
          <xsl:when test="@sort = $key and @dir = 'asc'">desc</xsl:when>
          <xsl:otherwise>asc</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <a href="{$path}?{$filters}sort={$key}&amp;dir={$dir}">
        <xsl:value-of select="$label"/>
      </a>
    </th>
  </xsl:template>

  <!-- A date attribute as digits and dashes only, for a URL. -->
  <xsl:template name="date-param">
    <xsl:param name="name"/>
    <xsl:param name="v"/>
    <xsl:if test="string($v) != ''">
      <xsl:value-of select="concat($name, '=', translate($v, translate($v, '0123456789-', ''), ''), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="dir-value">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The list                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/stockdoc-list" mode="title">
    <xsl:value-of select="q:t('stockdoc.list.title')"/>
  </xsl:template>

  <!-- The filters as a query string, each followed by "&". -->
  <xsl:template match="page/stockdoc-list" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@kind">
      <xsl:value-of select="concat('kind=', str:encode-uri(string(@kind), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@status">
      <xsl:value-of select="concat('status=', str:encode-uri(string(@status), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@warehouse">
      <xsl:value-of select="concat('warehouse=', number(@warehouse), '&amp;')"/>
    </xsl:if>
    <xsl:call-template name="date-param">
      <xsl:with-param name="name" select="'from'"/>
      <xsl:with-param name="v" select="@from"/>
    </xsl:call-template>
    <xsl:call-template name="date-param">
      <xsl:with-param name="name" select="'to'"/>
      <xsl:with-param name="v" select="@to"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/stockdoc-list" mode="content">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="dir-value"/></xsl:variable>
    <xsl:variable name="sort" select="string(@sort)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'docs'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('stockdoc.list.title')"/></h1>
    <xsl:if test="@can-edit = 'true'">
      <p class="actions">
        <a href="/stock/docs/new?kind=receipt"><xsl:value-of select="q:t('stockdoc.new.receipt')"/></a>
        <xsl:text> </xsl:text>
        <a href="/stock/docs/new?kind=issue"><xsl:value-of select="q:t('stockdoc.new.issue')"/></a>
        <xsl:text> </xsl:text>
        <a href="/stock/docs/new?kind=transfer"><xsl:value-of select="q:t('stockdoc.new.transfer')"/></a>
        <xsl:text> </xsl:text>
        <a href="/stock/docs/new?kind=damage"><xsl:value-of select="q:t('stockdoc.new.damage')"/></a>
        <xsl:text> </xsl:text>
        <a href="/stock/docs/new?kind=return"><xsl:value-of select="q:t('stockdoc.new.return')"/></a>
        <xsl:text> </xsl:text>
        <a href="/stock/docs/import"><xsl:value-of select="q:t('stockdoc.import.link')"/></a>
      </p>
    </xsl:if>
    <form method="get" action="/stock/docs" class="filters" role="search">
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('stockdoc.search')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('stockdoc.col.kind')"/></label>
        <select id="f-kind" name="kind">
          <option value=""><xsl:value-of select="q:t('stockdoc.all')"/></option>
          <xsl:call-template name="kind-options">
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('stockdoc.col.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('stockdoc.all')"/></option>
          <xsl:call-template name="status-options">
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-warehouse"><xsl:value-of select="q:t('stockdoc.col.warehouse')"/></label>
        <select id="f-warehouse" name="warehouse">
          <option value=""><xsl:value-of select="q:t('stockdoc.all')"/></option>
          <xsl:call-template name="wh-options">
            <xsl:with-param name="ws" select="warehouse"/>
            <xsl:with-param name="sel" select="@warehouse"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <input type="hidden" name="sort" value="{$sort}"/>
      <input type="hidden" name="dir" value="{$dir}"/>
      <button type="submit"><xsl:value-of select="q:t('stockdoc.filter')"/></button>
    </form>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockdoc.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="/stock/docs.csv?{$filters}sort={$sort}&amp;dir={$dir}"><xsl:value-of select="q:t('stockdoc.csv')"/></a>
    </p>
    <xsl:choose>
      <xsl:when test="doc">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('stockdoc.list.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/docs'"/>
                  <xsl:with-param name="key" select="'no'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.no')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/docs'"/>
                  <xsl:with-param name="key" select="'date'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.date')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/docs'"/>
                  <xsl:with-param name="key" select="'kind'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.kind')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/docs'"/>
                  <xsl:with-param name="key" select="'status'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.status')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/docs'"/>
                  <xsl:with-param name="key" select="'warehouse'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.warehouse')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.dest')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.party')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.reason')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.ref')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.lines')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.qty')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.loss')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.amount')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="doc">
                <tr>
                  <td><a><xsl:attribute name="href"><xsl:call-template name="sd-href"/></xsl:attribute><xsl:value-of select="@doc-no"/></a></td>
                  <td><xsl:value-of select="@doc-on"/></td>
                  <td><xsl:call-template name="sd-kind"/></td>
                  <td><xsl:call-template name="sd-status"/></td>
                  <td><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></td>
                  <td><xsl:value-of select="@dest-code"/></td>
                  <td><xsl:value-of select="@party-code"/></td>
                  <td><xsl:call-template name="sd-reason"/></td>
                  <td><xsl:value-of select="@ref-no"/></td>
                  <td class="num"><xsl:value-of select="@lines"/></td>
                  <td class="num"><xsl:value-of select="@qty"/></td>
                  <td class="num"><xsl:value-of select="@loss"/></td>
                  <td class="num"><xsl:value-of select="@amount-text"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/stock/docs?', $filters, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('stockdoc.list.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="kind-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'receipt'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.receipt')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'issue'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.issue')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'transfer'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.transfer')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'damage'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.damage')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'return'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.return')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'count'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.count')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'sellthru'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.kind.sellthru')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="status-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'draft'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.status.draft')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'pending'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.status.pending')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'posted'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.status.posted')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'shipped'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.status.shipped')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'received'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.status.received')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'cancelled'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.status.cancelled')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One document                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/stockdoc | page/stockdoc-receive" mode="title">
    <xsl:call-template name="sd-kind"/>
    <xsl:value-of select="concat(' ', @doc-no)"/>
  </xsl:template>

  <!-- The header of a document as a definition list. -->
  <xsl:template name="doc-fields">
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockdoc.col.status')"/></dt>
        <dd><xsl:call-template name="sd-status"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockdoc.col.date')"/></dt>
        <dd><xsl:value-of select="@doc-on"/></dd>
      </div>
      <div class="field-row">
        <dt>
          <xsl:choose>
            <xsl:when test="@kind = 'transfer'"><xsl:value-of select="q:t('stockdoc.col.source')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('stockdoc.col.warehouse')"/></xsl:otherwise>
          </xsl:choose>
        </dt>
        <dd><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></dd>
      </div>
      <xsl:if test="@dest-code">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.dest')"/></dt>
          <dd><xsl:value-of select="concat(@dest-code, ' ', @dest-name)"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@party-code">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.party')"/></dt>
          <dd><xsl:value-of select="concat(@party-code, ' ', @party-name)"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@reason">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.reason')"/></dt>
          <dd><xsl:call-template name="sd-reason"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@ref-no">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.ref')"/></dt>
          <dd><xsl:value-of select="@ref-no"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@note">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.note')"/></dt>
          <dd><xsl:value-of select="@note"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@value-text">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.value')"/></dt>
          <dd class="num"><xsl:value-of select="@value-text"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@loss">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.loss')"/></dt>
          <dd class="num"><xsl:value-of select="@loss"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('stockdoc.col.created')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@created-by"/></dd>
      </div>
      <xsl:if test="@posted-at">
        <div class="field-row">
          <dt>
            <xsl:choose>
              <xsl:when test="@kind = 'transfer'"><xsl:value-of select="q:t('stockdoc.col.shipped')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="q:t('stockdoc.col.posted')"/></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@posted-at"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@posted-by"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@received-at">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('stockdoc.col.received')"/></dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@received-at"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@received-by"/></dd>
        </div>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- The lines of a document as a table. -->
  <xsl:template name="doc-lines">
    <xsl:variable name="transfer" select="@kind = 'transfer'"/>
    <xsl:variable name="priced" select="line/@price"/>
    <xsl:variable name="return" select="@kind = 'return'"/>
    <div class="table-wrap" role="region" tabindex="0"
        aria-label="{q:t('stockdoc.lines')}">
      <table class="list stockdoc-lines">
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col"><xsl:value-of select="q:t('stockdoc.col.code')"/></th>
            <th scope="col"><xsl:value-of select="q:t('stockdoc.col.product')"/></th>
            <th scope="col"><xsl:value-of select="q:t('stockdoc.col.unit')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.qty')"/></th>
            <xsl:if test="$transfer">
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.qty-done')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.loss')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.loss-reason')"/></th>
            </xsl:if>
            <xsl:if test="$return">
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.cond')"/></th>
            </xsl:if>
            <xsl:if test="$priced">
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.price')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.value')"/></th>
            </xsl:if>
            <th scope="col"><xsl:value-of select="q:t('stockdoc.col.note')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="line">
            <tr>
              <td class="num"><xsl:value-of select="@line-no"/></td>
              <td><xsl:value-of select="@code"/></td>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:value-of select="@unit"/></td>
              <td class="num"><xsl:value-of select="@qty"/></td>
              <xsl:if test="$transfer">
                <td class="num"><xsl:value-of select="@qty-done"/></td>
                <td class="num"><xsl:value-of select="@loss"/></td>
                <td><xsl:call-template name="sd-reason"/></td>
              </xsl:if>
              <xsl:if test="$return">
                <td><xsl:call-template name="sd-cond"/></td>
              </xsl:if>
              <xsl:if test="$priced">
                <td class="num"><xsl:value-of select="@price-text"/></td>
                <td class="num"><xsl:value-of select="@value-text"/></td>
              </xsl:if>
              <td><xsl:value-of select="@note"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="4"><xsl:value-of select="q:t('stockdoc.total')"/></th>
            <td class="num"><xsl:value-of select="@qty"/></td>
            <xsl:if test="$transfer">
              <td></td>
              <td class="num"><xsl:value-of select="@loss"/></td>
              <td></td>
            </xsl:if>
            <xsl:if test="$return">
              <td></td>
            </xsl:if>
            <xsl:if test="$priced">
              <td></td>
              <td class="num"><xsl:value-of select="@value-text"/></td>
            </xsl:if>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>
  </xsl:template>

  <!-- A button that posts an action of the document. -->
  <xsl:template name="act-button">
    <xsl:param name="act"/>
    <xsl:param name="label"/>
    <form method="post" action="/stock/docs/{string(@id)}/{$act}" class="inline">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <button type="submit"><xsl:value-of select="$label"/></button>
    </form>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="page/stockdoc" mode="content">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'docs'"/>
    </xsl:call-template>
    <p><a href="/stock/docs"><xsl:value-of select="q:t('stockdoc.back')"/></a></p>
    <h1>
      <xsl:call-template name="sd-kind"/>
      <xsl:value-of select="concat(' ', @doc-no)"/>
    </h1>
    <xsl:if test="@kind = 'count'">
      <p><a href="/stock/counts/{$id}"><xsl:value-of select="q:t('stockdoc.count-page')"/></a></p>
    </xsl:if>
    <xsl:call-template name="doc-fields"/>
    <xsl:if test="@needs-approval = 'true'">
      <p class="msg msg-warning"><xsl:value-of select="q:t('stockdoc.needs-approval')"/></p>
    </xsl:if>
    <div class="actions">
      <xsl:if test="@can-edit = 'true'">
        <a href="/stock/docs/{$id}/edit"><xsl:value-of select="q:t('stockdoc.edit')"/></a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <a href="/stock/docs/{$id}/print"><xsl:value-of select="q:t('stockdoc.print')"/></a>
      <xsl:text> </xsl:text>
      <xsl:if test="@can-receive = 'true'">
        <a href="/stock/docs/{$id}/receive"><xsl:value-of select="q:t('stockdoc.receive')"/></a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="@can-post = 'true'">
        <xsl:call-template name="act-button">
          <xsl:with-param name="act" select="'post'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.post')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@can-ship = 'true'">
        <xsl:call-template name="act-button">
          <xsl:with-param name="act" select="'ship'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.ship')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@can-approve = 'true'">
        <xsl:call-template name="act-button">
          <xsl:with-param name="act" select="'approve'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.approve')"/>
        </xsl:call-template>
        <xsl:call-template name="act-button">
          <xsl:with-param name="act" select="'reject'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reject')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@can-cancel = 'true'">
        <xsl:call-template name="act-button">
          <xsl:with-param name="act" select="'cancel'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.cancel-doc')"/>
        </xsl:call-template>
      </xsl:if>
    </div>
    <section>
      <h2><xsl:value-of select="q:t('stockdoc.lines')"/></h2>
      <xsl:call-template name="doc-lines"/>
    </section>
    <xsl:if test="move">
      <section>
        <h2><xsl:value-of select="q:t('stockdoc.moves')"/></h2>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('stockdoc.moves')}">
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.date')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.warehouse')"/></th>
                <th scope="col" class="num">#</th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.bucket')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.col.move-kind')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.qty')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="move">
                <tr>
                  <td><xsl:value-of select="@move-on"/></td>
                  <td><xsl:value-of select="@warehouse-code"/></td>
                  <td class="num"><xsl:value-of select="@line-no"/></td>
                  <td><xsl:value-of select="@code"/></td>
                  <td><xsl:call-template name="sd-bucket"/></td>
                  <td><xsl:call-template name="sd-move-kind"/></td>
                  <td class="num"><xsl:value-of select="@qty"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </section>
    </xsl:if>
    <xsl:if test="history/entry">
      <section>
        <h2><xsl:value-of select="q:t('stockdoc.history')"/></h2>
        <ul class="history">
          <xsl:for-each select="history/entry">
            <li>
              <xsl:value-of select="concat(@at, ' ', @login, ' ', @action)"/>
              <xsl:if test="@detail">
                <xsl:value-of select="concat(': ', @detail)"/>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The print view: a page of its own, no navigation                 -->
  <!-- ================================================================ -->

  <xsl:template match="/page[stockdoc-print]">
    <xsl:variable name="d" select="stockdoc-print"/>
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
          <xsl:for-each select="$d">
            <xsl:call-template name="sd-kind"/>
            <xsl:value-of select="concat(' ', @doc-no)"/>
          </xsl:for-each>
          <xsl:value-of select="concat(' - ', meta/company)"/>
        </title>
        <link rel="stylesheet" href="/static/qudao.css"/>
        <link rel="stylesheet" href="/static/theme-classic.css"/>
      </head>
      <body class="print-view">
        <main id="main" class="content statement-print stockdoc-print">
          <xsl:for-each select="$d">
            <header class="print-head">
              <p class="company"><xsl:value-of select="/page/meta/company"/></p>
              <h1><xsl:call-template name="sd-kind"/></h1>
              <p><xsl:value-of select="@doc-no"/></p>
            </header>
            <xsl:call-template name="doc-fields"/>
            <xsl:call-template name="doc-lines"/>
            <section class="confirm-box">
              <p class="sign">
                <span><xsl:value-of select="q:t('stockdoc.print.made-by')"/></span>
                <span><xsl:value-of select="q:t('stockdoc.print.checked-by')"/></span>
              </p>
              <p class="sign">
                <span>
                  <xsl:choose>
                    <xsl:when test="@kind = 'receipt' or @kind = 'return'"><xsl:value-of select="q:t('stockdoc.print.received-by')"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="q:t('stockdoc.print.handed-by')"/></xsl:otherwise>
                  </xsl:choose>
                </span>
                <span><xsl:value-of select="q:t('stockdoc.print.date')"/></span>
              </p>
            </section>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The form of a draft                                              -->
  <!-- ================================================================ -->

  <xsl:template match="page/stockdoc-form" mode="title">
    <xsl:call-template name="form-title"/>
  </xsl:template>

  <xsl:template name="form-title">
    <xsl:choose>
      <xsl:when test="@mode = 'edit'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockdoc.form.edit')"/>
          <xsl:with-param name="a1" select="@doc-no"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="k"><xsl:call-template name="sd-kind"/></xsl:variable>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockdoc.form.new')"/>
          <xsl:with-param name="a1" select="$k"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A select of warehouses $ws (active ones, and the one chosen). -->
  <xsl:template name="wh-select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="ws"/>
    <xsl:param name="sel"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <select id="f-{$name}" name="{$name}" required="required">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
        </xsl:call-template>
        <option value=""><xsl:value-of select="q:t('stockdoc.choose')"/></option>
        <xsl:call-template name="wh-options">
          <xsl:with-param name="ws" select="$ws[@status = 'active' or @id = $sel]"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
      </select>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="lines-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <textarea id="f-{$name}" name="{$name}" rows="10" cols="60">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="hint" select="'lines-hint'"/>
        </xsl:call-template>
        <xsl:value-of select="$value"/>
      </textarea>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template match="page/stockdoc-form" mode="content">
    <xsl:variable name="kind" select="string(@kind)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'docs'"/>
    </xsl:call-template>
    <h1><xsl:call-template name="form-title"/></h1>
    <xsl:if test="conflict">
      <section class="conflict" aria-labelledby="conflict-h">
        <h2 id="conflict-h"><xsl:value-of select="q:t('stockdoc.conflict.title')"/></h2>
        <p><a href="/stock/docs/{string(@id)}"><xsl:value-of select="q:t('stockdoc.conflict.see')"/></a></p>
      </section>
    </xsl:if>
    <form method="post" class="form">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="@mode = 'edit'">/stock/docs/<xsl:value-of select="string(@id)"/>/edit</xsl:when>
          <xsl:otherwise>/stock/docs/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="csrf-field"/>
      <xsl:choose>
        <xsl:when test="@mode = 'edit'">
          <input type="hidden" name="version" value="{@version}"/>
        </xsl:when>
        <xsl:otherwise>
          <input type="hidden" name="token" value="{number(@token)}"/>
          <input type="hidden" name="kind" value="{$kind}"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="wh-select">
        <xsl:with-param name="name" select="'warehouse'"/>
        <xsl:with-param name="label">
          <xsl:choose>
            <xsl:when test="$kind = 'transfer'"><xsl:value-of select="q:t('stockdoc.col.source')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('stockdoc.col.warehouse')"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="ws" select="warehouse"/>
        <xsl:with-param name="sel" select="@warehouse"/>
      </xsl:call-template>
      <xsl:if test="$kind = 'transfer'">
        <xsl:call-template name="wh-select">
          <xsl:with-param name="name" select="'dest'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.col.dest')"/>
          <xsl:with-param name="ws" select="dest"/>
          <xsl:with-param name="sel" select="@dest"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$kind = 'return'">
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'party'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.field.party')"/>
          <xsl:with-param name="value" select="@party"/>
          <xsl:with-param name="max" select="40"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$kind = 'receipt' or $kind = 'issue' or $kind = 'damage'">
        <div class="field">
          <label for="f-reason"><xsl:value-of select="q:t('stockdoc.col.reason')"/></label>
          <select id="f-reason" name="reason" required="required">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'reason'"/>
            </xsl:call-template>
            <option value=""><xsl:value-of select="q:t('stockdoc.choose')"/></option>
            <xsl:call-template name="reason-options">
              <xsl:with-param name="kind" select="$kind"/>
              <xsl:with-param name="sel" select="@reason"/>
            </xsl:call-template>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'reason'"/>
          </xsl:call-template>
        </div>
      </xsl:if>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'doc_on'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.col.date')"/>
        <xsl:with-param name="value" select="@doc-on"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'ref_no'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.col.ref')"/>
        <xsl:with-param name="value" select="@ref-no"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.col.note')"/>
        <xsl:with-param name="value" select="@note"/>
        <xsl:with-param name="max" select="500"/>
      </xsl:call-template>
      <xsl:call-template name="lines-field">
        <xsl:with-param name="name" select="'lines'"/>
        <xsl:with-param name="label">
          <xsl:choose>
            <xsl:when test="$kind = 'return'"><xsl:value-of select="q:t('stockdoc.field.lines-sellable')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('stockdoc.lines')"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="value" select="@lines"/>
      </xsl:call-template>
      <xsl:if test="$kind = 'return'">
        <xsl:call-template name="lines-field">
          <xsl:with-param name="name" select="'damaged'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.field.lines-damaged')"/>
          <xsl:with-param name="value" select="@damaged"/>
        </xsl:call-template>
      </xsl:if>
      <p class="hint" id="lines-hint">
        <xsl:choose>
          <xsl:when test="$kind = 'damage'"><xsl:value-of select="q:t('stockdoc.hint.lines-price')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="q:t('stockdoc.hint.lines')"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('stockdoc.save')"/></button>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="@mode = 'edit'">
            <a href="/stock/docs/{string(@id)}"><xsl:value-of select="q:t('stockdoc.cancel')"/></a>
          </xsl:when>
          <xsl:otherwise>
            <a href="/stock/docs"><xsl:value-of select="q:t('stockdoc.cancel')"/></a>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="reason-options">
    <xsl:param name="kind"/>
    <xsl:param name="sel"/>
    <xsl:choose>
      <xsl:when test="$kind = 'receipt'">
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'purchase'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.purchase')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'production'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.production')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$kind = 'issue'">
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'sale'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.sale')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'sample'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.sample')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'internal'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.internal')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'broken'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.broken')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'expired'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.expired')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'lost'"/>
          <xsl:with-param name="label" select="q:t('stockdoc.reason.lost')"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'other'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.reason.other')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Receiving a transfer                                             -->
  <!-- ================================================================ -->

  <xsl:template match="page/stockdoc-receive" mode="content">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'transit'"/>
    </xsl:call-template>
    <p><a href="/stock/docs/{$id}"><xsl:value-of select="q:t('stockdoc.back-doc')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockdoc.receive.title')"/>
        <xsl:with-param name="a1" select="@doc-no"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="doc-fields"/>
    <form method="post" action="/stock/docs/{$id}/receive" class="form">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <p class="hint"><xsl:value-of select="q:t('stockdoc.receive.hint')"/></p>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'received'"/>
      </xsl:call-template>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'reason'"/>
      </xsl:call-template>
      <div class="table-wrap" role="region" tabindex="0"
          aria-label="{q:t('stockdoc.lines')}">
        <table class="list">
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.code')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.product')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.shipped-qty')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.qty-done')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.loss-reason')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="line">
              <xsl:variable name="n" select="number(@line-no)"/>
              <xsl:variable name="got">
                <xsl:choose>
                  <xsl:when test="@received"><xsl:value-of select="@received"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@qty"/></xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <tr>
                <td class="num"><xsl:value-of select="@line-no"/></td>
                <td><xsl:value-of select="@code"/></td>
                <td><xsl:value-of select="@name"/></td>
                <td class="num"><xsl:value-of select="@qty"/></td>
                <td>
                  <input type="number" name="received" min="0" max="{number(@qty)}" value="{$got}"
                      id="f-received-{$n}" aria-label="{q:t('stockdoc.col.qty-done')}"/>
                </td>
                <td>
                  <select name="reason" id="f-reason-{$n}" aria-label="{q:t('stockdoc.col.loss-reason')}">
                    <option value=""></option>
                    <xsl:call-template name="loss-options">
                      <xsl:with-param name="sel" select="@loss-reason"/>
                    </xsl:call-template>
                  </select>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('stockdoc.receive')"/></button>
        <xsl:text> </xsl:text>
        <a href="/stock/docs/{$id}"><xsl:value-of select="q:t('stockdoc.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="loss-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'damaged'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.reason.damaged')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'lost'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.reason.lost')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'short_shipped'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.reason.short_shipped')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'other'"/>
      <xsl:with-param name="label" select="q:t('stockdoc.reason.other')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The import                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="page/stockdoc-import" mode="title">
    <xsl:value-of select="q:t('stockdoc.import.title')"/>
  </xsl:template>

  <xsl:template match="page/stockdoc-import" mode="content">
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'docs'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('stockdoc.import.title')"/></h1>
    <xsl:if test="@state = 'done'">
      <p class="msg msg-info">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockdoc.import.done')"/>
          <xsl:with-param name="a1" select="@created"/>
        </xsl:call-template>
      </p>
      <ul>
        <xsl:for-each select="created-doc">
          <li>
            <a href="/stock/docs/{string(@id)}"><xsl:value-of select="@doc-no"/></a>
            <xsl:text> </xsl:text>
            <xsl:call-template name="sd-kind"/>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:if test="@state = 'refused'">
      <h2>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('stockdoc.import.refused')"/>
          <xsl:with-param name="a1" select="@errors"/>
          <xsl:with-param name="a2" select="@docs"/>
        </xsl:call-template>
      </h2>
      <div class="table-wrap" role="region" tabindex="0"
          aria-label="{q:t('stockdoc.import.errors')}">
        <table class="list">
          <thead>
            <tr>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.doc')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.line')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.field')"/></th>
              <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.xml-line')"/></th>
              <th scope="col"><xsl:value-of select="q:t('stockdoc.col.problem')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="error">
              <tr>
                <td class="num"><xsl:value-of select="@doc"/></td>
                <td class="num"><xsl:value-of select="@line"/></td>
                <td><xsl:value-of select="@field"/></td>
                <td class="num"><xsl:value-of select="@xml-line"/></td>
                <td><xsl:value-of select="@message"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
    <form method="post" action="/stock/docs/import" enctype="multipart/form-data" class="form">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label for="f-file"><xsl:value-of select="q:t('stockdoc.import.file')"/></label>
        <input type="file" id="f-file" name="file" accept=".xml,application/xml,text/xml" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'file'"/>
            <xsl:with-param name="hint" select="'import-hint'"/>
          </xsl:call-template>
        </input>
      </div>
      <p class="hint" id="import-hint"><xsl:value-of select="q:t('stockdoc.import.hint')"/></p>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('stockdoc.import.submit')"/></button>
        <xsl:text> </xsl:text>
        <a href="/stock/docs"><xsl:value-of select="q:t('stockdoc.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Goods in transit                                                 -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-transit" mode="title">
    <xsl:value-of select="q:t('stockdoc.transit.title')"/>
  </xsl:template>

  <xsl:template match="page/stock-transit" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@dest">
      <xsl:value-of select="concat('dest=', number(@dest), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@source">
      <xsl:value-of select="concat('source=', number(@source), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <!-- Totals per warehouse: $rows, each linking to the filter $param. -->
  <xsl:template name="transit-totals">
    <xsl:param name="rows"/>
    <xsl:param name="param"/>
    <xsl:param name="label"/>
    <xsl:if test="$rows">
      <table class="list">
        <caption><xsl:value-of select="$label"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('stockdoc.col.warehouse')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.docs')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.qty')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$rows">
            <tr>
              <td>
                <a href="/stock/transit?{$param}={string(@warehouse-id)}">
                  <xsl:value-of select="concat(@code, ' ', @name)"/>
                </a>
              </td>
              <td class="num"><xsl:value-of select="@docs"/></td>
              <td class="num"><xsl:value-of select="@qty"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/stock-transit" mode="content">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="dir-value"/></xsl:variable>
    <xsl:variable name="sort" select="string(@sort)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'transit'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('stockdoc.transit.title')"/></h1>
    <div class="transit-totals">
      <xsl:call-template name="transit-totals">
        <xsl:with-param name="rows" select="by-dest"/>
        <xsl:with-param name="param" select="'dest'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.transit.by-dest')"/>
      </xsl:call-template>
      <xsl:call-template name="transit-totals">
        <xsl:with-param name="rows" select="by-source"/>
        <xsl:with-param name="param" select="'source'"/>
        <xsl:with-param name="label" select="q:t('stockdoc.transit.by-source')"/>
      </xsl:call-template>
    </div>
    <form method="get" action="/stock/transit" class="filters" role="search">
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('stockdoc.search')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-dest"><xsl:value-of select="q:t('stockdoc.col.dest')"/></label>
        <select id="f-dest" name="dest">
          <option value=""><xsl:value-of select="q:t('stockdoc.all')"/></option>
          <xsl:call-template name="wh-options">
            <xsl:with-param name="ws" select="warehouse"/>
            <xsl:with-param name="sel" select="@dest"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-source"><xsl:value-of select="q:t('stockdoc.col.source')"/></label>
        <select id="f-source" name="source">
          <option value=""><xsl:value-of select="q:t('stockdoc.all')"/></option>
          <xsl:call-template name="wh-options">
            <xsl:with-param name="ws" select="warehouse"/>
            <xsl:with-param name="sel" select="@source"/>
          </xsl:call-template>
        </select>
      </div>
      <input type="hidden" name="sort" value="{$sort}"/>
      <input type="hidden" name="dir" value="{$dir}"/>
      <button type="submit"><xsl:value-of select="q:t('stockdoc.filter')"/></button>
    </form>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('stockdoc.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="/stock/transit.csv?{$filters}sort={$sort}&amp;dir={$dir}"><xsl:value-of select="q:t('stockdoc.csv')"/></a>
    </p>
    <xsl:choose>
      <xsl:when test="transit">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('stockdoc.transit.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/transit'"/>
                  <xsl:with-param name="key" select="'no'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.no')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/transit'"/>
                  <xsl:with-param name="key" select="'source'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.source')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/transit'"/>
                  <xsl:with-param name="key" select="'dest'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.dest')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/stock/transit'"/>
                  <xsl:with-param name="key" select="'shipped'"/>
                  <xsl:with-param name="label" select="q:t('stockdoc.col.shipped-on')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.days')"/></th>
                <th scope="col"><xsl:value-of select="q:t('stockdoc.lines')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('stockdoc.col.qty')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="transit">
                <tr>
                  <td><a href="/stock/docs/{string(@id)}"><xsl:value-of select="@doc-no"/></a></td>
                  <td><xsl:value-of select="concat(@source-code, ' ', @source-name)"/></td>
                  <td><xsl:value-of select="concat(@dest-code, ' ', @dest-name)"/></td>
                  <td><xsl:value-of select="@shipped-on"/></td>
                  <td class="num"><xsl:value-of select="@days"/></td>
                  <td>
                    <xsl:for-each select="line">
                      <xsl:if test="position() &gt; 1">, </xsl:if>
                      <xsl:value-of select="concat(@code, ' ', @name, ' × ', @qty)"/>
                    </xsl:for-each>
                  </td>
                  <td class="num"><xsl:value-of select="@qty"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/stock/transit?', $filters, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('stockdoc.transit.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
