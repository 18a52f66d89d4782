/* Spred charts: draw every Vega-Lite chart on the page with the vendored vega-embed.
 *
 * A chart's container says where its spec is: data-spred-chart="<id of a JSON data block>".
 * The data block is <script type="application/json">, which the Content-Security-Policy allows
 * because it is never executed. Vega compiles expressions to JavaScript functions by default,
 * which script-src 'self' forbids (no 'unsafe-eval'); with ast: true vega-embed hands them to
 * vega-interpreter instead, so nothing is evaluated. vega-embed's and vega-tooltip's own
 * stylesheets would be injected as <style> elements, which style-src 'self' forbids too; their
 * rules live in spred/css/charts.css instead.
 *
 * The drawing is hidden from screen readers (its wrapper is aria-hidden): a sentence in the
 * page describes it, and the table next to it carries every number. A chart that cannot be
 * drawn therefore leaves the page complete: the container says so and the table is there.
 */
(function () {
  "use strict";
  if (window.spredCharts) { return; }  // the script may be included by more than one chart

  function readPayload(container) {
    var block = document.getElementById(container.getAttribute("data-spred-chart"));
    if (!block) { return null; }
    try {
      return JSON.parse(block.textContent);
    } catch (error) {
      return null;
    }
  }

  function fail(container, error) {
    container.classList.add("spred-chart--failed");
    container.setAttribute("data-spred-chart-state", "failed");
    var message = container.getAttribute("data-spred-chart-failed") || "";
    if (message) {
      var p = document.createElement("p");
      p.className = "spred-chart__failed";
      p.textContent = message;
      container.appendChild(p);
    }
    if (window.console && error) { window.console.warn("Spred chart:", error); }
  }

  function draw(container) {
    if (container.getAttribute("data-spred-chart-state")) { return Promise.resolve(); }
    container.setAttribute("data-spred-chart-state", "drawing");
    var payload = readPayload(container);
    if (!payload || !payload.spec || typeof window.vegaEmbed !== "function") {
      fail(container, "missing spec or vega-embed");
      return Promise.resolve();
    }
    var target = container.querySelector(".spred-chart__canvas") || container;
    return window.vegaEmbed(target, payload.spec, {
      ast: true,
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      formatLocale: payload.formatLocale || undefined,
      tooltip: {disableDefaultStyle: true},
      logLevel: 0
    }).then(function (result) {
      container.setAttribute("data-spred-chart-state", "drawn");
      return result;
    }).catch(function (error) {
      fail(container, error);
    });
  }

  function drawAll(root) {
    var containers = (root || document).querySelectorAll("[data-spred-chart]");
    return Promise.all(Array.prototype.map.call(containers, draw));
  }

  window.spredCharts = {drawAll: drawAll};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  // Charts that arrive with an htmx update are drawn as they settle.
  document.addEventListener("htmx:afterSettle", function (event) {
    drawAll(event.detail && event.detail.elt ? event.detail.elt : document);
  });
})();
