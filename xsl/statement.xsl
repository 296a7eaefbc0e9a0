<?xml version="1.0" encoding="UTF-8"?>
<!--
  statement.xsl - receivables ageing and customer statements (issue 4;
  src/modules/statement.c; documents in schema/xsd/statement.xsd).  One
  stylesheet for the module's routes, told apart by the data element:

    <ageing>           /receivables/ageing     buckets by days past due
    <statement-list>   /statements             filter, sort, pages
    <statement>        /statements/{id}        one statement, the answer form
    <statement-print>  /statements/{id}/print  the same for paper: a page of
                                               its own, no navigation
    <statement-form>   /statements/new         issue a statement
  (or an <error>, rendered by error.xsl).

  Money comes preformatted from C (*-text); URLs are fixed paths, ids,
  literal choices and str:encode-uri()'d text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels and small parts                                           -->
  <!-- ================================================================ -->

  <xsl:variable name="st-issued" select="q:t('statement.status.issued')"/>
  <xsl:variable name="st-confirmed" select="q:t('statement.status.confirmed')"/>
  <xsl:variable name="st-disputed" select="q:t('statement.status.disputed')"/>

  <xsl:template name="status">
    <xsl:param name="s" select="@status"/>
    <span class="status status-{$s}">
      <xsl:choose>
        <xsl:when test="$s = 'issued'"><xsl:value-of select="$st-issued"/></xsl:when>
        <xsl:when test="$s = 'confirmed'"><xsl:value-of select="$st-confirmed"/></xsl:when>
        <xsl:when test="$s = 'disputed'"><xsl:value-of select="$st-disputed"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template name="kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'receivable'"><xsl:value-of select="q:t('statement.kind.receivable')"/></xsl:when>
      <xsl:when test="$k = 'payment'"><xsl:value-of select="q:t('statement.kind.payment')"/></xsl:when>
      <xsl:when test="$k = 'prepayment'"><xsl:value-of select="q:t('statement.kind.prepayment')"/></xsl:when>
      <xsl:when test="$k = 'prepay_apply'"><xsl:value-of select="q:t('statement.kind.prepay_apply')"/></xsl:when>
      <xsl:when test="$k = 'credit_note'"><xsl:value-of select="q:t('statement.kind.credit_note')"/></xsl:when>
      <xsl:when test="$k = 'adjustment'"><xsl:value-of select="q:t('statement.kind.adjustment')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An xs:dateTime from C shown as "yyyy-mm-dd hh:mm UTC". -->
  <xsl:template name="ts">
    <xsl:param name="t"/>
    <time datetime="{$t}">
      <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 5), ' UTC')"/>
    </time>
  </xsl:template>

  <!-- One <option> with a literal value $v, selected when $v = $sel. -->
  <xsl:template name="option">
    <xsl:param name="v"/>
    <xsl:param name="label"/>
    <xsl:param name="sel"/>
    <option value="{$v}">
      <xsl:if test="$v = string($sel)">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="$label"/>
    </option>
  </xsl:template>

  <!-- A text input with its label and messages ($name: a literal). -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="max" select="''"/>
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

  <!-- Previous / next page links; $base is "/path?filters&" built by the
       caller from literals and encoded text. -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:if test="@pages &gt; 1">
      <nav class="pager" aria-label="{q:t('statement.pages')}">
        <xsl:if test="@page &gt; 1">
          <a rel="prev" href="{$base}page={number(@page) - 1}">
            <xsl:value-of select="q:t('statement.prev')"/>
          </a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <span>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('statement.page-of')"/>
            <xsl:with-param name="a1" select="@page"/>
            <xsl:with-param name="a2" select="@pages"/>
          </xsl:call-template>
        </span>
        <xsl:if test="@page &lt; @pages">
          <xsl:text> </xsl:text>
          <a rel="next" href="{$base}page={number(@page) + 1}">
            <xsl:value-of select="q:t('statement.next')"/>
          </a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Ageing                                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/ageing" mode="title">
    <xsl:value-of select="q:t('statement.ageing.title')"/>
  </xsl:template>

  <!-- The query of the page without sort, dir and page. -->
  <xsl:template match="page/ageing" mode="filters">
    <xsl:value-of select="concat('as_of=', str:encode-uri(@as-of, true()), '&amp;group=')"/>
    <xsl:choose>
      <xsl:when test="@group = 'rep'">rep</xsl:when>
      <xsl:when test="@group = 'unit'">unit</xsl:when>
      <xsl:when test="@group = 'region'">region</xsl:when>
      <xsl:otherwise>party</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('&amp;q=', str:encode-uri(@q, true()))"/>
    </xsl:if>
    <xsl:if test="@unit">
      <xsl:value-of select="concat('&amp;unit=', number(@unit))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/ageing" mode="sort-query">
    <xsl:text>&amp;sort=</xsl:text>
    <xsl:choose>
      <xsl:when test="@sort = 'over90'">over90</xsl:when>
      <xsl:when test="@sort = 'code'">code</xsl:when>
      <xsl:otherwise>total</xsl:otherwise>
    </xsl:choose>
    <xsl:text>&amp;dir=</xsl:text>
    <xsl:choose>
      <xsl:when test="@dir = 'asc'">asc</xsl:when>
      <xsl:otherwise>desc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/ageing" mode="head">
    <xsl:variable name="f"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <link rel="alternate" type="application/xml" href="/receivables/ageing.xml?{$f}"/>
  </xsl:template>

  <xsl:template name="age-heads">
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.current')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.d30')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.d60')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.d90')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.over90')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.unapplied')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.total')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.prepaid')"/></th>
    <th scope="col" class="num"><xsl:value-of select="q:t('statement.ageing.net')"/></th>
  </xsl:template>

  <xsl:template name="age-cells">
    <td class="num"><xsl:value-of select="@current-text"/></td>
    <td class="num"><xsl:value-of select="@d30-text"/></td>
    <td class="num"><xsl:value-of select="@d60-text"/></td>
    <td class="num"><xsl:value-of select="@d90-text"/></td>
    <td class="num"><xsl:value-of select="@over90-text"/></td>
    <td class="num"><xsl:value-of select="@unapplied-text"/></td>
    <td class="num"><strong><xsl:value-of select="@total-text"/></strong></td>
    <td class="num"><xsl:value-of select="@prepaid-text"/></td>
    <td class="num"><xsl:value-of select="@net-text"/></td>
  </xsl:template>

  <xsl:template match="page/ageing" mode="content">
    <xsl:variable name="f"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="s"><xsl:apply-templates select="." mode="sort-query"/></xsl:variable>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('statement.ageing.title')"/></h1>
      <p class="formats">
        <a href="/statements"><xsl:value-of select="q:t('statement.list.title')"/></a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml" href="/receivables/ageing.xml?{$f}{$s}">
          <xsl:value-of select="q:t('statement.xml')"/>
        </a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="text/csv" href="/receivables/ageing.csv?{$f}{$s}">
          <xsl:value-of select="q:t('statement.csv')"/>
        </a>
      </p>
    </div>

    <form class="search" method="get" action="/receivables/ageing" role="search">
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'as_of'"/>
        <xsl:with-param name="label" select="q:t('statement.ageing.as-of')"/>
        <xsl:with-param name="value" select="@as-of"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-group"><xsl:value-of select="q:t('statement.ageing.group')"/></label>
        <select id="f-group" name="group">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'party'"/>
            <xsl:with-param name="label" select="q:t('statement.ageing.by-party')"/>
            <xsl:with-param name="sel" select="@group"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'rep'"/>
            <xsl:with-param name="label" select="q:t('statement.ageing.by-rep')"/>
            <xsl:with-param name="sel" select="@group"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'unit'"/>
            <xsl:with-param name="label" select="q:t('statement.ageing.by-unit')"/>
            <xsl:with-param name="sel" select="@group"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'region'"/>
            <xsl:with-param name="label" select="q:t('statement.ageing.by-region')"/>
            <xsl:with-param name="sel" select="@group"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'q'"/>
        <xsl:with-param name="label" select="q:t('statement.field.party')"/>
        <xsl:with-param name="value" select="@q"/>
        <xsl:with-param name="type" select="'search'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:if test="units/unit-option">
        <div class="field">
          <label for="f-unit"><xsl:value-of select="q:t('statement.field.unit')"/></label>
          <select id="f-unit" name="unit">
            <option value=""><xsl:value-of select="q:t('statement.all-units')"/></option>
            <xsl:variable name="sel" select="string(@unit)"/>
            <xsl:for-each select="units/unit-option">
              <option value="{@id}">
                <xsl:if test="string(@id) = $sel">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('statement.sort')"/></label>
        <select id="f-sort" name="sort">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'total'"/>
            <xsl:with-param name="label" select="q:t('statement.ageing.total')"/>
            <xsl:with-param name="sel" select="@sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'over90'"/>
            <xsl:with-param name="label" select="q:t('statement.ageing.over90')"/>
            <xsl:with-param name="sel" select="@sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'code'"/>
            <xsl:with-param name="label" select="q:t('statement.field.code')"/>
            <xsl:with-param name="sel" select="@sort"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-dir"><xsl:value-of select="q:t('statement.dir')"/></label>
        <select id="f-dir" name="dir">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'desc'"/>
            <xsl:with-param name="label" select="q:t('statement.dir.desc')"/>
            <xsl:with-param name="sel" select="@dir"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'asc'"/>
            <xsl:with-param name="label" select="q:t('statement.dir.asc')"/>
            <xsl:with-param name="sel" select="@dir"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('statement.show')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="group">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('statement.ageing.title')}">
          <table class="list ageing">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('statement.field.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('statement.field.name')"/></th>
                <xsl:call-template name="age-heads"/>
              </tr>
            </thead>
            <xsl:for-each select="group">
              <tbody>
                <tr class="group">
                  <th scope="row">
                    <xsl:choose>
                      <xsl:when test="../@group = 'party'">
                        <a href="/statements?party={str:encode-uri(@code, true())}">
                          <xsl:value-of select="@code"/>
                        </a>
                      </xsl:when>
                      <xsl:when test="@id"><xsl:value-of select="@code"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="q:t('statement.ageing.none')"/></xsl:otherwise>
                    </xsl:choose>
                  </th>
                  <td>
                    <xsl:value-of select="@name"/>
                    <xsl:if test="../@group != 'party'">
                      <xsl:value-of select="concat(' (', @parties, ')')"/>
                    </xsl:if>
                  </td>
                  <xsl:call-template name="age-cells"/>
                </tr>
                <xsl:for-each select="party">
                  <tr class="member">
                    <td>
                      <a href="/statements?party={str:encode-uri(@code, true())}">
                        <xsl:value-of select="@code"/>
                      </a>
                    </td>
                    <td><xsl:value-of select="@name"/></td>
                    <xsl:call-template name="age-cells"/>
                  </tr>
                </xsl:for-each>
              </tbody>
            </xsl:for-each>
            <tfoot>
              <xsl:for-each select="sum">
                <tr class="total">
                  <th scope="row" colspan="2">
                    <xsl:value-of select="q:t('statement.ageing.sum')"/>
                  </th>
                  <xsl:call-template name="age-cells"/>
                </tr>
              </xsl:for-each>
            </tfoot>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/receivables/ageing?', $f, $s, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="q:t('statement.ageing.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The statement list                                               -->
  <!-- ================================================================ -->

  <xsl:template match="page/statement-list" mode="title">
    <xsl:value-of select="q:t('statement.list.title')"/>
  </xsl:template>

  <xsl:template match="page/statement-list" mode="filters">
    <xsl:if test="string(@party) != ''">
      <xsl:value-of select="concat('party=', str:encode-uri(@party, true()), '&amp;')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@status = 'issued'">status=issued&amp;</xsl:when>
      <xsl:when test="@status = 'confirmed'">status=confirmed&amp;</xsl:when>
      <xsl:when test="@status = 'disputed'">status=disputed&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="@from">
      <xsl:value-of select="concat('from=', str:encode-uri(@from, true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@to">
      <xsl:value-of select="concat('to=', str:encode-uri(@to, true()), '&amp;')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@sort = 'party'">sort=party</xsl:when>
      <xsl:otherwise>sort=period</xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@dir = 'asc'">&amp;dir=asc</xsl:when>
      <xsl:otherwise>&amp;dir=desc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/statement-list" mode="head">
    <link rel="alternate" type="application/xml" href="/statements.xml"/>
  </xsl:template>

  <xsl:template match="page/statement-list" mode="content">
    <xsl:variable name="f"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('statement.list.title')"/></h1>
      <p class="formats">
        <a href="/receivables/ageing"><xsl:value-of select="q:t('statement.ageing.title')"/></a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml" href="/statements.xml?{$f}&amp;page={number(@page)}">
          <xsl:value-of select="q:t('statement.xml')"/>
        </a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="text/csv" href="/statements.csv?{$f}">
          <xsl:value-of select="q:t('statement.csv')"/>
        </a>
      </p>
    </div>
    <xsl:if test="@can-issue = 'true'">
      <p class="actions">
        <a href="/statements/new"><xsl:value-of select="q:t('statement.new.title')"/></a>
      </p>
    </xsl:if>

    <form class="search" method="get" action="/statements" role="search">
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'party'"/>
        <xsl:with-param name="label" select="q:t('statement.field.party')"/>
        <xsl:with-param name="value" select="@party"/>
        <xsl:with-param name="type" select="'search'"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('statement.field.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('statement.all-statuses')"/></option>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'issued'"/>
            <xsl:with-param name="label" select="$st-issued"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'confirmed'"/>
            <xsl:with-param name="label" select="$st-confirmed"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'disputed'"/>
            <xsl:with-param name="label" select="$st-disputed"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('statement.field.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('statement.field.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('statement.sort')"/></label>
        <select id="f-sort" name="sort">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'period'"/>
            <xsl:with-param name="label" select="q:t('statement.field.period')"/>
            <xsl:with-param name="sel" select="@sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'party'"/>
            <xsl:with-param name="label" select="q:t('statement.field.party')"/>
            <xsl:with-param name="sel" select="@sort"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-dir"><xsl:value-of select="q:t('statement.dir')"/></label>
        <select id="f-dir" name="dir">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'desc'"/>
            <xsl:with-param name="label" select="q:t('statement.dir.desc')"/>
            <xsl:with-param name="sel" select="@dir"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'asc'"/>
            <xsl:with-param name="label" select="q:t('statement.dir.asc')"/>
            <xsl:with-param name="sel" select="@dir"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('statement.show')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="statement">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('statement.list.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('statement.list.title')}">
          <table class="list statements">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('statement.field.party')"/></th>
                <th scope="col"><xsl:value-of select="q:t('statement.field.period')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('statement.field.opening')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('statement.field.closing')"/></th>
                <th scope="col"><xsl:value-of select="q:t('statement.field.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('statement.field.issued')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="statement">
                <tr>
                  <td>
                    <a href="/statements/{@id}">
                      <xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/>
                    </a>
                  </td>
                  <td><xsl:value-of select="concat(@from, ' – ', @to)"/></td>
                  <td class="num"><xsl:value-of select="@opening-text"/></td>
                  <td class="num"><xsl:value-of select="@closing-text"/></td>
                  <td><xsl:call-template name="status"/></td>
                  <td>
                    <xsl:call-template name="ts">
                      <xsl:with-param name="t" select="@created-at"/>
                    </xsl:call-template>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/statements?', $f, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="q:t('statement.list.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One statement                                                    -->
  <!-- ================================================================ -->

  <!-- The statement's table: opening, lines, totals, closing (context:
       <statement> or <statement-print>). -->
  <xsl:template name="statement-table">
    <div class="table-wrap" role="region" tabindex="0"
        aria-label="{q:t('statement.lines')}">
      <table class="list statement-lines">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('statement.field.date')"/></th>
            <th scope="col"><xsl:value-of select="q:t('statement.field.kind')"/></th>
            <th scope="col"><xsl:value-of select="q:t('statement.field.note')"/></th>
            <th scope="col"><xsl:value-of select="q:t('statement.field.source')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('statement.field.debit')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('statement.field.credit')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('statement.field.balance')"/></th>
          </tr>
        </thead>
        <tbody>
          <tr class="opening">
            <td><xsl:value-of select="@from"/></td>
            <th scope="row" colspan="5"><xsl:value-of select="q:t('statement.field.opening')"/></th>
            <td class="num"><xsl:value-of select="@opening-text"/></td>
          </tr>
          <xsl:for-each select="line">
            <tr>
              <td><xsl:value-of select="@date"/></td>
              <td><xsl:call-template name="kind"/></td>
              <td><xsl:value-of select="@note"/></td>
              <td>
                <xsl:if test="@source-type">
                  <xsl:value-of select="concat(@source-type, ' #', @source-id)"/>
                </xsl:if>
              </td>
              <td class="num"><xsl:value-of select="@debit-text"/></td>
              <td class="num"><xsl:value-of select="@credit-text"/></td>
              <td class="num"><xsl:value-of select="@balance-text"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
        <tfoot>
          <tr class="totals">
            <th scope="row" colspan="4"><xsl:value-of select="q:t('statement.totals')"/></th>
            <td class="num"><xsl:value-of select="@debits-text"/></td>
            <td class="num"><xsl:value-of select="@credits-text"/></td>
            <td></td>
          </tr>
          <tr class="closing">
            <td><xsl:value-of select="@to"/></td>
            <th scope="row" colspan="5"><xsl:value-of select="q:t('statement.field.closing')"/></th>
            <td class="num"><strong><xsl:value-of select="@closing-text"/></strong></td>
          </tr>
        </tfoot>
      </table>
    </div>
  </xsl:template>

  <!-- Who answered, when, and what. -->
  <xsl:template name="statement-answer">
    <xsl:if test="@answered-at">
      <dl class="fields answer">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('statement.field.status')"/></dt>
          <dd><xsl:call-template name="status"/></dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('statement.answered-by')"/></dt>
          <dd>
            <xsl:value-of select="@answered-by"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="ts">
              <xsl:with-param name="t" select="@answered-at"/>
            </xsl:call-template>
          </dd>
        </div>
        <xsl:if test="@answer">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('statement.field.comment')"/></dt>
            <dd class="pre"><xsl:value-of select="@answer"/></dd>
          </div>
        </xsl:if>
      </dl>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/statement" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('statement.show.title')"/>
      <xsl:with-param name="a1" select="@party-name"/>
      <xsl:with-param name="a2" select="@from"/>
      <xsl:with-param name="a3" select="@to"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/statement" mode="head">
    <link rel="alternate" type="application/xml" href="/statements/{@id}.xml"/>
  </xsl:template>

  <xsl:template match="page/statement" mode="content">
    <div class="page-head">
      <h1>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('statement.show.title')"/>
          <xsl:with-param name="a1" select="@party-name"/>
          <xsl:with-param name="a2" select="@from"/>
          <xsl:with-param name="a3" select="@to"/>
        </xsl:call-template>
      </h1>
      <p class="formats">
        <a href="/statements/{@id}/print"><xsl:value-of select="q:t('statement.print')"/></a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml" href="/statements/{@id}.xml">
          <xsl:value-of select="q:t('statement.xml')"/>
        </a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="text/csv" href="/statements/{@id}.csv">
          <xsl:value-of select="q:t('statement.csv')"/>
        </a>
      </p>
    </div>
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('statement.field.party')"/></dt>
        <dd><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('statement.field.unit')"/></dt>
        <dd><xsl:value-of select="concat(@unit-name, ' (', @unit-code, ')')"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('statement.field.period')"/></dt>
        <dd><xsl:value-of select="concat(@from, ' – ', @to)"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('statement.field.status')"/></dt>
        <dd><xsl:call-template name="status"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('statement.field.issued')"/></dt>
        <dd>
          <xsl:call-template name="ts">
            <xsl:with-param name="t" select="@created-at"/>
          </xsl:call-template>
          <xsl:if test="@created-by">
            <xsl:value-of select="concat(' ', @created-by)"/>
          </xsl:if>
        </dd>
      </div>
    </dl>
    <xsl:call-template name="statement-table"/>
    <xsl:call-template name="statement-answer"/>
    <xsl:if test="@can-answer = 'true'">
      <form class="answer" method="post" action="/statements/{@id}/answer">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="version" value="{@version}"/>
        <fieldset>
          <legend><xsl:value-of select="q:t('statement.answer.title')"/></legend>
          <p><xsl:value-of select="q:t('statement.answer.hint')"/></p>
          <div class="field">
            <label for="f-comment"><xsl:value-of select="q:t('statement.field.comment')"/></label>
            <textarea id="f-comment" name="comment" maxlength="500" rows="3">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'comment'"/>
              </xsl:call-template>
            </textarea>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'comment'"/>
            </xsl:call-template>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'answer'"/>
            </xsl:call-template>
          </div>
          <div class="form-actions">
            <button type="submit" name="answer" value="confirm" class="primary">
              <xsl:value-of select="q:t('statement.answer.confirm')"/>
            </button>
            <xsl:text> </xsl:text>
            <button type="submit" name="answer" value="dispute">
              <xsl:value-of select="q:t('statement.answer.dispute')"/>
            </button>
          </div>
        </fieldset>
      </form>
    </xsl:if>
    <p><a href="/statements"><xsl:value-of select="q:t('statement.back')"/></a></p>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The print view: a page of its own, no navigation                 -->
  <!-- ================================================================ -->

  <xsl:template match="/page[statement-print]">
    <xsl:variable name="s" select="statement-print"/>
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
            <xsl:with-param name="s" select="q:t('statement.show.title')"/>
            <xsl:with-param name="a1" select="$s/@party-name"/>
            <xsl:with-param name="a2" select="$s/@from"/>
            <xsl:with-param name="a3" select="$s/@to"/>
          </xsl:call-template>
          <xsl:value-of select="concat(' - ', meta/company)"/>
        </title>
        <link rel="stylesheet" href="/static/qudao.css"/>
        <link rel="stylesheet" href="/static/theme-classic.css"/>
      </head>
      <body class="print-view">
        <main id="main" class="content statement-print">
          <header class="print-head">
            <p class="company"><xsl:value-of select="meta/company"/></p>
            <h1><xsl:value-of select="q:t('statement.print.title')"/></h1>
          </header>
          <xsl:for-each select="$s">
            <dl class="fields">
              <div class="field-row">
                <dt><xsl:value-of select="q:t('statement.field.party')"/></dt>
                <dd><xsl:value-of select="concat(@party-name, ' (', @party-code, ')')"/></dd>
              </div>
              <xsl:if test="@address">
                <div class="field-row">
                  <dt><xsl:value-of select="q:t('statement.field.address')"/></dt>
                  <dd><xsl:value-of select="@address"/></dd>
                </div>
              </xsl:if>
              <xsl:if test="@tax-no">
                <div class="field-row">
                  <dt><xsl:value-of select="q:t('statement.field.tax-no')"/></dt>
                  <dd><xsl:value-of select="@tax-no"/></dd>
                </div>
              </xsl:if>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('statement.field.period')"/></dt>
                <dd><xsl:value-of select="concat(@from, ' – ', @to)"/></dd>
              </div>
              <div class="field-row">
                <dt><xsl:value-of select="q:t('statement.field.number')"/></dt>
                <dd><xsl:value-of select="@id"/></dd>
              </div>
            </dl>
            <xsl:call-template name="statement-table"/>
            <xsl:call-template name="statement-answer"/>
            <section class="confirm-box">
              <h2><xsl:value-of select="q:t('statement.print.confirm')"/></h2>
              <p>
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('statement.print.confirm-text')"/>
                  <xsl:with-param name="a1" select="@to"/>
                  <xsl:with-param name="a2" select="@closing-text"/>
                </xsl:call-template>
              </p>
              <p class="sign">
                <span><xsl:value-of select="q:t('statement.print.agree')"/></span>
                <span><xsl:value-of select="q:t('statement.print.disagree')"/></span>
              </p>
              <p class="sign">
                <span><xsl:value-of select="q:t('statement.print.seal')"/></span>
                <span><xsl:value-of select="q:t('statement.print.date')"/></span>
              </p>
            </section>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Issuing                                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/statement-form" mode="title">
    <xsl:value-of select="q:t('statement.new.title')"/>
  </xsl:template>

  <xsl:template match="page/statement-form" mode="content">
    <h1><xsl:value-of select="q:t('statement.new.title')"/></h1>
    <form class="edit" method="post" action="/statements/new">
      <xsl:call-template name="csrf-field"/>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'party'"/>
        <xsl:with-param name="label" select="q:t('statement.field.party-code')"/>
        <xsl:with-param name="value" select="@party"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('statement.field.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('statement.field.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('statement.new.submit')"/></button>
        <xsl:text> </xsl:text>
        <a href="/statements"><xsl:value-of select="q:t('statement.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
