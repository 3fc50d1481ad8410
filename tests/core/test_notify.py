"""Notifications (issue 17): e-mail and a signed webhook, sent by a task after the commit,
retried with back-off, logged in Delivery; a failure never fails the action that caused it.
The webhook is received by a real HTTP server on the loopback interface."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from desabinaan.accounts.models import NotificationPreference
from desabinaan.accounts.notify import notify_users
from desabinaan.core import notify
from desabinaan.core.models import AuditEvent, Delivery, DeliveryStatus
from desabinaan.core.tasks import retry_deliveries_task

SECRET = "rahasia-uji"


class Hook:
    """A webhook receiver: answers each POST with the next status in `answers` (then 200)."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.received: list[tuple[dict, bytes]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                # Header names are case-insensitive: kept lower-cased.
                hook.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(hook.answers.pop(0) if hook.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook_settings(settings):
    settings.NOTIFY_WEBHOOK_SECRET = SECRET
    settings.NOTIFY_BACKOFF_SECONDS = 60
    settings.NOTIFY_MAX_ATTEMPTS = 3
    return settings


def test_webhook_is_signed_with_hmac_sha256_of_the_body(
    db, hook_settings, django_capture_on_commit_callbacks
):
    with Hook() as hook:
        hook_settings.NOTIFY_WEBHOOK_URL = hook.url
        with django_capture_on_commit_callbacks(execute=True):
            delivery = notify.webhook(kind="new_report", data={"report": "ABCDEFGHJ"})
            assert not hook.received  # nothing leaves before the commit
    assert len(hook.received) == 1
    headers, body = hook.received[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[notify.SIGNATURE_HEADER.lower()], expected)
    assert headers[notify.EVENT_HEADER.lower()] == "new_report"
    document = json.loads(body)
    assert document["event"] == "new_report"
    assert document["data"] == {"report": "ABCDEFGHJ"}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_a_failed_webhook_is_retried_after_a_growing_pause(
    db, hook_settings, django_capture_on_commit_callbacks
):
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with Hook(answers=[500, 503]) as hook, time_machine.travel(start, tick=False):
        hook_settings.NOTIFY_WEBHOOK_URL = hook.url
        with django_capture_on_commit_callbacks(execute=True):
            delivery = notify.webhook(kind="escalation", data={"report": "ABCDEFGHJ"})
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("retry", 1)
        assert delivery.last_error == "RuntimeError: HTTP 500"
        assert delivery.next_attempt_at == start + dt.timedelta(seconds=60)
        # Not yet due: the retry job leaves it alone.
        with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
            assert notify.deliveries_due() == []
        with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
            retry_deliveries_task.enqueue()
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == ("retry", 2)
            # The second pause is twice the first.
            assert delivery.next_attempt_at == start + dt.timedelta(seconds=61 + 120)
        with time_machine.travel(start + dt.timedelta(seconds=61 + 121), tick=False):
            retry_deliveries_task.enqueue()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("sent", 3, None)
    assert len(hook.received) == 3
    # Each attempt is signed anew over its own body.
    for headers, body in hook.received:
        assert headers[notify.SIGNATURE_HEADER.lower()] == notify.signature(body, SECRET)


def test_a_delivery_fails_for_good_after_the_last_attempt(
    db, hook_settings, django_capture_on_commit_callbacks
):
    hook_settings.NOTIFY_MAX_ATTEMPTS = 2
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with Hook(answers=[500, 500, 500]) as hook, time_machine.travel(start, tick=False):
        hook_settings.NOTIFY_WEBHOOK_URL = hook.url
        with django_capture_on_commit_callbacks(execute=True):
            delivery = notify.webhook(kind="alert", data={"region_code": "19.04"})
        with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
            retry_deliveries_task.enqueue()
            retry_deliveries_task.enqueue()  # nothing more: failed rows are not retried
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 2, None)
    assert len(hook.received) == 2


