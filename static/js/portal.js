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
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
})();
