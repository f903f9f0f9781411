from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from querschnitt.tenancy.models import RoleAssignment


class UserLanguageMiddleware:
    """German for everyone, unless a signed-in user chose English in the profile (or a visitor by cookie).

    The browser's Accept-Language is ignored on purpose: the platform's working language is German.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        available = {code for code, _ in settings.LANGUAGES}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequireMfaForRolesMiddleware:
    """Sends users whose roles need a second factor (setting QUERSCHNITT_MFA_REQUIRED_ROLES) to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        required = settings.QUERSCHNITT_MFA_REQUIRED_ROLES
        user = getattr(request, "user", None)
        if required and user is not None and user.is_authenticated and not self._exempt(request.path):
            needs_mfa = RoleAssignment.objects.filter(user=user, role__in=required).exists()
            if needs_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = [
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            settings.STATIC_URL,
            "/impressum/",
            "/datenschutz/",
            "/barrierefreiheit/",
        ]
        return any(path.startswith(prefix) for prefix in exempt)
