"""The edge every request body passes before a route sees it: a size limit and a readable JSON.

- A body over MAX_BODY_BYTES is answered 413 without being read further: a declared
  Content-Length over the limit is refused before any byte is read, and a chunked body is
  counted as it arrives and refused at the first chunk past the limit.
- A JSON body (`application/json`, `application/*+json`) that cannot be read is answered 400
  saying why: not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8), not JSON (with
  the line and column), or nested deeper than MAX_JSON_DEPTH. The reason is in `detail`; a
  character offset is never made into a field.

The largest example file (examples/scoring/performance-pharmacy.json, about 42 KB) is under 5 %
of the limit, and the deepest (examples/subject-record-facts.json) nests 6 levels.
"""

from __future__ import annotations

import email.message
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response

MAX_BODY_BYTES = 1024 * 1024  # 1 MiB
MAX_JSON_DEPTH = 32


class BodyTooLarge(Exception):
    pass


def is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype == "json" or subtype.endswith("+json")


def depth_of(value: Any) -> int:
    """How deep arrays and objects nest (a scalar: 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        stack.extend((child, level + 1) for child in children)
    return deepest


def json_problem(body: bytes) -> str | None:
    """Why `body` is not JSON a route can read, or None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"the body is not valid UTF-8 (byte {err.start}: {err.reason})"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        return f"the body is not JSON: {err.msg} at line {err.lineno}, column {err.colno}"
    except RecursionError:
        return f"the body nests arrays and objects deeper than {MAX_JSON_DEPTH} levels"
    if depth_of(value) > MAX_JSON_DEPTH:
        return f"the body nests arrays and objects deeper than {MAX_JSON_DEPTH} levels"
    return None


class BodyLimit:
    """ASGI middleware: reads the body (up to the limit), checks it, and hands it on."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        try:
            body = await self._read(receive)
        except BodyTooLarge:
            await self._too_large(scope, receive, send)
            return
        if body is None:
            return  # the client went away before its body was complete: nothing to answer
        if body and is_json(headers.get("content-type")):
            problem = json_problem(body)
            if problem:
                await problem_response(400, problem)(scope, receive, send)
                return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the body is larger than the limit of {self.limit} bytes; it was not read"
        # The rest of the body stays unread: the server closes the connection after answering.
        await problem_response(413, detail, headers={"Connection": "close"})(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
