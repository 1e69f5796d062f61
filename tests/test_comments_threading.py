"""Threads, pages and the visitor's own held comment: pure functions, case tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from magtheme.comments.threading import (
    build_thread,
    moderation_hash,
    page_count,
    paginate,
    reply_url,
    visible_comments,
)

T0 = datetime(2024, 5, 1, 12, 0, 0)


@dataclass
class C:
    id: int
    parent_id: int = 0
    status: str = "approved"
    date_gmt: datetime = T0

    def __post_init__(self) -> None:
        if self.date_gmt == T0:
            self.date_gmt = T0 + timedelta(minutes=self.id)


def shape(nodes: list) -> list:  # type: ignore[type-arg]
    """(id, depth, children) as nested tuples, for readable expectations."""
    return [(n.id, n.depth, shape(n.children)) if n.children else (n.id, n.depth) for n in nodes]


def test_replies_nest_under_their_parents_oldest_first() -> None:
    comments = [C(1), C(2), C(3, 1), C(4, 3), C(5, 1)]
    assert shape(build_thread(comments, depth=5)) == [(1, 1, [(3, 2, [(4, 3)]), (5, 2)]), (2, 1)]


def test_input_order_does_not_matter() -> None:
    comments = [C(5, 1), C(4, 3), C(3, 1), C(2), C(1)]
    assert shape(build_thread(comments, depth=5)) == [(1, 1, [(3, 2, [(4, 3)]), (5, 2)]), (2, 1)]


def test_replies_below_the_deepest_level_follow_their_parent_as_siblings() -> None:
    # 1 > 2 > 3 > 4 > 5 with depth 3: 4 and 5 appear after 3, at level 3 (Walker_Comment).
    comments = [C(1), C(2, 1), C(3, 2), C(4, 3), C(5, 4), C(6, 2)]
    thread = build_thread(comments, depth=3)
    assert shape(thread) == [(1, 1, [(2, 2, [(3, 3), (4, 3), (5, 3), (6, 3)])])]


@pytest.mark.parametrize("depth", [1, 0, -1])
def test_threading_off_gives_one_flat_list(depth: int) -> None:
    comments = [C(1), C(2, 1), C(3), C(4, 2)]
    assert shape(build_thread(comments, depth=depth)) == [(1, 1), (2, 1), (3, 1), (4, 1)]


def test_descending_order_reverses_top_level_only() -> None:
    comments = [C(1), C(2), C(3, 1), C(4, 1)]
    assert shape(build_thread(comments, depth=5, order="desc")) == [
        (2, 1),
        (1, 1, [(3, 2), (4, 2)]),
    ]


def test_a_reply_whose_parent_is_not_shown_is_left_out() -> None:
    comments = [C(1), C(3, 2)]  # 2 is held or spam
    assert shape(build_thread(comments, depth=5)) == [(1, 1)]


def test_parent_loops_in_bad_data_do_not_hang() -> None:
    comments = [C(1), C(2, 3), C(3, 2), C(4, 4)]
    assert shape(build_thread(comments, depth=5)) == [(1, 1)]


@pytest.mark.parametrize(
    ("top", "per_page", "pages"),
    [(0, 50, 1), (1, 50, 1), (50, 50, 1), (51, 50, 2), (7, 3, 3), (7, 0, 1)],
)
def test_page_count(top: int, per_page: int, pages: int) -> None:
    assert page_count(top, per_page) == pages


#: (page asked, default page, order) → (page shown, top-level ids shown); 7 comments, 3 a page.
PAGES = [
    (None, "newest", "asc", 3, [7]),
    (None, "oldest", "asc", 1, [1, 2, 3]),
    (1, "newest", "asc", 1, [1, 2, 3]),
    (2, "newest", "asc", 2, [4, 5, 6]),
    (2, "newest", "desc", 2, [6, 5, 4]),
    (None, "oldest", "desc", 1, [3, 2, 1]),
    (99, "oldest", "asc", 3, [7]),
    (0, "oldest", "asc", 1, [1, 2, 3]),
]


@pytest.mark.parametrize(("asked", "default", "order", "page", "ids"), PAGES)
def test_paginate(asked: int | None, default: str, order: str, page: int, ids: list[int]) -> None:
    thread = build_thread([C(i) for i in range(1, 8)], depth=5, order=order)
    result = paginate(thread, per_page=3, page=asked, default_page=default, order=order)
    assert (result.page, [n.id for n in result.nodes]) == (page, ids)
    assert result.total_pages == 3
    assert result.has_previous == (page > 1)
    assert result.has_next == (page < 3)


def test_pages_count_top_level_comments_and_keep_replies() -> None:
    comments = [C(1), C(2, 1), C(3, 1), C(4)]
    result = paginate(build_thread(comments, depth=5), per_page=1, page=1)
    assert result.total_pages == 2
    assert [n.id for n in result.nodes[0].walk()] == [1, 2, 3]


def test_the_commenter_sees_their_held_comment_and_no_one_else_does() -> None:
    secret = "s3cret"
    mine, other = C(2, status="pending"), C(3, status="pending")
    comments = [C(1), mine, other, C(4, status="spam"), C(5, status="trash")]
    proof = moderation_hash(mine, secret)

    assert [c.id for c in visible_comments(comments, viewer_hash=None, secret=secret)] == [1]
    shown = visible_comments(comments, viewer_hash=proof, secret=secret)
    assert [c.id for c in shown] == [1, 2]
    thread = build_thread(shown, depth=5)
    assert [(n.id, n.held) for n in thread] == [(1, False), (2, True)]
    assert [c.id for c in visible_comments(comments, viewer_hash="0" * 32, secret=secret)] == [1]


def test_a_moderation_hash_unlocks_one_comment_only() -> None:
    assert moderation_hash(C(2), "k") != moderation_hash(C(3), "k")
    assert moderation_hash(C(2), "k") != moderation_hash(C(2), "other key")


def test_reply_links() -> None:
    assert reply_url("http://x.test/a/", 7) == "http://x.test/a/?replytocom=7#respond"
    assert reply_url("http://x.test/?p=3#comments", 7) == "http://x.test/?p=3&replytocom=7#respond"
    thread = build_thread([C(1), C(2, 1), C(3, 2)], depth=3)
    assert [(n.id, n.can_reply(3)) for n in thread[0].walk()] == [(1, True), (2, True), (3, False)]
    assert not thread[0].can_reply(1)
