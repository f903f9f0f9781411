"""Demo bodies: Land NRW, the Landesintegrationsrat, Rhein-Kreis Neuss and its eight municipalities."""

from .models import Body
from .nrw import STATE_COUNCIL_SLUG
from .services import bodies_load_nrw

RHEIN_KREIS_NEUSS_AGS = "05162"


def load(context: dict) -> None:
    if not Body.objects.filter(ags=RHEIN_KREIS_NEUSS_AGS).exists():
        bodies_load_nrw()
    context["land"] = Body.objects.get(ags="05")
    context["state_council"] = Body.objects.get(slug=STATE_COUNCIL_SLUG)
    context["kreis"] = Body.objects.get(ags=RHEIN_KREIS_NEUSS_AGS)
    context["municipalities"] = {body.name: body for body in context["kreis"].children.all()}
