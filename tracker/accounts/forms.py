from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    # One message whether the user name or the password is wrong: the page must not tell which names exist.
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "用户名或密码不正确，请重新输入。",
    }


class TotpForm(forms.Form):
    token = forms.CharField(
        label="动态验证码", min_length=6, max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
