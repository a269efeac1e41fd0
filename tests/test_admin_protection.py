"""The back office protects speakers: how each appearance and person is shown, consent,
withdrawal, the revisions that record them, the review, and real names kept from
editors without the permission."""

import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from reversion.models import Version

from flames.backoffice import staff
from flames.episodes.models import Appearance
from flames.people.models import Person, Showing, Withdrawal
from tests.publishing.helpers import form_data

pytestmark = pytest.mark.django_db

DEMO_EPISODE = "#121 Ukraine and NATO partnership anniversary: joint achievements and challenges"


@pytest.fixture
def editor(demo):
    """An editor as `flames demo --editor` makes one: the Editors group, no real names."""
    staff.ensure_account(username="editor", administrator=False)
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def hidden(demo):
    """Volodymyr Ogryzko, protected as a person: shown as "A former minister"."""
    person = Person.objects.get(slug="volodymyr-ogryzko")
    Person.objects.filter(pk=person.pk).update(
        shown_as=Showing.DESCRIPTION, shown_name="A former minister", bio="Born in Lviv."
    )
    person.refresh_from_db()
    return person


def episode_change(episode) -> str:
    return reverse("admin:episodes_episode_change", args=[episode.pk])


def person_change(person) -> str:
    return reverse("admin:people_person_change", args=[person.pk])


def row_of(episode, slug: str) -> int:
    """The index of a speaker's row on the episode's form (its panel's order)."""
    slugs = [appearance.person.slug for appearance in episode.appearances.all()]
    return slugs.index(slug)


def protect_kleine(client, demo, **changes):
    """Show Vineta Kleine on the demo episode by first name, without her organization."""
    row = row_of(demo, "vineta-kleine")
    data = form_data(client.get(episode_change(demo)), "episode_form")
    data[f"appearances-{row}-shown_as"] = ["first_name"]
    data[f"appearances-{row}-shown_name"] = ["Vineta"]
    data[f"appearances-{row}-announced_title"] = ["Director"]
    data.pop(f"appearances-{row}-show_organization", None)
    for name, value in changes.items():
        data[f"appearances-{row}-{name}"] = value
    return client.post(episode_change(demo), data)


def latest_comment(obj) -> str:
    return Version.objects.get_for_object(obj).first().revision.get_comment()


# One place per episode: the appearances' protection.


def test_episode_form_protects_an_appearance_and_the_revision_says_how(
    admin_client, admin_user, demo
):
    response = protect_kleine(admin_client, demo)

    assert response.status_code == 302, response.content.decode()[:3000]
    appearance = demo.appearances.get(person__slug="vineta-kleine")
    assert (
        appearance.shown_as,
        appearance.shown_name,
        appearance.show_organization,
        appearance.announced_title,
    ) == ("first_name", "Vineta", False, "Director")
    speaker = appearance.speaker
    assert (speaker.name, speaker.role, speaker.person) == ("Vineta", "Director", None)
    latest = Version.objects.get_for_object(demo).first().revision
    assert latest.user == admin_user
    assert latest.get_comment() == (
        "Changed Shown as, Name shown, Show the organization and Role without the "
        f"organization for appearance “Vineta in {DEMO_EPISODE}”. "
        "Protection of Vineta: shown as first name only “Vineta”; organization hidden."
    )


def test_episode_form_shows_each_speakers_protection_folded_with_a_summary(admin_client, demo):
    protect_kleine(admin_client, demo)

    response = admin_client.get(episode_change(demo))

    html = response.content.decode()
    row = row_of(demo, "vineta-kleine")
    form = response.context["inline_admin_formsets"][0].formset.forms[row]
    assert set(form.fields) - {"id", "episode", "DELETE"} == {
        "person",
        "part",
        "needs_review",
        "announced_as",
        "announced_as_uk",
        "order",
        "shown_as",
        "shown_name",
        "shown_name_uk",
        "show_organization",
        "show_portrait",
        "announced_title",
        "announced_title_uk",
        "withdrawn",
        "withdrawal_reason",
    }
    # Seven speakers, the empty row and the template of a row added.
    assert html.count("<summary>") == 9
    assert (
        '<div class="readonly">shown as first name only “Vineta”; organization hidden</div>' in html
    )
    assert '<div class="readonly">shown by full name</div>' in html


