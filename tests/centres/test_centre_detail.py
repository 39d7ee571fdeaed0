"""A centre's page: how to contact it, when it is open, how to get there, who works there."""

from datetime import UTC, date, datetime, time

import time_machine
from django.test import TestCase
from django.urls import reverse

from centres.models import Centre, Weekday
from editorial import services
from editorial.publishing import Status
from tests.centres.media import TemporaryMediaMixin, png_upload
from tests.factories import (
    make_centre_with_address,
    make_marketing_editor,
    make_opening_exception,
    make_opening_hours,
    make_specialist,
    make_therapy,
    make_windsor_centre,
)

WEDNESDAY_NOON = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@time_machine.travel(WEDNESDAY_NOON, tick=False)
class CentreDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="177Lu-octreotate therapy")
        cls.draft = make_therapy(title="Draft therapy", is_published=False)
        cls.centre = make_windsor_centre(
            enquiry_email="windsor@example.org",
            parking="Free parking with blue badge spaces.",
            public_transport="Ten minutes' walk from Windsor and Eton Central.",
            step_free_access="Ramp at the main door.",
            cqc_rating="good",
            cqc_location_id="1-123456789",
            therapies=[cls.therapy, cls.draft],
        )
        for day in range(Weekday.MONDAY, Weekday.SATURDAY):
            make_opening_hours(cls.centre, day, time(8), time(18))
        make_opening_exception(cls.centre, date(2026, 4, 3), reason="Good Friday")
        make_opening_exception(cls.centre, date(2026, 2, 1), reason="Long ago")
        cls.specialist = make_specialist(
            title="Dr", name="Yong Du", role="Consultant Physician", centres=[cls.centre]
        )
        make_specialist(name="Retired Doctor", is_published=False, centres=[cls.centre])

    def get(self):
        return self.client.get(self.centre.get_absolute_url())

    def test_address_and_contact(self):
        response = self.get()
        self.assertContains(response, "<h1>GenesisCare Windsor</h1>", html=True)
        self.assertContains(
            response,
            '<address class="mb-2">69 Alma Road<br>Windsor<br>SL4 3HD</address>',
            html=True,
        )
        self.assertContains(response, '<a href="tel:+441753465493">01753 465 493</a>', html=True)
        self.assertContains(
            response, '<a href="mailto:windsor@example.org">windsor@example.org</a>', html=True
        )

    def test_clinic_email_when_the_centre_has_no_inbox(self):
        centre = make_centre_with_address(enquiry_email="")
        response = self.client.get(centre.get_absolute_url())
        self.assertContains(response, "mailto:theranostics@example.org")

    def test_open_now_and_opening_hours_with_today_marked(self):
        response = self.get()
        self.assertContains(response, '<span class="badge text-bg-success">Open now</span>')
        self.assertContains(response, "Closes today at 6pm")
        self.assertContains(
            response,
            '<tr class="table-active fw-bold" aria-current="date">'
            '<th scope="row">Wednesday (today)</th><td>8am to 6pm</td></tr>',
            html=True,
        )
        self.assertContains(
            response, '<tr><th scope="row">Tuesday</th><td>8am to 6pm</td></tr>', html=True
        )
        self.assertContains(
            response, '<tr><th scope="row">Sunday</th><td>Closed</td></tr>', html=True
        )
        self.assertContains(response, 'aria-current="date"', count=1)

    def test_upcoming_holidays_listed(self):
        response = self.get()
        self.assertContains(response, "Friday 3 April 2026, Good Friday: Closed")
        self.assertNotContains(response, "Long ago")

    def test_therapies_and_active_specialists(self):
        response = self.get()
        self.assertContains(
            response,
            f'<a href="{self.therapy.get_absolute_url()}">177Lu-octreotate therapy</a>',
            html=True,
        )
        self.assertNotContains(response, "Draft therapy")
        self.assertContains(
            response,
            f'<a href="{self.specialist.get_absolute_url()}">Dr Yong Du</a>',
            html=True,
        )
        self.assertNotContains(response, "Retired Doctor")

    def test_getting_there_and_map_link(self):
        response = self.get()
        self.assertContains(response, "Free parking with blue badge spaces.")
        self.assertContains(response, "Ten minutes&#x27; walk from Windsor and Eton Central.")
        self.assertContains(response, '<h3 class="h5">Step-free access</h3>', html=True)
        self.assertContains(response, "Ramp at the main door.")
        self.assertContains(
            response,
            'href="https://www.openstreetmap.org/?mlat=51.479361&amp;mlon=-0.615993'
            '#map=17/51.479361/-0.615993"',
        )
        self.assertNotContains(response, "<iframe")

    def test_enquiry_link_preselects_the_centre(self):
        self.assertContains(
            self.get(),
            '<a class="btn btn-primary" href="/enquiries/new/?centre=windsor">'
            "Make an enquiry about this centre</a>",
            html=True,
        )

    def test_cqc_rating_and_report(self):
        response = self.get()
        self.assertContains(response, "CQC's latest rating: <strong>Good</strong>")
        self.assertContains(response, 'href="https://www.cqc.org.uk/location/1-123456789"')

    def test_breadcrumbs(self):
        self.assertContains(
            self.get(),
            '<li class="breadcrumb-item"><a href="/centres/">Our centres</a></li>',
            html=True,
        )

    def test_inactive_centre_is_not_found(self):
        hidden = make_centre_with_address(is_published=False)
        self.assertEqual(self.client.get(hidden.get_absolute_url()).status_code, 404)


