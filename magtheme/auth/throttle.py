"""Slowing down password guessing: failed sign-ins counted per account and per address.

After :data:`PER_ACCOUNT` failures for one login, or :data:`PER_ADDRESS` from one address,
within their window, the sign-in form refuses further tries (even a right password) until
the window has moved on, and says how long to wait. A success clears that account's count.
Counting per address stops one machine trying many accounts; per account stops many
machines trying one (the address limit alone cannot).

The counts are kept by the ``limits`` library: in the process by default, in Redis when the
site has a ``redis_url`` (then every worker and host shares them). A Redis that stops
answering does not open the door nor lock everyone out: counting goes on in the process
until it is back.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

#: WordPress has no limit of its own; these follow the common plugins' defaults.
PER_ACCOUNT = parse("5 per 15 minutes")
PER_ADDRESS = parse("20 per 15 minutes")

log = logging.getLogger(__name__)


@dataclass
class LoginThrottle:
    """Failed sign-ins, counted per login and per address."""

    storage: Storage = field(default_factory=MemoryStorage)
    per_account: RateLimitItem = PER_ACCOUNT
    per_address: RateLimitItem = PER_ADDRESS

    def __post_init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._fallback = MovingWindowRateLimiter(MemoryStorage())

    @classmethod
    def from_url(cls, url: str | None) -> LoginThrottle:
        """Counts in Redis at *url*, or in the process when *url* is None."""
        if not url:
            return cls()
        store = storage_from_string(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        assert isinstance(store, Storage)  # a synchronous store for a synchronous app
        return cls(store)

    def _checks(self, login: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        return [
            (self.per_account, "account", login.strip().lower()),
            (self.per_address, "address", address),
        ]

    def _each(self, action: str, item: RateLimitItem, *key: str) -> object:
        try:
            return getattr(self._limiter, action)(item, "login", *key)
        except Exception as exc:  # the store's own errors (redis-py's, limits')
            log.warning("login throttle store failed (%s); counting in this process", exc)
            return getattr(self._fallback, action)(item, "login", *key)

    def wait_seconds(self, login: str, address: str) -> int:
        """0 when a sign-in may be tried now, else the seconds until one may."""
        waits = [0]
        for item, kind, key in self._checks(login, address):
            if not self._each("test", item, kind, key):
                stats = self._each("get_window_stats", item, kind, key)
                reset = getattr(stats, "reset_time", 0.0)
                # The store's own clock decides; this is only the figure shown to people.
                waits.append(max(1, math.ceil(reset - time.time())))
        return max(waits)

    def failed(self, login: str, address: str) -> None:
        """Count one failed sign-in for *login* from *address*."""
        for item, kind, key in self._checks(login, address):
            self._each("hit", item, kind, key)

    def succeeded(self, login: str) -> None:
        """*login* signed in: forget its failures (the address's count stays)."""
        self._each("clear", self.per_account, "account", login.strip().lower())


def describe_wait(seconds: int) -> str:
    """``"14 minutes"``, ``"40 seconds"``: the wait in words."""
    if seconds >= 90:
        minutes = math.ceil(seconds / 60)
        return f"{minutes} minutes"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
