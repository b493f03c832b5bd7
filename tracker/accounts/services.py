from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_for_setup(*, user) -> TOTPDevice:
    """The user's unconfirmed device, created on first use, so reloading the page keeps the same key."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "手机验证器"})
    return device


def totp_token_check(*, device: TOTPDevice, token: str) -> str | None:
    """None when ``token`` is the device's current code, else why not (in Chinese). Each wrong code makes
    the device wait longer before the next try (django-otp's throttling), so codes cannot be guessed."""
    if not device.verify_is_allowed()[0]:
        return "错误次数过多，请稍等片刻再输入。"
    if not device.verify_token(token):
        return "动态验证码不正确或已过期，请核对后重新输入。"
    return None


def totp_device_confirm(*, device: TOTPDevice, token: str) -> str | None:
    """Confirm a new device with its first code (the user's app holds the right key); None when done."""
    problem = totp_token_check(device=device, token=token)
    if problem is None:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return problem
