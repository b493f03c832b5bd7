"""Workbook layouts of the county books and the workbooks the tracker writes (template, exports)."""

from .schema import CHOICE, COUNT, DATE, RECTIFICATION, RESEARCH, SCHEMAS, STUDY, TEXT, Column, Schema
from .writing import EXCEL_MAX_ROWS, export_csv, export_xlsx, template_workbook, write_csv, write_xlsx

__all__ = [
    "CHOICE",
    "EXCEL_MAX_ROWS",
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
    "write_csv",
    "write_xlsx",
]
