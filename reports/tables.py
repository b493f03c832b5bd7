import django_tables2 as tables

from .models import Report


class ReportTable(tables.Table):
    original_name = tables.LinkColumn("report_review", args=[tables.A("pk")], verbose_name="文件名")
    county = tables.Column("县")
    period = tables.Column("报告期")
    status = tables.Column("状态")
    uploaded_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="上传时间")

    class Meta:
        model = Report
        fields = ("original_name", "county", "period", "status", "uploaded_at")
        attrs = {"class": "table"}
        empty_text = "还没有上传的报告"