def test_a_protected_row_without_a_name_shown_is_refused_on_the_row(admin_client, demo):
    response = protect_kleine(admin_client, demo, shown_name=[""])

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0]
    row = row_of(demo, "vineta-kleine")
    assert formset.formset.errors[row] == {
        "shown_name": ["Write the name shown when the full name is not."]
    }
    # The folded group opens on the row with the error.
    fieldsets = list(formset)[row]
    assert [fieldset.is_collapsible for fieldset in fieldsets] == [False, False]
    assert demo.appearances.get(person__slug="vineta-kleine").shown_as == "full_name"


def test_withdrawing_a_row_dates_it_and_asks_why(admin_client, demo):
    row = row_of(demo, "karen-mctear")
    data = form_data(admin_client.get(episode_change(demo)), "episode_form")
    data[f"appearances-{row}-withdrawn"] = ["on"]

    refused = admin_client.post(episode_change(demo), data)
    data[f"appearances-{row}-withdrawal_reason"] = ["asked"]
    saved = admin_client.post(episode_change(demo), data)

    assert refused.context["inline_admin_formsets"][0].formset.errors[row] == {
        "withdrawal_reason": ["Choose why the speaker is withdrawn."]
    }
    assert saved.status_code == 302
    appearance = demo.appearances.get(person__slug="karen-mctear")
    assert appearance.withdrawn_at is not None
    assert appearance.withdrawal_reason == "asked"
    assert latest_comment(demo).endswith(
        "Protection of Karen McTear: withdrawn (the person asked)."
    )


# The person's form: protection and consent.


