"""`querschnitt generate_statewide [--scale 1.0] [--seed N]`: the synthetic state-wide data set of `make bench`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from querschnitt.benchmarks.statewide import AlreadyGenerated, Plan, generate


class Command(BaseCommand):
    help = "Creates the synthetic state-wide data set (113 committees, ten years of work) on top of the demo data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the sizes of issue 9 (default).")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random generator (default 2026).")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale <= 0 or scale > 10:
            raise CommandError("--scale muss größer als 0 und höchstens 10 sein.")
        plan = Plan.for_scale(scale)
        self.stdout.write(
            f"Erzeuge den synthetischen Datensatz (Maßstab {scale:g}): {plan.bodies} Kommunen mit je "
            f"{plan.persons} Personen, {plan.meetings} Sitzungen, {plan.papers} Drucksachen, {plan.measures} "
            f"Maßnahmen, {plan.indicators} Indikatoren …"
        )
        began = time.perf_counter()
        try:
            counts = generate(scale=scale, seed=options["seed"], progress=self.stdout.write)
        except AlreadyGenerated as error:
            raise CommandError(
                "Der synthetische Datensatz ist in dieser Datenbank schon vorhanden; ein zweiter Lauf würde ihn "
                "verdoppeln. Bitte eine frische Datenbank verwenden (migrate, demo, generate_statewide)."
            ) from error
        for name, number in counts.items():
            self.stdout.write(f"  {name}: {number:,}".replace(",", "."))
        self.stdout.write(f"Fertig in {time.perf_counter() - began:.1f} s.".replace(".", ",", 1))
