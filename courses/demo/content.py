"""Demo content shared by the whole site: page tree, topics, organisations, demo users and PDF labels.

Texts are given in the three content languages (es, en, pt); the courses and materials live in
their own modules and are gathered here.
"""

from datetime import date

from portal.roles import COORDINATORS, EDITORS

from .course_climate import COURSE as CLIMATE_COURSE
from .course_gender import COURSE as GENDER_COURSE
from .course_governance import COURSE as GOVERNANCE_COURSE
from .course_marketing import COURSE as MARKETING_COURSE
from .materials_content import MATERIALS

DEMO_PASSWORD = "demo-clase-2026"  # noqa: S105 — documented in the README, demo accounts only

NETWORK = {
    "es": "Red Latinoamericana y del Caribe de Pequeños Productores de Comercio Justo",
    "en": "Latin American and Caribbean Network of Fair Trade Small Producers",
    "pt": "Rede Latino-Americana e do Caribe de Pequenos Produtores do Comércio Justo",
}

HOME = {
    "es": {
        "title": "Cla@se: formación para organizaciones de Comercio Justo",
        "slug": "inicio",
        "intro": "Cursos y materiales de formación para las organizaciones de pequeños productores "
        "de Comercio Justo de América Latina y el Caribe.",
        "body": "<p>Cla@se reúne los cursos, guías, plantillas y estudios de caso que la Red y sus aliados "
        "han preparado para fortalecer a las cooperativas: gobernanza, calidad y comercialización, "
        "equidad de género y adaptación al cambio climático.</p>",
        "visitor_invitation": "<p>Muchos materiales son de acceso libre. Otros están reservados a las "
        "organizaciones socias o a personas autorizadas por la Red: "
        "regístrese y solicite la autorización desde su cuenta.</p>",
    },
    "en": {
        "title": "Cla@se: training for Fair Trade organisations",
        "slug": "home",
        "intro": "Courses and training materials for the Fair Trade small-producer organisations "
        "of Latin America and the Caribbean.",
        "body": "<p>Cla@se brings together the courses, guides, templates and case studies that the Network "
        "and its partners have prepared to strengthen cooperatives: governance, quality and marketing, "
        "gender equity and climate change adaptation.</p>",
        "visitor_invitation": "<p>Many materials are open to everyone. Others are reserved for member "
        "organisations or for people authorised by the Network: "
        "sign up and request authorisation from your account.</p>",
    },
    "pt": {
        "title": "Cla@se: formação para organizações do Comércio Justo",
        "slug": "pagina-inicial",
        "intro": "Cursos e materiais de formação para as organizações de pequenos produtores "
        "do Comércio Justo da América Latina e do Caribe.",
        "body": "<p>Cla@se reúne os cursos, guias, modelos e estudos de caso que a Rede e seus parceiros "
        "prepararam para fortalecer as cooperativas: governança, qualidade e comercialização, "
        "equidade de gênero e adaptação à mudança climática.</p>",
        "visitor_invitation": "<p>Muitos materiais são de acesso livre. Outros são reservados às "
        "organizações associadas ou a pessoas autorizadas pela Rede: "
        "cadastre-se e solicite a autorização na sua conta.</p>",
    },
}

COURSE_INDEX = {
    "es": {
        "title": "Cursos",
        "slug": "cursos",
        "intro": "<p>Cursos a su propio ritmo, con lecciones cortas, materiales de apoyo y cuestionarios "
        "para comprobar lo aprendido.</p>",
    },
    "en": {
        "title": "Courses",
        "slug": "courses",
        "intro": "<p>Self-paced courses with short lessons, supporting materials and quizzes "
        "to check what you have learnt.</p>",
    },
    "pt": {
        "title": "Cursos",
        "slug": "cursos",
        "intro": "<p>Cursos no seu próprio ritmo, com lições curtas, materiais de apoio e questionários "
        "para verificar o que foi aprendido.</p>",
    },
}

MATERIAL_INDEX = {
    "es": {
        "title": "Materiales",
        "slug": "materiales",
        "intro": "<p>Guías, listas de verificación, plantillas y estudios de caso para el trabajo diario "
        "de las organizaciones. Filtre por tema o por idioma.</p>",
    },
    "en": {
        "title": "Materials",
        "slug": "materials",
        "intro": "<p>Guides, checklists, templates and case studies for the daily work of producer "
        "organisations. Filter by topic or language.</p>",
    },
    "pt": {
        "title": "Materiais",
        "slug": "materiais",
        "intro": "<p>Guias, listas de verificação, modelos e estudos de caso para o trabalho diário "
        "das organizações. Filtre por tema ou idioma.</p>",
    },
}

