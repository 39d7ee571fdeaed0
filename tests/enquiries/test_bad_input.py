"""Every kind of bad input from the issue: a clear error or stored safely, never a 500."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from enquiries.models import Enquiry
from tests.enquiries.support import form_data, immediate_tasks
from tests.factories import make_centre, make_therapy
from tests.genesis_site.test_error_pages import ErrorPageAssertions

URL = reverse("enquiries:create")
SENT_URL = reverse("enquiries:sent")
SCRIPT = '<script>alert("x")</script>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


class RejectedInputTests(TestCase):
    """Input that gets a specific error at the field and in the summary, and stores nothing."""

    def assertRejected(self, field, error, **overrides):
        response = self.client.post(URL, form_data(**overrides))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, error, count=2)  # in the summary and at the field
        self.assertContains(response, f'href="#id_{field}')
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_whitespace_only_name(self):
        self.assertRejected("full_name", "Enter your full name", full_name="   \t  ")

    def test_name_with_line_breaks(self):
        for name in ("Margaret\r\nBcc: all@example.org", "Margaret\nHughes", "Margaret\rHughes"):
            with self.subTest(name=name):
                self.assertRejected(
                    "full_name", "Your full name must be on one line", full_name=name
                )

    def test_ten_thousand_character_name(self):
        self.assertRejected(
            "full_name", "Your full name must be 100 characters or fewer", full_name="A" * 10_000
        )

    def test_one_megabyte_message(self):
        self.assertRejected(
            "message",
            "Your message must be 2,000 characters or fewer. It is 1,048,576 characters now.",
            message="x" * 1_048_576,
        )

    def test_nul_bytes(self):
        for field, message in [
            ("full_name", "Remove the hidden characters from your full name"),
            ("message", "Remove the hidden characters from your message"),
            ("insurer", "Remove the hidden characters from the insurance company name"),
        ]:
            with self.subTest(field=field):
                self.assertRejected(field, message, funding="insurance", **{field: "Bad\x00input"})

    def test_nul_byte_in_email_and_phone(self):
        self.assertRejected(
            "email", "Enter an email address in the correct format", email="a\x00@example.org"
        )
        self.assertRejected(
            "phone", "Remove the hidden characters from your phone number", phone="07911\x00123456"
        )

    def test_right_to_left_override_in_a_name(self):
        self.assertRejected(
            "full_name",
            "Remove the hidden control characters from your full name",
            full_name="Margaret \u202eseguH",
        )

    def test_email_address_longer_than_the_column_holds(self):
        address = "a" * (255 - len("@example.org")) + "@example.org"
        self.assertRejected(
            "email", "Enter an email address of 254 characters or fewer", email=address
        )

    def test_invalid_email_addresses(self):
        for email in (
            "margaret",
            "margaret@",
            "margaret@example.org, eve@example.org",
            "margaret@example.org;eve@example.org",
            "margaret@example.org\r\nBcc: eve@example.org",
            "<script>@example.org",
        ):
            with self.subTest(email=email):
                self.assertRejected(
                    "email", "Enter an email address in the correct format", email=email
                )

    def test_phone_that_is_not_a_number(self):
        for phone in ("abc", "123", "+44", "0" * 30):
            with self.subTest(phone=phone):
                self.assertRejected("phone", "Enter a phone number, like", phone=phone)

    def test_missing_or_false_consent(self):
        message = "Tick the box to agree that we can use your health information to reply"
        for consent in ("", "false", "False", "0", "no"):
            with self.subTest(consent=consent):
                self.assertRejected("consent", message, consent=consent)

    def test_unknown_therapy_or_centre(self):
        hidden_therapy = make_therapy(is_published=False)
        closed_centre = make_centre(is_published=False)
        for bad in ("99999", "abc", "1 OR 1=1", "-1"):
            with self.subTest(bad=bad):
                self.assertRejected("therapy", "Select a treatment from the list", therapy=bad)
                self.assertRejected("centre", "Select a centre from the list", centre=bad)
        self.assertRejected(
            "therapy", "Select a treatment from the list", therapy=hidden_therapy.pk
        )
        self.assertRejected("centre", "Select a centre from the list", centre=closed_centre.pk)

    def test_unknown_choice_values(self):
        self.assertRejected(
            "funding_0", "Select how your treatment would be paid for", funding="free"
        )

    def test_forged_form_token(self):
        response = self.client.post(URL, form_data(form_token="forged"))
        self.assertContains(response, "Something went wrong with the form", count=1)
        self.assertContains(response, 'href="#enquiry-form"')
        self.assertNotContains(response, 'value="forged"')
        self.assertEqual(Enquiry.objects.count(), 0)


@immediate_tasks
class StoredSafelyTests(TestCase):
    """Input that is allowed is stored exactly as typed and shown escaped everywhere."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "x")

    def submit(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(URL, form_data(**overrides))
        self.assertRedirects(response, SENT_URL)
        return Enquiry.objects.get()

    def test_emoji_round_trip_exactly(self):
        name = "Zoë Ó Dálaigh 😀"
        message = "Family 👨‍👩‍👧 and thumbs 👍🏽, 中文, العربية"
        enquiry = self.submit(full_name=name, message=message)
        enquiry.refresh_from_db()
        self.assertEqual(enquiry.full_name, name)
        self.assertEqual(enquiry.message, message)
        self.assertIn(f"Dear {name},", mail.outbox[0].body)

    def test_the_longest_email_address_the_column_holds(self):
        address = "a" * (254 - len("@example.org")) + "@example.org"
        self.assertEqual(self.submit(email=address).email, address)
        self.assertEqual(mail.outbox[0].to, [address])

    def test_zero_width_and_right_to_left_characters_in_a_message_are_kept(self):
        message = "Zero\u200bwidth, joiner \u200d, right-to-left \u202eoverride\u202c."
        self.assertEqual(self.submit(message=message).message, message)

    def test_html_and_script_stored_verbatim_and_escaped_in_admin(self):
        enquiry = self.submit(full_name=SCRIPT, message=SCRIPT, insurer=SCRIPT, funding="insurance")
        self.assertEqual(
            (enquiry.full_name, enquiry.message, enquiry.insurer), (SCRIPT, SCRIPT, SCRIPT)
        )
        self.client.force_login(self.admin)
        change = self.client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
        changelist = self.client.get(reverse("admin:enquiries_enquiry_changelist"))
        for response in (change, changelist):
            self.assertNotContains(response, SCRIPT)
            self.assertContains(response, ESCAPED_SCRIPT)

    def test_html_is_escaped_when_the_form_is_shown_again(self):
        data = form_data(full_name=SCRIPT, message=SCRIPT, email=SCRIPT, phone=SCRIPT)
        response = self.client.post(URL, data)
        self.assertNotContains(response, SCRIPT)
        self.assertContains(response, ESCAPED_SCRIPT)

    def test_template_syntax_is_just_text(self):
        text = "{{ settings.SECRET_KEY }} {% debug %} {{ clinic.phone }}"
        enquiry = self.submit(full_name=text.replace("\n", " "), message=text)
        self.assertEqual(enquiry.message, text)
        acknowledgement = mail.outbox[0].body
        self.assertIn(f"Dear {text},", acknowledgement)
        self.assertNotIn(settings.SECRET_KEY, acknowledgement)

    def test_extra_posted_fields_are_ignored(self):
        enquiry = self.submit(
            status="closed",
            reference="ENQ-AAAAAA",
            assignee=self.admin.pk,
            first_response_at="2026-01-01 00:00",
            due_at="2099-01-01 00:00",
        )
        self.assertEqual(enquiry.status, Enquiry.Status.NEW)
        self.assertNotEqual(enquiry.reference, "ENQ-AAAAAA")
        self.assertIsNone(enquiry.assignee)
        self.assertIsNone(enquiry.first_response_at)
        self.assertEqual(enquiry.due_at - enquiry.received_at, timedelta(hours=24))


class RequestLevelTests(TestCase):
    def test_missing_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(URL, form_data())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Enquiry.objects.count(), 0)

    def test_one_thousand_and_one_fields_is_a_bad_request(self):
        data = form_data() | {f"extra{n}": "x" for n in range(1001)}
        response = self.client.post(URL, data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Enquiry.objects.count(), 0)


