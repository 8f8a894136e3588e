"""Demo materials on trade: coffee quality, the Fair Trade premium, export contracts, traceability
and production costs.

Each is one entry of MATERIALS (courses/demo/materials_content.py explains the fields).
"""

COFFEE_QUALITY_GUIDE = {
    "key": "coffee-quality-guide",
    "access_level": "registered",
    "language": None,
    "topics": ["quality", "marketing"],
    "es": {
        "title": "Guía de control de calidad del café en la cooperativa",
        "slug": "guia-calidad-cafe",
        "description": "<p>Cómo organizar el control de calidad desde el acopio hasta la exportación: "
        "toma de muestras, análisis físico, catación y registro de resultados por socio.</p>"
        "<p>Con formatos de registro listos para imprimir.</p>",
        "outline": [
            "Recepción y muestreo en el acopio",
            "Análisis físico y rendimiento",
            "Catación y perfil de taza",
            "Retroalimentación a los socios",
        ],
        "files": ["Guía de calidad", "Formatos de registro"],
    },
    "en": {
        "title": "Coffee quality control guide for cooperatives",
        "slug": "coffee-quality-guide",
        "description": "<p>How to organise quality control from collection to export: sampling, physical "
        "analysis, cupping and recording results for each member.</p>"
        "<p>With record forms ready to print.</p>",
        "outline": [
            "Reception and sampling at the collection point",
            "Physical analysis and yield",
            "Cupping and cup profile",
            "Feedback to members",
        ],
        "files": ["Quality guide", "Record forms"],
    },
    "pt": {
        "title": "Guia de controle de qualidade do café na cooperativa",
        "slug": "guia-qualidade-cafe",
        "description": "<p>Como organizar o controle de qualidade do recebimento à exportação: "
        "amostragem, análise física, prova de xícara e registro dos resultados por associado.</p>"
        "<p>Com formulários de registro prontos para imprimir.</p>",
        "outline": [
            "Recebimento e amostragem",
            "Análise física e rendimento",
            "Prova de xícara e perfil sensorial",
            "Retorno aos associados",
        ],
        "files": ["Guia de qualidade", "Formulários de registro"],
    },
}

PREMIUM_PLAN_TEMPLATE = {
    "key": "premium-plan-template",
    "access_level": "authorised",
    "price": "12.00",
    "currency": "usd",
    "language": None,
    "topics": ["premium", "finance"],
    "es": {
        "title": "Plantilla del plan de inversión de la prima de Comercio Justo",
        "slug": "plantilla-plan-prima",
        "description": "<p>Plantilla para que la asamblea apruebe, y el consejo ejecute, el plan anual "
        "de uso de la prima: diagnóstico de necesidades, proyectos priorizados, presupuesto y rendición "
        "de cuentas.</p><p>Preparada con un fondo de crédito social aliado de la Red.</p>",
        "outline": [
            "Diagnóstico de necesidades de los socios",
            "Priorización de proyectos",
            "Presupuesto y calendario",
            "Informe a la asamblea",
        ],
        "files": ["Plantilla del plan de la prima"],
    },
    "en": {
        "title": "Fair Trade premium investment plan template",
        "slug": "premium-plan-template",
        "description": "<p>A template for the assembly to approve, and the board to carry out, the "
        "annual premium plan: needs assessment, prioritised projects, budget and accountability.</p>"
        "<p>Prepared with a social-lending fund that partners with the Network.</p>",
        "outline": [
            "Assessing members' needs",
            "Prioritising projects",
            "Budget and timetable",
            "Reporting to the assembly",
        ],
        "files": ["Premium plan template"],
    },
    "pt": {
        "title": "Modelo de plano de investimento do prêmio do Comércio Justo",
        "slug": "modelo-plano-premio",
        "description": "<p>Modelo para que a assembleia aprove, e o conselho execute, o plano anual de "
        "uso do prêmio: diagnóstico de necessidades, projetos priorizados, orçamento e prestação de "
        "contas.</p><p>Preparado com um fundo de crédito social parceiro da Rede.</p>",
        "outline": [
            "Diagnóstico das necessidades dos associados",
            "Priorização de projetos",
            "Orçamento e cronograma",
            "Relatório à assembleia",
        ],
        "files": ["Modelo do plano do prêmio"],
    },
}

