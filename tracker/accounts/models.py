from django.db import models

from tracker.models import Profile


class RolePolicy(models.Model):
    """What an administrator requires of every user with one role, beyond the password."""

    role = models.CharField("角色", max_length=32, choices=Profile.Role.choices, unique=True)
    totp_required = models.BooleanField(
        "登录须输入动态验证码", default=False,
        help_text="勾选后，该角色的用户输入密码后还须输入手机验证器（TOTP）上的动态码；尚未绑定的用户登录后先绑定。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "角色安全策略"

    def __str__(self):
        return self.get_role_display()
