<?xml version="1.0" encoding="UTF-8"?>
<!--
  price.xsl - the price pages (src/modules/price.c; documents in
  schema/xsd/price.xsd), told apart by the data element:

    <price-history>   /prices        the history of price changes
    <price-product>   /prices/{id}   one product's prices, the price
                                     check, the edit forms
  (or an <error>, rendered by error.xsl).

  Money arrives formatted (*-text); forms post to paths built from ids and
  carry the CSRF token; URLs hold ids, literals chosen with xsl:choose and
  typed text through str:encode-uri only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels                                                           -->
  <!-- ================================================================ -->

  <xsl:template name="tier-label">
    <xsl:param name="t" select="@tier"/>
    <xsl:choose>
      <xsl:when test="$t = 'customer'"><xsl:value-of select="q:t('price.tier.customer')"/></xsl:when>
      <xsl:when test="$t = 'customer_break'"><xsl:value-of select="q:t('price.tier.customer_break')"/></xsl:when>
      <xsl:when test="$t = 'grade'"><xsl:value-of select="q:t('price.tier.grade')"/></xsl:when>
      <xsl:when test="$t = 'grade_break'"><xsl:value-of select="q:t('price.tier.grade_break')"/></xsl:when>
      <xsl:when test="$t = 'break'"><xsl:value-of select="q:t('price.tier.break')"/></xsl:when>
      <xsl:when test="$t = 'category'"><xsl:value-of select="q:t('price.tier.category')"/></xsl:when>
      <xsl:when test="$t = 'grade_discount'"><xsl:value-of select="q:t('price.tier.grade_discount')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.tier.list')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="verdict-label">
    <xsl:choose>
      <xsl:when test="@verdict = 'won'"><strong><xsl:value-of select="q:t('price.verdict.won')"/></strong></xsl:when>
      <xsl:when test="@verdict = 'outranked'"><xsl:value-of select="q:t('price.verdict.outranked')"/></xsl:when>
      <xsl:when test="@verdict = 'not_yet'"><xsl:value-of select="q:t('price.verdict.not_yet')"/></xsl:when>
      <xsl:when test="@verdict = 'expired'"><xsl:value-of select="q:t('price.verdict.expired')"/></xsl:when>
      <xsl:when test="@verdict = 'qty_below'"><xsl:value-of select="q:t('price.verdict.qty_below')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.verdict.not_active')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="kind-label">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'customer'"><xsl:value-of select="q:t('price.kind.customer')"/></xsl:when>
      <xsl:when test="$k = 'grade'"><xsl:value-of select="q:t('price.kind.grade')"/></xsl:when>
      <xsl:when test="$k = 'category'"><xsl:value-of select="q:t('price.kind.category')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.kind.qty_break')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A before or after of the history: a rule's line starts with its
       kind as a code (price.c, rule_line), named here in the reader's
       language; a list price is shown as it is. -->
  <xsl:template name="change-text">
    <xsl:param name="t"/>
    <xsl:variable name="k" select="substring-before($t, ' ')"/>
    <xsl:variable name="label">
      <xsl:if test="@what != 'list_price'">
        <xsl:choose>
          <xsl:when test="$k = 'customer'"><xsl:value-of select="q:t('price.kind.customer')"/></xsl:when>
          <xsl:when test="$k = 'grade'"><xsl:value-of select="q:t('price.kind.grade')"/></xsl:when>
          <xsl:when test="$k = 'category'"><xsl:value-of select="q:t('price.kind.category')"/></xsl:when>
          <xsl:when test="$k = 'qty_break'"><xsl:value-of select="q:t('price.kind.qty_break')"/></xsl:when>
        </xsl:choose>
      </xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($label) != ''">
        <xsl:value-of select="concat($label, ' ', substring-after($t, ' '))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="what-label">
    <xsl:param name="w" select="@what"/>
    <xsl:choose>
      <xsl:when test="$w = 'list_price'"><xsl:value-of select="q:t('price.what.list_price')"/></xsl:when>
      <xsl:when test="$w = 'rule_add'"><xsl:value-of select="q:t('price.what.rule_add')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.what.rule_end')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="state-label">
    <xsl:param name="s" select="@state"/>
    <xsl:choose>
      <xsl:when test="$s = 'applied'"><xsl:value-of select="q:t('price.state.applied')"/></xsl:when>
      <xsl:when test="$s = 'pending'"><xsl:value-of select="q:t('price.state.pending')"/></xsl:when>
      <xsl:when test="$s = 'approved'"><xsl:value-of select="q:t('price.state.approved')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.state.rejected')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A price, or a discount as a percentage. -->
  <xsl:template name="amount">
    <xsl:choose>
      <xsl:when test="@price-text"><xsl:value-of select="@price-text"/></xsl:when>
      <xsl:when test="@discount-text">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('price.discount-of')"/>
          <xsl:with-param name="a1" select="@discount-text"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="validity">
    <xsl:choose>
      <xsl:when test="@valid-from"><xsl:value-of select="@valid-from"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.open')"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text> – </xsl:text>
    <xsl:choose>
      <xsl:when test="@valid-to"><xsl:value-of select="@valid-to"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('price.open')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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

  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}">
        <xsl:if test="string($max) != ''">
          <xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute>
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
      <nav class="pager" aria-label="{q:t('price.pages')}">
        <xsl:if test="number(@page) &gt; 1">
          <a href="{$base}page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('price.prev')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('price.page-of')"/>
          <xsl:with-param name="a1" select="@page"/>
          <xsl:with-param name="a2" select="@pages"/>
        </xsl:call-template>
        <xsl:if test="number(@page) &lt; number(@pages)">
          <xsl:text> </xsl:text>
          <a href="{$base}page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('price.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- A table of changes ($product: show the product column). -->
  <xsl:template name="changes">
    <xsl:param name="product" select="true()"/>
    <div class="table-wrap" role="region" tabindex="0"
        aria-label="{q:t('price.history.title')}">
      <table class="list">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('price.col.at')"/></th>
            <xsl:if test="$product">
              <th scope="col"><xsl:value-of select="q:t('price.col.product')"/></th>
            </xsl:if>
            <th scope="col"><xsl:value-of select="q:t('price.col.what')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.old')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.new')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.state')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.user')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.note')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="change">
            <tr>
              <td><xsl:value-of select="translate(substring(@changed-at, 1, 16), 'T', ' ')"/></td>
              <xsl:if test="$product">
                <td>
                  <xsl:choose>
                    <xsl:when test="@product-id">
                      <a href="/prices/{string(@product-id)}"><xsl:value-of select="@product-code"/></a>
                      <xsl:text> </xsl:text>
                      <xsl:value-of select="@product-name"/>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="@category-code"/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </xsl:if>
              <td><xsl:call-template name="what-label"/></td>
              <td><xsl:call-template name="change-text"><xsl:with-param name="t" select="@old"/></xsl:call-template></td>
              <td><xsl:call-template name="change-text"><xsl:with-param name="t" select="@new"/></xsl:call-template></td>
              <td><xsl:call-template name="state-label"/></td>
              <td><xsl:value-of select="@login"/></td>
              <td><xsl:value-of select="@note"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The history                                                      -->
  <!-- ================================================================ -->

  <xsl:template match="page/price-history" mode="title">
    <xsl:value-of select="q:t('price.history.title')"/>
  </xsl:template>

  <xsl:template match="page/price-history" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@what = 'list_price'">what=list_price&amp;</xsl:when>
      <xsl:when test="@what = 'rule_add'">what=rule_add&amp;</xsl:when>
      <xsl:when test="@what = 'rule_end'">what=rule_end&amp;</xsl:when>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@state = 'applied'">state=applied&amp;</xsl:when>
      <xsl:when test="@state = 'pending'">state=pending&amp;</xsl:when>
      <xsl:when test="@state = 'approved'">state=approved&amp;</xsl:when>
      <xsl:when test="@state = 'rejected'">state=rejected&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="@from">from=<xsl:value-of select="str:encode-uri(string(@from), true())"/>&amp;</xsl:if>
    <xsl:if test="@to">to=<xsl:value-of select="str:encode-uri(string(@to), true())"/>&amp;</xsl:if>
  </xsl:template>

  <xsl:template match="page/price-history" mode="content">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <h1><xsl:value-of select="q:t('price.history.title')"/></h1>
    <form method="get" action="/prices" class="filters" role="search">
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('price.search')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-what"><xsl:value-of select="q:t('price.col.what')"/></label>
        <select id="f-what" name="what">
          <option value=""><xsl:value-of select="q:t('price.all')"/></option>
          <xsl:for-each select="str:tokenize('list_price rule_add rule_end', ' ')">
            <xsl:variable name="v" select="string(.)"/>
            <option value="{$v}">
              <xsl:if test="$v = string(/page/price-history/@what)">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:call-template name="what-label">
                <xsl:with-param name="w" select="$v"/>
              </xsl:call-template>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="f-state"><xsl:value-of select="q:t('price.col.state')"/></label>
        <select id="f-state" name="state">
          <option value=""><xsl:value-of select="q:t('price.all')"/></option>
          <xsl:for-each select="str:tokenize('applied pending approved rejected', ' ')">
            <xsl:variable name="v" select="string(.)"/>
            <option value="{$v}">
              <xsl:if test="$v = string(/page/price-history/@state)">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:call-template name="state-label">
                <xsl:with-param name="s" select="$v"/>
              </xsl:call-template>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('price.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('price.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <button type="submit"><xsl:value-of select="q:t('price.filter')"/></button>
    </form>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('price.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="/prices.csv?{$filters}"><xsl:value-of select="q:t('price.csv')"/></a>
    </p>
    <xsl:choose>
      <xsl:when test="change">
        <xsl:call-template name="changes"/>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/prices?', $filters)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('price.history.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One product                                                      -->
  <!-- ================================================================ -->

  <xsl:template match="page/price-product" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('price.product.title')"/>
      <xsl:with-param name="a1" select="concat(@code, ' ', @name)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/price-product" mode="content">
    <xsl:variable name="id" select="string(@id)"/>
    <p><a href="/prices"><xsl:value-of select="q:t('price.back')"/></a></p>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('price.product.title')"/>
        <xsl:with-param name="a1" select="concat(@code, ' ', @name)"/>
      </xsl:call-template>
    </h1>
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('price.list-price')"/></dt>
        <dd class="num"><xsl:value-of select="@list-price-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('price.unit')"/></dt>
        <dd><xsl:value-of select="@unit"/></dd>
      </div>
      <xsl:if test="@category-code">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('price.category')"/></dt>
          <dd><xsl:value-of select="concat(@category-code, ' ', @category-name)"/></dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('price.approval')"/></dt>
        <dd>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('price.approval-above')"/>
            <xsl:with-param name="a1" select="@approval-percent"/>
          </xsl:call-template>
        </dd>
      </div>
    </dl>

    <xsl:if test="@can-edit = 'true'">
      <section>
        <h2><xsl:value-of select="q:t('price.list.title')"/></h2>
        <xsl:variable name="f" select="list-form"/>
        <xsl:if test="$f/conflict">
          <p class="msg msg-error">
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('price.conflict.saved')"/>
              <xsl:with-param name="a1" select="$f/conflict/@list-price-text"/>
            </xsl:call-template>
          </p>
        </xsl:if>
        <form method="post" action="/prices/{$id}/list" class="form">
          <xsl:call-template name="csrf-field"/>
          <xsl:choose>
            <xsl:when test="$f/conflict">
              <input type="hidden" name="version" value="{$f/conflict/@version}"/>
            </xsl:when>
            <xsl:otherwise>
              <input type="hidden" name="version" value="{@version}"/>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'list_price'"/>
            <xsl:with-param name="label" select="q:t('price.list-price')"/>
            <xsl:with-param name="value">
              <xsl:choose>
                <xsl:when test="$f"><xsl:value-of select="$f/@list-price"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="translate(@list-price-text, ',', '')"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="max" select="30"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="label" select="q:t('price.col.note')"/>
            <xsl:with-param name="value" select="$f/@note"/>
            <xsl:with-param name="max" select="200"/>
          </xsl:call-template>
          <button type="submit" class="primary"><xsl:value-of select="q:t('price.save')"/></button>
        </form>
      </section>
    </xsl:if>

    <section>
      <h2><xsl:value-of select="q:t('price.rules.title')"/></h2>
      <xsl:choose>
        <xsl:when test="rule">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('price.rules.title')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('price.col.kind')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('price.col.for')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('price.col.min-qty')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('price.col.price')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('price.col.valid')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('price.col.state')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('price.col.note')"/></th>
                  <xsl:if test="@can-edit = 'true'">
                    <th scope="col"><xsl:value-of select="q:t('price.end')"/></th>
                  </xsl:if>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="rule">
                  <tr>
                    <xsl:if test="not(@current = 'true')">
                      <xsl:attribute name="class">muted</xsl:attribute>
                    </xsl:if>
                    <td><xsl:call-template name="kind-label"/></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="@party-code"><xsl:value-of select="concat(@party-code, ' ', @party-name)"/></xsl:when>
                        <xsl:when test="@grade-code"><xsl:value-of select="concat(@grade-code, ' ', @grade-name)"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="q:t('price.everyone')"/></xsl:otherwise>
                      </xsl:choose>
                      <xsl:if test="@kind = 'category'">
                        <xsl:text> / </xsl:text>
                        <xsl:value-of select="@category-code"/>
                      </xsl:if>
                    </td>
                    <td class="num"><xsl:if test="@kind = 'qty_break'"><xsl:value-of select="@min-qty"/></xsl:if></td>
                    <td class="num"><xsl:call-template name="amount"/></td>
                    <td><xsl:call-template name="validity"/></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="@status = 'pending'"><xsl:value-of select="q:t('price.state.pending')"/></xsl:when>
                        <xsl:when test="@current = 'true'"><xsl:value-of select="q:t('price.current')"/></xsl:when>
                        <xsl:otherwise><xsl:value-of select="q:t('price.not-current')"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td><xsl:value-of select="@note"/></td>
                    <xsl:if test="/page/price-product/@can-edit = 'true'">
                      <td>
                        <xsl:if test="@status = 'active'">
                          <form method="post" action="/prices/{$id}/rules/{string(@id)}/end" class="inline">
                            <xsl:call-template name="csrf-field"/>
                            <input type="hidden" name="version" value="{@version}"/>
                            <label for="f-end-{string(@id)}" class="visually-hidden"><xsl:value-of select="q:t('price.col.valid-to')"/></label>
                            <input type="date" id="f-end-{string(@id)}" name="valid_to" value="{/page/price-product/@today}"/>
                            <button type="submit"><xsl:value-of select="q:t('price.end')"/></button>
                          </form>
                        </xsl:if>
                      </td>
                    </xsl:if>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('price.rules.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'valid_to'"/>
      </xsl:call-template>
    </section>

    <xsl:if test="@can-edit = 'true'">
      <xsl:variable name="f" select="rule-form"/>
      <section>
        <h2><xsl:value-of select="q:t('price.rule.title')"/></h2>
        <form method="post" action="/prices/{$id}/rules" class="form">
          <xsl:call-template name="csrf-field"/>
          <div class="field">
            <label for="f-kind"><xsl:value-of select="q:t('price.col.kind')"/></label>
            <select id="f-kind" name="kind">
              <xsl:for-each select="str:tokenize('customer grade category qty_break', ' ')">
                <xsl:variable name="v" select="string(.)"/>
                <option value="{$v}">
                  <xsl:if test="$v = string($f/@kind)">
                    <xsl:attribute name="selected">selected</xsl:attribute>
                  </xsl:if>
                  <xsl:call-template name="kind-label">
                    <xsl:with-param name="k" select="$v"/>
                  </xsl:call-template>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'kind'"/>
            </xsl:call-template>
          </div>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'customer'"/>
            <xsl:with-param name="label" select="q:t('price.customer-code')"/>
            <xsl:with-param name="value" select="$f/@customer"/>
            <xsl:with-param name="max" select="40"/>
          </xsl:call-template>
          <div class="field">
            <label for="f-grade"><xsl:value-of select="q:t('price.grade')"/></label>
            <select id="f-grade" name="grade">
              <option value=""><xsl:value-of select="q:t('price.none')"/></option>
              <xsl:for-each select="grade">
                <xsl:call-template name="option">
                  <xsl:with-param name="v" select="@code"/>
                  <xsl:with-param name="label" select="concat(@code, ' ', @name)"/>
                  <xsl:with-param name="sel" select="$f/@grade"/>
                </xsl:call-template>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'grade'"/>
            </xsl:call-template>
          </div>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'min_qty'"/>
            <xsl:with-param name="label" select="q:t('price.col.min-qty')"/>
            <xsl:with-param name="value" select="$f/@min-qty"/>
            <xsl:with-param name="max" select="12"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'price'"/>
            <xsl:with-param name="label" select="q:t('price.col.price')"/>
            <xsl:with-param name="value" select="$f/@price"/>
            <xsl:with-param name="max" select="30"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'discount'"/>
            <xsl:with-param name="label" select="q:t('price.discount-percent')"/>
            <xsl:with-param name="value" select="$f/@discount"/>
            <xsl:with-param name="max" select="10"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'valid_from'"/>
            <xsl:with-param name="label" select="q:t('price.col.valid-from')"/>
            <xsl:with-param name="value" select="$f/@valid-from"/>
            <xsl:with-param name="type" select="'date'"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'valid_to'"/>
            <xsl:with-param name="label" select="q:t('price.col.valid-to')"/>
            <xsl:with-param name="value" select="$f/@valid-to"/>
            <xsl:with-param name="type" select="'date'"/>
          </xsl:call-template>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="label" select="q:t('price.col.note')"/>
            <xsl:with-param name="value" select="$f/@note"/>
            <xsl:with-param name="max" select="200"/>
          </xsl:call-template>
          <button type="submit" class="primary"><xsl:value-of select="q:t('price.add')"/></button>
        </form>
      </section>
    </xsl:if>

    <section>
      <h2><xsl:value-of select="q:t('price.check.title')"/></h2>
      <form method="get" action="/prices/{$id}" class="filters">
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'customer'"/>
          <xsl:with-param name="label" select="q:t('price.customer-code')"/>
          <xsl:with-param name="value" select="check/@customer"/>
          <xsl:with-param name="max" select="40"/>
        </xsl:call-template>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'qty'"/>
          <xsl:with-param name="label" select="q:t('price.qty')"/>
          <xsl:with-param name="value" select="check/@qty"/>
          <xsl:with-param name="max" select="12"/>
        </xsl:call-template>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'date'"/>
          <xsl:with-param name="label" select="q:t('price.date')"/>
          <xsl:with-param name="value" select="check/@date"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
        <button type="submit"><xsl:value-of select="q:t('price.check.go')"/></button>
      </form>
      <xsl:apply-templates select="check/quote"/>
    </section>

    <section>
      <h2><xsl:value-of select="q:t('price.history.title')"/></h2>
      <xsl:choose>
        <xsl:when test="change">
          <xsl:call-template name="changes">
            <xsl:with-param name="product" select="false()"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('price.history.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- The answer of the pricing function and its explanation. -->
  <xsl:template match="check/quote">
    <p class="price-answer">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('price.check.answer')"/>
        <xsl:with-param name="a1" select="@unit-price-text"/>
        <xsl:with-param name="a2" select="@qty"/>
        <xsl:with-param name="a3" select="@amount-text"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('price.check.by')"/>
        <xsl:with-param name="a1">
          <xsl:call-template name="tier-label"/>
        </xsl:with-param>
      </xsl:call-template>
    </p>
    <div class="table-wrap" role="region" tabindex="0"
        aria-label="{q:t('price.check.why')}">
      <table class="list">
        <caption><xsl:value-of select="q:t('price.check.why')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('price.col.rule')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.min-qty')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.price')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.valid')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.unit-price')"/></th>
            <th scope="col"><xsl:value-of select="q:t('price.col.verdict')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="rule">
            <tr>
              <td><xsl:call-template name="tier-label"/></td>
              <td class="num"><xsl:value-of select="@min-qty"/></td>
              <td class="num"><xsl:call-template name="amount"/></td>
              <td>
                <xsl:if test="@tier != 'list'">
                  <xsl:call-template name="validity"/>
                </xsl:if>
              </td>
              <td class="num"><xsl:value-of select="@unit-price-text"/></td>
              <td><xsl:call-template name="verdict-label"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    <xsl:if test="promotion">
      <p class="price-promotions">
        <xsl:value-of select="q:t('price.check.promos')"/>
        <xsl:for-each select="promotion">
          <xsl:text> </xsl:text>
          <a href="/promotions/{string(@promo-id)}"><xsl:value-of select="@code"/></a>
          <xsl:value-of select="concat(' ', @name, ' (-', @discount-text, ', ', @verdict, ')')"/>
          <xsl:if test="position() != last()">;</xsl:if>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
