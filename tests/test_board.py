"""The supervision board in a real browser (Debian's Chromium through Playwright), against the
dev server, a production-wired worker and the API served by uvicorn on a free port.

Cases: a market objection received 40 days ago (its 15-working-day review deadline has passed:
overdue and escalated at once), one received 10 days ago and one received now (open, on time),
a lost-lawsuit accountability case run by a worker whose calendar lacks this year's holiday notice
(its 2-month report deadline is PROVISIONAL), and a decided market objection whose reason is
hostile HTML. The screenshot checks verify the layout, not only the markup: the overdue row's
highlight colour fills a band across the table at that row, the PROVISIONAL badge is amber where
the badge is, and the rows stand top-to-bottom in deadline order.
"""

from __future__ import annotations

import asyncio
import html
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import pytest_asyncio
from PIL import Image
from playwright.async_api import Locator, Page, async_playwright
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from periods import SHANGHAI, add_working_days, default_calendar, load_calendar
from procedures.accountability.models import AccountabilityCase
from procedures.agreement.case import AgreementCase, AgreementStatus, Decision
from procedures.agreement.workflow import MedicalAgreementWorkflow
from procedures.market_objection.models import (
    REVIEW_CLAUSE,
    EvaluatedSubject,
    MarketObjectionCase,
    ReviewDecision,
    ReviewOutcome,
    Stage,
    citation,
)
from procedures.market_objection.workflow import MarketCreditObjectionWorkflow
from procedures.registry import find
from security.keys import ApiKey, KeyRing, Role, digest
from service.listing import CaseFilter, CaseRow, list_cases
from service.steps import execute_step
from settings import Settings
from tests.conftest import EXAMPLES, example_case, make_settings, poll_query, running_worker
from tests.conftest import wait_for as market_status_when
from tests.door_helpers import serving, start_accountability, start_market_objection
from tests.test_designation_workflow import fresh_uscc

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<script>alert('board')</script> 维持原评价等级 & \"quoted\""
MARKET = find("market-objection")
ACCOUNTABILITY = find("accountability")
assert MARKET is not None and ACCOUNTABILITY is not None

# The page's colours (api/static/board.css).
HIGHLIGHT = (0xFD, 0xE2, 0xE1)  # tr.overdue > td
AMBER = (0xF5, 0x9E, 0x0B)  # .badge.provisional
RED = (0xB4, 0x23, 0x18)  # .badge.overdue


@dataclass
class Board:
    base: str
    client: Client
    settings: Settings
    supervisor_key: str
    agency_key: str  # agency A: the market objections
    agency_a: str
    agency_b: str  # the accountability case's agency
    overdue: str  # workflow ids
    soon: str
    fresh: str
    provisional: str
    hostile: str
    rows: dict[str, CaseRow]  # the listing's rows of the open cases above


def market(agency: str, received_at: datetime, label: str) -> MarketObjectionCase:
    return example_case(
        case_id=f"BRD-{label}-{uuid.uuid4().hex[:8]}", agency_code=agency, received_at=received_at
    )


def accountability(agency: str, received_at: datetime) -> AccountabilityCase:
    data = AccountabilityCase.model_validate_json(
        (EXAMPLES / "accountability.json").read_text(encoding="utf-8")
    ).model_dump(mode="json")
    data["case_id"] = f"BRD-ZR-{uuid.uuid4().hex[:8]}"
    data["lost_case"]["received_at"] = received_at.isoformat()
    data["lost_case"]["effective_date"] = (received_at.date() - timedelta(days=2)).isoformat()
    data["act"]["act_date"] = (received_at.date() - timedelta(days=200)).isoformat()
    data["agency"]["code"] = agency
    return AccountabilityCase.model_validate(data)


