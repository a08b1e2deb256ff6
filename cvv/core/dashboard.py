"""Home dashboard per role, assembled from each domain app's `dashboard.py`.

Each module defines `cards(request, access) -> list[Card]`; a card lists figures and links
relevant to that person (only what their scope allows)."""

from dataclasses import dataclass, field

from cvv.core.plugins import app_modules


@dataclass
class Card:
    title: str
    lines: list = field(default_factory=list)  # (label, value, url or "")
    links: list = field(default_factory=list)  # (label, url)
    text: str = ""
    order: int = 100


def cards_for(request, access):
    cards = [card for module in app_modules("dashboard") for card in module.cards(request, access)]
    return sorted(cards, key=lambda card: card.order)
