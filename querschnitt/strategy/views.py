"""Views of the integration concept (being written: each answers 404 until it exists)."""

from django.http import Http404


def concepts(request, **kwargs):
    raise Http404


def concept_detail(request, **kwargs):
    raise Http404


def concept_edit(request, **kwargs):
    raise Http404


def concept_new_version(request, **kwargs):
    raise Http404


def concept_compare(request, **kwargs):
    raise Http404


def concept_history(request, **kwargs):
    raise Http404


def field_create(request, **kwargs):
    raise Http404


def measure_create(request, **kwargs):
    raise Http404


def field_detail(request, **kwargs):
    raise Http404


def field_edit(request, **kwargs):
    raise Http404


def guiding_goal_create(request, **kwargs):
    raise Http404


def annual_goal_create(request, **kwargs):
    raise Http404


def guiding_goal_detail(request, **kwargs):
    raise Http404


def guiding_goal_edit(request, **kwargs):
    raise Http404


def annual_goal_detail(request, **kwargs):
    raise Http404


def annual_goal_edit(request, **kwargs):
    raise Http404


def indicators(request, **kwargs):
    raise Http404


def indicator_create(request, **kwargs):
    raise Http404


def indicator_detail(request, **kwargs):
    raise Http404


def indicator_edit(request, **kwargs):
    raise Http404


def indicator_chart(request, **kwargs):
    raise Http404


def target_create(request, **kwargs):
    raise Http404


def target_delete(request, **kwargs):
    raise Http404


def measures(request, **kwargs):
    raise Http404


def measure_detail(request, **kwargs):
    raise Http404


def measure_edit(request, **kwargs):
    raise Http404


def measure_status(request, **kwargs):
    raise Http404


def milestone_create(request, **kwargs):
    raise Http404


def milestone_done(request, **kwargs):
    raise Http404


def budget_create(request, **kwargs):
    raise Http404


def evaluation_create(request, **kwargs):
    raise Http404


def self_assessment(request, **kwargs):
    raise Http404
