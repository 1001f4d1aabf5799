"""The dossier rollups, moved from the former ``reports`` app with their tables
(``reports_dossierrollup``, ``reports_dossierprocedurerollup``): the state is declared here, the
tables are created only where they do not exist yet."""

import django.db.models.deletion
from django.db import migrations, models


APP = "statistics"
MODELS = ['DossierRollup', 'DossierProcedureRollup']


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
        ('procedures', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DossierProcedureRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('grain', models.CharField(choices=[('D', 'Ngày'), ('M', 'Tháng'), ('Y', 'Năm')], max_length=1)),
                        ('day', models.DateField(help_text='Ngày đầu của ô thời gian (ngày, tháng hoặc năm).')),
                        ('level', models.CharField(blank=True, default='', max_length=16)),
                        ('channel', models.CharField(max_length=16)),
                        ('received', models.IntegerField(default=0)),
                        ('received_repeated', models.IntegerField(default=0)),
                        ('finished_early', models.IntegerField(default=0)),
                        ('finished_on_time', models.IntegerField(default=0)),
                        ('finished_late', models.IntegerField(default=0)),
                        ('finished_late_apology', models.IntegerField(default=0)),
                        ('finished_repeated', models.IntegerField(default=0)),
                        ('overdue_start', models.IntegerField(default=0)),
                        ('overdue_end', models.IntegerField(default=0)),
                        ('agency', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.agency')),
                        ('procedure', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='procedures.procedure')),
                    ],
                    options={
                        'db_table': 'reports_dossierprocedurerollup',
                        'verbose_name': 'số liệu tổng hợp hồ sơ theo thủ tục',
                        'verbose_name_plural': 'số liệu tổng hợp hồ sơ theo thủ tục',
                        'constraints': [models.UniqueConstraint(fields=('grain', 'day', 'agency', 'level', 'channel', 'procedure'), name='dossier_procedure_rollup_key')],
                    },
                ),
                migrations.CreateModel(
                    name='DossierRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('grain', models.CharField(choices=[('D', 'Ngày'), ('M', 'Tháng'), ('Y', 'Năm')], max_length=1)),
                        ('day', models.DateField(help_text='Ngày đầu của ô thời gian (ngày, tháng hoặc năm).')),
                        ('level', models.CharField(blank=True, default='', max_length=16)),
                        ('channel', models.CharField(max_length=16)),
                        ('received', models.IntegerField(default=0)),
                        ('received_repeated', models.IntegerField(default=0)),
                        ('finished_early', models.IntegerField(default=0)),
                        ('finished_on_time', models.IntegerField(default=0)),
                        ('finished_late', models.IntegerField(default=0)),
                        ('finished_late_apology', models.IntegerField(default=0)),
                        ('finished_repeated', models.IntegerField(default=0)),
                        ('overdue_start', models.IntegerField(default=0)),
                        ('overdue_end', models.IntegerField(default=0)),
                        ('agency', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.agency')),
                    ],
                    options={
                        'db_table': 'reports_dossierrollup',
                        'verbose_name': 'số liệu tổng hợp hồ sơ',
                        'verbose_name_plural': 'số liệu tổng hợp hồ sơ',
                        'constraints': [models.UniqueConstraint(fields=('grain', 'day', 'agency', 'level', 'channel'), name='dossier_rollup_key')],
                    },
                ),

            ],
        ),
        migrations.RunPython(create_missing_tables, migrations.RunPython.noop),
    ]
