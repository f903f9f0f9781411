"""The pages for requests about a person (Art. 15 and 17 GDPR); included by `core.urls` under the `core` names."""

from django.urls import path

from . import views_privacy

urlpatterns = [
    path("k/<slug:body>/datenschutz/", views_privacy.privacy_requests, name="privacy_requests"),
    path("k/<slug:body>/datenschutz/auskunft.json", views_privacy.privacy_export, name="privacy_export"),
    path("k/<slug:body>/datenschutz/loeschen/", views_privacy.privacy_erase, name="privacy_erase"),
]
