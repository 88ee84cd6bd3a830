// The overview's map, drawn with the geo-only plotly.js bundle shipped in static/vendor/.
// Mounted by analysis/ui_map.py as a Streamlit v2 component (no iframe, no shadow root).
// data: {figure: JSON string, config: object, lib: URL of the bundle, alt: text}
// Trigger value "clicked": the two-letter code of a clicked state.

function loadPlotly(url) {
  if (window.Plotly && window.Plotly.react) return Promise.resolve(window.Plotly);
  if (!window.__poPlotlyGeo) {
    window.__poPlotlyGeo = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => {
        window.__poPlotlyGeo = null;
        reject(new Error("could not load the map code"));
      };
      document.head.appendChild(s);
    });
  }
  return window.__poPlotlyGeo;
}

// Follow the app's light or dark theme, as Streamlit's own chart element does.
function themed(layout, el) {
  const cs = getComputedStyle(el);
  const out = Object.assign({}, layout);
  out.paper_bgcolor = "rgba(0,0,0,0)";
  out.plot_bgcolor = "rgba(0,0,0,0)";
  out.font = Object.assign({}, layout.font || {}, { color: cs.color, family: cs.fontFamily });
  out.autosize = true;
  delete out.width;
  return out;
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let root = parentElement.querySelector(".po-light-map");
  if (!root) {
    root = document.createElement("div");
    root.className = "po-light-map";
    parentElement.appendChild(root);
  }
  root.setAttribute("role", "figure");
  root.setAttribute("aria-label", data.alt || "Map");
  let live = true;
  loadPlotly(data.lib)
    .then((Plotly) => {
      if (!live) return null;
      const fig = JSON.parse(data.figure);
      return Plotly.react(root, fig.data, themed(fig.layout || {}, root), data.config);
    })
    .then((gd) => {
      if (!gd || gd.__poClick) return;
      gd.__poClick = true;
      gd.on("plotly_click", (ev) => {
        const p = ev && ev.points && ev.points[0];
        if (!p) return;
        let code = p.customdata !== undefined ? p.customdata : p.location;
        if (Array.isArray(code)) code = code[0];
        if (typeof code === "string" && code) setTriggerValue("clicked", code);
      });
    })
    .catch((err) => {
      root.textContent =
        "The map could not be drawn in this browser (" + err.message + "). " +
        "The table below the map has the same figures.";
    });
  return () => {
    live = false;
  };
}
