"""Slugs made and stored the way WordPress makes and stores them."""

from __future__ import annotations

import pytest

from magtheme.slugs import decode_slug, encode_slug, sanitize_title


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello World", "hello-world"),
        ("Café au lait", "cafe-au-lait"),
        ("foo 😀", "foo-%f0%9f%98%80"),
        ("Version 2.0", "version-2-0"),
        ("Restore ‘Lasting Peace’", "restore-lasting-peace"),
        ("already %ce%b5 encoded", "already-%ce%b5-encoded"),
        ("Ελληνικά", "%ce%b5%ce%bb%ce%bb%ce%b7%ce%bd%ce%b9%ce%ba%ce%ac"),
        ("war — peace", "war-peace"),
        ("3×4", "3x4"),
        ("100% sure", "100-sure"),
        ("<b>Bold</b> move", "bold-move"),
        ("AC/DC", "ac-dc"),
        ("Straße", "strasse"),
    ],
)
def test_sanitize_title(title: str, slug: str) -> None:
    assert sanitize_title(title) == slug


def test_encode_and_decode_round_trip() -> None:
    assert encode_slug("foo-😀") == "foo-%f0%9f%98%80"
    assert encode_slug("foo-%F0%9F%98%80") == "foo-%f0%9f%98%80"
    assert decode_slug("foo-%f0%9f%98%80") == "foo-😀"
    assert decode_slug("a+b") == "a b"  # PHP urldecode semantics
