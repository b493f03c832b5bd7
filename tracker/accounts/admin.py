from django.contrib import admin

from .models import RolePolicy


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin):
    list_display = ("role", "totp_required")
    list_editable = ("totp_required",)
