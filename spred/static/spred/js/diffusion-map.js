/* The municipality tile map: show the name and status of the tile under the pointer or with
 * keyboard focus in a line under the map. The same text is each tile's accessible name and
 * hover title, so the map works without this script; the line is hidden from screen readers
 * (they already hear the tile's name). */
(function () {
  "use strict";
  if (window.spredTileMap) { return; }  // included once per map, run once per page
  window.spredTileMap = true;

  function readoutFor(tile) {
    var map = tile.closest("[data-spred-tilemap]");
    return map ? map.querySelector("[data-spred-tilemap-readout]") : null;
  }

  function show(event) {
    var tile = event.target.closest ? event.target.closest(".spred-tile") : null;
    if (!tile) { return; }
    var readout = readoutFor(tile);
    if (readout) { readout.textContent = tile.getAttribute("aria-label") || ""; }
  }

  function reset(event) {
    var tile = event.target.closest ? event.target.closest(".spred-tile") : null;
    if (!tile) { return; }
    var readout = readoutFor(tile);
    if (readout) { readout.textContent = readout.getAttribute("data-default") || ""; }
  }

  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("mouseout", reset);
  document.addEventListener("focusout", reset);
}());
