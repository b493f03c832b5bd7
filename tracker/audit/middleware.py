"""Who is asking and from where, for every audit event written while a request is served; and the one
place refused access is recorded."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .services import Kind, Outcome, audit_record, current_request


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_exception(self, request, exception):
        """A view refused the user: 403 (PermissionDenied), or 404 from the permission selectors, which
        answer 404 for what the user may not see (indistinguishable, on purpose, from what does not exist)."""
        if isinstance(exception, PermissionDenied | Http404):
            status = 403 if isinstance(exception, PermissionDenied) else 404
            audit_record(
                kind=Kind.ACCESS_DENIED,
                outcome=Outcome.DENIED,
                request=request,
                detail={"path": request.path[:500], "method": request.method, "status": status,
                        "reason": str(exception)[:500]},
            )
        return None
