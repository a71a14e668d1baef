"""`python -m api`: the HTTP API (and board) and the codec server, as their own process, with no
worker: for a deployment that runs them apart from the workers (`worker.py --no-http`).

    python -m api                                  # beside `make run`'s engine (127.0.0.1:7233)
    TEMPORAL_ADDRESS=host:7233 python -m api       # a cluster

The same settings as the worker (QZ_HTTP_HOST/PORT, QZ_CODEC_HOST/PORT, the API and payload
keys); it waits for the cluster as a worker does (QZ_CONNECT_PATIENCE_S). Stops on SIGINT or
SIGTERM, once the requests in hand are answered.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from api.process import exit_at_once, run, served
from api.serve import key_ring
from logs import configure_logging
from security.keys import KeyFileError
from security.payload_keys import load_key_ring
from settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m api",
        description="Serve the HTTP API and supervision board (QZ_HTTP_PORT) and the codec "
        "server for the Temporal Web UI (QZ_CODEC_PORT) as their own process, with no worker. "
        "With no TEMPORAL_ADDRESS it connects to the embedded server of a running "
        "`python worker.py` (127.0.0.1:QZ_DEV_SERVER_PORT) and starts none.",
        epilog="Configuration comes from environment variables, the worker's: see the README.",
    )
    parser.add_argument(
        "--ready-fd",
        type=int,
        metavar="FD",
        help="write one line to this file descriptor once listening (worker.py uses it when it "
        "starts the API beside itself)",
    )
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        # The keys now: a bad or missing one stops the start with one line.
        settings.subject_id_secret  # noqa: B018
        load_key_ring(settings)
        key_ring(settings)
    except (SettingsError, KeyFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not served(settings):
        print(
            "error: nothing to serve: QZ_HTTP_PORT is 0 and there is no codec server "
            "(QZ_CODEC_PORT is 0 or QZ_PAYLOAD_ENCRYPTION is off)",
            file=sys.stderr,
        )
        return 2
    configure_logging(settings)
    return asyncio.run(run(settings, args.ready_fd))


if __name__ == "__main__":
    exit_at_once(main())
