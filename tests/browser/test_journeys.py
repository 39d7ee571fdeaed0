"""End-to-end journeys (issue 6): a patient, a phone user, a keyboard user, triage staff, an editor.

Written from issues 3 and 4 and the wording on the f-enquiries and f-centres branches
before those pages reached this branch, so conftest.py leaves this module out until the
lead enables it. The words the journeys look for are gathered in the constants below:
if a page's wording changes, change them here.
"""

import re
from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import VIEWPORTS, focused_element
from therapies.models import Therapy

THERAPY = "177Lu-octreotate therapy"
ENQUIRY_CALL_TO_ACTION = re.compile(r"make an enquiry|enquire about", re.IGNORECASE)
SEND_BUTTON = re.compile(r"send enquiry", re.IGNORECASE)
ERROR_SUMMARY_TITLE = "There is a problem"
CONSENT = re.compile(r"health information", re.IGNORECASE)
REFERENCE = re.compile(r"ENQ-[0-9A-Z]{6}")
# "by 3:15pm on Tuesday 2 December" or "by midday on Friday 5 June" (issue 3), UK time.
REPLY_BY = re.compile(r"by (\d{1,2}(:\d{2})?[ap]m|midday|midnight) on [A-Z][a-z]+day \d{1,2} [A-Z]")
WINDSOR = {"name": "GenesisCare Windsor", "postcode": "SL4 3HD", "phone": "01753 465 493"}
SPECIALIST = "Yong Du"

PATIENT = {
    "name": "Margaret Example",
    "email": "margaret.example@example.org",
    # Ofcom's drama range (020 7946 0000 to 0999): a valid London number never assigned.
    "phone": "020 7946 0123",
    "message": "My oncologist mentioned this treatment. Could someone explain what happens next?",
}
FIELD_LABELS = {
    "name": re.compile(r"full name", re.IGNORECASE),
    "email": re.compile(r"email address", re.IGNORECASE),
    "phone": re.compile(r"phone number", re.IGNORECASE),
    "message": re.compile(r"how can we help", re.IGNORECASE),
}
PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The per-client limit on enquiries (issue 3) counts every submission from 127.0.0.1
    # in this process; each journey starts with none counted.
    cache.clear()


@pytest.fixture
def triage_staff_group() -> Group:
    """The "Triage staff" group as its data migrations make it.

    Live-server tests empty the database after each test, data migrations' rows included,
    so this test makes the group again from the migration's own list of permissions.
    """
    migration = import_module("enquiries.migrations.0002_triage_staff_group")
    withdrawn = import_module("enquiries.migrations.0005_triage_staff_without_content")
    moved = import_module("enquiries.migrations.0007_move_emails_to_outbox")
    inbound = import_module("enquiries.migrations.0011_triage_staff_inbound_messages")

    def now_on(app_label: str, codename: str) -> tuple[str, str]:
        # 0007 moved the permissions on emails to the outbox's email model.
        if (app_label, codename.rpartition("_")[2]) == moved.EMAILS_BEFORE:
            return moved.EMAILS_AFTER[0], codename
        return app_label, codename

    group, _ = Group.objects.get_or_create(name=migration.GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in (now_on(*permission) for permission in migration.PERMISSIONS)
        if (app_label, codename) not in withdrawn.CONTENT_PERMISSIONS
    )
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="enquiries", codename__in=inbound.CODENAMES
        )
    )
    return group


@pytest.fixture
def clock():
    """The real clock, which a test can move on: the form rejects submissions made
    faster than a person can type (issue 3), and Playwright types in milliseconds."""
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


def take_time_to_fill_in(clock) -> None:
    clock.shift(timedelta(minutes=2))


def enquiry_form(page: Page) -> Locator:
    return page.get_by_role("main").locator("form")


def field(page: Page, name: str) -> Locator:
    return enquiry_form(page).get_by_role("textbox", name=FIELD_LABELS[name])


def answer_remaining_questions(form: Locator) -> None:
    """Pick the first answer of every question still unanswered (who for, contact time...).

    The journeys are about the flow; which of those answers a patient gives does not matter.
    """
    radio_groups = {radio.get_attribute("name") for radio in form.get_by_role("radio").all()}
    for group in sorted(radio_groups):
        radios = form.locator(f"input[type=radio][name='{group}']")
        if not any(radio.is_checked() for radio in radios.all()):
            radios.first.check()


def expect_error_summary_focused_and_linked(page: Page) -> None:
    """The summary gets focus, and each of its links takes the patient to its field."""
    summary = page.locator(":focus")
    expect(summary).to_contain_text(ERROR_SUMMARY_TITLE)
    # Read the links while the summary has focus: following one moves focus away.
    links = {
        link.inner_text(): link.get_attribute("href") for link in summary.get_by_role("link").all()
    }
    assert links, "The error summary links to no field"
    for message, target in links.items():
        page.get_by_role("link", name=message, exact=True).click()
        expect(page.locator(target)).to_be_focused()


