"""What reporting adds to the navigation and the footer: one navigation entry per body leading to its start page
of reports and data, and a footer link to the open data of all bodies that publish."""

from django.utils.translation import gettext_lazy

from querschnitt.core.registry import NavItem, PublicLink, register_nav_item, register_public_link

register_nav_item(
    NavItem(
        label=gettext_lazy("Reports and data"),
        url_name="reporting:hub",
        order=350,
        visible=lambda user, body: user.has_perm("reporting.view_reports", body),
        also_for=("reports", "statistics", "analysis"),
    )
)
register_public_link(PublicLink(label=gettext_lazy("Open data"), url_name="public:index", order=30))
