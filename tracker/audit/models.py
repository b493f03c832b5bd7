from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from tracker.models import Area


class AuditEvent(models.Model):
    """One thing that happened, who did it, from where, to what, and how it ended. Append-only: written
    by audit.services.audit_record only, never changed or deleted by the product (the admin is read-only;
    on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE, migration 0002).

    The user and the county are kept as bare ids (no database constraint, nothing done on delete), so
    deleting a user or an area neither fails on nor rewrites the trail; `username` keeps the name."""

    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出登录"
        LOCKOUT = "lockout", "登录锁定"
        UPLOAD = "upload", "上传文件"
        PARSE = "parse", "解析文件"
        REPORT_CONFIRM = "report_confirm", "确认报告"
        FIGURE_CHANGE = "figure_change", "数据变更"
        ITEM_CHANGE = "item_change", "整改事项变更"
        USER_CHANGE = "user_change", "用户变更"
        ROLE_CHANGE = "role_change", "角色变更"
        GROUP_CHANGE = "group_change", "工作组变更"
        IMPORT = "import", "批量导入"
        EXPORT = "export", "导出"
        DOWNLOAD = "download", "下载文件"
        ACCESS_DENIED = "access_denied", "拒绝访问"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        DENIED = "denied", "拒绝"

    created_at = models.DateTimeField("时间", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    kind = models.CharField("事件", max_length=32, choices=Kind.choices)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    county = models.ForeignKey(
        Area,
        verbose_name="县",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField("对象类型", max_length=64, blank=True)  # app_label.model
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at"], name="audit_time"),
            models.Index(fields=["user", "created_at"], name="audit_user_time"),
            models.Index(fields=["username", "created_at"], name="audit_username_time"),
            models.Index(fields=["kind", "created_at"], name="audit_kind_time"),
            models.Index(fields=["county", "created_at"], name="audit_county_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username or '系统'} {self.get_kind_display()}"

    def detail_lines(self) -> list[str]:
        """The detail as lines a reader of the trail understands, in Chinese."""
        lines = []
        for key, value in self.detail.items():
            if key == "changes":
                lines.extend(f"{field}：{_change_text(change)}" for field, change in value.items())
            else:
                lines.append(f"{DETAIL_LABELS.get(key, key)}：{DETAIL_LABELS.get(value, value) if isinstance(value, str) else value}")
        return lines


# Keys and words of `detail` as the audit page shows them.
DETAIL_LABELS = {
    "action": "操作", "created": "新建", "changed": "修改", "deleted": "删除", "added": "增加", "removed": "移除",
    "path": "地址", "method": "请求方式", "status": "状态码", "reason": "原因", "admin": "管理后台",
    "list": "列表", "format": "格式", "rows": "行数", "filters": "筛选条件", "book": "类型", "file": "文件",
    "create": "新增", "update": "更新", "unchanged": "未变", "figures": "计入数据项",
    "report": "报告编号", "item": "整改事项编号",
}


def _change_text(change) -> str:
    if isinstance(change, list) and len(change) == 2:
        return f"{change[0] or '（空）'} → {change[1] or '（空）'}"
    if isinstance(change, dict):
        return "；".join(f"{DETAIL_LABELS.get(k, k)} {'、'.join(map(str, v))}" for k, v in change.items())
    return str(change)
