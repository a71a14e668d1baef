"""Write the OpenAPI document the API serves to docs/openapi.json: `python -m api.openapi`.

The committed file is the contract agencies' engineers read; tests/test_http_api.py fails when
it differs from what the code serves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.app import create_app
from periods import default_calendar
from security.keys import KeyRing
from settings import Settings

TARGET = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def document() -> dict[str, Any]:
    # The document depends on the routes only: no engine, no keys needed to build it.
    app = create_app(Settings(), None, KeyRing([]), default_calendar)  # type: ignore[arg-type]
    spec: dict[str, Any] = app.openapi()
    return spec


def main() -> None:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(
        json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
