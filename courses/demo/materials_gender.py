"""Demo materials on gender equity: a gender policy guide and the case of women in cocoa.

Each is one entry of MATERIALS (courses/demo/materials_content.py explains the fields).
"""

GENDER_POLICY_GUIDE = {
    "key": "gender-policy-guide",
    "access_level": "authorised",
    "language": None,
    "topics": ["gender", "governance"],
    "es": {
        "title": "Guía para elaborar la política de género de la cooperativa",
        "slug": "guia-politica-genero",
        "description": "<p>Cómo construir, con participación de socias y socios, una política de género "
        "con metas medibles: diagnóstico, cuotas en los órganos de gobierno, acceso a crédito y "
        "capacitación, y prevención de la violencia.</p>",
        "outline": [
            "Diagnóstico con datos desagregados",
            "Metas y cuotas de participación",
            "Presupuesto con enfoque de género",
            "Seguimiento y evaluación",
        ],
        "files": ["Guía", "Plantilla del plan de acción"],
    },
    "en": {
        "title": "Guide to drafting the cooperative's gender policy",
        "slug": "gender-policy-guide",
        "description": "<p>How to build, together with women and men members, a gender policy with "
        "measurable goals: assessment, quotas in governing bodies, access to credit and training, and "
        "prevention of violence.</p>",
        "outline": [
            "Assessment with disaggregated data",
            "Participation goals and quotas",
            "Gender-responsive budgeting",
            "Monitoring and evaluation",
        ],
        "files": ["Guide", "Action plan template"],
    },
    "pt": {
        "title": "Guia para elaborar a política de gênero da cooperativa",
        "slug": "guia-politica-genero",
        "description": "<p>Como construir, com a participação de associadas e associados, uma política "
        "de gênero com metas mensuráveis: diagnóstico, cotas nos órgãos de governança, acesso a crédito "
        "e capacitação, e prevenção da violência.</p>",
        "outline": [
            "Diagnóstico com dados desagregados",
            "Metas e cotas de participação",
            "Orçamento com enfoque de gênero",
            "Monitoramento e avaliação",
        ],
        "files": ["Guia", "Modelo do plano de ação"],
    },
}

COCOA_WOMEN_CASE = {
    "key": "cocoa-women-case",
    "access_level": "members",
    "language": "es",
    "topics": ["gender", "governance"],
    "es": {
        "title": "Estudio de caso: mujeres en la dirección de una cooperativa de cacao",
        "slug": "caso-mujeres-cooperativa-cacao",
        "description": "<p>Cómo una cooperativa cacaotera de la Amazonía pasó de no tener ninguna mujer "
        "en su consejo a una directiva paritaria en seis años, y qué cambió en sus decisiones y en sus "
        "ventas.</p><p>Elaborado con una universidad aliada de la Red; uso exclusivo de los socios.</p>",
        "outline": [
            "El punto de partida",
            "Las decisiones de la asamblea",
            "Resistencias y cómo se superaron",
            "Resultados y lecciones aprendidas",
        ],
        "files": ["Estudio de caso"],
    },
    "en": {
        "title": "Case study: women in the leadership of a cocoa cooperative",
        "slug": "case-women-cocoa-cooperative",
        "description": "<p>How an Amazonian cocoa cooperative went from having no women on its board to "
        "a gender-balanced board in six years, and what changed in its decisions and sales (in Spanish)."
        "</p><p>Written with a partner university of the Network; for members only.</p>",
        "outline": [],
        "files": ["Case study (Spanish)"],
    },
    "pt": {
        "title": "Estudo de caso: mulheres na direção de uma cooperativa de cacau",
        "slug": "caso-mulheres-cooperativa-cacau",
        "description": "<p>Como uma cooperativa de cacau da Amazônia passou de nenhuma mulher no "
        "conselho a uma diretoria paritária em seis anos, e o que mudou nas suas decisões e vendas (em "
        "espanhol)."
        "</p><p>Elaborado com uma universidade parceira da Rede; uso exclusivo dos associados.</p>",
        "outline": [],
        "files": ["Estudo de caso (espanhol)"],
    },
}
