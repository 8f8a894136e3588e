"""The network's time zone (a site setting, `PortalSettings.time_zone`) made the zone of everything the
portal writes: every request, every background task, and Wagtail's admin.

- Requests: `NetworkTimeZoneMiddleware` activates it before the view runs, so templates, e-mails and PDFs
  rendered in the request write local times with Django's `date` filter and the portal's `when` filter.
- Background tasks (the receipt with its PDF, the coordinators' alerts, run by the database worker outside
  any request): `task_started` activates it as each task starts, `task_finished` lets it go.
- The admin: Wagtail renders its views in the zone of each user's Wagtail profile. The portal offers no zone
  of its own to choose (settings.WAGTAIL_USER_TIME_ZONES is empty) and keeps every profile on the network's:
  when a profile is made, and when the setting changes.

The setting is read from the process's memory, kept under the page cache's generation like the policy's
copy of the same settings (saving them starts a new generation): no query per request.
"""

from __future__ import annotations

import threading
import zoneinfo

from django.conf import settings
from django.utils import timezone
from wagtail.users.models import UserProfile

from .models import PortalSettings
from .speed import page_cache


def zone_name(request=None) -> str:
    """The network's time zone, by its IANA name."""
    return page_cache.kept(request, "portal-settings", PortalSettings.load).time_zone or settings.TIME_ZONE


def activate(request=None) -> None:
    timezone.activate(zoneinfo.ZoneInfo(zone_name(request)))


class NetworkTimeZoneMiddleware:
    """Activate the network's zone for the view, and let it go after the response.

    It activates in `process_view`, after the routing middleware's (it is listed after it): a page view has
    read the cache's generation by then, in the same round trip as its route and session, so reading the
    zone costs nothing more."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # the thread serves other requests next

    def process_view(self, request, view_func, view_args, view_kwargs):
        activate(request)


# The zones entered by the tasks running in this thread: a task run at once inside a request (the immediate
# backend) gives the request back the zone it had.
_tasks = threading.local()


def task_started(sender, **kwargs) -> None:
    """A background task writes its e-mails and PDFs in the network's zone too (connected in apps.py)."""
    entered = timezone.override(zoneinfo.ZoneInfo(zone_name()))
    entered.__enter__()
    if not hasattr(_tasks, "zones"):
        _tasks.zones = []
    _tasks.zones.append(entered)


def task_finished(sender, **kwargs) -> None:
    zones = getattr(_tasks, "zones", None)
    if zones:
        zones.pop().__exit__(None, None, None)


def profile_made(sender, instance: UserProfile, created: bool = False, **kwargs) -> None:
    """A new Wagtail profile takes the network's zone."""
    if not created:
        return
    zone = zone_name()
    if instance.current_time_zone != zone:
        UserProfile.objects.filter(pk=instance.pk).update(current_time_zone=zone)
        instance.current_time_zone = zone


def network_zone_saved(sender, instance: PortalSettings, created: bool = False, **kwargs) -> None:
    """The network's zone changed: every admin user's Wagtail profile follows it."""
    if not created:
        UserProfile.objects.exclude(current_time_zone=instance.time_zone).update(
            current_time_zone=instance.time_zone
        )
