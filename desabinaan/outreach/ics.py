"""The ICS (iCalendar) feed of an office's planned activities, built with `icalendar`."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Activity


def feed_calendar(*, office_name: str, activities, domain: str, url_for) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Desa Binaan Imigrasi//Kegiatan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Kegiatan {office_name}")
    cal.add("x-wr-timezone", "Asia/Jakarta")
    now = timezone.now()
    for activity in activities:
        cal.add_component(_event(activity, domain=domain, url=url_for(activity), now=now))
    return cal.to_ical()


def _event(activity: Activity, *, domain: str, url: str, now) -> Event:
    event = Event()
    # Stable across fetches, so a phone updates the event rather than adding a copy.
    event.add("uid", f"kegiatan-{activity.pk}@{domain}")
    event.add("dtstamp", now)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("summary", f"{activity.get_kind_display()}: {activity.title}")
    place = ", ".join(p for p in (activity.venue, activity.region.name) if p)
    event.add("location", place)
    event.add("description", url)
    event.add("url", url)
    event.add("last-modified", activity.updated_at)
    return event
