"""Random realistic medical-insurance credit subjects (医保信用, 衢医保发〔2021〕36号 附件6–10).

`random_facts(rng)` returns raw JSON-like input, as an agency system would send it, for one subject
of any of the five types. Most subjects have a clean record; violations are rare and mostly
single, the grave ones (fraud, obstruction) rarer still.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

# Quzhou's county-level divisions (GB/T 2260): 市本级, 柯城, 衢江, 常山, 开化, 龙游, 江山.
REGIONS = {
    "330800": "衢州市",
    "330802": "衢州市柯城区",
    "330803": "衢州市衢江区",
    "330822": "常山县",
    "330824": "开化县",
    "330825": "龙游县",
    "330881": "江山市",
}
PHARMACY_BRANDS = ("仁和", "康宁", "百草堂", "天一", "华东", "民生", "九州", "益丰", "同济", "瑞康")
PHARMACY_PLACES = ("府山", "荷花", "新华", "花园", "白云", "双港", "樟潭", "东门", "城南", "虎山")
HOSPITAL_KINDS = ("医院有限公司", "中医门诊部", "口腔医院", "康复医院", "社区卫生服务站", "诊所")
TOWNSHIPS = ("石室乡", "航埠镇", "廿里镇", "球川镇", "华埠镇", "湖镇镇", "峡口镇", "大陈乡")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗郑汪余徐方叶毛"
GIVEN = "建国华伟敏静丽强军杰涛明超秀英芳娟霞平刚红玲燕晨浩宇欣怡婷"
# Shares of the subjects scored: insured persons far outnumber doctors, and doctors the institutions
# and their heads (Quzhou has millions of insured and a few thousand designated institutions); the
# institution types are over-represented here so that every table is exercised in a run.
WEIGHTS = {
    "pharmacy": 0.12,
    "insurance_doctor": 0.2,
    "medical_institution": 0.08,
    "institution_head": 0.1,
    "insured_person": 0.5,
}

# GB 32100-2015 character set and weights (positions 1–17).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# GB 11643-1999 weights and check characters.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc(rng: random.Random, prefix: str, region: str) -> str:
    body = prefix + region + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARSET[(31 - total % 31) % 31]


def id_number(rng: random.Random) -> str:
    region = rng.choice([r for r in REGIONS if r != "330800"])
    birth = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = region + birth + f"{rng.randint(0, 999):03d}"
    total = sum(int(ch) * w for ch, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def public_credit(rng: random.Random, mean: float) -> float:
    return round(min(1000.0, max(300.0, rng.gauss(mean, 45))), 1)


def events(rng: random.Random, rate: float) -> int:
    """Verified events in a period: usually none, sometimes one, rarely more."""
    count = 0
    while count < 5 and rng.random() < rate:
        count += 1
    return count


def cooperation(rng: random.Random, confessions: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if rng.random() < 0.08:
        result["direct_evidence_reports"] = events(rng, 0.5) or 1
    if rng.random() < 0.08:
        result["indirect_evidence_report_points"] = [
            float(rng.randint(5, 15)) for _ in range(events(rng, 0.4) or 1)
        ]
    if confessions and rng.random() < 0.04:
        result["confession_points"] = [float(rng.randint(5, 30))]
    if rng.random() < 0.01:
        result["invalid_reports"] = 1
    return result


def previous_grades(rng: random.Random) -> list[str]:
    years = rng.randint(0, 4)
    return [rng.choice(("优秀", "优秀", "优秀", "良好", "中等", "较差")) for _ in range(years)]


def pharmacy_name(rng: random.Random, region: str) -> str:
    return (
        f"{REGIONS[region]}{rng.choice(PHARMACY_BRANDS)}大药房"
        f"{rng.choice(PHARMACY_PLACES)}店" + rng.choice(("", "有限公司"))
    )


def institution_name(rng: random.Random, region: str) -> str:
    if rng.random() < 0.3:
        return f"{REGIONS[region]}{rng.choice(TOWNSHIPS)}卫生院"
    return f"{REGIONS[region]}{rng.choice(PHARMACY_BRANDS)}{rng.choice(HOSPITAL_KINDS)}"


def common(rng: random.Random, subject_type: str, subject_id: str, name: str) -> dict[str, Any]:
    facts: dict[str, Any] = {"subject_type": subject_type, "subject_id": subject_id, "name": name}
    grades = previous_grades(rng)
    if grades:
        facts["previous_grades"] = grades
    coop = cooperation(rng, confessions=subject_type != "insured_person")
    if coop:
        facts["cooperation"] = coop
    return facts


# Per subject type: the mean of its (personal) public credit score, and for each count field of its
# table the chance of a verified event in a period (of a first one, of a second after it, ...).
RECORDS: dict[str, tuple[float, dict[str, float]]] = {
    "pharmacy": (
        860,
        {
            "commitment_breaches": 0.02,
            "service_violations": 0.08,
            "drug_management_violations": 0.03,
            "prescription_violations": 0.10,
            "settlement_violations": 0.02,
            "fraud_violations": 0.01,
            "obstruction_violations": 0.01,
            "administrative_penalties": 0.03,
        },
    ),
    "medical_institution": (
        870,
        {
            "commitment_breaches": 0.02,
            "agreement_violations": 0.12,
            "record_violations": 0.10,
            "service_violations": 0.04,
            "settlement_violations": 0.01,
            "fraud_violations": 0.01,
            "obstruction_violations": 0.005,
            "administrative_penalties": 0.03,
        },
    ),
    "insurance_doctor": (
        880,
        {
            "commitment_breaches": 0.02,
            "practice_violations": 0.06,
            "medical_liability_violations": 0.01,
            "licence_revocations": 0.003,
            "fraud_violations": 0.005,
            "obstruction_violations": 0.003,
        },
    ),
    "insured_person": (
        850,
        {
            "commitment_breaches": 0.01,
            "benefit_refund_refusals": 0.02,
            "card_lending_violations": 0.02,
            "impersonation_violations": 0.01,
            "improper_admissions": 0.02,
            "fraud_violations": 0.003,
            "obstruction_violations": 0.002,
        },
    ),
    "institution_head": (880, {"commitment_breaches": 0.02}),
}


def add_counts(rng: random.Random, facts: dict[str, Any]) -> dict[str, Any]:
    """The subject's verified events, row by row (a count only where there is one)."""
    for field, rate in RECORDS[facts["subject_type"]][1].items():
        count = events(rng, rate)
        if count:
            facts[field] = count
    return facts


