"""The demo's privacy policy, terms of use, help and contact pages (portal/models/site_pages.py), in the three
content languages: short texts of the kind a network would write, not legal advice."""

from datetime import date

VERSION = "2026-1"
IN_FORCE = date(2026, 1, 15)


def _text(html: str) -> dict:
    return {"type": "text", "value": html}


def _heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def _question(question: str, answer: str) -> dict:
    return {"type": "question", "value": {"question": question, "answer": answer}}


PRIVACY = {
    "es": {
        "title": "Política de privacidad",
        "slug": "privacidad",
        "intro": "Qué datos personales guarda Cla@se, para qué y cómo puede usted consultarlos o borrarlos.",
        "body": [
            _heading("Quién es responsable"),
            _text(
                "<p>La Red de Pequeños Productores de Comercio Justo administra Cla@se. Tratamos sus datos "
                "según la Ley General de Protección de Datos de Brasil (LGPD), la Ley Federal de Protección "
                "de Datos Personales en Posesión de los Particulares de México, la Ley 1581 de 2012 de "
                "Colombia y, para las personas e instituciones de la Unión Europea, el Reglamento General de "
                "Protección de Datos (RGPD).</p>"
            ),
            _heading("Qué datos guardamos"),
            _text(
                "<ul><li>Su cuenta: correo electrónico, nombre e idioma.</li>"
                "<li>Su organización y, si solicita autorización, lo que nos cuenta en la solicitud.</li>"
                "<li>Su aprendizaje: cursos, lecciones, cuestionarios y certificados.</li>"
                "<li>Sus descargas y las licencias que aceptó.</li>"
                "<li>Sus compras: pedidos, recibos y reembolsos. El pago con tarjeta lo procesa Stripe; "
                "nunca vemos su tarjeta.</li></ul>"
            ),
            _heading("Cuánto tiempo"),
            _text(
                "<p>Mientras tenga una cuenta. Los registros de descargas y las respuestas de los "
                "cuestionarios dejan de estar ligados a usted a los dos años. Los pedidos y las facturas se "
                "conservan el tiempo que exige la ley contable, sin más datos suyos de los que necesitan.</p>"
            ),
            _heading("Sus derechos"),
            _text(
                "<p>Desde «Mi cuenta» puede descargar una copia de todos sus datos y eliminar su cuenta. "
                "Para corregir algo o para cualquier otra solicitud, escríbanos desde la página de "
                "contacto.</p>"
            ),
        ],
    },
    "en": {
        "title": "Privacy policy",
        "slug": "privacy",
        "intro": "What personal data Cla@se keeps, what for, and how you can see it or delete it.",
        "body": [
            _heading("Who is responsible"),
            _text(
                "<p>The Network of Fair Trade Small Producers runs Cla@se. We treat your data under Brazil's "
                "General Data Protection Law (LGPD), Mexico's Federal Law on the Protection of Personal Data "
                "Held by Private Parties, Colombia's Law 1581 of 2012 and, for people and institutions in "
                "the European Union, the General Data Protection Regulation (GDPR).</p>"
            ),
            _heading("What we keep"),
            _text(
                "<ul><li>Your account: e-mail address, name and language.</li>"
                "<li>Your organisation and, if you ask for authorisation, what you tell us in the "
                "request.</li>"
                "<li>Your learning: courses, lessons, quizzes and certificates.</li>"
                "<li>Your downloads and the licences you accepted.</li>"
                "<li>Your purchases: orders, receipts and refunds. Card payments are processed by Stripe; "
                "we never see your card.</li></ul>"
            ),
            _heading("For how long"),
            _text(
                "<p>As long as you have an account. Download records and quiz answers stop being linked to "
                "you after two years. Orders and invoices are kept as long as accounting law requires, "
                "with no more of your data than they need.</p>"
            ),
            _heading("Your rights"),
            _text(
                "<p>From “My account” you can download a copy of all your data and delete your account. "
                "To correct something, or for any other request, write to us from the contact page.</p>"
            ),
        ],
    },
    "pt": {
        "title": "Política de privacidade",
        "slug": "privacidade",
        "intro": "Quais dados pessoais a Cla@se guarda, para quê, e como você pode consultá-los ou "
        "apagá-los.",
        "body": [
            _heading("Quem é responsável"),
            _text(
                "<p>A Rede de Pequenos Produtores do Comércio Justo administra a Cla@se. Tratamos os seus "
                "dados de acordo com a Lei Geral de Proteção de Dados (LGPD), a lei federal mexicana de "
                "proteção de dados pessoais, a Lei 1581 de 2012 da Colômbia e, para pessoas e instituições "
                "da União Europeia, o Regulamento Geral sobre a Proteção de Dados (RGPD).</p>"
            ),
            _heading("Quais dados guardamos"),
            _text(
                "<ul><li>A sua conta: e-mail, nome e idioma.</li>"
                "<li>A sua organização e, se você solicitar autorização, o que nos conta na "
                "solicitação.</li>"
                "<li>O seu aprendizado: cursos, lições, questionários e certificados.</li>"
                "<li>Os seus downloads e as licenças que você aceitou.</li>"
                "<li>As suas compras: pedidos, recibos e reembolsos. O pagamento com cartão é processado "
                "pela Stripe; nunca vemos o seu cartão.</li></ul>"
            ),
            _heading("Por quanto tempo"),
            _text(
                "<p>Enquanto você tiver uma conta. Os registros de downloads e as respostas dos "
                "questionários deixam de estar ligados a você após dois anos. Pedidos e notas fiscais são "
                "guardados pelo tempo que a lei contábil exige, sem mais dados seus do que o necessário.</p>"
            ),
            _heading("Os seus direitos"),
            _text(
                "<p>Em “Minha conta” você pode baixar uma cópia de todos os seus dados e excluir a sua "
                "conta. Para corrigir algo, ou para qualquer outra solicitação, escreva para nós pela página "
                "de contato.</p>"
            ),
        ],
    },
}

