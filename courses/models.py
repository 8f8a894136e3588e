"""Every model of the courses app, for Django to find (it imports `<app>.models`), and one place to import
them from for the screens, commands and tests at the top of the house.

The models themselves live with their concern (see docs/architecture.md):
- courses/access/models.py: the access fields of an item, entitlements, downloads
- courses/licensing/models.py: contributors, licences and their versions, credits, acceptances
- courses/learning/models.py: enrolments, lessons done, quiz attempts, certificates, assigned courses
  and the reminders sent about them, actions received once
- courses/catalogue/: the Wagtail pages (home and catalogues, courses and lessons, materials), a
  material's files, the uploads kept for an editor, a video's small rendition and captions

Nothing below the top layer imports this module: the rules and pages import the module that defines what
they need, so a rule never loads the pages by importing a model.
"""

from .access.models import DownloadEvent, Entitlement, GatedItem
from .catalogue.course_pages import CoursePage, CoursePageTag, LessonPage
from .catalogue.files import MaterialFile
from .catalogue.index_pages import CourseIndexPage, HomePage, MaterialIndexPage
from .catalogue.kept_uploads import KeptUpload
from .catalogue.light_media import VideoCaptions, VideoRendition
from .catalogue.material_pages import MaterialPage, MaterialPageTag
from .currencies import Currency
from .learning.models import (
    AssignedMember,
    Assignment,
    Certificate,
    Enrolment,
    LearnerAction,
    LessonCompletion,
    QuizAttempt,
    ReminderSent,
    TrainingRecordFile,
)
from .levels import AccessLevel
from .licensing.models import (
    Contributor,
    CourseContributor,
    Licence,
    LicenceAcceptance,
    MaterialContributor,
    Role,
)

__all__ = [
    "AccessLevel",
    "AssignedMember",
    "Assignment",
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
    "LearnerAction",
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
    "ReminderSent",
    "TrainingRecordFile",
    "Role",
    "VideoCaptions",
    "VideoRendition",
]
