// GIR: print button on the aangifte preparation; show the platform field only for online channels.
(function () {
  "use strict";
  document.querySelectorAll("[data-vl-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
