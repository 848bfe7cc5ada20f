"""GOV.UK component params have one home per app, its presenters.py (DESIGN.md §2): selectors
return data, tables/ holds django-tables2 tables, and views and the layout's context processor
call presenters rather than build params of their own."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import resolve

# A component being rendered, or the keys of GOV.UK params: {"text": …}, {"classes": …}, …
COMPONENT_PARAMS = re.compile(
    r"render_component\(|[\"'](text|html|classes|caption|captionClasses|key|rows|head)[\"']:"
)
APPS = ("vanguards", "maturity", "learning", "reporting")
LAYERS = ("selectors", "tables", "views")


def _modules(root: Path):
    for app in APPS:
        for layer in LAYERS:
            yield from (root / app).glob(f"{layer}.py")
            yield from (root / app / layer).rglob("*.py")
    yield root / "reporting" / "context_processors.py"
    yield root / "maturity" / "charts.py"  # draws SVG; the tables beside the charts are presented


def test_only_presenters_build_component_params():
    root = Path(settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in _modules(root)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if COMPONENT_PARAMS.search(line)
    ]
    assert offenders == []


def test_each_support_request_step_is_a_view_of_its_own_name():
    # `grep "def support_triage"` finds the view; a traceback names it.
    for step in ("triage", "start", "assign", "deliver", "close", "rate"):
        assert resolve(f"/support-requests/1/{step}/").func.__name__ == f"support_{step}"
