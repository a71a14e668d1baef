"""The supervision board: server-rendered HTML for browsers (no front-end build step, no JS).

- `GET /board`: the open cases, grouped by procedure (registry order), sorted by next deadline
  within a group (none last); overdue rows highlighted, provisional deadlines marked. Optional
  query filters `?procedure=&agency=&overdue=`. An agency key sees its own agency's cases only.
- `GET /board/cases/{workflow_id}`: one case's timeline from its `status` query: stage, outcome,
  deadlines, the audit events with their clauses, and the documents (served from the outbox at
  `/board/cases/{workflow_id}/documents/{name}`).
- `GET /board/statistics`: the supervision statistics (service/statistics.py) as a table and an
  inline SVG bar chart per month, `?procedure=&agency=&from=&to=`, with its CSV and XLSX at
  `/board/statistics.csv|.xlsx` (api.board.statistics_page).
- `GET|POST /board/login`, `POST /board/logout`: the API key in an HttpOnly, SameSite=Strict
  cookie scoped to /board (api.auth reads it). A page without a valid key redirects to the login
  form. The key is never logged, echoed or put in a URL.

Pages are Jinja2 templates under api/templates/ rendered with autoescaping (api.board.pages)
from plain view data: api.board.rows and api.board.filters for the open cases,
api.board.timeline for one case; the stylesheet api/static/board.css is inlined. The routes
are in api.board.routes; api.app mounts `router`.
"""

from api.board.routes import router
from api.board.statistics_page import router as statistics_router

router.include_router(statistics_router)

__all__ = ["router"]
