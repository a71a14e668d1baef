"""The clauses the record's audit trail cites for what it records."""

from __future__ import annotations

from contracts.subject_records.facts import CreditResult, Finding

MEDICAL = "衢医保发〔2021〕36号"
MARKET = {"inspection_body": "衢市监规〔2021〕3号", "ip_agency": "衢市监规〔2021〕2号"}
MARKET_EITHER = "衢市监规〔2021〕3号/2号"
CREDIT_FILE_CITATION = f"{MEDICAL} 三(一)"  # 建立各类信用主体医疗保障信用档案
REPAIR_CITATION = f"{MEDICAL} 六"  # 信用修复
# 确定为定点医药机构 … 签订医保协议, 协议期限一般按自然年度签订至当年12月31日.
AGREEMENT_CITATION = "衢医保发〔2023〕8号 二(三)4"
# 协议处理 (约谈 … 解除医保协议) and 解除 of the agreement (procedures/agreement).
AGREEMENT_HANDLING_CITATION = "衢医保发〔2023〕8号 五(三)"
FALSE_COMMITMENT_CITATION = f"{MEDICAL} 六(二)3"  # 因虚假承诺导致的失信记录 不予修复


def result_citation(result: CreditResult) -> str:
    if result.kind == "medical-credit":
        return f"{MEDICAL} 四(二)"  # 千分制评分, 五个等级
    return f"{_market_regulation(result)} 四(一)"  # 信用等级


def formal_citation(result: CreditResult) -> str:
    if result.kind == "medical-credit":
        return f"{MEDICAL} 四(三)"  # 形成正式的医疗保障信用评价结果, 并记入信用档案
    return f"{_market_regulation(result)} 四(三)1"  # 经复核需修正评价等级的


def finding_citation(finding: Finding) -> str:
    if finding.indicator.startswith("market_credit."):
        return f"{MARKET_EITHER} 附件"
    if finding.indicator.startswith(("designation.", "agreement.")):
        return AGREEMENT_HANDLING_CITATION  # the agreement's handling and its end
    return f"{MEDICAL} 三(四)"  # 不良信息; the indicator tables are 附件6–10


def _market_regulation(result: CreditResult) -> str:
    return MARKET.get(str(result.facts.get("variant", "")), MARKET_EITHER)
