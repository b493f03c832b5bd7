"""The domain's models, one module per sub-domain; every model and helper is importable from here."""

from .activities import ResearchTopic, StudySession  # noqa: F401
from .areas import Area, Campaign, ReportingPeriod, area_paths_rebuild  # noqa: F401
from .bases import CountyRecord, StatusEvent, StatusWorkflow, StoredUpload  # noqa: F401
from .exports import Bulletin, ExportJob, bulletin_path, export_job_path  # noqa: F401
from .figures import CATEGORIES, CountyPeriodSummary, Figure, Indicator  # noqa: F401
from .guidance import GuidanceNote  # noqa: F401
from .ledger import (  # noqa: F401
    DeadlineExtension,
    Evidence,
    LedgerImport,
    LedgerImportEvent,
    RectificationChange,
    RectificationItem,
    closed_rank,
    evidence_upload_path,
    ledger_import_path,
)
from .people import CountyLastSeen, Profile, WorkingGroup  # noqa: F401
