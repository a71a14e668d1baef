"""The supervision board: server-rendered HTML for browsers (no front-end build step, no JS).

- `GET /board`: the open cases, grouped by procedure (registry order), sorted by next deadline
  within a group (none last); overdue rows highlighted, provisional deadlines marked. Optional
  query filters `?procedure=&agency=&overdue=`. An agency key sees its own agency's cases only.
- `GET /board/cases/{workflow_id}`: one case's timeline from its `status` query: stage, outcome,
  deadlines, the audit events with their clauses, and the documents (served from the outbox at
  `/board/cases/{workflow_id}/documents/{name}`).
- `GET|POST /board/login`, `POST /board/logout`: the API key in an HttpOnly, SameSite=Strict
  cookie scoped to /board (api.auth reads it). A page without a valid key redirects to the login
  form. The key is never logged, echoed or put in a URL.

Pages are `string.Template` files under api/templates/ and the stylesheet api/static/board.css,
inlined. Every value is HTML-escaped on its way into a template; only fragments built here from
escaped values (`Html`) go in as they are.
"""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from temporalio.client import Client, WorkflowExecutionDescription, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from api.auth import COOKIE, Caller, caller
from api.problems import ProblemError
from cli.render import due_instant
from contracts import search_attributes as sa
from contracts.case_records import AuditEvent, CaseDeadline, DeadlineKind
from kernel.case_base import NEEDS_ATTENTION
from periods import SHANGHAI
from procedures import registry
from service.listing import (
    CaseFilter,
    CaseRow,
    UnknownProcedure,
    by_deadline,
    health_of,
    list_cases,
)
from settings import Settings

router = APIRouter(include_in_schema=False)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STYLESHEET = HERE / "static" / "board.css"

LOGIN = "/board/login"
BOARD = "/board"
MAX_FORM_BYTES = 4096
QUERY_TIMEOUT = timedelta(seconds=10)

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

KIND_LABELS = {
    DeadlineKind.AGENCY_DUTY: "机关义务 agency duty",
    DeadlineKind.PARTY_WINDOW: "当事人期间 party window",
}
HEADINGS = {
    400: "请求有误 Bad request",
    401: "未登录 Unauthorized",
    403: "无权查看 Forbidden",
    404: "未找到 Not found",
    503: "引擎不可用 Engine unavailable",
}
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
# Audit-event details that name a delivered file in the outbox.
DELIVERY_KEYS = ("document", "location")


# -- HTML ---------------------------------------------------------------------------------------


class Html(str):
    """A fragment that is already HTML (built here from escaped values): inserted as it is."""

    __slots__ = ()


def esc(value: object) -> Html:
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[str]) -> Html:
    return Html("".join(esc(part) for part in parts))


def tag(element: str, content: object = "", /, **attributes: object) -> Html:
    """`<element attr="...">content</element>`; `class_` stands for `class`, `data_x` for `data-x`;
    None or False attributes are left out."""
    attrs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
        for key, value in attributes.items()
        if value is not None and value is not False
    )
    return Html(f"<{element}{attrs}>{esc(content)}</{element}>")


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


@cache
def _css() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def fill(name: str, **values: object) -> Html:
    return Html(_template(name).substitute({k: esc(v) for k, v in values.items()}))


def page(
    title: str,
    body: Html,
    *,
    who: Caller | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    content = fill("_page", title=title, css=Html(_css()), who=_who(who), body=body)
    return HTMLResponse(
        content, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})}
    )


def _who(who: Caller | None) -> Html:
    if who is None:
        return Html("")
    role = "监督 supervisor" if who.supervisor else f"机关 agency {who.agency}"
    logout = Html(
        '<form method="post" action="/board/logout"><button type="submit">'
        "退出 Sign out</button></form>"
    )
    return join([f"{who.name} · {role}", logout])


