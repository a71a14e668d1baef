"""The drill's findings after the run: notices produced twice, how the cases came back after the
server's restart, and the report as text."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from drills.cluster import Cluster
from drills.runs import CaseRun, Stats


def server_recovery(stats: Stats, runs: list[CaseRun]) -> dict[str, Any]:
    """How the cases came back after the dev server's kill -9 and restart."""
    if stats.server_spawned_at is None or stats.server_killed_at is None:
        return {}
    killed, spawned = stats.server_killed_at, stats.server_spawned_at
    steps = sorted(t for t, kind in stats.progress if kind in ("step", "end"))
    window = 10.0
    before = [t for t in steps if killed - window <= t < killed]
    rate_before = len(before) / window
    first_after = next((t for t in steps if t > spawned), None)
    # Back to half the rate of before the kill (a rolling 5-second window).
    back: float | None = None
    if rate_before > 0:
        for index, t in enumerate(steps):
            if t <= spawned:
                continue
            recent = [u for u in steps[: index + 1] if u > t - 5.0 and u > spawned]
            if len(recent) / 5.0 >= rate_before / 2:
                back = t
                break
    ends = [r.reached_end_at for r in runs if r.reached_end_at is not None]
    return {
        "server_down_s": round(spawned - killed, 2),
        "server_answering_after_restart_s": round((stats.server_ready_at or spawned) - spawned, 2),
        "first_progress_after_restart_s": round(first_after - spawned, 2) if first_after else None,
        "outage_kill_to_first_progress_s": round(first_after - killed, 2) if first_after else None,
        "rate_before_kill_per_s": round(rate_before, 1),
        "half_rate_again_after_restart_s": round(back - spawned, 2) if back else None,
        "all_cases_done_after_restart_s": round(max(ends) - spawned, 2) if ends else None,
    }


def notices_twice(
    cluster: Cluster,
    runs: list[CaseRun],
    trail_refs: dict[str, Counter[str]],
    outside_twice: dict[str, list[str]],
) -> dict[str, Any]:
    """Notices produced twice, five ways: (1) a delivery attempt whose notice differed from
    the one already delivered under its key (the probe's log); (2) a case's audit trail
    recording one delivery twice; (3) a file in a case's outbox that its trail does not
    record (its path's counted files aside: those its trail counts, judged by 1 and 4); (4) a
    file its path does not produce; (5) a write outside the case made twice (a round's result
    on a subject's record). Retries the create-once outbox absorbed (same key, same notice) are
    counted apart: they are the idempotence working."""
    outbox = cluster.outbox
    findings: dict[tuple[str, str], str] = {}
    conflicts = absorbed = attempts = unreadable = 0
    attempts_per_key: Counter[str] = Counter()
    if cluster.probe and cluster.probe_file.exists():
        for line in cluster.probe_file.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                unreadable += 1  # a line cut short by kill -9
                continue
            attempts += 1
            attempts_per_key[entry["key"]] += 1
            if entry["content"] != entry["on_disk"]:
                conflicts += 1
                path = Path(entry["file"])
                findings[(path.parent.name, path.name)] = "second delivery with other content"
            elif entry["existed"]:
                absorbed += 1
    repeats = unrecorded = unexpected = partial = unverified = 0
    files_total = 0
    for run in runs:
        scenario = run.scenario
        refs = trail_refs.get(scenario.workflow_id, Counter())
        folder = outbox / _safe(scenario.workflow_id)
        files = outbox_files(outbox, scenario.workflow_id)
        files_total += len(files)
        partial += len(list(folder.glob(".tmp-*"))) if folder.exists() else 0
        for ref, count in refs.items():
            if count > 1:
                repeats += 1
                findings[(folder.name, Path(ref).name)] = f"recorded {count} times in the trail"
        if scenario.workflow_id not in trail_refs:
            unverified += len(files)  # no status, no trail: the case is counted lost
            continue
        recorded = {Path(ref).name for ref in refs}
        for name in sorted(files - recorded - scenario.counted_files):
            unrecorded += 1
            findings.setdefault((folder.name, name), "not recorded in the case's trail")
        for name in sorted(files - scenario.expected_files):
            unexpected += 1
            findings.setdefault((folder.name, name), "not a notice of the case's path")
    for workflow_id, writes in outside_twice.items():
        for write in writes:
            findings[(_safe(workflow_id), write)] = "written twice outside the case"
    return {
        "total": len(findings),
        "second_delivery_other_content": conflicts,
        "recorded_twice_in_trail": repeats,
        "files_not_in_trail": unrecorded,
        "files_not_of_the_path": unexpected,
        "outside_writes_twice": sum(len(w) for w in outside_twice.values()),
        "examples": [f"{d}/{n}: {why}" for (d, n), why in list(findings.items())[:20]],
        "notices_delivered": files_total,
        "delivery_attempts_probed": attempts,
        "retries_absorbed_by_create_once": absorbed,
        "keys_attempted_more_than_once": sum(1 for n in attempts_per_key.values() if n > 1),
        "probe_lines_cut_short": unreadable,
        "files_of_unreadable_cases": unverified,
        "temporary_files_left_by_kills": partial,
    }


