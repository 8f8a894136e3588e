"""Demo materials on governance: the general assembly, the board's checklist, the cooperative's statutes.

Each is one entry of MATERIALS (courses/demo/materials_content.py explains the fields).
"""

ASSEMBLY_GUIDE = {
    "key": "assembly-guide",
    "access_level": "public",
    "language": None,
    "topics": ["governance", "cooperativism"],
    "es": {
        "title": "Guía para preparar la asamblea general de la cooperativa",
        "slug": "guia-asamblea-general",
        "description": "<p>Paso a paso para convocar, conducir y documentar una asamblea general "
        "ordinaria: plazos de convocatoria, quórum, orden del día, votaciones y acta.</p>"
        "<p>Incluye un modelo de convocatoria que la cooperativa puede adaptar a sus estatutos.</p>",
        "outline": [
            "Quién convoca y con cuánta anticipación",
            "Quórum y representación",
            "Conducción de los debates y votaciones",
            "El acta y su aprobación",
        ],
        "files": ["Guía completa", "Modelo de convocatoria y orden del día"],
    },
    "en": {
        "title": "Guide to preparing the cooperative's general assembly",
        "slug": "general-assembly-guide",
        "description": "<p>Step by step: how to call, chair and record an ordinary general assembly — "
        "notice periods, quorum, agenda, voting and minutes.</p>"
        "<p>Includes a model notice of meeting that the cooperative can adapt to its statutes.</p>",
        "outline": [
            "Who calls the assembly and how early",
            "Quorum and proxies",
            "Chairing the debates and votes",
            "The minutes and their approval",
        ],
        "files": ["Full guide", "Model notice of meeting and agenda"],
    },
    "pt": {
        "title": "Guia para preparar a assembleia geral da cooperativa",
        "slug": "guia-assembleia-geral",
        "description": "<p>Passo a passo para convocar, conduzir e registrar uma assembleia geral "
        "ordinária: prazos de convocação, quórum, pauta, votações e ata.</p>"
        "<p>Inclui um modelo de edital de convocação que a cooperativa pode adaptar ao seu estatuto.</p>",
        "outline": [
            "Quem convoca e com quanta antecedência",
            "Quórum e representação",
            "Condução dos debates e votações",
            "A ata e sua aprovação",
        ],
        "files": ["Guia completo", "Modelo de edital de convocação e pauta"],
    },
}

GOVERNANCE_CHECKLIST = {
    "key": "governance-checklist",
    "access_level": "public",
    "language": None,
    "topics": ["governance"],
    "es": {
        "title": "Lista de verificación de buen gobierno cooperativo",
        "slug": "lista-buen-gobierno",
        "description": "<p>Treinta preguntas para que el consejo de administración y la junta de "
        "vigilancia revisen, una vez al año, si la cooperativa cumple sus propias reglas y las de "
        "Comercio Justo.</p>",
        "outline": [
            "Órganos de gobierno y renovación de cargos",
            "Información a los socios",
            "Control interno y conflictos de interés",
            "Seguimiento de acuerdos",
        ],
        "files": ["Lista de verificación"],
    },
    "en": {
        "title": "Good cooperative governance checklist",
        "slug": "good-governance-checklist",
        "description": "<p>Thirty questions for the board of directors and the supervisory committee to "
        "check, once a year, whether the cooperative follows its own rules and those of Fair Trade.</p>",
        "outline": [
            "Governing bodies and renewal of office",
            "Information for members",
            "Internal control and conflicts of interest",
            "Following up decisions",
        ],
        "files": ["Checklist"],
    },
    "pt": {
        "title": "Lista de verificação de boa governança cooperativa",
        "slug": "lista-boa-governanca",
        "description": "<p>Trinta perguntas para que o conselho de administração e o conselho fiscal "
        "verifiquem, uma vez por ano, se a cooperativa cumpre suas próprias regras e as do "
        "Comércio Justo.</p>",
        "outline": [
            "Órgãos de governança e renovação de cargos",
            "Informação aos associados",
            "Controle interno e conflitos de interesse",
            "Acompanhamento das decisões",
        ],
        "files": ["Lista de verificação"],
    },
}

STATUTES_TEMPLATE = {
    "key": "statutes-template",
    "access_level": "registered",
    "language": "es",
    "topics": ["governance", "cooperativism"],
    "es": {
        "title": "Modelo de estatutos para una cooperativa de pequeños productores",
        "slug": "modelo-estatutos-cooperativa",
        "description": "<p>Un modelo comentado de estatutos, con las cláusulas que exigen los sistemas "
        "de certificación de Comercio Justo: admisión de socios, derechos de voto, uso de la prima y "
        "resolución de conflictos.</p><p>Revíselo con un asesor legal de su país antes de adoptarlo.</p>",
        "outline": [
            "Objeto social y domicilio",
            "Socios: admisión, derechos y deberes",
            "Asamblea general, consejo y vigilancia",
            "Régimen económico y prima de Comercio Justo",
        ],
        "files": ["Modelo de estatutos comentado"],
    },
    "en": {
        "title": "Model statutes for a small-producer cooperative",
        "slug": "model-cooperative-statutes",
        "description": "<p>Annotated model statutes (in Spanish) with the clauses Fair Trade "
        "certification systems require: admission of members, voting rights, use of the premium and "
        "dispute resolution.</p><p>Review it with a lawyer of your country before adopting it.</p>",
        "outline": [],
        "files": ["Annotated model statutes (Spanish)"],
    },
    "pt": {
        "title": "Modelo de estatuto para uma cooperativa de pequenos produtores",
        "slug": "modelo-estatuto-cooperativa",
        "description": "<p>Um modelo comentado de estatuto (em espanhol), com as cláusulas exigidas "
        "pelos sistemas de certificação do Comércio Justo: admissão de associados, direito de voto, uso "
        "do prêmio e resolução de conflitos.</p><p>Revise-o com um advogado do seu país antes de "
        "adotá-lo.</p>",
        "outline": [],
        "files": ["Modelo de estatuto comentado (espanhol)"],
    },
}
