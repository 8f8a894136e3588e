"""Ship the licences the network uses: the six Creative Commons 4.0 licences, CC0, "All rights reserved —
members only, no redistribution" and one example partner agreement. Idempotent: a licence whose code
already exists is left as it is."""

import datetime
from decimal import Decimal

from django.db import migrations

CC_TERMS = {
    "es": "Licencia Creative Commons {name}. Puede compartir este material{changes}{commercial}, "
    "citando a sus autores y la licencia. Texto legal completo: {url}",
    "en": "Creative Commons licence {name}. You may share this material{changes}{commercial}, "
    "crediting its authors and the licence. Full legal text: {url}",
    "pt": "Licença Creative Commons {name}. Você pode compartilhar este material{changes}{commercial}, "
    "citando seus autores e a licença. Texto legal completo: {url}",
}
CC_CHANGES = {
    "adapt": {"es": " y adaptarlo", "en": " and adapt it", "pt": " e adaptá-lo"},
    "share-alike": {
        "es": " y adaptarlo (las adaptaciones, bajo la misma licencia)",
        "en": " and adapt it (adaptations under the same licence)",
        "pt": " e adaptá-lo (as adaptações, sob a mesma licença)",
    },
    "none": {"es": " sin modificarlo", "en": " without changing it", "pt": " sem modificá-lo"},
}
NON_COMMERCIAL = {"es": ", sin fines comerciales", "en": ", for non-commercial purposes", "pt": ", sem fins comerciais"}

# code, name, label, path, changes, commercial
CREATIVE_COMMONS = [
    ("CC-BY-4.0", "Creative Commons Attribution 4.0 International", "CC BY 4.0", "by", "adapt", True),
    (
        "CC-BY-SA-4.0",
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "CC BY-SA 4.0",
        "by-sa",
        "share-alike",
        True,
    ),
    (
        "CC-BY-NC-4.0",
        "Creative Commons Attribution-NonCommercial 4.0 International",
        "CC BY-NC 4.0",
        "by-nc",
        "adapt",
        False,
    ),
    (
        "CC-BY-NC-SA-4.0",
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
        "CC BY-NC-SA 4.0",
        "by-nc-sa",
        "share-alike",
        False,
    ),
    (
        "CC-BY-ND-4.0",
        "Creative Commons Attribution-NoDerivatives 4.0 International",
        "CC BY-ND 4.0",
        "by-nd",
        "none",
        True,
    ),
    (
        "CC-BY-NC-ND-4.0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
        "CC BY-NC-ND 4.0",
        "by-nc-nd",
        "none",
        False,
    ),
]


def creative_commons():
    for code, name, label, path, changes, commercial in CREATIVE_COMMONS:
        url = f"https://creativecommons.org/licenses/{path}/4.0/"
        terms = {
            language: text.format(
                name=label,
                changes=CC_CHANGES[changes][language],
                commercial="" if commercial else NON_COMMERCIAL[language],
                url=url,
            )
            for language, text in CC_TERMS.items()
        }
        yield {
            "code": code,
            "name": name,
            "label": label,
            "url": url,
            "widest_level": "public",
            "may_be_sold": commercial,
            "may_be_changed": changes != "none",
            "attribution_required": True,
            **{f"terms_{language}": text for language, text in terms.items()},
        }


OTHERS = [
    {
        "code": "CC0-1.0",
        "name": "CC0 1.0 Universal (public domain dedication)",
        "label": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "widest_level": "public",
        "may_be_sold": True,
        "may_be_changed": True,
        "attribution_required": False,
        "terms_es": "Dedicado al dominio público (CC0 1.0): puede copiarlo, modificarlo y distribuirlo, incluso "
        "con fines comerciales, sin pedir permiso.",
        "terms_en": "Dedicated to the public domain (CC0 1.0): you may copy, modify and distribute it, even "
        "for commercial purposes, without asking permission.",
        "terms_pt": "Dedicado ao domínio público (CC0 1.0): você pode copiá-lo, modificá-lo e distribuí-lo, "
        "inclusive para fins comerciais, sem pedir permissão.",
    },
    {
        "code": "ARR-MEMBERS",
        "name": "All rights reserved — members only, no redistribution",
        "label": "© Members only",
        "url": "",
        "widest_level": "members",
        "may_be_sold": False,
        "may_be_changed": False,
        "attribution_required": True,
        "acceptance_required": True,
        "terms_es": "Todos los derechos reservados. Para uso interno de las organizaciones socias de la Red: "
        "no lo comparta fuera de su organización, no lo modifique ni lo venda.",
        "terms_en": "All rights reserved. For internal use by the network's member organisations: do not "
        "share it outside your organisation, change it or sell it.",
        "terms_pt": "Todos os direitos reservados. Para uso interno das organizações associadas da Rede: não "
        "o compartilhe fora da sua organização, não o modifique nem o venda.",
    },
    {
        "code": "FONDO-SOLIDARIO-2024",
        "name": "Fondo Solidario — partner agreement",
        "label": "Fondo Solidario",
        "url": "",
        "widest_level": "authorised",
        "may_be_sold": True,
        "may_be_changed": False,
        "attribution_required": True,
        "attribution_template": "© {year} {contributor} · “{title}” · {licence}",
        "acceptance_required": True,
        "agreement_ends": datetime.date(2027, 12, 31),
        "revenue_share": Decimal("20.00"),
        "terms_es": "Material del Fondo Solidario, distribuido por la Red según su convenio hasta el 31 de "
        "diciembre de 2027: para socios y personas autorizadas por la Red, sin modificarlo ni redistribuirlo. "
        "El 20 % de cada venta corresponde al Fondo.",
        "terms_en": "Material of Fondo Solidario, distributed by the network under their agreement until "
        "31 December 2027: for members and people authorised by the network, without changing or "
        "redistributing it. 20% of each sale goes to the Fund.",
        "terms_pt": "Material do Fondo Solidario, distribuído pela Rede segundo o seu convênio até 31 de "
        "dezembro de 2027: para associados e pessoas autorizadas pela Rede, sem modificá-lo nem "
        "redistribuí-lo. 20% de cada venda cabem ao Fundo.",
    },
]


def ship(apps, schema_editor):
    Licence = apps.get_model("courses", "Licence")
    for fields in [*creative_commons(), *OTHERS]:
        if Licence.objects.filter(code=fields["code"]).exists():
            continue
        licence = Licence.objects.create(version=1, **fields)
        Licence.objects.filter(pk=licence.pk).update(current_version=licence.pk)


class Migration(migrations.Migration):
    dependencies = [("courses", "0004_contributors_and_licences")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
