from django.conf import settings

from cvv.core.navigation import items_for
from cvv.organisations.access import get_access


def platform(request):
    access = get_access(request.user)
    return {
        "nav_items": items_for(request),
        "access": access,
        "site_url": settings.SITE_URL,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
