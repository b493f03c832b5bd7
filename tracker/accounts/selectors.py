from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RolePolicy


def totp_required_for(*, user) -> bool:
    """Whether the user's role is one an administrator requires a TOTP code of."""
    profile = getattr(user, "profile", None)
    return profile is not None and RolePolicy.objects.filter(role=profile.role, totp_required=True).exists()


def confirmed_totp_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
