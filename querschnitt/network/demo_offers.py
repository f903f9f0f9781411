"""Demo offers of the Rhein-Kreis Neuss: what seed 004 asks the directory to make known („Informationsplattform“,
„Übersicht über die Beratungsmöglichkeiten“, „Erfassung der Maßnahmen zur Förderung der Erstsprachen“ and „zum Erwerb
der deutschen Sprache … Öffentlichkeitsarbeit/Bekanntmachung der Maßnahmen“, „Einrichtung niederschwelliger Kurse
für bestimmte Zielgruppen“ with „Kinderbetreuung“).

Invented but plausible, and marked as demo data in every description: twelve published offers of the seed's actors
in several municipalities and languages, with made-up contact points (`example.org` addresses, phone numbers with
zeros). The women's course of the Volkshochschule has a change waiting for review, proposed through the one editor
link of the demo. It runs twice without change: an offer is found again by its provider and title.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from . import services_offers as services
from .models_offers import OFFER_CONTENT_FIELDS, Offer, OfferEditorInvitation, OfferKind, TargetGroup

KREISWEIT = ""  # the place of an offer for the whole district: the Kreis itself
EDITOR_EMAIL = "integrationskurse-vhs@example.org"
WOMENS_COURSE = "Deutsch im Alltag – niedrigschwelliger Kurs für Frauen mit Kinderbetreuung"

# (provider key in the network demo, title, kind, place, languages, target groups, fields)
OFFERS: list[tuple[str, str, str, str, list[str], list[str], dict[str, Any]]] = [
    (
        "kurstraeger",
        "Allgemeiner Integrationskurs mit Kinderbetreuung",
        OfferKind.INTEGRATION_COURSE,
        "Neuss",
        ["de"],
        [TargetGroup.NEWCOMERS, TargetGroup.REFUGEES, TargetGroup.PARENTS],
        {
            "description": "Sprachkurs (600 Unterrichtseinheiten) und Orientierungskurs (100 Unterrichtseinheiten) "
            "bis zum Deutsch-Test für Zuwanderer. Während des Unterrichts werden Kinder unter drei Jahren im Haus "
            "betreut – damit auch Mütter mit kleinen Kindern teilnehmen können.",
            "address": "Volkshochschule, Raum 2.14, 41460 Neuss",
            "times": "Montag bis Freitag, 8:30–12:45 Uhr; neue Kurse beginnen alle zwei Monate",
            "cost": "Kostenbeitrag nach den Regeln des Bundesamts; Befreiung auf Antrag möglich",
            "contact_name": "VHS – Beratung Integrationskurse",
            "contact_phone": "02131 000-100",
            "contact_email": "integrationskurse-vhs@example.org",
            "accessible": True,
            "childcare": True,
        },
    ),
    (
        "kurstraeger",
        "Integrationskurs für Eltern (Teilzeit, vormittags)",
        OfferKind.INTEGRATION_COURSE,
        "Grevenbroich",
        ["de"],
        [TargetGroup.PARENTS, TargetGroup.WOMEN, TargetGroup.NEWCOMERS],
        {
            "description": "Integrationskurs in Teilzeit, während die Kinder in Kita oder Schule sind. Themen aus "
            "dem Alltag mit Kindern: Kita, Schule, Arztbesuch, Elternabend.",
            "address": "Familienzentrum am Stadtpark, 41515 Grevenbroich",
            "times": "Dienstag bis Donnerstag, 8:45–11:45 Uhr",
            "cost": "Kostenbeitrag nach den Regeln des Bundesamts; Befreiung auf Antrag möglich",
            "contact_name": "VHS – Beratung Integrationskurse",
            "contact_phone": "02131 000-100",
            "contact_email": "integrationskurse-vhs@example.org",
            "childcare": True,
        },
    ),
    (
        "kurstraeger",
        WOMENS_COURSE,
        OfferKind.LOW_THRESHOLD_COURSE,
        "Neuss",
        ["de", "tr", "ar"],
        [TargetGroup.WOMEN, TargetGroup.PARENTS],
        {
            "description": "Erste Schritte auf Deutsch in kleiner Gruppe, ohne Anmeldung beim Bundesamt und ohne "
            "Prüfung. Die Kursleiterin erklärt bei Bedarf auf Türkisch und Arabisch. Kinder werden nebenan betreut.",
            "address": "Stadtteilzentrum Erfttal, 41469 Neuss",
            "times": "Mittwoch, 9:00–11:00 Uhr",
            "free_of_charge": True,
            "contact_name": "VHS – Beratung Integrationskurse",
            "contact_phone": "02131 000-100",
            "contact_email": "integrationskurse-vhs@example.org",
            "childcare": True,
            "accessible": True,
        },
    ),
    (
        "agw",
        "Mama lernt Deutsch – Frauenkurs im Familienzentrum",
        OfferKind.LOW_THRESHOLD_COURSE,
        "Dormagen",
        ["de", "tr", "ru"],
        [TargetGroup.WOMEN, TargetGroup.PARENTS],
        {
            "description": "Niedrigschwelliger Deutschkurs für Mütter, mit Kinderbetreuung im Nebenraum. Einstieg "
            "jederzeit möglich.",
            "address": "Familienzentrum Nord, 41539 Dormagen",
            "times": "Montag und Donnerstag, 9:00–10:30 Uhr",
            "free_of_charge": True,
            "contact_name": "Familienzentrum Nord – Büro",
            "contact_phone": "02133 000-200",
            "contact_email": "familienzentrum-nord@example.org",
            "childcare": True,
        },
    ),
    (
        "mso",
        "Sprachcafé: Deutsch sprechen bei Tee und Kuchen",
        OfferKind.LEISURE,
        "Kaarst",
        ["de", "ar", "fa", "uk"],
        [TargetGroup.REFUGEES, TargetGroup.EVERYONE],
        {
            "description": "Ehrenamtliche und Neuzugewanderte treffen sich zum Gespräch auf Deutsch. Wer möchte, "
            "bekommt Hilfe bei Briefen von Ämtern.",
            "address": "Begegnungsstätte am Rathaus, 41564 Kaarst",
            "times": "Jeden Freitag, 16:00–18:00 Uhr",
            "free_of_charge": True,
            "contact_name": "Sprachcafé-Team",
            "contact_email": "sprachcafe-kaarst@example.org",
            "accessible": True,
        },
    ),
    (
        "schulen",
        "Herkunftssprachlicher Unterricht Türkisch, Klassen 5 bis 10",
        OfferKind.FIRST_LANGUAGE,
        "Grevenbroich",
        ["tr"],
        [TargetGroup.CHILDREN],
        {
            "description": "Unterricht in der Herkunftssprache Türkisch für Schülerinnen und Schüler der Klassen 5 "
            "bis 10 aller weiterführenden Schulen, am Nachmittag und schulübergreifend. Die Leistung wird im Zeugnis "
            "vermerkt.",
            "address": "Gesamtschule, Gebäude B, 41515 Grevenbroich",
            "times": "Dienstag, 14:00–15:30 Uhr (Klassen 5–7), Donnerstag, 14:00–15:30 Uhr (Klassen 8–10)",
            "free_of_charge": True,
            "contact_name": "Sekretariat der Gesamtschule",
            "contact_phone": "02181 000-300",
        },
    ),
    (
        "mso",
        "Samstagsschule: Arabisch und Russisch für Kinder",
        OfferKind.FIRST_LANGUAGE,
        "Korschenbroich",
        ["ar", "ru"],
        [TargetGroup.CHILDREN, TargetGroup.PARENTS],
        {
            "description": "Lesen und Schreiben in der Erstsprache, Lieder und Geschichten. Eltern sind zum "
            "Elterncafé während des Unterrichts eingeladen.",
            "address": "Jugendzentrum, 41352 Korschenbroich",
            "times": "Samstag, 10:00–12:30 Uhr",
            "cost": "10 € im Monat; Geschwister frei",
            "contact_name": "Samstagsschule – Elternverein",
            "contact_email": "samstagsschule@example.org",
        },
    ),
    (
        "agw",
        "Migrationsberatung für Erwachsene",
        OfferKind.COUNSELLING,
        "Neuss",
        ["de", "tr", "ar", "ru", "pl", "ro"],
        [TargetGroup.NEWCOMERS],
        {
            "description": "Beratung zu Sprachkurs, Aufenthalt, Arbeit, Wohnung, Gesundheit und Familie in den "
            "ersten Jahren in Deutschland. Vertraulich und unabhängig.",
            "address": "Beratungszentrum am Markt, 41460 Neuss",
            "times": "Offene Sprechstunde Dienstag 9–12 Uhr; sonst nach Vereinbarung",
            "free_of_charge": True,
            "contact_name": "Migrationsberatung – Beratungszentrum am Markt",
            "contact_phone": "02131 000-400",
            "contact_email": "migrationsberatung@example.org",
            "accessible": True,
        },
    ),
    (
        "fluechtlingsberatung",
        "Flüchtlingsberatung – offene Sprechstunde",
        OfferKind.COUNSELLING,
        "Dormagen",
        ["de", "ar", "fa", "ps", "ku", "uk"],
        [TargetGroup.REFUGEES],
        {
            "description": "Beratung im Asylverfahren und danach; Vermittlung in Integrationskurse (die "
            "Flüchtlingsberatung kooperiert mit den Integrationskursträgern). Dolmetschende nach Absprache.",
            "address": "Beratungsstelle, 41539 Dormagen",
            "times": "Montag und Mittwoch, 10:00–13:00 Uhr",
            "free_of_charge": True,
            "contact_name": "Flüchtlingsberatung Dormagen",
            "contact_phone": "02133 000-500",
            "contact_email": "fluechtlingsberatung@example.org",
        },
    ),
    (
        "jobcenter",
        "Arbeitgeberservice: Geflüchtete und internationale Fachkräfte beschäftigen",
        OfferKind.EMPLOYER_INFORMATION,
        KREISWEIT,
        ["de", "en"],
        [TargetGroup.EMPLOYERS],
        {
            "description": "Information für Arbeitgeber: Arbeitserlaubnis, Förderung bei der Einstellung, "
            "berufsbegleitende Sprachkurse und Anerkennung ausländischer Abschlüsse. Auch als Vortrag im Betrieb.",
            "times": "Nach Vereinbarung",
            "free_of_charge": True,
            "contact_name": "Arbeitgeberservice des Jobcenters",
            "contact_phone": "02131 000-600",
            "contact_email": "arbeitgeberservice@example.org",
        },
    ),
    (
        "ksb",
        "Integration durch Sport: Schwimmkurse und offene Sportgruppen",
        OfferKind.LEISURE,
        "Meerbusch",
        ["de", "tr", "ar", "uk"],
        [TargetGroup.CHILDREN, TargetGroup.WOMEN, TargetGroup.EVERYONE],
        {
            "description": "Schwimmkurse für Kinder und Frauen (mit Trainerin), offene Fußball- und Fitnessgruppen. "
            "Die Vereine helfen beim Ausfüllen der Mitgliedsanträge.",
            "address": "Sportpark, 40667 Meerbusch",
            "times": "Schwimmen für Frauen: Sonntag, 8:00–9:30 Uhr; offene Gruppen: siehe Aushang",
            "cost": "Vereinsbeitrag; die ersten drei Monate kostenlos",
            "contact_name": "Kreissportbund – Integration durch Sport",
            "contact_email": "integration-sport@example.org",
            "accessible": True,
        },
    ),
    (
        "agentur",
        "Beratung zur Anerkennung ausländischer Berufsabschlüsse",
        OfferKind.COUNSELLING,
        "Neuss",
        ["de", "en", "ar", "uk"],
        [TargetGroup.JOB_SEEKERS, TargetGroup.NEWCOMERS],
        {
            "description": "Welche Stelle ist zuständig, welche Unterlagen werden gebraucht, welche Kosten "
            "übernommen? Beratung vor und während des Anerkennungsverfahrens.",
            "address": "Agentur für Arbeit, Eingang B, 41460 Neuss",
            "times": "Donnerstag, 14:00–17:00 Uhr, mit Termin",
            "free_of_charge": True,
            "contact_name": "Anerkennungsberatung",
            "contact_phone": "02131 000-700",
            "contact_email": "anerkennung@example.org",
        },
    ),
]

# What the Volkshochschule's editor proposed for the women's course: a second day, and Ukrainian.
PROPOSED_TIMES = "Mittwoch und Freitag, 9:00–11:00 Uhr"
PROPOSED_LANGUAGES = ["de", "tr", "ar", "uk"]


def _invitation(network_actor) -> OfferEditorInvitation:
    found = OfferEditorInvitation.objects.usable().filter(actor=network_actor, email=EDITOR_EMAIL).first()
    return found or services.offer_editor_invite(actor=None, network_actor=network_actor, email=EDITOR_EMAIL)


def load_offers(context: dict) -> None:
    from .demo import DEMO_NOTE  # demo.py calls this function (and imports this module)

    kreis, municipalities, actors = context["kreis"], context["municipalities"], context["network_actors"]
    invitation = _invitation(actors["kurstraeger"])
    existing = {(offer.actor_id, offer.title) for offer in Offer.objects.filter(actor__body=kreis)}
    today = timezone.localdate()
    for key, title, kind, place, languages, target_groups, fields in OFFERS:
        network_actor = actors[key]
        if (network_actor.pk, title) in existing:
            continue
        fields = {**fields, "description": f"{fields['description']}\n\n{DEMO_NOTE}."}
        offer = services.offer_create(
            actor=None,
            network_actor=network_actor,
            title=title,
            kind=kind,
            municipality=municipalities[place] if place else kreis,
            languages=languages,
            target_groups=target_groups,
            valid_from=today - timedelta(days=60),
            valid_until=today + timedelta(days=365) if kind != OfferKind.COUNSELLING else None,
            publish=True,
            **fields,
        )
        if title == WOMENS_COURSE:
            proposal = {name: getattr(offer, name) for name in OFFER_CONTENT_FIELDS}
            services.offer_propose(
                invitation=invitation,
                offer=offer,
                languages=PROPOSED_LANGUAGES,
                target_groups=target_groups,
                **{**proposal, "times": PROPOSED_TIMES},
            )
    context["offer_editor_invitation"] = invitation
