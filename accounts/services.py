from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_for_setup(*, user) -> TOTPDevice:
    """The user's unconfirmed device, created on first use, so reloading the page keeps the same key."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "手机验证器"})
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when the token is its current code (the user's app holds the right key)."""
    if not device.verify_is_allowed()[0] or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