class BrokenBackend:
    """An SMTP server that refuses everything."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down for budi@example.id")


def test_a_failed_delivery_does_not_fail_the_action(
    client, world, hook_settings, django_capture_on_commit_callbacks, regions
):
    """A resident's refugee report is saved and answered although the mail server and the
    gateway are both down; the failures are in the delivery log, retried later."""
    hook_settings.NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/nobody-listens"
    hook_settings.EMAIL_BACKEND = "tests.core.test_notify.BrokenBackend"
    world["users"]["kanim.pangkalpinang"].email = "kanim@example.id"
    world["users"]["kanim.pangkalpinang"].save()
    from tests.reports.test_refugees import refugee_post

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:new"), refugee_post())
    assert response.status_code == 302
    rows = Delivery.objects.all()
    assert rows.filter(channel="email").exists() and rows.filter(channel="webhook").exists()
    assert {r.status for r in rows} == {DeliveryStatus.RETRY}
    email_row = rows.filter(channel="email").first()
    assert "ConnectionRefusedError" in email_row.last_error


def test_users_who_switched_a_kind_off_are_not_told(db, world, django_capture_on_commit_callbacks):
    koba, namang = world["users"]["pimpasa.koba"], world["users"]["pimpasa.namang"]
    for user in (koba, namang):
        user.email = f"{user.username}@example.id"
        user.save()
    NotificationPreference.objects.create(user=namang, forwarding_answered=False)
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_users(
            kind="forwarding_answered",
            users=[koba, namang],
            subject="Jawaban instansi",
            body="Polri menjawab laporan ABCDEFGHJ.",
        )
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["pimpasa.koba@example.id"]]
    # Another kind still reaches the user who switched only forwarding off.
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(kind="alert", users=[namang], subject="Peringatan", body="-")
    assert mail.outbox[-1].to == ["pimpasa.namang@example.id"]


def test_profile_saves_the_notification_choices(client, world):
    user = world["users"]["pimpasa.koba"]
    client.force_login(user)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert b'name="new_report"' in page.content and b"checked" in page.content
    response = client.post(reverse("accounts:notifications"), {"escalation": "on"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=user)
    assert (preference.new_report, preference.escalation, preference.alert) == (
        False,
        True,
        False,
    )
    event = AuditEvent.objects.get(action="notify.preferences")
    assert event.actor == user
    assert event.changes["new_report"] == [True, False]


def test_notification_choices_need_a_login(client, db):
    response = client.post(reverse("accounts:notifications"), {"escalation": "on"})
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert not NotificationPreference.objects.exists()


def test_webhook_refuses_personal_data_of_a_reporter(db, hook_settings):
    hook_settings.NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/"
    for data in (
        {"contact": "0812"},
        {"report": {"description": "x"}},
        {"items": [{"Phone": "0812"}]},
    ):
        with pytest.raises(notify.PersonalDataInWebhook):
            notify.webhook(kind="new_report", data=data)
    assert not Delivery.objects.exists()


def test_the_admin_log_is_read_only(admin_client, db):
    Delivery.objects.create(channel="email", kind="new_report", recipient="a@example.id")
    page = admin_client.get(reverse("admin:core_delivery_changelist"))
    assert page.status_code == 200 and b"a@example.id" in page.content
    assert admin_client.get(reverse("admin:core_delivery_add")).status_code == 403


def test_officers_get_one_alert_digest_for_their_area(
    db, world, django_capture_on_commit_callbacks
):
    from collections import Counter

    from desabinaan.foreigners.notifications import alerts_raised

    users = world["users"]
    for name in ("pimpasa.koba", "pimpasa.namang", "kanwil.kalsel", "kanim.pangkalpinang"):
        users[name].email = f"{name}@example.id"
        users[name].save()
    NotificationPreference.objects.create(user=users["kanim.pangkalpinang"], alert=False)
    with django_capture_on_commit_callbacks(execute=True):
        told = alerts_raised(Counter({"19.04.01.2003": 2, "19.04.01.2005": 1}))
    assert told == 1  # namang's kecamatan and Kalsel hold none; the Kanim switched alerts off
    assert [m.to for m in mail.outbox] == [["pimpasa.koba@example.id"]]
    assert mail.outbox[0].subject.startswith("3 ")


def test_notification_choices_round_trip(client, world):
    """The saved choices, rendered on the profile and posted back unchanged, stay as they were."""
    from tests.formdata import form_data, rendered_form

    user = world["users"]["kanim.pangkalpinang"]
    NotificationPreference.objects.create(user=user, new_report=False, alert=False)
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    index = next(
        i for i in range(20) if any(n == "escalation" for n, _v in rendered_form(html, i).pairs)
    )
    data = form_data(html, index)
    assert "new_report" not in data and "alert" not in data
    assert client.post(reverse("accounts:notifications"), data).status_code == 302
    preference = NotificationPreference.objects.get(user=user)
    assert (
        preference.new_report,
        preference.escalation,
        preference.forwarding_answered,
        preference.alert,
    ) == (False, True, True, False)
