/* Magazine's chrome, on top of markup that works without it:
 * - the small-screen "Menu" link (a :target link to #site-navigation) becomes a button with
 *   aria-expanded and aria-controls; Escape, or "Close menu", closes the menu and puts focus
 *   back on the button;
 * - each primary-menu item with a dropdown or a mega menu gets a button that opens it by
 *   click or tap (hover and keyboard focus open it through CSS alone); Escape closes it;
 * - the dark-mode switch (hidden without JavaScript, as it could not work) flips the scheme
 *   and remembers it in localStorage, which color-scheme.js reads before the next paint.
 * Only classes and attributes change: no inline style, no inline script. */
(function () {
  "use strict";
  if (!document.querySelector || !document.documentElement.classList) return;
  var KEY = "magazine-color-scheme";
  var PARENTS = "li.menu-item-has-children, li.page_item_has_children, li.has-mega-menu";
  var root = document.documentElement;
  var menuToggle = null;

  function button(className, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    if (label) b.textContent = label;
    return b;
  }

  function closest(node, selector) {
    return node && node.closest ? node.closest(selector) : null;
  }

  /* Whether the small-screen menu is what the reader sees (its button is displayed). */
  function small() {
    return !!(menuToggle && menuToggle.offsetWidth);
  }

  /* -- the small-screen menu ------------------------------------------------------------ */
  function showMenu(open, refocus) {
    var nav = document.getElementById("site-navigation");
    menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
    if (!open && refocus) menuToggle.focus();
  }

  function setUpMenu(nav) {
    var link = document.querySelector(".site-header a.menu-toggle");
    if (!link) return;
    menuToggle = button("menu-toggle", link.textContent);
    menuToggle.setAttribute("aria-controls", nav.id);
    menuToggle.setAttribute("aria-expanded", "false");
    link.parentNode.replaceChild(menuToggle, link);
    menuToggle.addEventListener("click", function () {
      showMenu(menuToggle.getAttribute("aria-expanded") !== "true", false);
    });
    menuToggle.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menuToggle.getAttribute("aria-expanded") === "true") {
        showMenu(false, true);
      }
    });
    var close = nav.querySelector("a.menu-close");
    if (close) {
      var closer = button("menu-close", close.textContent);
      close.parentNode.replaceChild(closer, close);
      closer.addEventListener("click", function () { showMenu(false, true); });
    }
    // Opened by :target before this script ran (a link from elsewhere): the same state,
    // without the fragment that would keep :target showing it once closed.
    if (window.location.hash === "#" + nav.id) {
      if (window.history && history.replaceState) {
        history.replaceState(null, "", window.location.pathname + window.location.search);
      }
      showMenu(true, false);
    }
  }

  /* -- dropdowns and mega menus ------------------------------------------------------- */
  function setOpen(item, open) {
    item.classList.toggle("is-open", open);
    var toggle = item.querySelector(".submenu-toggle");
    if (toggle && toggle.parentNode === item) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
  }

  function addDropdownButton(item) {
    var link = item.firstElementChild;
    if (!link || link.tagName !== "A") return;
    var toggle = button("submenu-toggle");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-label", link.textContent.replace(/\s+/g, " ").trim() + " menu");
    item.insertBefore(toggle, link.nextSibling);
    toggle.addEventListener("click", function () {
      var open = !item.classList.contains("is-open");
      var siblings = item.parentNode.children;
      for (var i = 0; i < siblings.length; i++) {
        if (siblings[i] !== item) setOpen(siblings[i], false);
      }
      // Closing by the button must win over the hover and focus that open it by CSS.
      item.classList.toggle("is-dismissed", !open);
      setOpen(item, open);
    });
  }

  /* Escape in a dropdown (or on its link): it closes, and stays shut until the pointer or
   * focus leaves the item; focus inside it goes back to its button. */
  function dismiss(target) {
    var item = closest(target, PARENTS);
    if (!item) return;
    var inside = target.parentNode !== item;
    setOpen(item, false);
    item.classList.add("is-dismissed");
    var toggle = item.querySelector(".submenu-toggle");
    if (inside && toggle && toggle.parentNode === item) toggle.focus();
  }

  function undismiss(event) {
    var item = closest(event.target, "li.is-dismissed");
    if (item && !item.contains(event.relatedTarget)) item.classList.remove("is-dismissed");
  }

  function setUpDropdowns(nav) {
    var menu = nav.querySelector(".primary-navigation");
    if (!menu) return;
    var items = menu.querySelectorAll(PARENTS);
    for (var i = 0; i < items.length; i++) addDropdownButton(items[i]);
    document.addEventListener("click", function (event) {
      var open = menu.querySelectorAll("li.is-open");
      for (var j = 0; j < open.length; j++) {
        if (!open[j].contains(event.target)) setOpen(open[j], false);
      }
    });
    menu.addEventListener("focusout", undismiss);
    menu.addEventListener("mouseout", undismiss);
  }

  function setUpKeys(nav) {
    nav.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") return;
      if (small()) {
        if (menuToggle.getAttribute("aria-expanded") === "true") showMenu(false, true);
      } else {
        dismiss(event.target);
      }
    });
  }

  /* -- the dark-mode switch ----------------------------------------------------------- */
  function setUpColorScheme() {
    var toggles = document.querySelectorAll(".color-scheme-toggle");
    if (!toggles.length) return;
    var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    function current() {
      var fixed = root.getAttribute("data-theme");
      if (fixed === "light" || fixed === "dark") return fixed;
      return dark && dark.matches ? "dark" : "light";
    }
    function reflect() {
      for (var i = 0; i < toggles.length; i++) {
        toggles[i].setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
      }
    }
    function choose(scheme) {
      root.setAttribute("data-theme", scheme);
      var meta = document.querySelector('meta[name="color-scheme"]');
      if (meta) meta.setAttribute("content", scheme);
      try { window.localStorage.setItem(KEY, scheme); } catch (e) { /* this page only */ }
      reflect();
    }
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].hidden = false;
      toggles[i].addEventListener("click", function () {
        choose(current() === "dark" ? "light" : "dark");
      });
    }
    var bars = document.querySelectorAll("[data-shown-by-script]");
    for (var j = 0; j < bars.length; j++) bars[j].hidden = false;
    if (dark && dark.addEventListener) dark.addEventListener("change", reflect);
    reflect();
  }

  function init() {
    var nav = document.getElementById("site-navigation");
    if (nav) {
      setUpMenu(nav);
      setUpDropdowns(nav);
      setUpKeys(nav);
    }
    setUpColorScheme();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
