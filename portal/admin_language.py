"""The admin speaks each person's own language, the one on their account (`User.language`, first chosen
when they signed up), not their browser's: a Spanish coordinator on a borrowed English computer still gets
a Spanish admin, and Wagtail's own e-mails (a page submitted for moderation, say) reach each person in their
language, not in the language of whoever acted.

Wagtail reads the language from its user profile (`UserProfile.preferred_language`, which its "Account"
screen edits): the two are kept equal whichever of them changes."""

from django.conf import settings
from wagtail.users.models import UserProfile


def account_language_saved(sender, instance, update_fields=None, **kwargs):
    """After a user is saved: their Wagtail profile takes their language (unless the save was of other
    fields only, such as the time of the last log-in)."""
    if update_fields is not None and "language" not in update_fields:
        return
    profile = UserProfile.get_for_user(instance)
    if profile.preferred_language != instance.language:
        UserProfile.objects.filter(pk=profile.pk).update(preferred_language=instance.language)


def admin_language_saved(sender, instance, **kwargs):
    """After the admin's account screen changes the language: the account takes it (e-mails follow)."""
    user_model = type(instance.user)
    language = instance.preferred_language
    if language and language != instance.user.language and language in dict(settings.LANGUAGES):
        user_model.objects.filter(pk=instance.user_id).update(language=language)
        instance.user.language = language
