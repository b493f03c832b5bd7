"""Ledger import: the Excel workbooks county offices keep, read into rows (pure, no database) and
imported into the county's books.

    vocabulary  the words it knows (column names, status and deadline words), as data
    sheets      files opened as grids of cells with merged ranges (.xlsx, .xls, .et)
    headers     finding and naming the header, one or two rows
    cells       reading dates, deadlines, statuses, choices
    rows        problem rows, sub-headings, footers
    reading     the above composed: read_workbook
    importing   planning and writing an import (services), the vocabulary and remembered layouts
    uploads     the web import's steps (services the Celery tasks call); views, urls: its pages
"""
