"""Demo course: organisational strengthening — governance, the general assembly and the statutes."""

from .helpers import audio, callout, heading, material, question, quiz, text, video

COURSE = {
    "key": "governance",
    "access_level": "public",
    "hours": "4",
    "topics": ["governance", "cooperativism"],
    "colour": (46, 125, 50),
    "es": {
        "title": "Fortalecimiento organizativo: gobernanza de la cooperativa",
        "slug": "gobernanza-cooperativa",
        "summary": "Cómo funciona una cooperativa de pequeños productores bien gobernada: sus órganos, "
        "la asamblea general, los estatutos y el reglamento interno.",
        "audience": "Socios y socias, consejos de administración y juntas de vigilancia",
        "outcomes": [
            "Explicar el papel de cada órgano de gobierno de la cooperativa",
            "Preparar y conducir una asamblea general válida",
            "Revisar los estatutos y el reglamento interno con una mirada crítica",
        ],
        "overview": "<p>La fuerza de una organización de Comercio Justo está en la participación de sus "
        "socios. Este curso recorre las reglas y prácticas que hacen que las decisiones sean legítimas, "
        "transparentes y respetadas.</p>",
    },
    "en": {
        "title": "Organisational strengthening: cooperative governance",
        "slug": "cooperative-governance",
        "summary": "How a well-governed small-producer cooperative works: its governing bodies, the general "
        "assembly, the statutes and the internal rules.",
        "audience": "Members, boards of directors and supervisory committees",
        "outcomes": [
            "Explain the role of each governing body of the cooperative",
            "Prepare and chair a valid general assembly",
            "Review the statutes and internal rules critically",
        ],
        "overview": "<p>The strength of a Fair Trade organisation lies in the participation of its members. "
        "This course covers the rules and practices that make decisions legitimate, transparent and "
        "respected.</p>",
    },
    "pt": {
        "title": "Fortalecimento organizacional: governança da cooperativa",
        "slug": "governanca-cooperativa",
        "summary": "Como funciona uma cooperativa de pequenos produtores bem governada: seus órgãos, a "
        "assembleia geral, o estatuto e o regimento interno.",
        "audience": "Associados e associadas, conselhos de administração e conselhos fiscais",
        "outcomes": [
            "Explicar o papel de cada órgão de governança da cooperativa",
            "Preparar e conduzir uma assembleia geral válida",
            "Revisar o estatuto e o regimento interno com olhar crítico",
        ],
        "overview": "<p>A força de uma organização do Comércio Justo está na participação dos seus "
        "associados. Este curso percorre as regras e práticas que tornam as decisões legítimas, "
        "transparentes e respeitadas.</p>",
    },
    "lessons": [
        {
            "minutes": 20,
            "es": {
                "title": "La cooperativa y sus órganos de gobierno",
                "slug": "organos-de-gobierno",
                "body": [
                    heading("Una empresa que pertenece a sus socios"),
                    text(
                        "<p>Una cooperativa es una empresa de propiedad conjunta y gestión democrática: "
                        "cada socio tiene un voto, sin importar cuánto produzca. Los siete principios "
                        "cooperativos —adhesión voluntaria, control democrático, participación económica, "
                        "autonomía, educación, cooperación entre cooperativas e interés por la comunidad— "
                        "guían su funcionamiento.</p>"
                    ),
                    heading("Quién decide qué", "h3"),
                    text(
                        "<ul><li><b>Asamblea general:</b> la máxima autoridad; aprueba estatutos, cuentas "
                        "y el plan de la prima.</li><li><b>Consejo de administración:</b> ejecuta los "
                        "acuerdos y dirige la gestión.</li><li><b>Junta de vigilancia:</b> controla que "
                        "se cumplan las reglas y los acuerdos.</li></ul>"
                    ),
                    callout(
                        "tip",
                        "<p>Publique en un lugar visible quién integra cada órgano y hasta "
                        "cuándo dura su mandato.</p>",
                    ),
                    video("asamblea", "Una asamblea general (video de demostración, con subtítulos)"),
                    audio("entrevista", "Entrevista con la gerente (grabación de demostración)"),
                    material("governance-checklist", "Úsela para revisar cómo está su cooperativa hoy."),
                ],
            },
            "en": {
                "title": "The cooperative and its governing bodies",
                "slug": "governing-bodies",
                "body": [
                    heading("A business owned by its members"),
                    text(
                        "<p>A cooperative is a jointly owned, democratically controlled business: each "
                        "member has one vote, however much they produce. The seven cooperative principles "
                        "— voluntary membership, democratic control, economic participation, autonomy, "
                        "education, cooperation among cooperatives and concern for community — guide how "
                        "it works.</p>"
                    ),
                    heading("Who decides what", "h3"),
                    text(
                        "<ul><li><b>General assembly:</b> the highest authority; it approves the statutes, "
                        "the accounts and the premium plan.</li><li><b>Board of directors:</b> carries "
                        "out the decisions and runs the business.</li><li><b>Supervisory committee:</b> "
                        "checks that rules and decisions are followed.</li></ul>"
                    ),
                    callout(
                        "tip",
                        "<p>Post in a visible place who sits on each body and when their term ends.</p>",
                    ),
                    video("asamblea", "A general assembly (demo video, with captions)"),
                    audio("entrevista", "Interview with the manager (demo recording)"),
                    material("governance-checklist", "Use it to review where your cooperative stands today."),
                ],
            },
            "pt": {
                "title": "A cooperativa e seus órgãos de governança",
                "slug": "orgaos-de-governanca",
                "body": [
                    heading("Uma empresa que pertence aos seus associados"),
                    text(
                        "<p>Uma cooperativa é uma empresa de propriedade coletiva e gestão democrática: "
                        "cada associado tem um voto, independentemente de quanto produz. Os sete princípios "
                        "cooperativistas — adesão voluntária, gestão democrática, participação econômica, "
                        "autonomia, educação, intercooperação e interesse pela comunidade — orientam seu "
                        "funcionamento.</p>"
                    ),
                    heading("Quem decide o quê", "h3"),
                    text(
                        "<ul><li><b>Assembleia geral:</b> a autoridade máxima; aprova o estatuto, as contas "
                        "e o plano do prêmio.</li><li><b>Conselho de administração:</b> executa as "
                        "decisões e dirige a gestão.</li><li><b>Conselho fiscal:</b> verifica se as "
                        "regras e decisões são cumpridas.</li></ul>"
                    ),
                    callout(
                        "tip",
                        "<p>Divulgue em lugar visível quem integra cada órgão e até quando vai "
                        "o seu mandato.</p>",
                    ),
                    video("asamblea", "Uma assembleia geral (vídeo de demonstração, com legendas)"),
                    audio("entrevista", "Entrevista com a gerente (gravação de demonstração)"),
                    material("governance-checklist", "Use-a para avaliar como está a sua cooperativa hoje."),
                ],
            },
        },
        {
            "minutes": 25,
            "es": {
                "title": "La asamblea general",
                "slug": "asamblea-general",
                "body": [
                    heading("Preparar la asamblea"),
                    text(
                        "<p>Una asamblea bien preparada empieza semanas antes: el consejo fija el orden del "
                        "día, publica la convocatoria en el plazo que marcan los estatutos y pone a "
                        "disposición de los socios las cuentas y los informes que se van a votar.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>Sin el quórum que exigen los estatutos, los acuerdos de la "
                        "asamblea pueden ser impugnados. Verifíquelo al abrir la sesión y "
                        "déjelo en el acta.</p>",
                    ),
                    heading("Durante y después", "h3"),
                    text(
                        "<p>Quien preside da la palabra con equidad, cuida que hablen también las mujeres y "
                        "los jóvenes, y somete cada punto a votación. El acta recoge los acuerdos, los "
                        "votos y las firmas, y se comunica a todos los socios.</p>"
                    ),
                    material("assembly-guide", "Incluye un modelo de convocatoria."),
                ],
            },
            "en": {
                "title": "The general assembly",
                "slug": "general-assembly",
                "body": [
                    heading("Preparing the assembly"),
                    text(
                        "<p>A well-prepared assembly starts weeks ahead: the board sets the agenda, "
                        "publishes the notice within the period set by the statutes and makes the accounts "
                        "and reports to be voted on available to members.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>Without the quorum the statutes require, the assembly's decisions "
                        "can be challenged. Check it when the meeting opens and record it in "
                        "the minutes.</p>",
                    ),
                    heading("During and after", "h3"),
                    text(
                        "<p>The chair gives the floor fairly, makes sure women and young people speak too, "
                        "and puts each item to the vote. The minutes record the decisions, the votes and "
                        "the signatures, and are shared with all members.</p>"
                    ),
                    material("assembly-guide", "Includes a model notice of meeting."),
                ],
            },
            "pt": {
                "title": "A assembleia geral",
                "slug": "assembleia-geral",
                "body": [
                    heading("Preparar a assembleia"),
                    text(
                        "<p>Uma assembleia bem preparada começa semanas antes: o conselho define a pauta, "
                        "publica o edital de convocação no prazo previsto no estatuto e disponibiliza aos "
                        "associados as contas e os relatórios que serão votados.</p>"
                    ),
                    callout(
                        "warning",
                        "<p>Sem o quórum exigido pelo estatuto, as decisões da assembleia "
                        "podem ser contestadas. Confira-o na abertura e registre-o na "
                        "ata.</p>",
                    ),
                    heading("Durante e depois", "h3"),
                    text(
                        "<p>Quem preside distribui a palavra com equidade, garante que mulheres e jovens "
                        "também falem e coloca cada ponto em votação. A ata registra as decisões, os votos "
                        "e as assinaturas, e é divulgada a todos os associados.</p>"
                    ),
                    material("assembly-guide", "Inclui um modelo de edital de convocação."),
                ],
            },
        },
        {
            "minutes": 30,
            "es": {
                "title": "Estatutos y reglamento interno",
                "slug": "estatutos-y-reglamento",
                "body": [
                    heading("Las reglas de la casa"),
                    text(
                        "<p>Los <b>estatutos</b> son la norma fundamental de la cooperativa: definen su "
                        "objeto, quién puede ser socio, cómo se eligen los órganos y cómo se reparten los "
                        "resultados. El <b>reglamento interno</b> detalla el día a día: entregas, pagos, "
                        "sanciones y uso de los servicios.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Los sistemas de certificación de Comercio Justo revisan que los "
                        "estatutos garanticen la toma democrática de decisiones y la "
                        "transparencia en el uso de la prima.</p>",
                    ),
                    material("statutes-template", "Un modelo comentado para comparar con sus estatutos."),
                    quiz(
                        "¿Qué aprendió sobre la gobernanza?",
                        [
                            question(
                                "¿Cuál es la máxima autoridad de la cooperativa?",
                                ["El gerente", "La asamblea general", "El consejo de administración"],
                                1,
                            ),
                            question(
                                "En una cooperativa, cada socio tiene…",
                                [
                                    "un voto por cada quintal entregado",
                                    "un voto",
                                    "tantos votos como años de antigüedad",
                                ],
                                1,
                                "El control democrático significa una persona, un voto.",
                            ),
                            question(
                                "¿Qué órgano controla que se cumplan las reglas y los acuerdos?",
                                ["La junta de vigilancia", "El comité de calidad", "El comprador"],
                                0,
                            ),
                            question(
                                "¿Dónde se detallan las entregas, los pagos y las sanciones?",
                                [
                                    "En el contrato de exportación",
                                    "En el reglamento interno",
                                    "En el acta de constitución",
                                ],
                                1,
                            ),
                        ],
                        pass_mark=75,
                    ),
                ],
            },
            "en": {
                "title": "Statutes and internal rules",
                "slug": "statutes-and-rules",
                "body": [
                    heading("The rules of the house"),
                    text(
                        "<p>The <b>statutes</b> are the cooperative's founding rules: they define its "
                        "purpose, who may be a member, how the governing bodies are elected and how "
                        "surpluses are shared. The <b>internal rules</b> set out daily matters: "
                        "deliveries, payments, sanctions and use of services.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Fair Trade certification systems check that the statutes guarantee "
                        "democratic decision-making and transparency in the use of the "
                        "premium.</p>",
                    ),
                    material("statutes-template", "An annotated model to compare with your own statutes."),
                    quiz(
                        "What have you learnt about governance?",
                        [
                            question(
                                "What is the highest authority of the cooperative?",
                                ["The manager", "The general assembly", "The board of directors"],
                                1,
                            ),
                            question(
                                "In a cooperative, each member has…",
                                [
                                    "one vote per bag delivered",
                                    "one vote",
                                    "as many votes as years of membership",
                                ],
                                1,
                                "Democratic control means one member, one vote.",
                            ),
                            question(
                                "Which body checks that rules and decisions are followed?",
                                ["The supervisory committee", "The quality committee", "The buyer"],
                                0,
                            ),
                            question(
                                "Where are deliveries, payments and sanctions set out?",
                                ["In the export contract", "In the internal rules", "In the founding deed"],
                                1,
                            ),
                        ],
                        pass_mark=75,
                    ),
                ],
            },
            "pt": {
                "title": "Estatuto e regimento interno",
                "slug": "estatuto-e-regimento",
                "body": [
                    heading("As regras da casa"),
                    text(
                        "<p>O <b>estatuto</b> é a norma fundamental da cooperativa: define seu objeto, quem "
                        "pode ser associado, como os órgãos são eleitos e como as sobras são distribuídas. "
                        "O <b>regimento interno</b> detalha o dia a dia: entregas, pagamentos, sanções e "
                        "uso dos serviços.</p>"
                    ),
                    callout(
                        "info",
                        "<p>Os sistemas de certificação do Comércio Justo verificam se o "
                        "estatuto garante a tomada de decisões democrática e a transparência "
                        "no uso do prêmio.</p>",
                    ),
                    material("statutes-template", "Um modelo comentado para comparar com o seu estatuto."),
                    quiz(
                        "O que você aprendeu sobre governança?",
                        [
                            question(
                                "Qual é a autoridade máxima da cooperativa?",
                                ["O gerente", "A assembleia geral", "O conselho de administração"],
                                1,
                            ),
                            question(
                                "Numa cooperativa, cada associado tem…",
                                ["um voto por saca entregue", "um voto", "tantos votos quantos anos de casa"],
                                1,
                                "Gestão democrática significa uma pessoa, um voto.",
                            ),
                            question(
                                "Qual órgão verifica se as regras e decisões são cumpridas?",
                                ["O conselho fiscal", "O comitê de qualidade", "O comprador"],
                                0,
                            ),
                            question(
                                "Onde se detalham as entregas, os pagamentos e as sanções?",
                                ["No contrato de exportação", "No regimento interno", "Na ata de fundação"],
                                1,
                            ),
                        ],
                        pass_mark=75,
                    ),
                ],
            },
        },
    ],
}
