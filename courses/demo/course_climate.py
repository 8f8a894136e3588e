"""Demo course: climate change adaptation for producer organisations."""

from .helpers import callout, heading, material, question, quiz, text

COURSE = {
    "key": "climate",
    "access_level": "members",
    "hours": "5",
    "topics": ["climate"],
    "colour": (21, 101, 192),
    "es": {
        "title": "Adaptación al cambio climático en la cooperativa",
        "slug": "adaptacion-cambio-climatico",
        "summary": "Identificar los riesgos climáticos de la zona, conocer prácticas de adaptación probadas "
        "en fincas de pequeños productores y preparar el plan de adaptación de la cooperativa.",
        "audience": "Equipos técnicos, promotores y promotoras, y consejos de administración",
        "outcomes": [
            "Conducir un diagnóstico participativo de vulnerabilidad climática",
            "Elegir prácticas de adaptación adecuadas a cada zona",
            "Preparar y financiar un plan de adaptación",
        ],
        "overview": "<p>Lluvias irregulares, sequías más largas y nuevas plagas ya afectan a las cosechas. "
        "Este curso, reservado a las organizaciones socias, reúne la experiencia de la Red para "
        "anticiparse en lugar de reaccionar.</p>",
    },
    "en": {
        "title": "Climate change adaptation in the cooperative",
        "slug": "climate-change-adaptation",
        "summary": "Identify the climate risks of your area, learn adaptation practices proven on "
        "smallholder farms, and prepare the cooperative's adaptation plan.",
        "audience": "Technical teams, farmer promoters and boards of directors",
        "outcomes": [
            "Run a participatory climate vulnerability assessment",
            "Choose adaptation practices suited to each area",
            "Prepare and fund an adaptation plan",
        ],
        "overview": "<p>Irregular rains, longer droughts and new pests already affect harvests. This course, "
        "reserved for member organisations, brings together the Network's experience so that you can "
        "anticipate rather than react.</p>",
    },
    "pt": {
        "title": "Adaptação à mudança climática na cooperativa",
        "slug": "adaptacao-mudanca-climatica",
        "summary": "Identificar os riscos climáticos da região, conhecer práticas de adaptação testadas em "
        "propriedades de pequenos produtores e preparar o plano de adaptação da cooperativa.",
        "audience": "Equipes técnicas, promotores e promotoras, e conselhos de administração",
        "outcomes": [
            "Conduzir um diagnóstico participativo de vulnerabilidade climática",
            "Escolher práticas de adaptação adequadas a cada região",
            "Preparar e financiar um plano de adaptação",
        ],
        "overview": "<p>Chuvas irregulares, secas mais longas e novas pragas já afetam as colheitas. Este "
        "curso, reservado às organizações associadas, reúne a experiência da Rede para antecipar em vez "
        "de reagir.</p>",
    },
    "lessons": [
        {
            "minutes": 25,
            "es": {
                "title": "Los riesgos climáticos en la finca",
                "slug": "riesgos-climaticos",
                "body": [
                    heading("Amenaza, exposición y sensibilidad"),
                    text(
                        "<p>El riesgo climático de una familia depende de la <b>amenaza</b> (sequía, "
                        "helada, lluvias intensas), de su <b>exposición</b> (dónde está la parcela) y de su "
                        "<b>sensibilidad</b> (qué cultivo, qué variedad, cuántos ingresos alternativos "
                        "tiene). Un diagnóstico participativo reúne ese conocimiento zona por zona.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Los registros de lluvia que llevan algunos socios son oro: "
                        "súmelos al diagnóstico.</p>",
                    ),
                    material("climate-vulnerability", "La herramienta para facilitar los talleres."),
                ],
            },
            "en": {
                "title": "Climate risks on the farm",
                "slug": "climate-risks",
                "body": [
                    heading("Hazard, exposure and sensitivity"),
                    text(
                        "<p>A family's climate risk depends on the <b>hazard</b> (drought, frost, heavy "
                        "rain), on its <b>exposure</b> (where the plot is) and on its <b>sensitivity</b> "
                        "(which crop, which variety, how much other income it has). A participatory "
                        "assessment gathers that knowledge area by area.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>The rainfall records some members keep are gold: add them to the assessment.</p>",
                    ),
                    material("climate-vulnerability", "The tool for facilitating the workshops."),
                ],
            },
            "pt": {
                "title": "Os riscos climáticos na propriedade",
                "slug": "riscos-climaticos",
                "body": [
                    heading("Ameaça, exposição e sensibilidade"),
                    text(
                        "<p>O risco climático de uma família depende da <b>ameaça</b> (seca, geada, chuvas "
                        "intensas), da sua <b>exposição</b> (onde fica a parcela) e da sua "
                        "<b>sensibilidade</b> (qual cultura, qual variedade, quanta renda alternativa "
                        "tem). Um diagnóstico participativo reúne esse conhecimento região por região.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Os registros de chuva que alguns associados mantêm valem ouro: "
                        "incorpore-os ao diagnóstico.</p>",
                    ),
                    material("climate-vulnerability", "A ferramenta para facilitar as oficinas."),
                ],
            },
        },
        {
            "minutes": 30,
            "es": {
                "title": "Prácticas de adaptación",
                "slug": "practicas-de-adaptacion",
                "body": [
                    heading("Lo que ya funciona en las fincas"),
                    text(
                        "<ul><li><b>Sistemas agroforestales:</b> la sombra reduce la temperatura y protege "
                        "el suelo.</li><li><b>Cobertura y materia orgánica:</b> el suelo retiene más "
                        "agua.</li><li><b>Cosecha de agua:</b> reservorios y riego por goteo para los "
                        "meses secos.</li><li><b>Diversificación:</b> otros cultivos y fuentes de ingreso "
                        "reducen la dependencia de una sola cosecha.</li></ul>"
                    ),
                    callout(
                        "info",
                        "<p>Muchas de estas prácticas también capturan carbono y mejoran la "
                        "calidad del producto.</p>",
                    ),
                    material("coffee-adaptation-case", "Una cooperativa brasileña que resistió la sequía."),
                ],
            },
            "en": {
                "title": "Adaptation practices",
                "slug": "adaptation-practices",
                "body": [
                    heading("What already works on the farms"),
                    text(
                        "<ul><li><b>Agroforestry:</b> shade lowers the temperature and protects the "
                        "soil.</li>"
                        "<li><b>Ground cover and organic matter:</b> the soil holds more water.</li>"
                        "<li><b>Water harvesting:</b> ponds and drip irrigation for the dry months.</li>"
                        "<li><b>Diversification:</b> other crops and sources of income reduce dependence "
                        "on a single harvest.</li></ul>"
                    ),
                    callout(
                        "info",
                        "<p>Many of these practices also store carbon and improve the quality of "
                        "the product.</p>",
                    ),
                    material("coffee-adaptation-case", "A Brazilian cooperative that withstood drought."),
                ],
            },
            "pt": {
                "title": "Práticas de adaptação",
                "slug": "praticas-de-adaptacao",
                "body": [
                    heading("O que já funciona nas propriedades"),
                    text(
                        "<ul><li><b>Sistemas agroflorestais:</b> a sombra reduz a temperatura e protege o "
                        "solo.</li><li><b>Cobertura e matéria orgânica:</b> o solo retém mais água.</li>"
                        "<li><b>Captação de água:</b> reservatórios e irrigação por gotejamento para os "
                        "meses secos.</li><li><b>Diversificação:</b> outras culturas e fontes de renda "
                        "reduzem a dependência de uma única safra.</li></ul>"
                    ),
                    callout(
                        "info",
                        "<p>Muitas dessas práticas também capturam carbono e melhoram a "
                        "qualidade do produto.</p>",
                    ),
                    material("coffee-adaptation-case", "Uma cooperativa brasileira que resistiu à seca."),
                ],
            },
        },
        {
            "minutes": 25,
            "es": {
                "title": "El plan de adaptación de la cooperativa",
                "slug": "plan-de-adaptacion",
                "body": [
                    heading("Del diagnóstico a la acción"),
                    text(
                        "<p>El plan prioriza las zonas y familias más vulnerables, elige las prácticas, "
                        "calcula su costo y define cómo se financiarán: prima de Comercio Justo, fondos "
                        "climáticos, crédito o aportes de los compradores.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>Un plan sin responsables ni calendario se queda en el papel. "
                        "Preséntelo a la asamblea y revíselo cada año.</p>",
                    ),
                    quiz(
                        "Adaptación: repaso",
                        [
                            question(
                                "¿De qué depende el riesgo climático de una familia?",
                                [
                                    "Solo de la lluvia",
                                    "De la amenaza, la exposición y la sensibilidad",
                                    "Del precio del café",
                                ],
                                1,
                            ),
                            question(
                                "¿Qué práctica ayuda a que el suelo retenga más agua?",
                                [
                                    "Quemar los rastrojos",
                                    "La cobertura y la materia orgánica",
                                    "Arar en pendiente",
                                ],
                                1,
                            ),
                            question(
                                "¿Con qué puede financiarse un plan de adaptación?",
                                [
                                    "Con la prima, fondos climáticos o crédito",
                                    "Solo con donaciones",
                                    "No necesita financiamiento",
                                ],
                                0,
                            ),
                        ],
                    ),
                ],
            },
            "en": {
                "title": "The cooperative's adaptation plan",
                "slug": "adaptation-plan",
                "body": [
                    heading("From assessment to action"),
                    text(
                        "<p>The plan gives priority to the most vulnerable areas and families, chooses the "
                        "practices, calculates their cost and sets out how they will be funded: Fair Trade "
                        "premium, climate funds, credit or contributions from buyers.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>A plan without people in charge and a timetable stays on paper. "
                        "Present it to the assembly and review it every year.</p>",
                    ),
                    quiz(
                        "Adaptation: review",
                        [
                            question(
                                "What does a family's climate risk depend on?",
                                [
                                    "Only on rainfall",
                                    "On the hazard, the exposure and the sensitivity",
                                    "On the price of coffee",
                                ],
                                1,
                            ),
                            question(
                                "Which practice helps the soil hold more water?",
                                [
                                    "Burning crop residues",
                                    "Ground cover and organic matter",
                                    "Ploughing up and down slopes",
                                ],
                                1,
                            ),
                            question(
                                "How can an adaptation plan be funded?",
                                [
                                    "With the premium, climate funds or credit",
                                    "Only with donations",
                                    "It needs no funding",
                                ],
                                0,
                            ),
                        ],
                    ),
                ],
            },
            "pt": {
                "title": "O plano de adaptação da cooperativa",
                "slug": "plano-de-adaptacao",
                "body": [
                    heading("Do diagnóstico à ação"),
                    text(
                        "<p>O plano prioriza as regiões e famílias mais vulneráveis, escolhe as práticas, "
                        "calcula seu custo e define como serão financiadas: prêmio do Comércio Justo, "
                        "fundos climáticos, crédito ou contribuições dos compradores.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>Um plano sem responsáveis nem cronograma fica no papel. "
                        "Apresente-o à assembleia e revise-o todo ano.</p>",
                    ),
                    quiz(
                        "Adaptação: revisão",
                        [
                            question(
                                "Do que depende o risco climático de uma família?",
                                [
                                    "Só da chuva",
                                    "Da ameaça, da exposição e da sensibilidade",
                                    "Do preço do café",
                                ],
                                1,
                            ),
                            question(
                                "Que prática ajuda o solo a reter mais água?",
                                [
                                    "Queimar a palhada",
                                    "A cobertura e a matéria orgânica",
                                    "Arar morro abaixo",
                                ],
                                1,
                            ),
                            question(
                                "Como um plano de adaptação pode ser financiado?",
                                [
                                    "Com o prêmio, fundos climáticos ou crédito",
                                    "Só com doações",
                                    "Não precisa de financiamento",
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
