// The minutes editor: every row is a form saved in the background.
//
// The design that keeps every word exactly once:
// - Each row the page creates gets a client key (a UUID) before its first save;
//   the server stores it under a unique constraint and answers a repeated create
//   with the row it already made. A retry can never make a second row.
// - Per row, one request at a time, strictly in order: the create first, then
//   updates; typing meanwhile is sent when the answer (and the id) is back.
// - Within a list, rows are created in the order they stand on the page: a new
//   row waits for the create of the row above it, so "after" is always known.
// - After each save, the row shows what the server holds (its answer), unless
//   the officer typed on meanwhile; attendance rows are only ever drawn from the
//   server's answer.
// - The page polls the minutes' revision; what other officers saved, deleted or
//   moved is shown within seconds. A row being typed in is never overwritten:
//   the officer is told, with both versions, and their text stays.
// - Network failures and server errors are retried with back-off; an expired
//   sign-in shows a banner and keeps retrying.
// - Text lives only in this page, never in localStorage: PCs are shared.
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  if (!editor || editor.hasAttribute("data-locked")) return; // locked: nothing is live
  const statusEl = document.getElementById("save-status");
  const announceEl = document.getElementById("save-announce");
  const banner = document.getElementById("session-banner");
  const remoteBanner = document.getElementById("remote-banner");
  const bar = document.getElementById("editor-bar");
  const DEBOUNCE = 700;
  const MAX_RETRY_DELAY = 8000;
  const POLL_EVERY = 2000;
  const KINDS = ["attendance", "item", "point", "action"];
  const rows = new WeakMap();
  let newCounter = 0;
  let revision = editor.dataset.revision || "";
  let currentItem = null;

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    // crypto.randomUUID needs a secure context; getRandomValues does not (plain-http intranets).
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function row(form) {
    let r = rows.get(form);
    if (!r) {
      r = {
        timer: null, retryTimer: null, inflight: false, dirty: false, edits: 0, retryDelay: 1000,
        unknown: [], waiters: [], touched: 0, deleted: false, failed: false, gone: false, notified: 0,
      };
      rows.set(form, r);
    }
    return r;
  }
  const forms = () => Array.from(editor.querySelectorAll("form[data-autosave]"));
  const unsaved = () => forms().filter((f) => (row(f).dirty && !row(f).deleted) || row(f).inflight);
  const attendanceQueue = [];
  function labelOf(input, fallback) {
    if (input && input.labels && input.labels[0]) return input.labels[0].textContent.trim();
    return fallback;
  }
  const containerOf = (form) => form.closest("li, article");
  const itemOf = (form) => form.closest(".agenda-item");
  const focusedIn = (el) => el.contains(document.activeElement);

  // --- Status: shown always, announced only when its state changes ---------------
  // A screen reader hears "Saved" once the officer's typing is saved, and a failure
  // once: not each pause in typing, nor each retry of a save that keeps failing.
  let heard = { state: statusEl.dataset.state, words: statusEl.textContent };
  let typedSinceHeard = false;
  function announce(words) {
    announceEl.textContent = words;
  }
  function setStatus(words, state) {
    statusEl.textContent = words;
    statusEl.dataset.state = state;
    if (state === "pending") return;
    const news =
      state === "saved" ? heard.state !== "saved" || typedSinceHeard : heard.words !== words;
    if (!news) return;
    announce(words);
    heard = { state, words };
    typedSinceHeard = false;
  }
  function refreshStatus(savedAt) {
    const waiting = unsaved();
    if (waiting.some((f) => row(f).retryTimer)) setStatus("Not saved - retrying", "error");
    else if (waiting.length || attendanceQueue.length) setStatus("Saving…", "pending");
    else if (savedAt) setStatus("Saved " + savedAt, "saved");
    else if (statusEl.dataset.state === "pending") setStatus("All changes saved", "saved");
  }
  function message(form, node, kind) {
    const box = form.querySelector(".row-message");
    box.className = "col-12 row-message small " + (kind ? "text-" + kind : "");
    box.removeAttribute("role");
    box.replaceChildren();
    if (node) box.append(node);
    return box;
  }
  function text(str) {
    return document.createTextNode(str);
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "className") node.className = v;
      else if (k === "onclick") node.addEventListener("click", v);
      else node.setAttribute(k, v);
    });
    children.forEach((c) => node.append(typeof c === "string" ? text(c) : c));
    return node;
  }

  function changed(form) {
    const r = row(form);
    r.dirty = true;
    r.edits += 1;
    r.touched = performance.now();
    clearTimeout(r.timer);
    r.timer = setTimeout(() => save(form), DEBOUNCE);
    typedSinceHeard = true;
    if (!r.retryTimer) setStatus("Unsaved changes…", "pending");
  }

  function requiredFilled(form) {
    const name = form.dataset.required;
    return !name || (form.elements[name] && form.elements[name].value.trim() !== "");
  }
  function hasContent(form) {
    return Array.from(form.elements).some(
      (e) => (e.tagName === "TEXTAREA" || (e.tagName === "INPUT" && !["hidden", "checkbox", "date"].includes(e.type))) && e.value.trim()
    );
  }
  function createUrl(form) {
    const kind = form.dataset.kind;
    if ((kind === "point" || kind === "action") && !form.elements.namedItem("item").value) return null;
    return editor.dataset[kind + "Create"];
  }

  // --- Creating in page order -----------------------------------------------------
  function pendingCreate(form) {
    const r = row(form);
    return !form.dataset.id && !r.deleted && !r.failed && (r.inflight || (r.dirty && requiredFilled(form)));
  }
  // The row this one is created after: the nearest earlier row of its kind with
  // an id. If a nearer one is still being created, wait for it (returned).
  function placement(form) {
    let sibling = containerOf(form).previousElementSibling;
    while (sibling) {
      const f = sibling.querySelector("form[data-autosave]");
      if (f && f.dataset.kind === form.dataset.kind) {
        if (f.dataset.id) return { after: f.dataset.id };
        if (pendingCreate(f)) return { wait: f };
      }
      sibling = sibling.previousElementSibling;
    }
    return { after: "" };
  }
  function settle(form) {
    const r = row(form);
    const waiters = r.waiters;
    r.waiters = [];
    waiters.forEach((fn) => fn());
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
    if (r.deleted || r.gone || !r.dirty) return;
    if (r.inflight) {
      r.again = true;
      return;
    }
    const creating = !form.dataset.saveUrl;
    if (creating && !requiredFilled(form)) {
      if (hasContent(form)) {
        const field = form.elements.namedItem(form.dataset.required);
        const label = labelOf(field, form.dataset.required).toLowerCase();
        message(form, text("Not saved yet: fill in the " + label + " to keep this row."), "danger");
      } else {
        r.dirty = false; // an untouched new row: nothing to keep
        message(form, null);
        refreshStatus();
      }
      settle(form);
      return;
    }
    const url = creating ? createUrl(form) : form.dataset.saveUrl;
    if (!url) return; // its agenda item is not saved yet: saved when it is (adoptItem)
    const body = new FormData(form);
    if (creating) {
      const place = placement(form);
      if (place.wait) {
        row(place.wait).waiters.push(() => save(form));
        refreshStatus();
        return;
      }
      body.set("after", place.after);
      if (!form.elements.namedItem("client_key").value) form.elements.namedItem("client_key").value = uuid4();
      body.set("client_key", form.elements.namedItem("client_key").value);
    }
    const editsSent = r.edits;
    r.inflight = true;
    r.failed = false;
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
    // Still in flight until the answer is read and applied: a save started while
    // the body is read would otherwise go out as a second create.
    let data = {};
    try {
      if (response.type !== "opaqueredirect") data = await response.json();
    } catch (error) {
      data = {};
    }
    r.inflight = false;
    r.touched = performance.now();
    if (response.type === "opaqueredirect" || response.status === 403) {
      // Signed out (the login redirect) or a stale CSRF token after signing in again.
      banner.hidden = false;
      retryLater(form);
      return;
    }
    banner.hidden = true;
    if (response.ok && r.deleted) {
      // Deleted while its first save was on the way: delete what that save created.
      if (creating && data.urls) deleteCreated(data.urls.delete);
      r.dirty = false;
      settle(form);
      refreshStatus(data.saved_at);
      return;
    }
    if (response.ok) {
      r.retryDelay = 1000;
      // A repeated create is answered with the row as first made: if that is not
      // what this request carried, the difference is sent again as an update.
      const behind = creating && data.fields && answerLacks(form, data.fields, body);
      if (r.edits === editsSent && !behind) r.dirty = false;
      if (behind) r.again = true;
      applySaved(form, data, r.edits === editsSent && !behind);
      settle(form);
      refreshStatus(data.saved_at);
    } else if (response.status === 400 && data.errors) {
      r.failed = creating;
      settle(form);
      showErrors(form, data.errors);
      setStatus("Not saved: check the highlighted row", "error");
    } else if (response.status === 409 && data.conflict) {
      showConflict(form, data.conflict, data.error);
      setStatus("Not saved: choose a version", "error");
    } else if (response.status === 404 && !creating) {
      goneElsewhere(form);
    } else if (response.status === 409 && data.locked) {
      lockedElsewhere(data.error);
    } else if (response.status >= 400 && response.status < 500) {
      r.failed = creating;
      settle(form);
      message(form, text(data.error || "Not saved: the server refused this row."), "danger");
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

  // The row as the server holds it, shown unless the officer typed on meanwhile.
  function applySaved(form, data, untouched) {
    const r = row(form);
    form.elements.namedItem("version").value = data.version;
    if (data.urls) {
      const wasNew = !form.dataset.id;
      const copy = wasNew && findForm(form.dataset.kind, data.id);
      if (copy && copy !== form) containerOf(copy).remove(); // never two forms for one row
      form.dataset.id = data.id;
      form.dataset.saveUrl = data.urls.save; // its delete and move URLs follow from it
      const container = containerOf(form);
      container.dataset.row = form.dataset.kind + "-" + data.id;
      if (wasNew && form.dataset.kind === "item") adoptItem(form, data.id);
    }
    form.querySelectorAll(".is-invalid").forEach((e) => {
      e.classList.remove("is-invalid");
      e.removeAttribute("aria-invalid");
    });
    if (untouched && data.fields) {
      const fields = Object.assign({}, data.fields);
      // Initials the server could not resolve stay as typed, beside the message.
      if ((data.unknown || []).length || (data.ambiguous || []).length) {
        delete fields.speakers_text;
        delete fields.owners_text;
      }
      showFields(form, fields, { keepFocused: true });
    }
    r.unknown = data.unknown || [];
    const problems = peopleProblems(form, data);
    if (problems) message(form, problems, "danger").setAttribute("role", "alert");
    else message(form, null);
    relabel();
  }

  function answerLacks(form, fields, sent) {
    return Object.entries(fields).some(([name, value]) => {
      if (name.endsWith("_text")) return false; // people: the server resolves them
      const input = form.elements.namedItem(name);
      if (!input || !input.tagName) return false;
      if ("serverFills" in input.dataset && !sent.get(name)) return false; // e.g. the next minute number
      if (input.type === "checkbox") return Boolean(value) !== (sent.get(name) !== null);
      return sent.get(name) !== null && !sameValue(sent.get(name), value);
    });
  }
  function sameValue(a, b) {
    const norm = (v) => String(v === null || v === undefined ? "" : v).replace(/\r\n/g, "\n").trim();
    return norm(a) === norm(b);
  }
  // Put the server's values in the row's fields. The focused field keeps what the
  // officer is typing, unless `keepFocused` is false.
  function showFields(form, fields, options) {
    if (fields.kind === "decision") addDecisionFields(form);
    Object.entries(fields).forEach(([name, value]) => {
      const input = form.elements.namedItem(name);
      if (!input || input.type === "hidden" || !input.tagName) return;
      if (options.keepFocused && input === document.activeElement) return;
      if (input.type === "checkbox") input.checked = Boolean(value);
      else if (!sameValue(input.value, value)) input.value = value === null ? "" : value;
    });
  }

  function adoptItem(form, id) {
    // Points and actions typed under a new item wait for it; now they can save.
    const article = itemOf(form);
    article.dataset.item = id;
    article.querySelectorAll("input[name=item]").forEach((input) => {
      input.value = id;
    });
    article.querySelectorAll("form[data-autosave]").forEach((child) => {
      if (child !== form && row(child).dirty) save(child);
    });
  }

  function showErrors(form, errors) {
    const list = el("ul", { className: "mb-0 ps-3" });
    Object.entries(errors).forEach(([field, problems]) => {
      const input = form.elements[field];
      if (input && input.classList) {
        input.classList.add("is-invalid");
        input.setAttribute("aria-invalid", "true");
      }
      problems.forEach((p) => {
        const name = input && input.labels ? labelOf(input, field) + ": " : "";
        list.append(el("li", {}, name + p.message));
      });
    });
    const box = message(form, text("Not saved yet — your text is kept here: "), "danger");
    box.setAttribute("role", "alert");
    box.append(list);
  }

  // Initials nobody on the attendance has, or two attendees could be meant by.
  function peopleProblems(form, data) {
    const unknown = data.unknown || [];
    const ambiguous = data.ambiguous || [];
    if (!unknown.length && !ambiguous.length) return null;
    const what = form.dataset.kind === "action" ? "an owner" : "the speaker";
    const box = el("div");
    ambiguous.forEach((a) => {
      box.append(el("p", { className: "mb-1" },
        a.initials + " could be " + a.candidates.join(" or ") + ", so nobody was recorded as " + what +
        ". Type which in the " + (form.dataset.kind === "action" ? "Owner" : "Who") + " box. The text is saved."));
    });
    unknown.forEach((initials) => {
      const p = el("p", { className: "mb-1" },
        initials + " is not on this meeting's attendance, so it was not recorded as " + what + ". The text is saved. ");
      p.append(el("button", { type: "button", className: "btn btn-sm btn-outline-danger", onclick: () => offerGuest(initials) },
        "Add " + initials + " to the attendance"));
      box.append(p);
    });
    return box;
  }

  function offerGuest(initials) {
    const details = document.getElementById("guest-details");
    details.open = true;
    const form = document.getElementById("guest-form");
    form.elements.initials.value = initials;
    form.elements.name.focus();
  }

  function conflictBox(form, conflict, explanation, onKeep, onTake) {
    const box = message(form, null, "danger");
    box.setAttribute("role", "alert");
    box.append(el("p", { className: "mb-1 fw-semibold" }, explanation));
    const table = el("dl", { className: "row mb-1 conflict" });
    Object.entries(conflict.fields).forEach(([name, theirs]) => {
      const input = form.elements.namedItem(name);
      if (!input || input.type === "hidden" || !input.tagName) return;
      const mine = input.type === "checkbox" ? input.checked : input.value;
      const theirsText = theirs === null ? "" : String(theirs);
      if (sameValue(mine, theirsText)) return;
      const label = labelOf(input, name);
      [["Theirs", theirsText], ["Yours", String(mine)]].forEach(([who, value]) => {
        table.append(el("dt", { className: "col-md-2" }, who + " (" + label + ")"),
          el("dd", { className: "col-md-10 conflict-" + who.toLowerCase() }, value));
      });
    });
    box.append(table);
    box.append(
      el("button", { type: "button", className: "btn btn-sm btn-danger me-2", onclick: onKeep }, "Keep mine"),
      el("button", { type: "button", className: "btn btn-sm btn-outline-secondary", onclick: onTake }, "Use theirs")
    );
    return box;
  }

  function showConflict(form, conflict, explanation) {
    const r = row(form);
    r.notified = conflict.version;
    conflictBox(form, conflict, explanation, () => {
      form.elements.namedItem("version").value = conflict.version;
      r.dirty = true;
      message(form, null);
      save(form);
    }, () => {
      showFields(form, conflict.fields, { keepFocused: false });
      form.elements.namedItem("version").value = conflict.version;
      r.dirty = false;
      message(form, null);
      refreshStatus("(their version kept)");
    });
  }

  // Deleted by another officer while this page holds it: say so, keep the text.
  function goneElsewhere(form) {
    const r = row(form);
    if (r.gone) return;
    r.gone = true;
    clearTimeout(r.timer);
    const container = containerOf(form);
    container.classList.add("remote-change");
    const what = form.dataset.kind === "item" ? "agenda item" : form.dataset.kind;
    const box = message(form, el("p", { className: "mb-1 fw-semibold" },
      "Another officer deleted this " + what + ". Your text is kept here, not saved."), "danger");
    box.setAttribute("role", "alert");
    box.append(
      el("button", { type: "button", className: "btn btn-sm btn-danger me-2", onclick: () => reviveAsNew(form) }, "Keep it as a new " + what),
      el("button", { type: "button", className: "btn btn-sm btn-outline-secondary", onclick: () => { r.dirty = false; container.remove(); relabel(); refreshStatus(); } }, "Discard it")
    );
    if (!focusedIn(container)) remoteBanner.hidden = false;
    remoteBanner.textContent = "Another officer deleted a row you had open; it is marked on the page with your text kept.";
    refreshStatus();
  }
  function reviveAsNew(form) {
    const targets = form.dataset.kind === "item" ? Array.from(itemOf(form).querySelectorAll("form[data-autosave]")) : [form];
    targets.forEach((f) => {
      const r = row(f);
      ["id", "saveUrl"].forEach((k) => delete f.dataset[k]);
      delete containerOf(f).dataset.row;
      let key = f.elements.namedItem("client_key");
      if (!key) {
        key = el("input", { type: "hidden", name: "client_key" });
        f.prepend(key);
      }
      key.value = "";
      f.elements.namedItem("version").value = 1;
      if (f !== form && f.elements.namedItem("item")) f.elements.namedItem("item").value = "";
      r.gone = false;
      r.notified = 0;
      r.dirty = hasContent(f);
      message(f, null);
      containerOf(f).classList.remove("remote-change");
    });
    if (form.dataset.kind === "item") itemOf(form).dataset.item = "";
    save(form);
  }
  function lockedElsewhere(reason) {
    remoteBanner.hidden = false;
    remoteBanner.textContent = (reason || "These minutes can no longer be edited here.") +
      " Nothing more is saved from this page; your unsaved text stays here so you can copy it. Reload to see the minutes as they stand.";
    setStatus("Not saved: the minutes are locked", "error");
    stopped = true;
  }

  // --- Adding, deleting, moving rows --------------------------------------------
  function fromTemplate(id) {
    newCounter += 1;
    const html = document.getElementById(id).innerHTML.replaceAll("__new__", "new" + newCounter);
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }
  // A saved point that is not a decision comes without the mover and vote boxes
  // (the page is lighter for it); made a decision, here or by another officer, it
  // gets them, empty, from the new point's template.
  function addDecisionFields(form) {
    if (form.dataset.kind !== "point" || form.querySelector(".decision-fields")) return;
    const template = document.getElementById("tpl-point");
    if (!template) return; // locked minutes: nothing changes
    const fields = fromTemplate("tpl-point").querySelector(".decision-fields");
    form.querySelector(".row-message").before(fields);
  }
  function addPoint(item, afterLi, atStart) {
    const li = fromTemplate("tpl-point");
    li.querySelector("input[name=item]").value = item.dataset.item || "";
    const list = item.querySelector(".points");
    if (afterLi) afterLi.after(li);
    else if (atStart) list.prepend(li);
    else list.append(li);
    relabel();
    li.querySelector("textarea").focus();
    return li;
  }
  function addAction(item) {
    const li = fromTemplate("tpl-action");
    li.querySelector("input[name=item]").value = item.dataset.item || "";
    item.querySelector(".actions").append(li);
    relabel();
    li.querySelector("[data-people]").focus();
  }
  function addItem() {
    const article = fromTemplate("tpl-item");
    const numbers = Array.from(editor.querySelectorAll(".item-form input[name=number]"))
      .map((input) => parseInt(input.value, 10)).filter((n) => !Number.isNaN(n));
    const number = article.querySelector("input[name=number]");
    // A formal body's minute number is given by the server (the next in the year).
    if (number.type !== "hidden") number.value = numbers.length ? Math.max(...numbers) + 1 : 1;
    document.getElementById("items").append(article);
    relabel();
    article.querySelector("input[name=title]").focus();
  }

  async function post(url, data) {
    const body = new FormData();
    Object.entries(data || {}).forEach(([k, v]) => body.set(k, v));
    const response = await fetch(url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": window.portalCsrfToken(), Accept: "application/json" },
    });
    if (!response.ok) {
      const error = new Error("HTTP " + response.status);
      error.status = response.status;
      throw error;
    }
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
    const container = containerOf(form);
    const what = form.dataset.kind === "item" ? "this agenda item with all its points and actions" : "this " + form.dataset.kind;
    if ((hasContent(form) || form.dataset.kind === "item") && !window.confirm("Delete " + what + "?")) return;
    const r = row(form);
    r.deleted = true;
    clearTimeout(r.timer);
    settle(form);
    if (form.dataset.saveUrl && !r.gone) {
      try {
        await post(rowUrl(form, "delete"));
      } catch (error) {
        if (error.status === 404) return removeDeleted(form, container); // gone already: done
        r.deleted = false;
        message(form, text("Could not delete: check the connection and try again."), "danger");
        return;
      }
    }
    removeDeleted(form, container);
  }
  function removeDeleted(form, container) {
    const next = container.nextElementSibling || container.previousElementSibling;
    container.remove();
    relabel();
    const focusable = next && next.querySelector("textarea, input:not([type=hidden])");
    if (focusable) focusable.focus();
    refreshStatus(new Date().toLocaleTimeString("en-GB"));
  }

  // A saved row's delete and move URLs are its save URL's "delete/" and "move/"
  // (meetings/urls.py): the page sends only the save URL.
  function rowUrl(form, action) {
    return form.dataset.saveUrl + action + "/";
  }

  async function moveRow(form, direction) {
    const container = containerOf(form);
    const sibling = direction === "up" ? container.previousElementSibling : container.nextElementSibling;
    if (!sibling) return;
    if (form.dataset.saveUrl) {
      if (row(form).dirty) await save(form);
      try {
        const data = await post(rowUrl(form, "move"), { direction: direction });
        if (!data.moved) return;
        // Both rows changed order, and version: keep saving against the new ones.
        Object.entries(data.versions).forEach(([id, version]) => {
          const moved = findForm(form.dataset.kind, id);
          if (moved) {
            moved.elements.namedItem("version").value = version;
            row(moved).touched = performance.now();
          }
        });
      } catch (error) {
        message(form, text("Could not move: check the connection and try again."), "danger");
        return;
      }
    }
    if (direction === "up") sibling.before(container);
    else sibling.after(container);
    relabel();
  }

  function findForm(kind, id) {
    return editor.querySelector('form[data-kind="' + kind + '"][data-id="' + id + '"]');
  }

  // --- Attendance: people, added once each, shown as the server answers -------------
  // Each Enter in an add box takes the typed text at once (the box is free for the
  // next person straight away) and queues one request; requests go one at a time,
  // in order, each with its own client key, so a retry adds nobody twice.
  let attendanceBusy = false;

  function queueAttendance(form, fields, messageBox) {
    attendanceQueue.push({ url: form.dataset.url, fields: fields, key: uuid4(), box: messageBox, form: form, delay: 1000 });
    refreshAttendanceStatus();
    runAttendance();
  }
  function refreshAttendanceStatus() {
    if (attendanceQueue.length) setStatus("Saving…", "pending");
  }
  async function runAttendance() {
    if (attendanceBusy || !attendanceQueue.length) return;
    attendanceBusy = true;
    const job = attendanceQueue[0];
    const body = new FormData();
    Object.entries(job.fields).forEach(([k, v]) => body.set(k, v));
    body.set("client_key", job.key);
    let response;
    try {
      response = await fetch(job.url, {
        method: "POST", body: body, credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": window.portalCsrfToken() },
      });
    } catch (error) {
      response = null;
    }
    if (!response || response.type === "opaqueredirect" || response.status === 403 || response.status >= 500) {
      if (response && (response.type === "opaqueredirect" || response.status === 403)) banner.hidden = false;
      setStatus("Not saved - retrying", "error");
      attendanceBusy = false;
      setTimeout(runAttendance, job.delay);
      job.delay = Math.min(job.delay * 2, MAX_RETRY_DELAY);
      return;
    }
    banner.hidden = true;
    attendanceQueue.shift();
    const html = await response.text();
    const outcome = response.headers.get("X-Editor-Outcome");
    if (outcome === "added") {
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const li = holder.firstElementChild;
      const info = JSON.parse(response.headers.get("X-Attendee") || "{}");
      if (!findForm("attendance", info.id)) document.getElementById("attendance-rows").append(li);
      (info.renamed || []).forEach((renamed) => {
        const f = findForm("attendance", renamed.id);
        if (f) {
          f.elements.initials.value = renamed.initials;
          f.elements.version.value = renamed.version;
        }
      });
      clearOwnMessage(job);
      if (info.renamed && info.renamed.length) {
        job.box.replaceChildren(el("p", { className: "mb-1 text-success" },
          info.renamed.map((r) => "The first " + r.initials.split("/")[0] + " is now " + r.initials).join("; ") +
          "; " + info.initials + " was added."));
      }
      attendeesChanged();
    } else if (outcome === "guest-form") {
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const fresh = holder.firstElementChild;
      document.getElementById("guest-form").replaceWith(fresh);
      const summary = fresh.querySelector("#guest-errors");
      if (summary) summary.focus();
    } else {
      // A question or a refusal: say it beside the box, with the typed text kept.
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const note = holder.firstElementChild;
      note.dataset.fields = JSON.stringify(job.fields);
      job.box.append(note);
      if (job.fields.who !== undefined) {
        const who = job.form.elements.who;
        if (!who.value) who.value = job.fields.who; // nothing lost: the text is back to fix
      }
    }
    attendanceBusy = false;
    if (attendanceQueue.length) runAttendance();
    else refreshStatus(new Date().toLocaleTimeString("en-GB"));
  }
  function clearOwnMessage(job) {
    job.box.querySelectorAll(".add-message").forEach((note) => {
      const fields = JSON.parse(note.dataset.fields || "{}");
      if (fields.who === job.fields.who && fields.initials === job.fields.initials) note.remove();
    });
  }
  function attendeesChanged() {
    // Re-save rows whose initials were unknown: the person may be there now.
    forms().filter((f) => row(f).unknown.length || f.querySelector(".row-message p")).forEach((f) => {
      if (f.dataset.kind === "point" || f.dataset.kind === "action") {
        row(f).dirty = true;
        save(f);
      }
    });
    relabel();
  }

  // --- Accessible names: "Point 3 of item 4: Hate Crime" ---------------------------
  function relabel() {
    editor.querySelectorAll(".agenda-item").forEach((article) => {
      const number = (article.querySelector(".item-form input[name=number]") || {}).value || "";
      const title = (article.querySelector(".item-form input[name=title]") || {}).value || "";
      const itemName = "item " + (number || "(new)") + (title ? ": " + title : "");
      article.querySelectorAll(".item-form .row-name").forEach((s) => { s.textContent = " " + itemName; });
      article.querySelectorAll(".point-row").forEach((li, index) => {
        const name = "point " + (index + 1) + " of " + itemName;
        const set = (selector, label) => {
          const input = li.querySelector(selector);
          if (input) input.setAttribute("aria-label", label);
        };
        set("textarea[name=text]", "Point " + (index + 1) + " of " + itemName);
        set("input[name=speakers_text]", "Who spoke, " + name);
        set("select[name=kind]", "Kind of " + name);
        set("input[name=confidential]", "Confidential, " + name);
        li.querySelectorAll(".row-name").forEach((s) => { s.textContent = ", " + name; });
      });
      article.querySelectorAll(".action-row").forEach((li, index) => {
        const name = "action " + (index + 1) + " of " + itemName;
        const set = (selector, label) => {
          const input = li.querySelector(selector);
          if (input) input.setAttribute("aria-label", label);
        };
        set("input[name=owners_text]", "Owner, " + name);
        set("input[name=description]", "Action " + (index + 1) + " of " + itemName);
        set("input[name=due_date]", "Due date, " + name);
        li.querySelectorAll(".row-name").forEach((s) => { s.textContent = ", " + name; });
      });
    });
  }

  // --- The focused field is never under the sticky bar (WCAG 2.2 2.4.11) ----------
  function barHeight() {
    return bar ? bar.getBoundingClientRect().height : 0;
  }
  function trackBar() {
    document.documentElement.style.setProperty("--editor-bar-height", barHeight() + "px");
  }
  if (bar && window.ResizeObserver) new ResizeObserver(trackBar).observe(bar);
  trackBar();
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (!bar || !editor.contains(target) || bar.contains(target)) return;
    const item = target.closest(".agenda-item");
    if (item) currentItem = item;
    requestAnimationFrame(() => {
      const rect = target.getBoundingClientRect();
      const covered = bar.getBoundingClientRect().bottom + 8;
      // "instant": Bootstrap makes page scrolling smooth, which would leave the field
      // under the bar for a moment.
      if (rect.top < covered) window.scrollBy({ top: rect.top - covered, behavior: "instant" });
      else if (rect.bottom > window.innerHeight) window.scrollBy({ top: rect.bottom - window.innerHeight + 8, behavior: "instant" });
    });
  });

  // --- Other officers' changes ------------------------------------------------------
  let stopped = false;
  let polling = false;

  function listOf(kind, parent) {
    if (kind === "attendance") return document.getElementById("attendance-rows");
    if (kind === "item") return document.getElementById("items");
    const article = editor.querySelector('.agenda-item[data-item="' + parent + '"]');
    return article && article.querySelector(kind === "point" ? ".points" : ".actions");
  }
  function busy(form) {
    const r = row(form);
    return r.dirty || r.inflight || focusedIn(containerOf(form) || form);
  }

  async function poll() {
    if (stopped || polling) return;
    polling = true;
    const sentAt = performance.now();
    try {
      const response = await fetch(editor.dataset.stateUrl + "?since=" + encodeURIComponent(revision), {
        credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const data = await response.json();
        if (data.locked) lockedElsewhere(data.error);
        else if (!data.rows) revision = data.revision;
        else if (await applySnapshot(data.rows, sentAt)) revision = data.revision;
      }
    } catch (error) {
      // offline: the next poll tries again
    }
    polling = false;
    if (!stopped) setTimeout(poll, POLL_EVERY);
  }

  async function applySnapshot(snapshot, sentAt) {
    let complete = true;
    const server = new Map();
    snapshot.forEach(([kind, id, version, parent, order, key]) => server.set(kind + ":" + id, { kind, id, version, parent, order, key }));
    const wanted = {};
    const want = (kind, id) => (wanted[kind] = wanted[kind] || []).push(id);
    const recent = (form) => row(form).touched > sentAt;
    // Rows this page holds: deleted or changed elsewhere?
    forms().forEach((form) => {
      const kind = form.dataset.kind;
      if (!form.dataset.id) return;
      const r = row(form);
      if (recent(form) || r.inflight || r.gone) {
        complete = complete && !recent(form) && !r.inflight;
        return;
      }
      const s = server.get(kind + ":" + form.dataset.id);
      if (!s) {
        if (kind === "header") return;
        if (busy(form)) goneElsewhere(form);
        else {
          containerOf(form).remove();
          remoteNotice("deleted");
        }
        return;
      }
      if (s.version > Number(form.elements.namedItem("version").value) && r.notified !== s.version) want(kind, s.id);
    });
    // Rows another officer created (not this page's own, still on their way back).
    const ownKeys = new Set(Array.from(editor.querySelectorAll("input[name=client_key]"))
      .map((input) => input.value.replaceAll("-", "").toLowerCase()).filter(Boolean));
    const newItems = new Set();
    snapshot.forEach(([kind, id, , parent, , key]) => {
      if (kind === "header" || findForm(kind, id) || (key && ownKeys.has(key))) return;
      if ((kind === "point" || kind === "action") && (newItems.has(parent) || !listOf(kind, parent))) {
        if (!newItems.has(parent)) complete = false;
        return;
      }
      if (kind === "item") newItems.add(id);
      want(kind, id);
    });
    if (Object.keys(wanted).length) {
      const query = Object.entries(wanted).map(([k, ids]) => k + "=" + ids.join(",")).join("&");
      const response = await fetch(editor.dataset.rowsUrl + "?" + query, {
        credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" },
      });
      if (!response.ok) return false;
      const data = await response.json();
      data.rows.forEach((fresh) => {
        if (!applyRow(fresh, server)) complete = false;
      });
    }
    if (!reorder(server)) complete = false;
    relabel();
    return complete;
  }

  function applyRow(fresh, server) {
    const form = findForm(fresh.kind, fresh.id);
    if (form) {
      const r = row(form);
      if (r.inflight || r.gone) return false;
      if (busy(form)) {
        // Being typed in: tell the officer, keep their text, let them choose.
        showConflict(form, { version: fresh.version, fields: fresh.fields },
          "Another officer changed this while you were typing. Your text is kept: compare and choose.");
        remoteNotice("changed a row you are typing in");
        return true;
      }
      showFields(form, fresh.fields, { keepFocused: false });
      form.elements.namedItem("version").value = fresh.version;
      containerOf(form).classList.add("remote-change");
      remoteNotice("changed");
      return true;
    }
    if (!fresh.html) return true;
    const holder = document.createElement("div");
    holder.innerHTML = fresh.html.trim();
    const node = holder.firstElementChild;
    const s = server.get(fresh.kind + ":" + fresh.id);
    const list = listOf(fresh.kind, s ? s.parent : null);
    if (!list) return false;
    // Place it after the row the server has before it.
    const siblings = Array.from(server.values()).filter((x) => x.kind === fresh.kind && (!s || x.parent === s.parent));
    const index = siblings.findIndex((x) => x.id === fresh.id);
    let anchor = null;
    for (let i = index - 1; i >= 0 && !anchor; i -= 1) {
      const f = findForm(fresh.kind, siblings[i].id);
      anchor = f && containerOf(f);
    }
    node.classList.add("remote-change");
    if (anchor) anchor.after(node);
    else list.prepend(node);
    remoteNotice("added");
    return true;
  }

  // Put rows in the server's order where another officer moved them; lists with a
  // row being typed in wait (moving a focused field would take the focus away).
  function reorder(server) {
    let done = true;
    const lists = new Map();
    server.forEach((s) => {
      if (s.kind === "header") return;
      const list = listOf(s.kind, s.parent);
      if (!list) return;
      if (!lists.has(list)) lists.set(list, []);
      lists.get(list).push(s);
    });
    lists.forEach((entries, list) => {
      const containers = Array.from(list.children);
      const ids = containers.map((c) => {
        const f = c.querySelector("form[data-autosave]");
        return f && f.dataset.id ? Number(f.dataset.id) : null;
      });
      const known = new Set(entries.map((s) => s.id));
      const wantedOrder = entries.map((s) => s.id).filter((id) => ids.includes(id));
      const haveOrder = ids.filter((id) => id !== null && known.has(id));
      if (wantedOrder.join(",") === haveOrder.join(",")) return;
      if (ids.includes(null) || focusedIn(list)) {
        done = false;
        return;
      }
      wantedOrder.forEach((id) => list.append(containerOf(findForm(entries[0].kind, id))));
      remoteNotice("moved");
    });
    return done;
  }

  let noticeTimer = null;
  function remoteNotice(what) {
    const presence = document.getElementById("presence");
    presence.hidden = false;
    presence.textContent = "Updated: another officer " + what + " " + new Date().toLocaleTimeString("en-GB");
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      presence.hidden = true;
      editor.querySelectorAll(".remote-change").forEach((e) => {
        const f = e.querySelector("form[data-autosave]");
        if (!f || !row(f).gone) e.classList.remove("remote-change");
      });
    }, 15000);
  }

  // --- Events ---------------------------------------------------------------------
  editor.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.matches("[data-autosave]")) changed(form);
    if (form && form.classList.contains("item-form") && event.target.name === "title") relabel();
  });
  editor.addEventListener("change", (event) => {
    const form = event.target.form;
    if (form && event.target.name === "kind" && event.target.value === "decision") addDecisionFields(form);
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
    const form = event.target;
    if (!form.matches("[data-autosave], [data-add-attendee], #guest-form")) return; // e.g. "Start from the standard agenda"
    event.preventDefault();
    if (form.matches("[data-autosave]")) save(form);
    else if (form.matches("[data-add-attendee]")) {
      const who = form.elements.who.value.trim();
      if (!who) return;
      form.elements.who.value = ""; // free for the next person at once
      queueAttendance(form, { who: who, status: form.elements.status.value }, form.querySelector(".add-messages"));
    } else if (form.id === "guest-form") {
      const fields = Object.fromEntries(new FormData(form).entries());
      if (!fields.initials.trim()) {
        form.elements.initials.focus();
        return;
      }
      const status = form.elements.status.value;
      form.reset();
      form.elements.status.value = status;
      form.elements.initials.focus(); // ready for the next guest
      queueAttendance(form, fields, form.querySelector(".add-messages"));
    }
  });
  editor.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-add-choice]");
    if (choice) {
      // The officer's answer to "these initials are someone else's".
      const note = choice.closest(".add-message");
      const fields = JSON.parse(note.dataset.fields || "{}");
      if (choice.dataset.initials) fields.initials = choice.dataset.initials;
      if (choice.dataset.renumber) fields.renumber = "1";
      if (choice.hasAttribute("data-from-input")) {
        const typed = note.querySelector("[data-choose-initials]").value.trim();
        if (!typed) return;
        fields.initials = typed;
      }
      const form = note.closest("form");
      if (form.elements.who && form.elements.who.value === fields.who) form.elements.who.value = "";
      note.remove();
      queueAttendance(form, fields, form.querySelector(".add-messages"));
      return;
    }
    const button = event.target.closest("[data-row-action], [data-add]");
    if (!button) return;
    const form = button.closest("form[data-autosave]");
    const action = button.dataset.rowAction;
    if (action === "delete") deleteRow(form);
    else if (action === "move-up") moveRow(form, "up");
    else if (action === "move-down") moveRow(form, "down");
    else if (button.dataset.add === "point") addPoint(button.closest(".agenda-item"));
    else if (button.dataset.add === "first-point") addPoint(button.closest(".agenda-item"), null, true);
    else if (button.dataset.add === "action") addAction(button.closest(".agenda-item"));
    else if (button.dataset.add === "item") addItem();
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target !== document.body && !editor.contains(target)) return;
    const form = target.form;
    const item = (form && itemOf(form)) || currentItem;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && target.matches(".point-text")) {
      event.preventDefault();
      if (!target.value.trim()) return;
      save(form);
      addPoint(itemOf(form), form.closest("li"));
    } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && form && form.matches("[data-autosave]")) {
      event.preventDefault();
      moveRow(form, event.key === "ArrowUp" ? "up" : "down").then(() => target.focus());
    } else if (event.altKey && (event.code === "KeyP" || event.key === "p" || event.key === "P") && item) {
      event.preventDefault();
      addPoint(item, null, true);
    } else if (event.altKey && (event.code === "KeyA" || event.key === "a" || event.key === "A") && item) {
      event.preventDefault();
      addAction(item);
    } else if (event.altKey && (event.code === "KeyN" || event.key === "n" || event.key === "N")) {
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

  window.addEventListener("online", () => unsaved().forEach((f) => save(f)));
  window.addEventListener("beforeunload", (event) => {
    if (unsaved().length || attendanceQueue.length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Typed before this script ran (the fields are on screen while it loads on a slow
  // network): saved now, like any typing. The forms are autocomplete="off", so a
  // browser never refills them on reload and what differs was typed on this page.
  function typedEarly(form) {
    return Array.from(form.elements).some((e) => {
      if (e.type === "checkbox" || e.type === "radio") return e.checked !== e.defaultChecked;
      if (e.tagName === "SELECT") {
        const initial = Array.from(e.options).findIndex((o) => o.defaultSelected);
        return e.selectedIndex !== Math.max(initial, 0);
      }
      return (e.tagName === "TEXTAREA" || e.tagName === "INPUT") && e.type !== "hidden" && e.value !== e.defaultValue;
    });
  }
  forms().filter(typedEarly).forEach((form) => {
    changed(form);
    save(form);
  });
  relabel();
  setTimeout(poll, POLL_EVERY);
})();
