<?xml version="1.0" encoding="UTF-8"?>
<!--
  feed.xsl - the product import page (src/modules/feed.c; documents in
  schema/xsd/feed.xsd):

    <product-import state="form"/>      the upload form
    <product-import state="refused">    422: every bad record, nothing written
    <product-import state="done">       the counts created and updated
  (or an <error>, rendered by error.xsl).  The feeds themselves are raw XML
  and have no stylesheet.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="error.xsl"/>

  <xsl:template match="page/product-import" mode="title">
    <xsl:value-of select="q:t('feed.import.title')"/>
  </xsl:template>

  <xsl:template match="page/product-import" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('feed.import.title')"/></h1>
    </div>
    <xsl:if test="@state = 'done'">
      <p class="notice">
        <xsl:value-of select="q:t('feed.import.done')"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="q:t('feed.import.created')"/>
        <xsl:text>: </xsl:text><xsl:value-of select="number(@created)"/>
        <xsl:text>; </xsl:text>
        <xsl:value-of select="q:t('feed.import.updated')"/>
        <xsl:text>: </xsl:text><xsl:value-of select="number(@updated)"/>
      </p>
    </xsl:if>
    <xsl:if test="@state = 'refused'">
      <section>
        <h2><xsl:value-of select="q:t('feed.import.refused')"/></h2>
        <table class="grid">
          <thead>
            <tr>
              <th><xsl:value-of select="q:t('feed.col.index')"/></th>
              <th><xsl:value-of select="q:t('feed.col.code')"/></th>
              <th><xsl:value-of select="q:t('feed.col.field')"/></th>
              <th><xsl:value-of select="q:t('feed.col.line')"/></th>
              <th><xsl:value-of select="q:t('feed.col.problem')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="error">
              <tr>
                <td><xsl:value-of select="@index"/></td>
                <td><xsl:value-of select="@product-code"/></td>
                <td><xsl:value-of select="@field"/></td>
                <td><xsl:value-of select="@line"/></td>
                <td><xsl:value-of select="@message"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
    </xsl:if>
    <form method="post" action="/import/products" enctype="multipart/form-data" class="form">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label for="f-file"><xsl:value-of select="q:t('feed.import.file')"/></label>
        <input type="file" id="f-file" name="file" accept="application/xml,text/xml,.xml">
          <xsl:call-template name="field-aria"><xsl:with-param name="name" select="'file'"/></xsl:call-template>
        </input>
        <xsl:call-template name="field-errors"><xsl:with-param name="name" select="'file'"/></xsl:call-template>
        <p class="field-hint"><xsl:value-of select="q:t('feed.import.hint')"/></p>
      </div>
      <button type="submit"><xsl:value-of select="q:t('feed.import.submit')"/></button>
    </form>
  </xsl:template>

</xsl:stylesheet>
