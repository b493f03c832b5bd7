"""Word 97-2003 (.doc), WPS and RTF files, converted to .docx by LibreOffice and read as such."""
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .base import Document, UnreadableDocument
from .docx import DocxReader
from .tools import run_tool

SOFFICE_TIMEOUT = 40
# LibreOffice maps ~700 MB of address space before reading a byte; this leaves room for big files.
SOFFICE_MEMORY_MB = 3072


@dataclass(frozen=True)
class LibreOfficeReader:
    """Converts with ``soffice --headless --convert-to docx`` under a time limit, then reads the .docx.

    ``format`` is what the Document reports ("doc" or "wps"); ``command`` and ``timeout`` are
    parameters so that a deployment (or a test) can point at another binary or limit.
    """

    format: str
    command: str = "soffice"
    timeout: float = SOFFICE_TIMEOUT

    def read(self, path: Path) -> Document:
        rtf = _is_rtf(path)
        with tempfile.TemporaryDirectory(prefix="reader-office-") as workdir:
            # A plain copy: the uploaded name may contain anything.
            source = Path(workdir) / ("document.rtf" if rtf else "document.doc")
            shutil.copyfile(path, source)
            converted = libreoffice_convert(
                source,
                "docx",
                Path(workdir),
                # Forced, because when its Word filter fails LibreOffice falls back to importing
                # the bytes as plain text and "succeeds" with garbage.
                import_filter="Rich Text Format" if rtf else "MS Word 97",
                command=self.command,
                timeout=self.timeout,
            )
            return replace(DocxReader().read(converted), format=self.format)


def libreoffice_convert(
    source: Path,
    target_format: str,
    workdir: Path,
    *,
    import_filter: str | None = None,
    command: str = "soffice",
    timeout: float = SOFFICE_TIMEOUT,
) -> Path:
    """Convert ``source`` to ``target_format`` ("docx", "doc", "pdf", ...) and return the new file.

    ``import_filter`` names the only LibreOffice filter allowed to read ``source``.
    Each call uses a fresh LibreOffice profile inside ``workdir`` (so concurrent calls do not share
    a profile lock) and writes into ``workdir/out``; the caller removes ``workdir``.
    Raises UnreadableDocument on timeout or when LibreOffice produces nothing.
    """
    outdir = workdir / "out"
    run_tool(
        [
            command,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            *([f"--infilter={import_filter}"] if import_filter else []),
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            str(source),
        ],
        timeout=timeout,
        memory_mb=SOFFICE_MEMORY_MB,
        env={"HOME": str(workdir)},
    )
    # LibreOffice exits 0 even when it cannot load the file; what counts is the output.
    converted = outdir / f"{source.stem}.{target_format}"
    if not converted.is_file():
        raise UnreadableDocument("文档无法转换，文件可能已损坏或不是 Word/WPS 文档。")
    return converted


def _is_rtf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(5) == b"{\\rtf"
