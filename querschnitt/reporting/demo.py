"""Demo data of reporting (seed 004, Rhein-Kreis Neuss): statistics by municipality imported from an Open SDG file,
the Kreis's public page with open data, and the Integrationsbericht Rhein-Kreis Neuss built from all the demo data
and published. Each part is idempotent; the report comes last because it draws on the others."""

from typing import Any

from . import demo_public, demo_reports, demo_statistics


def load(context: dict[str, Any]) -> None:
    demo_statistics.load(context)
    demo_public.load(context)
    demo_reports.load(context)
