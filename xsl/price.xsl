<?xml version="1.0" encoding="UTF-8"?>
<!--
  price.xsl - the price pages (schema/xsd/price.xsd).  Being built (issue 5).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="error.xsl"/>

</xsl:stylesheet>
