"""The shipped licences (migration 0005) in Spanish, English and Portuguese: Creative Commons' official names
of its licences in each language (its legal code pages), and the portal's own licences translated. Only a
licence still named as shipped is changed (every version of it): one a coordinator renamed is left alone."""

from django.db import migrations

# code → (the name as shipped, in English; Spanish; Portuguese). Spanish goes in the unsuffixed fields.
CC_NAMES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "Creative Commons Atribución 4.0 Internacional",
        "Creative Commons Atribuição 4.0 Internacional",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "Creative Commons Atribución-CompartirIgual 4.0 Internacional",
        "Creative Commons Atribuição-CompartilhaIgual 4.0 Internacional",
    ),
    "CC-BY-NC-4.0": (
        "Creative Commons Attribution-NonCommercial 4.0 International",
        "Creative Commons Atribución-NoComercial 4.0 Internacional",
        "Creative Commons Atribuição-NãoComercial 4.0 Internacional",
    ),
    "CC-BY-NC-SA-4.0": (
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
        "Creative Commons Atribución-NoComercial-CompartirIgual 4.0 Internacional",
        "Creative Commons Atribuição-NãoComercial-CompartilhaIgual 4.0 Internacional",
    ),
    "CC-BY-ND-4.0": (
        "Creative Commons Attribution-NoDerivatives 4.0 International",
        "Creative Commons Atribución-SinDerivadas 4.0 Internacional",
        "Creative Commons Atribuição-SemDerivações 4.0 Internacional",
    ),
    "CC-BY-NC-ND-4.0": (
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
        "Creative Commons Atribución-NoComercial-SinDerivadas 4.0 Internacional",
        "Creative Commons Atribuição-NãoComercial-SemDerivações 4.0 Internacional",
    ),
    "CC0-1.0": (
        "CC0 1.0 Universal (public domain dedication)",
        "CC0 1.0 Universal (dedicación al dominio público)",
        "CC0 1.0 Universal (dedicação ao domínio público)",
    ),
}

# code → (the name as shipped, in English; the words in three languages).
OWN = {
    "ARR-MEMBERS": (
        "All rights reserved — members only, no redistribution",
        {
            "name": "Todos los derechos reservados — solo para socios, sin redistribución",
            "name_en": "All rights reserved — members only, no redistribution",
            "name_pt": "Todos os direitos reservados — só para associados, sem redistribuição",
            "label": "© Solo socios",
            "label_en": "© Members only",
            "label_pt": "© Só associados",
        },
    ),
    "FONDO-SOLIDARIO-2024": (
        "Fondo Solidario — partner agreement",
        {
            "name": "Fondo Solidario — convenio de colaboración",
            "name_en": "Fondo Solidario — partner agreement",
            "name_pt": "Fondo Solidario — convênio de parceria",
        },
    ),
}


def words():
    for code, (shipped, spanish, portuguese) in CC_NAMES.items():
        yield code, shipped, {"name": spanish, "name_en": shipped, "name_pt": portuguese}
    for code, (shipped, fields) in OWN.items():
        yield code, shipped, fields


def translate(apps, schema_editor):
    Licence = apps.get_model("courses", "Licence")
    for code, shipped, fields in words():
        Licence.objects.filter(code=code, name=shipped).update(**fields)


def untranslate(apps, schema_editor):
    Licence = apps.get_model("courses", "Licence")
    for code, shipped, fields in words():
        labels = {"label": fields["label_en"], "label_en": "", "label_pt": ""} if "label_en" in fields else {}
        Licence.objects.filter(code=code, name=fields["name"]).update(
            name=shipped, name_en="", name_pt="", **labels
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0014_licence_words_in_three_languages")]

    operations = [migrations.RunPython(translate, untranslate)]
