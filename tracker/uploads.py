"""Keeping an upload as the original file of its record (reports, ledger imports, evidence)."""
from django.core.files.uploadedfile import UploadedFile

from .models import StoredUpload


def keep_original(record, uploaded_file: UploadedFile, *, sha256: str | None = None) -> None:
    """Store ``uploaded_file`` unchanged as ``record.file``, named by its SHA-256 so the original name (often
    Chinese, sometimes hostile) never reaches a disk path; the name, hash and size go on the record, which
    the caller saves."""
    record.sha256 = sha256 or StoredUpload.sha256_of(uploaded_file)
    record.original_name = uploaded_file.name[:255]
    record.size = uploaded_file.size
    record.file.save(record.sha256, uploaded_file, save=False)
