/* The catalogue's search page: suggestions while typing, and filters that apply at once.
 *
 * The search field is an ARIA 1.2 combobox with a listbox popup: arrow keys move through the
 * suggestions (announced through aria-activedescendant, focus stays in the field), Enter opens the
 * highlighted entry or searches for the highlighted word, Escape closes the list. Without this
 * script the page is a plain GET form and everything still works. */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function setUpCombobox(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.id + "-status");
    var url = input.getAttribute("data-autocomplete-url");
    if (!list || !url) { return; }
    var options = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      options.forEach(function (item, i) {
        item.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var choice = options[index];
      if (!choice) { return; }
      close();
      if (choice.url) {
        window.location.assign(choice.url);
        return;
      }
      input.value = choice.text;
      if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
    }

    function show(completions) {
      list.innerHTML = "";
      options = completions.map(function (completion, i) {
        var element = document.createElement("li");
        element.id = input.id + "-option-" + i;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        var text = document.createElement("span");
        text.textContent = completion.text;
        element.appendChild(text);
        if (completion.kind_label) {
          var kind = document.createElement("span");
          kind.className = "spred-option-kind";
          kind.textContent = completion.kind_label;
          element.appendChild(kind);
        }
        // mousedown, not click: a click would first blur the field and close the list.
        element.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(element);
        return { element: element, text: completion.text, url: completion.url };
      });
      active = -1;
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      if (status) {
        var template = options.length === 1 ? list.getAttribute("data-one") : list.getAttribute("data-many");
        status.textContent = options.length && template ? template.replace("%s", options.length) : "";
      }
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH) { close(); return; }
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { completions: [] }; })
        .then(function (data) {
          // An answer to an older keystroke must not replace a newer one.
          if (ticket === latest && document.activeElement === input) { show(data.completions || []); }
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) { fetchSuggestions(); return; }
        event.preventDefault();
        highlight(active < options.length - 1 ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  // Ticking a filter or choosing a sort order searches at once; the htmx request keeps the
  // page and the focus where they are, and the new count is read out (spred.js).
  function submitOnChange(form) {
    form.addEventListener("change", function (event) {
      var field = event.target;
      if (!field || field.type !== "checkbox") { return; }
      if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.submit(); }
    });
  }

  function start() {
    var input = document.getElementById("catalogue-q");
    if (input) { setUpCombobox(input); }
    var form = document.getElementById("catalogue-search");
    if (form) { submitOnChange(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
