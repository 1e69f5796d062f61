"""Passwords: argon2id for new ones; every hash a WordPress site hands over still checks.

The known hashes are in tests/data/password-vectors.json, each with where it came from
(tests/data/README.md): published phpass, bcrypt and MD5 vectors, a ``$wp$`` hash WordPress
made on PHP, and two ``$wp$`` hashes made by following ``wp_hash_password`` (PHP was not
on the machine to cross-check those).
"""

from __future__ import annotations

import json

import bcrypt
import pytest
from argon2 import PasswordHasher

from magtheme.auth.passwords import (
    MAX_PASSWORD_BYTES,
    check_password,
    hash_password,
    needs_rehash,
    phpass_crypt,
    scheme_of,
)
from tests.conftest import FIXTURES

VECTORS = json.loads((FIXTURES / "password-vectors.json").read_text("utf-8"))["vectors"]


@pytest.mark.parametrize(
    "vector", VECTORS, ids=[f"{v['scheme']}:{v['hash'][:12]}" for v in VECTORS]
)
def test_known_hashes_match_their_password_and_nothing_else(vector: dict[str, str]) -> None:
    assert scheme_of(vector["hash"]).name == vector["scheme"]
    assert check_password(vector["password"], vector["hash"])
    assert not check_password(vector["password"] + "x", vector["hash"])
    assert not check_password(vector["password"].upper() + "!", vector["hash"])
    assert needs_rehash(vector["hash"])


def test_a_new_hash_is_argon2id_salted_and_current() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert first != second
    assert check_password("correct horse", first) and check_password("correct horse", second)
    assert not check_password("correct horse ", first)
    assert not needs_rehash(first)


def test_argon2_hashes_with_other_parameters_are_rehashed() -> None:
    weaker = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash("pw")
    assert check_password("pw", weaker)
    assert needs_rehash(weaker)
    argon2i = "$argon2i" + PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash("pw")[9:]
    assert needs_rehash(argon2i)


def test_phpass_is_the_md5_iteration_of_class_phpass() -> None:
    # The salt and round letter are kept; 16 MD5 bytes become 22 characters of itoa64.
    computed = phpass_crypt(b"test12345", "$P$9IQRaTwmf")
    assert computed == b"$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"
    assert phpass_crypt(b"x", "$P$4IQRaTwmf") is None  # fewer than 2^7 rounds
    assert phpass_crypt(b"x", "$P$9short") is None


@pytest.mark.parametrize(
    "stored",
    # WordPress's own data_empty_values, plus None, plain text and damaged hashes.
    [None, "", "0", "\0", "*", "*0", "*1", "password", "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r!L0",
     "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L", "$wp$2y$10$broken", "$2y$10$broken",
     "$argon2id$v=19$broken", "$P$zIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0", "5F4DCC3B5AA765D61D8327DEB882CF99"],
)  # fmt: skip
def test_empty_unknown_or_damaged_hashes_never_match(stored: str | None) -> None:
    for password in ("", "0", "password", "test12345", "*", "\0"):
        assert not check_password(password, stored)
    assert needs_rehash(stored)


def test_wordpress_bcrypt_prehash_keeps_passwords_past_72_bytes() -> None:
    long_wp = next(v for v in VECTORS if v["password"] == "a" * 100)["hash"]
    assert check_password("a" * 100, long_wp)
    assert not check_password("a" * 99, long_wp)
    assert not check_password("a" * 72, long_wp)


def test_plain_bcrypt_reads_72_bytes_as_php_does() -> None:
    stored = bcrypt.hashpw(b"b" * 72, bcrypt.gensalt(4)).decode()
    assert check_password("b" * 72, stored)
    assert check_password("b" * 80, stored)  # PHP's password_verify ignores the rest too
    assert not check_password("b" * 71, stored)


def test_a_wp_prefix_on_plain_bcrypt_does_not_match() -> None:
    plain = "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"
    assert not check_password("rasmuslerdorf", "$wp" + plain)


def test_absurd_passwords_are_refused_with_a_reason() -> None:
    longest = "é" * (MAX_PASSWORD_BYTES // 2)
    assert check_password(longest, hash_password(longest))
    with pytest.raises(ValueError, match="at most 4096 bytes"):
        hash_password(longest + "x")
    with pytest.raises(ValueError, match="at most 4096 bytes"):
        check_password("x" * (MAX_PASSWORD_BYTES + 1), "5f4dcc3b5aa765d61d8327deb882cf99")
    with pytest.raises(ValueError, match="cannot be empty"):
        hash_password("")
    with pytest.raises(ValueError, match="must be text"):
        hash_password(b"bytes")  # type: ignore[arg-type]


def test_wordpress_cost_hashes_are_checked_but_absurd_costs_are_not() -> None:
    # WordPress wrote 2^13 rounds ($P$B); a hash asking for 2^30 is refused, not computed.
    assert check_password("JohnRipper", "$P$B12345678L6Lpt4BxNotVIMILOa9u81")
    assert not check_password("JohnRipper", "$P$S12345678L6Lpt4BxNotVIMILOa9u81")
