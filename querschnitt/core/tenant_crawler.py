"""The tenant crawler: proves that no URL of the project shows one body's internal data to another body.

It walks every URL pattern, fills the URL's parameters with the objects of a body B, and requests each URL (GET and
POST) as anonymous, as a signed-in user without any role and as every role of another body A. A response that
contains B's internal data, answers 500, or changes B's data is a finding.

Conventions it relies on (and that new apps follow without touching the crawler):
- a body in a URL is the parameter `body` (its slug);
- an object in a URL is named after its model: `<int:roleassignment>` is a RoleAssignment's primary key, and
  `<str:invitation_token>` is the `token` field of an Invitation;
- every such model has `<Model>Factory` in `querschnitt/<app>/tests/factories.py` that accepts `body=` (as a field
  or as a factory parameter for models that reach their body through a parent).
A parameter ending in `_token` is a secret link (a capability): holding the real token is the entitlement, so the
crawler requests such URLs with a wrong token, which must reveal nothing.
The Django admin is requested by GET only: its one gate is `is_staff`, which no tenant user has.
B's objects get a marker in every free-text field and in the names of the people they refer to; the crawler looks
for the marker in responses. A parameter of our own apps that the crawler cannot fill is itself a finding.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

MARKER = "zqxleak"
# Third-party URL namespaces whose parameters are not tenant objects (password-reset keys and the like).
FOREIGN_PREFIXES = ("allauth.", "django.contrib.admin", "django.views", "mfa.", "axes.")


# Writes that belong to the visitor, not to any body: the session (force_login, messages) and django-axes' records.
_OWN_TABLES = ("django_session", "axes_")


def _wrote(queries: list[dict[str, Any]]) -> bool:
    """Whether any query wrote to a table other than the visitor's own bookkeeping."""
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE")) and not any(t.upper() in sql for t in _OWN_TABLES):
            return True
    return False


@dataclass(frozen=True)
class Endpoint:
    name: str
    parameters: tuple[str, ...]
    view: str

    @property
    def ours(self) -> bool:
        return self.view.startswith("querschnitt.")


@dataclass(frozen=True)
class Finding:
    url: str
    method: str
    visitor: str
    problem: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} as {self.visitor}: {self.problem}"


def endpoints(urlconf: str | None = None) -> list[Endpoint]:
    """Every named URL pattern of the project with the names of its parameters."""
    found: list[Endpoint] = []

    def walk(patterns: list[Any], namespace: str, inherited: tuple[str, ...]) -> None:
        for pattern in patterns:
            names = tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                ns = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, ns, inherited + names)
            elif isinstance(pattern, URLPattern) and pattern.name:
                full_name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append(Endpoint(full_name, inherited + names, pattern.lookup_str))

    walk(get_resolver(urlconf).url_patterns, "", ())
    unique = {endpoint.name: endpoint for endpoint in found}
    return sorted(unique.values(), key=lambda endpoint: endpoint.name)


def model_for_parameter(parameter: str) -> tuple[type[models.Model], str] | None:
    """`roleassignment` → (RoleAssignment, "pk"); `invitation_token` → (Invitation, "token")."""
    by_name = {model._meta.model_name: model for model in apps.get_models()}
    if parameter in by_name:
        return by_name[parameter], "pk"
    model_name, _, field = parameter.partition("_")
    if model_name in by_name and field:
        return by_name[model_name], field
    return None


def factory_for(model: type[models.Model]) -> Any:
    module = import_module(f"{model._meta.app_config.name}.tests.factories")
    return getattr(module, f"{model.__name__}Factory")


def _mark(instance: models.Model, number: int) -> None:
    """Put the marker into every free-text field of the object and into the people it refers to."""
    user_model = get_user_model()
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is user_model:
            person = getattr(instance, field.name)
            if person is not None:
                person.first_name = MARKER.capitalize()
                person.last_name = f"{MARKER}{number}"
                person.email = f"{MARKER}{number}-{person.pk}@querschnitt.example"
                person.save()
        elif isinstance(field, models.EmailField) and not field.unique:
            setattr(instance, field.attname, f"{MARKER}{number}@querschnitt.example")
        elif (
            isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and not field.unique
            and not isinstance(field, (models.SlugField,))
            and field.name not in {"token", "password"}
        ):
            setattr(instance, field.attname, f"{MARKER} {number}"[: field.max_length or 100])
    instance.save()


