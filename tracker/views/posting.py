"""The one way a small POST form (a step, a request, a decision, an upload, a reply) runs its service and
tells the user how it went; the view then redirects back to the page the form was on."""

from django.contrib import messages

from .. import permissions

INVALID = "提交的内容无效，请重试。"


def form_errors(form) -> str:
    """The form's errors as one Chinese sentence."""
    return "；".join(error for errors in form.errors.values() for error in errors)


def post_outcome(request, form, act, *, done, invalid=INVALID) -> None:
    """Runs act(cleaned_data) when the form is valid. The message says `done` (text, or a callable asked after
    the act), the service's refusal, or `invalid` (text, or a callable of the form)."""
    if not form.is_valid():
        messages.error(request, invalid(form) if callable(invalid) else invalid)
        return
    try:
        act(form.cleaned_data)
    except permissions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done() if callable(done) else done)
