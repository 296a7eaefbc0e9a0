<?xml version="1.0" encoding="UTF-8"?>
<!--
  order.xsl - the order pages (routes order.*; src/modules/order.c;
  documents in schema/xsd/order.xsd), told apart by the data element:

    <orders>        /orders              search, filters, sort, pages,
                                         CSV and XML
    <order>         /orders/{id}         the header, the lines with the
                                         explanation of each price, the
                                         promotions considered, the
                                         totals, the history and the
                                         actions (confirm, ship, cancel)
    <order-print>   /orders/{id}/print   for paper, no navigation
  (or an <error>, rendered by error.xsl).

  Money arrives in fen with the display text beside it (*-text), dates
  as ISO dates and
  timestamps as UTC (shown through layout.xsl's timestamp).  The actions
  are POST forms carrying the CSRF token and the order's version, shown
  only when the document says the user may (can-confirm, can-ship,
  can-cancel); the server checks again.  URLs hold ids, literals chosen
  here and the search text through str:encode-uri only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="explain.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels                                                           -->
  <!-- ================================================================ -->

  <!-- An order's status as a badge ($s: placed confirmed shipped
       cancelled; another value is shown as it is). -->
  <xsl:template name="o-status">
    <xsl:param name="s" select="@status"/>
    <xsl:choose>
      <xsl:when test="$s = 'placed'"><span class="status status-placed"><xsl:value-of select="q:t('order.status.placed')"/></span></xsl:when>
      <xsl:when test="$s = 'confirmed'"><span class="status status-confirmed"><xsl:value-of select="q:t('order.status.confirmed')"/></span></xsl:when>
      <xsl:when test="$s = 'shipped'"><span class="status status-shipped"><xsl:value-of select="q:t('order.status.shipped')"/></span></xsl:when>
      <xsl:when test="$s = 'cancelled'"><span class="status status-cancelled"><xsl:value-of select="q:t('order.status.cancelled')"/></span></xsl:when>
      <xsl:otherwise><span class="status"><xsl:value-of select="$s"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What an entry of the history did (the audit action). -->
  <xsl:template name="o-action">
    <xsl:choose>
      <xsl:when test="@action = 'place'"><xsl:value-of select="q:t('order.event.placed')"/></xsl:when>
      <xsl:when test="@action = 'confirm'"><xsl:value-of select="q:t('order.event.confirmed')"/></xsl:when>
      <xsl:when test="@action = 'ship'"><xsl:value-of select="q:t('order.event.shipped')"/></xsl:when>
      <xsl:when test="@action = 'cancel'"><xsl:value-of select="q:t('order.event.cancelled')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@action"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The customer's kind. -->
  <xsl:template name="o-party-kind">
    <xsl:choose>
      <xsl:when test="@party-kind = 'agent'"><xsl:value-of select="q:t('order.party-kind.agent')"/></xsl:when>
      <xsl:when test="@party-kind = 'dealer'"><xsl:value-of select="q:t('order.party-kind.dealer')"/></xsl:when>
      <xsl:when test="@party-kind = 'customer'"><xsl:value-of select="q:t('order.party-kind.customer')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@party-kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The price tier that won a line's base price (price.h): the same
       labels as the price explanations of the catalog and the cart. -->
  <xsl:template name="o-tier">
    <xsl:choose>
      <xsl:when test="@tier = 'customer'"><xsl:value-of select="q:t('price.tier.customer')"/></xsl:when>
      <xsl:when test="@tier = 'customer_break'"><xsl:value-of select="q:t('price.tier.customer_break')"/></xsl:when>
      <xsl:when test="@tier = 'grade'"><xsl:value-of select="q:t('price.tier.grade')"/></xsl:when>
      <xsl:when test="@tier = 'grade_break'"><xsl:value-of select="q:t('price.tier.grade_break')"/></xsl:when>
      <xsl:when test="@tier = 'break'"><xsl:value-of select="q:t('price.tier.break')"/></xsl:when>
      <xsl:when test="@tier = 'category'"><xsl:value-of select="q:t('price.tier.category')"/></xsl:when>
      <xsl:when test="@tier = 'grade_discount'"><xsl:value-of select="q:t('price.tier.grade_discount')"/></xsl:when>
      <xsl:when test="@tier = 'list'"><xsl:value-of select="q:t('price.tier.list')"/></xsl:when>
      <xsl:when test="@tier = 'gift'"><xsl:value-of select="q:t('order.gift')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@tier"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="o-option">
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

  <!-- ================================================================ -->
  <!-- The list                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/orders" mode="title">
    <xsl:value-of select="q:t('order.list.title')"/>
  </xsl:template>

  <!-- The sort column and direction, only ever one of the literals. -->
  <xsl:template name="o-sort-key">
    <xsl:choose>
      <xsl:when test="@sort = 'no'">no</xsl:when>
      <xsl:when test="@sort = 'party'">party</xsl:when>
      <xsl:when test="@sort = 'total'">total</xsl:when>
      <xsl:when test="@sort = 'status'">status</xsl:when>
      <xsl:otherwise>date</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="o-dir-key">
    <xsl:choose>
      <xsl:when test="@dir = 'asc'">asc</xsl:when>
      <xsl:otherwise>desc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The filters as a query string, each followed by "&". -->
  <xsl:template match="page/orders" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@status = 'placed'">status=placed&amp;</xsl:when>
      <xsl:when test="@status = 'confirmed'">status=confirmed&amp;</xsl:when>
      <xsl:when test="@status = 'shipped'">status=shipped&amp;</xsl:when>
      <xsl:when test="@status = 'cancelled'">status=cancelled&amp;</xsl:when>
    </xsl:choose>
    <!-- dates: digits and dashes only -->
    <xsl:if test="string(@from) != ''">
      <xsl:value-of select="concat('from=', translate(@from, translate(@from, '0123456789-', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@to) != ''">
      <xsl:value-of select="concat('to=', translate(@to, translate(@to, '0123456789-', ''), ''), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/orders" mode="head">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="o-sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="o-dir-key"/></xsl:variable>
    <link rel="alternate" type="application/xml"
        href="/orders.xml?{$filters}sort={$sort}&amp;dir={$dir}&amp;page={number(@page)}"/>
  </xsl:template>

  <xsl:template match="page/orders" mode="content">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="o-sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="o-dir-key"/></xsl:variable>
    <xsl:variable name="query" select="concat($filters, 'sort=', $sort, '&amp;dir=', $dir)"/>

    <div class="page-head">
      <h1><xsl:value-of select="q:t('order.list.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="text/csv" href="/orders.csv?{$query}"
            title="{q:t('order.csv-title')}">CSV</a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml"
            href="/orders.xml?{$query}&amp;page={number(@page)}"
            title="{q:t('order.xml-title')}">XML</a>
      </p>
    </div>
    <xsl:if test="$all-perms or ($user-perms[@name = 'order.place'] and $user-perms[@name = 'cart.use'])">
      <p class="actions">
        <a href="/cart"><xsl:value-of select="q:t('order.list.new')"/></a>
      </p>
    </xsl:if>

    <form class="search order-search" method="get" action="/orders" role="search">
      <div class="field field-q">
        <label for="f-q"><xsl:value-of select="q:t('order.list.search')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"
            placeholder="{q:t('order.list.search-hint')}"/>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('order.col.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('order.list.all-statuses')"/></option>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'placed'"/><xsl:with-param name="label" select="q:t('order.status.placed')"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'confirmed'"/><xsl:with-param name="label" select="q:t('order.status.confirmed')"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'shipped'"/><xsl:with-param name="label" select="q:t('order.status.shipped')"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'cancelled'"/><xsl:with-param name="label" select="q:t('order.status.cancelled')"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-from"><xsl:value-of select="q:t('order.list.from')"/></label>
        <input type="date" id="f-from" name="from" value="{@from}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'from'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'from'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-to"><xsl:value-of select="q:t('order.list.to')"/></label>
        <input type="date" id="f-to" name="to" value="{@to}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'to'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'to'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('order.list.sort')"/></label>
        <select id="f-sort" name="sort" class="autosubmit">
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'date'"/><xsl:with-param name="label" select="q:t('order.col.date')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'no'"/><xsl:with-param name="label" select="q:t('order.col.no')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'party'"/><xsl:with-param name="label" select="q:t('order.col.party')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'total'"/><xsl:with-param name="label" select="q:t('order.col.total')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'status'"/><xsl:with-param name="label" select="q:t('order.col.status')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-dir"><xsl:value-of select="q:t('order.list.dir')"/></label>
        <select id="f-dir" name="dir" class="autosubmit">
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'desc'"/><xsl:with-param name="label" select="q:t('dir.desc')"/><xsl:with-param name="sel" select="$dir"/></xsl:call-template>
          <xsl:call-template name="o-option"><xsl:with-param name="v" select="'asc'"/><xsl:with-param name="label" select="q:t('dir.asc')"/><xsl:with-param name="sel" select="$dir"/></xsl:call-template>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('order.list.search-submit')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="order">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('order.list.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('order.list.title')}">
          <table class="list orders">
            <thead>
              <tr>
                <xsl:call-template name="o-th"><xsl:with-param name="col" select="'no'"/><xsl:with-param name="label" select="q:t('order.col.no')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="o-th"><xsl:with-param name="col" select="'date'"/><xsl:with-param name="label" select="q:t('order.col.date')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="o-th"><xsl:with-param name="col" select="'party'"/><xsl:with-param name="label" select="q:t('order.col.party')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('order.col.warehouse')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('order.col.lines')"/></th>
                <xsl:call-template name="o-th"><xsl:with-param name="col" select="'total'"/><xsl:with-param name="label" select="q:t('order.col.total')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/><xsl:with-param name="num" select="true()"/></xsl:call-template>
                <th scope="col" class="num"><xsl:value-of select="q:t('order.col.gift-value')"/></th>
                <xsl:call-template name="o-th"><xsl:with-param name="col" select="'status'"/><xsl:with-param name="label" select="q:t('order.col.status')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="order">
                <tr>
                  <td class="code"><a href="/orders/{string(@id)}"><xsl:value-of select="@no"/></a></td>
                  <td><xsl:value-of select="@order-on"/></td>
                  <td class="name"><xsl:value-of select="concat(@party-code, ' ', @party-name)"/></td>
                  <td class="code"><abbr title="{@warehouse-name}"><xsl:value-of select="@warehouse-code"/></abbr></td>
                  <td class="num"><xsl:value-of select="@lines"/></td>
                  <td class="num"><xsl:value-of select="@total-text"/></td>
                  <td class="num"><xsl:value-of select="@gift-value-text"/></td>
                  <td><xsl:call-template name="o-status"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('order.list.empty')"/></p>
          <xsl:if test="$filters != ''">
            <p><a href="/orders"><xsl:value-of select="q:t('order.list.show-all')"/></a></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="o-pager">
        <xsl:with-param name="base" select="concat('/orders?', $query, '&amp;page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A column header that sorts the list by $col (a literal). -->
  <xsl:template name="o-th">
    <xsl:param name="col"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
    <xsl:param name="sort"/>
    <xsl:param name="dir"/>
    <xsl:param name="num" select="false()"/>
    <th scope="col">
      <xsl:if test="$num"><xsl:attribute name="class">num</xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$col = $sort and $dir = 'asc'">
          <xsl:attribute name="aria-sort">ascending</xsl:attribute>
          <a class="sort sort-asc" href="/orders?{$filters}sort={$col}&amp;dir=desc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25B2;</span>
          </a>
        </xsl:when>
        <xsl:when test="$col = $sort">
          <xsl:attribute name="aria-sort">descending</xsl:attribute>
          <a class="sort sort-desc" href="/orders?{$filters}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25BC;</span>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <a class="sort" href="/orders?{$filters}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
          </a>
        </xsl:otherwise>
      </xsl:choose>
    </th>
  </xsl:template>

  <!-- First / previous / page n of m / next / last; $base ends in
       "page=". -->
  <xsl:template name="o-pager">
    <xsl:param name="base"/>
    <xsl:param name="page"/>
    <xsl:param name="pages"/>
    <nav class="pager" aria-label="{q:t('pager.label')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('pager.first')"/></a></li>
            <li><a href="{$base}{$page - 1}" rel="prev"><xsl:value-of select="q:t('pager.prev')"/></a></li>
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
  <!-- One order                                                        -->
  <!-- ================================================================ -->

  <xsl:template match="page/order" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('order.title')"/>
      <xsl:with-param name="a1" select="@no"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/order" mode="head">
    <link rel="alternate" type="application/xml" href="/orders/{string(@id)}.xml"/>
  </xsl:template>

  <!-- The header of an order as a definition list; $links: link the
       customer to its page (not on paper). -->
  <xsl:template name="order-fields">
    <xsl:param name="links" select="true()"/>
    <dl class="fields order-fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.col.no')"/></dt>
        <dd><xsl:value-of select="@no"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.col.status')"/></dt>
        <dd><xsl:call-template name="o-status"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.col.date')"/></dt>
        <dd><xsl:value-of select="@order-on"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.col.party')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$links and ($all-perms or $user-perms[@name = 'party.view'])">
              <a href="/parties/{string(@party-id)}"><xsl:value-of select="concat(@party-code, ' ', @party-name)"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="concat(@party-code, ' ', @party-name)"/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="@party-kind">
            <xsl:text> </xsl:text>
            <span class="muted">
              <xsl:text>(</xsl:text>
              <xsl:call-template name="o-party-kind"/>
              <xsl:text>)</xsl:text>
            </span>
          </xsl:if>
        </dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.col.warehouse')"/></dt>
        <dd><xsl:value-of select="concat(@warehouse-code, ' ', @warehouse-name)"/></dd>
      </div>
      <xsl:if test="string(@note) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('order.col.note')"/></dt>
          <dd class="pre"><xsl:value-of select="@note"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.col.placed')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template><xsl:if test="@created-by"><xsl:value-of select="concat(' ', @created-by)"/></xsl:if></dd>
      </div>
      <xsl:if test="@confirmed-at">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('order.col.confirmed')"/></dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@confirmed-at"/></xsl:call-template><xsl:if test="@confirmed-by"><xsl:value-of select="concat(' ', @confirmed-by)"/></xsl:if></dd>
        </div>
      </xsl:if>
      <xsl:if test="@shipped-at">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('order.col.shipped')"/></dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@shipped-at"/></xsl:call-template><xsl:if test="@shipped-by"><xsl:value-of select="concat(' ', @shipped-by)"/></xsl:if></dd>
        </div>
      </xsl:if>
      <xsl:if test="@cancelled-at">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('order.col.cancelled')"/></dt>
          <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@cancelled-at"/></xsl:call-template><xsl:if test="@cancelled-by"><xsl:value-of select="concat(' ', @cancelled-by)"/></xsl:if></dd>
        </div>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- The lines.  On the page each line says how its price came about:
       the list price, the tier that won the base price (and its rule),
       the base price, the price after the promotions and the discount
       of the line; a gift line names its promotion.  On paper ($print)
       the basis column and the links are left out. -->
  <xsl:template name="order-lines">
    <xsl:param name="print" select="false()"/>
    <xsl:variable name="link-price" select="not($print) and ($all-perms or $user-perms[@name = 'price.view'])"/>
    <xsl:variable name="link-promo" select="not($print) and ($all-perms or $user-perms[@name = 'promo.view'])"/>
    <xsl:variable name="gift-label" select="q:t('order.gift')"/>
    <xsl:variable name="rule-label" select="q:t('order.rule')"/>
    <xsl:variable name="list-label" select="q:t('order.list-price-of')"/>
    <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('order.lines')}">
      <table class="list order-lines">
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col"><xsl:value-of select="q:t('order.col.code')"/></th>
            <th scope="col"><xsl:value-of select="q:t('order.col.product')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('order.col.qty')"/></th>
            <xsl:choose>
              <xsl:when test="$print">
                <th scope="col" class="num"><xsl:value-of select="q:t('order.col.list-price')"/></th>
              </xsl:when>
              <xsl:otherwise>
                <th scope="col"><xsl:value-of select="q:t('order.col.basis')"/></th>
              </xsl:otherwise>
            </xsl:choose>
            <th scope="col" class="num"><xsl:value-of select="q:t('order.col.base-price')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('order.col.net-price')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('order.col.discount')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('order.col.amount')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="line">
            <tr>
              <xsl:if test="@gift = 'true'"><xsl:attribute name="class">gift</xsl:attribute></xsl:if>
              <td class="num"><xsl:value-of select="@no"/></td>
              <td class="code">
                <xsl:choose>
                  <xsl:when test="$print"><xsl:value-of select="@code"/></xsl:when>
                  <xsl:otherwise><a href="/products/{string(@product-id)}"><xsl:value-of select="@code"/></a></xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="name">
                <xsl:value-of select="@name"/>
                <!-- the specification, unless the name already says it -->
                <xsl:if test="string(@spec) != '' and not(contains(@name, @spec))">
                  <xsl:text> </xsl:text>
                  <span class="muted"><xsl:value-of select="@spec"/></span>
                </xsl:if>
                <xsl:if test="@gift = 'true'">
                  <xsl:text> </xsl:text>
                  <span class="badge gift-badge"><xsl:value-of select="$gift-label"/></span>
                </xsl:if>
              </td>
              <td class="num qty">
                <xsl:value-of select="@qty"/>
                <xsl:if test="string(@unit) != ''">
                  <xsl:text> </xsl:text>
                  <span class="muted"><xsl:value-of select="@unit"/></span>
                </xsl:if>
              </td>
              <xsl:if test="$print">
                <td class="num"><xsl:value-of select="@list-price-text"/></td>
              </xsl:if>
              <xsl:if test="not($print)">
                <td class="basis">
                  <xsl:choose>
                    <xsl:when test="@gift = 'true'">
                      <xsl:value-of select="$gift-label"/>
                      <xsl:if test="@promo-id">
                        <xsl:text> </xsl:text>
                        <xsl:choose>
                          <xsl:when test="$link-promo"><a href="/promotions/{string(@promo-id)}"><xsl:value-of select="@promo-code"/></a></xsl:when>
                          <xsl:otherwise><xsl:value-of select="@promo-code"/></xsl:otherwise>
                        </xsl:choose>
                      </xsl:if>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:choose>
                        <xsl:when test="$link-price"><a href="/prices/{string(@product-id)}"><xsl:call-template name="o-tier"/></a></xsl:when>
                        <xsl:otherwise><xsl:call-template name="o-tier"/></xsl:otherwise>
                      </xsl:choose>
                      <xsl:if test="@rule-id">
                        <xsl:text> </xsl:text>
                        <span class="muted">
                          <xsl:call-template name="fmt">
                            <xsl:with-param name="s" select="$rule-label"/>
                            <xsl:with-param name="a1" select="@rule-id"/>
                          </xsl:call-template>
                        </span>
                      </xsl:if>
                    </xsl:otherwise>
                  </xsl:choose>
                  <br/>
                  <span class="muted">
                    <xsl:call-template name="fmt">
                      <xsl:with-param name="s" select="$list-label"/>
                      <xsl:with-param name="a1" select="@list-price-text"/>
                    </xsl:call-template>
                  </span>
                </td>
              </xsl:if>
              <td class="num"><xsl:value-of select="@base-price-text"/></td>
              <td class="num"><xsl:value-of select="@net-price-text"/></td>
              <td class="num"><xsl:value-of select="@discount-text"/></td>
              <td class="num"><xsl:value-of select="@amount-text"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template name="order-totals">
    <dl class="fields order-totals">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.gross')"/></dt>
        <dd class="num"><xsl:value-of select="@gross-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.discount')"/></dt>
        <dd class="num"><xsl:value-of select="@discount-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('order.total')"/></dt>
        <dd class="num"><strong><xsl:value-of select="@total-text"/></strong></dd>
      </div>
      <xsl:if test="@gift-value != '0'">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('order.gift-value')"/></dt>
          <dd class="num"><xsl:value-of select="@gift-value-text"/></dd>
        </div>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- A button that posts an action of the order with its version. -->
  <xsl:template name="o-act">
    <xsl:param name="act"/>
    <xsl:param name="label"/>
    <xsl:param name="class" select="''"/>
    <form class="form-inline order-act" method="post" action="/orders/{string(@id)}/{$act}">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <button type="submit">
        <xsl:if test="$class != ''"><xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute></xsl:if>
        <xsl:value-of select="$label"/>
      </button>
    </form>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="page/order" mode="content">
    <xsl:variable name="id" select="string(@id)"/>
    <p class="back"><a href="/orders"><xsl:value-of select="q:t('order.back')"/></a></p>
    <div class="page-head">
      <h1>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('order.title')"/>
          <xsl:with-param name="a1" select="@no"/>
        </xsl:call-template>
      </h1>
      <p class="formats">
        <a class="format-link" href="/orders/{$id}/print"><xsl:value-of select="q:t('order.print')"/></a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml" href="/orders/{$id}.xml"
            title="{q:t('order.xml-title')}">XML</a>
      </p>
    </div>

    <xsl:if test="@done">
      <p class="msg msg-info order-done">
        <xsl:choose>
          <xsl:when test="@done = 'placed'"><xsl:value-of select="q:t('order.done.placed')"/></xsl:when>
          <xsl:when test="@done = 'confirmed'"><xsl:value-of select="q:t('order.done.confirmed')"/></xsl:when>
          <xsl:when test="@done = 'shipped'"><xsl:value-of select="q:t('order.done.shipped')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="q:t('order.done.cancelled')"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>

    <xsl:call-template name="order-fields"/>

    <xsl:if test="@can-confirm = 'true' or @can-ship = 'true' or @can-cancel = 'true'">
      <div class="actions order-actions">
        <xsl:if test="@can-confirm = 'true'">
          <xsl:call-template name="o-act">
            <xsl:with-param name="act" select="'confirm'"/>
            <xsl:with-param name="label" select="q:t('order.confirm')"/>
            <xsl:with-param name="class" select="'primary'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="@can-ship = 'true'">
          <xsl:call-template name="o-act">
            <xsl:with-param name="act" select="'ship'"/>
            <xsl:with-param name="label" select="q:t('order.ship')"/>
            <xsl:with-param name="class" select="'primary'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="@can-cancel = 'true'">
          <xsl:call-template name="o-act">
            <xsl:with-param name="act" select="'cancel'"/>
            <xsl:with-param name="label" select="q:t('order.cancel')"/>
            <xsl:with-param name="class" select="'danger'"/>
          </xsl:call-template>
        </xsl:if>
      </div>
    </xsl:if>

    <section class="order-lines-section">
      <h2><xsl:value-of select="q:t('order.lines')"/></h2>
      <xsl:call-template name="order-lines"/>
      <p class="field-hint"><xsl:value-of select="q:t('order.lines.hint')"/></p>
      <xsl:call-template name="order-totals"/>
    </section>

    <xsl:if test="step">
      <section class="order-promotions">
        <h2><xsl:value-of select="q:t('order.promotions')"/></h2>
        <xsl:call-template name="promo-steps">
          <xsl:with-param name="link" select="$all-perms or $user-perms[@name = 'promo.view']"/>
        </xsl:call-template>
      </section>
    </xsl:if>

    <xsl:if test="history/entry">
      <section class="order-history">
        <h2><xsl:value-of select="q:t('order.history')"/></h2>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('order.history')}">
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('order.col.at')"/></th>
                <th scope="col"><xsl:value-of select="q:t('order.col.action')"/></th>
                <th scope="col"><xsl:value-of select="q:t('order.col.user')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="history/entry">
                <tr>
                  <td><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@at"/></xsl:call-template></td>
                  <td><xsl:call-template name="o-action"/></td>
                  <td><xsl:value-of select="@user-name"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The print view: a page of its own, no navigation                 -->
  <!-- ================================================================ -->

  <xsl:template match="/page[order-print]">
    <xsl:variable name="d" select="order-print"/>
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
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('order.title')"/>
              <xsl:with-param name="a1" select="@no"/>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:value-of select="concat(' - ', meta/company)"/>
        </title>
        <link rel="stylesheet" href="/static/qudao.css"/>
        <link rel="stylesheet" href="/static/theme-classic.css"/>
      </head>
      <body class="print-view">
        <main id="main" class="content statement-print order-print">
          <xsl:for-each select="$d">
            <header class="print-head">
              <p class="company"><xsl:value-of select="/page/meta/company"/></p>
              <h1><xsl:value-of select="q:t('order.print.heading')"/></h1>
              <p><xsl:value-of select="@no"/></p>
            </header>
            <xsl:call-template name="order-fields">
              <xsl:with-param name="links" select="false()"/>
            </xsl:call-template>
            <xsl:call-template name="order-lines">
              <xsl:with-param name="print" select="true()"/>
            </xsl:call-template>
            <xsl:call-template name="order-totals"/>
            <section class="confirm-box">
              <p class="sign">
                <span><xsl:value-of select="q:t('order.print.made-by')"/></span>
                <span><xsl:value-of select="q:t('order.print.checked-by')"/></span>
              </p>
              <p class="sign">
                <span><xsl:value-of select="q:t('order.print.received-by')"/></span>
                <span><xsl:value-of select="q:t('order.print.date')"/></span>
              </p>
            </section>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
