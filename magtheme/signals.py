"""Lifecycle events, as blinker signals: extensions subscribe instead of subclassing.

``theme_activated`` is sent with the app as sender and ``previous`` and ``current`` theme
slugs after a switch has been saved; Magtheme itself listens to carry settings, widgets and
menus over (see ``magtheme.themes.switching``).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent after the active theme changed: ``sender`` = app, kwargs ``previous``, ``current``.
theme_activated = _signals.signal("theme-activated")
#: Sent after a theme's settings were saved: ``sender`` = app, kwargs ``theme``, ``values``.
theme_settings_saved = _signals.signal("theme-settings-saved")
