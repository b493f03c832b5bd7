from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("counties/<int:county_id>/", views.county_detail, name="county_detail"),
    path("compare/", views.comparison, name="comparison"),
    path("compare/chart.json", views.comparison_chart_json, name="comparison_chart_json"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
]
