"""Permission scoping: which counties and groups a user reaches for each kind of action. `counties_for` is
the one place that decides what a user may see or change; every view, list, export and API asks it."""

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from ..models import Area, Profile, WorkingGroup

User = AbstractBaseUser | AnonymousUser

VIEW = "view"
EDIT = "edit"
APPROVE = "approve"  # close (销号) or send back a rectification item someone else submitted
REVIEW = "review"  # check a report's extracted figures and confirm them into the county's statistics
GUIDE = "guide"  # write guidance notes and corrections (督导意见、纠偏) to a county


def _profile(user: User) -> Profile | None:
    # Kept on the user object: one request asks the scope several times, the profile is read once.
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_campaign_profile"):
        user._campaign_profile = Profile.objects.filter(user=user).select_related("area").first()
    return user._campaign_profile


def user_role(user: User) -> str | None:
    if user.is_authenticated and user.is_superuser:
        return Profile.Role.ADMIN
    profile = _profile(user)
    return profile.role if profile else None


def counties_for(user: User, *, action: str = VIEW) -> QuerySet[Area]:
    """Counties in which `user` may take one kind of action (VIEW, EDIT, REVIEW, APPROVE or GUIDE).

    Seeing: county office staff and the county's reviewers their county; guidance and liaison members
    the counties assigned to their groups; leadership every county under their area at any depth (a
    national leader every county), to see only; administrators all.
    Changing the county's records (uploads, imports, ledger items, study sessions, research topics,
    answers to guidance notes) is the county office's alone: the reviewer checks that work, and a
    checker who could also do it would check themselves. Reviewing a report (correcting and confirming
    its figures) is for the county office and its reviewers. Approving (closing or sending back a
    rectification item) is for the county's reviewers and the members of the guidance groups (not
    liaison groups) that supervise the county. Guiding (writing guidance notes and corrections) is for
    the members of the guidance and liaison groups that supervise the county.
    """
    counties = Area.objects.filter(level=Area.Level.COUNTY)
    if not user.is_authenticated:
        return counties.none()
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        return counties
    profile = _profile(user)
    if action == APPROVE:
        if role == Profile.Role.COUNTY_REVIEWER:
            return counties.filter(pk=profile.area_id)
        if role == Profile.Role.GUIDANCE:
            groups = WorkingGroup.objects.filter(kind=WorkingGroup.Kind.GUIDANCE, members=user)
            return counties.filter(supervising_groups__in=groups).distinct()
        return counties.none()
    if action == GUIDE:
        if role == Profile.Role.GUIDANCE:
            return counties.filter(supervising_groups__in=_guiding_groups().filter(members=user)).distinct()
        return counties.none()
    if action == EDIT:
        if role == Profile.Role.COUNTY_OFFICE:
            return counties.filter(pk=profile.area_id)
        return counties.none()
    if role in (Profile.Role.COUNTY_OFFICE, Profile.Role.COUNTY_REVIEWER):
        return counties.filter(pk=profile.area_id)
    if action == REVIEW:
        return counties.none()
    if role == Profile.Role.GUIDANCE:
        return counties.filter(supervising_groups__members=user).distinct()
    if role == Profile.Role.LEADERSHIP and profile.area_id:
        # Every county under the leader's area at any depth: one indexed prefix filter on the path.
        return counties.filter(path__startswith=profile.area.path)
    return counties.none()


def scope_key(user: User, *, action: str = VIEW) -> str:
    """A digest of the counties in which `user` may take `action`: what is cached for a scope is keyed on
    it, so users of different scopes never share an entry, and a scope that changes (a group's counties,
    a moved profile) no longer reads what was cached for the old one."""
    ids = counties_for(user, action=action).order_by("pk").values_list("pk", flat=True)
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def county_for(user: User, county_id: int, *, action: str = VIEW) -> Area:
    """The county if `user` may see (or change) it, else 404: another county's object does not exist."""
    county = counties_for(user, action=action).filter(pk=county_id).first()
    if county is None:
        raise Http404("没有找到该县，或您无权查看。")
    return county


def may(user: User, county_id: int, action: str) -> bool:
    """Whether `user` may act (VIEW/EDIT/REVIEW/APPROVE/GUIDE) in the county."""
    return counties_for(user, action=action).filter(pk=county_id).exists()


def _guiding_groups() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(kind__in=[WorkingGroup.Kind.GUIDANCE, WorkingGroup.Kind.LIAISON])


def supervising_groups(counties) -> QuerySet[WorkingGroup]:
    """The guidance and liaison groups that supervise any of `counties`: a county office sees who
    watches it."""
    return _guiding_groups().filter(counties__in=counties).distinct().order_by("kind", "name")


def groups_for(user: User) -> QuerySet[WorkingGroup]:
    """Working groups whose counties the user may see: a member sees their groups, leaders and admins all."""
    groups = WorkingGroup.objects.exclude(kind=WorkingGroup.Kind.OFFICE)
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        return groups
    if role == Profile.Role.LEADERSHIP:
        return groups.filter(counties__in=counties_for(user)).distinct()
    return groups.filter(members=user)


def guidance_groups_for(user: User, county: Area) -> QuerySet[WorkingGroup]:
    """Groups on whose behalf `user` may write guidance notes to `county`: the guidance and liaison
    groups supervising it that the user belongs to (administrators: all of them)."""
    if not may(user, county.pk, GUIDE):
        return WorkingGroup.objects.none()
    groups = _guiding_groups().filter(counties=county)
    if user_role(user) != Profile.Role.ADMIN:
        groups = groups.filter(members=user)
    return groups


def counties_matching(user: User, text: str, *, limit: int = 20) -> list[Area]:
    """Counties the user may see whose name (or whose city's name) holds `text`, for the county
    search of the lists: a national scope has thousands, too many for a drop-down."""
    counties = counties_for(user).select_related("parent").order_by("name", "pk")
    text = text.strip()
    if text:
        counties = counties.filter(Q(name__icontains=text) | Q(parent__name__icontains=text))
    return list(counties[:limit])
