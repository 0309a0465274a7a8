// Move focus to the error summary so screen-reader and keyboard users hear what to fix.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
