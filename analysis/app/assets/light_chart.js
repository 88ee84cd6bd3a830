// Every chart of the app, drawn with a plotly.js partial bundle shipped in static/vendor/.
// Mounted by analysis/app/lightchart.py as a Streamlit v2 component (no iframe, no shadow root).
// data: {figure: JSON string, config: object, bundles: [{name, url}] (smallest first),
//        alt: text alternative, clickable: bool, height: px,
//        unavailable: the message if it cannot be drawn, "{reason}" replaced}
// Trigger value "clicked": the two-letter code of a clicked state (customdata or location).
//
// Light on the browser: a bundle is loaded once per page, only when a chart that needs it
// comes near the viewport; charts are drawn one at a time, each in its own task, so no
// long task holds the page; a chart is redrawn only when its figure or the theme changes.

const STATE = (window.__poCharts = window.__poCharts || {
  bundles: {}, // name -> Promise<Plotly>
  chain: Promise.resolve(), // bundles are loaded one after another (each sets window.Plotly)
  queue: [],
  busy: false,
  observer: null,
});

function loadBundle(bundle) {
  if (STATE.bundles[bundle.name]) return STATE.bundles[bundle.name];
  const loaded = STATE.chain.then(
    () =>
      new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = bundle.url;
        s.async = true;
        // The first chart is drawn in a task of its own, after the one that ran the
        // bundle's code: two shorter tasks keep the page answering input (blocking time).
        s.onload = () =>
          setTimeout(() => {
            const Plotly = window.Plotly;
            if (Plotly && Plotly.react) resolve(Plotly);
            else reject(new Error("the chart code did not start"));
          }, 0);
        s.onerror = () => reject(new Error("could not load the chart code"));
        document.head.appendChild(s);
      }),
  );
  STATE.chain = loaded.catch(() => {});
  // A failed load is forgotten, so the next chart (or a rerun) can try again.
  STATE.bundles[bundle.name] = loaded.catch((err) => {
    delete STATE.bundles[bundle.name];
    throw err;
  });
  return STATE.bundles[bundle.name];
}

// A bundle this page already has (or is fetching) if it draws the chart, else the smallest.
function pickBundle(bundles) {
  return bundles.find((b) => STATE.bundles[b.name]) || bundles[0];
}

// One chart at a time, each in its own task.
function schedule(job) {
  STATE.queue.push(job);
  pump();
}

function pump() {
  if (STATE.busy || !STATE.queue.length) return;
  STATE.busy = true;
  const job = STATE.queue.shift();
  setTimeout(() => {
    Promise.resolve()
      .then(job)
      .catch(() => {})
      .finally(() => {
        STATE.busy = false;
        pump();
      });
  }, 0);
}

function whenNear(root, draw) {
  if (!("IntersectionObserver" in window)) return schedule(draw);
  if (!STATE.observer) {
    STATE.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          STATE.observer.unobserve(e.target);
          const pending = e.target.__poPending;
          e.target.__poPending = null;
          if (pending) schedule(pending);
        }
      },
      { rootMargin: "400px 0px" },
    );
  }
  root.__poPending = draw;
  STATE.observer.observe(root);
}

function parseColor(c) {
  const m = /rgba?\(([^)]+)\)/.exec(c || "");
  if (!m) return [49, 51, 63];
  return m[1].split(",").slice(0, 3).map((x) => parseFloat(x));
}

// Follow the app's light or dark theme (which follows the visitor's colour scheme), as
// Streamlit's own chart element does: its text colour; transparent backgrounds;
// grid lines a faint shade of the text colour; axes that make room for their labels.
function themed(layout, el) {
  const cs = getComputedStyle(el);
  const [r, g, b] = parseColor(cs.color);
  const faint = `rgba(${r},${g},${b},0.1)`;
  const out = Object.assign({}, layout);
  out.paper_bgcolor = "rgba(0,0,0,0)";
  out.plot_bgcolor = "rgba(0,0,0,0)";
  // The figure's own font family (as in its exported files); the theme's text colour.
  out.font = Object.assign({ family: cs.fontFamily }, layout.font || {}, { color: cs.color });
  for (const k of Object.keys(out)) {
    if (/^[xy]axis\d*$/.test(k)) {
      // automargin: long category labels push the plot area in (plotly.py's default
      // template and Streamlit's theme both set it; the figure carries no template).
      // No grid lines across category rows (bars are labelled by their row already).
      const axis = out[k] || {};
      const defaults = { automargin: true };
      if (axis.type === "category") defaults.showgrid = false;
      out[k] = Object.assign(defaults, axis, {
        gridcolor: faint,
        zerolinecolor: faint,
      });
    }
  }
  if (out.geo) out.geo = Object.assign({}, out.geo, { bgcolor: "rgba(0,0,0,0)" });
  // The figures' grey small print (source line, "Not stated") and a legend's white box are
  // made for a white page (as in the exported files): on the page they follow the theme,
  // the print at 75% of the text colour (over 7:1 in both themes), the box the page colour.
  const muted = `rgba(${r},${g},${b},0.75)`;
  if (Array.isArray(out.annotations)) {
    out.annotations = out.annotations.map((a) =>
      a && a.font && MUTED_PRINT.has(String(a.font.color).toLowerCase())
        ? Object.assign({}, a, { font: Object.assign({}, a.font, { color: muted }) })
        : a,
    );
  }
  if (out.legend && out.legend.bgcolor) {
    out.legend = Object.assign({}, out.legend, { bgcolor: pageColor(0.9) });
  }
  out.autosize = true;
  delete out.width;
  return out;
}

