from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    """`make bench`: the synthetic state-wide data set, the benchmark and the load scenario. No models, no URLs."""

    name = "querschnitt.benchmarks"
    label = "benchmarks"
    verbose_name = _("Benchmarks")
