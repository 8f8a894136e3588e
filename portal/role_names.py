"""The names of the editorial groups, the moderation workflow and its task, in each reader's language.

They are records (Group, Workflow, Task) found by their stored English names (portal/roles.py), and Wagtail
writes them out in about a hundred places: menus ("Submit to Editorial review"), a page's status, the
moderation e-mails, reports. Rather than translating each place, reading the `name` of one of these records
gives a `ShownName`: the stored English name, equal to it in comparisons, queries and JSON, which turns into
the reader's language when it is written out (str(), %-formatting, f-strings, templates). A record saved
with its name written back translated (an admin form shows the translated name) stores the English name
again, so that finding it by name keeps working.
"""

import functools

from django.conf import settings
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import pre_save
from django.utils import translation
from django.utils.translation import gettext

from .roles import SHOWN_IN_EACH_LANGUAGE


class ShownName(str):
    """A stored name, written out in the active language."""

    def __str__(self):
        return gettext(str.__str__(self))

    def __format__(self, spec):
        return format(str(self), spec)


class ShownNameAttribute(DeferredAttribute):
    """The `name` of a record: a `ShownName` when it is one of the names shown in each language. A data
    descriptor (it has `__set__`), so that reading goes through it although the value sits in the
    instance's `__dict__`, as Django keeps field values."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is not None and type(value) is str and value in SHOWN_IN_EACH_LANGUAGE:
            return ShownName(value)
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


@functools.cache
def _stored_names() -> dict[str, str]:
    """Each language's wording of the names → the stored English name."""
    stored = {}
    for name in SHOWN_IN_EACH_LANGUAGE:
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                stored[gettext(name)] = name
    return stored


def name_stored_in_english(sender, instance, **kwargs):
    """Before a record is saved: a name written back in a reader's language becomes the English one."""
    instance.name = _stored_names().get(str.__str__(instance.name), instance.name)


def install() -> None:
    """Called once the models are ready (PortalConfig.ready)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Task, Workflow

    for model in (Group, Workflow, Task):
        model.name = ShownNameAttribute(model._meta.get_field("name"))
    for model in (Group, Workflow, Task, GroupApprovalTask):
        uid = f"portal.role_names.{model.__name__}"
        pre_save.connect(name_stored_in_english, sender=model, dispatch_uid=uid)
