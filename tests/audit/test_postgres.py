"""The audit trail on PostgreSQL: every kind of event, an import of 500 rows as one event, and the
application's own connection unable to change or remove a row (migration 0002's trigger)."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.audit.journeys import every_event
from tracker.audit.models import AuditEvent
from tracker.models import RectificationItem

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

Kind = AuditEvent.Kind


@pytest.fixture(autouse=True)
def _on_postgresql():
    assert connection.vendor == "postgresql", "需要设置 DATABASE_URL 指向 PostgreSQL"


@pytest.fixture
def day(client, alice, rita, county_a, county_b, period, tmp_path, django_capture_on_commit_callbacks):
    return every_event(client=client, office=alice, reviewer=rita, county=county_a, other_county=county_b,
                       period=period, tmp_path=tmp_path, capture=django_capture_on_commit_callbacks, ledger_size=500)


def test_every_kind_is_recorded_and_500_imported_rows_are_one_event(day, county_a, alice):
    assert set(AuditEvent.objects.values_list("kind", flat=True)) == set(Kind.values)
    [imported] = AuditEvent.objects.filter(kind=Kind.IMPORT)
    assert (imported.detail["create"], imported.detail["rows"], imported.county, imported.user) == (500, 500, county_a, alice)
    assert RectificationItem.objects.filter(county=county_a).count() == 501  # the journey's own item and the 500
    assert AuditEvent.objects.filter(kind=Kind.ITEM_CHANGE).count() == 2  # that item's creation and edit only


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET username = 'someone else' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "TRUNCATE audit_auditevent",
    ],
)
def test_the_applications_connection_cannot_change_or_remove_a_row(alice, statement):
    from tracker.audit.services import audit_record

    event = audit_record(kind=Kind.LOGIN, user=alice)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk] if "%s" in statement else None)

    assert AuditEvent.objects.get(pk=event.pk).username == "alice"


def test_nor_through_the_orm(alice):
    from tracker.audit.services import audit_record

    event = audit_record(kind=Kind.LOGIN, user=alice)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome=AuditEvent.Outcome.FAILURE)
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk, outcome=AuditEvent.Outcome.SUCCESS).exists()


def test_deleting_a_user_leaves_the_trail_as_it_was(client, alice):
    client.force_login(alice)
    user_id = alice.pk

    alice.delete()

    login = AuditEvent.objects.get(kind=Kind.LOGIN)
    assert (login.user_id, login.username) == (user_id, "alice")
