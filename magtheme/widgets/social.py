"""The ``social-links`` widget: plain links to the site's profiles on other networks.

Nothing is loaded from the networks: no script, no button, no image from another host, so
showing the links tells no third party who reads the page. Each link carries ``rel="me"``
(how Mastodon and others verify that a profile belongs to the site) and the network's name
as its text, visually hidden when the labels are off; the icons are small inline SVGs drawn
in ``currentColor`` and hidden from screen readers. Addresses are checked when saved and
again when shown (``url`` fields), so a ``javascript:`` or ``data:`` address never reaches
the page. No SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..models import AnySession
from .builtin import TITLE, widget
from .registry import Field, WidgetContext

#: The networks, in the order their links are shown: (field id, name).
NETWORKS = (
    ("facebook", "Facebook"),
    ("x", "X (Twitter)"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("linkedin", "LinkedIn"),
    ("tiktok", "TikTok"),
    ("mastodon", "Mastodon"),
    ("bluesky", "Bluesky"),
    ("threads", "Threads"),
    ("github", "GitHub"),
    ("rss", "RSS feed"),
    ("email", "Email"),
)

# Simple line drawings on a 24×24 grid, stroked in the text's color: small enough to inline,
# recognisable next to the network's name (which is always the link's accessible text).
_ICON_PATHS = {
    "facebook": '<path d="M15 3h-2a4 4 0 0 0-4 4v3H6v4h3v7h4v-7h3l1-4h-4V7a1 1 0 0 1 1-1h2z"/>',
    "x": '<path d="M4 4l16 16M20 4L4 20"/>',
    "instagram": '<rect x="3" y="3" width="18" height="18" rx="5"/><circle cx="12" cy="12" '
    'r="4"/><circle cx="17.5" cy="6.5" r=".5"/>',
    "youtube": '<rect x="2" y="5" width="20" height="14" rx="4"/><path d="M10 9l5 3-5 3z"/>',
    "linkedin": '<rect x="3" y="3" width="18" height="18" rx="3"/>'
    '<path d="M8 11v6M8 7.5v.01M12 17v-6M12 14a3 3 0 0 1 6 0v3"/>',
    "tiktok": '<path d="M14 3v11a4 4 0 1 1-4-4M14 3c0 3 2 5 5 5"/>',
    "mastodon": '<path d="M4 8a4 4 0 0 1 4-4h8a4 4 0 0 1 4 4v5a4 4 0 0 1-4 4h-5l-4 3v-3a3 3 0 '
    '0 1-3-3z"/><path d="M9 14V9.5a1.5 1.5 0 0 1 3 0V12m0 0V9.5a1.5 1.5 0 0 1 3 0V14"/>',
    "bluesky": '<path d="M12 11C10 7 6 4 3.5 4 2 4 2 6 2.5 8.5S5 13 8 13c-3 .5-4 2.5-2 4.5s4 1 '
    '6-2.5c2 3.5 4 4.5 6 2.5s1-4-2-4.5c3 0 5-2 5.5-4.5S22 4 20.5 4C18 4 14 7 12 11z"/>',
    "threads": '<circle cx="12" cy="12" r="3.5"/><path d="M15.5 12v1.5a2.5 2.5 0 0 0 5 0V12a8.5 '
    '8.5 0 1 0-3.5 6.9"/>',
    "github": '<path d="M8 7l-5 5 5 5M16 7l5 5-5 5"/>',
    "rss": '<path d="M4 11a9 9 0 0 1 9 9M4 4a16 16 0 0 1 16 16"/><circle cx="5" cy="19" r="1"/>',
    "email": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>',
}
_ICON = (
    '<svg class="social-icon" width="24" height="24" viewBox="0 0 24 24" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
    'aria-hidden="true" focusable="false">{}</svg>'
)


def social_icon(network: str) -> Markup:
    """The inline SVG icon of *network* (``""`` for a network without one)."""
    path = _ICON_PATHS.get(network)
    return Markup(_ICON.format(path)) if path else Markup("")


@dataclass(frozen=True)
class SocialLink:
    """One profile link: ``new_tab`` is false for ``mailto:`` links whatever the setting."""

    network: str
    label: str
    url: str
    icon: Markup
    new_tab: bool


def _url_field(network: str, label: str) -> Field:
    if network == "email":
        return Field(
            network,
            "url",
            label,
            default="",
            max_length=500,
            schemes=("mailto", "http", "https"),
            help="An email address (stored as mailto:…), or the address of a contact page.",
        )
    return Field(network, "url", label, default="", max_length=500)


@widget(
    "social-links",
    name="Social Links",
    classname="widget_social_links",
    default_title="Follow us",
    fields=[
        TITLE,
        *(_url_field(network, label) for network, label in NETWORKS),
        Field("new_tab", "boolean", "Open links in a new tab", default=False),
        Field("show_labels", "boolean", "Show the networks' names", default=False),
    ],
    many=True,
    depends=(),
)
def social_links(
    session: AnySession, settings_list: Sequence[Mapping[str, Any]], context: WidgetContext
) -> list[dict[str, Any] | None]:
    """Links to the site's profiles, in a fixed order; nothing when none is set. No SQL."""
    results: list[dict[str, Any] | None] = []
    for settings in settings_list:
        new_tab = bool(settings["new_tab"])
        links = [
            SocialLink(
                network=network,
                label=label,
                url=str(settings[network]),
                icon=social_icon(network),
                new_tab=new_tab and not str(settings[network]).lower().startswith("mailto:"),
            )
            for network, label in NETWORKS
            if settings[network]
        ]
        results.append(
            {"links": links, "new_tab": new_tab, "show_labels": bool(settings["show_labels"])}
            if links
            else None
        )
    return results


__all__ = ["NETWORKS", "SocialLink", "social_icon", "social_links"]
