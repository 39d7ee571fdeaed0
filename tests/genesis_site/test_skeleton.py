from django.test import TestCase


class HomePageTests(TestCase):
    def test_home_page_has_skip_link_and_main_landmark(self):
        response = self.client.get("/")
        self.assertContains(response, '<a class="skip-link')
        self.assertContains(response, 'id="main-content"')
