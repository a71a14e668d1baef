"""Where each regulation and each clause the code may cite stands in the gazettes' text
(docs/regulations/), with a few words quoted from that line. Read off the files by hand.

A label is written as the code writes it: 四(三)1, 第十三条第二款, 附件1 二(四)2 (a clause of a
form), 附件4 表3. A label "X 附件N" (a clause with its form) is checked as X and as 附件N.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GAZETTES = Path(__file__).resolve().parent.parent / "docs" / "regulations"
FILES = {"000": "000_666738b700af8128.txt", "001": "001_ef17ead61d63a5b2.txt"}


def lines(seed: str) -> list[str]:
    """The file's lines, numbered from 1 as cited ("seed 000 l.697" is lines("000")[697])."""
    return ["", *(GAZETTES / FILES[seed]).read_text(encoding="utf-8").splitlines()]


@dataclass(frozen=True)
class Regulation:
    seed: str
    first: int  # the 印发 notice's title
    last: int  # the regulation's last line, its forms included
    title: str  # as the regulation's own heading prints it


INSPECTION, IP_AGENCY = "衢市监规〔2021〕3号", "衢市监规〔2021〕2号"
MEDICAL_CREDIT, ACCOUNTABILITY, DESIGNATION = (
    "衢医保发〔2021〕36号",
    "衢政办发〔2023〕5号",
    "衢医保发〔2023〕8号",
)

REGULATIONS = {
    INSPECTION: Regulation("000", 628, 772, "衢州市检验检测机构信用评价与监管办法(试行)"),
    IP_AGENCY: Regulation("000", 813, 952, "衢州市知识产权代理机构信用评价与监管办法(试行)"),
    MEDICAL_CREDIT: Regulation("000", 1009, 1326, "衢州市医疗保障信用管理办法(试行)"),
    ACCOUNTABILITY: Regulation("001", 868, 982, "衢州市行政案件败诉追责办法"),
    DESIGNATION: Regulation("001", 1404, 2392, "衢州市医药机构医疗保障定点管理暂行办法(试行)"),
}

_MARKET = {  # the two market-credit regulations have the same outline: (3号 line, 2号 line, quote)
    "三": (652, 837, "三、评价指标"),
    "四(一)": (662, 849, "(一)信用等级"),
    "四(二)": (673, 862, "(二)等级调整"),
    "四(二)1": (675, 864, "1. 受评机构有以下情形之一的"),
    "四(二)1(1)": (679, 866, "(1)被市场监管部门列入严重违法失信企业名单"),
    "四(二)1(2)": (681, 867, "(2)被吊销营业执照"),
    "四(二)1(3)": (683, 868, "(3)被列入失信被执行人"),
    "四(二)2": (689, 871, "2. 受评机构有以下情形之一的,信用等级直接下调"),
    "四(二)2(1)": (691, 873, "(1)近五年存在拒不支付劳动报酬"),
    "四(二)2(2)": (693, 874, "(2)被市场监管部门列入经营异常企业名录"),
    "四(三)": (695, 876, "(三)异议修复"),
    "四(三)1": (697, 878, "1. 异议复核"),
    "四(三)2": (699, 880, "2. 信用修复"),
    "五": (701, 882, "五、分级分类监管举措"),
    "六(一)": (751, 929, "(一)加强评价组织"),
    "六(二)": (753, 931, "(二)加强信息公示"),
    "附件 专用指标": (765, 945, "专用指标"),
}

# The numbered items of 衢政办发〔2023〕5号: article -> the lines of its (一), (二), ...
_ITEMS = {
    "第五条": (894, 896, 898, 900, 902),
    "第六条": (906, 908, 910, 912, 914, 916, 918),
    "第七条": (922, 924, 926, 928, 930),
    "第九条": (938, 940, 942, 946),
    "第十一条": (954, 956, 958, 960),
    "第十二条": (964, 966, 968, 970, 972),
}
_CN = "一二三四五六七"

