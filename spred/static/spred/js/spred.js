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
  // An htmx update replaces part of the page silently. The swapped-in content marks the text
  // that sums it up (e.g. "12 organisationer") with data-announce; a polite live region that
  // stays in the page says it, because a live region that is itself replaced says nothing.
  document.addEventListener("htmx:afterSettle", function (event) {
    var announcer = document.getElementById("spred-announcer");
    var target = event.detail && event.detail.elt;
    if (!announcer || !target) { return; }
    var summary = target.matches("[data-announce]") ? target : target.querySelector("[data-announce]");
    if (!summary && target.id) {
      var current = document.getElementById(target.id);
      summary = current && current.querySelector("[data-announce]");
    }
    if (summary) { announcer.textContent = summary.textContent.trim(); }
  });
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
