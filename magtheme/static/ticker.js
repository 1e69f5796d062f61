/* Magtheme tickers: scrolls each [data-magtheme-ticker] strip and refreshes it from its feed.
 * Without this script a ticker is a plain list of links; with it the list scrolls (Web
 * Animations, so no inline style or style element a Content-Security-Policy would refuse),
 * pauses on hover and keyboard focus, gets a Pause/Play button, stands still when the reader
 * prefers reduced motion, and takes new stories from the feed every refresh interval
 * (If-None-Match, so an unchanged feed is a 304), only while the tab is visible. The moving
 * strip is never a live region; a separate polite status line announces new stories once. */
(function () {
  "use strict";
  if (window.magthemeTickers || !document.querySelectorAll) return;
  var tickers = (window.magthemeTickers = []);
  var motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  function css(el, props) {
    for (var k in props) el.style[k] = props[k];
  }

  function Ticker(root) {
    this.root = root;
    this.list = root.querySelector(".ticker-items");
    this.viewport = root.querySelector(".ticker-viewport") || this.list;
    this.feed = root.getAttribute("data-feed");
    this.refresh = parseInt(root.getAttribute("data-refresh"), 10) || 0;
    this.speed = parseInt(root.getAttribute("data-speed"), 10) || 60;
    this.etag = null;
    this.userPaused = false;
    this.hovered = false;
    this.focused = false;
    this.timer = null;
    this.animation = null;
    if (!this.list) return;
    var dir = root.getAttribute("data-direction");
    if (dir !== "left" && dir !== "right") {
      dir = getComputedStyle(root).direction === "rtl" ? "right" : "left";
    }
    this.direction = dir;
    this.setUp();
  }

  Ticker.prototype.setUp = function () {
    var self = this;
    // contain: paint keeps the moving strip (its own layer) inside the viewport, so it
    // never covers the button beside it, for a pointer or for an accessibility checker.
    css(this.viewport, { overflow: "hidden", contain: "paint", flex: "1 1 auto", minWidth: "0" });
    css(this.list, {
      display: "flex", flexWrap: "nowrap", whiteSpace: "nowrap", gap: "2em",
      margin: "0", padding: "0", listStyle: "none", width: "max-content"
    });
    var button = (this.button = document.createElement("button"));
    button.type = "button";
    button.className = "ticker-toggle";
    css(button, {
      position: "relative", zIndex: "1", minHeight: "24px", minWidth: "24px",
      flex: "none", whiteSpace: "nowrap"
    });
    button.addEventListener("click", function () {
      self.userPaused = !self.userPaused;
      self.update();
    });
    this.root.appendChild(button);
    var status = (this.status = document.createElement("p"));
    status.className = "ticker-status screen-reader-text";
    status.setAttribute("role", "status");
    css(status, {
      position: "absolute", width: "1px", height: "1px", overflow: "hidden",
      clip: "rect(0 0 0 0)", whiteSpace: "nowrap", margin: "0"
    });
    this.root.appendChild(status);
    this.root.addEventListener("mouseenter", function () { self.hovered = true; self.update(); });
    this.root.addEventListener("mouseleave", function () { self.hovered = false; self.update(); });
    this.list.addEventListener("focusin", function (event) {
      self.focused = true;
      self.update();
      self.reveal(event.target);
    });
    this.list.addEventListener("focusout", function () {
      self.focused = false;
      self.update();
      if (self.pending) setTimeout(function () { self.show(self.pending); }, 0);
    });
    this.start();
    this.schedule();
  };

  Ticker.prototype.still = function () {
    return !!(motion && motion.matches);
  };

  /* Start the scroll with the list where it sits (its first story in view), or restart it
   * from where it was after the list changed. */
  Ticker.prototype.start = function () {
    var progress = null;
    if (this.animation) {
      var timing = this.animation.effect.getComputedTiming();
      progress = timing.progress || 0;
      this.animation.cancel();
      this.animation = null;
    }
    var still = this.still() || !this.list.children.length || !this.list.animate;
    this.button.hidden = still;
    css(this.viewport, { overflowX: still ? "auto" : "hidden" });
    if (still) { this.update(); return; }
    var width = this.viewport.clientWidth;
    var length = this.list.scrollWidth;
    var from = width, to = -length;
    if (this.direction === "right") { from = -length; to = width; }
    this.from = from;
    this.to = to;
    var duration = Math.max(1000, ((width + length) / this.speed) * 1000);
    // The first run starts where the list sits without the script (translateX(0)), so the
    // first story is readable at once instead of the strip entering from the edge.
    if (progress === null) progress = (0 - from) / (to - from);
    this.animation = this.list.animate(
      [{ transform: "translateX(" + from + "px)" }, { transform: "translateX(" + to + "px)" }],
      { duration: duration, iterations: Infinity, easing: "linear" }
    );
    this.animation.currentTime = progress * duration;
    this.update();
  };

  Ticker.prototype.update = function () {
    var paused = this.userPaused || this.hovered || this.focused;
    this.button.textContent = this.userPaused ? "Play" : "Pause";
    this.button.setAttribute("aria-label", (this.userPaused ? "Play " : "Pause ") +
      (this.root.querySelector(".ticker-label") || { textContent: "ticker" }).textContent);
    this.root.setAttribute("data-state", this.animation ? (paused ? "paused" : "running") : "still");
    if (!this.animation) return;
    if (paused && this.animation.playState !== "paused") this.animation.pause();
    if (!paused && this.animation.playState === "paused") this.animation.play();
  };

  /* Bring a focused link into view: move the paused strip so the link starts the viewport. */
  Ticker.prototype.reveal = function (target) {
    if (!this.animation) return;
    var item = target.closest ? target.closest("li") : null;
    if (!item) return;
    var left = item.getBoundingClientRect().left - this.list.getBoundingClientRect().left;
    var x = this.direction === "right"
      ? this.viewport.clientWidth - left - item.offsetWidth
      : -left;
    var duration = this.animation.effect.getComputedTiming().duration;
    this.animation.currentTime = ((x - this.from) / (this.to - this.from)) * duration;
  };

  Ticker.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.refresh || !this.feed || document.hidden || !window.fetch) return;
    this.timer = setTimeout(function () { self.load(); }, this.refresh * 1000);
  };

  Ticker.prototype.load = function () {
    var self = this;
    var headers = { Accept: "application/json" };
    if (this.etag) headers["If-None-Match"] = this.etag;
    fetch(this.feed, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200) return null;
        self.etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (feed) { if (feed) self.show(feed); })
      .catch(function () {})
      .then(function () { self.schedule(); });
  };

  /* Put the feed's items in the list: known links keep their element, new ones are added. */
  Ticker.prototype.show = function (feed) {
    if (feed.refresh >= 0) this.refresh = feed.refresh;
    var known = {};
    var items = this.list.querySelectorAll("li");
    for (var i = 0; i < items.length; i++) {
      var link = items[i].querySelector("a");
      if (link) known[link.getAttribute("href")] = items[i];
    }
    var fresh = [];
    var rows = [];
    for (var j = 0; j < feed.items.length; j++) {
      var story = feed.items[j];
      var row = known[story.url];
      if (!row) {
        row = document.createElement("li");
        row.className = "ticker-item";
        var a = document.createElement("a");
        a.href = story.url;
        a.textContent = story.title;
        row.appendChild(a);
        fresh.push(story.title);
      }
      rows.push(row);
    }
    var same = rows.length === items.length;
    for (var k = 0; same && k < rows.length; k++) same = rows[k] === items[k];
    if (same) return;
    this.pending = null;
    if (this.list.contains(document.activeElement)) {
      this.pending = feed; // never move the link a keyboard user is on
      return;
    }
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    for (var m = 0; m < rows.length; m++) this.list.appendChild(rows[m]);
    this.root.hidden = !rows.length;
    this.start();
    if (fresh.length) {
      this.status.textContent =
        (fresh.length === 1 ? "New story: " : fresh.length + " new stories: ") + fresh.join("; ");
    }
  };

  function init() {
    var roots = document.querySelectorAll("[data-magtheme-ticker]");
    for (var i = 0; i < roots.length; i++) {
      if (!roots[i].magthemeTicker) tickers.push((roots[i].magthemeTicker = new Ticker(roots[i])));
    }
  }

  document.addEventListener("visibilitychange", function () {
    tickers.forEach(function (ticker) {
      if (document.hidden) ticker.schedule();
      else if (ticker.refresh) ticker.load();
    });
  });
  if (motion) {
    var restart = function () { tickers.forEach(function (ticker) { ticker.start(); }); };
    if (motion.addEventListener) motion.addEventListener("change", restart);
    else if (motion.addListener) motion.addListener(restart);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
