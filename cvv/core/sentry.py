"""Optional error reporting: Sentry (or a compatible service such as GlitchTip), switched on
by setting SENTRY_DSN. Without it the SDK is never initialised and nothing leaves the server.
Personal data is not sent (no user e-mails, IPs, cookies or request bodies)."""

from importlib.metadata import PackageNotFoundError, version


def _release():
    try:
        return f"cvv@{version('cvv')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return None


def init_sentry(*, dsn, environment, traces_sample_rate=0.0, transport=None):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.huey import HueyIntegration

    options = {
        "dsn": dsn,
        "environment": environment,
        "release": _release(),
        "integrations": [DjangoIntegration(), HueyIntegration()],
        "send_default_pii": False,
        "max_request_body_size": "never",
        "traces_sample_rate": traces_sample_rate,
    }
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
