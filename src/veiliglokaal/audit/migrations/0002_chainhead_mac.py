from django.db import migrations, models


def sign_existing_heads(apps, schema_editor):
    from veiliglokaal.audit.chain import head_mac

    ChainHead = apps.get_model("audit", "ChainHead")
    for head in ChainHead.objects.all():
        head.head_mac = head_mac(head.chain, head.last_sequence, head.last_hash, head.checkpoint_number)
        head.save(update_fields=["head_mac"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(model_name="chainhead", name="checkpoint_number", field=models.BigIntegerField(default=0)),
        migrations.AddField(model_name="chainhead", name="head_mac", field=models.CharField(blank=True, max_length=64)),
        migrations.RunPython(sign_existing_heads, migrations.RunPython.noop),
    ]
