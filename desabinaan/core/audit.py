"""Writing audit events: the one helper services call after every change (issue 10).

Every public service writes exactly one event, in its own transaction, naming who acted (a user
or a named system actor), the action from `Action`, the record, and for a change the fields'
values before and after. tests/test_audit.py enumerates the services and fails on one that
writes none.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class Action(models.TextChoices):
    """Every action the trail knows, one list for all apps, labelled in the reader's language.
    A new service adds its action here (the stored value is `area.verb`)."""

    DESA_BINAAN_PROPOSE = "desa_binaan.propose", _("Proposed as a desa binaan")
    DESA_BINAAN_DESIGNATE = "desa_binaan.designate", _("Designated as a desa binaan")
    DESA_BINAAN_DEACTIVATE = "desa_binaan.deactivate", _("Taken out of the programme")
    CORNER_OPEN = "corner.open", _("Imigrasi Corner opened")
    CORNER_UPDATE = "corner.update", _("Imigrasi Corner details updated")
    PIMPASA_ASSIGN = "pimpasa.assign", _("PIMPASA inaugurated")
    PIMPASA_END = "pimpasa.end", _("PIMPASA assignment ended")
    PARTNER_ADD = "partner.add", _("Partner added")
    PARTNER_ACTIVATE = "partner.activate", _("Partner reactivated")
    PARTNER_DEACTIVATE = "partner.deactivate", _("Partner deactivated")
    PARTNER_INVITE = "partner.invite", _("Account invitation sent to a partner")
    PERMIT_TYPE_CREATE = "permit_type.create", _("Permit type created")
    PERMIT_TYPE_CHANGE = "permit_type.change", _("Permit type changed")
    ACCOUNT_RECOVERY_CODES = "account.recovery_codes", _("Recovery codes renewed")
    ACCOUNT_TWO_FACTOR_ENROL = "account.two_factor_enrol", _("Two-factor login set up")
    ACCOUNT_TWO_FACTOR_DISABLE = "account.two_factor_disable", _("Two-factor login removed")
    ACCOUNT_TWO_FACTOR_RESET = "account.two_factor_reset", _("Two-factor login reset")
    TOKEN_CREATE = "token.create", _("API token created")
    TOKEN_REVOKE = "token.revoke", _("API token revoked")
    ALERT_RESOLVE = "alert.resolve", _("Alert resolved")
    ALERT_SCAN = "alert.scan", _("Alert scan run")
    FOREIGNER_MERGE = "foreigner.merge", _("Foreigner records merged")
    FOREIGNER_SPLIT = "foreigner.split", _("Foreigner record split")
    FOREIGNER_PHOTO_SET = "foreigner.photo_set", _("Foreigner photo set")
    FOREIGNER_PHOTO_REMOVE = "foreigner.photo_remove", _("Foreigner photo removed")
    IMPORT_QUEUE = "import.queue", _("Import queued")
    IMPORT_RUN = "import.run", _("Import run")
    LOAD_OFFICES = "load.offices", _("Offices loaded")
    LOAD_PERMIT_TYPES = "load.permit_types", _("Permit types loaded")
    LOAD_REGIONS = "load.regions", _("Regions loaded")
    REPORT_SUBMIT = "report.submit", _("Report received")
    REPORT_STATUS = "report.status", _("Report status changed")
    REPORT_NOTE = "report.note", _("Internal note added to a report")
    REPORT_ASSIGN = "report.assign", _("Report assigned")
    REPORT_ESCALATE = "report.escalate", _("Overdue reports escalated")
    REFUGEE_STAGE = "refugee.stage", _("Refugee protocol stage recorded")
    NOTIFY_PREFERENCES = "notify.preferences", _("Notification preferences changed")
    RESPONSE_DEADLINE_CHANGE = "response_deadline.change", _("Report response deadline changed")
    REPORT_FORWARD = "report.forward", _("Report passed on to agencies")
    FORWARDING_UPDATE = "forwarding.update", _("Forwarding to an agency updated")
    FORWARDING_WAIVE = "forwarding.waive", _("Forwarding to an agency waived")
    AGENCY_CREATE = "agency.create", _("Agency added")
    AGENCY_CHANGE = "agency.change", _("Agency changed")
    STAY_REGISTER = "stay.register", _("Stay registered")
    STAY_VERIFY = "stay.verify", _("Stay verified")
    STAY_DEPART = "stay.depart", _("Departure recorded")
    WATCHLIST_CREATE = "watchlist.create", _("Watch-list entry added")
    WATCHLIST_CHANGE = "watchlist.change", _("Watch-list entry changed")
    WATCHLIST_IMPORT = "watchlist.import", _("Watch-list imported")
    SCREENING_RUN = "screening.run", _("Stays screened against the watch-list")
    SCREENING_HIT_DECIDE = "screening.hit_decide", _("Watch-list match decided")
    PERSONS_LINK = "persons.link", _("Registrations linked into persons")
    QUESTION_ASK = "question.ask", _("Question received")
    QUESTION_ANSWER = "question.answer", _("Question answered")
    QUESTION_PROMOTE = "question.promote", _("Answer added to the FAQ")
    QUESTION_CONVERT = "question.convert", _("Question turned into a report")
    QUESTION_REMIND = "question.remind", _("Reminders about unanswered questions sent")
    PASSPORT_DOCUMENT_SAVE = "passport_document.save", _("Document to bring saved")
    SERVICE_DAY_SCHEDULE = "service_day.schedule", _("Passport service day scheduled")
    SERVICE_DAY_UPDATE = "service_day.update", _("Passport service day changed")
    SERVICE_DAY_PUBLISH = "service_day.publish", _("Passport service day published")
    SERVICE_DAY_CANCEL = "service_day.cancel", _("Passport service day cancelled")
    SIGNUP_CREATE = "signup.create", _("Signed up for a passport service day")
    SIGNUP_CANCEL = "signup.cancel", _("Sign-up cancelled")
    SIGNUP_MARK = "signup.mark", _("Attendance recorded")
    SIGNUP_PURGE = "signup.purge", _("Sign-up data deleted after the event")
    TASKS_RECOVER = "tasks.recover", _("Interrupted tasks recovered")
    IMPORT_RECOVER = "import.recover", _("Interrupted imports recovered")
    QUIZ_ATTEMPT = "quiz.attempt", _("Quiz answered")
    LOAD_QUIZZES = "load.quizzes", _("Quizzes loaded")
    AGENCIES_IMPORT = "agencies.import", _("Licensed agency list imported")
    LOAD_RED_FLAGS = "load.red_flags", _("Job-offer red flags loaded")
    RED_FLAG_CHANGE = "red_flag.change", _("Job-offer red flag changed")
    LETTERHEAD_SAVE = "letterhead.save", _("Village letterhead saved")
    LETTER_ISSUE = "letter.issue", _("Domicile letter issued")
    LETTER_REVOKE = "letter.revoke", _("Domicile letter revoked")
    GUIDE_CREATE = "guide.create", _("Guide written")
    GUIDE_CHANGE = "guide.change", _("Guide changed")
    GUIDE_PUBLISH = "guide.publish", _("Guide published")
    GUIDE_UNPUBLISH = "guide.unpublish", _("Guide taken back to draft")
    GUIDE_LOCAL_NOTE = "guide.local_note", _("Local note on a guide saved")
    FAQ_CREATE = "faq.create", _("FAQ entry written")
    FAQ_CHANGE = "faq.change", _("FAQ entry changed")
    LOAD_GUIDES = "load.guides", _("Guides loaded")
    ACTIVITY_PLAN = "activity.plan", _("Activity planned")
    ACTIVITY_PROPOSE = "activity.propose", _("Activity proposed by a village partner")
    ACTIVITY_UPDATE = "activity.update", _("Activity changed")
    ACTIVITY_HOLD = "activity.hold", _("Activity marked as held")
    ACTIVITY_CANCEL = "activity.cancel", _("Activity cancelled")
    ACTIVITY_ATTENDANCE = "activity.attendance", _("Activity attendance recorded")
    ACTIVITY_PHOTO_ADD = "activity.photo_add", _("Activity photo added")
    ACTIVITY_PHOTO_REMOVE = "activity.photo_remove", _("Activity photo removed")
    ACTIVITY_PARTICIPANT_ADD = "activity.participant_add", _("Named participant added")
    ACTIVITY_FEED_ROTATE = "activity.feed_rotate", _("Activity calendar link renewed")
    ACTIVITY_SIGN_IN = "activity.sign_in", _("Signed in to an outreach activity")
    ACTIVITY_QUESTION_SAVE = "activity.question_save", _("Outreach question and answer saved")
    ACTIVITY_QUESTION_PROMOTE = "activity.question_promote", _("Outreach question added to the FAQ")


def action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:  # an event written before its action was named here
        return action


def _plain(value):
    """A value as JSON can hold it: model instances by primary key, dates and the rest as text."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def changes_between(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value differs; personal data never goes in:
    callers pass only the fields the trail may show."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if _plain(before.get(name)) != _plain(value)
    }


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The current values of `fields` on `instance`, to compare after a change."""
    return {name: getattr(instance, name) for name in fields}


def record(
    *,
    actor,
    action: str,
    summary: str,
    region=None,
    target: models.Model | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    """Write one event. `actor` is an accounts.scope.Actor (a person or a named system actor) or,
    from older call sites, a User. `action` must be one of `Action`."""
    Action(action)  # an unnamed action is a programming error, caught by the tests
    user = getattr(actor, "user", actor)
    name = getattr(actor, "label", "") if user is None else ""
    return AuditEvent.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_name=name[:80],
        action=action,
        region=region,
        target=f"{target._meta.label_lower}:{target.pk}" if target is not None else "",
        summary=summary[:255],
        changes=changes or {},
    )