def error_page(status: int, detail: str, who: Caller | None = None) -> HTMLResponse:
    heading = HEADINGS.get(status, "错误 Error")
    body = fill("error", status=status, heading=heading, detail=detail)
    return page(heading, body, who=who, status_code=status)


def shanghai_time(moment: datetime | None, seconds: bool = False) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(SHANGHAI).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    )


def badge(text: str, kind: str) -> Html:
    return tag("span", text, class_=f"badge {kind}")


OVERDUE_BADGE = ("逾期 OVERDUE", "overdue")
PROVISIONAL_BADGE = ("暂定 PROVISIONAL", "provisional")
# Issue 14: a case whose workflow task keeps failing (the worker cannot carry it on), and one
# whose own code stopped on an error (CaseStage needs_attention).
STUCK_BADGE = ("停滞 STUCK", "stuck")
ATTENTION_BADGE = ("需处理 NEEDS ATTENTION", "attention")
# Issue 15: an output the case has not yet delivered, whose attempts have failed.
DELIVERY_BADGE = ("送达失败 DELIVERY FAILING", "attention")


def case_href(workflow_id: str) -> str:
    return f"/board/cases/{quote(workflow_id, safe='')}"


# -- who is looking -----------------------------------------------------------------------------


def _caller(request: Request) -> Caller | None:
    """The caller of a board page (API key header or the board's cookie), None if there is no
    valid key: a browser is then sent to the login form rather than given JSON."""
    try:
        return caller(request)
    except ProblemError:
        return None


def to_login(request: Request) -> RedirectResponse:
    response = RedirectResponse(LOGIN, status_code=303, headers=SECURITY_HEADERS)
    if COOKIE in request.cookies:
        # A stale or revoked key: drop it so the form starts clean.
        response.delete_cookie(COOKIE, path=BOARD)
    return response


# -- the board ----------------------------------------------------------------------------------


class BadFilter(ValueError):
    pass


def board_filter(request: Request, who: Caller) -> CaseFilter:
    """The query-string filters as a CaseFilter; an agency key is held to its own agency."""
    params = request.query_params
    procedure = (params.get("procedure") or "").strip() or None
    agency = (params.get("agency") or "").strip() or None
    overdue_text = (params.get("overdue") or "").strip().lower()
    if overdue_text in TRUE_WORDS:
        overdue: bool | None = True
    elif overdue_text in FALSE_WORDS:
        overdue = False
    elif overdue_text == "":
        overdue = None
    else:
        raise BadFilter("overdue: expected true or false")
    if procedure is not None:
        found = registry.find(procedure)
        if found is None or not found.is_case:
            known = ", ".join(p.name for p in registry.PROCEDURES if p.is_case)
            raise BadFilter(f"procedure: unknown procedure {procedure!r} (known: {known})")
        procedure = found.name
    if not who.supervisor:
        if agency is not None and agency != who.agency:
            raise PermissionError(
                f"{who.name}: an agency key sees its own agency's cases only ({who.agency})"
            )
        agency = who.agency
    try:
        return CaseFilter(procedure=procedure, agency=agency, overdue=overdue)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise BadFilter(f"{field}: {first['msg']}") from None


def filters_form(case_filter: CaseFilter, who: Caller) -> Html:
    options = [tag("option", "全部 all procedures", value="")]
    for procedure in registry.PROCEDURES:
        if procedure.is_case:
            options.append(
                tag(
                    "option",
                    procedure.title,
                    value=procedure.name,
                    selected="selected" if case_filter.procedure == procedure.name else None,
                )
            )
    overdue_box = Html(
        '<input type="checkbox" name="overdue" value="true"'
        + (" checked" if case_filter.overdue else "")
        + ">"
    )
    parts = [
        tag("label", join(["程序 Procedure", tag("select", join(options), name="procedure")])),
    ]
    if who.supervisor:
        agency_input = Html(
            '<input type="text" name="agency" size="12" placeholder="e.g. QZ-SCJG" value="'
            + esc(case_filter.agency or "")
            + '">'
        )
        parts.append(tag("label", join(["机关 Agency", agency_input])))
    parts.append(tag("label", join([overdue_box, "仅逾期 overdue only"]), class_="check"))
    parts.append(Html('<button type="submit">筛选 Filter</button>'))
    parts.append(tag("a", "清除 Clear", href=BOARD))
    return tag("form", join(parts), class_="filters", method="get", action=BOARD)


