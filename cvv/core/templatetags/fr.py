"""French formats as template filters, registered as builtins (settings.TEMPLATES): no
`{% load %}` needed. See cvv.core.formatting.

    {{ amount|money }}  8 250,00 €    {{ amount|money:0 }}  8 250 €
    {{ count|number }}  1 234         {{ rate|percent }}    50 %
    Documents {{ commune.nom|of_place }}  -> Documents d’Aulnay-sous-Bois
"""

from django import template

from cvv.core import formatting

register = template.Library()


@register.filter
def money(value, places=2):
    return formatting.money(value, int(places))


@register.filter
def number(value, places=None):
    return formatting.number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value, places=None):
    return formatting.percent(value, None if places in (None, "") else int(places))


@register.filter
def points(value):
    return formatting.points(value)


@register.filter
def of_place(value):
    return formatting.of_place(str(value or ""))
