"""``/robots.txt``, answered virtually as WordPress's ``do_robots`` does.

A public site (option ``blog_public``, 1 by default) gets WordPress's default rules::

    User-agent: *
    Disallow: /wp-admin/
    Allow: /wp-admin/admin-ajax.php

followed by a ``Sitemap:`` line once the site serves ``/wp-sitemap.xml`` (WordPress's sitemap
adds the line the same way; Magtheme names it only when a route for it is registered). A
site that discourages search engines (``blog_public`` 0) gets ``Disallow: /``: WordPress
since 5.3 prints a ``noindex`` robots meta tag on every page instead, which Magtheme's
themes have no place for, so robots.txt is where that choice is kept.

A real ``robots.txt`` in the site folder wins, as a real file in WordPress's web root is
served by the web server before WordPress sees the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, send_from_directory

from .. import site
from .. import urls as links
from ..options import load_options

#: Where WordPress serves its sitemap index (``WP_Sitemaps_Index::get_index_url``).
SITEMAP_PATH = "/wp-sitemap.xml"
FILE_NAME = "robots.txt"


def register(app: Flask) -> None:
    app.add_url_rule("/robots.txt", "robots", robots_txt, methods=["GET", "HEAD"])


def is_public(options: Mapping[str, Any]) -> bool:
    """Whether the site lets search engines in (WordPress's ``blog_public`` option)."""
    return str(options.get("blog_public", 1)).strip().lower() not in ("0", "", "false")


def robots_text(options: Mapping[str, Any], sitemap_url: str | None = None) -> str:
    """The virtual robots.txt for a site with *options*; *sitemap_url* when it has one."""
    if not is_public(options):
        return "User-agent: *\nDisallow: /\n"
    # WordPress puts the rules under the path of site_url(), the address of its files.
    base = str(options.get("siteurl") or options.get("home") or "")
    path = urlsplit(base).path.rstrip("/")
    text = f"User-agent: *\nDisallow: {path}/wp-admin/\nAllow: {path}/wp-admin/admin-ajax.php\n"
    if sitemap_url:
        text += f"\nSitemap: {sitemap_url}\n"
    return text


def sitemap_registered(app: Flask) -> bool:
    """Whether *app* serves a sitemap index at :data:`SITEMAP_PATH`."""
    return any(rule.rule == SITEMAP_PATH for rule in app.url_map.iter_rules())


def robots_txt() -> Response:
    folder = Path(current_app.instance_path)
    if (folder / FILE_NAME).is_file():
        return send_from_directory(folder, FILE_NAME, mimetype="text/plain")
    options = load_options()
    sitemap = None
    if sitemap_registered(current_app):
        linker = links.linker(options, site.registry())
        sitemap = linker.absolute(SITEMAP_PATH)
    body = robots_text(options, sitemap)
    return Response(body, 200, content_type="text/plain; charset=utf-8")