def submit_enquiry_with_mistakes_then_correct_it(page: Page, clock) -> str:
    """From the enquiry form: a bad email and no consent, then fixed. Returns the reference."""
    form = enquiry_form(page)
    field(page, "name").fill(PATIENT["name"])
    field(page, "email").fill("margaret.example-at-example.org")
    field(page, "phone").fill(PATIENT["phone"])
    field(page, "message").fill(PATIENT["message"])
    answer_remaining_questions(form)
    take_time_to_fill_in(clock)
    form.get_by_role("button", name=SEND_BUTTON).click()

    expect_error_summary_focused_and_linked(page)
    # Everything typed is kept.
    expect(field(page, "name")).to_have_value(PATIENT["name"])
    expect(field(page, "message")).to_have_value(PATIENT["message"])

    field(page, "email").fill(PATIENT["email"])
    form.get_by_role("checkbox", name=CONSENT).check()
    take_time_to_fill_in(clock)
    form.get_by_role("button", name=SEND_BUTTON).click()

    return expect_confirmation(page)


def expect_confirmation(page: Page) -> str:
    """The confirmation shows a reference and the reply-by time, and nothing the patient typed."""
    main = page.get_by_role("main")
    expect(main).to_contain_text(REFERENCE)
    expect(main).to_contain_text(REPLY_BY)
    html = page.content()
    for typed in (PATIENT["email"], PATIENT["phone"], PATIENT["message"]):
        assert typed not in html, f"The confirmation page shows what the patient typed: {typed}"
    return REFERENCE.search(main.inner_text()).group()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_patient_finds_the_therapy_and_sends_an_enquiry(open_context, clock, javascript):
    page = open_context(java_script_enabled=javascript).new_page()

    # Home -> the therapy page.
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name=THERAPY).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THERAPY)

    # The therapy page's call to action opens the form with the therapy chosen.
    page.get_by_role("main").get_by_role("link", name=ENQUIRY_CALL_TO_ACTION).last.click()
    expect(enquiry_form(page)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("999")  # the urgent-care notice

    submit_enquiry_with_mistakes_then_correct_it(page, clock)

    # Refreshing the confirmation never sends the enquiry twice (Post/Redirect/Get).
    reference = expect_confirmation(page)
    page.reload()
    assert expect_confirmation(page) == reference


@pytest.mark.browser
def test_patient_on_a_phone_finds_the_centres_offering_the_therapy(open_context):
    page = open_context(**VIEWPORTS["phone"]).new_page()

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Centres").click()

    # Which centres offer the therapy? A plain GET form, so it works without JavaScript too.
    search = page.get_by_role("search", name="Find a centre")
    search.get_by_label("Therapy").select_option(label=THERAPY)
    search.get_by_role("button", name="Find centres").click()
    windsor = page.get_by_role("article", name=WINDSOR["name"])
    expect(windsor).to_contain_text(WINDSOR["postcode"])
    expect(windsor).to_contain_text(re.compile(r"open now|closed now", re.IGNORECASE))
    expect(windsor.get_by_role("link", name=WINDSOR["phone"])).to_have_attribute(
        "href", re.compile(r"^tel:")
    )

    # Windsor's own page, and the specialist who treats there.
    windsor.get_by_role("link", name=WINDSOR["name"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WINDSOR["name"])
    expect(page.get_by_role("main").get_by_role("link", name=WINDSOR["phone"])).to_be_visible()
    page.get_by_role("main").get_by_role("link", name=re.compile(SPECIALIST)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SPECIALIST)
    expect(page.get_by_role("main")).to_contain_text("Nuclear Medicine")


def tab_to(page: Page, target: Locator, *, most_presses: int = 80) -> None:
    """Press Tab until the target has focus; every stop on the way must show its focus."""
    for _ in range(most_presses):
        page.keyboard.press("Tab")
        focused = focused_element(page)
        assert focused["focusVisible"], f"Focus is not visible on {focused['description']}"
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target} in {most_presses} presses (trapped or skipped)")


def answer_with_the_keyboard_and_send(page: Page, *, consent: bool, most_presses: int = 80):
    """Tab on through the form, answering what is still empty, and send it with Enter.

    Text fields get the patient's answers, each unanswered radio group its first choice
    (Space); the consent box is ticked only when `consent` is true.
    """
    for _ in range(most_presses):
        page.keyboard.press("Tab")
        control = focused_element(page)
        assert control["focusVisible"], f"Focus is not visible on {control['description']}"
        assert not control["isBody"], "Tab left the page before reaching the send button"
        if control["tag"] == "button" and SEND_BUTTON.search(control["label"]):
            page.keyboard.press("Enter")
            return
        if control["type"] == "radio":
            if not control["checked"]:
                page.keyboard.press("Space")
        elif control["type"] == "checkbox":
            if consent and CONSENT.search(control["label"]) and not control["checked"]:
                page.keyboard.press("Space")
        elif control["tag"] != "select" and not control["value"]:
            for name, label in FIELD_LABELS.items():
                if label.search(control["label"]):
                    page.keyboard.type(PATIENT[name])
                    break
    pytest.fail(f"Tab never reached the send button in {most_presses} presses")


@pytest.mark.browser
def test_keyboard_user_sends_an_enquiry_without_a_mouse(page, clock):
    page.goto("/")
    tab_to(page, page.get_by_role("link", name="Make an enquiry").first)
    page.keyboard.press("Enter")
    expect(enquiry_form(page)).to_be_visible()

    # First without consent: the error summary takes focus and its link leads to the box.
    take_time_to_fill_in(clock)
    answer_with_the_keyboard_and_send(page, consent=False)
    expect(page.locator(":focus")).to_contain_text(ERROR_SUMMARY_TITLE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    consent = enquiry_form(page).get_by_role("checkbox", name=CONSENT)
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    take_time_to_fill_in(clock)
    answer_with_the_keyboard_and_send(page, consent=True)

    expect_confirmation(page)


def log_in_to_admin(page: Page, username: str) -> None:
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.browser
def test_triage_staff_find_the_new_enquiry_and_record_the_first_response(
    open_context, clock, triage_staff_group
):
    patient = open_context().new_page()
    patient.goto("/")
    patient.get_by_role("link", name="Make an enquiry").first.click()
    reference = submit_enquiry_with_mistakes_then_correct_it(patient, clock)

    staff = User.objects.create_user("triage", password=PASSWORD, is_staff=True)
    staff.groups.add(triage_staff_group)
    clock.shift(timedelta(hours=1))  # the enquiry waits an hour for someone to pick it up
    page = open_context().new_page()
    log_in_to_admin(page, "triage")

    # The triage queue: the new enquiry is on top, on track.
    page.get_by_role("rowheader").get_by_role("link", name="Enquiries", exact=True).click()
    top_row = page.get_by_role("main").get_by_role("row").nth(1)  # row 0: the column headings
    expect(top_row).to_contain_text(reference)
    expect(top_row).to_contain_text("On track")

    top_row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile(r"^Action")).select_option(
        label="Record first response…"
    )
    page.get_by_role("button", name="Run").click()
    page.get_by_role("radio", name="Phone").check()
    page.get_by_role("button", name="Record first response").click()
    expect(page.get_by_text("First response recorded for 1 enquiry")).to_be_visible()

    # Answered enquiries leave the open queue; a search looks through all of them.
    page.get_by_role("textbox", name="Search").fill(reference)
    page.keyboard.press("Enter")
    answered = page.get_by_role("main").get_by_role("row").filter(has_text=reference)
    expect(answered).to_contain_text("Met")


@pytest.mark.browser
def test_editor_changes_a_section_previews_it_and_it_goes_live_once_approved(open_context):
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    therapy = Therapy.objects.get(slug="177lu-octreotate")
    heading = "How long the treatment takes"
    page = open_context().new_page()
    log_in_to_admin(page, "editor")

    # A published page is edited through a draft; saving it leaves the public page alone.
    page.goto(reverse("admin:therapies_therapy_change", args=[therapy.pk]))
    page.get_by_role("button", name="Edit a draft of this page").click()
    page.get_by_label("Heading").first.fill(heading)
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.get_by_text(re.compile("The public page has not changed"))).to_be_visible()

    page.goto(therapy.get_preview_url())
    expect(page.get_by_text("Preview: not published")).to_be_visible()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    public = open_context().new_page()
    public.goto(therapy.get_absolute_url())
    expect(public.get_by_role("heading", name=THERAPY, level=1)).to_be_visible()
    expect(public.get_by_role("heading", name=heading)).to_have_count(0)

    # Submitted for clinical review and approved by a second person: now the public sees it.
    draft = Therapy.with_drafts.get(draft_of=therapy)
    page.goto(reverse("admin:therapies_therapy_change", args=[draft.pk]))
    page.get_by_role("button", name="Save and submit for clinical review").click()
    User.objects.create_superuser("reviewer", "reviewer@example.org", PASSWORD)
    reviewer = open_context().new_page()
    log_in_to_admin(reviewer, "reviewer")
    reviewer.goto(reverse("admin:therapies_therapy_publish", args=[draft.pk]))
    reviewer.get_by_role("button", name="Approve and publish").click()
    expect(reviewer.get_by_text(re.compile("Last clinical approval"))).to_be_visible()
    public.reload()
    expect(public.get_by_role("heading", name=heading)).to_be_visible()
