"""The demo data set, assembled from one `demo` module per app.

Each app that contributes has `querschnitt/<app>/demo.py` with `load(context: dict) -> None`. Modules run in the
order of INSTALLED_APPS (lowest app first), so each can use what the ones below put into `context`. Every `load`
must be idempotent: running the demo twice changes nothing the second time.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "Demo-Querschnitt-2026"


def demo_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("querschnitt.") and find_spec(f"{config.name}.demo"):
            modules.append(import_module(f"{config.name}.demo"))
    return modules


def load_demo() -> dict[str, Any]:
    """Load every app's demo data in one transaction. Returns the shared context (with `logins`)."""
    context: dict[str, Any] = {"logins": [], "password": DEMO_PASSWORD}
    with transaction.atomic():
        for module in demo_modules():
            if hasattr(module, "load"):
                module.load(context)
    return context
