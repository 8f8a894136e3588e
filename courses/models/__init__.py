from .base import AccessLevel, Currency, GatedItem
from .course import CoursePage, CoursePageTag, LessonPage
from .entitlements import Entitlement
from .learning import Certificate, Enrolment, LessonCompletion, QuizAttempt
from .licensing import Contributor, CourseContributor, Licence, LicenceAcceptance, MaterialContributor, Role
from .material import DownloadEvent, MaterialFile, MaterialPage, MaterialPageTag
from .pages import CourseIndexPage, HomePage, MaterialIndexPage
from .uploads import KeptUpload

__all__ = [
    "AccessLevel",
    "Certificate",
    "Contributor",
    "CourseContributor",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "Currency",
    "DownloadEvent",
    "Enrolment",
    "Entitlement",
    "GatedItem",
    "HomePage",
    "KeptUpload",
    "LessonCompletion",
    "LessonPage",
    "Licence",
    "LicenceAcceptance",
    "MaterialContributor",
    "MaterialFile",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialPageTag",
    "QuizAttempt",
    "Role",
]
