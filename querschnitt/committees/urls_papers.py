"""URLs of committees, persons, memberships, papers with their Beratungsfolge, files and statutes.

Parameters are named after their models (`organization`, `paper`, `consultation`, `file` …): the tenant crawler
fills them by name."""

from django.urls import path

from . import views_composition as composition
from . import views_papers as papers

B = "k/<slug:body>/"
urlpatterns = [
    # Committees and their composition
    path(B + "gremien/", composition.organizations, name="organizations"),
    path(B + "gremien/neu/", composition.organization_create, name="organization_create"),
    path(B + "gremien/einstellungen/", composition.committee_settings, name="committee_settings"),
    path(B + "gremium/<int:organization>/", composition.organization_detail, name="organization"),
    path(B + "gremium/<int:organization>/bearbeiten/", composition.organization_edit, name="organization_edit"),
    path(B + "gremium/<int:organization>/mitglied/neu/", composition.membership_create, name="membership_create"),
    path(B + "mitgliedschaft/<int:membership>/bearbeiten/", composition.membership_edit, name="membership_edit"),
    path(B + "mitgliedschaft/<int:membership>/beenden/", composition.membership_end, name="membership_end"),
    path(B + "gremien/personen/", composition.persons, name="persons"),
    path(B + "gremien/personen/neu/", composition.person_create, name="person_create"),
    path(B + "person/<int:person>/", composition.person_detail, name="person"),
    path(B + "person/<int:person>/bearbeiten/", composition.person_edit, name="person_edit"),
    path(B + "person/<int:person>/einwilligung/", composition.person_consent_give, name="person_consent_give"),
    path(
        B + "person/<int:person>/einwilligung/widerrufen/",
        composition.person_consent_revoke,
        name="person_consent_revoke",
    ),
    path(B + "wahlperioden/", composition.legislativeterms, name="legislativeterms"),
    path(
        B + "wahlperiode/<int:legislativeterm>/bearbeiten/",
        composition.legislativeterm_edit,
        name="legislativeterm_edit",
    ),
    # Statutes and rights
    path(B + "satzungen/", composition.statutes, name="statutes"),
    path(B + "satzungen/neu/", composition.statute_create, name="statute_create"),
    path(B + "satzung/<int:statute>/", composition.statute_detail, name="statute"),
    path(B + "satzung/<int:statute>/neue-fassung/", composition.statute_new_version, name="statute_new_version"),
    path(B + "satzung/<int:statute>/aenderungsvorschlag/", composition.statute_propose, name="statute_propose"),
    path(B + "satzung/<int:statute>/beschliessen/", composition.statute_adopt, name="statute_adopt"),
    path(B + "rechte/", composition.rightschecks, name="rightschecks"),
    # Papers and their Beratungsfolge
    path(B + "drucksachen/", papers.papers, name="papers"),
    path(B + "drucksachen/neu/", papers.paper_create, name="paper_create"),
    path(B + "drucksache/<int:paper>/", papers.paper_detail, name="paper"),
    path(B + "drucksache/<int:paper>/bearbeiten/", papers.paper_edit, name="paper_edit"),
    path(B + "drucksache/<int:paper>/beratungsfolge/", papers.paper_consultations, name="paper_consultations"),
    path(B + "drucksache/<int:paper>/konzept/", papers.paper_concept_links, name="paper_concept_links"),
    path(B + "drucksache/<int:paper>/datei/neu/", papers.file_create, name="file_create"),
    path(B + "beratung/<int:consultation>/bearbeiten/", papers.consultation_edit, name="consultation_edit"),
    path(B + "beratung/<int:consultation>/ergebnis/", papers.consultation_result, name="consultation_result"),
    path(B + "beratung/<int:consultation>/verschieben/", papers.consultation_move, name="consultation_move"),
    path(B + "beratung/<int:consultation>/entfernen/", papers.consultation_delete, name="consultation_delete"),
    # Files
    path(B + "datei/<int:file>/", papers.file_download, name="file"),
    path(B + "datei/<int:file>/bearbeiten/", papers.file_edit, name="file_edit"),
    path(B + "datei/<int:file>/entfernen/", papers.file_delete, name="file_delete"),
    path(B + "dateizugriffe/", papers.file_accesses, name="file_accesses"),
]
