// The inline figure component: puts the HTML the server drew (analysis/figures/svgmap: a
// map or tile grid as SVG, its legend and source line) into the page as it is.
//
// Streamlit's st.html passes HTML through DOMPurify's HTML profile, which drops SVG; this
// component only sets the markup this app itself made (never visitor input), and sets it
// again only when it changes. No chart code is loaded.
export default function (component) {
  const { parentElement, data } = component;
  let root = parentElement.querySelector(".po-inline");
  if (!root) {
    root = document.createElement("div");
    root.className = "po-inline";
    parentElement.appendChild(root);
  }
  if (root.__poHtml !== data.html) {
    root.innerHTML = data.html;
    root.__poHtml = data.html;
  }
  return () => {};
}
