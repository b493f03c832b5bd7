"""Writes of the county's study sessions and research topics."""

from collections.abc import Mapping
from typing import Any

from ..models import Area, ResearchTopic, StudySession


def county_record_save(
    *, county: Area, data: Mapping[str, Any], record: StudySession | ResearchTopic
) -> StudySession | ResearchTopic:
    """Save a new or edited study session or research topic of the county from validated form data."""
    record.county = county
    for name, value in data.items():
        setattr(record, name, value)
    record.save()
    return record
