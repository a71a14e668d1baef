"""The clauses a round cites, by kind (pure).

- 衢市监规〔2021〕3号 六(一) (seed 000 l.751): 检验检测机构 … 每三年开展一次, 并实施动态调整,
  评价结果同步抄送市信用办; 六(二) (l.753): 评价结果通过政务公开网、市局微信公众号、"信用衢州"
  网站等渠道对外公示.
- 衢市监规〔2021〕2号 六(一) (l.929): 知识产权代理机构信用评价 … 每年开展一次, 同步抄送市信用办;
  六(二) (l.931): the same publication.
- 衢医保发〔2021〕36号 四(二) (l.1105): 千分制评分, 实行动态考评; 四(四) (l.1117–1120):
  机构类信用主体的评价结果 and 信用等级为差的信用主体名单 published by the city; 五(六) (l.1154):
  优秀3年以上 → 守信(红)名单, 推送至同级公共信用平台.
- 衢医保发〔2023〕8号 附件1 二(三) (seed 001 l.1960–1966): 半年拟评 (1 Jan–30 Jun) … 半年进行一次
  评价打分, 并将评分结果公布给各定点医药机构; 半年拟评在八月底前完成; 年度总评 … 考核在次年一季度
  完成 (l.1964). 附件1 二(四) (l.1972–1994): A 张榜公布 (1(1), 2(1)); B, C 通报公布 (1(3)(4),
  2(3)(4)); a 综合类 D 通报公布 (1(2)); a 门诊类/药店 D is suspended and re-assessed (2(2)),
  and the text publishes it no further.
"""

from __future__ import annotations

from typing import Final

from contracts.rounds import PERFORMANCE_KINDS, RoundKind

MEDICAL: Final = "衢医保发〔2021〕36号"
PERFORMANCE: Final = "衢医保发〔2023〕8号"
PERFORMANCE_ROUND_CLAUSE: Final = f"{PERFORMANCE} 附件1 二(三)"
PERFORMANCE_RESULTS_CLAUSE: Final = f"{PERFORMANCE} 附件1 二(四)"
REASSESSMENT_CLAUSE: Final = f"{PERFORMANCE} 附件1 二(四)2(2)"
_MARKET: Final = {
    RoundKind.IP_AGENCY: "衢市监规〔2021〕2号",
    RoundKind.INSPECTION_BODY: "衢市监规〔2021〕3号",
}


def regulation(kind: RoundKind) -> str:
    return PERFORMANCE if kind in PERFORMANCE_KINDS else _MARKET.get(kind, MEDICAL)


def round_clause(kind: RoundKind) -> str:
    """The clause that makes the round (评价工作 … 开展 / 动态考评 / 考核方式)."""
    if kind is RoundKind.PERFORMANCE_REASSESSMENT:
        return REASSESSMENT_CLAUSE  # 整改3个月后再进行考核
    if kind in PERFORMANCE_KINDS:
        return PERFORMANCE_ROUND_CLAUSE
    return f"{regulation(kind)} 六(一)" if kind in _MARKET else f"{MEDICAL} 四(二)"


def publication_clause(kind: RoundKind) -> str:
    if kind is RoundKind.PERFORMANCE_HALF_YEAR:
        return PERFORMANCE_ROUND_CLAUSE  # 并将评分结果公布给各定点医药机构
    if kind is RoundKind.PERFORMANCE_ANNUAL:
        return PERFORMANCE_RESULTS_CLAUSE
    if kind is RoundKind.PERFORMANCE_REASSESSMENT:
        return REASSESSMENT_CLAUSE
    return f"{regulation(kind)} 六(二)" if kind in _MARKET else f"{MEDICAL} 四(四)1"


def is_performance(kind: RoundKind) -> bool:
    return kind in PERFORMANCE_KINDS


def grade_list_clause(population: str, item: int) -> str:
    """附件1 二(四)1 (综合类) or 2 (门诊类, 药店), item (1) A … (4) C."""
    return f"{PERFORMANCE_RESULTS_CLAUSE}{1 if population == 'comprehensive' else 2}({item})"


def is_market(kind: RoundKind) -> bool:
    return kind in _MARKET


POOR_LIST_CLAUSE: Final = f"{MEDICAL} 四(四)2"
RED_LIST_CLAUSE: Final = f"{MEDICAL} 五(六)"
# Where the lists go.
PUBLIC_CHANNELS: Final = "政务公开网、市局微信公众号、“信用衢州”网站"
MEDICAL_PUBLIC_CHANNEL: Final = "市医疗保障部门统一发布"
CITY_CREDIT_OFFICE: Final = "市信用办"
PUBLIC_CREDIT_PLATFORM: Final = "同级公共信用平台"
# 半年拟评: 并将评分结果公布给各定点医药机构; 年度: A 张榜公布, B/C(/综合类 D) 通报公布.
PERFORMANCE_INSTITUTIONS: Final = "各定点医药机构"
COMMENDED: Final = "张榜公布 (医保经办机构)"
CIRCULATED: Final = "通报公布 (医保经办机构)"
# 四(四)1 publishes the results of institution subjects (机构类信用主体) only: persons' results
# are told to them (the objection case, the SMS), never listed.
INSTITUTION_SUBJECTS: Final = frozenset({"pharmacy", "medical_institution"})
