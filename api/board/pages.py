"""The board's pages: one Jinja2 environment over api/templates, and the response every page
goes out in (its security headers).

Every page extends `_page.html` and is rendered with autoescaping from the plain view data
of api.board.rows, api.board.filters and api.board.timeline: nothing in the board writes HTML
by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from api.auth import Caller
from contracts.html import escaped

# Sent with every board page: nothing but inline styles, no scripts, no framing, no referrer
# (the board's URLs name cases), and never cached (the cookie authenticates it).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
# The error page's heading for each status it is sent with.
HEADINGS = {
    400: "请求有误 Bad request",
    401: "未登录 Unauthorized",
    403: "无权查看 Forbidden",
    404: "未找到 Not found",
    503: "引擎不可用 Engine unavailable",
}


# Created once, at import: templates are read once and cached (auto_reload off; an installed
# wheel carries them as package data). StrictUndefined: a name a template uses and the view
# did not pass is an error, never an empty string on a supervisor's page.
TEMPLATES = Environment(
    loader=PackageLoader("api", "templates"),
    autoescape=select_autoescape(("html",), default=True),
    undefined=StrictUndefined,
    finalize=escaped,
    auto_reload=False,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Our own file, inlined into every page (the CSP allows inline styles only).
TEMPLATES.globals["stylesheet"] = Markup(
    files("api").joinpath("static", "board.css").read_text(encoding="utf-8")
)


def page(
    template: str,
    *,
    who: Caller | None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **view: object,
) -> HTMLResponse:
    content = TEMPLATES.get_template(template).render(who=who, **view)
    return HTMLResponse(
        content, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})}
    )


def error_page(status: int, detail: str, who: Caller | None = None) -> HTMLResponse:
    heading = HEADINGS.get(status, "错误 Error")
    return page(
        "error.html", who=who, status_code=status, status=status, heading=heading, detail=detail
    )
