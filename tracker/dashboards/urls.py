from django.urls import path

from . import views

urlpatterns = [
    path("trends/", views.weekly_trend_page, name="weekly_trend"),
    path("trends/weekly.json", views.weekly_trend_json, name="weekly_trend_json"),
    path("groups/<int:group_id>/home/", views.group_home, name="group_home"),
    path("groups/<int:group_id>/counties/<int:county_id>/", views.group_county_open, name="group_county_open"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/<int:bulletin_id>/", views.bulletin_download, name="bulletin_download"),
]
