<?xml version="1.0" encoding="UTF-8"?>
<!--
  consign.xsl - the consignment pages (src/modules/consign/; documents
  in schema/xsd/consign.xsd), told apart by the data element:

    <consign-stock>    /consignment                 stock per agent, ages
    <consign-reports>  /consignment/reports         sell-through reports
    <consign-report>   /consignment/reports/{id}    one report, its actions
    <consign-print>    /consignment/reports/{id}/print   for paper
    <consign-form>     /consignment/reports/new, /{id}/edit
  (or an <error>, rendered by error.xsl).

  Money arrives formatted (*-text); forms post to paths built from ids and
  carry the CSRF token; URLs hold ids, literals chosen with xsl:choose,
  dates reduced to digits and dashes, and typed text through
  str:encode-uri only.
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
        <span class="status status-draft"><xsl:value-of select="q:t('consign.status.draft')"/></span>
      </xsl:when>
      <xsl:when test="$s = 'pending'">
        <span class="status status-pending"><xsl:value-of select="q:t('consign.status.pending')"/></span>
      </xsl:when>
      <xsl:when test="$s = 'posted'">
        <span class="status status-active"><xsl:value-of select="q:t('consign.status.posted')"/></span>
      </xsl:when>
      <xsl:when test="$s = 'cancelled'">
        <span class="status status-retired"><xsl:value-of select="q:t('consign.status.cancelled')"/></span>
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

  <!-- A labelled input (a textarea when $rows) with its messages. -->
  <xsl:template name="field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="rows" select="0"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="required" select="false()"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <xsl:choose>
        <xsl:when test="$rows &gt; 0">
          <textarea id="f-{$name}" name="{$name}" rows="{$rows}">
            <xsl:if test="$required">
              <xsl:attribute name="required">required</xsl:attribute>
            </xsl:if>
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hint" select="$hint"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}">
            <xsl:if test="string($max) != ''">
              <xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$required">
              <xsl:attribute name="required">required</xsl:attribute>
            </xsl:if>
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hint" select="$hint"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- The agent filter: a select of agent-option. -->
  <xsl:template name="agent-select">
    <div class="field">
      <label for="f-agent"><xsl:value-of select="q:t('consign.col.agent')"/></label>
      <select id="f-agent" name="agent">
        <option value=""><xsl:value-of select="q:t('consign.all')"/></option>
        <xsl:variable name="sel" select="@agent"/>
        <xsl:for-each select="agent-option">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="@party-id"/>
            <xsl:with-param name="label" select="concat(@name, ' (', @code, ')')"/>
            <xsl:with-param name="sel" select="$sel"/>
          </xsl:call-template>
        </xsl:for-each>
      </select>
    </div>
  </xsl:template>

  <!-- A column heading that sorts $path by $key (a literal). -->
  <xsl:template name="sort-th">
    <xsl:param name="path"/>
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
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
      <a href="{$path}?{$filters}sort={$key}&amp;dir={$dir}">
        <xsl:value-of select="$label"/>
      </a>
    </th>
  </xsl:template>

  <!-- Previous / next page links; $base ends in "?" or "&". -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:if test="number(@pages) &gt; 1">
      <nav class="pager" aria-label="{q:t('consign.pages')}">
        <xsl:if test="number(@page) &gt; 1">
          <a href="{$base}page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('consign.prev')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('consign.page-of')"/>
          <xsl:with-param name="a1" select="@page"/>
          <xsl:with-param name="a2" select="@pages"/>
        </xsl:call-template>
        <xsl:if test="number(@page) &lt; number(@pages)">
          <xsl:text> </xsl:text>
          <a href="{$base}page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('consign.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- "Showing {1}-{2} of {3}" and the CSV link. -->
  <xsl:template name="shown">
    <xsl:param name="csv"/>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('consign.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="{$csv}"><xsl:value-of select="q:t('consign.csv')"/></a>
    </p>
  </xsl:template>

  <!-- The search text of a list as "q=...&" (encoded), or nothing. -->
  <xsl:template name="q-filter">
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@agent) != ''">
      <xsl:value-of select="concat('agent=', number(@agent), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <!-- The age columns of an agent or row. -->
  <xsl:template name="age-cells">
    <td class="num"><xsl:value-of select="@age-0-30"/></td>
    <td class="num"><xsl:value-of select="@age-31-60"/></td>
    <td class="num"><xsl:value-of select="@age-61-90"/></td>
    <td class="num">
      <xsl:if test="number(@age-over-90) &gt; 0">
        <xsl:attribute name="class">num warn</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="@age-over-90"/>
    </td>
    <td class="num">
      <xsl:if test="@oldest-days">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('consign.days')"/>
          <xsl:with-param name="a1" select="@oldest-days"/>
        </xsl:call-template>
      </xsl:if>
    </td>
  </xsl:template>

  <xsl:template name="age-heads">
    <th scope="col" class="num"><xsl:value-of select="q:t('consign.age.30')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('consign.age.60')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('consign.age.90')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('consign.age.older')"/></th>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- GET /consignment                                                 -->
  <!-- ================================================================ -->

  <xsl:template match="page/consign-stock" mode="title">
    <xsl:value-of select="q:t('consign.stock.title')"/>
  </xsl:template>

  <xsl:template match="page/consign-stock" mode="content">
    <xsl:variable name="filters"><xsl:call-template name="q-filter"/></xsl:variable>
    <xsl:variable name="sort">
      <xsl:choose>
        <xsl:when test="@sort = 'warehouse'">warehouse</xsl:when>
        <xsl:when test="@sort = 'product'">product</xsl:when>
        <xsl:when test="@sort = 'on_hand'">on_hand</xsl:when>
        <xsl:when test="@sort = 'value'">value</xsl:when>
        <xsl:when test="@sort = 'age'">age</xsl:when>
        <xsl:otherwise>agent</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="dir">
      <xsl:choose>
        <xsl:when test="@dir = 'desc'">desc</xsl:when>
        <xsl:otherwise>asc</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'consignment'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('consign.stock.title')"/></h1>
    <p class="actions">
      <a href="/consignment/reports"><xsl:value-of select="q:t('consign.reports.title')"/></a>
    </p>
    <form method="get" action="/consignment" class="filters" role="search">
      <xsl:call-template name="agent-select"/>
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('consign.search.product')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <input type="hidden" name="sort" value="{$sort}"/>
      <input type="hidden" name="dir" value="{$dir}"/>
      <button type="submit"><xsl:value-of select="q:t('consign.filter')"/></button>
    </form>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('consign.stock.as-of')"/>
        <xsl:with-param name="a1" select="@today"/>
      </xsl:call-template>
    </p>
    <xsl:choose>
      <xsl:when test="row">
        <section class="agents">
          <h2><xsl:value-of select="q:t('consign.stock.by-agent')"/></h2>
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('consign.stock.by-agent')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('consign.col.agent')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.warehouses')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.on-hand')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.value')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.list-value')"/></th>
                  <xsl:call-template name="age-heads"/>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.oldest')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="agent">
                  <tr>
                    <td><xsl:value-of select="concat(@name, ' (', @code, ')')"/></td>
                    <td class="num"><xsl:value-of select="@warehouses"/></td>
                    <td class="num"><xsl:value-of select="@on-hand"/></td>
                    <td class="num"><xsl:value-of select="@value-text"/></td>
                    <td class="num"><xsl:value-of select="@list-value-text"/></td>
                    <xsl:call-template name="age-cells"/>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </section>
        <section class="rows">
          <h2><xsl:value-of select="q:t('consign.stock.rows')"/></h2>
          <xsl:call-template name="shown">
            <xsl:with-param name="csv" select="concat('/consignment.csv?', $filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
          </xsl:call-template>
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('consign.stock.rows')}">
            <table class="list">
              <thead>
                <tr>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="path" select="'/consignment'"/>
                    <xsl:with-param name="key" select="'agent'"/>
                    <xsl:with-param name="label" select="q:t('consign.col.agent')"/>
                    <xsl:with-param name="filters" select="$filters"/>
                  </xsl:call-template>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="path" select="'/consignment'"/>
                    <xsl:with-param name="key" select="'warehouse'"/>
                    <xsl:with-param name="label" select="q:t('consign.col.warehouse')"/>
                    <xsl:with-param name="filters" select="$filters"/>
                  </xsl:call-template>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="path" select="'/consignment'"/>
                    <xsl:with-param name="key" select="'product'"/>
                    <xsl:with-param name="label" select="q:t('consign.col.product')"/>
                    <xsl:with-param name="filters" select="$filters"/>
                  </xsl:call-template>
                  <th scope="col"><xsl:value-of select="q:t('consign.col.name')"/></th>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="path" select="'/consignment'"/>
                    <xsl:with-param name="key" select="'on_hand'"/>
                    <xsl:with-param name="label" select="q:t('consign.col.on-hand')"/>
                    <xsl:with-param name="filters" select="$filters"/>
                    <xsl:with-param name="class" select="'num'"/>
                  </xsl:call-template>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.price')"/></th>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="path" select="'/consignment'"/>
                    <xsl:with-param name="key" select="'value'"/>
                    <xsl:with-param name="label" select="q:t('consign.col.value')"/>
                    <xsl:with-param name="filters" select="$filters"/>
                    <xsl:with-param name="class" select="'num'"/>
                  </xsl:call-template>
                  <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.list-value')"/></th>
                  <xsl:call-template name="age-heads"/>
                  <xsl:call-template name="sort-th">
                    <xsl:with-param name="path" select="'/consignment'"/>
                    <xsl:with-param name="key" select="'age'"/>
                    <xsl:with-param name="label" select="q:t('consign.col.oldest')"/>
                    <xsl:with-param name="filters" select="$filters"/>
                    <xsl:with-param name="class" select="'num'"/>
                  </xsl:call-template>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="row">
                  <tr>
                    <td><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></td>
                    <td><xsl:value-of select="concat(@warehouse-name, ' (', @warehouse-code, ')')"/></td>
                    <td><xsl:value-of select="@code"/></td>
                    <td><xsl:value-of select="@name"/></td>
                    <td class="num"><xsl:value-of select="concat(@on-hand, ' ', @unit)"/></td>
                    <td class="num"><xsl:value-of select="@price-text"/></td>
                    <td class="num"><xsl:value-of select="@value-text"/></td>
                    <td class="num"><xsl:value-of select="@list-value-text"/></td>
                    <xsl:call-template name="age-cells"/>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:call-template name="pager">
            <xsl:with-param name="base" select="concat('/consignment?', $filters, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
          </xsl:call-template>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('consign.stock.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- GET /consignment/reports                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/consign-reports" mode="title">
    <xsl:value-of select="q:t('consign.reports.title')"/>
  </xsl:template>

  <xsl:template match="page/consign-reports" mode="content">
    <xsl:variable name="filters">
      <xsl:call-template name="q-filter"/>
      <xsl:choose>
        <xsl:when test="@status = 'draft'">status=draft&amp;</xsl:when>
        <xsl:when test="@status = 'pending'">status=pending&amp;</xsl:when>
        <xsl:when test="@status = 'posted'">status=posted&amp;</xsl:when>
        <xsl:when test="@status = 'cancelled'">status=cancelled&amp;</xsl:when>
      </xsl:choose>
      <xsl:if test="string(@from) != ''">
        <xsl:value-of select="concat('from=', translate(@from, translate(@from, '0123456789-', ''), ''), '&amp;')"/>
      </xsl:if>
      <xsl:if test="string(@to) != ''">
        <xsl:value-of select="concat('to=', translate(@to, translate(@to, '0123456789-', ''), ''), '&amp;')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="sort">
      <xsl:choose>
        <xsl:when test="@sort = 'number'">number</xsl:when>
        <xsl:when test="@sort = 'agent'">agent</xsl:when>
        <xsl:when test="@sort = 'amount'">amount</xsl:when>
        <xsl:when test="@sort = 'status'">status</xsl:when>
        <xsl:otherwise>date</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="dir">
      <xsl:choose>
        <xsl:when test="@dir = 'desc'">desc</xsl:when>
        <xsl:otherwise>asc</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'consignment'"/>
    </xsl:call-template>
    <h1><xsl:value-of select="q:t('consign.reports.title')"/></h1>
    <p class="actions">
      <a href="/consignment"><xsl:value-of select="q:t('consign.stock.title')"/></a>
      <xsl:if test="@can-create = 'true'">
        <xsl:text> </xsl:text>
        <a href="/consignment/reports/new" class="button"><xsl:value-of select="q:t('consign.new.link')"/></a>
      </xsl:if>
    </p>
    <form method="get" action="/consignment/reports" class="filters" role="search">
      <xsl:call-template name="agent-select"/>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('consign.col.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('consign.all')"/></option>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'draft'"/>
            <xsl:with-param name="label" select="q:t('consign.status.draft')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'pending'"/>
            <xsl:with-param name="label" select="q:t('consign.status.pending')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'posted'"/>
            <xsl:with-param name="label" select="q:t('consign.status.posted')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'cancelled'"/>
            <xsl:with-param name="label" select="q:t('consign.status.cancelled')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('consign.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('consign.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('consign.search.number')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="40"/>
      </div>
      <input type="hidden" name="sort" value="{$sort}"/>
      <input type="hidden" name="dir" value="{$dir}"/>
      <button type="submit"><xsl:value-of select="q:t('consign.filter')"/></button>
    </form>
    <xsl:call-template name="shown">
      <xsl:with-param name="csv" select="concat('/consignment/reports.csv?', $filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="report">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('consign.reports.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/consignment/reports'"/>
                  <xsl:with-param name="key" select="'number'"/>
                  <xsl:with-param name="label" select="q:t('consign.col.number')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/consignment/reports'"/>
                  <xsl:with-param name="key" select="'date'"/>
                  <xsl:with-param name="label" select="q:t('consign.col.date')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/consignment/reports'"/>
                  <xsl:with-param name="key" select="'agent'"/>
                  <xsl:with-param name="label" select="q:t('consign.col.agent')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('consign.col.warehouse')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.lines')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.qty')"/></th>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/consignment/reports'"/>
                  <xsl:with-param name="key" select="'amount'"/>
                  <xsl:with-param name="label" select="q:t('consign.col.amount')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                  <xsl:with-param name="class" select="'num'"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="path" select="'/consignment/reports'"/>
                  <xsl:with-param name="key" select="'status'"/>
                  <xsl:with-param name="label" select="q:t('consign.col.status')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('consign.col.ref-no')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="report">
                <tr>
                  <td><a href="/consignment/reports/{string(@id)}"><xsl:value-of select="@doc-no"/></a></td>
                  <td><xsl:value-of select="@doc-on"/></td>
                  <td><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></td>
                  <td><xsl:value-of select="@warehouse-code"/></td>
                  <td class="num"><xsl:value-of select="@lines"/></td>
                  <td class="num"><xsl:value-of select="@qty"/></td>
                  <td class="num"><xsl:value-of select="@amount-text"/></td>
                  <td><xsl:call-template name="status-label"/></td>
                  <td><xsl:value-of select="@ref-no"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/consignment/reports?', $filters, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('consign.reports.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One report                                                       -->
  <!-- ================================================================ -->

  <!-- The report's fields (context: consign-report or consign-print). -->
  <xsl:template name="report-fields">
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('consign.col.agent')"/></dt>
        <dd><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('consign.col.warehouse')"/></dt>
        <dd><xsl:value-of select="concat(@warehouse-name, ' (', @warehouse-code, ')')"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('consign.col.date')"/></dt>
        <dd><xsl:value-of select="@doc-on"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('consign.col.status')"/></dt>
        <dd><xsl:call-template name="status-label"/></dd>
      </div>
      <xsl:if test="@ref-no">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('consign.col.ref-no')"/></dt>
          <dd><xsl:value-of select="@ref-no"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@note">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('consign.col.note')"/></dt>
          <dd><xsl:value-of select="@note"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('consign.col.created')"/></dt>
        <dd><xsl:value-of select="concat(translate(substring(@created-at, 1, 16), 'T', ' '), ' ', @created-by)"/></dd>
      </div>
      <xsl:if test="@posted-at">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('consign.col.posted')"/></dt>
          <dd><xsl:value-of select="concat(translate(substring(@posted-at, 1, 16), 'T', ' '), ' ', @posted-by)"/></dd>
        </div>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- The lines with their total. -->
  <xsl:template name="report-lines">
    <xsl:param name="stock" select="true()"/>
    <div class="table-wrap" role="region" tabindex="0"
        aria-label="{q:t('consign.lines')}">
      <table class="list">
        <thead>
          <tr>
            <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.line')"/></th>
            <th scope="col"><xsl:value-of select="q:t('consign.col.product')"/></th>
            <th scope="col"><xsl:value-of select="q:t('consign.col.name')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.qty')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.price')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.amount')"/></th>
            <xsl:if test="$stock">
              <th scope="col" class="num"><xsl:value-of select="q:t('consign.col.on-hand')"/></th>
            </xsl:if>
            <th scope="col"><xsl:value-of select="q:t('consign.col.note')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="line">
            <tr>
              <xsl:if test="$stock and @short = 'true'">
                <xsl:attribute name="class">over-limit</xsl:attribute>
              </xsl:if>
              <td class="num"><xsl:value-of select="@line-no"/></td>
              <td><xsl:value-of select="@code"/></td>
              <td><xsl:value-of select="@name"/></td>
              <td class="num"><xsl:value-of select="concat(@qty, ' ', @unit)"/></td>
              <td class="num"><xsl:value-of select="@price-text"/></td>
              <td class="num"><xsl:value-of select="@amount-text"/></td>
              <xsl:if test="$stock">
                <td class="num">
                  <xsl:value-of select="@on-hand"/>
                  <xsl:if test="@short = 'true'">
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="q:t('consign.short')"/>
                  </xsl:if>
                </td>
              </xsl:if>
              <td><xsl:value-of select="@note"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="3"><xsl:value-of select="q:t('consign.total')"/></th>
            <td class="num"><xsl:value-of select="@qty"/></td>
            <td></td>
            <td class="num"><xsl:value-of select="@amount-text"/></td>
            <xsl:if test="$stock"><td></td></xsl:if>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="page/consign-report" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('consign.report.title')"/>
      <xsl:with-param name="a1" select="@doc-no"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/consign-report" mode="content">
    <xsl:variable name="id" select="string(@id)"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'consignment'"/>
    </xsl:call-template>
    <p><a href="/consignment/reports"><xsl:value-of select="q:t('consign.back')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('consign.report.title')"/>
        <xsl:with-param name="a1" select="@doc-no"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="report-fields"/>
    <h2><xsl:value-of select="q:t('consign.lines')"/></h2>
    <xsl:call-template name="report-lines"/>
    <xsl:if test="entry">
      <section class="entry">
        <h2><xsl:value-of select="q:t('consign.entry.title')"/></h2>
        <p>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('consign.entry.text')"/>
            <xsl:with-param name="a1" select="entry/@amount-text"/>
            <xsl:with-param name="a2" select="entry/@entry-on"/>
            <xsl:with-param name="a3" select="entry/@due-on"/>
          </xsl:call-template>
          <xsl:if test="@can-ledger = 'true'">
            <xsl:text> </xsl:text>
            <a href="/accounts/{string(@party-id)}"><xsl:value-of select="q:t('consign.entry.account')"/></a>
          </xsl:if>
        </p>
      </section>
    </xsl:if>
    <xsl:if test="@status = 'draft' and @by-agent = 'true' and @can-post != 'true'">
      <p class="muted"><xsl:value-of select="q:t('consign.wait-submit')"/></p>
    </xsl:if>
    <div class="form-actions">
      <xsl:if test="@can-edit = 'true'">
        <a href="/consignment/reports/{$id}/edit" class="button"><xsl:value-of select="q:t('consign.edit.link')"/></a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="@can-submit = 'true'">
        <form method="post" action="/consignment/reports/{$id}/submit" class="form-inline">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{number(@version)}"/>
          <button type="submit" class="primary"><xsl:value-of select="q:t('consign.submit')"/></button>
        </form>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="@can-post = 'true'">
        <form method="post" action="/consignment/reports/{$id}/post" class="form-inline">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{number(@version)}"/>
          <button type="submit" class="primary"><xsl:value-of select="q:t('consign.post')"/></button>
        </form>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="@can-cancel = 'true'">
        <form method="post" action="/consignment/reports/{$id}/cancel" class="form-inline">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{number(@version)}"/>
          <button type="submit"><xsl:value-of select="q:t('consign.cancel')"/></button>
        </form>
        <xsl:text> </xsl:text>
      </xsl:if>
      <a href="/consignment/reports/{$id}/print"><xsl:value-of select="q:t('consign.print')"/></a>
    </div>
    <xsl:if test="history/entry">
      <section class="history">
        <h2><xsl:value-of select="q:t('consign.history')"/></h2>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('consign.history')}">
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('consign.col.at')"/></th>
                <th scope="col"><xsl:value-of select="q:t('consign.col.action')"/></th>
                <th scope="col"><xsl:value-of select="q:t('consign.col.user')"/></th>
                <th scope="col"><xsl:value-of select="q:t('consign.col.detail')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="history/entry">
                <tr>
                  <td><xsl:value-of select="translate(substring(@at, 1, 16), 'T', ' ')"/></td>
                  <td><xsl:value-of select="@action"/></td>
                  <td><xsl:value-of select="@login"/></td>
                  <td><xsl:value-of select="@detail"/></td>
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

  <xsl:template match="/page[consign-print]">
    <xsl:variable name="s" select="consign-print"/>
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
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('consign.report.title')"/>
            <xsl:with-param name="a1" select="$s/@doc-no"/>
          </xsl:call-template>
          <xsl:value-of select="concat(' - ', meta/company)"/>
        </title>
        <link rel="stylesheet" href="/static/qudao.css"/>
        <link rel="stylesheet" href="/static/theme-classic.css"/>
      </head>
      <body class="print-view">
        <main id="main" class="content consign-print">
          <header class="print-head">
            <p class="company"><xsl:value-of select="meta/company"/></p>
            <h1><xsl:value-of select="q:t('consign.print.title')"/></h1>
          </header>
          <xsl:for-each select="$s">
            <dl class="fields">
              <div class="field-row">
                <dt><xsl:value-of select="q:t('consign.col.number')"/></dt>
                <dd><xsl:value-of select="@doc-no"/></dd>
              </div>
              <xsl:if test="@address">
                <div class="field-row">
                  <dt><xsl:value-of select="q:t('consign.col.address')"/></dt>
                  <dd><xsl:value-of select="@address"/></dd>
                </div>
              </xsl:if>
              <xsl:if test="@contact or @phone">
                <div class="field-row">
                  <dt><xsl:value-of select="q:t('consign.col.contact')"/></dt>
                  <dd><xsl:value-of select="concat(@contact, ' ', @phone)"/></dd>
                </div>
              </xsl:if>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('consign.col.unit')"/></dt>
                <dd><xsl:value-of select="concat(@unit-name, ' (', @unit-code, ')')"/></dd>
              </div>
            </dl>
            <xsl:call-template name="report-fields"/>
            <xsl:call-template name="report-lines">
              <xsl:with-param name="stock" select="false()"/>
            </xsl:call-template>
            <xsl:if test="entry">
              <p>
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('consign.entry.text')"/>
                  <xsl:with-param name="a1" select="entry/@amount-text"/>
                  <xsl:with-param name="a2" select="entry/@entry-on"/>
                  <xsl:with-param name="a3" select="entry/@due-on"/>
                </xsl:call-template>
              </p>
            </xsl:if>
            <section class="confirm-box">
              <p class="sign">
                <span><xsl:value-of select="q:t('consign.print.agent-seal')"/></span>
                <span><xsl:value-of select="q:t('consign.print.company-seal')"/></span>
              </p>
              <p class="sign">
                <span><xsl:value-of select="q:t('consign.print.date')"/></span>
                <span><xsl:value-of select="q:t('consign.print.date')"/></span>
              </p>
            </section>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The form                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/consign-form" mode="title">
    <xsl:choose>
      <xsl:when test="@mode = 'edit'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('consign.edit.title')"/>
          <xsl:with-param name="a1" select="@doc-no"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('consign.new.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/consign-form" mode="content">
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'consignment'"/>
    </xsl:call-template>
    <h1><xsl:apply-templates select="." mode="title"/></h1>
    <xsl:if test="conflict">
      <section class="conflict" aria-labelledby="conflict-h">
        <h2 id="conflict-h"><xsl:value-of select="q:t('consign.conflict.title')"/></h2>
        <p>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('consign.conflict.saved')"/>
            <xsl:with-param name="a1" select="conflict/@amount-text"/>
          </xsl:call-template>
        </p>
      </section>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="warehouse">
        <form method="post" class="form">
          <xsl:attribute name="action">
            <xsl:choose>
              <xsl:when test="@mode = 'edit'">
                <xsl:value-of select="concat('/consignment/reports/', string(@id), '/edit')"/>
              </xsl:when>
              <xsl:otherwise>/consignment/reports/new</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:call-template name="csrf-field"/>
          <xsl:choose>
            <xsl:when test="@mode = 'edit'">
              <input type="hidden" name="version" value="{@version}"/>
            </xsl:when>
            <xsl:otherwise>
              <input type="hidden" name="doc" value="{number(@doc)}"/>
            </xsl:otherwise>
          </xsl:choose>
          <div class="field">
            <label for="f-warehouse"><xsl:value-of select="q:t('consign.col.warehouse')"/></label>
            <select id="f-warehouse" name="warehouse" required="required">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'warehouse'"/>
              </xsl:call-template>
              <xsl:variable name="sel" select="@warehouse"/>
              <xsl:for-each select="warehouse">
                <xsl:call-template name="option">
                  <xsl:with-param name="v" select="@id"/>
                  <xsl:with-param name="label" select="concat(@party-name, ' (', @party-code, ') - ', @name, ' (', @code, ')')"/>
                  <xsl:with-param name="sel" select="$sel"/>
                </xsl:call-template>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'warehouse'"/>
            </xsl:call-template>
          </div>
          <xsl:call-template name="field">
            <xsl:with-param name="name" select="'doc_on'"/>
            <xsl:with-param name="label" select="q:t('consign.col.date')"/>
            <xsl:with-param name="value" select="@doc-on"/>
            <xsl:with-param name="type" select="'date'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="name" select="'ref_no'"/>
            <xsl:with-param name="label" select="q:t('consign.col.ref-no')"/>
            <xsl:with-param name="value" select="@ref-no"/>
            <xsl:with-param name="max" select="40"/>
          </xsl:call-template>
          <p class="hint" id="lines-hint">
            <xsl:choose>
              <xsl:when test="@prices = 'true'"><xsl:value-of select="q:t('consign.lines.hint-price')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="q:t('consign.lines.hint')"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <xsl:call-template name="field">
            <xsl:with-param name="name" select="'lines'"/>
            <xsl:with-param name="label" select="q:t('consign.lines')"/>
            <xsl:with-param name="value" select="lines"/>
            <xsl:with-param name="rows" select="10"/>
            <xsl:with-param name="hint" select="'lines-hint'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="label" select="q:t('consign.col.note')"/>
            <xsl:with-param name="value" select="@note"/>
            <xsl:with-param name="rows" select="3"/>
          </xsl:call-template>
          <div class="form-actions">
            <button type="submit" class="primary"><xsl:value-of select="q:t('consign.save')"/></button>
            <xsl:text> </xsl:text>
            <xsl:choose>
              <xsl:when test="@mode = 'edit'">
                <a href="/consignment/reports/{string(@id)}"><xsl:value-of select="q:t('consign.back-report')"/></a>
              </xsl:when>
              <xsl:otherwise>
                <a href="/consignment/reports"><xsl:value-of select="q:t('consign.back')"/></a>
              </xsl:otherwise>
            </xsl:choose>
          </div>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('consign.no-warehouse')"/></p>
        <p><a href="/consignment/reports"><xsl:value-of select="q:t('consign.back')"/></a></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
