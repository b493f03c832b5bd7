"""One upload limit (settings.UPLOAD_MAX_BYTES): a larger body is refused before a byte of it is read."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler

from reports.forms import ReportUploadForm
from reports.readers import UnreadableDocument
from reports.readers.txt import TxtReader
from tracker.models import Area


class CountingInput(io.RawIOBase):
    """A request body of ``size`` bytes that counts what the server reads of it."""

    def __init__(self, size):
        self.size = size
        self.consumed = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.consumed)
        buffer[:count] = b"x" * count
        self.consumed += count
        return count


def post_raw(path, body, content_length):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    if content_length is not None:
        environ["CONTENT_LENGTH"] = str(content_length)
    statuses = []
    chunks = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    return statuses[0], b"".join(chunks).decode()


@pytest.mark.django_db
def test_a_300_mb_upload_is_refused_without_reading_its_body():
    body = CountingInput(300 * 1024 * 1024)

    status, page = post_raw("/reports/upload/", body, content_length=body.size)

    assert status.startswith("413")
    assert "文件过大" in page and "30 MB" in page
    assert body.consumed == 0


@pytest.mark.django_db
def test_a_body_longer_than_it_declares_is_read_no_further_than_the_declared_length():
    body = CountingInput(300 * 1024 * 1024)

    status, _page = post_raw("/login/", body, content_length=1024)

    assert body.consumed <= 1024
    assert not status.startswith("5")


@pytest.mark.django_db
def test_a_streamed_body_without_a_length_is_not_read():
    body = CountingInput(300 * 1024 * 1024)

    post_raw("/login/", body, content_length=None)

    assert body.consumed == 0


def test_the_limit_is_the_setting(client, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = client.post("/reports/upload/", {"file": SimpleUploadedFile("报告.txt", b"x" * (1024 * 1024 + 1))})

    assert response.status_code == 413
    assert "1 MB" in response.content.decode()


def test_the_upload_form_names_the_same_limit(settings, county_a, period):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    form = ReportUploadForm(
        data={"county": county_a.pk, "period": period.pk},
        files={"file": SimpleUploadedFile("报告.txt", b"x" * (1024 * 1024 + 1))},
        counties=Area.objects.filter(pk=county_a.pk),
    )

    assert form.errors["file"] == ["文件超过1MB，请压缩后上传。"]


def test_the_text_reader_refuses_a_file_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("reports.readers.txt.UPLOAD_MAX_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (1024 * 1024 + 1))

    with pytest.raises(UnreadableDocument, match="超过 1 MB"):
        TxtReader().read(path)
