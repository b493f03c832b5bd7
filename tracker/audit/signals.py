"""Events Django and django-axes announce by signal: sign-in, sign-out, failures and lockouts; and
changes to users, roles (Profile) and working groups, which the admin, the password page and management
commands all make, so they are caught on the models themselves (memberships included)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from tracker.models import Profile, WorkingGroup

from .services import Kind, Outcome, audit_record

User = get_user_model()


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(kind=Kind.LOGIN, user=user, request=request)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    audit_record(kind=Kind.LOGIN, outcome=Outcome.FAILURE, user=None, username=username, request=request)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    audit_record(kind=Kind.LOCKOUT, outcome=Outcome.DENIED, user=None, username=username or "", request=request)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:  # signing out without a session is no event
        audit_record(kind=Kind.LOGOUT, user=user, request=request)


# ---- users, roles, groups ---------------------------------------------------------------------------

# What is compared on each save; a password is recorded as changed, never with its hash.
WATCHED = {
    User: (Kind.USER_CHANGE, ("username", "first_name", "last_name", "email", "is_active", "is_staff",
                              "is_superuser", "password")),
    Profile: (Kind.ROLE_CHANGE, ("user", "role", "area")),
    WorkingGroup: (Kind.GROUP_CHANGE, ("name", "kind", "home_area")),
}
_SECRET = {"password"}


def _values(model, instance, names):
    return {name: getattr(instance, model._meta.get_field(name).attname) for name in names}


def _shown(model, name, value):
    field = model._meta.get_field(name)
    if name in _SECRET:
        return "******"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def _remember_before(sender, instance, update_fields=None, **kwargs):
    _kind, names = WATCHED[sender]
    # A login only stamps last_login; the login event says so already.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        instance._audit_before = None
        return
    before = sender.objects.filter(pk=instance.pk).values(*[sender._meta.get_field(n).attname for n in names])
    row = before.first() if instance.pk else None
    instance._audit_before = {n: row[sender._meta.get_field(n).attname] for n in names} if row else {}


def _record_saved(sender, instance, created, update_fields=None, **kwargs):
    kind, names = WATCHED[sender]
    before = getattr(instance, "_audit_before", {})
    if before is None:
        return
    after = _values(sender, instance, names)
    changes = {
        str(sender._meta.get_field(n).verbose_name): [_shown(sender, n, before.get(n)), _shown(sender, n, after[n])]
        for n in names
        if created or before.get(n) != after[n]
    }
    if changes:
        audit_record(kind=kind, obj=instance, detail={"action": "created" if created else "changed", "changes": changes})


def _record_deleted(sender, instance, **kwargs):
    kind, _names = WATCHED[sender]
    audit_record(kind=kind, obj=instance, detail={"action": "deleted"})


for _model in WATCHED:
    pre_save.connect(_remember_before, sender=_model, dispatch_uid=f"audit_before_{_model._meta.label_lower}")
    post_save.connect(_record_saved, sender=_model, dispatch_uid=f"audit_saved_{_model._meta.label_lower}")
    post_delete.connect(_record_deleted, sender=_model, dispatch_uid=f"audit_deleted_{_model._meta.label_lower}")


# Memberships: (through model, the owner's kind of event, owner model, field on the owner, name on the other side).
MEMBERSHIPS = (
    (WorkingGroup.members.through, Kind.GROUP_CHANGE, WorkingGroup, "members", "working_groups"),
    (WorkingGroup.counties.through, Kind.GROUP_CHANGE, WorkingGroup, "counties", "supervising_groups"),
    (User.groups.through, Kind.USER_CHANGE, User, "groups", "user_set"),
    (User.user_permissions.through, Kind.USER_CHANGE, User, "user_permissions", "user_set"),
)


def _membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """One event per owner (the group, or the user) whose membership changed, naming who joined or left."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    _through, kind, owner_model, field, related = next(m for m in MEMBERSHIPS if m[0] is sender)
    if action == "pre_clear":
        pk_set = set(getattr(instance, related if reverse else field).values_list("pk", flat=True))
    if not pk_set:
        return
    change = "added" if action == "post_add" else "removed"
    label = str(owner_model._meta.get_field(field).verbose_name)
    if reverse:  # user.working_groups.add(group): the owners are the groups, the member is the instance
        pairs = [(owner, [str(instance)]) for owner in owner_model.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, [str(o) for o in model.objects.filter(pk__in=pk_set)])]
    for owner, names in pairs:
        audit_record(kind=kind, obj=owner, detail={"action": "changed", "changes": {label: {change: sorted(names)}}})


for _through, *_rest in MEMBERSHIPS:
    m2m_changed.connect(_membership_changed, sender=_through, dispatch_uid=f"audit_m2m_{_through._meta.label_lower}")