const MUTED_PRINT = new Set(["#555555", "#666666", "#777777", "#888888"]);

// The page's background colour (Streamlit's app container) with the given opacity.
function pageColor(alpha) {
  for (const el of [document.querySelector(".stApp"), document.body, document.documentElement]) {
    if (!el) continue;
    const bg = getComputedStyle(el).backgroundColor;
    const m = /rgba?\(([^)]+)\)/.exec(bg || "");
    const parts = m ? m[1].split(",").map((x) => parseFloat(x)) : [];
    if (parts.length >= 3 && (parts.length < 4 || parts[3] > 0)) {
      return `rgba(${parts[0]},${parts[1]},${parts[2]},${alpha})`;
    }
  }
  return `rgba(255,255,255,${alpha})`;
}

// Trace text in a fixed grey ("Not stated" beside a bar) follows the theme too.
function themedData(data, el) {
  const [r, g, b] = parseColor(getComputedStyle(el).color);
  const muted = `rgba(${r},${g},${b},0.75)`;
  return data.map((t) =>
    t && t.textfont && MUTED_PRINT.has(String(t.textfont.color).toLowerCase())
      ? Object.assign({}, t, { textfont: Object.assign({}, t.textfont, { color: muted }) })
      : t,
  );
}

// On a narrow screen (a phone) plotly cannot wrap the title, subtitle and source line, so
// they would run past the chart's edge: there they are drawn as HTML above and below the
// drawing (wrapping like any text), the legend goes below the plot, one entry a row, and
// long entry names wrap. Exported files keep the figure as it is (made on the server).
const NARROW_PX = 600;
const LINE_BREAK = /<br\s*\/?>/i;

function plainText(fragment) {
  // Parsed, never run: a document made by DOMParser executes no script.
  const doc = new DOMParser().parseFromString(`<body>${fragment}</body>`, "text/html");
  return (doc.body.textContent || "").trim();
}

function textLines(fragment) {
  return String(fragment || "")
    .split(LINE_BREAK)
    .map(plainText)
    .filter((t) => t);
}

function wrapName(name, chars) {
  const words = String(name).split(" ");
  const lines = [];
  let line = "";
  for (const w of words) {
    if (line && (line + " " + w).length > chars) {
      lines.push(line);
      line = w;
    } else line = line ? line + " " + w : w;
  }
  if (line) lines.push(line);
  return lines.join("<br>");
}

function narrow(fig, root) {
  const width = root.clientWidth;
  if (!width || width >= NARROW_PX) return { fig, head: null, foot: null };
  const layout = Object.assign({}, fig.layout || {});
  const title = layout.title && typeof layout.title === "object" ? layout.title.text : layout.title;
  const [main, sub] = String(title || "").split(/<sup>/i);
  const head = { title: textLines(main), sub: textLines((sub || "").replace(/<\/sup>/i, "")) };
  layout.title = { text: "" };
  const foot = [];
  if (Array.isArray(layout.annotations)) {
    layout.annotations = layout.annotations.filter((a) => {
      if (a && a.name === "source-line") {
        foot.push(...textLines(a.text));
        return false;
      }
      return true;
    });
  }
  layout.margin = Object.assign({}, layout.margin || {}, { t: 10, l: 4, r: layout.geo ? 4 : 30 });
  const chars = Math.max(16, Math.floor((width - 40) / 7.2));
  let data = fig.data || [];
  if (layout.showlegend !== false) {
    layout.legend = Object.assign({}, layout.legend || {}, {
      orientation: "v",
      x: 0,
      xanchor: "left",
      y: layout.geo ? 0 : -0.04,
      yanchor: "top",
    });
    data = data.map((t) =>
      t && typeof t.name === "string" && t.name.length > chars
        ? Object.assign({}, t, { name: wrapName(t.name, chars) })
        : t,
    );
  }
  // Long row labels of horizontal bars wrap, so the bars keep over half the width.
  const labelChars = Math.max(12, Math.floor((width * 0.45) / 7));
  const wrapLabel = (v) =>
    typeof v === "string" && v.length > labelChars ? wrapName(v, labelChars) : v;
  if (data.some((t) => t && t.orientation === "h")) {
    data = data.map((t) =>
      t && Array.isArray(t.y) ? Object.assign({}, t, { y: t.y.map(wrapLabel) }) : t,
    );
    for (const k of Object.keys(layout)) {
      if (/^yaxis\d*$/.test(k) && layout[k] && Array.isArray(layout[k].categoryarray)) {
        layout[k] = Object.assign({}, layout[k], {
          categoryarray: layout[k].categoryarray.map(wrapLabel),
        });
      }
    }
  }
  if (layout.geo) {
    // The whole width for the map; the legend under it.
    layout.geo = Object.assign({}, layout.geo, { domain: { x: [0, 1], y: [0, 1] } });
    layout.margin.b = 10;
    // As tall as the map drawn that wide (the lower 48 and the insets, about 0.65 of its
    // width) and one row a legend entry, not the desktop height with blank bands.
    const entries = data.filter((t) => t && t.showlegend !== false && t.name).length;
    layout.height = Math.round(width * 0.68) + 30 * entries + 30;
  }
  return { fig: Object.assign({}, fig, { data, layout }), head, foot };
}

