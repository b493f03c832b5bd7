"""Refusing an oversized request before its body is read."""
from django.conf import settings
from django.shortcuts import render


class UploadLimitMiddleware:
    """Answers 413 with a Chinese page when the declared body is larger than UPLOAD_MAX_BYTES.

    Django reads a WSGI body only up to its Content-Length (a body without one is not read at all), so
    refusing on the declared length means no byte of an oversized body is ever read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.UPLOAD_MAX_BYTES:
            response = render(
                request, "413.html", {"limit_mb": settings.UPLOAD_MAX_BYTES // 2**20}, status=413
            )
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)
