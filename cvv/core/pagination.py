"""Long conversations are shown a page at a time, the newest messages first."""

from django.core.paginator import Paginator

CONVERSATION_PAGE_SIZE = 50


def conversation_page(messages, raw_page, *, per_page=CONVERSATION_PAGE_SIZE):
    """Page `raw_page` (the `?messages=` parameter, any text) of a conversation, counted
    from the newest: page 1 holds the latest `per_page` messages. The page's messages are
    in reading order (oldest first) in `page.messages`. A missing or invalid number gives
    page 1, a number beyond the end the oldest page (never an error)."""
    paginator = Paginator(messages.order_by("-created_at", "-pk"), per_page)
    page = paginator.get_page(raw_page)
    page.messages = list(reversed(page.object_list))
    return page
