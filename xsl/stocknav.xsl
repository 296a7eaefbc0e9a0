<?xml version="1.0" encoding="UTF-8"?>
<!--
  stocknav.xsl - the second row of links shared by the inventory pages
  (warehouse.xsl, stockq.xsl, stockdoc.xsl, stockcount.xsl, consign.xsl):
  one place lists them, each shown when the user's permissions allow.
  The caller says which is current:

    <xsl:call-template name="stock-nav">
      <xsl:with-param name="current" select="'docs'"/>
    </xsl:call-template>

  Keys of the labels: stocknav.* in xsl/i18n/<lang>.xml (global).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:template name="stock-nav">
    <xsl:param name="current"/>
    <xsl:variable name="perms" select="/page/meta/perms/perm/@name"/>
    <xsl:variable name="all" select="$perms = '*'"/>
    <nav class="subnav" aria-label="{q:t('stocknav.label')}">
      <ul>
        <xsl:if test="$all or $perms = 'stock.view'">
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'list'"/>
            <xsl:with-param name="label" select="q:t('stocknav.list')"/>
            <xsl:with-param name="href" select="'/stock'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'summary'"/>
            <xsl:with-param name="label" select="q:t('stocknav.summary')"/>
            <xsl:with-param name="href" select="'/stock/summary'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'moves'"/>
            <xsl:with-param name="label" select="q:t('stocknav.moves')"/>
            <xsl:with-param name="href" select="'/stock/moves'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'turnover'"/>
            <xsl:with-param name="label" select="q:t('stocknav.turnover')"/>
            <xsl:with-param name="href" select="'/stock/turnover'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'alerts'"/>
            <xsl:with-param name="label" select="q:t('stocknav.alerts')"/>
            <xsl:with-param name="href" select="'/stock/alerts'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'docs'"/>
            <xsl:with-param name="label" select="q:t('stocknav.docs')"/>
            <xsl:with-param name="href" select="'/stock/docs'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'transit'"/>
            <xsl:with-param name="label" select="q:t('stocknav.transit')"/>
            <xsl:with-param name="href" select="'/stock/transit'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'counts'"/>
            <xsl:with-param name="label" select="q:t('stocknav.counts')"/>
            <xsl:with-param name="href" select="'/stock/counts'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'periods'"/>
            <xsl:with-param name="label" select="q:t('stocknav.periods')"/>
            <xsl:with-param name="href" select="'/stock/periods'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'consignment'"/>
            <xsl:with-param name="label" select="q:t('stocknav.consignment')"/>
            <xsl:with-param name="href" select="'/consignment'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
          <xsl:call-template name="stock-nav-link">
            <xsl:with-param name="key" select="'warehouses'"/>
            <xsl:with-param name="label" select="q:t('stocknav.warehouses')"/>
            <xsl:with-param name="href" select="'/warehouses'"/>
            <xsl:with-param name="current" select="$current"/>
          </xsl:call-template>
        </xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="stock-nav-link">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="href"/>
    <xsl:param name="current"/>
    <li>
      <a href="{$href}">
        <xsl:if test="$current = $key">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>
</xsl:stylesheet>
