"""The codec server: decrypts payloads for the Temporal Web UI and `temporal --codec-endpoint`,
for supervisors only.

Protocol (Temporal's remote codec): POST `/decode` and `/encode` with the JSON form of a
`Payloads` message, `{"payloads": [{"metadata": {"encoding": "<base64>"}, "data": "<base64>"}]}`,
answered in the same form. Only the last part of the path matters, so the server can be mounted
under a prefix.

Authentication, either of:
- `Authorization: Bearer <supervisor API key>` (security/keys.py): `temporal workflow show
  --codec-endpoint http://127.0.0.1:8081 --codec-auth "Bearer <key>"`;
- a session cookie, for the Web UI: the UI sends an Authorization header only with an OIDC
  access token (`passAccessToken`, https endpoints only), which the dev server's UI does not
  have; it sends cookies when its codec setting "include cross-origin credentials" is on. Sign
  in once at `GET /login` (a form asking for the supervisor key): the cookie (HttpOnly,
  SameSite=Strict) then goes with the UI's requests; sessions last 8 hours and end with the
  worker.
No or an unknown key: 401; an agency key: 403 (agencies read their cases through the HTTP API).
CORS: the configured Web UI origins only (default the embedded UI's), preflight included.
"""

from __future__ import annotations

import html
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from google.protobuf import json_format
from starlette.middleware.cors import CORSMiddleware
from temporalio.api.common.v1 import Payload, Payloads

from security.codec import EncryptionCodec, PayloadKeyError
from security.keys import KeyRing, Role

SESSION_COOKIE = "qz_codec_session"
SESSION_SECONDS = 8 * 3600
MAX_BODY_BYTES = 16 * 1024 * 1024

Convert = Callable[[Sequence[Payload]], Awaitable[list[Payload]]]


class _Sessions:
    """Web UI sign-ins: random token → (key name, expiry), in memory only."""

    def __init__(self) -> None:
        self._sessions: dict[str, tuple[str, float]] = {}

    def open(self, name: str) -> str:
        now = time.monotonic()
        self._sessions = {t: s for t, s in self._sessions.items() if s[1] > now}
        token = secrets.token_urlsafe(32)
        self._sessions[token] = (name, now + SESSION_SECONDS)
        return token

    def find(self, token: str) -> str | None:
        found = self._sessions.get(token)
        if found is None or found[1] <= time.monotonic():
            return None
        return found[0]

    def close(self, token: str) -> None:
        self._sessions.pop(token, None)


def create_codec_app(codec: EncryptionCodec, keys: KeyRing, ui_origins: Sequence[str]) -> FastAPI:
    app = FastAPI(
        title="Quzhou deadlines: payload codec",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    sessions = _Sessions()

    def refusal(request: Request) -> Response | None:
        """None for a supervisor; else the 401/403 answer."""
        header = request.headers.get("authorization", "")
        scheme, _, credential = header.partition(" ")
        entry = None
        if header:
            if scheme.lower() != "bearer" or not credential.strip():
                return _unauthorised("use Authorization: Bearer <supervisor API key>")
            entry = keys.find(credential.strip())
            if entry is None:
                return _unauthorised("unknown API key")
        else:
            token = request.cookies.get(SESSION_COOKIE)
            if token and sessions.find(token):
                return None
            return _unauthorised(
                "no credentials: Authorization: Bearer <supervisor API key>, or sign in at /login"
            )
        if entry.role is not Role.SUPERVISOR:
            return JSONResponse(
                {"detail": "only supervisor keys may decode payloads"}, status_code=403
            )
        return None

    async def convert(request: Request, operation: Convert) -> Response:
        refused = refusal(request)
        if refused is not None:
            return refused
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            # Also keeps the cross-origin request a preflighted one.
            return JSONResponse({"detail": "send Content-Type: application/json"}, 415)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"detail": "too large"}, status_code=413)
        try:
            payloads = json_format.Parse(body, Payloads())
        except json_format.ParseError:
            return JSONResponse({"detail": 'expected {"payloads": [...]}'}, status_code=400)
        try:
            converted = await operation(payloads.payloads)
        except PayloadKeyError as err:
            return JSONResponse({"detail": str(err)}, status_code=422)
        return Response(
            json_format.MessageToJson(Payloads(payloads=converted)),
            media_type="application/json",
            headers={"Cache-Control": "no-store"},
        )

    @app.post("/{prefix:path}decode", include_in_schema=False)
    async def decode(request: Request, prefix: str = "") -> Response:
        return await convert(request, codec.decode)

    @app.post("/{prefix:path}encode", include_in_schema=False)
    async def encode(request: Request, prefix: str = "") -> Response:
        return await convert(request, codec.encode)

    @app.get("/login", include_in_schema=False)
    async def login_form() -> HTMLResponse:
        return HTMLResponse(_login_page(""), headers={"Cache-Control": "no-store"})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        key = (form.get("key") or [""])[0].strip()
        entry = keys.find(key) if key else None
        if entry is None or entry.role is not Role.SUPERVISOR:
            return HTMLResponse(_login_page("That is not a supervisor API key."), status_code=401)
        response = HTMLResponse(
            _login_page("Signed in: the Web UI now shows decrypted payloads in this browser.")
        )
        response.set_cookie(
            SESSION_COOKIE,
            sessions.open(entry.name),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            sessions.close(token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(ui_origins),
        allow_credentials=True,
        allow_methods=["POST"],
        allow_headers=["Content-Type", "X-Namespace", "Authorization"],
        max_age=600,
    )
    return app


def _unauthorised(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _login_page(message: str) -> str:
    note = f"<p><strong>{html.escape(message)}</strong></p>" if message else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Payload codec: sign in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
<h1>Payload codec</h1>
<p>Sign in with a <em>supervisor</em> API key so that the Temporal Web UI in this browser shows
decrypted case data. In the Web UI's codec server settings, turn on
<q>include cross-origin credentials</q>.</p>
{note}
<form method="post" action="login">
<label>Supervisor API key <input name="key" type="password" autocomplete="off" size="40"></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="logout"><button type="submit">Sign out</button></form>
</body></html>
"""
