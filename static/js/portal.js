// Site-wide. htmx requests carry the CSRF token read fresh from its cookie, so
// they keep working after the user signs in again (Django rotates the token).
(function () {
  "use strict";
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  window.portalCsrfToken = csrfToken;

  // A form sent back with errors: take the keyboard (and screen readers) to the
  // summary of what to fix, on every page.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
  // 2.4.11: a bar fixed to the bottom of the screen (the member's review bar) never
  // hides the control that has focus. The page keeps that much room at the bottom
  // when it scrolls a focused control into view, and moves one the bar still covers.
  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.querySelector("[data-sticky-bottom]");
    if (!bar) return;
    function keepRoom() {
      document.documentElement.style.scrollPaddingBottom = bar.offsetHeight + 8 + "px";
    }
    keepRoom();
    if (window.ResizeObserver) new ResizeObserver(keepRoom).observe(bar);
    document.addEventListener("focusin", function (event) {
      var target = event.target;
      if (bar.contains(target)) return;
      var box = target.getBoundingClientRect();
      var top = bar.getBoundingClientRect().top;
      if (box.bottom > top) window.scrollBy({ top: box.bottom - top + 8, behavior: "instant" });
    });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
})();
