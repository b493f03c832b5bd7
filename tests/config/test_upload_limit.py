"""One upload limit (settings.UPLOAD_MAX_BYTES): a larger body is refused before a byte of it is read."""
import io

import pytest
from django.conf import settings
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string

from reports.forms import ReportUploadForm
from reports.readers import UnreadableDocument
from reports.readers.txt import TxtReader
from tracker.models import Area


BOUNDARY = "----upload"


class CountingInput(io.RawIOBase):
    """A multipart request body of ``size`` bytes, one file of repeated bytes, that counts what the server
    reads of it."""

    def __init__(self, size):
        self.head = (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"报告.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        self.size = size
        self.consumed = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.consumed)
        data = (self.head[self.consumed :] + b"x" * count)[:count]
        buffer[:count] = data
        self.consumed += count
        return count


@pytest.fixture
def post_raw(alice, client):
    """``post_raw(path, body, content_length)``: the request a signed-in browser with a valid CSRF token
    sends, given to the WSGI application with ``body`` as its input stream."""
    client.force_login(alice)
    csrf = _get_new_csrf_string()
    cookies = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={csrf}"

    def post(path, body, content_length):
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_COOKIE": cookies,
            "HTTP_X_CSRFTOKEN": csrf,
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "wsgi.input": body,
            "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(),
        }
        if content_length is not None:
            environ["CONTENT_LENGTH"] = str(content_length)
        statuses = []
        # As Django's test client does: the request must not close the test's database connection
        # (on PostgreSQL that would end the transaction the test runs in).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            chunks = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
            return statuses[0], b"".join(chunks).decode()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)

    return post


def test_a_300_mb_upload_is_refused_without_reading_its_body(post_raw):
    body = CountingInput(300 * 1024 * 1024)

    status, page = post_raw("/reports/upload/", body, content_length=body.size)

    assert status.startswith("413")
    assert "文件过大" in page and "30 MB" in page
    assert body.consumed == 0


def test_an_upload_within_the_limit_is_read_and_answered_by_the_form(post_raw):
    # The same request under the limit reaches the view, which reads it: the refusal above is the limit's.
    body = CountingInput(1024 * 1024)

    status, page = post_raw("/reports/upload/", body, content_length=body.size)

    assert status.startswith("200") and "进展报告" in page
    assert body.consumed == body.size


def test_a_body_longer_than_it_declares_is_read_no_further_than_the_declared_length(post_raw):
    body = CountingInput(300 * 1024 * 1024)

    status, _page = post_raw("/reports/upload/", body, content_length=1024 * 1024)

    assert body.consumed == 1024 * 1024
    assert status.startswith("200")


def test_a_streamed_body_without_a_length_is_not_read(post_raw):
    body = CountingInput(300 * 1024 * 1024)

    post_raw("/reports/upload/", body, content_length=None)

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
