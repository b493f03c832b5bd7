"""Ledgers built the way county offices lay them out, written to .xlsx files for the import tests."""

import datetime

from openpyxl import Workbook

# The item fields an import fills, compared field by field in the tests.
FIELDS = (
    "ledger_number",
    "description",
    "source",
    "level",
    "responsible_unit",
    "responsible_person",
    "deadline",
    "measures",
)



def save(workbook, path):
    workbook.save(path)
    return path


def messy_ledger(path, *, deadline_of_row_3="2023年12月31日"):
    """A ledger as offices keep it: a title row and a blank row above a two-row header with merged cells
    (责任落实 over 牵头单位｜责任人), header names that differ from the template, dates written four ways,
    and a signature line under the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append(["甲县主题教育检视问题整改落实台账"])
    ws.merge_cells("A1:H1")
    ws.append([])
    ws.append(["序号", "存在问题", "问题来源", "层级", "责任落实", None, "完成时限", "整改措施"])
    ws.append([None, None, None, None, "牵头单位", "责任人", None, None])
    for merged in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4"):
        ws.merge_cells(merged)
    ws.append([1, "理论学习联系实际不够", "检视查摆", "领导班子", "县委办公室", "王一", "2023-11-30", "建立学习清单"])
    ws.append([2, "办事窗口材料要求过多", "群众反映", "单位", "县行政审批服务局", "李二", "2023.12.15", "精简材料"])
    ws.append([3, "农村供水管网老化", "调查研究", "单位", "县水利局", "张三", deadline_of_row_3, "更换管网"])
    ws.append(
        [
            4,
            "会议记录不规范",
            "指导组反馈",
            "党员个人",
            "各镇党委",
            "赵四",
            datetime.datetime(2024, 1, 10),
            "统一记录格式",
        ]
    )
    ws.append([5, "惠农补贴发放迟缓", "专项整治", "单位", "县农业农村局", "钱五", 45300, "按月发放"])
    ws.append([])
    ws.append(["填表人：孙六", None, None, None, "审核人：周七"])
    return save(wb, path)


MESSY_ITEMS = [
    (
        "1",
        "理论学习联系实际不够",
        "self_inspection",
        "leadership",
        "县委办公室",
        "王一",
        datetime.date(2023, 11, 30),
        "建立学习清单",
    ),
    (
        "2",
        "办事窗口材料要求过多",
        "public",
        "unit",
        "县行政审批服务局",
        "李二",
        datetime.date(2023, 12, 15),
        "精简材料",
    ),
    ("3", "农村供水管网老化", "research", "unit", "县水利局", "张三", datetime.date(2023, 12, 31), "更换管网"),
    ("4", "会议记录不规范", "guidance", "member", "各镇党委", "赵四", datetime.date(2024, 1, 10), "统一记录格式"),
    ("5", "惠农补贴发放迟缓", "special", "unit", "县农业农村局", "钱五", datetime.date(2024, 1, 9), "按月发放"),
]


def template_ledger(path, rows):
    """A ledger in the downloadable template's shape: a title row, then the template's headers."""
    from reports.ledger import RECTIFICATION

    wb = Workbook()
    ws = wb.active
    ws.append(["整改台账"])
    ws.append([c.label for c in RECTIFICATION.columns])
    for row in rows:
        ws.append(list(row))
    return save(wb, path)
