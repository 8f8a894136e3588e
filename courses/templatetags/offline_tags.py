"""The words the offline script (static/js/offline.js) shows, in the reader's language: written into the
pages that use it as JSON (`{% offline_words "course" %}`), so that the script needs no catalogue of its own
and every sentence is translated with the portal's (placeholders as `%(name)s`; plurals as their "one" and
"other" forms, chosen in the browser by the language's plural rules)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def _forms(translated) -> dict[str, str]:
    """A plural's "one" and "other" forms, from a function of the count holding the ngettext call (so that
    the strings are found where they are written)."""
    return {"one": translated(1), "other": translated(2)}


def _lessons() -> dict[str, str]:
    return _forms(lambda count: ngettext("%(count)s lesson", "%(count)s lessons", count))


def _waiting() -> dict[str, str]:
    return _forms(
        lambda count: ngettext(
            "%(count)s action is waiting to be sent.", "%(count)s actions are waiting to be sent.", count
        )
    )


def _course_words() -> dict:
    return {
        "lessons": _lessons(),
        "measuring": _("Working out the size…"),
        "size_first": _(
            "%(lessons)s, %(size)s. Saving uses this much of your data and of this device's space."
        ),
        "save_size": _("Save (%(size)s)"),
        "terms_left_out": _forms(
            lambda count: ngettext(
                "%(count)s file is not included: accept its terms online first, on the material's page.",
                "%(count)s files are not included: accept their terms online first, on the material's page.",
                count,
            )
        ),
        "video_left_out": _forms(
            lambda count: ngettext(
                "%(count)s video is not saved: watch it with a connection.",
                "%(count)s videos are not saved: watch them with a connection.",
                count,
            )
        ),
        "saving": _("Saving… %(done)s of %(size)s."),
        "paused": _(
            "Saving paused at %(done)s of %(size)s: the connection was lost. It goes on when the connection "
            "returns, without downloading again what is already saved."
        ),
        "saved_on": _("Saved on this device on %(date)s (%(size)s). It opens without a connection."),
        "no_room": _("This device has no room left for this course. Free some space, then try again."),
        "failed": _("The course could not be saved: %(reason)s"),
        "signed_out": _("log in again, then try again."),
        "not_open": _("you can no longer open some of its pages."),
        "unreachable": _("the portal could not be reached. Try again with a connection."),
    }


def _lesson_words() -> dict:
    return {
        "waiting": _waiting(),
        "see_waiting": _("See what is waiting"),
        "kept_done": _("Marked as done on this device. It will be sent when you are back online."),
        "kept_quiz": _(
            "Your answers are kept on this device. They will be checked when you are back online."
        ),
        "answer_all": _("Answer every question before sending your answers."),
        "saved_url": reverse("courses:offline_saved"),
    }


def _shelf_words() -> dict:
    return {
        "lessons": _lessons(),
        "waiting": _waiting(),
        "nothing_saved": _(
            "Nothing is saved on this device yet. On the page of a course you may open, choose “Save for "
            "offline use”."
        ),
        "saved_on": _("saved on %(date)s"),
        "interrupted": _("saving was interrupted at %(done)s of %(size)s: continue it on the course's page"),
        "locked": _(
            "Locked: your access to it has not been checked for %(days)s days. Connect to the internet and "
            "open any page of the portal to check it."
        ),
        "remove": _("Remove from this device"),
        "nothing_waiting": _("Nothing is waiting to be sent."),
        "lesson_done": _("Lesson marked as done: %(lesson)s"),
        "quiz_answered": _("Quiz answered: %(quiz)s (%(lesson)s)"),
        "on": _("on %(date)s"),
        "send_now": _("Send now"),
        "clear": _("Clear these messages"),
    }


WORDS = {"course": _course_words, "lesson": _lesson_words, "shelf": _shelf_words}


@register.inclusion_tag("courses/offline/words.html")
def offline_words(*sets: str) -> dict:
    """The words of these sets ("course", "lesson", "shelf") as a JSON script element."""
    words = {}
    for name in sets:
        words.update(WORDS[name]())
    return {"words": words}
