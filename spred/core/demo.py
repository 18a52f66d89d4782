"""What every app's demo content shares: demo content is fictional, loaded only in demo mode
(``SPRED_DEMO=1``) by ``load_demo``, which runs the apps' loaders in the order one needs the
other. A loader that cannot load raises ``DemoError`` with the reason, and loads nothing."""

from __future__ import annotations


class DemoError(Exception):
    """The demo content does not load; the message lists every problem."""
