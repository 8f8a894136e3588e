"""Demo course: production and marketing — quality, the Fair Trade premium and export contracts."""

from .helpers import callout, heading, material, question, quiz, text

COURSE = {
    "key": "marketing",
    "access_level": "registered",
    "hours": "6",
    "topics": ["marketing", "quality", "premium", "export"],
    "colour": (141, 85, 36),
    "es": {
        "title": "Producción y comercialización en Comercio Justo",
        "slug": "produccion-y-comercializacion",
        "summary": "Calidad desde la finca hasta el contenedor, uso transparente de la prima de Comercio "
        "Justo y contratos de exportación que protegen a la cooperativa.",
        "audience": "Equipos técnicos y comerciales, gerencias y consejos de administración",
        "outcomes": [
            "Organizar el control de calidad y la trazabilidad del acopio",
            "Planificar y rendir cuentas del uso de la prima de Comercio Justo",
            "Reconocer las cláusulas clave de un contrato de exportación",
        ],
        "overview": "<p>Vender bien empieza en la finca. Este curso une la producción y la comercialización: "
        "lo que el comprador exige, lo que la cooperativa puede ofrecer y cómo asegurar que el "
        "Comercio Justo llegue a cada familia socia.</p>",
    },
    "en": {
        "title": "Production and marketing in Fair Trade",
        "slug": "production-and-marketing",
        "summary": "Quality from farm to container, transparent use of the Fair Trade premium, and export "
        "contracts that protect the cooperative.",
        "audience": "Technical and sales teams, managers and boards of directors",
        "outcomes": [
            "Organise quality control and traceability at collection",
            "Plan and account for the use of the Fair Trade premium",
            "Recognise the key clauses of an export contract",
        ],
        "overview": "<p>Selling well starts on the farm. This course links production and marketing: what "
        "the buyer requires, what the cooperative can offer, and how to make sure Fair Trade reaches "
        "every member family.</p>",
    },
    "pt": {
        "title": "Produção e comercialização no Comércio Justo",
        "slug": "producao-e-comercializacao",
        "summary": "Qualidade da propriedade ao contêiner, uso transparente do prêmio do Comércio Justo e "
        "contratos de exportação que protegem a cooperativa.",
        "audience": "Equipes técnicas e comerciais, gerências e conselhos de administração",
        "outcomes": [
            "Organizar o controle de qualidade e a rastreabilidade do recebimento",
            "Planejar e prestar contas do uso do prêmio do Comércio Justo",
            "Reconhecer as cláusulas-chave de um contrato de exportação",
        ],
        "overview": "<p>Vender bem começa na propriedade. Este curso une produção e comercialização: o que o "
        "comprador exige, o que a cooperativa pode oferecer e como garantir que o Comércio Justo chegue "
        "a cada família associada.</p>",
    },
    "lessons": [
        {
            "minutes": 25,
            "es": {
                "title": "Calidad desde la finca",
                "slug": "calidad-desde-la-finca",
                "body": [
                    heading("La calidad se construye en cada etapa"),
                    text(
                        "<p>La taza que prueba el comprador es el resultado de muchas decisiones: la "
                        "variedad, la cosecha de frutos maduros, el beneficio, el secado y el "
                        "almacenamiento. La cooperativa acompaña a sus socios con asistencia técnica y "
                        "les devuelve información sobre la calidad de cada entrega.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Pagar un diferencial por calidad, con reglas claras y conocidas, es "
                        "el incentivo más eficaz para mejorarla.</p>",
                    ),
                    material("coffee-quality-guide"),
                    heading("Trazabilidad", "h3"),
                    text(
                        "<p>Registrar cada entrega por socio y por lote permite demostrar el origen del "
                        "producto, responder a reclamos y cumplir las auditorías.</p>"
                    ),
                    material("traceability-register", "Un formato listo para usar en el acopio."),
                ],
            },
            "en": {
                "title": "Quality starts on the farm",
                "slug": "quality-from-the-farm",
                "body": [
                    heading("Quality is built at every stage"),
                    text(
                        "<p>The cup the buyer tastes is the result of many decisions: the variety, picking "
                        "ripe cherries, processing, drying and storage. The cooperative supports its "
                        "members with technical assistance and feeds back information on the quality of "
                        "each delivery.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Paying a quality differential, with clear and well-known rules, is "
                        "the most effective incentive to improve it.</p>",
                    ),
                    material("coffee-quality-guide"),
                    heading("Traceability", "h3"),
                    text(
                        "<p>Recording every delivery by member and by lot makes it possible to prove the "
                        "origin of the product, answer complaints and pass audits.</p>"
                    ),
                    material("traceability-register", "A form ready to use at the collection point."),
                ],
            },
            "pt": {
                "title": "Qualidade desde a propriedade",
                "slug": "qualidade-desde-a-propriedade",
                "body": [
                    heading("A qualidade se constrói em cada etapa"),
                    text(
                        "<p>A xícara que o comprador prova é o resultado de muitas decisões: a variedade, a "
                        "colheita de frutos maduros, o processamento, a secagem e o armazenamento. A "
                        "cooperativa acompanha seus associados com assistência técnica e devolve "
                        "informações sobre a qualidade de cada entrega.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Pagar um diferencial por qualidade, com regras claras e conhecidas, é "
                        "o incentivo mais eficaz para melhorá-la.</p>",
                    ),
                    material("coffee-quality-guide"),
                    heading("Rastreabilidade", "h3"),
                    text(
                        "<p>Registrar cada entrega por associado e por lote permite comprovar a origem do "
                        "produto, responder a reclamações e cumprir as auditorias.</p>"
                    ),
                    material("traceability-register", "Um formulário pronto para usar no recebimento."),
                ],
            },
        },
        {
            "minutes": 20,
            "es": {
                "title": "La prima de Comercio Justo",
                "slug": "prima-comercio-justo",
                "body": [
                    heading("Un fondo para el desarrollo de la organización"),
                    text(
                        "<p>Además del precio, el comprador paga una <b>prima de Comercio Justo</b> por "
                        "cada unidad vendida. Su uso lo decide la asamblea general, según un plan que "
                        "responde a las necesidades de los socios y de su comunidad: productividad, "
                        "calidad, educación, salud o ambiente.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>La prima no es un ingreso del consejo ni de la gerencia. Cada "
                        "gasto debe estar en el plan aprobado y justificarse ante la "
                        "asamblea.</p>",
                    ),
                    material("premium-plan-template", "La plantilla sigue los pasos de esta lección."),
                ],
            },
            "en": {
                "title": "The Fair Trade premium",
                "slug": "fair-trade-premium",
                "body": [
                    heading("A fund for the organisation's development"),
                    text(
                        "<p>On top of the price, the buyer pays a <b>Fair Trade premium</b> for each unit "
                        "sold. The general assembly decides how it is used, following a plan that meets "
                        "the needs of members and their community: productivity, quality, education, "
                        "health or the environment.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>The premium is not income for the board or the management. Every "
                        "expense must be in the approved plan and be accounted for to the "
                        "assembly.</p>",
                    ),
                    material("premium-plan-template", "The template follows the steps of this lesson."),
                ],
            },
            "pt": {
                "title": "O prêmio do Comércio Justo",
                "slug": "premio-comercio-justo",
                "body": [
                    heading("Um fundo para o desenvolvimento da organização"),
                    text(
                        "<p>Além do preço, o comprador paga um <b>prêmio do Comércio Justo</b> por unidade "
                        "vendida. Seu uso é decidido pela assembleia geral, segundo um plano que responde "
                        "às necessidades dos associados e da comunidade: produtividade, qualidade, "
                        "educação, saúde ou meio ambiente.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>O prêmio não é receita do conselho nem da gerência. Cada gasto "
                        "deve estar no plano aprovado e ser justificado perante a "
                        "assembleia.</p>",
                    ),
                    material("premium-plan-template", "O modelo segue os passos desta lição."),
                ],
            },
        },
        {
            "minutes": 30,
            "es": {
                "title": "Contratos de exportación",
                "slug": "contratos-de-exportacion",
                "body": [
                    heading("Lo que debe decir un buen contrato"),
                    text(
                        "<p>Un contrato de exportación de Comercio Justo fija el producto, la cantidad y la "
                        "calidad, el <b>precio mínimo</b> o el precio de mercado si es mayor, la prima, las "
                        "condiciones de entrega y de pago, y la posibilidad de "
                        "<b>prefinanciamiento</b> de hasta el 60 % del valor del contrato.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Nunca firme un contrato que la cooperativa no pueda cumplir: "
                        "compare siempre los volúmenes comprometidos con el acopio "
                        "esperado.</p>",
                    ),
                    material("export-contract-template"),
                    quiz(
                        "Comprobemos lo aprendido",
                        [
                            question(
                                "¿Quién decide el uso de la prima de Comercio Justo?",
                                ["El comprador", "La gerencia", "La asamblea general"],
                                2,
                            ),
                            question(
                                "Si el precio de mercado supera el precio mínimo, se paga…",
                                ["el precio mínimo", "el precio de mercado", "el promedio de ambos"],
                                1,
                            ),
                            question(
                                "¿Para qué sirve registrar las entregas por socio y por lote?",
                                [
                                    "Para demostrar el origen y responder a reclamos",
                                    "Solo para calcular impuestos",
                                    "No es necesario en Comercio Justo",
                                ],
                                0,
                            ),
                        ],
                    ),
                ],
            },
            "en": {
                "title": "Export contracts",
                "slug": "export-contracts",
                "body": [
                    heading("What a good contract must say"),
                    text(
                        "<p>A Fair Trade export contract sets the product, the quantity and the quality, "
                        "the <b>minimum price</b> or the market price if higher, the premium, the delivery "
                        "and payment terms, and the option of <b>pre-financing</b> of up to 60% of the "
                        "contract value.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Never sign a contract the cooperative cannot fulfil: always compare "
                        "the volumes committed with the expected collection.</p>",
                    ),
                    material("export-contract-template"),
                    quiz(
                        "Let's check what you have learnt",
                        [
                            question(
                                "Who decides how the Fair Trade premium is used?",
                                ["The buyer", "The management", "The general assembly"],
                                2,
                            ),
                            question(
                                "If the market price is above the minimum price, the buyer pays…",
                                ["the minimum price", "the market price", "the average of both"],
                                1,
                            ),
                            question(
                                "Why record deliveries by member and by lot?",
                                [
                                    "To prove the origin and answer complaints",
                                    "Only to calculate taxes",
                                    "It is not needed in Fair Trade",
                                ],
                                0,
                            ),
                        ],
                    ),
                ],
            },
            "pt": {
                "title": "Contratos de exportação",
                "slug": "contratos-de-exportacao",
                "body": [
                    heading("O que um bom contrato deve dizer"),
                    text(
                        "<p>Um contrato de exportação do Comércio Justo define o produto, a quantidade e a "
                        "qualidade, o <b>preço mínimo</b> ou o preço de mercado se for maior, o prêmio, as "
                        "condições de entrega e de pagamento, e a possibilidade de "
                        "<b>pré-financiamento</b> de até 60% do valor do contrato.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Nunca assine um contrato que a cooperativa não possa cumprir: "
                        "compare sempre os volumes comprometidos com o recebimento "
                        "esperado.</p>",
                    ),
                    material("export-contract-template"),
                    quiz(
                        "Vamos verificar o que você aprendeu",
                        [
                            question(
                                "Quem decide o uso do prêmio do Comércio Justo?",
                                ["O comprador", "A gerência", "A assembleia geral"],
                                2,
                            ),
                            question(
                                "Se o preço de mercado for maior que o preço mínimo, paga-se…",
                                ["o preço mínimo", "o preço de mercado", "a média dos dois"],
                                1,
                            ),
                            question(
                                "Para que serve registrar as entregas por associado e por lote?",
                                [
                                    "Para comprovar a origem e responder a reclamações",
                                    "Só para calcular impostos",
                                    "Não é necessário no Comércio Justo",
                                ],
                                0,
                            ),
                        ],
                    ),
                ],
            },
        },
    ],
}
