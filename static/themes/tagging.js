// Tag a row of the minutes (an item, a point or an action) with the body's themes
// (themes/): Alt+T while the focus is in a saved row opens a dialog of the themes, each
// a checkbox; ticking one tags the row at once, unticking removes the tag. Escape (or
// Done) closes it and puts the focus back where it was. Load it with the endpoint:
//   <script src="{% static 'themes/tagging.js' %}" data-tag-url="{% url 'themes:tag' %}"></script>
(function () {
  "use strict";
  var script = document.currentScript;
  var tagUrl = script && script.dataset.tagUrl;
  if (!tagUrl) return;
  var ROW = '[data-kind="point"][data-id], [data-kind="item"][data-id], [data-kind="action"][data-id]';

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function dialog() {
    var box = document.getElementById("theme-dialog");
    if (box) return box;
    box = document.createElement("dialog");
    box.id = "theme-dialog";
    box.className = "theme-dialog card card-body";
    box.setAttribute("aria-labelledby", "theme-dialog-title");
    box.innerHTML =
      '<h2 class="h5" id="theme-dialog-title">Themes</h2>' +
      '<fieldset><legend class="visually-hidden">Themes of this row</legend><div class="theme-options"></div></fieldset>' +
      '<p class="small theme-dialog-status" role="status" aria-live="polite"></p>' +
      '<button type="button" class="btn btn-primary btn-sm" data-theme-done>Done</button>';
    document.body.append(box);
    box.querySelector("[data-theme-done]").addEventListener("click", function () { box.close(); });
    // The editor listens for Escape on the page; the dialog closes on it first.
    window.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !box.open) return;
      event.preventDefault();
      event.stopPropagation();
      box.close();
    }, true);
    box.addEventListener("close", function () {
      if (box.returnFocus) box.returnFocus.focus();
    });
    return box;
  }

  function render(box, kind, id, themes) {
    var options = box.querySelector(".theme-options");
    options.textContent = "";
    if (!themes.length) {
      options.textContent = "This body has no themes yet.";
      return;
    }
    themes.forEach(function (theme) {
      var wrap = document.createElement("div");
      wrap.className = "form-check";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.className = "form-check-input";
      input.id = "theme-option-" + theme.id;
      input.checked = theme.on;
      input.addEventListener("change", function () { toggle(box, kind, id, theme, input); });
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      label.textContent = theme.name;
      wrap.append(input, label);
      options.append(wrap);
    });
  }

  function status(box, text) {
    box.querySelector(".theme-dialog-status").textContent = text;
  }

  function toggle(box, kind, id, theme, input) {
    var body = new URLSearchParams({ kind: kind, row: id, theme: theme.id, on: input.checked ? "on" : "" });
    fetch(tagUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function () {
      status(box, (input.checked ? "Tagged with " : "Untagged from ") + theme.name + ".");
    }).catch(function () {
      input.checked = !input.checked;
      status(box, "Not saved: try again.");
    });
  }

  function open(row) {
    var kind = row.dataset.kind;
    var id = row.dataset.id;
    var box = dialog();
    box.returnFocus = document.activeElement;
    status(box, "");
    var params = new URLSearchParams({ kind: kind, row: id });
    fetch(tagUrl + "?" + params, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        render(box, kind, id, data.themes);
        box.querySelector("#theme-dialog-title").textContent = "Themes of this " + kind;
        if (!box.open) box.showModal();
        var first = box.querySelector("input");
        (first || box.querySelector("[data-theme-done]")).focus();
      });
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (!(event.code === "KeyT" || event.key === "t" || event.key === "T")) return;
    var row = event.target.closest && event.target.closest(ROW);
    if (!row) return;
    event.preventDefault();
    open(row);
  });
})();
