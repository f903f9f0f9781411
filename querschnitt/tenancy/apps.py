from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "querschnitt.tenancy"
    label = "tenancy"
    verbose_name = _("Bodies and roles")

    def ready(self) -> None:
        from . import dashboard  # noqa: F401  (registers tiles and navigation)
