"""TOTP after the password, for the roles an administrator requires it of (accounts.RolePolicy)."""
import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import RolePolicy
from tracker.models import Profile

PASSWORD = "pw-12345678"


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device):
    return "000000" if current_code(device) != "000000" else "111111"


def sign_in(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return client


@pytest.fixture
def county_offices_need_totp(db):
    return RolePolicy.objects.create(role=Profile.Role.COUNTY_OFFICE, totp_required=True)


def test_a_role_without_the_requirement_signs_in_with_the_password(client, alice):
    sign_in(client, "alice")

    assert client.get(reverse("rectification_list")).status_code == 200


def test_a_user_who_owes_a_code_reaches_nothing_else(client, alice, county_offices_need_totp):
    TOTPDevice.objects.create(user=alice, name="手机", confirmed=True)
    sign_in(client, "alice")

    for name, args in [("rectification_list", []), ("report_list", []), ("county_detail", [alice.profile.area_id])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response.url.startswith(reverse("totp_verify")), name


def test_with_a_device_the_code_is_asked_after_the_password(client, alice, county_offices_need_totp):
    device = TOTPDevice.objects.create(user=alice, name="手机", confirmed=True)
    sign_in(client, "alice")
    target = reverse("rectification_list")

    asked = client.get(target)
    right = client.post(asked.url, {"token": current_code(device)})

    assert asked.url == f"{reverse('totp_verify')}?next=%2Frectification%2F"
    assert right.status_code == 302 and right.url == target
    assert client.get(target).status_code == 200


def test_a_wrong_code_is_refused(client, alice, county_offices_need_totp):
    device = TOTPDevice.objects.create(user=alice, name="手机", confirmed=True)
    sign_in(client, "alice")

    wrong = client.post(reverse("totp_verify"), {"token": wrong_code(device)})

    assert "动态验证码不正确" in wrong.content.decode()
    assert client.get(reverse("rectification_list")).url.startswith(reverse("totp_verify"))


def test_without_a_device_the_user_is_sent_to_set_one_up(client, alice, county_offices_need_totp):
    sign_in(client, "alice")

    sent = client.get(reverse("rectification_list"))
    page = client.get(sent.url)
    device = TOTPDevice.objects.get(user=alice)
    done = client.post(sent.url, {"token": current_code(device)})

    assert sent.url.startswith(reverse("totp_setup"))
    assert not device.confirmed and "绑定手机验证器" in page.content.decode()
    assert "<svg" in page.content.decode()  # the QR code of the key, for the authenticator app
    assert done.status_code == 302 and done.url == reverse("rectification_list")
    assert TOTPDevice.objects.get(user=alice).confirmed
    assert client.get(reverse("rectification_list")).status_code == 200


def test_a_wrong_code_does_not_confirm_a_new_device(client, alice, county_offices_need_totp):
    sign_in(client, "alice")
    client.get(reverse("totp_setup"))
    device = TOTPDevice.objects.get(user=alice)

    client.post(reverse("totp_setup"), {"token": wrong_code(device)})

    assert not TOTPDevice.objects.get(user=alice).confirmed
    assert client.get(reverse("rectification_list")).url.startswith(reverse("totp_setup"))


def test_other_roles_are_not_asked(client, leader, county_offices_need_totp):
    sign_in(client, "leader")

    assert client.get(reverse("comparison")).status_code == 200


def test_an_administrator_sets_the_requirement_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_rolepolicy_add"), {"role": Profile.Role.GUIDANCE, "totp_required": "on"}
    )

    assert response.status_code == 302
    assert RolePolicy.objects.get(role=Profile.Role.GUIDANCE).totp_required