def case_row_html(row: CaseRow) -> Html:
    flags = []
    if row.stuck:
        flags.append(
            tag(
                "span",
                STUCK_BADGE[0],
                class_=f"badge {STUCK_BADGE[1]}",
                title=f"workflow task attempt {row.task_attempts}: see deploy/README.md",
            )
        )
    if row.stage == NEEDS_ATTENTION:
        flags.append(badge(*ATTENTION_BADGE))
    if row.overdue:
        flags.append(badge(*OVERDUE_BADGE))
    if row.provisional:
        flags.append(badge(*PROVISIONAL_BADGE))
    if not row.running:
        flags.append(badge(row.status, "muted"))
    cells = [
        tag("td", tag("a", row.case_id, href=case_href(row.workflow_id)), class_="mono case"),
        tag("td", row.stage or "-", class_="stage"),
        tag("td", row.agency_code or "-", class_="mono agency"),
        tag("td", due_instant(row.next_deadline), class_="mono deadline"),
        tag("td", join(flags), class_="flags"),
    ]
    alarm = row.stuck or row.stage == NEEDS_ATTENTION
    return tag(
        "tr",
        join(cells),
        class_="case alarm" if alarm else "case overdue" if row.overdue else "case",
        data_workflow_id=row.workflow_id,
        data_next_deadline=row.next_deadline.isoformat() if row.next_deadline else "",
    )


def groups_html(rows: Sequence[CaseRow]) -> Html:
    sections = []
    for procedure in registry.PROCEDURES:
        members = sorted(
            (r for r in rows if r.procedure == procedure.procedure_type), key=by_deadline
        )
        if not members:
            continue
        sections.append(
            fill(
                "group",
                procedure=procedure.name,
                title=procedure.title,
                count=len(members),
                rows=join(case_row_html(r) for r in members),
            )
        )
    if not sections:
        return tag("p", "没有符合条件的未结案件. No open cases match.", class_="empty")
    return join(sections)


@router.get("/board")
async def board_page(request: Request) -> Response:
    who = _caller(request)
    if who is None:
        return to_login(request)
    try:
        case_filter = board_filter(request, who)
    except BadFilter as err:
        return error_page(400, str(err), who)
    except PermissionError as err:
        return error_page(403, str(err), who)
    client: Client = request.app.state.client
    try:
        rows = await list_cases(client, case_filter)
    except UnknownProcedure as err:
        return error_page(400, str(err), who)
    except RPCError as err:
        return error_page(503, f"the engine could not list the cases: {err.message}", who)
    rows = [r for r in rows if registry.find(r.procedure) is not None]
    narrowed = [
        f"{label} {value}"
        for label, value in (
            ("procedure", case_filter.procedure),
            ("agency", case_filter.agency),
            ("overdue", "yes" if case_filter.overdue else None),
        )
        if value
    ]
    body = fill(
        "board",
        open_count=len(rows),
        overdue_count=sum(r.overdue for r in rows),
        provisional_count=sum(r.provisional for r in rows),
        stuck_count=sum(r.stuck for r in rows),
        attention_count=sum(r.stage == NEEDS_ATTENTION for r in rows),
        generated_at=shanghai_time(datetime.now(SHANGHAI)),
        filter_note=f" · 筛选 Filter: {', '.join(narrowed)}" if narrowed else "",
        filters=filters_form(case_filter, who),
        groups=groups_html(rows),
    )
    return page("未结案件 Open cases", body, who=who)


