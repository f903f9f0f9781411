from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from querschnitt.core.demo import load_demo


class Command(BaseCommand):
    help = "Loads the demo data (Land NRW, Landesintegrationsrat, Rhein-Kreis Neuss) and one demo user per role."

    def handle(self, *args, **options):
        context = load_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        self.stdout.write(_("Demo logins (for trying out only – never use them on a public server):"))
        width = max(len(login["email"]) for login in context["logins"])
        for login in context["logins"]:
            self.stdout.write(f"  {login['email']:<{width}}  {context['password']}  {login['description']}")
