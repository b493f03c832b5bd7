"""The top navigation: each role sees the pages that mean something to it."""

from django import template

from tracker.models import Profile
from tracker.permissions import may_manage_catalog, may_read_audit_trail
from tracker.selectors.scope import user_role

register = template.Library()

# A county office sees one county: a comparison of one county and a list of groups it is no member of
# would mean nothing to it (its supervising groups are named on its county page instead).
_SUPERVISING_ROLES = {Profile.Role.ADMIN, Profile.Role.LEADERSHIP, Profile.Role.GUIDANCE}


@register.simple_tag
def navigation(user):
    """{"comparison", "groups", "catalog", "admin", "audit"}: which role-dependent links the top bar shows to `user`."""
    supervises = user_role(user) in _SUPERVISING_ROLES
    return {
        "comparison": supervises,
        "groups": supervises,
        "catalog": may_manage_catalog(user),
        "admin": user.is_active and user.is_staff,
        "audit": may_read_audit_trail(user),
    }
