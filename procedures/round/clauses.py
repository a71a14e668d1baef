"""The clauses a round cites, by kind (pure).

- 衢市监规〔2021〕3号 六(一) (seed 000 l.751): 检验检测机构 … 每三年开展一次, 并实施动态调整,
  评价结果同步抄送市信用办; 六(二) (l.753): 评价结果通过政务公开网、市局微信公众号、"信用衢州"
  网站等渠道对外公示.
- 衢市监规〔2021〕2号 六(一) (l.929): 知识产权代理机构信用评价 … 每年开展一次, 同步抄送市信用办;
  六(二) (l.931): the same publication.
- 衢医保发〔2021〕36号 四(二) (l.1105): 千分制评分, 实行动态考评; 四(四) (l.1117–1120):
  机构类信用主体的评价结果 and 信用等级为差的信用主体名单 published by the city; 五(六) (l.1154):
  优秀3年以上 → 守信(红)名单, 推送至同级公共信用平台.
"""

from __future__ import annotations

from typing import Final

from contracts.rounds import RoundKind

MEDICAL: Final = "衢医保发〔2021〕36号"
_MARKET: Final = {
    RoundKind.IP_AGENCY: "衢市监规〔2021〕2号",
    RoundKind.INSPECTION_BODY: "衢市监规〔2021〕3号",
}


def regulation(kind: RoundKind) -> str:
    return _MARKET.get(kind, MEDICAL)


def round_clause(kind: RoundKind) -> str:
    """The clause that makes the round (评价工作 … 开展 / 动态考评)."""
    return f"{regulation(kind)} 六(一)" if kind in _MARKET else f"{MEDICAL} 四(二)"


def publication_clause(kind: RoundKind) -> str:
    return f"{regulation(kind)} 六(二)" if kind in _MARKET else f"{MEDICAL} 四(四)1"


def is_market(kind: RoundKind) -> bool:
    return kind in _MARKET


POOR_LIST_CLAUSE: Final = f"{MEDICAL} 四(四)2"
RED_LIST_CLAUSE: Final = f"{MEDICAL} 五(六)"
# Where the lists go.
PUBLIC_CHANNELS: Final = "政务公开网、市局微信公众号、“信用衢州”网站"
MEDICAL_PUBLIC_CHANNEL: Final = "市医疗保障部门统一发布"
CITY_CREDIT_OFFICE: Final = "市信用办"
PUBLIC_CREDIT_PLATFORM: Final = "同级公共信用平台"
# 四(四)1 publishes the results of institution subjects (机构类信用主体) only: persons' results
# are told to them (the objection case, the SMS), never listed.
INSTITUTION_SUBJECTS: Final = frozenset({"pharmacy", "medical_institution"})
