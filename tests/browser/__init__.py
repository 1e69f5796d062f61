"""The browser suite: the demo site in every bundled theme, in Debian's Chromium.

``sites.py`` serves the demo in each theme, ``harness.py`` opens its pages watched (console
errors, requests to other hosts, axe-core) and takes screenshots, ``conftest.py`` holds the
shared fixtures (one browser per module, one site per theme for the session, one run of the
Nu HTML checker over every page). Run only this suite with ``pytest tests/browser``.
"""
