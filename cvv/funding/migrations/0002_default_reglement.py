"""Ships the default règlement `defaut-2026` (paramètres par défaut, idempotent)."""

from django.db import migrations


def install_default(apps, schema_editor):
    from cvv.funding.loader import default_data, install_reglement

    install_reglement(
        default_data(),
        reglement_model=apps.get_model("funding", "Reglement"),
        parameter_model=apps.get_model("funding", "ReglementParameter"),
        category_model=apps.get_model("funding", "ReglementCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(install_default, migrations.RunPython.noop)]
