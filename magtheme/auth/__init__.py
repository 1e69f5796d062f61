"""Who may do what: people's passwords, their roles and capabilities, and their sessions.

- :mod:`magtheme.auth.passwords`: hashing and checking passwords (modern hashes; WordPress's
  own hashes accepted and replaced on first use).
- :mod:`magtheme.auth.capabilities`: WordPress's roles and capabilities, and the checks
  (``user_can``) every screen and action of the admin makes.
"""
