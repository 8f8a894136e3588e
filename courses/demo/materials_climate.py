"""Demo materials on climate change: a vulnerability assessment and a case of coffee adapting to it.

Each is one entry of MATERIALS (courses/demo/materials_content.py explains the fields).
"""

CLIMATE_VULNERABILITY = {
    "key": "climate-vulnerability",
    "access_level": "public",
    "language": None,
    "topics": ["climate"],
    "es": {
        "title": "Diagnóstico participativo de vulnerabilidad climática",
        "slug": "diagnostico-vulnerabilidad-climatica",
        "description": "<p>Una herramienta para que la cooperativa identifique, en talleres con sus "
        "socios, las amenazas climáticas de cada zona, los cultivos y familias más expuestos y las "
        "prácticas que ya funcionan.</p>",
        "outline": [
            "Mapa de amenazas por zona",
            "Calendario de cultivos y clima",
            "Matriz de exposición y sensibilidad",
            "Prioridades de adaptación",
        ],
        "files": ["Herramienta de diagnóstico", "Guía del facilitador"],
    },
    "en": {
        "title": "Participatory climate vulnerability assessment",
        "slug": "climate-vulnerability-assessment",
        "description": "<p>A tool for the cooperative to identify, in workshops with its members, the "
        "climate hazards of each area, the most exposed crops and families, and the practices that "
        "already work.</p>",
        "outline": [
            "Hazard map by area",
            "Crop and climate calendar",
            "Exposure and sensitivity matrix",
            "Adaptation priorities",
        ],
        "files": ["Assessment tool", "Facilitator's guide"],
    },
    "pt": {
        "title": "Diagnóstico participativo de vulnerabilidade climática",
        "slug": "diagnostico-vulnerabilidade-climatica",
        "description": "<p>Uma ferramenta para que a cooperativa identifique, em oficinas com os "
        "associados, as ameaças climáticas de cada região, as culturas e famílias mais expostas e as "
        "práticas que já funcionam.</p>",
        "outline": [
            "Mapa de ameaças por região",
            "Calendário agrícola e clima",
            "Matriz de exposição e sensibilidade",
            "Prioridades de adaptação",
        ],
        "files": ["Ferramenta de diagnóstico", "Guia do facilitador"],
    },
}

COFFEE_ADAPTATION_CASE = {
    "key": "coffee-adaptation-case",
    "access_level": "members",
    "language": "pt",
    "topics": ["climate", "quality"],
    "es": {
        "title": "Estudio de caso: adaptación al cambio climático en cafetales del sur de Minas Gerais",
        "slug": "caso-adaptacion-cafe-minas",
        "description": "<p>Cómo una cooperativa cafetalera brasileña combinó sombra, cobertura del suelo "
        "y cosecha de agua para sostener su producción tras tres años de sequía (en portugués).</p>",
        "outline": [],
        "files": ["Estudio de caso (portugués)"],
    },
    "en": {
        "title": "Case study: climate adaptation in the coffee farms of southern Minas Gerais",
        "slug": "case-coffee-adaptation-minas",
        "description": "<p>How a Brazilian coffee cooperative combined shade trees, ground cover and "
        "water harvesting to sustain its production after three years of drought (in Portuguese).</p>",
        "outline": [],
        "files": ["Case study (Portuguese)"],
    },
    "pt": {
        "title": "Estudo de caso: adaptação à mudança climática nos cafezais do sul de Minas Gerais",
        "slug": "caso-adaptacao-cafe-minas",
        "description": "<p>Como uma cooperativa cafeeira brasileira combinou sombreamento, cobertura do "
        "solo e captação de água para manter sua produção depois de três anos de seca.</p>",
        "outline": [
            "A cooperativa e a seca de 2014 a 2016",
            "Arborização e cobertura do solo",
            "Captação e uso eficiente da água",
            "Custos, resultados e próximos passos",
        ],
        "files": ["Estudo de caso"],
    },
}
