"""The Spanish words generated catalogue pages are made of (`manage.py generate_catalogue`).

Titles, descriptions and lessons are drawn from these lists by courses/demo/catalogue_content.py, with a
random generator seeded by the page's number, so that the same number always reads the same.
"""

TOPICS = [
    "Comercio Justo",
    "Cooperativismo",
    "Café",
    "Cacao",
    "Certificación",
    "Género",
    "Juventud",
    "Finanzas",
    "Gobernanza",
    "Comercialización",
    "Calidad",
    "Medio ambiente",
    "Cambio climático",
    "Trazabilidad",
]
SUBJECTS = [  # (subject, its main topic)
    ("la gestión financiera", "Finanzas"),
    ("el acceso al crédito", "Finanzas"),
    ("el plan de negocios", "Finanzas"),
    ("el control interno", "Gobernanza"),
    ("la asamblea general", "Gobernanza"),
    ("el consejo de administración", "Gobernanza"),
    ("la prima de Comercio Justo", "Comercio Justo"),
    ("el precio mínimo Fairtrade", "Comercio Justo"),
    ("la debida diligencia en derechos humanos", "Comercio Justo"),
    ("la certificación orgánica", "Certificación"),
    ("las auditorías de certificación", "Certificación"),
    ("la trazabilidad del café", "Trazabilidad"),
    ("los registros de entrega de los socios", "Trazabilidad"),
    ("la fermentación del cacao", "Cacao"),
    ("la poscosecha del cacao", "Cacao"),
    ("la catación de café", "Café"),
    ("el beneficio húmedo del café", "Café"),
    ("la equidad de género", "Género"),
    ("el liderazgo de las mujeres", "Género"),
    ("el relevo generacional", "Juventud"),
    ("los contratos de exportación", "Comercialización"),
    ("la negociación con compradores", "Comercialización"),
    ("la adaptación al cambio climático", "Cambio climático"),
    ("la huella de carbono", "Cambio climático"),
    ("el manejo de suelos", "Medio ambiente"),
    ("la biodiversidad en las fincas", "Medio ambiente"),
    ("el control de calidad", "Calidad"),
    ("los estatutos de la cooperativa", "Cooperativismo"),
    ("la educación cooperativa", "Cooperativismo"),
    ("la comunicación con los socios", "Cooperativismo"),
]
KINDS = [
    "Guía práctica",
    "Manual",
    "Caja de herramientas",
    "Ficha técnica",
    "Estudio de caso",
    "Presentación",
    "Informe",
    "Cartilla",
    "Módulo de capacitación",
    "Protocolo",
    "Plantillas",
    "Hoja de ruta",
]
CONTEXTS = [
    "en cooperativas de café",
    "en organizaciones cacaoteras",
    "para pequeños productores",
    "para juntas directivas",
    "para jóvenes productores",
    "para mujeres productoras",
    "en organizaciones de segundo nivel",
    "para equipos técnicos",
    "en cooperativas de miel",
    "en cooperativas bananeras",
    "para promotores de campo",
    "en la red latinoamericana",
]
COUNTRIES = [
    "Perú",
    "Colombia",
    "Guatemala",
    "Honduras",
    "Nicaragua",
    "México",
    "Bolivia",
    "Ecuador",
    "República Dominicana",
    "Brasil",
    "Paraguay",
    "Costa Rica",
    "El Salvador",
    "Haití",
]
OPENINGS = [
    "Este material presenta {subject} con ejemplos de cooperativas de {country}.",
    "Reúne la experiencia de organizaciones de pequeños productores de {country} sobre {subject}.",
    "Explica paso a paso {subject} y propone ejercicios para trabajar en grupo.",
    "Resume lo aprendido en la red sobre {subject}, con casos de {country}.",
]
DETAILS = [
    "Incluye listas de verificación para la asamblea y el consejo de administración.",
    "Ofrece plantillas editables y un glosario de términos del Comercio Justo.",
    "Se basa en talleres realizados con socias y socios de base entre {year} y {next_year}.",
    "Está pensado para técnicos de campo que acompañan a la cooperativa en la certificación.",
    "Propone indicadores sencillos para dar seguimiento a los acuerdos de la cooperativa.",
    "Cada capítulo termina con preguntas para la reflexión en grupo.",
]
CLOSINGS = [
    "Elaborado con el apoyo de un fondo de crédito social.",
    "Producido junto con una universidad socia de la red.",
    "Puede usarse como complemento de los cursos de la plataforma.",
    "Revisado por el equipo técnico de la coordinadora regional.",
]
LANGUAGE_NOTES = {"es": "", "pt": " (versión en portugués)", "en": " (versión en inglés)"}
LESSON_STEPS = [
    "Conceptos básicos",
    "Diagnóstico de la cooperativa",
    "Herramientas prácticas",
    "Experiencias de la red",
    "Plan de acción",
    "Evaluación y seguimiento",
]
