from django.shortcuts import get_object_or_404, render

from cvv.synthesis import selectors


def commune_summary(request, code):
    commune = get_object_or_404(selectors.communes_for_summary(request.user), code=code)
    return render(
        request,
        "synthesis/commune.html",
        {"commune": commune, "blocks": selectors.commune_blocks(commune, request.user)},
    )
