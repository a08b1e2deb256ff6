"""French money display for the FIMACS pages: `{{ amount|eur }}` (to the cent) and
`{{ amount|eur0 }}` (whole euros); empty values show a dash. Same as the builtin `money`
filter (cvv.core.formatting), kept for the FIMACS templates."""

from django import template

from cvv.core.formatting import money

register = template.Library()


@register.filter
def eur(value):
    return money(value, 2)


@register.filter
def eur0(value):
    return money(value, 0)
