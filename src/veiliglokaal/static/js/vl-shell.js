// The main menu as disclosure buttons. Loaded in <head> so the "vl-js" class is set before the menu is drawn:
// without JavaScript the class is missing and every group shows its links (see vl-shell.css).
(function () {
  "use strict";
  document.documentElement.classList.add("vl-js");

  function setExpanded(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  function init() {
    var nav = document.querySelector(".vl-nav");
    if (!nav) return;
    var toggle = nav.querySelector(".vl-nav__toggle");
    var buttons = Array.prototype.slice.call(nav.querySelectorAll(".vl-nav__button"));

    function closeGroups(except) {
      buttons.forEach(function (button) { if (button !== except) setExpanded(button, false); });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var open = !isOpen(button);
        closeGroups(button);  // one group open at a time
        setExpanded(button, open);
      });
    });
    if (toggle) {
      toggle.addEventListener("click", function () {
        setExpanded(toggle, !isOpen(toggle));
        if (!isOpen(toggle)) closeGroups(null);
      });
    }

    // Escape closes the innermost open part and puts focus back on the button that opened it.
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var group = event.target.closest(".vl-nav__group");
      var button = group && group.querySelector(".vl-nav__button");
      var target = button && isOpen(button) ? button : buttons.filter(isOpen)[0];
      if (target) {
        setExpanded(target, false);
        target.focus();
      } else if (toggle && isOpen(toggle)) {
        setExpanded(toggle, false);
        toggle.focus();
      } else {
        return;
      }
      event.preventDefault();
    });

    // A panel left open would cover the page: close it when the pointer or keyboard focus goes elsewhere.
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) closeGroups(null);
    });
    nav.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !nav.contains(event.relatedTarget)) closeGroups(null);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
