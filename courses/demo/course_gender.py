"""Demo course: gender equity in cooperatives."""

from .helpers import callout, heading, material, question, quiz, text

COURSE = {
    "key": "gender",
    "access_level": "authorised",
    "hours": "5",
    "topics": ["gender", "governance"],
    "colour": (123, 31, 162),
    "es": {
        "title": "Equidad de género en las cooperativas",
        "slug": "equidad-de-genero",
        "summary": "Por qué la equidad de género fortalece a la cooperativa, cómo aumentar la participación "
        "de las mujeres en sus órganos de gobierno y cómo construir una política de género con metas.",
        "audience": "Consejos de administración, comités de mujeres y equipos técnicos",
        "outcomes": [
            "Reconocer las brechas de género en la propia organización",
            "Proponer medidas para la participación de las mujeres en la dirigencia",
            "Formular una política de género con metas e indicadores",
        ],
        "overview": "<p>Las mujeres hacen buena parte del trabajo en las fincas y en el acopio, pero siguen "
        "siendo minoría entre las socias con tierra propia y en los consejos. Este curso ofrece "
        "herramientas para cambiarlo desde la propia cooperativa.</p>",
    },
    "en": {
        "title": "Gender equity in cooperatives",
        "slug": "gender-equity",
        "summary": "Why gender equity makes the cooperative stronger, how to increase women's participation "
        "in its governing bodies, and how to build a gender policy with goals.",
        "audience": "Boards of directors, women's committees and technical teams",
        "outcomes": [
            "Recognise the gender gaps in your own organisation",
            "Propose measures for women's participation in leadership",
            "Draft a gender policy with goals and indicators",
        ],
        "overview": "<p>Women do a large share of the work on the farms and at collection, yet they remain a "
        "minority among members who own land and on the boards. This course offers tools to change that "
        "from within the cooperative.</p>",
    },
    "pt": {
        "title": "Equidade de gênero nas cooperativas",
        "slug": "equidade-de-genero",
        "summary": "Por que a equidade de gênero fortalece a cooperativa, como aumentar a participação das "
        "mulheres nos órgãos de governança e como construir uma política de gênero com metas.",
        "audience": "Conselhos de administração, comitês de mulheres e equipes técnicas",
        "outcomes": [
            "Reconhecer as desigualdades de gênero na própria organização",
            "Propor medidas para a participação das mulheres na direção",
            "Formular uma política de gênero com metas e indicadores",
        ],
        "overview": "<p>As mulheres fazem boa parte do trabalho nas propriedades e no recebimento, mas "
        "continuam sendo minoria entre as associadas com terra própria e nos conselhos. Este curso "
        "oferece ferramentas para mudar isso a partir da própria cooperativa.</p>",
    },
    "lessons": [
        {
            "minutes": 20,
            "es": {
                "title": "Por qué importa la equidad de género",
                "slug": "por-que-importa",
                "body": [
                    heading("Las brechas que no se ven"),
                    text(
                        "<p>En muchas cooperativas la socia registrada es el esposo, aunque la finca la "
                        "trabaje toda la familia. Así, las mujeres quedan fuera de la asamblea, del "
                        "crédito y de la capacitación. Reconocer esta brecha es el primer paso.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Los estándares de Comercio Justo prohíben la discriminación y piden "
                        "a las organizaciones promover la participación de las mujeres.</p>",
                    ),
                    heading("Un ejercicio para empezar", "h3"),
                    text(
                        "<ol><li>Cuente cuántas mujeres son socias y cuántas integran cada órgano.</li>"
                        "<li>Compare con el número de mujeres que trabajan en las fincas.</li>"
                        "<li>Presente los resultados en la próxima asamblea.</li></ol>"
                    ),
                ],
            },
            "en": {
                "title": "Why gender equity matters",
                "slug": "why-it-matters",
                "body": [
                    heading("The gaps you do not see"),
                    text(
                        "<p>In many cooperatives the registered member is the husband, even though the "
                        "whole family works the farm. As a result, women are left out of the assembly, "
                        "credit and training. Recognising this gap is the first step.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Fair Trade standards forbid discrimination and ask organisations to "
                        "promote women's participation.</p>",
                    ),
                    heading("An exercise to get started", "h3"),
                    text(
                        "<ol><li>Count how many members are women and how many sit on each body.</li>"
                        "<li>Compare with the number of women working on the farms.</li>"
                        "<li>Present the results at the next assembly.</li></ol>"
                    ),
                ],
            },
            "pt": {
                "title": "Por que a equidade de gênero importa",
                "slug": "por-que-importa",
                "body": [
                    heading("As desigualdades que não se veem"),
                    text(
                        "<p>Em muitas cooperativas o associado registrado é o marido, embora toda a família "
                        "trabalhe na propriedade. Assim, as mulheres ficam fora da assembleia, do crédito "
                        "e da capacitação. Reconhecer essa desigualdade é o primeiro passo.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Os padrões do Comércio Justo proíbem a discriminação e pedem às "
                        "organizações que promovam a participação das mulheres.</p>",
                    ),
                    heading("Um exercício para começar", "h3"),
                    text(
                        "<ol><li>Conte quantas mulheres são associadas e quantas integram cada órgão.</li>"
                        "<li>Compare com o número de mulheres que trabalham nas propriedades.</li>"
                        "<li>Apresente os resultados na próxima assembleia.</li></ol>"
                    ),
                ],
            },
        },
        {
            "minutes": 25,
            "es": {
                "title": "Mujeres en la dirección de la cooperativa",
                "slug": "mujeres-en-la-direccion",
                "body": [
                    heading("De la base a la dirigencia"),
                    text(
                        "<p>Las medidas que mejor funcionan combinan reglas y acompañamiento: membresía "
                        "individual para las mujeres de la familia, cuotas en los órganos de gobierno, "
                        "horarios de reunión compatibles con el cuidado y formación en liderazgo.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Un comité de mujeres con presupuesto propio, financiado con parte de "
                        "la prima, da continuidad a estas medidas.</p>",
                    ),
                    material("cocoa-women-case", "Una experiencia real, paso a paso."),
                ],
            },
            "en": {
                "title": "Women in the cooperative's leadership",
                "slug": "women-in-leadership",
                "body": [
                    heading("From the grassroots to leadership"),
                    text(
                        "<p>The measures that work best combine rules and support: individual membership "
                        "for the women of the family, quotas in the governing bodies, meeting times that "
                        "fit around care work, and leadership training.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>A women's committee with its own budget, funded by part of the "
                        "premium, keeps these measures going.</p>",
                    ),
                    material("cocoa-women-case", "A real experience, step by step."),
                ],
            },
            "pt": {
                "title": "Mulheres na direção da cooperativa",
                "slug": "mulheres-na-direcao",
                "body": [
                    heading("Da base à direção"),
                    text(
                        "<p>As medidas que funcionam melhor combinam regras e acompanhamento: associação "
                        "individual para as mulheres da família, cotas nos órgãos de governança, "
                        "horários de reunião compatíveis com o trabalho de cuidado e formação em "
                        "liderança.</p>"
                    ),
                    callout(
                        "tip",
                        "<p>Um comitê de mulheres com orçamento próprio, financiado com parte do "
                        "prêmio, dá continuidade a essas medidas.</p>",
                    ),
                    material("cocoa-women-case", "Uma experiência real, passo a passo."),
                ],
            },
        },
        {
            "minutes": 30,
            "es": {
                "title": "La política de género de la cooperativa",
                "slug": "politica-de-genero",
                "body": [
                    heading("De las intenciones a las metas"),
                    text(
                        "<p>Una política de género aprobada por la asamblea convierte los compromisos en "
                        "metas medibles —por ejemplo, un 40 % de mujeres en el consejo en cuatro años— con "
                        "responsables, presupuesto e indicadores que se revisan cada año.</p>"
                    ),
                    material("gender-policy-guide"),
                    quiz(
                        "Equidad de género: repaso",
                        [
                            question(
                                "¿Cuál es el primer paso para una política de género?",
                                [
                                    "Contratar a una consultora",
                                    "Un diagnóstico con datos de socias y socios",
                                    "Cambiar el nombre de la cooperativa",
                                ],
                                1,
                            ),
                            question(
                                "¿Qué medida facilita la participación de las mujeres en las reuniones?",
                                [
                                    "Horarios compatibles con el trabajo de cuidado",
                                    "Reuniones más largas",
                                    "Votar sólo a mano alzada",
                                ],
                                0,
                            ),
                            question(
                                "¿Quién aprueba la política de género?",
                                ["El comprador", "La certificadora", "La asamblea general"],
                                2,
                            ),
                        ],
                        pass_mark=67,
                    ),
                ],
            },
            "en": {
                "title": "The cooperative's gender policy",
                "slug": "gender-policy",
                "body": [
                    heading("From intentions to goals"),
                    text(
                        "<p>A gender policy approved by the assembly turns commitments into measurable "
                        "goals — for example, 40% women on the board within four years — with people in "
                        "charge, a budget and indicators reviewed every year.</p>"
                    ),
                    material("gender-policy-guide"),
                    quiz(
                        "Gender equity: review",
                        [
                            question(
                                "What is the first step towards a gender policy?",
                                [
                                    "Hiring a consultant",
                                    "An assessment with data on women and men members",
                                    "Renaming the cooperative",
                                ],
                                1,
                            ),
                            question(
                                "Which measure makes it easier for women to take part in meetings?",
                                [
                                    "Meeting times that fit around care work",
                                    "Longer meetings",
                                    "Voting only by show of hands",
                                ],
                                0,
                            ),
                            question(
                                "Who approves the gender policy?",
                                ["The buyer", "The certifier", "The general assembly"],
                                2,
                            ),
                        ],
                        pass_mark=67,
                    ),
                ],
            },
            "pt": {
                "title": "A política de gênero da cooperativa",
                "slug": "politica-de-genero",
                "body": [
                    heading("Das intenções às metas"),
                    text(
                        "<p>Uma política de gênero aprovada pela assembleia transforma compromissos em "
                        "metas mensuráveis — por exemplo, 40% de mulheres no conselho em quatro anos — com "
                        "responsáveis, orçamento e indicadores revisados a cada ano.</p>"
                    ),
                    material("gender-policy-guide"),
                    quiz(
                        "Equidade de gênero: revisão",
                        [
                            question(
                                "Qual é o primeiro passo para uma política de gênero?",
                                [
                                    "Contratar uma consultoria",
                                    "Um diagnóstico com dados de associadas e associados",
                                    "Mudar o nome da cooperativa",
                                ],
                                1,
                            ),
                            question(
                                "Que medida facilita a participação das mulheres nas reuniões?",
                                [
                                    "Horários compatíveis com o trabalho de cuidado",
                                    "Reuniões mais longas",
                                    "Votar só levantando a mão",
                                ],
                                0,
                            ),
                            question(
                                "Quem aprova a política de gênero?",
                                ["O comprador", "A certificadora", "A assembleia geral"],
                                2,
                            ),
                        ],
                        pass_mark=67,
                    ),
                ],
            },
        },
    ],
}
