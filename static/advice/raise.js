// Turn a point of the minutes into advice (advice/): a button on every saved point row
// (`[data-kind="point"][data-id]`, the editor's and the meeting's advice page) and
// Alt+R while the focus is in a point. Load it with the endpoint's address:
//   <script src="{% static 'advice/raise.js' %}" data-raise-url="{% url 'advice:raise' %}"></script>
(function () {
  "use strict";
  var script = document.currentScript;
  var raiseUrl = script && script.dataset.raiseUrl;
  if (!raiseUrl) return;
  var POINT = '[data-kind="point"]';

  function statusRegion() {
    var region = document.getElementById("advice-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "advice-status";
      region.className = "advice-status small";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.append(region);
    }
    return region;
  }

  function announce(text) {
    statusRegion().textContent = text;
  }

  function addButton(row) {
    if (row.querySelector("[data-raise-advice]")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-link p-0 raise-advice";
    button.dataset.raiseAdvice = "";
    button.textContent = "Advice";
    button.setAttribute("aria-keyshortcuts", "Alt+R");
    button.title = "Raise this point as advice (Alt+R)";
    (row.querySelector(".row-tools") || row).append(button);
  }

  function marked(row, data) {
    row.dataset.adviceId = data.id;
    var button = row.querySelector("[data-raise-advice]");
    if (button) button.textContent = "Advice raised";
    if (!row.querySelector("[data-advice-link]")) {
      var link = document.createElement("a");
      link.href = data.url;
      link.dataset.adviceLink = "";
      link.className = "small ms-1 advice-link";
      link.textContent = "Say to whom";
      (button || row).after(link);
    }
  }

  function raise(row) {
    var id = row.dataset.id;
    if (!id) {
      announce("Save the point first: it is saved within two seconds of typing.");
      return Promise.resolve();
    }
    var body = new FormData();
    body.append("point", id);
    return fetch(raiseUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": window.portalCsrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, data: data }; },
          function () { return { ok: false, data: {} }; }
        );
      })
      .then(function (result) {
        if (!result.ok) {
          announce(result.data.error || "The advice could not be raised: try again.");
          return;
        }
        marked(row, result.data);
        announce(result.data.message + " Follow “Say to whom” to name the addressee.");
      })
      .catch(function () {
        announce("The advice could not be raised: check the connection and try again.");
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-raise-advice]");
    var row = button && button.closest(POINT);
    if (!row) return;
    event.preventDefault();
    raise(row);
  });

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== "KeyR") return;
    var row = event.target.closest && event.target.closest(POINT);
    if (!row) return;
    event.preventDefault();
    raise(row);
  });

  function decorate() {
    document.querySelectorAll(POINT).forEach(addButton);
  }
  decorate();
  // The editor adds point rows as the officer types.
  new MutationObserver(decorate).observe(document.body, { childList: true, subtree: true });
})();
