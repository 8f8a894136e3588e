"""Demo materials of the library, in the three content languages.

`language` is the language of the document itself: when it is None, each translation of the page has its
own document in the page's language; otherwise the document exists only in that language and every
translation describes it (the PDF is written from that language's texts). `files` are the titles of
the 1–2 PDF files; `outline` becomes the table of contents of the generated PDFs.
"""

MATERIALS = [
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
    {
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
    },
]
