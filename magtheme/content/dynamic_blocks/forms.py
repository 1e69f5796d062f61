"""The search form and social links."""

from __future__ import annotations

import re
from typing import Any

from ..blocks import BlockInstance, dynamic
from .common import (
    esc,
    kebab,
    wrapper_attributes,
)

# -- search -----------------------------------------------------------------------------------

SEARCH_ICON = (
    '<svg class="search-icon" viewBox="0 0 24 24" width="24" height="24">\n\t\t\t\t\t'
    '<path d="M13 5c-3.3 0-6 2.7-6 6 0 1.4.5 2.7 1.3 3.7l-3.8 3.8 1.1 1.1 3.8-3.8c1 .8 2.3 '
    "1.3 3.7 1.3 3.3 0 6-2.7 6-6S16.3 5 13 5zm0 10.5c-2.5 0-4.5-2-4.5-4.5s2-4.5 4.5-4.5 4.5 2 "
    '4.5 4.5-2 4.5-4.5 4.5z"></path>\n\t\t\t\t</svg>'
)


@dynamic(
    "core/search",
    defaults={
        "label": "Search",
        "buttonText": "Search",
        "showLabel": True,
        "buttonPosition": "button-outside",
        "buttonUseIcon": False,
        "placeholder": "",
    },
)
def render_search(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_search``: a GET form to the home page with the ``s`` field."""
    linker = block.context.linker
    action = linker.home() if linker is not None else "/"
    input_id = block.state.unique_id("wp-block-search__input-")
    position = str(attrs.get("buttonPosition") or "")
    use_icon = bool(attrs.get("buttonUseIcon"))
    classes = {
        "button-inside": "wp-block-search__button-inside",
        "button-outside": "wp-block-search__button-outside",
        "no-button": "wp-block-search__no-button",
        "button-only": "wp-block-search__button-only",
    }.get(position, "")
    names = [classes] if classes else []
    if position and position != "no-button":
        names.append("wp-block-search__icon-button" if use_icon else "wp-block-search__text-button")
    label_text = esc(attrs.get("label") or "Search")
    hidden = "" if attrs.get("showLabel") else " screen-reader-text"
    label = f'<label for="{input_id}" class="wp-block-search__label{hidden}" >{label_text}</label>'
    field = (
        f'<input type="search" id="{input_id}" class="wp-block-search__input '
        f'wp-block-search__input" name="s" value="" placeholder="{esc(attrs.get("placeholder") or "")}"'
        "  required />"
    )
    button = ""
    if position != "no-button":
        inner = SEARCH_ICON if use_icon else esc(attrs.get("buttonText") or "")
        icon_class = " has-icon" if use_icon else ""
        aria = f' aria-label="{esc(attrs.get("buttonText") or "Search")}"' if use_icon else ""
        button = (
            f'<button type="submit" class="wp-block-search__button{icon_class} '
            f'wp-element-button" {aria} >{inner}</button>'
        )
    return (
        f'<form role="search" method="get" action="{esc(action)}" '
        f"{wrapper_attributes(block, ' '.join(names))}>{label}"
        f'<div class="wp-block-search__inside-wrapper " >{field}{button}</div></form>'
    )


# -- social links -----------------------------------------------------------------------------

#: WordPress's social services and their names (``block_core_social_link_services``).
SOCIAL_SERVICES = {
    "fivehundredpx": "500px", "amazon": "Amazon", "bandcamp": "Bandcamp", "behance": "Behance",
    "chain": "Link", "codepen": "CodePen", "deviantart": "DeviantArt", "dribbble": "Dribbble",
    "dropbox": "Dropbox", "etsy": "Etsy", "facebook": "Facebook", "feed": "RSS Feed",
    "flickr": "Flickr", "foursquare": "Foursquare", "goodreads": "Goodreads", "google": "Google",
    "github": "GitHub", "instagram": "Instagram", "lastfm": "Last.fm", "linkedin": "LinkedIn",
    "mail": "Mail", "mastodon": "Mastodon", "meetup": "Meetup", "medium": "Medium",
    "patreon": "Patreon", "pinterest": "Pinterest", "pocket": "Pocket", "reddit": "Reddit",
    "skype": "Skype", "snapchat": "Snapchat", "soundcloud": "SoundCloud", "spotify": "Spotify",
    "telegram": "Telegram", "tiktok": "TikTok", "tumblr": "Tumblr", "twitch": "Twitch",
    "twitter": "Twitter", "vimeo": "Vimeo", "vk": "VK", "wordpress": "WordPress", "whatsapp": "WhatsApp",
    "yelp": "Yelp", "youtube": "YouTube",
}  # fmt: skip

_SAFE_URL = re.compile(r"^(https?:|mailto:|/|#|\?)", re.I)


@dynamic("core/social-link")
def render_social_link(attrs: dict[str, Any], content: str, block: BlockInstance) -> str:
    """``render_block_core_social_link``: one link, labelled with its service's name as text
    (no icon set is bundled, so the label is never hidden)."""
    url = str(attrs.get("url") or "").strip()
    service = str(attrs.get("service") or "").strip()
    if not url:
        return ""
    if "@" in url and not _SAFE_URL.match(url) and service == "mail":
        url = "mailto:" + url
    if not _SAFE_URL.match(url):
        url = "https://" + url if re.match(r"^[\w.-]+\.[a-z]{2,}", url, re.I) else ""
        if not url:
            return ""
    name = SOCIAL_SERVICES.get(service, "Link")
    label = str(attrs.get("label") or "").strip() or name
    parent = block.parent_attrs
    rel = ' rel="noopener nofollow" target="_blank"' if parent.get("openInNewTab") else ""
    slug = kebab(service) or "chain"
    wrapper = wrapper_attributes(block, f"wp-social-link wp-social-link-{slug}")
    return (
        f'<li {wrapper}><a href="{esc(url)}"{rel} class="wp-block-social-link-anchor">'
        f'<span class="wp-block-social-link-label">{esc(label)}</span></a></li>'
    )
