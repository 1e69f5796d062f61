/* Classic's small-screen menu. Without this script the "Menu" link opens the navigation by
 * :target; with it, the link is a button with aria-expanded, and Escape or "Close menu"
 * closes the menu and puts focus back on the button. */
(function () {
  "use strict";
  var link = document.querySelector(".site-header a.menu-toggle");
  var nav = document.getElementById("site-navigation");
  if (!link || !nav || !nav.classList) return;

  function button(from) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = from.className;
    b.textContent = from.textContent;
    from.parentNode.replaceChild(b, from);
    return b;
  }

  var toggle = button(link);
  toggle.setAttribute("aria-controls", nav.id);
  toggle.setAttribute("aria-expanded", "false");

  function show(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
    if (!open) toggle.focus();
  }

  function isOpen() {
    return toggle.getAttribute("aria-expanded") === "true";
  }

  toggle.addEventListener("click", function () { show(!isOpen()); });
  var close = nav.querySelector("a.menu-close");
  if (close) button(close).addEventListener("click", function () { show(false); });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && isOpen() && toggle.offsetWidth) {
      show(false);
    }
  });
  // Opened by :target before the script ran (a link from elsewhere): the same state, without
  // the fragment that would keep :target showing the menu once closed.
  if (window.location.hash === "#" + nav.id) {
    if (window.history && history.replaceState) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    toggle.setAttribute("aria-expanded", "true");
    nav.classList.add("is-open");
  }
})();
