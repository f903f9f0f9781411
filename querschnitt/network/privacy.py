"""Personal data of the network (`core.privacy`): contact persons of actors, people named for seats of the steering
group, counselling requests of the integration centre, contact persons of funding applications, editors of offers
and contacts named in offers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.privacy import (
    ANONYMISE,
    DELETE,
    ERASED_EMAIL,
    PrivacyQuery,
    PrivacyRecord,
    PrivacySource,
    anonymise_rows,
    delete_rows,
    erased_name,
    fields_of,
    iso,
    register_privacy_source,
)

from .models import ContactPerson, CounsellingRequest, FundingApplication, Offer, OfferEditorInvitation, SeatHolder
from .models_centre import PERSONAL_FIELDS

NETWORK = gettext_lazy("Network and actors")


# --- Contact persons of actors ------------------------------------------------------------------------------------


def find_contacts(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="network.contact_person",
            pk=contact.pk,
            title=_("Contact person of %(actor)s") % {"actor": contact.actor.name},
            action=DELETE,
            removes=[_("the contact person with name, function, e-mail, phone, consent and note")],
            obj=contact,
            data={
                "actor": contact.actor.name,
                **fields_of(contact, ("name", "function", "email", "phone", "consent_given_on", "note")),
                "consent_text_version": contact.consent_text_version,
            },
        )
        for contact in ContactPerson.objects.filter(actor__body=body).select_related("actor").order_by("pk")
        if query.matches(emails=(contact.email,), names=(contact.name,))
    ]


def erase_contacts(records: list[PrivacyRecord], actor: Any) -> int:
    return delete_rows(ContactPerson, [record.pk for record in records])


# --- Persons named for seats of the steering group ---------------------------------------------------------------


def find_seat_holders(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    if not query.name:
        return []
    return [
        PrivacyRecord(
            source="network.seat_holder",
            pk=holder.pk,
            title=_("%(role)s for the seat “%(seat)s” in %(group)s")
            % {"role": holder.get_role_display(), "seat": holder.seat.label, "group": holder.seat.group.name},
            action=ANONYMISE,
            removes=[_("the name (replaced by “[anonymised]”), also in the change history")],
            keeps=[_("the seat with its period and the actor it is held for")],
            obj=holder,
            data={
                "steering_group": holder.seat.group.name,
                "seat": holder.seat.label,
                "name": holder.name,
                "role": holder.role,
                "on_behalf_of": holder.actor.name if holder.actor else None,
                "from": iso(holder.start_date),
                "until": iso(holder.end_date),
            },
        )
        for holder in SeatHolder.objects.filter(seat__group__body=body)
        .select_related("seat__group", "actor")
        .order_by("pk")
        if query.matches_name(holder.name)
    ]


def erase_seat_holders(records: list[PrivacyRecord], actor: Any) -> int:
    return anonymise_rows(SeatHolder, [record.pk for record in records], name=erased_name())


# --- Counselling requests of the integration centre ----------------------------------------------------------------


def find_counselling(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="network.counselling_request",
            pk=request.pk,
            title=_("Counselling request of %(date)s (%(service)s)")
            % {"date": f"{request.received_on:%d.%m.%Y}", "service": request.service.title},
            action=ANONYMISE,
            removes=[_("name, contact, consent, what it was about and the outcome, also in the change history")],
            keeps=[
                _("the anonymous record for the statistics: date, channel, kind of requester, service, status, time")
            ],
            obj=request,
            data={
                "service": request.service.title,
                **fields_of(
                    request,
                    (
                        "received_on",
                        "channel",
                        "requester_kind",
                        "requester_name",
                        "requester_contact",
                        "consent_given_on",
                        "subject",
                        "status",
                        "finished_on",
                        "outcome",
                    ),
                ),
            },
        )
        for request in CounsellingRequest.objects.filter(body=body).select_related("service").order_by("pk")
        if request.has_personal_data
        and query.matches(emails=(request.requester_contact,), names=(request.requester_name,))
    ]


def erase_counselling(records: list[PrivacyRecord], actor: Any) -> int:
    blank: dict[str, Any] = {name: None if name == "consent_given_on" else "" for name in PERSONAL_FIELDS}
    pks = [record.pk for record in records]
    changed = anonymise_rows(CounsellingRequest, pks, **blank)
    CounsellingRequest.objects.filter(pk__in=pks).update(personal_data_removed_on=timezone.localdate())
    return changed


# --- Funding applications ---------------------------------------------------------------------------------------------


def retention_funding() -> str:
    return _(
        "Funding applications and the decisions on them are files of the administration that are kept for the "
        "period the municipality's budget and filing rules set (Art. 17 (3) b GDPR): the application, its amounts "
        "and the decision stay. The contact person's data is removed."
    )


def find_applications(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="network.funding_application",
            pk=application.pk,
            title=_("Funding application %(reference)s “%(title)s”")
            % {"reference": application.reference, "title": application.title},
            action=ANONYMISE,
            removes=[_("contact person, e-mail address, phone and address of the organisation")],
            keeps=[_("the application with organisation, project, amounts, reviews and decision")],
            retention=retention_funding(),
            obj=application,
            data={
                "call": str(application.call),
                **fields_of(
                    application,
                    (
                        "reference",
                        "organisation_name",
                        "organisation_address",
                        "contact_name",
                        "contact_email",
                        "contact_phone",
                        "title",
                        "description",
                        "requested_amount",
                        "status",
                        "submitted_at",
                        "consent_given_at",
                        "consent_text_version",
                        "decided_on",
                    ),
                ),
                "requested_amount": str(application.requested_amount),
            },
        )
        for application in FundingApplication.objects.filter(call__guideline__body=body)
        .select_related("call")
        .order_by("pk")
        if query.matches(emails=(application.contact_email,), names=(application.contact_name,))
    ]


def erase_applications(records: list[PrivacyRecord], actor: Any) -> int:
    return anonymise_rows(
        FundingApplication,
        [record.pk for record in records],
        contact_name=erased_name(),
        contact_email=ERASED_EMAIL,
        contact_phone="",
        organisation_address="",
    )


# --- Offers: editors and contacts named in offers -----------------------------------------------------------------


def find_offer_editors(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    if not query.email:
        return []
    return [
        PrivacyRecord(
            source="network.offer_editor",
            pk=invitation.pk,
            title=_("Editor of the offers of %(actor)s") % {"actor": invitation.actor.name},
            action=DELETE,
            removes=[_("the editor's link with the e-mail address; the link stops working")],
            keeps=[_("the offers themselves")],
            obj=invitation,
            data={
                "actor": invitation.actor.name,
                "email": invitation.email,
                "valid_until": iso(invitation.expires_at),
                "revoked": iso(invitation.revoked_at),
                "last_used": iso(invitation.last_used_at),
            },
        )
        for invitation in OfferEditorInvitation.objects.filter(actor__body=body, email__iexact=query.email)
        .select_related("actor")
        .order_by("pk")
    ]


def erase_offer_editors(records: list[PrivacyRecord], actor: Any) -> int:
    return delete_rows(OfferEditorInvitation, [record.pk for record in records])


OFFER_CONTACT = {"contact_name": "", "contact_phone": "", "contact_email": ""}


def find_offer_contacts(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    return [
        PrivacyRecord(
            source="network.offer_contact",
            pk=offer.pk,
            title=_("Contact of the offer “%(title)s”") % {"title": offer.title},
            action=ANONYMISE,
            removes=[_("contact name, phone and e-mail address of the offer, also in a proposed change")],
            keeps=[_("the offer itself")],
            obj=offer,
            data={"offer": offer.title, **fields_of(offer, tuple(OFFER_CONTACT))},
        )
        for offer in Offer.objects.filter(actor__body=body).order_by("pk")
        if query.matches(
            emails=(offer.contact_email, (offer.pending_change or {}).get("contact_email")),
            names=(offer.contact_name, (offer.pending_change or {}).get("contact_name")),
        )
    ]


def erase_offer_contacts(records: list[PrivacyRecord], actor: Any) -> int:
    pks = [record.pk for record in records]
    changed = anonymise_rows(Offer, pks, **OFFER_CONTACT)
    for offer in Offer.objects.filter(pk__in=pks, pending_change__isnull=False):
        pending = dict(offer.pending_change or {})
        pending.update({name: "" for name in OFFER_CONTACT if name in pending})
        Offer.objects.filter(pk=offer.pk).update(pending_change=pending)
    return changed


register_privacy_source(
    PrivacySource(
        key="network.contact_person",
        label=gettext_lazy("Contact persons of actors"),
        area=NETWORK,
        order=200,
        find=find_contacts,
        erase=erase_contacts,
    )
)
register_privacy_source(
    PrivacySource(
        key="network.seat_holder",
        label=gettext_lazy("Persons on seats of the steering group"),
        area=NETWORK,
        order=210,
        find=find_seat_holders,
        erase=erase_seat_holders,
    )
)
register_privacy_source(
    PrivacySource(
        key="network.offer_editor",
        label=gettext_lazy("Editors of offers"),
        area=NETWORK,
        order=220,
        find=find_offer_editors,
        erase=erase_offer_editors,
    )
)
register_privacy_source(
    PrivacySource(
        key="network.offer_contact",
        label=gettext_lazy("Contacts named in offers"),
        area=NETWORK,
        order=230,
        find=find_offer_contacts,
        erase=erase_offer_contacts,
    )
)
register_privacy_source(
    PrivacySource(
        key="network.funding_application",
        label=gettext_lazy("Funding applications"),
        area=gettext_lazy("Funding"),
        order=300,
        find=find_applications,
        erase=erase_applications,
    )
)
register_privacy_source(
    PrivacySource(
        key="network.counselling_request",
        label=gettext_lazy("Counselling requests"),
        area=gettext_lazy("Integration centre"),
        order=400,
        find=find_counselling,
        erase=erase_counselling,
    )
)