def record(rng: random.Random, facts: dict[str, Any]) -> dict[str, Any]:
    """The public credit score (第1项) and the verified events of a subject of 附件6, 7, 8 or 10."""
    facts["public_credit_score"] = public_credit(rng, RECORDS[facts["subject_type"]][0])
    return add_counts(rng, facts)


def pharmacy(rng: random.Random) -> dict[str, Any]:
    region = rng.choice(list(REGIONS))
    facts = common(rng, "pharmacy", uscc(rng, rng.choice(("91", "92")), region), "")
    facts["name"] = pharmacy_name(rng, region)
    return record(rng, facts)


def medical_institution(rng: random.Random) -> dict[str, Any]:
    region = rng.choice(list(REGIONS))
    facts = common(
        rng, "medical_institution", uscc(rng, rng.choice(("12", "52", "91")), region), ""
    )
    facts["name"] = institution_name(rng, region)
    return record(rng, facts)


def person(subject_type: str) -> Callable[[random.Random], dict[str, Any]]:
    """The builder of an insurance doctor or an insured person."""
    return lambda rng: record(rng, common(rng, subject_type, id_number(rng), person_name(rng)))


def institution_head(rng: random.Random) -> dict[str, Any]:
    facts = common(rng, "institution_head", id_number(rng), person_name(rng))
    facts["personal_public_credit_score"] = public_credit(rng, RECORDS["institution_head"][0])
    institutions: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        region = rng.choice(list(REGIONS))
        is_pharmacy = rng.random() < 0.5
        code = uscc(rng, "91" if is_pharmacy else rng.choice(("12", "52", "91")), region)
        name = pharmacy_name(rng, region) if is_pharmacy else institution_name(rng, region)
        if any(unit["unit_id"] == code for unit in units):
            continue
        units.append(
            {"unit_id": code, "name": name, "public_credit_score": public_credit(rng, 860)}
        )
        institutions.append(
            {
                "institution_id": code,
                "name": name,
                "medical_credit_score": round(rng.uniform(700, 1000), 2),
                # A retail pharmacy has no 医保医师.
                "doctor_average_score": None if is_pharmacy else round(rng.uniform(800, 1000), 2),
                "other_staff_average_score": round(rng.uniform(800, 1000), 2),
            }
        )
    facts["headed_units"] = units
    facts["headed_institutions"] = institutions
    return add_counts(rng, facts)


BUILDERS = {
    "pharmacy": pharmacy,
    "insurance_doctor": person("insurance_doctor"),
    "medical_institution": medical_institution,
    "institution_head": institution_head,
    "insured_person": person("insured_person"),
}


def random_facts(rng: random.Random) -> dict[str, Any]:
    """One random subject of any type, as raw JSON-like input."""
    return BUILDERS[rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]](rng)