# Topics become tags; each language's pages carry the tag names of their language.
TOPICS = {
    "governance": {"es": "gobernanza", "en": "governance", "pt": "governança"},
    "cooperativism": {"es": "cooperativismo", "en": "cooperatives", "pt": "cooperativismo"},
    "marketing": {"es": "comercialización", "en": "marketing", "pt": "comercialização"},
    "quality": {"es": "calidad", "en": "quality", "pt": "qualidade"},
    "premium": {
        "es": "prima de Comercio Justo",
        "en": "Fair Trade premium",
        "pt": "prêmio do Comércio Justo",
    },
    "export": {"es": "exportación", "en": "export", "pt": "exportação"},
    "gender": {"es": "género", "en": "gender", "pt": "gênero"},
    "climate": {"es": "cambio climático", "en": "climate change", "pt": "mudança climática"},
    "finance": {"es": "finanzas", "en": "finance", "pt": "finanças"},
    "traceability": {"es": "trazabilidad", "en": "traceability", "pt": "rastreabilidade"},
}

COURSES = [GOVERNANCE_COURSE, MARKETING_COURSE, GENDER_COURSE, CLIMATE_COURSE]

__all__ = ["COURSES", "MATERIALS"]

ORGANISATIONS = [
    {
        "name": "Cooperativa Café Sierra Nevada",
        "country": "CO",
        "kind": "cooperative",
        "status": "active",
        "member_since": date(2011, 3, 14),
    },
    {
        "name": "Asociación de Apicultoras Flor de Campo",
        "country": "MX",
        "kind": "association",
        "status": "active",
        "member_since": date(2016, 9, 1),
    },
    {
        "name": "Cooperativa Agraria Cacaotera Río Ene",
        "country": "PE",
        "kind": "cooperative",
        "status": "lapsed",
        "member_since": date(2009, 5, 20),
    },
]

# `group` names a role of portal/roles.py; `organisation` makes the user a verified member of it.
USERS = [
    {
        "email": "admin@clase.example",
        "role": "Administrator (superuser)",
        "full_name": "Lucía Fernández",
        "language": "es",
        "superuser": True,
    },
    {
        "email": "editor@clase.example",
        "role": "Editor",
        "full_name": "João Pereira",
        "language": "pt",
        "group": EDITORS,
    },
    {
        "email": "coordinator@clase.example",
        "role": "Learning coordinator",
        "full_name": "Rosa Elena Martínez",
        "language": "es",
        "group": COORDINATORS,
    },
    {
        "email": "member@clase.example",
        "role": "Member (Cooperativa Café Sierra Nevada)",
        "full_name": "Juan Carlos Torres",
        "language": "es",
        "organisation": "Cooperativa Café Sierra Nevada",
    },
    {
        "email": "manager@clase.example",
        "role": "Organisation manager (runs the training of Cooperativa Café Sierra Nevada)",
        "full_name": "Marta Quispe",
        "language": "es",
        "organisation": "Cooperativa Café Sierra Nevada",
        "membership_role": "staff",
        "manages": True,
    },
    {
        "email": "external@clase.example",
        "role": "Registered external user",
        "full_name": "Emily Carter",
        "language": "en",
    },
    {
        "email": "buyer@clase.example",
        "role": "Authorised external user (buys priced items; test card 4242 4242 4242 4242)",
        "full_name": "Ana Gómez",
        "language": "es",
        "authorised": {
            "organisation": "Fondo Solidario de Crédito",
            "country": "EC",
            "role": "Asesora de crédito",
            "purpose": "Capacitar a las cooperativas a las que presta el fondo.",
        },
    },
    {
        "email": "applicant@clase.example",
        "role": "External user whose request waits for a decision",
        "full_name": "Diego Ramírez",
        "language": "es",
        "pending": {
            "organisation": "Universidad de San Carlos",
            "country": "GT",
            "role": "Docente de extensión agrícola",
            "purpose": "Usar los materiales de gobernanza en un curso para organizaciones de productores.",
        },
    },
]

# The demo member's progress: the first lessons of one course, so that "My learning" is not empty.
LEARNING = {"email": "member@clase.example", "course": "climate", "lessons_done": 2}

PDF_LABELS = {
    "es": {"contents": "Contenido", "footer": "Cla@se · Material de demostración", "page": "Página"},
    "en": {"contents": "Contents", "footer": "Cla@se · Demonstration material", "page": "Page"},
    "pt": {"contents": "Conteúdo", "footer": "Cla@se · Material de demonstração", "page": "Página"},
}
