from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_order_refund_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="refund",
            name="buyer_notified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="buyer told on"),
        ),
    ]
