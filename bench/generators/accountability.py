"""Random realistic lost-case accountability facts (行政案件败诉追责), as raw JSON-like input.

`random_facts(rng)` returns what an agency system would send for scoring kind "accountability":
every conclusion occurs (not a lost case, no ground, exempt, may be exempt, aggravated, mitigated,
both), with earlier findings around the act date so that 第七条(一) is sometimes met.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

AGENCIES = (
    ("衢州市市场监督管理局", "city"),
    ("衢州市自然资源和规划局", "city"),
    ("衢州市人力资源和社会保障局", "city"),
    ("衢州市柯城区综合行政执法局", "county"),
    ("衢州市衢江区市场监督管理局", "county"),
    ("龙游县自然资源和规划局", "county"),
    ("江山市公安局", "county"),
    ("常山县住房和城乡建设局", "county"),
    ("开化县生态环境分局", "county"),
    ("江山市大陈乡人民政府", "township"),
    ("衢州市柯城区府山街道办事处", "township"),
    ("龙游县湖镇镇人民政府", "township"),
)
COURTS = (
    ("衢州市柯城区人民法院", "(2024)浙0802行初{n}号"),
    ("衢州市衢江区人民法院", "(2024)浙0803行初{n}号"),
    ("龙游县人民法院", "(2024)浙0825行初{n}号"),
    ("衢州市中级人民法院", "(2024)浙08行终{n}号"),
)
RECONSIDERATION = (
    ("衢州市人民政府", "衢政复决字〔2024〕{n}号"),
    ("衢州市柯城区人民政府", "柯政复决字〔2024〕{n}号"),
    ("江山市人民政府", "江政复决字〔2024〕{n}号"),
)
OUTCOMES = (
    "confirmed_illegal",
    "revoked_or_changed",
    "ordered_to_act",
    "ordered_restitution",
    "other",
)
GROUNDS = (
    ("facts_unclear", "认定违法事实的证据仅有当事人陈述，未调取监控录像"),
    ("power_exceeded_or_abused", "对不属于本机关管辖的事项作出处罚"),
    ("procedure_violated", "作出处罚决定前未告知当事人陈述申辩和听证权利"),
    ("manifestly_improper", "对初次轻微违法顶格罚款"),
    ("law_misapplied", "适用已废止的地方性法规条款"),
    ("duty_not_performed", "收到举报后逾期未予调查处理"),
    ("other_illegal", "送达回证系事后补签"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林郑毛祝余叶"
GIVEN = ("建华", "丽萍", "志强", "美玲", "国平", "晓东", "海燕", "伟", "静", "勇", "晨", "斌", "婷")
POSITIONS = ("科员", "执法队员", "中队长", "科长", "副局长", "副乡长", "办公室主任")


def _day(d: date) -> str:
    return d.isoformat()


def _circumstances(
    rng: random.Random, act: date, effective: date, minor_ok: bool
) -> dict[str, Any]:
    """Sparse circumstances; never serious_loss together with minor_fault (a contradiction the
    Facts refuse)."""
    out: dict[str, Any] = {}
    aggravating = []
    serious = False
    for item in ("evidence_obstruction", "retaliation", "serious_loss", "other"):
        if rng.random() < 0.05:
            aggravating.append(
                {"item": item, "details": "调查中发现相关情形" if item == "other" else ""}
            )
            serious = serious or item == "serious_loss"
    if aggravating:
        out["aggravating"] = aggravating
    if rng.random() < 0.08:
        span = (effective - act).days
        out["self_correction"] = {
            "discovered_by_self": rng.random() < 0.9,
            "corrected_on": _day(act + timedelta(days=rng.randint(0, span + 10))),
            "loss_avoided": rng.random() < 0.85,
            "details": "主动撤回原决定并退还罚款",
        }
    if minor_ok and not serious and rng.random() < 0.08:
        out["minor_fault"] = {"details": "程序瑕疵，未对当事人权利产生实际影响"}
    exempt = [
        {"item": item, "details": "经调查属实" if item == "other" else ""}
        for item in ("counterpart_falsified", "basis_unclear", "force_majeure", "other")
        if rng.random() < 0.02
    ]
    if exempt:
        out["exempt"] = exempt
    may = [
        {"item": item, "details": ""}
        for item in ("reform_inexperience", "exploratory_trial", "unintentional_development")
        if rng.random() < 0.03
    ]
    if may:
        out["may_exempt"] = may
    return out


def _has_serious_loss(circumstances: dict[str, Any]) -> bool:
    return any(a["item"] == "serious_loss" for a in circumstances.get("aggravating", ()))


def random_facts(rng: random.Random) -> dict[str, Any]:
    """One random lost case, as raw input for `scoring.accountability.Facts`."""
    agency, level = rng.choice(AGENCIES)
    number = rng.randint(1, 999)
    case_id = f"QZSF-ZR-{rng.randint(2023, 2025)}-{number:03d}"
    if rng.random() < 0.75:
        body = "court"
        body_name, pattern = rng.choice(COURTS)
    else:
        body = "reconsideration"
        body_name, pattern = rng.choice(RECONSIDERATION)
    act = date(2022, 1, 1) + timedelta(days=rng.randint(0, 900))
    effective = act + timedelta(days=rng.randint(60, 600))
    received = effective + timedelta(days=rng.randint(-15, 10))
    outcomes: list[dict[str, Any]] = []
    if rng.random() > 0.05:
        for item in rng.sample(OUTCOMES, rng.choice((1, 1, 1, 2))):
            outcomes.append({"item": item, "details": "判决主文" if item == "other" else ""})
    grounds = [] if rng.random() < 0.05 else rng.sample(GROUNDS, rng.choice((1, 1, 2, 3)))
    case_circumstances = _circumstances(rng, act, effective, minor_ok=True)
    case_serious = _has_serious_loss(case_circumstances)
    case_minor = "minor_fault" in case_circumstances
    ground_ids = [g for g, _ in grounds]
    persons: list[dict[str, Any]] = []
    for index in range(rng.choice((0, 1, 1, 2, 2, 3)) if grounds else rng.randint(0, 1)):
        own = _circumstances(rng, act, effective, minor_ok=not case_serious)
        if case_minor and _has_serious_loss(own):
            own["aggravating"] = [a for a in own["aggravating"] if a["item"] != "serious_loss"]
            if not own["aggravating"]:
                del own["aggravating"]
        earlier: list[dict[str, Any]] = []
        for n in range(rng.choice((0, 0, 0, 1, 1, 2, 4))):
            earlier.append(
                {
                    "case_id": f"QZSF-ZR-2021-{100 * index + n:03d}",
                    "act_date": _day(act + timedelta(days=rng.randint(-700, 400))),
                    "ground": rng.choice(GROUNDS)[0],
                    "exempted": rng.random() < 0.1,
                }
            )
        person: dict[str, Any] = {
            "id": f"QZ-{index:02d}{rng.randint(1000, 9999)}",
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "role": rng.choice(("responsible_leader", "directly_responsible")),
            "position": rng.choice(POSITIONS),
            "unit": agency,
            "circumstances": own,
            "earlier_findings": earlier,
            "referrals": [
                r for r in ("discipline", "organisational", "crime") if rng.random() < 0.04
            ],
        }
        if ground_ids and rng.random() < 0.3:
            person["grounds"] = rng.sample(ground_ids, rng.randint(1, len(ground_ids)))
        if rng.random() < 0.1:
            person["current_unit"] = rng.choice(AGENCIES)[0]
        persons.append(person)
    return {
        "case_id": case_id,
        "agency": {"name": agency, "level": level, "reorganised": rng.random() < 0.05},
        "lost_case": {
            "body": body,
            "body_name": body_name,
            "document_number": pattern.format(n=number),
            "outcomes": outcomes,
            "act_date": _day(act),
            "effective_date": _day(effective),
            "received_date": _day(received),
        },
        "grounds": [{"item": g, "details": d} for g, d in grounds],
        "circumstances": case_circumstances,
        "persons": persons,
    }
