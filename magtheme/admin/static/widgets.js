// Drag and drop on the Widgets screen: dropping a widget posts the same "move" its Move
// button posts, with the area and the 1-based place it was dropped at, then shows the areas
// as the server now has them and says what was done. Without this script (or without a
// mouse) the Move up, Move down and Move to buttons do the same.
(function () {
  "use strict";
  var areas = document.querySelector(".widget-areas");
  var status = document.getElementById("widgets-status");
  var token = document.querySelector('input[name="csrf_token"]');
  if (!areas || !status || !token || !window.fetch || !window.DOMParser) return;
  var url = areas.getAttribute("data-url");
  var dragged = null;

  function say(message) {
    status.textContent = message;
  }

  // The widgets of a list other than the one being dragged, in order.
  function others(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("widget-item") && el !== dragged;
    });
  }

  // Where a drop at height y lands: before the first widget whose middle is below it.
  function positionAt(list, y) {
    var items = others(list);
    for (var i = 0; i < items.length; i++) {
      var box = items[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) return i + 1;
    }
    return items.length + 1;
  }

  function refresh() {
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".widget-areas");
        if (!fresh) return;
        areas.replaceWith(fresh);
        areas = fresh;
        enable(areas);
      });
  }

  function move(widget, sidebar, position) {
    var data = new FormData();
    data.append("csrf_token", token.value);
    data.append("action", "move");
    data.append("widget", widget);
    data.append("sidebar", sidebar);
    data.append("position", String(position));
    say("Moving the widget…");
    fetch(url, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) {
          say((res.body.errors || ["The widget could not be moved."]).join(" "));
          return;
        }
        return refresh().then(function () { say(res.body.message); });
      })
      .catch(function () {
        say("The widget could not be moved: the site did not answer. Try its Move buttons.");
      });
  }

  function enable(root) {
    root.classList.add("can-drag");
    root.querySelectorAll(".widget-item").forEach(function (item) {
      item.setAttribute("draggable", "true");
      // Selecting text in a settings field must not drag the whole widget.
      item.addEventListener("mousedown", function (event) {
        var inField = event.target.closest && event.target.closest("input, textarea, select");
        item.setAttribute("draggable", inField ? "false" : "true");
      });
      item.addEventListener("dragstart", function (event) {
        // Text being selected in a settings field is not a widget being dragged.
        if (event.target !== item) return;
        dragged = item;
        item.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.getAttribute("data-widget"));
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("dragging");
        dragged = null;
      });
    });
    root.querySelectorAll(".widget-list").forEach(function (list) {
      list.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        list.classList.add("drop-target");
      });
      list.addEventListener("dragleave", function (event) {
        if (!list.contains(event.relatedTarget)) list.classList.remove("drop-target");
      });
      list.addEventListener("drop", function (event) {
        if (!dragged) return;
        event.preventDefault();
        list.classList.remove("drop-target");
        move(dragged.getAttribute("data-widget"), list.getAttribute("data-sidebar"), positionAt(list, event.clientY));
      });
    });
  }

  enable(areas);
})();
