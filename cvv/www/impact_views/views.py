"""The measured impact of the accompaniments: per accompanied commune and indicator, the
difference-in-differences estimate against comparable communes, with its interval."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cvv.impact import engine, selectors
from cvv.organisations.access import get_access


def impact(request):
    access = get_access(request.user)
    if not access.sees_some_commune:
        raise PermissionDenied
    impacts = selectors.commune_impacts(request.user)
    averages = selectors.programme_averages(impacts) if access.is_metropole_staff else {}
    return render(
        request,
        "impact/impact.html",
        {
            "impacts": impacts,
            "indicators": selectors.INDICATORS,
            "labels": selectors.LABELS,
            "averages": [(selectors.LABELS[n], e) for n, e in averages.items()],
            "level": int(engine.LEVEL * 100),
            "min_group": engine.MIN_GROUP,
            "nearest": engine.NEAREST,
            "synthetic": any(i.synthetic for i in impacts),
            "projects": selectors.project_changes(request.user),
        },
    )
