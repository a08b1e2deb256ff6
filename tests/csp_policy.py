"""Checks of the Content-Security-Policy header, shared by the page tests."""


def directives(header):
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0].lower()] = words[1:]
    return result


def assert_strict_csp(response, where=""):
    """The response carries a CSP that allows no inline or eval'd script or style, no
    plugin, no framing, no foreign <base> and no form posting elsewhere. A sandboxed
    `default-src 'none'` policy (downloads of stored files) is stricter and accepted."""
    header = response.get("Content-Security-Policy")
    assert header, f"{where}: no Content-Security-Policy header"
    policy = directives(header)
    default = policy.get("default-src")
    assert default in (["'self'"], ["'none'"]), f"{where}: default-src {default}"
    if "sandbox" in policy and default == ["'none'"]:
        return
    for name in ("script-src", "style-src"):
        sources = policy.get(name, default)
        assert sources == ["'self'"], f"{where}: {name} {sources}"
    for name in ("script-src-attr", "style-src-attr", "script-src-elem", "style-src-elem"):
        assert name not in policy, f"{where}: {name} relaxes the policy"
    assert policy.get("object-src") == ["'none'"], f"{where}: object-src"
    assert policy.get("frame-ancestors") == ["'none'"], f"{where}: frame-ancestors"
    assert policy.get("base-uri") == ["'self'"], f"{where}: base-uri"
    assert policy.get("form-action") == ["'self'"], f"{where}: form-action"
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, where
