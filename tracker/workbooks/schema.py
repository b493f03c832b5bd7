"""The workbooks of the three county books (rectification ledger, study sessions, research topics): which
field each column fills, the header the template writes and the other names offices give it.

The template and the exports write these columns; the ledger import (reports.ledger) starts its
synonym table from them.
"""

from dataclasses import dataclass

from tracker.models import LedgerImport, RectificationItem, ResearchTopic, StudySession

TEXT, DATE, CHOICE, COUNT = "text", "date", "choice", "count"


@dataclass(frozen=True)
class Column:
    """One column of a workbook: the field it fills, the header the template writes, the other headers
    offices use for it, and how its cells are read."""

    field: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str = TEXT
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label)
    required: bool = False
    max_length: int | None = None
    width: int = 16


@dataclass(frozen=True)
class Schema:
    book: str  # LedgerImport.Kind: which county book the workbook holds
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # fields that identify a row, so a second import updates instead of creating

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(c.field for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


RECTIFICATION = Schema(
    book=LedgerImport.Kind.RECTIFICATION,
    title="整改台账",
    key=("ledger_number", "description"),
    columns=(
        Column(
            "ledger_number", "编号", ("序号", "台账编号", "问题编号", "编码"), max_length=32, width=8
        ),
        Column(
            "description",
            "问题描述",
            ("存在问题", "问题", "问题内容", "问题表现", "具体问题", "检视问题", "问题清单", "查摆问题"),
            required=True,
            width=40,
        ),
        Column("source", "问题来源", ("来源",), CHOICE, tuple(RectificationItem.Source.choices), width=12),
        Column(
            "level", "问题层级", ("层级", "问题层面", "层面"), CHOICE, tuple(RectificationItem.Level.choices), width=12
        ),
        Column(
            "responsible_unit",
            "责任单位",
            ("牵头单位", "责任部门", "牵头部门", "责任主体", "牵头责任单位"),
            max_length=128,
            width=18,
        ),
        Column("responsible_person", "责任人", ("责任领导", "牵头领导", "具体责任人"), max_length=64, width=10),
        Column("measures", "整改措施", ("措施", "整改举措", "整改目标及措施"), width=40),
        Column("deadline", "整改时限", ("完成时限", "完成时间", "整改期限", "时限", "时限要求"), DATE, width=14),
        Column(
            "status",
            "整改状态",
            ("状态", "整改情况", "进展情况"),
            CHOICE,
            tuple(RectificationItem.Status.choices),
            width=14,
        ),
        Column("research_topic", "来源调研课题", max_length=200, width=20),
        Column("category", "问题类别", ("类别", "问题类型", "调研课题"), max_length=100, width=16),
    ),
)

STUDY = Schema(
    book=LedgerImport.Kind.STUDY,
    title="学习活动",
    key=("date", "title"),
    columns=(
        Column("date", "日期", ("学习日期", "时间", "学习时间", "活动日期", "活动时间"), DATE, required=True, width=14),
        Column(
            "kind",
            "类型",
            ("学习形式", "形式", "活动类型", "学习类型"),
            CHOICE,
            tuple(StudySession.Kind.choices),
            required=True,
        ),
        Column(
            "title",
            "主题",
            ("学习主题", "学习内容", "题目", "内容", "活动主题"),
            required=True,
            max_length=200,
            width=40,
        ),
        Column("participants", "参加人数", ("参学人数", "人数", "参会人数", "参加人员人数"), COUNT, width=10),
    ),
)

RESEARCH = Schema(
    book=LedgerImport.Kind.RESEARCH,
    title="调研课题",
    key=("title",),
    columns=(
        Column(
            "title", "调研课题", ("课题名称", "课题", "调研题目", "调研主题"), required=True, max_length=200, width=40
        ),
        Column("lead", "牵头领导", ("牵头县级领导", "领衔领导", "责任领导"), max_length=64, width=12),
        Column(
            "status", "状态", ("进展", "进展情况", "调研进展"), CHOICE, tuple(ResearchTopic.Status.choices), width=14
        ),
        Column("report", "调研报告摘要", ("调研报告", "成果", "调研成果", "主要成果"), width=50),
    ),
)


SCHEMAS = {schema.book: schema for schema in (RECTIFICATION, STUDY, RESEARCH)}
