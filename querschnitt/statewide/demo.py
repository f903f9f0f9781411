"""Demo data of the state level: one module per part, each idempotent (`load(context)`)."""

from typing import Any


def load(context: dict[str, Any]) -> None:
    from importlib import import_module
    from importlib.util import find_spec

    for part in ("demo_coaching", "demo_training", "demo_practice"):
        name = f"querschnitt.statewide.{part}"
        if find_spec(name):
            import_module(name).load(context)
