<?xml version="1.0" encoding="UTF-8"?>
<!--
  ledger.xsl - the account pages (src/modules/ledger.c; documents in
  schema/xsd/ledger.xsd), told apart by the data element:

    <ledger-accounts>     /accounts               search, filters, sort, pages
    <ledger-account>      /accounts/{id}          balances, hold, entries
    <ledger-post-form>    /accounts/{id}/post     post a payment ...
    <ledger-credit-form>  /accounts/{id}/credit   the credit limit
  (or an <error>, rendered by error.xsl).

  Money arrives formatted (*-text); forms post to paths built from ids and
  carry the CSRF token; URLs hold ids, literals chosen with xsl:choose and
  the search text through str:encode-uri only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>

  <!-- ================================================================ -->
  <!-- Labels                                                           -->
  <!-- Where an entry came from: its source type named in the reader's
       language (an unknown one as it is), then the source's id. -->
  <xsl:template name="source-label">
    <xsl:choose>
      <xsl:when test="@source-type = 'manual'"><xsl:value-of select="q:t('ledger.source.manual')"/></xsl:when>
      <xsl:when test="@source-type = 'sellthru'"><xsl:value-of select="q:t('ledger.source.sellthru')"/></xsl:when>
      <xsl:when test="@source-type = 'demo'"><xsl:value-of select="q:t('ledger.source.demo')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@source-type"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="string(@source-id) != ''">
      <xsl:value-of select="concat(' #', @source-id)"/>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->

  <xsl:template name="hold-label">
    <xsl:param name="h" select="@hold"/>
    <xsl:choose>
      <xsl:when test="$h = 'manual'">
        <span class="status status-hold"><xsl:value-of select="q:t('ledger.hold.manual')"/></span>
      </xsl:when>
      <xsl:when test="$h = 'overdue'">
        <span class="status status-hold"><xsl:value-of select="q:t('ledger.hold.overdue')"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="status status-active"><xsl:value-of select="q:t('ledger.hold.none')"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="party-kind">
    <xsl:choose>
      <xsl:when test="@kind = 'agent'"><xsl:value-of select="q:t('ledger.party.agent')"/></xsl:when>
      <xsl:when test="@kind = 'dealer'"><xsl:value-of select="q:t('ledger.party.dealer')"/></xsl:when>
      <xsl:when test="@kind = 'customer'"><xsl:value-of select="q:t('ledger.party.customer')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="entry-kind">
    <xsl:param name="k" select="@kind"/>
    <xsl:choose>
      <xsl:when test="$k = 'receivable'"><xsl:value-of select="q:t('ledger.kind.receivable')"/></xsl:when>
      <xsl:when test="$k = 'payment'"><xsl:value-of select="q:t('ledger.kind.payment')"/></xsl:when>
      <xsl:when test="$k = 'prepayment'"><xsl:value-of select="q:t('ledger.kind.prepayment')"/></xsl:when>
      <xsl:when test="$k = 'prepay_apply'"><xsl:value-of select="q:t('ledger.kind.prepay_apply')"/></xsl:when>
      <xsl:when test="$k = 'rebate'"><xsl:value-of select="q:t('ledger.kind.rebate')"/></xsl:when>
      <xsl:when test="$k = 'credit_note'"><xsl:value-of select="q:t('ledger.kind.credit_note')"/></xsl:when>
      <xsl:when test="$k = 'adjustment'"><xsl:value-of select="q:t('ledger.kind.adjustment')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$k"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="bucket-label">
    <xsl:param name="b" select="@bucket"/>
    <xsl:choose>
      <xsl:when test="$b = 'receivable'"><xsl:value-of select="q:t('ledger.bucket.receivable')"/></xsl:when>
      <xsl:when test="$b = 'prepayment'"><xsl:value-of select="q:t('ledger.bucket.prepayment')"/></xsl:when>
      <xsl:when test="$b = 'rebate'"><xsl:value-of select="q:t('ledger.bucket.rebate')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$b"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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

  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="false()"/>
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

  <!-- The balances of an account as a definition list. -->
  <xsl:template name="balances">
    <dl class="fields balances">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.receivable')"/></dt>
        <dd class="num"><xsl:value-of select="@receivable-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.prepayment')"/></dt>
        <dd class="num"><xsl:value-of select="@prepayment-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.rebate')"/></dt>
        <dd class="num"><xsl:value-of select="@rebate-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.open-orders')"/></dt>
        <dd class="num"><xsl:value-of select="@open-orders-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.exposure')"/></dt>
        <dd class="num"><xsl:value-of select="@exposure-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.limit')"/></dt>
        <dd class="num"><xsl:value-of select="@credit-limit-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.available')"/></dt>
        <dd class="num"><xsl:value-of select="@available-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('ledger.col.hold')"/></dt>
        <dd>
          <xsl:call-template name="hold-label"/>
          <xsl:if test="@hold = 'overdue' and string(@hold-reason) != ''">
            <xsl:text> </xsl:text>
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('ledger.hold.overdue-since')"/>
              <xsl:with-param name="a1" select="@hold-reason"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:if test="@hold = 'manual' and string(@hold-reason) != ''">
            <xsl:text> </xsl:text>
            <xsl:value-of select="@hold-reason"/>
          </xsl:if>
        </dd>
      </div>
    </dl>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The accounts                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/ledger-accounts" mode="title">
    <xsl:value-of select="q:t('ledger.accounts.title')"/>
  </xsl:template>

  <!-- The filters as a query string, each followed by "&". -->
  <xsl:template match="page/ledger-accounts" mode="filters">
    <xsl:if test="string(@q) != ''">
      <xsl:text>q=</xsl:text>
      <xsl:value-of select="str:encode-uri(string(@q), true())"/>
      <xsl:text>&amp;</xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="@hold = 'none'">hold=none&amp;</xsl:when>
      <xsl:when test="@hold = 'manual'">hold=manual&amp;</xsl:when>
      <xsl:when test="@hold = 'overdue'">hold=overdue&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="@over = '1'">over=1&amp;</xsl:if>
  </xsl:template>

  <xsl:template name="acct-sort">
    <xsl:choose>
      <xsl:when test="@sort = 'name'">name</xsl:when>
      <xsl:when test="@sort = 'receivable'">receivable</xsl:when>
      <xsl:when test="@sort = 'exposure'">exposure</xsl:when>
      <xsl:when test="@sort = 'available'">available</xsl:when>
      <xsl:otherwise>code</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A column heading that sorts by $key (a literal). -->
  <xsl:template name="sort-th">
    <xsl:param name="key"/>
    <xsl:param name="label"/>
    <xsl:param name="filters"/>
    <th scope="col">
      <xsl:variable name="dir">
        <xsl:choose>
          <xsl:when test="@sort = $key and @dir = 'asc'">desc</xsl:when>
          <xsl:otherwise>asc</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <a href="/accounts?{$filters}sort={$key}&amp;dir={$dir}">
        <xsl:value-of select="$label"/>
      </a>
    </th>
  </xsl:template>

  <xsl:template match="page/ledger-accounts" mode="content">
    <xsl:variable name="filters">
      <xsl:apply-templates select="." mode="filters"/>
    </xsl:variable>
    <xsl:variable name="sort"><xsl:call-template name="acct-sort"/></xsl:variable>
    <xsl:variable name="dir">
      <xsl:choose>
        <xsl:when test="@dir = 'desc'">desc</xsl:when>
        <xsl:otherwise>asc</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <h1><xsl:value-of select="q:t('ledger.accounts.title')"/></h1>
    <form method="get" action="/accounts" class="filters" role="search">
      <div class="field">
        <label for="f-q"><xsl:value-of select="q:t('ledger.search')"/></label>
        <input type="search" id="f-q" name="q" value="{@q}" maxlength="100"/>
      </div>
      <div class="field">
        <label for="f-hold"><xsl:value-of select="q:t('ledger.col.hold')"/></label>
        <select id="f-hold" name="hold">
          <option value=""><xsl:value-of select="q:t('ledger.all')"/></option>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'none'"/>
            <xsl:with-param name="label" select="q:t('ledger.hold.none')"/>
            <xsl:with-param name="sel" select="@hold"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'manual'"/>
            <xsl:with-param name="label" select="q:t('ledger.hold.manual')"/>
            <xsl:with-param name="sel" select="@hold"/>
          </xsl:call-template>
          <xsl:call-template name="option">
            <xsl:with-param name="v" select="'overdue'"/>
            <xsl:with-param name="label" select="q:t('ledger.hold.overdue')"/>
            <xsl:with-param name="sel" select="@hold"/>
          </xsl:call-template>
        </select>
      </div>
      <div class="field check">
        <input type="checkbox" id="f-over" name="over" value="1">
          <xsl:if test="@over = '1'">
            <xsl:attribute name="checked">checked</xsl:attribute>
          </xsl:if>
        </input>
        <label for="f-over"><xsl:value-of select="q:t('ledger.over-limit')"/></label>
      </div>
      <input type="hidden" name="sort" value="{$sort}"/>
      <input type="hidden" name="dir" value="{$dir}"/>
      <button type="submit"><xsl:value-of select="q:t('ledger.filter')"/></button>
    </form>
    <p class="muted">
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('ledger.shown')"/>
        <xsl:with-param name="a1" select="@first"/>
        <xsl:with-param name="a2" select="@last"/>
        <xsl:with-param name="a3" select="@total"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <a href="/accounts.csv?{$filters}sort={$sort}&amp;dir={$dir}">
        <xsl:value-of select="q:t('ledger.csv')"/>
      </a>
    </p>
    <xsl:choose>
      <xsl:when test="account">
        <div class="table-wrap" role="region" tabindex="0"
            aria-label="{q:t('ledger.accounts.title')}">
          <table class="list">
            <thead>
              <tr>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'code'"/>
                  <xsl:with-param name="label" select="q:t('ledger.col.code')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'name'"/>
                  <xsl:with-param name="label" select="q:t('ledger.col.name')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('ledger.col.kind')"/></th>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'receivable'"/>
                  <xsl:with-param name="label" select="q:t('ledger.col.receivable')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('ledger.col.prepayment')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ledger.col.rebate')"/></th>
                <th scope="col"><xsl:value-of select="q:t('ledger.col.limit')"/></th>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'exposure'"/>
                  <xsl:with-param name="label" select="q:t('ledger.col.exposure')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <xsl:call-template name="sort-th">
                  <xsl:with-param name="key" select="'available'"/>
                  <xsl:with-param name="label" select="q:t('ledger.col.available')"/>
                  <xsl:with-param name="filters" select="$filters"/>
                </xsl:call-template>
                <th scope="col"><xsl:value-of select="q:t('ledger.col.hold')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="account">
                <tr>
                  <xsl:if test="@over = 'true'">
                    <xsl:attribute name="class">over-limit</xsl:attribute>
                  </xsl:if>
                  <td><a href="/accounts/{string(@party-id)}"><xsl:value-of select="@code"/></a></td>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:call-template name="party-kind"/></td>
                  <td class="num"><xsl:value-of select="@receivable-text"/></td>
                  <td class="num"><xsl:value-of select="@prepayment-text"/></td>
                  <td class="num"><xsl:value-of select="@rebate-text"/></td>
                  <td class="num"><xsl:value-of select="@credit-limit-text"/></td>
                  <td class="num"><xsl:value-of select="@exposure-text"/></td>
                  <td class="num"><xsl:value-of select="@available-text"/></td>
                  <td><xsl:call-template name="hold-label"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:call-template name="pager">
          <xsl:with-param name="base" select="concat('/accounts?', $filters, 'sort=', $sort, '&amp;dir=', $dir, '&amp;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('ledger.accounts.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Previous / next page links; $base ends in "?" or "&". -->
  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:if test="number(@pages) &gt; 1">
      <nav class="pager" aria-label="{q:t('ledger.pages')}">
        <xsl:if test="number(@page) &gt; 1">
          <a href="{$base}page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('ledger.prev')"/></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('ledger.page-of')"/>
          <xsl:with-param name="a1" select="@page"/>
          <xsl:with-param name="a2" select="@pages"/>
        </xsl:call-template>
        <xsl:if test="number(@page) &lt; number(@pages)">
          <xsl:text> </xsl:text>
          <a href="{$base}page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('ledger.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One account                                                      -->
  <!-- ================================================================ -->

  <xsl:template match="page/ledger-account" mode="title">
    <xsl:value-of select="concat(@code, ' ', @name)"/>
  </xsl:template>

  <xsl:template match="page/ledger-account" mode="content">
    <xsl:variable name="id" select="string(@party-id)"/>
    <xsl:variable name="filters">
      <xsl:call-template name="entry-filters"/>
    </xsl:variable>
    <p><a href="/accounts"><xsl:value-of select="q:t('ledger.back')"/></a></p>
    <h1>
      <xsl:value-of select="concat(@code, ' ', @name)"/>
      <xsl:text> </xsl:text>
      <span class="muted"><xsl:call-template name="party-kind"/></span>
    </h1>
    <xsl:call-template name="balances"/>
    <p class="actions">
      <xsl:if test="@can-post = 'true'">
        <a href="/accounts/{$id}/post"><xsl:value-of select="q:t('ledger.post.link')"/></a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="@can-credit = 'true'">
        <a href="/accounts/{$id}/credit"><xsl:value-of select="q:t('ledger.credit.link')"/></a>
      </xsl:if>
    </p>
    <xsl:if test="@can-credit = 'true'">
      <section class="hold">
        <h2><xsl:value-of select="q:t('ledger.hold.title')"/></h2>
        <form method="post" action="/accounts/{$id}/hold">
          <xsl:call-template name="csrf-field"/>
          <xsl:call-template name="text-field">
            <xsl:with-param name="name" select="'reason'"/>
            <xsl:with-param name="label" select="q:t('ledger.hold.reason')"/>
            <xsl:with-param name="max" select="200"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <button type="submit"><xsl:value-of select="q:t('ledger.hold.put')"/></button>
        </form>
        <xsl:if test="@hold != 'none'">
          <form method="post" action="/accounts/{$id}/release">
            <xsl:call-template name="csrf-field"/>
            <button type="submit"><xsl:value-of select="q:t('ledger.hold.release')"/></button>
          </form>
        </xsl:if>
      </section>
    </xsl:if>
    <section class="entries">
      <h2><xsl:value-of select="q:t('ledger.entries.title')"/></h2>
      <form method="get" action="/accounts/{$id}" class="filters">
        <div class="field">
          <label for="f-kind"><xsl:value-of select="q:t('ledger.col.kind')"/></label>
          <select id="f-kind" name="kind">
            <option value=""><xsl:value-of select="q:t('ledger.all')"/></option>
            <xsl:call-template name="kind-options">
              <xsl:with-param name="sel" select="@filter-kind"/>
              <xsl:with-param name="all" select="true()"/>
            </xsl:call-template>
          </select>
        </div>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'from'"/>
          <xsl:with-param name="label" select="q:t('ledger.from')"/>
          <xsl:with-param name="value" select="@from"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'to'"/>
          <xsl:with-param name="label" select="q:t('ledger.to')"/>
          <xsl:with-param name="value" select="@to"/>
          <xsl:with-param name="type" select="'date'"/>
        </xsl:call-template>
        <button type="submit"><xsl:value-of select="q:t('ledger.filter')"/></button>
      </form>
      <p class="muted">
        <a href="/accounts/{$id}.csv?{$filters}"><xsl:value-of select="q:t('ledger.csv')"/></a>
      </p>
      <xsl:choose>
        <xsl:when test="entry">
          <div class="table-wrap" role="region" tabindex="0"
              aria-label="{q:t('ledger.entries.title')}">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.entry-on')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.kind')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.bucket')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.amount')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.balance')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.due-on')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.source')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.note')"/></th>
                  <th scope="col"><xsl:value-of select="q:t('ledger.col.user')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="entry">
                  <tr>
                    <td><xsl:value-of select="@entry-on"/></td>
                    <td><xsl:call-template name="entry-kind"/></td>
                    <td><xsl:call-template name="bucket-label"/></td>
                    <td class="num"><xsl:value-of select="@amount-text"/></td>
                    <td class="num"><xsl:value-of select="@balance-text"/></td>
                    <td><xsl:value-of select="@due-on"/></td>
                    <td><xsl:call-template name="source-label"/></td>
                    <td><xsl:value-of select="@note"/></td>
                    <td><xsl:value-of select="@login"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:call-template name="pager">
            <xsl:with-param name="base" select="concat('/accounts/', $id, '?', $filters)"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <p class="muted"><xsl:value-of select="q:t('ledger.entries.empty')"/></p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- The entry filters as a query string, each followed by "&": the kind
       chosen from literals, dates as digits and dashes only. -->
  <xsl:template name="entry-filters">
    <xsl:choose>
      <xsl:when test="@filter-kind = 'receivable'">kind=receivable&amp;</xsl:when>
      <xsl:when test="@filter-kind = 'payment'">kind=payment&amp;</xsl:when>
      <xsl:when test="@filter-kind = 'prepayment'">kind=prepayment&amp;</xsl:when>
      <xsl:when test="@filter-kind = 'prepay_apply'">kind=prepay_apply&amp;</xsl:when>
      <xsl:when test="@filter-kind = 'rebate'">kind=rebate&amp;</xsl:when>
      <xsl:when test="@filter-kind = 'credit_note'">kind=credit_note&amp;</xsl:when>
      <xsl:when test="@filter-kind = 'adjustment'">kind=adjustment&amp;</xsl:when>
    </xsl:choose>
    <xsl:if test="string(@from) != ''">
      <xsl:value-of select="concat('from=', translate(@from, translate(@from, '0123456789-', ''), ''), '&amp;')"/>
    </xsl:if>
    <xsl:if test="string(@to) != ''">
      <xsl:value-of select="concat('to=', translate(@to, translate(@to, '0123456789-', ''), ''), '&amp;')"/>
    </xsl:if>
  </xsl:template>

  <!-- Options of the entry kinds ($all: also those only other modules
       post). -->
  <xsl:template name="kind-options">
    <xsl:param name="sel"/>
    <xsl:param name="all" select="false()"/>
    <xsl:if test="$all">
      <xsl:call-template name="option">
        <xsl:with-param name="v" select="'receivable'"/>
        <xsl:with-param name="label" select="q:t('ledger.kind.receivable')"/>
        <xsl:with-param name="sel" select="$sel"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'payment'"/>
      <xsl:with-param name="label" select="q:t('ledger.kind.payment')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'prepayment'"/>
      <xsl:with-param name="label" select="q:t('ledger.kind.prepayment')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'prepay_apply'"/>
      <xsl:with-param name="label" select="q:t('ledger.kind.prepay_apply')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:if test="$all">
      <xsl:call-template name="option">
        <xsl:with-param name="v" select="'rebate'"/>
        <xsl:with-param name="label" select="q:t('ledger.kind.rebate')"/>
        <xsl:with-param name="sel" select="$sel"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'credit_note'"/>
      <xsl:with-param name="label" select="q:t('ledger.kind.credit_note')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
    <xsl:call-template name="option">
      <xsl:with-param name="v" select="'adjustment'"/>
      <xsl:with-param name="label" select="q:t('ledger.kind.adjustment')"/>
      <xsl:with-param name="sel" select="$sel"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Posting                                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/ledger-post-form" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('ledger.post.title')"/>
      <xsl:with-param name="a1" select="@code"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/ledger-post-form" mode="content">
    <xsl:variable name="id" select="string(@party-id)"/>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('ledger.post.title')"/>
        <xsl:with-param name="a1" select="concat(@code, ' ', @name)"/>
      </xsl:call-template>
    </h1>
    <xsl:call-template name="balances"/>
    <form method="post" action="/accounts/{$id}/post" class="form">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="source" value="{number(@source)}"/>
      <div class="field">
        <label for="f-kind"><xsl:value-of select="q:t('ledger.col.kind')"/></label>
        <select id="f-kind" name="kind" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'kind'"/>
          </xsl:call-template>
          <xsl:call-template name="kind-options">
            <xsl:with-param name="sel" select="@post-kind"/>
          </xsl:call-template>
        </select>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'kind'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'amount'"/>
        <xsl:with-param name="label" select="q:t('ledger.col.amount')"/>
        <xsl:with-param name="value" select="@amount"/>
        <xsl:with-param name="max" select="30"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'entry_on'"/>
        <xsl:with-param name="label" select="q:t('ledger.col.entry-on')"/>
        <xsl:with-param name="value" select="@entry-on"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <fieldset>
        <legend><xsl:value-of select="q:t('ledger.post.adjustment')"/></legend>
        <div class="field">
          <label for="f-bucket"><xsl:value-of select="q:t('ledger.col.bucket')"/></label>
          <select id="f-bucket" name="bucket">
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'receivable'"/>
              <xsl:with-param name="label" select="q:t('ledger.bucket.receivable')"/>
              <xsl:with-param name="sel" select="@bucket"/>
            </xsl:call-template>
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'prepayment'"/>
              <xsl:with-param name="label" select="q:t('ledger.bucket.prepayment')"/>
              <xsl:with-param name="sel" select="@bucket"/>
            </xsl:call-template>
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'rebate'"/>
              <xsl:with-param name="label" select="q:t('ledger.bucket.rebate')"/>
              <xsl:with-param name="sel" select="@bucket"/>
            </xsl:call-template>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'bucket'"/>
          </xsl:call-template>
        </div>
        <div class="field">
          <label for="f-direction"><xsl:value-of select="q:t('ledger.direction')"/></label>
          <select id="f-direction" name="direction">
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'up'"/>
              <xsl:with-param name="label" select="q:t('ledger.direction.up')"/>
              <xsl:with-param name="sel" select="@direction"/>
            </xsl:call-template>
            <xsl:call-template name="option">
              <xsl:with-param name="v" select="'down'"/>
              <xsl:with-param name="label" select="q:t('ledger.direction.down')"/>
              <xsl:with-param name="sel" select="@direction"/>
            </xsl:call-template>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'direction'"/>
          </xsl:call-template>
        </div>
      </fieldset>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label" select="q:t('ledger.col.note')"/>
        <xsl:with-param name="value" select="@note"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('ledger.post.submit')"/></button>
        <xsl:text> </xsl:text>
        <a href="/accounts/{$id}"><xsl:value-of select="q:t('ledger.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Credit limit                                                     -->
  <!-- ================================================================ -->

  <xsl:template match="page/ledger-credit-form" mode="title">
    <xsl:call-template name="fmt">
      <xsl:with-param name="s" select="q:t('ledger.credit.title')"/>
      <xsl:with-param name="a1" select="@code"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page/ledger-credit-form" mode="content">
    <xsl:variable name="id" select="string(@party-id)"/>
    <h1>
      <xsl:call-template name="fmt">
        <xsl:with-param name="s" select="q:t('ledger.credit.title')"/>
        <xsl:with-param name="a1" select="concat(@code, ' ', @name)"/>
      </xsl:call-template>
    </h1>
    <xsl:if test="conflict">
      <section class="conflict" aria-labelledby="conflict-h">
        <h2 id="conflict-h"><xsl:value-of select="q:t('ledger.conflict.title')"/></h2>
        <p>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('ledger.conflict.saved')"/>
            <xsl:with-param name="a1" select="conflict/@credit-limit-text"/>
          </xsl:call-template>
        </p>
      </section>
    </xsl:if>
    <p>
      <xsl:value-of select="q:t('ledger.col.exposure')"/>
      <xsl:text>: </xsl:text>
      <xsl:value-of select="@exposure-text"/>
    </p>
    <form method="post" action="/accounts/{$id}/credit" class="form">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="version" value="{@version}"/>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'credit_limit'"/>
        <xsl:with-param name="label" select="q:t('ledger.col.limit')"/>
        <xsl:with-param name="value">
          <xsl:choose>
            <xsl:when test="@limit-input"><xsl:value-of select="@limit-input"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@credit-limit-text"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="max" select="30"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="'version'"/>
      </xsl:call-template>
      <div class="form-actions">
        <button type="submit" class="primary"><xsl:value-of select="q:t('ledger.save')"/></button>
        <xsl:text> </xsl:text>
        <a href="/accounts/{$id}"><xsl:value-of select="q:t('ledger.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
