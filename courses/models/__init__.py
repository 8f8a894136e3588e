from .base import AccessLevel, Currency, GatedItem
from .course import CoursePage, CoursePageTag, LessonPage
from .entitlements import Entitlement
from .material import DownloadEvent, MaterialFile, MaterialPage, MaterialPageTag
from .pages import CourseIndexPage, HomePage, MaterialIndexPage

__all__ = [
    "AccessLevel",
    "CourseIndexPage",
    "CoursePage",
    "CoursePageTag",
    "Currency",
    "DownloadEvent",
    "Entitlement",
    "GatedItem",
    "HomePage",
    "LessonPage",
    "MaterialFile",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialPageTag",
]
