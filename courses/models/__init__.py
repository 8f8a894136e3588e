from .base import AccessLevel, Currency, GatedItem
from .course import CoursePage, CoursePageTag, LessonPage
from .entitlements import Entitlement
from .licensing import Contributor, CourseContributor, Licence, LicenceAcceptance, MaterialContributor, Role
from .material import DownloadEvent, MaterialFile, MaterialPage, MaterialPageTag
from .pages import CourseIndexPage, HomePage, MaterialIndexPage

__all__ = [
    "AccessLevel",
    "Contributor",
    "CourseContributor",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "Currency",
    "DownloadEvent",
    "Entitlement",
    "GatedItem",
    "HomePage",
    "LessonPage",
    "Licence",
    "LicenceAcceptance",
    "MaterialContributor",
    "MaterialFile",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialPageTag",
    "Role",
]
