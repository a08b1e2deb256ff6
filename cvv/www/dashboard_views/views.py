from django.shortcuts import render

from cvv.core.dashboard import cards_for
from cvv.organisations.access import get_access


def home(request):
    access = get_access(request.user)
    memberships = request.user.memberships.filter(is_active=True).select_related("organisation")
    return render(
        request,
        "dashboard/home.html",
        {
            "cards": cards_for(request, access),
            "memberships": memberships,
        },
    )
