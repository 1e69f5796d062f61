/* Magazine: the color scheme the reader chose with the dark-mode switch (magazine.js keeps
 * it in localStorage), put on <html> before the first paint, so a dark page never flashes
 * light. Loaded from <head>, without defer, as a file (no inline script a
 * Content-Security-Policy would have to allow). Without a stored choice the theme's
 * color_scheme setting decides: data-theme from the server, or prefers-color-scheme. */
(function (root) {
  try {
    var scheme = window.localStorage.getItem("magazine-color-scheme");
    if (scheme !== "light" && scheme !== "dark") return;
    root.setAttribute("data-theme", scheme);
    var meta = document.querySelector('meta[name="color-scheme"]');
    if (meta) meta.setAttribute("content", scheme);
  } catch (e) { /* storage refused (private mode, cookies off): the default scheme stays */ }
})(document.documentElement);
