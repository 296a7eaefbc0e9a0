<?xml version="1.0" encoding="UTF-8"?>
<!--
  promo.xsl - the promotion pages (src/modules/promo.c; documents in
  schema/xsd/promo.xsd), told apart by the data element:

    <promotions>     /promotions            the list, filters, CSV link
    <promotion>      /promotions/{id}       one promotion; with
                                            <promo-form> the edit form
    <promotion-new>  /promotions/new        the form of a new one
    <promo-try>      /promotions/try        the engine tried on lines
  (or an <error>, rendered by error.xsl).

  Money arrives formatted (*-text); forms post to paths built from ids and
  carry the CSRF token; typed text goes into URLs through str:encode-uri.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="explain.xsl"/>

  <!-- A label of an enumerated value: promo.<group>.<value> (literal
       keys, so that check-i18n sees them). -->

  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input type="{$type}" id="f-{$name}" name="{$name}" value="{$value}">
        <xsl:if test="string($max) != ''">
          <xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute>
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

  <xsl:template name="area-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <textarea id="f-{$name}" name="{$name}" rows="4" cols="40">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
        </xsl:call-template>
        <xsl:value-of select="$value"/>
      </textarea>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="select-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="group"/>
    <xsl:param name="values"/>
    <xsl:param name="value"/>
    <xsl:param name="empty" select="false()"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <select id="f-{$name}" name="{$name}">
        <xsl:call-template name="field-aria">
          <xsl:with-param name="name" select="$name"/>
        </xsl:call-template>
        <xsl:if test="$empty">
          <option value=""><xsl:value-of select="q:t('promo.none')"/></option>
        </xsl:if>
        <xsl:for-each select="str:tokenize($values, ' ')">
          <xsl:variable name="v" select="string(.)"/>
          <option value="{$v}">
            <xsl:if test="$v = string($value)">
              <xsl:attribute name="selected">selected</xsl:attribute>
            </xsl:if>
            <xsl:call-template name="promo-label">
              <xsl:with-param name="group" select="$group"/>
              <xsl:with-param name="v" select="$v"/>
            </xsl:call-template>
          </option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-errors">
        <xsl:with-param name="name" select="$name"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- What a promotion gives, in one line. -->
  <xsl:template name="what">
    <xsl:call-template name="promo-label">
      <xsl:with-param name="group" select="'kind'"/>
      <xsl:with-param name="v" select="@kind"/>
    </xsl:call-template>
    <xsl:text>: </xsl:text>
    <xsl:choose>
      <xsl:when test="@kind = 'percent'"><xsl:value-of select="concat(@discount-text, ' %')"/></xsl:when>
      <xsl:when test="@kind = 'amount'"><xsl:value-of select="@amount-text"/></xsl:when>
      <xsl:when test="@kind = 'buy_get'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('promo.buy-get')"/>
          <xsl:with-param name="a1" select="@buy-qty"/>
          <xsl:with-param name="a2" select="@get-qty"/>
          <xsl:with-param name="a3" select="@gift-code"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="@kind = 'spend_gift'">
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('promo.spend-gift')"/>
          <xsl:with-param name="a1" select="@spend-text"/>
          <xsl:with-param name="a2" select="@gift-qty"/>
          <xsl:with-param name="a3" select="@gift-code"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="promo-label">
          <xsl:with-param name="group" select="'tier-on'"/>
          <xsl:with-param name="v" select="@tier-on"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@product-code or @category-code">
      <xsl:text> / </xsl:text>
      <xsl:value-of select="@product-code"/>
      <xsl:value-of select="@category-code"/>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The list                                                         -->
  <!-- ================================================================ -->

  <xsl:template match="page/promotions" mode="title">
    <xsl:value-of select="q:t('promo.list.title')"/>
  </xsl:template>

  <xsl:template match="page/promotions" mode="content">
    <h1><xsl:value-of select="q:t('promo.list.title')"/></h1>
    <p>
      <xsl:if test="@can-edit = 'true'">
        <a href="/promotions/new"><xsl:value-of select="q:t('promo.new')"/></a>
        <xsl:text> · </xsl:text>
      </xsl:if>
      <a href="/promotions/try"><xsl:value-of select="q:t('promo.try.title')"/></a>
    </p>
    <form method="get" action="/promotions" class="filters">
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'q'"/>
        <xsl:with-param name="label" select="q:t('promo.search')"/>
        <xsl:with-param name="value" select="@q"/>
        <xsl:with-param name="max" select="100"/>
      </xsl:call-template>
      <xsl:call-template name="select-field">
        <xsl:with-param name="name" select="'status'"/>
        <xsl:with-param name="label" select="q:t('promo.col.status')"/>
        <xsl:with-param name="group" select="'status'"/>
        <xsl:with-param name="values" select="'draft active ended'"/>
        <xsl:with-param name="value" select="@status"/>
        <xsl:with-param name="empty" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="select-field">
        <xsl:with-param name="name" select="'kind'"/>
        <xsl:with-param name="label" select="q:t('promo.col.kind')"/>
        <xsl:with-param name="group" select="'kind'"/>
        <xsl:with-param name="values" select="'percent amount buy_get spend_gift tiered'"/>
        <xsl:with-param name="value" select="@kind"/>
        <xsl:with-param name="empty" select="true()"/>
      </xsl:call-template>
      <button type="submit"><xsl:value-of select="q:t('promo.filter')"/></button>
      <xsl:text> </xsl:text>
      <a href="/promotions.csv?q={str:encode-uri(@q, true())}&amp;status={@status}&amp;kind={@kind}">CSV</a>
    </form>
    <xsl:choose>
      <xsl:when test="promotion">
        <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('promo.list.title')}">
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('promo.col.code')"/></th>
                <th scope="col"><xsl:value-of select="q:t('promo.col.name')"/></th>
                <th scope="col"><xsl:value-of select="q:t('promo.col.what')"/></th>
                <th scope="col"><xsl:value-of select="q:t('promo.col.valid')"/></th>
                <th scope="col"><xsl:value-of select="q:t('promo.col.status')"/></th>
                <th scope="col"><xsl:value-of select="q:t('promo.col.stacking')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="promotion">
                <tr>
                  <td><a href="/promotions/{string(@id)}"><xsl:value-of select="@code"/></a></td>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:call-template name="what"/></td>
                  <td><xsl:value-of select="concat(@valid-from, ' – ', @valid-to)"/></td>
                  <td>
                    <xsl:call-template name="promo-label">
                      <xsl:with-param name="group" select="'status'"/>
                      <xsl:with-param name="v" select="@status"/>
                    </xsl:call-template>
                  </td>
                  <td>
                    <xsl:call-template name="promo-label">
                      <xsl:with-param name="group" select="'stacking'"/>
                      <xsl:with-param name="v" select="@stacking"/>
                    </xsl:call-template>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <xsl:if test="number(@pages) &gt; 1">
          <nav class="pager" aria-label="{q:t('promo.pages')}">
            <xsl:if test="number(@page) &gt; 1">
              <a href="/promotions?q={str:encode-uri(@q, true())}&amp;status={@status}&amp;kind={@kind}&amp;page={number(@page) - 1}" rel="prev"><xsl:value-of select="q:t('promo.prev')"/></a>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:if test="number(@page) &lt; number(@pages)">
              <a href="/promotions?q={str:encode-uri(@q, true())}&amp;status={@status}&amp;kind={@kind}&amp;page={number(@page) + 1}" rel="next"><xsl:value-of select="q:t('promo.next')"/></a>
            </xsl:if>
          </nav>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="muted"><xsl:value-of select="q:t('promo.list.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- One promotion                                                    -->
  <!-- ================================================================ -->

  <xsl:template match="page/promotion" mode="title">
    <xsl:value-of select="concat(q:t('promo.title'), ' ', @code)"/>
  </xsl:template>

  <xsl:template match="page/promotion" mode="content">
    <xsl:variable name="id" select="string(@id)"/>
    <p><a href="/promotions"><xsl:value-of select="q:t('promo.back')"/></a></p>
    <h1><xsl:value-of select="concat(@code, ' ', @name)"/></h1>
    <xsl:choose>
      <xsl:when test="promo-form">
        <xsl:apply-templates select="promo-form">
          <xsl:with-param name="action" select="concat('/promotions/', $id, '/edit')"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <dl class="facts">
          <dt><xsl:value-of select="q:t('promo.col.what')"/></dt>
          <dd><xsl:call-template name="what"/></dd>
          <dt><xsl:value-of select="q:t('promo.col.status')"/></dt>
          <dd>
            <xsl:call-template name="promo-label">
              <xsl:with-param name="group" select="'status'"/>
              <xsl:with-param name="v" select="@status"/>
            </xsl:call-template>
          </dd>
          <dt><xsl:value-of select="q:t('promo.col.valid')"/></dt>
          <dd><xsl:value-of select="concat(@valid-from, ' – ', @valid-to)"/></dd>
          <dt><xsl:value-of select="q:t('promo.col.stacking')"/></dt>
          <dd>
            <xsl:call-template name="promo-label">
              <xsl:with-param name="group" select="'stacking'"/>
              <xsl:with-param name="v" select="@stacking"/>
            </xsl:call-template>
            <xsl:value-of select="concat(' (', q:t('promo.col.priority'), ' ', @priority, ')')"/>
          </dd>
          <dt><xsl:value-of select="q:t('promo.col.target')"/></dt>
          <dd>
            <xsl:call-template name="promo-label">
              <xsl:with-param name="group" select="'target'"/>
              <xsl:with-param name="v" select="@target"/>
            </xsl:call-template>
            <xsl:for-each select="target">
              <xsl:value-of select="concat(' ', @code, ' ', @name)"/>
              <xsl:if test="position() != last()">,</xsl:if>
            </xsl:for-each>
            <xsl:if test="@hidden-targets">
              <xsl:text> </xsl:text>
              <span class="hint">
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('promo.hidden-targets')"/>
                  <xsl:with-param name="a1" select="@hidden-targets"/>
                </xsl:call-template>
              </span>
            </xsl:if>
          </dd>
          <dt><xsl:value-of select="q:t('promo.usage')"/></dt>
          <dd>
            <xsl:value-of select="@used-amount-text"/>
            <xsl:if test="@cap-amount-text"><xsl:value-of select="concat(' / ', @cap-amount-text)"/></xsl:if>
            <xsl:text>; </xsl:text>
            <xsl:value-of select="concat(q:t('promo.gift-units'), ' ', @used-gift-qty)"/>
            <xsl:if test="@cap-gift-qty"><xsl:value-of select="concat(' / ', @cap-gift-qty)"/></xsl:if>
          </dd>
          <xsl:if test="@note">
            <dt><xsl:value-of select="q:t('promo.col.note')"/></dt>
            <dd><xsl:value-of select="@note"/></dd>
          </xsl:if>
        </dl>
        <xsl:if test="tier">
          <h2><xsl:value-of select="q:t('promo.tiers')"/></h2>
          <table class="list">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="q:t('promo.threshold')"/></th>
                <th scope="col"><xsl:value-of select="q:t('promo.col.discount')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="tier">
                <tr>
                  <td class="num"><xsl:value-of select="@threshold-text"/></td>
                  <td class="num"><xsl:value-of select="concat(@discount-text, ' %')"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:if>
        <xsl:if test="@can-edit = 'true' and @status != 'ended'">
          <p>
            <a href="/promotions/{$id}/edit"><xsl:value-of select="q:t('promo.edit')"/></a>
          </p>
          <form method="post" action="/promotions/{$id}/status" class="inline">
            <xsl:call-template name="csrf-field"/>
            <input type="hidden" name="version" value="{@version}"/>
            <xsl:if test="@status = 'draft'">
              <button type="submit" name="action" value="activate"><xsl:value-of select="q:t('promo.activate')"/></button>
              <xsl:text> </xsl:text>
            </xsl:if>
            <button type="submit" name="action" value="end"><xsl:value-of select="q:t('promo.end')"/></button>
          </form>
        </xsl:if>
        <xsl:if test="history/entry">
          <h2><xsl:value-of select="q:t('promo.history')"/></h2>
          <ul>
            <xsl:for-each select="history/entry">
              <li><xsl:value-of select="concat(@at, ' ', @login, ' ', @action, ' ', @detail)"/></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The form (new and edit)                                          -->
  <!-- ================================================================ -->

  <xsl:template match="page/promotion-new" mode="title">
    <xsl:value-of select="q:t('promo.new')"/>
  </xsl:template>

  <xsl:template match="page/promotion-new" mode="content">
    <p><a href="/promotions"><xsl:value-of select="q:t('promo.back')"/></a></p>
    <h1><xsl:value-of select="q:t('promo.new')"/></h1>
    <xsl:apply-templates select="promo-form">
      <xsl:with-param name="action" select="'/promotions/new'"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="promo-form">
    <xsl:param name="action"/>
    <xsl:variable name="f" select="."/>
    <xsl:if test="conflict">
      <p class="msg-warning"><xsl:value-of select="q:t('promo.conflict')"/></p>
    </xsl:if>
    <form method="post" action="{$action}">
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="../@version">
        <input type="hidden" name="version">
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="conflict"><xsl:value-of select="conflict/@version"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="@version"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </input>
      </xsl:if>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'code'"/>
        <xsl:with-param name="label" select="q:t('promo.col.code')"/>
        <xsl:with-param name="value" select="$f/@code"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="q:t('promo.col.name')"/>
        <xsl:with-param name="value" select="$f/@name"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <xsl:call-template name="select-field">
        <xsl:with-param name="name" select="'kind'"/>
        <xsl:with-param name="label" select="q:t('promo.col.kind')"/>
        <xsl:with-param name="group" select="'kind'"/>
        <xsl:with-param name="values" select="'percent amount buy_get spend_gift tiered'"/>
        <xsl:with-param name="value" select="$f/@kind"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'product'"/>
        <xsl:with-param name="label" select="q:t('promo.product-code')"/>
        <xsl:with-param name="value" select="$f/@product"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'category'"/>
        <xsl:with-param name="label" select="q:t('promo.category-code')"/>
        <xsl:with-param name="value" select="$f/@category"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'discount'"/>
        <xsl:with-param name="label" select="q:t('promo.discount-percent')"/>
        <xsl:with-param name="value" select="$f/@discount"/>
        <xsl:with-param name="max" select="10"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'amount'"/>
        <xsl:with-param name="label" select="q:t('promo.amount-off')"/>
        <xsl:with-param name="value" select="$f/@amount"/>
        <xsl:with-param name="max" select="30"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'buy_qty'"/>
        <xsl:with-param name="label" select="q:t('promo.buy-qty')"/>
        <xsl:with-param name="value" select="$f/@buy-qty"/>
        <xsl:with-param name="max" select="12"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'get_qty'"/>
        <xsl:with-param name="label" select="q:t('promo.get-qty')"/>
        <xsl:with-param name="value" select="$f/@get-qty"/>
        <xsl:with-param name="max" select="12"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'spend'"/>
        <xsl:with-param name="label" select="q:t('promo.spend')"/>
        <xsl:with-param name="value" select="$f/@spend"/>
        <xsl:with-param name="max" select="30"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'gift'"/>
        <xsl:with-param name="label" select="q:t('promo.gift-code')"/>
        <xsl:with-param name="value" select="$f/@gift"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'gift_qty'"/>
        <xsl:with-param name="label" select="q:t('promo.gift-qty')"/>
        <xsl:with-param name="value" select="$f/@gift-qty"/>
        <xsl:with-param name="max" select="12"/>
      </xsl:call-template>
      <xsl:call-template name="select-field">
        <xsl:with-param name="name" select="'tier_on'"/>
        <xsl:with-param name="label" select="q:t('promo.tier-on')"/>
        <xsl:with-param name="group" select="'tier-on'"/>
        <xsl:with-param name="values" select="'qty amount'"/>
        <xsl:with-param name="value" select="$f/@tier-on"/>
        <xsl:with-param name="empty" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="area-field">
        <xsl:with-param name="name" select="'tiers'"/>
        <xsl:with-param name="label" select="q:t('promo.tiers-hint')"/>
        <xsl:with-param name="value" select="$f/@tiers"/>
      </xsl:call-template>
      <xsl:call-template name="select-field">
        <xsl:with-param name="name" select="'target'"/>
        <xsl:with-param name="label" select="q:t('promo.col.target')"/>
        <xsl:with-param name="group" select="'target'"/>
        <xsl:with-param name="values" select="'all grades regions subtrees customers'"/>
        <xsl:with-param name="value" select="$f/@target"/>
      </xsl:call-template>
      <xsl:call-template name="area-field">
        <xsl:with-param name="name" select="'targets'"/>
        <xsl:with-param name="label" select="q:t('promo.targets-hint')"/>
        <xsl:with-param name="value" select="$f/@targets"/>
      </xsl:call-template>
      <xsl:call-template name="select-field">
        <xsl:with-param name="name" select="'stacking'"/>
        <xsl:with-param name="label" select="q:t('promo.col.stacking')"/>
        <xsl:with-param name="group" select="'stacking'"/>
        <xsl:with-param name="values" select="'exclusive combinable'"/>
        <xsl:with-param name="value" select="$f/@stacking"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'priority'"/>
        <xsl:with-param name="label" select="q:t('promo.col.priority')"/>
        <xsl:with-param name="value" select="$f/@priority"/>
        <xsl:with-param name="max" select="6"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'valid_from'"/>
        <xsl:with-param name="label" select="q:t('promo.valid-from')"/>
        <xsl:with-param name="value" select="$f/@valid-from"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'valid_to'"/>
        <xsl:with-param name="label" select="q:t('promo.valid-to')"/>
        <xsl:with-param name="value" select="$f/@valid-to"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'cap_amount'"/>
        <xsl:with-param name="label" select="q:t('promo.cap-amount')"/>
        <xsl:with-param name="value" select="$f/@cap-amount"/>
        <xsl:with-param name="max" select="30"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'cap_gift_qty'"/>
        <xsl:with-param name="label" select="q:t('promo.cap-gift-qty')"/>
        <xsl:with-param name="value" select="$f/@cap-gift-qty"/>
        <xsl:with-param name="max" select="12"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label" select="q:t('promo.col.note')"/>
        <xsl:with-param name="value" select="$f/@note"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <button type="submit"><xsl:value-of select="q:t('promo.save')"/></button>
    </form>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Try it                                                           -->
  <!-- ================================================================ -->

  <xsl:template match="page/promo-try" mode="title">
    <xsl:value-of select="q:t('promo.try.title')"/>
  </xsl:template>

  <xsl:template match="page/promo-try" mode="content">
    <p><a href="/promotions"><xsl:value-of select="q:t('promo.back')"/></a></p>
    <h1><xsl:value-of select="q:t('promo.try.title')"/></h1>
    <form method="get" action="/promotions/try">
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'customer'"/>
        <xsl:with-param name="label" select="q:t('promo.customer-code')"/>
        <xsl:with-param name="value" select="@customer"/>
        <xsl:with-param name="max" select="40"/>
      </xsl:call-template>
      <xsl:call-template name="area-field">
        <xsl:with-param name="name" select="'lines'"/>
        <xsl:with-param name="label" select="q:t('promo.try.lines')"/>
        <xsl:with-param name="value" select="@lines"/>
      </xsl:call-template>
      <xsl:call-template name="text-field">
        <xsl:with-param name="name" select="'date'"/>
        <xsl:with-param name="label" select="q:t('promo.date')"/>
        <xsl:with-param name="value" select="@date"/>
        <xsl:with-param name="type" select="'date'"/>
      </xsl:call-template>
      <button type="submit"><xsl:value-of select="q:t('promo.try.go')"/></button>
    </form>
    <xsl:for-each select="result">
      <p>
        <xsl:call-template name="fmt">
          <xsl:with-param name="s" select="q:t('promo.try.answer')"/>
          <xsl:with-param name="a1" select="@discount-text"/>
          <xsl:with-param name="a2" select="@gift-value-text"/>
        </xsl:call-template>
      </p>
      <table class="list">
        <caption><xsl:value-of select="q:t('promo.try.lines-title')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('promo.product-code')"/></th>
            <th scope="col"><xsl:value-of select="q:t('promo.qty')"/></th>
            <th scope="col"><xsl:value-of select="q:t('promo.unit-price')"/></th>
            <th scope="col"><xsl:value-of select="q:t('promo.net-price')"/></th>
            <th scope="col"><xsl:value-of select="q:t('promo.col.discount')"/></th>
            <th scope="col"><xsl:value-of select="q:t('promo.amount')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="line">
            <tr>
              <td>
                <xsl:value-of select="@code"/>
                <xsl:if test="@gift = 'true'"><xsl:value-of select="concat(' (', q:t('promo.gift'), ')')"/></xsl:if>
              </td>
              <td class="num"><xsl:value-of select="@qty"/></td>
              <td class="num"><xsl:value-of select="@unit-price-text"/></td>
              <td class="num"><xsl:value-of select="@net-price-text"/></td>
              <td class="num"><xsl:value-of select="@discount-text"/></td>
              <td class="num"><xsl:value-of select="@amount-text"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <xsl:call-template name="promo-steps">
        <xsl:with-param name="link" select="true()"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
