import csv
import json
from io import StringIO

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from enquiries.models import AuditEvent, Enquiry, ErasureRecord
from outbox.models import OutboundEmail
from tests.factories import (
    make_enquiry,
    make_enquiry_note,
    make_outbound_email,
    make_staff_user,
    make_triage_user,
)

URL = reverse("admin:enquiries_enquiry_subject_access")
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


def make_data_protection_user(*codenames: str):
    """A triage member of staff who also has the given privacy permissions."""
    user = make_triage_user()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


class SubjectAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_data_protection_user("export_personal_data", "erase_personal_data")
        cls.first = make_enquiry(
            full_name="Rose Tyler",
            email="rose@example.org",
            phone="+447700900123",
            message='=HYPERLINK("http://example.com")\nand a second line',
            received_hours_ago=48,
        )
        cls.second = make_enquiry(full_name="Rose Tyler", email="Rose@Example.org")
        cls.someone_else = make_enquiry(full_name="Martha Jones", email="martha@example.org")
        make_enquiry_note(cls.first, text="-1 day left on her referral")
        make_outbound_email(about=cls.first, to_address="rose@example.org", body="Dear Rose Tyler,")

    def setUp(self):
        self.client.force_login(self.staff)

    def export(self, file_format: str, email: str = "ROSE@example.org"):
        return self.client.post(URL, {"email": email, "action": file_format})

    def test_json_holds_every_enquiry_note_and_email_from_the_address(self):
        response = self.export("json")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertRegex(response["Content-Disposition"], r'^attachment; filename="subject-access-')
        self.assertIn("no-store", response["Cache-Control"])
        data = json.loads(response.content)
        self.assertEqual(
            [enquiry["reference"] for enquiry in data["enquiries"]],
            [self.first.reference, self.second.reference],
        )
        first = data["enquiries"][0]
        self.assertEqual(first["full_name"], "Rose Tyler")
        self.assertEqual(first["phone"], "+447700900123")
        self.assertEqual(first["contact_method"], "Email")  # as staff read it, not "email"
        self.assertEqual(first["notes"][0]["text"], "-1 day left on her referral")
        self.assertEqual(first["emails"][0]["body"], "Dear Rose Tyler,")
        self.assertNotIn("Martha", response.text)

    def test_csv_has_one_row_per_value_and_no_cell_a_spreadsheet_would_run(self):
        response = self.export("csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(StringIO(response.content.decode())))
        self.assertEqual(rows[0], ["record", "reference", "number", "field", "value"])
        first = self.first.reference
        values = {(record, field): value for record, ref, _, field, value in rows if ref == first}
        self.assertEqual(values["enquiry", "full_name"], "Rose Tyler")
        self.assertEqual(values["enquiry", "phone"], "'+447700900123")
        self.assertTrue(values["enquiry", "message"].startswith("'=HYPERLINK"))
        self.assertEqual(values["note", "text"], "'-1 day left on her referral")
        self.assertEqual(values["email", "body"], "Dear Rose Tyler,")
        for row in rows:
            for cell in row:
                self.assertFalse(cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell)

    def test_every_export_is_in_the_audit_log(self):
        self.export("csv")
        self.assertCountEqual(
            AuditEvent.objects.values_list("username", "action", "reference"),
            [
                (self.staff.username, "export", self.first.reference),
                (self.staff.username, "export", self.second.reference),
            ],
        )

    def test_an_address_we_hold_nothing_from(self):
        response = self.export("json", email="nobody@example.org")
        self.assertContains(response, "We hold no enquiries from that address.")
        self.assertFalse(AuditEvent.objects.exists())

    def test_a_mistyped_address_is_explained(self):
        response = self.export("json", email="rose@")
        self.assertContains(response, "Enter an email address in the correct format")

    def test_an_address_longer_than_any_we_could_hold_is_explained(self):
        response = self.export("json", email="r" * 243 + "@example.org")
        self.assertContains(response, "Enter an email address of 254 characters or fewer")

    def test_erasure_asks_first_then_erases_and_records_it_without_personal_data(self):
        confirm = self.client.post(URL, {"email": "rose@example.org", "action": "erase"})
        self.assertContains(confirm, "Erase the details of 2 enquiries from rose@example.org?")
        self.assertContains(confirm, self.second.reference)
        self.assertEqual(Enquiry.objects.with_personal_data().count(), 3)

        response = self.client.post(
            URL, {"email": "rose@example.org", "action": "erase_confirmed"}, follow=True
        )
        self.assertRedirects(response, URL)
        self.assertContains(response, "Erased the personal details of 2 enquiries.")
        self.assertEqual(list(Enquiry.objects.with_personal_data()), [self.someone_else])
        self.assertFalse(OutboundEmail.objects.exists())
        record = ErasureRecord.objects.get()
        self.assertEqual(
            (record.reason, record.enquiries, record.user, record.username),
            ("request", 2, self.staff, self.staff.username),
        )
        self.assertCountEqual(
            AuditEvent.objects.values_list("action", "reference"),
            [("erase", self.first.reference), ("erase", self.second.reference)],
        )
        erased = Enquiry.objects.get(pk=self.first.pk)
        self.assertEqual((erased.full_name, erased.email), ("", ""))
        # The erased person is no longer found, so a second erasure finds nothing.
        self.assertContains(self.export("json"), "We hold no enquiries from that address.")

    def test_erasure_records_are_listed_read_only_for_superusers(self):
        self.client.post(URL, {"email": "rose@example.org", "action": "erase_confirmed"})
        self.client.force_login(make_staff_user())
        listing = self.client.get(reverse("admin:enquiries_erasurerecord_changelist"))
        self.assertContains(listing, "The person asked us to erase their details")
        self.assertNotContains(listing, "rose@example.org")
        self.assertNotContains(listing, "Add erasure record")


class SubjectAccessPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_enquiry(email="rose@example.org")

    def test_triage_staff_without_the_permissions_cannot_open_it(self):
        self.client.force_login(make_triage_user())
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertNotContains(self.client.get(CHANGELIST), "Subject access and erasure")

    def test_exporting_does_not_allow_erasing(self):
        self.client.force_login(make_data_protection_user("export_personal_data"))
        page = self.client.get(URL)
        self.assertContains(page, "Download as CSV")
        self.assertNotContains(page, "Erase their details")
        for action in ("erase", "erase_confirmed", "anything else"):
            response = self.client.post(URL, {"email": "rose@example.org", "action": action})
            self.assertEqual(response.status_code, 403, action)
        self.assertEqual(Enquiry.objects.with_personal_data().count(), 1)

    def test_erasing_does_not_allow_exporting(self):
        self.client.force_login(make_data_protection_user("erase_personal_data"))
        self.assertNotContains(self.client.get(URL), "Download as")
        response = self.client.post(URL, {"email": "rose@example.org", "action": "json"})
        self.assertEqual(response.status_code, 403)

    def test_superusers_find_it_from_the_triage_queue(self):
        self.client.force_login(make_staff_user())
        self.assertContains(self.client.get(CHANGELIST), f'<a href="{URL}">')
