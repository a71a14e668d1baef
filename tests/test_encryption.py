"""Payload encryption (security/): the codec, key rotation, the codec server, and what the
Temporal server stores: no personal data in clear, neither in the histories (read back with
`temporal workflow show` without the codec) nor in search attributes or workflow ids."""

from __future__ import annotations

import asyncio
import base64
import json
import random
import re
import subprocess
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import uvicorn
from temporalio.api.common.v1 import Payload
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.testing import WorkflowEnvironment

from api.routes.cases import BODY_DIGEST, body_digest
from checks.uscc import CHARSET, check_character, uscc_problem
from contracts import search_attributes as sa
from contracts.rounds import RoundOpening
from engine import EmbeddedServer, data_converter, temporal_cli
from periods import SHANGHAI
from procedures.designation.models import DesignationCase
from procedures.registry import CASES, Procedure
from procedures.round.models import CloseFacts, FactsBatch
from procedures.round.workflow import EvaluationRoundWorkflow
from security.codec import EncryptionCodec, PayloadKeyError
from security.codec_server import create_codec_app
from security.keys import ApiKey, KeyRing, Role, digest
from security.payload_keys import (
    PayloadKeyRing,
    load_key_ring,
    new_key_entry,
    parse_key_ring,
    rotate,
)
from service.steps import execute_step
from settings import Settings, SettingsError
from tests.conftest import (
    EXAMPLES,
    TEST_PAYLOAD_KEY_ID,
    TEST_PAYLOAD_KEYS,
    free_port,
    poll_query,
    running_worker,
)

SUPERVISOR_KEY = "supervisor-test-key"
AGENCY_KEY = "agency-test-key"
UI_ORIGIN = "http://localhost:8233"


def ring_of(*entries: dict[str, str]) -> PayloadKeyRing:
    return parse_key_ring(json.dumps({"keys": list(entries)}), "test")


def api_keys() -> KeyRing:
    return KeyRing(
        [
            ApiKey(name="supervisor", role=Role.SUPERVISOR, sha256=digest(SUPERVISOR_KEY)),
            ApiKey(name="agency", role=Role.AGENCY, agency="QZ-YB", sha256=digest(AGENCY_KEY)),
        ]
    )


def plain(text: str) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=text.encode("utf-8"))


# -- the codec ------------------------------------------------------------------------------------


async def test_round_trip_hides_everything_of_the_original() -> None:
    codec = EncryptionCodec(parse_key_ring(TEST_PAYLOAD_KEYS, "QZ_PAYLOAD_KEYS"))
    original = plain('{"name": "王建华", "id_number": "330802197501010018"}')
    [sealed] = await codec.encode([original])
    assert sealed.metadata["encoding"] == b"binary/encrypted"
    assert sealed.metadata["encryption-key-id"] == TEST_PAYLOAD_KEY_ID.encode()
    assert b"330802197501010018" not in sealed.SerializeToString()
    assert b"json/plain" not in sealed.SerializeToString()  # the original metadata too
    [again] = await codec.encode([original])
    assert again.data != sealed.data  # a fresh nonce each time
    assert await codec.decode([sealed]) == [original]


async def test_rotation_new_payloads_use_the_newest_key_old_ones_still_decrypt() -> None:
    old = new_key_entry(datetime(2026, 1, 1, tzinfo=UTC))
    new = new_key_entry(datetime(2026, 6, 1, tzinfo=UTC))
    before = EncryptionCodec(ring_of(old))
    [sealed_before] = await before.encode([plain('"a"')])
    # The new key listed first: the newest by date encrypts, whatever the order.
    after = EncryptionCodec(ring_of(new, old))
    assert after.key_id == new["id"]
    [sealed_after] = await after.encode([plain('"b"')])
    assert sealed_after.metadata["encryption-key-id"] == new["id"].encode()
    assert await after.decode([sealed_before, sealed_after]) == [plain('"a"'), plain('"b"')]
    # A process still on the old ring cannot read the new payloads: the error names the id.
    with pytest.raises(PayloadKeyError, match=new["id"]):
        await before.decode([sealed_after])


