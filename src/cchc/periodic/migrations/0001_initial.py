"""The periodic report models, moved from the former ``reports`` app with their tables
(``reports_reportkind``…): the state is declared here, the tables are created only where they
do not exist yet."""

import cchc.periodic.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


APP = "periodic"
MODELS = ['ReportKind', 'ReportSectionTemplate', 'ReportPeriod', 'AgencyReport', 'AgencyReportSection', 'ReportFigure', 'ReportAttachment']


def create_missing_tables(apps, schema_editor):
    """A database migrated when these models lived in the ``reports`` app already has the
    tables (same names): leave them. A new database gets them created here."""
    existing = set(schema_editor.connection.introspection.table_names())
    for name in MODELS:
        model = apps.get_model(APP, name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organizations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AgencyReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Đang soạn'), ('submitted', 'Đã gửi'), ('accepted', 'Đã tiếp nhận'), ('returned', 'Trả lại để bổ sung')], db_index=True, default='draft', max_length=16, verbose_name='trạng thái')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='gửi lúc')),
                        ('first_submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='gửi lần đầu lúc')),
                        ('on_time', models.BooleanField(blank=True, null=True, verbose_name='đúng hạn')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='xem xét lúc')),
                        ('review_comment', models.TextField(blank=True, verbose_name='ý kiến của Sở Nội vụ')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='periodic_reports', to='organizations.agency', verbose_name='cơ quan báo cáo')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_agencyreport',
                        'verbose_name': 'báo cáo của cơ quan',
                        'verbose_name_plural': 'báo cáo của cơ quan',
                        'ordering': ['period', 'agency__path'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=300, upload_to=cchc.periodic.models._attachment_path, verbose_name='tệp')),
                        ('name', models.CharField(max_length=255, verbose_name='tên tệp')),
                        ('size', models.PositiveIntegerField(default=0)),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='periodic.agencyreport')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'reports_reportattachment',
                        'verbose_name': 'tệp đính kèm báo cáo',
                        'verbose_name_plural': 'tệp đính kèm báo cáo',
                        'ordering': ['report', 'uploaded_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportKind',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='mã')),
                        ('name', models.CharField(max_length=255, verbose_name='tên loại báo cáo')),
                        ('period_type', models.CharField(choices=[('quarter', 'Quý'), ('half_year', '6 tháng'), ('nine_months', '9 tháng'), ('year', 'Năm')], max_length=16, verbose_name='kỳ báo cáo')),
                        ('agency_kinds', models.JSONField(blank=True, default=list, help_text='Ví dụ: department, commune. Cộng thêm với danh sách cơ quan chọn ở trên.', verbose_name='loại cơ quan phải báo cáo')),
                        ('agency_groups', models.JSONField(blank=True, default=list, verbose_name='nhóm cơ quan phải báo cáo')),
                        ('due_day', models.PositiveSmallIntegerField(default=15, help_text='Ngày trong tháng (tháng cuối kỳ + độ lệch).', verbose_name='ngày hạn gửi')),
                        ('due_month_offset', models.SmallIntegerField(default=0, help_text='0: trong tháng cuối kỳ; 1: tháng sau kỳ báo cáo.', verbose_name='độ lệch tháng của hạn gửi')),
                        ('cutoff_day', models.PositiveSmallIntegerField(blank=True, help_text='Để trống: số liệu theo tháng dương lịch. 14: kỳ từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ (Điều 12 Nghị định 09/2019/NĐ-CP).', null=True, verbose_name='ngày chốt số liệu')),
                        ('doc_symbol', models.CharField(default='BC-UBND', max_length=32, verbose_name='ký hiệu văn bản')),
                        ('title', models.CharField(default='Kết quả thực hiện công tác cải cách hành chính {period}', help_text='{period} được thay bằng tên kỳ, ví dụ “6 tháng đầu năm 2026”.', max_length=300, verbose_name='trích yếu')),
                        ('opening', models.TextField(blank=True, default='{issuer} báo cáo kết quả thực hiện công tác cải cách hành chính {period} với những nội dung chủ yếu như sau:', verbose_name='đoạn mở đầu')),
                        ('closing', models.TextField(blank=True, verbose_name='đoạn kết')),
                        ('signing_capacity', models.CharField(default='TM. ỦY BAN NHÂN DÂN', max_length=100, verbose_name='thẩm quyền ký')),
                        ('signer_title', models.CharField(default='CHỦ TỊCH', max_length=100, verbose_name='chức vụ người ký')),
                        ('signer_name', models.CharField(blank=True, max_length=100, verbose_name='họ tên người ký')),
                        ('recipients', models.TextField(blank=True, help_text='Mỗi dòng một nơi nhận; dòng cuối thường là “Lưu: VT, ...”.', verbose_name='nơi nhận')),
                        ('is_active', models.BooleanField(default=True, verbose_name='đang áp dụng')),
                        ('agencies', models.ManyToManyField(blank=True, related_name='required_report_kinds', to='organizations.agency', verbose_name='cơ quan phải báo cáo')),
                        ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='report_kinds', to='organizations.agency', verbose_name='cơ quan ban hành báo cáo tổng hợp')),
                    ],
                    options={
                        'db_table': 'reports_reportkind',
                        'verbose_name': 'loại báo cáo định kỳ',
                        'verbose_name_plural': 'loại báo cáo định kỳ',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportPeriod',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                        ('number', models.PositiveSmallIntegerField(default=1, verbose_name='kỳ số')),
                        ('label', models.CharField(max_length=100, verbose_name='tên kỳ')),
                        ('start', models.DateField(verbose_name='từ ngày')),
                        ('end', models.DateField(verbose_name='đến ngày')),
                        ('due_date', models.DateField(verbose_name='hạn gửi báo cáo')),
                        ('doc_number', models.CharField(blank=True, max_length=16, verbose_name='số văn bản')),
                        ('doc_date', models.DateField(blank=True, null=True, verbose_name='ngày văn bản')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('kind', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='periodic.reportkind')),
                    ],
                    options={
                        'db_table': 'reports_reportperiod',
                        'verbose_name': 'kỳ báo cáo',
                        'verbose_name_plural': 'kỳ báo cáo',
                        'ordering': ['-end', 'kind__name'],
                    },
                ),
                migrations.AddField(
                    model_name='agencyreport',
                    name='period',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='periodic.reportperiod'),
                ),
                migrations.CreateModel(
                    name='ReportSectionTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(verbose_name='thứ tự')),
                        ('level', models.PositiveSmallIntegerField(choices=[(1, 'I.'), (2, '1.')], default=2, verbose_name='cấp đề mục')),
                        ('code', models.SlugField(max_length=40, verbose_name='mã')),
                        ('title', models.CharField(max_length=300, verbose_name='tiêu đề')),
                        ('area', models.CharField(blank=True, max_length=64, verbose_name='lĩnh vực cải cách')),
                        ('guidance', models.TextField(blank=True, verbose_name='hướng dẫn nội dung')),
                        ('tables', models.JSONField(blank=True, default=list, help_text='Ví dụ: ["dossiers", "procedures"].', verbose_name='bảng số liệu điền sẵn')),
                        ('narrative', models.BooleanField(default=True, verbose_name='đơn vị viết nội dung')),
                        ('kind', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='periodic.reportkind')),
                    ],
                    options={
                        'db_table': 'reports_reportsectiontemplate',
                        'verbose_name': 'đề mục mẫu báo cáo',
                        'verbose_name_plural': 'đề mục mẫu báo cáo',
                        'ordering': ['kind', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='AgencyReportSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(blank=True, verbose_name='nội dung')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='periodic.agencyreport')),
                        ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='periodic.reportsectiontemplate')),
                    ],
                    options={
                        'db_table': 'reports_agencyreportsection',
                        'verbose_name': 'nội dung đề mục',
                        'verbose_name_plural': 'nội dung đề mục',
                        'ordering': ['report', 'template__order'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportFigure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=64, verbose_name='chỉ tiêu')),
                        ('label', models.CharField(max_length=200, verbose_name='tên chỉ tiêu')),
                        ('unit', models.CharField(default='int', max_length=16, verbose_name='đơn vị')),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('computed_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='số liệu hệ thống')),
                        ('computed_at', models.DateTimeField(blank=True, null=True, verbose_name='tính lúc')),
                        ('override_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='số liệu đơn vị báo cáo')),
                        ('override_reason', models.TextField(blank=True, verbose_name='lý do điều chỉnh')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='periodic.agencyreportsection')),
                    ],
                    options={
                        'db_table': 'reports_reportfigure',
                        'verbose_name': 'số liệu báo cáo',
                        'verbose_name_plural': 'số liệu báo cáo',
                        'ordering': ['section', 'order'],
                        'constraints': [models.UniqueConstraint(fields=('section', 'key'), name='one_figure_per_key'), models.CheckConstraint(condition=models.Q(('override_value__isnull', True), models.Q(('override_reason', ''), _negated=True), _connector='OR'), name='figure_override_needs_reason')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='reportperiod',
                    constraint=models.UniqueConstraint(fields=('kind', 'year', 'number'), name='report_period_once'),
                ),
                migrations.AddConstraint(
                    model_name='reportperiod',
                    constraint=models.CheckConstraint(condition=models.Q(('end__gte', models.F('start'))), name='period_range'),
                ),
                migrations.AddConstraint(
                    model_name='agencyreport',
                    constraint=models.UniqueConstraint(fields=('period', 'agency'), name='one_report_per_agency'),
                ),
                migrations.AddConstraint(
                    model_name='reportsectiontemplate',
                    constraint=models.UniqueConstraint(fields=('kind', 'code'), name='report_section_code'),
                ),
                migrations.AddConstraint(
                    model_name='reportsectiontemplate',
                    constraint=models.UniqueConstraint(fields=('kind', 'order'), name='report_section_order'),
                ),
                migrations.AddConstraint(
                    model_name='agencyreportsection',
                    constraint=models.UniqueConstraint(fields=('report', 'template'), name='one_section_per_template'),
                ),

            ],
        ),
        migrations.RunPython(create_missing_tables, migrations.RunPython.noop),
    ]
