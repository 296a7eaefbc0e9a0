<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin.xsl - system management (schema/xsd/admin.xsd), told apart by the
  data element:
    <users ...><user/>*</users>                 users in the admin's scope
    <user ...>roles, history, choices?</user>   one user and the admin forms
    <user-form ...>choices</user-form>          a new user
  A user sits at a unit (kind="staff") or at a channel party
  (kind="channel": agents' and dealers' staff, placed by the party's code
  typed; such a user logs in only while the party is approved, which the
  user's page says).
    <roles ...><role/>*</roles>                 every role
    <role ...><perm/>*</role>                   one role
    <role-form ...><group/>* <current/>?</role-form>   new or edit (409: current)
    <audit ...><entry/>*</audit>                the audit trail, searched
    <settings><setting/>*</settings>            basic settings
  (or an <error>, rendered by error.xsl).

  Every form is a POST with the CSRF token (csrf-field) and shows its
  fields' own messages (field-errors); what was typed comes back from C as
  attributes, the password never.  Buttons and forms a user may not use
  are left out (@manage from C, $user-perms from layout.xsl): the server
  checks every request again.

  URLs: fixed paths plus ids (/admin/users/{@id}); search text only
  through str:encode-uri(…, true()); sort, direction and status are mapped
  to literals.  Display values come preformatted from C; timestamps are
  shown as "2026-01-05 08:00:00 UTC".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- Labels looked up once per page rather than once per row. -->
  <xsl:variable name="admin-active" select="q:t('admin.status.active')"/>
  <xsl:variable name="admin-disabled" select="q:t('admin.status.disabled')"/>
  <xsl:variable name="admin-utc" select="q:t('time.utc')"/>

  <!-- ================================================================ -->
  <!-- Shared pieces                                                    -->
  <!-- ================================================================ -->

  <!-- A user's status badge (context: an element with @status). -->
  <xsl:template name="admin-status">
    <xsl:choose>
      <xsl:when test="@status = 'active'">
        <span class="status status-active"><xsl:value-of select="$admin-active"/></span>
      </xsl:when>
      <xsl:when test="@status = 'disabled'">
        <span class="status status-disabled"><xsl:value-of select="$admin-disabled"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status"><xsl:value-of select="@status"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An xs:dateTime from C ("2026-01-05T08:00:00.123Z") as
       "2026-01-05 08:00:00 UTC"; another form as it is. -->
  <xsl:template name="admin-time">
    <xsl:param name="t"/>
    <time datetime="{$t}">
      <xsl:choose>
        <xsl:when test="string-length($t) &gt;= 20 and substring($t, string-length($t)) = 'Z'">
          <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 8), ' ', $admin-utc)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
      </xsl:choose>
    </time>
  </xsl:template>

  <!-- dt/dd pair, left out when the value is empty. -->
  <xsl:template name="admin-field">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- A labelled text input with its messages.  $name and $type are
       literals of the caller; $value is data. -->
  <xsl:template name="admin-input">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="auto" select="''"/>
    <div class="field">
      <label for="{$name}"><xsl:value-of select="$label"/></label>
      <input type="{$type}" id="{$name}" name="{$name}">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="hint">
            <xsl:if test="string($hint) != ''">
              <xsl:value-of select="concat($name, '-hint')"/>
            </xsl:if>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:if test="$type != 'password'">
          <xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute>
        </xsl:if>
        <xsl:if test="string($max) != ''">
          <xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute>
        </xsl:if>
        <xsl:if test="$required">
          <xsl:attribute name="required">required</xsl:attribute>
        </xsl:if>
        <xsl:if test="string($auto) != ''">
          <xsl:attribute name="autocomplete"><xsl:value-of select="$auto"/></xsl:attribute>
        </xsl:if>
      </input>
      <xsl:if test="string($hint) != ''">
        <p class="hint" id="{$name}-hint"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- The unit select of a form (context: the element with unit-choices).
       $required: a unit must be chosen (a move of staff); on the new-user
       form a party code may stand in its place. -->
  <xsl:template name="admin-unit-select">
    <xsl:param name="required" select="true()"/>
    <div class="field">
      <label for="unit"><xsl:value-of select="q:t('admin.col.unit')"/></label>
      <select id="unit" name="unit">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="'unit'"/>
        </xsl:call-template>
        <xsl:if test="$required">
          <xsl:attribute name="required">required</xsl:attribute>
        </xsl:if>
        <option value="">
          <xsl:if test="not(unit-choices/choice[@selected = '1'])">
            <xsl:attribute name="selected">selected</xsl:attribute>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="$required"><xsl:value-of select="q:t('admin.choose-unit')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('admin.choose-no-unit')"/></xsl:otherwise>
          </xsl:choose>
        </option>
        <xsl:for-each select="unit-choices/choice">
          <option value="{@id}">
            <xsl:if test="@selected = '1'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="concat(@code, ' ', @name)"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'unit'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- The role check boxes of a form (context: the element with
       role-choices).  A role the admin may not grant cannot be ticked;
       one the user already holds stays as it is (the server keeps it). -->
  <xsl:template name="admin-role-boxes">
    <fieldset class="field choices">
      <legend><xsl:value-of select="q:t('admin.col.roles')"/></legend>
      <p class="hint"><xsl:value-of select="q:t('admin.roles-hint')"/></p>
      <xsl:if test="not(role-choices/choice)">
        <p class="muted"><xsl:value-of select="q:t('admin.roles.empty')"/></p>
      </xsl:if>
      <xsl:for-each select="role-choices/choice">
        <div class="choice">
          <label>
            <input type="checkbox" name="role" value="{@id}">
              <xsl:if test="@selected = '1'">
                <xsl:attribute name="checked">checked</xsl:attribute>
              </xsl:if>
              <xsl:if test="@grantable = '0'">
                <xsl:attribute name="disabled">disabled</xsl:attribute>
              </xsl:if>
            </input>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@name"/>
            <xsl:text> </xsl:text>
            <code><xsl:value-of select="@code"/></code>
            <xsl:choose>
              <xsl:when test="@place = 'party'">
                <xsl:text> </xsl:text>
                <span class="muted"><xsl:value-of select="q:t('admin.role.party-only')"/></span>
              </xsl:when>
              <xsl:when test="@place = 'any'">
                <xsl:text> </xsl:text>
                <span class="muted"><xsl:value-of select="q:t('admin.role.any-place')"/></span>
              </xsl:when>
            </xsl:choose>
            <xsl:if test="@grantable = '0'">
              <xsl:text> </xsl:text>
              <span class="muted"><xsl:value-of select="q:t('admin.role.not-grantable')"/></span>
            </xsl:if>
          </label>
        </div>
      </xsl:for-each>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'role'"/>
      </xsl:call-template>
    </fieldset>
  </xsl:template>

  <!-- A party's kind and status as labels (context: an element with
       @party-kind, @party-status); an unknown value as it is. -->
  <xsl:template name="admin-party-kind">
    <xsl:choose>
      <xsl:when test="@party-kind = 'agent'"><xsl:value-of select="q:t('admin.party-kind.agent')"/></xsl:when>
      <xsl:when test="@party-kind = 'dealer'"><xsl:value-of select="q:t('admin.party-kind.dealer')"/></xsl:when>
      <xsl:when test="@party-kind = 'customer'"><xsl:value-of select="q:t('admin.party-kind.customer')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@party-kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="admin-party-status">
    <xsl:choose>
      <xsl:when test="@party-status = 'applied'"><xsl:value-of select="q:t('admin.party-status.applied')"/></xsl:when>
      <xsl:when test="@party-status = 'review'"><xsl:value-of select="q:t('admin.party-status.review')"/></xsl:when>
      <xsl:when test="@party-status = 'approved'"><xsl:value-of select="q:t('admin.party-status.approved')"/></xsl:when>
      <xsl:when test="@party-status = 'rejected'"><xsl:value-of select="q:t('admin.party-status.rejected')"/></xsl:when>
      <xsl:when test="@party-status = 'suspended'"><xsl:value-of select="q:t('admin.party-status.suspended')"/></xsl:when>
      <xsl:when test="@party-status = 'retired'"><xsl:value-of select="q:t('admin.party-status.retired')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@party-status"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The pager: first / previous / "page X of Y" / next / last.  $base ends
    in "page=" and carries the list's query; $page and $pages are numbers.
  -->
  <xsl:template name="admin-pager">
    <xsl:param name="base"/>
    <xsl:param name="page"/>
    <xsl:param name="pages"/>
    <nav class="pager" aria-label="{q:t('pager.label')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('pager.first')"/></a></li>
            <li><a href="{$base}{$page - 1}" rel="prev"><xsl:value-of select="q:t('pager.prev')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.first')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.prev')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
        <li class="pager-status" aria-current="page">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('pager.status')"/>
            <xsl:with-param name="a1" select="$page"/>
            <xsl:with-param name="a2" select="$pages"/>
          </xsl:call-template>
        </li>
        <xsl:choose>
          <xsl:when test="$page &lt; $pages">
            <li><a href="{$base}{$page + 1}" rel="next"><xsl:value-of select="q:t('pager.next')"/></a></li>
            <li><a href="{$base}{$pages}" rel="last"><xsl:value-of select="q:t('pager.last')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.next')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('pager.last')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
      </ul>
    </nav>
  </xsl:template>

  <!-- One row of the audit trail; $entity: show entity columns. -->
  <xsl:template match="entry" mode="row">
    <xsl:param name="entity" select="false()"/>
    <tr>
      <td class="nowrap">
        <xsl:call-template name="admin-time">
          <xsl:with-param name="t" select="@at"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="string(@user-login) != ''">
            <code><xsl:value-of select="@user-login"/></code>
          </xsl:when>
          <xsl:otherwise><span class="muted">–</span></xsl:otherwise>
        </xsl:choose>
      </td>
      <xsl:if test="$entity">
        <td><xsl:value-of select="@entity"/></td>
        <td>
          <xsl:choose>
            <xsl:when test="@entity = 'qd_user' and string(@entity-id) != ''">
              <a href="/admin/users/{string(@entity-id)}"><xsl:value-of select="@entity-id"/></a>
            </xsl:when>
            <xsl:when test="@entity = 'qd_role' and string(@entity-id) != ''">
              <a href="/admin/roles/{string(@entity-id)}"><xsl:value-of select="@entity-id"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="@entity-id"/></xsl:otherwise>
          </xsl:choose>
        </td>
      </xsl:if>
      <td><code><xsl:value-of select="@action"/></code></td>
      <td class="detail"><xsl:value-of select="@detail"/></td>
      <td><xsl:value-of select="@addr"/></td>
    </tr>
  </xsl:template>

  <!-- The head of an audit table. -->
  <xsl:template name="admin-audit-head">
    <xsl:param name="entity" select="false()"/>
    <thead>
      <tr>
        <th scope="col"><xsl:value-of select="q:t('admin.col.at')"/></th>
        <th scope="col"><xsl:value-of select="q:t('admin.col.by')"/></th>
        <xsl:if test="$entity">
          <th scope="col"><xsl:value-of select="q:t('admin.col.entity')"/></th>
          <th scope="col"><xsl:value-of select="q:t('admin.col.entity-id')"/></th>
        </xsl:if>
        <th scope="col"><xsl:value-of select="q:t('admin.col.action')"/></th>
        <th scope="col"><xsl:value-of select="q:t('admin.col.detail')"/></th>
        <th scope="col"><xsl:value-of select="q:t('admin.col.addr')"/></th>
      </tr>
    </thead>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Users: list                                                      -->
  <!-- ================================================================ -->

  <xsl:template match="page/users" mode="title">
    <xsl:value-of select="q:t('admin.users.title')"/>
  </xsl:template>

  <!-- q, status, sort, dir as a query string (context: <users>). -->
  <xsl:template match="page/users" mode="query">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@status = 'active'">status=active&amp;</xsl:when>
      <xsl:when test="@status = 'disabled'">status=disabled&amp;</xsl:when>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@kind = 'staff'">kind=staff&amp;</xsl:when>
      <xsl:when test="@kind = 'channel'">kind=channel&amp;</xsl:when>
    </xsl:choose>
    <xsl:text>sort=</xsl:text>
    <xsl:choose>
      <xsl:when test="@sort = 'name'">name</xsl:when>
      <xsl:when test="@sort = 'status'">status</xsl:when>
      <xsl:otherwise>login</xsl:otherwise>
    </xsl:choose>
    <xsl:text>&amp;dir=</xsl:text>
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/users" mode="head">
    <xsl:variable name="query">
      <xsl:apply-templates select="." mode="query"/>
    </xsl:variable>
    <link rel="alternate" type="application/xml"
        href="/admin/users.xml?{$query}&amp;page={number(@page)}"/>
  </xsl:template>

  <xsl:template match="page/users" mode="content">
    <xsl:variable name="query">
      <xsl:apply-templates select="." mode="query"/>
    </xsl:variable>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('admin.users.title')"/></h1>
      <p class="formats">
        <xsl:if test="@manage = '1'">
          <a class="action" href="/admin/users/new"><xsl:value-of select="q:t('admin.users.new')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <a class="format-link" type="application/xml"
            href="/admin/users.xml?{$query}&amp;page={number(@page)}"
            title="{q:t('admin.xml-title')}">
          <xsl:value-of select="q:t('admin.xml')"/>
        </a>
      </p>
    </div>

    <form class="search" method="get" action="/admin/users" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('admin.users.search')"/></label>
        <input type="search" id="q" name="q" value="{@q}" maxlength="100"
            placeholder="{q:t('admin.users.search-hint')}"/>
      </div>
      <div class="field">
        <label for="status"><xsl:value-of select="q:t('admin.col.status')"/></label>
        <select id="status" name="status" class="autosubmit">
          <option value=""><xsl:value-of select="q:t('admin.status.any')"/></option>
          <option value="active">
            <xsl:if test="@status = 'active'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="$admin-active"/>
          </option>
          <option value="disabled">
            <xsl:if test="@status = 'disabled'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="$admin-disabled"/>
          </option>
        </select>
      </div>
      <div class="field">
        <label for="kind"><xsl:value-of select="q:t('admin.col.kind')"/></label>
        <select id="kind" name="kind" class="autosubmit">
          <option value=""><xsl:value-of select="q:t('admin.kind.any')"/></option>
          <option value="staff">
            <xsl:if test="@kind = 'staff'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('admin.kind.staff')"/>
          </option>
          <option value="channel">
            <xsl:if test="@kind = 'channel'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('admin.kind.channel')"/>
          </option>
        </select>
      </div>
      <div class="field">
        <label for="sort"><xsl:value-of select="q:t('search.sort')"/></label>
        <select id="sort" name="sort" class="autosubmit">
          <option value="login">
            <xsl:if test="@sort = 'login'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('admin.col.login')"/>
          </option>
          <option value="name">
            <xsl:if test="@sort = 'name'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('admin.col.name')"/>
          </option>
          <option value="status">
            <xsl:if test="@sort = 'status'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('admin.col.status')"/>
          </option>
        </select>
      </div>
      <div class="field">
        <label for="dir"><xsl:value-of select="q:t('search.dir')"/></label>
        <select id="dir" name="dir" class="autosubmit">
          <option value="asc"><xsl:value-of select="q:t('dir.asc')"/></option>
          <option value="desc">
            <xsl:if test="@dir = 'desc'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('dir.desc')"/>
          </option>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('search.submit')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="user">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('admin.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('admin.users.table')}">
          <table class="list users">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('admin.col.login')"/></th>
                <th scope="col"><xsl:value-of select="q:t('admin.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('admin.col.place')"/></th>
                <th scope="col"><xsl:value-of select="q:t('admin.col.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('admin.col.created-at')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="user">
                <tr>
                  <td class="code"><a href="/admin/users/{@id}"><xsl:value-of select="@login"/></a></td>
                  <td class="name"><xsl:value-of select="@name"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@kind = 'channel'">
                        <xsl:value-of select="@party-name"/>
                        <xsl:text> </xsl:text>
                        <code><xsl:value-of select="@party-code"/></code>
                        <xsl:text> </xsl:text>
                        <span class="muted"><xsl:call-template name="admin-party-kind"/></span>
                      </xsl:when>
                      <xsl:otherwise><xsl:value-of select="@unit-name"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:call-template name="admin-status"/></td>
                  <td class="nowrap">
                    <xsl:call-template name="admin-time">
                      <xsl:with-param name="t" select="@created-at"/>
                    </xsl:call-template>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('admin.users.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="admin-pager">
        <xsl:with-param name="base" select="concat('/admin/users?', $query, '&amp;page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Users: one                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="page/user" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/user" mode="content">
    <p class="back"><a href="/admin/users"><xsl:value-of select="q:t('admin.users.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub"><code><xsl:value-of select="@login"/></code></p>
    </div>

    <dl class="fields">
      <xsl:call-template name="admin-field">
        <xsl:with-param name="label" select="q:t('admin.col.login')"/>
        <xsl:with-param name="value" select="@login"/>
      </xsl:call-template>
      <xsl:call-template name="admin-field">
        <xsl:with-param name="label" select="q:t('admin.col.name')"/>
        <xsl:with-param name="value" select="@name"/>
      </xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('admin.col.status')"/></dt>
        <dd><xsl:call-template name="admin-status"/></dd>
      </div>
      <xsl:if test="@kind = 'channel'">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('admin.col.party')"/></dt>
          <dd>
            <a href="/parties/{string(@party-id)}"><xsl:value-of select="@party-name"/></a>
            <xsl:text> </xsl:text>
            <code><xsl:value-of select="@party-code"/></code>
            <xsl:text> </xsl:text>
            <span class="muted"><xsl:call-template name="admin-party-kind"/></span>
          </dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('admin.col.party-status')"/></dt>
          <dd><xsl:call-template name="admin-party-status"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="string(@unit-name) != ''">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('admin.col.unit')"/></dt>
          <dd>
            <xsl:value-of select="@unit-name"/>
            <xsl:text> </xsl:text>
            <code><xsl:value-of select="@unit-code"/></code>
          </dd>
        </div>
      </xsl:if>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('admin.col.roles')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="roles/role">
              <ul class="roles">
                <xsl:for-each select="roles/role">
                  <li>
                    <a href="/admin/roles/{@id}"><xsl:value-of select="@name"/></a>
                    <xsl:text> </xsl:text>
                    <code><xsl:value-of select="@code"/></code>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise>
              <span class="muted"><xsl:value-of select="q:t('admin.user.no-roles')"/></span>
            </xsl:otherwise>
          </xsl:choose>
        </dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('admin.col.sessions')"/></dt>
        <dd><xsl:value-of select="@sessions"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('admin.col.created-at')"/></dt>
        <dd>
          <xsl:call-template name="admin-time">
            <xsl:with-param name="t" select="@created-at"/>
          </xsl:call-template>
        </dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('admin.col.updated-at')"/></dt>
        <dd>
          <xsl:call-template name="admin-time">
            <xsl:with-param name="t" select="@updated-at"/>
          </xsl:call-template>
        </dd>
      </div>
    </dl>

    <xsl:if test="@kind = 'channel' and @party-status != 'approved'">
      <p class="note msg-warning" id="no-login">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('admin.user.no-login')"/>
          <xsl:with-param name="a1">
            <xsl:call-template name="admin-party-status"/>
          </xsl:with-param>
        </xsl:call-template>
      </p>
    </xsl:if>

    <xsl:if test="@manage = '1'">
      <xsl:choose>
        <xsl:when test="@self = '1'">
          <p class="note muted"><xsl:value-of select="q:t('admin.user.self-note')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <section class="admin-status-form">
            <h2><xsl:value-of select="q:t('admin.user.access')"/></h2>
            <xsl:choose>
              <xsl:when test="@status = 'active'">
                <form class="form form-inline" method="post" action="/admin/users/{@id}/disable">
                  <xsl:call-template name="csrf-field"/>
                  <p class="hint"><xsl:value-of select="q:t('admin.user.disable-hint')"/></p>
                  <div class="form-actions">
                    <button type="submit" class="danger"><xsl:value-of select="q:t('admin.user.disable')"/></button>
                  </div>
                </form>
              </xsl:when>
              <xsl:otherwise>
                <form class="form form-inline" method="post" action="/admin/users/{@id}/enable">
                  <xsl:call-template name="csrf-field"/>
                  <div class="form-actions">
                    <button type="submit" class="primary"><xsl:value-of select="q:t('admin.user.enable')"/></button>
                  </div>
                </form>
              </xsl:otherwise>
            </xsl:choose>
          </section>

          <section class="admin-roles-form">
            <h2><xsl:value-of select="q:t('admin.user.roles')"/></h2>
            <form class="form" method="post" action="/admin/users/{@id}/roles">
              <xsl:call-template name="csrf-field"/>
              <xsl:call-template name="admin-role-boxes"/>
              <div class="form-actions">
                <button type="submit" class="primary"><xsl:value-of select="q:t('admin.user.roles-save')"/></button>
              </div>
            </form>
          </section>

          <section class="admin-scope-form">
            <xsl:choose>
              <xsl:when test="@kind = 'channel'">
                <h2><xsl:value-of select="q:t('admin.user.scope-party')"/></h2>
                <form class="form" method="post" action="/admin/users/{@id}/scope">
                  <xsl:call-template name="csrf-field"/>
                  <xsl:call-template name="admin-input">
                    <xsl:with-param name="name" select="'party'"/>
                    <xsl:with-param name="label" select="q:t('admin.col.party')"/>
                    <xsl:with-param name="value" select="@party-code"/>
                    <xsl:with-param name="max" select="'60'"/>
                    <xsl:with-param name="required" select="true()"/>
                    <xsl:with-param name="auto" select="'off'"/>
                    <xsl:with-param name="hint" select="q:t('admin.user.scope-party-hint')"/>
                  </xsl:call-template>
                  <div class="form-actions">
                    <button type="submit" class="primary"><xsl:value-of select="q:t('admin.user.scope-party-save')"/></button>
                  </div>
                </form>
              </xsl:when>
              <xsl:otherwise>
                <h2><xsl:value-of select="q:t('admin.user.scope')"/></h2>
                <form class="form" method="post" action="/admin/users/{@id}/scope">
                  <xsl:call-template name="csrf-field"/>
                  <xsl:call-template name="admin-unit-select"/>
                  <div class="form-actions">
                    <button type="submit" class="primary"><xsl:value-of select="q:t('admin.user.scope-save')"/></button>
                  </div>
                </form>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </xsl:otherwise>
      </xsl:choose>

      <section class="admin-password-form">
        <h2><xsl:value-of select="q:t('admin.user.password')"/></h2>
        <form class="form" method="post" action="/admin/users/{@id}/password">
          <xsl:call-template name="csrf-field"/>
          <xsl:call-template name="admin-input">
            <xsl:with-param name="name" select="'password'"/>
            <xsl:with-param name="label" select="q:t('admin.col.new-password')"/>
            <xsl:with-param name="type" select="'password'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="auto" select="'new-password'"/>
            <xsl:with-param name="hint" select="q:t('admin.password-hint')"/>
          </xsl:call-template>
          <div class="form-actions">
            <button type="submit" class="primary"><xsl:value-of select="q:t('admin.user.password-save')"/></button>
          </div>
        </form>
      </section>
    </xsl:if>

    <section class="history">
      <h2><xsl:value-of select="q:t('admin.user.history')"/></h2>
      <xsl:choose>
        <xsl:when test="history/entry">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('admin.user.history')}">
            <table class="list audit">
              <xsl:call-template name="admin-audit-head"/>
              <tbody>
                <xsl:apply-templates select="history/entry" mode="row"/>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('admin.audit.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Users: new                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="page/user-form" mode="title">
    <xsl:value-of select="q:t('admin.users.new')"/>
  </xsl:template>

  <xsl:template match="page/user-form" mode="content">
    <p class="back"><a href="/admin/users"><xsl:value-of select="q:t('admin.users.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('admin.users.new')"/></h1>
    </div>
    <form class="form form-user" method="post" action="/admin/users/new">
      <xsl:call-template name="csrf-field"/>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'login'"/>
        <xsl:with-param name="label" select="q:t('admin.col.login')"/>
        <xsl:with-param name="value" select="@login"/>
        <xsl:with-param name="max" select="'60'"/>
        <xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="auto" select="'off'"/>
        <xsl:with-param name="hint" select="q:t('admin.login-hint')"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('admin.col.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="max" select="'100'"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'password'"/>
        <xsl:with-param name="label" select="q:t('admin.col.initial-password')"/>
        <xsl:with-param name="type" select="'password'"/>
        <xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="auto" select="'new-password'"/>
        <xsl:with-param name="hint" select="q:t('admin.password-hint')"/>
      </xsl:call-template>
      <fieldset class="field place">
        <legend><xsl:value-of select="q:t('admin.col.place')"/></legend>
        <p class="hint"><xsl:value-of select="q:t('admin.place-hint')"/></p>
        <xsl:call-template name="admin-unit-select">
          <xsl:with-param name="required" select="false()"/>
        </xsl:call-template>
        <xsl:call-template name="admin-input">
          <xsl:with-param name="name" select="'party'"/>
          <xsl:with-param name="label" select="q:t('admin.col.party')"/>
          <xsl:with-param name="value" select="@party"/>
          <xsl:with-param name="max" select="'60'"/>
          <xsl:with-param name="auto" select="'off'"/>
          <xsl:with-param name="hint" select="q:t('admin.party-hint')"/>
        </xsl:call-template>
      </fieldset>
      <xsl:call-template name="admin-role-boxes"/>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('admin.users.create')"/></button>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Roles                                                            -->
  <!-- ================================================================ -->

  <xsl:template match="page/roles" mode="title">
    <xsl:value-of select="q:t('admin.roles.title')"/>
  </xsl:template>

  <xsl:template match="page/roles" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('admin.roles.title')"/></h1>
      <p class="formats">
        <xsl:if test="@manage = '1'">
          <a class="action" href="/admin/roles/new"><xsl:value-of select="q:t('admin.roles.new')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <a class="format-link" type="application/xml" href="/admin/roles.xml"
            title="{q:t('admin.xml-title')}">
          <xsl:value-of select="q:t('admin.xml')"/>
        </a>
      </p>
    </div>
    <xsl:choose>
      <xsl:when test="role">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('admin.roles.table')}">
          <table class="list roles">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('admin.col.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('admin.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('admin.col.description')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('admin.col.perms')"/></th>
                <th scope="col" class="num"><xsl:value-of select="q:t('admin.col.users')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="role">
                <tr>
                  <td class="code"><a href="/admin/roles/{@id}"><xsl:value-of select="@code"/></a></td>
                  <td class="name"><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@description"/></td>
                  <td class="num"><xsl:value-of select="@perms"/></td>
                  <td class="num"><xsl:value-of select="@users"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('admin.roles.empty')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A permission's label: "*" is "all permissions", others their name. -->
  <xsl:template name="admin-perm-label">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$name = '*'"><xsl:value-of select="q:t('admin.perm.all')"/></xsl:when>
      <xsl:otherwise><code><xsl:value-of select="$name"/></code></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/role" mode="title">
    <xsl:value-of select="@name"/>
  </xsl:template>

  <xsl:template match="page/role" mode="content">
    <p class="back"><a href="/admin/roles"><xsl:value-of select="q:t('admin.roles.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="@name"/></h1>
      <p class="page-sub"><code><xsl:value-of select="@code"/></code></p>
    </div>
    <dl class="fields">
      <xsl:call-template name="admin-field">
        <xsl:with-param name="label" select="q:t('admin.col.description')"/>
        <xsl:with-param name="value" select="@description"/>
      </xsl:call-template>
      <xsl:call-template name="admin-field">
        <xsl:with-param name="label" select="q:t('admin.col.users')"/>
        <xsl:with-param name="value" select="@users"/>
      </xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('admin.col.perms')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="perm">
              <ul class="perms">
                <xsl:for-each select="perm">
                  <li>
                    <xsl:call-template name="admin-perm-label">
                      <xsl:with-param name="name" select="@name"/>
                    </xsl:call-template>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise>
              <span class="muted"><xsl:value-of select="q:t('admin.role.no-perms')"/></span>
            </xsl:otherwise>
          </xsl:choose>
        </dd>
      </div>
    </dl>
    <xsl:if test="@manage = '1'">
      <div class="form-actions">
        <a class="action" href="/admin/roles/{@id}/edit"><xsl:value-of select="q:t('admin.role.edit')"/></a>
        <xsl:text> </xsl:text>
        <form class="form form-inline" method="post" action="/admin/roles/{@id}/copy">
          <xsl:call-template name="csrf-field"/>
          <button type="submit"><xsl:value-of select="q:t('admin.role.copy')"/></button>
        </form>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Role form (new and edit)                                         -->

  <xsl:template match="page/role-form" mode="title">
    <xsl:choose>
      <xsl:when test="@id"><xsl:value-of select="q:t('admin.role.edit')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('admin.roles.new')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/role-form" mode="content">
    <xsl:choose>
      <xsl:when test="@id">
        <p class="back"><a href="/admin/roles/{@id}"><xsl:value-of select="q:t('admin.role.back')"/></a></p>
      </xsl:when>
      <xsl:otherwise>
        <p class="back"><a href="/admin/roles"><xsl:value-of select="q:t('admin.roles.back')"/></a></p>
      </xsl:otherwise>
    </xsl:choose>
    <div class="page-head">
      <h1>
        <xsl:choose>
          <xsl:when test="@id"><xsl:value-of select="q:t('admin.role.edit')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="q:t('admin.roles.new')"/></xsl:otherwise>
        </xsl:choose>
      </h1>
    </div>

    <xsl:apply-templates select="current"/>

    <form class="form form-role" method="post">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="@id">/admin/roles/<xsl:value-of select="string(@id)"/>/edit</xsl:when>
          <xsl:otherwise>/admin/roles/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="@id">
        <input type="hidden" name="version" value="{@version}"/>
      </xsl:if>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'code'"/>
        <xsl:with-param name="label" select="q:t('admin.col.code')"/>
        <xsl:with-param name="value" select="@code"/>
        <xsl:with-param name="max" select="'40'"/>
        <xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="hint" select="q:t('admin.code-hint')"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('admin.col.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="max" select="'60'"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'description'"/>
        <xsl:with-param name="label" select="q:t('admin.col.description')"/>
        <xsl:with-param name="value" select="@description"/>
        <xsl:with-param name="max" select="'200'"/>
      </xsl:call-template>

      <fieldset class="field perms">
        <legend><xsl:value-of select="q:t('admin.col.perms')"/></legend>
        <p class="hint"><xsl:value-of select="q:t('admin.perms-hint')"/></p>
        <xsl:for-each select="group">
          <fieldset class="perm-group">
            <legend>
              <xsl:choose>
                <xsl:when test="@name = '*'"><xsl:value-of select="q:t('admin.perm.all')"/></xsl:when>
                <xsl:otherwise><code><xsl:value-of select="@name"/></code></xsl:otherwise>
              </xsl:choose>
            </legend>
            <xsl:for-each select="perm">
              <div class="choice">
                <label>
                  <input type="checkbox" name="perm" value="{@name}">
                    <xsl:if test="@checked = '1'">
                      <xsl:attribute name="checked">checked</xsl:attribute>
                    </xsl:if>
                    <!-- an unheld permission cannot be added; a ticked one
                         stays enabled so that saving keeps it -->
                    <xsl:if test="@held = '0' and not(@checked = '1')">
                      <xsl:attribute name="disabled">disabled</xsl:attribute>
                    </xsl:if>
                  </input>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="admin-perm-label">
                    <xsl:with-param name="name" select="@name"/>
                  </xsl:call-template>
                  <xsl:if test="@known = '0'">
                    <xsl:text> </xsl:text>
                    <span class="muted"><xsl:value-of select="q:t('admin.perm.unknown')"/></span>
                  </xsl:if>
                  <xsl:if test="@held = '0'">
                    <xsl:text> </xsl:text>
                    <span class="muted"><xsl:value-of select="q:t('admin.perm.not-held')"/></span>
                  </xsl:if>
                </label>
              </div>
            </xsl:for-each>
          </fieldset>
        </xsl:for-each>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'perm'"/>
        </xsl:call-template>
      </fieldset>

      <div class="form-actions">
        <button type="submit" class="primary">
          <xsl:choose>
            <xsl:when test="@id"><xsl:value-of select="q:t('admin.save')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('admin.roles.create')"/></xsl:otherwise>
          </xsl:choose>
        </button>
      </div>
    </form>
  </xsl:template>

  <!-- 409: what someone else saved meanwhile, beside the typed form. -->
  <xsl:template match="role-form/current">
    <section class="conflict" role="alert">
      <h2><xsl:value-of select="q:t('admin.conflict.title')"/></h2>
      <p><xsl:value-of select="q:t('admin.conflict.hint')"/></p>
      <dl class="fields">
        <xsl:call-template name="admin-field">
          <xsl:with-param name="label" select="q:t('admin.col.code')"/>
          <xsl:with-param name="value" select="@code"/>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="label" select="q:t('admin.col.name')"/>
          <xsl:with-param name="value" select="@name"/>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="label" select="q:t('admin.col.description')"/>
          <xsl:with-param name="value" select="@description"/>
        </xsl:call-template>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('admin.col.perms')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="perm">
                <ul class="perms">
                  <xsl:for-each select="perm">
                    <li>
                      <xsl:call-template name="admin-perm-label">
                        <xsl:with-param name="name" select="@name"/>
                      </xsl:call-template>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise>
                <span class="muted"><xsl:value-of select="q:t('admin.role.no-perms')"/></span>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </dl>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Audit trail                                                      -->
  <!-- ================================================================ -->

  <xsl:template match="page/audit" mode="title">
    <xsl:value-of select="q:t('admin.audit.title')"/>
  </xsl:template>

  <!-- The filters as a query string, each through encode-uri. -->
  <xsl:template match="page/audit" mode="query">
    <xsl:if test="string(@user) != ''">
      <xsl:value-of select="concat('user=', str:encode-uri(string(@user), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@entity) != ''">
      <xsl:value-of select="concat('entity=', str:encode-uri(string(@entity), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@entity-id) != ''">
      <xsl:value-of select="concat('entity-id=', str:encode-uri(string(@entity-id), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@action) != ''">
      <xsl:value-of select="concat('action=', str:encode-uri(string(@action), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@from) != ''">
      <xsl:value-of select="concat('from=', str:encode-uri(string(@from), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@to) != ''">
      <xsl:value-of select="concat('to=', str:encode-uri(string(@to), true()), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/audit" mode="content">
    <xsl:variable name="query">
      <xsl:apply-templates select="." mode="query"/>
    </xsl:variable>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('admin.audit.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="application/xml"
            href="/admin/audit.xml?{$query}page={number(@page)}"
            title="{q:t('admin.xml-title')}">
          <xsl:value-of select="q:t('admin.xml')"/>
        </a>
      </p>
    </div>

    <form class="search" method="get" action="/admin/audit" role="search">
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'user'"/>
        <xsl:with-param name="label" select="q:t('admin.col.by')"/>
        <xsl:with-param name="value" select="@user"/>
        <xsl:with-param name="max" select="'60'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'entity'"/>
        <xsl:with-param name="label" select="q:t('admin.col.entity')"/>
        <xsl:with-param name="value" select="@entity"/>
        <xsl:with-param name="max" select="'40'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'entity-id'"/>
        <xsl:with-param name="label" select="q:t('admin.col.entity-id')"/>
        <xsl:with-param name="value" select="@entity-id"/>
        <xsl:with-param name="max" select="'19'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'action'"/>
        <xsl:with-param name="label" select="q:t('admin.col.action')"/>
        <xsl:with-param name="value" select="@action"/>
        <xsl:with-param name="max" select="'40'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="label" select="q:t('admin.audit.from')"/>
        <xsl:with-param name="value" select="@from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-input">
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="label" select="q:t('admin.audit.to')"/>
        <xsl:with-param name="value" select="@to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('search.submit')"/></button>
      </div>
    </form>
    <p class="hint"><xsl:value-of select="q:t('admin.audit.hint')"/></p>

    <xsl:choose>
      <xsl:when test="entry">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('admin.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('admin.audit.title')}">
          <table class="list audit">
            <xsl:call-template name="admin-audit-head">
              <xsl:with-param name="entity" select="true()"/>
            </xsl:call-template>
            <tbody>
              <xsl:apply-templates select="entry" mode="row">
                <xsl:with-param name="entity" select="true()"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty"><p><xsl:value-of select="q:t('admin.audit.empty')"/></p></div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="admin-pager">
        <xsl:with-param name="base" select="concat('/admin/audit?', $query, 'page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Settings                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/settings" mode="title">
    <xsl:value-of select="q:t('admin.settings.title')"/>
  </xsl:template>

  <xsl:template match="page/settings" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('admin.settings.title')"/></h1>
    </div>
    <p class="hint"><xsl:value-of select="q:t('admin.settings.hint')"/></p>
    <form class="form form-settings" method="post" action="/admin/settings">
      <xsl:call-template name="csrf-field"/>
      <xsl:apply-templates select="setting"/>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('admin.save')"/></button>
      </div>
    </form>
  </xsl:template>

  <!-- The label of a setting, by its (fixed) name. -->
  <xsl:template match="setting" mode="label">
    <xsl:choose>
      <xsl:when test="@name = 'company.name'"><xsl:value-of select="q:t('admin.setting.company')"/></xsl:when>
      <xsl:when test="@name = 'default.lang'"><xsl:value-of select="q:t('admin.setting.lang')"/></xsl:when>
      <xsl:when test="@name = 'default.theme'"><xsl:value-of select="q:t('admin.setting.theme')"/></xsl:when>
      <xsl:when test="@name = 'currency'"><xsl:value-of select="q:t('admin.setting.currency')"/></xsl:when>
      <xsl:when test="@name = 'display.timezone'"><xsl:value-of select="q:t('admin.setting.timezone')"/></xsl:when>
      <xsl:when test="@name = 'doc.number.order'"><xsl:value-of select="q:t('admin.setting.order-number')"/></xsl:when>
      <xsl:when test="@name = 'mail.host'"><xsl:value-of select="q:t('admin.setting.mail-host')"/></xsl:when>
      <xsl:when test="@name = 'mail.port'"><xsl:value-of select="q:t('admin.setting.mail-port')"/></xsl:when>
      <xsl:when test="@name = 'mail.from'"><xsl:value-of select="q:t('admin.setting.mail-from')"/></xsl:when>
      <xsl:when test="@name = 'credit.overdue_days'"><xsl:value-of select="q:t('admin.setting.overdue-days')"/></xsl:when>
      <xsl:when test="@name = 'ticket.respond_hours'"><xsl:value-of select="q:t('admin.setting.respond-hours')"/></xsl:when>
      <xsl:when test="@name = 'ticket.resolve_hours'"><xsl:value-of select="q:t('admin.setting.resolve-hours')"/></xsl:when>
      <xsl:when test="@name = 'price.approval_percent'"><xsl:value-of select="q:t('admin.setting.price-approval')"/></xsl:when>
      <xsl:when test="@name = 'stock.damage_approval'"><xsl:value-of select="q:t('admin.setting.damage-approval')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The hint of a setting, or nothing. -->
  <xsl:template match="setting" mode="hint">
    <xsl:choose>
      <xsl:when test="@name = 'currency'"><xsl:value-of select="q:t('admin.setting.currency-hint')"/></xsl:when>
      <xsl:when test="@name = 'display.timezone'"><xsl:value-of select="q:t('admin.setting.timezone-hint')"/></xsl:when>
      <xsl:when test="@name = 'doc.number.order'"><xsl:value-of select="q:t('admin.setting.order-number-hint')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- One setting: its control, its version, what someone else saved. -->
  <xsl:template match="settings/setting">
    <xsl:variable name="name" select="string(@name)"/>
    <xsl:variable name="hint">
      <xsl:apply-templates select="." mode="hint"/>
    </xsl:variable>
    <div class="field">
      <label for="{$name}"><xsl:apply-templates select="." mode="label"/></label>
      <xsl:choose>
        <xsl:when test="$name = 'default.lang'">
          <select id="{$name}" name="{$name}">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
            </xsl:call-template>
            <option value=""><xsl:value-of select="q:t('admin.setting.unset')"/></option>
            <option value="zh-CN" lang="zh-CN">
              <xsl:if test="@value = 'zh-CN'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('admin.setting.lang.zh-CN')"/>
            </option>
            <option value="en" lang="en">
              <xsl:if test="@value = 'en'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('admin.setting.lang.en')"/>
            </option>
          </select>
        </xsl:when>
        <xsl:when test="$name = 'default.theme'">
          <select id="{$name}" name="{$name}">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
            </xsl:call-template>
            <option value=""><xsl:value-of select="q:t('admin.setting.unset')"/></option>
            <option value="classic">
              <xsl:if test="@value = 'classic'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('admin.setting.theme.classic')"/>
            </option>
            <option value="slate">
              <xsl:if test="@value = 'slate'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('admin.setting.theme.slate')"/>
            </option>
          </select>
        </xsl:when>
        <xsl:otherwise>
          <input id="{$name}" name="{$name}" value="{@value}">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hint">
                <xsl:if test="string($hint) != ''">
                  <xsl:value-of select="concat($name, '-hint')"/>
                </xsl:if>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:choose>
              <xsl:when test="$name = 'mail.port'">
                <xsl:attribute name="type">number</xsl:attribute>
                <xsl:attribute name="min">1</xsl:attribute>
                <xsl:attribute name="max">65535</xsl:attribute>
              </xsl:when>
              <xsl:when test="$name = 'credit.overdue_days' or $name = 'ticket.respond_hours' or $name = 'ticket.resolve_hours' or $name = 'price.approval_percent' or $name = 'stock.damage_approval'">
                <xsl:attribute name="type">number</xsl:attribute>
                <xsl:attribute name="min">1</xsl:attribute>
              </xsl:when>
              <xsl:when test="$name = 'mail.from'">
                <xsl:attribute name="type">email</xsl:attribute>
                <xsl:attribute name="maxlength">120</xsl:attribute>
              </xsl:when>
              <xsl:otherwise>
                <xsl:attribute name="type">text</xsl:attribute>
                <xsl:attribute name="maxlength">
                  <xsl:choose>
                    <xsl:when test="$name = 'currency'">3</xsl:when>
                    <xsl:when test="$name = 'display.timezone'">40</xsl:when>
                    <xsl:when test="$name = 'doc.number.order'">30</xsl:when>
                    <xsl:otherwise>100</xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
              </xsl:otherwise>
            </xsl:choose>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <input type="hidden" name="version.{$name}" value="{@version}"/>
      <xsl:if test="string($hint) != ''">
        <p class="hint" id="{$name}-hint"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:if test="@conflict = '1'">
        <p class="conflict" role="alert">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('admin.setting.conflict')"/>
            <xsl:with-param name="a1" select="@stored"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

</xsl:stylesheet>
