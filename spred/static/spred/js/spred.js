/* Spred: start Det Fælles Designsystem's components; no inline scripts anywhere (CSP). */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  function start() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Submitting a filter form by changing a select keeps keyboard users in control: only
  // forms that ask for it with data-autosubmit, and only through htmx when it is present.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field || !field.form || !field.form.hasAttribute("data-autosubmit")) { return; }
    if (field.tagName === "SELECT") {
      if (window.htmx) { window.htmx.trigger(field.form, "submit"); } else { field.form.submit(); }
    }
  });
})();
