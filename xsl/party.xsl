<?xml version="1.0" encoding="UTF-8"?>
<!--
  party.xsl - parties of the channel and their grades
  (src/modules/party/; documents in schema/xsd/party.xsd).  One
  stylesheet for the module's routes, told apart by the data element:

    <party-list>   /parties               search, filters, sort, pages, CSV
    <party>        /parties/{id}          one party: path, children,
                                          balances, grade, history
    <party-form>   new | edit | move forms of a party
    <grades>       /grades                the grades
    <grade-form>   new | edit forms of a grade
  (or an <error>, rendered by error.xsl).

  Forms post to fixed paths built from ids, carry the CSRF token
  (csrf-field) and the row version, and show each field's own messages
  (field-errors).  After a 422 or 409 the field attributes hold what was
  typed; a 409 adds <conflict> with the values saved now.  URLs: ids as C
  wrote them (not through number(), which libxslt prints as 9.2e+09 for
  ids above 1e9), literals chosen with xsl:choose, page numbers, and the
  search text through str:encode-uri only.  Edit links appear only when the document
  says can-edit / can-grade (never for agents and dealers); the server
  checks every request again.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels, looked up once per page                                  -->
  <!-- ================================================================ -->

  <xsl:variable name="kind-agent" select="q:t('party.kind.agent')"/>
  <xsl:variable name="kind-dealer" select="q:t('party.kind.dealer')"/>
  <xsl:variable name="kind-customer" select="q:t('party.kind.customer')"/>

  <xsl:variable name="st-applied" select="q:t('party.status.applied')"/>
  <xsl:variable name="st-review" select="q:t('party.status.review')"/>
  <xsl:variable name="st-approved" select="q:t('party.status.approved')"/>
  <xsl:variable name="st-rejected" select="q:t('party.status.rejected')"/>
  <xsl:variable name="st-suspended" select="q:t('party.status.suspended')"/>
  <xsl:variable name="st-retired" select="q:t('party.status.retired')"/>

  <xsl:variable name="gst-active" select="q:t('party.grade-status.active')"/>
  <xsl:variable name="gst-retired" select="q:t('party.grade-status.retired')"/>

  <xsl:template name="p-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'agent'"><xsl:value-of select="$kind-agent"/></xsl:when>
      <xsl:when test="$k = 'dealer'"><xsl:value-of select="$kind-dealer"/></xsl:when>
      <xsl:when test="$k = 'customer'"><xsl:value-of select="$kind-customer"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The status badge of a party (context: an element with @status). -->
  <xsl:template name="p-status">
    <xsl:param name="s" select="@status"/>
    <xsl:choose>
      <xsl:when test="$s = 'applied'"><span class="status status-applied"><xsl:value-of select="$st-applied"/></span></xsl:when>
      <xsl:when test="$s = 'review'"><span class="status status-review"><xsl:value-of select="$st-review"/></span></xsl:when>
      <xsl:when test="$s = 'approved'"><span class="status status-active"><xsl:value-of select="$st-approved"/></span></xsl:when>
      <xsl:when test="$s = 'rejected'"><span class="status status-rejected"><xsl:value-of select="$st-rejected"/></span></xsl:when>
      <xsl:when test="$s = 'suspended'"><span class="status status-suspended"><xsl:value-of select="$st-suspended"/></span></xsl:when>
      <xsl:when test="$s = 'retired'"><span class="status status-retired"><xsl:value-of select="$st-retired"/></span></xsl:when>
      <xsl:otherwise><span class="status"><xsl:value-of select="$s"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="p-grade-status">
    <xsl:choose>
      <xsl:when test="@status = 'active'"><span class="status status-active"><xsl:value-of select="$gst-active"/></span></xsl:when>
      <xsl:otherwise><span class="status status-retired"><xsl:value-of select="$gst-retired"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One dt/dd pair, left out when the value is empty. -->
  <xsl:template name="p-dl">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- "name (code)" of a referenced row, nothing when there is none. -->
  <xsl:template name="p-named">
    <xsl:param name="name"/>
    <xsl:param name="code"/>
    <xsl:if test="string($code) != ''">
      <xsl:value-of select="concat($name, ' (', $code, ')')"/>
    </xsl:if>
  </xsl:template>

  <!-- One <option> with a literal value $v, selected when $v = $sel. -->
  <xsl:template name="p-option">
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

  <!-- A text input (or textarea when $rows) with its label and messages. -->
  <xsl:template name="p-text">
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
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$max}">
            <xsl:if test="$required">
              <xsl:attribute name="required">required</xsl:attribute>
            </xsl:if>
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- The save button and a way back ($back: a path built from ids). -->
  <xsl:template name="p-actions">
    <xsl:param name="back"/>
    <xsl:param name="label" select="q:t('party.save')"/>
    <div class="form-actions">
      <button type="submit" class="primary"><xsl:value-of select="$label"/></button>
      <xsl:text> </xsl:text>
      <a href="{$back}"><xsl:value-of select="q:t('party.cancel')"/></a>
    </div>
  </xsl:template>

  <xsl:template name="p-conflict-head">
    <h2 id="conflict-h"><xsl:value-of select="q:t('party.conflict.title')"/></h2>
    <p><xsl:value-of select="q:t('party.conflict.hint')"/></p>
  </xsl:template>

  <!-- first / previous / "page X of Y" / next / last; $base ends "page=". -->
  <xsl:template name="p-pager">
    <xsl:param name="base"/>
    <xsl:param name="page"/>
    <xsl:param name="pages"/>
    <nav class="pager" aria-label="{q:t('party.pager.label')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('party.pager.first')"/></a></li>
            <li><a href="{$base}{$page - 1}" rel="prev"><xsl:value-of select="q:t('party.pager.prev')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('party.pager.first')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('party.pager.prev')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
        <li class="pager-status" aria-current="page">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('party.pager.status')"/>
            <xsl:with-param name="a1" select="$page"/>
            <xsl:with-param name="a2" select="$pages"/>
          </xsl:call-template>
        </li>
        <xsl:choose>
          <xsl:when test="$page &lt; $pages">
            <li><a href="{$base}{$page + 1}" rel="next"><xsl:value-of select="q:t('party.pager.next')"/></a></li>
            <li><a href="{$base}{$pages}" rel="last"><xsl:value-of select="q:t('party.pager.last')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('party.pager.next')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('party.pager.last')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
      </ul>
    </nav>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The list                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/party-list" mode="title">
    <xsl:value-of select="q:t('party.list.title')"/>
  </xsl:template>

  <xsl:template name="p-sort-key">
    <xsl:choose>
      <xsl:when test="@sort = 'name'">name</xsl:when>
      <xsl:when test="@sort = 'kind'">kind</xsl:when>
      <xsl:when test="@sort = 'unit'">unit</xsl:when>
      <xsl:when test="@sort = 'status'">status</xsl:when>
      <xsl:otherwise>code</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="p-dir-key">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The filters as a query string, each followed by "&". -->
  <xsl:template match="page/party-list" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@kind = 'agent'">kind=agent&amp;</xsl:when>
      <xsl:when test="@kind = 'dealer'">kind=dealer&amp;</xsl:when>
      <xsl:when test="@kind = 'customer'">kind=customer&amp;</xsl:when>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@status = 'applied'">status=applied&amp;</xsl:when>
      <xsl:when test="@status = 'review'">status=review&amp;</xsl:when>
      <xsl:when test="@status = 'approved'">status=approved&amp;</xsl:when>
      <xsl:when test="@status = 'rejected'">status=rejected&amp;</xsl:when>
      <xsl:when test="@status = 'suspended'">status=suspended&amp;</xsl:when>
      <xsl:when test="@status = 'retired'">status=retired&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="number(@grade) &gt; 0">
      <xsl:value-of select="concat('grade=', @grade, '&amp;')"/>
    </xsl:if>
    <xsl:if test="@unit &gt; 0">
      <xsl:value-of select="concat('unit=', @unit, '&amp;')"/>
    </xsl:if>
    <xsl:if test="@region &gt; 0">
      <xsl:value-of select="concat('region=', @region, '&amp;')"/>
    </xsl:if>
    <xsl:if test="@parent &gt; 0">
      <xsl:value-of select="concat('parent=', @parent, '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/party-list" mode="head">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="p-sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="p-dir-key"/></xsl:variable>
    <link rel="alternate" type="application/xml"
        href="/parties.xml?{$filters}sort={$sort}&amp;dir={$dir}&amp;page={number(@page)}"/>
  </xsl:template>

  <xsl:template match="page/party-list" mode="content">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="p-sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="p-dir-key"/></xsl:variable>
    <xsl:variable name="query" select="concat($filters, 'sort=', $sort, '&amp;dir=', $dir)"/>

    <div class="page-head">
      <h1><xsl:value-of select="q:t('party.list.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="text/csv" href="/parties.csv?{$query}"
            title="{q:t('party.csv-title')}">
          <xsl:value-of select="q:t('party.csv')"/>
        </a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml"
            href="/parties.xml?{$query}&amp;page={number(@page)}"
            title="{q:t('party.xml-title')}">
          <xsl:value-of select="q:t('party.xml')"/>
        </a>
      </p>
    </div>
    <xsl:if test="@can-edit = 'true'">
      <p class="actions">
        <a href="/parties/new"><xsl:value-of select="q:t('party.new')"/></a>
      </p>
    </xsl:if>
    <xsl:if test="@parent-code">
      <p class="filter-note">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('party.list.children-of')"/>
          <xsl:with-param name="a1" select="@parent-name"/>
          <xsl:with-param name="a2" select="@parent-code"/>
        </xsl:call-template>
      </p>
    </xsl:if>

    <form class="search" method="get" action="/parties" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('party.list.search')"/></label>
        <input type="search" id="q" name="q" value="{@q}" maxlength="100"
            placeholder="{q:t('party.list.search-hint')}"/>
      </div>
      <xsl:if test="@parent &gt; 0">
        <input type="hidden" name="parent" value="{@parent}"/>
      </xsl:if>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('party.field.kind')"/></label>
        <select id="f-kind" name="kind">
          <option value=""><xsl:value-of select="q:t('party.list.all-kinds')"/></option>
          <xsl:call-template name="kind-options"><xsl:with-param name="sel" select="@kind"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('party.field.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('party.list.all-statuses')"/></option>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'applied'"/><xsl:with-param name="label" select="$st-applied"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'review'"/><xsl:with-param name="label" select="$st-review"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'approved'"/><xsl:with-param name="label" select="$st-approved"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'rejected'"/><xsl:with-param name="label" select="$st-rejected"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'suspended'"/><xsl:with-param name="label" select="$st-suspended"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'retired'"/><xsl:with-param name="label" select="$st-retired"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-grade"><xsl:value-of select="q:t('party.field.grade')"/></label>
        <select id="f-grade" name="grade">
          <option value=""><xsl:value-of select="q:t('party.list.all-grades')"/></option>
          <xsl:variable name="sel" select="string(@grade)"/>
          <xsl:for-each select="grades/grade-option">
            <option value="{@id}">
              <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:if test="units/unit-option">
        <div class="field">
          <label for="f-unit"><xsl:value-of select="q:t('party.field.unit')"/></label>
          <select id="f-unit" name="unit">
            <option value=""><xsl:value-of select="q:t('party.list.all-units')"/></option>
            <xsl:variable name="sel" select="string(@unit)"/>
            <xsl:for-each select="units/unit-option">
              <option value="{@id}">
                <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <div class="field">
        <label for="f-region"><xsl:value-of select="q:t('party.field.region')"/></label>
        <select id="f-region" name="region">
          <option value=""><xsl:value-of select="q:t('party.list.all-regions')"/></option>
          <xsl:variable name="sel" select="string(@region)"/>
          <xsl:for-each select="regions/region-option">
            <option value="{@id}">
              <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('party.sort')"/></label>
        <select id="f-sort" name="sort" class="autosubmit">
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'code'"/><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'name'"/><xsl:with-param name="label" select="q:t('party.field.name')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'kind'"/><xsl:with-param name="label" select="q:t('party.field.kind')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'unit'"/><xsl:with-param name="label" select="q:t('party.field.unit')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'status'"/><xsl:with-param name="label" select="q:t('party.field.status')"/><xsl:with-param name="sel" select="$sort"/></xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-dir"><xsl:value-of select="q:t('party.dir')"/></label>
        <select id="f-dir" name="dir" class="autosubmit">
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'asc'"/><xsl:with-param name="label" select="q:t('party.dir.asc')"/><xsl:with-param name="sel" select="$dir"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'desc'"/><xsl:with-param name="label" select="q:t('party.dir.desc')"/><xsl:with-param name="sel" select="$dir"/></xsl:call-template>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('party.list.search-submit')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="party">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('party.list.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('party.list.title')}">
          <table class="list parties">
            <thead>
              <tr>
                <xsl:call-template name="p-th"><xsl:with-param name="col" select="'code'"/><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="p-th"><xsl:with-param name="col" select="'name'"/><xsl:with-param name="label" select="q:t('party.field.name')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <xsl:call-template name="p-th"><xsl:with-param name="col" select="'kind'"/><xsl:with-param name="label" select="q:t('party.field.kind')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('party.field.parent')"/></th>
                <th scope="col"><xsl:value-of select="q:t('party.field.grade')"/></th>
                <xsl:call-template name="p-th"><xsl:with-param name="col" select="'unit'"/><xsl:with-param name="label" select="q:t('party.field.unit')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('party.field.contact')"/></th>
                <th scope="col"><xsl:value-of select="q:t('party.field.phone')"/></th>
                <xsl:call-template name="p-th"><xsl:with-param name="col" select="'status'"/><xsl:with-param name="label" select="q:t('party.field.status')"/><xsl:with-param name="filters" select="string($filters)"/><xsl:with-param name="sort" select="string($sort)"/><xsl:with-param name="dir" select="string($dir)"/></xsl:call-template>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="party">
                <tr>
                  <td class="code"><a href="/parties/{@id}"><xsl:value-of select="@code"/></a></td>
                  <td class="name"><xsl:value-of select="@name"/></td>
                  <td><xsl:call-template name="p-kind"/></td>
                  <td>
                    <xsl:if test="@parent-id">
                      <a href="/parties/{@parent-id}"><xsl:value-of select="@parent-code"/></a>
                    </xsl:if>
                  </td>
                  <td><xsl:value-of select="@grade-name"/></td>
                  <td><xsl:value-of select="@unit-name"/></td>
                  <td><xsl:value-of select="@contact"/></td>
                  <td><xsl:value-of select="@phone"/></td>
                  <td><xsl:call-template name="p-status"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('party.list.empty')"/></p>
          <xsl:if test="$filters != ''">
            <p><a href="/parties"><xsl:value-of select="q:t('party.list.show-all')"/></a></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="p-pager">
        <xsl:with-param name="base" select="concat('/parties?', $query, '&amp;page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The three kinds as options; $sel the chosen one. -->
  <xsl:template name="kind-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="p-option"><xsl:with-param name="v" select="'agent'"/><xsl:with-param name="label" select="$kind-agent"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
    <xsl:call-template name="p-option"><xsl:with-param name="v" select="'dealer'"/><xsl:with-param name="label" select="$kind-dealer"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
    <xsl:call-template name="p-option"><xsl:with-param name="v" select="'customer'"/><xsl:with-param name="label" select="$kind-customer"/><xsl:with-param name="sel" select="$sel"/></xsl:call-template>
  </xsl:template>

  <!-- A column header that sorts the list by $col (a literal). -->
  <xsl:template name="p-th">
    <xsl:param name="col"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
    <xsl:param name="sort"/>
    <xsl:param name="dir"/>
    <th scope="col">
      <xsl:choose>
        <xsl:when test="$col = $sort and $dir = 'asc'">
          <xsl:attribute name="aria-sort">ascending</xsl:attribute>
          <a class="sort sort-asc" href="/parties?{$filters}sort={$col}&amp;dir=desc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25B2;</span>
          </a>
        </xsl:when>
        <xsl:when test="$col = $sort">
          <xsl:attribute name="aria-sort">descending</xsl:attribute>
          <a class="sort sort-desc" href="/parties?{$filters}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25BC;</span>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <a class="sort" href="/parties?{$filters}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
          </a>
        </xsl:otherwise>
      </xsl:choose>
    </th>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One party                                                        -->
  <!-- ================================================================ -->

  <xsl:template match="page/party" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/party" mode="head">
    <link rel="alternate" type="application/xml" href="/parties/{@id}.xml"/>
  </xsl:template>

  <xsl:template match="page/party" mode="content">
    <nav class="breadcrumb" aria-label="{q:t('party.path')}">
      <ol>
        <li><a href="/parties"><xsl:value-of select="q:t('party.list.title')"/></a></li>
        <xsl:for-each select="path/party">
          <li><a href="/parties/{@id}"><xsl:value-of select="@name"/></a></li>
        </xsl:for-each>
        <li aria-current="page"><xsl:value-of select="@name"/></li>
      </ol>
    </nav>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub">
        <code><xsl:value-of select="@code"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="p-kind"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="p-status"/>
      </p>
    </div>

    <xsl:variable name="code-q" select="str:encode-uri(string(@code), true())"/>
    <ul class="related link-list">
      <li><a href="/parties/{@id}/docs"><xsl:value-of select="q:t('party.related.docs')"/></a></li>
      <li><a href="/channel/map?root={@id}"><xsl:value-of select="q:t('party.related.map')"/></a></li>
      <xsl:if test="$user-perms[@name = 'ledger.view' or @name = '*']">
        <li><a href="/accounts/{@id}"><xsl:value-of select="q:t('party.related.account')"/></a></li>
        <li><a href="/statements?party={$code-q}"><xsl:value-of select="q:t('party.related.statements')"/></a></li>
      </xsl:if>
      <xsl:if test="$user-perms[@name = 'ticket.view' or @name = '*']">
        <li><a href="/tickets?party={$code-q}"><xsl:value-of select="q:t('party.related.tickets')"/></a></li>
      </xsl:if>
    </ul>

    <xsl:if test="@can-edit = 'true'">
      <ul class="actions link-list">
        <li><a href="/parties/{@id}/edit"><xsl:value-of select="q:t('party.edit')"/></a></li>
        <li><a href="/parties/{@id}/move"><xsl:value-of select="q:t('party.move')"/></a></li>
        <xsl:if test="@kind != 'customer'">
          <li><a href="/parties/new?parent={str:encode-uri(string(@code), true())}"><xsl:value-of select="q:t('party.new-below')"/></a></li>
        </xsl:if>
      </ul>
    </xsl:if>

    <dl class="fields">
      <xsl:if test="@parent-id">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('party.field.parent')"/></dt>
          <dd><a href="/parties/{@parent-id}"><xsl:value-of select="concat(@parent-name, ' (', @parent-code, ')')"/></a></dd>
        </div>
      </xsl:if>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="value" select="@code"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.short-name')"/><xsl:with-param name="value" select="@short-name"/></xsl:call-template>
      <xsl:call-template name="p-dl">
        <xsl:with-param name="label" select="q:t('party.field.unit')"/>
        <xsl:with-param name="value"><xsl:call-template name="p-named"><xsl:with-param name="name" select="@unit-name"/><xsl:with-param name="code" select="@unit-code"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="p-dl">
        <xsl:with-param name="label" select="q:t('party.field.region')"/>
        <xsl:with-param name="value"><xsl:call-template name="p-named"><xsl:with-param name="name" select="@region-name"/><xsl:with-param name="code" select="@region-code"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="p-dl">
        <xsl:with-param name="label" select="q:t('party.field.rep')"/>
        <xsl:with-param name="value"><xsl:call-template name="p-named"><xsl:with-param name="name" select="@rep-name"/><xsl:with-param name="code" select="@rep-emp-no"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="p-dl">
        <xsl:with-param name="label" select="q:t('party.field.grade')"/>
        <xsl:with-param name="value"><xsl:call-template name="p-named"><xsl:with-param name="name" select="@grade-name"/><xsl:with-param name="code" select="@grade-code"/></xsl:call-template></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.contact')"/><xsl:with-param name="value" select="@contact"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.phone')"/><xsl:with-param name="value" select="@phone"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.email')"/><xsl:with-param name="value" select="@email"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.address')"/><xsl:with-param name="value" select="@address"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.tax-no')"/><xsl:with-param name="value" select="@tax-no"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.bank-name')"/><xsl:with-param name="value" select="@bank-name"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.bank-account')"/><xsl:with-param name="value" select="@bank-account"/></xsl:call-template>
      <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.note')"/><xsl:with-param name="value" select="@note"/></xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('party.field.created-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('party.field.updated-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@updated-at"/></xsl:call-template></dd>
      </div>
    </dl>

    <xsl:apply-templates select="account"/>

    <section class="children">
      <h2><xsl:value-of select="q:t('party.children')"/></h2>
      <xsl:choose>
        <xsl:when test="children/party">
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('party.children')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('party.field.code')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.field.name')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.field.kind')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.field.status')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="children/party">
                  <tr>
                    <td class="code"><a href="/parties/{@id}"><xsl:value-of select="@code"/></a></td>
                    <td class="name"><xsl:value-of select="@name"/></td>
                    <td><xsl:call-template name="p-kind"/></td>
                    <td><xsl:call-template name="p-status"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <p><a href="/parties?parent={@id}"><xsl:value-of select="q:t('party.children-list')"/></a></p>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('party.no-children')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:apply-templates select="grade-history"/>

    <xsl:if test="@can-grade = 'true'">
      <section class="set-grade">
        <h2><xsl:value-of select="q:t('party.grade.set')"/></h2>
        <form class="form form-inline" method="post" action="/parties/{@id}/grade">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <div class="field">
            <label for="f-grade"><xsl:value-of select="q:t('party.field.grade')"/></label>
            <select id="f-grade" name="grade">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'grade'"/></xsl:call-template>
              <option value=""><xsl:value-of select="q:t('party.grade.none')"/></option>
              <xsl:variable name="sel" select="string(@grade-id)"/>
              <xsl:for-each select="grade-options/grade-option">
                <option value="{@id}">
                  <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:if test="@status = 'retired' and string(@id) != $sel"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:if>
                  <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'grade'"/></xsl:call-template>
          </div>
          <xsl:call-template name="p-text">
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="label" select="q:t('party.grade.note')"/>
            <xsl:with-param name="max" select="200"/>
          </xsl:call-template>
          <button type="submit"><xsl:value-of select="q:t('party.grade.submit')"/></button>
        </form>
      </section>
    </xsl:if>

    <xsl:if test="@can-edit = 'true' and (@status = 'approved' or @status = 'suspended')">
      <section class="status-actions">
        <h2><xsl:value-of select="q:t('party.status.title')"/></h2>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'action'"/></xsl:call-template>
        <form class="form form-inline" method="post" action="/parties/{@id}/status">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <xsl:if test="@status = 'approved'">
            <button type="submit" name="action" value="suspend"><xsl:value-of select="q:t('party.action.suspend')"/></button>
          </xsl:if>
          <xsl:if test="@status = 'suspended'">
            <button type="submit" name="action" value="reactivate"><xsl:value-of select="q:t('party.action.reactivate')"/></button>
          </xsl:if>
          <xsl:text> </xsl:text>
          <button type="submit" name="action" value="retire" class="danger"><xsl:value-of select="q:t('party.action.retire')"/></button>
        </form>
        <p class="field-hint"><xsl:value-of select="q:t('party.action.retire-hint')"/></p>
      </section>
    </xsl:if>

    <xsl:apply-templates select="history"/>
  </xsl:template>

  <!-- The balances, read-only; the ledger pages are elsewhere. -->
  <xsl:template match="party/account">
    <section class="account">
      <h2><xsl:value-of select="q:t('party.account.title')"/></h2>
      <dl class="fields money">
        <div class="field-row"><dt><xsl:value-of select="q:t('party.account.receivable')"/></dt><dd class="num"><xsl:value-of select="@receivable-text"/></dd></div>
        <div class="field-row"><dt><xsl:value-of select="q:t('party.account.prepayment')"/></dt><dd class="num"><xsl:value-of select="@prepayment-text"/></dd></div>
        <div class="field-row"><dt><xsl:value-of select="q:t('party.account.rebate')"/></dt><dd class="num"><xsl:value-of select="@rebate-text"/></dd></div>
        <div class="field-row"><dt><xsl:value-of select="q:t('party.account.open-orders')"/></dt><dd class="num"><xsl:value-of select="@open-orders-text"/></dd></div>
        <div class="field-row"><dt><xsl:value-of select="q:t('party.account.exposure')"/></dt><dd class="num"><xsl:value-of select="@exposure-text"/></dd></div>
        <div class="field-row"><dt><xsl:value-of select="q:t('party.account.credit-limit')"/></dt><dd class="num"><xsl:value-of select="@credit-limit-text"/></dd></div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('party.account.hold')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="@hold = 'manual'"><xsl:value-of select="q:t('party.hold.manual')"/></xsl:when>
              <xsl:when test="@hold = 'overdue'"><xsl:value-of select="q:t('party.hold.overdue')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="q:t('party.hold.none')"/></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="string(@hold-reason) != ''">
              <xsl:value-of select="concat(' - ', @hold-reason)"/>
            </xsl:if>
          </dd>
        </div>
      </dl>
      <p><a href="/accounts/{../@id}"><xsl:value-of select="q:t('party.account.open')"/></a></p>
    </section>
  </xsl:template>

  <xsl:template match="party/grade-history">
    <section class="grade-history">
      <h2><xsl:value-of select="q:t('party.grade.history')"/></h2>
      <xsl:choose>
        <xsl:when test="change">
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('party.grade.history')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('party.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.grade.from')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.grade.to')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.history.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.grade.note')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="change">
                  <tr>
                    <td><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@at"/></xsl:call-template></td>
                    <td><xsl:call-template name="p-named"><xsl:with-param name="name" select="@from-name"/><xsl:with-param name="code" select="@from-code"/></xsl:call-template></td>
                    <td><xsl:call-template name="p-named"><xsl:with-param name="name" select="@to-name"/><xsl:with-param name="code" select="@to-code"/></xsl:call-template></td>
                    <td><xsl:value-of select="@user-name"/></td>
                    <td><xsl:value-of select="@note"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('party.grade.no-history')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="party/history">
    <section class="history">
      <h2><xsl:value-of select="q:t('party.history.title')"/></h2>
      <xsl:choose>
        <xsl:when test="entry">
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('party.history.title')}">
            <table class="list history">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('party.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.history.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.history.action')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('party.history.detail')"/></th>
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
          <p class="muted"><xsl:value-of select="q:t('party.history.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Party forms: new, edit, move                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/party-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'new'"><xsl:value-of select="q:t('party.new')"/></xsl:when>
      <xsl:when test="@action = 'move'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('party.move-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('party.edit-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/party-form" mode="content">
    <xsl:variable name="title"><xsl:apply-templates select="." mode="title"/></xsl:variable>
    <xsl:variable name="back">
      <xsl:choose>
        <xsl:when test="@id"><xsl:value-of select="concat('/parties/', @id)"/></xsl:when>
        <xsl:otherwise>/parties</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <p class="back"><a href="{$back}"><xsl:value-of select="q:t('party.back')"/></a></p>
    <div class="page-head"><h1><xsl:value-of select="$title"/></h1></div>
    <xsl:apply-templates select="conflict"/>
    <xsl:choose>
      <xsl:when test="@action = 'move'">
        <p class="field-hint"><xsl:value-of select="q:t('party.move-hint')"/></p>
        <form class="form form-move" method="post" action="/parties/{@id}/move">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'version'"/></xsl:call-template>
          <xsl:call-template name="p-dl">
            <xsl:with-param name="label" select="q:t('party.current-parent')"/>
            <xsl:with-param name="value" select="@current-parent"/>
          </xsl:call-template>
          <xsl:call-template name="p-text">
            <xsl:with-param name="name" select="'parent'"/>
            <xsl:with-param name="label" select="q:t('party.new-parent')"/>
            <xsl:with-param name="value" select="@parent"/>
            <xsl:with-param name="max" select="40"/>
          </xsl:call-template>
          <xsl:call-template name="p-actions">
            <xsl:with-param name="back" select="$back"/>
            <xsl:with-param name="label" select="q:t('party.move')"/>
          </xsl:call-template>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <form class="form form-party" method="post">
          <xsl:attribute name="action">
            <xsl:choose>
              <xsl:when test="@action = 'edit'"><xsl:value-of select="concat('/parties/', @id, '/edit')"/></xsl:when>
              <xsl:otherwise>/parties/new</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:call-template name="csrf-field"/>
          <xsl:if test="@action = 'edit'">
            <input type="hidden" name="version" value="{@version}"/>
            <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'version'"/></xsl:call-template>
          </xsl:if>
          <div class="field">
            <label for="f-kind"><xsl:value-of select="q:t('party.field.kind')"/></label>
            <select id="f-kind" name="kind" required="required">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'kind'"/></xsl:call-template>
              <xsl:call-template name="kind-options"><xsl:with-param name="sel" select="@kind"/></xsl:call-template>
            </select>
            <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'kind'"/></xsl:call-template>
          </div>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'code'"/><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="value" select="@code"/><xsl:with-param name="max" select="40"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="q:t('party.field.name')"/><xsl:with-param name="value" select="@name"/><xsl:with-param name="max" select="100"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'short_name'"/><xsl:with-param name="label" select="q:t('party.field.short-name')"/><xsl:with-param name="value" select="@short-name"/><xsl:with-param name="max" select="40"/></xsl:call-template>
          <xsl:if test="@action = 'new'">
            <xsl:call-template name="p-text"><xsl:with-param name="name" select="'parent'"/><xsl:with-param name="label" select="q:t('party.field.parent-code')"/><xsl:with-param name="value" select="@parent"/><xsl:with-param name="max" select="40"/></xsl:call-template>
          </xsl:if>
          <div class="field">
            <label for="f-unit"><xsl:value-of select="q:t('party.field.unit')"/></label>
            <select id="f-unit" name="unit" required="required">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'unit'"/></xsl:call-template>
              <option value=""><xsl:value-of select="q:t('party.choose')"/></option>
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
          <div class="field">
            <label for="f-region"><xsl:value-of select="q:t('party.field.region')"/></label>
            <select id="f-region" name="region">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'region'"/></xsl:call-template>
              <option value=""><xsl:value-of select="q:t('party.none')"/></option>
              <xsl:variable name="sel" select="string(@region)"/>
              <xsl:for-each select="region-option">
                <option value="{@id}">
                  <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'region'"/></xsl:call-template>
          </div>
          <div class="field">
            <label for="f-rep"><xsl:value-of select="q:t('party.field.rep')"/></label>
            <select id="f-rep" name="rep">
              <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'rep'"/></xsl:call-template>
              <option value=""><xsl:value-of select="q:t('party.none')"/></option>
              <xsl:variable name="sel" select="string(@rep)"/>
              <xsl:for-each select="rep-option">
                <option value="{@id}">
                  <xsl:if test="string(@id) = $sel"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="concat(@name, ' (', @emp-no, ')')"/>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'rep'"/></xsl:call-template>
          </div>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'contact'"/><xsl:with-param name="label" select="q:t('party.field.contact')"/><xsl:with-param name="value" select="@contact"/><xsl:with-param name="max" select="60"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'phone'"/><xsl:with-param name="label" select="q:t('party.field.phone')"/><xsl:with-param name="value" select="@phone"/><xsl:with-param name="max" select="40"/><xsl:with-param name="type" select="'tel'"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'email'"/><xsl:with-param name="label" select="q:t('party.field.email')"/><xsl:with-param name="value" select="@email"/><xsl:with-param name="max" select="120"/><xsl:with-param name="type" select="'email'"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'address'"/><xsl:with-param name="label" select="q:t('party.field.address')"/><xsl:with-param name="value" select="@address"/><xsl:with-param name="max" select="200"/><xsl:with-param name="rows" select="2"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'tax_no'"/><xsl:with-param name="label" select="q:t('party.field.tax-no')"/><xsl:with-param name="value" select="@tax-no"/><xsl:with-param name="max" select="40"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'bank_name'"/><xsl:with-param name="label" select="q:t('party.field.bank-name')"/><xsl:with-param name="value" select="@bank-name"/><xsl:with-param name="max" select="100"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'bank_account'"/><xsl:with-param name="label" select="q:t('party.field.bank-account')"/><xsl:with-param name="value" select="@bank-account"/><xsl:with-param name="max" select="40"/></xsl:call-template>
          <xsl:call-template name="p-text"><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="q:t('party.field.note')"/><xsl:with-param name="value" select="@note"/><xsl:with-param name="max" select="500"/><xsl:with-param name="rows" select="3"/></xsl:call-template>
          <xsl:call-template name="p-actions"><xsl:with-param name="back" select="$back"/></xsl:call-template>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A 409 on a party: the values saved now beside the form. -->
  <xsl:template match="party-form/conflict">
    <section class="conflict msg-warning" aria-labelledby="conflict-h">
      <xsl:call-template name="p-conflict-head"/>
      <dl class="fields">
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="value" select="@code"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.name')"/><xsl:with-param name="value" select="@name"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.short-name')"/><xsl:with-param name="value" select="@short-name"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.parent')"/><xsl:with-param name="value" select="@parent"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.contact')"/><xsl:with-param name="value" select="@contact"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.phone')"/><xsl:with-param name="value" select="@phone"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.email')"/><xsl:with-param name="value" select="@email"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.address')"/><xsl:with-param name="value" select="@address"/></xsl:call-template>
        <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.note')"/><xsl:with-param name="value" select="@note"/></xsl:call-template>
      </dl>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Grades                                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/grades" mode="title">
    <xsl:value-of select="q:t('party.grades.title')"/>
  </xsl:template>

  <xsl:template match="page/grades" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('party.grades.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="application/xml" href="/grades.xml" title="{q:t('party.xml-title')}">
          <xsl:value-of select="q:t('party.xml')"/>
        </a>
      </p>
    </div>
    <xsl:if test="@can-edit = 'true'">
      <p class="actions"><a href="/grades/new"><xsl:value-of select="q:t('party.grades.new')"/></a></p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="grade">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('party.grades.title')}">
          <table class="list grades">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('party.field.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('party.field.name')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('party.grades.discount')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('party.grades.sort-key')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('party.grades.parties')"/></th>
                <th scope="col"><xsl:value-of select="q:t('party.field.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('party.field.note')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:variable name="edit" select="@can-edit = 'true'"/>
              <xsl:for-each select="grade">
                <tr>
                  <td class="code">
                    <xsl:choose>
                      <xsl:when test="$edit"><a href="/grades/{@id}/edit"><xsl:value-of select="@code"/></a></xsl:when>
                      <xsl:otherwise><xsl:value-of select="@code"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="name"><xsl:value-of select="@name"/></td>
                  <td class="num"><xsl:value-of select="concat(@discount-text, '%')"/></td>
                  <td class="num"><xsl:value-of select="@sort-key"/></td>
                  <td class="num"><a href="/parties?grade={@id}"><xsl:value-of select="@parties"/></a></td>
                  <td><xsl:call-template name="p-grade-status"/></td>
                  <td><xsl:value-of select="@note"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('party.grades.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/grade-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'new'"><xsl:value-of select="q:t('party.grades.new')"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('party.grades.edit-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/grade-form" mode="content">
    <xsl:variable name="title"><xsl:apply-templates select="." mode="title"/></xsl:variable>
    <p class="back"><a href="/grades"><xsl:value-of select="q:t('party.grades.back')"/></a></p>
    <div class="page-head"><h1><xsl:value-of select="$title"/></h1></div>
    <xsl:if test="conflict">
      <section class="conflict msg-warning" aria-labelledby="conflict-h">
        <xsl:call-template name="p-conflict-head"/>
        <dl class="fields">
          <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="value" select="conflict/@code"/></xsl:call-template>
          <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.name')"/><xsl:with-param name="value" select="conflict/@name"/></xsl:call-template>
          <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.grades.discount')"/><xsl:with-param name="value" select="conflict/@discount"/></xsl:call-template>
          <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.grades.sort-key')"/><xsl:with-param name="value" select="conflict/@sort-key"/></xsl:call-template>
          <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.status')"/><xsl:with-param name="value" select="conflict/@status"/></xsl:call-template>
          <xsl:call-template name="p-dl"><xsl:with-param name="label" select="q:t('party.field.note')"/><xsl:with-param name="value" select="conflict/@note"/></xsl:call-template>
        </dl>
      </section>
    </xsl:if>
    <form class="form form-grade" method="post">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="@action = 'edit'"><xsl:value-of select="concat('/grades/', @id, '/edit')"/></xsl:when>
          <xsl:otherwise>/grades/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="@action = 'edit'">
        <input type="hidden" name="version" value="{@version}"/>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'version'"/></xsl:call-template>
      </xsl:if>
      <xsl:call-template name="p-text"><xsl:with-param name="name" select="'code'"/><xsl:with-param name="label" select="q:t('party.field.code')"/><xsl:with-param name="value" select="@code"/><xsl:with-param name="max" select="20"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="p-text"><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="q:t('party.field.name')"/><xsl:with-param name="value" select="@name"/><xsl:with-param name="max" select="60"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="p-text"><xsl:with-param name="name" select="'discount'"/><xsl:with-param name="label" select="q:t('party.grades.discount-pct')"/><xsl:with-param name="value" select="@discount"/><xsl:with-param name="max" select="10"/></xsl:call-template>
      <xsl:call-template name="p-text"><xsl:with-param name="name" select="'sort_key'"/><xsl:with-param name="label" select="q:t('party.grades.sort-key')"/><xsl:with-param name="value" select="@sort-key"/><xsl:with-param name="max" select="8"/></xsl:call-template>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('party.field.status')"/></label>
        <select id="f-status" name="status" required="required">
          <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'active'"/><xsl:with-param name="label" select="$gst-active"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
          <xsl:call-template name="p-option"><xsl:with-param name="v" select="'retired'"/><xsl:with-param name="label" select="$gst-retired"/><xsl:with-param name="sel" select="@status"/></xsl:call-template>
        </select>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'status'"/></xsl:call-template>
      </div>
      <xsl:call-template name="p-text"><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="q:t('party.field.note')"/><xsl:with-param name="value" select="@note"/><xsl:with-param name="max" select="200"/></xsl:call-template>
      <xsl:call-template name="p-actions"><xsl:with-param name="back" select="'/grades'"/></xsl:call-template>
    </form>
  </xsl:template>

</xsl:stylesheet>
