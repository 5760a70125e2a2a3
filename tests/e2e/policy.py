"""Content-Security-Policy violations a browser context meets, page by page.

`watch_policy(context)` listens on every page and frame the context loads (an init
script, which the policy itself does not govern) for `securitypolicyviolation`
events, and on the console for the browser's "Content Security Policy" errors
(frame-ancestors is only reported there); tests/e2e/conftest.py fails a journey
that met any.
"""

WATCH = """document.addEventListener('securitypolicyviolation', event => {
  if (window.__siriusPolicy) {
    window.__siriusPolicy(location.pathname + location.search,
      `${event.effectiveDirective} refused ${event.blockedURI || 'inline'}`
      + ` (${event.sourceFile || '?'}:${event.lineNumber})`
      + ` ${event.sample || ''}`.trim());
  }
});"""


def watch_policy(context) -> list[str]:
    """Every violation the context's pages meet, as "path: directive refused what"."""
    found: list[str] = []
    context.expose_binding(
        "__siriusPolicy", lambda source, path, text: found.append(f"{path}: {text}")
    )
    context.add_init_script(WATCH)
    context.on(
        "console",
        lambda message: (
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found
