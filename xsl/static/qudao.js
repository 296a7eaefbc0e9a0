/*
 * qudao.js - small progressive enhancement for Qudao pages.
 *
 * Every page works without it.  Loaded on every page with
 * <script src="/static/qudao.js" defer>; the Content-Security-Policy allows
 * no inline script, so behaviour is attached here to markers the
 * stylesheets emit (classes, never data).  It must not throw on any page:
 * every element it uses may be missing.
 *
 *  - adds class "js" to <html> (CSS collapses the nav only then);
 *  - .nav-toggle: shows the Menu button and opens/closes the nav on
 *    narrow screens (Escape closes it);
 *  - select.autosubmit: submits its form when the choice changes
 *    (the sort and direction of the product list).
 */
(function () {
    'use strict';

    var doc = window.document;
    var root = doc.documentElement;
    if (!root || !doc.querySelector || !root.classList) {
        return;
    }
    root.classList.add('js');

    var header = doc.querySelector('.site-header');
    var toggle = doc.querySelector('.nav-toggle');

    function setOpen(open) {
        if (open) {
            header.classList.add('nav-open');
        } else {
            header.classList.remove('nav-open');
        }
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    }

    if (header && toggle) {
        toggle.removeAttribute('hidden');
        toggle.addEventListener('click', function () {
            setOpen(!header.classList.contains('nav-open'));
        });
        doc.addEventListener('keydown', function (e) {
            if ((e.key === 'Escape' || e.key === 'Esc') &&
                    header.classList.contains('nav-open')) {
                setOpen(false);
                toggle.focus();
            }
        });
    }

    function submitForm(e) {
        var form = e.target && e.target.form;
        if (!form) {
            return;
        }
        if (typeof form.requestSubmit === 'function') {
            form.requestSubmit();
        } else {
            form.submit();
        }
    }

    var selects = doc.querySelectorAll('select.autosubmit');
    for (var i = 0; i < selects.length; i++) {
        selects[i].addEventListener('change', submitForm);
    }
}());
