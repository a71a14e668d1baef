"""Configuration: environment variables read once into a typed settings model.

Connection variables are Temporal's own (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
TEMPORAL_TLS_*; see `temporalio.envconfig`); the product's own variables start with QZ_.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

REPO_ROOT = Path(__file__).resolve().parent

# Environment variable -> settings field. The README's configuration table mirrors this.
ENVIRONMENT = {
    "TEMPORAL_ADDRESS": "temporal_address",
    "TEMPORAL_NAMESPACE": "namespace",
    "QZ_TASK_QUEUE": "task_queue",
    "QZ_DATA_DIR": "data_dir",
    "QZ_OUTBOX_DIR": "outbox_dir",
    "QZ_DEV_SERVER_PORT": "dev_server_port",
    "QZ_UI_PORT": "ui_port",
    "QZ_OFFICE_CLOSING_TIME": "office_closing_time",
    "QZ_REMINDER_WORKING_DAYS": "reminder_working_days",
    "QZ_HOLIDAY_OVERRIDE_FILE": "holiday_override_file",
    "QZ_WORKFLOW_TASK_POLLERS": "workflow_task_pollers",
    "QZ_ACTIVITY_TASK_POLLERS": "activity_task_pollers",
    "QZ_LOG_FORMAT": "log_format",
    "QZ_LOG_LEVEL": "log_level",
}


class SettingsError(ValueError):
    """A configuration value that cannot be used; the message names the variable."""


class Settings(BaseModel):
    # None: start the embedded dev server and talk to it on 127.0.0.1:dev_server_port.
    temporal_address: str | None = None
    namespace: str = "default"
    task_queue: str = "quzhou-procedures"
    data_dir: Path = REPO_ROOT / ".data"
    outbox_dir: Path | None = None
    dev_server_port: int = Field(default=7233, ge=1, le=65535)
    ui_port: int = Field(default=8233, ge=1, le=65535)
    # 有业务时间的, 停止业务活动的时间为截止时间 (民法典 第二百零三条); None means 24:00.
    office_closing_time: time | None = None
    reminder_working_days: tuple[int, ...] = (3, 1)
    holiday_override_file: Path | None = None
    workflow_task_pollers: int = Field(default=10, ge=1, le=200)
    activity_task_pollers: int = Field(default=10, ge=1, le=200)
    log_format: Literal["auto", "console", "json"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("reminder_working_days", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("reminder_working_days")
    @classmethod
    def _positive(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(n < 1 for n in value):
            raise ValueError("reminders are whole working days before the deadline, each >= 1")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def outbox(self) -> Path:
        return self.outbox_dir or self.data_dir / "outbox"

    @property
    def embedded(self) -> bool:
        return not self.temporal_address

    @property
    def address(self) -> str:
        return self.temporal_address or f"127.0.0.1:{self.dev_server_port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values = {field: env[name] for name, field in ENVIRONMENT.items() if env.get(name)}
        try:
            return cls.model_validate(values)
        except ValidationError as err:
            first = err.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else ""
            variable = next((n for n, f in ENVIRONMENT.items() if f == field), field)
            raise SettingsError(f"{variable}={values.get(field)!r}: {first['msg']}") from None
