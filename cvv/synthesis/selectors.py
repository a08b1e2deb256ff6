"""The commune's single view: one block per module, each contributed by its module through
the `commune_summary(commune, user)` hook of its `contributions.py` and already scoped to the
reader (a module returns None when the reader may see none of it).

A block is a dict: `key` (the module, also the API key), `title`, `order`, `facts` (list of
{"label", "value"} shown on the page), `links` (list of {"label", "url"}) and `data` (a
JSON-serialisable dict for the API)."""

from cvv.core.plugins import contributions
from cvv.organisations.access import visible
from cvv.territories.models import Commune


def communes_for_summary(user):
    """Communes whose single view the person may open: staff, the commune's people, its
    territory's agents."""
    return visible(Commune.objects.select_related("territoire"), user, commune="")


def commune_blocks(commune, user):
    blocks = [block for hook in contributions("commune_summary") if (block := hook(commune, user))]
    return sorted(blocks, key=lambda block: (block.get("order", 100), block["key"]))
