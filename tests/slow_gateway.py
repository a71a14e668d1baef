"""A worker process with the product's activities, except that its result-notice delivery
never finishes: an outside document system that hangs. It runs the product's keep-alive
interceptor, as `worker.build_worker` does, so it is a live worker with a slow gateway until it
is killed. (Activities only: the cases' workflow tasks go to the test's own worker.)

    python -m tests.slow_gateway ADDRESS NAMESPACE TASK_QUEUE DATA_DIR MARKER_FILE

Each result-notice attempt it takes writes its number to MARKER_FILE (the test waits for it).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.client import Client
from temporalio.worker import Worker

from activities.keep_alive import KeepAliveInterceptor
from contracts.activities import ISSUE_RESULT_NOTICE
from periods import default_calendar
from settings import Settings
from tests.conftest import TEST_PAYLOAD_KEYS, product_data_converter
from worker import worker_activities


async def main(address: str, namespace: str, task_queue: str, data_dir: Path, marker: Path) -> None:
    @activity.defn(name=ISSUE_RESULT_NOTICE)
    async def hanging_delivery(notice: Any) -> Any:
        marker.write_text(str(activity.info().attempt))
        await asyncio.Event().wait()

    client = await Client.connect(
        address, namespace=namespace, data_converter=product_data_converter()
    )
    settings = Settings(
        task_queue=task_queue, data_dir=data_dir, payload_keys_json=TEST_PAYLOAD_KEYS
    )
    others = [
        fn
        for fn in worker_activities(client, settings, default_calendar())
        if getattr(fn, "__temporal_activity_definition").name != ISSUE_RESULT_NOTICE
    ]
    worker = Worker(
        client,
        task_queue=task_queue,
        activities=[*others, hanging_delivery],
        interceptors=[KeepAliveInterceptor()],
    )
    await worker.run()


if __name__ == "__main__":
    address, namespace, task_queue, data_dir, marker = sys.argv[1:]
    asyncio.run(main(address, namespace, task_queue, Path(data_dir), Path(marker)))
