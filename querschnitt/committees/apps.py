from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "querschnitt.committees"
    label = "committees"
    verbose_name = _("Committee work")

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers tiles and navigation)
