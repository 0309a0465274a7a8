// The minutes editor: every row is a form saved in the background.
//
// - A change is sent within DEBOUNCE ms, one request in flight per row; more
//   typing meanwhile is sent when that request returns.
// - Rows typed into the page are created on their first save.
// - Network failures and server errors are retried with back-off until they
//   work; an expired sign-in shows a banner and keeps retrying, so the text is
//   saved as soon as the officer has signed in again in another tab.
// - A stale version (someone else saved first) shows both texts to choose from.
// - Text lives only in this page, never in localStorage: PCs are shared.
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  if (!editor) return;
  const statusEl = document.getElementById("save-status");
  const banner = document.getElementById("session-banner");
  const DEBOUNCE = 700;
  const MAX_RETRY_DELAY = 8000;
  const rows = new WeakMap();
  let newCounter = 0;

  function row(form) {
    let r = rows.get(form);
    if (!r) {
      r = { timer: null, retryTimer: null, inflight: false, dirty: false, edits: 0, retryDelay: 1000, unknown: [] };
      rows.set(form, r);
    }
    return r;
  }
  const forms = () => Array.from(editor.querySelectorAll("form[data-autosave]"));
  const unsaved = () => forms().filter((f) => row(f).dirty || row(f).inflight);

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  }
  function refreshStatus(savedAt) {
    const waiting = unsaved();
    if (waiting.some((f) => row(f).retryTimer)) setStatus("Not saved - retrying", "error");
    else if (waiting.length) setStatus("Saving…", "pending");
    else if (savedAt) setStatus("Saved " + savedAt, "saved");
  }
  function message(form, html, kind) {
    const box = form.querySelector(".row-message");
    box.className = "col-12 row-message small " + (kind ? "text-" + kind : "");
    box.replaceChildren();
    if (html) box.append(html);
    return box;
  }
  function text(str) {
    return document.createTextNode(str);
  }

  function changed(form) {
    const r = row(form);
    r.dirty = true;
    r.edits += 1;
    clearTimeout(r.timer);
    r.timer = setTimeout(() => save(form), DEBOUNCE);
    if (!r.retryTimer) setStatus("Unsaved changes…", "pending");
  }

  function requiredFilled(form) {
    const name = form.dataset.required;
    return !name || (form.elements[name] && form.elements[name].value.trim() !== "");
  }
  function hasContent(form) {
    return Array.from(form.elements).some(
      (el) => (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "hidden" && el.type !== "checkbox" && el.type !== "date")) && el.value.trim()
    );
  }
  function itemOf(form) {
    return form.closest(".agenda-item");
  }
  function createUrl(form) {
    const kind = form.dataset.kind;
    if ((kind === "point" || kind === "action") && !form.elements.namedItem("item").value) return null;
    return editor.dataset[kind + "Create"];
  }
  function previousId(form) {
    const container = form.closest("li, article");
    let sibling = container && container.previousElementSibling;
    while (sibling) {
      const f = sibling.querySelector("form[data-autosave]");
      if (f && f.dataset.id && f.dataset.kind === form.dataset.kind) return f.dataset.id;
      sibling = sibling.previousElementSibling;
    }
    return "";
  }

  function retryLater(form) {
    const r = row(form);
    clearTimeout(r.retryTimer);
    r.retryTimer = setTimeout(() => {
      r.retryTimer = null;
      save(form);
    }, r.retryDelay);
    r.retryDelay = Math.min(r.retryDelay * 2, MAX_RETRY_DELAY);
    setStatus("Not saved - retrying", "error");
  }

  async function save(form) {
    const r = row(form);
    clearTimeout(r.timer);
    if (r.deleted || !r.dirty) return;
    if (r.inflight) {
      r.again = true;
      return;
    }
    const creating = !form.dataset.saveUrl;
    if (creating && !requiredFilled(form)) {
      if (hasContent(form)) {
        const field = form.elements.namedItem(form.dataset.required);
        const label = field.labels && field.labels[0] ? field.labels[0].textContent : form.dataset.required;
        message(form, text("Not saved yet: fill in the " + label.toLowerCase() + " to keep this row."), "danger");
      } else {
        r.dirty = false; // an untouched new row: nothing to keep
        message(form, null);
        refreshStatus("(nothing to save)");
      }
      return;
    }
    const url = creating ? createUrl(form) : form.dataset.saveUrl;
    if (!url) return; // its agenda item is not saved yet: saved with it
    const body = new FormData(form);
    if (creating) body.set("after", previousId(form));
    const editsSent = r.edits;
    r.inflight = true;
    refreshStatus();
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": window.portalCsrfToken(), Accept: "application/json" },
      });
    } catch (error) {
      r.inflight = false;
      retryLater(form);
      return;
    }
    r.inflight = false;
    if (response.type === "opaqueredirect" || response.status === 403) {
      // Signed out (the login redirect) or a stale CSRF token after signing in again.
      banner.hidden = false;
      retryLater(form);
      return;
    }
    banner.hidden = true;
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (response.ok && r.deleted) {
      // Deleted while its first save was on the way: delete what that save created.
      if (creating && data.urls) deleteCreated(data.urls.delete);
      r.dirty = false;
      refreshStatus(data.saved_at);
      return;
    }
    if (response.ok) {
      r.retryDelay = 1000;
      applySaved(form, data, creating);
      if (r.edits === editsSent) r.dirty = false;
      refreshStatus(data.saved_at);
    } else if (response.status === 400 && data.errors) {
      showErrors(form, data.errors);
      setStatus("Not saved: check the highlighted row", "error");
    } else if (response.status === 409 && data.conflict) {
      showConflict(form, data.conflict, data.error);
      setStatus("Not saved: choose a version", "error");
    } else if (response.status === 409 || response.status === 404) {
      r.dirty = false;
      message(form, text(data.error || "This row no longer exists: it was deleted elsewhere."), "danger");
      setStatus("Not saved", "error");
    } else {
      retryLater(form);
      return;
    }
    if (r.again || (r.dirty && r.edits !== editsSent)) {
      r.again = false;
      save(form);
    }
  }

  function applySaved(form, data, creating) {
    const r = row(form);
    form.elements.version.value = data.version;
    if (data.urls) {
      form.dataset.id = data.id;
      form.dataset.saveUrl = data.urls.save;
      form.dataset.deleteUrl = data.urls.delete;
      form.dataset.moveUrl = data.urls.move;
    }
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    const people = form.querySelector("[data-people]");
    if (people && data.people !== undefined && document.activeElement !== people && !people.value.trim()) {
      people.value = data.people; // the speaker read from "MT reported…"
    }
    r.unknown = data.unknown || [];
    if (r.unknown.length) showUnknown(form, r.unknown);
    else message(form, null);
    if (creating && form.dataset.kind === "item") adoptItem(form, data.id);
  }

  function adoptItem(form, id) {
    // Points and actions typed under a new item wait for it; now they can save.
    const article = itemOf(form);
    article.dataset.item = id;
    article.querySelectorAll("input[name=item]").forEach((input) => {
      input.value = id;
      const child = input.form;
      if (row(child).dirty) save(child);
    });
  }

  function showErrors(form, errors) {
    const list = document.createElement("ul");
    list.className = "mb-0 ps-3";
    Object.entries(errors).forEach(([field, problems]) => {
      const input = form.elements[field];
      if (input && input.classList) input.classList.add("is-invalid");
      problems.forEach((p) => {
        const li = document.createElement("li");
        li.textContent = (input && input.labels && input.labels[0] ? input.labels[0].textContent + ": " : "") + p.message;
        list.append(li);
      });
    });
    const box = message(form, text("Not saved yet — your text is kept here: "), "danger");
    box.setAttribute("role", "alert");
    box.append(list);
  }

  function showUnknown(form, unknown) {
    const box = message(form, null, "danger");
    unknown.forEach((initials) => {
      const p = document.createElement("p");
      p.className = "mb-1";
      p.append(text(initials + " is not on this meeting's attendance, so it was not recorded as " +
        (form.dataset.kind === "action" ? "an owner" : "a speaker") + ". The text is saved. "));
      const add = document.createElement("button");
      add.type = "button";
      add.className = "btn btn-sm btn-outline-danger";
      add.textContent = "Add " + initials + " to the attendance";
      add.addEventListener("click", () => offerGuest(initials));
      p.append(add);
      box.append(p);
    });
  }

  function offerGuest(initials) {
    const details = document.getElementById("guest-details");
    details.open = true;
    document.getElementById("guest-initials").value = initials;
    document.getElementById("guest-name").focus();
  }

  function showConflict(form, conflict, explanation) {
    const box = message(form, null, "danger");
    box.setAttribute("role", "alert");
    const intro = document.createElement("p");
    intro.className = "mb-1 fw-semibold";
    intro.textContent = explanation;
    box.append(intro);
    const table = document.createElement("dl");
    table.className = "row mb-1 conflict";
    Object.entries(conflict.fields).forEach(([name, theirs]) => {
      const input = form.elements[name];
      if (!input || input.type === "hidden") return;
      const mine = input.type === "checkbox" ? input.checked : input.value;
      const theirsText = theirs === null ? "" : String(theirs);
      if (String(mine) === theirsText) return;
      const label = input.labels && input.labels[0] ? input.labels[0].textContent : name;
      [["Theirs", theirsText], ["Yours", String(mine)]].forEach(([who, value]) => {
        const dt = document.createElement("dt");
        dt.className = "col-md-2";
        dt.textContent = who + " (" + label + ")";
        const dd = document.createElement("dd");
        dd.className = "col-md-10 conflict-" + who.toLowerCase();
        dd.textContent = value;
        table.append(dt, dd);
      });
    });
    box.append(table);
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-sm btn-danger me-2";
    keep.textContent = "Keep mine";
    keep.addEventListener("click", () => {
      form.elements.version.value = conflict.version;
      row(form).dirty = true;
      message(form, null);
      save(form);
    });
    const take = document.createElement("button");
    take.type = "button";
    take.className = "btn btn-sm btn-outline-secondary";
    take.textContent = "Use theirs";
    take.addEventListener("click", () => {
      Object.entries(conflict.fields).forEach(([name, value]) => {
        const input = form.elements[name];
        if (!input || input.type === "hidden") return;
        if (input.type === "checkbox") input.checked = Boolean(value);
        else input.value = value === null ? "" : value;
      });
      form.elements.version.value = conflict.version;
      row(form).dirty = false;
      message(form, null);
      refreshStatus("(their version kept)");
    });
    box.append(keep, take);
  }

  // --- Adding, deleting, moving rows --------------------------------------------
  function fromTemplate(id) {
    newCounter += 1;
    const html = document.getElementById(id).innerHTML.replaceAll("__new__", "new" + newCounter);
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }
  function addPoint(item, afterLi) {
    const li = fromTemplate("tpl-point");
    li.querySelector("input[name=item]").value = item.dataset.item || "";
    const list = item.querySelector(".points");
    if (afterLi) afterLi.after(li);
    else list.append(li);
    li.querySelector("textarea").focus();
    return li;
  }
  function addAction(item) {
    const li = fromTemplate("tpl-action");
    li.querySelector("input[name=item]").value = item.dataset.item || "";
    item.querySelector(".actions").append(li);
    li.querySelector("[data-people]").focus();
  }
  function addItem() {
    const article = fromTemplate("tpl-item");
    const numbers = Array.from(editor.querySelectorAll(".item-form input[name=number]"))
      .map((input) => parseInt(input.value, 10)).filter((n) => !Number.isNaN(n));
    article.querySelector("input[name=number]").value = numbers.length ? Math.max(...numbers) + 1 : 1;
    document.getElementById("items").append(article);
    article.querySelector("input[name=title]").focus();
  }

  async function post(url, data) {
    const body = new FormData();
    Object.entries(data || {}).forEach(([k, v]) => body.set(k, v));
    const response = await fetch(url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": window.portalCsrfToken(), Accept: "application/json" },
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  async function deleteCreated(url, attempt) {
    try {
      await post(url);
    } catch (error) {
      if ((attempt || 0) < 5) setTimeout(() => deleteCreated(url, (attempt || 0) + 1), 2000);
    }
  }

  async function deleteRow(form) {
    const container = form.closest("li, article");
    const hasText = hasContent(form);
    const what = form.dataset.kind === "item" ? "this agenda item with all its points and actions" : "this " + form.dataset.kind;
    if ((hasText || form.dataset.kind === "item") && !window.confirm("Delete " + what + "?")) return;
    row(form).deleted = true;
    clearTimeout(row(form).timer);
    if (form.dataset.deleteUrl) {
      try {
        await post(form.dataset.deleteUrl);
      } catch (error) {
        row(form).deleted = false;
        message(form, text("Could not delete: check the connection and try again."), "danger");
        return;
      }
    }
    const next = container.nextElementSibling || container.previousElementSibling;
    container.remove();
    const focusable = next && next.querySelector("textarea, input:not([type=hidden])");
    if (focusable) focusable.focus();
    refreshStatus(new Date().toLocaleTimeString("en-GB"));
  }

  async function moveRow(form, direction) {
    const container = form.closest("li, article");
    const sibling = direction === "up" ? container.previousElementSibling : container.nextElementSibling;
    if (!sibling) return;
    if (form.dataset.moveUrl) {
      if (row(form).dirty) await save(form);
      try {
        const data = await post(form.dataset.moveUrl, { direction: direction });
        if (!data.moved) return;
        // Both rows changed order, and version: keep saving against the new ones.
        Object.entries(data.versions).forEach(([id, version]) => {
          const moved = editor.querySelector(
            'form[data-kind="' + form.dataset.kind + '"][data-id="' + id + '"]'
          );
          if (moved) moved.elements.namedItem("version").value = version;
        });
      } catch (error) {
        message(form, text("Could not move: check the connection and try again."), "danger");
        return;
      }
    }
    if (direction === "up") sibling.before(container);
    else sibling.after(container);
  }

  // --- Events ---------------------------------------------------------------------
  editor.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.matches("[data-autosave]")) changed(form);
  });
  editor.addEventListener("change", (event) => {
    const form = event.target.form;
    if (form && form.matches("[data-autosave]")) {
      changed(form);
      save(form);
    }
  });
  editor.addEventListener("focusout", (event) => {
    const form = event.target.form;
    if (form && form.matches("[data-autosave]") && row(form).dirty) save(form);
  });
  editor.addEventListener("submit", (event) => {
    if (event.target.matches("[data-autosave]")) {
      event.preventDefault();
      save(event.target);
    }
  });
  editor.addEventListener("click", (event) => {
    const button = event.target.closest("[data-row-action], [data-add]");
    if (!button) return;
    const form = button.closest("form[data-autosave]");
    const action = button.dataset.rowAction;
    if (action === "delete") deleteRow(form);
    else if (action === "move-up") moveRow(form, "up");
    else if (action === "move-down") moveRow(form, "down");
    else if (button.dataset.add === "point") addPoint(button.closest(".agenda-item"));
    else if (button.dataset.add === "action") addAction(button.closest(".agenda-item"));
    else if (button.dataset.add === "item") addItem();
  });
  editor.addEventListener("keydown", (event) => {
    const target = event.target;
    const form = target.form;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && target.matches(".point-text")) {
      event.preventDefault();
      if (!target.value.trim()) return;
      save(form);
      addPoint(itemOf(form), form.closest("li"));
    } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && form && form.matches("[data-autosave]")) {
      event.preventDefault();
      moveRow(form, event.key === "ArrowUp" ? "up" : "down").then(() => target.focus());
    } else if (event.altKey && (event.key === "a" || event.key === "A") && form && itemOf(form)) {
      event.preventDefault();
      addAction(itemOf(form));
    } else if (event.altKey && (event.key === "n" || event.key === "N")) {
      event.preventDefault();
      addItem();
    }
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select");
    if (event.key === "?" && !typing) {
      window.bootstrap.Modal.getOrCreateInstance(document.getElementById("shortcuts")).show();
    }
  });

  // Attendance added (htmx): clear the box, and re-save rows whose initials were unknown.
  document.body.addEventListener("attendance-added", (event) => {
    const form = event.target.closest("form");
    if (form && form.matches("[data-add-attendee]")) {
      form.elements.who.value = "";
      form.querySelector("[id^=add-error]").textContent = "";
      form.elements.who.focus();
    } else if (form && form.id === "guest-form") {
      form.reset();
    }
    forms().filter((f) => row(f).unknown.length).forEach((f) => {
      row(f).dirty = true;
      save(f);
    });
  });

  window.addEventListener("online", () => unsaved().forEach((f) => save(f)));
  window.addEventListener("beforeunload", (event) => {
    if (unsaved().length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
