// Matters arising: after a row is updated, closed or reopened with htmx, keep
// the keyboard where the officer is working: the row's update box if the action
// is still open, else the next open action's update box.
(function () {
  "use strict";

  function nextUpdateInput(row) {
    var next = row.nextElementSibling;
    while (next) {
      var input = next.querySelector(".action-update-input");
      if (input) {
        return input;
      }
      next = next.nextElementSibling;
    }
    return null;
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id || target.id.indexOf("review-action-") !== 0) {
      return;
    }
    // An outerHTML swap replaces the element: find the new one by its id.
    var row = document.getElementById(target.id);
    if (!row) {
      return;
    }
    var own = row.querySelector(".action-update-input");
    var focus = own || nextUpdateInput(row) || row.querySelector("button");
    if (focus) {
      focus.focus();
    }
  });
})();
