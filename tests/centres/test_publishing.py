"""Centres and specialists go through drafts too; marketing editors publish them directly."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from centres.models import Centre, Specialist, Weekday
from editorial import services
from editorial.models import Revision
from tests.centres.media import TemporaryMediaMixin, png_upload
from tests.editorial.admin_forms import change_form_data
from tests.factories import (
    make_centre_with_address,
    make_marketing_editor,
    make_opening_hours,
    make_specialist,
    make_therapy,
)

PREVIEW_BANNER = "Preview: not published"


class CentreDraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_marketing_editor()
        cls.centre = make_centre_with_address(name="GenesisCare Windsor", parking="Free parking.")
        make_opening_hours(cls.centre, Weekday.MONDAY, "09:00", "17:00")

    def setUp(self):
        self.client.force_login(self.editor)

    def edit_draft(self) -> Centre:
        self.client.post(reverse("admin:centres_centre_start_draft", args=[self.centre.pk]))
        draft = Centre.with_drafts.get(draft_of=self.centre)
        url = reverse("admin:centres_centre_change", args=[draft.pk])
        data = change_form_data(self.client.get(url))
        data |= {
            "parking": "Pay and display.",
            "opening_hours-0-closes": "19:00",
            "change_note": "Longer Monday hours.",
            "_continue": "Save draft",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        return draft

    def test_the_public_sees_the_centre_unchanged_until_it_is_published(self):
        therapy = make_therapy()
        self.centre.therapies.set([therapy])
        make_specialist(name="Yong Du", centres=[self.centre], therapies=[therapy])
        draft = self.edit_draft()
        self.assertEqual(list(draft.therapies.all()), [therapy])
        # The draft's specialists are the live centre's: no false "no specialist" warning.
        self.assertEqual(draft.therapies_without_specialist(), [])
        preview = self.client.get(self.centre.get_preview_url())
        self.assertContains(preview, PREVIEW_BANNER)
        self.assertContains(preview, "Pay and display.")
        self.assertContains(preview, "9am to 7pm")
        self.assertContains(preview, "Dr Yong Du")
        self.client.logout()
        live = self.client.get(self.centre.get_absolute_url())
        self.assertContains(live, "Free parking.")
        self.assertContains(live, "9am to 5pm")
        self.assertNotContains(live, PREVIEW_BANNER)

    def test_an_editor_publishes_it_with_its_opening_hours(self):
        draft = self.edit_draft()
        url = reverse("admin:centres_centre_publish", args=[draft.pk])
        form = self.client.get(url).context["form"]
        self.assertNotIn("next_review_due", form.fields)
        response = self.client.post(url, {"action": "publish", "seen": form["seen"].value()})
        self.assertRedirects(
            response, reverse("admin:centres_centre_change", args=[self.centre.pk])
        )
        self.client.logout()
        live = self.client.get(self.centre.get_absolute_url())
        self.assertContains(live, "Pay and display.")
        self.assertContains(live, "9am to 7pm")
        history = Revision.objects.for_page(self.centre)
        self.assertEqual([revision.kind for revision in history], ["published", "saved"])
        self.assertEqual(history.last().note, "Longer Monday hours.")


class SpecialistDraftTests(TestCase):
    def test_links_to_centres_and_therapies_are_published_with_the_draft(self):
        editor = make_marketing_editor()
        therapy = make_therapy()
        specialist = make_specialist()
        draft = services.draft_start(page=specialist, by=editor)
        draft.therapies.set([therapy])
        self.assertEqual(list(specialist.therapies.all()), [])
        self.assertEqual(list(therapy.specialists.all()), [])  # the draft's link is not public
        services.publish(draft=draft, by=editor)
        self.assertEqual(list(Specialist.objects.get().therapies.all()), [therapy])

    def test_a_draft_cannot_take_another_specialists_gmc_number(self):
        make_specialist(gmc_number="1234567")
        draft = services.draft_start(page=make_specialist(), by=make_marketing_editor())
        draft.gmc_number = "1234567"
        with self.assertRaises(ValidationError) as error:
            draft.full_clean()
        self.assertEqual(
            error.exception.message_dict["gmc_number"],
            ["Another specialist already has this GMC number."],
        )


class DecorativePhotoTests(TemporaryMediaMixin, TestCase):
    def test_a_photo_can_be_marked_decorative_instead_of_described(self):
        specialist = make_specialist()
        specialist.photo = png_upload()
        specialist.photo_is_decorative = True
        specialist.full_clean()
        specialist.save()
        response = self.client.get(specialist.get_absolute_url())
        self.assertContains(response, 'alt=""')

    def test_a_described_photo_is_not_decorative(self):
        centre = make_centre_with_address(photo_alt_text="The entrance", photo_is_decorative=True)
        with self.assertRaises(ValidationError) as error:
            centre.full_clean()
        self.assertIn("photo_is_decorative", error.exception.message_dict)
