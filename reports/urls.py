from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("upload/", views.report_upload, name="report_upload"),
    path("suggestions/", views.trigger_suggestion_list, name="trigger_suggestion_list"),
    path("suggestions/<int:suggestion_id>/decide/", views.trigger_suggestion_decide, name="trigger_suggestion_decide"),
    path("<int:report_id>/", views.report_review, name="report_review"),
    path("<int:report_id>/status.json", views.report_status_json, name="report_status_json"),
    path("<int:report_id>/download/", views.report_download, name="report_download"),
    path("<int:report_id>/confirm/", views.report_confirm, name="report_confirm"),
    path("<int:report_id>/retry/", views.report_retry, name="report_retry"),
    path("<int:report_id>/figures/add/", views.figure_add, name="figure_add"),
    path("<int:report_id>/figures/<int:figure_id>/", views.figure_update, name="figure_update"),
    path("ledgers/", include("reports.ledger.urls")),
]