# (文号, label) -> (line, words on that line)
CLAUSES: dict[tuple[str, str], tuple[int, str]] = {
    **{(INSPECTION, label): (line, quote) for label, (line, _, quote) in _MARKET.items()},
    **{(IP_AGENCY, label): (line, quote) for label, (_, line, quote) in _MARKET.items()},
    # 3号 lists five direct-E causes, 2号 four: (4) differs, (5) is 3号's alone.
    (INSPECTION, "四(二)1(4)"): (685, "(4)发生重大、特大安全生产"),
    (INSPECTION, "四(二)1(5)"): (687, "(5)被司法生效判决认定构成犯罪"),
    (IP_AGENCY, "四(二)1(4)"): (869, "(4)被司法生效判决认定构成犯罪"),
    **{
        (ACCOUNTABILITY, f"{article}({_CN[n]})"): (line, f"({_CN[n]})")
        for article, item_lines in _ITEMS.items()
        for n, line in enumerate(item_lines)
    },
    (MEDICAL_CREDIT, "三"): (1069, "三、信用信息分类"),
    (MEDICAL_CREDIT, "三(一)"): (1071, "(一)医疗保障部门建立各类信用主体医疗保障信用档案"),
    (MEDICAL_CREDIT, "三(四)"): (1084, "(四)信用主体的不良信息"),
    (MEDICAL_CREDIT, "四(一)"): (1099, "(一)各类信用主体的信用评价办法"),
    (MEDICAL_CREDIT, "四(二)"): (1105, "(二)信用评价采用“千分制”评分"),
    (MEDICAL_CREDIT, "四(三)"): (1109, "(三)医疗保障部门应当通过提供网站和手机客户端"),
    (MEDICAL_CREDIT, "四(四)"): (1117, "(四)以下信用评价信息由市医疗保障部门统一发布"),
    (MEDICAL_CREDIT, "四(四)1"): (1119, "1. 机构类信用主体的医疗保障信用评价结果"),
    (MEDICAL_CREDIT, "四(四)2"): (1120, "2. 信用等级为差的信用主体名单"),
    (MEDICAL_CREDIT, "五(一)"): (1124, "(一)建立以信用为基础的新型监管机制"),
    (MEDICAL_CREDIT, "五(二)"): (1126, "(二)对信用等级为优秀、良好的机构类信用主体"),
    (MEDICAL_CREDIT, "五(三)"): (1133, "(三)对信用等级为优秀、良好的个人类信用主体"),
    (MEDICAL_CREDIT, "五(四)"): (1138, "(四)对信用等级为较差、差的机构类信用主体"),
    (MEDICAL_CREDIT, "五(五)"): (1145, "(五)对信用等级为较差、差的个人类信用主体"),
    (MEDICAL_CREDIT, "五(六)"): (1154, "(六)信用等级保持优秀3年以上"),
    (MEDICAL_CREDIT, "六"): (1158, "六、信用修复"),
    (MEDICAL_CREDIT, "六(一)"): (1160, "(一)信用修复是指"),
    (MEDICAL_CREDIT, "六(二)"): (1164, "(二)失信的信用主体有下列情形之一的,不予以信用修复"),
    (MEDICAL_CREDIT, "六(二)1"): (1166, "1. 被认定为不良失信行为之日起,未满6个月的"),
    (MEDICAL_CREDIT, "六(二)2"): (1167, "2. 失信主体信用修复限期内,再发生同类失信行为的"),
    (MEDICAL_CREDIT, "六(二)3"): (1168, "3. 因虚假承诺导致的失信记录"),
    (MEDICAL_CREDIT, "六(二)4"): (1169, "4. 依法依规暂不适宜实施信用修复"),
    (MEDICAL_CREDIT, "六(三)"): (1171, "(三)失信主体向做出信用评价的医疗保障部门提出信用修复申请"),
    (MEDICAL_CREDIT, "附件1"): (1203, "附件 1"),
    (MEDICAL_CREDIT, "附件2"): (1214, "附件2"),
    (MEDICAL_CREDIT, "附件3"): (1224, "附件3"),
    (MEDICAL_CREDIT, "附件4"): (1235, "附件4"),
    # 附件5 is listed with the others but the gazette does not print it.
    (MEDICAL_CREDIT, "附件5"): (1196, "5. 信用修复确认通知书"),
    (ACCOUNTABILITY, "第五条"): (892, "第五条 属于下列情形之一的行政败诉案件"),
    (ACCOUNTABILITY, "第六条"): (904, "第六条 行政行为有下列情形之一的"),
    (ACCOUNTABILITY, "第七条"): (920, "第七条 行政败诉案件责任单位或者相关人员"),
    (ACCOUNTABILITY, "第七条(一)"): (922, "(一)同一责任人员1年内出现2次以上同类过错"),
    (ACCOUNTABILITY, "第八条"): (932, "第八条 行政败诉案件责任单位或工作人员主动"),
    (ACCOUNTABILITY, "第八条第一款"): (932, "第八条 行政败诉案件责任单位或工作人员主动"),
    (ACCOUNTABILITY, "第八条第二款"): (934, "行政行为过错情节轻微"),
    (ACCOUNTABILITY, "第九条"): (936, "第九条 有下列情形之一的,不予追究责任"),
    (ACCOUNTABILITY, "第九条第二款"): (948, "在推进改革中因缺乏经验、先行先试出现的失误"),
    (ACCOUNTABILITY, "第十条"): (950, "第十条 行政案件败诉责任,由作出行政行为所"),
    (ACCOUNTABILITY, "第十一条"): (952, "第十一条 对行政机关追究案件败诉责任的方式"),
    (ACCOUNTABILITY, "第十二条"): (962, "第十二条 对行政机关工作人员追究案件败诉责任"),
    (ACCOUNTABILITY, "第十三条"): (974, "第十三条 行政机关自收到生效判决(决定)文书之日起2个月内"),
    (ACCOUNTABILITY, "第十三条第一款"): (974, "第十三条 行政机关自收到生效判决(决定)文书"),
    (ACCOUNTABILITY, "第十三条第二款"): (976, "司法行政机关对需要进行败诉责任追究的"),
    (ACCOUNTABILITY, "第十三条第三款"): (
        978,
        "行政机关实施的追责处理结果,在处理决定作出后3个工作日内",
    ),
    (ACCOUNTABILITY, "第十四条"): (980, "第十四条 责任人员涉嫌违纪违法"),
    (ACCOUNTABILITY, "第十五条"): (982, "第十五条 本办法自2023年4月1日起施行"),
    (DESIGNATION, "二"): (1428, "二、定点医药机构的确定"),
    (DESIGNATION, "二(一)"): (1432, "(一)医疗机构申请"),
    (DESIGNATION, "二(一)2"): (1454, "2. 申请条件"),
    (DESIGNATION, "二(一)3"): (1472, "3. 申请材料"),
    (DESIGNATION, "二(一)3(2)"): (1480, "(2)医疗机构执业许可证"),
    (DESIGNATION, "二(二)"): (1498, "(二) 定点零售药店申请条件及材料"),
    (DESIGNATION, "二(二)1"): (1500, "1. 申请条件"),
    (DESIGNATION, "二(二)2"): (1526, "2. 申请材料"),
    (DESIGNATION, "二(三)"): (1550, "(三)办理流程"),
    (DESIGNATION, "二(三)1"): (1554, "1. 预登记"),
    (DESIGNATION, "二(三)2"): (1558, "2. 受理申请"),
    (DESIGNATION, "二(三)3"): (1610, "3. 综合评估及结果公示"),
    (DESIGNATION, "二(三)4"): (1616, "4. 党组会审议及签订协议"),
    (DESIGNATION, "二(三)5"): (1620, "5. 开通刷卡及公告"),
    (DESIGNATION, "五(三)"): (1737, "(三)经办机构对定点医药机构的协议处理"),
    (DESIGNATION, "五(三)1"): (1739, "暂停联网结算或暂缓拨付费用"),
    (DESIGNATION, "五(三)2"): (1751, "不予支付或追回已支付的医保费用"),
    (DESIGNATION, "五(三)3"): (1763, "按照核定医保费用的10%—30%支付违约金"),
    (DESIGNATION, "五(三)4"): (1815, "中止期原则上不低于60日,不超过180日"),
    (DESIGNATION, "五(三)5"): (1823, "经办机构可以约谈其有关负责人,解除医保协议"),
    (DESIGNATION, "五(三)5(1)"): (1825, "医保协议有效期内累计2次及以上被中止医保协议"),
    (DESIGNATION, "五(三)5(10)"): (1843, "主动提出解除医保协议且经办机构同意的"),
    (DESIGNATION, "五(五)"): (1861, "违约金金额原则上不超过核定违规医保费用的30%"),
    (DESIGNATION, "五(六)"): (1867, "整改验收不合格或拒不整改的,按照解除协议处理"),
    (DESIGNATION, "附件1"): (1892, "附件1"),
    (DESIGNATION, "附件1 一(一)"): (1900, "(一)协议变更"),
    (DESIGNATION, "附件1 一(二)"): (1906, "(二)协议有效期及协议续签"),
    (DESIGNATION, "附件1 一(三)1"): (1914, "1. 医保协议中止"),
    (DESIGNATION, "附件1 一(三)3"): (1924, "3. 其他"),
    (DESIGNATION, "附件1 一(四)"): (1934, "(四)解除协议办理程序"),
    (DESIGNATION, "附件1 二(三)"): (1960, "(三)考核方式"),
    (DESIGNATION, "附件1 二(四)"): (1972, "(四)结果运用"),
    (DESIGNATION, "附件1 二(四)1"): (1976, "1.综合类定点医疗机构考核结果运用"),
    (DESIGNATION, "附件1 二(四)2"): (1986, "2.门诊类定点医药机构和定点零售药店"),
    (DESIGNATION, "附件1 二(四)1(1)"): (1978, "(1)考核得分90分以上且居前10%的,评为A级"),
    (DESIGNATION, "附件1 二(四)1(2)"): (1980, "(2)考核得分70分以下且居后5%的,评为D级"),
    (DESIGNATION, "附件1 二(四)1(3)"): (1982, "(3)考核得分80分(含)以上的"),
    (DESIGNATION, "附件1 二(四)1(4)"): (1984, "(4)考核得分80分以下的"),
    (DESIGNATION, "附件1 二(四)2(1)"): (1988, "(1)考核得分90分以上且居前5%的,评为A级"),
    (DESIGNATION, "附件1 二(四)2(2)"): (1990, "(2)考核得分70分以下且居后5%的,评为D级"),
    (DESIGNATION, "附件1 二(四)2(3)"): (1992, "(3)考核得分80分(含)以上的"),
    (DESIGNATION, "附件1 二(四)2(4)"): (1994, "(4)考核得分80分以下的"),
    # 附件4 相关附表 has no heading of its own in the gazette, nor have 表1, 表4 and 表5: the list
    # of forms names it, each table is found by its title.
    (DESIGNATION, "附件4"): (1890, "4.相关附表"),
    (DESIGNATION, "附件4 表1"): (2234, "衢州市新增医疗保险定点医疗机构评估标准"),
    (DESIGNATION, "附件4 表2"): (2278, "表2"),
    (DESIGNATION, "附件4 表3"): (2326, "表3"),
    (DESIGNATION, "附件4 表4"): (2350, "衢州市门诊类定点医疗机构绩效考核标准"),
    (DESIGNATION, "附件4 表5"): (2373, "衢州市定点零售药店绩效考核标准"),
}
