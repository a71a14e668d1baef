"""deploy/ checked without Docker or Kubernetes: what can be checked here, fast and offline.

- the Compose file against the compose-spec JSON schema (shipped by check-jsonschema);
- the Kubernetes manifests against the Kubernetes OpenAPI schemas (shipped by
  kubernetes-validate, strict: an unknown field fails);
- every image pinned; the engine's image tag is the version in pyproject.toml;
- every variable set for the engine is a setting it reads (settings.ENVIRONMENT, or a
  temporalio.envconfig variable) and its value is accepted by `Settings`;
- the build context by .dockerignore, and the Dockerfile's entry point run from it alone
  (`python worker.py --help`); the Dockerfile's dependency step run as written; its
  precompile run as written, after which no module is compiled from source at run time;
- the namespace set-up script run for real against the dev server from PyPI, twice;
- the search attributes it creates are those of contracts/search_attributes.py.

What cannot be checked here (no Docker engine, no cluster): building the image, starting the
Compose stack, rendering the Helm chart: deploy/README.md says how to check those.
"""

from __future__ import annotations

import copy
import fnmatch
import importlib.resources
import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from temporalio.common import SearchAttributeIndexedValueType

import settings as settings_module
from contracts import search_attributes
from engine import temporal_cli
from settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
K8S = DEPLOY / "k8s"
SETUP_SCRIPT = DEPLOY / "scripts" / "setup-namespace.sh"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
ENGINE_IMAGE = f"quzhou-deadlines:{VERSION}"
KUBERNETES_VERSION = "1.30"  # the oldest minor version the manifests are meant for

# The connection variables temporalio.envconfig reads (sdk-core's envconfig).
ENVCONFIG = {
    "TEMPORAL_ADDRESS",
    "TEMPORAL_NAMESPACE",
    "TEMPORAL_API_KEY",
    "TEMPORAL_TLS",
    "TEMPORAL_TLS_CLIENT_CERT_PATH",
    "TEMPORAL_TLS_CLIENT_CERT_DATA",
    "TEMPORAL_TLS_CLIENT_KEY_PATH",
    "TEMPORAL_TLS_CLIENT_KEY_DATA",
    "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
    "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
    "TEMPORAL_TLS_SERVER_NAME",
    "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION",
    "TEMPORAL_PROFILE",
    "TEMPORAL_CONFIG_FILE",
}
KNOWN = set(settings_module.ENVIRONMENT) | ENVCONFIG
# What the engine's image runs: the worker (its ENTRYPOINT), and the HTTP API as its own process.
ENGINE_COMMANDS = (["python", "worker.py"], ["python", "-m", "api"])

# Sample values for the ${VAR:?message} of compose.yaml (deploy/.env in a real installation).
COMPOSE_VARIABLES = {"TEMPORAL_DB_PASSWORD": "example", "QZ_SUBJECT_ID_SECRET": "ab" * 32}
SECRET_SAMPLE = "cd" * 32


def load_compose() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return compose


def interpolate(value: str) -> str:
    """Compose's `${VAR}`, `${VAR:?err}`, `${VAR:-default}` with the sample variables."""

    def one(match: re.Match[str]) -> str:
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        if name in COMPOSE_VARIABLES:
            return COMPOSE_VARIABLES[name]
        if operator in (":-", "-"):
            return rest or ""
        raise AssertionError(f"compose.yaml uses ${{{name}}}, which .env.example does not set")

    return re.sub(r"\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}", one, value)


def k8s_documents() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if document:
                yield path, document


def script_variables() -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+)", SETUP_SCRIPT.read_text(encoding="utf-8")))


def is_engine_image(image: str) -> bool:
    return image.rsplit(":", 1)[0].rsplit("/", 1)[-1] == "quzhou-deadlines"


# -- Compose ----------------------------------------------------------------------------------


def compose_validator() -> jsonschema.Draft202012Validator:
    schema_file = importlib.resources.files("check_jsonschema.builtin_schemas.vendor").joinpath(
        "compose-spec.json"
    )
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["$id"] == "compose_spec.json"
    return jsonschema.Draft202012Validator(schema)


def test_compose_file_follows_the_compose_spec() -> None:
    validator = compose_validator()
    compose = load_compose()
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert not errors, errors
    # The same with the variables filled in, as `docker compose config` would see it.
    filled = yaml.safe_load(interpolate(COMPOSE.read_text(encoding="utf-8")))
    assert not list(validator.iter_errors(filled))
    # The schema does catch mistakes: a misspelt key is refused.
    broken = copy.deepcopy(compose)
    broken["services"]["worker"]["enviroment"] = {}
    assert list(validator.iter_errors(broken))


