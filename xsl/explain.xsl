<?xml version="1.0" encoding="UTF-8"?>
<!--
  explain.xsl - the explanations of a price, included by the pages that
  show one (products.xsl, promo.xsl, cart.xsl):

    quote-rules    the rules a <quote> considered (price.h, price_quote):
                   tier, rule, validity, price, verdict; context: the
                   quote; $label names the table for screen readers
    promo-steps    the promotions a basket considered (promo.h,
                   promo_step); context: the element holding the <step>s;
                   $link: link each to its page (holders of promo.view)
    promo-label    the label of a promotion's kind, status, target,
                   stacking, tier basis or verdict ($group, $v)
    availability   a product's availability (products.h): in stock, low
                   or out, and the quantity when the user may see it;
                   context: the element with @availability

  Keys: price.* and promo.* in xsl/i18n/<lang>/.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:template name="quote-rules">
    <xsl:param name="label"/>
    <div class="table-wrap" role="region" tabindex="0" aria-label="{$label}">
      <table class="list quote">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('catalog.quote.tier')"/></th>
            <th scope="col"><xsl:value-of select="q:t('catalog.quote.rule')"/></th>
            <th scope="col"><xsl:value-of select="q:t('catalog.quote.valid')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('catalog.your-price')"/></th>
            <th scope="col"><xsl:value-of select="q:t('catalog.quote.verdict')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="rule">
            <tr>
              <xsl:if test="@verdict = 'won'"><xsl:attribute name="class">won</xsl:attribute></xsl:if>
              <td>
                <xsl:choose>
                  <xsl:when test="@tier = 'customer'"><xsl:value-of select="q:t('price.tier.customer')"/></xsl:when>
                  <xsl:when test="@tier = 'customer_break'"><xsl:value-of select="q:t('price.tier.customer_break')"/></xsl:when>
                  <xsl:when test="@tier = 'grade'"><xsl:value-of select="q:t('price.tier.grade')"/></xsl:when>
                  <xsl:when test="@tier = 'grade_break'"><xsl:value-of select="q:t('price.tier.grade_break')"/></xsl:when>
                  <xsl:when test="@tier = 'break'"><xsl:value-of select="q:t('price.tier.break')"/></xsl:when>
                  <xsl:when test="@tier = 'category'"><xsl:value-of select="q:t('price.tier.category')"/></xsl:when>
                  <xsl:when test="@tier = 'grade_discount'"><xsl:value-of select="q:t('price.tier.grade_discount')"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="q:t('price.tier.list')"/></xsl:otherwise>
                </xsl:choose>
              </td>
              <td>
                <xsl:choose>
                  <xsl:when test="@price"><xsl:value-of select="@price-text"/></xsl:when>
                  <xsl:when test="@discount"><xsl:value-of select="format-number(@discount div 100, '0.##')"/> %</xsl:when>
                </xsl:choose>
                <xsl:if test="@kind = 'break' and @min-qty"> (≥ <xsl:value-of select="@min-qty"/>)</xsl:if>
              </td>
              <td>
                <xsl:if test="@valid-from or @valid-to">
                  <xsl:value-of select="@valid-from"/> – <xsl:value-of select="@valid-to"/>
                </xsl:if>
              </td>
              <td class="num"><xsl:value-of select="@unit-price-text"/></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@verdict = 'won'"><strong><xsl:value-of select="q:t('price.verdict.won')"/></strong></xsl:when>
                  <xsl:when test="@verdict = 'outranked'"><xsl:value-of select="q:t('price.verdict.outranked')"/></xsl:when>
                  <xsl:when test="@verdict = 'not_yet'"><xsl:value-of select="q:t('price.verdict.not_yet')"/></xsl:when>
                  <xsl:when test="@verdict = 'expired'"><xsl:value-of select="q:t('price.verdict.expired')"/></xsl:when>
                  <xsl:when test="@verdict = 'qty_below'"><xsl:value-of select="q:t('price.verdict.qty_below')"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="q:t('price.verdict.not_active')"/></xsl:otherwise>
                </xsl:choose>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template name="promo-steps">
    <xsl:param name="link" select="false()"/>
    <table class="list">
      <caption><xsl:value-of select="q:t('promo.try.why')"/></caption>
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="q:t('promo.col.code')"/></th>
          <th scope="col"><xsl:value-of select="q:t('promo.col.kind')"/></th>
          <th scope="col"><xsl:value-of select="q:t('promo.col.stacking')"/></th>
          <th scope="col"><xsl:value-of select="q:t('promo.col.discount')"/></th>
          <th scope="col"><xsl:value-of select="q:t('promo.gift-qty')"/></th>
          <th scope="col"><xsl:value-of select="q:t('promo.verdict')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="step">
          <tr>
            <td>
              <xsl:choose>
                <xsl:when test="$link"><a href="/promotions/{string(@promo-id)}"><xsl:value-of select="@code"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="@code"/></xsl:otherwise>
              </xsl:choose>
              <xsl:value-of select="concat(' ', @name)"/>
            </td>
            <td>
              <xsl:call-template name="promo-label">
                <xsl:with-param name="group" select="'kind'"/>
                <xsl:with-param name="v" select="@kind"/>
              </xsl:call-template>
            </td>
            <td>
              <xsl:call-template name="promo-label">
                <xsl:with-param name="group" select="'stacking'"/>
                <xsl:with-param name="v" select="@stacking"/>
              </xsl:call-template>
            </td>
            <td class="num"><xsl:value-of select="@discount-text"/></td>
            <td class="num"><xsl:value-of select="@gift-qty"/></td>
            <td>
              <xsl:call-template name="promo-label">
                <xsl:with-param name="group" select="'verdict'"/>
                <xsl:with-param name="v" select="@verdict"/>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="promo-label">
    <xsl:param name="group"/>
    <xsl:param name="v"/>
    <xsl:variable name="k" select="concat($group, '.', $v)"/>
    <xsl:choose>
      <xsl:when test="$k = 'kind.percent'"><xsl:value-of select="q:t('promo.kind.percent')"/></xsl:when>
      <xsl:when test="$k = 'kind.amount'"><xsl:value-of select="q:t('promo.kind.amount')"/></xsl:when>
      <xsl:when test="$k = 'kind.buy_get'"><xsl:value-of select="q:t('promo.kind.buy_get')"/></xsl:when>
      <xsl:when test="$k = 'kind.spend_gift'"><xsl:value-of select="q:t('promo.kind.spend_gift')"/></xsl:when>
      <xsl:when test="$k = 'kind.tiered'"><xsl:value-of select="q:t('promo.kind.tiered')"/></xsl:when>
      <xsl:when test="$k = 'status.draft'"><xsl:value-of select="q:t('promo.status.draft')"/></xsl:when>
      <xsl:when test="$k = 'status.active'"><xsl:value-of select="q:t('promo.status.active')"/></xsl:when>
      <xsl:when test="$k = 'status.ended'"><xsl:value-of select="q:t('promo.status.ended')"/></xsl:when>
      <xsl:when test="$k = 'target.all'"><xsl:value-of select="q:t('promo.target.all')"/></xsl:when>
      <xsl:when test="$k = 'target.grades'"><xsl:value-of select="q:t('promo.target.grades')"/></xsl:when>
      <xsl:when test="$k = 'target.regions'"><xsl:value-of select="q:t('promo.target.regions')"/></xsl:when>
      <xsl:when test="$k = 'target.subtrees'"><xsl:value-of select="q:t('promo.target.subtrees')"/></xsl:when>
      <xsl:when test="$k = 'target.customers'"><xsl:value-of select="q:t('promo.target.customers')"/></xsl:when>
      <xsl:when test="$k = 'stacking.exclusive'"><xsl:value-of select="q:t('promo.stacking.exclusive')"/></xsl:when>
      <xsl:when test="$k = 'stacking.combinable'"><xsl:value-of select="q:t('promo.stacking.combinable')"/></xsl:when>
      <xsl:when test="$k = 'tier-on.qty'"><xsl:value-of select="q:t('promo.tier-on.qty')"/></xsl:when>
      <xsl:when test="$k = 'tier-on.amount'"><xsl:value-of select="q:t('promo.tier-on.amount')"/></xsl:when>
      <xsl:when test="$k = 'verdict.applied'"><xsl:value-of select="q:t('promo.verdict.applied')"/></xsl:when>
      <xsl:when test="$k = 'verdict.outranked'"><xsl:value-of select="q:t('promo.verdict.outranked')"/></xsl:when>
      <xsl:when test="$k = 'verdict.not_met'"><xsl:value-of select="q:t('promo.verdict.not_met')"/></xsl:when>
      <xsl:when test="$k = 'verdict.cap'"><xsl:value-of select="q:t('promo.verdict.cap')"/></xsl:when>
      <xsl:when test="$k = 'verdict.not_yet'"><xsl:value-of select="q:t('promo.verdict.not_yet')"/></xsl:when>
      <xsl:when test="$k = 'verdict.expired'"><xsl:value-of select="q:t('promo.verdict.expired')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="availability">
    <xsl:choose>
      <xsl:when test="@availability = 'in-stock'"><xsl:value-of select="q:t('catalog.availability.in-stock')"/></xsl:when>
      <xsl:when test="@availability = 'low'"><xsl:value-of select="q:t('catalog.availability.low')"/></xsl:when>
      <xsl:when test="@availability = 'out'"><xsl:value-of select="q:t('catalog.availability.out')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('catalog.availability.unknown')"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@available-qty">
      <xsl:text> </xsl:text>
      <span class="num available-qty">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('catalog.availability.qty')"/>
          <xsl:with-param name="a1" select="@available-qty"/>
        </xsl:call-template>
      </span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
