"""Random realistic market-credit subjects (inspection bodies and IP agencies), as raw JSON input.

Most enterprises are clean or nearly so; a few have many failed items, complaints or a listing,
so that every grade and adjustment occurs in a large sample.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, get_args

from checks.uscc import check_character
from scoring.market_credit import InspectionHonourCategory

# 统一社会信用代码 character set (GB 32100-2015: no I, O, Z, S, V).
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Quzhou's administrative divisions: city, 柯城, 衢江, 江山, 常山, 开化, 龙游.
_DIVISIONS = ("330800", "330802", "330803", "330881", "330822", "330824", "330825")
_PLACES = ("衢州", "柯城", "衢江", "江山", "常山", "开化", "龙游", "智造新城", "智慧新城")
_INSPECTION_WORDS = ("检测技术", "质量检测", "环境检测", "计量检测", "建设工程检测", "食品检测")
_IP_WORDS = ("知识产权代理", "专利代理事务所", "商标代理", "知识产权服务")
_INSPECTION_CATEGORIES = get_args(InspectionHonourCategory)
_INSPECTION_TITLES = (
    "衢州市科技计划项目",
    "浙江省重点研发计划课题",
    "DB3308地方标准",
    "T/ZJJC团体标准",
    "浙江省质量检验检测行业先进单位",
    "国家高新技术企业",
    "一种水质重金属快速检测方法发明专利",
    "浙江省科学技术进步奖",
)
_IP_TITLES = (
    "衢州市知识产权服务示范机构",
    "浙江省知识产权服务品牌机构",
    "全国知识产权服务品牌机构培育单位",
    "衢州市优秀专利代理机构",
)


def _uscc(rng: random.Random) -> str:
    # Legal-person enterprise "91", a Quzhou division, 9 code characters and the GB 32100-2015
    # check character (the facts refuse a code without it). Ten characters are drawn as before,
    # so a seed gives the same subjects as it did.
    drawn = "91" + rng.choice(_DIVISIONS) + "".join(rng.choice(_CODE_CHARS) for _ in range(10))
    return drawn[:17] + check_character(drawn[:17])


def _count(rng: random.Random, clean: float, spread: int) -> int:
    """Zero with probability `clean`, else a small count, rarely a large one."""
    if rng.random() < clean:
        return 0
    return rng.randint(1, spread if rng.random() < 0.9 else spread * 4)


def random_facts(rng: random.Random) -> dict[str, Any]:
    inspection = rng.random() < 0.6
    evaluation_start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 365))
    complaints = _count(rng, 0.6, 4)
    raw: dict[str, Any] = {
        "variant": "inspection_body" if inspection else "ip_agency",
        "subject_id": _uscc(rng),
        "name": f"衢州市{rng.choice(_PLACES)}"
        f"{rng.choice(_INSPECTION_WORDS if inspection else _IP_WORDS)}有限公司",
        "evaluation_start": evaluation_start.isoformat(),
        # Provincial scores cluster in the 700s–900s; a few are low.
        "provincial_public_credit_score": round(
            min(1000.0, max(0.0, rng.gauss(820, 90 if rng.random() < 0.9 else 250))), 1
        ),
        "failed_check_items": _count(rng, 0.5, 5),
        "unfulfilled_commitments": _count(rng, 0.85, 2),
        "verified_complaints": complaints,
        "complaints_not_handled_after_urging": rng.randint(0, complaints) if complaints else 0,
        "contract_abiding_aaa": rng.random() < 0.1,
        "credit_management_demonstration": rng.random() < 0.05,
        "serious_dishonesty_list": rng.random() < 0.01,
        "business_licence_revoked": rng.random() < 0.005,
        "dishonest_judgment_debtor": rng.random() < 0.01,
        "criminal_conviction": rng.random() < 0.003,
        "wage_arrears": rng.random() < 0.02,
        "abnormal_operation_directory": rng.random() < 0.05,
    }
    if rng.random() < 0.2:
        # Some systems send the provincial score on its own scale.
        raw["provincial_scale"] = 1000
    honours = rng.choice((0, 0, 0, 1, 1, 2, 3))
    if inspection:
        raw["major_accident_main_responsibility"] = rng.random() < 0.003
        raw["honours"] = [
            {
                "title": f"{rng.choice(_INSPECTION_TITLES)}({index + 1})",
                "category": rng.choice(_INSPECTION_CATEGORIES),
            }
            for index in range(honours)
        ]
    else:
        # One in ten agencies is younger than a year at the evaluation start.
        age_days = rng.randrange(30, 365) if rng.random() < 0.1 else rng.randrange(365, 365 * 15)
        raw["founded_on"] = (evaluation_start - timedelta(days=age_days)).isoformat()
        raw["honours"] = [
            {
                "title": rng.choice(_IP_TITLES),
                "level": rng.choice(("municipal", "municipal", "provincial", "national")),
            }
            for _ in range(honours)
        ]
    return raw