def _safe(part: str) -> str:
    from activities.outbox import _safe as outbox_safe

    return outbox_safe(part)


def outbox_files(outbox: Path, workflow_id: str) -> frozenset[str]:
    folder = outbox / _safe(workflow_id)
    if not folder.exists():
        return frozenset()
    return frozenset(p.name for p in folder.iterdir() if not p.name.startswith(".tmp-"))


def trail_references(status: Any, outbox: Path) -> Counter[str]:
    """Every outbox location the case's audit trail records (one per delivery event)."""
    root = str(outbox)
    found: Counter[str] = Counter()
    for event in status.events:
        for value in event.details.values():
            if isinstance(value, str) and value.startswith(root):
                found[value] += 1
    return found


def render(report: dict[str, Any]) -> str:
    cases = report["cases"]
    dup = report["duplicates"]
    chaos = report["chaos"]
    rec = report["recovery"]
    lines = [
        f"Fault drill: {cases['cases']} cases, {chaos['workers']} workers, "
        f"kill -9 every {chaos['kill_every_s']} s, {chaos['server_restarts']} server restart(s)",
        "",
        f"{'procedure':<20}{'cases':>7}{'started':>9}{'completed':>11}{'lost':>6}",
    ]
    for name, row in report["by_procedure"].items():
        lines.append(
            f"{name:<20}{row['cases']:>7}{row['started']:>9}{row['completed']:>11}{row['lost']:>6}"
        )
    lines.append(
        f"{'total':<20}{cases['cases']:>7}{cases['started']:>9}{cases['completed']:>11}{cases['lost']:>6}"
    )
    lines += [
        "",
        f"cases lost: {cases['lost']}",
        f"notices produced twice: {dup['total']} (other content under one key "
        f"{dup['second_delivery_other_content']}, "
        f"recorded twice {dup['recorded_twice_in_trail']}, "
        f"not in the trail {dup['files_not_in_trail']}, "
        f"not of the path {dup['files_not_of_the_path']}, "
        f"written twice outside the case {dup['outside_writes_twice']})",
        f"notices delivered: {dup['notices_delivered']}; "
        f"delivery attempts {dup['delivery_attempts_probed']}, "
        f"retries absorbed by the create-once outbox {dup['retries_absorbed_by_create_once']}, "
        f"temporary files left by kills {dup['temporary_files_left_by_kills']}",
        f"workers killed: {chaos['workers_killed']} (restart to ready: median "
        f"{chaos['worker_restart_to_ready_s']['median']} s, "
        f"max {chaos['worker_restart_to_ready_s']['max']} s); "
        f"exits on their own: {chaos['worker_exits_unprompted']}",
        f"server restarts: {chaos['server_restarts']}; workers reconnected by themselves: "
        f"{chaos['workers_reconnected_by_themselves']} "
        f"({chaos['workers_alive_through_server_restart']} of {chaos['workers']} alive through it, "
        f"{chaos['workers_restarted_after_server_restart']} restarted by the drill)",
    ]
    if rec:
        lines.append(
            f"time to recover: server down {rec['server_down_s']} s, answering "
            f"{rec['server_answering_after_restart_s']} s after its restart, first case progress "
            f"{rec['first_progress_after_restart_s']} s after it "
            f"({rec['outage_kill_to_first_progress_s']} s from the kill), half the rate of before "
            f"({rec['rate_before_kill_per_s']}/s) again after "
            f"{rec['half_rate_again_after_restart_s']} s, "
            f"every case done {rec['all_cases_done_after_restart_s']} s after it"
        )
    lines.append(
        f"wall time: {report['wall_time_s']} s (driving {report['driving_s']} s); client retries: "
        f"{sum(report['client_retries'].values())}"
    )
    seconds = report["case_seconds"]
    lines.append(
        f"seconds per case (start to end state): median {seconds['median']}, p95 {seconds['p95']}, "
        f"max {seconds['max']}"
    )
    for row in report["slowest_cases"]:
        held = ", ".join(f"{k} {v}" for k, v in row["history"].items()) or "no timeouts"
        lines.append(f"  slow {row['workflow_id']}: {row['seconds']} s ({held})")
    lines.append(f"histories that do not replay: {report['histories_not_replaying']}")
    for workflow_id, problem in report["replay_failures"].items():
        lines.append(f"  NO REPLAY {workflow_id}: {problem}")
    for workflow_id, problem in report["lost_cases"].items():
        lines.append(f"  LOST {workflow_id}: {problem}")
    for example in report["duplicates"]["examples"]:
        lines.append(f"  TWICE {example}")
    return "\n".join(lines)