# -- one case -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    """What the timeline page needs, whatever the procedure."""

    procedure: registry.Procedure
    agency: str | None
    status: BaseModel
    description: WorkflowExecutionDescription  # the describe that found the agency


async def read_case(request: Request, who: Caller, workflow_id: str) -> CaseView | Response:
    """The case's status, or the page that says why not (404, 403, 503)."""
    procedure, _ = registry.case_id_of(workflow_id)
    if procedure is None:
        return error_page(404, f"no case {workflow_id!r}", who)
    client: Client = request.app.state.client
    handle = client.get_workflow_handle(workflow_id)
    try:
        description = await handle.describe(rpc_timeout=QUERY_TIMEOUT)
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            return error_page(404, f"no case {workflow_id!r}", who)
        return error_page(503, f"the engine could not find the case: {err.message}", who)
    agency = description.typed_search_attributes.get(sa.AGENCY_CODE)
    if not who.may_read(agency):
        return error_page(
            403,
            f"{who.name}: an agency key reads its own agency's cases only ({who.agency})",
            who,
        )
    try:
        status = await handle.query(
            "status", result_type=procedure.status_model, rpc_timeout=QUERY_TIMEOUT
        )
    except (RPCError, WorkflowQueryFailedError) as err:
        return error_page(503, f"the case did not answer its status query: {err}", who)
    return CaseView(procedure=procedure, agency=agency, status=status, description=description)


def outcome_facts(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The outcome as each procedure records it: `outcome`, a decision's or review's outcome and
    reason, the final grade, the closing reason."""
    facts = []
    outcome = data.get("outcome")
    for holder in ("decision", "review", "handling_decision"):
        record = data.get(holder)
        if isinstance(record, Mapping):
            outcome = outcome or record.get("outcome")
            if record.get("reason"):
                by = record.get("reviewer") or record.get("decided_by")
                facts.append(("理由 Reason", f"{record['reason']}" + (f" ({by})" if by else "")))
    if isinstance(outcome, Mapping):
        outcome = outcome.get("outcome") or json.dumps(outcome, ensure_ascii=False)
    if outcome:
        facts.insert(0, ("结果 Outcome", str(outcome)))
    if data.get("final_grade"):
        facts.append(("最终等级 Final grade", str(data["final_grade"])))
    if data.get("closing_reason"):
        facts.append(("结案原因 Closing reason", str(data["closing_reason"])))
    return facts


def subject_of(data: Mapping[str, Any]) -> str | None:
    case = data.get("case")
    if isinstance(case, Mapping):
        enterprise = case.get("enterprise")
        if isinstance(enterprise, Mapping) and enterprise.get("name"):
            return f"{enterprise['name']} ({enterprise.get('uscc', '')})"
        agency = case.get("agency")
        if isinstance(agency, Mapping) and agency.get("name"):
            return str(agency["name"])
    if data.get("institution_name"):
        return f"{data['institution_name']} ({data.get('institution_uscc', '')})"
    return None


def deadline_row(item: CaseDeadline) -> Html:
    deadline = item.deadline
    states = []
    if item.overdue:
        states.append(badge(*OVERDUE_BADGE))
    if deadline.provisional:
        states.append(badge(*PROVISIONAL_BADGE))
    if item.met_at is not None:
        states.append(badge(f"已履行 met {shanghai_time(item.met_at)}", "met"))
    if item.lapsed:
        states.append(badge("已届满 lapsed", "muted"))
    if item.paused_since is not None:
        states.append(badge(f"暂停 paused since {shanghai_time(item.paused_since)}", "muted"))
    if not states:
        states.append(badge("进行中 open", "muted"))
    reminders = [
        tag(
            "li",
            f"{r.working_days_before} wd before: {shanghai_time(r.at)}"
            + (" ✓ sent" if r.sent else ""),
        )
        for r in item.reminders
    ]
    basis = join(
        [
            deadline.basis,
            f" (rev. {item.revision})" if item.revision else "",
            Html("<br>"),
            tag("span", item.citation, class_="citation"),
        ]
    )
    cells = [
        tag("td", item.name, class_="mono name"),
        tag("td", KIND_LABELS.get(item.kind, item.kind)),
        tag("td", basis),
        tag("td", deadline.start.isoformat(), class_="mono"),
        tag("td", deadline.last_day.isoformat(), class_="mono"),
        tag("td", due_instant(deadline.due_at), class_="mono due"),
        tag("td", join(states), class_="state"),
        tag("td", tag("ul", join(reminders), class_="reminders") if reminders else "-"),
    ]
    return tag(
        "tr",
        join(cells),
        class_="deadline overdue" if item.overdue else "deadline",
        data_name=item.name,
    )


def detail_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, default=str)


def event_row(event: AuditEvent, outbox: Path) -> Html:
    shown = [
        (k, outbox_name(v, outbox) if k in DELIVERY_KEYS and isinstance(v, str) else v)
        for k, v in event.details.items()
        if v not in (None, "", [], {})
    ]
    details = (
        tag(
            "dl",
            join(join([tag("dt", key), tag("dd", detail_value(value))]) for key, value in shown),
            class_="details",
        )
        if shown
        else Html("")
    )
    escalation = event.action.endswith("_overdue_escalated")
    cells = [
        tag("td", shanghai_time(event.at, seconds=True), class_="mono"),
        tag("td", event.actor, class_="actor"),
        tag("td", event.action, class_="mono action"),
        tag("td", event.citation, class_="citation"),
        tag("td", details),
    ]
    return tag(
        "tr",
        join(cells),
        class_="event escalation" if escalation else "event",
        data_action=event.action,
    )


def document_names(status: BaseModel) -> list[str]:
    """The outbox paths a case reports: its documents, its other deliveries, then what its audit
    trail records as delivered (notifications: `location`, notices: `document`)."""
    paths: list[str] = []
    for field in ("documents", "deliveries"):
        value = getattr(status, field, None)
        if isinstance(value, list):
            paths += [str(p) for p in value if str(p) not in paths]
    for event in getattr(status, "events", []):
        for key in DELIVERY_KEYS:
            value = event.details.get(key)
            if isinstance(value, str) and value and value not in paths:
                paths.append(value)
    return paths


def outbox_name(path: str, outbox: Path) -> str:
    """An outbox path as the board shows it: relative to the outbox (no server paths)."""
    candidate = Path(path)
    for inside, root in ((candidate, outbox), (candidate.resolve(), outbox.resolve())):
        if inside.is_relative_to(root):
            return str(inside.relative_to(root))
    return candidate.name


def documents_html(workflow_id: str, paths: Sequence[str], outbox: Path) -> Html:
    if not paths:
        return tag("p", "尚无文书 No documents yet.", class_="note")
    items = []
    for path in paths:
        name = Path(path).name
        href = f"{case_href(workflow_id)}/documents/{quote(name, safe='')}"
        items.append(tag("li", tag("a", name, href=href), data_path=outbox_name(path, outbox)))
    return tag("ul", join(items), class_="documents")


@router.get("/board/cases/{workflow_id}")
async def case_page(request: Request, workflow_id: str) -> Response:
    who = _caller(request)
    if who is None:
        return to_login(request)
    view = await read_case(request, who, workflow_id)
    if isinstance(view, Response):
        return view
    status = view.status
    data = status.model_dump(mode="json")
    deadlines: list[CaseDeadline] = list(getattr(status, "deadlines", []))
    events: list[AuditEvent] = sorted(getattr(status, "events", []), key=lambda e: e.at)
    paths = document_names(status)
    settings: Settings = request.app.state.settings
    outbox = settings.outbox
    flags = []
    health = await health_of(view.description, request.app.state.client.data_converter)
    pending = health.outputs
    if health.stuck:
        flags.append(badge(*STUCK_BADGE))
    if any(o.failing for o in pending):
        flags.append(badge(*DELIVERY_BADGE))
    if any(e.action == NEEDS_ATTENTION for e in events):
        flags.append(badge(*ATTENTION_BADGE))
    if data.get("overdue"):
        flags.append(badge(*OVERDUE_BADGE))
    if any(d.deadline.provisional and d.met_at is None for d in deadlines):
        flags.append(badge(*PROVISIONAL_BADGE))
    facts: list[tuple[str, str]] = [
        ("程序 Procedure", view.procedure.title),
        ("阶段 Stage", str(data.get("stage") or "-")),
        *outcome_facts(data),
        ("机关 Agency", view.agency or "-"),
    ]
    subject = subject_of(data)
    if subject:
        facts.append(("对象 Subject", subject))
    facts.append(("工作流 Workflow", workflow_id))
    facts += [("待送达 Pending output", output.summary) for output in pending]
    body = fill(
        "timeline",
        case_id=str(data.get("case_id") or workflow_id),
        flags=join(flags),
        facts=join(join([tag("dt", label), tag("dd", value)]) for label, value in facts),
        deadline_count=len(deadlines),
        deadlines=join(deadline_row(d) for d in deadlines)
        or tag("tr", tag("td", "尚无期限 none yet", colspan="8")),
        event_count=len(events),
        events=join(event_row(e, outbox) for e in events),
        document_count=len(paths),
        documents=documents_html(workflow_id, paths, outbox),
    )
    return page(f"案件 {data.get('case_id') or workflow_id}", body, who=who)


@router.get("/board/cases/{workflow_id}/documents/{name}")
async def case_document(request: Request, workflow_id: str, name: str) -> Response:
    """A document the case lists, read from the outbox: only a file the case names, only under
    the outbox folder (no path traversal, no symlink out)."""
    who = _caller(request)
    if who is None:
        return to_login(request)
    if not name or name != Path(name).name or name.startswith(".") or "\\" in name:
        return error_page(404, "no such document", who)
    view = await read_case(request, who, workflow_id)
    if isinstance(view, Response):
        return view
    settings: Settings = request.app.state.settings
    outbox = settings.outbox.resolve()
    for listed in document_names(view.status):
        if Path(listed).name != name:
            continue
        path = Path(listed)
        path = (path if path.is_absolute() else outbox / path).resolve()
        if not path.is_relative_to(outbox) or not path.is_file():
            continue
        media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
        if media_type.startswith("text/") or media_type == "application/json":
            media_type += "; charset=utf-8"
        headers = {
            **SECURITY_HEADERS,
            # Documents are the engine's own renderings; still, nothing in them runs here.
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        }
        return Response(path.read_bytes(), media_type=media_type, headers=headers)
    return error_page(404, "no such document", who)


# -- login --------------------------------------------------------------------------------------


def login_page(error: str | None = None, status_code: int = 200) -> HTMLResponse:
    message = tag("p", error, class_="error", role="alert") if error else Html("")
    headers = {"WWW-Authenticate": 'Bearer realm="quzhou"'} if status_code == 401 else None
    return page(
        "登录 Sign in",
        fill("login", error=message),
        status_code=status_code,
        headers=headers,
    )


@router.get(LOGIN)
async def login_form() -> HTMLResponse:
    return login_page()


async def _form_key(request: Request) -> str | None:
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


@router.post(LOGIN)
async def login(request: Request) -> Response:
    key = await _form_key(request)
    if not key:
        return login_page("请输入 API 密钥. Enter an API key.", status_code=401)
    if request.app.state.keys.find(key) is None:
        # The key typed is not repeated back, nor logged.
        return login_page("API 密钥无效. The API key is not known.", status_code=401)
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


@router.post("/board/logout")
async def logout() -> Response:
    response = RedirectResponse(LOGIN, status_code=303, headers=SECURITY_HEADERS)
    response.delete_cookie(COOKIE, path=BOARD, httponly=True, samesite="strict")
    return response
