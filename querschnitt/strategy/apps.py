from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "querschnitt.strategy"
    label = "strategy"
    verbose_name = _("Integration concept")

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers tiles and navigation)
