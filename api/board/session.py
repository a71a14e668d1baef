"""Who is looking at the board: the API key from a header or the board's cookie, the login
form's post, and the cookie itself (HttpOnly, SameSite=Strict, scoped to /board). The key is
never logged, echoed or put in a URL."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import RedirectResponse

from api.auth import COOKIE, Caller, caller_of
from api.board.pages import SECURITY_HEADERS
from api.problems import ProblemError

LOGIN = "/board/login"
LOGOUT = "/board/logout"
BOARD = "/board"  # the cookie's path: the key goes with board pages only
MAX_FORM_BYTES = 4096


def signed_in(request: Request) -> Caller | None:
    """The caller of a board page (API key header or the board's cookie), None if there is no
    valid key: a browser is then sent to the login form rather than given JSON."""
    try:
        return caller_of(request)
    except ProblemError:
        return None


def to_login(request: Request) -> RedirectResponse:
    response = RedirectResponse(LOGIN, status_code=303, headers=SECURITY_HEADERS)
    if COOKIE in request.cookies:
        # A stale or revoked key: drop it so the form starts clean.
        response.delete_cookie(COOKIE, path=BOARD)
    return response


async def form_key(request: Request) -> str | None:
    """The `key` field of a login form post (URL-encoded, at most MAX_FORM_BYTES)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    values = fields.get("key") or []
    return values[0].strip() if values else None


def keep_key(request: Request, key: str) -> RedirectResponse:
    """Signed in: on to the board, the key in a cookie no script can read and no other site's
    request carries (Secure when the board is served over HTTPS)."""
    response = RedirectResponse(BOARD, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE,
        key,
        httponly=True,
        samesite="strict",
        path=BOARD,
        secure=request.url.scheme == "https",
    )
    return response


def forget_key() -> RedirectResponse:
    """Signed out: the cookie is dropped and the browser goes back to the login form."""
    response = RedirectResponse(LOGIN, status_code=303, headers=SECURITY_HEADERS)
    response.delete_cookie(COOKIE, path=BOARD, httponly=True, samesite="strict")
    return response