function setText(root, cls, lines, before) {
  let box = root.querySelector("." + cls);
  if (!lines) {
    if (box) box.remove();
    return;
  }
  if (!box) {
    box = document.createElement("div");
    box.className = cls;
    if (before) root.insertBefore(box, root.firstChild);
    else root.appendChild(box);
  }
  box.textContent = "";
  for (const [text, kind] of lines) {
    const line = document.createElement("div");
    line.className = kind;
    line.textContent = text;
    box.appendChild(line);
  }
}

function themeKey(el) {
  const cs = getComputedStyle(el);
  return cs.color + "|" + cs.fontFamily;
}

// Draw the figure the root holds now (a rerun may have replaced it while it waited).
function render(root) {
  const data = root.__poData;
  const plot = root.querySelector(".po-chart-plot");
  const want = data.figure + "|" + themeKey(root) + "|" + (root.clientWidth < NARROW_PX);
  if (!root.isConnected || root.__poDrawn === want) return null;
  const bundle = pickBundle(data.bundles || []);
  root.dataset.bundle = bundle ? bundle.name : "";
  const fail = (err) => {
    root.__poDrawn = null;
    root.classList.add("po-chart-failed");
    plot.removeAttribute("aria-hidden");
    const text = data.unavailable || "The chart could not be drawn in this browser ({reason}).";
    plot.textContent = text.replace("{reason}", err.message) + " " + (data.alt || "");
  };
  if (!bundle) return fail(new Error("no chart code for this chart"));
  return loadBundle(bundle)
    .then((Plotly) => {
      if (!root.isConnected || root.__poData !== data) return null;
      if (root.classList.contains("po-chart-failed")) {
        root.classList.remove("po-chart-failed");
        plot.textContent = "";
        plot.setAttribute("aria-hidden", "true");
      }
      const { fig, head, foot } = narrow(JSON.parse(data.figure), root);
      setText(
        root,
        "po-chart-head",
        head && [
          ...head.title.map((t) => [t, "po-chart-title"]),
          ...head.sub.map((t) => [t, "po-chart-sub"]),
        ],
        true,
      );
      setText(root, "po-chart-foot", foot && foot.map((t) => [t, "po-chart-source"]), false);
      if (head) root.style.minHeight = "";
      return Plotly.react(
        plot, themedData(fig.data || [], root), themed(fig.layout || {}, root), data.config,
      );
    })
    .then((gd) => {
      if (!gd) return;
      root.__poDrawn = want;
      root.dataset.drawn = "true";
      if (!gd.__poClick) {
        gd.__poClick = true;
        gd.on("plotly_click", (ev) => {
          const p = ev && ev.points && ev.points[0];
          if (!p || !root.__poData.clickable) return;
          let code = p.customdata !== undefined ? p.customdata : p.location;
          if (Array.isArray(code)) code = code[0];
          if (typeof code === "string" && code) root.__poSet("clicked", code);
        });
      }
    })
    .catch(fail);
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let root = parentElement.querySelector(".po-chart");
  if (!root) {
    root = document.createElement("div");
    root.className = "po-chart";
    // One focusable image named by the chart's text alternative; the drawing inside is
    // hidden from assistive technology (it has no focusable parts).
    root.setAttribute("role", "img");
    root.tabIndex = 0;
    const plot = document.createElement("div");
    plot.className = "po-chart-plot";
    plot.setAttribute("aria-hidden", "true");
    root.appendChild(plot);
    parentElement.appendChild(root);
    // Redraw when the visitor's colour scheme changes (the app's theme follows it).
    if (window.matchMedia) {
      const media = window.matchMedia("(prefers-color-scheme: dark)");
      if (media.addEventListener) {
        media.addEventListener("change", () =>
          setTimeout(() => root.dataset.drawn === "true" && schedule(() => render(root)), 50),
        );
      }
    }
  }
  root.__poData = data;
  root.__poSet = setTriggerValue;
  root.setAttribute("aria-label", data.alt || "Chart");
  root.style.minHeight = (data.height || 450) + "px";
  // Drawn before: redraw now (in the queue); never drawn: when it comes near the viewport.
  if (root.dataset.drawn === "true") schedule(() => render(root));
  else whenNear(root, () => render(root));
  return () => {};
}
