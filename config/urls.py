from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tracker.accounts.urls")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("audit/", include("tracker.audit.urls")),
    path("", include("tracker.urls")),
]
