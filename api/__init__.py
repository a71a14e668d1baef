"""The HTTP API for agencies' systems and supervisors (FastAPI, served by uvicorn beside the
worker): cases of every procedure, their human steps, status and lists, scoring, deadlines, the
supervision board and calendar updates. OpenAPI: `GET /openapi.json` (committed as
docs/openapi.json)."""
