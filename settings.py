"""Configuration: environment variables read once into a typed settings model.

Connection variables are Temporal's own (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
TEMPORAL_TLS_*; see `temporalio.envconfig`); the product's own variables start with QZ_.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import date, time
from functools import cache
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
    "QZ_SERVICE_ELECTRONIC_DEEMED": "service_electronic_deemed",
    "QZ_HOLIDAY_OVERRIDE_FILE": "holiday_override_file",
    "QZ_CONNECT_PATIENCE_S": "connect_patience_s",
    "QZ_WORKFLOW_TASK_POLLERS": "workflow_task_pollers",
    "QZ_ACTIVITY_TASK_POLLERS": "activity_task_pollers",
    "QZ_WORKFLOW_CACHE": "workflow_cache",
    "QZ_LOG_FORMAT": "log_format",
    "QZ_LOG_LEVEL": "log_level",
    "QZ_SUBJECT_ID_SECRET": "subject_id_secret_hex",
    "QZ_DESIGNATION_BATCH_MONTHS": "designation_batch_months",
    "QZ_DESIGNATION_BATCH_DATES": "designation_batch_dates",
    "QZ_DESIGNATION_NOTICE_WORKING_DAYS": "designation_notice_working_days",
    "QZ_HTTP_HOST": "http_host",
    "QZ_HTTP_PORT": "http_port",
    "QZ_API_KEYS_FILE": "api_keys_file",
    "QZ_METRICS_HOST": "metrics_host",
    "QZ_METRICS_PORT": "metrics_port",
    "QZ_PAYLOAD_ENCRYPTION": "payload_encryption",
    "QZ_PAYLOAD_KEYS_FILE": "payload_keys_file",
    "QZ_PAYLOAD_KEYS": "payload_keys_json",
    "QZ_CODEC_HOST": "codec_host",
    "QZ_CODEC_PORT": "codec_port",
    "QZ_CODEC_UI_ORIGINS": "codec_ui_origins",
    "QZ_SCHEDULES": "schedules",
    "QZ_CALENDAR_FILE": "calendar_file",
}


# The default workflow cache (QZ_WORKFLOW_CACHE), from bench/memory.py: a cached open case costs
# a worker about 92 KB (a market objection under review), a worker at rest about 140 MiB; 2,000
# cases (about 180 MiB) keep a worker within the 512 MiB of deploy/README.md's sizing table with
# room for its activities and the larger procedures' cases.
WORKFLOW_CACHE_DEFAULT = 2000


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
    # A notice that opens a party's period (自收到…之日起, 自…送达之日起) is served, by default,
    # on the day its electronic delivery is made; false: its period waits for the agency's
    # `served` step (date and method of 送达), kernel/service.py.
    service_electronic_deemed: bool = True
    holiday_override_file: Path | None = None
    # How long a worker starting against a cluster keeps trying to reach it (a cluster being
    # restarted, or started in the same breath) before it gives up with exit code 1.
    connect_patience_s: float = Field(default=60.0, ge=0, le=3600)
    workflow_task_pollers: int = Field(default=10, ge=1, le=200)
    activity_task_pollers: int = Field(default=10, ge=1, le=200)
    # The open runs a worker keeps in memory (Temporal's sticky cache, max_cached_workflows): a
    # run not in it is rebuilt from its history at its next task. WORKFLOW_CACHE_DEFAULT says
    # how it is sized.
    workflow_cache: int = Field(default=WORKFLOW_CACHE_DEFAULT, ge=1)
    log_format: Literal["auto", "console", "json"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The key of the subject records' ids for persons (hex); None: the installation's key
    # file, data_dir/subject-id.key, created on first use. See `subject_id_secret`.
    subject_id_secret_hex: str | None = Field(default=None, repr=False)
    # Designation (衢医保发〔2023〕8号 二(三)2 原则上每季度应开展1次集中受理审查): the quarterly
    # acceptance review is on the first working day of these months, unless explicit batch days
    # are configured (then the first configured day after an application; the months rule after
    # the last one).
    designation_batch_months: tuple[int, ...] = (1, 4, 7, 10)
    designation_batch_dates: tuple[date, ...] = ()
    # 二(三)3 向社会公示: the regulation fixes no length; 5 working days by default.
    designation_notice_working_days: int = Field(default=5, ge=1, le=60)
    # The HTTP API (api/), served by the worker process; 0 turns it off.
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    # The API keys (security/keys.py); None: data_dir/api-keys.json (created locally by `make run`).
    api_keys_file: Path | None = None
    # The worker's Prometheus endpoint (the SDK's metrics at /metrics); 0 turns it off.
    metrics_host: str = "127.0.0.1"
    metrics_port: int = Field(default=9464, ge=0, le=65535)
    # Payload encryption (security/): "off" only when explicitly asked for. The key ring is
    # QZ_PAYLOAD_KEYS (JSON, for clusters' secrets and tests) or else the key file (None:
    # data_dir/payload-keys.json, created with a local key by an embedded installation).
    payload_encryption: Literal["on", "off"] = "on"
    payload_keys_file: Path | None = None
    payload_keys_json: str | None = Field(default=None, repr=False)
    # The codec server (decrypting payloads for the Web UI and `temporal --codec-endpoint`,
    # supervisor keys only), served by the worker; 0 turns it off. Its CORS origins: None is
    # the embedded Web UI (http://localhost:<ui_port> and http://127.0.0.1:<ui_port>).
    codec_host: str = "127.0.0.1"
    codec_port: int = Field(default=8081, ge=0, le=65535)
    codec_ui_origins: tuple[str, ...] | None = None
    # The rounds' Temporal Schedules (service/schedules.py): "on", the worker applies them at
    # start; "off", for the workers of a cluster whose operator applies them with
    # `starter.py schedules apply`. The calendar: a JSON file replacing the defaults
    # (procedures/calendars/config.py), None: the defaults.
    schedules: Literal["on", "off"] = "on"
    calendar_file: Path | None = None

    @field_validator(
        "reminder_working_days",
        "designation_batch_months",
        "designation_batch_dates",
        "codec_ui_origins",
        mode="before",
    )
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("designation_batch_months")
    @classmethod
    def _months(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(not 1 <= m <= 12 for m in value):
            raise ValueError("batch months are month numbers 1-12, at least one")
        return tuple(sorted(set(value)))

    @field_validator("reminder_working_days")
    @classmethod
    def _positive(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(n < 1 for n in value):
            raise ValueError("reminders are whole working days before the deadline, each >= 1")
        return value

    @field_validator("payload_encryption", "schedules", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def outbox(self) -> Path:
        return self.outbox_dir or self.data_dir / "outbox"

    @property
    def api_keys_path(self) -> Path:
        return self.api_keys_file or self.data_dir / "api-keys.json"

    @property
    def payload_keys_path(self) -> Path:
        return self.payload_keys_file or self.data_dir / "payload-keys.json"

    @property
    def codec_origins(self) -> tuple[str, ...]:
        if self.codec_ui_origins:
            return tuple(origin.rstrip("/") for origin in self.codec_ui_origins)
        return (f"http://localhost:{self.ui_port}", f"http://127.0.0.1:{self.ui_port}")

    @property
    def codec_url(self) -> str:
        """The codec server as the Web UI and the `temporal` CLI reach it: on this machine by the
        name `localhost`, the Web UI's own host name (its sign-in cookie is per site)."""
        local = self.codec_host in ("127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "")
        return f"http://{'localhost' if local else self.codec_host}:{self.codec_port}"

    @property
    def embedded(self) -> bool:
        return not self.temporal_address

    @property
    def subject_id_secret(self) -> bytes:
        """The secret keying a person's record id (HMAC of the identity number, see
        contracts/subject_records.subject_workflow_id): QZ_SUBJECT_ID_SECRET, else the key
        file `data_dir/subject-id.key`, created (32 random bytes, hex) on first use, so that
        the CLI and the worker of one installation agree. Losing it loses the way to the
        persons' records: keep it with the data; on a cluster set QZ_SUBJECT_ID_SECRET alike
        for every worker and CLI."""
        return _subject_id_secret(self.subject_id_secret_hex, self.data_dir)

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


SUBJECT_ID_KEY_FILE = "subject-id.key"
SUBJECT_ID_KEY_BYTES = 32
MIN_SUBJECT_ID_SECRET_BYTES = 16


@cache
def _subject_id_secret(configured: str | None, data_dir: Path) -> bytes:
    if configured:
        return _decode_secret(configured, "QZ_SUBJECT_ID_SECRET")
    path = data_dir / SUBJECT_ID_KEY_FILE
    if not path.exists():
        create_key_file(path, secrets.token_hex(SUBJECT_ID_KEY_BYTES) + "\n", "the subject id key")
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"cannot read the subject id key {path}: {err}") from None
    return _decode_secret(text, str(path))


def _decode_secret(text: str, source: str) -> bytes:
    # The value itself is never repeated in a message: it is a secret.
    try:
        secret = bytes.fromhex(text.strip())
    except ValueError:
        secret = b""
    if len(secret) < MIN_SUBJECT_ID_SECRET_BYTES:
        raise SettingsError(
            f"{source}: the subject id secret must be at least {2 * MIN_SUBJECT_ID_SECRET_BYTES} "
            "hexadecimal digits, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`"
        )
    return secret


def create_key_file(path: Path, text: str, what: str) -> None:
    """Write a new key file holding `text`, atomically and once: of two processes starting at
    once (the worker and a CLI command), one file wins and both read it. `what` names the file
    in the error."""
    try:
        temporary = private_temporary(path, text)
        try:
            os.link(temporary, path)  # fails if the file appeared meanwhile: keep that one
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    except OSError as err:
        raise SettingsError(f"cannot create {what} {path}: {err}") from None


def private_temporary(path: Path, text: str) -> Path:
    """`text` in a new file beside `path` that only its owner can read (mode 600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    return temporary
