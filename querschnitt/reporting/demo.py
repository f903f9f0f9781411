"""Demo data of reporting: the Integrationsbericht Rhein-Kreis Neuss built from the demo data (seed 004)."""

from typing import Any


def load(context: dict[str, Any]) -> None:
    """Idempotent: running the demo twice changes nothing the second time."""
