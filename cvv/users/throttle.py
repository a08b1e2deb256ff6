"""Fixed-window rate limits kept in Django's cache (Redis in production, shared by every app
server), and the client address they are counted against."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT reverse proxies, the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For, the part a client
    cannot forge); REMOTE_ADDR otherwise. Anything that is not an IP address gives ""."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return ""


def hit(scope: str, subject: str, *, limit: int, window: int) -> bool:
    """Count one event for `subject` in `scope`; True while at most `limit` events happened in
    the current window of `window` seconds. The subject is hashed: no address or IP is kept
    in clear in the cache."""
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    key = f"cvv:throttle:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit
