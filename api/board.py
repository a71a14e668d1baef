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

Pages are Jinja2 templates under api/templates/ (each extends `_page.html`), rendered with
autoescaping from plain view data (the dataclasses below); the stylesheet api/static/board.css
is inlined. Nothing here writes HTML.
"""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel, ValidationError
from temporalio.client import Client, WorkflowExecutionDescription, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from api.auth import COOKIE, Caller, caller
from api.problems import ProblemError
from cli.render import due_instant
from contracts import search_attributes as sa
from contracts.case_records import AuditEvent, CaseDeadline, DeadlineKind
from periods import SHANGHAI
from service.listing import (
    CaseFilter,
    CaseRow,
    TaskHealth,
    UnknownProcedure,
    by_deadline,
    health_of,
    list_cases,
)
from settings import Settings
from workflows import registry
from workflows.case_base import NEEDS_ATTENTION

router = APIRouter(include_in_schema=False)

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


# -- pages --------------------------------------------------------------------------------------


def escaped(value: object) -> Markup:
    """Every `{{ value }}` on its way out: `html.escape` with quotes, as the board always wrote
    it (`&#x27;`, `&quot;`: markupsafe's own spelling differs, and readers of the pages, the
    tests among them, compare against html.escape). Markup (a macro's output, the stylesheet)
    is already HTML and goes out as it is."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


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


# -- what the pages show ------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    text: str
    kind: str  # its CSS class: overdue, provisional, stuck, attention, met, muted
    title: str | None = None  # a tooltip


OVERDUE_BADGE = Badge("逾期 OVERDUE", "overdue")
PROVISIONAL_BADGE = Badge("暂定 PROVISIONAL", "provisional")
# Issue 14: a case whose workflow task keeps failing (the worker cannot carry it on), and one
# whose own code stopped on an error (CaseStage needs_attention).
STUCK_BADGE = Badge("停滞 STUCK", "stuck")
ATTENTION_BADGE = Badge("需处理 NEEDS ATTENTION", "attention")
# Issue 15: an output the case has not yet delivered, whose attempts have failed.
DELIVERY_BADGE = Badge("送达失败 DELIVERY FAILING", "attention")


def shanghai_time(moment: datetime | None, seconds: bool = False) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(SHANGHAI).strftime(
        "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    )


def case_href(workflow_id: str) -> str:
    return f"/board/cases/{quote(workflow_id, safe='')}"


# -- who is looking -----------------------------------------------------------------------------


def signed_in(request: Request) -> Caller | None:
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


# -- the board's filters ------------------------------------------------------------------------


class BadFilter(ValueError):
    """A query-string filter the board cannot apply (400)."""


class OtherAgency(PermissionError):
    """An agency key asking for another agency's cases (403)."""


def board_filter(params: Mapping[str, str], who: Caller) -> CaseFilter:
    """The query-string filters as a CaseFilter; an agency key is held to its own agency."""
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
            raise OtherAgency(
                f"{who.name}: an agency key sees its own agency's cases only ({who.agency})"
            )
        agency = who.agency
    try:
        return CaseFilter(procedure=procedure, agency=agency, overdue=overdue)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise BadFilter(f"{field}: {first['msg']}") from None


@dataclass(frozen=True)
class ProcedureChoice:
    name: str
    title: str
    selected: bool


@dataclass(frozen=True)
class FilterForm:
    """The filters form as the filter in force fills it in."""

    choices: tuple[ProcedureChoice, ...]
    agency_field: bool  # only a supervisor picks the agency: an agency key has its own
    agency: str
    overdue_only: bool
    narrowed: str  # what the filter narrows the list to, e.g. "procedure repair, overdue yes"


def filter_form(case_filter: CaseFilter, who: Caller) -> FilterForm:
    narrowed = [
        f"{label} {value}"
        for label, value in (
            ("procedure", case_filter.procedure),
            ("agency", case_filter.agency),
            ("overdue", "yes" if case_filter.overdue else None),
        )
        if value
    ]
    return FilterForm(
        choices=tuple(
            ProcedureChoice(p.name, p.title, selected=case_filter.procedure == p.name)
            for p in registry.PROCEDURES
            if p.is_case
        ),
        agency_field=who.supervisor,
        agency=case_filter.agency or "",
        overdue_only=bool(case_filter.overdue),
        narrowed=", ".join(narrowed),
    )


# -- the board's rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseLine:
    """One open case as a row of the board."""

    case_id: str
    workflow_id: str
    href: str
    stage: str
    agency: str
    next_deadline: str  # as the law writes it (24:00 of the last day)
    next_deadline_iso: str  # for scripts reading the page; "" when there is none
    badges: tuple[Badge, ...]
    alarm: bool  # stuck or needing attention: the strongest highlight, above overdue
    overdue: bool


@dataclass(frozen=True)
class CaseGroup:
    procedure: str  # the procedure's name, e.g. market-objection
    title: str
    lines: tuple[CaseLine, ...]


@dataclass(frozen=True)
class BoardCounts:
    open: int
    overdue: int
    provisional: int
    stuck: int
    attention: int


def case_line(row: CaseRow) -> CaseLine:
    badges = []
    if row.stuck:
        badges.append(
            Badge(
                STUCK_BADGE.text,
                STUCK_BADGE.kind,
                title=f"workflow task attempt {row.task_attempts}: see deploy/README.md",
            )
        )
    if row.stage == NEEDS_ATTENTION:
        badges.append(ATTENTION_BADGE)
    if row.overdue:
        badges.append(OVERDUE_BADGE)
    if row.provisional:
        badges.append(PROVISIONAL_BADGE)
    if not row.running:
        badges.append(Badge(row.status, "muted"))
    return CaseLine(
        case_id=row.case_id,
        workflow_id=row.workflow_id,
        href=case_href(row.workflow_id),
        stage=row.stage or "-",
        agency=row.agency_code or "-",
        next_deadline=due_instant(row.next_deadline),
        next_deadline_iso=row.next_deadline.isoformat() if row.next_deadline else "",
        badges=tuple(badges),
        alarm=row.stuck or row.stage == NEEDS_ATTENTION,
        overdue=row.overdue,
    )


def case_groups(rows: Sequence[CaseRow]) -> list[CaseGroup]:
    """The rows by procedure, in the registry's order, each group by next deadline (none
    last); a procedure with no rows has no group."""
    groups = []
    for procedure in registry.PROCEDURES:
        members = sorted(
            (r for r in rows if r.procedure == procedure.procedure_type), key=by_deadline
        )
        if members:
            groups.append(
                CaseGroup(procedure.name, procedure.title, tuple(case_line(r) for r in members))
            )
    return groups


def board_counts(rows: Sequence[CaseRow]) -> BoardCounts:
    return BoardCounts(
        open=len(rows),
        overdue=sum(r.overdue for r in rows),
        provisional=sum(r.provisional for r in rows),
        stuck=sum(r.stuck for r in rows),
        attention=sum(r.stage == NEEDS_ATTENTION for r in rows),
    )


@router.get("/board")
async def board_page(request: Request) -> Response:
    who = signed_in(request)
    if who is None:
        return to_login(request)
    try:
        case_filter = board_filter(request.query_params, who)
    except BadFilter as err:
        return error_page(400, str(err), who)
    except OtherAgency as err:
        return error_page(403, str(err), who)
    client: Client = request.app.state.client
    try:
        rows = await list_cases(client, case_filter)
    except UnknownProcedure as err:
        return error_page(400, str(err), who)
    except RPCError as err:
        return error_page(503, f"the engine could not list the cases: {err.message}", who)
    rows = [r for r in rows if registry.find(r.procedure) is not None]
    return page(
        "board.html",
        who=who,
        counts=board_counts(rows),
        generated_at=shanghai_time(datetime.now(SHANGHAI)),
        form=filter_form(case_filter, who),
        groups=case_groups(rows),
    )


# -- one case -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    """What the timeline page needs, whatever the procedure."""

    procedure: registry.Procedure
    agency: str | None
    status: BaseModel
    description: WorkflowExecutionDescription  # the describe that found the agency


class CaseUnreadable(Exception):
    """Why a case's page cannot be shown: its HTTP status (404, 403, 503) and the reason."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


async def read_case(request: Request, who: Caller, workflow_id: str) -> CaseView:
    """The case's status, if the caller may read it; CaseUnreadable otherwise."""
    procedure, _ = registry.case_id_of(workflow_id)
    if procedure is None:
        raise CaseUnreadable(404, f"no case {workflow_id!r}")
    client: Client = request.app.state.client
    handle = client.get_workflow_handle(workflow_id)
    try:
        description = await handle.describe(rpc_timeout=QUERY_TIMEOUT)
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise CaseUnreadable(404, f"no case {workflow_id!r}") from None
        raise CaseUnreadable(503, f"the engine could not find the case: {err.message}") from None
    agency = description.typed_search_attributes.get(sa.AGENCY_CODE)
    if not who.may_read(agency):
        raise CaseUnreadable(
            403, f"{who.name}: an agency key reads its own agency's cases only ({who.agency})"
        )
    try:
        status = await handle.query(
            "status", result_type=procedure.status_model, rpc_timeout=QUERY_TIMEOUT
        )
    except (RPCError, WorkflowQueryFailedError) as err:
        raise CaseUnreadable(503, f"the case did not answer its status query: {err}") from None
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


@dataclass(frozen=True)
class DeadlineLine:
    """One named deadline of the case as a row of its timeline."""

    name: str
    kind: str
    basis: str
    revision: int  # 0: as first computed; shown as "(rev. n)" once extended or recomputed
    citation: str
    start: str
    last_day: str
    due: str
    states: tuple[Badge, ...]
    reminders: tuple[str, ...]
    overdue: bool


def deadline_line(item: CaseDeadline) -> DeadlineLine:
    deadline = item.deadline
    states = []
    if item.overdue:
        states.append(OVERDUE_BADGE)
    if deadline.provisional:
        states.append(PROVISIONAL_BADGE)
    if item.met_at is not None:
        states.append(Badge(f"已履行 met {shanghai_time(item.met_at)}", "met"))
    if item.lapsed:
        states.append(Badge("已届满 lapsed", "muted"))
    if item.paused_since is not None:
        states.append(Badge(f"暂停 paused since {shanghai_time(item.paused_since)}", "muted"))
    if not states:
        states.append(Badge("进行中 open", "muted"))
    return DeadlineLine(
        name=item.name,
        kind=KIND_LABELS.get(item.kind, item.kind),
        basis=deadline.basis,
        revision=item.revision,
        citation=item.citation,
        start=deadline.start.isoformat(),
        last_day=deadline.last_day.isoformat(),
        due=due_instant(deadline.due_at),
        states=tuple(states),
        reminders=tuple(
            f"{r.working_days_before} wd before: {shanghai_time(r.at)}"
            + (" ✓ sent" if r.sent else "")
            for r in item.reminders
        ),
        overdue=item.overdue,
    )


def detail_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class EventLine:
    """One audit event as a row of the timeline."""

    at: str
    actor: str
    action: str
    citation: str
    details: tuple[tuple[str, str], ...]  # the non-empty details; outbox files by their name
    escalation: bool  # an overdue deadline escalated: highlighted like the deadline


def event_line(event: AuditEvent, outbox: Path) -> EventLine:
    details = tuple(
        (key, detail_value(outbox_name(value, outbox) if delivered(key, value) else value))
        for key, value in event.details.items()
        if value not in (None, "", [], {})
    )
    return EventLine(
        at=shanghai_time(event.at, seconds=True),
        actor=event.actor,
        action=event.action,
        citation=event.citation,
        details=details,
        escalation=event.action.endswith("_overdue_escalated"),
    )


# -- the outbox ---------------------------------------------------------------------------------


def delivered(key: str, value: object) -> bool:
    """An audit-event detail that names a file the case delivered into the outbox."""
    return key in DELIVERY_KEYS and isinstance(value, str)


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


def plain_file_name(name: str) -> bool:
    """A file's bare name: no folder in it (no path traversal), not hidden, no backslash."""
    return bool(name) and name == Path(name).name and not name.startswith(".") and "\\" not in name


def outbox_file(listed: Sequence[str], name: str, outbox: Path) -> Path | None:
    """The file `name` among the paths a case lists, if it is one under the outbox folder (no
    symlink out of it); None otherwise."""
    if not plain_file_name(name):
        return None
    root = outbox.resolve()
    for path in map(Path, listed):
        if path.name != name:
            continue
        path = (path if path.is_absolute() else root / path).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


@dataclass(frozen=True)
class DocumentLink:
    name: str  # the file's name, as the document route takes it
    href: str
    path: str  # relative to the outbox (no server paths)


def document_links(workflow_id: str, paths: Sequence[str], outbox: Path) -> list[DocumentLink]:
    return [
        DocumentLink(
            name=Path(path).name,
            href=f"{case_href(workflow_id)}/documents/{quote(Path(path).name, safe='')}",
            path=outbox_name(path, outbox),
        )
        for path in paths
    ]


# -- the timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """One case's page: its flags, facts, deadlines, audit events and documents."""

    case_id: str
    badges: tuple[Badge, ...]
    facts: tuple[tuple[str, str], ...]  # (label, value), in the order shown
    deadlines: tuple[DeadlineLine, ...]
    events: tuple[EventLine, ...]  # oldest first
    documents: tuple[DocumentLink, ...]


def timeline(view: CaseView, workflow_id: str, health: TaskHealth, outbox: Path) -> Timeline:
    status = view.status
    data = status.model_dump(mode="json")
    deadlines: list[CaseDeadline] = list(getattr(status, "deadlines", []))
    events: list[AuditEvent] = sorted(getattr(status, "events", []), key=lambda e: e.at)
    badges = []
    if health.stuck:
        badges.append(STUCK_BADGE)
    if any(o.failing for o in health.outputs):
        badges.append(DELIVERY_BADGE)
    if any(e.action == NEEDS_ATTENTION for e in events):
        badges.append(ATTENTION_BADGE)
    if data.get("overdue"):
        badges.append(OVERDUE_BADGE)
    if any(d.deadline.provisional and d.met_at is None for d in deadlines):
        badges.append(PROVISIONAL_BADGE)
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
    facts += [("待送达 Pending output", output.summary) for output in health.outputs]
    return Timeline(
        case_id=str(data.get("case_id") or workflow_id),
        badges=tuple(badges),
        facts=tuple(facts),
        deadlines=tuple(deadline_line(d) for d in deadlines),
        events=tuple(event_line(e, outbox) for e in events),
        documents=tuple(document_links(workflow_id, document_names(status), outbox)),
    )


@router.get("/board/cases/{workflow_id}")
async def case_page(request: Request, workflow_id: str) -> Response:
    who = signed_in(request)
    if who is None:
        return to_login(request)
    try:
        view = await read_case(request, who, workflow_id)
    except CaseUnreadable as err:
        return error_page(err.status, err.detail, who)
    client: Client = request.app.state.client
    settings: Settings = request.app.state.settings
    health = await health_of(view.description, client.data_converter)
    case = timeline(view, workflow_id, health, settings.outbox)
    return page("timeline.html", who=who, case=case)


@router.get("/board/cases/{workflow_id}/documents/{name}")
async def case_document(request: Request, workflow_id: str, name: str) -> Response:
    """A document the case lists, read from the outbox: only a file the case names, only under
    the outbox folder."""
    who = signed_in(request)
    if who is None:
        return to_login(request)
    if not plain_file_name(name):
        return error_page(404, "no such document", who)
    try:
        view = await read_case(request, who, workflow_id)
    except CaseUnreadable as err:
        return error_page(err.status, err.detail, who)
    settings: Settings = request.app.state.settings
    path = outbox_file(document_names(view.status), name, settings.outbox)
    if path is None:
        return error_page(404, "no such document", who)
    media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    if media_type.startswith("text/") or media_type == "application/json":
        media_type += "; charset=utf-8"
    headers = {
        **SECURITY_HEADERS,
        # Documents are the engine's own renderings; still, nothing in them runs here.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    }
    return Response(path.read_bytes(), media_type=media_type, headers=headers)


# -- login --------------------------------------------------------------------------------------


def login_page(error: str | None = None, status_code: int = 200) -> HTMLResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="quzhou"'} if status_code == 401 else None
    return page("login.html", who=None, status_code=status_code, headers=headers, error=error)


@router.get(LOGIN)
async def login_form() -> HTMLResponse:
    return login_page()


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


@router.post(LOGIN)
async def login(request: Request) -> Response:
    key = await form_key(request)
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
