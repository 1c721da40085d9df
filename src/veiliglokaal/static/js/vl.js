// Small progressive enhancements shared by every page.
(function () {
  "use strict";
  // A table wider than the screen scrolls inside its container. Keyboard users must be able to scroll it too
  // (WCAG 2.1.1): give an overflowing container a tab stop, the region role and the table's name.
  function tableName(table) {
    if (!table) return "";
    var labelledBy = table.getAttribute("aria-labelledby");
    var label = labelledBy && document.getElementById(labelledBy);
    var caption = table.querySelector("caption");
    return (table.getAttribute("aria-label") || (label && label.textContent) || (caption && caption.textContent) || "").trim();
  }
  function markScrollableTables() {
    document.querySelectorAll(".utrecht-table-container").forEach(function (container) {
      var scrolls = container.scrollWidth > container.clientWidth + 1;
      if (scrolls && !container.hasAttribute("tabindex")) {
        container.setAttribute("tabindex", "0");
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", (tableName(container.querySelector("table")) || "Tabel") + " (scrollbaar)");
        container.setAttribute("data-vl-scrollable", "");
      } else if (!scrolls && container.hasAttribute("data-vl-scrollable")) {
        ["tabindex", "role", "aria-label", "data-vl-scrollable"].forEach(function (a) { container.removeAttribute(a); });
      }
    });
  }
  markScrollableTables();
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(markScrollableTables, 150); });
})();
// Sizes and colours that come from data are data attributes set through the CSSOM: the Content-Security-Policy
// (style-src 'self') forbids inline style attributes.
(function () {
  "use strict";
  function apply(root) {
    root.querySelectorAll("[data-vl-colour]").forEach(function (el) { el.style.background = el.getAttribute("data-vl-colour"); });
    root.querySelectorAll("[data-vl-inline-size]").forEach(function (el) {
      var value = parseFloat(el.getAttribute("data-vl-inline-size").replace(",", "."));
      if (!isNaN(value)) { el.style.inlineSize = value + "%"; }
    });
    root.querySelectorAll("[data-vl-max-inline-size]").forEach(function (el) {
      var value = parseFloat(el.getAttribute("data-vl-max-inline-size").replace(",", "."));
      if (!isNaN(value)) { el.style.maxInlineSize = value + "px"; }
    });
  }
  apply(document);
  document.addEventListener("htmx:afterSwap", function (event) { apply(event.target); });
})();
