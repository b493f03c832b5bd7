"""Pages of the dashboards: weekly trends, the guidance group's home, bulletins (通报)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import bulletins, guidance_home
from ..audit.services import Kind as AuditKind
from ..audit.services import audit_record
from ..export_pages import file_expired
from ..selectors import scope
from .forms import BulletinRequestForm
from ..comparison.selectors import area_cascade
from .trends import (
    SERIES,
    trend_campaign,
    trend_campaigns,
    trend_counties_below,
    trend_scope,
    weekly_trend,
    weekly_trend_chart,
    weeks_of,
)

BULLETINS_PER_PAGE = 20


def _int_param(request, name):
    """A numeric query parameter, or None when missing or not a number (bad input never crashes a page)."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _trend(request):
    counties, area, title = trend_scope(
        request.user, county_id=_int_param(request, "county"), area_id=_int_param(request, "area")
    )
    campaign = trend_campaign(request.GET.get("campaign"))
    weeks = weeks_of(campaign) if campaign else []
    return weekly_trend(counties, weeks), area, title, campaign


@login_required
def weekly_trend_page(request):
    trend, area, title, campaign = _trend(request)
    # A campaign chosen in the URL stays chosen on the links down the area tree; the default stays implicit.
    keep = f"campaign={campaign.pk}&" if campaign and request.GET.get("campaign") == str(campaign.pk) else ""
    # The way down the area tree, as on the comparison: a few links per level, never a list of every county.
    trail, children = area_cascade(request.user, None if area is None or area.is_county else area)
    return render(
        request,
        "tracker/weekly_trend.html",
        {
            "trend": trend,
            "series": SERIES,
            "scope_title": title,
            "campaign": campaign,
            "campaigns": trend_campaigns(),
            "keep": keep,
            "county_id": _int_param(request, "county"),
            "area_id": _int_param(request, "area"),
            "trail": trail,
            "children": children,
            "counties_below": trend_counties_below(request.user, area),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def weekly_trend_json(request):
    trend, _, _, _ = _trend(request)
    return JsonResponse(weekly_trend_chart(trend))


def _group_for(user, group_id):
    group = scope.groups_for(user).filter(pk=group_id).first()
    if group is None:
        raise Http404("没有找到该工作组，或您无权查看。")
    return group


@login_required
def group_home(request, group_id):
    group = _group_for(request.user, group_id)
    cards = guidance_home.group_home_cards(request.user, group)
    return render(request, "tracker/group_home.html", {"group": group, "cards": cards})


@login_required
def group_county_open(request, group_id, county_id):
    """Open a county from the group's home: the card remembers when the member looked."""
    group = _group_for(request.user, group_id)
    county = scope.county_for(request.user, county_id)
    if not group.counties.filter(pk=county.pk).exists():
        raise Http404("该县不是本组的联系县。")
    guidance_home.county_seen_mark(user=request.user, group=group, county=county)
    return redirect("county_detail", county_id=county.pk)


@login_required
def bulletin_list(request):
    if scope.user_role(request.user) not in bulletins.READER_ROLES:
        raise Http404("通报仅供领导和指导组查看。")
    form = BulletinRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        bulletins.bulletin_request(user=request.user, **form.cleaned_data)
        messages.success(request, "通报正在生成，完成后可在下方下载。")
        return redirect("bulletin_list")
    page = Paginator(bulletins.bulletins_for(request.user), BULLETINS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "retention_days": settings.EXPORT_RETENTION_DAYS}
    return render(request, "tracker/bulletin_list.html", context)


@login_required
def bulletin_download(request, bulletin_id):
    bulletin = bulletins.bulletin_for(request.user, bulletin_id)
    if bulletin.status == bulletin.Status.EXPIRED:
        return file_expired(request, title=bulletin.title, again_url=reverse("bulletin_list"), again_text="重新生成通报")
    if not bulletin.file:
        raise Http404("该通报尚未生成。")
    audit_record(kind=AuditKind.DOWNLOAD, obj=bulletin, detail={"file": bulletin.filename})
    return FileResponse(bulletin.file.open("rb"), as_attachment=True, filename=bulletin.filename)
