<?xml version="1.0" encoding="UTF-8"?>
<!--
  workflow.xsl - approvals and leave requests (schema/xsd/workflow.xsd),
  told apart by the data element:
    <wf-inbox><item/>*</wf-inbox>              waiting for me
    <wf-instance>document, steps, decisions, approvers?</wf-instance>
                                               one approval, the decide form
    <wf-flows><flow/>*</wf-flows>              flow definitions
    <wf-flow-form>choices, step rows, conflict?</wf-flow-form>
                                               new or edit flow (409: conflict)
    <leave-list><leave/>*</leave-list>         my leave requests
    <leave-form/>                              ask for leave
    <leave><reason/> <resubmit/>?</leave>      one request, resubmit form
  (or an <error>, rendered by error.xsl).

  Every form is a POST with the CSRF token (csrf-field) and shows its
  fields' own messages (field-errors).  URLs are fixed paths plus ids
  (/workflow/{@id}, /leave/{@id}); a document link is chosen by its type
  from literals.  Display values come from C (amount-text); a leave
  request's amount is days x 100 and is shown as days.  Timestamps are
  shown as "2026-01-05 08:00:00 UTC".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    exclude-result-prefixes="q">

  <xsl:import href="error.xsl"/>

  <!-- Labels looked up once per page rather than once per row. -->
  <xsl:variable name="wf-utc" select="q:t('time.utc')"/>
  <xsl:variable name="wf-st-pending" select="q:t('wf.status.pending')"/>
  <xsl:variable name="wf-st-approved" select="q:t('wf.status.approved')"/>
  <xsl:variable name="wf-st-rejected" select="q:t('wf.status.rejected')"/>
  <xsl:variable name="wf-st-returned" select="q:t('wf.status.returned')"/>
  <xsl:variable name="wf-st-cancelled" select="q:t('wf.status.cancelled')"/>
  <xsl:variable name="wf-leave-label" select="q:t('wf.doctype.leave')"/>
  <xsl:variable name="wf-party-label" select="q:t('wf.doctype.party')"/>
  <xsl:variable name="wf-doc-ref" select="q:t('wf.doc-ref')"/>
  <xsl:variable name="wf-days" select="q:t('wf.days')"/>

  <!-- ================================================================ -->
  <!-- Shared pieces                                                    -->
  <!-- ================================================================ -->

  <!-- An xs:dateTime from C as "2026-01-05 08:00:00 UTC". -->
  <xsl:template name="wf-time">
    <xsl:param name="t"/>
    <time datetime="{$t}">
      <xsl:choose>
        <xsl:when test="string-length($t) &gt;= 20 and substring($t, string-length($t)) = 'Z'">
          <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 8), ' ', $wf-utc)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
      </xsl:choose>
    </time>
  </xsl:template>

  <!-- A status badge (instance or leave request). -->
  <xsl:template name="wf-status">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s = 'pending'">
        <span class="status status-new"><xsl:value-of select="$wf-st-pending"/></span>
      </xsl:when>
      <xsl:when test="$s = 'approved'">
        <span class="status status-active"><xsl:value-of select="$wf-st-approved"/></span>
      </xsl:when>
      <xsl:when test="$s = 'rejected'">
        <span class="status status-discontinued"><xsl:value-of select="$wf-st-rejected"/></span>
      </xsl:when>
      <xsl:when test="$s = 'returned'">
        <span class="status status-discontinued"><xsl:value-of select="$wf-st-returned"/></span>
      </xsl:when>
      <xsl:when test="$s = 'cancelled'">
        <span class="status"><xsl:value-of select="$wf-st-cancelled"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status"><xsl:value-of select="$s"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Leave request #3": a document's type (translated when known) and id. -->
  <xsl:template name="wf-doc-name">
    <xsl:param name="type"/>
    <xsl:param name="id"/>
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="$wf-doc-ref"/>
      <xsl:with-param name="a1">
        <xsl:choose>
          <xsl:when test="$type = 'leave'"><xsl:value-of select="$wf-leave-label"/></xsl:when>
          <xsl:when test="$type = 'party'"><xsl:value-of select="$wf-party-label"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$type"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="a2" select="$id"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An amount: days for a leave request, money for anything else. -->
  <xsl:template name="wf-amount">
    <xsl:param name="type"/>
    <xsl:param name="amount"/>
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="$type = 'leave'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="$wf-days"/>
          <xsl:with-param name="a1" select="$amount div 100"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- dt/dd pair, left out when the value is empty. -->
  <xsl:template name="wf-field">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="string($value) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The links between the workflow pages the user may open. -->
  <xsl:template name="wf-links">
    <ul class="link-list">
      <xsl:if test="$route != 'workflow.inbox' and $user-perms[@name = 'workflow.view' or @name = '*']">
        <li><a href="/workflow/inbox"><xsl:value-of select="q:t('wf.nav.inbox')"/></a></li>
      </xsl:if>
      <xsl:if test="$route != 'leave.list' and $user-perms[@name = 'leave.request' or @name = '*']">
        <li><a href="/leave"><xsl:value-of select="q:t('wf.nav.leave')"/></a></li>
      </xsl:if>
      <xsl:if test="$route != 'workflow.flows' and $user-perms[@name = 'workflow.admin' or @name = '*']">
        <li><a href="/workflow/flows"><xsl:value-of select="q:t('wf.nav.flows')"/></a></li>
      </xsl:if>
    </ul>
  </xsl:template>

  <!-- How a step picks its approver (context: a step element). -->
  <xsl:template name="wf-approver-rule">
    <xsl:choose>
      <xsl:when test="@approver = 'role'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('wf.approver.role')"/>
          <xsl:with-param name="a1" select="@role"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@approver = 'manager'">
        <xsl:value-of select="q:t('wf.approver.manager')"/>
      </xsl:when>
      <xsl:when test="@approver = 'user'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('wf.approver.user')"/>
          <xsl:with-param name="a1" select="concat(@user, ' (', @user-login, ')')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="@approver"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A step's threshold and what a rejection does (context: a step). -->
  <xsl:template name="wf-step-min">
    <xsl:choose>
      <xsl:when test="@min-amount">
        <xsl:call-template name="wf-amount">
          <xsl:with-param name="type" select="ancestor::wf-instance/@doc-type | ancestor::conflict/@doc-type"/>
          <xsl:with-param name="amount" select="@min-amount"/>
          <xsl:with-param name="text" select="@min-amount-text"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <span class="muted"><xsl:value-of select="q:t('wf.min.none')"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="wf-on-reject">
    <xsl:choose>
      <xsl:when test="@on-reject = 'requester'"><xsl:value-of select="q:t('wf.on-reject.requester')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('wf.on-reject.end')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Waiting for me                                                   -->
  <!-- ================================================================ -->

  <xsl:template match="page/wf-inbox" mode="title">
    <xsl:value-of select="q:t('wf.inbox.title')"/>
  </xsl:template>

  <xsl:template match="page/wf-inbox" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('wf.inbox.title')"/></h1>
    </div>
    <p class="lead"><xsl:value-of select="q:t('wf.inbox.intro')"/></p>
    <xsl:choose>
      <xsl:when test="item">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('wf.inbox.title')}">
          <table class="list wf-inbox">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('wf.col.document')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.requester')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.unit')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.amount')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.flow')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.step')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.since')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="item" mode="row"/>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('wf.inbox.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="wf-links"/>
  </xsl:template>

  <xsl:template match="wf-inbox/item" mode="row">
    <tr>
      <td class="name">
        <a href="/workflow/{@instance}">
          <xsl:call-template name="wf-doc-name">
            <xsl:with-param name="type" select="@doc-type"/>
            <xsl:with-param name="id" select="@doc-id"/>
          </xsl:call-template>
        </a>
      </td>
      <td><xsl:value-of select="@requester"/></td>
      <td><xsl:value-of select="@unit"/></td>
      <td class="num">
        <xsl:call-template name="wf-amount">
          <xsl:with-param name="type" select="@doc-type"/>
          <xsl:with-param name="amount" select="@amount"/>
          <xsl:with-param name="text" select="@amount-text"/>
        </xsl:call-template>
      </td>
      <td><xsl:value-of select="@flow"/></td>
      <td><xsl:value-of select="@step"/></td>
      <td>
        <xsl:call-template name="wf-time">
          <xsl:with-param name="t" select="@since"/>
        </xsl:call-template>
      </td>
    </tr>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One approval                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/wf-instance" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('wf.instance.title')"/>
      <xsl:with-param name="a1" select="@id"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/wf-instance" mode="content">
    <xsl:if test="$user-perms[@name = 'workflow.view' or @name = '*']">
      <p class="back">
        <a href="/workflow/inbox"><xsl:value-of select="q:t('wf.back.inbox')"/></a>
      </p>
    </xsl:if>
    <div class="page-head">
      <h1>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('wf.instance.title')"/>
          <xsl:with-param name="a1" select="@id"/>
        </xsl:call-template>
      </h1>
      <xsl:call-template name="wf-status">
        <xsl:with-param name="s" select="@status"/>
      </xsl:call-template>
    </div>

    <section class="wf-summary">
      <dl class="fields">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('wf.field.document')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="@doc-type = 'leave' and @mine = '1'">
                <a href="/leave/{@doc-id}">
                  <xsl:call-template name="wf-doc-name">
                    <xsl:with-param name="type" select="@doc-type"/>
                    <xsl:with-param name="id" select="@doc-id"/>
                  </xsl:call-template>
                </a>
              </xsl:when>
              <xsl:when test="@doc-type = 'party'">
                <a href="/parties/{@doc-id}">
                  <xsl:call-template name="wf-doc-name">
                    <xsl:with-param name="type" select="@doc-type"/>
                    <xsl:with-param name="id" select="@doc-id"/>
                  </xsl:call-template>
                </a>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="wf-doc-name">
                  <xsl:with-param name="type" select="@doc-type"/>
                  <xsl:with-param name="id" select="@doc-id"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
        <xsl:if test="document/summary">
          <div class="field-row">
            <dt><xsl:value-of select="q:t('wf.field.summary')"/></dt>
            <dd class="pre-line"><xsl:value-of select="document/summary"/></dd>
          </div>
        </xsl:if>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('wf.field.amount')"/></dt>
          <dd>
            <xsl:call-template name="wf-amount">
              <xsl:with-param name="type" select="@doc-type"/>
              <xsl:with-param name="amount" select="@amount"/>
              <xsl:with-param name="text" select="@amount-text"/>
            </xsl:call-template>
          </dd>
        </div>
        <xsl:call-template name="wf-field">
          <xsl:with-param name="label" select="q:t('wf.field.requester')"/>
          <xsl:with-param name="value" select="concat(@requester, ' (', @requester-login, ')')"/>
        </xsl:call-template>
        <xsl:call-template name="wf-field">
          <xsl:with-param name="label" select="q:t('wf.field.unit')"/>
          <xsl:with-param name="value" select="@unit"/>
        </xsl:call-template>
        <xsl:call-template name="wf-field">
          <xsl:with-param name="label" select="q:t('wf.field.flow')"/>
          <xsl:with-param name="value" select="@flow"/>
        </xsl:call-template>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('wf.field.created')"/></dt>
          <dd>
            <xsl:call-template name="wf-time">
              <xsl:with-param name="t" select="@created-at"/>
            </xsl:call-template>
          </dd>
        </div>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('wf.field.updated')"/></dt>
          <dd>
            <xsl:call-template name="wf-time">
              <xsl:with-param name="t" select="@updated-at"/>
            </xsl:call-template>
          </dd>
        </div>
      </dl>
    </section>

    <xsl:if test="@can-decide = '1'">
      <section class="wf-decide">
        <h2><xsl:value-of select="q:t('wf.decide')"/></h2>
        <form class="form" method="post" action="/workflow/{@id}/decide">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="step" value="{@step-seq}"/>
          <div class="field">
            <label for="note"><xsl:value-of select="q:t('wf.decide.note')"/></label>
            <textarea id="note" name="note" rows="3" maxlength="500">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'note'"/>
                <xsl:with-param name="hint" select="'note-hint'"/>
              </xsl:call-template>
            </textarea>
            <p class="field-hint" id="note-hint"><xsl:value-of select="q:t('wf.decide.note-hint')"/></p>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'note'"/>
            </xsl:call-template>
          </div>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'decision'"/>
          </xsl:call-template>
          <div class="form-actions">
            <button type="submit" class="primary" name="decision" value="approve">
              <xsl:value-of select="q:t('wf.decide.approve')"/>
            </button>
            <xsl:text> </xsl:text>
            <button type="submit" class="danger" name="decision" value="reject">
              <xsl:value-of select="q:t('wf.decide.reject')"/>
            </button>
          </div>
        </form>
      </section>
    </xsl:if>

    <section class="wf-steps">
      <h2><xsl:value-of select="q:t('wf.steps')"/></h2>
      <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('wf.steps')}">
        <table class="list">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="q:t('wf.step.col.seq')"/></th>
              <th scope="col"><xsl:value-of select="q:t('wf.step.col.name')"/></th>
              <th scope="col"><xsl:value-of select="q:t('wf.step.col.approver')"/></th>
              <th scope="col"><xsl:value-of select="q:t('wf.step.col.min')"/></th>
              <th scope="col"><xsl:value-of select="q:t('wf.step.col.on-reject')"/></th>
              <th scope="col"><xsl:value-of select="q:t('wf.step.col.state')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="steps/step" mode="row"/>
          </tbody>
        </table>
      </div>
      <xsl:if test="approvers">
        <h3><xsl:value-of select="q:t('wf.approvers')"/></h3>
        <xsl:choose>
          <xsl:when test="approvers/approver">
            <ul class="wf-approvers">
              <xsl:for-each select="approvers/approver">
                <li><xsl:value-of select="concat(@name, ' (', @login, ')')"/></li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise>
            <p class="muted"><xsl:value-of select="q:t('wf.approvers.none')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </section>

    <section class="wf-decisions">
      <h2><xsl:value-of select="q:t('wf.decisions')"/></h2>
      <xsl:choose>
        <xsl:when test="decisions/decision">
          <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('wf.decisions')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('wf.dec.col.at')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('wf.dec.col.step')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('wf.dec.col.user')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('wf.dec.col.decision')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('wf.dec.col.note')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="decisions/decision" mode="row">
                  <xsl:with-param name="round-label" select="q:t('wf.dec.round')"/>
                  <xsl:with-param name="approve-label" select="q:t('wf.decision.approve')"/>
                  <xsl:with-param name="reject-label" select="q:t('wf.decision.reject')"/>
                </xsl:apply-templates>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('wf.decisions.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="steps/step" mode="row">
    <tr>
      <xsl:if test="@state = 'current'">
        <xsl:attribute name="class">current</xsl:attribute>
      </xsl:if>
      <td><xsl:value-of select="@seq"/></td>
      <td class="name"><xsl:value-of select="@name"/></td>
      <td><xsl:call-template name="wf-approver-rule"/></td>
      <td><xsl:call-template name="wf-step-min"/></td>
      <td><xsl:call-template name="wf-on-reject"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="@state = 'done'"><xsl:value-of select="q:t('wf.state.done')"/></xsl:when>
          <xsl:when test="@state = 'skipped'"><xsl:value-of select="q:t('wf.state.skipped')"/></xsl:when>
          <xsl:when test="@state = 'current'"><strong><xsl:value-of select="q:t('wf.state.current')"/></strong></xsl:when>
          <xsl:when test="@state = 'waiting'"><xsl:value-of select="q:t('wf.state.waiting')"/></xsl:when>
          <xsl:when test="@state = 'returned'"><xsl:value-of select="$wf-st-returned"/></xsl:when>
          <xsl:when test="@state = 'rejected'"><xsl:value-of select="$wf-st-rejected"/></xsl:when>
          <xsl:when test="@state = 'cancelled'"><xsl:value-of select="$wf-st-cancelled"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@state"/></xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <xsl:template match="decisions/decision" mode="row">
    <xsl:param name="round-label"/>
    <xsl:param name="approve-label"/>
    <xsl:param name="reject-label"/>
    <tr>
      <td>
        <xsl:call-template name="wf-time">
          <xsl:with-param name="t" select="@at"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:value-of select="concat(@step-seq, ' ', @step)"/>
        <xsl:if test="@round != '1'">
          <xsl:text> · </xsl:text>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="$round-label"/>
            <xsl:with-param name="a1" select="@round"/>
          </xsl:call-template>
        </xsl:if>
      </td>
      <td><xsl:value-of select="concat(@user, ' (', @user-login, ')')"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="@decision = 'approve'">
            <span class="status status-active"><xsl:value-of select="$approve-label"/></span>
          </xsl:when>
          <xsl:otherwise>
            <span class="status status-discontinued"><xsl:value-of select="$reject-label"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="pre-line"><xsl:value-of select="note"/></td>
    </tr>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Flow definitions                                                 -->
  <!-- ================================================================ -->

  <xsl:template match="page/wf-flows" mode="title">
    <xsl:value-of select="q:t('wf.flows.title')"/>
  </xsl:template>

  <xsl:template match="page/wf-flows" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('wf.flows.title')"/></h1>
      <p class="page-sub">
        <a href="/workflow/flows/new"><xsl:value-of select="q:t('wf.flows.new')"/></a>
      </p>
    </div>
    <p class="lead"><xsl:value-of select="q:t('wf.flows.intro')"/></p>
    <xsl:choose>
      <xsl:when test="flow">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('wf.flows.title')}">
          <table class="list wf-flows">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('wf.flow.col.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.flow.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.flow.col.doc-type')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.flow.col.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.flow.col.steps')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.flow.col.pending')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.col.actions')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="flow" mode="row">
                <xsl:with-param name="active-label" select="q:t('wf.flow.status.active')"/>
                <xsl:with-param name="retired-label" select="q:t('wf.flow.status.retired')"/>
                <xsl:with-param name="edit-label" select="q:t('wf.flow.edit')"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('wf.flows.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="wf-links"/>
  </xsl:template>

  <xsl:template match="wf-flows/flow" mode="row">
    <xsl:param name="active-label"/>
    <xsl:param name="retired-label"/>
    <xsl:param name="edit-label"/>
    <tr>
      <td><code><xsl:value-of select="@code"/></code></td>
      <td class="name"><xsl:value-of select="@name"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="@doc-type = 'leave'"><xsl:value-of select="$wf-leave-label"/></xsl:when>
          <xsl:when test="@doc-type = 'party'"><xsl:value-of select="$wf-party-label"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@doc-type"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="@status = 'active'">
            <span class="status status-active"><xsl:value-of select="$active-label"/></span>
          </xsl:when>
          <xsl:otherwise>
            <span class="status status-discontinued"><xsl:value-of select="$retired-label"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="num"><xsl:value-of select="@steps"/></td>
      <td class="num"><xsl:value-of select="@pending"/></td>
      <td><a href="/workflow/flows/{@id}/edit"><xsl:value-of select="$edit-label"/></a></td>
    </tr>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- New or edit flow                                                 -->
  <!-- ================================================================ -->

  <xsl:template match="page/wf-flow-form" mode="title">
    <xsl:choose>
      <xsl:when test="@id"><xsl:value-of select="q:t('wf.form.edit-title')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="q:t('wf.form.new-title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/wf-flow-form" mode="content">
    <p class="back">
      <a href="/workflow/flows"><xsl:value-of select="q:t('wf.back.flows')"/></a>
    </p>
    <div class="page-head">
      <h1>
        <xsl:choose>
          <xsl:when test="@id"><xsl:value-of select="q:t('wf.form.edit-title')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="q:t('wf.form.new-title')"/></xsl:otherwise>
        </xsl:choose>
      </h1>
    </div>

    <xsl:apply-templates select="conflict"/>

    <form class="form wf-flow-form" method="post">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="@id"><xsl:value-of select="concat('/workflow/flows/', @id, '/edit')"/></xsl:when>
          <xsl:otherwise>/workflow/flows/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="@version">
        <input type="hidden" name="version" value="{@version}"/>
      </xsl:if>

      <div class="field">
        <label for="code"><xsl:value-of select="q:t('wf.form.code')"/></label>
        <input type="text" id="code" name="code" value="{@code}" maxlength="40"
            required="required" autocapitalize="none" spellcheck="false">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'code'"/>
            <xsl:with-param name="hint" select="'code-hint'"/>
          </xsl:call-template>
        </input>
        <p class="field-hint" id="code-hint"><xsl:value-of select="q:t('wf.form.code-hint')"/></p>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'code'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="name"><xsl:value-of select="q:t('wf.form.name')"/></label>
        <input type="text" id="name" name="name" value="{@name}" maxlength="100"
            required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'name'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'name'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="doc_type"><xsl:value-of select="q:t('wf.form.doc-type')"/></label>
        <select id="doc_type" name="doc_type" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'doc_type'"/>
          </xsl:call-template>
          <xsl:variable name="cur" select="string(@doc-type)"/>
          <xsl:for-each select="doc-types/doc-type">
            <option value="{@name}">
              <xsl:if test="@name = $cur">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:choose>
                <xsl:when test="@name = 'leave'"><xsl:value-of select="$wf-leave-label"/></xsl:when>
          <xsl:when test="@name = 'party'"><xsl:value-of select="$wf-party-label"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
              </xsl:choose>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'doc_type'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="status"><xsl:value-of select="q:t('wf.form.status')"/></label>
        <select id="status" name="status">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'status'"/>
          </xsl:call-template>
          <option value="active">
            <xsl:if test="not(@status = 'retired')">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('wf.flow.status.active')"/>
          </option>
          <option value="retired">
            <xsl:if test="@status = 'retired'">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('wf.flow.status.retired')"/>
          </option>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'status'"/>
        </xsl:call-template>
      </div>

      <fieldset class="field wf-step-rows">
        <legend><xsl:value-of select="q:t('wf.form.steps')"/></legend>
        <p class="field-hint"><xsl:value-of select="q:t('wf.form.steps-hint')"/></p>
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('wf.form.steps')}">
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('wf.step.col.seq')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.form.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.form.col.approver')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.form.col.role')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.form.col.user')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.form.col.min')"/></th>
                <th scope="col"><xsl:value-of select="q:t('wf.form.col.reject')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="step" mode="form-row">
                <xsl:with-param name="roles" select="roles/role"/>
                <xsl:with-param name="choose-label" select="q:t('wf.form.choose')"/>
                <xsl:with-param name="name-label" select="q:t('wf.form.col.name')"/>
                <xsl:with-param name="approver-label" select="q:t('wf.form.col.approver')"/>
                <xsl:with-param name="role-label" select="q:t('wf.form.col.role')"/>
                <xsl:with-param name="user-label" select="q:t('wf.form.col.user')"/>
                <xsl:with-param name="min-label" select="q:t('wf.form.col.min')"/>
                <xsl:with-param name="reject-label" select="q:t('wf.form.col.reject')"/>
                <xsl:with-param name="a-role" select="q:t('wf.approver.kind.role')"/>
                <xsl:with-param name="a-manager" select="q:t('wf.approver.manager')"/>
                <xsl:with-param name="a-user" select="q:t('wf.approver.kind.user')"/>
                <xsl:with-param name="r-end" select="q:t('wf.on-reject.end')"/>
                <xsl:with-param name="r-requester" select="q:t('wf.on-reject.requester')"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </fieldset>

      <div class="form-actions">
        <button type="submit" class="primary">
          <xsl:choose>
            <xsl:when test="@id"><xsl:value-of select="q:t('wf.form.submit-edit')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="q:t('wf.form.submit-new')"/></xsl:otherwise>
          </xsl:choose>
        </button>
      </div>
    </form>
  </xsl:template>

  <!-- One step row of the flow form; field names s<row>_<what>. -->
  <xsl:template match="wf-flow-form/step" mode="form-row">
    <xsl:param name="roles"/>
    <xsl:param name="choose-label"/>
    <xsl:param name="name-label"/>
    <xsl:param name="approver-label"/>
    <xsl:param name="role-label"/>
    <xsl:param name="user-label"/>
    <xsl:param name="min-label"/>
    <xsl:param name="reject-label"/>
    <xsl:param name="a-role"/>
    <xsl:param name="a-manager"/>
    <xsl:param name="a-user"/>
    <xsl:param name="r-end"/>
    <xsl:param name="r-requester"/>
    <xsl:variable name="p" select="concat('s', @row, '_')"/>
    <xsl:variable name="role-id" select="string(@role-id)"/>
    <tr>
      <th scope="row"><xsl:value-of select="@row"/></th>
      <td>
        <input type="text" id="{$p}name" name="{$p}name" value="{@name}"
            maxlength="100" aria-label="{$name-label}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="concat($p, 'name')"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="concat($p, 'name')"/>
        </xsl:call-template>
      </td>
      <td>
        <select id="{$p}approver" name="{$p}approver" aria-label="{$approver-label}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="concat($p, 'approver')"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="$choose-label"/></option>
          <option value="role">
            <xsl:if test="@approver = 'role'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="$a-role"/>
          </option>
          <option value="manager">
            <xsl:if test="@approver = 'manager'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="$a-manager"/>
          </option>
          <option value="user">
            <xsl:if test="@approver = 'user'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="$a-user"/>
          </option>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="concat($p, 'approver')"/>
        </xsl:call-template>
      </td>
      <td>
        <select id="{$p}role" name="{$p}role" aria-label="{$role-label}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="concat($p, 'role')"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="$choose-label"/></option>
          <xsl:for-each select="$roles">
            <option value="{@id}">
              <xsl:if test="@id = $role-id">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="@name"/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="concat($p, 'role')"/>
        </xsl:call-template>
      </td>
      <td>
        <input type="text" id="{$p}user" name="{$p}user" value="{@user-login}"
            maxlength="60" autocapitalize="none" spellcheck="false"
            aria-label="{$user-label}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="concat($p, 'user')"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="concat($p, 'user')"/>
        </xsl:call-template>
      </td>
      <td>
        <input type="text" id="{$p}min" name="{$p}min" value="{@min}"
            maxlength="20" inputmode="decimal" aria-label="{$min-label}">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="concat($p, 'min')"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="concat($p, 'min')"/>
        </xsl:call-template>
      </td>
      <td>
        <select id="{$p}reject" name="{$p}reject" aria-label="{$reject-label}">
          <option value="end">
            <xsl:if test="not(@on-reject = 'requester')"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="$r-end"/>
          </option>
          <option value="requester">
            <xsl:if test="@on-reject = 'requester'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="$r-requester"/>
          </option>
        </select>
      </td>
    </tr>
  </xsl:template>

  <!-- 409: the flow as someone else saved it meanwhile. -->
  <xsl:template match="wf-flow-form/conflict">
    <section class="wf-conflict">
      <h2>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('wf.form.conflict')"/>
          <xsl:with-param name="a1" select="@version"/>
        </xsl:call-template>
      </h2>
      <dl class="fields">
        <xsl:call-template name="wf-field">
          <xsl:with-param name="label" select="q:t('wf.form.code')"/>
          <xsl:with-param name="value" select="@code"/>
        </xsl:call-template>
        <xsl:call-template name="wf-field">
          <xsl:with-param name="label" select="q:t('wf.form.name')"/>
          <xsl:with-param name="value" select="@name"/>
        </xsl:call-template>
        <div class="field-row">
          <dt><xsl:value-of select="q:t('wf.form.status')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="@status = 'active'"><xsl:value-of select="q:t('wf.flow.status.active')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="q:t('wf.flow.status.retired')"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </dl>
      <ol class="wf-conflict-steps">
        <xsl:for-each select="step">
          <li>
            <xsl:value-of select="@name"/>
            <xsl:value-of select="q:t('punct.colon')"/>
            <xsl:call-template name="wf-approver-rule"/>
            <xsl:text>; </xsl:text>
            <xsl:call-template name="wf-step-min"/>
            <xsl:text>; </xsl:text>
            <xsl:call-template name="wf-on-reject"/>
          </li>
        </xsl:for-each>
      </ol>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Leave requests                                                   -->
  <!-- ================================================================ -->

  <xsl:template match="page/leave-list" mode="title">
    <xsl:value-of select="q:t('leave.list.title')"/>
  </xsl:template>

  <xsl:template match="page/leave-list" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('leave.list.title')"/></h1>
      <p class="page-sub">
        <a href="/leave/new"><xsl:value-of select="q:t('leave.list.new')"/></a>
      </p>
    </div>
    <xsl:choose>
      <xsl:when test="leave">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('leave.list.title')}">
          <table class="list leave-list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('leave.col.id')"/></th>
                <th scope="col"><xsl:value-of select="q:t('leave.col.days')"/></th>
                <th scope="col"><xsl:value-of select="q:t('leave.col.reason')"/></th>
                <th scope="col"><xsl:value-of select="q:t('leave.col.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('leave.col.created')"/></th>
                <th scope="col"><xsl:value-of select="q:t('leave.col.approval')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="leave" mode="row">
                <xsl:with-param name="approval-label" select="q:t('leave.open-approval')"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('leave.list.empty')"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="wf-links"/>
  </xsl:template>

  <xsl:template match="leave-list/leave" mode="row">
    <xsl:param name="approval-label"/>
    <tr>
      <td><a href="/leave/{@id}"><xsl:value-of select="@id"/></a></td>
      <td class="num"><xsl:value-of select="@days"/></td>
      <td class="pre-line"><xsl:value-of select="@reason"/></td>
      <td>
        <xsl:call-template name="wf-status">
          <xsl:with-param name="s" select="@status"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:call-template name="wf-time">
          <xsl:with-param name="t" select="@created-at"/>
        </xsl:call-template>
      </td>
      <td>
        <xsl:if test="@instance-id">
          <a href="/workflow/{@instance-id}"><xsl:value-of select="$approval-label"/></a>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

  <!-- The fields of a leave request form (new or resubmit). -->
  <xsl:template name="leave-fields">
    <xsl:param name="days"/>
    <xsl:param name="reason"/>
    <div class="field">
      <label for="days"><xsl:value-of select="q:t('leave.field.days')"/></label>
      <input type="number" id="days" name="days" value="{$days}" min="1" max="60"
          required="required">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="'days'"/>
          <xsl:with-param name="hint" select="'days-hint'"/>
        </xsl:call-template>
      </input>
      <p class="field-hint" id="days-hint"><xsl:value-of select="q:t('leave.field.days-hint')"/></p>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'days'"/>
      </xsl:call-template>
    </div>
    <div class="field">
      <label for="reason"><xsl:value-of select="q:t('leave.field.reason')"/></label>
      <textarea id="reason" name="reason" rows="4" maxlength="500" required="required">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="'reason'"/>
          <xsl:with-param name="hint" select="'reason-hint'"/>
        </xsl:call-template>
        <xsl:value-of select="$reason"/>
      </textarea>
      <p class="field-hint" id="reason-hint"><xsl:value-of select="q:t('leave.field.reason-hint')"/></p>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'reason'"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template match="page/leave-form" mode="title">
    <xsl:value-of select="q:t('leave.form.title')"/>
  </xsl:template>

  <xsl:template match="page/leave-form" mode="content">
    <p class="back">
      <a href="/leave"><xsl:value-of select="q:t('leave.back')"/></a>
    </p>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('leave.form.title')"/></h1>
    </div>
    <form class="form" method="post" action="/leave/new">
      <xsl:call-template name="csrf-field"/>
      <xsl:call-template name="leave-fields">
        <xsl:with-param name="days" select="@days"/>
        <xsl:with-param name="reason" select="@reason"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary">
          <xsl:value-of select="q:t('leave.form.submit')"/>
        </button>
      </div>
    </form>
  </xsl:template>

  <xsl:template match="page/leave" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('leave.title')"/>
      <xsl:with-param name="a1" select="@id"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/leave" mode="content">
    <p class="back">
      <a href="/leave"><xsl:value-of select="q:t('leave.back')"/></a>
    </p>
    <div class="page-head">
      <h1>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('leave.title')"/>
          <xsl:with-param name="a1" select="@id"/>
        </xsl:call-template>
      </h1>
      <xsl:call-template name="wf-status">
        <xsl:with-param name="s" select="@status"/>
      </xsl:call-template>
    </div>
    <dl class="fields">
      <xsl:call-template name="wf-field">
        <xsl:with-param name="label" select="q:t('leave.field.days')"/>
        <xsl:with-param name="value" select="@days"/>
      </xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('leave.field.reason')"/></dt>
        <dd class="pre-line"><xsl:value-of select="reason"/></dd>
      </div>
      <xsl:call-template name="wf-field">
        <xsl:with-param name="label" select="q:t('wf.field.unit')"/>
        <xsl:with-param name="value" select="@unit"/>
      </xsl:call-template>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('leave.col.created')"/></dt>
        <dd>
          <xsl:call-template name="wf-time">
            <xsl:with-param name="t" select="@created-at"/>
          </xsl:call-template>
        </dd>
      </div>
      <xsl:if test="@instance-id">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('leave.col.approval')"/></dt>
          <dd>
            <a href="/workflow/{@instance-id}"><xsl:value-of select="q:t('leave.open-approval')"/></a>
          </dd>
        </div>
      </xsl:if>
    </dl>

    <xsl:if test="@status = 'returned'">
      <section class="leave-resubmit">
        <h2><xsl:value-of select="q:t('leave.resubmit.title')"/></h2>
        <p class="lead"><xsl:value-of select="q:t('leave.resubmit.intro')"/></p>
        <form class="form" method="post" action="/leave/{@id}/resubmit">
          <xsl:call-template name="csrf-field"/>
          <xsl:choose>
            <xsl:when test="resubmit">
              <xsl:call-template name="leave-fields">
                <xsl:with-param name="days" select="resubmit/@days"/>
                <xsl:with-param name="reason" select="resubmit/@reason"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="leave-fields">
                <xsl:with-param name="days" select="@days"/>
                <xsl:with-param name="reason" select="reason"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
          <div class="form-actions">
            <button type="submit" class="primary">
              <xsl:value-of select="q:t('leave.resubmit.submit')"/>
            </button>
          </div>
        </form>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