def test_compose_images_are_pinned() -> None:
    services = load_compose()["services"]
    for name, service in services.items():
        image = service.get("image", "")
        repository, _, tag = image.rpartition(":")
        assert repository and re.fullmatch(r"\d+(\.\d+)+(-[a-z0-9.]+)?", tag), (name, image)
        if is_engine_image(image):
            assert image == ENGINE_IMAGE, (name, image)
            assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert {"postgresql", "temporal", "temporal-ui", "worker", "api"} <= set(services)


def test_compose_stack_is_wired_for_a_cluster() -> None:
    services = load_compose()["services"]
    temporal = services["temporal"]["environment"]
    # PostgreSQL for both stores: SQL advanced visibility, no Elasticsearch.
    assert temporal["DB"] == "postgres12"
    assert temporal["VISIBILITY_DBNAME"] == "temporal_visibility"
    assert not any(key.startswith("ES_") for key in temporal)
    assert "TEMPORAL_CODEC_ENDPOINT" in services["temporal-ui"]["environment"]
    # Order: schema, server, namespace and search attributes, then the engine.
    assert services["temporal"]["depends_on"]["temporal-schema"]["condition"] == (
        "service_completed_successfully"
    )
    for name in ("worker", "api"):
        service = services[name]
        assert service["depends_on"]["temporal-setup"]["condition"] == (
            "service_completed_successfully"
        )
        assert "engine-data:/data" in service["volumes"]
        assert service["environment"]["QZ_DATA_DIR"] == "/data"
        # Longer than the worker's graceful_shutdown_timeout (10 s).
        assert int(service["stop_grace_period"].rstrip("s")) > 10
    worker = services["worker"]
    assert worker["deploy"]["replicas"] >= 2
    # The workers serve no HTTP; the API is a process of its own, no worker (issue 20).
    assert worker["command"] == ["--no-http"] and "entrypoint" not in worker
    assert services["api"]["entrypoint"] == ["python", "-m", "api"]
    api = services["api"]["environment"]
    assert api["QZ_HTTP_PORT"] == "8080" and api["QZ_HTTP_HOST"] == "0.0.0.0"
    assert api["QZ_CODEC_PORT"] == "8081" and api["QZ_CODEC_HOST"] == "0.0.0.0"
    # Secret files exist only in deploy/secrets/, which git ignores.
    for secret in load_compose()["secrets"].values():
        assert secret["file"].startswith("./secrets/")
    assert "secrets/*" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()


def engine_services() -> Iterator[tuple[str, dict[str, Any]]]:
    """The Compose services that run the engine (worker.py, the API or starter.py) from its
    image."""
    for name, service in load_compose()["services"].items():
        if is_engine_image(service.get("image", "")):
            entrypoint = service.get("entrypoint", ["python", "worker.py"])
            if entrypoint in ENGINE_COMMANDS or entrypoint[:2] == ["python", "starter.py"]:
                yield name, service


def test_compose_sets_only_known_settings_with_valid_values() -> None:
    names = [name for name, _ in engine_services()]
    assert {"worker", "api", "cli"} <= set(names)
    for name, service in engine_services():
        environment = {k: interpolate(str(v)) for k, v in service["environment"].items()}
        unknown = set(environment) - KNOWN
        assert not unknown, f"compose service {name} sets unknown variables {sorted(unknown)}"
        settings = Settings.from_env(environment)
        assert settings.temporal_address == "temporal:7233"
        assert settings.subject_id_secret  # a usable key, not a placeholder
    # The namespace job sets only what its script reads, besides the connection.
    setup = load_compose()["services"]["temporal-setup"]
    assert setup["entrypoint"][-1] == "/app/deploy/scripts/setup-namespace.sh"
    unknown = set(setup["environment"]) - ENVCONFIG - script_variables()
    assert not unknown, unknown
    # deploy/.env.example names exactly the variables compose.yaml requires.
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert set(re.findall(r"^([A-Z0-9_]+)=", example, re.MULTILINE)) == set(COMPOSE_VARIABLES)


# -- Kubernetes -------------------------------------------------------------------------------


