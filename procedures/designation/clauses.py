"""The clauses of 衢医保发〔2023〕8号 the designation procedure cites, the lengths they set, and
the names it shares with the subject records and the outputs (pure constants: no engine).

Source: 衢州市医药机构医疗保障定点管理暂行办法(试行) 衢医保发〔2023〕8号 (seed 001 lines 1404–1624).
"""

from __future__ import annotations

from contracts.subject_records import TERMINATED_FOR_BREACH as TERMINATED_FOR_BREACH
from contracts.subject_records import TERMINATED_FOR_VIOLATION as TERMINATED_FOR_VIOLATION

DOC = "衢医保发〔2023〕8号"


def cite(clause: str) -> str:
    return f"{DOC} {clause}"


# -- the clauses ---------------------------------------------------------------------------------

# 二(三)1 预登记 … 并试运行3个月.
PRE_REGISTRATION_CLAUSE = "二(三)1"
# 二(三)2 试运行满3个月后 … 提交正式的定点申请书; 原则上每季度应开展1次集中受理审查;
# 材料不齐或不符合条件的, 应一次性告知; 自收到材料补正通知之日起5个工作日内补正,
# 逾期不补正的视作放弃申请, 须3个月后方可再次申请; 对提供虚假材料的 … 取消本次申请.
APPLICATION_CLAUSE = "二(三)2"
# 不予受理定点申请: 12 cases for medical institutions, 8 for pharmacies (both under 二(三)2).
NON_ACCEPTANCE_CLAUSE = {
    "medical_institution": "二(三)2 医疗机构不予受理情形",
    "pharmacy": "二(三)2 零售药店不予受理情形",
}
# 二(三)3 评估时间不超过20个工作日, 机构补充材料时间不计入评估期限; 85分(含)以上的为合格,
# 向社会公示; 85分以下的为不合格 … 整改3个月后可再次组织评估, 评估仍不合格的, 1年内不得再次申请.
EVALUATION_CLAUSE = "二(三)3"
# 二(三)4 公示期间无人举报或举报经查不属实的, 报党组会审议通过后, 确定为定点医药机构 …
# 签订医保协议并向同级医疗保障行政部门备案. 协议期限一般按自然年度签订至当年12月31日.
APPROVAL_CLAUSE = "二(三)4"
# 二(三)5 开通相应的刷卡权限并向社会公告.
SETTLEMENT_CLAUSE = "二(三)5"
MATERIALS_CLAUSE = {"medical_institution": "二(一)3", "pharmacy": "二(二)2"}

TRIAL_RUN_MONTHS = 3
SUPPLEMENT_WORKING_DAYS = 5
REAPPLICATION_AFTER_MONTHS = 3  # deemed abandoned → 须3个月后方可再次申请
FALSE_MATERIALS_BAR_MONTHS = 36  # 以弄虚作假等不正当手段申请定点, 自发现之日起未满3年: 不予受理
EVALUATION_WORKING_DAYS = 20
PASS_MARK = 85.0  # 85分(含)以上的为合格 (以上 includes the number)
REEVALUATION_AFTER_MONTHS = 3
SECOND_FAILURE_BAR_MONTHS = 12  # 评估仍不合格的, 1年内不得再次申请
# Not fixed by 衢医保发〔2023〕8号: the length of the public notice (公示) is configuration
# (QZ_DESIGNATION_NOTICE_WORKING_DAYS), 5 working days by default like the other notices of the
# medical-insurance bureau (衢医保发〔2021〕36号 六(三)).
DEFAULT_NOTICE_WORKING_DAYS = 5

# The subject-record conventions the procedure reads and writes (contracts/subject_records/).
# Restriction kinds:
APPLICATION_BAR = "designation_application"  # no application for designation until `until`
FRAUDULENT_APPLICATION = "designation_fraudulent_application"  # 弄虚作假 申请定点 (3 years)
DISHONEST_PERSONS_LIST = "dishonest_persons_list"  # 被列入失信人名单 (a person's record)
# Finding indicators (the day found counts):
# TERMINATED_FOR_VIOLATION (因违法违规被解除医保协议) and TERMINATED_FOR_BREACH
# (因违反医保协议约定 … 被解除协议), imported above: the agreement (procedures/agreement)
# writes them.
# On a person's record: 曾因严重违法违规导致原定点医药机构被解除医保协议 (5 years).
PREVIOUS_INSTITUTION_TERMINATED = "designation.previous_institution_terminated"

# Where the deliveries go (interfaces; their local implementation is the outbox).
APPLICANT = "applicant"
EVALUATION_GROUP = "evaluation-group"
SUPERVISOR = "supervisor"
ADMINISTRATIVE_DEPARTMENT = "medical-insurance-administrative-department"  # 同级医疗保障行政部门
SETTLEMENT_SYSTEM = "medical-insurance-settlement-system"  # 刷卡权限
PUBLICATION_WEBSITE = "publication:website"
