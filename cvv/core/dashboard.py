"""Home dashboard per role, assembled from each domain app's `dashboard.py`.

Each module defines `cards(request, access) -> list[Card]`; a card lists figures and links
relevant to that person (only what their scope allows)."""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps


@dataclass
class Card:
    title: str
    lines: list = field(default_factory=list)  # (label, value, url or "")
    links: list = field(default_factory=list)  # (label, url)
    text: str = ""
    order: int = 100


def cards_for(request, access):
    cards = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cvv.") or config.name == "cvv.core":
            continue
        try:
            module = import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise
            continue
        cards.extend(module.cards(request, access))
    return sorted(cards, key=lambda card: card.order)
