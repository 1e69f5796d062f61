"""Hashing and checking people's passwords.

New passwords are hashed with argon2id. The hashes a WordPress site hands over are checked
as WordPress checks them (``wp_check_password`` in ``wp-includes/pluggable.php``), so people
keep their passwords when a site moves here:

- WordPress 6.8+'s ``$wp$2y$…``: bcrypt over ``base64(HMAC-SHA384(key "wp-sha384", password))``;
- phpass's portable ``$P$…`` (WordPress before 6.8) and ``$H$…`` (phpBB), from
  ``class-phpass.php``;
- plain bcrypt ``$2y$``/``$2b$``/``$2a$`` (plugins that used PHP's ``password_hash``);
- a bare 32-hex MD5 (WordPress before 2.5).

:func:`needs_rehash` says True for all of those, and for argon2 hashes made with other
parameters, so login can store a fresh :func:`hash_password` on the first success.

Passwords are taken exactly as given. WordPress trims spaces around a password both when it
hashes one (``wp_hash_password``) and when someone logs in (``wp_authenticate``), not in
``wp_check_password``: callers that read a login form should trim the same way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY

#: WordPress refuses longer passwords (``wp_hash_password`` and ``wp_check_password``).
MAX_PASSWORD_BYTES = 4096

#: RFC 9106's second recommended profile: argon2id, 3 passes over 64 MiB, 4 lanes; about
#: 50 ms on a laptop. Hashes made with anything else are re-hashed on the next login.
HASHER = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)

_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: phpass allows 2^7 to 2^30 MD5 rounds; WordPress wrote 2^13 (``$P$B``), phpBB 2^11
#: (``$H$9``). A stored hash asking for more than 2^18 is refused rather than spending
#: minutes of a worker on it.
_PHPASS_MAX_LOG2 = 18
_MD5_HEX = re.compile(r"[0-9a-f]{32}")
_WP_PREHASH_KEY = b"wp-sha384"
#: bcrypt reads only the first 72 bytes of a password; PHP's ``password_verify`` silently
#: ignores the rest, the Python library refuses them.
_BCRYPT_MAX_BYTES = 72


def _password_bytes(plain: str) -> bytes:
    """*plain* as UTF-8, or a ValueError saying why it cannot be a password."""
    if not isinstance(plain, str):
        raise ValueError(f"a password must be text, not {type(plain).__name__}.")
    data = plain.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES:
        raise ValueError(
            f"a password may be at most {MAX_PASSWORD_BYTES} bytes long; this one is "
            f"{len(data)}. Choose a shorter one."
        )
    return data


def hash_password(plain: str) -> str:
    """An argon2id hash of *plain* (a new random salt each time) to store in ``password_hash``.

    Raises ValueError for an empty password or one over :data:`MAX_PASSWORD_BYTES`.
    """
    data = _password_bytes(plain)
    if not data:
        raise ValueError("a password cannot be empty.")
    return HASHER.hash(data)


def check_password(plain: str, stored: str | None) -> bool:
    """Whether *plain* is the password *stored* was made from, in any scheme above.

    An empty or unknown *stored* never matches. Comparisons take the same time however much
    of the hash matches. Raises ValueError, like :func:`hash_password`, for a password over
    :data:`MAX_PASSWORD_BYTES` (no hash can have been made from one: a login should say the
    password is wrong).
    """
    data = _password_bytes(plain)
    if not stored:
        return False
    scheme = scheme_of(stored)
    return scheme is not None and scheme.verify(data, stored)


def needs_rehash(stored: str | None) -> bool:
    """Whether *stored* should be replaced by a fresh :func:`hash_password` (after a
    successful check): anything that is not argon2id with :data:`HASHER`'s parameters."""
    if not stored or not stored.startswith("$argon2id$"):
        return True
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


# -- the schemes, in the order a stored hash is tried --------------------------------------


@dataclass(frozen=True)
class Scheme:
    """One kind of stored hash: how to recognise it and how to check a password against it."""

    name: str
    matches: Callable[[str], bool]
    verify: Callable[[bytes, str], bool]


def _verify_argon2(data: bytes, stored: str) -> bool:
    try:
        return HASHER.verify(stored, data)
    except (VerificationError, InvalidHashError):
        return False


def _bcrypt_verify(data: bytes, stored: str) -> bool:
    try:
        return bcrypt.checkpw(data[:_BCRYPT_MAX_BYTES], stored.encode("ascii"))
    except (ValueError, UnicodeEncodeError):  # a malformed hash
        return False


def _verify_wp_bcrypt(data: bytes, stored: str) -> bool:
    # wp_check_password: password_verify(base64(hmac-sha384), substr($hash, 3)).
    digest = hmac.new(_WP_PREHASH_KEY, data, hashlib.sha384).digest()
    return _bcrypt_verify(base64.b64encode(digest), stored[3:])


def _verify_phpass(data: bytes, stored: str) -> bool:
    computed = phpass_crypt(data, stored)
    return computed is not None and hmac.compare_digest(computed, stored.encode("ascii"))


def _verify_md5(data: bytes, stored: str) -> bool:
    return hmac.compare_digest(hashlib.md5(data).hexdigest(), stored)


def _is_ascii(stored: str) -> bool:
    return stored.isascii()


SCHEMES: tuple[Scheme, ...] = (
    Scheme("argon2", lambda s: s.startswith("$argon2"), _verify_argon2),
    Scheme("wordpress-bcrypt", lambda s: s.startswith("$wp$2"), _verify_wp_bcrypt),
    Scheme(
        "phpass",
        lambda s: s[:3] in ("$P$", "$H$") and len(s) == 34 and _is_ascii(s),
        _verify_phpass,
    ),
    Scheme(
        "bcrypt",
        lambda s: s[:4] in ("$2y$", "$2b$", "$2a$") and _is_ascii(s),
        _bcrypt_verify,
    ),
    Scheme("md5", lambda s: _MD5_HEX.fullmatch(s) is not None, _verify_md5),
)


def scheme_of(stored: str) -> Scheme | None:
    """The scheme *stored* is written in, or None for anything this module cannot check
    (plain text, ``*``, an emptied hash)."""
    return next((scheme for scheme in SCHEMES if scheme.matches(stored)), None)


def phpass_crypt(data: bytes, setting: str) -> bytes | None:
    """phpass's ``crypt_private``: the portable hash of *data* with the salt and round count
    of *setting* (``$P$`` or ``$H$``, a round-count letter, 8 salt characters), or None
    when *setting* is not one."""
    if setting[:3] not in ("$P$", "$H$") or len(setting) < 12:
        return None
    count_log2 = _ITOA64.find(setting[3])
    if not 7 <= count_log2 <= _PHPASS_MAX_LOG2:
        return None
    salt = setting[4:12].encode("ascii")
    digest = hashlib.md5(salt + data).digest()
    for _ in range(1 << count_log2):
        digest = hashlib.md5(digest + data).digest()
    return setting[:12].encode("ascii") + _encode64(digest)


def _encode64(raw: bytes) -> bytes:
    """phpass's ``encode64``: little-endian groups of 3 bytes as 4 characters of
    :data:`_ITOA64` (16 bytes make 22 characters)."""
    out = []
    for start in range(0, len(raw), 3):
        chunk = raw[start : start + 3]
        value = int.from_bytes(chunk, "little")
        for position in range(len(chunk) + 1):
            out.append(_ITOA64[(value >> (6 * position)) & 0x3F])
    return "".join(out).encode("ascii")
