"""Who made the demo's courses and materials, and under which licence (codes shipped by the migrations).

Each item's licence fits its access level and price: priced items are under licences that allow sale,
members-only items may be under "All rights reserved — members only", and so on.
"""

CONTRIBUTORS = [
    {
        "name": "Fondo Solidario",
        "kind": "partner",
        "website": "https://fondo-solidario.example",
        "contact": "alianzas@fondo-solidario.example",
        "notes": "Fondo de préstamos sociales. "
        "Convenio de distribución hasta el 31/12/2027 (20 % de las ventas).",
    },
    {
        "name": "Universidad Agraria del Pacífico",
        "kind": "university",
        "website": "https://uap.example",
        "contact": "extension@uap.example",
        "notes": "Coautora de los materiales de calidad, trazabilidad y clima.",
    },
    {"name": "Cooperativa Café Sierra Nevada", "kind": "member_organisation", "website": "", "contact": ""},
    {
        "name": "Asociación de Apicultoras Flor de Campo",
        "kind": "member_organisation",
        "website": "",
        "contact": "",
    },
    {
        "name": "Cooperativa Agraria Cacaotera Río Ene",
        "kind": "member_organisation",
        "website": "",
        "contact": "",
    },
    {
        "name": "Red Latinoamericana y del Caribe de Pequeños Productores de Comercio Justo",
        "kind": "network",
        "website": "",
        "contact": "coordinacion@clase.example",
    },
]

FUND = "Fondo Solidario"
UNIVERSITY = "Universidad Agraria del Pacífico"
SIERRA_NEVADA = "Cooperativa Café Sierra Nevada"
FLOR_DE_CAMPO = "Asociación de Apicultoras Flor de Campo"
RIO_ENE = "Cooperativa Agraria Cacaotera Río Ene"
NETWORK = "Red Latinoamericana y del Caribe de Pequeños Productores de Comercio Justo"

# Demo key → (licence code, [(contributor, role), …]).
MATERIALS = {
    "assembly-guide": ("CC-BY-4.0", [(NETWORK, "author")]),
    "governance-checklist": ("CC-BY-SA-4.0", [(NETWORK, "author")]),
    "statutes-template": ("CC-BY-ND-4.0", [(NETWORK, "author"), (UNIVERSITY, "author")]),
    "coffee-quality-guide": ("CC-BY-NC-SA-4.0", [(SIERRA_NEVADA, "author"), (UNIVERSITY, "author")]),
    "premium-plan-template": ("FONDO-SOLIDARIO-2024", [(NETWORK, "author"), (FUND, "copyright_holder")]),
    "export-contract-template": ("CC-BY-ND-4.0", [(NETWORK, "author")]),
    "traceability-register": ("CC-BY-4.0", [(UNIVERSITY, "author"), (FUND, "funder")]),
    "gender-policy-guide": ("CC-BY-NC-4.0", [(FLOR_DE_CAMPO, "author"), (FUND, "funder")]),
    "cocoa-women-case": ("ARR-MEMBERS", [(RIO_ENE, "copyright_holder")]),
    "climate-vulnerability": ("CC-BY-4.0", [(UNIVERSITY, "author"), (FUND, "funder")]),
    "coffee-adaptation-case": ("ARR-MEMBERS", [(SIERRA_NEVADA, "copyright_holder")]),
    "production-costs-guide": ("CC-BY-NC-ND-4.0", [(NETWORK, "author"), (FUND, "funder")]),
}

COURSES = {
    "governance": ("CC-BY-SA-4.0", [(NETWORK, "author")]),
    "marketing": ("CC-BY-NC-4.0", [(NETWORK, "author"), (SIERRA_NEVADA, "author")]),
    "gender": ("CC-BY-NC-SA-4.0", [(FLOR_DE_CAMPO, "author"), (NETWORK, "author"), (FUND, "funder")]),
    "climate": ("CC-BY-NC-ND-4.0", [(UNIVERSITY, "author"), (FUND, "funder")]),
}
