// Long texts (every <textarea> of a POST form): a draft kept in localStorage,
// keyed by path and field name, restored with a notice, cleared once saved; and
// a live character counter for fields with data-counter.
(function () {
  "use strict";
  // The notice's words come with the form's fields (templates/forms/field.html).
  var wording = document.querySelector("[data-draft-restored]");
  var restoredText = wording ? wording.textContent : "";
  var PREFIX = "draft:";
  var PENDING = "drafts-pending"; // sessionStorage: keys sent, not yet known saved
  var store, session;
  try {
    store = window.localStorage;
    session = window.sessionStorage;
  } catch (error) {
    store = null; // storage refused (private mode): no drafts, nothing breaks
  }

  function pending() {
    try {
      return JSON.parse(session.getItem(PENDING) || "[]");
    } catch (error) {
      return [];
    }
  }

  function settlePending() {
    // The page after a submission says how it went: the CSRF page (or a form
    // shown again with errors) keeps the drafts; any other page means saved.
    var keys = pending();
    session.removeItem(PENDING);
    if (!keys.length) {
      return;
    }
    var kept =
      document.querySelector("[data-drafts-keep]") ||
      document.querySelector(".errorlist, [aria-invalid='true'], .has-error");
    if (!kept) {
      keys.forEach(function (key) {
        store.removeItem(key);
      });
    }
  }

  function draftKey(field) {
    return PREFIX + window.location.pathname + "#" + field.name;
  }

  function keepDrafts(form) {
    var fields = form.querySelectorAll("textarea[name]");
    if (!fields.length) {
      return;
    }
    fields.forEach(function (field) {
      var key = draftKey(field);
      var draft = store.getItem(key);
      if (draft && draft !== field.value) {
        field.value = draft;
        field.dispatchEvent(new Event("input"));
        var notice = document.createElement("p");
        notice.className = "message message-info draft-notice";
        notice.setAttribute("role", "status");
        notice.textContent = restoredText;
        field.insertAdjacentElement("afterend", notice);
      }
      field.addEventListener("input", function () {
        if (field.value) {
          store.setItem(key, field.value);
        } else {
          store.removeItem(key);
        }
      });
    });
    form.addEventListener("submit", function () {
      var keys = pending();
      fields.forEach(function (field) {
        keys.push(draftKey(field));
      });
      session.setItem(PENDING, JSON.stringify(keys));
    });
  }

  function count(field) {
    // data-counter is "{count} / 5000 caractères", written by the server.
    var output = document.createElement("p");
    output.className = "char-counter muted";
    output.id = field.id + "_counter";
    output.setAttribute("aria-live", "polite");
    var max = parseInt(field.dataset.maxlength, 10);
    function update() {
      var length = field.value.length;
      output.textContent = field.dataset.counter.replace("{count}", length);
      output.classList.toggle("over", max > 0 && length > max);
    }
    field.insertAdjacentElement("afterend", output);
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[data-counter]").forEach(count);
  if (store) {
    settlePending();
    document.querySelectorAll("form").forEach(function (form) {
      if ((form.getAttribute("method") || "").toLowerCase() === "post") {
        keepDrafts(form);
      }
    });
  }
})();
