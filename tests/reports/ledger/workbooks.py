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
    from tracker.workbooks import RECTIFICATION

    wb = Workbook()
    ws = wb.active
    ws.append(["整改台账"])
    ws.append([c.label for c in RECTIFICATION.columns])
    for row in rows:
        ws.append(list(row))
    return save(wb, path)


def weekly_ledger(path, rows, *, status_header="整改进展", reported="2023年11月20日"):
    """A county's weekly ledger: a title, the 填报 line, 整改情况 over three sub-columns, the category
    merged down over its rows and a signature line. `rows` are (number, category, description, unit,
    measures, deadline, status); a category of None continues the one above (merged)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["乙县主题教育整改落实情况台账"])
    ws.append([f"填报单位：乙县委主题教育办　　填报时间：{reported}"])
    ws.append(["序号", "问题类别", "问题描述", "责任单位", "整改情况", None, None])
    ws.append([None, None, None, None, "整改措施", "完成时限", status_header])
    for merged in ("A1:G1", "A2:G2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:G3"):
        ws.merge_cells(merged)
    start = None
    for offset, row in enumerate(rows):
        excel_row = 5 + offset
        ws.append(list(row))
        if row[1] is not None:
            start = excel_row
        elif start is not None:
            ws.cell(row=excel_row, column=2).value = None
            for merged in list(ws.merged_cells.ranges):
                if merged.min_col == 2 and merged.min_row == start:
                    ws.merged_cells.remove(merged)
            ws.merge_cells(start_row=start, start_column=2, end_row=excel_row, end_column=2)
    ws.append([])
    ws.append(["填表人：刘某　　审核人：何某"])
    return save(wb, path)


WEEK_ONE = [
    ("1", "学习方面", "专题学习走过场，研讨发言照稿念", "县委办", "每季度开展一次现场研讨", "2023年12月底前", "未启动"),
    ("2", None, "学习笔记内容空泛，摘抄多体会少", "县委组织部", "开展学习笔记交流评比", "立行立改", "正在整改"),
    ("3", "作风方面", "下乡调研提前打招呼，看点多看面少", "县委办", "推行“四不两直”调研", "长期坚持", "正在整改"),
]
