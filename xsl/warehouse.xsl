<?xml version="1.0" encoding="UTF-8"?>
<!--
  warehouse.xsl - warehouses, their safety stock and the stock alerts
  (src/modules/warehouse/; documents in schema/xsd/warehouse.xsd).  One
  stylesheet for the module's routes, told apart by the data element:

    <warehouse-list>    /warehouses               search, filters, sort, pages, CSV
    <warehouse>         /warehouses/{id}          fields, stock in brief,
                                                  close / reopen, history
    <warehouse-form>    new | edit
    <warehouse-safety>  /warehouses/{id}/safety   settings and the form
    <stock-alerts>      /stock/alerts             below safety stock
  (or an <error>, rendered by error.xsl).  Every page starts with the
  inventory pages' own row of links (stocknav.xsl).

  Forms post to fixed paths built from ids, carry the CSRF token
  (csrf-field) and the row version, and show each field's own messages
  (field-errors).  URLs: ids as C wrote them (not through number(), which
  prints large ids as 9.4e+09), literals chosen with xsl:choose, page
  numbers, and the search text through str:encode-uri only.  Quantities
  arrive as whole numbers and only when the user may see them.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="stocknav.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels, looked up once per page                                  -->
  <!-- ================================================================ -->

  <xsl:variable name="kind-central" select="q:t('warehouse.kind.central')"/>
  <xsl:variable name="kind-branch" select="q:t('warehouse.kind.branch')"/>
  <xsl:variable name="kind-agent" select="q:t('warehouse.kind.agent')"/>
  <xsl:variable name="kind-consignment" select="q:t('warehouse.kind.consignment')"/>
  <xsl:variable name="st-active" select="q:t('warehouse.status.active')"/>
  <xsl:variable name="st-closed" select="q:t('warehouse.status.closed')"/>

  <xsl:template name="wh-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'central'"><xsl:value-of select="$kind-central"/></xsl:when>
      <xsl:when test="$k = 'branch'"><xsl:value-of select="$kind-branch"/></xsl:when>
      <xsl:when test="$k = 'agent'"><xsl:value-of select="$kind-agent"/></xsl:when>
      <xsl:when test="$k = 'consignment'"><xsl:value-of select="$kind-consignment"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="wh-status">
    <xsl:choose>
      <xsl:when test="@status = 'active'"><span class="status status-active"><xsl:value-of select="$st-active"/></span></xsl:when>
      <xsl:otherwise><span class="status status-retired"><xsl:value-of select="$st-closed"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One dt/dd pair, left out when the value is empty. -->
  <xsl:template name="wh-dl">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- "name (code)", nothing when there is no code. -->
  <xsl:template name="wh-named">
    <xsl:param name="name"/>
    <xsl:param name="code"/>
    <xsl:if test="string($code) != ''">
      <xsl:value-of select="concat($name, ' (', $code, ')')"/>
    </xsl:if>
  </xsl:template>

  <!-- One <option> with a literal value $v, selected when $v = $sel. -->
  <xsl:template name="wh-option">
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

  <!-- Options from elements with @id, @code, @name; $sel the chosen id. -->
  <xsl:template name="wh-id-options">
    <xsl:param name="rows"/>
    <xsl:param name="sel"/>
    <xsl:for-each select="$rows">
      <option value="{@id}">
        <xsl:if test="string(@id) = string($sel)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
      </option>
    </xsl:for-each>
  </xsl:template>

  <!-- The four kinds as options. -->
  <xsl:template name="wh-kind-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'central'"/><xsl:with-param name="label" select="$kind-central"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
    <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'branch'"/><xsl:with-param name="label" select="$kind-branch"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
    <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'agent'"/><xsl:with-param name="label" select="$kind-agent"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
    <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'consignment'"/><xsl:with-param name="label" select="$kind-consignment"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
  </xsl:template>

  <!-- A text input (or textarea when $rows) with its label and messages. -->
  <xsl:template name="wh-text">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="readonly" select="false()"/>
    <xsl:param name="rows" select="0"/>
    <xsl:param name="list" select="''"/>
    <xsl:param name="hint" select="''"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <xsl:choose>
        <xsl:when test="$rows &gt; 0">
          <textarea id="f-{$name}" name="{$name}" rows="{$rows}" maxlength="{$max}">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hint" select="$hint"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input type="text" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$max}">
            <xsl:if test="$required">
              <xsl:attribute name="required">required</xsl:attribute>
            </xsl:if>
            <xsl:if test="$readonly">
              <xsl:attribute name="readonly">readonly</xsl:attribute>
            </xsl:if>
            <xsl:if test="$list != ''">
              <xsl:attribute name="list"><xsl:value-of select="$list"/></xsl:attribute>
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

  <!-- The sort and direction fields of a search form. -->
  <xsl:template name="wh-dir-field">
    <xsl:param name="dir"/>
    <div class="field">
      <label for="f-dir"><xsl:value-of select="q:t('warehouse.dir')"/></label>
      <select id="f-dir" name="dir" class="autosubmit">
        <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'asc'"/><xsl:with-param name="label" select="q:t('warehouse.dir.asc')"/><xsl:with-param name="sel" select="$dir"/></xsl:call-template>
        <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'desc'"/><xsl:with-param name="label" select="q:t('warehouse.dir.desc')"/><xsl:with-param name="sel" select="$dir"/></xsl:call-template>
      </select>
    </div>
  </xsl:template>

  <xsl:template name="wh-dir-key">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A column header that sorts by $col (a literal); $base is a fixed
       path with "?" and the filters, each followed by "&". -->
  <xsl:template name="wh-th">
    <xsl:param name="col"/>
    <xsl:param name="label"/>
    <xsl:param name="base"/>
    <xsl:param name="sort"/>
    <xsl:param name="dir"/>
    <xsl:param name="class" select="''"/>
    <th scope="col">
      <xsl:if test="$class != ''"><xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$col = $sort and $dir = 'asc'">
          <xsl:attribute name="aria-sort">ascending</xsl:attribute>
          <a class="sort sort-asc" href="{$base}sort={$col}&amp;dir=desc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25B2;</span>
          </a>
        </xsl:when>
        <xsl:when test="$col = $sort">
          <xsl:attribute name="aria-sort">descending</xsl:attribute>
          <a class="sort sort-desc" href="{$base}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25BC;</span>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <a class="sort" href="{$base}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
          </a>
        </xsl:otherwise>
      </xsl:choose>
    </th>
  </xsl:template>

  <!-- "Showing X-Y of Z", or the empty note. -->
  <xsl:template name="wh-summary">
    <p class="summary">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('warehouse.summary')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
    </p>
  </xsl:template>

  <!-- first / previous / "page X of Y" / next / last; $base ends "page=". -->
  <xsl:template name="wh-pager">
    <xsl:param name="base"/>
    <xsl:variable name="page" select="number(@page)"/>
    <xsl:variable name="pages" select="number(@pages)"/>
    <xsl:if test="$pages &gt; 1">
      <nav class="pager" aria-label="{q:t('warehouse.pager.label')}">
        <ul>
          <xsl:choose>
            <xsl:when test="$page &gt; 1">
              <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('warehouse.pager.first')"/></a></li>
              <li><a href="{$base}{$page - 1}" rel="prev"><xsl:value-of select="q:t('warehouse.pager.prev')"/></a></li>
            </xsl:when>
            <xsl:otherwise>
              <li><span class="disabled"><xsl:value-of select="q:t('warehouse.pager.first')"/></span></li>
              <li><span class="disabled"><xsl:value-of select="q:t('warehouse.pager.prev')"/></span></li>
            </xsl:otherwise>
          </xsl:choose>
          <li class="pager-status" aria-current="page">
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('warehouse.pager.status')"/>
              <xsl:with-param name="a1" select="$page"/>
              <xsl:with-param name="a2" select="$pages"/>
            </xsl:call-template>
          </li>
          <xsl:choose>
            <xsl:when test="$page &lt; $pages">
              <li><a href="{$base}{$page + 1}" rel="next"><xsl:value-of select="q:t('warehouse.pager.next')"/></a></li>
              <li><a href="{$base}{$pages}" rel="last"><xsl:value-of select="q:t('warehouse.pager.last')"/></a></li>
            </xsl:when>
            <xsl:otherwise>
              <li><span class="disabled"><xsl:value-of select="q:t('warehouse.pager.next')"/></span></li>
              <li><span class="disabled"><xsl:value-of select="q:t('warehouse.pager.last')"/></span></li>
            </xsl:otherwise>
          </xsl:choose>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The CSV and XML links of a list; $path a fixed path, $query the
       filters and the order. -->
  <xsl:template name="wh-formats">
    <xsl:param name="path"/>
    <xsl:param name="query"/>
    <p class="formats">
      <a class="format-link" type="text/csv" href="{$path}.csv?{$query}"
          title="{q:t('warehouse.csv-title')}">
        <xsl:value-of select="q:t('warehouse.csv')"/>
      </a>
      <xsl:text> </xsl:text>
      <a class="format-link" type="application/xml"
          href="{$path}.xml?{$query}&amp;page={number(@page)}"
          title="{q:t('warehouse.xml-title')}">
        <xsl:value-of select="q:t('warehouse.xml')"/>
      </a>
    </p>
  </xsl:template>

  <!-- The search text as the start of a query string ("q=...&"). -->
  <xsl:template name="wh-q">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The list                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/warehouse-list" mode="title">
    <xsl:value-of select="q:t('warehouse.list.title')"/>
  </xsl:template>

  <xsl:template name="wh-list-sort">
    <xsl:choose>
      <xsl:when test="@sort = 'name'">name</xsl:when>
      <xsl:when test="@sort = 'kind'">kind</xsl:when>
      <xsl:when test="@sort = 'unit'">unit</xsl:when>
      <xsl:when test="@sort = 'status'">status</xsl:when>
      <xsl:otherwise>code</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/warehouse-list" mode="filters">
    <xsl:call-template name="wh-q"/>
    <xsl:choose>
      <xsl:when test="@kind = 'central'">kind=central&amp;</xsl:when>
      <xsl:when test="@kind = 'branch'">kind=branch&amp;</xsl:when>
      <xsl:when test="@kind = 'agent'">kind=agent&amp;</xsl:when>
      <xsl:when test="@kind = 'consignment'">kind=consignment&amp;</xsl:when>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@status = 'active'">status=active&amp;</xsl:when>
      <xsl:when test="@status = 'closed'">status=closed&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="@unit &gt; 0">
      <xsl:value-of select="concat('unit=', @unit, '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/warehouse-list" mode="content">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="wh-list-sort"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="wh-dir-key"/></xsl:variable>
    <xsl:variable name="query" select="concat($filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
    <xsl:variable name="base" select="concat('/warehouses?', $filters)"/>

    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'warehouses'"/>
    </xsl:call-template>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('warehouse.list.title')"/></h1>
      <xsl:call-template name="wh-formats">
        <xsl:with-param name="path" select="'/warehouses'"/>
        <xsl:with-param name="query" select="$query"/>
      </xsl:call-template>
    </div>
    <xsl:if test="@can-edit = 'true'">
      <p class="actions"><a href="/warehouses/new"><xsl:value-of select="q:t('warehouse.new')"/></a></p>
    </xsl:if>

    <form class="search" method="get" action="/warehouses" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('warehouse.list.search')"/></label>
        <input type="search" id="q" name="q" value="{@q}" maxlength="100"
            placeholder="{q:t('warehouse.list.search-hint')}"/>
      </div>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('warehouse.field.kind')"/></label>
        <select id="f-kind" name="kind">
          <option value=""><xsl:value-of select="q:t('warehouse.all')"/></option>
          <xsl:call-template name="wh-kind-options"><xsl:with-param name="sel" select="@kind"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('warehouse.field.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('warehouse.all')"/></option>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'active'"/><xsl:with-param name="label" select="$st-active"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'closed'"/><xsl:with-param name="label" select="$st-closed"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
        </select>
      </div>
      <xsl:if test="units/unit-option">
        <div class="field">
          <label for="f-unit"><xsl:value-of select="q:t('warehouse.field.unit')"/></label>
          <select id="f-unit" name="unit">
            <option value=""><xsl:value-of select="q:t('warehouse.all')"/></option>
            <xsl:call-template name="wh-id-options">
              <xsl:with-param name="rows" select="units/unit-option"/>
              <xsl:with-param name="sel" select="@unit"/>
            </xsl:call-template>
          </select>
        </div>
      </xsl:if>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('warehouse.sort')"/></label>
        <select id="f-sort" name="sort" class="autosubmit">
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'code'"/><xsl:with-param name="label" select="q:t('warehouse.field.code')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'name'"/><xsl:with-param name="label" select="q:t('warehouse.field.name')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'kind'"/><xsl:with-param name="label" select="q:t('warehouse.field.kind')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'unit'"/><xsl:with-param name="label" select="q:t('warehouse.field.unit')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'status'"/><xsl:with-param name="label" select="q:t('warehouse.field.status')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="wh-dir-field"><xsl:with-param name="dir" select="$dir"/></xsl:call-template>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('warehouse.search')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="warehouse">
        <xsl:call-template name="wh-summary"/>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('warehouse.list.title')}">
          <table class="list warehouses">
            <thead>
              <tr>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'code'"/><xsl:with-param name="label" select="q:t('warehouse.field.code')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'name'"/><xsl:with-param name="label" select="q:t('warehouse.field.name')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'kind'"/><xsl:with-param name="label" select="q:t('warehouse.field.kind')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'unit'"/><xsl:with-param name="label" select="q:t('warehouse.field.unit')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('warehouse.field.party')"/></th>
                <th scope="col"><xsl:value-of select="q:t('warehouse.field.region')"/></th>
                <th scope="col"><xsl:value-of select="q:t('warehouse.field.contact')"/></th>
                <th scope="col"><xsl:value-of select="q:t('warehouse.field.phone')"/></th>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'status'"/><xsl:with-param name="label" select="q:t('warehouse.field.status')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="warehouse">
                <tr>
                  <td class="code"><a href="/warehouses/{@id}"><xsl:value-of select="@code"/></a></td>
                  <td class="name"><xsl:value-of select="@name"/></td>
                  <td><xsl:call-template name="wh-kind"/></td>
                  <td><xsl:value-of select="@unit-name"/></td>
                  <td><xsl:value-of select="@party-name"/></td>
                  <td><xsl:value-of select="@region-name"/></td>
                  <td><xsl:value-of select="@contact"/></td>
                  <td><xsl:value-of select="@phone"/></td>
                  <td><xsl:call-template name="wh-status"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('warehouse.list.empty')"/></p>
          <xsl:if test="$filters != ''">
            <p><a href="/warehouses"><xsl:value-of select="q:t('warehouse.list.show-all')"/></a></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="wh-pager">
      <xsl:with-param name="base" select="concat('/warehouses?', $query, '&amp;page=')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One warehouse                                                    -->
  <!-- ================================================================ -->

  <xsl:template match="page/warehouse" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/warehouse" mode="head">
    <link rel="alternate" type="application/xml" href="/warehouses/{@id}.xml"/>
  </xsl:template>

  <xsl:template match="page/warehouse" mode="content">
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'warehouses'"/>
    </xsl:call-template>
    <p class="back"><a href="/warehouses"><xsl:value-of select="q:t('warehouse.back-list')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub">
        <code><xsl:value-of select="@code"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="wh-kind"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="wh-status"/>
      </p>
    </div>
    <xsl:if test="@can-edit = 'true'">
      <ul class="actions link-list">
        <li><a href="/warehouses/{@id}/edit"><xsl:value-of select="q:t('warehouse.edit')"/></a></li>
        <li><a href="/warehouses/{@id}/safety"><xsl:value-of select="q:t('warehouse.safety.title')"/></a></li>
      </ul>
    </xsl:if>

    <dl class="fields">
      <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.code')"/><xsl:with-param name="value" select="@code"/></xsl:call-template>
      <xsl:call-template name="wh-dl">
        <xsl:with-param name="label" select="q:t('warehouse.field.unit')"/>
        <xsl:with-param name="value"><xsl:call-template name="wh-named"><xsl:with-param name="name" select="@unit-name"/><xsl:with-param name="code" select="@unit-code"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:if test="@party-id">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('warehouse.field.party')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$user-perms[@name = 'party.view' or @name = '*']">
                <a href="/parties/{@party-id}"><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></a>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </xsl:if>
      <xsl:call-template name="wh-dl">
        <xsl:with-param name="label" select="q:t('warehouse.field.region')"/>
        <xsl:with-param name="value"><xsl:call-template name="wh-named"><xsl:with-param name="name" select="@region-name"/><xsl:with-param name="code" select="@region-code"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.address')"/><xsl:with-param name="value" select="@address"/></xsl:call-template>
      <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.contact')"/><xsl:with-param name="value" select="@contact"/></xsl:call-template>
      <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.phone')"/><xsl:with-param name="value" select="@phone"/></xsl:call-template>
      <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.note')"/><xsl:with-param name="value" select="@note"/></xsl:call-template>
      <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.closed-through')"/><xsl:with-param name="value" select="@closed-through"/></xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('warehouse.field.created-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('warehouse.field.updated-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@updated-at"/></xsl:call-template></dd>
      </div>
    </dl>

    <xsl:apply-templates select="stock"/>

    <xsl:if test="@can-edit = 'true'">
      <section class="status-actions">
        <h2><xsl:value-of select="q:t('warehouse.status.title')"/></h2>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'version'"/></xsl:call-template>
        <xsl:choose>
          <xsl:when test="@status = 'active'">
            <form class="form form-inline" method="post" action="/warehouses/{@id}/close">
              <xsl:call-template name="csrf-field"/>
              <input type="hidden" name="version" value="{@version}"/>
              <button type="submit" class="danger"><xsl:value-of select="q:t('warehouse.action.close')"/></button>
            </form>
            <p class="field-hint"><xsl:value-of select="q:t('warehouse.action.close-hint')"/></p>
          </xsl:when>
          <xsl:otherwise>
            <form class="form form-inline" method="post" action="/warehouses/{@id}/reopen">
              <xsl:call-template name="csrf-field"/>
              <input type="hidden" name="version" value="{@version}"/>
              <button type="submit"><xsl:value-of select="q:t('warehouse.action.reopen')"/></button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>

    <xsl:apply-templates select="history"/>
  </xsl:template>

  <xsl:template match="warehouse/stock">
    <section class="stock-brief">
      <h2><xsl:value-of select="q:t('warehouse.stock.title')"/></h2>
      <dl class="fields">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('warehouse.stock.products')"/></dt>
          <dd class="num"><xsl:value-of select="@products"/></dd>
        </div>
        <xsl:if test="@on-hand">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('warehouse.col.on-hand')"/></dt>
            <dd class="num"><xsl:value-of select="@on-hand"/></dd>
          </div>
          <div class="field-row">
            <dt><xsl:value-of select="q:t('warehouse.col.reserved')"/></dt>
            <dd class="num"><xsl:value-of select="@reserved"/></dd>
          </div>
          <div class="field-row">
            <dt><xsl:value-of select="q:t('warehouse.col.in-transit')"/></dt>
            <dd class="num"><xsl:value-of select="@in-transit"/></dd>
          </div>
        </xsl:if>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('warehouse.stock.below')"/></dt>
          <dd class="num"><xsl:value-of select="@below"/></dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('warehouse.stock.settings')"/></dt>
          <dd class="num"><xsl:value-of select="@settings"/></dd>
        </div>
        <xsl:if test="@counting &gt; 0">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('warehouse.stock.counting')"/></dt>
            <dd class="num"><xsl:value-of select="@counting"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="@shipped &gt; 0">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('warehouse.stock.shipped')"/></dt>
            <dd class="num"><xsl:value-of select="@shipped"/></dd>
          </div>
        </xsl:if>
      </dl>
      <ul class="related link-list">
        <li><a href="/stock?warehouse={../@id}"><xsl:value-of select="q:t('warehouse.stock.open')"/></a></li>
        <li><a href="/stock/alerts?warehouse={../@id}"><xsl:value-of select="q:t('warehouse.stock.alerts')"/></a></li>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="warehouse/history">
    <section class="history">
      <h2><xsl:value-of select="q:t('warehouse.history.title')"/></h2>
      <xsl:choose>
        <xsl:when test="entry">
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('warehouse.history.title')}">
            <table class="list history">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('warehouse.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('warehouse.history.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('warehouse.history.action')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('warehouse.history.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="entry">
                  <tr>
                    <td><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@at"/></xsl:call-template></td>
                    <td>
                      <xsl:value-of select="@user-name"/>
                      <xsl:if test="string(@login) != ''">
                        <xsl:value-of select="concat(' (', @login, ')')"/>
                      </xsl:if>
                    </td>
                    <td><code><xsl:value-of select="@action"/></code></td>
                    <td class="detail"><xsl:value-of select="@detail"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('warehouse.history.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The form: new, edit                                              -->
  <!-- ================================================================ -->

  <xsl:template match="page/warehouse-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'new'"><xsl:value-of select="q:t('warehouse.new')"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('warehouse.edit-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/warehouse-form" mode="content">
    <xsl:variable name="title"><xsl:apply-templates select="." mode="title"/></xsl:variable>
    <xsl:variable name="back">
      <xsl:choose>
        <xsl:when test="@id"><xsl:value-of select="concat('/warehouses/', @id)"/></xsl:when>
        <xsl:otherwise>/warehouses</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="fixed" select="@fixed = 'true'"/>
    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'warehouses'"/>
    </xsl:call-template>
    <p class="back"><a href="{$back}"><xsl:value-of select="q:t('warehouse.back')"/></a></p>
    <div class="page-head"><h1><xsl:value-of select="$title"/></h1></div>
    <xsl:apply-templates select="conflict"/>
    <form class="form form-warehouse" method="post">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="@action = 'edit'"><xsl:value-of select="concat('/warehouses/', @id, '/edit')"/></xsl:when>
          <xsl:otherwise>/warehouses/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="@action = 'edit'">
        <input type="hidden" name="version" value="{@version}"/>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'version'"/></xsl:call-template>
      </xsl:if>
      <xsl:if test="$fixed">
        <p class="field-hint" id="fixed-hint"><xsl:value-of select="q:t('warehouse.form.fixed-hint')"/></p>
      </xsl:if>
      <xsl:call-template name="wh-text">
        <xsl:with-param name="name" select="'code'"/>
        <xsl:with-param name="label" select="q:t('warehouse.field.code')"/>
        <xsl:with-param name="value" select="@code"/>
        <xsl:with-param name="max" select="20"/>
        <xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="readonly" select="$fixed"/>
      </xsl:call-template>
      <xsl:call-template name="wh-text">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('warehouse.field.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('warehouse.field.kind')"/></label>
        <xsl:choose>
          <xsl:when test="$fixed">
            <input type="hidden" name="kind" value="{@kind}"/>
            <p id="f-kind" class="field-value"><xsl:call-template name="wh-kind"/></p>
          </xsl:when>
          <xsl:otherwise>
            <select id="f-kind" name="kind" required="required">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'kind'"/><xsl:with-param name="hint" select="'kind-hint'"/></xsl:call-template>
              <xsl:call-template name="wh-kind-options"><xsl:with-param name="sel" select="@kind"/></xsl:call-template>
            </select>
            <p class="field-hint" id="kind-hint"><xsl:value-of select="q:t('warehouse.form.kind-hint')"/></p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'kind'"/></xsl:call-template>
      </div>
      <div class="field">
        <label for="f-unit"><xsl:value-of select="q:t('warehouse.field.unit')"/></label>
        <select id="f-unit" name="unit">
          <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'unit'"/></xsl:call-template>
          <option value=""><xsl:value-of select="q:t('warehouse.choose')"/></option>
          <xsl:variable name="sel" select="string(@unit)"/>
          <xsl:for-each select="unit-option">
            <option value="{@id}">
              <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:if test="@status = 'retired' and string(@id) != $sel"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:if>
              <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'unit'"/></xsl:call-template>
      </div>
      <xsl:call-template name="wh-text">
        <xsl:with-param name="name" select="'party'"/>
        <xsl:with-param name="label" select="q:t('warehouse.field.party-code')"/>
        <xsl:with-param name="value" select="@party"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="list" select="'agent-codes'"/>
        <xsl:with-param name="hint" select="'party-hint'"/>
      </xsl:call-template>
      <p class="field-hint" id="party-hint"><xsl:value-of select="q:t('warehouse.form.party-hint')"/></p>
      <datalist id="agent-codes">
        <xsl:for-each select="agent-option">
          <option value="{@code}"><xsl:value-of select="@name"/></option>
        </xsl:for-each>
      </datalist>
      <div class="field">
        <label for="f-region"><xsl:value-of select="q:t('warehouse.field.region')"/></label>
        <select id="f-region" name="region">
          <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'region'"/></xsl:call-template>
          <option value=""><xsl:value-of select="q:t('warehouse.none')"/></option>
          <xsl:call-template name="wh-id-options">
            <xsl:with-param name="rows" select="region-option"/>
            <xsl:with-param name="sel" select="@region"/>
          </xsl:call-template>
        </select>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'region'"/></xsl:call-template>
      </div>
      <xsl:call-template name="wh-text"><xsl:with-param name="name" select="'address'"/><xsl:with-param name="label" select="q:t('warehouse.field.address')"/><xsl:with-param name="value" select="@address"/><xsl:with-param name="max" select="200"/><xsl:with-param name="rows" select="2"/></xsl:call-template>
      <xsl:call-template name="wh-text"><xsl:with-param name="name" select="'contact'"/><xsl:with-param name="label" select="q:t('warehouse.field.contact')"/><xsl:with-param name="value" select="@contact"/><xsl:with-param name="max" select="60"/></xsl:call-template>
      <xsl:call-template name="wh-text"><xsl:with-param name="name" select="'phone'"/><xsl:with-param name="label" select="q:t('warehouse.field.phone')"/><xsl:with-param name="value" select="@phone"/><xsl:with-param name="max" select="40"/></xsl:call-template>
      <xsl:call-template name="wh-text"><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="q:t('warehouse.field.note')"/><xsl:with-param name="value" select="@note"/><xsl:with-param name="max" select="200"/><xsl:with-param name="rows" select="3"/></xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('warehouse.save')"/></button>
        <xsl:text> </xsl:text>
        <a href="{$back}"><xsl:value-of select="q:t('warehouse.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- A 409: the values saved now beside the form. -->
  <xsl:template match="warehouse-form/conflict">
    <section class="conflict msg-warning" aria-labelledby="conflict-h">
      <h2 id="conflict-h"><xsl:value-of select="q:t('warehouse.conflict.title')"/></h2>
      <p><xsl:value-of select="q:t('warehouse.conflict.hint')"/></p>
      <dl class="fields">
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.code')"/><xsl:with-param name="value" select="@code"/></xsl:call-template>
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.name')"/><xsl:with-param name="value" select="@name"/></xsl:call-template>
        <xsl:call-template name="wh-dl">
          <xsl:with-param name="label" select="q:t('warehouse.field.kind')"/>
          <xsl:with-param name="value"><xsl:call-template name="wh-kind"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.party-code')"/><xsl:with-param name="value" select="@party"/></xsl:call-template>
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.address')"/><xsl:with-param name="value" select="@address"/></xsl:call-template>
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.contact')"/><xsl:with-param name="value" select="@contact"/></xsl:call-template>
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.phone')"/><xsl:with-param name="value" select="@phone"/></xsl:call-template>
        <xsl:call-template name="wh-dl"><xsl:with-param name="label" select="q:t('warehouse.field.note')"/><xsl:with-param name="value" select="@note"/></xsl:call-template>
      </dl>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Safety stock                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/warehouse-safety" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('warehouse.safety.page-title')"/>
      <xsl:with-param name="a1" select="@name"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/warehouse-safety" mode="content">
    <xsl:variable name="title"><xsl:apply-templates select="." mode="title"/></xsl:variable>
    <xsl:variable name="q"><xsl:call-template name="wh-q"/></xsl:variable>
    <xsl:variable name="sort">
      <xsl:choose>
        <xsl:when test="@sort = 'name'">name</xsl:when>
        <xsl:otherwise>code</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="wh-dir-key"/></xsl:variable>
    <xsl:variable name="path" select="concat('/warehouses/', @id, '/safety')"/>
    <xsl:variable name="query" select="concat($q, 'sort=', $sort, '&amp;dir=', $dir)"/>

    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'warehouses'"/>
    </xsl:call-template>
    <p class="back"><a href="/warehouses/{@id}"><xsl:value-of select="q:t('warehouse.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="$title"/></h1>
      <p class="page-sub">
        <code><xsl:value-of select="@code"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="wh-status"/>
      </p>
      <xsl:call-template name="wh-formats">
        <xsl:with-param name="path" select="$path"/>
        <xsl:with-param name="query" select="$query"/>
      </xsl:call-template>
    </div>

    <xsl:choose>
      <xsl:when test="@can-set = 'true'">
        <section class="safety-form">
          <h2><xsl:value-of select="q:t('warehouse.safety.set')"/></h2>
          <form class="form form-safety" method="post" action="{$path}">
            <xsl:call-template name="csrf-field"/>
            <xsl:call-template name="wh-text">
              <xsl:with-param name="name" select="'lines'"/>
              <xsl:with-param name="label" select="q:t('warehouse.safety.lines')"/>
              <xsl:with-param name="value" select="@lines"/>
              <xsl:with-param name="max" select="40000"/>
              <xsl:with-param name="rows" select="8"/>
              <xsl:with-param name="hint" select="'lines-hint'"/>
            </xsl:call-template>
            <p class="field-hint" id="lines-hint"><xsl:value-of select="q:t('warehouse.safety.hint')"/></p>
            <div class="form-actions">
              <button type="submit" class="primary"><xsl:value-of select="q:t('warehouse.save')"/></button>
            </div>
          </form>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'lines'"/></xsl:call-template>
        <p class="muted"><xsl:value-of select="q:t('warehouse.safety.closed')"/></p>
      </xsl:otherwise>
    </xsl:choose>

    <section class="safety-list">
      <h2><xsl:value-of select="q:t('warehouse.safety.current')"/></h2>
      <form class="search" method="get" action="{$path}" role="search">
        <div class="field field-q">
          <label for="q"><xsl:value-of select="q:t('warehouse.product-search')"/></label>
          <input type="search" id="q" name="q" value="{@q}" maxlength="100"/>
        </div>
        <div class="field">
          <label for="f-sort"><xsl:value-of select="q:t('warehouse.sort')"/></label>
          <select id="f-sort" name="sort" class="autosubmit">
            <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'code'"/><xsl:with-param name="label" select="q:t('warehouse.col.product')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
            <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'name'"/><xsl:with-param name="label" select="q:t('warehouse.col.product-name')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          </select>
        </div>
        <xsl:call-template name="wh-dir-field"><xsl:with-param name="dir" select="$dir"/></xsl:call-template>
        <div class="field field-submit">
          <button type="submit"><xsl:value-of select="q:t('warehouse.search')"/></button>
        </div>
      </form>
      <xsl:choose>
        <xsl:when test="setting">
          <xsl:call-template name="wh-summary"/>
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('warehouse.safety.current')}">
            <table class="list safety">
              <thead>
                <tr>
                  <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'code'"/><xsl:with-param name="label" select="q:t('warehouse.col.product')"/><xsl:with-param name="base" select="concat($path, '?', $q)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                  <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'name'"/><xsl:with-param name="label" select="q:t('warehouse.col.product-name')"/><xsl:with-param name="base" select="concat($path, '?', $q)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                  <th scope="col"><xsl:value-of select="q:t('warehouse.col.unit')"/></th>
                  <xsl:call-template name="wh-qty-heads"/>
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.safety')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.target')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="setting">
                  <tr>
                    <xsl:if test="@below = 'true'"><xsl:attribute name="class">below</xsl:attribute></xsl:if>
                    <td class="code"><xsl:value-of select="@code"/></td>
                    <td class="name"><xsl:value-of select="@name"/></td>
                    <td><xsl:value-of select="@unit"/></td>
                    <xsl:call-template name="wh-qty-cells"/>
                    <td class="num">
                      <xsl:value-of select="@safety"/>
                      <xsl:if test="@below = 'true'">
                        <xsl:text> </xsl:text>
                        <span class="status status-hold"><xsl:value-of select="q:t('warehouse.below')"/></span>
                      </xsl:if>
                    </td>
                    <td class="num"><xsl:value-of select="@target"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('warehouse.safety.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="wh-pager">
        <xsl:with-param name="base" select="concat($path, '?', $query, '&amp;page=')"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- The four quantity columns of a balance row: headers, cells. -->
  <xsl:template name="wh-qty-heads">
    <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.on-hand')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.reserved')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.available')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.in-transit')"/></th>
  </xsl:template>

  <xsl:template name="wh-qty-cells">
    <td class="num"><xsl:value-of select="@on-hand"/></td>
    <td class="num"><xsl:value-of select="@reserved"/></td>
    <td class="num"><xsl:value-of select="@available"/></td>
    <td class="num"><xsl:value-of select="@in-transit"/></td>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Alerts                                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/stock-alerts" mode="title">
    <xsl:value-of select="q:t('warehouse.alerts.title')"/>
  </xsl:template>

  <xsl:template match="page/stock-alerts" mode="filters">
    <xsl:call-template name="wh-q"/>
    <xsl:if test="@warehouse &gt; 0">
      <xsl:value-of select="concat('warehouse=', @warehouse, '&amp;')"/>
    </xsl:if>
    <xsl:if test="@unit &gt; 0">
      <xsl:value-of select="concat('unit=', @unit, '&amp;')"/>
    </xsl:if>
    <xsl:if test="@category &gt; 0">
      <xsl:value-of select="concat('category=', @category, '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/stock-alerts" mode="content">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort">
      <xsl:choose>
        <xsl:when test="@sort = 'product'">product</xsl:when>
        <xsl:when test="@sort = 'available'">available</xsl:when>
        <xsl:when test="@sort = 'reorder'">reorder</xsl:when>
        <xsl:otherwise>warehouse</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="wh-dir-key"/></xsl:variable>
    <xsl:variable name="query" select="concat($filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
    <xsl:variable name="base" select="concat('/stock/alerts?', $filters)"/>
    <xsl:variable name="qty" select="@qty = 'true'"/>

    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'alerts'"/>
    </xsl:call-template>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('warehouse.alerts.title')"/></h1>
      <xsl:call-template name="wh-formats">
        <xsl:with-param name="path" select="'/stock/alerts'"/>
        <xsl:with-param name="query" select="$query"/>
      </xsl:call-template>
    </div>
    <p class="field-hint"><xsl:value-of select="q:t('warehouse.alerts.hint')"/></p>

    <form class="search" method="get" action="/stock/alerts" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('warehouse.product-search')"/></label>
        <input type="search" id="q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-warehouse"><xsl:value-of select="q:t('warehouse.col.warehouse')"/></label>
        <select id="f-warehouse" name="warehouse">
          <option value=""><xsl:value-of select="q:t('warehouse.all')"/></option>
          <xsl:call-template name="wh-id-options">
            <xsl:with-param name="rows" select="warehouses/warehouse-option"/>
            <xsl:with-param name="sel" select="@warehouse"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:if test="units/unit-option">
        <div class="field">
          <label for="f-unit"><xsl:value-of select="q:t('warehouse.field.unit')"/></label>
          <select id="f-unit" name="unit">
            <option value=""><xsl:value-of select="q:t('warehouse.all')"/></option>
            <xsl:call-template name="wh-id-options">
              <xsl:with-param name="rows" select="units/unit-option"/>
              <xsl:with-param name="sel" select="@unit"/>
            </xsl:call-template>
          </select>
        </div>
      </xsl:if>
      <div class="field">
        <label for="f-category"><xsl:value-of select="q:t('warehouse.col.category')"/></label>
        <select id="f-category" name="category">
          <option value=""><xsl:value-of select="q:t('warehouse.all')"/></option>
          <xsl:call-template name="wh-id-options">
            <xsl:with-param name="rows" select="categories/category-option"/>
            <xsl:with-param name="sel" select="@category"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('warehouse.sort')"/></label>
        <select id="f-sort" name="sort" class="autosubmit">
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'warehouse'"/><xsl:with-param name="label" select="q:t('warehouse.col.warehouse')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'product'"/><xsl:with-param name="label" select="q:t('warehouse.col.product')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:if test="$qty">
            <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'available'"/><xsl:with-param name="label" select="q:t('warehouse.col.available')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
            <xsl:call-template name="wh-option"><xsl:with-param name="v" select="'reorder'"/><xsl:with-param name="label" select="q:t('warehouse.col.reorder')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          </xsl:if>
        </select>
      </div>
      <xsl:call-template name="wh-dir-field"><xsl:with-param name="dir" select="$dir"/></xsl:call-template>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('warehouse.search')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="alert">
        <xsl:call-template name="wh-summary"/>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('warehouse.alerts.title')}">
          <table class="list alerts">
            <thead>
              <tr>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'warehouse'"/><xsl:with-param name="label" select="q:t('warehouse.col.warehouse')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'product'"/><xsl:with-param name="label" select="q:t('warehouse.col.product')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('warehouse.col.product-name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('warehouse.col.unit')"/></th>
                <xsl:if test="$qty">
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.on-hand')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.reserved')"/></th>
                  <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'available'"/><xsl:with-param name="label" select="q:t('warehouse.col.available')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/><xsl:with-param name="class" select="'num'"/></xsl:call-template>
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.in-transit')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.safety')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('warehouse.col.target')"/></th>
                  <xsl:call-template name="wh-th"><xsl:with-param name="col" select="'reorder'"/><xsl:with-param name="label" select="q:t('warehouse.col.reorder')"/><xsl:with-param name="base" select="$base"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/><xsl:with-param name="class" select="'num'"/></xsl:call-template>
                </xsl:if>
                <th scope="col"><xsl:value-of select="q:t('warehouse.col.source')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="alert">
                <tr>
                  <td class="code"><a href="/warehouses/{@warehouse-id}"><xsl:value-of select="@warehouse-code"/></a><xsl:text> </xsl:text><xsl:value-of select="@warehouse-name"/></td>
                  <td class="code"><xsl:value-of select="@product-code"/></td>
                  <td class="name"><xsl:value-of select="@product-name"/></td>
                  <td><xsl:value-of select="@unit"/></td>
                  <xsl:if test="$qty">
                    <xsl:call-template name="wh-qty-cells"/>
                    <td class="num"><xsl:value-of select="@safety"/></td>
                    <td class="num"><xsl:value-of select="@target"/></td>
                    <td class="num"><strong><xsl:value-of select="@reorder"/></strong></td>
                  </xsl:if>
                  <td>
                    <xsl:for-each select="source">
                      <a href="/warehouses/{@id}"><xsl:value-of select="@code"/></a>
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="@name"/>
                      <xsl:if test="@available">
                        <xsl:text> </xsl:text>
                        <span class="muted">
                          <xsl:call-template name="fmt">
                            <xsl:with-param name="s" select="q:t('warehouse.alerts.source-available')"/>
                            <xsl:with-param name="a1" select="@available"/>
                          </xsl:call-template>
                        </span>
                      </xsl:if>
                    </xsl:for-each>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('warehouse.alerts.empty')"/></p>
          <xsl:if test="$filters != ''">
            <p><a href="/stock/alerts"><xsl:value-of select="q:t('warehouse.list.show-all')"/></a></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="wh-pager">
      <xsl:with-param name="base" select="concat('/stock/alerts?', $query, '&amp;page=')"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
