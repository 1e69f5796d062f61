"""The browser suite: the demo site in every bundled theme, in Debian's Chromium.

``sites.py`` serves the demo in each theme, ``harness.py`` opens its pages watched (console
errors, requests to other hosts, axe-core) and takes screenshots, ``conftest.py`` holds the
shared fixtures (one browser per module, one site per theme for the session, one run of the
Nu HTML checker over every page). ``test_pages.py`` and ``test_html_validity.py`` check every
theme's pages; ``test_magazine.py`` drives Magazine's chrome, ``test_magazine_dark.py`` checks
Magazine Dark's other colour schemes, ``test_unit_test_rendering.py`` reads the WordPress Theme
Unit Test's stories in every theme. Run only this suite with ``pytest tests/browser``.
"""
