<?xml version="1.0" encoding="UTF-8"?>
<!--
  home.xsl - the start page (route "home").

  Input: <page> with <home><counts products="N" categories="N"/></home>
  (or an <error>, rendered by error.xsl).  Shows a welcome, the catalogue
  counts and a product search box that submits to GET /products.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="error.xsl"/>

  <xsl:template match="page/home" mode="title">
    <xsl:value-of select="q:t('home.title')"/>
  </xsl:template>

  <xsl:template match="page/home" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('home.heading')"/></h1>
    </div>
    <p class="lead"><xsl:value-of select="q:t('home.intro')"/></p>

    <form class="search search-home" method="get" action="/products" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('search.label')"/></label>
        <input type="search" id="q" name="q" placeholder="{q:t('search.placeholder')}"/>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('search.submit')"/></button>
      </div>
    </form>

    <xsl:apply-templates select="counts"/>

    <p class="more">
      <a href="/products"><xsl:value-of select="q:t('home.browse')"/></a>
    </p>
  </xsl:template>

  <xsl:template match="home/counts">
    <section class="stats" aria-label="{q:t('home.stats')}">
      <a class="stat" href="/products">
        <span class="stat-value"><xsl:value-of select="format-number(@products, '#,##0')"/></span>
        <span class="stat-label"><xsl:value-of select="q:t('home.products')"/></span>
      </a>
      <div class="stat">
        <span class="stat-value"><xsl:value-of select="format-number(@categories, '#,##0')"/></span>
        <span class="stat-label"><xsl:value-of select="q:t('home.categories')"/></span>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
