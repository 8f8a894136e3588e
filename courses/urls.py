from django.urls import path

from .views import assignments as assignment_views
from .views import learning as learning_views
from .views import materials as views
from .views import offline as offline_views
from .views import web_app
from .views.organisation_learning import organisation_learning
from .views.training_record import (
    organisation_record,
    organisation_record_download,
    organisation_record_file,
    organisation_record_prepare,
)

app_name = "courses"
urlpatterns = [
    path("download/<int:file_id>/", views.download, name="download"),
    path("terms/<int:page_id>/", views.accept_terms, name="accept_terms"),
    path("search/", views.search, name="search"),
]

# Learning (courses/views/learning.py): actions are POST-only; "My learning" sits with the account pages.
urlpatterns += [
    path("learning/courses/<int:course_id>/enrol/", learning_views.enrol, name="enrol"),
    path(
        "learning/courses/<int:course_id>/complete/", learning_views.course_complete, name="course_complete"
    ),
    path("learning/lessons/<int:lesson_id>/done/", learning_views.lesson_done, name="lesson_done"),
    path(
        "learning/lessons/<int:lesson_id>/quizzes/<str:block_id>/",
        learning_views.quiz_submit,
        name="quiz_submit",
    ),
    path("account/learning/", learning_views.my_learning, name="my_learning"),
    path(
        "account/learning/certificates/<str:code>/",
        learning_views.certificate_download,
        name="certificate_download",
    ),
    path("certificates/", learning_views.certificate_search, name="certificate_search"),
    path("certificates/<str:code>/", learning_views.certificate_verify, name="certificate_verify"),
]

# The organisation's assigned courses, under "My organisation" (courses/views/assignments.py).
urlpatterns += [
    path(
        "organisation/<int:organisation_id>/assignments/",
        assignment_views.organisation_assignments,
        name="organisation_assignments",
    ),
    path(
        "organisation/<int:organisation_id>/assignments/<int:assignment_id>/",
        assignment_views.organisation_assignment,
        name="organisation_assignment",
    ),
    path(
        "organisation/<int:organisation_id>/assignments/<int:assignment_id>/remove/",
        assignment_views.organisation_assignment_remove,
        name="organisation_assignment_remove",
    ),
]

# "My organisation" (portal/managing.py decides who may open them): the organisation's learning, with its
# CSV and XLSX exports (`?export=`), and its training record for audits.
urlpatterns += [
    path("organisation/<int:organisation_id>/learning/", organisation_learning, name="organisation_learning"),
    path(
        "organisation/<int:organisation_id>/training-record/", organisation_record, name="organisation_record"
    ),
    path(
        "organisation/<int:organisation_id>/training-record/prepare/",
        organisation_record_prepare,
        name="organisation_record_prepare",
    ),
    path(
        "organisation/<int:organisation_id>/training-record/<int:file_id>/",
        organisation_record_file,
        name="organisation_record_file",
    ),
    path(
        "organisation/<int:organisation_id>/training-record/<int:file_id>/download/",
        organisation_record_download,
        name="organisation_record_download",
    ),
]

# Learning without a connection (docs/reach.md): the web app's manifest and offline pages, and what the
# service worker (/sw.js, wired at the root: portal/urls.py) and the pages' script ask.
urlpatterns += [
    path("manifest.webmanifest", web_app.web_app_manifest, name="web_app_manifest"),
    path("offline/", web_app.offline, name="offline"),
    path("offline/saved/", web_app.saved, name="offline_saved"),
    path("offline/courses/<int:course_id>/", offline_views.course_manifest, name="offline_course"),
    path("offline/check/", offline_views.check, name="offline_check"),
    path("offline/actions/", offline_views.actions, name="offline_actions"),
]
