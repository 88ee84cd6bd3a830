// Streamlit's frontend settings for this server, read from the page's
// <meta name="po-frontend"> (analysis/app/serving.py). A file, not an inline script, so the
// Content-Security-Policy keeps allowing exactly one inline script (the quick exit's).
(function () {
  var meta = document.querySelector('meta[name="po-frontend"]');
  if (!meta) return;
  var settings = JSON.parse(meta.getAttribute("content"));
  var base = settings.base;
  delete settings.base;
  window.__streamlit = Object.assign({}, window.__streamlit, settings, {
    BACKEND_BASE_URL: window.location.origin + base,
  });
})();
