"""Demo materials of the library, in the three content languages: one module per subject, gathered here.

`language` is the language of the document itself: when it is None, each translation of the page has its
own document in the page's language; otherwise the document exists only in that language and every
translation describes it (the PDF is written from that language's texts). `files` are the titles of
the 1–2 PDF files; `outline` becomes the table of contents of the generated PDFs.

The order is the one `load_demo` follows, creating pages last to first: the first here are the newest
pages, shown on the home page and leading the library's lists, which thus start with open ones.
"""

from .materials_climate import CLIMATE_VULNERABILITY, COFFEE_ADAPTATION_CASE
from .materials_gender import COCOA_WOMEN_CASE, GENDER_POLICY_GUIDE
from .materials_governance import ASSEMBLY_GUIDE, GOVERNANCE_CHECKLIST, STATUTES_TEMPLATE
from .materials_trade import (
    COFFEE_QUALITY_GUIDE,
    EXPORT_CONTRACT_TEMPLATE,
    PREMIUM_PLAN_TEMPLATE,
    PRODUCTION_COSTS_GUIDE,
    TRACEABILITY_REGISTER,
)

MATERIALS = [
    ASSEMBLY_GUIDE,
    GOVERNANCE_CHECKLIST,
    STATUTES_TEMPLATE,
    COFFEE_QUALITY_GUIDE,
    PREMIUM_PLAN_TEMPLATE,
    EXPORT_CONTRACT_TEMPLATE,
    TRACEABILITY_REGISTER,
    GENDER_POLICY_GUIDE,
    COCOA_WOMEN_CASE,
    CLIMATE_VULNERABILITY,
    COFFEE_ADAPTATION_CASE,
    PRODUCTION_COSTS_GUIDE,
]