async def test_rotate_adds_a_newest_key_to_the_file(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = load_key_ring(settings)
    assert first is not None and first.local and len(first.ids) == 1
    codec_before = EncryptionCodec(first)
    [sealed] = await codec_before.encode([plain('"x"')])
    added = rotate(settings.payload_keys_path)
    second = load_key_ring(settings)
    assert second is not None and second.ids == [*first.ids, added]
    assert second.newest.id == added and second.local
    assert await EncryptionCodec(second).decode([sealed]) == [plain('"x"')]


async def test_unknown_key_id_and_a_wrong_key_are_clear_errors() -> None:
    codec = EncryptionCodec(ring_of(new_key_entry()))
    stranger = Payload(
        metadata={"encoding": b"binary/encrypted", "encryption-key-id": b"k-gone"},
        data=b"\0" * 40,
    )
    with pytest.raises(PayloadKeyError, match=r"key id 'k-gone'.*not in the key ring"):
        await codec.decode([stranger])
    same_id_other_key = {**new_key_entry(), "id": codec.key_id}
    [sealed] = await EncryptionCodec(ring_of(same_id_other_key)).encode([plain("1")])
    with pytest.raises(PayloadKeyError, match="does not decrypt"):
        await codec.decode([sealed])


async def test_plain_payloads_pass_through_decode() -> None:
    """Cases started before encryption, and the committed replay histories, stay readable."""
    codec = EncryptionCodec(ring_of(new_key_entry()))
    legacy = [plain('{"case_id": "MO-1"}'), Payload(metadata={"encoding": b"binary/null"})]
    assert await codec.decode(legacy) == legacy


def test_key_configuration() -> None:
    hex_key = {"id": "h", "key": "ab" * 32, "created": "2026-01-01"}
    assert ring_of(hex_key).newest.key == bytes.fromhex("ab" * 32)
    with pytest.raises(SettingsError, match=r"keys\[0\] \(short\): key: 32 bytes"):
        ring_of({"id": "short", "key": base64.b64encode(b"x" * 16).decode(), "created": "2026"})
    with pytest.raises(SettingsError, match="appears twice"):
        ring_of(hex_key, hex_key)
    # A cluster without keys refuses to start, in one line; off only when asked for.
    cluster = Settings(temporal_address="temporal:7233", payload_keys_file=Path("/nonexistent"))
    with pytest.raises(SettingsError, match="no keys") as refused:
        data_converter(cluster)
    assert len(str(refused.value).splitlines()) == 1
    off = cluster.model_copy(update={"payload_encryption": "off"})
    assert data_converter(off).payload_codec is None
    assert Settings.from_env({"QZ_PAYLOAD_ENCRYPTION": "OFF"}).payload_encryption == "off"
    # The secret never shows in a repr.
    assert "ab" * 32 not in repr(ring_of(hex_key).newest)
    assert TEST_PAYLOAD_KEYS not in repr(Settings(payload_keys_json=TEST_PAYLOAD_KEYS))


def test_the_embedded_web_ui_is_pointed_at_the_codec_server(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, codec_port=18081)
    command = EmbeddedServer(settings).command()
    assert command[command.index("--ui-codec-endpoint") + 1] == "http://localhost:18081"
    off = settings.model_copy(update={"codec_port": 0})
    assert "--ui-codec-endpoint" not in EmbeddedServer(off).command()


# -- the codec server -----------------------------------------------------------------------------


def codec_app() -> Any:
    codec = EncryptionCodec(parse_key_ring(TEST_PAYLOAD_KEYS, "QZ_PAYLOAD_KEYS"))
    return create_codec_app(codec, api_keys(), [UI_ORIGIN])


def payloads_json(*payloads: Payload) -> dict[str, Any]:
    return {
        "payloads": [
            {
                "metadata": {k: base64.b64encode(v).decode() for k, v in p.metadata.items()},
                "data": base64.b64encode(p.data).decode(),
            }
            for p in payloads
        ]
    }


async def test_codec_server_encodes_and_decodes_for_supervisors_only() -> None:
    transport = httpx.ASGITransport(app=codec_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://codec") as http:
        body = payloads_json(plain('"刘敏"'))
        assert (await http.post("/encode", json=body)).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert (await http.post("/decode", json=body, headers=wrong)).status_code == 401
        agency = {"Authorization": f"Bearer {AGENCY_KEY}"}
        assert (await http.post("/decode", json=body, headers=agency)).status_code == 403

        supervisor = {"Authorization": f"Bearer {SUPERVISOR_KEY}"}
        encoded = await http.post("/encode", json=body, headers=supervisor)
        assert encoded.status_code == 200, encoded.text
        sealed = encoded.json()["payloads"][0]
        assert base64.b64decode(sealed["metadata"]["encoding"]) == b"binary/encrypted"
        assert "刘敏".encode() not in base64.b64decode(sealed["data"])
        # Under a path prefix too (only the last part of the path counts).
        decoded = await http.post("/ns/default/decode", json=encoded.json(), headers=supervisor)
        assert decoded.status_code == 200
        assert base64.b64decode(decoded.json()["payloads"][0]["data"]).decode() == '"刘敏"'


async def test_codec_server_cors_for_the_web_ui_and_its_sign_in_cookie() -> None:
    transport = httpx.ASGITransport(app=codec_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://codec") as http:
        preflight = await http.options(
            "/decode",
            headers={
                "Origin": UI_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-namespace",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == UI_ORIGIN
        assert preflight.headers["access-control-allow-credentials"] == "true"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        allowed = preflight.headers["access-control-allow-headers"].lower()
        assert "content-type" in allowed and "x-namespace" in allowed
        stranger = await http.options(
            "/decode",
            headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in stranger.headers

        body = payloads_json(plain('"x"'))
        refused = await http.post("/decode", json=body, headers={"Origin": UI_ORIGIN})
        assert refused.status_code == 401  # with the CORS headers, so the UI sees why
        assert refused.headers["access-control-allow-origin"] == UI_ORIGIN
        # The Web UI sends no Authorization header: it signs in once, then sends the cookie.
        bad = await http.post("/login", data={"key": AGENCY_KEY})
        assert bad.status_code == 401 and "qz_codec_session" not in bad.cookies
        signed_in = await http.post("/login", data={"key": SUPERVISOR_KEY})
        assert signed_in.status_code == 200
        assert "httponly" in signed_in.headers["set-cookie"].lower()
        assert "samesite=strict" in signed_in.headers["set-cookie"].lower()
        decoded = await http.post("/decode", json=body, headers={"Origin": UI_ORIGIN})
        assert decoded.status_code == 200
        assert decoded.headers["access-control-allow-origin"] == UI_ORIGIN
        await http.post("/logout")
        assert (await http.post("/decode", json=body)).status_code == 401


# -- what the Temporal server stores --------------------------------------------------------------


def example(name: str) -> dict[str, Any]:
    """An example case file with a fresh case id and fresh institution codes (USCC): the
    institutions' subject records are per code, and another test's worker may hold them."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    fresh: dict[str, str] = {}
    for code in set(re.findall(r"\b[0-9A-Z]{18}\b", text)):
        if not code.isdigit() and uscc_problem(code) is None:
            rng = random.Random(uuid.uuid4().int)
            body = code[:8] + "".join(rng.choice(CHARSET) for _ in range(9))
            fresh[code] = body + check_character(body)
    for old, new in fresh.items():
        text = text.replace(old, new)
    data: dict[str, Any] = json.loads(text)
    data["case_id"] = f"ENC-{uuid.uuid4().hex[:8]}"
    return data


# Fields that hold a natural person's data (names, identity numbers, phones) in the case files.
PERSONAL_FIELDS = {"id_number", "mobile", "contact", "applicant", "handler", "handler_phone"}
PERSON_LISTS = {"people", "persons"}
PERSON_RECORD = re.compile(r"subject-[a-z_]+-h[0-9a-f]{24}")  # keyed hash of the id number


def personal_values(data: Any, in_person: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (key in PERSONAL_FIELDS or (in_person and key == "name")):
                found.add(value)
            else:
                found |= personal_values(value, key in PERSON_LISTS)
    elif isinstance(data, list):
        for item in data:
            found |= personal_values(item, in_person)
    return found


async def run_round(
    client: Client, api: Procedure, name: str, settings: Settings, secrets_: set[str]
) -> str:
    """A round opened from its example, its facts (a pharmacy of its own and a doctor) sent and
    closed, and waited for: every objection case it opens exists by then."""
    data = json.loads((EXAMPLES / name).read_text("utf-8"))
    # A period of its own on the shared server (the Schedules' tests open 2026's months).
    opening = RoundOpening.model_validate(data | {"period": "2024-05"})
    facts = example("round-medical-credit-facts.json")
    del facts["case_id"]
    for record in facts["records"]:
        secrets_ |= {record["mobile"]}
        if record["subject_type"] == "insurance_doctor":
            secrets_ |= {record["subject_id"], record["name"]}
    handle = await client.start_workflow(
        EvaluationRoundWorkflow.run,
        opening,
        id=api.workflow_id(opening.case_id),
        task_queue=settings.task_queue,
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(sa.PROCEDURE_TYPE, api.procedure_type),
                SearchAttributePair(sa.CASE_STAGE, "received"),
                SearchAttributePair(sa.AGENCY_CODE, api.agency(opening)),
            ]
        ),
    )
    await execute_step(handle, EvaluationRoundWorkflow.facts, FactsBatch.model_validate(facts))
    await execute_step(handle, EvaluationRoundWorkflow.close, CloseFacts(closed_by="基金监管科"))
    await poll_query(handle, EvaluationRoundWorkflow.status, lambda s: s.stage == "closed")
    return handle.id


async def start_example(client: Client, api: Procedure, data: dict[str, Any], tq: str) -> str:
    """Started as the HTTP API and the CLI start a case (search attributes, body digest memo)."""
    case = api.case_model.model_validate(data)
    workflow_id = api.workflow_id(data["case_id"])
    await client.start_workflow(
        api.workflow.run,  # type: ignore[attr-defined]
        case,
        id=workflow_id,
        task_queue=tq,
        memo={BODY_DIGEST: body_digest(case)},
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(sa.PROCEDURE_TYPE, api.procedure_type),
                SearchAttributePair(sa.CASE_STAGE, "received"),
                SearchAttributePair(sa.AGENCY_CODE, api.agency(case)),
                SearchAttributePair(sa.OVERDUE, False),
            ]
        ),
    )
    return workflow_id


def recent_medical_objection() -> dict[str, Any]:
    data = example("medical-objection.json")
    data["result"]["published_on"] = datetime.now(SHANGHAI).date().isoformat()
    return data


@pytest_asyncio.fixture(loop_scope="session")
async def codec_endpoint() -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(
        codec_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), task.result()
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


def show_history(address: str, workflow_id: str, *codec: str) -> str:
    """`temporal workflow show --output json`, as text to search: the JSON output carries each
    payload's data in base64, so the data is decoded (UTF-8) and searched beside the rest."""
    done = subprocess.run(
        [temporal_cli(), "workflow", "show", "-w", workflow_id, "--address", address,
         "--output", "json", *codec],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return "\n".join(_texts(json.loads(done.stdout)))


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        texts = []
        for key, value in node.items():
            if key == "data" and isinstance(value, str) and isinstance(node.get("metadata"), dict):
                texts.append(base64.b64decode(value).decode("utf-8", "replace"))
            elif key == "metadata" and isinstance(value, dict) and "data" in node:
                texts += [base64.b64decode(v).decode("utf-8", "replace") for v in value.values()]
            else:
                texts += _texts(value)
        return texts
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    return [str(node)]


async def test_stored_histories_hold_no_personal_data_in_clear(
    dev_env: WorkflowEnvironment, settings: Settings, codec_endpoint: str
) -> None:
    client = dev_env.client
    address = client.service_client.config.target_host
    apis = {api.name: api for api in CASES}
    cases = [
        (apis["designation"], example("designation-medical.json")),
        (apis["medical-objection"], recent_medical_objection()),
    ]
    async with running_worker(client, settings):
        started = []
        for api, data in cases:
            workflow_id = await start_example(client, api, data, settings.task_queue)
            started.append((workflow_id, personal_values(data)))
        for workflow_id, _ in started:  # the first workflow task has run: inputs, activities
            await wait_for_stage_change(client, workflow_id)

    for workflow_id, secrets_ in started:
        stored = await asyncio.to_thread(show_history, address, workflow_id)
        assert "binary/encrypted" in stored
        leaked = sorted(value for value in secrets_ if value in stored)
        assert not leaked, f"{workflow_id}: in clear on the server: {leaked}"

        auth = f"Bearer {SUPERVISOR_KEY}"
        readable = await asyncio.to_thread(
            show_history, address, workflow_id, "--codec-endpoint", codec_endpoint,
            "--codec-auth", auth,
        )  # fmt: skip
        for value in secrets_:
            assert value in readable, (workflow_id, value)
        # An agency key: the codec server refuses (403) and the CLI shows nothing decrypted.
        wrong = await asyncio.to_thread(
            subprocess.run,
            [temporal_cli(), "workflow", "show", "-w", workflow_id, "--address", address,
             "--output", "json", "--codec-endpoint", codec_endpoint,
             "--codec-auth", f"Bearer {AGENCY_KEY}", "--command-timeout", "3s"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert wrong.returncode != 0 or not any(v in _texts_of(wrong.stdout) for v in secrets_)


def _texts_of(output: str) -> str:
    try:
        return "\n".join(_texts(json.loads(output)))
    except json.JSONDecodeError:
        return output


async def wait_for_stage_change(client: Client, workflow_id: str, timeout_s: float = 15) -> None:
    handle = client.get_workflow_handle(workflow_id)
    end = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < end:
        description = await handle.describe()
        stage = description.typed_search_attributes.get(sa.CASE_STAGE)
        if stage not in (None, "received") or description.history_length > 6:
            return
        await asyncio.sleep(0.2)


async def test_search_attributes_and_workflow_ids_hold_no_personal_data(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """A case of every procedure from examples/ (both designation kinds): every search attribute
    the case has upserted once running, its memo, and the id of every workflow it made (the
    persons' subject records: keyed hashes) hold none of the case file's personal values."""
    client = dev_env.client
    files = {
        "market-objection": ["market-objection.json"],
        "medical-objection": ["medical-objection.json"],
        "repair": ["repair.json"],
        "accountability": ["accountability.json"],
        "designation": ["designation-medical.json", "designation-pharmacy.json"],
        "agreement": ["agreement.json"],
        # A medical-credit round with a doctor's facts: the round, the objection cases it opens
        # and the records they write (a person's: a keyed hash).
        "round": ["round-medical-credit.json"],
    }
    assert set(files) == {api.name for api in CASES}, "a procedure without a scan"
    secrets_: set[str] = set()
    started: list[str] = []
    designations: list[DesignationCase] = []
    async with running_worker(client, settings):
        for api in CASES:
            for name in files[api.name]:
                if api.name == "round":
                    started.append(await run_round(client, api, name, settings, secrets_))
                    continue
                data = (
                    recent_medical_objection() if api.name == "medical-objection" else example(name)
                )
                secrets_ |= personal_values(data)
                started.append(await start_example(client, api, data, settings.task_queue))
                if api.name == "designation":
                    designations.append(DesignationCase.model_validate(data))
        for workflow_id in started:
            await wait_for_stage_change(client, workflow_id)
        # The persons' identity numbers and names of both designations, the mobile number,
        # the repair's applicant and phones, the accountability's persons.
        assert {"330802197501010018", "徐丽娟", "13857012345", "张明"} <= secrets_

        listed: set[str] = set()
        for _ in range(100):  # visibility is eventually consistent
            query = f"TaskQueue = '{settings.task_queue}'"
            listed = {w.id async for w in client.list_workflows(query)}
            if set(started) <= listed:
                break
            await asyncio.sleep(0.1)
        # The ids of the people's own subject records (started when a record is written):
        # keyed hashes of their identity numbers.
        persons = {
            person.ref().workflow_id(settings.subject_id_secret)
            for case in designations
            for person in case.institution.people
        }
        assert len(persons) == 4 and all(PERSON_RECORD.fullmatch(w) for w in persons)
        for workflow_id in persons:
            assert not [v for v in secrets_ if v in workflow_id]
        workflow_ids = listed | set(started)
        for workflow_id in sorted(workflow_ids):
            description = await client.get_workflow_handle(workflow_id).describe()
            values = [str(pair.value) for pair in description.typed_search_attributes]
            values.append(workflow_id)
            values.append(json.dumps(await description.memo(), ensure_ascii=False))
            for value in values:
                leaked = sorted(s for s in secrets_ if s in value)
                assert not leaked, f"{workflow_id}: {value!r} holds {leaked}"
        stages = {
            (await client.get_workflow_handle(w).describe()).typed_search_attributes.get(
                sa.CASE_STAGE
            )
            for w in started
        }
        assert stages - {"received"}, "no case upserted its stage: nothing was scanned"
