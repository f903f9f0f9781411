from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """People join Querschnitt by invitation into a body; there is no open sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False


def axes_username(request, credentials) -> str | None:
    """django-axes counts failures per e-mail address; allauth passes it as `email` or in the `login` field."""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login")
        if value:
            return str(value).lower()
    return (request.POST.get("login") or "").lower() or None
