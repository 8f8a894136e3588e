from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and materials")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move
        from wagtailmedia.models import get_media_model

        from portal.models import Membership, Organisation, PortalSettings

        # What courses/ holds of a person goes with their account when they erase it.
        from portal.privacy.erasure import eraser_register
        from portal.speed import known_routes as routing
        from portal.speed import page_cache

        from .access.storage import keep_lesson_media_private
        from .admin import translation_editor_words
        from .catalogue import media_tasks, translations
        from .catalogue.light_media import VideoCaptions, VideoRendition, remove_file
        from .learning import organisation_totals
        from .models import Certificate, Contributor, Enrolment, LessonCompletion, Licence, QuizAttempt
        from .privacy import export
        from .privacy.erasure import courses_erase

        keep_lesson_media_private()  # lesson videos and recordings: the private storage, never public media
        export.register_sections()  # what courses/ holds about a person, in their data export
        eraser_register(courses_erase)  # ...and what of it goes when they delete their account
        translation_editor_words.install()  # dates in the reader's language in the translation editor

        # A source page published (at the end of its review) shows its translations what changed.
        page_published.connect(
            lambda instance, **kwargs: translations.source_refresh(page=instance),
            weak=False,
            dispatch_uid="translation-source-refresh",
        )

        # Anything that changes what an anonymous visitor sees makes the stored public pages stale.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.new_generation, dispatch_uid=f"page-cache-{id(signal)}")
        post_delete.connect(page_cache.new_generation, sender=Page, dispatch_uid="page-cache-page-deleted")
        # An image's file replaced deletes its renditions: pages and fragments naming them are stale.
        for model in (Licence, Contributor, PortalSettings, get_image_model()):
            post_save.connect(
                page_cache.new_generation, sender=model, dispatch_uid=f"page-cache-{model.__name__}"
            )
        # A video uploaded or replaced gets its small rendition made in the background.
        media = get_media_model()
        post_save.connect(media_tasks.on_video_saved, sender=media, dispatch_uid="small-rendition-wanted")
        for model in (media, VideoRendition, VideoCaptions):
            for signal in (post_save, post_delete):
                # Lessons name the video's files, its rendition's and its captions' in their stored fragments.
                signal.connect(
                    page_cache.new_generation,
                    sender=model,
                    dispatch_uid=f"page-{model.__name__}-{id(signal)}",
                )
        for model in (VideoRendition, VideoCaptions):
            post_delete.connect(remove_file, sender=model, dispatch_uid=f"remove-file-{model.__name__}")
        # What changes an organisation's learning totals renews their version (their cached copies go stale).
        receivers = {
            Enrolment: organisation_totals.renew_for_learner,
            Certificate: organisation_totals.renew_for_learner,
            LessonCompletion: organisation_totals.renew_for_enrolment,
            QuizAttempt: organisation_totals.renew_for_enrolment,
            Membership: organisation_totals.renew_for_membership,
            Organisation: organisation_totals.renew_for_organisation,
            get_user_model(): organisation_totals.renew_for_user,
        }
        for model, receiver in receivers.items():
            for signal in (post_save, post_delete):
                uid = f"organisation-totals-{model.__name__}-{id(signal)}"
                signal.connect(receiver, sender=model, dispatch_uid=uid)
        for signal in (post_save, post_delete):
            # Sites: the root paths every link is made from (kept in memory by portal/speed/known_routes.py).
            signal.connect(page_cache.new_generation, sender=Site, dispatch_uid=f"site-{id(signal)}")
            uid = f"routing-{id(signal)}"
            signal.connect(routing.forget_view_restrictions, sender=PageViewRestriction, dispatch_uid=uid)
            signal.connect(page_cache.new_generation, sender=PageViewRestriction, dispatch_uid=f"page-{uid}")
