from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from cvv.organisations import services
from cvv.organisations.access import admin_required
from cvv.organisations.enums import OrganisationKind
from cvv.organisations.models import Organisation
from cvv.www.errors import show_errors
from cvv.www.organisations_views.forms import InviteForm


def organisation_list(request):
    kind = request.GET.get("type", "")
    query = request.GET.get("q", "").strip()
    organisations = Organisation.objects.select_related("commune", "territoire")
    if kind:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(siren=query))
    return render(
        request,
        "organisations/list.html",
        {
            "organisations": organisations[:300],
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "q": query,
            "total": organisations.count(),
        },
    )


def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    members = organisation.memberships.filter(is_active=True).select_related("user")
    return render(
        request, "organisations/detail.html", {"organisation": organisation, "members": members}
    )


@admin_required
def member_invite(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(request, exc, form=form)
        else:
            messages.success(request, f"{form.cleaned_data['email']} a été ajouté·e.")
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/invite.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )
