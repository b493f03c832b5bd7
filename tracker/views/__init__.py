"""The tracker's pages, one module per sub-domain (the comparison, the dashboards, exports and accounts
have packages of their own)."""

from .guidance import group_detail, group_list, guidance_note_list, guidance_note_new, guidance_note_reply  # noqa: F401
from .ledger import (  # noqa: F401
    evidence_add,
    evidence_download,
    extension_decide,
    extension_request,
    ledger_template,
    rectification_detail,
    rectification_edit,
    rectification_list,
    rectification_new,
    rectification_transition,
)
from .lists import county_search  # noqa: F401
from .pages import comparison_trend_json, county_detail, favicon, health, home  # noqa: F401
from .records import research_detail, research_edit, research_list, research_new, study_edit, study_list, study_new  # noqa: F401
