"""The participant side on the activity page (issue 16): the QR code pointing to the sign-in,
its printable page, the sign-ins summed next to the officer-entered attendance counts, the mean
score before and after with the change and the paired count; and the query counts of the
participant page and the activity page, which do not grow with the participants."""

import re

import pytest
from django.urls import reverse

from desabinaan.accounts.scope import actor_for
from desabinaan.outreach import participation_services as services
from desabinaan.outreach.models import ActivityStatus, Attendance
from desabinaan.outreach.participation_selectors import sign_in_summary
from desabinaan.outreach.participation_views import DEVICE_COOKIE
from tests.querycount import assert_bounded

from .conftest import MANDURIAN, make_activity, mark_held, sign_in, take_quiz

pytestmark = pytest.mark.django_db


def detail(client, activity):
    return client.get(reverse("outreach:detail", args=[activity.pk])).content.decode()


def test_the_activity_page_shows_a_qr_code_of_the_sign_in_link(client, world, activity):
    client.force_login(world["users"]["pimpasa.mandurian"])
    html = detail(client, activity)
    link = f"http://testserver/kegiatan/ikut/{activity.sign_in_token}/"
    assert f'href="{link}"' in html
    qr = html[html.index('id="sign-in-qr"') :]
    assert qr.index("<svg") < qr.index("</svg>")
    poster = client.get(reverse("outreach:sign_in_poster", args=[activity.pk]))
    assert poster.status_code == 200
    assert link in poster.content.decode() and "<svg" in poster.content.decode()


def test_the_qr_code_encodes_the_sign_in_url(client, world, activity, monkeypatch):
    import segno

    made = []
    real = segno.make
    monkeypatch.setattr(
        segno, "make", lambda content, **kw: made.append(content) or real(content, **kw)
    )
    client.force_login(world["users"]["pimpasa.mandurian"])
    client.get(reverse("outreach:sign_in_poster", args=[activity.pk]))
    assert made == [f"http://testserver/kegiatan/ikut/{activity.sign_in_token}/"]


def test_a_cancelled_activity_shows_no_qr_code(client, world):
    cancelled = make_activity(world, status=ActivityStatus.DIBATALKAN)
    client.force_login(world["users"]["pimpasa.mandurian"])
    assert 'id="sign-in-qr"' not in detail(client, cancelled)
    assert client.get(reverse("outreach:sign_in_poster", args=[cancelled.pk])).status_code == 404


def test_sign_ins_are_counted_by_sex_and_age_next_to_the_attendance_counts(client, world):
    activity = make_activity(world, status=ActivityStatus.TERLAKSANA)
    sign_in(activity, sex="P", age_group="age_18_30")
    sign_in(activity, sex="P", age_group="age_60_plus")
    sign_in(activity, sex="L", age_group="age_18_30")
    summary = sign_in_summary(activity)
    assert summary.total == 3
    assert [n for _, n in summary.by_sex] == [1, 2]
    assert [n for _, n in summary.by_age] == [0, 2, 0, 1]
    Attendance.objects.create(
        activity=activity,
        total=40,
        male=15,
        female=25,
        under_18=5,
        age_18_30=20,
        age_31_59=10,
        age_60_plus=5,
    )
    client.force_login(world["users"]["kanim.banjarmasin"])
    html = detail(client, activity)
    table = html[
        html.index('id="sign-in-summary"') : html.index(
            "</table>", html.index('id="sign-in-summary"')
        )
    ]
    cells = re.findall(r'<td class="text-end"[^>]*>([^<]*)</td>', table)
    assert cells == ["3", "40", "1", "15", "2", "25", "0", "5", "2", "20", "0", "10", "1", "5"]


def test_the_activity_page_shows_mean_before_after_change_and_paired_count(client, world, activity):
    a, b, c = (sign_in(activity) for _ in range(3))
    take_quiz(activity, a, "sebelum", right=2)
    take_quiz(activity, b, "sebelum", right=4)
    take_quiz(activity, c, "sebelum", right=8)
    mark_held(activity)
    take_quiz(activity, a, "sesudah", right=6)
    take_quiz(activity, b, "sesudah", right=8)
    client.force_login(world["users"]["pimpasa.mandurian"])
    html = detail(client, activity)
    assert re.search(r'id="mean-before">37[.,]5%', html)
    assert re.search(r'id="mean-after">87[.,]5%', html)
    assert re.search(r'id="score-change">\+50[.,]0 poin persen', html)
    assert 'id="paired-count">2<' in html


def test_the_kanwil_reads_the_panel_without_the_forms(client, world, activity):
    client.force_login(world["users"]["kanwil.kalsel"])
    html = detail(client, activity)
    assert 'id="sign-in-summary"' in html
    assert 'id="question-add"' not in html and "Jadikan FAQ" not in html


def test_participant_page_costs_the_same_with_one_or_many_sign_ins(client, world, activity):
    client.post(
        reverse("outreach:participate", args=[activity.sign_in_token]),
        {"sex": "P", "age_group": "age_18_30", "village": MANDURIAN},
    )
    assert DEVICE_COOKIE in client.cookies

    def grow():
        for i in range(15):
            token = sign_in(activity)
            take_quiz(activity, token, "sebelum", right=i % 8)

    assert_bounded(
        "kegiatan/ikut/<token>",
        lambda: client.get(reverse("outreach:participate", args=[activity.sign_in_token])),
        grow,
    )
    client.get(reverse("outreach:participate_quiz", args=[activity.sign_in_token, "sebelum"]))
    assert_bounded(
        "kegiatan/ikut/<token>/kuis/sebelum",
        lambda: client.get(
            reverse("outreach:participate_quiz", args=[activity.sign_in_token, "sebelum"])
        ),
        grow,
    )


def test_activity_page_costs_the_same_with_one_or_many_participants(client, world, activity):
    token = sign_in(activity)
    take_quiz(activity, token, "sebelum", right=3)
    officer = actor_for(world["users"]["pimpasa.mandurian"])
    services.activity_question_save(
        actor=officer, activity=activity, data={"question": "Satu?", "answer": "Ya."}
    )
    client.force_login(world["users"]["pimpasa.mandurian"])

    def grow():
        for i in range(12):
            t = sign_in(activity, sex="L" if i % 2 else "P")
            take_quiz(activity, t, "sebelum", right=i % 8)
            q = services.activity_question_save(
                actor=officer, activity=activity, data={"question": f"Tanya {i}?", "answer": "Ya."}
            )
            if i % 3 == 0:
                services.activity_question_promote(actor=officer, question=q)

    assert_bounded(
        "kegiatan/<pk> with participants",
        lambda: client.get(reverse("outreach:detail", args=[activity.pk])),
        grow,
    )
