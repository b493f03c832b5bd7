from django.urls import path

from . import views

urlpatterns = [
    path("counties/<int:county_id>/new/", views.ledger_import_new, name="ledger_import_new"),
    path("<int:import_id>/", views.ledger_import_detail, name="ledger_import_detail"),
    path("<int:import_id>/status.json", views.ledger_import_status, name="ledger_import_status"),
    path("<int:import_id>/correct/", views.ledger_import_correct, name="ledger_import_correct"),
    path("<int:import_id>/confirm/", views.ledger_import_confirm, name="ledger_import_confirm"),
]
