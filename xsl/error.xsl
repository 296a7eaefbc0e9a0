<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl - the error page, for any route (status 400..503).

  Input: <page> with <error status="404" code="not_found"> holding
  <message>, and optionally <detail>, <incident> and <allow>.
  The title is the translation of error.<code>; the message and detail are
  the handler's own (short, lower-case) words; an incident id is shown so a
  user can quote it to support, where the full story is in the log.

  Every other page stylesheet imports this one as well, so a handler that
  fails can render its error through its own route's stylesheet.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="page/error" mode="title">
    <xsl:value-of select="q:t(concat('error.', @code))"/>
  </xsl:template>

  <xsl:template match="page/error" mode="content">
    <section class="error-page">
      <p class="error-status">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('error.heading')"/>
          <xsl:with-param name="a1" select="@status"/>
        </xsl:call-template>
      </p>
      <h1><xsl:value-of select="q:t(concat('error.', @code))"/></h1>
      <xsl:if test="string(message) != ''">
        <p class="error-message"><xsl:value-of select="message"/></p>
      </xsl:if>
      <xsl:if test="string(detail) != ''">
        <p class="error-detail"><xsl:value-of select="detail"/></p>
      </xsl:if>
      <xsl:if test="string(allow) != ''">
        <p class="error-allow">
          <xsl:value-of select="q:t('error.allow')"/>
          <xsl:value-of select="q:t('punct.colon')"/>
          <code><xsl:value-of select="allow"/></code>
        </p>
      </xsl:if>
      <xsl:if test="string(incident) != ''">
        <p class="incident">
          <xsl:value-of select="q:t('error.incident')"/>
          <xsl:value-of select="q:t('punct.colon')"/>
          <code><xsl:value-of select="incident"/></code>
        </p>
        <p class="incident-hint"><xsl:value-of select="q:t('error.incident-hint')"/></p>
      </xsl:if>
      <p class="error-home">
        <a href="/"><xsl:value-of select="q:t('error.home')"/></a>
      </p>
    </section>
  </xsl:template>

</xsl:stylesheet>