async def rows_when(
    client: Client, case_filter: CaseFilter, wanted: set[str], ready: Any, timeout_s: float = 30.0
) -> dict[str, CaseRow]:
    """Poll the visibility list until it shows the wanted workflows and `ready(rows)` holds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    while True:
        rows = {r.workflow_id: r for r in await list_cases(client, case_filter)}
        if wanted <= rows.keys() and ready(rows):
            return rows
        if loop.time() > end:
            raise AssertionError(f"the list did not show {wanted}: {rows}")
        await asyncio.sleep(0.2)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def board(
    dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Board]:
    client = dev_env.client
    base_dir = tmp_path_factory.mktemp("board")
    settings = make_settings(base_dir)
    # Same data and outbox, another task queue: a worker whose calendar lacks this year's (and
    # later years') holiday notices, so every deadline it computes now is provisional.
    unpublished = make_settings(base_dir)
    now = datetime.now(SHANGHAI).replace(microsecond=0)
    agency_a = f"SCJG-{uuid.uuid4().hex[:6]}"
    agency_b = f"ZHZF-{uuid.uuid4().hex[:6]}"
    supervisor_key, agency_key = f"sup-{uuid.uuid4().hex}", f"agency-{uuid.uuid4().hex}"
    keys = KeyRing(
        [
            ApiKey(name="test supervisor", role=Role.SUPERVISOR, sha256=digest(supervisor_key)),
            ApiKey(
                name="test agency", role=Role.AGENCY, agency=agency_a, sha256=digest(agency_key)
            ),
        ]
    )
    async with (
        running_worker(client, settings),
        running_worker(client, unpublished, load_calendar(published_before=now.year)),
    ):

        async def start_market(case: MarketObjectionCase) -> str:
            handle = await start_market_objection(
                client,
                case,
                settings.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
            return handle.id

        overdue = await start_market(market(agency_a, now - timedelta(days=40), "OVER"))
        soon = await start_market(market(agency_a, now - timedelta(days=10), "SOON"))
        fresh = await start_market(market(agency_a, now, "NEW"))
        hostile_case = market(agency_a, now, "XSS")
        hostile = await start_market(hostile_case)
        case = accountability(agency_b, now)
        provisional = (
            await start_accountability(
                client,
                case,
                unpublished.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        ).id

        # The hostile case: decided with HTML in its reason, then closed with its notice issued.
        handle = client.get_workflow_handle(hostile)
        await market_status_when(lambda s: s.stage is Stage.UNDER_REVIEW, handle)
        await execute_step(
            handle,
            MarketCreditObjectionWorkflow.decide,
            ReviewDecision(outcome=ReviewOutcome.UPHELD, reason=HOSTILE, reviewer="<b>王敏</b>"),
        )
        await market_status_when(lambda s: s.stage is Stage.CLOSED and s.documents, handle)

        mine = {overdue, soon, fresh}
        rows = await rows_when(
            client,
            CaseFilter(agency=agency_a),
            mine,
            lambda rows: (
                rows[overdue].overdue
                and all(rows[w].next_deadline is not None for w in mine)
                and hostile not in rows
            ),
        )
        rows |= await rows_when(
            client,
            CaseFilter(agency=agency_b),
            {provisional},
            lambda rows: rows[provisional].provisional,
        )

        app = create_app(settings, client, keys, default_calendar)
        async with serving(app) as base:
            yield Board(
                base=base,
                client=client,
                settings=settings,
                supervisor_key=supervisor_key,
                agency_key=agency_key,
                agency_a=agency_a,
                agency_b=agency_b,
                overdue=overdue,
                soon=soon,
                fresh=fresh,
                provisional=provisional,
                hostile=hostile,
                rows=rows,
            )


def http(board: Board, key: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.AsyncClient(base_url=board.base, headers=headers, follow_redirects=False)


def case_path(workflow_id: str) -> str:
    return f"/board/cases/{quote(workflow_id, safe='')}"


# -- pixels -------------------------------------------------------------------------------------


def near(pixel: Sequence[int], colour: Sequence[int], tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def share(
    image: Image.Image, box: tuple[float, float, float, float], colour: Sequence[int]
) -> float:
    """The share of the pixels in the box (x, y, width, height) that have this colour."""
    x0, y0 = round(box[0]), round(box[1])
    x1, y1 = round(box[0] + box[2]), round(box[1] + box[3])
    pixels = [image.getpixel((x, y)) for x in range(x0, x1) for y in range(y0, y1)]
    return sum(near(p, colour) for p in pixels) / max(1, len(pixels))  # type: ignore[arg-type]


def band(image: Image.Image, y: float, x0: float, x1: float, colour: Sequence[int]) -> list[int]:
    """The x positions on the horizontal line at y, between x0 and x1, that have this colour."""
    row = round(y)
    return [x for x in range(round(x0), round(x1)) if near(image.getpixel((x, row)), colour)]  # type: ignore[arg-type]


async def box_of(locator: Locator) -> tuple[float, float, float, float]:
    box = await locator.bounding_box()
    assert box is not None, f"{locator} is not displayed"
    return box["x"], box["y"], box["width"], box["height"]


async def assert_highlighted_band(
    image: Image.Image, row: Locator, table: Locator, minimum: float = 0.95
) -> None:
    """The highlight colour fills the row's line just inside its top padding, from the table's
    left edge to its right edge (a band across the table, not a stray cell)."""
    rx, ry, rw, rh = await box_of(row)
    tx, _, tw, _ = await box_of(table)
    assert rw > 0.95 * tw, "the row does not span the table"
    line = band(image, ry + 3, tx, tx + tw, HIGHLIGHT)
    assert len(line) >= minimum * tw, f"highlight covers {len(line)} of {tw:.0f} px at y={ry + 3}"
    assert line[0] - tx <= 3 and tx + tw - line[-1] <= 4, "the band does not reach both edges"
    assert share(image, (rx, ry, rw, rh), HIGHLIGHT) > 0.6


async def assert_plain_band(image: Image.Image, row: Locator, table: Locator) -> None:
    _, ry, _, _ = await box_of(row)
    tx, _, tw, _ = await box_of(table)
    assert band(image, ry + 3, tx, tx + tw, HIGHLIGHT) == []


# -- the browser --------------------------------------------------------------------------------


async def screenshot(page: Page, path: Path) -> Image.Image:
    await page.screenshot(path=str(path), full_page=True)
    return Image.open(path).convert("RGB")


async def test_board_in_chromium(board: Board, tmp_path: Path) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = await browser.new_context(
                viewport={"width": 1280, "height": 900}, device_scale_factor=1
            )
            page = await context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: dialogs.append(d.message))

            # Not logged in: the login form, not JSON.
            await page.goto(f"{board.base}/board")
            assert page.url == f"{board.base}/board/login"
            await page.fill("input[name=key]", "not-a-key")
            await page.click("form.login button[type=submit]")
            assert "not known" in await page.locator("form.login .error").inner_text()
            await page.fill("input[name=key]", board.supervisor_key)
            await page.click("form.login button[type=submit]")
            await page.wait_for_url(f"{board.base}/board")
            assert board.supervisor_key not in page.url
            assert board.supervisor_key not in await page.content()
            (cookie,) = [c for c in await context.cookies() if c["name"] == "qz_key"]
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            assert cookie["path"] == "/board"

            await check_board(page, board, tmp_path)
            await check_timeline(page, board, tmp_path)

            # The hostile reason is text on the page, never markup: no script ran.
            await page.goto(f"{board.base}{case_path(board.hostile)}")
            reason = page.locator("tr.event[data-action=review_decided] dd", has_text="alert")
            assert HOSTILE in await reason.inner_text()
            assert dialogs == []

            # Sign out: the cookie is gone and the board sends the browser to the form again.
            await page.goto(f"{board.base}/board")
            await page.click("header form button[type=submit]")
            await page.wait_for_url(f"{board.base}/board/login")
            assert not [c for c in await context.cookies() if c["name"] == "qz_key"]
            await page.goto(f"{board.base}/board")
            assert page.url == f"{board.base}/board/login"
        finally:
            await browser.close()


async def check_board(page: Page, board: Board, tmp_path: Path) -> None:
    assert MARKET is not None and ACCOUNTABILITY is not None
    summary = await page.locator("#summary").inner_text()
    assert "Open cases" in summary and "Overdue" in summary and "Generated at" in summary

    # Groups: by procedure, in the registry's order, headed by the procedure's title and count.
    groups = page.locator("section.group")
    order = [
        await groups.nth(i).get_attribute("data-procedure") for i in range(await groups.count())
    ]
    assert order.index(MARKET.name) < order.index(ACCOUNTABILITY.name)
    market_group = page.locator(f"section.group[data-procedure={MARKET.name}]")
    accountability_group = page.locator(f"section.group[data-procedure={ACCOUNTABILITY.name}]")
    assert MARKET.title in await market_group.locator("h2").inner_text()
    assert ACCOUNTABILITY.title in await accountability_group.locator("h2").inner_text()
    market_rows = market_group.locator("tbody tr")
    assert int(await market_group.locator("h2 .count").inner_text()) == await market_rows.count()

    # Within the group, by next deadline: the overdue case, then received 10 days ago, then now.
    mine = [board.overdue, board.soon, board.fresh]
    dues = [board.rows[w].next_deadline for w in mine]
    assert dues[0] is not None and dues[1] is not None and dues[2] is not None
    assert dues[0] < dues[1] < dues[2]
    in_dom = [
        await market_rows.nth(i).get_attribute("data-workflow-id")
        for i in range(await market_rows.count())
    ]
    assert [w for w in in_dom if w in mine] == mine
    rows = {w: page.locator(f'tr[data-workflow-id="{w}"]') for w in [*mine, board.provisional]}
    tops = [(await box_of(rows[w]))[1] for w in mine]
    assert tops[0] < tops[1] < tops[2], f"rows not top-to-bottom by deadline: {tops}"
    assert board.hostile not in in_dom  # closed: not on the board

    # Overdue: highlighted row and a badge; the others neither.
    assert "overdue" in ((await rows[board.overdue].get_attribute("class")) or "").split()
    assert "逾期 OVERDUE" in await rows[board.overdue].locator(".badge.overdue").inner_text()
    for other in (board.soon, board.fresh):
        assert "overdue" not in ((await rows[other].get_attribute("class")) or "").split()
        assert await rows[other].locator(".badge.overdue").count() == 0
    deadline_text = await rows[board.overdue].locator("td.deadline").inner_text()
    assert deadline_text.endswith("24:00") and deadline_text[:4].isdigit()

    # Issue 17: the stage in words, and the working days left or late from today. Received now:
    # the 15 working days after today, and today itself when a working day.
    assert await rows[board.fresh].locator("td.stage").inner_text() == "复核中 under review"
    left = 15 + default_calendar().is_working_day(datetime.now(SHANGHAI).date())
    fresh_left = await rows[board.fresh].locator("td.left").inner_text()
    assert fresh_left == f"剩{left}个工作日 {left} working days left"
    assert (await rows[board.overdue].locator("td.left").inner_text()).startswith("逾期")

    # Provisional: marked on the accountability case only where the listing says so.
    badge = rows[board.provisional].locator(".badge.provisional")
    assert await badge.inner_text() == "暂定 PROVISIONAL"
    for w in mine:
        marked = await rows[w].locator(".badge.provisional").count()
        assert bool(marked) is board.rows[w].provisional

    # The layout, from the pixels.
    image = await screenshot(page, tmp_path / "board.png")
    table = market_group.locator("table")
    await assert_highlighted_band(image, rows[board.overdue], table)
    await assert_plain_band(image, rows[board.soon], table)
    await assert_plain_band(image, rows[board.fresh], table)
    assert share(image, await box_of(badge), AMBER) > 0.4, "the PROVISIONAL badge is not amber"
    overdue_badge = rows[board.overdue].locator(".badge.overdue")
    assert share(image, await box_of(overdue_badge), RED) > 0.4, "the OVERDUE badge is not red"
    # The amber badge is inside its row, and its row is in the accountability table.
    bx, by, _, bh = await box_of(badge)
    px, py, pw, ph = await box_of(rows[board.provisional])
    assert py <= by and by + bh <= py + ph and px <= bx <= px + pw


async def check_timeline(page: Page, board: Board, tmp_path: Path) -> None:
    await page.locator(f'tr[data-workflow-id="{board.overdue}"] td.case a').click()
    await page.wait_for_url(f"{board.base}{case_path(board.overdue)}")
    case_id = board.rows[board.overdue].case_id
    heading = await page.locator("h1").inner_text()
    assert case_id in heading and "逾期 OVERDUE" in heading

    clause = citation(EvaluatedSubject.INSPECTION_BODY, REVIEW_CLAUSE)
    escalation = page.locator("tr.event[data-action=review_overdue_escalated]")
    assert await escalation.count() == 1
    assert await escalation.locator("td.citation").inner_text() == clause
    assert "escalation" in ((await escalation.get_attribute("class")) or "").split()
    received = page.locator("tr.event[data-action=review_application_received]")
    events = page.locator("tr.event")
    actions = [
        await events.nth(i).get_attribute("data-action") for i in range(await events.count())
    ]
    assert actions.index("review_application_received") < actions.index("review_overdue_escalated")

    review = page.locator("tr.deadline[data-name=review]")
    assert "overdue" in ((await review.get_attribute("class")) or "").split()
    # Issue 17: the duty the deadline times, how many working days late (the last day plus that
    # many working days is today or before, one more is after), the stage in words.
    assert await review.locator("td.duty").inner_text() == "复核 review"
    last_day = date.fromisoformat(await review.locator("td.mono").nth(2).inner_text())
    late_text = await review.locator("td.left").inner_text()
    late = int(late_text.removeprefix("逾期").split("个")[0])
    today = datetime.now(SHANGHAI).date()
    assert add_working_days(last_day, late).last_day <= today
    assert add_working_days(last_day, late + 1).last_day > today
    stage = page.locator("dl.facts dt", has_text="阶段 Stage").locator(
        "xpath=following-sibling::dd[1]"
    )
    assert await stage.inner_text() == "复核中 under review"
    assert clause in await review.inner_text()
    assert "15 working days" in await review.inner_text()
    assert (await review.locator("td.due").inner_text()).endswith("24:00")

    # The supervisor's overdue notification, from the outbox, by its file name (no server path).
    (notice,) = await page.locator("ul.documents a").all_inner_texts()
    assert notice == "review-overdue.json"
    assert str(board.settings.outbox) not in await page.content()

    image = await screenshot(page, tmp_path / "timeline.png")
    await assert_highlighted_band(image, review, page.locator("table.deadlines"))
    # The escalation event's row is highlighted like the deadline (details wrap: a looser band).
    await assert_highlighted_band(image, escalation, page.locator("table.events"), minimum=0.9)
    await assert_plain_band(image, received, page.locator("table.events"))


# -- HTTP ---------------------------------------------------------------------------------------


async def test_the_board_without_a_key_redirects_to_the_login_form(board: Board) -> None:
    async with http(board) as client:
        for path in ("/board", case_path(board.overdue), "/board?overdue=true"):
            response = await client.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"] == "/board/login"
        form = await client.get("/board/login")
        assert form.status_code == 200 and 'name="key"' in form.text
        assert 'method="post"' in form.text
    async with http(board, "not-a-key") as client:
        assert (await client.get("/board")).status_code == 303


async def test_a_bad_key_gets_the_form_again_with_401(board: Board) -> None:
    async with http(board) as client:
        response = await client.post("/board/login", data={"key": "guessed-key-123"})
        assert response.status_code == 401
        assert 'class="login"' in response.text and "not known" in response.text
        assert "guessed-key-123" not in response.text
        assert "set-cookie" not in response.headers
        empty = await client.post("/board/login", data={"key": ""})
        assert empty.status_code == 401


async def test_login_sets_a_strict_http_only_cookie_for_the_board(board: Board) -> None:
    async with http(board) as client:
        response = await client.post("/board/login", data={"key": board.agency_key})
        assert response.status_code == 303 and response.headers["location"] == "/board"
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("qz_key=")
        for attribute in ("HttpOnly", "Path=/board", "SameSite=strict"):
            assert attribute.lower() in cookie.lower(), cookie
    async with http(board) as browser_like:
        browser_like.cookies.set("qz_key", board.agency_key)
        page = await browser_like.get("/board")
        assert page.status_code == 200 and board.overdue in page.text
        assert page.headers["content-type"].startswith("text/html")
        assert "script-src" not in page.headers["content-security-policy"]
        out = await browser_like.post("/board/logout")
        assert out.status_code == 303 and 'qz_key=""' in out.headers["set-cookie"]


async def test_an_agency_key_sees_only_its_agencys_cases(board: Board) -> None:
    async with http(board, board.agency_key) as client:
        page = await client.get("/board")
        assert page.status_code == 200
        for mine in (board.overdue, board.soon, board.fresh):
            assert f'data-workflow-id="{mine}"' in page.text
        assert board.provisional not in page.text and board.agency_b not in page.text
        other = await client.get("/board", params={"agency": board.agency_b})
        assert other.status_code == 403
        assert (await client.get(case_path(board.provisional))).status_code == 403
        assert (await client.get(case_path(board.overdue))).status_code == 200
    async with http(board, board.supervisor_key) as client:
        page = await client.get("/board")
        assert board.provisional in page.text and board.overdue in page.text


async def test_query_string_filters(board: Board) -> None:
    async with http(board, board.supervisor_key) as client:
        only = await client.get("/board", params={"procedure": "accountability"})
        assert board.provisional in only.text and board.overdue not in only.text
        late = await client.get("/board", params={"overdue": "true", "agency": board.agency_a})
        assert board.overdue in late.text and board.fresh not in late.text
        assert (await client.get("/board", params={"procedure": "nonsense"})).status_code == 400
        assert (await client.get("/board", params={"overdue": "maybe"})).status_code == 400
        bad_agency = await client.get("/board", params={"agency": "<b>x</b>"})
        assert bad_agency.status_code == 400 and "<b>x</b>" not in bad_agency.text


async def test_an_unknown_workflow_is_404(board: Board) -> None:
    async with http(board, board.supervisor_key) as client:
        for path in (case_path("market-objection-NO-SUCH-CASE"), case_path("nothing-known")):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("text/html")


async def test_hostile_values_are_escaped(board: Board) -> None:
    async with http(board, board.supervisor_key) as client:
        page = await client.get(case_path(board.hostile))
        assert page.status_code == 200
        assert "<script>" not in page.text and "<b>王敏</b>" not in page.text
        assert html.escape(HOSTILE) in page.text
        assert "&lt;b&gt;王敏&lt;/b&gt;" in page.text


async def test_documents_are_served_from_the_outbox_only(board: Board) -> None:
    async with http(board, board.supervisor_key) as client:
        page = await client.get(case_path(board.hostile))
        names = [
            part.split('"')[0]
            for part in page.text.split(f'href="{case_path(board.hostile)}/documents/')[1:]
        ]
        assert any(name.endswith(".html") for name in names), names
        notice = next(name for name in names if name.endswith(".html"))
        document = await client.get(f"{case_path(board.hostile)}/documents/{notice}")
        assert document.status_code == 200
        assert document.headers["content-type"].startswith("text/html")
        assert "sandbox" in document.headers["content-security-policy"]
        assert (board.settings.outbox / board.hostile / notice).read_bytes() == document.content
        for sneaky in ("..%2F..%2F..%2Fetc%2Fpasswd", "%2E%2E", "settings.py", ".tmp-x"):
            response = await client.get(f"{case_path(board.hostile)}/documents/{sneaky}")
            assert response.status_code == 404, sneaky
            assert "root:" not in response.text
    async with http(board, board.agency_key) as client:
        # Another agency's case: forbidden before any file is looked at.
        response = await client.get(f"{case_path(board.provisional)}/documents/{notice}")
        assert response.status_code == 403


async def test_an_agreement_s_page_shows_its_term_its_stage_and_its_penalty(board: Board) -> None:
    """衢医保发〔2023〕8号 二(三)4, 五(五): the agreement's stage in words, its term and the 违约金
    it owes, a party's duty, with the decision's document."""
    case = AgreementCase.model_validate_json((EXAMPLES / "agreement.json").read_text("utf-8"))
    # An institution of its own: its subject record (written by the decision) lives on this
    # module's task queue, which no worker serves once the module is done.
    institution = case.institution.model_copy(update={"uscc": fresh_uscc()})
    case = case.model_copy(
        update={"case_id": f"XY-BOARD-{uuid.uuid4().hex[:6]}", "institution": institution}
    )
    handle = await board.client.start_workflow(
        MedicalAgreementWorkflow.run,
        case,
        id=f"agreement-{case.case_id}",
        task_queue=board.settings.task_queue,
    )
    decision = Decision.model_validate_json(
        (EXAMPLES / "agreement-decision.json").read_text("utf-8")
    )
    await execute_step(handle, MedicalAgreementWorkflow.decide, decision)

    def issued(status: AgreementStatus) -> bool:
        return any(d.endswith("decision-1.html") for d in status.documents)

    await poll_query(handle, MedicalAgreementWorkflow.status, issued, 30.0)
    async with http(board, board.supervisor_key) as client:
        page = await client.get(case_path(handle.id))
    assert page.status_code == 200
    for text in ("履行中 in force", "协议期限 the agreement", "缴纳违约金 the penalty paid"):
        assert text in page.text, text
    assert "协议期限 fixed term" in page.text and "当事人义务 party duty" in page.text
    # The case is about the institution, not the agency that handles it.
    assert html.escape(f"{case.institution.name} ({case.institution.uscc})") in page.text
    assert "衢医保发〔2023〕8号 五(五)" in page.text
    assert f"{case_path(handle.id)}/documents/decision-1.html" in page.text