class TenantCrawler:
    """Creates B's objects, then requests every endpoint as every visitor. `run()` returns the findings."""

    def __init__(self, *, body_a: Any, body_b: Any, visitors: dict[str, Any], urlconf: str | None = None):
        self.body_a, self.body_b = body_a, body_b
        self.visitors = visitors  # label -> user or None (anonymous)
        self.urlconf = urlconf
        self.objects: dict[str, tuple[models.Model, str]] = {}
        self.findings: list[Finding] = []

    def _object_for(self, parameter: str) -> Any:
        if parameter not in self.objects:
            resolved = model_for_parameter(parameter)
            if resolved is None:
                return None
            model, field = resolved
            factory = factory_for(model)
            takes_body = "body" in factory._meta.declarations or "body" in factory._meta.parameters
            instance = factory(body=self.body_b) if takes_body else factory()
            _mark(instance, len(self.objects) + 1)
            self.objects[parameter] = (instance, field)
        instance, field = self.objects[parameter]
        if parameter.endswith("_token"):
            return "falsch-" + str(getattr(instance, field))[::-1]
        return getattr(instance, field)

    def _urls(self, endpoint: Endpoint) -> list[str]:
        """The endpoint's URLs: with body B, and with body A but B's objects (which must not be reachable)."""
        values: dict[str, Any] = {}
        for parameter in endpoint.parameters:
            if parameter == "body":
                continue
            value = self._object_for(parameter)
            if value is None:
                if endpoint.ours:
                    self.findings.append(Finding(endpoint.name, "-", "-", f"cannot fill parameter {parameter!r}"))
                    return []
                value = "x"
            values[parameter] = value
        bodies = [self.body_b, self.body_a] if "body" in endpoint.parameters else [None]
        urls = []
        for body in bodies:
            kwargs = dict(values, **({"body": body.slug} if body is not None else {}))
            try:
                urls.append(reverse(endpoint.name, kwargs=kwargs, urlconf=self.urlconf))
            except NoReverseMatch:
                if endpoint.ours:
                    self.findings.append(Finding(endpoint.name, "-", "-", f"cannot build URL from {kwargs}"))
        return urls

    def _snapshot(self) -> dict[tuple[str, Any], dict[str, Any] | None]:
        snapshot = {}
        for instance, _field in self.objects.values():
            current = type(instance)._default_manager.filter(pk=instance.pk).first()
            snapshot[(instance._meta.label, instance.pk)] = model_to_dict(current) if current else None
        return snapshot

    def run(self) -> list[Finding]:
        targets = [(endpoint, url) for endpoint in endpoints(self.urlconf) for url in self._urls(endpoint)]
        before = self._snapshot()
        clients = {label: Client(raise_request_exception=False) for label in self.visitors}
        for (endpoint, url), (label, user) in itertools.product(targets, self.visitors.items()):
            client = clients[label]
            for method in ("get",) if endpoint.name.startswith("admin:") else ("get", "post"):
                # Signed in again before each request: a POST to the logout URL ends the session.
                if user is not None and "_auth_user_id" not in client.session:
                    client.force_login(user)
                connection.queries_log.clear()  # the log holds 9,000 queries; a full log would capture nothing
                with CaptureQueriesContext(connection) as queries:
                    response = getattr(client, method)(url, follow=False)
                content = response.content.decode("utf-8", errors="replace").lower() if response.content else ""
                if response.status_code >= 500:
                    self.findings.append(Finding(url, method.upper(), label, f"status {response.status_code}"))
                if MARKER in content:
                    self.findings.append(Finding(url, method.upper(), label, "shows internal data of another body"))
                # Reading every object again after every POST is what made the crawl slow; B's data can only have
                # changed if the request wrote something besides the visitor's own session and login bookkeeping.
                if method == "post" and _wrote(queries.captured_queries):
                    after = self._snapshot()
                    if after != before:
                        self.findings.append(Finding(url, "POST", label, "changed data of another body"))
                        before = after
        return self.findings
