from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatewideConfig(AppConfig):
    name = "querschnitt.statewide"
    label = "statewide"
    verbose_name = _("State level")

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers navigation, tiles and footer links)
