// The customizer's live preview: a changed value is sent as "Preview" (checked on the
// server, kept unsaved) and the site beside the form reloads. Without this script the
// Preview button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("customize-form");
  var frame = document.getElementById("customize-frame");
  var status = document.getElementById("customize-status");
  if (!form || !frame || !window.fetch) return;
  var timer = null;
  function clearErrors() {
    form.querySelectorAll(".field-error.live").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }
  function showErrors(errors) {
    Object.keys(errors).forEach(function (name) {
      var field = form.querySelector('[name="' + name.replace(/"/g, "") + '"]:not([type=hidden])');
      if (!field) return;
      var p = document.createElement("p");
      p.className = "field-error live";
      p.id = field.id + "-live-error";
      p.textContent = errors[name];
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + p.id).trim());
      (field.closest(".control") || field.parentNode).appendChild(p);
    });
  }
  function send() {
    var data = new FormData(form);
    data.set("action", "preview");
    status.textContent = "Updating the preview…";
    // form.action would be the button named "action", not the attribute.
    fetch(form.getAttribute("action"), { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        clearErrors();
        if (res.ok) {
          status.textContent = "Preview updated. Nothing is published until you press Publish.";
          frame.contentWindow.location.reload();
        } else {
          status.textContent = "Not previewed: fix the value marked below.";
          showErrors(res.body.errors || {});
        }
      })
      .catch(function () { status.textContent = "The preview could not be updated; press Preview to try again."; });
  }
  form.addEventListener("input", function (event) {
    var out = event.target.id && form.querySelector('output[for="' + event.target.id + '"]');
    if (out) out.textContent = event.target.value;
    clearTimeout(timer);
    timer = setTimeout(send, 500);
  });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(send, 150); });
})();