TERMS = {
    "es": {
        "title": "Condiciones de uso",
        "slug": "condiciones-de-uso",
        "intro": "Lo que usted acepta al crear una cuenta en Cla@se.",
        "body": [
            _text(
                "<ol><li>Los cursos y materiales son para su propia formación y la de las organizaciones "
                "con las que trabaja.</li>"
                "<li>Respete la licencia de cada material: mantenga los créditos de sus autores y aliados, "
                "y no lo venda ni lo comparta fuera de ese trabajo si la licencia no lo permite.</li>"
                "<li>Su cuenta es personal: no comparta su contraseña.</li>"
                "<li>Las compras se pagan por adelantado; si algo falla, la coordinación revisa cada caso y "
                "puede reembolsarle.</li>"
                "<li>La Red puede suspender una cuenta o una autorización que se use mal.</li></ol>"
            ),
        ],
    },
    "en": {
        "title": "Terms of use",
        "slug": "terms-of-use",
        "intro": "What you accept when you open an account on Cla@se.",
        "body": [
            _text(
                "<ol><li>Courses and materials are for your own training and that of the organisations you "
                "work with.</li>"
                "<li>Respect each material's licence: keep the credits of its authors and partners, and do "
                "not sell it or share it outside that work unless the licence allows it.</li>"
                "<li>Your account is personal: do not share your password.</li>"
                "<li>Purchases are paid in advance; if something goes wrong, the coordinators look at each "
                "case and may refund you.</li>"
                "<li>The Network may suspend an account or an authorisation that is misused.</li></ol>"
            ),
        ],
    },
    "pt": {
        "title": "Termos de uso",
        "slug": "termos-de-uso",
        "intro": "O que você aceita ao criar uma conta na Cla@se.",
        "body": [
            _text(
                "<ol><li>Os cursos e materiais são para a sua própria formação e a das organizações com as "
                "quais você trabalha.</li>"
                "<li>Respeite a licença de cada material: mantenha os créditos dos autores e parceiros, e "
                "não o venda nem o compartilhe fora desse trabalho se a licença não permitir.</li>"
                "<li>A sua conta é pessoal: não compartilhe a sua senha.</li>"
                "<li>As compras são pagas antecipadamente; se algo der errado, a coordenação analisa cada "
                "caso e pode reembolsar você.</li>"
                "<li>A Rede pode suspender uma conta ou uma autorização mal utilizada.</li></ol>"
            ),
        ],
    },
}

