<?xml version="1.0" encoding="UTF-8"?>
<!--
  account.xsl - logging in and the user's own account (schema/xsd/account.xsd):
    <login next="/products" login="..."/>      the login form (POST /login)
    <account id login name lang theme unit unit-id><roles/></account>
                                               profile and preferences
    <password-form/>                           change password
    <sessions><session/>*</sessions>           open sessions, end them
    <api-keys new-key="..."><api-key/>*</api-keys>
                                               API keys: create, revoke
  (or an <error>, rendered by error.xsl).

  Every form is a POST carrying the CSRF token (csrf-field in layout.xsl)
  and shows its fields' own messages (field-errors).  Passwords are never
  echoed.  URLs are fixed paths plus ids (/account/keys/{@id}/revoke); the
  new API key is shown once, as text in a <code>, and nowhere else (not in
  an attribute, not in the title).  Timestamps are shown as C gives them.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Login                                                            -->
  <!-- ================================================================ -->

  <xsl:template match="page/login" mode="title">
    <xsl:value-of select="q:t('account.login.title')"/>
  </xsl:template>

  <xsl:template match="page/login" mode="content">
    <section class="auth-box">
      <div class="page-head">
        <h1><xsl:value-of select="q:t('account.login.title')"/></h1>
      </div>
      <form class="form form-login" method="post" action="/login">
        <xsl:call-template name="csrf-field"/>
        <xsl:if test="@next">
          <input type="hidden" name="next" value="{@next}"/>
        </xsl:if>
        <div class="field">
          <label for="login"><xsl:value-of select="q:t('account.field.login')"/></label>
          <input type="text" id="login" name="login" value="{@login}"
              autocomplete="username" autocapitalize="none" spellcheck="false"
              maxlength="60" required="required">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'login'"/>
            </xsl:call-template>
          </input>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'login'"/>
          </xsl:call-template>
        </div>
        <div class="field">
          <label for="password"><xsl:value-of select="q:t('account.field.password')"/></label>
          <input type="password" id="password" name="password"
              autocomplete="current-password" required="required">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'password'"/>
            </xsl:call-template>
          </input>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'password'"/>
          </xsl:call-template>
        </div>
        <div class="form-actions">
          <button type="submit" class="primary">
            <xsl:value-of select="q:t('account.login.submit')"/>
          </button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Profile and preferences                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/account" mode="title">
    <xsl:value-of select="q:t('account.title')"/>
  </xsl:template>

  <xsl:template match="page/account" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('account.title')"/></h1>
    </div>

    <section class="account-profile">
      <h2><xsl:value-of select="q:t('account.profile')"/></h2>
      <dl class="fields">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('account.field.name')"/></dt>
          <dd><xsl:value-of select="@name"/></dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('account.field.login')"/></dt>
          <dd><code><xsl:value-of select="@login"/></code></dd>
        </div>
        <xsl:if test="string(@unit) != ''">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('account.field.unit')"/></dt>
            <dd><xsl:value-of select="@unit"/></dd>
          </div>
        </xsl:if>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('account.field.roles')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="roles/role">
                <ul class="roles">
                  <xsl:for-each select="roles/role">
                    <li><xsl:value-of select="@name"/></li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise>
                <span class="muted"><xsl:value-of select="q:t('account.no-roles')"/></span>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </dl>
    </section>

    <section class="account-prefs">
      <h2><xsl:value-of select="q:t('account.prefs')"/></h2>
      <form class="form form-prefs" method="post" action="/account/prefs">
        <xsl:call-template name="csrf-field"/>
        <div class="field">
          <label for="lang"><xsl:value-of select="q:t('account.prefs.lang')"/></label>
          <select id="lang" name="lang">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'lang'"/>
            </xsl:call-template>
            <option value="">
              <xsl:if test="string(@lang) != 'zh-CN' and string(@lang) != 'en'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('account.prefs.default')"/>
            </option>
            <option value="zh-CN" lang="zh-CN">
              <xsl:if test="@lang = 'zh-CN'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('account.prefs.lang.zh-CN')"/>
            </option>
            <option value="en" lang="en">
              <xsl:if test="@lang = 'en'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('account.prefs.lang.en')"/>
            </option>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'lang'"/>
          </xsl:call-template>
        </div>
        <div class="field">
          <label for="theme"><xsl:value-of select="q:t('account.prefs.theme')"/></label>
          <select id="theme" name="theme">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'theme'"/>
            </xsl:call-template>
            <option value="">
              <xsl:if test="string(@theme) != 'classic' and string(@theme) != 'slate'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('account.prefs.default')"/>
            </option>
            <option value="classic">
              <xsl:if test="@theme = 'classic'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('account.prefs.theme.classic')"/>
            </option>
            <option value="slate">
              <xsl:if test="@theme = 'slate'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="q:t('account.prefs.theme.slate')"/>
            </option>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'theme'"/>
          </xsl:call-template>
        </div>
        <div class="form-actions">
          <button type="submit" class="primary">
            <xsl:value-of select="q:t('account.prefs.submit')"/>
          </button>
        </div>
      </form>
    </section>

    <section class="account-security">
      <h2><xsl:value-of select="q:t('account.security')"/></h2>
      <ul class="link-list">
        <li><a href="/account/password"><xsl:value-of select="q:t('account.password.title')"/></a></li>
        <li><a href="/account/sessions"><xsl:value-of select="q:t('account.sessions.title')"/></a></li>
        <li><a href="/account/keys"><xsl:value-of select="q:t('account.keys.title')"/></a></li>
      </ul>
    </section>
  </xsl:template>

  <!-- "Back to my account", above each sub-page. -->
  <xsl:template name="account-back">
    <p class="back">
      <a href="/account"><xsl:value-of select="q:t('account.back')"/></a>
    </p>
  </xsl:template>

  <!-- A timestamp as C gives it (an xs:dateTime in UTC). -->
  <xsl:template name="account-time">
    <xsl:param name="t"/>
    <time datetime="{$t}"><xsl:value-of select="$t"/></time>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Change password                                                  -->
  <!-- ================================================================ -->

  <xsl:template match="page/password-form" mode="title">
    <xsl:value-of select="q:t('account.password.title')"/>
  </xsl:template>

  <xsl:template match="page/password-form" mode="content">
    <xsl:call-template name="account-back"/>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('account.password.title')"/></h1>
    </div>
    <form class="form form-password" method="post" action="/account/password">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label for="current"><xsl:value-of select="q:t('account.password.current')"/></label>
        <input type="password" id="current" name="current"
            autocomplete="current-password" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'current'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'current'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="password"><xsl:value-of select="q:t('account.password.new')"/></label>
        <input type="password" id="password" name="password"
            autocomplete="new-password" minlength="12" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'password'"/>
            <xsl:with-param name="hint" select="'password-rules'"/>
          </xsl:call-template>
        </input>
        <p class="field-hint" id="password-rules">
          <xsl:value-of select="q:t('account.password.rules')"/>
        </p>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'password'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="confirm"><xsl:value-of select="q:t('account.password.confirm')"/></label>
        <input type="password" id="confirm" name="confirm"
            autocomplete="new-password" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'confirm'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'confirm'"/>
        </xsl:call-template>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary">
          <xsl:value-of select="q:t('account.password.submit')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Sessions                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/sessions" mode="title">
    <xsl:value-of select="q:t('account.sessions.title')"/>
  </xsl:template>

  <xsl:template match="page/sessions" mode="content">
    <xsl:call-template name="account-back"/>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('account.sessions.title')"/></h1>
    </div>
    <p class="lead"><xsl:value-of select="q:t('account.sessions.intro')"/></p>

    <xsl:choose>
      <xsl:when test="session">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('account.sessions.table')}">
          <table class="list sessions">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('account.sessions.created')"/></th>
                <th scope="col"><xsl:value-of select="q:t('account.sessions.seen')"/></th>
                <th scope="col"><xsl:value-of select="q:t('account.sessions.expires')"/></th>
                <th scope="col"><xsl:value-of select="q:t('account.sessions.addr')"/></th>
                <th scope="col"><xsl:value-of select="q:t('account.col.actions')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="session" mode="row">
                <xsl:with-param name="current-label" select="q:t('account.sessions.current')"/>
                <xsl:with-param name="end-label" select="q:t('account.sessions.end')"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('account.sessions.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:choose>
      <xsl:when test="session[not(@current = '1')]">
        <form class="form form-inline" method="post" action="/account/sessions/end-others">
          <xsl:call-template name="csrf-field"/>
          <button type="submit" class="danger">
            <xsl:value-of select="q:t('account.sessions.end-others')"/>
          </button>
        </form>
      </xsl:when>
      <xsl:when test="session">
        <p class="muted"><xsl:value-of select="q:t('account.sessions.only')"/></p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="sessions/session" mode="row">
    <xsl:param name="current-label"/>
    <xsl:param name="end-label"/>
    <tr>
      <xsl:if test="@current = '1'">
        <xsl:attribute name="class">current</xsl:attribute>
      </xsl:if>
      <td>
        <xsl:call-template name="account-time">
          <xsl:with-param name="t" select="@created-at"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:call-template name="account-time">
          <xsl:with-param name="t" select="@seen-at"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:call-template name="account-time">
          <xsl:with-param name="t" select="@expires-at"/>
        </xsl:call-template>
      </td>
      <td>
        <code><xsl:value-of select="@addr"/></code>
        <xsl:if test="string(@agent) != ''">
          <span class="agent"><xsl:value-of select="@agent"/></span>
        </xsl:if>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@current = '1'">
            <span class="status status-active"><xsl:value-of select="$current-label"/></span>
          </xsl:when>
          <xsl:otherwise>
            <form class="form-inline" method="post" action="/account/sessions/{@id}/end">
              <xsl:call-template name="csrf-field"/>
              <button type="submit"><xsl:value-of select="$end-label"/></button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- API keys                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/api-keys" mode="title">
    <xsl:value-of select="q:t('account.keys.title')"/>
  </xsl:template>

  <xsl:template match="page/api-keys" mode="content">
    <xsl:call-template name="account-back"/>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('account.keys.title')"/></h1>
    </div>
    <p class="lead"><xsl:value-of select="q:t('account.keys.intro')"/></p>

    <xsl:if test="string(@new-key) != ''">
      <section class="new-key" role="status">
        <h2><xsl:value-of select="q:t('account.keys.new-heading')"/></h2>
        <p><code class="secret"><xsl:value-of select="@new-key"/></code></p>
        <p class="msg msg-warning">
          <xsl:value-of select="q:t('account.keys.new-warning')"/>
        </p>
      </section>
    </xsl:if>

    <section class="keys-create">
      <h2><xsl:value-of select="q:t('account.keys.create')"/></h2>
      <form class="form form-key" method="post" action="/account/keys">
        <xsl:call-template name="csrf-field"/>
        <div class="field">
          <label for="label"><xsl:value-of select="q:t('account.keys.label')"/></label>
          <input type="text" id="label" name="label" value="{@label}"
              maxlength="60" required="required">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'label'"/>
              <xsl:with-param name="hint" select="'label-hint'"/>
            </xsl:call-template>
          </input>
          <p class="field-hint" id="label-hint">
            <xsl:value-of select="q:t('account.keys.label-hint')"/>
          </p>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'label'"/>
          </xsl:call-template>
        </div>
        <div class="form-actions">
          <button type="submit" class="primary">
            <xsl:value-of select="q:t('account.keys.submit')"/>
          </button>
        </div>
      </form>
    </section>

    <section class="keys-list">
      <h2><xsl:value-of select="q:t('account.keys.table')"/></h2>
      <xsl:choose>
        <xsl:when test="api-key">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('account.keys.table')}">
            <table class="list api-keys">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('account.keys.label')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('account.keys.created')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('account.keys.used')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('account.keys.status')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('account.col.actions')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="api-key" mode="row">
                  <xsl:with-param name="never-label" select="q:t('account.keys.never')"/>
                  <xsl:with-param name="active-label" select="q:t('account.keys.active')"/>
                  <xsl:with-param name="revoked-label" select="q:t('account.keys.revoked')"/>
                  <xsl:with-param name="revoke-label" select="q:t('account.keys.revoke')"/>
                </xsl:apply-templates>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <div class="empty">
            <p><xsl:value-of select="q:t('account.keys.empty')"/></p>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="api-keys/api-key" mode="row">
    <xsl:param name="never-label"/>
    <xsl:param name="active-label"/>
    <xsl:param name="revoked-label"/>
    <xsl:param name="revoke-label"/>
    <tr>
      <xsl:if test="@revoked-at">
        <xsl:attribute name="class">revoked</xsl:attribute>
      </xsl:if>
      <td class="name"><xsl:value-of select="@label"/></td>
      <td>
        <xsl:call-template name="account-time">
          <xsl:with-param name="t" select="@created-at"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@used-at">
            <xsl:call-template name="account-time">
              <xsl:with-param name="t" select="@used-at"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <span class="muted"><xsl:value-of select="$never-label"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@revoked-at">
            <span class="status status-discontinued"><xsl:value-of select="$revoked-label"/></span>
            <xsl:text> </xsl:text>
            <xsl:call-template name="account-time">
              <xsl:with-param name="t" select="@revoked-at"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <span class="status status-active"><xsl:value-of select="$active-label"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:if test="not(@revoked-at)">
          <form class="form-inline" method="post" action="/account/keys/{@id}/revoke">
            <xsl:call-template name="csrf-field"/>
            <button type="submit" class="danger"><xsl:value-of select="$revoke-label"/></button>
          </form>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
