<?xml version="1.0" encoding="UTF-8"?>
<!--
  org.xsl - the sales organisation (M1): units, sales regions, staff
  (src/modules/org/; documents in schema/xsd/org.xsd).  One stylesheet
  for the module's routes, told apart by the data element:

    <org-tree>        /org                  the unit tree, indented by depth
    <org-unit>        /org/units/{id}       one unit and what hangs on it
    <org-unit-form>   new | edit | move | regions forms of a unit
    <regions>         /org/regions          the region tree
    <region-form>     new | edit forms of a region
    <staff-list>      /staff                search, filter, sort, pages
    <staff>           /staff/{id}           one staff member
    <staff-form>      new | edit forms of a staff member
  (or an <error>, rendered by error.xsl).

  Forms post to fixed paths built from ids (/org/units/{@id}/edit), carry
  the CSRF token (csrf-field) and the row version, and show each field's
  own messages (field-errors).  After a 422 or 409 the field attributes
  hold what was typed; a 409 adds <conflict> with the values saved now.

  Trees are indented by prefixing names with non-breaking spaces (a
  substring of $pad, no per-row template calls) and carry data-depth for
  the CSS; the labels of kinds and statuses are looked up once per page.
  URLs: ids, literals chosen with xsl:choose, computed numbers, and the
  search text through str:encode-uri only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels, looked up once per page                                  -->
  <!-- ================================================================ -->

  <!-- 64 non-breaking spaces: depth d indents by substring($pad, 1, 3*d) -->
  <xsl:variable name="pad" select="'&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;'"/>

  <xsl:variable name="kind-hq" select="q:t('org.kind.hq')"/>
  <xsl:variable name="kind-region" select="q:t('org.kind.region')"/>
  <xsl:variable name="kind-branch" select="q:t('org.kind.branch')"/>
  <xsl:variable name="kind-office" select="q:t('org.kind.office')"/>
  <xsl:variable name="kind-point" select="q:t('org.kind.point')"/>
  <xsl:variable name="kind-dept" select="q:t('org.kind.dept')"/>

  <xsl:variable name="unit-active" select="q:t('org.unit-status.active')"/>
  <xsl:variable name="unit-retired" select="q:t('org.unit-status.retired')"/>

  <xsl:variable name="staff-active" select="q:t('org.staff-status.active')"/>
  <xsl:variable name="staff-leave" select="q:t('org.staff-status.leave')"/>
  <xsl:variable name="staff-left" select="q:t('org.staff-status.left')"/>

  <xsl:variable name="rkind-country" select="q:t('org.region-kind.country')"/>
  <xsl:variable name="rkind-area" select="q:t('org.region-kind.area')"/>
  <xsl:variable name="rkind-province" select="q:t('org.region-kind.province')"/>
  <xsl:variable name="rkind-city" select="q:t('org.region-kind.city')"/>
  <xsl:variable name="rkind-district" select="q:t('org.region-kind.district')"/>

  <!-- The label of a unit kind $k (unknown: shown as it is). -->
  <xsl:template name="unit-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'hq'"><xsl:value-of select="$kind-hq"/></xsl:when>
      <xsl:when test="$k = 'region'"><xsl:value-of select="$kind-region"/></xsl:when>
      <xsl:when test="$k = 'branch'"><xsl:value-of select="$kind-branch"/></xsl:when>
      <xsl:when test="$k = 'office'"><xsl:value-of select="$kind-office"/></xsl:when>
      <xsl:when test="$k = 'point'"><xsl:value-of select="$kind-point"/></xsl:when>
      <xsl:when test="$k = 'dept'"><xsl:value-of select="$kind-dept"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="region-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'country'"><xsl:value-of select="$rkind-country"/></xsl:when>
      <xsl:when test="$k = 'area'"><xsl:value-of select="$rkind-area"/></xsl:when>
      <xsl:when test="$k = 'province'"><xsl:value-of select="$rkind-province"/></xsl:when>
      <xsl:when test="$k = 'city'"><xsl:value-of select="$rkind-city"/></xsl:when>
      <xsl:when test="$k = 'district'"><xsl:value-of select="$rkind-district"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The status badge of a unit (context: an element with @status). -->
  <xsl:template name="unit-status">
    <xsl:choose>
      <xsl:when test="@status = 'active'">
        <span class="status status-active"><xsl:value-of select="$unit-active"/></span>
      </xsl:when>
      <xsl:when test="@status = 'retired'">
        <span class="status status-retired"><xsl:value-of select="$unit-retired"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status"><xsl:value-of select="@status"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="staff-status">
    <xsl:param name="s" select="@status"/>
    <xsl:choose>
      <xsl:when test="$s = 'active'">
        <span class="status status-active"><xsl:value-of select="$staff-active"/></span>
      </xsl:when>
      <xsl:when test="$s = 'leave'">
        <span class="status status-leave"><xsl:value-of select="$staff-leave"/></span>
      </xsl:when>
      <xsl:when test="$s = 'left'">
        <span class="status status-left"><xsl:value-of select="$staff-left"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status"><xsl:value-of select="$s"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One dt/dd pair, left out when the value is empty. -->
  <xsl:template name="dl-field">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The audit history of a record (context: <history>). -->
  <xsl:template match="history">
    <section class="history">
      <h2><xsl:value-of select="q:t('org.history.title')"/></h2>
      <xsl:choose>
        <xsl:when test="entry">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('org.history.title')}">
            <table class="list history">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('org.history.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.history.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.history.action')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.history.detail')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="entry">
                  <tr>
                    <td>
                      <xsl:call-template name="timestamp">
                        <xsl:with-param name="t" select="@at"/>
                      </xsl:call-template>
                    </td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="string(@user-name) != ''">
                          <xsl:value-of select="@user-name"/>
                          <xsl:if test="string(@login) != ''">
                            <xsl:value-of select="concat(' (', @login, ')')"/>
                          </xsl:if>
                        </xsl:when>
                        <xsl:otherwise><xsl:value-of select="@login"/></xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td><code><xsl:value-of select="@action"/></code></td>
                    <td class="detail"><xsl:value-of select="@detail"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('org.history.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!--
    A text input with its label and messages.  $name is the field (a
    literal of the caller), $value what to show, $max the maxlength.
  -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="type" select="'text'"/>
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

  <!-- The messages about fields that have no input of their own. -->
  <xsl:template name="version-errors">
    <xsl:call-template name="field-errors">
      <xsl:with-param name="name" select="'version'"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    A select of the scope's units (context: the form, whose unit-option
    children are the choices): $name the field, $sel the selected id.
    Retired units cannot be chosen, except the one already selected.
  -->
  <xsl:template name="unit-select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="sel"/>
    <xsl:param name="options" select="unit-option"/>
    <xsl:param name="empty" select="''"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <select id="f-{$name}" name="{$name}">
        <xsl:if test="string($empty) = ''">
          <xsl:attribute name="required">required</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
        </xsl:call-template>
        <option value="">
          <xsl:choose>
            <xsl:when test="string($empty) != ''"><xsl:value-of select="$empty"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('org.choose')"/></xsl:otherwise>
          </xsl:choose>
        </option>
        <xsl:for-each select="$options">
          <option value="{@id}" data-depth="{@depth}">
            <xsl:if test="string(@id) = string($sel)">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:if test="@status = 'retired' and string(@id) != string($sel)">
              <xsl:attribute name="disabled">disabled</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="concat(substring($pad, 1, 3 * @depth), @name, ' (', @code, ')')"/>
            <xsl:if test="@status = 'retired'">
              <xsl:value-of select="concat(' - ', $unit-retired)"/>
            </xsl:if>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- The six kinds of unit as a select; $sel the chosen one. -->
  <xsl:template name="unit-kind-select">
    <xsl:param name="sel"/>
    <div class="field">
      <label for="f-kind"><xsl:value-of select="q:t('org.field.kind')"/></label>
      <select id="f-kind" name="kind" required="required">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="'kind'"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'hq'"/>
          <xsl:with-param name="label" select="$kind-hq"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'region'"/>
          <xsl:with-param name="label" select="$kind-region"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'branch'"/>
          <xsl:with-param name="label" select="$kind-branch"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'office'"/>
          <xsl:with-param name="label" select="$kind-office"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'point'"/>
          <xsl:with-param name="label" select="$kind-point"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
        <xsl:call-template name="option">
          <xsl:with-param name="v" select="'dept'"/>
          <xsl:with-param name="label" select="$kind-dept"/>
          <xsl:with-param name="sel" select="$sel"/>
        </xsl:call-template>
      </select>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'kind'"/>
      </xsl:call-template>
    </div>
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

  <!-- The save button and a way back ($back: a path built by the caller
       from literals and ids). -->
  <xsl:template name="form-actions">
    <xsl:param name="back"/>
    <xsl:param name="label" select="q:t('org.save')"/>
    <div class="form-actions">
      <button type="submit" class="primary"><xsl:value-of select="$label"/></button>
      <xsl:text> </xsl:text>
      <a href="{$back}"><xsl:value-of select="q:t('org.cancel')"/></a>
    </div>
  </xsl:template>

  <!-- The intro of a 409: what happened and what to do. -->
  <xsl:template name="conflict-head">
    <h2 id="conflict-h"><xsl:value-of select="q:t('org.conflict.title')"/></h2>
    <p><xsl:value-of select="q:t('org.conflict.hint')"/></p>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The unit tree                                                    -->
  <!-- ================================================================ -->

  <xsl:template match="page/org-tree" mode="title">
    <xsl:value-of select="q:t('org.tree.title')"/>
  </xsl:template>

  <xsl:template match="page/org-tree" mode="head">
    <link rel="alternate" type="application/xml" href="/org.xml"/>
  </xsl:template>

  <xsl:template match="page/org-tree" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('org.tree.title')"/></h1>
      <p class="formats">
        <a href="/org/regions"><xsl:value-of select="q:t('org.regions.title')"/></a>
        <xsl:text> </xsl:text>
        <a href="/staff"><xsl:value-of select="q:t('org.staff.title')"/></a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml" href="/org.xml"
            title="{q:t('org.xml-title')}">
          <xsl:value-of select="q:t('org.xml')"/>
        </a>
      </p>
    </div>
    <xsl:if test="@can-edit = 'true' and unit">
      <p class="actions">
        <a href="/org/units/new?parent={unit[1]/@id}">
          <xsl:value-of select="q:t('org.unit.new')"/>
        </a>
      </p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="unit">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('org.tree.title')}">
          <table class="list org-tree">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('org.field.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('org.field.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('org.field.kind')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('org.field.staff')"/></th>
                <th scope="col"><xsl:value-of select="q:t('org.field.status')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="unit">
                <tr data-depth="{@depth}">
                  <xsl:if test="@status = 'retired'">
                    <xsl:attribute name="class">retired</xsl:attribute>
                  </xsl:if>
                  <td class="name tree-name" data-depth="{@depth}">
                    <xsl:value-of select="substring($pad, 1, 3 * @depth)"/>
                    <a href="/org/units/{@id}"><xsl:value-of select="@name"/></a>
                  </td>
                  <td class="code"><xsl:value-of select="@code"/></td>
                  <td><xsl:call-template name="unit-kind"/></td>
                  <td class="num"><xsl:value-of select="@staff"/></td>
                  <td><xsl:call-template name="unit-status"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('org.tree.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One unit                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/org-unit" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/org-unit" mode="head">
    <link rel="alternate" type="application/xml" href="/org/units/{@id}.xml"/>
  </xsl:template>

  <xsl:template match="page/org-unit" mode="content">
    <nav class="breadcrumb" aria-label="{q:t('org.path')}">
      <ol>
        <li><a href="/org"><xsl:value-of select="q:t('org.tree.title')"/></a></li>
        <xsl:for-each select="path/unit">
          <li><a href="/org/units/{@id}"><xsl:value-of select="@name"/></a></li>
        </xsl:for-each>
        <li aria-current="page"><xsl:value-of select="@name"/></li>
      </ol>
    </nav>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub">
        <code><xsl:value-of select="@code"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="unit-kind"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="unit-status"/>
      </p>
    </div>

    <xsl:if test="@can-edit = 'true' or (@can-edit-staff = 'true' and @status = 'active')">
      <ul class="actions link-list">
        <xsl:if test="@can-edit = 'true'">
          <li><a href="/org/units/{@id}/edit"><xsl:value-of select="q:t('org.unit.edit')"/></a></li>
          <li><a href="/org/units/{@id}/move"><xsl:value-of select="q:t('org.unit.move')"/></a></li>
          <li><a href="/org/units/{@id}/regions"><xsl:value-of select="q:t('org.unit.set-regions')"/></a></li>
          <xsl:if test="@status = 'active'">
            <li><a href="/org/units/new?parent={@id}"><xsl:value-of select="q:t('org.unit.new-below')"/></a></li>
          </xsl:if>
        </xsl:if>
        <xsl:if test="@can-edit-staff = 'true' and @status = 'active'">
          <li><a href="/staff/new?unit={@id}"><xsl:value-of select="q:t('org.staff.new')"/></a></li>
        </xsl:if>
      </ul>
    </xsl:if>

    <dl class="fields">
      <xsl:if test="path/unit">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('org.field.parent')"/></dt>
          <dd>
            <a href="/org/units/{path/unit[last()]/@id}">
              <xsl:value-of select="path/unit[last()]/@name"/>
            </a>
          </dd>
        </div>
      </xsl:if>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.code')"/>
        <xsl:with-param name="value" select="@code"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.func')"/>
        <xsl:with-param name="value" select="@func"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.address')"/>
        <xsl:with-param name="value" select="@address"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.phone')"/>
        <xsl:with-param name="value" select="@phone"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.version')"/>
        <xsl:with-param name="value" select="@version"/>
      </xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('org.field.created-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('org.field.updated-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@updated-at"/></xsl:call-template></dd>
      </div>
    </dl>

    <section class="children">
      <h2><xsl:value-of select="q:t('org.unit.children')"/></h2>
      <xsl:choose>
        <xsl:when test="children/unit">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('org.unit.children')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('org.field.name')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.code')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.kind')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="q:t('org.field.staff')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.status')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="children/unit">
                  <tr>
                    <td class="name"><a href="/org/units/{@id}"><xsl:value-of select="@name"/></a></td>
                    <td class="code"><xsl:value-of select="@code"/></td>
                    <td><xsl:call-template name="unit-kind"/></td>
                    <td class="num"><xsl:value-of select="@staff"/></td>
                    <td><xsl:call-template name="unit-status"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('org.unit.no-children')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="members">
      <h2><xsl:value-of select="q:t('org.unit.staff')"/></h2>
      <xsl:choose>
        <xsl:when test="members/member">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('org.unit.staff')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('org.field.emp-no')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.name')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.position')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.phone')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('org.field.status')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="members/member">
                  <tr>
                    <td class="code"><a href="/staff/{@id}"><xsl:value-of select="@emp-no"/></a></td>
                    <td class="name"><xsl:value-of select="@name"/></td>
                    <td><xsl:value-of select="@position"/></td>
                    <td><xsl:value-of select="@phone"/></td>
                    <td><xsl:call-template name="staff-status"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('org.unit.no-staff')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="covered-regions">
      <h2><xsl:value-of select="q:t('org.unit.regions')"/></h2>
      <xsl:choose>
        <xsl:when test="covered-regions/region">
          <ul class="link-list">
            <xsl:for-each select="covered-regions/region">
              <li>
                <xsl:value-of select="@name"/>
                <xsl:text> </xsl:text>
                <code><xsl:value-of select="@code"/></code>
                <xsl:text> </xsl:text>
                <span class="muted"><xsl:call-template name="region-kind"/></span>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('org.unit.no-regions')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:apply-templates select="history"/>

    <xsl:if test="@can-edit = 'true' and @status = 'active'">
      <section class="retire">
        <h2><xsl:value-of select="q:t('org.unit.retire')"/></h2>
        <p class="field-hint"><xsl:value-of select="q:t('org.unit.retire-hint')"/></p>
        <form class="form form-inline" method="post" action="/org/units/{@id}/retire">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <button type="submit" class="danger"><xsl:value-of select="q:t('org.unit.retire')"/></button>
        </form>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Unit forms: new, edit, move, regions                             -->
  <!-- ================================================================ -->

  <xsl:template match="page/org-unit-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'new'">
        <xsl:value-of select="q:t('org.unit.new')"/>
      </xsl:when>
      <xsl:when test="@action = 'move'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('org.unit.move-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@action = 'regions'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('org.unit.regions-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('org.unit.edit-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/org-unit-form" mode="content">
    <xsl:variable name="title">
      <xsl:apply-templates select="." mode="title"/>
    </xsl:variable>
    <xsl:if test="@id">
      <p class="back">
        <a href="/org/units/{@id}"><xsl:value-of select="q:t('org.unit.back')"/></a>
      </p>
    </xsl:if>
    <div class="page-head">
      <h1><xsl:value-of select="$title"/></h1>
    </div>
    <xsl:choose>
      <xsl:when test="@action = 'new'">
        <xsl:apply-templates select="." mode="new"/>
      </xsl:when>
      <xsl:when test="@action = 'edit'">
        <xsl:apply-templates select="." mode="edit"/>
      </xsl:when>
      <xsl:when test="@action = 'move'">
        <xsl:apply-templates select="." mode="move"/>
      </xsl:when>
      <xsl:when test="@action = 'regions'">
        <xsl:apply-templates select="." mode="regions"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The fields shared by new and edit. -->
  <xsl:template name="unit-fields">
    <xsl:call-template name="unit-kind-select">
      <xsl:with-param name="sel" select="@kind"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'code'"/>
      <xsl:with-param name="label" select="q:t('org.field.code')"/>
      <xsl:with-param name="value" select="@code"/>
      <xsl:with-param name="max" select="40"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="q:t('org.field.name')"/>
      <xsl:with-param name="value" select="@name"/>
      <xsl:with-param name="max" select="100"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'func'"/>
      <xsl:with-param name="label" select="q:t('org.field.func')"/>
      <xsl:with-param name="value" select="@func"/>
      <xsl:with-param name="max" select="200"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'address'"/>
      <xsl:with-param name="label" select="q:t('org.field.address')"/>
      <xsl:with-param name="value" select="@address"/>
      <xsl:with-param name="max" select="200"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="name" select="'phone'"/>
      <xsl:with-param name="label" select="q:t('org.field.phone')"/>
      <xsl:with-param name="value" select="@phone"/>
      <xsl:with-param name="max" select="40"/>
      <xsl:with-param name="type" select="'tel'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="org-unit-form" mode="new">
    <form class="form form-unit" method="post" action="/org/units/new">
      <xsl:call-template name="csrf-field"/>
      <xsl:call-template name="unit-select">
        <xsl:with-param name="name" select="'parent'"/>
        <xsl:with-param name="label" select="q:t('org.field.parent')"/>
        <xsl:with-param name="sel" select="@parent"/>
      </xsl:call-template>
      <xsl:call-template name="unit-fields"/>
      <xsl:call-template name="form-actions">
        <xsl:with-param name="back" select="'/org'"/>
      </xsl:call-template>
    </form>
  </xsl:template>

  <xsl:template match="org-unit-form" mode="edit">
    <xsl:apply-templates select="conflict" mode="unit"/>
    <form class="form form-unit" method="post" action="/org/units/{@id}/edit">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <xsl:call-template name="version-errors"/>
      <xsl:call-template name="unit-fields"/>
      <xsl:call-template name="form-actions">
        <xsl:with-param name="back" select="concat('/org/units/', string(@id))"/>
      </xsl:call-template>
    </form>
  </xsl:template>

  <xsl:template match="org-unit-form" mode="move">
    <xsl:if test="conflict">
      <section class="conflict msg-warning" aria-labelledby="conflict-h">
        <xsl:call-template name="conflict-head"/>
      </section>
    </xsl:if>
    <p class="field-hint"><xsl:value-of select="q:t('org.unit.move-hint')"/></p>
    <form class="form form-move" method="post" action="/org/units/{@id}/move">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <xsl:call-template name="version-errors"/>
      <xsl:call-template name="unit-select">
        <xsl:with-param name="name" select="'parent'"/>
        <xsl:with-param name="label" select="q:t('org.unit.new-parent')"/>
        <xsl:with-param name="sel" select="@parent"/>
      </xsl:call-template>
      <xsl:call-template name="form-actions">
        <xsl:with-param name="back" select="concat('/org/units/', string(@id))"/>
        <xsl:with-param name="label" select="q:t('org.unit.move')"/>
      </xsl:call-template>
    </form>
  </xsl:template>

  <xsl:template match="org-unit-form" mode="regions">
    <p class="field-hint"><xsl:value-of select="q:t('org.unit.regions-hint')"/></p>
    <form class="form form-regions" method="post" action="/org/units/{@id}/regions">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <xsl:call-template name="version-errors"/>
      <fieldset>
        <legend><xsl:value-of select="q:t('org.unit.regions')"/></legend>
        <xsl:choose>
          <xsl:when test="region-option">
            <xsl:for-each select="region-option">
              <div class="check" data-depth="{@depth}">
                <label>
                  <xsl:value-of select="substring($pad, 1, 3 * @depth)"/>
                  <input type="checkbox" name="region" value="{@id}">
                    <xsl:if test="@checked = 'true'">
                      <xsl:attribute name="checked">checked</xsl:attribute>
                    </xsl:if>
                  </input>
                  <xsl:text> </xsl:text>
                  <xsl:value-of select="@name"/>
                  <xsl:text> </xsl:text>
                  <code><xsl:value-of select="@code"/></code>
                </label>
              </div>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <p class="muted"><xsl:value-of select="q:t('org.regions.empty')"/></p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'region'"/>
        </xsl:call-template>
      </fieldset>
      <xsl:call-template name="form-actions">
        <xsl:with-param name="back" select="concat('/org/units/', string(@id))"/>
      </xsl:call-template>
    </form>
  </xsl:template>

  <!-- A 409 on a unit: the values saved now beside the form. -->
  <xsl:template match="conflict" mode="unit">
    <section class="conflict msg-warning" aria-labelledby="conflict-h">
      <xsl:call-template name="conflict-head"/>
      <dl class="fields">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('org.field.kind')"/></dt>
          <dd><xsl:call-template name="unit-kind"/></dd>
        </div>
        <xsl:call-template name="dl-field">
          <xsl:with-param name="label" select="q:t('org.field.code')"/>
          <xsl:with-param name="value" select="@code"/>
        </xsl:call-template>
        <xsl:call-template name="dl-field">
          <xsl:with-param name="label" select="q:t('org.field.name')"/>
          <xsl:with-param name="value" select="@name"/>
        </xsl:call-template>
        <xsl:call-template name="dl-field">
          <xsl:with-param name="label" select="q:t('org.field.func')"/>
          <xsl:with-param name="value" select="@func"/>
        </xsl:call-template>
        <xsl:call-template name="dl-field">
          <xsl:with-param name="label" select="q:t('org.field.address')"/>
          <xsl:with-param name="value" select="@address"/>
        </xsl:call-template>
        <xsl:call-template name="dl-field">
          <xsl:with-param name="label" select="q:t('org.field.phone')"/>
          <xsl:with-param name="value" select="@phone"/>
        </xsl:call-template>
      </dl>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Regions                                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/regions" mode="title">
    <xsl:value-of select="q:t('org.regions.title')"/>
  </xsl:template>

  <xsl:template match="page/regions" mode="head">
    <link rel="alternate" type="application/xml" href="/org/regions.xml"/>
  </xsl:template>

  <xsl:template match="page/regions" mode="content">
    <p class="back">
      <a href="/org"><xsl:value-of select="q:t('org.back')"/></a>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('org.regions.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="application/xml" href="/org/regions.xml"
            title="{q:t('org.xml-title')}">
          <xsl:value-of select="q:t('org.xml')"/>
        </a>
      </p>
    </div>
    <xsl:variable name="edit" select="@can-edit = 'true'"/>
    <xsl:if test="$edit">
      <p class="actions">
        <a href="/org/regions/new"><xsl:value-of select="q:t('org.region.new')"/></a>
      </p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="region">
        <xsl:variable name="edit-label" select="q:t('org.region.edit')"/>
        <xsl:variable name="below-label" select="q:t('org.region.new-below')"/>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('org.regions.title')}">
          <table class="list region-tree">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('org.field.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('org.field.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('org.field.kind')"/></th>
                <xsl:if test="$edit">
                  <th scope="col"><xsl:value-of select="q:t('org.actions')"/></th>
                </xsl:if>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="region">
                <tr data-depth="{@depth}">
                  <td class="name tree-name" data-depth="{@depth}">
                    <xsl:value-of select="substring($pad, 1, 3 * @depth)"/>
                    <xsl:value-of select="@name"/>
                  </td>
                  <td class="code"><xsl:value-of select="@code"/></td>
                  <td><xsl:call-template name="region-kind"/></td>
                  <xsl:if test="$edit">
                    <td>
                      <a href="/org/regions/{@id}/edit"><xsl:value-of select="$edit-label"/></a>
                      <xsl:text> </xsl:text>
                      <a href="/org/regions/new?parent={@id}"><xsl:value-of select="$below-label"/></a>
                    </td>
                  </xsl:if>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('org.regions.empty')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/region-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'new'">
        <xsl:value-of select="q:t('org.region.new')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('org.region.edit-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/region-form" mode="content">
    <xsl:variable name="title">
      <xsl:apply-templates select="." mode="title"/>
    </xsl:variable>
    <p class="back">
      <a href="/org/regions"><xsl:value-of select="q:t('org.region.back')"/></a>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="$title"/></h1>
    </div>
    <xsl:if test="conflict">
      <section class="conflict msg-warning" aria-labelledby="conflict-h">
        <xsl:call-template name="conflict-head"/>
        <dl class="fields">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('org.field.kind')"/></dt>
            <dd>
              <xsl:call-template name="region-kind">
                <xsl:with-param name="k" select="conflict/@kind"/>
              </xsl:call-template>
            </dd>
          </div>
          <xsl:call-template name="dl-field">
            <xsl:with-param name="label" select="q:t('org.field.code')"/>
            <xsl:with-param name="value" select="conflict/@code"/>
          </xsl:call-template>
          <xsl:call-template name="dl-field">
            <xsl:with-param name="label" select="q:t('org.field.name')"/>
            <xsl:with-param name="value" select="conflict/@name"/>
          </xsl:call-template>
        </dl>
      </section>
    </xsl:if>
    <form class="form form-region" method="post">
      <xsl:choose>
        <xsl:when test="@action = 'new'">
          <xsl:attribute name="action">/org/regions/new</xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="action">
            <xsl:value-of select="concat('/org/regions/', string(@id), '/edit')"/>
          </xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="csrf-field"/>
      <xsl:choose>
        <xsl:when test="@action = 'new'">
          <div class="field">
            <label for="f-parent"><xsl:value-of select="q:t('org.field.parent')"/></label>
            <select id="f-parent" name="parent">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'parent'"/>
              </xsl:call-template>
              <option value=""><xsl:value-of select="q:t('org.region.top')"/></option>
              <xsl:variable name="sel" select="string(@parent)"/>
              <xsl:for-each select="region-option">
                <option value="{@id}" data-depth="{@depth}">
                  <xsl:if test="string(@id) = $sel">
                    <xsl:attribute name="selected">selected</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="concat(substring($pad, 1, 3 * @depth), @name, ' (', @code, ')')"/>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'parent'"/>
            </xsl:call-template>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <input type="hidden" name="version" value="{@version}"/>
          <xsl:call-template name="version-errors"/>
          <dl class="fields">
            <div class="field-row">
              <dt><xsl:value-of select="q:t('org.field.parent')"/></dt>
              <dd>
                <xsl:choose>
                  <xsl:when test="string(@parent-name) != ''">
                    <xsl:value-of select="@parent-name"/>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="q:t('org.region.top')"/></xsl:otherwise>
                </xsl:choose>
              </dd>
            </div>
          </dl>
        </xsl:otherwise>
      </xsl:choose>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('org.field.kind')"/></label>
        <select id="f-kind" name="kind" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'kind'"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'country'"/>
            <xsl:with-param name="label" select="$rkind-country"/>
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'area'"/>
            <xsl:with-param name="label" select="$rkind-area"/>
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'province'"/>
            <xsl:with-param name="label" select="$rkind-province"/>
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'city'"/>
            <xsl:with-param name="label" select="$rkind-city"/>
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'district'"/>
            <xsl:with-param name="label" select="$rkind-district"/>
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'kind'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'code'"/>
        <xsl:with-param name="label" select="q:t('org.field.code')"/>
        <xsl:with-param name="value" select="@code"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('org.field.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="form-actions">
        <xsl:with-param name="back" select="'/org/regions'"/>
      </xsl:call-template>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Staff list                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="page/staff-list" mode="title">
    <xsl:value-of select="q:t('org.staff.title')"/>
  </xsl:template>

  <!-- The list's sort column and direction, as literals. -->
  <xsl:template name="staff-sort-key">
    <xsl:choose>
      <xsl:when test="@sort = 'emp_no'">emp_no</xsl:when>
      <xsl:when test="@sort = 'unit'">unit</xsl:when>
      <xsl:when test="@sort = 'hire_on'">hire_on</xsl:when>
      <xsl:otherwise>name</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="staff-dir-key">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The filters of the list as a query string (q, unit, status), each
       followed by "&"; empty when there are none. -->
  <xsl:template match="page/staff-list" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:if test="number(@unit) &gt; 0">
      <xsl:value-of select="concat('unit=', string(@unit), '&amp;')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@status = 'active'">status=active&amp;</xsl:when>
      <xsl:when test="@status = 'leave'">status=leave&amp;</xsl:when>
      <xsl:when test="@status = 'left'">status=left&amp;</xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/staff-list" mode="head">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="staff-sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="staff-dir-key"/></xsl:variable>
    <link rel="alternate" type="application/xml"
        href="/staff.xml?{$filters}sort={$sort}&amp;dir={$dir}&amp;page={number(@page)}"/>
  </xsl:template>

  <xsl:template match="page/staff-list" mode="content">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="staff-sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="staff-dir-key"/></xsl:variable>
    <xsl:variable name="query" select="concat($filters, 'sort=', $sort, '&amp;dir=', $dir)"/>

    <div class="page-head">
      <h1><xsl:value-of select="q:t('org.staff.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="application/xml"
            href="/staff.xml?{$query}&amp;page={number(@page)}"
            title="{q:t('org.xml-title')}">
          <xsl:value-of select="q:t('org.xml')"/>
        </a>
      </p>
    </div>
    <xsl:if test="@can-edit = 'true'">
      <p class="actions">
        <a href="/staff/new"><xsl:value-of select="q:t('org.staff.new')"/></a>
      </p>
    </xsl:if>

    <form class="search" method="get" action="/staff" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('org.staff.search')"/></label>
        <input type="search" id="q" name="q" value="{@q}" maxlength="100"
            placeholder="{q:t('org.staff.search-hint')}"/>
      </div>
      <xsl:call-template name="unit-select">
        <xsl:with-param name="name" select="'unit'"/>
        <xsl:with-param name="label" select="q:t('org.field.unit')"/>
        <xsl:with-param name="sel" select="@unit"/>
        <xsl:with-param name="options" select="units/unit-option"/>
        <xsl:with-param name="empty" select="q:t('org.staff.all-units')"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('org.field.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('org.staff.all-statuses')"/></option>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'active'"/>
            <xsl:with-param name="label" select="$staff-active"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'leave'"/>
            <xsl:with-param name="label" select="$staff-leave"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'left'"/>
            <xsl:with-param name="label" select="$staff-left"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('org.sort')"/></label>
        <select id="f-sort" name="sort" class="autosubmit">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'name'"/>
            <xsl:with-param name="label" select="q:t('org.field.name')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'emp_no'"/>
            <xsl:with-param name="label" select="q:t('org.field.emp-no')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'unit'"/>
            <xsl:with-param name="label" select="q:t('org.field.unit')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'hire_on'"/>
            <xsl:with-param name="label" select="q:t('org.field.hire-on')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-dir"><xsl:value-of select="q:t('org.dir')"/></label>
        <select id="f-dir" name="dir" class="autosubmit">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'asc'"/>
            <xsl:with-param name="label" select="q:t('org.dir.asc')"/>
            <xsl:with-param name="sel" select="$dir"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'desc'"/>
            <xsl:with-param name="label" select="q:t('org.dir.desc')"/>
            <xsl:with-param name="sel" select="$dir"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('org.staff.search-submit')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="member">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('org.staff.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('org.staff.title')}">
          <table class="list staff">
            <thead>
              <tr>
                <xsl:call-template name="staff-th">
                  <xsl:with-param name="col" select="'emp_no'"/>
                  <xsl:with-param name="label" select="q:t('org.field.emp-no')"/>
                  <xsl:with-param name="filters" select="string($filters)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <xsl:call-template name="staff-th">
                  <xsl:with-param name="col" select="'name'"/>
                  <xsl:with-param name="label" select="q:t('org.field.name')"/>
                  <xsl:with-param name="filters" select="string($filters)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('org.field.position')"/></th>
                <xsl:call-template name="staff-th">
                  <xsl:with-param name="col" select="'unit'"/>
                  <xsl:with-param name="label" select="q:t('org.field.unit')"/>
                  <xsl:with-param name="filters" select="string($filters)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('org.field.phone')"/></th>
                <xsl:call-template name="staff-th">
                  <xsl:with-param name="col" select="'hire_on'"/>
                  <xsl:with-param name="label" select="q:t('org.field.hire-on')"/>
                  <xsl:with-param name="filters" select="string($filters)"/>
                  <xsl:with-param name="sort" select="string($sort)"/>
                  <xsl:with-param name="dir" select="string($dir)"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('org.field.status')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="member">
                <tr>
                  <td class="code"><a href="/staff/{@id}"><xsl:value-of select="@emp-no"/></a></td>
                  <td class="name"><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@position"/></td>
                  <td><a href="/org/units/{@unit-id}"><xsl:value-of select="@unit-name"/></a></td>
                  <td><xsl:value-of select="@phone"/></td>
                  <td><xsl:value-of select="@hire-on"/></td>
                  <td><xsl:call-template name="staff-status"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('org.staff.empty')"/></p>
          <xsl:if test="$filters != ''">
            <p><a href="/staff"><xsl:value-of select="q:t('org.staff.show-all')"/></a></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="pager">
        <xsl:with-param name="base" select="concat('/staff?', $query, '&amp;page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A column header that sorts the staff list by $col (a literal). -->
  <xsl:template name="staff-th">
    <xsl:param name="col"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
    <xsl:param name="sort"/>
    <xsl:param name="dir"/>
    <th scope="col">
      <xsl:choose>
        <xsl:when test="$col = $sort and $dir = 'asc'">
          <xsl:attribute name="aria-sort">ascending</xsl:attribute>
          <a class="sort sort-asc" href="/staff?{$filters}sort={$col}&amp;dir=desc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25B2;</span>
          </a>
        </xsl:when>
        <xsl:when test="$col = $sort">
          <xsl:attribute name="aria-sort">descending</xsl:attribute>
          <a class="sort sort-desc" href="/staff?{$filters}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
            <span class="sort-ind" aria-hidden="true">&#x25BC;</span>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <a class="sort" href="/staff?{$filters}sort={$col}&amp;dir=asc">
            <xsl:value-of select="$label"/>
          </a>
        </xsl:otherwise>
      </xsl:choose>
    </th>
  </xsl:template>

  <!-- first / previous / "page X of Y" / next / last; $base ends "page=". -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:param name="page"/>
    <xsl:param name="pages"/>
    <nav class="pager" aria-label="{q:t('org.pager.label')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('org.pager.first')"/></a></li>
            <li><a href="{$base}{$page - 1}" rel="prev"><xsl:value-of select="q:t('org.pager.prev')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('org.pager.first')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('org.pager.prev')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
        <li class="pager-status" aria-current="page">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('org.pager.status')"/>
            <xsl:with-param name="a1" select="$page"/>
            <xsl:with-param name="a2" select="$pages"/>
          </xsl:call-template>
        </li>
        <xsl:choose>
          <xsl:when test="$page &lt; $pages">
            <li><a href="{$base}{$page + 1}" rel="next"><xsl:value-of select="q:t('org.pager.next')"/></a></li>
            <li><a href="{$base}{$pages}" rel="last"><xsl:value-of select="q:t('org.pager.last')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('org.pager.next')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('org.pager.last')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
      </ul>
    </nav>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One staff member                                                 -->
  <!-- ================================================================ -->

  <xsl:template match="page/staff" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/staff" mode="head">
    <link rel="alternate" type="application/xml" href="/staff/{@id}.xml"/>
  </xsl:template>

  <xsl:template match="page/staff" mode="content">
    <p class="back">
      <a href="/staff"><xsl:value-of select="q:t('org.staff.back')"/></a>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub">
        <code><xsl:value-of select="@emp-no"/></code>
        <xsl:text> </xsl:text>
        <xsl:call-template name="staff-status"/>
      </p>
    </div>
    <xsl:if test="@can-edit = 'true'">
      <ul class="actions link-list">
        <li><a href="/staff/{@id}/edit"><xsl:value-of select="q:t('org.staff.edit')"/></a></li>
      </ul>
    </xsl:if>
    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('org.field.unit')"/></dt>
        <dd>
          <a href="/org/units/{@unit-id}"><xsl:value-of select="@unit-name"/></a>
          <xsl:text> </xsl:text>
          <code><xsl:value-of select="@unit-code"/></code>
        </dd>
      </div>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.emp-no')"/>
        <xsl:with-param name="value" select="@emp-no"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.position')"/>
        <xsl:with-param name="value" select="@position"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.phone')"/>
        <xsl:with-param name="value" select="@phone"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.email')"/>
        <xsl:with-param name="value" select="@email"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.hire-on')"/>
        <xsl:with-param name="value" select="@hire-on"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.login')"/>
        <xsl:with-param name="value" select="@login"/>
      </xsl:call-template>
      <xsl:call-template name="dl-field">
        <xsl:with-param name="label" select="q:t('org.field.version')"/>
        <xsl:with-param name="value" select="@version"/>
      </xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('org.field.created-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('org.field.updated-at')"/></dt>
        <dd><xsl:call-template name="timestamp"><xsl:with-param name="t" select="@updated-at"/></xsl:call-template></dd>
      </div>
    </dl>
    <xsl:apply-templates select="history"/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Staff forms                                                      -->
  <!-- ================================================================ -->

  <xsl:template match="page/staff-form" mode="title">
    <xsl:choose>
      <xsl:when test="@action = 'new'">
        <xsl:value-of select="q:t('org.staff.new')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('org.staff.edit-title')"/>
          <xsl:with-param name="a1" select="@current-name"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/staff-form" mode="content">
    <xsl:variable name="title">
      <xsl:apply-templates select="." mode="title"/>
    </xsl:variable>
    <p class="back">
      <xsl:choose>
        <xsl:when test="@id">
          <a href="/staff/{@id}"><xsl:value-of select="q:t('org.staff.back-one')"/></a>
        </xsl:when>
        <xsl:otherwise>
          <a href="/staff"><xsl:value-of select="q:t('org.staff.back')"/></a>
        </xsl:otherwise>
      </xsl:choose>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="$title"/></h1>
    </div>
    <xsl:if test="conflict">
      <section class="conflict msg-warning" aria-labelledby="conflict-h">
        <xsl:call-template name="conflict-head"/>
        <dl class="fields">
          <xsl:for-each select="conflict">
            <xsl:call-template name="dl-field">
              <xsl:with-param name="label" select="q:t('org.field.emp-no')"/>
              <xsl:with-param name="value" select="@emp-no"/>
            </xsl:call-template>
            <xsl:call-template name="dl-field">
              <xsl:with-param name="label" select="q:t('org.field.name')"/>
              <xsl:with-param name="value" select="@name"/>
            </xsl:call-template>
            <xsl:call-template name="dl-field">
              <xsl:with-param name="label" select="q:t('org.field.position')"/>
              <xsl:with-param name="value" select="@position"/>
            </xsl:call-template>
            <xsl:call-template name="dl-field">
              <xsl:with-param name="label" select="q:t('org.field.phone')"/>
              <xsl:with-param name="value" select="@phone"/>
            </xsl:call-template>
            <xsl:call-template name="dl-field">
              <xsl:with-param name="label" select="q:t('org.field.email')"/>
              <xsl:with-param name="value" select="@email"/>
            </xsl:call-template>
            <xsl:call-template name="dl-field">
              <xsl:with-param name="label" select="q:t('org.field.hire-on')"/>
              <xsl:with-param name="value" select="@hire-on"/>
            </xsl:call-template>
            <div class="field-row">
              <dt><xsl:value-of select="q:t('org.field.status')"/></dt>
              <dd><xsl:call-template name="staff-status"/></dd>
            </div>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
    <form class="form form-staff" method="post">
      <xsl:choose>
        <xsl:when test="@action = 'new'">
          <xsl:attribute name="action">/staff/new</xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="action">
            <xsl:value-of select="concat('/staff/', string(@id), '/edit')"/>
          </xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="@action = 'edit'">
        <input type="hidden" name="version" value="{@version}"/>
        <xsl:call-template name="version-errors"/>
      </xsl:if>
      <xsl:call-template name="unit-select">
        <xsl:with-param name="name" select="'unit'"/>
        <xsl:with-param name="label" select="q:t('org.field.unit')"/>
        <xsl:with-param name="sel" select="@unit"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'emp_no'"/>
        <xsl:with-param name="label" select="q:t('org.field.emp-no')"/>
        <xsl:with-param name="value" select="@emp-no"/>
        <xsl:with-param name="max" select="20"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('org.field.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="max" select="60"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'position'"/>
        <xsl:with-param name="label" select="q:t('org.field.position')"/>
        <xsl:with-param name="value" select="@position"/>
        <xsl:with-param name="max" select="60"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="label" select="q:t('org.field.phone')"/>
        <xsl:with-param name="value" select="@phone"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="type" select="'tel'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="q:t('org.field.email')"/>
        <xsl:with-param name="value" select="@email"/>
        <xsl:with-param name="max" select="120"/>
        <xsl:with-param name="type" select="'email'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'hire_on'"/>
        <xsl:with-param name="label" select="q:t('org.field.hire-on')"/>
        <xsl:with-param name="value" select="@hire-on"/>
        <xsl:with-param name="max" select="10"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('org.field.status')"/></label>
        <select id="f-status" name="status" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'status'"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'active'"/>
            <xsl:with-param name="label" select="$staff-active"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'leave'"/>
            <xsl:with-param name="label" select="$staff-leave"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'left'"/>
            <xsl:with-param name="label" select="$staff-left"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'status'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="form-actions">
        <xsl:with-param name="back">
          <xsl:choose>
            <xsl:when test="@id"><xsl:value-of select="concat('/staff/', string(@id))"/></xsl:when>
            <xsl:otherwise>/staff</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </form>
  </xsl:template>

</xsl:stylesheet>