class CentrePhotoTests(TemporaryMediaMixin, TestCase):
    def test_photo_shown_with_its_description_and_size(self):
        centre = make_centre_with_address(
            photo=png_upload("front.png", (80, 60)),
            photo_alt_text="The front entrance with a ramp",
        )
        self.assertContains(
            self.client.get(centre.get_absolute_url()),
            '<img src="/media/centres/front.png" alt="The front entrance with a ramp" '
            'width="80" height="60" class="img-fluid rounded mb-3" loading="lazy">',
            html=True,
        )


class CentreDetailQueryCountTests(TestCase):
    """The centre with its hours, exceptions, therapies and specialists: one query however many."""

    def test_query_count_does_not_grow(self):
        centre = make_centre_with_address()
        self.client.get(centre.get_absolute_url())  # fills the shared cache (the footer's promise)
        for size in (1, 5):
            for _ in range(size):
                therapy = make_therapy()
                centre.therapies.add(therapy)
                make_specialist(centres=[centre], therapies=[therapy])
                make_opening_exception(centre, date(2099, 1, size + len(centre.therapies.all())))
            with self.subTest(size=size), self.assertNumQueries(1):
                self.client.get(centre.get_absolute_url())


class CentreDraftPreviewTests(TestCase):
    """Specialists link to the live centre, so a draft's preview lists them from there."""

    def test_the_preview_shows_the_live_centres_published_specialists(self):
        centre = make_centre_with_address(name="Windsor")
        make_specialist(centres=[centre], name="Ada Published")
        make_specialist(centres=[centre], name="Bea Unpublished", status=Status.DRAFT)
        editor = make_marketing_editor()
        services.draft_start(page=centre, by=editor)
        self.client.force_login(editor)

        preview = self.client.get(centre.get_preview_url())

        self.assertContains(preview, "Preview: not published")
        self.assertContains(preview, "Ada Published")
        self.assertNotContains(preview, "Bea Unpublished")
        self.client.logout()
        public = self.client.get(centre.get_absolute_url())
        self.assertContains(public, "Ada Published")
        self.assertNotContains(public, "Bea Unpublished")


class CentrePagesFollowChangesTests(TestCase):
    """Centre pages are rendered once per version of the centre and reused: a change, however
    it is made, shows on the next view of its page and of the list."""

    def setUp(self):
        self.centre = make_centre_with_address(name="Windsor")
        self.hours = make_opening_hours(self.centre, Weekday.MONDAY, time(9), time(17))

    def test_new_opening_hours_show_at_once(self):
        self.assertContains(self.client.get(self.centre.get_absolute_url()), "9am to 5pm")
        self.hours.opens = time(8, 30)
        self.hours.save()
        self.assertContains(self.client.get(self.centre.get_absolute_url()), "8:30am to 5pm")

    def test_a_new_name_shows_in_the_list_at_once(self):
        self.assertContains(self.client.get(reverse("centres:list")), "Windsor")
        Centre.objects.filter(pk=self.centre.pk).update(name="Windsor Park")
        self.assertContains(self.client.get(reverse("centres:list")), "Windsor Park")
