"""How every page and document escapes what it prints: the `finalize` of both Jinja2
environments (the documents' in activities/document_templates.py, the board's in
api/board/pages.py)."""

from __future__ import annotations

import html

from markupsafe import Markup


def escaped(value: object) -> Markup:
    """Every `{{ value }}` on its way out, escaped as `html.escape(quote=True)` writes it.

    Jinja2's own escaping (markupsafe) escapes the same five characters but writes quotes as
    `&#34;`/`&#39;`; the documents and the board have always written `&quot;`/`&#x27;` (readers
    of them, the tests among them, compare against html.escape). Markup (a block's or a
    macro's output, the inlined stylesheet) is already HTML and goes out as it is."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value), quote=True))
