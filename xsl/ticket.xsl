<?xml version="1.0" encoding="UTF-8"?>
<!--
  ticket.xsl - complaints, feedback and after-sales tickets (issue 4;
  src/modules/ticket.c; documents in schema/xsd/ticket.xsd).  One
  stylesheet for the module's routes, told apart by the data element:

    <ticket-list>   /tickets         search, filters, sort, pages, CSV link
    <ticket>        /tickets/{id}    the ticket, its times, the conversation
                                     and the forms the user may use
    <ticket-form>   /tickets/new     open a ticket
  (or an <error>, rendered by error.xsl).

  Forms post to fixed paths built from ids, carry the CSRF token and the
  ticket's version, and show each field's own messages (field-errors).
  Multi-line text (the ticket's body, replies) is shown in elements whose
  CSS keeps line breaks (class "text"); it is never parsed as markup.
  URLs: ids, literals chosen with xsl:choose, computed numbers, and typed
  text (q, party) through str:encode-uri only.  Internal notes are marked
  for staff; channel users' documents do not contain them at all.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels                                                           -->
  <!-- ================================================================ -->

  <xsl:template name="kind-label">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'complaint'"><xsl:value-of select="q:t('ticket.kind.complaint')"/></xsl:when>
      <xsl:when test="$k = 'feedback'"><xsl:value-of select="q:t('ticket.kind.feedback')"/></xsl:when>
      <xsl:when test="$k = 'service'"><xsl:value-of select="q:t('ticket.kind.service')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="priority-label">
    <xsl:param name="p" select="@priority"/>
    <xsl:choose>
      <xsl:when test="$p = 'low'"><xsl:value-of select="q:t('ticket.priority.low')"/></xsl:when>
      <xsl:when test="$p = 'normal'"><xsl:value-of select="q:t('ticket.priority.normal')"/></xsl:when>
      <xsl:when test="$p = 'high'"><xsl:value-of select="q:t('ticket.priority.high')"/></xsl:when>
      <xsl:when test="$p = 'urgent'"><xsl:value-of select="q:t('ticket.priority.urgent')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="status-label">
    <xsl:param name="s" select="@status"/>
    <xsl:choose>
      <xsl:when test="$s = 'open'"><xsl:value-of select="q:t('ticket.status.open')"/></xsl:when>
      <xsl:when test="$s = 'assigned'"><xsl:value-of select="q:t('ticket.status.assigned')"/></xsl:when>
      <xsl:when test="$s = 'answered'"><xsl:value-of select="q:t('ticket.status.answered')"/></xsl:when>
      <xsl:when test="$s = 'resolved'"><xsl:value-of select="q:t('ticket.status.resolved')"/></xsl:when>
      <xsl:when test="$s = 'closed'"><xsl:value-of select="q:t('ticket.status.closed')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A status as a badge; the class comes from a literal. -->
  <xsl:template name="status-badge">
    <span>
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="@status = 'open'">badge status-open</xsl:when>
          <xsl:when test="@status = 'assigned'">badge status-assigned</xsl:when>
          <xsl:when test="@status = 'answered'">badge status-answered</xsl:when>
          <xsl:when test="@status = 'resolved'">badge status-resolved</xsl:when>
          <xsl:otherwise>badge status-closed</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="status-label"/>
    </span>
  </xsl:template>

  <!-- An xs:dateTime from C (UTC) shown as "2026-01-05 08:00 UTC". -->
  <xsl:template name="ts">
    <xsl:param name="t"/>
    <time datetime="{$t}">
      <xsl:choose>
        <xsl:when test="string-length($t) &gt;= 20 and substring($t, 11, 1) = 'T'">
          <xsl:value-of select="concat(substring($t, 1, 10), ' ', substring($t, 12, 5), ' ')"/>
          <xsl:value-of select="q:t('ticket.utc')"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="$t"/>
        </xsl:otherwise>
      </xsl:choose>
    </time>
  </xsl:template>

  <!-- A number of minutes as "3 h 05 min". -->
  <xsl:template name="duration">
    <xsl:param name="m"/>
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('ticket.duration')"/>
      <xsl:with-param name="a1" select="floor($m div 60)"/>
      <xsl:with-param name="a2" select="format-number($m mod 60, '00')"/>
    </xsl:call-template>
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

  <xsl:template name="kind-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'complaint'"/>
      <xsl:with-param name="label" select="q:t('ticket.kind.complaint')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'feedback'"/>
      <xsl:with-param name="label" select="q:t('ticket.kind.feedback')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'service'"/>
      <xsl:with-param name="label" select="q:t('ticket.kind.service')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="priority-options">
    <xsl:param name="sel"/>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'low'"/>
      <xsl:with-param name="label" select="q:t('ticket.priority.low')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'normal'"/>
      <xsl:with-param name="label" select="q:t('ticket.priority.normal')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'high'"/>
      <xsl:with-param name="label" select="q:t('ticket.priority.high')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'urgent'"/>
      <xsl:with-param name="label" select="q:t('ticket.priority.urgent')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The list                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/ticket-list" mode="title">
    <xsl:value-of select="q:t('ticket.list.title')"/>
  </xsl:template>

  <!-- The filters as a query string, each followed by "&"; literals,
       numbers and encoded text only. -->
  <xsl:template match="page/ticket-list" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:value-of select="concat('q=', str:encode-uri(string(@q), true()), '&amp;')"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@status = 'open'">status=open&amp;</xsl:when>
      <xsl:when test="@status = 'assigned'">status=assigned&amp;</xsl:when>
      <xsl:when test="@status = 'answered'">status=answered&amp;</xsl:when>
      <xsl:when test="@status = 'resolved'">status=resolved&amp;</xsl:when>
      <xsl:when test="@status = 'closed'">status=closed&amp;</xsl:when>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@kind = 'complaint'">kind=complaint&amp;</xsl:when>
      <xsl:when test="@kind = 'feedback'">kind=feedback&amp;</xsl:when>
      <xsl:when test="@kind = 'service'">kind=service&amp;</xsl:when>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="@priority = 'low'">priority=low&amp;</xsl:when>
      <xsl:when test="@priority = 'normal'">priority=normal&amp;</xsl:when>
      <xsl:when test="@priority = 'high'">priority=high&amp;</xsl:when>
      <xsl:when test="@priority = 'urgent'">priority=urgent&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="string(@party) != ''">
      <xsl:value-of select="concat('party=', str:encode-uri(string(@party), true()), '&amp;')"/>
    </xsl:if>
    <xsl:if test="@assignee = 'me'">assignee=me&amp;</xsl:if>
    <xsl:if test="@overdue = '1'">overdue=1&amp;</xsl:if>
  </xsl:template>

  <xsl:template name="sort-key">
    <xsl:choose>
      <xsl:when test="@sort = 'priority'">priority</xsl:when>
      <xsl:when test="@sort = 'status'">status</xsl:when>
      <xsl:when test="@sort = 'due'">due</xsl:when>
      <xsl:otherwise>created</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="dir-key">
    <xsl:choose>
      <xsl:when test="@dir = 'desc'">desc</xsl:when>
      <xsl:otherwise>asc</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page/ticket-list" mode="head">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="dir-key"/></xsl:variable>
    <link rel="alternate" type="application/xml"
        href="/tickets.xml?{$filters}sort={$sort}&amp;dir={$dir}&amp;page={number(@page)}"/>
  </xsl:template>

  <xsl:template match="page/ticket-list" mode="content">
    <xsl:variable name="filters"><xsl:apply-templates select="." mode="filters"/></xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="sort-key"/></xsl:variable>
    <xsl:variable name="dir"><xsl:call-template name="dir-key"/></xsl:variable>
    <xsl:variable name="query" select="concat($filters, 'sort=', $sort, '&amp;dir=', $dir)"/>
    <xsl:variable name="staff" select="@viewer = 'staff'"/>

    <div class="page-head">
      <h1><xsl:value-of select="q:t('ticket.list.title')"/></h1>
      <p class="formats">
        <a class="format-link" type="text/csv" href="/tickets.csv?{$query}">
          <xsl:value-of select="q:t('ticket.csv')"/>
        </a>
        <xsl:text> </xsl:text>
        <a class="format-link" type="application/xml"
            href="/tickets.xml?{$query}&amp;page={number(@page)}">
          <xsl:value-of select="q:t('ticket.xml')"/>
        </a>
      </p>
    </div>
    <xsl:if test="@can-create = 'true'">
      <p class="actions">
        <a href="/tickets/new"><xsl:value-of select="q:t('ticket.new')"/></a>
      </p>
    </xsl:if>

    <form class="search" method="get" action="/tickets" role="search">
      <div class="field field-q">
        <label for="q"><xsl:value-of select="q:t('ticket.search')"/></label>
        <input type="search" id="q" name="q" value="{@q}" maxlength="100"
            placeholder="{q:t('ticket.search-hint')}"/>
      </div>
      <div class="field">
        <label for="f-status"><xsl:value-of select="q:t('ticket.field.status')"/></label>
        <select id="f-status" name="status">
          <option value=""><xsl:value-of select="q:t('ticket.all')"/></option>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'open'"/>
            <xsl:with-param name="label" select="q:t('ticket.status.open')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'assigned'"/>
            <xsl:with-param name="label" select="q:t('ticket.status.assigned')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'answered'"/>
            <xsl:with-param name="label" select="q:t('ticket.status.answered')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'resolved'"/>
            <xsl:with-param name="label" select="q:t('ticket.status.resolved')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'closed'"/>
            <xsl:with-param name="label" select="q:t('ticket.status.closed')"/>
            <xsl:with-param name="sel" select="@status"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('ticket.field.kind')"/></label>
        <select id="f-kind" name="kind">
          <option value=""><xsl:value-of select="q:t('ticket.all')"/></option>
          <xsl:call-template name="kind-options">
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-priority"><xsl:value-of select="q:t('ticket.field.priority')"/></label>
        <select id="f-priority" name="priority">
          <option value=""><xsl:value-of select="q:t('ticket.all')"/></option>
          <xsl:call-template name="priority-options">
            <xsl:with-param name="sel" select="@priority"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-party"><xsl:value-of select="q:t('ticket.field.party-code')"/></label>
        <input type="text" id="f-party" name="party" value="{@party}" maxlength="40"/>
      </div>
      <xsl:if test="$staff">
        <div class="field field-check">
          <input type="checkbox" id="f-assignee" name="assignee" value="me">
            <xsl:if test="@assignee = 'me'">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </input>
          <label for="f-assignee"><xsl:value-of select="q:t('ticket.filter.mine')"/></label>
        </div>
        <div class="field field-check">
          <input type="checkbox" id="f-overdue" name="overdue" value="1">
            <xsl:if test="@overdue = '1'">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </input>
          <label for="f-overdue"><xsl:value-of select="q:t('ticket.filter.overdue')"/></label>
        </div>
      </xsl:if>
      <div class="field">
        <label for="f-sort"><xsl:value-of select="q:t('ticket.sort')"/></label>
        <select id="f-sort" name="sort">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'created'"/>
            <xsl:with-param name="label" select="q:t('ticket.field.created-at')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'priority'"/>
            <xsl:with-param name="label" select="q:t('ticket.field.priority')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'status'"/>
            <xsl:with-param name="label" select="q:t('ticket.field.status')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'due'"/>
            <xsl:with-param name="label" select="q:t('ticket.field.due')"/>
            <xsl:with-param name="sel" select="$sort"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field">
        <label for="f-dir"><xsl:value-of select="q:t('ticket.dir')"/></label>
        <select id="f-dir" name="dir">
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'asc'"/>
            <xsl:with-param name="label" select="q:t('ticket.dir.asc')"/>
            <xsl:with-param name="sel" select="$dir"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'desc'"/>
            <xsl:with-param name="label" select="q:t('ticket.dir.desc')"/>
            <xsl:with-param name="sel" select="$dir"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit"><xsl:value-of select="q:t('ticket.search-submit')"/></button>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="item">
        <p class="summary">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('ticket.summary')"/>
            <xsl:with-param name="a1" select="@first"/>
            <xsl:with-param name="a2" select="@last"/>
            <xsl:with-param name="a3" select="@total"/>
          </xsl:call-template>
        </p>
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('ticket.list.title')}">
          <table class="list tickets">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.id')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.subject')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.party')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.kind')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.priority')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.status')"/></th>
                <xsl:if test="$staff">
                  <th scope="col"><xsl:value-of select="q:t('ticket.field.assignee')"/></th>
                </xsl:if>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.created-at')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.respond-by')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ticket.field.resolve-by')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="item">
                <tr>
                  <xsl:if test="@overdue = 'true'">
                    <xsl:attribute name="class">overdue</xsl:attribute>
                  </xsl:if>
                  <td class="num"><a href="/tickets/{@id}"><xsl:value-of select="@id"/></a></td>
                  <td class="name"><a href="/tickets/{@id}"><xsl:value-of select="@subject"/></a></td>
                  <td>
                    <xsl:value-of select="@party-name"/>
                    <xsl:text> </xsl:text>
                    <code><xsl:value-of select="@party-code"/></code>
                  </td>
                  <td><xsl:call-template name="kind-label"/></td>
                  <td><xsl:call-template name="priority-label"/></td>
                  <td>
                    <xsl:call-template name="status-badge"/>
                    <xsl:if test="@overdue = 'true'">
                      <xsl:text> </xsl:text>
                      <span class="badge overdue"><xsl:value-of select="q:t('ticket.overdue')"/></span>
                    </xsl:if>
                  </td>
                  <xsl:if test="$staff">
                    <td><xsl:value-of select="@assignee-name"/></td>
                  </xsl:if>
                  <td><xsl:call-template name="ts"><xsl:with-param name="t" select="@created-at"/></xsl:call-template></td>
                  <td><xsl:call-template name="ts"><xsl:with-param name="t" select="@respond-by"/></xsl:call-template></td>
                  <td><xsl:call-template name="ts"><xsl:with-param name="t" select="@resolve-by"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('ticket.list.empty')"/></p>
          <xsl:if test="$filters != ''">
            <p><a href="/tickets"><xsl:value-of select="q:t('ticket.show-all')"/></a></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="@pages &gt; 1">
      <xsl:call-template name="pager">
        <xsl:with-param name="base" select="concat('/tickets?', $query, '&amp;page=')"/>
        <xsl:with-param name="page" select="number(@page)"/>
        <xsl:with-param name="pages" select="number(@pages)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- first / previous / "page X of Y" / next / last; $base ends "page=". -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:param name="page"/>
    <xsl:param name="pages"/>
    <nav class="pager" aria-label="{q:t('ticket.pager.label')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <li><a href="{$base}1" rel="first"><xsl:value-of select="q:t('ticket.pager.first')"/></a></li>
            <li><a href="{$base}{$page - 1}" rel="prev"><xsl:value-of select="q:t('ticket.pager.prev')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('ticket.pager.first')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('ticket.pager.prev')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
        <li class="pager-status" aria-current="page">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('ticket.pager.status')"/>
            <xsl:with-param name="a1" select="$page"/>
            <xsl:with-param name="a2" select="$pages"/>
          </xsl:call-template>
        </li>
        <xsl:choose>
          <xsl:when test="$page &lt; $pages">
            <li><a href="{$base}{$page + 1}" rel="next"><xsl:value-of select="q:t('ticket.pager.next')"/></a></li>
            <li><a href="{$base}{$pages}" rel="last"><xsl:value-of select="q:t('ticket.pager.last')"/></a></li>
          </xsl:when>
          <xsl:otherwise>
            <li><span class="disabled"><xsl:value-of select="q:t('ticket.pager.next')"/></span></li>
            <li><span class="disabled"><xsl:value-of select="q:t('ticket.pager.last')"/></span></li>
          </xsl:otherwise>
        </xsl:choose>
      </ul>
    </nav>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One ticket                                                       -->
  <!-- ================================================================ -->

  <xsl:template match="page/ticket" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('ticket.title')"/>
      <xsl:with-param name="a1" select="@id"/>
      <xsl:with-param name="a2" select="@subject"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/ticket" mode="head">
    <link rel="alternate" type="application/xml" href="/tickets/{@id}.xml"/>
  </xsl:template>

  <!-- A dt/dd pair with a time, left out when there is none. -->
  <xsl:template name="dl-time">
    <xsl:param name="label"/>
    <xsl:param name="t"/>
    <xsl:param name="mark" select="''"/>
    <xsl:if test="string($t) != ''">
      <div class="field-row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd>
          <xsl:call-template name="ts"><xsl:with-param name="t" select="$t"/></xsl:call-template>
          <xsl:if test="string($mark) != ''">
            <xsl:text> </xsl:text>
            <span class="badge overdue"><xsl:value-of select="$mark"/></span>
          </xsl:if>
        </dd>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/ticket" mode="content">
    <p class="back"><a href="/tickets"><xsl:value-of select="q:t('ticket.back')"/></a></p>
    <div class="page-head">
      <h1>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('ticket.title')"/>
          <xsl:with-param name="a1" select="@id"/>
          <xsl:with-param name="a2" select="@subject"/>
        </xsl:call-template>
      </h1>
      <p class="page-sub">
        <xsl:call-template name="status-badge"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="kind-label"/>
        <xsl:text> · </xsl:text>
        <xsl:call-template name="priority-label"/>
        <xsl:if test="@overdue = 'true'">
          <xsl:text> </xsl:text>
          <span class="badge overdue"><xsl:value-of select="q:t('ticket.overdue')"/></span>
        </xsl:if>
      </p>
    </div>

    <xsl:apply-templates select="conflict"/>

    <dl class="fields">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ticket.field.party')"/></dt>
        <dd>
          <xsl:value-of select="@party-name"/>
          <xsl:text> </xsl:text>
          <code><xsl:value-of select="@party-code"/></code>
        </dd>
      </div>
      <xsl:if test="@product-code">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('ticket.field.product')"/></dt>
          <dd>
            <a href="/products/{@product-id}"><xsl:value-of select="@product-name"/></a>
            <xsl:text> </xsl:text>
            <code><xsl:value-of select="@product-code"/></code>
          </dd>
        </div>
      </xsl:if>
      <xsl:if test="@order-ref">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('ticket.field.order-ref')"/></dt>
          <dd><xsl:value-of select="@order-ref"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@created-by-name">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('ticket.field.created-by')"/></dt>
          <dd><xsl:value-of select="@created-by-name"/></dd>
        </div>
      </xsl:if>
      <xsl:if test="@viewer = 'staff'">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('ticket.field.assignee')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="@assignee-name"><xsl:value-of select="@assignee-name"/></xsl:when>
              <xsl:otherwise><span class="muted"><xsl:value-of select="q:t('ticket.unassigned')"/></span></xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </xsl:if>
      <xsl:call-template name="dl-time">
        <xsl:with-param name="label" select="q:t('ticket.field.created-at')"/>
        <xsl:with-param name="t" select="@created-at"/>
      </xsl:call-template>
      <xsl:call-template name="dl-time">
        <xsl:with-param name="label" select="q:t('ticket.field.respond-by')"/>
        <xsl:with-param name="t" select="@respond-by"/>
        <xsl:with-param name="mark">
          <xsl:choose>
            <xsl:when test="@respond-overdue = 'true'"><xsl:value-of select="q:t('ticket.overdue')"/></xsl:when>
            <xsl:when test="@respond-late = 'true'"><xsl:value-of select="q:t('ticket.late')"/></xsl:when>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="dl-time">
        <xsl:with-param name="label" select="q:t('ticket.field.replied-at')"/>
        <xsl:with-param name="t" select="@replied-at"/>
      </xsl:call-template>
      <xsl:if test="@response-minutes">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('ticket.field.response-time')"/></dt>
          <dd><xsl:call-template name="duration"><xsl:with-param name="m" select="number(@response-minutes)"/></xsl:call-template></dd>
        </div>
      </xsl:if>
      <xsl:call-template name="dl-time">
        <xsl:with-param name="label" select="q:t('ticket.field.resolve-by')"/>
        <xsl:with-param name="t" select="@resolve-by"/>
        <xsl:with-param name="mark">
          <xsl:choose>
            <xsl:when test="@resolve-overdue = 'true'"><xsl:value-of select="q:t('ticket.overdue')"/></xsl:when>
            <xsl:when test="@resolve-late = 'true'"><xsl:value-of select="q:t('ticket.late')"/></xsl:when>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="dl-time">
        <xsl:with-param name="label" select="q:t('ticket.field.resolved-at')"/>
        <xsl:with-param name="t" select="@resolved-at"/>
      </xsl:call-template>
      <xsl:if test="@resolution-minutes">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('ticket.field.resolution-time')"/></dt>
          <dd><xsl:call-template name="duration"><xsl:with-param name="m" select="number(@resolution-minutes)"/></xsl:call-template></dd>
        </div>
      </xsl:if>
    </dl>

    <section class="conversation">
      <h2><xsl:value-of select="q:t('ticket.conversation')"/></h2>
      <ol class="messages-thread">
        <li class="post post-party">
          <p class="post-head">
            <xsl:value-of select="@party-name"/>
            <xsl:text> · </xsl:text>
            <xsl:call-template name="ts"><xsl:with-param name="t" select="@created-at"/></xsl:call-template>
          </p>
          <div class="text"><xsl:value-of select="body"/></div>
        </li>
        <xsl:for-each select="conversation/reply">
          <li id="r{@id}">
            <xsl:attribute name="class">
              <xsl:choose>
                <xsl:when test="@internal = 'true'">post post-internal</xsl:when>
                <xsl:when test="@from = 'party'">post post-party</xsl:when>
                <xsl:otherwise>post post-staff</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <p class="post-head">
              <xsl:value-of select="@user-name"/>
              <xsl:text> · </xsl:text>
              <xsl:call-template name="ts"><xsl:with-param name="t" select="@at"/></xsl:call-template>
              <xsl:if test="@internal = 'true'">
                <xsl:text> </xsl:text>
                <span class="badge internal"><xsl:value-of select="q:t('ticket.internal')"/></span>
              </xsl:if>
            </p>
            <div class="text"><xsl:value-of select="."/></div>
          </li>
        </xsl:for-each>
      </ol>
    </section>

    <xsl:if test="@can-reply = 'true'">
      <section class="reply">
        <h2><xsl:value-of select="q:t('ticket.reply')"/></h2>
        <form class="form form-reply" method="post" action="/tickets/{@id}/reply">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'version'"/>
          </xsl:call-template>
          <div class="field">
            <label for="f-body"><xsl:value-of select="q:t('ticket.field.message')"/></label>
            <textarea id="f-body" name="body" rows="6" maxlength="2000" required="required">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'body'"/>
              </xsl:call-template>
              <xsl:value-of select="draft"/>
            </textarea>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'body'"/>
            </xsl:call-template>
          </div>
          <xsl:if test="@can-note = 'true'">
            <div class="field field-check">
              <input type="checkbox" id="f-internal" name="internal" value="1">
                <xsl:if test="draft/@internal = 'true'">
                  <xsl:attribute name="checked">checked</xsl:attribute>
                </xsl:if>
              </input>
              <label for="f-internal"><xsl:value-of select="q:t('ticket.internal-hint')"/></label>
              <xsl:call-template name="field-errors">
                <xsl:with-param name="name" select="'internal'"/>
              </xsl:call-template>
            </div>
          </xsl:if>
          <div class="form-actions">
            <button type="submit" class="primary"><xsl:value-of select="q:t('ticket.send')"/></button>
          </div>
        </form>
      </section>
    </xsl:if>

    <xsl:if test="@can-assign = 'true'">
      <section class="assign">
        <h2><xsl:value-of select="q:t('ticket.assign')"/></h2>
        <form class="form form-inline" method="post" action="/tickets/{@id}/assign">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="version" value="{@version}"/>
          <div class="field">
            <label for="f-assignee"><xsl:value-of select="q:t('ticket.field.assignee')"/></label>
            <select id="f-assignee" name="assignee" required="required">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'assignee'"/>
              </xsl:call-template>
              <option value=""><xsl:value-of select="q:t('ticket.choose')"/></option>
              <xsl:for-each select="assignees/user">
                <option value="{@id}">
                  <xsl:if test="@id = ../../@assignee-id">
                    <xsl:attribute name="selected">selected</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="@name"/>
                  <xsl:if test="@me = 'true'">
                    <xsl:text> </xsl:text>
                    <xsl:value-of select="q:t('ticket.me')"/>
                  </xsl:if>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'assignee'"/>
            </xsl:call-template>
          </div>
          <button type="submit"><xsl:value-of select="q:t('ticket.assign')"/></button>
        </form>
      </section>
    </xsl:if>

    <xsl:if test="@can-resolve = 'true' or @can-close = 'true' or @can-reopen = 'true'">
      <section class="transitions">
        <h2><xsl:value-of select="q:t('ticket.actions')"/></h2>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'to'"/>
        </xsl:call-template>
        <ul class="actions link-list">
          <xsl:if test="@can-resolve = 'true'">
            <li>
              <xsl:call-template name="status-button">
                <xsl:with-param name="to" select="'resolved'"/>
                <xsl:with-param name="label" select="q:t('ticket.resolve')"/>
              </xsl:call-template>
            </li>
          </xsl:if>
          <xsl:if test="@can-reopen = 'true'">
            <li>
              <xsl:call-template name="status-button">
                <xsl:with-param name="to" select="'open'"/>
                <xsl:with-param name="label" select="q:t('ticket.reopen')"/>
              </xsl:call-template>
            </li>
          </xsl:if>
          <xsl:if test="@can-close = 'true'">
            <li>
              <xsl:call-template name="status-button">
                <xsl:with-param name="to" select="'closed'"/>
                <xsl:with-param name="label" select="q:t('ticket.close')"/>
              </xsl:call-template>
            </li>
          </xsl:if>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A one-button form moving the ticket to $to (a literal). -->
  <xsl:template name="status-button">
    <xsl:param name="to"/>
    <xsl:param name="label"/>
    <form class="form form-inline" method="post" action="/tickets/{@id}/status">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <input type="hidden" name="to" value="{$to}"/>
      <button type="submit"><xsl:value-of select="$label"/></button>
    </form>
  </xsl:template>

  <!-- 409: what was sent and what is there now. -->
  <xsl:template match="ticket/conflict">
    <section class="conflict" aria-labelledby="conflict-h">
      <h2 id="conflict-h"><xsl:value-of select="q:t('ticket.conflict.title')"/></h2>
      <p>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('ticket.conflict.hint')"/>
          <xsl:with-param name="a1" select="@sent-version"/>
          <xsl:with-param name="a2" select="@version"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="status-label"/>
      </p>
    </section>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Opening a ticket                                                 -->
  <!-- ================================================================ -->

  <xsl:template match="page/ticket-form" mode="title">
    <xsl:value-of select="q:t('ticket.new')"/>
  </xsl:template>

  <!-- A text input with its label and messages. -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max"/>
    <xsl:param name="required" select="false()"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="text" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$max}">
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

  <xsl:template match="page/ticket-form" mode="content">
    <p class="back"><a href="/tickets"><xsl:value-of select="q:t('ticket.back')"/></a></p>
    <div class="page-head">
      <h1><xsl:value-of select="q:t('ticket.new')"/></h1>
    </div>
    <form class="form form-ticket" method="post" action="/tickets/new">
      <xsl:call-template name="csrf-field"/>
      <xsl:choose>
        <xsl:when test="@party-choice = 'own'">
          <div class="field">
            <span class="label"><xsl:value-of select="q:t('ticket.field.party')"/></span>
            <p>
              <xsl:value-of select="@own-party-name"/>
              <xsl:text> </xsl:text>
              <code><xsl:value-of select="@own-party-code"/></code>
            </p>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'party'"/>
            </xsl:call-template>
          </div>
        </xsl:when>
        <xsl:when test="@party-choice = 'subtree'">
          <div class="field">
            <label for="f-party"><xsl:value-of select="q:t('ticket.field.party')"/></label>
            <select id="f-party" name="party" required="required">
              <xsl:call-template name="field-aria">
                <xsl:with-param name="name" select="'party'"/>
              </xsl:call-template>
              <xsl:for-each select="party-option">
                <option value="{@code}">
                  <xsl:if test="@code = ../@party">
                    <xsl:attribute name="selected">selected</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="concat(substring('&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;&#xA0;', 1, 3 * @depth), @name, ' (', @code, ')')"/>
                </option>
              </xsl:for-each>
            </select>
            <xsl:call-template name="field-errors">
              <xsl:with-param name="name" select="'party'"/>
            </xsl:call-template>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'party'"/>
            <xsl:with-param name="label" select="q:t('ticket.field.party-code')"/>
            <xsl:with-param name="value" select="@party"/>
            <xsl:with-param name="max" select="40"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('ticket.field.kind')"/></label>
        <select id="f-kind" name="kind" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'kind'"/>
          </xsl:call-template>
          <option value=""><xsl:value-of select="q:t('ticket.choose')"/></option>
          <xsl:call-template name="kind-options">
            <xsl:with-param name="sel" select="@kind"/>
          </xsl:call-template>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'kind'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-priority"><xsl:value-of select="q:t('ticket.field.priority')"/></label>
        <select id="f-priority" name="priority" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'priority'"/>
          </xsl:call-template>
          <xsl:call-template name="priority-options">
            <xsl:with-param name="sel" select="@priority"/>
          </xsl:call-template>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'priority'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'subject'"/>
        <xsl:with-param name="label" select="q:t('ticket.field.subject')"/>
        <xsl:with-param name="value" select="@subject"/>
        <xsl:with-param name="max" select="200"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-body"><xsl:value-of select="q:t('ticket.field.body')"/></label>
        <textarea id="f-body" name="body" rows="8" maxlength="2000" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'body'"/>
          </xsl:call-template>
          <xsl:value-of select="body"/>
        </textarea>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'body'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'product'"/>
        <xsl:with-param name="label" select="q:t('ticket.field.product-code')"/>
        <xsl:with-param name="value" select="@product"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'order_ref'"/>
        <xsl:with-param name="label" select="q:t('ticket.field.order-ref')"/>
        <xsl:with-param name="value" select="@order-ref"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('ticket.submit')"/></button>
        <xsl:text> </xsl:text>
        <a href="/tickets"><xsl:value-of select="q:t('ticket.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
