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
 *  - .nav-group-label: opens and closes its group of links on a click
 *    (one group open at a time; a click elsewhere or Escape closes it);
 *    without it the group opens on hover and when the focus is inside;
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

    var groups = doc.querySelectorAll('.nav-group');

    function closeGroups(except) {
        for (var g = 0; g < groups.length; g++) {
            if (groups[g] !== except && groups[g].classList.contains('open')) {
                groups[g].classList.remove('open');
                var b = groups[g].querySelector('.nav-group-label');
                if (b) {
                    b.setAttribute('aria-expanded', 'false');
                }
            }
        }
    }

    function groupClick(e) {
        var group = e.currentTarget.parentNode;
        var open = !group.classList.contains('open');
        closeGroups(group);
        group.classList.toggle('open', open);
        e.currentTarget.setAttribute('aria-expanded', open ? 'true' : 'false');
        e.stopPropagation();
    }

    for (var k = 0; k < groups.length; k++) {
        var label = groups[k].querySelector('.nav-group-label');
        if (label) {
            label.addEventListener('click', groupClick);
        }
    }
    if (groups.length > 0) {
        doc.addEventListener('click', function (e) {
            var t = e.target;
            while (t && !(t.classList && t.classList.contains('nav-group'))) {
                t = t.parentNode;
            }
            closeGroups(t || null);
        });
        doc.addEventListener('keydown', function (e) {
            if (e.key !== 'Escape' && e.key !== 'Esc') {
                return;
            }
            var open = doc.querySelector('.nav-group.open');
            if (open) {
                closeGroups(null);
                var b = open.querySelector('.nav-group-label');
                if (b) {
                    b.focus();
                }
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