HELP = {
    "es": {
        "title": "Ayuda",
        "slug": "ayuda",
        "intro": "Respuestas a las preguntas más frecuentes.",
        "body": [
            _question(
                "¿Quién puede abrir los cursos y materiales?",
                "<p>Muchos son de acceso libre. Otros son para las organizaciones socias de la Red o para "
                "personas autorizadas: cada uno lo indica y le dice cuál es el siguiente paso.</p>",
            ),
            _question(
                "¿Cómo obtengo un certificado?",
                "<p>Inscríbase en un curso, complete todas sus lecciones y apruebe sus cuestionarios. El "
                "certificado le llega por correo y queda en «Mi aprendizaje».</p>",
            ),
            _question(
                "¿Los miembros pagan por los materiales?",
                "<p>No: los miembros de las organizaciones socias abren sin pagar los materiales con precio. "
                "El precio es para las personas externas autorizadas.</p>",
            ),
            _question(
                "¿Cómo descargo mis datos o elimino mi cuenta?",
                "<p>Desde «Mi cuenta», en el apartado «Sus datos».</p>",
            ),
        ],
    },
    "en": {
        "title": "Help",
        "slug": "help",
        "intro": "Answers to the most frequent questions.",
        "body": [
            _question(
                "Who can open the courses and materials?",
                "<p>Many are open to everyone. Others are for the Network's member organisations or for "
                "authorised people: each one says so, and tells you the next step.</p>",
            ),
            _question(
                "How do I get a certificate?",
                "<p>Enrol in a course, complete all its lessons and pass its quizzes. The certificate "
                "reaches you by e-mail and stays in “My learning”.</p>",
            ),
            _question(
                "Do members pay for materials?",
                "<p>No: members of the member organisations open priced materials without paying. The price "
                "is for authorised external users.</p>",
            ),
            _question(
                "How do I download my data or delete my account?",
                "<p>From “My account”, in the “Your data” section.</p>",
            ),
        ],
    },
    "pt": {
        "title": "Ajuda",
        "slug": "ajuda",
        "intro": "Respostas às perguntas mais frequentes.",
        "body": [
            _question(
                "Quem pode abrir os cursos e materiais?",
                "<p>Muitos são de acesso livre. Outros são para as organizações membro da Rede ou para "
                "pessoas autorizadas: cada um informa isso e mostra o próximo passo.</p>",
            ),
            _question(
                "Como obtenho um certificado?",
                "<p>Inscreva-se em um curso, conclua todas as lições e seja aprovado nos questionários. O "
                "certificado chega por e-mail e fica em “Meu aprendizado”.</p>",
            ),
            _question(
                "Os membros pagam pelos materiais?",
                "<p>Não: os membros das organizações membro abrem os materiais com preço sem pagar. O preço "
                "é para os usuários externos autorizados.</p>",
            ),
            _question(
                "Como baixo os meus dados ou excluo a minha conta?",
                "<p>Em “Minha conta”, na seção “Os seus dados”.</p>",
            ),
        ],
    },
}

CONTACT = {
    "es": {
        "title": "Contacto",
        "slug": "contacto",
        "intro": "<p>¿Tiene una pregunta sobre un curso, su cuenta, una compra o sus datos? Escriba a la "
        "coordinación de la Red: le respondemos por correo electrónico.</p>",
        "thanks": "<p>Gracias por escribirnos. La coordinación suele responder en un plazo de cinco días "
        "hábiles.</p>",
    },
    "en": {
        "title": "Contact",
        "slug": "contact",
        "intro": "<p>A question about a course, your account, a purchase or your data? Write to the "
        "Network's coordinators: we answer by e-mail.</p>",
        "thanks": "<p>Thank you for writing to us. The coordinators usually answer within five working "
        "days.</p>",
    },
    "pt": {
        "title": "Contato",
        "slug": "contato",
        "intro": "<p>Tem uma pergunta sobre um curso, a sua conta, uma compra ou os seus dados? Escreva para "
        "a coordenação da Rede: respondemos por e-mail.</p>",
        "thanks": "<p>Obrigado por escrever para nós. A coordenação costuma responder em até cinco dias "
        "úteis.</p>",
    },
}

# Each page's kind (portal's InfoPage.Kind, or "contact") and its texts.
PAGES = {"privacy": PRIVACY, "terms": TERMS, "help": HELP, "contact": CONTACT}