def test_consent_is_recorded_with_who_and_when(admin_client, admin_user, demo):
    person = Person.objects.get(slug="vineta-kleine")
    data = form_data(admin_client.get(person_change(person)), "person_form")
    data["bio"] = ["Director of the NATO centre."]
    admin_client.post(person_change(person), data)
    person.refresh_from_db()
    # Nothing said about consent: nothing recorded.
    assert (person.consent_recorded_at, person.consent_recorded_by) == (None, None)
    data["portrait_consent"] = ["given"]
    data["directory_consent"] = ["refused"]

    before = datetime.now(UTC)
    response = admin_client.post(person_change(person), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert (person.portrait_consent, person.directory_consent) == ("given", "refused")
    assert person.consent_recorded_by == admin_user
    assert person.consent_recorded_at >= before
    assert latest_comment(person) == (
        "Changed Consent to the portrait and Consent to the directory. "
        "Consent: portrait given; directory refused."
    )
    page = admin_client.get(person_change(person)).content.decode()
    assert "consent_recorded_at" not in page  # shown, never typed in
    assert ", by admin</div>" in page


def test_person_form_protects_the_whole_person(admin_client, demo):
    person = Person.objects.get(slug="volodymyr-ogryzko")
    data = form_data(admin_client.get(person_change(person)), "person_form")
    data["shown_as"] = ["pseudonym"]
    data["shown_name"] = ["Mykola"]
    data.pop("show_portrait")

    response = admin_client.post(person_change(person), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert (person.shown_as, person.shown_name, person.show_portrait) == (
        "pseudonym",
        "Mykola",
        False,
    )
    assert latest_comment(person) == (
        "Changed Shown as, Name shown and Show the portrait. "
        "Protection: shown as a pseudonym “Mykola”; portrait hidden."
    )
    speaker = demo.appearances.get(person=person).speaker
    assert (speaker.name, speaker.person) == ("Mykola", None)


# Withdrawal by action.


def test_withdraw_people_asks_why_then_records_it(admin_client, admin_user, demo):
    chaly = Person.objects.get(slug="valeriy-chaly")
    changelist = reverse("admin:people_person_changelist")
    selection = {"action": "withdraw", "_selected_action": [chaly.pk]}

    asked = admin_client.post(changelist, selection)
    done = admin_client.post(changelist, {**selection, "reason": "at_risk"}, follow=True)

    assert asked.status_code == 200
    assert [row.name for row in asked.context["rows"]] == ["Valeriy Chaly"]
    assert list(asked.context["form"].fields["reason"].choices) == [
        ("asked", "The person asked"),
        ("at_risk", "The person is at risk"),
        ("other", "Another reason"),
    ]
    assert [str(m) for m in done.context["messages"]] == [
        "Withdrawn: 1, from every page, feed, search and export."
    ]
    chaly.refresh_from_db()
    assert chaly.withdrawn_at is not None
    assert chaly.withdrawal_reason == Withdrawal.AT_RISK
    revision = Version.objects.get_for_object(chaly).first().revision
    assert (revision.user, revision.get_comment()) == (
        admin_user,
        "Protection: withdrawn (the person is at risk).",
    )


def test_withdraw_refuses_a_reason_not_offered(admin_client, demo):
    chaly = Person.objects.get(slug="valeriy-chaly")

    response = admin_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "withdraw", "_selected_action": [chaly.pk], "reason": "bored"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reason": ["Select a valid choice. bored is not one of the available choices."]
    }
    chaly.refresh_from_db()
    assert chaly.withdrawn_at is None


def test_withdraw_appearances_is_kept_in_the_episodes_history(admin_client, admin_user, demo):
    appearance = demo.appearances.get(person__slug="karen-mctear")

    admin_client.post(
        reverse("admin:episodes_appearance_changelist"),
        {"action": "withdraw", "_selected_action": [appearance.pk], "reason": "asked"},
    )

    appearance.refresh_from_db()
    assert appearance.withdrawal_reason == "asked"
    assert appearance.withdrawn_at is not None
    revision = Version.objects.get_for_object(demo).first().revision
    assert (revision.user, revision.get_comment()) == (
        admin_user,
        "Protection of Karen McTear: withdrawn (the person asked).",
    )
    assert [a.person.name for a in Appearance.objects.shown().filter(episode=demo)] == [
        "Emine Dzheppar",
        "Vineta Kleine",
        "Baiba Braže",
        "Volodymyr Ogryzko",
        "Ivanna Klympush-Tsintsadze",
        "Valeriy Chaly",
    ]


def test_an_appearances_change_page_leads_to_its_episode(admin_client, demo):
    appearance = demo.appearances.get(person__slug="karen-mctear")

    response = admin_client.get(reverse("admin:episodes_appearance_change", args=[appearance.pk]))

    assert (response.status_code, response["Location"]) == (302, episode_change(demo))


# Real names.


def test_editor_never_sees_a_protected_persons_name_on_their_form(editor_client, editor, hidden):
    response = editor_client.get(person_change(hidden))

    html = response.content.decode()
    assert response.status_code == 200
    for revealing in ("Ogryzko", "Огризко", "ogryzko", "Born in Lviv", "Minister of Foreign"):
        assert revealing not in html
    assert "<title>A former minister | Change person | Flames</title>" in html
    assert "Hidden: you may not see the real names of protected speakers." in html
    assert list(response.context["adminform"].form.fields)[:3] == [
        "needs_review",
        "shown_as",
        "shown_name",
    ]
    # The Editors group does not have the permission; given to one editor, it shows all.
    assert not editor.has_perm("people.view_real_name")
    editor.user_permissions.add(Permission.objects.get(codename="view_real_name"))
    allowed = editor_client.get(person_change(hidden))
    assert allowed.context["adminform"].form["name"].value() == "Volodymyr Ogryzko"
    assert "Born in Lviv." in allowed.content.decode()


def test_editor_saving_a_protected_person_keeps_their_name(editor_client, hidden):
    data = form_data(editor_client.get(person_change(hidden)), "person_form")
    # The page sends none of it back: nothing of it was on the page.
    assert not {"name", "slug", "sort_name", "bio", "names-TOTAL_FORMS"} & set(data)
    data["shown_name"] = ["A diplomat"]

    response = editor_client.post(person_change(hidden), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    hidden.refresh_from_db()
    assert (hidden.name, hidden.slug, hidden.shown_name, hidden.bio) == (
        "Volodymyr Ogryzko",
        "volodymyr-ogryzko",
        "A diplomat",
        "Born in Lviv.",
    )
    assert [position.title for position in hidden.positions.all()] == [
        "Minister of Foreign Affairs of Ukraine"
    ]


def test_editor_cannot_show_a_protected_person_by_full_name(editor_client, hidden):
    data = form_data(editor_client.get(person_change(hidden)), "person_form")
    data["shown_as"] = ["full_name"]

    response = editor_client.post(person_change(hidden), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "shown_as": [
            "Only an editor allowed to see the real names of protected speakers can show "
            "this speaker by full name."
        ]
    }
    assert "Ogryzko" not in response.content.decode()
    hidden.refresh_from_db()
    assert hidden.shown_as == "description"


def test_editor_list_and_search_of_people_show_the_name_shown_only(
    editor_client, admin_client, hidden
):
    changelist = reverse("admin:people_person_changelist")

    listed = editor_client.get(changelist)
    by_real_name = editor_client.get(changelist, {"q": "Ogryzko"})
    by_spelling = editor_client.get(changelist, {"q": "Огризко"})
    by_position = editor_client.get(changelist, {"q": "Minister of Foreign"})
    by_shown_name = editor_client.get(changelist, {"q": "former minister"})
    public = editor_client.get(changelist, {"q": "Chaly"})

    assert "Ogryzko" not in listed.content.decode()
    assert "A former minister" in listed.content.decode()
    assert [p.pk for p in by_real_name.context["cl"].result_list] == []
    assert [p.pk for p in by_spelling.context["cl"].result_list] == []
    # Found only on the position of another (First Deputy Minister of Foreign Affairs).
    assert [p.name for p in by_position.context["cl"].result_list] == ["Emine Dzheppar"]
    assert [p.pk for p in by_shown_name.context["cl"].result_list] == [hidden.pk]
    assert [p.name for p in public.context["cl"].result_list] == ["Valeriy Chaly"]
    # Administrators see and find the real name.
    found = admin_client.get(changelist, {"q": "Ogryzko"})
    assert [p.pk for p in found.context["cl"].result_list] == [hidden.pk]
    assert '<td class="field-sort_name">Ogryzko Volodymyr</td>' in found.content.decode()


def autocomplete(client, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": term,
            "app_label": "episodes",
            "model_name": "appearance",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in json.loads(response.content)["results"]]


def test_speakers_search_box_never_gives_a_protected_name(editor_client, admin_client, hidden):
    assert autocomplete(editor_client, "Ogryzko") == []
    assert autocomplete(editor_client, "former") == ["A former minister"]
    assert autocomplete(admin_client, "Ogryzko") == ["A former minister"]


def test_episode_form_names_protected_speakers_by_the_name_shown(
    editor_client, admin_client, demo, hidden
):
    protect_kleine(admin_client, demo)

    html = editor_client.get(episode_change(demo)).content.decode()

    for revealing in ("Ogryzko", "Kleine"):
        assert revealing not in html
    assert f"A former minister in {DEMO_EPISODE}" in html
    assert (
        '<div class="readonly">shown as a description “A former minister”, as the person '
        "always is</div>"
    ) in html
    row = row_of(demo, "vineta-kleine")
    person = Person.objects.get(slug="vineta-kleine")
    assert f'<option value="{person.pk}" selected>Vineta</option>' in html
    assert f'name="appearances-{row}-person"' in html


def test_editor_cannot_show_a_protected_appearance_by_full_name(editor_client, admin_client, demo):
    protect_kleine(admin_client, demo)

    response = protect_kleine(editor_client, demo, shown_as=["full_name"])

    assert response.status_code == 200
    row = row_of(demo, "vineta-kleine")
    assert response.context["inline_admin_formsets"][0].formset.errors[row] == {
        "shown_as": [
            "Only an editor allowed to see the real names of protected speakers can show "
            "this speaker by full name."
        ]
    }
    assert "Kleine" not in response.content.decode()


def test_episode_search_by_a_protected_name_finds_nothing(editor_client, admin_client, hidden):
    changelist = reverse("admin:episodes_episode_changelist")

    assert editor_client.get(changelist, {"q": "Ogryzko"}).context["cl"].result_count == 0
    assert editor_client.get(changelist, {"q": "Chaly"}).context["cl"].result_count == 1
    assert admin_client.get(changelist, {"q": "Ogryzko"}).context["cl"].result_count == 1


def test_positions_of_protected_people_are_not_listed_for_editors(editor_client, hidden):
    response = editor_client.get(reverse("admin:people_position_changelist"))

    people = {position.person.name for position in response.context["cl"].result_list}
    assert people == {
        "Emine Dzheppar",
        "Vineta Kleine",
        "Baiba Braže",
        "Karen McTear",
        "Ivanna Klympush-Tsintsadze",
        "Valeriy Chaly",
    }


def test_editor_history_of_a_protected_speaker_lists_but_does_not_compare(
    editor_client, admin_client, demo, hidden
):
    data = form_data(admin_client.get(person_change(hidden)), "person_form")
    data["shown_name"] = ["A diplomat"]
    admin_client.post(person_change(hidden), data)
    first, second = Version.objects.get_for_object(hidden).order_by("pk")

    history = editor_client.get(reverse("admin:people_person_history", args=[hidden.pk]))
    compare = editor_client.get(
        reverse("admin:people_person_compare", args=[hidden.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    revert = editor_client.get(reverse("admin:people_person_revision", args=[hidden.pk, first.pk]))
    episode_compare = editor_client.get(reverse("admin:episodes_episode_compare", args=[demo.pk]))

    assert history.status_code == 200
    assert "Ogryzko" not in history.content.decode()
    assert (compare.status_code, revert.status_code, episode_compare.status_code) == (
        403,
        403,
        403,
    )
    allowed = admin_client.get(
        reverse("admin:people_person_compare", args=[hidden.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert allowed.status_code == 200


def test_editor_may_not_delete_or_merge_a_protected_person(editor_client, hidden):
    chaly = Person.objects.get(slug="valeriy-chaly")

    delete = editor_client.get(reverse("admin:people_person_delete", args=[hidden.pk]))
    merge = editor_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "merge", "_selected_action": [hidden.pk, chaly.pk]},
        follow=True,
    )

    assert delete.status_code == 403
    assert [str(m) for m in merge.context["messages"]] == [
        "Only an editor allowed to see the real names of protected speakers can merge them."
    ]


# The review.


def test_review_lists_protected_and_withdrawn_people_and_appearances(
    admin_client, admin_user, demo, hidden
):
    protect_kleine(admin_client, demo)
    chaly = Person.objects.get(slug="valeriy-chaly")
    admin_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "withdraw", "_selected_action": [chaly.pk], "reason": "asked"},
    )

    response = admin_client.get(reverse("admin:protection_review"))

    assert response.status_code == 200
    people = [
        (row["label"], row["real_name"], row["shown"], row["withdrawn"], row["changed_by"])
        for row in response.context["people"]
    ]
    assert people == [
        (
            "Valeriy Chaly",
            "Valeriy Chaly",
            "shown by full name",
            "withdrawn (the person asked)",
            admin_user,
        ),
        # Protected where no revision was kept: nobody to name.
        (
            "A former minister",
            "Volodymyr Ogryzko",
            "shown as a description “A former minister”",
            "",
            None,
        ),
    ]
    appearances = [
        (row["label"], row["real_name"], row["shown"], row["changed_by"])
        for row in response.context["appearances"]
    ]
    assert appearances == [
        (
            "Vineta",
            "Vineta Kleine",
            "shown as first name only “Vineta”; organization hidden",
            admin_user,
        )
    ]
    html = response.content.decode()
    assert f'<a href="{episode_change(demo)}">Vineta</a>' in html
    assert f'<a href="{person_change(hidden)}">A former minister</a>' in html


def test_review_hides_real_names_from_editors(editor_client, admin_client, demo, hidden):
    protect_kleine(admin_client, demo)

    response = editor_client.get(reverse("admin:protection_review"))

    html = response.content.decode()
    assert response.status_code == 200
    for revealing in ("Ogryzko", "Kleine", '<th scope="col">Real name</th>'):
        assert revealing not in html
    assert [row["label"] for row in response.context["appearances"]] == ["Vineta"]


def test_review_is_linked_and_translated(admin_client, demo, hidden):
    index = admin_client.get(reverse("admin:index")).content.decode()
    people = admin_client.get(reverse("admin:people_person_changelist")).content.decode()
    review = admin_client.get(
        reverse("admin:protection_review"), headers={"accept-language": "uk"}
    ).content.decode()

    link = f'<a href="{reverse("admin:protection_review")}">Protected and withdrawn speakers</a>'
    assert link in index
    assert link in people
    assert "<h1>Захищені та відкликані спікери</h1>" in review
    assert "показано як опис “A former minister”" in review


def test_editor_history_writes_the_name_shown_in_older_comments(editor_client, admin_client, demo):
    row = row_of(demo, "valeriy-chaly")
    data = form_data(admin_client.get(episode_change(demo)), "episode_form")
    data[f"appearances-{row}-announced_as"] = ["Chair of the UCMC Board"]
    admin_client.post(episode_change(demo), data)
    Person.objects.filter(slug="valeriy-chaly").update(
        shown_as=Showing.DESCRIPTION, shown_name="A diplomat"
    )
    history = reverse("admin:episodes_episode_history", args=[demo.pk])

    masked = editor_client.get(history)
    plain = admin_client.get(history)

    comment = "Changed Announced as for appearance “{} in " + DEMO_EPISODE + "”."
    assert [a["revision"].get_comment() for a in masked.context["action_list"]] == [
        comment.format("A diplomat"),
        "Loaded the demo content.",
    ]
    assert "Chaly" not in masked.content.decode()
    assert plain.context["action_list"][0]["revision"].get_comment() == comment.format(
        "Valeriy Chaly"
    )


def test_a_form_sent_without_the_protection_leaves_it_as_it_is(admin_client, demo):
    protect_kleine(admin_client, demo)
    row = row_of(demo, "vineta-kleine")
    data = form_data(admin_client.get(episode_change(demo)), "episode_form")
    for name in ("shown_as", "shown_name", "show_organization", "show_portrait", "withdrawn"):
        data.pop(f"appearances-{row}-{name}", None)
    data[f"appearances-{row}-announced_as"] = ["Director of the NATO centre"]

    response = admin_client.post(episode_change(demo), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    appearance = demo.appearances.get(person__slug="vineta-kleine")
    assert (
        appearance.announced_as,
        appearance.shown_as,
        appearance.shown_name,
        appearance.show_organization,
        appearance.show_portrait,
    ) == ("Director of the NATO centre", "first_name", "Vineta", False, True)


def test_editor_history_of_a_protected_appearance_names_it_as_shown(
    editor_client, admin_client, demo
):
    protect_kleine(admin_client, demo)
    appearance = demo.appearances.get(person__slug="vineta-kleine")
    first, second = Version.objects.get_for_object(appearance).order_by("pk")

    history = editor_client.get(reverse("admin:episodes_appearance_history", args=[appearance.pk]))
    compare = editor_client.get(
        reverse("admin:episodes_appearance_compare", args=[appearance.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )

    assert history.status_code == 200
    assert "Kleine" not in history.content.decode()
    assert compare.status_code == 403
