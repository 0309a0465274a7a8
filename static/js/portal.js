// Site-wide: htmx requests carry the CSRF token read fresh from its cookie, so
// they keep working after the user signs in again (Django rotates the token).
(function () {
  "use strict";
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  window.portalCsrfToken = csrfToken;
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
})();
