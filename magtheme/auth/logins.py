"""What a login and an email address may be: WordPress's ``sanitize_user``,
``validate_username`` and ``is_email`` (``wp-includes/formatting.php``, ``user.php``).

Each check returns None for a good value, or a sentence saying what is wrong and what to do,
so the command line and (later) the admin's screens say the same thing.
"""

from __future__ import annotations

import re

from ..slugs import remove_accents

#: ``wp_users.user_login`` is VARCHAR(60); ``wp_insert_user`` refuses longer logins.
MAX_LOGIN = 60
#: ``wp_users.user_email`` is VARCHAR(100).
MAX_EMAIL = 100

_TAG = re.compile(r"<(script|style)[^>]*?>.*?</\1>|<[^>]*>", re.I | re.S)
_OCTET = re.compile(r"%[a-fA-F0-9]{2}")
_ENTITY = re.compile(r"&.+?;")
_NOT_STRICT = re.compile(r"[^a-z0-9 _.\-@]", re.I)
_EMAIL_LOCAL = re.compile(r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+")
_EMAIL_LABEL = re.compile(r"[a-z0-9-]+", re.I)


def sanitize_user(login: str, strict: bool = True) -> str:
    """WordPress's ``sanitize_user``: tags, accents, %-octets and entities removed; in strict
    mode only ASCII letters, digits, space and ``_ . - @`` kept; spaces trimmed and
    collapsed."""
    text = _OCTET.sub("", remove_accents(_TAG.sub("", login)))
    text = _ENTITY.sub("", text)
    if strict:
        text = _NOT_STRICT.sub("", text)
    return re.sub(r"\s+", " ", text.strip())


def login_problem(login: str) -> str | None:
    """Why *login* cannot be a login (WordPress's ``validate_username`` and the length
    ``wp_insert_user`` allows), or None."""
    if not login.strip():
        return "a login cannot be empty; give one such as 'jane'."
    if sanitize_user(login) != login:
        return (
            f"{login!r} is not a valid login: use only letters a-z, digits, spaces and "
            f"_ . - @ (no accents, no spaces at either end), e.g. {sanitize_user(login)!r}."
        )
    if len(login) > MAX_LOGIN:
        return f"a login may be at most {MAX_LOGIN} characters long; {login!r} has {len(login)}."
    return None


def email_problem(email: str) -> str | None:
    """Why *email* is not an email address by WordPress's ``is_email``, or None."""
    hint = "give an address such as jane@example.com."
    if len(email) > MAX_EMAIL:
        return f"an email address may be at most {MAX_EMAIL} characters long; {hint}"
    local, at, domain = email.rpartition("@") if "@" in email else ("", "", email)
    if len(email) < 6 or not at or not local or "@" in local:
        return f"{email!r} is not an email address; {hint}"
    if not _EMAIL_LOCAL.fullmatch(local):
        return (
            f"{email!r} is not an email address: {local!r} has characters WordPress refuses; {hint}"
        )
    labels = domain.split(".")
    if ".." in domain or domain.strip(" \t\n\r\0\x0b.") != domain or len(labels) < 2:
        return f"{email!r} is not an email address: {domain!r} is not a domain name; {hint}"
    for label in labels:
        if label.strip(" \t\n\r\0\x0b-") != label or not _EMAIL_LABEL.fullmatch(label):
            return f"{email!r} is not an email address: {domain!r} is not a domain name; {hint}"
    return None
