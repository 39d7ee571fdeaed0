"""Communication needs (the NHS Accessible Information Standard), and a form that follows
the patient's answers: no call time for email only, and only centres offering the treatment."""

import json

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from enquiries.models import Enquiry
from tests.enquiries.support import form_data
from tests.factories import make_centre, make_enquiry, make_superuser, make_therapy, make_user

URL = reverse("enquiries:create")
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


class CommunicationNeedsFormTests(TestCase):
    def test_the_form_asks_about_them_optionally(self):
        response = self.client.get(URL)
        self.assertContains(response, "<legend")
        self.assertContains(response, "Communication needs (optional)")
        for label in (
            "Large print",
            "Easy read",
            "A British Sign Language (BSL) interpreter",
            "An interpreter for another language",
            "Which language?",
            "A carer or relative who speaks on their behalf",
        ):
            self.assertContains(response, label)

    def test_none_given_stores_none(self):
        self.client.post(URL, form_data())
        self.assertEqual(Enquiry.objects.get().communication_needs(), [])

    def test_ticked_needs_are_stored_with_the_interpreters_language(self):
        self.client.post(
            URL,
            form_data(
                needs_large_print="on",
                needs_interpreter="on",
                interpreter_language="Polish",
                needs_carer="on",
                other_communication_needs="Please write rather than phone",
            ),
        )
        enquiry = Enquiry.objects.get()
        self.assertTrue(enquiry.needs_large_print)
        self.assertFalse(enquiry.needs_bsl)
        self.assertEqual(enquiry.interpreter_language, "Polish")
        self.assertEqual(
            enquiry.communication_needs(),
            [
                "Large print",
                "Interpreter (Polish)",
                "Carer speaks for them",
                "Other: Please write rather than phone",
            ],
        )

    def test_an_interpreter_without_a_language_is_explained_at_the_field_and_in_the_summary(self):
        response = self.client.post(URL, form_data(needs_interpreter="on"))
        message = (
            "Enter the language you would like an interpreter for, or untick "
            "“An interpreter for another language”"
        )
        self.assertContains(
            response, f'<li><a href="#id_interpreter_language">{message}</a></li>', html=True
        )
        self.assertContains(response, message, count=2)
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_a_language_without_the_box_ticked_is_not_kept(self):
        self.client.post(URL, form_data(interpreter_language="Polish"))
        enquiry = Enquiry.objects.get()
        self.assertEqual(enquiry.interpreter_language, "")
        self.assertEqual(enquiry.communication_needs(), [])

    def test_the_free_text_must_fit_on_one_line_and_in_its_column(self):
        response = self.client.post(
            URL, form_data(needs_interpreter="on", interpreter_language="Pol\nish")
        )
        self.assertContains(response, "The language must be on one line")
        response = self.client.post(URL, form_data(other_communication_needs="x" * 201))
        self.assertContains(response, "Other communication needs must be 200 characters or fewer")
        self.assertEqual(Enquiry.objects.count(), 0)


class CommunicationNeedsForStaffTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_superuser()
        cls.with_needs = make_enquiry(
            needs_bsl=True, needs_interpreter=True, interpreter_language="Urdu"
        )
        cls.without = make_enquiry()

    def setUp(self):
        self.client.force_login(self.staff)

    def test_the_queue_flags_them_in_words(self):
        response = self.client.get(CHANGELIST)
        self.assertContains(
            response,
            '<span class="needs-badge"><span aria-hidden="true">&#9873;</span> '
            "BSL, Interpreter (Urdu)</span>",
            html=True,
            count=1,
        )

    def test_the_enquiry_shows_them_at_the_top(self):
        url = reverse("admin:enquiries_enquiry_change", args=[self.with_needs.pk])
        content = self.client.get(url).content.decode()
        self.assertIn("BSL, Interpreter (Urdu)", content)
        self.assertLess(content.index("BSL, Interpreter (Urdu)"), content.index(">Triage</h2>"))
        url = reverse("admin:enquiries_enquiry_change", args=[self.without.pk])
        self.assertContains(self.client.get(url), "None given")

    def test_subject_access_exports_them_and_erasure_blanks_them(self):
        staff = make_user(is_staff=True)
        staff.user_permissions.add(
            *Permission.objects.filter(
                codename__in=["view_enquiry", "export_personal_data", "erase_personal_data"]
            )
        )
        self.client.force_login(staff)
        url = reverse("admin:enquiries_enquiry_subject_access")
        email = self.with_needs.email

        exported = json.loads(self.client.post(url, {"email": email, "action": "json"}).content)
        (enquiry,) = exported["enquiries"]
        self.assertIs(enquiry["needs_bsl"], True)
        self.assertEqual(enquiry["interpreter_language"], "Urdu")

        self.client.post(url, {"email": email, "action": "erase_confirmed"})
        self.with_needs.refresh_from_db()
        self.assertEqual(self.with_needs.communication_needs(), [])
        self.assertEqual(self.with_needs.interpreter_language, "")


class FormFollowsTheAnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lutetium = make_therapy(title="Lutetium therapy")
        cls.radium = make_therapy(title="Radium therapy")
        cls.windsor = make_centre(name="Windsor")
        cls.windsor.therapies.add(cls.radium)
        cls.london = make_centre(name="London")
        cls.leeds = make_centre(name="Leeds")
        for centre in (cls.london, cls.leeds):
            centre.therapies.add(cls.lutetium)

    def test_email_only_needs_no_call_time_and_keeps_none(self):
        self.client.post(URL, form_data(contact_method="email", contact_time="morning"))
        self.assertEqual(Enquiry.objects.get().contact_time, "")

    def test_a_call_needs_a_call_time(self):
        for method in ("phone", "either"):
            with self.subTest(method=method):
                response = self.client.post(URL, form_data(contact_method=method, contact_time=""))
                self.assertContains(
                    response,
                    '<li><a href="#id_contact_time_0">Select when is best to call you, or '
                    "choose email as the way to reply</a></li>",
                    html=True,
                )
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_the_call_time_question_says_when_it_is_not_needed(self):
        self.assertContains(self.client.get(URL), "Not needed if you would like an email.")

    def test_a_centre_that_does_not_offer_the_treatment_is_explained(self):
        response = self.client.post(
            URL, form_data(therapy=self.lutetium.pk, centre=self.windsor.pk)
        )
        self.assertContains(
            response,
            "Windsor does not offer this treatment; choose one of: Leeds, London, "
            "or “No preference”",
            count=2,  # at the field and in the error summary
        )
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_a_treatment_no_centre_offers_yet_asks_for_no_preference(self):
        nobody = make_therapy(title="New therapy")
        response = self.client.post(URL, form_data(therapy=nobody.pk, centre=self.windsor.pk))
        self.assertContains(response, "and no centre does yet; choose “No preference”")

    def test_a_centre_offering_the_treatment_or_no_centre_is_accepted(self):
        self.client.post(URL, form_data(therapy=self.lutetium.pk, centre=self.leeds.pk))
        self.client.post(URL, form_data(therapy=self.lutetium.pk, centre=""))
        self.assertEqual(
            list(Enquiry.objects.order_by("pk").values_list("centre__name", flat=True)),
            ["Leeds", None],
        )

    def test_each_centre_names_its_treatments_for_the_page_script(self):
        response = self.client.get(URL)
        self.assertContains(
            response,
            f'<option value="{self.windsor.pk}" data-therapies="{self.radium.pk}">Windsor</option>',
            html=True,
        )
