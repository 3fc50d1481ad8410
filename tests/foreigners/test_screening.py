"""Watch-list screening in the registry (issue 18): the import command, the check endpoint,
screening of registered stays, hits and their decisions, scope, and the index reload."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope
from desabinaan.foreigners import screening
from desabinaan.foreigners.models import Alert, AlertKind, AlertStatus
from desabinaan.foreigners.screening_services import (
    WatchlistFileInvalid,
    screening_hit_decide,
    stays_screen,
    watchlist_entry_save,
    watchlist_import,
)
from desabinaan.foreigners.selectors import alerts_for
from desabinaan.foreigners.watchlist_models import (
    HitStatus,
    ScreeningCheck,
    ScreeningHit,
    WatchlistEntry,
)

from .conftest import MANDURIAN, PADANG_MULIA, person

pytestmark = pytest.mark.django_db
HEADER = "name,aliases,date_of_birth,nationality,passport_no,reason,source,valid_until"


@pytest.fixture(autouse=True)
def fresh_index():
    screening.forget()
    yield
    screening.forget()


def write(tmp_path, *lines, name="list.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def load(tmp_path, *lines):
    call_command("import_watchlist", str(write(tmp_path, *lines)), verbosity=0)


# --- import ------------------------------------------------------------------------------------


def test_import_creates_and_upserts(tmp_path):
    load(
        tmp_path,
        "Muhammad Hasan,Abu Hasan;M. Hasan,1980-05-04,PK,AB1234567,Interpol notice,interpol,"
        "2030-01-01",
        "Aleksandr Ivanov,,,RU,,,interpol,",
    )
    assert WatchlistEntry.objects.count() == 2
    entry = WatchlistEntry.objects.get(name="Muhammad Hasan")
    assert entry.alias_list == ["Abu Hasan", "M. Hasan"] and entry.nationality.code == "PK"
    # same source + name + date of birth: updated, not added
    load(tmp_path, "Muhammad Hasan,,1980-05-04,PK,AB1234567,Changed,interpol,")
    assert WatchlistEntry.objects.count() == 2
    entry.refresh_from_db()
    assert entry.reason == "Changed" and entry.valid_until is None
    # another source is another entry
    load(tmp_path, "Muhammad Hasan,,1980-05-04,PK,,,bnn,")
    assert WatchlistEntry.objects.count() == 3


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (",,1980-05-04,PK,,,x,", "Nama wajib diisi"),
        ("Ali Khan,,04/05/1980,PK,,,x,", "TTTT-BB-HH"),
        ("Ali Khan,,,XX,,,x,", "kode negara"),
        ("Ali Khan,,,PK,,,x", "seharusnya 8 kolom"),
        ("Ali Khan,,,PK,,,x,2030-13-01", "TTTT-BB-HH"),
    ],
)
def test_a_bad_line_is_reported_by_number_and_nothing_is_saved(tmp_path, capsys, line, words):
    path = write(tmp_path, "Good Name,,,,,,x,", line)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_watchlist", str(path))
    err = capsys.readouterr().err
    assert "line 3:" in err and words.lower() in err.lower()
    assert not WatchlistEntry.objects.exists()


def test_import_refuses_a_wrong_header_and_a_repeated_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("nama,alias\nA,B\n", encoding="utf-8")
    with pytest.raises(WatchlistFileInvalid) as exc:
        watchlist_import(actor=system_actor("test"), path=bad)
    assert exc.value.lines[0][0] == 1
    twice = write(tmp_path, "Ali Khan,,1980-01-01,,,,x,", "ali khan,,1980-01-01,,,,x,")
    with pytest.raises(WatchlistFileInvalid) as exc:
        watchlist_import(actor=system_actor("test"), path=twice)
    assert exc.value.lines == [(3, "sumber, nama, dan tanggal lahir sama dengan baris 2")]


def test_only_pusat_keeps_the_list(world, tmp_path):
    path = write(tmp_path, "Ali Khan,,,,,,x,")
    for key in ("kanim.banjarmasin", "pimpasa.mandurian", "mitra.mandurian"):
        with pytest.raises(NotAllowed):
            watchlist_import(actor=actor_for(world["users"][key]), path=path)
        with pytest.raises(NotAllowed):
            watchlist_entry_save(
                actor=actor_for(world["users"][key]), entry=None, data={"name": "X Y"}
            )
    watchlist_import(actor=actor_for(world["users"]["pusat"]), path=path)
    assert AuditEvent.objects.filter(action="watchlist.import").count() == 1


# --- the check endpoint -------------------------------------------------------------------------


def test_check_returns_explained_candidates_and_logs_a_hash(api, tmp_path):
    load(tmp_path, "Muhammad Hasan,,1980-05-04,PK,AB1234567,,interpol,", "Ali Khan,,,,,,interpol,")
    response = api("pimpasa.mandurian").post(
        "/screening/check", {"name": "Mohammed al-Hassan", "date_of_birth": "1980-05-04"}
    )
    assert response.status_code == 200, response.content
    best = response.json()["candidates"][0]
    assert best["name"] == "Muhammad Hasan" and best["hit"] is True and 0.85 <= best["score"] <= 1
    assert (
        "Mohammed → Muhammad" in best["explanation"] and "tanggal lahir sama" in best["explanation"]
    )
    log = ScreeningCheck.objects.get()
    assert log.user.username == "pimpasa.mandurian" and log.hits == 1 and len(log.query_hash) == 64
    assert "hasan" not in log.query_hash.lower()


def test_check_with_no_match_and_at_most_ten(api, tmp_path):
    load(tmp_path, *[f"Muhammad Hasan {i},,,,,,s{i}," for i in range(15)])
    response = api("kanim.banjarmasin").post("/screening/check", {"name": "Muhammad Hasan"})
    assert len(response.json()["candidates"]) == 10
    response = api("kanim.banjarmasin").post("/screening/check", {"name": "Zzyzx Qwerty"})
    assert response.status_code == 200 and response.json() == {"candidates": []}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "1234"},
        {"name": "Ali", "date_of_birth": "04-05-1980"},
        {"name": "Ali", "nationality": "XX"},
        {"name": "Ali", "nationality": "PAK"},
        {"name": "Ali", "passport_no": "X" * 21},
        {"name": "Ali", "extra": 1},
        {"name": "A" * 201},
    ],
)
def test_check_bad_input_is_422(api, body):
    response = api("pimpasa.mandurian").post("/screening/check", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert not ScreeningCheck.objects.exists()


def test_check_is_for_officers_only(api, client):
    assert api("mitra.mandurian").post("/screening/check", {"name": "Ali"}).status_code == 403
    assert (
        client.post(
            "/api/v1/screening/check", {"name": "Ali"}, content_type="application/json"
        ).status_code
        == 401
    )


# --- screening registered stays -----------------------------------------------------------------


def _listed(tmp_path):
    load(tmp_path, "Muhammad Hasan Qureshi,,1980-05-04,PK,,Wanted,interpol,")
    return WatchlistEntry.objects.get()


def test_a_registered_variant_raises_a_hit_and_a_watchlist_alert(register, tmp_path, world):
    entry = _listed(tmp_path)
    stay = register(
        who=person(
            given_names="Mohammed Hasan",
            family_name="Qureshy",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    register(who=person(given_names="John", family_name="Walker"))
    run = stays_screen(actor=system_actor("test"))
    assert run.checked == 2 and run.raised == 1
    hit = ScreeningHit.objects.get()
    assert hit.entry == entry and hit.foreigner == stay.foreigner and hit.region_id == MANDURIAN
    assert "Mohammed → Muhammad" in hit.explanation
    alert = hit.alert
    assert alert.kind == AlertKind.WATCHLIST and alert.is_open and alert.stay == stay
    # a second pass finds nothing new
    assert stays_screen(actor=system_actor("test"), kind="all").raised == 0
    # officers of the area see the alert; the village partner does not
    assert (
        alerts_for(actor=actor_for(world["users"]["pimpasa.mandurian"]))
        .filter(pk=alert.pk)
        .exists()
    )
    assert (
        not alerts_for(actor=actor_for(world["users"]["mitra.mandurian"]))
        .filter(pk=alert.pk)
        .exists()
    )
    assert (
        not alerts_for(actor=actor_for(world["users"]["pimpasa.koba"])).filter(pk=alert.pk).exists()
    )


def test_a_list_entry_written_in_arabic_script_is_found_by_its_passport_spelling(
    register, tmp_path, client, world
):
    """A partner agency's list carries the name as written at home, with a Latin alias."""
    load(tmp_path, "محمد حسن القريشي,,1980-05-04,PK,,Wanted,partner,")
    entry = WatchlistEntry.objects.get()
    register(
        who=person(
            given_names="Mohammed Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    assert stays_screen(actor=system_actor("test")).raised == 1
    hit = ScreeningHit.objects.get()
    assert hit.entry == entry and "tanggal lahir sama" in hit.explanation
    # the page isolates the right-to-left name, or the date after it would be drawn before it
    client.force_login(world["users"]["pimpasa.mandurian"])
    page = client.get(f"/wna/kecocokan/{hit.pk}/").content.decode()
    assert "<bdi>محمد حسن القريشي</bdi>, 4 Mei 1980" in page
    assert "aksara aslinya: \u2068محمد حسن القريشي\u2069 → Muhammad Hasan Qrishi" in hit.explanation


def test_registration_screens_in_a_task(register, tmp_path, django_capture_on_commit_callbacks):
    _listed(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        register(
            who=person(
                given_names="Muhammad Hasan",
                family_name="Qureshi",
                date_of_birth=dt.date(1980, 5, 4),
                nationality="PK",
            )
        )
    assert ScreeningHit.objects.count() == 1


def test_a_watchlist_import_rescreens_everyone(
    register, tmp_path, django_capture_on_commit_callbacks
):
    register(
        who=person(
            given_names="Aleksandr",
            family_name="Ivanov",
            date_of_birth=dt.date(1975, 1, 2),
            nationality="RU",
        )
    )
    stays_screen(actor=system_actor("test"))
    assert not ScreeningHit.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        watchlist_import(
            actor=system_actor("test"),
            path=write(tmp_path, "Oleksandr Ivanov,,1975-01-02,UA,,,sbu,"),
        )
    hit = ScreeningHit.objects.get()
    assert "Aleksandr → Oleksandr" in hit.explanation


def test_dismissed_pair_is_not_raised_again_confirmed_keeps_who(register, tmp_path, world):
    _listed(tmp_path)
    register(
        who=person(
            given_names="Muhammad Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    stays_screen(actor=system_actor("test"))
    hit = ScreeningHit.objects.get()
    officer = world["users"]["pimpasa.mandurian"]
    with pytest.raises(Invalid):
        screening_hit_decide(actor=actor_for(officer), hit=hit, decision="dismissed", note="")
    with pytest.raises(NotFoundInScope):
        screening_hit_decide(
            actor=actor_for(world["users"]["pimpasa.koba"]),
            hit=hit,
            decision="dismissed",
            note="beda orang",
        )
    with pytest.raises(NotAllowed):
        screening_hit_decide(
            actor=actor_for(world["users"]["mitra.mandurian"]),
            hit=hit,
            decision="dismissed",
            note="beda orang",
        )
    screening_hit_decide(
        actor=actor_for(officer), hit=hit, decision="dismissed", note="Beda tanggal paspor"
    )
    hit.refresh_from_db()
    assert hit.status == HitStatus.DISMISSED and hit.decided_by == officer
    assert Alert.objects.get().status == AlertStatus.DIABAIKAN
    assert stays_screen(actor=system_actor("test"), kind="all").raised == 0
    assert ScreeningHit.objects.count() == 1
    with pytest.raises(Invalid):
        screening_hit_decide(actor=actor_for(officer), hit=hit, decision="confirmed")


def test_confirm_keeps_the_alert_open(register, tmp_path, world):
    _listed(tmp_path)
    register(
        who=person(
            given_names="Muhammad Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    stays_screen(actor=system_actor("test"))
    hit = ScreeningHit.objects.get()
    screening_hit_decide(
        actor=actor_for(world["users"]["kanim.banjarmasin"]), hit=hit, decision="confirmed"
    )
    hit.refresh_from_db()
    assert hit.status == HitStatus.CONFIRMED and hit.decided_by.username == "kanim.banjarmasin"
    assert Alert.objects.get().status == AlertStatus.DITANGANI


def test_inactive_or_expired_entries_are_not_screened(register, tmp_path):
    load(tmp_path, "Muhammad Hasan Qureshi,,1980-05-04,PK,,,interpol,2020-01-01")
    register(
        who=person(
            given_names="Muhammad Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    assert stays_screen(actor=system_actor("test")).raised == 0


# --- the index follows the list -----------------------------------------------------------------


def test_every_process_sees_a_change_within_a_minute(settings, tmp_path):
    settings.SCREENING_RELOAD_SECONDS = 30
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        assert len(screening.current_index()) == 0
        load(tmp_path, "Ali Khan,,,,,,x,")
        assert len(screening.current_index()) == 0  # checked less than 30 s ago
        clock.shift(31)
        assert len(screening.current_index()) == 1
        entry = WatchlistEntry.objects.get()
        watchlist_entry_save(
            actor=system_actor("test"), entry=entry, data={"name": "Ali Khan", "active": False}
        )
        clock.shift(31)
        assert len(screening.current_index()) == 0


# --- pages --------------------------------------------------------------------------------------


def test_watchlist_pages_are_pusat_only_and_mask_passports(client, world, tmp_path):
    load(tmp_path, "Muhammad Hasan,,1980-05-04,PK,AB1234567,,interpol,")
    client.force_login(world["users"]["pusat"])
    page = client.get("/wna/daftar-pantauan/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Muhammad Hasan" in text and "AB1234567" not in text
    for key in ("kanim.banjarmasin", "pimpasa.mandurian", "mitra.mandurian"):
        client.force_login(world["users"][key])
        assert client.get("/wna/daftar-pantauan/").status_code == 403
        assert (
            client.get(f"/wna/daftar-pantauan/{WatchlistEntry.objects.get().pk}/").status_code
            == 403
        )


def test_the_list_search_finds_other_spellings_and_scripts(client, world, tmp_path):
    load(
        tmp_path,
        "محمد حسن القريشي,,1980-05-04,PK,,,partner,",
        "John Walker,,1975-01-01,US,,,interpol,",
    )
    client.force_login(world["users"]["pusat"])

    def shown(q):
        return client.get("/wna/daftar-pantauan/", {"q": q}).content.decode()

    found = shown("Mohammed Hassan Qureshi")
    assert "محمد حسن القريشي" in found and "John Walker" not in found
    found = shown("walker")  # a part of a name, as before
    assert "John Walker" in found and "محمد حسن القريشي" not in found
    assert "John Walker" not in shown("Johanna Walkerova")
    # the edit form lets a right-to-left name run right to left
    arabic = WatchlistEntry.objects.get(source="partner")
    form = client.get(f"/wna/daftar-pantauan/{arabic.pk}/").content.decode()
    assert 'dir="auto"' in form and 'value="محمد حسن القريشي"' in form


def test_pusat_adds_an_entry_with_the_form_and_bad_input_is_400(client, world):
    client.force_login(world["users"]["pusat"])
    bad = client.post("/wna/daftar-pantauan/baru/", {"name": "", "nationality": "XX"})
    assert bad.status_code == 400 and not WatchlistEntry.objects.exists()
    ok = client.post(
        "/wna/daftar-pantauan/baru/", {"name": "Ali Khan", "nationality": "PK", "active": "on"}
    )
    assert ok.status_code == 302 and WatchlistEntry.objects.get().nationality.code == "PK"
    assert AuditEvent.objects.filter(action="watchlist.create").count() == 1


def test_upload_page_reports_bad_lines(client, world, tmp_path):
    client.force_login(world["users"]["pusat"])
    path = write(tmp_path, "Ali Khan,,1980-99-01,,,,x,")
    with path.open("rb") as f:
        response = client.post("/wna/daftar-pantauan/impor/", {"file": f})
    text = response.content.decode()
    assert response.status_code == 400 and ("baris 2" in text or "line 2" in text)
    assert not WatchlistEntry.objects.exists()


def test_hit_pages_in_scope(client, world, register, tmp_path):
    _listed(tmp_path)
    register(
        who=person(
            given_names="Muhammad Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    stays_screen(actor=system_actor("test"))
    hit = ScreeningHit.objects.get()
    client.force_login(world["users"]["pimpasa.mandurian"])
    assert "Qureshi" in client.get("/wna/kecocokan/").content.decode()
    assert client.get(f"/wna/peringatan/{hit.alert_id}/kecocokan/").status_code == 302
    response = client.post(f"/wna/kecocokan/{hit.pk}/", {"decision": "dismissed", "note": ""})
    assert response.status_code == 400
    response = client.post(
        f"/wna/kecocokan/{hit.pk}/", {"decision": "dismissed", "note": "Orang lain"}
    )
    assert response.status_code == 302
    client.force_login(world["users"]["pimpasa.koba"])
    assert client.get(f"/wna/kecocokan/{hit.pk}/").status_code == 404
    assert "Qureshi" not in client.get("/wna/kecocokan/?status=semua").content.decode()
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get("/wna/kecocokan/").status_code == 403
    assert client.get(f"/wna/kecocokan/{hit.pk}/").status_code == 404


def test_padang_mulia_is_another_area(register, tmp_path, world):
    """A hit lies where the stay is: the Koba PIMPASA sees the one in their kelurahan."""
    _listed(tmp_path)
    register(
        user="pimpasa.koba",
        region=PADANG_MULIA,
        who=person(
            given_names="Muhammad Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        ),
    )
    stays_screen(actor=system_actor("test"))
    hit = ScreeningHit.objects.get()
    assert hit.region_id == PADANG_MULIA


# --- linking ------------------------------------------------------------------------------------


def test_link_persons_proposes_then_applies_and_resumes(register, tmp_path, world):
    a = register(
        who=person(
            given_names="Mohammed",
            family_name="Hassan",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
            passport_number="PK1234567",
            passport_country="PK",
        )
    )
    b = register(
        who=person(
            given_names="Muhammad",
            family_name="Hasan",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
            passport_number="PK7654321",
            passport_country="PK",
        )
    )
    c = register(
        who=person(
            given_names="Muhammad",
            family_name="Hasan",
            date_of_birth=dt.date(1991, 1, 1),
            nationality="PK",
        )
    )
    proposal = tmp_path / "proposal.json"
    call_command("link_persons", "--proposal", str(proposal), verbosity=0)
    import json

    groups = json.loads(proposal.read_text())["groups"]
    assert groups == [sorted([a.foreigner_id, b.foreigner_id])]
    with pytest.raises(CommandError):
        call_command("link_persons", "--proposal", str(proposal), "--apply")
    call_command(
        "link_persons", "--proposal", str(proposal), "--apply", "--as", "kanim.banjarmasin"
    )
    b.foreigner.refresh_from_db()
    c.foreigner.refresh_from_db()
    assert b.foreigner.merged_into_id == a.foreigner_id and c.foreigner.merged_into_id is None
    # again: nothing left to do
    call_command(
        "link_persons", "--proposal", str(proposal), "--apply", "--as", "kanim.banjarmasin"
    )
    assert AuditEvent.objects.filter(action="foreigner.merge").count() == 1


# --- query counts -------------------------------------------------------------------------------


def test_watchlist_and_hit_lists_cost_fixed_queries(client, world, register, tmp_path):
    from tests.querycount import assert_bounded

    load(tmp_path, "Muhammad Hasan Qureshi,,1980-05-04,PK,,,interpol,")
    register(
        who=person(
            given_names="Muhammad Hasan",
            family_name="Qureshi",
            date_of_birth=dt.date(1980, 5, 4),
            nationality="PK",
        )
    )
    stays_screen(actor=system_actor("test"))

    def grow():
        load(tmp_path, *[f"Muhammad Hasan Qureshi,,1980-05-04,PK,,,src{i}," for i in range(12)])
        for i in range(6):
            register(
                who=person(
                    given_names="Muhammad Hasan",
                    family_name=f"Qureshi{i}",
                    date_of_birth=dt.date(1980, 5, 4),
                    nationality="PK",
                )
            )
        stays_screen(actor=system_actor("test"))

    client.force_login(world["users"]["pusat"])
    assert_bounded(
        "watch-list", lambda: client.get("/wna/daftar-pantauan/?tampil=all"), lambda: None
    )
    officer = world["users"]["kanim.banjarmasin"]
    client.force_login(officer)
    assert_bounded("matches", lambda: client.get("/wna/kecocokan/?status=semua"), grow)
    client.force_login(world["users"]["pusat"])
    assert_bounded(
        "watch-list after", lambda: client.get("/wna/daftar-pantauan/?tampil=all"), lambda: None
    )
    assert ScreeningHit.objects.count() > 5 and WatchlistEntry.objects.count() > 10


def test_a_rebuild_under_way_does_not_hold_other_requests(settings, tmp_path):
    """While one thread rebuilds the index (seconds for a large list), another thread's check
    goes on with the list it has instead of waiting; a caller that must be current waits."""
    load(tmp_path, "Ali Khan,,,,,,x,")
    settings.SCREENING_RELOAD_SECONDS = 0
    old = screening.current_index()
    assert len(old) == 1
    load(tmp_path, "Ali Khan,,,,,,x,", "Budi Santoso,,,,,,x,")
    screening._lock.acquire()  # as if another thread were rebuilding
    try:
        assert screening.current_index() is old
    finally:
        screening._lock.release()
    assert len(screening.current_index()) == 2


def test_an_imported_file_of_stays_is_screened_in_batches(
    world, tmp_path, django_capture_on_commit_callbacks
):
    """import_stays -> the rules scan -> a `new` screening pass (tasks run at once in tests),
    which reads the stays in batches; a listed person among them raises one hit."""
    from .test_import import row, write_csv

    _listed(tmp_path)
    rows = [row(n) for n in range(5)]
    rows[3].update(
        given_names="Mohammed Hassan",
        family_name="Qureshi",
        date_of_birth="1980-05-04",
        nationality="PK",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_stays",
            str(write_csv(tmp_path / "stays.csv", rows)),
            "--user",
            "kanim.banjarmasin",
        )
    hit = ScreeningHit.objects.get()
    assert hit.foreigner.family_name == "Qureshi"
    run = stays_screen(actor=system_actor("test"), kind="all", batch_size=2)
    assert run.checked >= 5 and run.raised == 0  # three batches, the pair not raised twice
