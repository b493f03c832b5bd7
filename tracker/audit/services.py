"""The one way an audit event is written.

Who and from where come from the request being served (set by audit.middleware.AuditContextMiddleware),
so a hook in a service needs no request: it says what happened to what. Outside a request (a Celery
worker, a management command) there is no address, and the user is whoever the caller names.
"""

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from axes.helpers import get_client_ip_address
from django.db import models
from django.http import HttpRequest

from tracker.models import Area

from .models import AuditEvent

Kind = AuditEvent.Kind
Outcome = AuditEvent.Outcome

current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)

# `user` left out means "whoever is signed in on the current request"; None means the system itself.
FROM_REQUEST: Any = object()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the login lockout reads it (axes honours TRUSTED_PROXY_COUNT)."""
    return get_client_ip_address(request)


def audit_record(
    *,
    kind: str,
    outcome: str = Outcome.SUCCESS,
    obj: models.Model | None = None,
    county: Area | int | None = None,
    detail: Mapping[str, Any] | None = None,
    user: Any = FROM_REQUEST,
    username: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. `obj` names the object (type, id, text as shown); the county is `county`, else
    the object's own. `username` is for attempts without a user (a failed login names who was tried)."""
    request = request or current_request.get()
    if user is FROM_REQUEST:
        request_user = getattr(request, "user", None)
        user = request_user if request_user is not None and request_user.is_authenticated else None
    if isinstance(county, Area):
        county = county.pk
    return AuditEvent.objects.create(
        kind=kind,
        outcome=outcome,
        user=user,
        username=user.get_username() if user is not None else username[:150],
        ip_address=client_ip(request) if request is not None else None,
        county_id=county if county is not None else getattr(obj, "county_id", None),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=dict(detail or {}),
    )
