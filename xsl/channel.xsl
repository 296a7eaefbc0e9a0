<?xml version="1.0" encoding="UTF-8"?>
<!--
  channel.xsl - qualification of the channel and the channel map
  (src/modules/channel.c; documents in schema/xsd/channel.xsd).  One
  stylesheet for the module's routes, told apart by the data element:

    <party-docs>      /parties/{id}/docs      documents, upload, check
    <apply-form>      /apply                  the public application
    <apply-done>      /apply/done             thank you, with the reference
    <qualify-queue>   /qualify                applications and their papers
    <channel-map>     /channel/map            the channel drawn as SVG
  (or an <error>, rendered by error.xsl).

  The map only draws: C placed every node (x, y, r) and gave each edge its
  end points.  SVG is written inline, without a namespace (the HTML parser
  puts <svg> in its own), with presentation attributes (fill, stroke) and
  no style attribute: the CSP forbids inline styles.  No <title> inside
  the SVG (a page has one <title>); the full name goes to aria-label.
  URLs: fixed paths and ids only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="error.xsl"/>

  <!-- 48 non-breaking spaces: depth d indents by substring($pad, 1, 2*d) -->
  <xsl:variable name="pad" select="'&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;'"/>

  <!-- ================================================================ -->
  <!-- Labels                                                           -->
  <!-- ================================================================ -->

  <xsl:template name="doc-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'licence'"><xsl:value-of select="q:t('channel.doc-kind.licence')"/></xsl:when>
      <xsl:when test="$k = 'tax'"><xsl:value-of select="q:t('channel.doc-kind.tax')"/></xsl:when>
      <xsl:when test="$k = 'bank'"><xsl:value-of select="q:t('channel.doc-kind.bank')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('channel.doc-kind.other')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="doc-status">
    <xsl:choose>
      <xsl:when test="@status = 'checked'">
        <span class="status status-active"><xsl:value-of select="q:t('channel.doc-status.checked')"/></span>
      </xsl:when>
      <xsl:when test="@status = 'refused'">
        <span class="status status-discontinued"><xsl:value-of select="q:t('channel.doc-status.refused')"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status status-new"><xsl:value-of select="q:t('channel.doc-status.pending')"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="party-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'agent'"><xsl:value-of select="q:t('channel.kind.agent')"/></xsl:when>
      <xsl:when test="$k = 'dealer'"><xsl:value-of select="q:t('channel.kind.dealer')"/></xsl:when>
      <xsl:when test="$k = 'customer'"><xsl:value-of select="q:t('channel.kind.customer')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('channel.kind.unit')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="party-status">
    <xsl:param name="s" select="@status"/>
    <xsl:choose>
      <xsl:when test="$s = 'applied'"><xsl:value-of select="q:t('channel.status.applied')"/></xsl:when>
      <xsl:when test="$s = 'review'"><xsl:value-of select="q:t('channel.status.review')"/></xsl:when>
      <xsl:when test="$s = 'approved'"><xsl:value-of select="q:t('channel.status.approved')"/></xsl:when>
      <xsl:when test="$s = 'rejected'"><xsl:value-of select="q:t('channel.status.rejected')"/></xsl:when>
      <xsl:when test="$s = 'suspended'"><xsl:value-of select="q:t('channel.status.suspended')"/></xsl:when>
      <xsl:when test="$s = 'retired'"><xsl:value-of select="q:t('channel.status.retired')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A text input in a .field: $name, $label, $value, $max, $type. -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="true()"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$max}">
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

  <!-- A file input (PDF, PNG, JPEG) in a .field. -->
  <xsl:template name="file-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="file" id="f-{$name}" name="{$name}" required="required"
          accept="application/pdf,image/png,image/jpeg">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="hint" select="concat($name, '-hint')"/>
        </xsl:call-template>
      </input>
      <p class="muted" id="{$name}-hint"><xsl:value-of select="q:t('channel.file.hint')"/></p>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Documents of a party                                             -->
  <!-- ================================================================ -->

  <xsl:template match="page/party-docs" mode="title">
    <xsl:value-of select="concat(q:t('channel.docs.title'), ' - ', @name)"/>
  </xsl:template>

  <xsl:template match="page/party-docs" mode="content">
    <div class="page-head">
      <h1>
        <xsl:value-of select="q:t('channel.docs.title')"/>
        <xsl:text> - </xsl:text>
        <xsl:value-of select="@name"/>
      </h1>
      <p class="page-sub">
        <code><xsl:value-of select="@code"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="party-kind"/>
        <xsl:text> </xsl:text>
        <span class="status"><xsl:call-template name="party-status"/></span>
      </p>
    </div>
    <p class="back"><a href="/parties/{@party-id}"><xsl:value-of select="q:t('channel.docs.back')"/></a></p>
    <xsl:variable name="can-check" select="@can-check = 'true'"/>
    <xsl:variable name="pid" select="@party-id"/>
    <xsl:choose>
      <xsl:when test="doc">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('channel.docs.title')}">
          <table class="list docs">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('channel.doc.kind')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.doc.file')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('channel.doc.size')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.doc.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.doc.uploaded')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.doc.checked')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.doc.note')"/></th>
                <xsl:if test="$can-check">
                  <th scope="col"><xsl:value-of select="q:t('channel.doc.decide')"/></th>
                </xsl:if>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="doc">
                <tr>
                  <td><xsl:call-template name="doc-kind"/></td>
                  <td class="name">
                    <a href="/parties/{$pid}/docs/{@id}">
                      <xsl:value-of select="@file-name"/>
                    </a>
                  </td>
                  <td class="num"><xsl:value-of select="@size-text"/></td>
                  <td><xsl:call-template name="doc-status"/></td>
                  <td>
                    <xsl:call-template name="timestamp"><xsl:with-param name="t" select="@uploaded-at"/></xsl:call-template>
                    <xsl:if test="@uploaded-by">
                      <xsl:text> </xsl:text>
                      <span class="muted"><xsl:value-of select="@uploaded-by"/></span>
                    </xsl:if>
                  </td>
                  <td>
                    <xsl:call-template name="timestamp"><xsl:with-param name="t" select="@checked-at"/></xsl:call-template>
                    <xsl:if test="@checked-by">
                      <xsl:text> </xsl:text>
                      <span class="muted"><xsl:value-of select="@checked-by"/></span>
                    </xsl:if>
                  </td>
                  <td><xsl:value-of select="@note"/></td>
                  <xsl:if test="$can-check">
                    <td>
                      <form class="form form-inline" method="post" action="/parties/{$pid}/docs/{@id}/check">
                        <xsl:call-template name="csrf-field"/>
                        <input type="hidden" name="version" value="{@version}"/>
                        <label class="visually-hidden" for="note-{@id}"><xsl:value-of select="q:t('channel.doc.note')"/></label>
                        <input type="text" id="note-{@id}" name="note" maxlength="200" value="{@note}"/>
                        <xsl:text> </xsl:text>
                        <button type="submit" name="status" value="checked"><xsl:value-of select="q:t('channel.doc.check')"/></button>
                        <xsl:text> </xsl:text>
                        <button type="submit" name="status" value="refused"><xsl:value-of select="q:t('channel.doc.refuse')"/></button>
                      </form>
                    </td>
                  </xsl:if>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:if test="$can-check">
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'note'"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('channel.docs.empty')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@can-upload = 'true'">
      <h2><xsl:value-of select="q:t('channel.docs.upload')"/></h2>
      <form class="form form-upload" method="post" action="/parties/{@party-id}/docs" enctype="multipart/form-data">
        <xsl:call-template name="csrf-field"/>
        <div class="field">
          <label for="f-kind"><xsl:value-of select="q:t('channel.doc.kind')"/></label>
          <select id="f-kind" name="kind" required="required">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'kind'"/>
            </xsl:call-template>
            <xsl:variable name="sel" select="string(@upload-kind)"/>
            <option value="licence">
              <xsl:if test="$sel = 'licence' or $sel = ''"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="q:t('channel.doc-kind.licence')"/>
            </option>
            <option value="tax">
              <xsl:if test="$sel = 'tax'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="q:t('channel.doc-kind.tax')"/>
            </option>
            <option value="bank">
              <xsl:if test="$sel = 'bank'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="q:t('channel.doc-kind.bank')"/>
            </option>
            <option value="other">
              <xsl:if test="$sel = 'other'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="q:t('channel.doc-kind.other')"/>
            </option>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'kind'"/>
          </xsl:call-template>
        </div>
        <xsl:call-template name="file-field">
          <xsl:with-param name="name" select="'file'"/>
          <xsl:with-param name="label" select="q:t('channel.doc.file')"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="primary"><xsl:value-of select="q:t('channel.docs.upload')"/></button>
        </div>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The public application                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/apply-form" mode="title">
    <xsl:value-of select="q:t('channel.apply.title')"/>
  </xsl:template>

  <xsl:template match="page/apply-form" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('channel.apply.title')"/></h1>
    </div>
    <p class="lead"><xsl:value-of select="q:t('channel.apply.lead')"/></p>
    <form class="form form-apply" method="post" action="/apply" enctype="multipart/form-data">
      <xsl:call-template name="csrf-field"/>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('channel.apply.kind')"/></label>
        <select id="f-kind" name="kind" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'kind'"/>
          </xsl:call-template>
          <option value="dealer">
            <xsl:if test="@kind = 'dealer'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="q:t('channel.kind.dealer')"/>
          </option>
          <option value="agent">
            <xsl:if test="@kind = 'agent'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="q:t('channel.kind.agent')"/>
          </option>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'kind'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-region"><xsl:value-of select="q:t('channel.apply.region')"/></label>
        <select id="f-region" name="region" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'region'"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="q:t('channel.choose')"/></option>
          <xsl:apply-templates select="region-option"/>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'region'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'contact'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.contact')"/>
        <xsl:with-param name="value" select="@contact"/>
        <xsl:with-param name="max" select="60"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.phone')"/>
        <xsl:with-param name="value" select="@phone"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="type" select="'tel'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.email')"/>
        <xsl:with-param name="value" select="@email"/>
        <xsl:with-param name="max" select="120"/>
        <xsl:with-param name="type" select="'email'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'address'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.address')"/>
        <xsl:with-param name="value" select="@address"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'tax_no'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.tax-no')"/>
        <xsl:with-param name="value" select="@tax-no"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="file-field">
        <xsl:with-param name="name" select="'licence'"/>
        <xsl:with-param name="label" select="q:t('channel.apply.licence')"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('channel.apply.submit')"/></button>
      </div>
    </form>
  </xsl:template>

  <xsl:template match="region-option">
    <option value="{@id}" data-depth="{@depth}">
      <xsl:if test="@selected = 'true'">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="concat(substring($pad, 1, 2 * @depth), @name)"/>
    </option>
  </xsl:template>

  <xsl:template match="page/apply-done" mode="title">
    <xsl:value-of select="q:t('channel.done.title')"/>
  </xsl:template>

  <xsl:template match="page/apply-done" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('channel.done.title')"/></h1>
    </div>
    <p class="lead"><xsl:value-of select="q:t('channel.done.text')"/></p>
    <xsl:if test="@ref">
      <p>
        <xsl:value-of select="q:t('channel.done.ref')"/>
        <xsl:value-of select="q:t('punct.colon')"/>
        <strong class="code"><xsl:value-of select="@ref"/></strong>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The qualification queue                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/qualify-queue" mode="title">
    <xsl:value-of select="q:t('channel.queue.title')"/>
  </xsl:template>

  <xsl:template match="page/qualify-queue" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('channel.queue.title')"/></h1>
      <p class="formats">
        <a href="/channel/map"><xsl:value-of select="q:t('channel.map.title')"/></a>
      </p>
    </div>
    <xsl:choose>
      <xsl:when test="party">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('channel.queue.title')}">
          <table class="list queue">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('channel.col.party')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.kind')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.unit')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.region')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.applied-at')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.docs')"/></th>
                <th scope="col"><xsl:value-of select="q:t('channel.col.action')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="party">
                <tr>
                  <td class="name">
                    <a href="/parties/{@id}"><xsl:value-of select="@name"/></a>
                    <xsl:text> </xsl:text>
                    <code><xsl:value-of select="@code"/></code>
                  </td>
                  <td><xsl:call-template name="party-kind"/></td>
                  <td><xsl:value-of select="@unit-name"/></td>
                  <td><xsl:value-of select="@region-name"/></td>
                  <td><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></td>
                  <td><span class="status"><xsl:call-template name="party-status"/></span></td>
                  <td>
                    <a href="/parties/{@id}/docs">
                      <xsl:call-template name="fmt">
                        <xsl:with-param name="s" select="q:t('channel.queue.docs')"/>
                        <xsl:with-param name="a1" select="@checked"/>
                        <xsl:with-param name="a2" select="@pending"/>
                        <xsl:with-param name="a3" select="@refused"/>
                      </xsl:call-template>
                    </a>
                  </td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@status = 'applied' and @checked-licences &gt; 0">
                        <form class="form form-inline" method="post" action="/parties/{@id}/qualify">
                          <xsl:call-template name="csrf-field"/>
                          <input type="hidden" name="version" value="{@version}"/>
                          <button type="submit" class="primary"><xsl:value-of select="q:t('channel.queue.submit')"/></button>
                        </form>
                      </xsl:when>
                      <xsl:when test="@status = 'applied'">
                        <span class="muted"><xsl:value-of select="q:t('channel.queue.need-licence')"/></span>
                      </xsl:when>
                      <xsl:when test="@status = 'review'">
                        <span class="muted"><xsl:value-of select="q:t('channel.queue.in-review')"/></span>
                      </xsl:when>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('channel.queue.empty')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The channel map                                                  -->
  <!-- ================================================================ -->

  <xsl:template match="page/channel-map" mode="title">
    <xsl:value-of select="q:t('channel.map.title')"/>
  </xsl:template>

  <xsl:template match="page/channel-map" mode="head">
    <link rel="alternate" type="application/xml" href="/channel/map.xml"/>
  </xsl:template>

  <!-- Fill colour by status (presentation attributes: no style=""). -->
  <xsl:template name="map-fill">
    <xsl:choose>
      <xsl:when test="@kind = 'unit'">#e8eef7</xsl:when>
      <xsl:when test="@status = 'approved'">#2e8b57</xsl:when>
      <xsl:when test="@status = 'applied' or @status = 'review'">#e0a100</xsl:when>
      <xsl:when test="@status = 'suspended'">#d2691e</xsl:when>
      <xsl:otherwise>#9a9a9a</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/channel-map" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('channel.map.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="application/xml" href="/channel/map.xml">
          <xsl:value-of select="q:t('channel.xml')"/>
        </a>
      </p>
    </div>
    <form class="search" method="get" action="/channel/map">
      <div class="field">
        <label for="f-region"><xsl:value-of select="q:t('channel.map.region')"/></label>
        <select id="f-region" name="region">
          <option value=""><xsl:value-of select="q:t('channel.all')"/></option>
          <xsl:apply-templates select="region-option"/>
        </select>
      </div>
      <xsl:if test="unit-option">
        <div class="field">
          <label for="f-branch"><xsl:value-of select="q:t('channel.map.branch')"/></label>
          <select id="f-branch" name="branch">
            <option value=""><xsl:value-of select="q:t('channel.all')"/></option>
            <xsl:for-each select="unit-option">
              <option value="{@id}">
                <xsl:if test="@selected = 'true'">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="concat(@name, ' (', @code, ')')"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <div class="field">
        <label for="f-depth"><xsl:value-of select="q:t('channel.map.depth')"/></label>
        <input type="number" id="f-depth" name="depth" min="1" max="20" value="{@depth}"/>
      </div>
      <xsl:if test="@root">
        <input type="hidden" name="root" value="{@root}"/>
      </xsl:if>
      <button type="submit"><xsl:value-of select="q:t('channel.map.apply')"/></button>
    </form>
    <xsl:if test="@root">
      <p>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('channel.map.rooted')"/>
          <xsl:with-param name="a1" select="concat(@root-name, ' (', @root-code, ')')"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <a href="/channel/map"><xsl:value-of select="q:t('channel.map.whole')"/></a>
      </p>
    </xsl:if>
    <xsl:if test="@truncated = 'true'">
      <p class="msg msg-warning"><xsl:value-of select="q:t('channel.map.truncated')"/></p>
    </xsl:if>
    <xsl:call-template name="map-legend"/>
    <xsl:choose>
      <xsl:when test="node">
        <div class="table-wrap channel-map" role="region" tabindex="0" aria-label="{q:t('channel.map.title')}">
          <svg width="{@width}" height="{@height}" viewBox="0 0 {@width} {@height}"
              role="img" aria-label="{q:t('channel.map.title')}"
              font-family="sans-serif" font-size="11">
            <g fill="none" stroke="#b0b8c4" stroke-width="1">
              <xsl:for-each select="edge">
                <path d="M{@x1},{@y1} C{@xm},{@y1} {@xm},{@y2} {@x2},{@y2}"/>
              </xsl:for-each>
            </g>
            <xsl:apply-templates select="node"/>
          </svg>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('channel.map.empty')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One node: a unit is a square linking to the unit, a party a circle
       (agent: with a ring, customer: a square with rounded corners)
       linking to the party, its size by the receivable balance. -->
  <xsl:template match="channel-map/node">
    <xsl:variable name="fill"><xsl:call-template name="map-fill"/></xsl:variable>
    <xsl:variable name="label" select="concat(@code, ' ', @label)"/>
    <xsl:choose>
      <xsl:when test="@kind = 'unit'">
        <a href="/org/units/{@id}" aria-label="{@name}">
          <rect x="{@x - @r}" y="{@y - @r}" width="{2 * @r}" height="{2 * @r}"
              fill="{$fill}" stroke="#36506e" stroke-width="1.5"/>
          <text x="{@x + @r + 4}" y="{@y + 4}" font-weight="bold" fill="#1f2d3d">
            <xsl:value-of select="$label"/>
          </text>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <a href="/parties/{@id}" aria-label="{concat(@name, ' (', @code, ')')}" class="map-node">
          <xsl:choose>
            <xsl:when test="@kind = 'customer'">
              <rect x="{@x - @r}" y="{@y - @r}" width="{2 * @r}" height="{2 * @r}" rx="2"
                  fill="{$fill}" stroke="#333" stroke-width="0.8"/>
            </xsl:when>
            <xsl:otherwise>
              <circle cx="{@x}" cy="{@y}" r="{@r}" fill="{$fill}" stroke="#333" stroke-width="0.8"/>
              <xsl:if test="@kind = 'agent'">
                <circle cx="{@x}" cy="{@y}" r="{@r + 3}" fill="none" stroke="{$fill}" stroke-width="1.5"/>
              </xsl:if>
            </xsl:otherwise>
          </xsl:choose>
          <text x="{@x + @r + 5}" y="{@y + 4}" fill="#1f2d3d">
            <xsl:value-of select="$label"/>
          </text>
        </a>
        <xsl:if test="@hidden">
          <a href="/channel/map?root={@id}">
            <text x="{@x - @r - 4}" y="{@y + 4}" text-anchor="end" fill="#36506e">
              <xsl:value-of select="concat('+', @hidden)"/>
            </text>
          </a>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="map-legend">
    <div class="map-legend">
      <svg width="640" height="58" viewBox="0 0 640 58" role="img"
          aria-label="{q:t('channel.map.legend')}" font-family="sans-serif" font-size="11">
        <circle cx="10" cy="12" r="6" fill="#2e8b57" stroke="#333" stroke-width="0.8"/>
        <text x="20" y="16"><xsl:value-of select="q:t('channel.status.approved')"/></text>
        <circle cx="130" cy="12" r="6" fill="#e0a100" stroke="#333" stroke-width="0.8"/>
        <text x="140" y="16"><xsl:value-of select="q:t('channel.map.pending')"/></text>
        <circle cx="290" cy="12" r="6" fill="#d2691e" stroke="#333" stroke-width="0.8"/>
        <text x="300" y="16"><xsl:value-of select="q:t('channel.status.suspended')"/></text>
        <circle cx="410" cy="12" r="6" fill="#9a9a9a" stroke="#333" stroke-width="0.8"/>
        <text x="420" y="16"><xsl:value-of select="q:t('channel.map.closed')"/></text>
        <rect x="4" y="32" width="12" height="12" fill="#e8eef7" stroke="#36506e" stroke-width="1.5"/>
        <text x="20" y="42"><xsl:value-of select="q:t('channel.kind.unit')"/></text>
        <circle cx="130" cy="38" r="6" fill="#2e8b57" stroke="#333" stroke-width="0.8"/>
        <circle cx="130" cy="38" r="9" fill="none" stroke="#2e8b57" stroke-width="1.5"/>
        <text x="144" y="42"><xsl:value-of select="q:t('channel.kind.agent')"/></text>
        <circle cx="230" cy="38" r="6" fill="#2e8b57" stroke="#333" stroke-width="0.8"/>
        <text x="240" y="42"><xsl:value-of select="q:t('channel.kind.dealer')"/></text>
        <rect x="324" y="32" width="12" height="12" rx="2" fill="#2e8b57" stroke="#333" stroke-width="0.8"/>
        <text x="340" y="42"><xsl:value-of select="q:t('channel.kind.customer')"/></text>
      </svg>
      <p class="muted"><xsl:value-of select="q:t('channel.map.size-note')"/></p>
    </div>
  </xsl:template>

</xsl:stylesheet>
