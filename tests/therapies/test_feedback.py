"""'Was this page helpful?': a form that works without JavaScript and keeps nothing personal."""

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_superuser, make_therapy
from therapies.models import PageFeedback


class HelpfulFeedbackTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.therapy = make_therapy(title="Lutetium therapy")
        cls.url = reverse("therapies:feedback", kwargs={"slug": cls.therapy.slug})

    def setUp(self):
        cache.clear()

    def answer(self, helpful: str, address: str = "198.51.100.7"):
        return self.client.post(
            self.url,
            {"helpful": helpful},
            REMOTE_ADDR=address,
            headers={"sec-fetch-site": "same-origin"},
        )

    def test_the_page_asks_with_two_buttons_and_sets_no_cookie(self):
        response = self.client.get(self.therapy.get_absolute_url())
        self.assertContains(response, "Was this page helpful?")
        self.assertContains(response, f'<form method="post" action="{self.url}">')
        # No CSRF token, so no cookie: the page stays cacheable and keeps nothing on the device.
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertFalse(response.cookies)
        self.assertContains(
            response,
            '<button type="submit" name="helpful" value="yes" class="btn btn-outline-primary me-2">'
            "Yes</button>",
            html=True,
        )

    def test_an_answer_is_counted_and_thanked(self):
        response = self.answer("no")
        thanks = reverse("therapies:feedback_thanks", kwargs={"slug": self.therapy.slug})
        self.assertRedirects(response, thanks)
        self.assertContains(self.client.get(thanks), "Thank you for your feedback")
        feedback = PageFeedback.objects.get()
        self.assertEqual((feedback.therapy, feedback.helpful), (self.therapy, False))

    def test_nothing_about_the_visitor_is_stored(self):
        self.assertEqual(
            [field.name for field in PageFeedback._meta.get_fields()],
            ["id", "therapy", "helpful", "created_on"],
        )

    def test_one_answer_per_visitor_per_page_per_day(self):
        self.answer("yes")
        self.answer("yes")
        self.answer("no")
        self.answer("yes", address="203.0.113.9")
        self.assertEqual(PageFeedback.objects.count(), 2)

    def test_answers_posted_from_another_site_are_refused(self):
        for headers in [
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_SEC_FETCH_SITE": "same-site"},
            {"HTTP_ORIGIN": "https://attacker.example"},
            {},
        ]:
            with self.subTest(headers=headers):
                response = self.client.post(self.url, {"helpful": "no"}, **headers)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(PageFeedback.objects.exists())

    def test_browsers_that_send_only_origin_can_answer(self):
        response = self.client.post(
            self.url, {"helpful": "yes"}, headers={"origin": "http://testserver"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PageFeedback.objects.exists())

    def test_a_made_up_answer_shows_an_error_and_counts_nothing(self):
        response = self.answer("maybe")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Choose yes or no.", count=2)
        self.assertFalse(PageFeedback.objects.exists())

    def test_unpublished_or_unknown_pages_take_no_answers(self):
        draft = make_therapy(is_published=False)
        for slug in [draft.slug, "no-such-page"]:
            with self.subTest(slug=slug):
                url = reverse("therapies:feedback", kwargs={"slug": slug})
                self.assertEqual(self.client.post(url, {"helpful": "yes"}).status_code, 404)

    def test_editors_see_the_counts(self):
        self.answer("yes")
        self.answer("no", address="203.0.113.9")
        self.answer("yes", address="203.0.113.10")
        self.client.force_login(make_superuser())
        response = self.client.get(reverse("admin:therapies_therapy_changelist"))
        self.assertContains(response, '<td class="field-helpful">2 / 1</td>', html=True)
        change = reverse("admin:therapies_therapy_change", args=[self.therapy.pk])
        self.assertContains(self.client.get(change), "2 / 1")

    def test_previews_do_not_ask(self):
        self.client.force_login(make_superuser())
        draft = make_therapy(is_published=False)
        self.assertNotContains(self.client.get(draft.get_preview_url()), "Was this page helpful?")
