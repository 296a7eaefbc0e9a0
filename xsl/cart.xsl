<?xml version="1.0" encoding="UTF-8"?>
<!--
  cart.xsl - the cart (routes cart.*; src/modules/cart.c).

  Input: <page> with <cart> (schema/xsd/cart.xsd): the lines priced for
  the customer, each with the explanation of its base price (<quote>), the
  gift lines, the promotions considered (<step>) and the totals.  Shows:
  for whom the prices are (staff choose a customer), the add form, the
  lines with a quantity form each, the explanations, the totals, the
  checkout form (when <checkout> is there: POST /cart/order, with the
  refusals of stock, credit and promotion budgets above its button), and
  the button that empties the cart.  Every form carries the customer, so
  the page after it prices for the same one.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:q="urn:qudao"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="q str">

  <xsl:import href="error.xsl"/>
  <xsl:include href="explain.xsl"/>

  <xsl:template match="page/cart" mode="title">
    <xsl:value-of select="q:t('cart.title')"/>
  </xsl:template>

  <!-- The hidden customer field of every form (nothing when none). -->
  <xsl:template name="cart-customer">
    <xsl:if test="string(/page/cart/@customer) != ''">
      <input type="hidden" name="customer" value="{/page/cart/@customer}"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page/cart" mode="content">
    <div class="page-head">
      <h1><xsl:value-of select="q:t('cart.title')"/></h1>
    </div>
    <xsl:if test="@done">
      <p class="msg msg-info">
        <xsl:choose>
          <xsl:when test="@done = 'added'"><xsl:value-of select="q:t('cart.done.added')"/></xsl:when>
          <xsl:when test="@done = 'saved'"><xsl:value-of select="q:t('cart.done.saved')"/></xsl:when>
          <xsl:when test="@done = 'removed'"><xsl:value-of select="q:t('cart.done.removed')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="q:t('cart.done.cleared')"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>

    <p class="cart-for">
      <xsl:choose>
        <xsl:when test="@party-id">
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('cart.for')"/>
            <xsl:with-param name="a1" select="@party-name"/>
            <xsl:with-param name="a2" select="@party-code"/>
            <xsl:with-param name="a3" select="@date"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="fmt">
            <xsl:with-param name="s" select="q:t('cart.for-everyone')"/>
            <xsl:with-param name="a1" select="@date"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </p>

    <xsl:if test="@can-choose">
      <form class="search cart-customer" method="get" action="/cart">
        <div class="field">
          <label for="f-customer"><xsl:value-of select="q:t('cart.customer')"/></label>
          <input type="text" id="f-customer" name="customer" value="{@customer}" maxlength="40">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'customer'"/>
            </xsl:call-template>
          </input>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'customer'"/>
          </xsl:call-template>
        </div>
        <button type="submit"><xsl:value-of select="q:t('cart.customer.go')"/></button>
      </form>
    </xsl:if>

    <form class="search cart-add" method="post" action="/cart/add">
      <xsl:call-template name="csrf-field"/>
      <xsl:call-template name="cart-customer"/>
      <div class="field">
        <label for="f-product"><xsl:value-of select="q:t('cart.product-code')"/></label>
        <input type="text" id="f-product" name="product" value="{@product}" maxlength="40" required="required">
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'product'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'product'"/>
        </xsl:call-template>
      </div>
      <div class="field">
        <label for="f-qty"><xsl:value-of select="q:t('cart.qty')"/></label>
        <input type="number" id="f-qty" name="qty" min="1" max="{@max-qty}" required="required">
          <xsl:attribute name="value">
            <xsl:choose>
              <xsl:when test="@qty"><xsl:value-of select="@qty"/></xsl:when>
              <xsl:otherwise>1</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:call-template name="field-aria">
            <xsl:with-param name="name" select="'qty'"/>
          </xsl:call-template>
        </input>
        <xsl:call-template name="field-errors">
          <xsl:with-param name="name" select="'qty'"/>
        </xsl:call-template>
      </div>
      <button type="submit"><xsl:value-of select="q:t('cart.add')"/></button>
    </form>

    <xsl:choose>
      <xsl:when test="line">
        <xsl:call-template name="cart-lines"/>
        <xsl:call-template name="cart-totals"/>
        <xsl:if test="step">
          <section class="cart-promotions">
            <h2><xsl:value-of select="q:t('cart.promotions')"/></h2>
            <xsl:call-template name="promo-steps">
              <xsl:with-param name="link" select="/page/meta/perms/perm[@name = '*' or @name = 'promo.view']"/>
            </xsl:call-template>
          </section>
        </xsl:if>
        <xsl:for-each select="checkout">
          <xsl:call-template name="cart-checkout"/>
        </xsl:for-each>
        <p class="formats">
          <a href="/cart.csv?customer={str:encode-uri(string(@customer), true())}">CSV</a>
        </p>
        <form class="cart-clear" method="post" action="/cart/clear">
          <xsl:call-template name="csrf-field"/>
          <xsl:call-template name="cart-customer"/>
          <button type="submit" class="secondary"><xsl:value-of select="q:t('cart.clear')"/></button>
        </form>
      </xsl:when>
      <xsl:when test="@lines != '0'">
        <!-- lines, but not priced: the customer asked for is not there -->
        <p class="muted"><xsl:value-of select="q:t('cart.not-priced')"/></p>
      </xsl:when>
      <xsl:otherwise>
        <div class="empty">
          <p><xsl:value-of select="q:t('cart.empty')"/></p>
          <p><a href="/products"><xsl:value-of select="q:t('cart.browse')"/></a></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="cart-lines">
    <div class="table-wrap" role="region" tabindex="0" aria-label="{q:t('cart.lines')}">
      <table class="list cart">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="q:t('col.code')"/></th>
            <th scope="col"><xsl:value-of select="q:t('col.name')"/></th>
            <th scope="col"><xsl:value-of select="q:t('catalog.availability')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('cart.qty')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('cart.unit-price')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('cart.net-price')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('cart.discount')"/></th>
            <th scope="col" class="num"><xsl:value-of select="q:t('cart.amount')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="line">
            <tr>
              <xsl:if test="@gift = 'true'"><xsl:attribute name="class">gift</xsl:attribute></xsl:if>
              <td class="code"><a href="/products/{string(@product-id)}"><xsl:value-of select="@code"/></a></td>
              <td class="name">
                <xsl:value-of select="@name"/>
                <!-- the specification, unless the name already says it
                     (catalogs often name a product "饼干 200g×20盒") -->
                <xsl:if test="string(@spec) != '' and not(contains(@name, @spec))">
                  <xsl:text> </xsl:text>
                  <span class="muted"><xsl:value-of select="@spec"/></span>
                </xsl:if>
                <xsl:if test="@gift = 'true'">
                  <xsl:text> </xsl:text>
                  <span class="badge gift-badge"><xsl:value-of select="q:t('cart.gift')"/></span>
                </xsl:if>
                <xsl:if test="@status = 'discontinued'">
                  <xsl:text> </xsl:text>
                  <span class="badge discontinued"><xsl:value-of select="q:t('cart.discontinued')"/></span>
                </xsl:if>
              </td>
              <td><xsl:call-template name="availability"/></td>
              <td class="num qty">
                <xsl:choose>
                  <xsl:when test="@gift = 'true'"><xsl:value-of select="@qty"/></xsl:when>
                  <xsl:otherwise>
                    <form class="cart-qty" method="post" action="/cart/lines/{string(@product-id)}">
                      <xsl:call-template name="csrf-field"/>
                      <xsl:call-template name="cart-customer"/>
                      <label class="visually-hidden" for="q-{string(@product-id)}">
                        <xsl:value-of select="concat(q:t('cart.qty'), ' ', @code)"/>
                      </label>
                      <input type="number" id="q-{string(@product-id)}" name="qty" min="0" max="{/page/cart/@max-qty}" value="{@qty}"/>
                      <button type="submit"><xsl:value-of select="q:t('cart.update')"/></button>
                    </form>
                    <!-- a space: the two forms may go on two lines in a
                         narrow column -->
                    <xsl:text> </xsl:text>
                    <form class="cart-remove" method="post" action="/cart/lines/{string(@product-id)}">
                      <xsl:call-template name="csrf-field"/>
                      <xsl:call-template name="cart-customer"/>
                      <input type="hidden" name="qty" value="0"/>
                      <button type="submit" class="secondary"><xsl:value-of select="q:t('cart.remove')"/></button>
                    </form>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="num"><xsl:value-of select="@unit-price-text"/></td>
              <td class="num"><xsl:value-of select="@net-price-text"/></td>
              <td class="num"><xsl:value-of select="@discount-text"/></td>
              <td class="num"><xsl:value-of select="@amount-text"/></td>
            </tr>
            <!-- the explanation of the line's base price, on a row of its own -->
            <xsl:for-each select="quote">
              <tr class="why-row">
                <td colspan="8">
                  <details class="why">
                    <summary>
                      <xsl:call-template name="fmt">
                        <xsl:with-param name="s" select="q:t('cart.why')"/>
                        <xsl:with-param name="a1" select="@base-price-text"/>
                      </xsl:call-template>
                    </summary>
                    <xsl:call-template name="quote-rules">
                      <xsl:with-param name="label" select="q:t('cart.why-label')"/>
                    </xsl:call-template>
                  </details>
                </td>
              </tr>
            </xsl:for-each>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!--
    The checkout form (POST /cart/order), when the document offers it
    (<checkout>: the cart is priced for a customer and the user may
    order); context: <checkout>.  The token is the order's id handed out
    with the page, so a second submission finds the same order.  The
    warehouse is the one typed when the form comes back, else the first
    offered.  Refusals of the business (field "order": stock, credit,
    promotion budgets) are shown above the button, each under a title in
    the reader's language with the server's detail after it.
  -->
  <xsl:template name="cart-checkout">
    <xsl:variable name="typed" select="string(@warehouse)"/>
    <xsl:variable name="sel">
      <xsl:choose>
        <xsl:when test="$typed != '' and warehouse[@id = $typed]"><xsl:value-of select="$typed"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="warehouse[1]/@id"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="refusals" select="/page/messages/message[@field = 'order']"/>
    <!-- the note's limit in characters (200 when the document says none) -->
    <xsl:variable name="note-max">
      <xsl:choose>
        <xsl:when test="number(@note-max) &gt; 0"><xsl:value-of select="number(@note-max)"/></xsl:when>
        <xsl:otherwise>200</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section class="checkout" aria-labelledby="checkout-title">
      <h2 id="checkout-title"><xsl:value-of select="q:t('cart.checkout')"/></h2>
      <p class="field-hint"><xsl:value-of select="q:t('cart.checkout.hint')"/></p>
      <xsl:if test="not(warehouse)">
        <p class="msg msg-error"><xsl:value-of select="q:t('cart.checkout.no-warehouse')"/></p>
      </xsl:if>
      <xsl:if test="warehouse">
      <form class="form checkout-form" method="post" action="/cart/order">
        <xsl:call-template name="csrf-field"/>
        <xsl:call-template name="cart-customer"/>
        <input type="hidden" name="token" value="{@token}"/>
        <div class="field">
          <label for="f-warehouse"><xsl:value-of select="q:t('cart.checkout.warehouse')"/></label>
          <select id="f-warehouse" name="warehouse" required="required">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'warehouse'"/>
            </xsl:call-template>
            <xsl:for-each select="warehouse">
              <option value="{@id}">
                <xsl:if test="string(@id) = $sel">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="concat(@code, ' ', @name, ' ')"/>
                <xsl:call-template name="fmt">
                  <xsl:with-param name="s" select="q:t('cart.checkout.fills')"/>
                  <xsl:with-param name="a1" select="@fills"/>
                  <xsl:with-param name="a2" select="../../@lines"/>
                </xsl:call-template>
              </option>
            </xsl:for-each>
          </select>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'warehouse'"/>
          </xsl:call-template>
        </div>
        <div class="field">
          <label for="f-note"><xsl:value-of select="q:t('cart.checkout.note')"/></label>
          <textarea id="f-note" name="note" rows="3" cols="60" maxlength="{$note-max}">
            <xsl:call-template name="field-aria">
              <xsl:with-param name="name" select="'note'"/>
              <xsl:with-param name="hint" select="'note-hint'"/>
            </xsl:call-template>
            <xsl:value-of select="@note"/>
          </textarea>
          <span class="field-hint" id="note-hint">
            <xsl:call-template name="fmt">
              <xsl:with-param name="s" select="q:t('cart.checkout.note-hint')"/>
              <xsl:with-param name="a1" select="$note-max"/>
            </xsl:call-template>
          </span>
          <xsl:call-template name="field-errors">
            <xsl:with-param name="name" select="'note'"/>
          </xsl:call-template>
        </div>
        <xsl:if test="$refusals">
          <div class="checkout-refusals" id="order-errors">
            <xsl:for-each select="$refusals">
              <p class="msg msg-error">
                <xsl:variable name="title">
                  <xsl:choose>
                    <xsl:when test="@code = 'stock_short'"><xsl:value-of select="q:t('cart.refused.stock_short')"/></xsl:when>
                    <xsl:when test="@code = 'over_limit'"><xsl:value-of select="q:t('cart.refused.over_limit')"/></xsl:when>
                    <xsl:when test="@code = 'held'"><xsl:value-of select="q:t('cart.refused.held')"/></xsl:when>
                    <xsl:when test="@code = 'not_approved'"><xsl:value-of select="q:t('cart.refused.not_approved')"/></xsl:when>
                    <xsl:when test="@code = 'cap_reached'"><xsl:value-of select="q:t('cart.refused.cap_reached')"/></xsl:when>
                    <xsl:when test="@code = 'no_customer'"><xsl:value-of select="q:t('cart.refused.no_customer')"/></xsl:when>
                    <xsl:when test="@code = 'empty'"><xsl:value-of select="q:t('cart.refused.empty')"/></xsl:when>
                    <xsl:when test="@code = 'discontinued'"><xsl:value-of select="q:t('cart.refused.discontinued')"/></xsl:when>
                    <xsl:when test="@code = 'stock_refused'"><xsl:value-of select="q:t('cart.refused.stock_refused')"/></xsl:when>
                    <xsl:when test="@code = 'no_account'"><xsl:value-of select="q:t('cart.refused.no_account')"/></xsl:when>
                  </xsl:choose>
                </xsl:variable>
                <xsl:if test="string($title) != ''">
                  <strong><xsl:value-of select="$title"/></strong>
                  <xsl:if test="string(.) != ''">
                    <xsl:value-of select="q:t('punct.colon')"/>
                  </xsl:if>
                </xsl:if>
                <xsl:value-of select="."/>
              </p>
            </xsl:for-each>
          </div>
        </xsl:if>
        <div class="form-actions">
          <button type="submit" class="primary">
            <xsl:if test="$refusals">
              <xsl:attribute name="aria-describedby">order-errors</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="q:t('cart.checkout.place')"/>
          </button>
        </div>
      </form>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="cart-totals">
    <dl class="cart-totals">
      <div class="field-row">
        <dt><xsl:value-of select="q:t('cart.gross')"/></dt>
        <dd class="num"><xsl:value-of select="@gross-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('cart.discount')"/></dt>
        <dd class="num"><xsl:value-of select="@discount-text"/></dd>
      </div>
      <div class="field-row">
        <dt><xsl:value-of select="q:t('cart.total')"/></dt>
        <dd class="num"><strong><xsl:value-of select="@total-text"/></strong></dd>
      </div>
      <xsl:if test="@gift-value != '0'">
        <div class="field-row">
          <dt><xsl:value-of select="q:t('cart.gift-value')"/></dt>
          <dd class="num"><xsl:value-of select="@gift-value-text"/></dd>
        </div>
      </xsl:if>
    </dl>
  </xsl:template>

</xsl:stylesheet>
