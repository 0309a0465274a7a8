// Amend form: start the new text from the chosen item title or point as it stands.
(function () {
  "use strict";
  var data = document.getElementById("amend-current-texts");
  var target = document.getElementById("id_target");
  var text = document.getElementById("id_new_text");
  if (!data || !target || !text) return;
  var texts = JSON.parse(data.textContent);
  var filled = text.value;
  function startFromChosen() {
    // Never overwrite what the officer typed themselves.
    if (text.value === "" || text.value === filled) {
      filled = texts[target.value] || "";
      text.value = filled;
    }
  }
  target.addEventListener("change", startFromChosen);
  // A choice made before this script ran (a fast hand, a slow page) counts too.
  if (target.value && text.value === "") startFromChosen();
})();
