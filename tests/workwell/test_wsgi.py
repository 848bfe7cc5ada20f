"""The WSGI module gunicorn workers load: what is loaded at start is frozen out of the garbage
collector's sight (workwell/wsgi.py)."""

import gc
import importlib


def test_loading_the_application_freezes_what_was_loaded():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        wsgi = importlib.reload(importlib.import_module("workwell.wsgi"))
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 10_000  # Django and the apps, not a handful
    finally:
        gc.unfreeze()  # the rest of the test run collects as usual
