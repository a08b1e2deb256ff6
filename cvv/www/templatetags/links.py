"""`{% may_open "candidature" accompaniment.candidature_id as can_open %}`: draw a link only
when the reader may open its page (cvv.www.may_open)."""

from django import template

from cvv.www.may_open import may_open as _may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context, target, obj):
    request = context.get("request")
    return request is not None and _may_open(request.user, target, obj)