def test_kubernetes_manifests_follow_the_openapi_schemas() -> None:
    kinds = []
    for path, document in k8s_documents():
        if document["apiVersion"].startswith("kustomize.config.k8s.io/"):
            continue  # not a cluster object: checked below
        try:
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as err:
            where = ".".join(map(str, err.path))
            pytest.fail(f"{path.name} {document['kind']}: {where}: {err.message}")
        kinds.append(document["kind"])
    assert {
        "Deployment",
        "Service",
        "PodDisruptionBudget",
        "ConfigMap",
        "Secret",
        "Job",
        "HorizontalPodAutoscaler",
        "PersistentVolumeClaim",
    } <= set(kinds)
    # Strict validation does catch mistakes: an unknown field is refused.
    deployment = next(d for _, d in k8s_documents() if d["kind"] == "Deployment")
    broken = copy.deepcopy(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["livenessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest_but_the_secret_example() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = set(kustomization["resources"])
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk - {"secret.example.yaml"}
    assert [i["newTag"] for i in kustomization["images"]] == [VERSION]


def containers() -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    for path, document in k8s_documents():
        template = document.get("spec", {}).get("template", {})
        for container in template.get("spec", {}).get("containers", []):
            yield f"{path.name}/{container['name']}", container, template["spec"]


def test_kubernetes_workers_drain_and_are_probed() -> None:
    workloads = {d["metadata"]["name"]: d for _, d in k8s_documents() if d["kind"] == "Deployment"}
    for name in ("quzhou-worker", "quzhou-api"):
        pod = workloads[name]["spec"]["template"]["spec"]
        assert pod["terminationGracePeriodSeconds"] > 10
        container = pod["containers"][0]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["path"] in ("/healthz", "/metrics")
        assert container["resources"]["requests"] and container["resources"]["limits"]
        assert pod["securityContext"]["runAsNonRoot"] is True
    assert workloads["quzhou-worker"]["spec"]["replicas"] >= 2
    # The workers serve no HTTP (the image's entry point, worker.py, told so); the API pods run
    # the API alone, with no worker (issue 20).
    worker = workloads["quzhou-worker"]["spec"]["template"]["spec"]["containers"][0]
    assert "command" not in worker and worker["args"] == ["--no-http"]
    assert not {"QZ_HTTP_PORT", "QZ_CODEC_PORT"} & {v["name"] for v in worker["env"]}
    api = workloads["quzhou-api"]["spec"]["template"]["spec"]["containers"][0]
    assert api["command"] == ["python", "-m", "api"] and "args" not in api
    budgets = [d for _, d in k8s_documents() if d["kind"] == "PodDisruptionBudget"]
    assert {b["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] for b in budgets} == {
        "quzhou-worker",
        "quzhou-api",
    }


def test_kubernetes_images_are_pinned() -> None:
    for where, container, _ in containers():
        image = container["image"]
        repository, _, tag = image.rpartition(":")
        assert repository and re.fullmatch(r"\d+(\.\d+)+", tag), (where, image)
        if is_engine_image(image):
            assert tag == VERSION, (where, image)


def test_kubernetes_sets_only_known_settings_with_valid_values() -> None:
    config_maps = {
        d["metadata"]["name"]: d["data"] for _, d in k8s_documents() if d["kind"] == "ConfigMap"
    }
    checked = 0
    for where, container, _ in containers():
        if not is_engine_image(container["image"]):
            continue
        environment: dict[str, str] = {}
        for source in container.get("envFrom", []):
            environment.update(config_maps[source["configMapRef"]["name"]])
        for variable in container.get("env", []):
            value_from = variable.get("valueFrom", {})
            if "configMapKeyRef" in value_from:
                ref = value_from["configMapKeyRef"]
                environment[variable["name"]] = config_maps[ref["name"]][ref["key"]]
            elif "secretKeyRef" in value_from:
                environment[variable["name"]] = SECRET_SAMPLE
            else:
                environment[variable["name"]] = variable["value"]
        if container.get("command", ENGINE_COMMANDS[0]) not in ENGINE_COMMANDS:
            # the set-up job: the script's own variables
            assert container["command"][-1] == "/app/deploy/scripts/setup-namespace.sh"
            unknown = set(environment) - ENVCONFIG - script_variables()
        else:
            unknown = set(environment) - KNOWN
            Settings.from_env(environment)
            checked += 1
        assert not unknown, f"{where} sets unknown variables {sorted(unknown)}"
    assert checked == 2  # the workers and the API


def test_helm_values_use_postgresql_for_both_stores() -> None:
    values = yaml.safe_load((DEPLOY / "helm" / "values.temporal.yaml").read_text("utf-8"))
    persistence = values["server"]["config"]["persistence"]
    for store, database in (("default", "temporal"), ("visibility", "temporal_visibility")):
        assert persistence[store]["driver"] == "sql"
        assert persistence[store]["sql"]["driver"] == "postgres12"
        assert persistence[store]["sql"]["database"] == database
        assert "password" not in persistence[store]["sql"]  # existingSecret instead
    assert values["elasticsearch"]["enabled"] is False
    for component in (values["server"], values["admintools"], values["web"]):
        assert re.fullmatch(r"\d+(\.\d+)+", component["image"]["tag"])
    assert values["server"]["image"]["tag"] == values["admintools"]["image"]["tag"]
    web_env = {e["name"] for e in values["web"]["additionalEnv"]}
    assert "TEMPORAL_CODEC_ENDPOINT" in web_env
    # The same server version as the Compose stack.
    services = load_compose()["services"]
    assert services["temporal"]["image"].endswith(":" + values["server"]["image"]["tag"])


# -- The image --------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def test_dockerfile_pins_python_runs_as_a_user_and_exposes_the_ports() -> None:
    instructions = dockerfile_instructions()
    values: dict[str, list[str]] = {}
    for instruction, argument in instructions:
        values.setdefault(instruction, []).append(argument)
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", values["FROM"][0])
    entrypoint = json.loads(values["ENTRYPOINT"][-1])
    assert entrypoint == ["python", "worker.py"]
    assert {"8080", "9464", "8081"} <= set(" ".join(values["EXPOSE"]).split())
    assert "http://127.0.0.1:8080/healthz" in values["HEALTHCHECK"][-1]
    assert values["USER"][-1].split(":")[0] not in ("root", "0")
    for argument in values["ENV"]:
        for name in re.findall(r"\b([A-Z][A-Z0-9_]+)=", argument):
            assert name in KNOWN or not name.startswith(("QZ_", "TEMPORAL_")), name
    # The entry point itself is run from the build context's files below.


def test_dockerfile_dependency_step_lists_the_project_dependencies(tmp_path: Path) -> None:
    run = next(a for i, a in dockerfile_instructions() if i == "RUN" and "tomllib" in a)
    command = run.split("&&")[0].replace("/tmp/requirements.txt", "requirements.txt")
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    done = subprocess.run(
        ["sh", "-c", command.replace("python ", f"{shlex.quote(sys.executable)} ", 1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    listed = (tmp_path / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert listed == PYPROJECT["project"]["dependencies"]


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build_context(target: Path) -> Path:
    """The files `docker build -f deploy/Dockerfile .` sends, by .dockerignore (its patterns
    are rooted at the context; `**/` matches at any depth; a matched folder goes whole)."""
    patterns = dockerignore_patterns()

    def ignored(relative: str) -> bool:
        parts = relative.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        for pattern in patterns:
            if pattern.startswith("**/"):
                if any(fnmatch.fnmatch(part, pattern[3:]) for part in parts):
                    return True
            elif any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
                return True
        return False

    def ignore(folder: str, names: list[str]) -> set[str]:
        base = Path(folder).relative_to(ROOT).as_posix()
        return {n for n in names if ignored(n if base == "." else f"{base}/{n}")}

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    return target


def test_build_context_leaves_local_state_out_and_runs_the_entry_point(tmp_path: Path) -> None:
    context = build_context(tmp_path / "context")
    for absent in (".venv", ".data", ".git", "tests", ".pytest_cache", "deploy/secrets"):
        assert not (context / absent).exists(), absent
    assert not list(context.rglob("__pycache__"))
    for present in ("worker.py", "starter.py", "pyproject.toml", "periods/data"):
        assert (context / present).exists(), present
    assert (context / "deploy/scripts/setup-namespace.sh").exists()
    # The entry point from the image's files alone (WORKDIR /app): its --help, then every
    # module it imports must come from the context, not from this checkout.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}

    def in_the_image(*args: str) -> subprocess.CompletedProcess[str]:
        """`python ARGS` in the context, as the image's WORKDIR, and it succeeds."""
        done = subprocess.run(
            [sys.executable, *args],
            cwd=context,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done

    assert "--no-http" in in_the_image("worker.py", "--help").stdout
    assert "python -m api" in in_the_image("-m", "api", "--help").stdout
    probe = (
        "import sys, worker, starter, api.__main__; root = sys.argv[1]; "
        "mine = [m.__file__ for n, m in list(sys.modules.items()) "
        "if getattr(m, '__file__', None) and n.split('.')[0] in sys.argv[2:]]; "
        "print('\\n'.join(f for f in mine if not f.startswith(root)))"
    )
    top_level = {p.name.removesuffix(".py") for p in context.iterdir() if p.suffix == ".py"}
    top_level |= {p.parent.name for p in context.glob("*/__init__.py")}
    done = in_the_image("-c", probe, str(context), *sorted(top_level))
    assert done.stdout.strip() == "", f"imported from outside the build context: {done.stdout}"
    # The Dockerfile's precompile, as written (its /app the context): then the worker and every
    # workflow module load from bytecode, none compiled from source at run time.
    step = next(
        part.strip()
        for instruction, argument in dockerfile_instructions()
        if instruction == "RUN"
        for part in argument.split("&&")
        if "compileall" in part
    )
    python, *arguments = shlex.split(step.replace("/app", str(context)))
    assert python == "python"
    in_the_image(*arguments)
    uncompiled = (
        "import os, sys, worker, starter, procedures.registry; "
        "print('\\n'.join(m.__file__ for n, m in list(sys.modules.items()) "
        "if getattr(m, '__file__', None) and n.split('.')[0] in sys.argv[1:] "
        "and not os.path.exists(m.__cached__)))"
    )
    done = in_the_image("-c", uncompiled, *sorted(top_level))
    assert done.stdout.strip() == "", f"compiled from source at run time: {done.stdout}"


# -- Namespace and search attributes ----------------------------------------------------------

CLI_TYPE = {
    SearchAttributeIndexedValueType.KEYWORD: "Keyword",
    SearchAttributeIndexedValueType.BOOL: "Bool",
    SearchAttributeIndexedValueType.DATETIME: "Datetime",
}


def scripted_attributes() -> dict[str, str]:
    script = SETUP_SCRIPT.read_text(encoding="utf-8")
    return dict(re.findall(r"^\s+([A-Za-z]+)=(Keyword|Bool|Datetime)\b", script, re.MULTILINE))


def test_setup_script_creates_the_engines_search_attributes() -> None:
    expected = {key.name: CLI_TYPE[key.indexed_value_type] for key in search_attributes.ALL}
    assert scripted_attributes() == expected
    for script in (SETUP_SCRIPT, DEPLOY / "compose" / "setup-postgres.sh"):
        done = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_setup_script_against_the_dev_server(tmp_path: Path) -> None:
    """The script as the set-up job runs it, against `temporal server start-dev` on this
    machine (no attributes registered): a new namespace with the six attributes, and a second
    run that changes nothing."""
    cli = temporal_cli()
    port = free_port()
    server = subprocess.Popen(
        [
            *(cli, "server", "start-dev", "--headless"),
            *("--ip", "127.0.0.1", "--port", str(port), "--log-level", "error"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the dev server did not start"
                time.sleep(0.1)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "TEMPORAL_CLI": cli,
            "TEMPORAL_ADDRESS": f"127.0.0.1:{port}",
            "TEMPORAL_NAMESPACE": "quzhou-test",
            "QZ_NAMESPACE_RETENTION": "30d",
        }
        for run in ("first", "again"):
            done = subprocess.run(
                ["sh", str(SETUP_SCRIPT)], env=env, capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, (run, done.stdout, done.stderr)
            assert "namespace quzhou-test is ready" in done.stdout
        assert "namespace quzhou-test exists" in done.stdout
        listed = subprocess.run(
            [
                *(cli, "operator", "search-attribute", "list", "--namespace", "quzhou-test"),
                *("--address", f"127.0.0.1:{port}", "--output", "json"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert listed.returncode == 0, listed.stderr
        custom = json.loads(listed.stdout).get("customAttributes", {})
        expected = {key.name: CLI_TYPE[key.indexed_value_type] for key in search_attributes.ALL}
        # e.g. "INDEXED_VALUE_TYPE_KEYWORD"
        found = {n: custom.get(n, "").upper().removeprefix("INDEXED_VALUE_TYPE_") for n in expected}
        assert found == {name: kind.upper() for name, kind in expected.items()}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