EXPORT_CONTRACT_TEMPLATE = {
    "key": "export-contract-template",
    "access_level": "authorised",
    "price": "18.00",
    "currency": "usd",
    "language": "es",
    "topics": ["export", "marketing"],
    "es": {
        "title": "Modelo de contrato de exportación con compradores de Comercio Justo",
        "slug": "modelo-contrato-exportacion",
        "description": "<p>Modelo de contrato de compraventa internacional con las cláusulas de precio "
        "mínimo, prima, prefinanciamiento y calidad que exige el Comercio Justo, y notas para "
        "negociar cada una.</p>",
        "outline": [
            "Partes, producto y cantidades",
            "Precio mínimo, diferencial y prima",
            "Prefinanciamiento y condiciones de pago",
            "Calidad, reclamos y fuerza mayor",
        ],
        "files": ["Modelo de contrato", "Notas de negociación"],
    },
    "en": {
        "title": "Model export contract with Fair Trade buyers",
        "slug": "model-export-contract",
        "description": "<p>A model international sales contract (in Spanish) with the minimum price, "
        "premium, pre-financing and quality clauses that Fair Trade requires, and notes on negotiating "
        "each.</p>",
        "outline": [],
        "files": ["Model contract (Spanish)", "Negotiation notes (Spanish)"],
    },
    "pt": {
        "title": "Modelo de contrato de exportação com compradores do Comércio Justo",
        "slug": "modelo-contrato-exportacao",
        "description": "<p>Modelo de contrato de compra e venda internacional (em espanhol) com as "
        "cláusulas de preço mínimo, prêmio, pré-financiamento e qualidade exigidas pelo Comércio Justo, "
        "e notas para negociar cada uma.</p>",
        "outline": [],
        "files": ["Modelo de contrato (espanhol)", "Notas de negociação (espanhol)"],
    },
}

TRACEABILITY_REGISTER = {
    "key": "traceability-register",
    "access_level": "registered",
    "language": None,
    "topics": ["traceability", "quality"],
    "es": {
        "title": "Registro de trazabilidad del acopio",
        "slug": "registro-trazabilidad",
        "description": "<p>Formato para registrar cada entrega de los socios —fecha, lote, peso, calidad "
        "y pago— y seguir el producto hasta el contenedor, como piden las auditorías de "
        "certificación.</p>",
        "outline": [
            "Código de socio y de parcela",
            "Registro de entregas por lote",
            "Del lote al contenedor",
            "Conciliación de volúmenes",
        ],
        "files": ["Formato de registro"],
    },
    "en": {
        "title": "Collection traceability register",
        "slug": "traceability-register",
        "description": "<p>A form to record every delivery from members — date, lot, weight, quality and "
        "payment — and follow the product to the container, as certification audits require.</p>",
        "outline": [
            "Member and plot codes",
            "Recording deliveries by lot",
            "From lot to container",
            "Reconciling volumes",
        ],
        "files": ["Register form"],
    },
    "pt": {
        "title": "Registro de rastreabilidade do recebimento",
        "slug": "registro-rastreabilidade",
        "description": "<p>Formulário para registrar cada entrega dos associados — data, lote, peso, "
        "qualidade e pagamento — e acompanhar o produto até o contêiner, como exigem as auditorias de "
        "certificação.</p>",
        "outline": [
            "Código do associado e da parcela",
            "Registro das entregas por lote",
            "Do lote ao contêiner",
            "Conciliação de volumes",
        ],
        "files": ["Formulário de registro"],
    },
}

PRODUCTION_COSTS_GUIDE = {
    "key": "production-costs-guide",
    "access_level": "members",
    "language": None,
    "topics": ["finance", "marketing"],
    "es": {
        "title": "Guía para calcular los costos de producción sostenibles",
        "slug": "guia-costos-produccion",
        "description": "<p>Método de la Red para que cada cooperativa calcule sus costos reales de "
        "producción —incluido el trabajo familiar y las prácticas sostenibles— y los use al negociar "
        "precios.</p>",
        "outline": [
            "Costos de la finca y trabajo familiar",
            "Costos de la organización",
            "Costo de las prácticas sostenibles",
            "Del costo al precio de negociación",
        ],
        "files": ["Guía metodológica"],
    },
    "en": {
        "title": "Guide to calculating sustainable production costs",
        "slug": "production-costs-guide",
        "description": "<p>The Network's method for each cooperative to calculate its real production "
        "costs — including family labour and sustainable practices — and use them when negotiating "
        "prices.</p>",
        "outline": [
            "Farm costs and family labour",
            "Costs of the organisation",
            "Cost of sustainable practices",
            "From cost to negotiating price",
        ],
        "files": ["Methodological guide"],
    },
    "pt": {
        "title": "Guia para calcular os custos de produção sustentáveis",
        "slug": "guia-custos-producao",
        "description": "<p>Método da Rede para que cada cooperativa calcule seus custos reais de "
        "produção — incluindo o trabalho familiar e as práticas sustentáveis — e os use ao negociar "
        "preços.</p>",
        "outline": [
            "Custos da propriedade e trabalho familiar",
            "Custos da organização",
            "Custo das práticas sustentáveis",
            "Do custo ao preço de negociação",
        ],
        "files": ["Guia metodológico"],
    },
}
