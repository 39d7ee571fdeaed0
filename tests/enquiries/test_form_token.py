"""Each showing of the form is good for a day, so tokens cannot be stockpiled to skip the
minimum fill time; a person who took longer sends it again without retyping anything."""

import re
import time

from django.test import TestCase, override_settings
from django.urls import reverse

from enquiries.forms import new_form_token
from enquiries.models import Enquiry
from tests.enquiries.support import form_data

URL = reverse("enquiries:create")
SENT_URL = reverse("enquiries:sent")
DAY = 24 * 60 * 60
EXPIRED = "This form was open for a long time; please check your answers and send it again."


def token_in(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.text).group(1)


class FormTokenLifetimeTests(TestCase):
    def test_a_form_open_for_more_than_a_day_asks_to_be_sent_again_keeping_the_answers(self):
        data = form_data(
            form_token=new_form_token(issued_at=time.time() - DAY - 60),
            message="Line one\r\nLine two",
        )
        response = self.client.post(URL, data)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, f'<li><a href="#enquiry-form">{EXPIRED}</a></li>', html=True)
        self.assertContains(response, 'value="Margaret Hughes"')
        self.assertContains(response, 'value="margaret@example.org"')
        self.assertContains(response, "Line one\r\nLine two</textarea>")
        self.assertNotEqual(token_in(response), data["form_token"])
        self.assertEqual(Enquiry.objects.count(), 0)

        # Sending it again straight away, as asked, stores it for the triage queue.
        again = self.client.post(URL, data | {"form_token": token_in(response)})
        self.assertRedirects(again, SENT_URL)
        self.assertEqual(Enquiry.objects.get().status, Enquiry.Status.NEW)

    def test_a_form_open_for_just_under_a_day_is_accepted(self):
        data = form_data(form_token=new_form_token(issued_at=time.time() - DAY + 60))
        self.assertRedirects(self.client.post(URL, data), SENT_URL)
        self.assertEqual(Enquiry.objects.get().status, Enquiry.Status.NEW)

    @override_settings(ENQUIRY_FORM_TOKEN_HOURS=2)
    def test_the_lifetime_is_a_setting(self):
        data = form_data(form_token=new_form_token(issued_at=time.time() - 2 * 60 * 60 - 60))
        self.assertContains(self.client.post(URL, data), EXPIRED)
        self.assertEqual(Enquiry.objects.count(), 0)
