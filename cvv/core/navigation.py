"""Navigation per role, assembled from each domain app's `navigation.py` (`ITEMS`).

An item is shown when the user holds one of its roles (`roles=None`: every logged-in
user; `public=True`: everyone, logged in or not)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cvv.core.plugins import app_modules


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset | None = None
    public: bool = False
    order: int = 100


def _all_items():
    items = [item for module in app_modules("navigation") for item in getattr(module, "ITEMS", [])]
    return sorted(items, key=lambda item: (item.order, item.label))


def items_for(request):
    from cvv.organisations.access import get_access

    access = get_access(request.user)
    result = []
    for item in _all_items():
        if item.public:
            visible = True
        elif not access.is_authenticated:
            visible = False
        else:
            visible = item.roles is None or access.has_role(*item.roles)
        if not visible:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        result.append({"label": item.label, "url": url, "active": False})
    # The current page is the item whose URL is the longest prefix of the path.
    matches = [e for e in result if e["url"] != "/" and request.path.startswith(e["url"])]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return result
