<?xml version="1.0" encoding="UTF-8"?>
<!--
  names.xsl - list every name a migration creates, for the lint in
  schema/generate.  One line per name, fields separated by one tab:

    M <number> <name>              the migration itself
    T <table>                      a table
    C <table> <column>             a column
    N <name>                       a constraint (pk_, uq_, fk_, ck_, df_) or index (ix_)
    R <table> <column> <target>    a ref column and the table it references

  Derived names (pk_<table> or the table's pk attribute, fk_<table>_<col>, ck_<table>_<col>,
  df_<table>_<col>) are listed as ddl.xsl writes them; df_ names appear in
  the SQL Server DDL only but are linted for every dialect.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/migration">
    <xsl:value-of select="concat('M&#9;', @number, '&#9;', @name, $nl)"/>
    <xsl:for-each select="table">
      <xsl:variable name="t" select="@name"/>
      <xsl:value-of select="concat('T&#9;', $t, $nl)"/>
      <xsl:choose>
        <xsl:when test="@pk"><xsl:value-of select="concat('N&#9;', @pk, $nl)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('N&#9;pk_', $t, $nl)"/></xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="column">
        <xsl:value-of select="concat('C&#9;', $t, '&#9;', @name, $nl)"/>
        <xsl:if test="@type = 'ref'">
          <xsl:value-of select="concat('R&#9;', $t, '&#9;', @name, '&#9;', @table, $nl)"/>
          <xsl:choose>
            <xsl:when test="@fk"><xsl:value-of select="concat('N&#9;', @fk, $nl)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('N&#9;fk_', $t, '_', @name, $nl)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:if test="@type = 'flag' or @type = 'enum'">
          <xsl:choose>
            <xsl:when test="@ck"><xsl:value-of select="concat('N&#9;', @ck, $nl)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('N&#9;ck_', $t, '_', @name, $nl)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:if test="@default or @type = 'version'">
          <xsl:choose>
            <xsl:when test="@df"><xsl:value-of select="concat('N&#9;', @df, $nl)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('N&#9;df_', $t, '_', @name, $nl)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="unique | index">
        <xsl:value-of select="concat('N&#9;', @name, $nl)"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
