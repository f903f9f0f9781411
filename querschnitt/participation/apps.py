from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "querschnitt.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers tiles and navigation)
