/* Quick exit and privacy guards, inlined at the top of every page this app serves.
 *
 * It runs before Streamlit's own code (a classic script in <head>; Streamlit's bundle is a
 * deferred module) and depends on nothing of it, so it works before the app has loaded,
 * while Streamlit shows its "Connection error" dialog and after the server has gone.
 * README, "Safety", says what each part is for and what a browser cannot guarantee.
 */
(function () {
  "use strict";
  var EXIT = "__EXIT_URL__";
  var SHIFT_PRESSES = 3;       // Shift pressed alone this many times in a row leaves ...
  var SHIFT_WINDOW_MS = 5000;  // ... within this time (generous, for slow hands)
  var doc = document;
  var root = doc.documentElement;
  var leaving = false;

  // Streamlit's index.html set this in an inline script of its own; it lives here so the
  // page has exactly one inline script, allowed by its hash in the Content-Security-Policy.
  window.prerenderReady = false;

  function leave(ev) {
    if (ev) { ev.preventDefault(); ev.stopPropagation(); }
    if (leaving) { return; }
    leaving = true;
    try { root.classList.add("po-leaving"); doc.title = ""; } catch (e) { /* keep going */ }
    // replace(), not assign(): this page's entry in the tab's history becomes the exit page.
    // The document's Referrer-Policy (no-referrer) keeps this site's address out of the
    // request; the exit URL carries no query.
    window.location.replace(EXIT);
  }
  window.poQuickExit = leave;

  // 1. Nothing kept on the device: Streamlit (sidebar state, width, theme, log level) and
  // any library get a Storage that lives in this page's memory only.
  function memoryStorage() {
    var items = new Map();
    var store = {
      getItem: function (k) { k = String(k); return items.has(k) ? items.get(k) : null; },
      setItem: function (k, v) { items.set(String(k), String(v)); },
      removeItem: function (k) { items.delete(String(k)); },
      clear: function () { items.clear(); },
      key: function (i) { var keys = Array.from(items.keys()); return i < keys.length ? keys[i] : null; }
    };
    Object.defineProperty(store, "length", { get: function () { return items.size; } });
    return store;
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    var store = memoryStorage();
    try {
      Object.defineProperty(window, name, { configurable: true, get: function () { return store; } });
    } catch (e) { /* a browser that refuses: README lists what it may keep */ }
  });

  // 2. History. Arriving here through Back or Forward (a page of this site left in the
  // tab's history, e.g. when the site was opened twice in one tab) leaves at once, before
  // anything is drawn.
  function arrivedByHistory() {
    try {
      var nav = performance.getEntriesByType("navigation")[0];
      return !!nav && nav.type === "back_forward";
    } catch (e) { return false; }
  }
  if (arrivedByHistory()) { leave(); return; }
  window.addEventListener("pageshow", function (ev) { if (ev.persisted) { leave(); } });

  // In-app navigation replaces the current history entry instead of adding one.
  try {
    var replace = History.prototype.replaceState;
    var push = function (state, title, url) { return replace.call(this, state, title, url); };
    History.prototype.pushState = push;
    window.history.pushState = push;
  } catch (e) { /* keep going */ }

  // A plain link to a page of this site (one Streamlit does not handle itself) replaces
  // the page too.
  window.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) { return; }
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!a || a.id === "po-quick-exit" || a.hasAttribute("download")) { return; }
    if (a.target && a.target !== "_self") { return; }
    var url;
    try { url = new URL(a.href, window.location.href); } catch (e) { return; }
    if (url.origin !== window.location.origin) { return; }
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) { return; }
    ev.preventDefault();
    window.location.replace(url.href);
  }, false);

  // 3. The exit itself: a click on the link (mouse, touch, Enter), or Shift pressed three
  // times in a row. Never Esc: Esc closes menus, lists and dialogs.
  window.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t && t.closest && t.closest("#po-quick-exit")) { leave(ev); }
  }, true);

  var presses = 0, first = 0;
  window.addEventListener("keydown", function (ev) {
    if (ev.key !== "Shift") { presses = 0; return; }
    if (ev.repeat) { return; }
    var now = Date.now();
    if (presses === 0 || now - first > SHIFT_WINDOW_MS) { presses = 0; first = now; }
    presses += 1;
    if (presses >= SHIFT_PRESSES) { presses = 0; leave(ev); }
  }, true);
  window.addEventListener("pointerdown", function () { presses = 0; }, true);

  // 4. Reachable in every state. Streamlit's dialogs (React Aria) hide and trap everything
  // outside them except elements marked data-react-aria-top-layer, as the exit is. Tab
  // order while one is open: the exit first, then the dialog's own controls.
  function exitLink() { return doc.getElementById("po-quick-exit"); }
  function openModal() {
    var list = doc.querySelectorAll('dialog[open], [aria-modal="true"], [data-testid="stDialog"] [role="dialog"]');
    for (var i = list.length - 1; i >= 0; i--) {
      var el = list[i];
      if (el.getClientRects().length) { return el; }
    }
    return null;
  }
  function tabbables(container) {
    var sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    return Array.prototype.filter.call(container.querySelectorAll(sel), function (el) {
      return el.getClientRects().length && !el.closest("[inert]") && el.tabIndex >= 0;
    });
  }
  window.addEventListener("keydown", function (ev) {
    if (ev.key !== "Tab" || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var link = exitLink();
    var modal = openModal();
    if (!link || !modal) { return; }
    var items = tabbables(modal);
    var active = doc.activeElement;
    var onLink = active === link;
    var inside = modal.contains(active);
    var firstItem = items[0], lastItem = items[items.length - 1];
    var target = null;
    if (onLink) {
      target = ev.shiftKey ? lastItem : firstItem;
    } else if (!inside || active === modal) {
      target = ev.shiftKey ? lastItem || link : link;
    } else if (!ev.shiftKey && active === lastItem) {
      target = link;
    } else if (ev.shiftKey && active === firstItem) {
      target = link;
    }
    if (target) {
      ev.preventDefault();
      ev.stopPropagation();
      target.focus();
    }
  }, true);

  // Nothing may hide the exit from people or assistive technology.
  function keepReachable(link) {
    var box = link.parentElement || link;
    var clean = function () {
      [box, link].forEach(function (el) {
        if (el.hasAttribute("inert")) { el.removeAttribute("inert"); }
        if (el.getAttribute("aria-hidden") === "true") { el.removeAttribute("aria-hidden"); }
      });
    };
    clean();
    new MutationObserver(clean).observe(box, { attributes: true, subtree: true, attributeFilter: ["inert", "aria-hidden"] });
  }
  function whenLinkExists() {
    var link = exitLink();
    if (link) { keepReachable(link); return; }
    doc.addEventListener("DOMContentLoaded", function () { var l = exitLink(); if (l) { keepReachable(l); } });
  }
  whenLinkExists();
})();