class UnreadableBodyTests(ErrorPageAssertions, TestCase):
    """A form post whose body is not UTF-8 form data gets the 400 page and stores nothing.

    The CSRF check is on, as in production: it is the first to read the body.
    """

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.get(URL)
        self.csrf_token = self.client.cookies[settings.CSRF_COOKIE_NAME].value

    def post_body(self, body: bytes, content_type: str):
        with self.assertLogs("django.request", "WARNING"):
            return self.client.generic(
                "POST", URL, body, content_type, headers={"X-CSRFToken": self.csrf_token}
            )

    def assertBadRequest(self, response):
        self.assertEqual(response.status_code, 400)
        self.assertErrorPage(response.text, "Sorry, we could not open that page")
        self.assertEqual(Enquiry.objects.count(), 0)

    def multipart(self, field_value: bytes, boundary: str = "b0undary") -> bytes:
        return (
            f'--{boundary}\r\nContent-Disposition: form-data; name="full_name"\r\n\r\n'.encode()
            + field_value
            + f"\r\n--{boundary}--\r\n".encode()
        )

    def test_a_utf16_form(self):
        body = urlencode(form_data()).encode("utf-16")
        response = self.post_body(body, "application/x-www-form-urlencoded; charset=utf-16")
        self.assertBadRequest(response)

    def test_bytes_that_are_not_utf8(self):
        for name in (b"Margaret \xff\xfe", b"Margaret %FF%FE", b"Margaret %C3"):
            with self.subTest(name=name):
                body = urlencode(form_data(full_name="")).encode() + b"&full_name=" + name
                response = self.post_body(body, "application/x-www-form-urlencoded")
                self.assertBadRequest(response)

    def test_an_unknown_charset(self):
        body = urlencode(form_data()).encode()
        response = self.post_body(body, "application/x-www-form-urlencoded; charset=klingon")
        self.assertBadRequest(response)

    def test_multipart_in_another_charset(self):
        body = self.multipart("Margaret".encode("utf-16"))
        response = self.post_body(body, "multipart/form-data; boundary=b0undary; charset=utf-16")
        self.assertBadRequest(response)

    def test_malformed_multipart(self):
        for content_type in (
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=bö0undary",
        ):
            with self.subTest(content_type=content_type):
                self.assertBadRequest(self.post_body(self.multipart(b"Margaret"), content_type))

    def test_a_utf8_form_with_a_charset_is_read_as_usual(self):
        body = urlencode(form_data(full_name="Zoë Ó Dálaigh")).encode()
        response = self.client.generic(
            "POST",
            URL,
            body,
            "application/x-www-form-urlencoded; charset=UTF-8",
            headers={"X-CSRFToken": self.csrf_token},
        )
        self.assertRedirects(response, SENT_URL)
        self.assertEqual(Enquiry.objects.get().full_name, "Zoë Ó Dálaigh")
