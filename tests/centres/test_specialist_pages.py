"""/specialists/ and each specialist's profile."""

from django.test import TestCase
from django.urls import reverse

from tests.centres.media import TemporaryMediaMixin, png_upload
from tests.factories import make_centre_with_address, make_specialist, make_therapy


class SpecialistPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.windsor = make_centre_with_address(name="GenesisCare Windsor")
        cls.closed = make_centre_with_address(name="Closed Centre", is_published=False)
        cls.therapy = make_therapy(title="177Lu-octreotate therapy")
        cls.specialist = make_specialist(
            title="Dr",
            name="Yong Du",
            slug="dr-yong-du",
            role="Consultant Physician in Nuclear Medicine and PET/CT",
            gmc_number="1234567",
            specialties="Diagnostic nuclear medicine\n\nTherapeutic nuclear medicine\n",
            summary="Finds and treats cancer with radioactive medicines.",
            biography=(
                "He trained in **nuclear medicine**.\n\n"
                "<script>alert('x')</script>\n\n"
                "[A link](javascript:alert(1))"
            ),
            languages="English, Mandarin",
            centres=[cls.windsor, cls.closed],
            therapies=[cls.therapy],
        )
        make_specialist(name="Former Colleague", is_published=False)

    def test_list_shows_active_specialists_with_their_centres(self):
        response = self.client.get(reverse("centres:specialist_list"))
        self.assertContains(response, "<h1>Our specialists</h1>", html=True)
        self.assertContains(
            response, '<a href="/specialists/dr-yong-du/">Dr Yong Du</a>', html=True
        )
        self.assertContains(response, "Consultant Physician in Nuclear Medicine and PET/CT")
        self.assertContains(response, "Finds and treats cancer with radioactive medicines.")
        self.assertContains(
            response,
            f'Sees patients at <a href="{self.windsor.get_absolute_url()}">GenesisCare Windsor</a>',
        )
        self.assertNotContains(response, "Closed Centre")
        self.assertNotContains(response, "Former Colleague")

    def test_profile(self):
        response = self.client.get(self.specialist.get_absolute_url())
        self.assertContains(response, "<h1>Dr Yong Du</h1>", html=True)
        self.assertContains(
            response,
            '<p class="lead">Consultant Physician in Nuclear Medicine and PET/CT</p>',
            html=True,
        )
        self.assertContains(
            response,
            "<ul><li>Diagnostic nuclear medicine</li><li>Therapeutic nuclear medicine</li></ul>",
            html=True,
        )
        self.assertContains(response, "English, Mandarin")
        self.assertContains(
            response,
            f'<a href="{self.therapy.get_absolute_url()}">177Lu-octreotate therapy</a>',
            html=True,
        )
        self.assertContains(response, f'href="{self.windsor.get_absolute_url()}"')
        self.assertNotContains(response, "Closed Centre")

    def test_gmc_number_links_to_the_public_register(self):
        self.assertContains(
            self.client.get(self.specialist.get_absolute_url()),
            '<a href="https://www.gmc-uk.org/registrants/1234567">'
            "Check Dr Yong Du on the medical register</a>",
            html=True,
        )

    def test_biography_markdown_is_rendered_and_sanitised(self):
        response = self.client.get(self.specialist.get_absolute_url())
        self.assertContains(response, "<strong>nuclear medicine</strong>", html=True)
        self.assertNotContains(response, "alert(")
        self.assertNotContains(response, "javascript:")

    def test_no_gmc_section_for_clinicians_who_are_not_doctors(self):
        nurse = make_specialist(title="", name="Sam Nurse", role="Nurse specialist")
        response = self.client.get(nurse.get_absolute_url())
        self.assertNotContains(response, "gmc-uk.org")
        self.assertContains(response, "<h1>Sam Nurse</h1>", html=True)

    def test_breadcrumbs(self):
        self.assertContains(
            self.client.get(self.specialist.get_absolute_url()),
            '<li class="breadcrumb-item"><a href="/specialists/">Our specialists</a></li>',
            html=True,
        )

    def test_inactive_specialist_is_not_found(self):
        former = make_specialist(is_published=False)
        self.assertEqual(self.client.get(former.get_absolute_url()).status_code, 404)


class SpecialistPhotoTests(TemporaryMediaMixin, TestCase):
    def test_photo_with_its_description(self):
        specialist = make_specialist(
            photo=png_upload("du.png", (30, 40)), photo_alt_text="Dr Du in a clinic room"
        )
        for url in (specialist.get_absolute_url(), reverse("centres:specialist_list")):
            with self.subTest(url=url):
                self.assertContains(
                    self.client.get(url),
                    '<img src="/media/specialists/du.png" alt="Dr Du in a clinic room"',
                )


class SpecialistQueryCountTests(TestCase):
    """Specialists with their centres and therapies: one query however many."""

    def add_specialists(self, count: int):
        for _ in range(count):
            make_specialist(
                centres=[make_centre_with_address() for _ in range(2)],
                therapies=[make_therapy() for _ in range(2)],
            )

    def test_list_query_count_does_not_grow(self):
        self.client.get(reverse("centres:specialist_list"))  # fills the shared cache
        for added, total in ((2, 2), (4, 6)):
            self.add_specialists(added)
            with self.subTest(specialists=total), self.assertNumQueries(1):
                response = self.client.get(reverse("centres:specialist_list"))
            self.assertEqual(len(response.context["specialists"]), total)

    def test_profile_query_count_does_not_grow(self):
        specialist = make_specialist()
        self.client.get(specialist.get_absolute_url())  # fills the shared cache
        for size in (1, 5):
            specialist.centres.add(*[make_centre_with_address() for _ in range(size)])
            specialist.therapies.add(*[make_therapy() for _ in range(size)])
            with self.subTest(size=size), self.assertNumQueries(1):
                self.client.get(specialist.get_absolute_url())
