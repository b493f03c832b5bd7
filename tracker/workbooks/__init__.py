"""Workbook layouts of the county books and the workbooks the tracker writes (template, exports)."""

from .schema import CHOICE, COUNT, DATE, RECTIFICATION, RESEARCH, SCHEMAS, STUDY, TEXT, Column, Schema
from .writing import export_csv, export_xlsx, template_workbook

__all__ = [
    "CHOICE",
    "COUNT",
    "DATE",
    "RECTIFICATION",
    "RESEARCH",
    "SCHEMAS",
    "STUDY",
    "TEXT",
    "Column",
    "Schema",
    "export_csv",
    "export_xlsx",
    "template_workbook",
]
