from django.urls import path

from . import export_pages, views
from .comparison import views as comparison_views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("counties/<int:county_id>/", views.county_detail, name="county_detail"),
    path("compare/", comparison_views.comparison, name="comparison"),
    path("compare/chart.json", comparison_views.comparison_chart_json, name="comparison_chart_json"),
    path("compare/areas.json", comparison_views.area_search_json, name="comparison_area_search"),
    path("compare/trend.json", views.comparison_trend_json, name="comparison_trend_json"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("counties/<int:county_id>/guidance/", views.guidance_note_list, name="guidance_note_list"),
    path("counties/<int:county_id>/guidance/new/", views.guidance_note_new, name="guidance_note_new"),
    path("guidance/<int:note_id>/reply/", views.guidance_note_reply, name="guidance_note_reply"),
    path("rectification/", views.rectification_list, name="rectification_list"),
    path("counties/<int:county_id>/rectification/new/", views.rectification_new, name="rectification_new"),
    path("rectification/<int:item_id>/", views.rectification_detail, name="rectification_detail"),
    path("rectification/<int:item_id>/edit/", views.rectification_edit, name="rectification_edit"),
    path("rectification/<int:item_id>/transition/", views.rectification_transition, name="rectification_transition"),
    path("rectification/<int:item_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("rectification/<int:item_id>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("counties/search.json", views.county_search, name="county_search"),
    path("exports/", export_pages.export_job_list, name="export_job_list"),
    path("exports/<int:job_id>/", export_pages.export_job_detail, name="export_job_detail"),
    path("exports/<int:job_id>/download/", export_pages.export_job_download, name="export_job_download"),
    path("templates/<str:kind>.xlsx", views.ledger_template, name="ledger_template"),
    path("study/", views.study_list, name="study_list"),
    path("counties/<int:county_id>/study/new/", views.study_new, name="study_new"),
    path("study/<int:session_id>/edit/", views.study_edit, name="study_edit"),
    path("research/", views.research_list, name="research_list"),
    path("counties/<int:county_id>/research/new/", views.research_new, name="research_new"),
    path("research/<int:topic_id>/", views.research_detail, name="research_detail"),
    path("research/<int:topic_id>/edit/", views.research_edit, name="research_edit"),
]
